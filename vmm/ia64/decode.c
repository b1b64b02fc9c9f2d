// SPDX-License-Identifier: GPL-2.0
/*
 * Slot decoding.  Entries are grouped by slot type and major opcode; inside a
 * group a small direct-mapped index on the bits most entries test narrows the
 * search to a short list, scanned most specific entry first.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "optab.h"

#define MAX_INDEX_BITS 11
#define MAX_RUNS 3

struct group {
	uint8_t nbits;
	uint8_t bitpos[MAX_INDEX_BITS];
	/* the index bits as runs of adjacent slot bits: idx |= field << dst;
	 * unused runs have an empty mask */
	struct {
		uint8_t shift, len, dst;
		uint16_t mask;
	} run[MAX_RUNS];
	/* per index value: where its NULL-terminated list starts in pool */
	uint32_t *lists;
};

/* Every group's candidate lists, contiguous, with each candidate's match and
 * mask beside it, so a lookup touches little memory; a list ends with an
 * entry whose opc is NULL and whose mask and match always match. */
struct candidate {
	uint64_t mask, match;
	const struct ia64_opcode *opc;
};
static struct candidate *pool;
static size_t pool_used, pool_cap;

static struct ia64_opcode *entries;
static size_t nentries, capentries;
static char *names_arena;
static struct group groups[IA64_ST_COUNT][16];

struct ia64_opcode *ia64_optab_add(unsigned unit, unsigned format, uint64_t match, uint64_t mask,
				   const char *name, unsigned op, uint32_t flags, unsigned nout,
				   const uint8_t *opnds)
{
	if (nentries == capentries) {
		capentries = capentries ? capentries * 2 : 1024;
		entries = realloc(entries, capentries * sizeof(*entries));
		if (!entries)
			abort();
	}
	struct ia64_opcode *e = &entries[nentries++];
	memset(e, 0, sizeof(*e));
	e->match = match;
	e->mask = mask | MAJ_MASK;
	/* Names are kept as offsets until the table is final (realloc moves). */
	size_t len = strlen(name) + 1;
	static size_t arena_used, arena_cap;
	if (arena_used + len > arena_cap) {
		arena_cap = arena_cap ? arena_cap * 2 : 65536;
		names_arena = realloc(names_arena, arena_cap);
		if (!names_arena)
			abort();
	}
	memcpy(names_arena + arena_used, name, len);
	e->name = (const char *)(uintptr_t)arena_used;
	arena_used += len;
	e->op = (uint16_t)op;
	e->unit = (uint8_t)unit;
	e->format = (uint8_t)format;
	e->flags = flags;
	e->nout = (uint8_t)nout;
	unsigned n = 0;
	while (opnds[n] && n < 5)
		n++;
	e->nopnd = (uint8_t)n;
	memcpy(e->opnd, opnds, n);
	return e;
}

static bool unit_fits(unsigned unit, unsigned type)
{
	switch (type) {
	case IA64_ST_M:
		return unit == IA64_UNIT_M || unit == IA64_UNIT_A;
	case IA64_ST_I:
		return unit == IA64_UNIT_I || unit == IA64_UNIT_A;
	case IA64_ST_F:
		return unit == IA64_UNIT_F;
	case IA64_ST_B:
		return unit == IA64_UNIT_B;
	case IA64_ST_X:
		return unit == IA64_UNIT_X;
	default:
		return false;
	}
}

static int by_specificity(const void *a, const void *b)
{
	const struct ia64_opcode *x = *(const struct ia64_opcode *const *)a;
	const struct ia64_opcode *y = *(const struct ia64_opcode *const *)b;
	/* a field relation counts as both its fields' bits, as the equivalent
	 * one-entry-per-value table would */
	int px = __builtin_popcountll(x->mask) + (x->frel ? 2 * x->frel_len : 0);
	int py = __builtin_popcountll(y->mask) + (y->frel ? 2 * y->frel_len : 0);
	if (px != py)
		return py - px;
	return (x > y) - (x < y); /* stable: earlier added first */
}

