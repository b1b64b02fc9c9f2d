// SPDX-License-Identifier: GPL-2.0
/*
 * Constant integer expressions with gas's operators and precedence (gas
 * manual, "Infix Operators"): highest * / % << >>, then | & ^ !, then + - and
 * the comparisons == <> != < > <= >=, then && and ||.  Used for what the
 * afterburner must know itself (alloc frame sizes, .rept counts); operands of
 * rewritten instructions are left for gas to evaluate.
 */
#include <string.h>

#include "ab.h"

struct ev {
	const char *s;
	size_t i, n;
	sym_lookup_fn look;
	void *ctx;
	bool bad;
};

static void ws(struct ev *e)
{
	while (e->i < e->n && is_space(e->s[e->i]))
		e->i++;
}

static int64_t binary(struct ev *e, int minrank);

static int64_t primary(struct ev *e)
{
	ws(e);
	if (e->i >= e->n) {
		e->bad = true;
		return 0;
	}
	char c = e->s[e->i];
	if (c == '(') {
		e->i++;
		int64_t v = binary(e, 1);
		ws(e);
		if (e->i < e->n && e->s[e->i] == ')')
			e->i++;
		else
			e->bad = true;
		return v;
	}
	if (c == '-' || c == '~' || c == '!' || c == '+') {
		e->i++;
		int64_t v = primary(e);
		return c == '-' ? (int64_t)(0 - (uint64_t)v) : c == '~' ? ~v : c == '!' ? !v : v;
	}
	if (c >= '0' && c <= '9') {
		uint64_t v = 0;
		unsigned base = 10;
		size_t i = e->i;
		if (c == '0' && i + 1 < e->n && (e->s[i + 1] == 'x' || e->s[i + 1] == 'X'))
			base = 16, i += 2;
		else if (c == '0' && i + 1 < e->n && (e->s[i + 1] == 'b' || e->s[i + 1] == 'B'))
			base = 2, i += 2;
		else if (c == '0')
			base = 8;
		size_t d0 = i;
		for (; i < e->n; i++) {
			char d = e->s[i];
			unsigned x;
			if (d >= '0' && d <= '9')
				x = (unsigned)(d - '0');
			else if (d >= 'a' && d <= 'f')
				x = (unsigned)(d - 'a' + 10);
			else if (d >= 'A' && d <= 'F')
				x = (unsigned)(d - 'A' + 10);
			else
				break;
			if (x >= base) {
				e->bad = true;
				break;
			}
			v = v * base + x;
		}
		if (base != 8 && base != 10 && i == d0)
			e->bad = true;
		/* local label references 1f / 1b are not constants */
		if (i < e->n && is_name_char((unsigned char)e->s[i]))
			e->bad = true;
		e->i = i;
		return (int64_t)v;
	}
	if (is_name_start((unsigned char)c)) {
		size_t a = e->i;
		while (e->i < e->n && is_name_char((unsigned char)e->s[e->i]))
			e->i++;
		int64_t v = 0;
		if (!e->look || !e->look(e->ctx, e->s + a, e->i - a, &v))
			e->bad = true;
		return v;
	}
	e->bad = true;
	return 0;
}

/* operator at e->i: returns rank (0 = none) and its length */
static int op_at(struct ev *e, int *op, size_t *len)
{
	ws(e);
	if (e->i >= e->n)
		return 0;
	const char *p = e->s + e->i;
	size_t left = e->n - e->i;
	struct {
		const char *t;
		int rank;
	} ops[] = {{"||", 1}, {"&&", 2}, {"==", 3}, {"!=", 3}, {"<>", 3}, {"<=", 3}, {">=", 3},
		   {"<<", 7}, {">>", 7}, {"<", 3},  {">", 3},  {"+", 4},  {"-", 4},  {"*", 7},
		   {"/", 7},  {"%", 7},  {"|", 6},  {"&", 6},  {"^", 6},  {"!", 6}};
	for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t l = strlen(ops[k].t);
		if (l <= left && !memcmp(p, ops[k].t, l)) {
			*op = (int)k;
			*len = l;
			return ops[k].rank;
		}
	}
	return 0;
}

static int64_t apply(struct ev *e, int op, int64_t a, int64_t b)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
	switch (op) {
	case 0: return a || b;
	case 1: return a && b;
	case 2: return a == b ? -1 : 0; /* gas: true is -1 */
	case 3:
	case 4: return a != b ? -1 : 0;
	case 5: return a <= b ? -1 : 0;
	case 6: return a >= b ? -1 : 0;
	case 7: return ub >= 64 ? 0 : (int64_t)(ua << ub);
	case 8: return ub >= 64 ? 0 : (int64_t)(ua >> ub);
	case 9: return a < b ? -1 : 0;
	case 10: return a > b ? -1 : 0;
	case 11: return (int64_t)(ua + ub);
	case 12: return (int64_t)(ua - ub);
	case 13: return (int64_t)(ua * ub);
	case 14:
	case 15:
		if (b == 0 || (a == INT64_MIN && b == -1)) {
			e->bad = true;
			return 0;
		}
		return op == 14 ? a / b : a % b;
	case 16: return a | b;
	case 17: return a & b;
	case 18: return a ^ b;
	case 19: return a | ~b;
	}
	e->bad = true;
	return 0;
}

static int64_t binary(struct ev *e, int minrank)
{
	int64_t v = primary(e);
	for (;;) {
		int op;
		size_t len;
		int r = op_at(e, &op, &len);
		if (!r || r < minrank || e->bad)
			return v;
		e->i += len;
		int64_t w = binary(e, r + 1);
		v = apply(e, op, v, w);
	}
}

bool eval_expr(const char *s, size_t len, int64_t *val, sym_lookup_fn look, void *ctx)
{
	struct ev e = {s, 0, len, look, ctx, false};
	int64_t v = binary(&e, 1);
	ws(&e);
	if (e.bad || e.i != e.n)
		return false;
	*val = v;
	return true;
}
