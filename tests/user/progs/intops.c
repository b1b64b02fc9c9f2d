// SPDX-License-Identifier: GPL-2.0
/*
 * Integer operations on edge and random values, every result folded into
 * checksums printed per group: comparisons of every relation and width
 * against registers and small constants (cmp, cmp4 with swapped operands and
 * targets, .unc), arithmetic, shifts and rotations (shrp, mix4), bit fields
 * (extr, dep), byte swaps, popcount and leading zeros, multiplication (xma)
 * and division, byte scans (czx, pcmp).  Natively and under lol-user the
 * output must be equal.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const uint64_t edges[] = {
    0,		0x1,	      0x2,	    0x7f,	  0x80,		0xff,	      0x100,
    0x7fff,	0x8000,	      0xffff,	    0x7fffffff,	  0x80000000,	0xffffffff,   0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0xfffffffffffffffe,
    0xffffffff80000000, 0x00000000fffffffe, 0x123456789abcdef0, 0xfedcba9876543210,
};
#define NEDGE (sizeof(edges) / sizeof(edges[0]))

static uint64_t value(unsigned i)
{
	if (i < NEDGE)
		return edges[i];
	uint64_t v = next();
	switch (i % 4) {
	case 0:
		return v & 0xff;
	case 1:
		return (uint64_t)(int64_t)(int32_t)v;
	default:
		return v;
	}
}

/* Fold a result into h (FNV-1a style). */
#define FOLD(h, x) ((h) = (h) * 0x100000001b3ull ^ (uint64_t)(x))

__attribute__((noinline)) static uint64_t compares(uint64_t a, uint64_t b)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;
	int32_t ia = (int32_t)a, ib = (int32_t)b;
	uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
	uint64_t m = 0;
	unsigned k = 0;
#define BIT(c) (m |= (uint64_t)((c) != 0) << (k++ & 63))
	BIT(a == b), BIT(a != b), BIT(sa < sb), BIT(sa <= sb), BIT(sa > sb), BIT(sa >= sb);
	BIT(a < b), BIT(a <= b), BIT(a > b), BIT(a >= b);
	BIT(ia == ib), BIT(ia != ib), BIT(ia < ib), BIT(ia <= ib), BIT(ia > ib), BIT(ia >= ib);
	BIT(ua < ub), BIT(ua <= ub), BIT(ua > ub), BIT(ua >= ub);
	BIT(sa < 5), BIT(sa <= -3), BIT(sa > 100), BIT(sa >= -128), BIT(sa == 127), BIT(sa != -1);
	BIT(a < 7), BIT(a <= 127), BIT(a > 3), BIT(a >= 128), BIT(a == 0), BIT(a != 0);
	BIT(ia < 5), BIT(ia <= -3), BIT(ia > 100), BIT(ia >= -128), BIT(ia == 127), BIT(ia != -1);
	BIT(ua < 7), BIT(ua <= 127), BIT(ua > 3), BIT(ua >= 128), BIT(ua == 0), BIT(ua != 0);
	BIT(5 < sa), BIT(-3 <= sa), BIT(100 > sa), BIT(-128 >= sa);
	BIT(sa < 1000000), BIT(a > 0x123456789ull), BIT(ia >= 70000);
	/* several at once, as && and || chains and selects */
	BIT((sa > 0 && sb > 0) || a == b);
	BIT((ia < 0 || ib < 0) && ua != ub);
	m ^= (sa < sb ? a : b) + (ua > ub ? 3 : 5) + (ia <= 9 ? 11 : 13);
#undef BIT
	return m;
}

