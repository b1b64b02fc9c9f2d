// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop and the decoded-bundle cache.
 *
 * cpu_run fetches code through the execute TLB and runs it a block at a
 * time: straight-line bundles up to a branch, decoded once into an array of
 * slots with pre-resolved handlers, found in a direct-mapped cache by their
 * first bundle's address and verified against the bytes in memory before
 * they first run after anything that may change code (cpu_code_changed), so
 * stale decodes cannot run.  The handler of every slot whose
 * qualifying predicate is true is called in turn.  Slots run one after the other: legal code
 * has no dependency inside an instruction group that sequential execution
 * would get wrong (SDM vol 1 3.4).  Nops are left out of the decode.
 *
 * Handlers get what they need precomputed (branch targets, return
 * addresses, ip for mov r=ip): cpu->ip and cpu->slot are exact at exits
 * only.  The frame map of the fast register accessors (interp.h) is redone
 * on entry, as the user may have changed the frame between runs.
 */
#include <stdlib.h>

#include "exec.h"
#include "interp.h"
#include "jit.h"

/* ---- exits --------------------------------------------------------------------------------- */

int cpu_fault(struct cpu *cpu, const struct dslot *d, enum cpu_fault f, uint64_t addr,
	      unsigned access)
{
	struct cpu_exit *x = &cpu->dcache->exit;
	x->kind = CPU_EXIT_FAULT;
	x->fault = f;
	x->access = access;
	x->addr = addr;
	x->imm = 0;
	x->fp_flags = 0;
	x->insn = *d->insn;
	return leave(cpu, d, XR_EXIT);
}

int cpu_illegal(struct cpu *cpu, const struct dslot *d)
{
	return cpu_fault(cpu, d, CPU_FAULT_ILLEGAL_OP, 0, 0);
}

int h_illegal(struct cpu *cpu, const struct dslot *d)
{
	return cpu_illegal(cpu, d);
}

int cpu_privop_exit(struct cpu *cpu, const struct dslot *d)
{
	struct cpu_exit *x = &cpu->dcache->exit;
	memset(x, 0, sizeof(*x));
	x->kind = CPU_EXIT_PRIVOP;
	x->insn = *d->insn;
	return leave(cpu, d, XR_EXIT);
}

/* Privileged ops never run here: the user emulates them, or (lol-user)
 * they are an Illegal Operation as on Linux, where user code gets SIGILL. */
int cpu_privop(struct cpu *cpu, const struct dslot *d)
{
	if (cpu->config.exit_on_priv)
		return cpu_privop_exit(cpu, d);
	return cpu_illegal(cpu, d);
}

/* The sensitive ops a monitor must answer itself: the rest (ar.k and ar.itc
 * reads, fc, rsc/bspstore writes) come out right when the monitor keeps the
 * cpu's ar[] and psr.cpl at the guest's virtual values. */
static bool monitor_sensitive(const struct ia64_insn *in)
{
	switch (in->opc->op) {
	case IA64_OP_THASH:
	case IA64_OP_TTAG:
	case IA64_OP_PROBE:
	case IA64_OP_COVER:
	case IA64_OP_EPC:
	case IA64_OP_MOV_FROM_IND: /* cpuid[], pmd[] */
		return true;
	default:
		return false;
	}
}

static int h_privop(struct cpu *cpu, const struct dslot *d)
{
	return cpu_privop(cpu, d);
}

/* ---- the FP and multimedia helpers (exec.h) ------------------------------------------------ */

static int helper_exit(struct cpu *cpu, const struct dslot *d)
{
	cpu->dcache->exit.kind = CPU_EXIT_FAULT;
	cpu->dcache->exit.insn = *d->insn;
	return leave(cpu, d, XR_EXIT);
}

int cpu_h_fp(struct cpu *cpu, const struct dslot *d)
{
	if (cpu_exec_fp(cpu, d->insn, &cpu->dcache->exit))
		return helper_exit(cpu, d);
	return next_slot(cpu, d);
}

static int h_mm(struct cpu *cpu, const struct dslot *d)
{
	if (cpu_exec_mm(cpu, d->insn, &cpu->dcache->exit))
		return helper_exit(cpu, d);
	return next_slot(cpu, d);
}

