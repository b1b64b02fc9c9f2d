// SPDX-License-Identifier: GPL-2.0
/* Bundle format and templates (SDM vol 3, section 4.1 and table 4-2... the
 * template field encoding table in vol 1, table 3-10). */
#include <endian.h>
#include <string.h>

#include "ia64.h"

#define M IA64_ST_M
#define I IA64_ST_I
#define F IA64_ST_F
#define B IA64_ST_B
#define L IA64_ST_L
#define X IA64_ST_X

/* Slot types and stop mask (bit s: a stop after slot s) per template; a
 * NULL name marks a reserved template. */
static const struct {
	const char *name;
	uint8_t type[3];
	uint8_t stops;
} templates[32] = {
	[0x00] = {"MII", {M, I, I}, 0}, [0x01] = {"MII", {M, I, I}, 4},
	[0x02] = {"MII", {M, I, I}, 2}, [0x03] = {"MII", {M, I, I}, 6},
	[0x04] = {"MLX", {M, L, X}, 0}, [0x05] = {"MLX", {M, L, X}, 4},
	[0x08] = {"MMI", {M, M, I}, 0}, [0x09] = {"MMI", {M, M, I}, 4},
	[0x0a] = {"MMI", {M, M, I}, 1}, [0x0b] = {"MMI", {M, M, I}, 5},
	[0x0c] = {"MFI", {M, F, I}, 0}, [0x0d] = {"MFI", {M, F, I}, 4},
	[0x0e] = {"MMF", {M, M, F}, 0}, [0x0f] = {"MMF", {M, M, F}, 4},
	[0x10] = {"MIB", {M, I, B}, 0}, [0x11] = {"MIB", {M, I, B}, 4},
	[0x12] = {"MBB", {M, B, B}, 0}, [0x13] = {"MBB", {M, B, B}, 4},
	[0x16] = {"BBB", {B, B, B}, 0}, [0x17] = {"BBB", {B, B, B}, 4},
	[0x18] = {"MMB", {M, M, B}, 0}, [0x19] = {"MMB", {M, M, B}, 4},
	[0x1c] = {"MFB", {M, F, B}, 0}, [0x1d] = {"MFB", {M, F, B}, 4},
};

bool ia64_template(unsigned tmpl, uint8_t types[3], uint8_t *stops)
{
	tmpl &= 31;
	if (!templates[tmpl].name)
		return false;
	memcpy(types, templates[tmpl].type, 3);
	*stops = templates[tmpl].stops;
	return true;
}

const char *ia64_template_name(unsigned tmpl)
{
	return templates[tmpl & 31].name;
}

void ia64_bundle_split(const uint8_t b[16], uint8_t *tmpl, uint64_t slot[3])
{
	uint64_t lo, hi;
	memcpy(&lo, b, 8);
	memcpy(&hi, b + 8, 8);
	lo = le64toh(lo); /* bundles are little-endian on every IA-64 system */
	hi = le64toh(hi);
	const uint64_t m41 = (1ull << 41) - 1;
	*tmpl = lo & 31;
	slot[0] = (lo >> 5) & m41;
	slot[1] = ((lo >> 46) | (hi << 18)) & m41;
	slot[2] = (hi >> 23) & m41;
}
