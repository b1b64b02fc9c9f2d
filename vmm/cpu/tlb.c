// SPDX-License-Identifier: GPL-2.0
/*
 * The soft TLB: three direct-mapped arrays (read, write, execute) of 4K
 * translations from guest virtual addresses to host pointers, filled through
 * the user's refill callback.  A hit costs one compare and one add
 * (interp.h: tlb_fast); everything else lives here, out of line.
 */
#include "interp.h"

static void tlb_clear(struct cpu_tlb_entry *t)
{
	for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
		t[i].tag = TLB_EMPTY;
		t[i].addend = 0;
	}
}

void cpu_tlb_flush(struct cpu *cpu)
{
	tlb_clear(cpu->tlb_r);
	tlb_clear(cpu->tlb_w);
	tlb_clear(cpu->tlb_x);
	cpu_code_changed(); /* decoded blocks are checked against memory again */
}

void cpu_tlb_flush_page(struct cpu *cpu, uint64_t va)
{
	/* Entries are 4K pieces: a user dropping a larger page flushes each
	 * piece, or everything. */
	unsigned i = (va >> 12) & (CPU_TLB_SIZE - 1);
	uint64_t tag = va & ~0xfffull;
	struct cpu_tlb_entry *ts[3] = {cpu->tlb_r, cpu->tlb_w, cpu->tlb_x};
	for (unsigned k = 0; k < 3; k++) {
		if (ts[k][i].tag == tag)
			ts[k][i].tag = TLB_EMPTY;
	}
	cpu_code_changed();
}

uint8_t *cpu_translate(struct cpu *cpu, uint64_t va, unsigned access, enum cpu_fault *f)
{
	struct cpu_tlb_entry *t = access == CPU_ACC_WRITE  ? cpu->tlb_w
				  : access == CPU_ACC_EXEC ? cpu->tlb_x
							   : cpu->tlb_r;
	unsigned i = (va >> 12) & (CPU_TLB_SIZE - 1);
	uint64_t page = va & ~0xfffull;
	if (t[i].tag == page)
		return (uint8_t *)(uintptr_t)(va + t[i].addend);

	struct cpu_tlb_fill fill = {0};
	enum cpu_fault r = cpu->mem && cpu->mem->refill
			       ? cpu->mem->refill(cpu->mem_ctx, va, access, &fill)
			       : CPU_FAULT_TLB_MISS;
	if (r == CPU_FAULT_NONE && (!fill.host || fill.page_shift < 12 || fill.page_shift > 63))
		r = CPU_FAULT_TLB_MISS;
	if (r == CPU_FAULT_NONE && !(fill.access & access))
		r = CPU_FAULT_ACCESS_RIGHTS;
	if (r != CPU_FAULT_NONE) {
		*f = r;
		return NULL;
	}
	/* Enter the 4K piece holding va in every array the rights allow. */
	uint64_t base = va & ~((1ull << fill.page_shift) - 1);
	uintptr_t addend = (uintptr_t)fill.host - (uintptr_t)base;
	if (fill.access & CPU_ACC_READ) {
		cpu->tlb_r[i].tag = page;
		cpu->tlb_r[i].addend = addend;
	}
	if (fill.access & CPU_ACC_WRITE) {
		cpu->tlb_w[i].tag = page;
		cpu->tlb_w[i].addend = addend;
	}
	if (fill.access & CPU_ACC_EXEC) {
		cpu->tlb_x[i].tag = page;
		cpu->tlb_x[i].addend = addend;
	}
	return (uint8_t *)(uintptr_t)(va + addend);
}

enum cpu_fault cpu_mem_read(struct cpu *cpu, uint64_t va, void *buf, size_t len, unsigned access,
			    uint64_t *fault_addr)
{
	enum cpu_fault f = CPU_FAULT_NONE;
	uint8_t *out = buf;
	while (len) {
		size_t n = 0x1000 - (va & 0xfff);
		if (n > len)
			n = len;
		uint8_t *p = cpu_translate(cpu, va, access, &f);
		if (!p) {
			*fault_addr = va;
			return f;
		}
		memcpy(out, p, n);
		out += n;
		va += n;
		len -= n;
	}
	return CPU_FAULT_NONE;
}

enum cpu_fault cpu_mem_write(struct cpu *cpu, uint64_t va, const void *buf, size_t len,
			     uint64_t *fault_addr)
{
	enum cpu_fault f = CPU_FAULT_NONE;
	const uint8_t *in = buf;
	/* Translate every page first: a faulting store writes nothing. */
	for (uint64_t a = va; a - va < len; a = (a & ~0xfffull) + 0x1000) {
		if (!cpu_translate(cpu, a, CPU_ACC_WRITE, &f)) {
			*fault_addr = a;
			return f;
		}
	}
	while (len) {
		size_t n = 0x1000 - (va & 0xfff);
		if (n > len)
			n = len;
		uint8_t *p = cpu_translate(cpu, va, CPU_ACC_WRITE, &f);
		if (!p) {
			*fault_addr = va;
			return f;
		}
		memcpy(p, in, n);
		in += n;
		va += n;
		len -= n;
	}
	return CPU_FAULT_NONE;
}
