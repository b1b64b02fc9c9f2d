// SPDX-License-Identifier: GPL-2.0
/*
 * The ia64 Linux system call ABI (arch/ia64/kernel/entry.S, ivt.S): break 0x100000, the
 * number in r15, arguments in out0..out5 (the first registers of the caller's frame
 * after its outputs, i.e. r32 + sol ... of the frame at the break), the result in r8 with
 * r10 = 0, or the errno in r8 with r10 = -1.  Most calls go to the host kernel as they
 * are (x86_64 and ia64 share the asm-generic structures); the ones whose structures or
 * semantics differ (stat, epoll_event, sigaction, pipe's two results, ...) are translated.
 * This file holds the helpers, the dispatch, files, memory and system information.
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>

#include "sys.h"

/* ---- helpers -------------------------------------------------------------------------------- */

void *sc_ptr(struct sc *s, uint64_t va, uint64_t len, unsigned acc, int *err)
{
	if (!va)
		return NULL;
	bool split;
	void *h = mm_host(s->mm, va, len, acc, &split);
	if (h)
		return h;
	if (!split || s->nb == MAX_BOUNCE || len > (256u << 20)) {
		*err = -EFAULT;
		return NULL;
	}
	uint8_t *b = malloc(len);
	if (!b) {
		*err = -ENOMEM;
		return NULL;
	}
	if (mm_read(s->mm, va, b, len)) {
		free(b);
		*err = -EFAULT;
		return NULL;
	}
	s->b[s->nb++] = (struct bounce){b, va, len, (acc & G_PROT_W) != 0};
	return b;
}

uint64_t sc_out_len(struct sc *s, uint64_t va, uint64_t len)
{
	if (!va || !len || mm_host(s->mm, va, len, G_PROT_W, NULL))
		return len;
	bool split;
	if (!mm_host(s->mm, va, len, G_PROT_W, &split) && split)
		return len;
	/* Shrink to the writable pages at the start. */
	uint64_t ok = 0;
	while (ok < len) {
		uint64_t n = G_PAGE_SIZE - ((va + ok) & (G_PAGE_SIZE - 1));
		if (n > len - ok)
			n = len - ok;
		if (!mm_host(s->mm, va + ok, n, G_PROT_W, NULL))
			break;
		ok += n;
	}
	return ok ? ok : len;
}

int sc_str(struct sc *s, uint64_t va, char *buf, size_t len)
{
	size_t n = 0;
	if (!va)
		return -EFAULT;
	while (n < len) {
		uint64_t a = va + n;
		size_t chunk = G_PAGE_SIZE - (a & (G_PAGE_SIZE - 1));
		if (chunk > len - n)
			chunk = len - n;
		const char *h = mm_host(s->mm, a, chunk, G_PROT_R, NULL);
		if (!h)
			return -EFAULT;
		const char *z = memchr(h, 0, chunk);
		if (z) {
			memcpy(buf + n, h, (size_t)(z - h) + 1);
			return 0;
		}
		memcpy(buf + n, h, chunk);
		n += chunk;
	}
	return -ENAMETOOLONG;
}

static void sc_finish(struct sc *s)
{
	for (int i = 0; i < s->nb; i++) {
		if (s->b[i].out)
			mm_write(s->mm, s->b[i].va, s->b[i].h, s->b[i].len);
		free(s->b[i].h);
	}
	s->nb = 0;
}

void warn_once(const char *what, unsigned long id)
{
	static unsigned long seen[64];
	static unsigned nseen;
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < nseen; i++)
		if (seen[i] == id) {
			pthread_mutex_unlock(&lock);
			return;
		}
	if (nseen < 64)
		seen[nseen++] = id;
	pthread_mutex_unlock(&lock);
	warnx_("unsupported %s, returning an error", what);
}

const char *syscall_name(unsigned nr)
{
	switch (nr) {
#define X(n, s)                                                                                    \
	case n:                                                                                    \
		return s;
		G_SYSCALL_NAMES
#undef X
	default:
		return NULL;
	}
}

/* Guest path, with /proc/self magic and the sysroot applied when asked (reading calls on
 * absolute paths that exist in the sysroot). */
