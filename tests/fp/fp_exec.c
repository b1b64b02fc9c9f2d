// SPDX-License-Identifier: GPL-2.0
/*
 * exec_fp.c on a bare struct cpu: F-unit slots and getf/setf encoded here by
 * their SDM formats (vol 3 4.6: F1-F13, M18, M19), decoded by the ISA library
 * (so the op ids and sub1/sub2 are the real ones), executed by cpu_exec_fp;
 * loads and stores through cpu_fp_mem.  Checks register fields, rotation,
 * status fields and FPSR flags, predicates, NaT/NaTVal, faults and traps.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "exec.h"
#include "fp82.h"
#include "ia64.h"
#include "regs.h"
#include "tap.h"

static struct cpu cpu;
static uint64_t stacked[96];
static uint8_t stacked_nat[96];
static struct cpu_exit ex;

static void reset(void)
{
	memset(&cpu, 0, sizeof(cpu));
	cpu.stacked = stacked;
	cpu.stacked_nat = stacked_nat;
	cpu.config.stacked_regs = 96;
	cpu.cfm.sof = 16;
	cpu.ar[40] = FPSR_DEFAULT;
	cpu.pr = 1; /* p0 */
	cpu.fr[1] = fp_make(0, FP_BIAS, FP_INT_BIT);
}

static uint64_t bits(unsigned maj, uint64_t rest)
{
	return (uint64_t)maj << 37 | rest;
}

#define FLD(v, pos) ((uint64_t)(v) << (pos))

/* F1: fma family; x selects the second variant of the major. */
static uint64_t f1_enc(unsigned maj, unsigned x, unsigned sf, unsigned f1, unsigned f3, unsigned f4,
		       unsigned f2)
{
	return bits(maj, FLD(x, 36) | FLD(sf, 34) | FLD(f4, 27) | FLD(f3, 20) | FLD(f2, 13) |
			     FLD(f1, 6));
}

/* F4: fcmp.rel(.unc) p1, p2 = f2, f3 */
static uint64_t f4_enc(unsigned rel, unsigned unc, unsigned sf, unsigned p1, unsigned p2,
		       unsigned f2, unsigned f3, unsigned qp)
{
	return bits(4, FLD(rel & 1, 36) | FLD(sf, 34) | FLD(rel >> 1, 33) | FLD(p2, 27) |
			   FLD(f3, 20) | FLD(f2, 13) | FLD(unc, 12) | FLD(p1, 6) | qp);
}

/* F5: fclass.m(.unc) p1, p2 = f2, fclass9 (fc2 = its low 2 bits, fclass7c the rest, as
 * the assembler encodes "fclass.m p6, p7 = f8, @norm|@neg" = 0x12) */
static uint64_t f5_enc(unsigned unc, unsigned p1, unsigned p2, unsigned f2, unsigned fc9)
{
	return bits(5, FLD(fc9 & 3, 33) | FLD(p2, 27) | FLD(fc9 >> 2, 20) | FLD(f2, 13) |
			   FLD(unc, 12) | FLD(p1, 6));
}

/* F6/F7: (p)frcpa, (p)frsqrta f1, p2 = f2, f3 */
static uint64_t f6_enc(unsigned maj, unsigned q, unsigned sf, unsigned f1, unsigned p2, unsigned f2,
		       unsigned f3)
{
	return bits(maj, FLD(q, 36) | FLD(sf, 34) | FLD(1, 33) | FLD(p2, 27) | FLD(f3, 20) |
			     FLD(f2, 13) | FLD(f1, 6));
}

/* F8-F13: majors 0/1 with x6 */
static uint64_t x6_enc(unsigned maj, unsigned x6, unsigned sf, unsigned f1, unsigned f2,
		       unsigned f3)
{
	return bits(maj, FLD(sf, 34) | FLD(x6, 27) | FLD(f3, 20) | FLD(f2, 13) | FLD(f1, 6));
}

