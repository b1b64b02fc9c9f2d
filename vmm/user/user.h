/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol-user internals: an ia64 Linux process model on top of the interpreter
 * (cpu.h).  The guest's file descriptors, pids and tids are the host's; its
 * memory is host memory managed by mm.c; each guest thread is a host thread
 * running its own struct cpu over the shared address space.
 *
 * Facts about the ia64 Linux ABI come from Linux 6.1 arch/ia64 (read, not
 * copied) and the Itanium SDM rev 2.3.
 */
#ifndef LOL_USER_H
#define LOL_USER_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cpu.h"

/* ---- the ia64 Linux process layout (16 KiB pages, 3-level page tables) ------------------ */

#define G_PAGE_SHIFT 14
#define G_PAGE_SIZE (1ull << G_PAGE_SHIFT)
#define G_PAGE_MASK (~(G_PAGE_SIZE - 1))
#define G_PAGE_UP(x) (((x) + G_PAGE_SIZE - 1) & G_PAGE_MASK)
#define G_RGN_SHIFT 61
#define G_RGN(va) ((unsigned)((va) >> G_RGN_SHIFT))
#define G_RGN_BASE(r) ((uint64_t)(r) << G_RGN_SHIFT)
#define G_RGN_OFF(va) ((va) & ((1ull << G_RGN_SHIFT) - 1))
/* Each region maps 2^(PGDIR_SHIFT + PTRS_PER_PGD_SHIFT - 3) = 2^44 bytes minus a page
 * (asm/pgtable.h RGN_MAP_LIMIT with PAGE_SHIFT 14). */
#define G_RGN_MAP_LIMIT ((1ull << 44) - G_PAGE_SIZE)
#define G_TASK_SIZE 0xa000000000000000ull /* regions 0-4 are user regions */
#define G_MAP_BASE 0x2000000000000000ull  /* TASK_UNMAPPED_BASE (region 1) */
#define G_ET_DYN_BASE (G_MAP_BASE + 0x800000000ull)
#define G_STACK_TOP (0x6000000000000000ull + G_RGN_MAP_LIMIT)
#define G_MAX_STACK (G_RGN_MAP_LIMIT / 2)
#define G_SHMLBA (1ull << 20)		  /* shared mappings: 1 MiB aligned */
#define G_GATE_ADDR 0xa000000000000000ull /* region 5: lol-user's signal trampoline */

/* ia64-only mmap flag (asm/mman.h). */
#define G_MAP_GROWSUP 0x0200

/* Application registers (SDM vol 1 table 3-3). */
enum {
	G_AR_KR0 = 0,
	G_AR_RSC = 16,
	G_AR_BSP = 17,
	G_AR_BSPSTORE = 18,
	G_AR_RNAT = 19,
	G_AR_FCR = 21,
	G_AR_EFLAG = 24,
	G_AR_CSD = 25,
	G_AR_SSD = 26,
	G_AR_CFLG = 27,
	G_AR_FSR = 28,
	G_AR_FIR = 29,
	G_AR_FDR = 30,
	G_AR_CCV = 32,
	G_AR_UNAT = 36,
	G_AR_FPSR = 40,
	G_AR_ITC = 44,
	G_AR_PFS = 64,
	G_AR_LC = 65,
	G_AR_EC = 66,
};
#define FPSR_DEFAULT 0x0009804c0270033full

/* ---- memory (mm.c) -------------------------------------------------------------------------- */

enum { G_PROT_R = 1, G_PROT_W = 2, G_PROT_X = 4 };

struct mm;

struct mm *mm_new(void);
void mm_free(struct mm *mm);
/* The refill callback for struct cpu. */
extern const struct cpu_mem_ops mm_cpu_ops;

/* Guest mmap: flags and prot are the guest's (asm-generic values plus MAP_GROWSUP).
 * Returns the address or -errno. */
int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int flags, int fd,
		uint64_t off);
int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len);
int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot);
int64_t mm_mremap(struct mm *mm, uint64_t old, uint64_t oldlen, uint64_t newlen, int flags,
		  uint64_t newaddr);
