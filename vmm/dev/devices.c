// SPDX-License-Identifier: GPL-2.0
/*
 * The device table, SSC dispatch, the poll plumbing and interrupt routing
 * (SSC_CONNECT_INTERRUPT / SSC_GENERATE_INTERRUPT).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev-priv.h"

/* Order matters only for init and pollfds: the console first, so its
 * terminal is set up (and restored last) around everything else. */
static const struct dev_desc *const dev_table[DEV_COUNT] = {
	&dev_console_desc, &dev_irq_desc, &dev_disk_desc, &dev_net_desc, &dev_misc_desc,
};

void dev_warn(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	size_t n;
	ssize_t w;

	strcpy(line, "lol-vmm: ");
	va_start(ap, fmt);
	vsnprintf(line + 9, sizeof(line) - 10, fmt, ap);
	va_end(ap);
	n = strlen(line);
	line[n++] = '\n';
	/* one write, so the line is not torn by guest console output */
	w = write(STDERR_FILENO, line, n);
	(void)w;
}

bool dev_irq_bound(const struct devices *d, unsigned type)
{
	return type < DEV_IRQ_TYPES && d->vector[type] != 0;
}

bool dev_raise(struct devices *d, unsigned type)
{
	if (!dev_irq_bound(d, type))
		return false;
	if (d->host.raise_irq)
		d->host.raise_irq(d->host.ctx, d->vector[type]);
	return true;
}

void dev_request_quit(struct devices *d, int status)
{
	if (!d->quit) {
		d->quit = true;
		d->quit_status = status;
	}
}

bool devices_quit_requested(struct devices *d, int *status)
{
	int sig = console_quit_signal();

	if (sig)
		dev_request_quit(d, 128 + sig);
	if (!d->quit)
		return false;
	if (status)
		*status = d->quit_status;
	return true;
}

/* ---- interrupt routing ---- */

static enum dev_ssc_result irq_ssc(struct devices *d, uint64_t nr, const uint64_t arg[4], uint64_t *r8,
				   int *exit_status)
{
	(void)exit_status;
	*r8 = 0; /* neither call has a result */
	if (arg[0] >= DEV_IRQ_TYPES)
		return DEV_SSC_DONE;
	if (nr == SSC_CONNECT_INTERRUPT) {
		/* 0..15 are not external interrupt vectors a device may use
		 * (ExtINT, NMI, reserved); binding one of them unbinds. */
		d->vector[arg[0]] = arg[1] >= 16 && arg[1] <= 255 ? (unsigned)arg[1] : 0;
		dev_trace(d, "ssc: interrupt type %u -> vector %u", (unsigned)arg[0], d->vector[arg[0]]);
		/* input that arrived before the guest was ready */
		for (int i = 0; i < DEV_COUNT; i++)
			if (dev_table[i]->kick)
				dev_table[i]->kick(d, true);
	} else {
		dev_raise(d, (unsigned)arg[0]);
	}
	return DEV_SSC_DONE;
}

static void irq_reset(struct devices *d)
{
	memset(d->vector, 0, sizeof(d->vector));
}

static const uint16_t irq_sscs[] = { SSC_CONNECT_INTERRUPT, SSC_GENERATE_INTERRUPT };
const struct dev_desc dev_irq_desc = {
	.name = "irq",
	.ssc = irq_sscs,
	.nssc = sizeof(irq_sscs) / sizeof(irq_sscs[0]),
	.ssc_call = irq_ssc,
	.reset = irq_reset,
};

/* ---- the table ---- */

static void destroy_upto(struct devices *d, int n)
{
	/* reverse order: the console (terminal) last */
	for (int i = n - 1; i >= 0; i--)
		if (dev_table[i]->destroy)
			dev_table[i]->destroy(d);
}

struct devices *devices_create(const struct vmm_config *cfg, const struct dev_host *host)
{
	struct devices *d = calloc(1, sizeof(*d));
	int i;

	if (!d) {
		dev_warn("out of memory for the devices");
		return NULL;
	}
	d->cfg = cfg;
	d->host = *host;
	if (!d->host.gpa_ptr) {
		dev_warn("devices: the monitor gave no guest memory accessor");
		free(d);
		return NULL;
	}
	for (i = 0; i < DEV_COUNT; i++) {
		const struct dev_desc *desc = dev_table[i];

		for (unsigned k = 0; k < desc->nssc; k++) {
			unsigned nr = desc->ssc[k];

			if (nr >= SSC_NR_MAX || d->owner[nr]) {
				dev_warn("devices: SSC %u claimed twice (%s)", nr, desc->name);
				free(d);
				return NULL;
			}
			d->owner[nr] = (uint8_t)(i + 1);
		}
	}
	/* a guest or a closed pipe must not kill the monitor with SIGPIPE;
	 * write errors are handled where they happen */
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < DEV_COUNT; i++) {
		if (dev_table[i]->init && dev_table[i]->init(d) < 0) {
			destroy_upto(d, i);
			free(d);
			return NULL;
		}
	}
	return d;
}

enum dev_ssc_result devices_ssc(struct devices *d, uint64_t nr, const uint64_t arg[4], uint64_t *r8,
				int *exit_status)
{
	enum dev_ssc_result res;
	const struct dev_desc *desc;

	if (nr >= SSC_NR_MAX || !d->owner[nr])
		return DEV_SSC_UNKNOWN;
	desc = dev_table[d->owner[nr] - 1];
	res = desc->ssc_call(d, nr, arg, r8, exit_status);
	if (res == DEV_SSC_EXIT || res == DEV_SSC_HALT)
		console_flush(d);
	for (int i = 0; i < DEV_COUNT; i++)
		if (dev_table[i]->kick)
			dev_table[i]->kick(d, false);
	return res;
}

int devices_pollfds(struct devices *d, struct pollfd *fds, int max)
{
	int total = 0;

	console_flush(d);
	if (max < 0 || !fds)
		max = 0;
	for (int i = 0; i < DEV_COUNT; i++) {
		int n = 0;

		if (dev_table[i]->pollfds && total < max)
			n = dev_table[i]->pollfds(d, fds + total, max - total);
		d->slice[i].start = total;
		d->slice[i].count = n;
		total += n;
	}
	d->slices_valid = true;
	return total;
}

void devices_poll(struct devices *d, const struct pollfd *fds, int n)
{
	for (int i = 0; i < DEV_COUNT; i++) {
		if (!dev_table[i]->poll)
			continue;
		if (d->slices_valid && fds && d->slice[i].start + d->slice[i].count <= n)
			dev_table[i]->poll(d, fds + d->slice[i].start, d->slice[i].count);
		else
			dev_table[i]->poll(d, NULL, 0);
	}
	d->slices_valid = false;
	for (int i = 0; i < DEV_COUNT; i++)
		if (dev_table[i]->kick)
			dev_table[i]->kick(d, true);
	console_flush(d);
}

int devices_timeout_ms(struct devices *d)
{
	int best = -1;

	for (int i = 0; i < DEV_COUNT; i++) {
		int t;

		if (!dev_table[i]->timeout_ms)
			continue;
		t = dev_table[i]->timeout_ms(d);
		if (t >= 0 && (best < 0 || t < best))
			best = t;
	}
	return best;
}

void devices_reset(struct devices *d)
{
	for (int i = 0; i < DEV_COUNT; i++)
		if (dev_table[i]->reset)
			dev_table[i]->reset(d);
	d->slices_valid = false;
}

void devices_destroy(struct devices *d)
{
	if (!d)
		return;
	console_flush(d);
	destroy_upto(d, DEV_COUNT);
	free(d);
}
