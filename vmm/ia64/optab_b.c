// SPDX-License-Identifier: GPL-2.0
/*
 * B-unit opcode table (SDM vol 3, chapter 4.5, tables 4-47 to 4-58, formats
 * B1-B9).
 *
 * Majors: 0 indirect branch/return (x6 0x20/0x21, btype in bits 6..8) and
 * the miscellaneous B8 forms and break.b (x6, bits 27..32); 1 indirect call;
 * 2 nop.b, hint.b and indirect brp (x6); 4 IP-relative branches (btype);
 * 5 IP-relative call; 7 IP-relative brp.  Majors 3, 6 and 8-15 hold nothing
 * in a B slot (brl lives in the X slot of an MLX bundle: optab_x.c).
 *
 * Completers (all printed, in this order, as objdump does):
 *   bwh  bits 33..34 (B1-B4): .sptk .spnt .dptk .dpnt;  B5 uses bits 32..34,
 *        where only the odd values 1, 3, 5, 7 are defined.
 *   ph   bit 12: .few / .many.     dh  bit 35: "" / .clr.
 *   brp: ipwh bits 3..4 (B6): .sptk .loop .dptk .exit; indwh (B7): .sptk,
 *        .dptk (1 and 3 reserved); ih bit 35: "" / .imp.
 * Bits the SDM leaves unused (B4 bits 9..11, 16..26, 36; B5 9..11, 16..31,
 * 36; B8 0..26, 33..36; B9 26, 33..35; B6/B7 0..2, 5) are ignored, as
 * objdump ignores them.
 *
 * sub1/sub2 per op:
 *   BR_*, BRP  sub1: branch type, the SDM's btype where it has one:
 *                0 cond, 1 ia, 2 wexit, 3 wtop, 4 ret, 5 cloop, 6 cexit,
 *                7 ctop, 8 call (B3/B5 have no btype field).  brp: 0, brp.ret: 4.
 *              sub2: whether hint in bits 0..2: 0 sptk, 1 spnt, 2 dptk, 3 dpnt,
 *                4 loop, 5 exit (the last two brp only); bit 3 set: .many
 *                (ph); bit 4 set: .clr (dh), or .imp (ih) for brp.
 *   CLRRRB     sub1: 1 for clrrrb.pr.
 *   BSW, VMSW  sub1: the bank / vm value, 0 or 1.
 *
 * Not predicated: the SDM says cover, clrrrb, rfi, bsw, epc, vmsw (B8),
 * br.cloop/cexit/ctop (B2: bits 0..5 are 0 in the format) and brp (B6, B7:
 * bits 3..4 are the hint) "cannot be predicated"; they carry
 * IA64_F_ILLEGAL_QP and objdump shows them without a "(pN)".  br.ia is
 * different: its qp field must be p0 or it takes an Illegal Operation fault
 * (SDM vol 3 "br", ia), yet objdump shows its qp, so it does not carry the
 * flag (the interpreter recognises it by IA64_OP_BR_IA).
 */
#include <stdio.h>

#include "optab.h"

#define B IA64_UNIT_B

#define X6(v) FV(27, v)
#define X6_MASK FM(27, 6)
#define BTYPE(v) FV(6, v)
#define BTYPE_MASK FM(6, 3)
#define QP_MASK FM(0, 6)
#define PH_BIT FV(12, 1)
#define DH_BIT FV(35, 1)

/* sub1: branch types. */
/* sub2: whether hints, plus the ph and dh/ih bits. */
#define SUB2_MANY 8
#define SUB2_CLR 16

static const char *const bwh_name[4] = {".sptk", ".spnt", ".dptk", ".dpnt"};

/* One branch form: its format, opcode bits, names and operands. */
struct br_form {
	uint8_t fmt;
	uint64_t match, mask; /* major and opcode extension */
	const char *stem;     /* "br.cond" */
	const char *pseudo;   /* "br": the SDM's pseudo-op for qp = p0 and sptk, or NULL */
	uint16_t op;
	uint8_t btype;
	uint32_t flags;
	bool wh3; /* B5: whether hint in bits 32..34, only odd values defined */
	uint8_t nout, o1, o2;
};

