// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark workload "sort": 2,000,000 pseudo-random 32-bit ints sorted three
 * ways: a bottom-up merge sort, a quicksort (median of three, insertion sort
 * for short runs) and the C library's qsort() with a comparison callback on a
 * quarter of them.  The results must agree and be ordered; prints checksums.
 *
 *   sort [SCALE]   SCALE (default 1) multiplies the number of rounds
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng_state = 2463534242u;
static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void merge_sort(int32_t *a, int32_t *tmp, size_t n)
{
	int32_t *src = a, *dst = tmp;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi) dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
			while (i < mid) dst[k++] = src[i++];
			while (j < hi) dst[k++] = src[j++];
		}
		int32_t *t = src; src = dst; dst = t;
	}
	if (src != a) memcpy(a, src, n * sizeof *a);
}

static void insertion(int32_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		int32_t v = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
		a[j] = v;
	}
}

static void quick_sort(int32_t *a, size_t n)
{
	while (n > 16) {
		size_t m = n / 2;
		/* median of three into a[m] */
		if (a[m] < a[0]) { int32_t t = a[m]; a[m] = a[0]; a[0] = t; }
		if (a[n - 1] < a[m]) { int32_t t = a[m]; a[m] = a[n - 1]; a[n - 1] = t; }
		if (a[m] < a[0]) { int32_t t = a[m]; a[m] = a[0]; a[0] = t; }
		int32_t p = a[m];
		size_t i = 0, j = n - 1;
		for (;;) {
			while (a[i] < p) i++;
			while (p < a[j]) j--;
			if (i >= j) break;
			int32_t t = a[i]; a[i] = a[j]; a[j] = t;
			i++; j--;
		}
		/* recurse into the smaller part, loop on the larger */
		if (j + 1 < n - j - 1) { quick_sort(a, j + 1); a += j + 1; n -= j + 1; }
		else { quick_sort(a + j + 1, n - j - 1); n = j + 1; }
	}
	insertion(a, n);
}

static int cmp(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return (a > b) - (a < b);
}

static uint64_t check(const int32_t *a, size_t n, const char *what)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && a[i - 1] > a[i]) {
			fprintf(stderr, "sort: %s: not ordered at %zu\n", what, i);
			exit(1);
		}
		sum = sum * 31 + (uint32_t)a[i];
	}
	return sum;
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	if (scale < 1) scale = 1;
	size_t n = 2000000, nq = n / 4;
	int32_t *orig = malloc(n * sizeof *orig), *a = malloc(n * sizeof *a),
		*b = malloc(n * sizeof *b), *tmp = malloc(n * sizeof *tmp);
	if (!orig || !a || !b || !tmp) { fprintf(stderr, "sort: out of memory\n"); return 2; }
	uint64_t total = 0;
	for (int r = 0; r < scale; r++) {
		for (size_t i = 0; i < n; i++)
			orig[i] = (int32_t)(i % 5 == 0 ? rng() % 1000 : rng()); /* some duplicates */
		memcpy(a, orig, n * sizeof *a);
		memcpy(b, orig, n * sizeof *b);
		merge_sort(a, tmp, n);
		quick_sort(b, n);
		uint64_t ca = check(a, n, "merge sort"), cb = check(b, n, "quicksort");
		if (ca != cb || memcmp(a, b, n * sizeof *a) != 0) {
			fprintf(stderr, "sort: merge sort and quicksort disagree\n");
			return 1;
		}
		memcpy(b, orig, nq * sizeof *b);
		qsort(b, nq, sizeof *b, cmp);
		uint64_t cq = check(b, nq, "qsort");
		printf("round %d: min %d median %d max %d, checksum %016llx qsort %016llx\n", r, a[0],
		       a[n / 2], a[n - 1], (unsigned long long)ca, (unsigned long long)cq);
		total ^= ca ^ cq;
	}
	printf("checksum %016llx\n", (unsigned long long)total);
	free(orig); free(a); free(b); free(tmp);
	return 0;
}
