// SPDX-License-Identifier: GPL-2.0
/*
 * F-unit opcode table (SDM vol 3, chapter 4.6, formats F1-F16).
 *
 * Majors with F-unit encodings: 0 (misc: frcpa, frsqrta, fmin..., fmerge...,
 * fcvt, fsetc, fclrf, fchkf, break/nop/hint), 1 (parallel misc), 4 (fcmp),
 * 5 (fclass), 8-0xD (fma family), 0xE (fselect, xma).  Majors 2, 3, 6, 7
 * and 0xF have none (objdump shows them as data8).
 *
 * sub1: the status field .s0-.s3 (0-3) for every op that names one
 *       (fma family, fcmp, frcpa/frsqrta, fmin..., fpcmp, fcvt.fx, fsetc,
 *       fclrf, fchkf); 0 for the others.
 * sub2: precision control for the fma family, otherwise the op's one
 *       remaining completer:
 *   FMA, FMS, FNMA        0 = none (dynamic: sf's pc field), 1 = .s (single),
 *                         2 = .d (double)
 *   FPMA, FPMS, FPNMA     3 = parallel (pair of singles, fixed by the op)
 *   FCMP                  relation 0 eq, 1 lt, 2 le, 3 unord; +4 for .unc
 *   FPCMP                 relation 0 eq, 1 lt, 2 le, 3 unord, 4 neq, 5 nlt,
 *                         6 nle, 7 ord
 *   FCLASS                1 for .unc (fclass.m always; .nm is a pseudo-op of
 *                         .m with p1, p2 swapped)
 *   XMA                   x2: 0 .l (= .lu), 2 .hu, 3 .h
 *   FMERGE, FPMERGE       0 .s, 1 .ns, 2 .se
 *   FMIX                  0 .lr, 1 .r, 2 .l
 *   FSXT                  0 .r, 1 .l
 *   FSWAP                 0 (none), 1 .nl, 2 .nr
 *   FCVT_FX, FPCVT_FX     bit 0: unsigned (.fxu), bit 1: .trunc
 *   others                0
 *
 * Pseudo-ops (IA64_F_PSEUDO) keep the op id of the instruction they stand
 * for; their operand list is what objdump prints, and the operands left out
 * are fixed by the encoding: fmpy/fpmpy/fnmpy/fpnmpy/xmpy f2 = f0;
 * fadd/fsub f4 = f1; fnorm f4 = f1 and f2 = f0; mov/fneg/fpneg f2 = f3;
 * fabs/fnegabs/fpabs/fpnegabs f2 = f0.  An interpreter can always read the
 * SDM fields of the format from insn->bits instead.
 *
 * Flags: IA64_F_FP on every instruction that reads or writes FP registers or
 * the FPSR (everything here but nop.f, hint.f and break.f, which do
 * neither).  fchkf is also CHECK and BRANCH: it branches to its recovery
 * target when a flag is set in the sf that is not set in s0 (SDM vol 3,
 * fchkf).  No F-unit instruction is privileged or PL-sensitive: the FPSR is
 * an unprivileged application register.
 */
#include <stdio.h>

#include "optab.h"

#define U IA64_UNIT_F
#define FP IA64_F_FP
#define PS IA64_F_PSEUDO

/* Field helpers (SDM vol 3, 4.6). */
#define SF(v) FV(34, v) /* status field, bits 34-35 */
#define SF_MASK FM(34, 2)
#define X6(v) FV(27, v) /* majors 0 and 1 */
#define X6_MASK FM(27, 6)
#define XB(v) FV(33, v) /* x: majors 0 and 1 */
#define XB_MASK FV(33, 1)
#define B36(v) FV(36, v) /* x (F1-F3), q (F6/F7), rb (F4) */
#define B36_MASK FV(36, 1)
#define F2_MASK FM(13, 7)
#define F3_MASK FM(20, 7)
#define F4_MASK FM(27, 7)


