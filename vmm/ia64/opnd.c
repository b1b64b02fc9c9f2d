// SPDX-License-Identifier: GPL-2.0
/* Operand extraction: concatenate the SDM's immediate fields, then sign-extend,
 * scale and bias as each operand's definition in opnd.def says. */
#include "optab.h"

/* opnd.def's names for enum ia64_opnd_xform */
enum {
	X_NONE = IA64_X_NONE,
	X_SEXT = IA64_X_SEXT,
	X_ADD = IA64_X_ADD,
	X_SUBFROM = IA64_X_SUBFROM,
	X_SPECIAL = IA64_X_SPECIAL
};

static const struct ia64_opnd_info opnd_desc[IA64_OPND_COUNT] = {
#define IA64_OPND(id, cls, print, xform, bias, shift, text, ...)                                \
	[IA64_OPND_##id] = {IA64_OC_##cls, print, xform, shift, bias, text, {__VA_ARGS__}},
#include "opnd.def"
#undef IA64_OPND
};

static int64_t special_value(unsigned kind, uint64_t v)
{
	switch (kind) {
	case IA64_OPND_CNT2C: {
		/* pmpyshr2 count2: ct2d selects 0, 7, 15 or 16 (SDM vol 3, I1). */
		static const uint8_t c[4] = {0, 7, 15, 16};
		return c[v & 3];
	}
	case IA64_OPND_INC3: {
		/* fetchadd inc3: s, i2b -> +-16, 8, 4, 1 (SDM vol 3, M17). */
		static const uint8_t c[4] = {16, 8, 4, 1};
		int64_t inc = c[v & 3];
		return (v & 4) ? -inc : inc;
	}
	default:
		return (int64_t)v;
	}
}

/* Each operand kind's fields, with where each lands in the concatenation,
 * worked out once so extraction is a shift, a mask and an OR per field. */
struct ia64_opnd_fast ia64_opnd_fast[IA64_OPND_COUNT];

void ia64_opnd_prepare(void)
{
	for (unsigned k = 1; k < IA64_OPND_COUNT; k++) {
		const struct ia64_opnd_info *d = &opnd_desc[k];
		struct ia64_opnd_fast *f = &ia64_opnd_fast[k];
		unsigned n = 0, width = 0;
		while (n < 6 && d->f[n].len)
			width += d->f[n++].len;
		unsigned dst = width;
		for (unsigned i = 0; i < n; i++) {
			dst -= d->f[i].len;
			f->field[i].lslot = d->f[i].pos >= 64;
			f->field[i].pos = d->f[i].pos & 63;
			f->field[i].mask = (1ull << d->f[i].len) - 1;
			f->field[i].dst = (uint8_t)dst;
		}
		f->nfield = (uint8_t)n;
		f->generic = d->cls == IA64_OC_FIXED || d->xform == X_SPECIAL;
		/* sign extension by shifting the value's top bit to bit 63 and back */
		f->sext = d->xform == X_SEXT && width && width < 64 ? (uint8_t)(64 - width) : 0;
		f->shift = d->shift;
		f->subfrom = d->xform == X_SUBFROM;
		f->bias = d->xform == X_ADD || d->xform == X_SUBFROM ? d->bias : 0;
	}
}

int64_t ia64_opnd_value(unsigned kind, uint64_t bits, uint64_t lbits)
{
	const struct ia64_opnd_info *d = &opnd_desc[kind];
	uint64_t v = 0;
	unsigned width = 0;
	for (unsigned i = 0; i < 6 && d->f[i].len; i++) {
		unsigned pos = d->f[i].pos, len = d->f[i].len;
		uint64_t src = pos >= 64 ? lbits : bits;
		pos &= 63;
		uint64_t fv = (src >> pos) & ((1ull << len) - 1);
		v = (v << len) | fv;
		width += len;
	}
	if (d->cls == IA64_OC_FIXED)
		return d->bias;
	switch (d->xform) {
	case X_SEXT:
		if (width && width < 64 && (v >> (width - 1)) & 1)
			v |= ~0ull << width;
		v <<= d->shift;
		return (int64_t)v;
	case X_ADD:
		return (int64_t)(v << d->shift) + d->bias;
	case X_SUBFROM:
		return d->bias - (int64_t)(v << d->shift);
	case X_SPECIAL:
		return special_value(kind, v);
	default:
		return (int64_t)(v << d->shift);
	}
}

unsigned ia64_opnd_class(unsigned kind)
{
	return kind < IA64_OPND_COUNT ? opnd_desc[kind].cls : IA64_OC_NONE;
}

unsigned ia64_opnd_print_style(unsigned kind)
{
	return opnd_desc[kind].print;
}

const char *ia64_opnd_text(unsigned kind)
{
	return opnd_desc[kind].text;
}

bool ia64_opnd_simple_field(unsigned kind, unsigned *pos, unsigned *len)
{
	const struct ia64_opnd_info *d = &opnd_desc[kind];
	if (d->cls == IA64_OC_FIXED || d->xform != X_NONE || d->shift || !d->f[0].len ||
	    d->f[1].len || d->f[0].pos >= 64)
		return false;
	*pos = d->f[0].pos;
	*len = d->f[0].len;
	return true;
}

const struct ia64_opnd_info *ia64_opnd_info(unsigned kind)
{
	return &opnd_desc[kind < IA64_OPND_COUNT ? kind : IA64_OPND_NONE];
}
