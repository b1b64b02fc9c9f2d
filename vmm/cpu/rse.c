// SPDX-License-Identifier: GPL-2.0
/*
 * The register stack engine (SDM vol 2 chapter 6), as user code sees it.
 *
 * The physical stacked file (config.stacked_regs registers) is a ring:
 *
 *   [bof, bof + sof)                    the current frame (r32 ...)
 *   [bof - ndirty, bof)                 dirty: older frames' registers, not yet
 *                                       in memory; backing store [bspstore, bsp)
 *   [bof - ndirty - nclean, ...)        clean: also in memory, just below bspstore
 *   the rest                            invalid
 *
 * and sof + ndirty + nclean <= stacked_regs.  The engine is lazy: it spills
 * only when a frame would not fit (alloc, a return growing the frame) or on
 * flushrs, and fills on a return to a frame that was spilled, or on loadrs.
 * That is what enforced-lazy mode does; the eager modes (ar.rsc.mode != 0)
 * only allow more, so they behave the same.
 *
 * Every 64th doubleword of the backing store (address bits 8..3 all ones)
 * holds the NaT bits of the 63 registers below it; ar.rnat collects them
 * for the group bspstore is in until that slot is written.
 *
 * Restartability: an instruction whose spill or fill faults is reported at
 * that instruction, and running it again completes the work.  Spills commit
 * one register at a time (each leaves a consistent state); fills read
 * everything they need before changing anything.  (The SDM instead lets
 * br.ret complete and faults with an incomplete frame; a guest's fault
 * handler cannot tell the difference for the page faults it resolves.)
 */
#include <stdlib.h>

#include "interp.h"

static inline unsigned nstk(const struct cpu *cpu)
{
	return cpu->config.stacked_regs;
}

/* Physical index k registers below p (k <= stacked_regs). */
static inline unsigned phys_below(const struct cpu *cpu, unsigned p, unsigned k)
{
	return p >= k ? p - k : p + nstk(cpu) - k;
}

/* Physical index k registers above p (k <= stacked_regs). */
static inline unsigned phys_above(const struct cpu *cpu, unsigned p, unsigned k)
{
	unsigned n = nstk(cpu), i = p + k;
	return i >= n ? i - n : i;
}

int rse_scratch(struct cpu *cpu)
{
	struct cpu_dcache *dc = cpu->dcache;
	dc->rse_cap = nstk(cpu);
	dc->rse_val = calloc(dc->rse_cap, sizeof(*dc->rse_val));
	dc->rse_nat = calloc(dc->rse_cap, sizeof(*dc->rse_nat));
	return dc->rse_val && dc->rse_nat ? 0 : -1;
}

static int rse_write8(struct cpu *cpu, const struct dslot *d, uint64_t a, uint64_t v)
{
	enum cpu_fault f = CPU_FAULT_NONE;
	uint8_t *p = cpu_translate(cpu, a, CPU_ACC_WRITE, &f);
	if (!p)
		return cpu_fault(cpu, d, f, a, CPU_ACC_WRITE);
	memcpy(p, &v, 8);
	return 0;
}

static int rse_read8(struct cpu *cpu, const struct dslot *d, uint64_t a, uint64_t *v)
{
	enum cpu_fault f = CPU_FAULT_NONE;
	uint8_t *p = cpu_translate(cpu, a, CPU_ACC_READ, &f);
	if (!p)
		return cpu_fault(cpu, d, f, a, CPU_ACC_READ);
	memcpy(v, p, 8);
	return 0;
}

/* Store the oldest dirty register (and the NaT collection when its group
 * fills up); it becomes the newest clean one. */
static int spill_one(struct cpu *cpu, const struct dslot *d)
{
	uint64_t a = cpu->ar[AR_BSPSTORE], rnat = cpu->ar[AR_RNAT];
	int r;
	if (((a >> 3) & 63) == 63) {
		/* only after a move to ar.bspstore that pointed at a collection */
		if ((r = rse_write8(cpu, d, a, rnat)) != 0)
			return r;
		cpu->ar[AR_BSPSTORE] = a += 8;
	}
	unsigned p = phys_below(cpu, cpu->bof, cpu->ndirty);
	if ((r = rse_write8(cpu, d, a, cpu->stacked[p])) != 0)
		return r;
	/* The physical register will serve other frames: its ALAT entry, if
	 * any, says nothing about them (a later check just reloads). */
	alat_inval_reg(cpu, 32 + p, false);
	unsigned bit = (a >> 3) & 63;
	rnat = (rnat & ~(1ull << bit)) | (uint64_t)(cpu->stacked_nat[p] & 1) << bit;
	a += 8;
	if (((a >> 3) & 63) == 63) {
		if ((r = rse_write8(cpu, d, a, rnat)) != 0)
			return r;
		a += 8;
	}
	cpu->ar[AR_BSPSTORE] = a;
	cpu->ar[AR_RNAT] = rnat & ~(1ull << 63);
	cpu->ndirty--;
	cpu->nclean++;
	return 0;
}

