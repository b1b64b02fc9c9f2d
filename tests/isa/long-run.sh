#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Long differential run: N random bundles against objdump, in chunks of
# 500,000 with consecutive seeds, on all cores.  Prints the total.
set -u
prog=$1 total=${2:-5000000} chunk=500000
seed0=${SEED:-$(date +%s)}
jobs=$(nproc)
n=$(( (total + chunk - 1) / chunk ))
echo "# long run: $total bundles in $n chunks, seeds $seed0..$((seed0 + n - 1))"
seq 0 $((n - 1)) | xargs -P "$jobs" -I{} sh -c "$prog -n $chunk -s \$(($seed0 + {})) -q -k 0 | tail -2" > /tmp/lol-long-run.$$
grep -h mismatches /tmp/lol-long-run.$$ | awk '{c+=$2; m+=$5} END {printf "# %d lines compared, %d mismatches\n", c, m}'
bad=$(grep -c '^not ok' /tmp/lol-long-run.$$)
rm -f /tmp/lol-long-run.$$
echo "$([ "$bad" -eq 0 ] && echo ok || echo 'not ok') 1 - $((n * chunk)) random bundles, $bad chunks with mismatches"
[ "$bad" -eq 0 ]
