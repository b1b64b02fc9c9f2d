// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: random bundles disassembled by lol and by
 * ia64-linux-gnu-objdump must give identical text.
 *   dis_diff [-n COUNT] [-s SEED] [-t M|I|F|B|L] [-m MAJOR] [-k MAX_SHOWN] [-q]
 * -t/-m bias the bundles: templates with a slot of that type, whose major
 * opcode is forced to MAJOR, and only those slots are compared.
 * A quarter of the slots get field patterns pseudo-ops need (a register
 * field copied into the next, zeroed fields, pos + len = 64) so those forms
 * are met as often as the rest; -u turns this off (uniform slots).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ia64.h"

static uint64_t rng_state;
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Field patterns that select pseudo-ops: r2/f2 = r3/f3 (bits 13..19 copied
 * to 20..26), r2/f2 = 0, r3 = 0, and pos6 + len6 - 1 = 63 (bits 14..19 and
 * 27..32). */
static uint64_t bias_slot(uint64_t v, uint64_t r)
{
	switch (r & 7) {
	case 0: return (v & ~(0x7full << 20)) | ((v >> 13 & 0x7f) << 20);
	case 1: return v & ~(0x7full << 13);
	case 2: return v & ~(0x7full << 20);
	case 3: return (v & ~(0x3full << 27)) | ((63 - (v >> 14 & 0x3f)) << 27);
	case 4: return (v & ~(0x3full << 27)) | ((v >> 20 & 0x3f) << 27);
	default: return v;
	}
}

static void pack(uint8_t b[16], unsigned tmpl, const uint64_t s[3])
{
	uint64_t lo = (tmpl & 31) | (s[0] << 5) | (s[1] << 46);
	uint64_t hi = (s[1] >> 18) | (s[2] << 23);
	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(lo >> (8 * i));
		b[i + 8] = (uint8_t)(hi >> (8 * i));
	}
}

static int type_of(char c)
{
	switch (c) {
	case 'M': return IA64_ST_M;
	case 'I': return IA64_ST_I;
	case 'F': return IA64_ST_F;
	case 'B': return IA64_ST_B;
	case 'L': case 'X': return IA64_ST_X;
	default: return -1;
	}
}

