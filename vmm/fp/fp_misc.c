// SPDX-License-Identifier: GPL-2.0
/*
 * The non-arithmetic F-unit operations (fmerge, fmix, fsxt, fpack, fswap,
 * fand/fandcm/for/fxor, fselect, xma, fpmerge: SDM rev 2.3 vol 3), the
 * status-field instructions (fsetc, fclrf, fchkf), and the memory formats of
 * loads, stores, getf and setf (vol 1 5.1.3: fp_mem_to_fr_format and
 * fp_fr_to_mem_format).  None of these rounds or raises IEEE exceptions;
 * a NaTVal source gives NaTVal.
 */
#include "fp_int.h"

/* ---- memory formats ------------------------------------------------------------------------ */

struct fp82 fp_from_single(uint32_t v)
{
	uint32_t sign = v >> 31, e = (v >> 23) & 0xff, f = v & 0x7fffff;
	uint64_t sig = (uint64_t)f << 40;
	if (e == 0)
		return fp_make(sign, f ? FP_BIAS - 127 + 1 : 0, sig); /* denormals: unnormal */
	if (e == 0xff)
		return fp_make(sign, FP_EXP_MAX, FP_INT_BIT | sig);
	return fp_make(sign, e - 127 + FP_BIAS, FP_INT_BIT | sig);
}

struct fp82 fp_from_double(uint64_t v)
{
	uint32_t sign = (uint32_t)(v >> 63), e = (uint32_t)(v >> 52) & 0x7ff;
	uint64_t f = v & 0xfffffffffffffull, sig = f << 11;
	if (e == 0)
		return fp_make(sign, f ? FP_BIAS - 1023 + 1 : 0, sig);
	if (e == 0x7ff)
		return fp_make(sign, FP_EXP_MAX, FP_INT_BIT | sig);
	return fp_make(sign, e - 1023 + FP_BIAS, FP_INT_BIT | sig);
}

/* Stores extract bits, they do not round: the exponent's top bit and its low
 * bits (SDM vol 1 figure 5-8). */
uint32_t fp_to_single(struct fp82 x)
{
	uint32_t e;
	if (x.exp == 0 || !(x.sig & FP_INT_BIT))
		e = 0;
	else if (x.exp == FP_EXP_MAX)
		e = 0xff;
	else
		e = ((x.exp >> 16) & 1) << 7 | (x.exp & 0x7f);
	return x.sign << 31 | e << 23 | (uint32_t)((x.sig << 1) >> 41);
}

uint64_t fp_to_double(struct fp82 x)
{
	uint64_t e;
	if (x.exp == 0 || !(x.sig & FP_INT_BIT))
		e = 0;
	else if (x.exp == FP_EXP_MAX)
		e = 0x7ff;
	else
		e = (uint64_t)((x.exp >> 16) & 1) << 10 | (x.exp & 0x3ff);
	return (uint64_t)x.sign << 63 | e << 52 | (x.sig << 1) >> 12;
}

unsigned fp_mem_size(enum fp_mem_kind kind)
{
	static const uint8_t size[] = {4, 8, 8, 10, 16};
	return size[kind];
}

static uint64_t get_le(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = n; i--;)
		v = v << 8 | b[i];
	return v;
}

static void put_le(uint8_t *b, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, v >>= 8)
		b[i] = (uint8_t)v;
}

struct fp82 fp_load(enum fp_mem_kind kind, const uint8_t *bytes)
{
	switch (kind) {
	case FP_MEM_S:
		return fp_from_single((uint32_t)get_le(bytes, 4));
	case FP_MEM_D:
		return fp_from_double(get_le(bytes, 8));
	case FP_MEM_INT:
		return fp_int(get_le(bytes, 8));
	case FP_MEM_E: {
		uint32_t se = (uint32_t)get_le(bytes + 8, 2), e = se & 0x7fff, exp;
		exp = e == 0 ? 0 : e == 0x7fff ? FP_EXP_MAX : e - 0x3fff + FP_BIAS;
		return fp_make(se >> 15, exp, get_le(bytes, 8));
	}
	default: { /* spill: significand, then exponent (17 bits) and sign */
		uint32_t se = (uint32_t)get_le(bytes + 8, 3);
		return fp_make((se >> 17) & 1, se & FP_EXP_MAX, get_le(bytes, 8));
	}
	}
}

void fp_store(enum fp_mem_kind kind, struct fp82 x, uint8_t *bytes)
{
	switch (kind) {
	case FP_MEM_S:
		put_le(bytes, fp_to_single(x), 4);
		break;
	case FP_MEM_D:
		put_le(bytes, fp_to_double(x), 8);
		break;
	case FP_MEM_INT:
		put_le(bytes, x.sig, 8);
		break;
	case FP_MEM_E: {
		uint32_t e;
		if (x.exp == 0)
			e = 0;
		else if (x.exp == FP_EXP_MAX)
			e = 0x7fff;
		else
			e = ((x.exp >> 16) & 1) << 14 | (x.exp & 0x3fff);
		put_le(bytes, x.sig, 8);
		put_le(bytes + 8, x.sign << 15 | e, 2);
		break;
	}
	default:
		put_le(bytes, x.sig, 8);
		put_le(bytes + 8, (uint64_t)(x.sign & 1) << 17 | (x.exp & FP_EXP_MAX), 8);
		break;
	}
}

/* ---- status fields ------------------------------------------------------------------------- */

