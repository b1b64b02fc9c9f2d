// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the FP library (vmm/fp) against MPFR and the SDM's tables:
 * fma/fms/fnma in every precision, range and rounding mode with edge cases
 * (denormals, overflow, underflow with and without wre, ftz, NaNs,
 * infinities, signed zeros, traps), the parallel fpma, fcvt.fx/fxu and
 * fcvt.xf, frcpa/frsqrta (every table interval, documented error bounds,
 * special cases, the IEEE results of software-assisted operands), fcmp and
 * fclass tables, fmin/fmax, memory formats, xma and the bit moves.
 */
#include <stdlib.h>

#include "fp_check.h"
#include "tap.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static const struct fp82 ONE = {FP_INT_BIT, FP_BIAS, 0};
static const struct fp82 POSZERO = {0, 0, 0};
static const struct fp82 NEGZERO = {0, 0, 1};
static const struct fp82 PINF = {FP_INT_BIT, FP_EXP_MAX, 0};
static const struct fp82 NINF = {FP_INT_BIT, FP_EXP_MAX, 1};
static const struct fp82 QNAN = {0xc000000000001234ull, FP_EXP_MAX, 0};
static const struct fp82 SNAN = {0x8000000000005678ull, FP_EXP_MAX, 1};

/* The precision configurations: completer and status-field controls. */
struct pcfg {
	const char *name;
	unsigned pc, ctl; /* ctl without rc */
};

static const struct pcfg pcfgs[] = {
    {"fma.s", FP_PC_S, 3 << 2},
    {"fma.s wre", FP_PC_S, 3 << 2 | FP_SF_WRE},
    {"fma.d", FP_PC_D, 3 << 2},
    {"fma.d wre", FP_PC_D, 3 << 2 | FP_SF_WRE},
    {"fma pc=s", FP_PC_SF, 0 << 2},
    {"fma pc=d", FP_PC_SF, 2 << 2},
    {"fma pc=e", FP_PC_SF, 3 << 2},
    {"fma pc=e wre", FP_PC_SF, 3 << 2 | FP_SF_WRE},
    {"fma pc=s wre", FP_PC_SF, 0 << 2 | FP_SF_WRE},
};
#define NPCFG (sizeof(pcfgs) / sizeof(pcfgs[0]))

static const char *const rcname[4] = {"rn", "rm", "rp", "rz"};

/* ---- fma: edge cases ----------------------------------------------------------------------- */

/* Deterministic edge operands for a precision p and range [emin, emax]. */
static unsigned fma_edges(const struct ref_cfg *c, struct fp82 *A, struct fp82 *B, struct fp82 *C,
			  bool *hasc, unsigned max)
{
	unsigned n = 0;
	unsigned p = c->prec;
	uint64_t maxsig = ~0ull << (64 - p), ulp = 1ull << (64 - p), half = ulp >> 1;
	long emin = c->emin, emax = c->emax;
#define ADD(a, b, cc, h)                                                                           \
	do {                                                                                       \
		if (n < max && representable(a) && representable(b) && representable(cc)) {        \
			A[n] = (a), B[n] = (b), C[n] = (cc), hasc[n] = (h);                        \
			n++;                                                                       \
		}                                                                                  \
	} while (0)
	for (uint32_t s = 0; s < 2; s++) {
		/* largest finite, and one half ulp above it (rounds to overflow in rn) */
		ADD(val(s, emax, maxsig), ONE, POSZERO, false);
		ADD(val(s, emax, maxsig | half), ONE, POSZERO, false);
		ADD(val(s, emax, maxsig | half | 1), ONE, POSZERO, false);
		ADD(val(s, emax, maxsig), val(0, 1, FP_INT_BIT), POSZERO, false);
		ADD(val(s, emax, maxsig), ONE, val(s, emax - (long)p, FP_INT_BIT), true);
		ADD(val(s, emax, maxsig), ONE, val(s, emax - (long)p - 1, FP_INT_BIT), true);
		/* smallest normal, halved and nudged */
		ADD(val(s, emin, FP_INT_BIT), val(0, -1, FP_INT_BIT), POSZERO, false);
		ADD(val(s, emin, FP_INT_BIT | ulp), val(0, -1, FP_INT_BIT), POSZERO, false);
		ADD(val(s, emin, ~0ull), ONE, POSZERO, false);
		ADD(val(s, emin - 1, ~0ull), ONE, POSZERO, false);
		ADD(val(s, emin - 1, maxsig | half), ONE, POSZERO, false);
		ADD(val(s, emin - 1, maxsig), ONE, POSZERO, false);
		/* denormal range: exact, halfway, below the smallest */
		for (long k = 0; k <= (long)p + 1; k += (p > 30 ? 7 : 3)) {
			ADD(val(s, emin - k, FP_INT_BIT), ONE, POSZERO, false);
			ADD(val(s, emin - k, FP_INT_BIT | half), ONE, POSZERO, false);
			ADD(val(s, emin - k, 0xc000000000000000ull), ONE, POSZERO, false);
		}
		ADD(val(s, emin - (long)p, FP_INT_BIT), ONE, POSZERO,
		    false); /* half the smallest */
		ADD(val(s, emin - (long)p, FP_INT_BIT | 1), ONE, POSZERO, false); /* just above */
		ADD(val(s, emin - (long)p - 1, FP_INT_BIT), ONE, POSZERO, false);
		ADD(val(s, emin - (long)p + 1, FP_INT_BIT), ONE, POSZERO, false); /* the smallest */
		/* far below everything */
		ADD(val(s, emin - 200, FP_INT_BIT), val(0, -300, FP_INT_BIT), POSZERO, false);
		/* exact cancellation and near cancellation */
		ADD(val(s, 3, 0xa000000000000000ull), ONE, val(!s, 3, 0xa000000000000000ull), true);
		ADD(val(s, 3, 0xa000000000000001ull), ONE, val(!s, 3, 0xa000000000000000ull), true);
		ADD(val(s, emin, FP_INT_BIT | ulp), ONE, val(!s, emin, FP_INT_BIT), true);
		/* signed zeros: product zero, addend zero */
		ADD(fp_make(s, 0, 0), ONE, NEGZERO, true);
		ADD(fp_make(s, 0, 0), ONE, POSZERO, true);
		ADD(fp_make(s, 0, 0), val(1, 0, FP_INT_BIT), POSZERO, true);
		ADD(fp_make(s, 0, 0), val(1, 0, FP_INT_BIT), POSZERO, false);
		ADD(fp_make(s, 0, 0), ONE, val(1, 5, 0xdeadbeef00000001ull), true);
		ADD(val(s, 7, 0x9000000000000000ull), ONE, fp_make(1, 0, 0), true);
		/* a tiny addend beside a huge product: sticky only */
		ADD(val(s, 40, FP_INT_BIT), ONE, val(!s, -3000, FP_INT_BIT), true);
		ADD(val(s, 40, maxsig), ONE, val(s, 40 - (long)p - 200, FP_INT_BIT), true);
		/* double-extended denormals (exponent field 0) as inputs */
		ADD(fp_make(s, 0, 0x4000000000000001ull), ONE, POSZERO, false);
		ADD(fp_make(s, 0, 0xc000000000000000ull), ONE, POSZERO, true);
		/* products with a full 128-bit significand */
		ADD(val(s, 0, ~0ull), val(0, 0, ~0ull), val(1, 1, 0xfffffffffffffffeull), true);
		ADD(val(s, -1, 0xffffffff00000001ull), val(1, 0, 0xffffffff00000001ull), ONE, true);
	}
#undef ADD
	return n;
}

static void test_fma_edges(void)
{
	static struct fp82 A[256], B[256], C[256];
	static bool H[256];
	for (unsigned i = 0; i < NPCFG; i++) {
		for (unsigned rc = 0; rc < 4; rc++) {
			unsigned ctl = pcfgs[i].ctl | rc << 4;
			struct ref_cfg cfg = ref_cfg_of(pcfgs[i].pc, ctl);
			unsigned n = fma_edges(&cfg, A, B, C, H, 256), bad = 0, total = 0;
			diag_reset();
			for (unsigned k = 0; k < n; k++) {
				for (unsigned form = 0; form < 3; form++) {
					/* traps disabled; then O, U, I traps enabled; ftz */
					static const uint32_t dis[] = {0x3f, 0x3f & ~FP_O,
								       0x3f & ~FP_U, 0x3f & ~FP_I,
								       0x3f & ~FP_D};
					for (unsigned t = 0; t < 5; t++) {
						bad += !check_fma(form, pcfgs[i].pc, ctl, dis[t],
								  A[k], B[k], H[k] ? &C[k] : NULL);
						total++;
					}
					bad += !check_fma(form, pcfgs[i].pc, ctl | FP_SF_FTZ, 0x3f,
							  A[k], B[k], H[k] ? &C[k] : NULL);
					total++;
				}
			}
			tap_ok(bad == 0, "%s.%s: %u edge fmas match MPFR (%u wrong)", pcfgs[i].name,
			       rcname[rc], total, bad);
		}
	}
}