/* F2 xma (x2: 0 .l, 2 .hu, 3 .h), F3 fselect */
static uint64_t f2_enc(unsigned x, unsigned x2, unsigned f1, unsigned f3, unsigned f4, unsigned f2)
{
	return bits(0xe, FLD(x, 36) | FLD(x2, 34) | FLD(f4, 27) | FLD(f3, 20) | FLD(f2, 13) |
			     FLD(f1, 6));
}

/* M18 setf.form f1 = r2, M19 getf.form r1 = f2 */
static uint64_t setf_enc(unsigned form, unsigned f1, unsigned r2)
{
	return bits(6, FLD(0x1c + form, 30) | FLD(1, 27) | FLD(r2, 13) | FLD(f1, 6));
}

static uint64_t getf_enc(unsigned form, unsigned r1, unsigned f2)
{
	return bits(4, FLD(0x1c + form, 30) | FLD(1, 27) | FLD(f2, 13) | FLD(r1, 6));
}

static struct ia64_insn insn;

static bool decode(unsigned type, uint64_t b, unsigned want_op)
{
	memset(&insn, 0, sizeof(insn));
	if (!ia64_decode_slot(type, b, 0, &insn) || !insn.opc || insn.opc->op != want_op) {
		printf("# slot %011" PRIx64 " does not decode as op %u\n", b, want_op);
		return false;
	}
	return true;
}

/* Execute one slot; returns -1 if it would not decode, 0 done, 1 exit. */
static int run(unsigned type, uint64_t b, unsigned op)
{
	if (!decode(type, b, op))
		return -1;
	memset(&ex, 0, sizeof(ex));
	return cpu_exec_fp(&cpu, &insn, &ex) ? 1 : 0;
}

static struct fp82 F(unsigned f) {
	return cpu.fr[fr_index(&cpu, f)];
}

static void
setF(unsigned f, struct fp82 v)
{
	cpu.fr[fr_index(&cpu, f)] = v;
}

static bool same(struct fp82 a, struct fp82 b)
{
	return a.sig == b.sig && a.exp == b.exp && a.sign == b.sign;
}

static struct fp82 dbl(uint64_t d)
{
	return fp_from_double(d);
}

#define D_1 0x3ff0000000000000ull
#define D_2 0x4000000000000000ull
#define D_3 0x4008000000000000ull
#define D_7 0x401c000000000000ull
#define D_10 0x4024000000000000ull
#define D_SNAN 0x7ff0000000000001ull