enum { P_PLAIN = 0, P_SYSROOT = 1 };
static int gpath(struct sc *s, uint64_t va, char *buf, const char **out, int how)
{
	int e = sc_str(s, va, buf, G_PATH_MAX);
	if (e)
		return e;
	*out = buf;
	const char *sr = s->t->proc->sysroot;
	if ((how & P_SYSROOT) && sr && buf[0] == '/')
		*out = sysroot_path(sr, buf, buf + G_PATH_MAX, G_PATH_MAX);
	return 0;
}
#define PATH(va, var, how)                                                                         \
	char var##_buf[2 * G_PATH_MAX];                                                            \
	const char *var;                                                                           \
	do {                                                                                       \
		int e_ = gpath(s, (va), var##_buf, &var, (how));                                   \
		if (e_)                                                                            \
			return e_;                                                                 \
	} while (0)

static bool is_self(const char *p, const char *leaf)
{
	char buf[64];
	if (strncmp(p, "/proc/self/", 11) == 0)
		return strcmp(p + 11, leaf) == 0;
	snprintf(buf, sizeof(buf), "/proc/%d/", (int)getpid());
	size_t n = strlen(buf);
	return strncmp(p, buf, n) == 0 && strcmp(p + n, leaf) == 0;
}

/* /proc/self files that would describe lol-user rather than the guest. */
static int64_t open_special(struct sc *s, const char *p, int flags)
{
	struct proc *pr = s->t->proc;
	if (is_self(p, "exe"))
		return H(SYS_openat, AT_FDCWD, pr->exe, flags, 0);
	if (is_self(p, "maps") || is_self(p, "auxv") || is_self(p, "cmdline")) {
		int fd = (int)syscall(SYS_memfd_create, "lol-user", 0);
		if (fd < 0)
			return -errno;
		if (is_self(p, "maps")) {
			mm_dump(pr->mm, fd);
		} else if (is_self(p, "cmdline")) {
			ssize_t w = pr->cmdline ? write(fd, pr->cmdline, pr->cmdline_len) : 0;
			(void)w; /* a short file is all that can go wrong */
		} else {
			uint8_t buf[512];
			uint64_t n = pr->auxv_len < sizeof(buf) ? pr->auxv_len : sizeof(buf);
			if (mm_read(pr->mm, pr->auxv_addr, buf, n) == 0 && write(fd, buf, n) < 0)
				n = 0;
		}
		lseek(fd, 0, SEEK_SET);
		if (flags & O_CLOEXEC)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
		return fd;
	}
	return -ENOENT - 1000; /* not special */
}

static bool reading(int flags)
{
	return (flags & O_ACCMODE) == O_RDONLY && !(flags & (O_CREAT | O_TRUNC | O_TMPFILE));
}

static int64_t do_openat(struct sc *s, int dirfd, uint64_t path, int flags, int mode)
{
	char buf[2 * G_PATH_MAX];
	const char *p;
	int e = gpath(s, path, buf, &p, reading(flags) && (dirfd == AT_FDCWD || 1) ? P_SYSROOT : 0);
	if (e)
		return e;
	if (buf[0] == '/') {
		int64_t r = open_special(s, buf, flags);
		if (r != -ENOENT - 1000)
			return r;
	}
	return H(SYS_openat, dirfd, p, flags, mode);
}

/* ---- stat ----------------------------------------------------------------------------------- */

/* struct stat of arch/ia64/include/uapi/asm/stat.h. */
struct g_stat {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev, size;
	uint64_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
	uint64_t blksize;
	int64_t blocks;
	uint64_t unused[3];
};
_Static_assert(sizeof(struct g_stat) == 144, "ia64 struct stat");

static int64_t put_stat(struct sc *s, uint64_t va, const struct stat *h)
{
	struct g_stat g = {
	    .dev = h->st_dev,
	    .ino = h->st_ino,
	    .nlink = h->st_nlink,
	    .mode = h->st_mode,
	    .uid = h->st_uid,
	    .gid = h->st_gid,
	    .rdev = h->st_rdev,
	    .size = (uint64_t)h->st_size,
	    .atime = (uint64_t)h->st_atim.tv_sec,
	    .atime_nsec = (uint64_t)h->st_atim.tv_nsec,
	    .mtime = (uint64_t)h->st_mtim.tv_sec,
	    .mtime_nsec = (uint64_t)h->st_mtim.tv_nsec,
	    .ctime = (uint64_t)h->st_ctim.tv_sec,
	    .ctime_nsec = (uint64_t)h->st_ctim.tv_nsec,
	    .blksize = (uint64_t)h->st_blksize,
	    .blocks = h->st_blocks,
	};
	return mm_write(s->mm, va, &g, sizeof(g)) ? -EFAULT : 0;
}

static int64_t do_fstatat(struct sc *s, int dirfd, uint64_t path, uint64_t buf, int flags)
{
	char pbuf[2 * G_PATH_MAX];
	const char *p;
	int e = gpath(s, path, pbuf, &p, P_SYSROOT);
	if (e && !(e == -EFAULT && !path && (flags & AT_EMPTY_PATH)))
		return e;
	if (!path)
		p = "";
	if (!mm_host(s->mm, buf, sizeof(struct g_stat), G_PROT_W, NULL)) {
		bool split;
		mm_host(s->mm, buf, sizeof(struct g_stat), G_PROT_W, &split);
		if (!split)
			return -EFAULT;
	}
	struct stat st;
	int64_t r = H(SYS_newfstatat, dirfd, p, &st, flags);
	if (r == 0 && is_self(pbuf, "exe") && !(flags & AT_SYMLINK_NOFOLLOW))
		r = H(SYS_newfstatat, AT_FDCWD, s->t->proc->exe, &st, 0);
	return r ? r : put_stat(s, buf, &st);
}

static int64_t do_fstat(struct sc *s, int fd, uint64_t buf)
{
	struct stat st;
	int64_t r = H(SYS_fstat, fd, &st);
	return r ? r : put_stat(s, buf, &st);
}

/* ---- vectors -------------------------------------------------------------------------------- */

/* Guest struct iovec array -> host iovecs (allocated; freed by the caller). */
static int64_t get_iov(struct sc *s, uint64_t va, uint64_t cnt, unsigned acc, struct iovec **out)
{
	*out = NULL;
	if (cnt > 1024)
		return -EINVAL;
	struct iovec *v = calloc(cnt ? cnt : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t g[2];
		if (mm_read(s->mm, va + i * 16, g, 16)) {
			free(v);
			return -EFAULT;
		}
		if ((int64_t)g[1] < 0) {
			free(v);
			return -EINVAL;
		}
		int e = 0;
		uint64_t len = g[1];
		if (acc & G_PROT_W)
			len = sc_out_len(s, g[0], len);
		v[i].iov_base = sc_ptr(s, g[0], len, acc, &e);
		v[i].iov_len = len;
		if (e) {
			free(v);
			return e;
		}
	}
	*out = v;
	return 0;
}

/* ---- ioctl ---------------------------------------------------------------------------------- */

static int64_t sys_ioctl(struct sc *s)
{
	int fd = (int)A(0);
	unsigned long req = (unsigned)A(1);
	uint64_t arg = A(2);
	size_t in = 0, out = 0; /* bytes the call reads / writes at arg */
	switch (req) {
	case TCGETS:
		out = 36;
		break;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		in = 36;
		break;
	case TCGETA:
		out = 18;
		break;
	case TCSETA:
	case TCSETAW:
	case TCSETAF:
		in = 18;
		break;
	case TIOCGWINSZ:
		out = 8;
		break;
	case TIOCSWINSZ:
		in = 8;
		break;
	case TIOCGPGRP:
	case TIOCOUTQ:
	case FIONREAD:
	case TIOCGSID:
	case TIOCMGET:
	case TIOCGETD:
	case TIOCGSOFTCAR:
		out = 4;
		break;
	case TIOCSPGRP:
	case FIONBIO:
	case FIOASYNC:
	case TIOCPKT:
	case TIOCMBIS:
	case TIOCMBIC:
	case TIOCMSET:
	case TIOCSETD:
	case TIOCSSOFTCAR:
		in = 4;
		break;
	case TIOCSTI:
		in = 1;
		break;
	case FIOQSIZE:
		out = 8;
		break;
	case TCSBRK:
	case TCXONC:
	case TCFLSH:
	case TIOCSCTTY:
	case TIOCNOTTY:
	case TCSBRKP:
	case TIOCSBRK:
	case TIOCCBRK:
	case FIONCLEX:
	case FIOCLEX:
	case TIOCEXCL:
	case TIOCNXCL:
	case TIOCGPTPEER:
	case TIOCCONS:
	case TIOCVHANGUP:
		return H(SYS_ioctl, fd, req, arg); /* the argument is a value */
	default:
		if (req >= 0x8900 && req <= 0x89ff) { /* sockios with struct ifreq (40 bytes) */
			if (req == 0x8912) /* SIOCGIFCONF: struct ifconf holds a pointer */
				break;
			in = out = 40;
			break;
		}
		if (_IOC_SIZE(req) && (_IOC_DIR(req) & (_IOC_READ | _IOC_WRITE))) {
			if (_IOC_DIR(req) & _IOC_READ)
				out = _IOC_SIZE(req);
			if (_IOC_DIR(req) & _IOC_WRITE)
				in = _IOC_SIZE(req);
			break;
		}
		warn_once("ioctl", req);
		return -ENOTTY;
	}
	if (req == 0x8912) {
		struct {
			int32_t len, pad;
			uint64_t buf;
		} g;
		if (mm_read(s->mm, arg, &g, sizeof(g)))
			return -EFAULT;
		struct ifconf ic = {.ifc_len = g.len};
		ic.ifc_buf = g.buf ? OUT(g.buf, (uint64_t)(g.len > 0 ? g.len : 0)) : NULL;
		int64_t r = H(SYS_ioctl, fd, req, &ic);
		g.len = ic.ifc_len;
		if (r == 0 && mm_write(s->mm, arg, &g, 4))
			return -EFAULT;
		return r;
	}
	size_t n = in > out ? in : out;
	void *p = PTR(arg, n, (in ? G_PROT_R : 0) | (out ? G_PROT_W : 0));
	return H(SYS_ioctl, fd, req, p);
}

static int64_t sys_fcntl(struct sc *s)
{
	int fd = (int)A(0), cmd = (int)A(1);
	switch (cmd) {
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return H(SYS_fcntl, fd, cmd, INOUT(A(2), 32));
	case F_GETOWN_EX:
	case F_SETOWN_EX:
		return H(SYS_fcntl, fd, cmd, INOUT(A(2), 8));
	case F_GET_RW_HINT:
	case F_SET_RW_HINT:
	case F_GET_FILE_RW_HINT:
	case F_SET_FILE_RW_HINT:
		return H(SYS_fcntl, fd, cmd, INOUT(A(2), 8));
	default:
		return H(SYS_fcntl, fd, cmd, A(2));
	}
}

/* ---- memory --------------------------------------------------------------------------------- */

static int64_t sys_mincore(struct sc *s)
{
	uint64_t a = A(0), len = A(1);
	if (a & ~G_PAGE_MASK)
		return -EINVAL;
	uint64_t pages = G_PAGE_UP(len) >> G_PAGE_SHIFT;
	uint8_t *vec = OUT(A(2), pages);
	for (uint64_t i = 0; i < pages; i++) {
		uint8_t *h = mm_host(s->mm, a + (i << G_PAGE_SHIFT), G_PAGE_SIZE, 0, NULL);
		if (!h)
			return -ENOMEM;
		unsigned char hv[G_PAGE_SIZE / 4096];
		if (mincore(h, G_PAGE_SIZE, hv) != 0)
			return -errno;
		vec[i] = 0;
		for (unsigned k = 0; k < sizeof(hv); k++)
			vec[i] |= hv[k] & 1;
	}
	return 0;
}

/* Calls on a host range that needs no more than a translation (madvise, msync, mlock). */
static int64_t host_range(struct sc *s, long nr)
{
	uint64_t a = A(0), len = A(1);
	if (a & ~G_PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	uint64_t end = G_PAGE_UP(a + len);
	/* Chunk by chunk of contiguous host memory. */
	for (uint64_t p = a; p < end;) {
		uint64_t n = end - p;
		void *h;
		while (!(h = mm_host(s->mm, p, n, 0, NULL)) && n > G_PAGE_SIZE)
			n = (n / 2) & G_PAGE_MASK;
		if (!h)
			return nr == SYS_madvise ? -ENOMEM : -ENOMEM;
		long r = syscall(nr, h, n, A(2));
		if (r == -1 && !(nr == SYS_madvise && errno == EINVAL))
			return -errno;
		p += n;
	}
	return 0;
}

/* ---- system information --------------------------------------------------------------------- */

static int64_t sys_uname(struct sc *s)
{
	struct utsname u;
	if (uname(&u) != 0)
		return -errno;
	snprintf(u.machine, sizeof(u.machine), "ia64");
	return mm_write(s->mm, A(0), &u, sizeof(u)) ? -EFAULT : 0;
}

static int64_t sys_prctl(struct sc *s)
{
	int op = (int)A(0);
	switch (op) {
	case PR_SET_NAME:
		return H(SYS_prctl, op, IN(A(1), 16), 0, 0, 0);
	case PR_GET_NAME:
		return H(SYS_prctl, op, OUT(A(1), 16), 0, 0, 0);
	case PR_GET_PDEATHSIG:
		return H(SYS_prctl, op, OUT(A(1), 4), 0, 0, 0);
	case PR_SET_PDEATHSIG:
	case PR_GET_DUMPABLE:
	case PR_SET_DUMPABLE:
	case PR_SET_NO_NEW_PRIVS:
	case PR_GET_NO_NEW_PRIVS:
	case PR_SET_KEEPCAPS:
	case PR_GET_KEEPCAPS:
	case PR_SET_CHILD_SUBREAPER:
	case PR_SET_TIMERSLACK:
	case PR_GET_TIMERSLACK:
	case PR_CAPBSET_READ:
	case PR_SET_PTRACER:
		return H(SYS_prctl, op, A(1), A(2), A(3), A(4));
	case PR_GET_CHILD_SUBREAPER:
		return H(SYS_prctl, op, OUT(A(1), 4), 0, 0, 0);
	case PR_GET_UNALIGN: {
		uint32_t v = 0;
		return mm_write(s->mm, A(1), &v, 4) ? -EFAULT : 0;
	}
	case PR_SET_UNALIGN:
		return 0;
	default:
		warn_once("prctl option", 0x70000000ul | (unsigned)op);
		return -EINVAL;
	}
}

static int64_t sys_getpriority(struct sc *s)
{
	/* ia64_getpriority returns 20 - (20 - nice): the nice value, forced successful. */
	long r = syscall(SYS_getpriority, (int)A(0), (int)A(1));
	if (r == -1)
		return -errno;
	s->force_ok = true;
	return 20 - r;
}

/* semctl: x86_64's struct semid64_ds pads the times, ia64's (asm-generic) does not. */
static int64_t sys_semctl(struct sc *s)
{
	int id = (int)A(0), num = (int)A(1), cmd = (int)A(2) & ~0x100; /* IPC_64 */
	struct g_semid_ds {
		uint8_t perm[48];
		int64_t otime, ctime;
		uint64_t nsems, unused3, unused4;
	} g;
	struct semid_ds h;
	switch (cmd) {
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY: {
		int64_t r = H(SYS_semctl, id, num, cmd, &h);
		if (r < 0)
			return r;
		memset(&g, 0, sizeof(g));
		memcpy(g.perm, &h.sem_perm, sizeof(g.perm));
		g.otime = h.sem_otime, g.ctime = h.sem_ctime, g.nsems = h.sem_nsems;
		return mm_write(s->mm, A(3), &g, sizeof(g)) ? -EFAULT : r;
	}
	case IPC_SET:
		if (mm_read(s->mm, A(3), &g, sizeof(g)))
			return -EFAULT;
		memset(&h, 0, sizeof(h));
		memcpy(&h.sem_perm, g.perm, sizeof(g.perm));
		return H(SYS_semctl, id, num, cmd, &h);
	case GETALL:
	case SETALL: {
		int64_t r = H(SYS_semctl, id, 0, IPC_STAT, &h);
		if (r < 0)
			return r;
		uint64_t n = h.sem_nsems * 2;
		return H(SYS_semctl, id, num, cmd, cmd == GETALL ? OUT(A(3), n) : IN(A(3), n));
	}
	case IPC_INFO:
	case SEM_INFO:
		return H(SYS_semctl, id, num, cmd, OUT(A(3), 40));
	default: /* GETVAL, SETVAL, GETPID, GETNCNT, GETZCNT, IPC_RMID: a value */
		return H(SYS_semctl, id, num, cmd, A(3));
	}
}

/* ---- dispatch ------------------------------------------------------------------------------- */

static int64_t sys_files(struct sc *s, bool *handled)
{
	*handled = true;
	switch (s->nr) {
	case G_NR_read: {
		uint64_t n = sc_out_len(s, A(1), A(2));
		return H(SYS_read, A(0), OUT(A(1), n), n);
	}
	case G_NR_write:
		return H(SYS_write, A(0), IN(A(1), A(2)), A(2));
	case G_NR_pread64: {
		uint64_t n = sc_out_len(s, A(1), A(2));
		return H(SYS_pread64, A(0), OUT(A(1), n), n, A(3));
	}
	case G_NR_pwrite64:
		return H(SYS_pwrite64, A(0), IN(A(1), A(2)), A(2), A(3));
	case G_NR_readv:
	case G_NR_writev:
	case G_NR_preadv:
	case G_NR_pwritev:
	case G_NR_preadv2:
	case G_NR_pwritev2: {
		bool rd = s->nr == G_NR_readv || s->nr == G_NR_preadv || s->nr == G_NR_preadv2;
		struct iovec *v;
		int64_t r = get_iov(s, A(1), A(2), rd ? G_PROT_W : G_PROT_R, &v);
		if (r)
			return r;
		long nr = s->nr == G_NR_readv	  ? SYS_readv
			  : s->nr == G_NR_writev  ? SYS_writev
			  : s->nr == G_NR_preadv  ? SYS_preadv
			  : s->nr == G_NR_pwritev ? SYS_pwritev
			  : s->nr == G_NR_preadv2 ? SYS_preadv2
						  : SYS_pwritev2;
		/* (fd, iov, count, pos_l, pos_h[, flags]) on both: 64-bit pos_l, pos_h 0. */
		r = H(nr, A(0), v, A(2), A(3), A(4), A(5));
		free(v);
		return r;
	}
	case G_NR_open:
		return do_openat(s, AT_FDCWD, A(0), (int)A(1), (int)A(2));
	case G_NR_openat:
		return do_openat(s, (int)A(0), A(1), (int)A(2), (int)A(3));
	case G_NR_openat2: {
		uint64_t how[3];
		if (A(3) < 24)
			return -EINVAL;
		if (mm_read(s->mm, A(2), how, 24))
			return -EFAULT;
		char buf[2 * G_PATH_MAX];
		const char *p;
		int e = gpath(s, A(1), buf, &p, reading((int)how[0]) ? P_SYSROOT : 0);
		if (e)
			return e;
		return H(SYS_openat2, A(0), p, how, 24);
	}
	case G_NR_creat: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_creat, p, A(1));
	}
	case G_NR_close:
		return H(SYS_close, A(0));
	case G_NR_close_range:
		return H(SYS_close_range, A(0), A(1), A(2));
	case G_NR_link: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(1), q, P_PLAIN);
		return H(SYS_link, p, q);
	}
	case G_NR_linkat: {
		PATH(A(1), p, P_PLAIN);
		PATH(A(3), q, P_PLAIN);
		return H(SYS_linkat, A(0), p, A(2), q, A(4));
	}
	case G_NR_unlink: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_unlink, p);
	}
	case G_NR_unlinkat: {
		PATH(A(1), p, P_PLAIN);
		return H(SYS_unlinkat, A(0), p, A(2));
	}
	case G_NR_symlink: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(1), q, P_PLAIN);
		return H(SYS_symlink, p, q);
	}
	case G_NR_symlinkat: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(2), q, P_PLAIN);
		return H(SYS_symlinkat, p, A(1), q);
	}
	case G_NR_readlink:
	case G_NR_readlinkat: {
		bool at = s->nr == G_NR_readlinkat;
		PATH(A(at), p, P_SYSROOT);
		uint64_t buf = A(at + 1), len = A(at + 2);
		if ((int64_t)len <= 0)
			return -EINVAL;
		if (is_self(p_buf, "exe")) {
			const char *e = s->t->proc->exe;
			size_t n = strlen(e);
			if (n > len)
				n = len;
			return mm_write(s->mm, buf, e, n) ? -EFAULT : (int64_t)n;
		}
		return H(SYS_readlinkat, at ? (long)A(0) : (long)AT_FDCWD, p, OUT(buf, len), len);
	}
	case G_NR_rename: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(1), q, P_PLAIN);
		return H(SYS_rename, p, q);
	}
	case G_NR_renameat:
	case G_NR_renameat2: {
		PATH(A(1), p, P_PLAIN);
		PATH(A(3), q, P_PLAIN);
		return H(SYS_renameat2, A(0), p, A(2), q, s->nr == G_NR_renameat2 ? A(4) : 0);
	}
	case G_NR_mkdir: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_mkdir, p, A(1));
	}
	case G_NR_mkdirat: {
		PATH(A(1), p, P_PLAIN);
		return H(SYS_mkdirat, A(0), p, A(2));
	}
	case G_NR_rmdir: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_rmdir, p);
	}
	case G_NR_mknod: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_mknod, p, A(1), A(2));
	}
	case G_NR_mknodat: {
		PATH(A(1), p, P_PLAIN);
		return H(SYS_mknodat, A(0), p, A(2), A(3));
	}
	case G_NR_chdir: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_chdir, p);
	}
	case G_NR_fchdir:
		return H(SYS_fchdir, A(0));
	case G_NR_chroot: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_chroot, p);
	}
	case G_NR_chmod: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_chmod, p, A(1));
	}
	case G_NR_fchmod:
		return H(SYS_fchmod, A(0), A(1));
	case G_NR_fchmodat: {
		PATH(A(1), p, P_PLAIN);
		return H(SYS_fchmodat, A(0), p, A(2));
	}
	case G_NR_chown:
	case G_NR_lchown: {
		PATH(A(0), p, P_PLAIN);
		return H(s->nr == G_NR_chown ? SYS_chown : SYS_lchown, p, A(1), A(2));
	}
	case G_NR_fchown:
		return H(SYS_fchown, A(0), A(1), A(2));
	case G_NR_fchownat: {
		PATH(A(1), p, P_PLAIN);
		return H(SYS_fchownat, A(0), p, A(2), A(3), A(4));
	}
	case G_NR_access: {
		PATH(A(0), p, P_SYSROOT);
		return H(SYS_faccessat, AT_FDCWD, p, A(1));
	}
	case G_NR_faccessat: {
		PATH(A(1), p, P_SYSROOT);
		return H(SYS_faccessat, A(0), p, A(2));
	}
	case G_NR_faccessat2: {
		PATH(A(1), p, P_SYSROOT);
		return H(SYS_faccessat2, A(0), p, A(2), A(3));
	}
	case G_NR_utimes: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_utimes, p, IN(A(1), 32));
	}
	case G_NR_futimesat: {
		PATH(A(1), p, P_PLAIN);
		return H(SYS_futimesat, A(0), p, IN(A(2), 32));
	}
	case G_NR_utimensat: {
		const char *p = NULL;
		char buf[2 * G_PATH_MAX];
		if (A(1)) {
			int e = gpath(s, A(1), buf, &p, P_PLAIN);
			if (e)
				return e;
		}
		return H(SYS_utimensat, A(0), p, IN(A(2), 32), A(3));
	}
	case G_NR_truncate: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_truncate, p, A(1));
	}
	case G_NR_ftruncate:
		return H(SYS_ftruncate, A(0), A(1));
	case G_NR_fallocate:
		return H(SYS_fallocate, A(0), A(1), A(2), A(3));
	case G_NR_fadvise64:
		return H(SYS_fadvise64, A(0), A(1), A(2), A(3));
	case G_NR_readahead:
		return H(SYS_readahead, A(0), A(1), A(2));
	case G_NR_sync_file_range:
		return H(SYS_sync_file_range, A(0), A(1), A(2), A(3));
	case G_NR_lseek:
		return H(SYS_lseek, A(0), A(1), A(2));
	case G_NR_dup:
		return H(SYS_dup, A(0));
	case G_NR_dup2:
		return H(SYS_dup2, A(0), A(1));
	case G_NR_dup3:
		return H(SYS_dup3, A(0), A(1), A(2));
	case G_NR_pipe: {
		int fd[2];
		int64_t r = H(SYS_pipe2, fd, 0);
		if (r)
			return r;
		s->r9set = true;
		s->r9 = (uint64_t)fd[1];
		return fd[0];
	}
	case G_NR_pipe2:
		return H(SYS_pipe2, OUT(A(0), 8), A(1));
	case G_NR_umask:
		return H(SYS_umask, A(0));
	case G_NR_fsync:
		return H(SYS_fsync, A(0));
	case G_NR_fdatasync:
		return H(SYS_fdatasync, A(0));
	case G_NR_sync:
		return H(SYS_sync);
	case G_NR_syncfs:
		return H(SYS_syncfs, A(0));
	case G_NR_flock:
		return H(SYS_flock, A(0), A(1));
	case G_NR_fcntl:
		return sys_fcntl(s);
	case G_NR_ioctl:
		return sys_ioctl(s);
	case G_NR_getdents:
	case G_NR_getdents64: {
		uint64_t n = sc_out_len(s, A(1), A(2));
		return H(s->nr == G_NR_getdents ? SYS_getdents : SYS_getdents64, A(0), OUT(A(1), n),
			 n);
	}
	case G_NR_stat:
	case G_NR_lstat:
		return do_fstatat(s, AT_FDCWD, A(0), A(1),
				  s->nr == G_NR_lstat ? AT_SYMLINK_NOFOLLOW : 0);
	case G_NR_newfstatat:
		return do_fstatat(s, (int)A(0), A(1), A(2), (int)A(3));
	case G_NR_fstat:
		return do_fstat(s, (int)A(0), A(1));
	case G_NR_statx: {
		char buf[2 * G_PATH_MAX];
		const char *p = "";
		if (A(1)) {
			int e = gpath(s, A(1), buf, &p, P_SYSROOT);
			if (e)
				return e;
		}
		return H(SYS_statx, A(0), p, A(2), A(3), OUT(A(4), 256));
	}
	case G_NR_statfs: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_statfs, p, OUT(A(1), 120));
	}
	case G_NR_fstatfs:
		return H(SYS_fstatfs, A(0), OUT(A(1), 120));
	case G_NR_statfs64: {
		PATH(A(0), p, P_PLAIN);
		if (A(1) != 120)
			return -EINVAL;
		return H(SYS_statfs, p, OUT(A(2), 120));
	}
	case G_NR_fstatfs64:
		if (A(1) != 120)
			return -EINVAL;
		return H(SYS_fstatfs, A(0), OUT(A(2), 120));
	case G_NR_getcwd: {
		uint64_t n = A(1);
		return H(SYS_getcwd, OUT(A(0), n), n);
	}
	case G_NR_sendfile: {
		return H(SYS_sendfile, A(0), A(1), INOUT(A(2), 8), A(3));
	}
	case G_NR_splice:
		return H(SYS_splice, A(0), INOUT(A(1), 8), A(2), INOUT(A(3), 8), A(4), A(5));
	case G_NR_tee:
		return H(SYS_tee, A(0), A(1), A(2), A(3));
	case G_NR_copy_file_range:
		return H(SYS_copy_file_range, A(0), INOUT(A(1), 8), A(2), INOUT(A(3), 8), A(4),
			 A(5));
	case G_NR_memfd_create: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_memfd_create, p, A(1));
	}
	case G_NR_inotify_init:
		return H(SYS_inotify_init1, 0);
	case G_NR_inotify_init1:
		return H(SYS_inotify_init1, A(0));
	case G_NR_inotify_add_watch: {
		PATH(A(1), p, P_PLAIN);
		return H(SYS_inotify_add_watch, A(0), p, A(2));
	}
	case G_NR_inotify_rm_watch:
		return H(SYS_inotify_rm_watch, A(0), A(1));
	case G_NR_eventfd:
		return H(SYS_eventfd2, A(0), 0);
	case G_NR_eventfd2:
		return H(SYS_eventfd2, A(0), A(1));
	case G_NR_timerfd_create:
		return H(SYS_timerfd_create, A(0), A(1));
	case G_NR_timerfd_settime:
		return H(SYS_timerfd_settime, A(0), A(1), IN(A(2), 32), OUT(A(3), 32));
	case G_NR_timerfd_gettime:
		return H(SYS_timerfd_gettime, A(0), OUT(A(1), 32));
	case G_NR_signalfd:
		return H(SYS_signalfd4, A(0), IN(A(1), 8), A(2), 0);
	case G_NR_signalfd4:
		return H(SYS_signalfd4, A(0), IN(A(1), 8), A(2), A(3));
	case G_NR_setxattr:
	case G_NR_lsetxattr: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(1), n, P_PLAIN);
		return H(s->nr == G_NR_setxattr ? SYS_setxattr : SYS_lsetxattr, p, n,
			 IN(A(2), A(3)), A(3), A(4));
	}
	case G_NR_fsetxattr: {
		PATH(A(1), n, P_PLAIN);
		return H(SYS_fsetxattr, A(0), n, IN(A(2), A(3)), A(3), A(4));
	}
	case G_NR_getxattr:
	case G_NR_lgetxattr: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(1), n, P_PLAIN);
		return H(s->nr == G_NR_getxattr ? SYS_getxattr : SYS_lgetxattr, p, n,
			 OUT(A(2), A(3)), A(3));
	}
	case G_NR_fgetxattr: {
		PATH(A(1), n, P_PLAIN);
		return H(SYS_fgetxattr, A(0), n, OUT(A(2), A(3)), A(3));
	}
	case G_NR_listxattr:
	case G_NR_llistxattr: {
		PATH(A(0), p, P_PLAIN);
		return H(s->nr == G_NR_listxattr ? SYS_listxattr : SYS_llistxattr, p,
			 OUT(A(1), A(2)), A(2));
	}
	case G_NR_flistxattr:
		return H(SYS_flistxattr, A(0), OUT(A(1), A(2)), A(2));
	case G_NR_removexattr:
	case G_NR_lremovexattr: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(1), n, P_PLAIN);
		return H(s->nr == G_NR_removexattr ? SYS_removexattr : SYS_lremovexattr, p, n);
	}
	case G_NR_fremovexattr: {
		PATH(A(1), n, P_PLAIN);
		return H(SYS_fremovexattr, A(0), n);
	}
	case G_NR_mount: {
		PATH(A(0), src, P_PLAIN);
		PATH(A(1), dst, P_PLAIN);
		char tbuf[256];
		const char *type = NULL;
		if (A(2)) {
			int e = sc_str(s, A(2), tbuf, sizeof(tbuf));
			if (e)
				return e;
			type = tbuf;
		}
		return H(SYS_mount, src, dst, type, A(3), IN(A(4), A(4) ? 1 : 0));
	}
	case G_NR_umount2: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_umount2, p, A(1));
	}
	case G_NR_pivot_root: {
		PATH(A(0), p, P_PLAIN);
		PATH(A(1), q, P_PLAIN);
		return H(SYS_pivot_root, p, q);
	}
	case G_NR_acct: {
		if (!A(0))
			return H(SYS_acct, NULL);
		PATH(A(0), p, P_PLAIN);
		return H(SYS_acct, p);
	}
	case G_NR_swapon: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_swapon, p, A(1));
	}
	case G_NR_swapoff: {
		PATH(A(0), p, P_PLAIN);
		return H(SYS_swapoff, p);
	}
	}
	*handled = false;
	return 0;
}

