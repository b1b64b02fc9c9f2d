// SPDX-License-Identifier: GPL-2.0
/*
 * A-unit opcode table (SDM vol 3, chapter 4: integer ALU, compare and
 * multimedia ALU, formats A1-A10).  A-unit instructions run in M and I slots.
 *
 * Field names (SDM): x2a bits 34..35, ve bit 33, x4 bits 29..32, x2b bits
 * 27..28; multimedia adds za bit 36 and zb bit 33 (element size); compares
 * use tb bit 36, x2 bits 34..35, ta bit 33 and c bit 12.  objdump ignores bit
 * 36 of A1/A2 and the r2 field of A7; the masks below follow it.
 *
 * sub1/sub2 per op:
 *   ADD, SUB    sub1 = 1 for the "r2,r3,1" forms (A1 x2b=1 add / x2b=0 sub).
 *   CMP, CMP4   sub1 = relation (IA64_REL_*), sub2 = type (IA64_CT_*);
 *               the relation is as printed: A7 "cmp.gt.and p1,p2=r0,r3"
 *               has sub1 = GT (compares 0 > r3).
 *   PADD, PSUB  sub1 = element bytes (1, 2, 4), sub2 = saturation
 *               (IA64_SAT_*: none, sss, uuu, uus; the x2b value).
 *   PAVG        sub1 = element bytes, sub2 = 1 for .raz.
 *   PAVGSUB     sub1 = element bytes.
 *   PCMP        sub1 = element bytes, sub2 = IA64_REL_EQ or IA64_REL_GT.
 *   PSHLADD,
 *   PSHRADD     sub1 = 2 (element bytes).
 * Pseudo-ops (IA64_F_PSEUDO) keep the op of the instruction they encode:
 * "mov r1=r3" is ADD (adds r1=0,r3), "mov r1=imm22" is ADD (addl r1=imm,r0);
 * the operands they omit are fixed by their mask.
 */
#include <stdio.h>

#include "optab.h"

/* Compare relations and types (sub1, sub2); also used by the I unit's
 * tbit/tnat/tf, whose sub1 is 0 for .z and 1 for .nz. */

#define A IA64_UNIT_A
#define X2A(v) FV(34, v)
#define VE(v) FV(33, v)
#define X4(v) FV(29, v)
#define X2B(v) FV(27, v)
#define M_X2A FM(34, 2)
#define M_VE FM(33, 1)
#define M_X4 FM(29, 4)
#define M_X2B FM(27, 2)

static struct ia64_opcode *sub12(struct ia64_opcode *e, unsigned s1, unsigned s2)
{
	e->sub1 = (uint8_t)s1;
	e->sub2 = (uint8_t)s2;
	return e;
}

