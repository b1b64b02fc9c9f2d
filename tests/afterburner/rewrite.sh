#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lol-afterburn on the constructs around the sites: errors with file:line,
# cpp line markers, stdin, .include, .rept/.irp, conditional blocks, stacked
# register names, sections and discarded code, line numbers kept, and the
# audit's own findings (unannotated instructions, stray site breaks).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# the build directory: the one make check names through LOL_DIS (O=...)
bindir=$(dirname "${LOL_DIS:-$top/build/lol-dis}")
ab=${LOL_AFTERBURN:-$bindir/lol-afterburn}
real=$(command -v ia64-linux-gnu-as)
ld=$(command -v ia64-linux-gnu-ld)
if [ -z "$real" ] || [ -z "$ld" ]; then
	echo "ok 1 # SKIP binutils-ia64-linux-gnu not installed"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$ab" "$work/bin/as"
export LOL_REAL_AS="$real"
AS=$work/bin/as
cd "$work" || exit 1
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2" | head -8; }
sites() { "$ab" --audit "$1" 2>/dev/null | sed -n '1s/^[^:]*: \([0-9]*\) sites.*/\1/p'; }
t() { # NAME COMMAND...: passes when the command succeeds
	local name=$1
	shift
	if "$@" >out.txt 2>&1; then ok "$name"; else nok "$name" out.txt; fi
}

# --- errors name file and line, nothing is assembled
printf '\t.text\n\tnop.m 0\n\tmov loc3 = psr\n' >e1.s
if ! "$AS" -x -o e1.o e1.s 2>e1.err && grep -q '^e1.s:3: error: .*mov loc3 = psr.*cannot resolve' e1.err && [ ! -e e1.o ]; then
	ok "stacked register without a frame: error at e1.s:3, no object"
else nok "stacked register without a frame" e1.err; fi

printf '\t.text\n# 40 "arch/ia64/kernel/foo.S"\n\tnop.m 0\n\tmov r2 = cr.nosuch\n' >e2.s
if ! "$AS" -x -o e2.o e2.s 2>e2.err && grep -q '^arch/ia64/kernel/foo.S:41: error: ' e2.err; then
	ok "unknown control register: error names the cpp file and line"
else nok "unknown control register" e2.err; fi

printf '\t.text\n\t.altmacro\n\t.macro m x\n\trsm \\x\n\t.endm\n\tm 0x4000\n' >e3.s
if ! "$AS" -x -o e3.o e3.s 2>e3.err && grep -q '^e3.s:6: error: .*macro m' e3.err; then
	ok ".altmacro macro with a sensitive body: error at the invocation"
else nok ".altmacro macro" e3.err; fi

printf '\t.text\n\titc.q r2\n' >e4.s
if ! "$AS" -x -o e4.o e4.s 2>e4.err && grep -q '^e4.s:2: error: ' e4.err; then
	ok "unknown form of a privileged mnemonic (itc.q): error"
else nok "unknown form of a privileged mnemonic" e4.err; fi

# --- unknown statements pass with a warning
printf '\t.text\n\tnop.m 0\n\t%%weird stuff\n' >w1.s
"$AS" -x -o w1.o w1.s 2>w1.err
if grep -q '^w1.s:3: warning: statement not understood' w1.err; then
	ok "a statement it does not understand: warning with file:line"
else nok "unknown statement warning" w1.err; fi

# --- pass-through: stdin, "-", identical objects
cat >p1.s <<'EOF'
	.text
	.global g
	.proc g
g:
	alloc r2 = ar.pfs, 1, 2, 0, 0
	mov r8 = ar.lc ;;
	mov ar.ccv = r8 ;;
	mov r9 = ar.bsp
	mov r10 = psr.um ;;
	cmpxchg8.acq r8 = [r32], r9, ar.ccv
	br.ret.sptk.many b0
	.endp g
EOF
"$real" -x -o p1.ref.o p1.s
"$AS" -x -o p1.o <p1.s && cmp -s p1.o p1.ref.o && "$AS" -x -o p1b.o - <p1.s && cmp -s p1b.o p1.ref.o &&
	LOL_AFTERBURN_FORCE=1 "$AS" -x -o p1c.o p1.s && cmp -s p1c.o p1.ref.o &&
	ok "no sensitive instruction: identical objects (file, stdin, \"-\", forced rewrite)" ||
	nok "pass-through objects differ"

