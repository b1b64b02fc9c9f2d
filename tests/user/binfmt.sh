#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-user --register / --unregister against a stand-in binfmt_misc directory: the line
# written to "register" (name, magic and mask of an ia64 ELF header, the interpreter's
# absolute path, flags F and C), "-1" written to unregister, and one clear line with exit
# status 1 when binfmt_misc is not there or not writable.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lol_user=${LOL_USER:-$top/build/lol-user}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }

mkdir "$work/bf"
: >"$work/bf/register"
"$lol_user" --register --binfmt-dir "$work/bf" >"$work/out" 2>"$work/err"
rc=$?
line=$(cat "$work/bf/register")
self=$(readlink -f "$lol_user")
IFS=: read -r empty name type offset magic mask interp flags <<<"$line"
if [ $rc -eq 0 ] && [ -z "$empty" ] && [ "$name" = lol-ia64 ] && [ "$type" = M ] && [ -z "$offset" ]; then
	ok "--register writes an M entry named lol-ia64"
else
	bad "--register: status $rc, line [$line], stderr $(cat "$work/err")"
fi
# The magic must match the header of a real ia64 executable under the mask.
want_magic='\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x32\x00'
want_mask='\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\xfe\xff\xff\xff'
[ "$magic" = "$want_magic" ] && ok "magic: ELF64 LSB version 1, ET_EXEC, EM_IA_64" || bad "magic [$magic]"
[ "$mask" = "$want_mask" ] && ok "mask ignores OS ABI, padding and ET_EXEC/ET_DYN bit" || bad "mask [$mask]"
[ "$interp" = "$self" ] && ok "interpreter is lol-user's absolute path" || bad "interpreter [$interp], want [$self]"
[ "$flags" = FC ] && ok "flags F and C" || bad "flags [$flags]"
# Applying magic and mask to real headers, as binfmt_misc does.
if command -v ia64-linux-gnu-as >/dev/null; then
	printf '\t.text\n\t.global _start\n_start:\n\tbreak.i 0\n' >"$work/p.s"
	ia64-linux-gnu-as -o "$work/p.o" "$work/p.s" && ia64-linux-gnu-ld -o "$work/exe" "$work/p.o" &&
		ia64-linux-gnu-ld -shared -o "$work/lib.so" "$work/p.o"
	matches() {
		local hdr m k i
		hdr=$(od -An -v -t x1 -N 20 "$1" | tr -s ' \n' ' ')
		read -ra h <<<"$hdr"
		read -ra mg <<<"$(printf '%s' "$want_magic" | sed 's/\\x/ /g')"
		read -ra mk <<<"$(printf '%s' "$want_mask" | sed 's/\\x/ /g')"
		for i in $(seq 0 19); do
			[ $((0x${h[$i]} & 0x${mk[$i]})) -eq $((0x${mg[$i]} & 0x${mk[$i]})) ] || return 1
		done
	}
	matches "$work/exe" && ok "an ia64 executable matches" || bad "an ia64 executable does not match"
	matches "$work/lib.so" && ok "an ia64 shared object matches" || bad "an ia64 shared object does not match"
	matches "$work/p.o" && bad "an ia64 object file matches" || ok "an ia64 object file does not match"
	matches "$lol_user" && bad "an x86_64 program matches" || ok "an x86_64 program does not match"
else
	n=$((n + 1))
	echo "ok $n # SKIP ia64 binutils not available"
fi
# Already registered: the kernel refuses with EEXIST.
printf -- '-1' >"$work/bf/lol-ia64"
"$lol_user" --unregister --binfmt-dir "$work/bf" >"$work/out" 2>"$work/err"
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$work/bf/lol-ia64")" = "-1" ] && ok "--unregister writes -1 to the entry" ||
	bad "--unregister: status $rc: $(cat "$work/err")"
rm "$work/bf/lol-ia64"
"$lol_user" --unregister --binfmt-dir "$work/bf" >"$work/out" 2>"$work/err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "not registered" "$work/err" &&
	ok "--unregister when not registered: $(cat "$work/err")" || bad "not registered: status $rc: $(cat "$work/err")"
for opt in --register --unregister; do
	"$lol_user" $opt --binfmt-dir "$work/none" >"$work/out" 2>"$work/err"
	rc=$?
	[ $rc -eq 1 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "binfmt_misc is not mounted" "$work/err" &&
		ok "$opt without binfmt_misc: $(cat "$work/err")" || bad "$opt without binfmt_misc: status $rc: $(cat "$work/err")"
done
# "register" that cannot be written (a directory stands in for a read-only file: root
# bypasses permission bits).
mkdir -p "$work/ro" "$work/ro/register"
"$lol_user" --register --binfmt-dir "$work/ro" >"$work/out" 2>"$work/err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "cannot open for writing" "$work/err" &&
	ok "--register when register is not writable: $(cat "$work/err")" || bad "not writable: status $rc: $(cat "$work/err")"
echo "1..$n"
[ "$fails" -eq 0 ]
