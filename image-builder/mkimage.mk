# SPDX-License-Identifier: GPL-2.0
# lol-mkimage: ia64 root disk images from debootstrap, .debs, tarballs and
# directories, written with libext2fs and libarchive (no root, no mounts).
MKIMAGE_PKGS := libarchive ext2fs com_err libcrypt libcrypto
MKIMAGE_SRCS := image-builder/lol-mkimage.c image-builder/source.c image-builder/fs.c \
	image-builder/settings.c image-builder/util.c image-builder/digest.c
MKIMAGE_OBJS := $(MKIMAGE_SRCS:%.c=$(O)/%.o)

PROGRAMS += $(O)/lol-mkimage
MANPAGES += image-builder/lol-mkimage.1
CFLAGS_image-builder := $(shell pkg-config --cflags $(MKIMAGE_PKGS)) -DLOL_VERSION='"$(LOL_VERSION)"'

$(O)/lol-mkimage: $(MKIMAGE_OBJS)
	$(quiet) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs $(MKIMAGE_PKGS)) $(LOL_LDLIBS)
