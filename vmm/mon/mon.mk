# SPDX-License-Identifier: GPL-2.0
# lol-vmm: the monitor core (vCPU virtual state, virtual TLB, interruptions,
# firmware, loader, main loop) over the interpreter back end and the devices.
MON_SRCS := $(addprefix vmm/mon/, main.c run.c memory.c loader.c firmware.c vtlb.c intr.c \
	privop.c)
DEV_LIB ?= $(O)/libloldev.a
DEV_LDLIBS ?= $(shell pkg-config --libs slirp 2>/dev/null)
PROGRAMS += $(O)/lol-vmm
CFLAGS_vmm/mon := -Ivmm/ia64 -Ivmm/cpu -Ivmm/fp -Ivmm/elf -Ivmm/dev -Ivmm/mon -Iinclude \
	-DLOL_VERSION='"$(LOL_VERSION)"'
$(O)/lol-vmm: $(MON_SRCS:%.c=$(O)/%.o) $(DEV_LIB) $(CPU_LIB) $(FP_LIB) $(IA64_LIB) $(ELF_LIB)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DEV_LDLIBS) $(LOL_LDLIBS)

UNIT_SCRIPTS += tests/vmm/vmm-cli.sh

# The guest boot tests (tests/vmm/boot.sh): need the guest kernel and the
# default disk, skip without them.
$(O)/tests/vmm/tcp-once: $(O)/tests/vmm/tcp-once.o
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
CHECK_PROGS_BUILD += $(O)/tests/vmm/tcp-once
CHECK_SCRIPTS += tests/vmm/boot.sh
check check-unit: $(O)/tests/vmm/tcp-once
check-vmm: programs $(O)/tests/vmm/tcp-once $(CONSOLE_EXPECT)
	$(Q)LOL_VMM=$(abspath $(O)/lol-vmm) tests/run-tests tests/vmm/boot.sh
.PHONY: check-vmm
BENCH_PROGS += tests/vmm/bench.sh

# libFuzzer target for the kernel loader and site records (make fuzz runs it)
$(O)/fuzz/fuzz_vmload: tests/vmm/fuzz_vmload.c vmm/mon/loader.c vmm/mon/memory.c vmm/elf/elf64.c
	$(quiet) FUZZCC $@
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -Ivmm/mon -Ivmm/cpu -Ivmm/fp -Iinclude -o $@ $^
fuzz-vmload: $(O)/fuzz/fuzz_vmload
	@mkdir -p $(O)/fuzz/corpus-vmload
	@tests/vmm/vmload-corpus.sh $(O)/fuzz/corpus-vmload
	$(O)/fuzz/fuzz_vmload -close_fd_mask=2 -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
		$(O)/fuzz/corpus-vmload
fuzz: fuzz-vmload
.PHONY: fuzz-vmload
