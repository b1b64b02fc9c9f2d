#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# binutils' own ia64 gas testsuite (package binutils-source): every case whose
# expected disassembly (objdump -d) applies to this objdump is assembled with
# ia64-linux-gnu-as; lol-dis must match the .d file and objdump's output.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lol_dis=${LOL_DIS:-$top/build/lol-dis}
tarball=$(ls /usr/src/binutils/binutils-*.tar.xz 2>/dev/null | head -1)
if [ -z "$tarball" ] || ! command -v ia64-linux-gnu-as >/dev/null; then
	echo "ok 1 # SKIP binutils-source or binutils-ia64-linux-gnu not installed"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xJf "$tarball" --wildcards '*/gas/testsuite/gas/ia64/*'
dir=$(echo "$work"/*/gas/testsuite/gas/ia64)
n=0 fails=0
for d in "$dir"/*.d; do
	# Cases shown with objdump -d (with or without --disassemble-zeroes) are
	# compared with the .d and objdump; -dr cases (relocations, which lol-dis
	# does not print) with objdump -d only.
	odflags=$(sed -n 's/^#[ ]*objdump:[ ]*//p' "$d" | head -1)
	case "$odflags" in
	"-d") dflag="" use_d=1 ;;
	"-d --disassemble-zeroes") dflag="-z" use_d=1 ;;
	"-dr") dflag="" use_d=0 ;;
	*) continue ;;
	esac
	name=$(basename "$d" .d)
	src=$(sed -n 's/^#[ ]*source:[ ]*//p' "$d")
	[ -n "$src" ] || src=$name.s
	asflags=$(sed -n 's/^#[ ]*as:[ ]*//p' "$d")
	obj=$work/$name.o
	n=$((n + 1))
	if ! (cd "$dir" && ia64-linux-gnu-as $asflags -o "$obj" "$src" 2>/dev/null); then
		echo "ok $n # SKIP $name: does not assemble here"
		continue
	fi
	# The .d's paths: objdump names the file as given; use the bare object name.
	(cd "$work" && ia64-linux-gnu-objdump -d $dflag "$name.o") >"$work/$name.objdump"
	if [ $use_d = 1 ] && ! perl "$top/tests/isa/regexp-diff.pl" "$d" "$work/$name.objdump" >/dev/null; then
		echo "ok $n # SKIP $name: expected output does not apply to this objdump"
		continue
	fi
	(cd "$work" && "$lol_dis" $dflag "$name.o") >"$work/$name.lol" 2>&1
	: >"$work/$name.why"
	if { [ $use_d = 0 ] || perl "$top/tests/isa/regexp-diff.pl" "$d" "$work/$name.lol" >"$work/$name.why"; } &&
		cmp -s "$work/$name.objdump" "$work/$name.lol"; then
		if [ $use_d = 1 ]; then
			echo "ok $n - gas testsuite $name: lol-dis $dflag matches $name.d and objdump"
		else
			echo "ok $n - gas testsuite $name: lol-dis matches objdump -d (the .d expects relocations)"
		fi
	else
		echo "not ok $n - gas testsuite $name"
		sed 's/^/#   /' "$work/$name.why" | head -5
		diff "$work/$name.objdump" "$work/$name.lol" | head -10 | sed 's/^/#   /'
		fails=$((fails + 1))
	fi
done
echo "1..$n"
[ "$fails" -eq 0 ]
