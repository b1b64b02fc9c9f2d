// SPDX-License-Identifier: GPL-2.0
// I-unit shifts and fields (SDM vol 3: shl, shr, shrp, extr, dep, dep.z,
// zxt, sxt) and NaT propagation through them.
#include "test.h"

	BEGIN
	mov r16 = 1
	mov r17 = 63
	mov r18 = 64 ;;
	shl r19 = r16, r17
	shl r20 = r16, r18 ;;
	CHECK_EQ r19, 0x8000000000000000, "shl by register 63"
	CHECK_EQ r20, 0, "shl by register 64 gives 0"
	movl r21 = 0x1234 ;;
	shl r22 = r21, 4 ;;
	CHECK_EQ r22, 0x12340, "shl by immediate (dep.z)"

	mov r23 = 100 ;;
	shr r24 = r19, r17
	shr.u r25 = r19, r17
	shr r26 = r19, r23
	shr.u r27 = r19, r23 ;;
	CHECK_EQ r24, 0xffffffffffffffff, "shr by register fills with the sign"
	CHECK_EQ r25, 1, "shr.u by register"
	CHECK_EQ r26, 0xffffffffffffffff, "shr by more than 63 keeps only the sign"
	CHECK_EQ r27, 0, "shr.u by more than 63 gives 0"
	shr r24 = r19, 4
	shr.u r25 = r19, 4 ;;
	CHECK_EQ r24, 0xf800000000000000, "shr by immediate (extr)"
	CHECK_EQ r25, 0x0800000000000000, "shr.u by immediate (extr.u)"

	movl r16 = 0x1122334455667788
	movl r17 = 0x99aabbccddeeff00 ;;
	shrp r18 = r16, r17, 8
	shrp r19 = r16, r17, 60 ;;
	CHECK_EQ r18, 0x8899aabbccddeeff, "shrp by 8"
	CHECK_EQ r19, 0x1223344556677889, "shrp by 60"

	movl r16 = 0x123456789abcdef0 ;;
	extr.u r17 = r16, 8, 12
	extr.u r18 = r16, 60, 16
	movl r19 = 0xf000 ;;
	extr r20 = r19, 12, 4
	extr r21 = r19, 12, 5 ;;
	CHECK_EQ r17, 0xcde, "extr.u"
	CHECK_EQ r18, 0x1, "extr.u past bit 63 is cut"
	CHECK_EQ r20, 0xffffffffffffffff, "extr sign-extends the field"
	CHECK_EQ r21, 0xf, "extr with a clear top bit"

	mov r16 = 0xff ;;
	dep.z r17 = r16, 8, 4
	dep.z r18 = -2, 4, 8
	dep.z r19 = r16, 60, 8 ;;
	CHECK_EQ r17, 0xf00, "dep.z"
	CHECK_EQ r18, 0xfe0, "dep.z imm8"
	CHECK_EQ r19, 0xf000000000000000, "dep.z past bit 63 is cut"
	movl r20 = 0xabcd
	mov r21 = -1 ;;
	dep r22 = r20, r21, 16, 8
	dep r23 = 0, r21, 4, 8
	dep r24 = -1, r0, 60, 8
	dep r25 = r20, r0, 0, 16 ;;
	CHECK_EQ r22, 0xffffffffffcdffff, "dep r2,r3,pos,len4"
	CHECK_EQ r23, 0xfffffffffffff00f, "dep imm1 0"
	CHECK_EQ r24, 0xf000000000000000, "dep imm1 -1 past bit 63"
	CHECK_EQ r25, 0xabcd, "dep len 16"

	movl r16 = 0xdeadbeefcafeba80 ;;
	zxt1 r17 = r16
	sxt1 r18 = r16
	zxt2 r19 = r16
	sxt2 r20 = r16
	zxt4 r21 = r16
	sxt4 r22 = r16 ;;
	CHECK_EQ r17, 0x80, "zxt1"
	CHECK_EQ r18, 0xffffffffffffff80, "sxt1"
	CHECK_EQ r19, 0xba80, "zxt2"
	CHECK_EQ r20, 0xffffffffffffba80, "sxt2"
	CHECK_EQ r21, 0xcafeba80, "zxt4"
	CHECK_EQ r22, 0xffffffffcafeba80, "sxt4"

	// NaT goes through every one of them
	movl r26 = natbuf ;;
	st8 [r26] = r0
	mov ar.unat = -1 ;;
	ld8.fill r27 = [r26] ;;
	mov ar.unat = r0
	shl r28 = r27, 4
	extr.u r29 = r27, 4, 4
	dep r30 = r16, r27, 4, 4
	sxt4 r31 = r27 ;;
	CHECK_NAT r28, "shl propagates NaT"
	CHECK_NAT r29, "extr propagates NaT"
	CHECK_NAT r30, "dep propagates NaT from r3"
	CHECK_NAT r31, "sxt propagates NaT"
	dep.z r28 = 5, 4, 4
	shrp r29 = r27, r16, 8
	add r30 = r27, r16
	and r31 = 7, r27 ;;
	CHECK_NONAT r28, "dep.z imm8 has no NaT"
	CHECK_NAT r29, "shrp propagates NaT from r2"
	CHECK_NAT r30, "add propagates NaT"
	CHECK_NAT r31, "and imm8 propagates NaT"
	mov r28 = r27 ;;
	CHECK_NAT r28, "mov copies the NaT"
	mov r28 = 5 ;;
	CHECK_NONAT r28, "mov imm clears the NaT"
	END
	TAP_LIBRARY

	.data
	.align 8
natbuf:	data8 0