/* Make room for a frame of sof registers: drop clean registers, spill the
 * oldest dirty ones while the frame would overlap them. */
static int make_room(struct cpu *cpu, const struct dslot *d, unsigned sof)
{
	unsigned n = nstk(cpu);
	while (sof + cpu->ndirty > n) {
		int r = spill_one(cpu, d);
		if (r)
			return r;
		cpu->nclean = 0;
	}
	if (sof + cpu->ndirty + cpu->nclean > n)
		cpu->nclean = n - sof - cpu->ndirty;
	return 0;
}

int rse_alloc(struct cpu *cpu, const struct dslot *d, unsigned sof)
{
	return make_room(cpu, d, sof);
}

void rse_call(struct cpu *cpu)
{
	unsigned sol = cpu->cfm.sol;
	cpu->bof = phys_above(cpu, cpu->bof, sol);
	cpu->ndirty += sol;
	cpu->ar[AR_BSP] = bs_skip(cpu->ar[AR_BSP], sol);
}

void rse_cover(struct cpu *cpu)
{
	unsigned sof = cpu->cfm.sof;
	cpu->bof = phys_above(cpu, cpu->bof, sof);
	cpu->ndirty += sof;
	cpu->ar[AR_BSP] = bs_skip(cpu->ar[AR_BSP], sof);
	memset(&cpu->cfm, 0, sizeof(cpu->cfm));
}

/*
 * Read the count registers from lo upward (all below bspstore and not
 * clean), with their NaT bits, into the scratch buffers; and the NaT
 * collection bspstore will need when it is lowered to lo.  Nothing changes.
 */
static int fill_read(struct cpu *cpu, const struct dslot *d, uint64_t lo, unsigned count,
		     uint64_t *rnat_lo)
{
	struct cpu_dcache *dc = cpu->dcache;
	uint64_t store = cpu->ar[AR_BSPSTORE], coll_addr = ~0ull, coll = 0;
	int r;
	/* The collection of lo's group: in memory once bspstore passed it. */
	uint64_t lo_coll = lo | 0x1f8;
	*rnat_lo = cpu->ar[AR_RNAT];
	if (lo_coll < store) {
		if ((r = rse_read8(cpu, d, lo_coll, rnat_lo)) != 0)
			return r;
	}
	uint64_t a = lo;
	for (unsigned i = 0; i < count; i++, a = bs_skip(a, 1)) {
		uint64_t want = a | 0x1f8;
		if (want != coll_addr) {
			coll_addr = want;
			if (want < store) {
				if ((r = rse_read8(cpu, d, want, &coll)) != 0)
					return r;
			} else {
				coll = cpu->ar[AR_RNAT];
			}
		}
		if ((r = rse_read8(cpu, d, a, &dc->rse_val[i])) != 0)
			return r;
		dc->rse_nat[i] = (coll >> ((a >> 3) & 63)) & 1;
	}
	return 0;
}

/* Place the count registers read from lo into the physical file: the one
 * at backing store address x sits bs_count(x, bsp) registers below bof. */
static void fill_commit(struct cpu *cpu, uint64_t lo, unsigned count)
{
	struct cpu_dcache *dc = cpu->dcache;
	uint64_t a = lo, bsp = cpu->ar[AR_BSP];
	for (unsigned i = 0; i < count; i++, a = bs_skip(a, 1)) {
		unsigned p = phys_below(cpu, cpu->bof, (unsigned)bs_count(a, bsp));
		cpu->stacked[p] = dc->rse_val[i];
		cpu->stacked_nat[p] = dc->rse_nat[i];
	}
}

/*
 * Bring [lo, bsp) into the physical file as the registers just below bof,
 * lowering bspstore to lo when it is above: registers between lo and
 * bspstore come from the clean partition or from memory.  On return the
 * caller decides what they are (the new frame's locals, or dirty).
 */