__attribute__((noinline)) static uint64_t arith(uint64_t a, uint64_t b)
{
	uint64_t h = 0;
	int64_t sa = (int64_t)a, sb = (int64_t)b;
	unsigned n = (unsigned)(b & 63);
	FOLD(h, a + b);
	FOLD(h, a - b);
	FOLD(h, a + 17);
	FOLD(h, a - 1000);
	FOLD(h, a + 0x12345);
	FOLD(h, 7 - a);
	FOLD(h, (a << 3) + b);
	FOLD(h, (a << 2) + 100);
	FOLD(h, a & b);
	FOLD(h, a | b);
	FOLD(h, a ^ b);
	FOLD(h, a & ~b);
	FOLD(h, a & 0x7f);
	FOLD(h, a | 0x40);
	FOLD(h, a ^ -2);
	FOLD(h, ~a & 0x33);
	FOLD(h, a << n);
	FOLD(h, a >> n);
	FOLD(h, sa >> n);
	FOLD(h, a << 13);
	FOLD(h, a >> 29);
	FOLD(h, sa >> 41);
	FOLD(h, (a >> n) | (a << ((64 - n) & 63)));
	FOLD(h, (a >> 7) | (b << 57));
	uint32_t x = (uint32_t)a;
	for (unsigned r = 1; r < 32; r += 5)
		FOLD(h, (x >> r) | (x << (32 - r)));
	FOLD(h, (uint32_t)a + (uint32_t)b);
	FOLD(h, (int32_t)a * (int64_t)(int32_t)b);
	FOLD(h, a * b);
	FOLD(h, a * 10);
	FOLD(h, (unsigned __int128)a * b >> 64);
	FOLD(h, (__int128)sa * sb >> 64);
	if (b)
		FOLD(h, a / b), FOLD(h, a % b);
	if (sb && !(sa == INT64_MIN && sb == -1))
		FOLD(h, sa / sb), FOLD(h, sa % sb);
	if ((uint32_t)b)
		FOLD(h, (uint32_t)a / (uint32_t)b);
	FOLD(h, (int8_t)a);
	FOLD(h, (int16_t)a);
	FOLD(h, (int32_t)a);
	FOLD(h, (uint8_t)a);
	FOLD(h, (uint16_t)a);
	FOLD(h, (uint32_t)a);
	return h;
}

struct fields {
	uint64_t a : 3, b : 7, c : 13, d : 1, e : 29, f : 11;
};

__attribute__((noinline)) static uint64_t bits(uint64_t a, uint64_t b)
{
	uint64_t h = 0;
	struct fields f;
	memcpy(&f, &a, sizeof(f));
	FOLD(h, f.a), FOLD(h, f.b), FOLD(h, f.c), FOLD(h, f.d), FOLD(h, f.e), FOLD(h, f.f);
	f.b = b;
	f.e = b >> 7;
	f.d = b >> 3;
	uint64_t w;
	memcpy(&w, &f, sizeof(w));
	FOLD(h, w);
	FOLD(h, (a >> 5) & 0x1ff);
	FOLD(h, ((int64_t)a << 20) >> 44);
	FOLD(h, (a & ~0xff0ull) | ((b & 0xff) << 4));
	FOLD(h, __builtin_bswap64(a));
	FOLD(h, __builtin_bswap32((uint32_t)a));
	FOLD(h, __builtin_bswap16((uint16_t)a));
	FOLD(h, __builtin_popcountll(a));
	FOLD(h, a ? __builtin_clzll(a) : 64);
	FOLD(h, a ? __builtin_ctzll(a) : 64);
	FOLD(h, (uint32_t)a ? __builtin_clz((uint32_t)a) : 32);
	return h;
}

__attribute__((noinline)) static uint64_t bytes(uint64_t a, uint64_t b)
{
	char buf[40];
	uint64_t h = 0;
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(((a >> (i % 8 * 8)) & 0xff) | 1);
	buf[(b & 31) + 1] = 0;
	FOLD(h, strlen(buf));
	FOLD(h, strlen(buf + (a & 7)));
	const char *p = memchr(buf, (int)(a & 0xff) | 1, sizeof(buf));
	FOLD(h, p ? p - buf : -1);
	p = strchr(buf + 1, (int)((b >> 8) & 0xff) | 1);
	FOLD(h, p ? p - buf : -1);
	FOLD(h, memcmp(buf, buf + 8, 8) > 0);
	return h;
}

int main(void)
{
	uint64_t hc = 0, ha = 0, hb = 0, hy = 0;
	unsigned n = 300;
	for (unsigned i = 0; i < n; i++) {
		uint64_t a = value(i);
		for (unsigned j = 0; j < 40; j++) {
			uint64_t b = j < NEDGE ? edges[j] : value(j + i);
			FOLD(hc, compares(a, b));
			FOLD(ha, arith(a, b));
			FOLD(hb, bits(a, b));
			FOLD(hy, bytes(a, b));
		}
	}
	printf("compares %016llx\n", (unsigned long long)hc);
	printf("arith    %016llx\n", (unsigned long long)ha);
	printf("bits     %016llx\n", (unsigned long long)hb);
	printf("bytes    %016llx\n", (unsigned long long)hy);
	return 0;
}
