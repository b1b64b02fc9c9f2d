/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IA-64 floating point, exactly (SDM rev 2.3 vol 1 chapter 5, vol 3 pages of
 * each F-unit instruction): the 82-bit register format, every arithmetic
 * operation rounded as the status field says (rounding control, precision
 * control, widest-range exponent, flush-to-zero), IEEE flags, faults and
 * traps, the memory formats, and the parallel (two singles) forms.
 * Portable C, no host floating point.  Depends on nothing else in lol.
 *
 * Every operation takes the whole FPSR and the status field it names and
 * reports what happened in a struct fp_status; it never changes the FPSR
 * itself.  The caller applies the result the way the SDM orders it:
 *
 *   fault != 0   an IEEE fault (V, D or Z enabled): write nothing, update nothing;
 *   otherwise    write the result, fpsr = fp_fpsr_set_flags(fpsr, sf, flags),
 *                then, if trap != 0, raise the IEEE trap (O, U or I enabled).
 *
 * NaTVal sources give a NaTVal result (or cleared predicates) and no flags,
 * as the instruction pages say; such operations report nothing.
 */
#ifndef LOL_FP82_H
#define LOL_FP82_H

#include <stdbool.h>
#include <stdint.h>

/* The register format: sign, 17-bit biased exponent (bias 65535), 64-bit
 * significand with an explicit integer bit.  NaTVal is sign 0, exponent
 * 0x1fffe, significand 0.  Integers (setf.sig, xma) live in the
 * significand with exponent 0x1003e. */
struct fp82 {
	uint64_t sig;
	uint32_t exp;
	uint32_t sign;
};

/* IEEE flags, in FPSR status-field order (SDM vol 1 figure 5-5). */
enum { FP_V = 1, FP_D = 2, FP_Z = 4, FP_O = 8, FP_U = 16, FP_I = 32 };

/* ---- register format (SDM vol 1 table 5-2) ---------------------------------------------- */

#define FP_BIAS 0xffffu	    /* exponent bias of the register format */
#define FP_EXP_MAX 0x1ffffu /* infinities, NaNs, unsupported encodings */
#define FP_EXP_NATVAL 0x1fffeu
#define FP_EXP_INT 0x1003eu    /* 2^63: integers in the significand */
#define FP_EXP_DENORM 0x0c001u /* the exponent a zero exponent stands for */
#define FP_INT_BIT ((uint64_t)1 << 63)

static inline struct fp82 fp_make(uint32_t sign, uint32_t exp, uint64_t sig)
{
	struct fp82 r = {sig, exp, sign};
	return r;
}

static inline struct fp82 fp_natval(void)
{
	return fp_make(0, FP_EXP_NATVAL, 0);
}

/* An integer in the significand (setf.sig, fcvt.fx, xma, the parallel forms). */
static inline struct fp82 fp_int(uint64_t v)
{
	return fp_make(0, FP_EXP_INT, v);
}

static inline bool fp_is_natval(struct fp82 x)
{
	return x.sign == 0 && x.exp == FP_EXP_NATVAL && x.sig == 0;
}

static inline bool fp_is_nan(struct fp82 x)
{
	return x.exp == FP_EXP_MAX && (x.sig & FP_INT_BIT) && (x.sig << 1);
}

static inline bool fp_is_snan(struct fp82 x)
{
	return fp_is_nan(x) && !(x.sig >> 62 & 1);
}

static inline bool fp_is_qnan(struct fp82 x)
{
	return x.exp == FP_EXP_MAX && (x.sig >> 62) == 3;
}

static inline bool fp_is_inf(struct fp82 x)
{
	return x.exp == FP_EXP_MAX && x.sig == FP_INT_BIT;
}

/* True zero only: pseudo-zeros are unnormals (SDM vol 1 5.1.2). */
static inline bool fp_is_zero(struct fp82 x)
{
	return x.exp == 0 && x.sig == 0;
}

static inline bool fp_is_pseudo_zero(struct fp82 x)
{
	return x.exp != 0 && x.exp != FP_EXP_MAX && x.sig == 0 && !fp_is_natval(x);
}

static inline bool fp_is_normal(struct fp82 x)
{
	return x.exp != 0 && x.exp != FP_EXP_MAX && (x.sig & FP_INT_BIT);
}

/* Unnormals, pseudo-zeros, and (pseudo-)denormals with exponent 0. */
static inline bool fp_is_unorm(struct fp82 x)
{
	return (x.exp != 0 && x.exp != FP_EXP_MAX && !(x.sig & FP_INT_BIT)) ||
	       (x.exp == 0 && x.sig != 0);
}

/* Pseudo-NaNs and pseudo-infinities: exponent all ones, integer bit 0. */
static inline bool fp_is_unsupported(struct fp82 x)
{
	return x.exp == FP_EXP_MAX && !(x.sig & FP_INT_BIT);
}

static inline bool fp_is_finite(struct fp82 x)
{
	return x.exp != FP_EXP_MAX;
}

