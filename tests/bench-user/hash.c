// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark workload "hash": SHA-256 (FIPS 180-4) and 64-bit FNV-1a over a
 * generated buffer, then a chain of SHA-256 over short messages (the shape of
 * password hashing / Merkle trees).  Prints the digests.
 *
 *   hash [SCALE]   SCALE (default 1) multiplies the work (16 MiB hashed, 200,000 chained)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sha256 {
	uint32_t h[8];
	uint8_t buf[64];
	size_t fill;
	uint64_t bytes;
};

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, iv, sizeof iv);
	s->fill = 0;
	s->bytes = 0;
}

static void sha256_update(struct sha256 *s, const uint8_t *p, size_t n)
{
	s->bytes += n;
	if (s->fill) {
		size_t k = 64 - s->fill < n ? 64 - s->fill : n;
		memcpy(s->buf + s->fill, p, k);
		s->fill += k; p += k; n -= k;
		if (s->fill < 64) return;
		sha256_block(s->h, s->buf);
		s->fill = 0;
	}
	for (; n >= 64; p += 64, n -= 64) sha256_block(s->h, p);
	memcpy(s->buf, p, n);
	s->fill = n;
}

static void sha256_final(struct sha256 *s, uint8_t out[32])
{
	uint64_t bits = s->bytes * 8;
	uint8_t pad[72] = { 0x80 };
	size_t padlen = (s->fill < 56 ? 56 : 120) - s->fill;
	for (int i = 0; i < 8; i++) pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha256_update(s, pad, padlen + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24); out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8); out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

static void hex(const char *label, const uint8_t *d, size_t n)
{
	printf("%s ", label);
	for (size_t i = 0; i < n; i++) printf("%02x", d[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	if (scale < 1) scale = 1;
	uint8_t d[32];
	struct sha256 s;

	/* Known answer first, so a wrong implementation cannot pass as a fast one. */
	sha256_init(&s);
	sha256_update(&s, (const uint8_t *)"abc", 3);
	sha256_final(&s, d);
	hex("sha256(abc)", d, 32);

	size_t n = (size_t)16 << 20;
	uint8_t *buf = malloc(n);
	if (!buf) { fprintf(stderr, "hash: out of memory\n"); return 2; }
	uint64_t x = 0x0123456789abcdefull;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = (uint8_t)(x >> 56);
	}
	for (int r = 0; r < scale; r++) {
		buf[r] ^= 1;
		sha256_init(&s);
		/* odd-sized pieces exercise the buffering */
		for (size_t off = 0; off < n;) {
			size_t k = 1 + (off * 7 % 8191);
			if (k > n - off) k = n - off;
			sha256_update(&s, buf + off, k);
			off += k;
		}
		sha256_final(&s, d);
		hex("sha256(buffer)", d, 32);

		uint64_t fnv = 0xcbf29ce484222325ull;
		for (size_t i = 0; i < n; i++) { fnv ^= buf[i]; fnv *= 0x100000001b3ull; }
		printf("fnv1a64(buffer) %016llx\n", (unsigned long long)fnv);

		uint8_t msg[48];
		memset(msg, 0, sizeof msg);
		memcpy(msg, d, 32);
		for (int i = 0; i < 200000; i++) {
			msg[32] = (uint8_t)i; msg[33] = (uint8_t)(i >> 8); msg[34] = (uint8_t)(i >> 16);
			sha256_init(&s);
			sha256_update(&s, msg, sizeof msg);
			sha256_final(&s, msg);
		}
		hex("sha256 chain", msg, 32);
	}
	free(buf);
	return 0;
}
