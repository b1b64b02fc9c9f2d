// SPDX-License-Identifier: GPL-2.0
/*
 * Launch profiles: "key = value" lines, '#' comments.  Pure parsing and
 * checking: nothing here touches the file system, so it can be fuzzed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

#define MAX_LINE 4096
#define MAX_WORDS 256
#define MAX_CMDLINE 2048 /* the ia64 kernel's COMMAND_LINE_SIZE */
#define IFNAME_MAX 15

enum key {
	K_MEMORY, K_CPUS, K_KERNEL, K_INITRD, K_ROOT, K_INIT, K_NETWORK, K_CONSOLE,
	K_BACKEND, K_DESCRIPTION,
	/* repeatable */
	K_DISK, K_CMDLINE, K_HOSTFWD,
};

static const char *const key_names[] = {
	[K_MEMORY] = "memory", [K_CPUS] = "cpus", [K_KERNEL] = "kernel",
	[K_INITRD] = "initrd", [K_ROOT] = "root", [K_INIT] = "init",
	[K_NETWORK] = "network", [K_CONSOLE] = "console", [K_BACKEND] = "backend",
	[K_DESCRIPTION] = "description", [K_DISK] = "disk", [K_CMDLINE] = "cmdline",
	[K_HOSTFWD] = "hostfwd",
};
#define NKEYS (sizeof(key_names) / sizeof(key_names[0]))

void profile_init(struct profile *p, const char *file)
{
	memset(p, 0, sizeof(*p));
	p->file = file;
	p->mem_bytes = PROFILE_DEFAULT_MEM;
	p->cpus = 1;
	p->net = PROFILE_NET_USER;
	p->console = PROFILE_CONSOLE_STDIO;
}

static void pval_free(struct pval *v)
{
	free(v->text);
	v->text = NULL;
}

void profile_free(struct profile *p)
{
	pval_free(&p->kernel);
	pval_free(&p->initrd);
	pval_free(&p->root);
	pval_free(&p->init);
	pval_free(&p->description);
	pval_free(&p->console_path);
	for (unsigned i = 0; i < p->ndisks; i++)
		pval_free(&p->disk[i]);
	for (unsigned i = 0; i < p->nhostfwd; i++)
		pval_free(&p->hostfwd[i]);
	for (unsigned i = 0; i < p->nwords; i++)
		free(p->words[i]);
	free(p->words);
	free(p->tap_if);
	p->ndisks = p->nhostfwd = p->nwords = 0;
	p->words = NULL;
	p->tap_if = NULL;
}

void profile_error(const struct profile *p, unsigned line, char *err, size_t errlen,
		   const char *fmt, ...)
{
	int n = line ? snprintf(err, errlen, "%s:%u: ", p->file, line)
		     : snprintf(err, errlen, "%s: ", p->file);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
}

/* Out-of-memory is not bad input: say so and stop. */
static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		fputs("lol-launch: out of memory\n", stderr);
		exit(1);
	}
	return d;
}

int parse_size(const char *s, uint64_t *bytes)
{
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	unsigned shift = 20; /* a bare number is MiB, as for qemu -m */
	if (*end) {
		switch (toupper((unsigned char)*end)) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		case 'T': shift = 40; break;
		default: return -1;
		}
		end++;
		/* "256M", "256MB" and "256MiB" all mean 256 MiB */
		if (!strcmp(end, "iB") || !strcmp(end, "B"))
			end += strlen(end);
		if (*end)
			return -1;
	}
	if (v > (UINT64_MAX >> shift))
		return -1;
	*bytes = (uint64_t)v << shift;
	return 0;
}

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	if (!isdigit((unsigned char)*s) || strlen(s) > 9)
		return -1;
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static bool has_space(const char *s)
{
	return strpbrk(s, " \t") != NULL;
}

/* A single-valued key set twice in the profile is a mistake; --set replaces. */
static int set_once(struct profile *p, enum key k, unsigned line, char *err, size_t errlen)
{
	if (line && p->seen[k]) {
		profile_error(p, line, err, errlen, "%s given twice (first at line %u)",
			      key_names[k], p->seen[k]);
		return -1;
	}
	p->seen[k] = line ? line : p->seen[k];
	return 0;
}

static void set_text(struct pval *v, const char *value, unsigned line)
{
	free(v->text);
	v->text = xstrdup(value);
	v->line = line;
}

