// SPDX-License-Identifier: GPL-2.0
/*
 * X-unit opcode table: the X slot (slot 2) of an MLX bundle, whose L slot
 * (slot 1) carries the rest of the immediate (SDM vol 3, chapter 4.7,
 * tables 4-70 to 4-73, formats X1-X5).
 *
 * Majors: 0 break.x (x3 = 0, x6 = 0), nop.x/hint.x (x3 = 0, x6 = 1, y bit 26);
 * 6 movl (vc bit 20 must be 0); 0xc brl (btype bits 6..8 must be 0);
 * 0xd brl.call.  Everything else in an X slot is undefined; objdump then
 * shows the X slot's raw bits as "data8" on the L slot's line.
 *
 * brl completers are those of br (optab_b.c): bwh bits 33..34 .sptk .spnt
 * .dptk .dpnt, ph bit 12 .few/.many, dh bit 35 ""/.clr, all printed.
 * Bits the SDM leaves unused (X1 bit 26; X3/X4 bits 9..11) are ignored, as
 * objdump ignores them.
 *
 * sub1/sub2 per op (the codes of optab_b.c):
 *   BRL_COND, BRL_CALL  sub1: branch type, 0 cond, 8 call;
 *                       sub2: whether hint 0 sptk, 1 spnt, 2 dptk, 3 dpnt in
 *                       bits 0..2; bit 3 set: .many; bit 4 set: .clr.
 *
 * brl must be immediately followed by a stop, otherwise its behaviour is
 * undefined (SDM vol 3 "brl": followed_by_stop()), hence IA64_F_LAST.
 */
#include <stdio.h>

#include "optab.h"

#define X IA64_UNIT_X

#define X3_MASK FM(33, 3)
#define X6(v) FV(27, v)
#define X6_MASK FM(27, 6)
#define QP_MASK FM(0, 6)
#define BTYPE_MASK FM(6, 3)

enum { BT_COND = 0, BT_CALL = 8 };
#define SUB2_MANY 8
#define SUB2_CLR 16

/* X3 brl (btype 0) and X4 brl.call, all 16 bwh/ph/dh combinations. */
static void add_brl(void)
{
	static const char *const bwh[4] = {".sptk", ".spnt", ".dptk", ".dpnt"};
	const uint32_t f = IA64_F_BRANCH | IA64_F_LAST;
	const uint64_t hint_mask = FM(33, 2) | FV(12, 1) | FV(35, 1);
	char name[64];
	for (unsigned c = 0; c < 16; c++) {
		unsigned wh = c >> 2, ph = c >> 1 & 1, dh = c & 1;
		uint64_t hint = FV(33, wh) | FV(12, ph) | FV(35, dh);
		uint8_t sub2 = (uint8_t)(wh | (ph ? SUB2_MANY : 0) | (dh ? SUB2_CLR : 0));
		const char *p = ph ? ".many" : ".few", *d = dh ? ".clr" : "";
		struct ia64_opcode *e;

		snprintf(name, sizeof(name), "brl.cond%s%s%s", bwh[wh], p, d);
		e = IA64_ADD(X, 3, MAJ(0xc) | hint, hint_mask | BTYPE_MASK, name, IA64_OP_BRL_COND,
			     f, 0, IA64_OPND_TGT64);
		e->sub1 = BT_COND;
		e->sub2 = sub2;
		/* The SDM's pseudo-op for an unconditional long branch: qp = p0
		 * and the sptk hint. */
		if (wh == 0) {
			snprintf(name, sizeof(name), "brl%s%s", p, d);
			e = IA64_ADD(X, 3, MAJ(0xc) | hint, hint_mask | BTYPE_MASK | QP_MASK, name,
				     IA64_OP_BRL_COND, f | IA64_F_PSEUDO, 0, IA64_OPND_TGT64);
			e->sub1 = BT_COND;
			e->sub2 = sub2;
		}
		snprintf(name, sizeof(name), "brl.call%s%s%s", bwh[wh], p, d);
		e = IA64_ADD(X, 4, MAJ(0xd) | hint, hint_mask, name, IA64_OP_BRL_CALL, f, 1,
			     IA64_OPND_B1, IA64_OPND_TGT64);
		e->sub1 = BT_CALL;
		e->sub2 = sub2;
	}
}

void ia64_optab_init_x(void)
{
	/* X1 break.x, X5 nop.x / hint.x: 62-bit immediate imm41:i:imm20a. */
	IA64_ADD(X, 1, MAJ(0) | X6(0), X3_MASK | X6_MASK, "break.x", IA64_OP_BREAK, 0, 0,
		 IA64_OPND_IMM62);
	IA64_ADD(X, 5, MAJ(0) | X6(1), X3_MASK | X6_MASK | FV(26, 1), "nop.x", IA64_OP_NOP, 0, 0,
		 IA64_OPND_IMM62);
	IA64_ADD(X, 5, MAJ(0) | X6(1) | FV(26, 1), X3_MASK | X6_MASK | FV(26, 1), "hint.x",
		 IA64_OP_HINT, 0, 0, IA64_OPND_IMM62);
	/* X2 movl r1=imm64; vc (bit 20) = 1 is undefined. */
	IA64_ADD(X, 2, MAJ(6), FV(20, 1), "movl", IA64_OP_MOVL, 0, 1, IA64_OPND_R1,
		 IA64_OPND_IMM64);
	add_brl();
}
