// SPDX-License-Identifier: GPL-2.0
/*
 * Processes and threads: the run loop (cpu exits become system calls or signals as
 * arch/ia64/kernel/traps.c maps them), clone/clone2/fork/vfork, execve, exit, wait and
 * futex.  A guest thread (CLONE_VM) is a host thread with its own struct cpu over the
 * shared address space; a guest process (fork) is a host fork of lol-user; execve runs
 * lol-user again on the new program, or the host program directly when it is not ia64.
 */
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "sys.h"

#define BUDGET (1u << 18) /* instructions between looks at signals and address space changes */

static const uint8_t gate_code[32] = {
    /* { .mii nop.m 0; mov r15 = 1181 (rt_sigreturn); break.i 0x100000 ;; }
     * { .mii break.m 0; nop.i 0; nop.i 0 ;; }  (encoded by ia64-linux-gnu-as) */
    0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0xf0, 0xe8, 0x00, 0x12, 0x48, 0x00, 0x00, 0x00, 0x00, 0x08,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
};

int map_gate(struct proc *p)
{
	int r = mm_map_gate(p->mm, G_GATE_ADDR, gate_code, sizeof(gate_code));
	if (r == 0)
		p->gate = G_GATE_ADDR;
	return r;
}

static const struct cpu_config cpu_cfg = {
    .stacked_regs = 96,
    .exit_on_sensitive = false,
    .exit_on_priv = true,
};

int thread_init_cpu(struct thread *t, struct proc *p)
{
	t->proc = p;
	struct cpu_config cfg = cpu_cfg;
	cfg.no_jit = p->no_jit;
	if (cpu_init(&t->cpu, &cfg, &mm_cpu_ops, p->mm) != 0)
		return -1;
	/* User mode as Linux runs it: cpl 3, translation and interruption collection on. */
	t->cpu.psr |= 3ull << 32 | 1ull << 13 | 1ull << 14 | 1ull << 17 | 1ull << 27 | 1ull << 36 |
		      1ull << 44;
	t->cpu.user = t;
	return 0;
}

/* The architectural state of a cpu (not its caches). */
static void cpu_copy_state(struct cpu *d, const struct cpu *s)
{
	memcpy(d->gr, s->gr, sizeof(d->gr));
	d->gr_nat = s->gr_nat;
	memcpy(d->stacked, s->stacked, s->config.stacked_regs * sizeof(*d->stacked));
	memcpy(d->stacked_nat, s->stacked_nat, s->config.stacked_regs * sizeof(*d->stacked_nat));
	d->bof = s->bof;
	d->cfm = s->cfm;
	d->ndirty = s->ndirty;
	d->nclean = s->nclean;
	memcpy(d->fr, s->fr, sizeof(d->fr));
	d->pr = s->pr;
	memcpy(d->br, s->br, sizeof(d->br));
	memcpy(d->ar, s->ar, sizeof(d->ar));
	d->ip = s->ip;
	d->slot = s->slot;
	d->psr = s->psr;
}

/* ---- exits ---------------------------------------------------------------------------------- */

/* Fold a thread's engine counters into its process's. */
static void stats_collect(struct thread *t)
{
	struct proc *p = t->proc;
	atomic_fetch_add(&p->st_insns, t->cpu.insns);
	atomic_fetch_add(&p->st_hits, t->cpu.dcache_hits);
	atomic_fetch_add(&p->st_misses, t->cpu.dcache_misses);
	for (unsigned k = 0; k < 4; k++)
		atomic_fetch_add(&p->st_exits[k], t->exits[k]);
	t->cpu.insns = t->cpu.dcache_hits = t->cpu.dcache_misses = 0;
	memset(t->exits, 0, sizeof(t->exits));
}

/* --stats: what the engine did for the exiting thread and the threads that
 * ended before it (others still running at exit_group are not counted). */