/* All 16 bwh/ph/dh combinations of a branch form, names in objdump's order. */
static void add_branch(const struct br_form *f)
{
	char name[64];
	for (unsigned c = 0; c < 16; c++) {
		unsigned wh = c >> 2, ph = c >> 1 & 1, dh = c & 1;
		uint64_t match = f->match | FV(12, ph) | FV(35, dh);
		uint64_t mask = f->mask | PH_BIT | DH_BIT;
		if (f->wh3) {
			match |= FV(32, wh * 2 + 1);
			mask |= FM(32, 3);
		} else {
			match |= FV(33, wh);
			mask |= FM(33, 2);
		}
		const char *p = ph ? ".many" : ".few", *d = dh ? ".clr" : "";
		uint8_t sub2 = (uint8_t)(wh | (ph ? SUB2_MANY : 0) | (dh ? SUB2_CLR : 0));

		snprintf(name, sizeof(name), "%s%s%s%s", f->stem, bwh_name[wh], p, d);
		struct ia64_opcode *e =
		    IA64_ADD(B, f->fmt, match, mask, name, f->op, f->flags, f->nout, f->o1, f->o2);
		e->sub1 = f->btype;
		e->sub2 = sub2;
		if (!f->pseudo || wh != IA64_WH_SPTK)
			continue;
		snprintf(name, sizeof(name), "%s%s%s", f->pseudo, p, d);
		e = IA64_ADD(B, f->fmt, match, mask | QP_MASK, name, f->op,
			     f->flags | IA64_F_PSEUDO, f->nout, f->o1, f->o2);
		e->sub1 = f->btype;
		e->sub2 = sub2;
	}
}

