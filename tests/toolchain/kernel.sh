#!/usr/bin/env bash
# The guest kernel (configs/guest-mini.config) was built: vmlinux is an ia64 ELF.
set -uo pipefail
. "$(dirname "$0")/tap-lib.bash"
tap_plan 3
TC=$(tap_toolchain)
[ -n "$TC" ] || tap_skip_rest 3 "ia64 toolchain not built (toolchain/lol-toolchain build)"
K=$("$TOP/toolchain/build-kernel" --print-dir 2>/dev/null) ||
    tap_skip_rest 3 "kernel not built (toolchain/build-kernel)"
READELF=$TC/bin/ia64-linux-gnu-readelf
tap_check "vmlinux exists" test -s "$K/vmlinux"
tap_check "vmlinux is an ia64 ELF executable" \
    bash -c "'$READELF' -h '$K/vmlinux' | grep -q 'Machine:.*Intel IA-64' && '$READELF' -h '$K/vmlinux' | grep -q 'Type:.*EXEC'"
tap_check "kernel config has serial console and ext4 built in" \
    bash -c "grep -qx CONFIG_SERIAL_8250_CONSOLE=y '$K/config' && grep -qx CONFIG_EXT4_FS=y '$K/config'"
tap_finish
