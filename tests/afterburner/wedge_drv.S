// SPDX-License-Identifier: GPL-2.0
// Calls a wedge routine for wedge_sem: r14-r17 are the arguments, r18 the
// routine; "break.m 0x7777" marks the return.
	.text
	.global lolt_call
	.proc lolt_call
lolt_call:
	alloc r19 = ar.pfs, 0, 2, 4, 0
	mov out0 = r14
	mov out1 = r15
	mov out2 = r16
	mov out3 = r17
	mov b6 = r18
	;;
	br.call.sptk.many b0 = b6
	;;
	break.m 0x7777
	;;
	.endp lolt_call
	.global _start
	.proc _start
_start:
	break.m 0x7778
	;;
	.endp _start
