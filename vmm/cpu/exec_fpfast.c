// SPDX-License-Identifier: GPL-2.0
/*
 * Fast forms of the commonest FP-register operations, decoded into their
 * own handlers instead of exec_fp.c's generic walk: getf/setf (.sig, .d,
 * .s), xma, and the fma family on doubles in round-to-nearest.
 *
 * The fma fast path runs only where the host's correctly rounded fma() is
 * provably the SDM's result and the FPSR ends up as the exact path leaves
 * it; anything else goes to exec_fp.c:
 *   - the operands are normal doubles exactly (53 significant bits, a
 *     double's exponent), so the exact value f3 * f4 + f2 is the same real
 *     number on both sides, and both round it once to 53 bits, to nearest
 *     (the status field's rc);
 *   - the precision is double: the .d completer, or the status field's pc;
 *   - the rounded result is a normal double at least twice the smallest
 *     (nothing tiny: no underflow, no denormal, no flush to zero, whatever
 *     the tininess rule; and as both exponent ranges, wre 0 or 1, contain
 *     it, the widest-range bit changes nothing) and finite below 2^1023 (no
 *     overflow); zeros, whose sign rules we leave to the library, go too;
 *   - the status field already has its inexact flag (the only flag such an
 *     operation can raise: no invalid operand, no denormal operand, no
 *     overflow or underflow) and the inexact trap is disabled (traps.id or
 *     sf.td), so neither the flags nor a trap depend on exactness.
 * The result is then the double's register form, as fp_from_double gives.
 * Only on hosts with a fused multiply-add instruction (x86-64 with FMA,
 * aarch64).
 */
#include "exec.h"
#include "interp.h"

/* The host's fused multiply-add instruction, where it has one (no libm). */
#if defined(__x86_64__)
#define HAVE_HOST_FMA 1
__attribute__((target("fma"))) static double host_fma(double x, double y, double z)
{
	return __builtin_fma(x, y, z);
}
static bool host_fma_ok(void)
{
	static int ok = -1;
	if (ok < 0)
		ok = __builtin_cpu_supports("fma") != 0;
	return ok;
}
#elif defined(__aarch64__)
#define HAVE_HOST_FMA 1
static double host_fma(double x, double y, double z)
{
	return __builtin_fma(x, y, z);
}
static bool host_fma_ok(void)
{
	return true;
}
#else
#define HAVE_HOST_FMA 0
#endif

static const struct fp82 fr_zero = {0, 0, 0}, fr_one = {FP_INT_BIT, FP_BIAS, 0};

/* f0 and f1 read as +0.0 and +1.0 whatever the file holds. */
static inline const struct fp82 *fr_in(const struct cpu *c, unsigned f)
{
	if (f < 2)
		return f ? &fr_one : &fr_zero;
	return &c->fr[fr_index(c, f)];
}

static inline void fr_out(struct cpu *c, unsigned f, struct fp82 v)
{
	c->fr[fr_index(c, f)] = v;
	c->psr |= f < 32 ? PSR_MFL : PSR_MFH;
}

/* ---- getf, setf -------------------------------------------------------------------------- */

/* getf.{sig,d,s} r1 = f2 (a = f2, b = form): NaTVal gives a NaT. */
enum { GF_SIG, GF_D, GF_S };

static int h_getf(struct cpu *cpu, const struct dslot *d)
{
	const struct fp82 *f = fr_in(cpu, d->a);
	if (unlikely(fr_is_natval(f))) {
		xset(cpu, d->r1, 0, true);
		return next_slot(cpu, d);
	}
	uint64_t v = d->b == GF_SIG ? f->sig : d->b == GF_D ? fp_to_double(*f) : fp_to_single(*f);
	xset(cpu, d->r1, v, false);
	return next_slot(cpu, d);
}

/* setf.{sig,d,s} f1 = r2 (a = f1, b = form): a NaT gives NaTVal. */
static int h_setf(struct cpu *cpu, const struct dslot *d)
{
	struct fp82 v;
	if (unlikely(xnat(cpu, d->r2))) {
		fr_set_natval(&v);
	} else {
		uint64_t g = xget(cpu, d->r2);
		v = d->b == GF_SIG ? fp_int(g)
		    : d->b == GF_D ? fp_from_double(g)
				   : fp_from_single((uint32_t)g);
	}
	fr_out(cpu, d->a, v);
	return next_slot(cpu, d);
}

/* ---- xma ------------------------------------------------------------------------------------ */

/* xma.l f1 = f3, f4, f2 (a = f1, b = f3, c = f4, e = f2; p2 = form). */
static int h_xma(struct cpu *cpu, const struct dslot *d)
{
	fr_out(cpu, d->a, fp_xma(d->p2, *fr_in(cpu, d->b), *fr_in(cpu, d->c), *fr_in(cpu, d->e)));
	return next_slot(cpu, d);
}

/* ---- the fma family on doubles -------------------------------------------------------------- */
#if HAVE_HOST_FMA

/* x as a double, if it is exactly a normal one. */
static inline bool as_double(const struct fp82 *x, double *out)
{
	if (x->exp - (FP_BIAS - 1022) > 2045u || !(x->sig & FP_INT_BIT) || (x->sig & 0x7ff))
		return false;
	uint64_t bits = (uint64_t)(x->sign & 1) << 63 | (uint64_t)(x->exp - FP_BIAS + 1023) << 52 |
			((x->sig << 1) >> 12);
	memcpy(out, &bits, 8);
	return true;
}

/* fma, fms, fnma f1 = f3, f4, f2 (a = f1, b = f3, c = f4, e = f2 or 0 for
 * none; p1 = sf, p2 = form; imm 1: the precision is the status field's). */
static int h_fma_d(struct cpu *cpu, const struct dslot *d)
{
	uint64_t fpsr = cpu->ar[AR_FPSR];
	unsigned sf = fp_fpsr_sf(fpsr, d->p1); /* controls 0-6, flags 7-12 */
	bool ok = ((sf >> 4) & 3) == FP_RC_RN && (sf >> 7) & FP_I &&
		  ((fpsr & FP_I) || (sf & FP_SF_TD)) &&
		  (!d->imm || ((sf >> 2) & 3) == FP_PCF_DOUBLE);
	double x, y, z = 0;
	if (unlikely(!ok) || !as_double(fr_in(cpu, d->b), &x) || !as_double(fr_in(cpu, d->c), &y) ||
	    (d->e && !as_double(fr_in(cpu, d->e), &z)))
		return cpu_h_fp(cpu, d);
	if (d->p2 == FP_FMS)
		z = -z;
	else if (d->p2 == FP_FNMA)
		x = -x;
	double r = host_fma(x, y, z);
	uint64_t bits;
	memcpy(&bits, &r, 8);
	unsigned e = (unsigned)(bits >> 52) & 0x7ff;
	if (unlikely(e < 2 || e > 0x7fd))
		return cpu_h_fp(cpu, d); /* zero, tiny, huge or not finite */
	fr_out(cpu, d->a, fp_from_double(bits));
	return next_slot(cpu, d);
}
#endif

/* ---- decoding --------------------------------------------------------------------------------- */

static inline unsigned fld(const struct ia64_insn *in, unsigned pos)
{
	return (unsigned)(in->bits >> pos) & 0x7f;
}

bool cpu_decode_fp_fast(struct dslot *d, const struct ia64_insn *in)
{
	const struct ia64_opcode *o = in->opc;
	unsigned f1 = fld(in, 6), f2 = fld(in, 13), f3 = fld(in, 20), f4 = fld(in, 27);
	switch (o->op) {
	case IA64_OP_GETF:
	case IA64_OP_SETF:
		/* optab_mem.c sub1: 0 .sig, 1 .exp, 2 .s, 3 .d */
		if (o->sub1 == 1)
			return false;
		d->b = o->sub1 == 0 ? GF_SIG : o->sub1 == 3 ? GF_D : GF_S;
		if (o->op == IA64_OP_GETF) {
			d->fn = h_getf;
			d->a = (uint8_t)f2;
		} else {
			if (f1 < 2)
				return false;
			d->fn = h_setf;
			d->a = (uint8_t)f1;
		}
		return true;
	case IA64_OP_XMA:
		if (f1 < 2)
			return false;
		d->fn = h_xma;
		break;
#if HAVE_HOST_FMA
	case IA64_OP_FMA:
	case IA64_OP_FMS:
	case IA64_OP_FNMA:
		if (f1 < 2 || o->sub2 == FP_PC_S || o->sub1 > 3 || !host_fma_ok())
			return false;
		d->fn = h_fma_d;
		d->p1 = o->sub1;
		d->p2 = o->op == IA64_OP_FMA ? FP_FMA : o->op == IA64_OP_FMS ? FP_FMS : FP_FNMA;
		d->imm = o->sub2 == FP_PC_SF;
		break;
#endif
	default:
		return false;
	}
	d->a = (uint8_t)f1;
	d->b = (uint8_t)f3;
	d->c = (uint8_t)f4;
	d->e = (uint8_t)f2;
	if (o->op == IA64_OP_XMA)
		d->p2 = o->sub2;
	return true;
}
