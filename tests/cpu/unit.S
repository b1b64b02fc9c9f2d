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

// fused pairs (interp.c, cpu_fuse): every ordered pair of the fusable ALU
// ops, A then B, the second reading the first's result (r14) and its own
// (r17), the first the last pair's (r17) and one of r15-r31 (cpu_unit.c
// sets them).
// Some A are predicated (p6/p7: fused when true), some B too (never fused).
#define F_add(d, a, b) add d = a, b
#define F_sub(d, a, b) sub d = a, b
#define F_addi(d, a, b) adds d = 37, a
#define F_movi(d, a, b) mov d = -77
#define F_shladd(d, a, b) shladd d = a, 3, b
#define F_and(d, a, b) and d = a, b
#define F_or(d, a, b) or d = a, b
#define F_xor(d, a, b) xor d = a, b
#define F_andcm(d, a, b) andcm d = a, b
#define F_andi(d, a, b) and d = 0x5a, a
#define F_ori(d, a, b) or d = -3, a
#define F_xori(d, a, b) xor d = 0x71, a
#define F_andcmi(d, a, b) andcm d = -1, a
#define F_extru(d, a, b) extr.u d = a, 7, 25
#define F_depz(d, a, b) dep.z d = a, 5, 20
#define F_mix4r(d, a, b) mix4.r d = a, b
#define F_zxt(d, a, b) zxt4 d = a
#define F_sxt(d, a, b) sxt2 d = a
#define F_shrp(d, a, b) shrp d = a, b, 13
// a source register per op
#define R_add r15
#define R_sub r16
#define R_addi r18
#define R_movi r19
#define R_shladd r20
#define R_and r21
#define R_or r22
#define R_xor r23
#define R_andcm r24
#define R_andi r25
#define R_ori r26
#define R_xori r27
#define R_andcmi r28
#define R_extru r29
#define R_depz r30
#define R_mix4r r31
#define R_zxt r15
#define R_sxt r16
#define R_shrp r18
// A's predicate by B, B's by A
#define QA_add
#define QA_sub
#define QA_addi (p7)
#define QA_movi
#define QA_shladd
#define QA_and
#define QA_or
#define QA_xor (p6)
#define QA_andcm
#define QA_andi
#define QA_ori
#define QA_xori
#define QA_andcmi
#define QA_extru
#define QA_depz
#define QA_mix4r
#define QA_zxt (p6)
#define QA_sxt
#define QA_shrp (p7)
#define QB_add
#define QB_sub
#define QB_addi
#define QB_movi
#define QB_shladd
#define QB_and (p6)
#define QB_or
#define QB_xor
#define QB_andcm
#define QB_andi
#define QB_ori
#define QB_xori
#define QB_andcmi
#define QB_extru
#define QB_depz
#define QB_mix4r
#define QB_zxt
#define QB_sxt
#define QB_shrp
#define FUSE_PAIR(a, b) QA_##b F_##a(X14, X17, R_##b) ;; QB_##a F_##b(X17, X14, X17) ;;
#define X14 r14
#define X17 r17
#define FUSE_LIST(X, a) X(a, add) X(a, sub) X(a, addi) X(a, movi) X(a, shladd) X(a, and) \
	X(a, or) X(a, xor) X(a, andcm) X(a, andi) X(a, ori) X(a, xori) X(a, andcmi) \
	X(a, extru) X(a, depz) X(a, mix4r) X(a, zxt) X(a, sxt) X(a, shrp)
#define FUSE_ROW(a) FUSE_LIST(FUSE_PAIR, a)
/* every ordered pair; the R_ registers are those defined where it is used */
#define FUSE_ALL FUSE_ROW(add) FUSE_ROW(sub) FUSE_ROW(addi) FUSE_ROW(movi) FUSE_ROW(shladd) \
	FUSE_ROW(and) FUSE_ROW(or) FUSE_ROW(xor) FUSE_ROW(andcm) FUSE_ROW(andi) FUSE_ROW(ori) \
	FUSE_ROW(xori) FUSE_ROW(andcmi) FUSE_ROW(extru) FUSE_ROW(depz) FUSE_ROW(mix4r) \
	FUSE_ROW(zxt) FUSE_ROW(sxt) FUSE_ROW(shrp)
	.text
	.global u_fuse
u_fuse:
	FUSE_ALL
	break.m 0x77 ;;

// the same on stacked registers (the any-register pairs): r14-r31 copied
// to r32 + (n - 14) in a frame of 18, the results copied back
	.global u_fusex
u_fusex:
	alloc r2 = ar.pfs, 18, 0, 0, 0 ;;
	mov r32 = r14
	mov r33 = r15
	mov r34 = r16
	mov r35 = r17
	mov r36 = r18
	mov r37 = r19
	mov r38 = r20
	mov r39 = r21
	mov r40 = r22
	mov r41 = r23
	mov r42 = r24
	mov r43 = r25
	mov r44 = r26
	mov r45 = r27
	mov r46 = r28
	mov r47 = r29
	mov r48 = r30
	mov r49 = r31
	;;
#undef X14
#undef X17
#define X14 r32
#define X17 r35
#undef R_add
#define R_add r33
#undef R_sub
#define R_sub r34
#undef R_addi
#define R_addi r36
#undef R_movi
#define R_movi r37
#undef R_shladd
#define R_shladd r38
#undef R_and
#define R_and r39
#undef R_or
#define R_or r40
#undef R_xor
#define R_xor r41
#undef R_andcm
#define R_andcm r42
#undef R_andi
#define R_andi r43
#undef R_ori
#define R_ori r44
#undef R_xori
#define R_xori r45
#undef R_andcmi
#define R_andcmi r46
#undef R_extru
#define R_extru r47
#undef R_depz
#define R_depz r48
#undef R_mix4r
#define R_mix4r r49
#undef R_zxt
#define R_zxt r33
#undef R_sxt
#define R_sxt r34
#undef R_shrp
#define R_shrp r36
	FUSE_ALL
	mov r14 = r32
	mov r15 = r33
	mov r16 = r34
	mov r17 = r35
	mov r18 = r36
	mov r19 = r37
	mov r20 = r38
	mov r21 = r39
	mov r22 = r40
	mov r23 = r41
	mov r24 = r42
	mov r25 = r43
	mov r26 = r44
	mov r27 = r45
	mov r28 = r46
	mov r29 = r47
	mov r30 = r48
	mov r31 = r49
	;;
	break.m 0x77 ;;
