// SPDX-License-Identifier: GPL-2.0
// Calls, returns and the register stack engine (SDM vol 2 chapter 6; vol 3
// alloc, br.call, br.ret, flushrs, loadrs, cover, mov ar.bsp/bspstore/rnat).
// The guest's backing store starts at 0x6ffffff000000000 (a NaT collection
// group boundary), where main's frame is the first.
#include "test.h"

#define BSP_BASE 0x6ffffff000000000
#define DELTA 0x100000

	BEGIN
	// main's frame: sof 24 (16 locals, 8 outputs) at the backing store base
	mov r16 = ar.bsp ;;
	CHECK_EQ r16, BSP_BASE, "main's ar.bsp is the backing store base"

	// a call moves bsp by the caller's sol; alloc returns the old ar.pfs
	br.call.sptk.many b0 = bsp_in_callee ;;
	mov r16 = r8
	mov r17 = r9 ;;
	CHECK_EQ r16, BSP_BASE + 16 * 8, "ar.bsp in a callee = caller's + 8 * sol"
	// pfm = main's cfm: sof 24, sol 16; pec 0, ppl 3
	CHECK_EQ r17, (24 | 16 << 7) | 3 << 62, "alloc r1=ar.pfs gives the caller's frame marker"

	// 100 deep: 9 registers per frame outlive the 96 physical ones
	mov out0 = 100
	mov r20 = 0 ;;
	br.call.sptk.many b0 = deep ;;
	mov r16 = r8
	mov r17 = r20 ;;
	CHECK_EQ r16, 5050, "recursion 100 deep returns the right sum"
	CHECK_EQ r17, 0, "every frame's locals and NaT bits survive spills and fills"

	// ar.ec comes back from ar.pfs.pec
	mov ar.ec = 5 ;;
	br.call.sptk.many b0 = set_ec ;;
	mov r16 = ar.ec ;;
	CHECK_EQ r16, 5, "br.ret restores ar.ec"

	// flushrs writes main's registers at its ar.bsp, NaT bits in ar.rnat
	movl loc0 = 0x1111
	movl loc5 = 0x5555
	movl r2 = natbuf ;;
	st8 [r2] = r0
	mov ar.unat = -1 ;;
	ld8.fill loc3 = [r2] ;;
	mov ar.unat = r0
	br.call.sptk.many b0 = flush ;;
	mov r16 = ar.bsp ;;
	ld8 r17 = [r16]
	adds r18 = 40, r16 ;;
	ld8 r18 = [r18]
	mov r19 = r8 ;;
	CHECK_EQ r17, 0x1111, "flushrs stores r32 at ar.bsp"
	CHECK_EQ r18, 0x5555, "flushrs stores r37 at ar.bsp + 40"
	extr.u r19 = r19, 2, 3 ;;
	CHECK_EQ r19, 2, "ar.rnat holds the NaT bit of r35 (slot 3) only"
	CHECK_NAT loc3, "r35 is still NaT after flushrs"
	CHECK_EQ loc5, 0x5555, "r37 is still there after flushrs"

	// a longjmp-style switch: flush, copy the backing store, invalidate
	// with loadrs, move ar.bspstore, return into the copy
	movl loc1 = 0xabcdef
	movl loc15 = 0xfedcba
	mov out0 = ar.bsp ;;
	br.call.sptk.many b0 = restack ;;
	mov r16 = ar.bsp ;;
	CHECK_EQ r16, BSP_BASE + DELTA, "returned into the moved backing store"
	CHECK_EQ loc1, 0xabcdef, "r33 came back from the moved backing store"
	CHECK_EQ loc15, 0xfedcba, "r47 came back from the moved backing store"
	CHECK_EQ loc5, 0x5555, "r37 came back from the moved backing store"
	CHECK_NAT loc3, "r35's NaT came back through ar.rnat"
	CHECK_NONAT loc1, "r33 has no NaT"

	// loadrs: drop everything, then load main's 16 locals back from memory,
	// where one was changed in between
	movl loc1 = 1234
	mov r14 = ar.bsp ;;
	adds r14 = 8, r14
	movl r15 = 4321 ;;
	br.call.sptk.many b0 = reload ;;
	mov r16 = r8 ;;
	CHECK_EQ r16, 16 * 8, "loadrs leaves rsc.loadrs bytes between bspstore and bsp"
	CHECK_EQ loc1, 4321, "loadrs after an invalidating loadrs reads the backing store"
	CHECK_EQ loc5, 0x5555, "r37 came back through loadrs"
	CHECK_NAT loc3, "r35's NaT came back through loadrs"

	// cover: a new empty frame after the current one
	br.call.sptk.many b0 = covered ;;
	mov r16 = r8
	mov r17 = r9 ;;
	CHECK_EQ r16, 4 * 8, "cover moves ar.bsp past the frame"
	CHECK_EQ r17, 42, "returning through a covered frame keeps its registers"

	// an indirect call and brl.call
	movl r16 = set_r8_7 ;;
	mov b6 = r16
	mov r8 = 0 ;;
	br.call.sptk.many b0 = b6 ;;
	mov r17 = r8 ;;
	CHECK_EQ r17, 7, "br.call b0=b6"
	mov r8 = 0 ;;
	brl.call.sptk.many b0 = set_r8_7 ;;
	mov r17 = r8 ;;
	CHECK_EQ r17, 7, "brl.call"
	mov r8 = 0 ;;
	brl.sptk.many 11f ;;
	mov r8 = 1 ;;
