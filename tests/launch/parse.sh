#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-launch's profile parser: every kind of malformed line gives exactly one
# line "lol-launch: FILE:LINE: problem" and exit status 2; files that are
# missing are named with their profile line.
. "$(dirname "$0")/lib.sh"

# bad NAME LINE REGEX: the profile NAME must fail at LINE with REGEX
bad() {
	local name=$1 line=$2 re=$3
	expect_error "$name" 2 "^lol-launch: $XDG_CONFIG_HOME/lol/profiles/$name:$line: $re" -n "$name"
}

printf 'kernel = %s\n# comment\nfrobnicate = 1\n' "$vmlinux" | profile unknown-key
bad unknown-key 3 "unknown key 'frobnicate'"
printf 'kernel = %s\n\nmemory = lots\n' "$vmlinux" | profile bad-memory
bad bad-memory 3 "memory lots: not a size"
printf 'memory = 32M\nkernel = %s\n' "$vmlinux" | profile small-memory
bad small-memory 1 "memory 32M: must be from 64M to 64G"
printf 'memory = 65G\nkernel = %s\n' "$vmlinux" | profile big-memory
bad big-memory 1 "memory 65G: must be from 64M to 64G"
printf 'memory = 99999999999999999999G\n' | profile huge-memory
bad huge-memory 1 "memory .*: not a size"
printf 'kernel = %s\ncpus = 0\n' "$vmlinux" | profile zero-cpus
bad zero-cpus 2 "cpus 0: not a number from 1 to 16"
printf 'kernel = %s\ncpus = 17\n' "$vmlinux" | profile many-cpus
bad many-cpus 2 "cpus 17: not a number from 1 to 16"
printf 'kernel = %s\ncpus = 2x\n' "$vmlinux" | profile cpus-junk
bad cpus-junk 2 "cpus 2x: not a number"
printf 'kernel = %s\nthis line has no equals sign\n' "$vmlinux" | profile no-equals
bad no-equals 2 "expected 'key = value'"
printf 'kernel = %s\n = value\n' "$vmlinux" | profile no-key
bad no-key 2 "no key before '='"
printf 'kernel = %s\nMemory = 1G\n' "$vmlinux" | profile upper-key
bad upper-key 2 "bad key 'Memory'"
printf 'kernel = %s\nmemory =\n' "$vmlinux" | profile empty-value
bad empty-value 2 "memory: empty value"
printf 'kernel = %s\nmemory = 1G\nmemory = 2G\n' "$vmlinux" | profile twice
bad twice 3 "memory given twice \(first at line 2\)"
printf 'kernel = %s\nnetwork = wifi\n' "$vmlinux" | profile bad-network
bad bad-network 2 "network wifi: expected user, none or tap:INTERFACE"
printf 'kernel = %s\nnetwork = tap:\n' "$vmlinux" | profile empty-tap
bad empty-tap 2 "network tap:: expected"
printf 'kernel = %s\nnetwork = tap:averyveryverylongname\n' "$vmlinux" | profile long-tap
bad long-tap 2 "network tap:averyveryverylongname: expected"
printf 'kernel = %s\nconsole = serial\n' "$vmlinux" | profile bad-console
bad bad-console 2 "console serial: expected stdio, pty, unix:PATH or none"
printf 'kernel = %s\nbackend = kvm\n' "$vmlinux" | profile bad-backend
bad bad-backend 2 "backend kvm: expected interp or ptrace"
printf 'kernel = %s\nhostfwd = tcp:2222\n' "$vmlinux" | profile short-hostfwd
bad short-hostfwd 2 "hostfwd tcp:2222: expected tcp:HOSTPORT:GUESTPORT"
printf 'kernel = %s\nhostfwd = tcp:0:22\n' "$vmlinux" | profile zero-port
bad zero-port 2 "hostfwd tcp:0:22: expected"
printf 'kernel = %s\nhostfwd = sctp:1:22\n' "$vmlinux" | profile sctp
bad sctp 2 "hostfwd sctp:1:22: expected"
printf 'kernel = %s\nhostfwd = tcp:2222:65536\n' "$vmlinux" | profile big-port
bad big-port 2 "hostfwd tcp:2222:65536: expected"
printf 'kernel = %s\nnetwork = none\n\nhostfwd = tcp:2222:22\n' "$vmlinux" | profile fwd-no-user
bad fwd-no-user 4 "hostfwd needs 'network = user'"
printf 'kernel = %s\ninit = sbin/init\n' "$vmlinux" | profile relative-init
bad relative-init 2 "init sbin/init: must be an absolute path"
printf 'kernel = %s\nroot = /dev/sda rw\n' "$vmlinux" | profile two-word-root
bad two-word-root 2 "root /dev/sda rw: must be one word"
printf 'kernel = %s\nmemory = 1G\x01\n' "$vmlinux" | profile control
bad control 2 "control character \(0x01\)"
printf 'kernel = %s\nmemory = 1\0G\n' "$vmlinux" | profile nul
bad nul 2 "NUL byte"
{ printf 'kernel = %s\ncmdline = ' "$vmlinux"; head -c 5000 /dev/zero | tr '\0' x; echo; } | profile long-line
bad long-line 2 "line longer than 4096 bytes"
{ printf 'kernel = %s\n' "$vmlinux"; for i in $(seq 17); do echo "disk = d$i"; done; } | profile many-disks
bad many-disks 18 "more than 16 disks"
{ printf 'kernel = %s\n' "$vmlinux"; for i in $(seq 9); do echo "hostfwd = tcp:$((2000 + i)):22"; done; } | profile many-fwds
bad many-fwds 10 "more than 8 hostfwd lines"

