/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal: the block compiler.  Runs of neighbouring integer ops of a
 * decoded block (ALU, compares, plain loads and stores) are turned into host
 * code, one piece per run, which becomes the handler of the run's first
 * slot: it does the whole run with no dispatch between the ops and then goes
 * on as next_slot would.  Whatever the host code cannot finish itself (a NaT
 * operand, a soft-TLB miss, an ALAT entry a store might hit) it hands to the
 * slot's own handler, which then runs the rest of the block as usual, so
 * faults and exits come out exactly as without the compiler.
 *
 * The compiler is for x86-64 hosts (jit_x86.c); elsewhere, or when the host
 * refuses executable memory or cpu_config.no_jit is set, blocks just run on
 * the handlers.
 */
#ifndef LOL_CPU_JIT_H
#define LOL_CPU_JIT_H

#include "interp.h"

/* An op the compiler can do, as the execution files describe a slot. */
enum jit_kind {
	JK_NONE,
	JK_ADD,	   /* r1 = r2 + r3 + imm */
	JK_SUB,	   /* r1 = r2 - r3 + imm */
	JK_ADDI,   /* r1 = imm + r3 */
	JK_SUBI,   /* r1 = imm - r3 */
	JK_MOVI,   /* r1 = imm */
	JK_SHLADD, /* r1 = (r2 << a) + r3 */
	JK_AND,	   /* r1 = r2 op r3 */
	JK_OR,
	JK_XOR,
	JK_ANDCM,
	JK_ANDI, /* r1 = imm op r3 */
	JK_ORI,
	JK_XORI,
	JK_ANDCMI,
	JK_EXTRU, /* r1 = (r3 >> a) & imm */
	JK_EXTR,  /* r1 = sign-extended b bits of r3 >> a (a + b <= 64) */
	JK_DEPZ,  /* r1 = (r2 & imm) << a */
	JK_MIX4R, /* r1 = r2 << 32 | r3{31:0} */
	JK_ZXT,	  /* r1 = r3 zero-extended from a bits */
	JK_SXT,	  /* r1 = r3 sign-extended from a bits */
	JK_SHRP,  /* r1 = (r2:r3) >> a */
	JK_CMP,	  /* rel a (JR_*), 32-bit if c; form e (JF_*); targets p1, p2; .unc: unc_qp */
	JK_LD,	  /* r1 = zero-extended a bytes at [r3]; c: then r3 += imm */
	JK_ST,	  /* a bytes of r2 to [r3]; c: then r3 += imm */
	JK_SETF,  /* setf.sig: f(a) = the integer r2 (a < 32) */
	JK_GETF,  /* getf.sig: r1 = f(a)'s significand (a < 32) */
	JK_XMAL,  /* xma.l: f(a) = f(b) * f(c) + f(e), low 64 bits (all < 32) */
	/* A block's last slot, ending a run that starts the block: a branch
	 * back to the block's start (imm) loops inside the host code. */
	JK_BR,	  /* br.cond (its qp) */
	JK_CLOOP, /* br.cloop: taken while ar.lc != 0, which counts down */
};

enum { JR_EQ, JR_LT, JR_LTU }; /* JK_CMP relations */
enum { JF_RR, JF_IR, JF_RI };  /* r2 op r3, imm op r3, r3 op imm */

struct jit_op {
	uint8_t kind;
	uint8_t r1, r2, r3;
	uint8_t a, b, c, e;
	uint8_t p1, p2;
	uint8_t unc;	/* JK_CMP: a .unc form */
	uint8_t unc_qp; /* its qualifying predicate (it runs whatever it is) */
	int64_t imm;
};

/* An op's fields as decoding left them in d (each file's describer then
 * sets what differs). */
static inline void jit_op_init(struct jit_op *op, const struct dslot *d)
{
	memset(op, 0, sizeof(*op));
	op->r1 = d->r1;
	op->r2 = d->r2;
	op->r3 = d->r3;
	op->a = d->a;
	op->b = d->b;
	op->c = d->c;
	op->e = d->e;
	op->imm = d->imm;
}

/* What the slot d (its unfused handler h) is for the compiler; false: not
 * one it does.  exec_int.c and exec_mem.c, which know their handlers. */
bool cpu_jit_int(const struct dslot *d, cpu_handler h, struct jit_op *op);
bool cpu_jit_mem(const struct dslot *d, cpu_handler h, struct jit_op *op);
bool cpu_jit_fp(const struct dslot *d, cpu_handler h, struct jit_op *op); /* exec_fpfast.c */
bool cpu_jit_br(const struct dslot *d, cpu_handler h, struct jit_op *op); /* exec_br.c */

/* (jit_block, which compiles a block's runs, is in interp.h: warm() calls
 * it when a block is hot.) */
/* Forget all compiled code (the block arena started over). */
void jit_reset(struct cpu_dcache *dc);
void jit_free(struct cpu_dcache *dc);

#endif
