/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol-abi.h: the one interface shared by the afterburner, the wedge (guest
 * code), the guest kernel patches and the monitor.
 *
 *   1. break immediates reserved for lol (afterburned sites, hypercalls);
 *   2. site kinds and the annotation records the afterburner emits;
 *   3. hypercall numbers and their register convention;
 *   4. the virtual CPU state page (layout, C struct with checked offsets,
 *      and offset defines for assembly);
 *   5. the boot protocol (placeholder, owned by the monitor issue).
 *
 * Usable from C (C17 or gnu89 kernel C) and, with __ASSEMBLY__ defined, from
 * gas assembly: only #defines are seen there.  Numbers here are ABI: never
 * renumber, only append.
 */
#ifndef LOL_ABI_H
#define LOL_ABI_H

/* ------------------------------------------------------------------------
 * 1. break immediates
 *
 * A break's 21-bit immediate decides what a Linux ia64 host does with it
 * (arch/ia64/kernel/traps.c, ia64_bad_break): 0x80000..0xfffff raise SIGTRAP
 * with the immediate in siginfo (si_imm), so the ptrace back end sees them as
 * cheap traps; below 0x80000 they are SIGILL, 0x100000 is the syscall break.
 * Linux itself uses 0x80100 (kdb) and 0x81000..0x81fff (kprobes).  lol owns
 * 0xc0000..0xcffff.
 */
#define LOL_BREAK_FIRST 0xc0000
#define LOL_BREAK_LAST 0xcffff
#define LOL_BREAK_IS_LOL(imm) ((imm) >= LOL_BREAK_FIRST && (imm) <= LOL_BREAK_LAST)

/* An afterburned site: the privileged or sensitive instruction was replaced
 * by "(qp) break.<unit> LOL_BREAK_SITE_BASE + kind" in the same slot; the
 * annotation record at the same address says what it was. */
#define LOL_BREAK_SITE_BASE 0xc0000
#define LOL_BREAK_SITE_END 0xc0100 /* exclusive: kinds are 1..255 */
#define LOL_BREAK_SITE(kind) (LOL_BREAK_SITE_BASE + (kind))
#define LOL_BREAK_IS_SITE(imm) ((imm) > LOL_BREAK_SITE_BASE && (imm) < LOL_BREAK_SITE_END)

/* A hypercall from the wedge: "break.m LOL_BREAK_HCALL_BASE + nr". */
#define LOL_BREAK_HCALL_BASE 0xc1000
#define LOL_BREAK_HCALL_END 0xc2000 /* exclusive */
#define LOL_BREAK_HCALL(nr) (LOL_BREAK_HCALL_BASE + (nr))
#define LOL_BREAK_IS_HCALL(imm) ((imm) >= LOL_BREAK_HCALL_BASE && (imm) < LOL_BREAK_HCALL_END)

/* The wedge found its own state inconsistent (a bug): the monitor stops the
 * guest and prints r8 as a reason code. */
#define LOL_BREAK_WEDGE_BUG 0xcffff

/* ------------------------------------------------------------------------
 * 2. Site kinds and annotation records
 *
 * X(ID, number, name): the name is what `lol-afterburn --audit` prints.  The
 * kind says which instruction the site held; its operands (registers,
 * immediates, qualifying predicate) are in the record's original encoding.
 */
