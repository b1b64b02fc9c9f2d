// SPDX-License-Identifier: GPL-2.0
/*
 * The multimedia (parallel integer) instructions: A9, A10 and the I unit's
 * major opcode 7 (I1-I9), plus czx (I29).  Semantics follow the instruction
 * pages of the SDM rev 2.3 vol 3: padd, psub, pavg, pavgsub, pcmp, pshladd,
 * pshradd, pmpyshr, pmpy, mix, pack, unpack, pmin, pmax, psad, mux, pshr,
 * pshl, popcnt and czx; clz (9500 series, not in rev 2.3) counts leading
 * zero bits, 64 for 0.  shr and shl by register (I5, I7 with 8-byte
 * elements) are the core's, but work here too.  The contract is exec.h's.
 *
 * Registers are 64-bit vectors of 8, 4 or 2 elements (1, 2, 4 bytes), or one
 * 8-byte element for shr/shl; element i occupies bits w*i .. w*i+w-1.  The
 * NaT of the result is the OR of the NaTs of the GR sources read
 * ("GR[r1].nat = GR[r2].nat || GR[r3].nat"); an immediate adds none.
 */
#include <string.h>

#include "cpu.h"
#include "exec.h"
#include "regs.h"


static inline uint64_t mask_of(unsigned w)
{
	return w >= 64 ? ~0ull : (1ull << w) - 1;
}

/* Element i of width w bits, zero- or sign-extended. */
static inline uint64_t uel(uint64_t x, unsigned w, unsigned i)
{
	return w >= 64 ? x : (x >> (w * i)) & mask_of(w);
}

static inline int64_t sel(uint64_t x, unsigned w, unsigned i)
{
	uint64_t v = uel(x, w, i);
	return w >= 64 ? (int64_t)v : (int64_t)(v << (64 - w)) >> (64 - w);
}

/* Place the low w bits of v as element i. */
static inline uint64_t put(uint64_t acc, uint64_t v, unsigned w, unsigned i)
{
	return acc | ((v & mask_of(w)) << (w * i));
}

static inline int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static inline int64_t smax(unsigned w)
{
	return (int64_t)(mask_of(w) >> 1);
}

/* padd, psub (A9): modulo, or one of the three saturation forms. */
static uint64_t padd_psub(uint64_t a, uint64_t b, unsigned w, unsigned sat, bool sub)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64 / w; i++) {
		int64_t x, y, t;
		switch (sat) {
		case IA64_SAT_SSS:
			x = sel(a, w, i), y = sel(b, w, i);
			t = clamp(sub ? x - y : x + y, -smax(w) - 1, smax(w));
			break;
		case IA64_SAT_UUU:
			x = (int64_t)uel(a, w, i), y = (int64_t)uel(b, w, i);
			t = clamp(sub ? x - y : x + y, 0, (int64_t)mask_of(w));
			break;
		case IA64_SAT_UUS: /* r2 unsigned, r3 signed, result unsigned */
			x = (int64_t)uel(a, w, i), y = sel(b, w, i);
			t = clamp(sub ? x - y : x + y, 0, (int64_t)mask_of(w));
			break;
		default:
			x = (int64_t)uel(a, w, i), y = (int64_t)uel(b, w, i);
			t = sub ? x - y : x + y;
			break;
		}
		r = put(r, (uint64_t)t, w, i);
	}
	return r;
}

/* pavg: unsigned average; without .raz the low bit of the sum is ORed into
 * the result (round to odd), with .raz the sum is rounded up. */
static uint64_t pavg(uint64_t a, uint64_t b, unsigned w, bool raz)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64 / w; i++) {
		uint64_t s = uel(a, w, i) + uel(b, w, i);
		r = put(r, raz ? (s + 1) >> 1 : (s >> 1) | (s & 1), w, i);
	}
	return r;
}

/* pavgsub: (r2 - r3) / 2 with the borrow as the top bit, low bit jammed. */
static uint64_t pavgsub(uint64_t a, uint64_t b, unsigned w)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64 / w; i++) {
		int64_t d = (int64_t)uel(a, w, i) - (int64_t)uel(b, w, i);
		r = put(r, (uint64_t)((d >> 1) | (d & 1)), w, i);
	}
	return r;
}

static uint64_t pcmp(uint64_t a, uint64_t b, unsigned w, bool gt)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64 / w; i++) {
		bool t = gt ? sel(a, w, i) > sel(b, w, i) : uel(a, w, i) == uel(b, w, i);
		r = put(r, t ? ~0ull : 0, w, i);
	}
	return r;
}

