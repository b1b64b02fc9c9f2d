#!/usr/bin/env bash
# Compiling the same program twice gives byte-identical output.
set -uo pipefail
. "$(dirname "$0")/tap-lib.bash"
tap_plan 3
TC=$(tap_toolchain)
[ -n "$TC" ] || tap_skip_rest 3 "ia64 toolchain not built (toolchain/lol-toolchain build)"
tap_tmpdir
CC=$TC/bin/ia64-linux-gnu-gcc
mkdir -p "$TAP_TMP/a" "$TAP_TMP/b"
for d in a b; do
    printf '#include <stdio.h>\nint main(void){puts("hello");return 0;}\n' >"$TAP_TMP/$d/hello.c"
done
build() { # dir name flags...
    local d=$1 n=$2; shift 2
    (cd "$TAP_TMP/$d" && "$CC" -O2 -g "$@" -o "$n" hello.c)
}
tap_check "static hello built twice is byte-identical" \
    bash -c "$(declare -f build); CC='$CC' TAP_TMP='$TAP_TMP'; build a s1 -static && build a s2 -static && cmp '$TAP_TMP/a/s1' '$TAP_TMP/a/s2'"
tap_check "dynamic hello built twice is byte-identical" \
    bash -c "$(declare -f build); CC='$CC' TAP_TMP='$TAP_TMP'; build a d1 && build a d2 && cmp '$TAP_TMP/a/d1' '$TAP_TMP/a/d2'"
tap_check "hello built in two directories (with -ffile-prefix-map) is byte-identical" \
    bash -c "$(declare -f build); CC='$CC' TAP_TMP='$TAP_TMP';
             build a m -ffile-prefix-map='$TAP_TMP/a'=/src && build b m -ffile-prefix-map='$TAP_TMP/b'=/src &&
             cmp '$TAP_TMP/a/m' '$TAP_TMP/b/m'"
tap_finish
