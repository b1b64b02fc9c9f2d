/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal to the interpreter core: the decoded-bundle cache, slot handlers,
 * the soft-TLB fast path, and the helpers the execution files share.
 *
 * Code is decoded once into blocks (struct dblock): straight-line bundles,
 * per non-nop slot a pre-resolved handler and pre-extracted operands.  The
 * cache is direct-mapped by the first bundle's address.  A block is checked
 * against the bytes fetched through the execute TLB before it first runs
 * after anything that may have changed code (cpu_code_changed: every
 * cpu_run, TLB flushes, fc, sync.i, srlz.i), so stale decodes cannot run
 * where the SDM has new code seen (vol 2 part II, self- and
 * cross-modifying code).
 */
#ifndef LOL_CPU_INTERP_H
#define LOL_CPU_INTERP_H

#include <string.h>

#include "cpu.h"
#include "regs.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the interpreter keeps guest memory little-endian and needs a little-endian host"
#endif

#define likely(x) __builtin_expect(!!(x), 1)
/* For the helpers every handler uses: inlined however many handlers there are. */
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Application register numbers (SDM vol 1 3.1.8, table 3-3). */
enum {
	AR_K0 = 0,
	AR_RSC = 16,
	AR_BSP = 17,
	AR_BSPSTORE = 18,
	AR_RNAT = 19,
	AR_FCR = 21,
	AR_EFLAG = 24,
	AR_CSD = 25,
	AR_SSD = 26,
	AR_CFLG = 27,
	AR_FSR = 28,
	AR_FIR = 29,
	AR_FDR = 30,
	AR_CCV = 32,
	AR_UNAT = 36,
	AR_FPSR = 40,
	AR_ITC = 44,
	AR_RUC = 45,
	AR_PFS = 64,
	AR_LC = 65,
	AR_EC = 66,
};

/* PSR bits user code sees (SDM vol 2 3.3.2). */
#define PSR_BE (1ull << 1)
#define PSR_UP (1ull << 2)
#define PSR_AC (1ull << 3)
#define PSR_MFL (1ull << 4)
#define PSR_MFH (1ull << 5)
#define PSR_UM_MASK 0x3full /* bits 0..5; bit 0 is reserved */
#define PSR_CPL_SHIFT 32
#define PSR_ED (1ull << 43)

static inline unsigned psr_cpl(const struct cpu *c)
{
	return (unsigned)(c->psr >> PSR_CPL_SHIFT) & 3;
}

/* Compare relations and types as the ISA library numbers them (optab_a.c). */
enum { REL_EQ, REL_NE, REL_LT, REL_LE, REL_GT, REL_GE, REL_LTU };
enum { CT_NONE, CT_UNC, CT_AND, CT_OR, CT_OR_ANDCM };

/* What a slot handler returns. */
enum {
	XR_NEXT = 0,   /* go on with the next slot */
	XR_BRANCH = 1, /* cpu->ip holds the next bundle, slot 0 */
	XR_EXIT = 2,   /* cpu->dcache->exit is filled: stop */
	XR_END = 3,    /* (the run loop's own) the end of a block */
	XR_CHECK = 4,  /* done, but the frame changed: check the next slots against it */
};

struct dslot;
typedef int (*cpu_handler)(struct cpu *cpu, const struct dslot *d);

/* One decoded slot.  Field use is per handler; the common ones: */
struct dslot {
	cpu_handler fn;
	int64_t imm;		      /* immediate operand */
	uint64_t tgt;		      /* absolute branch target, second immediate */
	const struct ia64_insn *insn; /* the full decode (exits, FP/MM helpers) */
	uint8_t qp;		      /* 0: run always (or the handler reads the qp) */
	uint8_t slot;		      /* slot number reported in exits (L+X: 1) */
	uint8_t maxgr;		      /* highest GR named, for the frame check */
	uint8_t r1, r2, r3;
	uint8_t p1, p2;
	uint8_t a, b, c, e; /* small per-op values (size, pos, len, ...) */
	uint8_t bi;	    /* (the run loop's) its bundle's index in the block */
	uint8_t bn;	    /* instructions in its bundle: 3, or 2 for MLX */
	uint8_t pos;	    /* instructions of the block before it */
	uint8_t fpx;	    /* names f2-f31 (1), f32-f127 (2): psr.dfl/dfh make it fault */
};

/*
 * A block: up to BLOCK_BUNDLES bundles of one page, ending after the first
 * one that may branch or change the frame.  In the arena: this header, the
 * bundles' bytes (raw), the slots (nops left out) and a sentinel slot, then
 * the slots' full decodes, then their unfused handlers (blk_single).
 */