uint64_t mm_brk(struct mm *mm, uint64_t want);
/* SysV shared memory: attach (address or -errno), detach. */
int64_t mm_shmat(struct mm *mm, int id, uint64_t addr, int flags);
int mm_shmdt(struct mm *mm, uint64_t addr);
void mm_set_brk(struct mm *mm, uint64_t start);
/* lol-user's own code page outside the user regions (read + execute for the guest). */
int mm_map_gate(struct mm *mm, uint64_t addr, const void *code, size_t len);
/* Loader helpers: anonymous private memory at a fixed place / anywhere. */
int64_t mm_map_anon(struct mm *mm, uint64_t addr, uint64_t len, int prot, bool fixed,
		    unsigned grow);
enum { MM_GROWS_DOWN = 1, MM_GROWS_UP = 2 };
/* Host address of [va, va+len) when it is mapped with access acc (CPU_ACC_*) and contiguous
 * in host memory; NULL otherwise (*contig tells which: false = mapped but split). */
void *mm_host(struct mm *mm, uint64_t va, uint64_t len, unsigned acc, bool *split);
/* Copy to/from guest memory, page by page; 0 or -EFAULT. */
int mm_read(struct mm *mm, uint64_t va, void *buf, uint64_t len);
int mm_write(struct mm *mm, uint64_t va, const void *buf, uint64_t len);
/* Why the last refill of this thread failed: SIGSEGV or SIGBUS, and the si_code. */
void mm_last_fault(int *sig, int *code);
/* Generation counter: bumped on every change that can invalidate a translation. */
unsigned mm_generation(struct mm *mm);
void mm_lock_for_fork(struct mm *mm);
void mm_unlock_after_fork(struct mm *mm, bool child);
/* For /proc/self/maps-like debugging (--trace). */
void mm_dump(struct mm *mm, int fd);

/* ---- RSE helpers (rse.c) -------------------------------------------------------------------- */

/* Address of the register n registers away from a in a backing store (NaT collection
 * slots, every 64th doubleword, skipped). */
uint64_t rse_skip(uint64_t a, int64_t n);
/* Registers between two backing store addresses. */
int64_t rse_count(uint64_t from, uint64_t to);
/* Write every dirty stacked register (and the current frame when cover is true, which then
 * leaves an empty frame as the cover instruction does) to the backing store in guest memory,
 * leaving the RSE with no dirty or clean registers.  0 or a cpu fault. */
int rse_flush(struct cpu *c, bool cover);
/* Make a frame with marker cfm current again over registers that are in the backing store
 * just below ar.bsp (the inverse of rse_flush(c, true)).  0 or a cpu fault. */
int rse_uncover(struct cpu *c, uint64_t cfm);
uint64_t cfm_pack(const struct cpu_cfm *f);
void cfm_unpack(uint64_t v, struct cpu_cfm *f);

/* ---- processes and threads ------------------------------------------------------------------ */

#define G_NSIG 64

struct g_sigaction {
	uint64_t handler; /* guest function descriptor address, or SIG_DFL (0) / SIG_IGN (1) */
	uint64_t flags;
	uint64_t mask;
};

struct proc {
	struct mm *mm;
	char *exe;	      /* absolute path of the guest executable (for /proc/self/exe) */
	const char *sysroot;  /* -L DIR, or NULL */
	const char *self;     /* path of lol-user itself, for execve */
	unsigned verbose;     /* --trace: 1 = syscalls */
	pthread_mutex_t lock; /* sigactions, thread list */
	struct g_sigaction act[G_NSIG + 1];
	atomic_int nthreads;
	uint64_t auxv_addr, auxv_len; /* guest copy of auxv, for /proc/self/auxv */
	char *cmdline;		      /* the guest argv, NUL-separated (/proc/self/cmdline) */
	size_t cmdline_len;
	uint64_t gate;		       /* signal trampoline address (0 until mapped) */
	uint64_t itrace_lo, itrace_hi; /* --itrace range */
	bool stats;		       /* --stats: print engine counters at exit */
	bool no_jit;		       /* --no-jit: run guest code on the handlers only */
	/* Counters of threads that have ended, for --stats. */
	atomic_ullong st_insns, st_hits, st_misses, st_exits[4];
};

