// SPDX-License-Identifier: GPL-2.0
/*
 * Branches (SDM vol 3 br, brl, chk, fchkf) and the frame operations
 * (alloc, cover, clrrrb, flushrs, loadrs, epc): IP-relative and indirect
 * branches, calls and returns with their register frames, counted and
 * modulo-scheduled loops with register rotation, speculation checks.
 *
 * A taken branch sets cpu->ip to the target bundle and returns XR_BRANCH;
 * the run loop continues there at slot 0.
 */
#include "interp.h"
#include "jit.h"

/* 0, 1, ... 223: runs of a frame map are copied from it. */
static const uint16_t iota[224] = {
#define I4(i) i, i + 1, i + 2, i + 3
#define I16(i) I4(i), I4(i + 4), I4(i + 8), I4(i + 12)
#define I32(i) I16(i), I16(i + 16)
    I32(0), I32(32), I32(64), I32(96), I32(128), I32(160), I32(192),
#undef I32
#undef I16
#undef I4
};

/* m[0..count) = k, k+1, ... modulo n (k < n <= 224, count <= 96). */
static inline void map_run(uint16_t *m, unsigned count, unsigned k, unsigned n)
{
	while (count) {
		unsigned run = n - k < count ? n - k : count;
		memcpy(m, iota + k, run * sizeof(*m));
		m += run;
		count -= run;
		k = 0;
	}
}

/* The fast register map follows every frame change (interp.h): the first
 * count registers of the frame, with regs.h's mapping. */
static void map_regs(struct cpu *cpu, unsigned count)
{
	uint16_t *m = cpu->dcache->gr_map;
	unsigned n = cpu->config.stacked_regs, sor = cpu->cfm.sor, bof = cpu->bof;
	unsigned i = 0, k;
	if (count > 96)
		count = 96;
	if (sor) {
		/* r32 + i is rotating register (i + rrb) mod sor: from rrb up
		 * to sor, then from 0 */
		unsigned rot = sor < count ? sor : count, rrb = cpu->cfm.rrb_gr;
		unsigned first = sor - rrb < rot ? sor - rrb : rot;
		k = bof + rrb;
		map_run(m, first, k >= n ? k - n : k, n);
		map_run(m + first, rot - first, bof, n);
		i = rot;
	}
	k = bof + i;
	map_run(m + i, count - i, k >= n ? k - n : k, n);
}

void frame_map(struct cpu *cpu)
{
	map_regs(cpu, cpu->cfm.sof);
}

/* Only the rotating registers move on a rotation. */
static void frame_map_rot(struct cpu *cpu)
{
	map_regs(cpu, cpu->cfm.sor);
}

/* ---- plain branches ------------------------------------------------------------------------ */

static int h_br(struct cpu *cpu, const struct dslot *d)
{
	return branch_to(cpu, d, d->tgt);
}

/* br b2: a = b2; the low four bits of a branch register are ignored. */
static int h_br_ind(struct cpu *cpu, const struct dslot *d)
{
	return branch_to(cpu, d, cpu->br[d->a] & ~0xfull);
}

/* The call half of br.call/brl.call (SDM vol 3 br, call): ar.pfs keeps the
 * frame, epilog count and privilege; the callee's frame is the caller's
 * outputs. */
static void do_call(struct cpu *cpu, unsigned b1, uint64_t ret)
{
	cpu->ar[AR_PFS] =
	    cfm_pack(&cpu->cfm) | (cpu->ar[AR_EC] & 63) << 52 | (uint64_t)psr_cpl(cpu) << 62;
	rse_call(cpu);
	struct cpu_cfm *f = &cpu->cfm;
	unsigned sol = f->sol, sor = f->sor;
	f->sof = (uint8_t)(f->sof - sol);
	f->sol = 0;
	f->sor = 0;
	f->rrb_gr = f->rrb_fr = f->rrb_pr = 0;
	cpu->br[b1] = ret;
	if (sor <= sol) {
		/* the outputs do not rotate: their map just moves down */
		uint16_t *m = cpu->dcache->gr_map;
		memmove(m, m + sol, f->sof * sizeof(*m));
	} else {
		frame_map(cpu);
	}
}

/* br.call b1=target: a = b1, imm = return address. */
static int h_call(struct cpu *cpu, const struct dslot *d)
{
	do_call(cpu, d->a, (uint64_t)d->imm);
	return branch_to(cpu, d, d->tgt);
}

/* br.call b1=b2: b = b2, read before b1 is written. */
static int h_call_ind(struct cpu *cpu, const struct dslot *d)
{
	uint64_t t = cpu->br[d->b] & ~0xfull;
	do_call(cpu, d->a, (uint64_t)d->imm);
	return branch_to(cpu, d, t);
}

