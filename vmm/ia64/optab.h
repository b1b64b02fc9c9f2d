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

#endif