struct thread {
	struct cpu cpu;
	struct proc *proc;
	pid_t tid;
	uint64_t clear_child_tid; /* set_tid_address / CLONE_CHILD_CLEARTID */
	uint64_t robust_list, robust_len;
	uint64_t sigmask; /* guest blocked mask (bit n-1 = signal n) */
	/* Host signals caught for the guest and not yet delivered: set by the host handler. */
	atomic_ullong pending;
	siginfo_t pinfo[G_NSIG + 1];
	/* A synchronous signal raised by lol-user (fault, break). */
	int sync_sig;
	siginfo_t sync_info;
	uint64_t ss_sp, ss_size; /* sigaltstack */
	int ss_flags;
	unsigned mm_gen;
	bool in_sigsuspend; /* restore saved_mask after the handler frame is built */
	uint64_t saved_mask;
	bool vfork_child;
	uint64_t exits[4]; /* cpu exits by kind (--stats) */
};

extern __thread struct thread *cur_thread;

/* Run a thread until the guest exits; never returns. */
_Noreturn void thread_run(struct thread *t);
/* Create the main thread's cpu. */
int thread_init_cpu(struct thread *t, struct proc *p);
_Noreturn void proc_exit_group(int status);
_Noreturn void thread_exit(struct thread *t, int status);

/* ---- loader (loader.c) ---------------------------------------------------------------------- */

struct load_args {
	const char *path;  /* the program as named (for messages, AT_EXECFN) */
	int fd;		   /* open program, or -1 to open path */
	char *const *argv; /* guest argv (argv[0] as given) */
	char *const *envp;
	const char *sysroot;
};

/* Load a program into t's fresh address space and set the entry state.  On failure
 * prints one line naming the file and returns the exit status to use (126 or 127). */
int load_program(struct thread *t, const struct load_args *a);
/* Classify a file for execve: 1 = ia64 ELF, 2 = "#!" script, 0 = other, -errno. */
int loader_probe(const char *path, char *interp, size_t len, char *arg, size_t arglen);
/* Resolve an absolute guest path in the sysroot when it exists there. */
const char *sysroot_path(const char *sysroot, const char *path, char *buf, size_t len);
/* The gate page (signal trampoline). */
int map_gate(struct proc *p);

/* ---- syscalls and signals ------------------------------------------------------------------- */

/* Handle break 0x100000 at t->cpu.ip: perform the call, set r8/r10, advance (or not, to restart).
 */
void do_syscall(struct thread *t);
const char *syscall_name(unsigned nr);

/* signal.c */
void signals_init(struct proc *p);
void signal_host_handler(int sig, siginfo_t *info, void *uc);
/* Raise a synchronous signal (fault) for the current instruction. */
void signal_force(struct thread *t, int sig, int code, uint64_t addr);
/* Deliver what is pending (called between cpu_run calls).  restart: the thread stopped in an
 * interrupted syscall that may be restarted when the handler has SA_RESTART. */
void signal_deliver(struct thread *t);
int64_t sys_rt_sigaction(struct thread *t, int sig, uint64_t act, uint64_t oact, uint64_t size);
int64_t sys_rt_sigprocmask(struct thread *t, int how, uint64_t set, uint64_t oset, uint64_t size);
int64_t sys_rt_sigreturn(struct thread *t);
int64_t sys_sigaltstack(struct thread *t, uint64_t ss, uint64_t oss);
int64_t sys_rt_sigsuspend(struct thread *t, uint64_t mask, uint64_t size);
bool signal_restartable(struct thread *t);
void set_host_sigmask(uint64_t guest_mask);

/* Messages: "lol-user: ..." on stderr, one line. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern const char *progname;

#endif
