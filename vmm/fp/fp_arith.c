// SPDX-License-Identifier: GPL-2.0
/*
 * The arithmetic F-unit operations, after the instruction pages of SDM rev 2.3
 * vol 3 and their fault-check helpers: fma/fms/fnma, fpma/fpms/fpnma,
 * frcpa/fprcpa, frsqrta/fprsqrta, fcmp/fpcmp, fmin/fmax/famin/famax and the
 * parallel forms, fcvt.fx(u)(.trunc)/fpcvt and fcvt.xf.
 *
 * Order inside each operation is the SDM's: NaTVal sources; the fault check
 * (unsupported and NaN operands, invalid combinations, zero divide, then
 * unnormal operands for D), which may fault; the computation and its one
 * rounding, which may trap.
 */
#include <string.h>

#include "fp_int.h"

static const struct fp82 FP_ZERO_REG = {0, 0, 0};

static struct fp82 fp_inf(uint32_t sign)
{
	return fp_make(sign, FP_EXP_MAX, FP_INT_BIT);
}

static struct fp82 fp_zero(uint32_t sign)
{
	return fp_make(sign, 0, 0);
}

/* Zero-valued: a true zero or a pseudo-zero. */
static bool fp_zero_value(struct fp82 x)
{
	return fp_is_zero(x) || fp_is_pseudo_zero(x);
}

/* ---- the fma family ------------------------------------------------------------------------ */

/* fma_exception_fault_check and fms_fnma_exception_fault_check: returns true
 * with *def set when the result is a NaN. */
static bool fma_check(const struct fp_env *env, unsigned form, struct fp82 a, struct fp82 b,
		      struct fp82 c, bool simd, struct fp82 *def, struct fp_status *st)
{
	if (!simd && (fp_is_unsupported(a) || fp_is_unsupported(b) || fp_is_unsupported(c))) {
		fp_raise(env, st, FP_V);
		*def = fp_qnan_indefinite();
		return true;
	}
	if (fp_is_nan(a) || fp_is_nan(b) || fp_is_nan(c)) {
		if (fp_is_snan(a) || fp_is_snan(b) || fp_is_snan(c))
			fp_raise(env, st, FP_V);
		/* f4, then f2, then f3 */
		*def = fp_quiet(fp_is_nan(b) ? b : fp_is_nan(c) ? c : a);
		return true;
	}
	/* An infinite product (the other factor not a true zero) meeting an
	 * infinite addend of the opposite effective sign. */
	bool pinf = (fp_is_inf(a) && !fp_is_zero(b)) || (fp_is_inf(b) && !fp_is_zero(a));
	uint32_t psign = a.sign ^ b.sign;
	if (pinf && fp_is_inf(c) && ((form == FP_FMA) ? c.sign != psign : c.sign == psign)) {
		fp_raise(env, st, FP_V);
		*def = fp_qnan_indefinite();
		return true;
	}
	if ((fp_is_inf(a) && fp_is_zero(b)) || (fp_is_zero(a) && fp_is_inf(b))) {
		fp_raise(env, st, FP_V);
		*def = fp_qnan_indefinite();
		return true;
	}
	if (fp_is_unorm(a) || fp_is_unorm(b) || fp_is_unorm(c))
		fp_raise(env, st, FP_D);
	return false;
}

/* fp_mul, fp_add and fp_ieee_round of one (scalar or half) fma. */
static struct fp82 fma_compute(struct fp_env *env, unsigned form, struct fp82 a, struct fp82 b,
			       const struct fp82 *c)
{
	uint32_t psign = a.sign ^ b.sign ^ (form == FP_FNMA);
	enum { PZERO, PINF, PFIN } pk;
	if (fp_is_zero(a) || fp_is_zero(b))
		pk = PZERO;
	else if (fp_is_inf(a) || fp_is_inf(b))
		pk = PINF; /* pseudo-zero times infinity is infinity (SDM vol 1 5.1.2) */
	else if (fp_is_pseudo_zero(a) || fp_is_pseudo_zero(b))
		pk = PZERO;
	else
		pk = PFIN;
	struct fp_x p = {0, 0, 0, psign, false};
	if (pk == PFIN) {
		p = fp_x_mul(fp_unpack(a), fp_unpack(b));
		p.sign = psign;
	}
	env->flags = env->trap = 0;
	if (!c) { /* f2 = f0: nothing is added */
		if (pk == PZERO)
			return fp_zero(psign);
		if (pk == PINF)
			return fp_inf(psign);
		return fp_round(env, p);
	}
	struct fp82 cc = *c;
	uint32_t csign = cc.sign ^ (form == FP_FMS);
	if (pk == PZERO && fp_zero_value(cc))
		return fp_zero(psign == csign ? csign : env->rc == FP_RC_RM);
	if (pk == PINF)
		return fp_inf(psign);
	if (fp_is_inf(cc))
		return fp_inf(csign);
	struct fp_x x = fp_unpack(cc);
	x.sign = csign;
	if (pk == PZERO)
		return fp_round(env, x);
	if (fp_zero_value(cc))
		return fp_round(env, p);
	struct fp_x s = fp_x_add(p, x, env->rc);
	if (!s.hi)
		return fp_zero(s.sign);
	return fp_round(env, s);
}

