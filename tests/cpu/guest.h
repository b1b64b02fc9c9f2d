/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny guest for the interpreter tests (tests/cpu): static ELF images
 * built by ia64-linux-gnu-as/ld, loaded into sparse host memory, run with
 * cpu_run; break 0x100000 with r15 = 1025 (exit) and 1027 (write) are the
 * only system calls.
 */
#ifndef LOL_TESTS_CPU_GUEST_H
#define LOL_TESTS_CPU_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

#define GUEST_MAX_REGIONS 16

struct guest_region {
	uint64_t va, size;
	uint8_t *host;
	unsigned access;
};

struct guest {
	struct guest_region r[GUEST_MAX_REGIONS];
	unsigned nr;
	uint64_t entry;
	uint64_t refills; /* refill calls, for tests of the soft TLB */
	struct cpu_mem_ops ops;
};

/* Stack and backing store of every guest. */
#define GUEST_STACK_TOP 0x6fffffffff000000ull
#define GUEST_STACK_SIZE (1u << 20)
#define GUEST_BSP_BASE 0x6ffffff000000000ull
#define GUEST_BSP_SIZE (8u << 20)

/* Map a zeroed region (page-rounded); returns its host memory or NULL. */
uint8_t *guest_map(struct guest *g, uint64_t va, uint64_t size, unsigned access);
/* Load the PT_LOAD segments of a static ELF and map stack and backing
 * store.  Returns 0, or -1 with a message in err. */
int guest_load(struct guest *g, const char *path, char *err, size_t errlen);
void guest_free(struct guest *g);
/* Point the cpu at the entry with sp and the RSE set up as Linux would. */
void guest_start(struct guest *g, struct cpu *cpu);
/* A symbol's value from the ELF (0 if absent). */
uint64_t guest_symbol(const char *path, const char *name);

#endif
