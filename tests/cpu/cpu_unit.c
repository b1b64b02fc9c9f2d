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

/* The block compiler off (config.no_jit) in the cpus new_cpu makes, and
 * the runs of a block before it is compiled (config.jit_hot; 0: the
 * default). */
static bool no_jit;
static unsigned jit_hot = 1;

static void new_cpu(struct cpu *cpu, bool priv, bool sens)
{
	struct cpu_config cfg = {.stacked_regs = 96,
				 .exit_on_priv = priv,
				 .exit_on_sensitive = sens,
				 .no_jit = no_jit,
				 .jit_hot = jit_hot};
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

/* "handlers" or "compiled": the runs' cpus with the block compiler off or on. */
static const char *jit_mode(void)
{
	return no_jit ? "handlers" : "compiled";
}

/* Whether the block compiler compiles here: on x86-64 Linux hosts, unless
 * no_jit or LOL_NO_JIT turn it off. */
static bool jit_expected(void)
{
#if defined(__x86_64__) && defined(__linux__)
	return !no_jit && !getenv("LOL_NO_JIT");
#else
	return false;
#endif
}

/* n slots compiled in the runs of what: some where the compiler is on,
 * none where it is off; a host without it skips. */
static void jit_compiled(uint64_t n, const char *what)
{
	if (no_jit)
		tap_ok(n == 0, "%s (handlers): nothing compiled with no_jit (%llu slots)", what,
		       (unsigned long long)n);
	else if (jit_expected())
		tap_ok(n > 0, "%s (compiled): the block compiler compiled %llu slots", what,
		       (unsigned long long)n);
	else
		tap_skip("no block compiler on this host (or LOL_NO_JIT)");
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
	uint64_t j0 = cpu_jit_slots;
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
	       "linked blocks stop where single steps do (%s): %u runs to %u instructions, %u "
	       "differ (sum %#llx)",
	       jit_mode(), runs, n, bad, (unsigned long long)cpu_get_gr(&s, 8, NULL));
	jit_compiled(cpu_jit_slots - j0, "u_chain");
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
	uint64_t compiled = ~0ull; /* fewest slots compiled for one whole run's cpu */
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
		uint64_t f0 = cpu_fused_pairs, j0 = cpu_jit_slots;
		fuse_setup(&a, at, v, nat, pr);
		struct cpu_exit xa = cpu_run(&a, 100000);
		if (cpu_fused_pairs - f0 < fused)
			fused = cpu_fused_pairs - f0;
		if (cpu_jit_slots - j0 < compiled)
			compiled = cpu_jit_slots - j0;
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
	       "%s (%s): fused pairs run as single slots do: %u runs (%u with NaTs), %u differ, "
	       "%llu pairs fused in a whole run",
	       at, jit_mode(), runs, nats, bad, (unsigned long long)fused);
	jit_compiled(compiled, at);
}

/* The block compiler (jit.h) against the handlers: each u_jit* snippet run
 * from random registers (equal pairs, small values, NaTs on static and
 * stacked ones), predicates, frames (rrb.gr, rrb.pr), psr.ac, memory and
 * soft-TLB contents, and for the memory snippets bases on mapped, unmapped,
 * read-only and unaligned addresses and on pages that share a soft-TLB set,
 * five ways: whole on a cpu that has compiled the snippet's blocks (it ran
 * it before, clean, with jit_hot 1), whole on a fresh cpu with the
 * compiler off, one instruction per cpu_run on the compiled cpu (single
 * steps never run compiled code), on the compiled cpu stopped by a random
 * budget, then finished, and whole on a fresh cpu with jit_hot 2 (the
 * loops' blocks compiled between two rounds, inside the chain).  All must
 * leave the same registers (static, stacked as the frame names them and the
 * whole physical file, with NaTs), predicates, frame, ar.lc/ec, ip/slot,
 * instruction count, exit, ALAT entries and memory. */
#define JIT_DATA 0x6000000001000000ull	/* 3 pages read/write */
#define JIT_OTHER (JIT_DATA + 0x100000) /* 3 pages read/write, the same TLB sets */
#define JIT_RO (JIT_DATA + 0x200000)	/* 3 pages read-only, the same TLB sets */
#define JIT_UNMAPPED (JIT_DATA + 0x300000)
#define JIT_PAGES 3
#define JIT_BYTES (JIT_PAGES * 4096)

