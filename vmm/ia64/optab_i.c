// SPDX-License-Identifier: GPL-2.0
/*
 * I-unit opcode table (SDM vol 3, chapter 4: formats I1-I30).
 *   major 0: misc (break/nop/hint, chk.s.i, moves to/from br, pr, ip, ar,
 *            zxt/sxt/czx)
 *   major 4: dep (I15)
 *   major 5: shift/test bit (shrp, extr, dep.z, dep imm, tbit, tnat, tf)
 *   major 7: multimedia multiply/shift (I1-I9)
 *
 * sub1/sub2 per op:
 *   PMPYSHR     sub1 = 2 (element bytes), sub2 = 1 for .u.
 *   PMPY        sub1 = 2 (element bytes), sub2 = 0 .r, 1 .l.
 *   MIX         sub1 = element bytes, sub2 = 0 .r, 1 .l.
 *   PACK        sub1 = source element bytes, sub2 = 0 .uss, 1 .sss.
 *   UNPACK      sub1 = element bytes, sub2 = 0 .h, 1 .l.
 *   PMIN, PMAX  sub1 = element bytes, sub2 = 1 for .u.
 *   PSAD        sub1 = 1.
 *   MUX         sub1 = element bytes (mux1, mux2).
 *   PSHR, PSHL  sub1 = element bytes, sub2 = 1 for .u.
 *   SHR, SHL    sub1 = 8 (element bytes), sub2 = 1 for .u.
 *   EXTR        sub2 = 1 for .u.
 *   DEP         sub1 = 1 for dep.z.
 *   TBIT, TNAT,
 *   TF          sub1 = 0 for .z, 1 for .nz; sub2 = type: 0 none, 1 .unc,
 *               2 .and, 3 .or, 4 .or.andcm (as the A unit's compares).
 *   MOV_TO_BR   sub1 = whether hint: 0 .sptk, 1 none, 2 .dptk;
 *               sub2 = bit 0 .ret, bit 1 .imp.
 *   ZXT, SXT    sub1 = source bytes.
 *   CZX         sub1 = element bytes, sub2 = 0 .l, 1 .r.
 *   HINT        sub1 = 0 (the hint number is the immediate operand).
 * Pseudo-ops (IA64_F_PSEUDO) keep the op of the instruction they encode:
 * "shr/shr.u r1=r3,n" is EXTR with len 64 - n, "shl r1=r2,n" is DEP (dep.z)
 * with len 64 - n, and "mov b1=r2" is MOV_TO_BR whose tag is not shown; the
 * operands they omit follow from the raw bits (ia64_opnd_value on LEN6,
 * TAG13).
 */
#include <stdio.h>

#include "optab.h"

#define I IA64_UNIT_I

static struct ia64_opcode *sub12(struct ia64_opcode *e, unsigned s1, unsigned s2)
{
	e->sub1 = (uint8_t)s1;
	e->sub2 = (uint8_t)s2;
	return e;
}

/* Major 0: x3 bits 33..35, x6 bits 27..32 (x3 = 0). */
#define X3(v) FV(33, v)
#define X6(v) FV(27, v)
#define M_X3 FM(33, 3)
#define M_X6 FM(27, 6)

