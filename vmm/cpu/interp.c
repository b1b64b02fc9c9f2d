// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop and the decoded-bundle cache.
 *
 * cpu_run fetches each bundle through the execute TLB, finds its decode in
 * a direct-mapped cache (verified against the 16 bytes, so stale decodes
 * cannot run), and calls the pre-resolved handler of every slot whose
 * qualifying predicate is true.  Slots run one after the other: legal code
 * has no dependency inside an instruction group that sequential execution
 * would get wrong (SDM vol 1 3.4).  Nops are left out of the decode.
 *
 * Handlers get what they need precomputed (branch targets, return
 * addresses, ip for mov r=ip): cpu->ip and cpu->slot are exact at exits
 * only.  The frame map of the fast register accessors (interp.h) is redone
 * on entry, as the user may have changed the frame between runs.
 */
#include "exec.h"
#include "interp.h"

/* ---- exits --------------------------------------------------------------------------------- */

int cpu_fault(struct cpu *cpu, const struct dslot *d, enum cpu_fault f, uint64_t addr,
	      unsigned access)
{
	struct cpu_exit *x = &cpu->dcache->exit;
	x->kind = CPU_EXIT_FAULT;
	x->fault = f;
	x->access = access;
	x->addr = addr;
	x->imm = 0;
	x->fp_flags = 0;
	x->insn = *d->insn;
	return XR_EXIT;
}

int cpu_illegal(struct cpu *cpu, const struct dslot *d)
{
	return cpu_fault(cpu, d, CPU_FAULT_ILLEGAL_OP, 0, 0);
}

int h_illegal(struct cpu *cpu, const struct dslot *d)
{
	return cpu_illegal(cpu, d);
}

int cpu_privop_exit(struct cpu *cpu, const struct dslot *d)
{
	struct cpu_exit *x = &cpu->dcache->exit;
	memset(x, 0, sizeof(*x));
	x->kind = CPU_EXIT_PRIVOP;
	x->insn = *d->insn;
	return XR_EXIT;
}

/* Privileged ops never run here: the user emulates them, or (lol-user)
 * they are an Illegal Operation as on Linux, where user code gets SIGILL. */
int cpu_privop(struct cpu *cpu, const struct dslot *d)
{
	if (cpu->config.exit_on_priv)
		return cpu_privop_exit(cpu, d);
	return cpu_illegal(cpu, d);
}

static int h_privop(struct cpu *cpu, const struct dslot *d)
{
	return cpu_privop(cpu, d);
}

/* ---- the FP and multimedia helpers (exec.h) ------------------------------------------------ */

static int helper_exit(struct cpu *cpu, const struct dslot *d)
{
	cpu->dcache->exit.kind = CPU_EXIT_FAULT;
	cpu->dcache->exit.insn = *d->insn;
	return XR_EXIT;
}

static int h_fp(struct cpu *cpu, const struct dslot *d)
{
	if (cpu_exec_fp(cpu, d->insn, &cpu->dcache->exit))
		return helper_exit(cpu, d);
	return XR_NEXT;
}

static int h_mm(struct cpu *cpu, const struct dslot *d)
{
	if (cpu_exec_mm(cpu, d->insn, &cpu->dcache->exit))
		return helper_exit(cpu, d);
	return XR_NEXT;
}

static bool is_mm_op(unsigned op)
{
	switch (op) {
	case IA64_OP_PADD:
	case IA64_OP_PSUB:
	case IA64_OP_PAVG:
	case IA64_OP_PAVGSUB:
	case IA64_OP_PCMP:
	case IA64_OP_PSHLADD:
	case IA64_OP_PSHRADD:
	case IA64_OP_PMPYSHR:
	case IA64_OP_PMPY:
	case IA64_OP_MIX:
	case IA64_OP_PACK:
	case IA64_OP_UNPACK:
	case IA64_OP_PMIN:
	case IA64_OP_PMAX:
	case IA64_OP_PSAD:
	case IA64_OP_MUX:
	case IA64_OP_PSHR:
	case IA64_OP_PSHL:
	case IA64_OP_POPCNT:
	case IA64_OP_CLZ:
	case IA64_OP_CZX:
	case IA64_OP_MPY4:
	case IA64_OP_MPYSHL4:
		return true;
	default:
		return false;
	}
}

/* ---- decoding ------------------------------------------------------------------------------ */

