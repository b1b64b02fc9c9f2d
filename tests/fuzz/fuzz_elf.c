// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the ELF reader, then disassembly of every code section
 * it accepts, as lol-dis would do. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf64.h"
#include "ia64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The reader expects the alignment a mapped file has. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct elf64 e;
	char err[256];
	ia64_init();
	if (elf64_parse(&e, "fuzz", copy, size, err, sizeof(err)) == 0) {
		char text[4096];
		for (unsigned i = 0; i < e.shnum; i++) {
			const uint8_t *d = elf64_section_data(&e, i);
			if (!d || !(e.sh[i].sh_flags & SHF_EXECINSTR))
				continue;
			for (uint64_t off = 0; off + 16 <= e.sh[i].sh_size; off += 16)
				ia64_format_bundle(text, sizeof(text), d + off, e.sh[i].sh_addr + off, 8,
						   NULL, NULL);
		}
		for (size_t k = 0; k < e.nsyms; k++)
			if (!memchr(e.syms[k].name, 0, size + 1))
				abort();
		free(e.syms);
	}
	free(copy);
	return 0;
}