static int64_t sys_misc(struct sc *s, bool *handled)
{
	struct thread *t = s->t;
	*handled = true;
	switch (s->nr) {
	/* memory */
	case G_NR_brk:
		s->force_ok = true;
		return (int64_t)mm_brk(s->mm, A(0));
	case G_NR_mmap:
	case G_NR_mmap2: {
		uint64_t off = s->nr == G_NR_mmap ? A(5) : A(5) << G_PAGE_SHIFT;
		if (s->nr == G_NR_mmap && (A(5) & (G_PAGE_SIZE - 1)))
			return -EINVAL;
		int64_t r = mm_mmap(s->mm, A(0), A(1), (int)A(2), (int)A(3), (int)A(4), off);
		if (r >= 0)
			s->force_ok = true;
		return r;
	}
	case G_NR_munmap:
		return mm_munmap(s->mm, A(0), A(1));
	case G_NR_mprotect:
		return mm_mprotect(s->mm, A(0), A(1), (int)A(2));
	case G_NR_mremap: {
		int64_t r = mm_mremap(s->mm, A(0), A(1), A(2), (int)A(3), A(4));
		if (r >= 0)
			s->force_ok = true;
		return r;
	}
	case G_NR_madvise:
		return host_range(s, SYS_madvise);
	case G_NR_msync:
		return host_range(s, SYS_msync);
	case G_NR_mlock:
	case G_NR_munlock:
		return host_range(s, s->nr == G_NR_mlock ? SYS_mlock : SYS_munlock);
	case G_NR_mlock2:
		return host_range(s, SYS_mlock2);
	case G_NR_mlockall:
		return H(SYS_mlockall, A(0));
	case G_NR_munlockall:
		return H(SYS_munlockall);
	case G_NR_mincore:
		return sys_mincore(s);
	case G_NR_old_getpagesize:
		return (int64_t)G_PAGE_SIZE;
	/* information */
	case G_NR_uname:
		return sys_uname(s);
	case G_NR_sethostname:
	case G_NR_setdomainname:
		return H(s->nr == G_NR_sethostname ? SYS_sethostname : SYS_setdomainname,
			 IN(A(0), A(1)), A(1));
	case G_NR_sysinfo:
		return H(SYS_sysinfo, OUT(A(0), 112));
	case G_NR_getrlimit:
		return H(SYS_getrlimit, A(0), OUT(A(1), 16));
	case G_NR_setrlimit:
		return H(SYS_setrlimit, A(0), IN(A(1), 16));
	case G_NR_prlimit64:
		return H(SYS_prlimit64, A(0), A(1), IN(A(2), 16), OUT(A(3), 16));
	case G_NR_getrusage:
		return H(SYS_getrusage, A(0), OUT(A(1), 144));
	case G_NR_times:
		return H(SYS_times, OUT(A(0), 32));
	case G_NR_personality:
		return H(SYS_personality, A(0));
	case G_NR_prctl:
		return sys_prctl(s);
	case G_NR_getpriority:
		return sys_getpriority(s);
	case G_NR_setpriority:
		return H(SYS_setpriority, A(0), A(1), A(2));
	case G_NR_getrandom:
		return H(SYS_getrandom, OUT(A(0), A(1)), A(1), A(2));
	case G_NR_syslog:
		return H(SYS_syslog, A(0), OUT(A(1), A(2) > 0 ? A(2) : 0), A(2));
	case G_NR_vhangup:
		return H(SYS_vhangup);
	case G_NR_reboot:
		return -EPERM;
	case G_NR_sched_yield:
		return H(SYS_sched_yield);
	case G_NR_sched_getaffinity:
		return H(SYS_sched_getaffinity, A(0), A(1), OUT(A(2), A(1)));
	case G_NR_sched_setaffinity:
		return H(SYS_sched_setaffinity, A(0), A(1), IN(A(2), A(1)));
	case G_NR_sched_getparam:
		return H(SYS_sched_getparam, A(0), OUT(A(1), 4));
	case G_NR_sched_setparam:
		return H(SYS_sched_setparam, A(0), IN(A(1), 4));
	case G_NR_sched_getscheduler:
		return H(SYS_sched_getscheduler, A(0));
	case G_NR_sched_setscheduler:
		return H(SYS_sched_setscheduler, A(0), A(1), IN(A(2), 4));
	case G_NR_sched_get_priority_max:
		return H(SYS_sched_get_priority_max, A(0));
	case G_NR_sched_get_priority_min:
		return H(SYS_sched_get_priority_min, A(0));
	case G_NR_sched_rr_get_interval:
		return H(SYS_sched_rr_get_interval, A(0), OUT(A(1), 16));
	case G_NR_getcpu:
		return H(SYS_getcpu, OUT(A(0), 4), OUT(A(1), 4), NULL);
	case G_NR_capget:
		return H(SYS_capget, INOUT(A(0), 8), OUT(A(1), 24));
	case G_NR_capset:
		return H(SYS_capset, INOUT(A(0), 8), IN(A(1), 24));
	case G_NR_membarrier:
		return H(SYS_membarrier, A(0), A(1), A(2));
	/* time */
	case G_NR_gettimeofday:
		return H(SYS_gettimeofday, OUT(A(0), 16), OUT(A(1), 8));
	case G_NR_settimeofday:
		return H(SYS_settimeofday, IN(A(0), 16), IN(A(1), 8));
	case G_NR_nanosleep:
		return H(SYS_nanosleep, IN(A(0), 16), OUT(A(1), 16));
	case G_NR_clock_gettime:
		return H(SYS_clock_gettime, A(0), OUT(A(1), 16));
	case G_NR_clock_settime:
		return H(SYS_clock_settime, A(0), IN(A(1), 16));
	case G_NR_clock_getres:
		return H(SYS_clock_getres, A(0), OUT(A(1), 16));
	case G_NR_clock_nanosleep:
		return H(SYS_clock_nanosleep, A(0), A(1), IN(A(2), 16), OUT(A(3), 16));
	case G_NR_adjtimex:
		return H(SYS_adjtimex, INOUT(A(0), 208));
	case G_NR_clock_adjtime:
		return H(SYS_clock_adjtime, A(0), INOUT(A(1), 208));
	case G_NR_getitimer:
		return H(SYS_getitimer, A(0), OUT(A(1), 32));
	case G_NR_setitimer:
		return H(SYS_setitimer, A(0), IN(A(1), 32), OUT(A(2), 32));
	case G_NR_timer_create:
		return H(SYS_timer_create, A(0), IN(A(1), 64), OUT(A(2), 4));
	case G_NR_timer_settime:
		return H(SYS_timer_settime, A(0), A(1), IN(A(2), 32), OUT(A(3), 32));
	case G_NR_timer_gettime:
		return H(SYS_timer_gettime, A(0), OUT(A(1), 32));
	case G_NR_timer_getoverrun:
		return H(SYS_timer_getoverrun, A(0));
	case G_NR_timer_delete:
		return H(SYS_timer_delete, A(0));
	/* signals */
	case G_NR_rt_sigaction:
		return sys_rt_sigaction(t, (int)A(0), A(1), A(2), A(3));
	case G_NR_rt_sigprocmask:
		return sys_rt_sigprocmask(t, (int)A(0), A(1), A(2), A(3));
	case G_NR_rt_sigreturn:
		s->noret = true;
		return sys_rt_sigreturn(t);
	case G_NR_rt_sigsuspend:
		return sys_rt_sigsuspend(t, A(0), A(1));
	case G_NR_sigaltstack:
		return sys_sigaltstack(t, A(0), A(1));
	case G_NR_rt_sigpending: {
		if (A(1) != 8)
			return -EINVAL;
		uint64_t set;
		int64_t r = H(SYS_rt_sigpending, &set, 8);
		if (r)
			return r;
		set |= atomic_load(&t->pending);
		return mm_write(s->mm, A(0), &set, 8) ? -EFAULT : 0;
	}
	case G_NR_rt_sigtimedwait:
		return H(SYS_rt_sigtimedwait, IN(A(0), 8), OUT(A(1), 128), IN(A(2), 16), A(3));
	case G_NR_rt_sigqueueinfo:
		return H(SYS_rt_sigqueueinfo, A(0), A(1), IN(A(2), 128));
	case G_NR_rt_tgsigqueueinfo:
		return H(SYS_rt_tgsigqueueinfo, A(0), A(1), A(2), IN(A(3), 128));
	case G_NR_kill:
		return H(SYS_kill, A(0), A(1));
	case G_NR_tkill:
		return H(SYS_tkill, A(0), A(1));
	case G_NR_tgkill:
		return H(SYS_tgkill, A(0), A(1), A(2));
	/* SysV IPC that needs no mapping */
	case G_NR_semget:
		return H(SYS_semget, A(0), A(1), A(2));
	case G_NR_semop:
		return H(SYS_semop, A(0), IN(A(1), A(2) * 6), A(2));
	case G_NR_semtimedop:
		return H(SYS_semtimedop, A(0), IN(A(1), A(2) * 6), A(2), IN(A(3), 16));
	case G_NR_semctl:
		return sys_semctl(s);
	case G_NR_msgget:
		return H(SYS_msgget, A(0), A(1));
	case G_NR_msgsnd:
		return H(SYS_msgsnd, A(0), IN(A(1), A(2) + 8), A(2), A(3));
	case G_NR_msgrcv:
		return H(SYS_msgrcv, A(0), OUT(A(1), A(2) + 8), A(2), A(3), A(4));
	case G_NR_msgctl:
		return H(SYS_msgctl, A(0), A(1), INOUT(A(2), 120));
	case G_NR_shmget:
		return H(SYS_shmget, A(0), A(1), A(2));
	case G_NR_shmat: {
		int64_t r = mm_shmat(s->mm, (int)A(0), A(1), (int)A(2));
		if (r >= 0)
			s->force_ok = true;
		return r;
	}
	case G_NR_shmdt:
		return mm_shmdt(s->mm, A(0));
	case G_NR_shmctl:
		return H(SYS_shmctl, A(0), A(1), INOUT(A(2), 112));
	}
	*handled = false;
	return 0;
}