static void test_fma(void)
{
	reset();
	setF(8, dbl(D_2));
	setF(9, dbl(D_3));
	setF(10, dbl(D_1));
	/* fma.s0 f7 = f8, f9, f10: 2 * 3 + 1 */
	int r = run(IA64_ST_F, f1_enc(8, 0, 0, 7, 8, 9, 10), IA64_OP_FMA);
	tap_ok(r == 0 && same(F(7), dbl(D_7)) && (cpu.psr & 16) && !(cpu.psr & 32),
	       "fma f7 = f8, f9, f10: 7, psr.mfl");
	/* fms.d f7 = f8, f9, f10: 6 - 1 */
	r = run(IA64_ST_F, f1_enc(0xb, 0, 0, 7, 8, 9, 10), IA64_OP_FMS);
	tap_ok(r == 0 && same(F(7), dbl(0x4014000000000000ull)), "fms.d: 2 * 3 - 1 = 5");
	/* fnma.s f7 = f8, f9, f10: -6 + 1 */
	r = run(IA64_ST_F, f1_enc(0xc, 1, 0, 7, 8, 9, 10), IA64_OP_FNMA);
	tap_ok(r == 0 && same(F(7), dbl(0xc014000000000000ull)), "fnma.s: -(2 * 3) + 1 = -5");
	/* fmpy f7 = f8, f0 (f2 = f0): -2 * +0 = -0 */
	setF(8, dbl(0xc000000000000000ull));
	r = run(IA64_ST_F, f1_enc(8, 0, 0, 7, 8, 0, 0), IA64_OP_FMA);
	tap_ok(r == 0 && same(F(7), fp_make(1, 0, 0)), "fmpy f7 = f8, f0: -2 * +0 = -0");
	/* fnorm f7 = f1: 1.0 from the constant register */
	r = run(IA64_ST_F, f1_enc(8, 0, 0, 7, 1, 1, 0), IA64_OP_FMA);
	tap_ok(r == 0 && same(F(7), fp_make(0, FP_BIAS, FP_INT_BIT)), "fma f7 = f1, f1, f0: 1.0");
	/* rotation: rrb.fr = 5, f40 names physical f45 */
	cpu.cfm.rrb_fr = 5;
	cpu.fr[45] = dbl(D_10);
	r = run(IA64_ST_F, f1_enc(8, 0, 0, 33, 40, 1, 0), IA64_OP_FMA);
	tap_ok(r == 0 && same(cpu.fr[38], dbl(D_10)) && (cpu.psr & 32),
	       "fma through rotating registers (rrb.fr = 5), psr.mfh");
	cpu.cfm.rrb_fr = 0;
	/* f1 = f0 or f1 as target: Illegal Operation */
	r = run(IA64_ST_F, f1_enc(8, 0, 0, 1, 8, 9, 10), IA64_OP_FMA);
	tap_ok(r == 1 && ex.fault == CPU_FAULT_ILLEGAL_OP, "fma f1 = ...: Illegal Operation");
	/* status field 1 with rc = rz: 1/3-like inexact result sets sf1.i only */
	reset();
	cpu.ar[40] = (FPSR_DEFAULT & ~(0x7full << 19)) | (uint64_t)(3 << 2 | 3 << 4) << 19;
	setF(8, dbl(D_1));
	setF(9, fp_make(0, FP_BIAS - 2, 0xaaaaaaaaaaaaaaabull));      /* ~1/3 with 64 bits */
	r = run(IA64_ST_F, f1_enc(9, 0, 1, 7, 8, 9, 0), IA64_OP_FMA); /* fma.d.s1 */
	tap_ok(r == 0 && F(7).sig == 0xaaaaaaaaaaaaa800ull && fp_sf_flags(cpu.ar[40], 1) == FP_I &&
		   fp_sf_flags(cpu.ar[40], 0) == 0,
	       "fma.d.s1 (rz): truncated to 53 bits, sf1.i set, sf0 untouched");
	/* fpma */
	reset();
	setF(8, fp_int(0x3f80000040000000ull));
	setF(9, fp_int(0x4040000040400000ull));
	r = run(IA64_ST_F, f1_enc(9, 1, 0, 7, 8, 9, 0), IA64_OP_FPMA);
	tap_ok(r == 0 && same(F(7), fp_int(0x4040000040c00000ull)), "fpmpy: (1, 2) * (3, 3)");
	/* NaTVal source: NaTVal, no flags */
	setF(8, fp_natval());
	r = run(IA64_ST_F, f1_enc(8, 0, 0, 7, 8, 9, 0), IA64_OP_FMA);
	tap_ok(r == 0 && fp_is_natval(F(7)) && fp_sf_flags(cpu.ar[40], 0) == 0,
	       "fma with a NaTVal source: NaTVal");
}

