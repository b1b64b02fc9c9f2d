// SPDX-License-Identifier: GPL-2.0
/*
 * Guest signals.  The host kernel does the bookkeeping: the guest's blocked mask is the
 * host thread's mask, a guest handler is a host handler that only records the signal, and
 * SIG_DFL / SIG_IGN are the host's, so default actions (terminate, stop, core) happen to
 * lol-user itself and a parent sees exactly what it would see for the ia64 process.
 *
 * A recorded signal is delivered between two cpu_run calls: the interrupted state goes
 * into an ia64 sigframe on the guest stack (arch/ia64/kernel/sigframe.h layout: the three
 * handler arguments, the handler's descriptor, siginfo, then struct sigcontext of
 * uapi/asm/sigcontext.h), the stacked registers are flushed to the backing store as after
 * a cover instruction (sc_ar_bsp), and the handler is entered as if called from lol-user's
 * trampoline page, whose code makes the rt_sigreturn system call when the handler returns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user.h"

__thread struct thread *cur_thread;

struct g_fpreg {
	uint64_t lo, hi;
} __attribute__((aligned(16)));

struct g_stack_t {
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
};

struct g_sigcontext {
	uint64_t flags, nat;
	struct g_stack_t stack;
	uint64_t ip, cfm, um, ar_rsc, ar_bsp, ar_rnat, ar_ccv, ar_unat, ar_fpsr, ar_pfs, ar_lc;
	uint64_t pr;
	uint64_t br[8];
	uint64_t gr[32];
	struct g_fpreg fr[128];
	uint64_t rbs_base, loadrs, ar25, ar26, rsvd[12];
	uint64_t mask;
};

struct g_sigframe {
	uint64_t arg0, arg1, arg2, handler;
	uint8_t info[128];
	struct g_sigcontext sc;
};

_Static_assert(offsetof(struct g_sigcontext, ip) == 40, "sc_ip");
_Static_assert(offsetof(struct g_sigcontext, gr) == 200, "sc_gr");
_Static_assert(offsetof(struct g_sigcontext, fr) == 464, "sc_fr");
_Static_assert(offsetof(struct g_sigcontext, mask) == 2640, "sc_mask");
_Static_assert(offsetof(struct g_sigframe, sc) == 160, "sigframe.sc");

#define SC_FLAG_ONSTACK 1
#define SC_FLAG_IN_SYSCALL 2
#define SC_FLAG_FPH_VALID 4
#define PSR_UM_MASK 0x3eull /* be, up, ac, mfl, mfh */
#define G_SS_ONSTACK 1
#define G_SS_DISABLE 2
#define G_MINSIGSTKSZ 131027

static uint64_t sigbit(int sig)
{
	return 1ull << (sig - 1);
}

/* ---- host side ------------------------------------------------------------------------------ */

struct k_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

#ifdef __x86_64__
void lol_sigreturn(void);
__asm__(".text\n"
	".globl lol_sigreturn\n"
	".type lol_sigreturn,@function\n"
	"lol_sigreturn:\n"
	"\tmov $15, %eax\n"
	"\tsyscall\n"
	".size lol_sigreturn, .-lol_sigreturn\n");
#define K_SA_RESTORER 0x04000000
#endif

/* The raw call: glibc refuses signals 32 and 33, which the guest's own glibc uses. */
static int host_sigaction(int sig, void *handler, unsigned long flags, uint64_t mask)
{
#ifdef __x86_64__
	struct k_sigaction k = {handler, flags | K_SA_RESTORER, lol_sigreturn, mask};
	return (int)syscall(SYS_rt_sigaction, sig, &k, NULL, 8);
#else
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = (int)flags;
	sigfillset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
#endif
}

void set_host_sigmask(uint64_t guest_mask)
{
	guest_mask &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &guest_mask, NULL, 8);
}

static bool is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

static _Noreturn void die_by_signal(int sig)
{
	/* No core file of lol-user for a guest fault. */
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	host_sigaction(sig, SIG_DFL, 0, 0);
	uint64_t m = ~0ull & ~sigbit(sig);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
	m = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	_exit(128 + sig);
}

