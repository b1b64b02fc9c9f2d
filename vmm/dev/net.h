/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated Ethernet card's host back ends (tap, slirp) as net.c sees
 * them.  A back end hands received frames to net_rx_frame() from its poll
 * hook (or from send, when it answers at once, as slirp does for ARP).
 */
#ifndef LOL_DEV_NET_H
#define LOL_DEV_NET_H

#include "dev-priv.h"

#define NET_FRAME_MAX 65536 /* longest frame taken either way */

struct net;

struct net_backend {
	const char *name;
	/* the back end's state, or NULL after a one-line error */
	void *(*open)(struct devices *d, struct net *n);
	void (*send)(void *be, const uint8_t *frame, size_t len);
	/* can_receive: the receive queue has room */
	int (*pollfds)(void *be, struct pollfd *fds, int max, bool can_receive);
	/* fds/n: what pollfds gave, with revents; NULL/0: look without waiting */
	void (*poll)(void *be, const struct pollfd *fds, int n);
	int (*timeout_ms)(void *be);
	void (*close)(void *be);
};

extern const struct net_backend net_tap_backend, net_slirp_backend;

/* Queue a frame for the guest; false (frame dropped) when the queue is full. */
bool net_rx_frame(struct net *n, const uint8_t *frame, size_t len);
bool net_rx_room(const struct net *n);

#endif
