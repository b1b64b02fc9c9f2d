// SPDX-License-Identifier: GPL-2.0
/*
 * lol-afterburn --audit FILE...: every privileged or sensitive instruction in
 * the code sections of an ELF64 IA-64 object, executable or kernel must be
 * an annotated site (or lie in a wedge section .lol.wedge*, which may hold
 * them); every lol site break must have its record and every record its
 * break.  Prints the sites by kind; exits 1 when anything is unannotated or
 * inconsistent, 2 on bad input.
 *
 * Also the check behind LOL_AFTERBURN_VERIFY: the object assembled from the
 * afterburned text must equal the one assembled from the original, bundle for
 * bundle, but for the site slots, where the original instruction must be the
 * record's and the new one the right break.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"
#include "elf64.h"
#include "ia64.h"

#define R_IA64_DIR64LSB 0x27

struct rec {
	unsigned sec;    /* section of the site (0: unresolved) */
	uint64_t off;    /* bundle offset in sec | slot */
	uint64_t insn;
	uint16_t kind, flags;
	uint32_t nslots;
	const char *text;
	unsigned from;   /* the .lol.sites section holding it */
	bool seen;
};

struct recs {
	struct rec *r;
	size_t n, cap;
};

struct symtab {
	const Elf64_Sym *sym; /* unaligned-safe access through memcpy */
	size_t n;
	const char *str;
	size_t strsize;
};

static bool get_symtab(const struct elf64 *e, struct symtab *st)
{
	memset(st, 0, sizeof *st);
	for (unsigned i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type == SHT_SYMTAB) {
			const Elf64_Shdr *s = &e->sh[i];
			if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_link >= e->shnum)
				return false;
			st->sym = (const Elf64_Sym *)(e->data + s->sh_offset);
			st->n = s->sh_size / sizeof(Elf64_Sym);
			const Elf64_Shdr *ss = &e->sh[s->sh_link];
			st->str = (const char *)e->data + ss->sh_offset;
			st->strsize = ss->sh_type == SHT_NOBITS ? 0 : ss->sh_size;
			return true;
		}
	return true;
}

static const char *secname(const struct elf64 *e, unsigned i)
{
	const char *n = elf64_section_name(e, i);
	return n ? n : "";
}

static bool starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* The string at offset off of the linked or per-object .lol.sitestr. */
static const char *site_text(const struct elf64 *e, uint64_t off)
{
	for (unsigned i = 0; i < e->shnum; i++)
		if (!strcmp(secname(e, i), LOL_SITESTR_SECTION)) {
			const char *d = (const char *)elf64_section_data(e, i);
			uint64_t sz = e->sh[i].sh_size;
			if (d && off < sz && memchr(d + off, 0, sz - off))
				return d + off;
		}
	return "?";
}

