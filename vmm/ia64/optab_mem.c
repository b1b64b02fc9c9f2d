// SPDX-License-Identifier: GPL-2.0
/*
 * M-unit memory opcode table, majors 4-7 (SDM vol 3, chapter 4: the memory management
 * formats M1-M19 and their opcode extension tables).
 *
 *   major 4: integer loads/stores (m, x = 0, 0 / 1, 0 +reg), semaphores, getf, ld16/st16 (0, 1)
 *   major 5: integer loads/stores with imm9 post-increment (bits 27 and 36 are immediate)
 *   major 6: FP loads/stores and lfetch (0, 0 / 1, 0 +reg), pairs and setf (0, 1), pairs
 *            with implied post-increment (1, 1)
 *   major 7: FP loads/stores and lfetch with imm9 post-increment
 * x6 is bits 30..35, the hint bits 28..29, m bit 36, x bit 27.
 *
 * sub1 (ld, st, ldf*, stf*, ldfp*, cmpxchg, cmp8xchg16, xchg, fetchadd): the ldtype or sttype
 * completer, enum ia64_mem_type below (IA64_MT_NONE for none; xchg has no completer).
 * sub1 (lfetch): lftype bits, unsigned below.
 * sub1 (getf, setf): the form, enum ia64_fr_form below.
 * sub2 (everything that has one): the hint field value 0..7: bits 28..29, plus bit 2 from an
 * otherwise unused register field bit where objdump reads one (bit 19 in M1/M6, bit 12 in
 * M4/M9/M13-M15).  Loads: 0 none, 1 .nt1, 3 .nta; stores: 0 none, 3 .nta; lfetch: 0 none,
 * 1 .nt1, 2 .nt2, 3 .nta; other values are reserved hints, which objdump shows as ".dN".
 * msize: bytes moved (ldfe/stfe 10, ld16/st16/cmp8xchg16/ldf.fill/stf.spill 16, pairs the
 * total, lfetch 0).
 *
 * None of these is privileged or PL-sensitive: what a load or store may touch at a given PL
 * is decided by the page's access rights in the TLB (SDM vol 2, virtual addressing), not by
 * the instruction, so no PRIV or SENSITIVE here.
 */
#include <stdio.h>

#include "optab.h"

/* ldtype/sttype (sub1), lfetch bits and getf/setf forms: see ia64-sub.h. */

#define M_BIT FV(36, 1)
#define X_BIT FV(27, 1)
#define MX_MASK (M_BIT | X_BIT)
#define X6(v) FV(30, v)
#define X6_MASK FM(30, 6)

enum hint_kind { HK_LD, HK_ST, HK_LF };

/* Which hint values an encoding family has, and where objdump finds hint bit 2. */
struct hint_set {
	uint8_t kind;	 /* enum hint_kind: how values are named */
	uint8_t allowed; /* bit h set: hint value h exists */
	int8_t xbit;	 /* slot bit holding hint bit 2, or -1 */
};

static const struct hint_set HS_LD3 = {HK_LD, 0xff, 19}; /* M1, M6: r2 field unused */
static const struct hint_set HS_LD2 = {HK_LD, 0x0b, -1}; /* none, nt1, nta */
static const struct hint_set HS_ST3 = {HK_ST, 0xff, 12}; /* M4, M9: r1 field unused */
static const struct hint_set HS_ST2 = {HK_ST, 0x09, -1}; /* none, nta */
static const struct hint_set HS_LF3 = {HK_LF, 0xff, 12}; /* lfetch: r1 field unused */

static const char *hint_suffix(unsigned kind, unsigned h, char *buf, size_t len)
{
	static const char *const names[3][4] = {
	    [HK_LD] = {"", ".nt1", NULL, ".nta"},
	    [HK_ST] = {"", NULL, NULL, ".nta"},
	    [HK_LF] = {"", ".nt1", ".nt2", ".nta"},
	};
	if (h < 4 && names[kind][h])
		return names[kind][h];
	snprintf(buf, len, ".d%u", h); /* reserved hint values, as objdump names them */
	return buf;
}

