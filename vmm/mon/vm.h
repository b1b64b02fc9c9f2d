/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The monitor core: one virtual machine, its vCPUs and their virtual
 * privileged state.  Back ends (the interpreter today) run guest code until
 * an exit; everything privileged is virtual and lives here and in the vCPU
 * page (include/lol-abi.h).
 */
#ifndef LOL_VM_H
#define LOL_VM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "cpu.h"
#include "lol-abi.h"

/* PSR bits (SDM vol 2 3.3.2). */
#define PSR_BE (1ull << 1)
#define PSR_UP (1ull << 2)
#define PSR_AC (1ull << 3)
#define PSR_MFL (1ull << 4)
#define PSR_MFH (1ull << 5)
#define PSR_IC (1ull << 13)
#define PSR_I (1ull << 14)
#define PSR_PK (1ull << 15)
#define PSR_DT (1ull << 17)
#define PSR_DFL (1ull << 18)
#define PSR_DFH (1ull << 19)
#define PSR_SP (1ull << 20)
#define PSR_PP (1ull << 21)
#define PSR_DI (1ull << 22)
#define PSR_SI (1ull << 23)
#define PSR_DB (1ull << 24)
#define PSR_LP (1ull << 25)
#define PSR_TB (1ull << 26)
#define PSR_RT (1ull << 27)
#define PSR_CPL_SHIFT_ 32
#define PSR_CPL (3ull << 32)
#define PSR_IS (1ull << 34)
#define PSR_MC (1ull << 35)
#define PSR_IT (1ull << 36)
#define PSR_ID (1ull << 37)
#define PSR_DA (1ull << 38)
#define PSR_DD (1ull << 39)
#define PSR_SS (1ull << 40)
#define PSR_RI_SHIFT 41
#define PSR_RI (3ull << 41)
#define PSR_ED (1ull << 43)
#define PSR_BN (1ull << 44)
#define PSR_IA (1ull << 45)
#define PSR_UM_MASK 0x3full /* be up ac mfl mfh */

/* Interruption vector offsets (SDM vol 2 5.7). */
enum ivt {
	IVT_VHPT = 0x0000,
	IVT_ITLB = 0x0400,
	IVT_DTLB = 0x0800,
	IVT_ALT_ITLB = 0x0c00,
	IVT_ALT_DTLB = 0x1000,
	IVT_NESTED_DTLB = 0x1400,
	IVT_IKEY_MISS = 0x1800,
	IVT_DKEY_MISS = 0x1c00,
	IVT_DIRTY = 0x2000,
	IVT_IACCESS_BIT = 0x2400,
	IVT_DACCESS_BIT = 0x2800,
	IVT_BREAK = 0x2c00,
	IVT_EXTINT = 0x3000,
	IVT_PAGE_NOT_PRESENT = 0x5000,
	IVT_KEY_PERMISSION = 0x5100,
	IVT_IACCESS_RIGHTS = 0x5200,
	IVT_DACCESS_RIGHTS = 0x5300,
	IVT_GENERAL = 0x5400,
	IVT_DISABLED_FP = 0x5500,
	IVT_NAT = 0x5600,
	IVT_SPECULATION = 0x5700,
	IVT_DEBUG = 0x5900,
	IVT_UNALIGNED = 0x5a00,
	IVT_UNSUPPORTED_DATA = 0x5b00,
	IVT_FP_FAULT = 0x5c00,
	IVT_FP_TRAP = 0x5d00,
	IVT_LOWER_PRIV = 0x5e00,
	IVT_TAKEN_BRANCH = 0x5f00,
	IVT_SINGLE_STEP = 0x6000,
};

/* ISR fields */
#define ISR_X (1ull << 32)
#define ISR_W (1ull << 33)
#define ISR_R (1ull << 34)
#define ISR_NA (1ull << 35)
#define ISR_SP (1ull << 36)
#define ISR_RS (1ull << 37)
#define ISR_IR (1ull << 38)
#define ISR_NI (1ull << 39)
#define ISR_EI_SHIFT 41
/* General Exception codes (isr.code bits 4..7) */
#define GE_ILLEGAL_OP 0x00
#define GE_PRIV_OP 0x10
#define GE_PRIV_REG 0x20
#define GE_RESERVED_REG 0x30

/* ---- virtual TLB ---- */
struct vtlb_entry {
	uint64_t vpn;  /* va bits 0..60 of the page base (region excluded) */
	uint64_t pte;  /* the inserted pte (p, ma, a, d, pl, ar, ppn, ed) */
	uint32_t rid;
	uint8_t ps;
	uint8_t valid;
	uint8_t region; /* for ptr/purge by address: the inserting va's region */
};
#define VTLB_TC 128
#define VTLB_TR 8
struct vtlb {
	struct vtlb_entry itr[VTLB_TR], dtr[VTLB_TR];
	struct vtlb_entry itc[VTLB_TC], dtc[VTLB_TC];
	unsigned inext, dnext;
};

/* exit statistics */
enum vstat {
	VS_BREAK_SITE, VS_PRIVOP, VS_HCALL, VS_SSC, VS_FW, VS_SYSCALL_BREAK, VS_OTHER_BREAK,
	VS_TLB_MISS, VS_OTHER_FAULT, VS_EXTINT, VS_TIMER, VS_BUDGET, VS_IDLE, VS_COUNT
};

struct vm;

