// SPDX-License-Identifier: GPL-2.0
/*
 * lol-dis: disassemble IA-64 code in ia64-linux-gnu-objdump's layout, so the
 * two can be diffed line by line.
 *   lol-dis [-z] FILE...          like objdump -d FILE (ELF64 ia64)
 *   lol-dis [-z] --raw FILE...    like objdump -D -b binary -m ia64-elf64 FILE
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf64.h"
#include "ia64.h"

#define EXIT_BADINPUT 2

static int disassemble_zeroes;

struct symctx {
	const struct elf64 *e;
	unsigned shndx;
	const struct elf64_sym **syms; /* this section's symbols, by address */
	size_t n;
};

/* objdump's preference among symbols at one address: not a section or file
 * symbol, then global over weak over local, then the first by name table. */
static int sym_rank(const struct elf64_sym *s)
{
	int r = 0;
	if (s->type == STT_SECTION || s->type == STT_FILE)
		r += 100;
	if (s->bind == STB_LOCAL)
		r += 2;
	else if (s->bind == STB_WEAK)
		r += 1;
	return r;
}

static int by_addr(const void *a, const void *b)
{
	const struct elf64_sym *x = *(const struct elf64_sym *const *)a;
	const struct elf64_sym *y = *(const struct elf64_sym *const *)b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	int rx = sym_rank(x), ry = sym_rank(y);
	if (rx != ry)
		return rx - ry;
	return (x > y) - (x < y);
}

/* The best symbol at or below addr, or NULL. */
static const struct elf64_sym *find_sym(const struct symctx *c, uint64_t addr)
{
	const struct elf64_sym *best = NULL;
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->syms[mid]->value <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return c->n ? c->syms[0] : NULL;
	/* the first (best ranked) symbol with the greatest address <= addr */
	uint64_t v = c->syms[lo - 1]->value;
	size_t i = lo - 1;
	while (i > 0 && c->syms[i - 1]->value == v)
		i--;
	best = c->syms[i];
	return best;
}

static size_t print_target(char *buf, size_t len, uint64_t addr, void *ctx)
{
	const struct symctx *c = ctx;
	const struct elf64_sym *s = c ? find_sym(c, addr) : NULL;
	if (!s)
		return (size_t)snprintf(buf, len, "0x%" PRIx64, addr);
	if (s->value == addr)
		return (size_t)snprintf(buf, len, "%" PRIx64 " <%s>", addr, s->name);
	if (s->value < addr)
		return (size_t)snprintf(buf, len, "%" PRIx64 " <%s+0x%" PRIx64 ">", addr, s->name,
					addr - s->value);
	return (size_t)snprintf(buf, len, "%" PRIx64 " <%s-0x%" PRIx64 ">", addr, s->name,
				s->value - addr);
}

/* Disassemble one section's bytes as objdump does, skipping runs of zeros
 * (at least 8 bytes, or at the end) unless -z. */
static void dis_bytes(const uint8_t *data, uint64_t size, uint64_t vma, struct symctx *c,
		      const char *secname)
{
	int width = ia64_objdump_addr_width(vma + size);
	size_t symi = 0;
	char out[4096];
	int printed_label = 0;
	uint64_t off = 0;
	while (off < size) {
		uint64_t addr = vma + off;
		/* symbol labels at this address */
		if (c) {
			while (symi < c->n && c->syms[symi]->value < addr)
				symi++;
			if (symi < c->n && c->syms[symi]->value == addr) {
				printf("\n%016" PRIx64 " <%s>:\n", addr, c->syms[symi]->name);
				printed_label = 1;
				while (symi < c->n && c->syms[symi]->value == addr)
					symi++;
			}
		}
		if (!printed_label) {
			printf("\n%016" PRIx64 " <%s>:\n", addr, secname);
			printed_label = 1;
		}
		if (!disassemble_zeroes) {
			uint64_t z = off;
			while (z < size && data[z] == 0)
				z++;
			if (z - off >= 8 || (z == size && z - off < 3 && z > off)) {
				if (z != size)
					z = off + ((z - off) & ~(uint64_t)3);
				printf("\t...\n");
				off = z;
				continue;
			}
		}
		if (size - off < 16) {
			/* a partial bundle at the end: objdump can't read it either */
			break;
		}
		ia64_format_bundle(out, sizeof(out), data + off, addr, width, print_target, c);
		fputs(out, stdout);
		off += 16;
	}
}

