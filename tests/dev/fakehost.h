/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pretend monitor for the device tests: guest "RAM" in two malloc'ed
 * banks with a hole between them (0..1 MiB and 2..3 MiB), a record of
 * raised interrupt vectors, and a log that is kept, not printed.
 */
#ifndef LOL_TEST_FAKEHOST_H
#define LOL_TEST_FAKEHOST_H

#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "lol-abi.h"

#define FH_BANK 0x100000ull
#define FH_BANK2 0x200000ull /* second bank base; FH_BANK..FH_BANK2 is a hole */

struct fakehost {
	uint8_t *bank[2];
	unsigned irqs[64];
	unsigned nirqs;
	char log[8192];
	size_t loglen;
};

static void *fh_gpa_ptr(void *ctx, uint64_t gpa, uint64_t len)
{
	struct fakehost *h = ctx;

	if (len == 0 || gpa + len < gpa)
		return NULL;
	if (gpa + len <= FH_BANK)
		return h->bank[0] + gpa;
	if (gpa >= FH_BANK2 && gpa + len <= FH_BANK2 + FH_BANK)
		return h->bank[1] + (gpa - FH_BANK2);
	return NULL;
}

static void fh_raise(void *ctx, unsigned vector)
{
	struct fakehost *h = ctx;

	if (h->nirqs < 64)
		h->irqs[h->nirqs] = vector;
	h->nirqs++;
}

static void fh_log(void *ctx, const char *fmt, ...)
{
	struct fakehost *h = ctx;
	va_list ap;
	int n;

	if (h->loglen >= sizeof(h->log) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(h->log + h->loglen, sizeof(h->log) - h->loglen, fmt, ap);
	va_end(ap);
	if (n > 0)
		h->loglen += (size_t)n;
	if (h->loglen > sizeof(h->log) - 2)
		h->loglen = sizeof(h->log) - 2;
	h->log[h->loglen++] = '\n'; /* lines come without one */
	h->log[h->loglen] = 0;
}

static inline void fh_init(struct fakehost *h, struct dev_host *dh)
{
	memset(h, 0, sizeof(*h));
	h->bank[0] = calloc(1, FH_BANK);
	h->bank[1] = calloc(1, FH_BANK);
	if (!h->bank[0] || !h->bank[1])
		abort();
	dh->ctx = h;
	dh->gpa_ptr = fh_gpa_ptr;
	dh->raise_irq = fh_raise;
	dh->log = fh_log;
}

static inline void fh_free(struct fakehost *h)
{
	free(h->bank[0]);
	free(h->bank[1]);
}

/* host pointer to guest-physical gpa (must be RAM) */
static inline void *fh_mem(struct fakehost *h, uint64_t gpa)
{
	return fh_gpa_ptr(h, gpa, 1);
}

static inline bool fh_raised(const struct fakehost *h, unsigned vector)
{
	for (unsigned i = 0; i < h->nirqs && i < 64; i++)
		if (h->irqs[i] == vector)
			return true;
	return false;
}

/* One SSC, returning r8 (the result kind in *res, the exit status in
 * *status, if wanted). */
static inline uint64_t fh_ssc_st(struct devices *d, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
				 uint64_t a3, enum dev_ssc_result *res, int *status)
{
	uint64_t arg[4] = { a0, a1, a2, a3 }, r8 = 0xdeadbeef;
	int st = -999;
	enum dev_ssc_result r = devices_ssc(d, nr, arg, &r8, &st);

	if (res)
		*res = r;
	if (status)
		*status = st;
	return r8;
}

static inline uint64_t fh_ssc(struct devices *d, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,
			      uint64_t a3, enum dev_ssc_result *res)
{
	return fh_ssc_st(d, nr, a0, a1, a2, a3, res, NULL);
}

/* Poll rounds as the monitor's idle loop does them, up to n rounds of at
 * most ms each, until cond (an expression) holds. */
#define FH_POLL_UNTIL(d, n, ms, cond)                                                  \
	do {                                                                           \
		for (int fh_i_ = 0; fh_i_ < (n) && !(cond); fh_i_++) {                 \
			struct pollfd fh_fds_[64];                                     \
			int fh_k_ = devices_pollfds((d), fh_fds_, 64);                 \
			int fh_t_ = devices_timeout_ms(d);                             \
			if (fh_t_ < 0 || fh_t_ > (ms))                                 \
				fh_t_ = (ms);                                          \
			poll(fh_fds_, (nfds_t)fh_k_, fh_t_);                           \
			devices_poll((d), fh_fds_, fh_k_);                             \
		}                                                                      \
	} while (0)

static inline struct vmm_config fh_config(void)
{
	struct vmm_config c;

	memset(&c, 0, sizeof(c));
	c.console = VMM_CONSOLE_NONE;
	c.net = VMM_NET_NONE;
	c.mem_bytes = 3 * FH_BANK;
	c.ncpus = 1;
	return c;
}

/* stderr into a buffer for a while (the devices' one-line messages) */
struct fh_capture {
	int saved;
	FILE *f;
	char text[8192];
};

static inline void fh_capture_begin(struct fh_capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	c->saved = dup(2);
	if (!c->f || c->saved < 0)
		abort();
	dup2(fileno(c->f), 2);
}

static inline const char *fh_capture_end(struct fh_capture *c)
{
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->f);
	n = fread(c->text, 1, sizeof(c->text) - 1, c->f);
	c->text[n] = 0;
	fclose(c->f);
	return c->text;
}

static inline int fh_count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

#endif
