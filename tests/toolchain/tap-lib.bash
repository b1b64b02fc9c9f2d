# shellcheck shell=bash
# Tiny TAP helpers for tests/toolchain/*.sh (sourced).
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TAP_N=0 TAP_FAILED=0
tap_plan() { echo "1..$1"; }
tap_ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
tap_not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
tap_skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N # SKIP $*"; }
tap_diag() { sed 's/^/# /'; }
# tap_check "description" command...   (command output goes to diagnostics on failure)
tap_check() {
    local desc=$1 out; shift
    if out=$("$@" 2>&1); then tap_ok "$desc"; else tap_not_ok "$desc"; printf '%s\n' "$out" | tap_diag; fi
}
# Skip the remaining tests of a plan of $1 with reason $2, then exit.
tap_skip_rest() {
    local total=$1 reason=$2
    while [ "$TAP_N" -lt "$total" ]; do tap_skip "$reason"; done
    exit 0
}
tap_finish() { [ "$TAP_FAILED" -eq 0 ]; exit $?; }
# The toolchain prefix, or empty if it is not built.
tap_toolchain() { "$TOP/toolchain/lol-toolchain" prefix 2>/dev/null || true; }
tap_tmpdir() { TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lol-test.XXXXXX"); trap 'rm -rf "$TAP_TMP"' EXIT; }