/* Add one entry per hint value of hs (hs NULL: the hint bits are ignored). */
static void add(unsigned fmt, uint64_t match, uint64_t mask, const char *base, unsigned op,
		uint32_t flags, unsigned nout, const uint8_t *opnds, unsigned msize, unsigned sub1,
		const struct hint_set *hs)
{
	char name[64], hbuf[8];
	for (unsigned h = 0; h < 8; h++) {
		uint64_t m = match, k = mask;
		if (hs) {
			if (!(hs->allowed >> h & 1))
				continue;
			m |= FV(28, h & 3);
			k |= FM(28, 2);
			if (hs->xbit >= 0) {
				m |= (uint64_t)(h >> 2) << hs->xbit;
				k |= FV(hs->xbit, 1);
			}
			snprintf(name, sizeof(name), "%s%s", base,
				 hint_suffix(hs->kind, h, hbuf, sizeof(hbuf)));
		} else {
			if (h)
				break;
			snprintf(name, sizeof(name), "%s", base);
		}
		struct ia64_opcode *e =
		    ia64_optab_add(IA64_UNIT_M, fmt, m, k, name, op, flags, nout, opnds);
		e->msize = (uint8_t)msize;
		e->sub1 = (uint8_t)sub1;
		e->sub2 = (uint8_t)(hs ? h : 0);
	}
}

#define OPNDS(...) ((const uint8_t[]){__VA_ARGS__, 0})

/* ldtype rows of the x6 opcode extension tables: x6 bits 32..35; bits 30..31 are the size. */
struct ldrow {
	uint8_t row;
	uint8_t type; /* enum ia64_mem_type */
	const char *sfx;
	uint32_t flags;
	bool fp; /* also in the FP load tables */
};

static const struct ldrow ld_rows[] = {
    {0x0, IA64_MT_NONE, "", 0, true},
    {0x1, IA64_MT_S, ".s", IA64_F_SPEC, true},
    {0x2, IA64_MT_A, ".a", IA64_F_ADV, true},
    {0x3, IA64_MT_SA, ".sa", IA64_F_SPEC | IA64_F_ADV, true},
    {0x4, IA64_MT_BIAS, ".bias", 0, false},
    {0x5, IA64_MT_ACQ, ".acq", IA64_F_ACQ, false},
    /* check loads look the address up in the ALAT (SDM vol 1, data speculation): CHECK */
    {0x8, IA64_MT_C_CLR, ".c.clr", IA64_F_ADV | IA64_F_CHECK, true},
    {0x9, IA64_MT_C_NC, ".c.nc", IA64_F_ADV | IA64_F_CHECK, true},
    {0xa, IA64_MT_C_CLR_ACQ, ".c.clr.acq", IA64_F_ADV | IA64_F_CHECK | IA64_F_ACQ, false},
};

/* Load/store address forms: format, major opcode with m/x, the hint set. */
struct addr_form {
	uint8_t fmt;
	uint8_t maj;
	int8_t m, x; /* -1: part of the immediate */
	const struct hint_set *hs;
};

static uint64_t form_match(const struct addr_form *f)
{
	uint64_t v = MAJ(f->maj);
	if (f->m > 0)
		v |= M_BIT;
	if (f->x > 0)
		v |= X_BIT;
	return v;
}

static uint64_t form_mask(const struct addr_form *f)
{
	return (f->m >= 0 ? M_BIT : 0) | (f->x >= 0 ? X_BIT : 0) | X6_MASK;
}