/* pshladd2: the shifted r2 element saturates on its own (and then is not
 * added); otherwise the sum saturates.  pshradd2: arithmetic shift, then a
 * saturating add. */
static uint64_t pshadd2(uint64_t a, uint64_t b, unsigned count, bool left)
{
	const int64_t hi = 0x7fff, lo = -0x8000;
	uint64_t r = 0;
	for (unsigned i = 0; i < 4; i++) {
		int64_t x = sel(a, 16, i), y = sel(b, 16, i), t;
		if (left) {
			t = x * ((int64_t)1 << count);
			t = (t > hi || t < lo) ? clamp(t, lo, hi) : clamp(t + y, lo, hi);
		} else {
			t = clamp((x >> count) + y, lo, hi);
		}
		r = put(r, (uint64_t)t, 16, i);
	}
	return r;
}

/* pmpyshr2: bits count+15..count of each 32-bit product. */
static uint64_t pmpyshr2(uint64_t a, uint64_t b, unsigned count, bool uns)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 4; i++) {
		int64_t p =
		    uns ? (int64_t)(uel(a, 16, i) * uel(b, 16, i)) : sel(a, 16, i) * sel(b, 16, i);
		r = put(r, (uint64_t)(p >> count), 16, i);
	}
	return r;
}

/* pmpy2.r multiplies elements 0 and 2, pmpy2.l elements 1 and 3; the two
 * signed 32-bit products form the result. */
static uint64_t pmpy2(uint64_t a, uint64_t b, bool left)
{
	unsigned k = left ? 1 : 0;
	uint64_t r = put(0, (uint64_t)(sel(a, 16, k) * sel(b, 16, k)), 32, 0);
	return put(r, (uint64_t)(sel(a, 16, k + 2) * sel(b, 16, k + 2)), 32, 1);
}

/* mix: in each pair of elements, the left (odd) or right (even) member of
 * r2 goes to the odd position, that of r3 to the even one. */
static uint64_t mix(uint64_t a, uint64_t b, unsigned w, bool left)
{
	uint64_t r = 0;
	for (unsigned j = 0; j < 32 / w; j++) {
		unsigned s = 2 * j + (left ? 1 : 0);
		r = put(r, uel(a, w, s), w, 2 * j + 1);
		r = put(r, uel(b, w, s), w, 2 * j);
	}
	return r;
}

/* pack: signed source elements of r2 fill the low half, those of r3 the
 * high half, each saturated to half width (signed, or unsigned for .uss). */
static uint64_t pack(uint64_t a, uint64_t b, unsigned w, bool sss)
{
	unsigned n = 64 / w, h = w / 2;
	int64_t lo = sss ? -smax(h) - 1 : 0, hi = sss ? smax(h) : (int64_t)mask_of(h);
	uint64_t r = 0;
	for (unsigned i = 0; i < n; i++) {
		r = put(r, (uint64_t)clamp(sel(a, w, i), lo, hi), h, i);
		r = put(r, (uint64_t)clamp(sel(b, w, i), lo, hi), h, n + i);
	}
	return r;
}

/* unpack: interleave the high (.h) or low (.l) halves, r2 in odd positions. */
static uint64_t unpack(uint64_t a, uint64_t b, unsigned w, bool high)
{
	unsigned half = 32 / w, base = high ? half : 0;
	uint64_t r = 0;
	for (unsigned i = 0; i < half; i++) {
		r = put(r, uel(a, w, base + i), w, 2 * i + 1);
		r = put(r, uel(b, w, base + i), w, 2 * i);
	}
	return r;
}

static uint64_t pminmax(uint64_t a, uint64_t b, unsigned w, bool uns, bool max)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64 / w; i++) {
		bool a_less = uns ? uel(a, w, i) < uel(b, w, i) : sel(a, w, i) < sel(b, w, i);
		r = put(r, (a_less != max) ? uel(a, w, i) : uel(b, w, i), w, i);
	}
	return r;
}

static uint64_t psad1(uint64_t a, uint64_t b)
{
	uint64_t s = 0;
	for (unsigned i = 0; i < 8; i++) {
		uint64_t x = uel(a, 8, i), y = uel(b, 8, i);
		s += x > y ? x - y : y - x;
	}
	return s;
}

/* mux1 permutations (the mux page, "Mux Permutations for 8-bit Elements"):
 * result byte i comes from source byte perm[i]; other mbtype4 values are
 * reserved. */
