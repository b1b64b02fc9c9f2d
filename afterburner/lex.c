// SPDX-License-Identifier: GPL-2.0
/*
 * Reading gas IA-64 assembly, as gas itself does (binutils gas/app.c and
 * config/tc-ia64.c): statements end at ';', '{', '}' or the end of a line; a
 * ';' right after a ';' is a stop; '//' comments run to the end of the line,
 * C comments may span lines, '#' starts a comment only where a statement
 * starts (elsewhere it may end a symbol name: "foo#"); strings are "...",
 * with backslash escapes.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"

const char *ab_prog = "lol-afterburn";
unsigned ab_warnings, ab_errors;

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", ab_prog);
		exit(2);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "%s: out of memory\n", ab_prog);
		exit(2);
	}
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 256;
		while (c < b->len + n + 1)
			c *= 2;
		b->s = xrealloc(b->s, c);
		b->cap = c;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sb_puts(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		sb_put(b, tmp, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb_put(b, big, (size_t)n);
	free(big);
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static void vdiag(const char *kind, const char *file, unsigned line, const char *fmt, va_list ap)
{
	if (file && line)
		fprintf(stderr, "%s:%u: %s: ", file, line, kind);
	else if (file)
		fprintf(stderr, "%s: %s: ", file, kind);
	else
		fprintf(stderr, "%s: %s: ", ab_prog, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ab_error(const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag("error", file, line, fmt, ap);
	va_end(ap);
	ab_errors++;
}

void ab_warn(const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vdiag("warning", file, line, fmt, ap);
	va_end(ap);
	ab_warnings++;
}

void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && is_space(s[*a]))
		(*a)++;
	while (*b > *a && is_space(s[*b - 1]))
		(*b)--;
}

static void push_stmt(struct line_scan *ls, size_t a, size_t b, enum sep sep, bool comment)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 8;
		ls->st = xrealloc(ls->st, ls->cap * sizeof *ls->st);
	}
	trim(ls->clean, &a, &b);
	ls->st[ls->n++] = (struct stmt){a, b, sep, comment};
}

void scan_line(struct line_scan *ls, const char *line, size_t len, bool *in_comment)
{
	ls->n = 0;
	ls->clean = xrealloc(ls->clean, len + 1);
	memcpy(ls->clean, line, len);
	ls->clean[len] = 0;
	ls->len = len;
	char *c = ls->clean;
	size_t i = 0, start = 0;
	bool content = false, comment = false;
	while (i < len) {
		if (*in_comment) {
			if (c[i] == '*' && i + 1 < len && c[i + 1] == '/') {
				c[i] = c[i + 1] = ' ';
				i += 2;
				*in_comment = false;
			} else {
				c[i++] = ' ';
			}
			continue;
		}
		char ch = c[i];
		if (ch == '"') {
			i++;
			while (i < len && c[i] != '"')
				i += c[i] == '\\' ? 2 : 1;
			if (i < len)
				i++;
			if (i > len)
				i = len;
			content = true;
			continue;
		}
		if (ch == '/' && i + 1 < len && c[i + 1] == '*') {
			c[i] = c[i + 1] = ' ';
			i += 2;
			*in_comment = true;
			continue;
		}
		if (ch == '/' && i + 1 < len && c[i + 1] == '/') {
			memset(c + i, ' ', len - i);
			break;
		}
		if (ch == '#' && !content) {
			/* a comment to the end of the line */
			memset(c + i, ' ', len - i);
			comment = true;
			break;
		}
		if (ch == ';') {
			if (i + 1 < len && c[i + 1] == ';') {
				push_stmt(ls, start, i, SEP_STOP, false);
				i += 2;
			} else {
				push_stmt(ls, start, i, SEP_SEMI, false);
				i++;
			}
			start = i;
			content = false;
			continue;
		}
		if (ch == '{' || ch == '}') {
			push_stmt(ls, start, i, ch == '{' ? SEP_LBRACE : SEP_RBRACE, false);
			i++;
			start = i;
			content = false;
			continue;
		}
		if (ch == '\'' && i + 1 < len) {
			/* gas character constant 'c (or '\c) */
			i += c[i + 1] == '\\' ? 3 : 2;
			if (i > len)
				i = len;
			content = true;
			continue;
		}
		if (!is_space(ch))
			content = true;
		i++;
	}
	push_stmt(ls, start, len, SEP_EOL, comment && !content);
}

