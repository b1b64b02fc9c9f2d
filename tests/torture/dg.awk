# SPDX-License-Identifier: GPL-2.0
# Read the DejaGnu directives ("{ dg-... }") of one GCC torture test and decide how the
# harness builds and runs it for the ia64-linux-gnu target at one optimisation level.
#
#   awk -v level=-O2 -f dg.awk TEST.c
#
# Prints:
#   SKIP reason          the test does not apply (effective target we lack, dg-skip-if, ...)
#   MODE run|link|compile  what dg-do asks for (default run)
#   OPTS options         dg-options / dg-additional-options that apply (may be empty)
#   XFAIL reason         a dg-xfail-if / dg-xfail-run-if that applies to ia64
#
# Selectors are evaluated as DejaGnu does: a list of target triplet globs and
# effective-target keywords (any may match), with !, && and || and nested braces.
# POSIX awk only (no gawk extensions).

BEGIN {
	triplet = "ia64-unknown-linux-gnu"
	# Effective targets of static ia64 Linux with glibc (what gcc's target-supports.exp
	# answers for ia64-*-linux*).  Anything not listed is taken as absent.
	n = split("int32plus int32 label_values trampolines alloca indirect_jumps " \
		  "untyped_assembly return_address fileio unwrapped stdint_types mmap " \
		  "double64plus double64 c99_runtime longlong64 int128 lp64 signal fpic " \
		  "weak alias nonpic ptr32plus size32plus stdint_types_mbig_endian " \
		  "sync_int_long sync_char_short nonlocal_goto exceptions " \
		  "large_long_double large_double scalar_all_fma wchar le", kw, " ")
	for (i = 1; i <= n; i++) has[kw[i]] = 1
	if (level == "") level = "-O2"
	mode = "run"; opts = ""; nskip = 0; skipped = ""
}

{ src = src $0 "\n" }

