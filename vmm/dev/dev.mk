# SPDX-License-Identifier: GPL-2.0
# lol-vmm's devices (the hp-sim SSC console, disks, network, clock) as one
# static library.  The monitor links $(DEV_LIB) and adds $(DEV_LDLIBS).
# libslirp (--net user) comes from pkg-config; without it the library still
# builds and --net user says so at start-up.
DEV_SRCS := $(addprefix vmm/dev/, devices.c guestmem.c console.c disk.c net.c net-tap.c \
	net-slirp.c misc.c)
DEV_LIB := $(O)/libloldev.a
$(DEV_LIB): $(DEV_SRCS:%.c=$(O)/%.o)

SLIRP_CFLAGS := $(shell pkg-config --cflags slirp 2>/dev/null)
SLIRP_LIBS := $(shell pkg-config --libs slirp 2>/dev/null)
ifeq ($(SLIRP_LIBS),)
# Debian's slirp.pc wants glib's .pc too; the library itself does not
ifneq ($(wildcard /usr/include/slirp/libslirp.h),)
SLIRP_CFLAGS := -I/usr/include/slirp
SLIRP_LIBS := -lslirp
endif
endif
ifneq ($(SLIRP_LIBS),)
SLIRP_CFLAGS += -DLOL_HAVE_SLIRP
endif

CFLAGS_vmm/dev := -Ivmm/dev -Ivmm/mon -Iinclude $(SLIRP_CFLAGS)
DEV_LDLIBS := $(SLIRP_LIBS)
