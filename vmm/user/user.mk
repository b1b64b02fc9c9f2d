# SPDX-License-Identifier: GPL-2.0
# lol-user: ia64 Linux programs on this host (the interpreter plus a Linux process model).
# Needs CPU_LIB, FP_LIB, IA64_LIB and ELF_LIB from the other fragments.
USER_SRCS := $(addprefix vmm/user/, main.c loader.c mm.c rse.c signal.c syscall.c sys_net.c \
	proc.c)
PROGRAMS += $(O)/lol-user
MANPAGES += vmm/user/lol-user.1
CFLAGS_vmm/user := -Ivmm/ia64 -Ivmm/cpu -Ivmm/fp -Ivmm/elf -DLOL_VERSION='"$(LOL_VERSION)"'
$(O)/lol-user: $(USER_SRCS:%.c=$(O)/%.o) $(CPU_LIB) $(FP_LIB) $(IA64_LIB) $(ELF_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)
