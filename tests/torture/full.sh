#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check-torture`: every GCC execute torture test (execute/ and execute/ieee/) at -O0
# and -O2 under lol-user.  Fails below a 98% pass rate or on a failure not listed in
# known-failures.txt.  See torture.sh.
exec "$(dirname "$0")/torture.sh" --levels "${TORTURE_LEVELS:--O0 -O2}" --goal "${TORTURE_GOAL:-98}" "$@"