struct fp82 fp_fma(uint64_t fpsr, unsigned sf, unsigned pc, unsigned form, struct fp82 a,
		   struct fp82 b, const struct fp82 *c, struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	struct fp82 f2 = c ? *c : FP_ZERO_REG, def;
	if (fp_is_natval(a) || fp_is_natval(b) || fp_is_natval(f2))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, pc);
	bool nan = fma_check(&env, form, a, b, f2, false, &def, st);
	if (st->fault) {
		st->isr = fp_fault_code(st->fault);
		return def;
	}
	if (nan)
		return def;
	struct fp82 r = fma_compute(&env, form, a, b, c);
	st->flags |= env.flags;
	st->trap = env.trap;
	if (st->trap)
		st->isr = fp_trap_isr(&env);
	return r;
}

/* ---- the parallel forms: two singles in a significand ---------------------------------------- */

static struct fp82 hi_half(struct fp82 x)
{
	return fp_from_single((uint32_t)(x.sig >> 32));
}

static struct fp82 lo_half(struct fp82 x)
{
	return fp_from_single((uint32_t)x.sig);
}

/* fr_to_mem4_bias_adjust: the single image of a trapped (exponent-wrapped)
 * result. */
static uint32_t single_bias_adjust(struct fp82 x)
{
	uint32_t e;
	if (x.exp == 0)
		e = 0;
	else if (x.exp == FP_EXP_MAX)
		e = 0xff;
	else
		e = (x.exp - FP_BIAS + 127 - ((x.sig & FP_INT_BIT) ? 0 : 1)) & 0xff;
	return x.sign << 31 | e << 23 | (uint32_t)((x.sig << 1) >> 41);
}

/* Per-half bookkeeping of a parallel operation (fp_ieee_to_hilo). */
struct half {
	uint32_t flags, fault, trap;
	bool fpa;
};

static void merge_halves(const struct half h[2], struct fp_status *st)
{
	st->flags = h[0].flags | h[1].flags;
	st->fault = h[0].fault | h[1].fault;
	st->trap = h[0].trap | h[1].trap;
	if (st->fault) {
		st->isr = fp_fault_code(h[0].fault) | fp_fault_code(h[1].fault) << 4;
		return;
	}
	st->isr = 0;
	for (unsigned i = 0; i < 2; i++) {
		if (!h[i].trap)
			continue;
		unsigned sh = i ? 7 : 11; /* hi half: bits 11-14, lo half: 7-10 */
		st->isr |= (h[i].trap & FP_O ? 1u : 0) << sh;
		st->isr |= (h[i].trap & FP_U ? 1u : 0) << (sh + 1);
		st->isr |= ((h[i].trap | h[i].flags) & FP_I ? 1u : 0) << (sh + 2);
		st->isr |= (h[i].fpa ? 1u : 0) << (sh + 3);
	}
}

static void half_raise(const struct fp_env *env, struct half *h, uint32_t f)
{
	h->flags |= f;
	if (!(env->dis & f))
		h->fault |= f;
}

