// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated Ethernet card on libslirp, driven as Linux's simeth driver
 * drives it: ARP for the host (10.0.2.2), a DHCP DISCOVER answered with an
 * offer of 10.0.2.15, a host port forwarded to the guest; receive
 * interrupts on and off; bad arguments and bad --hostfwd rules.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fakehost.h"
#include "tap.h"

#define NET_VECTOR 0x50
#define G_NAME 0x1000ull
#define G_MAC 0x1100ull
#define G_TX 0x2000ull
#define G_RX 0x4000ull
#define FRAME_BUF 1514 /* simeth's receive buffer (ETH_FRAME_LEN) */

static uint8_t mac[6];

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void put_ip(uint8_t *p, const char *s)
{
	inet_pton(AF_INET, s, p);
}

static bool is_ip(const uint8_t *p, const char *s)
{
	uint8_t want[4];

	inet_pton(AF_INET, s, want);
	return !memcmp(p, want, 4);
}

static size_t arp_request(uint8_t *f, const char *target)
{
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, 0x0806);
	put16(f + 14, 1);      /* Ethernet */
	put16(f + 16, 0x0800); /* IPv4 */
	f[18] = 6;
	f[19] = 4;
	put16(f + 20, 1);      /* request */
	memcpy(f + 22, mac, 6);
	put_ip(f + 28, "10.0.2.15");
	memset(f + 32, 0, 6);
	put_ip(f + 38, target);
	return 42;
}

static unsigned ip_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

#define BOOTP_LEN 548 /* 236 fixed + 312 options, the classic minimum */

static size_t dhcp_discover(uint8_t *f, uint32_t xid)
{
	uint8_t *ip = f + 14, *udp = ip + 20, *bp = udp + 8, *opt = bp + 236;

	memset(f, 0, 14 + 20 + 8 + BOOTP_LEN);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, 20 + 8 + BOOTP_LEN);
	ip[8] = 64;
	ip[9] = 17;
	put_ip(ip + 12, "0.0.0.0");
	put_ip(ip + 16, "255.255.255.255");
	put16(ip + 10, ip_checksum(ip, 20));
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, 8 + BOOTP_LEN);
	bp[0] = 1; /* BOOTREQUEST */
	bp[1] = 1;
	bp[2] = 6;
	memcpy(bp + 4, &xid, 4);
	memcpy(bp + 28, mac, 6);
	memcpy(opt, "\x63\x82\x53\x63", 4);
	memcpy(opt + 4, "\x35\x01\x01" "\x37\x03\x01\x03\x06" "\xff", 9);
	return 14 + 20 + 8 + BOOTP_LEN;
}

static int64_t send_frame(struct devices *d, struct fakehost *h, int64_t fd, const uint8_t *f, size_t len)
{
	memcpy(fh_mem(h, G_TX), f, len);
	return (int64_t)fh_ssc(d, SSC_NETDEV_SEND, (uint64_t)fd, G_TX, len, 0, NULL);
}

/* Poll and receive (as the guest's interrupt handler does) until match()
 * accepts a frame or the rounds run out; the frame is left at G_RX. */
static bool wait_frame(struct devices *d, struct fakehost *h, int64_t fd, int rounds,
		       bool (*match)(const uint8_t *f, size_t len, const void *arg), const void *arg,
		       size_t *len_out)
{
	for (int i = 0; i < rounds; i++) {
		int64_t n;

		while ((n = (int64_t)fh_ssc(d, SSC_NETDEV_RECV, (uint64_t)fd, G_RX, FRAME_BUF, 0, NULL)) > 0) {
			if (match(fh_mem(h, G_RX), (size_t)n, arg)) {
				if (len_out)
					*len_out = (size_t)n;
				return true;
			}
		}
		FH_POLL_UNTIL(d, 1, 20, 0);
	}
	return false;
}

static bool is_arp_reply(const uint8_t *f, size_t len, const void *arg)
{
	return len >= 42 && get16(f + 12) == 0x0806 && get16(f + 20) == 2 && is_ip(f + 28, arg);
}

