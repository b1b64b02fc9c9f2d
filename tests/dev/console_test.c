// SPDX-License-Identifier: GPL-2.0
/*
 * The console in each mode: stdio on pipes (a stream), stdio on a terminal
 * (a pty pair standing in: raw mode, the Ctrl-A keys, restoring the
 * terminal on exit, on SIGTERM and on a crash), a pty, a unix socket, none.
 * Input has to raise the KEYBOARD vector the guest bound.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "fakehost.h"
#include "tap.h"

#define KBD_VECTOR 0x41

/* results gathered while stdout is not ours, reported afterwards */
static struct { bool ok; char what[120]; } held[32];
static int nheld;

static void hold(bool ok, const char *what)
{
	if (nheld < 32) {
		held[nheld].ok = ok;
		snprintf(held[nheld].what, sizeof(held[nheld].what), "%s", what);
		nheld++;
	}
}

static void report_held(void)
{
	for (int i = 0; i < nheld; i++)
		tap_ok(held[i].ok, "%s", held[i].what);
	nheld = 0;
}

static struct devices *make(struct fakehost *h, struct dev_host *dh, struct vmm_config *cfg)
{
	struct devices *d = devices_create(cfg, dh);

	if (d)
		fh_ssc(d, SSC_CONNECT_INTERRUPT, SSC_INTR_KEYBOARD, KBD_VECTOR, 0, 0, NULL);
	h->nirqs = 0;
	return d;
}

static void guest_puts(struct devices *d, const char *s)
{
	for (; *s; s++)
		fh_ssc(d, SSC_PUTCHAR, (uint8_t)*s, 0, 0, 0, NULL);
}

/* what the guest reads with SSC_GETCHAR until it gets 0 */
static size_t guest_gets(struct devices *d, char *buf, size_t max)
{
	size_t n = 0;
	uint64_t c;

	while (n + 1 < max && (c = fh_ssc(d, SSC_GETCHAR, 0, 0, 0, 0, NULL)) != 0)
		buf[n++] = (char)c;
	buf[n] = 0;
	return n;
}

static size_t read_some(int fd, char *buf, size_t max, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t n = 0;

	while (n + 1 < max && poll(&p, 1, ms) > 0) {
		ssize_t r = read(fd, buf + n, max - 1 - n);

		if (r <= 0)
			break;
		n += (size_t)r;
		ms = 50; /* the rest comes quickly */
	}
	buf[n] = 0;
	return n;
}

/* stdio on pipes: a script feeding the guest */
static void test_stdio_stream(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct devices *d;
	int in[2], out[2], saved0, saved1;
	char buf[64];
	bool created;

	fh_init(&h, &dh);
	cfg.console = VMM_CONSOLE_STDIO;
	if (pipe(in) < 0 || pipe(out) < 0)
		abort();
	fflush(stdout);
	saved0 = dup(0);
	saved1 = dup(1);
	dup2(in[0], 0);
	dup2(out[1], 1);
	d = make(&h, &dh, &cfg);
	created = d != NULL;
	if (d) {
		if (write(in[1], "hi\n", 3) != 3)
			abort();
		FH_POLL_UNTIL(d, 100, 20, fh_ssc(d, SSC_LOL_CONSOLE_READY, 0, 0, 0, 0, NULL) == 3);
		hold(fh_ssc(d, SSC_LOL_CONSOLE_READY, 0, 0, 0, 0, NULL) == 3,
		     "stdio stream: 3 bytes from a pipe wait (SSC_LOL_CONSOLE_READY)");
		hold(fh_raised(&h, KBD_VECTOR), "stdio stream: input raised the KEYBOARD vector");
		guest_gets(d, buf, sizeof(buf));
		hold(!strcmp(buf, "hi\n"), "stdio stream: SSC_GETCHAR reads them, then 0");
		guest_puts(d, "out\r\n");
		devices_poll(d, NULL, 0);
		read_some(out[0], buf, sizeof(buf), 1000);
		hold(!strcmp(buf, "out\r\n"), "stdio stream: SSC_PUTCHAR output reaches stdout at the poll");
		close(in[1]);
		FH_POLL_UNTIL(d, 20, 10, 0);
		{
			struct pollfd fds[8];
			int n = devices_pollfds(d, fds, 8);
			bool polls_stdin = false;

			for (int i = 0; i < n; i++)
				polls_stdin |= fds[i].fd == 0;
			hold(!polls_stdin, "stdio stream: at end of input stdin is no longer polled");
		}
		guest_puts(d, "bye");
		devices_destroy(d);
		read_some(out[0], buf, sizeof(buf), 1000);
		hold(!strcmp(buf, "bye"), "stdio stream: devices_destroy flushes pending output");
	}
	dup2(saved0, 0);
	dup2(saved1, 1);
	close(saved0);
	close(saved1);
	close(in[0]);
	close(out[0]);
	close(out[1]);
	tap_ok(created, "stdio console on pipes created");
	report_held();
	fh_free(&h);
}