#define OPNDS(...) ((const uint8_t[]){__VA_ARGS__, 0})
#define O(x) IA64_OPND_##x

static struct ia64_opcode *add(unsigned fmt, uint64_t match, uint64_t mask, const char *name,
			       unsigned op, uint32_t flags, unsigned nout, const uint8_t *opnds,
			       unsigned sub1, unsigned sub2)
{
	struct ia64_opcode *e = ia64_optab_add(U, fmt, match, mask, name, op, flags, nout, opnds);
	e->sub1 = (uint8_t)sub1;
	e->sub2 = (uint8_t)sub2;
	return e;
}

/* One entry per status field, named NAME.s0 ... NAME.s3. */
static void add_sf(unsigned fmt, uint64_t match, uint64_t mask, const char *name, unsigned op,
		   uint32_t flags, unsigned nout, const uint8_t *opnds, unsigned sub2)
{
	char buf[40];
	for (unsigned sf = 0; sf < 4; sf++) {
		snprintf(buf, sizeof(buf), "%s.s%u", name, sf);
		add(fmt, match | SF(sf), mask | SF_MASK, buf, op, flags, nout, opnds, sf, sub2);
	}
}

/*
 * F1: majors 8-0xD, x (bit 36) picks the second variant of each major.
 * Pseudo-ops, as objdump prefers them: f2 = f0 gives the multiply form,
 * f4 = f1 the add/subtract form, both (fma only) fnorm.  fms with f2 = f0
 * stays fms, fnma with f4 = f1 stays fnma: those have no pseudo-op.
 */
