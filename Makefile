# SPDX-License-Identifier: GPL-2.0
# lol: Linux-on-Linux for IA-64.  One non-recursive GNU Make build.
#
#   make                 build everything (V=1 shows full commands)
#   make check           run the test suite (TAP; ends with "N passed, M failed, K skipped")
#   make check-unit      the unit-level tests only (no toolchain, guest builds)
#   make check-long      long runs: 5,000,000 random bundles against objdump
#   make check-jit-long  long run: 1,000,000 random blocks, block compiler against handlers
#   make bench           benchmarks (ratios printed side by side, never pass/fail)
#   make fuzz            libFuzzer targets (clang), FUZZ_SECONDS each
#   make install DESTDIR=... prefix=...
#
# CFLAGS, CPPFLAGS and LDFLAGS from the environment (dpkg-buildflags) are kept;
# the project's own flags live in LOL_CFLAGS.

prefix ?= /usr/local
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
libdir ?= $(exec_prefix)/lib
datadir ?= $(prefix)/share
mandir ?= $(datadir)/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
LOL_CFLAGS := -std=c17 -Wall -Wextra -D_GNU_SOURCE -MMD -MP
LOL_LDLIBS := -lpthread
INSTALL ?= install

O := build
LOL_VERSION := 0.1
V ?= 0
ifeq ($(V),1)
Q :=
quiet = @:
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

# Each subsystem fragment appends to these.
PROGRAMS :=
CHECK_PROGS :=
CHECK_SCRIPTS :=
BENCH_PROGS :=
MANPAGES :=

all: programs

include vmm/ia64/ia64.mk
include vmm/elf/elf.mk
include vmm/dis/dis.mk
include tests/tests.mk
include tests/cpu/mm.mk
include vmm/fp/fp.mk
include tests/fp/fp.mk
include vmm/cpu/cpu.mk
include tests/cpu/cpu.mk
include vmm/user/user.mk
include tests/user/user.mk
include image-builder/mkimage.mk
include tests/mkimage/mkimage.mk
include tests/torture/torture.mk
include tests/bench-user/bench.mk
include tests/busybox/busybox.mk
include afterburner/afterburner.mk
include tests/afterburner/afterburner.mk
include vmm/dev/dev.mk
include tests/dev/dev.mk
-include toolchain/toolchain.mk
include launch/launch.mk
include vmm/mon/mon.mk

programs: $(PROGRAMS)

$(O)/%.o: %.c
	$(quiet) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(LOL_CFLAGS) $(CFLAGS) $(CFLAGS_$(<D)) -c $< -o $@

$(O)/%.a:
	$(quiet) AR $@
	@mkdir -p $(@D)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

check: programs $(CHECK_PROGS)
	$(Q)LOL_DIS=$(abspath $(O)/lol-dis) LOL_USER=$(abspath $(O)/lol-user) LOL_VMM=$(abspath $(O)/lol-vmm) tests/run-tests $(CHECK_PROGS) $(CHECK_SCRIPTS)

# The unit-level tests alone (what CI runs again under ASan+UBSan).
check-unit: programs $(CHECK_PROGS)
	$(Q)LOL_DIS=$(abspath $(O)/lol-dis) LOL_USER=$(abspath $(O)/lol-user) LOL_VMM=$(abspath $(O)/lol-vmm) tests/run-tests $(CHECK_PROGS) $(UNIT_SCRIPTS)

bench: programs $(BENCH_PROGS)
	$(Q)for b in $(BENCH_PROGS); do $$b || exit 1; done

install: programs
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1
	$(INSTALL) -m 755 $(PROGRAMS) $(DESTDIR)$(bindir)/
	$(INSTALL) -m 644 $(MANPAGES) $(DESTDIR)$(mandir)/man1/

clean:
	rm -rf $(O)

.PHONY: all programs check check-unit bench install clean
.DELETE_ON_ERROR:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