static int open_pty_pair(int *slave, char *name, size_t namesz)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 || ptsname_r(m, name, namesz) != 0)
		return -1;
	*slave = open(name, O_RDWR | O_NOCTTY);
	return *slave < 0 ? -1 : m;
}

static bool is_cooked(int fd)
{
	struct termios t;

	return tcgetattr(fd, &t) == 0 && (t.c_lflag & ICANON) && (t.c_lflag & ECHO);
}

/* stdio on a terminal: raw mode, the Ctrl-A keys, restoring */
static void test_stdio_tty(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct fh_capture cap;
	struct devices *d;
	struct termios t;
	int m, s, saved0, saved1, status = -1;
	char name[64], buf[64];
	bool raw = false, opost = false, quit;

	m = open_pty_pair(&s, name, sizeof(name));
	if (m < 0) {
		tap_skip("no pseudo-terminals here");
		return;
	}
	fh_init(&h, &dh);
	cfg.console = VMM_CONSOLE_STDIO;
	tap_ok(is_cooked(s), "tty: the terminal starts cooked");
	fflush(stdout);
	saved0 = dup(0);
	saved1 = dup(1);
	dup2(s, 0);
	dup2(s, 1);
	fh_capture_begin(&cap);
	d = make(&h, &dh, &cfg);
	if (d) {
		if (tcgetattr(0, &t) == 0) {
			raw = !(t.c_lflag & (ICANON | ECHO | ISIG));
			opost = (t.c_oflag & OPOST) != 0;
		}
		/* a, b, Ctrl-A Ctrl-A (one Ctrl-A), c, Ctrl-A h (help) */
		if (write(m, "ab\x01\x01" "c\x01h", 7) != 7)
			abort();
		FH_POLL_UNTIL(d, 100, 20, fh_ssc(d, SSC_LOL_CONSOLE_READY, 0, 0, 0, 0, NULL) >= 4);
		guest_gets(d, buf, sizeof(buf));
		hold(!strcmp(buf, "ab\x01" "c"), "tty: Ctrl-A Ctrl-A gives the guest one Ctrl-A");
		hold(fh_raised(&h, KBD_VECTOR), "tty: typing raised the KEYBOARD vector");
		guest_puts(d, "\r\nguest> ");
		devices_poll(d, NULL, 0);
		read_some(m, buf, sizeof(buf), 1000);
		hold(strstr(buf, "guest> ") != NULL, "tty: guest output reaches the terminal");
		hold(!devices_quit_requested(d, NULL), "tty: no quit yet");
		if (write(m, "\x01x", 2) != 2)
			abort();
		FH_POLL_UNTIL(d, 100, 20, devices_quit_requested(d, NULL));
		quit = devices_quit_requested(d, &status);
		hold(quit && status == 0, "tty: Ctrl-A x asks the monitor to quit (status 0)");
		devices_destroy(d);
	}
	fh_capture_end(&cap);
	dup2(saved0, 0);
	dup2(saved1, 1);
	close(saved0);
	close(saved1);
	tap_ok(d != NULL, "tty: stdio console on a terminal created");
	tap_ok(raw && opost, "tty: made raw (no ICANON/ECHO/ISIG), output processing kept");
	report_held();
	tap_ok(strstr(cap.text, "Ctrl-A x quit") != NULL, "tty: Ctrl-A h prints the keys");
	tap_ok(strstr(cap.text, "quit (Ctrl-A x)") != NULL, "tty: Ctrl-A x says so");
	tap_ok(is_cooked(s), "tty: devices_destroy restores the terminal");

	/* a child that is killed: first SIGTERM asks to quit, the monitor
	 * (here the child's loop) destroys and exits 128 + 15 */
	for (int round = 0; round < 2; round++) {
		int sync[2];
		pid_t pid;
		char c;

		if (pipe(sync) < 0)
			abort();
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			struct rlimit no_core = { 0, 0 };
			struct devices *cd;
			int st;

			setrlimit(RLIMIT_CORE, &no_core);
			dup2(s, 0);
			dup2(s, 1);
			cd = devices_create(&cfg, &dh);
			if (!cd || write(sync[1], "r", 1) != 1)
				_exit(99);
			if (round == 1)
				raise(SIGSEGV); /* a monitor bug */
			for (int i = 0; i < 500; i++) {
				struct pollfd fds[8];
				int n = devices_pollfds(cd, fds, 8);

				poll(fds, (nfds_t)n, 10);
				devices_poll(cd, fds, n);
				if (devices_quit_requested(cd, &st)) {
					devices_destroy(cd);
					_exit(st);
				}
			}
			_exit(98);
		}
		close(sync[1]);
		if (read(sync[0], &c, 1) != 1)
			c = 0;
		close(sync[0]);
		if (round == 0) {
			tap_ok(c == 'r' && !is_cooked(s), "tty: a second instance (child) makes it raw again");
			kill(pid, SIGTERM);
			waitpid(pid, &status, 0);
			tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGTERM,
			       "tty: SIGTERM makes the monitor quit with 143 (got %d)",
			       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			tap_ok(is_cooked(s), "tty: and the terminal is restored");
		} else {
			waitpid(pid, &status, 0);
			tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
			       "tty: a crash still dies of its signal");
			tap_ok(is_cooked(s), "tty: with the terminal restored");
		}
	}
	close(s);
	close(m);
	fh_free(&h);
}

