/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol ISA library: IA-64 bundle decoding, classification and disassembly.
 *
 * This library depends on nothing else in the lol tree.  Semantics follow the
 * Intel Itanium Architecture Software Developer's Manual rev 2.3 (SDM),
 * volume 3 chapter 4 (instruction formats) and the per-instruction pages.
 */
#ifndef LOL_IA64_H
#define LOL_IA64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ia64-sub.h"

/* Slot types a template assigns (SDM vol 3, table 4-2). */
enum ia64_slot_type {
	IA64_ST_M,
	IA64_ST_I,
	IA64_ST_F,
	IA64_ST_B,
	IA64_ST_L, /* the long-immediate half of an L+X pair (slot 1) */
	IA64_ST_X, /* the opcode half of an L+X pair (slot 2) */
	IA64_ST_COUNT
};

/* Execution unit an instruction belongs to.  A-unit instructions run in
 * either an M or an I slot. */
enum ia64_unit { IA64_UNIT_A, IA64_UNIT_I, IA64_UNIT_M, IA64_UNIT_F, IA64_UNIT_B, IA64_UNIT_X };

/* Operation ids: one per instruction (mnemonic base), per unit file. */
enum ia64_op {
	IA64_OP_NONE = 0,
#define IA64_OP(id, text) IA64_OP_##id,
#include "ops.def"
#undef IA64_OP
	IA64_OP_COUNT
};

/* Operand kinds: where an operand's bits are and how it is shown. */
enum ia64_opnd {
	IA64_OPND_NONE = 0,
#define IA64_OPND(id, ...) IA64_OPND_##id,
#include "opnd.def"
#undef IA64_OPND
	IA64_OPND_COUNT
};

/* Operand classes: how a consumer interprets the value. */
enum ia64_opnd_class {
	IA64_OC_NONE,
	IA64_OC_GR,    /* general register rN */
	IA64_OC_FR,    /* floating-point register fN */
	IA64_OC_PR,    /* predicate register pN */
	IA64_OC_BR,    /* branch register bN */
	IA64_OC_AR,    /* application register ar.NAME, value = number */
	IA64_OC_CR,    /* control register cr.NAME, value = number */
	IA64_OC_IND,   /* indirect register file FILE[rN], value = N */
	IA64_OC_MEM,   /* memory [rN], value = N */
	IA64_OC_IMM,   /* immediate, value as the SDM forms it */
	IA64_OC_IPREL, /* IP-relative target: value = displacement from the bundle */
	IA64_OC_FIXED, /* a fixed register or constant shown as text (psr, ar.ccv, 1, ...) */
};

/* Static and classification flags. */
enum {
	IA64_F_PRIV = 1u << 0,       /* faults (privileged op/register) at PL != 0 */
	IA64_F_SENSITIVE = 1u << 1,  /* unprivileged but behaves differently at PL 3 */
	IA64_F_BRANCH = 1u << 2,     /* may change IP */
	IA64_F_LOAD = 1u << 3,       /* reads memory */
	IA64_F_STORE = 1u << 4,      /* writes memory */
	IA64_F_SEMAPHORE = 1u << 5,  /* atomic read-modify-write */
	IA64_F_SPEC = 1u << 6,       /* control speculative (.s, .sa) */
	IA64_F_ADV = 1u << 7,        /* data speculative / advanced (.a, .sa, .c.*) */
	IA64_F_ACQ = 1u << 8,        /* acquire ordering */
	IA64_F_REL = 1u << 9,        /* release ordering */
	IA64_F_FENCE = 1u << 10,     /* mf, mf.a, fence-like ordering */
	IA64_F_LAST = 1u << 11,      /* must be last in an instruction group */
	IA64_F_FIRST = 1u << 12,     /* must be first in an instruction group */
	IA64_F_SLOT2 = 1u << 13,     /* B-unit: only in slot 2 of its bundle (or in MIB/MBB... last) */
	IA64_F_FP = 1u << 14,        /* floating point */
	IA64_F_PSEUDO = 1u << 15,    /* a pseudo-op form of a more general encoding */
	IA64_F_CHECK = 1u << 16,     /* speculation check (chk.*) */
	IA64_F_FLUSHCACHE = 1u << 17,/* fc/fc.i */
	IA64_F_NOMEM_ACCESS = 1u << 18, /* lfetch/probe: names memory, moves no data */
	IA64_F_ILLEGAL_QP = 1u << 19,/* not predicated: bits 0-5 are no qp (alloc, flushrs, loadrs, some B forms) */
};

/* One operand of a decoded instruction. */
struct ia64_operand {
	uint8_t kind;  /* enum ia64_opnd */
	uint8_t cls;   /* enum ia64_opnd_class */
	int64_t value; /* register number, immediate, or displacement */
};