int main(int argc, char **argv)
{
	long count = 50000, shown_max = 20;
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	int want_type = -1, major = -1, quiet = 0, uniform = 0, opt;
	const char *objdump = getenv("OBJDUMP") ? getenv("OBJDUMP") : "ia64-linux-gnu-objdump";
	while ((opt = getopt(argc, argv, "n:s:t:m:k:qu")) != -1) {
		switch (opt) {
		case 'n': count = strtol(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 't': want_type = type_of(optarg[0]); break;
		case 'm': major = (int)strtol(optarg, NULL, 0); break;
		case 'k': shown_max = strtol(optarg, NULL, 0); break;
		case 'q': quiet = 1; break;
		case 'u': uniform = 1; break;
		default:
			fprintf(stderr,
				"usage: dis_diff [-n N] [-s SEED] [-t TYPE] [-m MAJOR] [-k N] [-q] [-u]\n");
			return 2;
		}
	}
	ia64_init();
	rng_state = seed;
	printf("# dis_diff: %ld bundles, seed %" PRIu64 "\n", count, seed);

	unsigned candidates[32], ncand = 0;
	for (unsigned t = 0; t < 32; t++) {
		uint8_t ty[3], st;
		if (!ia64_template(t, ty, &st))
			continue;
		if (want_type < 0 || ty[0] == want_type || ty[1] == want_type || ty[2] == want_type)
			candidates[ncand++] = t;
	}

	char path[] = "/tmp/lol-dis-diff-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		return 2;
	}
	FILE *f = fdopen(fd, "wb");
	uint8_t *all = malloc((size_t)count * 16);
	if (!f || !all)
		return 2;
	for (long i = 0; i < count; i++) {
		uint8_t *b = all + i * 16;
		if (want_type < 0) {
			uint64_t s[3];
			unsigned t = rng() & 31;
			for (int k = 0; k < 3; k++) {
				s[k] = rng() & ((1ull << 41) - 1);
				uint64_t r = rng();
				if (!uniform && (r & 3) == 0)
					s[k] = bias_slot(s[k], r >> 2);
			}
			pack(b, t, s);
		} else {
			uint64_t s[3];
			uint8_t ty[3], st;
			unsigned t = candidates[rng() % ncand] | (unsigned)(rng() & 1);
			ia64_template(t, ty, &st);
			for (int k = 0; k < 3; k++) {
				s[k] = rng() & ((1ull << 41) - 1);
				uint64_t r = rng();
				if (!uniform && (r & 3) == 0)
					s[k] = bias_slot(s[k], r >> 2);
				if (major >= 0 && ty[k] == want_type)
					s[k] = (s[k] & ~(15ull << 37)) | ((uint64_t)major << 37);
			}
			pack(b, t, s);
		}
		fwrite(b, 16, 1, f);
	}
	fclose(f);

	char cmd[512];
	snprintf(cmd, sizeof(cmd), "%s -D -z -b binary -m ia64-elf64 %s", objdump, path);
	FILE *p = popen(cmd, "r");
	if (!p) {
		perror("popen");
		return 2;
	}
	/* objdump's address column: as wide as the end address, at least 4. */
	int width = ia64_objdump_addr_width((uint64_t)count * 16);

	char line[512], ours[2048];
	long idx = 0, mismatches = 0, compared = 0;
	int slot = 0;
	char *mine[3] = {0};
	while (fgets(line, sizeof(line), p)) {
		char *colon = strchr(line, ':');
		if (!colon || colon[1] != '\t' || line[0] == '0')
			continue; /* headers and the "0000000000000000 <.data>:" label */
		if (idx >= count)
			break;
		const uint8_t *b = all + idx * 16;
		if (slot == 0) {
			ia64_format_bundle(ours, sizeof(ours), b, (uint64_t)idx * 16, width, NULL, NULL);
			mine[0] = ours;
			mine[1] = strchr(mine[0], '\n') + 1;
			mine[2] = strchr(mine[1], '\n') + 1;
			mine[0][mine[1] - mine[0] - 1] = 0;
			mine[1][mine[2] - mine[1] - 1] = 0;
			*strchr(mine[2], '\n') = 0;
		}
		line[strcspn(line, "\n")] = 0;
		int relevant = 1;
		if (want_type >= 0) {
			struct ia64_bundle d;
			ia64_decode_bundle(b, &d);
			int ty = d.insn[slot].type;
			if (ty == IA64_ST_L)
				ty = IA64_ST_X;
			relevant = !d.reserved && ty == want_type;
		}
		if (relevant) {
			compared++;
			if (strcmp(line, mine[slot]) != 0) {
				mismatches++;
				if (mismatches <= shown_max && !quiet) {
					printf("# bundle %016" PRIx64 "%016" PRIx64 " slot %d\n",
					       ((uint64_t)b[15] << 56 | (uint64_t)b[14] << 48 |
						(uint64_t)b[13] << 40 | (uint64_t)b[12] << 32 |
						(uint64_t)b[11] << 24 | (uint64_t)b[10] << 16 |
						(uint64_t)b[9] << 8 | b[8]),
					       ((uint64_t)b[7] << 56 | (uint64_t)b[6] << 48 |
						(uint64_t)b[5] << 40 | (uint64_t)b[4] << 32 |
						(uint64_t)b[3] << 24 | (uint64_t)b[2] << 16 |
						(uint64_t)b[1] << 8 | b[0]),
					       slot);
					printf("#   objdump: %s\n#   lol:     %s\n", line, mine[slot]);
				}
			}
		}
		if (++slot == 3) {
			slot = 0;
			idx++;
		}
	}
	int st = pclose(p);
	unlink(path);
	free(all);
	if (idx != count || st != 0) {
		printf("not ok 1 - objdump output incomplete (%ld of %ld bundles, status %d)\n", idx,
		       count, st);
		return 1;
	}
	printf("# %ld lines compared, %ld mismatches\n", compared, mismatches);
	printf("%s 1 - %ld random bundles agree with objdump (seed %" PRIu64 ")\n",
	       mismatches ? "not ok" : "ok", count, seed);
	return mismatches ? 1 : 0;
}