static bool load_records(const struct elf64 *e, struct recs *rs, char *err, size_t errlen)
{
	bool rel = e->eh->e_type == ET_REL;
	struct symtab st;
	if (!get_symtab(e, &st)) {
		snprintf(err, errlen, "%s: bad symbol table", e->path);
		return false;
	}
	for (unsigned i = 0; i < e->shnum; i++) {
		const char *sn = secname(e, i);
		if (strcmp(sn, LOL_SITES_SECTION_PREFIX) &&
		    !(starts(sn, LOL_SITES_SECTION_PREFIX) && sn[strlen(LOL_SITES_SECTION_PREFIX)] == '.'))
			continue;
		const uint8_t *d = elf64_section_data(e, i);
		uint64_t sz = e->sh[i].sh_size;
		if (!d || sz % LOL_SITE_RECORD_SIZE) {
			snprintf(err, errlen, "%s: section %s: size %" PRIu64 " is not a multiple of %d", e->path,
				 secname(e, i), sz, LOL_SITE_RECORD_SIZE);
			return false;
		}
		const Elf64_Shdr *rsh = NULL;
		for (unsigned k = 0; k < e->shnum; k++)
			if (e->sh[k].sh_type == SHT_RELA && e->sh[k].sh_info == i)
				rsh = &e->sh[k];
		size_t nrel = rsh && rsh->sh_entsize == sizeof(Elf64_Rela) ? rsh->sh_size / sizeof(Elf64_Rela) : 0;
		const uint8_t *rd = rsh ? e->data + rsh->sh_offset : NULL;
		for (uint64_t o = 0; o < sz; o += LOL_SITE_RECORD_SIZE) {
			struct lol_site_record r;
			memcpy(&r, d + o, sizeof r);
			struct rec x = {0};
			x.insn = r.insn;
			x.kind = r.kind;
			x.flags = r.flags;
			x.nslots = r.nslots;
			x.from = i;
			uint64_t textoff = r.text;
			if (rel) {
				for (size_t k = 0; k < nrel; k++) {
					Elf64_Rela ra;
					memcpy(&ra, rd + k * sizeof ra, sizeof ra);
					if (ra.r_offset != o + LOL_SITE_REC_ADDR && ra.r_offset != o + LOL_SITE_REC_TEXT)
						continue;
					size_t si = ELF64_R_SYM(ra.r_info);
					if (ELF64_R_TYPE(ra.r_info) != R_IA64_DIR64LSB || si >= st.n) {
						snprintf(err, errlen, "%s: %s+0x%" PRIx64 ": unexpected relocation", e->path,
							 secname(e, i), (uint64_t)ra.r_offset);
						return false;
					}
					Elf64_Sym sy;
					memcpy(&sy, &st.sym[si], sizeof sy);
					if (ra.r_offset == o + LOL_SITE_REC_ADDR) {
						x.sec = sy.st_shndx;
						x.off = sy.st_value + (uint64_t)ra.r_addend;
					} else {
						textoff = sy.st_value + (uint64_t)ra.r_addend;
					}
				}
			} else {
				uint64_t a = r.addr & ~(uint64_t)15;
				for (unsigned k = 1; k < e->shnum; k++) {
					const Elf64_Shdr *s = &e->sh[k];
					if ((s->sh_flags & SHF_EXECINSTR) && a >= s->sh_addr && a - s->sh_addr < s->sh_size) {
						x.sec = k;
						x.off = r.addr - s->sh_addr;
					}
				}
			}
			x.text = site_text(e, textoff);
			if (rs->n == rs->cap) {
				rs->cap = rs->cap ? rs->cap * 2 : 256;
				rs->r = xrealloc(rs->r, rs->cap * sizeof *rs->r);
			}
			rs->r[rs->n++] = x;
		}
	}
	return true;
}

static int rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static struct rec *find_rec(struct recs *rs, unsigned sec, uint64_t off)
{
	struct rec key = {0};
	key.sec = sec;
	key.off = off;
	return rs->n ? bsearch(&key, rs->r, rs->n, sizeof *rs->r, rec_cmp) : NULL;
}

/* kind of a decoded privileged/sensitive instruction, as the rewriter names it */
static int kind_of_insn(const struct ia64_insn *in)
{
	char txt[128];
	struct ia64_insn x = *in;
	x.qp = 0;
	ia64_format_insn(txt, sizeof txt, &x, 0, NULL, NULL);
	/* reuse the rewriter's classifier on the disassembly */
	struct parsed p;
	parse_stmt(txt, 0, strlen(txt), &p);
	struct site_class sc;
	struct regctx rc = {0};
	rc.ins = rc.locs = rc.outs = -1;
	if (classify_insn(&rc, txt, &p, &sc) <= 0 || sc.kind < 0)
		return -1;
	return sc.kind;
}

/* An inline site: "(qp) movl rX = page + offset", the word the original reads
 * or writes (reads: into its own destination register). */
