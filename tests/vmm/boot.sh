#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest boot tests (issue 7): the lol guest kernel boots from a copy of
# the default busybox root disk to a shell on the console, which a script
# drives (every step with a timeout): /proc/cpuinfo, arithmetic, a 64 MiB
# file written, read back and checksummed, 1,000 fork/execs, a pipeline,
# signals, networking to a host-side server through the user-mode network,
# a hostile guest program trying to reach a host file, then poweroff (lol-vmm
# exits 0).  The kernel log must have no oops, BUG or WARNING, the image
# must be clean for e2fsck -fn, and the file the guest wrote must be in the
# image with the checksum the guest computed.  Then reboot keeps data.
#
# Needs the guest kernel (make guest-kernel) and the default disk (make
# default-disk); skips otherwise.  LOL_GUEST_KERNEL / LOL_DEFAULT_DISK
# override where they are found.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
vmm=${LOL_VMM:-$top/build/lol-vmm}
ce=${LOL_CONSOLE_EXPECT:-$(dirname "$vmm")/tests/vmm/console-expect}
tcp=$(dirname "$vmm")/tests/vmm/tcp-once
cache=${LOL_CACHE:-$HOME/.cache/lol}
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
# drive NAME MESSAGE LOL-VMM-ARGS...: run lol-vmm under console-expect with
# $work/NAME.script (transcript $work/NAME.log); ok MESSAGE if every step passed
drive() {
	local name=$1 msg=$2
	shift 2
	"$ce" -l "$work/$name.log" "$work/$name.script" -- "$vmm" "$@" 2>"$work/$name.err"
	local rc=$?
	if [ $rc -eq 0 ]; then
		ok "$msg"
	else
		notok "$name script failed (console-expect exit $rc)"
		tail -n 30 "$work/$name.log" | sed 's/^/# /'
		tail -n 5 "$work/$name.err" | sed 's/^/# /'
	fi
	return $rc
}

kernel=${LOL_GUEST_KERNEL:-}
if [ -z "$kernel" ]; then
	d=$("$top/toolchain/build-kernel" --guest --afterburn --print-dir 2>/dev/null | tail -n1) &&
		kernel=$d/vmlinux
fi
[ -n "$kernel" ] && [ -f "$kernel" ] || skip_all "guest kernel not built (make guest-kernel)"
disk=${LOL_DEFAULT_DISK:-$cache/images/default.img}
[ -f "$disk" ] || skip_all "default disk not built (make default-disk)"
for t in "$vmm" "$ce" "$tcp"; do
	[ -x "$t" ] || skip_all "$t not built"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/lol-boot.XXXXXX")
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
cp --sparse=always "$disk" "$work/sda"
echo "# kernel $kernel"
echo "# disk   $disk (copied)"

# A hostile guest program: the device-call break from user mode, asking
# for a host file (SSC_OPEN "/etc/passwd").  It must get a signal; lol-vmm
# must not open anything.  With an argument it reads the vCPU page the
# monitor shares with the kernel (LOL_VCPU_PAGE_ADDR): a segfault too.
hostile=
tc=$("$top/toolchain/lol-toolchain" prefix 2>/dev/null) || tc=
if [ -n "$tc" ] && [ -x "$tc/bin/ia64-linux-gnu-gcc" ]; then
	cat >"$work/hostile.c" <<'EOC'
static const char path[] = "/etc/passwd";
int main(int argc, char **argv)
{
	if (argc > 1)
		return (int)*(volatile long *)0x8003000000100000ul;
	register long r15 asm("r15") = 50; /* SSC_OPEN */
	register long a0 asm("out0") = (long)path;
	register long a1 asm("out1") = 1;
	asm volatile("break 0x80001" : : "r"(r15), "r"(a0), "r"(a1) : "memory");
	return 0;
}
EOC
	if "$tc/bin/ia64-linux-gnu-gcc" -static -O1 -o "$work/hostile" "$work/hostile.c" 2>"$work/cc.err" &&
		debugfs -w -R "write $work/hostile /root/hostile" "$work/sda" >/dev/null 2>&1 &&
		debugfs -w -R "set_inode_field /root/hostile mode 0100755" "$work/sda" >/dev/null 2>&1; then
		hostile=1
	fi
fi

# Two processes keeping values in f32 across reschedules: the guest kernel's
# lazy f32-f127 switching needs psr.dfh's Disabled FP-Register faults.
fph=
if [ -n "$tc" ] && "$tc/bin/ia64-linux-gnu-gcc" -static -O2 -o "$work/fph" "$top/tests/vmm/progs/fph.c" \
	2>>"$work/cc.err" && debugfs -w -R "write $work/fph /root/fph" "$work/sda" >/dev/null 2>&1 &&
	debugfs -w -R "set_inode_field /root/fph mode 0100755" "$work/sda" >/dev/null 2>&1; then
	fph=1
fi

"$tcp" 600 "$work/port" &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
arith=$(( (123456789 * 987654321) % 1000003 ))

