/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the devices: the descriptor each device file registers (kvmtool
 * style), the shared state and the guest-memory helpers.
 */
#ifndef LOL_DEV_PRIV_H
#define LOL_DEV_PRIV_H

#include <stddef.h>

#include "dev.h"
#include "lol-abi.h"

#define SSC_NR_MAX 256      /* dispatch table size: SSC numbers 0..255 */
#define DEV_IRQ_TYPES 16    /* SSC_CONNECT_INTERRUPT types 0..15 */
#define DEV_PATH_MAX 4096   /* longest guest string read (path, name) */

struct devices;

/* One device.  Every hook but ssc may be NULL. */
struct dev_desc {
	const char *name;
	const uint16_t *ssc;  /* the SSC numbers it serves */
	unsigned nssc;
	int (*init)(struct devices *d); /* 0, or -1 after a one-line error */
	enum dev_ssc_result (*ssc_call)(struct devices *d, uint64_t nr, const uint64_t arg[4],
					 uint64_t *r8, int *exit_status);
	int (*pollfds)(struct devices *d, struct pollfd *fds, int max);
	void (*poll)(struct devices *d, const struct pollfd *fds, int n);
	int (*timeout_ms)(struct devices *d);
	/* raise the device's interrupt if something new waits; from_poll
	 * says whether it also re-raises for input the guest left unread */
	void (*kick)(struct devices *d, bool from_poll);
	void (*reset)(struct devices *d);
	void (*destroy)(struct devices *d);
};

extern const struct dev_desc dev_irq_desc, dev_console_desc, dev_disk_desc, dev_net_desc,
	dev_misc_desc;

#define DEV_COUNT 5

struct console;
struct disks;
struct net;

struct devices {
	const struct vmm_config *cfg;
	struct dev_host host;
	unsigned vector[DEV_IRQ_TYPES]; /* type -> bound vector, 0 = none */
	uint8_t owner[SSC_NR_MAX];      /* SSC number -> 1 + index in the table, 0 = none */
	struct { int start, count; } slice[DEV_COUNT]; /* last devices_pollfds */
	bool slices_valid;
	bool quit;
	int quit_status;
	bool initrd_warned;

	struct console *console;
	struct disks *disks;
	struct net *net;
};

/* Interrupts (devices.c) */
/* false if the guest bound no vector to the type (nothing raised) */
bool dev_raise(struct devices *d, unsigned type);
bool dev_irq_bound(const struct devices *d, unsigned type);
void dev_request_quit(struct devices *d, int status);

/* Messages: dev_warn always reaches stderr (one line, "lol-vmm: " added);
 * dev_trace goes to the monitor's log. */
void dev_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define dev_trace(d, ...) ((d)->host.log ? (d)->host.log((d)->host.ctx, __VA_ARGS__) : (void)0)

/* Guest memory (guestmem.c).  Every access is checked with gpa_ptr; a range
 * that wraps or is not all RAM fails as a whole. */
void *gmem_ptr(struct devices *d, uint64_t gpa, uint64_t len);
bool gmem_read(struct devices *d, uint64_t gpa, void *buf, size_t len);
bool gmem_write(struct devices *d, uint64_t gpa, const void *buf, size_t len);
/* NUL-terminated string of at most max-1 bytes; false if unreadable or
 * longer. */
bool gmem_read_str(struct devices *d, uint64_t gpa, char *buf, size_t max);
/* For messages: the string with anything unprintable as \xNN. */
void dev_printable(const char *s, char *out, size_t outsz);

/* Console hooks the table needs */
void console_flush(struct devices *d);
int console_quit_signal(void); /* a first SIGINT/SIGTERM/SIGHUP seen: its number, else 0 */

#endif
