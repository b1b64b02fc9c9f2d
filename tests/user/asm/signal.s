// SPDX-License-Identifier: GPL-2.0
// A signal handler round trip: the handler gets (signo, siginfo, sigcontext) through its
// function descriptor, clobbers registers and calls 300 frames deep (so the RSE spills the
// interrupted frame), and rt_sigreturn through the trampoline brings every register of
// the interrupted context back: static and stacked GRs, FRs, predicates, branch
// registers, sp and the system call's own result.  Exit status: 0, or the failed check.
	.text
	.global _start
	.proc _start
_start:
	alloc r32 = ar.pfs, 0, 16, 4, 0
	movl r4 = 0x4444444444444444
	movl r5 = 0x5555555555555555
	movl r6 = 0x6666666666666666
	movl r7 = 0x7777777777777777
	movl r33 = 0x3333333333333333
	movl r40 = 0x4040404040404040
	movl r47 = 0x4747474747474747
	mov r34 = r12
	setf.sig f2 = r4
	setf.sig f16 = r5
	setf.sig f31 = r6
	mov b1 = r7
	mov b5 = r6
	cmp.eq p1, p2 = r0, r0
	cmp.eq p16, p17 = r0, r0
	cmp.eq p5, p63 = r0, r0
	mov out0 = 10			// rt_sigaction(SIGUSR1, &sa, NULL, 8)
	movl out1 = sa
	mov out2 = 0
	mov out3 = 8
	mov r15 = 1177
	break.i 0x100000
	mov r39 = 1			// 1: rt_sigaction succeeded
	cmp.ne p6, p0 = 0, r10
(p6)	br.cond.spnt fail
	mov r15 = 1041			// getpid
	break.i 0x100000
	mov out0 = r8			// kill(pid, SIGUSR1): the handler runs on the way back
	mov out1 = 10
	mov r15 = 1053
	break.i 0x100000
	mov r39 = 2			// 2: kill's result survives the handler
	cmp.ne p6, p0 = 0, r10
(p6)	br.cond.spnt fail
	cmp.ne p6, p0 = 0, r8
(p6)	br.cond.spnt fail
	mov r39 = 3			// 3: the handler ran with signo 10 and si_signo 10
	movl r14 = signo
	ld8 r15 = [r14], 8
	ld8 r16 = [r14], 8
	ld8 r17 = [r14]
	cmp.ne p6, p0 = 10, r15
(p6)	br.cond.spnt fail
	cmp.ne p6, p0 = 10, r16
(p6)	br.cond.spnt fail
	mov r39 = 4			// 4: sc_gr[12] in the sigcontext was our sp
	cmp.ne p6, p0 = r17, r34
(p6)	br.cond.spnt fail
	mov r39 = 5			// 5: preserved static GRs
	movl r14 = 0x4444444444444444
	cmp.ne p6, p0 = r14, r4
(p6)	br.cond.spnt fail
	movl r14 = 0x7777777777777777
	cmp.ne p6, p0 = r14, r7
(p6)	br.cond.spnt fail
	mov r39 = 6			// 6: stacked registers of the interrupted frame
	movl r14 = 0x3333333333333333
	cmp.ne p6, p0 = r14, r33
(p6)	br.cond.spnt fail
	movl r14 = 0x4040404040404040
	cmp.ne p6, p0 = r14, r40
(p6)	br.cond.spnt fail
	movl r14 = 0x4747474747474747
	cmp.ne p6, p0 = r14, r47
(p6)	br.cond.spnt fail
	mov r39 = 7			// 7: sp
	cmp.ne p6, p0 = r34, r12
(p6)	br.cond.spnt fail
	mov r39 = 8			// 8: FRs
	getf.sig r14 = f2
	cmp.ne p6, p0 = r14, r4
(p6)	br.cond.spnt fail
	getf.sig r14 = f16
	cmp.ne p6, p0 = r14, r5
(p6)	br.cond.spnt fail
	getf.sig r14 = f31
	cmp.ne p6, p0 = r14, r6
(p6)	br.cond.spnt fail
	mov r39 = 9			// 9: predicates
(p2)	br.cond.spnt fail
(p17)	br.cond.spnt fail
(p63)	br.cond.spnt fail
	mov r14 = pr
	movl r15 = 0x10022		// p1, p5, p16
	and r14 = r14, r15
	cmp.ne p6, p0 = r14, r15
(p6)	br.cond.spnt fail
	mov r39 = 10			// 10: branch registers
	mov r14 = b1
	cmp.ne p6, p0 = r14, r7
(p6)	br.cond.spnt fail
	mov r14 = b5
	cmp.ne p6, p0 = r14, r6
(p6)	br.cond.spnt fail
	mov r39 = 0
fail:
	mov out0 = r39
	mov r15 = 1236			// exit_group
	break.i 0x100000
	.endp _start

	.proc handler
handler:
	alloc r35 = ar.pfs, 3, 4, 1, 0
	mov r36 = b0
	movl r14 = signo
	st8 [r14] = r32, 8		// signo
	ld4 r15 = [r33]			// info->si_signo
	adds r16 = 200 + 12 * 8, r34	// &sc->sc_gr[12]
	st8 [r14] = r15, 8
	ld8 r17 = [r16]
	st8 [r14] = r17
	// clobber what the interrupted code relies on
	mov r4 = 0
	mov r7 = 1
	mov b1 = r0
	mov b5 = r0
	mov f2 = f0
	mov f16 = f1
	mov f31 = f0
	cmp.eq p2, p1 = r0, r0
	cmp.eq p17, p16 = r0, r0
	cmp.eq p63, p5 = r0, r0
	mov out0 = 300
	br.call.sptk.many b0 = deep
	mov ar.pfs = r35
	mov b0 = r36
	br.ret.sptk.many b0
	.endp handler

	.proc deep
deep:
	alloc r33 = ar.pfs, 1, 12, 1, 0
	mov r34 = b0
	mov r35 = r32
	mov r36 = r32
	mov r44 = r32
	cmp.eq p6, p0 = r32, r0
(p6)	br.cond.spnt 1f
	adds out0 = -1, r32
	br.call.sptk.many b0 = deep
1:	mov b0 = r34
	mov ar.pfs = r33
	br.ret.sptk.many b0
	.endp deep

	.data
	.align 16
hdesc:	data8 handler, 0		// the handler's function descriptor
sa:	data8 hdesc			// struct sigaction: handler, flags (SA_SIGINFO), mask
	data8 4
	data8 0
signo:	data8 0, 0, 0
