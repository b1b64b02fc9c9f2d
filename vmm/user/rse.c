// SPDX-License-Identifier: GPL-2.0
/*
 * Register stack engine operations lol-user performs on a stopped cpu (signal frames,
 * threads): the backing store layout of SDM vol 2 chapter 6 (every 64th doubleword,
 * address bits 8:3 all ones, holds the NaT bits of the 63 registers below it), and the
 * cpu's partition bookkeeping (cpu.h: the ndirty registers below bof are dirty and lie at
 * [ar.bspstore, ar.bsp) in the backing store).
 */
#include <errno.h>

#include "user.h"

static unsigned slot_of(uint64_t a)
{
	return (unsigned)(a >> 3) & 63;
}

uint64_t rse_skip(uint64_t a, int64_t n)
{
	int64_t pos = (int64_t)slot_of(a) + n;
	int64_t q = pos >= 0 ? pos / 63 : -((-pos + 62) / 63);
	int64_t r = pos - q * 63;
	return (a & ~0x1ffull) + (uint64_t)(q * 512) + (uint64_t)(r * 8);
}

int64_t rse_count(uint64_t from, uint64_t to)
{
	if (to < from)
		return -rse_count(to, from);
	uint64_t f = from >> 3, t = to >> 3;
	return (int64_t)((t - f) - (t / 64 - f / 64));
}

uint64_t cfm_pack(const struct cpu_cfm *f)
{
	return (uint64_t)f->sof | (uint64_t)f->sol << 7 | (uint64_t)(f->sor / 8) << 14 |
	       (uint64_t)f->rrb_gr << 18 | (uint64_t)f->rrb_fr << 25 | (uint64_t)f->rrb_pr << 32;
}

void cfm_unpack(uint64_t v, struct cpu_cfm *f)
{
	f->sof = v & 0x7f;
	f->sol = (v >> 7) & 0x7f;
	f->sor = (uint8_t)(((v >> 14) & 0xf) * 8);
	f->rrb_gr = (v >> 18) & 0x7f;
	f->rrb_fr = (v >> 25) & 0x7f;
	f->rrb_pr = (v >> 32) & 0x3f;
}

static int put8(struct cpu *c, uint64_t a, uint64_t v)
{
	return mm_write((struct mm *)c->mem_ctx, a, &v, 8) ? CPU_FAULT_TLB_MISS : 0;
}

static int get8(struct cpu *c, uint64_t a, uint64_t *v)
{
	return mm_read((struct mm *)c->mem_ctx, a, v, 8) ? CPU_FAULT_TLB_MISS : 0;
}

static unsigned phys(const struct cpu *c, long i)
{
	long n = (long)c->config.stacked_regs;
	i %= n;
	return (unsigned)(i < 0 ? i + n : i);
}

/* Store n physical registers starting at index p to the backing store at ar.bspstore. */
static int store_regs(struct cpu *c, long p, unsigned n)
{
	uint64_t a = c->ar[G_AR_BSPSTORE], rnat = c->ar[G_AR_RNAT];
	for (unsigned k = 0; k < n;) {
		if (slot_of(a) == 63) {
			if (put8(c, a, rnat))
				return CPU_FAULT_TLB_MISS;
			rnat = 0;
			a += 8;
			continue;
		}
		unsigned i = phys(c, p + k);
		if (put8(c, a, c->stacked[i]))
			return CPU_FAULT_TLB_MISS;
		rnat = (rnat & ~(1ull << slot_of(a))) |
		       ((uint64_t)(c->stacked_nat[i] & 1) << slot_of(a));
		a += 8;
		k++;
	}
	/* ar.bsp never names a collection slot; ar.bspstore may reach one: store it now. */
	if (slot_of(a) == 63) {
		if (put8(c, a, rnat))
			return CPU_FAULT_TLB_MISS;
		rnat = 0;
		a += 8;
	}
	c->ar[G_AR_BSPSTORE] = a;
	c->ar[G_AR_RNAT] = rnat;
	return 0;
}

int rse_flush(struct cpu *c, bool cover)
{
	int f = store_regs(c, (long)c->bof - (long)c->ndirty, c->ndirty);
	if (f)
		return f;
	c->ndirty = 0;
	if (cover) {
		unsigned sof = c->cfm.sof;
		f = store_regs(c, (long)c->bof, sof);
		if (f)
			return f;
		c->bof = phys(c, (long)c->bof + sof);
		c->cfm = (struct cpu_cfm){0};
	}
	c->ar[G_AR_BSP] = c->ar[G_AR_BSPSTORE];
	c->nclean = 0;
	return 0;
}

int rse_uncover(struct cpu *c, uint64_t cfm)
{
	struct cpu_cfm f;
	cfm_unpack(cfm, &f);
	/* A frame marker from guest memory (sigcontext): only what an alloc could make. */
	if (f.sof > 96 || f.sol > f.sof || f.sor > f.sof || f.rrb_fr >= 96 || f.rrb_pr >= 48 ||
	    (f.sor ? f.rrb_gr >= f.sor : f.rrb_gr != 0))
		return CPU_FAULT_RESERVED_REG;
	/* Whatever is dirty goes to memory first: the frame is read back from there.  The
	 * current frame (the trampoline's) is dropped. */
	int e = rse_flush(c, false);
	if (e)
		return e;
	uint64_t top = c->ar[G_AR_BSPSTORE], bsp = c->ar[G_AR_BSP];
	uint64_t base = rse_skip(bsp, -(int64_t)f.sof);
	long p = (long)c->bof - f.sof;
	uint64_t rnat = c->ar[G_AR_RNAT];
	uint64_t a = base;
	for (unsigned k = 0; k < f.sof; k++, a = rse_skip(a, 1)) {
		uint64_t v, nat, coll = a | 0x1f8;
		if (get8(c, a, &v))
			return CPU_FAULT_TLB_MISS;
		if (coll < top) {
			if (get8(c, coll, &nat))
				return CPU_FAULT_TLB_MISS;
		} else {
			nat = rnat;
		}
		unsigned i = phys(c, p + k);
		c->stacked[i] = v;
		c->stacked_nat[i] = (nat >> slot_of(a)) & 1;
	}
	/* ar.rnat now collects for the group holding the new ar.bspstore. */
	uint64_t coll = base | 0x1f8;
	if (coll < top) {
		uint64_t nat;
		if (get8(c, coll, &nat))
			return CPU_FAULT_TLB_MISS;
		c->ar[G_AR_RNAT] = nat;
	}
	c->bof = phys(c, p);
	c->cfm = f;
	c->ndirty = 0;
	c->nclean = 0;
	c->ar[G_AR_BSP] = base;
	c->ar[G_AR_BSPSTORE] = base;
	return 0;
}