struct fp82 fp_fpma(uint64_t fpsr, unsigned sf, unsigned form, struct fp82 a, struct fp82 b,
		    const struct fp82 *c, struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	struct fp82 f2 = c ? *c : FP_ZERO_REG;
	if (fp_is_natval(a) || fp_is_natval(b) || fp_is_natval(f2))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_SIMD);
	struct half h[2];
	memset(h, 0, sizeof(h));
	struct fp82 ha[2] = {hi_half(a), lo_half(a)}, hb[2] = {hi_half(b), lo_half(b)};
	struct fp82 hc[2] = {hi_half(f2), lo_half(f2)}, def[2];
	bool nan[2];
	for (unsigned i = 0; i < 2; i++) {
		struct fp_status s;
		memset(&s, 0, sizeof(s));
		nan[i] = fma_check(&env, form, ha[i], hb[i], hc[i], true, &def[i], &s);
		h[i].flags = s.flags;
		h[i].fault = s.fault;
	}
	if (h[0].fault | h[1].fault) {
		merge_halves(h, st);
		return fp_int(0);
	}
	uint32_t res[2];
	bool wrapped = false;
	for (unsigned i = 0; i < 2; i++) {
		if (nan[i]) {
			res[i] = fp_to_single(def[i]);
			continue;
		}
		struct fp82 r = fma_compute(&env, form, ha[i], hb[i], c ? &hc[i] : NULL);
		h[i].flags |= env.flags;
		h[i].trap = env.trap;
		h[i].fpa = env.fpa;
		/* Once a half traps on O or U, the halves written from then on are the
		 * bias-adjusted images (fp_ieee_round_sp). */
		wrapped |= (env.trap & (FP_O | FP_U)) != 0;
		res[i] = wrapped ? single_bias_adjust(r) : fp_to_single(r);
	}
	merge_halves(h, st);
	return fp_int((uint64_t)res[0] << 32 | res[1]);
}

/* ---- frcpa, frsqrta and the SDM's approximation tables -------------------------------------- */

/* The SDM's approximation tables (vol 3, frcpa and frsqrta: fp_ieee_recip
 * and fp_ieee_recip_sqrt) hold, for each interval of the operand, the ten
 * fraction bits of the reciprocal (square root) at the interval's midpoint,
 * rounded to nearest.  We compute the entry from that definition rather than
 * store it; tests/fp checks every entry against MPFR. */

/* 1/m for m = 1 + (2i + 1)/512 (i: the first eight fraction bits) is
 * (1024 + t)/2048, t = round(2^20 / (513 + 2i)) - 1024. */
static unsigned recip_entry(unsigned i)
{
	uint64_t d = 513 + 2 * (uint64_t)i;
	return (unsigned)((2 * (1ull << 20) + d) / (2 * d) - 1024);
}

/* 1/sqrt(m) for m = (1 + (2j + 1)/256) * (odd exponent ? 1 : 2) is
 * (1024 + t)/2048 with t = round(2048 / sqrt(m)) - 1024: the largest y with
 * (y - 1/2)^2 <= 2048^2 / m, in integers. */
static unsigned rsqrt_entry(unsigned i)
{
	unsigned odd = i >> 7, j = i & 127;
	uint64_t n4 = 4 * 2048ull * 2048 * 256, d = (257 + 2 * (uint64_t)j) * (odd ? 1 : 2);
	uint64_t lo = 1024, hi = 2048; /* y lies in [1024, 2048) */
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;
		if ((2 * mid - 1) * (2 * mid - 1) * d <= n4)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)(lo - 1024);
}

struct fp82 fp_recip_approx(struct fp82 x)
{
	unsigned i = (unsigned)(x.sig >> 55) & 0xff;
	return fp_make(x.sign, FP_EXP_MAX - 2 - x.exp, FP_INT_BIT | (uint64_t)recip_entry(i) << 53);
}

struct fp82 fp_rsqrt_approx(struct fp82 x)
{
	unsigned i = (x.exp & 1) << 7 | ((unsigned)(x.sig >> 56) & 0x7f);
	int32_t e = (int32_t)x.exp - (int32_t)FP_BIAS;
	/* arithmetic shift right, rounding toward minus infinity */
	int32_t half = e >= 0 ? e / 2 : -((-e + 1) / 2);
	return fp_make(0, (uint32_t)((int32_t)FP_BIAS - 1 - half),
		       FP_INT_BIT | (uint64_t)rsqrt_entry(i) << 53);
}

/* The IEEE result of a software-assisted frcpa or frsqrta, rounded as the
 * status field says (its pc and wre), with its flags and traps. */