static int set_hostfwd(struct profile *p, const char *value, unsigned line, char *err,
		       size_t errlen)
{
	char proto[8];
	unsigned hport, gport;
	const char *c1 = strchr(value, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	char hbuf[16], gbuf[16];
	if (c1 && c2 && (size_t)(c1 - value) < sizeof(proto) &&
	    (size_t)(c2 - c1 - 1) < sizeof(hbuf) && strlen(c2 + 1) < sizeof(gbuf)) {
		memcpy(proto, value, c1 - value);
		proto[c1 - value] = 0;
		memcpy(hbuf, c1 + 1, c2 - c1 - 1);
		hbuf[c2 - c1 - 1] = 0;
		strcpy(gbuf, c2 + 1);
		if ((!strcmp(proto, "tcp") || !strcmp(proto, "udp")) &&
		    !parse_uint(hbuf, 1, 65535, &hport) && !parse_uint(gbuf, 1, 65535, &gport))
			goto good;
	}
	profile_error(p, line, err, errlen,
		      "hostfwd %s: expected tcp:HOSTPORT:GUESTPORT (or udp:), ports 1-65535", value);
	return -1;
good:
	if (p->nhostfwd == PROFILE_MAX_FWD) {
		profile_error(p, line, err, errlen, "more than %d hostfwd lines", PROFILE_MAX_FWD);
		return -1;
	}
	if (!p->nhostfwd)
		p->hostfwd_line = line;
	set_text(&p->hostfwd[p->nhostfwd++], value, line);
	return 0;
}

static int add_words(struct profile *p, const char *value, unsigned line, char *err,
		     size_t errlen)
{
	char *copy = xstrdup(value), *save = NULL;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (p->nwords == MAX_WORDS) {
			profile_error(p, line, err, errlen,
				      "more than %d kernel command line words", MAX_WORDS);
			free(copy);
			return -1;
		}
		char **nw = realloc(p->words, (p->nwords + 1) * sizeof(*nw));
		if (!nw) {
			fputs("lol-launch: out of memory\n", stderr);
			exit(1);
		}
		p->words = nw;
		p->words[p->nwords++] = xstrdup(w);
	}
	free(copy);
	return 0;
}

