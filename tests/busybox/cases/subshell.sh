# Subshells, command substitution, grouping, background jobs and wait, exit statuses.
x=outer
(x=inner; echo "in subshell: $x")
echo "after: $x"
( exit 3 ); echo "status $?"
v=$(echo "a $(echo "b $(echo c)")"); echo "$v"
n=$( (echo 1; echo 2; echo 3) | wc -l ); echo "lines $((n))"
{ echo one; echo two; } >grp.txt; cat grp.txt
( cd /; pwd )
mkdir -p sub/deeper && ( cd sub/deeper && echo "here: ${PWD##*/}" )
echo "back: $(basename "$(pwd)" | grep -c .)"
i=0
while [ $i -lt 4 ]; do (echo "job $i" >job.$i; exit $i) & i=$((i + 1)); done
wait
cat job.0 job.1 job.2 job.3
sh -c 'exit 42'; echo "sh -c status $?"
false || echo "false ||"
true && echo "true &&"
if ! grep -q nothing-like-this words.txt; then echo "not found"; fi
f() { local y=5; echo "f $1 $y"; return 7; }
f arg; echo "f returned $?"
set -- a b c; shift; echo "$# $*"
for i in 1 2 3; do (echo "loop $i") | cat; done
c=0; for i in $(seq 1 30); do c=$((c + $(echo $i | wc -c))); done; echo "forks $c"
