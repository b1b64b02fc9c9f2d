# SPDX-License-Identifier: GPL-2.0
# GCC's own execute torture tests (gcc.c-torture/execute from gcc-12-source) built with
# the ia64 toolchain and run under lol-user (tests/torture/torture.sh).  `make check` runs
# every 10th at -O2; `make check-torture` runs all of them at -O0 and -O2 (about 10
# minutes on 2 cores), goal: 98% pass.  Both SKIP when the toolchain is not built.
CHECK_SCRIPTS += tests/torture/quick.sh

check-torture: programs
	$(Q)LOL_USER=$(abspath $(O)/lol-user) tests/torture/full.sh

.PHONY: check-torture
