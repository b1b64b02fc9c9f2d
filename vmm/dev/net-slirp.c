// SPDX-License-Identifier: GPL-2.0
/*
 * --net user: the card is plugged into libslirp's user-mode network, laid
 * out as usual: the guest's network 10.0.2.0/24 (fec0::/64), the host (its
 * loopback) at 10.0.2.2, DNS at 10.0.2.3, DHCP handing out 10.0.2.15 up.
 * --hostfwd tcp:HOSTPORT:GUESTPORT (or udp:, or proto:ADDR:HOSTPORT:GUESTPORT)
 * listens on 127.0.0.1 (or ADDR) and forwards to 10.0.2.15:GUESTPORT.
 *
 * slirp's descriptors go into the monitor's poll set; slirp's timers are
 * kept here and run from devices_poll.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net.h"

#ifdef LOL_HAVE_SLIRP

#include <libslirp.h>

#define SLIRP_GUEST_ADDR "10.0.2.15"
#define SLIRP_OVERFLOW_POLL_MS 10 /* descriptors beyond the monitor's poll set */

struct sl_timer {
	struct sl_timer *next;
	int64_t expire_ms; /* -1: not armed */
	SlirpTimerCb cb;   /* old style; NULL: new style (id) */
	SlirpTimerId id;
	void *cb_opaque;
};

struct sl {
	struct devices *d;
	struct net *n;
	Slirp *slirp;
	struct pollfd *pfd; /* slirp's descriptors from the last fill */
	int npfd, cap;
	int nshared;        /* how many went into the monitor's array */
	bool overflow;      /* the monitor's array was too small last time */
	bool filled;
	uint32_t fill_timeout;
	struct sl_timer *timers;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- callbacks from slirp ---- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
	struct sl *s = opaque;

	net_rx_frame(s->n, buf, len);
	return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
	struct sl *s = opaque;

	dev_trace(s->d, "slirp: guest error: %s", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
	(void)opaque;
	return now_ns();
}

static struct sl_timer *timer_add(struct sl *s)
{
	struct sl_timer *t = calloc(1, sizeof(*t));

	if (!t)
		abort(); /* slirp has no way to hear of a failure here */
	t->expire_ms = -1;
	t->next = s->timers;
	s->timers = t;
	return t;
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct sl_timer *t = timer_add(opaque);

	t->cb = cb;
	t->cb_opaque = cb_opaque;
	return t;
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
	struct sl_timer *t = timer_add(opaque);

	t->id = id;
	t->cb_opaque = cb_opaque;
	return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
	struct sl *s = opaque;

