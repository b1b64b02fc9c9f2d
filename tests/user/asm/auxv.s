// SPDX-License-Identifier: GPL-2.0
// The process entry state ia64 Linux gives (start_thread, create_elf_tables): sp 16-byte
// aligned with argc at sp+16, argv and envp NULL-terminated, then the auxiliary vector
// with AT_PAGESZ 16384, AT_PHENT 56 and AT_ENTRY = _start; the memory stack and the
// register backing store in region 3; ar.rsc 0xf; r8 = 0.  Exit status: 0, or the number
// of the failed check.
	.text
	.global _start
	.proc _start
_start:
	alloc r32 = ar.pfs, 0, 10, 1, 0
	mov r39 = 1
	cmp.ne p6, p0 = r8, r0		// 1: r8 = 0 (the execve result)
(p6)	br.cond.spnt fail
	mov r39 = 2
	and r14 = 15, r12		// 2: sp aligned
	cmp.ne p6, p0 = r14, r0
(p6)	br.cond.spnt fail
	mov r39 = 3
	shr.u r14 = r12, 61		// 3: sp in region 3
	cmp.ne p6, p0 = 3, r14
(p6)	br.cond.spnt fail
	mov r39 = 4
	mov r14 = ar.bsp		// 4: backing store in region 3
	shr.u r14 = r14, 61
	cmp.ne p6, p0 = 3, r14
(p6)	br.cond.spnt fail
	mov r39 = 5
	mov r14 = ar.rsc		// 5: ar.rsc = 0xf (eager, pl 3)
	cmp.ne p6, p0 = 0xf, r14
(p6)	br.cond.spnt fail
	mov r39 = 6
	adds r33 = 16, r12
	ld8 r34 = [r33], 8		// argc; r33 -> argv
	cmp.eq p6, p0 = r34, r0		// 6: argc >= 1
(p6)	br.cond.spnt fail
	mov r39 = 7
	ld8 r14 = [r33]			// 7: argv[0] != NULL
	cmp.eq p6, p0 = r14, r0
(p6)	br.cond.spnt fail
	mov r39 = 8
	shladd r35 = r34, 3, r33	// &argv[argc]
	ld8 r14 = [r35], 8		// 8: argv[argc] == NULL; r35 -> envp
	cmp.ne p6, p0 = r14, r0
(p6)	br.cond.spnt fail
.Lenv:	ld8 r14 = [r35], 8
	cmp.ne p6, p0 = r14, r0
(p6)	br.cond.sptk .Lenv
	mov r36 = 0			// AT_PAGESZ
	mov r37 = 0			// AT_PHENT
	mov r38 = 0			// AT_ENTRY
	mov r40 = 0			// AT_RANDOM
.Laux:	ld8 r14 = [r35], 8
	ld8 r15 = [r35], 8
	cmp.eq p7, p0 = 0, r14
(p7)	br.cond.spnt .Ldone
	cmp.eq p6, p0 = 6, r14
(p6)	mov r36 = r15
	cmp.eq p6, p0 = 4, r14
(p6)	mov r37 = r15
	cmp.eq p6, p0 = 9, r14
(p6)	mov r38 = r15
	cmp.eq p6, p0 = 25, r14
(p6)	mov r40 = r15
	br.sptk .Laux
.Ldone:
	mov r39 = 9
	movl r14 = 16384		// 9: AT_PAGESZ
	cmp.ne p6, p0 = r14, r36
(p6)	br.cond.spnt fail
	mov r39 = 10
	cmp.ne p6, p0 = 56, r37		// 10: AT_PHENT
(p6)	br.cond.spnt fail
	mov r39 = 11
	movl r14 = _start		// 11: AT_ENTRY
	cmp.ne p6, p0 = r14, r38
(p6)	br.cond.spnt fail
	mov r39 = 12
	cmp.eq p6, p0 = 0, r40		// 12: AT_RANDOM present and above sp
(p6)	br.cond.spnt fail
	cmp.ltu p6, p0 = r40, r12
(p6)	br.cond.spnt fail
	mov r39 = 0
fail:
	mov out0 = r39
	mov r15 = 1025			// exit
	break.i 0x100000
	.endp _start
