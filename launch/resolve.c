// SPDX-License-Identifier: GPL-2.0
/*
 * Resolve a parsed profile against the file system: @guest-kernel and
 * @default-disk, paths relative to the profile file, and checks that the
 * kernel, initrd and disks are there, so that a mistake is reported with its
 * profile line before the monitor starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "profile.h"

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("lol-launch: out of memory\n", stderr);
		exit(1);
	}
	return s;
}

/* ~/x is under $HOME, a relative path is relative to the profile's directory. */
static char *expand_path(const char *path, const struct launch_env *env)
{
	if (path[0] == '~' && path[1] == '/' && env->home)
		return xasprintf("%s/%s", env->home, path + 2);
	if (path[0] == '/' || !env->profile_dir)
		return xasprintf("%s", path);
	return xasprintf("%s/%s", env->profile_dir, path);
}

/* Run CMD... and return the last line of its standard output, or NULL on failure. */
static char *run_last_line(char *const argv[])
{
	int fd[2];
	if (pipe(fd))
		return NULL;
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(fd[1], 1);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 2);
		}
		close(fd[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	char buf[PATH_MAX + 64];
	size_t n = 0;
	ssize_t r;
	char *last = NULL;
	for (;;) {
		r = read(fd[0], buf + n, sizeof(buf) - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
		/* keep only the last (possibly incomplete) line in the buffer */
		char *nl;
		while ((nl = memchr(buf, '\n', n)) && (size_t)(nl - buf) + 1 < n) {
			size_t drop = nl - buf + 1;
			memmove(buf, buf + drop, n - drop);
			n -= drop;
		}
		if (n == sizeof(buf) - 1)
			n = 0; /* an absurd line: forget it */
	}
	close(fd[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return NULL;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	if (!n)
		return NULL;
	buf[n] = 0;
	last = strdup(buf);
	return last;
}

/* @guest-kernel: $LOL_GUEST_KERNEL, the source tree's cached build, or lol-guest's. */
static char *guest_kernel(const struct profile *p, unsigned line, const struct launch_env *env,
			  char *err, size_t errlen)
{
	if (env->guest_kernel && *env->guest_kernel)
		return xasprintf("%s", env->guest_kernel);
	if (env->srcdir) {
		char *script = xasprintf("%s/toolchain/build-kernel", env->srcdir);
		char *argv[] = { script, "--guest", "--afterburn", "--print-dir", NULL };
		char *dir = run_last_line(argv);
		free(script);
		if (dir) {
			char *k = xasprintf("%s/vmlinux", dir);
			free(dir);
			return k;
		}
		if (access(env->installed_kernel, R_OK) == 0)
			return xasprintf("%s", env->installed_kernel);
		profile_error(p, line, err, errlen,
			      "kernel @guest-kernel: the guest kernel is not built "
			      "(toolchain/build-kernel --guest --afterburn --print-dir failed; "
			      "run 'make guest-kernel' in %s)", env->srcdir);
		return NULL;
	}
	if (access(env->installed_kernel, R_OK) == 0)
		return xasprintf("%s", env->installed_kernel);
	profile_error(p, line, err, errlen,
		      "kernel @guest-kernel: %s: %s (install lol-guest, or set LOL_GUEST_KERNEL)",
		      env->installed_kernel, strerror(errno));
	return NULL;
}

/* Make v->text an absolute, canonical path of an existing file. */
static int resolve_file(const struct profile *p, const char *what, struct pval *v,
			const char *path, const struct launch_env *env, bool want_write,
			char *err, size_t errlen)
{
	char *full = expand_path(path, env);
	char *real = realpath(full, NULL);
	struct stat st;
	if (!real || stat(real, &st)) {
		profile_error(p, v->line, err, errlen, "%s %s: %s", what, full, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) && !(want_write && S_ISBLK(st.st_mode))) {
		profile_error(p, v->line, err, errlen, "%s %s: not a regular file", what, full);
		goto fail;
	}
	if (access(real, want_write ? R_OK | W_OK : R_OK)) {
		profile_error(p, v->line, err, errlen, "%s %s: %s", what, full, strerror(errno));
		goto fail;
	}
	free(full);
	free(v->text);
	v->text = real;
	return 0;
fail:
	free(full);
	free(real);
	return -1;
}

static int check_elf(const struct profile *p, const struct pval *v, char *err, size_t errlen)
{
	unsigned char magic[4] = { 0 };
	int fd = open(v->text, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, magic, 4) : -1;
	if (fd >= 0)
		close(fd);
	if (n != 4 || memcmp(magic, "\177ELF", 4)) {
		profile_error(p, v->line, err, errlen, "kernel %s: not an ELF file (a vmlinux)",
			      v->text);
		return -1;
	}
	return 0;
}

int profile_resolve(struct profile *p, const struct launch_env *env, char *err, size_t errlen)
{
	char *path;
	const char *kernel = p->kernel.text;
	if (!strcmp(kernel, "@guest-kernel")) {
		path = guest_kernel(p, p->kernel.line, env, err, errlen);
		if (!path)
			return -1;
	} else if (kernel[0] == '@') {
		profile_error(p, p->kernel.line, err, errlen,
			      "kernel %s: unknown (the one @ name for a kernel is @guest-kernel)",
			      kernel);
		return -1;
	} else {
		path = xasprintf("%s", kernel);
	}
	int r = resolve_file(p, "kernel", &p->kernel, path, env, false, err, errlen);
	free(path);
	if (r || check_elf(p, &p->kernel, err, errlen))
		return -1;

	if (p->initrd.text) {
		path = xasprintf("%s", p->initrd.text);
		r = resolve_file(p, "initrd", &p->initrd, path, env, false, err, errlen);
		free(path);
		if (r)
			return -1;
	}

	for (unsigned i = 0; i < p->ndisks; i++) {
		struct pval *d = &p->disk[i];
		if (!strcmp(d->text, "@default-disk")) {
			path = xasprintf("%s/images/default.img", env->cache);
			if (access(path, F_OK)) {
				profile_error(p, d->line, err, errlen,
					      "disk @default-disk: %s: %s (make it with 'make run' "
					      "or launch/build-default-disk in lol's source tree, "
					      "or with lol-mkimage)", path, strerror(errno));
				free(path);
				return -1;
			}
		} else if (d->text[0] == '@') {
			profile_error(p, d->line, err, errlen,
				      "disk %s: unknown (the one @ name for a disk is @default-disk)",
				      d->text);
			return -1;
		} else {
			path = xasprintf("%s", d->text);
		}
		r = resolve_file(p, "disk", d, path, env, true, err, errlen);
		free(path);
		if (r)
			return -1;
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(p->disk[j].text, d->text)) {
				profile_error(p, d->line, err, errlen,
					      "disk %s: already the disk of line %u", d->text,
					      p->disk[j].line);
				return -1;
			}
	}
	return 0;
}