static bool mux1(uint64_t a, unsigned mbtype, uint64_t *out)
{
	static const uint8_t perm[4][8] = {
	    {0, 4, 2, 6, 1, 5, 3, 7}, /* 0x8 @mix */
	    {0, 4, 1, 5, 2, 6, 3, 7}, /* 0x9 @shuf */
	    {0, 2, 4, 6, 1, 3, 5, 7}, /* 0xa @alt */
	    {7, 6, 5, 4, 3, 2, 1, 0}, /* 0xb @rev */
	};
	uint64_t r = 0;
	if (mbtype == 0) { /* @brcst */
		*out = (a & 0xff) * 0x0101010101010101ull;
		return true;
	}
	if (mbtype < 8 || mbtype > 0xb)
		return false; /* reserved */
	for (unsigned i = 0; i < 8; i++)
		r = put(r, uel(a, 8, perm[mbtype - 8][i]), 8, i);
	*out = r;
	return true;
}

static uint64_t mux2(uint64_t a, unsigned mhtype)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 4; i++)
		r = put(r, uel(a, 16, (mhtype >> (2 * i)) & 3), 16, i);
	return r;
}

/* pshr, shr: counts beyond the element width act as the width (all sign
 * bits, or zero). */
static uint64_t pshr(uint64_t a, unsigned w, uint64_t count, bool uns)
{
	uint64_t r = 0;
	for (unsigned i = 0; i < 64 / w; i++) {
		uint64_t v;
		if (uns)
			v = count >= w ? 0 : uel(a, w, i) >> count;
		else
			v = (uint64_t)(sel(a, w, i) >> (count >= w ? w - 1 : count));
		r = put(r, v, w, i);
	}
	return r;
}

static uint64_t pshl(uint64_t a, unsigned w, uint64_t count)
{
	uint64_t r = 0;
	if (count >= w)
		return 0;
	for (unsigned i = 0; i < 64 / w; i++)
		r = put(r, uel(a, w, i) << count, w, i);
	return r;
}

/* czx: index of the first zero element, from the left (most significant
 * element = index 0) or from the right; the element count if none. */
static uint64_t czx(uint64_t a, unsigned w, bool right)
{
	unsigned n = 64 / w;
	for (unsigned k = 0; k < n; k++)
		if (uel(a, w, right ? k : n - 1 - k) == 0)
			return k;
	return n;
}

static bool illegal(const struct ia64_insn *in, struct cpu_exit *exit)
{
	memset(exit, 0, sizeof(*exit));
	exit->kind = CPU_EXIT_FAULT;
	exit->fault = CPU_FAULT_ILLEGAL_OP;
	exit->insn = *in;
	return true;
}

