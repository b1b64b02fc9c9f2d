# SPDX-License-Identifier: GPL-2.0
# Interpreter tests: self-checking ia64 programs (tests/cpu/NAME.S, built with
# the binutils cross assembler and linker) run by run_asm; the engine's
# exits, TLB and budget by cpu_unit (without ia64-linux-gnu-as those skip);
# the block compiler against the handlers, on random blocks, by jit_fuzz.
IA64_AS ?= ia64-linux-gnu-as
IA64_LD ?= ia64-linux-gnu-ld
CFLAGS_tests/cpu := -Ivmm/ia64 -Ivmm/cpu -Ivmm/fp -Ivmm/elf -Itests -Itests/cpu \
	-DASM_DIR='"$(O)/tests/cpu"'

CPU_ASM_TESTS := $(filter-out tests/cpu/unit.S tests/cpu/bench_%.S,$(wildcard tests/cpu/*.S))
CPU_TEST_OBJS := $(O)/tests/cpu/guest.o $(CPU_LIB) $(FP_LIB) $(IA64_LIB) $(ELF_LIB) \
	$(O)/tests/cpu/stubs.o
# Every tests/cpu/NAME.S but unit.S and bench_*.S is a program run_asm runs (test.h).
ifneq ($(shell command -v $(IA64_AS) 2>/dev/null),)
CPU_ELFS := $(CPU_ASM_TESTS:tests/cpu/%.S=$(O)/tests/cpu/%.elf) $(O)/tests/cpu/unit.elf \
	$(O)/tests/cpu/bench_int.elf
CPU_ASM_LIST := $(O)/tests/cpu/asm-tests.list
endif

$(O)/tests/cpu/%.elf: tests/cpu/%.S tests/cpu/test.h
	$(quiet) IA64AS $@
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x assembler-with-cpp -Itests/cpu $< -o $(@:.elf=.s)
	$(Q)$(IA64_AS) -x --fatal-warnings -o $(@:.elf=.o) $(@:.elf=.s)
	$(Q)$(IA64_LD) -static -o $@ $(@:.elf=.o)

# The programs run_asm runs (it reads this list, so stale ELF files do not count).
$(O)/tests/cpu/asm-tests.list: $(CPU_ASM_TESTS) tests/cpu/cpu.mk
	@mkdir -p $(@D)
	$(Q)printf '%s\n' $(notdir $(CPU_ASM_TESTS:.S=.elf)) > $@

$(O)/tests/cpu/run_asm: $(O)/tests/cpu/run_asm.o $(CPU_TEST_OBJS) | $(CPU_ELFS) $(CPU_ASM_LIST)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LOL_LDLIBS)

$(O)/tests/cpu/cpu_unit: $(O)/tests/cpu/cpu_unit.o $(CPU_TEST_OBJS) | $(CPU_ELFS)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LOL_LDLIBS)

$(O)/tests/cpu/bench_cpu: $(O)/tests/cpu/bench_cpu.o $(CPU_TEST_OBJS) | $(CPU_ELFS)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LOL_LDLIBS)

$(O)/tests/cpu/jit_fuzz: $(O)/tests/cpu/jit_fuzz.o $(CPU_TEST_OBJS)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LOL_LDLIBS)

CHECK_PROGS += $(O)/tests/cpu/run_asm $(O)/tests/cpu/cpu_unit $(O)/tests/cpu/jit_fuzz
BENCH_PROGS += $(O)/tests/cpu/bench_cpu

# The block compiler against the handlers on random blocks (make check runs
# jit_fuzz for a few seconds): make check-jit-long JIT_LONG_BLOCKS=... JIT_SEED=...
JIT_LONG_BLOCKS ?= 1000000
check-jit-long: $(O)/tests/cpu/jit_fuzz
	$(Q)$(O)/tests/cpu/jit_fuzz -n $(JIT_LONG_BLOCKS) $(if $(JIT_SEED),-s $(JIT_SEED))

.PHONY: check-jit-long
