# shellcheck shell=bash
# Shared helpers for the lol toolchain scripts (sourced, not executed).
#
# Everything that decides *where* a cached artefact lives (its input hash) is
# computed here, so that build-toolchain, lol-toolchain, build-busybox and
# build-kernel agree on it.

LOL_TC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOL_TOP=$(cd "$LOL_TC_DIR/.." && pwd)
LOL_CACHE=${LOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lol}
# Fixed build root: builds happen in a path that contains no random component,
# so that two builds of the same inputs see the same paths (reproducibility).
LOL_BUILD_ROOT=${LOL_BUILD_ROOT:-/tmp/lol-build}
LOL_TARGET=ia64-linux-gnu

lol_die() { echo "${0##*/}: error: $*" >&2; exit 1; }
lol_note() { echo "${0##*/}: $*" >&2; }

# Print the comment block at the top of the calling script (its usage text).
lol_usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

lol_nproc() { nproc 2>/dev/null || echo 1; }

# "Package Version" lines for the given Debian packages (fails if one is missing).
lol_pkg_versions() {
    local p v
    for p in "$@"; do
        v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) || v=""
        [ -n "$v" ] || lol_die "required Debian package '$p' is not installed"
        printf 'pkg %s %s\n' "$p" "$v"
    done
}

# "file <name> <sha256>" for each file (path printed relative to the tree top
# when inside it, so the hash does not depend on where the checkout lives).
lol_file_hashes() {
    local f name
    for f in "$@"; do
        [ -f "$f" ] || lol_die "missing input file: $f"
        name=${f#"$LOL_TOP"/}
        printf 'file %s %s\n' "$name" "$(sha256sum <"$f" | cut -c1-64)"
    done
}

lol_short_hash() { sha256sum | cut -c1-16; }

# SOURCE_DATE_EPOCH: the caller's value if set, else the newest Debian
# changelog entry among the toolchain source packages (stable for given inputs).
lol_source_date_epoch() {
    if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
        echo "$SOURCE_DATE_EPOCH"; return
    fi
    local c t max=0
    for c in /usr/src/gcc-12/debian/changelog /usr/src/glibc/debian/changelog; do
        [ -f "$c" ] || continue
        t=$(dpkg-parsechangelog -l "$c" -S Timestamp 2>/dev/null) || continue
        [ "$t" -gt "$max" ] && max=$t
    done
    [ "$max" -gt 0 ] || max=1700000000
    echo "$max"
}

# --- toolchain inputs ----------------------------------------------------
LOL_TC_PACKAGES=(gcc-12-source glibc-source linux-source-6.1 binutils-ia64-linux-gnu
                 gcc-12 g++-12 libgmp-dev libmpfr-dev libmpc-dev)
LOL_GCC_PATCHDIR=/usr/src/gcc-12/patches
LOL_GCC_PATCHES=(gcc-gfdl-build.diff ia64-disable-selective-scheduling.diff)

# The manifest of everything the toolchain depends on; its hash names the prefix.
lol_toolchain_manifest() {
    echo "lol-toolchain manifest v1 target=$LOL_TARGET"
    lol_pkg_versions "${LOL_TC_PACKAGES[@]}"
    lol_file_hashes "$LOL_TC_DIR/build-toolchain" "$LOL_TC_DIR/lib.sh" "$LOL_TC_DIR/toolchain.conf"
    local p
    for p in "${LOL_GCC_PATCHES[@]}"; do
        printf 'patch %s %s\n' "$p" "$(sha256sum <"$LOL_GCC_PATCHDIR/$p" | cut -c1-64)"
    done
    # configure flags: printed from the (already hashed) conf file, explicit for the record
    (
        # shellcheck source=toolchain.conf
        . "$LOL_TC_DIR/toolchain.conf"
        echo "gcc1-flags ${GCC_STAGE1_FLAGS[*]}"
        echo "glibc-flags ${GLIBC_FLAGS[*]}"
        echo "gcc2-flags ${GCC_STAGE2_FLAGS[*]}"
    )
    echo "source-date-epoch $(lol_source_date_epoch)"
    echo "build-root $LOL_BUILD_ROOT"
}

lol_toolchain_hash() { lol_toolchain_manifest | lol_short_hash; }

LOL_TC_STAMP=.lol-toolchain-complete

# Print the prefix of the usable toolchain, or fail with a message.
# LOL_TOOLCHAIN (if set) overrides the cache lookup.
lol_toolchain_prefix() {
    if [ -n "${LOL_TOOLCHAIN:-}" ]; then
        [ -x "$LOL_TOOLCHAIN/bin/$LOL_TARGET-gcc" ] ||
            { echo "LOL_TOOLCHAIN=$LOL_TOOLCHAIN has no bin/$LOL_TARGET-gcc" >&2; return 1; }
        echo "$LOL_TOOLCHAIN"; return 0
    fi
    local h p
    h=$(lol_toolchain_hash) || return 1
    p=$LOL_CACHE/toolchain/$h
    if [ -f "$p/$LOL_TC_STAMP" ]; then
        echo "$p"; return 0
    fi
    echo "ia64 toolchain not built for the current inputs (expected $p);" \
         "run: toolchain/lol-toolchain build" >&2
    return 1
}

# Atomically publish a finished directory: $1 = staged dir (same filesystem
# as $2), $2 = final name. If $2 already exists (a concurrent build won), the
# staged copy is discarded.
lol_publish_dir() {
    local staged=$1 final=$2
    if mv -T "$staged" "$final" 2>/dev/null; then
        return 0
    fi
    if [ -d "$final" ]; then
        rm -rf "$staged"; return 0
    fi
    lol_die "could not move $staged to $final"
}

# Run one stage of a staged build: lol_run_stage N TOTAL "title" function logfile
# Prints progress; on failure prints the log tail and exits non-zero.
lol_run_stage() {
    local n=$1 total=$2 title=$3 fn=$4 log=$5 start rc
    mkdir -p "$(dirname "$log")"
    echo "[$n/$total] $title ... (log: $log)"
    start=$SECONDS
    set +e
    ( set -euo pipefail; "$fn" ) >"$log" 2>&1 </dev/null
    rc=$?
    set -e
    local dt=$((SECONDS - start))
    if [ "$rc" -ne 0 ]; then
        echo "[$n/$total] $title FAILED (exit $rc) after ${dt}s; last 30 lines of $log:" >&2
        tail -n 30 "$log" >&2
        echo "${0##*/}: stage $n/$total ($title) failed; full log: $log" >&2
        exit 1
    fi
    printf '[%s/%s] %s done in %dm%02ds\n' "$n" "$total" "$title" $((dt / 60)) $((dt % 60))
    # shellcheck disable=SC2034  # read by the caller
    LOL_STAGE_SECONDS=$dt
}

# Reproducible environment for builds.
lol_repro_env() {
    # nothing from the caller's environment may steer compilers or make
    unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS \
          CFLAGS CXXFLAGS CPPFLAGS LDFLAGS CC CXX CPP LD AR AS \
          GCC_EXEC_PREFIX COMPILER_PATH LIBRARY_PATH CPATH C_INCLUDE_PATH \
          CPLUS_INCLUDE_PATH LD_LIBRARY_PATH CONFIG_SITE ARCH CROSS_COMPILE \
          LANG LANGUAGE
    export LC_ALL=C TZ=UTC
    SOURCE_DATE_EPOCH=$(lol_source_date_epoch)
    export SOURCE_DATE_EPOCH
    umask 022
}

# --- identity of the toolchain a build used (part of downstream hashes) -------
# A hash of the toolchain's *content* (every file's sha256, every symlink's
# target), so that downstream caches (busybox, kernel) stay valid when a
# toolchain rebuild gives identical files.
lol_tree_hash() {
    (
        cd "$1"
        find . -type l -printf 'l %p %l\n'
        find . -type f ! -name "$LOL_TC_STAMP" -print0 | xargs -0 -r sha256sum
    ) | LC_ALL=C sort | sha256sum | cut -c1-64
}

lol_toolchain_id() {
    local p=$1 c=""
    [ -f "$p/$LOL_TC_STAMP" ] && c=$(sed -n 's/^content //p' "$p/$LOL_TC_STAMP")
    [ -n "$c" ] || c=$(lol_tree_hash "$p")
    echo "toolchain-content $c"
}
