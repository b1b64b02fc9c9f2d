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

// ---- the block compiler (vmm/cpu/jit_x86.c) against the handlers --------------------
// cpu_unit.c's test_jit runs each u_jit* snippet from random registers, NaTs,
// predicates, frames (cfm with rrb.gr and rrb.pr), FRs and memory, with the
// compiler on and off, one instruction per cpu_run and stopped by a budget,
// and compares.  The bodies name registers J0-J17 (ALU and compares), B0-B1,
// X0-X2 and D0-D11 (memory), defined before each use: static, stacked or
// mixed (cpu_unit.c's jit_snips knows which); results go into JK or MK, so
// that none is lost.  Each snippet ends in break 0x77 (JIT_END).

// Every result goes into JK (rotated first, then xor): JX.
#define JX(r) shrp JK = JK, JK, 7 ;; xor JK = JK, r ;;
// Every ALU kind the compiler does, with the immediate forms at the edges
// of their encodings and of the host code's immediate paths (imm8, imm32
// zero- and sign-extended, imm64); some slots predicated on p1-p15 and on
// rotating predicates; ops the compiler does not do now and then (shl by a
// register, tbit, addp4), predicated, one or two in a row, which end a run;
// before them a static register only written (r4-r7: its NaT must go);
// predicated branches to the next bundle, which end blocks.
#define JIT_ALU_BODY \
	add J0 = J1, J2 ;; JX(J0) \
	add J3 = J0, J4, 1 ;; JX(J3) \
	sub J5 = J3, J6 ;; JX(J5) \
	sub J7 = J5, J1, 1 ;; JX(J7) \
	add J8 = J8, J8 ;; JX(J8) \
	adds J9 = -8192, J7 ;; JX(J9) \
	adds J10 = 8191, J0 ;; JX(J10) \
	adds J11 = 0, J9 ;; JX(J11) \
	addl J12 = -2097152, r3 ;; JX(J12) \
	addl J13 = 0x1fffff, r2 ;; JX(J13) \
	mov J14 = -1 ;; JX(J14) \
	(p5) movl J15 = 0x8000000000000001 ;; JX(J15) \
	movl J16 = 0x123456789 ;; JX(J16) \
	movl J17 = 0xffffffff80000000 ;; JX(J17) \
	(p16) movl J0 = 0xffffffff ;; JX(J0) \
	(p13) br.cond.dptk.few 1f ;; \
1:	(p14) shl J5 = J6, J7 ; \
	(p15) addp4 J8 = J9, J10 ;; JX(J5) JX(J8) \
	movl J1 = 0x7fffffff ;; JX(J1) \
	adds r4 = 1, J0 ;; \
	(p5) shl J2 = J3, J4 ;; JX(J2) \
	sub J2 = -128, J9 ;; JX(J2) \
	sub J3 = 127, J10 ;; JX(J3) \
	sub J4 = 0, J3 ;; JX(J4) \
	shladd J5 = J2, 1, J3 ;; JX(J5) \
	shladd J6 = J5, 2, J11 ;; JX(J6) \
	(p3) shladd J7 = J6, 3, J12 ;; JX(J7) \
	shladd J8 = J7, 4, J13 ;; JX(J8) \
	and J9 = J8, J14 ;; JX(J9) \
	or J10 = J9, J15 ;; JX(J10) \
	(p17) xor J11 = J10, J16 ;; JX(J11) \
	andcm J12 = J11, J17 ;; JX(J12) \
	and J13 = -128, J12 ;; JX(J13) \
	or J14 = 127, J13 ;; JX(J14) \
	xor J15 = -1, J14 ;; JX(J15) \
	andcm J16 = -77, J15 ;; JX(J16) \
	(p6) andcm J17 = 0x55, J16 ;; JX(J17) \
	and J0 = 7, J17 ;; JX(J0) \
	adds r5 = 2, J1 ;; \
	(p17) tbit.z p9, p10 = J0, 3 ;; \
	(p20) br.cond.dptk.few 1f ;; \