#define BLOCK_BUNDLES 32
struct dblock {
	uint64_t ip;	/* the first bundle's address */
	uint64_t epoch; /* code_epoch when raw was last found equal to memory */
	uint8_t nb;	/* bundles */
	uint8_t ninsn;	/* instructions in them */
	uint8_t n;	/* slots */
	uint8_t maxgr;	/* highest GR any slot names; 255: check every slot */
	uint8_t n0;	/* slots of the first bundle */
	uint8_t ninsn0; /* instructions of the first bundle */
	uint8_t fpx;	/* the slots' fpx together */
	/* Links to the blocks that ran next, so that the chain goes on into
	 * them without the run loop (cpu_chain): after the last bundle
	 * (fall), and after taken branches to br_ip[i] (br[i], the last
	 * BLOCK_LINKS targets, br_last the newest).  Good while the linked
	 * block's epoch is code_epoch. */
	uint8_t br_last;
	/* Runs left before the block is compiled (jit.h); 0: compiled, or
	 * never to be. */
	uint16_t heat;
	struct dblock *fall;
#define BLOCK_LINKS 4
	struct dblock *br[BLOCK_LINKS];
	uint64_t br_ip[BLOCK_LINKS];
	uint64_t raw[] __attribute__((aligned(16))); /* [2 * nb] */
};

static inline struct dslot *blk_slots(const struct dblock *b)
{
	return (struct dslot *)(uintptr_t)(b->raw + 2 * b->nb);
}

/* The slots' own handlers (where fused pairs have one for both: cpu_fuse),
 * for running them one at a time; after the full decodes. */
static inline cpu_handler *blk_single(const struct dblock *b)
{
	return (cpu_handler *)(uintptr_t)((const struct ia64_insn *)(blk_slots(b) + b->n + 1) +
					  b->n);
}

#define DC_BITS 16
#define DC_ENTRIES (1u << DC_BITS)
/* Bytes of blocks before the cache starts over: at first DC_ARENA, twice
 * as many each time it fills, up to DC_ARENA_MAX (a guest's kernel and its
 * processes thrashed 16 MiB, re-decoding 1% of all bundles run). */
#define DC_ARENA (16u << 20)
#define DC_ARENA_MAX (256u << 20)

/* A block's entry in the table.  (Folding in the higher address bits did
 * not change the misses of a guest's kernel and processes together.) */
static inline unsigned dc_index(uint64_t ip)
{
	return (unsigned)(ip >> 4) & (DC_ENTRIES - 1);
}

/* The cpu's private state (struct cpu's dcache pointer). */
struct cpu_dcache {
	struct dblock **tab;	/* [DC_ENTRIES], by (ip >> 4) */
	uint8_t *arena;		/* where blocks live */
	size_t arena_size, arena_used;
	struct cpu_exit exit;	/* the exit being reported */
	const struct dslot *cur; /* the slot that stopped the chain (leave) */
	/* The chain across blocks (cpu_chain): the block running, NULL when
	 * the run loop runs slots one at a time; the budget left at its
	 * start; links it may still follow; bundles it entered by links. */
	struct dblock *blk;
	uint64_t left;
	unsigned hops;
	uint64_t hop_bundles;
	uint64_t gen; /* arena starts over */
	uint64_t alat_valid;	/* bit i: alat[i] valid */
	uint64_t alat_filter;	/* bit (addr >> 4) & 63 of every valid entry's granules */
	uint64_t *rse_val;	/* RSE scratch: values and NaTs read before a commit */
	uint8_t *rse_nat;
	unsigned rse_cap;
	uint64_t itc_base; /* host clock at init, for ar.itc */
	/* Physical index of r32 + i in the current frame: regs.h's mapping,
	 * worked out whenever the frame or its rotation changes (frame_map). */
	uint16_t gr_map[96];
	/* Host code compiled from blocks (jit.h): jit_used bytes of jit_size
	 * at jit_buf; jit_off: none here (not wanted, or not allowed). */
	uint8_t *jit_buf;
	size_t jit_size, jit_used;
	bool jit_off;
};

/* ---- fast register access -------------------------------------------------------------------
 * What regs.h computes, through the precomputed frame map; the run loop has
 * checked every named GR against the frame. */

void frame_map(struct cpu *cpu); /* after any change of bof, sof, sor or rrb.gr */

static ALWAYS_INLINE unsigned xidx(const struct cpu *c, unsigned r)
{
	return c->dcache->gr_map[(r - 32) & 127];
}

static ALWAYS_INLINE uint64_t xget(const struct cpu *c, unsigned r)
{
	return r < 32 ? c->gr[r] : c->stacked[xidx(c, r)];
}

