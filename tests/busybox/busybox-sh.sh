#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The static ia64 busybox (toolchain/build-busybox) under lol-user: `busybox sh` runs the
# scripts in tests/busybox/cases/ (pipes, subshells, signals, here-documents, arithmetic,
# file I/O, tar/gzip, sed/awk/sort/uniq/wc, checksums) on generated data, and each
# script's output and exit status must equal those of the same script run by the host's
# /bin/sh with the host's own tools on the same data.  Then the host checks archives the
# guest made (and the guest extracts one the host made).
#
# Environment: LOL_USER (default $top/build/lol-user); BUSYBOX (an ia64 busybox; default:
# toolchain/build-busybox --print-dir, else the newest $LOL_CACHE/busybox/*/busybox);
# BUSYBOX_TIMEOUT (seconds per script, default 300).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/busybox
lol_user=${LOL_USER:-$top/build/lol-user}
limit=${BUSYBOX_TIMEOUT:-300}
cases=$(cd "$here/cases" && ls -- *.sh | sed 's/\.sh$//')
ncases=$(echo "$cases" | wc -l)
plan=$((ncases + 3))

skip_all() {
	local i
	for ((i = 1; i <= plan; i++)); do echo "ok $i # SKIP $*"; done
	echo "1..$plan"
	exit 0
}

bb=${BUSYBOX:-}
if [ -z "$bb" ]; then
	d=$("$top/toolchain/build-busybox" --print-dir 2>/dev/null) && [ -x "$d/busybox" ] && bb=$d/busybox
