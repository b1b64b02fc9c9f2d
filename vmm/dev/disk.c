// SPDX-License-Identifier: GPL-2.0
/*
 * The hp-sim disks (simscsi): SSC_OPEN, SSC_CLOSE, SSC_READ, SSC_WRITE,
 * SSC_WAIT_COMPLETION, SSC_GET_COMPLETION, and lol's SSC_LOL_DISK_SIZE and
 * SSC_LOL_FLUSH.
 *
 * The guest names its disks itself (simscsi=PREFIX on its command line
 * gives PREFIXa .. PREFIXp), so SSC_OPEN takes a host path from the guest.
 * Only the exact strings PREFIX + one letter a..z, PREFIX being the
 * monitor's own simscsi= value, are opened; anything else is refused and
 * reported once.  A file the monitor may not write opens only read-only
 * (SSC_OPEN_READ).  The guest gets small handles of its own, never host
 * file descriptors.
 *
 * Transfers are synchronous (pread/pwrite straight between the file and
 * guest RAM, in order), so a request is complete when SSC_READ/SSC_WRITE
 * returns; its completion {fd, bytes} is queued for SSC_WAIT_COMPLETION
 * (that fd's oldest) or SSC_GET_COMPLETION (the oldest of all).  Every
 * range is checked before the first byte moves: a bad one fails the whole
 * request, with a completion of 0 bytes, so the guest sees an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev-priv.h"

#define DISK_FD_BASE 3        /* the first handle, as on Ski */
#define DISK_SLOTS 64         /* open handles (the guest reopens on every scan) */
#define DISK_DONE_MAX 256     /* queued completions; the oldest go first */
#define DISK_MAX_DESCS 1024   /* scatter entries per request */
#define DISK_REFUSED_LOG 32   /* distinct refused paths reported */
#define SIMSCSI_PREFIX_MAX 128 /* what the guest's simscsi= accepts */

struct disk_slot {
	int fd;        /* host fd, -1 = free */
	bool writable;
};

struct disks {
	const char *prefix;
	size_t prefix_len;
	struct disk_slot slot[DISK_SLOTS];
	struct lol_ssc_stat done[DISK_DONE_MAX];
	unsigned done_head, done_len;
	char *refused[DISK_REFUSED_LOG];
	unsigned nrefused;
};

static int disk_init(struct devices *d)
{
	struct disks *ds = calloc(1, sizeof(*ds));

	if (!ds) {
		dev_warn("out of memory for the disks");
		return -1;
	}
	for (int i = 0; i < DISK_SLOTS; i++)
		ds->slot[i].fd = -1;
	ds->prefix = d->cfg->simscsi_prefix;
	ds->prefix_len = ds->prefix ? strlen(ds->prefix) : 0;
	d->disks = ds;
	return 0;
}

static struct disk_slot *lookup(struct disks *ds, uint64_t handle)
{
	if (handle < DISK_FD_BASE || handle >= DISK_FD_BASE + DISK_SLOTS)
		return NULL;
	if (ds->slot[handle - DISK_FD_BASE].fd < 0)
		return NULL;
	return &ds->slot[handle - DISK_FD_BASE];
}

/* ---- open ---- */

static bool path_allowed(const struct disks *ds, const char *path)
{
	char last;

	if (!ds->prefix || !ds->prefix_len)
		return false;
	if (strlen(path) != ds->prefix_len + 1 || memcmp(path, ds->prefix, ds->prefix_len) != 0)
		return false;
	last = path[ds->prefix_len];
	return last >= 'a' && last <= 'z';
}

static void report_refused(struct disks *ds, const char *path)
{
	char shown[512];

	for (unsigned i = 0; i < ds->nrefused; i++)
		if (strcmp(ds->refused[i], path) == 0)
			return;
	if (ds->nrefused == DISK_REFUSED_LOG)
		return; /* said enough; the guest keeps getting -1 */
	ds->refused[ds->nrefused] = strdup(path);
	if (!ds->refused[ds->nrefused])
		return;
	ds->nrefused++;
	dev_printable(path, shown, sizeof(shown));
	dev_warn("refused guest open of %s (not a disk it was given)%s", shown,
		 ds->nrefused == DISK_REFUSED_LOG ? "; further refusals not reported" : "");
}