/* Calls that an interrupting handler makes fail with EINTR even with SA_RESTART. */
static bool never_restarted(unsigned nr)
{
	switch (nr) {
	case G_NR_nanosleep:
	case G_NR_clock_nanosleep:
	case G_NR_rt_sigsuspend:
	case G_NR_poll:
	case G_NR_ppoll:
	case G_NR_select:
	case G_NR_pselect6:
	case G_NR_epoll_wait:
	case G_NR_epoll_pwait:
	case G_NR_epoll_pwait2:
	case G_NR_rt_sigtimedwait:
	case G_NR_io_getevents:
	case G_NR_semtimedop:
	case G_NR_msgrcv:
	case G_NR_msgsnd:
	case G_NR_semop:
		return true;
	}
	return false;
}

void do_syscall(struct thread *t)
{
	struct cpu *c = &t->cpu;
	struct sc s = {.t = t, .mm = t->proc->mm, .nr = (unsigned)c->gr[15]};
	/* out0..out5: the frame's output registers. */
	unsigned sol = c->cfm.sol, sof = c->cfm.sof;
	for (unsigned i = 0; i < 6; i++)
		s.a[i] = sol + i < sof ? cpu_get_gr(c, 32 + sol + i, NULL) : 0;
	int64_t r = -ENOSYS;
	bool handled = false;
	r = sys_files(&s, &handled);
	if (!handled)
		r = sys_misc(&s, &handled);
	if (!handled)
		r = sys_net(&s, &handled);
	if (!handled)
		r = sys_proc(&s, &handled);
	if (!handled) {
		const char *name = syscall_name(s.nr);
		switch (s.nr) {
		case G_NR_rseq:
		case G_NR_getunwind:
		case G_NR_set_mempolicy:
		case G_NR_get_mempolicy:
		case G_NR_mbind:
		case G_NR_io_setup:
			break; /* optional features glibc probes for */
		default:
			if (name)
				warn_once(name, s.nr);
			else
				warnx_("unknown system call %u, returning ENOSYS", s.nr);
		}
		r = -ENOSYS;
	}
	sc_finish(&s);
	if (t->proc->verbose)
		warnx_("[%d] %s(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ", %#" PRIx64 ") = %" PRId64,
		       t->tid, syscall_name(s.nr) ? syscall_name(s.nr) : "?", s.a[0], s.a[1],
		       s.a[2], s.a[3], r);
	if (s.noret)
		return;
	if (r == -EINTR && !never_restarted(s.nr) && signal_restartable(t))
		return; /* the break runs again after the handler (ERESTARTSYS) */
	if (!s.force_ok && r < 0 && r >= -4095) {
		c->gr[8] = (uint64_t)-r;
		c->gr[10] = (uint64_t)-1;
	} else {
		c->gr[8] = (uint64_t)r;
		c->gr[10] = 0;
	}
	c->gr_nat &= ~((1ull << 8) | (1ull << 9) | (1ull << 10));
	if (s.r9set)
		c->gr[9] = s.r9;
	cpu_advance(c);
}
