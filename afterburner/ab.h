/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol-afterburn internals: a reader of gas IA-64 assembly, the classifier of
 * privileged/sensitive instructions built on the ISA library, the rewriter,
 * and the audit of objects and kernels.
 */
#ifndef LOL_AB_H
#define LOL_AB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lol-abi.h"

/* ---- growable string buffer ---- */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sb_put(struct sbuf *b, const char *s, size_t n);
void sb_puts(struct sbuf *b, const char *s);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(struct sbuf *b);

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrndup(const char *s, size_t n);
char *xstrdup(const char *s);

/* ---- diagnostics ---- */
extern const char *ab_prog;
extern unsigned ab_warnings, ab_errors;
void ab_error(const char *file, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ab_warn(const char *file, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- lexical helpers (lex.c) ---- */
static inline bool is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$' ||
	       c == '@' || c == '?';
}
static inline bool is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}
static inline bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* One statement of a physical line: offsets into the line.  clean[] is the
 * line with comments blanked (same length), so offsets are shared. */
enum sep { SEP_EOL, SEP_SEMI, SEP_STOP, SEP_LBRACE, SEP_RBRACE };
struct stmt {
	size_t start, end;  /* the statement, trimmed, in clean text */
	enum sep sep;       /* what ends it */
	bool comment;       /* a '#' comment statement (ignored) */
};

struct line_scan {
	struct stmt *st;
	size_t n, cap;
	char *clean; /* the line, comments replaced by blanks */
	size_t len;
};

/* Scan one physical line (without its newline).  *in_comment carries an
 * open C comment across lines. */
void scan_line(struct line_scan *ls, const char *line, size_t len, bool *in_comment);
void line_scan_free(struct line_scan *ls);

/* A parsed statement. */
struct parsed {
	size_t label_end;    /* end of leading labels (where a tag may go) */
	size_t insn_start;   /* tag / qp / mnemonic start */
	size_t qp_start, qp_end; /* "(p6)" text, or both 0 */
	size_t mn_start, mn_end;
	size_t ops_start, ops_end;
	bool has_tag;        /* the statement already has a [tag:] */
	bool is_assign;      /* sym = expr */
	bool is_directive;   /* mnemonic starts with '.' */
	bool empty;
};
void parse_stmt(const char *clean, size_t start, size_t end, struct parsed *p);

/* Split operands at top level by ',' and '='; returns count (<= max),
 * *nout the number before '='. -1 on syntax trouble. */
struct span {
	size_t a, b;
};
int split_operands(const char *s, size_t start, size_t end, struct span *ops, int max, int *nout);

/* Trim blanks of [*a, *b) in s. */
void trim(const char *s, size_t *a, size_t *b);

/* ---- constant expressions (expr.c): gas precedence ---- */
typedef bool (*sym_lookup_fn)(void *ctx, const char *name, size_t len, int64_t *val);
bool eval_expr(const char *s, size_t len, int64_t *val, sym_lookup_fn look, void *ctx);

/* ---- classification (insn.c) ---- */
enum reg_file { RF_NONE, RF_GR, RF_FR, RF_PR, RF_BR, RF_AR, RF_CR, RF_FIXED, RF_IND, RF_MEM, RF_IMM };

struct operand {
	enum reg_file rf;
	int num;           /* register number, -1 if unknown (rotating names) */
	const char *fixed; /* RF_FIXED: "psr", "psr.l", ...; RF_IND: "rr", "cpuid", ... */
	int inner;         /* RF_IND / RF_MEM: the index register number (-1 unknown) */
	size_t a, b;       /* text span */
};

/* Register-name context: the stacked-register frame (alloc, .regstk) and
 * register aliases (sym = reg). */
struct regctx {
	int ins, locs, outs; /* -1: unknown frame */
	struct alias {
		char *name;
		struct operand op; /* rotating sets: op.num = first register */
		int rot;           /* rotating set (.rotr/.rotp/.rotf) of rot registers, else 0 */
	} *alias;
	size_t nalias, calias;
};
void parse_operand(const struct regctx *rc, const char *s, size_t a, size_t b, struct operand *o);

/* The privileged / sensitive statements. */
struct site_class {
	int kind;               /* enum lol_site_kind */
	char unit;              /* 'M', 'I', 'B' */
	bool priv;              /* privileged (else sensitive) */
	bool last;              /* must end an instruction group (gas LAST) */
	uint64_t enc;           /* the encoding, register operands and qp 0 */
	int nimm;               /* immediate operands to be formed by gas */
	struct imm_enc {
		int opnd;       /* operand index */
		int nf;         /* fields, most significant first */
		uint8_t pos[4], len[4];
	} imm[2];
	const char *why;        /* when kind < 0: why it cannot be rewritten */
};

void classify_init(void);
/* Is mnem (lowercase, length n) the mnemonic of any privileged/sensitive
 * form?  A quick filter. */
bool mnem_maybe_sensitive(const char *mnem, size_t n);
/* Classify one instruction.  Returns 0 if it is not privileged or
 * sensitive, 1 if it is (sc filled; sc->kind < 0 and sc->why set when the
 * site cannot be encoded), -1 if the statement does not parse as an
 * instruction we know (sc->why). */
int classify_insn(const struct regctx *rc, const char *clean, const struct parsed *p,
		  struct site_class *sc);
const char *site_kind_name(int kind);
int site_kind_by_name(const char *name, size_t len); /* -1 if none */

/* ---- rewriting (rewrite.c) ---- */
struct ab_opts {
	bool force;        /* run the rewriting path even without sites (tests) */
	bool inline_reads; /* inline reads of mirrored cr / kr (LOL_SITE_F_INLINE) */
	const bool *native_kinds; /* [256]: kinds kept as written, annotated (LOL_SITE_F_NATIVE) */
	const char **incdirs;
	size_t nincdirs;
	const char *tmpdir;
};

struct ab_file {
	const char *name;     /* as given ("-" for stdin) */
	const char *display;  /* for messages */
	char *data;
	size_t len;
	char *out_path;       /* rewritten copy, when needed */
};

struct ab_ctx;
struct ab_ctx *ab_new(const struct ab_opts *o);
/* Rewrite a file; returns false on errors (already reported).  last: the
 * final input of this assembly (the records go at its end). */
bool ab_rewrite(struct ab_ctx *c, struct ab_file *f, bool last, struct sbuf *out);
unsigned ab_nsites(const struct ab_ctx *c);
unsigned ab_edits(const struct ab_ctx *c);
unsigned ab_npostpatch(const struct ab_ctx *c);
unsigned ab_ninline(const struct ab_ctx *c);
/* Will gas insert stops itself (automatic mode) somewhere? */
bool ab_auto_mode(const struct ab_ctx *c, bool args_auto);
bool ab_read_file(struct ab_file *f);
void ab_free(struct ab_ctx *c);

/* ---- audit (audit.c) ---- */
int audit_main(int argc, char **argv);
int verify_objects(const char *newpath, const char *origpath);
/* The same for any two ELF files (code_only: compare executable sections only,
 * e.g. two vmlinux builds whose version strings differ). */
int compare_objects(const char *newpath, const char *origpath, bool code_only);
/* Put the breaks of LOL_SITE_F_POSTPATCH sites into an assembled object. */
int postpatch_object(const char *path);

#endif