static uint8_t *jit_host[3]; /* host memory of JIT_DATA, JIT_OTHER, JIT_RO */
static const uint64_t jit_va[3] = {JIT_DATA, JIT_OTHER, JIT_RO};

enum { JS_ALU, JS_MEM, JS_ALAT, JS_LOOP, JS_FP };

struct jit_snip {
	const char *at;
	unsigned kind;
	unsigned sof, sor; /* the frame the test sets (0: none) */
	/* J0-J17 (JS_ALU), B0 and B1 (JS_MEM), as unit.S defines them; JS_LOOP:
	 * r8 (rounds), r9, r10 (addresses), whether r8's high half is free */
	uint8_t j[18];
};

static const struct jit_snip jit_snips[] = {
    {"u_jit_alu", JS_ALU, 0, 0,
     {14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}},
    {"u_jit_alux", JS_ALU, 64, 48,
     {32, 37, 41, 46, 50, 55, 59, 63, 64, 68, 72, 77, 79, 80, 85, 88, 91, 95}},
    {"u_jit_rot", JS_ALU, 64, 48,
     {32, 37, 41, 46, 50, 55, 59, 63, 64, 68, 72, 77, 79, 80, 85, 88, 91, 95}},
    {"u_jit_alum", JS_ALU, 64, 48,
     {14, 33, 15, 47, 16, 60, 17, 79, 18, 82, 19, 95, 20, 40, 21, 70, 22, 88}},
    {"u_jit_mem", JS_MEM, 0, 0, {8, 9}},
    {"u_jit_memx", JS_MEM, 64, 48, {40, 82}},
    {"u_jit_memrot", JS_MEM, 64, 48, {84, 82}},
    {"u_jit_alat", JS_ALAT, 0, 0, {0}},
    {"u_jit_loop", JS_LOOP, 0, 0, {8, 9, 10, 0}},
    {"u_jit_loopc", JS_LOOP, 0, 0, {8, 9, 10, 1}},
    {"u_jit_loopx", JS_LOOP, 64, 48, {8, 9, 10, 0}},
    {"u_jit_fp", JS_FP, 0, 0, {0}},
};

/* The starting state of one case. */
struct jit_state {
	uint64_t v[128]; /* r1-r31 and the frame's stacked registers */
	bool nat[128];
	uint64_t phys[96]; /* the physical stacked file first */
	uint8_t phys_nat[96];
	uint64_t pr;
	struct cpu_cfm cfm;
	struct fp82 fr[128]; /* f2-f127 */
	bool ac;	     /* psr.ac: unaligned data references fault */
	unsigned dfx;	     /* psr.dfl (1), psr.dfh (2) */
	/* pages read through the cpu before it runs, in this order: the soft
	 * TLB starts with them (of pages in one set, the last one read) */
	uint64_t warm[3 * JIT_PAGES];
	unsigned nwarm;
	uint8_t mem[3][JIT_BYTES];
};

/* What a run leaves. */
struct jit_out {
	struct cpu_exit x;
	uint64_t ip, insns, pr, cfm, lc, ec, psr;
	unsigned slot;
	uint64_t gr[128];
	bool nat[128];
	struct fp82 fr[128];
	uint64_t stacked[96];
	uint8_t stacked_nat[96];
	struct cpu_alat_entry alat[CPU_ALAT_SIZE];
	uint8_t mem[3][JIT_BYTES];
};

static void jit_map(void)
{
	if (jit_host[0])
		return;
	for (unsigned i = 0; i < 3; i++) {
		jit_host[i] = guest_map(&g, jit_va[i], JIT_BYTES,
					i == 2 ? CPU_ACC_READ : CPU_ACC_READ | CPU_ACC_WRITE);
		if (!jit_host[i]) {
			fprintf(stderr, "cannot map the compiler test's memory\n");
			exit(1);
		}
	}
}

/* A register value: random, one of the edges, small, or near an earlier
 * register's (equal, equal in the low 32 bits, off by one). */
