# SPDX-License-Identifier: GPL-2.0
# Test programs (C, TAP) and scripts run by `make check`.
CFLAGS_tests/isa := -Ivmm/ia64 -Ivmm/elf -Itests
CFLAGS_tests/fuzz := -Ivmm/ia64 -Ivmm/elf -Itests
CFLAGS_tests/bench := -Ivmm/ia64 -Itests

define test_prog
$(O)/tests/$(1): $(O)/tests/$(1).o $(2)
	$$(quiet) LD $$@
	$$(Q)$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LOL_LDLIBS)
endef

$(eval $(call test_prog,isa/dis_diff,$(IA64_LIB)))
$(eval $(call test_prog,isa/decode_unit,$(IA64_LIB)))
$(eval $(call test_prog,isa/flags_check,$(IA64_LIB) $(ELF_LIB)))
$(eval $(call test_prog,bench/bench_decode,$(IA64_LIB)))

CHECK_PROGS += $(O)/tests/isa/decode_unit $(O)/tests/isa/dis_diff $(O)/tests/isa/flags_check
UNIT_SCRIPTS := tests/isa/gas-suite.sh tests/dis/elf-vs-objdump.sh tests/dis/bad-input.sh
CHECK_SCRIPTS += $(UNIT_SCRIPTS)
BENCH_PROGS += $(O)/tests/bench/bench_decode

# Long run: millions of random bundles against objdump, in parallel chunks.
LONG_BUNDLES ?= 5000000
check-long: $(O)/tests/isa/dis_diff
	$(Q)tests/isa/long-run.sh $(O)/tests/isa/dis_diff $(LONG_BUNDLES)

.PHONY: check-long

# Fuzzing (clang's libFuzzer with ASan+UBSan): make fuzz FUZZ_SECONDS=300
FUZZ_SECONDS ?= 300
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -Ivmm/ia64 -Ivmm/elf -D_GNU_SOURCE -std=c17
FUZZ_LIB_SRCS := $(IA64_SRCS) vmm/elf/elf64.c
$(O)/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRCS)
	$(quiet) FUZZCC $@
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $^ -lpthread
fuzz: $(O)/fuzz/fuzz_elf $(O)/fuzz/fuzz_decode
	@mkdir -p $(O)/fuzz/corpus-elf $(O)/fuzz/corpus-decode
	@tests/fuzz/seed-corpus.sh $(O)/fuzz/corpus-elf
	$(O)/fuzz/fuzz_elf -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(O)/fuzz/corpus-elf
	$(O)/fuzz/fuzz_decode -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(O)/fuzz/corpus-decode
.PHONY: fuzz