static void stats_print(struct proc *p)
{
	uint64_t hits = atomic_load(&p->st_hits), misses = atomic_load(&p->st_misses);
	double rate = hits + misses ? 100.0 * (double)hits / (double)(hits + misses) : 0;
	fprintf(stderr,
		"lol-user: stats: %llu instructions, decoded-bundle cache hit rate %.1f%% "
		"(%llu hits, %llu misses), exits: %llu break, %llu privop, %llu fault, "
		"%llu budget; %llu slots compiled to host code\n",
		(unsigned long long)atomic_load(&p->st_insns), rate, (unsigned long long)hits,
		(unsigned long long)misses, (unsigned long long)atomic_load(&p->st_exits[0]),
		(unsigned long long)atomic_load(&p->st_exits[1]),
		(unsigned long long)atomic_load(&p->st_exits[2]),
		(unsigned long long)atomic_load(&p->st_exits[3]),
		(unsigned long long)__atomic_load_n(&cpu_jit_slots, __ATOMIC_RELAXED));
}

_Noreturn void proc_exit_group(int status)
{
	struct thread *t = cur_thread;
	if (t && t->proc->stats) {
		stats_collect(t);
		stats_print(t->proc);
	}
	syscall(SYS_exit_group, status);
	_exit(status);
}

_Noreturn void thread_exit(struct thread *t, int status)
{
	struct proc *p = t->proc;
	if (t->clear_child_tid) {
		uint32_t *h = mm_host(p->mm, t->clear_child_tid, 4, G_PROT_W, NULL);
		if (h) {
			__atomic_store_n(h, 0, __ATOMIC_SEQ_CST);
			syscall(SYS_futex, h, FUTEX_WAKE, 1, NULL, NULL, 0);
		}
	}
	if (p->stats && atomic_load(&p->nthreads) > 1)
		stats_collect(t);
	if (atomic_fetch_sub(&p->nthreads, 1) == 1)
		proc_exit_group(status);
	/* Nothing may reach this thread's state any more. */
	uint64_t all = ~0ull;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
	cur_thread = NULL;
	cpu_destroy(&t->cpu);
	free(t);
	pthread_exit(NULL);
}

static void fault_to_signal(struct thread *t, const struct cpu_exit *x)
{
	uint64_t ip = t->cpu.ip | t->cpu.slot;
	int sig = SIGSEGV, code = SEGV_MAPERR;
	uint64_t addr = x->addr;
	switch (x->fault) {
	case CPU_FAULT_TLB_MISS:
	case CPU_FAULT_ACCESS_RIGHTS:
		mm_last_fault(&sig, &code);
		break;
	case CPU_FAULT_ALIGNMENT:
		sig = SIGBUS, code = BUS_ADRALN;
		break;
	case CPU_FAULT_NAT_CONSUMPTION:
		sig = SIGILL, code = ILL_ILLOPN, addr = ip;
		break;
	case CPU_FAULT_ILLEGAL_OP:
		sig = SIGILL, code = ILL_ILLOPC, addr = ip;
		break;
	case CPU_FAULT_RESERVED_REG:
		sig = SIGILL, code = ILL_ILLOPN, addr = ip;
		break;
	case CPU_FAULT_UNIMPL_ADDR:
		if (x->access & CPU_ACC_EXEC)
			sig = SIGILL, code = ILL_BADIADDR;
		break;
	case CPU_FAULT_UNALIGNED_IP:
		sig = SIGILL, code = ILL_BADIADDR, addr = ip;
		break;
	case CPU_FAULT_FP_FAULT:
	case CPU_FAULT_FP_TRAP:
		sig = SIGFPE, addr = ip;
		code = x->fp_flags & FP_V   ? FPE_FLTINV
		       : x->fp_flags & FP_Z ? FPE_FLTDIV
		       : x->fp_flags & FP_D ? FPE_FLTINV
		       : x->fp_flags & FP_O ? FPE_FLTOVF
		       : x->fp_flags & FP_U ? FPE_FLTUND
					    : FPE_FLTRES;
		break;
	default:
		sig = SIGILL, code = ILL_ILLOPC, addr = ip;
	}
	if (t->proc->verbose)
		warnx_("[%d] fault %d at ip %#lx slot %u addr %#lx -> signal %d", t->tid, x->fault,
		       (unsigned long)t->cpu.ip, t->cpu.slot, (unsigned long)x->addr, sig);
	signal_force(t, sig, code, addr);
}

