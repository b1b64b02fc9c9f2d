// SPDX-License-Identifier: GPL-2.0
/*
 * The hp-sim console (simserial / simcons): SSC_PUTCHAR, SSC_GETCHAR (0 when
 * nothing waits), SSC_CONSOLE_INIT and SSC_LOL_CONSOLE_READY; input raises
 * the KEYBOARD interrupt type.
 *
 * Host side, from --console:
 *   stdio     a terminal on stdin is made raw (restored at exit, on
 *             SIGINT/SIGTERM/SIGHUP and on crashes); Ctrl-A x quits,
 *             Ctrl-A Ctrl-A sends Ctrl-A.  Anything else on stdin (a pipe,
 *             a file) is read as a plain stream, so scripts can drive it.
 *   pty       a new pseudo-terminal, announced on stderr;
 *   unix:PATH a listening socket; one client at a time;
 *   none      output dropped, no input.
 * Output is buffered and written at every poll and before the monitor
 * blocks or exits.  With nobody reading (pty, socket) the newest 64 KiB are
 * kept, so a client that connects late still sees the end of the boot.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "dev-priv.h"

#define CON_IN_SIZE 4096
#define CON_OUT_MAX 65536
#define CON_OUT_TRIM 16384 /* dropped at once when nobody reads */
#define CTRL_A 0x01

struct console {
	enum vmm_console mode;
	int in_fd, out_fd;     /* -1: none (no client yet, EOF, closed) */
	int listen_fd;         /* unix: the listening socket */
	int pty_slave;         /* pty: held open so the master never sees a hangup */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	bool raw;              /* stdio on a terminal we made raw */
	bool in_eof;
	bool out_dead;         /* stdout went away: output dropped */
	bool esc;              /* raw: Ctrl-A seen */
	bool arrived;          /* new input since the last interrupt */
	bool consumed;         /* the guest read some since the last interrupt */
	uint8_t in[CON_IN_SIZE];
	unsigned in_head, in_len;
	size_t out_len;
	uint8_t out[CON_OUT_MAX];
	bool signals;
	struct sigaction old_quit[3], old_crash[5];
};

/* ---- the host terminal; static because signal handlers need it ---- */

static struct termios term_saved;
static volatile sig_atomic_t term_is_raw;
static volatile sig_atomic_t quit_signal;
static bool term_atexit_done;

static const int quit_sigs[3] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_sigs[5] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };

static void term_restore(void)
{
	if (term_is_raw) {
		tcsetattr(STDIN_FILENO, TCSANOW, &term_saved);
		term_is_raw = 0;
	}
}

/* First signal: ask the monitor to stop cleanly (it checks
 * devices_quit_requested); a second one means it did not: default action. */
static void on_quit_signal(int sig)
{
	if (quit_signal) {
		term_restore();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	quit_signal = sig;
}

static void on_crash_signal(int sig)
{
	term_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

int console_quit_signal(void)
{
	return quit_signal;
}

static void install_signals(struct console *c)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal; /* no SA_RESTART: poll() must see EINTR */
	for (int i = 0; i < 3; i++)
		sigaction(quit_sigs[i], &sa, &c->old_quit[i]);
	if (c->raw) {
		sa.sa_handler = on_crash_signal;
		sa.sa_flags = SA_NODEFER;
		for (int i = 0; i < 5; i++)
			sigaction(crash_sigs[i], &sa, &c->old_crash[i]);
	}
	c->signals = true;
}

static void remove_signals(struct console *c)
{
	if (!c->signals)
		return;
	for (int i = 0; i < 3; i++)
		sigaction(quit_sigs[i], &c->old_quit[i], NULL);
	if (c->raw)
		for (int i = 0; i < 5; i++)
			sigaction(crash_sigs[i], &c->old_crash[i], NULL);
	c->signals = false;
	quit_signal = 0;
}

static int make_raw(struct console *c)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &term_saved) < 0)
		return 0; /* not a terminal after all: a stream */
	t = term_saved;
	cfmakeraw(&t);
	/* keep output processing, so the monitor's own "\n" lines still
	 * start at column 0 (the guest already sends "\r\n") */
	t.c_oflag |= OPOST;
	/* never block in read(): poll() says when to read */
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) < 0) {
		dev_warn("--console stdio: cannot make the terminal raw: %s", strerror(errno));
		return -1;
	}
	term_is_raw = 1;
	c->raw = true;
	if (!term_atexit_done) {
		atexit(term_restore);
		term_atexit_done = true;
	}
	return 0;
}

