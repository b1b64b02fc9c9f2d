// SPDX-License-Identifier: GPL-2.0
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
/* f32 holds a per-process value across many reschedules: the kernel's lazy
 * f32-f127 switching (psr.dfh faults) must keep processes apart. */
int main(int argc, char **argv)
{
	unsigned long mine = strtoul(argv[1], 0, 0), got, bad = 0;
	for (int i = 0; i < 20000; i++) {
		unsigned long v = mine + i;
		asm volatile("setf.sig f32=%0" : : "r"(v) : "f32");
		sched_yield();
		asm volatile("getf.sig %0=f32" : "=r"(got));
		if (got != v)
			bad++;
	}
	printf("FPH %lu bad=%lu\n", mine, bad);
	return bad != 0;
}
