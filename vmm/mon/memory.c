// SPDX-License-Identifier: GPL-2.0
/*
 * Guest-physical memory: one anonymous host mapping of the size the command
 * line asked for, starting at guest-physical address 0.
 */
#include <stdio.h>
#include <sys/mman.h>

#include "vm.h"

int vm_ram_init(struct vm *vm)
{
	vm->ram_size = vm->cfg->mem_bytes;
	void *p = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		       MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "lol-vmm: cannot map %llu MiB of guest memory\n",
			(unsigned long long)(vm->ram_size >> 20));
		return -1;
	}
	vm->ram = p;
	return 0;
}

void *gpa_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa >= vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}
