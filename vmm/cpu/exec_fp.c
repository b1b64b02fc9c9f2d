// SPDX-License-Identifier: GPL-2.0
/*
 * The F-unit instructions, getf/setf and the FR side of the FP loads and
 * stores, on struct cpu, through the FP library (vmm/fp).  Semantics: the
 * instruction pages of SDM rev 2.3 vol 3; register fields are read from the
 * slot bits (formats F1-F16, M6-M12, M18, M19), so pseudo-ops need no care.
 *
 * Order, as the pages give it: target register checks (f1 = f0/f1, p1 = p2,
 * a GR outside the frame: Illegal Operation), NaTVal sources, the IEEE fault
 * check (a fault writes nothing), the result and the FPSR flags, then an
 * IEEE trap.  Every FR write sets psr.mfl (f2-f31) or psr.mfh (f32-f127).
 *
 * The contract with the core is exec.h's.  cpu_exec_fp also evaluates the
 * qualifying predicate: when it is 0, fcmp.unc and fclass.unc clear p1 and
 * p2, and frcpa/fprcpa/frsqrta/fprsqrta clear p2 (their pages' "else" arm),
 * so a core may pass those slots whatever their predicate.
 *
 * Faults and traps: exit->fp_flags holds the FP_* flags that fault or trap
 * in bits 0-5 and the ISR.code of the interruption (SDM vol 2 8.2) in bits
 * 16-31.
 */
#include <string.h>

#include "cpu.h"
#include "exec.h"
#include "fp82.h"
#include "regs.h"

#define AR_FPSR 40
#define PSR_MFL (1ull << 4)
#define PSR_MFH (1ull << 5)

/* getf/setf forms (optab_mem.c sub1). */
enum { FR_SIG, FR_EXP, FR_S, FR_D };

static inline unsigned field(const struct ia64_insn *in, unsigned pos, unsigned len)
{
	return (unsigned)(in->bits >> pos) & ((1u << len) - 1);
}

#define F1(in) field(in, 6, 7)
#define F2(in) field(in, 13, 7)
#define F3(in) field(in, 20, 7)
#define F4(in) field(in, 27, 7)
#define P1(in) field(in, 6, 6)
#define P2(in) field(in, 27, 6)

static struct fp82 fr_get(const struct cpu *c, unsigned f)
{
	if (f == 0)
		return fp_make(0, 0, 0);
	if (f == 1)
		return fp_make(0, FP_BIAS, FP_INT_BIT);
	return c->fr[fr_index(c, f)];
}

static void fr_put(struct cpu *c, unsigned f, struct fp82 v)
{
	c->fr[fr_index(c, f)] = v;
	c->psr |= f < 32 ? PSR_MFL : PSR_MFH;
}

static bool gr_in_frame(const struct cpu *c, unsigned r)
{
	return r < 32 || r < 32u + c->cfm.sof;
}

static bool fault(struct cpu_exit *x, const struct ia64_insn *in, enum cpu_fault f,
		  uint32_t fp_flags)
{
	memset(x, 0, sizeof(*x));
	x->kind = CPU_EXIT_FAULT;
	x->fault = f;
	x->fp_flags = fp_flags;
	x->insn = *in;
	return true;
}

/* An IEEE fault: nothing written. */
static bool ieee_fault(struct cpu_exit *x, const struct ia64_insn *in, const struct fp_status *st)
{
	return fault(x, in, CPU_FAULT_FP_FAULT, st->fault | st->isr << 16);
}

/* The result is written: set the status field's flags, then trap if asked. */
static bool finish(struct cpu *c, const struct ia64_insn *in, unsigned sf,
		   const struct fp_status *st, struct cpu_exit *x)
{
	c->ar[AR_FPSR] = fp_fpsr_set_flags(c->ar[AR_FPSR], sf, st->flags);
	if (st->trap)
		return fault(x, in, CPU_FAULT_FP_TRAP, st->trap | st->isr << 16);
	return false;
}

