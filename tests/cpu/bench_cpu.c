// SPDX-License-Identifier: GPL-2.0
/*
 * Interpreter speed on integer code: the kernels of tests/cpu/bench_int.S
 * against the same algorithms compiled for the host.  Prints, per kernel,
 * guest instructions, million guest instructions per second, and the time
 * ratio interpreted / native (the goal: within 15x), in process CPU time,
 * best of three.  Never pass/fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guest.h"

#ifndef ASM_DIR
#define ASM_DIR "build/tests/cpu"
#endif

static char elf[512];
static struct guest g;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- native versions ----------------------------------------------------------------------- */

static __attribute__((noinline)) uint64_t n_sieve(uint8_t *f, uint64_t n, uint64_t sq)
{
	for (uint64_t i = 0; i < n; i++)
		f[i] = 1;
	for (uint64_t i = 2; i < sq; i++)
		if (f[i])
			for (uint64_t j = i + i; j < n; j += i)
				f[j] = 0;
	uint64_t c = 0;
	for (uint64_t i = 2; i < n; i++)
		c += f[i];
	return c;
}

static __attribute__((noinline)) uint64_t n_fib(uint64_t n)
{
	return n < 2 ? n : n_fib(n - 1) + n_fib(n - 2);
}

static __attribute__((noinline)) uint64_t n_xorshift(uint64_t x, uint64_t n)
{
	uint64_t s = 0;
	for (uint64_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		s += x;
	}
	return s;
}

static __attribute__((noinline)) uint64_t n_copy(const uint64_t *a, uint64_t *b, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		b[i] = a[i];
	__asm__ volatile("" ::: "memory");
	uint64_t s = 0;
	for (uint64_t i = 0; i < n; i++)
		s += b[i];
	return s;
}

struct node {
	uint64_t next, value;
};

static __attribute__((noinline)) uint64_t n_list(const struct node *head, uint64_t rounds,
						 const struct node *base, uint64_t base_va)
{
	uint64_t s = 0;
	for (uint64_t r = 0; r < rounds; r++) {
		uint64_t p = (uint64_t)(head - base) * sizeof(struct node) + base_va;
		while (p) {
			const struct node *q = base + (p - base_va) / sizeof(struct node);
			s += q->value;
			p = q->next;
		}
	}
	return s;
}

/* ---- the interpreter side ------------------------------------------------------------------- */

static uint64_t sym(const char *name)
{
	return guest_symbol(elf, name);
}

struct result {
	double t;
	uint64_t insns, r8;
};

static struct result run1(const char *label, const uint64_t regs[][2], unsigned nregs)
{
	struct cpu c;
	struct cpu_config cfg = {.stacked_regs = 96};
	struct result res = {0};
	if (cpu_init(&c, &cfg, &g.ops, &g) < 0)
		return res;
	guest_start(&g, &c);
	for (unsigned i = 0; i < nregs; i++) {
		/* a stacked register: make the entry frame that large */
		if (regs[i][0] >= 32 && regs[i][0] - 31 > c.cfm.sof)
			c.cfm.sof = (uint8_t)(regs[i][0] - 31);
		cpu_set_gr(&c, (unsigned)regs[i][0], regs[i][1], false);
	}
	c.ip = sym(label);
	double t0 = now();
	struct cpu_exit x;
	do
		x = cpu_run(&c, 1u << 30);
	while (x.kind == CPU_EXIT_BUDGET);
	res.t = now() - t0;
	res.insns = c.insns;
	res.r8 = cpu_get_gr(&c, 8, NULL);
	if (x.kind != CPU_EXIT_BREAK || x.imm != 1)
		printf("# %s: unexpected exit %d fault %d\n", label, x.kind, x.fault);
	cpu_destroy(&c);
	return res;
}

/* Best of three: the machine may be busy. */
static struct result run(const char *label, const uint64_t regs[][2], unsigned nregs)
{
	struct result best = run1(label, regs, nregs);
	for (int i = 0; i < 2; i++) {
		struct result r = run1(label, regs, nregs);
		if (r.t < best.t)
			best = r;
	}
	return best;
}

/* Hide a value from the optimizer, so repeated native runs are not folded. */
static inline uint64_t opaque(uint64_t x)
{
	__asm__ volatile("" : "+r"(x));
	return x;
}

static volatile uint64_t sink;

#define NATIVE(tn, v, expr)                                                                        \
	do {                                                                                       \
		tn = 1e9;                                                                          \
		for (int i_ = 0; i_ < 3; i_++) {                                                   \
			double t0_ = now();                                                        \
			v = (expr);                                                                \
			sink = v;                                                                  \
			double t_ = now() - t0_;                                                   \
			if (t_ < tn)                                                               \
				tn = t_;                                                           \
		}                                                                                  \
	} while (0)

