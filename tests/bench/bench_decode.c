// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder speed: bundles decoded per second on one core, and the ratio to
 * ia64-linux-gnu-objdump disassembling the same bundles, both in CPU time.
 * A benchmark, not a test: it prints figures and never fails on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ia64.h"

/* CPU time of this thread: the rate on one core, even on a busy machine. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time used by waited-for children (objdump). */
static double children_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1u << 18;
	uint8_t *buf = malloc(n * 16);
	uint64_t x = 0x1234567887654321ull;
	for (size_t i = 0; i < n * 16; i += 8) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memcpy(buf + i, &x, 8);
	}
	ia64_init();

	struct ia64_bundle b;
	unsigned long sink = 0;
	int rounds = 0;
	double t0 = now(), t;
	do {
		for (size_t i = 0; i < n; i++) {
			ia64_decode_bundle(buf + i * 16, &b);
			sink += (uintptr_t)b.insn[0].opc + (uintptr_t)b.insn[2].opc;
		}
		rounds++;
	} while ((t = now() - t0) < 2.0);
	double decode_rate = (double)n * rounds / t;

	char text[1024];
	t0 = now();
	for (size_t i = 0; i < n; i++)
		sink += ia64_format_bundle(text, sizeof(text), buf + i * 16, i * 16, 8, NULL, NULL);
	double format_rate = n / (now() - t0);

	char path[] = "/tmp/lol-bench-XXXXXX";
	int fd = mkstemp(path);
	double objdump_rate = 0;
	if (fd >= 0 && write(fd, buf, n * 16) == (ssize_t)(n * 16)) {
		char cmd[256];
		snprintf(cmd, sizeof(cmd),
			 "ia64-linux-gnu-objdump -D -z -b binary -m ia64-elf64 %s >/dev/null", path);
		double c0 = children_cpu();
		if (system(cmd) == 0)
			objdump_rate = n / (children_cpu() - c0);
	}
	if (fd >= 0)
		close(fd);
	unlink(path);

	printf("decoder (random bundles): %.1f M bundles/s  (goal: >= 30)\n", decode_rate / 1e6);
	printf("decode + objdump-format text: %.2f M bundles/s\n", format_rate / 1e6);
	if (objdump_rate > 0) {
		printf("objdump -D on the same %zu bundles: %.2f M bundles/s\n", n, objdump_rate / 1e6);
		printf("ratio decoder/objdump: %.0fx   ratio text/objdump: %.1fx\n",
		       decode_rate / objdump_rate, format_rate / objdump_rate);
	}
	free(buf);
	return sink == 42 ? 1 : 0;
}