static struct fp82 swa_result(uint64_t fpsr, unsigned sf, struct fp_x x, struct fp_status *st)
{
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_SF);
	struct fp82 r = fp_round(&env, x);
	st->flags |= env.flags;
	st->trap = env.trap;
	if (env.trap)
		st->isr = fp_trap_isr(&env);
	return r;
}

struct fp82 fp_frcpa(uint64_t fpsr, unsigned sf, struct fp82 num, struct fp82 den, bool *p2,
		     struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	*p2 = false;
	if (fp_is_natval(num) || fp_is_natval(den))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_NONE);
	struct fp82 def = FP_ZERO_REG;
	if (fp_is_unsupported(num) || fp_is_unsupported(den)) {
		fp_raise(&env, st, FP_V);
		def = fp_qnan_indefinite();
	} else if (fp_is_nan(num) || fp_is_nan(den)) {
		if (fp_is_snan(num) || fp_is_snan(den))
			fp_raise(&env, st, FP_V);
		def = fp_quiet(fp_is_nan(num) ? num : den);
	} else if ((fp_is_inf(num) && fp_is_inf(den)) ||
		   (fp_zero_value(num) && fp_zero_value(den))) {
		fp_raise(&env, st, FP_V);
		def = fp_qnan_indefinite();
	} else if (((fp_is_normal(num) && !fp_is_zero(num)) ||
		    (fp_is_unorm(num) && !fp_is_pseudo_zero(num))) &&
		   fp_zero_value(den)) {
		fp_raise(&env, st, FP_Z);
		def = fp_inf(num.sign ^ den.sign);
	} else if (fp_is_unorm(num) || fp_is_unorm(den)) {
		fp_raise(&env, st, FP_D);
	}
	/* The operands the division sequences cannot handle: software assistance
	 * (frcpa_exception_fault_check's architecturally mandated check). */
	bool swa = false;
	if (fp_is_finite(num) && !fp_zero_value(num) && fp_is_finite(den) && !fp_zero_value(den)) {
		struct fp82 n = fp_normalize(num), d = fp_normalize(den);
		int32_t est = (int32_t)n.exp - (int32_t)d.exp;
		swa = fp_is_unorm(d) || d.exp >= 2 * FP_BIAS - 2 || est >= (int32_t)FP_BIAS ||
		      est <= 2 - (int32_t)FP_BIAS || n.exp <= 64;
	}
	if (st->fault) {
		st->isr = fp_fault_code(st->fault);
		return def;
	}
	if (fp_is_nan(def) || fp_is_inf(def))
		return def;
	struct fp82 n = fp_normalize(num), d = fp_normalize(den);
	if (fp_is_inf(n) && fp_is_finite(d))
		return fp_inf(n.sign ^ d.sign);
	if (fp_is_finite(n) && fp_is_inf(d))
		return fp_zero(n.sign ^ d.sign);
	if (fp_is_zero(n) && fp_is_finite(d))
		return fp_zero(n.sign ^ d.sign);
	if (swa)
		return swa_result(fpsr, sf, fp_x_div(fp_unpack(num), fp_unpack(den)), st);
	*p2 = true;
	return fp_recip_approx(d);
}

struct fp82 fp_frsqrta(uint64_t fpsr, unsigned sf, struct fp82 x, bool *p2, struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	*p2 = false;
	if (fp_is_natval(x))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_NONE);
	struct fp82 def = FP_ZERO_REG;
	if (fp_is_unsupported(x)) {
		fp_raise(&env, st, FP_V);
		def = fp_qnan_indefinite();
	} else if (fp_is_nan(x)) {
		if (fp_is_snan(x))
			fp_raise(&env, st, FP_V);
		def = fp_quiet(x);
	} else if (x.sign && !fp_is_zero(x) && !fp_is_pseudo_zero(x)) {
		fp_raise(&env, st, FP_V); /* negative, infinity included */
		def = fp_qnan_indefinite();
	} else if (fp_is_unorm(x)) {
		fp_raise(&env, st, FP_D);
	}
	bool swa = false;
	if (!x.sign && fp_is_finite(x) && !fp_zero_value(x))
		swa = fp_normalize(x).exp <= 64;
	if (st->fault) {
		st->isr = fp_fault_code(st->fault);
		return def;
	}
	if (fp_is_nan(def) || fp_is_inf(def))
		return def;
	struct fp82 n = fp_normalize(x);
	if (fp_is_zero(n) || (fp_is_inf(n) && !n.sign))
		return n; /* sqrt(+-0) and sqrt(+inf) */
	if (swa)
		return swa_result(fpsr, sf, fp_x_sqrt(fp_unpack(x)), st);
	*p2 = true;
	return fp_rsqrt_approx(n);
}

