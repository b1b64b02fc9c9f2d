// SPDX-License-Identifier: GPL-2.0
// Compares and tests (SDM vol 3: cmp, cmp4, tbit, tnat): every relation,
// the register, immediate and parallel (r0) forms, the none/unc/and/or/
// or.andcm types and the assembler's andcm/orcm/and.orcm forms, NaT inputs.
#include "test.h"

// p8/p9 = a compare's result, checked as a pair.
	.macro PAIR t, f, msg
	CHECK_P \t, "\msg (true target)"
	CHECK_NP \f, "\msg (false target)"
	.endm

// Both p8 and p9 are 1.
	.macro BOTH1 msg
	CHECK_P p8, "\msg (p1)"
	CHECK_P p9, "\msg (p2)"
	.endm

// Set p8 and p9 to known values.
	.macro SETP a, b
	cmp.eq p8, p0 = r0, r\a
	cmp.eq p9, p0 = r0, r\b ;;
	.endm

	BEGIN
	mov r16 = 5
	mov r17 = 3
	mov r18 = -1
	mov r19 = 1 ;;
	// r0 = 0 and r1... we use r0 for "set to 1" (0 == 0) and r19 for "0"
	cmp.eq p8, p9 = r16, r16 ;;
	PAIR p8, p9, "cmp.eq equal"
	cmp.eq p8, p9 = r16, r17 ;;
	PAIR p9, p8, "cmp.eq unequal"
	cmp.ne p8, p9 = r16, r17 ;;
	PAIR p8, p9, "cmp.ne"
	cmp.lt p8, p9 = r18, r19 ;;
	PAIR p8, p9, "cmp.lt is signed"
	cmp.ltu p8, p9 = r18, r19 ;;
	PAIR p9, p8, "cmp.ltu is unsigned"
	cmp.gt p8, p9 = r16, r17 ;;
	PAIR p8, p9, "cmp.gt"
	cmp.le p8, p9 = r16, r16 ;;
	PAIR p8, p9, "cmp.le equal"
	cmp.ge p8, p9 = r17, r16 ;;
	PAIR p9, p8, "cmp.ge smaller"
	cmp.geu p8, p9 = r18, r16 ;;
	PAIR p8, p9, "cmp.geu"
	cmp.leu p8, p9 = r18, r16 ;;
	PAIR p9, p8, "cmp.leu"

	// immediate forms: imm8 op r3
	cmp.eq p8, p9 = 5, r16 ;;
	PAIR p8, p9, "cmp.eq imm8"
	cmp.lt p8, p9 = -3, r0 ;;
	PAIR p8, p9, "cmp.lt imm8 negative"
	cmp.ltu p8, p9 = -1, r16 ;;
	PAIR p9, p8, "cmp.ltu imm8 is sign-extended then unsigned"
	cmp.gt p8, p9 = 6, r16 ;;
	PAIR p8, p9, "cmp.gt imm8"
	cmp.ne p8, p9 = 5, r16 ;;
	PAIR p9, p8, "cmp.ne imm8"

	// cmp4 looks at the low 32 bits, sign- or zero-extended
	movl r20 = 0x0000000080000000
	movl r21 = 0xffffffff00000001 ;;
	cmp4.lt p8, p9 = r20, r0 ;;
	PAIR p8, p9, "cmp4.lt sees bit 31 as the sign"
	cmp.lt p8, p9 = r20, r0 ;;
	PAIR p9, p8, "cmp.lt sees the full register"
	cmp4.eq p8, p9 = r21, r19 ;;
	PAIR p8, p9, "cmp4.eq ignores the upper half"
	cmp4.ltu p8, p9 = r19, r20 ;;
	PAIR p8, p9, "cmp4.ltu"
	cmp4.lt p8, p9 = -1, r21 ;;
	PAIR p8, p9, "cmp4.lt imm8"

	// .unc: a false qualifying predicate clears both targets
	SETP 0, 0
	cmp.eq p10, p11 = r0, r19 ;;		// p10 = 0
(p10)	cmp.eq.unc p8, p9 = r0, r0 ;;
	CHECK_NP p8, "cmp.unc with qp 0 clears p1"
	CHECK_NP p9, "cmp.unc with qp 0 clears p2"
	SETP 0, 0
(p10)	cmp.eq p8, p9 = r0, r19 ;;
	BOTH1 "plain cmp with qp 0 writes nothing"
	SETP 0, 0
