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

/* A guest kernel's identity-mapped address to guest-physical, for either
 * layout: a classic kernel's regions 6 and 7, or a lol kernel's windows in
 * region 4 (include/lol-abi.h, 4a).  The monitor needs it where no TLB
 * entry need exist: firmware call arguments, site lookup, the log buffer. */
bool kernel_idmap_pa(uint64_t va, uint64_t *pa)
{
	if ((va >> 61) >= 6) {
		*pa = va & ((1ull << 61) - 1);
		return true;
	}
	uint64_t w = va >> LOL_KWINDOW_SHIFT;
	if (w == LOL_KIDMAP_BASE >> LOL_KWINDOW_SHIFT || w == LOL_KUCMAP_BASE >> LOL_KWINDOW_SHIFT) {
		*pa = va & ((1ull << LOL_KPHYS_BITS) - 1);
		return true;
	}
	return false;
}

/* An address in the kernel image (its link address) to guest-physical,
 * through the load segments. */
bool kernel_image_pa(const struct vm *vm, uint64_t va, uint64_t *pa)
{
	for (unsigned i = 0; i < vm->nseg; i++)
		if (va - vm->seg[i].vaddr < vm->seg[i].size) {
			*pa = va - vm->seg[i].vaddr + vm->seg[i].paddr;
			return true;
		}
	return false;
}
