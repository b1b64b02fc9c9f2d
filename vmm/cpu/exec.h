/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal: the execution helpers the interpreter core (interp.c) dispatches
 * to for the FP and multimedia units, and the FP memory-format conversion.
 *
 * Common contract of cpu_exec_fp and cpu_exec_mm:
 *   - called when the qualifying predicate is 1; fcmp.unc, fclass.unc,
 *     frcpa, fprcpa, frsqrta and fprsqrta are also called when it is 0 and
 *     evaluate in->qp themselves (their pages' "else" arms write p1/p2);
 *   - the core has already checked that every GR operand lies inside the
 *     current frame (r < 32 + sof) and that the op is not privileged;
 *   - registers are accessed through regs.h (gr_get/gr_set/gr_nat, fr_index,
 *     pr_get/pr_set); writes to r0, f0, f1 and p0 are the callee's to refuse
 *     (Illegal Operation fault) or drop, as the SDM says for each op;
 *   - return false when the instruction completed; return true when it
 *     stopped with *exit filled (kind CPU_EXIT_FAULT, fault, fp_flags, insn).
 *     For a fault nothing may have been written.  For an FP trap
 *     (CPU_FAULT_FP_TRAP) the results are written first; the core then sets
 *     ip/slot after the instruction.  The core sets exit->insn and the
 *     cpu's ip/slot; the callee need not.
 * fchkf is a branch and is executed by the core, never passed to cpu_exec_fp.
 */
#ifndef LOL_CPU_EXEC_H
#define LOL_CPU_EXEC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* F-unit ops (insn->opc->unit == IA64_UNIT_F) except nop.f, hint.f, break.f
 * and fchkf, plus getf.* and setf.* (M unit, IA64_OP_GETF / IA64_OP_SETF).
 * Implemented in exec_fp.c. */
bool cpu_exec_fp(struct cpu *cpu, const struct ia64_insn *in, struct cpu_exit *exit);

/* Multimedia ops: A9/A10 (padd, psub, pavg, pavgsub, pcmp, pshladd, pshradd)
 * and the I unit's pmpyshr, pmpy, mix, pack, unpack, pmin, pmax, psad, mux,
 * pshl, pshr, popcnt, clz, czx, mpy4, mpyshl4.  (shl/shr by register, zxt
 * and sxt are executed by the core.)  Implemented in exec_mm.c. */
bool cpu_exec_mm(struct cpu *cpu, const struct ia64_insn *in, struct cpu_exit *exit);

/* FP memory formats for ldfs/ldfd/ldf8/ldfe/ldf.fill, ldfps/ldfpd/ldfp8 and
 * stfs/stfd/stf8/stfe/stf.spill.  bytes holds in->opc->msize bytes in memory
 * order (little-endian; pairs: f1's value first, then f2's).
 *   store = false: convert bytes into f1 (and f2 for pairs); the core has
 *     loaded them, and handles speculation (a deferred ldf.s writes NaTVal
 *     without calling this), the ALAT, post-increment and f1 in {f0, f1}.
 *   store = true: convert f2 (the stored register) into bytes; the core then
 *     writes them.  A NaTVal source of a non-spill store returns
 *     CPU_FAULT_NAT_CONSUMPTION.
 * Returns CPU_FAULT_NONE (0) or the enum cpu_fault to report. */
int cpu_fp_mem(struct cpu *cpu, const struct ia64_insn *in, uint8_t *bytes, bool store);

#endif