#define LOL_SITE_KINDS(X)                                   \
	X(RSM, 1, "rsm")                                    \
	X(SSM, 2, "ssm")                                    \
	X(MOV_FROM_PSR, 3, "mov-from-psr")                  \
	X(MOV_TO_PSR_L, 4, "mov-to-psr.l")                  \
	X(MOV_FROM_CR, 5, "mov-from-cr")                    \
	X(MOV_TO_CR, 6, "mov-to-cr")                        \
	X(RFI, 7, "rfi")                                    \
	X(BSW_0, 8, "bsw.0")                                \
	X(BSW_1, 9, "bsw.1")                                \
	X(COVER, 10, "cover")                               \
	X(EPC, 11, "epc")                                   \
	X(VMSW_0, 12, "vmsw.0")                             \
	X(VMSW_1, 13, "vmsw.1")                             \
	X(ITC_I, 14, "itc.i")                               \
	X(ITC_D, 15, "itc.d")                               \
	X(ITR_I, 16, "itr.i")                               \
	X(ITR_D, 17, "itr.d")                               \
	X(PTC_L, 18, "ptc.l")                               \
	X(PTC_G, 19, "ptc.g")                               \
	X(PTC_GA, 20, "ptc.ga")                             \
	X(PTC_E, 21, "ptc.e")                               \
	X(PTR_I, 22, "ptr.i")                               \
	X(PTR_D, 23, "ptr.d")                               \
	X(THASH, 24, "thash")                               \
	X(TTAG, 25, "ttag")                                 \
	X(TPA, 26, "tpa")                                   \
	X(TAK, 27, "tak")                                   \
	X(FC, 28, "fc")                                     \
	X(FC_I, 29, "fc.i")                                 \
	X(PROBE, 30, "probe")                               \
	X(MOV_FROM_RR, 31, "mov-from-rr")                   \
	X(MOV_TO_RR, 32, "mov-to-rr")                       \
	X(MOV_FROM_PKR, 33, "mov-from-pkr")                 \
	X(MOV_TO_PKR, 34, "mov-to-pkr")                     \
	X(MOV_FROM_IBR, 35, "mov-from-ibr")                 \
	X(MOV_TO_IBR, 36, "mov-to-ibr")                     \
	X(MOV_FROM_DBR, 37, "mov-from-dbr")                 \
	X(MOV_TO_DBR, 38, "mov-to-dbr")                     \
	X(MOV_FROM_PMC, 39, "mov-from-pmc")                 \
	X(MOV_TO_PMC, 40, "mov-to-pmc")                     \
	X(MOV_FROM_PMD, 41, "mov-from-pmd")                 \
	X(MOV_TO_PMD, 42, "mov-to-pmd")                     \
	X(MOV_FROM_CPUID, 43, "mov-from-cpuid")             \
	X(MOV_FROM_MSR, 44, "mov-from-msr")                 \
	X(MOV_TO_MSR, 45, "mov-to-msr")                     \
	X(MOV_FROM_KR, 46, "mov-from-kr")                   \
	X(MOV_TO_KR, 47, "mov-to-kr")                       \
	X(MOV_FROM_ITC, 48, "mov-from-itc")                 \
	X(MOV_TO_ITC, 49, "mov-to-itc")                     \
	X(MOV_FROM_RUC, 50, "mov-from-ruc")                 \
	X(MOV_TO_RUC, 51, "mov-to-ruc")                     \
	X(MOV_TO_RSC, 52, "mov-to-rsc")                     \
	X(MOV_TO_BSPSTORE, 53, "mov-to-bspstore")           \
	X(OTHER, 255, "other")

#define LOL_SITE_KIND_ENUM_(id, nr, name) LOL_SITE_##id = nr,
#ifndef __ASSEMBLY__
enum lol_site_kind { LOL_SITE_NONE = 0, LOL_SITE_KINDS(LOL_SITE_KIND_ENUM_) };
#endif
#define LOL_SITE_KIND_MAX 255

/*
 * Annotation records.  For every site the afterburner emits one record into
 * a section named ".lol.sites" followed by the name of the code section that
 * holds the site (".lol.sites.text", ".lol.sites.init.text", ...).  Those
 * sections are not allocated (the monitor reads them from the ELF file, as
 * it reads the symbols) and have SHF_LINK_ORDER to their code section, so the
 * linker drops a site's record together with discarded code (.exit.text).
 * Records are little-endian, 8-byte aligned.  Code linked apart from vmlinux
 * keeps its own records: the gate DSO (arch/ia64/kernel/gate.so, whose epc
 * path runs at the kernel's privilege; vmlinux embeds it as data at
 * __start_gate_section) and modules; the monitor reads those too (modules
 * will need a registration hypercall: boot protocol, below).
 */
#define LOL_SITES_SECTION_PREFIX ".lol.sites"
#define LOL_SITESTR_SECTION ".lol.sitestr"
#define LOL_SITE_RECORD_SIZE 32

#define LOL_SITE_REC_ADDR 0   /* u64: bundle address | slot (0..2) */
#define LOL_SITE_REC_INSN 8   /* u64: original 41-bit instruction, qp included */
#define LOL_SITE_REC_KIND 16  /* u16: enum lol_site_kind */
#define LOL_SITE_REC_FLAGS 18 /* u16: LOL_SITE_F_* */
#define LOL_SITE_REC_NSLOTS 20 /* u32: instructions of the replacement from addr (1 for a
				  break; an inline sequence's, in program order) */
#define LOL_SITE_REC_TEXT 24  /* u64: offset in .lol.sitestr of "file:line: original text\0" */