static void init_misc(void)
{
	const uint64_t m6 = M_X3 | M_X6;
	const uint64_t b = MAJ(0) | X3(0);

	/* I19: break.i, nop.i; hint.i is nop.i with y (bit 26) set (I18). */
	IA64_ADD(I, 19, b | X6(0), m6, "break.i", IA64_OP_BREAK, 0, 0, IA64_OPND_IMM21);
	IA64_ADD(I, 18, b | X6(1), m6 | FM(26, 1), "nop.i", IA64_OP_NOP, 0, 0, IA64_OPND_IMM21);
	IA64_ADD(I, 18, b | X6(1) | FV(26, 1), m6 | FM(26, 1), "hint.i", IA64_OP_HINT, 0, 0,
		 IA64_OPND_IMM21);

	/* I20: chk.s.i r2,target25. */
	IA64_ADD(I, 20, MAJ(0) | X3(1), M_X3, "chk.s.i", IA64_OP_CHK_S,
		 IA64_F_CHECK | IA64_F_BRANCH, 0, IA64_OPND_R2, IA64_OPND_TGT25B);

	/* I21: mov{.ret}{.sptk|.dptk}{.imp} b1=r2,tag13: ih bit 23, x bit 22,
	 * wh bits 20..21 (3 is reserved).  The plain form shows no tag. */
	static const char *const whname[3] = {".sptk", "", ".dptk"};
	char name[32];
	for (unsigned ih = 0; ih < 2; ih++) {
		for (unsigned x = 0; x < 2; x++) {
			for (unsigned wh = 0; wh < 3; wh++) {
				uint64_t m = MAJ(0) | X3(7) | FV(23, ih) | FV(22, x) | FV(20, wh);
				uint64_t mk = M_X3 | FM(20, 4);
				snprintf(name, sizeof(name), "mov%s%s%s", x ? ".ret" : "",
					 whname[wh], ih ? ".imp" : "");
				struct ia64_opcode *e;
				if (!ih && !x && wh == 1)
					e = IA64_ADD(I, 21, m, mk, name, IA64_OP_MOV_TO_BR,
						     IA64_F_PSEUDO, 1, IA64_OPND_B1, IA64_OPND_R2);
				else
					e = IA64_ADD(I, 21, m, mk, name, IA64_OP_MOV_TO_BR, 0, 1,
						     IA64_OPND_B1, IA64_OPND_R2, IA64_OPND_TAG13);
				sub12(e, wh, x | ih << 1);
			}
		}
	}

	/* I22: mov r1=b2. */
	IA64_ADD(I, 22, b | X6(0x31), m6, "mov", IA64_OP_MOV_FROM_BR, 0, 1, IA64_OPND_R1,
		 IA64_OPND_B2);
	/* I23: mov pr=r2,mask17. */
	IA64_ADD(I, 23, MAJ(0) | X3(3), M_X3, "mov", IA64_OP_MOV_TO_PR, 0, 1, IA64_OPND_PR,
		 IA64_OPND_R2, IA64_OPND_MASK17);
	/* I24: mov pr.rot=imm44. */
	IA64_ADD(I, 24, MAJ(0) | X3(2), M_X3, "mov", IA64_OP_MOV_TO_PR_ROT, 0, 1, IA64_OPND_PR_ROT,
		 IA64_OPND_IMM44);
	/* I25: mov r1=ip, mov r1=pr. */
	IA64_ADD(I, 25, b | X6(0x30), m6, "mov", IA64_OP_MOV_FROM_IP, 0, 1, IA64_OPND_R1,
		 IA64_OPND_IP);
	IA64_ADD(I, 25, b | X6(0x33), m6, "mov", IA64_OP_MOV_FROM_PR, 0, 1, IA64_OPND_R1,
		 IA64_OPND_PR);
	/* I26-I28: moves to and from application registers through the I unit
	 * (privilege by register number is decided in classify.c). */
	IA64_ADD(I, 26, b | X6(0x2a), m6, "mov.i", IA64_OP_MOV_TO_AR, 0, 1, IA64_OPND_AR3,
		 IA64_OPND_R2);
	IA64_ADD(I, 27, b | X6(0x0a), m6, "mov.i", IA64_OP_MOV_TO_AR, 0, 1, IA64_OPND_AR3,
		 IA64_OPND_IMM8_AR);
	IA64_ADD(I, 28, b | X6(0x32), m6, "mov.i", IA64_OP_MOV_FROM_AR, 0, 1, IA64_OPND_R1,
		 IA64_OPND_AR3);

	/* I29: zero/sign extend, compute zero index. */
	static const struct {
		uint8_t x6, op, s1, s2;
		const char *name;
	} i29[] = {
	    {0x10, IA64_OP_ZXT, 1, 0, "zxt1"},	 {0x11, IA64_OP_ZXT, 2, 0, "zxt2"},
	    {0x12, IA64_OP_ZXT, 4, 0, "zxt4"},	 {0x14, IA64_OP_SXT, 1, 0, "sxt1"},
	    {0x15, IA64_OP_SXT, 2, 0, "sxt2"},	 {0x16, IA64_OP_SXT, 4, 0, "sxt4"},
	    {0x18, IA64_OP_CZX, 1, 0, "czx1.l"}, {0x19, IA64_OP_CZX, 2, 0, "czx2.l"},
	    {0x1c, IA64_OP_CZX, 1, 1, "czx1.r"}, {0x1d, IA64_OP_CZX, 2, 1, "czx2.r"},
	};
	for (unsigned i = 0; i < sizeof(i29) / sizeof(i29[0]); i++)
		sub12(IA64_ADD(I, 29, b | X6(i29[i].x6), m6, i29[i].name, i29[i].op, 0, 1,
			       IA64_OPND_R1, IA64_OPND_R3),
		      i29[i].s1, i29[i].s2);
}