static void init_int(void)
{
	static const uint8_t sizes[4] = {1, 2, 4, 8};
	const uint32_t L = IA64_F_LOAD, S = IA64_F_STORE;
	const struct addr_form ldf[3] = {
	    {1, 4, 0, 0, &HS_LD3},   /* ld r1=[r3] */
	    {2, 4, 1, 0, &HS_LD2},   /* ld r1=[r3],r2 */
	    {3, 5, -1, -1, &HS_LD2}, /* ld r1=[r3],imm9 */
	};
	const uint8_t *ldo[3] = {
	    OPNDS(IA64_OPND_R1, IA64_OPND_MEM_R3),
	    OPNDS(IA64_OPND_R1, IA64_OPND_MEM_R3, IA64_OPND_R2),
	    OPNDS(IA64_OPND_R1, IA64_OPND_MEM_R3, IA64_OPND_IMM9A),
	};
	const struct addr_form stf[2] = {
	    {4, 4, 0, 0, &HS_ST3},   /* st [r3]=r2 */
	    {5, 5, -1, -1, &HS_ST2}, /* st [r3]=r2,imm9 */
	};
	const uint8_t *sto[2] = {
	    OPNDS(IA64_OPND_MEM_R3, IA64_OPND_R2),
	    OPNDS(IA64_OPND_MEM_R3, IA64_OPND_R2, IA64_OPND_IMM9B),
	};
	char name[32];

	for (unsigned f = 0; f < 3; f++) {
		uint64_t match = form_match(&ldf[f]), mask = form_mask(&ldf[f]);
		for (size_t r = 0; r < sizeof(ld_rows) / sizeof(ld_rows[0]); r++) {
			const struct ldrow *lr = &ld_rows[r];
			for (unsigned sz = 0; sz < 4; sz++) {
				snprintf(name, sizeof(name), "ld%u%s", sizes[sz], lr->sfx);
				add(ldf[f].fmt, match | X6(lr->row << 2 | sz), mask, name,
				    IA64_OP_LD, L | lr->flags, 1, ldo[f], sizes[sz], lr->type,
				    ldf[f].hs);
			}
		}
		/* ld8.fill: x6 0x1b; restores the NaT bit from ar.unat */
		add(ldf[f].fmt, match | X6(0x1b), mask, "ld8.fill", IA64_OP_LD, L, 1, ldo[f], 8,
		    IA64_MT_FILL, ldf[f].hs);
	}
	for (unsigned f = 0; f < 2; f++) {
		uint64_t match = form_match(&stf[f]), mask = form_mask(&stf[f]);
		for (unsigned sz = 0; sz < 4; sz++) {
			snprintf(name, sizeof(name), "st%u", sizes[sz]);
			add(stf[f].fmt, match | X6(0x30 | sz), mask, name, IA64_OP_ST, S, 1, sto[f],
			    sizes[sz], IA64_MT_NONE, stf[f].hs);
			snprintf(name, sizeof(name), "st%u.rel", sizes[sz]);
			add(stf[f].fmt, match | X6(0x34 | sz), mask, name, IA64_OP_ST,
			    S | IA64_F_REL, 1, sto[f], sizes[sz], IA64_MT_REL, stf[f].hs);
		}
		add(stf[f].fmt, match | X6(0x3b), mask, "st8.spill", IA64_OP_ST, S, 1, sto[f], 8,
		    IA64_MT_SPILL, stf[f].hs);
	}
}