static uint64_t jit_value(const uint64_t *prev, unsigned nprev)
{
	static const uint64_t special[] = {0,
					   ~0ull,
					   1,
					   0x80000000ull,
					   0x7fffffffull,
					   0xffffffffull,
					   0x100000000ull,
					   0x8000000000000000ull,
					   0x7fffffffffffffffull,
					   0xffffffff80000000ull,
					   0xffffffff7fffffffull,
					   0x80000000ffffffffull};
	uint64_t p = nprev ? prev[rnd() % nprev] : 0;
	switch (rnd() % 10) {
	case 0:
		return special[rnd() % (sizeof(special) / sizeof(special[0]))];
	case 1:
		return (uint64_t)(int64_t)(int)(rnd() % 9) - 4; /* -4..4 */
	case 2:
		return p;
	case 3:
		return p ^ (rnd() << 32 | 1ull << 32);
	case 4:
		return p + (rnd() & 1 ? 1 : ~0ull);
	default:
		return rnd();
	}
}

/* An address for a base register of the memory snippets: mostly one the
 * snippet can run through (clean: always), else one it faults on sooner or
 * later. */
static uint64_t jit_addr(bool clean)
{
	unsigned k = clean ? 0 : (unsigned)(rnd() % 100);
	uint64_t off8 = 8 * (rnd() % 512);
	if (k < 60)
		return JIT_DATA + 4096 + off8; /* the middle page, aligned */
	if (k < 68)
		return JIT_DATA + off8; /* the first page (the page below it: a miss) */
	if (k < 80)
		return JIT_OTHER + 4096 + off8; /* the same TLB sets as JIT_DATA */
	if (k < 85)
		return JIT_DATA + 4096 + rnd() % 4096; /* any alignment */
	if (k < 89)
		return JIT_DATA + 8192 - 1 - rnd() % 8; /* across a page end */
	if (k < 94)
		return JIT_RO + 4096 + off8; /* stores: access rights */
	if (k < 98)
		return JIT_UNMAPPED + off8; /* TLB miss */
	return rnd() % 64;		    /* page 0: TLB miss */
}

/* Case k's state; clean: one that runs to the snippet's end (no NaTs,
 * psr.ac 0, good addresses), for making the blocks hot. */
