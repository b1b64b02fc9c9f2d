// SPDX-License-Identifier: GPL-2.0
/*
 * The engine's interface (vmm/cpu/cpu.h): exits (break, privileged and
 * sensitive ops, faults with their address and access, budget), ip/slot at
 * each, cpu_advance, instruction counts, the soft TLB and its refills,
 * self-modifying code, and semaphores shared by host threads.  The code
 * runs from snippets in tests/cpu/unit.S.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "interp.h"
#include "tap.h"

#ifndef ASM_DIR
#define ASM_DIR "build/tests/cpu"
#endif

static char elf[512];
static struct guest g;

static uint64_t sym(const char *name)
{
	uint64_t v = guest_symbol(elf, name);
	if (!v) {
		fprintf(stderr, "%s: no symbol %s\n", elf, name);
		exit(1);
	}
	return v;
}

static uint8_t *host_of(uint64_t va)
{
	for (unsigned i = 0; i < g.nr; i++)
		if (va - g.r[i].va < g.r[i].size)
			return g.r[i].host + (va - g.r[i].va);
	return NULL;
}

static void new_cpu(struct cpu *cpu, bool priv, bool sens)
{
	struct cpu_config cfg = {
	    .stacked_regs = 96, .exit_on_priv = priv, .exit_on_sensitive = sens};
	if (cpu_init(cpu, &cfg, &g.ops, &g) < 0) {
		fprintf(stderr, "cpu_init failed\n");
		exit(1);
	}
	guest_start(&g, cpu);
}

static struct cpu_exit run_at(struct cpu *cpu, const char *label, uint64_t budget)
{
	cpu->ip = sym(label);
	cpu->slot = 0;
	return cpu_run(cpu, budget);
}

static bool is_fault(const struct cpu_exit *x, enum cpu_fault f)
{
	return x->kind == CPU_EXIT_FAULT && x->fault == f;
}

static void test_budget(void)
{
	struct cpu c;
	new_cpu(&c, false, false);
	uint64_t b = sym("u_budget");
	struct cpu_exit x = run_at(&c, "u_budget", 5);
	tap_ok(x.kind == CPU_EXIT_BUDGET && c.ip == b + 16 && c.slot == 2 && c.insns == 5,
	       "budget 5 stops at bundle 1 slot 2 (ip +%lld slot %u, %llu insns)",
	       (long long)(c.ip - b), c.slot, (unsigned long long)c.insns);
	x = cpu_run(&c, 1);
	tap_ok(x.kind == CPU_EXIT_BUDGET && c.ip == b + 32 && c.slot == 0 && c.insns == 6,
	       "budget 1 from slot 2 ends the bundle");
	x = cpu_run(&c, 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 1 && c.ip == b + 64 && c.slot == 0 &&
		   c.insns == 12,
	       "break after 12 instructions, reported at the break");
	x = run_at(&c, "u_spin", 1000);
	tap_ok(x.kind == CPU_EXIT_BUDGET && c.ip == sym("u_spin") && c.insns == 1012,
	       "an endless loop runs exactly its budget");
	cpu_destroy(&c);
}

/* Blocks linked to one another run as the run loop would run them one by
 * one: u_chain stopped by every budget up to its end, each run from the
 * start, against the same code run one instruction per cpu_run. */
