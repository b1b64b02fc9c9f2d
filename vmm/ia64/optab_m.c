// SPDX-License-Identifier: GPL-2.0
/*
 * M-unit opcode table, majors 0 and 1: system and memory management, moves
 * to and from application/control/indirect registers, chk, alloc (SDM vol 3,
 * chapter 4.4, tables 4-42 to 4-45, formats M20-M48).
 *
 * Major 0: x3 (bits 33..35) selects chk.a (4..7); x3 = 0 is split by x4
 * (bits 27..30) and x2 (bits 31..32), except M44 (x4 = 4..7) whose x2 bits
 * are part of the immediate.  Major 1: x3 = 1 chk.s.m, 3 chk.s (fp),
 * 6 alloc; x3 = 0 is split by x6 (bits 27..32).
 *
 * sub1/sub2 per op (0 when not listed):
 *   CHK_S         sub1: 0 general register (chk.s.m), 1 floating-point register
 *   CHK_A         sub1: 0 .nc, 1 .clr;  sub2: 0 general, 1 floating-point register
 *   INVALA        sub1: 0 whole ALAT, 1 invala.e rN, 2 invala.e fN
 *   MF            sub1: 0 mf, 1 mf.a
 *   SRLZ          sub1: 0 .d, 1 .i
 *   FC            sub1: 0 fc, 1 fc.i
 *   MOV_TO_AR     sub1: 0 from a register (M29), 1 immediate (M30)
 *   MOV_TO_PSR    sub1: 0 psr.l, 1 psr.um
 *   MOV_FROM_PSR  sub1: 0 psr, 1 psr.um
 *   PROBE         sub1: access checked, 1 read, 2 write, 3 read and write;
 *                 sub2: 0 r1=r3,r2;  1 r1=r3,imm2;  2 .fault r3,imm2
 *   ITC, ITR, PTR sub1: 0 .d (data), 1 .i (instruction)
 *   PTC           sub1: 0 .l, 1 .g, 2 .ga
 *   MOV_TO_IND,   sub1: register file, 0 rr, 1 dbr, 2 ibr, 3 pkr, 4 pmc, 5 pmd,
 *   MOV_FROM_IND        6 msr, 7 cpuid (from only) -- the low 3 bits of x6 --,
 *                       8 dahr (from only, Itanium 9500)
 *   MOV_TO_DAHR   sub1: the dahr number
 *
 * Privilege (SDM vol 3, each instruction's page, "Interruptions: Privileged
 * Operation fault") and group placement notes are beside each entry.  The
 * privilege of mov.m to/from ar depends on the AR number: classify.c.
 * chk.* carry BRANCH (they branch to recovery code); FP marks the forms
 * that name a floating-point register; ILLEGAL_QP marks alloc, flushrs and
 * loadrs, which cannot be predicated (objdump prints no qp for them).
 * Also here: the Itanium 9500 data access hint moves binutils knows,
 * mov dahrN=imm16 (inside the hint.m space) and mov r1=dahr[r3].
 */
#include <stdio.h>

#include "optab.h"

#define M IA64_UNIT_M

#define X3(v) FV(33, v)
#define X3_MASK FM(33, 3)
/* Major 0, x3 = 0: x4 and x2. */
#define M0(x4, x2) (MAJ(0) | X3(0) | FV(27, x4) | FV(31, x2))
#define M0_MASK (X3_MASK | FM(27, 4) | FM(31, 2))
/* Major 1, x3 = 0: x6. */
#define M1(x6) (MAJ(1) | X3(0) | FV(27, x6))
#define M1_MASK (X3_MASK | FM(27, 6))

enum { IND_RR, IND_DBR, IND_IBR, IND_PKR, IND_PMC, IND_PMD, IND_MSR, IND_CPUID, IND_DAHR };