static bool inline_ok(const struct rec *r, const struct ia64_insn *x)
{
	if (!x->opc || strcmp(x->opc->name, "movl") || x->nopnd != 2 || x->qp != (r->insn & 63))
		return false;
	unsigned reg = (unsigned)((r->insn >> 20) & 0x7f);
	uint64_t imm24 = ((r->insn >> 6) & 0x1fffff) | (((r->insn >> 31) & 3) << 21) | (((r->insn >> 36) & 1) << 23);
	int off = -1;
	bool own_dest = false;
	switch (r->kind) {
	case LOL_SITE_MOV_FROM_CR: off = lol_vcpu_cr_offset(reg), own_dest = true; break;
	case LOL_SITE_MOV_FROM_KR: off = reg < 8 ? LOL_VCPU_OFF_KR + 8 * (int)reg : -1, own_dest = true; break;
	case LOL_SITE_MOV_TO_CR: off = reg >= 16 && reg <= 25 ? lol_vcpu_cr_offset(reg) : -1; break;
	case LOL_SITE_RSM:
		off = imm24 == 1 << 14 ? LOL_VCPU_OFF_PSR_I : imm24 == 1 << 13 || imm24 == (3 << 13) ? LOL_VCPU_OFF_PSR_IC : -1;
		break;
	case LOL_SITE_SSM: off = imm24 == 1 << 13 ? LOL_VCPU_OFF_PSR_IC : -1; break;
	default: break;
	}
	if (off < 0 || (uint64_t)x->opnd[1].value != (uint64_t)LOL_VCPU_PAGE_ADDR + (unsigned)off)
		return false;
	return !own_dest || x->opnd[0].value == (int64_t)((r->insn >> 6) & 0x7f);
}

struct counts {
	unsigned long kind[256], kind_inl[256], kind_nat[256];
	unsigned long sites, brk, native, inl, unannotated, bad;
};

static void print_insn(const char *path, const struct elf64 *e, unsigned sec, uint64_t off, const struct ia64_insn *in,
		       const char *what)
{
	char txt[128];
	ia64_format_insn(txt, sizeof txt, in, 0, NULL, NULL);
	uint64_t addr = e->sh[sec].sh_addr + (off & ~(uint64_t)15);
	fprintf(stderr, "%s: %s+0x%" PRIx64 " (0x%" PRIx64 " slot %u): %s: %s\n", path, secname(e, sec), off & ~(uint64_t)15,
		addr, (unsigned)(off & 3), what, txt);
}

