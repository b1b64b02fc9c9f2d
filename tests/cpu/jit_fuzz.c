// SPDX-License-Identifier: GPL-2.0
/*
 * A differential fuzzer for the block compiler (vmm/cpu/jit_x86.c, jit.h).
 *
 *     jit_fuzz [-n BLOCKS] [-s SEED] [-t SECONDS] [-b BLOCK] [-v]
 *
 * Random blocks of bundles (MII, MMI, MIB, MLX, ... ending in a break with
 * a known immediate) whose slots are random bits kept only when the ISA
 * decoder makes one of the ops the compiler does of them (ALU, compares,
 * extr, dep.z, mix4.r, zxt, sxt, shrp, plain loads and stores) -- with
 * some nops and some other random ops among them, so that runs are split --
 * run from random registers (a frame with rotation, stacked registers,
 * some pointing into a data page, now and then a NaT) and predicates, on
 * fresh cpus with the same state and memory: the compiler on, the compiler
 * off, and for some blocks a third way (one instruction per cpu_run, a
 * random budget and then the rest, or one long-lived cpu that has run the
 * blocks before on the same, rewritten, code page).  Exits, ip/slot,
 * instruction counts, every register (static, stacked, predicates, ar, br,
 * fr), the ALAT and the data pages must come out the same.  Most compiler
 * runs compile on a block's first run (cpu_config.jit_hot = 1); some leave
 * it hotter and run the block as often first, each time from the start.
 *
 * Block i of seed S is made from (S, i) alone: `jit_fuzz -s S -b i` runs
 * that block again and prints it (-v prints every block).  Without -n it
 * runs for -t seconds (default 3); TAP lines, one per chunk of blocks, name
 * the seed; a difference prints the block (hex and disassembly), its start
 * state and what differs.
 */
#include <inttypes.h>
#include <signal.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "interp.h"
#include "tap.h"

/* ---- memory: a code page (read, execute), a data page (read, write) and a
 * read-only page after it; everything else misses ---------------------------------------- */

#define CODE_VA 0x100000ull
#define DATA_VA 0x200000ull
#define DATA_PAGES 2
#define BS_VA 0x300000ull /* ar.bsp/bspstore: not mapped */
#define BREAK_IMM 0x5a5a5u
#define BUDGET 4096
#define MAX_BUNDLES 24
#define WATCHDOG 30 /* seconds a block may take */

struct mem {
	uint8_t *code; /* 4096 */
	uint8_t *data; /* DATA_PAGES * 4096 */
};

static enum cpu_fault mem_refill(void *ctx, uint64_t va, unsigned access, struct cpu_tlb_fill *out)
{
	struct mem *m = ctx;
	uint64_t page = va & ~0xfffull;
	out->page_shift = 12;
	if (page == CODE_VA) {
		out->host = m->code;
		out->access = CPU_ACC_READ | CPU_ACC_EXEC;
	} else if (page - DATA_VA < DATA_PAGES * 4096ull) {
		out->host = m->data + (page - DATA_VA);
		out->access = page == DATA_VA ? CPU_ACC_READ | CPU_ACC_WRITE : CPU_ACC_READ;
	} else {
		return CPU_FAULT_TLB_MISS;
	}
	return out->access & access ? CPU_FAULT_NONE : CPU_FAULT_ACCESS_RIGHTS;
}

static const struct cpu_mem_ops mem_ops = {.refill = mem_refill};

static uint8_t *page_alloc(size_t n)
{
	uint8_t *p = aligned_alloc(4096, n);
	if (!p) {
		fprintf(stderr, "jit_fuzz: out of memory\n");
		exit(2);
	}
	return p;
}

/* ---- random numbers ------------------------------------------------------------------------ */

static uint64_t rs;

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rnd(void)
{
	return splitmix(&rs);
}

static unsigned rn(unsigned n) /* 0 .. n-1 */
{
	return (unsigned)(rnd() % n);
}

static bool chance(unsigned percent)
{
	return rn(100) < percent;
}

/* ---- what the slots are made of -------------------------------------------------------------- */

enum cat {
	C_ALU,	 /* add sub adds addl mov shladd and or xor andcm */
	C_CMP,	 /* cmp, cmp4: none and .unc */
	C_FIELD, /* extr, extr.u, dep.z, shrp (I unit) */
	C_MIXZX, /* mix4.r, zxt, sxt (I unit) */
	C_LD,	 /* ld1-8, .bias, post-increment */
	C_ST,	 /* st1-8, post-increment */
	C_NOP,	 /* nop.m, nop.i */
	C_ADV,	 /* ld.a, ld.sa, ld.c, chk.a: the ALAT, which stores invalidate */
	C_MEMX,	 /* other loads and stores: .s .acq .rel fill spill ld16 */
	C_FPI,	 /* setf, getf (M), xma (F): integers in FRs */
	C_OTHER, /* anything else that decodes (no break, no privileged op) */
	C_MOVL,	 /* movl (MLX) */
	C_LOOP,	 /* br.cond, br.cloop back to the start (B) */
	C_COUNT
};

static const char *const cat_name[C_COUNT] = {
    "alu",	 "cmp",		  "field", "mix/zxt/sxt", "ld",	 "st", "nop", "ld.a/ld.c/chk.a",
    "other-mem", "setf/getf/xma", "other", "movl",	  "loop"};

