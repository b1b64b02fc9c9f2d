/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal: logical -> physical register mapping (SDM vol 1 3.1.7, 4.5.1).
 * Shared by the engine's execution files; callers have already checked that
 * a stacked GR lies inside the frame (r < 32 + sof).
 */
#ifndef LOL_CPU_REGS_H
#define LOL_CPU_REGS_H

#include "cpu.h"

/* Physical index in cpu->stacked of stacked GR r (32 <= r < 32 + sof). */
static inline unsigned cpu_stacked_index(const struct cpu *c, unsigned r)
{
	unsigned i = r - 32;
	if (i < c->cfm.sor) {
		i += c->cfm.rrb_gr;
		if (i >= c->cfm.sor)
			i -= c->cfm.sor;
	}
	i += c->bof;
	if (i >= c->config.stacked_regs)
		i -= c->config.stacked_regs;
	return i;
}

static inline uint64_t gr_get(const struct cpu *c, unsigned r)
{
	return r < 32 ? c->gr[r] : c->stacked[cpu_stacked_index(c, r)];
}

static inline bool gr_nat(const struct cpu *c, unsigned r)
{
	return r < 32 ? (c->gr_nat >> r) & 1 : c->stacked_nat[cpu_stacked_index(c, r)];
}

/* Write r (r0 writes are dropped by the caller's check: r0 is read-only). */
static inline void gr_set(struct cpu *c, unsigned r, uint64_t v, bool nat)
{
	if (r < 32) {
		c->gr[r] = v;
		c->gr_nat = (c->gr_nat & ~(1ull << r)) | ((uint64_t)nat << r);
	} else {
		unsigned i = cpu_stacked_index(c, r);
		c->stacked[i] = v;
		c->stacked_nat[i] = nat;
	}
}

/* f32-f127 rotate as one 96-register region. */
static inline unsigned fr_index(const struct cpu *c, unsigned f)
{
	if (f < 32)
		return f;
	unsigned i = f - 32 + c->cfm.rrb_fr;
	return 32 + (i >= 96 ? i - 96 : i);
}

/* p16-p63 rotate as one 48-predicate region. */
static inline __attribute__((always_inline)) unsigned pr_index(const struct cpu *c, unsigned p)
{
	if (p < 16)
		return p;
	unsigned i = p - 16 + c->cfm.rrb_pr;
	return 16 + (i >= 48 ? i - 48 : i);
}

static inline __attribute__((always_inline)) bool pr_get(const struct cpu *c, unsigned p)
{
	return (c->pr >> pr_index(c, p)) & 1;
}

/* p0 is always 1: writes to it are dropped. */
static inline __attribute__((always_inline)) void pr_set(struct cpu *c, unsigned p, bool v)
{
	if (p == 0)
		return;
	unsigned i = pr_index(c, p);
	c->pr = (c->pr & ~(1ull << i)) | ((uint64_t)v << i);
}

#endif
