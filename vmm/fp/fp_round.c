// SPDX-License-Identifier: GPL-2.0
/*
 * The exact core: unpacking register values, exact products and sums (a
 * 256-bit window and a sticky bit), quotients and square roots, and the one
 * rounding step of the SDM's fp_ieee_round (vol 3, pseudo-code functions):
 * rounding with an unbounded exponent first, then overflow (O, with the
 * exponent-wrapped result when O traps), tininess after rounding,
 * denormalization (U only when inexact, unless U traps), flush-to-zero, and
 * the canonical double-extended denormal.
 */
#include "fp_int.h"

/* ---- unpacking ----------------------------------------------------------------------------- */

struct fp_x fp_unpack(struct fp82 x)
{
	struct fp_x r = {0, 0, 0, x.sign, false};
	if (!x.sig)
		return r;
	int32_t e = x.exp ? (int32_t)x.exp : (int32_t)FP_EXP_DENORM;
	unsigned lz = fp_clz64(x.sig);
	r.hi = x.sig << lz;
	r.e = e - (int32_t)FP_BIAS - (int32_t)lz;
	return r;
}

struct fp_x fp_x_mul(struct fp_x a, struct fp_x b)
{
	struct fp_x r = {0, 0, a.e + b.e, a.sign ^ b.sign, false};
	fp_mul64(a.hi, b.hi, &r.hi, &r.lo);
	if (r.hi >> 63) {
		r.e += 1;
	} else {
		r.hi = r.hi << 1 | r.lo >> 63;
		r.lo <<= 1;
	}
	return r;
}

/* ---- 256-bit windows (w[0] least significant) ---------------------------------------------- */

static void w_shr(uint64_t w[4], unsigned n, bool *sticky)
{
	if (n >= 256) {
		*sticky |= (w[0] | w[1] | w[2] | w[3]) != 0;
		w[0] = w[1] = w[2] = w[3] = 0;
		return;
	}
	unsigned q = n / 64, s = n % 64;
	for (unsigned i = 0; i < q; i++)
		*sticky |= w[i] != 0;
	if (s)
		*sticky |= (w[q] << (64 - s)) != 0;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t lo = i + q < 4 ? w[i + q] : 0, hi = i + q + 1 < 4 ? w[i + q + 1] : 0;
		w[i] = s ? lo >> s | hi << (64 - s) : lo;
	}
}

static void w_shl(uint64_t w[4], unsigned n)
{
	unsigned q = n / 64, s = n % 64;
	for (int i = 3; i >= 0; i--) {
		uint64_t hi = i - (int)q >= 0 ? w[i - q] : 0;
		uint64_t lo = i - (int)q - 1 >= 0 ? w[i - q - 1] : 0;
		w[i] = s ? hi << s | lo >> (64 - s) : hi;
	}
}

static unsigned w_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
	unsigned c = 0;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t s = a[i] + b[i];
		unsigned c1 = s < a[i];
		r[i] = s + c;
		c = c1 | (r[i] < s);
	}
	return c;
}

static void w_sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
	unsigned bw = 0;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t d = a[i] - b[i];
		unsigned b1 = a[i] < b[i];
		r[i] = d - bw;
		bw = b1 | (d < (uint64_t)bw);
	}
}

