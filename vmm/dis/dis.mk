# SPDX-License-Identifier: GPL-2.0
PROGRAMS += $(O)/lol-dis
MANPAGES += vmm/dis/lol-dis.1
CFLAGS_vmm/dis := -Ivmm/ia64 -Ivmm/elf -DLOL_VERSION='"$(LOL_VERSION)"'
$(O)/lol-dis: $(O)/vmm/dis/lol-dis.o $(IA64_LIB) $(ELF_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)