/* The decoded slot belongs to category c. */
static bool in_cat(unsigned c, const struct ia64_opcode *o)
{
	switch (c) {
	case C_ALU:
		return o->op == IA64_OP_ADD || o->op == IA64_OP_SUB || o->op == IA64_OP_AND ||
		       o->op == IA64_OP_OR || o->op == IA64_OP_XOR || o->op == IA64_OP_ANDCM ||
		       o->op == IA64_OP_SHLADD;
	case C_CMP:
		return (o->op == IA64_OP_CMP || o->op == IA64_OP_CMP4) &&
		       (o->sub2 == IA64_CT_NONE || o->sub2 == IA64_CT_UNC);
	case C_FIELD:
		return o->op == IA64_OP_EXTR || o->op == IA64_OP_SHRP ||
		       (o->op == IA64_OP_DEP && o->format == 12);
	case C_MIXZX:
		return (o->op == IA64_OP_MIX && o->sub1 == 4 && o->sub2 == 0) ||
		       o->op == IA64_OP_ZXT || o->op == IA64_OP_SXT;
	case C_LD:
		return o->op == IA64_OP_LD && o->msize <= 8 &&
		       (o->sub1 == IA64_MT_NONE || o->sub1 == IA64_MT_BIAS);
	case C_ST:
		return o->op == IA64_OP_ST && o->msize <= 8 && o->sub1 == IA64_MT_NONE;
	case C_NOP:
		return o->op == IA64_OP_NOP;
	case C_ADV:
		return (o->op == IA64_OP_LD && o->msize <= 8 &&
			(o->sub1 == IA64_MT_A || o->sub1 == IA64_MT_SA ||
			 o->sub1 == IA64_MT_C_CLR || o->sub1 == IA64_MT_C_NC ||
			 o->sub1 == IA64_MT_C_CLR_ACQ)) ||
		       o->op == IA64_OP_CHK_A;
	case C_MEMX:
		return (o->op == IA64_OP_LD || o->op == IA64_OP_ST) && !in_cat(C_LD, o) &&
		       !in_cat(C_ST, o) && !in_cat(C_ADV, o);
	case C_OTHER:
		for (unsigned k = 0; k < C_OTHER; k++)
			if (in_cat(k, o))
				return false;
		return o->op != IA64_OP_BREAK && !(o->flags & IA64_F_PRIV);
	case C_FPI:
		return o->op == IA64_OP_SETF || o->op == IA64_OP_GETF || o->op == IA64_OP_XMA;
	case C_MOVL:
		return o->op == IA64_OP_MOVL;
	}
	return false;
}

/* Per category and slot type (M, I, X): the opcode table entries to start
 * from (their match bits, the rest random). */
enum { U_M, U_I, U_F, U_X, U_COUNT };
static const struct ia64_opcode **ents[C_COUNT][U_COUNT];
static size_t nents[C_COUNT][U_COUNT];

static bool unit_fits(unsigned u, unsigned unit)
{
	switch (u) {
	case U_M:
		return unit == IA64_UNIT_M || unit == IA64_UNIT_A;
	case U_I:
		return unit == IA64_UNIT_I || unit == IA64_UNIT_A;
	case U_F:
		return unit == IA64_UNIT_F;
	default:
		return unit == IA64_UNIT_X;
	}
}

static void tables_init(void)
{
	size_t n;
	const struct ia64_opcode *all = ia64_opcodes(&n);
	for (unsigned c = 0; c < C_COUNT; c++) {
		for (unsigned u = 0; u < U_COUNT; u++) {
			ents[c][u] = calloc(n, sizeof(*ents[c][u]));
			for (size_t i = 0; i < n; i++)
				if (unit_fits(u, all[i].unit) && in_cat(c, &all[i]))
					ents[c][u][nents[c][u]++] = &all[i];
		}
	}
}

/* ---- one block's state --------------------------------------------------------------------- */

struct state {
	unsigned nstk; /* config.stacked_regs */
	uint64_t gr[32], gr_nat;
	uint64_t stacked[224];
	uint8_t stacked_nat[224];
	unsigned bof;
	struct cpu_cfm cfm;
	uint64_t pr, psr, ar_unat, ar_ccv, ar_lc, ar_ec, ar_csd;
	struct fp82 fr[128];
	unsigned slot; /* where in the first bundle it starts */
	/* the registers the code mostly names: hot ones, and bases */
	uint8_t hot[10], nhot, ptr[5], nptr;
	bool wild;  /* registers outside the frame too */
	bool clean; /* only ops the compiler does (and nops): whole blocks compiled */
};

static struct state st;
static uint8_t code[4096];
static uint8_t data[DATA_PAGES * 4096];
static unsigned nbundles;
static unsigned cat_count[C_COUNT];

static uint64_t hot_area; /* a few bytes of the data page most pointers share */

static uint64_t pointer(void)
{
	int64_t off;
	unsigned k = rn(100);
	if (k < 40)
		off = (int64_t)(hot_area + rn(48));
	else if (k < 75)
		off = rn(4096);
	else if (k < 90)
		off = 4096 + rn(4096); /* the read-only page */
	else
		off = (int64_t)rn(256) - 128 + (chance(50) ? 0 : 4096 * (int64_t)rn(3)); /* edges */
	if (chance(60))
		off &= ~7ll;
	return DATA_VA + (uint64_t)off;
}

static uint64_t value(void)
{
	static const uint64_t special[] = {0,
					   1,
					   ~0ull,
					   0x7fffffffffffffffull,
					   0x8000000000000000ull,
					   0x80000000ull,
					   0x7fffffffull,
					   0xffffffffull,
					   0x100000000ull,
					   0xffffffff80000000ull,
					   0xff,
					   0x80,
					   0xffff,
					   0x8000};
	unsigned k = rn(100);
	if (k < 25)
		return pointer();
	if (k < 40)
		return special[rn(sizeof(special) / sizeof(special[0]))];
	if (k < 55)
		return (uint64_t)((int64_t)rn(512) - 256);
	return rnd();
}

static unsigned frame_top(void) /* registers r0 .. top-1 are in the frame */
{
	return 32 + st.cfm.sof;
}

