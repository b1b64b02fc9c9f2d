/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IA-64 CPU engine: one interface for every user (lol-user, the monitor):
 *
 *     cpu_run(cpu, budget) -> struct cpu_exit
 *
 * The engine runs IA-64 code (SDM rev 2.3 vols 1 and 3) until something needs
 * its user: a break, a privileged or sensitive instruction (handed over
 * decoded, not executed), a fault, or the end of the budget.  Address
 * translation belongs to the user: a software TLB of host pointers, split
 * read/write/execute, is refilled through a callback.
 *
 * Depends on the ISA library (vmm/ia64) and the FP library (vmm/fp) only.
 */
#ifndef LOL_CPU_H
#define LOL_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fp82.h"
#include "ia64.h"

/* ---- exits ------------------------------------------------------------------------------ */

enum cpu_exit_kind {
	CPU_EXIT_BREAK,  /* break.{m,i,b,f,x}: imm = the immediate; ip/slot at the break */
	CPU_EXIT_PRIVOP, /* privileged or sensitive op, not executed: insn holds it; ip/slot at it */
	CPU_EXIT_FAULT,  /* a fault (ip/slot at the instruction) or a trap (ip/slot after it) */
	CPU_EXIT_BUDGET, /* the budget ran out; ip/slot at the next instruction */
};

enum cpu_fault {
	CPU_FAULT_NONE,
	CPU_FAULT_TLB_MISS,        /* no translation; addr = faulting address */
	CPU_FAULT_ACCESS_RIGHTS,   /* translated, but this access is not allowed */
	CPU_FAULT_ALIGNMENT,       /* unaligned reference where the SDM faults */
	CPU_FAULT_NAT_CONSUMPTION, /* a NaT (or NaTVal) consumed by a non-speculative use */
	CPU_FAULT_ILLEGAL_OP,      /* undecodable slot, reserved form, bad qp on unpredicated forms */
	CPU_FAULT_RESERVED_REG,    /* reserved register or field (r >= 32 + sof, reserved ar/cr) */
	CPU_FAULT_UNIMPL_ADDR,     /* unimplemented instruction or data address */
	CPU_FAULT_FP_FAULT,        /* IEEE fault (invalid, denormal, zero divide) enabled */
	CPU_FAULT_FP_TRAP,         /* IEEE trap (overflow, underflow, inexact) enabled */
	CPU_FAULT_UNALIGNED_IP,    /* branch to a slot-2 L+X or reserved template bundle */
	CPU_FAULT_DISABLED_FP,     /* f2-f31 with psr.dfl or f32-f127 with psr.dfh; access = 1
				    * (dfl) | 2 (dfh), as isr.code wants them */
};

/* Access kinds, for faults and for the TLB refill. */
enum cpu_access { CPU_ACC_READ = 1, CPU_ACC_WRITE = 2, CPU_ACC_EXEC = 4 };

struct cpu_exit {
	enum cpu_exit_kind kind;
	enum cpu_fault fault;
	unsigned access;       /* CPU_ACC_* of a memory fault */
	uint64_t addr;         /* faulting data or instruction address */
	uint64_t imm;          /* break immediate */
	uint32_t fp_flags;     /* FP_* flags of an FP fault or trap */
	struct ia64_insn insn; /* the instruction concerned (BREAK, PRIVOP, FAULT) */
};

/* ---- memory ----------------------------------------------------------------------------- */

/* One refill: the host memory backing the naturally aligned page of
 * 2^page_shift bytes (page_shift >= 12) that holds va, and what is allowed. */
struct cpu_tlb_fill {
	uint8_t *host;      /* host address of the page's first byte (16-byte aligned at least:
			     * semaphores work on it with host atomics) */
	unsigned page_shift;
	unsigned access;    /* CPU_ACC_* permitted */
};

struct cpu_mem_ops {
	/* Translate va for access (one CPU_ACC_* bit).  Return CPU_FAULT_NONE and
	 * fill *out, or the fault to report (TLB_MISS, ACCESS_RIGHTS, UNIMPL_ADDR). */
	enum cpu_fault (*refill)(void *ctx, uint64_t va, unsigned access, struct cpu_tlb_fill *out);
};

