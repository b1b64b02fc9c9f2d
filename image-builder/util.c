// SPDX-License-Identifier: GPL-2.0
/*
 * lol-mkimage: messages, clean-up at exit, progress, small helpers.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mkimage.h"

const char *progname = "lol-mkimage";
int quiet;

/* ---- clean-up registry ---- */
#define MAXCLEAN 64
static char *clean_files[MAXCLEAN], *clean_dirs[MAXCLEAN];
static pid_t clean_pids[MAXCLEAN];
static int nclean_files, nclean_dirs, nclean_pids;
static pid_t main_pid;

static void on_signal(int sig)
{
	for (int i = 0; i < nclean_pids; i++)
		if (clean_pids[i] > 0)
			kill(clean_pids[i], SIGTERM);
	for (int i = 0; i < nclean_files; i++)
		if (clean_files[i])
			unlink(clean_files[i]);
	for (int i = 0; i < nclean_dirs; i++)
		if (clean_dirs[i])
			remove_tree(clean_dirs[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	main_pid = getpid();
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
}

void cleanup_file(const char *path)
{
	install_handlers();
	if (nclean_files < MAXCLEAN)
		clean_files[nclean_files++] = xstrdup(path);
}

void cleanup_file_done(const char *path)
{
	for (int i = 0; i < nclean_files; i++)
		if (clean_files[i] && !strcmp(clean_files[i], path)) {
			free(clean_files[i]);
			clean_files[i] = NULL;
		}
}

void cleanup_dir(const char *path)
{
	install_handlers();
	if (nclean_dirs < MAXCLEAN)
		clean_dirs[nclean_dirs++] = xstrdup(path);
}

void cleanup_pid(pid_t pid)
{
	install_handlers();
	if (nclean_pids < MAXCLEAN)
		clean_pids[nclean_pids++] = pid;
}

void cleanup_pid_done(pid_t pid)
{
	for (int i = 0; i < nclean_pids; i++)
		if (clean_pids[i] == pid)
			clean_pids[i] = 0;
}

void cleanup_run(void)
{
	if (main_pid && getpid() != main_pid)
		return;
	for (int i = 0; i < nclean_pids; i++)
		if (clean_pids[i] > 0) {
			kill(clean_pids[i], SIGTERM);
			waitpid(clean_pids[i], NULL, 0);
			clean_pids[i] = 0;
		}
	for (int i = 0; i < nclean_files; i++)
		if (clean_files[i]) {
			unlink(clean_files[i]);
			free(clean_files[i]);
			clean_files[i] = NULL;
		}
	for (int i = 0; i < nclean_dirs; i++)
		if (clean_dirs[i]) {
			remove_tree(clean_dirs[i]);
			free(clean_dirs[i]);
			clean_dirs[i] = NULL;
		}
}

/* rm -rf that also copes with directories the tree made unwritable. */
static void remove_at(int dfd, const char *name)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		if (fchmodat(dfd, name, 0700, 0) < 0) {
			/* removal below reports nothing either: best effort */
		}
		int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		if (fd >= 0) {
			DIR *d = fdopendir(fd);
			if (d) {
				struct dirent *de;
				while ((de = readdir(d)))
					if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
						remove_at(dirfd(d), de->d_name);
				closedir(d);
			} else
				close(fd);
		}
		unlinkat(dfd, name, AT_REMOVEDIR);
	} else
		unlinkat(dfd, name, 0);
}

void remove_tree(const char *path)
{
	remove_at(AT_FDCWD, path);
}

/* ---- messages ---- */
static int progress_open_line;

static void end_progress_line(void)
{
	if (progress_open_line) {
		fputc('\n', stdout);
		fflush(stdout);
		progress_open_line = 0;
	}
}

void die(int status, const char *fmt, ...)
{
	va_list ap;
	end_progress_line();
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cleanup_run();
	/* Straight out: whatever is still allocated goes with the process. */
	fflush(NULL);
	_exit(status);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;
	end_progress_line();
	fflush(stdout);
	fprintf(stderr, "%s: warning: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void info(const char *fmt, ...)
{
	va_list ap;
	if (quiet)
		return;
	end_progress_line();
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	va_start(ap, fmt);
	int n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		die(EXIT_FAIL, "out of memory");
	return p;
}

const char *printable(const char *s)
{
	static char bufs[4][1024];
	static int next;
	char *b = bufs[next++ & 3];
	size_t o = 0;
	if (!s)
		return "(null)";
	for (; *s && o < sizeof(bufs[0]) - 8; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			b[o++] = '\\';
			b[o++] = 'n';
		} else if (c == '\t') {
			b[o++] = '\\';
			b[o++] = 't';
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(b + o, 8, "\\x%02x", c);
		} else
			b[o++] = (char)c;
	}
	if (*s)
		strcpy(b + o, "...");
	else
		b[o] = 0;
	return b;
}

const char *self_exe(void)
{
	static char buf[4096];
	if (!buf[0]) {
		ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
		if (n <= 0)
			die(EXIT_FAIL, "cannot find my own executable: %s", strerror(errno));
		buf[n] = 0;
	}
	return buf;
}

char *find_program(const char *name)
{
	const char *path = getenv("PATH");
	char *dirs = xasprintf("%s:/usr/sbin:/sbin:/usr/bin:/bin", path ? path : "");
	char *save, *d, *found = NULL;
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", *d ? d : ".", name);
		if (access(p, X_OK) == 0) {
			found = p;
			break;
		}
		free(p);
	}
	free(dirs);
	return found;
}

