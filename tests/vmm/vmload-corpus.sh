#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Seeds for fuzz_vmload: small ia64 executables with afterburner site records
# (assembled through lol-afterburn, linked at a low physical address).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
ab=${LOL_AFTERBURN:-$top/build/lol-afterburn}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$ab" ] || exit 0
cat >"$work/k.s" <<'EOS'
	.text
	.global _start
_start:
	rsm psr.i
	mov r8 = ar.k3
	ssm psr.i
	mov r9 = psr
	;;
	fc r10
	mov cr.iva = r11
	;;
	br.ret.sptk.many b0
	.data
	data8 1, 2, 3
EOS
"$ab" -o "$work/k.o" "$work/k.s" 2>/dev/null || exit 0
ia64-linux-gnu-ld -N -nostdlib -e _start -Ttext=0x100000 -o "$out/k1" "$work/k.o" 2>/dev/null || exit 0
ia64-linux-gnu-strip -o "$out/k2" "$out/k1" 2>/dev/null || true