# --- sites through stdin
printf '\t.text\n\trsm psr.i\n\tmov r2 = ar.itc\n' | LOL_AFTERBURN_VERIFY=1 "$AS" -x -o s1.o 2>s1.err
[ "$(sites s1.o)" = 2 ] && ok "sites read from standard input" || nok "sites from stdin" s1.err

# --- in/loc/out, .regstk, register aliases, gp/sp/tp names
cat >r1.s <<'EOF'
	.text
	alloc r14 = ar.pfs, 2, 3, 1, 0
	mov loc2 = psr
	mov cr.ifa = in1 ;;
	mov out0 = ar.k7
	.regstk 1, 1, 1, 0
	mov loc0 = cr.iip
	myreg = r17
	mov myreg = ar.itc
	mov cr.iip = tp
	(p7) thash r3 = r4
EOF
LOL_AFTERBURN_VERIFY=1 "$AS" -x -o r1.o r1.s 2>r1.err
[ "$(sites r1.o)" = 7 ] && ok "in/loc/out after alloc and .regstk, aliases, tp: encoded as gas does" ||
	nok "stacked register names" r1.err

# --- .include'd files are rewritten too
mkdir inc
printf '\tmov r3 = cr.ivr\n\tnop.m 0\n' >inc/part.inc
printf '\t.text\n\tnop.m 0\n\t.include "part.inc"\n\tssm psr.i\n' >i1.s
LOL_AFTERBURN_VERIFY=1 "$AS" -x -I inc -o i1.o i1.s 2>i1.err
ia64-linux-gnu-objcopy --dump-section .lol.sitestr=i1.str i1.o i1.tmp.o 2>>i1.err
if [ "$(sites i1.o)" = 2 ] && "$ab" --audit -q i1.o && grep -aq 'part.inc:1: mov r3 = cr.ivr' i1.str; then
	ok ".include with a site: rewritten copy, both sites recorded with the included file's name"
else nok ".include" i1.err; fi

# --- .rept / .irp with sites are expanded; others are left to gas
cat >x1.s <<'EOF'
	.text
	.rept 3
	mov r2 = ar.k5
	;;
	.endr
	.irp reg, r4, r5
	mov \reg = psr
	;;
	.endr
	.rept 2
	nop.m 0
	.endr
EOF
LOL_AFTERBURN_VERIFY=1 "$AS" -x -o x1.o x1.s 2>x1.err
[ "$(sites x1.o)" = 5 ] && ok ".rept and .irp holding sites: expanded (5 sites)" || nok ".rept/.irp" x1.err
l_in=$(wc -l <x1.s)
l_out=$("$ab" --rewrite x1.s 2>/dev/null | sed '/^\/\/ lol-afterburn: site records/,$d' | wc -l)
[ "$l_out" = $((l_in + 2)) ] && ok "line count kept (marker line + the same lines)" || nok "lines: $l_in in, $l_out out"

# --- sites in conditional blocks gas skips get no record
cat >c1.s <<'EOF'
	.text
	.if 0
	rsm psr.i
	.else
	ssm psr.i
	.endif
	.ifdef NOT_DEFINED
	mov r2 = cr.ipsr
	.endif
EOF
LOL_AFTERBURN_VERIFY=1 "$AS" -x -o c1.o c1.s 2>c1.err
[ "$(sites c1.o)" = 1 ] && ok "conditional blocks: only the assembled site is recorded" || nok "conditionals" c1.err

# --- sections: records linked to their code section, dropped with it
cat >d1.s <<'EOF'
	.text
start:	rsm psr.i
	br.ret.sptk.many b0
	.section .exit.text,"ax",@progbits
	ssm psr.i
	br.ret.sptk.many b0
	.section .init.text,"ax",@progbits
	mov r2 = ar.k0
	br.ret.sptk.many b0