/* Major 4: I15 dep r1=r2,r3,pos6,len4 (every bit is an operand). */
static void init_dep(void)
{
	IA64_ADD(I, 15, MAJ(4), 0, "dep", IA64_OP_DEP, 0, 1, IA64_OPND_R1, IA64_OPND_R2,
		 IA64_OPND_R3, IA64_OPND_CPOS6D, IA64_OPND_LEN4);
}

/* Major 5: x2 bits 34..35, x bit 33 (I10-I14); tb bit 36, ta bit 33,
 * c bit 12, y bit 13 (I16, I17, I30). */
static void init_shift(void)
{
	const uint64_t mx = FM(34, 2) | FM(33, 1);
	char name[32];

	/* I10: shrp r1=r2,r3,count6. */
	IA64_ADD(I, 10, MAJ(5) | FV(34, 3) | FV(33, 0), mx, "shrp", IA64_OP_SHRP, 0, 1,
		 IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_R3, IA64_OPND_CNT6);

	/* I11: extr{.u} r1=r3,pos6,len6 (y bit 13 = 1: signed); shr{.u} when
	 * pos + len = 64 (a field relation, not 64 entries). */
	for (unsigned y = 0; y < 2; y++) {
		uint64_t m = MAJ(5) | FV(34, 1) | FV(33, 0) | FV(13, y);
		sub12(IA64_ADD(I, 11, m, mx | FM(13, 1), y ? "extr" : "extr.u", IA64_OP_EXTR, 0, 1,
			       IA64_OPND_R1, IA64_OPND_R3, IA64_OPND_POS6, IA64_OPND_LEN6),
		      0, !y);
		/* pos6 (bits 14..19) + len6 - 1 (bits 27..32) = 63 */
		ia64_optab_relate(sub12(IA64_ADD(I, 11, m, mx | FM(13, 1), y ? "shr" : "shr.u",
						 IA64_OP_EXTR, IA64_F_PSEUDO, 1, IA64_OPND_R1,
						 IA64_OPND_R3, IA64_OPND_POS6),
					0, !y),
				  IA64_FREL_SUM_ONES, 14, 27, 6);
	}

	/* I12: dep.z r1=r2,pos6,len6 (y bit 26 = 0); shl when pos + len = 64,
	 * i.e. the len6 field equals the cpos6c field. */
	const uint64_t b12 = MAJ(5) | FV(34, 1) | FV(33, 1);
	sub12(IA64_ADD(I, 12, b12, mx | FM(26, 1), "dep.z", IA64_OP_DEP, 0, 1, IA64_OPND_R1,
		       IA64_OPND_R2, IA64_OPND_CPOS6C, IA64_OPND_LEN6),
	      1, 0);
	ia64_optab_relate(sub12(IA64_ADD(I, 12, b12, mx | FM(26, 1), "shl", IA64_OP_DEP, IA64_F_PSEUDO,
					 1, IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_CPOS6C),
				1, 0),
			  IA64_FREL_EQ, 20, 27, 6);
	/* I13: dep.z r1=imm8,pos6,len6 (y = 1). */
	sub12(IA64_ADD(I, 13, b12 | FV(26, 1), mx | FM(26, 1), "dep.z", IA64_OP_DEP, 0, 1,
		       IA64_OPND_R1, IA64_OPND_IMM8_I13, IA64_OPND_CPOS6C, IA64_OPND_LEN6),
	      1, 0);
	/* I14: dep r1=imm1,r3,pos6,len6. */
	IA64_ADD(I, 14, MAJ(5) | FV(34, 3) | FV(33, 1), mx, "dep", IA64_OP_DEP, 0, 1, IA64_OPND_R1,
		 IA64_OPND_IMM1, IA64_OPND_R3, IA64_OPND_CPOS6B, IA64_OPND_LEN6);

	/* I16 tbit, I17 tnat (y = 1, bit 19 = 0), I30 tf (y = 1, bit 19 = 1):
	 * x2 = 0; tb, ta, c give the completers. */
	static const struct {
		uint8_t nz, ct;
		const char *s;
	} tc[8] = {
	    /* index tb * 4 + ta * 2 + c */
	    {0, 0, ".z"},     {0, 1, ".z.unc"},	 {0, 3, ".z.or"},	{1, 3, ".nz.or"},
	    {0, 2, ".z.and"}, {1, 2, ".nz.and"}, {0, 4, ".z.or.andcm"}, {1, 4, ".nz.or.andcm"},
	};
	const uint64_t mt = FM(36, 1) | FM(34, 2) | FM(33, 1) | FM(12, 1) | FM(13, 1);
	for (unsigned i = 0; i < 8; i++) {
		uint64_t m =
		    MAJ(5) | FV(36, i >> 2) | FV(34, 0) | FV(33, (i >> 1) & 1) | FV(12, i & 1);
		snprintf(name, sizeof(name), "tbit%s", tc[i].s);
		sub12(IA64_ADD(I, 16, m, mt, name, IA64_OP_TBIT, 0, 2, IA64_OPND_P1, IA64_OPND_P2,
			       IA64_OPND_R3, IA64_OPND_POS6),
		      tc[i].nz, tc[i].ct);
		snprintf(name, sizeof(name), "tnat%s", tc[i].s);
		sub12(IA64_ADD(I, 17, m | FV(13, 1), mt | FM(19, 1), name, IA64_OP_TNAT, 0, 2,
			       IA64_OPND_P1, IA64_OPND_P2, IA64_OPND_R3),
		      tc[i].nz, tc[i].ct);
		snprintf(name, sizeof(name), "tf%s", tc[i].s);
		sub12(IA64_ADD(I, 30, m | FV(13, 1) | FV(19, 1), mt | FM(19, 1), name, IA64_OP_TF,
			       0, 2, IA64_OPND_P1, IA64_OPND_P2, IA64_OPND_IMM5_TF),
		      tc[i].nz, tc[i].ct);
	}
}