/* A break that is not a system call (traps.c ia64_bad_break). */
static void break_to_signal(struct thread *t, uint64_t imm)
{
	int sig, code;
	switch (imm) {
	case 0:
		sig = SIGILL, code = ILL_ILLOPC;
		break;
	case 1:
		sig = SIGFPE, code = FPE_INTDIV;
		break;
	case 2:
		sig = SIGFPE, code = FPE_INTOVF;
		break;
	case 3:
		sig = SIGFPE, code = FPE_FLTSUB;
		break;
	case 4:
		sig = SIGSEGV, code = SEGV_MAPERR;
		break;
	case 5:
		sig = SIGSEGV, code = BUS_ADRALN;
		break;
	case 6:
	case 7:
	case 8:
	case 9:
	case 10:
		sig = SIGFPE, code = (int)imm + 3;
		break; /* __FPE_DECOVF.. */
	case 11:
		sig = SIGSEGV, code = 4;
		break; /* __SEGV_PSTKOVF */
	default:
		if (imm >= 0x3f000 && imm <= 0x3ffff)
			sig = SIGILL, code = 11; /* __ILL_BNDMOD */
		else if (imm < 0x80000)
			sig = SIGILL, code = 10; /* __ILL_BREAK */
		else
			sig = SIGTRAP, code = TRAP_BRKPT;
	}
	signal_force(t, sig, code, t->cpu.ip | t->cpu.slot);
	/* ia64 siginfo: si_imm follows si_addr. */
	int32_t im = (int32_t)imm;
	memcpy((char *)&t->sync_info + 24, &im, 4);
}

/* --itrace LO:HI: one line per instruction executed at addresses in [LO, HI), for finding
 * where guest code goes wrong. */
static void itrace(struct thread *t)
{
	struct cpu *c = &t->cpu;
	uint8_t b[16];
	if (mm_read(t->proc->mm, c->ip, b, 16))
		return;
	struct ia64_bundle bd;
	ia64_decode_bundle(b, &bd);
	char text[160] = "?";
	unsigned s = c->slot < bd.ninsn ? c->slot : 0;
	if (bd.insn[s].opc)
		ia64_format_insn(text, sizeof(text), &bd.insn[s], c->ip, NULL, NULL);
	warnx_("itrace %#lx.%u %-40s r8=%#lx r14=%#lx pr=%#lx cfm=%#lx bsp=%#lx",
	       (unsigned long)c->ip, c->slot, text, (unsigned long)c->gr[8],
	       (unsigned long)c->gr[14], (unsigned long)c->pr, (unsigned long)cfm_pack(&c->cfm),
	       (unsigned long)c->ar[G_AR_BSP]);
}

_Noreturn void thread_run(struct thread *t)
{
	cur_thread = t;
	struct mm *mm = t->proc->mm;
	t->mm_gen = mm_generation(mm);
	uint64_t tlo = t->proc->itrace_lo, thi = t->proc->itrace_hi;
	for (;;) {
		unsigned g = mm_generation(mm);
		if (g != t->mm_gen) {
			t->mm_gen = g;
			cpu_tlb_flush(&t->cpu);
		}
		if (t->sync_sig || atomic_load(&t->pending) || t->in_sigsuspend)
			signal_deliver(t);
		uint64_t budget = BUDGET;
		if (thi) {
			budget = 1;
			if (t->cpu.ip >= tlo && t->cpu.ip < thi)
				itrace(t);
		}
		struct cpu_exit x = cpu_run(&t->cpu, budget);
		t->exits[x.kind & 3]++;
		switch (x.kind) {
		case CPU_EXIT_BUDGET:
			/* Other threads' (and processes') stores do not reach
			 * this engine's ALAT: drop it now and then, so a spin on
			 * ld.c sees them (entries may go at any time, SDM vol 2
			 * 4.4.5). */
			cpu_sys_invala(&t->cpu);
			break;
		case CPU_EXIT_BREAK:
			if (x.imm == 0x100000)
				do_syscall(t);
			else
				break_to_signal(t, x.imm);
			break;
		case CPU_EXIT_PRIVOP:
			signal_force(t, SIGILL, ILL_PRVOPC, t->cpu.ip | t->cpu.slot);
			break;
		case CPU_EXIT_FAULT:
			fault_to_signal(t, &x);
			break;
		}
	}
}