/* flags */
#define LOL_SITE_F_UNIT_MASK 0x7 /* the unit of the original (and of the replacement) */
#define LOL_SITE_F_UNIT_M 1
#define LOL_SITE_F_UNIT_I 2
#define LOL_SITE_F_UNIT_B 3
#define LOL_SITE_F_UNIT_F 4
#define LOL_SITE_F_PRIV 0x0008      /* the original faults at PL 3 (else: sensitive) */
#define LOL_SITE_F_BREAK 0x0010     /* replaced by a site break in the same slot */
#define LOL_SITE_F_NATIVE 0x0020    /* left as is on purpose (harmless under lol; see docs) */
#define LOL_SITE_F_INLINE 0x0040    /* replaced by an inline sequence on the vCPU page: see
				       LOL_INLINE_* below */
#define LOL_SITE_F_BUNDLE 0x0080    /* was inside an explicit bundle { } */
#define LOL_SITE_F_MACRO 0x0100     /* came from a .macro expansion the afterburner did */
#define LOL_SITE_F_POSTPATCH 0x0200 /* assembled as written, the break put into the object after
				       (instructions gas places specially: rfi, bsw, cover, itc,
				       ptc.g, ptc.ga) */

#ifndef __ASSEMBLY__
#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif
struct lol_site_record {
	uint64_t addr;
	uint64_t insn;
	uint16_t kind;
	uint16_t flags;
	uint32_t nslots;
	uint64_t text;
};
#endif

/* ------------------------------------------------------------------------
 * 3. Hypercalls
 *
 * "break.m LOL_BREAK_HCALL(nr)" from the wedge.  Arguments in r8..r11,
 * results in r8 (and r9); everything else is preserved by the monitor.  The
 * wedge calls them with the guest's virtual psr.ic as it is; the monitor
 * reads and writes the state page as needed.
 */
#define LOL_HC_NOP 0           /* r8 = LOL_ABI_VERSION */
#define LOL_HC_RFI 1           /* return from interruption, state in the page */
#define LOL_HC_PENDING 2       /* psr.i was set with pending != 0: deliver */
#define LOL_HC_ITC_I 3         /* r8 = pte; ifa/itir from the page */
#define LOL_HC_ITC_D 4
#define LOL_HC_ITR_I 5         /* r8 = slot, r9 = pte; ifa/itir from the page */
#define LOL_HC_ITR_D 6
#define LOL_HC_PTC_L 7         /* r8 = address, r9 = size << 2 */
#define LOL_HC_PTC_G 8
#define LOL_HC_PTC_GA 9
#define LOL_HC_PTC_E 10        /* r8 = address */
#define LOL_HC_PTR_I 11        /* r8 = address, r9 = size << 2 */
#define LOL_HC_PTR_D 12
#define LOL_HC_SET_RR 13       /* r8 = rr index (address), r9 = value */
#define LOL_HC_GET_RR 14       /* r8 = address -> r8 = value */
#define LOL_HC_THASH 15        /* r8 = address -> r8 */
#define LOL_HC_TTAG 16         /* r8 = address -> r8 */
#define LOL_HC_TPA 17          /* r8 = address -> r8 */
#define LOL_HC_TAK 18          /* r8 = address -> r8 */
#define LOL_HC_FC 19           /* r8 = address */
#define LOL_HC_FC_I 20         /* r8 = address */
#define LOL_HC_GET_IVR 21      /* -> r8 = vector */
#define LOL_HC_SET_TPR 22      /* r8 = value */
#define LOL_HC_EOI 23
#define LOL_HC_SET_ITM 24      /* r8 = value */
#define LOL_HC_SET_PSR_L 25    /* r8 = value */
#define LOL_HC_SET_KR 26       /* r8 = index, r9 = value */
#define LOL_HC_SET_ITC 27      /* r8 = value */
#define LOL_HC_GET_CPUID 28    /* r8 = index -> r8 */
#define LOL_HC_GET_PMD 29      /* r8 = index -> r8 */
#define LOL_HC_SET_CR 30       /* r8 = cr number, r9 = value (the general case) */
#define LOL_HC_COVER 31        /* with virtual psr.ic = 0: ifs from cfm */
#define LOL_HC_IDLE 32         /* halt until an interrupt (halt_light) */
#define LOL_HC_COUNT 33

/* ------------------------------------------------------------------------
 * 4a. The guest kernel's address layout
 *
 * Regions 5-7 belong to the host kernel when the ptrace back end runs a
 * guest as a host process, so the lol guest kernel (CONFIG_IA64_LOL_REGION4)
 * keeps all its memory in region 4, and its processes use regions 0-3.
 * Every window lies below 2^50, inside the 51 implemented bits of an
 * Itanium 2 region, and away from the virtual linear page table at the top
 * of the region:
 *
 *   LOL_KMAP_BASE    gate page (+0), kernel image (+4 GiB), vmalloc (+8 GiB
 *                    to +2^47): mapped through the kernel's page table, as
 *                    region 5 was
 *   LOL_KIDMAP_BASE  guest-physical memory, cached (was region 7)
 *   LOL_KUCMAP_BASE  guest-physical space, uncached (was region 6)
 *   LOL_KFIXED_BASE  per-CPU area (LOL_KFIXED_PERCPU, was the top 64 KiB of
 *                    region 7) and the vCPU page
 *
 * A physical address is an identity address with bits 48-63 cleared.
 */
