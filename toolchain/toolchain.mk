# toolchain/toolchain.mk -- included by the top-level (non-recursive) Makefile.
# The ia64 cross toolchain, guest busybox, guest root tarball and guest kernel.
# All results live in $(LOL_CACHE) (default ~/.cache/lol), keyed by input
# hashes; every target is a fast no-op when its inputs did not change.
# See toolchain/README.md.

LOL_TC_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# do not let the targets below become the including Makefile's default goal
lol_tc_saved_goal := $(.DEFAULT_GOAL)

.PHONY: toolchain busybox guest-rootfs kernel-mini toolchain-env

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

# print the shell lines that put the toolchain on PATH
toolchain-env:
	@$(LOL_TC_DIR)/lol-toolchain env

CHECK_SCRIPTS += tests/toolchain/hello.sh tests/toolchain/repro.sh \
                 tests/toolchain/cache.sh tests/toolchain/busybox.sh \
                 tests/toolchain/kernel.sh

.DEFAULT_GOAL := $(lol_tc_saved_goal)
