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

/* Symbols as objdump uses them: every defined symbol (absolute ones too)
 * but section, file and unnamed ones, sorted as objdump sorts them. */
struct symctx {
	const struct elf64 *e;
	const struct elf64_sym **syms;
	size_t n;
	bool relocatable; /* the file has relocations: prefer this section's symbols */
};

static bool is_file_name(const char *n)
{
	size_t l = strlen(n);
	return l > 2 && n[l - 2] == '.' && (n[l - 1] == 'o' || n[l - 1] == 'a');
}

/* objdump's order for symbols of equal value: compiler markers and file
 * names last; functions, then objects, then globals before locals; larger
 * sizes first; names starting with '.' last; then by name. */
static int by_addr(const void *a, const void *b)
{
	const struct elf64_sym *x = *(const struct elf64_sym *const *)a;
	const struct elf64_sym *y = *(const struct elf64_sym *const *)b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	/* objdump prefers the disassembled section's symbols (find_sym does),
	 * and does not order the other sections' among themselves */
	if ((x->shndx == SHN_ABS) != (y->shndx == SHN_ABS))
		return x->shndx == SHN_ABS ? 1 : -1;
	int xf = strstr(x->name, "gnu_compiled") || strstr(x->name, "gcc2_compiled");
	int yf = strstr(y->name, "gnu_compiled") || strstr(y->name, "gcc2_compiled");
	if (xf != yf)
		return xf - yf;
	xf = is_file_name(x->name), yf = is_file_name(y->name);
	if (xf != yf)
		return xf - yf;
	xf = x->type == STT_SECTION, yf = y->type == STT_SECTION;
	if (xf != yf)
		return xf - yf;
	xf = x->type == STT_FUNC, yf = y->type == STT_FUNC;
	if (xf != yf)
		return yf - xf;
	xf = x->type == STT_OBJECT, yf = y->type == STT_OBJECT;
	if (xf != yf)
		return yf - xf;
	xf = x->bind == STB_LOCAL, yf = y->bind == STB_LOCAL;
	if (xf != yf)
		return xf - yf;
	xf = x->bind == STB_GLOBAL, yf = y->bind == STB_GLOBAL;
	if (xf != yf)
		return yf - xf;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	xf = x->name[0] == '.', yf = y->name[0] == '.';
	if (xf != yf)
		return xf - yf;
	return strcmp(x->name, y->name);
}

/* objdump's choice of symbol for an address: the greatest value <= vma (or
 * the first symbol when all lie above), the first of equal ones, one in
 * section sec if any of those is; in a relocatable file a symbol of another
 * section is replaced by the nearest one of sec, below then above. */
static const struct elf64_sym *find_sym(const struct symctx *c, uint64_t vma, unsigned sec,
					size_t *place)
{
	if (!c || !c->n)
		return NULL;
	size_t lo = 0, hi = c->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (c->syms[mid]->value <= vma)
			lo = mid;
		else
			hi = mid;
	}
	size_t at = lo;
	while (at > 0 && c->syms[at]->value == c->syms[at - 1]->value)
		at--;
	for (size_t i = at; i < c->n && c->syms[i]->value == c->syms[at]->value; i++)
		if (c->syms[i]->shndx == sec) {
			at = i;
			break;
		}
	const Elf64_Shdr *sh = &c->e->sh[sec];
	bool want_section = c->relocatable && vma >= sh->sh_addr && vma < sh->sh_addr + sh->sh_size;
	if (want_section && c->syms[at]->shndx != sec) {
		size_t i;
		for (i = at; i-- > 0;)
			if (c->syms[i]->shndx == sec)
				break;
		if (i == (size_t)-1) {
			for (i = at + 1; i < c->n; i++)
				if (c->syms[i]->shndx == sec)
					break;
			if (i == c->n)
				return NULL;
		}
		at = i;
	}
	if (place)
		*place = at;
	return c->syms[at];
}

struct target_ctx {
	const struct symctx *syms;
	unsigned sec;
};

/* "<sym+0x10>", or the section's name when no symbol fits. */
static int print_with_sym(char *buf, size_t len, const struct elf64 *e, unsigned sec,
			  const struct elf64_sym *s, uint64_t vma)
{
	const char *name = s ? s->name : elf64_section_name(e, sec);
	uint64_t base = s ? s->value : e->sh[sec].sh_addr;
	if (vma == base)
		return snprintf(buf, len, "<%s>", name);
	if (vma > base)
		return snprintf(buf, len, "<%s+0x%" PRIx64 ">", name, vma - base);
	return snprintf(buf, len, "<%s-0x%" PRIx64 ">", name, base - vma);
}

