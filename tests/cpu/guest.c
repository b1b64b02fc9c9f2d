// SPDX-License-Identifier: GPL-2.0
/* The tests' guest memory: sparse regions behind the soft TLB's refill. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "elf64.h"
#include "guest.h"

static enum cpu_fault refill(void *ctx, uint64_t va, unsigned access, struct cpu_tlb_fill *out)
{
	struct guest *g = ctx;
	g->refills++;
	for (unsigned i = 0; i < g->nr; i++) {
		struct guest_region *r = &g->r[i];
		if (va - r->va < r->size) {
			if (!(r->access & access))
				return CPU_FAULT_ACCESS_RIGHTS;
			uint64_t page = va & ~0xfffull;
			out->host = r->host + (page - r->va);
			out->page_shift = 12;
			out->access = r->access;
			return CPU_FAULT_NONE;
		}
	}
	return CPU_FAULT_TLB_MISS;
}

uint8_t *guest_map(struct guest *g, uint64_t va, uint64_t size, unsigned access)
{
	if (g->nr == GUEST_MAX_REGIONS)
		return NULL;
	uint64_t lo = va & ~0xfffull, hi = (va + size + 0xfff) & ~0xfffull;
	void *p = mmap(NULL, hi - lo, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	struct guest_region *r = &g->r[g->nr++];
	r->va = lo;
	r->size = hi - lo;
	r->host = p;
	r->access = access;
	return (uint8_t *)p + (va - lo);
}

void guest_free(struct guest *g)
{
	for (unsigned i = 0; i < g->nr; i++)
		munmap(g->r[i].host, g->r[i].size);
	g->nr = 0;
}

int guest_load(struct guest *g, const char *path, char *err, size_t errlen)
{
	struct elf64 e;
	memset(g, 0, sizeof(*g));
	g->ops.refill = refill;
	if (elf64_open(&e, path, err, errlen) < 0)
		return -1;
	const Elf64_Ehdr *eh = e.eh;
	if (eh->e_machine != EM_IA_64 || eh->e_type != ET_EXEC) {
		snprintf(err, errlen, "%s: not an ia64 executable", path);
		elf64_close(&e);
		return -1;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > e.size ||
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > e.size - eh->e_phoff) {
		snprintf(err, errlen, "%s: bad program headers", path);
		elf64_close(&e);
		return -1;
	}
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, e.data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > e.size ||
		    ph.p_filesz > e.size - ph.p_offset) {
			snprintf(err, errlen, "%s: bad segment %u", path, i);
			elf64_close(&e);
			return -1;
		}
		unsigned acc = (ph.p_flags & PF_R ? CPU_ACC_READ : 0) |
			       (ph.p_flags & PF_W ? CPU_ACC_WRITE : 0) |
			       (ph.p_flags & PF_X ? CPU_ACC_EXEC : 0);
		uint8_t *h = guest_map(g, ph.p_vaddr, ph.p_memsz, acc);
		if (!h) {
			snprintf(err, errlen, "%s: cannot map segment %u", path, i);
			elf64_close(&e);
			return -1;
		}
		memcpy(h, e.data + ph.p_offset, ph.p_filesz);
	}
	g->entry = eh->e_entry;
	elf64_close(&e);
	if (!guest_map(g, GUEST_STACK_TOP - GUEST_STACK_SIZE, GUEST_STACK_SIZE,
		       CPU_ACC_READ | CPU_ACC_WRITE) ||
	    !guest_map(g, GUEST_BSP_BASE, GUEST_BSP_SIZE, CPU_ACC_READ | CPU_ACC_WRITE)) {
		snprintf(err, errlen, "%s: cannot map the stacks", path);
		return -1;
	}
	return 0;
}

void guest_start(struct guest *g, struct cpu *cpu)
{
	cpu->ip = g->entry;
	cpu->slot = 0;
	cpu_set_gr(cpu, 12, GUEST_STACK_TOP - 16, false);
	cpu->ar[17] = cpu->ar[18] = GUEST_BSP_BASE; /* ar.bsp, ar.bspstore */
	cpu->ar[16] = 0xf;	/* ar.rsc: eager, pl 3, as Linux starts a process */
	cpu->psr |= 3ull << 32; /* cpl 3 */
}

uint64_t guest_symbol(const char *path, const char *name)
{
	struct elf64 e;
	char err[256];
	uint64_t v = 0;
	if (elf64_open(&e, path, err, sizeof(err)) < 0)
		return 0;
	for (size_t i = 0; i < e.nsyms; i++) {
		if (e.syms[i].name && strcmp(e.syms[i].name, name) == 0) {
			v = e.syms[i].value;
			break;
		}
	}
	elf64_close(&e);
	return v;
}