/* ---- state ------------------------------------------------------------------------------ */

#define CPU_TLB_SIZE 256
struct cpu_tlb_entry {
	uint64_t tag;     /* the 4K page address (va & ~0xfff), or ~0 when empty */
	uintptr_t addend; /* host = va + addend */
};

/* Current frame marker (SDM vol 1 3.1.7). */
struct cpu_cfm {
	uint8_t sof, sol, sor; /* sor in registers (a multiple of 8) */
	uint8_t rrb_gr, rrb_fr, rrb_pr;
};

struct cpu_alat_entry {
	uint64_t addr;
	uint8_t reg;   /* physical register number */
	uint8_t fp;    /* 1: a floating-point register */
	uint8_t size;
	uint8_t valid;
};
#define CPU_ALAT_SIZE 32

struct cpu_config {
	unsigned stacked_regs; /* physical stacked GRs, 96..224 (0: 96) */
	bool exit_on_sensitive; /* hand sensitive ops over (monitor) or run them (lol-user) */
	bool exit_on_priv;      /* hand privileged ops over; else fault CPU_FAULT_ILLEGAL_OP */
	/* A monitor keeps psr.cpl, ar.k0-7 and ar.itc at its guest's virtual
	 * values: then the sensitive ops whose answer comes out right run here
	 * (ar.k/ar.itc reads, ar.rsc/ar.bspstore writes, fc) and only thash,
	 * ttag, probe, cover, epc and cpuid/pmd reads exit. */
	bool virtual_pl;
	/* With virtual_pl, where a monitor shares the virtual psr with guest
	 * code that changes psr.i and psr.ic by plain byte stores (the wedge):
	 * the psr ops run here read those two bits from the bytes and write
	 * all of psr back (NULL: psr is the engine's alone). */
	uint64_t *psr_mirror;
	uint8_t *psr_i_byte, *psr_ic_byte;
	/* Run every block on the handlers: no host code compiled from guest
	 * code (the environment variable LOL_NO_JIT does the same). */
	bool no_jit;
	/* Runs of a block before it is compiled (0: the default, 16); tests
	 * use 1 to compile everything on its first run. */
	unsigned jit_hot;
};

struct cpu {
	/* General registers: r0-r31 static; r32-r127 map onto the physical
	 * stacked file through the frame (bof, cfm) and rotation (rrb.gr). */
	uint64_t gr[32];
	uint64_t gr_nat;       /* NaT bits of r0-r31 */
	uint64_t *stacked;     /* [config.stacked_regs] */
	uint8_t *stacked_nat;  /* [config.stacked_regs] */
	unsigned bof;          /* physical index of r32 */
	struct cpu_cfm cfm;

	/* RSE (SDM vol 2 chapter 6): registers between bspstore and bsp in the
	 * physical file are dirty; ndirty counts them, nclean the clean ones. */
	unsigned ndirty, nclean;

	struct fp82 fr[128];   /* f0-f31 static, f32-f127 rotate with rrb.fr */
	uint64_t pr;           /* physical predicates: bit i = p(i); p16-p63 rotate with rrb.pr */
	uint64_t br[8];
	uint64_t ar[128];      /* ar.bsp, ar.bspstore, ar.rnat, ar.unat, ar.fpsr, ar.pfs, ... */
	uint64_t ip;           /* bundle address */
	unsigned slot;         /* 0..2 (psr.ri) */
	uint64_t psr;          /* user-visible bits (um) and what the user sets; psr.cpl */

	struct cpu_alat_entry alat[CPU_ALAT_SIZE];

	/* Software TLBs: one compare and one add on a hit. */
	struct cpu_tlb_entry tlb_r[CPU_TLB_SIZE], tlb_w[CPU_TLB_SIZE], tlb_x[CPU_TLB_SIZE];
	const struct cpu_mem_ops *mem;
	void *mem_ctx;

