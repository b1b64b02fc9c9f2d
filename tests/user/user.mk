# SPDX-License-Identifier: GPL-2.0
# lol-user tests: the address space unit test (C), bad input, self-checking assembly
# programs and binfmt_misc registration (binutils only), and portable C programs whose
# output under lol-user must equal their native output (needs the ia64 toolchain).
CFLAGS_tests/user := -Ivmm/ia64 -Ivmm/cpu -Ivmm/fp -Ivmm/elf -Ivmm/user -Itests
$(O)/tests/user/mm_unit: $(O)/tests/user/mm_unit.o $(O)/vmm/user/mm.o $(O)/vmm/user/rse.o
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)
CHECK_PROGS += $(O)/tests/user/mm_unit
USER_UNIT_SCRIPTS := tests/user/bad-input.sh tests/user/asm.sh tests/user/binfmt.sh
UNIT_SCRIPTS += $(USER_UNIT_SCRIPTS)
CHECK_SCRIPTS += $(USER_UNIT_SCRIPTS) tests/user/programs.sh
