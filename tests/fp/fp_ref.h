/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model for the FP library tests: register values in and out of
 * MPFR, and the IEEE results the SDM asks for, computed by MPFR at the right
 * precision and exponent range (mpfr_set_emin/emax, mpfr_subnormalize).
 * Only the IA-64 rules MPFR does not know are written out here: tininess
 * after rounding, U only when inexact (unless U traps), flush-to-zero, the
 * exponent-wrapped results trap handlers receive, and the register encoding
 * (17-bit exponent, explicit integer bit, canonical double-extended denormals).
 */
#ifndef LOL_TESTS_FP_REF_H
#define LOL_TESTS_FP_REF_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gmp.h>
#include <mpfr.h>

#include "fp82.h"

/* ---- random numbers ------------------------------------------------------------------------ */

static uint64_t ref_rng = 0x243f6a8885a308d3ull;

static inline uint64_t rnd64(void)
{
	/* xorshift64* */
	ref_rng ^= ref_rng >> 12;
	ref_rng ^= ref_rng << 25;
	ref_rng ^= ref_rng >> 27;
	return ref_rng * 0x2545f4914f6cdd1dull;
}

static inline unsigned rndn(unsigned n)
{
	return (unsigned)(rnd64() % n);
}

static inline int64_t rnd_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd64() % (uint64_t)(hi - lo + 1));
}

/* ---- configurations ------------------------------------------------------------------------ */

/* The precision and range an fma completer and status field give (SDM vol 1
 * table 5-6 and fp_decode_environment). */
struct ref_cfg {
	unsigned prec;
	long emin, emax;
	bool es15;
};

static inline struct ref_cfg ref_cfg_of(unsigned pc, unsigned controls)
{
	bool wre = controls & FP_SF_WRE;
	unsigned es;
	struct ref_cfg c;
	if (pc == FP_PC_S) {
		c.prec = 24, es = wre ? 17 : 8;
	} else if (pc == FP_PC_D) {
		c.prec = 53, es = wre ? 17 : 11;
	} else if (pc == 9) { /* parallel */
		c.prec = 24, es = 8;
	} else if (pc == 8) { /* no precision completer (fcvt, frcpa) */
		c.prec = 64, es = 17;
	} else {
		unsigned p = (controls >> 2) & 3;
		c.prec = p == 0 ? 24 : p == 2 ? 53 : 64;
		es = wre ? 17 : 15;
	}
	c.emax = (1L << (es - 1)) - 1;
	c.emin = 2 - (1L << (es - 1));
	c.es15 = es == 15;
	return c;
}

static inline mpfr_rnd_t ref_rnd(unsigned rc)
{
	static const mpfr_rnd_t m[4] = {MPFR_RNDN, MPFR_RNDD, MPFR_RNDU, MPFR_RNDZ};
	return m[rc & 3];
}

static inline uint64_t ref_fpsr(unsigned sf, unsigned controls, unsigned traps_disabled)
{
	uint64_t f = FPSR_DEFAULT & ~0x3full;
	f |= traps_disabled & 0x3f;
	f &= ~(0x1fffull << (6 + 13 * sf));
	f |= (uint64_t)(controls & 0x7f) << (6 + 13 * sf);
	return f;
}

/* ---- values -------------------------------------------------------------------------------- */

/* The exact value of a register (any finite, infinite or NaN encoding). */
static inline void ref_get(mpfr_t r, struct fp82 x)
{
	if (x.exp == FP_EXP_MAX) {
		if (x.sig << 1)
			mpfr_set_nan(r);
		else
			mpfr_set_inf(r, x.sign ? -1 : 1);
		return;
	}
	if (!x.sig) {
		mpfr_set_zero(r, x.sign ? -1 : 1);
		return;
	}
	long e = (long)(x.exp ? x.exp : FP_EXP_DENORM) - (long)FP_BIAS - 63;
	mpfr_set_uj_2exp(r, x.sig, e, MPFR_RNDN);
	if (x.sign)
		mpfr_neg(r, r, MPFR_RNDN);
}