static bool is_dhcp_reply(const uint8_t *f, size_t len, const void *arg)
{
	const uint8_t *ip = f + 14, *udp = ip + 20, *bp = udp + 8;

	return len >= 14 + 20 + 8 + 240 && get16(f + 12) == 0x0800 && ip[9] == 17 && get16(udp) == 67 &&
	       get16(udp + 2) == 68 && bp[0] == 2 && !memcmp(bp + 4, arg, 4);
}

static bool is_syn_to(const uint8_t *f, size_t len, const void *arg)
{
	const uint8_t *ip = f + 14, *tcp = ip + (ip[0] & 15) * 4;

	return len >= 14 + 20 + 20 && get16(f + 12) == 0x0800 && ip[9] == 6 && is_ip(ip + 16, "10.0.2.15") &&
	       get16(tcp + 2) == *(const unsigned *)arg && (tcp[13] & 0x02);
}

/* DHCP option code's data in the reply's options, NULL if absent */
static const uint8_t *dhcp_opt(const uint8_t *f, size_t len, unsigned code)
{
	const uint8_t *p = f + 14 + 20 + 8 + 240, *end = f + len;

	while (p < end && *p != 255) {
		if (*p == 0) {
			p++;
			continue;
		}
		if (p + 2 > end || p + 2 + p[1] > end)
			return NULL;
		if (*p == code)
			return p + 1;
		p += 2 + p[1];
	}
	return NULL;
}

static int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	bind(s, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(s, (struct sockaddr *)&sa, &sl);
	port = ntohs(sa.sin_port);
	close(s);
	return port;
}

