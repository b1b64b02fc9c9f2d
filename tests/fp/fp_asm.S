// SPDX-License-Identifier: GPL-2.0
// The FP library through the interpreter: F-unit instructions, getf/setf and
// FP loads/stores in a self-checking ia64 program (tests/cpu/test.h), run by
// the core's run_asm (make check-fp-asm).  Expected values are the SDM's,
// worked out by hand: table entries of frcpa, correctly rounded quotients of
// the usual division sequence, bit images of the memory formats.
#include "test.h"

// q = a / b in double precision: frcpa and the Newton-Raphson steps of the
// Itanium division sequences (sf1: 64 bits, wide range), rounded in sf0.
	.macro DDIV a, b, q
	frcpa.s0 f12, p9 = \a, \b ;;
(p9)	fnma.s1 f13 = \b, f12, f1 ;;
(p9)	fma.s1 f12 = f13, f12, f12
(p9)	fmpy.s1 f14 = f13, f13 ;;
(p9)	fma.s1 f12 = f14, f12, f12
(p9)	fmpy.s1 f14 = f14, f14 ;;
(p9)	fma.s1 f12 = f14, f12, f12 ;;
(p9)	fmpy.d.s1 f15 = \a, f12 ;;
(p9)	fnma.s1 f13 = \b, f15, \a ;;
(p9)	fma.d.s0 f12 = f13, f12, f15 ;;
	getf.d \q = f12 ;;
	.endm

	BEGIN
	movl r16 = 0x4000000000000000 ;;	// 2.0
	movl r17 = 0x4008000000000000 ;;	// 3.0
	setf.d f8 = r16
	setf.d f9 = r17 ;;
	fma.d.s0 f10 = f8, f9, f8 ;;
	getf.d r18 = f10 ;;
	CHECK_EQ r18, 0x4020000000000000, "fma.d 2 * 3 + 2 = 8"
	fnma.s0 f10 = f8, f9, f0 ;;
	getf.d r18 = f10 ;;
	CHECK_EQ r18, 0xc018000000000000, "fnmpy 2 * 3 = -6"
	frcpa.s0 f11, p8 = f8, f9 ;;
	CHECK_P p8, "frcpa 2 / 3: p2 = 1"
	getf.sig r18 = f11 ;;
	CHECK_EQ r18, 0xaa80000000000000, "frcpa of 3: table entry 0x154"
	getf.exp r18 = f11 ;;
	CHECK_EQ r18, 0xfffd, "frcpa of 3: exponent 0x1fffd - 0x10000"
	frcpa.s0 f11, p8 = f8, f0 ;;
	CHECK_NP p8, "frcpa 2 / 0: p2 = 0"
	getf.exp r18 = f11 ;;
	CHECK_EQ r18, 0x1ffff, "frcpa 2 / 0: infinity"
	mov.m r18 = ar.fpsr ;;
	extr.u r18 = r18, 13, 6 ;;
	CHECK_EQ r18, 4, "frcpa 2 / 0: sf0.z"

	movl r19 = 0x3ff0000000000000 ;;
	setf.d f16 = r19 ;;
	DDIV f16, f9, r18
	CHECK_EQ r18, 0x3fd5555555555555, "1 / 3, correctly rounded"
	DDIV f8, f9, r18
	CHECK_EQ r18, 0x3fe5555555555555, "2 / 3, correctly rounded"
	movl r19 = 0x4024000000000000 ;;	// 10
	movl r20 = 0x401c000000000000 ;;	// 7
	setf.d f16 = r19
	setf.d f17 = r20 ;;
	DDIV f16, f17, r18
	CHECK_EQ r18, 0x3ff6db6db6db6db7, "10 / 7, correctly rounded"

	fcvt.fx.trunc.s0 f18 = f12 ;;
	getf.sig r18 = f18 ;;
	CHECK_EQ r18, 1, "fcvt.fx.trunc 1.43 = 1"
	fnma.s0 f18 = f12, f1, f0 ;;
	fcvt.fx.s0 f18 = f18 ;;
	getf.sig r18 = f18 ;;
	CHECK_EQ r18, -1, "fcvt.fx -1.43 = -1"
	fcvt.xf f18 = f18 ;;
	getf.d r18 = f18 ;;
	CHECK_EQ r18, 0xbff0000000000000, "fcvt.xf -1 = -1.0"
	fcmp.lt.s0 p10, p11 = f17, f16 ;;
	CHECK_P p10, "fcmp.lt 7 < 10"
	CHECK_NP p11, "fcmp.lt: false target"
	cmp.eq p10, p11 = r0, r0
	cmp.eq p12, p0 = r0, r16 ;;		// p12 = 0
