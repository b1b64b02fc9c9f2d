# SPDX-License-Identifier: GPL-2.0
# lol-launch (named launch profiles for lol-vmm), the profiles, `make run`
# (build what is missing, then boot the default guest), and the
# console-driving tool of the boot tests.
LAUNCH_SRCS := $(addprefix launch/, lol-launch.c profile.c resolve.c rundir.c argv.c)
PROGRAMS += $(O)/lol-launch
MANPAGES += launch/lol-launch.1
CFLAGS_launch := -DLOL_VERSION='"$(LOL_VERSION)"'
PROFILES := $(wildcard profiles/*)

$(O)/lol-launch: $(LAUNCH_SRCS:%.c=$(O)/%.o)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# lol-vmm's man page lives with the monitor; install it if vmm/mon did not say so.
ifeq ($(filter vmm/mon/lol-vmm.1,$(MANPAGES)),)
MANPAGES += $(wildcard vmm/mon/lol-vmm.1)
endif

install: install-profiles
install-profiles:
	$(INSTALL) -d $(DESTDIR)$(datadir)/lol/profiles
	$(INSTALL) -m 644 $(PROFILES) $(DESTDIR)$(datadir)/lol/profiles/

# The main job: on a fresh machine, build whatever is missing and boot.  No
# prerequisites: the script installs the build's packages before it builds.
run:
	$(Q)MAKE="$(MAKE)" O="$(O)" launch/lol-run-default

# The default root disk alone ($LOL_CACHE/images/default.img).
default-disk: $(O)/lol-mkimage
	$(Q)LOL_MKIMAGE=$(abspath $(O)/lol-mkimage) launch/build-default-disk

# tests/vmm/console-expect: drives a console on a pty from a script (boot tests).
$(O)/tests/vmm/console-expect: $(O)/tests/vmm/console-expect.o
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

CONSOLE_EXPECT := $(O)/tests/vmm/console-expect
LAUNCH_TESTS := tests/launch/parse.sh tests/launch/cmdline.sh tests/launch/rundir.sh \
	tests/launch/profiles.sh tests/vmm/console-expect.sh
check check-unit: $(CONSOLE_EXPECT)
CHECK_SCRIPTS += $(LAUNCH_TESTS) tests/launch/default-disk.sh
UNIT_SCRIPTS += $(LAUNCH_TESTS)
export LOL_LAUNCH := $(abspath $(O)/lol-launch)
export LOL_CONSOLE_EXPECT := $(abspath $(CONSOLE_EXPECT))

check-launch: $(O)/lol-launch $(CONSOLE_EXPECT) $(O)/lol-mkimage
	$(Q)tests/run-tests $(LAUNCH_TESTS) tests/launch/default-disk.sh

# libFuzzer target for the profile parser (make fuzz runs it too)
$(O)/fuzz/fuzz_profile: tests/launch/fuzz_profile.c launch/profile.c launch/argv.c
	$(quiet) FUZZCC $@
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -Ilaunch -o $@ $^
fuzz-launch: $(O)/fuzz/fuzz_profile
	@mkdir -p $(O)/fuzz/corpus-profile
	@cp profiles/* tests/launch/corpus/* $(O)/fuzz/corpus-profile/ 2>/dev/null || true
	$(O)/fuzz/fuzz_profile -max_total_time=$(FUZZ_SECONDS) -max_len=8192 $(O)/fuzz/corpus-profile
fuzz: fuzz-launch

.PHONY: install-profiles run default-disk check-launch fuzz-launch