/* The qualifying predicate is 0: what still happens. */
static bool exec_qp_false(struct cpu *c, const struct ia64_insn *in, struct cpu_exit *x)
{
	switch (in->opc->op) {
	case IA64_OP_FCMP:
	case IA64_OP_FCLASS:
		if (!(in->opc->op == IA64_OP_FCMP ? in->opc->sub2 & 4 : in->opc->sub2))
			return false;
		if (P1(in) == P2(in))
			return fault(x, in, CPU_FAULT_ILLEGAL_OP, 0);
		pr_set(c, P1(in), false);
		pr_set(c, P2(in), false);
		return false;
	case IA64_OP_FRCPA:
	case IA64_OP_FPRCPA:
	case IA64_OP_FRSQRTA:
	case IA64_OP_FPRSQRTA:
		pr_set(c, P2(in), false);
		return false;
	default:
		return false;
	}
}

static bool exec_getf(struct cpu *c, const struct ia64_insn *in, struct cpu_exit *x)
{
	unsigned r1 = F1(in);
	if (r1 == 0 || !gr_in_frame(c, r1))
		return fault(x, in, CPU_FAULT_ILLEGAL_OP, 0);
	struct fp82 v = fr_get(c, F2(in));
	if (fp_is_natval(v)) {
		gr_set(c, r1, 0, true);
		return false;
	}
	uint64_t r;
	switch (in->opc->sub1) {
	case FR_SIG:
		r = v.sig;
		break;
	case FR_EXP:
		r = (uint64_t)(v.sign & 1) << 17 | (v.exp & FP_EXP_MAX);
		break;
	case FR_S:
		r = fp_to_single(v);
		break;
	default:
		r = fp_to_double(v);
		break;
	}
	gr_set(c, r1, r, false);
	return false;
}

static bool exec_setf(struct cpu *c, const struct ia64_insn *in, struct cpu_exit *x)
{
	unsigned f1 = F1(in), r2 = F2(in);
	if (f1 < 2 || !gr_in_frame(c, r2))
		return fault(x, in, CPU_FAULT_ILLEGAL_OP, 0);
	if (gr_nat(c, r2)) {
		fr_put(c, f1, fp_natval());
		return false;
	}
	uint64_t v = gr_get(c, r2);
	struct fp82 r;
	switch (in->opc->sub1) {
	case FR_SIG:
		r = fp_int(v);
		break;
	case FR_EXP:
		r = fp_make((uint32_t)(v >> 17) & 1, (uint32_t)v & FP_EXP_MAX, FP_INT_BIT);
		break;
	case FR_S:
		r = fp_from_single((uint32_t)v);
		break;
	default:
		r = fp_from_double(v);
		break;
	}
	fr_put(c, f1, r);
	return false;
}

