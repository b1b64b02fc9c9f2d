// SPDX-License-Identifier: GPL-2.0
/*
 * Classification tests, one per instruction form: each line of
 * tests/isa/flags_*.txt is "ASSEMBLY ; FLAGS [; msize=N]".  Every line is
 * assembled by ia64-linux-gnu-as into a bundle of its own; lol decodes it and
 * the instruction's flag set must be exactly FLAGS.
 */
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf64.h"
#include "ia64.h"
#include "tap.h"

static const struct {
	const char *name;
	uint32_t bit;
} flag_names[] = {
	{"priv", IA64_F_PRIV},	      {"sens", IA64_F_SENSITIVE}, {"branch", IA64_F_BRANCH},
	{"load", IA64_F_LOAD},	      {"store", IA64_F_STORE},	  {"sema", IA64_F_SEMAPHORE},
	{"spec", IA64_F_SPEC},	      {"adv", IA64_F_ADV},	  {"acq", IA64_F_ACQ},
	{"rel", IA64_F_REL},	      {"fence", IA64_F_FENCE},	  {"last", IA64_F_LAST},
	{"first", IA64_F_FIRST},      {"slot2", IA64_F_SLOT2},	  {"fp", IA64_F_FP},
	{"check", IA64_F_CHECK},      {"fc", IA64_F_FLUSHCACHE},  {"nomem", IA64_F_NOMEM_ACCESS},
};
#define CHECKED_FLAGS                                                                          \
	(IA64_F_PRIV | IA64_F_SENSITIVE | IA64_F_BRANCH | IA64_F_LOAD | IA64_F_STORE |         \
	 IA64_F_SEMAPHORE | IA64_F_SPEC | IA64_F_ADV | IA64_F_ACQ | IA64_F_REL | IA64_F_FENCE |  \
	 IA64_F_LAST | IA64_F_FIRST | IA64_F_SLOT2 | IA64_F_FP | IA64_F_CHECK |                 \
	 IA64_F_FLUSHCACHE | IA64_F_NOMEM_ACCESS)

struct line {
	char where[300];
	char asm_text[200];
	uint32_t flags;
	int msize; /* -1: not checked */
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static int parse_flags(const char *s, uint32_t *out)
{
	*out = 0;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", s);
	if (strcmp(trim(buf), "-") == 0)
		return 0;
	for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
		size_t i;
		for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
			if (strcmp(tok, flag_names[i].name) == 0)
				break;
		if (i == sizeof(flag_names) / sizeof(flag_names[0]))
			return -1;
		*out |= flag_names[i].bit;
	}
	return 0;
}

static void flags_text(uint32_t f, char *buf, size_t len)
{
	buf[0] = 0;
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (f & flag_names[i].bit) {
			strncat(buf, buf[0] ? "," : "", len - strlen(buf) - 1);
			strncat(buf, flag_names[i].name, len - strlen(buf) - 1);
		}
	if (!buf[0])
		snprintf(buf, len, "-");
}

/* A slot that is only filler: nop.* with immediate 0. */
static int is_filler(const struct ia64_insn *in)
{
	return in->opc && in->opc->op == IA64_OP_NOP && in->nopnd == 1 && in->opnd[0].value == 0;
}