static ALWAYS_INLINE unsigned xnat(const struct cpu *c, unsigned r)
{
	return r < 32 ? (c->gr_nat >> r) & 1 : c->stacked_nat[xidx(c, r)];
}

/* The NaT bits of r0-r31 share a word: it is written only when a bit
 * changes (rarely), so that handlers do not all wait on one another's
 * store to it. */
static ALWAYS_INLINE void set_nat_bits(struct cpu *c, uint64_t mask, bool nat)
{
	uint64_t n = c->gr_nat;
	if (unlikely((n & mask) != (nat ? mask : 0)))
		c->gr_nat = (n & ~mask) | (nat ? mask : 0);
}

static ALWAYS_INLINE void xset(struct cpu *c, unsigned r, uint64_t v, bool nat)
{
	if (r < 32) {
		c->gr[r] = v;
		set_nat_bits(c, 1ull << r, nat);
	} else {
		unsigned i = xidx(c, r);
		c->stacked[i] = v;
		c->stacked_nat[i] = nat;
	}
}

/* Operands known to be r0-r31 (the _s handler variants). */
static ALWAYS_INLINE uint64_t sget(const struct cpu *c, unsigned r)
{
	return c->gr[r & 31];
}

static ALWAYS_INLINE unsigned snat(const struct cpu *c, unsigned r)
{
	return (c->gr_nat >> (r & 31)) & 1;
}

static ALWAYS_INLINE void sset(struct cpu *c, unsigned r, uint64_t v, bool nat)
{
	r &= 31;
	c->gr[r] = v;
	set_nat_bits(c, 1ull << r, nat);
}

/* Code may have changed (in any cpu's view: fc is global): blocks are
 * checked against memory before they next run. */
void cpu_code_changed(void);

int dcache_init(struct cpu_dcache *dc); /* 0, or -1 when out of memory */
void dcache_free(struct cpu_dcache *dc);

/*
 * A handler that completes goes on with the next slot of the block whose
 * qualifying predicate is true: `return next_slot(cpu, d);`, a tail call,
 * so slots run one after the other without the run loop.  The block's
 * sentinel slot ends the chain; an exit or a taken branch returns at once
 * through leave(), which tells the run loop where from (cur).  (A handler may also just return
 * XR_NEXT: the run loop then goes on.)
 */
static ALWAYS_INLINE int next_slot(struct cpu *cpu, const struct dslot *d)
{
	do
		d++;
	while (d->qp && !pr_get(cpu, d->qp));
	return d->fn(cpu, d);
}

/* A handler that stops the chain (anything but the sentinel's XR_END)
 * leaves through here, so that the run loop knows the slot. */
static ALWAYS_INLINE int leave(struct cpu *cpu, const struct dslot *d, int r)
{
	cpu->dcache->cur = d;
	return r;
}

/* psr.dfl (bit 18) and psr.dfh (bit 19) as fpx bits. */
static inline unsigned fp_disabled(const struct cpu *c)
{
	return (unsigned)(c->psr >> 18) & 3;
}

/* Counts the events after which code may differ from its decodes (interp.c). */
extern uint64_t code_epoch;

/* A block is compiled to host code (jit.h) once it has run this often:
 * code that runs once or twice costs less to interpret than to compile. */
#define JIT_HOT 16
void jit_block(struct cpu *cpu, struct dblock *b);

static ALWAYS_INLINE void warm(struct cpu *cpu, struct dblock *b)
{
	if (unlikely(b->heat) && !--b->heat)
		jit_block(cpu, b);
}

/* The first slot to run of b, entered with used instructions of the
 * running block done; NULL: back to the run loop. */
static ALWAYS_INLINE const struct dslot *hop(struct cpu *cpu, struct cpu_dcache *dc, struct dblock *b,
				      unsigned used)
{
	if (!b || !dc->hops || b->epoch != __atomic_load_n(&code_epoch, __ATOMIC_ACQUIRE))
		return NULL;
	uint64_t left = dc->left - used;
	if (left < b->ninsn || b->maxgr >= 32u + cpu->cfm.sof || (b->fpx & fp_disabled(cpu)))
		return NULL;
	dc->hops--;
	dc->left = left;
	warm(cpu, b);
	dc->blk = b;
	dc->hop_bundles += b->nb;
	const struct dslot *s = blk_slots(b);
	while (s->qp && !pr_get(cpu, s->qp))
		s++;
	return s;
}

/* A taken branch from d: to the bundle at ip, slot 0 (the block linked
 * to, or the run loop).  Inline, so that every branch handler has its own
 * jump into the next block, which the host predicts better than one jump
 * shared by all of them. */
