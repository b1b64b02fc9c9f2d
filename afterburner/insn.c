// SPDX-License-Identifier: GPL-2.0
/*
 * Which statements are privileged or sensitive, and how they are encoded.
 *
 * Everything comes from the ISA library: its opcode table (ia64_opcodes())
 * gives every form's full mnemonic, unit, operand kinds and flags, and
 * ia64_classify() the operand-dependent cases (mov to/from ar.k0-7, ar.itc,
 * ar.ruc, ar.rsc, ar.bspstore).  A statement is matched against the table
 * entries of its mnemonic by the syntactic class of its operands, as gas
 * matches them; the operand kinds' bit fields (opnd.def) give the encoding of
 * the original instruction for the annotation record.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ab.h"
#include "ia64.h"


struct mn {
	const char *name;
	const struct ia64_opcode *e;
	size_t order;
};
static struct mn *mtab;
static size_t nmtab;
static const char **sens;     /* mnemonics with a privileged/sensitive form, sorted */
static size_t nsens;
static char **bases;          /* their first component ("ptc" of "ptc.ga") */
static size_t nbases;
static const char *arname[128], *crname[128];

static int mn_cmp(const void *a, const void *b)
{
	const struct mn *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_sorted(const char **v, size_t n, const char *s)
{
	return bsearch(&s, v, n, sizeof *v, str_cmp) != NULL;
}

static bool maybe_sensitive_entry(const struct ia64_opcode *e)
{
	return (e->flags & (IA64_F_PRIV | IA64_F_SENSITIVE)) || e->op == IA64_OP_MOV_TO_AR ||
	       e->op == IA64_OP_MOV_FROM_AR;
}

void classify_init(void)
{
	if (mtab)
		return;
	ia64_init();
	size_t n;
	const struct ia64_opcode *ops = ia64_opcodes(&n);
	mtab = xmalloc(n * sizeof *mtab);
	sens = xmalloc((n + 1) * sizeof *sens);
	bases = xmalloc((n + 1) * sizeof *bases);
	for (size_t i = 0; i < n; i++) {
		mtab[nmtab++] = (struct mn){ops[i].name, &ops[i], i};
		if (maybe_sensitive_entry(&ops[i]))
			sens[nsens++] = ops[i].name;
	}
	sens[nsens++] = "mov";
	qsort(mtab, nmtab, sizeof *mtab, mn_cmp);
	qsort(sens, nsens, sizeof *sens, str_cmp);
	size_t k = 0;
	for (size_t i = 0; i < nsens; i++)
		if (!k || strcmp(sens[i], sens[k - 1]))
			sens[k++] = sens[i];
	nsens = k;
	for (size_t i = 0; i < nsens; i++) {
		const char *dot = strchr(sens[i], '.');
		size_t l = dot ? (size_t)(dot - sens[i]) : strlen(sens[i]);
		if (l == 3 && !strncmp(sens[i], "mov", 3))
			continue; /* mov.i / mov.m: other mov.* are not ours */
		bases[nbases++] = xstrndup(sens[i], l);
	}
	qsort(bases, nbases, sizeof *bases, str_cmp);
	k = 0;
	for (size_t i = 0; i < nbases; i++) {
		if (!k || strcmp(bases[i], bases[k - 1]))
			bases[k++] = bases[i];
		else
			free(bases[i]);
	}
	nbases = k;
	for (unsigned r = 0; r < 128; r++) {
		arname[r] = ia64_ar_name(r);
		crname[r] = ia64_cr_name(r);
	}
}

bool mnem_maybe_sensitive(const char *m, size_t n)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, m, n);
	buf[n] = 0;
	if (in_sorted(sens, nsens, buf))
		return true;
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = 0;
	return in_sorted((const char **)bases, nbases, buf);
}

const char *site_kind_name(int kind)
{
	switch (kind) {
#define KN_(id, nr, name) \
	case nr: return name;
		LOL_SITE_KINDS(KN_)
#undef KN_
	}
	return "?";
}