# files: missing, not ELF, unknown @ names, relative to the profile's directory
printf 'memory = 256M\n\nkernel = no-such-vmlinux\n' | profile missing-kernel
bad missing-kernel 3 \
	"kernel $XDG_CONFIG_HOME/lol/profiles/no-such-vmlinux: No such file or directory"
printf 'kernel = %s\n' "$disk1" | profile not-elf
bad not-elf 1 "kernel $disk1: not an ELF file"
printf 'kernel = @my-kernel\n' | profile unknown-at
bad unknown-at 1 "kernel @my-kernel: unknown"
printf 'kernel = %s\ninitrd = /no/initrd\n' "$vmlinux" | profile missing-initrd
bad missing-initrd 2 "initrd /no/initrd: No such file"
printf 'kernel = %s\ndisk = %s\ndisk = missing.img\n' "$vmlinux" "$disk1" | profile missing-disk
bad missing-disk 3 \
	"disk $XDG_CONFIG_HOME/lol/profiles/missing.img: No such file"
printf 'kernel = %s\ndisk = %s\ndisk = %s\n' "$vmlinux" "$disk1" "$disk1" | profile same-disk
bad same-disk 3 \
	"disk $disk1: already the disk of line 2"
printf 'kernel = %s\ndisk = %s\n' "$vmlinux" "$work/files" | profile dir-disk
bad dir-disk 2 "disk $work/files: not a regular file"
printf 'kernel = %s\ndisk = @default-disk\n' "$vmlinux" | profile no-default-disk
bad no-default-disk 2 \
	"disk @default-disk: $LOL_CACHE/images/default.img: No such file or directory"
chmod 444 "$disk2"
if [ "$(id -u)" != 0 ]; then
	printf 'kernel = %s\ndisk = %s\n' "$vmlinux" "$disk2" | profile readonly-disk
bad readonly-disk 2 "disk $disk2: Permission denied"
fi
chmod 644 "$disk2"

# no kernel at all: the file, no line
printf 'memory = 1G\n' | profile no-kernel
expect_error "no kernel" 2 "^lol-launch: $XDG_CONFIG_HOME/lol/profiles/no-kernel: no kernel \(add" -n no-kernel

# @guest-kernel when nothing provides one
printf 'kernel = @guest-kernel\n' | profile guest
LOL_GUEST_KERNEL=$work/files/nothing expect_error "LOL_GUEST_KERNEL missing" 2 \
	"guest:1: kernel $work/files/nothing: No such file" -n guest

# --set errors name the option
printf 'kernel = %s\n' "$vmlinux" | profile good
expect_error "--set bad value" 2 "^lol-launch: --set: cpus lots: not a number" -n --set cpus=lots good
expect_error "--set no =" 2 "^lol-launch: --set cpus: expected KEY=VALUE" -n --set cpus good
expect_error "--set unknown key" 2 "^lol-launch: --set: unknown key 'colour'" -n --set colour=red good

# the profile itself
expect_error "no such profile" 2 "^lol-launch: no profile named nothing-here in $XDG_CONFIG_HOME/lol/profiles, /etc/lol/profiles" -n nothing-here
expect_error "dot name" 2 "not a profile name" -n .hidden
expect_error "missing path" 2 "^lol-launch: $work/nowhere/p: No such file" -n "$work/nowhere/p"
head -c 1100000 /dev/zero | tr '\0' '#' >"$work/big"
expect_error "huge profile" 2 "^lol-launch: $work/big: larger than 1 MiB" -n "$work/big"
expect_error "unknown option" 2 "^lol-launch: --frobnicate: unknown option \\(try --help\\)" --frobnicate
expect_error "missing option argument" 2 "^lol-launch: --set needs an argument" --set

# well-formed oddities are accepted: comments after values, CRLF, tabs, no final newline
printf 'kernel = %s  # the kernel\r\n\tmemory\t=\t1g  \r\n# done\r\ncpus=2' "$vmlinux" | profile odd
check "comments, CRLF, tabs and no final newline are accepted" \
	sh -c "'$launch' -n odd >'$work/out' 2>'$work/err' && grep -q -- '-m 1G' '$work/out' && grep -q 'maxcpus=2' '$work/out'"
comment "$work/err" 5
finish
