// SPDX-License-Identifier: GPL-2.0
/* M-unit memory opcode table, majors 4-7 (SDM vol 3, chapter 4). */
#include "optab.h"

void ia64_optab_init_mem(void)
{
}
