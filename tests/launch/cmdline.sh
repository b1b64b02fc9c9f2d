#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The lol-vmm command line lol-launch makes from a profile (--dry-run), and
# running it: the monitor gets exactly those arguments and its exit status
# is lol-launch's.
. "$(dirname "$0")/lib.sh"
run=$XDG_RUNTIME_DIR/lol

# same DESCRIPTION EXPECTED lol-launch-arguments...: --dry-run prints EXPECTED
same() {
	local desc=$1 want=$2
	shift 2
	local got
	got=$("$launch" --dry-run "$@" 2>"$work/err")
	if [ "$got" = "$want" ] && [ ! -s "$work/err" ]; then
		ok "$desc"
	else
		notok "$desc"
		echo "# want: $want"
		echo "# got:  $got"
		comment "$work/err" 5
	fi
}

printf 'kernel = %s\n' "$vmlinux" | profile minimal
same "a kernel alone: the defaults" \
	"$fake_vmm -m 256M --console stdio --net user $vmlinux maxcpus=1" minimal

mkdir -p "$XDG_CONFIG_HOME/lol/profiles/k"
cp "$vmlinux" "$XDG_CONFIG_HOME/lol/profiles/k/vmlinux"
cp "$disk1" "$XDG_CONFIG_HOME/lol/profiles/k/initrd.cpio"
cat <<EOT | profile full
# every key
description = all of them
memory = 1G
cpus = 4
kernel = k/vmlinux
initrd = k/initrd.cpio
disk = $disk1
disk = ~/../files/two.img
root = /dev/sdb
init = /bin/sh
cmdline = console=ttyS0   quiet
cmdline = loglevel=3
network = tap:tap0
console = unix:console.sock
backend = ptrace
EOT
pdir=$XDG_CONFIG_HOME/lol/profiles
same "every key" "$fake_vmm -m 1G --initrd $pdir/k/initrd.cpio --console unix:$run/full/console.sock \
--net tap:tap0 --backend ptrace $pdir/k/vmlinux maxcpus=4 simscsi=$run/full/sd root=/dev/sdb init=/bin/sh \
console=ttyS0 quiet loglevel=3" full
same "monitor options and kernel words from the command line" \
	"$fake_vmm -k --trace --stats -m 256M --console stdio --net user $vmlinux maxcpus=1 single debug" \
	-k --trace -v minimal single debug
same "--set replaces a value and adds a disk" \
	"$fake_vmm -m 2G --console pty --net user $vmlinux maxcpus=1 simscsi=$run/minimal/sd root=/dev/sda" \
	--set memory=2G --set console=pty --set disk="$disk2" minimal

printf 'kernel = %s\ndisk = %s\nhostfwd = tcp:2222:22\nhostfwd = udp:5353:53\n' "$vmlinux" "$disk1" |
	profile fwd
same "hostfwd, and the first disk as root" \
	"$fake_vmm -m 256M --console stdio --net user --hostfwd tcp:2222:22 --hostfwd udp:5353:53 \
$vmlinux maxcpus=1 simscsi=$run/fwd/sd root=/dev/sda" fwd
printf 'kernel = %s\ndisk = %s\nroot = none\nnetwork = none\nconsole = unix:/tmp/c.sock\n' \
	"$vmlinux" "$disk1" | profile noroot
same "root = none, network none, an absolute socket" \
	"$fake_vmm -m 256M --console unix:/tmp/c.sock --net none $vmlinux maxcpus=1 simscsi=$run/noroot/sd" \
	noroot
printf 'kernel = %s\nconsole = none\nbackend = interp\n' "$vmlinux" | profile quiet
same "console none; backend interp is the monitor's default" \
	"$fake_vmm -m 256M --console none --net user $vmlinux maxcpus=1" quiet

for m in 1g:1G 1536M:1536M 300:300M 65536K:64M 2GiB:2G 1048577K:1048577K 64G:64G; do
	printf 'kernel = %s\nmemory = %s\n' "$vmlinux" "${m%%:*}" | profile mem
	same "memory ${m%%:*} is -m ${m#*:}" \
		"$fake_vmm -m ${m#*:} --console stdio --net user $vmlinux maxcpus=1" mem
done

printf 'kernel = %s\ncmdline = a=it'"'"'s x$y\n' "$vmlinux" | profile quoting
same "words are shell-quoted when needed" \
	"$fake_vmm -m 256M --console stdio --net user $vmlinux maxcpus=1 'a=it'\\''s' 'x\$y'" quoting

printf 'kernel = @guest-kernel\n' | profile guest
LOL_GUEST_KERNEL=$vmlinux same "@guest-kernel from LOL_GUEST_KERNEL" \
	"$fake_vmm -m 256M --console stdio --net user $vmlinux maxcpus=1" guest
same "a profile by path, --vmm" "/opt/vmm -m 256M --console stdio --net user $vmlinux maxcpus=1" \
	--vmm /opt/vmm "$XDG_CONFIG_HOME/lol/profiles/minimal"

# running: the monitor gets the arguments --dry-run shows, its status is ours
"$launch" --dry-run fwd >"$work/shown"
"$launch" fwd extra >"$work/args" 2>"$work/err"
rc=$?
check "the monitor's exit status (7) is lol-launch's" [ "$rc" = 7 ]
printf '%s\n' $(cat "$work/shown") extra >"$work/want"
check "the monitor got the --dry-run arguments" cmp -s "$work/want" <(echo "$fake_vmm"; cat "$work/args")
check "one summary line on stderr" grep -qx "lol-launch: booting fwd: 256 MiB, 1 CPU, 1 disk, network user, console stdio (Ctrl-A x quits)" "$work/err"
"$launch" -q fwd >/dev/null 2>"$work/err"
check "-q: nothing on stderr" [ ! -s "$work/err" ]
"$launch" --vmm "$work/files/none" minimal >/dev/null 2>"$work/err"
rc=$?
check "a missing monitor: exit 127, naming it" \
	sh -c "[ $rc = 127 ] && [ \$(wc -l <'$work/err') = 2 ] && grep -q 'cannot run $work/files/none' '$work/err'"

# an installed layout: PREFIX/bin/lol-launch finds PREFIX/bin/lol-vmm,
# PREFIX/share/lol/profiles and PREFIX/lib/lol/guest/vmlinux
prefix=$work/prefix
mkdir -p "$prefix/bin" "$prefix/share/lol/profiles" "$prefix/lib/lol/guest"
cp "$launch" "$prefix/bin/lol-launch"
cp "$fake_vmm" "$prefix/bin/lol-vmm"
cp "$vmlinux" "$prefix/lib/lol/guest/vmlinux"
printf 'kernel = @guest-kernel\ncpus = 2\n' >"$prefix/share/lol/profiles/shipped"
got=$(env -u LOL_VMM "$prefix/bin/lol-launch" -n shipped 2>&1)
same_str "installed: monitor, profile and guest kernel found from PREFIX" \
	"$prefix/bin/lol-vmm -m 256M --console stdio --net user $prefix/lib/lol/guest/vmlinux maxcpus=2" "$got"
finish
