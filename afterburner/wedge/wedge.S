// SPDX-License-Identifier: GPL-2.0
/*
 * The wedge: guest code that keeps the virtual CPU state of lol-abi.h's
 * vCPU page with plain loads and stores, and makes a hypercall only when the
 * monitor has to act.  Linked into the guest kernel (built with it, as the
 * original's burn.S was); everything is in section .lol.wedge, the one place
 * `lol-afterburn --audit` allows a sensitive instruction (ar.itc is read here
 * to form the guest's time).
 *
 * Calling convention: the ordinary IA-64 software conventions (C callable,
 * arguments in in0.., result in r8, b0 return).  The routines are leaves
 * without a register frame of their own and use only scratch state: r2, r3,
 * r8-r11, r14-r17, p6, p7 (and b6 for none); so a caller written in
 * assembly may rely on everything else being preserved.
 *
 *   unsigned long lol_wedge_get_psr(void)        virtual psr (i, ic, bn merged in)
 *   unsigned long lol_wedge_irq_save(void)       psr, then virtual psr.i = 0
 *   void          lol_wedge_irq_disable(void)    rsm psr.i
 *   void          lol_wedge_irq_enable(void)     ssm psr.i (a pending interrupt
 *                                                is delivered: LOL_HC_PENDING)
 *   void          lol_wedge_irq_restore(unsigned long psr)   psr.i from bit 14
 *   void          lol_wedge_rsm_ic(void), lol_wedge_ssm_ic(void)
 *   unsigned long lol_wedge_get_itc(void)        ar.itc + itc_offset, never backwards
 *   unsigned long lol_wedge_get_cr(unsigned long cr)   mirrored control registers
 *                                                (lol_vcpu_cr_offset), else LOL_HC_*
 *   unsigned long lol_wedge_get_kr(unsigned long n)
 *   long lol_hc_NAME(a0, a1, a2, a3)             hypercall LOL_HC_NAME with the
 *                                                arguments in r8-r11, result r8
 */
#include "lol-abi.h"

#define PSR_IC_BIT 13
#define PSR_I_BIT 14
#define PSR_BN_BIT 44

#define ENTRY(name)		\
	.global name;		\
	.type name, @function;	\
	.proc name;		\
name:

#define END(name)		\
	.endp name;		\
	.size name, . - name

#define PAGE(reg, off) movl reg = LOL_VCPU_PAGE_ADDR + (off)

	.section .lol.wedge, "ax", @progbits
	.align 32

// r8 = the virtual psr: vpsr with the i, ic and bn bytes merged in
ENTRY(lol_wedge_get_psr)
	PAGE(r2, LOL_VCPU_OFF_VPSR)
	PAGE(r3, LOL_VCPU_OFF_PSR_I)
	;;
	ld8 r8 = [r2]
	ld1 r9 = [r3], LOL_VCPU_OFF_PSR_IC - LOL_VCPU_OFF_PSR_I
	;;
	ld1 r10 = [r3], LOL_VCPU_OFF_BANKNUM - LOL_VCPU_OFF_PSR_IC
	dep r8 = r9, r8, PSR_I_BIT, 1
	;;
	ld1 r11 = [r3]
	dep r8 = r10, r8, PSR_IC_BIT, 1
	;;
	dep r8 = r11, r8, PSR_BN_BIT, 1
	br.ret.sptk.many b0
END(lol_wedge_get_psr)

ENTRY(lol_wedge_irq_disable)
	PAGE(r2, LOL_VCPU_OFF_PSR_I)
	;;
	st1 [r2] = r0
	br.ret.sptk.many b0
END(lol_wedge_irq_disable)

ENTRY(lol_wedge_irq_save)
	PAGE(r2, LOL_VCPU_OFF_VPSR)
	PAGE(r3, LOL_VCPU_OFF_PSR_I)
	;;
	ld8 r8 = [r2]
	ld1 r9 = [r3]
	;;
	st1 [r3] = r0, LOL_VCPU_OFF_PSR_IC - LOL_VCPU_OFF_PSR_I
	dep r8 = r9, r8, PSR_I_BIT, 1
	;;
	ld1 r10 = [r3], LOL_VCPU_OFF_BANKNUM - LOL_VCPU_OFF_PSR_IC
	;;
	ld1 r11 = [r3]
	dep r8 = r10, r8, PSR_IC_BIT, 1
	;;
	dep r8 = r11, r8, PSR_BN_BIT, 1
	br.ret.sptk.many b0