static void test_faults(void)
{
	reset();
	cpu.ar[40] = FPSR_DEFAULT & ~(uint64_t)FP_V; /* V enabled */
	setF(7, dbl(D_10));
	setF(8, dbl(D_SNAN));
	setF(9, dbl(D_3));
	int r = run(IA64_ST_F, f1_enc(8, 0, 0, 7, 8, 9, 0), IA64_OP_FMA);
	tap_ok(r == 1 && ex.kind == CPU_EXIT_FAULT && ex.fault == CPU_FAULT_FP_FAULT &&
		   (ex.fp_flags & 0x3f) == FP_V && ex.fp_flags >> 16 == 1 &&
		   same(F(7), dbl(D_10)) && fp_sf_flags(cpu.ar[40], 0) == 0,
	       "fma with an SNaN, V enabled: FP fault, nothing written, FPSR unchanged");
	reset();
	cpu.ar[40] = FPSR_DEFAULT & ~(uint64_t)FP_O; /* O enabled */
	setF(8, fp_make(0, FP_BIAS + 1000, FP_INT_BIT));
	r = run(IA64_ST_F, f1_enc(9, 0, 0, 7, 8, 8, 0), IA64_OP_FMA); /* fmpy.d */
	tap_ok(r == 1 && ex.fault == CPU_FAULT_FP_TRAP && (ex.fp_flags & 0x3f) == FP_O &&
		   (ex.fp_flags >> 16) == 1u << 11 && F(7).exp == FP_BIAS + 2000 &&
		   fp_sf_flags(cpu.ar[40], 0) == FP_O,
	       "fmpy.d overflow, O enabled: FP trap after the (unbounded) result and flags");
	reset();
	setF(8, fp_make(0, FP_BIAS + 1000, FP_INT_BIT));
	r = run(IA64_ST_F, f1_enc(9, 0, 0, 7, 8, 8, 0), IA64_OP_FMA);
	tap_ok(r == 0 && fp_is_inf(F(7)) && fp_sf_flags(cpu.ar[40], 0) == (FP_O | FP_I),
	       "fmpy.d overflow, traps disabled: inf, O and I");
}

static void test_compare(void)
{
	reset();
	setF(8, dbl(D_2));
	setF(9, dbl(D_3));
	int r = run(IA64_ST_F, f4_enc(1, 0, 0, 6, 7, 8, 9, 0), IA64_OP_FCMP);
	tap_ok(r == 0 && pr_get(&cpu, 6) && !pr_get(&cpu, 7), "fcmp.lt p6, p7 = 2, 3");
	r = run(IA64_ST_F, f4_enc(0, 0, 0, 6, 7, 8, 9, 0), IA64_OP_FCMP);
	tap_ok(r == 0 && !pr_get(&cpu, 6) && pr_get(&cpu, 7), "fcmp.eq p6, p7 = 2, 3");
	setF(9, fp_natval());
	r = run(IA64_ST_F, f4_enc(0, 0, 0, 6, 7, 8, 9, 0), IA64_OP_FCMP);
	tap_ok(r == 0 && !pr_get(&cpu, 6) && !pr_get(&cpu, 7), "fcmp with NaTVal clears both");
	r = run(IA64_ST_F, f4_enc(0, 0, 0, 6, 6, 8, 9, 0), IA64_OP_FCMP);
	tap_ok(r == 1 && ex.fault == CPU_FAULT_ILLEGAL_OP, "fcmp p6, p6: Illegal Operation");
	pr_set(&cpu, 6, true);
	pr_set(&cpu, 7, true);
	r = run(IA64_ST_F, f4_enc(0, 1, 0, 6, 7, 8, 9, 5), IA64_OP_FCMP); /* (p5) unc, p5 = 0 */
	tap_ok(r == 0 && !pr_get(&cpu, 6) && !pr_get(&cpu, 7),
	       "(p5) fcmp.eq.unc with p5 = 0 clears p6, p7");
	/* rotating predicates: rrb.pr = 3, p16 names physical p19 */
	cpu.cfm.rrb_pr = 3;
	setF(9, dbl(D_2));
	r = run(IA64_ST_F, f4_enc(0, 0, 0, 16, 17, 8, 9, 0), IA64_OP_FCMP);
	tap_ok(r == 0 && (cpu.pr >> 19 & 1) && !(cpu.pr >> 20 & 1), "fcmp into rotating p16, p17");
	cpu.cfm.rrb_pr = 0;
	/* fcmp.lt with a QNaN sets V in the FPSR */
	setF(9, dbl(0x7ff8000000000000ull));
	r = run(IA64_ST_F, f4_enc(1, 0, 2, 6, 7, 8, 9, 0), IA64_OP_FCMP);
	tap_ok(r == 0 && !pr_get(&cpu, 6) && pr_get(&cpu, 7) && fp_sf_flags(cpu.ar[40], 2) == FP_V,
	       "fcmp.lt.s2 with a QNaN: false, sf2.v");
	/* fclass.m p6, p7 = f8, @pos|@norm */
	r = run(IA64_ST_F, f5_enc(0, 6, 7, 8, 0x011), IA64_OP_FCLASS);
	tap_ok(r == 0 && pr_get(&cpu, 6) && !pr_get(&cpu, 7), "fclass.m @pos|@norm of 2.0");
	r = run(IA64_ST_F, f5_enc(0, 6, 7, 8, 0x1c0), IA64_OP_FCLASS);
	tap_ok(r == 0 && !pr_get(&cpu, 6) && pr_get(&cpu, 7), "fclass.m @nat|@qnan|@snan of 2.0");
	/* fpcmp.le */
	setF(8, fp_int(0x3f80000040000000ull));
	setF(9, fp_int(0x3f8000003f800000ull));
	r = run(IA64_ST_F, x6_enc(1, 0x32, 0, 10, 8, 9), IA64_OP_FPCMP);
	tap_ok(r == 0 && same(F(10), fp_int(0xffffffff00000000ull)), "fpcmp.le (1, 2) <= (1, 1)");
}