static void state_init(void)
{
	memset(&st, 0, sizeof(st));
	hot_area = chance(10) ? 4096 - 24 : rn(4096 - 48); /* now and then across the page end */
	static const unsigned nstk[] = {96, 96, 128, 224};
	st.nstk = nstk[rn(4)];
	st.cfm.sof = (uint8_t)(chance(10) ? rn(9) : chance(30) ? 96 : 8 + rn(89));
	st.cfm.sol = (uint8_t)rn(st.cfm.sof + 1u);
	st.cfm.sor = (uint8_t)(8 * rn(st.cfm.sof / 8u + 1));
	st.cfm.rrb_gr = (uint8_t)(st.cfm.sor ? rn(st.cfm.sor) : 0);
	st.cfm.rrb_fr = (uint8_t)rn(96);
	st.cfm.rrb_pr = (uint8_t)rn(48);
	st.bof = chance(50) ? 0 : rn(st.nstk);
	for (unsigned r = 1; r < 32; r++)
		st.gr[r] = value();
	for (unsigned i = 0; i < st.nstk; i++)
		st.stacked[i] = value();
	st.pr = rnd() | 1;
	st.psr = 3ull << 32; /* cpl 3 */
	if (chance(4))
		st.psr |= PSR_AC;
	if (chance(3))
		st.psr |= PSR_BE;
	if (chance(5))
		st.psr |= PSR_MFL | PSR_UP;
	st.ar_unat = rnd();
	st.ar_ccv = value();
	st.ar_csd = value();
	st.ar_lc = chance(50) ? rn(4) : rn(64);
	for (unsigned f = 2; f < 128; f++) {
		/* integers (as setf.sig makes them), now and then NaTVal or
		 * something else */
		unsigned k = rn(100);
		st.fr[f].sig = value();
		st.fr[f].exp = k < 85 ? 0x1003e : k < 90 ? 0x1fffe : (uint32_t)rn(0x20000);
		st.fr[f].sign = k < 90 ? 0 : rn(2);
		if (k >= 85 && k < 90)
			st.fr[f].sig = 0; /* NaTVal */
	}
	st.ar_ec = rn(4);
	st.slot = chance(5) ? 1 + rn(2) : 0;
	st.clean = chance(25);
	st.wild = !st.clean && chance(10);

	/* hot registers and bases, inside the frame */
	unsigned top = frame_top();
	st.nptr = (uint8_t)(2 + rn(4));
	for (unsigned i = 0; i < st.nptr; i++)
		st.ptr[i] = (uint8_t)(1 + rn(top - 1));
	st.nhot = (uint8_t)(4 + rn(7));
	for (unsigned i = 0; i < st.nhot; i++)
		st.hot[i] = i < 3 && i < st.nptr ? st.ptr[i] : (uint8_t)(1 + rn(top - 1));
	/* bases point into the data (a few of them, now and then, do not) */
	for (unsigned i = 0; i < st.nptr; i++) {
		uint64_t p = pointer();
		unsigned r = st.ptr[i];
		if (r < 32)
			st.gr[r] = p;
		else
			st.stacked[cpu_stacked_index(&(struct cpu){.bof = st.bof,
								   .cfm = st.cfm,
								   .config.stacked_regs = st.nstk},
						     r)] = p;
	}
	/* NaTs, rarely */
	if (chance(12)) {
		unsigned k = 1 + rn(3);
		for (unsigned i = 0; i < k; i++) {
			unsigned r = chance(60) ? st.hot[rn(st.nhot)] : 1 + rn(31);
			if (r < 32)
				st.gr_nat |= 1ull << r;
			else
				st.stacked_nat[cpu_stacked_index(
				    &(struct cpu){.bof = st.bof,
						  .cfm = st.cfm,
						  .config.stacked_regs = st.nstk},
				    r)] = 1;
		}
	}
	if (chance(3))
		for (unsigned i = 0; i < st.nstk; i++)
			st.stacked_nat[i] |= chance(5);

	for (size_t i = 0; i < sizeof(data); i += 8) {
		uint64_t v = chance(20) ? pointer() : rnd();
		memcpy(data + i, &v, 8);
	}
}

static bool is_ptr(unsigned r)
{
	for (unsigned i = 0; i < st.nptr; i++)
		if (st.ptr[i] == r)
			return true;
	return false;
}

/* A GR for an operand: mostly hot registers (bases for addresses), in the
 * frame; results mostly leave the bases alone. */
static unsigned pick_gr(bool base, bool result)
{
	unsigned k = rn(100);
	if (base && k < 90)
		return st.ptr[rn(st.nptr)];
	if (k < 55) {
		unsigned r = st.hot[rn(st.nhot)];
		for (unsigned n = 0; result && is_ptr(r) && n < 4 && chance(85); n++)
			r = st.hot[rn(st.nhot)];
		return r;
	}
	if (k < 60 && (!result || chance(5)))
		return 0; /* a result in r0: Illegal Operation */
	if (k < 62 && st.wild)
		return rn(128); /* maybe outside the frame: Illegal Operation */
	return result ? 1 + rn(frame_top() - 1) : rn(frame_top());
}

static unsigned pick_fr(void)
{
	unsigned k = rn(100);
	if (k < 5)
		return rn(2); /* f0, f1 */
	if (k < 85)
		return 2 + rn(10); /* a few static ones, so that they meet */
	if (k < 93)
		return 2 + rn(30);
	return 32 + rn(96);
}

static unsigned pick_pr(void)
{
	unsigned k = rn(100);
	if (k < 5)
		return 0;
	if (k < 80)
		return 1 + rn(15);
	return 16 + rn(48);
}

static unsigned pick_qp(void)
{
	unsigned k = rn(100);
	if (k < 50)
		return 0;
	if (k < 85)
		return 1 + rn(15);
	return 16 + rn(48);
}

static uint64_t set_field(uint64_t bits, unsigned pos, unsigned len, uint64_t v)
{
	uint64_t m = ((1ull << len) - 1) << pos;
	return (bits & ~m) | ((v << pos) & m);
}

/* Rewrite the register, predicate and qp fields of a decoded slot (bits). */
static uint64_t steer(const struct ia64_insn *in, uint64_t bits)
{
	int ppos[2] = {-1, -1}, rpos = -1, mpos = -1;
	for (unsigned i = 0; i < in->nopnd; i++) {
		const struct ia64_opnd_info *oi = ia64_opnd_info(in->opnd[i].kind);
		if (!oi || oi->f[1].len || oi->f[0].pos >= 41)
			continue;
		if ((oi->cls == IA64_OC_GR || oi->cls == IA64_OC_MEM) && oi->f[0].len == 7) {
			bool result = i < in->opc->nout;
			bits = set_field(bits, oi->f[0].pos, 7,
					 pick_gr(oi->cls == IA64_OC_MEM, result));
			if (oi->cls == IA64_OC_MEM)
				mpos = oi->f[0].pos;
			else if (result)
				rpos = oi->f[0].pos;
		} else if (oi->cls == IA64_OC_FR && oi->f[0].len == 7) {
			bits = set_field(bits, oi->f[0].pos, 7, pick_fr());
		} else if (oi->cls == IA64_OC_PR && oi->f[0].len == 6) {
			bits = set_field(bits, oi->f[0].pos, 6, pick_pr());
			ppos[ppos[0] >= 0] = oi->f[0].pos;
		}
	}
	/* a load's target its base (Illegal Operation with post-increment):
	 * now and then */
	while (rpos >= 0 && mpos >= 0 && (bits >> rpos & 127) == (bits >> mpos & 127) && chance(95))
		bits = set_field(bits, (unsigned)rpos, 7, pick_gr(false, true));
	/* two targets the same: Illegal Operation, now and then */
	while (ppos[1] >= 0 && (bits >> ppos[0] & 63) == (bits >> ppos[1] & 63) && chance(95))
		bits = set_field(bits, (unsigned)ppos[1], 6, pick_pr());
	if (!(in->flags & IA64_F_ILLEGAL_QP))
		bits = set_field(bits, 0, 6, pick_qp());
	return bits;
}

