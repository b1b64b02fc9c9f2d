/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to the FP library: wide integers, the unpacked exact value, the
 * decoded status field, and the one rounding step every operation ends in.
 */
#ifndef LOL_FP_INT_H
#define LOL_FP_INT_H

#include "fp82.h"

/* ---- 64/128-bit helpers (plain C: no __int128, no host FP) ------------------------------- */

static inline unsigned fp_clz64(uint64_t x)
{
#if defined(__GNUC__)
	return x ? (unsigned)__builtin_clzll(x) : 64;
#else
	unsigned n = 0;
	if (!x)
		return 64;
	for (unsigned s = 32; s; s >>= 1)
		if (!(x >> (64 - s))) {
			n += s;
			x <<= s;
		}
	return n;
#endif
}

/* hi:lo = a * b */
static inline void fp_mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	*lo = (mid << 32) | (p00 & 0xffffffffu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* ---- the exact value before rounding ------------------------------------------------------- */

/* value = (-1)^sign * (hi:lo) * 2^(e - 127), hi bit 63 set (normalized) unless
 * the value is zero; sticky: nonzero bits were dropped below lo. */
struct fp_x {
	uint64_t hi, lo;
	int32_t e;
	uint32_t sign;
	bool sticky;
};

/* The exact value of a finite register (zero exponent = 0xc001, as the SDM's
 * fp_reg_read says), normalized.  Zero significands give hi = lo = 0. */
struct fp_x fp_unpack(struct fp82 x);
/* a * b, exactly (finite, nonzero). */
struct fp_x fp_x_mul(struct fp_x a, struct fp_x b);
/* a + b, exactly but for a sticky bit (both normalized nonzero).  An exact
 * zero sum comes back with hi = lo = 0 and the sign rc gives. */
struct fp_x fp_x_add(struct fp_x a, struct fp_x b, unsigned rc);
/* a / b and sqrt(a): 128 quotient bits and a sticky bit. */
struct fp_x fp_x_div(struct fp_x a, struct fp_x b);
struct fp_x fp_x_sqrt(struct fp_x a);

/* ---- the decoded status field ------------------------------------------------------------ */

enum { FP_PC_NONE = 8, FP_PC_SIMD = 9 }; /* beside FP_PC_SF/S/D */

struct fp_env {
	unsigned rc;	    /* FP_RC_* */
	unsigned prec;	    /* 24, 53 or 64 significand bits */
	int32_t emin, emax; /* unbiased exponents of the normal range */
	bool ftz;	    /* sf.ftz with underflow traps disabled */
	bool es15;	    /* 15-bit range: double-extended denormals get exponent 0 */
	uint32_t dis;	    /* FP_* whose faults or traps are disabled */
	/* what one rounding did */
	uint32_t flags, trap;
	bool fpa, ebc;
};

/* fp_decode_environment of the SDM's helper functions: pc is FP_PC_*. */
void fp_env_init(struct fp_env *env, uint64_t fpsr, unsigned sf, unsigned pc);

/* fp_ieee_round: round the exact nonzero finite x; sets env->flags, trap, fpa,
 * ebc (after clearing them). */
struct fp82 fp_round(struct fp_env *env, struct fp_x x);

/* The ISR.code of a scalar trap from env. */
uint32_t fp_trap_isr(const struct fp_env *env);

/* A fault check found V, D or Z: flag it, and fault unless disabled. */
static inline void fp_raise(const struct fp_env *env, struct fp_status *st, uint32_t f)
{
	st->flags |= f;
	if (!(env->dis & f))
		st->fault |= f;
}

/* ISR.code of a fault: one of v, z, d, in that priority. */
static inline uint32_t fp_fault_code(uint32_t fault)
{
	return fault & FP_V ? 1 : fault & FP_Z ? 4 : fault & FP_D ? 2 : 0;
}

/* The QNaN indefinite: sign 1, exponent all ones, significand 1.1000... */
static inline struct fp82 fp_qnan_indefinite(void)
{
	return fp_make(1, FP_EXP_MAX, 0xc000000000000000ull);
}

static inline struct fp82 fp_quiet(struct fp82 x)
{
	x.sig |= 1ull << 62;
	return x;
}

/* The SDM's fp_normalize: normalize an unnormal, but not below exponent 1;
 * pseudo-zeros become true zeros.  (Zero exponents are read as 0xc001.) */
struct fp82 fp_normalize(struct fp82 x);

/* Exact value comparisons (fp_equal, fp_less_than) of supported non-NaNs. */
int fp_cmp_value(struct fp82 a, struct fp82 b); /* -1, 0, 1 */

#endif
