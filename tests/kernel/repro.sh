#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Long (make check-kernel-long): each cached lol guest kernel (afterburned,
# plain) is built again from scratch into a temporary directory
# (build-kernel --out) and must come out byte-identical: vmlinux, gate.so,
# System.map, config.  A kernel that is not cached skips (nothing to compare).
set -uo pipefail
. "$(dirname "$0")/../toolchain/tap-lib.bash"
N=2
tap_plan $N
TC=$(tap_toolchain)
[ -n "$TC" ] || tap_skip_rest $N "ia64 toolchain not built (toolchain/lol-toolchain build)"
AB=${LOL_AFTERBURN:-$TOP/build/lol-afterburn}
tap_tmpdir
target() { [ "$1" = afterburn ] && echo guest-kernel || echo guest-kernel-plain; }
same() { # cached-dir rebuilt-dir
    local f rc=0
    for f in vmlinux gate.so System.map config; do
        cmp "$1/$f" "$2/$f" || rc=1
    done
    return $rc
}
for mode in afterburn no-afterburn; do
    K=$(LOL_AFTERBURN=$AB "$TOP/toolchain/build-kernel" --guest --$mode --print-dir 2>/dev/null) || {
        tap_skip "--guest --$mode kernel not built (make $(target $mode))"; continue; }
    if LOL_AFTERBURN=$AB "$TOP/toolchain/build-kernel" --guest --$mode -j2 --out "$TAP_TMP/$mode" \
            >/dev/null 2>"$TAP_TMP/$mode.log"; then
        tap_check "--$mode: a rebuild is byte-identical" same "$K" "$TAP_TMP/$mode"
    else
        tap_not_ok "--$mode: the rebuild failed"
        tail -20 "$TAP_TMP/$mode.log" | tap_diag
    fi
done
tap_finish