static bool acceptable(unsigned c, const struct ia64_insn *in)
{
	if (!in->opc || !in_cat(c, in->opc))
		return false;
	if (in->opc->op == IA64_OP_MOV_FROM_AR) {
		/* ar.itc and ar.ruc read the host's clock */
		int64_t ar = in->nopnd > 1 ? in->opnd[1].value : 0;
		for (unsigned i = 0; i < in->nopnd; i++)
			if (in->opnd[i].cls == IA64_OC_AR)
				ar = in->opnd[i].value;
		if (ar == 44 || ar == 45)
			return false;
	}
	if (in->opc->op == IA64_OP_MOV_FROM_IND)
		return false;
	return true;
}

static uint64_t rnd41(void)
{
	return rnd() & ((1ull << 41) - 1);
}

/* A slot of type M or I (or X, with *l the L slot) in category c; false: none found. */
static bool gen_slot(unsigned c, unsigned type, uint64_t *out, uint64_t *l)
{
	unsigned u = type == IA64_ST_M	 ? U_M
		     : type == IA64_ST_I ? U_I
		     : type == IA64_ST_F ? U_F
					 : U_X;
	if (!nents[c][u])
		return false;
	for (unsigned tries = 0; tries < 200; tries++) {
		uint64_t bits, lbits = type == IA64_ST_X ? rnd41() : 0;
		if (tries % 8 == 7) {
			/* all random but the major opcode of some entry */
			const struct ia64_opcode *e = ents[c][u][rn((unsigned)nents[c][u])];
			bits = (rnd41() & ~(15ull << 37)) | (e->match & (15ull << 37));
		} else {
			const struct ia64_opcode *e = ents[c][u][rn((unsigned)nents[c][u])];
			bits = (rnd41() & ~e->mask) | e->match;
		}
		struct ia64_insn in;
		if (!ia64_decode_slot(type, bits, lbits, &in) || !acceptable(c, &in))
			continue;
		bits = steer(&in, bits);
		if (!ia64_decode_slot(type, bits, lbits, &in) || !acceptable(c, &in))
			continue;
		*out = bits;
		if (l)
			*l = lbits;
		return true;
	}
	return false;
}

static const uint64_t NOP_M = 1ull << 27, NOP_I = 1ull << 27, NOP_F = 1ull << 27,
		      NOP_B = 2ull << 37;

static uint64_t break_slot(void)
{
	return (uint64_t)(BREAK_IMM & 0xfffff) << 6 | (uint64_t)(BREAK_IMM >> 20 & 1) << 36;
}

static uint64_t nop_of(unsigned type)
{
	return type == IA64_ST_M   ? NOP_M
	       : type == IA64_ST_I ? NOP_I
	       : type == IA64_ST_F ? NOP_F
				   : NOP_B;
}

/* Categories a clean block leaves out. */
static bool uncompiled(unsigned c)
{
	return c == C_ADV || c == C_MEMX || c == C_OTHER;
}

/* A slot of type M or I: the category by weight. */
static uint64_t random_slot(unsigned type)
{
	static const uint8_t wm[C_COUNT] = {
	    [C_ALU] = 30, [C_CMP] = 14, [C_LD] = 20, [C_ST] = 16,  [C_NOP] = 8,
	    [C_ADV] = 3,  [C_MEMX] = 3, [C_FPI] = 3, [C_OTHER] = 4};
	static const uint8_t wi[C_COUNT] = {
	    [C_ALU] = 28, [C_CMP] = 14, [C_FIELD] = 28, [C_MIXZX] = 14, [C_NOP] = 8, [C_OTHER] = 5};
	const uint8_t *w = type == IA64_ST_M ? wm : wi;
	unsigned sum = 0;
	for (unsigned c = 0; c < C_COUNT; c++)
		if (!st.clean || !uncompiled(c))
			sum += w[c];
	unsigned k = rn(sum), c = 0;
	for (;; c++) {
		if (st.clean && uncompiled(c))
			continue;
		if (k < w[c])
			break;
		k -= w[c];
	}
	uint64_t bits;
	if (!gen_slot(c, type, &bits, NULL)) {
		c = C_NOP;
		bits = nop_of(type);
	}
	cat_count[c]++;
	return bits;
}

/* An F slot: xma (xma.l, xma.h, xma.hu) half the time, else nop.f. */
static uint64_t fp_slot(void)
{
	uint64_t bits;
	if (chance(50) && gen_slot(C_FPI, IA64_ST_F, &bits, NULL)) {
		cat_count[C_FPI]++;
		return bits;
	}
	return NOP_F;
}

/* br.cond (qp) or br.cloop at bundle b back to the first bundle. */
static uint64_t loop_slot(unsigned b, bool cloop, unsigned qp)
{
	int64_t disp = -(int64_t)b; /* bundles */
	uint64_t bits = 4ull << 37 | (uint64_t)(cloop ? 5 : 0) << 6 |
			((uint64_t)disp & 0xfffff) << 13 | ((uint64_t)disp >> 20 & 1) << 36;
	return cloop ? bits : bits | qp;
}

static void put_bundle(unsigned i, unsigned t, uint64_t s0, uint64_t s1, uint64_t s2)
{
	uint64_t w0 = (uint64_t)t | s0 << 5 | s1 << 46, w1 = s1 >> 18 | s2 << 23;
	memcpy(code + 16 * i, &w0, 8);
	memcpy(code + 16 * i + 8, &w1, 8);
}

/* The templates a block is made of, by weight: MII, MMI, MIB, MMB, MFI,
 * MMF, MFB, MLX (every stop variant). */
static unsigned pick_template(void)
{
	static const struct {
		uint8_t t, w;
	} tw[] = {{0x00, 8}, {0x01, 4}, {0x02, 3}, {0x03, 3}, {0x08, 8}, {0x09, 4}, {0x0a, 3},
		  {0x0b, 3}, {0x10, 4}, {0x11, 2}, {0x18, 3}, {0x19, 2}, {0x0c, 2}, {0x0d, 1},
		  {0x0e, 2}, {0x0f, 1}, {0x1c, 1}, {0x1d, 1}, {0x04, 3}, {0x05, 2}};
	unsigned sum = 0;
	for (size_t i = 0; i < sizeof(tw) / sizeof(tw[0]); i++)
		sum += tw[i].w;
	unsigned k = rn(sum);
	size_t i = 0;
	while (k >= tw[i].w)
		k -= tw[i++].w;
	return tw[i].t;
}