int site_kind_by_name(const char *name, size_t len)
{
#define KB_(id, nr, nm) \
	if (strlen(nm) == len && !memcmp(nm, name, len)) \
		return nr;
	LOL_SITE_KINDS(KB_)
#undef KB_
	return -1;
}

/* ---- operands ---- */

/* "NAMEdigits" with a number in [0, max) and no leading zero */
static bool reg_number(const char *t, size_t len, const char *prefix, int max, int *num)
{
	size_t pl = strlen(prefix);
	if (len <= pl || memcmp(t, prefix, pl))
		return false;
	const char *d = t + pl;
	size_t dl = len - pl;
	if (dl > 1 && d[0] == '0')
		return false;
	int v = 0;
	for (size_t i = 0; i < dl; i++) {
		if (d[i] < '0' || d[i] > '9')
			return false;
		v = v * 10 + (d[i] - '0');
		if (v >= max)
			return false;
	}
	*num = v;
	return true;
}

static bool tok_eq(const char *t, size_t len, const char *s)
{
	return strlen(s) == len && !memcmp(t, s, len);
}

static const char *const indnames[] = {"cpuid", "dbr", "ibr", "pkr", "pmc", "pmd", "rr", "msr", "dtr", "itr", "dahr"};
static const char *const fixednames[] = {"psr", "psr.l", "psr.um", "pr", "pr.rot", "ip", "cfm", "psp"};

static const struct alias *find_alias(const struct regctx *rc, const char *t, size_t len)
{
	if (!rc)
		return NULL;
	for (size_t i = rc->nalias; i-- > 0;)
		if (tok_eq(t, len, rc->alias[i].name))
			return &rc->alias[i];
	return NULL;
}

/* A plain register name, or -1 class RF_NONE. */
static void parse_reg(const struct regctx *rc, const char *t, size_t len, struct operand *o)
{
	int n;
	o->rf = RF_NONE;
	o->num = -1;
	if (reg_number(t, len, "r", 128, &n)) {
		o->rf = RF_GR, o->num = n;
	} else if (tok_eq(t, len, "gp")) {
		o->rf = RF_GR, o->num = 1;
	} else if (tok_eq(t, len, "sp")) {
		o->rf = RF_GR, o->num = 12;
	} else if (tok_eq(t, len, "tp")) {
		o->rf = RF_GR, o->num = 13;
	} else if (reg_number(t, len, "ret", 4, &n)) {
		o->rf = RF_GR, o->num = 8 + n;
	} else if (reg_number(t, len, "in", 96, &n) || reg_number(t, len, "loc", 96, &n) ||
		   reg_number(t, len, "out", 96, &n)) {
		o->rf = RF_GR;
		if (rc && rc->ins >= 0) {
			int base = t[0] == 'i' ? 32 : t[0] == 'l' ? 32 + rc->ins : 32 + rc->ins + rc->locs;
			int lim = t[0] == 'i' ? rc->ins : t[0] == 'l' ? rc->locs : rc->outs;
			if (n < lim)
				o->num = base + n;
		}
	} else if (reg_number(t, len, "f", 128, &n)) {
		o->rf = RF_FR, o->num = n;
	} else if (reg_number(t, len, "farg", 8, &n) || reg_number(t, len, "fret", 8, &n)) {
		o->rf = RF_FR, o->num = 8 + n;
	} else if (reg_number(t, len, "p", 64, &n)) {
		o->rf = RF_PR, o->num = n;
	} else if (reg_number(t, len, "b", 8, &n)) {
		o->rf = RF_BR, o->num = n;
	} else if (tok_eq(t, len, "rp")) {
		o->rf = RF_BR, o->num = 0;
	} else if (reg_number(t, len, "ar", 128, &n)) {
		o->rf = RF_AR, o->num = n;
	} else if (reg_number(t, len, "cr", 128, &n)) {
		o->rf = RF_CR, o->num = n;
	} else if (len > 3 && !memcmp(t, "ar.", 3) && is_name_char((unsigned char)t[3])) {
		/* an unknown ar.NAME stays an application register of unknown
		 * number: a move of it cannot be encoded, so it is an error */
		o->rf = RF_AR;
		for (int r = 0; r < 128; r++)
			if (arname[r] && tok_eq(t, len, arname[r])) {
				o->num = r;
				break;
			}
	} else if (len > 3 && !memcmp(t, "cr.", 3) && is_name_char((unsigned char)t[3])) {
		o->rf = RF_CR;
		if (tok_eq(t, len, "cr.gpta"))
			o->num = 9; /* gas knows it, objdump shows cr9 */
		for (int r = 0; r < 128; r++)
			if (crname[r] && tok_eq(t, len, crname[r])) {
				o->num = r;
				break;
			}
	}
	if (o->rf != RF_NONE)
		return;
	for (size_t i = 0; i < sizeof fixednames / sizeof *fixednames; i++)
		if (tok_eq(t, len, fixednames[i])) {
			o->rf = RF_FIXED, o->fixed = fixednames[i];
			return;
		}
	const struct alias *al = find_alias(rc, t, len);
	if (al) {
		size_t a = o->a, b = o->b;
		*o = al->op;
		if (al->rot)
			o->num = -1; /* a rotating set without an index */
		o->a = a, o->b = b;
	}
}

