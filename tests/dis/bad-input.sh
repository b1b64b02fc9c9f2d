#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-dis on bad input: one line naming the file and the problem, exit 2.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lol_dis=${LOL_DIS:-$top/build/lol-dis}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 fails=0
check() { # name file expected-regex
	n=$((n + 1))
	"$lol_dis" "$2" >/dev/null 2>"$work/err"
	rc=$?
	lines=$(wc -l <"$work/err")
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -q -- "$2" "$work/err" &&
		grep -qE "$3" "$work/err"; then
		echo "ok $n - $1: $(cat "$work/err")"
	else
		echo "not ok $n - $1 (status $rc, $lines lines): $(head -3 "$work/err")"
		fails=$((fails + 1))
	fi
}
printf 'hello, world\n' >"$work/text"
check "not ELF" "$work/text" "not an ELF file"
: >"$work/empty"
check "empty file" "$work/empty" "not an ELF file"
check "missing file" "$work/nonexistent" "No such file"
# A valid ia64 object to damage.
printf '\t.text\nf:\tadd r1=r2,r3\n\tbr.ret.sptk.many b0\n' >"$work/f.s"
if command -v ia64-linux-gnu-as >/dev/null && ia64-linux-gnu-as -x -o "$work/f.o" "$work/f.s" 2>/dev/null; then
	head -c 40 "$work/f.o" >"$work/trunc"
	check "truncated header" "$work/trunc" "truncated ELF header"
	size=$(stat -c %s "$work/f.o")
	head -c $((size - 100)) "$work/f.o" >"$work/trunc2"
	check "truncated section headers" "$work/trunc2" "beyond end of file"
	cp "$work/f.o" "$work/wrongmach"
	printf '\x3e\x00' | dd of="$work/wrongmach" bs=1 seek=18 conv=notrunc 2>/dev/null
	check "wrong machine" "$work/wrongmach" "not IA-64"
	cp "$work/f.o" "$work/class32"
	printf '\x01' | dd of="$work/class32" bs=1 seek=4 conv=notrunc 2>/dev/null
	check "32-bit class" "$work/class32" "not a 64-bit ELF"
	cp "$work/f.o" "$work/bigoff"
	printf '\xff\xff\xff\xff\xff\xff\xff\x7f' | dd of="$work/bigoff" bs=1 seek=40 conv=notrunc 2>/dev/null
	check "absurd e_shoff" "$work/bigoff" "beyond end of file"
	# Absurd size of section 1 (.text): e_shoff + 64 + 32 is its sh_size.
	shoff=$(od -An -t u8 -j 40 -N 8 "$work/f.o" | tr -d ' ')
	cp "$work/f.o" "$work/bigsec"
	printf '\x00\x00\x00\x00\x00\x00\x00\x40' | dd of="$work/bigsec" bs=1 seek=$((shoff + 64 + 32)) conv=notrunc 2>/dev/null
	check "absurd section size" "$work/bigsec" "beyond end of file"
	cp "$work/f.o" "$work/badstrndx"
	printf '\xff\x7f' | dd of="$work/badstrndx" bs=1 seek=62 conv=notrunc 2>/dev/null
	check "bad e_shstrndx" "$work/badstrndx" "e_shstrndx"
else
	n=$((n + 1))
	echo "ok $n # SKIP ia64-linux-gnu-as not available"
fi
echo "1..$n"
[ "$fails" -eq 0 ]