struct fp82 fp_fprcpa(uint64_t fpsr, unsigned sf, struct fp82 num, struct fp82 den, bool *p2,
		      struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	*p2 = false;
	if (fp_is_natval(num) || fp_is_natval(den))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_SIMD);
	struct half h[2];
	memset(h, 0, sizeof(h));
	struct fp82 hn[2] = {hi_half(num), lo_half(num)}, hd[2] = {hi_half(den), lo_half(den)};
	struct fp82 def[2] = {FP_ZERO_REG, FP_ZERO_REG};
	bool lim_den[2] = {false, false}, lim_quot[2] = {false, false};
	for (unsigned i = 0; i < 2; i++) {
		struct fp82 a = hn[i], b = hd[i];
		if (fp_is_nan(a) || fp_is_nan(b)) {
			if (fp_is_snan(a) || fp_is_snan(b))
				half_raise(&env, &h[i], FP_V);
			def[i] = fp_quiet(fp_is_nan(a) ? a : b);
		} else if ((fp_is_inf(a) && fp_is_inf(b)) || (fp_is_zero(a) && fp_is_zero(b))) {
			half_raise(&env, &h[i], FP_V);
			def[i] = fp_qnan_indefinite();
		} else if (!fp_is_inf(a) && !fp_is_zero(a) && fp_is_zero(b)) {
			half_raise(&env, &h[i], FP_Z);
			def[i] = fp_inf(a.sign ^ b.sign);
		} else if (fp_is_unorm(a) || fp_is_unorm(b)) {
			half_raise(&env, &h[i], FP_D);
		}
		/* Singles whose reciprocal or quotient leaves the single range. */
		if (!fp_is_zero(a) && fp_is_finite(a) && !fp_is_zero(b) && fp_is_finite(b)) {
			struct fp82 n = fp_normalize(a), d = b;
			if (fp_is_unorm(d)) {
				lim_den[i] = true;
				def[i] = fp_inf(d.sign);
				d = fp_normalize(d);
			} else if (d.exp >= FP_BIAS + 127 - 2) {
				lim_den[i] = true;
				def[i] = fp_zero(d.sign);
			}
			int32_t est = (int32_t)n.exp - (int32_t)d.exp;
			lim_quot[i] = est >= 127 || est <= 2 - 127 || n.exp <= 24 + FP_BIAS - 127;
		}
	}
	if (h[0].fault | h[1].fault) {
		merge_halves(h, st);
		return fp_int(0);
	}
	uint32_t res[2];
	bool p[2];
	for (unsigned i = 0; i < 2; i++) {
		p[i] = false;
		if (fp_is_nan(def[i]) || fp_is_inf(def[i]) || lim_den[i]) {
			res[i] = fp_to_single(def[i]);
			continue;
		}
		struct fp82 n = fp_normalize(hn[i]), d = fp_normalize(hd[i]), r;
		if (fp_is_inf(n) && fp_is_finite(d)) {
			r = fp_inf(n.sign ^ d.sign);
		} else if (fp_is_finite(n) && fp_is_inf(d)) {
			r = fp_zero(n.sign ^ d.sign);
		} else if (fp_is_zero(n) && fp_is_finite(d)) {
			r = fp_zero(n.sign ^ d.sign);
		} else {
			r = fp_recip_approx(d);
			p[i] = !lim_quot[i];
		}
		res[i] = fp_to_single(r);
	}
	merge_halves(h, st);
	*p2 = p[0] && p[1];
	return fp_int((uint64_t)res[0] << 32 | res[1]);
}

