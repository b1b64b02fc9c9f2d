# SPDX-License-Identifier: GPL-2.0
ELF_LIB := $(O)/libelf64.a
$(ELF_LIB): $(O)/vmm/elf/elf64.o