bool cpu_exec_fp(struct cpu *cpu, const struct ia64_insn *in, struct cpu_exit *exit)
{
	const struct ia64_opcode *o = in->opc;
	if (!pr_get(cpu, in->qp))
		return exec_qp_false(cpu, in, exit);

	const uint64_t fpsr = cpu->ar[AR_FPSR];
	const unsigned sf = o->sub1, f1 = F1(in);
	struct fp_status st;
	struct fp82 r;
	bool p;

	switch (o->op) {
	case IA64_OP_GETF:
		return exec_getf(cpu, in, exit);
	case IA64_OP_SETF:
		return exec_setf(cpu, in, exit);
	case IA64_OP_FCHKF: /* a branch: the core's */
	case IA64_OP_NOP:
	case IA64_OP_HINT:
		return false;
	case IA64_OP_FSETC: {
		uint64_t f = fpsr;
		if (!fp_fsetc(&f, sf, field(in, 13, 7), field(in, 20, 7)))
			return fault(exit, in, CPU_FAULT_RESERVED_REG, 0);
		cpu->ar[AR_FPSR] = f;
		return false;
	}
	case IA64_OP_FCLRF:
		cpu->ar[AR_FPSR] = fp_fclrf(fpsr, sf);
		return false;
	case IA64_OP_FCMP: {
		unsigned p1 = P1(in), p2 = P2(in);
		if (p1 == p2)
			return fault(exit, in, CPU_FAULT_ILLEGAL_OP, 0);
		int rel =
		    fp_fcmp(fpsr, sf, o->sub2 & 3, fr_get(cpu, F2(in)), fr_get(cpu, F3(in)), &st);
		if (st.fault)
			return ieee_fault(exit, in, &st);
		pr_set(cpu, p1, rel > 0);
		pr_set(cpu, p2, rel == 0);
		return finish(cpu, in, sf, &st, exit);
	}
	case IA64_OP_FCLASS: {
		unsigned p1 = P1(in), p2 = P2(in);
		if (p1 == p2)
			return fault(exit, in, CPU_FAULT_ILLEGAL_OP, 0);
		/* F5: fclass9{8:2} in bits 20-26 (fclass7c), fclass9{1:0} in 33-34 (fc2) */
		unsigned fclass9 = field(in, 20, 7) << 2 | field(in, 33, 2);
		bool m = fp_fclass(fr_get(cpu, F2(in)), fclass9);
		pr_set(cpu, p1, m);
		pr_set(cpu, p2, !m);
		return false;
	}
	default:
		break;
	}

	/* Everything below writes f1. */
	if (f1 < 2)
		return fault(exit, in, CPU_FAULT_ILLEGAL_OP, 0);
	struct fp82 a = fr_get(cpu, F2(in)), b = fr_get(cpu, F3(in));

	switch (o->op) {
	case IA64_OP_FMA:
	case IA64_OP_FMS:
	case IA64_OP_FNMA:
	case IA64_OP_FPMA:
	case IA64_OP_FPMS:
	case IA64_OP_FPNMA: {
		unsigned form = (o->op == IA64_OP_FMA || o->op == IA64_OP_FPMA)	  ? FP_FMA
				: (o->op == IA64_OP_FMS || o->op == IA64_OP_FPMS) ? FP_FMS
										  : FP_FNMA;
		struct fp82 f4 = fr_get(cpu, F4(in));
		const struct fp82 *addend = F2(in) ? &a : NULL;
		if (o->op == IA64_OP_FMA || o->op == IA64_OP_FMS || o->op == IA64_OP_FNMA)
			r = fp_fma(fpsr, sf, o->sub2, form, b, f4, addend, &st);
		else
			r = fp_fpma(fpsr, sf, form, b, f4, addend, &st);
		break;
	}
	case IA64_OP_XMA:
		fr_put(cpu, f1, fp_xma(o->sub2, b, fr_get(cpu, F4(in)), a));
		return false;
	case IA64_OP_FSELECT:
		fr_put(cpu, f1, fp_fselect(b, fr_get(cpu, F4(in)), a));
		return false;
	case IA64_OP_FRCPA:
	case IA64_OP_FPRCPA:
	case IA64_OP_FRSQRTA:
	case IA64_OP_FPRSQRTA:
		if (o->op == IA64_OP_FRCPA)
			r = fp_frcpa(fpsr, sf, a, b, &p, &st);
		else if (o->op == IA64_OP_FPRCPA)
			r = fp_fprcpa(fpsr, sf, a, b, &p, &st);
		else if (o->op == IA64_OP_FRSQRTA)
			r = fp_frsqrta(fpsr, sf, b, &p, &st);
		else
			r = fp_fprsqrta(fpsr, sf, b, &p, &st);
		if (st.fault)
			return ieee_fault(exit, in, &st);
		fr_put(cpu, f1, r);
		pr_set(cpu, P2(in), p);
		return finish(cpu, in, sf, &st, exit);
	case IA64_OP_FMIN:
	case IA64_OP_FMAX:
	case IA64_OP_FAMIN:
	case IA64_OP_FAMAX:
		r = fp_fminmax(fpsr, sf, (unsigned)(o->op - IA64_OP_FMIN), a, b, &st);
		break;
	case IA64_OP_FPMIN:
	case IA64_OP_FPMAX:
	case IA64_OP_FPAMIN:
	case IA64_OP_FPAMAX:
		r = fp_fpminmax(fpsr, sf, (unsigned)(o->op - IA64_OP_FPMIN), a, b, &st);
		break;
	case IA64_OP_FPCMP:
		r = fp_fpcmp(fpsr, sf, o->sub2, a, b, &st);
		break;
	case IA64_OP_FCVT_FX:
		r = fp_fcvt_fx(fpsr, sf, o->sub2, a, &st);
		break;
	case IA64_OP_FPCVT_FX:
		r = fp_fpcvt_fx(fpsr, sf, o->sub2, a, &st);
		break;
	case IA64_OP_FCVT_XF:
		fr_put(cpu, f1, fp_fcvt_xf(a));
		return false;
	case IA64_OP_FMERGE:
		fr_put(cpu, f1, fp_fmerge(o->sub2, a, b));
		return false;
	case IA64_OP_FPMERGE:
		fr_put(cpu, f1, fp_fpmerge(o->sub2, a, b));
		return false;
	case IA64_OP_FMIX:
		fr_put(cpu, f1, fp_fmix(o->sub2, a, b));
		return false;
	case IA64_OP_FSXT:
		fr_put(cpu, f1, fp_fsxt(o->sub2, a, b));
		return false;
	case IA64_OP_FPACK:
		fr_put(cpu, f1, fp_fpack(a, b));
		return false;
	case IA64_OP_FSWAP:
		fr_put(cpu, f1, fp_fswap(o->sub2, a, b));
		return false;
	case IA64_OP_FAND:
	case IA64_OP_FANDCM:
	case IA64_OP_FOR:
	case IA64_OP_FXOR: {
		unsigned op = o->op == IA64_OP_FAND	? FP_AND
			      : o->op == IA64_OP_FANDCM ? FP_ANDCM
			      : o->op == IA64_OP_FOR	? FP_OR
							: FP_XOR;
		fr_put(cpu, f1, fp_flogic(op, a, b));
		return false;
	}
	default:
		return fault(exit, in, CPU_FAULT_ILLEGAL_OP, 0);
	}

	/* The arithmetic operations with a status field. */
	if (st.fault)
		return ieee_fault(exit, in, &st);
	fr_put(cpu, f1, r);
	return finish(cpu, in, sf, &st, exit);
}

