// SPDX-License-Identifier: GPL-2.0
/*
 * The block compiler for x86-64 hosts (jit.h).
 *
 * A run of compilable slots [i, k) becomes one piece of host code, installed
 * as slot i's handler, so it is entered as handlers are: rdi = cpu, rsi =
 * slot i, whose qualifying predicate the caller found true.  It keeps
 * guest registers in memory (cpu->gr, the stacked file through the frame
 * map) and uses only call-clobbered host registers, so it needs no frame:
 *
 *   rdi  cpu               r8   cpu->stacked      r10  cpu->dcache
 *   rax, rcx, rdx, rsi, r11: scratch              r9   cpu->stacked_nat
 *
 * It leaves by a tail jump, as a handler would: to next_slot's work after
 * slot k - 1, or to the unfused handler of a slot it cannot finish, which
 * redoes that slot from the start (nothing of it has been written yet) and
 * goes on from there.  The NaT bits of the static registers the run names
 * are tested once on entry (all clear, or slot i's own handler runs
 * instead): the ops compiled never make a NaT from NaT-free operands, so
 * they stay clear.  A stacked operand's NaT is tested where it is read.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "jit.h"

uint64_t cpu_jit_slots;

#if defined(__x86_64__) && defined(__linux__)

/* Bytes of host code per cpu before it starts over (with the blocks):
 * at first JIT_BUF, twice as many after each time it filled, up to
 * JIT_BUF_MAX. */
#define JIT_BUF (8u << 20)
#define JIT_BUF_MAX (128u << 20)
#define JIT_MAX_OP 160 /* the most one op's code can take, stubs included */

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11 };
enum { CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_L = 0xc };

struct emit {
	uint8_t *p, *end;
	bool full;
};

static void b1(struct emit *e, unsigned x)
{
	if (e->p < e->end)
		*e->p++ = (uint8_t)x;
	else
		e->full = true;
}

static void b4(struct emit *e, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		b1(e, x >> (8 * i));
}

static void b8(struct emit *e, uint64_t x)
{
	b4(e, (uint32_t)x);
	b4(e, (uint32_t)(x >> 32));
}

/* A memory operand [base + index * scale + disp]; index < 0: none. */
struct mem {
	int base, index, scale;
	int32_t disp;
};

static struct mem mem_at(int base, int32_t disp)
{
	return (struct mem){base, -1, 1, disp};
}

static struct mem mem_idx(int base, int index, int scale, int32_t disp)
{
	return (struct mem){base, index, scale, disp};
}

/* REX if needed (always for w, or for the byte registers spl-dil). */
static void rex(struct emit *e, bool w, int reg, int index, int base, bool byte_reg)
{
	unsigned r =
	    0x40 | (w ? 8 : 0) | (reg >= 8 ? 4 : 0) | (index >= 8 ? 2 : 0) | (base >= 8 ? 1 : 0);
	if (r != 0x40 || (byte_reg && reg >= 4 && reg < 8))
		b1(e, r);
}

static void opcode(struct emit *e, unsigned opc)
{
	if (opc > 0xff)
		b1(e, opc >> 8);
	b1(e, opc & 0xff);
}

/* op reg, [mem] (or the reverse, by the opcode); disp32 always. */
static void op_m(struct emit *e, bool w, unsigned opc, int reg, struct mem m, bool byte_reg)
{
	rex(e, w, reg, m.index < 0 ? 0 : m.index, m.base, byte_reg);
	opcode(e, opc);
	if (m.index >= 0 || (m.base & 7) == RSP) {
		unsigned ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
		b1(e, 0x80 | (reg & 7) << 3 | 4);
		b1(e, ss << 6 | (m.index >= 0 ? m.index & 7 : 4) << 3 | (m.base & 7));
	} else {
		b1(e, 0x80 | (reg & 7) << 3 | (m.base & 7));
	}
	b4(e, (uint32_t)m.disp);
}