static void test_fma_random(unsigned count)
{
	for (unsigned i = 0; i < NPCFG; i++) {
		for (unsigned rc = 0; rc < 4; rc++) {
			unsigned ctl = pcfgs[i].ctl | rc << 4, bad = 0;
			struct ref_cfg cfg = ref_cfg_of(pcfgs[i].pc, ctl);
			diag_reset();
			for (unsigned k = 0; k < count; k++) {
				struct fp82 a, b, c;
				bool h;
				rnd_fma_operands(&cfg, &a, &b, &c, &h);
				unsigned form = rndn(3);
				uint32_t dis = rndn(4) ? 0x3f : (uint32_t)(rnd64() & 0x3f) | FP_D;
				unsigned x = rndn(4) == 0 ? FP_SF_FTZ : 0;
				bad += !check_fma(form, pcfgs[i].pc, ctl | x, dis, a, b,
						  h ? &c : NULL);
			}
			tap_ok(bad == 0, "%s.%s: %u random fmas match MPFR (%u wrong)",
			       pcfgs[i].name, rcname[rc], count, bad);
		}
	}
}

/* ---- fma: special operands ------------------------------------------------------------------ */

static void test_fma_specials(void)
{
	uint64_t fpsr = ref_fpsr(0, 3 << 2, 0x3f);
	struct fp_status st;
	struct fp82 r, two = val(0, 1, FP_INT_BIT);
	struct fp82 qa = QNAN, qb = fp_make(1, FP_EXP_MAX, 0xc00000000000abcdull);

	/* NaN priority: f4 (b), then f2 (c), then f3 (a) */
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, qa, qb, &two, &st);
	tap_ok(same(r, qb) && st.flags == 0 && !st.fault, "fma: a NaN f4 wins");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, qa, ONE, &qb, &st);
	tap_ok(same(r, qb) && st.flags == 0, "fma: a NaN f2 beats f3");
	r = fp_fma(fpsr, 0, FP_PC_S, FP_FNMA, qa, ONE, &two, &st);
	tap_ok(same(r, qa) && st.flags == 0, "fnma.s: a NaN f3 passes unchanged, unrounded");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, SNAN, ONE, &two, &st);
	tap_ok(same(r, fp_make(1, FP_EXP_MAX, 0xc000000000005678ull)) && st.flags == FP_V,
	       "fma: an SNaN is quieted and sets V");
	r = fp_fma(ref_fpsr(0, 3 << 2, 0x3f & ~FP_V), 0, FP_PC_SF, FP_FMA, SNAN, ONE, &two, &st);
	tap_ok(st.fault == FP_V && st.isr == 1, "fma: an SNaN faults when V is enabled");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, PINF, POSZERO, &two, &st);
	tap_ok(same(r, fp_make(1, FP_EXP_MAX, 0xc000000000000000ull)) && st.flags == FP_V,
	       "fma: inf * 0 is the QNaN indefinite with V");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, PINF, two, &NINF, &st);
	tap_ok(fp_is_nan(r) && st.flags == FP_V, "fma: inf - inf is invalid");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMS, PINF, two, &PINF, &st);
	tap_ok(fp_is_nan(r) && st.flags == FP_V, "fms: inf - inf is invalid");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FNMA, PINF, two, &NINF, &st);
	tap_ok(same(r, NINF) && st.flags == 0, "fnma: -(inf*2) + -inf = -inf");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FNMA, PINF, two, &PINF, &st);
	tap_ok(fp_is_nan(r) && st.flags == FP_V, "fnma: -(inf*2) + inf is invalid");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, PINF, two, &PINF, &st);
	tap_ok(same(r, PINF) && st.flags == 0, "fma: inf + inf is inf, no flags");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FNMA, PINF, two, NULL, &st);
	tap_ok(same(r, NINF) && st.flags == 0, "fnmpy: -(inf*2) = -inf");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, two, two, &NINF, &st);
	tap_ok(same(r, NINF), "fma: finite + -inf = -inf");
	/* pseudo-zero times infinity: infinity, not invalid (SDM vol 1 5.1.2) */
	struct fp82 pz = fp_make(1, 0x1234, 0);
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, PINF, pz, NULL, &st);
	tap_ok(same(r, NINF) && !(st.flags & FP_V) && (st.flags & FP_D),
	       "fma: inf * pseudo-zero = inf (pseudo-zeros are unnormals: D)");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, pz, two, &POSZERO, &st);
	tap_ok(same(r, POSZERO) && st.flags == FP_D, "fma: -pseudo-zero * 2 + +0 = +0");
	/* NaTVal */
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, fp_natval(), SNAN, &two, &st);
	tap_ok(fp_is_natval(r) && !st.flags && !st.fault, "fma: NaTVal in, NaTVal out, no flags");
	/* unsupported encodings */
	struct fp82 unsup = fp_make(0, FP_EXP_MAX, 0x4000000000000000ull);
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, unsup, ONE, &two, &st);
	tap_ok(same(r, fp_make(1, FP_EXP_MAX, 0xc000000000000000ull)) && st.flags == FP_V,
	       "fma: an unsupported operand is invalid");
	/* f2 = f0: nothing added, the zero product keeps its sign */
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, fp_make(1, FP_BIAS, FP_INT_BIT), POSZERO, NULL, &st);
	tap_ok(same(r, NEGZERO), "fmpy: -1 * +0 = -0 (no addend)");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, fp_make(1, FP_BIAS, FP_INT_BIT), POSZERO, &POSZERO,
		   &st);
	tap_ok(same(r, POSZERO), "fma: -1 * +0 + +0 = +0");
	r = fp_fma(ref_fpsr(0, 3 << 2 | FP_RC_RM << 4, 0x3f), 0, FP_PC_SF, FP_FMA,
		   fp_make(1, FP_BIAS, FP_INT_BIT), POSZERO, &POSZERO, &st);
	tap_ok(same(r, NEGZERO), "fma.rm: -1 * +0 + +0 = -0");
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMS, ONE, ONE, &ONE, &st);
	tap_ok(same(r, POSZERO), "fms: 1*1 - 1 = +0");
	/* fnorm of an unnormal: normalized, D set */
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, fp_make(0, FP_BIAS + 3, 0x0000000100000000ull), ONE,
		   NULL, &st);
	tap_ok(same(r, fp_make(0, FP_BIAS + 3 - 31, FP_INT_BIT)) && st.flags == FP_D,
	       "fnorm: an unnormal comes out normalized, with D");
	/* canonical double-extended denormal: exponent 0 */
	r = fp_fma(fpsr, 0, FP_PC_SF, FP_FMA, val(0, -16383, FP_INT_BIT), ONE, NULL, &st);
	tap_ok(same(r, fp_make(0, 0, 0x4000000000000000ull)) && st.flags == 0,
	       "fnorm: a double-extended denormal result has exponent 0");
	r = fp_fma(ref_fpsr(0, 3 << 2 | FP_SF_WRE, 0x3f), 0, FP_PC_SF, FP_FMA,
		   val(0, -16383, FP_INT_BIT), ONE, NULL, &st);
	tap_ok(same(r, val(0, -16383, FP_INT_BIT)), "fnorm with wre: 2^-16383 stays normal");
	/* td: the status field's trap-disable bit masks enabled traps */
	r = fp_fma(ref_fpsr(0, 3 << 2 | FP_SF_TD, 0), 0, FP_PC_S, FP_FMA, val(0, 200, FP_INT_BIT),
		   ONE, NULL, &st);
	tap_ok(same(r, PINF) && !st.trap && st.flags == (FP_O | FP_I),
	       "fma.s with sf.td: overflow does not trap");
	r = fp_fma(ref_fpsr(0, 3 << 2, 0x3f & ~FP_O), 0, FP_PC_S, FP_FMA, val(0, 200, FP_INT_BIT),
		   ONE, NULL, &st);
	tap_ok(same(r, val(0, 200, FP_INT_BIT)) && st.trap == FP_O && st.isr == 1u << 11,
	       "fma.s, O enabled: the trap gets the unbounded result");
	r = fp_fma(ref_fpsr(0, 3 << 2 | FP_SF_WRE, 0x3f & ~FP_O), 0, FP_PC_SF, FP_FMA,
		   val(0, 65535, FP_INT_BIT), val(0, 3, 0xc000000000000000ull), NULL, &st);
	tap_ok(r.exp == ((65538 + FP_BIAS) & FP_EXP_MAX) && r.exp == 1 && st.trap == FP_O &&
		   (st.isr & (1u << 15)),
	       "fma wre, O enabled: the exponent wraps, ISR.ebc set");
	/* ftz needs underflow traps disabled; pc=s without wre has the 15-bit range */
	r = fp_fma(ref_fpsr(0, 0 << 2 | FP_SF_FTZ, 0x3f), 0, FP_PC_SF, FP_FMA,
		   val(0, -16383, FP_INT_BIT), ONE, NULL, &st);
	tap_ok(same(r, POSZERO) && st.flags == (FP_U | FP_I),
	       "fma pc=s ftz: 2^-16383 flushes, U I");
	r = fp_fma(ref_fpsr(0, 0 << 2 | FP_SF_FTZ, 0x3f & ~FP_U), 0, FP_PC_SF, FP_FMA,
		   val(0, -16383, FP_INT_BIT), ONE, NULL, &st);
	tap_ok(st.trap == FP_U && st.flags == FP_U && same(r, val(0, -16383, FP_INT_BIT)),
	       "fma pc=s ftz with U enabled: traps instead of flushing");
	r = fp_fma(ref_fpsr(0, 0 << 2, 0x3f), 0, FP_PC_SF, FP_FMA, val(0, -127, FP_INT_BIT), ONE,
		   NULL, &st);
	tap_ok(same(r, val(0, -127, FP_INT_BIT)) && st.flags == 0,
	       "fma pc=s (15-bit range): 2^-127 is normal, exact");
	r = fp_fma(ref_fpsr(0, 3 << 2 | FP_SF_FTZ, 0x3f), 0, FP_PC_S, FP_FMA,
		   val(0, -127, 0xc000000000000000ull), ONE, NULL, &st);
	tap_ok(same(r, fp_make(0, 0, 0)) && st.flags == (FP_U | FP_I),
	       "fma.s ftz: an exact denormal flushes too, U I");
	r = fp_fma(ref_fpsr(0, 3 << 2, 0x3f), 0, FP_PC_S, FP_FMA, val(0, -127, FP_INT_BIT), ONE,
		   NULL, &st);
	tap_ok(same(r, val(0, -126, 0x4000000000000000ull)) && st.flags == 0,
	       "fma.s: 2^-127 is an exact single denormal (exponent 0xff81), no U");
}

