// SPDX-License-Identifier: GPL-2.0
/*
 * Loading vmlinux: its PT_LOAD segments go to their physical addresses, as
 * Ski's hp-sim boot loader put them; the afterburner's site records
 * (.lol.sites*) of vmlinux and of the gate DSO it embeds are read so that a
 * site break can be emulated as the instruction it replaced.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf64.h"
#include "vm.h"

static int cmp_site(const void *a, const void *b)
{
	const struct site *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Append the site records of one ELF image. */
static int read_sites(struct vm *vm, const struct elf64 *e, const char *what)
{
	for (unsigned i = 0; i < e->shnum; i++) {
		const char *name = elf64_section_name(e, i);
		size_t plen = strlen(LOL_SITES_SECTION_PREFIX);
		if (!name || strncmp(name, LOL_SITES_SECTION_PREFIX, plen) ||
		    (name[plen] != '\0' && name[plen] != '.'))
			continue; /* not a record section (.lol.sitestr holds their text) */
		const uint8_t *d = elf64_section_data(e, i);
		uint64_t size = e->sh[i].sh_size;
		if (!d || size % LOL_SITE_RECORD_SIZE) {
			fprintf(stderr, "lol-vmm: %s: section %s: size %llu is not a multiple of %d\n",
				what, name, (unsigned long long)size, LOL_SITE_RECORD_SIZE);
			return -1;
		}
		size_t n = size / LOL_SITE_RECORD_SIZE;
		if (!n)
			continue; /* (realloc to 0 bytes would free the table) */
		struct site *s = realloc(vm->sites, (vm->nsites + n) * sizeof(*s));
		if (!s) {
			fprintf(stderr, "lol-vmm: %s: out of memory for %zu site records\n", what, n);
			return -1;
		}
		vm->sites = s;
		for (size_t k = 0; k < n; k++) {
			struct lol_site_record r;
			memcpy(&r, d + k * LOL_SITE_RECORD_SIZE, sizeof(r));
			if (!(r.flags & LOL_SITE_F_BREAK))
				continue;
			s[vm->nsites++] = (struct site){.addr = r.addr, .insn = r.insn, .kind = r.kind,
						       .flags = r.flags};
		}
	}
	return 0;
}

/* The gate DSO (arch/ia64/kernel/gate.so) is data in vmlinux between
 * __start_gate_section and __stop_gate_section. */
static int read_gate_sites(struct vm *vm, const struct elf64 *e)
{
	uint64_t start = 0, stop = 0;
	for (size_t i = 0; i < e->nsyms; i++) {
		if (!strcmp(e->syms[i].name, "__start_gate_section"))
			start = e->syms[i].value;
		else if (!strcmp(e->syms[i].name, "__stop_gate_section"))
			stop = e->syms[i].value;
	}
	if (!start || stop <= start)
		return 0;
	for (unsigned i = 0; i < e->shnum; i++) {
		const Elf64_Shdr *sh = &e->sh[i];
		if (sh->sh_type != SHT_PROGBITS || start < sh->sh_addr ||
		    stop > sh->sh_addr + sh->sh_size)
			continue;
		const uint8_t *d = elf64_section_data(e, i);
		if (!d)
			return 0;
		struct elf64 g;
		char err[256];
		if (elf64_parse(&g, "gate.so", d + (start - sh->sh_addr), stop - start, err,
				sizeof(err))) {
			fprintf(stderr, "lol-vmm: %s: embedded gate DSO: %s\n", vm->cfg->kernel, err);
			return -1;
		}
		int r = read_sites(vm, &g, "gate.so");
		elf64_close(&g);
		return r;
	}
	return 0;
}