static void test_pty(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct fh_capture cap;
	struct devices *d;
	const char *path;
	char buf[64], want[128];
	int fd;

	fh_init(&h, &dh);
	cfg.console = VMM_CONSOLE_PTY;
	fh_capture_begin(&cap);
	d = make(&h, &dh, &cfg);
	fh_capture_end(&cap);
	path = d ? devices_console_path(d) : NULL;
	tap_ok(path && !strncmp(path, "/dev/pts/", 9), "pty: created (%s)", path ? path : "none");
	if (!path) {
		fh_free(&h);
		return;
	}
	snprintf(want, sizeof(want), "lol-vmm: console on %s\n", path);
	tap_ok(!strcmp(cap.text, want), "pty: announced on stderr as \"lol-vmm: console on /dev/pts/N\"");
	guest_puts(d, "early boot\r\n");
	devices_poll(d, NULL, 0);
	fd = open(path, O_RDWR | O_NOCTTY);
	read_some(fd, buf, sizeof(buf), 1000);
	tap_ok(!strcmp(buf, "early boot\r\n"), "pty: output written before anyone opened it is there");
	if (write(fd, "ls\r", 3) != 3)
		abort();
	FH_POLL_UNTIL(d, 100, 20, fh_ssc(d, SSC_LOL_CONSOLE_READY, 0, 0, 0, 0, NULL) == 3);
	guest_gets(d, buf, sizeof(buf));
	tap_ok(!strcmp(buf, "ls\r") && fh_raised(&h, KBD_VECTOR), "pty: input reaches the guest, raw, with an interrupt");

	/* a guest that stops reading half way is interrupted again, once */
	if (write(fd, "abcde", 5) != 5)
		abort();
	h.nirqs = 0;
	FH_POLL_UNTIL(d, 100, 20, h.nirqs > 0);
	fh_ssc(d, SSC_GETCHAR, 0, 0, 0, 0, NULL);
	fh_ssc(d, SSC_GETCHAR, 0, 0, 0, 0, NULL);
	devices_poll(d, NULL, 0);
	tap_ok(h.nirqs == 2, "pty: input left unread after a GETCHAR raises the vector again");
	devices_poll(d, NULL, 0);
	tap_ok(h.nirqs == 2, "pty: but not again without another GETCHAR");
	guest_gets(d, buf, sizeof(buf));
	devices_poll(d, NULL, 0);
	tap_ok(!strcmp(buf, "cde") && h.nirqs == 2, "pty: drained, no more interrupts");

	{
		struct timespec t0, t1;
		size_t got, all_x = 1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < 200000; i++)
			fh_ssc(d, SSC_PUTCHAR, 'x', 0, 0, 0, NULL);
		devices_poll(d, NULL, 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		got = read_some(fd, buf, sizeof(buf), 1000);
		for (size_t i = 0; i < got; i++)
			all_x &= buf[i] == 'x';
		tap_ok(t1.tv_sec - t0.tv_sec < 3 && got > 0 && all_x,
		       "pty: 200000 bytes nobody reads do not block the monitor");
	}
	close(fd);
	devices_destroy(d);
	fh_free(&h);
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(sa.sun_path, path);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(s);
		return -1;
	}
	return s;
}

