/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Completer values carried in struct ia64_opcode's sub1/sub2, for the ops
 * whose users (interpreter, monitor, afterburner) need them.  Each unit
 * file's header says which op uses which; the values are fixed here.
 */
#ifndef LOL_IA64_SUB_H
#define LOL_IA64_SUB_H

/* cmp, cmp4 (sub1: relation, sub2: type); tbit/tnat/tf: sub1 0 .z, 1 .nz. */
enum ia64_cmp_rel { IA64_REL_EQ, IA64_REL_NE, IA64_REL_LT, IA64_REL_LE, IA64_REL_GT, IA64_REL_GE,
		    IA64_REL_LTU };
enum ia64_cmp_type { IA64_CT_NONE, IA64_CT_UNC, IA64_CT_AND, IA64_CT_OR, IA64_CT_OR_ANDCM };
/* padd/psub saturation (sub2). */
enum ia64_sat { IA64_SAT_NONE, IA64_SAT_SSS, IA64_SAT_UUU, IA64_SAT_UUS };

/* Loads and stores: ldtype/sttype (sub1); sub2 is the hint (0 none, 1 nt1, 3 nta, ...). */
enum ia64_mem_type {
	IA64_MT_NONE = 0,
	IA64_MT_S = 1,        /* .s    control speculative */
	IA64_MT_A = 2,        /* .a    advanced */
	IA64_MT_SA = 3,       /* .sa   speculative advanced */
	IA64_MT_BIAS = 4,     /* .bias exclusive-ownership bias */
	IA64_MT_ACQ = 5,      /* .acq  acquire (also cmpxchg/fetchadd/ld16 .acq) */
	IA64_MT_FILL = 6,     /* ld8.fill, ldf.fill */
	IA64_MT_C_CLR = 7,    /* .c.clr  check, clear the ALAT entry */
	IA64_MT_C_NC = 8,     /* .c.nc   check, keep the ALAT entry */
	IA64_MT_C_CLR_ACQ = 9,/* .c.clr.acq */
	IA64_MT_REL = 10,     /* .rel  release (st, cmpxchg, fetchadd, st16) */
	IA64_MT_SPILL = 11,   /* st8.spill, stf.spill */
};
/* lfetch (sub1 bits). */
enum { IA64_LF_EXCL = 1, IA64_LF_FAULT = 2, IA64_LF_COUNT = 4 };
/* getf/setf form (sub1). */
enum ia64_fr_form { IA64_FRF_SIG = 0, IA64_FRF_EXP = 1, IA64_FRF_S = 2, IA64_FRF_D = 3 };

/* Branches: type (sub1); sub2 bits 0-2 whether hint, bit 3 .many, bit 4 .clr/.imp. */
enum ia64_btype { IA64_BT_COND, IA64_BT_IA, IA64_BT_WEXIT, IA64_BT_WTOP, IA64_BT_RET,
		  IA64_BT_CLOOP, IA64_BT_CEXIT, IA64_BT_CTOP, IA64_BT_CALL };
enum ia64_bwh { IA64_WH_SPTK, IA64_WH_SPNT, IA64_WH_DPTK, IA64_WH_DPNT, IA64_WH_LOOP,
		IA64_WH_EXIT };

/* FP: sub1 is the status field (0-3); fma family sub2 is the precision. */
enum ia64_fp_pc { IA64_PC_NONE = 0, IA64_PC_S = 1, IA64_PC_D = 2, IA64_PC_PAR = 3 };

#endif
