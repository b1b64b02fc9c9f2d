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

# The same cases through cpu_run (one bundle each), where the engine's own
# fast forms run first: libcpu's exec_mm.o serves the rest.
$(O)/tests/cpu/mm_engine_test.o: tests/cpu/mm_test.c
	$(quiet) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(LOL_CFLAGS) $(CFLAGS) $(MM_TEST_CFLAGS) -DMM_VIA_ENGINE -c $< -o $@

$(O)/tests/cpu/mm_engine_test: $(O)/tests/cpu/mm_engine_test.o $(O)/libcpu.a $(O)/libfp.a \
		$(IA64_LIB) $(ELF_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)

CHECK_PROGS += $(O)/tests/cpu/mm_engine_test