	for (struct sl_timer **p = &s->timers; *p; p = &(*p)->next) {
		if (*p == timer) {
			*p = ((struct sl_timer *)timer)->next;
			free(timer);
			return;
		}
	}
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	(void)opaque;
	((struct sl_timer *)timer)->expire_ms = expire_ms;
}

static void cb_poll_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void cb_notify(void *opaque)
{
	(void)opaque;
}

static const SlirpCb sl_callbacks = {
	.send_packet = cb_send_packet,
	.guest_error = cb_guest_error,
	.clock_get_ns = cb_clock_get_ns,
	.timer_new = cb_timer_new,
	.timer_free = cb_timer_free,
	.timer_mod = cb_timer_mod,
	.register_poll_fd = cb_poll_fd,
	.unregister_poll_fd = cb_poll_fd,
	.notify = cb_notify,
	.timer_new_opaque = cb_timer_new_opaque,
};

/* ---- poll plumbing ---- */

static short to_poll(int ev)
{
	return (short)(((ev & SLIRP_POLL_IN) ? POLLIN : 0) | ((ev & SLIRP_POLL_OUT) ? POLLOUT : 0) |
		       ((ev & SLIRP_POLL_PRI) ? POLLPRI : 0) | ((ev & SLIRP_POLL_ERR) ? POLLERR : 0) |
		       ((ev & SLIRP_POLL_HUP) ? POLLHUP : 0));
}

static int from_poll(short rev)
{
	return ((rev & POLLIN) ? SLIRP_POLL_IN : 0) | ((rev & POLLOUT) ? SLIRP_POLL_OUT : 0) |
	       ((rev & POLLPRI) ? SLIRP_POLL_PRI : 0) | ((rev & POLLERR) ? SLIRP_POLL_ERR : 0) |
	       ((rev & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

static int cb_add_poll(int fd, int events, void *opaque)
{
	struct sl *s = opaque;

	if (s->npfd == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct pollfd *p = realloc(s->pfd, (size_t)cap * sizeof(*p));

		if (!p)
			return -1; /* slirp skips a socket without an index */
		s->pfd = p;
		s->cap = cap;
	}
	s->pfd[s->npfd] = (struct pollfd){ .fd = fd, .events = to_poll(events) };
	return s->npfd++;
}

static int cb_get_revents(int idx, void *opaque)
{
	struct sl *s = opaque;

	if (idx < 0 || idx >= s->npfd)
		return 0;
	return from_poll(s->pfd[idx].revents);
}

static void fill(struct sl *s)
{
	s->npfd = 0;
	s->fill_timeout = UINT32_MAX;
	slirp_pollfds_fill(s->slirp, &s->fill_timeout, cb_add_poll, s);
	s->filled = true;
	s->nshared = 0;
}

static int sl_pollfds(void *be, struct pollfd *fds, int max, bool can_receive)
{
	struct sl *s = be;

	/* with the receive queue full, new frames are dropped and TCP
	 * resends them: slirp is still served */
	(void)can_receive;
	fill(s);
	s->nshared = s->npfd < max ? s->npfd : max;
	s->overflow = s->npfd > s->nshared;
	if (s->nshared)
		memcpy(fds, s->pfd, (size_t)s->nshared * sizeof(*fds));
	return s->nshared;
}

static void run_timers(struct sl *s)
{
	int64_t now = now_ns() / 1000000;
	bool again = true;

	/* a callback may re-arm, add or free timers: rescan after each */
	while (again) {
		again = false;
		for (struct sl_timer *t = s->timers; t; t = t->next) {
			if (t->expire_ms < 0 || t->expire_ms > now)
				continue;
			t->expire_ms = -1;
			if (t->cb)
				t->cb(t->cb_opaque);
			else
				slirp_handle_timer(s->slirp, t->id, t->cb_opaque);
			again = true;
			break;
		}
	}
}

static void sl_poll(void *be, const struct pollfd *fds, int n)
{
	struct sl *s = be;
	int shared;

	if (!s->filled)
		fill(s);
	shared = fds && n >= s->nshared ? s->nshared : 0;
	for (int i = 0; i < shared; i++)
		s->pfd[i].revents = fds[i].revents;
	for (int i = shared; i < s->npfd; i++)
		s->pfd[i].revents = 0;
	if (s->npfd > shared)
		poll(s->pfd + shared, (nfds_t)(s->npfd - shared), 0);
	slirp_pollfds_poll(s->slirp, 0, cb_get_revents, s);
	s->filled = false;
	run_timers(s);
}

static int sl_timeout_ms(void *be)
{
	struct sl *s = be;
	int64_t best = s->fill_timeout == UINT32_MAX ? -1 : (int64_t)s->fill_timeout;
	int64_t now = now_ns() / 1000000;

	for (struct sl_timer *t = s->timers; t; t = t->next) {
		int64_t left;

		if (t->expire_ms < 0)
			continue;
		left = t->expire_ms > now ? t->expire_ms - now : 0;
		if (best < 0 || left < best)
			best = left;
	}
	if (s->overflow && (best < 0 || best > SLIRP_OVERFLOW_POLL_MS))
		best = SLIRP_OVERFLOW_POLL_MS;
	return best > INT_MAX ? INT_MAX : (int)best;
}

/* ---- set-up ---- */

static bool parse_port(const char *s, int *port)
{
	long v = 0;
	size_t len = strlen(s);

	if (!len || len > 5)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return false;
	*port = (int)v;
	return true;
}

/* proto:[addr:]hostport:guestport */
static int add_hostfwd(struct sl *s, const char *rule)
{
	char buf[128], addr[INET_ADDRSTRLEN], *f[5], *p;
	int nf = 0, host_port, guest_port, udp;
	struct in_addr host = { .s_addr = htonl(INADDR_LOOPBACK) }, guest;

	if (strlen(rule) >= sizeof(buf))
		goto bad;
	strcpy(buf, rule);
	for (p = buf; nf < 5; nf++) {
		f[nf] = p;
		p = strchr(p, ':');
		if (!p) {
			nf++;
			break;
		}
		*p++ = 0;
	}
	if (p || nf < 3 || nf > 4)
		goto bad;
	if (!strcmp(f[0], "tcp"))
		udp = 0;
	else if (!strcmp(f[0], "udp"))
		udp = 1;
	else
		goto bad;
	if (nf == 4) {
		if (!*f[1])
			host.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, f[1], &host) != 1)
			goto bad;
	}
	if (!parse_port(f[nf - 2], &host_port) || !parse_port(f[nf - 1], &guest_port))
		goto bad;
	inet_pton(AF_INET, SLIRP_GUEST_ADDR, &guest);
	errno = 0;
	if (slirp_add_hostfwd(s->slirp, udp, host, host_port, guest, guest_port) < 0) {
		inet_ntop(AF_INET, &host, addr, sizeof(addr));
		dev_warn("--hostfwd %s: cannot listen on %s:%d%s%s", rule, addr, host_port,
			 errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	return 0;
bad:
	dev_warn("--hostfwd %s: want tcp:HOSTPORT:GUESTPORT (or udp:, or tcp:ADDR:HOSTPORT:GUESTPORT)",
		 rule);
	return -1;
}

static void sl_close(void *be)
{
	struct sl *s = be;

	if (s->slirp)
		slirp_cleanup(s->slirp);
	while (s->timers) {
		struct sl_timer *t = s->timers;

		s->timers = t->next;
		free(t);
	}
	free(s->pfd);
	free(s);
}

static void *sl_open(struct devices *d, struct net *n)
{
	struct sl *s = calloc(1, sizeof(*s));
	SlirpConfig cfg;

	if (!s) {
		dev_warn("out of memory for the user-mode network");
		return NULL;
	}
	s->d = d;
	s->n = n;
	memset(&cfg, 0, sizeof(cfg));
	cfg.version = SLIRP_CONFIG_VERSION_MAX;
	cfg.in_enabled = true;
	inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
	inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
	inet_pton(AF_INET, "10.0.2.2", &cfg.vhost);
	inet_pton(AF_INET, SLIRP_GUEST_ADDR, &cfg.vdhcp_start);
	inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
	cfg.in6_enabled = true;
	inet_pton(AF_INET6, "fec0::", &cfg.vprefix_addr6);
	cfg.vprefix_len = 64;
	inet_pton(AF_INET6, "fec0::2", &cfg.vhost6);
	inet_pton(AF_INET6, "fec0::3", &cfg.vnameserver6);
	cfg.vhostname = "lol";
	s->fill_timeout = UINT32_MAX;
	s->slirp = slirp_new(&cfg, &sl_callbacks, s);
	if (!s->slirp) {
		dev_warn("--net user: libslirp %s did not start", slirp_version_string());
		sl_close(s);
		return NULL;
	}
	for (unsigned i = 0; i < d->cfg->nhostfwd && i < VMM_MAX_FWD; i++) {
		if (add_hostfwd(s, d->cfg->hostfwd[i]) < 0) {
			sl_close(s);
			return NULL;
		}
	}
	return s;
}

static void sl_send(void *be, const uint8_t *frame, size_t len)
{
	struct sl *s = be;

	slirp_input(s->slirp, frame, (int)len);
}

const struct net_backend net_slirp_backend = {
	.name = "user (slirp)",
	.open = sl_open,
	.send = sl_send,
	.pollfds = sl_pollfds,
	.poll = sl_poll,
	.timeout_ms = sl_timeout_ms,
	.close = sl_close,
};

#else /* !LOL_HAVE_SLIRP */

static void *sl_open(struct devices *d, struct net *n)
{
	(void)d;
	(void)n;
	dev_warn("--net user: this lol-vmm was built without libslirp (install libslirp-dev)");
	return NULL;
}

const struct net_backend net_slirp_backend = {
	.name = "user (unavailable)",
	.open = sl_open,
};

#endif