/* ---- FPSR (SDM vol 1 figure 5-4) --------------------------------------------------------- */

/* traps: bits 0-5 (vd dd zd od ud id, set = disabled); status field n at
 * bit 6 + 13 n: ftz, wre, pc (2 bits), rc (2 bits), td, then the flags
 * v d z o u i. */
#define FPSR_DEFAULT 0x0009804c0270033full
enum { FP_SF_FTZ = 1, FP_SF_WRE = 2, FP_SF_TD = 64 };
enum { FP_RC_RN = 0, FP_RC_RM = 1, FP_RC_RP = 2, FP_RC_RZ = 3 };
enum { FP_PCF_SINGLE = 0, FP_PCF_DOUBLE = 2, FP_PCF_EXTENDED = 3 }; /* 1 is reserved */

static inline unsigned fp_fpsr_sf(uint64_t fpsr, unsigned sf)
{
	return (unsigned)(fpsr >> (6 + 13 * sf)) & 0x1fff;
}

static inline unsigned fp_sf_controls(uint64_t fpsr, unsigned sf)
{
	return fp_fpsr_sf(fpsr, sf) & 0x7f;
}

static inline unsigned fp_sf_flags(uint64_t fpsr, unsigned sf)
{
	return fp_fpsr_sf(fpsr, sf) >> 7;
}

static inline uint64_t fp_fpsr_set_flags(uint64_t fpsr, unsigned sf, unsigned flags)
{
	return fpsr | (uint64_t)(flags & 0x3f) << (13 + 13 * sf);
}

/* fsetc.sf: sf.controls = (sf0.controls & amask) | omask.  Returns false when
 * the result is reserved (pc = 01): Reserved Register/Field fault. */
bool fp_fsetc(uint64_t *fpsr, unsigned sf, unsigned amask7, unsigned omask7);
/* fclrf.sf: clear the flags of sf. */
uint64_t fp_fclrf(uint64_t fpsr, unsigned sf);
/* fchkf.sf: would the branch be taken?  (sf flags set that s0 lacks, or
 * whose trap is enabled.) */
bool fp_fchkf(uint64_t fpsr, unsigned sf);
/* Reserved FPSR values (bits 58-63 nonzero, or a status field with pc = 01),
 * which mov to ar.fpsr must refuse with a Reserved Register/Field fault. */
bool fp_fpsr_reserved(uint64_t fpsr);

/* ---- operation results --------------------------------------------------------------------- */

struct fp_status {
	uint32_t flags; /* FP_* for the status field (both halves of a parallel op) */
	uint32_t fault; /* FP_V/D/Z: an IEEE fault is raised; nothing is written */
	uint32_t trap;	/* FP_O/U/I: an IEEE trap is raised after the write */
	uint32_t isr;	/* the ISR.code bits of that fault or trap (SDM vol 2 8.2):
			   faults: v 1, d 2, z 4 (lo half of a parallel op << 4);
			   traps: o 11, u 12, i 13, fpa 14, ebc 15 (lo half: 7-10) */
};

/* Precision of the fma family: optab_f.c's sub2 for FMA/FMS/FNMA. */
enum { FP_PC_SF = 0, FP_PC_S = 1, FP_PC_D = 2 };

/* The three forms of the fma family. */
enum { FP_FMA = 0, FP_FMS = 1, FP_FNMA = 2 };

/* fma, fms, fnma (and fmpy, fadd, fsub, fnorm, fnmpy, fneg...): f1 = f3 * f4
 * +/- f2 with one rounding.  c is NULL when f2 is f0: then nothing is added,
 * so the sign of a zero product survives (SDM: "if (f2 != 0)"). */
struct fp82 fp_fma(uint64_t fpsr, unsigned sf, unsigned pc, unsigned form, struct fp82 a,
		   struct fp82 b, const struct fp82 *c, struct fp_status *st);

/* fpma, fpms, fpnma: two singles in the significands; c NULL for f0. */
struct fp82 fp_fpma(uint64_t fpsr, unsigned sf, unsigned form, struct fp82 a, struct fp82 b,
		    const struct fp82 *c, struct fp_status *st);

/* frcpa f1, p2 = f2, f3: the reciprocal approximation of den with p2 = 1, or
 * the IEEE quotient num / den with p2 = 0 (special operands, and the cases the
 * SDM leaves to software assistance, computed here rounded as sf says). */
struct fp82 fp_frcpa(uint64_t fpsr, unsigned sf, struct fp82 num, struct fp82 den, bool *p2,
		     struct fp_status *st);
struct fp82 fp_fprcpa(uint64_t fpsr, unsigned sf, struct fp82 num, struct fp82 den, bool *p2,
		      struct fp_status *st);
/* frsqrta f1, p2 = f3: the 1/sqrt approximation with p2 = 1, or sqrt(x)
 * (IEEE, rounded as sf says) with p2 = 0. */