int cpu_fp_mem(struct cpu *cpu, const struct ia64_insn *in, uint8_t *bytes, bool store)
{
	enum fp_mem_kind kind;
	bool pair = false;
	switch (in->opc->op) {
	case IA64_OP_LDFS:
	case IA64_OP_STFS:
		kind = FP_MEM_S;
		break;
	case IA64_OP_LDFD:
	case IA64_OP_STFD:
		kind = FP_MEM_D;
		break;
	case IA64_OP_LDF8:
	case IA64_OP_STF8:
		kind = FP_MEM_INT;
		break;
	case IA64_OP_LDFE:
	case IA64_OP_STFE:
		kind = FP_MEM_E;
		break;
	case IA64_OP_LDF_FILL:
	case IA64_OP_STF_SPILL:
		kind = FP_MEM_SPILL;
		break;
	case IA64_OP_LDFPS:
		kind = FP_MEM_S, pair = true;
		break;
	case IA64_OP_LDFPD:
		kind = FP_MEM_D, pair = true;
		break;
	case IA64_OP_LDFP8:
		kind = FP_MEM_INT, pair = true;
		break;
	default:
		return CPU_FAULT_ILLEGAL_OP;
	}
	if (store) {
		struct fp82 v = fr_get(cpu, F2(in));
		if (kind != FP_MEM_SPILL && fp_is_natval(v))
			return CPU_FAULT_NAT_CONSUMPTION;
		fp_store(kind, v, bytes);
		return 0;
	}
	unsigned f1 = F1(in);
	if (f1 < 2)
		return CPU_FAULT_ILLEGAL_OP;
	if (pair) {
		/* the two targets must be in different banks (odd and even physical) */
		unsigned f2 = F2(in);
		if (f2 < 2 || ((fr_index(cpu, f1) ^ fr_index(cpu, f2)) & 1) == 0)
			return CPU_FAULT_ILLEGAL_OP;
		fr_put(cpu, f1, fp_load(kind, bytes));
		fr_put(cpu, f2, fp_load(kind, bytes + fp_mem_size(kind)));
		return 0;
	}
	fr_put(cpu, f1, fp_load(kind, bytes));
	return 0;
}
