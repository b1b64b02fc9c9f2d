// SPDX-License-Identifier: GPL-2.0
/*
 * Memory instructions (SDM vol 3 ld, st, ldf, ldfp, stf, cmpxchg, xchg,
 * fetchadd, lfetch): integer loads and stores of every type, with
 * post-increment; control and data speculation (ld.s, ld.a, ld.sa, ld.c
 * with the ALAT); spill/fill through ar.unat; acquire/release; semaphores,
 * atomic on the host when threads share guest memory; FP loads and stores,
 * whose format conversion is the FP library's (cpu_fp_mem in exec.h).
 *
 * Speculative loads defer every fault they meet (the SDM allows an
 * implementation to always defer).  Unaligned references fault when
 * psr.ac is set and for semaphores and 16-byte accesses; otherwise they are
 * done, as Linux does for user code by emulation.  Little-endian only
 * (psr.be is not honoured).
 */
#include "exec.h"
#include "interp.h"
#include "jit.h"

/* ldtype/sttype completers (optab_mem.c, sub1). */
enum {
	MT_NONE,
	MT_S,
	MT_A,
	MT_SA,
	MT_BIAS,
	MT_ACQ,
	MT_FILL,
	MT_C_CLR,
	MT_C_NC,
	MT_C_CLR_ACQ,
	MT_REL,
	MT_SPILL,
};

/* Post-increment forms (field c). */
enum { PI_NONE, PI_REG, PI_IMM };

static int nat_fault(struct cpu *cpu, const struct dslot *d, unsigned acc)
{
	return cpu_fault(cpu, d, CPU_FAULT_NAT_CONSUMPTION, 0, acc);
}

static inline uint64_t rd_le(const void *p, unsigned size)
{
	switch (size) {
	case 1:
		return *(const uint8_t *)p;
	case 2: {
		uint16_t v;
		memcpy(&v, p, 2);
		return v;
	}
	case 4: {
		uint32_t v;
		memcpy(&v, p, 4);
		return v;
	}
	default: {
		uint64_t v;
		memcpy(&v, p, 8);
		return v;
	}
	}
}

static inline void wr_le(void *p, uint64_t v, unsigned size)
{
	switch (size) {
	case 1:
		*(uint8_t *)p = (uint8_t)v;
		break;
	case 2: {
		uint16_t x = (uint16_t)v;
		memcpy(p, &x, 2);
		break;
	}
	case 4: {
		uint32_t x = (uint32_t)v;
		memcpy(p, &x, 4);
		break;
	}
	default:
		memcpy(p, &v, 8);
		break;
	}
}

/* Ordered accesses on naturally aligned host memory. */
static inline uint64_t rd_acq(const void *p, unsigned size)
{
	switch (size) {
	case 1:
		return __atomic_load_n((const uint8_t *)p, __ATOMIC_ACQUIRE);
	case 2:
		return __atomic_load_n((const uint16_t *)p, __ATOMIC_ACQUIRE);
	case 4:
		return __atomic_load_n((const uint32_t *)p, __ATOMIC_ACQUIRE);
	default:
		return __atomic_load_n((const uint64_t *)p, __ATOMIC_ACQUIRE);
	}
}

static inline void wr_rel(void *p, uint64_t v, unsigned size)
{
	switch (size) {
	case 1:
		__atomic_store_n((uint8_t *)p, (uint8_t)v, __ATOMIC_RELEASE);
		break;
	case 2:
		__atomic_store_n((uint16_t *)p, (uint16_t)v, __ATOMIC_RELEASE);
		break;
	case 4:
		__atomic_store_n((uint32_t *)p, (uint32_t)v, __ATOMIC_RELEASE);
		break;
	default:
		__atomic_store_n((uint64_t *)p, v, __ATOMIC_RELEASE);
		break;
	}
}

/* Base register update after a load/lfetch: c = form, r2 value read before
 * the target was written. */
static inline void post_inc(struct cpu *cpu, const struct dslot *d, uint64_t r2v, bool r2n)
{
	if (d->c == PI_IMM)
		xset(cpu, d->r3, xget(cpu, d->r3) + (uint64_t)d->imm, xnat(cpu, d->r3));
	else if (d->c == PI_REG)
		xset(cpu, d->r3, xget(cpu, d->r3) + r2v, xnat(cpu, d->r3) | r2n);
}

/*
 * Read size bytes at va for a data access.  Returns 0 with *val filled,
 * or the fault (and *fa the address).  Alignment per the header comment.
 */
