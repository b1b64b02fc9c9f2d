// SPDX-License-Identifier: GPL-2.0
/*
 * The wedge's routines (afterburner/wedge/wedge.S) run on the interpreter
 * against a test monitor that maps the vCPU page: each must leave the
 * virtual state the instruction it stands for leaves under the SDM (rsm/ssm
 * of psr.i and psr.ic, mov from psr, the mirrored control and kernel
 * registers, ar.itc) and make a hypercall exactly when the monitor has to
 * act (an interrupt pending when psr.i is set).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "lol-abi.h"
#include "tap.h"

#ifndef AB_DIR
#define AB_DIR "build/tests/afterburner"
#endif

static char elf[512];
static struct guest g;
static struct cpu c;
static struct lol_vcpu_page *page;

static uint64_t sym(const char *name)
{
	uint64_t v = guest_symbol(elf, name);
	if (!v) {
		fprintf(stderr, "%s: no symbol %s\n", elf, name);
		exit(1);
	}
	return v;
}

/* Call fn(a0..a3); returns the exit that ended the run: the return break
 * (imm 0x7777) or a hypercall; *r8 the result. */
static struct cpu_exit call(const char *fn, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	cpu_set_gr(&c, 14, a0, false);
	cpu_set_gr(&c, 15, a1, false);
	cpu_set_gr(&c, 16, a2, false);
	cpu_set_gr(&c, 17, a3, false);
	cpu_set_gr(&c, 18, sym(fn), false);
	c.ip = sym("lolt_call");
	c.slot = 0;
	return cpu_run(&c, 100000);
}

static bool returned(const struct cpu_exit *x)
{
	return x->kind == CPU_EXIT_BREAK && x->imm == 0x7777;
}

static bool hcall(const struct cpu_exit *x, unsigned nr)
{
	return x->kind == CPU_EXIT_BREAK && x->imm == LOL_BREAK_HCALL(nr);
}

/* continue after a hypercall the test monitor "handled" */
static struct cpu_exit resume(void)
{
	cpu_advance(&c);
	return cpu_run(&c, 100000);
}

static uint64_t r8(void)
{
	return cpu_get_gr(&c, 8, NULL);
}

static void reset_page(void)
{
	memset(page, 0, sizeof *page);
	page->magic = LOL_VCPU_MAGIC;
	page->vpsr = (1ull << 17) | (1ull << 36) | (1ull << 27); /* dt, it, rt */
	page->psr_i = 1;
	page->psr_ic = 1;
	page->banknum = 1;
}

#define PSR_I (1ull << 14)
#define PSR_IC (1ull << 13)
#define PSR_BN (1ull << 44)

