// SPDX-License-Identifier: GPL-2.0
// Loops (SDM vol 3 br: cloop, ctop, cexit, wtop, wexit) and register
// rotation (vol 1 4.5: rrb.gr/fr/pr, p63 becoming p16, clrrrb).
#include "test.h"

	BEGIN
	// br.cloop: sum 1..100
	mov r16 = 0
	mov r17 = 1
	mov ar.lc = 99 ;;
1:	add r16 = r16, r17
	adds r17 = 1, r17
	br.cloop.sptk.few 1b ;;
	mov r18 = ar.lc ;;
	CHECK_EQ r16, 5050, "br.cloop runs lc + 1 times"
	CHECK_EQ r18, 0, "br.cloop leaves ar.lc at 0"

	// a three-stage software-pipelined loop: y[i] = 2 * x[i]
	br.call.sptk.many b0 = pipeline ;;
	mov r16 = r8
	mov r17 = r9 ;;
	CHECK_EQ r16, 0, "br.ctop pipeline stores 2 * x[i] for every element"
	CHECK_EQ r17, 0, "br.ctop leaves lc and ec at 0"

	// rotation of registers and predicates, one step at a time
	br.call.sptk.many b0 = rotation ;;
	mov r16 = r8 ;;
	CHECK_EQ r16, 0x17, "rotation: r32->r33, r39->r32, p63->p16, clrrrb"

	// br.cexit leaves when ctop would stay
	mov ar.lc = 2
	mov ar.ec = 1
	mov r16 = 0 ;;
2:	adds r16 = 1, r16
	br.cexit.spnt.few 3f ;;
	br.cond.sptk.few 2b ;;
3:	CHECK_EQ r16, 3, "br.cexit exits after lc + ec iterations"

	// br.wtop: taken while its qp is 1; ec drains the epilog
	mov ar.ec = 1
	mov r16 = 0 ;;
4:	adds r16 = 1, r16 ;;
	cmp.lt p8, p0 = r16, r0
	cmp.gt p9, p0 = 10, r16 ;;
(p9)	br.wtop.sptk.few 4b ;;
	mov r17 = ar.ec ;;
	CHECK_EQ r16, 10, "br.wtop loops while its predicate is 1"
	CHECK_EQ r17, 0, "br.wtop with a false qp counts ec down"

	mov ar.ec = 1
	mov r16 = 0
	mov r17 = 3 ;;
5:	adds r16 = 1, r16 ;;
	cmp.lt p9, p0 = r16, r17 ;;
(p9)	br.wexit.spnt.few 6f ;;
	br.cond.sptk.few 5b ;;
6:	mov r18 = ar.ec ;;
	CHECK_EQ r16, 3, "br.wexit leaves when its qp is 0 and ec is 1"
	CHECK_EQ r18, 0, "br.wexit counts the last ec down"
	END

// r8 = number of wrong elements, r9 = lc | ec after the loop
	.proc pipeline
pipeline:
	alloc r2 = ar.pfs, 0, 8, 0, 8
	mov r10 = pr
	movl r14 = x
	movl r15 = y
	mov ar.lc = 7
	mov ar.ec = 3 ;;
	mov pr.rot = 1 << 16 ;;
7:
(p16)	ld8 r32 = [r14], 8
(p17)	add r34 = r33, r33
(p18)	st8 [r15] = r35, 8
	br.ctop.sptk.few 7b ;;
	mov r9 = ar.lc
	mov r11 = ar.ec ;;
	or r9 = r9, r11
	mov r8 = 0
	movl r14 = x
	movl r15 = y
	mov ar.lc = 7 ;;
8:	ld8 r16 = [r14], 8
	ld8 r17 = [r15], 8 ;;
	add r16 = r16, r16 ;;
	cmp.ne p8, p0 = r16, r17 ;;
(p8)	adds r8 = 1, r8
	br.cloop.sptk.few 8b ;;
	mov pr = r10, 0x1fffe
	mov ar.pfs = r2 ;;
	br.ret.sptk.many b0 ;;
	.endp pipeline

// r8 bit 0: r33 = old r32; bit 1: r32 = old r39; bit 2: p16 = old p63;
// bit 4: clrrrb undoes it all
	.proc rotation
rotation:
	alloc r2 = ar.pfs, 0, 16, 0, 8
	mov r10 = pr
	mov r8 = 0
	mov r32 = 100
	mov r39 = 107
	mov r40 = 108 ;;		// not rotating (sor = 8)
	mov ar.lc = 1
	mov ar.ec = 0 ;;
	mov pr.rot = 0 ;;
	br.ctop.sptk.few 9f ;;		// lc 1 -> 0: p63 = 1, rotate
9:	cmp.eq p8, p0 = 100, r33
	cmp.eq p9, p0 = 107, r32
	cmp.eq p11, p0 = 108, r40 ;;
(p8)	or r8 = 1, r8 ;;
(p9)	or r8 = 2, r8 ;;
(p16)	or r8 = 4, r8
(p11)	br.cond.sptk.few 10f ;;
	mov r8 = 0 ;;
10:	clrrrb ;;
	cmp.eq p8, p0 = 100, r32
	cmp.eq p9, p0 = 107, r39 ;;
(p8)	cmp.eq.and p8, p0 = 107, r39 ;;
(p8)	or r8 = 16, r8
	mov pr = r10, 0x1fffe
	mov ar.pfs = r2 ;;
	br.ret.sptk.many b0 ;;
	.endp rotation

	TAP_LIBRARY

	.data
	.align 8
x:	data8 1, 2, 3, 4, 5, 6, 7, 0x4000000000000000
y:	data8 0, 0, 0, 0, 0, 0, 0, 0
