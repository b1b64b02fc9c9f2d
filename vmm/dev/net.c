// SPDX-License-Identifier: GPL-2.0
/*
 * The hp-sim simulated Ethernet card (Linux's simeth driver):
 *   SSC_NETDEV_PROBE(name, mac)    -> handle, or -1 (no network); writes
 *                                     the card's 6-byte MAC at mac.  The
 *                                     guest's name (simeth=) is only shown:
 *                                     the monitor picked the back end.
 *   SSC_NETDEV_SEND(fd, buf, len)  -> len, or -1; the frame goes out now.
 *   SSC_NETDEV_RECV(fd, buf, len)  -> bytes of the oldest received frame
 *                                     copied (cut to len), 0 when none.
 *   SSC_NETDEV_ATTACH(fd, ipaddr)  -> 0; receive interrupts on.
 *   SSC_NETDEV_DETACH(fd)          -> 0; receive interrupts off.
 * Received frames queue here (the oldest are kept when it is full) and,
 * once attached, raise the NETWORK interrupt type; the guest's handler
 * reads until RECV returns 0.
 */
#include <stdlib.h>
#include <string.h>

#include "net.h"

#define NET_HANDLE 1
#define NET_RXQ 256
#define ETH_HDR 14

/* locally administered, unicast: 02:'l':'o':'l':00:01 */
static const uint8_t net_mac[6] = { 0x02, 0x6c, 0x6f, 0x6c, 0x00, 0x01 };

struct net_frame {
	uint8_t *data;
	uint32_t len;
};

struct net {
	struct devices *d;
	const struct net_backend *ops;
	void *be;
	bool attached;
	bool arrived, consumed;
	struct net_frame rxq[NET_RXQ];
	unsigned head, len;
	uint64_t dropped;
};

bool net_rx_room(const struct net *n)
{
	return n->len < NET_RXQ;
}

bool net_rx_frame(struct net *n, const uint8_t *frame, size_t len)
{
	struct net_frame *f;

	if (!net_rx_room(n) || len < ETH_HDR || len > NET_FRAME_MAX) {
		n->dropped++;
		return false;
	}
	f = &n->rxq[(n->head + n->len) % NET_RXQ];
	f->data = malloc(len);
	if (!f->data) {
		n->dropped++;
		return false;
	}
	memcpy(f->data, frame, len);
	f->len = (uint32_t)len;
	n->len++;
	n->arrived = true;
	return true;
}

static void rx_pop(struct net *n)
{
	free(n->rxq[n->head].data);
	n->rxq[n->head].data = NULL;
	n->head = (n->head + 1) % NET_RXQ;
	n->len--;
}

static void rx_clear(struct net *n)
{
	while (n->len)
		rx_pop(n);
	n->head = 0;
}

static int net_init(struct devices *d)
{
	struct net *n;

	if (d->cfg->net == VMM_NET_NONE)
		return 0;
	n = calloc(1, sizeof(*n));
	if (!n) {
		dev_warn("out of memory for the network");
		return -1;
	}
	n->d = d;
	n->ops = d->cfg->net == VMM_NET_TAP ? &net_tap_backend : &net_slirp_backend;
	n->be = n->ops->open(d, n);
	if (!n->be) {
		free(n);
		return -1;
	}
	d->net = n;
	return 0;
}

static int64_t net_probe(struct devices *d, uint64_t name_gpa, uint64_t mac_gpa)
{
	char name[64], shown[128];

	if (!d->net)
		return -1;
	if (!gmem_write(d, mac_gpa, net_mac, sizeof(net_mac)))
		return -1;
	if (gmem_read_str(d, name_gpa, name, sizeof(name))) {
		dev_printable(name, shown, sizeof(shown));
		dev_trace(d, "ssc: simeth probe \"%s\" -> %s back end", shown, d->net->ops->name);
	}
	return NET_HANDLE;
}

static int64_t net_send(struct devices *d, uint64_t buf_gpa, uint64_t len)
{
	const uint8_t *p;

	if (len < ETH_HDR || len > NET_FRAME_MAX)
		return -1;
	p = gmem_ptr(d, buf_gpa, len);
	if (!p)
		return -1;
	d->net->ops->send(d->net->be, p, (size_t)len);
	return (int64_t)len;
}