static void init_f1(void)
{
	static const struct {
		uint8_t maj, x, op, pc;
		const char *name, *mpy, *addsub, *norm;
	} t[] = {
		{8, 0, IA64_OP_FMA, IA64_PC_NONE, "fma", "fmpy", "fadd", "fnorm"},
		{8, 1, IA64_OP_FMA, IA64_PC_S, "fma.s", "fmpy.s", "fadd.s", "fnorm.s"},
		{9, 0, IA64_OP_FMA, IA64_PC_D, "fma.d", "fmpy.d", "fadd.d", "fnorm.d"},
		{9, 1, IA64_OP_FPMA, IA64_PC_PAR, "fpma", "fpmpy", NULL, NULL},
		{0xa, 0, IA64_OP_FMS, IA64_PC_NONE, "fms", NULL, "fsub", NULL},
		{0xa, 1, IA64_OP_FMS, IA64_PC_S, "fms.s", NULL, "fsub.s", NULL},
		{0xb, 0, IA64_OP_FMS, IA64_PC_D, "fms.d", NULL, "fsub.d", NULL},
		{0xb, 1, IA64_OP_FPMS, IA64_PC_PAR, "fpms", NULL, NULL, NULL},
		{0xc, 0, IA64_OP_FNMA, IA64_PC_NONE, "fnma", "fnmpy", NULL, NULL},
		{0xc, 1, IA64_OP_FNMA, IA64_PC_S, "fnma.s", "fnmpy.s", NULL, NULL},
		{0xd, 0, IA64_OP_FNMA, IA64_PC_D, "fnma.d", "fnmpy.d", NULL, NULL},
		{0xd, 1, IA64_OP_FPNMA, IA64_PC_PAR, "fpnma", "fpnmpy", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t m = MAJ(t[i].maj) | B36(t[i].x), k = B36_MASK;
		add_sf(1, m, k, t[i].name, t[i].op, FP, 1, OPNDS(O(F1), O(F3), O(F4), O(F2)),
		       t[i].pc);
		if (t[i].mpy)
			add_sf(1, m, k | F2_MASK, t[i].mpy, t[i].op, FP | PS, 1,
			       OPNDS(O(F1), O(F3), O(F4)), t[i].pc);
		if (t[i].addsub)
			add_sf(1, m | FV(27, 1), k | F4_MASK, t[i].addsub, t[i].op, FP | PS, 1,
			       OPNDS(O(F1), O(F3), O(F2)), t[i].pc);
		if (t[i].norm)
			add_sf(1, m | FV(27, 1), k | F4_MASK | F2_MASK, t[i].norm, t[i].op,
			       FP | PS, 1, OPNDS(O(F1), O(F3)), t[i].pc);
	}
}

/* F2 xma (x = 1, x2 in bits 34-35; x2 = 1 is reserved) and F3 fselect
 * (x = 0, bits 34-35 ignored), major 0xE. */
static void init_f2_f3(void)
{
	static const struct {
		uint8_t x2;
		const char *name, *mpy;
	} t[] = {{0, "xma.l", "xmpy.l"}, {2, "xma.hu", "xmpy.hu"}, {3, "xma.h", "xmpy.h"}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t m = MAJ(0xe) | B36(1) | FV(34, t[i].x2), k = B36_MASK | FM(34, 2);
		add(2, m, k, t[i].name, IA64_OP_XMA, FP, 1, OPNDS(O(F1), O(F3), O(F4), O(F2)), 0,
		    t[i].x2);
		add(2, m, k | F2_MASK, t[i].mpy, IA64_OP_XMA, FP | PS, 1,
		    OPNDS(O(F1), O(F3), O(F4)), 0, t[i].x2);
	}
	add(3, MAJ(0xe), B36_MASK, "fselect", IA64_OP_FSELECT, FP, 1,
	    OPNDS(O(F1), O(F3), O(F4), O(F2)), 0, 0);
}

/* F4 fcmp (major 4: rb bit 36, ra bit 33, ta bit 12) and F5 fclass (major 5:
 * ta bit 12; bits 35-36 ignored). */
static void init_f4_f5(void)
{
	static const char *const rel[4] = {"eq", "lt", "le", "unord"};
	char buf[32];
	for (unsigned r = 0; r < 4; r++) {
		for (unsigned ta = 0; ta < 2; ta++) {
			unsigned ra = r >> 1, rb = r & 1;
			snprintf(buf, sizeof(buf), "fcmp.%s%s", rel[r], ta ? ".unc" : "");
			add_sf(4, MAJ(4) | B36(rb) | XB(ra) | FV(12, ta),
			       B36_MASK | XB_MASK | FV(12, 1), buf, IA64_OP_FCMP, FP, 2,
			       OPNDS(O(P1), O(P2), O(F2), O(F3)), r | ta << 2);
		}
	}
	for (unsigned ta = 0; ta < 2; ta++)
		add(5, MAJ(5) | FV(12, ta), FV(12, 1), ta ? "fclass.m.unc" : "fclass.m",
		    IA64_OP_FCLASS, FP, 2, OPNDS(O(P1), O(P2), O(F2), O(FCLASS9)), 0, ta);
}

/* Majors 0 and 1 with x = 1: F6 frcpa/fprcpa (q = 0) and F7 frsqrta/fprsqrta
 * (q = 1, f2 ignored); bits 27-32 are p2. */
static void init_f6_f7(void)
{
	for (unsigned maj = 0; maj < 2; maj++) {
		add_sf(6, MAJ(maj) | XB(1) | B36(0), XB_MASK | B36_MASK, maj ? "fprcpa" : "frcpa",
		       maj ? IA64_OP_FPRCPA : IA64_OP_FRCPA, FP, 2,
		       OPNDS(O(F1), O(P2), O(F2), O(F3)), 0);
		add_sf(7, MAJ(maj) | XB(1) | B36(1), XB_MASK | B36_MASK,
		       maj ? "fprsqrta" : "frsqrta", maj ? IA64_OP_FPRSQRTA : IA64_OP_FRSQRTA, FP,
		       2, OPNDS(O(F1), O(P2), O(F3)), 0);
	}
}

/* The x = 0 part of majors 0 and 1, selected by x6 (bits 27-32).  Forms
 * with a status field test bits 34-35 through it; the others ignore bits
 * 34-36. */
static void init_misc(void)
{
	const uint64_t k = XB_MASK | X6_MASK;
	static const uint8_t rr[] = {O(F1), O(F2), O(F3), 0};
	static const uint8_t r1[] = {O(F1), O(F2), 0};

	/* F8: min/max and (major 1 only) fpcmp. */
	static const struct {
		uint8_t x6, op0, op1;
		const char *n0, *n1;
	} f8[] = {
		{0x14, IA64_OP_FMIN, IA64_OP_FPMIN, "fmin", "fpmin"},
		{0x15, IA64_OP_FMAX, IA64_OP_FPMAX, "fmax", "fpmax"},
		{0x16, IA64_OP_FAMIN, IA64_OP_FPAMIN, "famin", "fpamin"},
		{0x17, IA64_OP_FAMAX, IA64_OP_FPAMAX, "famax", "fpamax"},
	};
	for (size_t i = 0; i < sizeof(f8) / sizeof(f8[0]); i++) {
		add_sf(8, MAJ(0) | X6(f8[i].x6), k, f8[i].n0, f8[i].op0, FP, 1, rr, 0);
		add_sf(8, MAJ(1) | X6(f8[i].x6), k, f8[i].n1, f8[i].op1, FP, 1, rr, 0);
	}
	static const char *const fprel[8] = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};
	char buf[32];
	for (unsigned r = 0; r < 8; r++) {
		snprintf(buf, sizeof(buf), "fpcmp.%s", fprel[r]);
		add_sf(8, MAJ(1) | X6(0x30 + r), k, buf, IA64_OP_FPCMP, FP, 1, rr, r);
	}

	/* F9 (major 0). */
	static const struct {
		uint8_t x6, op, sub2;
		const char *name;
	} f9[] = {
		{0x10, IA64_OP_FMERGE, 0, "fmerge.s"}, {0x11, IA64_OP_FMERGE, 1, "fmerge.ns"},
		{0x12, IA64_OP_FMERGE, 2, "fmerge.se"}, {0x39, IA64_OP_FMIX, 0, "fmix.lr"},
		{0x3a, IA64_OP_FMIX, 1, "fmix.r"},      {0x3b, IA64_OP_FMIX, 2, "fmix.l"},
		{0x3c, IA64_OP_FSXT, 0, "fsxt.r"},      {0x3d, IA64_OP_FSXT, 1, "fsxt.l"},
		{0x28, IA64_OP_FPACK, 0, "fpack"},      {0x34, IA64_OP_FSWAP, 0, "fswap"},
		{0x35, IA64_OP_FSWAP, 1, "fswap.nl"},   {0x36, IA64_OP_FSWAP, 2, "fswap.nr"},
		{0x2c, IA64_OP_FAND, 0, "fand"},        {0x2d, IA64_OP_FANDCM, 0, "fandcm"},
		{0x2e, IA64_OP_FOR, 0, "for"},          {0x2f, IA64_OP_FXOR, 0, "fxor"},
	};
	for (size_t i = 0; i < sizeof(f9) / sizeof(f9[0]); i++)
		add(9, MAJ(0) | X6(f9[i].x6), k, f9[i].name, f9[i].op, FP, 1, rr, 0, f9[i].sub2);
	for (unsigned v = 0; v < 3; v++) {
		static const char *const n[3] = {"fpmerge.s", "fpmerge.ns", "fpmerge.se"};
		add(9, MAJ(1) | X6(0x10 + v), k, n[v], IA64_OP_FPMERGE, FP, 1, rr, 0, v);
	}

	/* F9 pseudo-ops: f2 = f0 (fabs...), f2 = f3 (mov, fneg, fpneg: a field
	 * relation).  f2 = f3 = f0 is the f2 = f3 form: the relation counts as
	 * both fields' 14 bits, more than fabs's mask. */
	static const uint8_t r13[] = {O(F1), O(F3), 0};
	add(9, MAJ(0) | X6(0x10), k | F2_MASK, "fabs", IA64_OP_FMERGE, FP | PS, 1, r13, 0, 0);
	add(9, MAJ(0) | X6(0x11), k | F2_MASK, "fnegabs", IA64_OP_FMERGE, FP | PS, 1, r13, 0, 1);
	add(9, MAJ(1) | X6(0x10), k | F2_MASK, "fpabs", IA64_OP_FPMERGE, FP | PS, 1, r13, 0, 0);
	add(9, MAJ(1) | X6(0x11), k | F2_MASK, "fpnegabs", IA64_OP_FPMERGE, FP | PS, 1, r13, 0,
	    1);
	ia64_optab_relate(add(9, MAJ(0) | X6(0x10), k, "mov", IA64_OP_FMERGE, FP | PS, 1, r13, 0, 0),
			  IA64_FREL_EQ, 13, 20, 7);
	ia64_optab_relate(add(9, MAJ(0) | X6(0x11), k, "fneg", IA64_OP_FMERGE, FP | PS, 1, r13, 0, 1),
			  IA64_FREL_EQ, 13, 20, 7);
	ia64_optab_relate(add(9, MAJ(1) | X6(0x11), k, "fpneg", IA64_OP_FPMERGE, FP | PS, 1, r13, 0,
			      1),
			  IA64_FREL_EQ, 13, 20, 7);

	/* F10 fcvt.fx/fpcvt.fx (f3 ignored), F11 fcvt.xf (f3 and bits 34-36
	 * ignored). */
	static const char *const cvt[4] = {"fx", "fxu", "fx.trunc", "fxu.trunc"};
	for (unsigned v = 0; v < 4; v++) {
		snprintf(buf, sizeof(buf), "fcvt.%s", cvt[v]);
		add_sf(10, MAJ(0) | X6(0x18 + v), k, buf, IA64_OP_FCVT_FX, FP, 1, r1, v);
		snprintf(buf, sizeof(buf), "fpcvt.%s", cvt[v]);
		add_sf(10, MAJ(1) | X6(0x18 + v), k, buf, IA64_OP_FPCVT_FX, FP, 1, r1, v);
	}
	add(11, MAJ(0) | X6(0x1c), k, "fcvt.xf", IA64_OP_FCVT_XF, FP, 1, r1, 0, 0);

	/* F12 fsetc (bits 6-12 ignored), F13 fclrf, F14 fchkf: bit 36 is ignored by
	 * the first two and is the sign of fchkf's target. */
	add_sf(12, MAJ(0) | X6(0x04), k, "fsetc", IA64_OP_FSETC, FP, 0,
	       OPNDS(O(AMASK7), O(OMASK7)), 0);
	add_sf(13, MAJ(0) | X6(0x05), k, "fclrf", IA64_OP_FCLRF, FP, 0, (const uint8_t[]){0}, 0);
	add_sf(14, MAJ(0) | X6(0x08), k, "fchkf", IA64_OP_FCHKF,
	       FP | IA64_F_CHECK | IA64_F_BRANCH, 0, OPNDS(O(TGT25A)), 0);

	/* F15 break.f (bit 26 and bits 34-35 ignored), F16 nop.f/hint.f (y = bit
	 * 26).  objdump shows hint.f's immediate in hex. */
	static const uint8_t imm[] = {O(IMM21), 0};
	add(15, MAJ(0) | X6(0x00), k, "break.f", IA64_OP_BREAK, 0, 0, imm, 0, 0);
	add(16, MAJ(0) | X6(0x01), k | FV(26, 1), "nop.f", IA64_OP_NOP, 0, 0, imm, 0, 0);
	add(16, MAJ(0) | X6(0x01) | FV(26, 1), k | FV(26, 1), "hint.f", IA64_OP_HINT, 0, 0, imm,
	    0, 0);
}

void ia64_optab_init_f(void)
{
	init_f1();
	init_f2_f3();
	init_f4_f5();
	init_f6_f7();
	init_misc();
}