fi
if [ -z "$bb" ]; then
	cache=${LOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lol}
	bb=$(ls -t "$cache"/busybox/*/busybox 2>/dev/null | head -1)
fi
[ -n "$bb" ] && [ -x "$bb" ] || skip_all "ia64 busybox not built (toolchain/build-busybox)"
if [ ! -x "$lol_user" ]; then
	echo "not ok 1 - lol-user not found at $lol_user (make)"; echo "1..1"; exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lol-busybox.XXXXXX")
trap 'rm -rf "$work"' EXIT
export LC_ALL=C
unset LANG LANGUAGE

# ---- data, made by the host --------------------------------------------------------------
data=$work/data
mkdir -p "$data"
awk 'BEGIN {
	s = 12345
	split("ka to ri me su na lo pe zu fi", syl, " ")
	for (i = 1; i <= 300; i++) {
		w = ""
		s = (s * 1103515245 + 12345) % 2147483648; k = 1 + int(s / 65536) % 3
		for (j = 0; j < k; j++) {
			s = (s * 1103515245 + 12345) % 2147483648
			w = w syl[1 + int(s / 65536) % 10]
		}
		voc[i] = w
	}
	for (l = 0; l < 4000; l++) {
		s = (s * 1103515245 + 12345) % 2147483648; nw = int(s / 65536) % 12
		line = ""
		for (j = 0; j < nw; j++) {
			s = (s * 1103515245 + 12345) % 2147483648; r = int(s / 65536) % 1000
			if (r < 50) w = r * 37; else w = voc[1 + int(r * r / 1000000 * 300)]
			line = line (j ? (r % 17 == 0 ? ", " : " ") : "") w
		}
		print line
	}
}' >"$data/words.txt"
awk 'BEGIN {
	s = 777
	split("alpha beta gamma delta epsilon zeta eta theta", nm, " ")
	for (l = 0; l < 600; l++) {
		s = (s * 1103515245 + 12345) % 2147483648; a = int(s / 65536)
		s = (s * 1103515245 + 12345) % 2147483648; b = int(s / 65536)
		printf "%s%d:%d:%d\n", nm[1 + a % 8], a % 5, a % 1000, b % 100000
	}
}' >"$data/table.txt"
awk 'BEGIN { s = 99; for (i = 0; i < 5000; i++) { s = (s * 69069 + 1) % 4294967296; print int(s / 1048576) - 2048 } }' \
	>"$data/nums.txt"
head -c 300000 /dev/urandom >"$data/bin.dat"
# an archive made by the host, for the guest to extract
mkdir -p "$work/hosttree/h/i"
cp "$data/words.txt" "$work/hosttree/h/"
cp "$data/nums.txt" "$work/hosttree/h/i/"
(cd "$work/hosttree" && tar cf - h | gzip -6 >"$data/host-made.tgz")

# ---- the guest's PATH: applet links to busybox (as a root file system has them) -----------
mkdir -p "$work/bin"
for a in $("$lol_user" "$bb" --list 2>/dev/null); do ln -sf "$bb" "$work/bin/$a"; done
[ -e "$work/bin/sh" ] || ln -sf "$bb" "$work/bin/sh"

run_case() { # side name -> $work/$side/$name.{out,err,rc}
	local side=$1 name=$2 dir=$work/$1/$2 rc
	mkdir -p "$dir"
	cp "$data"/* "$dir/"
	if [ "$side" = guest ]; then
		{ (cd "$dir" && exec timeout -k 5 "$limit" env -i PATH="$work/bin" LC_ALL=C HOME="$dir" \
			"$lol_user" "$bb" sh "$here/cases/$name.sh") \
			</dev/null >"$dir.out" 2>"$dir.err"; rc=$?; } 2>/dev/null
	else
		{ (cd "$dir" && exec timeout -k 5 "$limit" env -i PATH=/usr/bin:/bin LC_ALL=C HOME="$dir" \
			/bin/sh "$here/cases/$name.sh") </dev/null >"$dir.out" 2>"$dir.err"; rc=$?; } 2>/dev/null
	fi
	echo "$rc" >"$dir.rc"
}

n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }

# 1: busybox itself starts and reports an ia64 machine
got=$("$lol_user" "$bb" uname -m 2>&1)
if [ "$got" = ia64 ]; then ok "busybox uname -m under lol-user: ia64"
else not_ok "busybox uname -m under lol-user: '$got', want ia64"; fi

for c in $cases; do
	run_case host "$c" &
	run_case guest "$c"
	wait
	desc=$(sed -n '1s/^# *//p' "$here/cases/$c.sh")
	hrc=$(cat "$work/host/$c.rc") grc=$(cat "$work/guest/$c.rc")
	if [ "$grc" = "$hrc" ] && cmp -s "$work/host/$c.out" "$work/guest/$c.out"; then
		ok "$c: same output ($(wc -l <"$work/host/$c.out") lines) and status ($grc) as the host; $desc"
	else
		why="status $grc (host $hrc)"
		[ "$grc" = 124 ] || [ "$grc" = 137 ] && why="timed out after ${limit}s"
		not_ok "$c: $why; $desc"
		diff -u "$work/host/$c.out" "$work/guest/$c.out" | sed -n '3,40p' | sed 's/^/#   /'
		if [ -s "$work/guest/$c.err" ]; then
			echo "#   guest stderr:"; head -10 "$work/guest/$c.err" | sed 's/^/#     /'
		fi
	fi
done

# The host reads what the guest wrote: its gzip'd tar must extract to the same tree.
chk=$work/check
mkdir -p "$chk"
if [ -f "$work/guest/targz/host-check.tgz" ] &&
	gzip -t "$work/guest/targz/host-check.tgz" 2>"$chk/err" &&
	tar xzf "$work/guest/targz/host-check.tgz" -C "$chk" 2>>"$chk/err" &&
	rm -f "$chk/err" && diff -r "$chk" "$work/host/targz/tree" >"$work/diff" 2>&1; then
	ok "host gzip/tar accept the guest's tar.gz and extract the same tree"
else
	not_ok "host gzip/tar on the guest's tar.gz"
	cat "$chk/err" "$work/diff" 2>/dev/null | head -10 | sed 's/^/#   /'
fi

# The guest extracts the host's archive (extraction, then the host compares the files).
mkdir -p "$work/gx"
{ (cd "$work/gx" && timeout -k 5 "$limit" env -i PATH="$work/bin" LC_ALL=C \
	"$lol_user" "$bb" sh -c 'gzip -dc "$1" | tar xf -' sh "$data/host-made.tgz") \
	>"$work/gx.out" 2>&1; } 2>/dev/null
if diff -r "$work/hosttree/h" "$work/gx/h" >"$work/diff" 2>&1; then
	ok "guest gzip -dc | tar xf - of the host's tar.gz gives the host's tree"
else
	not_ok "guest extraction of the host's tar.gz"
	cat "$work/gx.out" "$work/diff" | head -10 | sed 's/^/#   /'
fi

echo "1..$n"
[ "$fails" -eq 0 ]