static int w_cmp(const uint64_t a[4], const uint64_t b[4])
{
	for (int i = 3; i >= 0; i--)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static unsigned w_clz(const uint64_t w[4])
{
	for (int i = 3; i >= 0; i--)
		if (w[i])
			return (unsigned)(3 - i) * 64 + fp_clz64(w[i]);
	return 256;
}

/* Normalize a 256-bit window whose value is w * 2^(e - 255) into an fp_x. */
static struct fp_x w_pack(uint64_t w[4], int32_t e, uint32_t sign, bool sticky)
{
	struct fp_x r = {0, 0, 0, sign, sticky};
	unsigned lz = w_clz(w);
	if (lz == 256)
		return r;
	w_shl(w, lz);
	r.hi = w[3];
	r.lo = w[2];
	r.sticky |= (w[1] | w[0]) != 0;
	r.e = e - (int32_t)lz;
	return r;
}

struct fp_x fp_x_add(struct fp_x a, struct fp_x b, unsigned rc)
{
	/* x: the operand of larger magnitude. */
	bool swap = a.e < b.e || (a.e == b.e && (a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo)));
	struct fp_x x = swap ? b : a, y = swap ? a : b;
	uint64_t wx[4] = {0, 0, x.lo, x.hi}, wy[4] = {0, 0, y.lo, y.hi}, s[4];
	bool sticky = false;
	uint32_t d = (uint32_t)(x.e - y.e);
	w_shr(wy, d, &sticky);
	if (x.sign == y.sign) {
		if (w_add(s, wx, wy)) {
			w_shr(s, 1, &sticky);
			s[3] |= 1ull << 63;
			return w_pack(s, x.e + 1, x.sign, sticky);
		}
		return w_pack(s, x.e, x.sign, sticky);
	}
	/* Bits of y below the window: y = wy + eps, 0 < eps < 1, so x - y lies
	 * strictly between x - wy - 1 and x - wy (the SDM's "add sticky"). */
	if (sticky) {
		uint64_t one[4] = {1, 0, 0, 0};
		uint64_t t[4];
		w_add(t, wy, one);
		w_sub(s, wx, t);
	} else {
		if (w_cmp(wx, wy) == 0) {
			struct fp_x z = {0, 0, 0, rc == FP_RC_RM, false};
			return z;
		}
		w_sub(s, wx, wy);
	}
	return w_pack(s, x.e, x.sign, sticky);
}

/* ---- division and square root (frcpa's and frsqrta's IEEE results) ------------------------- */

struct fp_x fp_x_div(struct fp_x a, struct fp_x b)
{
	/* q = floor(a.hi * 2^k / b.hi) with k = 127 or 128 so that 2^127 <= q < 2^128. */
	bool ge = a.hi >= b.hi;
	unsigned k = ge ? 127 : 128;
	uint64_t rem = 0, qhi = 0, qlo = 0;
	unsigned rtop = 0; /* bit 64 of the remainder */
	for (int i = 63 + (int)k; i >= 0; i--) {
		unsigned bit = i >= (int)k ? (unsigned)(a.hi >> (i - (int)k)) & 1 : 0;
		rtop = (unsigned)(rem >> 63);
		rem = rem << 1 | bit;
		unsigned q = 0;
		if (rtop || rem >= b.hi) {
			rem -= b.hi;
			q = 1;
		}
		qhi = qhi << 1 | qlo >> 63;
		qlo = qlo << 1 | q;
	}
	struct fp_x r = {qhi, qlo, a.e - b.e - (ge ? 0 : 1), a.sign ^ b.sign, rem != 0};
	return r;
}

struct fp_x fp_x_sqrt(struct fp_x a)
{
	/* a = a.hi * 2^(a.e - 63); make the exponent even, then take the integer
	 * root of n = m * 2^128, which has 96 or 97 bits. */
	int32_t t = a.e - 63;
	uint64_t n[4] = {0, 0, a.hi, 0};
	if (t & 1) {
		n[3] = a.hi >> 63;
		n[2] = a.hi << 1;
		t -= 1;
	}
	uint64_t res[4] = {0, 0, 0, 0}, bit[4] = {0, 0, 0, 0}, tmp[4];
	bit[3] = 1ull << 62; /* 4^127: above any n here */
	bool dummy = false;
	while (w_cmp(bit, n) > 0)
		w_shr(bit, 2, &dummy);
	while (bit[0] | bit[1] | bit[2] | bit[3]) {
		w_add(tmp, res, bit);
		if (w_cmp(n, tmp) >= 0) {
			w_sub(n, n, tmp);
			w_shr(res, 1, &dummy);
			w_add(res, res, bit);
		} else {
			w_shr(res, 1, &dummy);
		}
		w_shr(bit, 2, &dummy);
	}
	bool sticky = (n[0] | n[1] | n[2] | n[3]) != 0;
	/* sqrt(a) = res * 2^(t/2 - 64), res < 2^97; res * 2^(e' - 255) in window terms. */
	return w_pack(res, t / 2 - 64 + 255, 0, sticky);
}

/* ---- status fields ------------------------------------------------------------------------- */

