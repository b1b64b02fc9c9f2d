#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`'s slice of GCC's execute torture tests: every 10th test at -O2 under lol-user.
# Must pass all it runs but the failures listed in known-failures.txt.  See torture.sh.
exec "$(dirname "$0")/torture.sh" --every "${TORTURE_EVERY:-10}" --levels "${TORTURE_LEVELS:--O2}" "$@"
