# SPDX-License-Identifier: GPL-2.0
# lol-afterburn tests: every privileged/sensitive form in every context
# (forms.sh, with the form list from ab_forms), binutils' gas testsuite through
# the afterburner (gas-suite.sh), the constructs around sites (rewrite.sh), and
# the wedge's routines on the interpreter (wedge_sem).  Include after
# tests/tests.mk and tests/cpu/cpu.mk (test_prog, CPU_TEST_OBJS, IA64_AS).
CFLAGS_tests/afterburner := -Ivmm/ia64 -Ivmm/cpu -Ivmm/fp -Ivmm/elf -Iinclude -Itests -Itests/cpu \
	-DAB_DIR='"$(O)/tests/afterburner"'
$(eval $(call test_prog,afterburner/ab_forms,$(IA64_LIB)))
AB_TEST_SCRIPTS := tests/afterburner/forms.sh tests/afterburner/gas-suite.sh tests/afterburner/rewrite.sh
CHECK_SCRIPTS += $(AB_TEST_SCRIPTS)
UNIT_SCRIPTS += $(AB_TEST_SCRIPTS)
check check-unit: $(O)/lol-afterburn $(O)/tests/afterburner/ab_forms

# The wedge, assembled for the interpreter with a small caller (wedge_drv.S).
IA64_AS ?= ia64-linux-gnu-as
IA64_LD ?= ia64-linux-gnu-ld
ifneq ($(shell command -v $(IA64_AS) 2>/dev/null),)
AB_WEDGE_ELF := $(O)/tests/afterburner/wedge.elf
endif
# inline_sem.s goes through lol-afterburn with inline sequences on.
$(O)/tests/afterburner/wedge.elf: afterburner/wedge/wedge.S tests/afterburner/wedge_drv.S \
		tests/afterburner/inline_sem.s include/lol-abi.h $(O)/lol-afterburn
	$(quiet) IA64AS $@
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -D__ASSEMBLY__ -Iinclude -x assembler-with-cpp afterburner/wedge/wedge.S -o $(@D)/wedge.s
	$(Q)$(IA64_AS) -x --fatal-warnings -o $(@D)/wedge.o $(@D)/wedge.s
	$(Q)$(IA64_AS) -x --fatal-warnings -o $(@D)/wedge_drv.o tests/afterburner/wedge_drv.S
	$(Q)LOL_REAL_AS="$$(command -v $(IA64_AS))" LOL_AFTERBURN_INLINE=1 $(O)/lol-afterburn -x --fatal-warnings \
		-o $(@D)/inline_sem.o tests/afterburner/inline_sem.s
	$(Q)$(IA64_LD) -static -o $@ $(@D)/wedge_drv.o $(@D)/wedge.o $(@D)/inline_sem.o

$(O)/tests/afterburner/wedge_sem: $(O)/tests/afterburner/wedge_sem.o $(CPU_TEST_OBJS) | $(AB_WEDGE_ELF)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(LOL_LDLIBS)
CHECK_PROGS += $(O)/tests/afterburner/wedge_sem

# The whole-kernel check (long: builds linux-source-6.1 twice, plain and
# afterburned, audits vmlinux, prints the build time ratio).
check-afterburn-kernel: $(O)/lol-afterburn
	$(Q)LOL_AFTERBURN=$(abspath $(O)/lol-afterburn) tests/afterburner/kernel.sh
.PHONY: check-afterburn-kernel
