#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The whole guest kernel through the afterburner (long: make
# check-afterburn-kernel).  linux-source-6.1 for ia64 with
# configs/guest-mini.config is built twice outside the checkout, plainly and
# with KCFLAGS=-B<dir> KAFLAGS=-B<dir> (<dir>/as = lol-afterburn); then
#   - the afterburned build must succeed,
#   - lol-afterburn --audit vmlinux must find every privileged or sensitive
#     instruction afterburned (the counts by kind are printed),
#   - the plain vmlinux has the same code, but for the site slots
#     (--compare-code; both builds with the same KBUILD_BUILD_* strings),
# and the build times (CPU and wall) are printed side by side, with their
# ratio (a benchmark, not a pass/fail criterion).
# Environment: LOL_TOOLCHAIN (prefix; default: toolchain/lol-toolchain prefix),
# AB_KERNEL_DIR (work directory; default $LOL_BUILD_ROOT/afterburn-kernel),
# AB_JOBS, AB_VERIFY=1 (LOL_AFTERBURN_VERIFY during the afterburned build),
# AB_SKIP_PLAIN=1 (no plain build, no ratio).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ab=${LOL_AFTERBURN:-$top/build/lol-afterburn}
tc=${LOL_TOOLCHAIN:-$("$top/toolchain/lol-toolchain" prefix 2>/dev/null)}
tarball=/usr/src/linux-source-6.1.tar.xz
config=$top/configs/guest-mini.config
if [ -z "$tc" ] || [ ! -x "$tc/bin/ia64-linux-gnu-gcc" ] || [ ! -f "$tarball" ] || [ ! -f "$config" ]; then
	echo "ok 1 # SKIP needs the lol toolchain, linux-source-6.1 and configs/guest-mini.config"
	exit 0
fi
root=${AB_KERNEL_DIR:-${LOL_BUILD_ROOT:-/tmp/lol-build}/afterburn-kernel}
jobs=${AB_JOBS:-$(nproc)}
mkdir -p "$root"
src=$(ls -d "${LOL_CACHE:-$HOME/.cache/lol}"/sources/linux-source-6.1_*/ 2>/dev/null | head -1)
if [ -z "$src" ] || [ ! -f "$src/Makefile" ]; then
	src=$root/src
	if [ ! -f "$src/.complete" ]; then
		rm -rf "$src" && mkdir -p "$src" && tar -xJf "$tarball" -C "$src" --strip-components=1 && touch "$src/.complete"
	fi
fi
mkdir -p "$root/bin"
cp "$ab" "$root/lol-afterburn"
ln -sf "$root/lol-afterburn" "$root/bin/as"
export PATH="$tc/bin:$PATH"
export LOL_REAL_AS="$tc/bin/ia64-linux-gnu-as"
# the same version strings in both builds, so their code can be compared
export KBUILD_BUILD_TIMESTAMP=@1 KBUILD_BUILD_USER=lol KBUILD_BUILD_HOST=lol KBUILD_BUILD_VERSION=1

build() { # NAME [afterburn]
	local b=$root/$1
	local extra=()
	[ "${2:-}" = afterburn ] && extra=(KCFLAGS=-B"$root/bin" KAFLAGS=-B"$root/bin")
	rm -rf "$b" && mkdir -p "$b" && cp "$config" "$b/.config"
	make -s -C "$src" O="$b" ARCH=ia64 CROSS_COMPILE=ia64-linux-gnu- olddefconfig >/dev/null 2>&1 || return 1
	/usr/bin/time -o "$b/time.txt" -f "%e %U %S" \
		make -C "$src" O="$b" ARCH=ia64 CROSS_COMPILE=ia64-linux-gnu- -j"$jobs" "${extra[@]}" vmlinux \
		>"$b/build.log" 2>&1
}

n=0
if [ "${AB_VERIFY:-0}" = 1 ]; then
	export LOL_AFTERBURN_VERIFY=1
fi
rm -f "$root/stats.txt"
export LOL_AFTERBURN_STATS="$root/stats.txt"
if build afterburned afterburn; then
	n=$((n + 1)); echo "ok $n - linux 6.1 ia64 (guest-mini) builds with the afterburner"
else
	n=$((n + 1)); echo "not ok $n - afterburned kernel build failed; see $root/afterburned/build.log"
	grep -m5 -e 'error' -e 'lol-afterburn' "$root/afterburned/build.log" | sed 's/^/#   /'
	exit 1
fi
unset LOL_AFTERBURN_VERIFY LOL_AFTERBURN_STATS
if "$ab" --audit "$root/afterburned/vmlinux" >"$root/audit.txt" 2>"$root/audit.err"; then
	n=$((n + 1)); echo "ok $n - --audit vmlinux: every privileged/sensitive instruction afterburned"
else
	n=$((n + 1)); echo "not ok $n - --audit vmlinux"
	head -20 "$root/audit.err" | sed 's/^/#   /'
fi
sed 's/^/# /' "$root/audit.txt"
if [ "${AB_SKIP_PLAIN:-0}" != 1 ]; then
	if build plain; then
		read -r pw pu ps <"$root/plain/time.txt"
		read -r aw au as <"$root/afterburned/time.txt"
		echo "# plain build:       ${pw}s wall, $(echo "$pu + $ps" | bc)s CPU"
		echo "# afterburned build: ${aw}s wall, $(echo "$au + $as" | bc)s CPU"
		echo "# ratio afterburned/plain: wall $(echo "scale=3; $aw / $pw" | bc), CPU $(echo "scale=3; ($au + $as) / ($pu + $ps)" | bc)"
		# the afterburner's own CPU time, from LOL_AFTERBURN_STATS: free of the
		# noise other work on the machine puts into the two builds' times
		own=$(awk '{ s += $1 } END { printf "%.2f", s / 1e6 }' "$root/stats.txt")
		echo "# lol-afterburn's own CPU time: ${own}s in $(wc -l <"$root/stats.txt") runs = $(echo "scale=2; 100 * $own / ($pu + $ps)" | bc)% of the plain build's CPU"
		sz() { ia64-linux-gnu-size -A "$1" | awk '$1 ~ /^\.text/ { s += $2 } END { print s }'; }
		if "$ab" --compare-code "$root/afterburned/vmlinux" "$root/plain/vmlinux" >"$root/compare.txt" 2>&1; then
			n=$((n + 1)); echo "ok $n - $(tail -1 "$root/compare.txt")"
		else
			n=$((n + 1)); echo "not ok $n - the afterburned kernel's code differs from the plain one's beyond its sites"
			head -5 "$root/compare.txt" | sed 's/^/#   /'
		fi
		if [ "$(sz "$root/plain/vmlinux")" = "$(sz "$root/afterburned/vmlinux")" ]; then
			n=$((n + 1)); echo "ok $n - code size unchanged by afterburning ($(sz "$root/plain/vmlinux") bytes of .text*)"
		else
			n=$((n + 1)); echo "not ok $n - code size differs: plain $(sz "$root/plain/vmlinux"), afterburned $(sz "$root/afterburned/vmlinux")"
		fi
	else
		n=$((n + 1)); echo "not ok $n - plain kernel build failed; see $root/plain/build.log"
	fi
fi
