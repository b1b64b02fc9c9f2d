// SPDX-License-Identifier: GPL-2.0
/*
 * --net tap:IF: the card is a host tap interface (/dev/net/tun, IFF_TAP,
 * no packet-information header), as Ski's TUN/TAP build did.  The interface
 * must exist or the monitor must be allowed to create it (CAP_NET_ADMIN, or
 * a persistent tap owned by the user: ip tuntap add IF mode tap user USER).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "net.h"

#define TAP_READS_PER_POLL 64

struct tap {
	struct devices *d;
	struct net *n;
	int fd;
	uint8_t buf[NET_FRAME_MAX];
};

static void *tap_open(struct devices *d, struct net *n)
{
	const char *name = d->cfg->simeth_if;
	struct ifreq ifr;
	struct tap *t;

	if (!name || !*name) {
		dev_warn("--net tap: no interface name (tap:IF)");
		return NULL;
	}
	if (strlen(name) >= IFNAMSIZ) {
		dev_warn("--net tap:%s: interface names are at most %d characters", name, IFNAMSIZ - 1);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		dev_warn("out of memory for the tap back end");
		return NULL;
	}
	t->d = d;
	t->n = n;
	t->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (t->fd < 0) {
		dev_warn("--net tap:%s: cannot open /dev/net/tun: %s", name, strerror(errno));
		free(t);
		return NULL;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	strcpy(ifr.ifr_name, name);
	if (ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
		dev_warn("--net tap:%s: cannot attach to the tap interface: %s", name, strerror(errno));
		close(t->fd);
		free(t);
		return NULL;
	}
	return t;
}

static void tap_send(void *be, const uint8_t *frame, size_t len)
{
	struct tap *t = be;

	/* a full host queue drops the frame, as a busy wire would */
	if (write(t->fd, frame, len) < 0 && errno != EAGAIN)
		dev_trace(t->d, "simeth: tap write: %s", strerror(errno));
}

static int tap_pollfds(void *be, struct pollfd *fds, int max, bool can_receive)
{
	struct tap *t = be;

	if (max < 1 || !can_receive)
		return 0;
	fds[0] = (struct pollfd){ .fd = t->fd, .events = POLLIN };
	return 1;
}

static void tap_poll(void *be, const struct pollfd *fds, int n)
{
	struct tap *t = be;

	/* without a poll result the fd is non-blocking: just try */
	if (n >= 1 && !(fds[0].revents & (POLLIN | POLLERR)))
		return;
	for (int i = 0; i < TAP_READS_PER_POLL && net_rx_room(t->n); i++) {
		ssize_t r = read(t->fd, t->buf, sizeof(t->buf));

		if (r <= 0)
			break;
		net_rx_frame(t->n, t->buf, (size_t)r);
	}
}

static void tap_close(void *be)
{
	struct tap *t = be;

	close(t->fd);
	free(t);
}

const struct net_backend net_tap_backend = {
	.name = "tap",
	.open = tap_open,
	.send = tap_send,
	.pollfds = tap_pollfds,
	.poll = tap_poll,
	.close = tap_close,
};
