// SPDX-License-Identifier: GPL-2.0
/*
 * Weak stand-ins for the FP and multimedia helpers (vmm/cpu/exec.h) while
 * they are not in the build: every such op is an Illegal Operation.  Linked
 * after libcpu.a, so the real ones win when the archive has them.
 */
#include <string.h>

#include "exec.h"

static bool stub_fault(const struct ia64_insn *in, struct cpu_exit *exit)
{
	memset(exit, 0, sizeof(*exit));
	exit->kind = CPU_EXIT_FAULT;
	exit->fault = CPU_FAULT_ILLEGAL_OP;
	exit->insn = *in;
	return true;
}

__attribute__((weak)) bool cpu_exec_fp(struct cpu *cpu, const struct ia64_insn *in,
				       struct cpu_exit *exit)
{
	(void)cpu;
	return stub_fault(in, exit);
}

__attribute__((weak)) bool cpu_exec_mm(struct cpu *cpu, const struct ia64_insn *in,
				       struct cpu_exit *exit)
{
	(void)cpu;
	return stub_fault(in, exit);
}

__attribute__((weak)) int cpu_fp_mem(struct cpu *cpu, const struct ia64_insn *in, uint8_t *bytes,
				     bool store)
{
	(void)cpu;
	(void)in;
	(void)bytes;
	(void)store;
	return CPU_FAULT_ILLEGAL_OP;
}

struct dslot;
__attribute__((weak)) bool cpu_decode_fp_fast(struct dslot *d, const struct ia64_insn *in)
{
	(void)d;
	(void)in;
	return false;
}
