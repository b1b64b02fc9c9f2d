// SPDX-License-Identifier: GPL-2.0
/*
 * The lol-vmm command line of a profile:
 *   lol-vmm [options] vmlinux [kernel command line words...]
 * Pure: builds strings only, so the fuzzer runs it on every parsed profile.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

struct vec {
	char **v;
	size_t n, cap;
};

static void push(struct vec *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void push(struct vec *a, const char *fmt, ...)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? 2 * a->cap : 32;
		a->v = realloc(a->v, a->cap * sizeof(*a->v));
		if (!a->v)
			goto oom;
	}
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(&a->v[a->n], fmt, ap);
	va_end(ap);
	if (r < 0)
		goto oom;
	a->v[++a->n] = NULL;
	return;
oom:
	fputs("lol-launch: out of memory\n", stderr);
	exit(1);
}

/* The largest unit that divides the size exactly: 256M, 1G, 1536M... */
static void push_size(struct vec *a, uint64_t bytes)
{
	static const char units[] = "KMGT";
	int u = -1;
	while (u < 3 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	if (u < 0)
		push(a, "%lluK", (unsigned long long)(bytes + 1023) / 1024);
	else
		push(a, "%llu%c", (unsigned long long)bytes, units[u]);
}

char **launch_argv(const struct profile *p, const char *vmm, const char *rundir,
		   const struct launch_opts *o)
{
	struct vec a = { 0 };
	push(&a, "%s", vmm);
	if (o->keep)
		push(&a, "-k");
	if (o->trace)
		push(&a, "--trace");
	if (o->stats)
		push(&a, "--stats");
	push(&a, "-m");
	push_size(&a, p->mem_bytes);
	if (p->initrd.text) {
		push(&a, "--initrd");
		push(&a, "%s", p->initrd.text);
	}
	push(&a, "--console");
	switch (p->console) {
	case PROFILE_CONSOLE_STDIO:
		push(&a, "stdio");
		break;
	case PROFILE_CONSOLE_PTY:
		push(&a, "pty");
		break;
	case PROFILE_CONSOLE_NONE:
		push(&a, "none");
		break;
	case PROFILE_CONSOLE_UNIX:
		/* a relative socket path lives in the run directory */
		if (p->console_path.text[0] == '/' || !rundir)
			push(&a, "unix:%s", p->console_path.text);
		else
			push(&a, "unix:%s/%s", rundir, p->console_path.text);
		break;
	}
	push(&a, "--net");
	switch (p->net) {
	case PROFILE_NET_USER:
		push(&a, "user");
		break;
	case PROFILE_NET_TAP:
		push(&a, "tap:%s", p->tap_if);
		break;
	case PROFILE_NET_NONE:
		push(&a, "none");
		break;
	}
	for (unsigned i = 0; i < p->nhostfwd; i++) {
		push(&a, "--hostfwd");
		push(&a, "%s", p->hostfwd[i].text);
	}
	/* the interpreter is the monitor's default (and, so far, only) back end */
	if (p->backend == PROFILE_BACKEND_PTRACE) {
		push(&a, "--backend");
		push(&a, "ptrace");
	}

	push(&a, "%s", p->kernel.text);
	push(&a, "maxcpus=%u", p->cpus);
	if (p->ndisks)
		push(&a, "simscsi=%s/sd", rundir ? rundir : ".");
	/* the first disk is the root disk unless the profile says otherwise */
	if (p->root.text && strcmp(p->root.text, "none"))
		push(&a, "root=%s", p->root.text);
	else if (!p->root.text && p->ndisks)
		push(&a, "root=/dev/sda");
	if (p->init.text)
		push(&a, "init=%s", p->init.text);
	for (unsigned i = 0; i < p->nwords; i++)
		push(&a, "%s", p->words[i]);
	for (int i = 0; i < o->nextra; i++)
		push(&a, "%s", o->extra_words[i]);
	return a.v;
}

void launch_argv_free(char **argv)
{
	for (char **s = argv; s && *s; s++)
		free(*s);
	free(argv);
}

/* Quote for a POSIX shell only when needed, so the line can be pasted. */
static void print_word(const char *w, FILE *f)
{
	if (*w && !w[strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "0123456789%+,-./:=@_")]) {
		fputs(w, f);
		return;
	}
	fputc('\'', f);
	for (; *w; w++)
		if (*w == '\'')
			fputs("'\\''", f);
		else
			fputc(*w, f);
	fputc('\'', f);
}

void print_argv(char **argv, FILE *f)
{
	for (char **s = argv; *s; s++) {
		if (s != argv)
			fputc(' ', f);
		print_word(*s, f);
	}
	fputc('\n', f);
}