static int64_t disk_open(struct devices *d, uint64_t path_gpa, uint64_t access)
{
	struct disks *ds = d->disks;
	char path[DEV_PATH_MAX];
	int flags, fd, slot;
	bool writable;
	struct stat st;

	if (!gmem_read_str(d, path_gpa, path, sizeof(path))) {
		dev_trace(d, "ssc: open: no readable path at gpa 0x%llx", (unsigned long long)path_gpa);
		return -1;
	}
	if (!path_allowed(ds, path)) {
		report_refused(ds, path);
		return -1;
	}
	switch (access) {
	case SSC_OPEN_READ: flags = O_RDONLY; break;
	case SSC_OPEN_WRITE: flags = O_WRONLY; break;
	case SSC_OPEN_RW: flags = O_RDWR; break;
	default:
		dev_trace(d, "ssc: open %s: bad access mode %llu", path, (unsigned long long)access);
		return -1;
	}
	for (slot = 0; slot < DISK_SLOTS && ds->slot[slot].fd >= 0; slot++)
		;
	if (slot == DISK_SLOTS) {
		dev_trace(d, "ssc: open %s: all %d disk handles in use", path, DISK_SLOTS);
		return -1;
	}
	/* A file the monitor may not write fails a read-write open, as on
	 * Ski, so the guest's driver retries read-only and knows the disk is
	 * write-protected (rather than meeting write errors later). */
	writable = flags != O_RDONLY;
	fd = open(path, flags | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		dev_trace(d, "ssc: open %s %s: %s", path, access == SSC_OPEN_READ ? "read-only" :
			  "for writing", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
		dev_warn("disk %s is not a regular file or block device", path);
		close(fd);
		return -1;
	}
	ds->slot[slot].fd = fd;
	ds->slot[slot].writable = writable;
	dev_trace(d, "ssc: open %s -> %d%s", path, DISK_FD_BASE + slot, writable ? "" : " (read-only)");
	return DISK_FD_BASE + slot;
}

/* ---- completions ---- */

static void done_push(struct disks *ds, uint32_t handle, uint32_t count)
{
	if (ds->done_len == DISK_DONE_MAX) {
		/* a guest that never collects: forget the oldest */
		ds->done_head = (ds->done_head + 1) % DISK_DONE_MAX;
		ds->done_len--;
	}
	ds->done[(ds->done_head + ds->done_len) % DISK_DONE_MAX] =
		(struct lol_ssc_stat){ .fd = handle, .count = count };
	ds->done_len++;
}

/* Remove entry i (0 = oldest) keeping the order of the others. */
static void done_remove(struct disks *ds, unsigned i)
{
	for (; i + 1 < ds->done_len; i++)
		ds->done[(ds->done_head + i) % DISK_DONE_MAX] =
			ds->done[(ds->done_head + i + 1) % DISK_DONE_MAX];
	ds->done_len--;
}

static void done_forget(struct disks *ds, uint32_t handle)
{
	for (unsigned i = 0; i < ds->done_len;) {
		if (ds->done[(ds->done_head + i) % DISK_DONE_MAX].fd == handle)
			done_remove(ds, i);
		else
			i++;
	}
}

static int64_t disk_wait_completion(struct devices *d, uint64_t stat_gpa)
{
	struct disks *ds = d->disks;
	struct lol_ssc_stat st;

	if (!gmem_read(d, stat_gpa, &st, sizeof(st)))
		return -1;
	for (unsigned i = 0; i < ds->done_len; i++) {
		struct lol_ssc_stat *e = &ds->done[(ds->done_head + i) % DISK_DONE_MAX];

		if (e->fd == st.fd) {
			st.count = e->count;
			done_remove(ds, i);
			gmem_write(d, stat_gpa, &st, sizeof(st));
			return 0;
		}
	}
	return -1;
}

static int64_t disk_get_completion(struct devices *d, uint64_t stat_gpa)
{
	struct disks *ds = d->disks;

	if (!ds->done_len || !gmem_ptr(d, stat_gpa, sizeof(struct lol_ssc_stat)))
		return -1;
	gmem_write(d, stat_gpa, &ds->done[ds->done_head], sizeof(struct lol_ssc_stat));
	ds->done_head = (ds->done_head + 1) % DISK_DONE_MAX;
	ds->done_len--;
	return 0;
}

/* ---- transfers ---- */

struct xfer {
	uint8_t *host; /* guest RAM, checked */
	uint32_t len;
};

/* Check the whole request; fill x[] with host pointers.  -1 if anything
 * is out of range. */
static int check_request(struct devices *d, uint64_t count, uint64_t desc_gpa, uint64_t offset,
			 struct xfer *x, uint64_t *total)
{
	const uint8_t *desc;

	*total = 0;
	if (count > DISK_MAX_DESCS || offset > INT64_MAX)
		return -1;
	if (!count)
		return 0;
	desc = gmem_ptr(d, desc_gpa, count * sizeof(struct lol_ssc_disk_desc));
	if (!desc)
		return -1;
	for (uint64_t i = 0; i < count; i++) {
		struct lol_ssc_disk_desc e;

		/* copied out first: the transfer may overwrite the list */
		memcpy(&e, desc + i * sizeof(e), sizeof(e));
		x[i].len = e.len;
		x[i].host = e.len ? gmem_ptr(d, e.addr, e.len) : NULL;
		if (e.len && !x[i].host)
			return -1;
		*total += e.len;
	}
	if (*total > UINT32_MAX || offset + *total > (uint64_t)INT64_MAX)
		return -1;
	return 0;
}

static int64_t disk_rw(struct devices *d, bool write, const uint64_t arg[4])
{
	struct disks *ds = d->disks;
	struct disk_slot *s = lookup(ds, arg[0]);
	struct xfer x[DISK_MAX_DESCS];
	uint64_t total, done = 0;
	off_t off = (off_t)arg[3];
	int64_t ret = 0;

	if (!s)
		return -1;
	if (check_request(d, arg[1], arg[2], arg[3], x, &total) < 0) {
		dev_trace(d, "ssc: %s %llu: bad request (count %llu, list 0x%llx, offset 0x%llx)",
			  write ? "write" : "read", (unsigned long long)arg[0],
			  (unsigned long long)arg[1], (unsigned long long)arg[2],
			  (unsigned long long)arg[3]);
		done_push(ds, (uint32_t)arg[0], 0);
		return -1;
	}
	if (write && !s->writable) {
		done_push(ds, (uint32_t)arg[0], 0);
		return -1;
	}
	for (uint64_t i = 0; i < arg[1] && ret == 0; i++) {
		uint32_t got = 0;

		while (got < x[i].len) {
			ssize_t n = write ? pwrite(s->fd, x[i].host + got, x[i].len - got, off)
					  : pread(s->fd, x[i].host + got, x[i].len - got, off);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				dev_trace(d, "ssc: %s %llu at 0x%llx: %s", write ? "write" : "read",
					  (unsigned long long)arg[0], (unsigned long long)off,
					  strerror(errno));
				ret = -1;
				break;
			}
			if (n == 0) {
				/* end of the file: a short read (the guest's
				 * size probe relies on it) */
				ret = 1;
				break;
			}
			got += (uint32_t)n;
			off += n;
		}
		done += got;
	}
	done_push(ds, (uint32_t)arg[0], (uint32_t)done);
	return ret < 0 ? -1 : 0;
}