static void add_chk(void)
{
	struct ia64_opcode *e;
	/* chk.* may branch to recovery code. */
	const uint32_t f = IA64_F_CHECK | IA64_F_BRANCH;

	IA64_ADD(M, 20, MAJ(1) | X3(1), X3_MASK, "chk.s.m", IA64_OP_CHK_S, f, 0, IA64_OPND_R2,
		 IA64_OPND_TGT25B);
	e = IA64_ADD(M, 21, MAJ(1) | X3(3), X3_MASK, "chk.s", IA64_OP_CHK_S, f | IA64_F_FP, 0,
		     IA64_OPND_F2, IA64_OPND_TGT25B);
	e->sub1 = 1;
	for (unsigned clr = 0; clr < 2; clr++) {
		char name[16];
		snprintf(name, sizeof(name), "chk.a.%s", clr ? "clr" : "nc");
		e = IA64_ADD(M, 22, MAJ(0) | X3(4 + clr), X3_MASK, name, IA64_OP_CHK_A, f, 0,
			     IA64_OPND_R1, IA64_OPND_TGT25C);
		e->sub1 = (uint8_t)clr;
		e = IA64_ADD(M, 23, MAJ(0) | X3(6 + clr), X3_MASK, name, IA64_OP_CHK_A,
			     f | IA64_F_FP, 0, IA64_OPND_F1, IA64_OPND_TGT25C);
		e->sub1 = (uint8_t)clr;
		e->sub2 = 1;
	}
}

static void add_major0(void)
{
	struct ia64_opcode *e;

	/* M37, M48 */
	IA64_ADD(M, 37, M0(0, 0), M0_MASK, "break.m", IA64_OP_BREAK, 0, 0, IA64_OPND_IMM21);
	IA64_ADD(M, 48, M0(1, 0), M0_MASK | FM(26, 1), "nop.m", IA64_OP_NOP, 0, 0,
		 IA64_OPND_IMM21);
	/* Bits 10..11 of the hint.m immediate: 0 hint.m, 1 mov dahr (Itanium
	 * 9500 data access hints), 2 and 3 undefined. */
	const uint64_t hint_mask = M0_MASK | FM(26, 1) | FM(10, 2);
	IA64_ADD(M, 48, M0(1, 0) | FV(26, 1), hint_mask, "hint.m", IA64_OP_HINT, 0, 0,
		 IA64_OPND_HINT19_M);
	for (unsigned n = 0; n < 8; n++) {
		e = IA64_ADD(M, 48, M0(1, 0) | FV(26, 1) | FV(10, 1) | FV(23, n),
			     hint_mask | FM(23, 3), "mov", IA64_OP_MOV_TO_DAHR, 0, 1,
			     IA64_OPND_DAHR0 + n, IA64_OPND_IMM16_DAHR);
		e->sub1 = (uint8_t)n;
	}

	/* M24 */
	IA64_ADD(M, 24, M0(0, 1), M0_MASK, "invala", IA64_OP_INVALA, 0, 0, IA64_OPND_NONE);
	/* fwb is only a hint and orders nothing (SDM vol 3 fwb): no FENCE. */
	IA64_ADD(M, 24, M0(0, 2), M0_MASK, "fwb", IA64_OP_FWB, 0, 0, IA64_OPND_NONE);
	/* mf orders memory accesses, mf.a waits for platform acceptance. */
	IA64_ADD(M, 24, M0(2, 2), M0_MASK, "mf", IA64_OP_MF, IA64_F_FENCE, 0, IA64_OPND_NONE);
	e = IA64_ADD(M, 24, M0(3, 2), M0_MASK, "mf.a", IA64_OP_MF, IA64_F_FENCE, 0,
		     IA64_OPND_NONE);
	e->sub1 = 1;
	IA64_ADD(M, 24, M0(0, 3), M0_MASK, "srlz.d", IA64_OP_SRLZ, 0, 0, IA64_OPND_NONE);
	e = IA64_ADD(M, 24, M0(1, 3), M0_MASK, "srlz.i", IA64_OP_SRLZ, 0, 0, IA64_OPND_NONE);
	e->sub1 = 1;
	/* sync.i waits for prior fc to be observed: an ordering fence.  srlz
	 * serializes register state, not memory: no FENCE. */
	IA64_ADD(M, 24, M0(3, 3), M0_MASK, "sync.i", IA64_OP_SYNC_I, IA64_F_FENCE, 0,
		 IA64_OPND_NONE);

	/* M25: SDM vol 3 flushrs/loadrs: must be first in an instruction group,
	 * and cannot be predicated (objdump shows no qp). */
	IA64_ADD(M, 25, M0(0xa, 0), M0_MASK, "loadrs", IA64_OP_LOADRS,
		 IA64_F_FIRST | IA64_F_ILLEGAL_QP, 0, IA64_OPND_NONE);
	IA64_ADD(M, 25, M0(0xc, 0), M0_MASK, "flushrs", IA64_OP_FLUSHRS,
		 IA64_F_FIRST | IA64_F_ILLEGAL_QP, 0, IA64_OPND_NONE);

	/* M26, M27 */
	e = IA64_ADD(M, 26, M0(2, 1), M0_MASK, "invala.e", IA64_OP_INVALA, 0, 0, IA64_OPND_R1);
	e->sub1 = 1;
	e = IA64_ADD(M, 27, M0(3, 1), M0_MASK, "invala.e", IA64_OP_INVALA, IA64_F_FP, 0,
		     IA64_OPND_F1);
	e->sub1 = 2;

	/* M30 */
	e = IA64_ADD(M, 30, M0(8, 2), M0_MASK, "mov.m", IA64_OP_MOV_TO_AR, 0, 1, IA64_OPND_AR3,
		     IA64_OPND_IMM8_AR);
	e->sub1 = 1;

	/* M44: x2 is the immediate's i2d field.  sum/rum change only PSR.um
	 * and are unprivileged; ssm/rsm are privileged (SDM vol 3 ssm, rsm). */
	static const struct {
		const char *name;
		unsigned op;
		uint32_t flags;
	} m44[4] = {
		{"sum", IA64_OP_SUM, 0},
		{"rum", IA64_OP_RUM, 0},
		{"ssm", IA64_OP_SSM, IA64_F_PRIV},
		{"rsm", IA64_OP_RSM, IA64_F_PRIV},
	};
	for (unsigned i = 0; i < 4; i++)
		IA64_ADD(M, 44, MAJ(0) | X3(0) | FV(27, 4 + i), X3_MASK | FM(27, 4), m44[i].name,
			 m44[i].op, m44[i].flags, 0, IA64_OPND_IMM24);
}

