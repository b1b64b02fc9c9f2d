// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's fast FP forms (vmm/cpu/exec_fpfast.c: fma family on doubles,
 * getf/setf, xma) against exec_fp.c's exact path: random operands, status
 * fields and FPSRs; each case runs as one bundle through cpu_run and, on a
 * copy of the same state, through cpu_exec_fp.  The target register (all 82
 * bits), the FPSR, psr.mfl/mfh, the GRs and any exit must be equal.
 * Operands lean on what decides between the fast and the exact path: normal
 * doubles near the overflow and underflow thresholds, cancellation to zero
 * and to tiny results, denormals, extended-precision values, zeros,
 * infinities, NaNs, NaTVal, f0 and f1.
 *
 * Usage: fp_engine [cases] [seed]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "exec.h"
#include "fp82.h"
#include "ia64.h"
#include "regs.h"
#include "cpu/one_bundle.h"
#include "tap.h"

#define U(x) ((uint64_t)(x))
#define FLD(v, pos) (U(v) << (pos))
#define NOP_M (U(1) << 27) /* nop.m 0 (M48), also nop.i (I18) */
#define NOP_F (U(1) << 27) /* nop.f 0 (F16) */

static struct cpu eng;

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

/* ---- operands ------------------------------------------------------------------------------ */

static struct fp82 from_double_exp(int e, uint64_t frac52, unsigned sign)
{
	uint64_t b = U(sign) << 63 | (uint64_t)(e + 1023) << 52 | (frac52 & 0xfffffffffffffull);
	return fp_from_double(b);
}

static struct fp82 operand(void)
{
	unsigned s = rnd() & 1;
	uint64_t f = rnd();
	switch (rnd() % 16) {
	case 0:
		return fp_make(s, 0, 0); /* zero */
	case 1:
		return fp_from_double(U(s) << 63 | (f & 0xfffffffffffffull)); /* denormal */
	case 2:
		return fp_make(s, FP_EXP_MAX, FP_INT_BIT); /* infinity */
	case 3:
		return fp_make(s, FP_EXP_MAX, FP_INT_BIT | (f >> 2) | 1); /* NaN */
	case 4:
		return rnd() % 4 ? fp_make(s, FP_BIAS + (int)(rnd() % 64) - 32, f | FP_INT_BIT)
				 : fp_natval(); /* extended, NaTVal */
	case 5:
		return from_double_exp(1000 + (int)(rnd() % 24), f, s); /* huge */
	case 6:
		return from_double_exp(-1022 + (int)(rnd() % 40), f, s); /* tiny */
	case 7:
		return from_double_exp(511 + (int)(rnd() % 3), f, s); /* squares overflow */
	case 8:
		return from_double_exp(-511 - (int)(rnd() % 3), f, s); /* squares underflow */
	case 9:
		return from_double_exp((int)(rnd() % 2047) - 1023, f, s);
	default:
		return from_double_exp((int)(rnd() % 40) - 20, f, s);
	}
}

/* A status field's controls: mostly round to nearest, double or extended. */
static unsigned controls(void)
{
	unsigned ftz = rnd() % 8 == 0, wre = rnd() % 3 == 0, td = rnd() % 4 == 0;
	unsigned pc = rnd() % 4 == 0 ? 0 : rnd() % 2 ? 2 : 3;
	unsigned rc = rnd() % 4 == 0 ? (unsigned)(rnd() % 4) : 0;
	return ftz | wre << 1 | pc << 2 | rc << 4 | td << 6;
}

static uint64_t fpsr(void)
{
	uint64_t v = rnd() % 4 ? 0x3f : rnd() & 0x3f; /* traps: mostly all disabled */
	for (unsigned sf = 0; sf < 4; sf++) {
		unsigned flags = rnd() % 4 ? 0x20 : (unsigned)(rnd() & 0x3f); /* mostly i set */
		v |= (uint64_t)(controls() | flags << 7) << (6 + 13 * sf);
	}
	return v;
}

/* ---- one case ------------------------------------------------------------------------------ */

/* The state both sides start from. */
struct state {
	struct fp82 fr[128];
	uint64_t fpsr, psr, gr[32], gr_nat;
	unsigned rrb_fr;
};

static void load(struct cpu *c, const struct state *s)
{
	memcpy(c->fr, s->fr, sizeof(s->fr));
	c->ar[40] = s->fpsr;
	c->psr = s->psr;
	memcpy(c->gr, s->gr, sizeof(s->gr));
	c->gr_nat = s->gr_nat;
	c->cfm.rrb_fr = (uint8_t)s->rrb_fr;
	c->pr = 1;
}

static bool fr_eq(struct fp82 a, struct fp82 b)
{
	return a.sig == b.sig && a.exp == b.exp && a.sign == b.sign;
}

static unsigned bad;