1:	(p18) shl J9 = J10, J11 ;; JX(J9) \
	extr.u J1 = J16, 0, 64 ;; JX(J1) \
	extr.u J2 = J15, 3, 32 ;; JX(J2) \
	extr.u J3 = J14, 60, 10 ;; JX(J3) \
	extr.u J4 = J13, 17, 1 ;; JX(J4) \
	(p40) extr.u J5 = J12, 31, 33 ;; JX(J5) \
	extr J6 = J11, 0, 64 ;; JX(J6) \
	extr J7 = J10, 13, 51 ;; JX(J7) \
	extr J8 = J9, 40, 30 ;; JX(J8) \
	extr J9 = J8, 5, 7 ;; JX(J9) \
	extr J10 = J7, 0, 32 ;; JX(J10) \
	dep.z J11 = J6, 0, 64 ;; JX(J11) \
	dep.z J12 = J5, 40, 30 ;; JX(J12) \
	dep.z J13 = J4, 63, 1 ;; JX(J13) \
	(p63) dep.z J14 = J3, 7, 32 ;; JX(J14) \
	dep.z J15 = J2, 0, 16 ;; JX(J15) \
	shl J16 = J1, 17 ;; JX(J16) \
	shr.u J17 = J0, 33 ;; JX(J17) \
	shr J0 = J17, 5 ;; JX(J0) \
	mov r6 = J2 ;; \
	(p11) addp4 J1 = J16, J15 ;; JX(J1) \
	mix4.r J2 = J1, J16 ;; JX(J2) \
	mix4.r J3 = J15, J14 ;; JX(J3) \
	zxt1 J3 = J2 ;; JX(J3) \
	zxt2 J4 = J3 ;; JX(J4) \
	(p9) zxt4 J5 = J17 ;; JX(J5) \
	sxt1 J6 = J5 ;; JX(J6) \
	sxt2 J7 = J16 ;; JX(J7) \
	sxt4 J8 = J15 ;; JX(J8) \
	shrp J9 = J8, J7, 0 ;; JX(J9) \
	shrp J10 = J9, J6, 1 ;; JX(J10) \
	(p10) shrp J11 = J10, J5, 32 ;; JX(J11) \
	shrp J12 = J11, J4, 63 ;; JX(J12) \
	mov J13 = J12 ;; JX(J13) \
	mov J14 = ip ;; JX(J14) \
	add J15 = J15, J14 ;; JX(J15) \
	xor J16 = J16, J0 ;; JX(J16) \
	add J17 = J17, J1 ;; JX(J17) \
	(p6) br.cond.dptk.few 1f ;; \
1:

// A compare's outcome, two bits of JK (rotated by two first) flipped by
// slots predicated on its targets.
#define JREC(p, q) shrp JK = JK, JK, 62 ;; (p) xor JK = 1, JK ;; (q) xor JK = 2, JK ;;
// Every relation, cmp and cmp4, register, immediate and r0 forms, p0 as
// either target, .unc with true, false and rotating qualifying predicates,
// targets p16 and up (not compiled: they end runs).
#define JIT_CMP_BODY \
	cmp.eq p1, p2 = J0, J1 ;; JREC(p1, p2) \
	cmp.ne p3, p4 = J1, J2 ;; JREC(p3, p4) \
	cmp.lt p5, p6 = J2, J3 ;; JREC(p5, p6) \
	cmp.le p7, p8 = J3, J4 ;; JREC(p7, p8) \
	cmp.gt p9, p10 = J4, J5 ;; JREC(p9, p10) \
	cmp.ge p11, p12 = J5, J6 ;; JREC(p11, p12) \
	cmp.ltu p13, p14 = J6, J7 ;; JREC(p13, p14) \
	cmp.leu p15, p1 = J7, J8 ;; JREC(p15, p1) \
	cmp.gtu p2, p3 = J8, J9 ;; JREC(p2, p3) \
	cmp.geu p4, p5 = J9, J10 ;; JREC(p4, p5) \
	cmp4.eq p6, p7 = J10, J11 ;; JREC(p6, p7) \
	cmp4.ne p8, p9 = J11, J12 ;; JREC(p8, p9) \
	cmp4.lt p10, p11 = J12, J13 ;; JREC(p10, p11) \
	cmp4.le p12, p13 = J13, J14 ;; JREC(p12, p13) \
	cmp4.gt p14, p15 = J14, J15 ;; JREC(p14, p15) \
	cmp4.ge p1, p3 = J15, J0 ;; JREC(p1, p3) \
	cmp4.ltu p2, p4 = J0, J2 ;; JREC(p2, p4) \
	cmp4.leu p5, p7 = J1, J3 ;; JREC(p5, p7) \
	cmp4.gtu p6, p8 = J2, J4 ;; JREC(p6, p8) \
	cmp4.geu p9, p11 = J3, J5 ;; JREC(p9, p11) \
	cmp.eq p10, p12 = 0, J4 ;; JREC(p10, p12) \
	cmp.ne p13, p15 = -1, J5 ;; JREC(p13, p15) \
	cmp.lt p14, p1 = 1, J6 ;; JREC(p14, p1) \
	cmp.le p2, p5 = -127, J7 ;; JREC(p2, p5) \
	cmp.gt p3, p6 = 127, J8 ;; JREC(p3, p6) \
	cmp.ge p4, p7 = 2, J9 ;; JREC(p4, p7) \
	cmp.ltu p8, p10 = -1, J10 ;; JREC(p8, p10) \
	cmp.leu p9, p12 = 1, J11 ;; JREC(p9, p12) \
	cmp.gtu p11, p13 = -2, J12 ;; JREC(p11, p13) \
	cmp.geu p14, p2 = 3, J13 ;; JREC(p14, p2) \
	cmp4.eq p15, p3 = -1, J0 ;; JREC(p15, p3) \
	cmp4.ne p1, p4 = 0, J1 ;; JREC(p1, p4) \
	cmp4.lt p5, p8 = -3, J2 ;; JREC(p5, p8) \
	cmp4.le p6, p9 = 0, J3 ;; JREC(p6, p9) \
	cmp4.gt p7, p10 = 1, J4 ;; JREC(p7, p10) \
	cmp4.ge p11, p14 = -1, J5 ;; JREC(p11, p14) \
	cmp4.ltu p12, p15 = 2, J6 ;; JREC(p12, p15) \
	cmp4.leu p13, p1 = -1, J7 ;; JREC(p13, p1) \
	cmp4.gtu p2, p6 = 128, J8 ;; JREC(p2, p6) \
	cmp4.geu p3, p7 = -128, J9 ;; JREC(p3, p7) \
	cmp.eq p4, p8 = r0, J10 ;; JREC(p4, p8) \
	cmp.lt p5, p9 = J11, r0 ;; JREC(p5, p9) \
	cmp.gtu p10, p11 = r0, J12 ;; JREC(p10, p11) \
	cmp4.ge p12, p13 = J13, r0 ;; JREC(p12, p13) \
	cmp4.ltu p14, p15 = r0, J14 ;; JREC(p14, p15) \
	cmp.eq p0, p1 = J15, J0 ;; JREC(p1, p0) \
	cmp.lt p2, p0 = J1, J2 ;; JREC(p2, p0) \
	cmp4.ne p0, p3 = 5, J3 ;; JREC(p3, p0) \
	cmp.geu p4, p0 = J4, J5 ;; JREC(p4, p0) \
	(p1) cmp.eq.unc p5, p6 = J5, J6 ;; JREC(p5, p6) \
	(p2) cmp.lt.unc p7, p8 = J6, J7 ;; JREC(p7, p8) \
	(p3) cmp4.ltu.unc p9, p10 = J7, J8 ;; JREC(p9, p10) \
	(p4) cmp.ne.unc p11, p0 = 3, J9 ;; JREC(p11, p12) \
	cmp.le.unc p13, p14 = J9, J10 ;; JREC(p13, p14) \
	(p17) cmp.lt.unc p15, p1 = J10, J11 ;; JREC(p15, p1) \
	(p35) cmp4.eq.unc p2, p3 = J11, J12 ;; JREC(p2, p3) \
	(p63) cmp.gtu.unc p4, p5 = J12, J13 ;; JREC(p4, p5) \
	(p6) cmp.eq.unc p6, p7 = J13, J14 ;; JREC(p6, p7) \
	adds r7 = 3, J3 ;; \
	(p2) cmp.eq p20, p21 = J14, J15 ;; JREC(p20, p21) \
	(p16) add J0 = J0, J16 ; \
	(p30) sub J1 = J1, J17 ;; JX(J0) JX(J1) \
	(p47) xor J2 = J2, J16 ; \
	(p62) and J3 = J3, J17 ;; JX(J2) JX(J3) \
	cmp4.lt p62, p8 = J0, J1 ;; JREC(p8, p62)

// A snippet's end: the branch ends its last block there, which would
// otherwise go on into the next snippet's registers (when they are outside
// the frame, its bundles would run one at a time, never compiled).
#define JIT_END break.m 0x77 ;; br.ret.sptk.many b0 ;;

	.text