int main(int argc, char **argv)
{
	const char *srcdir = argc > 1 ? argv[1] : "tests/isa";
	const char *as = getenv("IA64_AS") ? getenv("IA64_AS") : "ia64-linux-gnu-as";
	char pattern[512];
	snprintf(pattern, sizeof(pattern), "%s/flags_*.txt", srcdir);
	glob_t g;
	if (glob(pattern, 0, NULL, &g) != 0) {
		tap_skip("no flags_*.txt files");
		return tap_done();
	}
	size_t cap = 4096, n = 0;
	struct line *lines = calloc(cap, sizeof(*lines));
	for (size_t f = 0; f < g.gl_pathc; f++) {
		FILE *fp = fopen(g.gl_pathv[f], "r");
		char buf[512];
		int lineno = 0;
		while (fp && fgets(buf, sizeof(buf), fp)) {
			lineno++;
			char *s = trim(buf);
			if (!*s || *s == '#')
				continue;
			char *semi = strchr(s, ';');
			if (!semi || n == cap) {
				tap_ok(0, "%s:%d: malformed line", g.gl_pathv[f], lineno);
				continue;
			}
			*semi = 0;
			char *fl = semi + 1, *ms = strchr(fl, ';');
			struct line *l = &lines[n];
			l->msize = -1;
			if (ms) {
				*ms++ = 0;
				if (sscanf(trim(ms), "msize=%d", &l->msize) != 1) {
					tap_ok(0, "%s:%d: bad msize", g.gl_pathv[f], lineno);
					continue;
				}
			}
			snprintf(l->where, sizeof(l->where), "%s:%d", g.gl_pathv[f], lineno);
			snprintf(l->asm_text, sizeof(l->asm_text), "%s", trim(s));
			if (parse_flags(fl, &l->flags) != 0) {
				tap_ok(0, "%s: unknown flag in '%s'", l->where, fl);
				continue;
			}
			n++;
		}
		if (fp)
			fclose(fp);
	}
	globfree(&g);

	char dir[] = "/tmp/lol-flags-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	char spath[600], opath[600], cmd[1400];
	snprintf(spath, sizeof(spath), "%s/f.s", dir);
	snprintf(opath, sizeof(opath), "%s/f.o", dir);
	FILE *s = fopen(spath, "w");
	fprintf(s, "\t.text\n");
	for (size_t i = 0; i < n; i++)
		fprintf(s, "L%zu:\n\t%s\n\t;;\n", i, lines[i].asm_text);
	fclose(s);
	snprintf(cmd, sizeof(cmd), "%s -x -o %s %s 2>%s/as.err", as, opath, spath, dir);
	if (system(cmd) != 0) {
		/* Report which lines the assembler rejected. */
		snprintf(cmd, sizeof(cmd), "cat %s/as.err | grep -v Warning | head -20", dir);
		if (system(cmd)) {
		}
		tap_ok(0, "assembling %zu instruction forms", n);
		return tap_done();
	}
	struct elf64 e;
	char err[512];
	if (elf64_open(&e, opath, err, sizeof(err)) != 0) {
		tap_ok(0, "%s", err);
		return tap_done();
	}
	ia64_init();
	unsigned text = 0;
	for (unsigned i = 0; i < e.shnum; i++)
		if (strcmp(elf64_section_name(&e, i), ".text") == 0)
			text = i;
	const uint8_t *code = elf64_section_data(&e, text);
	uint64_t size = e.sh[text].sh_size;
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof(name), "L%zu", i);
		const struct elf64_sym *sym = NULL;
		for (size_t k = 0; k < e.nsyms; k++)
			if (strcmp(e.syms[k].name, name) == 0)
				sym = &e.syms[k];
		if (!sym || sym->value + 16 > size) {
			tap_ok(0, "%s: %s: label not found", lines[i].where, lines[i].asm_text);
			continue;
		}
		struct ia64_bundle b;
		ia64_decode_bundle(code + sym->value, &b);
		const struct ia64_insn *in = NULL;
		for (unsigned k = 0; k < 3; k++)
			if (b.insn[k].opc && !is_filler(&b.insn[k]))
				in = &b.insn[k];
		if (!in) /* the form is itself a plain nop */
			in = &b.insn[0];
		char got[200], want[200];
		flags_text(in->flags & CHECKED_FLAGS, got, sizeof(got));
		flags_text(lines[i].flags, want, sizeof(want));
		int ok = in->opc && (in->flags & CHECKED_FLAGS) == lines[i].flags;
		if (ok && lines[i].msize >= 0)
			ok = in->opc->msize == lines[i].msize;
		tap_ok(ok, "%s: %s: flags %s%s%s", lines[i].where, lines[i].asm_text, got,
		       ok ? "" : ", expected ", ok ? "" : want);
		if (!ok && in->opc && lines[i].msize >= 0)
			printf("#   msize %d, expected %d\n", in->opc->msize, lines[i].msize);
	}
	elf64_close(&e);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd)) {
	}
	free(lines);
	return tap_done();
}