/* Major 4, m = 0, x = 1: semaphores, getf, 16-byte forms. */
static void init_sem(void)
{
	static const uint8_t sizes[4] = {1, 2, 4, 8};
	const uint64_t match = MAJ(4) | X_BIT, mask = MX_MASK | X6_MASK;
	/* A semaphore reads and writes memory atomically (SDM vol 1, semaphores). */
	const uint32_t SEM = IA64_F_LOAD | IA64_F_STORE | IA64_F_SEMAPHORE;
	const uint8_t *cx = OPNDS(IA64_OPND_R1, IA64_OPND_MEM_R3, IA64_OPND_R2, IA64_OPND_AR_CCV);
	const uint8_t *xc = OPNDS(IA64_OPND_R1, IA64_OPND_MEM_R3, IA64_OPND_R2);
	const uint8_t *fa = OPNDS(IA64_OPND_R1, IA64_OPND_MEM_R3, IA64_OPND_INC3);
	const uint8_t *c16 =
	    OPNDS(IA64_OPND_R1, IA64_OPND_MEM_R3, IA64_OPND_R2, IA64_OPND_AR_CSD, IA64_OPND_AR_CCV);
	char name[32];

	for (unsigned sz = 0; sz < 4; sz++) {
		snprintf(name, sizeof(name), "cmpxchg%u.acq", sizes[sz]);
		add(16, match | X6(0x00 | sz), mask, name, IA64_OP_CMPXCHG, SEM | IA64_F_ACQ, 1, cx,
		    sizes[sz], IA64_MT_ACQ, &HS_LD2);
		snprintf(name, sizeof(name), "cmpxchg%u.rel", sizes[sz]);
		add(16, match | X6(0x04 | sz), mask, name, IA64_OP_CMPXCHG, SEM | IA64_F_REL, 1, cx,
		    sizes[sz], IA64_MT_REL, &HS_LD2);
		/* xchg always has acquire semantics (SDM vol 3, xchg). */
		snprintf(name, sizeof(name), "xchg%u", sizes[sz]);
		add(16, match | X6(0x08 | sz), mask, name, IA64_OP_XCHG, SEM | IA64_F_ACQ, 1, xc,
		    sizes[sz], IA64_MT_NONE, &HS_LD2);
	}
	add(17, match | X6(0x12), mask, "fetchadd4.acq", IA64_OP_FETCHADD, SEM | IA64_F_ACQ, 1, fa,
	    4, IA64_MT_ACQ, &HS_LD2);
	add(17, match | X6(0x13), mask, "fetchadd8.acq", IA64_OP_FETCHADD, SEM | IA64_F_ACQ, 1, fa,
	    8, IA64_MT_ACQ, &HS_LD2);
	add(17, match | X6(0x16), mask, "fetchadd4.rel", IA64_OP_FETCHADD, SEM | IA64_F_REL, 1, fa,
	    4, IA64_MT_REL, &HS_LD2);
	add(17, match | X6(0x17), mask, "fetchadd8.rel", IA64_OP_FETCHADD, SEM | IA64_F_REL, 1, fa,
	    8, IA64_MT_REL, &HS_LD2);

	/* getf: FR to GR, no memory access; the hint bits are ignored.  sub1 = enum ia64_fr_form. */
	static const char *const forms[4] = {"sig", "exp", "s", "d"};
	for (unsigned i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "getf.%s", forms[i]);
		add(19, match | X6(0x1c + i), mask, name, IA64_OP_GETF, IA64_F_FP, 1,
		    OPNDS(IA64_OPND_R1, IA64_OPND_F2), 0, i, NULL);
	}

	/* 16-byte forms: the upper 8 bytes go through ar.csd (SDM vol 3, ld16, st16,
	 * cmp8xchg16); cmp8xchg16 compares 8 bytes and writes 16. */
	add(16, match | X6(0x20), mask, "cmp8xchg16.acq", IA64_OP_CMP8XCHG16, SEM | IA64_F_ACQ, 1,
	    c16, 16, IA64_MT_ACQ, &HS_LD2);
	add(16, match | X6(0x24), mask, "cmp8xchg16.rel", IA64_OP_CMP8XCHG16, SEM | IA64_F_REL, 1,
	    c16, 16, IA64_MT_REL, &HS_LD2);
	const uint8_t *l16 = OPNDS(IA64_OPND_R1, IA64_OPND_AR_CSD, IA64_OPND_MEM_R3);
	add(1, match | X6(0x28), mask, "ld16", IA64_OP_LD, IA64_F_LOAD, 2, l16, 16, IA64_MT_NONE,
	    &HS_LD3);
	add(1, match | X6(0x2c), mask, "ld16.acq", IA64_OP_LD, IA64_F_LOAD | IA64_F_ACQ, 2, l16, 16,
	    IA64_MT_ACQ, &HS_LD3);
	const uint8_t *s16 = OPNDS(IA64_OPND_MEM_R3, IA64_OPND_R2, IA64_OPND_AR_CSD);
	add(4, match | X6(0x30), mask, "st16", IA64_OP_ST, IA64_F_STORE, 1, s16, 16, IA64_MT_NONE,
	    &HS_ST3);
	add(4, match | X6(0x34), mask, "st16.rel", IA64_OP_ST, IA64_F_STORE | IA64_F_REL, 1, s16,
	    16, IA64_MT_REL, &HS_ST3);
}