// the bodies on r14-r31
#define J0 r14
#define J1 r15
#define J2 r16
#define J3 r17
#define J4 r18
#define J5 r19
#define J6 r20
#define J7 r21
#define J8 r22
#define J9 r23
#define J10 r24
#define J11 r25
#define J12 r26
#define J13 r27
#define J14 r28
#define J15 r29
#define J16 r30
#define J17 r31
#define JK r9
	.global u_jit_alu
u_jit_alu:
	JIT_CMP_BODY
	JIT_ALU_BODY
	JIT_CMP_BODY
	JIT_END
#undef J0
#undef J1
#undef J2
#undef J3
#undef J4
#undef J5
#undef J6
#undef J7
#undef J8
#undef J9
#undef J10
#undef J11
#undef J12
#undef J13
#undef J14
#undef J15
#undef J16
#undef J17
#undef JK
// the bodies on stacked registers, rotating ones (r32-r79 with sor 48) and
// not (r80-r95), in a frame of 64 that cpu_unit.c sets with rrb.gr != 0
#define J0 r32
#define J1 r37
#define J2 r41
#define J3 r46
#define J4 r50
#define J5 r55
#define J6 r59
#define J7 r63
#define J8 r64
#define J9 r68
#define J10 r72
#define J11 r77
#define J12 r79
#define J13 r80
#define J14 r85
#define J15 r88
#define J16 r91
#define J17 r95
#define JK r94
	.global u_jit_alux
u_jit_alux:
	JIT_CMP_BODY
	JIT_ALU_BODY
	JIT_CMP_BODY
	JIT_END
// ... and in a loop of br.ctop, which rotates them (and p16-p63) each round
	.global u_jit_rot
u_jit_rot:
	mov ar.lc = 3 ;;
	mov ar.ec = 2 ;;
.Ljit_rot:
	JIT_ALU_BODY
	JIT_CMP_BODY
	br.ctop.sptk.few .Ljit_rot ;;
	JIT_END
#undef J0
#undef J1
#undef J2
#undef J3
#undef J4
#undef J5
#undef J6
#undef J7
#undef J8
#undef J9
#undef J10
#undef J11
#undef J12
#undef J13
#undef J14
#undef J15
#undef J16
#undef J17
#undef JK
// static and stacked mixed
#define J0 r14
#define J1 r33
#define J2 r15
#define J3 r47
#define J4 r16
#define J5 r60
#define J6 r17
#define J7 r79
#define J8 r18
#define J9 r82
#define J10 r19
#define J11 r95
#define J12 r20
#define J13 r40
#define J14 r21
#define J15 r70
#define J16 r22
#define J17 r88
#define JK r93
	.global u_jit_alum
u_jit_alum:
	JIT_ALU_BODY
	JIT_CMP_BODY
	JIT_ALU_BODY
	JIT_END

// Loads and stores of every size, with and without post-increment (both
// signs), through bases B0 and B1 (cpu_unit.c points them at mapped pages,
// their neighbours, a page of another TLB set, a read-only page, unmapped
// addresses, unaligned ones), loads of what the run stored, predicated
// ones, an address from loaded data (often unaligned); then (but in the
// loop) a load into its own base register.
// Every loaded value goes into MK (rotated first, then xor): MX.
#define MX(r) shrp MK = MK, MK, 7 ;; xor MK = MK, r ;;
#define JIT_MEM_BODY \
	adds X0 = 8, B0 ; \
	adds X1 = 12, B1 ;; \
	ld8 D0 = [B0] ; \
	ld4 D1 = [B1] ;; MX(D0) MX(D1) \
	ld2 D2 = [X0] ; \
	ld1 D3 = [X1] ;; MX(D2) MX(D3) \
	st8 [X0] = D4 ; \
	st4 [X1] = D5 ;; \
	ld8 D6 = [X0], 8 ;; MX(D6) \
	ld4 D7 = [X1], 4 ;; MX(D7) \
	st2 [X0] = D0, 2 ;; \
	st1 [X1] = D1, -1 ;; \
	ld2 D8 = [X0], -2 ;; MX(D8) \
	ld1 D9 = [X1], 1 ;; MX(D9) \
	st8 [B0] = D2, 16 ;; \
	st4 [B1] = D3, -4 ;; \
	add D10 = D6, D7 ;; \
	st2 [B0] = D10 ;; \
	st1 [B1] = D10, 5 ;; \
	ld8 D11 = [X0] ; \
	ld4 D4 = [X1] ;; MX(D11) MX(D4) \
	cmp.ltu p6, p7 = D11, D4 ;; \
	(p6) st8 [X0] = D11, 8 ; \
	(p7) st4 [X1] = D4, 4 ;; \
	(p16) ld8 D5 = [X0] ;; MX(D5) \
	(p18) ld2 D0 = [X1], 2 ;; MX(D0) \
	(p6) ld1 D1 = [X1], -1 ;; MX(D1) \
	st1 [X0] = D5 ;; \
	ld8 D2 = [X0], -255 ;; MX(D2) \
	ld4 D3 = [B1], 255 ;; MX(D3) \
	st8 [X0] = D3, 255 ;; \
	st4 [B1] = D2, -256 ;; \
	extr.u X2 = D0, 0, 3 ;; \
	add X2 = X2, B0 ;; \
	ld8 D6 = [X2] ;; MX(D6) \
	st2 [X2] = D6 ;; \
	ld4 D7 = [X2], 4 ;; MX(D7) \
	st8 [X2] = D7, -8 ;; \
	ld2 D8 = [X2] ;; MX(D8) \
	st4 [X2] = D8 ;; \
	ld1 D9 = [X2] ;; MX(D9) \
	st1 [X2] = D9, 1 ;; \
	ld8 X2 = [X2] ;; MX(X2) \
	adds r4 = 1, B0 ;; \
	(p7) shl D10 = D10, D9 ;; \
	(p8) br.cond.dptk.few 1f ;; \
