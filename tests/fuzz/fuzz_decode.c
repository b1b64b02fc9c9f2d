// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: bundle decoding, classification and formatting of any
 * 16 bytes, with the invariants every consumer relies on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ia64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ia64_init();
	char text[1024];
	for (size_t off = 0; off + 16 <= size; off += 16) {
		struct ia64_bundle b;
		ia64_decode_bundle(data + off, &b);
		for (unsigned s = 0; s < 3; s++) {
			const struct ia64_insn *in = &b.insn[s];
			if (in->qp > 63 || in->nopnd > 5)
				abort();
			if (in->opc && (in->bits & in->opc->mask) != in->opc->match)
				abort();
			for (unsigned k = 0; k < in->nopnd; k++)
				if (in->opnd[k].kind == 0 || in->opnd[k].kind >= IA64_OPND_COUNT)
					abort();
		}
		size_t n = ia64_format_bundle(text, sizeof(text), data + off, off, 8, NULL, NULL);
		if (n >= sizeof(text) || strlen(text) != n)
			abort();
	}
	return 0;
}
