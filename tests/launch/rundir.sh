#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-launch's run directory: private, one per profile, holding the links
# sda, sdb... to the profile's disks (lol-vmm's simscsi=RUNDIR/sd), kept up
# to date, and a lock so a profile runs once at a time.
. "$(dirname "$0")/lib.sh"
run=$XDG_RUNTIME_DIR/lol

mkdir -p "$XDG_CONFIG_HOME/lol/profiles/disks"
cp "$disk2" "$XDG_CONFIG_HOME/lol/profiles/disks/rel.img"
printf 'kernel = %s\ndisk = %s\ndisk = disks/rel.img\n' "$vmlinux" "$disk1" | profile two
"$launch" -n two >"$work/out" 2>"$work/err"
check "--dry-run with two disks succeeds" [ $? = 0 ]
comment "$work/err"
check "the run directory is \$XDG_RUNTIME_DIR/lol/two, mode 0700" \
	[ "$(stat -c %a "$run/two")$(stat -c %a "$run")" = 700700 ]
check "sda links to the first disk" [ "$(readlink "$run/two/sda")" = "$disk1" ]
check "sdb links to the second, made absolute" \
	[ "$(readlink "$run/two/sdb")" = "$XDG_CONFIG_HOME/lol/profiles/disks/rel.img" ]
check "no sdc" [ "$(ls "$run/two")" = "$(printf 'lock\nsda\nsdb')" ]
check "the command line names RUNDIR/sd" grep -q "simscsi=$run/two/sd " "$work/out"

printf 'kernel = %s\ndisk = %s\n' "$vmlinux" "$disk2" | profile two
"$launch" -n two >/dev/null 2>&1
check "one disk now: sda follows the profile" [ "$(readlink "$run/two/sda")" = "$disk2" ]
check "one disk now: the stale sdb link is gone" [ ! -L "$run/two/sdb" ]
check "no temporary links are left" [ -z "$(ls -A "$run/two" | grep -v -e '^sda$' -e '^lock$')" ]

mkdir "$run/two/sdc"
expect_error "something other than a link at sdc" 1 "^lol-launch: $run/two/sdc: not a symbolic link left by lol-launch" \
	-n two
rmdir "$run/two/sdc"

# a profile by path is named after its file
mkdir -p "$work/elsewhere"
printf 'kernel = %s\ndisk = %s\n' "$vmlinux" "$disk1" >"$work/elsewhere/byname"
"$launch" -n "$work/elsewhere/byname" >/dev/null 2>&1
check "a profile given by path gets a run directory named after the file" \
	[ "$(readlink "$run/byname/sda")" = "$disk1" ]

# without XDG_RUNTIME_DIR: $TMPDIR/lol-UID
mkdir -p "$work/tmp"
env -u XDG_RUNTIME_DIR TMPDIR="$work/tmp" "$launch" -n two >"$work/out" 2>&1
check "without XDG_RUNTIME_DIR: \$TMPDIR/lol-UID/NAME" \
	[ "$(readlink "$work/tmp/lol-$(id -u)/two/sda")" = "$disk2" ]
chmod 755 "$work/tmp/lol-$(id -u)"
env -u XDG_RUNTIME_DIR TMPDIR="$work/tmp" "$launch" -n two >"$work/out" 2>"$work/err"
rc=$?
check "a run directory open to others is refused" \
	sh -c "[ $rc = 1 ] && grep -q 'not a private directory' '$work/err' && [ \$(wc -l <'$work/err') = 1 ]"
comment "$work/err"
long=$work/tmp/$(printf 'x%.0s' $(seq 125))
mkdir -p "$long"
env -u XDG_RUNTIME_DIR TMPDIR="$long" "$launch" -n two >"$work/out" 2>"$work/err"
check "a run directory too long for simscsi= is refused" grep -q "path too long for the guest's simscsi=" "$work/err"

printf 'kernel = %s\nconsole = unix:%s\n' "$vmlinux" "$(printf 'c%.0s' $(seq 100))" | profile longsock
expect_error "a console socket path too long" 2 "^lol-launch: $XDG_CONFIG_HOME/lol/profiles/longsock:2: console unix:c+: the socket path is longer than 107 bytes" -n longsock

# the lock: a running profile cannot start twice; --dry-run still shows it
slow=$work/files/slow-vmm
printf '#!/bin/sh\necho started >"%s"\nexec sleep 30\n' "$work/started" >"$slow"
chmod +x "$slow"
"$launch" -q --vmm "$slow" two &
pid=$!
for i in $(seq 50); do [ -e "$work/started" ] && break; sleep 0.1; done
check "the lock file holds the monitor's pid" [ "$(cat "$run/two/lock")" = "$pid" ]
expect_error "a second launch of a running profile" 1 "^lol-launch: two: already running \(pid $pid; lock $run/two/lock\)" two
printf 'kernel = %s\ndisk = %s\n' "$vmlinux" "$disk1" | profile two
"$launch" -n two >"$work/out" 2>"$work/err"
check "--dry-run of a running profile prints the command line" grep -q "simscsi=$run/two/sd" "$work/out"
check "... and leaves the running instance's links alone" [ "$(readlink "$run/two/sda")" = "$disk2" ]
kill "$pid"
wait "$pid" 2>/dev/null
"$launch" -n two >/dev/null 2>&1
check "once it stopped, the links follow the profile again" [ "$(readlink "$run/two/sda")" = "$disk1" ]
finish