/* FP formats by fsz (x6 bits 30..31): e, 8, s, d. */
static const char *const fsz_name[4] = {"e", "8", "s", "d"};
static const uint8_t fsz_bytes[4] = {10, 8, 4, 8};
static const uint16_t ldf_op[4] = {IA64_OP_LDFE, IA64_OP_LDF8, IA64_OP_LDFS, IA64_OP_LDFD};
static const uint16_t stf_op[4] = {IA64_OP_STFE, IA64_OP_STF8, IA64_OP_STFS, IA64_OP_STFD};
static const uint16_t ldfp_op[4] = {0, IA64_OP_LDFP8, IA64_OP_LDFPS, IA64_OP_LDFPD};

static void init_fp(void)
{
	const uint32_t L = IA64_F_LOAD | IA64_F_FP, S = IA64_F_STORE | IA64_F_FP;
	const struct addr_form ldf[3] = {
	    {6, 6, 0, 0, &HS_LD3},   /* ldf f1=[r3] */
	    {7, 6, 1, 0, &HS_LD2},   /* ldf f1=[r3],r2 */
	    {8, 7, -1, -1, &HS_LD2}, /* ldf f1=[r3],imm9 */
	};
	const uint8_t *ldo[3] = {
	    OPNDS(IA64_OPND_F1, IA64_OPND_MEM_R3),
	    OPNDS(IA64_OPND_F1, IA64_OPND_MEM_R3, IA64_OPND_R2),
	    OPNDS(IA64_OPND_F1, IA64_OPND_MEM_R3, IA64_OPND_IMM9A),
	};
	const struct addr_form stf[2] = {
	    {9, 6, 0, 0, &HS_ST3},    /* stf [r3]=f2 */
	    {10, 7, -1, -1, &HS_ST2}, /* stf [r3]=f2,imm9 */
	};
	const uint8_t *sto[2] = {
	    OPNDS(IA64_OPND_MEM_R3, IA64_OPND_F2),
	    OPNDS(IA64_OPND_MEM_R3, IA64_OPND_F2, IA64_OPND_IMM9B),
	};
	char name[32];

	for (unsigned f = 0; f < 3; f++) {
		uint64_t match = form_match(&ldf[f]), mask = form_mask(&ldf[f]);
		for (size_t r = 0; r < sizeof(ld_rows) / sizeof(ld_rows[0]); r++) {
			const struct ldrow *lr = &ld_rows[r];
			if (!lr->fp)
				continue;
			for (unsigned sz = 0; sz < 4; sz++) {
				snprintf(name, sizeof(name), "ldf%s%s", fsz_name[sz], lr->sfx);
				add(ldf[f].fmt, match | X6(lr->row << 2 | sz), mask, name,
				    ldf_op[sz], L | lr->flags, 1, ldo[f], fsz_bytes[sz], lr->type,
				    ldf[f].hs);
			}
		}
		/* ldf.fill: the 16-byte register spill format (SDM vol 1, FP memory formats) */
		add(ldf[f].fmt, match | X6(0x1b), mask, "ldf.fill", IA64_OP_LDF_FILL, L, 1, ldo[f],
		    16, IA64_MT_FILL, ldf[f].hs);
	}
	for (unsigned f = 0; f < 2; f++) {
		uint64_t match = form_match(&stf[f]), mask = form_mask(&stf[f]);
		for (unsigned sz = 0; sz < 4; sz++) {
			snprintf(name, sizeof(name), "stf%s", fsz_name[sz]);
			add(stf[f].fmt, match | X6(0x30 | sz), mask, name, stf_op[sz], S, 1, sto[f],
			    fsz_bytes[sz], IA64_MT_NONE, stf[f].hs);
		}
		add(stf[f].fmt, match | X6(0x3b), mask, "stf.spill", IA64_OP_STF_SPILL, S, 1,
		    sto[f], 16, IA64_MT_SPILL, stf[f].hs);
	}

	/* Pairs: fsz 1..3 only (no ldfpe); M12 post-increments by the total size. */
	const uint8_t *pair = OPNDS(IA64_OPND_F1, IA64_OPND_F2, IA64_OPND_MEM_R3);
	const uint8_t *pair8 = OPNDS(IA64_OPND_F1, IA64_OPND_F2, IA64_OPND_MEM_R3, IA64_OPND_EIGHT);
	const uint8_t *pair16 =
	    OPNDS(IA64_OPND_F1, IA64_OPND_F2, IA64_OPND_MEM_R3, IA64_OPND_SIXTEEN);
	for (unsigned f = 0; f < 2; f++) {
		uint64_t match = MAJ(6) | X_BIT | (f ? M_BIT : 0), mask = MX_MASK | X6_MASK;
		for (size_t r = 0; r < sizeof(ld_rows) / sizeof(ld_rows[0]); r++) {
			const struct ldrow *lr = &ld_rows[r];
			if (!lr->fp)
				continue;
			for (unsigned sz = 1; sz < 4; sz++) {
				unsigned bytes = 2u * fsz_bytes[sz];
				const uint8_t *o = !f ? pair : bytes == 8 ? pair8 : pair16;
				snprintf(name, sizeof(name), "ldfp%s%s", fsz_name[sz], lr->sfx);
				add(f ? 12 : 11, match | X6(lr->row << 2 | sz), mask, name,
				    ldfp_op[sz], L | lr->flags, 2, o, bytes, lr->type, &HS_LD2);
			}
		}
	}

	/* setf: GR to FR, no memory access; the hint bits are ignored.  sub1 = enum ia64_fr_form. */
	static const char *const forms[4] = {"sig", "exp", "s", "d"};
	for (unsigned i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "setf.%s", forms[i]);
		add(18, MAJ(6) | X_BIT | X6(0x1c + i), MX_MASK | X6_MASK, name, IA64_OP_SETF,
		    IA64_F_FP, 1, OPNDS(IA64_OPND_F1, IA64_OPND_R2), 0, i, NULL);
	}
}