/* op rm, reg (register to register). */
static void op_r(struct emit *e, bool w, unsigned opc, int reg, int rm, bool byte_reg)
{
	rex(e, w, reg, 0, rm, byte_reg);
	opcode(e, opc);
	b1(e, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

static void load64(struct emit *e, int r, struct mem m)
{
	op_m(e, true, 0x8b, r, m, false);
}
static void store64(struct emit *e, int r, struct mem m)
{
	op_m(e, true, 0x89, r, m, false);
}

/* ALU ops: dst op= src (the 01/09/21/29/31/39 family: op = /n) */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

static void alu_rr(struct emit *e, bool w, int op, int dst, int src)
{
	op_r(e, w, 0x01 + 8 * op, src, dst, false);
}

static void alu_ri(struct emit *e, int op, int dst, int32_t imm)
{
	if (imm >= -128 && imm <= 127) {
		op_r(e, true, 0x83, op, dst, false);
		b1(e, (uint8_t)imm);
	} else {
		op_r(e, true, 0x81, op, dst, false);
		b4(e, (uint32_t)imm);
	}
}

/* dst op= [mem] (03/0b/23/2b/33/3b) */
static void alu_rm(struct emit *e, int op, int dst, struct mem m)
{
	op_m(e, true, 0x03 + 8 * op, dst, m, false);
}

enum { SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

static void shift_i(struct emit *e, int op, int r, unsigned n)
{
	if (!n)
		return;
	op_r(e, true, 0xc1, op, r, false);
	b1(e, n);
}

static void mov_ri(struct emit *e, int r, uint64_t v)
{
	if (v <= 0xffffffffull) { /* mov r32, imm32 zero-extends */
		rex(e, false, 0, 0, r, false);
		b1(e, 0xb8 + (r & 7));
		b4(e, (uint32_t)v);
	} else if ((int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX) {
		op_r(e, true, 0xc7, 0, r, false);
		b4(e, (uint32_t)v);
	} else {
		rex(e, true, 0, 0, r, false);
		b1(e, 0xb8 + (r & 7));
		b8(e, v);
	}
}

static void mov_rr(struct emit *e, int dst, int src)
{
	op_r(e, true, 0x89, src, dst, false);
}

static bool fits32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

/* dst op= imm, through rcx when imm needs 64 bits (dst is never rcx then) */
static void alu_imm(struct emit *e, int op, int dst, int64_t imm)
{
	if (fits32(imm)) {
		alu_ri(e, op, dst, (int32_t)imm);
	} else {
		mov_ri(e, RCX, (uint64_t)imm);
		alu_rr(e, true, op, dst, RCX);
	}
}

/* jcc rel32 forward: where to patch */
static uint8_t *jcc(struct emit *e, unsigned cc)
{
	b1(e, 0x0f);
	b1(e, 0x80 + cc);
	b4(e, 0);
	return e->p;
}

static uint8_t *jmp(struct emit *e)
{
	b1(e, 0xe9);
	b4(e, 0);
	return e->p;
}

/* point the jump ending at at to here */
static void land(struct emit *e, uint8_t *at)
{
	if (!at || e->full)
		return;
	int32_t rel = (int32_t)(e->p - at);
	memcpy(at - 4, &rel, 4);
}

/* jmp to a fixed address (through rax) */
static void jmp_abs(struct emit *e, const void *to)
{
	mov_ri(e, RAX, (uint64_t)(uintptr_t)to);
	op_r(e, false, 0xff, 4, RAX, false);
}

/* ---- the run's code -------------------------------------------------------------------------- */

#define CPU_OFF(f) ((int32_t)offsetof(struct cpu, f))
#define DC_OFF(f) ((int32_t)offsetof(struct cpu_dcache, f))

_Static_assert(sizeof(struct cpu_tlb_entry) == 16, "soft-TLB entries are 16 bytes");
_Static_assert(CPU_TLB_SIZE == 256, "the soft-TLB index is 8 bits");

struct run {
	struct emit e;
	const struct dslot *ds; /* the block's slots */
	/* jumps to a slot's own handler: the patch point and the slot */
	struct {
		uint8_t *at;
		unsigned slot;
	} fail[8 * 3 * BLOCK_BUNDLES];
	unsigned nfail;
	unsigned cur; /* the slot being compiled */
};

static void fail_if(struct run *r, unsigned cc)
{
	uint8_t *at = jcc(&r->e, cc);
	if (r->nfail < sizeof(r->fail) / sizeof(r->fail[0])) {
		r->fail[r->nfail].at = at;
		r->fail[r->nfail].slot = r->cur;
		r->nfail++;
	} else {
		r->e.full = true; /* cannot happen: at most 8 per slot */
	}
}

/* r11 = the physical index of stacked register g */
static void stacked_index(struct emit *e, unsigned g)
{
	op_m(e, false, 0x0fb7, R11, mem_at(R10, DC_OFF(gr_map) + 2 * (int32_t)(g - 32)), false);
}

/* host register h = GR g, which must not be a NaT */
static void get(struct run *r, int h, unsigned g)
{
	struct emit *e = &r->e;
	if (g == 0) {
		op_r(e, false, 0x31, h, h, false); /* xor h32, h32 */
	} else if (g < 32) {
		load64(e, h, mem_at(RDI, CPU_OFF(gr) + 8 * (int32_t)g));
	} else {
		stacked_index(e, g);
		op_m(e, false, 0x80, 7, mem_idx(R9, R11, 1, 0), false); /* cmp byte [r9 + r11], 0 */
		b1(e, 0);
		fail_if(r, CC_NE);
		load64(e, h, mem_idx(R8, R11, 8, 0));
	}
}

/* GR g = host register h, NaT clear */
static void put(struct run *r, unsigned g, int h)
{
	struct emit *e = &r->e;
	if (g < 32) {
		store64(e, h, mem_at(RDI, CPU_OFF(gr) + 8 * (int32_t)g));
	} else {
		stacked_index(e, g);
		store64(e, h, mem_idx(R8, R11, 8, 0));
		op_m(e, false, 0xc6, 0, mem_idx(R9, R11, 1, 0), false); /* mov byte [r9 + r11], 0 */
		b1(e, 0);
	}
}

/* Jump (the patch point) when predicate p is false: p0-p15 directly,
 * the rotating ones at bit 16 + (p - 16 + rrb.pr) mod 48. */
static uint8_t *pred_false(struct emit *e, unsigned p)
{
	if (p < 16) {
		op_m(e, true, 0x0fba, 4, mem_at(RDI, CPU_OFF(pr)), false); /* bt qword [pr], p */
		b1(e, p);
		return jcc(e, CC_AE);
	}
	op_m(e, false, 0x0fb6, RCX, mem_at(RDI, CPU_OFF(cfm.rrb_pr)),
	     false); /* movzx ecx, rrb.pr */
	alu_ri(e, ALU_ADD, RCX, (int32_t)p - 16);
	op_m(e, false, 0x8d, RDX, mem_at(RCX, -48), false); /* lea edx, [rcx - 48] */
	alu_ri(e, ALU_CMP, RCX, 48);
	op_r(e, false, 0x0f43, RCX, RDX, false); /* cmovae ecx, edx */
	load64(e, RAX, mem_at(RDI, CPU_OFF(pr)));
	shift_i(e, SH_SHR, RAX, 16);
	op_r(e, true, 0x0fa3, RCX, RAX, false); /* bt rax, rcx */
	return jcc(e, CC_AE);
}

/* the mask of len low bits, from extr.u's and dep.z's imm */
static unsigned mask_bits(uint64_t m)
{
	return (unsigned)__builtin_popcountll(m);
}

/* rax = its low len bits */
static void low_bits(struct emit *e, int h, unsigned len)
{
	if (len >= 64)
		return;
	if (len == 32) {
		op_r(e, false, 0x89, h, h, false); /* mov r32, r32 */
	} else {
		shift_i(e, SH_SHL, h, 64 - len);
		shift_i(e, SH_SHR, h, 64 - len);
	}
}

/* TLB lookup of va in rax for size bytes in table tlb: on a hit rax = the
 * host address, va kept in keep; else to the slot's handler. */
static void tlb(struct run *r, int32_t tlb_off, unsigned size, int keep)
{
	struct emit *e = &r->e;
	mov_rr(e, keep, RAX);
	mov_rr(e, RDX, RAX);
	shift_i(e, SH_SHR, RDX, 12);
	op_r(e, false, 0x81, 4, RDX, false); /* and edx, 255 */
	b4(e, CPU_TLB_SIZE - 1);
	shift_i(e, SH_SHL, RDX, 4);
	mov_rr(e, RCX, RAX);
	alu_ri(e, ALU_AND, RCX, (int32_t)(0xfffff000u | (size - 1)));
	alu_rm(e, ALU_CMP, RCX, mem_idx(RDI, RDX, 1, tlb_off));
	fail_if(r, CC_NE);
	alu_rm(e, ALU_ADD, RAX, mem_idx(RDI, RDX, 1, tlb_off + 8));
}

/* FRs f0-f31 (the compiler takes no rotating one): struct fp82 at cpu->fr[f] */
static struct mem fr_at(unsigned f, int32_t off)
{
	return mem_at(RDI, CPU_OFF(fr) + (int32_t)(16 * f) + off);
}

/* host register h = f's significand; NaTVal (exponent 0x1fffe: tested on
 * the exponent alone, the rest left to the handler) to the slot's handler */
static void fr_sig(struct run *r, int h, unsigned f)
{
	struct emit *e = &r->e;
	if (f < 2) {
		mov_ri(e, h, f ? 1ull << 63 : 0); /* f0 = 0.0, f1 = 1.0 */
		return;
	}
	op_m(e, false, 0x81, ALU_CMP, fr_at(f, (int32_t)offsetof(struct fp82, exp)), false);
	b4(e, 0x1fffe);
	fail_if(r, CC_E);
	load64(e, h, fr_at(f, (int32_t)offsetof(struct fp82, sig)));
}

/* f's exponent and sign: an integer's (0x1003e, +); psr.mfl: f2-f31 written */
static void fr_int_tag(struct emit *e, unsigned f)
{
	_Static_assert(offsetof(struct fp82, sign) == offsetof(struct fp82, exp) + 4,
		       "fp82: exp then sign");
	_Static_assert(sizeof(struct fp82) == 16, "fp82: 16 bytes");
	op_m(e, true, 0xc7, 0, fr_at(f, (int32_t)offsetof(struct fp82, exp)), false);
	b4(e, 0x1003e);
	op_m(e, false, 0x80, ALU_OR, mem_at(RDI, CPU_OFF(psr)), false); /* or byte [psr], mfl */
	b1(e, (unsigned)PSR_MFL);
}

static void compile_op(struct run *r, const struct jit_op *o)
{
	struct emit *e = &r->e;
	switch (o->kind) {
	case JK_ADD:
	case JK_SUB:
		get(r, RAX, o->r2);
		get(r, RDX, o->r3);
		alu_rr(e, true, o->kind == JK_ADD ? ALU_ADD : ALU_SUB, RAX, RDX);
		if (o->imm)
			alu_imm(e, ALU_ADD, RAX, o->imm);
		put(r, o->r1, RAX);
		break;
	case JK_ADDI:
		get(r, RAX, o->r3);
		if (o->imm)
			alu_imm(e, ALU_ADD, RAX, o->imm);
		put(r, o->r1, RAX);
		break;
	case JK_SUBI:
		get(r, RDX, o->r3);
		mov_ri(e, RAX, (uint64_t)o->imm);
		alu_rr(e, true, ALU_SUB, RAX, RDX);
		put(r, o->r1, RAX);
		break;
	case JK_MOVI:
		mov_ri(e, RAX, (uint64_t)o->imm);
		put(r, o->r1, RAX);
		break;
	case JK_SHLADD:
		get(r, RAX, o->r2);
		get(r, RDX, o->r3);
		shift_i(e, SH_SHL, RAX, o->a);
		alu_rr(e, true, ALU_ADD, RAX, RDX);
		put(r, o->r1, RAX);
		break;
	case JK_AND:
	case JK_OR:
	case JK_XOR:
	case JK_ANDCM: {
		get(r, RAX, o->r2);
		get(r, RDX, o->r3);
		int op = o->kind == JK_OR ? ALU_OR : o->kind == JK_XOR ? ALU_XOR : ALU_AND;
		if (o->kind == JK_ANDCM)
			op_r(e, true, 0xf7, 2, RDX, false); /* not rdx */
		alu_rr(e, true, op, RAX, RDX);
		put(r, o->r1, RAX);
		break;
	}
	case JK_ANDI:
	case JK_ORI:
	case JK_XORI:
	case JK_ANDCMI: {
		get(r, RAX, o->r3);
		int op = o->kind == JK_ORI ? ALU_OR : o->kind == JK_XORI ? ALU_XOR : ALU_AND;
		if (o->kind == JK_ANDCMI)
			op_r(e, true, 0xf7, 2, RAX, false); /* not rax */
		alu_imm(e, op, RAX, o->imm);
		put(r, o->r1, RAX);
		break;
	}
	case JK_EXTRU:
		get(r, RAX, o->r3);
		shift_i(e, SH_SHR, RAX, o->a);
		low_bits(e, RAX, mask_bits((uint64_t)o->imm));
		put(r, o->r1, RAX);
		break;
	case JK_EXTR:
		get(r, RAX, o->r3);
		shift_i(e, SH_SHL, RAX, 64u - o->a - o->b);
		if (o->b < 64)
			shift_i(e, SH_SAR, RAX, 64u - o->b);
		put(r, o->r1, RAX);
		break;
	case JK_DEPZ: {
		unsigned len = mask_bits((uint64_t)o->imm);
		get(r, RAX, o->r2);
		if (len < 64) {
			shift_i(e, SH_SHL, RAX, 64 - len);
			shift_i(e, SH_SHR, RAX, 64 - len - o->a);
		}
		put(r, o->r1, RAX);
		break;
	}
	case JK_MIX4R:
		get(r, RAX, o->r2);
		get(r, RDX, o->r3);
		shift_i(e, SH_SHL, RAX, 32);
		op_r(e, false, 0x89, RDX, RDX, false); /* mov edx, edx */
		alu_rr(e, true, ALU_OR, RAX, RDX);
		put(r, o->r1, RAX);
		break;
	case JK_ZXT:
	case JK_SXT:
		get(r, RAX, o->r3);
		if (o->kind == JK_ZXT)
			low_bits(e, RAX, o->a);
		else if (o->a == 8)
			op_r(e, true, 0x0fbe, RAX, RAX, false); /* movsx rax, al */
		else if (o->a == 16)
			op_r(e, true, 0x0fbf, RAX, RAX, false); /* movsx rax, ax */
		else if (o->a == 32)
			op_r(e, true, 0x63, RAX, RAX, false); /* movsxd rax, eax */
		put(r, o->r1, RAX);
		break;
	case JK_SHRP:
		get(r, RAX, o->r2);
		get(r, RDX, o->r3);
		if (o->a) {
			op_r(e, true, 0x0fac, RAX, RDX, false); /* shrd rdx, rax, a */
			b1(e, o->a);
		}
		put(r, o->r1, RDX);
		break;
	case JK_CMP: {
		uint8_t *off = NULL, *done = NULL;
		if (o->unc && o->unc_qp)
			off = pred_false(e, o->unc_qp);
		if (o->e == JF_RR) {
			get(r, RAX, o->r2);
			get(r, RDX, o->r3);
		} else if (o->e == JF_IR) {
			get(r, RDX, o->r3);
			mov_ri(e, RAX, (uint64_t)o->imm);
		} else {
			get(r, RAX, o->r3);
			mov_ri(e, RDX, (uint64_t)o->imm);
		}
		alu_rr(e, !o->c, ALU_CMP, RAX, RDX);
		unsigned cc = o->a == JR_EQ ? CC_E : o->a == JR_LT ? CC_L : CC_B;
		op_r(e, false, 0x0f90 + cc, 0, RCX, false); /* setcc cl */
		op_r(e, false, 0x0fb6, RCX, RCX, false);    /* movzx ecx, cl */
		op_r(e, false, 0x89, RCX, RDX, false);	    /* mov edx, ecx */
		op_r(e, false, 0x83, ALU_XOR, RDX, false);  /* xor edx, 1 */
		b1(e, 1);
		if (off) {
			done = jmp(e);
			land(e, off);
			op_r(e, false, 0x31, RCX, RCX, false);
			op_r(e, false, 0x31, RDX, RDX, false);
			land(e, done);
		}
		uint32_t m = (o->p1 ? 1u << o->p1 : 0) | (o->p2 ? 1u << o->p2 : 0);
		load64(e, RAX, mem_at(RDI, CPU_OFF(pr)));
		alu_ri(e, ALU_AND, RAX, (int32_t)~m);
		if (o->p1) {
			shift_i(e, SH_SHL, RCX, o->p1);
			alu_rr(e, true, ALU_OR, RAX, RCX);
		}
		if (o->p2) {
			shift_i(e, SH_SHL, RDX, o->p2);
			alu_rr(e, true, ALU_OR, RAX, RDX);
		}
		store64(e, RAX, mem_at(RDI, CPU_OFF(pr)));
		break;
	}
	case JK_LD:
		get(r, RAX, o->r3);
		tlb(r, CPU_OFF(tlb_r), o->a, RSI);
		switch (o->a) {
		case 1:
			op_m(e, false, 0x0fb6, RCX, mem_at(RAX, 0), false);
			break;
		case 2:
			op_m(e, false, 0x0fb7, RCX, mem_at(RAX, 0), false);
			break;
		case 4:
			op_m(e, false, 0x8b, RCX, mem_at(RAX, 0), false);
			break;
		default:
			load64(e, RCX, mem_at(RAX, 0));
			break;
		}
		put(r, o->r1, RCX);
		if (o->c) {
			op_m(e, true, 0x8d, RSI, mem_at(RSI, (int32_t)o->imm), false); /* lea */
			put(r, o->r3, RSI);
		}
		break;
	case JK_ST: {
		get(r, RAX, o->r3);
		get(r, RSI, o->r2);
		tlb(r, CPU_OFF(tlb_w), o->a, R11); /* va kept in r11 */
		/* an ALAT entry the store may hit: the handler does it all */
		load64(e, RCX, mem_at(R10, DC_OFF(alat_filter)));
		op_r(e, true, 0x85, RCX, RCX, false); /* test rcx, rcx */
		uint8_t *none = jcc(e, CC_E);
		mov_rr(e, RDX, R11);
		shift_i(e, SH_SHR, RDX, 4);
		op_r(e, true, 0x0fa3, RDX, RCX, false); /* bt rcx, rdx */
		fail_if(r, CC_B);
		op_m(e, true, 0x8d, RDX, mem_at(R11, (int32_t)o->a - 1), false);
		shift_i(e, SH_SHR, RDX, 4);
		op_r(e, true, 0x0fa3, RDX, RCX, false);
		fail_if(r, CC_B);
		land(e, none);
		switch (o->a) {
		case 1:
			op_m(e, false, 0x88, RSI, mem_at(RAX, 0), true);
			break;
		case 2:
			b1(e, 0x66);
			op_m(e, false, 0x89, RSI, mem_at(RAX, 0), false);
			break;
		case 4:
			op_m(e, false, 0x89, RSI, mem_at(RAX, 0), false);
			break;
		default:
			store64(e, RSI, mem_at(RAX, 0));
			break;
		}
		if (o->c) {
			op_m(e, true, 0x8d, RAX, mem_at(R11, (int32_t)o->imm), false);
			put(r, o->r3, RAX);
		}
		break;
	}
	case JK_SETF:
		get(r, RAX, o->r2);
		store64(e, RAX, fr_at(o->a, 0));
		fr_int_tag(e, o->a);
		break;
	case JK_GETF:
		fr_sig(r, RAX, o->a);
		put(r, o->r1, RAX);
		break;
	case JK_XMAL:
		fr_sig(r, RAX, o->b);
		fr_sig(r, RDX, o->c);
		fr_sig(r, RCX, o->e);
		op_r(e, true, 0x0faf, RAX, RDX, false); /* imul rax, rdx */
		alu_rr(e, true, ALU_ADD, RAX, RCX);
		store64(e, RAX, fr_at(o->a, 0));
		fr_int_tag(e, o->a);
		break;
	default:
		r->e.full = true;
		break;
	}
}

/* ---- choosing runs -----------------------------------------------------------------------------
 */

static bool describe(const struct dslot *d, cpu_handler h, struct jit_op *o)
{
	if (!cpu_jit_int(d, h, o) && !cpu_jit_mem(d, h, o) && !cpu_jit_fp(d, h, o))
		return false;
	if (o->kind == JK_CMP && (o->p1 >= 16 || o->p2 >= 16))
		return false;
	return true;
}

/* The static registers (bits) the op names. */
static uint32_t static_regs(const struct jit_op *o)
{
	uint32_t m = 0;
	const uint8_t g[3] = {o->r1, o->r2, o->r3};
	for (int i = 0; i < 3; i++)
		if (g[i] && g[i] < 32)
			m |= 1u << g[i];
	return m;
}

static int jit_next(struct cpu *cpu, const struct dslot *d)
{
	return next_slot(cpu, d);
}

/* Leave as a handler would, with rsi = slot d: to handler h, or (h NULL)
 * to d's own fn as it is when the code runs. */
static void leave_to(struct emit *e, const struct dslot *d, cpu_handler h)
{
	mov_ri(e, RSI, (uint64_t)(uintptr_t)d);
	if (h)
		jmp_abs(e, (const void *)h);
	else
		op_m(e, false, 0xff, 4, mem_at(RSI, (int32_t)offsetof(struct dslot, fn)), false);
}

/* jmp rel32 back to to */
static void jmp_back(struct emit *e, const uint8_t *to)
{
	b1(e, 0xe9);
	b4(e, (uint32_t)(int32_t)(to - (e->p + 4)));
}

/*
 * Slot k, a branch to the block's start (loop): taken, it
 * goes round again here, doing what hop() would for a link from the block
 * to itself (the budget, the code epoch; the frame and psr cannot have
 * changed); whatever hop() would refuse goes to the branch's handler.  Not
 * taken: on as next_slot from k.
 */
static void compile_loop(struct run *r, const struct dblock *b, unsigned k,
			 const struct jit_op *loop, const uint8_t *body)
{
	struct emit *e = &r->e;
	const struct dslot *ds = r->ds;
	uint8_t *no;
	if (loop->kind == JK_CLOOP) {
		load64(e, RAX, mem_at(RDI, CPU_OFF(ar[AR_LC])));
		op_r(e, true, 0x85, RAX, RAX, false); /* test rax, rax */
		no = jcc(e, CC_E);
	} else {
		no = ds[k].qp ? pred_false(e, ds[k].qp) : NULL;
	}
	load64(e, R10, mem_at(RDI, CPU_OFF(dcache)));
	load64(e, RDX, mem_at(R10, DC_OFF(left)));
	alu_ri(e, ALU_SUB, RDX, ds[k].pos + 1); /* the instructions done */
	alu_ri(e, ALU_CMP, RDX, b->ninsn);
	uint8_t *slow1 = jcc(e, CC_B);
	mov_ri(e, RAX, (uint64_t)(uintptr_t)&code_epoch);
	load64(e, RAX, mem_at(RAX, 0));
	mov_ri(e, RCX, (uint64_t)(uintptr_t)&b->epoch);
	alu_rm(e, ALU_CMP, RAX, mem_at(RCX, 0));
	uint8_t *slow2 = jcc(e, CC_NE);
	store64(e, RDX, mem_at(R10, DC_OFF(left)));
	op_m(e, true, 0x81, ALU_ADD, mem_at(R10, DC_OFF(hop_bundles)), false);
	b4(e, b->nb);
	if (loop->kind == JK_CLOOP)
		op_m(e, true, 0xff, 1, mem_at(RDI, CPU_OFF(ar[AR_LC])), false); /* dec qword */
	jmp_back(e, body);
	land(e, slow1);
	land(e, slow2);
	leave_to(e, &ds[k], NULL);
	land(e, no);
	leave_to(e, &ds[k], jit_next);
}

/* After the run [.., k) of a block of n slots: on as next_slot from k - 1,
 * to the fn of the first slot from k on whose predicate is true, tested
 * here for two slots (a predicated branch, then the sentinel or what
 * follows), the rest by next_slot itself. */
static void compile_exit(struct run *r, unsigned k, unsigned n)
{
	struct emit *e = &r->e;
	const struct dslot *ds = r->ds;
	for (unsigned x = k; x < k + 2 && x <= n; x++) {
		if (!ds[x].qp) {
			leave_to(e, &ds[x], NULL);
			return;
		}
		uint8_t *no = pred_false(e, ds[x].qp);
		leave_to(e, &ds[x], NULL);
		land(e, no);
	}
	leave_to(e, &ds[k + 1], jit_next);
}

/* Compile slots [i, k) of block b, and with loop slot k too: the
 * code, or NULL when out of room. */
static void *compile_run(struct cpu_dcache *dc, const struct dblock *b, cpu_handler *single,
			 unsigned i, unsigned k, const struct jit_op *ops,
			 const struct jit_op *loop)
{
	struct dslot *ds = blk_slots(b);
	struct run run, *r = &run;
	r->e.p = dc->jit_buf + dc->jit_used;
	r->e.end = dc->jit_buf + dc->jit_size;
	r->e.full = false;
	r->ds = ds;
	r->nfail = 0;
	r->cur = i;
	struct emit *e = &r->e;
	uint8_t *start = e->p;

	uint32_t nat = 0;
	bool stacked = false;
	for (unsigned j = i; j < k; j++) {
		nat |= static_regs(&ops[j - i]);
		stacked |= ds[j].maxgr >= 32;
		stacked |= ops[j - i].kind == JK_ST;
	}
	if (stacked) {
		load64(e, R8, mem_at(RDI, CPU_OFF(stacked)));
		load64(e, R9, mem_at(RDI, CPU_OFF(stacked_nat)));
		load64(e, R10, mem_at(RDI, CPU_OFF(dcache)));
	}
	if (nat) {
		op_m(e, false, 0xf7, 0, mem_at(RDI, CPU_OFF(gr_nat)),
		     false); /* test dword, imm32 */
		b4(e, nat);
		fail_if(r, CC_NE);
	}
	const uint8_t *body = e->p;
	for (unsigned j = i; j < k; j++) {
		r->cur = j;
		uint8_t *skip = NULL;
		if (j > i && ds[j].qp)
			skip = pred_false(e, ds[j].qp);
		compile_op(r, &ops[j - i]);
		land(e, skip);
	}
	if (loop)
		compile_loop(r, b, k, loop, body);
	else
		compile_exit(r, k, b->n);
	/* the slots' own handlers, for what the code cannot finish */
	for (unsigned f = 0; f < r->nfail; f++) {
		bool first = true;
		for (unsigned g = 0; g < f; g++)
			if (r->fail[g].slot == r->fail[f].slot)
				first = false;
		if (!first)
			continue;
		for (unsigned g = f; g < r->nfail; g++) {
			if (r->fail[g].slot == r->fail[f].slot)
				land(e, r->fail[g].at);
		}
		unsigned s = r->fail[f].slot;
		leave_to(e, &ds[s], single[s]);
	}
	bool full = e->full;
	size_t used = (size_t)(e->p - start);
	if (full) {
		dc->jit_used = dc->jit_size; /* no more until it starts over */
		return NULL;
	}
	dc->jit_used = (dc->jit_used + used + 15) & ~(size_t)15;
	return start;
}

static bool jit_ready(struct cpu *cpu)
{
	struct cpu_dcache *dc = cpu->dcache;
	if (dc->jit_off)
		return false;
	if (!dc->jit_buf) {
		if (cpu->config.no_jit || getenv("LOL_NO_JIT")) {
			dc->jit_off = true;
			return false;
		}
		size_t size = dc->jit_size ? dc->jit_size : JIT_BUF;
		void *p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			dc->jit_off = true; /* the host will not run generated code */
			return false;
		}
		dc->jit_buf = p;
		dc->jit_size = size;
		dc->jit_used = 0;
	}
	return true;
}

void jit_block(struct cpu *cpu, struct dblock *b)
{
	if (!jit_ready(cpu))
		return;
	struct cpu_dcache *dc = cpu->dcache;
	struct dslot *ds = blk_slots(b);
	cpu_handler *single = blk_single(b);
	struct jit_op ops[3 * BLOCK_BUNDLES];
	unsigned n = b->n;
	if (b->maxgr == 255)
		return; /* a cover block: every slot checked against the frame */
	for (unsigned i = 0; i < n;) {
		unsigned k = i;
		while (k < n && describe(&ds[k], single[k], &ops[k - i]))
			k++;
		/* a loop: the run starts the block and ends at a branch to the
		 * block's start; slot 0 always runs */
		struct jit_op br, *loop = NULL;
		if (i == 0 && k < n && k && !ds[0].qp && cpu_jit_br(&ds[k], single[k], &br) &&
		    (uint64_t)br.imm == b->ip && (br.kind == JK_BR || !ds[k].qp))
			loop = &br;
		if (k - i >= 2 || (loop && k)) {
			if (dc->jit_size - dc->jit_used < JIT_MAX_OP * (k - i + 1) + 256) {
				dc->jit_used = dc->jit_size; /* full until it starts over */
				return;
			}
			void *code = compile_run(dc, b, single, i, k, ops, loop);
			if (code) {
				/* a pair ending at i would run slot i itself */
				if (i > 0 && ds[i - 1].fn != single[i - 1])
					ds[i - 1].fn = single[i - 1];
				ds[i].fn = (cpu_handler)code;
				__atomic_fetch_add(&cpu_jit_slots, k - i + !!loop,
						   __ATOMIC_RELAXED);
			}
		}
		i = k > i ? k : i + 1;
	}
}

void jit_reset(struct cpu_dcache *dc)
{
	if (dc->jit_buf && dc->jit_used >= dc->jit_size && dc->jit_size < JIT_BUF_MAX) {
		/* it filled: a bigger one, mapped at the next compile */
		munmap(dc->jit_buf, dc->jit_size);
		dc->jit_buf = NULL;
		dc->jit_size *= 2;
	}
	dc->jit_used = 0;
}

void jit_free(struct cpu_dcache *dc)
{
	if (dc->jit_buf)
		munmap(dc->jit_buf, dc->jit_size);
	dc->jit_buf = NULL;
}

#else /* no compiler for this host */

void jit_block(struct cpu *cpu, struct dblock *b)
{
	(void)cpu;
	(void)b;
}

void jit_reset(struct cpu_dcache *dc)
{
	(void)dc;
}

void jit_free(struct cpu_dcache *dc)
{
	(void)dc;
}

#endif