void parse_operand(const struct regctx *rc, const char *s, size_t a, size_t b, struct operand *o)
{
	trim(s, &a, &b);
	memset(o, 0, sizeof *o);
	o->a = a, o->b = b;
	o->num = o->inner = -1;
	const char *t = s + a;
	size_t len = b - a;
	if (len >= 2 && t[len - 1] == ']') {
		size_t lb = 0;
		while (lb < len && t[lb] != '[')
			lb++;
		if (lb < len) {
			struct operand in;
			parse_operand(rc, s, a + lb + 1, b - 1, &in);
			size_t na = 0, nb = lb;
			trim(t, &na, &nb);
			if (nb == 0) {
				o->rf = RF_MEM;
				o->inner = in.rf == RF_GR ? in.num : -2;
				return;
			}
			if (tok_eq(t, nb, "CPUID")) /* gas knows this spelling too */
				t = "cpuid", nb = 5;
			for (size_t i = 0; i < sizeof indnames / sizeof *indnames; i++)
				if (tok_eq(t, nb, indnames[i])) {
					o->rf = RF_IND;
					o->fixed = indnames[i];
					o->inner = in.rf == RF_GR ? in.num : -2;
					return;
				}
			/* a rotating register name[index] */
			const struct alias *al = find_alias(rc, t, nb);
			if (al) {
				int64_t idx;
				o->rf = al->op.rf;
				o->num = -1;
				if (al->rot && al->op.num >= 0 && eval_expr(s + a + lb + 1, b - 1 - (a + lb + 1), &idx, NULL, NULL) &&
				    idx >= 0 && idx < al->rot)
					o->num = al->op.num + (int)idx;
				return;
			}
			o->rf = RF_IMM;
			return;
		}
	}
	parse_reg(rc, t, len, o);
	if (o->rf == RF_NONE)
		o->rf = RF_IMM;
}

/* ---- matching ---- */

static bool opnd_matches(unsigned kind, const struct operand *o)
{
	const struct ia64_opnd_info *d = ia64_opnd_info(kind);
	switch (d->cls) {
	case IA64_OC_GR: return o->rf == RF_GR;
	case IA64_OC_FR: return o->rf == RF_FR;
	case IA64_OC_PR: return o->rf == RF_PR;
	case IA64_OC_BR: return o->rf == RF_BR;
	case IA64_OC_AR: return o->rf == RF_AR;
	case IA64_OC_CR: return o->rf == RF_CR;
	case IA64_OC_IND: return o->rf == RF_IND && !strcmp(o->fixed, d->text);
	case IA64_OC_MEM: return o->rf == RF_MEM;
	case IA64_OC_IMM:
	case IA64_OC_IPREL: return o->rf == RF_IMM;
	case IA64_OC_FIXED:
		if (o->rf == RF_FIXED)
			return !strcmp(o->fixed, d->text);
		if (o->rf == RF_AR && o->num >= 0 && arname[o->num])
			return !strcmp(arname[o->num], d->text);
		return false; /* constant operands (1, 8, 16) belong to no privileged form */
	}
	return false;
}

