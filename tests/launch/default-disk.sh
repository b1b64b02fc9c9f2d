#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# launch/build-default-disk: the default profile's root disk, from the cached
# busybox guest root (skipped when busybox is not built) and
# launch/default-root, in a scratch cache: what the guest finds on it, the
# default.img link, the input-hash cache and byte-for-byte reproducibility.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/lol-default-disk-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() {
	local d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}
finish() {
	echo "1..$n"
	[ "$fails" -eq 0 ]
}
PATH=$PATH:/usr/sbin:/sbin
mk=${LOL_MKIMAGE:-$top/build/lol-mkimage}
real_cache=${LOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lol}
if ! LOL_CACHE=$real_cache "$top/toolchain/build-busybox" --print-dir >/dev/null 2>&1; then
	echo "ok 1 # SKIP busybox is not built (make busybox)"
	echo "1..1"
	exit 0
fi
if [ ! -x "$mk" ] || ! command -v debugfs >/dev/null; then
	echo "ok 1 # SKIP needs lol-mkimage and debugfs"
	echo "1..1"
	exit 0
fi
# a scratch cache sharing the real toolchain, busybox and root tree builds
export LOL_CACHE=$work/cache LOL_MKIMAGE=$mk
mkdir -p "$LOL_CACHE"
for d in toolchain busybox rootfs sources apt; do
	[ -e "$real_cache/$d" ] && ln -s "$real_cache/$d" "$LOL_CACHE/$d"
done

"$top/launch/build-default-disk" >"$work/out" 2>"$work/err"
rc=$?
img=$(tail -n1 "$work/out")
check "build-default-disk succeeds and prints the image" sh -c "[ $rc = 0 ] && [ -f '$img' ]"
[ "$rc" = 0 ] || sed 's/^/# /' "$work/err" | tail -5
check "default.img links to it" [ "$(readlink -f "$LOL_CACHE/images/default.img")" = "$img" ]
check "e2fsck finds it clean" sh -c "e2fsck -fn '$img' >/dev/null 2>&1"

dbg() { debugfs -R "$1" "$img" 2>/dev/null; }
dbg "cat /etc/inittab" >"$work/inittab"
check "inittab: rcS at sysinit" grep -qx "::sysinit:/etc/init.d/rcS" "$work/inittab"
check "inittab: a shell on the console, respawned" grep -qx "::respawn:/bin/cttyhack /bin/sh -l" "$work/inittab"
check "inittab: rcK at shutdown (poweroff)" grep -qx "::shutdown:/etc/init.d/rcK" "$work/inittab"
check "inittab: no getty added" [ "$(grep -c getty "$work/inittab")" = 0 ]
for f in rcS rcK; do
	check "/etc/init.d/$f is root's, mode 0755" \
		sh -c "debugfs -R 'stat /etc/init.d/$f' '$img' 2>/dev/null | grep -q 'Mode:  0755' &&
			debugfs -R 'stat /etc/init.d/$f' '$img' 2>/dev/null | grep -q 'User:     0'"
done
dbg "cat /etc/init.d/rcS" >"$work/rcS"
check "rcS mounts proc, sys, dev" sh -c "grep -q 'mount -t proc' '$work/rcS' && grep -q 'mount -t sysfs' '$work/rcS' && grep -q 'mount -t devtmpfs' '$work/rcS'"
check "rcS asks DHCP for eth0 when there is one" grep -q "udhcpc -i eth0" "$work/rcS"
check "rcS is valid sh" sh -n "$work/rcS"
dbg "cat /etc/fstab" >"$work/fstab"
check "fstab: /dev/sda is /" grep -qE "^/dev/sda[[:space:]]+/[[:space:]]+ext4" "$work/fstab"
for l in /sbin/init /sbin/poweroff /bin/cttyhack /sbin/udhcpc; do
	check "$l is busybox" sh -c "debugfs -R 'stat $l' '$img' 2>/dev/null | grep -q 'Fast link dest: .*busybox'"
done
check "the label is lol-default" sh -c "dumpe2fs -h '$img' 2>/dev/null | grep -q 'volume name:.*lol-default'"

# cached: a second run is a no-op; --force makes the same bytes again
sum1=$(sha256sum <"$img")
"$top/launch/build-default-disk" >/dev/null 2>"$work/err"
check "a second run reuses the image" grep -q "default disk is up to date" "$work/err"
"$top/launch/build-default-disk" --force >/dev/null 2>&1
check "--force rebuilds it byte for byte" [ "$(sha256sum <"$img")" = "$sum1" ]
finish