cat >"$work/boot.script" <<EOS
expect lol guest ready 120
expect # 60
sendline export PS1='lol# '
expect lol# 30
sendline grep -q 'lol-vmm' /proc/cpuinfo && grep -q '^family' /proc/cpuinfo; echo CPUINFO=\$?
expect CPUINFO=0 30
sendline echo ARITH=\$(( (123456789 * 987654321) % 1000003 ))
expect ARITH=$arith 30
sendline dd if=/dev/urandom of=/root/big bs=1M count=64 2>/dev/null; sha256sum /root/big >/root/big.sum; sync; echo 3 >/proc/sys/vm/drop_caches; sha256sum -c /root/big.sum >/dev/null; echo FILE=\$?
expect FILE=0 600
sendline i=0; while [ \$i -lt 1000 ]; do /bin/true || break; i=\$((i+1)); done; echo FORKS=\$i
expect FORKS=1000 600
sendline seq 1 5000 | sort -rn | head -n 1 | tr 0-9 a-j | sed 's/^/PIPE=/'
expect PIPE=faaa 60
# (the sleep 1: an interactive shell ignores SIGTERM, and its child does until it execs)
sendline sleep 60 & p=\$!; sleep 1; kill -TERM \$p; wait \$p; echo SIG=\$?
expect SIG=143 60
sendline sh -c 'trap "echo TRAP=caught" USR1; kill -USR1 \$\$; echo after'
expect TRAP=caught 30
sendline for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do ip -4 addr show eth0 | grep -q inet && break; sleep 1; done; wget -q -O - http://10.0.2.2:$port/ | sed 's/^/NET=/'
expect NET=hello-from-host 120
EOS
if [ -n "$hostile" ]; then
	cat >>"$work/boot.script" <<'EOS'
sendline /root/hostile; echo HOSTILE=$?
expect HOSTILE=133 60
sendline /root/hostile vcpu-page; echo VCPUPAGE=$?
expect VCPUPAGE=139 60
EOS
fi
if [ -n "$fph" ]; then
	cat >>"$work/boot.script" <<'EOS'
sendline /root/fph 1000000 & /root/fph 2000000 & wait; echo FPH-DONE
expect FPH-DONE 600
EOS
fi
cat >>"$work/boot.script" <<'EOS'
sendline poweroff
wait-exit 0 120
EOS

drive boot "boot to a shell, cpuinfo, arithmetic, 64 MiB file, 1,000 fork/exec, pipeline, signals, network${hostile:+, hostile break and vCPU-page read}, poweroff exits 0" \
	-k -v "$kernel" "simscsi=$work/sd" simeth=eth0 root=/dev/sda rw init=/sbin/init
# the guest kernel's memory is in region 4: regions 5-7 (the host kernel's
# under the ptrace back end) are never looked up, region 4 is
# the first line of lol-vmm -v's statistics matching $1 (they reach the
# console log or the error file, whichever lol-vmm's stderr was)
boot_stat() { cat "$work/boot.err" "$work/boot.log" | grep -a "$1" | head -n1 | tr -d '\r'; }
regions=$(boot_stat 'vTLB lookups by region')
if [[ $regions =~ \ 4:[1-9][0-9]*\ 5:0\ 6:0\ 7:0$ ]]; then
	ok "the guest used no address in regions 5-7 (${regions##*region })"
else
	notok "the guest used regions 5-7 or the monitor printed no region counts: ${regions:-none}"
fi
# the wedge keeps psr.i in the vCPU page: interrupts that enabling made
# deliverable come as its LOL_HC_PENDING hypercalls
hcalls=$(boot_stat 'cpu0: *hypercalls' | awk '{print $NF}')
if [ "${hcalls:-0}" -gt 0 ]; then
	ok "the kernel masks interrupts through the wedge: $hcalls LOL_HC_PENDING hypercalls"
else
	notok "no hypercall from the wedge (is lol-wedge.patch applied?)"
fi
if grep -Eq 'Oops|BUG[: ]|WARNING:|Call Trace|Kernel panic' "$work/boot.log"; then
	notok "the kernel log has an oops, BUG or WARNING"
	grep -E -m5 'Oops|BUG|WARNING|Call Trace|panic' "$work/boot.log" | sed 's/^/# /'
else
	ok "no oops, BUG or WARNING in the kernel log"
fi
if [ -n "$hostile" ]; then
	if grep -q "/etc/passwd" "$work/boot.err"; then
		notok "a guest program's device call reached the monitor"
	else
		ok "a guest program's device call for /etc/passwd got a signal, not a host file"
	fi
fi
if [ -n "$fph" ]; then
	if [ "$(grep -ac 'FPH [12]000000 bad=0' "$work/boot.log")" = 2 ]; then
		ok "two processes keep their own f32 across 20,000 reschedules each (lazy FP switching)"
	else
		notok "f32 values leaked between processes"
		grep -a 'FPH' "$work/boot.log" | sed 's/^/# /'
	fi
