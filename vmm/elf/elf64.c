// SPDX-License-Identifier: GPL-2.0
#include "elf64.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s: ", path);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* off + len lies within size, without overflow. */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static int load_symbols(struct elf64 *e, char *err, size_t errlen)
{
	const Elf64_Shdr *symtab = NULL;
	for (unsigned i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type == SHT_SYMTAB)
			symtab = &e->sh[i];
	if (!symtab)
		for (unsigned i = 0; i < e->shnum; i++)
			if (e->sh[i].sh_type == SHT_DYNSYM)
				symtab = &e->sh[i];
	if (!symtab)
		return 0;
	if (symtab->sh_entsize != sizeof(Elf64_Sym))
		return fail(err, errlen, e->path, "symbol table entry size %lu, expected %zu",
			    (unsigned long)symtab->sh_entsize, sizeof(Elf64_Sym));
	if (symtab->sh_link >= e->shnum || e->sh[symtab->sh_link].sh_type != SHT_STRTAB)
		return fail(err, errlen, e->path, "symbol table has no string table (sh_link %u)",
			    symtab->sh_link);
	const Elf64_Shdr *strsh = &e->sh[symtab->sh_link];
	const char *str = (const char *)e->data + strsh->sh_offset;
	size_t strsize = strsh->sh_size;
	size_t n = symtab->sh_size / sizeof(Elf64_Sym);
	const Elf64_Sym *s = (const Elf64_Sym *)(e->data + symtab->sh_offset);
	e->syms = calloc(n ? n : 1, sizeof(*e->syms));
	if (!e->syms)
		return fail(err, errlen, e->path, "out of memory for %zu symbols", n);
	for (size_t i = 0; i < n; i++) {
		/* Defined symbols: in a section, or absolute. */
		if (s[i].st_shndx == SHN_UNDEF ||
		    (s[i].st_shndx >= SHN_LORESERVE && s[i].st_shndx != SHN_ABS))
			continue;
		if (s[i].st_name >= strsize ||
		    !memchr(str + s[i].st_name, 0, strsize - s[i].st_name)) {
			free(e->syms);
			e->syms = NULL;
			e->nsyms = 0;
			return fail(err, errlen, e->path, "symbol %zu: name offset %u out of range", i,
				    s[i].st_name);
		}
		struct elf64_sym *d = &e->syms[e->nsyms++];
		d->name = str + s[i].st_name;
		d->value = s[i].st_value;
		d->size = s[i].st_size;
		d->shndx = s[i].st_shndx;
		d->bind = ELF64_ST_BIND(s[i].st_info);
		d->type = ELF64_ST_TYPE(s[i].st_info);
	}
	return 0;
}

int elf64_parse(struct elf64 *e, const char *path, const uint8_t *data, size_t size, char *err,
		size_t errlen)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->data = data;
	e->size = size;
	if (size < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG) != 0)
		return fail(err, errlen, path, "not an ELF file");
	if (data[EI_CLASS] != ELFCLASS64)
		return fail(err, errlen, path, "not a 64-bit ELF file (class %u)", data[EI_CLASS]);
	if (data[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen, path, "not little-endian (data encoding %u)", data[EI_DATA]);
	if (size < sizeof(Elf64_Ehdr))
		return fail(err, errlen, path, "truncated ELF header (%zu bytes)", size);
	e->eh = (const Elf64_Ehdr *)data;
	const Elf64_Ehdr *eh = e->eh;
	if (eh->e_shoff == 0 || eh->e_shnum == 0)
		return 0; /* no section headers: nothing more to check here */
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return fail(err, errlen, path, "e_shentsize %u, expected %zu", eh->e_shentsize,
			    sizeof(Elf64_Shdr));
	if (!in_file(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), size))
		return fail(err, errlen, path, "section headers (e_shoff %#lx, %u entries) beyond end of file",
			    (unsigned long)eh->e_shoff, eh->e_shnum);
	if (eh->e_shoff % 8)
		return fail(err, errlen, path, "misaligned section headers (e_shoff %#lx)",
			    (unsigned long)eh->e_shoff);
	e->sh = (const Elf64_Shdr *)(data + eh->e_shoff);
	e->shnum = eh->e_shnum;
	for (unsigned i = 0; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		if (s->sh_type != SHT_NOBITS && s->sh_type != SHT_NULL &&
		    !in_file(s->sh_offset, s->sh_size, size))
			return fail(err, errlen, path,
				    "section %u: offset %#lx size %#lx beyond end of file (%zu bytes)", i,
				    (unsigned long)s->sh_offset, (unsigned long)s->sh_size, size);
		if ((s->sh_type == SHT_SYMTAB || s->sh_type == SHT_DYNSYM) && s->sh_offset % 8)
			return fail(err, errlen, path, "section %u: misaligned symbol table", i);
	}
	if (eh->e_shstrndx >= e->shnum)
		return fail(err, errlen, path, "e_shstrndx %u out of range (%u sections)", eh->e_shstrndx,
			    e->shnum);
	const Elf64_Shdr *ss = &e->sh[eh->e_shstrndx];
	if (ss->sh_type != SHT_STRTAB || ss->sh_size == 0)
		return fail(err, errlen, path, "section name table (section %u) is not a string table",
			    eh->e_shstrndx);
	e->shstr = (const char *)data + ss->sh_offset;
	e->shstr_size = ss->sh_size;
	if (e->shstr[e->shstr_size - 1] != 0)
		return fail(err, errlen, path, "section name table is not NUL-terminated");
	for (unsigned i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_name >= e->shstr_size)
			return fail(err, errlen, path, "section %u: name offset %u out of range", i,
				    e->sh[i].sh_name);
	for (unsigned i = 0; i < e->shnum; i++)
		if ((e->sh[i].sh_type == SHT_REL || e->sh[i].sh_type == SHT_RELA) &&
		    e->sh[i].sh_link < e->shnum && e->sh[e->sh[i].sh_link].sh_type == SHT_SYMTAB)
			e->nreloc_sections++;
	for (unsigned i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type == SHT_STRTAB && e->sh[i].sh_size &&
		    data[e->sh[i].sh_offset + e->sh[i].sh_size - 1] != 0)
			return fail(err, errlen, path, "section %u: string table not NUL-terminated", i);
	return load_symbols(e, err, errlen);
}

int elf64_open(struct elf64 *e, const char *path, char *err, size_t errlen)
{
	memset(e, 0, sizeof(*e));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, path, "%s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, errlen, path, "not a regular file");
	}
	size_t size = (size_t)st.st_size;
	void *map = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (size && map == MAP_FAILED)
		return fail(err, errlen, path, "cannot map: %s", strerror(errno));
	int r = elf64_parse(e, path, map, size, err, errlen);
	if (r != 0 && map)
		munmap(map, size);
	return r;
}

void elf64_close(struct elf64 *e)
{
	free(e->syms);
	if (e->data && e->size)
		munmap((void *)e->data, e->size);
	memset(e, 0, sizeof(*e));
}

const char *elf64_section_name(const struct elf64 *e, unsigned i)
{
	return i < e->shnum ? e->shstr + e->sh[i].sh_name : "";
}

const uint8_t *elf64_section_data(const struct elf64 *e, unsigned i)
{
	if (i >= e->shnum || e->sh[i].sh_type == SHT_NOBITS || e->sh[i].sh_type == SHT_NULL)
		return NULL;
	return e->data + e->sh[i].sh_offset;
}