static size_t print_target(char *buf, size_t len, uint64_t addr, void *ctx)
{
	const struct target_ctx *t = ctx;
	if (!t || !t->syms->n)
		return (size_t)snprintf(buf, len, "0x%" PRIx64, addr);
	int n = snprintf(buf, len, "%" PRIx64 " ", addr);
	if (n < 0 || (size_t)n >= len)
		return (size_t)(n < 0 ? 0 : n);
	const struct elf64_sym *s = find_sym(t->syms, addr, t->sec, NULL);
	return (size_t)n + (size_t)print_with_sym(buf + n, len - (size_t)n, t->syms->e, t->sec, s, addr);
}

/* Disassemble [from, to) of a section's bytes, skipping runs of zeros (at
 * least 8 bytes, or up to 3 at the end) unless -z, as objdump does. */
static void dis_bytes(const uint8_t *data, uint64_t from, uint64_t to, uint64_t size, uint64_t vma,
		      struct target_ctx *t)
{
	int width = ia64_objdump_addr_width(vma + size);
	char out[4096];
	uint64_t off = from;
	while (off < to) {
		if (!disassemble_zeroes) {
			uint64_t z = off;
			while (z < to && data[z] == 0)
				z++;
			if (z - off >= 8 || (z == to && z > off && z - off < 3)) {
				if (z != to)
					z = off + ((z - off) & ~(uint64_t)3);
				printf("\t...\n");
				off = z;
				continue;
			}
		}
		if (to - off < 16)
			break; /* a partial bundle: objdump can't show it either */
		ia64_format_bundle(out, sizeof(out), data + off, vma + off, width,
				   t ? print_target : NULL, t);
		fputs(out, stdout);
		off += 16;
	}
}

/* One section as objdump -d walks it: a label, then code up to the next
 * symbol of the section, and so on. */
static void dis_section(const struct elf64 *e, unsigned sec, const struct symctx *c)
{
	const Elf64_Shdr *sh = &e->sh[sec];
	const uint8_t *data = elf64_section_data(e, sec);
	struct target_ctx t = {c, sec};
	char label[1024];
	size_t place = 0;
	const struct elf64_sym *sym = find_sym(c, sh->sh_addr, sec, &place);
	uint64_t off = 0;
	while (off < sh->sh_size) {
		uint64_t addr = sh->sh_addr + off;
		print_with_sym(label, sizeof(label), e, sec, sym, addr);
		printf("\n%016" PRIx64 " %s:\n", addr, label);
		const struct elf64_sym *next = NULL;
		if (sym && sym->value > addr) {
			next = sym;
		} else if (sym) {
			const char *secname = elf64_section_name(e, sec);
			while (place < c->n &&
			       !(c->syms[place]->shndx < e->shnum &&
				 strcmp(elf64_section_name(e, c->syms[place]->shndx), secname) == 0 &&
				 c->syms[place]->value > sym->value))
				place++;
			next = place < c->n ? c->syms[place] : NULL;
		}
		uint64_t stop;
		if (sym && sym->value > addr)
			stop = sym->value - sh->sh_addr;
		else if (!next)
			stop = sh->sh_size;
		else
			stop = next->value - sh->sh_addr;
		if (stop > sh->sh_size || stop <= off)
			stop = sh->sh_size;
		dis_bytes(data, off, stop, sh->sh_size, sh->sh_addr, c->n ? &t : NULL);
		off = stop;
		sym = next;
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
	printf("\n%s:     file format binary\n\n\nDisassembly of section .data:\n\n", path);
	printf("%016x <.data>:\n", 0);
	dis_bytes(data, 0, size, size, 0, NULL);
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
	struct symctx c = {&e, syms, 0, e.nreloc_sections > 0};
	/* objdump keeps section symbols of executables and shared objects (named
	 * after their section), not those of relocatable objects. */
	bool keep_sections = e.eh->e_type != ET_REL;
	for (size_t k = 0; k < e.nsyms; k++) {
		struct elf64_sym *y = &e.syms[k];
		if (y->type == STT_SECTION && keep_sections && y->shndx < e.shnum)
			y->name = elf64_section_name(&e, y->shndx);
		else if (y->type == STT_SECTION || y->type == STT_FILE || !y->name[0])
			continue;
		syms[c.n++] = y;
	}
	qsort(syms, c.n, sizeof(*syms), by_addr);
	for (unsigned i = 0; i < e.shnum; i++) {
		const Elf64_Shdr *s = &e.sh[i];
		if (!(s->sh_flags & SHF_EXECINSTR) || !elf64_section_data(&e, i) || !s->sh_size)
			continue;
		printf("\nDisassembly of section %s:\n", elf64_section_name(&e, i));
		dis_section(&e, i, &c);
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