static void test_slirp(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct devices *d;
	uint8_t f[FRAME_BUF];
	char rule[64], rule2[64];
	int64_t fd;
	size_t len = 0;
	unsigned port = 22;
	uint32_t xid = 0x4c4f4c21;
	int host_port = free_port();
	bool ok;

	fh_init(&h, &dh);
	cfg.net = VMM_NET_USER;
	snprintf(rule, sizeof(rule), "tcp:%d:22", host_port);
	snprintf(rule2, sizeof(rule2), "udp:127.0.0.1:%d:53", free_port());
	cfg.hostfwd[0] = rule;
	cfg.hostfwd[1] = rule2;
	cfg.nhostfwd = 2;
	d = devices_create(&cfg, &dh);
	tap_ok(d != NULL, "user network (libslirp) with %s and %s created", rule, rule2);
	if (!d) {
		fh_free(&h);
		return;
	}
	strcpy(fh_mem(&h, G_NAME), "eth0");
	fd = (int64_t)fh_ssc(d, SSC_NETDEV_PROBE, G_NAME, G_MAC, 0, 0, NULL);
	memcpy(mac, fh_mem(&h, G_MAC), 6);
	tap_ok(fd >= 0 && (mac[0] & 3) == 2, "PROBE gives a handle and a local unicast MAC "
	       "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	tap_ok((int64_t)fh_ssc(d, SSC_NETDEV_PROBE, G_NAME, FH_BANK + 2, 0, 0, NULL) == -1,
	       "PROBE with the MAC buffer in the hole fails");
	fh_ssc(d, SSC_CONNECT_INTERRUPT, SSC_INTR_NETWORK, NET_VECTOR, 0, 0, NULL);
	tap_ok(fh_ssc(d, SSC_NETDEV_ATTACH, (uint64_t)fd, 0x0f02000a, 0, 0, NULL) == 0, "ATTACH");
	h.nirqs = 0;

	len = arp_request(f, "10.0.2.2");
	tap_ok(send_frame(d, &h, fd, f, len) == (int64_t)len, "SEND of an ARP request returns its length");
	ok = wait_frame(d, &h, fd, 50, is_arp_reply, "10.0.2.2", &len);
	{
		const uint8_t *r = fh_mem(&h, G_RX);

		tap_ok(ok && !memcmp(r, mac, 6) && !memcmp(r + 32, mac, 6) && is_ip(r + 38, "10.0.2.15"),
		       "RECV: ARP reply: 10.0.2.2 is at %02x:%02x:%02x:%02x:%02x:%02x", r[22], r[23], r[24],
		       r[25], r[26], r[27]);
	}
	tap_ok(fh_raised(&h, NET_VECTOR), "the reply raised the NETWORK vector");

	len = dhcp_discover(f, xid);
	tap_ok(send_frame(d, &h, fd, f, len) == (int64_t)len, "SEND of a DHCP DISCOVER (%zu bytes)", len);
	ok = wait_frame(d, &h, fd, 50, is_dhcp_reply, &xid, &len);
	{
		const uint8_t *r = fh_mem(&h, G_RX), *bp = r + 14 + 20 + 8;
		const uint8_t *type = ok ? dhcp_opt(r, len, 53) : NULL;
		const uint8_t *router = ok ? dhcp_opt(r, len, 3) : NULL;
		const uint8_t *dns = ok ? dhcp_opt(r, len, 6) : NULL;

		tap_ok(ok && is_ip(bp + 16, "10.0.2.15"), "RECV: DHCP reply offers 10.0.2.15");
		tap_ok(type && type[0] == 1 && type[1] == 2, "... as a DHCPOFFER");
		tap_ok(router && router[0] >= 4 && is_ip(router + 1, "10.0.2.2"), "... router 10.0.2.2");
		tap_ok(dns && dns[0] >= 4 && is_ip(dns + 1, "10.0.2.3"), "... DNS 10.0.2.3");
	}

	/* a host connection to the forwarded port reaches the guest as a SYN */
	{
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)host_port),
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int s = socket(AF_INET, SOCK_STREAM, 0);
		int c = connect(s, (struct sockaddr *)&sa, sizeof(sa));

		tap_ok(c == 0, "--hostfwd: 127.0.0.1:%d accepts a connection", host_port);
		ok = wait_frame(d, &h, fd, 100, is_syn_to, &port, NULL);
		tap_ok(ok, "--hostfwd: the guest is sent a SYN to 10.0.2.15:22");
		{
			struct pollfd fds[64];
			int all = devices_pollfds(d, fds, 64), one, t;

			devices_poll(d, fds, all);
			one = devices_pollfds(d, fds, 1);
			t = devices_timeout_ms(d);
			devices_poll(d, fds, one);
			tap_ok(all >= 2 && one == 1 && t >= 0 && t <= 10,
			       "a poll set too small for slirp's %d fds caps the timeout (%d ms)", all, t);
		}
		close(s);
	}

	/* receive interrupts off and on */
	FH_POLL_UNTIL(d, 5, 10, 0);
	while (fh_ssc(d, SSC_NETDEV_RECV, (uint64_t)fd, G_RX, FRAME_BUF, 0, NULL) > 0)
		;
	tap_ok(fh_ssc(d, SSC_NETDEV_DETACH, (uint64_t)fd, 0, 0, 0, NULL) == 0, "DETACH");
	h.nirqs = 0;
	len = arp_request(f, "10.0.2.3");
	send_frame(d, &h, fd, f, len);
	FH_POLL_UNTIL(d, 5, 10, 0);
	tap_ok(h.nirqs == 0, "detached: a reply raises nothing");
	fh_ssc(d, SSC_NETDEV_ATTACH, (uint64_t)fd, 0, 0, 0, NULL);
	devices_poll(d, NULL, 0);
	tap_ok(h.nirqs >= 1 && fh_raised(&h, NET_VECTOR), "re-attached: the waiting reply raises the vector");

	/* RECV edge cases */
	tap_ok(fh_ssc(d, SSC_NETDEV_RECV, (uint64_t)fd, FH_BANK + 100, FRAME_BUF, 0, NULL) == 0,
	       "RECV into the hole gives 0");
	tap_ok(fh_ssc(d, SSC_NETDEV_RECV, (uint64_t)fd, G_RX, 20, 0, NULL) == 20,
	       "RECV into a 20-byte buffer cuts the frame (which was kept by the failed RECV)");
	tap_ok(fh_ssc(d, SSC_NETDEV_RECV, 77, G_RX, FRAME_BUF, 0, NULL) == 0, "RECV on a bad handle gives 0");

	/* SEND edge cases */
	tap_ok((int64_t)fh_ssc(d, SSC_NETDEV_SEND, 77, G_TX, 60, 0, NULL) == -1, "SEND on a bad handle fails");
	tap_ok((int64_t)fh_ssc(d, SSC_NETDEV_SEND, (uint64_t)fd, G_TX, 10, 0, NULL) == -1,
	       "SEND of 10 bytes (no Ethernet header) fails");
	tap_ok((int64_t)fh_ssc(d, SSC_NETDEV_SEND, (uint64_t)fd, FH_BANK - 30, 60, 0, NULL) == -1,
	       "SEND from past RAM's end fails");
	tap_ok((int64_t)fh_ssc(d, SSC_NETDEV_SEND, (uint64_t)fd, G_TX, 1ull << 40, 0, NULL) == -1,
	       "SEND of 2^40 bytes fails");
	tap_ok((int64_t)fh_ssc(d, SSC_NETDEV_ATTACH, 77, 0, 0, 0, NULL) == -1, "ATTACH on a bad handle fails");
	{
		int t = devices_timeout_ms(d);

		tap_ok(t >= -1 && t <= 1000, "devices_timeout_ms with slirp: %d", t);
	}
	devices_reset(d);
	tap_ok(fh_ssc(d, SSC_NETDEV_RECV, (uint64_t)fd, G_RX, FRAME_BUF, 0, NULL) == 0,
	       "devices_reset empties the receive queue");
	devices_destroy(d);
	fh_free(&h);
}

