# SPDX-License-Identifier: GPL-2.0
# Device tests (TAP): the SSCs against a pretend monitor (fakehost.h).
CFLAGS_tests/dev := -Ivmm/dev -Ivmm/mon -Iinclude -Itests
DEV_TESTS := dev_unit console_test net_test fuzz_ssc

$(DEV_TESTS:%=$(O)/tests/dev/%): $(O)/tests/dev/%: $(O)/tests/dev/%.o $(DEV_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DEV_LDLIBS) $(LOL_LDLIBS)

CHECK_PROGS += $(DEV_TESTS:%=$(O)/tests/dev/%)

# Just these: make check-dev
check-dev: $(DEV_TESTS:%=$(O)/tests/dev/%)
	$(Q)tests/run-tests $^
.PHONY: check-dev
