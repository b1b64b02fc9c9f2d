/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks shared by the FP unit tests and the long run: one operation of the
 * library against the MPFR reference (fp_ref.h), random operands aimed at
 * the edges, and the SDM's characterization of the frcpa/frsqrta tables.
 */
#ifndef LOL_TESTS_FP_CHECK_H
#define LOL_TESTS_FP_CHECK_H

#include "fp_ref.h"

static unsigned diag_left;

/* The library's status of the last check (for the long run's statistics). */
static struct fp_status check_last;
static struct fp82 check_last_r;

static inline void diag_reset(void)
{
	diag_left = 5;
}

static inline bool diag(void)
{
	return diag_left && diag_left--;
}

static inline bool same(struct fp82 a, struct fp82 b)
{
	return a.sig == b.sig && a.exp == b.exp && a.sign == b.sign;
}

static inline void pr(const char *what, struct fp82 x)
{
	printf(" %s=%u:%05x:%016" PRIx64, what, x.sign, x.exp, x.sig);
}

/* (-1)^sign * sig * 2^(e - 63); below the register's range, an unnormal
 * with exponent 1 (bits may be lost); an all-ones exponent with a zero
 * significand marks "not representable" (the edge is skipped). */
static inline struct fp82 val(uint32_t sign, long e, uint64_t sig)
{
	long be = e + (long)FP_BIAS;
	if (be > (long)FP_EXP_NATVAL)
		return fp_make(sign, FP_EXP_MAX, 0);
	if (be < 1) {
		sig = 1 - be >= 64 ? 0 : sig >> (1 - be);
		if (!sig)
			return fp_make(sign, FP_EXP_MAX, 0);
		be = 1;
	}
	return fp_make(sign, (uint32_t)be, sig);
}

static inline bool representable(struct fp82 x)
{
	return !(x.exp == FP_EXP_MAX && x.sig == 0);
}

static inline uint32_t unorm_any(struct fp82 a, struct fp82 b, const struct fp82 *c)
{
	return (fp_is_unorm(a) || fp_is_unorm(b) || (c && fp_is_unorm(*c))) ? FP_D : 0;
}

/* One fma against the reference.  Returns true when they agree. */
static inline bool check_fma(unsigned form, unsigned pc, unsigned ctl, uint32_t dis, struct fp82 a,
			     struct fp82 b, const struct fp82 *c)
{
	uint64_t fpsr = ref_fpsr(2, ctl, dis);
	struct fp_status st;
	struct fp82 r = fp_fma(fpsr, 2, pc, form, a, b, c, &st);
	check_last = st;
	check_last_r = r;
	struct ref_cfg cfg = ref_cfg_of(pc, ctl);
	struct ref_res ref;
	bool td = ctl & FP_SF_TD;
	uint32_t edis = td ? 0x3f : dis;
	bool ftz = (ctl & FP_SF_FTZ) && (edis & FP_U);
	uint32_t d = unorm_any(a, b, c);
	bool ok;
	if (d && !(edis & FP_D)) {
		ok = st.fault == FP_D && st.isr == 2;
		ref.r = r;
		ref.flags = FP_D;
		ref.trap = 0;
	} else {
		ref_fma(&ref, form, a, b, c, &cfg, (ctl >> 4) & 3, ftz, edis);
		ref.flags |= d;
		ok = !st.fault && same(r, ref.r) && st.flags == ref.flags && st.trap == ref.trap;
	}
	if (!ok && diag()) {
		printf("# fma form %u pc %u ctl %02x dis %02x:", form, pc, ctl, dis);
		pr("a", a);
		pr("b", b);
		if (c)
			pr("c", *c);
		pr("got", r);
		pr("want", ref.r);
		printf(" flags %02x/%02x trap %02x/%02x fault %02x\n", st.flags, ref.flags, st.trap,
		       ref.trap, st.fault);
	}
	return ok;
}

/* Random operands aimed at the edges of the range: product exponent near
 * emin, emax, or anywhere; addend none, near the product, or far. */