1:	(p19) shl D10 = D10, D9 ; \
	(p9) addp4 D9 = D9, D8 ;; \
	ld8 D11 = [B0], 8 ;; MX(D11) \
	st8 [B1] = D11, 8 ;; \
	add D0 = D0, D1 ;; MX(D0) MX(X0) MX(X1) MX(B0) MX(B1)

	.text
#define B0 r8
#define B1 r9
#define X0 r10
#define X1 r11
#define X2 r2
#define D0 r14
#define D1 r15
#define D2 r16
#define D3 r17
#define D4 r18
#define D5 r19
#define D6 r20
#define D7 r21
#define D8 r22
#define D9 r23
#define D10 r24
#define D11 r25
#define MK r26
	.global u_jit_mem
u_jit_mem:
	JIT_MEM_BODY
	ld8 B0 = [B0] ;;
	JIT_END
#undef B0
#undef B1
#undef X0
#undef X1
#undef X2
#undef D0
#undef D1
#undef D2
#undef D3
#undef D4
#undef D5
#undef D6
#undef D7
#undef D8
#undef D9
#undef D10
#undef D11
#undef MK
// stacked (rotating and not), in a frame of 64 with sor 48
#define B0 r40
#define B1 r82
#define X0 r33
#define X1 r90
#define X2 r61
#define D0 r34
#define D1 r45
#define D2 r50
#define D3 r79
#define D4 r80
#define D5 r86
#define D6 r91
#define D7 r95
#define D8 r36
#define D9 r70
#define D10 r55
#define D11 r88
#define MK r92
	.global u_jit_memx
u_jit_memx:
	JIT_MEM_BODY
	ld8 B0 = [B0] ;;
	JIT_END
// and in a loop of br.ctop: the bases (not rotating) advance each round
#undef B0
#define B0 r84
	.global u_jit_memrot
u_jit_memrot:
	mov ar.lc = 2 ;;
	mov ar.ec = 2 ;;
.Ljit_memrot:
	JIT_MEM_BODY
	br.ctop.sptk.few .Ljit_memrot ;;
	JIT_END

// Stores beside advanced loads (ALAT entries): r8 = the address of two
// ld8.a (r20, r26), r10 that of an ld4.a (r21), r9 and r11 the stores'
// addresses (cpu_unit.c: the same granule or bytes, a neighbouring one,
// one with the same filter bit, far).  The registers are overwritten; a
// check load that finds its entry keeps 5 (6), one that does not reloads
// memory; chk.a.clr on r26 gives r27 = 1 (entry) or 2 (none).
	.global u_jit_alat
