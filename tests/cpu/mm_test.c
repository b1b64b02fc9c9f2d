// SPDX-License-Identifier: GPL-2.0
/*
 * cpu_exec_mm (vmm/cpu/exec_mm.c): the multimedia instructions.
 *
 * Every form the tables decode is encoded here from its SDM vol 3 chapter 4
 * opcode fields, decoded with the ISA library and run on a minimal struct
 * cpu.  Results are compared with a reference written in the test from the
 * SDM instruction pages' pseudo-code (element arrays, concatenate), over
 * random operands and NaTs; hand-computed edge cases check both the
 * reference and the engine; ia64-linux-gnu-as then assembles every form and
 * immediate, and its encodings must equal ours and run the same way.
 *
 * Built a second time with MM_VIA_ENGINE (mm_engine_test), every case runs
 * instead as one bundle through cpu_run, which executes the common forms
 * with its own fast handlers (vmm/cpu/exec_int.c) and the rest through
 * cpu_exec_mm: both must agree with the same reference.
 *
 * Usage: mm_test [seed]   (IA64_AS overrides the assembler)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "elf64.h"
#include "exec.h"
#include "ia64.h"
#include "tap.h"

/* ---- forms ---------------------------------------------------------------------------- */

/* Instruction formats (SDM vol 3 chapter 4), by the operands they take. */
enum fmt {
	A9,  /* r1 = r2, r3 */
	A10, /* r1 = r2, count2, r3 */
	I1,  /* r1 = r2, r3, count2 */
	I2,  /* r1 = r2, r3 */
	I3,  /* r1 = r2, mbtype4 */
	I4,  /* r1 = r2, mhtype8 */
	I5,  /* r1 = r3, r2 */
	I6,  /* r1 = r3, count5 */
	I7,  /* r1 = r2, r3 */
	I8,  /* r1 = r2, count5 */
	I9,  /* r1 = r3 */
	I29, /* r1 = r3 */
};

/* clang-format off */
enum ref {
	R_PADD, R_PSUB, R_PAVG, R_PAVGRAZ, R_PAVGSUB, R_PCMPEQ, R_PCMPGT, R_PSHLADD, R_PSHRADD,
	R_PMPYSHR, R_PMPYSHRU, R_PMPYR, R_PMPYL, R_MIXR, R_MIXL, R_PACKSSS, R_PACKUSS, R_UNPACKH,
	R_UNPACKL, R_PMIN, R_PMINU, R_PMAX, R_PMAXU, R_PSAD, R_MUX1, R_MUX2, R_PSHR, R_PSHRU,
	R_PSHL, R_POPCNT, R_CLZ, R_CZXL, R_CZXR,
	R_FAULT, /* expected to raise Illegal Operation */
};
/* clang-format on */

enum { SAT_NONE, SAT_SSS, SAT_UUU, SAT_UUS };

struct form {
	const char *name; /* mnemonic as objdump prints it */
	enum fmt fmt;
	uint64_t bits; /* opcode fields; registers and immediates are zero */
	enum ref ref;
	unsigned size; /* element bytes */
	unsigned sat;
};

/* clang-format off */
#define U(x) ((uint64_t)(x))
#define MAJ(x) (U(x) << 37)
/* A9, A10: major 8, za 36, x2a 34..35 = 1, zb 33, x4 29..32, x2b 27..28. */
#define A9X(za, zb, x4, x2b)                                                                   \
	(MAJ(8) | U(za) << 36 | U(1) << 34 | U(zb) << 33 | U(x4) << 29 | U(x2b) << 27)
/* I1-I9: major 7, za 36, x2a 34..35, zb 33, ve 32 = 0, x2c 30..31, x2b 28..29. */
#define I7X(za, x2a, zb, x2c, x2b)                                                             \
	(MAJ(7) | U(za) << 36 | U(x2a) << 34 | U(zb) << 33 | U(x2c) << 30 | U(x2b) << 28)
/* I29: major 0, x3 33..35 = 0, x6 27..32. */
#define I29X(x6) (U(x6) << 27)