static ALWAYS_INLINE int cpu_chain(struct cpu *cpu, const struct dslot *d, uint64_t ip)
{
	struct cpu_dcache *dc = cpu->dcache;
	const struct dblock *a = dc->blk;
	if (a) {
		for (unsigned i = 0; i < BLOCK_LINKS; i++) {
			if (a->br_ip[i] != ip)
				continue;
			const struct dslot *s = hop(cpu, dc, a->br[i], d->pos + 1u);
			if (s)
				return s->fn(cpu, s);
			break;
		}
	}
	return leave(cpu, d, XR_BRANCH);
}

static ALWAYS_INLINE int branch_to(struct cpu *cpu, const struct dslot *d, uint64_t ip)
{
	cpu->ip = ip;
	return cpu_chain(cpu, d, ip);
}

/* ---- exits (interp.c) ---------------------------------------------------------------------- */

int cpu_fault(struct cpu *cpu, const struct dslot *d, enum cpu_fault f, uint64_t addr,
	      unsigned access);
int cpu_illegal(struct cpu *cpu, const struct dslot *d);
/* A privileged op (or a sensitive one handed over): PRIVOP exit or Illegal Operation. */
int cpu_privop(struct cpu *cpu, const struct dslot *d);
int h_illegal(struct cpu *cpu, const struct dslot *d);
/* Hand the op over undone (CPU_EXIT_PRIVOP). */
int cpu_privop_exit(struct cpu *cpu, const struct dslot *d);

/* Sensitive ops run as user code sees them, unless the user wants them. */
#define SENSITIVE_CHECK(cpu, d)                                                                    \
	do {                                                                                       \
		if ((cpu)->config.exit_on_sensitive && !(cpu)->config.virtual_pl)                 \
			return cpu_privop_exit(cpu, d);                                            \
	} while (0)

/* ---- decoders: fill d for in; false if the op is not theirs -------------------------------- */

bool cpu_decode_int(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip);
/* psr ops run here for a monitor (exec_sys.c) */
bool cpu_decode_sys(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in);
bool cpu_decode_br(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip);
bool cpu_decode_mem(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip);
/* The multimedia forms exec_int.c runs itself (the rest: cpu_exec_mm). */
bool cpu_decode_mm_fast(struct dslot *d, const struct ia64_insn *in);
/* The FP-register forms exec_fpfast.c runs itself (the rest: cpu_h_fp). */
bool cpu_decode_fp_fast(struct dslot *d, const struct ia64_insn *in);
/* Fuse neighbouring pairs of slots s[0..n) into one handler each (the
 * first slot's fn; exec_int.c); the pairs fused.  The slots' unfused
 * handlers must be kept for running them one at a time. */
unsigned cpu_fuse(struct dslot *s, unsigned n);
/* Pairs fused in the blocks decoded so far (for tests). */
extern uint64_t cpu_fused_pairs;
/* The generic FP handler (cpu_exec_fp), for the fast forms' other cases. */
int cpu_h_fp(struct cpu *cpu, const struct dslot *d);

/* ---- soft TLB (tlb.c) ---------------------------------------------------------------------- */

/* Tags hold the page address (va with bits 0..11 clear), so one compare
 * checks the page and, with the size's low bits kept, the alignment. */
#define TLB_EMPTY (~0ull)

static inline void *tlb_fast(const struct cpu_tlb_entry *t, uint64_t va, unsigned size)
{
	const struct cpu_tlb_entry *e = &t[(va >> 12) & (CPU_TLB_SIZE - 1)];
	if (likely(e->tag == (va & (~0xfffull | (uint64_t)(size - 1)))))
		return (void *)(uintptr_t)(va + e->addend);
	return NULL;
}

/* Host address of va for one access kind, refilling the TLB; NULL and *f on
 * a fault.  The pointer is good up to the end of va's 4K page. */
uint8_t *cpu_translate(struct cpu *cpu, uint64_t va, unsigned access, enum cpu_fault *f);

/* Copy between guest and host memory (any alignment, page crossings).
 * Every page is translated before any byte moves. */
enum cpu_fault cpu_mem_read(struct cpu *cpu, uint64_t va, void *buf, size_t len, unsigned access,
			    uint64_t *fault_addr);
enum cpu_fault cpu_mem_write(struct cpu *cpu, uint64_t va, const void *buf, size_t len,
			     uint64_t *fault_addr);

/* ---- ALAT (alat.c) ------------------------------------------------------------------------- */

/* Physical register tags: a GR's or FR's index in the physical files. */
static inline unsigned alat_gr_tag(const struct cpu *c, unsigned r)
{
	return r < 32 ? r : 32 + xidx(c, r);
}

