#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# GCC's own execute torture tests (gcc.c-torture/execute from Debian's gcc-12-source) built
# static with the ia64 toolchain and run under lol-user.  Pass = exit status 0 within the
# time limit; abort(), a signal, a timeout or any other status is a failure.  A test that does
# not compile or link for ia64 is "unsupported" (TAP SKIP), as DejaGnu would call it.
#
#   tests/torture/torture.sh [--every N] [--levels "-O0 -O2"] [--goal PCT] [--jobs N]
#                            [--only REGEX] [--keep DIR]
#
#   --every N    run every Nth test of the sorted list (the quick subset of `make check`)
#   --levels L   optimisation levels (default "-O0 -O2")
#   --goal PCT   fail when fewer than PCT% of the tests run pass (default 0: no goal)
#   --jobs N     parallel jobs (default: nproc)
#   --only RE    only tests whose name matches the extended regex RE
#   --keep DIR   keep the ia64 binaries of failing tests in DIR
#   --no-ieee    leave out execute/ieee (run by default, with ieee.exp's -fno-inline and
#                the flags its .x files add, read by xfile.awk)
#
# Known failures are listed in tests/torture/known-failures.txt ("name level reason", level
# "*" for all): they print as "ok N # SKIP ... known failure (reason)" (tests/run-tests knows
# no TODO) and do not fail the run; any other failure does.  They still count as failures in
# the pass rate.  DejaGnu directives (dg-options, dg-additional-options,
# dg-require-effective-target, dg-skip-if, dg-xfail-if, dg-do) are applied by dg.awk.
#
# Environment: LOL_USER (default $top/build/lol-user), LOL_TOOLCHAIN or toolchain/lol-toolchain,
# GCC_SOURCE_TARBALL (default /usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz), LOL_CACHE,
# TORTURE_TIMEOUT (seconds per test, default 10).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/torture