#define LOL_KREGION 4
#define LOL_KMAP_BASE 0x8000000000000000
#define LOL_KMAP_BITS 47
#define LOL_KIDMAP_BASE 0x8001000000000000
#define LOL_KUCMAP_BASE 0x8002000000000000
#define LOL_KFIXED_BASE 0x8003000000000000
#define LOL_KFIXED_PERCPU LOL_KFIXED_BASE
#define LOL_KFIXED_VCPU 0x8003000000100000
#define LOL_KWINDOW_SHIFT 48 /* va >> 48 names the window: 0x8000..0x8003 */
#define LOL_KPHYS_BITS 48
/* the windows' tags, for assembly (gas's >> of the bases is arithmetic) */
#define LOL_KMAP_TAG 0x10000  /* va >> LOL_KMAP_BITS in the mapped window */
#define LOL_KIDMAP_TAG 0x8001 /* va >> LOL_KWINDOW_SHIFT; uncached 0x8002, fixed 0x8003 */

/* ------------------------------------------------------------------------
 * 4. The virtual CPU state page
 *
 * One per vCPU, mapped by the monitor at LOL_VCPU_PAGE_ADDR in the guest
 * kernel's address space (each vCPU sees its own, as Linux's per-CPU page).
 * The wedge reads and writes it with plain loads and stores; the monitor
 * reads it at every exit and writes it when it delivers an interruption.
 *
 * Virtual psr: the bits i, ic and bn live in the bytes psr_i, psr_ic and
 * banknum (single-byte stores from the wedge); the other bits in vpsr, whose
 * i, ic and bn bits are not used.  "pending" is set by the monitor exactly
 * when an unmasked external interrupt is waiting (reading cr.ivr would not
 * give the spurious vector); the wedge's "ssm psr.i" makes LOL_HC_PENDING
 * when it finds pending set.
 *
 * Banked registers: the wedge keeps the active bank of r16-r31 in the real
 * registers; bank[0] / bank[1] hold the inactive one (and its NaT bits in
 * bank_nat[]), as bsw swaps them.
 *
 * ITC: guest ar.itc = host ar.itc + itc_offset (the monitor sets the
 * offset; an ar.itc write is LOL_HC_SET_ITC).
 */
#define LOL_VCPU_PAGE_ADDR LOL_KFIXED_VCPU /* see section 4a */
#define LOL_VCPU_PAGE_SIZE 0x4000
#define LOL_VCPU_MAGIC 0x31757063766c6f6cULL /* "lolvcpu1" */
#define LOL_ABI_VERSION 1