static int dis_raw(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "lol-dis: %s: %s\n", path, strerror(errno));
		return EXIT_BADINPUT;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "lol-dis: %s: not a regular file\n", path);
		fclose(f);
		return EXIT_BADINPUT;
	}
	size_t size = (size_t)st.st_size;
	uint8_t *data = malloc(size ? size : 1);
	if (!data || fread(data, 1, size, f) != size) {
		fprintf(stderr, "lol-dis: %s: read failed\n", path);
		free(data);
		fclose(f);
		return EXIT_BADINPUT;
	}
	fclose(f);
	printf("\n%s:     file format binary\n\n\nDisassembly of section .data:\n", path);
	dis_bytes(data, size, 0, NULL, ".data");
	free(data);
	return 0;
}

static int dis_elf(const char *path)
{
	struct elf64 e;
	char err[512];
	if (elf64_open(&e, path, err, sizeof(err)) != 0) {
		fprintf(stderr, "lol-dis: %s\n", err);
		return EXIT_BADINPUT;
	}
	if (e.eh->e_machine != EM_IA_64) {
		fprintf(stderr, "lol-dis: %s: e_machine %u is not IA-64 (%u)\n", path, e.eh->e_machine,
			EM_IA_64);
		elf64_close(&e);
		return EXIT_BADINPUT;
	}
	printf("\n%s:     file format elf64-ia64-little\n\n", path);
	const struct elf64_sym **syms = malloc((e.nsyms ? e.nsyms : 1) * sizeof(*syms));
	if (!syms) {
		fprintf(stderr, "lol-dis: %s: out of memory\n", path);
		elf64_close(&e);
		return EXIT_BADINPUT;
	}
	for (unsigned i = 0; i < e.shnum; i++) {
		const Elf64_Shdr *s = &e.sh[i];
		if (!(s->sh_flags & SHF_EXECINSTR) || !elf64_section_data(&e, i) || !s->sh_size)
			continue;
		struct symctx c = {&e, i, syms, 0};
		for (size_t k = 0; k < e.nsyms; k++)
			if (e.syms[k].shndx == i && e.syms[k].type != STT_SECTION &&
			    e.syms[k].type != STT_FILE)
				syms[c.n++] = &e.syms[k];
		qsort(syms, c.n, sizeof(*syms), by_addr);
		printf("\nDisassembly of section %s:\n", elf64_section_name(&e, i));
		dis_bytes(elf64_section_data(&e, i), s->sh_size, s->sh_addr, &c,
			  elf64_section_name(&e, i));
	}
	free(syms);
	elf64_close(&e);
	return 0;
}

static void usage(FILE *f)
{
	fputs("Usage: lol-dis [OPTION]... FILE...\n"
	      "Disassemble IA-64 code as ia64-linux-gnu-objdump does.\n\n"
	      "  FILE         an ELF64 IA-64 file: its code sections (objdump -d)\n"
	      "  -r, --raw    FILEs are raw bundles (objdump -D -b binary -m ia64-elf64)\n"
	      "  -z, --disassemble-zeroes  do not skip blocks of zeroes\n"
	      "  -h, --help   show this help\n"
	      "  -V, --version\n\n"
	      "Exit status: 0 on success, 2 on bad input (the file and the problem are named).\n",
	      f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"raw", no_argument, NULL, 'r'},
		{"disassemble-zeroes", no_argument, NULL, 'z'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0, 0, 0, 0},
	};
	int raw = 0, c;
	while ((c = getopt_long(argc, argv, "rzhV", opts, NULL)) != -1) {
		switch (c) {
		case 'r': raw = 1; break;
		case 'z': disassemble_zeroes = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': puts("lol-dis " LOL_VERSION); return 0;
		default: usage(stderr); return EXIT_BADINPUT;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_BADINPUT;
	}
	ia64_init();
	int status = 0;
	for (int i = optind; i < argc; i++) {
		int r = raw ? dis_raw(argv[i]) : dis_elf(argv[i]);
		fflush(stdout);
		if (r)
			status = r;
	}
	return status;
}
