#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# binutils' own ia64 gas testsuite (package binutils-source) through
# lol-afterburn: every case the real ia64-linux-gnu-as assembles is assembled
# again through the afterburner, with LOL_AFTERBURN_FORCE=1 (the rewriting
# path even for files with nothing to rewrite) and LOL_AFTERBURN_VERIFY=1.
#   - files without privileged or sensitive instructions must give an object
#     byte-identical to the real assembler's (pass-through);
#   - files with some must give no new warning, an object equal to the
#     original's but for the sites (verify; gas's automatic mode excepted,
#     where gas itself adds stops for what was removed), and a clean --audit.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# the build directory: the one make check names through LOL_DIS (O=...)
bindir=$(dirname "${LOL_DIS:-$top/build/lol-dis}")
ab=${LOL_AFTERBURN:-$bindir/lol-afterburn}
tarball=$(ls /usr/src/binutils/binutils-*.tar.xz 2>/dev/null | head -1)
real=$(command -v ia64-linux-gnu-as)
if [ -z "$tarball" ] || [ -z "$real" ]; then
	echo "ok 1 # SKIP binutils-source or binutils-ia64-linux-gnu not installed"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xJf "$tarball" --wildcards '*/gas/testsuite/gas/ia64/*'
dir=$(echo "$work"/*/gas/testsuite/gas/ia64)
mkdir "$work/bin"
ln -s "$ab" "$work/bin/as"
export LOL_REAL_AS="$real"
n=0 fails=0 same=0 withsites=0
for s in "$dir"/*.s; do
	name=$(basename "$s" .s)
	flags=$(sed -n 's/^#[ ]*as:[ ]*//p' "$dir/$name.d" 2>/dev/null | head -1)
	if ! (cd "$dir" && "$real" $flags -o "$work/o.o" "$name.s") >"$work/o.err" 2>&1; then
		continue # a case of gas errors: nothing to compare
	fi
	n=$((n + 1))
	why=""
	if ! (cd "$dir" && LOL_AFTERBURN_FORCE=1 LOL_AFTERBURN_VERIFY=1 "$work/bin/as" $flags -o "$work/a.o" "$name.s") \
		>"$work/a.err" 2>&1; then
		why="afterburned assembly failed: $(grep -v 'Assembler messages' "$work/a.err" | head -3 | tr '\n' ' ')"
	else
		"$ab" --audit "$work/a.o" >"$work/audit.out" 2>"$work/audit.err"
		arc=$?
		sites=$(sed -n '1s/^[^:]*: \([0-9]*\) sites.*/\1/p' "$work/audit.out")
		if [ "${sites:-0}" = 0 ]; then
			if cmp -s "$work/o.o" "$work/a.o"; then
				same=$((same + 1))
			else
				why="no sites, but the object differs from the real assembler's"
			fi
		elif [ $arc != 0 ]; then
			why="audit: $(head -2 "$work/audit.err" | tr '\n' ' ')"
		elif grep -v -e 'Assembler messages:' -e 'verify skipped' "$work/a.err" | grep -Fxv -f "$work/o.err" >"$work/new"; then
			why="new warnings: $(head -2 "$work/new" | tr '\n' ' ')"
		else
			withsites=$((withsites + 1))
		fi
	fi
	if [ -z "$why" ]; then
		if [ "${sites:-0}" = 0 ]; then
			echo "ok $n - gas testsuite $name: no sites, object identical"
		else
			echo "ok $n - gas testsuite $name: $sites sites afterburned, verified and audited"
		fi
	else
		echo "not ok $n - gas testsuite $name: $why"
		fails=$((fails + 1))
	fi
done
echo "# $n cases: $same identical (no sites), $withsites with sites, $fails failed"
[ $n -gt 20 ] || { echo "not ok $((n + 1)) - only $n cases found"; exit 1; }
