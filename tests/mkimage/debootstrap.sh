#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-mkimage --debootstrap: debootstrap's first stage (--foreign, ia64, under
# fakeroot) from a fake file:/// archive with our own suite script; the tree
# must reach the image with fakeroot's owners and device nodes, without the
# host's leaks, with the first-boot hook for the second stage, and the same
# bytes on a second run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fakearchive.sh"
need debootstrap fakeroot dpkg-deb dpkg-scanpackages debugfs e2fsck xz wget

if ! make_archive "$work/archive" >"$work/archive.log" 2>&1; then
	notok "making the fake ia64 archive"
	comment "$work/archive.log"
	finish
	exit 1
fi
ok "fake ia64 archive: $(ls "$work/archive/pool/main" | tr '\n' ' ')"
write_suite_script "$work/lolsid.script"
mirror=file://$work/archive
SDE=1650000000
mkdir "$work/tmp"
export TMPDIR=$work/tmp

build() { # image [extra options...]
	local img=$1
	shift
	SOURCE_DATE_EPOCH=$SDE "$mk" --debootstrap lolsid "$mirror" --no-check-gpg \
		--debootstrap-script "$work/lolsid.script" --root-password secret "$@" -o "$img"
}

build "$work/a.img" >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$work/a.img" ]; then
	notok "lol-mkimage --debootstrap: exit $rc"
	comment "$work/err"
	comment "$work/out" 40
	finish
	exit 1
fi
ok "lol-mkimage --debootstrap lolsid file:///... (exit 0)"
if grep -q 'debootstrap: I: ' "$work/out" && grep -q 'Extracting lol-base' "$work/out"; then
	ok "debootstrap's progress shown"
else
	notok "debootstrap's progress not shown"
	comment "$work/out"
fi
if grep -q 'first boot: .*--second-stage' "$work/out"; then
	ok "stdout says the second stage runs at first boot"
else
	notok "no first-boot message"
	comment "$work/out" 40
fi
if [ ! -s "$work/err" ]; then ok "nothing on stderr"; else
	notok "stderr not empty"
	comment "$work/err"
fi
if e2fsck -fn "$work/a.img" >"$work/fsck" 2>&1; then ok "e2fsck -fn clean"; else
	notok "e2fsck -fn"
	comment "$work/fsck"
fi

dbg() { debugfs -R "$1" "$work/a.img" 2>/dev/null; }
stat_has() { # path regex: debugfs stat of path matches
	dbg "stat $1" | grep -qE "$2"
}
check "/debootstrap/debootstrap is there, executable" stat_has /debootstrap/debootstrap 'Mode:  0755'
check "/debootstrap/suite-script is ours" sh -c "debugfs -R 'cat /debootstrap/suite-script' '$work/a.img' 2>/dev/null | grep -q 'lol-mkimage tests'"
for p in lol-base lol-busybox lol-extra; do
	check "/var/cache/apt/archives has $p" stat_has "/var/cache/apt/archives/${p}_1.0-1_ia64.deb" 'Type: regular'
done
check "lol-extra (important) is not unpacked yet" sh -c "! debugfs -R 'stat /usr/share/lol-extra/data' '$work/a.img' 2>/dev/null | grep -q Inode"
check "/dev/null: character device 1:3 owned by root (fakeroot state)" sh -c \
	"debugfs -R 'stat /dev/null' '$work/a.img' 2>/dev/null | grep -q 'character special' &&
	 debugfs -R 'stat /dev/null' '$work/a.img' 2>/dev/null | grep -q 'Device major/minor number: 01:03' &&
	 debugfs -R 'stat /dev/null' '$work/a.img' 2>/dev/null | grep -qE 'User: +0 +Group: +0 '"
