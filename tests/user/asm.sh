#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Self-checking ia64 assembly programs under lol-user (only binutils needed): the process
# entry state, the system call ABI, signal frames, faults and stack growth.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lol_user=${LOL_USER:-$top/build/lol-user}
src=$top/tests/user/asm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 fails=0
if ! command -v ia64-linux-gnu-as >/dev/null || ! command -v ia64-linux-gnu-ld >/dev/null; then
	echo "ok 1 # SKIP ia64 binutils not available"
	echo "1..1"
	exit 0
fi
build() {
	ia64-linux-gnu-as -o "$work/$1.o" "$src/$1.s" 2>"$work/as.err" &&
		ia64-linux-gnu-ld -o "$work/$1" "$work/$1.o" 2>>"$work/as.err"
}
run() { # name program expected-status expected-stdout args...
	local name=$1 prog=$2 want=$3 out=$4
	shift 4
	n=$((n + 1))
	if ! [ -x "$work/$prog" ] && ! build "$prog"; then
		echo "not ok $n - $name: cannot build $prog.s: $(head -2 "$work/as.err")"
		fails=$((fails + 1))
		return
	fi
	{ timeout 120 "$lol_user" "$work/$prog" "$@" >"$work/out" 2>"$work/err"; rc=$?; } 2>/dev/null
	if [ "$rc" -eq "$want" ] && [ "$(cat "$work/out")" = "$out" ] && ! grep -q "internal error" "$work/err"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name: status $rc (want $want), stdout [$(head -c 100 "$work/out")]: $(head -2 "$work/err")"
		fails=$((fails + 1))
	fi
}
run "entry state: stack, argv, auxv, backing store" auxv 0 "" one two
run "system call ABI: errors, pipe r9, brk, mmap, uname, ENOSYS" syscalls 0 "ok"
run "signal handler round trip restores every register" signal 0 ""
run "load from NULL kills with SIGSEGV" fault $((128 + 11)) ""
run "break 0 kills with SIGILL" fault $((128 + 4)) "" a
run "break 0x80001 kills with SIGTRAP" fault $((128 + 5)) "" a a
run "SIGSEGV handler edits sc_ip and resumes" fault 0 "" a a a
run "backing store and memory stack grow (40000 frames)" fault 0 "" a a a a
echo "1..$n"
[ "$fails" -eq 0 ]