# ---- one job: build and run one test at one level (called through xargs) -----------------
if [ "${1:-}" = --worker ]; then
	name=$2 level=$3
	src=$T_SRC/$name.c
	d=$T_WORK/run/$level/$name
	res=$T_WORK/res/$level/$name
	mkdir -p "$d" "${res%/*}"
	put() { printf '%s\n' "$*" >"$res.tmp" && mv "$res.tmp" "$res"; }
	first() { sed -n '/[^[:space:]]/{s/[[:space:]]\+/ /g;p;q}' "$1" | cut -c1-160; }
	dg=$(awk -v level="$level" -f "$here/dg.awk" "$src" 2>&1) || { put "fail dg.awk: $(echo "$dg" | head -1)"; exit 0; }
	skipwhy=$(sed -n 's/^SKIP //p' <<<"$dg")
	[ -n "$skipwhy" ] && { put "skip $skipwhy"; rm -rf "$d"; exit 0; }
	mode=$(sed -n 's/^MODE //p' <<<"$dg")
	opts=$(sed -n 's/^OPTS //p' <<<"$dg")
	xfail=$(sed -n 's/^XFAIL //p' <<<"$dg")
	case $name in
	ieee/*)	# ieee.exp: -fno-inline, then what the test's .x file adds (or a skip)
		opts="$opts -fno-inline"
		if [ -f "$T_SRC/$name.x" ]; then
			x=$(awk -f "$here/xfile.awk" "$T_SRC/$name.x")
			skipwhy=$(sed -n 's/^SKIP //p' <<<"$x")
			[ -n "$skipwhy" ] && { put "skip $skipwhy"; rm -rf "$d"; exit 0; }
			opts="$opts $(sed -n 's/^OPTS //p' <<<"$x")"
		fi ;;
	esac
	# The harness's flags: the level, the test's own options, -w (execute.exp's default).
	# shellcheck disable=SC2086
	if ! (cd "$d" && "$T_CC" $level $opts -w -fno-diagnostics-color -I"$T_SRC" -static \
		-o "$d/t" "$src" -lm) >"$d/cc.log" 2>&1; then
		why=$(grep -m1 -E 'error|undefined reference|internal compiler' "$d/cc.log" | sed "s|$T_SRC/||g" | cut -c1-160)
		[ -n "$why" ] || why=$(first "$d/cc.log")
		put "unsupported ${why:-compiler failed}"
		rm -rf "$d"; exit 0
	fi
	if [ "$mode" != run ]; then put "pass"; rm -rf "$d"; exit 0; fi
	# (braces: no "Illegal instruction" job message from this shell on a guest's signal)
	{ (cd "$d" && exec timeout -k 2 "$T_TIMEOUT" "$T_LOL_USER" -L "$T_SYSROOT" ./t) \
		</dev/null >"$d/out" 2>"$d/err"; rc=$?; } 2>/dev/null
	if [ "$rc" -eq 0 ]; then
		if [ -n "$xfail" ]; then put "xpass $xfail"; else put "pass"; fi
	else
		case $rc in
		124) why="timeout after ${T_TIMEOUT}s" ;;
		137) why="killed by SIGKILL (or by timeout -k after ${T_TIMEOUT}s)" ;;
		*) if [ "$rc" -gt 128 ]; then
			why="killed by SIG$(kill -l $((rc - 128)) 2>/dev/null || echo $((rc - 128)))"
		   else
			why="exit status $rc"
		   fi ;;
		esac
		e=$(first "$d/err")
		[ -n "$e" ] && why="$why; stderr: $e"
		if [ -n "$xfail" ]; then put "xfail $why"; else put "fail $why"; fi
		if [ -n "$T_KEEP" ]; then
			k=$T_KEEP/$level/$name && mkdir -p "${k%/*}" && cp "$d/t" "$k"
		fi
	fi
	rm -rf "$d"
	exit 0
fi

# ---- driver -------------------------------------------------------------------------------
every=1 levels="-O0 -O2" goal=0 jobs=$(nproc 2>/dev/null || echo 2) only='' keep='' ieee=1
while [ $# -gt 0 ]; do
	case $1 in
	--every) every=$2; shift ;;
	--levels) levels=$2; shift ;;
	--goal) goal=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--only) only=$2; shift ;;
	--keep) keep=$(mkdir -p "$2" && cd "$2" && pwd); shift ;;
	--no-ieee) ieee=0 ;;
	*) echo "usage: $0 [--every N] [--levels L] [--goal PCT] [--jobs N] [--only RE] [--keep DIR] [--no-ieee]" >&2
	   exit 2 ;;
	esac
	shift
done

skip_all() { echo "1..1"; echo "ok 1 # SKIP $*"; exit 0; }

if [ -n "${LOL_TOOLCHAIN:-}" ]; then
	tc=$LOL_TOOLCHAIN
else
	tc=$("$top/toolchain/lol-toolchain" prefix 2>/dev/null) || tc=
fi
if [ -z "$tc" ] || [ ! -x "$tc/bin/ia64-linux-gnu-gcc" ]; then
	skip_all "ia64 toolchain not built (toolchain/lol-toolchain build)"
fi
tarball=${GCC_SOURCE_TARBALL:-/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz}
[ -r "$tarball" ] || skip_all "$tarball missing (apt install gcc-12-source)"
lol_user=${LOL_USER:-$top/build/lol-user}
if [ ! -x "$lol_user" ]; then
	echo "1..1"; echo "not ok 1 - lol-user not found at $lol_user (make)"; exit 1
fi

# The testsuite, extracted once per tarball (keyed by its checksum).
cache=${LOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lol}/torture
key=$(sha256sum "$tarball" | cut -c1-16)
srcdir=$cache/$key/execute
if [ ! -f "$cache/$key/.complete" ]; then
	mkdir -p "$cache"
	exec 9>"$cache/.lock"
	flock 9
	if [ ! -f "$cache/$key/.complete" ]; then
		echo "# extracting gcc.c-torture/execute from $tarball into $cache/$key" >&2
		tmp=$cache/.tmp-$key-$$
		rm -rf "$tmp" "${cache:?}/$key" && mkdir -p "$tmp"
		top_dir=$(tar -tJf "$tarball" | head -1 | cut -d/ -f1)
		if ! tar -xJf "$tarball" -C "$tmp" --wildcards \
			"$top_dir/gcc/testsuite/gcc.c-torture/execute/*"; then
			rm -rf "$tmp"; echo "1..1"; echo "not ok 1 - cannot extract $tarball"; exit 1
		fi
		mkdir -p "$cache/$key"
		mv "$tmp/$top_dir/gcc/testsuite/gcc.c-torture/execute" "$srcdir"
		rm -rf "$tmp"
		echo "$tarball" >"$cache/$key/source"
		touch "$cache/$key/.complete"
	fi
	exec 9>&-
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lol-torture.XXXXXX")
trap 'rm -rf "$work"' EXIT
export T_SRC=$srcdir T_WORK=$work T_CC=$tc/bin/ia64-linux-gnu-gcc T_LOL_USER=$lol_user
export T_SYSROOT=$tc/ia64-linux-gnu/sys-root T_TIMEOUT=${TORTURE_TIMEOUT:-10} T_KEEP=$keep

# The test list: the execute directory's *.c (execute.exp), then ieee/*.c (ieee.exp), each
# sorted as DejaGnu's lsort does; every Nth.  (builtins/ needs builtins.exp's replacement
# library objects and is not run.)
mapfile -t all < <(cd "$srcdir" && { ls -- *.c | LC_ALL=C sort
	[ "$ieee" = 1 ] && ls -- ieee/*.c | LC_ALL=C sort; } | sed 's/\.c$//')
tests=()
for i in "${!all[@]}"; do
	[ $((i % every)) -eq 0 ] || continue
	[ -n "$only" ] && ! [[ ${all[$i]} =~ $only ]] && continue
	tests+=("${all[$i]}")
done
for l in $levels; do mkdir -p "$work/res/$l" "$work/run/$l"; done

# Known failures: "name level reason..."
declare -A known=()
if [ -f "$here/known-failures.txt" ]; then
	while read -r kname klevel kwhy; do
		case $kname in '' | '#'*) continue ;; esac
		known["$kname $klevel"]=${kwhy:-no reason given}
	done <"$here/known-failures.txt"
fi

echo "# gcc.c-torture/execute: ${#tests[@]} of ${#all[@]} tests (every $every), levels $levels," \
	"$jobs jobs, ${T_TIMEOUT}s limit; $(basename "$T_CC") $("$T_CC" -dumpversion)"
start=$(date +%s)
for l in $levels; do for t in "${tests[@]}"; do printf '%s %s\n' "$t" "$l"; done; done |
	xargs -P "$jobs" -n 2 "$0" --worker

n=0 unexpected=0
declare -A npass=() nfail=() nuns=() nskip=() nknown=()
faillist=() unslist=()
for l in $levels; do
	npass[$l]=0 nfail[$l]=0 nuns[$l]=0 nskip[$l]=0 nknown[$l]=0
	for t in "${tests[@]}"; do
		n=$((n + 1))
		r=$(cat "$work/res/$l/$t" 2>/dev/null) || r="fail no result (worker died)"
		status=${r%% *} detail=${r#* }
		[ "$detail" = "$r" ] && detail=
		kw=${known["$t $l"]:-${known["$t *"]:-}}
		case $status in
		pass)
			npass[$l]=$((npass[$l] + 1))
			if [ -n "$kw" ]; then
				echo "ok $n - $t $l # known failure passes now: remove it from known-failures.txt"
			else
				echo "ok $n - $t $l"
			fi ;;
		xpass)
			npass[$l]=$((npass[$l] + 1))
			echo "ok $n - $t $l # unexpectedly passes (dg-xfail: $detail)" ;;
		skip)
			nskip[$l]=$((nskip[$l] + 1))
			echo "ok $n # SKIP $t $l: $detail" ;;
		unsupported)
			nuns[$l]=$((nuns[$l] + 1))
			unslist+=("$t $l: $detail")
			echo "ok $n # SKIP $t $l: unsupported: $detail" ;;
		xfail)
			nfail[$l]=$((nfail[$l] + 1)) nknown[$l]=$((nknown[$l] + 1))
			faillist+=("$t $l: $detail (dg-xfail)")
			echo "ok $n # SKIP $t $l: expected failure (dg-xfail): $detail" ;;
		*)
			nfail[$l]=$((nfail[$l] + 1))
			if [ -n "$kw" ]; then
				nknown[$l]=$((nknown[$l] + 1))
				faillist+=("$t $l: $detail (known: $kw)")
				echo "ok $n # SKIP $t $l: known failure ($kw): $detail"
			else
				unexpected=$((unexpected + 1))
				faillist+=("$t $l: $detail")
				echo "not ok $n - $t $l: $detail"
			fi ;;
		esac
	done
done
echo "1..$n"

pct() { awk -v p="$1" -v f="$2" 'BEGIN { if (p + f == 0) print "n/a"; else printf "%.2f", 100 * p / (p + f) }'; }
tp=0 tf=0 tu=0 ts=0
echo "# ---- summary ($(($(date +%s) - start)) s)"
for l in $levels; do
	echo "# $l: ${npass[$l]} passed, ${nfail[$l]} failed (${nknown[$l]} known)," \
		"${nuns[$l]} unsupported, ${nskip[$l]} skipped: $(pct "${npass[$l]}" "${nfail[$l]}")% pass"
	tp=$((tp + npass[$l])) tf=$((tf + nfail[$l])) tu=$((tu + nuns[$l])) ts=$((ts + nskip[$l]))
done
total_pct=$(pct "$tp" "$tf")
echo "# all: $tp passed, $tf failed, $tu unsupported, $ts skipped: $total_pct% pass" \
	"(pass / (pass + fail))"
if [ ${#faillist[@]} -gt 0 ]; then
	echo "# failures:"
	printf '#   %s\n' "${faillist[@]}"
fi
if [ ${#unslist[@]} -gt 0 ]; then
	echo "# unsupported (does not build for ia64):"
	printf '#   %s\n' "${unslist[@]}"
fi
rc=0
if [ "$unexpected" -gt 0 ]; then
	echo "# $unexpected failure(s) not listed in tests/torture/known-failures.txt"
	rc=1
fi
if [ "$goal" != 0 ] && [ "$total_pct" != n/a ] &&
	awk -v p="$total_pct" -v g="$goal" 'BEGIN { exit !(p < g) }'; then
	echo "# pass rate $total_pct% is below the goal of $goal%"
	rc=1
fi
exit $rc