int profile_set(struct profile *p, const char *key, const char *value, unsigned line,
		char *err, size_t errlen)
{
	enum key k;
	for (k = 0; k < NKEYS; k++)
		if (!strcmp(key, key_names[k]))
			break;
	if (k == NKEYS) {
		profile_error(p, line, err, errlen,
			      "unknown key '%s' (known: memory, cpus, kernel, initrd, disk, root, "
			      "init, cmdline, network, hostfwd, console, backend, description)", key);
		return -1;
	}
	if (!*value) {
		profile_error(p, line, err, errlen, "%s: empty value", key);
		return -1;
	}
	if (k < K_DISK && set_once(p, k, line, err, errlen))
		return -1;

	switch (k) {
	case K_MEMORY: {
		uint64_t b;
		if (parse_size(value, &b)) {
			profile_error(p, line, err, errlen,
				      "memory %s: not a size (e.g. 256M, 1G; a bare number is MiB)",
				      value);
			return -1;
		}
		if (b < PROFILE_MIN_MEM || b > PROFILE_MAX_MEM) {
			profile_error(p, line, err, errlen, "memory %s: must be from 64M to 64G",
				      value);
			return -1;
		}
		p->mem_bytes = b;
		return 0;
	}
	case K_CPUS:
		if (parse_uint(value, 1, PROFILE_MAX_CPUS, &p->cpus)) {
			profile_error(p, line, err, errlen, "cpus %s: not a number from 1 to %d",
				      value, PROFILE_MAX_CPUS);
			return -1;
		}
		return 0;
	case K_KERNEL:
		set_text(&p->kernel, value, line);
		return 0;
	case K_INITRD:
		set_text(&p->initrd, value, line);
		return 0;
	case K_DESCRIPTION:
		set_text(&p->description, value, line);
		return 0;
	case K_ROOT:
	case K_INIT:
		if (has_space(value)) {
			profile_error(p, line, err, errlen, "%s %s: must be one word", key, value);
			return -1;
		}
		if (k == K_INIT && value[0] != '/') {
			profile_error(p, line, err, errlen,
				      "init %s: must be an absolute path in the guest", value);
			return -1;
		}
		set_text(k == K_ROOT ? &p->root : &p->init, value, line);
		return 0;
	case K_NETWORK:
		free(p->tap_if);
		p->tap_if = NULL;
		if (!strcmp(value, "user")) {
			p->net = PROFILE_NET_USER;
		} else if (!strcmp(value, "none")) {
			p->net = PROFILE_NET_NONE;
		} else if (!strncmp(value, "tap:", 4) && value[4] && strlen(value + 4) <= IFNAME_MAX &&
			   !strpbrk(value + 4, "/: \t")) {
			p->net = PROFILE_NET_TAP;
			p->tap_if = xstrdup(value + 4);
		} else {
			profile_error(p, line, err, errlen,
				      "network %s: expected user, none or tap:INTERFACE", value);
			return -1;
		}
		return 0;
	case K_CONSOLE:
		if (!strcmp(value, "stdio")) {
			p->console = PROFILE_CONSOLE_STDIO;
		} else if (!strcmp(value, "pty")) {
			p->console = PROFILE_CONSOLE_PTY;
		} else if (!strcmp(value, "none")) {
			p->console = PROFILE_CONSOLE_NONE;
		} else if (!strncmp(value, "unix:", 5) && value[5]) {
			p->console = PROFILE_CONSOLE_UNIX;
			set_text(&p->console_path, value + 5, line);
		} else {
			profile_error(p, line, err, errlen,
				      "console %s: expected stdio, pty, unix:PATH or none", value);
			return -1;
		}
		return 0;
	case K_BACKEND:
		if (!strcmp(value, "interp")) {
			p->backend = PROFILE_BACKEND_INTERP;
		} else if (!strcmp(value, "ptrace")) {
			p->backend = PROFILE_BACKEND_PTRACE;
		} else {
			profile_error(p, line, err, errlen, "backend %s: expected interp or ptrace",
				      value);
			return -1;
		}
		return 0;
	case K_DISK:
		if (p->ndisks == PROFILE_MAX_DISKS) {
			profile_error(p, line, err, errlen, "more than %d disks", PROFILE_MAX_DISKS);
			return -1;
		}
		set_text(&p->disk[p->ndisks++], value, line);
		return 0;
	case K_CMDLINE:
		return add_words(p, value, line, err, errlen);
	case K_HOSTFWD:
		return set_hostfwd(p, value, line, err, errlen);
	}
	return 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

static int parse_line(struct profile *p, char *s, unsigned line, char *err, size_t errlen)
{
	for (char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 && *c != '\t' && !(*c == '\r' && !c[1])) {
			profile_error(p, line, err, errlen, "control character (0x%02x) in the line",
				      (unsigned char)*c);
			return -1;
		} else if (*c == 0x7f) {
			profile_error(p, line, err, errlen, "control character (0x7f) in the line");
			return -1;
		}
	s = trim(s);
	if (!*s || *s == '#')
		return 0;
	/* a comment may follow a value after white space: "memory = 1G  # enough" */
	for (char *c = s + 1; *c; c++)
		if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t')) {
			*c = 0;
			break;
		}
	char *eq = strchr(s, '=');
	if (!eq) {
		profile_error(p, line, err, errlen, "expected 'key = value'");
		return -1;
	}
	*eq = 0;
	char *key = trim(s), *value = trim(eq + 1);
	if (!*key) {
		profile_error(p, line, err, errlen, "no key before '='");
		return -1;
	}
	for (char *c = key; *c; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '_' &&
		    *c != '-') {
			profile_error(p, line, err, errlen,
				      "bad key '%s' (keys are lower-case words)", key);
			return -1;
		}
	return profile_set(p, key, value, line, err, errlen);
}

int profile_parse(struct profile *p, const char *buf, size_t len, char *err, size_t errlen)
{
	char line_buf[MAX_LINE + 1];
	unsigned line = 0;
	size_t pos = 0;
	while (pos < len) {
		line++;
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		if (n > MAX_LINE) {
			profile_error(p, line, err, errlen, "line longer than %d bytes", MAX_LINE);
			return -1;
		}
		if (memchr(buf + pos, 0, n)) {
			profile_error(p, line, err, errlen, "NUL byte in the line (not a text file?)");
			return -1;
		}
		memcpy(line_buf, buf + pos, n);
		line_buf[n] = 0;
		if (parse_line(p, line_buf, line, err, errlen))
			return -1;
		pos += n + 1;
	}
	return 0;
}

int profile_check(const struct profile *p, char *err, size_t errlen)
{
	if (!p->kernel.text) {
		profile_error(p, 0, err, errlen,
			      "no kernel (add e.g. 'kernel = @guest-kernel' or a vmlinux path)");
		return -1;
	}
	if (p->nhostfwd && p->net != PROFILE_NET_USER) {
		profile_error(p, p->hostfwd_line, err, errlen,
			      "hostfwd needs 'network = user'");
		return -1;
	}
	size_t total = 0;
	for (unsigned i = 0; i < p->nwords; i++)
		total += strlen(p->words[i]) + 1;
	if (total > MAX_CMDLINE - 256) {
		profile_error(p, 0, err, errlen,
			      "cmdline words take %zu bytes; the kernel takes %d in all", total,
			      MAX_CMDLINE);
		return -1;
	}
	return 0;
}
