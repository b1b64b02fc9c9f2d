// SPDX-License-Identifier: GPL-2.0
// Integer memory access (SDM vol 3: ld, st, ld16, st16, cmpxchg, xchg,
// fetchadd, cmp8xchg16, lfetch, mf): sizes, zero extension, post-increment,
// ordering completers, spill/fill with ar.unat, unaligned accesses.
#include "test.h"

	BEGIN
	movl r16 = buf ;;
	movl r17 = 0x8877665544332211 ;;
	st8 [r16] = r17 ;;
	ld1 r18 = [r16]
	ld2 r19 = [r16]
	ld4 r20 = [r16]
	ld8 r21 = [r16] ;;
	CHECK_EQ r18, 0x11, "ld1 zero-extends"
	CHECK_EQ r19, 0x2211, "ld2 is little-endian"
	CHECK_EQ r20, 0x44332211, "ld4"
	CHECK_EQ r21, 0x8877665544332211, "ld8"
	adds r22 = 7, r16 ;;
	ld1 r23 = [r22] ;;
	CHECK_EQ r23, 0x88, "ld1 of a high byte is not sign-extended"

	mov r24 = -1 ;;
	st1 [r16] = r24 ;;
	ld8 r25 = [r16] ;;
	CHECK_EQ r25, 0x88776655443322ff, "st1 writes one byte"
	st2 [r16] = r0 ;;
	ld8 r25 = [r16] ;;
	CHECK_EQ r25, 0x8877665544330000, "st2 writes two bytes"
	st4 [r16] = r24 ;;
	ld8 r25 = [r16] ;;
	CHECK_EQ r25, 0x88776655ffffffff, "st4 writes four bytes"

	// post-increment: imm9 and register forms
	mov r26 = r16
	mov r27 = -8 ;;
	st8 [r26] = r17, 8 ;;
	st8 [r26] = r24, -8 ;;
	ld8 r28 = [r26], 16 ;;
	ld8 r29 = [r26], r27 ;;
	sub r30 = r26, r16 ;;
	CHECK_EQ r28, 0x8877665544332211, "st8 and ld8 with post-increment"
	CHECK_EQ r29, 0, "ld8 [r3],16 moved to the third doubleword"
	CHECK_EQ r30, 8, "register post-increment"
	adds r26 = 8, r16 ;;
	ld8 r29 = [r26] ;;
	CHECK_EQ r29, 0xffffffffffffffff, "st8 [r3]=r2,8 then st8 [r3]=r2,-8"

	// ordering completers and fences move the same data
	movl r17 = 0x0123456789abcdef ;;
	st8.rel [r16] = r17 ;;
	mf ;;
	ld8.acq r18 = [r16] ;;
	ld4.acq r19 = [r16] ;;
	ld8.bias r20 = [r16]
	ld8.nta r21 = [r16] ;;
	mf.a ;;
	CHECK_EQ r18, 0x0123456789abcdef, "st8.rel / ld8.acq"
	CHECK_EQ r19, 0x89abcdef, "ld4.acq"
	CHECK_EQ r20, 0x0123456789abcdef, "ld8.bias"
	CHECK_EQ r21, 0x0123456789abcdef, "ld8.nta"

	// unaligned accesses (psr.ac is 0) are done
	adds r22 = 3, r16 ;;
	ld4 r23 = [r22] ;;
	CHECK_EQ r23, 0x23456789, "unaligned ld4"
	mov r24 = 0x55 ;;
	st2 [r22] = r24 ;;
	ld8 r25 = [r16] ;;
	CHECK_EQ r25, 0x0123450055abcdef, "unaligned st2"

	// spill and fill: the NaT bit goes to ar.unat{addr 8:3}
	movl r2 = natbuf ;;
	st8 [r2] = r0
	mov ar.unat = -1 ;;
	ld8.fill r26 = [r2] ;;
	mov ar.unat = r0
	adds r27 = 24, r16 ;;		// buf + 24: unat bit (buf >> 3) + 3
	st8.spill [r27] = r26 ;;
	mov r28 = ar.unat
	shr.u r29 = r27, 3 ;;
	and r29 = 63, r29 ;;
	shr.u r30 = r28, r29 ;;
	and r30 = 1, r30 ;;
	CHECK_EQ r30, 1, "st8.spill of a NaT sets its ar.unat bit"
	ld8.fill r31 = [r27] ;;
	CHECK_NAT r31, "ld8.fill brings the NaT back"
	mov r28 = 77 ;;
	st8.spill [r27] = r28, 8 ;;
	mov r28 = ar.unat ;;
	shr.u r30 = r28, r29 ;;
	and r30 = 1, r30 ;;
	CHECK_EQ r30, 0, "st8.spill of a value clears its ar.unat bit"
	adds r27 = -8, r27 ;;
	ld8.fill r31 = [r27] ;;
	CHECK_EQ r31, 77, "ld8.fill value"
	CHECK_NONAT r31, "ld8.fill without the bit"

	// semaphores
	mov r17 = 100 ;;
	st8 [r16] = r17
	mov ar.ccv = 100
	mov r18 = 200 ;;
	cmpxchg8.acq r19 = [r16], r18, ar.ccv ;;
	ld8 r20 = [r16] ;;
	CHECK_EQ r19, 100, "cmpxchg8 returns the old value"
	CHECK_EQ r20, 200, "cmpxchg8 stores when equal"
	cmpxchg8.rel r19 = [r16], r17, ar.ccv ;;
	ld8 r20 = [r16] ;;
	CHECK_EQ r19, 200, "failed cmpxchg8 returns memory"
	CHECK_EQ r20, 200, "failed cmpxchg8 stores nothing"
	movl r21 = 0x1ff ;;
	mov ar.ccv = r21 ;;
	st8 [r16] = r0 ;;
	mov r22 = 0xff ;;
	st1 [r16] = r22
	mov r23 = 0x11 ;;
	cmpxchg1.acq r24 = [r16], r23, ar.ccv ;;
	ld8 r25 = [r16] ;;
	CHECK_EQ r24, 0xff, "cmpxchg1 returns the byte"
	CHECK_EQ r25, 0xff, "cmpxchg1 compares all of ar.ccv (0x1ff != 0xff)"
	mov ar.ccv = r22 ;;
	cmpxchg1.acq r24 = [r16], r23, ar.ccv ;;
	ld8 r25 = [r16] ;;
	CHECK_EQ r25, 0x11, "cmpxchg1 stores one byte"
	movl r26 = 0xaaaabbbbccccdddd ;;
	xchg8 r27 = [r16], r26 ;;
	ld8 r28 = [r16] ;;
	CHECK_EQ r27, 0x11, "xchg8 returns the old value"
	CHECK_EQ r28, 0xaaaabbbbccccdddd, "xchg8 stores"
	xchg2 r27 = [r16], r0 ;;
	ld8 r28 = [r16] ;;
	CHECK_EQ r27, 0xdddd, "xchg2 returns two bytes"
	CHECK_EQ r28, 0xaaaabbbbcccc0000, "xchg2 stores two bytes"
	st8 [r16] = r0 ;;
	fetchadd8.acq r29 = [r16], 16 ;;
	fetchadd8.rel r29 = [r16], -1 ;;
	ld8 r30 = [r16] ;;
	CHECK_EQ r29, 16, "fetchadd8 returns the old value"
	CHECK_EQ r30, 15, "fetchadd8 adds 16 then -1"
	st4 [r16] = r0 ;;
	fetchadd4.acq r29 = [r16], -4 ;;
	ld8 r30 = [r16] ;;
	CHECK_EQ r30, 0xfffffffc, "fetchadd4 wraps at 32 bits"

	// 16-byte forms
	movl r17 = 0x1111111111111111
	movl r18 = 0x2222222222222222 ;;
	mov ar.csd = r18 ;;
	st16 [r16] = r17, ar.csd ;;
	mov ar.csd = r0 ;;
	ld16 r19, ar.csd = [r16] ;;
	mov r20 = ar.csd ;;
	CHECK_EQ r19, 0x1111111111111111, "st16/ld16 low half"
	CHECK_EQ r20, 0x2222222222222222, "st16/ld16 high half through ar.csd"
	mov ar.ccv = r18
	movl r21 = 0x3333333333333333
	movl r22 = 0x4444444444444444 ;;
	mov ar.csd = r22
	adds r23 = 8, r16 ;;
	cmp8xchg16.acq r24 = [r23], r21, ar.csd, ar.ccv ;;
	ld8 r25 = [r16]
	adds r26 = 8, r16 ;;
	ld8 r26 = [r26] ;;
	CHECK_EQ r24, 0x2222222222222222, "cmp8xchg16 compares the addressed half"
	CHECK_EQ r25, 0x3333333333333333, "cmp8xchg16 puts r2 at the 16-byte block's start"
	CHECK_EQ r26, 0x4444444444444444, "cmp8xchg16 puts ar.csd in the other half"

	// lfetch moves no data but updates its base
	mov r27 = r16 ;;
	lfetch [r27], 64 ;;
	lfetch.nt1 [r27]
	mov r28 = 32 ;;
	lfetch.excl [r27], r28 ;;
	sub r29 = r27, r16 ;;
	CHECK_EQ r29, 96, "lfetch post-increments its base"
	mov r27 = 0 ;;
	lfetch [r27] ;;			// unmapped, and no fault
	CHECK_EQ r27, 0, "lfetch of an unmapped address does not fault"
	END
	TAP_LIBRARY

	.data
	.align 16
buf:	data8 0, 0, 0, 0, 0, 0, 0, 0
natbuf:	data8 0