/* Major 8, x2a = 0: A1 (register), A2 (shladd), A3 (imm8). */
static void init_alu(void)
{
	const uint64_t m1 = M_X2A | M_VE | M_X4 | M_X2B;
	const uint64_t b = MAJ(8) | X2A(0) | VE(0);
	static const struct {
		uint8_t x4, x2b, op, one;
		const char *name;
	} a1[] = {
	    {0, 0, IA64_OP_ADD, 0, "add"},     {0, 1, IA64_OP_ADD, 1, "add"},
	    {1, 0, IA64_OP_SUB, 1, "sub"},     {1, 1, IA64_OP_SUB, 0, "sub"},
	    {2, 0, IA64_OP_ADDP4, 0, "addp4"}, {3, 0, IA64_OP_AND, 0, "and"},
	    {3, 1, IA64_OP_ANDCM, 0, "andcm"}, {3, 2, IA64_OP_OR, 0, "or"},
	    {3, 3, IA64_OP_XOR, 0, "xor"},
	};
	for (unsigned i = 0; i < sizeof(a1) / sizeof(a1[0]); i++) {
		uint64_t m = b | X4(a1[i].x4) | X2B(a1[i].x2b);
		struct ia64_opcode *e;
		if (a1[i].one)
			e = IA64_ADD(A, 1, m, m1, a1[i].name, a1[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R2, IA64_OPND_R3, IA64_OPND_ONE);
		else
			e = IA64_ADD(A, 1, m, m1, a1[i].name, a1[i].op, 0, 1, IA64_OPND_R1,
				     IA64_OPND_R2, IA64_OPND_R3);
		e->sub1 = a1[i].one;
	}

	/* A2: shladd, shladdp4 r1=r2,count2,r3 (x2b holds count2 - 1). */
	IA64_ADD(A, 2, b | X4(4), M_X2A | M_VE | M_X4, "shladd", IA64_OP_SHLADD, 0, 1, IA64_OPND_R1,
		 IA64_OPND_R2, IA64_OPND_CNT2A, IA64_OPND_R3);
	IA64_ADD(A, 2, b | X4(6), M_X2A | M_VE | M_X4, "shladdp4", IA64_OP_SHLADDP4, 0, 1,
		 IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_CNT2A, IA64_OPND_R3);

	/* A3: sub/and/andcm/or/xor r1=imm8,r3. */
	static const struct {
		uint8_t x4, x2b, op;
		const char *name;
	} a3[] = {
	    {9, 1, IA64_OP_SUB, "sub"},	      {0xb, 0, IA64_OP_AND, "and"},
	    {0xb, 1, IA64_OP_ANDCM, "andcm"}, {0xb, 2, IA64_OP_OR, "or"},
	    {0xb, 3, IA64_OP_XOR, "xor"},
	};
	for (unsigned i = 0; i < sizeof(a3) / sizeof(a3[0]); i++)
		IA64_ADD(A, 3, b | X4(a3[i].x4) | X2B(a3[i].x2b), m1, a3[i].name, a3[i].op, 0, 1,
			 IA64_OPND_R1, IA64_OPND_IMM8, IA64_OPND_R3);

	/* A4: adds, addp4 r1=imm14,r3; "mov r1=r3" is adds r1=0,r3. */
	IA64_ADD(A, 4, MAJ(8) | X2A(2), M_X2A | M_VE, "adds", IA64_OP_ADD, 0, 1, IA64_OPND_R1,
		 IA64_OPND_IMM14, IA64_OPND_R3);
	IA64_ADD(A, 4, MAJ(8) | X2A(2), M_X2A | M_VE | FM(36, 1) | FM(27, 6) | FM(13, 7), "mov",
		 IA64_OP_ADD, IA64_F_PSEUDO, 1, IA64_OPND_R1, IA64_OPND_R3);
	IA64_ADD(A, 4, MAJ(8) | X2A(3), M_X2A | M_VE, "addp4", IA64_OP_ADDP4, 0, 1, IA64_OPND_R1,
		 IA64_OPND_IMM14, IA64_OPND_R3);

	/* A5 (major 9): addl r1=imm22,r3 with r3 in r0-r3; "mov r1=imm22" from r0. */
	IA64_ADD(A, 5, MAJ(9), 0, "addl", IA64_OP_ADD, 0, 1, IA64_OPND_R1, IA64_OPND_IMM22,
		 IA64_OPND_R3_2);
	IA64_ADD(A, 5, MAJ(9), FM(20, 2), "mov", IA64_OP_ADD, IA64_F_PSEUDO, 1, IA64_OPND_R1,
		 IA64_OPND_IMM22);
}

/* Major 8, x2a = 1: A9 multimedia ALU and A10 pshladd2/pshradd2. */
static void init_mmalu(void)
{
	static const char *const sat[4] = {"", ".sss", ".uuu", ".uus"};
	/* za, zb select 1-, 2- or 4-byte elements. */
	static const struct {
		uint8_t za, zb, size;
	} sz[3] = {{0, 0, 1}, {0, 1, 2}, {1, 0, 4}};
	const uint64_t m9 = FM(36, 1) | M_X2A | FM(33, 1) | M_X4 | M_X2B;
	char name[32];

	for (unsigned s = 0; s < 3; s++) {
		uint64_t b = MAJ(8) | FV(36, sz[s].za) | X2A(1) | FV(33, sz[s].zb);
		unsigned n = sz[s].size;
		/* padd4/psub4 exist only without saturation. */
		for (unsigned x2b = 0; x2b < (n == 4 ? 1u : 4u); x2b++) {
			snprintf(name, sizeof(name), "padd%u%s", n, sat[x2b]);
			sub12(IA64_ADD(A, 9, b | X4(0) | X2B(x2b), m9, name, IA64_OP_PADD, 0, 1,
				       IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_R3),
			      n, x2b);
			snprintf(name, sizeof(name), "psub%u%s", n, sat[x2b]);
			sub12(IA64_ADD(A, 9, b | X4(1) | X2B(x2b), m9, name, IA64_OP_PSUB, 0, 1,
				       IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_R3),
			      n, x2b);
		}
		if (n != 4) {
			snprintf(name, sizeof(name), "pavg%u", n);
			sub12(IA64_ADD(A, 9, b | X4(2) | X2B(2), m9, name, IA64_OP_PAVG, 0, 1,
				       IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_R3),
			      n, 0);
			snprintf(name, sizeof(name), "pavg%u.raz", n);
			sub12(IA64_ADD(A, 9, b | X4(2) | X2B(3), m9, name, IA64_OP_PAVG, 0, 1,
				       IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_R3),
			      n, 1);
			snprintf(name, sizeof(name), "pavgsub%u", n);
			sub12(IA64_ADD(A, 9, b | X4(3) | X2B(2), m9, name, IA64_OP_PAVGSUB, 0, 1,
				       IA64_OPND_R1, IA64_OPND_R2, IA64_OPND_R3),
			      n, 0);
		}
		snprintf(name, sizeof(name), "pcmp%u.eq", n);
		sub12(IA64_ADD(A, 9, b | X4(9) | X2B(0), m9, name, IA64_OP_PCMP, 0, 1, IA64_OPND_R1,
			       IA64_OPND_R2, IA64_OPND_R3),
		      n, IA64_REL_EQ);
		snprintf(name, sizeof(name), "pcmp%u.gt", n);
		sub12(IA64_ADD(A, 9, b | X4(9) | X2B(1), m9, name, IA64_OP_PCMP, 0, 1, IA64_OPND_R1,
			       IA64_OPND_R2, IA64_OPND_R3),
		      n, IA64_REL_GT);
	}

	/* A10: za = 0, zb = 1 (2-byte elements); x2b holds count2 - 1. */
	const uint64_t m10 = FM(36, 1) | M_X2A | FM(33, 1) | M_X4;
	const uint64_t b10 = MAJ(8) | X2A(1) | FV(33, 1);
	sub12(IA64_ADD(A, 10, b10 | X4(4), m10, "pshladd2", IA64_OP_PSHLADD, 0, 1, IA64_OPND_R1,
		       IA64_OPND_R2, IA64_OPND_CNT2B, IA64_OPND_R3),
	      2, 0);
	sub12(IA64_ADD(A, 10, b10 | X4(6), m10, "pshradd2", IA64_OP_PSHRADD, 0, 1, IA64_OPND_R1,
		       IA64_OPND_R2, IA64_OPND_CNT2B, IA64_OPND_R3),
	      2, 0);
}

/* Majors C, D, E: A6 (register), A7 (parallel against r0), A8 (imm8). */
static void init_cmp(void)
{
	static const char *const ctname[5] = {"", ".unc", ".and", ".or", ".or.andcm"};
	static const char *const relname[7] = {"eq", "ne", "lt", "le", "gt", "ge", "ltu"};
	/* A6/A8 per major, indexed by ta * 2 + c: relation and type. */
	static const uint8_t a6[3][4][2] = {
	    {{IA64_REL_LT, IA64_CT_NONE},
	     {IA64_REL_LT, IA64_CT_UNC},
	     {IA64_REL_EQ, IA64_CT_AND},
	     {IA64_REL_NE, IA64_CT_AND}},
	    {{IA64_REL_LTU, IA64_CT_NONE},
	     {IA64_REL_LTU, IA64_CT_UNC},
	     {IA64_REL_EQ, IA64_CT_OR},
	     {IA64_REL_NE, IA64_CT_OR}},
	    {{IA64_REL_EQ, IA64_CT_NONE},
	     {IA64_REL_EQ, IA64_CT_UNC},
	     {IA64_REL_EQ, IA64_CT_OR_ANDCM},
	     {IA64_REL_NE, IA64_CT_OR_ANDCM}},
	};
	/* A7: relation by ta * 2 + c; the type follows the major. */
	static const uint8_t a7rel[4] = {IA64_REL_GT, IA64_REL_LE, IA64_REL_GE,
					 IA64_REL_LT};
	static const uint8_t a7ct[3] = {IA64_CT_AND, IA64_CT_OR, IA64_CT_OR_ANDCM};
	const uint64_t mx = FM(34, 2) | FM(33, 1) | FM(12, 1);
	char name[32];

	for (unsigned maj = 0xc; maj <= 0xe; maj++) {
		for (unsigned is4 = 0; is4 < 2; is4++) {
			unsigned op = is4 ? IA64_OP_CMP4 : IA64_OP_CMP;
			const char *base = is4 ? "cmp4" : "cmp";
			for (unsigned tc = 0; tc < 4; tc++) {
				uint64_t tcb = FV(33, tc >> 1) | FV(12, tc & 1);
				unsigned rel = a6[maj - 0xc][tc][0], ct = a6[maj - 0xc][tc][1];
				snprintf(name, sizeof(name), "%s.%s%s", base, relname[rel],
					 ctname[ct]);
				/* A6: tb = 0, x2 = 0 (cmp) or 1 (cmp4). */
				sub12(IA64_ADD(A, 6, MAJ(maj) | FV(34, is4) | tcb, FM(36, 1) | mx,
					       name, op, 0, 2, IA64_OPND_P1, IA64_OPND_P2,
					       IA64_OPND_R2, IA64_OPND_R3),
				      rel, ct);
				/* A8: x2 = 2 (cmp) or 3 (cmp4); bit 36 is the sign. */
				sub12(IA64_ADD(A, 8, MAJ(maj) | FV(34, 2 + is4) | tcb, mx, name, op,
					       0, 2, IA64_OPND_P1, IA64_OPND_P2, IA64_OPND_IMM8,
					       IA64_OPND_R3),
				      rel, ct);
				/* A7: tb = 1. */
				rel = a7rel[tc];
				ct = a7ct[maj - 0xc];
				snprintf(name, sizeof(name), "%s.%s%s", base, relname[rel],
					 ctname[ct]);
				sub12(IA64_ADD(A, 7, MAJ(maj) | FV(36, 1) | FV(34, is4) | tcb,
					       FM(36, 1) | mx, name, op, 0, 2, IA64_OPND_P1,
					       IA64_OPND_P2, IA64_OPND_R0, IA64_OPND_R3),
				      rel, ct);
			}
		}
	}
}

void ia64_optab_init_a(void)
{
	init_alu();
	init_mmalu();
	init_cmp();
}
