// SPDX-License-Identifier: GPL-2.0
// FP loads and stores as the core moves them (SDM vol 3 ldf, ldfp, stf;
// vol 1 5.1 memory formats): sizes, post-increment, spill/fill, pairs,
// speculation (NaTVal, chk.s on an FR) and the ALAT for FRs.  The register
// side is the FP library's (setf/getf move values in and out).
#include "test.h"

	BEGIN
	movl r16 = buf
	movl r17 = 0x400921fb54442d18 ;;	// pi as a double
	setf.d f6 = r17 ;;
	stfd [r16] = f6 ;;
	ld8 r18 = [r16] ;;
	CHECK_EQ r18, 0x400921fb54442d18, "stfd stores the double"
	ldfd f7 = [r16] ;;
	getf.d r19 = f7 ;;
	CHECK_EQ r19, 0x400921fb54442d18, "ldfd loads it back"

	mov r20 = 0 ;;
	st8 [r16] = r20
	movl r20 = 0x3fc00000 ;;		// 1.5 as a single
	st4 [r16] = r20 ;;
	ldfs f8 = [r16] ;;
	getf.s r21 = f8
	adds r22 = 16, r16 ;;
	stfs [r22] = f8 ;;
	ld8 r23 = [r22] ;;
	CHECK_EQ r21, 0x3fc00000, "ldfs, getf.s"
	CHECK_EQ r23, 0x3fc00000, "stfs writes four bytes"

	movl r20 = 0x123456789abcdef ;;
	st8 [r16] = r20 ;;
	ldf8 f9 = [r16] ;;
	getf.sig r21 = f9 ;;
	CHECK_EQ r21, 0x123456789abcdef, "ldf8 loads the significand"
	stf8 [r22] = f9 ;;
	ld8 r23 = [r22] ;;
	CHECK_EQ r23, 0x123456789abcdef, "stf8 stores the significand"

	// stfe: 1.0 is significand 0x8000000000000000, exponent 0x3fff
	st8 [r22] = r0, 8 ;;
	st8 [r22] = r0, -8 ;;
	stfe [r22] = f1 ;;
	ld8 r23 = [r22], 8 ;;
	ld8 r24 = [r22], -8 ;;
	CHECK_EQ r23, 0x8000000000000000, "stfe of 1.0: significand"
	CHECK_EQ r24, 0x3fff, "stfe of 1.0: sign and exponent in 2 bytes, no more"
	ldfe f10 = [r22] ;;
	getf.exp r25 = f10
	getf.sig r26 = f10 ;;
	CHECK_EQ r25, 0xffff, "ldfe of 1.0: register exponent"
	CHECK_EQ r26, 0x8000000000000000, "ldfe of 1.0: significand"

	// stf.spill / ldf.fill: 16 bytes, the register format
	stf.spill [r22] = f1 ;;
	ld8 r23 = [r22], 8 ;;
	ld8 r24 = [r22], -8 ;;
	CHECK_EQ r23, 0x8000000000000000, "stf.spill of 1.0: significand"
	CHECK_EQ r24, 0xffff, "stf.spill of 1.0: the 17-bit exponent"
	ldf.fill f11 = [r22] ;;
	getf.exp r25 = f11 ;;
	CHECK_EQ r25, 0xffff, "ldf.fill brings it back"

	// post-increment and pairs
	mov r27 = r16
	movl r28 = 0x3ff0000000000000 ;;	// 1.0
	setf.d f12 = r28 ;;
	stfd [r27] = f12, 8 ;;
	stfd [r27] = f6, 8 ;;
	sub r29 = r27, r16 ;;
	CHECK_EQ r29, 16, "stfd with post-increment"
	ldfpd f13, f14 = [r16], 16 ;;
	getf.d r30 = f13
	getf.d r31 = f14
	sub r29 = r16, r27 ;;
	CHECK_EQ r30, 0x3ff0000000000000, "ldfpd: the first"
	CHECK_EQ r31, 0x400921fb54442d18, "ldfpd: the second"
	CHECK_EQ r29, 0, "ldfpd post-increments by 16"
	adds r16 = -16, r16 ;;
	ldfd f15 = [r16], 8 ;;
	ldfd f15 = [r16], -8 ;;
	getf.d r30 = f15 ;;
	CHECK_EQ r30, 0x400921fb54442d18, "ldfd with post-increment"

	// speculation
	mov r20 = 0 ;;
	ldfd.s f16 = [r20] ;;
	getf.sig r21 = f16 ;;
	CHECK_NAT r21, "ldfd.s from an unmapped page gives NaTVal (getf makes a NaT)"
	mov r18 = 0 ;;
	chk.s f16, 1f
2:	CHECK_EQ r18, 1, "chk.s on a NaTVal FR branches"
	ldfd.s f17 = [r16] ;;
	chk.s f17, 7f
	getf.d r21 = f17 ;;
	CHECK_EQ r21, 0x3ff0000000000000, "ldfd.s from memory loads"

	// the ALAT for FRs
	ldfd.a f18 = [r16] ;;
	setf.d f18 = r17 ;;
	ldfd.c.nc f18 = [r16] ;;
	getf.d r21 = f18 ;;
	CHECK_EQ r21, 0x400921fb54442d18, "ldfd.c.nc after ldfd.a: no reload"
	st8 [r16] = r0 ;;
	ldfd.c.clr f18 = [r16] ;;
	getf.d r21 = f18 ;;
	CHECK_EQ r21, 0, "ldfd.c.clr after a store reloads"
	ldfd.a f19 = [r16] ;;
	mov r18 = 0 ;;
	chk.a.nc f19, 3f
4:	CHECK_EQ r18, 0, "chk.a on an FR with an entry falls through"
	st4 [r16] = r0 ;;
	chk.a.clr f19, 5f
6:	CHECK_EQ r18, 3, "chk.a on an FR after a store branches"
	END

1:	mov r18 = 1
	br.cond.sptk.few 2b ;;
3:	mov r18 = 2
	br.cond.sptk.few 4b ;;
5:	mov r18 = 3
	br.cond.sptk.few 6b ;;
7:	mov out0 = 99 ;;		// not reached: a wrong exit status if it is
	SYSCALL(SYS_EXIT)
	TAP_LIBRARY

	.data
	.align 16
buf:	data8 0, 0, 0, 0, 0, 0
