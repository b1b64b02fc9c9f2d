// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the bundle format, templates and immediate formation. */
#include <string.h>

#include "ia64.h"
#include "optab.h"
#include "tap.h"

static void pack(uint8_t b[16], unsigned tmpl, const uint64_t s[3])
{
	uint64_t lo = (tmpl & 31) | (s[0] << 5) | (s[1] << 46);
	uint64_t hi = (s[1] >> 18) | (s[2] << 23);
	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(lo >> (8 * i));
		b[i + 8] = (uint8_t)(hi >> (8 * i));
	}
}

int main(void)
{
	ia64_init();

	/* Split is the inverse of packing, for every template and edge slots. */
	const uint64_t m41 = (1ull << 41) - 1;
	const uint64_t pats[4] = {0, m41, 0x15555555555ull & m41, 0x0aaaaaaaaaaull & m41};
	int split_ok = 1;
	for (unsigned t = 0; t < 32; t++)
		for (int a = 0; a < 4; a++)
			for (int c = 0; c < 4; c++) {
				uint64_t s[3] = {pats[a], pats[c], pats[(a + c) & 3]}, got[3];
				uint8_t b[16], tm;
				pack(b, t, s);
				ia64_bundle_split(b, &tm, got);
				split_ok &= tm == t && !memcmp(s, got, sizeof(s));
			}
	tap_ok(split_ok, "bundle split inverts packing for all templates");

	/* Reserved templates: 6, 7, 0x14, 0x15, 0x1a, 0x1b, 0x1e, 0x1f. */
	int nres = 0, res_ok = 1;
	for (unsigned t = 0; t < 32; t++) {
		uint8_t ty[3], st;
		bool valid = ia64_template(t, ty, &st);
		bool want_res = t == 6 || t == 7 || t == 0x14 || t == 0x15 || t == 0x1a || t == 0x1b ||
				t == 0x1e || t == 0x1f;
		res_ok &= valid != want_res;
		nres += !valid;
	}
	tap_ok(res_ok && nres == 8, "exactly the 8 reserved templates are reserved");

	uint8_t ty[3], st;
	ia64_template(0x0b, ty, &st);
	tap_ok(ty[0] == IA64_ST_M && ty[1] == IA64_ST_M && ty[2] == IA64_ST_I && st == 5,
	       "template 0x0b is M;;MI;; (stops after slots 0 and 2)");
	ia64_template(0x03, ty, &st);
	tap_ok(st == 6, "template 0x03 is MI;;I;;");
	ia64_template(0x05, ty, &st);
	tap_ok(ty[1] == IA64_ST_L && ty[2] == IA64_ST_X && st == 4, "template 0x05 is MLX;;");

	/* Immediates formed as the SDM says. */
	uint64_t slot = FV(36, 1) | FV(22, 0x1f) | FV(27, 0x1ff) | FV(13, 0x7f);
	tap_ok(ia64_opnd_value(IA64_OPND_IMM22, slot, 0) == -1, "imm22 all ones is -1");
	slot = FV(22, 1);
	tap_ok(ia64_opnd_value(IA64_OPND_IMM22, slot, 0) == 0x10000, "imm22 imm5c is bits 16..20");
	slot = FV(36, 1) | FV(13, 0x70);
	tap_ok(ia64_opnd_value(IA64_OPND_IMM8, slot, 0) == -16, "imm8 sign bit + 0x70 is -16");
	slot = FV(36, 1) | FV(27, 0x3f) | FV(13, 0x7f);
	tap_ok(ia64_opnd_value(IA64_OPND_IMM14, slot, 0) == -1, "imm14 all ones is -1");
	slot = FV(36, 1) | FV(13, 0);
	tap_ok(ia64_opnd_value(IA64_OPND_TGT25C, slot, 0) == -(1 << 24),
	       "target25 sign bit alone is -16M");
	slot = FV(13, 1);
	tap_ok(ia64_opnd_value(IA64_OPND_TGT25C, slot, 0) == 16, "target25 is scaled by 16");
	/* movl imm64: i | imm41 | ic | imm5c | imm9d | imm7b */
	uint64_t x = FV(36, 1) | FV(21, 1) | FV(22, 0x1f) | FV(27, 0x1ff) | FV(13, 0x7f);
	tap_ok(ia64_opnd_value(IA64_OPND_IMM64, x, m41) == -1, "imm64 all ones is -1");
	tap_ok((uint64_t)ia64_opnd_value(IA64_OPND_IMM64, FV(36, 1), 0) == 1ull << 63,
	       "imm64 i bit is bit 63");
	tap_ok(ia64_opnd_value(IA64_OPND_IMM64, 0, 1) == 1 << 22, "imm64 L slot starts at bit 22");
	tap_ok(ia64_opnd_value(IA64_OPND_INC3, FV(15, 1) | FV(13, 3), 0) == -1, "fetchadd inc3 -1");
	tap_ok(ia64_opnd_value(IA64_OPND_INC3, FV(13, 0), 0) == 16, "fetchadd inc3 16");
	tap_ok(ia64_opnd_value(IA64_OPND_CCNT5, FV(20, 31), 0) == 0, "pshl count5 = 31 - ccount5c");
	tap_ok(ia64_opnd_value(IA64_OPND_LEN6, FV(27, 63), 0) == 64, "len6 = field + 1");
	tap_ok(ia64_opnd_value(IA64_OPND_CPOS6C, FV(20, 0), 0) == 63, "dep.z pos = 63 - cpos6c");

	/* A bundle objdump shows as "[MII] adds r12=-16,r12 / addl r3=123456,r1 / mov r3=r4". */
	static const uint8_t known[16] = {0x00, 0x60, 0xc0, 0x19, 0x3f, 0x23, 0x30, 0x00,
					  0x16, 0x88, 0x4b, 0x60, 0x00, 0x20, 0x00, 0x84};
	struct ia64_bundle b;
	ia64_decode_bundle(known, &b);
	char t0[64], t1[64], t2[64];
	ia64_format_insn(t0, sizeof(t0), &b.insn[0], 0, NULL, NULL);
	ia64_format_insn(t1, sizeof(t1), &b.insn[1], 0, NULL, NULL);
	ia64_format_insn(t2, sizeof(t2), &b.insn[2], 0, NULL, NULL);
	tap_ok(b.tmpl == 0 && !strcmp(t0, "adds r12=-16,r12"), "slot 0: %s", t0);
	tap_ok(!strcmp(t1, "addl r3=123456,r1"), "slot 1: %s", t1);
	tap_ok(!strcmp(t2, "mov r3=r4"), "slot 2: %s", t2);
	tap_ok(b.insn[0].opnd[0].cls == IA64_OC_GR && b.insn[0].opnd[0].value == 12 &&
		       b.insn[0].opnd[1].cls == IA64_OC_IMM && b.insn[0].opnd[1].value == -16,
	       "adds operands decoded: r12, -16, r12");
	return tap_done();
}