struct fp82 fp_fprsqrta(uint64_t fpsr, unsigned sf, struct fp82 x, bool *p2, struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	*p2 = false;
	if (fp_is_natval(x))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_SIMD);
	struct half h[2];
	memset(h, 0, sizeof(h));
	struct fp82 hx[2] = {hi_half(x), lo_half(x)};
	struct fp82 def[2] = {FP_ZERO_REG, FP_ZERO_REG};
	bool lim[2] = {false, false};
	for (unsigned i = 0; i < 2; i++) {
		struct fp82 a = hx[i];
		if (fp_is_nan(a)) {
			if (fp_is_snan(a))
				half_raise(&env, &h[i], FP_V);
			def[i] = fp_quiet(a);
		} else if (a.sign && !fp_is_zero(a)) {
			half_raise(&env, &h[i], FP_V);
			def[i] = fp_qnan_indefinite();
		} else if (fp_is_unorm(a)) {
			half_raise(&env, &h[i], FP_D);
		}
		if (!a.sign && !fp_is_zero(a) && fp_is_finite(a))
			lim[i] = fp_normalize(a).exp <= FP_BIAS - 127 + 24;
	}
	if (h[0].fault | h[1].fault) {
		merge_halves(h, st);
		return fp_int(0);
	}
	uint32_t res[2];
	bool p[2];
	for (unsigned i = 0; i < 2; i++) {
		p[i] = false;
		if (fp_is_nan(def[i])) {
			res[i] = fp_to_single(def[i]);
			continue;
		}
		struct fp82 n = fp_normalize(hx[i]), r;
		if (fp_is_zero(n)) {
			r = fp_inf(n.sign);
		} else if (fp_is_inf(n) && !n.sign) {
			r = fp_zero(0);
		} else {
			r = fp_rsqrt_approx(n);
			p[i] = !lim[i];
		}
		res[i] = fp_to_single(r);
	}
	merge_halves(h, st);
	*p2 = p[0] && p[1];
	return fp_int((uint64_t)res[0] << 32 | res[1]);
}

/* ---- comparisons ---------------------------------------------------------------------------- */

static bool unordered(struct fp82 a, struct fp82 b)
{
	return fp_is_nan(a) || fp_is_nan(b) || fp_is_unsupported(a) || fp_is_unsupported(b);
}

static bool relation(unsigned rel, struct fp82 a, struct fp82 b)
{
	bool un = unordered(a, b);
	int c = un ? 2 : fp_cmp_value(a, b);
	bool r;
	switch (rel & 3) {
	case FP_REL_EQ:
		r = c == 0;
		break;
	case FP_REL_LT:
		r = c == -1;
		break;
	case FP_REL_LE:
		r = c == -1 || c == 0;
		break;
	default:
		r = un;
		break;
	}
	return rel & 4 ? !r : r;
}

/* fcmp_exception_fault_check (and fpcmp's, without unsupported operands). */
static void cmp_check(const struct fp_env *env, unsigned rel, struct fp82 a, struct fp82 b,
		      uint32_t *flags, uint32_t *fault)
{
	struct fp_status s;
	memset(&s, 0, sizeof(s));
	unsigned r = rel & 3;
	if (fp_is_unsupported(a) || fp_is_unsupported(b)) {
		fp_raise(env, &s, FP_V);
	} else if (fp_is_nan(a) || fp_is_nan(b)) {
		if (fp_is_snan(a) || fp_is_snan(b) || r == FP_REL_LT || r == FP_REL_LE)
			fp_raise(env, &s, FP_V);
	} else if (fp_is_unorm(a) || fp_is_unorm(b)) {
		fp_raise(env, &s, FP_D);
	}
	*flags = s.flags;
	*fault = s.fault;
}

int fp_fcmp(uint64_t fpsr, unsigned sf, unsigned rel, struct fp82 a, struct fp82 b,
	    struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	if (fp_is_natval(a) || fp_is_natval(b))
		return -1;
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_NONE);
	cmp_check(&env, rel, a, b, &st->flags, &st->fault);
	if (st->fault) {
		st->isr = fp_fault_code(st->fault);
		return 0;
	}
	return relation(rel, a, b);
}

struct fp82 fp_fpcmp(uint64_t fpsr, unsigned sf, unsigned rel, struct fp82 a, struct fp82 b,
		     struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	if (fp_is_natval(a) || fp_is_natval(b))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_SIMD);
	struct half h[2];
	memset(h, 0, sizeof(h));
	struct fp82 ha[2] = {hi_half(a), lo_half(a)}, hb[2] = {hi_half(b), lo_half(b)};
	uint64_t r = 0;
	for (unsigned i = 0; i < 2; i++) {
		cmp_check(&env, rel, ha[i], hb[i], &h[i].flags, &h[i].fault);
		if (relation(rel, ha[i], hb[i]))
			r |= 0xffffffffull << (i ? 0 : 32);
	}
	merge_halves(h, st);
	return st->fault ? fp_int(0) : fp_int(r);
}