#define LOL_VCPU_OFF_MAGIC 0x000
#define LOL_VCPU_OFF_PSR_I 0x008    /* u8: virtual psr.i */
#define LOL_VCPU_OFF_PENDING 0x009  /* u8: an unmasked interrupt waits */
#define LOL_VCPU_OFF_PSR_IC 0x00a   /* u8: virtual psr.ic */
#define LOL_VCPU_OFF_BANKNUM 0x00b  /* u8: virtual psr.bn */
#define LOL_VCPU_OFF_IN_WEDGE 0x00c /* u8: nonzero while a wedge sequence runs */
#define LOL_VCPU_OFF_VPSR 0x010     /* u64: the other virtual psr bits */
#define LOL_VCPU_OFF_IPSR 0x018     /* interruption control registers, u64 each */
#define LOL_VCPU_OFF_ISR 0x020
#define LOL_VCPU_OFF_IIP 0x028
#define LOL_VCPU_OFF_IFA 0x030
#define LOL_VCPU_OFF_ITIR 0x038
#define LOL_VCPU_OFF_IIPA 0x040
#define LOL_VCPU_OFF_IFS 0x048
#define LOL_VCPU_OFF_IIM 0x050
#define LOL_VCPU_OFF_IHA 0x058
#define LOL_VCPU_OFF_DCR 0x060      /* other control registers (monitor-owned) */
#define LOL_VCPU_OFF_ITM 0x068
#define LOL_VCPU_OFF_IVA 0x070
#define LOL_VCPU_OFF_PTA 0x078
#define LOL_VCPU_OFF_LID 0x080
#define LOL_VCPU_OFF_TPR 0x088
#define LOL_VCPU_OFF_ITV 0x090
#define LOL_VCPU_OFF_PMV 0x098
#define LOL_VCPU_OFF_CMCV 0x0a0
#define LOL_VCPU_OFF_LRR0 0x0a8
#define LOL_VCPU_OFF_LRR1 0x0b0
#define LOL_VCPU_OFF_IRR 0x0b8      /* u64[4] */
#define LOL_VCPU_OFF_KR 0x0d8       /* u64[8]: ar.k0-7 */
#define LOL_VCPU_OFF_RR 0x118       /* u64[8]: region registers */
#define LOL_VCPU_OFF_ITC_OFFSET 0x158 /* s64 */
#define LOL_VCPU_OFF_ITC_LAST 0x160 /* u64: last value given (monotonic) */
#define LOL_VCPU_OFF_BANK0 0x168    /* u64[16]: inactive bank 0 r16-r31 */
#define LOL_VCPU_OFF_BANK1 0x1e8    /* u64[16]: inactive bank 1 r16-r31 */
#define LOL_VCPU_OFF_BANK_NAT 0x268 /* u64[2]: NaT bits of bank0/bank1 (bit n = r16+n) */
#define LOL_VCPU_OFF_CPUID 0x278    /* u64[5]: cpuid[0..4] as the guest sees them */
#define LOL_VCPU_OFF_SCRATCH 0x2a0  /* u64[8]: wedge save area */
#define LOL_VCPU_OFF_STATS 0x2e0    /* u64[8]: wedge fast-path counters (debug) */
#define LOL_VCPU_STRUCT_SIZE 0x320

/*
 * Inline sites (LOL_SITE_F_INLINE), made by lol-afterburn with
 * LOL_AFTERBURN_INLINE=1 outside explicit bundles and template directives.
 * The record's addr is the first instruction's (a movl: bundle | 1):
 *
 *   reads of a register the page mirrors, into the destination itself:
 *     (qp) mov rX = cr.N / ar.kN  ->  (qp) movl rX = page + off ;; (qp) ld8 rX = [rX]
 *   with scratch registers rS, rT proven dead (written before being read on
 *   the straight-line code after the site, not named earlier in its
 *   instruction group; from r2, r3, r14-r31):
 *     (qp) mov cr.N = rV (N = ipsr isr iip ifa itir iipa ifs iim iha)
 *                          ->  (qp) movl rS = page + off ;; (qp) st8 [rS] = rV
 *     rsm psr.i / psr.ic   ->  movl rS = &psr_i / &psr_ic ;; st1 [rS] = r0
 *     rsm psr.i | psr.ic   ->  movl rS = &psr_ic ;; st1 [rS] = r0, -2 ;; st1 [rS] = r0
 *     ssm psr.ic           ->  movl rS = &psr_ic ; mov rT = 1 ;; st1 [rS] = rT
 *
 * The monitor must keep those page words current at every exit and take
 * them as the truth: interruption registers when it delivers an interruption
 * (and at rfi, which stays a break), the others when the guest writes them
 * (those writes trap).  Not inlined: cr.ivr (reading it acknowledges),
 * cr.irr0-3 (change under the guest), cr.eoi, writes of the other control
 * registers, ssm psr.i (it must look at pending: break, or the wedge).
 */
#define LOL_INLINE_MOVL_LD8 1