static void test_recip(void)
{
	reset();
	setF(8, dbl(D_1));
	setF(9, dbl(D_2));
	int r = run(IA64_ST_F, f6_enc(0, 0, 0, 10, 6, 8, 9), IA64_OP_FRCPA);
	tap_ok(r == 0 && pr_get(&cpu, 6) &&
		   same(F(10), fp_make(0, FP_BIAS - 2, 0xff80000000000000ull)),
	       "frcpa f10, p6 = 1, 2: the table value, p6 = 1");
	setF(9, fp_make(0, 0, 0));
	r = run(IA64_ST_F, f6_enc(0, 0, 0, 10, 6, 8, 9), IA64_OP_FRCPA);
	tap_ok(r == 0 && !pr_get(&cpu, 6) && fp_is_inf(F(10)) && fp_sf_flags(cpu.ar[40], 0) == FP_Z,
	       "frcpa 1/0: inf, p6 = 0, Z");
	setF(9, dbl(0x4010000000000000ull)); /* 4 */
	r = run(IA64_ST_F, f6_enc(0, 1, 0, 10, 6, 0, 9), IA64_OP_FRSQRTA);
	tap_ok(r == 0 && pr_get(&cpu, 6) &&
		   same(F(10), fp_make(0, FP_BIAS - 2, 0xff80000000000000ull)),
	       "frsqrta f10, p6 = 4: 0.499, p6 = 1");
	setF(8, fp_int(0x3f80000040000000ull));
	r = run(IA64_ST_F, f6_enc(1, 0, 0, 10, 6, 8, 8), IA64_OP_FPRCPA);
	tap_ok(r == 0 && pr_get(&cpu, 6) && same(F(10), fp_int(0x3f7f80003eff8000ull)),
	       "fprcpa (1, 2)/(1, 2)");
	/* qp = 0: p2 cleared */
	pr_set(&cpu, 6, true);
	uint64_t b = f6_enc(0, 0, 0, 10, 6, 8, 9) | 5;
	r = run(IA64_ST_F, b, IA64_OP_FRCPA);
	tap_ok(r == 0 && !pr_get(&cpu, 6), "(p5) frcpa with p5 = 0 clears p6");
}

