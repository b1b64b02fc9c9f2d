// SPDX-License-Identifier: GPL-2.0
/*
 * Privileged PSR operations run in the engine when a monitor keeps psr at
 * its guest's virtual value (config.virtual_pl): rsm, ssm, mov psr.l= and
 * mov =psr only change or read cpu->psr, so handing each one to the monitor
 * would cost an exit for nothing.  The one case the monitor must see is
 * psr.i turning on while it has an interrupt waiting (cpu->irq_pending):
 * that one exits, unexecuted, as before.  Where the monitor shares psr.i
 * and psr.ic with the guest's wedge as bytes (config.psr_i_byte), those
 * bytes are the truth: read before, written after every psr op here.
 */
#include "interp.h"

#define PSR_I_BIT (1ull << 14)
#define PSR_DT_BIT (1ull << 17)
#define PSR_IC_BIT (1ull << 13)
#define PSR_RT_BIT (1ull << 27)

uint64_t cpu_psr_shared_load(struct cpu *cpu)
{
	if (cpu->config.psr_i_byte)
		cpu->psr = (cpu->psr & ~(PSR_I_BIT | PSR_IC_BIT)) |
			   (*cpu->config.psr_i_byte ? PSR_I_BIT : 0) |
			   (*cpu->config.psr_ic_byte ? PSR_IC_BIT : 0);
	return cpu->psr;
}

void cpu_psr_shared_store(struct cpu *cpu)
{
	if (!cpu->config.psr_i_byte)
		return;
	*cpu->config.psr_mirror = cpu->psr;
	*cpu->config.psr_i_byte = !!(cpu->psr & PSR_I_BIT);
	*cpu->config.psr_ic_byte = !!(cpu->psr & PSR_IC_BIT);
}

static int psr_write(struct cpu *cpu, const struct dslot *d, uint64_t v)
{
	uint64_t old = cpu->psr;
	if ((v & ~old & PSR_I_BIT) && cpu->irq_pending)
		return cpu_privop_exit(cpu, d);
	cpu->psr = v;
	cpu_psr_shared_store(cpu);
	if ((old ^ v) & (PSR_DT_BIT | PSR_RT_BIT))
		cpu_tlb_flush(cpu); /* data translation on or off */
	return next_slot(cpu, d);
}

static int h_rsm(struct cpu *cpu, const struct dslot *d)
{
	return psr_write(cpu, d, cpu_psr_shared_load(cpu) & ~(uint64_t)d->imm);
}

static int h_ssm(struct cpu *cpu, const struct dslot *d)
{
	return psr_write(cpu, d, cpu_psr_shared_load(cpu) | (uint64_t)d->imm);
}

/* mov psr.l=r2: bits 0..31 */
static int h_mov_to_psrl(struct cpu *cpu, const struct dslot *d)
{
	if (xnat(cpu, d->r2))
		return cpu_privop_exit(cpu, d); /* the monitor raises the NaT fault */
	return psr_write(cpu, d, (cpu_psr_shared_load(cpu) & ~0xffffffffull) | (xget(cpu, d->r2) & 0xffffffffull));
}

/* mov r1=psr: bits 0..31 and 35..36 */
static int h_mov_from_psr(struct cpu *cpu, const struct dslot *d)
{
	xset(cpu, d->r1, cpu_psr_shared_load(cpu) & (0xffffffffull | 3ull << 35), false);
	return next_slot(cpu, d);
}

bool cpu_decode_sys(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in)
{
	if (!cpu->config.virtual_pl)
		return false;
	switch (in->opc->op) {
	case IA64_OP_RSM:
	case IA64_OP_SSM:
		d->imm = in->opnd[0].value & 0xffffff;
		d->fn = in->opc->op == IA64_OP_RSM ? h_rsm : h_ssm;
		return true;
	case IA64_OP_MOV_TO_PSR:
		if (in->opc->sub1 != 0)
			return false;
		d->fn = h_mov_to_psrl;
		return true;
	case IA64_OP_MOV_FROM_PSR:
		if (in->opc->sub1 != 0)
			return false;
		d->fn = h_mov_from_psr;
		return true;
	default:
		return false;
	}
}