static bool is_mm_op(unsigned op)
{
	switch (op) {
	case IA64_OP_PADD:
	case IA64_OP_PSUB:
	case IA64_OP_PAVG:
	case IA64_OP_PAVGSUB:
	case IA64_OP_PCMP:
	case IA64_OP_PSHLADD:
	case IA64_OP_PSHRADD:
	case IA64_OP_PMPYSHR:
	case IA64_OP_PMPY:
	case IA64_OP_MIX:
	case IA64_OP_PACK:
	case IA64_OP_UNPACK:
	case IA64_OP_PMIN:
	case IA64_OP_PMAX:
	case IA64_OP_PSAD:
	case IA64_OP_MUX:
	case IA64_OP_PSHR:
	case IA64_OP_PSHL:
	case IA64_OP_POPCNT:
	case IA64_OP_CLZ:
	case IA64_OP_CZX:
	case IA64_OP_MPY4:
	case IA64_OP_MPYSHL4:
		return true;
	default:
		return false;
	}
}

/* ---- decoding ------------------------------------------------------------------------------ */

/* Fill d for in (d->insn, d->slot are set).  d->fn NULL: drop the slot. */
static void decode_slot(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip)
{
	const struct ia64_opcode *o = in->opc;
	d->qp = in->qp;
	if (!o) {
		d->fn = h_illegal;
		return;
	}
	if (o->flags & IA64_F_ILLEGAL_QP)
		d->qp = 0;

	unsigned maxgr = 0, fpx = 0;
	bool r0_out = false;
	for (unsigned i = 0; i < in->nopnd; i++) {
		const struct ia64_operand *op = &in->opnd[i];
		uint8_t v = (uint8_t)op->value;
		if (op->cls == IA64_OC_FR && v >= 2)
			fpx |= v < 32 ? 1 : 2;
		switch (op->kind) {
		case IA64_OPND_R1:
			d->r1 = v;
			break;
		case IA64_OPND_R2:
			d->r2 = v;
			break;
		case IA64_OPND_R3:
		case IA64_OPND_R3_2:
		case IA64_OPND_MEM_R3:
			d->r3 = v;
			break;
		case IA64_OPND_P1:
			d->p1 = v;
			break;
		case IA64_OPND_P2:
			d->p2 = v;
			break;
		default:
			break;
		}
		if ((op->cls == IA64_OC_GR || op->cls == IA64_OC_MEM || op->cls == IA64_OC_IND) &&
		    v > maxgr)
			maxgr = v;
		if (i < o->nout && op->cls == IA64_OC_GR && v == 0)
			r0_out = true;
	}
	d->maxgr = (uint8_t)maxgr;
	d->fpx = (uint8_t)fpx;
	if (maxgr < 32) {
		/* NaT masks for the static-register handler variants
		 * (exec_int.c): the GR sources', and the first GR target's */
		uint64_t src = 0, dst = 0;
		for (unsigned i = 0; i < in->nopnd; i++) {
			const struct ia64_operand *op = &in->opnd[i];
			if (op->cls != IA64_OC_GR)
				continue;
			if (i >= o->nout)
				src |= 1ull << (op->value & 31);
			else if (!dst)
				dst = 1ull << (op->value & 31);
		}
		d->tgt = (src & 0xffffffffull) | dst << 32;
	}

	if (in->flags & IA64_F_PRIV) {
		if (!cpu_decode_sys(cpu, d, in))
			d->fn = h_privop;
		return;
	}
	if ((in->flags & IA64_F_SENSITIVE) && cpu->config.exit_on_sensitive &&
	    cpu->config.virtual_pl && monitor_sensitive(in)) {
		d->fn = h_privop;
		return;
	}
	if (r0_out) {
		/* check_target_register: r0 is read-only */
		d->fn = h_illegal;
		return;
	}
	if (o->unit == IA64_UNIT_F && o->op != IA64_OP_FCHKF && o->op != IA64_OP_BREAK &&
	    o->op != IA64_OP_NOP && o->op != IA64_OP_HINT) {
		d->fn = cpu_h_fp;
		/* These write predicates when their qp is 0 too (fcmp.unc and
		 * fclass.unc clear p1, p2; the reciprocal approximations clear
		 * p2): the helper evaluates their qp. */
		if ((o->op == IA64_OP_FCMP && o->sub2 >= 4) ||
		    (o->op == IA64_OP_FCLASS && o->sub2) || o->op == IA64_OP_FRCPA ||
		    o->op == IA64_OP_FPRCPA || o->op == IA64_OP_FRSQRTA ||
		    o->op == IA64_OP_FPRSQRTA)
			d->qp = 0;
		else
			cpu_decode_fp_fast(d, in);
		return;
	}
	if (o->op == IA64_OP_GETF || o->op == IA64_OP_SETF) {
		if (!cpu_decode_fp_fast(d, in))
			d->fn = cpu_h_fp;
		return;
	}
	if (is_mm_op(o->op)) {
		if (!cpu_decode_mm_fast(d, in))
			d->fn = h_mm;
		return;
	}
	if (cpu_decode_br(cpu, d, in, ip) || cpu_decode_mem(cpu, d, in, ip) ||
	    cpu_decode_int(cpu, d, in, ip))
		return;
	d->fn = h_illegal;
}

