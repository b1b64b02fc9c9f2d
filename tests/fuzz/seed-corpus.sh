#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Seed the ELF fuzzer's corpus with real ia64 objects (when binutils for ia64
# is installed): a few assembled programs, so mutations start from valid ELF.
set -eu
dir=$1
mkdir -p "$dir"
command -v ia64-linux-gnu-as >/dev/null || exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '\t.text\n\t.global f\nf:\tadd r1=r2,r3\n\tld8 r4=[r5]\n\tbr.ret.sptk.many b0\n' >"$tmp/a.s"
printf '\t.text\ng:\tmovl r8=0x1234\n\tbr.call.sptk.many b0=g\n\t.data\nd:\tdata8 g\n' >"$tmp/b.s"
for s in a b; do
	ia64-linux-gnu-as -x -o "$dir/seed-$s.o" "$tmp/$s.s" 2>/dev/null || true
	ia64-linux-gnu-ld -e 0 -o "$dir/seed-$s.x" "$dir/seed-$s.o" 2>/dev/null || true
done
