// SPDX-License-Identifier: GPL-2.0
/*
 * Interruptions (SDM vol 2 chapter 5): delivery through the guest's IVT with
 * the interruption registers collected as the hardware would, rfi, register
 * banks, the virtual PSR, and the local interrupt controller (IRR, in-service
 * vectors, TPR, IVR, EOI) with the ITC/ITM timer.
 */
#include <string.h>
#include <time.h>

#include "vm.h"

uint64_t cpu_itc(struct cpu *cpu); /* the engine's ar.itc (ns since init + ar[AR_ITC]) */

static void mirror_psr(struct vcpu *v)
{
	uint64_t psr = v->cpu.psr;
	v->page->psr_i = !!(psr & PSR_I);
	v->page->psr_ic = !!(psr & PSR_IC);
	v->page->banknum = !!(psr & PSR_BN);
	v->page->vpsr = psr;
}

/* bsw: the active bank of r16-r31 goes to the page, the other comes in. */
static void switch_bank(struct vcpu *v, unsigned to)
{
	struct cpu *c = &v->cpu;
	uint64_t *save = to ? v->page->bank0 : v->page->bank1;
	uint64_t *load = to ? v->page->bank1 : v->page->bank0;
	unsigned from = !to;
	uint64_t nat_save = (c->gr_nat >> 16) & 0xffff;
	memcpy(save, &c->gr[16], 16 * sizeof(uint64_t));
	memcpy(&c->gr[16], load, 16 * sizeof(uint64_t));
	c->gr_nat = (c->gr_nat & ~(0xffffull << 16)) | (v->page->bank_nat[to] & 0xffff) << 16;
	v->page->bank_nat[from] = nat_save;
}

uint64_t vcpu_get_psr(struct vcpu *v)
{
	return (v->cpu.psr & ~PSR_RI) | (uint64_t)v->cpu.slot << PSR_RI_SHIFT;
}

void vcpu_set_psr(struct vcpu *v, uint64_t psr)
{
	uint64_t old = v->cpu.psr;
	psr &= ~PSR_RI;
	if ((old ^ psr) & PSR_BN)
		switch_bank(v, !!(psr & PSR_BN));
	v->cpu.psr = psr;
	if ((old ^ psr) & (PSR_DT | PSR_IT | PSR_RT | PSR_CPL))
		vcpu_flush_soft_tlb(v);
	mirror_psr(v);
}

void vcpu_interrupt(struct vcpu *v, unsigned off, uint64_t isr, uint64_t ifa, bool set_ifa,
		    uint64_t iim)
{
	struct cpu *c = &v->cpu;
	struct lol_vcpu_page *p = v->page;
	uint64_t psr = vcpu_get_psr(v);
	if (psr & PSR_IC) {
		p->ipsr = psr;
		p->iip = c->ip;
		p->iipa = c->ip;
		p->ifs &= ~(1ull << 63);
		if (set_ifa)
			p->ifa = ifa;
		if (off == IVT_BREAK)
			p->iim = iim;
	} else {
		isr |= ISR_NI;
	}
	p->isr = isr | (uint64_t)c->slot << ISR_EI_SHIFT;
	uint64_t npsr = psr & (PSR_UP | PSR_MFL | PSR_MFH | PSR_DT | PSR_RT | PSR_IT | PSR_MC);
	npsr |= (p->dcr & 2) ? PSR_BE : 0; /* dcr.be */
	npsr |= (p->dcr & 1) ? PSR_PP : 0; /* dcr.pp */
	vcpu_set_psr(v, npsr);
	c->ip = p->iva + off;
	c->slot = 0;
	v->halted = false;
}

/* A translation problem becomes the guest's fault with ifa, itir, iha. */
void vcpu_tlb_fault(struct vcpu *v, enum tr_result r, uint64_t va, unsigned access,
		    const struct cpu_exit *x)
{
	struct lol_vcpu_page *p = v->page;
	bool insn = access == CPU_ACC_EXEC;
	uint64_t isr = insn ? ISR_X : access == CPU_ACC_WRITE ? ISR_W : ISR_R;
	(void)x;
	unsigned off;
	uint64_t rr = p->rr[va >> 61];
	switch (r) {
	case TR_MISS: {
		uint64_t pta = p->pta;
		bool walker = (pta & 1) && (rr & 1);
		if (!insn && !(v->cpu.psr & PSR_IC))
			off = IVT_NESTED_DTLB;
		else if (insn)
			off = walker ? IVT_ITLB : IVT_ALT_ITLB;
		else
			off = walker ? IVT_DTLB : IVT_ALT_DTLB;
		break;
	}
	case TR_NOT_PRESENT:
		off = IVT_PAGE_NOT_PRESENT;
		break;
	case TR_ACCESS_RIGHTS:
		off = insn ? IVT_IACCESS_RIGHTS : IVT_DACCESS_RIGHTS;
		break;
	case TR_DIRTY:
		off = IVT_DIRTY;
		break;
	case TR_ACCESS_BIT:
		off = insn ? IVT_IACCESS_BIT : IVT_DACCESS_BIT;
		break;
	default:
		vm_die(v->vm, "guest access to unbacked or unimplemented address 0x%llx at ip 0x%llx",
		       (unsigned long long)va, (unsigned long long)v->cpu.ip);
	}
	if (v->cpu.psr & PSR_IC) {
		/* TLB faults give the region's default page size and rid */
		p->itir = (rr & (0x3full << 2)) | (rr & (0xffffffull << 8));
		p->iha = vtlb_thash(v, va);
	}
	vcpu_interrupt(v, off, isr, va, true, 0);
}