bool fp_fclass(struct fp82 x, unsigned fclass9)
{
	if (fp_is_natval(x))
		return fclass9 & 0x100;
	if (fp_is_qnan(x))
		return fclass9 & 0x080;
	if (fp_is_snan(x))
		return fclass9 & 0x040;
	if (fp_is_unsupported(x))
		return false;
	if (!(fclass9 & (x.sign ? 0x002 : 0x001)))
		return false;
	if (fp_is_zero(x))
		return fclass9 & 0x004;
	if (fp_is_unorm(x))
		return fclass9 & 0x008;
	if (fp_is_normal(x))
		return fclass9 & 0x010;
	return fclass9 & 0x020; /* infinity */
}

/* ---- minimum and maximum ----------------------------------------------------------------------
 */

static bool pick_first(unsigned kind, struct fp82 a, struct fp82 b)
{
	if (unordered(a, b))
		return false; /* fp_less_than is false: the second operand */
	if (kind == FP_AMIN || kind == FP_AMAX)
		a.sign = b.sign = 0;
	if (kind == FP_MIN || kind == FP_AMIN)
		return fp_cmp_value(a, b) < 0;
	return fp_cmp_value(b, a) < 0;
}

struct fp82 fp_fminmax(uint64_t fpsr, unsigned sf, unsigned kind, struct fp82 a, struct fp82 b,
		       struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	if (fp_is_natval(a) || fp_is_natval(b))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_NONE);
	if (unordered(a, b))
		fp_raise(&env, st, FP_V);
	else if (fp_is_unorm(a) || fp_is_unorm(b))
		fp_raise(&env, st, FP_D);
	if (st->fault) {
		st->isr = fp_fault_code(st->fault);
		return a;
	}
	return pick_first(kind, a, b) ? a : b;
}

struct fp82 fp_fpminmax(uint64_t fpsr, unsigned sf, unsigned kind, struct fp82 a, struct fp82 b,
			struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	if (fp_is_natval(a) || fp_is_natval(b))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_SIMD);
	struct half h[2];
	memset(h, 0, sizeof(h));
	struct fp82 ha[2] = {hi_half(a), lo_half(a)}, hb[2] = {hi_half(b), lo_half(b)};
	uint64_t r = 0;
	for (unsigned i = 0; i < 2; i++) {
		if (fp_is_nan(ha[i]) || fp_is_nan(hb[i]))
			half_raise(&env, &h[i], FP_V);
		else if (fp_is_unorm(ha[i]) || fp_is_unorm(hb[i]))
			half_raise(&env, &h[i], FP_D);
		struct fp82 pick = pick_first(kind, ha[i], hb[i]) ? ha[i] : hb[i];
		r |= (uint64_t)fp_to_single(pick) << (i ? 0 : 32);
	}
	merge_halves(h, st);
	return st->fault ? fp_int(0) : fp_int(r);
}

/* ---- conversions ---------------------------------------------------------------------------- */

/* Round a finite value to an integer per rc: magnitude (up to 2^64 + ...),
 * with *big set when it does not fit in 64 bits. */
static uint64_t round_to_int(struct fp82 x, unsigned rc, bool *big, bool *inexact, bool *inc)
{
	*big = *inexact = *inc = false;
	if (!x.sig)
		return 0;
	int32_t e = x.exp ? (int32_t)x.exp : (int32_t)FP_EXP_DENORM;
	int32_t k = e - (int32_t)FP_BIAS - 63; /* value = sig * 2^k */
	if (k >= 0) {
		if (k >= 64 || (k > 0 && (x.sig >> (64 - k))))
			*big = true;
		return k >= 64 ? 0 : x.sig << k;
	}
	uint32_t s = (uint32_t)-k;
	uint64_t ip = s >= 64 ? 0 : x.sig >> s;
	bool round = s <= 64 && ((x.sig >> (s - 1)) & 1);
	bool rest = s > 64 ? x.sig != 0 : s > 1 && (x.sig << (65 - s)) != 0;
	*inexact = round || rest;
	switch (rc) {
	case FP_RC_RN:
		*inc = round && (rest || (ip & 1));
		break;
	case FP_RC_RM:
		*inc = *inexact && x.sign;
		break;
	case FP_RC_RP:
		*inc = *inexact && !x.sign;
		break;
	default:
		break;
	}
	if (*inc) {
		ip += 1;
		if (!ip)
			*big = true;
	}
	return ip;
}

