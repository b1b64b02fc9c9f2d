// SPDX-License-Identifier: GPL-2.0
/*
 * The run directory of a launched profile: private (0700, ours), it holds a
 * lock (one running instance per profile) and the disk links the monitor
 * opens: the monitor takes one simscsi=PREFIX and opens PREFIXa, PREFIXb...,
 * so disk N of the profile becomes RUNDIR/sd<'a'+N>.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "profile.h"

static void msg(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void msg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* mkdir DIR 0700 unless it exists; it must then be a directory of ours, closed to others. */
static int private_dir(const char *dir, char *err, size_t errlen)
{
	if (mkdir(dir, 0700) && errno != EEXIST) {
		msg(err, errlen, "run directory %s: %s", dir, strerror(errno));
		return -1;
	}
	struct stat st;
	if (lstat(dir, &st)) {
		msg(err, errlen, "run directory %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
		msg(err, errlen, "run directory %s: not a private directory of this user "
		    "(must be a directory, owned by uid %u, mode 0700)", dir, (unsigned)geteuid());
		return -1;
	}
	return 0;
}

char *rundir_make(const char *name, char *err, size_t errlen)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	char *base, *dir;
	struct stat st;
	if (xdg && xdg[0] == '/' && !stat(xdg, &st) && S_ISDIR(st.st_mode)) {
		if (asprintf(&base, "%s/lol", xdg) < 0)
			return NULL;
	} else {
		const char *tmp = getenv("TMPDIR");
		if (!tmp || tmp[0] != '/')
			tmp = "/tmp";
		if (asprintf(&base, "%s/lol-%u", tmp, (unsigned)geteuid()) < 0)
			return NULL;
	}
	if (private_dir(base, err, errlen)) {
		free(base);
		return NULL;
	}
	if (asprintf(&dir, "%s/%s", base, name) < 0) {
		free(base);
		return NULL;
	}
	free(base);
	if (private_dir(dir, err, errlen)) {
		free(dir);
		return NULL;
	}
	return dir;
}

int rundir_lock(const char *dir, char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/lock", dir);
	/* no O_CLOEXEC: the lock stays held by the monitor we exec */
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW, 0600);
	if (fd < 0) {
		msg(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int e = errno;
		char pid[32] = "";
		ssize_t n = read(fd, pid, sizeof(pid) - 1);
		pid[n > 0 ? n : 0] = 0;
		pid[strcspn(pid, "\n")] = 0;
		if (e == EWOULDBLOCK)
			msg(err, errlen, "already running (pid %s; lock %s)", *pid ? pid : "?", path);
		else
			msg(err, errlen, "%s: %s", path, strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	/* the pid stays ours across exec: it is the monitor's */
	if (ftruncate(fd, 0) == 0)
		dprintf(fd, "%ld\n", (long)getpid());
	return fd;
}

int rundir_link_disks(const char *dir, const struct profile *p, char *err, size_t errlen)
{
	char link[4096], tmp[4096];
	for (unsigned i = 0; i < 26; i++) {
		snprintf(link, sizeof(link), "%s/sd%c", dir, 'a' + i);
		if (i < p->ndisks) {
			/* replace atomically: a new link under a temporary name, renamed over */
			snprintf(tmp, sizeof(tmp), "%s/.sd%c.new", dir, 'a' + i);
			unlink(tmp);
			if (symlink(p->disk[i].text, tmp) || rename(tmp, link)) {
				msg(err, errlen, "%s: %s", link, strerror(errno));
				unlink(tmp);
				return -1;
			}
			continue;
		}
		struct stat st;
		if (lstat(link, &st))
			continue;
		if (!S_ISLNK(st.st_mode)) {
			msg(err, errlen, "%s: not a symbolic link left by lol-launch; remove it", link);
			return -1;
		}
		if (unlink(link)) {
			msg(err, errlen, "%s: %s", link, strerror(errno));
			return -1;
		}
	}
	return 0;
}