/* ---- the local interrupt controller -------------------------------------------------------- */

static int highest(const uint64_t w[4])
{
	for (int i = 3; i >= 0; i--)
		if (w[i])
			return i * 64 + 63 - __builtin_clzll(w[i]);
	return -1;
}

/* An AP waiting in SAL starts at the OS rendezvous entry when its wakeup
 * interrupt comes, in the state the BSP started in (physical mode). */
static void ap_start(struct vcpu *v)
{
	struct cpu *c = &v->cpu;
	v->in_sal = false;
	v->halted = false;
	c->ip = v->vm->ap_entry;
	c->slot = 0;
	c->gr[1] = v->vm->ap_gp;
	vcpu_set_psr(v, PSR_BN);
}

void vcpu_pend(struct vcpu *v, unsigned vector)
{
	if (v->in_sal) {
		if (vector == FW_AP_WAKEUP_VECTOR && v->vm->ap_entry)
			ap_start(v);
		return;
	}
	v->page->irr[(vector >> 6) & 3] |= 1ull << (vector & 63);
	v->halted = false;
}

/* The vector cr.ivr would give, or -1 (spurious). */
static int deliverable(struct vcpu *v)
{
	int hi = highest(v->page->irr);
	if (hi < 16)
		return -1;
	uint64_t tpr = v->page->tpr;
	if (tpr & (1ull << 16)) /* tpr.mmi */
		return -1;
	if ((unsigned)(hi >> 4) <= ((tpr >> 4) & 15))
		return -1;
	int svc = highest(v->isr_service);
	if (svc >= 0 && (hi >> 4) <= (svc >> 4))
		return -1;
	return hi;
}

int vcpu_ivr(struct vcpu *v)
{
	int vec = deliverable(v);
	if (vec < 0)
		return 15; /* the spurious vector */
	v->page->irr[vec >> 6] &= ~(1ull << (vec & 63));
	v->isr_service[vec >> 6] |= 1ull << (vec & 63);
	return vec;
}

void vcpu_eoi(struct vcpu *v)
{
	int svc = highest(v->isr_service);
	if (svc >= 0)
		v->isr_service[svc >> 6] &= ~(1ull << (svc & 63));
}

bool vcpu_check_extint(struct vcpu *v)
{
	vcpu_check_timer(v);
	int vec = deliverable(v);
	v->page->pending = vec >= 0;
	v->cpu.irq_pending = vec >= 0;
	if (vec < 0)
		return false;
	v->halted = false;
	if (!(v->cpu.psr & PSR_I))
		return false;
	v->stats[VS_EXTINT]++;
	vcpu_interrupt(v, IVT_EXTINT, 0, 0, false, 0);
	return true;
}

void vcpu_rfi(struct vcpu *v)
{
	struct lol_vcpu_page *p = v->page;
	if (p->ifs & (1ull << 63)) {
		uint64_t fa;
		enum cpu_fault f = cpu_sys_restore_frame(&v->cpu, p->ifs & ((1ull << 38) - 1), &fa);
		if (f != CPU_FAULT_NONE)
			vm_die(v->vm, "rfi: restoring the frame failed (fault %d at 0x%llx)", f,
			       (unsigned long long)fa);
	}
	vcpu_set_psr(v, p->ipsr);
	v->cpu.ip = p->iip & ~0xfull;
	v->cpu.slot = (p->ipsr >> PSR_RI_SHIFT) & 3;
	if (v->cpu.slot == 3)
		v->cpu.slot = 0;
}

/* ---- ITC and ITM: the guest's ITC runs at 1 GHz from the host clock ------------------------- */

uint64_t vcpu_itc(struct vcpu *v)
{
	return cpu_itc(&v->cpu);
}

void vcpu_check_timer(struct vcpu *v)
{
	struct lol_vcpu_page *p = v->page;
	if (!v->itm_armed || (p->itv & (1ull << 16)))
		return;
	if ((int64_t)(vcpu_itc(v) - p->itm) >= 0) {
		v->itm_armed = false;
		v->stats[VS_TIMER]++;
		vcpu_pend(v, p->itv & 0xff);
	}
}

/* Nanoseconds until the timer fires (-1: not armed). */
int64_t vcpu_timer_ns(struct vcpu *v)
{
	if (!v->itm_armed || (v->page->itv & (1ull << 16)))
		return -1;
	int64_t d = (int64_t)(v->page->itm - vcpu_itc(v));
	return d < 0 ? 0 : d;
}