static void code_init(void)
{
	memset(code, 0, sizeof(code)); /* template 0, break.m 0: anything landing there stops */
	nbundles = 1 + rn(chance(20) ? MAX_BUNDLES : 8);
	unsigned b = 0;
	for (; b + 1 < nbundles; b++) {
		unsigned t = pick_template();
		uint8_t types[3], stops;
		ia64_template(t, types, &stops);
		uint64_t s[3];
		if (types[1] == IA64_ST_L) {
			s[0] = random_slot(IA64_ST_M);
			if (!gen_slot(C_MOVL, IA64_ST_X, &s[2], &s[1])) {
				s[1] = 0;
				s[2] = NOP_I; /* nop.x */
			} else {
				cat_count[C_MOVL]++;
			}
		} else {
			for (unsigned k = 0; k < 3; k++)
				s[k] = types[k] == IA64_ST_M || types[k] == IA64_ST_I
					   ? random_slot(types[k])
				       : types[k] == IA64_ST_F ? fp_slot()
							       : nop_of(types[k]);
		}
		put_bundle(b, t, s[0], s[1], s[2]);
	}
	/* now and then a loop: a branch back to the start (br.cond on a qp, or
	 * br.cloop counting ar.lc down) in the bundle before the last */
	if (b && chance(st.clean ? 40 : 20)) {
		b--;
		bool cloop = chance(50);
		put_bundle(b, chance(50) ? 0x10 : 0x11, random_slot(IA64_ST_M),
			   random_slot(IA64_ST_I), loop_slot(b, cloop, 1 + rn(63)));
		cat_count[C_LOOP]++;
		b++;
	}
	/* the last: a break (break.m or break.i), maybe after ops */
	switch (rn(4)) {
	case 0:
		put_bundle(b, 0x00, break_slot(), NOP_I, NOP_I);
		break;
	case 1:
		put_bundle(b, 0x01, random_slot(IA64_ST_M), break_slot(), NOP_I);
		break;
	case 2:
		put_bundle(b, 0x09, random_slot(IA64_ST_M), break_slot(), NOP_I);
		break;
	default:
		put_bundle(b, 0x00, random_slot(IA64_ST_M), random_slot(IA64_ST_I), break_slot());
		break;
	}
}

/* ---- running ------------------------------------------------------------------------------- */

struct run {
	struct cpu cpu;
	struct cpu snap; /* as set up: what each run starts from */
	struct mem mem;
	struct cpu_exit x;
	const char *name;
};

/* The block's state, memory and an empty ALAT (the decoded blocks and their
 * compiled code stay). */
static void run_reset(struct run *r)
{
	r->cpu = r->snap;
	memcpy(r->cpu.stacked, st.stacked, st.nstk * sizeof(*r->cpu.stacked));
	memcpy(r->cpu.stacked_nat, st.stacked_nat, st.nstk);
	memcpy(r->mem.code, code, sizeof(code));
	memcpy(r->mem.data, data, sizeof(data));
	cpu_sys_invala(&r->cpu);
}

static void run_setup(struct run *r, bool jit, unsigned hot)
{
	struct cpu_config cfg = {.stacked_regs = st.nstk, .no_jit = !jit, .jit_hot = hot};
	if (cpu_init(&r->cpu, &cfg, &mem_ops, &r->mem) < 0) {
		fprintf(stderr, "jit_fuzz: cpu_init failed\n");
		exit(2);
	}
	struct cpu *c = &r->cpu;
	memcpy(c->gr, st.gr, sizeof(st.gr));
	c->gr[0] = 0;
	c->gr_nat = st.gr_nat;
	c->bof = st.bof;
	c->cfm = st.cfm;
	c->pr = st.pr;
	c->psr = st.psr;
	c->ar[AR_UNAT] = st.ar_unat;
	c->ar[AR_CCV] = st.ar_ccv;
	c->ar[AR_CSD] = st.ar_csd;
	memcpy(&c->fr[2], &st.fr[2], 126 * sizeof(c->fr[0]));
	c->ar[AR_LC] = st.ar_lc;
	c->ar[AR_EC] = st.ar_ec;
	c->ar[AR_BSP] = c->ar[AR_BSPSTORE] = BS_VA;
	c->ar[AR_RSC] = 0xc; /* enforced lazy, pl 3 */
	c->ip = CODE_VA;
	c->slot = st.slot;
	r->snap = *c;
	run_reset(r);
}

/* The runs before the one that compiles the block (config.jit_hot), each
 * from the start. */
static void run_warm(struct run *r)
{
	for (unsigned k = 1; k < r->cpu.config.jit_hot; k++) {
		cpu_run(&r->cpu, BUDGET);
		run_reset(r);
	}
}

/* ---- comparing and printing -------------------------------------------------------------------
 */

static int ndiff;
static FILE *dout; /* where differences go (NULL: only counted) */

