// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: lol-vmm's kernel loader (program headers into guest
 * memory, site records of vmlinux and of the gate DSO it embeds) and the
 * restoring of engine-native sites, on hostile ELF files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vmm_config cfg = {.mem_bytes = 16u << 20, .ncpus = 1};
	static struct vm vm;
	static char path[64];
	static int fd = -1;
	if (fd < 0) {
		fd = memfd_create("vmlinux", 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		cfg.kernel = path;
		vm.cfg = &cfg;
		if (fd < 0 || vm_ram_init(&vm))
			abort(); /* (run with -close_fd_mask=2: the loader's messages are noise here) */
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	if (vm_load_kernel(&vm) == 0) {
		vm_restore_native_sites(&vm);
		for (size_t i = 0; i < vm.nsites; i++)
			vm_find_site(&vm, vm.sites[i].addr & ~0xfull, vm.sites[i].addr & 3, false);
	}
	return 0;
}