static void build_group(struct group *g, const struct ia64_opcode **list, size_t n)
{
	/* Choose index bits greedily: each time the bit that most shortens the
	 * expected candidate list (an entry testing a chosen bit lands in half
	 * the lists), keeping the bits in at most MAX_RUNS runs of adjacent
	 * bits, so the index is a few shift-and-mask steps. */
	double *weight = malloc((n + 1) * sizeof(*weight));
	if (!weight)
		abort();
	for (size_t i = 0; i < n; i++)
		weight[i] = 1.0;
	uint64_t chosen = 0;
	g->nbits = 0;
	while (g->nbits < MAX_INDEX_BITS) {
		double expected = 0;
		for (size_t i = 0; i < n; i++)
			expected += weight[i];
		if (expected < 1.2)
			break;
		int best = -1;
		double bestgain = 0.05;
		for (unsigned b = 0; b < 37; b++) {
			if (chosen >> b & 1)
				continue;
			uint64_t c = chosen | 1ull << b;
			if (__builtin_popcountll(c & ~(c << 1)) > MAX_RUNS)
				continue; /* would need another run */
			double gain = 0;
			for (size_t i = 0; i < n; i++)
				if (list[i]->mask >> b & 1)
					gain += weight[i] / 2;
			if (gain > bestgain) {
				bestgain = gain;
				best = (int)b;
			}
		}
		if (best < 0)
			break;
		chosen |= 1ull << best;
		g->bitpos[g->nbits++] = (uint8_t)best;
		for (size_t i = 0; i < n; i++)
			if (list[i]->mask >> best & 1)
				weight[i] /= 2;
	}
	free(weight);
	/* Sort the chosen bits (the index is built in that order) and merge
	 * adjacent ones into runs. */
	for (unsigned i = 1; i < g->nbits; i++)
		for (unsigned k = i; k > 0 && g->bitpos[k - 1] > g->bitpos[k]; k--) {
			uint8_t t = g->bitpos[k];
			g->bitpos[k] = g->bitpos[k - 1];
			g->bitpos[k - 1] = t;
		}
	memset(g->run, 0, sizeof(g->run));
	unsigned nruns = 0;
	for (unsigned k = 0; k < g->nbits; k++) {
		if (nruns && g->run[nruns - 1].shift + g->run[nruns - 1].len == g->bitpos[k]) {
			g->run[nruns - 1].len++;
			continue;
		}
		g->run[nruns].shift = g->bitpos[k];
		g->run[nruns].len = 1;
		g->run[nruns].dst = (uint8_t)k;
		nruns++;
	}
	for (unsigned k = 0; k < MAX_RUNS; k++)
		g->run[k].mask = (1u << g->run[k].len) - 1;
	size_t nidx = (size_t)1 << g->nbits;
	g->lists = calloc(nidx, sizeof(*g->lists));
	if (!g->lists)
		abort();
	const struct ia64_opcode **tmp = malloc((n + 1) * sizeof(*tmp));
	if (!tmp)
		abort();
	for (size_t idx = 0; idx < nidx; idx++) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			bool ok = true;
			for (unsigned k = 0; k < g->nbits && ok; k++) {
				unsigned b = g->bitpos[k];
				if ((list[i]->mask >> b & 1) && (list[i]->match >> b & 1) != (idx >> k & 1))
					ok = false;
			}
			if (ok)
				tmp[m++] = list[i];
		}
		tmp[m++] = NULL;
		if (pool_used + m > pool_cap) {
			pool_cap = (pool_used + m) * 2;
			pool = realloc(pool, pool_cap * sizeof(*pool));
			if (!pool)
				abort();
		}
		for (size_t k = 0; k < m; k++) {
			pool[pool_used + k].opc = tmp[k];
			pool[pool_used + k].mask = tmp[k] ? tmp[k]->mask : 0;
			pool[pool_used + k].match = tmp[k] ? tmp[k]->match : 0;
		}
		g->lists[idx] = (uint32_t)pool_used;
		pool_used += m;
	}
	free(tmp);
}

static void init_once(void)
{
	ia64_opnd_prepare();
	ia64_optab_init_a();
	ia64_optab_init_i();
	ia64_optab_init_m();
	ia64_optab_init_mem();
	ia64_optab_init_f();
	ia64_optab_init_b();
	ia64_optab_init_x();
	for (size_t i = 0; i < nentries; i++) {
		struct ia64_opcode *e = &entries[i];
		e->name = names_arena + (uintptr_t)e->name;
		for (unsigned k = 0; k < e->nopnd; k++) {
			unsigned pos, len;
			e->opcls[k] = (uint8_t)ia64_opnd_class(e->opnd[k]);
			if (ia64_opnd_simple_field(e->opnd[k], &pos, &len)) {
				e->opos[k] = (uint8_t)pos;
				e->olen[k] = (uint8_t)len;
			}
		}
	}

	const struct ia64_opcode **list = malloc((nentries + 1) * sizeof(*list));
	if (!list)
		abort();
	for (unsigned t = 0; t < IA64_ST_COUNT; t++) {
		for (unsigned maj = 0; maj < 16; maj++) {
			size_t n = 0;
			for (size_t i = 0; i < nentries; i++)
				if (unit_fits(entries[i].unit, t) && (entries[i].match >> 37 & 15) == maj)
					list[n++] = &entries[i];
			qsort(list, n, sizeof(*list), by_specificity);
			build_group(&groups[t][maj], list, n);
		}
	}
	free(list);
}