static int64_t disk_close(struct devices *d, uint64_t handle)
{
	struct disks *ds = d->disks;
	struct disk_slot *s = lookup(ds, handle);

	if (!s)
		return -1;
	close(s->fd);
	s->fd = -1;
	done_forget(ds, (uint32_t)handle);
	return 0;
}

static int64_t disk_size(struct devices *d, uint64_t handle)
{
	struct disk_slot *s = lookup(d->disks, handle);
	struct stat st;
	uint64_t size;

	if (!s || fstat(s->fd, &st) < 0)
		return -1;
	if (S_ISBLK(st.st_mode))
		return ioctl(s->fd, BLKGETSIZE64, &size) < 0 ? -1 : (int64_t)size;
	return st.st_size;
}

static int64_t disk_flush(struct devices *d, uint64_t handle)
{
	struct disk_slot *s = lookup(d->disks, handle);

	if (!s)
		return -1;
	return fsync(s->fd) < 0 ? -1 : 0;
}

static enum dev_ssc_result disk_ssc(struct devices *d, uint64_t nr, const uint64_t arg[4], uint64_t *r8,
				    int *exit_status)
{
	int64_t r = -1;

	(void)exit_status;
	switch (nr) {
	case SSC_OPEN: r = disk_open(d, arg[0], arg[1]); break;
	case SSC_CLOSE: r = disk_close(d, arg[0]); break;
	case SSC_READ: r = disk_rw(d, false, arg); break;
	case SSC_WRITE: r = disk_rw(d, true, arg); break;
	case SSC_WAIT_COMPLETION: r = disk_wait_completion(d, arg[0]); break;
	case SSC_GET_COMPLETION: r = disk_get_completion(d, arg[0]); break;
	case SSC_LOL_DISK_SIZE: r = disk_size(d, arg[0]); break;
	case SSC_LOL_FLUSH: r = disk_flush(d, arg[0]); break;
	}
	*r8 = (uint64_t)r;
	return DEV_SSC_DONE;
}