static void add_branches(void)
{
	const uint32_t br = IA64_F_BRANCH;
	/* The loop-type branches are only allowed in slot 2 (SDM vol 3 "br":
	 * Illegal Operation fault in slot 0 or 1). */
	const uint32_t loop = br | IA64_F_SLOT2;
	/* Counted branches are not predicated (B2 has 0 in bits 0..5). */
	const uint32_t counted = loop | IA64_F_ILLEGAL_QP;
	const uint64_t ind = MAJ(0) | X6(0x20), ret = MAJ(0) | X6(0x21);
	const uint64_t indm = X6_MASK | BTYPE_MASK;
	enum { T = IA64_OPND_TGT25C, B1 = IA64_OPND_B1, B2 = IA64_OPND_B2 };
	const struct br_form forms[] = {
	    /* B1: IP-relative branch. */
	    {1, MAJ(4) | BTYPE(0), BTYPE_MASK, "br.cond", "br", IA64_OP_BR_COND, IA64_BT_COND, br, false,
	     0, T, 0},
	    {1, MAJ(4) | BTYPE(2), BTYPE_MASK, "br.wexit", NULL, IA64_OP_BR_WEXIT, IA64_BT_WEXIT, loop,
	     false, 0, T, 0},
	    {1, MAJ(4) | BTYPE(3), BTYPE_MASK, "br.wtop", NULL, IA64_OP_BR_WTOP, IA64_BT_WTOP, loop,
	     false, 0, T, 0},
	    /* B2: counted branches. */
	    {2, MAJ(4) | BTYPE(5), BTYPE_MASK, "br.cloop", NULL, IA64_OP_BR_CLOOP, IA64_BT_CLOOP,
	     counted, false, 0, T, 0},
	    {2, MAJ(4) | BTYPE(6), BTYPE_MASK, "br.cexit", NULL, IA64_OP_BR_CEXIT, IA64_BT_CEXIT,
	     counted, false, 0, T, 0},
	    {2, MAJ(4) | BTYPE(7), BTYPE_MASK, "br.ctop", NULL, IA64_OP_BR_CTOP, IA64_BT_CTOP, counted,
	     false, 0, T, 0},
	    /* B3: IP-relative call. */
	    {3, MAJ(5), 0, "br.call", NULL, IA64_OP_BR_CALL, IA64_BT_CALL, br, false, 1, B1, T},
	    /* B4: indirect branch, IA-32 entry, return. */
	    {4, ind | BTYPE(0), indm, "br.cond", "br", IA64_OP_BR_COND, IA64_BT_COND, br, false, 0, B2,
	     0},
	    {4, ind | BTYPE(1), indm, "br.ia", NULL, IA64_OP_BR_IA, IA64_BT_IA, br, false, 0, B2, 0},
	    {4, ret | BTYPE(4), indm, "br.ret", NULL, IA64_OP_BR_RET, IA64_BT_RET, br, false, 0, B2, 0},
	    /* B5: indirect call. */
	    {5, MAJ(1), 0, "br.call", NULL, IA64_OP_BR_CALL, IA64_BT_CALL, br, true, 1, B1, B2},
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		add_branch(&forms[i]);
}

/* Branch predict (B6, B7): a hint, no branch; not predicated. */
static void add_brp(void)
{
	static const char *const ipwh[4] = {".sptk", ".loop", ".dptk", ".exit"};
	static const uint8_t ipwh_sub[4] = {IA64_WH_SPTK, IA64_WH_LOOP, IA64_WH_DPTK, IA64_WH_EXIT};
	const uint64_t hint_mask = FM(3, 2) | FV(35, 1);
	const uint32_t np = IA64_F_ILLEGAL_QP;
	char name[64];
	for (unsigned c = 0; c < 8; c++) {
		unsigned wh = c >> 1, imp = c & 1;
		uint64_t hint = FV(3, wh) | FV(35, imp);
		uint8_t sub2 = (uint8_t)(ipwh_sub[wh] | (imp ? SUB2_CLR : 0));
		const char *ih = imp ? ".imp" : "";
		struct ia64_opcode *e;

		snprintf(name, sizeof(name), "brp%s%s", ipwh[wh], ih);
		e = IA64_ADD(B, 6, MAJ(7) | hint, hint_mask, name, IA64_OP_BRP, np, 0,
			     IA64_OPND_TGT25C, IA64_OPND_TAG13A);
		e->sub2 = sub2;
		/* B7 defines only the sptk (0) and dptk (2) hints. */
		if (wh & 1)
			continue;
		snprintf(name, sizeof(name), "brp%s%s", ipwh[wh], ih);
		e = IA64_ADD(B, 7, MAJ(2) | X6(0x10) | hint, X6_MASK | hint_mask, name, IA64_OP_BRP,
			     np, 0, IA64_OPND_B2, IA64_OPND_TAG13A);
		e->sub2 = sub2;
		snprintf(name, sizeof(name), "brp.ret%s%s", ipwh[wh], ih);
		e = IA64_ADD(B, 7, MAJ(2) | X6(0x11) | hint, X6_MASK | hint_mask, name, IA64_OP_BRP,
			     np, 0, IA64_OPND_B2, IA64_OPND_TAG13A);
		e->sub1 = IA64_BT_RET;
		e->sub2 = sub2;
	}
}

/* B8: miscellaneous, none predicated (SDM vol 3, each instruction's page:
 * "This instruction cannot be predicated"). */
static void add_misc(void)
{
	const uint32_t np = IA64_F_ILLEGAL_QP;
	struct ia64_opcode *e;

	/* cover: must be last in an instruction group; writes cr.ifs only when
	 * psr.ic is 0, which a deprivileged guest cannot see (SDM vol 3 "cover"). */
	IA64_ADD(B, 8, MAJ(0) | X6(0x02), X6_MASK, "cover", IA64_OP_COVER,
		 np | IA64_F_LAST | IA64_F_SENSITIVE, 0, IA64_OPND_NONE);
	/* clrrrb, clrrrb.pr: must be last in an instruction group (vol 3 "clrrrb"). */
	IA64_ADD(B, 8, MAJ(0) | X6(0x04), X6_MASK, "clrrrb", IA64_OP_CLRRRB, np | IA64_F_LAST, 0,
		 IA64_OPND_NONE);
	e = IA64_ADD(B, 8, MAJ(0) | X6(0x05), X6_MASK, "clrrrb.pr", IA64_OP_CLRRRB,
		     np | IA64_F_LAST, 0, IA64_OPND_NONE);
	e->sub1 = 1;
	/* rfi: privileged, must be followed by a stop, changes IP (vol 3 "rfi"). */
	IA64_ADD(B, 8, MAJ(0) | X6(0x08), X6_MASK, "rfi", IA64_OP_RFI,
		 np | IA64_F_PRIV | IA64_F_LAST | IA64_F_BRANCH, 0, IA64_OPND_NONE);
	/* bsw.0/1: privileged, must be last in an instruction group (vol 3 "bsw"). */
	for (unsigned v = 0; v < 2; v++) {
		e = IA64_ADD(B, 8, MAJ(0) | X6(0x0c + v), X6_MASK, v ? "bsw.1" : "bsw.0",
			     IA64_OP_BSW, np | IA64_F_PRIV | IA64_F_LAST, 0, IA64_OPND_NONE);
		e->sub1 = (uint8_t)v;
	}
	/* epc: unprivileged, but promotes only on an execute-only page of higher
	 * privilege (vol 3 "epc"): PL-sensitive. */
	IA64_ADD(B, 8, MAJ(0) | X6(0x10), X6_MASK, "epc", IA64_OP_EPC, np | IA64_F_SENSITIVE, 0,
		 IA64_OPND_NONE);
	/* vmsw.0/1: Privileged Operation fault if PSR.cpl != 0 (vol 3 "vmsw"). */
	for (unsigned v = 0; v < 2; v++) {
		e = IA64_ADD(B, 8, MAJ(0) | X6(0x18 + v), X6_MASK, v ? "vmsw.1" : "vmsw.0",
			     IA64_OP_VMSW, np | IA64_F_PRIV, 0, IA64_OPND_NONE);
		e->sub1 = (uint8_t)v;
	}
}

/* B9: break.b (major 0), nop.b and hint.b (major 2); 21-bit immediate, which
 * objdump shows in hex for all three. */
static void add_nop(void)
{
	IA64_ADD(B, 9, MAJ(0) | X6(0), X6_MASK, "break.b", IA64_OP_BREAK, 0, 0, IA64_OPND_IMM21);
	IA64_ADD(B, 9, MAJ(2) | X6(0), X6_MASK, "nop.b", IA64_OP_NOP, 0, 0, IA64_OPND_IMM21);
	IA64_ADD(B, 9, MAJ(2) | X6(1), X6_MASK, "hint.b", IA64_OP_HINT, 0, 0, IA64_OPND_IMM21);
}

void ia64_optab_init_b(void)
{
	add_branches();
	add_brp();
	add_misc();
	add_nop();
}