static enum cpu_fault data_read(struct cpu *cpu, uint64_t va, unsigned size, bool acq, void *buf,
				uint64_t *fa)
{
	if (va & (size - 1)) {
		if ((cpu->psr & PSR_AC) || size == 16) {
			*fa = va;
			return CPU_FAULT_ALIGNMENT;
		}
		return cpu_mem_read(cpu, va, buf, size, CPU_ACC_READ, fa);
	}
	enum cpu_fault f = CPU_FAULT_NONE;
	uint8_t *p = cpu_translate(cpu, va, CPU_ACC_READ, &f);
	if (!p) {
		*fa = va;
		return f;
	}
	if (size <= 8) {
		uint64_t v = acq ? rd_acq(p, size) : rd_le(p, size);
		memcpy(buf, &v, 8);
	} else {
		memcpy(buf, p, size);
	}
	return CPU_FAULT_NONE;
}

static enum cpu_fault data_write(struct cpu *cpu, uint64_t va, unsigned size, bool rel,
				 const void *buf, uint64_t *fa)
{
	if (va & (size - 1)) {
		if ((cpu->psr & PSR_AC) || size == 16) {
			*fa = va;
			return CPU_FAULT_ALIGNMENT;
		}
		return cpu_mem_write(cpu, va, buf, size, fa);
	}
	enum cpu_fault f = CPU_FAULT_NONE;
	uint8_t *p = cpu_translate(cpu, va, CPU_ACC_WRITE, &f);
	if (!p) {
		*fa = va;
		return f;
	}
	if (size <= 8) {
		uint64_t v;
		memcpy(&v, buf, 8);
		if (rel)
			wr_rel(p, v, size);
		else
			wr_le(p, v, size);
	} else {
		memcpy(p, buf, size);
	}
	return CPU_FAULT_NONE;
}

/* ---- integer loads --------------------------------------------------------------------------- */

/* Every load form: a = size, b = ldtype, c = post-increment form. */
static int h_ld(struct cpu *cpu, const struct dslot *d)
{
	unsigned size = d->a, t = d->b;
	bool spec = t == MT_S || t == MT_SA, adv = t == MT_A || t == MT_SA;
	bool chk_clr = t == MT_C_CLR || t == MT_C_CLR_ACQ, chk_nc = t == MT_C_NC;
	bool acq = t == MT_ACQ || t == MT_C_CLR_ACQ;
	uint64_t r2v = d->c == PI_REG ? xget(cpu, d->r2) : 0;
	bool r2n = d->c == PI_REG && xnat(cpu, d->r2);
	bool nat3 = xnat(cpu, d->r3);

	if (!spec && nat3)
		return nat_fault(cpu, d, CPU_ACC_READ);
	bool defer = spec && (nat3 || (cpu->psr & PSR_ED));
	unsigned tag = alat_gr_tag(cpu, d->r1);
	uint64_t va = xget(cpu, d->r3);

	if ((chk_clr || chk_nc) && alat_check_addr(cpu, tag, false, va, size)) {
		/* the value is still good: no load */
		if (chk_clr)
			alat_inval_reg(cpu, tag, false);
	} else {
		uint64_t val[2] = {0, 0}, fa = 0;
		if (!defer) {
			enum cpu_fault f = data_read(cpu, va, size, acq, val, &fa);
			if (f != CPU_FAULT_NONE) {
				if (!spec)
					return cpu_fault(cpu, d, f, fa, CPU_ACC_READ);
				defer = true;
			}
		}
		if (chk_clr || adv)
			alat_inval_reg(cpu, tag, false);
		if (defer) {
			xset(cpu, d->r1, 0, true);
		} else {
			bool nat = false;
			if (t == MT_FILL)
				nat = (cpu->ar[AR_UNAT] >> ((va >> 3) & 63)) & 1;
			xset(cpu, d->r1, val[0], nat);
			if (size == 16)
				cpu->ar[AR_CSD] = val[1];
			if (chk_nc || adv)
				alat_insert(cpu, tag, false, va, size);
		}
	}
	post_inc(cpu, d, r2v, r2n);
	return next_slot(cpu, d);
}

/* Plain aligned loads: the common case, with the generic path behind; _s
 * variants when r1 and r3 are static registers. */