void fp_env_init(struct fp_env *env, uint64_t fpsr, unsigned sf, unsigned pc)
{
	unsigned c = fp_sf_controls(fpsr, sf);
	bool wre = c & FP_SF_WRE;
	unsigned es;
	env->dis = (c & FP_SF_TD) ? 0x3f : (uint32_t)(fpsr & 0x3f);
	env->rc = (c >> 4) & 3;
	env->ftz = (c & FP_SF_FTZ) && (env->dis & FP_U);
	switch (pc) {
	case FP_PC_S:
		env->prec = 24, es = wre ? 17 : 8;
		break;
	case FP_PC_D:
		env->prec = 53, es = wre ? 17 : 11;
		break;
	case FP_PC_SIMD:
		env->prec = 24, es = 8;
		break;
	case FP_PC_NONE:
		env->prec = 64, es = 17;
		break;
	default: /* FP_PC_SF: the status field's pc; 01 is reserved, taken as 64 */
		switch ((c >> 2) & 3) {
		case FP_PCF_SINGLE:
			env->prec = 24;
			break;
		case FP_PCF_DOUBLE:
			env->prec = 53;
			break;
		default:
			env->prec = 64;
			break;
		}
		es = wre ? 17 : 15;
		break;
	}
	env->emax = (1 << (es - 1)) - 1;
	env->emin = 2 - (1 << (es - 1));
	env->es15 = es == 15;
	env->flags = env->trap = 0;
	env->fpa = env->ebc = false;
}

uint32_t fp_trap_isr(const struct fp_env *env)
{
	return (env->trap & FP_O ? 1u << 11 : 0) | (env->trap & FP_U ? 1u << 12 : 0) |
	       (env->trap & FP_I ? 1u << 13 : 0) | (env->fpa ? 1u << 14 : 0) |
	       (env->ebc ? 1u << 15 : 0);
}

/* ---- rounding ------------------------------------------------------------------------------ */

struct rnd {
	uint64_t sig; /* the kept p bits, left-aligned */
	bool carry;   /* the kept bits rounded up to 2^p: sig = 1.000, exponent + 1 */
	bool inexact, inc;
};

static struct rnd round_bits(uint64_t hi, uint64_t lo, bool sticky, unsigned p, unsigned rc,
			     uint32_t sign)
{
	unsigned s = 64 - p;
	uint64_t keep;
	bool round, rest;
	if (s == 0) {
		keep = hi;
		round = lo >> 63;
		rest = (lo << 1) != 0 || sticky;
	} else {
		keep = hi >> s;
		round = (hi >> (s - 1)) & 1;
		rest = (hi & ((1ull << (s - 1)) - 1)) != 0 || lo != 0 || sticky;
	}
	struct rnd r = {0, false, round || rest, false};
	switch (rc) {
	case FP_RC_RN:
		r.inc = round && (rest || (keep & 1));
		break;
	case FP_RC_RM:
		r.inc = r.inexact && sign;
		break;
	case FP_RC_RP:
		r.inc = r.inexact && !sign;
		break;
	default:
		break;
	}
	if (r.inc) {
		keep += 1;
		if (s == 0 ? keep == 0 : keep >> p) {
			r.carry = true;
			keep = 1ull << (p - 1);
		}
	}
	r.sig = keep << s;
	return r;
}

static struct fp82 max_or_inf(const struct fp_env *env, uint32_t sign)
{
	bool inf;
	switch (env->rc) {
	case FP_RC_RN:
		inf = true;
		break;
	case FP_RC_RM:
		inf = sign;
		break;
	case FP_RC_RP:
		inf = !sign;
		break;
	default:
		inf = false;
		break;
	}
	if (inf)
		return fp_make(sign, FP_EXP_MAX, FP_INT_BIT);
	return fp_make(sign, (uint32_t)(env->emax + (int32_t)FP_BIAS), ~0ull << (64 - env->prec));
}

struct fp82 fp_round(struct fp_env *env, struct fp_x x)
{
	const uint32_t dis = env->dis;
	env->flags = env->trap = 0;
	env->fpa = env->ebc = false;

	/* First rounding, unbounded exponent. */
	struct rnd r1 = round_bits(x.hi, x.lo, x.sticky, env->prec, env->rc, x.sign);
	int32_t e1 = x.e + (r1.carry ? 1 : 0);
	int32_t b1 = e1 + (int32_t)FP_BIAS;
	/* ISR.ebc: the unbounded exponent did not fit the 17-bit field (our
	 * reading of the SDM's exponent bit carry: the trap gets it wrapped) */
	bool ebc1 = b1 < 0 || b1 > (int32_t)FP_EXP_MAX;
	/* The exponent-wrapped unbounded result a trap handler receives. */
	struct fp82 wrapped = fp_make(x.sign, (uint32_t)b1 & FP_EXP_MAX, r1.sig);
	if (r1.inexact)
		env->flags |= FP_I;