int run_wait(char *const argv[], int out_fd)
{
	char *prog = strchr(argv[0], '/') ? xstrdup(argv[0]) : find_program(argv[0]);
	if (!prog)
		return -1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die(EXIT_FAIL, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (out_fd >= 0) {
			dup2(out_fd, 1);
			dup2(out_fd, 2);
		}
		execv(prog, argv);
		_exit(127);
	}
	free(prog);
	cleanup_pid(pid);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die(EXIT_FAIL, "waitpid: %s", strerror(errno));
	cleanup_pid_done(pid);
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* ---- progress: a bar on a terminal, plain lines otherwise ---- */
int progress_step, progress_steps;
static struct {
	const char *what;
	uint64_t total, bytes, entries;
	int tty, last_decile;
	struct timespec last;
	bool active;
} P;

static void human(char *b, size_t n, uint64_t v)
{
	if (v >= (10ULL << 30))
		snprintf(b, n, "%.1f GiB", v / 1073741824.0);
	else if (v >= (10ULL << 20))
		snprintf(b, n, "%llu MiB", (unsigned long long)(v >> 20));
	else if (v >= (10ULL << 10))
		snprintf(b, n, "%llu KiB", (unsigned long long)(v >> 10));
	else
		snprintf(b, n, "%llu B", (unsigned long long)v);
}

static void draw(bool final)
{
	char done[32];
	bool counted = P.bytes || P.entries;
	human(done, sizeof(done), P.bytes);
	if (P.tty) {
		printf("\r[%d/%d] %s", progress_step, progress_steps, P.what);
		if (P.total) {
			int pct = (int)(P.bytes * 100 / P.total);
			if (pct > 100 || final)
				pct = 100;
			char bar[31];
			int fill = pct * 30 / 100;
			for (int i = 0; i < 30; i++)
				bar[i] = i < fill ? '#' : '.';
			bar[30] = 0;
			printf(" [%s] %3d%%", bar, pct);
		}
		if (counted)
			printf("  %s, %llu entries", done, (unsigned long long)P.entries);
		if (final && !counted)
			printf(": done");
		printf("\033[K");
		progress_open_line = 1;
		if (final) {
			fputc('\n', stdout);
			progress_open_line = 0;
		}
	} else if (final) {
		if (counted)
			printf("[%d/%d] %s: done (%s, %llu entries)\n", progress_step,
			       progress_steps, P.what, done, (unsigned long long)P.entries);
	} else {
		int pct = P.total ? (int)(P.bytes * 100 / P.total) : 0;
		printf("[%d/%d] %s: %d%% (%s, %llu entries)\n", progress_step, progress_steps,
		       P.what, pct > 100 ? 100 : pct, done, (unsigned long long)P.entries);
	}
	fflush(stdout);
}

void progress_phase(const char *what, uint64_t total)
{
	progress_end();
	progress_step++;
	if (progress_step > progress_steps)
		progress_steps = progress_step;
	memset(&P, 0, sizeof(P));
	P.what = what;
	P.total = total;
	P.tty = isatty(1);
	P.active = true;
	if (quiet)
		return;
	if (P.tty)
		draw(false);
	else {
		printf("[%d/%d] %s\n", progress_step, progress_steps, what);
		fflush(stdout);
	}
	clock_gettime(CLOCK_MONOTONIC, &P.last);
}

void progress_add(uint64_t bytes, uint64_t entries)
{
	P.bytes += bytes;
	P.entries += entries;
	if (quiet || !P.active)
		return;
	if (P.tty) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - P.last.tv_sec) * 1000000000L + (now.tv_nsec - P.last.tv_nsec) >
		    100000000L) {
			P.last = now;
			draw(false);
		}
	} else if (P.total) {
		int decile = (int)(P.bytes * 10 / P.total);
		if (decile > P.last_decile && decile < 10) {
			P.last_decile = decile;
			draw(false);
		}
	}
}

void progress_end(void)
{
	if (!P.active)
		return;
	P.active = false;
	if (!quiet)
		draw(true);
}
