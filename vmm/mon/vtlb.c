// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual TLB (SDM vol 2 chapter 4): translation registers and a
 * translation cache per side, filled only by the guest's itc/itr, searched
 * by region id and virtual page.  There is no VHPT walker (the SDM lets an
 * implementation leave it out): every miss goes to the guest's own TLB miss
 * handlers.  The engine's soft TLB is refilled from here, one 4K piece at a
 * time, with only the rights the guest's entry gives at the current
 * privilege level (no write while the dirty bit is clear), so each first
 * write or access-bit case comes back here and becomes the guest's fault.
 */
#include <string.h>

#include "vm.h"

#define PTE_P 1ull
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_PPN_MASK 0x0003fffffffff000ull /* bits 12..49 */
#define VA_OFF_MASK ((1ull << 61) - 1)
#define IMPL_VA_BITS 51

static inline unsigned pte_pl(uint64_t pte) { return (pte >> 7) & 3; }
static inline unsigned pte_ar(uint64_t pte) { return (pte >> 9) & 7; }
static inline unsigned psr_cpl_of(uint64_t psr) { return (psr >> 32) & 3; }

static inline uint32_t rr_rid(uint64_t rr) { return (rr >> 8) & 0xffffff; }
static inline unsigned rr_ps(uint64_t rr) { return (rr >> 2) & 0x3f; }

/* Rights (CPU_ACC_*) an entry gives at privilege level cpl (SDM vol 2
 * table 4-3 "Access Rights"). */
static unsigned rights(uint64_t pte, unsigned cpl)
{
	const unsigned R = CPU_ACC_READ, W = CPU_ACC_WRITE, X = CPU_ACC_EXEC;
	unsigned ar = pte_ar(pte), pl = pte_pl(pte);
	if (ar == 7) /* execute, promote: X everywhere, RX at or above pl */
		return cpl <= pl ? R | X : X;
	if (cpl > pl)
		return 0;
	switch (ar) {
	case 0: return R;
	case 1: return R | X;
	case 2: return R | W;
	case 3: return R | W | X;
	case 4: return cpl == pl ? R : R | W;
	case 5: return cpl == pl ? R | X : R | W | X;
	default: return cpl == pl ? R | W | X : R | W; /* 6 */
	}
}

static bool entry_match(const struct vtlb_entry *e, uint32_t rid, uint64_t vpn)
{
	return e->valid && e->rid == rid && ((e->vpn ^ vpn) >> e->ps) == 0;
}

static const struct vtlb_entry *lookup(struct vcpu *v, bool insn, uint64_t va)
{
	uint32_t rid = rr_rid(v->page->rr[va >> 61]);
	uint64_t vpn = va & VA_OFF_MASK;
	const struct vtlb_entry *tr = insn ? v->tlb.itr : v->tlb.dtr;
	const struct vtlb_entry *tc = insn ? v->tlb.itc : v->tlb.dtc;
	for (unsigned i = 0; i < VTLB_TR; i++)
		if (entry_match(&tr[i], rid, vpn))
			return &tr[i];
	for (unsigned i = 0; i < VTLB_TC; i++)
		if (entry_match(&tc[i], rid, vpn))
			return &tc[i];
	return NULL;
}

enum tr_result vtlb_translate(struct vcpu *v, uint64_t va, unsigned access, uint64_t *pa,
			      const struct vtlb_entry **hit)
{
	uint64_t psr = v->cpu.psr;
	bool insn = access == CPU_ACC_EXEC;
	if (hit)
		*hit = NULL;
	if (!(psr & (insn ? PSR_IT : PSR_DT))) {
		/* physical addressing: bit 63 only chooses uncached */
		*pa = va & ~(1ull << 63);
		return gpa_ptr(v->vm, *pa & ~0xfffull, 0x1000) ? TR_OK : TR_UNBACKED;
	}
	v->region_lookups[va >> 61]++;
	const struct vtlb_entry *e = lookup(v, insn, va);
	if (!e)
		return TR_MISS;
	if (hit)
		*hit = e;
	if (!(e->pte & PTE_P))
		return TR_NOT_PRESENT;
	if (!(rights(e->pte, psr_cpl_of(psr)) & access))
		return TR_ACCESS_RIGHTS;
	if (access == CPU_ACC_WRITE && !(e->pte & PTE_D))
		return TR_DIRTY;
	if (!(e->pte & PTE_A))
		return TR_ACCESS_BIT;
	uint64_t mask = (1ull << e->ps) - 1;
	*pa = ((e->pte & PTE_PPN_MASK) & ~mask) | (va & mask);
	return gpa_ptr(v->vm, *pa & ~0xfffull, 0x1000) ? TR_OK : TR_UNBACKED;
}