/* ---- parallel fma -------------------------------------------------------------------------- */

static uint32_t rnd_single(void)
{
	uint32_t e;
	switch (rndn(6)) {
	case 0:
		e = 0;
		break;
	case 1:
		e = rndn(4) + 1;
		break;
	case 2:
		e = 254 - rndn(3);
		break;
	default:
		e = rndn(254) + 1;
		break;
	}
	uint32_t f = (uint32_t)rnd64() & 0x7fffff;
	if (rndn(3) == 0)
		f &= 0x7ff000;
	return (uint32_t)rndn(2) << 31 | e << 23 | f;
}

static void test_fpma(unsigned count)
{
	for (unsigned rc = 0; rc < 4; rc++) {
		unsigned bad = 0;
		diag_reset();
		for (unsigned k = 0; k < count; k++) {
			uint32_t dis = rndn(3) ? 0x3f : 0x3f & ~(FP_O | FP_U | FP_I);
			unsigned ctl = rc << 4 | (rndn(4) ? 0 : FP_SF_FTZ) | FP_SF_WRE;
			unsigned form = rndn(3);
			bool h = rndn(4) != 0;
			uint32_t a[2] = {rnd_single(), rnd_single()}, b[2], c[2];
			for (unsigned i = 0; i < 2; i++) {
				b[i] = rnd_single();
				c[i] = rnd_single();
			}
			struct fp82 fa = fp_int((uint64_t)a[0] << 32 | a[1]);
			struct fp82 fb = fp_int((uint64_t)b[0] << 32 | b[1]);
			struct fp82 fc = fp_int((uint64_t)c[0] << 32 | c[1]);
			struct fp_status st;
			struct fp82 r =
			    fp_fpma(ref_fpsr(3, ctl, dis), 3, form, fa, fb, h ? &fc : NULL, &st);
			struct ref_cfg cfg = ref_cfg_of(9, ctl);
			uint32_t want[2], flags = 0, trap = 0, d = 0;
			bool nanres = false;
			for (unsigned i = 0; i < 2; i++) {
				struct fp82 x = fp_from_single(a[i]), y = fp_from_single(b[i]);
				struct fp82 z = fp_from_single(c[i]);
				if (fp_is_nan(x) || fp_is_nan(y) || (h && fp_is_nan(z)) ||
				    fp_is_inf(x) || fp_is_inf(y) || (h && fp_is_inf(z))) {
					nanres = true;
					break;
				}
				struct ref_res ref;
				ref_fma(&ref, form, x, y, h ? &z : NULL, &cfg, rc,
					(ctl & FP_SF_FTZ) && (dis & FP_U), dis);
				want[i] = ref.trap & (FP_O | FP_U) ? 0 : fp_to_single(ref.r);
				flags |= ref.flags | unorm_any(x, y, h ? &z : NULL);
				trap |= ref.trap;
			}
			if (nanres)
				continue; /* specials: covered by test_fpma_specials */
			(void)d;
			bool ok = !st.fault && st.flags == flags && st.trap == trap;
			if (!(trap & (FP_O | FP_U)))
				ok = ok && r.sig == ((uint64_t)want[0] << 32 | want[1]) &&
				     r.exp == FP_EXP_INT && r.sign == 0;
			if (!ok && diag())
				printf("# fpma rc %u form %u: %08x %08x %08x / %08x %08x %08x: got "
				       "%016" PRIx64 " want %08x%08x flags %x/%x trap %x/%x\n",
				       rc, form, a[0], b[0], c[0], a[1], b[1], c[1], r.sig, want[0],
				       want[1], st.flags, flags, st.trap, trap);
			bad += !ok;
		}
		tap_ok(bad == 0, "fpma.%s: %u random pairs match MPFR per half (%u wrong)",
		       rcname[rc], count, bad);
	}
}

static void test_fpma_specials(void)
{
	uint64_t fpsr = ref_fpsr(0, 3 << 2, 0x3f);
	struct fp_status st;
	/* hi: inf*0 (invalid), lo: qnan + 1 */
	struct fp82 a = fp_int(0x7f800000ull << 32 | 0x7fc00001u);
	struct fp82 b = fp_int(0x0000000000000000ull | 0x3f800000u);
	struct fp82 r = fp_fpma(fpsr, 0, FP_FMA, a, b, NULL, &st);
	tap_ok(r.sig == (0xffc00000ull << 32 | 0x7fc00001u) && st.flags == FP_V &&
		   r.exp == FP_EXP_INT,
	       "fpma: inf*0 gives the single indefinite, a QNaN passes");
	r = fp_fpma(ref_fpsr(0, 3 << 2, 0x3f & ~FP_V), 0, FP_FMA, a, b, NULL, &st);
	tap_ok(st.fault == FP_V && st.isr == 1, "fpma: V enabled faults on the high half (ISR 1)");
	a = fp_int(0x3f800000ull << 32 | 0x7f800001u); /* lo: SNaN */
	r = fp_fpma(ref_fpsr(0, 3 << 2, 0x3f & ~FP_V), 0, FP_FMA, a, fp_int(0x3f8000003f800000ull),
		    NULL, &st);
	tap_ok(st.fault == FP_V && st.isr == 1 << 4, "fpma: an SNaN in the low half: ISR 0x10");
	r = fp_fpma(fpsr, 0, FP_FMA, fp_int(0x3f8000003f800000ull), fp_int(0x3f8000003f800000ull),
		    &(struct fp82){0xbf8000003f800000ull, FP_EXP_INT, 0}, &st);
	tap_ok(r.sig == 0x0000000040000000ull && st.flags == 0, "fpma: 1*1 + (-1, 1) = (+0, 2)");
	r = fp_fpma(fpsr, 0, FP_FMA, fp_int(0x3f8000003f800000ull), fp_int(0x8000000000000000ull),
		    NULL, &st);
	tap_ok(r.sig == 0x8000000000000000ull, "fpmpy: (1, 1) * (-0, +0) = (-0, +0)");
	r = fp_fpma(fpsr, 0, FP_FMA, fp_natval(), ONE, NULL, &st);
	tap_ok(fp_is_natval(r), "fpma: NaTVal");
}

/* ---- fcvt ------------------------------------------------------------------------------------ */

