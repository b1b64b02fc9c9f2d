// SPDX-License-Identifier: GPL-2.0
// Privileged instructions that lol-afterburn with LOL_AFTERBURN_INLINE=1
// turns into inline sequences on the vCPU page (scratch registers proven dead
// by its liveness scan); wedge_sem runs them on the interpreter and checks
// the page.  Called through lolt_call (wedge_drv.S): arguments in r14-r17.
	.text
	.global t_write_cr
	.proc t_write_cr
t_write_cr:			// cr.ipsr = r14, cr.iip = r15, cr.ifs = r16; r8 = r17 back
	mov r8 = r17
	mov cr.ipsr = r14
	mov cr.iip = r15
	mov cr.ifs = r16
	;;
	mov r2 = r0		// kills: the scratch registers are dead above
	mov r3 = r0
	mov r18 = r0
	mov r19 = r0
	br.ret.sptk.many b0
	;;
	.endp t_write_cr

	.global t_read_cr
	.proc t_read_cr
t_read_cr:			// r8 = cr.ipsr, r9 = cr.iip, r10 = ar.k6
	mov r8 = cr.ipsr
	mov r9 = cr.iip
	mov r10 = ar.k6
	br.ret.sptk.many b0
	;;
	.endp t_read_cr

	.global t_rsm_i
	.proc t_rsm_i
t_rsm_i:
	rsm psr.i
	;;
	mov r2 = r0
	br.ret.sptk.many b0
	;;
	.endp t_rsm_i

	.global t_rsm_i_ic
	.proc t_rsm_i_ic
t_rsm_i_ic:
	rsm psr.i | psr.ic
	;;
	mov r2 = r0
	br.ret.sptk.many b0
	;;
	.endp t_rsm_i_ic

	.global t_ssm_ic
	.proc t_ssm_ic
t_ssm_ic:			// r8 = r2 + 1 before: r2 is live, another scratch is taken
	add r8 = 1, r2
	ssm psr.ic
	;;
	mov r3 = r0
	mov r14 = r0
	mov r2 = r0
	br.ret.sptk.many b0
	;;
	.endp t_ssm_ic

	.global t_live
	.proc t_live
t_live:				// every candidate is read after the site: the break stays
	rsm psr.ic
	;;
	br.ret.sptk.many b0
	;;
	.endp t_live
