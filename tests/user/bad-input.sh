#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-user on programs it cannot run: one line on stderr naming the file and the problem,
# the exit status a shell gives (127: not found, 126: not runnable), never a crash.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lol_user=${LOL_USER:-$top/build/lol-user}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
check() { # name expected-status file-named-in-message regex lol-user-args...
	local name=$1 want=$2 file=$3 re=$4
	shift 4
	"$lol_user" "$@" >"$work/out" 2>"$work/err" </dev/null
	local rc=$? lines
	lines=$(wc -l <"$work/err")
	if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] && grep -qF -- "$file" "$work/err" &&
		grep -qE -- "$re" "$work/err" && [ ! -s "$work/out" ]; then
		ok "$name: $(cat "$work/err")"
	else
		bad "$name (status $rc, want $want; $lines lines): $(head -3 "$work/err")"
	fi
}
printf 'hello, world\n' >"$work/text"
check "not ELF" 126 "$work/text" "not an ELF file" "$work/text"
: >"$work/empty"
check "empty file" 126 "$work/empty" "not an ELF file" "$work/empty"
check "missing file" 127 "$work/nonexistent" "No such file" "$work/nonexistent"
check "directory" 126 "$work" "not a regular file" "$work"
check "x86_64 program" 126 "$lol_user" "not an IA-64 program" "$lol_user"
mkdir -p "$work/sysroot"
check "bad sysroot" 2 "$work/nosuchroot" "sysroot" -L "$work/nosuchroot" "$work/text"

if ! command -v ia64-linux-gnu-as >/dev/null || ! command -v ia64-linux-gnu-ld >/dev/null; then
	n=$((n + 1))
	echo "ok $n # SKIP ia64 binutils not available"
	echo "1..$n"
	exit $((fails > 0))
fi
cat >"$work/p.s" <<'ASM'
	.text
	.global _start
_start:
	alloc r2 = ar.pfs, 0, 0, 1, 0
	;;
	mov out0 = 3
	mov r15 = 1025		// exit(3)
	;;
	break.i 0x100000
	;;
ASM
if ! ia64-linux-gnu-as -x -o "$work/p.o" "$work/p.s" || ! ia64-linux-gnu-ld -o "$work/good" "$work/p.o"; then
	bad "assembling the test program"
	echo "1..$n"
	exit 1
fi
"$lol_user" "$work/good" 2>"$work/err"
rc=$?
if [ "$rc" -eq 3 ] && [ ! -s "$work/err" ]; then ok "a valid program runs (exit 3)"; else bad "valid program: status $rc: $(head -2 "$work/err")"; fi
size=$(stat -c %s "$work/good")

head -c 40 "$work/good" >"$work/trunc"
check "truncated ELF header" 126 "$work/trunc" "truncated" "$work/trunc"
head -c 100 "$work/good" >"$work/trunc2"
check "program headers cut off" 126 "$work/trunc2" "beyond end of file" "$work/trunc2"
head -c $((size / 2)) "$work/good" >"$work/half"
check "half a program" 126 "$work/half" "beyond end of file" "$work/half"
cp "$work/good" "$work/class32"
printf '\x01' | dd of="$work/class32" bs=1 seek=4 conv=notrunc 2>/dev/null
check "32-bit class" 126 "$work/class32" "not a 64-bit ELF" "$work/class32"
cp "$work/good" "$work/bigend"
printf '\x02' | dd of="$work/bigend" bs=1 seek=5 conv=notrunc 2>/dev/null
check "big-endian" 126 "$work/bigend" "not little-endian" "$work/bigend"
check "relocatable object" 126 "$work/p.o" "not an executable" "$work/p.o"
# Program header fields: e_phoff at 32, e_phentsize at 54, e_phnum at 56; the first
# header at e_phoff (64 for ld's output): p_offset +8, p_filesz +32, p_memsz +40.
phoff=$(od -An -t u8 -j 32 -N 8 "$work/good" | tr -d ' ')
cp "$work/good" "$work/phent"
printf '\x20\x00' | dd of="$work/phent" bs=1 seek=54 conv=notrunc 2>/dev/null
check "bad e_phentsize" 126 "$work/phent" "program header" "$work/phent"
cp "$work/good" "$work/phoff"
printf '\xf0\xff\xff\xff\xff\xff\xff\x0f' | dd of="$work/phoff" bs=1 seek=32 conv=notrunc 2>/dev/null
check "absurd e_phoff" 126 "$work/phoff" "beyond end of file" "$work/phoff"
# the first PT_LOAD
idx=0
while :; do
	type=$(od -An -t u4 -j $((phoff + idx * 56)) -N 4 "$work/good" | tr -d ' ')
	[ "$type" = 1 ] && break
	idx=$((idx + 1))
	[ $idx -gt 16 ] && break