void signal_host_handler(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	struct thread *t = cur_thread;
	if (is_fault_signal(sig) && info->si_code > 0) {
		/* A fault of lol-user itself, not something sent to the guest. */
		char msg[160];
		int n = snprintf(msg, sizeof(msg),
				 "%s: internal error: host signal %d at %p; guest ip %#lx\n",
				 progname, sig, info->si_addr, t ? (unsigned long)t->cpu.ip : 0ul);
		if (write(2, msg, (size_t)n) < 0)
			n = 0;
		die_by_signal(sig);
	}
	if (!t)
		return;
	t->pinfo[sig] = *info;
	atomic_fetch_or(&t->pending, sigbit(sig));
}

/* Install what the guest's disposition asks for on the host. */
static void host_apply(struct proc *p, int sig)
{
	const struct g_sigaction *a = &p->act[sig];
	unsigned long flags = SA_SIGINFO | SA_ONSTACK;
	if (sig == SIGCHLD)
		flags |= a->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT);
	if (a->handler == (uint64_t)(uintptr_t)SIG_IGN)
		host_sigaction(sig, SIG_IGN, flags & ~(unsigned long)SA_SIGINFO, 0);
	else if (a->handler == (uint64_t)(uintptr_t)SIG_DFL && !is_fault_signal(sig))
		host_sigaction(sig, SIG_DFL, flags & ~(unsigned long)SA_SIGINFO, 0);
	else
		host_sigaction(sig, (void *)signal_host_handler, flags, ~0ull);
}

void signals_init(struct proc *p)
{
	/* Dispositions survive execve only as "ignored"; the mask survives as it is. */
	for (int sig = 1; sig <= G_NSIG; sig++) {
		p->act[sig] = (struct g_sigaction){0};
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		struct k_sigaction old;
		if (syscall(SYS_rt_sigaction, sig, NULL, &old, 8) == 0 && old.handler == SIG_IGN)
			p->act[sig].handler = (uint64_t)(uintptr_t)SIG_IGN;
		if (is_fault_signal(sig))
			host_apply(p, sig);
	}
	/* An alternate stack for lol-user's own fault messages. */
	static char altstack[65536];
	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0};
	sigaltstack(&ss, NULL);
}

/* ---- system calls --------------------------------------------------------------------------- */

int64_t sys_rt_sigaction(struct thread *t, int sig, uint64_t act, uint64_t oact, uint64_t size)
{
	struct proc *p = t->proc;
	struct mm *mm = p->mm;
	if (size != 8)
		return -EINVAL;
	if (sig < 1 || sig > G_NSIG)
		return -EINVAL;
	struct g_sigaction n;
	if (act) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (mm_read(mm, act, &n, sizeof(n)))
			return -EFAULT;
	}
	pthread_mutex_lock(&p->lock);
	struct g_sigaction o = p->act[sig];
	if (act) {
		n.mask &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
		p->act[sig] = n;
		host_apply(p, sig);
	}
	pthread_mutex_unlock(&p->lock);
	if (oact && mm_write(mm, oact, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}

int64_t sys_rt_sigprocmask(struct thread *t, int how, uint64_t set, uint64_t oset, uint64_t size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t old = t->sigmask, n = old, s;
	if (set) {
		if (mm_read(t->proc->mm, set, &s, 8))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			n = old | s;
			break;
		case SIG_UNBLOCK:
			n = old & ~s;
			break;
		case SIG_SETMASK:
			n = s;
			break;
		default:
			return -EINVAL;
		}
	}
	if (oset && mm_write(t->proc->mm, oset, &old, 8))
		return -EFAULT;
	n &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	t->sigmask = n;
	set_host_sigmask(n);
	return 0;
}