/* br.ret b2 (SDM vol 3 br, return): the frame comes back from ar.pfs,
 * loaded from the backing store when it was spilled. */
static int h_ret(struct cpu *cpu, const struct dslot *d)
{
	uint64_t t = cpu->br[d->a] & ~0xfull, pfs = cpu->ar[AR_PFS];
	uint64_t pfm = pfs & ((1ull << 38) - 1);
	struct cpu_cfm nf;
	cfm_unpack(&nf, pfm);
	if (!cfm_valid(&nf))
		return cpu_illegal(cpu, d);
	int r = rse_return(cpu, d, pfm);
	if (r)
		return r;
	cpu->cfm = nf;
	frame_map(cpu);
	cpu->ar[AR_EC] = (pfs >> 52) & 63;
	unsigned ppl = (unsigned)(pfs >> 62);
	if (ppl > psr_cpl(cpu)) /* a return may only lower privilege */
		cpu->psr = (cpu->psr & ~(3ull << PSR_CPL_SHIFT)) | (uint64_t)ppl << PSR_CPL_SHIFT;
	return branch_to(cpu, d, t);
}

/* ---- loops (SDM vol 3 br: cloop, ctop, cexit, wtop, wexit) --------------------------------- */

static inline void rotate_regs(struct cpu *cpu)
{
	struct cpu_cfm *f = &cpu->cfm;
	if (f->sor) {
		f->rrb_gr = f->rrb_gr ? f->rrb_gr - 1 : f->sor - 1;
		frame_map_rot(cpu);
	}
	f->rrb_fr = f->rrb_fr ? f->rrb_fr - 1 : 95;
	f->rrb_pr = f->rrb_pr ? f->rrb_pr - 1 : 47;
}

static int h_cloop(struct cpu *cpu, const struct dslot *d)
{
	if (cpu->ar[AR_LC]) {
		cpu->ar[AR_LC]--;
		return branch_to(cpu, d, d->tgt);
	}
	return next_slot(cpu, d);
}

/* ctop (a = 0) and cexit (a = 1): LC counts the kernel, EC the epilog;
 * p63 becomes p16 after the rotation. */
static int h_ctop(struct cpu *cpu, const struct dslot *d)
{
	uint64_t lc = cpu->ar[AR_LC], ec = cpu->ar[AR_EC];
	bool taken = (lc != 0 || ec > 1) ^ d->a;
	if (lc) {
		cpu->ar[AR_LC] = lc - 1;
		pr_set(cpu, 63, 1);
		rotate_regs(cpu);
	} else if (ec) {
		cpu->ar[AR_EC] = ec - 1;
		pr_set(cpu, 63, 0);
		rotate_regs(cpu);
	} else {
		pr_set(cpu, 63, 0);
	}
	if (taken) {
		return branch_to(cpu, d, d->tgt);
	}
	return next_slot(cpu, d);
}

/* wtop (a = 0) and wexit (a = 1): p1 = the qualifying predicate, which
 * does not gate them (d->qp is 0). */
static int h_wtop(struct cpu *cpu, const struct dslot *d)
{
	bool q = pr_get(cpu, d->p1);
	uint64_t ec = cpu->ar[AR_EC];
	bool taken = (q || ec > 1) ^ d->a;
	if (q) {
		pr_set(cpu, 63, 0);
		rotate_regs(cpu);
	} else if (ec) {
		cpu->ar[AR_EC] = ec - 1;
		pr_set(cpu, 63, 0);
		rotate_regs(cpu);
	} else {
		pr_set(cpu, 63, 0);
	}
	if (taken) {
		return branch_to(cpu, d, d->tgt);
	}
	return next_slot(cpu, d);
}

/* ---- speculation checks -------------------------------------------------------------------- */

/* chk.s r2 (I20, M20): branch to recovery when r2 is NaT. */
static int h_chk_s(struct cpu *cpu, const struct dslot *d)
{
	if (xnat(cpu, d->r2)) {
		return branch_to(cpu, d, d->tgt);
	}
	return next_slot(cpu, d);
}

/* chk.s f2 (M21): branch when f2 is NaTVal; a = f2. */
static int h_chk_sf(struct cpu *cpu, const struct dslot *d)
{
	if (fr_is_natval(&cpu->fr[fr_index(cpu, d->a)])) {
		return branch_to(cpu, d, d->tgt);
	}
	return next_slot(cpu, d);
}

/* chk.a.nc/.clr r1 or f1 (M22, M23): branch when the ALAT has no entry for
 * the register; .clr (b) drops a hit.  e = 1 for an FR, a = f1. */
