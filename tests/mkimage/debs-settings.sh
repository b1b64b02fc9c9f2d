#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-mkimage from .deb packages (data.tar.xz, .gz, .zst and uncompressed;
# compared with dpkg-deb --fsys-tarfile), overlays, and the settings: host
# name, root password (sha512 and yescrypt, checked with crypt(3) through
# perl), SSH key, getty for busybox init, sysvinit and systemd, fstab,
# network; --no-config; progress output; --help.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fakearchive.sh"
need fakeroot dpkg-deb dpkg-scanpackages debugfs e2fsck python3 perl xz

make_archive "$work/archive" >"$work/archive.log" 2>&1 || {
	notok "making the fake archive"
	comment "$work/archive.log"
	finish
	exit 1
}
pool=$work/archive/pool/main
SDE=1600000000

# --deb DIR: every package's data, as dpkg-deb sees it.
i=0
for d in $(ls "$pool"/*.deb | LC_ALL=C sort); do
	i=$((i + 1))
	dpkg-deb --fsys-tarfile "$d" >"$work/fsys-$i.tar"
done
python3 "$imglist" tar "$SDE" "$work"/fsys-*.tar >"$work/expect"
if SOURCE_DATE_EPOCH=$SDE "$mk" -q --no-config --deb "$pool" -o "$work/debs.img" 2>"$work/err"; then
	python3 "$imglist" img "$work/debs.img" >"$work/got"
	if diff "$work/expect" "$work/got" >"$work/diff"; then
		ok "--deb DIR: data of 4 packages (xz, gzip, zstd, none) as dpkg-deb --fsys-tarfile says ($(wc -l <"$work/expect") paths)"
	else
		notok "--deb DIR differs from dpkg-deb"
		comment "$work/diff"
	fi
else
	notok "--deb DIR failed"
	comment "$work/err"
fi
check "e2fsck -fn clean" fsck_clean "$work/debs.img"

dbg() { debugfs -R "$2" "$1" 2>/dev/null; }

# A busybox system from two .debs with every setting.
ssh-keygen -q -t ed25519 -N '' -C lol-test -f "$work/key" 2>/dev/null ||
	echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxvbC10ZXN0LWtleS1ub3QtcmVhbC0wMDAwMDAwMDAw lol-test" >"$work/key.pub"
img=$work/bb.img
SOURCE_DATE_EPOCH=$SDE "$mk" --deb "$pool/lol-base_1.0-1_ia64.deb" --deb "$pool/lol-busybox_1.0-1_ia64.deb" \
	--hostname ia64box --root-password 'pa ss' --ssh-key "$work/key.pub" --console ttyS0 \
	-o "$img" >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$work/err" ]; then ok "busybox system with settings (exit 0)"; else
	notok "busybox system: exit $rc"
	comment "$work/err"
fi
check "/etc/hostname" [ "$(dbg "$img" 'cat /etc/hostname')" = ia64box ]
check "/etc/hosts names it" sh -c "debugfs -R 'cat /etc/hosts' '$img' 2>/dev/null | grep -qE '^127\.0\.1\.1\s+ia64box$'"
hash=$(dbg "$img" 'cat /etc/shadow' | awk -F: '$1=="root"{print $2}')
if [ "${hash#\$6\$}" != "$hash" ] && perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' 'pa ss' "$hash"; then
	ok "root's password in /etc/shadow: sha512-crypt, crypt(3) accepts it"
else
	notok "root's password hash: $hash"
fi
check "the rest of /etc/shadow is kept" sh -c "debugfs -R 'cat /etc/shadow' '$img' 2>/dev/null | grep -q '^lol:\*:19000:'"
check "/etc/shadow keeps its owner and mode" sh -c "debugfs -R 'stat /etc/shadow' '$img' 2>/dev/null | grep -q 'Mode:  0640' && debugfs -R 'stat /etc/shadow' '$img' 2>/dev/null | grep -qE 'Group: +42 '"
check "authorized_keys is the key, mode 0600" sh -c "debugfs -R 'cat /root/.ssh/authorized_keys' '$img' 2>/dev/null | cmp -s - '$work/key.pub' && debugfs -R 'stat /root/.ssh/authorized_keys' '$img' 2>/dev/null | grep -q 'Mode:  0600'"
check "/root/.ssh is 0700" sh -c "debugfs -R 'stat /root/.ssh' '$img' 2>/dev/null | grep -q 'Mode:  0700'"
dbg "$img" 'cat /etc/inittab' >"$work/inittab"
if grep -q '^ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100$' "$work/inittab" ||
	grep -q '^ttyS0::respawn:/bin/busybox getty -L 115200 ttyS0 vt100$' "$work/inittab"; then
	ok "busybox inittab with a getty on ttyS0"
else
	notok "busybox inittab"
	comment "$work/inittab"
fi
check "no first-boot hook without a pending second stage" sh -c "debugfs -R 'stat /sbin/init' '$img' 2>/dev/null | grep -q 'Fast link dest: \"/bin/busybox\"'"
check "fstab" sh -c "debugfs -R 'cat /etc/fstab' '$img' 2>/dev/null | grep -qE '^/dev/sda\s+/\s+ext4\s+defaults'"
check "interfaces" sh -c "debugfs -R 'cat /etc/network/interfaces' '$img' 2>/dev/null | grep -q '^iface eth0 inet dhcp'"
check "progress: counted steps as plain lines (not a terminal)" grep -q '^\[3/5\] writing files' "$work/out"
check "e2fsck -fn clean" fsck_clean "$img"

# yescrypt.
SOURCE_DATE_EPOCH=$SDE "$mk" -q --deb "$pool/lol-base_1.0-1_ia64.deb" --root-password pw \
	--password-hash yescrypt -o "$work/y.img" >"$work/out" 2>&1
hash=$(dbg "$work/y.img" 'cat /etc/shadow' | awk -F: '$1=="root"{print $2}')
if [ "${hash#\$y\$}" != "$hash" ] && perl -e 'exit(crypt($ARGV[0], $ARGV[1]) eq $ARGV[1] ? 0 : 1)' pw "$hash"; then
	ok "yescrypt hash accepted by crypt(3)"
else
	notok "yescrypt hash: $hash"
	comment "$work/out"
fi
check "-q prints nothing" [ ! -s "$work/out" ]

# sysvinit and systemd, from overlays; the overlay wins over the packages.
mkdir -p "$work/sysv/etc" "$work/sysd/lib/systemd/system" "$work/sysd/etc"
printf 'id:2:initdefault:\nsi::sysinit:/etc/init.d/rcS\n1:2345:respawn:/sbin/getty 38400 tty1\n' >"$work/sysv/etc/inittab"
printf 'overlay\n' >"$work/sysv/etc/os-release"
chown 1234:1234 "$work/sysv/etc/os-release" 2>/dev/null
printf 'ELF stand-in\n' >"$work/sysd/lib/systemd/systemd"
chmod 755 "$work/sysd/lib/systemd/systemd"
: >"$work/sysd/lib/systemd/system/console-getty.service"
: >"$work/sysd/lib/systemd/system/serial-getty@.service"
echo same >"$work/sysv/etc/hard1"
ln "$work/sysv/etc/hard1" "$work/sysv/etc/hard2"
truncate -s 100M "$work/sysv/etc/sparse"
echo tail | dd of="$work/sysv/etc/sparse" bs=1 seek=50000000 conv=notrunc 2>/dev/null
SOURCE_DATE_EPOCH=$SDE "$mk" -q --deb "$pool/lol-base_1.0-1_ia64.deb" --overlay "$work/sysv" \
	-o "$work/sysv.img" >"$work/out" 2>&1
check "sysvinit inittab: a getty line appended" sh -c "debugfs -R 'cat /etc/inittab' '$work/sysv.img' 2>/dev/null | grep -q '^lc:2345:respawn:/sbin/getty -L 115200 console vt100$'"
check "sysvinit inittab: the rest kept" sh -c "debugfs -R 'cat /etc/inittab' '$work/sysv.img' 2>/dev/null | grep -q '^1:2345:respawn:/sbin/getty 38400 tty1$'"
check "overlay replaces a packaged file" [ "$(dbg "$work/sysv.img" 'cat /etc/os-release')" = overlay ]
i1=$(dbg "$work/sysv.img" 'stat /etc/hard1' | awk '/^Inode:/{print $2}')
i2=$(dbg "$work/sysv.img" 'stat /etc/hard2' | awk '/^Inode:/{print $2}')
check "overlay hard links share an inode with 2 links" sh -c "[ -n '$i1' ] && [ '$i1' = '$i2' ] && debugfs -R 'stat /etc/hard1' '$work/sysv.img' 2>/dev/null | grep -q 'Links: 2 '"
bc=$(dbg "$work/sysv.img" 'stat /etc/sparse' | sed -n 's/.*Blockcount: \([0-9]*\).*/\1/p')
sz=$(dbg "$work/sysv.img" 'stat /etc/sparse' | sed -n 's/^User:.*Size: \([0-9]*\)$/\1/p')
check "overlay sparse file stays sparse (100 MiB, $((${bc:-0} / 2)) KiB allocated)" \
	sh -c "[ '${sz:-0}' -eq 104857600 ] && [ '${bc:-999}' -le 16 ]"
if [ "$(id -u)" -eq 0 ]; then want=1234; else want=0; fi
check "overlay owner: $want (host owner when root, else root)" sh -c "debugfs -R 'stat /etc/os-release' '$work/sysv.img' 2>/dev/null | grep -qE 'User: +$want '"
SOURCE_DATE_EPOCH=$SDE "$mk" -q --deb "$pool/lol-base_1.0-1_ia64.deb" --overlay "$work/sysd" \
	-o "$work/sysd.img" >"$work/out" 2>&1
check "systemd: console-getty.service wanted by getty.target" sh -c "debugfs -R 'stat /etc/systemd/system/getty.target.wants/console-getty.service' '$work/sysd.img' 2>/dev/null | grep -q 'Fast link dest: \"/lib/systemd/system/console-getty.service\"'"
check "systemd: the getty generator masked (one getty per device)" sh -c "debugfs -R 'stat /etc/systemd/system-generators/systemd-getty-generator' '$work/sysd.img' 2>/dev/null | grep -q 'Fast link dest: \"/dev/null\"'"
SOURCE_DATE_EPOCH=$SDE "$mk" -q --deb "$pool/lol-base_1.0-1_ia64.deb" --overlay "$work/sysd" \
	--console ttyS0 -o "$work/sysd2.img" >"$work/out" 2>&1
check "systemd, --console ttyS0: serial-getty@ttyS0.service" sh -c "debugfs -R 'stat /etc/systemd/system/getty.target.wants/serial-getty@ttyS0.service' '$work/sysd2.img' 2>/dev/null | grep -q 'Fast link dest: \"/lib/systemd/system/serial-getty@.service\"'"

# --no-config: only what is asked.
SOURCE_DATE_EPOCH=$SDE "$mk" -q --no-config --hostname only --deb "$pool/lol-base_1.0-1_ia64.deb" \
	-o "$work/nc.img" >"$work/out" 2>&1
check "--no-config: explicit --hostname applied" [ "$(dbg "$work/nc.img" 'cat /etc/hostname')" = only ]
check "--no-config: no fstab, no interfaces" sh -c "! debugfs -R 'stat /etc/fstab' '$work/nc.img' 2>/dev/null | grep -q Inode && ! debugfs -R 'stat /etc/network' '$work/nc.img' 2>/dev/null | grep -q Inode"

# An existing fstab with a root entry is left alone; a tree without /etc gets no configuration.
mkdir -p "$work/fst/etc" "$work/data/srv"
printf 'LABEL=root / ext4 noatime 0 1\n' >"$work/fst/etc/fstab"
SOURCE_DATE_EPOCH=$SDE "$mk" -q --deb "$pool/lol-base_1.0-1_ia64.deb" --overlay "$work/fst" \
	-o "$work/fst.img" >/dev/null 2>&1
check "existing fstab with / kept" [ "$(dbg "$work/fst.img" 'cat /etc/fstab')" = 'LABEL=root / ext4 noatime 0 1' ]
echo x >"$work/data/srv/file"
SOURCE_DATE_EPOCH=$SDE "$mk" --overlay "$work/data" -o "$work/data.img" >"$work/out" 2>&1
check "no /etc: configuration skipped, said so" sh -c "grep -q 'no /etc' '$work/out' && ! debugfs -R 'stat /etc' '$work/data.img' 2>/dev/null | grep -q Inode"

# Labels, UUIDs, ext2/ext3.
SOURCE_DATE_EPOCH=$SDE "$mk" -q --fs ext3 --label lolroot --uuid 01234567-89ab-cdef-0123-456789abcdef \
	--size 64M --deb "$pool" -o "$work/l.img" >/dev/null 2>&1
dumpe2fs -h "$work/l.img" >"$work/sb" 2>/dev/null
if grep -q 'volume name: *lolroot$' "$work/sb" && grep -q 'UUID: *01234567-89ab-cdef-0123-456789abcdef' "$work/sb" &&
	grep -q 'has_journal' "$work/sb" && ! grep -q 'extent' "$work/sb" &&
	[ "$(stat -c %s "$work/l.img")" -eq 67108864 ]; then
	ok "--fs ext3 --label --uuid --size 64M"
else
	notok "--fs ext3 --label --uuid --size"
	comment "$work/sb" 12
fi

"$mk" --help >"$work/help" 2>&1
check "--help (exit 0)" grep -q '^Usage: lol-mkimage' "$work/help"
check "the man page is there" grep -q '^\.TH LOL-MKIMAGE 1' "$top/image-builder/lol-mkimage.1"
finish
