// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the launch profile parser and checks, then the lol-vmm
 * command line of every profile they accept, as lol-launch would build it
 * (the file system is not touched: resolution is left out). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	char err[512] = "";
	profile_init(&p, "fuzz");
	if (profile_parse(&p, (const char *)data, size, err, sizeof(err)) == 0 &&
	    profile_check(&p, err, sizeof(err)) == 0) {
		char *words[] = { "single" };
		struct launch_opts o = { .keep = true, .extra_words = words, .nextra = 1 };
		char **argv = launch_argv(&p, "lol-vmm", "/run/lol/fuzz", &o);
		/* no value may turn into an empty word of the monitor's command line */
		for (char **a = argv; *a; a++)
			if (!**a)
				abort();
		launch_argv_free(argv);
	}
	/* every message is one line */
	if (memchr(err, '\n', strnlen(err, sizeof(err))))
		abort();
	profile_free(&p);
	return 0;
}