static void test_chain(void)
{
	struct cpu a, s;
	new_cpu(&s, false, false);
	s.ip = sym("u_chain");
	s.slot = 0;
	struct cpu_exit xs = {.kind = CPU_EXIT_BUDGET};
	unsigned n = 0, runs = 0, bad = 0;
	uint64_t hits = 0;
	for (; n < 20000 && xs.kind == CPU_EXIT_BUDGET; n++) {
		xs = cpu_run(&s, 1);
		if (n % 5 && xs.kind == CPU_EXIT_BUDGET)
			continue;
		/* the same from the start in one run: n + 1 instructions, or
		 * more than enough to reach the break */
		new_cpu(&a, false, false);
		struct cpu_exit xa = run_at(&a, "u_chain", xs.kind == CPU_EXIT_BUDGET ? n + 1 : n + 10);
		bool same = xa.kind == xs.kind && xa.imm == xs.imm && a.ip == s.ip &&
			    a.slot == s.slot && a.pr == s.pr && a.ar[65] == s.ar[65] &&
			    a.ar[64] == s.ar[64] && cpu_sys_cfm(&a) == cpu_sys_cfm(&s) &&
			    a.insns == s.insns;
		for (unsigned r = 8; r < 11; r++)
			same &= cpu_get_gr(&a, r, NULL) == cpu_get_gr(&s, r, NULL);
		bad += !same;
		runs++;
		hits = a.dcache_hits;
		cpu_destroy(&a);
	}
	tap_ok(xs.kind == CPU_EXIT_BREAK && xs.imm == 7 && bad == 0 && n > 1000 && hits > 100,
	       "linked blocks stop where single steps do: %u runs to %u instructions, %u differ "
	       "(sum %#llx)",
	       runs, n, bad, (unsigned long long)cpu_get_gr(&s, 8, NULL));
	cpu_destroy(&s);
}

/* Fused pairs (cpu_fuse): u_fuse, every ordered pair of the fusable ops,
 * run whole from random registers (some with NaTs) and predicates, against
 * the same run one instruction per cpu_run (slots unfused), and against runs
 * stopped by a random budget first (inside pairs too) and then finished. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void fuse_setup(struct cpu *c, const char *at, const uint64_t *v, uint32_t nat,
		       uint64_t pr)
{
	new_cpu(c, false, false);
	for (unsigned r = 14; r < 32; r++)
		cpu_set_gr(c, r, v[r], (nat >> r) & 1);
	c->pr = pr;
	c->ip = sym(at);
	c->slot = 0;
}

static bool fuse_same(const struct cpu *a, const struct cpu *b, const struct cpu_exit *xa,
		      const struct cpu_exit *xb)
{
	bool same = xa->kind == xb->kind && xa->imm == xb->imm && a->ip == b->ip &&
		    a->slot == b->slot && a->pr == b->pr && a->insns == b->insns;
	for (unsigned r = 1; r < 32; r++) {
		bool na, nb;
		same &= cpu_get_gr(a, r, &na) == cpu_get_gr(b, r, &nb) && na == nb;
	}
	return same;
}

static void test_fuse(const char *at)
{
	unsigned runs = 0, bad = 0, nats = 0;
	uint64_t fused = ~0ull; /* fewest pairs fused in one whole run */
	for (unsigned k = 0; k < 24; k++) {
		uint64_t v[32];
		static const uint64_t special[] = {0, ~0ull, 0x80000000ull, 0xffffffffull,
						   0x8000000000000000ull, 1};
		for (unsigned r = 0; r < 32; r++)
			v[r] = rnd() % 5 ? rnd() : special[rnd() % 6];
		uint32_t nat = 0;
		if (k % 3 == 1)
			nat = (uint32_t)(1u << (15 + rnd() % 17)); /* one source, never r14/r17 */
		if (k % 3 == 2)
			nat = (uint32_t)rnd() & (uint32_t)rnd() & 0xfffbbfff;
		nats += nat != 0;
		uint64_t pr = 1 | (rnd() & (3ull << 6));
		struct cpu a, s, b;
		/* whole */
		fuse_setup(&a, at, v, nat, pr);
		uint64_t f0 = cpu_fused_pairs;
		struct cpu_exit xa = cpu_run(&a, 100000);
		if (cpu_fused_pairs - f0 < fused)
			fused = cpu_fused_pairs - f0;
		/* one instruction per run */
		fuse_setup(&s, at, v, nat, pr);
		struct cpu_exit xs = {.kind = CPU_EXIT_BUDGET};
		for (unsigned i = 0; i < 5000 && xs.kind == CPU_EXIT_BUDGET; i++)
			xs = cpu_run(&s, 1);
		/* a random budget, then the rest */
		fuse_setup(&b, at, v, nat, pr);
		struct cpu_exit xb = cpu_run(&b, 1 + rnd() % (a.insns ? a.insns : 1));
		if (xb.kind == CPU_EXIT_BUDGET)
			xb = cpu_run(&b, 100000);
		bool ok = xa.kind == CPU_EXIT_BREAK && xa.imm == 0x77 && fuse_same(&a, &s, &xa, &xs) &&
			  fuse_same(&a, &b, &xa, &xb);
		if (!ok && bad < 3)
			printf("# fuse run %u differs (pr %#llx nat %#x)\n", k,
			       (unsigned long long)pr, nat);
		bad += !ok;
		runs++;
		cpu_destroy(&a);
		cpu_destroy(&s);
		cpu_destroy(&b);
	}
	tap_ok(bad == 0 && fused >= 300 && fused != ~0ull,
	       "%s: fused pairs run as single slots do: %u runs (%u with NaTs), %u differ, %llu "
	       "pairs fused in a whole run",
	       at, runs, nats, bad, (unsigned long long)fused);
}

