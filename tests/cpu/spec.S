// SPDX-License-Identifier: GPL-2.0
// Speculation (SDM vol 1 4.4): control speculation with ld.s and chk.s,
// NaT propagation, data speculation with ld.a/ld.sa, ld.c, chk.a, invala
// and the ALAT's invalidation by stores.
#include "test.h"

	BEGIN
	// control speculation
	mov r16 = 0 ;;				// page 0 is not mapped
	ld8.s r17 = [r16] ;;
	CHECK_NAT r17, "ld8.s from an unmapped page defers: NaT"
	mov r18 = 0 ;;
	chk.s r17, 1f
2:	CHECK_EQ r18, 1, "chk.s of a NaT branches to the recovery code"
	movl r19 = val ;;
	ld8.s r20 = [r19]
	mov r21 = 0 ;;
	chk.s.i r20, 3f
4:	CHECK_EQ r20, 0x1234, "ld8.s from mapped memory loads"
	CHECK_EQ r21, 0, "chk.s of a value falls through"
	ld8.s r22 = [r17] ;;
	CHECK_NAT r22, "ld8.s from a NaT address defers"
	add r23 = r17, r20 ;;
	CHECK_NAT r23, "a NaT goes through add"
	ld4.s r24 = [r19] ;;
	CHECK_EQ r24, 0x1234, "ld4.s loads"
	adds r25 = 1, r19 ;;
	ld8.s r26 = [r25] ;;
	CHECK_NONAT r26, "an unaligned ld8.s is done (psr.ac is 0)"

	// data speculation: ld8.a, then ld8.c with and without a store between
	movl r27 = x ;;
	ld8.a r28 = [r27] ;;
	mov r28 = 77 ;;
	ld8.c.nc r28 = [r27] ;;
	CHECK_EQ r28, 77, "ld8.c.nc after ld8.a with no store: no reload"
	mov r29 = 2 ;;
	st8 [r27] = r29 ;;
	ld8.c.clr r28 = [r27] ;;
	CHECK_EQ r28, 2, "ld8.c.clr after a store to the address reloads"
	mov r28 = 55 ;;
	ld8.c.nc r28 = [r27] ;;
	CHECK_EQ r28, 2, "ld8.c.nc without an entry reloads"
	mov r28 = 66 ;;
	ld8.c.clr r28 = [r27] ;;
	CHECK_EQ r28, 66, "the ld8.c.nc reload made an entry"
	mov r28 = 67 ;;
	ld8.c.clr r28 = [r27] ;;
	CHECK_EQ r28, 2, "ld8.c.clr removed the entry"

	// only overlapping stores invalidate
	ld8.a r30 = [r27]
	adds r31 = 8, r27 ;;
	st8 [r31] = r0 ;;
	mov r30 = 5 ;;
	ld8.c.clr r30 = [r27] ;;
	CHECK_EQ r30, 5, "a store next to the address keeps the entry"
	ld8.a r30 = [r27]
	adds r31 = 7, r27 ;;
	st1 [r31] = r0 ;;
	mov r30 = 5 ;;
	ld8.c.clr r30 = [r27] ;;
	CHECK_EQ r30, 2, "a one-byte store into the last byte invalidates"
	ld2.a r30 = [r27]
	adds r31 = -6, r27 ;;
	st8 [r31] = r0 ;;
	mov r30 = 5 ;;
	ld2.c.clr r30 = [r27] ;;
	CHECK_EQ r30, 0, "a store overlapping from below invalidates"

	// chk.a
	mov r18 = 0
	ld8.a r20 = [r27] ;;
	chk.a.nc r20, 5f
6:	CHECK_EQ r18, 0, "chk.a with an entry falls through"
	st8 [r27] = r29 ;;
	chk.a.clr r20, 7f
8:	CHECK_EQ r18, 1, "chk.a after a store branches"
	mov r18 = 0
	ld8.a r20 = [r27] ;;
	invala ;;
	chk.a.nc r20, 9f
10:	CHECK_EQ r18, 2, "chk.a after invala branches"
	mov r18 = 0
	ld8.a r20 = [r27] ;;
	invala.e r20 ;;
	chk.a.clr r20, 11f
12:	CHECK_EQ r18, 3, "chk.a after invala.e branches"
	mov r18 = 0
	ld8.a r20 = [r27]
	ld8.a r21 = [r19] ;;
	invala.e r21 ;;
	chk.a.clr r20, 13f
14:	CHECK_EQ r18, 0, "invala.e of another register keeps the entry"
	mov r18 = 0
	ld8.a r20 = [r27] ;;
	mov ar.ccv = r29
	mov r21 = 9 ;;
	cmpxchg8.acq r22 = [r27], r21, ar.ccv ;;
	chk.a.clr r20, 15f
16:	CHECK_EQ r18, 5, "a cmpxchg that stores invalidates"
	st8 [r27] = r29 ;;

	// ld.sa: deferred means no entry, so ld.c reloads
	ld8.sa r24 = [r16] ;;
	CHECK_NAT r24, "ld8.sa from an unmapped page defers"
	ld8.c.clr r24 = [r27] ;;
	CHECK_EQ r24, 2, "ld8.c after a deferred ld8.sa reloads"
	CHECK_NONAT r24, "and clears the NaT"
	ld8.sa r24 = [r27] ;;
	mov r24 = 3 ;;
	ld8.c.clr r24 = [r27] ;;
	CHECK_EQ r24, 3, "ld8.sa from mapped memory makes an entry"
	END

1:	mov r18 = 1
	br.cond.sptk.few 2b ;;
3:	mov r21 = 1
	br.cond.sptk.few 4b ;;
5:	mov r18 = 9
	br.cond.sptk.few 6b ;;
7:	mov r18 = 1
	br.cond.sptk.few 8b ;;
9:	mov r18 = 2
	br.cond.sptk.few 10b ;;
11:	mov r18 = 3
	br.cond.sptk.few 12b ;;
13:	mov r18 = 4
	br.cond.sptk.few 14b ;;
15:	mov r18 = 5
	br.cond.sptk.few 16b ;;
	TAP_LIBRARY

	.data
	.align 8
val:	data8 0x1234
	data8 0
pad:	data8 0
x:	data8 1
	data8 0