11:	mov r17 = r8 ;;
	CHECK_EQ r17, 0, "brl"
	END

	.proc bsp_in_callee
bsp_in_callee:
	alloc r9 = ar.pfs, 0, 2, 0, 0 ;;
	mov r8 = ar.bsp ;;
	mov ar.pfs = r9 ;;
	br.ret.sptk.many b0 ;;
	.endp bsp_in_callee

// r8 = in0 + deep(in0 - 1); r20 counts locals that changed across the call
	.proc deep
deep:
	alloc loc0 = ar.pfs, 1, 8, 1, 0
	mov loc1 = b0
	cmp.eq p8, p9 = in0, r0 ;;
(p8)	mov r8 = 0
(p8)	br.cond.dpnt.few 12f ;;
	adds loc2 = 1000, in0
	adds loc3 = 2000, in0
	adds loc4 = 3000, in0
	adds loc5 = 4000, in0
	adds loc6 = 5000, in0
	// loc7: NaT when in0 is odd
	tbit.nz p10, p11 = in0, 0
	movl r2 = natbuf ;;
	st8 [r2] = r0
	mov ar.unat = -1 ;;
(p10)	ld8.fill loc7 = [r2]
(p11)	mov loc7 = in0
	mov ar.unat = r0
	adds out0 = -1, in0 ;;
	br.call.sptk.many b0 = deep ;;
	adds r2 = 1000, in0 ;;
	cmp.ne p12, p0 = r2, loc2 ;;
(p12)	adds r20 = 1, r20
	adds r2 = 5000, in0 ;;
	cmp.ne p12, p0 = r2, loc6 ;;
(p12)	adds r20 = 1, r20
	adds r2 = 3000, in0 ;;
	cmp.ne p12, p0 = r2, loc4 ;;
(p12)	adds r20 = 1, r20
	tbit.nz p10, p11 = in0, 0 ;;
	tnat.nz p12, p13 = loc7 ;;
(p10)	cmp.eq.and p13, p0 = r0, r0		// odd: want NaT (p12)
(p11)	tnat.nz p13, p0 = loc7 ;;		// even: want no NaT
(p13)	adds r20 = 1, r20
(p11)	cmp.ne p13, p0 = in0, loc7 ;;
(p13)	adds r20 = 1, r20
	add r8 = r8, in0