fi
if e2fsck -fn "$work/sda" >"$work/fsck.out" 2>&1; then
	ok "e2fsck -fn clean after poweroff"
else
	notok "e2fsck -fn after poweroff"
	head -n 10 "$work/fsck.out" | sed 's/^/# /'
fi
guest_sum=$(debugfs -R "cat /root/big.sum" "$work/sda" 2>/dev/null | cut -d' ' -f1)
host_sum=$(debugfs -R "dump /root/big $work/big" "$work/sda" >/dev/null 2>&1 && sha256sum <"$work/big" | cut -d' ' -f1)
if [ -n "$guest_sum" ] && [ "$guest_sum" = "$host_sum" ]; then
	ok "the 64 MiB file in the image has the guest's checksum ($guest_sum)"
else
	notok "file checksum: guest '$guest_sum', host '$host_sum'"
fi
rm -f "$work/big"

# reboot keeps data
cat >"$work/reboot.script" <<'EOS'
expect lol guest ready 120
expect # 60
sendline echo lol-persist-4711 >/root/persist; sync; reboot
expect lol guest ready 180
expect # 60
sendline cat /root/persist | sed 's/^/GOT=/'
expect GOT=lol-persist-4711 30
sendline poweroff
wait-exit 0 120
EOS
drive reboot "a file written before reboot is there after it; poweroff exits 0" \
	"$kernel" "simscsi=$work/sd" root=/dev/sda rw init=/sbin/init
if e2fsck -fn "$work/sda" >"$work/fsck.out" 2>&1; then
	ok "e2fsck -fn clean after reboot and poweroff"
else
	notok "e2fsck -fn after reboot"
	head -n 10 "$work/fsck.out" | sed 's/^/# /'
fi
# an initramfs instead of a disk: its /init runs, halt ends lol-vmm with 0
busybox_bin=$(dirname "$("$top/toolchain/mkroot" 2>/dev/null | tail -n1)")/root/bin/busybox
if [ -x "$busybox_bin" ]; then
	mkdir -p "$work/ird/bin" "$work/ird/proc"
	cp "$busybox_bin" "$work/ird/bin/busybox"
	ln -s busybox "$work/ird/bin/sh"
	printf '#!/bin/sh\n/bin/busybox mount -t proc proc /proc\necho "INITRD-OK $(/bin/busybox cat /proc/cmdline)"\n/bin/busybox halt -f\n' >"$work/ird/init"
	chmod +x "$work/ird/init"
	(cd "$work/ird" && find . | cpio -o -H newc 2>/dev/null | gzip) >"$work/initrd.gz"
	timeout 120 "$vmm" --initrd "$work/initrd.gz" "$kernel" rdinit=/init lol-marker-1 </dev/null >"$work/ird.out" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -aq "INITRD-OK rdinit=/init lol-marker-1" "$work/ird.out"; then
		ok "--initrd: the initramfs's /init runs with the command line; halt exits 0"
	else
		notok "--initrd run: exit $rc"
		tail -n 10 "$work/ird.out" | sed 's/^/# /'
	fi
else
	n=$((n + 1)); echo "ok $n # SKIP no busybox root for the initramfs case"
fi

# two vCPUs: both online, work on both, clean poweroff
cat >"$work/smp.script" <<'EOS'
expect lol guest ready 180
expect # 60
sendline echo CPUS=$(grep -c ^processor /proc/cpuinfo)
expect CPUS=2 30
sendline (i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done; echo A-done) & (i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done; echo B-done) & wait; echo BOTH=ok
expect BOTH=ok 300
sendline poweroff
wait-exit 0 120
EOS
drive smp "maxcpus=2: two CPUs online, fork/exec on both, poweroff exits 0" \
	"$kernel" maxcpus=2 "simscsi=$work/sd" root=/dev/sda rw init=/sbin/init
if grep -Eq 'Oops|BUG[: ]|WARNING:|Call Trace|Kernel panic' "$work/smp.log"; then
	notok "maxcpus=2: the kernel log has an oops, BUG or WARNING"
fi
# the same kernel built without the afterburner (make guest-kernel-plain):
# every privileged op a trap, emulated
plain=$("$top/toolchain/build-kernel" --guest --no-afterburn --print-dir 2>/dev/null | tail -n1)
if [ -n "$plain" ] && [ -f "$plain/vmlinux" ] && [ "$plain/vmlinux" != "$kernel" ]; then
	cat >"$work/plain.script" <<'EOS'
expect lol guest ready 180
expect # 60
sendline echo PLAIN=$(( 6 * 7 )) $(ls /bin | wc -l)
expect PLAIN=42 60
sendline poweroff
wait-exit 0 120
EOS
	drive plain "the kernel built without the afterburner boots to a shell and powers off (exit 0)" \
		-v "$plain/vmlinux" "simscsi=$work/sd" root=/dev/sda rw init=/sbin/init
else
	n=$((n + 1)); echo "ok $n # SKIP no plain guest kernel (make guest-kernel-plain)"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
