#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-vmm benchmark (make bench; figures, not pass/fail):
#   1. seconds from starting lol-vmm to the guest's shell prompt;
#   2. a guest workload (busybox-heavy shell loop, dd and sha256sum of a
#      32 MiB file) timed inside the guest, against the same commands under
#      lol-user with the same busybox, on one host CPU (the guest has one vCPU);
#   3. exits per second and per guest instruction of the afterburned kernel
#      (as run by default: the sites the interpreter can run itself restored;
#      and with --site-exits: every site a monitor exit) and of the same
#      kernel built without the afterburner (when built).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
vmm=${LOL_VMM:-$top/build/lol-vmm}
user=${LOL_USER:-$(dirname "$vmm")/lol-user}
ce=$(dirname "$vmm")/tests/vmm/console-expect
cache=${LOL_CACHE:-$HOME/.cache/lol}
say() { echo "bench-vmm: $*"; }

kab=${LOL_GUEST_KERNEL:-}
[ -n "$kab" ] || { d=$("$top/toolchain/build-kernel" --guest --afterburn --print-dir 2>/dev/null | tail -n1) && kab=$d/vmlinux; }
kplain=
d=$("$top/toolchain/build-kernel" --guest --no-afterburn --print-dir 2>/dev/null | tail -n1) && kplain=$d/vmlinux
disk=${LOL_DEFAULT_DISK:-$cache/images/default.img}
if [ ! -f "${kab:-/}" ] || [ ! -f "$disk" ] || [ ! -x "$ce" ]; then
	say "skipped: needs make guest-kernel default-disk"
	exit 0
fi
root=$(dirname "$("$top/toolchain/mkroot" 2>/dev/null | tail -n1)")/root
work=$(mktemp -d "${TMPDIR:-/tmp}/lol-bench.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# the workload: the same text in the guest and under lol-user (DIR differs)
W='i=0; while [ $i -lt 300 ]; do echo "$i abc" | sed s/a/x/ | grep -c x >/dev/null; i=$((i+1)); done; dd if=/dev/zero of=$DIR/f bs=1M count=32 2>/dev/null; sha256sum $DIR/f >/dev/null; rm $DIR/f'

run_guest() { # KERNEL LABEL [LOL-VMM OPTIONS]
	local k=$1 label=$2
	shift 2
	cp --sparse=always "$disk" "$work/sda"
	cat >"$work/b.script" <<EOS
expect lol guest ready 120
expect # 60
sendline export PS1='lol# ' DIR=/tmp
expect lol# 30
sendline a=\$(cut -d' ' -f1 /proc/uptime); $W; b=\$(cut -d' ' -f1 /proc/uptime); echo "WORK \$a \$b"
expect WORK [0-9.]+ [0-9.]+ 600
sendline poweroff
wait-exit 0 120
EOS
	local t0 t1
	t0=$(date +%s.%N)
	"$ce" -l "$work/$label.log" "$work/b.script" -- "$vmm" -v "$@" "$k" "simscsi=$work/sd" \
		root=/dev/sda rw init=/sbin/init 2>"$work/$label.err" || { say "$label: guest run failed"; return 1; }
	t1=$(date +%s.%N)
	# boot: from start to the prompt, measured separately (console-expect ends at the prompt)
	printf 'expect lol guest ready 120\nexpect # 60\n' >"$work/p.script"
	cp --sparse=always "$disk" "$work/sda"
	local p0 p1
	p0=$(date +%s.%N)
	"$ce" "$work/p.script" -- "$vmm" "$@" "$k" "simscsi=$work/sd" root=/dev/sda rw init=/sbin/init >/dev/null 2>&1
	p1=$(date +%s.%N)
	local w exits insns
	w=$(grep -a -o 'WORK [0-9.]* [0-9.]*' "$work/$label.log" | tail -n1 | awk '{printf "%.2f", $3 - $2}')
	exits=$(grep -E 'cpu0:   (afterburned sites|privileged-op exits|hypercalls|SSC|firmware calls|guest syscalls|other breaks|TLB refills|other faults|external interrupts)' \
		"$work/$label.log" | tr -d '\r' | awk '{s += $NF} END {print s + 0}')
	insns=$(grep -a -o 'cpu0: [0-9]* instructions' "$work/$label.log" | awk '{print $2}')
	local wall
	wall=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
	say "$label: start to shell prompt $(echo "$p0 $p1" | awk '{printf "%.2f", $2 - $1}') s"
	say "$label: guest workload ${w} s (inside the guest)"
	say "$label: whole run ${wall} s, ${insns} guest instructions, ${exits} exits:" \
		"$(echo "$exits $wall $insns" | awk '{printf "%.0f exits/s, one per %.0f instructions", $1 / $2, $3 / ($1 ? $1 : 1)}')"
	echo "$w" >"$work/$label.w"
}

run_guest "$kab" afterburned || exit 0
run_guest "$kab" afterburned-all-sites-exit --site-exits
[ -f "${kplain:-/}" ] && [ "$kplain" != "$kab" ] && run_guest "$kplain" plain

if [ -x "$user" ] && [ -x "$root/bin/busybox" ]; then
	mkdir -p "$work/u"
	# on one host CPU, as the guest has one vCPU: lol-user's processes are
	# host processes, and a pipeline's would otherwise run side by side
	pin=()
	cpu=$(taskset -cp $$ 2>/dev/null | sed -n 's/.*: *\([0-9]*\).*/\1/p')
	[ -n "$cpu" ] && pin=("$(command -v taskset)" -c "$cpu") # PATH changes below
	t0=$(date +%s.%N)
	PATH=$root/bin:$root/sbin DIR=$work/u "${pin[@]}" "$user" -L "$root" "$root/bin/busybox" sh -c "$W"
	t1=$(date +%s.%N)
	u=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
	g=$(cat "$work/afterburned.w")
	say "lol-user: the same workload ${u} s${pin[*]:+ (on one host CPU: ${pin[*]})}"
	say "guest workload / lol-user: $(echo "$g $u" | awk '{printf "%.2f", $1 / $2}') (goal: 1.5 or less)"
fi
