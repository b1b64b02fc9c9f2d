#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-vmm's command line and bad input: each mistake gives one line on
# stderr naming the file or field, a non-zero exit, and no guest run.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
vmm=${LOL_VMM:-$top/build/lol-vmm}
work=$(mktemp -d "${TMPDIR:-/tmp}/vmm-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }

# expect_error NAME REGEX ARGS...: non-zero exit, exactly one stderr line matching REGEX
expect_error() {
	local name=$1 re=$2
	shift 2
	timeout 20 "$vmm" "$@" </dev/null >"$work/out" 2>"$work/err"
	local rc=$? lines
	lines=$(wc -l <"$work/err")
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$lines" -eq 1 ] && grep -Eq -- "$re" "$work/err"; then
		ok "$name: exit $rc: $(cat "$work/err")"
	else
		notok "$name: exit $rc, $lines stderr lines (want one matching /$re/)"
		sed 's/^/# /' "$work/err" | head -5
	fi
}

"$vmm" --help >"$work/out" 2>&1 && grep -q "usage: lol-vmm" "$work/out" && ok "--help" || notok "--help"
"$vmm" --version | grep -Eq '^lol-vmm [0-9]' && ok "--version" || notok "--version"

expect_error "no kernel" "no kernel given"
expect_error "missing kernel file" "nonexistent/vmlinux" /nonexistent/vmlinux
printf 'this is not an ELF file\n' >"$work/text"
expect_error "not an ELF" "$work/text" "$work/text"
# an ELF for another machine: the host's own /bin/true
expect_error "x86_64 ELF" "e_machine" /bin/true
# a truncated ia64 kernel image
kernel=""
for k in "$HOME"/.cache/lol/kernel/*/vmlinux ${LOL_CACHE:+$LOL_CACHE/kernel/*/vmlinux}; do
	[ -f "$k" ] && kernel=$k && break
done
if [ -n "$kernel" ]; then
	head -c 3000000 "$kernel" >"$work/vmlinux.cut"
	expect_error "truncated vmlinux" "vmlinux.cut" "$work/vmlinux.cut"
	expect_error "memory too small" "memory|MiB" -m 64M "$kernel"
	expect_error "huge command line" "command line" "$kernel" "$(head -c 3000 /dev/zero | tr '\0' x)"
	expect_error "missing disk" "$work/nodisk/sda" "$kernel" "simscsi=$work/nodisk/sd"
else
	printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\0002\000' >"$work/vmlinux.cut"
	expect_error "truncated ELF header" "vmlinux.cut" "$work/vmlinux.cut"
	n=$((n + 1)); echo "ok $n # SKIP no cached ia64 kernel for the truncated, memory and disk cases"
fi
expect_error "bad -m" "-m" -m lots /bin/true
expect_error "bad maxcpus" "maxcpus" /bin/true maxcpus=0
expect_error "bad console" "console" --console tty9 /bin/true
expect_error "bad net" "net" --net wifi /bin/true

echo "1..$n"
[ "$fails" -eq 0 ]