u_jit_alat:
	ld8.a r20 = [r8]
	ld4.a r21 = [r10] ;;
	ld8.a r26 = [r8] ;;
	mov r20 = 5
	mov r21 = 6 ;;
	adds r22 = 1, r14
	adds r23 = 2, r15 ;;
	st8 [r9] = r14 ;;
	st4 [r11] = r15 ;;
	add r24 = r22, r23 ;;
	st2 [r9] = r24, 2 ;;
	st1 [r11] = r24, 1 ;;
	xor r25 = r24, r22 ;;
	(p6) st8 [r9] = r25, -2 ;;
	(p7) st1 [r11] = r25, -1 ;;
	adds r22 = 3, r22 ;;
	ld8.c.nc r20 = [r8] ;;
	ld4.c.clr r21 = [r10] ;;
	chk.a.clr r26, .Ljit_alat_rec ;;
	mov r27 = 1 ;;
	JIT_END
.Ljit_alat_rec:
	mov r27 = 2 ;;
	JIT_END

// Loops whose block branches back to its own start, by br.cloop (ar.lc =
// r8) and by a predicated br.cond (r8 rounds), their bodies ALU ops,
// compares and loads and stores through r9 and r10, which walk memory (and
// may walk off it: a miss in the middle of the loop).
	.text
	.global u_jit_loop
u_jit_loop:
	mov ar.lc = r8 ;;
.Ljit_loop:
	add r14 = r14, r15
	ld8 r16 = [r9], 8 ;;
	shladd r15 = r14, 2, r16
	st4 [r10] = r14, 4 ;;
	xor r17 = r17, r16 ;;
	cmp.ltu p6, p7 = r14, r15 ;;
	(p6) adds r18 = 1, r18
	(p7) ld1 r19 = [r9] ;;
	(p7) st2 [r10] = r19 ;;
	br.cloop.sptk.few .Ljit_loop ;;
	JIT_END
	.global u_jit_loopc
u_jit_loopc:
	adds r8 = -1, r8
	ld4 r16 = [r9], 4 ;;
	sub r14 = r14, r16 ;;
	st8 [r10] = r14, 8 ;;
	and r15 = r14, r15 ;;
	cmp4.lt p6, p0 = r0, r8 ;;
	(p6) br.cond.sptk.few u_jit_loopc ;;
	JIT_END
// the same on stacked registers (r40-r42 rotating, r85-r87 not)
	.global u_jit_loopx
u_jit_loopx:
	mov ar.lc = r8 ;;
.Ljit_loopx:
	add r40 = r40, r85
	ld8 r41 = [r9], 8 ;;
	shladd r85 = r40, 2, r41
	st4 [r10] = r40, 4 ;;
	xor r86 = r86, r41 ;;
	cmp.ltu p6, p7 = r40, r85 ;;
	(p6) adds r87 = 1, r87
	(p7) ld1 r42 = [r9] ;;
	br.cloop.sptk.few .Ljit_loopx ;;
	JIT_END

// The integer multiply idiom (setf.sig, xma.l, getf.sig) among integer ops,
// on f0-f31 (cpu_unit.c sets f2-f127 and psr.dfl/dfh now and then), with a
// rotating register and xma.hu now and then, which are not that idiom;
// psr.mfl (which FR writes set) read into r27 and r28.
	.global u_jit_fp
u_jit_fp:
	rum 0x30 ;;
	setf.sig f6 = r14
	setf.sig f7 = r15 ;;
	mov r27 = psr.um ;;
	rum 0x30 ;;
	xma.l f8 = f6, f7, f9 ;;
	getf.sig r16 = f8 ;;
	add r17 = r16, r14 ;;
	mov r28 = psr.um ;;
	setf.sig f10 = r17 ;;
	xma.l f11 = f10, f8, f0 ;;
	xma.l f12 = f1, f11, f6 ;;
	getf.sig r18 = f11
	getf.sig r19 = f12 ;;
	xma.l f31 = f12, f12, f12 ;;
	getf.sig r20 = f31 ;;
	setf.sig f2 = r0 ;;
	xma.l f13 = f2, f31, f40 ;;
	getf.sig r21 = f13 ;;
	getf.sig r22 = f5 ;;
	setf.sig f5 = r22 ;;
	(p6) xma.l f14 = f5, f6, f7 ;;
	(p17) getf.sig r23 = f14 ;;
	xma.hu f15 = f6, f7, f8 ;;
	getf.sig r24 = f15 ;;
	shladd r25 = r24, 3, r23 ;;
	setf.sig f16 = r25 ;;
	xma.l f17 = f16, f16, f3 ;;
	getf.sig r26 = f17 ;;
	JIT_END