int main(int argc, char **argv)
{
	snprintf(elf, sizeof elf, "%s/wedge.elf", argc > 1 ? argv[1] : AB_DIR);
	char err[256];
	if (guest_load(&g, elf, err, sizeof err) < 0) {
		printf("ok 1 # SKIP %s\n", err);
		return 0;
	}
	page = (struct lol_vcpu_page *)guest_map(&g, LOL_VCPU_PAGE_ADDR, LOL_VCPU_PAGE_SIZE,
						 CPU_ACC_READ | CPU_ACC_WRITE);
	struct cpu_config cfg = {.stacked_regs = 96, .exit_on_priv = true, .exit_on_sensitive = false};
	if (!page || cpu_init(&c, &cfg, &g.ops, &g) < 0) {
		printf("not ok 1 - cannot set up the guest\n");
		return 1;
	}
	guest_start(&g, &c);
	struct cpu_exit x;
	uint64_t base = (1ull << 17) | (1ull << 36) | (1ull << 27);

	reset_page();
	x = call("lol_wedge_get_psr", 0, 0, 0, 0);
	tap_ok(returned(&x) && r8() == (base | PSR_I | PSR_IC | PSR_BN),
	       "mov r=psr: vpsr with i, ic, bn merged in (0x%llx)", (unsigned long long)r8());
	page->banknum = 0;
	page->psr_ic = 0;
	x = call("lol_wedge_get_psr", 0, 0, 0, 0);
	tap_ok(returned(&x) && r8() == (base | PSR_I), "mov r=psr with psr.ic = 0 and bank 0");

	reset_page();
	x = call("lol_wedge_irq_save", 0, 0, 0, 0);
	tap_ok(returned(&x) && r8() == (base | PSR_I | PSR_IC | PSR_BN) && page->psr_i == 0 && page->psr_ic == 1,
	       "mov r=psr;; rsm psr.i: the old psr, then psr.i = 0, psr.ic kept");
	uint64_t flags = r8();
	page->pending = 0;
	x = call("lol_wedge_irq_restore", flags, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_i == 1, "restore psr.i = 1, nothing pending: no hypercall");
	page->psr_i = 0;
	page->pending = 1;
	x = call("lol_wedge_irq_restore", flags, 0, 0, 0);
	tap_ok(hcall(&x, LOL_HC_PENDING) && page->psr_i == 1, "restore psr.i = 1 with an interrupt pending: LOL_HC_PENDING");
	x = resume();
	tap_ok(returned(&x), "... and the routine returns after the hypercall");
	page->psr_i = 1;
	page->pending = 1;
	x = call("lol_wedge_irq_restore", flags & ~PSR_I, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_i == 0, "restore psr.i = 0 with an interrupt pending: no hypercall");

	reset_page();
	x = call("lol_wedge_irq_disable", 0, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_i == 0 && page->psr_ic == 1 && page->vpsr == base, "rsm psr.i");
	x = call("lol_wedge_irq_enable", 0, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_i == 1, "ssm psr.i, nothing pending");
	page->psr_i = 0;
	page->pending = 1;
	x = call("lol_wedge_irq_enable", 0, 0, 0, 0);
	tap_ok(hcall(&x, LOL_HC_PENDING) && page->psr_i == 1, "ssm psr.i with an interrupt pending: LOL_HC_PENDING");
	resume();
	x = call("lol_wedge_rsm_ic", 0, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_ic == 0 && page->psr_i == 1, "rsm psr.ic");
	x = call("lol_wedge_ssm_ic", 0, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_ic == 1, "ssm psr.ic");

	reset_page();
	page->itc_offset = 1ull << 40;
	x = call("lol_wedge_get_itc", 0, 0, 0, 0);
	uint64_t t = r8();
	tap_ok(returned(&x) && t >= 1ull << 40 && t < 1ull << 41 && page->itc_last == t,
	       "mov r=ar.itc: host itc + offset (%llu), remembered", (unsigned long long)t);
	page->itc_last = 1ull << 60;
	x = call("lol_wedge_get_itc", 0, 0, 0, 0);
	tap_ok(returned(&x) && r8() == 1ull << 60, "ar.itc never goes backwards");

	reset_page();
	page->ipsr = 0x1234;
	page->iip = 0xa000000100001230;
	page->ifs = 0x8000000000000005;
	page->tpr = 0x10000;
	for (int k = 0; k < 8; k++)
		page->kr[k] = 0x1000 + (uint64_t)k;
	bool ok = true;
	struct {
		unsigned cr;
		uint64_t want;
	} crs[] = {{16, 0x1234}, {19, 0xa000000100001230}, {23, 0x8000000000000005}, {66, 0x10000},
		   {65, ~0ull}, {68, ~0ull}, {67, ~0ull}, {200, ~0ull}};
	for (size_t i = 0; i < sizeof crs / sizeof *crs; i++) {
		x = call("lol_wedge_get_cr", crs[i].cr, 0, 0, 0);
		if (!returned(&x) || r8() != crs[i].want) {
			ok = false;
			printf("# cr%u: 0x%llx\n", crs[i].cr, (unsigned long long)r8());
		}
	}
	tap_ok(ok, "mov r=cr: ipsr, iip, ifs, tpr from the page; ivr, irr0, eoi and cr200 are not mirrored (-1)");
	ok = true;
	for (unsigned k = 0; k < 8; k++) {
		x = call("lol_wedge_get_kr", k, 0, 0, 0);
		ok = ok && returned(&x) && r8() == 0x1000 + k;
	}
	tap_ok(ok, "mov r=ar.k0-7 from the page");

	x = call("lol_hc_set_rr", 0x2000000000000000, 0x12345, 7, 8);
	tap_ok(hcall(&x, LOL_HC_SET_RR) && r8() == 0x2000000000000000 && cpu_get_gr(&c, 9, NULL) == 0x12345 &&
		       cpu_get_gr(&c, 10, NULL) == 7 && cpu_get_gr(&c, 11, NULL) == 8,
	       "hypercall stub: break LOL_BREAK_HCALL(LOL_HC_SET_RR), arguments in r8-r11");
	cpu_set_gr(&c, 8, 42, false);
	x = resume();
	tap_ok(returned(&x) && r8() == 42, "... the monitor's result in r8 comes back");

	/* phase 2: inline sequences lol-afterburn made of privileged instructions */
	reset_page();
	x = call("t_write_cr", 0x1111, 0xa000000100004560, 0x8000000000000003, 77);
	tap_ok(returned(&x) && page->ipsr == 0x1111 && page->iip == 0xa000000100004560 &&
		       page->ifs == 0x8000000000000003 && r8() == 77,
	       "inline mov cr.ipsr/iip/ifs = r: stores to the page, nothing else changed");
	page->kr[6] = 0x6666;
	x = call("t_read_cr", 0, 0, 0, 0);
	tap_ok(returned(&x) && r8() == 0x1111 && cpu_get_gr(&c, 9, NULL) == 0xa000000100004560 &&
		       cpu_get_gr(&c, 10, NULL) == 0x6666,
	       "inline mov r = cr.ipsr, cr.iip, ar.k6: loads from the page");
	page->pending = 1;
	x = call("t_rsm_i", 0, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_i == 0 && page->psr_ic == 1 && page->pending == 1, "inline rsm psr.i");
	reset_page();
	page->pending = 1;
	x = call("t_rsm_i_ic", 0, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_i == 0 && page->psr_ic == 0 && page->pending == 1 && page->banknum == 1,
	       "inline rsm psr.i | psr.ic: both bytes, pending (between them) kept");
	cpu_set_gr(&c, 2, 41, false);
	x = call("t_ssm_ic", 0, 0, 0, 0);
	tap_ok(returned(&x) && page->psr_ic == 1 && page->psr_i == 0 && r8() == 42,
	       "inline ssm psr.ic with r2 live: another scratch register, r2 read intact");
	x = call("t_live", 0, 0, 0, 0);
	tap_ok(x.kind == CPU_EXIT_BREAK && x.imm == LOL_BREAK_SITE(LOL_SITE_RSM),
	       "no dead scratch register: the site break stays (imm 0x%llx)", (unsigned long long)x.imm);
	cpu_destroy(&c);
	guest_free(&g);
	return tap_done();
}
