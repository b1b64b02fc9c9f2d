/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Support for the self-checking ia64 test programs (tests/cpu/NAME.S), which
 * run_asm runs on the interpreter.  Expected values in the tests come from
 * the SDM's definitions worked out by hand, never from the interpreter.
 *
 *   BEGIN                  _start with the frame alloc 0,16,8,0 (in/loc/out
 *                          names valid: loc0-loc15 = r32-r47, out0-out7)
 *   CHECK_EQ reg, imm, "what"      reg == imm (64 bits)
 *   CHECK_P  pN, "what"            pN is 1
 *   CHECK_NP pN, "what"            pN is 0
 *   CHECK_NAT reg, "what"          reg's NaT bit is set
 *   CHECK_NONAT reg, "what"        reg's NaT bit is clear
 *   END                    exit with the number of failed checks
 *   TAP_LIBRARY            the helpers (once, after END)
 *
 * The checks clobber r2, r3, p6, p7, out0-out2, b0 and r8-r10, r14-r15.
 */
#define SYS_EXIT 1025
#define SYS_WRITE 1027

/* A syscall with arguments already in out0.. */
#define SYSCALL(nr) mov r15 = nr ;; break.m 0x100000 ;;

	.macro BEGIN
	.text
	.global _start
	.proc _start
_start:
	alloc r2 = ar.pfs, 0, 16, 8, 0 ;;
	.endm

	.macro CHECK_PRED pp, msg
	.section .rodata
.Lmsg\@: .asciz "\msg"
	.text
	mov out0 = 0
	movl out1 = .Lmsg\@ ;;
(\pp)	mov out0 = 1
	br.call.sptk.many b0 = tap_check ;;
	.endm

	.macro CHECK_EQ reg, val, msg
	movl r3 = \val ;;
	cmp.eq p6, p7 = \reg, r3 ;;
	CHECK_PRED p6, "\msg"
	.endm

	.macro CHECK_P pp, msg
	CHECK_PRED \pp, "\msg"
	.endm

	.macro CHECK_NP pp, msg
	cmp.eq p6, p7 = r0, r0 ;;
(\pp)	cmp.ne p6, p7 = r0, r0 ;;
	CHECK_PRED p6, "\msg"
	.endm

	.macro CHECK_NAT reg, msg
	tnat.nz p6, p7 = \reg ;;
	CHECK_PRED p6, "\msg"
	.endm

	.macro CHECK_NONAT reg, msg
	tnat.z p6, p7 = \reg ;;
	CHECK_PRED p6, "\msg"
	.endm

	.macro END
	movl r2 = tap_fails ;;
	ld8 out0 = [r2]
	SYSCALL(SYS_EXIT)
	.endp _start
	.endm

/* tap_check(ok, msg): "ok - msg\n" or "not ok - msg\n"; counts failures. */
	.macro TAP_LIBRARY
	.data
	.align 8
tap_fails: data8 0
	.section .rodata
.Ltap_ok: .ascii "ok - "
.Ltap_not: .ascii "not ok - "
.Ltap_nl: .ascii "\n"
	.text
	.proc tap_check
tap_check:
	alloc loc0 = ar.pfs, 2, 4, 3, 0
	mov loc1 = b0
	cmp.ne p6, p7 = in0, r0
	mov out0 = 1 ;;
(p6)	movl out1 = .Ltap_ok
(p6)	mov out2 = 5
(p7)	movl out1 = .Ltap_not
(p7)	mov out2 = 9
	SYSCALL(SYS_WRITE)
	mov loc2 = in1 ;;
1:	ld1 loc3 = [loc2], 1 ;;
	cmp.ne p6, p0 = loc3, r0
(p6)	br.cond.sptk.few 1b ;;
	mov out0 = 1
	mov out1 = in1
	sub out2 = loc2, in1 ;;
	adds out2 = -1, out2
	SYSCALL(SYS_WRITE)
	mov out0 = 1
	movl out1 = .Ltap_nl
	mov out2 = 1
	SYSCALL(SYS_WRITE)
	cmp.eq p6, p0 = in0, r0
	movl loc2 = tap_fails ;;
(p6)	ld8 loc3 = [loc2] ;;
(p6)	adds loc3 = 1, loc3 ;;
(p6)	st8 [loc2] = loc3
	mov ar.pfs = loc0
	mov b0 = loc1 ;;
	br.ret.sptk.many b0 ;;
	.endp tap_check
	.endm