EOF
LOL_AFTERBURN_VERIFY=1 "$AS" -x -o d1.o d1.s 2>d1.err
"$ld" -r -o d1r.o d1.o d1.o 2>>d1.err
printf 'SECTIONS { . = 0x100000; .text : { *(.text) *(.init.text) } /DISCARD/ : { *(.exit.text) } }\n' >d1.ld
if [ "$(sites d1.o)" = 3 ] && "$ld" -T d1.ld -o d1.x d1r.o 2>>d1.err && [ "$(sites d1.x)" = 4 ] &&
	"$ab" --audit -q d1.x; then
	ok "records per code section: ld -r keeps them, a final link drops .exit.text's (4 of 6 left)"
else nok "sections and discarded code" d1.err; fi

# --- the audit's own findings
printf '\t.text\n\trsm psr.i\n\tbreak.m 0xc0001\n\tnop.m 0\n' >a1.s
"$real" -x -o a1.o a1.s
"$ab" --audit a1.o >a1.out 2>a1.err
rc=$?
if [ $rc = 1 ] && grep -q 'not afterburned: rsm 0x4000' a1.err && grep -q 'lol site break without a record' a1.err; then
	ok "audit: an unannotated rsm and a stray site break, exit 1"
else nok "audit findings (rc $rc)" a1.err; fi
printf 'junk' >bad.o
"$ab" --audit bad.o >/dev/null 2>bad.err
[ $? = 2 ] && [ "$(wc -l <bad.err)" = 1 ] && grep -q '^bad.o: ' bad.err && ok "audit of a non-ELF file: one line, exit 2" ||
	nok "audit bad input" bad.err

# --- a kernel-style .S through the C preprocessor (gcc -B)
tc=${LOL_TOOLCHAIN:-$("$top/toolchain/lol-toolchain" prefix 2>/dev/null)}
if [ -n "$tc" ] && [ -x "$tc/bin/ia64-linux-gnu-gcc" ]; then
	cat >k1.S <<'EOF'
#define PSR_BITS (1 << 14)
#define SAVE(reg) mov reg = psr ;;
	.text
	.global k
	.proc k
k:	alloc r16 = ar.pfs, 1, 4, 0, 0
	SAVE(loc3)
	rsm PSR_BITS
	;;
	mov psr.l = loc3 ;;
	srlz.i
	br.ret.sptk.many b0
	.endp k
EOF
	if LOL_AFTERBURN_VERIFY=1 "$tc/bin/ia64-linux-gnu-gcc" -B"$work/bin" -c k1.S -o k1.o 2>k1.err &&
		[ "$(sites k1.o)" = 3 ]; then
		ok "a .S file through gcc -B: 3 sites"
	else nok "gcc -B on a .S file" k1.err; fi
	printf 'unsigned long f(unsigned long x) { unsigned long r; asm volatile ("mov %%0=ar.itc" : "=r"(r)); asm volatile ("ssm %%0" :: "i"(1 << 14)); return r + x; }\n' >c2.c
	if LOL_AFTERBURN_VERIFY=1 "$tc/bin/ia64-linux-gnu-gcc" -O2 -B"$work/bin" -c c2.c -o c2.o 2>c2.err &&
		[ "$(sites c2.o)" = 2 ]; then
		ok "gcc output with inline asm: 2 sites"
	else nok "gcc -B on C" c2.err; fi
	# gcc output without sites, through the rewriting path (FORCE): the same object
	cat >c3.c <<'CEOF'
struct s { long a, b; double d; };
long g(struct s *p, long n) { long t = 0; for (long i = 0; i < n; i++) t += p[i].a * p[i].b + (long)p[i].d; return t; }
static __thread int tl; int h(int x) { tl += x; switch (x) { case 1: return 3; case 2: return tl; case 7: return 9; default: return x * 5; } }
CEOF
	if "$tc/bin/ia64-linux-gnu-gcc" -O2 -g -c c3.c -o c3.ref.o 2>c3.err &&
		LOL_AFTERBURN_FORCE=1 "$tc/bin/ia64-linux-gnu-gcc" -O2 -g -B"$work/bin" -c c3.c -o c3.o 2>>c3.err &&
		cmp -s c3.o c3.ref.o; then
		ok "gcc -O2 -g output without sites, forced through the rewriting: byte-identical object"
	else nok "gcc output pass-through" c3.err; fi