static int kind_of(const struct ia64_opcode *e, const struct operand *op, uint32_t flags)
{
	const char *n = e->name;
	switch (e->op) {
	case IA64_OP_RSM: return LOL_SITE_RSM;
	case IA64_OP_SSM: return LOL_SITE_SSM;
	case IA64_OP_MOV_FROM_PSR: return LOL_SITE_MOV_FROM_PSR;
	case IA64_OP_MOV_TO_PSR: return LOL_SITE_MOV_TO_PSR_L;
	case IA64_OP_MOV_FROM_CR: return LOL_SITE_MOV_FROM_CR;
	case IA64_OP_MOV_TO_CR: return LOL_SITE_MOV_TO_CR;
	case IA64_OP_RFI: return LOL_SITE_RFI;
	case IA64_OP_BSW: return strcmp(n, "bsw.0") ? LOL_SITE_BSW_1 : LOL_SITE_BSW_0;
	case IA64_OP_COVER: return LOL_SITE_COVER;
	case IA64_OP_EPC: return LOL_SITE_EPC;
	case IA64_OP_VMSW: return strcmp(n, "vmsw.0") ? LOL_SITE_VMSW_1 : LOL_SITE_VMSW_0;
	case IA64_OP_ITC: return strcmp(n, "itc.i") ? LOL_SITE_ITC_D : LOL_SITE_ITC_I;
	case IA64_OP_ITR: return strcmp(n, "itr.i") ? LOL_SITE_ITR_D : LOL_SITE_ITR_I;
	case IA64_OP_PTC:
		return !strcmp(n, "ptc.l") ? LOL_SITE_PTC_L : !strcmp(n, "ptc.g") ? LOL_SITE_PTC_G : LOL_SITE_PTC_GA;
	case IA64_OP_PTC_E: return LOL_SITE_PTC_E;
	case IA64_OP_PTR: return strcmp(n, "ptr.i") ? LOL_SITE_PTR_D : LOL_SITE_PTR_I;
	case IA64_OP_THASH: return LOL_SITE_THASH;
	case IA64_OP_TTAG: return LOL_SITE_TTAG;
	case IA64_OP_TPA: return LOL_SITE_TPA;
	case IA64_OP_TAK: return LOL_SITE_TAK;
	case IA64_OP_FC: return strcmp(n, "fc.i") ? LOL_SITE_FC : LOL_SITE_FC_I;
	case IA64_OP_PROBE: return LOL_SITE_PROBE;
	case IA64_OP_MOV_TO_IND:
	case IA64_OP_MOV_FROM_IND: {
		bool to = e->op == IA64_OP_MOV_TO_IND;
		const char *f = ia64_opnd_info(e->opnd[to ? 0 : 1])->text;
		static const struct {
			const char *f;
			int to, from;
		} m[] = {{"rr", LOL_SITE_MOV_TO_RR, LOL_SITE_MOV_FROM_RR},
			 {"pkr", LOL_SITE_MOV_TO_PKR, LOL_SITE_MOV_FROM_PKR},
			 {"ibr", LOL_SITE_MOV_TO_IBR, LOL_SITE_MOV_FROM_IBR},
			 {"dbr", LOL_SITE_MOV_TO_DBR, LOL_SITE_MOV_FROM_DBR},
			 {"pmc", LOL_SITE_MOV_TO_PMC, LOL_SITE_MOV_FROM_PMC},
			 {"pmd", LOL_SITE_MOV_TO_PMD, LOL_SITE_MOV_FROM_PMD},
			 {"msr", LOL_SITE_MOV_TO_MSR, LOL_SITE_MOV_FROM_MSR},
			 {"cpuid", LOL_SITE_OTHER, LOL_SITE_MOV_FROM_CPUID}};
		for (size_t i = 0; i < sizeof m / sizeof *m; i++)
			if (!strcmp(f, m[i].f))
				return to ? m[i].to : m[i].from;
		return LOL_SITE_OTHER;
	}
	case IA64_OP_MOV_TO_AR:
	case IA64_OP_MOV_FROM_AR: {
		bool to = e->op == IA64_OP_MOV_TO_AR;
		int ar = op[to ? 0 : 1].num;
		if (ar >= 0 && ar <= 7)
			return to ? LOL_SITE_MOV_TO_KR : LOL_SITE_MOV_FROM_KR;
		if (ar == 44)
			return to ? LOL_SITE_MOV_TO_ITC : LOL_SITE_MOV_FROM_ITC;
		if (ar == 45)
			return to ? LOL_SITE_MOV_TO_RUC : LOL_SITE_MOV_FROM_RUC;
		if (to && ar == 16)
			return LOL_SITE_MOV_TO_RSC;
		if (to && ar == 18)
			return LOL_SITE_MOV_TO_BSPSTORE;
		return LOL_SITE_OTHER;
	}
	default: (void)flags; return LOL_SITE_OTHER;
	}
}

