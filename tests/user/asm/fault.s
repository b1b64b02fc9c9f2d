// SPDX-License-Identifier: GPL-2.0
// Faults and breaks become the signals ia64 Linux gives (traps.c), and stacks grow.
// The mode is the number of arguments:
//   0: load from address 0              -> killed by SIGSEGV
//   1: break 0                          -> killed by SIGILL
//   2: break 0x80001                    -> killed by SIGTRAP
//   3: a SIGSEGV handler skips the faulting bundle by editing sc_ip -> exit 0
//   4: recursion 40000 frames deep, each with 16 stacked registers and 64 bytes of
//      memory stack: the backing store and the memory stack grow -> exit 0
	.text
	.global _start
	.proc _start
_start:
	alloc r32 = ar.pfs, 0, 8, 4, 0
	ld8 r33 = [r12]			// sp+0 is scratch; argc at sp+16
	adds r14 = 16, r12
	ld8 r34 = [r14]
	adds r34 = -1, r34
	cmp.eq p6, p0 = 0, r34
(p6)	br.cond.spnt .Lnull
	cmp.eq p6, p0 = 1, r34
(p6)	br.cond.spnt .Lbreak0
	cmp.eq p6, p0 = 2, r34
(p6)	br.cond.spnt .Ltrap
	cmp.eq p6, p0 = 3, r34
(p6)	br.cond.spnt .Lhandled
	mov out0 = 40000
	br.call.sptk.many b0 = deep
	mov r35 = 0
	movl r14 = 40000 * 40001 / 2
	cmp.ne p6, p0 = r14, r8
(p6)	mov r35 = 1
	br.sptk .Lexit
.Lnull:
	ld8 r14 = [r0]
	br.sptk .Lexit
.Lbreak0:
	break.m 0
	br.sptk .Lexit
.Ltrap:
	break.m 0x80001
	br.sptk .Lexit
.Lhandled:
	mov out0 = 11			// rt_sigaction(SIGSEGV, &sa, NULL, 8)
	movl out1 = sa
	mov out2 = 0
	mov out3 = 8
	mov r15 = 1177
	break.i 0x100000
	mov r35 = 2
	movl r14 = 0x60000fffff000000	// unmapped, below the stack's reach
	ld8 r15 = [r14]			// the handler moves ip to the next bundle
	nop.i 0
	nop.i 0
	movl r14 = hit
	ld8 r15 = [r14]
	cmp.eq p6, p0 = 1, r15
(p6)	mov r35 = 0
.Lexit:
	mov out0 = r35
	mov r15 = 1236
	break.i 0x100000
	.endp _start

	.proc deep			// deep(n) = n + deep(n - 1)
deep:
	alloc r33 = ar.pfs, 1, 15, 1, 0
	adds r12 = -64, r12
	mov r34 = b0
	mov r35 = r32
	st8 [r12] = r32
	cmp.eq p6, p0 = r32, r0
	mov r8 = 0
(p6)	br.cond.spnt 1f
	adds out0 = -1, r32
	br.call.sptk.many b0 = deep
	ld8 r14 = [r12]
	add r8 = r8, r35
	cmp.ne p6, p0 = r14, r35
(p6)	mov r8 = 0
1:	adds r12 = 64, r12
	mov b0 = r34
	mov ar.pfs = r33
	br.ret.sptk.many b0
	.endp deep

	.proc handler			// handler(sig, info, sc): sc_ip += 16, count the hit
handler:
	alloc r35 = ar.pfs, 3, 1, 0, 0
	adds r14 = 40, r34		// &sc->sc_ip
	ld8 r15 = [r14]
	adds r15 = 16, r15
	st8 [r14] = r15
	movl r14 = hit
	mov r15 = 1
	st8 [r14] = r15
	mov ar.pfs = r35
	br.ret.sptk.many b0
	.endp handler

	.data
	.align 16
hdesc:	data8 handler, 0
sa:	data8 hdesc, 4, 0
hit:	data8 0
