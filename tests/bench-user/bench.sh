#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-user speed (a benchmark, never pass/fail on speed): portable C workloads built natively
# (cc -O2) and for ia64 (-O2 -static), run both ways; the outputs must be equal (exit 1 if
# not).  Prints per workload the native and lol-user times, their ratio, and, when lol-user
# can report them (a --stats option), the guest instructions per second and the
# decoded-bundle cache hit rate; then the geometric mean ratio of the integer workloads
# (goal: within 15x of native).
#
#   tests/bench-user/bench.sh [SCALE]      SCALE (default $BENCH_SCALE or 1) multiplies every workload
#
# Also run with --no-jit (when lol-user has it): the interpreter's handlers alone, the
# ratio printed beside the default's.
#
# Ratios are of CPU time (user + system; the guest is single-threaded), which a busy machine
# disturbs less than wall time; lol-user's wall time is printed too.  A native run shorter
# than 0.5 s is timed again over repetitions (up to 200) and averaged.
# Environment: LOL_USER, LOL_TOOLCHAIN (or toolchain/lol-toolchain), CC (native compiler),
# BENCH_WORKLOADS (default "lz hash sort nbody").
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/bench-user
lol_user=${LOL_USER:-$top/build/lol-user}
scale=${1:-${BENCH_SCALE:-1}}
workloads=${BENCH_WORKLOADS:-lz hash sort nbody}
# integer workloads (in the geometric mean) and their one-line descriptions
declare -A kind=([lz]=int [hash]=int [sort]=int [nbody]=fp)
declare -A what=([lz]="LZ77 compress+decompress 4 MiB" [hash]="SHA-256+FNV-1a 16 MiB, 200k chained SHA-256"
	[sort]="merge/quick/qsort of 2M ints" [nbody]="n-body 10k steps + 100x100 matmul (FP)")

echo "# lol-user benchmark (scale $scale)"
if [ -n "${LOL_TOOLCHAIN:-}" ]; then
	tc=$LOL_TOOLCHAIN
else
	tc=$("$top/toolchain/lol-toolchain" prefix 2>/dev/null) || tc=
fi
if [ -z "$tc" ] || [ ! -x "$tc/bin/ia64-linux-gnu-gcc" ]; then
	echo "# skipped: ia64 toolchain not built (toolchain/lol-toolchain build)"
	exit 0
fi
if [ ! -x "$lol_user" ]; then
	echo "bench-user: lol-user not found at $lol_user (make)" >&2
	exit 1
