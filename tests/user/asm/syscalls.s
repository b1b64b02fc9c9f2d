// SPDX-License-Identifier: GPL-2.0
// The system call ABI: results in r8 with r10 = 0, errors as r10 = -1 with the errno in
// r8; pipe's second descriptor in r9; brk and mmap addresses in their regions (data in
// region 3, mappings from 0x2000000000000000); uname's machine "ia64".  Prints "ok" and
// exits 0, or exits with the number of the failed check.
	.text
	.global _start
	.proc _start
_start:
	alloc r32 = ar.pfs, 0, 12, 6, 0
	mov r39 = 1
	movl out0 = missing		// 1: open("/nonexistent...") = -1 ENOENT
	mov out1 = 0
	mov out2 = 0
	mov r15 = 1028
	break.i 0x100000
	cmp.ne p6, p0 = -1, r10
(p6)	br.cond.spnt fail
	cmp.ne p6, p0 = 2, r8
(p6)	br.cond.spnt fail
	mov r39 = 2
	mov r15 = 1058			// 2: pipe: fds in r8 and r9
	break.i 0x100000
	cmp.ne p6, p0 = 0, r10
(p6)	br.cond.spnt fail
	mov r34 = r8
	mov r35 = r9
	cmp.eq p6, p0 = r8, r9
(p6)	br.cond.spnt fail
	mov r39 = 3
	mov out0 = r35			// 3: write 3 bytes into the pipe, read them back
	movl out1 = okmsg
	mov out2 = 3
	mov r15 = 1027
	break.i 0x100000
	cmp.ne p6, p0 = 3, r8
(p6)	br.cond.spnt fail
	mov out0 = r34
	movl out1 = buf
	mov out2 = 16
	mov r15 = 1026
	break.i 0x100000
	cmp.ne p6, p0 = 3, r8
(p6)	br.cond.spnt fail
	mov r39 = 4
	mov out0 = 0			// 4: brk(0) in region 3
	mov r15 = 1060
	break.i 0x100000
	shr.u r14 = r8, 61
	cmp.ne p6, p0 = 3, r14
(p6)	br.cond.spnt fail
	mov r39 = 5
	mov out0 = 0			// 5: mmap(0, 48K, RW, PRIVATE|ANON) in region 1, 16K aligned
	movl out1 = 49152
	mov out2 = 3
	mov out3 = 0x22
	mov out4 = -1
	mov out5 = 0
	mov r15 = 1151
	break.i 0x100000
	cmp.ne p6, p0 = 0, r10
(p6)	br.cond.spnt fail
	mov r36 = r8
	shr.u r14 = r8, 61
	movl r15 = 16383
	and r15 = r15, r8
	cmp.ne p6, p0 = 1, r14
(p6)	br.cond.spnt fail
	cmp.ne p6, p0 = 0, r15
(p6)	br.cond.spnt fail
	mov r39 = 6
	movl r14 = 0x123456789abcdef	// 6: the memory is there, zero-filled
	movl r15 = 40000
	add r15 = r15, r36
	ld8 r16 = [r15]
	st8 [r15] = r14
	ld8 r17 = [r15]
	cmp.ne p6, p0 = r16, r0
(p6)	br.cond.spnt fail
	cmp.ne p6, p0 = r17, r14
(p6)	br.cond.spnt fail
	mov r39 = 7
	mov out0 = r36			// 7: munmap
	movl out1 = 49152
	mov r15 = 1152
	break.i 0x100000
	cmp.ne p6, p0 = 0, r10
(p6)	br.cond.spnt fail
	mov r39 = 8
	mov out0 = r36			// 8: munmap of an unaligned address: EINVAL (22)
	adds out0 = 8, r36
	mov out1 = 8
	mov r15 = 1152
	break.i 0x100000
	cmp.ne p6, p0 = -1, r10
(p6)	br.cond.spnt fail
	cmp.ne p6, p0 = 22, r8
(p6)	br.cond.spnt fail
	mov r39 = 9
	movl out0 = uts			// 9: uname: machine "ia64" (field 5 of 65 bytes)
	mov r15 = 1130
	break.i 0x100000
	movl r14 = uts + 4 * 65
	ld4 r15 = [r14], 4
	movl r16 = 0x34366169		// "ia64"
	cmp4.ne p6, p0 = r15, r16
(p6)	br.cond.spnt fail
	ld1 r15 = [r14]
	cmp.ne p6, p0 = 0, r15
(p6)	br.cond.spnt fail
	mov r39 = 10
	mov r15 = 1171			// 10: getpagesize() = 16384
	break.i 0x100000
	movl r14 = 16384
	cmp.ne p6, p0 = r14, r8
(p6)	br.cond.spnt fail
	mov r39 = 11
	mov r15 = 1999			// 11: an unknown call fails with ENOSYS (38)
	break.i 0x100000
	cmp.ne p6, p0 = -1, r10
(p6)	br.cond.spnt fail
	cmp.ne p6, p0 = 38, r8
(p6)	br.cond.spnt fail
	mov out0 = 1			// write(1, "ok\n", 3)
	movl out1 = buf
	mov out2 = 3
	mov r15 = 1027
	break.i 0x100000
	mov r39 = 0
fail:
	mov out0 = r39
	mov r15 = 1236			// exit_group
	break.i 0x100000
	.endp _start

	.data
missing:	.asciz "/nonexistent/lol-user-test"
okmsg:		.ascii "ok\n"
	.bss
	.align 16
buf:	.skip 16
uts:	.skip 6 * 65
