// SPDX-License-Identifier: GPL-2.0
/*
 * Emulation of privileged and sensitive instructions from their decoded form
 * (SDM vol 3 instruction pages), on the vCPU's virtual state.  Reached from
 * a PRIVOP exit (a kernel built without the afterburner) or from a site
 * break (the afterburner's record gives the original instruction).
 */
#include <string.h>

#include "vm.h"

#define AR_KR_LAST 7
#define AR_ITC_NR 44

static uint64_t gr(struct vcpu *v, const struct ia64_insn *in, unsigned kind)
{
	const struct ia64_operand *o = ia64_insn_opnd(in, kind);
	bool nat;
	return o ? cpu_get_gr(&v->cpu, (unsigned)o->value, &nat) : 0;
}

static unsigned opnd(const struct ia64_insn *in, unsigned i)
{
	return (unsigned)in->opnd[i].value;
}

static void set_r1(struct vcpu *v, const struct ia64_insn *in, uint64_t val)
{
	const struct ia64_operand *o = ia64_insn_opnd(in, IA64_OPND_R1);
	if (o && o->value)
		cpu_set_gr(&v->cpu, (unsigned)o->value, val, false);
}

static void general_exception(struct vcpu *v, unsigned code)
{
	vcpu_interrupt(v, IVT_GENERAL, code, 0, false, 0);
}

uint64_t cpu_itc(struct cpu *cpu);

static int write_cr(struct vcpu *v, unsigned cr, uint64_t val)
{
	struct lol_vcpu_page *p = v->page;
	switch (cr) {
	case 0: p->dcr = val; break;
	case 1: p->itm = val; v->itm_armed = true; break;
	case 2: p->iva = val & ~0x7fffull; break;
	case 8: p->pta = val; break;
	case 16: p->ipsr = val; break;
	case 17: p->isr = val; break;
	case 19: p->iip = val; break;
	case 20: p->ifa = val; break;
	case 21: p->itir = val; break;
	case 22: p->iipa = val; break;
	case 23: p->ifs = val; break;
	case 24: p->iim = val; break;
	case 25: p->iha = val; break;
	case 64: p->lid = val; break;
	case 66: p->tpr = val; break;
	case 67: vcpu_eoi(v); break;
	case 72: p->itv = val; break;
	case 73: p->pmv = val; break;
	case 74: p->cmcv = val; break;
	case 80: p->lrr0 = val; break;
	case 81: p->lrr1 = val; break;
	default: return -1;
	}
	return 0;
}

static int read_cr(struct vcpu *v, unsigned cr, uint64_t *val)
{
	struct lol_vcpu_page *p = v->page;
	int off = lol_vcpu_cr_offset(cr);
	if (off >= 0) {
		memcpy(val, (uint8_t *)p + off, 8);
		return 0;
	}
	switch (cr) {
	case 65: *val = (uint64_t)vcpu_ivr(v); return 0;
	case 68: case 69: case 70: case 71: *val = p->irr[cr - 68]; return 0;
	default: return -1;
	}
}

static uint64_t *ind_reg(struct vcpu *v, unsigned file, uint64_t idx)
{
	switch (file) {
	case 0: return &v->page->rr[(idx >> 61) & 7];
	case 1: return &v->dbr[idx & 7];
	case 2: return &v->ibr[idx & 7];
	case 3: return &v->pkr[idx & 15];
	case 4: return &v->pmc[idx & 31];
	case 5: return &v->pmd[idx & 31];
	default: return NULL;
	}
}

/* probe: may the access happen at the given privilege level? */
static int probe(struct vcpu *v, const struct ia64_insn *in)
{
	unsigned rw = in->opc->sub1, form = in->opc->sub2;
	uint64_t va = gr(v, in, IA64_OPND_R3);
	unsigned pl;
	if (form == 0)
		pl = (unsigned)gr(v, in, IA64_OPND_R2) & 3;
	else
		pl = (unsigned)ia64_insn_opnd(in, IA64_OPND_IMM2)->value;
	uint64_t psr = v->cpu.psr;
	unsigned cpl = (psr >> 32) & 3;
	if (pl < cpl)
		pl = cpl;
	/* translate at pl with the real psr otherwise */
	v->cpu.psr = (psr & ~PSR_CPL) | (uint64_t)pl << 32;
	uint64_t pa;
	enum tr_result r = TR_OK;
	for (unsigned a = 1; a <= 2 && r == TR_OK; a <<= 1) {
		if (!(rw & a))
			continue;
		r = vtlb_translate(v, va, a == 1 ? CPU_ACC_READ : CPU_ACC_WRITE, &pa, NULL);
	}
	v->cpu.psr = psr;
	/* the dirty and access bits do not count against a probe */
	bool ok = r == TR_OK || r == TR_DIRTY || r == TR_ACCESS_BIT;
	/* every form takes TLB faults; the .fault forms fault on rights too */
	if (r == TR_MISS || r == TR_NOT_PRESENT || (form == 2 && !ok)) {
		vcpu_tlb_fault(v, r, va, rw & 2 ? CPU_ACC_WRITE : CPU_ACC_READ, NULL);
		return 1;
	}
	if (form != 2)
		set_r1(v, in, ok);
	return 0;
}

