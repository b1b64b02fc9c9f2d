// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets, poll, select and epoll for the guest.  The socket structures (sockaddr,
 * msghdr, cmsghdr, linger, timeval) are laid out alike on ia64 and x86_64; struct
 * epoll_event is not (x86_64 packs it to 12 bytes, ia64 aligns it to 16), nor is every
 * pointer inside a structure a host pointer, so those are rebuilt.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "sys.h"

struct g_msghdr {
	uint64_t name;
	uint32_t namelen, pad;
	uint64_t iov, iovlen, control, controllen;
	int32_t flags, pad2;
};
_Static_assert(sizeof(struct g_msghdr) == 56, "msghdr");

/* A host msghdr for a guest one; iov is allocated (freed by the caller). */
static int64_t get_msghdr(struct sc *s, uint64_t va, struct msghdr *m, bool recv)
{
	struct g_msghdr g;
	memset(m, 0, sizeof(*m));
	if (mm_read(s->mm, va, &g, sizeof(g)))
		return -EFAULT;
	if (g.iovlen > 1024)
		return -EMSGSIZE;
	unsigned acc = recv ? G_PROT_W : G_PROT_R;
	int e = 0;
	m->msg_name = sc_ptr(s, g.name, g.namelen, acc, &e);
	m->msg_namelen = g.namelen;
	m->msg_control = e ? NULL : sc_ptr(s, g.control, g.controllen, acc, &e);
	m->msg_controllen = g.controllen;
	m->msg_flags = g.flags;
	if (e)
		return e;
	struct iovec *v = calloc(g.iovlen ? g.iovlen : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (uint64_t i = 0; i < g.iovlen; i++) {
		uint64_t gv[2];
		if (mm_read(s->mm, g.iov + i * 16, gv, 16)) {
			free(v);
			return -EFAULT;
		}
		uint64_t len = recv ? sc_out_len(s, gv[0], gv[1]) : gv[1];
		v[i].iov_base = sc_ptr(s, gv[0], len, acc, &e);
		v[i].iov_len = len;
		if (e) {
			free(v);
			return e;
		}
	}
	m->msg_iov = v;
	m->msg_iovlen = g.iovlen;
	return 0;
}

static void put_msghdr(struct sc *s, uint64_t va, const struct msghdr *m)
{
	uint32_t nl = m->msg_namelen;
	uint64_t cl = m->msg_controllen;
	int32_t fl = m->msg_flags;
	mm_write(s->mm, va + offsetof(struct g_msghdr, namelen), &nl, 4);
	mm_write(s->mm, va + offsetof(struct g_msghdr, controllen), &cl, 8);
	mm_write(s->mm, va + offsetof(struct g_msghdr, flags), &fl, 4);
}

static int64_t sys_mmsg(struct sc *s, bool recv)
{
	unsigned n = (unsigned)A(2);
	if (n > 1024)
		n = 1024;
	struct mmsghdr *m = calloc(n ? n : 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	int64_t r = 0;
	unsigned got = 0;
	for (; got < n; got++) {
		r = get_msghdr(s, A(1) + got * 64ull, &m[got].msg_hdr, recv);
		if (r)
			break;
	}
	if (!r) {
		struct timespec *ts = NULL;
		if (recv && A(4)) {
			int e = 0;
			ts = sc_ptr(s, A(4), 16, G_PROT_R | G_PROT_W, &e);
			r = e;
		}
		if (!r)
			r = recv ? H(SYS_recvmmsg, A(0), m, n, A(3), ts)
				 : H(SYS_sendmmsg, A(0), m, n, A(3));
		for (int64_t i = 0; r > 0 && i < r; i++) {
			uint32_t len = m[i].msg_len;
			mm_write(s->mm, A(1) + (uint64_t)i * 64 + 56, &len, 4);
			if (recv)
				put_msghdr(s, A(1) + (uint64_t)i * 64, &m[i].msg_hdr);
		}
	}
	for (unsigned i = 0; i < got; i++)
		free(m[i].msg_hdr.msg_iov);
	free(m);
	return r;
}

/* Length at a socklen_t pointer (for accept, getsockname, getsockopt, recvfrom). */
static int64_t get_len(struct sc *s, uint64_t va, uint32_t *len)
{
	*len = 0;
	if (!va)
		return 0;
	return mm_read(s->mm, va, len, 4) ? -EFAULT : 0;
}

static int64_t sys_setsockopt(struct sc *s)
{
	int level = (int)A(1), opt = (int)A(2);
	if (level == SOL_SOCKET && (opt == SO_ATTACH_FILTER || opt == SO_ATTACH_REUSEPORT_CBPF)) {
		struct {
			uint16_t len;
			uint16_t pad[3];
			uint64_t filter;
		} g;
		if (A(4) < sizeof(g) || mm_read(s->mm, A(3), &g, sizeof(g)))
			return -EFAULT;
		struct sock_fprog {
			unsigned short len;
			void *filter;
		} h = {g.len, IN(g.filter, (uint64_t)g.len * 8)};
		return H(SYS_setsockopt, A(0), level, opt, &h, sizeof(h));
	}
	return H(SYS_setsockopt, A(0), level, opt, IN(A(3), A(4)), A(4));
}

/* A temporary signal mask for the call (ppoll, pselect6, epoll_pwait): when it is
 * interrupted, the handler must be chosen and framed as sigsuspend does. */
static int64_t with_mask(struct sc *s, uint64_t mask_va, uint64_t size, const void **hmask)
{
	*hmask = NULL;
	if (!mask_va)
		return 0;
	if (size != 8)
		return -EINVAL;
	uint64_t m;
	if (mm_read(s->mm, mask_va, &m, 8))
		return -EFAULT;
	static __thread uint64_t buf;
	buf = m & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
	*hmask = &buf;
	return 0;
}

static void after_mask(struct sc *s, const void *hmask, int64_t r)
{
	if (hmask && r == -EINTR) {
		s->t->saved_mask = s->t->sigmask;
		s->t->sigmask = *(const uint64_t *)hmask;
		s->t->in_sigsuspend = true;
	}
}

static int64_t sys_epoll_wait(struct sc *s, uint64_t tmo, bool ts, uint64_t mask, uint64_t size)
{
	int max = (int)A(2);
	if (max <= 0 || max > (1 << 16))
		return -EINVAL;
	uint8_t *out = OUT(A(1), (uint64_t)max * 16);
	struct epoll_event *ev = calloc((size_t)max, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	const void *hm;
	int64_t r = with_mask(s, mask, size, &hm);
	if (!r) {
		if (ts) {
			int e = 0;
			void *tp = sc_ptr(s, tmo, 16, G_PROT_R, &e);
			r = e ? e : H(SYS_epoll_pwait2, A(0), ev, max, tp, hm, 8);
		} else {
			r = H(SYS_epoll_pwait, A(0), ev, max, (int)tmo, hm, 8);
		}
		after_mask(s, hm, r);
	}
	for (int64_t i = 0; r > 0 && i < r; i++) {
		uint32_t e = ev[i].events;
		uint64_t d = ev[i].data.u64;
		memcpy(out + i * 16, &e, 4);
		memset(out + i * 16 + 4, 0, 4);
		memcpy(out + i * 16 + 8, &d, 8);
	}
	free(ev);
	return r;
}

int64_t sys_net(struct sc *s, bool *handled)
{
	*handled = true;
	switch (s->nr) {
	case G_NR_socket:
		return H(SYS_socket, A(0), A(1), A(2));
	case G_NR_socketpair:
		return H(SYS_socketpair, A(0), A(1), A(2), OUT(A(3), 8));
	case G_NR_bind:
		return H(SYS_bind, A(0), IN(A(1), A(2)), A(2));
	case G_NR_connect:
		return H(SYS_connect, A(0), IN(A(1), A(2)), A(2));
	case G_NR_listen:
		return H(SYS_listen, A(0), A(1));
	case G_NR_accept:
	case G_NR_accept4:
	case G_NR_getsockname:
	case G_NR_getpeername: {
		uint32_t len;
		int64_t r = get_len(s, A(2), &len);
		if (r)
			return r;
		void *addr = OUT(A(1), len);
		void *lp = INOUT(A(2), 4);
		switch (s->nr) {
		case G_NR_accept:
			return H(SYS_accept4, A(0), addr, lp, 0);
		case G_NR_accept4:
			return H(SYS_accept4, A(0), addr, lp, A(3));
		case G_NR_getsockname:
			return H(SYS_getsockname, A(0), addr, lp);
		default:
			return H(SYS_getpeername, A(0), addr, lp);
		}
	}
	case G_NR_send:
		return H(SYS_sendto, A(0), IN(A(1), A(2)), A(2), A(3), NULL, 0);
	case G_NR_sendto:
		return H(SYS_sendto, A(0), IN(A(1), A(2)), A(2), A(3), IN(A(4), A(5)), A(5));
	case G_NR_recv: {
		uint64_t n = sc_out_len(s, A(1), A(2));
		return H(SYS_recvfrom, A(0), OUT(A(1), n), n, A(3), NULL, NULL);
	}
	case G_NR_recvfrom: {
		uint32_t len;
		int64_t r = get_len(s, A(5), &len);
		if (r)
			return r;
		uint64_t n = sc_out_len(s, A(1), A(2));
		return H(SYS_recvfrom, A(0), OUT(A(1), n), n, A(3), OUT(A(4), len), INOUT(A(5), 4));
	}
	case G_NR_shutdown:
		return H(SYS_shutdown, A(0), A(1));
	case G_NR_setsockopt:
		return sys_setsockopt(s);
	case G_NR_getsockopt: {
		uint32_t len;
		int64_t r = get_len(s, A(4), &len);
		if (r)
			return r;
		return H(SYS_getsockopt, A(0), A(1), A(2), OUT(A(3), len), INOUT(A(4), 4));
	}
	case G_NR_sendmsg:
	case G_NR_recvmsg: {
		bool recv = s->nr == G_NR_recvmsg;
		struct msghdr m;
		int64_t r = get_msghdr(s, A(1), &m, recv);
		if (!r) {
			r = H(recv ? SYS_recvmsg : SYS_sendmsg, A(0), &m, A(2));
			if (recv && r >= 0)
				put_msghdr(s, A(1), &m);
		}
		free(m.msg_iov);
		return r;
	}
	case G_NR_sendmmsg:
		return sys_mmsg(s, false);
	case G_NR_recvmmsg:
		return sys_mmsg(s, true);
	case G_NR_poll:
		return H(SYS_poll, INOUT(A(0), A(1) * 8), A(1), A(2));
	case G_NR_ppoll: {
		const void *hm;
		void *fds = INOUT(A(0), A(1) * 8);
		void *ts = INOUT(A(2), 16);
		int64_t r = with_mask(s, A(3), A(4), &hm);
		if (r)
			return r;
		r = H(SYS_ppoll, fds, A(1), ts, hm, 8);
		after_mask(s, hm, r);
		return r;
	}
	case G_NR_select:
	case G_NR_pselect6: {
		int n = (int)A(0);
		if (n < 0)
			return -EINVAL;
		if (n > 65536)
			n = 65536;
		uint64_t setsz = ((uint64_t)n + 63) / 64 * 8;
		void *in = INOUT(A(1), setsz), *out = INOUT(A(2), setsz), *ex = INOUT(A(3), setsz);
		void *tv = INOUT(A(4), 16);
		if (s->nr == G_NR_select)
			return H(SYS_select, n, in, out, ex, tv);
		const void *hm = NULL;
		int64_t r = 0;
		if (A(5)) {
			uint64_t g[2];
			if (mm_read(s->mm, A(5), g, 16))
				return -EFAULT;
			r = with_mask(s, g[0], g[1], &hm);
			if (r)
				return r;
		}
		struct {
			const void *ss;
			size_t len;
		} sig = {hm, 8};
		r = H(SYS_pselect6, n, in, out, ex, tv, hm ? &sig : NULL);
		after_mask(s, hm, r);
		return r;
	}
	case G_NR_epoll_create:
		if ((int)A(0) <= 0)
			return -EINVAL;
		return H(SYS_epoll_create1, 0);
	case G_NR_epoll_create1:
		return H(SYS_epoll_create1, A(0));
	case G_NR_epoll_ctl: {
		struct epoll_event ev, *p = NULL;
		if (A(3)) {
			uint64_t g[2];
			if (mm_read(s->mm, A(3), g, 16))
				return -EFAULT;
			ev.events = (uint32_t)g[0];
			ev.data.u64 = g[1];
			p = &ev;
		}
		return H(SYS_epoll_ctl, A(0), A(1), A(2), p);
	}
	case G_NR_epoll_wait:
		return sys_epoll_wait(s, A(3), false, 0, 8);
	case G_NR_epoll_pwait:
		return sys_epoll_wait(s, A(3), false, A(4), A(5));
	case G_NR_epoll_pwait2:
		return sys_epoll_wait(s, A(3), true, A(4), A(5));
	}
	*handled = false;
	return 0;
}