static void diff(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diff(const char *fmt, ...)
{
	ndiff++;
	if (!dout || ndiff > 40)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("#   ", dout);
	vfprintf(dout, fmt, ap);
	fputc('\n', dout);
	va_end(ap);
}

static const char *const kind_name[] = {"break", "privop", "fault", "budget"};

static void print_exit(FILE *f, const char *name, const struct run *r)
{
	const struct cpu_exit *x = &r->x;
	fprintf(f,
		"#   %s: %s fault %d access %u addr %#" PRIx64 " imm %#" PRIx64 " at %#" PRIx64
		" slot %u, %" PRIu64 " insns\n",
		name, x->kind <= CPU_EXIT_BUDGET ? kind_name[x->kind] : "?", (int)x->fault,
		x->access, x->addr, x->imm, r->cpu.ip, r->cpu.slot, r->cpu.insns);
}

/* a against the reference b: the number of differences */
static int compare(const struct run *a, const struct run *b)
{
	ndiff = 0;
	const struct cpu_exit *xa = &a->x, *xb = &b->x;
	const struct cpu *ca = &a->cpu, *cb = &b->cpu;
	if (xa->kind != xb->kind || xa->fault != xb->fault || xa->access != xb->access ||
	    xa->addr != xb->addr || xa->imm != xb->imm || xa->insn.bits != xb->insn.bits ||
	    ca->ip != cb->ip || ca->slot != cb->slot || ca->insns != cb->insns) {
		diff("exit or position differs:");
		if (dout) {
			print_exit(dout, a->name, a);
			print_exit(dout, b->name, b);
		}
	}
	for (unsigned r = 1; r < 32; r++) {
		bool na = (ca->gr_nat >> r) & 1, nb = (cb->gr_nat >> r) & 1;
		if (ca->gr[r] != cb->gr[r] || na != nb)
			diff("r%u: %s %#" PRIx64 "%s, %s %#" PRIx64 "%s (was %#" PRIx64 "%s)", r,
			     a->name, ca->gr[r], na ? " NaT" : "", b->name, cb->gr[r],
			     nb ? " NaT" : "", st.gr[r], (st.gr_nat >> r) & 1 ? " NaT" : "");
	}
	if (memcmp(&ca->cfm, &cb->cfm, sizeof(ca->cfm)) || ca->bof != cb->bof)
		diff("frame: %s cfm %#" PRIx64 " bof %u, %s cfm %#" PRIx64 " bof %u", a->name,
		     cpu_sys_cfm(ca), ca->bof, b->name, cpu_sys_cfm(cb), cb->bof);
	/* the stacked registers: logically in the frame, then physically */
	bool same_frame = !memcmp(&ca->cfm, &cb->cfm, sizeof(ca->cfm)) && ca->bof == cb->bof;
	for (unsigned r = 32; same_frame && r < 32u + ca->cfm.sof; r++) {
		bool na, nb;
		uint64_t va = cpu_get_gr(ca, r, &na), vb = cpu_get_gr(cb, r, &nb);
		if (va != vb || na != nb)
			diff("r%u (phys %u): %s %#" PRIx64 "%s, %s %#" PRIx64 "%s", r,
			     cpu_stacked_index(ca, r), a->name, va, na ? " NaT" : "", b->name, vb,
			     nb ? " NaT" : "");
	}
	/* the rest of the physical file (all of it when the frames differ) */
	bool inframe[224] = {0};
	for (unsigned r = 32; same_frame && r < 32u + ca->cfm.sof; r++)
		inframe[cpu_stacked_index(ca, r)] = true;
	for (unsigned i = 0; i < st.nstk; i++)
		if (!inframe[i] &&
		    (ca->stacked[i] != cb->stacked[i] || ca->stacked_nat[i] != cb->stacked_nat[i]))
			diff("phys stacked %u%s: %s %#" PRIx64 "/%u, %s %#" PRIx64 "/%u", i,
			     same_frame ? " (outside the frame)" : "", a->name, ca->stacked[i],
			     ca->stacked_nat[i], b->name, cb->stacked[i], cb->stacked_nat[i]);
	if (ca->pr != cb->pr)
		diff("pr: %s 0x%016" PRIx64 ", %s 0x%016" PRIx64 " (xor %#" PRIx64 ", was %#" PRIx64
		     ", rrb.pr %u)",
		     a->name, ca->pr, b->name, cb->pr, ca->pr ^ cb->pr, st.pr, ca->cfm.rrb_pr);
	if (ca->dcache->alat_valid != cb->dcache->alat_valid)
		diff("ALAT valid: %s %#" PRIx64 ", %s %#" PRIx64, a->name, ca->dcache->alat_valid,
		     b->name, cb->dcache->alat_valid);
	if (ca->psr != cb->psr)
		diff("psr: %s %#" PRIx64 ", %s %#" PRIx64, a->name, ca->psr, b->name, cb->psr);
	for (unsigned i = 0; i < 128; i++)
		if (ca->ar[i] != cb->ar[i])
			diff("ar%u: %s %#" PRIx64 ", %s %#" PRIx64, i, a->name, ca->ar[i], b->name,
			     cb->ar[i]);
	for (unsigned i = 0; i < 8; i++)
		if (ca->br[i] != cb->br[i])
			diff("b%u: %s %#" PRIx64 ", %s %#" PRIx64, i, a->name, ca->br[i], b->name,
			     cb->br[i]);
	for (unsigned i = 0; i < 128; i++)
		if (ca->fr[i].sig != cb->fr[i].sig || ca->fr[i].exp != cb->fr[i].exp ||
		    ca->fr[i].sign != cb->fr[i].sign)
			diff("f%u (phys) differs", i);
	for (unsigned i = 0; i < CPU_ALAT_SIZE; i++) {
		const struct cpu_alat_entry *ea = &ca->alat[i], *eb = &cb->alat[i];
		if (ea->valid != eb->valid ||
		    (ea->valid && (ea->addr != eb->addr || ea->reg != eb->reg || ea->fp != eb->fp ||
				   ea->size != eb->size)))
			diff("ALAT entry %u differs", i);
	}
	for (size_t i = 0; i < sizeof(data); i++) {
		if (a->mem.data[i] != b->mem.data[i]) {
			diff("data at %#" PRIx64 ": %s %02x, %s %02x (was %02x)",
			     (uint64_t)(DATA_VA + i), a->name, a->mem.data[i], b->name,
			     b->mem.data[i], data[i]);
		}
	}
	if (memcmp(a->mem.code, b->mem.code, sizeof(code)))
		diff("the code page differs");
	return ndiff;
}

static void print_block(FILE *f)
{
	int w = ia64_objdump_addr_width(CODE_VA + 16 * nbundles);
	for (unsigned i = 0; i < nbundles; i++) {
		uint64_t w0, w1;
		memcpy(&w0, code + 16 * i, 8);
		memcpy(&w1, code + 16 * i + 8, 8);
		fprintf(f, "#   bundle %2u: %016" PRIx64 " %016" PRIx64 "\n", i, w0, w1);
		char buf[1024];
		ia64_format_bundle(buf, sizeof(buf), code + 16 * i, CODE_VA + 16 * i, w, NULL,
				   NULL);
		for (char *p = buf, *e; *p; p = e + 1) {
			e = strchr(p, '\n');
			if (!e)
				break;
			fprintf(f, "#     %.*s\n", (int)(e - p), p);
		}
	}
}

static void print_state(FILE *f)
{
	fprintf(f,
		"#   start: slot %u, stacked_regs %u, bof %u, cfm sof %u sol %u sor %u rrb.gr %u "
		"rrb.pr %u, pr 0x%016" PRIx64 ", psr %#" PRIx64 "\n",
		st.slot, st.nstk, st.bof, st.cfm.sof, st.cfm.sol, st.cfm.sor, st.cfm.rrb_gr,
		st.cfm.rrb_pr, st.pr, st.psr);
	for (unsigned r = 1; r < 32; r++)
		fprintf(f, "%sr%-3u 0x%016" PRIx64 "%s%s", r % 4 == 1 ? "#   " : "", r, st.gr[r],
			(st.gr_nat >> r) & 1 ? " NaT" : "    ", r % 4 == 0 ? "\n" : "  ");
	struct cpu t = {.bof = st.bof, .cfm = st.cfm, .config.stacked_regs = st.nstk};
	for (unsigned r = 32; r < 32u + st.cfm.sof; r++) {
		unsigned i = cpu_stacked_index(&t, r);
		fprintf(f, "%sr%-3u 0x%016" PRIx64 "%s%s", r % 4 == 1 ? "#   " : "", r,
			st.stacked[i], st.stacked_nat[i] ? " NaT" : "    ",
			r % 4 == 0 ? "\n" : "  ");
	}
	if ((31u + st.cfm.sof) % 4)
		fputc('\n', f);
}

/* ---- the driver ---------------------------------------------------------------------------- */

static uint64_t seed;
/* A block that runs for ever (a compiled loop past its budget): which. */
static volatile sig_atomic_t watch_block_lo, watch_block_hi;
static bool verbose;
static struct run runs[4]; /* jit, ref, a third way, the persistent cpu */
static uint64_t n_third, n_step, n_split, n_persist, n_jit_blocks, slots_main, n_fail;

/* The persistent cpu (96 stacked registers) takes the block's state, as the
 * reference r was set up, and keeps its decoded blocks and compiled code. */
static void persist_setup(struct run *p, const struct run *r)
{
	if (!p->cpu.dcache) {
		struct cpu_config cfg = {.stacked_regs = 96, .jit_hot = 1};
		if (cpu_init(&p->cpu, &cfg, &mem_ops, &p->mem) < 0) {
			fprintf(stderr, "jit_fuzz: cpu_init failed\n");
			exit(2);
		}
	}
	struct cpu keep = p->cpu;
	p->cpu = r->snap;
	p->cpu.stacked = keep.stacked;
	p->cpu.stacked_nat = keep.stacked_nat;
	p->cpu.dcache = keep.dcache;
	p->cpu.config = keep.config;
	p->cpu.mem_ctx = &p->mem;
	p->snap = p->cpu;
	run_reset(p);
}
static uint64_t n_exit[4], n_exit_fault[16];
static bool jit_buf_seen, jit_off_seen;

static uint64_t block_seed(uint64_t i)
{
	uint64_t x = seed ^ (i * 0xd1342543de82ef95ull);
	splitmix(&x);
	return splitmix(&x);
}

/* Run block i: the number of comparisons that differ. */
static int run_block(uint64_t i)
{
	rs = block_seed(i);
	watch_block_lo = (sig_atomic_t)(uint32_t)i;
	watch_block_hi = (sig_atomic_t)(uint32_t)(i >> 32);
	alarm(WATCHDOG);
	state_init();
	code_init();
	int bad = 0;

	struct run *j = &runs[0], *ref = &runs[1], *t = &runs[2];
	run_setup(j, true, chance(85) ? 1 : 2 + rn(15));
	run_setup(ref, false, 0);
	uint64_t s0 = cpu_jit_slots;
	run_warm(j);
	j->x = cpu_run(&j->cpu, BUDGET);
	slots_main += cpu_jit_slots - s0;
	n_jit_blocks += cpu_jit_slots != s0;
	jit_buf_seen |= j->cpu.dcache->jit_buf != NULL;
	jit_off_seen |= j->cpu.dcache->jit_off;
	ref->x = cpu_run(&ref->cpu, BUDGET);
	n_exit[ref->x.kind & 3]++;
	if (ref->x.kind == CPU_EXIT_FAULT)
		n_exit_fault[ref->x.fault & 15]++;

	FILE *f = verbose ? stdout : n_fail < 5 ? stdout : NULL;
	dout = NULL;
	int d = compare(j, ref);
	bool shown = false;
	if (d || verbose) {
		if (f) {
			printf("# block %" PRIu64 " (seed %#" PRIx64
			       ", rerun: jit_fuzz -s %#" PRIx64 " -b %" PRIu64 "): %s\n",
			       i, seed, seed, i, d ? "the compiler differs" : "the same");
			print_block(f);
			print_state(f);
			print_exit(f, ref->name, ref);
			dout = f;
			compare(j, ref);
			shown = true;
		}
		bad += d != 0;
	}

	/* a third way, for some blocks: one instruction per cpu_run, a random
	 * budget and then the rest, or a cpu that runs block after block (the
	 * same code page rewritten each time: decoded and compiled again) */
	if (chance(25) || verbose) {
		n_third++;
		unsigned how = rn(3);
		if (how == 2 && st.nstk == 96) {
			t = &runs[3];
			t->name = "persist";
			n_persist++;
			persist_setup(t, ref);
			run_warm(t);
			t->x = cpu_run(&t->cpu, BUDGET);
		} else if (how == 1 || ref->cpu.insns > 600) { /* long loops: not one by one */
			run_setup(t, true, 1);
			t->name = "split";
			n_split++;
			run_warm(t);
			uint64_t first = 1 + rn((unsigned)(ref->cpu.insns ? ref->cpu.insns : 1));
			t->x = cpu_run(&t->cpu, first);
			if (t->x.kind == CPU_EXIT_BUDGET)
				t->x = cpu_run(&t->cpu, BUDGET - first);
		} else {
			run_setup(t, true, 1);
			t->name = "step";
			n_step++;
			t->x.kind = CPU_EXIT_BUDGET;
			for (unsigned k = 0; k < BUDGET && t->x.kind == CPU_EXIT_BUDGET; k++)
				t->x = cpu_run(&t->cpu, 1);
		}
		dout = NULL;
		int e = compare(t, ref);
		if (e && f) {
			if (!shown) {
				printf("# block %" PRIu64 " (seed %#" PRIx64
				       ", rerun: jit_fuzz -s %#" PRIx64 " -b %" PRIu64 "):\n",
				       i, seed, seed, i);
				print_block(f);
				print_state(f);
			}
			if (t == &runs[3])
				printf("# the persist run (a cpu that ran the blocks before: rerun "
				       "with -n %" PRIu64 ") differs from the reference:\n",
				       i + 1);
			else
				printf("# the %s run differs from the reference:\n", t->name);
			dout = f;
			compare(t, ref);
		}
		bad += e != 0;
		if (t != &runs[3])
			cpu_destroy(&t->cpu);
	}
	if (verbose)
		print_exit(stdout, j->name, j);
	cpu_destroy(&j->cpu);
	cpu_destroy(&ref->cpu);
	n_fail += bad != 0;
	return bad;
}

static size_t put_str(char *buf, size_t n, const char *str)
{
	while (*str)
		buf[n++] = *str++;
	return n;
}

static size_t put_hex(char *buf, size_t n, uint64_t v)
{
	for (int i = 15; i >= 0; i--)
		buf[n++] = "0123456789abcdef"[v >> (4 * i) & 15];
	return n;
}

static void on_alarm(int sig)
{
	(void)sig;
	char msg[128];
	size_t n = put_str(msg, 0, "not ok - a block runs for ever: jit_fuzz -s 0x");
	n = put_hex(msg, n, seed);
	n = put_str(msg, n, " -b 0x");
	n = put_hex(msg, n, (uint64_t)(uint32_t)watch_block_hi << 32 | (uint32_t)watch_block_lo);
	msg[n++] = '\n';
	if (write(1, msg, n) < 0)
		_exit(3);
	_exit(3);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int finish(void)
{
	if (runs[3].cpu.dcache)
		cpu_destroy(&runs[3].cpu);
	for (unsigned k = 0; k < 4; k++) {
		free(runs[k].mem.code);
		free(runs[k].mem.data);
	}
	for (unsigned c = 0; c < C_COUNT; c++)
		for (unsigned u = 0; u < U_COUNT; u++)
			free(ents[c][u]);
	return tap_done();
}

static void usage(void)
{
	fprintf(stderr, "usage: jit_fuzz [-n BLOCKS] [-s SEED] [-t SECONDS] [-b BLOCK] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t nblocks = 0, only = UINT64_MAX;
	double seconds = 3;
	bool have_seed = false;
	int opt;
	while ((opt = getopt(argc, argv, "n:s:t:b:v")) != -1) {
		switch (opt) {
		case 'n':
			nblocks = strtoull(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 'b':
			only = strtoull(optarg, NULL, 0);
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (!have_seed)
		seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_alarm);
#if defined(__GLIBC__)
	/* every block sets up fresh cpus: keep their freed memory (the block
	 * arenas) for the next ones rather than handing it back each time */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
	ia64_init();
	tables_init();
	for (unsigned k = 0; k < 4; k++) {
		runs[k].mem.code = page_alloc(4096);
		runs[k].mem.data = page_alloc(sizeof(data));
	}
	runs[0].name = "jit";
	runs[1].name = "ref";

#if !defined(__x86_64__) || !defined(__linux__)
	tap_skip("no block compiler on this host");
	return finish();
#endif
	if (getenv("LOL_NO_JIT")) {
		tap_skip("LOL_NO_JIT is set: the compiler is off");
		return finish();
	}

	if (only != UINT64_MAX) {
		verbose = true;
		int bad = run_block(only);
		tap_ok(!bad, "block %" PRIu64 " of seed %#" PRIx64 ": %" PRIu64 " slots compiled",
		       only, seed, slots_main);
		return finish();
	}

	/* one TAP line per chunk of blocks */
	uint64_t chunk = nblocks ? (nblocks / 20 > 5000 ? nblocks / 20 : 5000) : 5000;
	double t0 = now();
	uint64_t done = 0, first = 0, chunk_fail = 0, chunk_slots = slots_main;
	printf("# seed %#" PRIx64 " (rerun: jit_fuzz -s %#" PRIx64 " -n N)\n", seed, seed);
	for (;;) {
		if (nblocks ? done >= nblocks : now() - t0 >= seconds || done >= 2000000)
			break;
		chunk_fail += run_block(done) != 0;
		done++;
		bool end = nblocks ? done >= nblocks : now() - t0 >= seconds;
		if (done - first == chunk || (end && done > first)) {
			tap_ok(chunk_fail == 0,
			       "blocks %" PRIu64 "-%" PRIu64 " of seed %#" PRIx64 ": %" PRIu64
			       " differ, %" PRIu64 " slots compiled",
			       first, done - 1, seed, chunk_fail, slots_main - chunk_slots);
			first = done;
			chunk_fail = 0;
			chunk_slots = slots_main;
		}
	}
	double dt = now() - t0;
	printf("# %" PRIu64 " blocks in %.2f s (%.0f blocks/s): %" PRIu64
	       " slots compiled in %" PRIu64 " blocks; third runs %" PRIu64 " (%" PRIu64
	       " stepped, %" PRIu64 " split, %" PRIu64 " on one cpu); %" PRIu64 " blocks differ\n",
	       done, dt, done / (dt > 0 ? dt : 1), slots_main, n_jit_blocks, n_third, n_step,
	       n_split, n_persist, n_fail);
	printf("# exits: %" PRIu64 " break (%" PRIu64 " faults: %" PRIu64 " TLB miss, %" PRIu64
	       " access rights, %" PRIu64 " alignment, %" PRIu64 " NaT consumption, %" PRIu64
	       " illegal op, %" PRIu64 " other), %" PRIu64 " privop, %" PRIu64 " budget\n",
	       n_exit[CPU_EXIT_BREAK], n_exit[CPU_EXIT_FAULT], n_exit_fault[CPU_FAULT_TLB_MISS],
	       n_exit_fault[CPU_FAULT_ACCESS_RIGHTS], n_exit_fault[CPU_FAULT_ALIGNMENT],
	       n_exit_fault[CPU_FAULT_NAT_CONSUMPTION], n_exit_fault[CPU_FAULT_ILLEGAL_OP],
	       n_exit[CPU_EXIT_FAULT] - n_exit_fault[CPU_FAULT_TLB_MISS] -
		   n_exit_fault[CPU_FAULT_ACCESS_RIGHTS] - n_exit_fault[CPU_FAULT_ALIGNMENT] -
		   n_exit_fault[CPU_FAULT_NAT_CONSUMPTION] - n_exit_fault[CPU_FAULT_ILLEGAL_OP],
	       n_exit[CPU_EXIT_PRIVOP], n_exit[CPU_EXIT_BUDGET]);
	printf("# slots made:");
	for (unsigned c = 0; c < C_COUNT; c++)
		printf(" %s %u", cat_name[c], cat_count[c]);
	printf("\n");
	/* the compiler must have compiled something, unless the host refused it
	 * executable memory */
	if (done) {
		if (slots_main || jit_buf_seen || !jit_off_seen)
			tap_ok(slots_main > 0, "the compiler compiled %" PRIu64 " slots",
			       slots_main);
		else
			tap_skip("the host refuses executable memory");
	}
	return finish();
}
