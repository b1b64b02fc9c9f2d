// SPDX-License-Identifier: GPL-2.0
/*
 * The cpu object: set-up and teardown, and the accessors the engine's users
 * (lol-user, the monitor) read and write guest state with.
 */
#include <stdlib.h>
#include <time.h>

#include "interp.h"

/* FPSR as Linux starts a process: traps disabled; every sf rounds to nearest in
 * double-extended precision; sf1 also widest-range exponent; sf1-sf3 traps off. */
#define FPSR_DEFAULT 0x0009804c0270033full

static uint64_t host_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ar.itc for user code: a nanosecond count since the cpu was set up (a
 * user that needs guest time sets exit_on_sensitive and answers itself). */
uint64_t cpu_itc(struct cpu *cpu)
{
	return host_ns() - cpu->dcache->itc_base + cpu->ar[AR_ITC];
}

int cpu_init(struct cpu *cpu, const struct cpu_config *config, const struct cpu_mem_ops *mem,
	     void *mem_ctx)
{
	unsigned n = config && config->stacked_regs ? config->stacked_regs : 96;
	/* ALAT tags are 8 bits: 32 static plus the stacked file must fit. */
	if (n < 96 || n > 224)
		return -1;
	ia64_init();
	memset(cpu, 0, sizeof(*cpu));
	if (config)
		cpu->config = *config;
	cpu->config.stacked_regs = n;
	cpu->mem = mem;
	cpu->mem_ctx = mem_ctx;

	cpu->stacked = calloc(n, sizeof(*cpu->stacked));
	cpu->stacked_nat = calloc(n, sizeof(*cpu->stacked_nat));
	struct cpu_dcache *dc = calloc(1, sizeof(*dc));
	cpu->dcache = dc;
	if (!cpu->stacked || !cpu->stacked_nat || !dc || dcache_init(dc) < 0 ||
	    rse_scratch(cpu) < 0) {
		cpu_destroy(cpu);
		return -1;
	}
	dc->itc_base = host_ns();

	/* f1 = +1.0 (SDM vol 1 5.1.1); f0 = +0.0 is the zeroed state. */
	cpu->fr[1].exp = 0xffff;
	cpu->fr[1].sig = 1ull << 63;
	cpu->pr = 1;
	cpu->ar[AR_FPSR] = FPSR_DEFAULT;
	cpu_tlb_flush(cpu);
	return 0;
}

void cpu_destroy(struct cpu *cpu)
{
	free(cpu->stacked);
	free(cpu->stacked_nat);
	if (cpu->dcache) {
		dcache_free(cpu->dcache);
		free(cpu->dcache->rse_val);
		free(cpu->dcache->rse_nat);
		free(cpu->dcache);
	}
	cpu->stacked = NULL;
	cpu->stacked_nat = NULL;
	cpu->dcache = NULL;
}

/* Registers outside the frame read as 0 and take no writes. */
uint64_t cpu_get_gr(const struct cpu *cpu, unsigned r, bool *nat)
{
	bool n = false;
	uint64_t v = 0;
	if (r < 32 || (r < 128 && r < 32u + cpu->cfm.sof)) {
		v = gr_get(cpu, r);
		n = gr_nat(cpu, r);
	}
	if (nat)
		*nat = n;
	return v;
}

void cpu_set_gr(struct cpu *cpu, unsigned r, uint64_t v, bool nat)
{
	if (r == 0 || r >= 128 || (r >= 32 && r >= 32u + cpu->cfm.sof))
		return;
	gr_set(cpu, r, v, nat);
}

bool cpu_get_pr(const struct cpu *cpu, unsigned p)
{
	return p < 64 && pr_get(cpu, p);
}

void cpu_set_pr(struct cpu *cpu, unsigned p, bool v)
{
	if (p < 64)
		pr_set(cpu, p, v);
}

enum cpu_fault cpu_read(struct cpu *cpu, uint64_t va, void *buf, size_t len)
{
	uint64_t a;
	return cpu_mem_read(cpu, va, buf, len, CPU_ACC_READ, &a);
}

enum cpu_fault cpu_write(struct cpu *cpu, uint64_t va, const void *buf, size_t len)
{
	uint64_t a;
	return cpu_mem_write(cpu, va, buf, len, &a);
}

/* An MLX bundle holds two instructions: the L+X pair is slot 1. */
static bool bundle_is_mlx(struct cpu *cpu, uint64_t ip)
{
	uint8_t b;
	if (cpu_read(cpu, ip, &b, 1) != CPU_FAULT_NONE)
		return false;
	return (b & 0x1e) == 0x04;
}

void cpu_advance(struct cpu *cpu)
{
	unsigned s = cpu->slot + 1;
	if (s >= 3 || (s == 2 && bundle_is_mlx(cpu, cpu->ip))) {
		cpu->ip += 16;
		s = 0;
	}
	cpu->slot = s;
}