static inline void rnd_fma_operands(const struct ref_cfg *c, struct fp82 *a, struct fp82 *b,
				    struct fp82 *cc, bool *hasc)
{
	long t;
	switch (rndn(4)) {
	case 0:
		t = rnd_range(c->emin - (long)c->prec - 3, c->emin + 2);
		break;
	case 1:
		t = rnd_range(c->emax - 2, c->emax + 1);
		break;
	default:
		t = rnd_range(c->emin - 70, c->emax + 3);
		break;
	}
	long ea = rnd_range(-20, 20);
	if (rndn(4) == 0)
		ea = rnd_range(t / 2 - 100, t / 2 + 100);
	if (ea > 65500)
		ea = 65500;
	if (ea < -65500)
		ea = -65500;
	*a = rnd_val(ea, c->prec);
	*b = rnd_val(t - ea, c->prec);
	*hasc = rndn(5) != 0;
	long ec = t;
	switch (rndn(4)) {
	case 0:
		ec = t + rnd_range(-3, 3);
		break;
	case 1:
		ec = t + rnd_range(-130, 130);
		break;
	case 2:
		ec = rnd_range(c->emin - 70, c->emax);
		break;
	default:
		break;
	}
	*cc = rnd_val(ec, c->prec);
	if (rndn(3) == 0) /* cancellation: c close to -a*b */
		cc->sign = !(a->sign ^ b->sign);
}

static inline bool check_fcvt(unsigned form, unsigned rc, uint32_t dis, struct fp82 x)
{
	uint64_t fpsr = ref_fpsr(1, 3 << 2 | rc << 4, dis);
	struct fp_status st;
	struct fp82 r = fp_fcvt_fx(fpsr, 1, form, x, &st);
	check_last = st;
	bool uns = form & 1;
	unsigned mode = form & 2 ? FP_RC_RZ : rc;
	uint64_t want = 1ull << 63;
	uint32_t flags = 0, trap = 0;
	mpfr_t v, t;
	mpfr_init2(v, 64);
	mpfr_init2(t, 200);
	ref_get(v, x);
	bool valid = false;
	if (!mpfr_nan_p(v) && !mpfr_inf_p(v) && !fp_is_unsupported(x)) {
		int inx = mpfr_rint(t, v, ref_rnd(mode));
		if (uns)
			valid = mpfr_sgn(t) >= 0 && mpfr_cmp_ui_2exp(t, 1, 64) < 0;
		else
			valid = mpfr_cmp_si_2exp(t, -1, 63) >= 0 && mpfr_cmp_ui_2exp(t, 1, 63) < 0;
		if (valid) {
			if (uns) {
				want = mpfr_get_uj(t, MPFR_RNDN);
			} else {
				want = (uint64_t)mpfr_get_sj(t, MPFR_RNDN);
			}
			if (inx)
				flags |= FP_I;
			if (fp_is_unorm(x))
				flags |= FP_D;
		}
	}
	if (!valid)
		flags = FP_V;
	uint32_t edis = dis;
	bool ok;
	if (flags & ~edis & (FP_V | FP_D)) {
		ok = st.fault == (flags & ~edis & (FP_V | FP_D));
	} else {
		if (flags & FP_I & ~edis)
			trap = FP_I;
		ok = !st.fault && r.sig == want && r.exp == FP_EXP_INT && r.sign == 0 &&
		     st.flags == flags && st.trap == trap;
	}
	if (!ok && diag()) {
		printf("# fcvt form %u rc %u:", form, rc);
		pr("x", x);
		printf(" got %016" PRIx64 " want %016" PRIx64 " flags %x/%x fault %x trap %x/%x\n",
		       r.sig, want, st.flags, flags, st.fault, st.trap, trap);
	}
	mpfr_clear(v);
	mpfr_clear(t);
	return ok;
}

static inline struct fp82 rnd_cvt_operand(void)
{
	switch (rndn(10)) {
	case 0: /* near the limits */
		return rnd_val(rnd_range(61, 65), 64);
	case 1: /* tiny */
		return rnd_val(rnd_range(-80, -1), 64);
	case 2: { /* halfway cases */
		long e = rnd_range(0, 62);
		uint64_t s = (rnd64() | FP_INT_BIT) & (~0ull << (63 - e));
		s |= 1ull << (62 - e);
		return fp_make((uint32_t)rndn(2), (uint32_t)(e + (long)FP_BIAS), s);
	}
	case 3:
		return fp_make((uint32_t)rndn(2), 0, rnd64() >> rndn(64)); /* ext. denormals */
	default:
		return rnd_val(rnd_range(-3, 64), 64);
	}
}

/* The SDM's tables hold, for each interval of the input's leading fraction
 * bits, 1/x (1/sqrt(x)) at the interval's midpoint rounded to nearest to 10
 * fraction bits; checked here with MPFR for every interval.  The result must
 * also be within the documented errors 2^-8.886 and 2^-8.831. */
static inline uint64_t expected_table_sig(mpfr_t mid, bool sqrt_form)
{
	mpfr_t t;
	mpfr_init2(t, 128);
	if (sqrt_form)
		mpfr_rec_sqrt(t, mid, MPFR_RNDN);
	else
		mpfr_ui_div(t, 1, mid, MPFR_RNDN);
	/* scale into [1, 2), take 10 fraction bits rounded to nearest */
	mpfr_mul_2si(t, t, 1 - mpfr_get_exp(t), MPFR_RNDN);
	mpfr_mul_2si(t, t, 10, MPFR_RNDN);
	mpfr_rint(t, t, MPFR_RNDN);
	uint64_t q = mpfr_get_uj(t, MPFR_RNDN);
	mpfr_clear(t);
	return q << 53;
}

