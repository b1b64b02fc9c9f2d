#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every privileged or sensitive instruction form of the ISA library (ab_forms)
# in every context the afterburner must handle: alone, predicated, after 0-2
# other instructions (so gas puts it in different slots), in every slot of
# explicit bundles { .mmi ... } that its unit allows, under a gcc-style
# template directive, several statements per line, after a label, and in a
# gas .macro.  For each form one file is assembled twice, by the real
# ia64-linux-gnu-as and through lol-afterburn (as gcc -B<dir> would run it,
# with LOL_AFTERBURN_VERIFY=1: the objects must be equal but for the sites,
# whose records must hold the original encodings); the afterburned run must
# give no warning the real one does not, and --audit on its object must find
# every site annotated and nothing else.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# the build directory: the one make check names through LOL_DIS (O=...)
bindir=$(dirname "${LOL_DIS:-$top/build/lol-dis}")
ab=${LOL_AFTERBURN:-$bindir/lol-afterburn}
forms=${AB_FORMS:-$bindir/tests/afterburner/ab_forms}
real=$(command -v ia64-linux-gnu-as)
if [ -z "$real" ]; then
	echo "ok 1 # SKIP ia64-linux-gnu-as not installed"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$ab" "$work/bin/as"
export LOL_REAL_AS="$real"

n=0
fails=0
# check NAME FILE EXPECTED-SITES
check() {
	local name=$1 f=$2 want=$3 why=""
	n=$((n + 1))
	if ! "$real" -x -o "$work/orig.o" "$f" 2>"$work/orig.err"; then
		why="the real assembler refuses it: $(grep -m1 Error "$work/orig.err")"
	elif ! LOL_AFTERBURN_VERIFY=1 "$work/bin/as" -x -o "$work/ab.o" "$f" 2>"$work/ab.err"; then
		why="afterburned assembly failed: $(grep -v 'Assembler messages' "$work/ab.err" | head -3 | tr '\n' ' ')"
	elif grep -v 'Assembler messages:' "$work/ab.err" | grep -Fxv -f "$work/orig.err" >"$work/new.err"; then
		why="new warnings: $(head -2 "$work/new.err" | tr '\n' ' ')"
	elif ! "$ab" --audit "$work/ab.o" >"$work/audit.out" 2>"$work/audit.err"; then
		why="audit: $(head -2 "$work/audit.err" | tr '\n' ' ')"
	else
		local got
		got=$(sed -n '1s/^[^:]*: \([0-9]*\) sites.*/\1/p' "$work/audit.out")
		[ "$got" = "$want" ] || why="$got sites annotated, expected $want"
	fi
	if [ -z "$why" ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name: $why"
		fails=$((fails + 1))
		cp "$f" "$bindir/tests/afterburner/failed-$n.s" 2>/dev/null
	fi
}

mkdir -p "$bindir/tests/afterburner" 2>/dev/null
"$forms" | sort -u >"$work/forms.txt"
total=$(wc -l <"$work/forms.txt")
if [ "$total" -lt 100 ]; then
	echo "not ok 1 - ab_forms listed only $total forms"
	exit 1
fi
k=0
while read -r unit last noqp text; do
	k=$((k + 1))
	f=$work/f$k.s
	sites=0
	{
		echo "	.text"
		echo "	.global f$k"
		echo "	.proc f$k"
		echo "f$k:"
		# alone, then after one and two other instructions (other slots)
		echo "	$text"; echo "	;;"
		echo "	mov r9=r10"; echo "	$text"; echo "	;;"
		echo "	add r9=r10,r11"; echo "	add r14=r15,r16"; echo "	$text"; echo "	;;"
		sites=$((sites + 3))
		if [ "$noqp" = 0 ]; then
			echo "	(p6) $text"; echo "	;;"
			echo "	mov r9=r10"; echo "	(p7) $text"; echo "	;;"
			sites=$((sites + 2))
		fi
		# several statements on a line, a label, a comment
		echo "	mov r9=r10 ; $text ;; add r14=r15,r16 // $text"
		echo "	;;"
		echo "l$k:	$text	/* $text */"
		echo "	;;"
		sites=$((sites + 2))
		# explicit bundles: every slot the unit allows
		qp=""; [ "$noqp" = 0 ] && qp="(p6) "
		stop=""; [ "$last" = 1 ] && stop=" ;;"
		case $unit in
		M)
			echo "	{ .mmi"; echo "	  $text$stop"; echo "	  nop.m 0"; echo "	  nop.i 0"; echo "	}"
			echo "	{ .mmi"; echo "	  $qp$text$stop"; echo "	  nop.m 0"; echo "	  nop.i 0 ;;"; echo "	}"
			sites=$((sites + 2))
			if [ "$last" = 0 ]; then
				echo "	{ .mii"; echo "	  $qp$text"; echo "	  nop.i 0"; echo "	  nop.i 0 ;;"; echo "	}"
				echo "	{ .mlx"; echo "	  $text"; echo "	  movl r9=0x123456789"; echo "	}"
				echo "	{ .mfb"; echo "	  $text"; echo "	  nop.f 0"; echo "	  nop.b 0 ;;"; echo "	}"
				echo "	{ .mmi"; echo "	  nop.m 0"; echo "	  $qp$text"; echo "	  nop.i 0"; echo "	}"
				echo "	{ .mmb"; echo "	  nop.m 0"; echo "	  $text"; echo "	  nop.b 0 ;;"; echo "	}"
				echo "	{ .mmi ; nop.m 0 ; $text ; nop.i 0 ;; }"
				# gcc's template directives
				echo "	.mmi"; echo "	$text"; echo "	nop.m 0"; echo "	nop.i 0"
				echo "	.mmi"; echo "	nop.m 0"; echo "	$text"; echo "	nop.i 0 ;;"
				sites=$((sites + 8))
			fi
			;;
		B)
			echo "	{ .mib"; echo "	  nop.m 0"; echo "	  nop.i 0"; echo "	  $qp$text$stop"; echo "	}"
			echo "	{ .bbb"; echo "	  nop.b 0"; echo "	  nop.b 0"; echo "	  $text$stop"; echo "	}"
			echo "	{ .mbb"; echo "	  nop.m 0"; echo "	  nop.b 0"; echo "	  $text$stop"; echo "	}"
			sites=$((sites + 3))
			if [ "$last" = 0 ]; then
				echo "	{ .mbb"; echo "	  nop.m 0"; echo "	  $text"; echo "	  nop.b 0 ;;"; echo "	}"
				echo "	{ .bbb"; echo "	  $text"; echo "	  $text"; echo "	  nop.b 0 ;;"; echo "	}"
				echo "	.mib"; echo "	nop 0"; echo "	nop 0"; echo "	$text ;;"
				sites=$((sites + 4))
			fi
			;;
		esac
		# a gas macro, with and without the register as an argument
		mtext=${text/r2/\\reg}
		echo "	.macro lolm$k reg"
		echo "	nop.m 0"
		echo "	$mtext"
		echo "	;;"
		echo "	.endm"
		echo "	lolm$k r2"
		echo "	lolm$k reg=r2"
		sites=$((sites + 2))
		echo "	br.ret.sptk.many b0"
		echo "	.endp f$k"
	} >"$f"
	check "$text ($unit, $sites sites)" "$f" "$sites"
done <"$work/forms.txt"
echo "# $fails of $n forms failed"
[ "$fails" = 0 ]
