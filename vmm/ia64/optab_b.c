// SPDX-License-Identifier: GPL-2.0
/* B-unit opcode table (SDM vol 3, chapter 4). */
#include "optab.h"

void ia64_optab_init_b(void)
{
}