static int audit_file(const char *path, bool verbose, bool quiet)
{
	struct elf64 e;
	char err[512];
	if (elf64_open(&e, path, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (e.eh->e_machine != EM_IA_64) {
		fprintf(stderr, "%s: not an IA-64 file (machine %u)\n", path, e.eh->e_machine);
		elf64_close(&e);
		return 2;
	}
	struct recs rs = {0};
	if (!load_records(&e, &rs, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		elf64_close(&e);
		return 2;
	}
	if (rs.n)
		qsort(rs.r, rs.n, sizeof *rs.r, rec_cmp);
	struct counts ct;
	memset(&ct, 0, sizeof ct);
	classify_init();
	for (size_t i = 0; i < rs.n; i++) {
		struct rec *r = &rs.r[i];
		if (!r->sec || r->sec >= e.shnum) {
			fprintf(stderr, "%s: site record %zu in %s points to no code section\n", path, i, secname(&e, r->from));
			ct.bad++;
			continue;
		}
		if (i && rs.r[i - 1].sec == r->sec && rs.r[i - 1].off == r->off) {
			fprintf(stderr, "%s: two site records for %s+0x%" PRIx64 "\n", path, secname(&e, r->sec), r->off);
			ct.bad++;
		}
		if (e.eh->e_type == ET_REL && (e.sh[r->from].sh_flags & SHF_LINK_ORDER) && e.sh[r->from].sh_link != r->sec) {
			fprintf(stderr, "%s: %s is linked to %s but holds a site in %s\n", path, secname(&e, r->from),
				secname(&e, e.sh[r->from].sh_link), secname(&e, r->sec));
			ct.bad++;
		}
	}
	for (unsigned s = 1; s < e.shnum; s++) {
		const Elf64_Shdr *sh = &e.sh[s];
		if (!(sh->sh_flags & SHF_EXECINSTR) || sh->sh_type == SHT_NOBITS)
			continue;
		bool wedge = starts(secname(&e, s), ".lol.wedge");
		const uint8_t *d = elf64_section_data(&e, s);
		for (uint64_t o = 0; d && o + 16 <= sh->sh_size; o += 16) {
			struct ia64_bundle b;
			ia64_decode_bundle(d + o, &b);
			if (b.reserved)
				continue;
			for (unsigned k = 0; k < 3; k++) {
				const struct ia64_insn *in = &b.insn[k];
				unsigned slot = in->slot;
				struct rec *r = find_rec(&rs, s, o | slot);
				if (in->type == IA64_ST_L) {
					/* the L slot: gas tags a movl there; inline sites */
					if (!r)
						continue;
					r->seen = true;
					if ((r->flags & LOL_SITE_F_INLINE) && inline_ok(r, &b.insn[2])) {
						ct.sites++;
						ct.inl++;
						ct.kind[r->kind & 255]++;
						ct.kind_inl[r->kind & 255]++;
					} else {
						print_insn(path, &e, s, o | 2, &b.insn[2], "site record does not match the code");
						fprintf(stderr, "%s:   record: kind %s, flags 0x%x, from %s\n", path,
							site_kind_name(r->kind), r->flags, r->text);
						ct.bad++;
					}
					continue;
				}
				bool sens = in->opc && (in->flags & (IA64_F_PRIV | IA64_F_SENSITIVE));
				bool lolbrk = in->opc && in->opc->op == IA64_OP_BREAK && in->nopnd &&
					      LOL_BREAK_IS_SITE((uint64_t)in->opnd[0].value & 0x1fffff);
				if (r) {
					r->seen = true;
					bool okk = true;
					if (r->flags & LOL_SITE_F_BREAK) {
						okk = lolbrk && (uint64_t)in->opnd[0].value == (uint64_t)LOL_BREAK_SITE(r->kind) &&
						      in->qp == (r->insn & 0x3f);
					} else if (r->flags & LOL_SITE_F_NATIVE) {
						okk = in->bits == r->insn;
					}
					/* the original must decode to a privileged/sensitive instruction of its kind */
					struct ia64_insn orig;
					unsigned type = in->type;
					if (okk && (!ia64_decode_slot(type, r->insn, 0, &orig) ||
						    !(orig.flags & (IA64_F_PRIV | IA64_F_SENSITIVE)) ||
						    kind_of_insn(&orig) != r->kind))
						okk = false;
					if (!okk) {
						print_insn(path, &e, s, o | slot, in, "site record does not match the code");
						fprintf(stderr, "%s:   record: kind %s, flags 0x%x, from %s\n", path,
							site_kind_name(r->kind), r->flags, r->text);
						ct.bad++;
						continue;
					}
					ct.sites++;
					ct.kind[r->kind & 255]++;
					if (r->flags & LOL_SITE_F_BREAK)
						ct.brk++;
					else if (r->flags & LOL_SITE_F_NATIVE)
						ct.native++, ct.kind_nat[r->kind & 255]++;
					else
						ct.inl++;
					continue;
				}
				if (wedge)
					continue;
				if (sens) {
					ct.unannotated++;
					if (verbose || ct.unannotated <= 20)
						print_insn(path, &e, s, o | slot, in, "not afterburned");
				} else if (lolbrk) {
					ct.bad++;
					print_insn(path, &e, s, o | slot, in, "lol site break without a record");
				}
			}
		}
	}
	for (size_t i = 0; i < rs.n; i++)
		if (rs.r[i].sec && rs.r[i].sec < e.shnum && !rs.r[i].seen &&
		    !(e.sh[rs.r[i].sec].sh_flags & SHF_EXECINSTR)) {
			fprintf(stderr, "%s: site record for %s+0x%" PRIx64 " outside code: %s\n", path,
				secname(&e, rs.r[i].sec), rs.r[i].off, rs.r[i].text);
			ct.bad++;
		}
	if (ct.unannotated > 20 && !verbose)
		fprintf(stderr, "%s: ... (-v lists all)\n", path);
	if (!quiet) {
		printf("%s: %lu sites (%lu break, %lu inline, %lu native), %lu not afterburned, %lu inconsistent\n", path,
		       ct.sites, ct.brk, ct.inl, ct.native, ct.unannotated, ct.bad);
		for (int k = 0; k < 256; k++) {
			if (!ct.kind[k])
				continue;
			printf("  %-18s %lu", site_kind_name(k), ct.kind[k]);
			if (ct.kind_inl[k])
				printf(" (%lu inline)", ct.kind_inl[k]);
			if (ct.kind_nat[k])
				printf(" (%lu native)", ct.kind_nat[k]);
			printf("\n");
		}
	}
	free(rs.r);
	elf64_close(&e);
	return ct.unannotated || ct.bad ? 1 : 0;
}

int audit_main(int argc, char **argv)
{
	bool verbose = false, quiet = false;
	int rc = 0, files = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = true;
			continue;
		}
		if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			quiet = true;
			continue;
		}
		files++;
		int r = audit_file(argv[i], verbose, quiet);
		if (r > rc)
			rc = r;
	}
	if (!files) {
		fprintf(stderr, "usage: lol-afterburn --audit [-v] [-q] FILE...\n");
		return 2;
	}
	return rc;
}

