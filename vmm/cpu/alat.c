// SPDX-License-Identifier: GPL-2.0
/*
 * The Advanced Load Address Table (SDM vol 1 4.4.5, vol 2 5.5.3): entries
 * made by ld.a/ld.sa/ld.c.nc and ldf.a..., tagged by the physical target
 * register, looked up by ld.c/ldf.c and chk.a, invalidated by overlapping
 * stores, invala and the .clr forms.
 *
 * The table is direct-mapped by register tag: the architecture lets an
 * implementation drop an entry at any time (a later check then just takes
 * the recovery path), so a conflict costs speed, never correctness.  A
 * 64-bit filter of the 16-byte granules entries cover keeps stores cheap.
 * Addresses are virtual: stores through another mapping of the same
 * physical page are not seen (the guests we run do not rely on that).
 */
#include "interp.h"

static inline unsigned alat_index(unsigned reg, bool fp)
{
	return (reg ^ (fp ? 0x15u : 0u)) & (CPU_ALAT_SIZE - 1);
}

static uint64_t granules(uint64_t addr, unsigned size)
{
	uint64_t g0 = addr >> 4, g1 = (addr + size - 1) >> 4;
	return (1ull << (g0 & 63)) | (1ull << (g1 & 63));
}

void alat_clear(struct cpu *cpu)
{
	for (unsigned i = 0; i < CPU_ALAT_SIZE; i++)
		cpu->alat[i].valid = 0;
	cpu->dcache->alat_valid = 0;
	cpu->dcache->alat_filter = 0;
}

void alat_insert(struct cpu *cpu, unsigned reg, bool fp, uint64_t addr, unsigned size)
{
	unsigned i = alat_index(reg, fp);
	struct cpu_alat_entry *e = &cpu->alat[i];
	e->addr = addr;
	e->reg = (uint8_t)reg;
	e->fp = fp;
	e->size = (uint8_t)size;
	e->valid = 1;
	cpu->dcache->alat_valid |= 1ull << i;
	cpu->dcache->alat_filter |= granules(addr, size);
}

bool alat_check(struct cpu *cpu, unsigned reg, bool fp)
{
	const struct cpu_alat_entry *e = &cpu->alat[alat_index(reg, fp)];
	return e->valid && e->reg == reg && e->fp == fp;
}

/* ld.c also compares the address and size it is given: an entry another
 * frame left on the same physical register must not pass for its own. */
bool alat_check_addr(struct cpu *cpu, unsigned reg, bool fp, uint64_t addr, unsigned size)
{
	const struct cpu_alat_entry *e = &cpu->alat[alat_index(reg, fp)];
	return e->valid && e->reg == reg && e->fp == fp && e->addr == addr && e->size == size;
}

void alat_inval_reg(struct cpu *cpu, unsigned reg, bool fp)
{
	unsigned i = alat_index(reg, fp);
	struct cpu_alat_entry *e = &cpu->alat[i];
	if (e->valid && e->reg == reg && e->fp == fp) {
		e->valid = 0;
		cpu->dcache->alat_valid &= ~(1ull << i);
		/* the filter may keep the granules: a superset only costs a scan */
	}
}

void alat_store_slow(struct cpu *cpu, uint64_t addr, unsigned size)
{
	struct cpu_dcache *dc = cpu->dcache;
	uint64_t filter = 0;
	for (uint64_t v = dc->alat_valid; v; v &= v - 1) {
		unsigned i = (unsigned)__builtin_ctzll(v);
		struct cpu_alat_entry *e = &cpu->alat[i];
		if (e->addr < addr + size && addr < e->addr + e->size) {
			e->valid = 0;
			dc->alat_valid &= ~(1ull << i);
		} else {
			filter |= granules(e->addr, e->size);
		}
	}
	dc->alat_filter = filter;
}