(p12)	fcmp.eq.unc p10, p11 = f16, f16 ;;
	CHECK_NP p10, "(p0) fcmp.eq.unc: p1 cleared"
	CHECK_NP p11, "(p0) fcmp.eq.unc: p2 cleared"

	// memory formats
	adds r21 = -32, sp ;;
	stfd [r21] = f12 ;;
	ld8 r18 = [r21] ;;
	CHECK_EQ r18, 0x3ff6db6db6db6db7, "stfd: the double image"
	ldfs f19 = [r21] ;;			// low word 0xb6db6db7: a negative single
	fclass.m p12, p13 = f19, @norm|@neg ;;
	CHECK_P p12, "ldfs + fclass.m @norm|@neg"
	stfs [r21] = f9 ;;
	ld4 r18 = [r21] ;;
	CHECK_EQ r18, 0x40400000, "stfs 3.0"
	stfe [r21] = f9 ;;
	ld8 r18 = [r21], 8 ;;
	CHECK_EQ r18, 0xc000000000000000, "stfe: significand"
	ld2 r18 = [r21], -8 ;;
	CHECK_EQ r18, 0x4000, "stfe: sign and exponent"
	stf.spill [r21] = f9 ;;
	ldf.fill f20 = [r21] ;;
	getf.exp r18 = f20 ;;
	CHECK_EQ r18, 0x10000, "stf.spill/ldf.fill"
	ldfps f22, f23 = [r21] ;;		// 0 and 0xc0000000 (-2.0)
	getf.s r18 = f23 ;;
	CHECK_EQ r18, 0xc0000000, "ldfps: second single"

	// parallel, fixed-point and bit operations
	movl r22 = 0x3f80000040000000 ;;	// (1.0, 2.0)
	setf.sig f20 = r22 ;;
	fpma.s0 f21 = f20, f20, f20 ;;
	getf.sig r18 = f21 ;;
	CHECK_EQ r18, 0x4000000040c00000, "fpma (1, 2) * (1, 2) + (1, 2)"
	mov r23 = 7
	mov r24 = 6
	mov r25 = 5 ;;
	setf.sig f22 = r23
	setf.sig f23 = r24
	setf.sig f24 = r25 ;;
	xma.l f25 = f22, f23, f24 ;;
	getf.sig r18 = f25 ;;
	CHECK_EQ r18, 47, "xma.l 7 * 6 + 5"
	mov r23 = -1 ;;
	setf.sig f22 = r23 ;;
	xma.h f25 = f22, f23, f0 ;;
	getf.sig r18 = f25 ;;
	CHECK_EQ r18, -1, "xma.h -1 * 6: high half"
	xma.hu f25 = f22, f23, f0 ;;
	getf.sig r18 = f25 ;;
	CHECK_EQ r18, 5, "xma.hu (2^64 - 1) * 6: high half"
	fmerge.ns f26 = f8, f8 ;;
	getf.d r18 = f26 ;;
	CHECK_EQ r18, 0xc000000000000000, "fneg 2.0"
	fmix.lr f26 = f20, f22 ;;
	getf.sig r18 = f26 ;;
	CHECK_EQ r18, 0x3f800000ffffffff, "fmix.lr"

	// status fields: fsetc, fclrf, fchkf (a branch, the core's)
	fsetc.s2 0x7f, 0x30 ;;			// s2 = s0's controls, round to zero
	mov.m r18 = ar.fpsr ;;
	extr.u r18 = r18, 32, 7 ;;
	CHECK_EQ r18, 0x3c, "fsetc.s2 0x7f, 0x30"
	fclrf.s0
	fclrf.s2 ;;
	fmpy.d.s2 f27 = f16, f12 ;;		// inexact in s2 only
	mov r26 = 1
	fchkf.s2 .Ltaken ;;
	mov r26 = 0 ;;
.Ltaken:
	CHECK_EQ r26, 1, "fchkf.s2 branches: s2.i not in s0"
	mov.m r18 = ar.fpsr ;;
	extr.u r18 = r18, 39, 6 ;;
	CHECK_EQ r18, 0x20, "fmpy.d.s2: s2.i"
	END
	TAP_LIBRARY