/* One opcode table entry (built at init time by the unit files). */
struct ia64_opcode {
	uint64_t match, mask; /* over the 41 slot bits (L slot: bits 64..104) */
	const char *name;     /* full mnemonic, completers included: "ld8.s.nta" */
	uint16_t op;          /* enum ia64_op */
	uint8_t unit;         /* enum ia64_unit */
	uint8_t format;       /* SDM format number within its unit: 1 for M1 */
	uint8_t nout;         /* operands before the '=' */
	uint8_t nopnd;
	uint8_t opnd[5];      /* enum ia64_opnd */
	uint8_t msize;        /* bytes moved by a memory access, 0 if none */
	uint8_t sub1, sub2;   /* per-op completer values, documented in the unit file */
	uint32_t flags;
	/* Filled at init for fast decoding: each operand's class, and for plain
	 * single-field operands the field (len 0: use ia64_opnd_value). */
	uint8_t opcls[5], opos[5], olen[5];
	/* A pseudo-op's relation between two fields (IA64_FREL_*), beyond the
	 * mask: field a == field b, or a + b == all ones (e.g. pos + len = 64). */
	uint8_t frel, frel_a, frel_b, frel_len;
};
enum { IA64_FREL_NONE, IA64_FREL_EQ, IA64_FREL_SUM_ONES };

/* A decoded instruction slot. */
struct ia64_insn {
	const struct ia64_opcode *opc; /* NULL: no valid encoding */
	uint64_t bits;                 /* the raw 41-bit slot (X unit: the X slot) */
	uint64_t lbits;                /* X unit only: the L slot */
	uint8_t slot;                  /* 0..2 */
	uint8_t type;                  /* enum ia64_slot_type of the slot */
	uint8_t qp;                    /* qualifying predicate */
	uint8_t stop;                  /* a stop follows this slot */
	uint8_t nopnd;
	uint32_t flags;                /* opc->flags plus operand-dependent classification */
	struct ia64_operand opnd[5];
};

struct ia64_bundle {
	uint8_t tmpl;        /* template 0..31 */
	bool reserved;       /* reserved template: nothing decodes */
	uint8_t ninsn;       /* 3, or 2 for M L+X */
	uint64_t slot[3];    /* raw 41-bit slots */
	struct ia64_insn insn[3];
};

/* The operand of a given kind (enum ia64_opnd) in a decoded instruction,
 * or NULL when it has none. */
static inline const struct ia64_operand *ia64_insn_opnd(const struct ia64_insn *in, unsigned kind)
{
	for (unsigned i = 0; i < in->nopnd; i++)
		if (in->opnd[i].kind == kind)
			return &in->opnd[i];
	return NULL;
}

/* Where an operand kind's bits are and how its value is formed (opnd.def):
 * fields most significant first, then sign extension or a bias, a shift. */
enum ia64_opnd_xform { IA64_X_NONE, IA64_X_SEXT, IA64_X_ADD, IA64_X_SUBFROM, IA64_X_SPECIAL };
struct ia64_opnd_info {
	uint8_t cls, print, xform, shift; /* enum ia64_opnd_class, print style, xform */
	int16_t bias;
	const char *text; /* fixed operands' text, indirect files' names */
	struct {
		uint8_t pos, len; /* pos >= 64: bit pos - 64 of the L slot */
	} f[6];
};
const struct ia64_opnd_info *ia64_opnd_info(unsigned kind);

/* Call once before decoding (thread-safe, idempotent). */
void ia64_init(void);

/* Template description: slot types and stops.  Returns false if reserved. */
bool ia64_template(unsigned tmpl, uint8_t types[3], uint8_t *stops);
const char *ia64_template_name(unsigned tmpl); /* "MII", "MLX", ..., or NULL */

/* Split 16 little-endian bytes into template and slots. */
void ia64_bundle_split(const uint8_t b[16], uint8_t *tmpl, uint64_t slot[3]);

/* Decode a bundle completely. */
void ia64_decode_bundle(const uint8_t b[16], struct ia64_bundle *out);

/* Decode one slot of a given slot type (X needs the L slot in lbits). */
bool ia64_decode_slot(unsigned type, uint64_t bits, uint64_t lbits, struct ia64_insn *out);

/* Every opcode table entry (after ia64_init), e.g. for tools that work
 * from mnemonics (the afterburner).  Entries of one mnemonic may repeat
 * with different encodings. */
const struct ia64_opcode *ia64_opcodes(size_t *count);

/* Classification of privileged/sensitive forms that depend on operands. */
uint32_t ia64_classify(const struct ia64_insn *insn);

/* Names. */
const char *ia64_op_name(unsigned op);
const char *ia64_ar_name(unsigned n); /* "ar.lc", or NULL if unnamed */
const char *ia64_cr_name(unsigned n); /* "cr.iip", or NULL if unnamed */
unsigned ia64_opnd_class(unsigned kind);

/* Disassembly, in the text ia64-linux-gnu-objdump prints.  addr is the
 * bundle address (used for IP-relative targets).  print_addr formats a
 * target address; NULL prints "0x%lx". Returns the length written. */
typedef size_t (*ia64_addr_printer)(char *buf, size_t len, uint64_t addr, void *ctx);
size_t ia64_format_insn(char *buf, size_t len, const struct ia64_insn *insn, uint64_t addr,
			ia64_addr_printer print_addr, void *ctx);

/* objdump's layout of one bundle: three lines ("addr:\tbytes\t[MII] ...")
 * appended to buf, each ending in '\n'.  addr_width is objdump's address
 * column width.  Returns the length written. */
int ia64_objdump_addr_width(uint64_t end_addr);
size_t ia64_format_bundle(char *buf, size_t len, const uint8_t b[16], uint64_t addr,
			  int addr_width, ia64_addr_printer print_addr, void *ctx);

#endif
