// SPDX-License-Identifier: GPL-2.0
/* Instruction text, as ia64-linux-gnu-objdump prints it. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "optab.h"

struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = o->pos < o->len ? o->len - o->pos : 0;
	int n = vsnprintf(o->buf + (o->pos < o->len ? o->pos : 0), room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static const char *mbtype_name(int64_t v)
{
	switch (v) {
	case 0: return "@brcst";
	case 8: return "@mix";
	case 9: return "@shuf";
	case 0xa: return "@alt";
	case 0xb: return "@rev";
	default: return NULL;
	}
}

static void put_operand(struct out *o, const struct ia64_operand *op, uint64_t addr,
			ia64_addr_printer print_addr, void *ctx)
{
	switch (op->cls) {
	case IA64_OC_GR: put(o, "r%d", (int)op->value); return;
	case IA64_OC_FR: put(o, "f%d", (int)op->value); return;
	case IA64_OC_PR: put(o, "p%d", (int)op->value); return;
	case IA64_OC_BR: put(o, "b%d", (int)op->value); return;
	case IA64_OC_AR: {
		const char *n = ia64_ar_name((unsigned)op->value);
		if (n)
			put(o, "%s", n);
		else
			put(o, "ar%d", (int)op->value);
		return;
	}
	case IA64_OC_CR: {
		const char *n = ia64_cr_name((unsigned)op->value);
		if (n)
			put(o, "%s", n);
		else
			put(o, "cr%d", (int)op->value);
		return;
	}
	case IA64_OC_IND: put(o, "%s[r%d]", ia64_opnd_text(op->kind), (int)op->value); return;
	case IA64_OC_MEM: put(o, "[r%d]", (int)op->value); return;
	case IA64_OC_FIXED: put(o, "%s", ia64_opnd_text(op->kind)); return;
	case IA64_OC_IPREL: {
		uint64_t target = (addr & ~(uint64_t)15) + (uint64_t)op->value;
		if (print_addr) {
			char tmp[256];
			print_addr(tmp, sizeof(tmp), target, ctx);
			put(o, "%s", tmp);
		} else {
			put(o, "0x%" PRIx64, target);
		}
		return;
	}
	default: break;
	}
	switch (ia64_opnd_print_style(op->kind)) {
	case P_DEC: put(o, "%" PRId64, op->value); return;
	case P_UDEC: put(o, "%" PRIu64, (uint64_t)op->value); return;
	case P_MBTYPE: {
		const char *n = mbtype_name(op->value);
		if (n)
			put(o, "%s", n);
		else
			put(o, "0x%" PRIx64, (uint64_t)op->value);
		return;
	}
	default: put(o, "0x%" PRIx64, (uint64_t)op->value); return;
	}
}

size_t ia64_format_insn(char *buf, size_t len, const struct ia64_insn *insn, uint64_t addr,
			ia64_addr_printer print_addr, void *ctx)
{
	struct out o = {buf, len, 0};
	if (len)
		buf[0] = 0;
	if (!insn->opc) {
		/* objdump shows an undecodable slot as its raw bits. */
		put(&o, "data8 %#011" PRIx64, insn->bits);
		return o.pos;
	}
	put(&o, "%s", insn->opc->name);
	for (unsigned i = 0; i < insn->nopnd; i++) {
		if (i == 0)
			put(&o, " ");
		else if (i == insn->opc->nout)
			put(&o, "=");
		else
			put(&o, ",");
		put_operand(&o, &insn->opnd[i], addr, print_addr, ctx);
	}
	return o.pos;
}