/* ---- back ends ---- */

static int open_pty(struct console *c)
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 ||
	    ptsname_r(m, c->path, sizeof(c->path)) != 0) {
		dev_warn("--console pty: cannot create a pseudo-terminal: %s", strerror(errno));
		if (m >= 0)
			close(m);
		return -1;
	}
	c->pty_slave = open(c->path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->pty_slave < 0) {
		dev_warn("--console pty: cannot open %s: %s", c->path, strerror(errno));
		close(m);
		return -1;
	}
	/* bytes pass as they are: the guest does its own line discipline */
	if (tcgetattr(c->pty_slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(c->pty_slave, TCSANOW, &t);
	}
	fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
	c->in_fd = c->out_fd = m;
	dev_warn("console on %s", c->path);
	return 0;
}

static int open_unix(struct console *c, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int s;

	if (!path || !*path) {
		dev_warn("--console unix:PATH: no path given");
		return -1;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		dev_warn("--console unix:%s: path longer than %zu bytes", path, sizeof(sa.sun_path) - 1);
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (lstat(path, &st) == 0) {
		int probe;

		if (!S_ISSOCK(st.st_mode)) {
			dev_warn("--console unix:%s: exists and is not a socket", path);
			return -1;
		}
		/* a socket nobody listens on is a leftover: replace it */
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			close(probe);
			dev_warn("--console unix:%s: another program is listening there", path);
			return -1;
		}
		if (probe >= 0)
			close(probe);
		unlink(path);
	}
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 1) < 0) {
		dev_warn("--console unix:%s: %s", path, strerror(errno));
		if (s >= 0)
			close(s);
		return -1;
	}
	c->listen_fd = s;
	strcpy(c->path, path);
	dev_warn("console on unix:%s (waiting for a client)", path);
	return 0;
}

static void drop_client(struct console *c)
{
	if (c->mode != VMM_CONSOLE_UNIX || c->in_fd < 0)
		return;
	close(c->in_fd);
	c->in_fd = c->out_fd = -1;
	c->esc = false;
}

static int console_init(struct devices *d)
{
	struct console *c = calloc(1, sizeof(*c));

	if (!c) {
		dev_warn("out of memory for the console");
		return -1;
	}
	c->mode = d->cfg->console;
	c->in_fd = c->out_fd = c->listen_fd = c->pty_slave = -1;
	d->console = c;
	switch (c->mode) {
	case VMM_CONSOLE_STDIO:
		c->in_fd = STDIN_FILENO;
		c->out_fd = STDOUT_FILENO;
		if (isatty(STDIN_FILENO) && make_raw(c) < 0)
			goto fail;
		break;
	case VMM_CONSOLE_PTY:
		if (open_pty(c) < 0)
			goto fail;
		break;
	case VMM_CONSOLE_UNIX:
		if (open_unix(c, d->cfg->console_path) < 0)
			goto fail;
		break;
	case VMM_CONSOLE_NONE:
		c->in_eof = true;
		break;
	default:
		dev_warn("console: unknown mode %d", (int)c->mode);
		goto fail;
	}
	install_signals(c);
	return 0;
fail:
	free(c);
	d->console = NULL;
	return -1;
}

/* ---- output ---- */

static void out_trim(struct console *c, size_t n)
{
	if (n > c->out_len)
		n = c->out_len;
	memmove(c->out, c->out + n, c->out_len - n);
	c->out_len -= n;
}