/* ---- clone ---------------------------------------------------------------------------------- */

struct start {
	struct thread *t;
	uint64_t flags, ptid, ctid;
	sem_t ready;
	pid_t tid;
};

static void *thread_main(void *arg)
{
	struct start *st = arg;
	struct thread *t = st->t;
	t->tid = (pid_t)syscall(SYS_gettid);
	cur_thread = t;
	struct mm *mm = t->proc->mm;
	uint32_t tid = (uint32_t)t->tid;
	if (st->flags & CLONE_CHILD_SETTID)
		mm_write(mm, st->ctid, &tid, 4);
	if (st->flags & CLONE_PARENT_SETTID)
		mm_write(mm, st->ptid, &tid, 4);
	st->tid = t->tid;
	sem_post(&st->ready);
	thread_run(t);
}

/* The child's side of the state after clone: r8 = 0, past the break, maybe a new stack. */
static void child_regs(struct cpu *c, uint64_t flags, uint64_t stack, uint64_t size, uint64_t tls)
{
	c->gr[8] = 0;
	c->gr[10] = 0;
	if (flags & CLONE_SETTLS)
		c->gr[13] = tls;
	if (stack) {
		/* copy_thread(): sp at the top, the backing store from the bottom. */
		c->gr[12] = stack + size - 16;
		c->ar[G_AR_BSP] = c->ar[G_AR_BSPSTORE] = stack;
		c->ar[G_AR_RNAT] = 0;
		c->ndirty = c->nclean = 0;
	}
	cpu_advance(c);
}

int64_t do_clone(struct sc *s, uint64_t flags, uint64_t stack, uint64_t stack_size, uint64_t ptid,
		 uint64_t ctid, uint64_t tls)
{
	struct thread *t = s->t;
	struct proc *p = t->proc;
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK)) {
		if (!(flags & CLONE_THREAD))
			warn_once("clone(CLONE_VM) without CLONE_THREAD, made a thread",
				  0x7fff0001);
		struct thread *nt = calloc(1, sizeof(*nt));
		if (!nt)
			return -ENOMEM;
		if (thread_init_cpu(nt, p) != 0) {
			free(nt);
			return -ENOMEM;
		}
		cpu_copy_state(&nt->cpu, &t->cpu);
		child_regs(&nt->cpu, flags, stack, stack_size, tls);
		nt->sigmask = t->sigmask;
		if (flags & CLONE_CHILD_CLEARTID)
			nt->clear_child_tid = ctid;
		struct start st = {nt, flags, ptid, ctid, .tid = 0};
		sem_init(&st.ready, 0, 0);
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		pthread_attr_setstacksize(&attr, 8u << 20);
		atomic_fetch_add(&p->nthreads, 1);
		pthread_t th;
		int e = pthread_create(&th, &attr, thread_main, &st);
		pthread_attr_destroy(&attr);
		if (e) {
			atomic_fetch_sub(&p->nthreads, 1);
			cpu_destroy(&nt->cpu);
			free(nt);
			return -e;
		}
		while (sem_wait(&st.ready) != 0)
			;
		sem_destroy(&st.ready);
		return st.tid;
	}
	/* A new process: fork lol-user.  vfork's parent waits for the child's exec or exit
	 * (the close-on-exec pipe's end of file). */
	int vp[2] = {-1, -1};
	if ((flags & CLONE_VFORK) && pipe2(vp, O_CLOEXEC) != 0)
		vp[0] = vp[1] = -1;
	int sig = (int)(flags & 0xff);
	mm_lock_for_fork(p->mm);
	pid_t pid;
	if (sig == SIGCHLD)
		pid = fork();
	else
		pid = (pid_t)syscall(SYS_clone, (unsigned long)sig, NULL, NULL, NULL, 0);
	int err = errno;
	mm_unlock_after_fork(p->mm, pid == 0);
	if (pid == 0)
		pthread_mutex_init(&p->lock, NULL);
	if (pid < 0) {
		if (vp[0] >= 0)
			close(vp[0]), close(vp[1]);
		return -err;
	}
	if (pid == 0) {
		t->tid = (pid_t)syscall(SYS_gettid);
		atomic_store(&p->nthreads, 1);
		if (vp[0] >= 0)
			close(vp[0]);
		t->vfork_child = flags & CLONE_VFORK;
		child_regs(&t->cpu, flags, stack, stack_size, tls);
		uint32_t tid = (uint32_t)t->tid;
		if (flags & CLONE_CHILD_SETTID)
			mm_write(p->mm, ctid, &tid, 4);
		if (flags & CLONE_CHILD_CLEARTID)
			t->clear_child_tid = ctid;
		s->noret = true;
		return 0;
	}
	if (flags & CLONE_PARENT_SETTID) {
		uint32_t v = (uint32_t)pid;
		mm_write(p->mm, ptid, &v, 4);
	}
	if (vp[0] >= 0) {
		close(vp[1]);
		char c;
		while (read(vp[0], &c, 1) < 0 && errno == EINTR)
			;
		close(vp[0]);
	}
	return pid;
}