	struct cpu_config config;
	/* Set by a monitor (virtual_pl): an external interrupt waits, so an
	 * ssm/mov psr.l that sets psr.i exits instead of running. */
	bool irq_pending;
	struct cpu_dcache *dcache; /* decoded-bundle cache (private) */
	uint64_t insns;            /* instructions retired (statistics) */
	uint64_t dcache_hits, dcache_misses;
	void *user;                /* for the cpu's user */
};

/* ---- interface ---------------------------------------------------------------------------- */

/* Set up a cpu in the state the SDM gives after reset for user code: all
 * registers 0, cfm 0, fpsr default (0x0009804c0270033f), psr.cpl from the
 * caller.  Returns 0, or -1 when out of memory. */
int cpu_init(struct cpu *cpu, const struct cpu_config *config, const struct cpu_mem_ops *mem,
	     void *mem_ctx);
void cpu_destroy(struct cpu *cpu);

/* With config.psr_i_byte: fold the shared psr.i/psr.ic bytes into
 * cpu->psr (returned), or write cpu->psr out to them and psr_mirror.  The
 * engine's psr ops do both; a monitor calls them around cpu_run. */
uint64_t cpu_psr_shared_load(struct cpu *cpu);
void cpu_psr_shared_store(struct cpu *cpu);

/* Run up to budget instructions. */
struct cpu_exit cpu_run(struct cpu *cpu, uint64_t budget);

/* Instruction slots compiled to host code so far, by all cpus (statistics). */
extern uint64_t cpu_jit_slots;

/* Step ip/slot past the current instruction (after the user emulated a
 * BREAK or PRIVOP).  L+X pairs count as one instruction in slot 1. */
void cpu_advance(struct cpu *cpu);

/* Forget translations (all, or the page holding va) and cached decodes. */
void cpu_tlb_flush(struct cpu *cpu);
void cpu_tlb_flush_page(struct cpu *cpu, uint64_t va);

/* ---- for a monitor (sys.c): what privileged ops and interruptions do to the
 * engine's own state.  Memory faults of the RSE come back as the fault and
 * its address (CPU_FAULT_NONE: done). */

/* cover: the current frame becomes empty above the old one; returns the old
 * CFM (the value cr.ifs takes). */
uint64_t cpu_sys_cover(struct cpu *cpu);
/* rfi with ifs.v: the frame in ifs comes back (loaded from the backing store
 * if it was spilled), as br.ret brings back a caller's frame. */
enum cpu_fault cpu_sys_restore_frame(struct cpu *cpu, uint64_t ifm, uint64_t *fault_addr);
/* br.ret through bN (for firmware calls the monitor answers). */
enum cpu_fault cpu_sys_br_ret(struct cpu *cpu, unsigned b, uint64_t *fault_addr);
/* mov to/from ar as the engine does it (rsc.pl clamped to psr.cpl, the RSE
 * told of a new bspstore, reserved fields checked): for afterburned sites. */
enum cpu_fault cpu_sys_mov_to_ar(struct cpu *cpu, unsigned ar, uint64_t v);
enum cpu_fault cpu_sys_mov_from_ar(struct cpu *cpu, unsigned ar, uint64_t *v);
/* Drop every ALAT entry (invala): a monitor running several vCPUs on one
 * thread does it when a vCPU resumes, as other processors' stores would
 * have invalidated its entries (SDM vol 2 4.4.5.3: the ALAT is coherent). */
void cpu_sys_invala(struct cpu *cpu);
/* The current CFM, packed as in ar.pfs / cr.ifs. */
uint64_t cpu_sys_cfm(const struct cpu *cpu);

/* Logical register access for users (syscalls, signal frames, monitor). */
uint64_t cpu_get_gr(const struct cpu *cpu, unsigned r, bool *nat);
void cpu_set_gr(struct cpu *cpu, unsigned r, uint64_t v, bool nat);
bool cpu_get_pr(const struct cpu *cpu, unsigned p);
void cpu_set_pr(struct cpu *cpu, unsigned p, bool v);

/* Memory through the cpu's TLB (users: loaders, syscalls).  0 or a fault. */
enum cpu_fault cpu_read(struct cpu *cpu, uint64_t va, void *buf, size_t len);
enum cpu_fault cpu_write(struct cpu *cpu, uint64_t va, const void *buf, size_t len);

#endif
