// SPDX-License-Identifier: GPL-2.0
/* A bundle in ia64-linux-gnu-objdump's three-line layout: 6, 6 and 4 bytes per
 * line, the template on the first line, stops as ";;" after the slot. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ia64.h"

/* objdump drops leading zeros of the section's end address in groups of
 * four, keeping at least one digit's group. */
int ia64_objdump_addr_width(uint64_t end_addr)
{
	int zeros = 0;
	for (int i = 15; i >= 0 && !(end_addr >> (4 * i) & 15); i--)
		zeros++;
	if (zeros == 0)
		return 16;
	return 16 - ((zeros - 1) & ~3);
}

size_t ia64_format_bundle(char *buf, size_t len, const uint8_t b[16], uint64_t addr,
			  int addr_width, ia64_addr_printer print_addr, void *ctx)
{
	static const uint8_t first[3] = {0, 6, 12}, count[3] = {6, 6, 4};
	struct ia64_bundle d;
	size_t pos = 0;
	ia64_decode_bundle(b, &d);

#define PUT(...)                                                                               \
	do {                                                                                   \
		int n_ = snprintf(buf + (pos < len ? pos : len), pos < len ? len - pos : 0,    \
				  __VA_ARGS__);                                                \
		if (n_ > 0)                                                                    \
			pos += (size_t)n_;                                                     \
	} while (0)

	for (unsigned s = 0; s < 3; s++) {
		PUT("%*" PRIx64 ":\t", addr_width, addr + first[s]);
		for (unsigned i = 0; i < count[s]; i++)
			PUT("%02x ", b[first[s] + i]);
		const struct ia64_insn *in = &d.insn[s];
		bool empty = !d.reserved && in->type == IA64_ST_X;
		if (empty) {
			PUT("\n");
			continue;
		}
		/* An L+X pair is shown on the L slot's line. */
		if (!d.reserved && in->type == IA64_ST_L)
			in = &d.insn[2];
		for (unsigned i = count[s]; i < 6; i++)
			PUT("   ");
		PUT("\t");
		if (s == 0) {
			if (d.reserved)
				PUT("[-%x-] ", d.tmpl >> 1);
			else
				PUT("[%s] ", ia64_template_name(d.tmpl));
		} else {
			PUT("      ");
		}
		if (in->opc && in->qp && !(in->opc->flags & IA64_F_ILLEGAL_QP))
			PUT("(p%02u) ", in->qp);
		else
			PUT("      ");
		char text[256];
		ia64_format_insn(text, sizeof(text), in, addr, print_addr, ctx);
		PUT("%s%s\n", text, in->stop && in->opc ? ";;" : "");
	}
#undef PUT
	return pos;
}