static void jit_state_new(struct jit_state *s, const struct jit_snip *sn, unsigned k, bool clean)
{
	memset(s, 0, sizeof(*s));
	s->cfm.sof = (uint8_t)sn->sof;
	s->cfm.sol = (uint8_t)sn->sof;
	s->cfm.sor = (uint8_t)sn->sor;
	if (sn->sor) {
		s->cfm.rrb_gr = (uint8_t)(k % 4 ? 1 + rnd() % (sn->sor - 1) : 0);
		s->cfm.rrb_pr = (uint8_t)(k % 4 ? 1 + rnd() % 47 : 0);
	} else {
		s->cfm.rrb_pr = (uint8_t)(k % 2 ? rnd() % 48 : 0);
	}
	uint64_t prev[128];
	unsigned np = 0;
	for (unsigned r = 1; r < 128; r++) {
		s->v[r] = jit_value(prev, np);
		prev[np++] = s->v[r];
	}
	for (unsigned i = 0; i < 96; i++) {
		s->phys[i] = rnd();
		s->phys_nat[i] = !clean && k % 4 == 3 && rnd() % 16 == 0;
	}
	/* the ALU snippets' operand pairs (Jn, Jn+1) and (Jn, Jn+2): often equal or close */
	if (sn->kind == JS_ALU)
		for (unsigned i = 0; i + 1 < 18; i++)
			if (rnd() % 3 == 0)
				s->v[sn->j[i + 1 + rnd() % 2 * (i + 2 < 18)]] =
				    jit_value(&s->v[sn->j[i]], 1);
	/* NaTs: none in half the cases, else on one register or a few: any,
	 * one the snippet names, or r4-r7 (only written) */
	unsigned nk = clean ? 0 : k % 4, nr = sn->sof ? 31 + sn->sof : 31;
	for (unsigned i = 0; i < (nk == 2 ? 1u : nk == 3 ? 4u : 0u); i++) {
		unsigned pick = (unsigned)(rnd() % 3), nj = sn->kind == JS_ALU ? 18 : 2;
		unsigned r = pick == 0 ? 4 + (unsigned)(rnd() % 4)
			     : pick == 1 && sn->j[0] ? sn->j[rnd() % nj]
						     : 1 + (unsigned)(rnd() % nr);
		s->nat[r] = true;
	}
	s->pr = rnd() | 1;
	s->ac = !clean && rnd() % 6 == 0;
	if (sn->kind == JS_MEM) {
		for (unsigned i = 0; i < 2; i++) {
			s->v[sn->j[i]] = jit_addr(clean);
			s->nat[sn->j[i]] = !clean && rnd() % 16 == 0;
		}
	} else if (sn->kind == JS_LOOP) {
		uint64_t rounds = clean || rnd() % 4 ? rnd() % 40 : 200 + rnd() % 300;
		s->v[8] = rounds | (sn->j[3] ? rnd() << 32 : 0);
		s->v[9] = jit_addr(clean);
		s->v[10] = jit_addr(clean);
		for (unsigned r = 8; r < 11; r++)
			s->nat[r] = !clean && rnd() % 16 == 0;
	} else if (sn->kind == JS_FP) {
		s->dfx = clean || rnd() % 4 ? 0 : 1 + (unsigned)(rnd() % 3);
	} else if (sn->kind == JS_ALAT) {
		/* r8: the ld8.a, r10: the ld4.a; r9, r11: stores beside them */
		static const int64_t near[] = {0,  0,   4,   -4,   8,     -8,   1, 7, 16,
					       -16, 32, 512, 1024, -1024, 2048, 3, 12};
		unsigned nn = sizeof(near) / sizeof(near[0]);
		uint64_t a = JIT_DATA + 4096 + 8 * (rnd() % 500);
		uint64_t b = JIT_DATA + 4096 + 4 * (rnd() % 1000);
		s->v[8] = a;
		s->v[10] = rnd() % 3 ? b : a + 4 * (rnd() % 4);
		s->v[9] = (rnd() % 4 ? a : s->v[10]) + (uint64_t)near[rnd() % nn];
		s->v[11] = (rnd() % 4 ? s->v[10] : a) + (uint64_t)near[rnd() % nn];
		if (clean)
			s->v[9] &= ~7ull, s->v[11] &= ~7ull;
		for (unsigned r = 8; r < 12; r++)
			s->nat[r] = !clean && rnd() % 16 == 0;
		s->ac = !clean && rnd() % 8 == 0;
	}
	for (unsigned i = 2; i < 128; i++) {
		/* integers (as setf.sig makes them), NaTVal, anything */
		static const uint32_t exps[] = {0x1003e, 0x1003e, 0x1fffe, 0xffff, 0, 0x1ffff};
		s->fr[i].sig = rnd();
		s->fr[i].exp = exps[rnd() % 6];
		s->fr[i].sign = (uint32_t)(rnd() % 2);
		if (rnd() % 16 == 0)
			s->fr[i] = (struct fp82){.sig = 0, .exp = 0x1fffe, .sign = 0};
	}
	for (unsigned i = 0; i < 3; i++)
		for (unsigned b = 0; b < JIT_BYTES; b++)
			s->mem[i][b] = (uint8_t)rnd();
	/* two cases in three start with some pages in the soft TLB */
	if (k % 3)
		for (unsigned i = rnd() % (3 * JIT_PAGES); i < 3 * JIT_PAGES; i++)
			s->warm[s->nwarm++] =
			    jit_va[rnd() % 3] + 4096 * (rnd() % JIT_PAGES) + rnd() % 4096;
}

/* Give cpu c (fresh, or one that ran before) state s, at the snippet. */
static void jit_load(struct cpu *c, const struct jit_snip *sn, const struct jit_state *s)
{
	c->cfm = s->cfm;
	memcpy(c->stacked, s->phys, sizeof(s->phys));
	memcpy(c->stacked_nat, s->phys_nat, sizeof(s->phys_nat));
	for (unsigned r = 1; r < 128; r++)
		cpu_set_gr(c, r, s->v[r], s->nat[r]);
	c->pr = s->pr;
	for (unsigned i = 2; i < 128; i++)
		c->fr[i] = s->fr[i];
	c->psr &= ~(PSR_AC | PSR_MFL | PSR_MFH | 3ull << 18);
	c->psr |= (s->ac ? PSR_AC : 0) | (uint64_t)s->dfx << 18;
	c->ar[65] = c->ar[66] = 0; /* ar.lc, ar.ec */
	c->insns = 0;
	cpu_sys_invala(c);
	cpu_tlb_flush(c);
	for (unsigned i = 0; i < 3; i++)
		memcpy(jit_host[i], s->mem[i], JIT_BYTES);
	for (unsigned i = 0; i < s->nwarm; i++) {
		uint8_t byte;
		if (cpu_read(c, s->warm[i], &byte, 1) != CPU_FAULT_NONE)
			abort();
	}
	c->ip = sym(sn->at);
	c->slot = 0;
}