#define PADDS(n, za, zb)                                                                       \
	{"padd" #n, A9, A9X(za, zb, 0, 0), R_PADD, n, SAT_NONE},                               \
	    {"psub" #n, A9, A9X(za, zb, 1, 0), R_PSUB, n, SAT_NONE}
#define PSATS(n, za, zb)                                                                       \
	{"padd" #n ".sss", A9, A9X(za, zb, 0, 1), R_PADD, n, SAT_SSS},                         \
	    {"padd" #n ".uuu", A9, A9X(za, zb, 0, 2), R_PADD, n, SAT_UUU},                     \
	    {"padd" #n ".uus", A9, A9X(za, zb, 0, 3), R_PADD, n, SAT_UUS},                     \
	    {"psub" #n ".sss", A9, A9X(za, zb, 1, 1), R_PSUB, n, SAT_SSS},                     \
	    {"psub" #n ".uuu", A9, A9X(za, zb, 1, 2), R_PSUB, n, SAT_UUU},                     \
	    {"psub" #n ".uus", A9, A9X(za, zb, 1, 3), R_PSUB, n, SAT_UUS},                     \
	    {"pavg" #n, A9, A9X(za, zb, 2, 2), R_PAVG, n, 0},                                  \
	    {"pavg" #n ".raz", A9, A9X(za, zb, 2, 3), R_PAVGRAZ, n, 0},                        \
	    {"pavgsub" #n, A9, A9X(za, zb, 3, 2), R_PAVGSUB, n, 0}
#define PCMPS(n, za, zb)                                                                       \
	{"pcmp" #n ".eq", A9, A9X(za, zb, 9, 0), R_PCMPEQ, n, 0},                              \
	    {"pcmp" #n ".gt", A9, A9X(za, zb, 9, 1), R_PCMPGT, n, 0}

static const struct form forms[] = {
    PADDS(1, 0, 0), PSATS(1, 0, 0), PCMPS(1, 0, 0),
    PADDS(2, 0, 1), PSATS(2, 0, 1), PCMPS(2, 0, 1),
    PADDS(4, 1, 0), PCMPS(4, 1, 0),
    {"pshladd2", A10, A9X(0, 1, 4, 0), R_PSHLADD, 2, 0},
    {"pshradd2", A10, A9X(0, 1, 6, 0), R_PSHRADD, 2, 0},
    {"pmpyshr2", I1, I7X(0, 0, 1, 0, 3), R_PMPYSHR, 2, 0},
    {"pmpyshr2.u", I1, I7X(0, 0, 1, 0, 1), R_PMPYSHRU, 2, 0},
    {"pmpy2.r", I2, I7X(0, 2, 1, 3, 1), R_PMPYR, 2, 0},
    {"pmpy2.l", I2, I7X(0, 2, 1, 3, 3), R_PMPYL, 2, 0},
    {"mix1.r", I2, I7X(0, 2, 0, 2, 0), R_MIXR, 1, 0},
    {"mix1.l", I2, I7X(0, 2, 0, 2, 2), R_MIXL, 1, 0},
    {"mix2.r", I2, I7X(0, 2, 1, 2, 0), R_MIXR, 2, 0},
    {"mix2.l", I2, I7X(0, 2, 1, 2, 2), R_MIXL, 2, 0},
    {"mix4.r", I2, I7X(1, 2, 0, 2, 0), R_MIXR, 4, 0},
    {"mix4.l", I2, I7X(1, 2, 0, 2, 2), R_MIXL, 4, 0},
    {"pack2.uss", I2, I7X(0, 2, 1, 0, 0), R_PACKUSS, 2, 0},
    {"pack2.sss", I2, I7X(0, 2, 1, 0, 2), R_PACKSSS, 2, 0},
    {"pack4.sss", I2, I7X(1, 2, 0, 0, 2), R_PACKSSS, 4, 0},
    {"unpack1.h", I2, I7X(0, 2, 0, 1, 0), R_UNPACKH, 1, 0},
    {"unpack1.l", I2, I7X(0, 2, 0, 1, 2), R_UNPACKL, 1, 0},
    {"unpack2.h", I2, I7X(0, 2, 1, 1, 0), R_UNPACKH, 2, 0},
    {"unpack2.l", I2, I7X(0, 2, 1, 1, 2), R_UNPACKL, 2, 0},
    {"unpack4.h", I2, I7X(1, 2, 0, 1, 0), R_UNPACKH, 4, 0},
    {"unpack4.l", I2, I7X(1, 2, 0, 1, 2), R_UNPACKL, 4, 0},
    {"pmin1.u", I2, I7X(0, 2, 0, 0, 1), R_PMINU, 1, 0},
    {"pmax1.u", I2, I7X(0, 2, 0, 1, 1), R_PMAXU, 1, 0},
    {"pmin2", I2, I7X(0, 2, 1, 0, 3), R_PMIN, 2, 0},
    {"pmax2", I2, I7X(0, 2, 1, 1, 3), R_PMAX, 2, 0},
    {"psad1", I2, I7X(0, 2, 0, 2, 3), R_PSAD, 1, 0},
    {"mpy4", I2, I7X(1, 0, 0, 3, 1), R_FAULT, 4, 0},
    {"mpyshl4", I2, I7X(1, 0, 0, 3, 3), R_FAULT, 4, 0},
    {"mux1", I3, I7X(0, 3, 0, 2, 2), R_MUX1, 1, 0},
    {"mux2", I4, I7X(0, 3, 1, 2, 2), R_MUX2, 2, 0},
    {"pshr2", I5, I7X(0, 0, 1, 0, 2), R_PSHR, 2, 0},
    {"pshr2.u", I5, I7X(0, 0, 1, 0, 0), R_PSHRU, 2, 0},
    {"pshr4", I5, I7X(1, 0, 0, 0, 2), R_PSHR, 4, 0},
    {"pshr4.u", I5, I7X(1, 0, 0, 0, 0), R_PSHRU, 4, 0},
    {"shr", I5, I7X(1, 0, 1, 0, 2), R_PSHR, 8, 0},
    {"shr.u", I5, I7X(1, 0, 1, 0, 0), R_PSHRU, 8, 0},
    {"pshr2", I6, I7X(0, 1, 1, 0, 3), R_PSHR, 2, 0},
    {"pshr2.u", I6, I7X(0, 1, 1, 0, 1), R_PSHRU, 2, 0},
    {"pshr4", I6, I7X(1, 1, 0, 0, 3), R_PSHR, 4, 0},
    {"pshr4.u", I6, I7X(1, 1, 0, 0, 1), R_PSHRU, 4, 0},
    {"pshl2", I7, I7X(0, 0, 1, 1, 0), R_PSHL, 2, 0},
    {"pshl4", I7, I7X(1, 0, 0, 1, 0), R_PSHL, 4, 0},
    {"shl", I7, I7X(1, 0, 1, 1, 0), R_PSHL, 8, 0},
    {"pshl2", I8, I7X(0, 3, 1, 1, 1), R_PSHL, 2, 0},
    {"pshl4", I8, I7X(1, 3, 0, 1, 1), R_PSHL, 4, 0},
    {"popcnt", I9, I7X(0, 1, 1, 2, 1), R_POPCNT, 8, 0},
    {"clz", I9, I7X(0, 1, 1, 3, 1), R_CLZ, 8, 0},
    {"czx1.l", I29, I29X(0x18), R_CZXL, 1, 0},
    {"czx2.l", I29, I29X(0x19), R_CZXL, 2, 0},
    {"czx1.r", I29, I29X(0x1c), R_CZXR, 1, 0},
    {"czx2.r", I29, I29X(0x1d), R_CZXR, 2, 0},
};
/* clang-format on */
#define NFORMS (sizeof(forms) / sizeof(forms[0]))

static const char *const mbtype_name[16] = {
    [0] = "@brcst", [8] = "@mix", [9] = "@shuf", [10] = "@alt", [11] = "@rev"};

/* The immediates a form takes (SDM: count2 1-3, ct2d 0/7/15/16, mbtype4,
 * mhtype8, count5); forms without one have the single value 0. */
static unsigned imm_values(enum fmt f, unsigned *v)
{
	unsigned n = 0;
	switch (f) {
	case A10:
		for (unsigned i = 1; i <= 3; i++)
			v[n++] = i;
		break;
	case I1:
		v[n++] = 0, v[n++] = 7, v[n++] = 15, v[n++] = 16;
		break;
	case I3:
		for (unsigned i = 0; i < 16; i++)
			if (mbtype_name[i])
				v[n++] = i;
		break;
	case I4:
		for (unsigned i = 0; i < 256; i++)
			v[n++] = i;
		break;
	case I6:
	case I8:
		for (unsigned i = 0; i < 32; i++)
			v[n++] = i;
		break;
	default:
		v[n++] = 0;
		break;
	}
	return n;
}

static bool reads_r2(enum fmt f)
{
	return f != I6 && f != I9 && f != I29;
}

static bool reads_r3(enum fmt f)
{
	return f != I3 && f != I4 && f != I8;
}

/* The slot: opcode fields, then r1 6..12, r2 13..19, r3 20..26 and the
 * immediate where the format keeps it. */
static uint64_t encode(const struct form *f, unsigned r1, unsigned r2, unsigned r3, unsigned imm)
{
	uint64_t b = f->bits | U(r1) << 6;
	if (reads_r2(f->fmt))
		b |= U(r2) << 13;
	if (reads_r3(f->fmt))
		b |= U(r3) << 20;
	switch (f->fmt) {
	case A10:
		b |= U(imm - 1) << 27; /* count2 - 1 in x2b */
		break;
	case I1:
		b |= U(imm == 0 ? 0 : imm == 7 ? 1 : imm == 15 ? 2 : 3) << 30; /* ct2d */
		break;
	case I3:
		b |= U(imm & 0xf) << 20;
		break;
	case I4:
		b |= U(imm & 0xff) << 20;
		break;
	case I6:
		b |= U(imm & 0x1f) << 14;
		break;
	case I8:
		b |= U(31 - (imm & 0x1f)) << 20; /* ccount5c = 31 - count5 */
		break;
	default:
		break;
	}
	return b;
}

static void asm_text(char *buf, size_t len, const struct form *f, unsigned r1, unsigned r2,
		     unsigned r3, unsigned imm)
{
	switch (f->fmt) {
	case A10:
		snprintf(buf, len, "%s r%u=r%u,%u,r%u", f->name, r1, r2, imm, r3);
		break;
	case I1:
		snprintf(buf, len, "%s r%u=r%u,r%u,%u", f->name, r1, r2, r3, imm);
		break;
	case I3:
		snprintf(buf, len, "%s r%u=r%u,%s", f->name, r1, r2, mbtype_name[imm]);
		break;
	case I4:
		snprintf(buf, len, "%s r%u=r%u,0x%x", f->name, r1, r2, imm);
		break;
	case I5:
		snprintf(buf, len, "%s r%u=r%u,r%u", f->name, r1, r3, r2);
		break;
	case I6:
		snprintf(buf, len, "%s r%u=r%u,%u", f->name, r1, r3, imm);
		break;
	case I8:
		snprintf(buf, len, "%s r%u=r%u,%u", f->name, r1, r2, imm);
		break;
	case I9:
	case I29:
		snprintf(buf, len, "%s r%u=r%u", f->name, r1, r3);
		break;
	default:
		snprintf(buf, len, "%s r%u=r%u,r%u", f->name, r1, r2, r3);
		break;
	}
}

/* ---- the reference (SDM vol 3 instruction pages) -------------------------------------- */

static uint64_t field(uint64_t v, unsigned lo, unsigned len)
{
	return len >= 64 ? v : (v >> lo) & ((U(1) << len) - 1);
}

static int64_t sign_ext(uint64_t v, unsigned bits)
{
	return (v >> (bits - 1)) & 1 ? (int64_t)(v | ~((U(1) << (bits - 1) << 1) - 1)) : (int64_t)v;
}

/* x[i] = GR{bits*i+bits-1 : bits*i} for every element. */
static unsigned elements(uint64_t gr, unsigned bits, uint64_t *x)
{
	unsigned n = 64 / bits;
	for (unsigned i = 0; i < n; i++)
		x[i] = field(gr, bits * i, bits);
	return n;
}

/* concatenate(t[n-1], ..., t[0]), each element truncated to its width. */
static uint64_t concatenate(const int64_t *t, unsigned n, unsigned bits)
{
	uint64_t r = 0;
	for (unsigned i = n; i-- > 0;)
		r = (bits >= 64 ? 0 : r << bits) | field((uint64_t)t[i], 0, bits);
	return r;
}

/* Floor division by 2^count, count <= 64. */
static int64_t shift_right_signed(int64_t v, unsigned count)
{
	__int128 d = (__int128)1 << count, q = v / d;
	if (v % d != 0 && v < 0)
		q -= 1;
	return (int64_t)q;
}

static uint64_t ref(const struct form *f, unsigned imm, uint64_t g2, uint64_t g3)
{
	const unsigned bits = f->size * 8;
	uint64_t x[8], y[8];
	int64_t t[8];
	unsigned n = elements(g2, bits, x);
	elements(g3, bits, y);
	const int64_t smax = (int64_t)((U(1) << (bits - 1)) - 1), smin = -smax - 1;
	const int64_t umax = (int64_t)((U(1) << (bits - 1) << 1) - 1);

	switch (f->ref) {
	case R_PADD:
	case R_PSUB:
		for (unsigned i = 0; i < n; i++) {
			int64_t a, b, max = umax, min = 0;
			if (f->sat == SAT_SSS) {
				a = sign_ext(x[i], bits), b = sign_ext(y[i], bits);
				max = smax, min = smin;
			} else if (f->sat == SAT_UUS) {
				a = (int64_t)x[i], b = sign_ext(y[i], bits);
			} else {
				a = (int64_t)x[i], b = (int64_t)y[i];
			}
			t[i] = f->ref == R_PADD ? a + b : a - b;
			if (f->sat != SAT_NONE)
				t[i] = t[i] > max ? max : t[i] < min ? min : t[i];
		}
		return concatenate(t, n, bits);
	case R_PAVG:
	case R_PAVGRAZ:
		for (unsigned i = 0; i < n; i++) {
			int64_t s = (int64_t)(x[i] + y[i]);
			if (f->ref == R_PAVGRAZ)
				t[i] = (s + 1) >> 1;
			else
				t[i] = (s >> 1) | (s & 1);
		}
		return concatenate(t, n, bits);
	case R_PAVGSUB:
		for (unsigned i = 0; i < n; i++) {
			/* the difference as a (bits + 1)-bit two's complement value */
			uint64_t d = field(x[i] - y[i], 0, bits + 1);
			t[i] = (int64_t)((d >> 1) | (d & 1));
		}
		return concatenate(t, n, bits);
	case R_PCMPEQ:
	case R_PCMPGT:
		for (unsigned i = 0; i < n; i++) {
			bool c = f->ref == R_PCMPEQ ? x[i] == y[i]
						    : sign_ext(x[i], bits) > sign_ext(y[i], bits);
			t[i] = c ? -1 : 0;
		}
		return concatenate(t, n, bits);
	case R_PSHLADD:
		for (unsigned i = 0; i < 4; i++) {
			int64_t s = sign_ext(x[i], 16) * (1 << imm);
			if (s > smax)
				t[i] = smax;
			else if (s < smin)
				t[i] = smin;
			else {
				s += sign_ext(y[i], 16);
				t[i] = s > smax ? smax : s < smin ? smin : s;
			}
		}
		return concatenate(t, 4, 16);
	case R_PSHRADD:
		for (unsigned i = 0; i < 4; i++) {
			int64_t s =
			    shift_right_signed(sign_ext(x[i], 16), imm) + sign_ext(y[i], 16);
			t[i] = s > smax ? smax : s < smin ? smin : s;
		}
		return concatenate(t, 4, 16);
	case R_PMPYSHR:
	case R_PMPYSHRU:
		for (unsigned i = 0; i < 4; i++) {
			int64_t p = f->ref == R_PMPYSHRU ? (int64_t)(x[i] * y[i])
							 : sign_ext(x[i], 16) * sign_ext(y[i], 16);
			t[i] = (int64_t)field((uint64_t)p, imm, 16); /* temp{count+15:count} */
		}
		return concatenate(t, 4, 16);
	case R_PMPYR:
	case R_PMPYL: {
		unsigned k = f->ref == R_PMPYL; /* .l: elements 1 and 3 */
		t[0] = sign_ext(x[k], 16) * sign_ext(y[k], 16);
		t[1] = sign_ext(x[k + 2], 16) * sign_ext(y[k + 2], 16);
		return concatenate(t, 2, 32);
	}
	case R_MIXL:
	case R_MIXR:
		/* left: concatenate(x[n-1], y[n-1], x[n-3], y[n-3], ...); right one lower */
		for (unsigned i = 0; i < n; i += 2) {
			unsigned s = f->ref == R_MIXL ? i + 1 : i;
			t[i + 1] = (int64_t)x[s];
			t[i] = (int64_t)y[s];
		}
		return concatenate(t, n, bits);
	case R_PACKSSS:
	case R_PACKUSS: {
		unsigned h = bits / 2;
		int64_t max = f->ref == R_PACKSSS ? (int64_t)((U(1) << (h - 1)) - 1)
						  : (int64_t)((U(1) << h) - 1);
		int64_t min = f->ref == R_PACKSSS ? -max - 1 : 0;
		for (unsigned i = 0; i < n; i++) {
			t[i] = sign_ext(x[i], bits);
			t[i + n] = sign_ext(y[i], bits);
		}
		for (unsigned i = 0; i < 2 * n; i++)
			t[i] = t[i] > max ? max : t[i] < min ? min : t[i];
		return concatenate(t, 2 * n, h);
	}
	case R_UNPACKH:
	case R_UNPACKL:
		/* high: concatenate(x[n-1], y[n-1], x[n-2], y[n-2], ...) */
		for (unsigned i = 0; i < n / 2; i++) {
			unsigned s = (f->ref == R_UNPACKH ? n / 2 : 0) + i;
			t[2 * i + 1] = (int64_t)x[s];
			t[2 * i] = (int64_t)y[s];
		}
		return concatenate(t, n, bits);
	case R_PMIN:
	case R_PMINU:
	case R_PMAX:
	case R_PMAXU:
		for (unsigned i = 0; i < n; i++) {
			bool uns = f->ref == R_PMINU || f->ref == R_PMAXU;
			int64_t a = uns ? (int64_t)x[i] : sign_ext(x[i], bits);
			int64_t b = uns ? (int64_t)y[i] : sign_ext(y[i], bits);
			if (f->ref == R_PMIN || f->ref == R_PMINU)
				t[i] = a < b ? a : b;
			else
				t[i] = a > b ? a : b;
		}
		return concatenate(t, n, bits);
	case R_PSAD: {
		uint64_t sum = 0;
		for (unsigned i = 0; i < 8; i++)
			sum += x[i] > y[i] ? x[i] - y[i] : y[i] - x[i];
		return sum;
	}
	case R_MUX1: {
		/* the orders of concatenate8(), most significant byte first */
		static const uint8_t order[16][8] = {
		    [0x0] = {0, 0, 0, 0, 0, 0, 0, 0}, /* @brcst */
		    [0x8] = {7, 3, 5, 1, 6, 2, 4, 0}, /* @mix */
		    [0x9] = {7, 3, 6, 2, 5, 1, 4, 0}, /* @shuf */
		    [0xa] = {7, 5, 3, 1, 6, 4, 2, 0}, /* @alt */
		    [0xb] = {0, 1, 2, 3, 4, 5, 6, 7}, /* @rev */
		};
		for (unsigned i = 0; i < 8; i++)
			t[7 - i] = (int64_t)x[order[imm][i]];
		return concatenate(t, 8, 8);
	}
	case R_MUX2:
		for (unsigned i = 0; i < 4; i++)
			t[i] = (int64_t)x[field(imm, 2 * i, 2)];
		return concatenate(t, 4, 16);
	case R_PSHR:
	case R_PSHRU:
	case R_PSHL: {
		/* the value shifted is GR[r3] (pshr) or GR[r2] (pshl); the count is
		 * GR[r2], GR[r3] or count5; counts above the width act as the width */
		uint64_t v = f->ref == R_PSHL ? g2 : g3;
		uint64_t count = f->fmt == I5 ? g2 : f->fmt == I7 ? g3 : imm;
		if (count > bits)
			count = bits;
		n = elements(v, bits, x);
		for (unsigned i = 0; i < n; i++) {
			if (f->ref == R_PSHR)
				t[i] = shift_right_signed(sign_ext(x[i], bits), (unsigned)count);
			else if (f->ref == R_PSHRU)
				t[i] = (int64_t)(uint64_t)((unsigned __int128)x[i] >> count);
			else
				t[i] = (int64_t)(uint64_t)((unsigned __int128)x[i] << count);
		}
		return concatenate(t, n, bits);
	}
	case R_POPCNT: {
		uint64_t c = 0;
		for (unsigned i = 0; i < 64; i++)
			c += field(g3, i, 1);
		return c;
	}
	case R_CLZ: {
		uint64_t c = 0;
		for (unsigned i = 64; i-- > 0 && !field(g3, i, 1);)
			c++;
		return c;
	}
	case R_CZXL:
	case R_CZXR:
		/* the if-chain: the first zero element from the named end */
		n = elements(g3, bits, y);
		for (unsigned k = 0; k < n; k++)
			if (y[f->ref == R_CZXR ? k : n - 1 - k] == 0)
				return k;
		return n;
	case R_FAULT:
		break;
	}
	return 0;
}

/* ---- the machine ---------------------------------------------------------------------- */

#define NSTACKED 96
static uint64_t stacked[NSTACKED];
static uint8_t stacked_nat[NSTACKED];

static void cpu_reset(struct cpu *c)
{
	memset(c, 0, sizeof(*c));
	memset(stacked, 0, sizeof(stacked));
	memset(stacked_nat, 0, sizeof(stacked_nat));
	c->stacked = stacked;
	c->stacked_nat = stacked_nat;
	c->config.stacked_regs = NSTACKED;
}

#ifdef MM_VIA_ENGINE
/* One bundle at ONE_BUNDLE_VA: { nop.m; the instruction; nop.i } (template MII,
 * where an I or A unit instruction can sit in slot 1), run for two
 * instructions on an engine cpu that takes over the bare cpu's registers. */
#include "cpu/one_bundle.h"
#define NOP_MI (U(1) << 27)

static bool exec_mm(struct cpu *c, const struct ia64_insn *in, struct cpu_exit *out)
{
	static struct cpu e;
	static bool ready;
	if (!ready) {
		struct cpu_config cfg = {.stacked_regs = NSTACKED};
		if (cpu_init(&e, &cfg, &one_bundle_ops, NULL)) {
			printf("Bail out! cpu_init failed\n");
			exit(1);
		}
		ready = true;
	}
	one_bundle_put(0, NOP_MI, in->opc ? in->bits : 0, NOP_MI); /* MII */
	memcpy(e.gr, c->gr, sizeof(e.gr));
	e.gr_nat = c->gr_nat;
	memcpy(e.stacked, c->stacked, NSTACKED * sizeof(*e.stacked));
	memcpy(e.stacked_nat, c->stacked_nat, NSTACKED);
	e.bof = c->bof;
	e.cfm = c->cfm;
	e.ip = ONE_BUNDLE_VA;
	e.slot = 0;
	struct cpu_exit x = cpu_run(&e, 2);
	memcpy(c->gr, e.gr, sizeof(e.gr));
	c->gr_nat = e.gr_nat;
	memcpy(c->stacked, e.stacked, NSTACKED * sizeof(*e.stacked));
	memcpy(c->stacked_nat, e.stacked_nat, NSTACKED);
	if (x.kind == CPU_EXIT_BUDGET && e.ip == ONE_BUNDLE_VA && e.slot == 2)
		return false;
	*out = x;
	if (x.kind == CPU_EXIT_FAULT && (e.ip != ONE_BUNDLE_VA || e.slot != 1))
		out->kind = CPU_EXIT_BUDGET; /* stopped elsewhere: not as expected */
	return true;
}
#else
#define exec_mm cpu_exec_mm
#endif

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Operands with many boundary elements: 0, 1, -1, the signed extremes. */
static uint64_t operand(void)
{
	if (rnd() % 4 == 0)
		return rnd();
	unsigned bits = 8u << (rnd() % 3);
	uint64_t v = 0, m = (U(1) << bits) - 1;
	for (unsigned i = 0; i < 64; i += bits) {
		uint64_t e;
		switch (rnd() % 8) {
		case 0:
			e = 0;
			break;
		case 1:
			e = 1;
			break;
		case 2:
			e = m;
			break;
		case 3:
			e = m >> 1;
			break;
		case 4:
			e = (m >> 1) + 1;
			break;
		case 5:
			e = rnd() % 32;
			break;
		default:
			e = rnd();
			break;
		}
		v |= (e & m) << i;
	}
	return v;
}

/* A count for the register forms of pshr/pshl/shr/shl: around the widths. */
static uint64_t count_operand(void)
{
	switch (rnd() % 4) {
	case 0:
		return rnd();
	case 1:
		return rnd() % 70;
	default:
		return rnd() % 18;
	}
}

static bool decode(uint64_t bits, const char *name, struct ia64_insn *in)
{
	return ia64_decode_slot(IA64_ST_I, bits, 0, in) && in->opc && !strcmp(in->opc->name, name);
}

/* Run one instruction on random static registers; 0 if all is as the
 * reference says, else print a diagnostic and return -1. */
static int run_one(const struct form *f, const struct ia64_insn *in, unsigned r1, unsigned r2,
		   unsigned r3, unsigned imm, uint64_t v2, uint64_t v3, bool nat2, bool nat3)
{
	struct cpu c;
	cpu_reset(&c);
	for (unsigned r = 1; r < 32; r++)
		c.gr[r] = rnd();
	c.gr_nat = rnd() & ~U(1);
	if (r2) {
		c.gr[r2] = v2;
		c.gr_nat = (c.gr_nat & ~(U(1) << r2)) | U(nat2) << r2;
	}
	if (r3) {
		c.gr[r3] = v3;
		c.gr_nat = (c.gr_nat & ~(U(1) << r3)) | U(nat3) << r3;
	}
	/* What the sources hold after aliasing (r2 == r3, r0). */
	uint64_t g2 = c.gr[r2], g3 = c.gr[r3];
	bool n2 = reads_r2(f->fmt) && ((c.gr_nat >> r2) & 1);
	bool n3 = reads_r3(f->fmt) && ((c.gr_nat >> r3) & 1);
	if (f->fmt == I6 || f->fmt == I9 || f->fmt == I29)
		g2 = 0;
	if (f->fmt == I3 || f->fmt == I4 || f->fmt == I8)
		g3 = 0;

	uint64_t before[32], nat_before = c.gr_nat;
	memcpy(before, c.gr, sizeof(before));
	struct cpu_exit ex;
	memset(&ex, 0xa5, sizeof(ex));
	bool exited = exec_mm(&c, in, &ex);
	char text[96];
	asm_text(text, sizeof(text), f, r1, r2, r3, imm);

	if (f->ref == R_FAULT) {
		if (!exited || ex.kind != CPU_EXIT_FAULT || ex.fault != CPU_FAULT_ILLEGAL_OP ||
		    memcmp(before, c.gr, sizeof(before)) || c.gr_nat != nat_before) {
			printf("# %s: expected an Illegal Operation fault, registers unchanged\n",
			       text);
			return -1;
		}
		return 0;
	}
	uint64_t want = ref(f, imm, g2, g3);
	bool want_nat = n2 || n3;
	before[r1] = want;
	uint64_t want_nats = (nat_before & ~(U(1) << r1)) | U(want_nat) << r1;
	if (exited || memcmp(before, c.gr, sizeof(before)) || c.gr_nat != want_nats) {
		printf("# %s with r2=0x%016llx%s r3=0x%016llx%s: ", text, (unsigned long long)g2,
		       n2 ? "(NaT)" : "", (unsigned long long)g3, n3 ? "(NaT)" : "");
		if (exited)
			printf("exited (kind %d fault %d)\n", ex.kind, ex.fault);
		else
			printf("got 0x%016llx nat %d, want 0x%016llx nat %d%s\n",
			       (unsigned long long)c.gr[r1], (int)((c.gr_nat >> r1) & 1),
			       (unsigned long long)want, want_nat,
			       memcmp(before, c.gr, sizeof(before)) && c.gr[r1] == want
				   ? " (another register changed)"
				   : "");
		return -1;
	}
	return 0;
}

static unsigned reg(void)
{
	return 1 + (unsigned)(rnd() % 31);
}

/* A source register: now and then r0 (reads 0, never NaT). */
static unsigned src_reg(void)
{
	return rnd() % 16 == 0 ? 0 : reg();
}

/* ---- random operands ------------------------------------------------------------------ */

static void test_random(unsigned trials)
{
	for (size_t k = 0; k < NFORMS; k++) {
		const struct form *f = &forms[k];
		unsigned imms[256], nimm = imm_values(f->fmt, imms);
		unsigned per = trials / nimm < 24 ? 24 : trials / nimm;
		unsigned runs = 0, bad = 0;
		bool decoded = true;
		for (unsigned i = 0; i < nimm && bad < 5; i++) {
			for (unsigned t = 0; t < per && bad < 5; t++) {
				unsigned r1 = reg(), r2 = src_reg(), r3 = src_reg();
				struct ia64_insn in;
				if (!decode(encode(f, r1, r2, r3, imms[i]), f->name, &in)) {
					decoded = false;
					bad = 5;
					break;
				}
				uint64_t v2 = f->fmt == I5 ? count_operand() : operand();
				uint64_t v3 = f->fmt == I7 ? count_operand() : operand();
				bool n2 = rnd() % 8 == 0, n3 = rnd() % 8 == 0;
				bad += run_one(f, &in, r1, r2, r3, imms[i], v2, v3, n2, n3) != 0;
				runs++;
			}
		}
		if (!decoded)
			printf("# %s (%s): our encoding does not decode to it\n", f->name,
			       f->fmt == I6 || f->fmt == I8 ? "count5" : "register");
		tap_ok(!bad, "random: %s%s: %u runs", f->name,
		       f->fmt == I6 || f->fmt == I8 ? " (count5)" : "", runs);
	}
}

/* ---- edge cases, computed by hand from the SDM pages ---------------------------------- */

struct edge {
	const char *name;
	enum fmt fmt;
	unsigned imm;
	uint64_t r2, r3, want;
};

static const struct edge edges[] = {
    {"padd1", A9, 0, 0xffffffffffffffff, 0x0101010101010101, 0},
    {"padd4", A9, 0, 0x00000001ffffffff, 0x0000000100000001, 0x0000000200000000},
    {"padd1.sss", A9, 0, 0x7f807f8001ff40c0, 0x01ff7f8001ff40c0, 0x7f807f8002fe7f80},
    {"padd1.uuu", A9, 0, 0x7f807f8001ff40c0, 0x01ff7f8001ff40c0, 0x80fffeff02ff80ff},
    {"padd1.uus", A9, 0, 0x7f807f8001ff40c0, 0x01ff7f8001ff40c0, 0x807ffe0002fe8080},
    {"psub1.uus", A9, 0, 0x101000ff80000000, 0xf02001807f000000, 0x200000ff01000000},
    {"psub2.sss", A9, 0, 0x80007fff00000001, 0x0001ffff80000002, 0x80007fff7fffffff},
    {"psub2.uuu", A9, 0, 0x80007fff00000001, 0x0001ffff80000002, 0x7fff000000000000},
    {"pavg1", A9, 0, 0x01010201ff0000fe, 0x02040402ff0001ff, 0x01030301ff0001ff},
    {"pavg1.raz", A9, 0, 0x01010201ff0000fe, 0x02040402ff0001ff, 0x02030302ff0001ff},
    {"pavgsub1", A9, 0, 0x0105ffff08080800, 0x05010100020100ff, 0xfe027f7f03030481},
    {"pavgsub2", A9, 0, 0x0000ffff00018000, 0xffff000000020000, 0x80017fffffff4000},
    {"pcmp1.eq", A9, 0, 0x0011223344556677, 0x0011003344006677, 0xffff00ffff00ffff},
    {"pcmp1.gt", A9, 0, 0x7f800001ff001010, 0x807fff0000ff100f, 0xff00ffff00ff00ff},
    {"pcmp2.eq", A9, 0, 0x12340000ffff5678, 0x12340001ffff5679, 0xffff0000ffff0000},
    {"pcmp4.gt", A9, 0, 0x8000000000000001, 0x7fffffff00000000, 0x00000000ffffffff},
    /* the shifted element saturates alone: 0x4000 << 1 gives 0x7fff even with
     * r3 = -32768; 0xbfff << 1 gives 0x8000 before adding 1 */
    {"pshladd2", A10, 1, 0x4000c0001000bfff, 0x80007fff70000001, 0x7fffffff7fff8000},
    {"pshradd2", A10, 3, 0x8000ffff00107fff, 0x800000017ffe0000, 0x800000007fff0fff},
    {"pmpyshr2", I1, 16, 0x80007fffffff0002, 0x80007fffffff0003, 0x40003fff00000000},
    {"pmpyshr2", I1, 15, 0x80007fffffff0002, 0x80007fffffff0003, 0x80007ffe00000000},
    {"pmpyshr2", I1, 7, 0x000000000000ff00, 0x0000000000000100, 0x000000000000fe00},
    {"pmpyshr2.u", I1, 0, 0xffffffff00028000, 0xffff000200030002, 0x0001fffe00060000},
    {"pmpyshr2.u", I1, 16, 0xffffffff00028000, 0xffff000200030002, 0xfffe000100000001},
    {"pmpy2.r", I2, 0, 0x0003000400050006, 0x000700020008ffff, 0x00000008fffffffa},
    {"pmpy2.l", I2, 0, 0x0003000400050006, 0x000700020008ffff, 0x0000001500000028},
    {"mix1.l", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa7b7a5b5a3b3a1b1},
    {"mix1.r", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa6b6a4b4a2b2a0b0},
    {"mix2.l", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa7a6b7b6a3a2b3b2},
    {"mix2.r", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa5a4b5b4a1a0b1b0},
    {"mix4.l", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa7a6a5a4b7b6b5b4},
    {"mix4.r", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa3a2a1a0b3b2b1b0},
    {"unpack1.h", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa7b7a6b6a5b5a4b4},
    {"unpack1.l", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa3b3a2b2a1b1a0b0},
    {"unpack2.h", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa7a6b7b6a5a4b5b4},
    {"unpack2.l", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa3a2b3b2a1a0b1b0},
    {"unpack4.h", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa7a6a5a4b7b6b5b4},
    {"unpack4.l", I2, 0, 0xa7a6a5a4a3a2a1a0, 0xb7b6b5b4b3b2b1b0, 0xa3a2a1a0b3b2b1b0},
    {"pack2.sss", I2, 0, 0x0080ff7f7fff8000, 0x0001ffff007fff80, 0x01ff7f807f807f80},
    {"pack2.uss", I2, 0, 0x0080ff7f7fff8000, 0x0001ffff007fff80, 0x01007f008000ff00},
    {"pack4.sss", I2, 0, 0x00008000ffff7fff, 0xffffffff00001234, 0xffff12347fff8000},
    {"pmin1.u", I2, 0, 0x00ff7f8001020304, 0xff007f7f02010403, 0x00007f7f01010303},
    {"pmax1.u", I2, 0, 0x00ff7f8001020304, 0xff007f7f02010403, 0xffff7f8002020404},
    {"pmin2", I2, 0, 0x80007fff0001ffff, 0x7fff8000ffff0001, 0x80008000ffffffff},
    {"pmax2", I2, 0, 0x80007fff0001ffff, 0x7fff8000ffff0001, 0x7fff7fff00010001},
    {"psad1", I2, 0, 0x00ff00ff00ff00ff, 0xff00ff00ff00ff00, 2040},
    {"psad1", I2, 0, 0x0102030405060708, 0x0807060504030201, 32},
    {"mux1", I3, 0x0, 0x8877665544332211, 0, 0x1111111111111111},
    {"mux1", I3, 0x8, 0x8877665544332211, 0, 0x8844662277335511},
    {"mux1", I3, 0x9, 0x8877665544332211, 0, 0x8844773366225511},
    {"mux1", I3, 0xa, 0x8877665544332211, 0, 0x8866442277553311},
    {"mux1", I3, 0xb, 0x8877665544332211, 0, 0x1122334455667788},
    {"mux2", I4, 0x1b, 0x4444333322221111, 0, 0x1111222233334444},
    {"mux2", I4, 0xe4, 0x4444333322221111, 0, 0x4444333322221111},
    {"mux2", I4, 0x00, 0x4444333322221111, 0, 0x1111111111111111},
    {"mux2", I4, 0xff, 0x4444333322221111, 0, 0x4444444444444444},
    {"mux2", I4, 0x4e, 0x4444333322221111, 0, 0x2222111144443333},
    /* I5: r2 is the count, r3 the value */
    {"pshr2", I5, 0, 4, 0x80007fffff000100, 0xf80007fffff00010},
    {"pshr2", I5, 0, 8, 0x80007fffff000100, 0xff80007fffff0001},
    {"pshr2", I5, 0, 15, 0x80007fffff000100, 0xffff0000ffff0000},
    {"pshr2", I5, 0, 16, 0x80007fffff000100, 0xffff0000ffff0000},
    {"pshr2", I5, 0, 0xffffffffffffffff, 0x80007fffff000100, 0xffff0000ffff0000},
    {"pshr2.u", I5, 0, 4, 0x80007fffff000100, 0x080007ff0ff00010},
    {"pshr2.u", I5, 0, 16, 0x80007fffff000100, 0},
    {"pshr2.u", I5, 0, U(1) << 40, 0x80007fffff000100, 0},
    {"pshr4", I5, 0, 31, 0x800000007fffffff, 0xffffffff00000000},
    {"pshr4", I5, 0, 32, 0x800000007fffffff, 0xffffffff00000000},
    {"pshr4.u", I5, 0, 31, 0x800000007fffffff, 0x0000000100000000},
    {"shr", I5, 0, 63, 0x8000000000000000, 0xffffffffffffffff},
    {"shr", I5, 0, 64, 0x8000000000000000, 0xffffffffffffffff},
    {"shr", I5, 0, 1000, 0x8000000000000000, 0xffffffffffffffff},
    {"shr", I5, 0, 4, 0x7000000000000000, 0x0700000000000000},
    {"shr.u", I5, 0, 63, 0x8000000000000000, 1},
    {"shr.u", I5, 0, 64, 0x8000000000000000, 0},
    {"pshr2", I6, 31, 0, 0x80000001ffff7fff, 0xffff0000ffff0000},
    {"pshr2.u", I6, 16, 0, 0x80000001ffff7fff, 0},
    {"pshr4", I6, 4, 0, 0x8000000070000000, 0xf800000007000000},
    /* I7: r2 is the value, r3 the count */
    {"pshl2", I7, 0, 0x80017fff0001ffff, 1, 0x0002fffe0002fffe},
    {"pshl2", I7, 0, 0x80017fff0001ffff, 15, 0x8000800080008000},
    {"pshl2", I7, 0, 0x80017fff0001ffff, 16, 0},
    {"pshl4", I7, 0, 0x0000000300000001, 31, 0x8000000080000000},
    {"pshl4", I7, 0, 0x0000000300000001, 32, 0},
    {"shl", I7, 0, 1, 63, 0x8000000000000000},
    {"shl", I7, 0, 1, 64, 0},
    {"shl", I7, 0, 1, 0x8000000000000000, 0},
    {"pshl2", I8, 8, 0x123456789abcdef0, 0, 0x34007800bc00f000},
    {"pshl2", I8, 31, 0x123456789abcdef0, 0, 0},
    {"pshl4", I8, 16, 0x123456789abcdef0, 0, 0x56780000def00000},
    {"popcnt", I9, 0, 0, 0xffffffffffffffff, 64},
    {"popcnt", I9, 0, 0, 0, 0},
    {"popcnt", I9, 0, 0, 0x8000000000000001, 2},
    {"clz", I9, 0, 0, 0, 64},
    {"clz", I9, 0, 0, 1, 63},
    {"clz", I9, 0, 0, 0x8000000000000000, 0},
    {"clz", I9, 0, 0, 0x00000000ffffffff, 32},
    {"czx1.l", I29, 0, 0, 0x0011223344556677, 0},
    {"czx1.l", I29, 0, 0, 0x1100223344556677, 1},
    {"czx1.l", I29, 0, 0, 0x1111111111111100, 7},
    {"czx1.l", I29, 0, 0, 0x1111111111111111, 8},
    {"czx1.r", I29, 0, 0, 0x0011223344556677, 7},
    {"czx1.r", I29, 0, 0, 0x1111111111111100, 0},
    {"czx1.r", I29, 0, 0, 0x1111111111110011, 1},
    {"czx1.r", I29, 0, 0, 0x1111111111111111, 8},
    {"czx2.l", I29, 0, 0, 0x1111000011111111, 1},
    {"czx2.l", I29, 0, 0, 0, 0},
    {"czx2.l", I29, 0, 0, 0x1111111111110000, 3},
    {"czx2.l", I29, 0, 0, 0x0001000100010001, 4},
    {"czx2.r", I29, 0, 0, 0x1111000011111111, 2},
    {"czx2.r", I29, 0, 0, 0x0000111111111111, 3},
    {"czx2.r", I29, 0, 0, 0x0001000100010001, 4},
    {"czx2.r", I29, 0, 0, 0x1111111111110000, 0},
};

static const struct form *find_form(const char *name, enum fmt fmt)
{
	for (size_t k = 0; k < NFORMS; k++)
		if (forms[k].fmt == fmt && !strcmp(forms[k].name, name))
			return &forms[k];
	return NULL;
}

static void test_edges(void)
{
	for (size_t k = 0; k < sizeof(edges) / sizeof(edges[0]); k++) {
		const struct edge *e = &edges[k];
		const struct form *f = find_form(e->name, e->fmt);
		struct ia64_insn in;
		char text[96];
		if (!f || !decode(encode(f, 4, 5, 6, e->imm), e->name, &in)) {
			tap_ok(0, "edge: %s: no such form", e->name);
			continue;
		}
		asm_text(text, sizeof(text), f, 4, 5, 6, e->imm);
		uint64_t r = ref(f, e->imm, e->r2, e->r3);
		struct cpu c;
		struct cpu_exit ex;
		cpu_reset(&c);
		c.gr[5] = e->r2;
		c.gr[6] = e->r3;
		bool exited = exec_mm(&c, &in, &ex);
		int ok = !exited && c.gr[4] == e->want && r == e->want && !(c.gr_nat & (1u << 4));
		tap_ok(ok, "edge: %s with r5=0x%llx r6=0x%llx = 0x%llx", text,
		       (unsigned long long)e->r2, (unsigned long long)e->r3,
		       (unsigned long long)e->want);
		if (!ok)
			printf("#   engine %s0x%llx, reference 0x%llx\n", exited ? "exited, " : "",
			       (unsigned long long)c.gr[4], (unsigned long long)r);
	}
}

/* ---- faults, NaTs, the register frame ------------------------------------------------- */

static bool is_illegal(bool exited, const struct cpu_exit *ex)
{
	return exited && ex->kind == CPU_EXIT_FAULT && ex->fault == CPU_FAULT_ILLEGAL_OP;
}

static void test_faults(void)
{
	struct cpu c;
	struct cpu_exit ex;
	struct ia64_insn in;
	const struct form *padd = find_form("padd2", A9), *pshr = find_form("pshr2", I6);

	/* check_target_register: r1 = r0 */
	cpu_reset(&c);
	c.gr[5] = 1, c.gr[6] = 2;
	decode(encode(padd, 0, 5, 6, 0), "padd2", &in);
	bool exited = exec_mm(&c, &in, &ex);
	tap_ok(is_illegal(exited, &ex) && c.gr[0] == 0 && ex.insn.bits == in.bits,
	       "padd2 r0=r5,r6: Illegal Operation fault");

	/* every form faults the same way on r0 */
	unsigned bad = 0;
	for (size_t k = 0; k < NFORMS; k++) {
		unsigned imms[256];
		imm_values(forms[k].fmt, imms);
		cpu_reset(&c);
		if (!decode(encode(&forms[k], 0, 5, 6, imms[0]), forms[k].name, &in) ||
		    !is_illegal(exec_mm(&c, &in, &ex), &ex)) {
			printf("# %s r0=...: no Illegal Operation fault\n", forms[k].name);
			bad++;
		}
	}
	tap_ok(!bad, "every form with r1 = r0 faults");

	/* a stacked target outside the frame */
	cpu_reset(&c);
	c.cfm.sof = 8;
	decode(encode(padd, 40, 5, 6, 0), "padd2", &in);
	exited = exec_mm(&c, &in, &ex);
	tap_ok(is_illegal(exited, &ex), "padd2 r40=r5,r6 with sof 8: Illegal Operation fault");
	decode(encode(padd, 39, 5, 6, 0), "padd2", &in);
	c.gr[5] = 0x0001000200030004, c.gr[6] = 0x0010002000300040;
	exited = exec_mm(&c, &in, &ex);
	bool nat;
	unsigned i39 = 7 + c.bof;
	nat = c.stacked_nat[i39];
	tap_ok(!exited && c.stacked[i39] == 0x0011002200330044 && !nat,
	       "padd2 r39=r5,r6 with sof 8 writes the frame's last register");

	/* reserved mux1 mbtype4 values */
	const struct form *mux1 = find_form("mux1", I3);
	bad = 0;
	for (unsigned t = 0; t < 16; t++) {
		if (mbtype_name[t])
			continue;
		cpu_reset(&c);
		c.gr[4] = 0x1234;
		if (!decode(encode(mux1, 4, 5, 0, t), "mux1", &in) ||
		    !is_illegal(exec_mm(&c, &in, &ex), &ex) || c.gr[4] != 0x1234)
			bad++;
	}
	tap_ok(!bad, "mux1 with a reserved mbtype4 (1-7, 12-15) faults");

	/* pshladd2/pshradd2 take count2 1-3 (what gas accepts); ct2d = 3 faults */
	bad = 0;
	for (unsigned k = 0; k < 2; k++) {
		const char *name = k ? "pshradd2" : "pshladd2";
		const struct form *f = find_form(name, A10);
		cpu_reset(&c);
		if (!decode(encode(f, 4, 5, 6, 4), name, &in) || in.opnd[2].value != 4 ||
		    !is_illegal(exec_mm(&c, &in, &ex), &ex))
			bad++;
	}
	tap_ok(!bad, "pshladd2/pshradd2 with count2 4 (ct2d = 3) fault");

#ifndef MM_VIA_ENGINE /* the engine runs both: they are cpu_exec_mm's contract */
	/* not a multimedia instruction: add r4=r5,r6 (A1), and no decode at all */
	cpu_reset(&c);
	ia64_decode_slot(IA64_ST_I, MAJ(8) | U(6) << 20 | U(5) << 13 | U(4) << 6, 0, &in);
	exited = exec_mm(&c, &in, &ex);
	tap_ok(in.opc && in.opc->op == IA64_OP_ADD && is_illegal(exited, &ex) && c.gr[4] == 0,
	       "add (not ours) is refused with Illegal Operation");
	memset(&in, 0, sizeof(in));
	exited = exec_mm(&c, &in, &ex);
	tap_ok(is_illegal(exited, &ex), "an undecoded slot is refused with Illegal Operation");
#endif

	/* NaT: r2 is not read by the count5 form, only r3 */
	cpu_reset(&c);
	c.gr[5] = 0x8000800080008000;
	c.gr_nat = U(1) << 6; /* r6 */
	decode(encode(pshr, 4, 6, 5, 3), "pshr2", &in);
	exited = exec_mm(&c, &in, &ex);
	tap_ok(!exited && c.gr[4] == 0xf000f000f000f000 && !(c.gr_nat & (1u << 4)),
	       "pshr2 r4=r5,3: a NaT in the unused r2 field is not propagated");
	c.gr_nat = U(1) << 5;
	exited = exec_mm(&c, &in, &ex);
	tap_ok(!exited && (c.gr_nat & (1u << 4)), "pshr2 r4=r5,3: r5's NaT is");

	/* stacked registers through the frame and rotation */
	cpu_reset(&c);
	c.bof = 90; /* wraps around the physical file */
	c.cfm.sof = 24, c.cfm.sol = 16, c.cfm.sor = 16, c.cfm.rrb_gr = 5;
	/* r33 -> rotating index 1 + 5 = 6; r45 -> 13 + 5 = 18 - 16 = 2; r50 -> 18 */
	unsigned p33 = (90 + 6) % NSTACKED, p45 = (90 + 2) % NSTACKED, p50 = (90 + 18) % NSTACKED;
	stacked[p33] = 0x0102030405060708;
	stacked[p45] = 0x1010101010101010;
	stacked_nat[p45] = 1;
	const struct form *psub = find_form("psub1.uuu", A9);
	decode(encode(psub, 50, 33, 45, 0), "psub1.uuu", &in);
	exited = exec_mm(&c, &in, &ex);
	tap_ok(!exited && stacked[p50] == 0 && stacked_nat[p50] == 1 &&
		   stacked[p33] == 0x0102030405060708,
	       "psub1.uuu r50=r33,r45 reads and writes rotated stacked registers, NaT included");
}

/* ---- real encodings from ia64-linux-gnu-as -------------------------------------------- */

struct inst {
	const struct form *f;
	unsigned r1, r2, r3, imm;
};

static void test_gas(void)
{
	const char *as = getenv("IA64_AS") ? getenv("IA64_AS") : "ia64-linux-gnu-as";
	char dir[] = "/tmp/lol-mm-XXXXXX", path[300], obj[300], cmd[1000];
	if (!mkdtemp(dir)) {
		tap_ok(0, "mkdtemp");
		return;
	}
	size_t cap = 4096, n = 0;
	struct inst *insts = calloc(cap, sizeof(*insts));
	snprintf(path, sizeof(path), "%s/mm.s", dir);
	snprintf(obj, sizeof(obj), "%s/mm.o", dir);
	FILE *s = fopen(path, "w");
	if (!insts || !s) {
		tap_ok(0, "writing %s", path);
		free(insts);
		return;
	}
	fprintf(s, "\t.text\n");
	for (size_t k = 0; k < NFORMS; k++) {
		unsigned imms[256], nimm = imm_values(forms[k].fmt, imms);
		for (unsigned i = 0; i < nimm && n < cap; i++) {
			/* every form with each immediate, on random registers */
			for (unsigned rep = 0; rep < (nimm == 1 ? 4u : 1u) && n < cap; rep++) {
				struct inst *t = &insts[n];
				*t = (struct inst){&forms[k], reg(), src_reg(), src_reg(), imms[i]};
				if (!reads_r2(forms[k].fmt))
					t->r2 = 0;
				if (!reads_r3(forms[k].fmt))
					t->r3 = 0;
				char text[96];
				asm_text(text, sizeof(text), t->f, t->r1, t->r2, t->r3, t->imm);
				fprintf(s, "L%zu:\n\t%s\n\t;;\n", n, text);
				n++;
			}
		}
	}
	fclose(s);
	snprintf(cmd, sizeof(cmd), "%s -x -o %s %s 2>%s/as.err", as, obj, path, dir);
	int rc = system(cmd);
	if (rc != 0) {
		snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null", as);
		if (system(cmd) != 0) {
			tap_skip("ia64-linux-gnu-as not installed");
		} else {
			snprintf(cmd, sizeof(cmd), "head -20 %s/as.err", dir);
			if (system(cmd)) {
			}
			tap_ok(0, "assembling %zu instructions with %s", n, as);
		}
		free(insts);
		return;
	}
	struct elf64 e;
	char err[512];
	if (elf64_open(&e, obj, err, sizeof(err)) != 0) {
		tap_ok(0, "%s", err);
		free(insts);
		return;
	}
	const uint8_t *text = NULL;
	uint64_t size = 0;
	for (unsigned i = 0; i < e.shnum; i++)
		if (!strcmp(elf64_section_name(&e, i), ".text")) {
			text = elf64_section_data(&e, i);
			size = e.sh[i].sh_size;
		}
	/* Each label starts a bundle of its own: bundle i holds instruction i. */
	size_t k0 = 0;
	while (k0 < n) {
		const struct form *f = insts[k0].f;
		size_t k1 = k0;
		unsigned bad = 0, runs = 0;
		for (; k1 < n && insts[k1].f == f; k1++) {
			const struct inst *t = &insts[k1];
			char want_text[96];
			asm_text(want_text, sizeof(want_text), f, t->r1, t->r2, t->r3, t->imm);
			if (16 * (k1 + 1) > size) {
				bad++;
				continue;
			}
			struct ia64_bundle b;
			ia64_decode_bundle(text + 16 * k1, &b);
			const struct ia64_insn *in = NULL;
			for (unsigned j = 0; j < b.ninsn; j++)
				if (b.insn[j].opc && b.insn[j].opc->op != IA64_OP_NOP)
					in = &b.insn[j];
			uint64_t mine = encode(f, t->r1, t->r2, t->r3, t->imm);
			if (!in || in->bits != mine || strcmp(in->opc->name, f->name)) {
				printf("# %s: gas 0x%011llx (%s), ours 0x%011llx\n", want_text,
				       in ? (unsigned long long)in->bits : 0ull,
				       in && in->opc ? in->opc->name : "?",
				       (unsigned long long)mine);
				bad++;
				continue;
			}
			for (unsigned rep = 0; rep < 16 && !bad; rep++, runs++) {
				uint64_t v2 = f->fmt == I5 ? count_operand() : operand();
				uint64_t v3 = f->fmt == I7 ? count_operand() : operand();
				bad += run_one(f, in, t->r1, t->r2, t->r3, t->imm, v2, v3,
					       rnd() % 4 == 0, rnd() % 4 == 0) != 0;
			}
		}
		tap_ok(!bad, "gas: %s%s: %zu encodings agree, %u runs", f->name,
		       f->fmt == I6 || f->fmt == I8 ? " (count5)" : "", k1 - k0, runs);
		k0 = k1;
	}
	elf64_close(&e);
	free(insts);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd)) {
	}
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x6d6d5f74657374ull;
	rng_state = seed ? seed : 1;
	printf("# seed 0x%llx\n", (unsigned long long)seed);
	ia64_init();
	test_random(10000);
	test_edges();
	test_faults();
	test_gas();
	return tap_done();
}