int vm_load_kernel(struct vm *vm)
{
	const char *path = vm->cfg->kernel;
	struct elf64 e;
	char err[512];
	if (elf64_open(&e, path, err, sizeof(err))) {
		fprintf(stderr, "lol-vmm: %s\n", err);
		return -1;
	}
	const Elf64_Ehdr *eh = e.eh;
	if (eh->e_machine != EM_IA_64 || eh->e_type != ET_EXEC) {
		fprintf(stderr, "lol-vmm: %s: e_machine/e_type: not an ia64 executable kernel\n", path);
		goto fail;
	}
	if (!eh->e_phoff || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff > e.size || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > e.size - eh->e_phoff) {
		fprintf(stderr, "lol-vmm: %s: e_phoff: program headers outside the file\n", path);
		goto fail;
	}
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(e.data + eh->e_phoff);
	unsigned nload = 0;
	vm->kernel_end = 0;
	vm->nseg = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_filesz > ph[i].p_memsz || ph[i].p_offset > e.size ||
		    ph[i].p_filesz > e.size - ph[i].p_offset) {
			fprintf(stderr, "lol-vmm: %s: program header %u: p_offset/p_filesz outside the file\n",
				path, i);
			goto fail;
		}
		uint8_t *dst = gpa_ptr(vm, ph[i].p_paddr, ph[i].p_memsz);
		if (!dst) {
			fprintf(stderr,
				"lol-vmm: %s: program header %u: p_paddr 0x%llx + 0x%llx does not fit "
				"in %llu MiB of guest memory (give more with -m)\n",
				path, i, (unsigned long long)ph[i].p_paddr,
				(unsigned long long)ph[i].p_memsz,
				(unsigned long long)(vm->ram_size >> 20));
			goto fail;
		}
		if (vm->nseg < 8) {
			vm->seg[vm->nseg].paddr = ph[i].p_paddr;
			vm->seg[vm->nseg].vaddr = ph[i].p_vaddr;
			vm->seg[vm->nseg++].size = ph[i].p_memsz;
		}
		memcpy(dst, e.data + ph[i].p_offset, ph[i].p_filesz);
		memset(dst + ph[i].p_filesz, 0, ph[i].p_memsz - ph[i].p_filesz);
		if (ph[i].p_paddr + ph[i].p_memsz > vm->kernel_end)
			vm->kernel_end = ph[i].p_paddr + ph[i].p_memsz;
		nload++;
	}
	if (!nload) {
		fprintf(stderr, "lol-vmm: %s: no PT_LOAD program header\n", path);
		goto fail;
	}
	vm->entry = eh->e_entry;
	if (!gpa_ptr(vm, vm->entry, 16)) {
		fprintf(stderr, "lol-vmm: %s: e_entry 0x%llx is not in guest memory\n", path,
			(unsigned long long)vm->entry);
		goto fail;
	}
	for (size_t i = 0; i < e.nsyms; i++) {
		if (!strcmp(e.syms[i].name, "__log_buf")) {
			vm->log_buf_va = e.syms[i].value;
			vm->log_buf_len = e.syms[i].size;
		}
	}
	free(vm->sites);
	vm->sites = NULL;
	vm->nsites = 0;
	if (read_sites(vm, &e, path) || read_gate_sites(vm, &e))
		goto fail;
	if (vm->nsites)
		qsort(vm->sites, vm->nsites, sizeof(*vm->sites), cmp_site);
	elf64_close(&e);
	return 0;
fail:
	elf64_close(&e);
	return -1;
}

static struct site *lookup(struct vm *vm, uint64_t key)
{
	size_t lo = 0, hi = vm->nsites;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (vm->sites[mid].addr < key)
			lo = mid + 1;
		else if (vm->sites[mid].addr > key)
			hi = mid;
		else
			return &vm->sites[mid];
	}
	return NULL;
}

/* Records hold link (virtual) addresses; code run in physical mode (the
 * kernel's first instructions, mode switches) is found through the load
 * segments, code run through the kernel's identity map likewise. */
struct site *vm_find_site(struct vm *vm, uint64_t ip, unsigned slot, bool physical)
{
	struct site *s = lookup(vm, ip | slot);
	uint64_t pa;
	if (s)
		return s;
	if (physical)
		pa = ip & ~(1ull << 63);
	else if (!kernel_idmap_pa(ip, &pa))
		return NULL; /* a user page at a kernel physical address is no site */
	for (unsigned i = 0; i < vm->nseg; i++)
		if (pa - vm->seg[i].paddr < vm->seg[i].size)
			return lookup(vm, (pa - vm->seg[i].paddr + vm->seg[i].vaddr) | slot);
	return NULL;
}

/* Sites whose original the engine runs itself under a monitor (psr ops,
 * fc, reads of ar.k and ar.itc, writes of ar.rsc and ar.bspstore: the engine
 * keeps those at the guest's virtual values) get their original instruction
 * back on the interpreter back end, so they cost no exit.  The ptrace back
 * end needs them all as breaks. */
static bool engine_native(unsigned kind)
{
	switch (kind) {
	case LOL_SITE_RSM: case LOL_SITE_SSM: case LOL_SITE_MOV_FROM_PSR:
	case LOL_SITE_MOV_TO_PSR_L: case LOL_SITE_FC: case LOL_SITE_FC_I:
	case LOL_SITE_MOV_FROM_KR: case LOL_SITE_MOV_FROM_ITC: case LOL_SITE_MOV_TO_RSC:
	case LOL_SITE_MOV_TO_BSPSTORE:
		return true;
	default:
		return false;
	}
}

static void put_slot(uint8_t b[16], unsigned slot, uint64_t bits)
{
	unsigned pos = 5 + 41 * slot;
	unsigned __int128 v, mask = (((unsigned __int128)1 << 41) - 1) << pos;
	memcpy(&v, b, 16);
	v = (v & ~mask) | ((unsigned __int128)(bits & ((1ull << 41) - 1)) << pos);
	memcpy(b, &v, 16);
}

size_t vm_restore_native_sites(struct vm *vm)
{
	size_t n = 0;
	for (size_t i = 0; i < vm->nsites; i++) {
		struct site *st = &vm->sites[i];
		if (!engine_native(st->kind))
			continue;
		uint64_t va = st->addr & ~0xfull;
		unsigned slot = st->addr & 3;
		for (unsigned k = 0; k < vm->nseg; k++) {
			if (va - vm->seg[k].vaddr >= vm->seg[k].size)
				continue;
			uint8_t *b = gpa_ptr(vm, va - vm->seg[k].vaddr + vm->seg[k].paddr, 16);
			if (b && slot < 3) {
				put_slot(b, slot, st->insn);
				n++;
			}
			break;
		}
	}
	return n;
}
