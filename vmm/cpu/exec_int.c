// SPDX-License-Identifier: GPL-2.0
/*
 * Integer execution: the A unit's ALU and compares (A1-A8), the I unit's
 * shifts, field operations, tests and moves (I5, I7, I10-I30), moves to and
 * from application registers (I26-I28, M29-M31), and the M unit's
 * non-memory odds and ends (invala, mf, srlz, fc, psr.um, probe, ...).
 * Semantics: the instruction pages of SDM rev 2.3 vol 3.
 *
 * Every result carries the OR of its GR sources' NaT bits (vol 1 5.5.2);
 * moves to registers that cannot hold a NaT take a Register NaT
 * Consumption fault instead.
 */
#include "interp.h"
#include "jit.h"

#include "optab.h"

/* ---- small helpers ----------------------------------------------------------------------- */

static ALWAYS_INLINE uint64_t R(const struct cpu *c, unsigned r)
{
	return xget(c, r);
}

static ALWAYS_INLINE unsigned N(const struct cpu *c, unsigned r)
{
	return xnat(c, r);
}

static inline int64_t sext(uint64_t v, unsigned bits)
{
	return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static inline uint64_t mask_len(unsigned len)
{
	return len >= 64 ? ~0ull : (1ull << len) - 1;
}

static int nat_fault(struct cpu *cpu, const struct dslot *d)
{
	return cpu_fault(cpu, d, CPU_FAULT_NAT_CONSUMPTION, 0, 0);
}

static int reserved_field(struct cpu *cpu, const struct dslot *d)
{
	return cpu_fault(cpu, d, CPU_FAULT_RESERVED_REG, 0, 0);
}

/*
 * Hot handlers come in two variants: any registers (xget/xnat/xset), and
 * r0-r31 only, which decoding picks when every GR the instruction names is
 * static: there decoding also left in tgt the NaT-bit masks of the GR
 * sources (low half) and of r1 (high half), so SNATM gives the OR of all the
 * sources' NaT bits whatever register it is asked about (every body ORs all
 * of them), and SSETM writes r1.  BODY(G, NT, S) is written once.
 */
#define SNATM(cpu, r) ((unsigned)(((cpu)->gr_nat & (uint32_t)d->tgt) != 0))
#define SSETM(cpu, r, v, nat) sset_m(cpu, d, v, nat)

static ALWAYS_INLINE void sset_m(struct cpu *c, const struct dslot *d, uint64_t v, bool nat)
{
	c->gr[d->r1 & 31] = v;
	set_nat_bits(c, d->tgt >> 32, nat);
}

#define HANDLER2(name, BODY)                                                                       \
	static int name(struct cpu *cpu, const struct dslot *d)                                    \
	{                                                                                          \
		BODY(xget, xnat, xset)                                                             \
		return next_slot(cpu, d);                                                          \
	}                                                                                          \
	static int name##_s(struct cpu *cpu, const struct dslot *d)                                \
	{                                                                                          \
		BODY(sget, SNATM, SSETM)                                                           \
		return next_slot(cpu, d);                                                          \
	}
#define PICK(d, h) ((d)->maxgr < 32 ? h##_s : h)

/* ---- A unit: ALU ------------------------------------------------------------------------- */

#define B_ADD(G, NT, S)                                                                            \
	S(cpu, d->r1, G(cpu, d->r2) + G(cpu, d->r3) + (uint64_t)d->imm,                            \
	  NT(cpu, d->r2) | NT(cpu, d->r3));
#define B_SUB(G, NT, S)                                                                            \
	S(cpu, d->r1, G(cpu, d->r2) - G(cpu, d->r3) + (uint64_t)d->imm,                            \
	  NT(cpu, d->r2) | NT(cpu, d->r3));
#define B_ADDI(G, NT, S)                                                                           \
	S(cpu, d->r1, (uint64_t)d->imm + G(cpu, d->r3), NT(cpu, d->r3));
#define B_MOVI(G, NT, S)                                                                           \
	S(cpu, d->r1, (uint64_t)d->imm, false);
#define B_SUBI(G, NT, S)                                                                           \
	S(cpu, d->r1, (uint64_t)d->imm - G(cpu, d->r3), NT(cpu, d->r3));
#define B_SHLADD(G, NT, S)                                                                         \
	S(cpu, d->r1, (G(cpu, d->r2) << d->a) + G(cpu, d->r3), NT(cpu, d->r2) | NT(cpu, d->r3));
HANDLER2(h_add, B_ADD)
HANDLER2(h_sub, B_SUB)
HANDLER2(h_addi, B_ADDI)
HANDLER2(h_movi, B_MOVI)
HANDLER2(h_subi, B_SUBI)
HANDLER2(h_shladd, B_SHLADD)

/* and, or, xor, andcm: r1 = r2 op r3 (a, b), or imm8 op r3. */
#define B_LOGIC(G, NT, S, expr)                                                                    \
	{                                                                                          \
		uint64_t a = G(cpu, d->r2), b = G(cpu, d->r3);                                     \
		S(cpu, d->r1, expr, NT(cpu, d->r2) | NT(cpu, d->r3));                              \
	}
#define B_LOGICI(G, NT, S, expr)                                                                   \
	{                                                                                          \
		uint64_t a = (uint64_t)d->imm, b = G(cpu, d->r3);                                  \
		S(cpu, d->r1, expr, NT(cpu, d->r3));                                               \
	}
#define B_AND(G, NT, S) B_LOGIC(G, NT, S, a & b)
#define B_OR(G, NT, S) B_LOGIC(G, NT, S, a | b)
#define B_XOR(G, NT, S) B_LOGIC(G, NT, S, a ^ b)
#define B_ANDCM(G, NT, S) B_LOGIC(G, NT, S, a & ~b)
#define B_ANDI(G, NT, S) B_LOGICI(G, NT, S, a & b)
#define B_ORI(G, NT, S) B_LOGICI(G, NT, S, a | b)
#define B_XORI(G, NT, S) B_LOGICI(G, NT, S, a ^ b)
#define B_ANDCMI(G, NT, S) B_LOGICI(G, NT, S, a & ~b)
HANDLER2(h_and, B_AND)
HANDLER2(h_or, B_OR)
HANDLER2(h_xor, B_XOR)
HANDLER2(h_andcm, B_ANDCM)
HANDLER2(h_andi, B_ANDI)
HANDLER2(h_ori, B_ORI)
HANDLER2(h_xori, B_XORI)
HANDLER2(h_andcmi, B_ANDCMI)

/* addp4: a 32-bit sum with the region bits 62:61 taken from r3{31:30}. */
static inline uint64_t p4(uint64_t sum, uint64_t r3)
{
	return (sum & 0xffffffffull) | ((r3 >> 30) & 3) << 61;
}

static int h_addp4(struct cpu *cpu, const struct dslot *d)
{
	uint64_t b = R(cpu, d->r3);
	xset(cpu, d->r1, p4(R(cpu, d->r2) + b, b), N(cpu, d->r2) | N(cpu, d->r3));
	return next_slot(cpu, d);
}

static int h_addp4i(struct cpu *cpu, const struct dslot *d)
{
	uint64_t b = R(cpu, d->r3);
	xset(cpu, d->r1, p4((uint64_t)d->imm + b, b), N(cpu, d->r3));
	return next_slot(cpu, d);
}

static int h_shladdp4(struct cpu *cpu, const struct dslot *d)
{
	uint64_t b = R(cpu, d->r3);
	xset(cpu, d->r1, p4((R(cpu, d->r2) << d->a) + b, b), N(cpu, d->r2) | N(cpu, d->r3));
	return next_slot(cpu, d);
}

/* ---- compares and tests (A6-A8, I16, I17, I30) --------------------------------------------- */

/*
 * Fields: a = relation, b = type, c = 1 for cmp4, e = source (0 r2, 1 imm,
 * 2 r0 of A7), tgt = the qualifying predicate of the .unc forms (their qp
 * field is 0 so they always run: a false qp clears both targets).
 */
enum { SRC_R2, SRC_IMM, SRC_ZERO };

static inline void cmp_write(struct cpu *cpu, const struct dslot *d, bool rel, bool nat)
{
	switch (d->b) {
	case CT_AND:
		if (nat || !rel) {
			pr_set(cpu, d->p1, 0);
			pr_set(cpu, d->p2, 0);
		}
		break;
	case CT_OR:
		if (!nat && rel) {
			pr_set(cpu, d->p1, 1);
			pr_set(cpu, d->p2, 1);
		}
		break;
	case CT_OR_ANDCM:
		if (!nat && rel) {
			pr_set(cpu, d->p1, 1);
			pr_set(cpu, d->p2, 0);
		}
		break;
	default: /* none, unc */
		pr_set(cpu, d->p1, !nat && rel);
		pr_set(cpu, d->p2, !nat && !rel);
		break;
	}
}

/* .unc with a false qualifying predicate: both targets cleared. */
static inline bool unc_off(struct cpu *cpu, const struct dslot *d)
{
	if (d->b == CT_UNC && d->tgt && !pr_get(cpu, (unsigned)d->tgt)) {
		pr_set(cpu, d->p1, 0);
		pr_set(cpu, d->p2, 0);
		return true;
	}
	return false;
}

static int h_cmp(struct cpu *cpu, const struct dslot *d)
{
	if (unc_off(cpu, d))
		return next_slot(cpu, d);
	uint64_t a, b = R(cpu, d->r3);
	bool nat = N(cpu, d->r3);
	if (d->e == SRC_R2) {
		a = R(cpu, d->r2);
		nat |= N(cpu, d->r2);
	} else {
		a = (uint64_t)d->imm;
	}
	if (d->c) {
		if (d->a == REL_LTU) {
			a &= 0xffffffffull;
			b &= 0xffffffffull;
		} else {
			a = (uint64_t)sext(a, 32);
			b = (uint64_t)sext(b, 32);
		}
	}
	bool rel;
	switch (d->a) {
	case REL_EQ:
		rel = a == b;
		break;
	case REL_NE:
		rel = a != b;
		break;
	case REL_LT:
		rel = (int64_t)a < (int64_t)b;
		break;
	case REL_LE:
		rel = (int64_t)a <= (int64_t)b;
		break;
	case REL_GT:
		rel = (int64_t)a > (int64_t)b;
		break;
	case REL_GE:
		rel = (int64_t)a >= (int64_t)b;
		break;
	default:
		rel = a < b;
		break;
	}
	cmp_write(cpu, d, rel, nat);
	return next_slot(cpu, d);
}

/*
 * The forms of type none and .unc without the switches.  Decoding reduces
 * every relation to eq, lt or ltu on 64 or 32 bits (ne, ge: the targets
 * swapped; gt, le: the operands swapped too), the operands to r2 op r3,
 * imm op r3 or r3 op imm.  Variants: any or static registers, and any
 * predicates (pw_x), p0-p15 (pw_s: their masks in tgt, p1's in the low half,
 * p2's in the high half; p0's mask is 0) or .unc (pw_u: tgt = its qp).
 */
static inline void pw_x(struct cpu *cpu, const struct dslot *d, bool t, bool f)
{
	pr_set(cpu, d->p1, t);
	pr_set(cpu, d->p2, f);
}

/* Without a branch on the outcome, which the host could not predict. */
static inline void pw_s(struct cpu *cpu, const struct dslot *d, bool t, bool f)
{
	uint64_t m1 = (uint32_t)d->tgt, m2 = d->tgt >> 32;
	cpu->pr = (cpu->pr & ~(m1 | m2)) | (t ? m1 : 0) | (f ? m2 : 0);
}

/* .unc runs whatever its qp (decoding left it in tgt): a false one clears
 * both targets. */
static inline void pw_u(struct cpu *cpu, const struct dslot *d, bool t, bool f)
{
	if (d->tgt && !pr_get(cpu, (unsigned)d->tgt))
		t = f = false;
	pr_set(cpu, d->p1, t);
	pr_set(cpu, d->p2, f);
}

#define REL_eq64(a, b) ((a) == (b))
#define REL_eq32(a, b) ((uint32_t)(a) == (uint32_t)(b))
#define REL_lt64(a, b) ((int64_t)(a) < (int64_t)(b))
#define REL_lt32(a, b) ((int32_t)(a) < (int32_t)(b))
#define REL_ltu64(a, b) ((a) < (b))
#define REL_ltu32(a, b) ((uint32_t)(a) < (uint32_t)(b))

#define CMP_FAST(rel, G, NT, PW, sfx)                                                              \
	static int h_cmp_##rel##sfx(struct cpu *cpu, const struct dslot *d)                        \
	{                                                                                          \
		uint64_t a = G(cpu, d->r2), b = G(cpu, d->r3);                                     \
		bool nat = NT(cpu, d->r2) | NT(cpu, d->r3), r = REL_##rel(a, b);                   \
		PW(cpu, d, !nat && r, !nat && !r);                                                 \
		return next_slot(cpu, d);                                                          \
	}                                                                                          \
	static int h_cmpi_##rel##sfx(struct cpu *cpu, const struct dslot *d)                       \
	{                                                                                          \
		uint64_t a = (uint64_t)d->imm, b = G(cpu, d->r3);                                  \
		bool nat = NT(cpu, d->r3), r = REL_##rel(a, b);                                    \
		PW(cpu, d, !nat && r, !nat && !r);                                                 \
		return next_slot(cpu, d);                                                          \
	}                                                                                          \
	static int h_cmpri_##rel##sfx(struct cpu *cpu, const struct dslot *d)                      \
	{                                                                                          \
		uint64_t a = G(cpu, d->r3), b = (uint64_t)d->imm;                                  \
		bool nat = NT(cpu, d->r3), r = REL_##rel(a, b);                                    \
		PW(cpu, d, !nat && r, !nat && !r);                                                 \
		return next_slot(cpu, d);                                                          \
	}
#define CMP_ALL(rel)                                                                               \
	CMP_FAST(rel, xget, xnat, pw_x, )                                                          \
	CMP_FAST(rel, sget, snat, pw_x, _s)                                                        \
	CMP_FAST(rel, xget, xnat, pw_s, _p)                                                        \
	CMP_FAST(rel, sget, snat, pw_s, _sp)                                                       \
	CMP_FAST(rel, xget, xnat, pw_u, _u)
CMP_ALL(eq64)
CMP_ALL(eq32)
CMP_ALL(lt64)
CMP_ALL(lt32)
CMP_ALL(ltu64)
CMP_ALL(ltu32)

/* [eq, lt, ltu][cmp, cmp4][r2 op r3, imm op r3, r3 op imm][any, static registers]
 * [any, static predicates, .unc] */
#define CMP_FORM(rel, pfx)                                                                         \
	{{h_##pfx##_##rel, h_##pfx##_##rel##_p, h_##pfx##_##rel##_u},                              \
	 {h_##pfx##_##rel##_s, h_##pfx##_##rel##_sp, h_##pfx##_##rel##_u}}
#define CMP_FORMS(rel) {CMP_FORM(rel, cmp), CMP_FORM(rel, cmpi), CMP_FORM(rel, cmpri)}
static const cpu_handler cmp_fast[3][2][3][2][3] = {
    {CMP_FORMS(eq64), CMP_FORMS(eq32)},
    {CMP_FORMS(lt64), CMP_FORMS(lt32)},
    {CMP_FORMS(ltu64), CMP_FORMS(ltu32)},
};

/* tbit: a = bit position, c = 1 for .nz. */
static int h_tbit(struct cpu *cpu, const struct dslot *d)
{
	if (unc_off(cpu, d))
		return next_slot(cpu, d);
	bool bit = (R(cpu, d->r3) >> d->a) & 1;
	cmp_write(cpu, d, d->c ? bit : !bit, N(cpu, d->r3));
	return next_slot(cpu, d);
}

static int h_tnat(struct cpu *cpu, const struct dslot *d)
{
	if (unc_off(cpu, d))
		return next_slot(cpu, d);
	bool nat = N(cpu, d->r3);
	cmp_write(cpu, d, d->c ? nat : !nat, false);
	return next_slot(cpu, d);
}

/* tf: processor features 32-63; this cpu implements none of them. */
static int h_tf(struct cpu *cpu, const struct dslot *d)
{
	if (unc_off(cpu, d))
		return next_slot(cpu, d);
	bool feature = false;
	cmp_write(cpu, d, d->c ? feature : !feature, false);
	return next_slot(cpu, d);
}

/* ---- I unit: shifts and fields --------------------------------------------------------------- */

/* shl r1=r2,r3 (I7): counts above 63 give 0. */
#define B_SHL(G, NT, S)                                                                            \
	uint64_t n = G(cpu, d->r3);                                                                \
	S(cpu, d->r1, n > 63 ? 0 : G(cpu, d->r2) << n, NT(cpu, d->r2) | NT(cpu, d->r3));
/* shr{.u} r1=r3,r2 (I5): counts above 63 act as 63 (sign) or give 0. */
#define B_SHR(G, NT, S)                                                                            \
	uint64_t n = G(cpu, d->r2);                                                                \
	int64_t v = (int64_t)G(cpu, d->r3);                                                        \
	S(cpu, d->r1, (uint64_t)(v >> (n > 63 ? 63 : n)), NT(cpu, d->r2) | NT(cpu, d->r3));
#define B_SHRU(G, NT, S)                                                                           \
	uint64_t n = G(cpu, d->r2);                                                                \
	S(cpu, d->r1, n > 63 ? 0 : G(cpu, d->r3) >> n, NT(cpu, d->r2) | NT(cpu, d->r3));
/* shrp r1=r2,r3,count6 (I10): the low 64 bits of r2:r3 shifted right. */
#define B_SHRP(G, NT, S)                                                                           \
	uint64_t hi = G(cpu, d->r2), lo = G(cpu, d->r3);                                           \
	unsigned n = d->a;                                                                         \
	S(cpu, d->r1, n ? (lo >> n) | (hi << (64 - n)) : lo, NT(cpu, d->r2) | NT(cpu, d->r3));
/* extr{.u} r1=r3,pos6,len6 (I11): a = pos, b = len already cut to 64 - pos;
 * extr.u: imm = the mask of len bits. */
#define B_EXTRU(G, NT, S)                                                                          \
	S(cpu, d->r1, (G(cpu, d->r3) >> d->a) & (uint64_t)d->imm, NT(cpu, d->r3));
#define B_EXTR(G, NT, S)                                                                           \
	S(cpu, d->r1, (uint64_t)sext(G(cpu, d->r3) >> d->a, d->b), NT(cpu, d->r3));
/* dep.z r1=r2,pos6,len6 (I12): imm = the mask of len bits; r1=imm8,pos6,len6
 * (I13) is a constant (movi). */
#define B_DEPZ(G, NT, S)                                                                           \
	S(cpu, d->r1, (G(cpu, d->r2) & (uint64_t)d->imm) << d->a, NT(cpu, d->r2));
/* dep r1=r2,r3,pos6,len4 (I15) and r1=imm1,r3,pos6,len6 (I14, e = 1). */
#define B_DEP(G, NT, S)                                                                            \
	uint64_t v = d->e ? (uint64_t)d->imm : G(cpu, d->r2);                                      \
	bool nat = NT(cpu, d->r3) | (d->e ? false : NT(cpu, d->r2));                               \
	uint64_t m = mask_len(d->b) << d->a;                                                       \
	S(cpu, d->r1, (G(cpu, d->r3) & ~m) | ((v << d->a) & m), nat);
/* zxt/sxt (I29): a = source bits. */
#define B_ZXT(G, NT, S)                                                                            \
	S(cpu, d->r1, G(cpu, d->r3) & mask_len(d->a), NT(cpu, d->r3));
#define B_SXT(G, NT, S)                                                                            \
	S(cpu, d->r1, (uint64_t)sext(G(cpu, d->r3), d->a), NT(cpu, d->r3));
HANDLER2(h_shl, B_SHL)
HANDLER2(h_shr, B_SHR)
HANDLER2(h_shru, B_SHRU)
HANDLER2(h_shrp, B_SHRP)
HANDLER2(h_extru, B_EXTRU)
HANDLER2(h_extr, B_EXTR)
HANDLER2(h_depz, B_DEPZ)
HANDLER2(h_dep, B_DEP)
HANDLER2(h_zxt, B_ZXT)
HANDLER2(h_sxt, B_SXT)

/* ---- multimedia: the common forms without exec_mm.c's generic walk ---------------------------
 * mix, mux1 @rev/@brcst, mux2, modulo padd/psub, pcmp.eq, czx, popcnt and
 * clz, computed on the whole register at once (SWAR).  Fields: a = element
 * bits, b = variant (mix: 1 for .l; padd: 1 for psub; czx: 1 for .r), imm =
 * the mask of the elements' low (mix: even) positions or the mux2 mhtype. */

/* Bit 0 of every element of w bits, and the even elements' bits. */
static const uint64_t lsb_of[5] = {0, 0x0101010101010101ull, 0x0001000100010001ull, 0,
				   0x0000000100000001ull};
static const uint64_t even_of[5] = {0, 0x00ff00ff00ff00ffull, 0x0000ffff0000ffffull, 0,
				    0x00000000ffffffffull};

/* mix.r: the even elements of r2 go up into the odd positions, r3's stay;
 * mix.l: the odd elements of r3 go down into the even positions, r2's stay. */
static int h_mix(struct cpu *cpu, const struct dslot *d)
{
	uint64_t a = R(cpu, d->r2), b = R(cpu, d->r3), ev = (uint64_t)d->imm, r;
	if (d->b)
		r = (a & ~ev) | ((b & ~ev) >> d->a);
	else
		r = ((a & ev) << d->a) | (b & ev);
	xset(cpu, d->r1, r, N(cpu, d->r2) | N(cpu, d->r3));
	return next_slot(cpu, d);
}

/* mix4.r, mix4.l (the rotate idiom: mix4.r r = x, x then shr.u). */
#define B_MIX4R(G, NT, S)                                                                          \
	S(cpu, d->r1, G(cpu, d->r2) << 32 | (uint32_t)G(cpu, d->r3),                               \
	  NT(cpu, d->r2) | NT(cpu, d->r3));
#define B_MIX4L(G, NT, S)                                                                          \
	S(cpu, d->r1, (G(cpu, d->r2) & ~0xffffffffull) | G(cpu, d->r3) >> 32,                      \
	  NT(cpu, d->r2) | NT(cpu, d->r3));
HANDLER2(h_mix4r, B_MIX4R)
HANDLER2(h_mix4l, B_MIX4L)

/* ---- fused pairs ------------------------------------------------------------------------------
 * Two neighbouring slots of a block that are both ALU ops of FUSE_OPS, the
 * second with no qualifying predicate,
 * run as one handler: the first's body on its slot, then the second's on
 * the next, then on to the slot after; one dispatch less.  The second slot
 * keeps its own handler, for when the first's qp is false, and the run loop
 * runs single slots with the unfused handler (interp.c: a block's single[]),
 * so budgets and frame checks stop between them as before.  None of these
 * ops can fault.  Two with static registers only have a pair of their _s
 * bodies, the others of the any-register bodies. */
#define FUSE_OPS1(X, A)                                                                            \
	X(A, add, B_ADD) X(A, sub, B_SUB) X(A, addi, B_ADDI) X(A, movi, B_MOVI)                    \
	X(A, shladd, B_SHLADD) X(A, and, B_AND) X(A, or, B_OR) X(A, xor, B_XOR)                    \
	X(A, andcm, B_ANDCM) X(A, andi, B_ANDI) X(A, ori, B_ORI) X(A, xori, B_XORI)                \
	X(A, andcmi, B_ANDCMI) X(A, extru, B_EXTRU) X(A, depz, B_DEPZ) X(A, mix4r, B_MIX4R)        \
	X(A, zxt, B_ZXT) X(A, sxt, B_SXT) X(A, shrp, B_SHRP)
/* the same list, for the outer loop (a macro cannot expand inside itself) */
#define FUSE_OPS0(X)                                                                               \
	X(add, B_ADD) X(sub, B_SUB) X(addi, B_ADDI) X(movi, B_MOVI) X(shladd, B_SHLADD)            \
	X(and, B_AND) X(or, B_OR) X(xor, B_XOR) X(andcm, B_ANDCM) X(andi, B_ANDI) X(ori, B_ORI)    \
	X(xori, B_XORI) X(andcmi, B_ANDCMI) X(extru, B_EXTRU) X(depz, B_DEPZ) X(mix4r, B_MIX4R)    \
	X(zxt, B_ZXT) X(sxt, B_SXT) X(shrp, B_SHRP)
#define FUSE_N 19

#define FUSED_ONE(A, b, BB)                                                                        \
	static int hf_##A##_##b(struct cpu *cpu, const struct dslot *d0)                           \
	{                                                                                          \
		{                                                                                  \
			const struct dslot *d = d0;                                                \
			FUSE_BODY_##A(sget, SNATM, SSETM)                                          \
		}                                                                                  \
		{                                                                                  \
			const struct dslot *d = d0 + 1;                                            \
			BB(sget, SNATM, SSETM)                                                     \
		}                                                                                  \
		return next_slot(cpu, d0 + 1);                                                     \
	}                                                                                          \
	static int hfx_##A##_##b(struct cpu *cpu, const struct dslot *d0)                          \
	{                                                                                          \
		{                                                                                  \
			const struct dslot *d = d0;                                                \
			FUSE_BODY_##A(xget, xnat, xset)                                            \
		}                                                                                  \
		{                                                                                  \
			const struct dslot *d = d0 + 1;                                            \
			BB(xget, xnat, xset)                                                       \
		}                                                                                  \
		return next_slot(cpu, d0 + 1);                                                     \
	}
#define FUSED_ROW(a, BA) FUSE_OPS1(FUSED_ONE, a)
#define FUSE_BODY_add B_ADD
#define FUSE_BODY_sub B_SUB
#define FUSE_BODY_addi B_ADDI
#define FUSE_BODY_movi B_MOVI
#define FUSE_BODY_shladd B_SHLADD
#define FUSE_BODY_and B_AND
#define FUSE_BODY_or B_OR
#define FUSE_BODY_xor B_XOR
#define FUSE_BODY_andcm B_ANDCM
#define FUSE_BODY_andi B_ANDI
#define FUSE_BODY_ori B_ORI
#define FUSE_BODY_xori B_XORI
#define FUSE_BODY_andcmi B_ANDCMI
#define FUSE_BODY_extru B_EXTRU
#define FUSE_BODY_depz B_DEPZ
#define FUSE_BODY_mix4r B_MIX4R
#define FUSE_BODY_zxt B_ZXT
#define FUSE_BODY_sxt B_SXT
#define FUSE_BODY_shrp B_SHRP
FUSE_OPS0(FUSED_ROW)

#define FUSED_PTR(A, b, BB) hf_##A##_##b,
#define FUSED_PTR_ROW(a, BA) {FUSE_OPS1(FUSED_PTR, a)},
#define FUSEDX_PTR(A, b, BB) hfx_##A##_##b,
#define FUSEDX_PTR_ROW(a, BA) {FUSE_OPS1(FUSEDX_PTR, a)},
/* [any register][first][second]: _s pairs, the others */
static const cpu_handler fused[2][FUSE_N][FUSE_N] = {{FUSE_OPS0(FUSED_PTR_ROW)},
						     {FUSE_OPS0(FUSEDX_PTR_ROW)}};
#define SINGLE_PTR(a, BA) h_##a##_s,
#define SINGLEX_PTR(a, BA) h_##a,
static const cpu_handler fuse_single[2][FUSE_N] = {{FUSE_OPS0(SINGLE_PTR)},
						   {FUSE_OPS0(SINGLEX_PTR)}};

/* The op's index in FUSE_OPS, + FUSE_N for the any-register handler; -1. */
static int fuse_index(cpu_handler fn)
{
	for (int i = 0; i < 2 * FUSE_N; i++)
		if (fuse_single[i / FUSE_N][i % FUSE_N] == fn)
			return i;
	return -1;
}

unsigned cpu_fuse(struct dslot *s, unsigned n)
{
	unsigned pairs = 0;
	for (unsigned i = 0; i + 1 < n; i++) {
		int a = fuse_index(s[i].fn), b;
		if (a < 0 || s[i + 1].qp || (b = fuse_index(s[i + 1].fn)) < 0)
			continue;
		s[i].fn = fused[a >= FUSE_N || b >= FUSE_N][a % FUSE_N][b % FUSE_N];
		pairs++;
		i++; /* the second is taken */
	}
	return pairs;
}

static int h_mux1_rev(struct cpu *cpu, const struct dslot *d)
{
	xset(cpu, d->r1, __builtin_bswap64(R(cpu, d->r2)), N(cpu, d->r2));
	return next_slot(cpu, d);
}

static int h_mux1_brcst(struct cpu *cpu, const struct dslot *d)
{
	xset(cpu, d->r1, (R(cpu, d->r2) & 0xff) * 0x0101010101010101ull, N(cpu, d->r2));
	return next_slot(cpu, d);
}

/* mux2: result element i is source element (mhtype >> 2i) & 3. */
static int h_mux2(struct cpu *cpu, const struct dslot *d)
{
	uint64_t a = R(cpu, d->r2), r = 0;
	unsigned m = (unsigned)d->imm;
	for (unsigned i = 0; i < 4; i++)
		r |= ((a >> 16 * ((m >> 2 * i) & 3)) & 0xffff) << 16 * i;
	xset(cpu, d->r1, r, N(cpu, d->r2));
	return next_slot(cpu, d);
}

/* Element-wise modulo add/subtract: the top bit of each element is summed
 * apart so that no carry crosses into the next element. */
static int h_padd(struct cpu *cpu, const struct dslot *d)
{
	uint64_t a = R(cpu, d->r2), b = R(cpu, d->r3), h = (uint64_t)d->imm, r;
	if (d->b)
		r = ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
	else
		r = ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
	xset(cpu, d->r1, r, N(cpu, d->r2) | N(cpu, d->r3));
	return next_slot(cpu, d);
}

/* The top bit of every zero element of x (imm: the elements' top bits). */
static inline uint64_t zero_elems(uint64_t x, uint64_t h)
{
	return ~(((x & ~h) + ~h) | x) & h;
}

static int h_pcmp_eq(struct cpu *cpu, const struct dslot *d)
{
	uint64_t h = (uint64_t)d->imm;
	uint64_t z = zero_elems(R(cpu, d->r2) ^ R(cpu, d->r3), h);
	/* each marked top bit becomes its whole element */
	uint64_t r = (z << 1) - (z >> (d->a - 1));
	xset(cpu, d->r1, r, N(cpu, d->r2) | N(cpu, d->r3));
	return next_slot(cpu, d);
}

/* czx.l counts elements from the most significant end, czx.r from the
 * least; the element count when none is zero. */
static int h_czx(struct cpu *cpu, const struct dslot *d)
{
	uint64_t z = zero_elems(R(cpu, d->r3), (uint64_t)d->imm), r;
	if (!z)
		r = 64 / d->a;
	else if (d->b)
		r = (uint64_t)__builtin_ctzll(z) / d->a;
	else
		r = (uint64_t)__builtin_clzll(z) / d->a;
	xset(cpu, d->r1, r, N(cpu, d->r3));
	return next_slot(cpu, d);
}

static int h_popcnt(struct cpu *cpu, const struct dslot *d)
{
	xset(cpu, d->r1, (uint64_t)__builtin_popcountll(R(cpu, d->r3)), N(cpu, d->r3));
	return next_slot(cpu, d);
}

static int h_clz(struct cpu *cpu, const struct dslot *d)
{
	uint64_t v = R(cpu, d->r3);
	xset(cpu, d->r1, v ? (uint64_t)__builtin_clzll(v) : 64, N(cpu, d->r3));
	return next_slot(cpu, d);
}

bool cpu_decode_mm_fast(struct dslot *d, const struct ia64_insn *in)
{
	const struct ia64_opcode *o = in->opc;
	unsigned w = o->sub1 * 8u;
	bool std = w == 8 || w == 16 || w == 32;
	switch (o->op) {
	case IA64_OP_MIX:
		if (!std)
			return false;
		if (w == 32) {
			d->fn = o->sub2 == 1 ? PICK(d, h_mix4l) : PICK(d, h_mix4r);
			return true;
		}
		d->fn = h_mix;
		d->a = (uint8_t)w;
		d->b = o->sub2 == 1;
		d->imm = (int64_t)even_of[w / 8];
		return true;
	case IA64_OP_MUX:
		if (in->nopnd < 3)
			return false;
		if (o->sub1 == 2) {
			d->fn = h_mux2;
			d->imm = in->opnd[2].value & 0xff;
			return true;
		}
		switch (in->opnd[2].value & 0xf) {
		case 0x0:
			d->fn = h_mux1_brcst;
			return true;
		case 0xb:
			d->fn = h_mux1_rev;
			return true;
		default:
			return false;
		}
	case IA64_OP_PADD:
	case IA64_OP_PSUB:
		if (!std || o->sub2 != IA64_SAT_NONE)
			return false;
		d->fn = h_padd;
		d->b = o->op == IA64_OP_PSUB;
		d->imm = (int64_t)(lsb_of[w / 8] << (w - 1));
		return true;
	case IA64_OP_PCMP:
		if (!std || o->sub2 != IA64_REL_EQ)
			return false;
		d->fn = h_pcmp_eq;
		d->a = (uint8_t)w;
		d->imm = (int64_t)(lsb_of[w / 8] << (w - 1));
		return true;
	case IA64_OP_CZX:
		if (w != 8 && w != 16)
			return false;
		d->fn = h_czx;
		d->a = (uint8_t)w;
		d->b = o->sub2 == 1;
		d->imm = (int64_t)(lsb_of[w / 8] << (w - 1));
		return true;
	case IA64_OP_POPCNT:
		d->fn = h_popcnt;
		return true;
	case IA64_OP_CLZ:
		d->fn = h_clz;
		return true;
	default:
		return false;
	}
}

/* ---- moves: branch registers, predicates, ip --------------------------------------------- */

/* mov b1=r2 (I21): a = b1. */
static int h_mov_to_br(struct cpu *cpu, const struct dslot *d)
{
	if (N(cpu, d->r2))
		return nat_fault(cpu, d);
	cpu->br[d->a] = R(cpu, d->r2);
	return next_slot(cpu, d);
}

/* mov r1=b2 (I22): a = b2. */
static int h_mov_from_br(struct cpu *cpu, const struct dslot *d)
{
	xset(cpu, d->r1, cpu->br[d->a], false);
	return next_slot(cpu, d);
}

/* The broadside predicate moves work "as if CFM.rrb.pr were zero" (SDM vol 1
 * 4.3.5, vol 3 mov pr): on the physical predicates, so code may save pr,
 * rotate, and restore it (glibc's memcpy does). */

/* mov pr=r2,mask17 (I23): p0 untouched. */
static int h_mov_to_pr(struct cpu *cpu, const struct dslot *d)
{
	if (N(cpu, d->r2))
		return nat_fault(cpu, d);
	uint64_t m = (uint64_t)d->imm & ~1ull;
	cpu->pr = (cpu->pr & ~m) | (R(cpu, d->r2) & m) | 1;
	return next_slot(cpu, d);
}

/* mov pr.rot=imm44 (I24): p16-p63 from the immediate, p1-p15 kept. */
static int h_mov_to_pr_rot(struct cpu *cpu, const struct dslot *d)
{
	cpu->pr = (cpu->pr & 0xffff) | ((uint64_t)d->imm & ~0xffffull) | 1;
	return next_slot(cpu, d);
}

static int h_mov_from_pr(struct cpu *cpu, const struct dslot *d)
{
	xset(cpu, d->r1, cpu->pr | 1, false);
	return next_slot(cpu, d);
}

/* ---- application registers ----------------------------------------------------------------- */

enum ar_kind { AK_RESERVED, AK_IGNORED, AK_OK };

/* Which unit may name which register (SDM vol 1 table 3-3, vol 3 mov ar). */
static enum ar_kind ar_kind(unsigned ar, bool i_unit)
{
	if (i_unit) {
		if (ar >= AR_PFS && ar <= AR_EC)
			return AK_OK;
		return ar >= 112 ? AK_IGNORED : AK_RESERVED;
	}
	if (ar <= 7 || (ar >= AR_RSC && ar <= AR_RNAT) || ar == AR_FCR ||
	    (ar >= AR_EFLAG && ar <= AR_FDR) || ar == AR_CCV || ar == AR_UNAT || ar == AR_FPSR ||
	    ar == AR_ITC || ar == AR_RUC)
		return AK_OK;
	return ar >= 48 && ar <= 63 ? AK_IGNORED : AK_RESERVED;
}

/* Register fields that must be written as zero (reserved fields). */
static uint64_t ar_reserved_mask(unsigned ar)
{
	switch (ar) {
	case AR_RSC:
		return ~0ull << 30 | 0xffe0ull; /* bits 5..15, 30..63 */
	case AR_PFS:
		return 0x3fffull << 38 | 0xfull << 58;
	case AR_FPSR:
		return 0x3full << 58;
	default:
		return 0;
	}
}

/* Fields written values are cut to (ignored fields). */
static uint64_t ar_write_mask(unsigned ar)
{
	switch (ar) {
	case AR_EC:
		return 0x3f;
	case AR_RNAT:
		return ~(1ull << 63);
	case AR_BSPSTORE:
		return ~7ull;
	default:
		return ~0ull;
	}
}

static int ar_write(struct cpu *cpu, const struct dslot *d, unsigned ar, uint64_t v)
{
	enum ar_kind k = ar_kind(ar, d->e);
	if (k == AK_RESERVED || ar == AR_BSP)
		return cpu_illegal(cpu, d);
	if ((ar == AR_BSPSTORE || ar == AR_RNAT) && (cpu->ar[AR_RSC] & 3))
		return cpu_illegal(cpu, d);
	if (v & ar_reserved_mask(ar))
		return reserved_field(cpu, d);
	if (k == AK_IGNORED)
		return XR_NEXT;
	v &= ar_write_mask(ar);
	switch (ar) {
	case AR_RSC:
		SENSITIVE_CHECK(cpu, d);
		/* rsc.pl cannot be more privileged than the current level */
		if (((v >> 2) & 3) < psr_cpl(cpu))
			v = (v & ~0xcull) | (uint64_t)psr_cpl(cpu) << 2;
		break;
	case AR_BSPSTORE:
		SENSITIVE_CHECK(cpu, d);
		rse_set_bspstore(cpu, v);
		return XR_NEXT;
	default:
		break;
	}
	cpu->ar[ar] = v;
	return XR_NEXT;
}

static int ar_read(struct cpu *cpu, const struct dslot *d, unsigned ar, uint64_t *v)
{
	enum ar_kind k = ar_kind(ar, d->e);
	if (k == AK_RESERVED)
		return cpu_illegal(cpu, d);
	if ((ar == AR_BSPSTORE || ar == AR_RNAT) && (cpu->ar[AR_RSC] & 3))
		return cpu_illegal(cpu, d);
	if (k == AK_IGNORED) {
		*v = 0;
		return XR_NEXT;
	}
	if (ar <= 7 || ar == AR_ITC || ar == AR_RUC) {
		SENSITIVE_CHECK(cpu, d);
		if (ar == AR_ITC || ar == AR_RUC) {
			/* psr.si makes the counter privileged to read */
			if ((cpu->psr >> 23) & 1 && psr_cpl(cpu))
				return cpu_privop(cpu, d);
			*v = cpu_itc(cpu);
			return XR_NEXT;
		}
	}
	*v = cpu->ar[ar];
	return XR_NEXT;
}

/* mov ar3=r2 (a = ar3), mov ar3=imm8 (e: I unit). */
static int h_mov_to_ar(struct cpu *cpu, const struct dslot *d)
{
	if (N(cpu, d->r2))
		return nat_fault(cpu, d);
	int r = ar_write(cpu, d, d->a, R(cpu, d->r2));
	return r != XR_NEXT ? r : next_slot(cpu, d);
}

static int h_mov_to_ari(struct cpu *cpu, const struct dslot *d)
{
	int r = ar_write(cpu, d, d->a, (uint64_t)d->imm);
	return r != XR_NEXT ? r : next_slot(cpu, d);
}

static int h_mov_from_ar(struct cpu *cpu, const struct dslot *d)
{
	uint64_t v = 0;
	int r = ar_read(cpu, d, d->a, &v);
	if (r != XR_NEXT)
		return r;
	xset(cpu, d->r1, v, false);
	return next_slot(cpu, d);
}

/* Fast paths for the loop registers. */
static int h_mov_to_lc(struct cpu *cpu, const struct dslot *d)
{
	if (N(cpu, d->r2))
		return nat_fault(cpu, d);
	cpu->ar[AR_LC] = R(cpu, d->r2);
	return next_slot(cpu, d);
}

/* ---- psr.um, user-mask and misc M-unit ops ----------------------------------------------- */

/* mov psr.um=r2 (M35): bits 1..5 (be, up, ac, mfl, mfh); bit 0 is reserved,
 * the bits above the user mask are not written. */
static int h_mov_to_psrum(struct cpu *cpu, const struct dslot *d)
{
	if (N(cpu, d->r2))
		return nat_fault(cpu, d);
	uint64_t v = R(cpu, d->r2);
	if (v & 1)
		return reserved_field(cpu, d);
	cpu->psr = (cpu->psr & ~0x3eull) | (v & 0x3e);
	return next_slot(cpu, d);
}

static int h_mov_from_psrum(struct cpu *cpu, const struct dslot *d)
{
	xset(cpu, d->r1, cpu->psr & 0x3f, false);
	return next_slot(cpu, d);
}

/* sum/rum imm24 (M44): only the user mask bits. */
static int h_sum(struct cpu *cpu, const struct dslot *d)
{
	uint64_t m = (uint64_t)d->imm;
	if (m & ~0x3eull)
		return reserved_field(cpu, d);
	if (d->a)
		cpu->psr &= ~m;
	else
		cpu->psr |= m;
	return next_slot(cpu, d);
}

static int h_invala(struct cpu *cpu, const struct dslot *d)
{
	(void)d;
	alat_clear(cpu);
	return next_slot(cpu, d);
}

static int h_invala_e(struct cpu *cpu, const struct dslot *d)
{
	if (d->e)
		alat_inval_reg(cpu, fr_index(cpu, d->a), true);
	else
		alat_inval_reg(cpu, alat_gr_tag(cpu, d->r1), false);
	return next_slot(cpu, d);
}

static int h_mf(struct cpu *cpu, const struct dslot *d)
{
	(void)cpu;
	(void)d;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return next_slot(cpu, d);
}

static int h_nothing(struct cpu *cpu, const struct dslot *d)
{
	(void)cpu;
	(void)d;
	return next_slot(cpu, d);
}

/* fc, fc.i: decoded blocks are checked against memory again before they
 * next run (cpu_code_changed); the address is still a reference (NaT
 * faults). */
static int h_fc(struct cpu *cpu, const struct dslot *d)
{
	SENSITIVE_CHECK(cpu, d);
	if (N(cpu, d->r3))
		return nat_fault(cpu, d);
	cpu_code_changed();
	return next_slot(cpu, d);
}

/* sync.i, srlz.i: new code is to be seen from here on (the SDM's
 * self-modifying code sequence ends with them). */
static int h_code_sync(struct cpu *cpu, const struct dslot *d)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	cpu_code_changed();
	return next_slot(cpu, d);
}

/* probe (M38-M40): a = rights asked (1 r, 2 w, 3 rw), b = form. */
static int h_probe(struct cpu *cpu, const struct dslot *d)
{
	SENSITIVE_CHECK(cpu, d);
	if (N(cpu, d->r3) || (d->b == 0 && N(cpu, d->r2))) {
		if (d->b == 2)
			return nat_fault(cpu, d);
		xset(cpu, d->r1, 0, true);
		return next_slot(cpu, d);
	}
	uint64_t va = R(cpu, d->r3);
	enum cpu_fault f = CPU_FAULT_NONE;
	bool ok = true;
	if ((d->a & 1) && !cpu_translate(cpu, va, CPU_ACC_READ, &f))
		ok = false;
	if (ok && (d->a & 2) && !cpu_translate(cpu, va, CPU_ACC_WRITE, &f))
		ok = false;
	if (d->b == 2) {
		if (!ok)
			return cpu_fault(cpu, d, f, va, d->a & 2 ? CPU_ACC_WRITE : CPU_ACC_READ);
		return next_slot(cpu, d);
	}
	xset(cpu, d->r1, ok, false);
	return next_slot(cpu, d);
}

/* thash/ttag (M46): no VHPT is visible to user code; ttag's "invalid" tag
 * bit (63) is set. */
static int h_thash(struct cpu *cpu, const struct dslot *d)
{
	SENSITIVE_CHECK(cpu, d);
	xset(cpu, d->r1, d->a ? 1ull << 63 : 0, N(cpu, d->r3));
	return next_slot(cpu, d);
}

/* mov r1=cpuid[r3] / pmd[r3] (M43): a = register file. */
static int h_mov_from_ind(struct cpu *cpu, const struct dslot *d)
{
	SENSITIVE_CHECK(cpu, d);
	if (N(cpu, d->r3))
		return nat_fault(cpu, d);
	uint64_t i = R(cpu, d->r3), v = 0;
	if (d->a == 7) {
		/* cpuid 0-1 vendor, 3 version: 4 registers, family 0x1f
		 * (Itanium 2); 4 features: none (SDM vol 1 3.1.11) */
		static const uint64_t cpuid[5] = {0x49656e69756e6547ull, 0x6c65746eull, 0,
						  0x1f0000004ull, 0};
		if (i > 4)
			return reserved_field(cpu, d);
		v = cpuid[i];
	}
	xset(cpu, d->r1, v, false);
	return next_slot(cpu, d);
}

static int h_break(struct cpu *cpu, const struct dslot *d)
{
	struct cpu_exit *x = &cpu->dcache->exit;
	memset(x, 0, sizeof(*x));
	x->kind = CPU_EXIT_BREAK;
	x->imm = (uint64_t)d->imm;
	x->insn = *d->insn;
	return leave(cpu, d, XR_EXIT);
}

/* ---- decoding ------------------------------------------------------------------------------ */


/* Compares and tests: the .unc forms run whatever their qp (tgt keeps it). */
static void decode_cmp_type(struct dslot *d, const struct ia64_insn *in, unsigned ctype)
{
	d->b = (uint8_t)ctype;
	if (d->p1 == d->p2) {
		/* Illegal Operation fault, for .unc even with a false qp */
		d->fn = h_illegal;
		if (ctype == CT_UNC)
			d->qp = 0;
		return;
	}
	if (ctype == CT_UNC) {
		d->tgt = in->qp;
		d->qp = 0;
	}
}

bool cpu_decode_int(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip)
{
	(void)cpu;
	const struct ia64_opcode *o = in->opc;
	uint64_t bits = in->bits;
	switch (o->op) {
	case IA64_OP_BREAK:
		d->fn = h_break;
		d->imm = opnd_of(in, o->unit == IA64_UNIT_X ? IA64_OPND_IMM62 : IA64_OPND_IMM21);
		return true;
	case IA64_OP_NOP:
	case IA64_OP_HINT:
	case IA64_OP_MOV_TO_DAHR:
	case IA64_OP_FWB:
		d->fn = h_nothing;
		return true;
	case IA64_OP_SRLZ:
		d->fn = o->sub1 ? h_code_sync : h_nothing; /* srlz.i, srlz.d */
		return true;

	case IA64_OP_ADD:
		if (o->format == 1) {
			d->fn = PICK(d, h_add);
			d->imm = o->sub1;
		} else if (d->r3 == 0) {
			d->fn = PICK(d, h_movi);
			d->imm = opnd_of(in, o->format == 5 ? IA64_OPND_IMM22 : IA64_OPND_IMM14);
		} else {
			d->fn = PICK(d, h_addi);
			d->imm = opnd_of(in, o->format == 5 ? IA64_OPND_IMM22 : IA64_OPND_IMM14);
		}
		return true;
	case IA64_OP_SUB:
		if (o->format == 1) {
			d->fn = PICK(d, h_sub);
			d->imm = o->sub1 ? -1 : 0;
		} else {
			d->fn = PICK(d, h_subi);
			d->imm = opnd_of(in, IA64_OPND_IMM8);
		}
		return true;
	case IA64_OP_ADDP4:
		if (o->format == 1) {
			d->fn = h_addp4;
		} else {
			d->fn = h_addp4i;
			d->imm = opnd_of(in, IA64_OPND_IMM14);
		}
		return true;
	case IA64_OP_AND:
	case IA64_OP_OR:
	case IA64_OP_XOR:
	case IA64_OP_ANDCM: {
		static const cpu_handler rr[2][4] = {{h_and, h_andcm, h_or, h_xor},
						     {h_and_s, h_andcm_s, h_or_s, h_xor_s}};
		static const cpu_handler ri[2][4] = {{h_andi, h_andcmi, h_ori, h_xori},
						     {h_andi_s, h_andcmi_s, h_ori_s, h_xori_s}};
		unsigned k = o->op == IA64_OP_AND     ? 0
			     : o->op == IA64_OP_ANDCM ? 1
			     : o->op == IA64_OP_OR    ? 2
						      : 3;
		if (o->format == 3) {
			d->fn = ri[d->maxgr < 32][k];
			d->imm = opnd_of(in, IA64_OPND_IMM8);
		} else {
			d->fn = rr[d->maxgr < 32][k];
		}
		return true;
	}
	case IA64_OP_SHLADD:
	case IA64_OP_SHLADDP4:
		d->fn = o->op == IA64_OP_SHLADD ? PICK(d, h_shladd) : h_shladdp4;
		d->a = (uint8_t)opnd_of(in, IA64_OPND_CNT2A);
		return true;

	case IA64_OP_CMP:
	case IA64_OP_CMP4:
		d->a = o->sub1;
		d->c = o->op == IA64_OP_CMP4;
		d->e = o->format == 6 ? SRC_R2 : o->format == 8 ? SRC_IMM : SRC_ZERO;
		if (d->e == SRC_IMM)
			d->imm = opnd_of(in, IA64_OPND_IMM8);
		if (d->e == SRC_ZERO) {
			d->e = SRC_IMM;
			d->imm = 0;
		}
		d->fn = h_cmp;
		if ((o->sub2 == CT_NONE || o->sub2 == CT_UNC) && d->p1 != d->p2) {
			/* eq, lt, ltu; ne, ge: the targets swapped; gt, le: the
			 * operands too */
			static const uint8_t base[7] = {0, 0, 1, 1, 1, 1, 2};
			bool swap_p = d->a == REL_NE || d->a == REL_GE || d->a == REL_LE;
			bool swap_o = d->a == REL_GT || d->a == REL_LE;
			unsigned form = d->e == SRC_IMM ? 1 : 0;
			if (swap_o) {
				if (form)
					form = 2;
				else {
					uint8_t t = d->r2;
					d->r2 = d->r3;
					d->r3 = t;
				}
			}
			if (swap_p) {
				uint8_t t = d->p1;
				d->p1 = d->p2;
				d->p2 = t;
			}
			unsigned pw = o->sub2 == CT_UNC ? 2 : d->p1 < 16 && d->p2 < 16 ? 1 : 0;
			d->fn = cmp_fast[base[d->a]][d->c][form][d->maxgr < 32][pw];
			if (pw == 1)
				d->tgt = (d->p1 ? 1ull << d->p1 : 0) | (d->p2 ? 1ull << d->p2 : 0)
									   << 32;
		}
		decode_cmp_type(d, in, o->sub2);
		return true;
	case IA64_OP_TBIT:
		d->fn = h_tbit;
		d->a = (uint8_t)opnd_of(in, IA64_OPND_POS6);
		d->c = o->sub1;
		decode_cmp_type(d, in, o->sub2);
		return true;
	case IA64_OP_TNAT:
		d->fn = h_tnat;
		d->c = o->sub1;
		decode_cmp_type(d, in, o->sub2);
		return true;
	case IA64_OP_TF:
		d->fn = h_tf;
		d->c = o->sub1;
		decode_cmp_type(d, in, o->sub2);
		return true;

	case IA64_OP_SHL:
		d->fn = PICK(d, h_shl);
		return true;
	case IA64_OP_SHR:
		d->fn = o->sub2 ? PICK(d, h_shru) : PICK(d, h_shr);
		return true;
	case IA64_OP_SHRP:
		d->fn = PICK(d, h_shrp);
		d->a = (uint8_t)opnd_of(in, IA64_OPND_CNT6);
		return true;
	case IA64_OP_EXTR: {
		/* the shr pseudo-ops omit len6: read it from the bits */
		unsigned pos = (unsigned)ia64_opnd_value(IA64_OPND_POS6, bits, 0);
		unsigned len = (unsigned)ia64_opnd_value(IA64_OPND_LEN6, bits, 0);
		if (pos + len > 64)
			len = 64 - pos;
		d->fn = o->sub2 ? PICK(d, h_extru) : PICK(d, h_extr);
		d->a = (uint8_t)pos;
		d->b = (uint8_t)len;
		d->imm = (int64_t)mask_len(len);
		return true;
	}
	case IA64_OP_DEP: {
		unsigned pos, len;
		switch (o->format) {
		case 12: /* also the shl pseudo-op, which omits len6 */
		case 13:
			pos = (unsigned)ia64_opnd_value(IA64_OPND_CPOS6C, bits, 0);
			len = (unsigned)ia64_opnd_value(IA64_OPND_LEN6, bits, 0);
			d->fn = PICK(d, h_depz);
			if (o->format == 13) {
				/* a constant: the deposited immediate */
				d->fn = PICK(d, h_movi);
				d->imm = ia64_opnd_value(IA64_OPND_IMM8_I13, bits, 0);
			}
			break;
		case 14:
			pos = (unsigned)ia64_opnd_value(IA64_OPND_CPOS6B, bits, 0);
			len = (unsigned)ia64_opnd_value(IA64_OPND_LEN6, bits, 0);
			d->fn = PICK(d, h_dep);
			d->e = 1;
			d->imm = ia64_opnd_value(IA64_OPND_IMM1, bits, 0);
			break;
		default: /* 15 */
			pos = (unsigned)ia64_opnd_value(IA64_OPND_CPOS6D, bits, 0);
			len = (unsigned)ia64_opnd_value(IA64_OPND_LEN4, bits, 0);
			d->fn = PICK(d, h_dep);
			d->e = 0;
			break;
		}
		if (pos + len > 64)
			len = 64 - pos;
		d->a = (uint8_t)pos;
		d->b = (uint8_t)len;
		if (d->fn == h_movi || d->fn == h_movi_s)
			d->imm = (int64_t)(((uint64_t)d->imm & mask_len(len)) << pos);
		else if (d->fn == h_depz || d->fn == h_depz_s)
			d->imm = (int64_t)mask_len(len);
		return true;
	}
	case IA64_OP_ZXT:
	case IA64_OP_SXT:
		d->fn = o->op == IA64_OP_ZXT ? PICK(d, h_zxt) : PICK(d, h_sxt);
		d->a = (uint8_t)(o->sub1 * 8);
		return true;

	case IA64_OP_MOV_TO_BR:
		d->fn = h_mov_to_br;
		d->a = (uint8_t)opnd_of(in, IA64_OPND_B1);
		return true;
	case IA64_OP_MOV_FROM_BR:
		d->fn = h_mov_from_br;
		d->a = (uint8_t)opnd_of(in, IA64_OPND_B2);
		return true;
	case IA64_OP_MOV_TO_PR:
		d->fn = h_mov_to_pr;
		d->imm = opnd_of(in, IA64_OPND_MASK17);
		return true;
	case IA64_OP_MOV_TO_PR_ROT:
		d->fn = h_mov_to_pr_rot;
		d->imm = opnd_of(in, IA64_OPND_IMM44);
		return true;
	case IA64_OP_MOVL:
		d->fn = PICK(d, h_movi);
		d->imm = opnd_of(in, IA64_OPND_IMM64);
		return true;
	case IA64_OP_MOV_FROM_IP:
		d->fn = PICK(d, h_movi);
		d->imm = (int64_t)ip;
		return true;
	case IA64_OP_MOV_FROM_PR:
		d->fn = h_mov_from_pr;
		return true;

	case IA64_OP_MOV_TO_AR:
		d->a = (uint8_t)opnd_of(in, IA64_OPND_AR3);
		d->e = o->unit == IA64_UNIT_I;
		if (has_opnd(in, IA64_OPND_IMM8_AR)) {
			d->fn = h_mov_to_ari;
			d->imm = opnd_of(in, IA64_OPND_IMM8_AR);
		} else {
			d->fn = d->a == AR_LC && d->e ? h_mov_to_lc : h_mov_to_ar;
		}
		return true;
	case IA64_OP_MOV_FROM_AR:
		d->a = (uint8_t)opnd_of(in, IA64_OPND_AR3);
		d->e = o->unit == IA64_UNIT_I;
		d->fn = h_mov_from_ar;
		return true;

	case IA64_OP_MOV_TO_PSR: /* psr.um (psr.l is privileged) */
		d->fn = h_mov_to_psrum;
		return true;
	case IA64_OP_MOV_FROM_PSR:
		d->fn = h_mov_from_psrum;
		return true;
	case IA64_OP_SUM:
	case IA64_OP_RUM:
		d->fn = h_sum;
		d->a = o->op == IA64_OP_RUM;
		d->imm = opnd_of(in, IA64_OPND_IMM24);
		return true;
	case IA64_OP_INVALA:
		if (o->sub1 == 0) {
			d->fn = h_invala;
		} else {
			d->fn = h_invala_e;
			d->e = o->sub1 == 2;
			if (d->e)
				d->a = (uint8_t)opnd_of(in, IA64_OPND_F1);
		}
		return true;
	case IA64_OP_MF:
		d->fn = h_mf;
		return true;
	case IA64_OP_SYNC_I:
		d->fn = h_code_sync;
		return true;
	case IA64_OP_FC:
		d->fn = h_fc;
		return true;
	case IA64_OP_PROBE:
		d->fn = h_probe;
		d->a = o->sub1;
		d->b = o->sub2;
		return true;
	case IA64_OP_THASH:
	case IA64_OP_TTAG:
		d->fn = h_thash;
		d->a = o->op == IA64_OP_TTAG;
		return true;
	case IA64_OP_MOV_FROM_IND:
		d->fn = h_mov_from_ind;
		d->a = o->sub1;
		return true;
	default:
		return false;
	}
}

/* The engine's own mov to/from ar semantics, for a monitor emulating an
 * afterburned site (sys.c): XR_NEXT, or an exit in cpu->dcache->exit. */
int cpu_ar_write_at(struct cpu *cpu, const struct dslot *d, unsigned ar, uint64_t v)
{
	return ar_write(cpu, d, ar, v);
}

int cpu_ar_read_at(struct cpu *cpu, const struct dslot *d, unsigned ar, uint64_t *v)
{
	return ar_read(cpu, d, ar, v);
}

/* ---- the block compiler's view of these ops (jit.h) ------------------------------------------ */

bool cpu_jit_int(const struct dslot *d, cpu_handler h, struct jit_op *op)
{
	static const struct {
		cpu_handler x, s;
		uint8_t kind;
	} alu[] = {
	    {h_add, h_add_s, JK_ADD},	    {h_sub, h_sub_s, JK_SUB},
	    {h_addi, h_addi_s, JK_ADDI},    {h_subi, h_subi_s, JK_SUBI},
	    {h_movi, h_movi_s, JK_MOVI},    {h_shladd, h_shladd_s, JK_SHLADD},
	    {h_and, h_and_s, JK_AND},	    {h_or, h_or_s, JK_OR},
	    {h_xor, h_xor_s, JK_XOR},	    {h_andcm, h_andcm_s, JK_ANDCM},
	    {h_andi, h_andi_s, JK_ANDI},    {h_ori, h_ori_s, JK_ORI},
	    {h_xori, h_xori_s, JK_XORI},    {h_andcmi, h_andcmi_s, JK_ANDCMI},
	    {h_extru, h_extru_s, JK_EXTRU}, {h_extr, h_extr_s, JK_EXTR},
	    {h_depz, h_depz_s, JK_DEPZ},    {h_mix4r, h_mix4r_s, JK_MIX4R},
	    {h_zxt, h_zxt_s, JK_ZXT},	    {h_sxt, h_sxt_s, JK_SXT},
	    {h_shrp, h_shrp_s, JK_SHRP},
	};
	jit_op_init(op, d);
	for (size_t i = 0; i < sizeof(alu) / sizeof(alu[0]); i++) {
		if (h == alu[i].x || h == alu[i].s) {
			op->kind = alu[i].kind;
			return d->r1 != 0;
		}
	}
	/* compares: cmp_fast[rel][cmp4][form][static regs][predicates] */
	const cpu_handler *t = &cmp_fast[0][0][0][0][0];
	for (unsigned i = 0; i < sizeof(cmp_fast) / sizeof(*t); i++) {
		if (t[i] != h)
			continue;
		unsigned pw = i % 3, form = i / 6 % 3;
		op->kind = JK_CMP;
		op->a = (uint8_t)(i / 36 == 0 ? JR_EQ : i / 36 == 1 ? JR_LT : JR_LTU);
		op->c = (uint8_t)(i / 18 % 2);
		op->e = (uint8_t)(form == 0 ? JF_RR : form == 1 ? JF_IR : JF_RI);
		op->p1 = d->p1;
		op->p2 = d->p2;
		op->unc = pw == 2;
		op->unc_qp = pw == 2 ? (uint8_t)d->tgt : 0;
		return true;
	}
	return false;
}