/* ---- blocks -------------------------------------------------------------------------------- */

/* Ops after which a block ends: branches that are always taken, what
 * changes the frame, its rotation or the RSE, and what makes new code
 * visible.  A block goes on after a conditional branch (its fall-through
 * path); when taken, it leaves. */
static bool ends_block(const struct ia64_insn *in)
{
	switch (in->opc->op) {
	case IA64_OP_BR_COND:
	case IA64_OP_BR_CALL:
	case IA64_OP_BR_RET:
	case IA64_OP_BRL_COND:
	case IA64_OP_BRL_CALL:
		return in->qp == 0;
	case IA64_OP_FC:
	case IA64_OP_SYNC_I:
	case IA64_OP_SRLZ: /* code after it may be new (cpu_code_changed) */
	case IA64_OP_BR_IA:
	case IA64_OP_ALLOC:
	case IA64_OP_COVER:
	case IA64_OP_CLRRRB:
	case IA64_OP_FLUSHRS:
	case IA64_OP_LOADRS:
	case IA64_OP_EPC:
		return true;
	default:
		return false;
	}
}

/* Sizes of a block's parts in the arena (see struct dblock). */
static size_t block_size(unsigned nb, unsigned n)
{
	return sizeof(struct dblock) + 16 * nb + (n + 1) * sizeof(struct dslot) +
	       n * sizeof(struct ia64_insn) + n * sizeof(cpu_handler);
}

#define BLOCK_MAX_SIZE block_size(BLOCK_BUNDLES, 3 * BLOCK_BUNDLES)

/* Counts the events after which code may differ from its decodes. */
uint64_t code_epoch = 1;

uint64_t cpu_fused_pairs;

void cpu_code_changed(void)
{
	__atomic_fetch_add(&code_epoch, 1, __ATOMIC_RELEASE);
}

/* ---- the chain across blocks ----------------------------------------------------------------
 * A block that ends (its sentinel) or branches goes on into the block it
 * is linked to when the run loop would run that one whole next: checked
 * against memory at this epoch, its instructions inside the budget, its
 * registers inside the frame, no disabled FP register.  A link may cross
 * pages: the linked block was fetched through the execute TLB and checked
 * at this epoch, and every TLB flush moves code_epoch.  A run-loop
 * entry follows at most CHAIN_HOPS links, so the handlers' stack stays
 * bounded where the compiler makes no tail calls (unoptimised builds; the
 * optimised ones return to the run loop less often). */
#ifdef __OPTIMIZE__
#define CHAIN_HOPS 64
#else
#define CHAIN_HOPS 16
#endif

/* The sentinel: tgt is its block (0 for the run loop's stand-ins). */
static int h_block_end(struct cpu *cpu, const struct dslot *d)
{
	const struct dblock *a = (const struct dblock *)(uintptr_t)d->tgt;
	if (a) {
		const struct dslot *s = hop(cpu, cpu->dcache, a->fall, a->ninsn);
		if (s)
			return s->fn(cpu, s);
	}
	return XR_END;
}