static int64_t net_recv(struct devices *d, uint64_t buf_gpa, uint64_t len)
{
	struct net *n = d->net;
	struct net_frame *f;
	uint64_t copy;
	uint8_t *p;

	/* never -1: the guest's receive loop runs until it reads 0 */
	if (!n->len || !len)
		return 0;
	f = &n->rxq[n->head];
	copy = f->len < len ? f->len : len;
	p = gmem_ptr(d, buf_gpa, copy);
	if (!p)
		return 0;
	memcpy(p, f->data, copy);
	rx_pop(n);
	n->consumed = true;
	return (int64_t)copy;
}

static enum dev_ssc_result net_ssc(struct devices *d, uint64_t nr, const uint64_t arg[4], uint64_t *r8,
				   int *exit_status)
{
	struct net *n = d->net;
	int64_t r = -1;

	(void)exit_status;
	if (nr == SSC_NETDEV_PROBE) {
		r = net_probe(d, arg[0], arg[1]);
	} else if (nr == SSC_NETDEV_RECV) {
		r = n && arg[0] == NET_HANDLE ? net_recv(d, arg[1], arg[2]) : 0;
	} else if (n && arg[0] == NET_HANDLE) {
		switch (nr) {
		case SSC_NETDEV_SEND:
			r = net_send(d, arg[1], arg[2]);
			break;
		case SSC_NETDEV_ATTACH:
			n->attached = true;
			n->arrived = n->len != 0;
			dev_trace(d, "ssc: simeth attached, guest address 0x%08llx",
				  (unsigned long long)(arg[1] & 0xffffffffu));
			r = 0;
			break;
		case SSC_NETDEV_DETACH:
			n->attached = false;
			r = 0;
			break;
		}
	}
	*r8 = (uint64_t)r;
	return DEV_SSC_DONE;
}

static int net_pollfds(struct devices *d, struct pollfd *fds, int max)
{
	struct net *n = d->net;

	if (!n || !n->ops->pollfds)
		return 0;
	return n->ops->pollfds(n->be, fds, max, net_rx_room(n));
}

static void net_poll(struct devices *d, const struct pollfd *fds, int n)
{
	if (d->net && d->net->ops->poll)
		d->net->ops->poll(d->net->be, fds, n);
}

static int net_timeout_ms(struct devices *d)
{
	if (!d->net || !d->net->ops->timeout_ms)
		return -1;
	return d->net->ops->timeout_ms(d->net->be);
}

static void net_kick(struct devices *d, bool from_poll)
{
	struct net *n = d->net;

	if (!n || !n->attached || !n->len)
		return;
	if (n->arrived || (from_poll && n->consumed)) {
		if (dev_raise(d, SSC_INTR_NETWORK))
			n->arrived = n->consumed = false;
	}
}

static void net_reset(struct devices *d)
{
	if (!d->net)
		return;
	d->net->attached = false;
	d->net->arrived = d->net->consumed = false;
	rx_clear(d->net);
}

static void net_destroy(struct devices *d)
{
	struct net *n = d->net;

	if (!n)
		return;
	n->ops->close(n->be);
	rx_clear(n);
	if (n->dropped)
		dev_trace(d, "simeth: %llu received frames dropped (queue full)",
			  (unsigned long long)n->dropped);
	free(n);
	d->net = NULL;
}

static const uint16_t net_sscs[] = { SSC_NETDEV_PROBE, SSC_NETDEV_SEND, SSC_NETDEV_RECV,
				     SSC_NETDEV_ATTACH, SSC_NETDEV_DETACH };
const struct dev_desc dev_net_desc = {
	.name = "net",
	.ssc = net_sscs,
	.nssc = sizeof(net_sscs) / sizeof(net_sscs[0]),
	.init = net_init,
	.ssc_call = net_ssc,
	.pollfds = net_pollfds,
	.poll = net_poll,
	.timeout_ms = net_timeout_ms,
	.kick = net_kick,
	.reset = net_reset,
	.destroy = net_destroy,
};