/* The IEEE quotient (or root) MPFR gives, rounded as sf says. */
struct ref_div_ctx {
	mpfr_t a, b;
	bool sqrt_form;
};

static inline int ref_div_op(mpfr_t r, void *vctx, mpfr_rnd_t rnd)
{
	struct ref_div_ctx *x = vctx;
	return x->sqrt_form ? mpfr_sqrt(r, x->a, rnd) : mpfr_div(r, x->a, x->b, rnd);
}

static inline bool check_swa(unsigned ctl, uint32_t dis, struct fp82 num, struct fp82 den,
			     bool sqrt_form)
{
	uint64_t fpsr = ref_fpsr(1, ctl, dis);
	struct fp_status st;
	bool p2;
	struct fp82 r =
	    sqrt_form ? fp_frsqrta(fpsr, 1, num, &p2, &st) : fp_frcpa(fpsr, 1, num, den, &p2, &st);
	check_last = st;
	struct ref_div_ctx x;
	mpfr_inits2(64, x.a, x.b, (mpfr_ptr)0);
	ref_get(x.a, num);
	ref_get(x.b, den);
	x.sqrt_form = sqrt_form;
	struct ref_cfg cfg = ref_cfg_of(FP_PC_SF, ctl);
	struct ref_res ref;
	ref_round(&ref, ref_div_op, &x, &cfg, (ctl >> 4) & 3, (ctl & FP_SF_FTZ) && (dis & FP_U),
		  dis);
	mpfr_clears(x.a, x.b, (mpfr_ptr)0);
	uint32_t d = (fp_is_unorm(num) || (!sqrt_form && fp_is_unorm(den))) ? FP_D : 0;
	bool ok = !p2 && same(r, ref.r) && st.flags == (ref.flags | d) && st.trap == ref.trap;
	if (!ok && diag()) {
		printf("# %s ctl %02x:", sqrt_form ? "frsqrta" : "frcpa", ctl);
		pr("num", num);
		pr("den", den);
		pr("got", r);
		pr("want", ref.r);
		printf(" p2 %d flags %x/%x trap %x/%x\n", p2, st.flags, ref.flags | d, st.trap,
		       ref.trap);
	}
	return ok;
}

/* The operands frcpa leaves to software (SDM vol 3, frcpa: the limits of the
 * division sequences), from the normalized operands' exponents. */
static inline bool swa_case(struct fp82 num, struct fp82 den)
{
	mpfr_t a, b;
	mpfr_inits2(64, a, b, (mpfr_ptr)0);
	ref_get(a, num);
	ref_get(b, den);
	if (mpfr_zero_p(a) || mpfr_zero_p(b)) {
		mpfr_clears(a, b, (mpfr_ptr)0);
		return false;
	}
	/* normalized exponents, but not below the register's exponent 1 */
	long en = mpfr_get_exp(a) - 1 + (long)FP_BIAS, ed = mpfr_get_exp(b) - 1 + (long)FP_BIAS;
	mpfr_clears(a, b, (mpfr_ptr)0);
	bool den_unnormal = ed < 1;
	if (en < 1)
		en = 1;
	if (ed < 1)
		ed = 1;
	long est = en - ed;
	return den_unnormal || ed >= 2 * (long)FP_BIAS - 2 || est >= (long)FP_BIAS ||
	       est <= 2 - (long)FP_BIAS || en <= 64;
}

/* frcpa of finite nonzero operands: the SDM's table (as characterized by
 * expected_table_sig) with p2 = 1 within 2^-8.886, or, for the operands the
 * SDM leaves to software, the IEEE quotient with p2 = 0. */
static uint64_t recip_expect[256], rsqrt_expect[256];

static inline void init_table_expect(void)
{
	mpfr_t mid;
	mpfr_init2(mid, 128);
	for (unsigned i = 0; i < 256; i++) {
		mpfr_set_ui(mid, 2 * i + 1, MPFR_RNDN);
		mpfr_div_2ui(mid, mid, 9, MPFR_RNDN);
		mpfr_add_ui(mid, mid, 1, MPFR_RNDN);
		recip_expect[i] = expected_table_sig(mid, false);
		mpfr_set_ui(mid, 2 * (i & 127) + 1, MPFR_RNDN);
		mpfr_div_2ui(mid, mid, 8, MPFR_RNDN);
		mpfr_add_ui(mid, mid, 1, MPFR_RNDN);
		if (!(i >> 7))
			mpfr_mul_2ui(mid, mid, 1, MPFR_RNDN);
		rsqrt_expect[i] = expected_table_sig(mid, true);
	}
	mpfr_clear(mid);
}