int dcache_init(struct cpu_dcache *dc)
{
	dc->tab = calloc(DC_ENTRIES, sizeof(*dc->tab));
	dc->arena_size = DC_ARENA;
	dc->arena = malloc(dc->arena_size);
	dc->arena_used = 0;
	return dc->tab && dc->arena ? 0 : -1;
}

void dcache_free(struct cpu_dcache *dc)
{
	jit_free(dc);
	free(dc->tab);
	free(dc->arena);
	dc->tab = NULL;
	dc->arena = NULL;
}

/* Room for a block; a full arena starts over, forgetting every block. */
static void *arena_alloc(struct cpu_dcache *dc, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (dc->arena_used + size > dc->arena_size) {
		/* nothing points into the arena now but the table: a bigger
		 * one can take its place */
		uint8_t *bigger = dc->arena_size < DC_ARENA_MAX ? malloc(2 * dc->arena_size) : NULL;
		if (bigger) {
			free(dc->arena);
			dc->arena = bigger;
			dc->arena_size *= 2;
		}
		memset(dc->tab, 0, DC_ENTRIES * sizeof(*dc->tab));
		dc->arena_used = 0;
		dc->gen++; /* every block and link is gone */
		jit_reset(dc); /* and the code compiled from them */
	}
	void *p = dc->arena + dc->arena_used;
	dc->arena_used += size;
	return p;
}

/*
 * Decode the block starting at ip: up to BLOCK_BUNDLES bundles of ip's page,
 * ending after the first bundle with an op ends_block names.  A bundle with
 * cover is only ever a block's first, and its block checks every slot
 * against the frame; alloc checks the slots after it (XR_CHECK).  page: ip's
 * page, host memory.
 */
static struct dblock *decode_block(struct cpu *cpu, uint64_t ip, const uint8_t *page)
{
	struct cpu_dcache *dc = cpu->dcache;
	struct dslot s[3 * BLOCK_BUNDLES];
	struct ia64_insn in[3 * BLOCK_BUNDLES];
	uint64_t raw[2 * BLOCK_BUNDLES];
	unsigned n = 0, nb = 0, ninsn = 0, maxgr = 0, n0 = 0, ninsn0 = 3, fpx = 0;
	bool done = false;

	for (uint64_t a = ip; !done && nb < BLOCK_BUNDLES && (a & ~0xfffull) == (ip & ~0xfffull);
	     a += 16) {
		struct ia64_bundle b;
		ia64_decode_bundle(page + (a & 0xfff), &b);
		unsigned bn = b.reserved ? 3 : b.ninsn, first = n;
		bool reframe = false;
		/* the slots after an alloc are checked by it against the new
		 * frame: the highest GR they name goes to its e */
		struct dslot *alloc = NULL;
		for (unsigned k = 0; k < 3; k++) {
			const struct ia64_insn *x = &b.insn[k];
			if (b.reserved && k) /* Illegal Operation at slot 0 */
				break;
			if (!b.reserved) {
				if (x->type == IA64_ST_L)
					continue;
				if (x->opc && (x->opc->op == IA64_OP_NOP || x->opc->op == IA64_OP_HINT))
					continue;
			}
			struct dslot *d = &s[n];
			memset(d, 0, sizeof(*d));
			in[n] = *x;
			d->insn = &in[n];
			d->slot = (uint8_t)(x->type == IA64_ST_X ? 1 : k);
			if (b.reserved) {
				d->slot = 0;
				d->fn = h_illegal;
				done = true;
			} else {
				decode_slot(cpu, d, x, a);
			}
			if (!d->fn)
				continue;
			d->bi = (uint8_t)nb;
			d->bn = (uint8_t)bn;
			d->pos = (uint8_t)(ninsn + d->slot);
			fpx |= d->fpx;
			if (alloc)
				alloc->e = d->maxgr > alloc->e ? d->maxgr : alloc->e;
			else if (d->maxgr > maxgr)
				maxgr = d->maxgr;
			if (x->opc && !b.reserved) {
				if (x->opc->op == IA64_OP_ALLOC)
					alloc = d;
				if (x->opc->op == IA64_OP_COVER)
					reframe = true;
				if (ends_block(x))
					done = true;
			}
			n++;
		}
		if (reframe) {
			if (nb) {
				n = first; /* it starts a block of its own */
				break;
			}
			maxgr = 255; /* check every slot */
			done = true;
		}
		memcpy(&raw[2 * nb], page + (a & 0xfff), 16);
		if (!nb) {
			n0 = n;
			ninsn0 = bn;
		}
		nb++;
		ninsn += bn;
	}