/* Fill d for in (d->insn, d->slot are set).  d->fn NULL: drop the slot. */
static void decode_slot(struct cpu *cpu, struct dslot *d, const struct ia64_insn *in, uint64_t ip)
{
	const struct ia64_opcode *o = in->opc;
	d->qp = in->qp;
	if (!o) {
		d->fn = h_illegal;
		return;
	}
	if (o->flags & IA64_F_ILLEGAL_QP)
		d->qp = 0;

	unsigned maxgr = 0;
	bool r0_out = false;
	for (unsigned i = 0; i < in->nopnd; i++) {
		const struct ia64_operand *op = &in->opnd[i];
		uint8_t v = (uint8_t)op->value;
		switch (op->kind) {
		case IA64_OPND_R1:
			d->r1 = v;
			break;
		case IA64_OPND_R2:
			d->r2 = v;
			break;
		case IA64_OPND_R3:
		case IA64_OPND_R3_2:
		case IA64_OPND_MEM_R3:
			d->r3 = v;
			break;
		case IA64_OPND_P1:
			d->p1 = v;
			break;
		case IA64_OPND_P2:
			d->p2 = v;
			break;
		default:
			break;
		}
		if ((op->cls == IA64_OC_GR || op->cls == IA64_OC_MEM || op->cls == IA64_OC_IND) &&
		    v > maxgr)
			maxgr = v;
		if (i < o->nout && op->cls == IA64_OC_GR && v == 0)
			r0_out = true;
	}
	d->maxgr = (uint8_t)maxgr;
	if (maxgr < 32) {
		/* NaT masks for the static-register handler variants
		 * (exec_int.c): the GR sources', and the first GR target's */
		uint64_t src = 0, dst = 0;
		for (unsigned i = 0; i < in->nopnd; i++) {
			const struct ia64_operand *op = &in->opnd[i];
			if (op->cls != IA64_OC_GR)
				continue;
			if (i >= o->nout)
				src |= 1ull << (op->value & 31);
			else if (!dst)
				dst = 1ull << (op->value & 31);
		}
		d->tgt = (src & 0xffffffffull) | dst << 32;
	}

	if (in->flags & IA64_F_PRIV) {
		d->fn = h_privop;
		return;
	}
	if (r0_out) {
		/* check_target_register: r0 is read-only */
		d->fn = h_illegal;
		return;
	}
	if (o->unit == IA64_UNIT_F && o->op != IA64_OP_FCHKF && o->op != IA64_OP_BREAK &&
	    o->op != IA64_OP_NOP && o->op != IA64_OP_HINT) {
		d->fn = h_fp;
		/* These write predicates when their qp is 0 too (fcmp.unc and
		 * fclass.unc clear p1, p2; the reciprocal approximations clear
		 * p2): the helper evaluates their qp. */
		if ((o->op == IA64_OP_FCMP && o->sub2 >= 4) ||
		    (o->op == IA64_OP_FCLASS && o->sub2) || o->op == IA64_OP_FRCPA ||
		    o->op == IA64_OP_FPRCPA || o->op == IA64_OP_FRSQRTA ||
		    o->op == IA64_OP_FPRSQRTA)
			d->qp = 0;
		return;
	}
	if (o->op == IA64_OP_GETF || o->op == IA64_OP_SETF) {
		d->fn = h_fp;
		return;
	}
	if (is_mm_op(o->op)) {
		if (!cpu_decode_mm_fast(d, in))
			d->fn = h_mm;
		return;
	}
	if (cpu_decode_br(cpu, d, in, ip) || cpu_decode_mem(cpu, d, in, ip) ||
	    cpu_decode_int(cpu, d, in, ip))
		return;
	d->fn = h_illegal;
}

static void decode_bundle(struct cpu *cpu, struct dentry *e, uint64_t ip, uint64_t w0, uint64_t w1)
{
	struct cpu_dcache *dc = cpu->dcache;
	struct ia64_insn *cold = &dc->insn[(e - dc->ent) * 3];
	uint8_t bytes[16];
	struct ia64_bundle b;
	memcpy(bytes, &w0, 8);
	memcpy(bytes + 8, &w1, 8);
	ia64_decode_bundle(bytes, &b);

	e->ip = ip;
	e->raw[0] = w0;
	e->raw[1] = w1;
	e->n = 0;
	e->maxgr = 0;
	e->reframe = 0;
	e->mlx = !b.reserved && b.ninsn == 2;
	e->ninsn = e->mlx ? 2 : 3;
	if (b.reserved) {
		/* a reserved template: Illegal Operation at slot 0 */
		struct dslot *d = &e->s[e->n++];
		memset(d, 0, sizeof(*d));
		cold[0] = b.insn[0];
		d->insn = &cold[0];
		d->fn = h_illegal;
		return;
	}
	for (unsigned s = 0; s < 3; s++) {
		const struct ia64_insn *in = &b.insn[s];
		if (in->type == IA64_ST_L)
			continue;
		if (in->opc && (in->opc->op == IA64_OP_NOP || in->opc->op == IA64_OP_HINT))
			continue;
		struct dslot *d = &e->s[e->n];
		memset(d, 0, sizeof(*d));
		cold[s] = *in;
		d->insn = &cold[s];
		d->slot = (uint8_t)(in->type == IA64_ST_X ? 1 : s);
		decode_slot(cpu, d, in, ip);
		if (d->fn) {
			e->n++;
			if (d->maxgr > e->maxgr)
				e->maxgr = d->maxgr;
			if (in->opc &&
			    (in->opc->op == IA64_OP_ALLOC || in->opc->op == IA64_OP_COVER))
				e->reframe = 1;
			if (e->reframe)
				e->maxgr = 255; /* check every slot */
		}
	}
}

/* ---- the run loop -------------------------------------------------------------------------- */

