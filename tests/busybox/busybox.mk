# SPDX-License-Identifier: GPL-2.0
# The static ia64 busybox (toolchain/build-busybox) under lol-user: busybox sh scripts
# (tests/busybox/cases/) whose output must equal the host /bin/sh's with the host's tools on
# the same data, and tar.gz archives exchanged both ways.  SKIPs when busybox is not built.
CHECK_SCRIPTS += tests/busybox/busybox-sh.sh