	struct dblock *blk = arena_alloc(dc, block_size(nb, n));
	blk->ip = ip;
	blk->epoch = __atomic_load_n(&code_epoch, __ATOMIC_ACQUIRE);
	blk->nb = (uint8_t)nb;
	blk->ninsn = (uint8_t)ninsn;
	blk->n = (uint8_t)n;
	blk->n0 = (uint8_t)n0;
	blk->ninsn0 = (uint8_t)ninsn0;
	blk->maxgr = (uint8_t)maxgr;
	blk->fpx = (uint8_t)fpx;
	blk->fall = NULL;
	blk->br_last = 0;
	for (unsigned i = 0; i < BLOCK_LINKS; i++) {
		blk->br[i] = NULL;
		blk->br_ip[i] = 1; /* no bundle's address */
	}
	memcpy(blk->raw, raw, 16 * nb);
	struct dslot *ds = blk_slots(blk);
	struct ia64_insn *cold = (struct ia64_insn *)(ds + n + 1);
	cpu_handler *single = blk_single(blk);
	for (unsigned i = 0; i < n; i++) {
		ds[i] = s[i];
		cold[i] = in[i];
		ds[i].insn = &cold[i];
		single[i] = s[i].fn;
	}
	__atomic_fetch_add(&cpu_fused_pairs, cpu_fuse(ds, n), __ATOMIC_RELAXED);
	memset(&ds[n], 0, sizeof(ds[n]));
	ds[n].fn = h_block_end;
	ds[n].tgt = (uintptr_t)blk;
	unsigned hot = cpu->config.jit_hot ? cpu->config.jit_hot : JIT_HOT;
	blk->heat = dc->jit_off ? 0 : (uint16_t)(hot < UINT16_MAX ? hot : UINT16_MAX);
	dc->tab[dc_index(ip)] = blk;
	return blk;
}

/* The block's bytes are still the ones in memory at p: a bundle at a time
 * as one 16-byte vector (raw is 16-byte aligned in the arena), the
 * differences ORed together and tested once. */
typedef uint64_t bundle_vec __attribute__((vector_size(16)));

static inline bool block_matches(const struct dblock *b, const uint8_t *p)
{
	bundle_vec diff = {0, 0};
	const bundle_vec *raw = (const bundle_vec *)(const void *)b->raw;
	for (unsigned i = 0; i < b->nb; i++) {
		bundle_vec w;
		memcpy(&w, p + 16 * i, 16);
		diff |= raw[i] ^ w;
	}
	return !(diff[0] | diff[1]);
}

/* ---- the run loop -------------------------------------------------------------------------- */

/* The host address of the bundle at ip, or NULL with the exit filled. */
static const uint8_t *fetch_slow(struct cpu *cpu, uint64_t ip)
{
	enum cpu_fault f = CPU_FAULT_NONE;
	const uint8_t *p = cpu_translate(cpu, ip, CPU_ACC_EXEC, &f);
	if (!p) {
		struct cpu_exit *x = &cpu->dcache->exit;
		memset(x, 0, sizeof(*x));
		x->kind = CPU_EXIT_FAULT;
		x->fault = f;
		x->access = CPU_ACC_EXEC;
		x->addr = ip;
	}
	return p;
}

static struct cpu_exit budget_exit(void)
{
	struct cpu_exit x;
	memset(&x, 0, sizeof(x));
	x.kind = CPU_EXIT_BUDGET;
	return x;
}

/* The instruction at d, in the bundle at ip, stopped: a fault, break or
 * privop is reported at it, a trap (which completed the instruction) after
 * it. */
static void stopped(struct cpu *cpu, const struct dslot *d, uint64_t ip, uint64_t *left)
{
	struct cpu_exit *x = &cpu->dcache->exit;
	cpu->ip = ip;
	cpu->slot = d->slot;
	if (x->kind == CPU_EXIT_FAULT && x->fault == CPU_FAULT_FP_TRAP) {
		(*left)--;
		if (++cpu->slot >= d->bn) {
			cpu->ip = ip + 16;
			cpu->slot = 0;
		}
	}
}