static void test_breaks(void)
{
	struct cpu c;
	new_cpu(&c, false, false);
	uint64_t b = sym("u_break");
	struct cpu_exit x = run_at(&c, "u_break", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 0x1234 && c.ip == b && c.slot == 0,
	       "break.m in slot 0");
	tap_ok(x.insn.opc && x.insn.opc->op == IA64_OP_BREAK, "the exit carries the instruction");
	cpu_advance(&c);
	x = cpu_run(&c, 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 0x42 && c.ip == b && c.slot == 1,
	       "break.i in slot 1");
	cpu_advance(&c);
	x = cpu_run(&c, 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 0x100000 && c.ip == b + 16 && c.slot == 1,
	       "break.x is slot 1 of its MLX bundle (imm 0x%llx slot %u)",
	       (unsigned long long)x.imm, c.slot);
	cpu_advance(&c);
	tap_ok(c.ip == b + 32 && c.slot == 0,
	       "cpu_advance past an L+X pair goes to the next bundle");
	x = cpu_run(&c, 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 7 && c.ip == b + 32 && c.slot == 2,
	       "break.b in slot 2");
	x = run_at(&c, "u_predoff", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 5,
	       "predicated-off load, privileged op and break do nothing");
	cpu_destroy(&c);
}

static void test_priv(void)
{
	struct cpu c;
	new_cpu(&c, false, false);
	struct cpu_exit x = run_at(&c, "u_priv", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP) && c.ip == sym("u_priv"),
	       "a privileged op without exit_on_priv is an Illegal Operation");
	x = run_at(&c, "u_itc", 100);
	bool nat;
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 2 && cpu_get_gr(&c, 8, &nat) != 0 && !nat,
	       "mov r8=ar.itc runs without exit_on_sensitive");
	cpu_destroy(&c);

	new_cpu(&c, true, true);
	x = run_at(&c, "u_priv", 100);
	tap_ok(x.kind == CPU_EXIT_PRIVOP && x.insn.opc && x.insn.opc->op == IA64_OP_MOV_FROM_CR &&
		   c.ip == sym("u_priv") && c.slot == 0,
	       "mov r8=cr.iva exits as PRIVOP with the instruction");
	x = run_at(&c, "u_rsm", 100);
	tap_ok(x.kind == CPU_EXIT_PRIVOP && x.insn.opc->op == IA64_OP_RSM, "rsm exits as PRIVOP");
	x = run_at(&c, "u_kreg", 100);
	tap_ok(x.kind == CPU_EXIT_PRIVOP && x.insn.opc->op == IA64_OP_MOV_TO_AR,
	       "mov ar.k0= exits as PRIVOP");
	x = run_at(&c, "u_itc", 100);
	tap_ok(x.kind == CPU_EXIT_PRIVOP && x.insn.opc->op == IA64_OP_MOV_FROM_AR,
	       "mov r8=ar.itc exits with exit_on_sensitive");
	cpu_destroy(&c);
}

/* A monitor sharing psr.i and psr.ic with its guest's wedge as bytes: the
 * engine's own psr ops read the bytes first and write psr back after. */
