# SPDX-License-Identifier: GPL-2.0
# Shared by the lol-launch tests: TAP helpers, a scratch directory and an
# environment of their own (no real profiles, caches or run directories are
# touched).  Sourced; sets top, launch (the binary), work, and $vmlinux and
# $disk1 $disk2, small files the profiles can name.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
launch=${LOL_LAUNCH:-$top/build/lol-launch}
export LC_ALL=C.UTF-8
work=$(mktemp -d "${TMPDIR:-/tmp}/lol-launch-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 fails=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() { # description command...
	local d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}
# same_str DESCRIPTION WANT GOT
same_str() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		notok "$1"
		echo "# want: $2"
		echo "# got:  $3"
	fi
}
comment() { head -n "${2:-20}" "$1" | sed 's/^/# /'; }
finish() {
	echo "1..$n"
	[ "$fails" -eq 0 ]
}
if [ ! -x "$launch" ]; then
	notok "lol-launch not built ($launch)"
	finish
	exit 1
fi

export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_RUNTIME_DIR=$work/run
export LOL_CACHE=$work/cache
unset LOL_GUEST_KERNEL LOL_VMM TMPDIR
mkdir -p "$HOME" "$XDG_CONFIG_HOME/lol/profiles" "$XDG_RUNTIME_DIR" "$LOL_CACHE/images"
chmod 700 "$XDG_RUNTIME_DIR"
mkdir -p "$work/files"
vmlinux=$work/files/vmlinux
printf '\177ELF\2\1\1\0' >"$vmlinux"
disk1=$work/files/one.img disk2=$work/files/two.img
truncate -s 1M "$disk1" "$disk2"
fake_vmm=$work/files/lol-vmm
# a monitor that prints its arguments, one per line, and exits 7
printf '#!/bin/sh\nfor a; do echo "$a"; done\nexit 7\n' >"$fake_vmm"
chmod +x "$fake_vmm"
export LOL_VMM=$fake_vmm

# profile NAME: write stdin as the profile NAME in the user's profile directory
profile() { cat >"$XDG_CONFIG_HOME/lol/profiles/$1"; }

# expect_error DESCRIPTION EXIT-STATUS REGEX lol-launch-arguments...
# One line on stderr matching REGEX, that exit status, nothing on stdout.
expect_error() {
	local desc=$1 want=$2 re=$3
	shift 3
	"$launch" "$@" >"$work/stdout" 2>"$work/stderr"
	local rc=$? lines
	lines=$(wc -l <"$work/stderr")
	if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] && grep -qE -- "$re" "$work/stderr" &&
		[ ! -s "$work/stdout" ]; then
		ok "$desc: $(cat "$work/stderr")"
	else
		notok "$desc: exit $rc (want $want), $lines lines on stderr, wanted /$re/"
		comment "$work/stderr" 5
		comment "$work/stdout" 5
	fi
}
