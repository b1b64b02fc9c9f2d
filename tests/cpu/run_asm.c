// SPDX-License-Identifier: GPL-2.0
/*
 * Run self-checking ia64 test programs (tests/cpu/NAME.S) on the interpreter.
 *
 *     run_asm [-v] [PROGRAM.elf ...]      (default: the programs ASM_DIR/asm-tests.list
 *                                          names, with 96 and with 200 stacked registers)
 *
 * A program prints "ok - what" / "not ok - what" lines with write(1, ...)
 * and exits with its failure count; they become TAP lines here, numbered,
 * followed by one line per program for a clean exit with status 0.
 * Only exit (1025) and write (1027) are system calls (break 0x100000,
 * number in r15, arguments in out0..out2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "tap.h"

#ifndef ASM_DIR
#define ASM_DIR "build/tests/cpu"
#endif

#define MAX_INSNS 4000000000ull

static int verbose;

struct out {
	char line[1024];
	size_t len;
	const char *prog;
	unsigned oks, fails;
};

static void out_line(struct out *o)
{
	o->line[o->len] = 0;
	if (strncmp(o->line, "ok - ", 5) == 0) {
		tap_ok(1, "%s: %s", o->prog, o->line + 5);
		o->oks++;
	} else if (strncmp(o->line, "not ok - ", 9) == 0) {
		tap_ok(0, "%s: %s", o->prog, o->line + 9);
		o->fails++;
	} else {
		printf("# %s: %s\n", o->prog, o->line);
	}
	o->len = 0;
}

static void out_bytes(struct out *o, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n' || o->len == sizeof(o->line) - 1)
			out_line(o);
		if (p[i] != '\n')
			o->line[o->len++] = (char)p[i];
	}
}

static uint64_t arg(struct cpu *cpu, unsigned i)
{
	return cpu_get_gr(cpu, 32 + cpu->cfm.sol + i, NULL);
}

static const char *fault_name(enum cpu_fault f)
{
	static const char *const n[] = {
	    "none",	    "tlb miss",	    "access rights",	  "alignment", "nat consumption",
	    "illegal op",   "reserved reg", "unimplemented addr", "fp fault",  "fp trap",
	    "unaligned ip",
	};
	return (unsigned)f < sizeof(n) / sizeof(n[0]) ? n[f] : "?";
}

static void run_one(const char *path, unsigned nregs)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char prog[300];
	if (nregs == 96)
		snprintf(prog, sizeof(prog), "%s", base);
	else
		snprintf(prog, sizeof(prog), "%s (%u stacked regs)", base, nregs);
	struct guest g;
	struct cpu cpu;
	char err[512];
	if (guest_load(&g, path, err, sizeof(err)) < 0) {
		tap_ok(0, "%s: load: %s", prog, err);
		return;
	}
	struct cpu_config cfg = {.stacked_regs = nregs};
	if (cpu_init(&cpu, &cfg, &g.ops, &g) < 0) {
		tap_ok(0, "%s: cpu_init", prog);
		guest_free(&g);
		return;
	}
	guest_start(&g, &cpu);

	struct out o = {.prog = prog};
	int status = -1;
	char why[256] = "";
	while (cpu.insns < MAX_INSNS) {
		struct cpu_exit x = cpu_run(&cpu, 100000000);
		if (x.kind == CPU_EXIT_BUDGET)
			continue;
		if (o.oks + o.fails > 100000) {
			snprintf(why, sizeof(why), "more than 100000 checks: a loop?");
			break;
		}
		if (x.kind == CPU_EXIT_BREAK && x.imm == 0x100000) {
			uint64_t nr = cpu_get_gr(&cpu, 15, NULL), r8 = 0, r10 = 0;
			if (nr == 1025) {
				status = (int)(arg(&cpu, 0) & 0xff);
				break;
			}
			if (nr == 1027 && arg(&cpu, 0) == 1) {
				uint64_t buf = arg(&cpu, 1), len = arg(&cpu, 2);
				uint8_t tmp[4096];
				r8 = len;
				while (len) {
					size_t n = len < sizeof(tmp) ? len : sizeof(tmp);
					if (cpu_read(&cpu, buf, tmp, n) != CPU_FAULT_NONE) {
						r8 = 14; /* EFAULT */
						r10 = (uint64_t)-1;
						break;
					}
					out_bytes(&o, tmp, n);
					buf += n;
					len -= n;
				}
			} else {
				r8 = 38; /* ENOSYS */
				r10 = (uint64_t)-1;
			}
			cpu_set_gr(&cpu, 8, r8, false);
			cpu_set_gr(&cpu, 10, r10, false);
			cpu_advance(&cpu);
			continue;
		}
		if (x.kind == CPU_EXIT_BREAK)
			snprintf(why, sizeof(why), "break 0x%llx", (unsigned long long)x.imm);
		else if (x.kind == CPU_EXIT_PRIVOP)
			snprintf(why, sizeof(why), "privileged op %s",
				 x.insn.opc ? x.insn.opc->name : "?");
		else
			snprintf(why, sizeof(why), "fault: %s at 0x%llx (%s, addr 0x%llx)",
				 fault_name(x.fault), (unsigned long long)cpu.ip,
				 x.insn.opc ? x.insn.opc->name : "?", (unsigned long long)x.addr);
		break;
	}
	if (o.len)
		out_line(&o);
	if (status < 0 && !why[0])
		snprintf(why, sizeof(why), "still running after %llu instructions",
			 (unsigned long long)cpu.insns);
	if (verbose)
		printf("# %s: %llu instructions, %llu decodes\n", prog,
		       (unsigned long long)cpu.insns, (unsigned long long)cpu.dcache_misses);
	if (why[0])
		tap_ok(0, "%s: ran to its exit (%s, slot %u)", prog, why, cpu.slot);
	else
		tap_ok(status == 0 && o.fails == 0 && o.oks > 0, "%s: exit status %d, %u checks",
		       prog, status, o.oks + o.fails);
	cpu_destroy(&cpu);
	guest_free(&g);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int i = 1;
	if (i < argc && strcmp(argv[i], "-v") == 0) {
		verbose = 1;
		i++;
	}
	if (i < argc) {
		for (; i < argc; i++)
			run_one(argv[i], 96);
		return tap_done();
	}
	const char *dir = getenv("LOL_CPU_ASM_DIR") ? getenv("LOL_CPU_ASM_DIR") : ASM_DIR;
	char path[4096], *names[256];
	unsigned n = 0;
	snprintf(path, sizeof(path), "%s/asm-tests.list", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		tap_skip("no test programs (ia64-linux-gnu-as missing?)");
		return tap_done();
	}
	char line[512];
	while (n < 256 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		names[n] = malloc(strlen(dir) + strlen(line) + 2);
		sprintf(names[n], "%s/%s", dir, line);
		n++;
	}
	fclose(f);
	qsort(names, n, sizeof(names[0]), by_name);
	if (!n)
		tap_skip("no test programs listed");
	/* Every program with the usual 96 physical stacked registers, then
	 * with 200, so the register stack wraps in other places. */
	for (unsigned k = 0; k < n; k++)
		run_one(names[k], 96);
	for (unsigned k = 0; k < n; k++) {
		run_one(names[k], 200);
		free(names[k]);
	}
	return tap_done();
}
