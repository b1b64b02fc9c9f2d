// SPDX-License-Identifier: GPL-2.0
/*
 * The rewriter: every privileged or sensitive instruction becomes
 *
 *     [.Llol_tN:] (qp) break.<unit> LOL_BREAK_SITE(kind)
 *
 * in the same slot: the same unit, the same qualifying predicate, the same
 * place in its instruction group, so templates, stops and the dependency
 * rules gas checks are what they were (an instruction gas ends a group after,
 * rfi, bsw, cover, itc, ptc.g, ptc.ga, gets an explicit stop instead).  The
 * tag is a gas tag, which names bundle address + slot without forcing a new
 * bundle as a label would.  Immediates of the original (rsm/ssm masks, mov
 * ar=imm8, probe's imm2) are captured on the same line by ".Llol_vN_k =
 * (expr)", so gas evaluates them where they stood.  Nothing is added between
 * lines, so line numbers stay; the annotation records (see lol-abi.h) are
 * appended at the end of the last input, each guarded by ".ifdef" of its tag
 * so that sites in conditional blocks gas skips have none.
 *
 * gas macros (.macro, .rept, .irp, .irpc) whose body may hold a sensitive
 * instruction are expanded here (their invocations replaced by the expansion
 * on the same line); others are left to gas.  .include'd files are read and,
 * when they need rewriting, replaced by rewritten copies.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ab.h"

struct loc {
	const char *file;
	unsigned line;
};

struct site {
	unsigned id;
	unsigned ninsn; /* instructions of the replacement */
	int kind;
	uint16_t flags;
	char unit;
	uint64_t enc;
	int nimm;
	struct imm_enc imm[2];
	char *section;
	char *text;
};

struct macro {
	char *name;
	int nparams;
	char **params, **defaults;
	bool *req, *vararg;
	char *body; /* lines, each ending in '\n' */
	struct loc loc;
	int sens;   /* -1 not known yet, 0, 1; 2 while being computed */
	bool complex;
};

struct sym {
	char *name;
	int64_t v;
};

enum col_kind { COL_NONE, COL_MACRO, COL_REPT, COL_IRP, COL_IRPC };

struct ab_ctx {
	struct ab_opts o;
	struct site *sites;
	size_t nsites, csites;
	unsigned next_id;
	struct regctx rc;
	struct sym *syms;
	size_t nsyms, csyms;
	struct macro *macros;
	size_t nmacros, cmacros;
	char *sec, *prev;
	struct {
		char *sec, *prev;
	} *stack;
	size_t nstack, cstack;
	bool in_bundle;
	int tmpl_pending; /* slots still under a template directive (.mii ...) */
	bool altmacro;
	unsigned expand_no;
	int depth;
	unsigned edits; /* changes made to the current file */
	unsigned npostpatch;
	unsigned ninline;
	bool saw_auto;        /* a .auto directive: gas inserts stops itself */
	bool saw_explicit;
	bool native;          /* .Llol_afterburn_native = 1: annotate, do not rewrite */
	/* for the liveness scan of inline sequences: the rest of the current
	 * line (its statements after cur_idx) and of the file */
	const struct line_scan *cur_ls;
	size_t cur_idx;
	const char *look, *look_end;
	bool look_comment;
	uint32_t grp_mask; /* static GRs the current instruction group named so far */
	unsigned ninc;
	/* collecting a block (.macro ... .endm, .rept ... .endr) */
	enum col_kind col;
	int col_depth;
	struct sbuf col_body;
	struct sbuf col_out;  /* the block's lines as they were */
	unsigned col_lines;
	struct loc col_loc;
	char *col_head;       /* the directive's operands */
	bool col_ok;
};

static bool process_text(struct ab_ctx *c, const char *text, size_t len, struct loc loc, bool *in_comment,
			 struct sbuf *out, bool in_expansion);

struct ab_ctx *ab_new(const struct ab_opts *o)
{
	struct ab_ctx *c = xmalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	c->o = *o;
	c->rc.ins = c->rc.locs = c->rc.outs = -1;
	c->sec = xstrdup(".text");
	c->prev = xstrdup(".text");
	classify_init();
	return c;
}

unsigned ab_edits(const struct ab_ctx *c)
{
	return c->edits;
}

bool ab_auto_mode(const struct ab_ctx *c, bool args_auto)
{
	return c->saw_auto || (args_auto && !c->saw_explicit);
}

unsigned ab_ninline(const struct ab_ctx *c)
{
	return c->ninline;
}

unsigned ab_npostpatch(const struct ab_ctx *c)
{
	return c->npostpatch;
}

unsigned ab_nsites(const struct ab_ctx *c)
{
	return (unsigned)c->nsites;
}

static void free_macro(struct macro *m)
{
	free(m->name);
	for (int i = 0; i < m->nparams; i++) {
		free(m->params[i]);
		free(m->defaults[i]);
	}
	free(m->params);
	free(m->defaults);
	free(m->req);
	free(m->vararg);
	free(m->body);
}

void ab_free(struct ab_ctx *c)
{
	for (size_t i = 0; i < c->nsites; i++) {
		free(c->sites[i].section);
		free(c->sites[i].text);
	}
	free(c->sites);
	for (size_t i = 0; i < c->rc.nalias; i++)
		free(c->rc.alias[i].name);
	free(c->rc.alias);
	for (size_t i = 0; i < c->nsyms; i++)
		free(c->syms[i].name);
	free(c->syms);
	for (size_t i = 0; i < c->nmacros; i++)
		free_macro(&c->macros[i]);
	free(c->macros);
	for (size_t i = 0; i < c->nstack; i++) {
		free(c->stack[i].sec);
		free(c->stack[i].prev);
	}
	free(c->stack);
	free(c->sec);
	free(c->prev);
	sb_free(&c->col_body);
	sb_free(&c->col_out);
	free(c->col_head);
	free(c);
}

/* ---- symbols, aliases, frame ---- */

static bool lookup_sym(void *ctx, const char *name, size_t len, int64_t *v)
{
	struct ab_ctx *c = ctx;
	for (size_t i = c->nsyms; i-- > 0;)
		if (strlen(c->syms[i].name) == len && !memcmp(c->syms[i].name, name, len)) {
			*v = c->syms[i].v;
			return true;
		}
	return false;
}

static void set_sym(struct ab_ctx *c, const char *name, size_t len, int64_t v)
{
	if (c->nsyms == c->csyms) {
		c->csyms = c->csyms ? c->csyms * 2 : 16;
		c->syms = xrealloc(c->syms, c->csyms * sizeof *c->syms);
	}
	c->syms[c->nsyms++] = (struct sym){xstrndup(name, len), v};
}

static void set_alias(struct ab_ctx *c, const char *name, size_t len, const struct operand *op, int rot)
{
	struct regctx *rc = &c->rc;
	if (rc->nalias == rc->calias) {
		rc->calias = rc->calias ? rc->calias * 2 : 16;
		rc->alias = xrealloc(rc->alias, rc->calias * sizeof *rc->alias);
	}
	rc->alias[rc->nalias].name = xstrndup(name, len);
	rc->alias[rc->nalias].op = *op;
	rc->alias[rc->nalias].rot = rot;
	rc->nalias++;
}

static void drop_name(struct ab_ctx *c, const char *name, size_t len)
{
	/* a symbol redefined as a constant is no register any more */
	for (size_t i = 0; i < c->rc.nalias; i++)
		if (strlen(c->rc.alias[i].name) == len && !memcmp(c->rc.alias[i].name, name, len))
			c->rc.alias[i].name[0] = 0;
}

static void assign(struct ab_ctx *c, const char *s, size_t na, size_t nb, size_t ea, size_t eb)
{
	trim(s, &na, &nb);
	trim(s, &ea, &eb);
	if (na == nb)
		return;
	static const char pragma[] = ".Llol_afterburn_native";
	if (nb - na == sizeof pragma - 1 && !memcmp(s + na, pragma, nb - na)) {
		int64_t v;
		if (eval_expr(s + ea, eb - ea, &v, lookup_sym, c))
			c->native = v != 0;
	}
	struct operand op;
	parse_operand(&c->rc, s, ea, eb, &op);
	if (op.rf != RF_IMM && op.rf != RF_MEM) {
		set_alias(c, s + na, nb - na, &op, 0);
		return;
	}
	drop_name(c, s + na, nb - na);
	int64_t v;
	if (eval_expr(s + ea, eb - ea, &v, lookup_sym, c))
		set_sym(c, s + na, nb - na, v);
}