static void test_unix(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct fh_capture cap;
	struct devices *d;
	char dir[64], path[128], buf[64];
	int c;

	strcpy(dir, "/tmp/lol-con-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/console.sock", dir);
	fh_init(&h, &dh);
	cfg.console = VMM_CONSOLE_UNIX;
	cfg.console_path = path;
	fh_capture_begin(&cap);
	d = make(&h, &dh, &cfg);
	fh_capture_end(&cap);
	tap_ok(d && strstr(cap.text, "console on unix:") && !strcmp(devices_console_path(d), path),
	       "unix: listening, announced");
	if (!d) {
		fh_free(&h);
		return;
	}
	guest_puts(d, "before\r\n");
	devices_poll(d, NULL, 0);
	c = connect_unix(path);
	FH_POLL_UNTIL(d, 50, 20, 0);
	read_some(c, buf, sizeof(buf), 1000);
	tap_ok(!strcmp(buf, "before\r\n"), "unix: output from before the client connected is delivered");
	if (write(c, "root\n", 5) != 5)
		abort();
	FH_POLL_UNTIL(d, 100, 20, fh_ssc(d, SSC_LOL_CONSOLE_READY, 0, 0, 0, 0, NULL) == 5);
	guest_gets(d, buf, sizeof(buf));
	tap_ok(!strcmp(buf, "root\n") && fh_raised(&h, KBD_VECTOR), "unix: client input reaches the guest");
	close(c);
	FH_POLL_UNTIL(d, 20, 10, 0);
	guest_puts(d, "again");
	c = connect_unix(path);
	FH_POLL_UNTIL(d, 50, 20, 0);
	read_some(c, buf, sizeof(buf), 1000);
	tap_ok(!strcmp(buf, "again"), "unix: after the client leaves the next one is served");
	close(c);
	devices_destroy(d);
	tap_ok(access(path, F_OK) != 0, "unix: the socket is removed at the end");

	/* a regular file in the way is not clobbered */
	close(open(path, O_WRONLY | O_CREAT, 0644));
	fh_capture_begin(&cap);
	d = devices_create(&cfg, &dh);
	fh_capture_end(&cap);
	tap_ok(!d && strstr(cap.text, "not a socket") && fh_count(cap.text, "\n") == 1 &&
	       access(path, F_OK) == 0, "unix: a file at PATH is one error and left alone");
	unlink(path);
	rmdir(dir);
	fh_free(&h);
}

static void test_none(void)
{
	struct fakehost h;
	struct dev_host dh;
	struct vmm_config cfg = fh_config();
	struct devices *d;
	struct pollfd fds[8];

	fh_init(&h, &dh);
	d = make(&h, &dh, &cfg);
	guest_puts(d, "into the void");
	tap_ok(d && fh_ssc(d, SSC_GETCHAR, 0, 0, 0, 0, NULL) == 0 && devices_pollfds(d, fds, 8) == 0 &&
	       devices_timeout_ms(d) == -1, "none: output dropped, no input, nothing to poll");
	devices_destroy(d);
	fh_free(&h);
}

int main(void)
{
	test_stdio_stream();
	test_stdio_tty();
	test_pty();
	test_unix();
	test_none();
	return tap_done();
}