static void test_psr_mirror(void)
{
	const uint64_t I = 1ull << 14, IC = 1ull << 13;
	uint64_t vpsr = 0;
	uint8_t bi = 1, bic = 1;
	struct cpu c;
	struct cpu_config cfg = {.stacked_regs = 96, .exit_on_priv = true, .exit_on_sensitive = true,
				 .virtual_pl = true, .psr_mirror = &vpsr, .psr_i_byte = &bi,
				 .psr_ic_byte = &bic};
	if (cpu_init(&c, &cfg, &g.ops, &g) < 0)
		exit(1);
	guest_start(&g, &c);
	c.psr &= ~(I | IC); /* stale: the bytes say both are on */
	struct cpu_exit x = run_at(&c, "u_rsm", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 2 && bi == 0 && bic == 1 && vpsr == c.psr &&
		   (c.psr & (I | IC)) == IC,
	       "virtual_pl rsm psr.i runs in the engine on the bytes' psr and writes psr back");
	bi = 1, bic = 0; /* the wedge: ssm psr.i, rsm psr.ic as stores */
	x = run_at(&c, "u_rsm", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && bi == 0 && bic == 0 && !(c.psr & (I | IC)),
	       "... a psr.ic cleared in the byte stays clear through it");
	cpu_destroy(&c);
}

static void test_faults(void)
{
	struct cpu c;
	new_cpu(&c, false, false);
	uint64_t data = sym("u_data"), text = sym("u_budget");

	cpu_set_gr(&c, 9, 0x1000, false);
	struct cpu_exit x = run_at(&c, "u_ld", 100);
	tap_ok(is_fault(&x, CPU_FAULT_TLB_MISS) && x.addr == 0x1000 && x.access == CPU_ACC_READ &&
		   c.ip == sym("u_ld") && c.slot == 1 && x.insn.opc->op == IA64_OP_LD,
	       "ld8 from an unmapped page: TLB miss at the load with the address");
	cpu_set_gr(&c, 9, data, false);
	x = run_at(&c, "u_ld", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 3, "ld8 from mapped data runs");
	cpu_set_gr(&c, 9, data + 1, false);
	x = run_at(&c, "u_ld", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK, "an unaligned ld8 runs with psr.ac 0");
	c.psr |= 1ull << 3;
	x = run_at(&c, "u_ld", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ALIGNMENT) && x.addr == data + 1,
	       "an unaligned ld8 faults with psr.ac 1");
	c.psr &= ~(1ull << 3);

	cpu_set_gr(&c, 9, text, false);
	x = run_at(&c, "u_st", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ACCESS_RIGHTS) && x.addr == text && x.access == CPU_ACC_WRITE,
	       "st8 to read-only text: access rights");
	cpu_set_gr(&c, 9, data, false);
	cpu_set_gr(&c, 10, 5, true);
	x = run_at(&c, "u_st", 100);
	tap_ok(is_fault(&x, CPU_FAULT_NAT_CONSUMPTION), "st8 of a NaT: NaT consumption");
	cpu_set_gr(&c, 10, 5, false);
	cpu_set_gr(&c, 9, 0x3000, true);
	x = run_at(&c, "u_ld", 100);
	tap_ok(is_fault(&x, CPU_FAULT_NAT_CONSUMPTION), "ld8 from a NaT address: NaT consumption");

	cpu_set_gr(&c, 9, 0x1000, false);
	x = run_at(&c, "u_ldspec", 100);
	bool nat = false;
	cpu_get_gr(&c, 8, &nat);
	tap_ok(x.kind == CPU_EXIT_BREAK && nat, "ld8.s from an unmapped page defers");

	cpu_set_gr(&c, 9, data + 4, false);
	x = run_at(&c, "u_sem", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ALIGNMENT), "an unaligned cmpxchg8 faults with psr.ac 0");

	x = run_at(&c, "u_frame", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP) && c.ip == sym("u_frame_bad") && c.slot == 0,
	       "a stacked register outside the frame: Illegal Operation");
	x = run_at(&c, "u_frame2", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP) && c.ip == sym("u_frame2") && c.slot == 2,
	       "alloc, then a register beyond the new frame in its bundle: Illegal Operation");
	x = run_at(&c, "u_frame3", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && cpu_get_gr(&c, 34, NULL) == 6,
	       "alloc, then registers of the new frame in its bundle");

	x = run_at(&c, "u_rnat", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP),
	       "mov r8=ar.rnat with ar.rsc.mode 3: Illegal Operation");
	c.ar[16] = 0xc; /* rsc: enforced lazy */
	x = run_at(&c, "u_rnat", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 6, "mov r8=ar.rnat with ar.rsc.mode 0");
	x = run_at(&c, "u_bspw", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP), "mov ar.bsp= (read-only): Illegal Operation");
	x = run_at(&c, "u_ar20", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP),
	       "a reserved application register: Illegal Operation");
	c.cfm.sof = 2;
	c.ar[16] = 0xc | 8 << 16;
	x = run_at(&c, "u_loadrs", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP), "loadrs with sof and rsc.loadrs both nonzero");
	c.cfm.sof = 0;
	c.ar[17] = c.ar[18] = GUEST_BSP_BASE + 0x100; /* bsp, bspstore */
	x = run_at(&c, "u_loadrs", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && c.ar[18] == c.ar[17] - 8,
	       "loadrs of 8 bytes: bspstore = bsp - 8");
	c.ar[16] = 0xf;
	x = run_at(&c, "u_loadrs", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP), "loadrs with rsc.mode 3: Illegal Operation");

	cpu_set_gr(&c, 9, 0x2000, false);
	x = run_at(&c, "u_brind", 100);
	tap_ok(is_fault(&x, CPU_FAULT_TLB_MISS) && x.access == CPU_ACC_EXEC && x.addr == 0x2000 &&
		   c.ip == 0x2000,
	       "a branch to an unmapped page: instruction TLB miss at the target");

	x = run_at(&c, "u_reserved", 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP) && c.ip == sym("u_reserved"),
	       "a reserved template: Illegal Operation");
	c.ip = sym("u_mlxslot2");
	c.slot = 2;
	x = cpu_run(&c, 100);
	tap_ok(is_fault(&x, CPU_FAULT_ILLEGAL_OP), "slot 2 of an MLX bundle: Illegal Operation");
	cpu_destroy(&c);
}

