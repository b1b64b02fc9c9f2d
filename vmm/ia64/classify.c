// SPDX-License-Identifier: GPL-2.0
/*
 * Classification that depends on operands, not only on the opcode.
 *
 * The complete privileged / sensitive list (SDM rev 2.3).  Static entries are
 * flagged in the unit tables; register-number-dependent ones here.
 *
 * Privileged (Privileged Operation / Privileged Register fault at PL != 0):
 *   rfi, bsw.0/1 (vol 3 "rfi", "bsw"); rsm, ssm, mov psr.l=, mov =psr
 *   (vol 2 3.3.2); mov to/from cr (vol 2 3.3.1); itc.i/d, itr.i/d,
 *   ptc.l/g/ga/e, ptr.i/d, tpa, tak (vol 2 4.1); mov rr[], pkr[], ibr[],
 *   dbr[], pmc[], msr[] both ways and mov pmd[]= (vol 2 3.3.4-3.3.7, 7.2);
 *   mov ar.k0-7= (vol 1 3.1.8.1: kernel registers are written at PL 0 only);
 *   mov ar.itc= and ar.ruc= (vol 2 3.3.4.2: the counters are written at PL 0).
 *
 * Sensitive but unprivileged (execute at PL 3 without a fault, but a guest
 * kernel running there would see or do something other than at PL 0):
 *   mov =ar.k0-7 (readable at any PL: a guest would read the host's values);
 *   mov =ar.itc, =ar.ruc (readable unless psr.si; guest time is virtual);
 *   mov ar.rsc= (vol 2 6.4: rsc.pl is clamped to at least CPL, silently);
 *   mov ar.bspstore= (the RSE then spills at rsc.pl, never below CPL);
 *   mov =cpuid[] and mov =pmd[] (vol 2 3.3.4, 7.2: readable at any PL);
 *   thash, ttag (answer from the host's PTA/region registers), probe.*
 *   (the answer depends on CPL and on the host's TLB), fc, fc.i (vol 3:
 *   act on the host's translations), cover (vol 3: writes cr.ifs only when
 *   psr.ic is 0, which a PL 3 guest cannot see), epc (vol 3: promotes only
 *   on an epc page; a guest's gate page is not one).
 */
#include "ia64.h"

uint32_t ia64_classify(const struct ia64_insn *insn)
{
	const struct ia64_opcode *o = insn->opc;
	if (!o)
		return 0;
	switch (o->op) {
	case IA64_OP_MOV_TO_AR: {
		/* ar3 is the first (destination) operand */
		int64_t ar = insn->opnd[0].value;
		if (ar <= 7 || ar == 44 || ar == 45)
			return IA64_F_PRIV;
		if (ar == 16 || ar == 18)
			return IA64_F_SENSITIVE;
		return 0;
	}
	case IA64_OP_MOV_FROM_AR: {
		int64_t ar = insn->opnd[1].value;
		if (ar <= 7 || ar == 44 || ar == 45)
			return IA64_F_SENSITIVE;
		return 0;
	}
	default:
		return 0;
	}
}