static int h_chk_a(struct cpu *cpu, const struct dslot *d)
{
	unsigned tag = d->e ? fr_index(cpu, d->a) : alat_gr_tag(cpu, d->r1);
	if (!alat_check(cpu, tag, d->e)) {
		return branch_to(cpu, d, d->tgt);
	}
	if (d->b)
		alat_inval_reg(cpu, tag, d->e);
	return next_slot(cpu, d);
}

/* fchkf.sf (F14): a = sf.  Branch when sf has a flag whose trap is enabled
 * or that s0 does not have (SDM vol 3 fchkf). */
static int h_fchkf(struct cpu *cpu, const struct dslot *d)
{
	uint64_t fpsr = cpu->ar[AR_FPSR];
	uint64_t traps = fpsr & 0x3f;
	uint64_t s0 = (fpsr >> 13) & 0x3f, sf = (fpsr >> (13 + 13 * d->a)) & 0x3f;
	if ((sf & ~traps) || (sf & ~s0)) {
		return branch_to(cpu, d, d->tgt);
	}
	return next_slot(cpu, d);
}

/* ---- frames -------------------------------------------------------------------------------- */

/* alloc r1=ar.pfs,i,l,o,r (M34): a = sof, b = sol, c = sor, e = the highest
 * GR the slots after it in the block name. */
static int h_alloc(struct cpu *cpu, const struct dslot *d)
{
	unsigned sof = d->a, sol = d->b, sor = d->c;
	if (sof > 96 || sol > sof || sor > sof)
		return cpu_illegal(cpu, d);
	struct cpu_cfm *f = &cpu->cfm;
	if (sor != f->sor && (f->rrb_gr || f->rrb_fr || f->rrb_pr))
		return cpu_fault(cpu, d, CPU_FAULT_RESERVED_REG, 0, 0);
	if (d->r1 == 0 || d->r1 >= 32 + sof)
		return cpu_illegal(cpu, d);
	int r = rse_alloc(cpu, d, sof);
	if (r)
		return r;
	uint64_t pfs = cpu->ar[AR_PFS];
	unsigned old_sof = f->sof;
	bool same_rot = sor == f->sor;
	f->sof = (uint8_t)sof;
	f->sol = (uint8_t)sol;
	f->sor = (uint8_t)sor;
	if (same_rot && sof > old_sof && old_sof >= sor) {
		/* only registers above the rotating ones are new */
		uint16_t *m = cpu->dcache->gr_map;
		unsigned n = cpu->config.stacked_regs, k = cpu->bof + old_sof;
		if (k >= n)
			k -= n;
		for (unsigned i = old_sof; i < sof; i++) {
			m[i] = (uint16_t)k;
			if (++k == n)
				k = 0;
		}
	} else if (!same_rot || sof > old_sof) {
		frame_map(cpu);
	}
	xset(cpu, d->r1, pfs, false);
	if (d->e >= 32 + sof)
		return leave(cpu, d, XR_CHECK); /* a later slot of the bundle names a register beyond it */
	return next_slot(cpu, d);
}

static int h_flushrs(struct cpu *cpu, const struct dslot *d)
{
	int r = rse_flushrs(cpu, d);
	return r ? r : next_slot(cpu, d);
}

static int h_loadrs(struct cpu *cpu, const struct dslot *d)
{
	if ((cpu->ar[AR_RSC] & 3) || (cpu->cfm.sof && (cpu->ar[AR_RSC] >> 16) & 0x3fff))
		return cpu_illegal(cpu, d);
	int r = rse_loadrs(cpu, d);
	return r ? r : next_slot(cpu, d);
}

static int h_cover(struct cpu *cpu, const struct dslot *d)
{
	SENSITIVE_CHECK(cpu, d);
	rse_cover(cpu);
	frame_map(cpu);
	return next_slot(cpu, d);
}

/* clrrrb, clrrrb.pr (a). */
static int h_clrrrb(struct cpu *cpu, const struct dslot *d)
{
	cpu->cfm.rrb_pr = 0;
	if (!d->a) {
		cpu->cfm.rrb_gr = cpu->cfm.rrb_fr = 0;
		frame_map(cpu);
	}
	return next_slot(cpu, d);
}

/* epc: promotes only on an execute-only page of a more privileged level,
 * which the soft TLB never describes: the ppl check, then nothing. */
static int h_epc(struct cpu *cpu, const struct dslot *d)
{
	SENSITIVE_CHECK(cpu, d);
	if ((cpu->ar[AR_PFS] >> 62) < psr_cpl(cpu))
		return cpu_illegal(cpu, d);
	return next_slot(cpu, d);
}

/* ---- decoding ------------------------------------------------------------------------------ */


/* The IP-relative target of in, from the bundle address. */
static uint64_t target(const struct ia64_insn *in, uint64_t ip)
{
	for (unsigned i = 0; i < in->nopnd; i++)
		if (in->opnd[i].cls == IA64_OC_IPREL)
			return ip + (uint64_t)in->opnd[i].value;
	return ip;
}

