# SPDX-License-Identifier: GPL-2.0
# lol-mkimage's tests (TAP).  The scripts find the program through
# LOL_MKIMAGE; bench.sh is a benchmark run by `make bench`, not a test.
export LOL_MKIMAGE := $(abspath $(O)/lol-mkimage)
CFLAGS_tests/mkimage := -Iimage-builder -Itests

MKIMAGE_TESTS := tests/mkimage/bad-input.sh tests/mkimage/metadata.sh \
	tests/mkimage/reproducible.sh tests/mkimage/debs-settings.sh tests/mkimage/debootstrap.sh
CHECK_SCRIPTS += $(MKIMAGE_TESTS)
# fast, so also run by check-unit (and under ASan in CI)
UNIT_SCRIPTS += tests/mkimage/bad-input.sh
BENCH_PROGS += tests/mkimage/bench.sh

# Just these: make check-mkimage
check-mkimage: $(O)/lol-mkimage
	$(Q)tests/run-tests $(MKIMAGE_TESTS)
.PHONY: check-mkimage