(p11)	cmp.lt.unc p8, p9 = r19, r0 ;;
	PAIR p9, p8, "cmp.unc with qp 1 writes the result"

	// .and: both cleared when false, untouched when true
	SETP 0, 0
	cmp.eq.and p8, p9 = r16, r16 ;;
	BOTH1 "cmp.eq.and true leaves the targets"
	cmp.eq.and p8, p9 = r16, r17 ;;
	CHECK_NP p8, "cmp.eq.and false clears p1"
	CHECK_NP p9, "cmp.eq.and false clears p2"
	// .or: both set when true
	SETP 19, 19
	cmp.ne.or p8, p9 = r16, r16 ;;
	CHECK_NP p8, "cmp.ne.or false leaves p1"
	cmp.ne.or p8, p9 = r16, r17 ;;
	BOTH1 "cmp.ne.or true sets both"
	// .or.andcm: p1 set, p2 cleared when true
	SETP 19, 0
	cmp.eq.or.andcm p8, p9 = r17, r17 ;;
	PAIR p8, p9, "cmp.eq.or.andcm"
	SETP 19, 0
	cmp.ne.or.andcm p8, p9 = r17, r17 ;;
	PAIR p9, p8, "cmp.ne.or.andcm false leaves both"
	// assembler forms: andcm/orcm/and.orcm (relation complemented)
	SETP 0, 0
	cmp.eq.andcm p8, p9 = r16, r17 ;;
	BOTH1 "cmp.eq.andcm of unequal leaves both"
	SETP 19, 19
	cmp.eq.orcm p8, p9 = r16, r17 ;;
	BOTH1 "cmp.eq.orcm of unequal sets both"
	SETP 0, 19
	cmp.eq.and.orcm p8, p9 = r16, r17 ;;
	PAIR p9, p8, "cmp.eq.and.orcm of unequal"

	// parallel compares against r0 (A7): 0 rel r3
	SETP 0, 0
	cmp.gt.and p8, p9 = r0, r18 ;;
	BOTH1 "cmp.gt.and r0,r3 true leaves both"
	cmp.gt.and p8, p9 = r0, r16 ;;
	CHECK_NP p8, "cmp.gt.and r0,r3 false clears"
	SETP 19, 19
	cmp.lt.or p8, p9 = r0, r16 ;;
	BOTH1 "cmp.lt.or r0,r3 true sets both"
	SETP 19, 0
	cmp.ge.or.andcm p8, p9 = r0, r18 ;;
	PAIR p8, p9, "cmp.ge.or.andcm r0,r3"
	SETP 0, 0
	cmp4.le.and p8, p9 = r0, r20 ;;
	CHECK_NP p8, "cmp4.le.and r0,r3 (0 <= negative) false"

	// NaT inputs (a NaT from ld8.fill with its ar.unat bit set)
	movl r22 = natbuf ;;
	st8 [r22] = r0
	mov ar.unat = -1 ;;
	ld8.fill r23 = [r22] ;;
	mov ar.unat = r0
	CHECK_NAT r23, "ld8.fill with the unat bit set makes a NaT"
	SETP 0, 0
	cmp.eq p8, p9 = r23, r23 ;;
	CHECK_NP p8, "cmp with a NaT clears p1"
	CHECK_NP p9, "cmp with a NaT clears p2"
	SETP 0, 0
	cmp.eq.and p8, p9 = r0, r23 ;;
	CHECK_NP p8, "cmp.and with a NaT clears p1"
	SETP 19, 19
	cmp.eq.or p8, p9 = r0, r23 ;;
	CHECK_NP p8, "cmp.or with a NaT writes nothing"

	// tbit, tnat
	mov r24 = 8 ;;
	tbit.nz p8, p9 = r24, 3 ;;
	PAIR p8, p9, "tbit.nz of a set bit"
	tbit.z p8, p9 = r24, 3 ;;
	PAIR p9, p8, "tbit.z of a set bit"
	movl r25 = 0x8000000000000000 ;;
	tbit.nz p8, p9 = r25, 63 ;;
	PAIR p8, p9, "tbit bit 63"
	SETP 0, 0
	tbit.z.and p8, p9 = r24, 3 ;;
	CHECK_NP p8, "tbit.z.and false clears"
	SETP 0, 0
	tbit.nz p8, p9 = r23, 0 ;;
	CHECK_NP p8, "tbit of a NaT clears p1"
	CHECK_NP p9, "tbit of a NaT clears p2"
	tnat.nz p8, p9 = r23 ;;
	PAIR p8, p9, "tnat.nz of a NaT"
	tnat.z p8, p9 = r24 ;;
	PAIR p8, p9, "tnat.z of a value"
	SETP 19, 19
	tnat.nz.or p8, p9 = r23 ;;
	BOTH1 "tnat.nz.or sets both"
	END
	TAP_LIBRARY

	.data
	.align 8
natbuf:	data8 0