# ---- tokenizer: braces, quoted strings, words ---------------------------------------------
function tokenize(s,    i, c, w, nt) {
	nt = 0; i = 1
	while (i <= length(s)) {
		c = substr(s, i, 1)
		if (c ~ /[ \t\n]/) { i++; continue }
		if (c == "{" || c == "}") { tok[++nt] = c; i++; continue }
		if (c == "\"") {
			w = ""; i++
			while (i <= length(s) && substr(s, i, 1) != "\"") {
				if (substr(s, i, 1) == "\\") i++
				w = w substr(s, i, 1); i++
			}
			i++
			tok[++nt] = w; quoted[nt] = 1
			continue
		}
		w = ""
		while (i <= length(s) && substr(s, i, 1) !~ /[ \t\n{}"]/) { w = w substr(s, i, 1); i++ }
		tok[++nt] = w
	}
	return nt
}

# Index of the token ending the argument that starts at i (a word, or a brace group).
function arg_end(i,    d) {
	if (tok[i] != "{") return i
	d = 0
	for (; i <= ntok; i++) {
		if (tok[i] == "{") d++
		else if (tok[i] == "}") { d--; if (d == 0) return i }
	}
	return ntok
}

# The text of argument [a, b]: the word, or the words inside the braces joined by spaces.
function arg_text(a, b,    s, i) {
	if (tok[a] != "{") return tok[a]
	s = ""
	for (i = a + 1; i < b; i++) s = s (s == "" ? "" : " ") tok[i]
	return s
}

# ---- selector evaluation -------------------------------------------------------------------
function glob_match(pat, str,    re, i, c) {
	re = "^"
	for (i = 1; i <= length(pat); i++) {
		c = substr(pat, i, 1)
		if (c == "*") re = re ".*"
		else if (c == "?") re = re "."
		else if (index(".^$+()|[]{}\\", c)) re = re "\\" c
		else re = re c
	}
	return str ~ (re "$")
}
function eval_word(w) {
	if (w ~ /^[^-]*-[^-]*-/ || w ~ /^[^-]*-[^-]*$/ && w ~ /\*/) return glob_match(w, triplet)
	return (w in has)
}
function eval_unary(    v) {
	if (P > E) return 0
	if (tok[P] == "!" && !quoted[P]) { P++; v = eval_unary(); return !v }
	if (tok[P] == "{") { P++; v = eval_list(); if (tok[P] == "}") P++; return v }
	P++
	return eval_word(tok[P - 1])
}
function eval_and(    v, w) {
	v = eval_unary()
	while (P <= E && tok[P] == "&&") { P++; w = eval_unary(); v = v && w }
	return v
}
function eval_or(    v, w) {
	v = eval_and()
	while (P <= E && tok[P] == "||") { P++; w = eval_and(); v = v || w }
	return v
}
function eval_list(    v, w) {
	v = 0
	while (P <= E && tok[P] != "}") { w = eval_or(); v = v || w }
	return v
}
# Evaluate tokens [a, b] as a selector list.
function eval_range(a, b,    v) {
	P = a; E = b
	v = eval_list()
	return v
}
# A dg-options style target argument "{ target SEL }" (or xfail/no: treat as target).
# Returns 1 when it applies to us.  a..b is the brace group.
function eval_target_arg(a, b) {
	if (tok[a] != "{") return eval_word(tok[a])
	if (tok[a + 1] == "target" || tok[a + 1] == "xfail") return eval_range(a + 2, b - 1)
	return eval_range(a + 1, b - 1)
}

# Do the flags of this run satisfy dg-skip-if's include/exclude lists?
function flags_match(inc, exc,    flags, nf, f, ni, il, ne, el, i, j, ok) {
	nf = split(level " " opts, f, " ")
	ni = split(inc, il, " ")
	ok = (ni == 0)
	for (i = 1; i <= ni && !ok; i++) {
		if (il[i] == "*") ok = 1
		for (j = 1; j <= nf && !ok; j++) if (glob_match(il[i], f[j])) ok = 1
	}
	if (!ok) return 0
	ne = split(exc, el, " ")
	for (i = 1; i <= ne; i++)
		for (j = 1; j <= nf; j++) if (glob_match(el[i], f[j])) return 0
	return 1
}

function directive(a, b,    name, args, na, i, e, t, msg) {
	name = tok[a + 1]
	na = 0
	for (i = a + 2; i < b; i = e + 1) { e = arg_end(i); na++; as[na] = i; ae[na] = e }
	if (name == "dg-options" || name == "dg-additional-options") {
		if (na >= 2 && !eval_target_arg(as[2], ae[2])) return
		t = arg_text(as[1], ae[1])
		if (name == "dg-options") dgopts = t; else addopts = addopts " " t
	} else if (name == "dg-do") {
		if (na >= 2 && !eval_target_arg(as[2], ae[2])) return
		mode = arg_text(as[1], ae[1])
	} else if (name == "dg-require-effective-target") {
		if (na >= 2 && !eval_target_arg(as[2], ae[2])) return
		t = arg_text(as[1], ae[1])
		if (!(t in has)) skip("requires effective target " t)
	} else if (name == "dg-skip-if" || name == "dg-xfail-if" || name == "dg-xfail-run-if") {
		msg = arg_text(as[1], ae[1])
		nskip++
		sk_kind[nskip] = name; sk_msg[nskip] = msg
		sk_sel[nskip] = (na >= 2) ? eval_range(as[2] + (tok[as[2]] == "{"), ae[2] - (tok[as[2]] == "{")) : 1
		sk_inc[nskip] = (na >= 3) ? arg_text(as[3], ae[3]) : "*"
		sk_exc[nskip] = (na >= 4) ? arg_text(as[4], ae[4]) : ""
	} else if (name == "dg-add-options") {
		# stack_size: only for targets with a small stack; ieee: nothing on ia64.
		t = arg_text(as[1], ae[1])
		if (t != "stack_size" && t != "ieee") skip("dg-add-options " t)
	} else if (name == "dg-require-alias" || name == "dg-require-weak" ||
		   name == "dg-require-stack-size" || name == "dg-prune-output" ||
		   name == "dg-timeout-factor" || name == "dg-final" || name == "dg-message" ||
		   name == "dg-warning" || name == "dg-bogus") {
		return
	} else if (name ~ /^dg-require-/) {
		skip(name " " arg_text(as[1], ae[1]))
	} else {
		skip("unhandled directive " name)
	}
}

function skip(why) { if (skipped == "") skipped = why }

END {
	dgopts = ""; addopts = ""
	rest = src
	while (match(rest, /\{[ \t]*dg-[a-z-]+/)) {
		rest = substr(rest, RSTART)
		# find the matching close brace
		d = 0
		for (k = 1; k <= length(rest); k++) {
			c = substr(rest, k, 1)
			if (c == "{") d++
			else if (c == "}") { d--; if (d == 0) break }
		}
		for (x in tok) delete tok[x]
		for (x in quoted) delete quoted[x]
		ntok = tokenize(substr(rest, 1, k))
		directive(1, ntok)
		rest = substr(rest, k + 1)
	}
	opts = dgopts addopts
	gsub(/^ +| +$/, "", opts)
	for (i = 1; i <= nskip; i++) {
		if (!sk_sel[i] || !flags_match(sk_inc[i], sk_exc[i])) continue
		if (sk_kind[i] == "dg-skip-if") skip("dg-skip-if" (sk_msg[i] == "" ? " (no reason given)" : ": " sk_msg[i]))
		else xfail = (sk_msg[i] == "" ? sk_kind[i] : sk_msg[i])
	}
	if (skipped != "") print "SKIP " skipped
	print "MODE " mode
	print "OPTS " opts
	if (xfail != "") print "XFAIL " xfail
}