static enum cpu_fault refill(void *ctx, uint64_t va, unsigned access, struct cpu_tlb_fill *out)
{
	struct vcpu *v = ctx;
	uint64_t pa;
	/* The vCPU page: the wedge's, at every vCPU's LOL_VCPU_PAGE_ADDR, for
	 * kernel data accesses with translation on; no guest TLB entry maps it
	 * and no purge removes it. */
	if (va - LOL_VCPU_PAGE_ADDR < LOL_VCPU_PAGE_SIZE && access != CPU_ACC_EXEC &&
	    (v->cpu.psr & PSR_DT) && psr_cpl_of(v->cpu.psr) == 0) {
		out->host = (uint8_t *)v->page + ((va - LOL_VCPU_PAGE_ADDR) & ~0xfffull);
		out->page_shift = 12;
		out->access = CPU_ACC_READ | CPU_ACC_WRITE;
		return CPU_FAULT_NONE;
	}
	const struct vtlb_entry *e;
	enum tr_result r = vtlb_translate(v, va, access, &pa, &e);
	if (r != TR_OK)
		return r == TR_ACCESS_RIGHTS ? CPU_FAULT_ACCESS_RIGHTS : CPU_FAULT_TLB_MISS;
	out->host = gpa_ptr(v->vm, pa & ~0xfffull, 0x1000);
	out->page_shift = 12;
	if (!e) {
		out->access = CPU_ACC_READ | CPU_ACC_WRITE | CPU_ACC_EXEC;
		return CPU_FAULT_NONE;
	}
	/* Everything this entry allows now, so the other arrays fill too; the
	 * rest comes back here. */
	unsigned acc = rights(e->pte, psr_cpl_of(v->cpu.psr));
	if (!(e->pte & PTE_D))
		acc &= ~(unsigned)CPU_ACC_WRITE;
	/* the other side's entry decides execute (and data) rights */
	if (access == CPU_ACC_EXEC)
		acc &= CPU_ACC_EXEC;
	else
		acc &= ~(unsigned)CPU_ACC_EXEC;
	out->access = acc | access;
	return CPU_FAULT_NONE;
}

const struct cpu_mem_ops vcpu_mem_ops = {.refill = refill};

void vcpu_flush_soft_tlb(struct vcpu *v)
{
	cpu_tlb_flush(&v->cpu);
}

void vtlb_insert(struct vcpu *v, bool insn, int tr_slot, uint64_t ifa, uint64_t itir, uint64_t pte)
{
	struct vtlb_entry e = {
	    .vpn = ifa & VA_OFF_MASK,
	    .pte = pte,
	    .rid = rr_rid(v->page->rr[ifa >> 61]),
	    .ps = (itir >> 2) & 0x3f,
	    .valid = 1,
	    .region = (uint8_t)(ifa >> 61),
	};
	if (e.ps < 12)
		e.ps = 12;
	e.vpn &= ~((1ull << e.ps) - 1);
	/* An insert over an overlapping entry replaces it (the SDM makes that
	 * a machine check; dropping the old one is the kind answer). */
	vtlb_purge(v, insn, !insn, false, ifa, e.ps);
	if (tr_slot >= 0) {
		(insn ? v->tlb.itr : v->tlb.dtr)[tr_slot % VTLB_TR] = e;
	} else if (insn) {
		v->tlb.itc[v->tlb.inext++ % VTLB_TC] = e;
	} else {
		v->tlb.dtc[v->tlb.dnext++ % VTLB_TC] = e;
	}
	vcpu_flush_soft_tlb(v);
}

static void purge_set(struct vtlb_entry *t, unsigned n, uint32_t rid, uint64_t vpn, unsigned ps)
{
	for (unsigned i = 0; i < n; i++) {
		struct vtlb_entry *e = &t[i];
		if (!e->valid || e->rid != rid)
			continue;
		unsigned big = e->ps > ps ? e->ps : ps;
		if (((e->vpn ^ vpn) >> big) == 0)
			e->valid = 0;
	}
}

void vtlb_purge(struct vcpu *v, bool insn, bool data, bool trs, uint64_t va, unsigned ps)
{
	uint32_t rid = rr_rid(v->page->rr[va >> 61]);
	uint64_t vpn = va & VA_OFF_MASK;
	if (ps < 12)
		ps = 12;
	if (insn) {
		purge_set(v->tlb.itc, VTLB_TC, rid, vpn, ps);
		if (trs)
			purge_set(v->tlb.itr, VTLB_TR, rid, vpn, ps);
	}
	if (data) {
		purge_set(v->tlb.dtc, VTLB_TC, rid, vpn, ps);
		if (trs)
			purge_set(v->tlb.dtr, VTLB_TR, rid, vpn, ps);
	}
	vcpu_flush_soft_tlb(v);
}

void vtlb_purge_all(struct vcpu *v)
{
	for (unsigned i = 0; i < VTLB_TC; i++)
		v->tlb.itc[i].valid = v->tlb.dtc[i].valid = 0;
	vcpu_flush_soft_tlb(v);
}

/* Short-format VHPT hash (SDM vol 2 4.1.5.4, thash). */
uint64_t vtlb_thash(struct vcpu *v, uint64_t va)
{
	uint64_t pta = v->page->pta;
	unsigned size = (pta >> 2) & 0x3f;
	uint64_t mask = size >= 61 ? VA_OFF_MASK : (1ull << size) - 1;
	uint64_t hpn = (va & ((1ull << IMPL_VA_BITS) - 1)) >> rr_ps(v->page->rr[va >> 61]);
	uint64_t base = pta & 0x1fffffffffff8000ull;
	return (va & ~VA_OFF_MASK) | (base & ~mask) | ((hpn << 3) & mask);
}

uint64_t vtlb_ttag(struct vcpu *v, uint64_t va)
{
	uint64_t hpn = (va & ((1ull << IMPL_VA_BITS) - 1)) >> rr_ps(v->page->rr[va >> 61]);
	return (hpn ^ ((uint64_t)rr_rid(v->page->rr[va >> 61]) << 39)) & ~(1ull << 63);
}
