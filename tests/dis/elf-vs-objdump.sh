#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-dis and objdump on the same files, whole output compared line by line:
# ELF objects with symbols and branches, and raw bundle files.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lol_dis=${LOL_DIS:-$top/build/lol-dis}
if ! command -v ia64-linux-gnu-as >/dev/null; then
	echo "ok 1 # SKIP binutils-ia64-linux-gnu not installed"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
n=0 fails=0
same() { # description, then the two commands' outputs in files a and b
	n=$((n + 1))
	if cmp -s a b; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		diff a b | head -10 | sed 's/^/#   /'
		fails=$((fails + 1))
	fi
}
cat >prog.s <<'ASM'
	.text
	.global main
	.proc main
main:
	alloc r34=ar.pfs,3,4,5,0
	adds r12=-16,r12
	mov r3=r4
	br.call.sptk.many b0=helper
	;;
	(p6) br.cond.dptk.few .Llocal
	movl r8=0x123456789abcdef0
	;;
.Llocal:
	cmp.eq p6,p7=r8,r9
	ld8 r3=[r4],8
	br.ret.sptk.many b0
	.endp main
	.local helper
	.proc helper
helper:
	nop.m 0
	nop.i 0
	br.ret.sptk.many b0
	.endp helper
ASM
ia64-linux-gnu-as -x -o prog.o prog.s 2>/dev/null
ia64-linux-gnu-objdump -d prog.o >a
"$lol_dis" prog.o >b
same "object with global and local symbols, calls and branches"
head -c 4096 /dev/urandom >rand.bin
ia64-linux-gnu-objdump -D -b binary -m ia64-elf64 rand.bin >a
"$lol_dis" --raw rand.bin >b
same "raw random bundles (--raw)"
{ head -c 48 /dev/urandom; head -c 64 /dev/zero; head -c 32 /dev/urandom; head -c 16 /dev/zero; } >zeros.bin
ia64-linux-gnu-objdump -D -b binary -m ia64-elf64 zeros.bin >a
"$lol_dis" --raw zeros.bin >b
same "raw file with runs of zeros skipped as objdump does"
ia64-linux-gnu-objdump -D -z -b binary -m ia64-elf64 zeros.bin >a
"$lol_dis" -z --raw zeros.bin >b
same "raw file with -z"
# Real programs, when the cached builds exist: the guest kernel and glibc.
cache=${LOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lol}
for f in $(ls -t "$cache"/kernel/*/vmlinux 2>/dev/null | head -1) \
	$(ls -t "$cache"/toolchain/*/ia64-linux-gnu/sys-root/lib/libc.so.6.1 2>/dev/null | head -1); do
	ia64-linux-gnu-objdump -d "$f" >a
	"$lol_dis" "$f" >b
	same "$(basename "$f"): $(wc -l <a) lines as objdump -d"
done
echo "1..$n"
[ "$fails" -eq 0 ]