static void test_misc(void)
{
	reset();
	setF(8, dbl(0xc000000000000000ull)); /* -2 */
	setF(9, dbl(D_3));
	int r = run(IA64_ST_F, x6_enc(0, 0x10, 0, 10, 8, 9), IA64_OP_FMERGE);
	tap_ok(r == 0 && same(F(10), dbl(0xc008000000000000ull)), "fmerge.s: sign of -2, 3: -3");
	r = run(IA64_ST_F, x6_enc(0, 0x14, 0, 10, 8, 9), IA64_OP_FMIN);
	tap_ok(r == 0 && same(F(10), dbl(0xc000000000000000ull)), "fmin -2, 3");
	r = run(IA64_ST_F, x6_enc(0, 0x17, 0, 10, 8, 9), IA64_OP_FAMAX);
	tap_ok(r == 0 && same(F(10), dbl(D_3)), "famax -2, 3");
	setF(8, dbl(0xc004000000000000ull)); /* -2.5 */
	r = run(IA64_ST_F, x6_enc(0, 0x18, 0, 10, 8, 0), IA64_OP_FCVT_FX);
	tap_ok(r == 0 && same(F(10), fp_int((uint64_t)-2)) && fp_sf_flags(cpu.ar[40], 0) == FP_I,
	       "fcvt.fx -2.5: -2 (rn), I");
	r = run(IA64_ST_F, x6_enc(0, 0x1a, 0, 10, 8, 0), IA64_OP_FCVT_FX);
	tap_ok(r == 0 && same(F(10), fp_int((uint64_t)-2)), "fcvt.fx.trunc -2.5: -2");
	r = run(IA64_ST_F, x6_enc(0, 0x19, 0, 10, 8, 0), IA64_OP_FCVT_FX);
	tap_ok(r == 0 && same(F(10), fp_int(1ull << 63)) && (fp_sf_flags(cpu.ar[40], 0) & FP_V),
	       "fcvt.fxu -2.5: indefinite, V");
	setF(8, fp_int((uint64_t)-7));
	r = run(IA64_ST_F, x6_enc(0, 0x1c, 0, 10, 8, 0), IA64_OP_FCVT_XF);
	tap_ok(r == 0 && same(F(10), dbl(0xc01c000000000000ull)), "fcvt.xf -7");
	setF(8, fp_int(0x1111111111111111ull));
	setF(9, fp_int(0x0f0f0f0f0f0f0f0full));
	r = run(IA64_ST_F, x6_enc(0, 0x2c, 0, 10, 8, 9), IA64_OP_FAND);
	tap_ok(r == 0 && same(F(10), fp_int(0x0101010101010101ull)), "fand");
	r = run(IA64_ST_F, x6_enc(0, 0x34, 0, 10, 8, 9), IA64_OP_FSWAP);
	tap_ok(r == 0 && same(F(10), fp_int(0x0f0f0f0f11111111ull)), "fswap");
	setF(11, fp_int(0xffffffff00000000ull));
	r = run(IA64_ST_F, f2_enc(0, 0, 10, 8, 9, 11), IA64_OP_FSELECT);
	tap_ok(r == 0 && same(F(10), fp_int(0x111111110f0f0f0full)), "fselect");
	setF(8, fp_int((uint64_t)-3));
	setF(9, fp_int(5));
	setF(11, fp_int(1));
	r = run(IA64_ST_F, f2_enc(1, 3, 10, 8, 9, 11), IA64_OP_XMA);
	tap_ok(r == 0 && same(F(10), fp_int(~0ull)), "xma.h: high half of -3 * 5 + 1");
	r = run(IA64_ST_F, f2_enc(1, 0, 10, 8, 9, 11), IA64_OP_XMA);
	tap_ok(r == 0 && same(F(10), fp_int((uint64_t)-14)), "xma.l: -3 * 5 + 1");
	/* fsetc.s1 0x7f, 0x30 and fclrf.s2 */
	cpu.ar[40] = fp_fpsr_set_flags(FPSR_DEFAULT, 2, FP_I);
	r = run(IA64_ST_F, x6_enc(0, 0x04, 1, 0, 0x7f, 0x30), IA64_OP_FSETC);
	tap_ok(r == 0 && fp_sf_controls(cpu.ar[40], 1) == 0x3c, "fsetc.s1 0x7f, 0x30");
	r = run(IA64_ST_F, x6_enc(0, 0x04, 1, 0, 0x73, 0x04), IA64_OP_FSETC);
	tap_ok(r == 1 && ex.fault == CPU_FAULT_RESERVED_REG, "fsetc to pc = 01: reserved field");
	r = run(IA64_ST_F, x6_enc(0, 0x05, 2, 0, 0, 0), IA64_OP_FCLRF);
	tap_ok(r == 0 && fp_sf_flags(cpu.ar[40], 2) == 0, "fclrf.s2");
}

