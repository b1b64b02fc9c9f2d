// SPDX-License-Identifier: GPL-2.0
/*
 * The main loop: run each vCPU through the back end until an exit, answer the
 * exit (emulate, deliver to the guest, call firmware or a device), let
 * devices and the timer raise interrupts, and sleep on the host when every
 * vCPU idles.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev.h"
#include "vm.h"

#define SLICE 200000 /* instructions per run before devices and timers are looked at */

void vm_vlog(const char *fmt, va_list ap)
{
	fputs("lol-vmm: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void vm_log(struct vm *vm, const char *fmt, ...)
{
	(void)vm;
	va_list ap;
	va_start(ap, fmt);
	vm_vlog(fmt, ap);
	va_end(ap);
}

/* Print the guest kernel's log buffer (printable text) for post-mortems. */
void vm_dump_guest_log(struct vm *vm)
{
	if (!vm->log_buf_va || !vm->vcpu[0])
		return;
	uint64_t pa;
	if (!kernel_image_pa(vm, vm->log_buf_va, &pa) && !kernel_idmap_pa(vm->log_buf_va, &pa))
		return;
	const uint8_t *p = gpa_ptr(vm, pa, vm->log_buf_len);
	if (!p)
		return;
	fprintf(stderr, "lol-vmm: ---- guest kernel log ----\n");
	bool nl = true;
	for (uint64_t i = 0; i < vm->log_buf_len; i++) {
		uint8_t ch = p[i];
		if (ch == '\n' || (ch >= 32 && ch < 127)) {
			fputc(ch, stderr);
			nl = ch == '\n';
		} else if (!nl) {
			fputc('\n', stderr);
			nl = true;
		}
	}
	fprintf(stderr, "\nlol-vmm: ---- end of guest kernel log ----\n");
}

void vm_die(struct vm *vm, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("lol-vmm: guest stopped: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (vm->cfg->keep)
		vm_dump_guest_log(vm);
	if (vm->dev)
		devices_destroy(vm->dev);
	exit(3);
}

static void trace_exit(struct vcpu *v, const struct cpu_exit *x)
{
	static const char *const kinds[] = {"break", "privop", "fault", "budget"};
	char buf[128] = "";
	if (x->insn.opc)
		ia64_format_insn(buf, sizeof(buf), &x->insn, v->cpu.ip, NULL, NULL);
	fprintf(stderr, "lol-vmm: cpu%u %s ip=0x%llx.%u psr=0x%llx %s imm=0x%llx fault=%d addr=0x%llx\n",
		v->id, kinds[x->kind], (unsigned long long)v->cpu.ip, v->cpu.slot,
		(unsigned long long)v->cpu.psr, buf, (unsigned long long)x->imm, x->fault,
		(unsigned long long)x->addr);
}

/* An afterburned site: emulate the instruction its record holds. */
static void site_break(struct vcpu *v, const struct cpu_exit *x)
{
	struct site *s = vm_find_site(v->vm, v->cpu.ip, v->cpu.slot, !(v->cpu.psr & PSR_IT));
	if (!s) {
		vcpu_interrupt(v, IVT_BREAK, 0, 0, false, x->imm);
		return;
	}
	v->stats[VS_BREAK_SITE]++;
	v->site_stats[s->kind & 255]++;
	if (!s->decoded) {
		if (!ia64_decode_slot(x->insn.type, s->insn, 0, &s->dec))
			vm_die(v->vm, "site at 0x%llx: its original instruction does not decode",
			       (unsigned long long)s->addr);
		s->dec.slot = (uint8_t)v->cpu.slot;
		s->dec.flags |= ia64_classify(&s->dec);
		s->decoded = true;
	}
	vcpu_privop(v, &s->dec);
}

static void ssc(struct vcpu *v)
{
	struct cpu *c = &v->cpu;
	bool nat;
	uint64_t nr = cpu_get_gr(c, 15, &nat), arg[4], r8 = 0;
	for (unsigned i = 0; i < 4; i++)
		arg[i] = c->cfm.sof > i ? cpu_get_gr(c, 32 + i, &nat) : 0;
	int status = 0;
	v->stats[VS_SSC]++;
	switch (devices_ssc(v->vm->dev, nr, arg, &r8, &status)) {
	case DEV_SSC_DONE:
		break;
	case DEV_SSC_UNKNOWN:
		vm_log(v->vm, "unknown SSC %llu ignored", (unsigned long long)nr);
		r8 = (uint64_t)-1;
		break;
	case DEV_SSC_HALT:
		v->halted = true;
		break;
	case DEV_SSC_EXIT:
		v->vm->exit_status = status;
		v->vm->exit_requested = true;
		break;
	}
	cpu_set_gr(c, 8, r8, false);
	cpu_advance(c);
}

/* A hypercall from the wedge (lol-abi.h section 3).  The wedge keeps psr.i
 * in the vCPU page and calls only when the monitor has to act: PENDING, an
 * interrupt to deliver now that psr.i is on (the exit loop delivers it
 * after this returns).  The others have no user in the lol kernel yet. */
static void hypercall(struct vcpu *v, unsigned nr)
{
	v->stats[VS_HCALL]++;
	uint64_t res = 0;
	if (nr != LOL_HC_PENDING) {
		vm_log(v->vm, "hypercall %u not implemented (ip 0x%llx)", nr,
		       (unsigned long long)v->cpu.ip);
		res = (uint64_t)-1;
	}
	cpu_set_gr(&v->cpu, 8, res, false);
	cpu_advance(&v->cpu);
}

static void handle_break(struct vcpu *v, const struct cpu_exit *x)
{
	uint64_t imm = x->imm;
	unsigned cpl = (v->cpu.psr >> 32) & 3;
	if (LOL_BREAK_IS_SITE(imm)) {
		site_break(v, x);
	} else if (cpl == 0 && imm >= LOL_BREAK_FW_BASE && imm < LOL_BREAK_FW_BASE + LOL_FW_COUNT) {
		fw_call(v, (unsigned)(imm - LOL_BREAK_FW_BASE));
	} else if (cpl == 0 && (imm == LOL_SSC_BREAK || imm == LOL_SSC_BREAK_ALT)) {
		ssc(v);
	} else if (cpl == 0 && LOL_BREAK_IS_HCALL(imm)) {
		hypercall(v, (unsigned)(imm - LOL_BREAK_HCALL_BASE));
	} else {
		v->stats[imm == 0x100000 ? VS_SYSCALL_BREAK : VS_OTHER_BREAK]++;
		vcpu_interrupt(v, IVT_BREAK, 0, 0, false, imm);
	}
}

/* A load or store to guest-physical space that is not RAM: the processor
 * interrupt block (an 8-byte store there sends an IPI, SDM vol 2 5.8.4.2),
 * else reads give zero and writes are dropped, logged once. */
static void mmio(struct vcpu *v, const struct cpu_exit *x, uint64_t pa)
{
	const struct ia64_insn *in = &x->insn;
	bool nat;
	if (!in->opc || !(in->flags & (IA64_F_LOAD | IA64_F_STORE)) || x->access == CPU_ACC_EXEC)
		vm_die(v->vm, "guest access to unbacked address 0x%llx (physical 0x%llx) at ip 0x%llx",
		       (unsigned long long)x->addr, (unsigned long long)pa,
		       (unsigned long long)v->cpu.ip);
	if (in->flags & IA64_F_STORE) {
		const struct ia64_operand *src = ia64_insn_opnd(in, IA64_OPND_R2);
		uint64_t val = src ? cpu_get_gr(&v->cpu, (unsigned)src->value, &nat) : 0;
		if (pa >= FW_PIB_BASE && pa < FW_PIB_BASE + FW_PIB_SIZE && !(pa & 8)) {
			unsigned id = (unsigned)((pa - FW_PIB_BASE) >> 12) & 0xff;
			if (id < v->vm->ncpus)
				vcpu_pend(v->vm->vcpu[id], (unsigned)(val & 0xff));
		} else if (!v->vm->mmio_logged) {
			v->vm->mmio_logged = true;
			vm_log(v->vm, "guest store to unbacked physical 0x%llx ignored",
			       (unsigned long long)pa);
		}
	} else {
		const struct ia64_operand *dst = ia64_insn_opnd(in, IA64_OPND_R1);
		if (dst && dst->value)
			cpu_set_gr(&v->cpu, (unsigned)dst->value, 0, false);
	}
	cpu_advance(&v->cpu);
}

static void handle_fault(struct vcpu *v, const struct cpu_exit *x)
{
	switch (x->fault) {
	case CPU_FAULT_TLB_MISS:
	case CPU_FAULT_ACCESS_RIGHTS: {
		uint64_t pa;
		enum tr_result r = vtlb_translate(v, x->addr, x->access, &pa, NULL);
		v->stats[VS_TLB_MISS]++;
		if (r == TR_OK)
			return; /* filled meanwhile: run again */
		if (r == TR_UNBACKED) {
			mmio(v, x, pa);
			return;
		}
		vcpu_tlb_fault(v, r, x->addr, x->access, x);
		return;
	}
	default:
		break;
	}
	v->stats[VS_OTHER_FAULT]++;
	switch (x->fault) {
	case CPU_FAULT_ALIGNMENT:
		vcpu_interrupt(v, IVT_UNALIGNED,
			       x->access == CPU_ACC_WRITE ? ISR_W : ISR_R, x->addr, true, 0);
		break;
	case CPU_FAULT_NAT_CONSUMPTION:
		vcpu_interrupt(v, IVT_NAT, 0x10 | (x->access == CPU_ACC_WRITE ? ISR_W : 0), x->addr,
			       false, 0);
		break;
	case CPU_FAULT_ILLEGAL_OP:
		vcpu_interrupt(v, IVT_GENERAL, GE_ILLEGAL_OP, 0, false, 0);
		break;
	case CPU_FAULT_RESERVED_REG:
	case CPU_FAULT_UNIMPL_ADDR:
		vcpu_interrupt(v, IVT_GENERAL, GE_RESERVED_REG, 0, false, 0);
		break;
	case CPU_FAULT_DISABLED_FP: /* the guest's lazy f32-f127 switching */
		vcpu_interrupt(v, IVT_DISABLED_FP, x->access & 3, 0, false, 0);
		break;
	case CPU_FAULT_FP_FAULT:
		vcpu_interrupt(v, IVT_FP_FAULT, x->fp_flags, 0, false, 0);
		break;
	case CPU_FAULT_FP_TRAP:
		vcpu_interrupt(v, IVT_FP_TRAP, x->fp_flags, 0, false, 0);
		break;
	default:
		vm_die(v->vm, "unexpected fault %d at ip 0x%llx", x->fault,
		       (unsigned long long)v->cpu.ip);
	}
}

static void handle_exit(struct vcpu *v, const struct cpu_exit *x)
{
	if (v->vm->cfg->trace && x->kind != CPU_EXIT_BUDGET)
		trace_exit(v, x);
	switch (x->kind) {
	case CPU_EXIT_BREAK:
		handle_break(v, x);
		break;
	case CPU_EXIT_PRIVOP:
		v->stats[VS_PRIVOP]++;
		vcpu_privop(v, &x->insn);
		break;
	case CPU_EXIT_FAULT:
		handle_fault(v, x);
		break;
	case CPU_EXIT_BUDGET:
		v->stats[VS_BUDGET]++;
		break;
	}
}

static void poll_devices(struct vm *vm, int timeout_ms)
{
	struct pollfd fds[64];
	int n = devices_pollfds(vm->dev, fds, 64);
	int dt = devices_timeout_ms(vm->dev);
	if (dt >= 0 && (timeout_ms < 0 || dt < timeout_ms))
		timeout_ms = dt;
	int r = poll(fds, (nfds_t)n, timeout_ms);
	if (r < 0 && errno != EINTR)
		vm_die(vm, "poll: %s", strerror(errno));
	if (r < 0)
		for (int i = 0; i < n; i++)
			fds[i].revents = 0;
	devices_poll(vm->dev, fds, n);
	int status;
	if (devices_quit_requested(vm->dev, &status)) {
		vm->exit_status = status;
		vm->exit_requested = true;
	}
}

int vm_run(struct vm *vm)
{
	unsigned slices = 0;
	while (!vm->exit_requested && !vm->reboot_requested) {
		bool all_idle = true;
		for (unsigned i = 0; i < vm->ncpus; i++) {
			struct vcpu *v = vm->vcpu[i];
			vcpu_check_extint(v);
			if (v->halted)
				continue;
			all_idle = false;
			if (vm->ncpus > 1) /* the others' stores since its last slice */
				cpu_sys_invala(&v->cpu);
			uint64_t budget = SLICE;
			while (budget && !v->halted && !vm->exit_requested && !vm->reboot_requested) {
				uint64_t before = v->cpu.insns;
				vcpu_psr_to_page(v);
				struct cpu_exit x = cpu_run(&v->cpu, budget);
				vcpu_psr_from_page(v);
				uint64_t ran = v->cpu.insns - before + 1;
				budget = ran >= budget ? 0 : budget - ran;
				handle_exit(v, &x);
				if (x.kind == CPU_EXIT_PRIVOP || x.kind == CPU_EXIT_BREAK)
					if (vcpu_check_extint(v))
						continue;
			}
		}
		if (vm->exit_requested || vm->reboot_requested)
			break;
		if (all_idle) {
			int64_t ns = -1;
			for (unsigned i = 0; i < vm->ncpus; i++) {
				int64_t t = vcpu_timer_ns(vm->vcpu[i]);
				if (t >= 0 && (ns < 0 || t < ns))
					ns = t;
			}
			poll_devices(vm, ns < 0 ? 1000 : (int)((ns + 999999) / 1000000));
		} else if (++slices % 4 == 0) {
			poll_devices(vm, 0);
		}
	}
	return 0;
}