static void expect_bad(struct vmm_config *cfg, struct dev_host *dh, const char *what, const char *msg)
{
	struct fh_capture cap;
	struct devices *d;

	fh_capture_begin(&cap);
	d = devices_create(cfg, dh);
	fh_capture_end(&cap);
	tap_ok(!d && strstr(cap.text, msg) && fh_count(cap.text, "\n") == 1, "%s: one error (%.*s)", what,
	       (int)strcspn(cap.text, "\n"), cap.text);
	if (d)
		devices_destroy(d);
}

static void test_bad_config(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	static const char *const bad[] = { "tcp:abc:22", "tcp:1:2:3:4", "sctp:2222:22", "tcp:0:22",
					   "tcp:70000:22", "tcp::22", "tcp:2222:", "tcp:300.1.1.1:2222:22",
					   "tcp:2222", "" };
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	char rule[64];
	int s;

	fh_init(&h, &dh);
	cfg.net = VMM_NET_USER;
	cfg.nhostfwd = 1;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];

		cfg.hostfwd[0] = bad[i];
		snprintf(what, sizeof(what), "--hostfwd \"%s\"", bad[i]);
		expect_bad(&cfg, &dh, what, "want tcp:HOSTPORT:GUESTPORT");
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	bind(s, (struct sockaddr *)&sa, sizeof(sa));
	listen(s, 1);
	getsockname(s, (struct sockaddr *)&sa, &sl);
	snprintf(rule, sizeof(rule), "tcp:%d:22", ntohs(sa.sin_port));
	cfg.hostfwd[0] = rule;
	expect_bad(&cfg, &dh, "--hostfwd to a port in use", "cannot listen on 127.0.0.1");
	close(s);

	cfg.nhostfwd = 0;
	cfg.net = VMM_NET_TAP;
	cfg.simeth_if = "a-name-far-too-long-for-linux";
	expect_bad(&cfg, &dh, "--net tap with a 29-character name", "at most 15 characters");
	cfg.simeth_if = NULL;
	expect_bad(&cfg, &dh, "--net tap without a name", "no interface name");

	cfg.net = VMM_NET_NONE;
	{
		struct devices *d = devices_create(&cfg, &dh);

		strcpy(fh_mem(&h, G_NAME), "eth0");
		tap_ok(d && (int64_t)fh_ssc(d, SSC_NETDEV_PROBE, G_NAME, G_MAC, 0, 0, NULL) == -1 &&
		       (int64_t)fh_ssc(d, SSC_NETDEV_SEND, 1, G_TX, 60, 0, NULL) == -1 &&
		       fh_ssc(d, SSC_NETDEV_RECV, 1, G_RX, 60, 0, NULL) == 0,
		       "--net none: PROBE finds no card; SEND -1, RECV 0");
		devices_destroy(d);
	}
	fh_free(&h);
}