static void test_fcvt(unsigned count)
{
	static const char *const fname[4] = {"fx", "fxu", "fx.trunc", "fxu.trunc"};
	for (unsigned form = 0; form < 4; form++) {
		for (unsigned rc = 0; rc < 4; rc++) {
			unsigned bad = 0;
			diag_reset();
			static const struct fp82 edge[] = {
			    {0, 0, 0},
			    {0, 0, 1},
			    {FP_INT_BIT, FP_BIAS + 63, 1},
			    {FP_INT_BIT, FP_BIAS + 63, 0},
			    {~0ull, FP_BIAS + 63, 0},
			    {~0ull, FP_BIAS + 62, 0},
			    {FP_INT_BIT, FP_BIAS + 64, 0},
			    {~0ull, FP_BIAS + 63, 1},
			    {FP_INT_BIT, FP_BIAS - 1, 0},
			    {FP_INT_BIT, FP_BIAS - 1, 1},
			    {0xc000000000000000ull, FP_BIAS, 1},
			    {0xc000000000000000ull, FP_BIAS - 1, 1},
			    {FP_INT_BIT, FP_EXP_MAX, 0},
			    {0xc000000000000000ull, FP_EXP_MAX, 0},
			    {0x8000000000000001ull, FP_EXP_MAX, 1},
			    {0x4000000000000000ull, FP_EXP_MAX, 0},
			    {0x1000, FP_BIAS + 70, 0},
			    {FP_INT_BIT, FP_BIAS - 64, 1},
			    {0xffffffffffffffffull, FP_BIAS + 62, 1},
			};
			for (unsigned i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
				for (uint32_t d = 0; d < 2; d++)
					bad += !check_fcvt(form, rc, d ? 0x3f : 0, edge[i]);
			for (unsigned k = 0; k < count; k++)
				bad += !check_fcvt(form, rc, rndn(3) ? 0x3f : 0x3f & ~FP_I,
						   rnd_cvt_operand());
			tap_ok(bad == 0, "fcvt.%s %s: edges and %u random match MPFR (%u wrong)",
			       fname[form], rcname[rc], count, bad);
		}
	}
}

/* fpcvt against MPFR, per half: the single rounded to an integer as sf (or
 * .trunc) says, in [-2^31, 2^31) or [0, 2^32), else the 32-bit indefinite. */
static void test_fpcvt_random(unsigned count)
{
	unsigned bad = 0;
	diag_reset();
	mpfr_t v, t;
	mpfr_init2(v, 64);
	mpfr_init2(t, 128);
	for (unsigned k = 0; k < count; k++) {
		unsigned form = rndn(4), rc = rndn(4);
		uint32_t h[2];
		for (unsigned i = 0; i < 2; i++) {
			uint32_t e = 127 + rndn(36) - 4;
			if (rndn(8) == 0)
				e = rndn(256);
			h[i] = (uint32_t)rndn(2) << 31 | e << 23 | ((uint32_t)rnd64() & 0x7fffff);
			if (rndn(8) == 0)
				h[i] &= 0xff800000u | (0x7fffffu << rndn(23));
		}
		uint32_t dis = rndn(2) ? 0x3f : 0x3f & ~FP_I;
		struct fp_status st;
		struct fp82 r = fp_fpcvt_fx(ref_fpsr(1, 3 << 2 | rc << 4, dis), 1, form,
					    fp_int((uint64_t)h[0] << 32 | h[1]), &st);
		uint32_t want[2], flags = 0;
		for (unsigned i = 0; i < 2; i++) {
			struct fp82 x = fp_from_single(h[i]);
			ref_get(v, x);
			bool ok = false;
			if (!mpfr_nan_p(v) && !mpfr_inf_p(v)) {
				int inx = mpfr_rint(t, v, ref_rnd(form & 2 ? FP_RC_RZ : rc));
				if (form & 1)
					ok = mpfr_sgn(t) >= 0 && mpfr_cmp_ui_2exp(t, 1, 32) < 0;
				else
					ok = mpfr_cmp_si_2exp(t, -1, 31) >= 0 &&
					     mpfr_cmp_ui_2exp(t, 1, 31) < 0;
				if (ok) {
					want[i] = (uint32_t)mpfr_get_sj(t, MPFR_RNDN);
					flags |= (inx ? FP_I : 0) | (fp_is_unorm(x) ? FP_D : 0);
				}
			}
			if (!ok) {
				want[i] = 0x80000000u;
				flags |= FP_V;
			}
		}
		uint32_t trap = (flags & FP_I) && !(dis & FP_I) ? FP_I : 0;
		bool good = !st.fault && r.sig == ((uint64_t)want[0] << 32 | want[1]) &&
			    r.exp == FP_EXP_INT && st.flags == flags && st.trap == trap;
		if (!good && diag())
			printf("# fpcvt form %u rc %u %08x %08x: got %016" PRIx64 " want %08x%08x "
			       "flags %x/%x\n",
			       form, rc, h[0], h[1], r.sig, want[0], want[1], st.flags, flags);
		bad += !good;
	}
	mpfr_clear(v);
	mpfr_clear(t);
	tap_ok(bad == 0, "fpcvt: %u random pairs match MPFR per half (%u wrong)", count, bad);
}

/* fprcpa and fprsqrta per half: the table value of the (normalized) single
 * with p2 = 1 within the limits the SDM gives, else p2 = 0. */
static void test_fprcpa_random(unsigned count)
{
	unsigned bad = 0;
	diag_reset();
	init_table_expect();
	for (unsigned k = 0; k < count; k++) {
		uint32_t n[2], d[2];
		for (unsigned i = 0; i < 2; i++) {
			n[i] = (uint32_t)rndn(2) << 31 | (rndn(254) + (rndn(4) ? 1 : 0)) << 23 |
			       ((uint32_t)rnd64() & 0x7fffff);
			d[i] = (uint32_t)rndn(2) << 31 | (rndn(254) + (rndn(4) ? 1 : 0)) << 23 |
			       ((uint32_t)rnd64() & 0x7fffff);
		}
		struct fp_status st;
		bool p2, want_p2 = true, sq = rndn(2);
		struct fp82 r;
		if (sq) {
			n[0] &= 0x7fffffffu, n[1] &= 0x7fffffffu;
			r = fp_fprsqrta(FPSR_DEFAULT, 0, fp_int((uint64_t)n[0] << 32 | n[1]), &p2,
					&st);
		} else {
			r = fp_fprcpa(FPSR_DEFAULT, 0, fp_int((uint64_t)n[0] << 32 | n[1]),
				      fp_int((uint64_t)d[0] << 32 | d[1]), &p2, &st);
		}
		uint32_t want[2], flags = 0;
		for (unsigned i = 0; i < 2; i++) {
			struct fp82 x = fp_from_single(n[i]), y = fp_from_single(d[i]);
			long bx, by;
			uint64_t sx, sy;
			if (fp_is_zero(x) || (!sq && fp_is_zero(y))) {
				want_p2 = false; /* zeros: covered by the special cases */
				want[i] = (uint32_t)(r.sig >> (i ? 0 : 32));
				flags |= st.flags & (FP_Z | FP_V | FP_D);
				continue;
			}
			norm_of(x, &bx, &sx);
			if (sq) {
				long e = bx - (long)FP_BIAS,
				     half = e >= 0 ? e / 2 : -((-e + 1) / 2);
				want[i] = fp_to_single(
				    fp_make(0, (uint32_t)((long)FP_BIAS - 1 - half),
					    FP_INT_BIT |
						rsqrt_expect[(bx & 1) << 7 | ((sx >> 56) & 0x7f)]));
				if (bx <= (long)FP_BIAS - 127 + 24)
					want_p2 = false;
				flags |= fp_is_unorm(x) ? FP_D : 0;
				continue;
			}
			norm_of(y, &by, &sy);
			flags |= (fp_is_unorm(x) || fp_is_unorm(y)) ? FP_D : 0;
			if (fp_is_unorm(y)) { /* 1/denormal overflows the single range */
				want[i] = y.sign << 31 | 0x7f800000u;
				want_p2 = false;
				continue;
			}
			if (by >= (long)FP_BIAS + 125) { /* 1/y underflows it */
				want[i] = y.sign << 31;
				want_p2 = false;
				continue;
			}
			want[i] =
			    fp_to_single(fp_make(y.sign, (uint32_t)(2 * (long)FP_BIAS - 1 - by),
						 FP_INT_BIT | recip_expect[(sy >> 55) & 0xff]));
			long est = bx - by;
			if (est >= 127 || est <= -125 || bx <= 24 + (long)FP_BIAS - 127)
				want_p2 = false;
		}
		bool good = !st.fault && r.sig == ((uint64_t)want[0] << 32 | want[1]) &&
			    p2 == want_p2 && st.flags == flags;
		if (!good && diag())
			printf("# %s %08x %08x / %08x %08x: got %016" PRIx64 " p2 %d want %08x%08x "
			       "p2 %d flags %x/%x\n",
			       sq ? "fprsqrta" : "fprcpa", n[0], n[1], d[0], d[1], r.sig, p2,
			       want[0], want[1], want_p2, st.flags, flags);
		bad += !good;
	}
	tap_ok(bad == 0, "fprcpa/fprsqrta: %u random pairs: table values, limits and p2 (%u wrong)",
	       count, bad);
}

static void test_fpcvt(void)
{
	struct fp_status st;
	uint64_t fpsr = ref_fpsr(0, 3 << 2, 0x3f);
	/* (2.5, -1.5) rn: (2, -2), inexact */
	struct fp82 r = fp_fpcvt_fx(fpsr, 0, 0, fp_int(0x40200000bfc00000ull), &st);
	tap_ok(r.sig == (2ull << 32 | 0xfffffffeu) && st.flags == FP_I, "fpcvt.fx: (2.5, -1.5)");
	r = fp_fpcvt_fx(fpsr, 0, 2, fp_int(0x40200000bfc00000ull), &st);
	tap_ok(r.sig == (2ull << 32 | 0xffffffffu) && st.flags == FP_I, "fpcvt.fx.trunc");
	r = fp_fpcvt_fx(fpsr, 0, 1, fp_int(0x4f000000bf000000ull), &st); /* 2^31, -0.5 */
	tap_ok(r.sig == (0x80000000ull << 32 | 0) && st.flags == FP_I,
	       "fpcvt.fxu: 2^31 fits, -0.5 rounds to 0");
	r = fp_fpcvt_fx(fpsr, 0, 0, fp_int(0x4f0000007fc00000ull), &st); /* 2^31, qnan */
	tap_ok(r.sig == 0x8000000080000000ull && st.flags == FP_V,
	       "fpcvt.fx: 2^31 and NaN give the 32-bit indefinite, V");
}

static void test_fcvt_xf(void)
{
	bool ok = true;
	diag_reset();
	for (unsigned k = 0; k < 20000; k++) {
		uint64_t v = rnd64() >> rndn(64);
		if (rndn(2))
			v = 0 - v;
		if (k == 0)
			v = 1ull << 63;
		if (k == 1)
			v = 0;
		struct fp82 r = fp_fcvt_xf(fp_int(v));
		mpfr_t m, w;
		mpfr_init2(m, 64);
		mpfr_init2(w, 64);
		mpfr_set_sj(m, (intmax_t)v, MPFR_RNDN);
		ref_get(w, r);
		bool good = mpfr_equal_p(m, w) && (v == 0 ? same(r, POSZERO) : fp_is_normal(r));
		if (!good && diag())
			printf("# fcvt.xf %016" PRIx64 "\n", v);
		ok &= good;
		mpfr_clear(m);
		mpfr_clear(w);
	}
	tap_ok(ok, "fcvt.xf: 20000 integers convert exactly, normalized");
	tap_ok(fp_is_natval(fp_fcvt_xf(fp_natval())), "fcvt.xf: NaTVal");
}

/* ---- frcpa and frsqrta ----------------------------------------------------------------------- */

static void test_recip_tables(void)
{
	unsigned bad = 0, badrel = 0;
	mpfr_t x, mid, r, e;
	mpfr_inits2(128, x, mid, r, e, (mpfr_ptr)0);
	diag_reset();
	for (unsigned i = 0; i < 256; i++) {
		/* the midpoint of interval i of [1, 2) */
		mpfr_set_ui(mid, 2 * i + 1, MPFR_RNDN);
		mpfr_div_2ui(mid, mid, 9, MPFR_RNDN);
		mpfr_add_ui(mid, mid, 1, MPFR_RNDN);
		uint64_t want = expected_table_sig(mid, false);
		for (unsigned k = 0; k < 40; k++) {
			uint64_t sig = FP_INT_BIT | (uint64_t)i << 55 | (rnd64() >> 9);
			if (k == 0)
				sig = FP_INT_BIT | (uint64_t)i << 55;
			if (k == 1)
				sig = FP_INT_BIT | (uint64_t)i << 55 | ((1ull << 55) - 1);
			long ex = rnd_range(-16000, 16000);
			struct fp82 den = val((uint32_t)rndn(2), ex, sig), res;
			bool p2;
			struct fp_status st;
			res = fp_frcpa(FPSR_DEFAULT, 0, ONE, den, &p2, &st);
			bool good = p2 && res.sign == den.sign && res.sig == (FP_INT_BIT | want) &&
				    (long)res.exp - (long)FP_BIAS == -ex - 1 && !st.flags;
			if (!good && diag())
				printf("# frcpa interval %u: got %016" PRIx64 " want %016" PRIx64
				       "\n",
				       i, res.sig, (uint64_t)(FP_INT_BIT | want));
			bad += !good;
			/* |1 - den * res| <= 2^-8.886 */
			ref_get(x, den);
			ref_get(r, res);
			mpfr_mul(e, x, r, MPFR_RNDN);
			mpfr_ui_sub(e, 1, e, MPFR_RNDN);
			mpfr_abs(e, e, MPFR_RNDN);
			badrel += mpfr_get_d(e, MPFR_RNDU) > 0.0021217; /* 2^-8.886 = 0.00211...*/
		}
	}
	tap_ok(bad == 0, "frcpa: every interval of the SDM table is 1/midpoint rounded (%u wrong)",
	       bad);
	tap_ok(badrel == 0, "frcpa: relative error within 2^-8.886 (%u outside)", badrel);
	bad = badrel = 0;
	diag_reset();
	for (unsigned i = 0; i < 256; i++) {
		/* index: exponent parity (1: [1,2), 0: [2,4)) and 7 fraction bits */
		unsigned odd = i >> 7, j = i & 127;
		mpfr_set_ui(mid, 2 * j + 1, MPFR_RNDN);
		mpfr_div_2ui(mid, mid, 8, MPFR_RNDN);
		mpfr_add_ui(mid, mid, 1, MPFR_RNDN);
		if (!odd)
			mpfr_mul_2ui(mid, mid, 1, MPFR_RNDN);
		uint64_t want = expected_table_sig(mid, true);
		for (unsigned k = 0; k < 40; k++) {
			uint64_t sig = FP_INT_BIT | (uint64_t)j << 56 | (rnd64() >> 8);
			long ex = 2 * rnd_range(-8000, 8000) + (odd ? 0 : 1);
			struct fp82 x0 = val(0, ex, sig), res;
			bool p2;
			struct fp_status st;
			res = fp_frsqrta(FPSR_DEFAULT, 0, x0, &p2, &st);
			long wexp = -(ex >= 0 ? ex / 2 : -((-ex + 1) / 2)) - 1;
			bool good = p2 && res.sign == 0 && res.sig == (FP_INT_BIT | want) &&
				    (long)res.exp - (long)FP_BIAS == wexp && !st.flags;
			if (!good && diag())
				printf("# frsqrta index %u ex %ld: got %05x %016" PRIx64
				       " want %016" PRIx64 "\n",
				       i, ex, res.exp, res.sig, (uint64_t)(FP_INT_BIT | want));
			bad += !good;
			/* |1 - x * res^2| <= 2^-8.831 */
			ref_get(x, x0);
			ref_get(r, res);
			mpfr_mul(e, r, r, MPFR_RNDN);
			mpfr_mul(e, e, x, MPFR_RNDN);
			mpfr_ui_sub(e, 1, e, MPFR_RNDN);
			mpfr_abs(e, e, MPFR_RNDN);
			mpfr_sqrt(e, e, MPFR_RNDN); /* compare the relative error of res itself */
			(void)0;
			ref_get(r, res);
			mpfr_rec_sqrt(e, x, MPFR_RNDN);
			mpfr_div(e, r, e, MPFR_RNDN);
			mpfr_sub_ui(e, e, 1, MPFR_RNDN);
			mpfr_abs(e, e, MPFR_RNDN);
			badrel += mpfr_get_d(e, MPFR_RNDU) > 0.0021999; /* 2^-8.831 = 0.00219...*/
		}
	}
	tap_ok(bad == 0,
	       "frsqrta: every index of the SDM table is 1/sqrt(midpoint) rounded (%u wrong)", bad);
	tap_ok(badrel == 0, "frsqrta: relative error within 2^-8.831 (%u outside)", badrel);
	mpfr_clears(x, mid, r, e, (mpfr_ptr)0);
}

static void test_recip_specials(void)
{
	struct fp_status st;
	bool p2;
	struct fp82 r, two = val(0, 1, FP_INT_BIT);
	uint64_t fpsr = FPSR_DEFAULT;

	r = fp_frcpa(fpsr, 0, ONE, ONE, &p2, &st);
	tap_ok(p2 && same(r, fp_make(0, FP_BIAS - 1, 0xff80000000000000ull)),
	       "frcpa(1, 1): 0xff80000000000000 * 2^-1, p2 = 1");
	r = fp_frcpa(fpsr, 0, POSZERO, POSZERO, &p2, &st);
	tap_ok(!p2 && fp_is_nan(r) && st.flags == FP_V, "frcpa 0/0: QNaN, V, p2 = 0");
	r = fp_frcpa(fpsr, 0, PINF, NINF, &p2, &st);
	tap_ok(!p2 && fp_is_nan(r) && st.flags == FP_V, "frcpa inf/inf: QNaN, V, p2 = 0");
	r = fp_frcpa(fpsr, 0, two, NEGZERO, &p2, &st);
	tap_ok(!p2 && same(r, NINF) && st.flags == FP_Z, "frcpa 2/-0: -inf, Z, p2 = 0");
	r = fp_frcpa(ref_fpsr(0, 3 << 2, 0x3f & ~FP_Z), 0, two, NEGZERO, &p2, &st);
	tap_ok(st.fault == FP_Z && st.isr == 4, "frcpa 2/-0 with Z enabled: zero-divide fault");
	r = fp_frcpa(fpsr, 0, NINF, two, &p2, &st);
	tap_ok(!p2 && same(r, NINF) && st.flags == 0, "frcpa -inf/2: -inf, p2 = 0");
	r = fp_frcpa(fpsr, 0, PINF, POSZERO, &p2, &st);
	tap_ok(!p2 && same(r, PINF) && st.flags == 0, "frcpa inf/0: inf, no Z");
	r = fp_frcpa(fpsr, 0, two, NINF, &p2, &st);
	tap_ok(!p2 && same(r, NEGZERO) && st.flags == 0, "frcpa 2/-inf: -0, p2 = 0");
	r = fp_frcpa(fpsr, 0, NEGZERO, two, &p2, &st);
	tap_ok(!p2 && same(r, NEGZERO) && st.flags == 0, "frcpa -0/2: -0, p2 = 0");
	r = fp_frcpa(fpsr, 0, SNAN, two, &p2, &st);
	tap_ok(!p2 && same(r, fp_make(1, FP_EXP_MAX, SNAN.sig | 1ull << 62)) && st.flags == FP_V,
	       "frcpa SNaN/2: quieted, V");
	r = fp_frcpa(fpsr, 0, two, QNAN, &p2, &st);
	tap_ok(!p2 && same(r, QNAN) && st.flags == 0, "frcpa 2/QNaN: the NaN, p2 = 0");
	r = fp_frcpa(fpsr, 0, fp_natval(), two, &p2, &st);
	tap_ok(!p2 && fp_is_natval(r), "frcpa NaTVal: NaTVal, p2 = 0");
	r = fp_frcpa(fpsr, 0, ONE, fp_make(0, 0, 0x4000000000000000ull), &p2, &st);
	tap_ok(p2 && st.flags == FP_D && r.exp == FP_EXP_MAX - 2 - (FP_EXP_DENORM - 1),
	       "frcpa of a double-extended denormal: normalized, D, p2 = 1");

	/* software-assisted operands: the IEEE quotient, p2 = 0 */
	unsigned bad = 0, nswa = 0;
	diag_reset();
	static const unsigned ctls[] = {3 << 2 | FP_SF_WRE, 3 << 2, 2 << 2 | FP_SF_WRE, 0 << 2};
	for (unsigned rc = 0; rc < 4; rc++) {
		for (unsigned c = 0; c < 4; c++) {
			unsigned ctl = ctls[c] | rc << 4;
			for (unsigned k = 0; k < 300; k++) {
				struct fp82 num, den;
				switch (k % 4) {
				case 0: /* huge denominator */
					num = rnd_val(rnd_range(-100, 100), 64);
					den = rnd_val(rnd_range(65534, 65535), 64);
					break;
				case 1: /* quotient exponent out of reach */
					num = rnd_val(rnd_range(30000, 65535), 64);
					den = rnd_val(rnd_range(-65534, -35535), 64);
					break;
				case 2: /* tiny numerator */
					num = rnd_val(rnd_range(-65534, -65471), 64);
					den = rnd_val(rnd_range(-200, 200), 64);
					break;
				default: /* register denormal denominator */
					num = rnd_val(rnd_range(-5, 5), 64);
					den = fp_make((uint32_t)rndn(2), 1,
						      rnd64() >> (1 + rndn(60)));
					break;
				}
				num.sig |= FP_INT_BIT;
				if (!swa_case(num, den))
					continue;
				bad +=
				    !check_swa(ctl, rndn(2) ? 0x3f : 0x3f & ~FP_I, num, den, false);
				nswa++;
			}
			for (unsigned k = 0; k < 100; k++) {
				struct fp82 x = rnd_val(rnd_range(-65534, -65471), 64);
				x.sign = 0;
				x.sig |= FP_INT_BIT;
				if (x.exp > 64)
					continue;
				bad += !check_swa(ctl, 0x3f, x, ONE, true);
				nswa++;
			}
		}
	}
	tap_ok(bad == 0 && nswa > 3000,
	       "frcpa/frsqrta: %u software-assisted operands give the IEEE result (%u wrong)", nswa,
	       bad);

	r = fp_frsqrta(fpsr, 0, NEGZERO, &p2, &st);
	tap_ok(!p2 && same(r, NEGZERO) && st.flags == 0, "frsqrta -0: -0, p2 = 0");
	r = fp_frsqrta(fpsr, 0, PINF, &p2, &st);
	tap_ok(!p2 && same(r, PINF) && st.flags == 0, "frsqrta +inf: +inf, p2 = 0");
	r = fp_frsqrta(fpsr, 0, NINF, &p2, &st);
	tap_ok(!p2 && fp_is_nan(r) && st.flags == FP_V, "frsqrta -inf: QNaN, V");
	r = fp_frsqrta(fpsr, 0, fp_make(1, FP_BIAS, FP_INT_BIT), &p2, &st);
	tap_ok(!p2 && same(r, fp_make(1, FP_EXP_MAX, 0xc000000000000000ull)) && st.flags == FP_V,
	       "frsqrta -1: the QNaN indefinite, V");
	r = fp_frsqrta(fpsr, 0, fp_make(1, 77, 0), &p2, &st);
	tap_ok(!p2 && same(r, NEGZERO) && st.flags == FP_D, "frsqrta -pseudo-zero: -0, D");
	r = fp_frsqrta(fpsr, 0, QNAN, &p2, &st);
	tap_ok(!p2 && same(r, QNAN) && st.flags == 0, "frsqrta QNaN");

	/* parallel forms */
	r = fp_fprcpa(fpsr, 0, fp_int(0x3f8000003f800000ull), fp_int(0x3f80000040000000ull), &p2,
		      &st);
	tap_ok(p2 && r.sig == 0x3f7f80003eff8000ull && r.exp == FP_EXP_INT,
	       "fprcpa (1, 1) / (1, 2): (0.998, 0.499), p2 = 1");
	r = fp_fprcpa(fpsr, 0, fp_int(0x3f8000003f800000ull), fp_int(0x0000000100000000ull), &p2,
		      &st);
	tap_ok(!p2 && r.sig == 0x7f8000007f800000ull && st.flags == (FP_Z | FP_D),
	       "fprcpa 1/denormal: inf (out of range), 1/0: inf with Z, p2 = 0");
	r = fp_fprcpa(fpsr, 0, fp_int(0x3f8000003f800000ull), fp_int(0x7f0000003f800000ull), &p2,
		      &st);
	tap_ok(!p2 && r.sig == 0x000000003f7f8000ull, "fprcpa 1/2^127: +0 (limit), p2 = 0");
	r = fp_fprcpa(fpsr, 0, fp_int(0x0080000000800000ull), fp_int(0x3f8000003f800000ull), &p2,
		      &st);
	tap_ok(!p2 && r.sig == 0x3f7f80003f7f8000ull,
	       "fprcpa tiny numerator: the approximation, but p2 = 0");
	r = fp_fprsqrta(fpsr, 0, fp_int(0x3f80000040800000ull), &p2, &st);
	tap_ok(p2 && r.sig == 0x3f7f80003eff8000ull, "fprsqrta (1, 4): (0.998, 0.499)");
	r = fp_fprsqrta(fpsr, 0, fp_int(0x800000007f800000ull), &p2, &st);
	tap_ok(!p2 && r.sig == 0xff80000000000000ull && st.flags == 0,
	       "fprsqrta (-0, inf): (-inf, +0), p2 = 0");
	r = fp_fprsqrta(fpsr, 0, fp_int(0xbf8000003f800000ull), &p2, &st);
	tap_ok(!p2 && r.sig == 0xffc000003f7f8000ull && st.flags == FP_V,
	       "fprsqrta (-1, 1): (indefinite, 0.998), V");
}

/* ---- comparisons and classes -------------------------------------------------------------------
 */

static struct fp82 cmp_values[32];
static unsigned ncmp_values;

static void init_cmp_values(void)
{
	static const struct fp82 v[] = {
	    {0, 0, 0},
	    {0, 0, 1},
	    {FP_INT_BIT, FP_BIAS, 0},
	    {FP_INT_BIT, FP_BIAS, 1},
	    {0xc000000000000000ull, FP_BIAS, 0},
	    {FP_INT_BIT, FP_EXP_MAX, 0},
	    {FP_INT_BIT, FP_EXP_MAX, 1},
	    {0xc000000000000000ull, FP_EXP_MAX, 0},
	    {0x8000000000000001ull, FP_EXP_MAX, 1},
	    {0x4000000000000000ull, FP_EXP_MAX, 0},
	    {0, 0x1234, 0},
	    {0, 0x1234, 1},
	    {0x4000000000000000ull, 0, 0},
	    {0x0000000000000001ull, 1, 1},
	    {0x4000000000000000ull, FP_BIAS + 1, 0},
	    {FP_INT_BIT, FP_BIAS - 16383, 0},
	    {FP_INT_BIT, 1, 0},
	    {0xffffffffffffffffull, FP_EXP_NATVAL - 1, 1},
	    {FP_INT_BIT, FP_EXP_INT, 0},
	};
	ncmp_values = sizeof(v) / sizeof(v[0]);
	memcpy(cmp_values, v, sizeof(v));
}

static void test_fcmp(void)
{
	unsigned bad = 0;
	diag_reset();
	mpfr_t a, b;
	mpfr_inits2(64, a, b, (mpfr_ptr)0);
	for (unsigned i = 0; i < ncmp_values; i++) {
		for (unsigned j = 0; j < ncmp_values; j++) {
			struct fp82 x = cmp_values[i], y = cmp_values[j];
			bool unsup = fp_is_unsupported(x) || fp_is_unsupported(y);
			ref_get(a, x);
			ref_get(b, y);
			bool un = unsup || mpfr_nan_p(a) || mpfr_nan_p(b);
			for (unsigned rel = 0; rel < 4; rel++) {
				for (uint32_t dis = 0; dis < 2; dis++) {
					uint64_t fpsr = ref_fpsr(0, 3 << 2, dis ? 0x3f : 0);
					struct fp_status st;
					int r = fp_fcmp(fpsr, 0, rel, x, y, &st);
					bool want;
					switch (rel) {
					case FP_REL_EQ:
						want = !un && mpfr_equal_p(a, b);
						break;
					case FP_REL_LT:
						want = !un && mpfr_less_p(a, b);
						break;
					case FP_REL_LE:
						want = !un && mpfr_lessequal_p(a, b);
						break;
					default:
						want = un;
						break;
					}
					uint32_t flags = 0;
					if (unsup || fp_is_snan(x) || fp_is_snan(y) ||
					    (un && (rel == FP_REL_LT || rel == FP_REL_LE)))
						flags = FP_V;
					else if (!un && (fp_is_unorm(x) || fp_is_unorm(y)))
						flags = FP_D;
					bool ok = st.flags == flags;
					if (dis || !flags)
						ok = ok && !st.fault && r == want;
					else
						ok = ok && st.fault == flags;
					if (!ok && diag()) {
						printf("# fcmp rel %u dis %u:", rel, dis);
						pr("a", x);
						pr("b", y);
						printf(" got %d want %d flags %x/%x fault %x\n", r,
						       want, st.flags, flags, st.fault);
					}
					bad += !ok;
				}
			}
		}
	}
	mpfr_clears(a, b, (mpfr_ptr)0);
	tap_ok(bad == 0,
	       "fcmp: eq/lt/le/unord on %u x %u values match MPFR, V and D rules (%u wrong)",
	       ncmp_values, ncmp_values, bad);
	struct fp_status st;
	tap_ok(fp_fcmp(FPSR_DEFAULT, 0, FP_REL_EQ, fp_natval(), ONE, &st) == -1 && !st.flags,
	       "fcmp: NaTVal clears both predicates");

	/* fpcmp: all eight relations on pairs of singles */
	static const uint32_t sv[] = {0,	   0x80000000u, 0x3f800000u, 0xbf800000u,
				      0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7f800001u,
				      0x00000001u, 0x80400000u};
	bad = 0;
	diag_reset();
	for (unsigned i = 0; i < 10; i++) {
		for (unsigned j = 0; j < 10; j++) {
			for (unsigned rel = 0; rel < 8; rel++) {
				struct fp82 x = fp_int((uint64_t)sv[i] << 32 | sv[j]);
				struct fp82 y = fp_int((uint64_t)sv[j] << 32 | sv[i]);
				struct fp_status st2;
				struct fp82 r = fp_fpcmp(FPSR_DEFAULT, 0, rel, x, y, &st2);
				uint64_t want = 0;
				uint32_t flags = 0;
				for (unsigned h = 0; h < 2; h++) {
					uint32_t u = h ? sv[j] : sv[i], w = h ? sv[i] : sv[j];
					mpfr_t ma, mb;
					mpfr_inits2(64, ma, mb, (mpfr_ptr)0);
					ref_get(ma, fp_from_single(u));
					ref_get(mb, fp_from_single(w));
					bool un = mpfr_nan_p(ma) || mpfr_nan_p(mb), t;
					switch (rel & 3) {
					case 0:
						t = !un && mpfr_equal_p(ma, mb);
						break;
					case 1:
						t = !un && mpfr_less_p(ma, mb);
						break;
					case 2:
						t = !un && mpfr_lessequal_p(ma, mb);
						break;
					default:
						t = un;
						break;
					}
					if (rel & 4)
						t = !t;
					if (t)
						want |= 0xffffffffull << (h ? 0 : 32);
					if (fp_is_snan(fp_from_single(u)) ||
					    fp_is_snan(fp_from_single(w)) ||
					    (un && ((rel & 3) == 1 || (rel & 3) == 2)))
						flags |= FP_V;
					else if (!un && (fp_is_unorm(fp_from_single(u)) ||
							 fp_is_unorm(fp_from_single(w))))
						flags |= FP_D;
					mpfr_clears(ma, mb, (mpfr_ptr)0);
				}
				bool ok = r.sig == want && st2.flags == flags && !st2.fault;
				if (!ok && diag())
					printf("# fpcmp rel %u %08x %08x: got %016" PRIx64
					       " want %016" PRIx64 " flags %x/%x\n",
					       rel, sv[i], sv[j], r.sig, want, st2.flags, flags);
				bad += !ok;
			}
		}
	}
	tap_ok(bad == 0, "fpcmp: 8 relations on 10 x 10 singles per half (%u wrong)", bad);
}

static void test_fclass(void)
{
	/* the class of each value, by the SDM's table 2-25 definitions */
	unsigned bad = 0;
	diag_reset();
	for (unsigned i = 0; i < ncmp_values + 1; i++) {
		struct fp82 x = i < ncmp_values ? cmp_values[i] : fp_natval();
		unsigned cls;
		if (fp_is_natval(x))
			cls = 0x100;
		else if (fp_is_unsupported(x))
			cls = 0;
		else if (x.exp == FP_EXP_MAX && (x.sig << 1))
			cls = x.sig >> 62 & 1 ? 0x080 : 0x040;
		else {
			unsigned t = x.exp == FP_EXP_MAX      ? 0x020
				     : (x.exp == 0 && !x.sig) ? 0x004
				     : (x.sig >> 63 && x.exp) ? 0x010
							      : 0x008;
			cls = t | (x.sign ? 2 : 1);
		}
		for (unsigned m = 0; m < 0x200; m++) {
			bool want;
			if (cls & 0x1c0)
				want = m & cls;
			else
				want = cls && (m & cls & 3) && (m & cls & 0x3c);
			if (fp_fclass(x, m) != want) {
				bad++;
				if (diag())
					printf("# fclass %03x: value %u\n", m, i);
			}
		}
	}
	tap_ok(bad == 0, "fclass.m: all 512 masks on %u values (%u wrong)", ncmp_values + 1, bad);
	tap_ok(fp_fclass(fp_make(0, 0x1234, 0), 0x009) && !fp_fclass(fp_make(0, 0x1234, 0), 0x005),
	       "fclass: a pseudo-zero is an unnormal, not a zero");
	tap_ok(fp_fclass(fp_natval(), 0x100) && !fp_fclass(fp_natval(), 0x0ff),
	       "fclass: NaTVal is only @nat");
}

static void test_minmax(void)
{
	unsigned bad = 0;
	diag_reset();
	mpfr_t a, b;
	mpfr_inits2(64, a, b, (mpfr_ptr)0);
	for (unsigned i = 0; i < ncmp_values; i++) {
		for (unsigned j = 0; j < ncmp_values; j++) {
			struct fp82 x = cmp_values[i], y = cmp_values[j];
			ref_get(a, x);
			ref_get(b, y);
			bool un = fp_is_unsupported(x) || fp_is_unsupported(y) || mpfr_nan_p(a) ||
				  mpfr_nan_p(b);
			for (unsigned kind = 0; kind < 4; kind++) {
				struct fp_status st;
				struct fp82 r = fp_fminmax(FPSR_DEFAULT, 0, kind, x, y, &st);
				bool first;
				if (un) {
					first = false;
				} else {
					mpfr_t p, q;
					mpfr_inits2(64, p, q, (mpfr_ptr)0);
					mpfr_set(p, a, MPFR_RNDN);
					mpfr_set(q, b, MPFR_RNDN);
					if (kind >= 2) {
						mpfr_abs(p, p, MPFR_RNDN);
						mpfr_abs(q, q, MPFR_RNDN);
					}
					first = (kind & 1) ? mpfr_less_p(q, p) : mpfr_less_p(p, q);
					mpfr_clears(p, q, (mpfr_ptr)0);
				}
				uint32_t flags = un				      ? FP_V
						 : (fp_is_unorm(x) || fp_is_unorm(y)) ? FP_D
										      : 0;
				bool ok = same(r, first ? x : y) && st.flags == flags;
				if (!ok && diag())
					printf("# minmax kind %u values %u %u\n", kind, i, j);
				bad += !ok;
			}
		}
	}
	mpfr_clears(a, b, (mpfr_ptr)0);
	tap_ok(bad == 0, "fmin/fmax/famin/famax: %u x %u values (%u wrong)", ncmp_values,
	       ncmp_values, bad);
	struct fp_status st;
	struct fp82 r = fp_fpminmax(FPSR_DEFAULT, 0, FP_MIN, fp_int(0x3f800000bf800000ull),
				    fp_int(0x4000000080000000ull), &st);
	tap_ok(r.sig == 0x3f800000bf800000ull && !st.flags, "fpmin: (1, -1) vs (2, -0)");
	r = fp_fpminmax(FPSR_DEFAULT, 0, FP_AMAX, fp_int(0x3f800000bf800000ull),
			fp_int(0xc00000007fc00000ull), &st);
	tap_ok(r.sig == 0xc00000007fc00000ull && st.flags == FP_V,
	       "fpamax: (1, -1) vs (-2, NaN): (-2, NaN), V");
}

/* ---- memory formats and bit moves ---------------------------------------------------------------
 */

static void test_memory(void)
{
	unsigned bad = 0;
	diag_reset();
	/* single and double: the register holds exactly the memory value, and a
	 * store gives the bits back */
	for (unsigned k = 0; k < 50000; k++) {
		uint32_t s = (uint32_t)rnd64();
		if (k < 4)
			s = (uint32_t[]){0x00000001u, 0x80000000u, 0x7f800000u, 0x7fffffffu}[k];
		if (rndn(4) == 0)
			s &= 0x807fffffu; /* denormals */
		struct fp82 r = fp_from_single(s);
		mpfr_t a, b;
		mpfr_inits2(64, a, b, (mpfr_ptr)0);
		uint32_t e = s >> 23 & 0xff;
		bool good = fp_to_single(r) == s;
		if (e != 0xff) {
			/* value = (-1)^s * (e ? 1.f : 0.f) * 2^(max(e,1) - 127) */
			mpfr_set_ui(a, (s & 0x7fffff) | (e ? 0x800000 : 0), MPFR_RNDN);
			mpfr_mul_2si(a, a, (long)(e ? e : 1) - 127 - 23, MPFR_RNDN);
			if (s >> 31)
				mpfr_neg(a, a, MPFR_RNDN);
			ref_get(b, r);
			good = good && mpfr_equal_p(a, b) && mpfr_signbit(a) == mpfr_signbit(b);
		}
		uint64_t d = rnd64();
		if (rndn(4) == 0)
			d &= 0x800fffffffffffffull;
		good = good && fp_to_double(fp_from_double(d)) == d;
		if (!good && diag())
			printf("# memory %08x %016" PRIx64 "\n", s, d);
		bad += !good;
		mpfr_clears(a, b, (mpfr_ptr)0);
	}
	tap_ok(bad == 0, "ldfs/ldfd/stfs/stfd: values exact, bits round-trip (%u wrong)", bad);
	tap_ok(same(fp_from_single(1), fp_make(0, FP_BIAS - 126, 1ull << 40)),
	       "ldfs: a single denormal is an unnormal with exponent 0xff81");
	tap_ok(same(fp_from_double(1), fp_make(0, FP_BIAS - 1022, 1ull << 11)),
	       "ldfd: a double denormal is an unnormal with exponent 0xfc01");
	tap_ok(fp_to_single(val(0, 200, FP_INT_BIT)) == ((1u << 7 | (200 + FP_BIAS) % 128) << 23),
	       "stfs: out-of-range exponents are bit-extracted, not rounded");
	uint8_t b[16], z[16];
	memset(z, 0, sizeof(z));
	struct fp82 x = fp_make(1, 0x1a2b3, 0x0123456789abcdefull);
	fp_store(FP_MEM_SPILL, x, b);
	tap_ok(b[0] == 0xef && b[7] == 0x01 && b[8] == 0xb3 && b[9] == 0xa2 && b[10] == 0x03 &&
		   !memcmp(b + 11, z, 5) && same(fp_load(FP_MEM_SPILL, b), x),
	       "stf.spill/ldf.fill: significand, 17-bit exponent, sign at bit 81");
	fp_store(FP_MEM_SPILL, fp_natval(), b);
	tap_ok(fp_is_natval(fp_load(FP_MEM_SPILL, b)), "stf.spill/ldf.fill keep NaTVal");
	x = fp_make(1, FP_BIAS + 5, 0xa5a5a5a5a5a5a5a5ull);
	fp_store(FP_MEM_E, x, b);
	tap_ok(b[8] == 0x04 && b[9] == 0xc0 && same(fp_load(FP_MEM_E, b), x),
	       "stfe/ldfe: 10 bytes, 15-bit exponent");
	fp_store(FP_MEM_E, fp_make(0, 0, 0x4000000000000000ull), b);
	tap_ok(b[8] == 0 && b[9] == 0 && same(fp_load(FP_MEM_E, b), fp_make(0, 0, 1ull << 62)),
	       "stfe/ldfe: a double-extended denormal keeps exponent 0");
	fp_store(FP_MEM_INT, fp_int(0x1122334455667788ull), b);
	tap_ok(b[0] == 0x88 && same(fp_load(FP_MEM_INT, b), fp_int(0x1122334455667788ull)),
	       "stf8/ldf8: the significand, exponent 0x1003e");
}

static void test_moves(void)
{
	struct fp82 a = fp_make(1, 0x12345, 0x0123456789abcdefull);
	struct fp82 b = fp_make(0, 0x0abcd, 0xfedcba9876543210ull);
	tap_ok(same(fp_fmerge(0, a, b), fp_make(1, 0x0abcd, b.sig)) &&
		   same(fp_fmerge(1, a, b), fp_make(0, 0x0abcd, b.sig)) &&
		   same(fp_fmerge(2, a, b), fp_make(1, 0x12345, b.sig)),
	       "fmerge.s/.ns/.se");
	tap_ok(fp_fmix(2, a, b).sig == 0x01234567fedcba98ull &&
		   fp_fmix(1, a, b).sig == 0x89abcdef76543210ull &&
		   fp_fmix(0, a, b).sig == 0x0123456776543210ull,
	       "fmix.l/.r/.lr");
	tap_ok(fp_fsxt(1, a, b).sig == 0x00000000fedcba98ull &&
		   fp_fsxt(0, a, b).sig == 0xffffffff76543210ull,
	       "fsxt.l/.r");
	tap_ok(fp_fswap(0, a, b).sig == 0x7654321001234567ull &&
		   fp_fswap(1, a, b).sig == 0xf654321001234567ull &&
		   fp_fswap(2, a, b).sig == 0x7654321081234567ull,
	       "fswap, fswap.nl, fswap.nr");
	tap_ok(fp_fpack(fp_make(0, FP_BIAS, FP_INT_BIT), fp_make(1, FP_BIAS + 1, FP_INT_BIT)).sig ==
		   0x3f800000c0000000ull,
	       "fpack: (1.0, -2.0)");
	tap_ok(fp_flogic(FP_AND, a, b).sig == (a.sig & b.sig) &&
		   fp_flogic(FP_ANDCM, a, b).sig == (a.sig & ~b.sig) &&
		   fp_flogic(FP_OR, a, b).sig == (a.sig | b.sig) &&
		   fp_flogic(FP_XOR, a, b).exp == FP_EXP_INT,
	       "fand/fandcm/for/fxor");
	tap_ok(fp_fselect(a, b, fp_int(0xff00ff00ff00ff00ull)).sig == 0x01dc45988954cd10ull,
	       "fselect");
	tap_ok(
	    fp_fpmerge(0, fp_int(0x8000000000000000ull), fp_int(0x3f8000003f800000ull)).sig ==
		    0xbf8000003f800000ull &&
		fp_fpmerge(1, fp_int(0x8000000000000000ull), fp_int(0x3f8000003f800000ull)).sig ==
		    0x3f800000bf800000ull &&
		fp_fpmerge(2, fp_int(0x4000000040800000ull), fp_int(0x3fffffff3fffffffull)).sig ==
		    0x407fffff40ffffffull,
	    "fpmerge.s/.ns/.se");
	tap_ok(fp_is_natval(fp_fmerge(0, fp_natval(), b)) &&
		   fp_is_natval(fp_fmix(0, a, fp_natval())),
	       "bit moves: NaTVal in, NaTVal out");
	/* xma against 128-bit host integers (GCC's __int128, a test-only oracle) */
	unsigned bad = 0;
	for (unsigned k = 0; k < 100000; k++) {
		uint64_t x = rnd64() >> rndn(3) * 20, y = rnd64(), z = rnd64() >> rndn(64);
		unsigned __int128 u = (unsigned __int128)x * y + z;
		__int128 s = (__int128)(int64_t)x * (int64_t)y + (__int128)z;
		bad += fp_xma(0, fp_int(x), fp_int(y), fp_int(z)).sig != (uint64_t)u;
		bad += fp_xma(2, fp_int(x), fp_int(y), fp_int(z)).sig != (uint64_t)(u >> 64);
		bad += fp_xma(3, fp_int(x), fp_int(y), fp_int(z)).sig !=
		       (uint64_t)((unsigned __int128)s >> 64);
	}
	tap_ok(bad == 0, "xma.l/.hu/.h: 100000 random products (f2 zero-extended) (%u wrong)", bad);
}

static void test_fpsr(void)
{
	uint64_t f = FPSR_DEFAULT;
	tap_ok(fp_sf_controls(f, 0) == 0x0c && fp_sf_controls(f, 1) == 0x4e &&
		   fp_sf_controls(f, 2) == 0x4c && fp_sf_controls(f, 3) == 0x4c &&
		   (f & 0x3f) == 0x3f,
	       "FPSR default: sf0 pc=e rn, sf1 wre td, sf2/sf3 td, traps disabled");
	tap_ok(fp_fsetc(&f, 1, 0x7f, 0x30) && fp_sf_controls(f, 1) == 0x3c &&
		   fp_sf_controls(f, 0) == 0x0c,
	       "fsetc.s1 0x7f, 0x30: sf1 = sf0 | rz");
	tap_ok(!fp_fsetc(&f, 2, 0x73, 0x04), "fsetc: pc = 01 is reserved");
	f = fp_fpsr_set_flags(FPSR_DEFAULT, 2, FP_I | FP_O);
	tap_ok(fp_sf_flags(f, 2) == (FP_I | FP_O) && fp_sf_flags(f, 0) == 0,
	       "status flags land in their field");
	tap_ok(fp_fchkf(f, 2) && !fp_fchkf(f, 1), "fchkf.s2 branches: flags not in s0");
	f = fp_fpsr_set_flags(f, 0, FP_I | FP_O);
	tap_ok(!fp_fchkf(f, 2), "fchkf.s2: no branch when s0 has them and traps are disabled");
	tap_ok(fp_fchkf(f & ~(uint64_t)FP_I, 2), "fchkf.s2: branch when I's trap is enabled");
	tap_ok(fp_sf_flags(fp_fclrf(f, 2), 2) == 0 &&
		   fp_sf_flags(fp_fclrf(f, 2), 0) == (FP_I | FP_O),
	       "fclrf.s2 clears only s2");
	tap_ok(!fp_fpsr_reserved(FPSR_DEFAULT) && fp_fpsr_reserved(FPSR_DEFAULT | 1ull << 60) &&
		   fp_fpsr_reserved(FPSR_DEFAULT & ~(1ull << (6 + 13 + 3))),
	       "reserved FPSR values");
}

int main(int argc, char **argv)
{
	unsigned scale = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 1;
	mpfr_set_default_prec(64);
	init_cmp_values();
	test_fpsr();
	test_fma_specials();
	test_fma_edges();
	test_fma_random(3000 * scale);
	test_fpma_specials();
	test_fpma(20000 * scale);
	test_fcvt(5000 * scale);
	test_fpcvt();
	test_fpcvt_random(20000 * scale);
	test_fprcpa_random(20000 * scale);
	test_fcvt_xf();
	test_recip_tables();
	test_recip_specials();
	test_fcmp();
	test_fclass();
	test_minmax();
	test_memory();
	test_moves();
	mpfr_free_cache();
	return tap_done();
}