#define LD_FAST1(sz, T, G, NT, S, sfx)                                                             \
	static int h_ld##sz##sfx(struct cpu *cpu, const struct dslot *d)                           \
	{                                                                                          \
		if (unlikely(NT(cpu, d->r3)))                                                      \
			return nat_fault(cpu, d, CPU_ACC_READ);                                    \
		uint64_t va = G(cpu, d->r3);                                                       \
		const T *p = tlb_fast(cpu->tlb_r, va, sz);                                         \
		if (unlikely(!p))                                                                  \
			return h_ld(cpu, d);                                                       \
		T v;                                                                               \
		memcpy(&v, p, sz);                                                                 \
		S(cpu, d->r1, v, false);                                                           \
		return next_slot(cpu, d);                                                          \
	}                                                                                          \
	static int h_ld##sz##_pi##sfx(struct cpu *cpu, const struct dslot *d)                      \
	{                                                                                          \
		if (unlikely(NT(cpu, d->r3)))                                                      \
			return nat_fault(cpu, d, CPU_ACC_READ);                                    \
		uint64_t va = G(cpu, d->r3);                                                       \
		const T *p = tlb_fast(cpu->tlb_r, va, sz);                                         \
		if (unlikely(!p))                                                                  \
			return h_ld(cpu, d);                                                       \
		T v;                                                                               \
		memcpy(&v, p, sz);                                                                 \
		S(cpu, d->r1, v, false);                                                           \
		S(cpu, d->r3, va + (uint64_t)d->imm, false);                                       \
		return next_slot(cpu, d);                                                          \
	}
#define LD_FAST(sz, T)                                                                             \
	LD_FAST1(sz, T, xget, xnat, xset, )                                                        \
	LD_FAST1(sz, T, sget, snat, sset, _s)
LD_FAST(1, uint8_t)
LD_FAST(2, uint16_t)
LD_FAST(4, uint32_t)
LD_FAST(8, uint64_t)

/* ---- integer stores -------------------------------------------------------------------------- */

/* Every store form: a = size, b = sttype, c = post-increment form. */
static int h_st(struct cpu *cpu, const struct dslot *d)
{
	unsigned size = d->a;
	bool spill = d->b == MT_SPILL;
	if (xnat(cpu, d->r3) || (!spill && xnat(cpu, d->r2)))
		return nat_fault(cpu, d, CPU_ACC_WRITE);
	uint64_t va = xget(cpu, d->r3), fa = 0;
	uint64_t v[2] = {xget(cpu, d->r2), cpu->ar[AR_CSD]};
	enum cpu_fault f = data_write(cpu, va, size, d->b == MT_REL, v, &fa);
	if (f != CPU_FAULT_NONE)
		return cpu_fault(cpu, d, f, fa, CPU_ACC_WRITE);
	if (spill) {
		unsigned bit = (va >> 3) & 63;
		cpu->ar[AR_UNAT] = (cpu->ar[AR_UNAT] & ~(1ull << bit)) | (uint64_t)xnat(cpu, d->r2)
									     << bit;
	}
	alat_store(cpu, va, size);
	if (d->c == PI_IMM)
		xset(cpu, d->r3, va + (uint64_t)d->imm, false);
	return next_slot(cpu, d);
}

#define ST_FAST1(sz, T, G, NT, S, sfx)                                                             \
	static int h_st##sz##sfx(struct cpu *cpu, const struct dslot *d)                           \
	{                                                                                          \
		if (unlikely(NT(cpu, d->r3) | NT(cpu, d->r2)))                                     \
			return nat_fault(cpu, d, CPU_ACC_WRITE);                                   \
		uint64_t va = G(cpu, d->r3);                                                       \
		T *p = tlb_fast(cpu->tlb_w, va, sz);                                               \
		if (unlikely(!p))                                                                  \
			return h_st(cpu, d);                                                       \
		T v = (T)G(cpu, d->r2);                                                            \
		memcpy(p, &v, sz);                                                                 \
		alat_store(cpu, va, sz);                                                           \
		if (d->c)                                                                          \
			S(cpu, d->r3, va + (uint64_t)d->imm, false);                               \
		return next_slot(cpu, d);                                                          \
	}
#define ST_FAST(sz, T)                                                                             \
	ST_FAST1(sz, T, xget, xnat, xset, )                                                        \
	ST_FAST1(sz, T, sget, snat, sset, _s)
ST_FAST(1, uint8_t)
ST_FAST(2, uint16_t)
ST_FAST(4, uint32_t)
ST_FAST(8, uint64_t)

/* ---- semaphores ------------------------------------------------------------------------------ */