int64_t sys_sigaltstack(struct thread *t, uint64_t ss, uint64_t oss)
{
	struct mm *mm = t->proc->mm;
	uint64_t sp = t->cpu.gr[12];
	bool on = t->ss_size && sp - t->ss_sp < t->ss_size;
	struct g_stack_t o = {t->ss_sp, t->ss_size ? (on ? G_SS_ONSTACK : 0) : G_SS_DISABLE, 0,
			      t->ss_size};
	if (ss) {
		struct g_stack_t n;
		if (mm_read(mm, ss, &n, sizeof(n)))
			return -EFAULT;
		if (on)
			return -EPERM;
		if (n.ss_flags & ~(G_SS_DISABLE | (1 << 31) /* SS_AUTODISARM */))
			return -EINVAL;
		if (n.ss_flags & G_SS_DISABLE) {
			t->ss_sp = t->ss_size = 0;
		} else {
			if (n.ss_size < G_MINSIGSTKSZ)
				return -ENOMEM;
			t->ss_sp = n.ss_sp, t->ss_size = n.ss_size;
		}
	}
	if (oss && mm_write(mm, oss, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}

int64_t sys_rt_sigsuspend(struct thread *t, uint64_t mask, uint64_t size)
{
	uint64_t m;
	if (size != 8)
		return -EINVAL;
	if (mm_read(t->proc->mm, mask, &m, 8))
		return -EFAULT;
	m &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	t->saved_mask = t->sigmask;
	t->in_sigsuspend = true;
	t->sigmask = m;
	while (!(atomic_load(&t->pending) & ~m)) {
		syscall(SYS_rt_sigsuspend, &m, 8);
	}
	return -EINTR;
}

/* Would the signals now pending restart an interrupted system call (SA_RESTART)? */
bool signal_restartable(struct thread *t)
{
	uint64_t pend = atomic_load(&t->pending) & ~t->sigmask;
	if (!pend)
		return true; /* nothing for the guest: the host interrupted us for nothing */
	for (int sig = 1; sig <= G_NSIG; sig++)
		if ((pend & sigbit(sig)) && !(t->proc->act[sig].flags & SA_RESTART))
			return false;
	return true;
}

/* ---- delivery ------------------------------------------------------------------------------- */

void signal_force(struct thread *t, int sig, int code, uint64_t addr)
{
	t->sync_sig = sig;
	memset(&t->sync_info, 0, sizeof(t->sync_info));
	t->sync_info.si_signo = sig;
	t->sync_info.si_code = code;
	t->sync_info.si_addr = (void *)(uintptr_t)addr;
}

static void fp_spill(const struct fp82 *f, struct g_fpreg *o)
{
	o->lo = f->sig;
	o->hi = (uint64_t)(f->exp & 0x1ffff) | (uint64_t)(f->sign & 1) << 17;
}

static void fp_fill(const struct g_fpreg *o, struct fp82 *f)
{
	f->sig = o->lo;
	f->exp = (uint32_t)(o->hi & 0x1ffff);
	f->sign = (uint32_t)((o->hi >> 17) & 1);
}

static _Noreturn void kill_with(struct thread *t, int sig)
{
	(void)t;
	if (t->proc->verbose)
		warnx_("guest killed by signal %d at ip %#lx slot %u", sig,
		       (unsigned long)t->cpu.ip, t->cpu.slot);
	die_by_signal(sig);
}

/* Build the frame and enter the handler.  Returns false when the frame cannot be written
 * (the guest is then killed with SIGSEGV, as force_sigsegv does). */
static bool setup_frame(struct thread *t, int sig, const struct g_sigaction *a,
			const siginfo_t *info)
{
	struct cpu *c = &t->cpu;
	struct mm *mm = t->proc->mm;
	struct g_sigframe *f = calloc(1, sizeof(*f));
	if (!f)
		return false;
	uint64_t sp = c->gr[12];
	bool on = t->ss_size && sp - t->ss_sp < t->ss_size;
	if ((a->flags & SA_ONSTACK) && t->ss_size && !on)
		sp = t->ss_sp + t->ss_size;
	uint64_t fa = (sp - sizeof(*f)) & ~15ull;

	struct g_sigcontext *sc = &f->sc;
	sc->flags = (on || sp != c->gr[12]) ? SC_FLAG_ONSTACK : 0;
	sc->flags |= SC_FLAG_FPH_VALID;
	sc->stack.ss_sp = t->ss_sp;
	sc->stack.ss_size = t->ss_size;
	sc->stack.ss_flags = t->ss_size ? (on ? G_SS_ONSTACK : 0) : G_SS_DISABLE;
	sc->ip = c->ip | c->slot;
	sc->cfm = cfm_pack(&c->cfm);
	sc->um = c->psr & PSR_UM_MASK;
	sc->ar_rsc = c->ar[G_AR_RSC];
	sc->ar_ccv = c->ar[G_AR_CCV];
	sc->ar_unat = c->ar[G_AR_UNAT];
	sc->ar_fpsr = c->ar[G_AR_FPSR];
	sc->ar_pfs = c->ar[G_AR_PFS];
	sc->ar_lc = c->ar[G_AR_LC];
	sc->pr = c->pr;
	memcpy(sc->br, c->br, sizeof(sc->br));
	for (unsigned r = 0; r < 32; r++)
		sc->gr[r] = c->gr[r];
	sc->nat = c->gr_nat;
	for (unsigned r = 0; r < 128; r++)
		fp_spill(&c->fr[r], &sc->fr[r]);
	sc->ar25 = c->ar[G_AR_CSD];
	sc->ar26 = c->ar[G_AR_SSD];
	sc->mask = t->in_sigsuspend ? t->saved_mask : t->sigmask;

	/* The interrupted frame and everything dirty go to the backing store. */
	struct cpu saved_rse;
	memcpy(&saved_rse.ar, c->ar, sizeof(c->ar));
	unsigned bof = c->bof, nd = c->ndirty, ncl = c->nclean;
	struct cpu_cfm cfm = c->cfm;
	if (rse_flush(c, true)) {
		free(f);
		return false;
	}
	sc->ar_bsp = c->ar[G_AR_BSP];
	sc->ar_rnat = c->ar[G_AR_RNAT];

	f->arg0 = (uint64_t)sig;
	f->arg1 = fa + offsetof(struct g_sigframe, info);
	f->arg2 = fa + offsetof(struct g_sigframe, sc);
	f->handler = a->handler;
	memcpy(f->info, info, sizeof(f->info) < sizeof(*info) ? sizeof(f->info) : sizeof(*info));
	uint64_t fdesc[2];
	bool ok = mm_write(mm, fa, f, sizeof(*f)) == 0 &&
		  mm_read(mm, a->handler, fdesc, sizeof(fdesc)) == 0;
	free(f);
	if (!ok) {
		/* Put the RSE back as it was so a kill reports the right state. */
		memcpy(c->ar, saved_rse.ar, sizeof(c->ar));
		c->bof = bof, c->ndirty = nd, c->nclean = ncl, c->cfm = cfm;
		return false;
	}

	/* Enter the handler as if br.call from a frame holding its three arguments. */
	c->cfm = (struct cpu_cfm){.sof = 3};
	cpu_set_gr(c, 32, (uint64_t)sig, false);
	cpu_set_gr(c, 33, fa + offsetof(struct g_sigframe, info), false);
	cpu_set_gr(c, 34, fa + offsetof(struct g_sigframe, sc), false);
	c->ar[G_AR_PFS] = 3 | (c->ar[G_AR_EC] & 0x3f) << 52 | 3ull << 62;
	c->gr[12] = fa - 16;
	c->gr[1] = fdesc[1];
	c->br[0] = t->proc->gate;
	c->ip = fdesc[0] & ~15ull;
	c->slot = 0;
	c->psr &= ~(1ull << 1); /* psr.be = 0: handlers run little-endian */
	c->ar[G_AR_FPSR] = FPSR_DEFAULT;
	return true;
}

static int next_signal(struct thread *t, siginfo_t *info)
{
	uint64_t pend = atomic_load(&t->pending) & ~t->sigmask;
	if (!pend)
		return 0;
	/* Synchronous-style signals first, then the lowest number (as the kernel does). */
	int sig = __builtin_ctzll(pend) + 1;
	static const int first[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS};
	for (unsigned i = 0; i < sizeof(first) / sizeof(first[0]); i++)
		if (pend & sigbit(first[i])) {
			sig = first[i];
			break;
		}
	*info = t->pinfo[sig];
	atomic_fetch_and(&t->pending, ~sigbit(sig));
	return sig;
}

void signal_deliver(struct thread *t)
{
	struct proc *p = t->proc;
	for (;;) {
		siginfo_t info;
		int sig;
		bool sync = false;
		if (t->sync_sig) {
			sig = t->sync_sig;
			info = t->sync_info;
			t->sync_sig = 0;
			sync = true;
		} else {
			sig = next_signal(t, &info);
			if (!sig)
				break;
		}
		pthread_mutex_lock(&p->lock);
		struct g_sigaction a = p->act[sig];
		if (sync &&
		    ((t->sigmask & sigbit(sig)) || a.handler == (uint64_t)(uintptr_t)SIG_IGN)) {
			/* A blocked or ignored fault kills (force_sig_info). */
			a.handler = (uint64_t)(uintptr_t)SIG_DFL;
		}
		if (a.handler == (uint64_t)(uintptr_t)SIG_IGN) {
			pthread_mutex_unlock(&p->lock);
			continue;
		}
		if (a.handler == (uint64_t)(uintptr_t)SIG_DFL) {
			pthread_mutex_unlock(&p->lock);
			switch (sig) {
			case SIGCHLD:
			case SIGURG:
			case SIGWINCH:
			case SIGCONT:
				continue;
			case SIGSTOP:
			case SIGTSTP:
			case SIGTTIN:
			case SIGTTOU:
				kill(getpid(), SIGSTOP);
				continue;
			default:
				kill_with(t, sig);
			}
		}
		if (a.flags & SA_RESETHAND) {
			p->act[sig].handler = (uint64_t)(uintptr_t)SIG_DFL;
			host_apply(p, sig);
		}
		pthread_mutex_unlock(&p->lock);
		if (!setup_frame(t, sig, &a, &info))
			kill_with(t, SIGSEGV);
		if (t->in_sigsuspend) {
			t->in_sigsuspend = false;
			t->sigmask = t->saved_mask;
		}
		t->sigmask |= a.mask | (a.flags & SA_NODEFER ? 0 : sigbit(sig));
		t->sigmask &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
		set_host_sigmask(t->sigmask);
		/* One frame at a time: the next signal is taken at the handler's first stop. */
		return;
	}
	if (t->in_sigsuspend) {
		t->in_sigsuspend = false;
		t->sigmask = t->saved_mask;
		set_host_sigmask(t->sigmask);
	}
}

int64_t sys_rt_sigreturn(struct thread *t)
{
	struct cpu *c = &t->cpu;
	struct mm *mm = t->proc->mm;
	uint64_t fa = c->gr[12] + 16;
	struct g_sigcontext *sc = malloc(sizeof(*sc));
	if (!sc || mm_read(mm, fa + offsetof(struct g_sigframe, sc), sc, sizeof(*sc))) {
		free(sc);
		kill_with(t, SIGSEGV);
	}
	/* Drop the trampoline's frame, then bring the interrupted one back from the backing
	 * store at sc_ar_bsp. */
	if (rse_flush(c, false)) {
		free(sc);
		kill_with(t, SIGSEGV);
	}
	c->ar[G_AR_BSP] = c->ar[G_AR_BSPSTORE] = sc->ar_bsp;
	c->ar[G_AR_RNAT] = sc->ar_rnat;
	if (rse_uncover(c, sc->cfm)) {
		free(sc);
		kill_with(t, SIGSEGV);
	}
	c->ip = sc->ip & ~15ull;
	c->slot = (unsigned)(sc->ip & 3);
	if (c->slot > 2)
		c->slot = 0;
	c->psr = (c->psr & ~PSR_UM_MASK) | (sc->um & PSR_UM_MASK);
	c->ar[G_AR_RSC] = (sc->ar_rsc & ~0xcull) | 0xc; /* privilege level stays 3 */
	c->ar[G_AR_CCV] = sc->ar_ccv;
	c->ar[G_AR_UNAT] = sc->ar_unat;
	c->ar[G_AR_FPSR] = sc->ar_fpsr & ((1ull << 58) - 1); /* bits 58-63 reserved */
	c->ar[G_AR_PFS] = sc->ar_pfs;
	c->ar[G_AR_LC] = sc->ar_lc;
	c->ar[G_AR_CSD] = sc->ar25;
	c->ar[G_AR_SSD] = sc->ar26;
	c->pr = sc->pr | 1;
	memcpy(c->br, sc->br, sizeof(c->br));
	for (unsigned r = 1; r < 32; r++)
		c->gr[r] = sc->gr[r];
	c->gr_nat = sc->nat & ~1ull;
	for (unsigned r = 2; r < 128; r++)
		fp_fill(&sc->fr[r], &c->fr[r]);
	uint64_t m = sc->mask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	free(sc);
	t->sigmask = m;
	set_host_sigmask(m);
	return 0;
}