static int ensure_loaded(struct cpu *cpu, const struct dslot *d, uint64_t lo)
{
	uint64_t store = cpu->ar[AR_BSPSTORE];
	if (lo >= store)
		return 0;
	unsigned need = (unsigned)bs_count(lo, store);
	unsigned from_clean = need < cpu->nclean ? need : cpu->nclean;
	unsigned from_mem = need - from_clean;
	uint64_t rnat;
	int r = fill_read(cpu, d, lo, from_mem, &rnat);
	if (r)
		return r;
	fill_commit(cpu, lo, from_mem);
	/* What stays clean lies below lo now. */
	cpu->nclean = from_mem ? 0 : cpu->nclean - from_clean;
	cpu->ndirty = (unsigned)bs_count(lo, cpu->ar[AR_BSP]);
	cpu->ar[AR_BSPSTORE] = lo;
	cpu->ar[AR_RNAT] = rnat & ~(1ull << 63);
	return 0;
}

int rse_return(struct cpu *cpu, const struct dslot *d, uint64_t pfm)
{
	struct cpu_cfm nf;
	cfm_unpack(&nf, pfm);
	unsigned n = nstk(cpu), sol = nf.sol, sof = nf.sof;
	int r;

	/* The common case: the caller's locals are all still dirty. */
	if (likely(sol <= cpu->ndirty && sof + cpu->ndirty - sol <= n)) {
		cpu->bof = phys_below(cpu, cpu->bof, sol);
		cpu->ndirty -= sol;
		cpu->ar[AR_BSP] = bs_skip(cpu->ar[AR_BSP], -(int64_t)sol);
		if (sof + cpu->ndirty + cpu->nclean > n)
			cpu->nclean = n - sof - cpu->ndirty;
		return 0;
	}

	/* A frame growing over the oldest dirty registers spills them first. */
	while (cpu->ndirty > sol && sof + (cpu->ndirty - sol) > n) {
		if ((r = spill_one(cpu, d)) != 0)
			return r;
		cpu->nclean = 0;
	}
	uint64_t bsp_new = bs_skip(cpu->ar[AR_BSP], -(int64_t)sol);
	if ((r = ensure_loaded(cpu, d, bsp_new)) != 0)
		return r;
	/* The caller's locals leave the dirty partition and become its frame. */
	cpu->bof = phys_below(cpu, cpu->bof, sol);
	cpu->ndirty -= sol;
	cpu->ar[AR_BSP] = bsp_new;
	if (sof + cpu->ndirty + cpu->nclean > n)
		cpu->nclean = n - sof - cpu->ndirty;
	return 0;
}

int rse_flushrs(struct cpu *cpu, const struct dslot *d)
{
	while (cpu->ndirty) {
		int r = spill_one(cpu, d);
		if (r)
			return r;
	}
	return 0;
}

/* loadrs (SDM vol 3 loadrs): the ar.rsc.loadrs bytes below bsp become the
 * dirty partition, loaded from memory where needed; everything else
 * outside the frame is invalidated without being stored.  The caller has
 * checked rsc.mode and sof. */
int rse_loadrs(struct cpu *cpu, const struct dslot *d)
{
	uint64_t bytes = (cpu->ar[AR_RSC] >> 16) & 0x3ff8;
	uint64_t bsp = cpu->ar[AR_BSP], lo = bsp - bytes;
	if (bs_count(lo, bsp) + cpu->cfm.sof > nstk(cpu))
		return cpu_illegal(cpu, d);
	alat_clear(cpu); /* registers are dropped without being stored */
	if (lo >= cpu->ar[AR_BSPSTORE]) {
		/* Dirty registers below lo are dropped. */
		cpu->ndirty = (unsigned)bs_count(lo, bsp);
		cpu->nclean = 0;
		cpu->ar[AR_BSPSTORE] = lo;
		return 0;
	}
	int r = ensure_loaded(cpu, d, lo);
	if (r)
		return r;
	cpu->nclean = 0;
	return 0;
}

/* mov ar.bspstore= (SDM vol 3 mov ar, rse_update_internal_stack_pointers):
 * the dirty partition keeps its size, so bsp moves with bspstore; clean
 * registers become invalid.  ar.rnat is undefined afterwards: kept. */
void rse_set_bspstore(struct cpu *cpu, uint64_t v)
{
	v &= ~7ull;
	cpu->ar[AR_BSPSTORE] = v;
	cpu->ar[AR_BSP] = bs_skip(v, cpu->ndirty);
	cpu->nclean = 0;
}