struct vcpu {
	struct cpu cpu;
	struct vm *vm;
	unsigned id;
	struct lol_vcpu_page *page; /* virtual CRs, banks, kr, rr (psr lives in cpu.psr) */
	struct vtlb tlb;
	uint64_t pkr[16], ibr[8], dbr[8], pmc[32], pmd[32];
	uint64_t isr_service[4]; /* in-service vectors (cr.ivr read, not yet eoi'd) */
	bool itm_armed;          /* the ITC has not passed ITM since it was written */
	bool halted;
	bool in_sal;             /* an AP waiting in firmware for its wakeup interrupt */
	uint64_t cpl_flush;      /* the cpl the soft TLB was filled for */
	uint64_t stats[VS_COUNT];
	uint64_t privop_stats[IA64_OP_COUNT];
	uint64_t site_stats[256];
	uint64_t region_lookups[8]; /* virtual translations asked of the vTLB, by region */
};

/* An afterburned site, found by bundle address | slot. */
struct site {
	uint64_t addr;
	uint64_t insn;
	uint16_t kind, flags;
	bool decoded;         /* dec holds the original, decoded at its first use */
	struct ia64_insn dec;
};

struct vm {
	struct vmm_config *cfg;
	uint8_t *ram;
	uint64_t ram_size;
	unsigned ncpus;
	struct vcpu *vcpu[VMM_MAX_CPUS];
	struct devices *dev;
	struct site *sites;
	size_t nsites;
	uint64_t entry;       /* guest-physical entry point */
	struct { uint64_t paddr, vaddr, size; } seg[8]; /* vmlinux's PT_LOADs */
	unsigned nseg;
	uint64_t boot_param;  /* guest-physical */
	uint64_t fw_base;     /* the PAL code region (stubs) */
	uint64_t kernel_end;  /* end of the loaded image (physical) */
	uint64_t itc_freq;
	uint64_t ap_entry, ap_gp; /* SAL_VECTOR_OS_BOOT_RENDEZ */
	bool exit_requested, reboot_requested;
	bool mmio_logged;
	int exit_status;
	uint64_t log_buf_va;  /* __log_buf, for -k dumps (0: unknown) */
	uint64_t log_buf_len;
};

/* The processor interrupt block (IPIs are stores there) and the AP wakeup
 * vector the SAL system table announces. */
#define FW_PIB_BASE 0xfee00000u
#define FW_PIB_SIZE 0x200000u
#define FW_AP_WAKEUP_VECTOR 0xf8

/* The virtual psr.i and psr.ic live in the vCPU page's bytes while the
 * guest runs (its wedge sets them with plain stores, the engine's psr ops
 * keep them); everything else in the monitor works on cpu.psr. */
static inline void vcpu_psr_to_page(struct vcpu *v)
{
	cpu_psr_shared_store(&v->cpu); /* vpsr, psr_i, psr_ic */
	v->page->banknum = !!(v->cpu.psr & (1ull << 44));
}

static inline void vcpu_psr_from_page(struct vcpu *v)
{
	cpu_psr_shared_load(&v->cpu);
}

/* memory.c */
void *gpa_ptr(struct vm *vm, uint64_t gpa, uint64_t len);
bool kernel_idmap_pa(uint64_t va, uint64_t *pa);
bool kernel_image_pa(const struct vm *vm, uint64_t va, uint64_t *pa);
int vm_ram_init(struct vm *vm);

/* loader.c */
int vm_load_kernel(struct vm *vm);
struct site *vm_find_site(struct vm *vm, uint64_t ip, unsigned slot, bool physical);
size_t vm_restore_native_sites(struct vm *vm);

/* firmware.c */
int fw_build(struct vm *vm);
int fw_call(struct vcpu *v, unsigned nr);

/* vtlb.c */
extern const struct cpu_mem_ops vcpu_mem_ops;
enum tr_result { TR_OK, TR_MISS, TR_NOT_PRESENT, TR_ACCESS_RIGHTS, TR_DIRTY, TR_ACCESS_BIT,
		 TR_UNBACKED, TR_UNIMPL };
enum tr_result vtlb_translate(struct vcpu *v, uint64_t va, unsigned access, uint64_t *pa,
			      const struct vtlb_entry **hit);
void vtlb_insert(struct vcpu *v, bool insn, int tr_slot, uint64_t ifa, uint64_t itir, uint64_t pte);
void vtlb_purge(struct vcpu *v, bool insn, bool data, bool trs, uint64_t va, unsigned ps);
void vtlb_purge_all(struct vcpu *v);
uint64_t vtlb_thash(struct vcpu *v, uint64_t va);
uint64_t vtlb_ttag(struct vcpu *v, uint64_t va);
void vcpu_flush_soft_tlb(struct vcpu *v);

/* intr.c */
void vcpu_interrupt(struct vcpu *v, unsigned vector_off, uint64_t isr, uint64_t ifa, bool set_ifa,
		    uint64_t iim);
void vcpu_tlb_fault(struct vcpu *v, enum tr_result r, uint64_t va, unsigned access,
		    const struct cpu_exit *x);
void vcpu_pend(struct vcpu *v, unsigned vector);
int vcpu_ivr(struct vcpu *v);
void vcpu_eoi(struct vcpu *v);
bool vcpu_check_extint(struct vcpu *v);
void vcpu_rfi(struct vcpu *v);
void vcpu_set_psr(struct vcpu *v, uint64_t psr);
uint64_t vcpu_get_psr(struct vcpu *v);
uint64_t vcpu_itc(struct vcpu *v);
void vcpu_check_timer(struct vcpu *v);
int64_t vcpu_timer_ns(struct vcpu *v);

/* privop.c */
int vcpu_privop(struct vcpu *v, const struct ia64_insn *in);

/* main loop (run.c) */
int vm_run(struct vm *vm);
void vm_dump_guest_log(struct vm *vm);
void vm_vlog(const char *fmt, va_list ap);
void vm_log(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vm_die(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

#endif