static void test_smc(void)
{
	struct cpu c;
	new_cpu(&c, false, false);
	struct cpu_exit x = run_at(&c, "u_smc", 100);
	bool ok1 = x.kind == CPU_EXIT_BREAK && x.imm == 4 && cpu_get_gr(&c, 8, NULL) == 1;
	uint64_t misses = c.dcache_misses;
	x = run_at(&c, "u_smc", 100);
	tap_ok(ok1 && c.dcache_misses == misses, "code runs from the decoded-bundle cache");
	memcpy(host_of(sym("u_smc")), host_of(sym("u_smc_alt")), 16);
	x = run_at(&c, "u_smc", 100);
	tap_ok(x.kind == CPU_EXIT_BREAK && cpu_get_gr(&c, 8, NULL) == 2,
	       "rewritten code runs as rewritten, without a flush");
	cpu_destroy(&c);

	/* the guest rewrites code it ran, then fc, sync.i, srlz.i */
	uint64_t va = sym("u_smc2");
	unsigned text = 0, acc = 0;
	for (unsigned i = 0; i < g.nr; i++)
		if (va - g.r[i].va < g.r[i].size)
			text = i, acc = g.r[i].access;
	uint8_t saved[16];
	memcpy(saved, host_of(sym("u_smc_tgt")), 16);
	g.r[text].access |= CPU_ACC_WRITE;
	new_cpu(&c, false, false);
	x = run_at(&c, "u_smc2", 1000);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == 5 && cpu_get_gr(&c, 9, NULL) == 1 &&
		   cpu_get_gr(&c, 8, NULL) == 2,
	       "code the guest rewrites and flushes runs as rewritten in the same run");
	cpu_destroy(&c);
	g.r[text].access = acc;
	memcpy(host_of(sym("u_smc_tgt")), saved, 16);
}

