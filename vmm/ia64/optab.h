/* SPDX-License-Identifier: GPL-2.0 */
/* Internal: building the opcode tables.  Each unit file (optab_*.c) adds its
 * entries from ia64_optab_init_<unit>() with ia64_optab_add(). */
#ifndef LOL_IA64_OPTAB_H
#define LOL_IA64_OPTAB_H

#include "ia64.h"

/* A value v placed in the slot field at bit pos. */
#define FV(pos, v) ((uint64_t)(v) << (pos))
/* A mask of len bits at bit pos. */
#define FM(pos, len) ((((uint64_t)1 << (len)) - 1) << (pos))
/* Major opcode, bits 37..40. */
#define MAJ(x) FV(37, x)
#define MAJ_MASK FM(37, 4)

/* Copy name (it may live in a caller's buffer) and add an entry.  opnds is a
 * zero-terminated list of enum ia64_opnd, outputs first.  Returns the entry
 * so the caller may fill msize, sub1, sub2. */
struct ia64_opcode *ia64_optab_add(unsigned unit, unsigned format, uint64_t match, uint64_t mask,
				   const char *name, unsigned op, uint32_t flags, unsigned nout,
				   const uint8_t *opnds);

/* Make e match only when the fields at a and b (len bits) are related. */
static inline struct ia64_opcode *ia64_optab_relate(struct ia64_opcode *e, unsigned rel,
						   unsigned a, unsigned b, unsigned len)
{
	e->frel = (uint8_t)rel;
	e->frel_a = (uint8_t)a;
	e->frel_b = (uint8_t)b;
	e->frel_len = (uint8_t)len;
	return e;
}

#define IA64_ADD(unit, fmt, match, mask, name, op, flags, nout, ...)                           \
	ia64_optab_add(unit, fmt, match, mask, name, op, flags, nout,                          \
		       (const uint8_t[]){__VA_ARGS__, 0})

void ia64_optab_init_a(void);
void ia64_optab_init_i(void);
void ia64_optab_init_m(void);   /* majors 0, 1: system, moves, chk, alloc */
void ia64_optab_init_mem(void); /* majors 4-7: loads, stores, semaphores, getf/setf */
void ia64_optab_init_f(void);
void ia64_optab_init_b(void);
void ia64_optab_init_x(void);

/* Operand value extraction (opnd.c). */
int64_t ia64_opnd_value(unsigned kind, uint64_t bits, uint64_t lbits);
unsigned ia64_opnd_print_style(unsigned kind);
/* True for an operand that is one plain field of the slot (registers). */
bool ia64_opnd_simple_field(unsigned kind, unsigned *pos, unsigned *len);
const char *ia64_opnd_text(unsigned kind);

enum { P_REG, P_TEXT, P_DEC, P_UDEC, P_HEX, P_MBTYPE, P_IPREL };

/* Operand extraction, precomputed per kind by ia64_opnd_prepare(). */
struct ia64_opnd_fast {
	uint8_t nfield, generic, sext, shift, subfrom;
	int16_t bias;
	struct {
		uint8_t lslot, pos, dst;
		uint64_t mask;
	} field[6];
};
extern struct ia64_opnd_fast ia64_opnd_fast[IA64_OPND_COUNT];
void ia64_opnd_prepare(void);

static inline int64_t ia64_opnd_extract(unsigned kind, uint64_t bits, uint64_t lbits)
{
	const struct ia64_opnd_fast *f = &ia64_opnd_fast[kind];
	if (f->generic)
		return ia64_opnd_value(kind, bits, lbits);
	uint64_t v = 0;
	for (unsigned i = 0; i < f->nfield; i++)
		v |= (((f->field[i].lslot ? lbits : bits) >> f->field[i].pos) & f->field[i].mask)
		     << f->field[i].dst;
	if (f->sext)
		v = (uint64_t)((int64_t)(v << f->sext) >> f->sext);
	v <<= f->shift;
	return f->subfrom ? f->bias - (int64_t)v : (int64_t)v + f->bias;
}

#endif
