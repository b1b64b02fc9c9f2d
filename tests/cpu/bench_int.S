// SPDX-License-Identifier: GPL-2.0
// Integer kernels for bench_cpu.c, written as a compiler would schedule them
// (nops included).  Each ends in break.m 1 with its result in r8; the C
// side times them against the same algorithms compiled for the host.
	.text
	.global _start
_start:
	break.m 0 ;;

// sieve(r9 = flags, r10 = n, r11 = isqrt(n)): r8 = primes below n
	.global b_sieve
	.proc b_sieve
b_sieve:
	adds r15 = -1, r10
	mov r14 = r9
	mov r16 = 1 ;;
	mov ar.lc = r15 ;;
1:	st1 [r14] = r16, 1
	br.cloop.sptk.few 1b ;;
	mov r17 = 2 ;;
2:	cmp.ge p6, p0 = r17, r11
	add r18 = r9, r17
(p6)	br.cond.dpnt.few 5f ;;
	ld1 r19 = [r18]
	add r20 = r17, r17 ;;
	cmp.eq p7, p0 = r19, r0
(p7)	br.cond.dpnt.few 4f ;;
3:	cmp.ge p8, p0 = r20, r10
	add r21 = r9, r20
(p8)	br.cond.dpnt.few 4f ;;
	st1 [r21] = r0
	add r20 = r20, r17
	br.cond.sptk.few 3b ;;
4:	adds r17 = 1, r17
	br.cond.sptk.few 2b ;;
5:	adds r14 = 2, r9
	adds r15 = -3, r10
	mov r8 = 0 ;;
	mov ar.lc = r15 ;;
6:	ld1 r19 = [r14], 1 ;;
	add r8 = r8, r19
	br.cloop.sptk.few 6b ;;
	break.m 1 ;;
	.endp b_sieve

// fib(out0 = n) the recursive way: r8
	.global b_fib
	.proc b_fib
b_fib:
	br.call.sptk.many b0 = fib ;;
	break.m 1 ;;
	.endp b_fib

	.proc fib
fib:
	alloc loc0 = ar.pfs, 1, 3, 1, 0
	cmp.lt p6, p7 = 1, in0
	mov loc1 = b0 ;;
(p7)	mov r8 = in0
(p7)	br.ret.dpnt.many b0 ;;
	adds out0 = -1, in0
	br.call.sptk.many b0 = fib ;;
	mov loc2 = r8
	adds out0 = -2, in0
	br.call.sptk.many b0 = fib ;;
	add r8 = r8, loc2
	mov ar.pfs = loc0
	mov b0 = loc1 ;;
	br.ret.sptk.many b0 ;;
	.endp fib

// xorshift64 r8 for r10 rounds, summed into r9: r8 = sum
	.global b_xorshift
	.proc b_xorshift
b_xorshift:
	adds r15 = -1, r10
	mov r9 = 0 ;;
	mov ar.lc = r15 ;;
7:	shl r16 = r8, 13 ;;
	xor r8 = r8, r16 ;;
	shr.u r16 = r8, 7 ;;
	xor r8 = r8, r16 ;;
	shl r16 = r8, 17 ;;
	xor r8 = r8, r16 ;;
	add r9 = r9, r8
	br.cloop.sptk.few 7b ;;
	mov r8 = r9
	break.m 1 ;;
	.endp b_xorshift

// copy r10 doublewords from r9 to r11, then sum the copy: r8
	.global b_copy
	.proc b_copy
b_copy:
	adds r15 = -1, r10
	mov r14 = r9
	mov r16 = r11 ;;
	mov ar.lc = r15 ;;
8:	ld8 r17 = [r14], 8 ;;
	st8 [r16] = r17, 8
	br.cloop.sptk.few 8b ;;
	mov r8 = 0
	mov r16 = r11 ;;
	mov ar.lc = r15 ;;
9:	ld8 r17 = [r16], 8 ;;
	add r8 = r8, r17
	br.cloop.sptk.few 9b ;;
	break.m 1 ;;
	.endp b_copy

// walk a linked list r10 times around (r9 = head, nodes: next, value): r8
	.global b_list
	.proc b_list
b_list:
	mov r8 = 0
	adds r15 = -1, r10 ;;
	mov ar.lc = r15 ;;
10:	mov r14 = r9 ;;
11:	ld8 r16 = [r14], 8 ;;
	ld8 r17 = [r14]
	cmp.ne p6, p0 = r16, r0 ;;
	add r8 = r8, r17
	mov r14 = r16
(p6)	br.cond.sptk.few 11b ;;
	br.cloop.sptk.few 10b ;;
	break.m 1 ;;
	.endp b_list
