#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# console-expect, the boot tests' console driver, against /bin/sh on a pty:
# steps that pass, the transcript, and each way a step fails (with the
# script line named), plus bad scripts.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ce=${LOL_CONSOLE_EXPECT:-$top/build/tests/vmm/console-expect}
work=$(mktemp -d "${TMPDIR:-/tmp}/console-expect-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
comment() { head -n "${2:-10}" "$1" | sed 's/^/# /'; }
if [ ! -x "$ce" ]; then
	notok "console-expect not built ($ce)"
	echo "1..$n"
	exit 1
fi
export PS1='lolsh$ ' ENV= LC_ALL=C

# run NAME WANT-STATUS STDERR-REGEX COMMAND...: the script on stdin
run() {
	local name=$1 want=$2 re=$3
	shift 3
	cat >"$work/$name.script"
	(cd "$work" && timeout 60 "$ce" -l "$name.log" "$name.script" -- "$@") >"$work/out" 2>"$work/err"
	local rc=$? good=0
	if [ -z "$re" ]; then
		[ ! -s "$work/err" ] && good=1
	else
		[ "$(wc -l <"$work/err")" = 1 ] && grep -qE -- "$re" "$work/err" && good=1
	fi
	if [ "$rc" = "$want" ] && [ "$good" = 1 ]; then
		ok "$name: exit $rc${re:+: $(cat "$work/err")}"
	else
		notok "$name: exit $rc (want $want)"
		comment "$work/err"
	fi
}

run shell 0 "" /bin/sh -i <<'EOT'
# a session: prompt, a command, Ctrl-C, exit status (each command is
# typed once the prompt is back, as a person would)
expect ^lolsh\$ $ 10
sendline echo hel""lo from $((6 * 7))
expect ^hello from 42$ 10
expect ^lolsh\$ $ 10
sendline tty
expect ^/dev/pts/[0-9]+$ 10
expect ^lolsh\$ $ 10
sendline sh -c 'echo sleeping; exec sleep 60'
expect ^sleeping$ 10
send \x03
expect lolsh\$ $ 10
send exit 3\r
wait-exit 3 10
EOT
log=$work/shell.log
if grep -q "hello from 42" "$log" && grep -q 'echo hel""lo' "$log" && [ "$(grep -c $'\r$' "$log")" -ge 3 ]; then
	ok "the transcript holds the output and the echo, with the terminal's CR LF"
else
	notok "the transcript"
	comment "$log"
fi

run timeout 1 '^console-expect: timeout\.script:3: expect never seen: not seen within 1\.0 s; output since the last match: "echo abc\\nabc\\nlolsh\$ "$' \
	/bin/sh -i <<'EOT'
expect lolsh\$ $
sendline echo abc
expect never seen 1
EOT
run exited 1 '^console-expect: exited\.script:2: expect zzz: the command exited with status 4 first' \
	/bin/sh -i <<'EOT'
sendline exit 4
expect zzz 30
EOT
run status 1 '^console-expect: status\.script:2: wait-exit 0: the command exited with status 5' \
	/bin/sh -i <<'EOT'
sendline exit 5
wait-exit 0 10
EOT
run signal 1 'wait-exit any: the command still runs after 0\.5 s' sleep 30 <<'EOT'
wait-exit any 0.5
EOT
run killed 1 'wait-exit 0: the command was killed by signal 9' sh -c 'kill -9 $$' <<'EOT'
wait-exit 0 10
EOT
run any 0 "" sh -c 'exit 9' <<'EOT'
wait-exit any 10
EOT
start=$(date +%s)
run stops 0 "" sh -c 'echo up; exec sleep 100' <<'EOT'
expect up
EOT
[ $(($(date +%s) - start)) -lt 20 ] && ok "the command is stopped when the script ends" ||
	notok "the command was not stopped"

run unknown-step 2 '^console-expect: unknown-step\.script:2: unknown step .frobnicate.' /bin/sh <<'EOT'
expect x
frobnicate
EOT
run bad-regex 2 '^console-expect: bad-regex\.script:1: expect \(a:' /bin/sh <<'EOT'
expect (a
EOT
run bad-escape 2 '^console-expect: bad-escape\.script:1: send \\q: bad escape' /bin/sh <<'EOT'
send \q
EOT
run bad-status 2 '^console-expect: bad-status\.script:1: wait-exit 300: expected a status' /bin/sh <<'EOT'
wait-exit 300
EOT
run no-command 2 '^console-expect: /nonexistent/x: No such file or directory' /nonexistent/x <<'EOT'
expect x
EOT
echo "1..$n"
[ "$fails" -eq 0 ]
