/* SPDX-License-Identifier: GPL-2.0 */
/* lol-user internals: helpers shared by the system call files. */
#ifndef LOL_USER_SYS_H
#define LOL_USER_SYS_H

#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysnum.h"
#include "user.h"

#define G_PATH_MAX 4096
#define MAX_BOUNCE 16

/* One system call in progress. */
struct sc {
	struct thread *t;
	struct mm *mm;
	unsigned nr;
	uint64_t a[6];
	int nb;
	struct bounce {
		uint8_t *h;
		uint64_t va, len;
		bool out;
	} b[MAX_BOUNCE];
	bool noret;    /* the call set the registers itself (rt_sigreturn, execve, clone child) */
	bool force_ok; /* any result is a success (mmap, brk, getpriority: "force_successful") */
	bool r9set;    /* a second result in r9 (pipe) */
	uint64_t r9;
};

#define A(i) (s->a[i])

/* Host pointer for guest [va, va+len) accessed as acc (G_PROT_R for what the host reads,
 * G_PROT_W for what it writes).  va == 0 gives NULL without error (the host then judges a
 * NULL argument).  Memory mapped but split on the host goes through a bounce buffer. */
void *sc_ptr(struct sc *s, uint64_t va, uint64_t len, unsigned acc, int *err);
#define PTR(va, len, acc)                                                                          \
	({                                                                                         \
		int e_ = 0;                                                                        \
		void *p_ = sc_ptr(s, (va), (len), (acc), &e_);                                     \
		if (e_)                                                                            \
			return e_;                                                                 \
		p_;                                                                                \
	})
#define IN(va, len) PTR(va, len, G_PROT_R)
#define OUT(va, len) PTR(va, len, G_PROT_W)
#define INOUT(va, len) PTR(va, len, G_PROT_R | G_PROT_W)

/* The accessible prefix of an output buffer: for reads into partly mapped buffers. */
uint64_t sc_out_len(struct sc *s, uint64_t va, uint64_t len);

/* A guest string (path) into buf; 0 or -EFAULT / -ENAMETOOLONG. */
int sc_str(struct sc *s, uint64_t va, char *buf, size_t len);

/* Host call result as the guest sees it: the value or -errno. */
static inline int64_t hret(long r)
{
	return r == -1 ? -(int64_t)errno : r;
}
#define H(...) hret(syscall(__VA_ARGS__))

/* sys_net.c and proc.c */
int64_t sys_net(struct sc *s, bool *handled);
int64_t sys_proc(struct sc *s, bool *handled);
int64_t do_clone(struct sc *s, uint64_t flags, uint64_t stack, uint64_t stack_size, uint64_t ptid,
		 uint64_t ctid, uint64_t tls);
int64_t do_execve(struct sc *s, int dirfd, uint64_t path, uint64_t argv, uint64_t envp, int flags);

void warn_once(const char *what, unsigned long id);

#endif