/* One fcvt.fx conversion: the integer, or false for an invalid operand. */
static bool cvt_one(struct fp82 x, unsigned rc, bool uns, unsigned bits, uint64_t *out,
		    bool *inexact, bool *inc)
{
	bool big;
	*inexact = *inc = false;
	if (fp_is_nan(x) || fp_is_unsupported(x) || fp_is_inf(x))
		return false;
	uint64_t m = round_to_int(x, rc, &big, inexact, inc);
	uint64_t lim = bits == 64 ? 1ull << 63 : 1ull << 31; /* 2^(bits-1) */
	bool ok;
	if (big)
		ok = false;
	else if (uns)
		ok = x.sign ? m == 0 : (bits == 64 || m <= 2 * lim - 1);
	else
		ok = x.sign ? m <= lim : m < lim;
	if (!ok)
		return false;
	*out = x.sign && !uns ? 0 - m : m;
	return true;
}

struct fp82 fp_fcvt_fx(uint64_t fpsr, unsigned sf, unsigned form, struct fp82 x,
		       struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	if (fp_is_natval(x))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_NONE);
	unsigned rc = form & 2 ? FP_RC_RZ : env.rc;
	uint64_t v = 0;
	bool inexact, inc;
	if (!cvt_one(x, rc, form & 1, 64, &v, &inexact, &inc))
		fp_raise(&env, st, FP_V);
	else if (fp_is_unorm(x))
		fp_raise(&env, st, FP_D);
	if (st->fault) {
		st->isr = fp_fault_code(st->fault);
		return x;
	}
	if (st->flags & FP_V)
		return fp_int(1ull << 63); /* integer indefinite */
	if (inexact) {
		st->flags |= FP_I;
		if (!(env.dis & FP_I)) {
			st->trap = FP_I;
			st->isr = 1u << 13 | (inc ? 1u << 14 : 0);
		}
	}
	return fp_int(v);
}

struct fp82 fp_fpcvt_fx(uint64_t fpsr, unsigned sf, unsigned form, struct fp82 x,
			struct fp_status *st)
{
	memset(st, 0, sizeof(*st));
	if (fp_is_natval(x))
		return fp_natval();
	struct fp_env env;
	fp_env_init(&env, fpsr, sf, FP_PC_SIMD);
	unsigned rc = form & 2 ? FP_RC_RZ : env.rc;
	struct half h[2];
	memset(h, 0, sizeof(h));
	struct fp82 hx[2] = {hi_half(x), lo_half(x)};
	uint64_t r = 0;
	bool inexact[2], inc[2];
	for (unsigned i = 0; i < 2; i++) {
		uint64_t v = 0;
		if (!cvt_one(hx[i], rc, form & 1, 32, &v, &inexact[i], &inc[i])) {
			half_raise(&env, &h[i], FP_V);
			inexact[i] = false;
			v = 0x80000000u; /* 32-bit integer indefinite */
		} else if (fp_is_unorm(hx[i])) {
			half_raise(&env, &h[i], FP_D);
		}
		r |= (v & 0xffffffffu) << (i ? 0 : 32);
	}
	/* Inexact comes from the conversion itself, after the fault check. */
	if (!(h[0].fault | h[1].fault)) {
		for (unsigned i = 0; i < 2; i++) {
			if (!inexact[i])
				continue;
			h[i].flags |= FP_I;
			if (!(env.dis & FP_I)) {
				h[i].trap = FP_I;
				h[i].fpa = inc[i];
			}
		}
	}
	merge_halves(h, st);
	return st->fault ? fp_int(0) : fp_int(r);
}

struct fp82 fp_fcvt_xf(struct fp82 x)
{
	if (fp_is_natval(x))
		return x;
	uint64_t v = x.sig;
	if (!v)
		return fp_zero(0);
	uint32_t sign = (uint32_t)(v >> 63);
	uint64_t m = sign ? 0 - v : v;
	unsigned lz = fp_clz64(m);
	return fp_make(sign, FP_EXP_INT - lz, m << lz);
}
