// SPDX-License-Identifier: GPL-2.0
// A-unit integer ALU (SDM vol 3: add, sub, addp4, and, or, xor, andcm,
// shladd, shladdp4, movl, mov ip).
#include "test.h"

	BEGIN
	movl r16 = 0x7fffffffffffffff
	mov r17 = 1 ;;
	add r18 = r16, r17
	mov r19 = 5
	mov r20 = 6 ;;
	add r21 = r19, r20, 1 ;;
	CHECK_EQ r18, 0x8000000000000000, "add wraps at 64 bits"
	CHECK_EQ r21, 12, "add r1=r2,r3,1 adds one more"

	mov r16 = 10
	mov r17 = 3 ;;
	sub r18 = r16, r17
	sub r19 = r16, r17, 1
	sub r20 = 5, r17
	sub r21 = -1, r16 ;;
	CHECK_EQ r18, 7, "sub"
	CHECK_EQ r19, 6, "sub r1=r2,r3,1 subtracts one more"
	CHECK_EQ r20, 2, "sub r1=imm8,r3"
	CHECK_EQ r21, 0xfffffffffffffff5, "sub with a negative imm8"

	adds r16 = -8192, r0
	adds r17 = 8191, r0
	addl r18 = 0x1fffff, r0
	addl r19 = -2097152, r0 ;;
	CHECK_EQ r16, 0xffffffffffffe000, "adds sign-extends imm14"
	CHECK_EQ r17, 0x1fff, "adds largest imm14"
	CHECK_EQ r18, 0x1fffff, "addl largest imm22"
	CHECK_EQ r19, 0xffffffffffe00000, "addl smallest imm22"
	mov r2 = 100 ;;
	addl r21 = 23, r2 ;;
	CHECK_EQ r21, 123, "addl adds r3 (r0-r3 only)"

	movl r16 = 0xf0f0
	movl r17 = 0xff00 ;;
	and r18 = r16, r17
	or r19 = r16, r17
	xor r20 = r16, r17
	andcm r21 = r17, r16 ;;
	CHECK_EQ r18, 0xf000, "and"
	CHECK_EQ r19, 0xfff0, "or"
	CHECK_EQ r20, 0x0ff0, "xor"
	CHECK_EQ r21, 0x0f00, "andcm"
	mov r16 = 0x0f ;;
	and r18 = 0x7c, r16
	or r19 = -128, r16
	xor r20 = -1, r16
	andcm r21 = -1, r16 ;;
	CHECK_EQ r18, 0x0c, "and imm8"
	CHECK_EQ r19, 0xffffffffffffff8f, "or imm8 (sign-extended)"
	CHECK_EQ r20, 0xfffffffffffffff0, "xor imm8"
	CHECK_EQ r21, 0xfffffffffffffff0, "andcm imm8"

	mov r16 = 3
	mov r17 = 5 ;;
	shladd r18 = r16, 2, r17
	shladd r19 = r16, 4, r17 ;;
	CHECK_EQ r18, 17, "shladd by 2"
	CHECK_EQ r19, 53, "shladd by 4"

	// addp4: 32-bit sum, region bits 62:61 from r3{31:30}
	mov r16 = 0x10
	movl r17 = 0xffffffffc0001000 ;;
	addp4 r18 = r16, r17
	movl r19 = 0x40000004 ;;
	addp4 r20 = 0x20, r19
	mov r21 = 1
	movl r22 = 0x80000000 ;;
	shladdp4 r23 = r21, 4, r22 ;;
	CHECK_EQ r18, 0x60000000c0001010, "addp4 keeps 32 bits and copies the region bits"
	CHECK_EQ r20, 0x2000000040000024, "addp4 imm14"
	CHECK_EQ r23, 0x4000000080000010, "shladdp4"

	movl r16 = 0x123456789abcdef0 ;;
	CHECK_EQ r16, 0x123456789abcdef0, "movl"
	mov r17 = r16 ;;
	CHECK_EQ r17, 0x123456789abcdef0, "mov r1=r3"

	.align 16
here:	mov r16 = ip
	movl r17 = here ;;
	cmp.eq p8, p9 = r16, r17 ;;
	CHECK_P p8, "mov r1=ip is the bundle address"
	END
	TAP_LIBRARY
