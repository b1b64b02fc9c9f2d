# SPDX-License-Identifier: GPL-2.0
# The ISA library: decode, classify, disassemble.  Depends on nothing else.
IA64_SRCS := $(addprefix vmm/ia64/, bundle.c decode.c opnd.c names.c disasm.c layout.c \
	classify.c optab_a.c optab_i.c optab_m.c optab_mem.c optab_f.c optab_b.c optab_x.c)
IA64_LIB := $(O)/libia64.a
$(IA64_LIB): $(IA64_SRCS:%.c=$(O)/%.o)
CFLAGS_vmm/ia64 := -Ivmm/ia64