static void report(const char *name, struct result r, double tn, uint64_t native_r8)
{
	printf("%-10s %12llu insns %8.1f Minsn/s  interp %8.3f s  native %8.4f s  ratio %6.1fx%s\n",
	       name, (unsigned long long)r.insns, (double)r.insns / r.t * 1e-6, r.t, tn, r.t / tn,
	       r.r8 == native_r8 ? "" : "  (RESULT DIFFERS)");
}

int main(int argc, char **argv)
{
	char err[512];
	snprintf(elf, sizeof(elf), "%s/bench_int.elf",
		 argc > 1		     ? argv[1]
		 : getenv("LOL_CPU_ASM_DIR") ? getenv("LOL_CPU_ASM_DIR")
					     : ASM_DIR);
	if (guest_load(&g, elf, err, sizeof(err)) < 0) {
		printf("bench_cpu: %s (skipped)\n", err);
		return 0;
	}
	const uint64_t heap = 0x2000000000000000ull;
	const uint64_t heap_size = 64u << 20;
	uint8_t *h = guest_map(&g, heap, heap_size, CPU_ACC_READ | CPU_ACC_WRITE);
	if (!h) {
		printf("bench_cpu: no memory\n");
		return 1;
	}
	printf("# interpreter vs native, integer kernels\n");
	/* LOL_BENCH=name runs one kernel only (for profiling) */
	const char *only = getenv("LOL_BENCH");
#define WANT(name) (!only || strcmp(only, name) == 0)

	/* sieve */
	if (WANT("sieve")) {
		const uint64_t n = 4000000, sq = 2000;
		uint64_t regs[][2] = {{9, heap}, {10, n}, {11, sq}};
		struct result r = run("b_sieve", regs, 3);
		uint8_t *f = malloc(n);
		double tn;
		uint64_t v;
		NATIVE(tn, v, n_sieve(f, opaque(n), sq));
		free(f);
		report("sieve", r, tn, v);
	}
	/* fib */
	if (WANT("fib")) {
		uint64_t regs[][2] = {{32, 30}};
		struct result r = run("b_fib", regs, 1);
		double tn;
		uint64_t v;
		NATIVE(tn, v, n_fib(opaque(30)));
		report("fib", r, tn, v);
	}
	/* xorshift */
	if (WANT("xorshift")) {
		const uint64_t n = 20000000;
		uint64_t regs[][2] = {{8, 88172645463325252ull}, {10, n}};
		struct result r = run("b_xorshift", regs, 2);
		double tn;
		uint64_t v;
		NATIVE(tn, v, n_xorshift(opaque(88172645463325252ull), n));
		report("xorshift", r, tn, v);
	}
	/* copy */
	if (WANT("copy")) {
		const uint64_t n = 2000000;
		uint64_t *a = (uint64_t *)h, *b = malloc(n * 8);
		for (uint64_t i = 0; i < n; i++)
			a[i] = i * 2654435761u;
		uint64_t regs[][2] = {{9, heap}, {10, n}, {11, heap + n * 8}};
		struct result r = run("b_copy", regs, 3);
		double tn;
		uint64_t v;
		NATIVE(tn, v, n_copy(a, b, opaque(n)));
		free(b);
		report("copy", r, tn, v);
	}
	/* list: 4096 nodes in a scattered order, 500 rounds */
	if (WANT("list")) {
		const uint64_t nn = 4096, rounds = 500;
		struct node *base = (struct node *)h;
		uint64_t *perm = malloc(nn * 8);
		for (uint64_t i = 0; i < nn; i++)
			perm[i] = i;
		uint64_t s = 1;
		for (uint64_t i = nn - 1; i > 0; i--) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			uint64_t j = (s >> 33) % (i + 1), t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		for (uint64_t i = 0; i < nn; i++) {
			base[perm[i]].value = i;
			base[perm[i]].next =
			    i + 1 < nn ? heap + perm[i + 1] * sizeof(struct node) : 0;
		}
		uint64_t head = heap + perm[0] * sizeof(struct node);
		free(perm);
		uint64_t regs[][2] = {{9, head}, {10, rounds}};
		struct result r = run("b_list", regs, 2);
		double tn;
		uint64_t v;
		NATIVE(
		    tn, v,
		    n_list(base + (head - heap) / sizeof(struct node), opaque(rounds), base, heap));
		report("list", r, tn, v);
	}
	guest_free(&g);
	return 0;
}