/* The normalized exponent (biased) and significand of a finite nonzero x. */
static inline void norm_of(struct fp82 x, long *be, uint64_t *sig)
{
	mpfr_t v;
	mpfr_init2(v, 64);
	ref_get(v, x);
	mpfr_abs(v, v, MPFR_RNDN);
	long e = mpfr_get_exp(v) - 1;
	mpfr_mul_2si(v, v, 63 - e, MPFR_RNDN);
	*sig = mpfr_get_uj(v, MPFR_RNDZ);
	*be = e + (long)FP_BIAS;
	mpfr_clear(v);
}

static inline bool check_frcpa(unsigned ctl, uint32_t dis, struct fp82 num, struct fp82 den,
			       bool *swa)
{
	*swa = swa_case(num, den);
	if (*swa)
		return check_swa(ctl, dis, num, den, false);
	uint64_t fpsr = ref_fpsr(1, ctl, dis);
	struct fp_status st;
	bool p2;
	struct fp82 r = fp_frcpa(fpsr, 1, num, den, &p2, &st);
	check_last = st;
	long be;
	uint64_t sig;
	norm_of(den, &be, &sig);
	struct fp82 want = fp_make(den.sign, (uint32_t)(2 * (long)FP_BIAS - 1 - be),
				   FP_INT_BIT | recip_expect[(sig >> 55) & 0xff]);
	uint32_t d = (fp_is_unorm(num) || fp_is_unorm(den)) ? FP_D : 0;
	bool ok = p2 && same(r, want) && st.flags == d && !st.trap && !st.fault;
	mpfr_t x, y;
	mpfr_inits2(128, x, y, (mpfr_ptr)0);
	ref_get(x, den);
	ref_get(y, r);
	mpfr_mul(x, x, y, MPFR_RNDN);
	mpfr_ui_sub(x, 1, x, MPFR_RNDN);
	mpfr_abs(x, x, MPFR_RNDN);
	ok = ok && mpfr_get_d(x, MPFR_RNDU) <= 0.0021217;
	mpfr_clears(x, y, (mpfr_ptr)0);
	if (!ok && diag()) {
		printf("# frcpa ctl %02x:", ctl);
		pr("num", num);
		pr("den", den);
		pr("got", r);
		pr("want", want);
		printf(" p2 %d flags %x/%x\n", p2, st.flags, d);
	}
	return ok;
}

/* frsqrta of a positive finite nonzero x: the table with p2 = 1 within
 * 2^-8.831, or sqrt(x) with p2 = 0 for the tiny operands. */
static inline bool check_frsqrta(unsigned ctl, uint32_t dis, struct fp82 x, bool *swa)
{
	long be;
	uint64_t sig;
	norm_of(x, &be, &sig);
	*swa = be <= 64;
	if (*swa)
		return check_swa(ctl, dis, x, x, true);
	uint64_t fpsr = ref_fpsr(1, ctl, dis);
	struct fp_status st;
	bool p2;
	struct fp82 r = fp_frsqrta(fpsr, 1, x, &p2, &st);
	check_last = st;
	long e = be - (long)FP_BIAS, half = e >= 0 ? e / 2 : -((-e + 1) / 2);
	struct fp82 want = fp_make(0, (uint32_t)((long)FP_BIAS - 1 - half),
				   FP_INT_BIT | rsqrt_expect[(be & 1) << 7 | ((sig >> 56) & 0x7f)]);
	uint32_t d = fp_is_unorm(x) ? FP_D : 0;
	bool ok = p2 && same(r, want) && st.flags == d && !st.trap && !st.fault;
	mpfr_t a, b;
	mpfr_inits2(128, a, b, (mpfr_ptr)0);
	ref_get(a, x);
	ref_get(b, r);
	mpfr_rec_sqrt(a, a, MPFR_RNDN);
	mpfr_div(a, b, a, MPFR_RNDN);
	mpfr_sub_ui(a, a, 1, MPFR_RNDN);
	mpfr_abs(a, a, MPFR_RNDN);
	ok = ok && mpfr_get_d(a, MPFR_RNDU) <= 0.0021999;
	mpfr_clears(a, b, (mpfr_ptr)0);
	if (!ok && diag()) {
		printf("# frsqrta ctl %02x:", ctl);
		pr("x", x);
		pr("got", r);
		pr("want", want);
		printf(" p2 %d flags %x/%x\n", p2, st.flags, d);
	}
	return ok;
}

#endif
