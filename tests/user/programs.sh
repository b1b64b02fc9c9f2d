#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Portable C programs (tests/user/progs) built natively and for ia64, static and dynamic:
# under lol-user their output and exit status must equal the native ones.  Needs the ia64
# toolchain (toolchain/lol-toolchain prefix) or IA64_CC naming an ia64-linux-gnu-gcc.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lol_user=${LOL_USER:-$top/build/lol-user}
src=$top/tests/user/progs
if [ -z "${IA64_CC:-}" ]; then
	prefix=$("$top/toolchain/lol-toolchain" prefix 2>/dev/null) || prefix=
	if [ -z "$prefix" ] || [ ! -x "$prefix/bin/ia64-linux-gnu-gcc" ]; then
		echo "ok 1 # SKIP ia64 toolchain not built (toolchain/lol-toolchain prefix)"
		echo "1..1"
		exit 0
	fi
	IA64_CC=$prefix/bin/ia64-linux-gnu-gcc
fi
sysroot=$("$IA64_CC" -print-sysroot 2>/dev/null)
native_cc=${CC:-cc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 fails=0
export LOLTEST_ONE=1 LOLTEST_TWO="two words" LOLTEST_EMPTY=
progs=$(cd "$src" && ls *.c | sed 's/\.c$//')
for p in $progs; do
	if ! "$native_cc" -std=gnu17 -O2 -o "$work/$p.native" "$src/$p.c" -lm -lpthread 2>"$work/cc.err"; then
		n=$((n + 1))
		echo "not ok $n - $p: native build failed: $(head -3 "$work/cc.err")"
		fails=$((fails + 1))
		continue
	fi
	for kind in static dynamic; do
		n=$((n + 1))
		flags=-O2
		[ $kind = static ] && flags="-O2 -static"
		if ! "$IA64_CC" -std=gnu17 $flags -o "$work/$p.$kind" "$src/$p.c" -lm -lpthread 2>"$work/cc.err"; then
			echo "not ok $n - $p ($kind): ia64 build failed: $(head -3 "$work/cc.err")"
			fails=$((fails + 1))
			continue
		fi
		args=()
		case $p in
		fileio) mkdir "$work/d1" "$work/d2" ;;
		argenv) args=("one" "two words" "" "--three=3") ;;
		esac
		[ $p = fileio ] && args=("$work/d1")
		{ (cd "$work" && timeout 300 "./$p.native" "${args[@]}") >"$work/want" 2>&1; want=$?; } 2>/dev/null
		[ $p = fileio ] && args=("$work/d2")
		{ (cd "$work" && timeout 300 "$lol_user" -L "$sysroot" "./$p.$kind" "${args[@]}") \
			>"$work/got" 2>&1; got=$?; } 2>/dev/null
		[ $p = fileio ] && rm -rf "$work/d1" "$work/d2"
		if [ "$want" -eq "$got" ] && cmp -s "$work/want" "$work/got"; then
			echo "ok $n - $p ($kind): same output and status ($got) as native"
		else
			echo "not ok $n - $p ($kind): status $got, native $want; first differences:"
			diff "$work/want" "$work/got" | head -8 | sed 's/^/#   /'
			fails=$((fails + 1))
		fi
	done
done
echo "1..$n"
[ "$fails" -eq 0 ]
