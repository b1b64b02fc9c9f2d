// SPDX-License-Identifier: GPL-2.0
/*
 * What a monitor needs from the engine to emulate privileged operations and
 * interruptions that touch the engine's own state: the register frame and
 * the RSE (cover, rfi's frame restore, a return from firmware it answered).
 * The engine reports RSE memory faults through a slot; these entry points
 * run outside any slot, so they use a stand-in whose faults are handed back
 * as (fault, address).
 */
#include "interp.h"

static const struct ia64_insn no_insn;
static const struct dslot no_slot = {.insn = &no_insn};

/* The fault a stand-in slot stopped with (dflt when it set none). */
static enum cpu_fault exit_fault(const struct cpu *cpu, enum cpu_fault dflt)
{
	enum cpu_fault f = cpu->dcache->exit.fault;
	return f != CPU_FAULT_NONE ? f : dflt;
}

static enum cpu_fault rse_fault(struct cpu *cpu, uint64_t *fault_addr)
{
	*fault_addr = cpu->dcache->exit.addr;
	return exit_fault(cpu, CPU_FAULT_TLB_MISS);
}

uint64_t cpu_sys_cfm(const struct cpu *cpu)
{
	return cfm_pack(&cpu->cfm);
}

uint64_t cpu_sys_cover(struct cpu *cpu)
{
	uint64_t old = cfm_pack(&cpu->cfm);
	rse_cover(cpu);
	frame_map(cpu);
	return old;
}

enum cpu_fault cpu_sys_restore_frame(struct cpu *cpu, uint64_t ifm, uint64_t *fault_addr)
{
	struct cpu_cfm nf;
	cfm_unpack(&nf, ifm);
	if (!cfm_valid(&nf))
		return CPU_FAULT_RESERVED_REG;
	/* The covered frame sits just below: bring all of it back, as a
	 * return brings back a caller's locals. */
	uint64_t pfm = (ifm & ~(0x7full << 7)) | (uint64_t)nf.sof << 7;
	if (rse_return(cpu, &no_slot, pfm))
		return rse_fault(cpu, fault_addr);
	cpu->cfm = nf;
	frame_map(cpu);
	return CPU_FAULT_NONE;
}

enum cpu_fault cpu_sys_br_ret(struct cpu *cpu, unsigned b, uint64_t *fault_addr)
{
	uint64_t pfs = cpu->ar[AR_PFS], pfm = pfs & ((1ull << 38) - 1);
	struct cpu_cfm nf;
	cfm_unpack(&nf, pfm);
	if (!cfm_valid(&nf))
		return CPU_FAULT_RESERVED_REG;
	if (rse_return(cpu, &no_slot, pfm))
		return rse_fault(cpu, fault_addr);
	cpu->cfm = nf;
	frame_map(cpu);
	cpu->ar[AR_EC] = (pfs >> 52) & 63;
	cpu->ip = cpu->br[b & 7] & ~0xfull;
	cpu->slot = 0;
	return CPU_FAULT_NONE;
}

int cpu_ar_write_at(struct cpu *cpu, const struct dslot *d, unsigned ar, uint64_t v);
int cpu_ar_read_at(struct cpu *cpu, const struct dslot *d, unsigned ar, uint64_t *v);

enum cpu_fault cpu_sys_mov_to_ar(struct cpu *cpu, unsigned ar, uint64_t v)
{
	if (cpu_ar_write_at(cpu, &no_slot, ar & 127, v) != XR_NEXT)
		return exit_fault(cpu, CPU_FAULT_ILLEGAL_OP);
	return CPU_FAULT_NONE;
}

enum cpu_fault cpu_sys_mov_from_ar(struct cpu *cpu, unsigned ar, uint64_t *v)
{
	if (cpu_ar_read_at(cpu, &no_slot, ar & 127, v) != XR_NEXT)
		return exit_fault(cpu, CPU_FAULT_ILLEGAL_OP);
	return CPU_FAULT_NONE;
}

void cpu_sys_invala(struct cpu *cpu)
{
	alat_clear(cpu);
}
