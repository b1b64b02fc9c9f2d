# SPDX-License-Identifier: GPL-2.0
# FP library tests against MPFR: unit tests (make check) and a long run of
# random operands (make check-fp-long, FP_LONG_COUNT per precision and mode).
CFLAGS_tests/fp := -Ivmm/fp -Ivmm/ia64 -Ivmm/cpu -Itests
CFLAGS_vmm/cpu ?= -Ivmm/ia64 -Ivmm/cpu -Ivmm/fp
FP_TEST_LDLIBS := -lmpfr -lgmp

$(O)/tests/fp/fp_unit: $(O)/tests/fp/fp_unit.o $(FP_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(FP_TEST_LDLIBS) $(LOL_LDLIBS)

$(O)/tests/fp/fp_long: $(O)/tests/fp/fp_long.o $(FP_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(FP_TEST_LDLIBS) $(LOL_LDLIBS)

# exec_fp.c on a bare struct cpu, decoding real encodings with the ISA library.
$(O)/tests/fp/fp_exec: $(O)/tests/fp/fp_exec.o $(O)/vmm/cpu/exec_fp.o $(FP_LIB) $(IA64_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)

# The engine's fast FP forms against exec_fp.c's exact path, through cpu_run.
$(O)/tests/fp/fp_engine: $(O)/tests/fp/fp_engine.o $(O)/libcpu.a $(FP_LIB) $(IA64_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)

CHECK_PROGS += $(O)/tests/fp/fp_unit $(O)/tests/fp/fp_exec $(O)/tests/fp/fp_engine

FP_LONG_COUNT ?= 1000000
check-fp-long: $(O)/tests/fp/fp_long
	$(Q)$(O)/tests/fp/fp_long $(FP_LONG_COUNT)

.PHONY: check-fp-long

# The same operations through the interpreter: tests/fp/fp_asm.S, a
# self-checking ia64 program (tests/cpu/test.h) that the core's run_asm runs
# with every program of $(O)/tests/cpu, so make check runs it too.  Needs
# the binutils cross assembler, like the core's own programs.
IA64_AS ?= ia64-linux-gnu-as
IA64_LD ?= ia64-linux-gnu-ld
ifneq ($(shell command -v $(IA64_AS) 2>/dev/null),)
$(O)/tests/cpu/fp_asm.elf: tests/fp/fp_asm.S tests/cpu/test.h
	$(quiet) IA64AS $@
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x assembler-with-cpp -Itests/cpu $< -o $(@:.elf=.s)
	$(Q)$(IA64_AS) -x --fatal-warnings -o $(@:.elf=.o) $(@:.elf=.s)
	$(Q)$(IA64_LD) -static -o $@ $(@:.elf=.o)
$(O)/tests/cpu/run_asm: | $(O)/tests/cpu/fp_asm.elf
check-fp-asm: $(O)/tests/cpu/run_asm $(O)/tests/cpu/fp_asm.elf
	$(Q)$(O)/tests/cpu/run_asm $(O)/tests/cpu/fp_asm.elf
.PHONY: check-fp-asm
endif