done
ph=$((phoff + idx * 56))
cp "$work/good" "$work/segoff"
printf '\x00\x00\x00\x00\x00\x00\x00\x40' | dd of="$work/segoff" bs=1 seek=$((ph + 8)) conv=notrunc 2>/dev/null
check "segment beyond end of file" 126 "$work/segoff" "beyond end of file" "$work/segoff"
cp "$work/good" "$work/segsize"
printf '\xff\xff\xff\xff\xff\xff\xff\x00' | dd of="$work/segsize" bs=1 seek=$((ph + 32)) conv=notrunc 2>/dev/null
check "file size above memory size" 126 "$work/segsize" "exceeds memory size|beyond end of file" "$work/segsize"
cp "$work/good" "$work/entry"
printf '\x00\x00\x00\x00\x00\x00\x00\x00' | dd of="$work/entry" bs=1 seek=24 conv=notrunc 2>/dev/null
check "entry outside the segments" 126 "$work/entry" "entry point" "$work/entry"
cp "$work/good" "$work/kernel"
# p_vaddr (+16) in region 7: outside user space
printf '\x00\x00\x00\x00\x00\x00\x00\xe0' | dd of="$work/kernel" bs=1 seek=$((ph + 16)) conv=notrunc 2>/dev/null
check "segment outside user space" 126 "$work/kernel" "outside user space|entry point" "$work/kernel"

# A program asking for an interpreter that is not there.
if ia64-linux-gnu-ld -pie --dynamic-linker /nonexistent/ld-lol.so.2 -o "$work/dyn" "$work/p.o" 2>/dev/null; then
	check "missing interpreter" 127 "$work/dyn" "/nonexistent/ld-lol.so.2" "$work/dyn"
	check "missing interpreter in sysroot" 127 "$work/dyn" "interpreter /nonexistent/ld-lol.so.2" \
		-L "$work/sysroot" "$work/dyn"
	mkdir -p "$work/sysroot/nonexistent"
	cp "$work/text" "$work/sysroot/nonexistent/ld-lol.so.2"
	check "interpreter not ELF (found in the sysroot)" 126 "$work/sysroot/nonexistent/ld-lol.so.2" \
		"not an ELF file" -L "$work/sysroot" "$work/dyn"
	cp "$work/p.o" "$work/sysroot/nonexistent/ld-lol.so.2"
	check "interpreter is an object file" 126 "ld-lol.so.2" "not an executable" \
		-L "$work/sysroot" "$work/dyn"
else
	n=$((n + 1))
	echo "ok $n # SKIP ld cannot make a PIE"
fi
if [ "$(id -u)" != 0 ]; then
	cp "$work/good" "$work/unreadable"
	chmod 000 "$work/unreadable"
	check "unreadable" 126 "$work/unreadable" "Permission denied" "$work/unreadable"
else
	n=$((n + 1))
	echo "ok $n # SKIP unreadable files: running as root"
fi
# Random damage must never crash lol-user (status >= 128 would be a signal).
crashes=0
for i in $(seq 1 40); do
	cp "$work/good" "$work/fuzz"
	off=$(( (RANDOM * 32768 + RANDOM) % size ))
	printf "\\x$(printf %02x $((RANDOM % 256)))\\x$(printf %02x $((RANDOM % 256)))" |
		dd of="$work/fuzz" bs=1 seek=$off conv=notrunc 2>/dev/null
	{ timeout 10 "$lol_user" "$work/fuzz" >/dev/null 2>&1 </dev/null; rc=$?; } 2>/dev/null
	# the program itself may die of a signal (128+n); lol-user must not (139 from a
	# host fault prints "internal error")
	if [ $rc -eq 124 ] || { timeout 10 "$lol_user" "$work/fuzz" 2>&1 </dev/null | grep -q "internal error"; } 2>/dev/null; then
		crashes=$((crashes + 1))
		cp "$work/fuzz" "$work/crash.$i"
	fi
done
if [ $crashes -eq 0 ]; then ok "40 randomly damaged programs: no internal error or hang"; else bad "$crashes damaged programs crashed or hung lol-user"; fi
echo "1..$n"
[ "$fails" -eq 0 ]
