# toolchain/toolchain.mk -- included by the top-level (non-recursive) Makefile.
# The ia64 cross toolchain, guest busybox, guest root tarball and guest kernel.
# All results live in $(LOL_CACHE) (default ~/.cache/lol), keyed by input
# hashes; every target is a fast no-op when its inputs did not change.
# See toolchain/README.md.

LOL_TC_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# do not let the targets below become the including Makefile's default goal
lol_tc_saved_goal := $(.DEFAULT_GOAL)

.PHONY: toolchain busybox guest-rootfs kernel-mini guest-kernel guest-kernel-plain \
        toolchain-env check-kernel-long

# gcc-12 + glibc 2.36 for ia64-linux-gnu (~30 min cold on 2 cores)
toolchain:
	$(LOL_TC_DIR)/build-toolchain

# static ia64 busybox from Debian's source package (configs/busybox.config)
busybox: toolchain
	$(LOL_TC_DIR)/build-busybox

# minimal guest root tree + reproducible rootfs.tar
guest-rootfs: busybox
	$(LOL_TC_DIR)/mkroot

# vmlinux from linux-source-6.1 with configs/guest-mini.config
kernel-mini: toolchain
	$(LOL_TC_DIR)/build-kernel

# the lol guest kernel: linux-source-6.1 + kernel-patches/guest with
# configs/guest.config, afterburned (the one lol-guest ships) or plain;
# each prints its vmlinux
guest-kernel: toolchain $(O)/lol-afterburn $(AFTERBURN_DIR)/as
	@d=$$(LOL_AFTERBURN=$(abspath $(O)/lol-afterburn) $(LOL_TC_DIR)/build-kernel --guest --afterburn) && \
		echo "$$d/vmlinux"

guest-kernel-plain: toolchain
	@d=$$($(LOL_TC_DIR)/build-kernel --guest --no-afterburn) && echo "$$d/vmlinux"

# print the shell lines that put the toolchain on PATH
toolchain-env:
	@$(LOL_TC_DIR)/lol-toolchain env

CHECK_SCRIPTS += tests/toolchain/hello.sh tests/toolchain/repro.sh \
                 tests/toolchain/cache.sh tests/toolchain/busybox.sh \
                 tests/toolchain/kernel.sh tests/kernel/guest.sh

# long: the cached guest kernels rebuilt byte for byte (one build each, ~10 min)
check-kernel-long: $(O)/lol-afterburn
	$(Q)LOL_AFTERBURN=$(abspath $(O)/lol-afterburn) TEST_TIMEOUT=5400 tests/run-tests tests/kernel/repro.sh

.DEFAULT_GOAL := $(lol_tc_saved_goal)