/* The register encoding of v (zero, infinite, or p-bit finite in the range
 * of c, denormals included), the most normalized one (SDM vol 1 5.1.1). */
static inline struct fp82 ref_put(mpfr_t v, const struct ref_cfg *c, bool wrap)
{
	uint32_t sign = mpfr_signbit(v) ? 1 : 0;
	if (mpfr_zero_p(v))
		return fp_make(sign, 0, 0);
	if (mpfr_inf_p(v))
		return fp_make(sign, FP_EXP_MAX, FP_INT_BIT);
	long e = mpfr_get_exp(v) - 1, eu = (!wrap && e < c->emin) ? c->emin : e;
	mpfr_t t;
	mpfr_init2(t, mpfr_get_prec(v));
	mpfr_abs(t, v, MPFR_RNDN);
	mpfr_mul_2si(t, t, 63 - eu, MPFR_RNDN);
	uint64_t sig = mpfr_get_uj(t, MPFR_RNDZ);
	mpfr_clear(t);
	uint32_t exp = (uint32_t)(eu + (long)FP_BIAS) & FP_EXP_MAX;
	if (!wrap && c->es15 && exp == FP_EXP_DENORM && !(sig & FP_INT_BIT))
		exp = 0;
	return fp_make(sign, exp, sig);
}

static inline void ref_setrange_max(void)
{
	mpfr_set_emin(mpfr_get_emin_min());
	mpfr_set_emax(mpfr_get_emax_max());
}

/* ---- the IEEE rounding of an exact operation, with IA-64's rules ---------------------------- */

struct ref_res {
	struct fp82 r;
	uint32_t flags, trap;
};

/* op: computes into its first argument rounded to that argument's precision
 * with the given mode, returning the ternary value (like mpfr_fma). */
typedef int (*ref_op)(mpfr_t r, void *ctx, mpfr_rnd_t rnd);

static inline void ref_round(struct ref_res *out, ref_op op, void *ctx, const struct ref_cfg *c,
			     unsigned rc, bool ftz_ctl, uint32_t dis)
{
	mpfr_rnd_t rnd = ref_rnd(rc);
	mpfr_t u, v;
	mpfr_init2(u, c->prec);
	mpfr_init2(v, c->prec);
	ref_setrange_max();
	int t1 = op(u, ctx, rnd);
	bool inx1 = t1 != 0;
	out->flags = out->trap = 0;
	if (mpfr_zero_p(u) || mpfr_inf_p(u) || mpfr_nan_p(u)) {
		out->r = ref_put(u, c, false);
		goto done;
	}
	long e = mpfr_get_exp(u) - 1;
	if (inx1)
		out->flags |= FP_I;
	if (e > c->emax) {
		out->flags |= FP_O;
		if (!(dis & FP_O)) {
			out->trap = FP_O | (inx1 ? FP_I : 0);
			out->r = ref_put(u, c, true);
			goto done;
		}
		bool inf = rc == FP_RC_RN || (rc == FP_RC_RM && mpfr_signbit(u)) ||
			   (rc == FP_RC_RP && !mpfr_signbit(u));
		uint32_t sign = mpfr_signbit(u) ? 1 : 0;
		out->r = inf ? fp_make(sign, FP_EXP_MAX, FP_INT_BIT)
			     : fp_make(sign, (uint32_t)(c->emax + (long)FP_BIAS),
				       ~0ull << (64 - c->prec));
		out->flags |= FP_I;
		if (!(dis & FP_I))
			out->trap = FP_I;
		goto done;
	}
	if (e < c->emin) {
		/* tiny after rounding */
		if (!(dis & FP_U)) {
			out->flags = FP_U | (inx1 ? FP_I : 0);
			out->trap = out->flags;
			out->r = ref_put(u, c, true);
			goto done;
		}
		if (ftz_ctl) {
			out->flags = FP_U | FP_I;
			out->trap = (dis & FP_I) ? 0 : FP_I;
			out->r = fp_make(mpfr_signbit(u) ? 1 : 0, 0, 0);
			goto done;
		}
		mpfr_set_emin(c->emin - (long)c->prec + 2);
		mpfr_set_emax(c->emax + 1);
		int t2 = op(v, ctx, rnd);
		t2 = mpfr_check_range(v, t2, rnd);
		t2 = mpfr_subnormalize(v, t2, rnd);
		ref_setrange_max();
		out->flags = t2 ? FP_U | FP_I : 0;
		out->trap = (t2 && !(dis & FP_I)) ? FP_I : 0;
		out->r = ref_put(v, c, false);
		goto done;
	}
	out->r = ref_put(u, c, false);
	if (inx1 && !(dis & FP_I))
		out->trap = FP_I;
done:
	ref_setrange_max();
	mpfr_clear(u);
	mpfr_clear(v);
}