/* lfetch: x6 0x2c-0x2f = lftype (none, .excl, .fault, .fault.excl). It names memory but
 * moves no data (SDM vol 3, lfetch), hence NOMEM_ACCESS and msize 0. */
static void init_lfetch(void)
{
	static const char *const lft[4] = {"", ".excl", ".fault", ".fault.excl"};
	const struct addr_form lf[3] = {
	    {13, 6, 0, 0, &HS_LF3},   /* lfetch [r3] */
	    {14, 6, 1, 0, &HS_LF3},   /* lfetch [r3],r2 */
	    {15, 7, -1, -1, &HS_LF3}, /* lfetch [r3],imm9 */
	};
	const uint8_t *o[3] = {
	    OPNDS(IA64_OPND_MEM_R3),
	    OPNDS(IA64_OPND_MEM_R3, IA64_OPND_R2),
	    OPNDS(IA64_OPND_MEM_R3, IA64_OPND_IMM9A),
	};
	char name[32];

	for (unsigned f = 0; f < 3; f++) {
		for (unsigned t = 0; t < 4; t++) {
			/* sub1 = t: x6 bit 30 is .excl, bit 31 .fault (unsigned) */
			snprintf(name, sizeof(name), "lfetch%s", lft[t]);
			add(lf[f].fmt, form_match(&lf[f]) | X6(0x2c | t), form_mask(&lf[f]), name,
			    IA64_OP_LFETCH, IA64_F_NOMEM_ACCESS, 0, o[f], 0, t, lf[f].hs);
		}
	}
	/* lfetch.count: the M13 encoding with bit 19 set (later processors; binutils decodes
	 * it).  More mask bits than plain lfetch, so it wins the lookup. */
	add(13, MAJ(6) | X6(0x2c) | FV(19, 1), MX_MASK | X6_MASK | FV(19, 1), "lfetch.count",
	    IA64_OP_LFETCH, IA64_F_NOMEM_ACCESS, 0,
	    OPNDS(IA64_OPND_MEM_R3, IA64_OPND_LFCNT6, IA64_OPND_LFSTRIDE5), 0, IA64_LF_COUNT, &HS_LF3);
}

void ia64_optab_init_mem(void)
{
	init_int();
	init_sem();
	init_fp();
	init_lfetch();
}