static void set_frame(struct ab_ctx *c, const char *s, const struct span *sp, int n)
{
	int64_t v[3];
	c->rc.ins = c->rc.locs = c->rc.outs = -1;
	if (n < 3)
		return;
	for (int i = 0; i < 3; i++)
		if (!eval_expr(s + sp[i].a, sp[i].b - sp[i].a, &v[i], lookup_sym, c) || v[i] < 0 || v[i] > 96)
			return;
	if (v[0] + v[1] + v[2] > 96)
		return;
	c->rc.ins = (int)v[0], c->rc.locs = (int)v[1], c->rc.outs = (int)v[2];
}

/* ---- sections ---- */

static char *section_name(const char *s, size_t a, size_t b)
{
	trim(s, &a, &b);
	if (a < b && s[a] == '"') {
		size_t e = a + 1;
		while (e < b && s[e] != '"')
			e++;
		return xstrndup(s + a + 1, e - a - 1);
	}
	size_t e = a;
	while (e < b && s[e] != ',' && !is_space(s[e]))
		e++;
	return xstrndup(s + a, e - a);
}

static void set_section(struct ab_ctx *c, char *name)
{
	free(c->prev);
	c->prev = c->sec;
	c->sec = name;
}

/* ---- output helpers ---- */

struct edit {
	size_t a, b;
	char *text;
};
struct edits {
	struct edit *e;
	size_t n, cap;
};

static void add_edit(struct edits *ed, size_t a, size_t b, char *text)
{
	if (ed->n == ed->cap) {
		ed->cap = ed->cap ? ed->cap * 2 : 4;
		ed->e = xrealloc(ed->e, ed->cap * sizeof *ed->e);
	}
	ed->e[ed->n++] = (struct edit){a, b, text};
}

static void put_escaped(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			sb_printf(b, "\\%c", ch);
		else if (ch < 32 || ch >= 127)
			sb_printf(b, "\\%03o", ch);
		else
			sb_put(b, (const char *)&ch, 1);
	}
}

/* "a  b\tc" -> "a b c" */
static char *collapse(const char *s, size_t a, size_t b)
{
	char *d = xmalloc(b - a + 1);
	size_t k = 0;
	bool sp = false;
	for (size_t i = a; i < b; i++) {
		if (is_space(s[i])) {
			sp = true;
			continue;
		}
		if (sp && k)
			d[k++] = ' ';
		sp = false;
		d[k++] = s[i];
	}
	d[k] = 0;
	return d;
}

/* ---- register use, for the scratch registers of inline sequences ---- */

/* What a statement does to the static general registers r1-r31, by gas's
 * syntax: operands before '=' are written (a memory operand [rX] is read, and
 * written too with a post-increment), after '=' (or without one) read.  stop:
 * control may leave the straight line here, or the statement is one the scan
 * cannot see through (branch, break, bank switch, section change, conditional
 * assembly, macro, unknown directive); unknown: a register it cannot name. */
struct gruse {
	uint32_t rd, wr;
	bool stop;
};

static bool mn_is(const char *s, const struct parsed *p, const char *name);
static struct macro *find_macro(struct ab_ctx *c, const char *name, size_t len);