static void test_tlb(void)
{
	struct cpu c;
	new_cpu(&c, false, false);
	uint64_t sp = GUEST_STACK_TOP - 0x1000 - 8;
	uint8_t in[16], out[16];
	for (unsigned i = 0; i < 16; i++)
		in[i] = (uint8_t)(i * 17 + 1);
	tap_ok(cpu_write(&c, sp, in, 16) == CPU_FAULT_NONE &&
		   cpu_read(&c, sp, out, 16) == CPU_FAULT_NONE && !memcmp(in, out, 16) &&
		   !memcmp(host_of(sp + 8), in + 8, 8),
	       "cpu_write/cpu_read across a page boundary");
	tap_ok(cpu_read(&c, 0x5000, out, 1) == CPU_FAULT_TLB_MISS, "cpu_read of an unmapped page");
	tap_ok(cpu_write(&c, sym("u_budget"), in, 1) == CPU_FAULT_ACCESS_RIGHTS,
	       "cpu_write to read-only text");
	uint64_t r0 = g.refills;
	cpu_read(&c, sp, out, 8);
	uint64_t r1 = g.refills;
	cpu_tlb_flush(&c);
	cpu_read(&c, sp, out, 8);
	uint64_t r2 = g.refills;
	cpu_tlb_flush_page(&c, sp);
	cpu_read(&c, sp, out, 8);
	uint64_t r3 = g.refills;
	tap_ok(r1 == r0 && r2 == r1 + 1 && r3 == r2 + 1,
	       "a TLB hit needs no refill; flush and flush_page force one");
	bool nat = true;
	tap_ok(cpu_get_gr(&c, 40, &nat) == 0 && !nat, "a register outside the frame reads 0");
	cpu_destroy(&c);
}

struct thr {
	struct cpu_exit x;
	uint64_t iters;
	const char *label;
	uint64_t r9, r11;
};

static void *thread_main(void *arg)
{
	struct thr *t = arg;
	struct cpu c;
	new_cpu(&c, false, false);
	cpu_set_gr(&c, 9, t->r9, false);
	cpu_set_gr(&c, 11, t->r11, false);
	c.ar[65] = t->iters - 1; /* ar.lc */
	c.ip = sym(t->label);
	do
		t->x = cpu_run(&c, 1000);
	while (t->x.kind == CPU_EXIT_BUDGET);
	cpu_destroy(&c);
	return NULL;
}

static void test_threads(void)
{
	enum { NT = 4 };
	uint64_t data = sym("u_data");
	uint64_t *h = (uint64_t *)host_of(data);
	pthread_t tid[NT];
	struct thr t[NT];
	h[0] = h[1] = h[2] = 0;
	sym("u_fetchadd");
	sym("u_lock");
	for (int i = 0; i < NT; i++) {
		t[i] = (struct thr){.iters = 100000, .label = "u_fetchadd", .r9 = data};
		pthread_create(&tid[i], NULL, thread_main, &t[i]);
	}
	bool ok = true;
	for (int i = 0; i < NT; i++) {
		pthread_join(tid[i], NULL);
		ok &= t[i].x.kind == CPU_EXIT_BREAK && t[i].x.imm == 3;
	}
	tap_ok(ok && h[0] == NT * 100000ull, "fetchadd8 from %d threads: %llu", NT,
	       (unsigned long long)h[0]);
	for (int i = 0; i < NT; i++) {
		t[i] = (struct thr){
		    .iters = 20000, .label = "u_lock", .r9 = data + 8, .r11 = data + 16};
		pthread_create(&tid[i], NULL, thread_main, &t[i]);
	}
	ok = true;
	for (int i = 0; i < NT; i++) {
		pthread_join(tid[i], NULL);
		ok &= t[i].x.kind == CPU_EXIT_BREAK && t[i].x.imm == 3;
	}
	tap_ok(ok && h[2] == NT * 20000ull, "an xchg8 lock keeps %d threads' increments: %llu", NT,
	       (unsigned long long)h[2]);
}

int main(int argc, char **argv)
{
	char err[512];
	snprintf(elf, sizeof(elf), "%s/unit.elf",
		 argc > 1		     ? argv[1]
		 : getenv("LOL_CPU_ASM_DIR") ? getenv("LOL_CPU_ASM_DIR")
					     : ASM_DIR);
	if (guest_load(&g, elf, err, sizeof(err)) < 0) {
		tap_skip("no unit.elf (ia64-linux-gnu-as missing?)");
		return tap_done();
	}
	test_budget();
	test_chain();
	test_fuse("u_fuse");
	test_fuse("u_fusex");
	test_breaks();
	test_priv();
	test_psr_mirror();
	test_faults();
	test_smc();
	test_tlb();
	test_threads();
	guest_free(&g);
	return tap_done();
}