/* fma family: a * b + c (c may be NULL: no addend), with the form's signs. */
struct ref_fma_ctx {
	mpfr_t a, b, c;
	bool has_c;
};

static inline int ref_fma_op(mpfr_t r, void *vctx, mpfr_rnd_t rnd)
{
	struct ref_fma_ctx *x = vctx;
	if (!x->has_c)
		return mpfr_mul(r, x->a, x->b, rnd);
	return mpfr_fma(r, x->a, x->b, x->c, rnd);
}

static inline void ref_fma(struct ref_res *out, unsigned form, struct fp82 a, struct fp82 b,
			   const struct fp82 *c, const struct ref_cfg *cfg, unsigned rc,
			   bool ftz_ctl, uint32_t dis)
{
	struct ref_fma_ctx x;
	mpfr_inits2(64, x.a, x.b, x.c, (mpfr_ptr)0);
	ref_get(x.a, a);
	ref_get(x.b, b);
	x.has_c = c != NULL;
	if (c)
		ref_get(x.c, *c);
	if (form == FP_FNMA)
		mpfr_neg(x.a, x.a, MPFR_RNDN);
	if (form == FP_FMS && c)
		mpfr_neg(x.c, x.c, MPFR_RNDN);
	ref_round(out, ref_fma_op, &x, cfg, rc, ftz_ctl, dis);
	mpfr_clears(x.a, x.b, x.c, (mpfr_ptr)0);
}

/* ---- operands -------------------------------------------------------------------------------- */

/* A random significand with interesting bit patterns: few or many bits, runs
 * of ones and zeros; integer bit set unless unnormal. */
static inline uint64_t rnd_sig(unsigned prec)
{
	uint64_t s;
	switch (rndn(8)) {
	case 0: /* only the top prec bits */
		s = rnd64() & (~0ull << (64 - prec));
		break;
	case 1: /* few bits */
		s = rnd64() & (~0ull << (64 - 1 - rndn(12)));
		break;
	case 2: /* all ones, then random tail */
		s = ~0ull ^ (rnd64() >> rndn(64));
		break;
	case 3: /* a single bit below the top */
		s = 1ull << rndn(64);
		break;
	case 4: /* half-way patterns around prec */
		s = rnd64() & (~0ull << (64 - prec));
		if (prec < 64)
			s |= 1ull << (63 - prec);
		break;
	default:
		s = rnd64();
		break;
	}
	return s | FP_INT_BIT;
}

/* A finite register value with unbiased exponent e (clamped to the register
 * range); now and then an unnormal. */
static inline struct fp82 rnd_val(long e, unsigned prec)
{
	uint64_t sig = rnd_sig(prec);
	long be = e + (long)FP_BIAS;
	if (rndn(32) == 0) { /* unnormal: shift the significand down */
		unsigned sh = rndn(64);
		sig >>= sh;
		be += sh;
	}
	if (be < 1)
		be = 1;
	if (be > (long)FP_EXP_NATVAL)
		be = (long)FP_EXP_NATVAL;
	return fp_make((uint32_t)rndn(2), (uint32_t)be, sig ? sig : 1);
}

#endif