/* Both read and write rights are needed, whether or not the write happens. */
static uint8_t *sem_translate(struct cpu *cpu, const struct dslot *d, uint64_t va, unsigned align,
			      int *r)
{
	enum cpu_fault f = CPU_FAULT_NONE;
	if (va & (align - 1)) {
		*r = cpu_fault(cpu, d, CPU_FAULT_ALIGNMENT, va, CPU_ACC_READ | CPU_ACC_WRITE);
		return NULL;
	}
	if (!cpu_translate(cpu, va, CPU_ACC_READ, &f)) {
		*r = cpu_fault(cpu, d, f, va, CPU_ACC_READ);
		return NULL;
	}
	uint8_t *p = cpu_translate(cpu, va, CPU_ACC_WRITE, &f);
	if (!p)
		*r = cpu_fault(cpu, d, f, va, CPU_ACC_WRITE);
	return p;
}

#if defined(__x86_64__)
/* 16-byte compare-and-swap (every x86-64 processor lol runs on has it). */
static bool cas16(void *p, uint64_t *old_lo, uint64_t *old_hi, uint64_t new_lo, uint64_t new_hi)
{
	bool ok;
	__asm__ __volatile__("lock cmpxchg16b %1"
			     : "=@ccz"(ok), "+m"(*(unsigned __int128 *)p), "+a"(*old_lo),
			       "+d"(*old_hi)
			     : "b"(new_lo), "c"(new_hi)
			     : "memory");
	return ok;
}
#else
static bool cas16(void *p, uint64_t *old_lo, uint64_t *old_hi, uint64_t new_lo, uint64_t new_hi)
{
	unsigned __int128 exp = (unsigned __int128)*old_hi << 64 | *old_lo;
	unsigned __int128 des = (unsigned __int128)new_hi << 64 | new_lo;
	bool ok = __atomic_compare_exchange_n((unsigned __int128 *)p, &exp, des, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	*old_lo = (uint64_t)exp;
	*old_hi = (uint64_t)(exp >> 64);
	return ok;
}
#endif

/* cmpxchg, xchg, fetchadd, cmp8xchg16: a = size, e = op (below). */
enum { SEM_CMPXCHG, SEM_XCHG, SEM_FETCHADD, SEM_CMP8XCHG16 };

static int h_sem(struct cpu *cpu, const struct dslot *d)
{
	unsigned size = d->a;
	bool uses_r2 = d->e != SEM_FETCHADD;
	if (xnat(cpu, d->r3) || (uses_r2 && xnat(cpu, d->r2)))
		return nat_fault(cpu, d, CPU_ACC_READ | CPU_ACC_WRITE);
	uint64_t va = xget(cpu, d->r3), v2 = uses_r2 ? xget(cpu, d->r2) : 0;
	uint64_t ccv = cpu->ar[AR_CCV], old = 0;
	int r = 0;
	uint8_t *p = sem_translate(cpu, d, va, d->e == SEM_CMP8XCHG16 ? 8 : size, &r);
	if (!p)
		return r;
	bool wrote = true;
	switch (d->e) {
	case SEM_CMPXCHG:
		/* the zero-extended memory value is compared with all of ccv */
		switch (size) {
		case 1: {
			uint8_t e = (uint8_t)ccv;
			wrote = (ccv >> 8) == 0 &&
				__atomic_compare_exchange_n(p, &e, (uint8_t)v2, false,
							    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			old = (ccv >> 8) ? __atomic_load_n(p, __ATOMIC_SEQ_CST) : e;
			break;
		}
		case 2: {
			uint16_t e = (uint16_t)ccv, *q = (uint16_t *)p;
			wrote = (ccv >> 16) == 0 &&
				__atomic_compare_exchange_n(q, &e, (uint16_t)v2, false,
							    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			old = (ccv >> 16) ? __atomic_load_n(q, __ATOMIC_SEQ_CST) : e;
			break;
		}
		case 4: {
			uint32_t e = (uint32_t)ccv, *q = (uint32_t *)p;
			wrote = (ccv >> 32) == 0 &&
				__atomic_compare_exchange_n(q, &e, (uint32_t)v2, false,
							    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			old = (ccv >> 32) ? __atomic_load_n(q, __ATOMIC_SEQ_CST) : e;
			break;
		}
		default: {
			uint64_t e = ccv;
			wrote = __atomic_compare_exchange_n((uint64_t *)p, &e, v2, false,
							    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			old = e;
			break;
		}
		}
		break;
	case SEM_XCHG:
		switch (size) {
		case 1:
			old = __atomic_exchange_n(p, (uint8_t)v2, __ATOMIC_SEQ_CST);
			break;
		case 2:
			old = __atomic_exchange_n((uint16_t *)p, (uint16_t)v2, __ATOMIC_SEQ_CST);
			break;
		case 4:
			old = __atomic_exchange_n((uint32_t *)p, (uint32_t)v2, __ATOMIC_SEQ_CST);
			break;
		default:
			old = __atomic_exchange_n((uint64_t *)p, v2, __ATOMIC_SEQ_CST);
			break;
		}
		break;
	case SEM_FETCHADD:
		if (size == 4)
			old = __atomic_fetch_add((uint32_t *)p, (uint32_t)d->imm, __ATOMIC_SEQ_CST);
		else
			old = __atomic_fetch_add((uint64_t *)p, (uint64_t)d->imm, __ATOMIC_SEQ_CST);
		break;
	default: {
		/* 8 bytes at va compared with ccv; on a match r2 goes to the
		 * 16-byte block's (va & ~8) half and ar.csd to the other. */
		uint8_t *blk = p - (va & 8);
		unsigned half = (va >> 3) & 1;
		uint64_t lo = __atomic_load_n((uint64_t *)blk, __ATOMIC_SEQ_CST);
		uint64_t hi = __atomic_load_n((uint64_t *)(blk + 8), __ATOMIC_SEQ_CST);
		for (;;) {
			old = half ? hi : lo;
			if (old != ccv) {
				wrote = false;
				break;
			}
			if (cas16(blk, &lo, &hi, v2, cpu->ar[AR_CSD]))
				break;
		}
		size = 16;
		va &= ~15ull;
		break;
	}
	}
	if (wrote)
		alat_store(cpu, va, size);
	xset(cpu, d->r1, old, false);
	return next_slot(cpu, d);
}

/* ---- floating-point loads and stores --------------------------------------------------------- */

/* ldf*, ldfp*: a = bytes, b = ldtype, c = post-increment form, p1/p2 =
 * f1/f2 (p2 = 0 when not a pair). */
static int h_ldf(struct cpu *cpu, const struct dslot *d)
{
	unsigned size = d->a, t = d->b;
	bool spec = t == MT_S || t == MT_SA, adv = t == MT_A || t == MT_SA;
	bool chk_clr = t == MT_C_CLR, chk_nc = t == MT_C_NC;
	uint64_t r2v = d->c == PI_REG ? xget(cpu, d->r2) : 0;
	bool r2n = d->c == PI_REG && xnat(cpu, d->r2);
	bool nat3 = xnat(cpu, d->r3);

	if (!spec && nat3)
		return nat_fault(cpu, d, CPU_ACC_READ);
	bool defer = spec && (nat3 || (cpu->psr & PSR_ED));
	unsigned tag = fr_index(cpu, d->p1);
	uint64_t va = xget(cpu, d->r3);

	if ((chk_clr || chk_nc) && alat_check_addr(cpu, tag, true, va, size)) {
		if (chk_clr)
			alat_inval_reg(cpu, tag, true);
	} else {
		uint8_t bytes[16] = {0};
		uint64_t fa = 0;
		if (!defer) {
			/* natural alignment of the access (ldfe: 16) */
			unsigned al = size > 8 ? 16 : size;
			enum cpu_fault f;
			if ((va & (al - 1)) && (cpu->psr & PSR_AC)) {
				f = CPU_FAULT_ALIGNMENT;
				fa = va;
			} else {
				f = cpu_mem_read(cpu, va, bytes, size, CPU_ACC_READ, &fa);
			}
			if (f != CPU_FAULT_NONE) {
				if (!spec)
					return cpu_fault(cpu, d, f, fa, CPU_ACC_READ);
				defer = true;
			}
		}
		if (chk_clr || adv)
			alat_inval_reg(cpu, tag, true);
		if (defer) {
			/* a written FR marks its half of the file modified */
			fr_set_natval(&cpu->fr[tag]);
			cpu->psr |= d->p1 < 32 ? PSR_MFL : PSR_MFH;
			if (d->p2) {
				fr_set_natval(&cpu->fr[fr_index(cpu, d->p2)]);
				cpu->psr |= d->p2 < 32 ? PSR_MFL : PSR_MFH;
			}
		} else {
			int f = cpu_fp_mem(cpu, d->insn, bytes, false);
			if (f != CPU_FAULT_NONE)
				return cpu_fault(cpu, d, (enum cpu_fault)f, 0, 0);
			if (chk_nc || adv)
				alat_insert(cpu, tag, true, va, size);
		}
	}
	post_inc(cpu, d, r2v, r2n);
	return next_slot(cpu, d);
}

/* stf*: a = bytes, c = post-increment form. */
static int h_stf(struct cpu *cpu, const struct dslot *d)
{
	unsigned size = d->a;
	if (xnat(cpu, d->r3))
		return nat_fault(cpu, d, CPU_ACC_WRITE);
	uint8_t bytes[16] = {0};
	int f = cpu_fp_mem(cpu, d->insn, bytes, true);
	if (f != CPU_FAULT_NONE)
		return cpu_fault(cpu, d, (enum cpu_fault)f, 0, CPU_ACC_WRITE);
	uint64_t va = xget(cpu, d->r3), fa = 0;
	unsigned al = size > 8 ? 16 : size;
	enum cpu_fault e;
	if ((va & (al - 1)) && (cpu->psr & PSR_AC)) {
		e = CPU_FAULT_ALIGNMENT;
		fa = va;
	} else {
		e = cpu_mem_write(cpu, va, bytes, size, &fa);
	}
	if (e != CPU_FAULT_NONE)
		return cpu_fault(cpu, d, e, fa, CPU_ACC_WRITE);
	alat_store(cpu, va, size);
	if (d->c == PI_IMM)
		xset(cpu, d->r3, va + (uint64_t)d->imm, false);
	return next_slot(cpu, d);
}

/*
 * The common FP loads and stores through the TLB, aligned, with no completer
 * and no or an immediate base update: ldfs/ldfd/ldf8 (p1 = f1) and
 * stfs/stfd/stf8 (p1 = f2).  The conversions are the FP library's; anything
 * else (a miss, NaTVal, f0/f1 stored) takes the generic path.
 */
static inline void fr_load_put(struct cpu *cpu, unsigned f, struct fp82 v)
{
	cpu->fr[fr_index(cpu, f)] = v;
	cpu->psr |= f < 32 ? PSR_MFL : PSR_MFH;
}

#define LDF_FAST(name, sz, T, CONV)                                                                \
	static int h_##name(struct cpu *cpu, const struct dslot *d)                                \
	{                                                                                          \
		if (unlikely(xnat(cpu, d->r3)))                                                    \
			return nat_fault(cpu, d, CPU_ACC_READ);                                    \
		uint64_t va = xget(cpu, d->r3);                                                    \
		const T *p = tlb_fast(cpu->tlb_r, va, sz);                                         \
		if (unlikely(!p))                                                                  \
			return h_ldf(cpu, d);                                                      \
		T v;                                                                               \
		memcpy(&v, p, sz);                                                                 \
		fr_load_put(cpu, d->p1, CONV(v));                                                  \
		if (d->c)                                                                          \
			xset(cpu, d->r3, va + (uint64_t)d->imm, false);                            \
		return next_slot(cpu, d);                                                          \
	}
LDF_FAST(ldfs, 4, uint32_t, fp_from_single)
LDF_FAST(ldfd, 8, uint64_t, fp_from_double)
LDF_FAST(ldf8, 8, uint64_t, fp_int)

#define STF_FAST(name, sz, T, CONV)                                                                \
	static int h_##name(struct cpu *cpu, const struct dslot *d)                                \
	{                                                                                          \
		if (unlikely(xnat(cpu, d->r3)))                                                    \
			return nat_fault(cpu, d, CPU_ACC_WRITE);                                   \
		const struct fp82 *f = &cpu->fr[fr_index(cpu, d->p1)];                             \
		uint64_t va = xget(cpu, d->r3);                                                    \
		T *p = tlb_fast(cpu->tlb_w, va, sz);                                               \
		if (unlikely(!p || fr_is_natval(f)))                                               \
			return h_stf(cpu, d);                                                      \
		T v = (T)CONV(*f);                                                                 \
		memcpy(p, &v, sz);                                                                 \
		alat_store(cpu, va, sz);                                                           \
		if (d->c)                                                                          \
			xset(cpu, d->r3, va + (uint64_t)d->imm, false);                            \
		return next_slot(cpu, d);                                                          \
	}
static inline uint64_t fr_sig(struct fp82 f)
{
	return f.sig;
}
STF_FAST(stfs, 4, uint32_t, fp_to_single)
STF_FAST(stfd, 8, uint64_t, fp_to_double)
STF_FAST(stf8, 8, uint64_t, fr_sig)

/* lfetch (M13-M15): no data moves; the .fault forms (e) take the faults a
 * load would.  Only the base update is visible otherwise. */
static int h_lfetch(struct cpu *cpu, const struct dslot *d)
{
	uint64_t r2v = d->c == PI_REG ? xget(cpu, d->r2) : 0;
	bool r2n = d->c == PI_REG && xnat(cpu, d->r2);
	if (d->e) {
		if (xnat(cpu, d->r3))
			return nat_fault(cpu, d, CPU_ACC_READ);
		uint64_t va = xget(cpu, d->r3);
		enum cpu_fault f = CPU_FAULT_NONE;
		if (!cpu_translate(cpu, va, CPU_ACC_READ, &f))
			return cpu_fault(cpu, d, f, va, CPU_ACC_READ);
	}
	post_inc(cpu, d, r2v, r2n);
	return next_slot(cpu, d);
}

/* ---- decoding ----------------------------------------------------------------------------------
 */

static bool opnd_get(const struct ia64_insn *in, unsigned kind, int64_t *v)
{
	const struct ia64_operand *o = ia64_insn_opnd(in, kind);
	if (o && v)
		*v = o->value;
	return o != NULL;
}

/* Post-increment form of a load or lfetch (r2 or imm9), or of a store (imm9). */
static void decode_pi(struct dslot *d, const struct ia64_insn *in, bool store)
{
	int64_t v;
	d->c = PI_NONE;
	if (!store && has_opnd(in, IA64_OPND_R2)) {
		d->c = PI_REG;
	} else if (opnd_get(in, store ? IA64_OPND_IMM9B : IA64_OPND_IMM9A, &v)) {
		d->c = PI_IMM;
		d->imm = v;
	} else if (opnd_get(in, IA64_OPND_EIGHT, &v) || opnd_get(in, IA64_OPND_SIXTEEN, &v)) {
		d->c = PI_IMM;
		d->imm = v;
	}
}

bool cpu_decode_mem(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip)
{
	(void)cpu;
	(void)ip;
	const struct ia64_opcode *o = in->opc;
	int64_t v;
	switch (o->op) {
	case IA64_OP_LD: {
		static const cpu_handler fast[2][9] = {
		    {[1] = h_ld1, [2] = h_ld2, [4] = h_ld4, [8] = h_ld8},
		    {[1] = h_ld1_s, [2] = h_ld2_s, [4] = h_ld4_s, [8] = h_ld8_s}};
		static const cpu_handler fast_pi[2][9] = {
		    {[1] = h_ld1_pi, [2] = h_ld2_pi, [4] = h_ld4_pi, [8] = h_ld8_pi},
		    {[1] = h_ld1_pi_s, [2] = h_ld2_pi_s, [4] = h_ld4_pi_s, [8] = h_ld8_pi_s}};
		d->a = o->msize;
		d->b = o->sub1;
		decode_pi(d, in, false);
		/* check_target_register(r3) and r1 == r3 on base update forms */
		if (d->c != PI_NONE && (d->r3 == 0 || d->r1 == d->r3)) {
			d->fn = h_illegal;
			return true;
		}
		d->fn = h_ld;
		if ((d->b == MT_NONE || d->b == MT_BIAS) && d->a <= 8) {
			if (d->c == PI_NONE)
				d->fn = fast[d->maxgr < 32][d->a];
			else if (d->c == PI_IMM)
				d->fn = fast_pi[d->maxgr < 32][d->a];
		}
		return true;
	}
	case IA64_OP_ST: {
		static const cpu_handler fast[2][9] = {
		    {[1] = h_st1, [2] = h_st2, [4] = h_st4, [8] = h_st8},
		    {[1] = h_st1_s, [2] = h_st2_s, [4] = h_st4_s, [8] = h_st8_s}};
		d->a = o->msize;
		d->b = o->sub1;
		decode_pi(d, in, true);
		if (d->c != PI_NONE && d->r3 == 0) {
			d->fn = h_illegal;
			return true;
		}
		d->fn = d->b == MT_NONE && d->a <= 8 ? fast[d->maxgr < 32][d->a] : h_st;
		return true;
	}
	case IA64_OP_CMPXCHG:
	case IA64_OP_XCHG:
	case IA64_OP_FETCHADD:
	case IA64_OP_CMP8XCHG16:
		d->fn = h_sem;
		d->a = o->msize;
		d->e = o->op == IA64_OP_CMPXCHG	   ? SEM_CMPXCHG
		       : o->op == IA64_OP_XCHG	   ? SEM_XCHG
		       : o->op == IA64_OP_FETCHADD ? SEM_FETCHADD
						   : SEM_CMP8XCHG16;
		if (opnd_get(in, IA64_OPND_INC3, &v))
			d->imm = v;
		return true;
	case IA64_OP_LDFS:
	case IA64_OP_LDFD:
	case IA64_OP_LDF8:
	case IA64_OP_LDFE:
	case IA64_OP_LDF_FILL:
	case IA64_OP_LDFPS:
	case IA64_OP_LDFPD:
	case IA64_OP_LDFP8: {
		d->a = o->msize;
		d->b = o->sub1;
		d->p1 = 0;
		d->p2 = 0;
		if (opnd_get(in, IA64_OPND_F1, &v))
			d->p1 = (uint8_t)v;
		bool pair =
		    o->op == IA64_OP_LDFPS || o->op == IA64_OP_LDFPD || o->op == IA64_OP_LDFP8;
		if (pair && opnd_get(in, IA64_OPND_F2, &v))
			d->p2 = (uint8_t)v;
		decode_pi(d, in, false);
		d->fn = h_ldf;
		/* f0 and f1 are read-only; a pair names two registers */
		if (d->p1 < 2 || (pair && (d->p2 < 2 || d->p1 == d->p2)) ||
		    (d->c != PI_NONE && d->r3 == 0))
			d->fn = h_illegal;
		else if (d->b == MT_NONE && d->c != PI_REG && !pair)
			d->fn = o->op == IA64_OP_LDFS   ? h_ldfs
				 : o->op == IA64_OP_LDFD ? h_ldfd
				 : o->op == IA64_OP_LDF8 ? h_ldf8
							 : h_ldf;
		return true;
	}
	case IA64_OP_STFS:
	case IA64_OP_STFD:
	case IA64_OP_STF8:
	case IA64_OP_STFE:
	case IA64_OP_STF_SPILL:
		d->a = o->msize;
		d->b = o->sub1;
		decode_pi(d, in, true);
		d->fn = d->c != PI_NONE && d->r3 == 0 ? h_illegal : h_stf;
		if (d->fn == h_stf && d->b == MT_NONE && opnd_get(in, IA64_OPND_F2, &v) && v >= 2) {
			d->p1 = (uint8_t)v;
			d->fn = o->op == IA64_OP_STFS	? h_stfs
				 : o->op == IA64_OP_STFD ? h_stfd
				 : o->op == IA64_OP_STF8 ? h_stf8
							 : h_stf;
		}
		return true;
	case IA64_OP_LFETCH:
		d->e = (o->sub1 & 2) != 0;
		decode_pi(d, in, false);
		if (o->sub1 & 4)
			d->c = PI_NONE; /* lfetch.count: no base update */
		d->fn = d->c != PI_NONE && d->r3 == 0 ? h_illegal : h_lfetch;
		return true;
	default:
		return false;
	}
}

/* ---- the block compiler's view of these ops (jit.h) ------------------------------------------ */

bool cpu_jit_mem(const struct dslot *d, cpu_handler h, struct jit_op *op)
{
	static const cpu_handler ld[] = {h_ld1,	   h_ld2,    h_ld4,    h_ld8,	 h_ld1_s,
					 h_ld2_s,  h_ld4_s,  h_ld8_s,  h_ld1_pi, h_ld2_pi,
					 h_ld4_pi, h_ld8_pi, h_ld1_pi_s, h_ld2_pi_s, h_ld4_pi_s,
					 h_ld8_pi_s};
	static const cpu_handler st[] = {h_st1, h_st2, h_st4, h_st8,
					 h_st1_s, h_st2_s, h_st4_s, h_st8_s};
	jit_op_init(op, d);
	for (size_t i = 0; i < sizeof(ld) / sizeof(ld[0]); i++)
		if (h == ld[i])
			op->kind = JK_LD;
	for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		if (h == st[i])
			op->kind = JK_ST;
	if (op->kind == JK_NONE)
		return false;
	op->c = d->c == PI_IMM;
	/* the fast handlers' forms only: no register post-increment */
	if (d->c == PI_REG || (op->kind == JK_LD && d->r1 == 0))
		return false;
	return true;
}