/* Write what the host side takes now; stdio blocks until all is out. */
static void flush_out(struct console *c)
{
	while (c->out_len) {
		ssize_t w;

		if (c->mode == VMM_CONSOLE_NONE || c->out_dead) {
			c->out_len = 0;
			return;
		}
		if (c->out_fd < 0)
			return; /* no client yet: keep the newest output */
		if (c->mode == VMM_CONSOLE_UNIX)
			w = send(c->out_fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		else
			w = write(c->out_fd, c->out, c->out_len);
		if (w > 0) {
			out_trim(c, (size_t)w);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd p = { .fd = c->out_fd, .events = POLLOUT };

			if (c->mode != VMM_CONSOLE_STDIO)
				return; /* try again at the next poll */
			/* stdout is non-blocking (someone else's choice): wait */
			poll(&p, 1, -1);
			continue;
		}
		if (c->mode == VMM_CONSOLE_UNIX) {
			drop_client(c);
			return;
		}
		if (c->mode == VMM_CONSOLE_STDIO) {
			dev_warn("console output lost from here: stdout: %s",
				 w < 0 ? strerror(errno) : "write returned 0");
			c->out_dead = true;
		}
		return;
	}
}

void console_flush(struct devices *d)
{
	if (d->console)
		flush_out(d->console);
}

static void console_putc(struct console *c, uint8_t ch)
{
	if (c->mode == VMM_CONSOLE_NONE || c->out_dead)
		return;
	if (c->out_len == CON_OUT_MAX) {
		flush_out(c);
		if (c->out_len == CON_OUT_MAX)
			out_trim(c, CON_OUT_TRIM);
	}
	c->out[c->out_len++] = ch;
}

/* ---- input ---- */

static void in_push(struct console *c, uint8_t ch)
{
	if (ch == 0 || c->in_len == CON_IN_SIZE)
		return; /* 0 means "nothing waits" to the guest */
	c->in[(c->in_head + c->in_len) % CON_IN_SIZE] = ch;
	c->in_len++;
	c->arrived = true;
}

static void in_bytes(struct devices *d, struct console *c, const uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t ch = buf[i];

		if (!c->raw) {
			in_push(c, ch);
			continue;
		}
		if (!c->esc) {
			if (ch == CTRL_A)
				c->esc = true;
			else
				in_push(c, ch);
			continue;
		}
		c->esc = false;
		if (ch == 'x' || ch == 'X') {
			dev_warn("quit (Ctrl-A x)");
			dev_request_quit(d, 0);
		} else if (ch == CTRL_A) {
			in_push(c, CTRL_A);
		} else if (ch == 'h' || ch == 'H' || ch == '?') {
			dev_warn("console keys: Ctrl-A x quit, Ctrl-A Ctrl-A send Ctrl-A, Ctrl-A h this help");
		} else {
			in_push(c, CTRL_A);
			in_push(c, ch);
		}
	}
}

static int console_pollfds(struct devices *d, struct pollfd *fds, int max)
{
	struct console *c = d->console;
	short ev = 0;

	if (max < 1)
		return 0;
	if (c->mode == VMM_CONSOLE_UNIX && c->in_fd < 0) {
		fds[0] = (struct pollfd){ .fd = c->listen_fd, .events = POLLIN };
		return 1;
	}
	if (c->in_fd >= 0 && !c->in_eof && c->in_len < CON_IN_SIZE)
		ev |= POLLIN;
	if (c->mode != VMM_CONSOLE_STDIO && c->out_fd >= 0 && c->out_len)
		ev |= POLLOUT;
	if (!ev)
		return 0;
	fds[0] = (struct pollfd){ .fd = c->in_fd >= 0 ? c->in_fd : c->out_fd, .events = ev };
	return 1;
}

static void read_input(struct devices *d, struct console *c, short rev)
{
	uint8_t buf[CON_IN_SIZE];
	size_t room = CON_IN_SIZE - c->in_len;
	ssize_t r;

	if (!room)
		return;
	if (c->mode == VMM_CONSOLE_UNIX)
		r = recv(c->in_fd, buf, room, MSG_DONTWAIT);
	else
		r = read(c->in_fd, buf, room);
	if (r > 0) {
		in_bytes(d, c, buf, (size_t)r);
		return;
	}
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (r == 0 && c->raw && !(rev & (POLLHUP | POLLERR)))
		return; /* VMIN=0 terminal: nothing typed */
	/* end of input */
	if (c->mode == VMM_CONSOLE_UNIX)
		drop_client(c);
	else if (c->mode == VMM_CONSOLE_STDIO)
		c->in_eof = true;
	/* a pty master reads EIO while no one has the slave open: we hold
	 * it, so this is rare; keep polling */
}

