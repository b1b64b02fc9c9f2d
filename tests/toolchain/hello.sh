#!/usr/bin/env bash
# The toolchain links static and dynamic C programs for ia64 (glibc).
set -uo pipefail
. "$(dirname "$0")/tap-lib.bash"
tap_plan 6
TC=$(tap_toolchain)
[ -n "$TC" ] || tap_skip_rest 6 "ia64 toolchain not built (toolchain/lol-toolchain build)"
tap_tmpdir
CC=$TC/bin/ia64-linux-gnu-gcc READELF=$TC/bin/ia64-linux-gnu-readelf
cat >"$TAP_TMP/hello.c" <<'C'
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) { printf("hello, ia64 (%zu)\n", strlen(argv[0])); return argc - 1; }
C
tap_check "static hello world links" "$CC" -O2 -static -o "$TAP_TMP/hello-static" "$TAP_TMP/hello.c"
tap_check "dynamic hello world links" "$CC" -O2 -o "$TAP_TMP/hello-dyn" "$TAP_TMP/hello.c"
machine() { "$READELF" -h "$1" 2>&1 | grep -q 'Machine:.*Intel IA-64'; }
tap_check "static hello: readelf Machine is Intel IA-64" machine "$TAP_TMP/hello-static"
tap_check "dynamic hello: readelf Machine is Intel IA-64" machine "$TAP_TMP/hello-dyn"
static_ok() { ! "$READELF" -l "$1" | grep -q INTERP && "$READELF" -h "$1" | grep -q 'Type:.*EXEC'; }
tap_check "static hello has no program interpreter" static_ok "$TAP_TMP/hello-static"
interp() { "$READELF" -l "$1" | grep -q 'Requesting program interpreter: /lib/ld-linux-ia64.so.2'; }
tap_check "dynamic hello requests /lib/ld-linux-ia64.so.2" interp "$TAP_TMP/hello-dyn"
tap_finish
