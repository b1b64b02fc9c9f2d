# SPDX-License-Identifier: GPL-2.0
# The multimedia instructions of the interpreter (vmm/cpu/exec_mm.c) against
# a reference from the SDM and against ia64-linux-gnu-as encodings.  exec_mm.c
# is compiled into the test directly, with the test's own flags.
MM_TEST_CFLAGS := -Ivmm/cpu -Ivmm/ia64 -Ivmm/fp -Ivmm/elf -Itests

$(O)/tests/cpu/mm_test.o: tests/cpu/mm_test.c
	$(quiet) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(LOL_CFLAGS) $(CFLAGS) $(MM_TEST_CFLAGS) -c $< -o $@

$(O)/tests/cpu/mm_exec_mm.o: vmm/cpu/exec_mm.c
	$(quiet) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(LOL_CFLAGS) $(CFLAGS) $(MM_TEST_CFLAGS) -c $< -o $@

$(O)/tests/cpu/mm_test: $(O)/tests/cpu/mm_test.o $(O)/tests/cpu/mm_exec_mm.o $(IA64_LIB) $(ELF_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)

CHECK_PROGS += $(O)/tests/cpu/mm_test