struct fp82 fp_frsqrta(uint64_t fpsr, unsigned sf, struct fp82 x, bool *p2, struct fp_status *st);
struct fp82 fp_fprsqrta(uint64_t fpsr, unsigned sf, struct fp82 x, bool *p2, struct fp_status *st);

/* The SDM's table approximations themselves (fp_ieee_recip, fp_ieee_recip_sqrt),
 * of a normalized finite nonzero x (exposed for the tests). */
struct fp82 fp_recip_approx(struct fp82 x);
struct fp82 fp_rsqrt_approx(struct fp82 x);

/* fcmp relations (optab_f.c sub2 & 3) and fpcmp's eight. */
enum {
	FP_REL_EQ,
	FP_REL_LT,
	FP_REL_LE,
	FP_REL_UNORD,
	FP_REL_NEQ,
	FP_REL_NLT,
	FP_REL_NLE,
	FP_REL_ORD
};

/* fcmp: 1 or 0, or -1 when a source is NaTVal (both predicates cleared). */
int fp_fcmp(uint64_t fpsr, unsigned sf, unsigned rel, struct fp82 a, struct fp82 b,
	    struct fp_status *st);
struct fp82 fp_fpcmp(uint64_t fpsr, unsigned sf, unsigned rel, struct fp82 a, struct fp82 b,
		     struct fp_status *st);

/* fclass.m: does x agree with fclass9 (SDM vol 3 table 2-25)? */
bool fp_fclass(struct fp82 x, unsigned fclass9);

/* fmin, fmax, famin, famax and the parallel forms. */
enum { FP_MIN, FP_MAX, FP_AMIN, FP_AMAX };
struct fp82 fp_fminmax(uint64_t fpsr, unsigned sf, unsigned kind, struct fp82 a, struct fp82 b,
		       struct fp_status *st);
struct fp82 fp_fpminmax(uint64_t fpsr, unsigned sf, unsigned kind, struct fp82 a, struct fp82 b,
			struct fp_status *st);

/* fcvt.fx/fxu(.trunc) and fpcvt: form bit 0 unsigned, bit 1 trunc (optab sub2). */
struct fp82 fp_fcvt_fx(uint64_t fpsr, unsigned sf, unsigned form, struct fp82 x,
		       struct fp_status *st);
struct fp82 fp_fpcvt_fx(uint64_t fpsr, unsigned sf, unsigned form, struct fp82 x,
			struct fp_status *st);
/* fcvt.xf: the significand as a signed integer, exactly. */
struct fp82 fp_fcvt_xf(struct fp82 x);

/* The non-arithmetic F-unit operations: no status field, no flags. */
struct fp82 fp_fmerge(unsigned form, struct fp82 a, struct fp82 b); /* 0 .s, 1 .ns, 2 .se */
struct fp82 fp_fpmerge(unsigned form, struct fp82 a, struct fp82 b);
struct fp82 fp_fmix(unsigned form, struct fp82 a, struct fp82 b); /* 0 .lr, 1 .r, 2 .l */
struct fp82 fp_fsxt(unsigned form, struct fp82 a, struct fp82 b); /* 0 .r, 1 .l */
struct fp82 fp_fpack(struct fp82 a, struct fp82 b);
struct fp82 fp_fswap(unsigned form, struct fp82 a, struct fp82 b); /* 0, 1 .nl, 2 .nr */
enum { FP_AND, FP_ANDCM, FP_OR, FP_XOR };
struct fp82 fp_flogic(unsigned op, struct fp82 a, struct fp82 b);
/* fselect f1 = f3, f4, f2: (f3 & f2) | (f4 & ~f2). */
struct fp82 fp_fselect(struct fp82 f3, struct fp82 f4, struct fp82 f2);
/* xma: form 0 .l, 2 .hu, 3 .h (optab sub2). */
struct fp82 fp_xma(unsigned form, struct fp82 f3, struct fp82 f4, struct fp82 f2);

/* ---- memory formats (SDM vol 1 5.1.3, figures 5-7 to 5-10) ------------------------------- */

enum fp_mem_kind {
	FP_MEM_S,    /* 4 bytes: single */
	FP_MEM_D,    /* 8 bytes: double */
	FP_MEM_INT,  /* 8 bytes: integer (ldf8, stf8, ldfp8) */
	FP_MEM_E,    /* 10 bytes: double-extended */
	FP_MEM_SPILL /* 16 bytes: spill/fill */
};
unsigned fp_mem_size(enum fp_mem_kind kind);
/* Little-endian bytes to register format, and back.  NaTVal is stored only by
 * the spill format (the others fault first: Register NaT Consumption). */
struct fp82 fp_load(enum fp_mem_kind kind, const uint8_t *bytes);
void fp_store(enum fp_mem_kind kind, struct fp82 x, uint8_t *bytes);

/* The bit-exact conversions of loads, stores, getf and setf. */
struct fp82 fp_from_single(uint32_t v);
struct fp82 fp_from_double(uint64_t v);
uint32_t fp_to_single(struct fp82 x);
uint64_t fp_to_double(struct fp82 x);

#endif