	if (e1 > env->emax) {
		env->flags |= FP_O;
		if (!(dis & FP_O)) {
			env->trap = FP_O | (r1.inexact ? FP_I : 0);
			env->fpa = r1.inc;
			env->ebc = ebc1;
			return wrapped;
		}
		struct fp82 m = max_or_inf(env, x.sign);
		env->flags |= FP_I; /* IEEE 7.5: untrapped overflow is inexact */
		if (!(dis & FP_I)) {
			env->trap = FP_I;
			env->fpa = fp_is_inf(m);
		}
		return m;
	}

	if (e1 < env->emin) {
		/* Tiny after rounding: round the denormalized exact value instead. */
		uint64_t hi = x.hi, lo = x.lo;
		bool sticky = x.sticky;
		uint32_t sh = (uint32_t)(env->emin - x.e);
		if (sh >= 128) {
			sticky |= (hi | lo) != 0;
			hi = lo = 0;
		} else if (sh >= 64) {
			sticky |= lo != 0 || (sh > 64 && (hi << (128 - sh)) != 0);
			lo = sh == 64 ? hi : hi >> (sh - 64);
			hi = 0;
		} else {
			sticky |= (lo << (64 - sh)) != 0;
			lo = lo >> sh | hi << (64 - sh);
			hi >>= sh;
		}
		struct rnd r2 = round_bits(hi, lo, sticky, env->prec, env->rc, x.sign);
		if (!(dis & FP_U)) {
			env->flags = FP_U | (r1.inexact ? FP_I : 0);
			env->trap = FP_U | (r1.inexact ? FP_I : 0);
			env->fpa = r1.inc;
			env->ebc = ebc1;
			return wrapped;
		}
		if (env->ftz) {
			env->flags = FP_U | FP_I;
			if (!(dis & FP_I))
				env->trap = FP_I;
			return fp_make(x.sign, 0, 0);
		}
		env->flags = r2.inexact ? FP_U | FP_I : 0;
		if (!(dis & FP_I) && r2.inexact) {
			env->trap = FP_I;
			env->fpa = r2.inc;
		}
		if (!r2.sig)
			return fp_make(x.sign, 0, 0);
		uint32_t be = (uint32_t)(env->emin + (int32_t)FP_BIAS);
		if (env->es15 && be == FP_EXP_DENORM && !(r2.sig & FP_INT_BIT))
			be = 0; /* canonical double-extended denormal */
		return fp_make(x.sign, be, r2.sig);
	}

	if (!(dis & FP_I) && r1.inexact) {
		env->trap = FP_I;
		env->fpa = r1.inc;
	}
	return wrapped;
}

/* ---- normalization and comparison ---------------------------------------------------------- */

struct fp82 fp_normalize(struct fp82 x)
{
	if (x.exp == FP_EXP_MAX || fp_is_normal(x) || fp_is_zero(x) || fp_is_natval(x))
		return x;
	if (x.exp == 0)
		x.exp = FP_EXP_DENORM; /* fp_reg_read */
	unsigned lz = fp_clz64(x.sig);
	if (lz == 64) {
		x.exp = 0; /* pseudo-zero: a true zero */
		return x;
	}
	if (x.exp == 1)
		return x;
	if ((int32_t)x.exp - (int32_t)lz <= 0) {
		x.sig <<= x.exp - 1;
		x.exp = 1;
		return x;
	}
	x.exp -= lz;
	x.sig <<= lz;
	return x;
}

int fp_cmp_value(struct fp82 a, struct fp82 b)
{
	/* class: -2 -inf, -1 negative finite, 0 zero, 1 positive finite, 2 +inf */
	int ca, cb;
	ca = fp_is_inf(a) ? (a.sign ? -2 : 2) : !a.sig ? 0 : a.sign ? -1 : 1;
	cb = fp_is_inf(b) ? (b.sign ? -2 : 2) : !b.sig ? 0 : b.sign ? -1 : 1;
	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca != 1 && ca != -1)
		return 0;
	struct fp_x xa = fp_unpack(a), xb = fp_unpack(b);
	int mag = xa.e != xb.e	   ? (xa.e < xb.e ? -1 : 1)
		  : xa.hi != xb.hi ? (xa.hi < xb.hi ? -1 : 1)
				   : 0;
	return ca < 0 ? -mag : mag;
}
