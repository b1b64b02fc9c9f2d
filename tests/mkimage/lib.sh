# SPDX-License-Identifier: GPL-2.0
# Shared by the lol-mkimage tests: TAP helpers and the tools they need.
# Sourced; sets top, mk (the lol-mkimage binary), work (a scratch directory
# removed at exit) and the counters n and fails.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
mk=${LOL_MKIMAGE:-$top/build/lol-mkimage}
imglist=$top/tests/mkimage/imglist.py
export LC_ALL=C.UTF-8
work=$(mktemp -d "${TMPDIR:-/tmp}/lol-mkimage-test.XXXXXX")
trap 'chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"' EXIT
n=0 fails=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
check() { # description command...
	local d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}
# Print a file as TAP comments (at most $2 lines).
comment() { head -n "${2:-20}" "$1" | sed 's/^/# /'; }
finish() {
	echo "1..$n"
	[ "$fails" -eq 0 ]
}
# need TOOL...: skip the whole script (one SKIP line) when a tool is missing.
need() {
	local t
	for t in "$@"; do
		if ! command -v "$t" >/dev/null 2>&1 && [ ! -x "/sbin/$t" ] && [ ! -x "/usr/sbin/$t" ]; then
			skip "$t not installed"
			finish
			exit $?
		fi
	done
}
PATH=$PATH:/usr/sbin:/sbin
if [ ! -x "$mk" ]; then
	notok "lol-mkimage not built ($mk)"
	finish
	exit 1
fi
fsck_clean() { e2fsck -fn "$1" >/dev/null 2>&1; }