static bool parse_qp(const struct regctx *rc, const char *s, size_t a, size_t b, int *qp)
{
	*qp = 0;
	if (a == b)
		return true;
	a++;                     /* '(' */
	if (b > a && s[b - 1] == ')')
		b--;
	trim(s, &a, &b);
	struct operand o;
	parse_operand(rc, s, a, b, &o);
	if (o.rf != RF_PR || o.num < 0)
		return false;
	*qp = o.num;
	return true;
}

int classify_insn(const struct regctx *rc, const char *s, const struct parsed *p, struct site_class *sc)
{
	memset(sc, 0, sizeof *sc);
	char mn[64];
	size_t ml = p->mn_end - p->mn_start;
	if (ml == 0 || ml >= sizeof mn)
		return 0;
	for (size_t i = 0; i < ml; i++) {
		char c = s[p->mn_start + i];
		mn[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	mn[ml] = 0;
	if (!mnem_maybe_sensitive(mn, ml))
		return 0;

	struct span sp[6];
	int nout;
	int n = split_operands(s, p->ops_start, p->ops_end, sp, 6, &nout);
	if (n < 0) {
		if (!strcmp(mn, "mov"))
			return 0; /* not a form we know; gas will tell */
		sc->why = "cannot split its operands";
		return -1;
	}
	struct operand op[6];
	for (int i = 0; i < n; i++)
		parse_operand(rc, s, sp[i].a, sp[i].b, &op[i]);

	bool is_mov = !strcmp(mn, "mov");
	int ar = -1;
	for (int i = 0; i < n; i++)
		if (op[i].rf == RF_AR)
			ar = op[i].num;
	const struct ia64_opcode *e = NULL;
	for (int pass = 0; pass < 3 && !e; pass++) {
		const char *name = pass == 0 ? mn : pass == 1 ? "mov.m" : "mov.i";
		if (pass > 0 && !is_mov)
			break;
		if (pass > 0) {
			/* gas: plain "mov" with an ar picks the unit the register lives in */
			if (ar >= 0 && ar <= 47 && pass == 2)
				continue;
			if (ar >= 64 && ar <= 111 && pass == 1)
				continue;
		}
		/* find the first entry of this name */
		size_t lo = 0, hi = nmtab;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (strcmp(mtab[mid].name, name) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < nmtab && !strcmp(mtab[i].name, name); i++) {
			const struct ia64_opcode *c = mtab[i].e;
			if (c->nopnd != n || c->nout != nout)
				continue;
			bool ok = true;
			for (int k = 0; k < n && ok; k++)
				ok = opnd_matches(c->opnd[k], &op[k]);
			if (ok) {
				e = c;
				break;
			}
		}
	}
	if (!e) {
		if (is_mov) {
			for (int i = 0; i < n; i++)
				if (op[i].rf == RF_AR || op[i].rf == RF_CR || op[i].rf == RF_IND ||
				    (op[i].rf == RF_FIXED && (!strcmp(op[i].fixed, "psr") || !strcmp(op[i].fixed, "psr.l")))) {
					sc->why = "a move of a system register in a form not understood";
					return -1;
				}
			return 0;
		}
		sc->why = "operands not understood for this instruction";
		return -1;
	}
	uint32_t flags = e->flags;
	if (e->op == IA64_OP_MOV_TO_AR || e->op == IA64_OP_MOV_FROM_AR) {
		struct ia64_insn in;
		memset(&in, 0, sizeof in);
		in.opc = e;
		in.nopnd = (uint8_t)n;
		for (int k = 0; k < n; k++) {
			in.opnd[k].kind = e->opnd[k];
			in.opnd[k].cls = ia64_opnd_info(e->opnd[k])->cls;
			in.opnd[k].value = op[k].num;
		}
		flags |= ia64_classify(&in);
	}
	if (!(flags & (IA64_F_PRIV | IA64_F_SENSITIVE)))
		return 0;

	sc->kind = kind_of(e, op, flags);
	sc->unit = e->unit == IA64_UNIT_M ? 'M' : e->unit == IA64_UNIT_I ? 'I' : e->unit == IA64_UNIT_B ? 'B' : '?';
	sc->priv = flags & IA64_F_PRIV;
	sc->last = flags & IA64_F_LAST;
	if (sc->unit == '?') {
		sc->kind = -1;
		sc->why = "no break of its unit";
		return 1;
	}
	uint64_t enc = e->match;
	for (int k = 0; k < n; k++) {
		const struct ia64_opnd_info *d = ia64_opnd_info(e->opnd[k]);
		int64_t v;
		switch (d->cls) {
		case IA64_OC_FIXED:
			continue;
		case IA64_OC_IMM:
			if ((d->xform != IA64_X_NONE && d->xform != IA64_X_SEXT) || d->shift || d->bias || sc->nimm == 2) {
				sc->kind = -1;
				sc->why = "an immediate operand the afterburner cannot encode";
				return 1;
			}
			sc->imm[sc->nimm].opnd = k;
			for (int f = 0; f < 6 && d->f[f].len; f++) {
				if (f == 4 || d->f[f].pos + d->f[f].len > 41) {
					sc->kind = -1;
					sc->why = "an immediate operand the afterburner cannot encode";
					return 1;
				}
				sc->imm[sc->nimm].pos[f] = d->f[f].pos;
				sc->imm[sc->nimm].len[f] = d->f[f].len;
				sc->imm[sc->nimm].nf = f + 1;
			}
			sc->nimm++;
			continue;
		case IA64_OC_IND:
		case IA64_OC_MEM:
			v = op[k].inner;
			break;
		default:
			v = op[k].num;
			break;
		}
		if (v < 0) {
			sc->kind = -1;
			sc->why = v == -2 ? "an index that is not a general register"
					  : "a register name the afterburner cannot resolve (stacked or rotating "
					    "register without a known frame)";
			return 1;
		}
		if (!d->f[0].len || d->f[1].len || d->xform != IA64_X_NONE || v >= (1 << d->f[0].len)) {
			sc->kind = -1;
			sc->why = "an operand the afterburner cannot encode";
			return 1;
		}
		enc |= (uint64_t)v << d->f[0].pos;
	}
	int qp;
	if (!parse_qp(rc, s, p->qp_start, p->qp_end, &qp)) {
		sc->kind = -1;
		sc->why = "a qualifying predicate the afterburner cannot resolve";
		return 1;
	}
	enc |= (uint64_t)qp;
	sc->enc = enc;
	return 1;
}
