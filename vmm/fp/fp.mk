# SPDX-License-Identifier: GPL-2.0
# The FP library: IA-64 floating point, exactly, in portable C.  Depends on nothing else.
FP_SRCS := $(addprefix vmm/fp/, fp_round.c fp_arith.c fp_misc.c)
FP_LIB := $(O)/libfp.a
$(FP_LIB): $(FP_SRCS:%.c=$(O)/%.o)
CFLAGS_vmm/fp := -Ivmm/fp
