// SPDX-License-Identifier: GPL-2.0
/*
 * Fast forms of the commonest FP-register operations, decoded into their
 * own handlers instead of exec_fp.c's generic walk: getf/setf (.sig, .d,
 * .s), xma, and the fma family (fma, fms, fnma, and so fmpy, fadd, fsub,
 * fnorm...) on normal operands in round-to-nearest.
 *
 * The fma fast paths run only where their result is provably the SDM's and
 * the FPSR ends up as the exact path leaves it; anything else goes to
 * exec_fp.c.  For doubles in double precision, the host's correctly
 * rounded fused multiply-add:
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
#include "jit.h"

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

/* xma.l/.h/.hu f1 = f3, f4, f2 (a = f1, b = f3, c = f4, e = f2; p2 = form:
 * 0 .l, 1 .h, 2 .hu).  What fp_xma computes, without the call: the
 * significands' 128-bit product (signed for .h: the unsigned high half
 * corrected) plus f2's zero-extended, the low or high 64 bits as an
 * integer (sign 0, exponent 0x1003E); NaTVal in, NaTVal out. */
static int h_xma(struct cpu *cpu, const struct dslot *d)
{
	const struct fp82 *x = fr_in(cpu, d->b), *y = fr_in(cpu, d->c), *z = fr_in(cpu, d->e);
	struct fp82 v;
	if (unlikely(fr_is_natval(x) || fr_is_natval(y) || fr_is_natval(z))) {
		fr_set_natval(&v);
	} else if (d->p2 == 0) {
		v = fp_int(x->sig * y->sig + z->sig);
	} else {
		unsigned __int128 p = (unsigned __int128)x->sig * y->sig;
		uint64_t hi = (uint64_t)(p >> 64), lo = (uint64_t)p;
		if (d->p2 != 2) {
			if (x->sig >> 63)
				hi -= y->sig;
			if (y->sig >> 63)
				hi -= x->sig;
		}
		uint64_t l2 = lo + z->sig;
		v = fp_int(hi + (l2 < lo));
	}
	fr_out(cpu, d->a, v);
	return next_slot(cpu, d);
}

/* ---- the fma family ------------------------------------------------------------------------- */

/*
 * Normal operands (integer bit set, exponent neither 0 nor the specials'),
 * any precision, round to nearest: the sum is formed exactly in a 256-bit
 * window (an operand too far below the other becomes a sticky bit, which is
 * all rounding to nearest needs of it) and rounded once to the precision.
 * The same conditions on the result and the FPSR as above.
 */
struct u256 {
	uint64_t w[4]; /* w[3] most significant */
};

/* v << sh into r (sh < 0: v >> -sh, the bits lost ORed into *sticky). */
static void place(struct u256 *r, unsigned __int128 v, int sh, bool *sticky)
{
	memset(r, 0, sizeof(*r));
	if (sh < 0) {
		unsigned n = (unsigned)-sh;
		if (n >= 128) {
			*sticky |= v != 0;
			return;
		}
		*sticky |= (v & (((unsigned __int128)1 << n) - 1)) != 0;
		v >>= n;
		sh = 0;
	}
	unsigned ws = (unsigned)sh / 64, bs = (unsigned)sh % 64;
	uint64_t lo = (uint64_t)v, hi = (uint64_t)(v >> 64);
	uint64_t part[3] = {lo << bs, hi << bs | (bs ? lo >> (64 - bs) : 0), bs ? hi >> (64 - bs) : 0};
	for (unsigned k = 0; k < 3 && ws + k < 4; k++)
		r->w[ws + k] = part[k];
}

static bool u256_less(const struct u256 *a, const struct u256 *b)
{
	for (unsigned k = 4; k--;)
		if (a->w[k] != b->w[k])
			return a->w[k] < b->w[k];
	return false;
}

static void u256_add(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	unsigned c = 0;
	for (unsigned k = 0; k < 4; k++) {
		uint64_t s = a->w[k] + b->w[k];
		unsigned c1 = s < a->w[k];
		r->w[k] = s + c;
		c = c1 | (r->w[k] < s);
	}
}

