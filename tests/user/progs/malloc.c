// SPDX-License-Identifier: GPL-2.0
/* Many allocations of all sizes (brk and mmap), realloc growing and shrinking, frees in
 * a scrambled order; the contents are checked and summed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 4000

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

int main(void)
{
	static unsigned char *p[N];
	static size_t sz[N];
	uint32_t s = 2463534242u;
	uint64_t sum = 0;
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < N; i++) {
			size_t n = rnd(&s) % 7 == 0 ? rnd(&s) % (1u << 20) : rnd(&s) % 512;
			if (round == 3 && i % 500 == 0)
				n = (8u << 20) + rnd(&s) % 4096; /* big: mmap */
			p[i] = malloc(n + 1);
			if (!p[i]) {
				printf("malloc failed\n");
				return 1;
			}
			sz[i] = n + 1;
			memset(p[i], (int)(i & 0xff), sz[i]);
		}
		for (int i = 0; i < N; i += 3) {
			size_t n = rnd(&s) % 3 == 0 ? sz[i] * 3 + 100 : sz[i] / 2 + 1;
			unsigned char *q = realloc(p[i], n);
			if (!q) {
				printf("realloc failed\n");
				return 1;
			}
			size_t keep = n < sz[i] ? n : sz[i];
			for (size_t k = 0; k < keep; k += 97)
				if (q[k] != (unsigned char)(i & 0xff)) {
					printf("realloc lost data at %d\n", i);
					return 1;
				}
			memset(q, (int)(i & 0xff), n);
			p[i] = q, sz[i] = n;
		}
		for (int i = 0; i < N; i++)
			sum += p[i][sz[i] / 2] + sz[i] % 1000;
		/* free in a scrambled order */
		for (int i = 0; i < N; i++) {
			int j = (int)(rnd(&s) % N);
			free(p[j]);
			p[j] = NULL;
		}
		for (int i = 0; i < N; i++)
			free(p[i]);
	}
	void *big = calloc(1, 64u << 20);
	unsigned char *c = big;
	printf("calloc zero %d %d\n", c[0], c[(64u << 20) - 1]);
	free(big);
	printf("sum %llu\n", (unsigned long long)sum);
	return 0;
}