static void jit_result(struct cpu *c, const struct cpu_exit *x, struct jit_out *o)
{
	memset(o, 0, sizeof(*o));
	o->x = *x;
	o->ip = c->ip;
	o->slot = c->slot;
	o->insns = c->insns;
	o->pr = c->pr;
	o->cfm = cpu_sys_cfm(c);
	o->lc = c->ar[65];
	o->ec = c->ar[66];
	o->psr = c->psr;
	for (unsigned r = 0; r < 128; r++)
		o->gr[r] = cpu_get_gr(c, r, &o->nat[r]);
	memcpy(o->fr, c->fr, sizeof(o->fr));
	memcpy(o->stacked, c->stacked, sizeof(o->stacked));
	memcpy(o->stacked_nat, c->stacked_nat, sizeof(o->stacked_nat));
	for (unsigned i = 0; i < CPU_ALAT_SIZE; i++)
		if (c->alat[i].valid)
			o->alat[i] = c->alat[i];
	for (unsigned i = 0; i < 3; i++)
		memcpy(o->mem[i], jit_host[i], JIT_BYTES);
}

/* "" when a and b agree, else what differs first. */
static const char *jit_diff(const struct jit_out *a, const struct jit_out *b, char *buf,
			    size_t len)
{
	const struct cpu_exit *x = &a->x, *y = &b->x;
	if (x->kind != y->kind || x->fault != y->fault || x->imm != y->imm ||
	    (x->kind == CPU_EXIT_FAULT && (x->addr != y->addr || x->access != y->access)) ||
	    x->insn.opc != y->insn.opc) {
		snprintf(buf, len, "exit %d/%d fault %d/%d addr %#llx/%#llx imm %#llx/%#llx",
			 x->kind, y->kind, x->fault, y->fault, (unsigned long long)x->addr,
			 (unsigned long long)y->addr, (unsigned long long)x->imm,
			 (unsigned long long)y->imm);
		return buf;
	}
	if (a->ip != b->ip || a->slot != b->slot || a->insns != b->insns) {
		snprintf(buf, len, "ip %#llx.%u/%#llx.%u insns %llu/%llu", (unsigned long long)a->ip,
			 a->slot, (unsigned long long)b->ip, b->slot, (unsigned long long)a->insns,
			 (unsigned long long)b->insns);
		return buf;
	}
	if (a->pr != b->pr || a->cfm != b->cfm || a->lc != b->lc || a->ec != b->ec ||
	    a->psr != b->psr) {
		snprintf(buf, len,
			 "pr %#llx/%#llx cfm %#llx/%#llx lc %llu/%llu ec %llu/%llu psr %#llx/%#llx",
			 (unsigned long long)a->pr, (unsigned long long)b->pr,
			 (unsigned long long)a->cfm, (unsigned long long)b->cfm,
			 (unsigned long long)a->lc, (unsigned long long)b->lc,
			 (unsigned long long)a->ec, (unsigned long long)b->ec,
			 (unsigned long long)a->psr, (unsigned long long)b->psr);
		return buf;
	}
	for (unsigned r = 0; r < 128; r++) {
		if (a->gr[r] != b->gr[r] || a->nat[r] != b->nat[r]) {
			snprintf(buf, len, "r%u %#llx%s/%#llx%s", r, (unsigned long long)a->gr[r],
				 a->nat[r] ? " NaT" : "", (unsigned long long)b->gr[r],
				 b->nat[r] ? " NaT" : "");
			return buf;
		}
	}
	for (unsigned i = 0; i < 128; i++) {
		const struct fp82 *p = &a->fr[i], *q = &b->fr[i];
		if (p->sig != q->sig || p->exp != q->exp || p->sign != q->sign) {
			snprintf(buf, len, "f%u %#llx/%#x/%u vs %#llx/%#x/%u", i,
				 (unsigned long long)p->sig, p->exp, p->sign,
				 (unsigned long long)q->sig, q->exp, q->sign);
			return buf;
		}
	}
	for (unsigned i = 0; i < 96; i++) {
		if (a->stacked[i] != b->stacked[i] || a->stacked_nat[i] != b->stacked_nat[i]) {
			snprintf(buf, len, "physical stacked %u %#llx%s/%#llx%s", i,
				 (unsigned long long)a->stacked[i], a->stacked_nat[i] ? " NaT" : "",
				 (unsigned long long)b->stacked[i], b->stacked_nat[i] ? " NaT" : "");
			return buf;
		}
	}
	for (unsigned i = 0; i < CPU_ALAT_SIZE; i++) {
		const struct cpu_alat_entry *p = &a->alat[i], *q = &b->alat[i];
		if (p->valid != q->valid || p->addr != q->addr || p->reg != q->reg ||
		    p->size != q->size || p->fp != q->fp) {
			snprintf(buf, len, "ALAT entry %u: valid %u/%u addr %#llx/%#llx", i, p->valid,
				 q->valid, (unsigned long long)p->addr, (unsigned long long)q->addr);
			return buf;
		}
	}
	for (unsigned i = 0; i < 3; i++) {
		for (unsigned k = 0; k < JIT_BYTES; k++) {
			if (a->mem[i][k] != b->mem[i][k]) {
				snprintf(buf, len, "memory %#llx %#x/%#x",
					 (unsigned long long)(jit_va[i] + k), a->mem[i][k],
					 b->mem[i][k]);
				return buf;
			}
		}
	}
	return "";
}