END(lol_wedge_irq_save)

// ssm psr.i: enable, then deliver what waited
ENTRY(lol_wedge_irq_enable)
	PAGE(r2, LOL_VCPU_OFF_PSR_I)
	mov r3 = 1
	;;
	st1 [r2] = r3, LOL_VCPU_OFF_PENDING - LOL_VCPU_OFF_PSR_I
	;;
	ld1 r3 = [r2]
	;;
	cmp.ne p6, p0 = r3, r0
	;;
(p6)	break.m LOL_BREAK_HCALL(LOL_HC_PENDING)
	br.ret.sptk.many b0
END(lol_wedge_irq_enable)

// psr.i from bit 14 of in0 (arch_local_irq_restore)
ENTRY(lol_wedge_irq_restore)
	PAGE(r2, LOL_VCPU_OFF_PSR_I)
	extr.u r3 = r32, PSR_I_BIT, 1
	;;
	st1 [r2] = r3, LOL_VCPU_OFF_PENDING - LOL_VCPU_OFF_PSR_I
	cmp.ne p7, p0 = r3, r0
	;;
(p7)	ld1 r3 = [r2]
	;;
(p7)	cmp.ne.unc p6, p0 = r3, r0
	;;
(p6)	break.m LOL_BREAK_HCALL(LOL_HC_PENDING)
	br.ret.sptk.many b0
END(lol_wedge_irq_restore)

ENTRY(lol_wedge_rsm_ic)
	PAGE(r2, LOL_VCPU_OFF_PSR_IC)
	;;
	st1 [r2] = r0
	br.ret.sptk.many b0
END(lol_wedge_rsm_ic)

ENTRY(lol_wedge_ssm_ic)
	PAGE(r2, LOL_VCPU_OFF_PSR_IC)
	mov r3 = 1
	;;
	st1 [r2] = r3
	br.ret.sptk.many b0
END(lol_wedge_ssm_ic)

// guest ar.itc = host ar.itc + itc_offset, and never less than the last value given
ENTRY(lol_wedge_get_itc)
	PAGE(r2, LOL_VCPU_OFF_ITC_OFFSET)
	mov.m r8 = ar.itc
	;;
	ld8 r3 = [r2], LOL_VCPU_OFF_ITC_LAST - LOL_VCPU_OFF_ITC_OFFSET
	;;
	ld8 r9 = [r2]
	add r8 = r8, r3
	;;
	cmp.ltu p6, p0 = r8, r9
	;;
(p6)	mov r8 = r9
	;;
	st8 [r2] = r8
	br.ret.sptk.many b0
END(lol_wedge_get_itc)

// a mirrored control register by number (in0), or r8 = -1 when not mirrored
ENTRY(lol_wedge_get_cr)
	PAGE(r2, 0)
	cmp.ltu p6, p7 = 127, r32
	;;
(p6)	mov r8 = -1
(p6)	br.ret.sptk.many b0
	movl r3 = lol_wedge_cr_offsets
	;;
	shladd r3 = r32, 1, r3
	;;
	ld2 r9 = [r3]
	;;
	sxt2 r9 = r9
	;;
	cmp.lt p6, p7 = r9, r0
	add r2 = r2, r9
	;;
(p6)	mov r8 = -1
(p7)	ld8 r8 = [r2]
	br.ret.sptk.many b0
END(lol_wedge_get_cr)

ENTRY(lol_wedge_get_kr)
	PAGE(r2, LOL_VCPU_OFF_KR)
	and r3 = 7, r32
	;;
	shladd r2 = r3, 3, r2
	;;
	ld8 r8 = [r2]
	br.ret.sptk.many b0
END(lol_wedge_get_kr)