fi
native_cc=${CC:-cc}
ia64_cc=$tc/bin/ia64-linux-gnu-gcc
work=$(mktemp -d "${TMPDIR:-/tmp}/lol-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Statistics, if lol-user has them: `lol-user --stats PROG` printing on stderr lines that
# contain "instructions" (or "insns") with a count, and "hit rate" with a percentage.
stats=
"$lol_user" --help 2>&1 | grep -q -- '--stats' && stats=--stats
nojit=
"$lol_user" --help 2>&1 | grep -q -- '--no-jit' && nojit=--no-jit

# time_run OUT ERR CMD...: sets wall and cpu (seconds) and rc
time_run() {
	local out=$1 err=$2 t
	shift 2
	t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$out" 2>"$err"; echo "rc $?" >"$work/rc"; } 2>&1 )
	read -r wall u s <<<"$t"
	cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
	rc=$(sed -n 's/^rc //p' "$work/rc")
}

# Common flags: no FP contraction, so that both sides round every operation alike.
flags=(-std=c17 -O2 -ffp-contract=off)
printf '# %-6s %-44s %9s %9s %9s %8s %10s %8s %9s %8s\n' workload what native_s lol_s lol_wall ratio "insn/s" \
	"hit%" nojit_s nojit
status=0 logsum=0 nint=0 summary= logsum_nj=0
for w in $workloads; do
	src=$here/$w.c
	if ! $native_cc "${flags[@]}" -o "$work/$w.native" "$src" -lm 2>"$work/cc.err"; then
		echo "bench-user: $w: native build failed: $(head -1 "$work/cc.err")" >&2; status=1; continue
	fi
	if ! "$ia64_cc" "${flags[@]}" -static -o "$work/$w.ia64" "$src" -lm 2>"$work/cc.err"; then
		echo "bench-user: $w: ia64 build failed: $(head -1 "$work/cc.err")" >&2; status=1; continue
	fi
	time_run "$work/$w.want" "$work/$w.nerr" "$work/$w.native" "$scale"
	n_cpu=$cpu n_rc=$rc
	# a short native run is timed again over enough repetitions to be measurable
	reps=$(awk -v c="$n_cpu" 'BEGIN { r = int(1.0 / (c > 0.002 ? c : 0.002)) + 1; print (c >= 0.5 ? 1 : r > 200 ? 200 : r) }')
	if [ "$n_rc" = 0 ] && [ "$reps" -gt 1 ]; then
		# shellcheck disable=SC2016
		time_run /dev/null /dev/null bash -c 'for ((i = 0; i < $1; i++)); do "$2" "$3" >/dev/null || exit 1; done' \
			sh "$reps" "$work/$w.native" "$scale"
		n_cpu=$(awk -v c="$cpu" -v r="$reps" 'BEGIN { printf "%.4f", c / r }')
	fi
	# shellcheck disable=SC2086
	time_run "$work/$w.got" "$work/$w.gerr" "$lol_user" $stats "$work/$w.ia64" "$scale"
	l_cpu=$cpu l_wall=$wall l_rc=$rc
	if [ "$n_rc" != 0 ] || [ "$l_rc" != "$n_rc" ] || ! cmp -s "$work/$w.want" "$work/$w.got"; then
		echo "bench-user: $w: outputs differ (native status $n_rc, lol-user $l_rc):" >&2
		diff "$work/$w.want" "$work/$w.got" | head -5 >&2
		head -3 "$work/$w.gerr" >&2
		status=1
		continue
	fi
	ratio=$(awk -v a="$l_cpu" -v b="$n_cpu" 'BEGIN { if (b <= 0) b = 0.001; printf "%.1f", a / b }')
	nj_cpu=n/a nj_ratio=n/a
	if [ -n "$nojit" ]; then
		time_run "$work/$w.got2" /dev/null "$lol_user" $nojit "$work/$w.ia64" "$scale"
		if [ "$rc" != "$n_rc" ] || ! cmp -s "$work/$w.want" "$work/$w.got2"; then
			echo "bench-user: $w: outputs differ with --no-jit (status $rc)" >&2
			status=1
		fi
		nj_cpu=$cpu
		nj_ratio=$(awk -v a="$cpu" -v b="$n_cpu" 'BEGIN { if (b <= 0) b = 0.001; printf "%.1f", a / b }')
	fi
	ips=n/a hit=n/a
	if [ -n "$stats" ]; then
		insns=$(grep -iE 'instructions|insns' "$work/$w.gerr" | grep -oE '[0-9]{4,}' | head -1)
		[ -n "$insns" ] && ips=$(awk -v i="$insns" -v t="$l_cpu" 'BEGIN { printf "%.3g", i / (t > 0 ? t : 0.001) }')
		h=$(grep -i 'hit' "$work/$w.gerr" | grep -oE '[0-9.]+%' | head -1)
		[ -n "$h" ] && hit=$h
	fi
	printf '  %-6s %-44s %9s %9s %9s %7sx %10s %8s %9s %7sx\n' "$w" "${what[$w]:-}" "$n_cpu" "$l_cpu" \
		"$l_wall" "$ratio" "$ips" "$hit" "$nj_cpu" "$nj_ratio"
	if [ "${kind[$w]:-int}" = int ]; then
		logsum=$(awk -v s="$logsum" -v r="$ratio" 'BEGIN { printf "%.6f", s + log(r) }')
		[ -n "$nojit" ] && logsum_nj=$(awk -v s="$logsum_nj" -v r="$nj_ratio" 'BEGIN { printf "%.6f", s + log(r) }')
		nint=$((nint + 1))
		summary="$summary $w=${ratio}x"
	fi
done
if [ "$nint" -gt 0 ]; then
	gm=$(awk -v s="$logsum" -v n="$nint" 'BEGIN { printf "%.1f", exp(s / n) }')
	verdict=$(awk -v g="$gm" 'BEGIN { print (g <= 15 ? "within" : "outside") }')
	echo "# integer workloads: geometric mean ratio ${gm}x ($verdict the 15x goal;$summary)"
	if [ -n "$nojit" ]; then
		gm_nj=$(awk -v s="$logsum_nj" -v n="$nint" 'BEGIN { printf "%.1f", exp(s / n) }')
		echo "# with --no-jit (the handlers alone): geometric mean ratio ${gm_nj}x"
	fi
fi
[ -n "$stats" ] || echo "# lol-user has no --stats option: guest instructions/s and decoded-bundle cache hit rate n/a"
exit $status
