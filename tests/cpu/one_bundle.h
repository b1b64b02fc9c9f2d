/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tests that run one instruction through cpu_run: a single bundle on an
 * execute-only code page at ONE_BUNDLE_VA, the only page the engine can
 * reach (data accesses miss).  One copy per test program.
 */
#ifndef LOL_TESTS_ONE_BUNDLE_H
#define LOL_TESTS_ONE_BUNDLE_H

#include <stdint.h>
#include <string.h>

#include "cpu.h"

#define ONE_BUNDLE_VA 0x10000ull

static uint8_t one_bundle_page[4096] __attribute__((aligned(4096)));

static inline enum cpu_fault one_bundle_refill(void *ctx, uint64_t va, unsigned access,
					       struct cpu_tlb_fill *out)
{
	(void)ctx;
	if ((va & ~0xfffull) != ONE_BUNDLE_VA || access != CPU_ACC_EXEC)
		return CPU_FAULT_TLB_MISS;
	out->host = one_bundle_page;
	out->page_shift = 12;
	out->access = CPU_ACC_READ | CPU_ACC_EXEC;
	return CPU_FAULT_NONE;
}

static const struct cpu_mem_ops one_bundle_ops = {.refill = one_bundle_refill};

/* The bundle: template t, slots s0-s2 (41 bits each). */
static inline void one_bundle_put(unsigned t, uint64_t s0, uint64_t s1, uint64_t s2)
{
	uint64_t w0 = (uint64_t)t | s0 << 5 | s1 << 46, w1 = s1 >> 18 | s2 << 23;
	memcpy(one_bundle_page, &w0, 8);
	memcpy(one_bundle_page + 8, &w1, 8);
}

#endif