#ifndef __ASSEMBLY__
struct lol_vcpu_page {
	uint64_t magic;
	uint8_t psr_i;
	uint8_t pending;
	uint8_t psr_ic;
	uint8_t banknum;
	uint8_t in_wedge;
	uint8_t pad0[3];
	uint64_t vpsr;
	uint64_t ipsr, isr, iip, ifa, itir, iipa, ifs, iim, iha;
	uint64_t dcr, itm, iva, pta, lid, tpr, itv, pmv, cmcv, lrr0, lrr1;
	uint64_t irr[4];
	uint64_t kr[8];
	uint64_t rr[8];
	int64_t itc_offset;
	uint64_t itc_last;
	uint64_t bank0[16];
	uint64_t bank1[16];
	uint64_t bank_nat[2];
	uint64_t cpuid[5];
	uint64_t scratch[8];
	uint64_t stats[8];
};

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define LOL_ABI_ASSERT_(c, m) _Static_assert(c, #m)
#else
#define LOL_ABI_ASSERT_(c, m) typedef char lol_abi_assert_##m[(c) ? 1 : -1]
#endif
#define LOL_ABI_OFF_(field, off) \
	LOL_ABI_ASSERT_(__builtin_offsetof(struct lol_vcpu_page, field) == (off), field)
LOL_ABI_OFF_(magic, LOL_VCPU_OFF_MAGIC);
LOL_ABI_OFF_(psr_i, LOL_VCPU_OFF_PSR_I);
LOL_ABI_OFF_(pending, LOL_VCPU_OFF_PENDING);
LOL_ABI_OFF_(psr_ic, LOL_VCPU_OFF_PSR_IC);
LOL_ABI_OFF_(banknum, LOL_VCPU_OFF_BANKNUM);
LOL_ABI_OFF_(in_wedge, LOL_VCPU_OFF_IN_WEDGE);
LOL_ABI_OFF_(vpsr, LOL_VCPU_OFF_VPSR);
LOL_ABI_OFF_(ipsr, LOL_VCPU_OFF_IPSR);
LOL_ABI_OFF_(isr, LOL_VCPU_OFF_ISR);
LOL_ABI_OFF_(iip, LOL_VCPU_OFF_IIP);
LOL_ABI_OFF_(ifa, LOL_VCPU_OFF_IFA);
LOL_ABI_OFF_(itir, LOL_VCPU_OFF_ITIR);
LOL_ABI_OFF_(iipa, LOL_VCPU_OFF_IIPA);
LOL_ABI_OFF_(ifs, LOL_VCPU_OFF_IFS);
LOL_ABI_OFF_(iim, LOL_VCPU_OFF_IIM);
LOL_ABI_OFF_(iha, LOL_VCPU_OFF_IHA);
LOL_ABI_OFF_(dcr, LOL_VCPU_OFF_DCR);
LOL_ABI_OFF_(itm, LOL_VCPU_OFF_ITM);
LOL_ABI_OFF_(iva, LOL_VCPU_OFF_IVA);
LOL_ABI_OFF_(pta, LOL_VCPU_OFF_PTA);
LOL_ABI_OFF_(lid, LOL_VCPU_OFF_LID);
LOL_ABI_OFF_(tpr, LOL_VCPU_OFF_TPR);
LOL_ABI_OFF_(itv, LOL_VCPU_OFF_ITV);
LOL_ABI_OFF_(pmv, LOL_VCPU_OFF_PMV);
LOL_ABI_OFF_(cmcv, LOL_VCPU_OFF_CMCV);
LOL_ABI_OFF_(lrr0, LOL_VCPU_OFF_LRR0);
LOL_ABI_OFF_(lrr1, LOL_VCPU_OFF_LRR1);
LOL_ABI_OFF_(irr, LOL_VCPU_OFF_IRR);
LOL_ABI_OFF_(kr, LOL_VCPU_OFF_KR);
LOL_ABI_OFF_(rr, LOL_VCPU_OFF_RR);
LOL_ABI_OFF_(itc_offset, LOL_VCPU_OFF_ITC_OFFSET);
LOL_ABI_OFF_(itc_last, LOL_VCPU_OFF_ITC_LAST);
LOL_ABI_OFF_(bank0, LOL_VCPU_OFF_BANK0);
LOL_ABI_OFF_(bank1, LOL_VCPU_OFF_BANK1);
LOL_ABI_OFF_(bank_nat, LOL_VCPU_OFF_BANK_NAT);
LOL_ABI_OFF_(cpuid, LOL_VCPU_OFF_CPUID);
LOL_ABI_OFF_(scratch, LOL_VCPU_OFF_SCRATCH);
LOL_ABI_OFF_(stats, LOL_VCPU_OFF_STATS);
LOL_ABI_ASSERT_(sizeof(struct lol_vcpu_page) == LOL_VCPU_STRUCT_SIZE, size);
LOL_ABI_ASSERT_(LOL_VCPU_STRUCT_SIZE <= LOL_VCPU_PAGE_SIZE, fits);
LOL_ABI_ASSERT_(sizeof(struct lol_site_record) == LOL_SITE_RECORD_SIZE, site_record);
LOL_ABI_ASSERT_(__builtin_offsetof(struct lol_site_record, text) == LOL_SITE_REC_TEXT, site_text);
LOL_ABI_ASSERT_(__builtin_offsetof(struct lol_site_record, nslots) == LOL_SITE_REC_NSLOTS, site_nslots);
#undef LOL_ABI_OFF_

/* Page offset of control register cr (SDM numbering) for inline reads, or -1. */
static inline int lol_vcpu_cr_offset(unsigned cr)
{
	switch (cr) {
	case 0: return LOL_VCPU_OFF_DCR;
	case 1: return LOL_VCPU_OFF_ITM;
	case 2: return LOL_VCPU_OFF_IVA;
	case 8: return LOL_VCPU_OFF_PTA;
	case 16: return LOL_VCPU_OFF_IPSR;
	case 17: return LOL_VCPU_OFF_ISR;
	case 19: return LOL_VCPU_OFF_IIP;
	case 20: return LOL_VCPU_OFF_IFA;
	case 21: return LOL_VCPU_OFF_ITIR;
	case 22: return LOL_VCPU_OFF_IIPA;
	case 23: return LOL_VCPU_OFF_IFS;
	case 24: return LOL_VCPU_OFF_IIM;
	case 25: return LOL_VCPU_OFF_IHA;
	case 64: return LOL_VCPU_OFF_LID;
	case 66: return LOL_VCPU_OFF_TPR;
	case 72: return LOL_VCPU_OFF_ITV;
	case 73: return LOL_VCPU_OFF_PMV;
	case 74: return LOL_VCPU_OFF_CMCV;
	case 80: return LOL_VCPU_OFF_LRR0;
	case 81: return LOL_VCPU_OFF_LRR1;
	default: return -1;
	}
}
#endif /* !__ASSEMBLY__ */

/* ------------------------------------------------------------------------
 * 5. Boot protocol
 *
 * lol-vmm loads vmlinux's PT_LOAD segments at their physical addresses
 * (p_paddr) in guest-physical memory and enters e_entry (a physical address)
 * in physical mode, as Ski's hp-sim boot loader did:
 *   psr: ic = i = dt = it = rt = 0, cpl = 0, bn = 1;
 *   r28 = guest-physical address of struct ia64_boot_param (Linux's
 *         arch/ia64/include/uapi/asm/setup.h): command line, EFI system
 *         table, EFI memory map, initrd; all addresses physical;
 *   ar.k0 (I/O port base) = LOL_IO_PORT_BASE.
 * The EFI system table's configuration tables hold the SAL system table
 * (one entry point descriptor: PAL and SAL entry points) and, from version 1,
 * no ACPI tables (a single boot CPU). Firmware entry points are one bundle
 * each in the EFI_PAL_CODE region: a "break.i LOL_BREAK_FW(n)"; the monitor
 * does the call and the return (br.ret for EFI, SAL and stacked PAL calls,
 * a branch to b0 for static PAL calls).
 */
#define LOL_BOOT_PROTOCOL_VERSION 1
#define LOL_IO_PORT_BASE 0xffffc000000ULL
#define LOL_BREAK_FW_BASE 0xc2000 /* firmware stubs: 0xc2000..0xc20ff */
#define LOL_BREAK_FW(n) (LOL_BREAK_FW_BASE + (n))
#define LOL_FW_PAL 1
#define LOL_FW_SAL 2
#define LOL_FW_EFI_GET_TIME 3
#define LOL_FW_EFI_SET_TIME 4
#define LOL_FW_EFI_GET_WAKEUP_TIME 5
#define LOL_FW_EFI_SET_WAKEUP_TIME 6
#define LOL_FW_EFI_SET_VIRTUAL_ADDRESS_MAP 7
#define LOL_FW_EFI_CONVERT_POINTER 8
#define LOL_FW_EFI_GET_VARIABLE 9
#define LOL_FW_EFI_GET_NEXT_VARIABLE 10
#define LOL_FW_EFI_SET_VARIABLE 11
#define LOL_FW_EFI_GET_NEXT_HIGH_MONO_COUNT 12
#define LOL_FW_EFI_RESET_SYSTEM 13
#define LOL_FW_COUNT 14

/* ------------------------------------------------------------------------
 * 6. hp-sim simulator system calls (SSC), the devices' guest-facing ABI
 *
 * Compatible with HP's Ski simulator, so hp-sim kernels run on lol too:
 * "break 0x80001" (0x80000 accepted) with r15 = SSC number, arguments in
 * r32..r35 (in0..in3 of the caller's frame), result in r8.  Linux's hp-sim
 * helper ia64_ssc(a0, a1, a2, a3, nr) moves its fifth argument to r15 and
 * breaks.  Addresses passed are guest-physical.
 *
 * SSC_OPEN's path must be one the monitor was given (simscsi=PREFIX gives
 * PREFIXa .. PREFIXz); any other path is refused (result -1) and logged.
 * A file the monitor may not write fails SSC_OPEN_RW (-1) and opens with
 * SSC_OPEN_READ.  Results are small handles (3, 4, ...), not host fds.
 * SSC_READ/SSC_WRITE(fd, count, desc, offset): desc is the guest-physical
 * address of count struct lol_ssc_disk_desc {u64 addr; u32 len; u32 pad}
 * (Ski's SscDiskReq, Linux simscsi's struct disk_req: len is 32 bits and
 * the padding is whatever the guest's stack held); the transfer is done
 * before the call returns and a completion {fd, count} is queued for
 * SSC_WAIT_COMPLETION (the oldest for stat->fd; count written back) /
 * SSC_GET_COMPLETION (the oldest of all) (struct lol_ssc_stat).
 * SSC_GET_RTC(struct lol_ssc_rtc *) and SSC_GET_TOD(struct lol_ssc_timeval
 * *, struct lol_ssc_timezone * or 0) use Ski's 32-bit layouts.
 * SSC_GETCHAR -> the next console input byte, 0 when none waits; input
 * raises the vector bound to SSC_INTR_KEYBOARD.  SSC_GET_ARGS(buf, size)
 * copies the command line NUL-terminated (size 0: unbounded, as on Ski;
 * otherwise cut to fit) and returns its length.  SSC_GET_INITRAMFS(addr)
 * copies the initrd file there and returns its size (0: none).
 * Network (Linux simeth): PROBE(name, mac) -> handle or -1, writes 6 MAC
 * bytes; SEND(fd, buf, len) -> len or -1; RECV(fd, buf, len) -> bytes of
 * the oldest received frame (cut to len), 0 when none; ATTACH(fd, ipaddr)
 * / DETACH(fd) -> 0, turn the SSC_INTR_NETWORK interrupt on / off.
 * SSC_EXIT(status) ends the machine with that exit status, SSC_STOP with
 * status 1; SSC_HALT_LIGHT idles until an interrupt.
 *
 * lol extensions (numbers Ski does not use):
 *   SSC_LOL_DISK_SIZE(fd) -> size in bytes (no bisecting probe reads);
 *   SSC_LOL_FLUSH(fd) -> 0 after fsync of the backing file;
 *   SSC_LOL_CONSOLE_READY() -> number of console input bytes waiting.
 */
#define LOL_SSC_BREAK 0x80001
#define LOL_SSC_BREAK_ALT 0x80000
#define SSC_STOP 0
#define SSC_HALT_LIGHT 19
#define SSC_CONSOLE_INIT 20
#define SSC_GETCHAR 21
#define SSC_PUTCHAR 31
#define SSC_OPEN 50
#define SSC_CLOSE 51
#define SSC_READ 52
#define SSC_WRITE 53
#define SSC_GET_COMPLETION 54
#define SSC_WAIT_COMPLETION 55
#define SSC_CONNECT_INTERRUPT 58
#define SSC_GENERATE_INTERRUPT 59
#define SSC_SET_PERIODIC_INTERRUPT 60
#define SSC_GET_RTC 65
#define SSC_EXIT 66
#define SSC_LOAD_SYMBOLS 69
#define SSC_GET_TOD 74
#define SSC_GET_ARGS 75
#define SSC_CTL_TRACE 76
#define SSC_GET_INITRAMFS 77
#define SSC_NETDEV_PROBE 100
#define SSC_NETDEV_SEND 101
#define SSC_NETDEV_RECV 102
#define SSC_NETDEV_ATTACH 103
#define SSC_NETDEV_DETACH 104
#define SSC_LOL_DISK_SIZE 200
#define SSC_LOL_FLUSH 201
#define SSC_LOL_CONSOLE_READY 202

#define SSC_OPEN_READ 1
#define SSC_OPEN_WRITE 2
#define SSC_OPEN_RW 3

/* SSC_CONNECT_INTERRUPT(type, vector) */
#define SSC_INTR_DISK 1
#define SSC_INTR_MOUSE 2
#define SSC_INTR_KEYBOARD 3
#define SSC_INTR_CLK_TIMER 4
#define SSC_INTR_PROF_TIMER 5
#define SSC_INTR_NETWORK 8
#define SSC_INTR_SIMSCSI 9

#ifndef __ASSEMBLY__
/* SSC_READ/WRITE scatter list entry (16 bytes; pad ignored) */
struct lol_ssc_disk_desc { uint64_t addr; uint32_t len, pad; };
struct lol_ssc_stat { uint32_t fd, count; };       /* completions */
/* SSC_GET_RTC: local time, struct tm conventions (year - 1900, mon 0..11) */
struct lol_ssc_rtc { uint32_t year, mon, mday, hour, min, sec, msec, wday; };
/* SSC_GET_TOD: seconds since 1970 as u32 (good until 2106) */
struct lol_ssc_timeval { uint32_t sec, usec; };
struct lol_ssc_timezone { uint32_t minuteswest, dsttime; };
#endif

#endif /* LOL_ABI_H */
