/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lol-vmm's devices: the hp-sim "simulator system calls" (SSC, include/
 * lol-abi.h section 6) a guest kernel uses for its console, disks, network,
 * clock and exit, and the host side of each (terminal, files, tap/slirp).
 *
 * The monitor is single-threaded.  It hands every SSC break to
 * devices_ssc(); between time slices it calls devices_pollfds(), poll()s
 * those descriptors (zero timeout while the guest runs, up to
 * devices_timeout_ms() while it idles) and then devices_poll().  Devices
 * raise guest interrupts only from devices_ssc() and devices_poll(),
 * through host->raise_irq, with the vector the guest bound with
 * SSC_CONNECT_INTERRUPT(type, vector).
 */
#ifndef LOL_DEV_H
#define LOL_DEV_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"

struct dev_host {                 /* what devices need from the monitor */
	void *ctx;
	void *(*gpa_ptr)(void *ctx, uint64_t gpa, uint64_t len); /* host ptr to guest-physical range, NULL if not RAM */
	void (*raise_irq)(void *ctx, unsigned vector);            /* pend external interrupt vector on the boot vCPU */
	void (*log)(void *ctx, const char *fmt, ...);             /* monitor's log (trace/-k) */
	/* log lines come without a trailing newline and are details (each
	 * open, attach, refused transfer): the monitor shows them only when
	 * tracing.  What the user must see goes to stderr directly. */
};

enum dev_ssc_result {
	DEV_SSC_DONE,    /* handled; *r8 holds the result (0 for calls without one) */
	DEV_SSC_UNKNOWN, /* not an SSC number lol knows; *r8 untouched */
	DEV_SSC_HALT,    /* SSC_HALT_LIGHT: the guest idles until an interrupt; *r8 = 0 */
	DEV_SSC_EXIT,    /* SSC_EXIT (status) or SSC_STOP (status 1); console flushed */
};

struct devices;

/* All devices the configuration asks for, host side opened (terminal made
 * raw, pty or socket created, tap attached, slirp started, host ports
 * forwarded).  NULL after a one-line error on stderr. */
struct devices *devices_create(const struct vmm_config *cfg, const struct dev_host *host);

/* One SSC: nr = r15, arg = r32..r35.  Never crashes on any argument. */
enum dev_ssc_result devices_ssc(struct devices *d, uint64_t nr, const uint64_t arg[4], uint64_t *r8,
				int *exit_status);

/* Descriptors the main loop must wait on (at most max; 64 is plenty, fewer
 * only makes the network poll itself).  Flushes console output first, so
 * call it before every poll(). */
int devices_pollfds(struct devices *d, struct pollfd *fds, int max);
/* After poll(): read input, move frames, run network timers, raise
 * interrupts.  fds/n as filled by the last devices_pollfds (revents set). */
void devices_poll(struct devices *d, const struct pollfd *fds, int n);
/* Milliseconds until the next device deadline (network timers), -1 none.
 * Call after devices_pollfds. */
int devices_timeout_ms(struct devices *d);

void devices_reset(struct devices *d);   /* guest reboot: close guest fds, keep host state */
void devices_destroy(struct devices *d); /* flush+fsync disks, restore the terminal */

/* ---- additions ---- */

/* At start-up, with simscsi=PREFIX given: 0 if at least one PREFIXa ..
 * PREFIXz exists, else -1 after a one-line error naming PREFIXa.  0 when
 * no prefix is set. */
int devices_check_disks(const struct vmm_config *cfg);

/* The user asked to stop the machine (Ctrl-A x on a raw terminal, or a
 * first SIGINT/SIGTERM/SIGHUP; a second one kills as usual).  Check it
 * after devices_poll() and after poll() returns EINTR; *status is the exit
 * status to use (0 for Ctrl-A x, 128 + signal number). */
bool devices_quit_requested(struct devices *d, int *status);

/* The pty's /dev/pts/N or the unix socket's path; NULL for stdio/none. */
const char *devices_console_path(const struct devices *d);

#endif