static bool is_local_ethertype(const uint8_t *f, size_t len, const void *arg)
{
	return len >= 14 + 9 && get16(f + 12) == 0x88b5 && !memcmp(f + 14, arg, 9);
}

/* --net tap: a transient tap interface (needs CAP_NET_ADMIN and
 * /dev/net/tun; skipped without), frames both ways through a packet
 * socket on the host side. */
static void test_tap(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct fh_capture cap;
	struct devices *d;
	struct ifreq ifr;
	struct sockaddr_ll ll;
	char name[IFNAMSIZ];
	uint8_t f[128];
	int64_t fd;
	int ps, is;
	bool got = false;

	snprintf(name, sizeof(name), "loltest%u", (unsigned)getpid() % 100000);
	fh_init(&h, &dh);
	cfg.net = VMM_NET_TAP;
	cfg.simeth_if = name;
	fh_capture_begin(&cap);
	d = devices_create(&cfg, &dh);
	fh_capture_end(&cap);
	if (!d) {
		tap_skip("tap: cannot create a tap interface here");
		tap_skip("tap: cannot create a tap interface here");
		tap_skip("tap: cannot create a tap interface here");
		fh_free(&h);
		return;
	}
	/* up, and a packet socket on it */
	is = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, name);
	ioctl(is, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ioctl(is, SIOCSIFFLAGS, &ifr);
	ps = socket(AF_PACKET, SOCK_RAW, htons(0x88b5));
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_protocol = htons(0x88b5);
	ll.sll_ifindex = (int)if_nametoindex(name);
	bind(ps, (struct sockaddr *)&ll, sizeof(ll));

	strcpy(fh_mem(&h, G_NAME), "eth0");
	fd = (int64_t)fh_ssc(d, SSC_NETDEV_PROBE, G_NAME, G_MAC, 0, 0, NULL);
	memcpy(mac, fh_mem(&h, G_MAC), 6);
	fh_ssc(d, SSC_CONNECT_INTERRUPT, SSC_INTR_NETWORK, NET_VECTOR, 0, 0, NULL);
	fh_ssc(d, SSC_NETDEV_ATTACH, (uint64_t)fd, 0, 0, 0, NULL);

	/* guest to host */
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, 0x88b5);
	memcpy(f + 14, "from lol", 9);
	memset(f + 23, 0, 60 - 23);
	tap_ok(send_frame(d, &h, fd, f, 60) == 60, "tap: SEND into %s", name);
	for (int i = 0; i < 20 && !got; i++) {
		struct pollfd p = { .fd = ps, .events = POLLIN };
		uint8_t buf[256];
		ssize_t n;

		if (poll(&p, 1, 50) <= 0)
			continue;
		n = recv(ps, buf, sizeof(buf), 0);
		got = n >= 23 && !memcmp(buf + 6, mac, 6) && !memcmp(buf + 14, "from lol", 9);
	}
	tap_ok(got, "tap: the host sees the guest's frame on %s", name);

	/* host to guest */
	memcpy(f, mac, 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x02", 6);
	memcpy(f + 14, "from host", 9);
	memset(&ll, 0, sizeof(ll));
	ll.sll_family = AF_PACKET;
	ll.sll_ifindex = (int)if_nametoindex(name);
	ll.sll_halen = 6;
	memcpy(ll.sll_addr, mac, 6);
	h.nirqs = 0;
	sendto(ps, f, 60, 0, (struct sockaddr *)&ll, sizeof(ll));
	got = wait_frame(d, &h, fd, 50, is_local_ethertype, "from host", NULL);
	tap_ok(got && fh_raised(&h, NET_VECTOR), "tap: a host frame reaches RECV and raises the vector");
	close(ps);
	close(is);
	devices_destroy(d);
	fh_free(&h);
}

int main(void)
{
	test_slirp();
	test_tap();
	test_bad_config();
	return tap_done();
}
