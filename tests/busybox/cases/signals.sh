# Signals: trap handlers, kill to self, to children, to background jobs; exit traps.
trap 'echo "got USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap 'echo "got USR2"; n=$((n + 1))' USR2
n=0
kill -USR2 $$; kill -USR2 $$; kill -s USR2 $$
echo "USR2 count $n"
trap - USR1
sh -c 'trap "echo child got TERM; exit 5" TERM; kill -TERM $$; echo not reached'
echo "child status $?"
sh -c 'kill -KILL $$'
echo "killed child status $?"
sleep 30 &
p=$!
kill -TERM $p
wait $p
echo "background status $?"
( trap 'echo "subshell HUP"; exit 9' HUP; kill -HUP "$(sh -c 'echo $PPID')"; echo unreached )
echo "subshell status $?"
trap 'echo "INT handled"' INT
kill -INT $$
echo "still running"
kill -0 $$ && echo "kill -0 ok"
sh -c 'trap "" TERM; kill -TERM $$; echo ignored TERM'
trap 'echo "exit trap $?"' EXIT
exit 4
