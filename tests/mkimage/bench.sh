#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark (not a test): lol-mkimage on a generated ~200 MB tree tarball,
# against mke2fs -d on the same tree extracted: wall time and peak RSS
# (/usr/bin/time -v), and their ratios.  Run by `make bench`.
#   BENCH_MB=200   size of the generated tree
#   BENCH_KEEP=1   keep the scratch directory
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
mk=${LOL_MKIMAGE:-$top/build/lol-mkimage}
mb=${BENCH_MB:-200}
PATH=$PATH:/usr/sbin:/sbin
for t in python3 tar mke2fs /usr/bin/time; do
	if ! command -v "$t" >/dev/null; then
		echo "bench-mkimage: $t not installed; skipped"
		exit 0
	fi
done
[ -x "$mk" ] || { echo "bench-mkimage: $mk not built" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/lol-mkimage-bench.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# A tree shaped like a root file system: many small files in a few large
# directories, some large ones, symlinks, hard links; half compressible.
python3 - "$work/tree" "$mb" <<'EOF'
import os, random, sys
root, mb = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
total, target, n = 0, mb << 20, 0
words = b"ia64 itanium bundle slot template predicate register stacked rotating "
dirs = []
for top in ("usr/bin", "usr/lib/ia64-linux-gnu", "usr/share/doc", "usr/share/locale", "etc", "var/lib/dpkg/info"):
    for i in range(rnd.randint(3, 40)):
        d = os.path.join(root, top, "d%03d" % i) if i else os.path.join(root, top)
        os.makedirs(d, exist_ok=True)
        dirs.append(d)
while total < target:
    d = rnd.choice(dirs)
    r = rnd.random()
    size = rnd.randint(5 << 20, 20 << 20) if r < 0.0005 else rnd.randint(64 << 10, 1 << 20) if r < 0.02 else rnd.randint(0, 8 << 10)
    p = os.path.join(d, "file-%06d" % n)
    with open(p, "wb") as f:
        if n % 2:
            f.write((words * (size // len(words) + 1))[:size])
        else:
            f.write(rnd.randbytes(size))
    total += size
    n += 1
    if n % 50 == 0:
        os.symlink("file-%06d" % (n - 1), os.path.join(d, "link-%06d" % n))
    if n % 97 == 0:
        os.link(p, os.path.join(d, "hard-%06d" % n))
print("bench-mkimage: %d files, %d MiB" % (n, total >> 20))
EOF
tar -C "$work/tree" --sort=name --numeric-owner -cf "$work/tree.tar" .
size_mb=$(( $(du -sm "$work/tree" | cut -f1) * 3 / 2 + 64 ))
sync

measure() { # label command... -> "wall_seconds max_rss_kb"
	local label=$1
	shift
	/usr/bin/time -v "$@" >"$work/$label.out" 2>"$work/$label.time" ||
		{ echo "bench-mkimage: $label failed:" >&2; tail -5 "$work/$label.out" "$work/$label.time" >&2; exit 1; }
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/$label.time")
	rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/$label.time")
	echo "$wall $rss"
}
# Warm the page cache for both.
cat "$work/tree.tar" >/dev/null
export SOURCE_DATE_EPOCH=1700000000
read -r mk_wall mk_rss < <(measure mkimage "$mk" -q --no-config --tarball "$work/tree.tar" \
	--size "${size_mb}M" -o "$work/mk.img")
read -r auto_wall auto_rss < <(measure mkimage-auto "$mk" -q --no-config --tarball "$work/tree.tar" \
	-o "$work/auto.img")
rm -f "$work/mk.img" "$work/auto.img"
read -r e2_wall e2_rss < <(measure mke2fs mke2fs -q -F -t ext4 -d "$work/tree" -E root_owner=0:0 \
	"$work/e2.img" "${size_mb}M")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "bench-mkimage: lol-mkimage --tarball (${size_mb} MiB image): ${mk_wall} s, peak RSS $((mk_rss / 1024)) MiB"
echo "bench-mkimage: lol-mkimage --tarball (automatic size):   ${auto_wall} s, peak RSS $((auto_rss / 1024)) MiB"
echo "bench-mkimage: mke2fs -d (extracted tree):             ${e2_wall} s, peak RSS $((e2_rss / 1024)) MiB"
echo "bench-mkimage: ratio lol-mkimage / mke2fs -d: time $(ratio "$mk_wall" "$e2_wall"), peak RSS $(ratio "$mk_rss" "$e2_rss")"