void alat_clear(struct cpu *cpu);
void alat_insert(struct cpu *cpu, unsigned reg, bool fp, uint64_t addr, unsigned size);
bool alat_check(struct cpu *cpu, unsigned reg, bool fp); /* an entry exists */
bool alat_check_addr(struct cpu *cpu, unsigned reg, bool fp, uint64_t addr, unsigned size);
void alat_inval_reg(struct cpu *cpu, unsigned reg, bool fp);
void alat_store_slow(struct cpu *cpu, uint64_t addr, unsigned size);

/* Every store calls this: cheap when no valid entry can overlap. */
static inline void alat_store(struct cpu *cpu, uint64_t addr, unsigned size)
{
	uint64_t g0 = addr >> 4, g1 = (addr + size - 1) >> 4;
	uint64_t bits = (1ull << (g0 & 63)) | (1ull << (g1 & 63));
	if (unlikely(cpu->dcache->alat_filter & bits))
		alat_store_slow(cpu, addr, size);
}

/* ---- RSE (rse.c) --------------------------------------------------------------------------- */

/* Backing store address n registers after (n < 0: before) the one at a,
 * skipping the NaT collection slots (address bits 8..3 all ones). */
static inline uint64_t bs_skip(uint64_t a, int64_t n)
{
	int64_t slot = (int64_t)((a >> 3) & 63);
	if (n >= 0)
		return a + 8 * (uint64_t)(n + (slot + n) / 63);
	return a + 8 * (uint64_t)(n - (62 - slot - n) / 63);
}

/* Registers (not NaT collections) in [a, b), a <= b. */
static inline uint64_t bs_count(uint64_t a, uint64_t b)
{
	return ((b - a) >> 3) - ((b >> 9) - (a >> 9));
}

void rse_call(struct cpu *cpu); /* br.call: preserve the locals */
int rse_alloc(struct cpu *cpu, const struct dslot *d, unsigned sof);  /* make room */
int rse_return(struct cpu *cpu, const struct dslot *d, uint64_t pfm); /* br.ret frame */
int rse_flushrs(struct cpu *cpu, const struct dslot *d);
int rse_loadrs(struct cpu *cpu, const struct dslot *d);
void rse_cover(struct cpu *cpu);
void rse_set_bspstore(struct cpu *cpu, uint64_t v);
int rse_scratch(struct cpu *cpu); /* allocate the scratch buffers (init) */

/* ---- frames and rotation (exec_br.c) ------------------------------------------------------- */

static inline uint64_t cfm_pack(const struct cpu_cfm *f)
{
	return (uint64_t)f->sof | (uint64_t)f->sol << 7 | (uint64_t)(f->sor >> 3) << 14 |
	       (uint64_t)f->rrb_gr << 18 | (uint64_t)f->rrb_fr << 25 | (uint64_t)f->rrb_pr << 32;
}

static inline void cfm_unpack(struct cpu_cfm *f, uint64_t v)
{
	f->sof = v & 0x7f;
	f->sol = (v >> 7) & 0x7f;
	f->sor = (uint8_t)(((v >> 14) & 0xf) << 3);
	f->rrb_gr = (v >> 18) & 0x7f;
	f->rrb_fr = (v >> 25) & 0x7f;
	f->rrb_pr = (v >> 32) & 0x3f;
}

/* A frame marker the RSE can take (br.ret's and rfi's reserved-field check). */
static inline bool cfm_valid(const struct cpu_cfm *f)
{
	return f->sof <= 96 && f->sol <= f->sof && f->sor <= f->sof &&
	       (f->sor ? f->rrb_gr < f->sor : !f->rrb_gr) && f->rrb_fr < 96 && f->rrb_pr < 48;
}

/* Decoding helpers: an operand's value (0 when absent), and whether it exists. */
static inline int64_t opnd_of(const struct ia64_insn *in, unsigned kind)
{
	const struct ia64_operand *o = ia64_insn_opnd(in, kind);
	return o ? o->value : 0;
}

static inline bool has_opnd(const struct ia64_insn *in, unsigned kind)
{
	return ia64_insn_opnd(in, kind) != NULL;
}

/* ---- helpers ------------------------------------------------------------------------------- */

static inline bool fr_is_natval(const struct fp82 *f)
{
	return f->exp == 0x1fffe && f->sig == 0 && f->sign == 0;
}

static inline void fr_set_natval(struct fp82 *f)
{
	f->sign = 0;
	f->exp = 0x1fffe;
	f->sig = 0;
}

uint64_t cpu_itc(struct cpu *cpu);

#endif