/* Emulate in at the vCPU's ip/slot.  Advances past it unless control went
 * elsewhere (rfi, an interruption). */
int vcpu_privop(struct vcpu *v, const struct ia64_insn *in)
{
	struct cpu *c = &v->cpu;
	struct lol_vcpu_page *p = v->page;
	unsigned cpl = (c->psr >> 32) & 3;
	if (!in->opc) {
		general_exception(v, GE_ILLEGAL_OP);
		return 0;
	}
	if ((in->flags & IA64_F_PRIV) && cpl != 0) {
		general_exception(v, GE_PRIV_OP);
		return 0;
	}
	v->privop_stats[in->opc->op]++;
	switch (in->opc->op) {
	case IA64_OP_RSM:
	case IA64_OP_SSM: {
		uint64_t imm = (uint64_t)in->opnd[0].value & 0xffffff;
		uint64_t psr = c->psr;
		psr = in->opc->op == IA64_OP_SSM ? psr | imm : psr & ~imm;
		vcpu_set_psr(v, psr);
		break;
	}
	case IA64_OP_MOV_TO_PSR:
		if (in->opc->sub1 == 0) {
			uint64_t val = gr(v, in, IA64_OPND_R2);
			vcpu_set_psr(v, (c->psr & ~0xffffffffull) | (val & 0xffffffffull));
		} else {
			goto unhandled; /* psr.um runs in the engine */
		}
		break;
	case IA64_OP_MOV_FROM_PSR: {
		uint64_t psr = vcpu_get_psr(v);
		set_r1(v, in, psr & (0xffffffffull | (3ull << 35)));
		break;
	}
	case IA64_OP_MOV_TO_CR:
		if (write_cr(v, opnd(in, 0), gr(v, in, IA64_OPND_R2))) {
			general_exception(v, GE_RESERVED_REG);
			return 0;
		}
		break;
	case IA64_OP_MOV_FROM_CR: {
		uint64_t val;
		if (read_cr(v, opnd(in, 1), &val)) {
			general_exception(v, GE_RESERVED_REG);
			return 0;
		}
		set_r1(v, in, val);
		break;
	}
	case IA64_OP_RFI:
		vcpu_rfi(v);
		return 0;
	case IA64_OP_BSW:
		vcpu_set_psr(v, in->opc->sub1 ? c->psr | PSR_BN : c->psr & ~PSR_BN);
		break;
	case IA64_OP_COVER: {
		uint64_t cfm = cpu_sys_cover(c);
		if (!(c->psr & PSR_IC))
			p->ifs = cfm | (1ull << 63);
		break;
	}
	case IA64_OP_ITC:
		vtlb_insert(v, in->opc->sub1 == 1, -1, p->ifa, p->itir, gr(v, in, IA64_OPND_R2));
		break;
	case IA64_OP_ITR: {
		bool nat;
		uint64_t slot = cpu_get_gr(c, opnd(in, 0), &nat);
		vtlb_insert(v, in->opc->sub1 == 1, (int)(slot & 7), p->ifa, p->itir,
			    gr(v, in, IA64_OPND_R2));
		break;
	}
	case IA64_OP_PTC: {
		uint64_t va = gr(v, in, IA64_OPND_R3);
		unsigned ps = (gr(v, in, IA64_OPND_R2) >> 2) & 0x3f;
		for (unsigned i = 0; i < v->vm->ncpus; i++)
			if (i == v->id || in->opc->sub1 != 0)
				vtlb_purge(v->vm->vcpu[i], true, true, false, va, ps);
		break;
	}
	case IA64_OP_PTC_E:
		vtlb_purge_all(v);
		break;
	case IA64_OP_PTR: {
		uint64_t va = gr(v, in, IA64_OPND_R3);
		unsigned ps = (gr(v, in, IA64_OPND_R2) >> 2) & 0x3f;
		bool insn = in->opc->sub1 == 1;
		vtlb_purge(v, insn, !insn, true, va, ps);
		break;
	}
	case IA64_OP_THASH:
		set_r1(v, in, vtlb_thash(v, gr(v, in, IA64_OPND_R3)));
		break;
	case IA64_OP_TTAG:
		set_r1(v, in, vtlb_ttag(v, gr(v, in, IA64_OPND_R3)));
		break;
	case IA64_OP_TPA: {
		uint64_t va = gr(v, in, IA64_OPND_R3), pa;
		enum tr_result r = vtlb_translate(v, va, CPU_ACC_READ, &pa, NULL);
		if (r == TR_MISS || r == TR_NOT_PRESENT) {
			vcpu_tlb_fault(v, r, va, CPU_ACC_READ, NULL);
			return 0;
		}
		set_r1(v, in, pa);
		break;
	}
	case IA64_OP_TAK: {
		uint64_t pa;
		const struct vtlb_entry *e;
		vtlb_translate(v, gr(v, in, IA64_OPND_R3), CPU_ACC_READ, &pa, &e);
		set_r1(v, in, e ? 0 : 1);
		break;
	}
	case IA64_OP_PROBE:
		if (probe(v, in))
			return 0;
		break;
	case IA64_OP_MOV_TO_IND: {
		bool nat;
		uint64_t idx = cpu_get_gr(c, opnd(in, 0), &nat);
		uint64_t *r = ind_reg(v, in->opc->sub1, idx);
		if (!r) {
			general_exception(v, GE_RESERVED_REG);
			return 0;
		}
		*r = gr(v, in, IA64_OPND_R2);
		if (in->opc->sub1 == 0)
			vcpu_flush_soft_tlb(v);
		break;
	}
	case IA64_OP_MOV_FROM_IND: {
		bool nat;
		uint64_t idx = cpu_get_gr(c, opnd(in, 1), &nat);
		if (in->opc->sub1 == 7) { /* cpuid */
			set_r1(v, in, idx < 5 ? p->cpuid[idx] : 0);
			break;
		}
		uint64_t *r = ind_reg(v, in->opc->sub1, idx);
		set_r1(v, in, r ? *r : 0);
		break;
	}
	case IA64_OP_MOV_TO_AR: {
		unsigned ar = opnd(in, 0);
		const struct ia64_operand *src = &in->opnd[1];
		bool nat;
		uint64_t val = src->cls == IA64_OC_GR ? cpu_get_gr(c, (unsigned)src->value, &nat)
						      : (uint64_t)src->value;
		if (ar <= AR_KR_LAST) {
			c->ar[ar] = val;
			p->kr[ar] = val;
		} else if (ar == AR_ITC_NR) {
			c->ar[AR_ITC_NR] += val - cpu_itc(c);
		} else if (cpu_sys_mov_to_ar(c, ar, val) != CPU_FAULT_NONE) {
			general_exception(v, GE_ILLEGAL_OP);
			return 0;
		}
		break;
	}
	case IA64_OP_MOV_FROM_AR: { /* afterburned reads of ar.k, ar.itc */
		uint64_t val;
		if (cpu_sys_mov_from_ar(c, opnd(in, 1), &val) != CPU_FAULT_NONE) {
			general_exception(v, GE_ILLEGAL_OP);
			return 0;
		}
		set_r1(v, in, val);
		break;
	}
	case IA64_OP_FC: /* decoded bundles are checked against memory: nothing to drop */
		break;
	case IA64_OP_EPC: {
		uint64_t pa;
		const struct vtlb_entry *e;
		vtlb_translate(v, c->ip, CPU_ACC_EXEC, &pa, &e);
		if (e && ((e->pte >> 9) & 7) == 7) {
			unsigned pl = (e->pte >> 7) & 3;
			if (pl < cpl)
				vcpu_set_psr(v, (c->psr & ~PSR_CPL) | (uint64_t)pl << 32);
		}
		break;
	}
	default:
	unhandled:
		vm_die(v->vm, "unemulated privileged instruction %s at 0x%llx slot %u",
		       in->opc->name, (unsigned long long)c->ip, c->slot);
	}
	cpu_advance(c);
	return 0;
}