else
	n=$((n + 1)); echo "ok $n # SKIP the lol toolchain is not built"
	n=$((n + 1)); echo "ok $n # SKIP the lol toolchain is not built"
	n=$((n + 1)); echo "ok $n # SKIP the lol toolchain is not built"
fi

# --- phase 2: inline reads of the registers the vCPU page mirrors
{
	echo "	.text"
	echo "	alloc r14 = ar.pfs, 2, 3, 1, 0"
	for cr in dcr itm iva pta ipsr isr iip ifa itir iipa ifs iim iha lid tpr itv pmv cmcv lrr0 lrr1; do
		echo "	mov loc1 = cr.$cr"
		echo "	;;"
	done
	for k in 0 1 2 3 4 5 6 7; do echo "	(p6) mov r9 = ar.k$k ;;"; done
	echo "	mov r9 = cr.ivr ;;"
	echo "	{ .mmi ; mov r9 = cr.iip ; nop.m 0 ; nop.i 0 ;; }"
	echo "	mov r0 = cr.iip ;;"
} >n1.s
LOL_AFTERBURN_INLINE=1 "$AS" -x -o n1.o n1.s 2>n1.err
"$ab" --audit n1.o >n1.out 2>>n1.err
if [ $? = 0 ] && grep -q ': 31 sites (3 break, 28 inline, 0 native)' n1.out; then
	ok "inline reads: 20 control and 8 kernel registers from the vCPU page; cr.ivr, explicit bundles and r0 keep the break"
else nok "inline reads" n1.err; fi
printf '\t.text\nf:\tmov r16 = cr.ipsr\n\tmov r17 = cr.iip\n\t.org f + 0x10\n\tnop.m 0\n' >n2.s
if LOL_AFTERBURN_INLINE=1 "$AS" -x -o n2.o n2.s 2>n2.err && "$ab" --audit n2.o | grep -q ': 2 sites (2 break, 0 inline' &&
	! grep -q Error n2.err; then
	ok "inline reads that break an .org: assembled again with breaks only, no error shown"
else nok "inline fallback" n2.err; fi

# --- the wedge: its one sensitive instruction (ar.itc) is allowed in .lol.wedge only
if command -v cc >/dev/null && cc -E -P -D__ASSEMBLY__ -I"$top/include" -x assembler-with-cpp \
	"$top/afterburner/wedge/wedge.S" -o wedge.s 2>wedge.err && "$real" -x --fatal-warnings -o wedge.o wedge.s 2>>wedge.err; then
	sed 's/\.section \.lol\.wedge, "ax"/.section .text.notwedge, "ax"/' wedge.s >wedge2.s
	"$real" -x -o wedge2.o wedge2.s 2>>wedge.err
	if "$ab" --audit -q wedge.o && ! "$ab" --audit -q wedge2.o 2>wedge2.err && grep -q 'ar.itc' wedge2.err; then
		ok "the wedge assembles cleanly; --audit allows its ar.itc read in .lol.wedge, not elsewhere"
	else nok "wedge audit" wedge2.err; fi
else nok "the wedge does not assemble" wedge.err; fi

# --- sites kept as written but annotated: the .Llol_afterburn_native pragma, LOL_AFTERBURN_NATIVE
printf '\t.text\n\tmov ar.rsc = r2 ;;\n\t.Llol_afterburn_native = 1\n\trfi ;;\n\tmov r3 = cr.iip ;;\n\t.Llol_afterburn_native = 0\n\tmov r3 = cr.iip ;;\n' >v1.s
LOL_AFTERBURN_NATIVE=mov-to-rsc LOL_AFTERBURN_VERIFY=1 "$AS" -x -o v1.o v1.s 2>v1.err
if "$ab" --audit v1.o 2>>v1.err | grep -q ': 4 sites (1 break, 0 inline, 3 native)'; then
	ok "native sites (pragma and LOL_AFTERBURN_NATIVE=mov-to-rsc): annotated, left as written"
