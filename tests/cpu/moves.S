// SPDX-License-Identifier: GPL-2.0
// Moves to and from predicates, branch and application registers (SDM
// vol 3: mov pr, mov pr.rot, mov br, mov ar, mov psr.um, sum, rum), and
// indirect branches through them.
#include "test.h"

	BEGIN
	// mov pr=r2,mask: only the masked predicates change, never p0
	mov r16 = 0
	movl r17 = 0x00000000000000f0 ;;
	mov pr = r17, 0x1fffe ;;
	mov r18 = pr ;;
	mov r20 = 0xff ;;
	and r19 = r20, r18 ;;
	CHECK_EQ r19, 0xf1, "mov pr=r2,-1 then mov r1=pr (p0 reads 1)"
	movl r17 = 0x0000000000000f0f ;;
	mov pr = r17, 0x0ff0 ;;
	mov r18 = pr ;;
	movl r20 = 0xffff ;;
	and r19 = r20, r18 ;;
	CHECK_EQ r19, 0x0f01, "mov pr with a mask keeps the others"
	// p1-p15 keep what the last move gave them
	mov pr = r0, 0x1fffe ;;
	mov r18 = pr ;;
	and r19 = r20, r18 ;;
	CHECK_EQ r19, 1, "mov pr=r0 clears p1-p15"

	// mov pr.rot=imm44: p16-p63 from the immediate
	mov pr.rot = 0x5a50000 ;;
	mov r18 = pr ;;
	movl r20 = 0xffffffffffff0000 ;;
	and r19 = r20, r18 ;;
	CHECK_EQ r19, 0x5a50000, "mov pr.rot sets p16-p63"
	mov pr.rot = -0x10000 ;;
	mov r18 = pr ;;
	and r19 = r20, r18 ;;
	CHECK_EQ r19, 0xffffffffffff0000, "mov pr.rot sign-extends"
	mov pr.rot = 0 ;;

	// The broadside moves ignore rotation (SDM vol 1 4.3.5: "as if CFM.rrb.pr
	// were zero"): after one taken br.ctop (rrb.pr 0 -> 47, physical p63
	// written 0) mov r1=pr still reads the physical file, and mov pr=r2
	// restores it so that the unrotated view is as before.
	clrrrb ;;
	mov pr.rot = 0x5a50000
	mov ar.lc = 0
	mov ar.ec = 2 ;;
	br.ctop.sptk.few .Lrotated ;;
.Lrotated:
	mov r18 = pr ;;
	movl r20 = ~0xffff ;;
	and r19 = r20, r18 ;;
	CHECK_EQ r19, 0x5a50000, "mov r1=pr reads predicates as if rrb.pr were 0"
	mov pr.rot = 0 ;;
	mov pr = r18, -1 ;;
	clrrrb ;;
	mov r21 = pr ;;
	and r19 = r20, r21 ;;
	CHECK_EQ r19, 0x5a50000, "mov pr=r2 writes predicates as if rrb.pr were 0"
	mov pr.rot = 0 ;;

	// branch registers
	movl r16 = target1 ;;
	mov b6 = r16 ;;
	mov r17 = b6 ;;
	CHECK_EQ r17, target1, "mov b6=r2, mov r1=b6"
	mov r18 = 0 ;;
	br.cond.sptk.many b6 ;;
	mov r18 = 1 ;;
target1:
	CHECK_EQ r18, 0, "br b6 goes to b6"
	// the low four bits of a branch register are ignored by branches
	adds r16 = 7, r16 ;;
	mov b6 = r16 ;;
	mov r18 = 0
	movl r19 = target2 ;;
	mov b7 = r19 ;;
	br.cond.sptk.many b7 ;;
	mov r18 = 1 ;;
target2:
	CHECK_EQ r18, 0, "br through b7"
	mov r20 = b6 ;;
	CHECK_EQ r20, target1 + 7, "branch registers keep all 64 bits"

	// application registers
	movl r16 = 0x123456789 ;;
	mov ar.lc = r16
	mov ar.ccv = r16
	mov ar.unat = r16 ;;
	mov r17 = ar.lc
	mov r18 = ar.ccv
	mov r19 = ar.unat ;;
	CHECK_EQ r17, 0x123456789, "ar.lc"
	CHECK_EQ r18, 0x123456789, "ar.ccv"
	CHECK_EQ r19, 0x123456789, "ar.unat"
	mov ar.ec = 0x7f ;;
	mov r20 = ar.ec ;;
	CHECK_EQ r20, 0x3f, "ar.ec keeps 6 bits"
	mov ar.lc = -5 ;;
	mov r20 = ar.lc ;;
	CHECK_EQ r20, 0xfffffffffffffffb, "mov ar.lc=imm8"
	mov r21 = ar.fpsr ;;
	CHECK_EQ r21, 0x0009804c0270033f, "ar.fpsr starts as Linux starts a process"
	mov r22 = ar.rsc ;;
	and r22 = 3, r22 ;;
	CHECK_EQ r22, 3, "ar.rsc starts eager"
	// rsc.pl cannot go below the current privilege level (3)
	mov ar.rsc = 0 ;;
	mov r22 = ar.rsc ;;
	CHECK_EQ r22, 0xc, "mov ar.rsc=0 keeps pl 3"
	mov r23 = ar48 ;;
	CHECK_EQ r23, 0, "ignored ar48 reads 0"
	mov ar.rsc = 3 ;;

	// psr.um
	mov r24 = psr.um ;;
	CHECK_EQ r24, 0, "psr.um starts 0"
	sum 0x8 ;;
	mov r24 = psr.um ;;
	CHECK_EQ r24, 8, "sum sets psr.ac"
	rum 0x8 ;;
	mov r24 = psr.um ;;
	CHECK_EQ r24, 0, "rum clears psr.ac"
	mov r25 = 0x24 ;;
	mov psr.um = r25 ;;
	mov r24 = psr.um ;;
	CHECK_EQ r24, 0x24, "mov psr.um=r2"
	mov psr.um = r0 ;;
	END
	TAP_LIBRARY
