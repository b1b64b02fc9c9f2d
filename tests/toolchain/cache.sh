#!/usr/bin/env bash
# The toolchain cache: lookups and a repeated build are fast no-ops.
set -uo pipefail
. "$(dirname "$0")/tap-lib.bash"
tap_plan 4
TC=$(tap_toolchain)
[ -n "$TC" ] || tap_skip_rest 4 "ia64 toolchain not built (toolchain/lol-toolchain build)"
# The cache checks look at the cache itself, never at a LOL_TOOLCHAIN override
# (and never start a build: they run only when the cached prefix exists).
CACHED=$(env -u LOL_TOOLCHAIN "$TOP/toolchain/lol-toolchain" prefix 2>/dev/null || true)
if [ -z "$CACHED" ]; then
    tap_skip "toolchain for the current inputs not in the cache (LOL_TOOLCHAIN=${LOL_TOOLCHAIN:-})"
    tap_skip "toolchain for the current inputs not in the cache"
else
    case ${CACHED##*/} in
        [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f])
            tap_ok "prefix is named by a 16-hex-digit input hash ($CACHED)" ;;
        *) tap_not_ok "prefix is named by a 16-hex-digit input hash ($CACHED)" ;;
    esac
    start=$(date +%s%N)
    out=$(env -u LOL_TOOLCHAIN "$TOP/toolchain/build-toolchain" 2>&1); rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ "$rc" -eq 0 ] && [ "$ms" -lt 5000 ]; then tap_ok "second build-toolchain is a no-op (${ms} ms)"
    else tap_not_ok "second build-toolchain is a no-op (${ms} ms, rc $rc)"; printf '%s\n' "$out" | tap_diag; fi
fi
envtest() {
    local e; e=$("$TOP/toolchain/lol-toolchain" env) || return 1
    (eval "$e"; command -v ia64-linux-gnu-gcc && ia64-linux-gnu-gcc --version && [ -n "$LOL_TOOLCHAIN" ])
}
tap_check "lol-toolchain env puts ia64-linux-gnu-gcc on PATH" envtest
tap_check "the prefix's binutils links work (ia64-linux-gnu-as --version)" "$TC/bin/ia64-linux-gnu-as" --version
tap_finish