static void add_major1(void)
{
	struct ia64_opcode *e;

	/* M28: fc.i has x (bit 36) set.  Unprivileged, but the flush acts on
	 * a virtual address under the current translation: sensitive. */
	for (unsigned x = 0; x < 2; x++) {
		e = IA64_ADD(M, 28, M1(0x30) | FV(36, x), M1_MASK | FM(36, 1), x ? "fc.i" : "fc",
			     IA64_OP_FC, IA64_F_FLUSHCACHE | IA64_F_SENSITIVE, 0, IA64_OPND_R3);
		e->sub1 = (uint8_t)x;
	}
	/* M47: ptc.e is privileged (SDM vol 3 ptc.e). */
	IA64_ADD(M, 47, M1(0x34), M1_MASK, "ptc.e", IA64_OP_PTC_E, IA64_F_PRIV, 0, IA64_OPND_R3);

	/* M29, M31: privilege by AR number (classify.c). */
	IA64_ADD(M, 29, M1(0x2a), M1_MASK, "mov.m", IA64_OP_MOV_TO_AR, 0, 1, IA64_OPND_AR3,
		 IA64_OPND_R2);
	IA64_ADD(M, 31, M1(0x22), M1_MASK, "mov.m", IA64_OP_MOV_FROM_AR, 0, 1, IA64_OPND_R1,
		 IA64_OPND_AR3);

	/* M32, M33: control registers are privileged (SDM vol 3 mov cr). */
	IA64_ADD(M, 32, M1(0x2c), M1_MASK, "mov", IA64_OP_MOV_TO_CR, IA64_F_PRIV, 1, IA64_OPND_CR3,
		 IA64_OPND_R2);
	IA64_ADD(M, 33, M1(0x24), M1_MASK, "mov", IA64_OP_MOV_FROM_CR, IA64_F_PRIV, 1,
		 IA64_OPND_R1, IA64_OPND_CR3);

	/* M34: alloc must be first in an instruction group and cannot be
	 * predicated (SDM vol 3 alloc). */
	IA64_ADD(M, 34, MAJ(1) | X3(6), X3_MASK, "alloc", IA64_OP_ALLOC,
		 IA64_F_FIRST | IA64_F_ILLEGAL_QP, 1, IA64_OPND_R1, IA64_OPND_AR_PFS, IA64_OPND_SOF,
		 IA64_OPND_SOL, IA64_OPND_SOR);

	/* M35, M36: psr.l and all of psr are privileged, psr.um is not
	 * (SDM vol 3 mov psr, mov um). */
	IA64_ADD(M, 35, M1(0x2d), M1_MASK, "mov", IA64_OP_MOV_TO_PSR, IA64_F_PRIV, 1,
		 IA64_OPND_PSR_L, IA64_OPND_R2);
	e = IA64_ADD(M, 35, M1(0x29), M1_MASK, "mov", IA64_OP_MOV_TO_PSR, 0, 1, IA64_OPND_PSR_UM,
		     IA64_OPND_R2);
	e->sub1 = 1;
	IA64_ADD(M, 36, M1(0x25), M1_MASK, "mov", IA64_OP_MOV_FROM_PSR, IA64_F_PRIV, 1,
		 IA64_OPND_R1, IA64_OPND_PSR);
	e = IA64_ADD(M, 36, M1(0x21), M1_MASK, "mov", IA64_OP_MOV_FROM_PSR, 0, 1, IA64_OPND_R1,
		     IA64_OPND_PSR_UM);
	e->sub1 = 1;

	/* M38-M40: probe is unprivileged but its answer depends on the
	 * privilege level (the current one, or the one in r2/imm2) and on the
	 * translations: sensitive.  It names memory but moves no data. */
	const uint32_t pf = IA64_F_SENSITIVE | IA64_F_NOMEM_ACCESS;
	for (unsigned w = 0; w < 2; w++) {
		const char *name = w ? "probe.w" : "probe.r";
		e = IA64_ADD(M, 38, M1(0x38 + w), M1_MASK, name, IA64_OP_PROBE, pf, 1, IA64_OPND_R1,
			     IA64_OPND_R3, IA64_OPND_R2);
		e->sub1 = (uint8_t)(1 + w);
		e = IA64_ADD(M, 39, M1(0x18 + w), M1_MASK, name, IA64_OP_PROBE, pf, 1, IA64_OPND_R1,
			     IA64_OPND_R3, IA64_OPND_IMM2);
		e->sub1 = (uint8_t)(1 + w);
		e->sub2 = 1;
	}
	static const char *const fault[3] = {"probe.rw.fault", "probe.r.fault", "probe.w.fault"};
	static const uint8_t fault_rw[3] = {3, 1, 2};
	for (unsigned i = 0; i < 3; i++) {
		e = IA64_ADD(M, 40, M1(0x31 + i), M1_MASK, fault[i], IA64_OP_PROBE, pf, 0,
			     IA64_OPND_R3, IA64_OPND_IMM2);
		e->sub1 = fault_rw[i];
		e->sub2 = 2;
	}

	/* M41: itc is privileged and must be last in an instruction group
	 * (SDM vol 3 itc). */
	for (unsigned i = 0; i < 2; i++) {
		e = IA64_ADD(M, 41, M1(0x2e + i), M1_MASK, i ? "itc.i" : "itc.d", IA64_OP_ITC,
			     IA64_F_PRIV | IA64_F_LAST, 0, IA64_OPND_R2);
		e->sub1 = (uint8_t)i;
	}

	/* M42, M43: every indirect register file is privileged except reads of
	 * cpuid and pmd, which are sensitive: readable at any PL, and pmd reads
	 * return 0 at PL != 0 for secured monitors (SDM vol 3 mov indirect,
	 * vol 2 7.2). */
	static const uint8_t ind[8] = {
		[IND_RR] = IA64_OPND_RR_R3,   [IND_DBR] = IA64_OPND_DBR_R3,
		[IND_IBR] = IA64_OPND_IBR_R3, [IND_PKR] = IA64_OPND_PKR_R3,
		[IND_PMC] = IA64_OPND_PMC_R3, [IND_PMD] = IA64_OPND_PMD_R3,
		[IND_MSR] = IA64_OPND_MSR_R3, [IND_CPUID] = IA64_OPND_CPUID_R3,
	};
	for (unsigned i = 0; i < 8; i++) {
		if (i != IND_CPUID) {
			e = IA64_ADD(M, 42, M1(0x00 + i), M1_MASK, "mov", IA64_OP_MOV_TO_IND,
				     IA64_F_PRIV, 1, ind[i], IA64_OPND_R2);
			e->sub1 = (uint8_t)i;
		}
		uint32_t rf = i == IND_CPUID || i == IND_PMD ? IA64_F_SENSITIVE : IA64_F_PRIV;
		e = IA64_ADD(M, 43, M1(0x10 + i), M1_MASK, "mov", IA64_OP_MOV_FROM_IND, rf, 1,
			     IA64_OPND_R1, ind[i]);
		e->sub1 = (uint8_t)i;
	}
	/* Itanium 9500: data access hint registers are unprivileged. */
	e = IA64_ADD(M, 43, M1(0x20), M1_MASK, "mov", IA64_OP_MOV_FROM_IND, 0, 1, IA64_OPND_R1,
		     IA64_OPND_DAHR_R3);
	e->sub1 = IND_DAHR;
	/* itr is privileged (SDM vol 3 itr). */
	IA64_ADD(M, 42, M1(0x0e), M1_MASK, "itr.d", IA64_OP_ITR, IA64_F_PRIV, 1, IA64_OPND_DTR_R3,
		 IA64_OPND_R2);
	e = IA64_ADD(M, 42, M1(0x0f), M1_MASK, "itr.i", IA64_OP_ITR, IA64_F_PRIV, 1,
		     IA64_OPND_ITR_R3, IA64_OPND_R2);
	e->sub1 = 1;

	/* M45: purges are privileged, ptc.g/ptc.ga must be last in an
	 * instruction group (SDM vol 3 ptc.g, ptc.ga). */
	static const char *const ptc[3] = {"ptc.l", "ptc.g", "ptc.ga"};
	for (unsigned i = 0; i < 3; i++) {
		e = IA64_ADD(M, 45, M1(0x09 + i), M1_MASK, ptc[i], IA64_OP_PTC,
			     IA64_F_PRIV | (i ? IA64_F_LAST : 0), 0, IA64_OPND_R3, IA64_OPND_R2);
		e->sub1 = (uint8_t)i;
	}
	for (unsigned i = 0; i < 2; i++) {
		e = IA64_ADD(M, 45, M1(0x0c + i), M1_MASK, i ? "ptr.i" : "ptr.d", IA64_OP_PTR,
			     IA64_F_PRIV, 0, IA64_OPND_R3, IA64_OPND_R2);
		e->sub1 = (uint8_t)i;
	}

	/* M46: thash/ttag are unprivileged but read PTA and region registers:
	 * sensitive.  tpa/tak are privileged (SDM vol 3 tpa, tak). */
	IA64_ADD(M, 46, M1(0x1a), M1_MASK, "thash", IA64_OP_THASH, IA64_F_SENSITIVE, 1,
		 IA64_OPND_R1, IA64_OPND_R3);
	IA64_ADD(M, 46, M1(0x1b), M1_MASK, "ttag", IA64_OP_TTAG, IA64_F_SENSITIVE, 1,
		 IA64_OPND_R1, IA64_OPND_R3);
	IA64_ADD(M, 46, M1(0x1e), M1_MASK, "tpa", IA64_OP_TPA, IA64_F_PRIV, 1, IA64_OPND_R1,
		 IA64_OPND_R3);
	IA64_ADD(M, 46, M1(0x1f), M1_MASK, "tak", IA64_OP_TAK, IA64_F_PRIV, 1, IA64_OPND_R1,
		 IA64_OPND_R3);
}

void ia64_optab_init_m(void)
{
	add_chk();
	add_major0();
	add_major1();
}
