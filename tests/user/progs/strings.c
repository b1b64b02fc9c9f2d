// SPDX-License-Identifier: GPL-2.0
/* String and memory functions, conversions, qsort and bsearch. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	char buf[256], *save, *tok;
	strcpy(buf, "the quick brown fox jumps over the lazy dog");
	printf("len %zu, strchr %s, strrchr %s, strstr %s\n", strlen(buf), strchr(buf, 'q'),
	       strrchr(buf, 'o'), strstr(buf, "lazy"));
	char copy[256];
	strcpy(copy, buf);
	for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		printf("<%s>", tok);
	printf("\n");
	memmove(buf + 4, buf, 20);
	buf[30] = 0;
	printf("memmove [%s]\n", buf);
	printf("cmp %d %d %d, ncmp %d, casecmp %d\n", strcmp("abc", "abd") < 0,
	       strcmp("b", "a") > 0, strcmp("x", "x"), strncmp("abcdef", "abcxyz", 3),
	       strcasecmp("HeLLo", "hello"));
	printf("strtol %ld %ld %ld, strtoul %lu, atoi %d\n", strtol("-123abc", NULL, 10),
	       strtol("0x7fffffff", NULL, 16), strtol("0777", NULL, 0),
	       strtoul("18446744073709551615", NULL, 10), atoi("  42"));
	printf("spn %zu cspn %zu, pbrk %s\n", strspn("aaabbbccc", "ab"),
	       strcspn("hello, world", ",;"), strpbrk("hello, world", "ow"));
	char up[64];
	const char *src = "Mixed Case 123!";
	size_t i;
	for (i = 0; src[i]; i++)
		up[i] = (char)toupper((unsigned char)src[i]);
	up[i] = 0;
	printf("upper [%s]\n", up);
	char *d = strdup("duplicate");
	printf("strdup [%s] ndup [%.4s]\n", d, strndup(d, 4));
	free(d);
	unsigned char mem[32];
	memset(mem, 0xa5, sizeof(mem));
	printf("memchr %td memcmp %d\n", (unsigned char *)memchr(mem, 0xa5, 32) - mem,
	       memcmp(mem, mem + 1, 31));
	/* qsort and bsearch over a deterministic pseudo-random array */
	int a[1000];
	unsigned s = 12345;
	for (int k = 0; k < 1000; k++) {
		s = s * 1103515245u + 12345u;
		a[k] = (int)(s >> 8) % 100000 - 50000;
	}
	qsort(a, 1000, sizeof(a[0]), cmp_int);
	long sum = 0;
	for (int k = 0; k < 1000; k++)
		sum += (long)a[k] * (k + 1);
	printf("sorted min %d max %d median %d weighted %ld\n", a[0], a[999], a[500], sum);
	int key = a[777];
	int *f = bsearch(&key, a, 1000, sizeof(a[0]), cmp_int);
	printf("bsearch found %d at %td\n", *f, f - a);
	char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry"};
	qsort(words, 7, sizeof(words[0]), cmp_str);
	for (int k = 0; k < 7; k++)
		printf("%s%c", words[k], k == 6 ? '\n' : ' ');
	char out[128];
	snprintf(out, sizeof(out), "%s|%08.3f|%-6s|%x", "fmt", 3.14159, "ab", 255);
	printf("%s\n", out);
	return 0;
}