const struct ia64_opcode *ia64_opcodes(size_t *count)
{
	ia64_init();
	*count = nentries;
	return entries;
}

void ia64_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_once);
}

static bool frel_holds(const struct ia64_opcode *e, uint64_t bits)
{
	uint64_t m = (1ull << e->frel_len) - 1;
	uint64_t a = bits >> e->frel_a & m, b = bits >> e->frel_b & m;
	return e->frel == IA64_FREL_EQ ? a == b : a + b == m;
}

static inline __attribute__((always_inline)) const struct ia64_opcode *lookup(unsigned type,
									      uint64_t bits)
{
	const struct group *g = &groups[type][bits >> 37 & 15];
	unsigned idx = ((unsigned)(bits >> g->run[0].shift) & g->run[0].mask) << g->run[0].dst |
		       ((unsigned)(bits >> g->run[1].shift) & g->run[1].mask) << g->run[1].dst |
		       ((unsigned)(bits >> g->run[2].shift) & g->run[2].mask) << g->run[2].dst;
	for (const struct candidate *c = pool + g->lists[idx];; c++)
		if ((bits & c->mask) == c->match && (!c->opc || !c->opc->frel || frel_holds(c->opc, bits)))
			return c->opc;
}

static inline __attribute__((always_inline)) bool decode_slot(unsigned type, uint64_t bits,
							    uint64_t lbits, struct ia64_insn *out)
{
	out->bits = bits;
	out->lbits = lbits;
	out->type = (uint8_t)type;
	out->qp = bits & 63;
	out->nopnd = 0;
	out->flags = 0;
	out->opc = type < IA64_ST_COUNT && type != IA64_ST_L ? lookup(type, bits) : NULL;
	if (!out->opc)
		return false;
	const struct ia64_opcode *o = out->opc;
	out->nopnd = o->nopnd;
	for (unsigned i = 0; i < o->nopnd; i++) {
		out->opnd[i].kind = o->opnd[i];
		out->opnd[i].cls = o->opcls[i];
		out->opnd[i].value = o->olen[i] ? (int64_t)((bits >> o->opos[i]) &
							      ((1u << o->olen[i]) - 1))
					      : ia64_opnd_extract(o->opnd[i], bits, lbits);
	}
	out->flags = o->flags;
	if (o->op == IA64_OP_MOV_TO_AR || o->op == IA64_OP_MOV_FROM_AR)
		out->flags |= ia64_classify(out);
	return true;
}

bool ia64_decode_slot(unsigned type, uint64_t bits, uint64_t lbits, struct ia64_insn *out)
{
	return decode_slot(type, bits, lbits, out);
}

/* A whole bundle (here, beside decode_slot, so the lookup inlines). */
void ia64_decode_bundle(const uint8_t b[16], struct ia64_bundle *out)
{
	uint8_t types[3], stops = 0;
	ia64_bundle_split(b, &out->tmpl, out->slot);
	out->reserved = !ia64_template(out->tmpl, types, &stops);
	out->ninsn = 3;
	if (out->reserved) {
		for (unsigned s = 0; s < 3; s++) {
			struct ia64_insn *in = &out->insn[s];
			memset(in, 0, sizeof(*in));
			in->slot = (uint8_t)s;
			in->bits = out->slot[s];
			in->qp = out->slot[s] & 63;
		}
		return;
	}
	for (unsigned s = 0; s < 3; s++) {
		struct ia64_insn *in = &out->insn[s];
		if (types[s] == IA64_ST_L) {
			/* The L slot carries the X instruction's immediate. */
			in->opc = NULL;
			in->bits = in->lbits = out->slot[s];
			in->type = IA64_ST_L;
			in->slot = (uint8_t)s;
			in->qp = 0;
			in->nopnd = 0;
			in->flags = 0;
			in->stop = 0;
			continue;
		}
		decode_slot(types[s], out->slot[s], s == 2 ? out->slot[1] : 0, in);
		in->slot = (uint8_t)s;
		in->stop = (stops >> s) & 1;
	}
	if (types[1] == IA64_ST_L)
		out->ninsn = 2;
}