12:	mov ar.pfs = loc0
	mov b0 = loc1 ;;
	br.ret.sptk.many b0 ;;
	.endp deep

	.proc set_ec
set_ec:
	alloc r9 = ar.pfs, 0, 0, 0, 0
	mov ar.ec = 9 ;;
	br.ret.sptk.many b0 ;;
	.endp set_ec

// flushrs; r8 = ar.rnat (needs rsc.mode 0 to read)
	.proc flush
flush:
	alloc r9 = ar.pfs, 0, 2, 0, 0
	flushrs ;;
	mov r10 = ar.rsc ;;
	mov ar.rsc = 0 ;;
	mov r8 = ar.rnat
	mov r11 = ar.bspstore
	mov r14 = ar.bsp ;;
	mov ar.rsc = r10
	cmp.ne p8, p0 = r11, r14 ;;
(p8)	mov r8 = -1			// bspstore must equal bsp after flushrs
	br.ret.sptk.many b0 ;;
	.endp flush

// in0 = caller's bsp.  Move everything below bsp by DELTA and return there.
	.proc restack
restack:
	alloc r9 = ar.pfs, 1, 3, 0, 0
	flushrs ;;
	mov r10 = ar.rsc ;;
	mov ar.rsc = 0 ;;
	mov r11 = ar.bspstore		// = ar.bsp
	mov r14 = ar.rnat ;;
	mov loc0 = in0
	movl loc1 = DELTA ;;
13:	cmp.ltu p8, p0 = loc0, r11 ;;
(p8)	ld8 loc2 = [loc0] ;;
(p8)	add r15 = loc0, loc1 ;;
(p8)	st8 [r15] = loc2
(p8)	st8 [loc0] = r0, 8		// so a fill from the old place shows
(p8)	br.cond.sptk.few 13b ;;
	loadrs ;;			// rsc.loadrs = 0: drop everything below
	add r11 = r11, loc1 ;;
	mov ar.bspstore = r11 ;;
	mov ar.rnat = r14 ;;
	mov ar.rsc = r10
	mov ar.pfs = r9 ;;
	br.ret.sptk.many b0 ;;
	.endp restack

// r14 = address of a register in the backing store, r15 = its new value.
// Flush, poke, drop everything with loadrs, load 16 registers with loadrs.
	.proc reload
reload:
	alloc r16 = ar.pfs, 0, 0, 0, 0 ;;
	flushrs ;;
	mov r17 = ar.rsc ;;
	mov ar.rsc = 0 ;;
	mov r21 = ar.rnat
	st8 [r14] = r15 ;;
	loadrs ;;
	mov ar.rnat = r21
	movl r18 = (16 * 8) << 16 ;;
	mov ar.rsc = r18 ;;
	loadrs ;;
	mov r19 = ar.bspstore
	mov r20 = ar.bsp ;;
	sub r8 = r20, r19
	mov ar.rsc = r17
	mov ar.pfs = r16 ;;
	br.ret.sptk.many b0 ;;
	.endp reload

// r8 = bsp moved by cover, r9 = loc1 after coming back through the frame
	.proc covered
covered:
	alloc r21 = ar.pfs, 0, 4, 0, 0
	mov r22 = b0
	mov loc1 = 42 ;;
	mov r16 = ar.bsp ;;
	cover ;;
	mov r17 = ar.bsp
	movl r23 = 4 | 4 << 7		// pfm: sof 4, sol 4
	movl r24 = 14f ;;
	mov ar.pfs = r23
	mov b6 = r24 ;;
	br.ret.sptk.many b6 ;;
14:	sub r8 = r17, r16
	mov r9 = loc1
	mov ar.pfs = r21
	mov b0 = r22 ;;
	br.ret.sptk.many b0 ;;
	.endp covered

	.proc set_r8_7
set_r8_7:
	mov r8 = 7
	br.ret.sptk.many b0 ;;
	.endp set_r8_7

	TAP_LIBRARY

	.data
	.align 8
natbuf:	data8 0
