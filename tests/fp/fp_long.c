// SPDX-License-Identifier: GPL-2.0
/*
 * The FP library's long run (make check-fp-long; not part of make check):
 * COUNT random operands (default 1,000,000) per precision and rounding mode
 * for fma/fms/fnma, frcpa and frsqrta, and per form and rounding mode for
 * fcvt.fx/fxu(.trunc), each checked against MPFR (fp_ref.h, fp_check.h).
 * Prints one TAP line per group with what the operands reached (overflow,
 * underflow, exact denormals, traps, software-assisted frcpa...) and the
 * totals.
 *
 *   fp_long [COUNT [SEED]]
 */
#include <stdlib.h>

#include "fp_check.h"
#include "tap.h"

static unsigned long long total_checked, total_wrong;

struct stats {
	unsigned long long n, wrong, v, o, u, tiny_exact, inexact, zero, trap, fault, swa;
};

static void tally(struct stats *s, bool ok)
{
	s->n++;
	s->wrong += !ok;
	if (check_last.fault)
		s->fault++;
	if (check_last.trap)
		s->trap++;
	if (check_last.flags & FP_V)
		s->v++;
	if (check_last.flags & FP_O)
		s->o++;
	if (check_last.flags & FP_U)
		s->u++;
	if (check_last.flags & FP_I)
		s->inexact++;
}

static void report(const char *what, const struct stats *s)
{
	total_checked += s->n;
	total_wrong += s->wrong;
	tap_ok(s->wrong == 0,
	       "%s: %llu checked, %llu wrong (V %llu, O %llu, U %llu, I %llu, exact tiny %llu, "
	       "zero %llu, traps %llu, faults %llu, software-assisted %llu)",
	       what, s->n, s->wrong, s->v, s->o, s->u, s->inexact, s->tiny_exact, s->zero, s->trap,
	       s->fault, s->swa);
	fflush(stdout);
}

/* One fma configuration drawn for precision class p (0 single, 1 double,
 * 2 double-extended): the completer or the status field's pc, with or
 * without wre. */
static void draw_cfg(unsigned p, unsigned rc, unsigned *pc, unsigned *ctl)
{
	bool wre = rndn(2);
	bool dyn = p == 2 || rndn(2);
	static const unsigned pcf[3] = {FP_PCF_SINGLE, FP_PCF_DOUBLE, FP_PCF_EXTENDED};
	*pc = dyn ? FP_PC_SF : p == 0 ? FP_PC_S : FP_PC_D;
	*ctl = pcf[dyn ? p : 2] << 2 | rc << 4 | (wre ? FP_SF_WRE : 0) |
	       (rndn(8) == 0 ? FP_SF_FTZ : 0);
}

static void run_fma(unsigned long count)
{
	static const char *const pname[3] = {"single", "double", "double-extended"};
	static const char *const rname[4] = {"rn", "rm", "rp", "rz"};
	for (unsigned p = 0; p < 3; p++) {
		for (unsigned rc = 0; rc < 4; rc++) {
			struct stats s;
			memset(&s, 0, sizeof(s));
			diag_reset();
			for (unsigned long k = 0; k < count; k++) {
				unsigned pc, ctl;
				draw_cfg(p, rc, &pc, &ctl);
				struct ref_cfg cfg = ref_cfg_of(pc, ctl);
				struct fp82 a, b, c;
				bool h;
				rnd_fma_operands(&cfg, &a, &b, &c, &h);
				uint32_t dis = 0x3f;
				if (rndn(8) == 0)
					dis = (uint32_t)rnd64() & 0x3f;
				bool ok = check_fma(rndn(3), pc, ctl, dis, a, b, h ? &c : NULL);
				tally(&s, ok);
				/* exact results in the denormal range, and zeros */
				if (!check_last.fault && !check_last.trap) {
					if (fp_is_zero(check_last_r))
						s.zero++;
					else if (fp_is_unorm(check_last_r) &&
						 !(check_last.flags & FP_U))
						s.tiny_exact++;
				}
			}
			char what[64];
			snprintf(what, sizeof(what), "fma %s %s", pname[p], rname[rc]);
			report(what, &s);
		}
	}
}

/* frcpa operands over the whole register range, unnormals included. */
static struct fp82 rnd_wide(void)
{
	long e;
	switch (rndn(6)) {
	case 0:
		e = rnd_range(-65534, -65400);
		break;
	case 1:
		e = rnd_range(65400, 65535);
		break;
	case 2:
		e = rnd_range(-65534, 65535);
		break;
	default:
		e = rnd_range(-1100, 1100);
		break;
	}
	struct fp82 x = rnd_val(e, 64);
	if (rndn(16) == 0) /* a register denormal */
		x = fp_make((uint32_t)rndn(2), 1, rnd64() >> rndn(64));
	if (!x.sig)
		x.sig = 1;
	return x;
}

static void run_recip(unsigned long count)
{
	static const char *const pname[3] = {"single", "double", "double-extended"};
	static const char *const rname[4] = {"rn", "rm", "rp", "rz"};
	static const unsigned pcf[3] = {FP_PCF_SINGLE, FP_PCF_DOUBLE, FP_PCF_EXTENDED};
	for (unsigned sq = 0; sq < 2; sq++) {
		for (unsigned p = 0; p < 3; p++) {
			for (unsigned rc = 0; rc < 4; rc++) {
				struct stats s;
				memset(&s, 0, sizeof(s));
				diag_reset();
				for (unsigned long k = 0; k < count; k++) {
					unsigned ctl =
					    pcf[p] << 2 | rc << 4 | (rndn(2) ? FP_SF_WRE : 0);
					uint32_t dis =
					    rndn(4) ? 0x3f : 0x3f & ~(FP_O | FP_U | FP_I);
					bool swa, ok;
					if (sq) {
						struct fp82 x = rnd_wide();
						x.sign = 0;
						ok = check_frsqrta(ctl, dis, x, &swa);
					} else {
						ok = check_frcpa(ctl, dis, rnd_wide(), rnd_wide(),
								 &swa);
					}
					tally(&s, ok);
					s.swa += swa;
				}
				char what[64];
				snprintf(what, sizeof(what), "%s %s %s", sq ? "frsqrta" : "frcpa",
					 pname[p], rname[rc]);
				report(what, &s);
			}
		}
	}
}

static void run_fcvt(unsigned long count)
{
	static const char *const fname[4] = {"fx", "fxu", "fx.trunc", "fxu.trunc"};
	static const char *const rname[4] = {"rn", "rm", "rp", "rz"};
	for (unsigned form = 0; form < 4; form++) {
		for (unsigned rc = 0; rc < 4; rc++) {
			struct stats s;
			memset(&s, 0, sizeof(s));
			diag_reset();
			for (unsigned long k = 0; k < count; k++) {
				uint32_t dis = rndn(4) ? 0x3f : 0x3f & ~FP_I;
				bool ok = check_fcvt(form, rc, dis, rnd_cvt_operand());
				tally(&s, ok);
			}
			char what[64];
			snprintf(what, sizeof(what), "fcvt.%s %s", fname[form], rname[rc]);
			report(what, &s);
		}
	}
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	if (argc > 2)
		ref_rng = strtoull(argv[2], NULL, 0) | 1;
	init_table_expect();
	run_fma(count);
	run_recip(count);
	run_fcvt(count);
	printf("# total: %llu operations checked against MPFR, %llu wrong\n", total_checked,
	       total_wrong);
	mpfr_free_cache();
	return tap_done();
}