static void accept_client(struct devices *d, struct console *c)
{
	int s = accept4(c->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (s < 0)
		return;
	c->in_fd = c->out_fd = s;
	dev_trace(d, "console: client connected on %s", c->path);
	flush_out(c);
}

static void console_poll(struct devices *d, const struct pollfd *fds, int n)
{
	struct console *c = d->console;
	struct pollfd own[1];
	short rev;

	if (n < 1) {
		/* no poll() result for us: look ourselves, without waiting */
		n = console_pollfds(d, own, 1);
		if (n < 1 || poll(own, 1, 0) <= 0)
			return;
		fds = own;
	}
	rev = fds[0].revents;
	if (!rev)
		return;
	if (c->mode == VMM_CONSOLE_UNIX && c->in_fd < 0) {
		if (fds[0].fd == c->listen_fd)
			accept_client(d, c);
		return;
	}
	if (fds[0].fd != (c->in_fd >= 0 ? c->in_fd : c->out_fd))
		return; /* a stale poll set: the client changed since */
	if (rev & POLLNVAL) {
		if (c->mode == VMM_CONSOLE_STDIO)
			c->in_eof = true;
		return;
	}
	if (rev & POLLOUT)
		flush_out(c);
	if ((rev & (POLLIN | POLLHUP | POLLERR)) && c->in_fd >= 0 && !c->in_eof)
		read_input(d, c, rev);
}

static void console_kick(struct devices *d, bool from_poll)
{
	struct console *c = d->console;

	if (!c->in_len)
		return;
	if (c->arrived || (from_poll && c->consumed)) {
		if (dev_raise(d, SSC_INTR_KEYBOARD))
			c->arrived = c->consumed = false;
	}
}

static enum dev_ssc_result console_ssc(struct devices *d, uint64_t nr, const uint64_t arg[4],
				       uint64_t *r8, int *exit_status)
{
	struct console *c = d->console;

	(void)exit_status;
	switch (nr) {
	case SSC_PUTCHAR:
		console_putc(c, (uint8_t)arg[0]);
		*r8 = 0;
		break;
	case SSC_GETCHAR:
		*r8 = 0;
		if (c->in_len) {
			*r8 = c->in[c->in_head];
			c->in_head = (c->in_head + 1) % CON_IN_SIZE;
			c->in_len--;
			c->consumed = true;
		}
		break;
	case SSC_LOL_CONSOLE_READY:
		*r8 = c->in_len;
		break;
	default: /* SSC_CONSOLE_INIT: the host side is ready since start-up */
		*r8 = 0;
		break;
	}
	return DEV_SSC_DONE;
}

static void console_reset(struct devices *d)
{
	d->console->esc = false;
	d->console->arrived = d->console->in_len != 0;
}

static void console_destroy(struct devices *d)
{
	struct console *c = d->console;

	if (!c)
		return;
	flush_out(c);
	if (c->raw) {
		term_restore();
		c->raw = false;
	}
	remove_signals(c);
	switch (c->mode) {
	case VMM_CONSOLE_PTY:
		close(c->in_fd);
		close(c->pty_slave);
		break;
	case VMM_CONSOLE_UNIX:
		drop_client(c);
		close(c->listen_fd);
		unlink(c->path);
		break;
	default:
		break;
	}
	free(c);
	d->console = NULL;
}

const char *devices_console_path(const struct devices *d)
{
	const struct console *c = d->console;

	if (!c || (c->mode != VMM_CONSOLE_PTY && c->mode != VMM_CONSOLE_UNIX))
		return NULL;
	return c->path;
}

static const uint16_t console_sscs[] = { SSC_CONSOLE_INIT, SSC_GETCHAR, SSC_PUTCHAR,
					 SSC_LOL_CONSOLE_READY };
const struct dev_desc dev_console_desc = {
	.name = "console",
	.ssc = console_sscs,
	.nssc = sizeof(console_sscs) / sizeof(console_sscs[0]),
	.init = console_init,
	.ssc_call = console_ssc,
	.pollfds = console_pollfds,
	.poll = console_poll,
	.kick = console_kick,
	.reset = console_reset,
	.destroy = console_destroy,
};