bool fp_fsetc(uint64_t *fpsr, unsigned sf, unsigned amask7, unsigned omask7)
{
	unsigned c = (fp_sf_controls(*fpsr, 0) & amask7) | omask7;
	c &= 0x7f;
	if (((c >> 2) & 3) == 1)
		return false;
	unsigned sh = 6 + 13 * sf;
	*fpsr = (*fpsr & ~(0x7full << sh)) | (uint64_t)c << sh;
	return true;
}

uint64_t fp_fclrf(uint64_t fpsr, unsigned sf)
{
	return fpsr & ~(0x3full << (13 + 13 * sf));
}

bool fp_fchkf(uint64_t fpsr, unsigned sf)
{
	unsigned flags = fp_sf_flags(fpsr, sf), traps = (unsigned)fpsr & 0x3f;
	return (flags & ~traps) || (flags & ~fp_sf_flags(fpsr, 0));
}

bool fp_fpsr_reserved(uint64_t fpsr)
{
	if (fpsr >> 58)
		return true;
	for (unsigned sf = 0; sf < 4; sf++)
		if (((fp_sf_controls(fpsr, sf) >> 2) & 3) == 1)
			return true;
	return false;
}

/* ---- register moves and logic ---------------------------------------------------------------- */

#define NATVAL2(a, b)                                                                              \
	do {                                                                                       \
		if (fp_is_natval(a) || fp_is_natval(b))                                            \
			return fp_natval();                                                        \
	} while (0)

static uint64_t concat(uint32_t hi, uint32_t lo)
{
	return (uint64_t)hi << 32 | lo;
}

struct fp82 fp_fmerge(unsigned form, struct fp82 a, struct fp82 b)
{
	NATVAL2(a, b);
	switch (form) {
	case 0: /* .s */
		return fp_make(a.sign, b.exp, b.sig);
	case 1: /* .ns */
		return fp_make(!a.sign, b.exp, b.sig);
	default: /* .se */
		return fp_make(a.sign, a.exp, b.sig);
	}
}

struct fp82 fp_fpmerge(unsigned form, struct fp82 a, struct fp82 b)
{
	NATVAL2(a, b);
	uint64_t m;
	switch (form) {
	case 0: /* sign of each half of f2, the rest of f3 */
		m = 0x8000000080000000ull;
		return fp_int((a.sig & m) | (b.sig & ~m));
	case 1:
		m = 0x8000000080000000ull;
		return fp_int((~a.sig & m) | (b.sig & ~m));
	default: /* sign and exponent of each half of f2 */
		m = 0xff800000ff800000ull;
		return fp_int((a.sig & m) | (b.sig & ~m));
	}
}

struct fp82 fp_fmix(unsigned form, struct fp82 a, struct fp82 b)
{
	NATVAL2(a, b);
	uint32_t ah = (uint32_t)(a.sig >> 32), al = (uint32_t)a.sig;
	uint32_t bh = (uint32_t)(b.sig >> 32), bl = (uint32_t)b.sig;
	switch (form) {
	case 0: /* .lr */
		return fp_int(concat(ah, bl));
	case 1: /* .r */
		return fp_int(concat(al, bl));
	default: /* .l */
		return fp_int(concat(ah, bh));
	}
}

struct fp82 fp_fsxt(unsigned form, struct fp82 a, struct fp82 b)
{
	NATVAL2(a, b);
	if (form == 1) /* .l: the sign of f2's left single, f3's left single */
		return fp_int(concat(a.sig >> 63 ? 0xffffffffu : 0, (uint32_t)(b.sig >> 32)));
	return fp_int(concat((a.sig >> 31) & 1 ? 0xffffffffu : 0, (uint32_t)b.sig));
}

struct fp82 fp_fpack(struct fp82 a, struct fp82 b)
{
	NATVAL2(a, b);
	return fp_int(concat(fp_to_single(a), fp_to_single(b)));
}

struct fp82 fp_fswap(unsigned form, struct fp82 a, struct fp82 b)
{
	NATVAL2(a, b);
	/* f2's left single and f3's right single, swapped */
	uint64_t r = concat((uint32_t)b.sig, (uint32_t)(a.sig >> 32));
	if (form == 1)
		r ^= 1ull << 63;
	else if (form == 2)
		r ^= 1ull << 31;
	return fp_int(r);
}

struct fp82 fp_flogic(unsigned op, struct fp82 a, struct fp82 b)
{
	NATVAL2(a, b);
	switch (op) {
	case FP_AND:
		return fp_int(a.sig & b.sig);
	case FP_ANDCM:
		return fp_int(a.sig & ~b.sig);
	case FP_OR:
		return fp_int(a.sig | b.sig);
	default:
		return fp_int(a.sig ^ b.sig);
	}
}

struct fp82 fp_fselect(struct fp82 f3, struct fp82 f4, struct fp82 f2)
{
	if (fp_is_natval(f2) || fp_is_natval(f3) || fp_is_natval(f4))
		return fp_natval();
	return fp_int((f3.sig & f2.sig) | (f4.sig & ~f2.sig));
}

struct fp82 fp_xma(unsigned form, struct fp82 f3, struct fp82 f4, struct fp82 f2)
{
	if (fp_is_natval(f2) || fp_is_natval(f3) || fp_is_natval(f4))
		return fp_natval();
	uint64_t hi, lo;
	fp_mul64(f3.sig, f4.sig, &hi, &lo);
	if (form != 2) { /* signed product: correct the unsigned high half */
		if (f3.sig >> 63)
			hi -= f4.sig;
		if (f4.sig >> 63)
			hi -= f3.sig;
	}
	/* f2 is zero-extended (SDM xma) */
	uint64_t l2 = lo + f2.sig;
	hi += l2 < lo;
	return fp_int(form == 0 ? l2 : hi);
}
