# SPDX-License-Identifier: GPL-2.0
# Read the Tcl ".x" file of a gcc.c-torture/execute/ieee test as c-torture.exp would for
# ia64-linux-gnu.  Prints "OPTS flags" for `lappend additional_flags ...` and "SKIP reason"
# when the script returns 1.  Understood: top-level lappend/return, and `if` blocks whose
# condition is [check_effective_target_X] for an effective target we have (their body is
# then read as top level); every other `if` (other targets' istarget tests) is skipped.
# POSIX awk.
BEGIN {
	n = split("c99_runtime signal", kw, " ")
	for (i = 1; i <= n; i++) has[kw[i]] = 1
	depth = 0; live = 1; done = 0; opts = ""
}
function count(s, c,    n, i) { n = 0; for (i = 1; i <= length(s); i++) if (substr(s, i, 1) == c) n++; return n }
done { next }
/^[ \t]*#/ { next }
{
	line = $0
	if (depth == 0 && line ~ /^[ \t]*if[ \t]/) {
		cond = line
		live = 0
		if (match(cond, /check_effective_target_[a-z0-9_]+/)) {
			k = substr(cond, RSTART + 23, RLENGTH - 23)
			if ((k in has) && cond !~ /istarget|!/) live = 1
		}
		blk = 1
	}
	if ((depth == 0 || (blk && live)) && line ~ /lappend[ \t]+additional_flags/) {
		s = line
		sub(/.*additional_flags[ \t]*/, "", s)
		gsub(/"/, "", s)
		opts = opts " " s
	}
	if ((depth == 0 || (blk && live)) && line ~ /^[ \t]*return[ \t]+[01]/) {
		if (line ~ /return[ \t]+1/) print "SKIP .x file returns 1 for this target"
		done = 1
	}
	depth += count(line, "{") - count(line, "}")
	if (depth == 0) blk = 0
}
END { sub(/^ +/, "", opts); print "OPTS " opts }