/* The host address of the bundle at ip, or NULL with the exit filled. */
static const uint8_t *fetch_slow(struct cpu *cpu, uint64_t ip)
{
	enum cpu_fault f = CPU_FAULT_NONE;
	const uint8_t *p = cpu_translate(cpu, ip, CPU_ACC_EXEC, &f);
	if (!p) {
		struct cpu_exit *x = &cpu->dcache->exit;
		memset(x, 0, sizeof(*x));
		x->kind = CPU_EXIT_FAULT;
		x->fault = f;
		x->access = CPU_ACC_EXEC;
		x->addr = ip;
	}
	return p;
}

static struct cpu_exit budget_exit(void)
{
	struct cpu_exit x;
	memset(&x, 0, sizeof(x));
	x.kind = CPU_EXIT_BUDGET;
	return x;
}

/* The instruction at d stopped: a fault, break or privop is reported at it,
 * a trap (which completed the instruction) after it. */
static void stopped(struct cpu *cpu, const struct dentry *e, const struct dslot *d, uint64_t ip,
		    uint64_t *left)
{
	struct cpu_exit *x = &cpu->dcache->exit;
	cpu->ip = ip;
	cpu->slot = d->slot;
	if (x->kind == CPU_EXIT_FAULT && x->fault == CPU_FAULT_FP_TRAP) {
		(*left)--;
		if (++cpu->slot >= e->ninsn) {
			cpu->ip = ip + 16;
			cpu->slot = 0;
		}
	}
}

struct cpu_exit cpu_run(struct cpu *cpu, uint64_t budget)
{
	struct cpu_dcache *dc = cpu->dcache;
	struct dentry *const ent = dc->ent;
	uint64_t left = budget, ip = cpu->ip & ~0xfull, bundles = 0, misses = 0;
	unsigned start = cpu->slot;
	/* The code page being run, translated once: fetches from it skip the
	 * TLB (the bytes are still compared on every fetch). */
	uint64_t code_page = 1;
	const uint8_t *code = NULL;
	struct cpu_exit ret;

	frame_map(cpu); /* the user may have changed the frame */
	while (likely(left)) {
		const uint8_t *p;
		if (likely((ip & ~0xfffull) == code_page)) {
			p = code + (ip & 0xfff);
		} else {
			p = fetch_slow(cpu, ip);
			if (unlikely(!p)) {
				cpu->ip = ip;
				cpu->slot = start;
				ret = dc->exit;
				goto out;
			}
			code_page = ip & ~0xfffull;
			code = p - (ip & 0xfff);
		}
		uint64_t w0, w1;
		memcpy(&w0, p, 8);
		memcpy(&w1, p + 8, 8);
		struct dentry *e = &ent[(ip >> 4) & (DC_ENTRIES - 1)];
		if (unlikely(e->ip != ip || e->raw[0] != w0 || e->raw[1] != w1)) {
			decode_bundle(cpu, e, ip, w0, w1);
			misses++;
		}
		bundles++;

		const struct dslot *d = e->s, *end = d + e->n;
		unsigned stop = e->ninsn; /* slot where the bundle (or the budget) ends */
		if (unlikely(start)) {
			if (start >= e->ninsn) {
				/* psr.ri at slot 2 of an MLX bundle */
				memset(&ret, 0, sizeof(ret));
				ret.kind = CPU_EXIT_FAULT;
				ret.fault = CPU_FAULT_ILLEGAL_OP;
				ret.addr = ip;
				cpu->ip = ip;
				cpu->slot = start;
				goto out;
			}
			while (d < end && d->slot < start)
				d++;
		}
		if (unlikely(left < stop - start)) {
			stop = start + (unsigned)left;
			while (end > d && end[-1].slot >= stop)
				end--;
		}
		/* Registers outside the frame: one check for the bundle, unless
		 * it names one or changes the frame, then one per slot. */
		bool check = e->maxgr >= 32u + cpu->cfm.sof;
		for (; d < end; d++) {
			if (d->qp && !pr_get(cpu, d->qp))
				continue;
			int r;
			if (unlikely(check) && d->maxgr >= 32u + cpu->cfm.sof)
				r = cpu_illegal(cpu, d); /* a stacked register outside the frame */
			else
				r = d->fn(cpu, d);
			if (likely(r == XR_NEXT))
				continue;
			if (r == XR_BRANCH) {
				left -= d->slot - start + 1;
				ip = cpu->ip;
				start = 0;
				goto next;
			}
			left -= d->slot - start;
			stopped(cpu, e, d, ip, &left);
			ret = dc->exit;
			goto out;
		}
		left -= stop - start;
		if (unlikely(stop < e->ninsn)) {
			/* the budget ends inside this bundle */
			start = stop;
			break;
		}
		ip += 16;
		start = 0;
	next:;
	}
	cpu->ip = ip;
	cpu->slot = start;
	ret = budget_exit();
out:
	cpu->insns += budget - left;
	cpu->dcache_hits += bundles - misses;
	cpu->dcache_misses += misses;
	return ret;
}
