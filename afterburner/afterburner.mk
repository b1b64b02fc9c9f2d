# SPDX-License-Identifier: GPL-2.0
# lol-afterburn: the assembler wrapper that pre-virtualises IA-64 code, and
# its audit.  $(O)/afterburner/bin/as is the same program under the name gcc
# looks for with -B$(O)/afterburner/bin (it is not installed into bindir).
AB_SRCS := $(addprefix afterburner/, lol-afterburn.c lex.c expr.c insn.c rewrite.c audit.c)
PROGRAMS += $(O)/lol-afterburn
MANPAGES += afterburner/lol-afterburn.1
CFLAGS_afterburner := -Ivmm/ia64 -Ivmm/elf -Iinclude -DLOL_VERSION='"$(LOL_VERSION)"'
AFTERBURN_DIR := $(O)/afterburner/bin

$(O)/lol-afterburn: $(AB_SRCS:%.c=$(O)/%.o) $(IA64_LIB) $(ELF_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LOL_LDLIBS)

$(AFTERBURN_DIR)/as: $(O)/lol-afterburn
	@mkdir -p $(@D)
	$(Q)ln -sf ../../lol-afterburn $@

programs: $(AFTERBURN_DIR)/as

# "as" goes into a directory of its own: $(libdir)/lol/afterburner/as
install: install-afterburner
install-afterburner: programs
	$(INSTALL) -d $(DESTDIR)$(libdir)/lol/afterburner
	ln -sf $(bindir)/lol-afterburn $(DESTDIR)$(libdir)/lol/afterburner/as

.PHONY: install-afterburner
