// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark workload "compress": an LZ77 compressor with hash chains (3-byte
 * hashes, 64 KiB window, lazy matching) and its decompressor, over generated
 * text-like data.  Prints sizes and checksums; exits 1 if the round trip fails.
 *
 *   lz [SCALE]     SCALE (default 1) multiplies the input size (4 MiB)
 *
 * Output format of the compressor: groups of up to 8 items behind a flag byte
 * (bit i set: item i is a match).  A literal is one byte; a match is a length
 * byte (len - 3, 3..258) and a 16-bit little-endian distance (1..65535).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 65535u
#define HASH_BITS 16
#define HASH_SIZE (1u << HASH_BITS)
#define MIN_MATCH 3
#define MAX_MATCH 258
#define MAX_CHAIN 48

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* Text with a skewed vocabulary, some numbers and now and then a stretch of noise. */
static void make_input(uint8_t *buf, size_t n)
{
	enum { NWORDS = 1024 };
	static char words[NWORDS][12];
	static const char letters[] = "etaoinshrdlucmfwypvbgkjqxz";
	for (int i = 0; i < NWORDS; i++) {
		int len = 2 + (int)(rng() % 9);
		for (int j = 0; j < len; j++) {
			uint32_t r = rng() % 1000;
			words[i][j] = letters[(r * r / 1000) * 26 / 1000];
		}
		words[i][len] = 0;
	}
	size_t p = 0;
	while (p < n) {
		uint32_t r = rng();
		const char *w;
		char num[16];
		if (r % 97 == 0) {
			/* a short run of noise */
			for (int k = (int)(r % 40); k > 0 && p < n; k--) buf[p++] = (uint8_t)rng();
			continue;
		} else if (r % 13 == 0) {
			snprintf(num, sizeof num, "%u", rng() % 100000);
			w = num;
		} else {
			uint32_t x = rng() % NWORDS;
			w = words[x * x / NWORDS]; /* frequent words near the start */
		}
		while (*w && p < n) buf[p++] = (uint8_t)*w++;
		if (p < n) buf[p++] = (r & 0x3f00) == 0 ? '\n' : (r & 0x70000) == 0 ? ',' : ' ';
	}
}

static inline uint32_t hash3(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
	return (v * 2654435761u) >> (32 - HASH_BITS);
}

static int32_t head[HASH_SIZE];
static int32_t *prev;

static void insert(const uint8_t *in, size_t pos)
{
	uint32_t h = hash3(in + pos);
	prev[pos] = head[h];
	head[h] = (int32_t)pos;
}

/* Longest match for position pos; returns its length (0 if < MIN_MATCH). */
static unsigned longest(const uint8_t *in, size_t n, size_t pos, unsigned *dist)
{
	unsigned best = 0;
	size_t limit = n - pos < MAX_MATCH ? n - pos : MAX_MATCH;
	if (limit < MIN_MATCH) return 0;
	int32_t cand = head[hash3(in + pos)];
	for (int chain = 0; cand >= 0 && chain < MAX_CHAIN; chain++, cand = prev[cand]) {
		size_t c = (size_t)cand;
		if (pos - c > WINDOW) break;
		if (in[c + best] != in[pos + best] || in[c] != in[pos]) continue;
		unsigned len = 0;
		while (len < limit && in[c + len] == in[pos + len]) len++;
		if (len > best) {
			best = len;
			*dist = (unsigned)(pos - c);
			if (len == limit) break;
		}
	}
	return best >= MIN_MATCH ? best : 0;
}

static size_t compress(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t op = 0, flagpos = 0, pos = 0;
	int nitems = 8;
	for (size_t i = 0; i < HASH_SIZE; i++) head[i] = -1;
#define EMIT_FLAG(is_match)                                              \
	do {                                                             \
		if (nitems == 8) { flagpos = op++; out[flagpos] = 0; nitems = 0; } \
		if (is_match) out[flagpos] |= (uint8_t)(1u << nitems);   \
		nitems++;                                                \
	} while (0)
	while (pos < n) {
		unsigned dist = 0, len = longest(in, n, pos, &dist);
		if (len && pos + 1 < n && len < 32) {
			/* lazy: a longer match one byte on wins */
			unsigned d2 = 0, l2;
			if (pos + 3 <= n) insert(in, pos);
			l2 = longest(in, n, pos + 1, &d2);
			if (l2 > len + 1) {
				EMIT_FLAG(0);
				out[op++] = in[pos];
				pos++;
				len = l2; dist = d2;
			} else {
				/* pos already inserted */
				EMIT_FLAG(1);
				out[op++] = (uint8_t)(len - MIN_MATCH);
				out[op++] = (uint8_t)dist;
				out[op++] = (uint8_t)(dist >> 8);
				for (size_t k = pos + 1; k < pos + len; k++)
					if (k + 3 <= n) insert(in, k);
				pos += len;
				continue;
			}
		}
		if (len) {
			EMIT_FLAG(1);
			out[op++] = (uint8_t)(len - MIN_MATCH);
			out[op++] = (uint8_t)dist;
			out[op++] = (uint8_t)(dist >> 8);
			for (size_t k = pos; k < pos + len; k++)
				if (k + 3 <= n) insert(in, k);
			pos += len;
		} else {
			EMIT_FLAG(0);
			out[op++] = in[pos];
			if (pos + 3 <= n) insert(in, pos);
			pos++;
		}
	}
	return op;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t ip = 0, op = 0;
	while (ip < n) {
		unsigned flags = in[ip++];
		for (int i = 0; i < 8 && ip < n; i++) {
			if (flags & (1u << i)) {
				if (ip + 3 > n) return (size_t)-1;
				unsigned len = in[ip] + MIN_MATCH, dist = in[ip + 1] | (unsigned)in[ip + 2] << 8;
				ip += 3;
				if (dist == 0 || dist > op || op + len > cap) return (size_t)-1;
				for (unsigned k = 0; k < len; k++, op++) out[op] = out[op - dist];
			} else {
				if (op >= cap) return (size_t)-1;
				out[op++] = in[ip++];
			}
		}
	}
	return op;
}

static uint32_t adler32(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;
	while (n) {
		size_t k = n < 5552 ? n : 5552;
		n -= k;
		while (k--) { a += *p++; b += a; }
		a %= 65521; b %= 65521;
	}
	return b << 16 | a;
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	if (scale < 1) scale = 1;
	size_t n = (size_t)4 << 20;
	uint8_t *in = malloc(n), *out = malloc(n + n / 8 + 16), *back = malloc(n);
	prev = malloc(n * sizeof *prev);
	if (!in || !out || !back || !prev) { fprintf(stderr, "lz: out of memory\n"); return 2; }
	uint32_t sum = 0;
	for (int round = 0; round < scale; round++) {
		make_input(in, n);
		size_t c = compress(in, n, out);
		size_t d = decompress(out, c, back, n);
		if (d != n || memcmp(in, back, n) != 0) {
			fprintf(stderr, "lz: round trip failed in round %d\n", round);
			return 1;
		}
		uint32_t ac = adler32(out, c);
		printf("round %d: %zu -> %zu bytes, adler32 in %08x out %08x\n", round, n, c,
		       adler32(in, n), ac);
		sum ^= ac;
	}
	printf("checksum %08x\n", sum);
	free(in); free(out); free(back); free(prev);
	return 0;
}