check "/dev/console: character device 5:1" stat_has /dev/console 'Device major/minor number: 05:01'
check "/home/lol/notes owned by 1000:1000 as the .deb says" stat_has /home/lol/notes 'User: +1000 +Group: +1000 '
check "/usr/bin/lol-su keeps its setuid bit" stat_has /usr/bin/lol-su 'Mode:  04755'
check "/etc/shadow keeps group shadow (42) and mode 0640" stat_has /etc/shadow 'Mode:  0640'
check "merged /usr: /bin is a symlink to usr/bin" sh -c "debugfs -R 'stat /bin' '$work/a.img' 2>/dev/null | grep -q 'Fast link dest: \"usr/bin\"'"
check "/usr/bin/busybox from lol-busybox" stat_has /usr/bin/busybox 'Type: regular'
dbg "cat /sbin/init" >"$work/init"
if grep -q 'lol-mkimage first-boot hook' "$work/init" && grep -q 'debootstrap --second-stage' "$work/init" &&
	grep -qF "ROOTHASH='\$6\$" "$work/init"; then
	ok "/sbin/init is the first-boot hook (second stage, then root's password)"
else
	notok "/sbin/init is not the hook"
	comment "$work/init"
fi
if sh -n "$work/init"; then ok "the hook is valid sh"; else notok "the hook: sh -n fails"; fi
check "the original /sbin/init is kept as /sbin/init.lol-orig" sh -c "debugfs -R 'stat /sbin/init.lol-orig' '$work/a.img' 2>/dev/null | grep -q 'Fast link dest: \"/bin/busybox\"'"
for leak in /etc/resolv.conf /debootstrap/debootstrap.log /etc/machine-id; do
	check "no host leak: $leak" sh -c "! debugfs -R 'stat $leak' '$work/a.img' 2>/dev/null | grep -q Inode"
done
check "/etc/hostname is lol, not the host's" sh -c "[ \"\$(debugfs -R 'cat /etc/hostname' '$work/a.img' 2>/dev/null)\" = lol ]"
check "/etc/fstab: /dev/sda on / (ext4)" sh -c "debugfs -R 'cat /etc/fstab' '$work/a.img' 2>/dev/null | grep -qE '^/dev/sda\s+/\s+ext4\s'"
check "/etc/network/interfaces: eth0 by DHCP" sh -c "debugfs -R 'cat /etc/network/interfaces' '$work/a.img' 2>/dev/null | grep -q 'iface eth0 inet dhcp'"
check "/etc/inittab (busybox init): a getty on the console" sh -c "debugfs -R 'cat /etc/inittab' '$work/a.img' 2>/dev/null | grep -q '^::respawn:/sbin/getty -L 115200 console vt100'"
check "/etc/shadow unchanged until the second stage (password set by the hook)" sh -c "debugfs -R 'cat /etc/shadow' '$work/a.img' 2>/dev/null | grep -q '^root:\*:19000:'"
check "root of the image: 0755 root" stat_has / 'Mode:  0755'

# Reproducible: a second run (a new debootstrap) gives the same bytes.
build "$work/b.img" -q >"$work/out2" 2>"$work/err2"
if cmp -s "$work/a.img" "$work/b.img"; then
	ok "a second run gives a byte-identical image"
else
	notok "two runs differ: $(cmp "$work/a.img" "$work/b.img" | head -1)"
	comment "$work/err2"
fi

# A failing debootstrap (no such suite): one line, no image.
SOURCE_DATE_EPOCH=$SDE "$mk" -q --debootstrap nosuchsuite "$mirror" --no-check-gpg \
	--debootstrap-script "$work/lolsid.script" -o "$work/c.img" >/dev/null 2>"$work/err3"
rc=$?
if [ "$rc" -ne 0 ] && [ "$(wc -l <"$work/err3")" -eq 1 ] && grep -q 'debootstrap nosuchsuite' "$work/err3" &&
	[ ! -e "$work/c.img" ] && ! ls "$work"/.c.img.* >/dev/null 2>&1; then
	ok "debootstrap failure: one line ($(cat "$work/err3")), no image"
else
	notok "debootstrap failure: exit $rc"
	comment "$work/err3"
fi
leftover=$(ls -A "$work/tmp" | wc -l)
check "staging directories removed" [ "$leftover" -eq 0 ]
finish