static bool directive_transparent(const char *s, const struct parsed *p)
{
	static const char *const ok[] = {
	    ".save", ".savesp", ".savepsp", ".spill", ".spillreg", ".spillsp", ".spillpsp", ".restore",
	    ".restorereg", ".body", ".prologue", ".label_state", ".copy_state", ".unwabi", ".unwentry",
	    ".vframe", ".vframesp", ".vframepsp", ".personality", ".handlerdata", ".fframe", ".altrp", ".save.b",
	    ".save.g", ".save.f", ".save.gf", ".pred.rel", ".pred.rel.clear", ".pred.rel.imply",
	    ".pred.rel.mutex", ".pred.safe_across_calls", ".align", ".balign", ".p2align", ".mii", ".mmi", ".mfi",
	    ".mmf", ".mib", ".mmb", ".mfb", ".mbb", ".bbb", ".mlx", ".xdata1", ".xdata2", ".xdata4", ".xdata8",
	    ".xdata16", ".xstringz", ".xstring", ".loc", ".file", ".type", ".size", ".global", ".globl", ".local",
	    ".weak", ".hidden", ".ident", ".explicit", ".default", ".serialize.data", ".serialize.instruction"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (mn_is(s, p, ok[i]))
			return true;
	return false;
}

static uint32_t grbit(int r)
{
	return r > 0 && r < 32 ? 1u << r : 0;
}

static void stmt_gr_use(struct ab_ctx *c, const char *s, const struct parsed *p, struct gruse *u)
{
	memset(u, 0, sizeof *u);
	if (p->empty || p->mn_end == p->mn_start)
		return;
	if (p->is_assign)
		return;
	if (p->is_directive) {
		u->stop = !directive_transparent(s, p);
		return;
	}
	char mn[64];
	size_t ml = p->mn_end - p->mn_start;
	if (ml >= sizeof mn || find_macro(c, s + p->mn_start, ml)) {
		u->stop = true;
		return;
	}
	for (size_t i = 0; i < ml; i++)
		mn[i] = (char)tolower((unsigned char)s[p->mn_start + i]);
	mn[ml] = 0;
	if ((!strncmp(mn, "br", 2) && strncmp(mn, "brp", 3)) || !strncmp(mn, "rfi", 3) || !strncmp(mn, "chk", 3) ||
	    !strncmp(mn, "break", 5) || !strncmp(mn, "bsw", 3) || !strncmp(mn, "epc", 3) || strchr(mn, '\\')) {
		u->stop = true;
		return;
	}
	struct span sp[8];
	int nout;
	int n = split_operands(s, p->ops_start, p->ops_end, sp, 8, &nout);
	if (n < 0) {
		u->stop = true;
		return;
	}
	bool pred = p->qp_end > p->qp_start;
	if (pred) {
		struct operand q;
		size_t a = p->qp_start + 1, b = p->qp_end - 1;
		parse_operand(&c->rc, s, a, b, &q);
		if (q.rf == RF_PR && q.num == 0)
			pred = false;
	}
	for (int i = 0; i < n; i++) {
		struct operand o;
		parse_operand(&c->rc, s, sp[i].a, sp[i].b, &o);
		bool out = i < nout;
		if (o.rf == RF_GR) {
			if (o.num < 0) {
				if (!out)
					u->stop = true; /* reads a register we cannot name */
				continue;
			}
			if (out) {
				if (!pred)
					u->wr |= grbit(o.num);
			} else {
				u->rd |= grbit(o.num);
			}
		} else if (o.rf == RF_MEM || o.rf == RF_IND) {
			if (o.inner < 0) {
				u->stop = true;
				continue;
			}
			u->rd |= grbit(o.inner); /* read; a post-increment writes it after */
		}
	}
}

/* Is register r (a static GR) dead at the site: written before it is read on
 * the straight-line code after it?  Scans the statements after the site on
 * its line, then the following lines, up to a stop or 400 statements. */
static uint32_t dead_after_site(struct ab_ctx *c, uint32_t cand)
{
	uint32_t live = 0, dead = 0;
	unsigned count = 0;
	bool done = false;
	struct line_scan ls = {0};
	/* the rest of the current line */
	const struct line_scan *cl = c->cur_ls;
	for (size_t i = c->cur_idx + 1; cl && i < cl->n && !done; i++) {
		const struct stmt *st = &cl->st[i - 1];
		if (st->sep == SEP_LBRACE || st->sep == SEP_RBRACE) {
			done = true; /* explicit bundles: do not look into them */
			break;
		}
		st = &cl->st[i];
		if (st->comment || st->end == st->start)
			continue;
		struct parsed p;
		parse_stmt(cl->clean, st->start, st->end, &p);
		struct gruse u;
		stmt_gr_use(c, cl->clean, &p, &u);
		if (u.stop) {
			done = true;
			break;
		}
		live |= u.rd & ~dead;
		dead |= u.wr & ~live;
		count++;
	}
	const char *d = c->look;
	bool cm = c->look_comment;
	while (!done && d && d < c->look_end && count < 400) {
		const char *nl = memchr(d, '\n', (size_t)(c->look_end - d));
		size_t len = nl ? (size_t)(nl - d) : (size_t)(c->look_end - d);
		if (len && d[0] == '#') { /* cpp line marker or comment */
			d = nl ? nl + 1 : c->look_end;
			continue;
		}
		scan_line(&ls, d, len, &cm);
		for (size_t i = 0; i < ls.n && !done; i++) {
			const struct stmt *st = &ls.st[i];
			if (!st->comment && st->end > st->start) {
				struct parsed p;
				parse_stmt(ls.clean, st->start, st->end, &p);
				struct gruse u;
				stmt_gr_use(c, ls.clean, &p, &u);
				if (u.stop) {
					done = true;
					break;
				}
				live |= u.rd & ~dead;
				dead |= u.wr & ~live;
				count++;
			}
			if (st->sep == SEP_LBRACE || st->sep == SEP_RBRACE)
				done = true;
		}
		if ((dead & cand) == cand)
			break;
		d = nl ? nl + 1 : c->look_end;
	}
	line_scan_free(&ls);
	return dead & cand & ~live;
}

/* Up to two scratch registers for an inline sequence: static GRs dead after
 * the site, not named earlier in its instruction group, not in avoid. */
static int pick_scratch(struct ab_ctx *c, uint32_t avoid, int want, int *r)
{
	static const int order[] = {2, 3, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
	uint32_t cand = 0;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		cand |= grbit(order[i]);
	cand &= ~avoid & ~c->grp_mask;
	uint32_t dead = dead_after_site(c, cand);
	int got = 0;
	for (size_t i = 0; i < sizeof order / sizeof *order && got < want; i++)
		if (dead & grbit(order[i]))
			r[got++] = order[i];
	return got == want;
}

/* ---- sites ---- */

static bool psr_bits(void *ctx, const char *name, size_t len, int64_t *v)
{
	(void)ctx;
	if (len == 5 && !memcmp(name, "psr.i", 5))
		return *v = 1 << 14, true;
	if (len == 6 && !memcmp(name, "psr.ic", 6))
		return *v = 1 << 13, true;
	return false;
}

/* Phase 2 with scratch registers proven dead: writes of the interruption
 * control registers become stores to the page, rsm/ssm of psr.i and psr.ic
 * (ssm psr.i only without... no: ssm psr.i must look at pending, it keeps its
 * break) become byte stores.  Appends the sequence to r; false: keep the break. */
static bool inline_write(struct ab_ctx *c, const struct site_class *sc, const char *s, const struct parsed *p,
			 struct sbuf *r)
{
	struct span sp[6];
	int nout;
	int n = split_operands(s, p->ops_start, p->ops_end, sp, 6, &nout);
	const char *q = s + p->qp_start;
	int ql = (int)(p->qp_end - p->qp_start);
	const char *qs = ql ? " " : "";
	int rs[2];
	if (sc->kind == LOL_SITE_MOV_TO_CR && n == 2 && nout == 1) {
		unsigned cr = (unsigned)((sc->enc >> 20) & 0x7f);
		int off = cr >= 16 && cr <= 25 && cr != 18 ? lol_vcpu_cr_offset(cr) : -1;
		int v = (int)((sc->enc >> 13) & 0x7f);
		if (off < 0 || !pick_scratch(c, grbit(v), 1, rs))
			return false;
		sb_printf(r, "%.*s%smovl r%d = 0x%llx ;; %.*s%sst8 [r%d] = %.*s", ql, q, qs, rs[0],
			  (unsigned long long)LOL_VCPU_PAGE_ADDR + (unsigned)off, ql, q, qs, rs[0], (int)(sp[1].b - sp[1].a),
			  s + sp[1].a);
		c->grp_mask = grbit(rs[0]) | grbit(v);
		return true;
	}
	if ((sc->kind == LOL_SITE_RSM || sc->kind == LOL_SITE_SSM) && n == 1) {
		int64_t m;
		if (!eval_expr(s + sp[0].a, sp[0].b - sp[0].a, &m, psr_bits, NULL))
			return false;
		const int64_t I = 1 << 14, IC = 1 << 13;
		unsigned long long a = LOL_VCPU_PAGE_ADDR;
		if (sc->kind == LOL_SITE_RSM && (m == I || m == IC)) {
			if (!pick_scratch(c, 0, 1, rs))
				return false;
			sb_printf(r, "%.*s%smovl r%d = 0x%llx ;; %.*s%sst1 [r%d] = r0", ql, q, qs, rs[0],
				  a + (m == I ? LOL_VCPU_OFF_PSR_I : LOL_VCPU_OFF_PSR_IC), ql, q, qs, rs[0]);
		} else if (sc->kind == LOL_SITE_RSM && m == (I | IC)) {
			if (!pick_scratch(c, 0, 1, rs))
				return false;
			sb_printf(r, "%.*s%smovl r%d = 0x%llx ;; %.*s%sst1 [r%d] = r0, %d ;; %.*s%sst1 [r%d] = r0", ql, q, qs,
				  rs[0], a + LOL_VCPU_OFF_PSR_IC, ql, q, qs, rs[0], LOL_VCPU_OFF_PSR_I - LOL_VCPU_OFF_PSR_IC,
				  ql, q, qs, rs[0]);
		} else if (sc->kind == LOL_SITE_SSM && m == IC) {
			if (!pick_scratch(c, 0, 2, rs))
				return false;
			sb_printf(r, "%.*s%smovl r%d = 0x%llx ; %.*s%smov r%d = 1 ;; %.*s%sst1 [r%d] = r%d", ql, q, qs, rs[0],
				  a + LOL_VCPU_OFF_PSR_IC, ql, q, qs, rs[1], ql, q, qs, rs[0], rs[1]);
			c->grp_mask = grbit(rs[0]) | grbit(rs[1]);
			return true;
		} else {
			return false; /* ssm psr.i looks at pending: the break (or the wedge) */
		}
		c->grp_mask = grbit(rs[0]);
		return true;
	}
	return false;
}

/* The vCPU page word an inline read takes, or -1. */
static int inline_offset(const struct site_class *sc)
{
	unsigned reg = (unsigned)((sc->enc >> 20) & 0x7f);
	if (sc->kind == LOL_SITE_MOV_FROM_CR)
		return lol_vcpu_cr_offset(reg);
	if (sc->kind == LOL_SITE_MOV_FROM_KR && reg < 8)
		return LOL_VCPU_OFF_KR + 8 * (int)reg;
	return -1;
}

/* The original's immediates, captured where they stand: "; .Llol_vN_k = (expr)" */
static void append_captures(const struct site *st, const struct site_class *sc, const char *s,
			    const struct parsed *p, struct sbuf *r)
{
	struct span sp[6];
	int nout;
	int n = split_operands(s, p->ops_start, p->ops_end, sp, 6, &nout);
	for (int k = 0; k < sc->nimm; k++) {
		int o = sc->imm[k].opnd;
		if (o >= n)
			continue;
		sb_printf(r, " ; .Llol_v%u_%d = (", st->id, k);
		sb_put(r, s + sp[o].a, sp[o].b - sp[o].a);
		sb_puts(r, ")");
	}
}

static void new_site(struct ab_ctx *c, const struct site_class *sc, const char *s, const struct parsed *p,
		     struct loc loc, bool in_expansion, struct edits *ed)
{
	if (c->nsites == c->csites) {
		c->csites = c->csites ? c->csites * 2 : 32;
		c->sites = xrealloc(c->sites, c->csites * sizeof *c->sites);
	}
	struct site *st = &c->sites[c->nsites++];
	memset(st, 0, sizeof *st);
	st->id = c->next_id++;
	st->kind = sc->kind;
	st->unit = sc->unit;
	st->enc = sc->enc;
	st->nimm = sc->nimm;
	memcpy(st->imm, sc->imm, sizeof st->imm);
	st->section = xstrdup(c->sec);
	st->flags = (uint16_t)((sc->unit == 'M' ? LOL_SITE_F_UNIT_M : sc->unit == 'I' ? LOL_SITE_F_UNIT_I : LOL_SITE_F_UNIT_B) |
			       (sc->priv ? LOL_SITE_F_PRIV : 0) | LOL_SITE_F_BREAK |
			       (c->in_bundle ? LOL_SITE_F_BUNDLE : 0) | (in_expansion ? LOL_SITE_F_MACRO : 0));
	char *orig = collapse(s, p->insn_start, p->ops_end);
	struct sbuf t = {0};
	sb_printf(&t, "%s:%u: %s", loc.file, loc.line, orig);
	st->text = t.s;
	free(orig);

	struct sbuf r = {0};
	sb_printf(&r, "[.Llol_t%u:] ", st->id);
	if (c->native || (c->o.native_kinds && sc->kind > 0 && sc->kind < 256 && c->o.native_kinds[sc->kind])) {
		/* kept as written, annotated: ".Llol_afterburn_native = 1" or
		 * LOL_AFTERBURN_NATIVE=kind,... asked for it */
		st->flags = (uint16_t)((st->flags & ~LOL_SITE_F_BREAK) | LOL_SITE_F_NATIVE);
		size_t from = p->qp_end > p->qp_start ? p->qp_start : p->mn_start;
		add_edit(ed, from, from, r.s);
		return;
	}
	int off = inline_offset(sc);
	if (c->o.inline_reads && off >= 0 && !c->in_bundle && !c->tmpl_pending && ((sc->enc >> 6) & 0x7f) != 0) {
		/* phase 2: the register comes from the vCPU page, through itself */
		struct span sp[6];
		int nout;
		if (split_operands(s, p->ops_start, p->ops_end, sp, 6, &nout) == 2 && nout == 1) {
			st->flags = (uint16_t)((st->flags & ~LOL_SITE_F_BREAK) | LOL_SITE_F_INLINE);
			st->ninsn = 2;
			const char *q = s + p->qp_start;
			int ql = (int)(p->qp_end - p->qp_start);
			int dl = (int)(sp[0].b - sp[0].a);
			const char *d = s + sp[0].a;
			sb_printf(&r, "%.*s%smovl %.*s = 0x%llx ;; %.*s%sld8 %.*s = [%.*s]", ql, q, ql ? " " : "", dl, d,
				  (unsigned long long)LOL_VCPU_PAGE_ADDR + (unsigned)off, ql, q, ql ? " " : "", dl, d, dl, d);
			c->ninline++;
			add_edit(ed, p->qp_end > p->qp_start ? p->qp_start : p->mn_start, p->ops_end, r.s);
			return;
		}
	}
	if (c->o.inline_reads && !in_expansion && !c->in_bundle && !c->tmpl_pending && !sc->last && c->cur_ls &&
	    inline_write(c, sc, s, p, &r)) {
		st->flags = (uint16_t)((st->flags & ~LOL_SITE_F_BREAK) | LOL_SITE_F_INLINE);
		st->ninsn = 1;
		for (const char *x = r.s; *x; x++)
			if (*x == ';' && x[1] != ';' && (x == r.s || x[-1] != ';'))
				st->ninsn++; /* "a ; b" */
			else if (*x == ';' && x[1] == ';')
				st->ninsn++, x++; /* "a ;; b" */
		c->ninline++;
		append_captures(st, sc, s, p, &r);
		add_edit(ed, p->qp_end > p->qp_start ? p->qp_start : p->mn_start, p->ops_end, r.s);
		return;
	}
	if (sc->last) {
		/* gas places an instruction that must end its group by rules of its
		 * own (an M one into slot 0 of an M;;MI bundle, a B one into slot
		 * 2): assemble it as it is, the break goes into the object after */
		st->flags |= LOL_SITE_F_POSTPATCH;
		size_t from = p->qp_end > p->qp_start ? p->qp_start : p->mn_start;
		add_edit(ed, from, from, r.s);
		c->npostpatch++;
		return;
	}
	if (p->qp_end > p->qp_start) {
		sb_put(&r, s + p->qp_start, p->qp_end - p->qp_start);
		sb_puts(&r, " ");
	}
	sb_printf(&r, "break.%c 0x%x", tolower((unsigned char)sc->unit), LOL_BREAK_SITE(sc->kind));
	append_captures(st, sc, s, p, &r);
	/* replace from the tag/qp/mnemonic to the end of the operands */
	size_t from = p->qp_end > p->qp_start ? p->qp_start : p->mn_start;
	add_edit(ed, from, p->ops_end > p->mn_end ? p->ops_end : p->mn_end, r.s);
}

static void emit_records(struct ab_ctx *c, struct sbuf *out)
{
	if (!c->nsites)
		return;
	sb_puts(out, "\n// lol-afterburn: site records (lol-abi.h)\n");
	for (size_t i = 0; i < c->nsites; i++) {
		struct site *st = &c->sites[i];
		const char *sec = st->section;
		bool plain = *sec != 0;
		for (const char *q = sec; *q; q++)
			if (!is_name_char((unsigned char)*q))
				plain = false;
		sb_printf(out, "\t.ifdef .Llol_t%u\n", st->id);
		sb_printf(out, "\t.pushsection %s%s", LOL_SITES_SECTION_PREFIX, sec[0] == '.' ? "" : ".");
		for (const char *q = sec; *q; q++)
			sb_put(out, is_name_char((unsigned char)*q) ? q : "_", 1);
		if (plain)
			sb_printf(out, ",\"o\",@progbits,%s\n", sec);
		else
			sb_printf(out, ",\"o\",@progbits,.Llol_t%u\n", st->id);
		sb_printf(out, "\t.align 8\n\tdata8 .Llol_t%u\n\tdata8 0x%llx", st->id, (unsigned long long)st->enc);
		for (int k = 0; k < st->nimm; k++) {
			unsigned off = 0;
			for (int f = st->imm[k].nf - 1; f >= 0; f--) {
				unsigned len = st->imm[k].len[f];
				sb_printf(out, " | (((.Llol_v%u_%d >> %u) & 0x%llx) << %u)", st->id, k, off,
					  (unsigned long long)((1ull << len) - 1), st->imm[k].pos[f]);
				off += len;
			}
		}
		sb_printf(out, "\n\tdata2 %d, 0x%x\n\tdata4 %d\n\tdata8 .Llol_s%u\n\t.popsection\n\t.endif\n",
			  st->kind, st->flags, st->ninsn ? st->ninsn : 1, st->id);
	}
	sb_printf(out, "\t.pushsection %s,\"\",@progbits\n", LOL_SITESTR_SECTION);
	for (size_t i = 0; i < c->nsites; i++) {
		sb_printf(out, ".Llol_s%u:\n\tstringz \"", c->sites[i].id);
		put_escaped(out, c->sites[i].text, strlen(c->sites[i].text));
		sb_puts(out, "\"\n");
	}
	sb_puts(out, "\t.popsection\n");
}

/* ---- macros ---- */

static struct macro *find_macro(struct ab_ctx *c, const char *name, size_t len)
{
	for (size_t i = c->nmacros; i-- > 0;)
		if (c->macros[i].name && strlen(c->macros[i].name) == len &&
		    !strncasecmp(c->macros[i].name, name, len))
			return &c->macros[i];
	return NULL;
}

static bool parse_macro_head(struct ab_ctx *c, const char *s, size_t a, size_t b, struct loc loc)
{
	trim(s, &a, &b);
	size_t i = a;
	while (i < b && (is_name_char((unsigned char)s[i])))
		i++;
	if (i == a) {
		ab_error(loc.file, loc.line, ".macro without a name");
		return false;
	}
	if (c->nmacros == c->cmacros) {
		c->cmacros = c->cmacros ? c->cmacros * 2 : 8;
		c->macros = xrealloc(c->macros, c->cmacros * sizeof *c->macros);
	}
	/* a second definition (in the other branch of an .if?): which one gas
	 * uses the afterburner cannot tell, so neither may be expanded */
	struct macro *old = find_macro(c, s + a, i - a);
	bool twice = old != NULL;
	if (old)
		old->complex = true;
	struct macro *m = &c->macros[c->nmacros++];
	memset(m, 0, sizeof *m);
	m->complex = twice;
	m->name = xstrndup(s + a, i - a);
	m->loc = loc;
	m->sens = -1;
	/* parameters: separated by commas and/or blanks */
	while (i < b) {
		while (i < b && (is_space(s[i]) || s[i] == ','))
			i++;
		if (i >= b)
			break;
		size_t p0 = i;
		while (i < b && is_name_char((unsigned char)s[i]))
			i++;
		if (i == p0) {
			m->complex = true;
			break;
		}
		int k = m->nparams++;
		m->params = xrealloc(m->params, (size_t)m->nparams * sizeof *m->params);
		m->defaults = xrealloc(m->defaults, (size_t)m->nparams * sizeof *m->defaults);
		m->req = xrealloc(m->req, (size_t)m->nparams * sizeof *m->req);
		m->vararg = xrealloc(m->vararg, (size_t)m->nparams * sizeof *m->vararg);
		m->params[k] = xstrndup(s + p0, i - p0);
		m->defaults[k] = NULL;
		m->req[k] = m->vararg[k] = false;
		while (i < b && is_space(s[i]))
			i++;
		if (i < b && s[i] == ':') {
			size_t q = ++i;
			while (i < b && is_name_char((unsigned char)s[i]))
				i++;
			if (i - q == 3 && !strncmp(s + q, "req", 3))
				m->req[k] = true;
			else if (i - q == 6 && !strncmp(s + q, "vararg", 6))
				m->vararg[k] = true;
			else
				m->complex = true;
			while (i < b && is_space(s[i]))
				i++;
		}
		if (i < b && s[i] == '=') {
			i++;
			while (i < b && is_space(s[i]))
				i++;
			size_t d0 = i;
			if (i < b && s[i] == '"') {
				i++;
				while (i < b && s[i] != '"')
					i++;
				m->defaults[k] = xstrndup(s + d0 + 1, i - d0 - 1);
				if (i < b)
					i++;
			} else {
				while (i < b && s[i] != ',' && !is_space(s[i]))
					i++;
				m->defaults[k] = xstrndup(s + d0, i - d0);
			}
		}
	}
	return true;
}

static bool stmt_sensitive(struct ab_ctx *c, const char *s, const struct parsed *p);

static bool macro_sensitive(struct ab_ctx *c, struct macro *m)
{
	if (m->sens == 0 || m->sens == 1)
		return m->sens;
	if (m->sens == 2)
		return false; /* recursive: decided by the outer evaluation */
	m->sens = 2;
	bool sens = false, in_comment = false;
	struct line_scan ls = {0};
	const char *b = m->body;
	while (*b && !sens) {
		const char *nl = strchr(b, '\n');
		size_t len = nl ? (size_t)(nl - b) : strlen(b);
		scan_line(&ls, b, len, &in_comment);
		for (size_t i = 0; i < ls.n && !sens; i++) {
			struct stmt *st = &ls.st[i];
			if (st->comment || st->start == st->end)
				continue;
			struct parsed p;
			parse_stmt(ls.clean, st->start, st->end, &p);
			sens = stmt_sensitive(c, ls.clean, &p);
		}
		b += len + (nl ? 1 : 0);
	}
	line_scan_free(&ls);
	m->sens = sens;
	return sens;
}

/* May this statement (of a macro or .rept body) be a sensitive instruction? */
static bool stmt_sensitive(struct ab_ctx *c, const char *s, const struct parsed *p)
{
	if (p->empty || p->is_assign || p->mn_end == p->mn_start)
		return false;
	if (memchr(s + p->mn_start, '\\', p->mn_end - p->mn_start))
		return true; /* the mnemonic comes from an argument */
	if (p->is_directive)
		return false;
	struct macro *m = find_macro(c, s + p->mn_start, p->mn_end - p->mn_start);
	if (m)
		return macro_sensitive(c, m);
	char mn[64];
	size_t ml = p->mn_end - p->mn_start;
	if (ml >= sizeof mn)
		return false;
	for (size_t i = 0; i < ml; i++)
		mn[i] = (char)tolower((unsigned char)s[p->mn_start + i]);
	if (!mnem_maybe_sensitive(mn, ml))
		return false;
	if (memchr(s + p->ops_start, '\\', p->ops_end - p->ops_start) ||
	    (p->qp_end > p->qp_start && memchr(s + p->qp_start, '\\', p->qp_end - p->qp_start)))
		return true;
	struct site_class sc;
	return classify_insn(&c->rc, s, p, &sc) != 0;
}

/* Split macro invocation arguments: top-level commas, else blanks. */
static int split_args(const char *s, size_t a, size_t b, struct span *v, int max)
{
	trim(s, &a, &b);
	if (a == b)
		return 0;
	int n = 0, depth = 0;
	bool comma = false;
	for (size_t i = a; i < b; i++) {
		if (s[i] == '"') {
			i++;
			while (i < b && s[i] != '"')
				i++;
		} else if (s[i] == '(' || s[i] == '[')
			depth++;
		else if (s[i] == ')' || s[i] == ']')
			depth--;
		else if (s[i] == ',' && depth == 0)
			comma = true;
	}
	size_t st = a;
	depth = 0;
	for (size_t i = a; i <= b; i++) {
		bool end = i == b;
		if (!end) {
			char ch = s[i];
			if (ch == '"') {
				i++;
				while (i < b && s[i] != '"')
					i++;
				continue;
			}
			if (ch == '(' || ch == '[')
				depth++;
			else if (ch == ')' || ch == ']')
				depth--;
			else if (depth == 0 && (comma ? ch == ',' : is_space(ch)))
				end = true;
		}
		if (end) {
			size_t x = st, y = i;
			trim(s, &x, &y);
			if (x < y || comma) {
				if (n == max)
					return -1;
				v[n++] = (struct span){x, y};
			}
			st = i + 1;
		}
	}
	return n;
}

static char *unquote(const char *s, size_t a, size_t b)
{
	if (b - a >= 2 && s[a] == '"' && s[b - 1] == '"')
		return xstrndup(s + a + 1, b - a - 2);
	return xstrndup(s + a, b - a);
}

/* Substitute \param, \() and \@ in body. */
static void substitute(struct ab_ctx *c, const char *body, char **names, char **vals, int n, struct sbuf *out,
		       unsigned number)
{
	(void)c;
	for (const char *p = body; *p; p++) {
		if (*p != '\\') {
			sb_put(out, p, 1);
			continue;
		}
		if (p[1] == '(' && p[2] == ')') {
			p += 2;
			continue;
		}
		if (p[1] == '@') {
			sb_printf(out, "%u", number);
			p++;
			continue;
		}
		int best = -1;
		size_t bl = 0;
		for (int k = 0; k < n; k++) {
			size_t l = strlen(names[k]);
			if (l > bl && !strncmp(p + 1, names[k], l) && !is_name_char((unsigned char)p[1 + l])) {
				best = k;
				bl = l;
			}
		}
		if (best >= 0) {
			sb_puts(out, vals[best] ? vals[best] : "");
			p += bl;
			continue;
		}
		sb_put(out, p, 1);
	}
}

/* The body as one line: statements joined by their separators. */
static bool join_lines(const char *text, struct sbuf *out, struct loc loc)
{
	bool in_comment = false;
	struct line_scan ls = {0};
	const char *b = text;
	bool first = true;
	while (*b) {
		const char *nl = strchr(b, '\n');
		size_t len = nl ? (size_t)(nl - b) : strlen(b);
		scan_line(&ls, b, len, &in_comment);
		for (size_t i = 0; i < ls.n; i++) {
			struct stmt *st = &ls.st[i];
			if (!st->comment && st->end > st->start) {
				struct parsed p;
				parse_stmt(ls.clean, st->start, st->end, &p);
				if (p.is_directive && ((p.mn_end - p.mn_start == 5 && !strncasecmp(ls.clean + p.mn_start, ".exitm", 5)) ||
						       (p.mn_end - p.mn_start == 6 && !strncasecmp(ls.clean + p.mn_start, ".exitm", 6)))) {
					line_scan_free(&ls);
					return true;
				}
				if (p.is_directive && p.mn_end - p.mn_start >= 6 &&
				    (!strncasecmp(ls.clean + p.mn_start, ".macro", 6) || !strncasecmp(ls.clean + p.mn_start, ".rept", 5) ||
				     !strncasecmp(ls.clean + p.mn_start, ".irp", 4))) {
					ab_error(loc.file, loc.line,
						 "cannot afterburn: a macro with privileged instructions defines a macro or loop");
					line_scan_free(&ls);
					return false;
				}
				if (!first)
					sb_puts(out, " ; ");
				sb_put(out, ls.clean + st->start, st->end - st->start);
				first = false;
			}
			switch (st->sep) {
			case SEP_STOP: sb_puts(out, " ;;"); break;
			case SEP_LBRACE: sb_puts(out, first ? "{" : " ; {"); first = true; break;
			case SEP_RBRACE: sb_puts(out, first ? "}" : " ; }"); first = true; break;
			default: break;
			}
			if (st->sep == SEP_STOP) {
				sb_puts(out, " ");
				first = true;
			}
		}
		b += len + (nl ? 1 : 0);
	}
	line_scan_free(&ls);
	return true;
}

static bool expand_macro(struct ab_ctx *c, struct macro *m, const char *s, const struct parsed *p, struct loc loc,
			 struct sbuf *out)
{
	if (m->complex || c->altmacro) {
		ab_error(loc.file, loc.line, "cannot afterburn: macro %s (defined at %s:%u) holds privileged instructions "
			 "and uses macro features the afterburner does not expand (or is defined twice)", m->name, m->loc.file, m->loc.line);
		return false;
	}
	struct span v[64];
	int n = split_args(s, p->ops_start, p->ops_end, v, 64);
	if (n < 0) {
		ab_error(loc.file, loc.line, "cannot afterburn: too many arguments to macro %s", m->name);
		return false;
	}
	char **vals = xmalloc(((size_t)m->nparams + 1) * sizeof *vals);
	for (int k = 0; k < m->nparams; k++)
		vals[k] = m->defaults[k] ? xstrdup(m->defaults[k]) : NULL;
	int pos = 0;
	bool ok = true;
	for (int i = 0; i < n && ok; i++) {
		/* keyword argument? */
		size_t e = v[i].a;
		while (e < v[i].b && is_name_char((unsigned char)s[e]))
			e++;
		int kw = -1;
		if (e < v[i].b && s[e] == '=' && e > v[i].a)
			for (int k = 0; k < m->nparams; k++)
				if (strlen(m->params[k]) == e - v[i].a && !strncmp(m->params[k], s + v[i].a, e - v[i].a))
					kw = k;
		if (kw >= 0) {
			free(vals[kw]);
			size_t a = e + 1, b = v[i].b;
			trim(s, &a, &b);
			vals[kw] = unquote(s, a, b);
			continue;
		}
		if (pos >= m->nparams) {
			ab_error(loc.file, loc.line, "cannot afterburn: too many arguments to macro %s", m->name);
			ok = false;
			break;
		}
		free(vals[pos]);
		if (m->vararg[pos]) {
			vals[pos] = xstrndup(s + v[i].a, v[n - 1].b - v[i].a);
			pos++;
			break;
		}
		vals[pos++] = unquote(s, v[i].a, v[i].b);
	}
	for (int k = 0; k < m->nparams && ok; k++)
		if (m->req[k] && !vals[k]) {
			ab_error(loc.file, loc.line, "missing value for required parameter %s of macro %s", m->params[k], m->name);
			ok = false;
		}
	if (ok) {
		struct sbuf body = {0}, joined = {0};
		substitute(c, m->body, m->params, vals, m->nparams, &body, c->expand_no++ + 100000);
		ok = join_lines(body.s ? body.s : "", &joined, loc);
		if (ok) {
			bool ic = false;
			c->depth++;
			if (c->depth > 64) {
				ab_error(loc.file, loc.line, "cannot afterburn: macros nest too deep (recursive?)");
				ok = false;
			} else {
				ok = process_text(c, joined.s ? joined.s : "", joined.len, loc, &ic, out, true);
			}
			c->depth--;
		}
		sb_free(&body);
		sb_free(&joined);
	}
	for (int k = 0; k < m->nparams; k++)
		free(vals[k]);
	free(vals);
	return ok;
}

/* ---- .include ---- */

static char *find_include(struct ab_ctx *c, const char *name)
{
	struct stat st;
	if (name[0] == '/' || !stat(name, &st))
		return xstrdup(name);
	for (size_t i = 0; i < c->o.nincdirs; i++) {
		struct sbuf p = {0};
		sb_printf(&p, "%s/%s", c->o.incdirs[i], name);
		if (!stat(p.s, &st))
			return p.s;
		sb_free(&p);
	}
	return NULL;
}

static bool read_whole(const char *path, char **data, size_t *len);

static bool rewrite_include(struct ab_ctx *c, const char *s, const struct parsed *p, struct loc loc,
			    struct edits *ed)
{
	size_t a = p->ops_start, b = p->ops_end;
	if (b - a < 2 || s[a] != '"' || s[b - 1] != '"') {
		ab_warn(loc.file, loc.line, ".include of something the afterburner cannot read: not checked");
		return true;
	}
	char *name = xstrndup(s + a + 1, b - a - 2);
	char *path = find_include(c, name);
	if (!path) {
		free(name);
		return true; /* gas will report it */
	}
	struct ab_file f = {path, path, NULL, 0, NULL};
	if (!read_whole(path, &f.data, &f.len)) {
		ab_error(loc.file, loc.line, "cannot read included %s: %s", path, strerror(errno));
		free(name);
		free(path);
		return false;
	}
	unsigned saved = c->edits;
	c->edits = 0;
	struct sbuf out = {0};
	bool ok = ab_rewrite(c, &f, false, &out);
	if (ok && c->edits) {
		struct sbuf tmp = {0};
		sb_printf(&tmp, "%s/inc%u.s", c->o.tmpdir, c->ninc++);
		FILE *fp = fopen(tmp.s, "w");
		if (!fp || fwrite(out.s, 1, out.len, fp) != out.len || fclose(fp)) {
			ab_error(tmp.s, 0, "cannot write: %s", strerror(errno));
			ok = false;
		} else {
			struct sbuf r = {0};
			sb_puts(&r, "\"");
			put_escaped(&r, tmp.s, tmp.len);
			sb_puts(&r, "\"");
			add_edit(ed, a, b, r.s);
		}
		sb_free(&tmp);
	}
	c->edits = saved + (ok && c->edits ? 1 : 0);
	sb_free(&out);
	free(f.data);
	free(name);
	free(path);
	return ok;
}

/* ---- .rept / .irp / .irpc ---- */

static bool expand_loop(struct ab_ctx *c, struct loc loc, struct sbuf *out)
{
	const char *body = c->col_body.s ? c->col_body.s : "";
	const char *h = c->col_head ? c->col_head : "";
	size_t hl = strlen(h);
	struct sbuf all = {0};
	bool ok = true;
	if (c->col == COL_REPT) {
		int64_t n;
		if (!eval_expr(h, hl, &n, lookup_sym, c) || n < 0 || n > 100000) {
			ab_error(loc.file, loc.line, "cannot afterburn: .rept count \"%s\" is not a constant here", h);
			return false;
		}
		for (int64_t i = 0; i < n; i++)
			sb_puts(&all, body);
	} else {
		size_t i = 0;
		while (i < hl && is_name_char((unsigned char)h[i]))
			i++;
		char *sym = xstrndup(h, i);
		while (i < hl && (is_space(h[i]) || h[i] == ','))
			i++;
		if (c->col == COL_IRP) {
			struct span v[256];
			int n = split_args(h, i, hl, v, 256);
			if (n < 0) {
				ab_error(loc.file, loc.line, "cannot afterburn: .irp list too long");
				ok = false;
			}
			for (int k = 0; k < n && ok; k++) {
				char *val = unquote(h, v[k].a, v[k].b);
				substitute(c, body, &sym, &val, 1, &all, c->expand_no);
				free(val);
			}
		} else {
			size_t a = i, b = hl;
			trim(h, &a, &b);
			char *list = unquote(h, a, b);
			for (const char *q = list; *q; q++) {
				char v1[2] = {*q, 0};
				char *val = v1;
				substitute(c, body, &sym, &val, 1, &all, c->expand_no);
			}
			free(list);
		}
		free(sym);
	}
	c->expand_no++;
	if (ok) {
		struct sbuf joined = {0};
		ok = join_lines(all.s ? all.s : "", &joined, loc);
		if (ok) {
			bool ic = false;
			ok = process_text(c, joined.s ? joined.s : "", joined.len, loc, &ic, out, true);
		}
		sb_free(&joined);
	}
	sb_free(&all);
	return ok;
}

/* ---- statements ---- */

static bool mn_is(const char *s, const struct parsed *p, const char *name)
{
	size_t l = strlen(name);
	return p->mn_end - p->mn_start == l && !strncasecmp(s + p->mn_start, name, l);
}

static bool start_collect(struct ab_ctx *c, enum col_kind k, const char *s, const struct parsed *p, struct loc loc)
{
	c->col = k;
	c->col_depth = 0;
	c->col_loc = loc;
	c->col_ok = true;
	c->col_body.len = 0;
	if (c->col_body.s)
		c->col_body.s[0] = 0;
	free(c->col_head);
	c->col_head = xstrndup(s + p->ops_start, p->ops_end - p->ops_start);
	if (k == COL_MACRO)
		return parse_macro_head(c, s, p->ops_start, p->ops_end, loc);
	return true;
}

static bool is_template(const char *s, const struct parsed *p)
{
	static const char *const t[] = {".mii", ".mmi", ".mfi", ".mmf", ".mib", ".mmb", ".mfb", ".mbb", ".bbb", ".mlx", ".mi", ".mf", ".mm"};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (mn_is(s, p, t[i]))
			return true;
	return false;
}

/* Directives the rewriter has to follow. */
static bool directive(struct ab_ctx *c, const char *s, const struct parsed *p, struct loc loc, struct edits *ed,
		      bool *collect_started, bool in_expansion)
{
	if (mn_is(s, p, ".text") || mn_is(s, p, ".data") || mn_is(s, p, ".bss") || mn_is(s, p, ".sdata") ||
	    mn_is(s, p, ".sbss") || mn_is(s, p, ".rodata")) {
		set_section(c, xstrndup(s + p->mn_start, p->mn_end - p->mn_start));
	} else if (mn_is(s, p, ".section")) {
		set_section(c, section_name(s, p->ops_start, p->ops_end));
	} else if (mn_is(s, p, ".pushsection")) {
		if (c->nstack == c->cstack) {
			c->cstack = c->cstack ? c->cstack * 2 : 8;
			c->stack = xrealloc(c->stack, c->cstack * sizeof *c->stack);
		}
		c->stack[c->nstack].sec = xstrdup(c->sec);
		c->stack[c->nstack].prev = xstrdup(c->prev);
		c->nstack++;
		set_section(c, section_name(s, p->ops_start, p->ops_end));
	} else if (mn_is(s, p, ".popsection")) {
		if (c->nstack) {
			c->nstack--;
			free(c->sec);
			free(c->prev);
			c->sec = c->stack[c->nstack].sec;
			c->prev = c->stack[c->nstack].prev;
		}
	} else if (mn_is(s, p, ".previous")) {
		char *t = c->sec;
		c->sec = c->prev;
		c->prev = t;
	} else if (mn_is(s, p, ".regstk")) {
		struct span sp[4];
		int nout;
		int n = split_operands(s, p->ops_start, p->ops_end, sp, 4, &nout);
		set_frame(c, s, sp, n);
	} else if (mn_is(s, p, ".rotr") || mn_is(s, p, ".rotp") || mn_is(s, p, ".rotf")) {
		/* gas: each directive drops the names of its kind, then gives
		 * name[n] registers from r32 / p16 / f32 on */
		struct span sp[32];
		int nout;
		int n = split_operands(s, p->ops_start, p->ops_end, sp, 32, &nout);
		struct operand o;
		memset(&o, 0, sizeof o);
		o.rf = mn_is(s, p, ".rotr") ? RF_GR : mn_is(s, p, ".rotp") ? RF_PR : RF_FR;
		o.inner = -1;
		for (size_t i = 0; i < c->rc.nalias; i++)
			if (c->rc.alias[i].rot && c->rc.alias[i].op.rf == o.rf)
				c->rc.alias[i].name[0] = 0;
		int next = o.rf == RF_PR ? 16 : 32;
		for (int i = 0; i < n; i++) {
			size_t e = sp[i].a;
			while (e < sp[i].b && is_name_char((unsigned char)s[e]))
				e++;
			size_t nend = e;
			int64_t cnt = 0;
			if (e < sp[i].b && s[e] == '[' && s[sp[i].b - 1] == ']' &&
			    eval_expr(s + e + 1, sp[i].b - e - 2, &cnt, lookup_sym, c) && cnt > 0 && cnt <= 96) {
				o.num = next;
				next += (int)cnt;
			} else {
				o.num = -1;
				cnt = 1;
			}
			set_alias(c, s + sp[i].a, nend - sp[i].a, &o, (int)cnt);
		}
	} else if (mn_is(s, p, ".set") || mn_is(s, p, ".equ") || mn_is(s, p, ".equiv") || mn_is(s, p, ".eqv")) {
		size_t comma = p->ops_start;
		while (comma < p->ops_end && s[comma] != ',')
			comma++;
		if (comma < p->ops_end)
			assign(c, s, p->ops_start, comma, comma + 1, p->ops_end);
	} else if (mn_is(s, p, ".macro")) {
		if (in_expansion) {
			ab_error(loc.file, loc.line, "cannot afterburn: .macro inside an expansion");
			return false;
		}
		*collect_started = true;
		return start_collect(c, COL_MACRO, s, p, loc);
	} else if (mn_is(s, p, ".rept") || mn_is(s, p, ".irp") || mn_is(s, p, ".irpc")) {
		if (in_expansion) {
			ab_error(loc.file, loc.line, "cannot afterburn: loop inside an expansion");
			return false;
		}
		*collect_started = true;
		return start_collect(c, mn_is(s, p, ".rept") ? COL_REPT : mn_is(s, p, ".irp") ? COL_IRP : COL_IRPC, s, p,
				     loc);
	} else if (mn_is(s, p, ".purgem")) {
		size_t a = p->ops_start, b = p->ops_end;
		trim(s, &a, &b);
		struct macro *m = find_macro(c, s + a, b - a);
		if (m)
			m->name[0] = 0;
	} else if (mn_is(s, p, ".altmacro")) {
		c->altmacro = true;
	} else if (mn_is(s, p, ".noaltmacro")) {
		c->altmacro = false;
	} else if (mn_is(s, p, ".auto")) {
		c->saw_auto = true;
	} else if (mn_is(s, p, ".explicit")) {
		c->saw_explicit = true;
	} else if (mn_is(s, p, ".include")) {
		return rewrite_include(c, s, p, loc, ed);
	}
	return true;
}

/* Process the statements of one line (or of one expansion). */
static bool process_text(struct ab_ctx *c, const char *text, size_t len, struct loc loc, bool *in_comment,
			 struct sbuf *out, bool in_expansion)
{
	struct line_scan ls = {0};
	struct edits ed = {0};
	bool ok = true;
	scan_line(&ls, text, len, in_comment);
	if (!in_expansion)
		c->look_comment = *in_comment; /* where the lines after this one start */
	const char *s = ls.clean;
	for (size_t i = 0; i < ls.n; i++) {
		struct stmt *st = &ls.st[i];
		if (!st->comment && st->end > st->start) {
			struct parsed p;
			parse_stmt(s, st->start, st->end, &p);
			if (p.is_assign) {
				size_t eq = p.ops_start + 1;
				if (eq < p.ops_end && s[eq] == '=')
					eq++;
				assign(c, s, p.mn_start, p.mn_end, eq, p.ops_end);
			} else if (p.is_directive) {
				bool started = false;
				if (is_template(s, &p))
					c->tmpl_pending = 3;
				if (!directive(c, s, &p, loc, &ed, &started, in_expansion))
					ok = false;
				if (started) {
					if (i + 1 < ls.n && ls.st[i + 1].end > ls.st[i + 1].start) {
						ab_error(loc.file, loc.line, "cannot afterburn: statements after a block directive on its line");
						ok = false;
					}
					break;
				}
			} else if (p.mn_end > p.mn_start) {
				struct macro *m = find_macro(c, s + p.mn_start, p.mn_end - p.mn_start);
				int pending = c->tmpl_pending;
				bool named_done = false;
				if (m) {
					if (macro_sensitive(c, m)) {
						struct sbuf x = {0};
						if (expand_macro(c, m, s, &p, loc, &x))
							add_edit(&ed, p.mn_start, p.ops_end > p.mn_end ? p.ops_end : p.mn_end,
								 x.s ? x.s : xstrdup(""));
						else
							ok = false, sb_free(&x);
					}
				} else {
					if (mn_is(s, &p, "alloc")) {
						struct span sp[6];
						int nout;
						int n = split_operands(s, p.ops_start, p.ops_end, sp, 6, &nout);
						if (n == 6)
							set_frame(c, s, sp + 2, 3);
						else if (n == 5)
							set_frame(c, s, sp + 1, 3);
						else
							c->rc.ins = c->rc.locs = c->rc.outs = -1;
					}
					struct site_class sc;
					int r = classify_insn(&c->rc, s, &p, &sc);
					if (r < 0) {
						char *t = collapse(s, p.insn_start, p.ops_end);
						ab_error(loc.file, loc.line, "cannot afterburn \"%s\": %s", t, sc.why);
						free(t);
						ok = false;
					} else if (r > 0 && sc.kind < 0) {
						char *t = collapse(s, p.insn_start, p.ops_end);
						ab_error(loc.file, loc.line, "cannot afterburn \"%s\": %s", t, sc.why);
						free(t);
						ok = false;
					} else if (r > 0) {
						c->cur_ls = in_expansion ? NULL : &ls;
						c->cur_idx = i;
						uint32_t before = c->grp_mask;
						new_site(c, &sc, s, &p, loc, in_expansion, &ed);
						if (c->grp_mask != before)
							named_done = true; /* an inline sequence set the group's registers */
						c->cur_ls = NULL;
					}
					if (!named_done && c->o.inline_reads) {
						struct gruse u;
						stmt_gr_use(c, s, &p, &u);
						c->grp_mask |= u.rd | u.wr;
					}
					if (pending == c->tmpl_pending && c->tmpl_pending > 0)
						c->tmpl_pending -= mn_is(s, &p, "movl") || !strncasecmp(s + p.mn_start, "brl", 3) ? 2 : 1;
					if (c->tmpl_pending < 0)
						c->tmpl_pending = 0;
				}
			} else if (!p.empty && p.mn_start < st->end && s[p.mn_start] != '[') {
				char *t = collapse(s, st->start, st->end);
				ab_warn(loc.file, loc.line, "statement not understood, left unchanged: \"%s\"", t);
				free(t);
			}
		}
		if (st->sep == SEP_LBRACE)
			c->in_bundle = true;
		else if (st->sep == SEP_RBRACE)
			c->in_bundle = false;
		if (st->sep == SEP_STOP)
			c->grp_mask = 0;
	}
	/* apply the edits to the original text */
	size_t at = 0;
	for (size_t k = 0; k < ed.n; k++) {
		sb_put(out, text + at, ed.e[k].a - at);
		sb_puts(out, ed.e[k].text);
		at = ed.e[k].b;
		free(ed.e[k].text);
	}
	sb_put(out, text + at, len - at);
	c->edits += (unsigned)ed.n;
	free(ed.e);
	line_scan_free(&ls);
	return ok;
}

/* While collecting a block: does this line end it?  Returns 1 at the end,
 * 0 inside. */
static int collect_line(struct ab_ctx *c, const char *line, size_t len, bool *in_comment)
{
	struct line_scan ls = {0};
	bool cm = *in_comment;
	scan_line(&ls, line, len, &cm);
	int end = 0;
	for (size_t i = 0; i < ls.n && !end; i++) {
		struct stmt *st = &ls.st[i];
		if (st->comment || st->end == st->start)
			continue;
		struct parsed p;
		parse_stmt(ls.clean, st->start, st->end, &p);
		if (!p.is_directive)
			continue;
		bool opener = mn_is(ls.clean, &p, ".macro") || mn_is(ls.clean, &p, ".rept") ||
			      mn_is(ls.clean, &p, ".irp") || mn_is(ls.clean, &p, ".irpc");
		bool closer = c->col == COL_MACRO ? (mn_is(ls.clean, &p, ".endm") || mn_is(ls.clean, &p, ".endmacro"))
						  : mn_is(ls.clean, &p, ".endr");
		if (c->col != COL_MACRO && (mn_is(ls.clean, &p, ".endm") || mn_is(ls.clean, &p, ".endmacro")) &&
		    c->col_depth > 0)
			closer = true;
		if (c->col == COL_MACRO && mn_is(ls.clean, &p, ".endr") && c->col_depth > 0)
			closer = true;
		if (opener)
			c->col_depth++;
		else if (closer) {
			if (c->col_depth == 0) {
				end = 1;
				if (st->start != ls.st[0].start || i + 1 < ls.n) {
					for (size_t j = 0; j < ls.n; j++)
						if (j != i && ls.st[j].end > ls.st[j].start && !ls.st[j].comment)
							c->col_ok = false;
				}
			} else
				c->col_depth--;
		}
	}
	*in_comment = cm;
	line_scan_free(&ls);
	return end;
}

static bool read_whole(const char *path, char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return false;
	struct sbuf b = {0};
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_put(&b, buf, n);
	bool err = ferror(f);
	if (f != stdin)
		fclose(f);
	if (err) {
		sb_free(&b);
		return false;
	}
	if (!b.s)
		b.s = xstrdup("");
	*data = b.s;
	*len = b.len;
	return true;
}

bool ab_read_file(struct ab_file *f)
{
	return read_whole(f->name, &f->data, &f->len);
}

/* "# 12 "file.S" 1 2" line markers (cpp output) */
static bool line_marker(const char *l, size_t len, unsigned *num, char **file)
{
	size_t i = 1;
	while (i < len && is_space(l[i]))
		i++;
	if (i + 4 < len && !strncmp(l + i, "line", 4) && is_space(l[i + 4])) {
		i += 4;
		while (i < len && is_space(l[i]))
			i++;
	}
	if (i >= len || l[i] < '0' || l[i] > '9')
		return false;
	unsigned long v = 0;
	while (i < len && l[i] >= '0' && l[i] <= '9')
		v = v * 10 + (unsigned long)(l[i++] - '0');
	while (i < len && is_space(l[i]))
		i++;
	*num = (unsigned)v;
	*file = NULL;
	if (i < len && l[i] == '"') {
		size_t a = ++i;
		while (i < len && l[i] != '"')
			i += l[i] == '\\' ? 2 : 1;
		if (i > len)
			i = len;
		*file = xstrndup(l + a, i - a);
	}
	return true;
}

/* file names seen in line markers live as long as the program */
static const char *intern(char *s)
{
	static char **names;
	static size_t n, cap;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], s)) {
			free(s);
			return names[i];
		}
	if (n == cap) {
		cap = cap ? cap * 2 : 16;
		names = xrealloc(names, cap * sizeof *names);
	}
	names[n++] = s;
	return s;
}

