// SPDX-License-Identifier: GPL-2.0
/* Echo the arguments and the LOLTEST_* environment, sorted; then a few process facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = [%s]\n", i, argv[i]);
	char *v[256];
	int n = 0;
	for (char **e = environ; *e && n < 256; e++)
		if (strncmp(*e, "LOLTEST_", 8) == 0)
			v[n++] = *e;
	qsort(v, (size_t)n, sizeof(v[0]), cmp);
	for (int i = 0; i < n; i++)
		printf("env %s\n", v[i]);
	printf("getenv %s\n", getenv("LOLTEST_ONE") ? getenv("LOLTEST_ONE") : "(null)");
	setenv("LOLTEST_NEW", "set", 1);
	unsetenv("LOLTEST_ONE");
	printf("after %s %s\n", getenv("LOLTEST_NEW"), getenv("LOLTEST_ONE") ? "still" : "gone");
	printf("argv[argc] is NULL %d\n", argv[argc] == NULL);
	return argc;
}