// hypercall stubs: arguments in0..in3 to r8..r11
#define HCALL(name, nr)						\
ENTRY(lol_hc_##name)						\
	mov r8 = r32; mov r9 = r33; mov r10 = r34; mov r11 = r35;;	\
	break.m LOL_BREAK_HCALL(nr);;				\
	br.ret.sptk.many b0;					\
END(lol_hc_##name)

HCALL(nop, LOL_HC_NOP)
HCALL(rfi, LOL_HC_RFI)
HCALL(pending, LOL_HC_PENDING)
HCALL(itc_i, LOL_HC_ITC_I)
HCALL(itc_d, LOL_HC_ITC_D)
HCALL(itr_i, LOL_HC_ITR_I)
HCALL(itr_d, LOL_HC_ITR_D)
HCALL(ptc_l, LOL_HC_PTC_L)
HCALL(ptc_g, LOL_HC_PTC_G)
HCALL(ptc_ga, LOL_HC_PTC_GA)
HCALL(ptc_e, LOL_HC_PTC_E)
HCALL(ptr_i, LOL_HC_PTR_I)
HCALL(ptr_d, LOL_HC_PTR_D)
HCALL(set_rr, LOL_HC_SET_RR)
HCALL(get_rr, LOL_HC_GET_RR)
HCALL(thash, LOL_HC_THASH)
HCALL(ttag, LOL_HC_TTAG)
HCALL(tpa, LOL_HC_TPA)
HCALL(tak, LOL_HC_TAK)
HCALL(fc, LOL_HC_FC)
HCALL(fc_i, LOL_HC_FC_I)
HCALL(get_ivr, LOL_HC_GET_IVR)
HCALL(set_tpr, LOL_HC_SET_TPR)
HCALL(eoi, LOL_HC_EOI)
HCALL(set_itm, LOL_HC_SET_ITM)
HCALL(set_psr_l, LOL_HC_SET_PSR_L)
HCALL(set_kr, LOL_HC_SET_KR)
HCALL(set_itc, LOL_HC_SET_ITC)
HCALL(get_cpuid, LOL_HC_GET_CPUID)
HCALL(get_pmd, LOL_HC_GET_PMD)
HCALL(set_cr, LOL_HC_SET_CR)
HCALL(cover, LOL_HC_COVER)
HCALL(idle, LOL_HC_IDLE)

// page offset of each control register, -1 if the page does not mirror it
	.section .lol.wedge.rodata, "a", @progbits
	.align 8
lol_wedge_cr_offsets:
	data2 LOL_VCPU_OFF_DCR, LOL_VCPU_OFF_ITM, LOL_VCPU_OFF_IVA, -1, -1, -1, -1, -1	// 0-7
	data2 LOL_VCPU_OFF_PTA, -1, -1, -1, -1, -1, -1, -1				// 8-15
	data2 LOL_VCPU_OFF_IPSR, LOL_VCPU_OFF_ISR, -1, LOL_VCPU_OFF_IIP			// 16-19
	data2 LOL_VCPU_OFF_IFA, LOL_VCPU_OFF_ITIR, LOL_VCPU_OFF_IIPA, LOL_VCPU_OFF_IFS	// 20-23
	data2 LOL_VCPU_OFF_IIM, LOL_VCPU_OFF_IHA, -1, -1, -1, -1, -1, -1		// 24-31
	.rept 32
	data2 -1									// 32-63
	.endr
	data2 LOL_VCPU_OFF_LID, -1, LOL_VCPU_OFF_TPR, -1, -1, -1, -1, -1		// 64-71
	data2 LOL_VCPU_OFF_ITV, LOL_VCPU_OFF_PMV, LOL_VCPU_OFF_CMCV, -1, -1, -1, -1, -1	// 72-79
	data2 LOL_VCPU_OFF_LRR0, LOL_VCPU_OFF_LRR1, -1, -1, -1, -1, -1, -1		// 80-87
	.rept 40
	data2 -1									// 88-127
	.endr
	.size lol_wedge_cr_offsets, . - lol_wedge_cr_offsets
