#!/usr/bin/env bash
# The guest busybox is a static ia64 executable; the guest root tarball is sane.
set -uo pipefail
. "$(dirname "$0")/tap-lib.bash"
tap_plan 6
TC=$(tap_toolchain)
[ -n "$TC" ] || tap_skip_rest 6 "ia64 toolchain not built (toolchain/lol-toolchain build)"
BB=$("$TOP/toolchain/build-busybox" --print-dir 2>/dev/null) ||
    tap_skip_rest 6 "busybox not built (toolchain/build-busybox)"
READELF=$TC/bin/ia64-linux-gnu-readelf
tap_check "busybox is an ia64 ELF executable" \
    bash -c "'$READELF' -h '$BB/busybox' | grep -q 'Machine:.*Intel IA-64' && '$READELF' -h '$BB/busybox' | grep -q 'Type:.*EXEC'"
tap_check "busybox is static (no interpreter, no dynamic section)" \
    bash -c "! '$READELF' -l '$BB/busybox' | grep -q INTERP && '$READELF' -d '$BB/busybox' | grep -q 'no dynamic section'"
tap_check "busybox provides sh, init, mount, ip, udhcpc, vi, wget, tar, mke2fs, sha256sum" \
    bash -c "for a in sh init mount ls cat dd ps kill ip udhcpc vi wget tar gzip mke2fs sha256sum; do
                 grep -q \"/\$a\$\" '$BB/busybox.links' || { echo \"missing applet \$a\"; exit 1; }; done"
tap_tmpdir
if "$TOP/toolchain/mkroot" --out "$TAP_TMP/r1" >"$TAP_TMP/out1" 2>&1 &&
   "$TOP/toolchain/mkroot" --out "$TAP_TMP/r2" >"$TAP_TMP/out2" 2>&1; then
    tap_ok "mkroot builds the guest root tarball"
else
    tap_not_ok "mkroot builds the guest root tarball"; cat "$TAP_TMP/out1" "$TAP_TMP/out2" | tap_diag
fi
tap_check "guest root tarball is reproducible" cmp "$TAP_TMP/r1/rootfs.tar" "$TAP_TMP/r2/rootfs.tar"
check_tar() {
    local t=$TAP_TMP/r1/rootfs.tar l
    l=$(tar -tvf "$t") || return 1
    grep -q '^crw------- root/root *5,1 .* dev/console$' <<<"$l" || { echo "no dev/console"; return 1; }
    grep -q '^crw-rw-rw- root/root *1,3 .* dev/null$' <<<"$l" || { echo "no dev/null"; return 1; }
    grep -q ' bin/sh -> busybox$' <<<"$l" || { echo "no bin/sh link"; return 1; }
    for f in bin/busybox etc/inittab etc/fstab etc/passwd etc/group etc/hostname; do
        grep -q " $f\$" <<<"$l" || { echo "missing $f"; return 1; }
    done
    ! grep -v ' root/root ' <<<"$l" | grep -q . || { echo "entry not owned by root"; return 1; }
    [ ! -e "$TAP_TMP/r1/root/dev/console" ] || { echo "device node created on disk"; return 1; }
    # every applet link resolves, inside the tree, to /bin/busybox
    local r=$TAP_TMP/r1/root link target
    while IFS= read -r link; do
        target=$(realpath -m -s "$(dirname "$link")/$(readlink "$link")")
        [ "$target" = "$r/bin/busybox" ] || { echo "bad link ${link#"$r"} -> $(readlink "$link")"; return 1; }
    done < <(find "$r" -type l)
}
tap_check "rootfs.tar: root-owned, /dev nodes as tar metadata, /etc files, applet links resolve to /bin/busybox" check_tar
tap_finish
