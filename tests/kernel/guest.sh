#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The lol guest kernels (toolchain/build-kernel --guest, afterburned and
# plain), when they are cached (make guest-kernel, make guest-kernel-plain):
# ia64 ELF executables with the lol platform linked in, configs/guest.config
# applied, and in the afterburned one every privileged or sensitive
# instruction afterburned (lol-afterburn --audit), with the same code as the
# plain one but for its sites.  Tests of a kernel that is not built skip.
set -uo pipefail
. "$(dirname "$0")/../toolchain/tap-lib.bash"
N=13
tap_plan $N
TC=$(tap_toolchain)
[ -n "$TC" ] || tap_skip_rest $N "ia64 toolchain not built (toolchain/lol-toolchain build)"
AB=${LOL_AFTERBURN:-$TOP/build/lol-afterburn}
READELF=$TC/bin/ia64-linux-gnu-readelf NM=$TC/bin/ia64-linux-gnu-nm
# what each part of the platform leaves in System.map / the symbol table
SYMBOLS="lol_ssc lol_request_irq lol_early_console_setup lol_tty_init lol_scsi_init
         lol_scsi_queuecommand lol_net_init lol_net_xmit lol_power_off
         lol_wedge_irq_save lol_wedge_irq_restore lol_wedge_irq_enable lol_wedge_get_psr"

is_ia64_exec() {
    "$READELF" -h "$1" | grep -q 'Machine:.*Intel IA-64' && "$READELF" -h "$1" | grep -q 'Type:.*EXEC'
}
has_symbols() {
    local s missing=""
    "$NM" "$1" >"$TAP_TMP/nm" || return 1
    for s in $SYMBOLS; do grep -qE " [tTdDbB] $s\$" "$TAP_TMP/nm" || missing+=" $s"; done
    [ -z "$missing" ] || { echo "missing:$missing"; return 1; }
}
tap_tmpdir
target() { [ "$1" = afterburn ] && echo guest-kernel || echo guest-kernel-plain; }

dirs=()
for mode in afterburn no-afterburn; do
    if [ "$mode" = afterburn ] && [ ! -x "$AB" ]; then
        K=""
    else
        K=$(LOL_AFTERBURN=$AB "$TOP/toolchain/build-kernel" --guest --$mode --print-dir 2>/dev/null) || K=""
    fi
    dirs+=("$K")
    if [ -z "$K" ]; then
        for i in 1 2 3 4 5; do tap_skip "--guest --$mode kernel not built (make $(target $mode))"; done
        continue
    fi
    tap_check "--$mode: vmlinux is an ia64 ELF executable" is_ia64_exec "$K/vmlinux"
    tap_check "--$mode: the lol platform is linked in" has_symbols "$K/vmlinux"
    tap_check "--$mode: config has the lol platform, SMP, 16 KiB pages, no modules" \
        bash -c "grep -qx CONFIG_IA64_LOL=y '$K/config' && grep -qx CONFIG_IA64_LOL_SCSI=y '$K/config' &&
                 grep -qx CONFIG_IA64_LOL_NET=y '$K/config' && grep -qx CONFIG_SMP=y '$K/config' &&
                 grep -qx CONFIG_IA64_PAGE_SIZE_16KB=y '$K/config' && ! grep -q '^CONFIG_MODULES=y' '$K/config'"
    tap_check "--$mode: the gate DSO is kept beside vmlinux" test -s "$K/gate.so"
    # lol-abi.h 4a: every symbol (text, data, per-CPU, gate) in region 4, none in 5-7
    tap_check "--$mode: kernel in region 4 (_text at 0x8000000100000000), no symbol in regions 5-7" \
        bash -c "grep -qx CONFIG_IA64_LOL_REGION4=y '$K/config' && grep -qx CONFIG_IA64_LOL_WEDGE=y '$K/config' &&
                 grep -q '^8000000100000000 T _text\$' '$K/System.map' &&
                 ! grep -E '^[a-f]' '$K/System.map' | grep -m3 ."
done

K=${dirs[0]}
if [ -z "$K" ]; then
    tap_skip "afterburned kernel not built"; tap_skip "afterburned kernel not built"
else
    tap_check "--audit vmlinux gate.so: 0 unannotated sites" \
        bash -c "'$AB' --audit '$K/vmlinux' '$K/gate.so' >'$TAP_TMP/audit' 2>&1 || { cat '$TAP_TMP/audit'; exit 1; }"
    sed 's/^/# /' "$TAP_TMP/audit" | head -20
    # the build audited its own paths: compare from the file name on
    tap_check "the build's audit.txt says the same" \
        bash -c "diff <(sed -E 's|^/[^ ]*/||' '$TAP_TMP/audit') <(sed -E 's|^/[^ ]*/||' '$K/audit.txt')"
fi
if [ -n "${dirs[0]}" ] && [ -n "${dirs[1]}" ]; then
    tap_check "afterburned and plain vmlinux: the same code but for the sites" \
        "$AB" --compare-code "${dirs[0]}/vmlinux" "${dirs[1]}/vmlinux"
else
    tap_skip "needs both guest kernels"
fi
tap_finish