/* Major 7: za bit 36, x2a bits 34..35, zb bit 33, ve bit 32, x2c bits
 * 30..31, x2b bits 28..29. */
static void init_mm(void)
{
	enum { R_R2R3, R_R3R2, R_R3CNT5, R_R2CCNT5, R_R3, R_CT2D, R_MBT, R_MHT };
	static const struct {
		uint8_t za, x2a, zb, x2c, x2b, fmt, kind, op, s1, s2;
		const char *name;
	} t[] = {
	    /* I1: x2c is the count (ct2d), not an opcode field. */
	    {0, 0, 1, 0xff, 1, 1, R_CT2D, IA64_OP_PMPYSHR, 2, 1, "pmpyshr2.u"},
	    {0, 0, 1, 0xff, 3, 1, R_CT2D, IA64_OP_PMPYSHR, 2, 0, "pmpyshr2"},
	    /* I2 */
	    {0, 2, 0, 0, 1, 2, R_R2R3, IA64_OP_PMIN, 1, 1, "pmin1.u"},
	    {0, 2, 0, 1, 0, 2, R_R2R3, IA64_OP_UNPACK, 1, 0, "unpack1.h"},
	    {0, 2, 0, 1, 1, 2, R_R2R3, IA64_OP_PMAX, 1, 1, "pmax1.u"},
	    {0, 2, 0, 1, 2, 2, R_R2R3, IA64_OP_UNPACK, 1, 1, "unpack1.l"},
	    {0, 2, 0, 2, 0, 2, R_R2R3, IA64_OP_MIX, 1, 0, "mix1.r"},
	    {0, 2, 0, 2, 2, 2, R_R2R3, IA64_OP_MIX, 1, 1, "mix1.l"},
	    {0, 2, 0, 2, 3, 2, R_R2R3, IA64_OP_PSAD, 1, 0, "psad1"},
	    {0, 2, 1, 0, 0, 2, R_R2R3, IA64_OP_PACK, 2, 0, "pack2.uss"},
	    {0, 2, 1, 0, 2, 2, R_R2R3, IA64_OP_PACK, 2, 1, "pack2.sss"},
	    {0, 2, 1, 0, 3, 2, R_R2R3, IA64_OP_PMIN, 2, 0, "pmin2"},
	    {0, 2, 1, 1, 0, 2, R_R2R3, IA64_OP_UNPACK, 2, 0, "unpack2.h"},
	    {0, 2, 1, 1, 2, 2, R_R2R3, IA64_OP_UNPACK, 2, 1, "unpack2.l"},
	    {0, 2, 1, 1, 3, 2, R_R2R3, IA64_OP_PMAX, 2, 0, "pmax2"},
	    {0, 2, 1, 2, 0, 2, R_R2R3, IA64_OP_MIX, 2, 0, "mix2.r"},
	    {0, 2, 1, 2, 2, 2, R_R2R3, IA64_OP_MIX, 2, 1, "mix2.l"},
	    {0, 2, 1, 3, 1, 2, R_R2R3, IA64_OP_PMPY, 2, 0, "pmpy2.r"},
	    {0, 2, 1, 3, 3, 2, R_R2R3, IA64_OP_PMPY, 2, 1, "pmpy2.l"},
	    {1, 2, 0, 0, 2, 2, R_R2R3, IA64_OP_PACK, 4, 1, "pack4.sss"},
	    {1, 2, 0, 1, 0, 2, R_R2R3, IA64_OP_UNPACK, 4, 0, "unpack4.h"},
	    {1, 2, 0, 1, 2, 2, R_R2R3, IA64_OP_UNPACK, 4, 1, "unpack4.l"},
	    {1, 2, 0, 2, 0, 2, R_R2R3, IA64_OP_MIX, 4, 0, "mix4.r"},
	    {1, 2, 0, 2, 2, 2, R_R2R3, IA64_OP_MIX, 4, 1, "mix4.l"},
	    {1, 0, 0, 3, 1, 2, R_R2R3, IA64_OP_MPY4, 0, 0, "mpy4"},
	    {1, 0, 0, 3, 3, 2, R_R2R3, IA64_OP_MPYSHL4, 0, 0, "mpyshl4"},
	    /* I3, I4 */
	    {0, 3, 0, 2, 2, 3, R_MBT, IA64_OP_MUX, 1, 0, "mux1"},
	    {0, 3, 1, 2, 2, 4, R_MHT, IA64_OP_MUX, 2, 0, "mux2"},
	    /* I5: shift right by r2 */
	    {0, 0, 1, 0, 0, 5, R_R3R2, IA64_OP_PSHR, 2, 1, "pshr2.u"},
	    {0, 0, 1, 0, 2, 5, R_R3R2, IA64_OP_PSHR, 2, 0, "pshr2"},
	    {1, 0, 0, 0, 0, 5, R_R3R2, IA64_OP_PSHR, 4, 1, "pshr4.u"},
	    {1, 0, 0, 0, 2, 5, R_R3R2, IA64_OP_PSHR, 4, 0, "pshr4"},
	    {1, 0, 1, 0, 0, 5, R_R3R2, IA64_OP_SHR, 8, 1, "shr.u"},
	    {1, 0, 1, 0, 2, 5, R_R3R2, IA64_OP_SHR, 8, 0, "shr"},
	    /* I6: shift right by count5 */
	    {0, 1, 1, 0, 1, 6, R_R3CNT5, IA64_OP_PSHR, 2, 1, "pshr2.u"},
	    {0, 1, 1, 0, 3, 6, R_R3CNT5, IA64_OP_PSHR, 2, 0, "pshr2"},
	    {1, 1, 0, 0, 1, 6, R_R3CNT5, IA64_OP_PSHR, 4, 1, "pshr4.u"},
	    {1, 1, 0, 0, 3, 6, R_R3CNT5, IA64_OP_PSHR, 4, 0, "pshr4"},
	    /* I7: shift left by r3 */
	    {0, 0, 1, 1, 0, 7, R_R2R3, IA64_OP_PSHL, 2, 0, "pshl2"},
	    {1, 0, 0, 1, 0, 7, R_R2R3, IA64_OP_PSHL, 4, 0, "pshl4"},
	    {1, 0, 1, 1, 0, 7, R_R2R3, IA64_OP_SHL, 8, 0, "shl"},
	    /* I8: shift left by count5 */
	    {0, 3, 1, 1, 1, 8, R_R2CCNT5, IA64_OP_PSHL, 2, 0, "pshl2"},
	    {1, 3, 0, 1, 1, 8, R_R2CCNT5, IA64_OP_PSHL, 4, 0, "pshl4"},
	    /* I9 */
	    {0, 1, 1, 2, 1, 9, R_R3, IA64_OP_POPCNT, 0, 0, "popcnt"},
	    {0, 1, 1, 3, 1, 9, R_R3, IA64_OP_CLZ, 0, 0, "clz"},
	};
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t m = MAJ(7) | FV(36, t[i].za) | FV(34, t[i].x2a) | FV(33, t[i].zb) |
			     FV(28, t[i].x2b);
		uint64_t mk = FM(36, 1) | FM(34, 2) | FM(33, 1) | FM(32, 1) | FM(28, 2);
		if (t[i].x2c != 0xff) {
			m |= FV(30, t[i].x2c);
			mk |= FM(30, 2);
		}
		struct ia64_opcode *e;
		switch (t[i].kind) {
		case R_R2R3:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R2, IA64_OPND_R3);
			break;
		case R_R3R2:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R3, IA64_OPND_R2);
			break;
		case R_R3CNT5:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R3, IA64_OPND_CNT5);
			break;
		case R_R2CCNT5:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R2, IA64_OPND_CCNT5);
			break;
		case R_R3:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R3);
			break;
		case R_CT2D:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R2, IA64_OPND_R3, IA64_OPND_CNT2C);
			break;
		case R_MBT:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R2, IA64_OPND_MBTYPE4);
			break;
		default:
			e = IA64_ADD(I, t[i].fmt, m, mk, t[i].name, t[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R2, IA64_OPND_MHTYPE8);
			break;
		}
		sub12(e, t[i].s1, t[i].s2);
	}
}

void ia64_optab_init_i(void)
{
	init_misc();
	init_dep();
	init_shift();
	init_mm();
}