/* One snippet: a cpu made to compile it, then cases; the TAP lines. */
static void test_jit_snip(const struct jit_snip *sn, unsigned cases)
{
	static struct jit_state s;
	static struct jit_out w, h, o, b, t, om, bm;
	unsigned bad = 0, nats = 0, warm_bad = 0, faults[CPU_FAULT_DISABLED_FP + 1] = {0};
	unsigned kept = 0, lost = 0; /* JS_ALAT: ld8.c found its entry; chk.a did not */
	uint64_t insns = 0;
	struct cpu jc, c;
	struct cpu_exit x;

	/* the cpu with the compiler on, its blocks compiled on a clean run */
	uint64_t j0 = cpu_jit_slots;
	new_cpu(&jc, false, false);
	for (unsigned i = 0; i < 2; i++) {
		jit_state_new(&s, sn, i, true);
		jit_load(&jc, sn, &s);
		x = cpu_run(&jc, 100000);
		warm_bad += x.kind != CPU_EXIT_BREAK || x.imm != 0x77;
	}
	uint64_t compiled = cpu_jit_slots - j0;

	for (unsigned k = 0; k < cases; k++) {
		jit_state_new(&s, sn, k, false);
		/* whole, compiled */
		jit_load(&jc, sn, &s);
		x = cpu_run(&jc, 100000);
		jit_result(&jc, &x, &w);
		uint64_t n = jc.insns;
		insns += n;
		if (x.kind == CPU_EXIT_FAULT && x.fault <= CPU_FAULT_DISABLED_FP)
			faults[x.fault]++;
		if (sn->kind == JS_ALAT && x.kind == CPU_EXIT_BREAK) {
			kept += w.gr[20] == 5;
			lost += w.gr[27] == 2;
		}
		/* whole, handlers: a fresh cpu with the compiler off */
		no_jit = true;
		new_cpu(&c, false, false);
		no_jit = false;
		jit_load(&c, sn, &s);
		x = cpu_run(&c, 100000);
		jit_result(&c, &x, &h);
		cpu_destroy(&c);
		/* one instruction per run; om: where it is after budget of them */
		uint64_t budget = 1 + rnd() % (n ? n : 1);
		jit_load(&jc, sn, &s);
		x = (struct cpu_exit){.kind = CPU_EXIT_BUDGET};
		bool mid = false;
		for (unsigned i = 0; i < 20000 && x.kind == CPU_EXIT_BUDGET; i++) {
			if (!mid && jc.insns == budget) {
				jit_result(&jc, &x, &om);
				mid = true;
			}
			x = cpu_run(&jc, 1);
		}
		if (!mid)
			jit_result(&jc, &x, &om);
		jit_result(&jc, &x, &o);
		/* budget instructions (bm: where they stop), then the rest */
		jit_load(&jc, sn, &s);
		x = cpu_run(&jc, budget);
		jit_result(&jc, &x, &bm);
		if (x.kind == CPU_EXIT_BUDGET)
			x = cpu_run(&jc, 100000);
		jit_result(&jc, &x, &b);
		/* compiled when hot: on the second run of a block */
		jit_hot = 2;
		new_cpu(&c, false, false);
		jit_hot = 1;
		jit_load(&c, sn, &s);
		x = cpu_run(&c, 100000);
		jit_result(&c, &x, &t);
		cpu_destroy(&c);

		char buf[5][160];
		const char *d[5] = {jit_diff(&w, &h, buf[0], sizeof(buf[0])),
				    jit_diff(&w, &o, buf[1], sizeof(buf[1])),
				    jit_diff(&w, &b, buf[2], sizeof(buf[2])),
				    jit_diff(&w, &t, buf[3], sizeof(buf[3])),
				    jit_diff(&om, &bm, buf[4], sizeof(buf[4]))};
		bool ok = w.x.kind != CPU_EXIT_BUDGET && (w.x.kind != CPU_EXIT_BREAK || w.x.imm == 0x77);
		for (unsigned i = 0; i < 5; i++)
			ok &= !*d[i];
		bool anynat = false;
		for (unsigned r = 0; r < 128; r++)
			anynat |= s.nat[r];
		for (unsigned i = 0; i < 96; i++)
			anynat |= s.phys_nat[i];
		nats += anynat;
		if (!ok && bad < 4) {
			static const char *const vs[5] = {
			    "compiled vs handlers", "compiled vs single steps",
			    "compiled vs budget split", "compiled vs compiled when hot",
			    "single steps vs a budget's stop"};
			for (unsigned i = 0; i < 5; i++)
				if (*d[i])
					printf("# %s case %u: %s: %s (exit %d at %#llx.%u)\n", sn->at,
					       k, vs[i], d[i], w.x.kind, (unsigned long long)w.ip,
					       w.slot);
		}
		bad += !ok;
	}
	cpu_destroy(&jc);
	tap_ok(bad == 0 && warm_bad == 0,
	       "%s: compiled runs as the handlers, single steps, budget splits do: %u cases "
	       "(%u with NaTs; faults: %u TLB miss, %u access rights, %u alignment, %u NaT, "
	       "%u disabled FP), %llu instructions, %u differ",
	       sn->at, cases, nats, faults[CPU_FAULT_TLB_MISS], faults[CPU_FAULT_ACCESS_RIGHTS],
	       faults[CPU_FAULT_ALIGNMENT], faults[CPU_FAULT_NAT_CONSUMPTION],
	       faults[CPU_FAULT_DISABLED_FP], (unsigned long long)insns, bad);
	if (sn->kind == JS_ALAT)
		tap_ok(kept > 2 && lost > 2 && bad == 0,
		       "%s: stores beside advanced loads: %u kept the ld8.a's entry, %u lost the "
		       "other's",
		       sn->at, kept, lost);
	if (jit_expected())
		tap_ok(compiled >= 2, "%s: the block compiler compiled %llu slots of it", sn->at,
		       (unsigned long long)compiled);
	else
		tap_skip("no block compiler on this host (or LOL_NO_JIT)");
}

static void test_jit(void)
{
	jit_map();
	for (size_t i = 0; i < sizeof(jit_snips) / sizeof(jit_snips[0]); i++)
		test_jit_snip(&jit_snips[i], 48);
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
	/* linked blocks and fused pairs with the block compiler off, then on:
	 * u_chain's blocks compiled when they are hot, in the middle of its
	 * loop (the default), the fused pairs' on their first run */
	for (int on = 0; on < 2; on++) {
		no_jit = !on;
		jit_hot = 0;
		test_chain();
		jit_hot = 1;
		test_fuse("u_fuse");
		test_fuse("u_fusex");
	}
	no_jit = false;
	test_jit();
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
