# SPDX-License-Identifier: GPL-2.0
# The IA-64 interpreter core.  The multimedia helper (exec_mm.c) joins the
# library when it is in the tree, the FP helper (exec_fp.c) when the FP
# library's fragment (FP_LIB) was included before this one.
CPU_SRCS := $(addprefix vmm/cpu/, cpu.c interp.c exec_int.c exec_br.c exec_mem.c rse.c alat.c \
	tlb.c sys.c exec_sys.c jit_x86.c) $(wildcard vmm/cpu/exec_mm.c) \
	$(if $(FP_LIB),$(wildcard vmm/cpu/exec_fp.c vmm/cpu/exec_fpfast.c))
CPU_LIB := $(O)/libcpu.a
$(CPU_LIB): $(CPU_SRCS:%.c=$(O)/%.o)
CFLAGS_vmm/cpu := -Ivmm/ia64 -Ivmm/cpu -Ivmm/fp
