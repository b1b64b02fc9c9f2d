// SPDX-License-Identifier: GPL-2.0
// The smallest program: write(1, ...) and exit, then the check helpers.
#include "test.h"

	BEGIN
	mov out0 = 1
	movl out1 = msg
	mov out2 = msg_end - msg
	SYSCALL(SYS_WRITE)
	// write returns the length in r8 and 0 in r10
	mov loc0 = r8
	mov loc1 = r10 ;;
	CHECK_EQ loc0, 18, "write returns the byte count in r8"
	CHECK_EQ loc1, 0, "write returns 0 in r10"
	CHECK_P p0, "p0 reads as 1"
	END
	TAP_LIBRARY

	.section .rodata
msg:	.ascii "ok - hello, world\n"
msg_end:
