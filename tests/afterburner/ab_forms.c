// SPDX-License-Identifier: GPL-2.0
/*
 * Every privileged or sensitive instruction form the ISA library knows, as
 * assembly text (the disassembler's syntax, which gas reads), one per line:
 *
 *     UNIT LAST NOQP TEXT
 *
 * UNIT is M, I or B; LAST 1 when the form must end an instruction group; NOQP
 * 1 when it cannot be predicated.  Register operands are r2, r3, ...; forms
 * that depend on the register (mov to/from ar, cr) come once per register
 * that makes them privileged or sensitive.  Forms gas refuses (mov.i with an
 * M-unit application register) are left out.
 */
#include <stdio.h>
#include <string.h>

#include "ia64.h"


static uint64_t put(uint64_t enc, unsigned kind, int64_t v)
{
	const struct ia64_opnd_info *d = ia64_opnd_info(kind);
	int nf = 0;
	while (nf < 6 && d->f[nf].len)
		nf++;
	unsigned off = 0;
	for (int f = nf - 1; f >= 0; f--) {
		uint64_t m = (1ull << d->f[f].len) - 1;
		enc |= (((uint64_t)v >> off) & m) << d->f[f].pos;
		off += d->f[f].len;
	}
	return enc;
}

static void emit(const struct ia64_opcode *e, uint64_t enc)
{
	unsigned type = e->unit == IA64_UNIT_M ? IA64_ST_M : e->unit == IA64_UNIT_I ? IA64_ST_I : IA64_ST_B;
	struct ia64_insn in;
	if (!ia64_decode_slot(type, enc, 0, &in) || in.opc != e)
		return;
	if (!(in.flags & (IA64_F_PRIV | IA64_F_SENSITIVE)))
		return;
	char txt[128];
	ia64_format_insn(txt, sizeof txt, &in, 0, NULL, NULL);
	printf("%c %d %d %s\n", e->unit == IA64_UNIT_M ? 'M' : e->unit == IA64_UNIT_I ? 'I' : 'B',
	       !!(in.flags & IA64_F_LAST), !!(in.flags & IA64_F_ILLEGAL_QP), txt);
}

static void gen(const struct ia64_opcode *e, int k, uint64_t enc, int gr)
{
	if (k == e->nopnd) {
		emit(e, enc);
		return;
	}
	unsigned kind = e->opnd[k];
	const struct ia64_opnd_info *d = ia64_opnd_info(kind);
	switch (d->cls) {
	case IA64_OC_GR:
		gen(e, k + 1, put(enc, kind, gr), gr + 1);
		break;
	case IA64_OC_IND:
	case IA64_OC_MEM:
		gen(e, k + 1, put(enc, kind, 5), gr);
		break;
	case IA64_OC_AR:
		for (int r = 0; r < 128; r++) {
			if (e->unit == IA64_UNIT_I && r <= 47)
				continue; /* gas: that register lives in the M unit */
			if (ia64_ar_name((unsigned)r))
				gen(e, k + 1, put(enc, kind, r), gr);
		}
		break;
	case IA64_OC_CR:
		for (int r = 0; r < 128; r++)
			if (ia64_cr_name((unsigned)r))
				gen(e, k + 1, put(enc, kind, r), gr);
		break;
	case IA64_OC_IMM: {
		int nf = 0, bits = 0;
		while (nf < 6 && d->f[nf].len)
			bits += d->f[nf++].len;
		int64_t v = bits >= 24 ? 0x6000 : bits == 8 ? -5 : (1 << bits) - 1;
		gen(e, k + 1, put(enc, kind, v), gr);
		if (bits >= 24)
			gen(e, k + 1, put(enc, kind, 0x800008), gr);
		break;
	}
	default:
		gen(e, k + 1, enc, gr);
		break;
	}
}

int main(void)
{
	ia64_init();
	size_t n;
	const struct ia64_opcode *ops = ia64_opcodes(&n);
	for (size_t i = 0; i < n; i++) {
		const struct ia64_opcode *e = &ops[i];
		if (!(e->flags & (IA64_F_PRIV | IA64_F_SENSITIVE)) && e->op != IA64_OP_MOV_TO_AR &&
		    e->op != IA64_OP_MOV_FROM_AR)
			continue;
		if (e->flags & IA64_F_PSEUDO)
			continue;
		gen(e, 0, e->match, 2);
	}
	return 0;
}
