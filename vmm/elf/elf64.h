/* SPDX-License-Identifier: GPL-2.0 */
/* A strict, read-only ELF64 little-endian reader: every offset and size is
 * checked against the file before use, so hostile files give an error, not a
 * crash.  Shared by lol-dis, lol-user and the monitor's loader. */
#ifndef LOL_ELF64_H
#define LOL_ELF64_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

struct elf64_sym {
	const char *name;
	uint64_t value, size;
	unsigned shndx;
	unsigned char bind, type;
};

struct elf64 {
	const char *path;
	const uint8_t *data;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh; /* NULL when the file has no section headers */
	unsigned shnum;
	const char *shstr;    /* section name table */
	size_t shstr_size;
	struct elf64_sym *syms; /* from .symtab (or .dynsym): defined (section or SHN_ABS) */
	unsigned nreloc_sections; /* SHT_REL/RELA sections against .symtab (not dynamic ones) */
	size_t nsyms;
};

/* Open and validate path.  On failure returns -1 and writes "PATH: problem"
 * to err. */
int elf64_open(struct elf64 *e, const char *path, char *err, size_t errlen);
/* Validate an in-memory image (used by the fuzzer). */
int elf64_parse(struct elf64 *e, const char *path, const uint8_t *data, size_t size, char *err,
		size_t errlen);
void elf64_close(struct elf64 *e);

const char *elf64_section_name(const struct elf64 *e, unsigned i);
/* Section contents; NULL for SHT_NOBITS and SHT_NULL (never checked). */
const uint8_t *elf64_section_data(const struct elf64 *e, unsigned i);

#endif