/* Run slot bits (unit F in slot 1 of MFI, or M in slot 0 of MII) both ways. */
static void run_case(const char *what, uint64_t slot, bool m_unit, const struct state *s)
{
	struct ia64_insn in;
	if (!ia64_decode_slot(m_unit ? IA64_ST_M : IA64_ST_F, slot, 0, &in) || !in.opc) {
		if (bad++ < 5)
			printf("# %s: slot 0x%011" PRIx64 " does not decode\n", what, slot);
		return;
	}
	if (m_unit)
		one_bundle_put(0x00, slot, NOP_M, NOP_M);
	else
		one_bundle_put(0x0c, NOP_M, slot, NOP_M);

	load(&eng, s);
	eng.ip = ONE_BUNDLE_VA;
	eng.slot = 0;
	struct cpu_exit x = cpu_run(&eng, m_unit ? 1 : 2);

	static struct cpu ref;
	static uint64_t stacked[96];
	static uint8_t stacked_nat[96];
	memset(&ref, 0, sizeof(ref));
	ref.stacked = stacked;
	ref.stacked_nat = stacked_nat;
	ref.config.stacked_regs = 96;
	load(&ref, s);
	struct cpu_exit rx;
	memset(&rx, 0, sizeof(rx));
	bool rexit = cpu_exec_fp(&ref, &in, &rx);

	bool ok = eng.ar[40] == ref.ar[40] && eng.psr == ref.psr && eng.gr_nat == ref.gr_nat &&
		  !memcmp(eng.gr, ref.gr, sizeof(ref.gr));
	for (unsigned f = 0; f < 128; f++)
		ok = ok && fr_eq(eng.fr[f], ref.fr[f]);
	if (rexit)
		ok = ok && x.kind == CPU_EXIT_FAULT && x.fault == rx.fault && x.fp_flags == rx.fp_flags;
	else
		ok = ok && x.kind == CPU_EXIT_BUDGET;
	if (!ok && bad++ < 10) {
		printf("# %s (%s): engine and exact path differ; fpsr 0x%016" PRIx64
		       " -> engine 0x%016" PRIx64 ", exact 0x%016" PRIx64 "; exits %d/%d\n",
		       what, in.opc->name, s->fpsr, eng.ar[40], ref.ar[40], x.kind,
		       rexit ? (int)rx.kind : -1);
		for (unsigned f = 0; f < 128; f++)
			if (!fr_eq(eng.fr[f], ref.fr[f]))
				printf("#   f%u: engine %u/%05x/%016" PRIx64 ", exact %u/%05x/%016" PRIx64
				       "\n",
				       f, eng.fr[f].sign, eng.fr[f].exp, eng.fr[f].sig, ref.fr[f].sign,
				       ref.fr[f].exp, ref.fr[f].sig);
	}
}

static unsigned freg(void)
{
	unsigned k = (unsigned)(rnd() % 16);
	return k == 0 ? 0 : k == 1 ? 1 : 2 + (unsigned)(rnd() % 126);
}

static void random_state(struct state *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned f = 2; f < 128; f++)
		s->fr[f] = operand();
	s->fr[1] = fp_make(0, FP_BIAS, FP_INT_BIT);
	s->fpsr = fpsr();
	s->rrb_fr = rnd() % 4 == 0 ? (unsigned)(rnd() % 96) : 0;
	for (unsigned r = 1; r < 32; r++)
		s->gr[r] = rnd() % 3 ? fp_to_double(operand()) : rnd();
	s->gr_nat = rnd() % 4 == 0 ? rnd() & ~U(1) : 0;
}

/* Make f2 about -(f3 * f4): the sum cancels to zero or to a few ulps. */
static void cancel(struct state *s, unsigned f2, unsigned f3, unsigned f4)
{
	if (f3 < 2 || f4 < 2 || f2 < 2)
		return;
	struct fp_status st;
	/* the product rounded to double, or to 64 bits (sf0's pc) */
	bool dbl = rnd() % 2;
	struct fp82 p = fp_fma(FPSR_DEFAULT, 0, dbl ? FP_PC_D : FP_PC_SF, FP_FMA, s->fr[f3],
			       s->fr[f4], NULL, &st);
	p.sign ^= 1;
	if (rnd() % 2 && fp_is_finite(p) && !fp_is_natval(p)) {
		if (dbl)
			p = fp_from_double(fp_to_double(p) + (rnd() % 5) - 2);
		else if (p.sig & FP_INT_BIT)
			p.sig += (rnd() % 5) - 2, p.sig |= FP_INT_BIT;
	}
	s->fr[f2] = p;
}

/* f2 halfway between two doubles or singles (or 64-bit values, none), the
 * product far below it, or the other way round: the far operand only
 * decides which way the tie goes. */