/* Run the slot at d of block b alone, with its unfused handler: a sentinel
 * stops it going on. */
static int run_one(struct cpu *cpu, const struct dblock *b, const struct dslot *d)
{
	struct dslot one[2] = {*d, {.fn = h_block_end}};
	one[0].fn = blk_single(b)[d - blk_slots(b)];
	cpu->dcache->cur = one;
	int r = one[0].fn(cpu, one);
	return r == XR_END || r == XR_CHECK ? XR_NEXT : r;
}

/* The frame changed inside the block (alloc): the slots after *dp one at a
 * time, each checked against the frame.  XR_END at the block's end, or the
 * branch or exit of the slot left in *dp. */
static int run_checked(struct cpu *cpu, const struct dblock *b, const struct dslot **dp)
{
	for (const struct dslot *d = *dp + 1; d->fn != h_block_end; d++) {
		if (d->qp && !pr_get(cpu, d->qp))
			continue;
		int r = d->maxgr >= 32u + cpu->cfm.sof ? cpu_illegal(cpu, d) : run_one(cpu, b, d);
		if (r != XR_NEXT) {
			*dp = d;
			return r;
		}
	}
	return XR_END;
}

struct cpu_exit cpu_run(struct cpu *cpu, uint64_t budget)
{
	struct cpu_dcache *dc = cpu->dcache;
	struct dblock **const tab = dc->tab;
	uint64_t left = budget, ip = cpu->ip & ~0xfull, bundles = 0, misses = 0;
	/* The block that ran last, ended by falling off its end (!prev_br)
	 * or by a taken branch: linked to the next one (cpu_chain). */
	struct dblock *prev = NULL;
	bool prev_br = false;
	uint64_t prev_gen = 0;
	unsigned start = cpu->slot;
	/* The code page being run, translated again only when code_epoch
	 * moves: fetches from it skip the TLB. */
	uint64_t code_page = 1;
	const uint8_t *code = NULL;
	struct cpu_exit ret;