/* ---- verify: afterburned object against the original's ---- */

struct relkey {
	uint64_t off, addend;
	uint32_t type;
	const char *target;
};

static int relkey_cmp(const void *a, const void *b)
{
	const struct relkey *x = a, *y = b;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->addend != y->addend)
		return x->addend < y->addend ? -1 : 1;
	return strcmp(x->target, y->target);
}

static struct relkey *rel_keys(const struct elf64 *e, const struct symtab *st, unsigned rsec, size_t *n)
{
	const Elf64_Shdr *sh = &e->sh[rsec];
	size_t cnt = sh->sh_entsize == sizeof(Elf64_Rela) ? sh->sh_size / sizeof(Elf64_Rela) : 0;
	struct relkey *k = xmalloc((cnt + 1) * sizeof *k);
	for (size_t i = 0; i < cnt; i++) {
		Elf64_Rela ra;
		memcpy(&ra, e->data + sh->sh_offset + i * sizeof ra, sizeof ra);
		size_t si = ELF64_R_SYM(ra.r_info);
		const char *t = "?";
		if (si < st->n) {
			Elf64_Sym sy;
			memcpy(&sy, &st->sym[si], sizeof sy);
			if (ELF64_ST_TYPE(sy.st_info) == STT_SECTION && sy.st_shndx < e->shnum)
				t = secname(e, sy.st_shndx);
			else if (sy.st_name < st->strsize)
				t = st->str + sy.st_name;
		}
		k[i] = (struct relkey){ra.r_offset, (uint64_t)ra.r_addend, (uint32_t)ELF64_R_TYPE(ra.r_info), t};
	}
	qsort(k, cnt, sizeof *k, relkey_cmp);
	*n = cnt;
	return k;
}

static unsigned find_section(const struct elf64 *e, const char *name, unsigned nth)
{
	for (unsigned i = 1; i < e->shnum; i++)
		if (!strcmp(secname(e, i), name) && nth-- == 0)
			return i;
	return 0;
}

static unsigned nth_of(const struct elf64 *e, unsigned idx)
{
	unsigned n = 0;
	for (unsigned i = 1; i < idx; i++)
		if (!strcmp(secname(e, i), secname(e, idx)))
			n++;
	return n;
}

int verify_objects(const char *newpath, const char *origpath)
{
	return compare_objects(newpath, origpath, false);
}