/* ---- execve --------------------------------------------------------------------------------- */

/* A guest string vector (argv, envp) as host strings; NULL-terminated, allocated. */
static int64_t get_strv(struct sc *s, uint64_t va, char ***out)
{
	size_t n = 0, cap = 16, total = 0;
	char **v = malloc(cap * sizeof(*v));
	*out = NULL;
	if (!v)
		return -ENOMEM;
	for (; va; n++) {
		uint64_t p;
		if (mm_read(s->mm, va + n * 8, &p, 8))
			goto fault;
		if (!p)
			break;
		char buf[G_PATH_MAX * 2];
		/* Strings may be longer than a path: read them page by page. */
		size_t len = 0;
		char *str = NULL;
		for (;;) {
			int e = sc_str(s, p + len, buf, sizeof(buf));
			size_t l = e == 0 ? strlen(buf) : sizeof(buf);
			if (e && e != -ENAMETOOLONG)
				goto fault_str;
			char *ns = realloc(str, len + l + 1);
			if (!ns)
				goto fault_str;
			str = ns;
			memcpy(str + len, buf, l);
			len += l;
			str[len] = 0;
			if (e == 0)
				break;
		}
		total += len + 1;
		if (total > (2u << 20) || n > (1u << 18)) {
			free(str);
			for (size_t i = 0; i < n; i++)
				free(v[i]);
			free(v);
			return -E2BIG;
		}
		if (n + 2 > cap) {
			cap *= 2;
			char **nv = realloc(v, cap * sizeof(*nv));
			if (!nv) {
				free(str);
				goto fault;
			}
			v = nv;
		}
		v[n] = str;
		continue;
	fault_str:
		free(str);
		goto fault;
	}
	v[n] = NULL;
	*out = v;
	return 0;
fault:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return -EFAULT;
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Run lol-user again: self [-L root] [-v] -0 argv0 -- prog args... */
static int64_t exec_self(struct proc *p, const char *prog, const char *argv0, char *const *pre,
			 char *const *args, char *const *envp)
{
	size_t n = 0;
	while (args && args[n])
		n++;
	size_t np = 0;
	while (pre && pre[np])
		np++;
	char **v = calloc(n + np + 12, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	v[k++] = (char *)p->self;
	if (p->sysroot) {
		v[k++] = (char *)"-L";
		v[k++] = (char *)p->sysroot;
	}
	if (p->verbose)
		v[k++] = (char *)"--trace";
	if (p->no_jit)
		v[k++] = (char *)"--no-jit";
	v[k++] = (char *)"-0";
	v[k++] = (char *)argv0;
	v[k++] = (char *)"--";
	v[k++] = (char *)prog;
	for (size_t i = 0; i < np; i++)
		v[k++] = pre[i];
	for (size_t i = 1; i < n; i++)
		v[k++] = args[i];
	v[k] = NULL;
	syscall(SYS_execve, p->self, v, envp);
	int e = errno;
	free(v);
	return -e;
}

int64_t do_execve(struct sc *s, int dirfd, uint64_t path, uint64_t argv, uint64_t envp, int flags)
{
	struct proc *p = s->t->proc;
	char pbuf[2 * G_PATH_MAX], fdpath[64];
	const char *fpath;
	int e = sc_str(s, path, pbuf, G_PATH_MAX);
	if (e)
		return e;
	if (!pbuf[0] && (flags & AT_EMPTY_PATH)) {
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", dirfd);
		fpath = fdpath;
	} else if (pbuf[0] == '/' || dirfd == AT_FDCWD) {
		if (!pbuf[0])
			return -ENOENT;
		snprintf(fdpath, sizeof(fdpath), "/proc/%d/exe", (int)getpid());
		if (strcmp(pbuf, "/proc/self/exe") == 0 || strcmp(pbuf, fdpath) == 0)
			fpath = p->exe; /* the guest program, not lol-user */
		else
			fpath = sysroot_path(p->sysroot, pbuf, pbuf + G_PATH_MAX, G_PATH_MAX);
	} else {
		int fd = openat(dirfd, pbuf, O_PATH | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
		fpath = fdpath;
	}
	struct stat st;
	if (stat(fpath, &st) != 0)
		return -errno;
	if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode))
		return -EACCES;
	if (access(fpath, X_OK) != 0)
		return -errno;
	char **av = NULL, **ev = NULL;
	int64_t r = get_strv(s, argv, &av);
	if (!r)
		r = get_strv(s, envp, &ev);
	if (r) {
		free_strv(av);
		return r;
	}
	char interp[256], arg[256];
	int kind = loader_probe(fpath, interp, sizeof(interp), arg, sizeof(arg));
	const char *argv0 = av[0] ? av[0] : fpath;
	if (kind == 1) {
		r = exec_self(p, fpath, argv0, NULL, av, ev);
	} else if (kind == 2) {
		char ibuf[G_PATH_MAX + 256], i2[256];
		const char *ip = sysroot_path(p->sysroot, interp, ibuf, sizeof(ibuf));
		int ik = loader_probe(ip, i2, sizeof(i2), i2, sizeof(i2));
		if (ik == 1) {
			char *pre[3] = {NULL, NULL, NULL};
			size_t k = 0;
			if (arg[0])
				pre[k++] = arg;
			pre[k++] = pbuf; /* the script as named */
			r = exec_self(p, ip, interp, pre, av, ev);
		} else {
			syscall(SYS_execve, fpath, av, ev);
			r = -errno;
		}
	} else if (kind < 0) {
		r = kind;
	} else {
		syscall(SYS_execve, fpath, av, ev);
		r = -errno;
	}
	free_strv(av);
	free_strv(ev);
	return r;
}

/* ---- futex ---------------------------------------------------------------------------------- */

static int64_t sys_futex(struct sc *s)
{
	int op = (int)A(1), cmd = op & FUTEX_CMD_MASK;
	uint32_t *ua = INOUT(A(0), 4);
	void *ts = NULL, *ua2 = NULL;
	uint64_t val2 = A(3);
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
	case FUTEX_LOCK_PI:
	case FUTEX_WAIT_REQUEUE_PI:
	case 13: /* FUTEX_LOCK_PI2 */
		ts = IN(A(3), 16);
		if (cmd == FUTEX_WAIT_REQUEUE_PI)
			ua2 = INOUT(A(4), 4);
		return H(SYS_futex, ua, op, A(2), ts, ua2, A(5));
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
		return H(SYS_futex, ua, op, A(2), NULL, NULL, A(5));
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_WAKE_OP:
	case FUTEX_CMP_REQUEUE_PI:
		ua2 = INOUT(A(4), 4);
		return H(SYS_futex, ua, op, A(2), val2, ua2, A(5));
	default:
		return -ENOSYS;
	}
}