else nok "native sites" v1.err; fi
LOL_AFTERBURN_NATIVE=no-such-kind "$AS" -x -o v2.o v1.s 2>v2.err
[ $? = 2 ] && grep -q 'no site kind "no-such-kind"' v2.err && ok "an unknown kind in LOL_AFTERBURN_NATIVE: usage error" ||
	nok "LOL_AFTERBURN_NATIVE error" v2.err

# --- rotating registers and predicates (.rotr, .rotp) as site operands
printf '\t.text\n\talloc r2 = ar.pfs, 0, 8, 0, 8\n\t.rotp p[4], q[2]\n\t.rotr v[4], w[4]\n\t;;\n\t(q[(1)]) mov w[2] = cr.iip ;;\n\t(p[0]) mov v[1] = ar.k4 ;;\n' >o1.s
if LOL_AFTERBURN_VERIFY=1 "$AS" -x -o o1.o o1.s 2>o1.err && [ "$(sites o1.o)" = 2 ]; then
	ok "rotating registers and predicates in sites: resolved as gas does (verified)"
else nok "rotating registers" o1.err; fi

# --- a macro with a site defined twice (in both branches of an .if): refused
printf '\t.text\n\t.if 1\n\t.macro m\n\trsm psr.i\n\t.endm\n\t.else\n\t.macro m\n\tssm psr.i\n\t.endm\n\t.endif\n\tm\n' >dm.s
if ! "$AS" -x -o dm.o dm.s 2>dm.err && grep -q '^dm.s:11: error: .*macro m .*defined twice' dm.err; then
	ok "a sensitive macro defined twice: error at the invocation, not a guess"
else nok "macro defined twice" dm.err; fi

# --- --compare-code: two builds equal but for the sites
"$real" -x -o cc.orig.o r1.s 2>/dev/null
"$AS" -x -o cc.ab.o r1.s 2>/dev/null
if "$ab" --compare-code cc.ab.o cc.orig.o | grep -q 'but for 7 site slots, all recorded' &&
	! "$ab" --compare-code cc.orig.o cc.ab.o >/dev/null 2>&1; then
	ok "--compare-code: equal but for the 7 recorded sites; swapped, it fails"
else nok "--compare-code"; fi

# --- phase 2 liveness: which scratch register an inline sequence may take
scratch() { # FILE: the scratch register of the first site, or "break"
	LOL_AFTERBURN_INLINE=1 "$ab" --rewrite "$1" 2>/dev/null | sed -n 's/.*\[\.Llol_t0:\] movl \(r[0-9]*\) = .*/\1/p;s/.*\[\.Llol_t0:\] break.*/break/p'
}
lv() { printf '\t.text\n%b' "$1" >lv.s; scratch lv.s; }
res="$(lv '\trsm psr.i\n\t;;\n\tmov r2 = r0\n\tbr.ret.sptk.many b0\n')"
res="$res $(lv '\trsm psr.i\n\t;;\n\t(p6) mov r2 = r0\n\tbr.ret.sptk.many b0\n')"
res="$res $(lv '\trsm psr.i\n\t;;\n\tld8 r3 = [r2], 8\n\tmov r2 = r0\n\tbr.ret.sptk.many b0\n')"
res="$res $(lv '\trsm psr.i\n\t;;\n\t{ .mii\n\tmov r2 = r0\n\tnop.i 0\n\tnop.i 0\n\t}\n')"
res="$res $(lv '\trsm psr.i\n\t;;\n\t.if 1\n\tmov r2 = r0\n\t.endif\n')"
res="$res $(lv '\tadd r9 = r2, r0\n\trsm psr.i\n\t;;\n\tmov r2 = r0\n\tmov r3 = r0\n')"
res="$res $(lv '\trsm psr.i\n\t;;\n\tmov r8 = r2\n\tmov r2 = r0\n\tmov r3 = r0\n')"
want="r2 break r3 break break r3 r3"
[ "$res" = "$want" ] && ok "liveness: killed r2; predicated kill; post-increment base; explicit bundle; .if; named earlier in the group; read first" ||
	nok "liveness decisions: got \"$res\", want \"$want\""
