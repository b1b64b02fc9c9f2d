// SPDX-License-Identifier: GPL-2.0
// Snippets for cpu_unit.c, which sets ip to a label, registers as each
// snippet expects, runs, and checks the exit.  Not a program of its own.
	.text
	.global _start
_start:
	break.m 0 ;;

// budget: 4 bundles of 3 instructions, then break 1
	.global u_budget
u_budget:
	nop.m 0
	nop.i 0
	nop.i 0 ;;
	nop.m 0
	nop.i 0
	nop.i 0 ;;
	nop.m 0
	nop.i 0
	nop.i 0 ;;
	nop.m 0
	nop.i 0
	nop.i 0 ;;
	break.m 1 ;;

// breaks in every slot kind
	.global u_break
u_break:
	{ .mii
	break.m 0x1234
	break.i 0x42
	nop.i 0
	}
	{ .mlx
	nop.m 0
	break.x 0x100000
	}
	{ .mib
	nop.m 0
	nop.i 0
	break.b 0x7
	;;
	}

// privileged and sensitive ops
	.global u_priv
u_priv:
	mov r8 = cr.iva ;;
	.global u_rsm
u_rsm:
	rsm 0x4000 ;;
	.global u_itc
u_itc:
	mov r8 = ar.itc ;;
	break.m 2 ;;
	.global u_kreg
u_kreg:
	mov ar.k0 = r0 ;;

// data faults: r9 = address, r10 = value
	.global u_ld
u_ld:
	nop.m 0
	ld8 r8 = [r9] ;;
	break.m 3 ;;
	.global u_st
u_st:
	st8 [r9] = r10 ;;
	break.m 3 ;;
	.global u_ldspec
u_ldspec:
	ld8.s r8 = [r9] ;;
	break.m 3 ;;
	.global u_sem
u_sem:
	cmpxchg8.acq r8 = [r9], r10, ar.ccv ;;
	break.m 3 ;;
	.global u_fetchadd
u_fetchadd:
	fetchadd8.acq r8 = [r9], 1
	br.cloop.sptk.few u_fetchadd ;;
	break.m 3 ;;
	.global u_lock
u_lock:	// r9 = lock, r11 = counter: 'lc + 1' increments under an xchg lock
	mov r14 = 1 ;;
1:	xchg8 r8 = [r9], r14 ;;
	cmp.ne p6, p0 = r8, r0
(p6)	br.cond.spnt.few 1b ;;
	ld8 r15 = [r11] ;;
	adds r15 = 1, r15 ;;
	st8 [r11] = r15 ;;
	st8.rel [r9] = r0
	br.cloop.sptk.few 1b ;;
	break.m 3 ;;

// a stacked register outside the frame
	.global u_frame
u_frame:
	alloc r32 = ar.pfs, 0, 2, 0, 0 ;;
	.global u_frame_bad
u_frame_bad:
	mov r40 = 1 ;;
// slots after an alloc in its bundle use the new frame
	.global u_frame2
u_frame2:
	{ .mii
	alloc r32 = ar.pfs, 0, 2, 0, 0
	mov r33 = 1
	mov r34 = 2 ;;
	}
	.global u_frame3
u_frame3:
	{ .mii
	alloc r32 = ar.pfs, 0, 3, 0, 0
	mov r33 = 5
	mov r34 = 6 ;;
	}
	break.m 7 ;;

// application register rules (SDM vol 3 mov ar, loadrs)
	.global u_rnat
u_rnat:
	mov r8 = ar.rnat ;;
	break.m 6 ;;
	.global u_bspw
u_bspw:
	mov ar.bsp = r9 ;;
	.global u_ar20
u_ar20:
	mov r8 = ar20 ;;
	.global u_loadrs
u_loadrs:
	loadrs ;;
	break.m 6 ;;

// branches
	.global u_brind
u_brind:
	mov b6 = r9 ;;
	br.cond.sptk.many b6 ;;

// self-modifying code: u_smc runs one of the two bundles below
	.global u_smc
u_smc:
	{ .mii
	mov r8 = 1
	nop.i 0
	nop.i 0 ;;
	}
	break.m 4 ;;
	.global u_smc_alt
u_smc_alt:
	{ .mii
	mov r8 = 2
	nop.i 0
	nop.i 0 ;;
	}

// guest-modified code: u_smc2 runs u_smc_tgt, copies u_smc_tgt2 over it
// with st8, flushes it (fc, sync.i, srlz.i) and runs it again, all in one
// cpu_run: r9 = the first result, r8 = the second (the test makes the text
// writable)
	.global u_smc2
u_smc2:
	movl r20 = u_smc_tgt
	movl r21 = u_smc_tgt2 ;;
	br.call.sptk.many b0 = u_smc_tgt ;;
	mov r9 = r8
	ld8 r22 = [r21], 8 ;;
	ld8 r23 = [r21]
	st8 [r20] = r22, 8 ;;
	st8 [r20] = r23, -8 ;;
	fc r20 ;;
	sync.i ;;
	srlz.i ;;
	br.call.sptk.many b0 = u_smc_tgt ;;
	break.m 5 ;;
	.align 16
u_smc_tgt:
	{ .mib
	mov r8 = 1
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
u_smc_tgt2:
	{ .mib
	mov r8 = 2
	nop.i 0
	br.ret.sptk.many b0 ;;
	}

// an endless loop
	.global u_spin
u_spin:
	br.cond.sptk.few u_spin ;;

// linked blocks (the chain across blocks): a loop through a call, whose
// callee allocates a frame (its block ends there and falls through), a
// counted loop and a rotating frame; break 7 after 40 rounds.  r8 sums.
	.global u_chain
u_chain:
	mov r8 = 0
	mov r9 = 0
	mov r10 = 40 ;;
.Lchain_top:
	add r8 = r8, r9
	adds r9 = 1, r9
	br.call.sptk.many b6 = .Lchain_fn ;;
	mov ar.lc = 2 ;;
.Lchain_cl:
	shladd r8 = r8, 1, r9
	br.cloop.sptk.few .Lchain_cl ;;
	cmp.lt p6, p7 = r9, r10
	xor r8 = r8, r9 ;;
(p6)	br.cond.sptk.few .Lchain_top ;;
	break.m 7 ;;
.Lchain_fn:
	alloc r34 = ar.pfs, 0, 16, 0, 8 ;;
	mov r32 = r8
	mov r33 = r9 ;;
	add r36 = r32, r33
	shl r37 = r33, 3 ;;
	br.ctop.sptk.few .Lchain_fn2 ;;
.Lchain_fn2:
	add r8 = r36, r37
	sub r40 = r36, r37 ;;
	add r8 = r8, r40
	mov ar.pfs = r34 ;;
	br.ret.sptk.many b6 ;;

// predicated-off faults do not happen
	.global u_predoff
u_predoff:
	cmp.ne p6, p0 = r0, r0 ;;
(p6)	ld8 r8 = [r0] ;;
(p6)	mov r8 = cr.iva ;;
(p6)	break.i 9 ;;
	break.m 5 ;;

// a loop branch in slot 0 and a reserved template
	.global u_reserved
u_reserved:
	data8 0x0000000000000006, 0
	.global u_mlxslot2
u_mlxslot2:
	{ .mlx
	nop.m 0
	movl r8 = 0x1234567890 ;;
	}

	.data
	.align 16
	.global u_data
u_data:	data8 0, 0, 0, 0