/* r = a - b - borrow_in (a >= b + borrow_in). */
static void u256_sub(struct u256 *r, const struct u256 *a, const struct u256 *b, unsigned borrow)
{
	for (unsigned k = 0; k < 4; k++) {
		uint64_t d = a->w[k] - b->w[k];
		unsigned b1 = a->w[k] < b->w[k];
		r->w[k] = d - borrow;
		borrow = b1 | (d < borrow);
	}
}

/* Bits [pos, pos + 64) of a (pos may be negative: zeros below bit 0). */
static uint64_t u256_bits(const struct u256 *a, int pos)
{
	if (pos <= -64)
		return 0;
	if (pos < 0)
		return a->w[0] << -pos;
	unsigned ws = (unsigned)pos / 64, bs = (unsigned)pos % 64;
	uint64_t lo = ws < 4 ? a->w[ws] : 0, hi = ws + 1 < 4 ? a->w[ws + 1] : 0;
	return bs ? lo >> bs | hi << (64 - bs) : lo;
}

/* Any bit of a below pos. */
static bool u256_any_below(const struct u256 *a, int pos)
{
	for (unsigned k = 0; k < 4 && pos > 0; k++, pos -= 64) {
		uint64_t m = pos >= 64 ? ~0ull : (1ull << pos) - 1;
		if (a->w[k] & m)
			return true;
	}
	return false;
}

static inline bool is_normal(const struct fp82 *x)
{
	return x->exp - 1 < FP_EXP_NATVAL - 1 && (x->sig & FP_INT_BIT);
}

/*
 * a * b + c (c NULL: none) exactly, rounded to nearest to p bits; false
 * when an operand is not normal or the sum is zero.  *e gets the unbiased
 * exponent of the result's leading bit.
 */
static bool fma_exact(const struct fp82 *a, const struct fp82 *b, const struct fp82 *c, bool negp,
		      bool negc, unsigned p, struct fp82 *r, int *e)
{
	if (!is_normal(a) || !is_normal(b) || (c && !is_normal(c)))
		return false;
	unsigned __int128 prod = (unsigned __int128)a->sig * b->sig;
	unsigned sp = (a->sign ^ b->sign ^ negp) & 1;
	/* value = prod * 2^ep, = c->sig * 2^ec */
	int ep = (int)a->exp + (int)b->exp - 2 * (int)FP_BIAS - 126;
	int mp = ep + (prod >> 127 ? 127 : 126); /* the leading bit's exponent */
	struct u256 x, y, s;
	bool sticky = false;
	unsigned sign = sp;
	int lsb; /* the exponent of the window's bit 0 */
	if (!c) {
		lsb = mp - 253;
		place(&s, prod, ep - lsb, &sticky);
	} else {
		int ec = (int)c->exp - (int)FP_BIAS - 63, mc = ec + 63;
		unsigned sc = (c->sign ^ negc) & 1;
		lsb = (mp > mc ? mp : mc) - 253;
		place(&x, prod, ep - lsb, &sticky);
		place(&y, c->sig, ec - lsb, &sticky);
		/* only the smaller one can have lost bits (it lies 128 bits down) */
		if (sp == sc) {
			u256_add(&s, &x, &y);
		} else {
			bool xbig = !u256_less(&x, &y);
			/* big - (small + epsilon) = (big - small - 1) + (1 - epsilon) */
			u256_sub(&s, xbig ? &x : &y, xbig ? &y : &x, sticky);
			sign = xbig ? sp : sc;
		}
	}
	int msb = -1;
	for (unsigned k = 4; k--;)
		if (s.w[k]) {
			msb = (int)k * 64 + 63 - __builtin_clzll(s.w[k]);
			break;
		}
	if (msb < 0)
		return false; /* zero: its sign rules are the library's */
	/* p bits from msb down, the round bit below them, then sticky */
	int low = msb - (int)p + 1;
	uint64_t m = u256_bits(&s, low) & (p == 64 ? ~0ull : (1ull << p) - 1);
	bool round = low > 0 && (u256_bits(&s, low - 1) & 1);
	sticky |= low > 1 && u256_any_below(&s, low - 1);
	int ex = msb + lsb;
	if (round && (sticky || (m & 1))) {
		m++;
		if (p < 64 ? m >> p : m == 0) {
			m = 1ull << (p - 1);
			ex++;
		}
	}
	*r = fp_make(sign, (uint32_t)(ex + (int)FP_BIAS), m << (64 - p));
	*e = ex;
	return true;
}