	dc->hop_bundles = 0;
	frame_map(cpu);	    /* the user may have changed the frame */
	cpu_code_changed(); /* and memory */
	uint64_t seen = 0;  /* code_epoch when code was translated */
	while (likely(left)) {
		/* Code may have changed, or its translation (a TLB flush by an
		 * op the engine ran): translate the code page again. */
		uint64_t epoch = __atomic_load_n(&code_epoch, __ATOMIC_ACQUIRE);
		if (unlikely(epoch != seen)) {
			seen = epoch;
			code_page = 1;
		}
		if (unlikely((ip & ~0xfffull) != code_page)) {
			const uint8_t *p = fetch_slow(cpu, ip);
			if (unlikely(!p)) {
				cpu->ip = ip;
				cpu->slot = start;
				ret = dc->exit;
				goto out;
			}
			code_page = ip & ~0xfffull;
			code = p - (ip & 0xfff);
		}
		const uint8_t *p = code + (ip & 0xfff);
		struct dblock *b = tab[dc_index(ip)];
		bool fresh = false;
		if (unlikely(!b || b->ip != ip)) {
			b = decode_block(cpu, ip, code);
			fresh = true;
		} else if (unlikely(b->epoch != epoch)) {
			/* code may have changed since the block was last checked */
			if (block_matches(b, p)) {
				b->epoch = epoch;
			} else {
				b = decode_block(cpu, ip, code);
				fresh = true;
			}
		}
		if (prev && dc->gen == prev_gen) {
			if (!prev_br) {
				if (prev->fall != b)
					prev->fall = b;
			} else {
				/* the entry for ip, or the oldest */
				unsigned i = 0;
				while (i < BLOCK_LINKS && prev->br_ip[i] != ip)
					i++;
				if (i == BLOCK_LINKS) {
					i = (prev->br_last + 1u) % BLOCK_LINKS;
					prev->br_ip[i] = ip;
				}
				prev->br[i] = b;
				prev->br_last = (uint8_t)i;
			}
		}
		prev = NULL;

		const struct dslot *d = blk_slots(b);
		if (likely(!start && left >= b->ninsn && b->maxgr < 32u + cpu->cfm.sof &&
			   !(b->fpx & fp_disabled(cpu)))) {
			/* the whole block, every register inside the frame: each
			 * handler goes on to the next slot itself (next_slot) */
			warm(cpu, b);
			bundles += b->nb;
			misses += fresh ? b->nb : 0;
			while (d->qp && !pr_get(cpu, d->qp))
				d++;
			/* the chain may go on into linked blocks (cpu_chain):
			 * then dc->blk and dc->left are where it ended */
			dc->blk = b;
			dc->left = left;
			dc->hops = CHAIN_HOPS;
			for (;;) {
				dc->cur = NULL;
				int r = d->fn(cpu, d);
				b = dc->blk;
				left = dc->left;
				if (likely(r == XR_END))
					break;
				d = dc->cur;
				if (unlikely(!d))
					abort(); /* a handler stopped without leave() */
				if (r == XR_NEXT) {
					/* a handler that did not go on */
					do
						d++;
					while (d->qp && !pr_get(cpu, d->qp));
					continue;
				}
				if (r == XR_CHECK) {
					/* slot by slot: no links */
					dc->blk = NULL;
					r = run_checked(cpu, b, &d);
					if (r == XR_END)
						break;
				}
				if (r == XR_BRANCH) {
					left -= d->pos + 1u;
					ip = cpu->ip;
					prev = b;
					prev_br = true;
					prev_gen = dc->gen;
					goto next;
				}
				left -= d->pos;
				stopped(cpu, d, b->ip + 16u * d->bi, &left);
				ret = dc->exit;
				goto out;
			}
			left -= b->ninsn;
			ip = b->ip + 16u * b->nb;
			prev = b;
			prev_br = false;
			prev_gen = dc->gen;
			continue;
		}

		/* One bundle, the block's first: resuming inside it, the budget
		 * ending in it, or registers to check one slot at a time. */
		dc->blk = NULL; /* no links */
		bundles++;
		misses += fresh;
		const struct dslot *end = d + b->n0;
		unsigned stop = b->ninsn0; /* slot where the bundle (or the budget) ends */
		if (unlikely(start)) {
			if (start >= b->ninsn0) {
				/* psr.ri at slot 2 of an MLX bundle */
				memset(&ret, 0, sizeof(ret));
				ret.kind = CPU_EXIT_FAULT;
				ret.fault = CPU_FAULT_ILLEGAL_OP;
				ret.addr = ip;
				cpu->ip = ip;
				cpu->slot = start;
				goto out;
			}
			while (d < end && d->slot < start)
				d++;
		}
		if (unlikely(left < stop - start)) {
			stop = start + (unsigned)left;
			while (end > d && end[-1].slot >= stop)
				end--;
		}
		for (; d < end; d++) {
			if (d->qp && !pr_get(cpu, d->qp))
				continue;
			int r;
			if (d->maxgr >= 32u + cpu->cfm.sof)
				r = cpu_illegal(cpu, d); /* a stacked register outside the frame */
			else if (unlikely(d->fpx & fp_disabled(cpu)))
				/* Disabled FP-Register fault; access = which (1 dfl, 2 dfh) */
				r = cpu_fault(cpu, d, CPU_FAULT_DISABLED_FP, 0,
					      d->fpx & fp_disabled(cpu));
			else
				r = run_one(cpu, b, d);
			if (likely(r == XR_NEXT))
				continue;
			if (r == XR_BRANCH) {
				left -= d->slot - start + 1;
				ip = cpu->ip;
				start = 0;
				goto next;
			}
			left -= d->slot - start;
			stopped(cpu, d, ip, &left);
			ret = dc->exit;
			goto out;
		}
		left -= stop - start;
		if (unlikely(stop < b->ninsn0)) {
			/* the budget ends inside this bundle */
			start = stop;
			break;
		}
		ip += 16;
		start = 0;
	next:;
	}
	cpu->ip = ip;
	cpu->slot = start;
	ret = budget_exit();
out:
	dc->blk = NULL;
	bundles += dc->hop_bundles;
	cpu->insns += budget - left;
	cpu->dcache_hits += bundles - misses;
	cpu->dcache_misses += misses;
	return ret;
}