bool cpu_exec_mm(struct cpu *cpu, const struct ia64_insn *in, struct cpu_exit *exit)
{
	const struct ia64_opcode *op = in->opc;
	if (!op || in->nopnd < 2 || in->opnd[0].cls != IA64_OC_GR)
		return illegal(in, exit);

	/* check_target_register: r0, or a stacked register outside the frame. */
	unsigned r1 = (unsigned)in->opnd[0].value;
	if (r1 == 0 || r1 >= 32u + cpu->cfm.sof)
		return illegal(in, exit);

	/* Sources as printed: s1 = opnd[1] (a GR everywhere), s2 = opnd[2] (a GR
	 * or an immediate), imm = the count of A10 and I1 (opnd[2], opnd[3]). */
	unsigned q1 = (unsigned)in->opnd[1].value;
	uint64_t s1 = gr_get(cpu, q1);
	bool nat = gr_nat(cpu, q1);
	uint64_t s2 = 0;
	if (in->nopnd > 2) {
		if (in->opnd[2].cls == IA64_OC_GR) {
			unsigned q2 = (unsigned)in->opnd[2].value;
			s2 = gr_get(cpu, q2);
			nat |= gr_nat(cpu, q2);
		} else {
			s2 = (uint64_t)in->opnd[2].value;
		}
	}
	uint64_t s3 = 0;
	if (in->nopnd > 3 && in->opnd[3].cls == IA64_OC_GR) {
		unsigned q3 = (unsigned)in->opnd[3].value;
		s3 = gr_get(cpu, q3);
		nat |= gr_nat(cpu, q3);
	}

	unsigned w = op->sub1 * 8u; /* element width in bits */
	uint64_t r;
	switch (op->op) {
	case IA64_OP_PADD:
	case IA64_OP_PSUB:
		if (w != 8 && w != 16 && w != 32)
			return illegal(in, exit);
		r = padd_psub(s1, s2, w, op->sub2, op->op == IA64_OP_PSUB);
		break;
	case IA64_OP_PAVG:
		if (w != 8 && w != 16)
			return illegal(in, exit);
		r = pavg(s1, s2, w, op->sub2 == 1);
		break;
	case IA64_OP_PAVGSUB:
		if (w != 8 && w != 16)
			return illegal(in, exit);
		r = pavgsub(s1, s2, w);
		break;
	case IA64_OP_PCMP:
		if (w != 8 && w != 16 && w != 32)
			return illegal(in, exit);
		r = pcmp(s1, s2, w, op->sub2 == IA64_REL_GT);
		break;
	case IA64_OP_PSHLADD: /* r1 = r2, count2, r3 */
	case IA64_OP_PSHRADD:
		/* count2 is 1-3 (what gas accepts); the decoder also forms 4 from
		 * ct2d = 3, which is taken as reserved */
		if (in->nopnd != 4 || in->opnd[2].value < 1 || in->opnd[2].value > 3)
			return illegal(in, exit);
		r = pshadd2(s1, s3, (unsigned)s2, op->op == IA64_OP_PSHLADD);
		break;
	case IA64_OP_PMPYSHR: /* r1 = r2, r3, count2 (0, 7, 15 or 16) */
		if (in->nopnd != 4 || (uint64_t)in->opnd[3].value > 16)
			return illegal(in, exit);
		r = pmpyshr2(s1, s2, (unsigned)in->opnd[3].value, op->sub2 == 1);
		break;
	case IA64_OP_PMPY:
		r = pmpy2(s1, s2, op->sub2 == 1);
		break;
	case IA64_OP_MIX:
		if (w != 8 && w != 16 && w != 32)
			return illegal(in, exit);
		r = mix(s1, s2, w, op->sub2 == 1);
		break;
	case IA64_OP_PACK:
		if (w != 16 && w != 32)
			return illegal(in, exit);
		r = pack(s1, s2, w, op->sub2 == 1);
		break;
	case IA64_OP_UNPACK:
		if (w != 8 && w != 16 && w != 32)
			return illegal(in, exit);
		r = unpack(s1, s2, w, op->sub2 == 0);
		break;
	case IA64_OP_PMIN:
	case IA64_OP_PMAX:
		if (w != 8 && w != 16)
			return illegal(in, exit);
		r = pminmax(s1, s2, w, op->sub2 == 1, op->op == IA64_OP_PMAX);
		break;
	case IA64_OP_PSAD:
		r = psad1(s1, s2);
		break;
	case IA64_OP_MUX:
		if (op->sub1 == 2)
			r = mux2(s1, (unsigned)s2 & 0xff);
		else if (op->sub1 != 1 || !mux1(s1, (unsigned)s2 & 0xf, &r))
			return illegal(in, exit);
		break;
	case IA64_OP_PSHR: /* r1 = r3, r2 or r1 = r3, count5 */
	case IA64_OP_SHR:
		if (w != 16 && w != 32 && w != 64)
			return illegal(in, exit);
		r = pshr(s1, w, s2, op->sub2 == 1);
		break;
	case IA64_OP_PSHL: /* r1 = r2, r3 or r1 = r2, count5 */
	case IA64_OP_SHL:
		if (w != 16 && w != 32 && w != 64)
			return illegal(in, exit);
		r = pshl(s1, w, s2);
		break;
	case IA64_OP_POPCNT:
		r = (uint64_t)__builtin_popcountll(s1);
		break;
	case IA64_OP_CLZ:
		r = s1 ? (uint64_t)__builtin_clzll(s1) : 64;
		break;
	case IA64_OP_CZX:
		if (w != 8 && w != 16)
			return illegal(in, exit);
		r = czx(s1, w, op->sub2 == 1);
		break;
	/*
	 * mpy4 and mpyshl4 (I2) are not in the SDM rev 2.3 (they came with the
	 * 9500 series); which halves mpyshl4 multiplies could not be confirmed,
	 * so both fault as on processors without them rather than guess.
	 */
	case IA64_OP_MPY4:
	case IA64_OP_MPYSHL4:
	default:
		return illegal(in, exit);
	}
	gr_set(cpu, r1, r, nat);
	return false;
}