int compare_objects(const char *newpath, const char *origpath, bool code_only)
{
	classify_init();
	unsigned long gpdiff = 0;
	struct elf64 a, b;
	char err[512];
	if (elf64_open(&a, newpath, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (elf64_open(&b, origpath, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		elf64_close(&a);
		return 2;
	}
	int bad = 0;
	struct recs rs = {0};
	struct symtab sa, sb;
	if (!load_records(&a, &rs, err, sizeof err) || !get_symtab(&a, &sa) || !get_symtab(&b, &sb)) {
		fprintf(stderr, "%s\n", err);
		bad = 2;
		goto out;
	}
	if (rs.n)
		qsort(rs.r, rs.n, sizeof *rs.r, rec_cmp);
	for (unsigned i = 1; i < b.shnum; i++) {
		const char *n = secname(&b, i);
		const Elf64_Shdr *hb = &b.sh[i];
		if (hb->sh_type == SHT_SYMTAB || hb->sh_type == SHT_STRTAB)
			continue;
		if (code_only && !(hb->sh_flags & SHF_EXECINSTR))
			continue;
		unsigned j = find_section(&a, n, nth_of(&b, i));
		if (!j) {
			fprintf(stderr, "verify: section %s is missing from the afterburned object\n", n);
			bad = 1;
			continue;
		}
		const Elf64_Shdr *ha = &a.sh[j];
		if (ha->sh_size != hb->sh_size || ha->sh_type != hb->sh_type || ha->sh_flags != hb->sh_flags) {
			fprintf(stderr, "verify: section %s differs in size/type/flags (%" PRIu64 " vs %" PRIu64 ")\n", n,
				(uint64_t)ha->sh_size, (uint64_t)hb->sh_size);
			bad = 1;
			continue;
		}
		if (hb->sh_type == SHT_RELA) {
			size_t na, nb;
			struct relkey *ka = rel_keys(&a, &sa, j, &na), *kb = rel_keys(&b, &sb, i, &nb);
			for (size_t k = 0; k < na && k < nb; k++)
				if (relkey_cmp(&ka[k], &kb[k])) {
					fprintf(stderr, "verify: %s: relocation at 0x%" PRIx64 " differs\n", n, kb[k].off);
					bad = 1;
					break;
				}
			free(ka);
			free(kb);
			continue;
		}
		if (hb->sh_type == SHT_NOBITS)
			continue;
		const uint8_t *da = elf64_section_data(&a, j), *db = elf64_section_data(&b, i);
		if (!memcmp(da, db, hb->sh_size))
			continue;
		if (!(hb->sh_flags & SHF_EXECINSTR)) {
			fprintf(stderr, "verify: section %s differs\n", n);
			bad = 1;
			continue;
		}
		for (uint64_t o = 0; o + 16 <= hb->sh_size && bad < 50; o += 16) {
			if (!memcmp(da + o, db + o, 16))
				continue;
			struct ia64_bundle ba, bb;
			ia64_decode_bundle(da + o, &ba);
			ia64_decode_bundle(db + o, &bb);
			if (ba.tmpl != bb.tmpl) {
				fprintf(stderr, "verify: %s+0x%" PRIx64 ": template changed\n", n, o);
				bad++;
				continue;
			}
			for (unsigned k = 0; k < 3; k++) {
				if (ba.slot[k] == bb.slot[k])
					continue;
				struct rec *r = find_rec(&rs, j, o | k);
				const struct ia64_insn *na = &ba.insn[k], *nb = &bb.insn[k];
				if (code_only && !r && na->opc && na->opc == nb->opc && !strcmp(na->opc->name, "addl") &&
				    na->qp == nb->qp && na->opnd[0].value == nb->opnd[0].value && na->opnd[2].value == 1 &&
				    nb->opnd[2].value == 1) {
					/* gp-relative: the linker's linkage table came out in
					 * another order (its hash of local symbols changed) */
					gpdiff++;
					continue;
				}
				bool ok = r && (r->flags & LOL_SITE_F_BREAK) && bb.slot[k] == r->insn && ba.insn[k].opc &&
					  ba.insn[k].opc->op == IA64_OP_BREAK &&
					  (uint64_t)ba.insn[k].opnd[0].value == (uint64_t)LOL_BREAK_SITE(r->kind) &&
					  ba.insn[k].qp == bb.insn[k].qp;
				if (!ok) {
					char t1[128], t2[128];
					ia64_format_insn(t1, sizeof t1, &bb.insn[k], 0, NULL, NULL);
					ia64_format_insn(t2, sizeof t2, &ba.insn[k], 0, NULL, NULL);
					fprintf(stderr, "verify: %s+0x%" PRIx64 " slot %u: \"%s\" became \"%s\"%s\n", n, o, k, t1,
						t2, r ? " (record does not match)" : " (not a site)");
					bad++;
				} else {
					r->seen = true;
				}
			}
		}
	}
	for (size_t i = 0; i < rs.n; i++)
		if (!rs.r[i].seen && (rs.r[i].flags & LOL_SITE_F_BREAK)) {
			fprintf(stderr, "verify: site %s: no change found at its address\n", rs.r[i].text);
			bad++;
		}
	if (code_only) {
		size_t seen = 0;
		for (size_t i = 0; i < rs.n; i++)
			seen += rs.r[i].seen;
		printf("%s: code equal to %s's but for %zu site slots, all recorded%s", newpath, origpath, seen,
		       bad ? " (NOT: see above)" : "");
		if (gpdiff)
			printf(", and %lu gp-relative offsets (addl r = imm, gp: the linkage table's order)", gpdiff);
		printf("\n");
	}
out:
	free(rs.r);
	elf64_close(&a);
	elf64_close(&b);
	return bad ? 1 : 0;
}

/* ---- post-patching: the breaks of sites gas had to place itself ---- */

static uint64_t break_encoding(unsigned unit, uint64_t imm, unsigned qp)
{
	size_t n;
	const struct ia64_opcode *ops = ia64_opcodes(&n);
	const char *name = unit == IA64_UNIT_M ? "break.m" : unit == IA64_UNIT_I ? "break.i" : "break.b";
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ops[i].name, name))
			return ops[i].match | ((imm & 0xfffff) << 6) | (((imm >> 20) & 1) << 36) | (qp & 63);
	return 0;
}

static void bundle_join(uint8_t b[16], uint8_t tmpl, const uint64_t slot[3])
{
	uint64_t lo = (uint64_t)tmpl | (slot[0] << 5) | (slot[1] << 46);
	uint64_t hi = (slot[1] >> 18) | (slot[2] << 23);
	for (int i = 0; i < 8; i++) {
		b[i] = (uint8_t)(lo >> (8 * i));
		b[8 + i] = (uint8_t)(hi >> (8 * i));
	}
}

int postpatch_object(const char *path)
{
	classify_init();
	struct elf64 e;
	char err[512];
	if (elf64_open(&e, path, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	struct recs rs = {0};
	int bad = 0;
	if (!load_records(&e, &rs, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		elf64_close(&e);
		return 2;
	}
	FILE *f = fopen(path, "r+b");
	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		bad = 2;
	}
	for (size_t i = 0; i < rs.n && f; i++) {
		struct rec *r = &rs.r[i];
		if (!(r->flags & LOL_SITE_F_POSTPATCH))
			continue;
		unsigned slot = (unsigned)(r->off & 3);
		uint64_t bo = r->off & ~(uint64_t)15;
		if (!r->sec || r->sec >= e.shnum || !(e.sh[r->sec].sh_flags & SHF_EXECINSTR) ||
		    e.sh[r->sec].sh_type == SHT_NOBITS || bo + 16 > e.sh[r->sec].sh_size || slot > 2) {
			fprintf(stderr, "%s: site %s: not in code\n", path, r->text);
			bad = 1;
			continue;
		}
		const uint8_t *d = elf64_section_data(&e, r->sec) + bo;
		struct ia64_bundle b;
		ia64_decode_bundle(d, &b);
		if (b.reserved || slot >= b.ninsn || b.slot[slot] != r->insn) {
			fprintf(stderr, "%s: site %s: the assembled instruction is not the recorded one\n", path, r->text);
			bad = 1;
			continue;
		}
		uint8_t types[3], stops;
		ia64_template(b.tmpl, types, &stops);
		unsigned unit = types[slot] == IA64_ST_M ? IA64_UNIT_M : types[slot] == IA64_ST_I ? IA64_UNIT_I : IA64_UNIT_B;
		uint64_t slots[3] = {b.slot[0], b.slot[1], b.slot[2]};
		slots[slot] = break_encoding(unit, LOL_BREAK_SITE(r->kind), (unsigned)(r->insn & 63));
		uint8_t nb[16];
		bundle_join(nb, b.tmpl, slots);
		if (fseek(f, (long)(e.sh[r->sec].sh_offset + bo), SEEK_SET) || fwrite(nb, 1, 16, f) != 16) {
			fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
			bad = 2;
			break;
		}
	}
	if (f && fclose(f)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		bad = 2;
	}
	free(rs.r);
	elf64_close(&e);
	return bad;
}