/* The result's exponent is safely normal: well inside the range the status
 * field gives (wre: 17 bits, else the precision's own: 8, 11 or 15). */
static bool exp_ok(int e, unsigned p, bool wre)
{
	int emax = wre ? 65535 : p == 24 ? 127 : p == 53 ? 1023 : 16383;
	return e > 10 - emax && e < emax - 10;
}

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

/* Doubles in double precision: the host's fma; false to go on. */
static bool fma_host(struct cpu *cpu, const struct dslot *d, const struct fp82 *a,
		     const struct fp82 *b, const struct fp82 *c)
{
	double x, y, z = 0;
	if (!as_double(a, &x) || !as_double(b, &y) || (c && !as_double(c, &z)))
		return false;
	if (d->p2 == FP_FMS)
		z = -z;
	else if (d->p2 == FP_FNMA)
		x = -x;
	double r = host_fma(x, y, z);
	uint64_t bits;
	memcpy(&bits, &r, 8);
	unsigned e = (unsigned)(bits >> 52) & 0x7ff;
	if (e < 2 || e > 0x7fd)
		return false; /* zero, tiny, huge or not finite */
	fr_out(cpu, d->a, fp_from_double(bits));
	return true;
}
#endif

/* fma, fms, fnma f1 = f3, f4, f2 (a = f1, b = f3, c = f4, e = f2 or 0 for
 * none; p1 = sf, p2 = form; imm = the precision's bits, 0: the status
 * field's). */
static int h_fma(struct cpu *cpu, const struct dslot *d)
{
	uint64_t fpsr = cpu->ar[AR_FPSR];
	unsigned sf = fp_fpsr_sf(fpsr, d->p1); /* controls 0-6, flags 7-12 */
	unsigned p = (unsigned)d->imm;
	if (!p) {
		static const uint8_t pc_bits[4] = {24, 0, 53, 64};
		p = pc_bits[(sf >> 2) & 3];
	}
	if (unlikely(((sf >> 4) & 3) != FP_RC_RN || !((sf >> 7) & FP_I) ||
		     !((fpsr & FP_I) || (sf & FP_SF_TD)) || !p))
		return cpu_h_fp(cpu, d);
	const struct fp82 *a = fr_in(cpu, d->b), *b = fr_in(cpu, d->c);
	const struct fp82 *c = d->e ? fr_in(cpu, d->e) : NULL;
#if HAVE_HOST_FMA
	if (p == 53 && host_fma_ok() && fma_host(cpu, d, a, b, c))
		return next_slot(cpu, d);
#endif
	struct fp82 r;
	int e;
	if (!fma_exact(a, b, c, d->p2 == FP_FNMA, d->p2 == FP_FMS, p, &r, &e) ||
	    !exp_ok(e, p, (sf >> 1) & 1))
		return cpu_h_fp(cpu, d);
	fr_out(cpu, d->a, r);
	return next_slot(cpu, d);
}

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
	case IA64_OP_FMA:
	case IA64_OP_FMS:
	case IA64_OP_FNMA:
		if (f1 < 2 || o->sub1 > 3)
			return false;
		d->fn = h_fma;
		d->p1 = o->sub1;
		d->p2 = o->op == IA64_OP_FMA ? FP_FMA : o->op == IA64_OP_FMS ? FP_FMS : FP_FNMA;
		d->imm = o->sub2 == FP_PC_S ? 24 : o->sub2 == FP_PC_D ? 53 : 0;
		break;
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

/* ---- the block compiler's view of these ops (jit.h) ------------------------------------------ */

/* The integer-multiply idiom (setf.sig, xma.l, getf.sig) on f0-f31. */
bool cpu_jit_fp(const struct dslot *d, cpu_handler h, struct jit_op *op)
{
	jit_op_init(op, d);
	if (h == h_setf && d->b == GF_SIG && d->a >= 2 && d->a < 32)
		op->kind = JK_SETF;
	else if (h == h_getf && d->b == GF_SIG && d->a < 32 && d->r1)
		op->kind = JK_GETF;
	else if (h == h_xma && d->p2 == 0 && d->a >= 2 && d->a < 32 && d->b < 32 && d->c < 32 && d->e < 32)
		op->kind = JK_XMAL;
	return op->kind != JK_NONE;
}