static void tie_and_tiny(struct state *s, unsigned f2, unsigned f3, unsigned f4)
{
	if (f3 < 2 || f4 < 2 || f2 < 2)
		return;
	unsigned drop = rnd() % 2 ? 11 : 40; /* below 53 or 24 bits */
	uint64_t sig = (rnd() | FP_INT_BIT) & ~((U(1) << drop) - 1);
	struct fp82 tie = fp_make(rnd() & 1, FP_BIAS + (unsigned)(rnd() % 64), sig | U(1) << (drop - 1));
	int far = 100 + (int)(rnd() % 200);
	struct fp82 x = fp_make(rnd() & 1, FP_BIAS - (unsigned)far / 2, rnd() | FP_INT_BIT);
	struct fp82 y = fp_make(rnd() & 1, FP_BIAS - (unsigned)far / 2, rnd() | FP_INT_BIT);
	if (rnd() % 2) {
		s->fr[f2] = tie, s->fr[f3] = x, s->fr[f4] = y;
	} else {
		/* the product ties (x * 1.0), the addend is far below */
		s->fr[f3] = tie, s->fr[f4] = fp_make(0, FP_BIAS, FP_INT_BIT);
		s->fr[f2] = fp_make(rnd() & 1, FP_BIAS - (unsigned)far, rnd() | FP_INT_BIT);
	}
}

static void test_fma(unsigned cases)
{
	static const struct {
		unsigned maj, x;
		const char *name;
	} forms[] = {{8, 0, "fma"}, {9, 0, "fma.d"}, {0xa, 0, "fms"}, {0xb, 0, "fms.d"},
		     {0xc, 0, "fnma"}, {0xd, 0, "fnma.d"}, {8, 1, "fma.s"}};
	unsigned before = bad;
	for (unsigned i = 0; i < cases; i++) {
		struct state s;
		random_state(&s);
		unsigned k = (unsigned)(rnd() % (sizeof(forms) / sizeof(forms[0])));
		unsigned f1 = freg(), f2 = rnd() % 4 == 0 ? 0 : freg(), f3 = freg(), f4 = freg();
		if (rnd() % 8 == 0)
			f4 = 1; /* fadd, fsub */
		if (rnd() % 4 == 0)
			cancel(&s, f2, f3, f4);
		else if (rnd() % 4 == 0)
			tie_and_tiny(&s, f2, f3, f4);
		unsigned sf = (unsigned)(rnd() % 4);
		uint64_t slot = FLD(forms[k].maj, 37) | FLD(forms[k].x, 36) | FLD(sf, 34) |
				FLD(f4, 27) | FLD(f3, 20) | FLD(f2, 13) | FLD(f1, 6);
		run_case(forms[k].name, slot, false, &s);
	}
	tap_ok(bad == before, "fma family: %u random cases, engine = exact path", cases);
}

static void test_xma_getf_setf(unsigned cases)
{
	unsigned before = bad;
	for (unsigned i = 0; i < cases; i++) {
		struct state s;
		random_state(&s);
		unsigned f1 = freg(), f2 = freg(), f3 = freg(), f4 = freg();
		unsigned r = 1 + (unsigned)(rnd() % 31), form = (unsigned)(rnd() % 4);
		if (rnd() % 2)
			s.fr[f3] = fp_int(rnd()), s.fr[f4] = fp_int(rnd());
		switch (rnd() % 3) {
		case 0: /* xma.l/.hu/.h (x2 = 1 reserved) */
			run_case("xma",
				 FLD(0xe, 37) | FLD(1, 36) | FLD(form == 1 ? 0 : form, 34) |
				     FLD(f4, 27) | FLD(f3, 20) | FLD(f2, 13) | FLD(f1, 6),
				 false, &s);
			break;
		case 1: /* getf.sig/exp/s/d r1 = f2: M19, major 4, x 1, x6 0x1c-0x1f */
			run_case("getf",
				 FLD(4, 37) | FLD(0x1c + form, 30) | FLD(1, 27) | FLD(f2, 13) |
				     FLD(r, 6),
				 true, &s);
			break;
		default: /* setf.sig/exp/s/d f1 = r2: M18, major 6, x 1, x6 0x1c-0x1f */
		{
			uint64_t slot = FLD(6, 37) | FLD(0x1c + form, 30) | FLD(1, 27) | FLD(r, 13) |
					FLD(f1, 6);
			run_case("setf", slot, true, &s);
			break;
		}
		}
	}
	tap_ok(bad == before, "xma, getf, setf: %u random cases, engine = exact path", cases);
}

int main(int argc, char **argv)
{
	unsigned cases = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 200000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x66705f656e67ull;
	rng = seed ? seed : 1;
	printf("# seed 0x%" PRIx64 "\n", seed);
	struct cpu_config cfg = {.stacked_regs = 96};
	if (cpu_init(&eng, &cfg, &one_bundle_ops, NULL)) {
		printf("Bail out! cpu_init failed\n");
		return 1;
	}
	eng.cfm.sof = 0;
	test_fma(cases);
	test_xma_getf_setf(cases / 4);
	cpu_destroy(&eng);
	return tap_done();
}
