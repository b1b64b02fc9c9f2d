// SPDX-License-Identifier: GPL-2.0
/* Development aid: empty weak unit tables, so one unit's table can be built
 * and tested while the others are absent. Not linked into lol itself. */
#include "optab.h"

#define STUB(u) __attribute__((weak)) void ia64_optab_init_##u(void) {}
STUB(a)
STUB(i)
STUB(m)
STUB(mem)
STUB(f)
STUB(b)
STUB(x)