static void close_all(struct disks *ds)
{
	for (int i = 0; i < DISK_SLOTS; i++) {
		if (ds->slot[i].fd < 0)
			continue;
		if (ds->slot[i].writable && fsync(ds->slot[i].fd) < 0 && errno != EINVAL)
			dev_warn("disk handle %d: fsync: %s", DISK_FD_BASE + i, strerror(errno));
		close(ds->slot[i].fd);
		ds->slot[i].fd = -1;
	}
	ds->done_head = ds->done_len = 0;
}

static void disk_reset(struct devices *d)
{
	close_all(d->disks);
}

static void disk_destroy(struct devices *d)
{
	struct disks *ds = d->disks;

	if (!ds)
		return;
	close_all(ds);
	for (unsigned i = 0; i < ds->nrefused; i++)
		free(ds->refused[i]);
	free(ds);
	d->disks = NULL;
}

int devices_check_disks(const struct vmm_config *cfg)
{
	const char *p = cfg->simscsi_prefix;
	char path[DEV_PATH_MAX];
	size_t n;

	if (!p)
		return 0;
	n = strlen(p);
	if (!n) {
		fprintf(stderr, "lol-vmm: simscsi=: empty disk prefix\n");
		return -1;
	}
	if (n > SIMSCSI_PREFIX_MAX) {
		fprintf(stderr, "lol-vmm: simscsi=%s: longer than %d characters, which the guest's "
			"simscsi driver ignores\n", p, SIMSCSI_PREFIX_MAX);
		return -1;
	}
	for (char c = 'a'; c <= 'z'; c++) {
		snprintf(path, sizeof(path), "%s%c", p, c);
		if (access(path, F_OK) == 0)
			return 0;
	}
	fprintf(stderr, "lol-vmm: simscsi=%s: no disk: %sa does not exist (nor any %sb..%sz)\n", p, p,
		p, p);
	return -1;
}

static const uint16_t disk_sscs[] = { SSC_OPEN, SSC_CLOSE, SSC_READ, SSC_WRITE, SSC_GET_COMPLETION,
				      SSC_WAIT_COMPLETION, SSC_LOL_DISK_SIZE, SSC_LOL_FLUSH };
const struct dev_desc dev_disk_desc = {
	.name = "disk",
	.ssc = disk_sscs,
	.nssc = sizeof(disk_sscs) / sizeof(disk_sscs[0]),
	.init = disk_init,
	.ssc_call = disk_ssc,
	.reset = disk_reset,
	.destroy = disk_destroy,
};