static void test_getf_setf(void)
{
	reset();
	gr_set(&cpu, 14, 0x400921fb54442d18ull, false); /* pi */
	int r = run(IA64_ST_M, setf_enc(3, 8, 14), IA64_OP_SETF);
	tap_ok(r == 0 && same(F(8), dbl(0x400921fb54442d18ull)), "setf.d f8 = r14");
	r = run(IA64_ST_M, getf_enc(2, 15, 8), IA64_OP_GETF);
	tap_ok(r == 0 && gr_get(&cpu, 15) == 0x40490fdau && !gr_nat(&cpu, 15),
	       "getf.s r15 = f8: the single image (bits, not rounded)");
	r = run(IA64_ST_M, getf_enc(1, 15, 8), IA64_OP_GETF);
	tap_ok(r == 0 && gr_get(&cpu, 15) == 0x10000, "getf.exp: sign and exponent");
	r = run(IA64_ST_M, getf_enc(0, 35, 8), IA64_OP_GETF); /* stacked r35 */
	tap_ok(r == 0 && gr_get(&cpu, 35) == 0xc90fdaa22168c000ull, "getf.sig r35 = f8");
	gr_set(&cpu, 14, 0x2abcd, false);
	r = run(IA64_ST_M, setf_enc(1, 9, 14), IA64_OP_SETF);
	tap_ok(r == 0 && same(F(9), fp_make(1, 0xabcd, FP_INT_BIT)), "setf.exp");
	gr_set(&cpu, 14, 0x3fc00000u, false);
	r = run(IA64_ST_M, setf_enc(2, 9, 14), IA64_OP_SETF);
	tap_ok(r == 0 && same(F(9), fp_from_single(0x3fc00000u)), "setf.s");
	gr_set(&cpu, 14, 123, true);
	r = run(IA64_ST_M, setf_enc(0, 9, 14), IA64_OP_SETF);
	tap_ok(r == 0 && fp_is_natval(F(9)), "setf.sig from a NaT register: NaTVal");
	r = run(IA64_ST_M, getf_enc(0, 15, 9), IA64_OP_GETF);
	tap_ok(r == 0 && gr_nat(&cpu, 15) && gr_get(&cpu, 15) == 0, "getf.sig of NaTVal: NaT");
	r = run(IA64_ST_M, setf_enc(0, 1, 14), IA64_OP_SETF);
	tap_ok(r == 1 && ex.fault == CPU_FAULT_ILLEGAL_OP, "setf f1: Illegal Operation");
}

/* M6 ldf f1 = [r3] (x6 = row << 2 | fsz), M9 stf [r3] = f2, M11 ldfp f1, f2 = [r3] */
static uint64_t ldf_enc(unsigned x6, unsigned f1)
{
	return bits(6, FLD(x6, 30) | FLD(2, 20) | FLD(f1, 6));
}

static uint64_t stf_enc(unsigned x6, unsigned f2)
{
	return bits(6, FLD(x6, 30) | FLD(2, 20) | FLD(f2, 13));
}

static uint64_t ldfp_enc(unsigned x6, unsigned f1, unsigned f2)
{
	return bits(6, FLD(x6, 30) | FLD(1, 27) | FLD(2, 20) | FLD(f2, 13) | FLD(f1, 6));
}