bool cpu_decode_br(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip)
{
	(void)cpu;
	const struct ia64_opcode *o = in->opc;
	switch (o->op) {
	case IA64_OP_BR_COND:
		if (has_opnd(in, IA64_OPND_B2)) {
			d->fn = h_br_ind;
			d->a = (uint8_t)opnd_of(in, IA64_OPND_B2);
		} else {
			d->fn = h_br;
			d->tgt = target(in, ip);
		}
		return true;
	case IA64_OP_BRL_COND:
		d->fn = h_br;
		d->tgt = target(in, ip);
		return true;
	case IA64_OP_BR_CALL:
	case IA64_OP_BRL_CALL:
		d->a = (uint8_t)opnd_of(in, IA64_OPND_B1);
		d->imm = (int64_t)(ip + 16);
		if (has_opnd(in, IA64_OPND_B2)) {
			d->fn = h_call_ind;
			d->b = (uint8_t)opnd_of(in, IA64_OPND_B2);
		} else {
			d->fn = h_call;
			d->tgt = target(in, ip);
		}
		return true;
	case IA64_OP_BR_RET:
		d->fn = h_ret;
		d->a = (uint8_t)opnd_of(in, IA64_OPND_B2);
		return true;
	case IA64_OP_BR_IA:
		/* no IA-32 here: a Disabled Instruction Set Transition, reported
		 * as an Illegal Operation */
		d->fn = h_illegal;
		return true;
	case IA64_OP_BR_CLOOP:
	case IA64_OP_BR_CTOP:
	case IA64_OP_BR_CEXIT:
	case IA64_OP_BR_WTOP:
	case IA64_OP_BR_WEXIT:
		d->tgt = target(in, ip);
		if (in->slot != 2) {
			d->fn = h_illegal;
			return true;
		}
		switch (o->op) {
		case IA64_OP_BR_CLOOP:
			d->fn = h_cloop;
			break;
		case IA64_OP_BR_CTOP:
		case IA64_OP_BR_CEXIT:
			d->fn = h_ctop;
			d->a = o->op == IA64_OP_BR_CEXIT;
			break;
		default:
			d->fn = h_wtop;
			d->a = o->op == IA64_OP_BR_WEXIT;
			d->p1 = in->qp;
			d->qp = 0;
			break;
		}
		return true;
	case IA64_OP_BRP:
		d->fn = NULL; /* a hint: dropped */
		return true;
	case IA64_OP_CHK_S:
		d->tgt = target(in, ip);
		if (o->sub1) {
			d->fn = h_chk_sf;
			d->a = (uint8_t)opnd_of(in, IA64_OPND_F2);
		} else {
			d->fn = h_chk_s;
		}
		return true;
	case IA64_OP_CHK_A:
		d->fn = h_chk_a;
		d->tgt = target(in, ip);
		d->b = o->sub1;
		d->e = o->sub2;
		if (d->e)
			d->a = (uint8_t)opnd_of(in, IA64_OPND_F1);
		return true;
	case IA64_OP_FCHKF:
		d->fn = h_fchkf;
		d->a = o->sub1;
		d->tgt = target(in, ip);
		return true;
	case IA64_OP_ALLOC:
		d->fn = h_alloc;
		d->a = (uint8_t)opnd_of(in, IA64_OPND_SOF);
		d->b = (uint8_t)opnd_of(in, IA64_OPND_SOL);
		d->c = (uint8_t)opnd_of(in, IA64_OPND_SOR);
		d->qp = 0;    /* not predicated: bits 0..5 are ignored */
		d->maxgr = 0; /* r1 is checked against the new frame */
		return true;
	case IA64_OP_FLUSHRS:
		d->fn = h_flushrs;
		d->qp = 0;
		return true;
	case IA64_OP_LOADRS:
		d->fn = h_loadrs;
		d->qp = 0;
		return true;
	case IA64_OP_COVER:
		d->fn = h_cover;
		d->qp = 0;
		return true;
	case IA64_OP_CLRRRB:
		d->fn = h_clrrrb;
		d->a = o->sub1;
		d->qp = 0;
		return true;
	case IA64_OP_EPC:
		d->fn = h_epc;
		d->qp = 0;
		return true;
	default:
		return false;
	}
}

/* ---- the block compiler's view of these ops (jit.h) ------------------------------------------ */

bool cpu_jit_br(const struct dslot *d, cpu_handler h, struct jit_op *op)
{
	jit_op_init(op, d);
	op->imm = (int64_t)d->tgt;
	if (h == h_br)
		op->kind = JK_BR;
	else if (h == h_cloop)
		op->kind = JK_CLOOP;
	return op->kind != JK_NONE;
}