bool ab_rewrite(struct ab_ctx *c, struct ab_file *f, bool last, struct sbuf *out)
{
	bool ok = true, in_comment = false;
	struct loc loc = {intern(xstrdup(f->display)), 1};
	sb_puts(out, "# 1 \"");
	put_escaped(out, f->display, strlen(f->display));
	sb_puts(out, "\"\n");
	const char *d = f->data, *end = f->data + f->len;
	while (d < end) {
		const char *nl = memchr(d, '\n', (size_t)(end - d));
		size_t len = nl ? (size_t)(nl - d) : (size_t)(end - d);
		unsigned num;
		char *file;
		if (c->col != COL_NONE) {
			int e = collect_line(c, d, len, &in_comment);
			if (!e) {
				sb_put(&c->col_body, d, len);
				sb_puts(&c->col_body, "\n");
				sb_put(&c->col_out, d, len);
				sb_puts(&c->col_out, "\n");
				c->col_lines++;
			} else if (c->col == COL_MACRO) {
				struct macro *m = &c->macros[c->nmacros - 1];
				m->body = xstrdup(c->col_body.s ? c->col_body.s : "");
				if (!c->col_ok)
					m->complex = true;
				sb_put(out, c->col_out.s ? c->col_out.s : "", c->col_out.len);
				sb_put(out, d, len);
				c->col = COL_NONE;
			} else {
				/* a loop: expand here when its body needs it */
				struct macro tmp = {0};
				tmp.name = (char *)"(loop)";
				tmp.body = c->col_body.s ? c->col_body.s : (char *)"";
				tmp.sens = -1;
				bool sens = macro_sensitive(c, &tmp);
				struct loc lloc = c->col_loc;
				if (sens && c->col_ok) {
					/* comment out the block, the expansion goes on the closing line */
					const char *q = c->col_out.s ? c->col_out.s : "";
					while (*q) {
						const char *e2 = strchr(q, '\n');
						sb_puts(out, "// ");
						sb_put(out, q, (size_t)(e2 - q) + 1);
						q = e2 + 1;
					}
					struct sbuf x = {0};
					if (expand_loop(c, lloc, &x))
						sb_put(out, x.s ? x.s : "", x.len);
					else
						ok = false;
					sb_free(&x);
					c->edits++;
				} else {
					if (sens) {
						ab_error(lloc.file, lloc.line, "cannot afterburn: a loop with privileged instructions shares its closing line");
						ok = false;
					}
					sb_put(out, c->col_out.s ? c->col_out.s : "", c->col_out.len);
					sb_put(out, d, len);
				}
				c->col = COL_NONE;
			}
			if (c->col == COL_NONE) {
				c->col_out.len = 0;
				if (c->col_out.s)
					c->col_out.s[0] = 0;
				c->col_lines = 0;
			}
		} else if (len && d[0] == '#' && line_marker(d, len, &num, &file)) {
			sb_put(out, d, len);
			if (file)
				loc.file = intern(file);
			loc.line = num - 1; /* the next line is line num */
		} else {
			size_t start = out->len;
			c->look = nl ? nl + 1 : end;
			c->look_end = end;
			if (!process_text(c, d, len, loc, &in_comment, out, false))
				ok = false;
			if (c->col != COL_NONE) {
				/* the directive line itself belongs to the block's original text */
				sb_put(&c->col_out, out->s + start, out->len - start);
				sb_puts(&c->col_out, "\n");
				out->len = start;
				out->s[start] = 0;
			}
		}
		if (nl && c->col == COL_NONE)
			sb_puts(out, "\n");
		loc.line++;
		d = nl ? nl + 1 : end;
	}
	if (c->col != COL_NONE) {
		ab_error(c->col_loc.file, c->col_loc.line, "block not closed at end of file");
		sb_put(out, c->col_out.s ? c->col_out.s : "", c->col_out.len);
		c->col = COL_NONE;
		ok = false;
	}
	if (last)
		emit_records(c, out);
	return ok;
}
