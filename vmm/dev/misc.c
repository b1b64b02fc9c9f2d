// SPDX-License-Identifier: GPL-2.0
/*
 * The SSCs that are not a device: host time (SSC_GET_RTC, SSC_GET_TOD), the
 * boot inputs (SSC_GET_ARGS, SSC_GET_INITRAMFS), stopping (SSC_EXIT,
 * SSC_STOP), idling (SSC_HALT_LIGHT) and the debugger hooks Ski had
 * (SSC_LOAD_SYMBOLS, SSC_CTL_TRACE) and SSC_SET_PERIODIC_INTERRUPT, which
 * are accepted and ignored as Ski ignores them.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "dev-priv.h"

static int64_t get_rtc(struct devices *d, uint64_t gpa)
{
	struct lol_ssc_rtc rtc;
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	rtc = (struct lol_ssc_rtc){
		.year = (uint32_t)tm.tm_year, .mon = (uint32_t)tm.tm_mon,
		.mday = (uint32_t)tm.tm_mday, .hour = (uint32_t)tm.tm_hour,
		.min = (uint32_t)tm.tm_min, .sec = (uint32_t)tm.tm_sec,
		.msec = (uint32_t)(ts.tv_nsec / 1000000), .wday = (uint32_t)tm.tm_wday,
	};
	gmem_write(d, gpa, &rtc, sizeof(rtc));
	return 0;
}

static int64_t get_tod(struct devices *d, uint64_t tv_gpa, uint64_t tz_gpa)
{
	struct lol_ssc_timeval tv;
	struct lol_ssc_timezone tz = { 0, 0 }; /* the host clock is UTC-based */
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	tv.sec = (uint32_t)ts.tv_sec;
	tv.usec = (uint32_t)(ts.tv_nsec / 1000);
	gmem_write(d, tv_gpa, &tv, sizeof(tv));
	if (tz_gpa)
		gmem_write(d, tz_gpa, &tz, sizeof(tz));
	return 0;
}

/* The command line, NUL-terminated.  Ski had no size argument; lol takes
 * arg1 != 0 as the buffer size (the copy is cut and still terminated).
 * Result: its length without the NUL. */
static int64_t get_args(struct devices *d, uint64_t gpa, uint64_t size)
{
	const char *s = d->cfg->cmdline ? d->cfg->cmdline : "";
	size_t len = strlen(s);
	char *p;

	if (size && len >= size)
		len = size - 1;
	p = gmem_ptr(d, gpa, len + 1);
	if (!p)
		return -1;
	memcpy(p, s, len);
	p[len] = 0;
	return (int64_t)len;
}

/* The --initrd file, copied to guest-physical gpa; its size, or 0 (no
 * initrd, or it does not fit in guest RAM there). */
static int64_t get_initramfs(struct devices *d, uint64_t gpa)
{
	const char *path = d->cfg->initrd;
	struct stat st;
	uint8_t *p;
	uint64_t got = 0;
	int fd;

	if (!path)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		if (!d->initrd_warned)
			dev_warn("--initrd %s: %s", path, strerror(errno));
		d->initrd_warned = true;
		if (fd >= 0)
			close(fd);
		return 0;
	}
	p = st.st_size > 0 ? gmem_ptr(d, gpa, (uint64_t)st.st_size) : NULL;
	if (!p) {
		if (!d->initrd_warned)
			dev_warn("--initrd %s: %lld bytes do not fit in guest memory at 0x%llx", path,
				 (long long)st.st_size, (unsigned long long)gpa);
		d->initrd_warned = true;
		close(fd);
		return 0;
	}
	while (got < (uint64_t)st.st_size) {
		ssize_t n = pread(fd, p + got, (size_t)((uint64_t)st.st_size - got), (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (uint64_t)n;
	}
	close(fd);
	return (int64_t)got;
}

static enum dev_ssc_result misc_ssc(struct devices *d, uint64_t nr, const uint64_t arg[4], uint64_t *r8,
				    int *exit_status)
{
	*r8 = 0;
	switch (nr) {
	case SSC_GET_RTC:
		*r8 = (uint64_t)get_rtc(d, arg[0]);
		break;
	case SSC_GET_TOD:
		*r8 = (uint64_t)get_tod(d, arg[0], arg[1]);
		break;
	case SSC_GET_ARGS:
		*r8 = (uint64_t)get_args(d, arg[0], arg[1]);
		break;
	case SSC_GET_INITRAMFS:
		*r8 = (uint64_t)get_initramfs(d, arg[0]);
		break;
	case SSC_EXIT:
		*exit_status = (int)arg[0];
		dev_trace(d, "ssc: exit %d", *exit_status);
		return DEV_SSC_EXIT;
	case SSC_STOP:
		/* Ski stopped into its debugger; lol has none */
		dev_warn("guest stopped (SSC_STOP)");
		*exit_status = 1;
		return DEV_SSC_EXIT;
	case SSC_HALT_LIGHT:
		return DEV_SSC_HALT;
	case SSC_CTL_TRACE:
		dev_trace(d, "ssc: trace %s (ignored)", arg[0] ? "on" : "off");
		break;
	default: /* SSC_LOAD_SYMBOLS, SSC_SET_PERIODIC_INTERRUPT: accepted */
		break;
	}
	return DEV_SSC_DONE;
}

static const uint16_t misc_sscs[] = { SSC_STOP, SSC_HALT_LIGHT, SSC_SET_PERIODIC_INTERRUPT, SSC_GET_RTC,
				      SSC_EXIT, SSC_LOAD_SYMBOLS, SSC_GET_TOD, SSC_GET_ARGS,
				      SSC_CTL_TRACE, SSC_GET_INITRAMFS };
const struct dev_desc dev_misc_desc = {
	.name = "misc",
	.ssc = misc_sscs,
	.nssc = sizeof(misc_sscs) / sizeof(misc_sscs[0]),
	.ssc_call = misc_ssc,
};