void line_scan_free(struct line_scan *ls)
{
	free(ls->st);
	free(ls->clean);
	memset(ls, 0, sizeof *ls);
}

static size_t skip_ws(const char *s, size_t i, size_t end)
{
	while (i < end && is_space(s[i]))
		i++;
	return i;
}

void parse_stmt(const char *s, size_t start, size_t end, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	size_t i = skip_ws(s, start, end);
	/* labels: NAME: or NAME:: or DIGITS: */
	for (;;) {
		size_t j = i;
		if (j < end && (is_name_char((unsigned char)s[j]))) {
			while (j < end && is_name_char((unsigned char)s[j]))
				j++;
			if (j < end && s[j] == '#')
				j++;
		}
		if (j > i && j < end && s[j] == ':') {
			j++;
			if (j < end && s[j] == ':')
				j++;
			i = skip_ws(s, j, end);
			continue;
		}
		break;
	}
	p->label_end = i;
	p->insn_start = i;
	/* tags [name:] */
	while (i < end && s[i] == '[') {
		size_t j = i;
		while (j < end && s[j] != ']')
			j++;
		if (j < end)
			j++;
		p->has_tag = true;
		i = skip_ws(s, j, end);
	}
	if (i < end && s[i] == '(') {
		/* (p6), or a rotating predicate (p[...]) with parentheses inside */
		size_t j = i;
		int depth = 0;
		while (j < end) {
			if (s[j] == '(')
				depth++;
			else if (s[j] == ')' && --depth == 0)
				break;
			j++;
		}
		if (j < end)
			j++;
		p->qp_start = i;
		p->qp_end = j;
		i = skip_ws(s, j, end);
	}
	p->mn_start = i;
	while (i < end && (is_name_char((unsigned char)s[i]) || s[i] == '\\'))
		i++;
	p->mn_end = i;
	if (p->mn_end == p->mn_start) {
		p->empty = p->mn_start >= end;
		p->ops_start = p->ops_end = p->mn_start;
		return;
	}
	p->is_directive = s[p->mn_start] == '.';
	size_t k = skip_ws(s, i, end);
	if (k < end && s[k] == '=' && !p->qp_end)
		p->is_assign = true;
	p->ops_start = k;
	p->ops_end = end;
	trim(s, &p->ops_start, &p->ops_end);
}

int split_operands(const char *s, size_t start, size_t end, struct span *ops, int max, int *nout)
{
	int n = 0, depth = 0;
	*nout = 0;
	trim(s, &start, &end);
	if (start == end)
		return 0;
	size_t a = start;
	for (size_t i = start; i <= end; i++) {
		char c = i < end ? s[i] : ',';
		if (c == '"') {
			i++;
			while (i < end && s[i] != '"')
				i += s[i] == '\\' ? 2 : 1;
			continue;
		}
		if (c == '(' || c == '[')
			depth++;
		else if (c == ')' || c == ']')
			depth--;
		else if (depth == 0 && (c == ',' || c == '=')) {
			if (c == '=' && i + 1 < end && s[i + 1] == '=')
				return -1;
			if (n == max)
				return -1;
			size_t x = a, y = i;
			trim(s, &x, &y);
			if (x == y)
				return -1;
			ops[n++] = (struct span){x, y};
			if (c == '=') {
				if (*nout)
					return -1;
				*nout = n;
			}
			a = i + 1;
		}
	}
	return depth == 0 ? n : -1;
}