/* ---- dispatch ------------------------------------------------------------------------------- */

int64_t sys_proc(struct sc *s, bool *handled)
{
	struct thread *t = s->t;
	*handled = true;
	switch (s->nr) {
	case G_NR_exit:
		thread_exit(t, (int)A(0) & 0xff);
	case G_NR_exit_group:
		proc_exit_group((int)A(0) & 0xff);
	case G_NR_getpid:
		return H(SYS_getpid);
	case G_NR_getppid:
		return H(SYS_getppid);
	case G_NR_gettid:
		return t->tid;
	case G_NR_set_tid_address:
		t->clear_child_tid = A(0);
		return t->tid;
	case G_NR_set_robust_list:
		if (A(1) != 24)
			return -EINVAL;
		t->robust_list = A(0), t->robust_len = A(1);
		return 0;
	case G_NR_get_robust_list: {
		if (A(0) && (pid_t)A(0) != t->tid)
			return -EPERM;
		uint64_t len = 24;
		if (mm_write(s->mm, A(1), &t->robust_list, 8) || mm_write(s->mm, A(2), &len, 8))
			return -EFAULT;
		return 0;
	}
	case G_NR_futex:
		return sys_futex(s);
	case G_NR_clone:
		/* sys_clone: stack size 16 (the scratch area), then parent, child tid, tls
		 * from the fourth argument on (entry.S passes in3..in5). */
		return do_clone(s, A(0), A(1), A(1) ? 16 : 0, A(3), A(4), A(5));
	case G_NR_clone2:
		return do_clone(s, A(0), A(1), A(2), A(3), A(4), A(5));
	case G_NR_execve:
		return do_execve(s, AT_FDCWD, A(0), A(1), A(2), 0);
	case G_NR_execveat:
		return do_execve(s, (int)A(0), A(1), A(2), A(3), (int)A(4));
	case G_NR_wait4:
		return H(SYS_wait4, A(0), OUT(A(1), 4), A(2), OUT(A(3), 144));
	case G_NR_waitid:
		return H(SYS_waitid, A(0), A(1), OUT(A(2), 128), A(3), OUT(A(4), 144));
	case G_NR_getuid:
		return H(SYS_getuid);
	case G_NR_geteuid:
		return H(SYS_geteuid);
	case G_NR_getgid:
		return H(SYS_getgid);
	case G_NR_getegid:
		return H(SYS_getegid);
	case G_NR_setuid:
		return H(SYS_setuid, A(0));
	case G_NR_setgid:
		return H(SYS_setgid, A(0));
	case G_NR_setreuid:
		return H(SYS_setreuid, A(0), A(1));
	case G_NR_setregid:
		return H(SYS_setregid, A(0), A(1));
	case G_NR_setresuid:
		return H(SYS_setresuid, A(0), A(1), A(2));
	case G_NR_setresgid:
		return H(SYS_setresgid, A(0), A(1), A(2));
	case G_NR_getresuid:
		return H(SYS_getresuid, OUT(A(0), 4), OUT(A(1), 4), OUT(A(2), 4));
	case G_NR_getresgid:
		return H(SYS_getresgid, OUT(A(0), 4), OUT(A(1), 4), OUT(A(2), 4));
	case G_NR_setfsuid:
		return H(SYS_setfsuid, A(0));
	case G_NR_setfsgid:
		return H(SYS_setfsgid, A(0));
	case G_NR_getgroups:
		if ((int)A(0) < 0)
			return -EINVAL;
		return H(SYS_getgroups, A(0), OUT(A(1), A(0) * 4));
	case G_NR_setgroups:
		if (A(0) > 65536)
			return -EINVAL;
		return H(SYS_setgroups, A(0), IN(A(1), A(0) * 4));
	case G_NR_getpgid:
		return H(SYS_getpgid, A(0));
	case G_NR_setpgid:
		return H(SYS_setpgid, A(0), A(1));
	case G_NR_getsid:
		return H(SYS_getsid, A(0));
	case G_NR_setsid:
		return H(SYS_setsid);
	case G_NR_unshare:
		return H(SYS_unshare, A(0));
	case G_NR_setns:
		return H(SYS_setns, A(0), A(1));
	case G_NR_pidfd_open:
		return H(SYS_pidfd_open, A(0), A(1));
	case G_NR_pidfd_send_signal:
		return H(SYS_pidfd_send_signal, A(0), A(1), IN(A(2), 128), A(3));
	case G_NR_restart_syscall:
		return -EINTR;
	}
	*handled = false;
	return 0;
}