static void test_mem(void)
{
	reset();
	uint8_t b[32];
	memset(b, 0, sizeof(b));
	b[0] = 0x00, b[1] = 0x00, b[2] = 0xc0, b[3] = 0x3f; /* 1.5f */
	bool ok = decode(IA64_ST_M, ldf_enc(0x02, 8), IA64_OP_LDFS) &&
		  cpu_fp_mem(&cpu, &insn, b, false) == 0;
	tap_ok(ok && same(F(8), fp_from_single(0x3fc00000u)), "ldfs f8: 1.5");
	memcpy(b, "\x18\x2d\x44\x54\xfb\x21\x09\x40", 8);
	ok = decode(IA64_ST_M, ldf_enc(0x03, 9), IA64_OP_LDFD) &&
	     cpu_fp_mem(&cpu, &insn, b, false) == 0;
	tap_ok(ok && same(F(9), dbl(0x400921fb54442d18ull)), "ldfd f9: pi");
	ok = decode(IA64_ST_M, stf_enc(0x30, 9), IA64_OP_STFE) &&
	     cpu_fp_mem(&cpu, &insn, b, true) == 0;
	tap_ok(ok && b[9] == 0x40 && b[8] == 0x00 && b[7] == 0xc9, "stfe f9: 0x4000 c90f...");
	ok = decode(IA64_ST_M, ldf_enc(0x00, 10), IA64_OP_LDFE) &&
	     cpu_fp_mem(&cpu, &insn, b, false) == 0;
	tap_ok(ok && same(F(10), F(9)), "ldfe f10: round trip");
	setF(11, fp_natval());
	ok = decode(IA64_ST_M, stf_enc(0x33, 11), IA64_OP_STFD);
	tap_ok(ok && cpu_fp_mem(&cpu, &insn, b, true) == CPU_FAULT_NAT_CONSUMPTION,
	       "stfd of NaTVal: NaT consumption");
	ok = decode(IA64_ST_M, stf_enc(0x3b, 11), IA64_OP_STF_SPILL) &&
	     cpu_fp_mem(&cpu, &insn, b, true) == 0;
	ok = ok && decode(IA64_ST_M, ldf_enc(0x1b, 12), IA64_OP_LDF_FILL) &&
	     cpu_fp_mem(&cpu, &insn, b, false) == 0;
	tap_ok(ok && fp_is_natval(F(12)), "stf.spill/ldf.fill of NaTVal");
	memcpy(b, "\x00\x00\x80\x3f\x00\x00\x00\x40", 8); /* 1.0f, 2.0f */
	ok = decode(IA64_ST_M, ldfp_enc(0x02, 8, 9), IA64_OP_LDFPS) &&
	     cpu_fp_mem(&cpu, &insn, b, false) == 0;
	tap_ok(ok && same(F(8), fp_from_single(0x3f800000u)) &&
		   same(F(9), fp_from_single(0x40000000u)),
	       "ldfps f8, f9: the first single to f8");
	ok = decode(IA64_ST_M, ldfp_enc(0x02, 8, 10), IA64_OP_LDFPS);
	tap_ok(ok && cpu_fp_mem(&cpu, &insn, b, false) == CPU_FAULT_ILLEGAL_OP,
	       "ldfps f8, f10 (same bank): Illegal Operation");
	memcpy(b, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	ok = decode(IA64_ST_M, ldf_enc(0x01, 13), IA64_OP_LDF8) &&
	     cpu_fp_mem(&cpu, &insn, b, false) == 0;
	tap_ok(ok && same(F(13), fp_int(0x8877665544332211ull)), "ldf8 f13");
}

int main(void)
{
	ia64_init();
	test_fma();
	test_faults();
	test_compare();
	test_recip();
	test_misc();
	test_getf_setf();
	test_mem();
	return tap_done();
}
