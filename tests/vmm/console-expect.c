// SPDX-License-Identifier: GPL-2.0
/*
 * console-expect: drive a program's console from a script, for boot tests.
 *
 *   console-expect [-l LOG] [-t SECONDS] [-v] SCRIPT -- COMMAND [ARGS...]
 *
 * COMMAND runs on a new pseudo-terminal (as its controlling terminal, 80x24)
 * and SCRIPT's steps are followed in order, one per line:
 *
 *   expect REGEX [TIMEOUT]     wait for REGEX (POSIX extended) in the output
 *   send TEXT                  type TEXT (escapes: \r \n \t \e \a \b \\ \xHH)
 *   sendline TEXT              type TEXT and Enter (\r)
 *   wait-exit STATUS [TIMEOUT] wait for COMMAND to exit with STATUS (or "any")
 *
 * '#' lines and blank lines are ignored; TIMEOUT is in seconds (default -t,
 * 30).  The output is matched with carriage returns and NUL bytes left out;
 * '^' and '$' match at line ends, '.' does not match a newline, and a match
 * consumes the output up to its end, so the next expect looks further on.
 * Every byte COMMAND writes goes to LOG unchanged (-l), and to stderr with -v.
 *
 * Exit status: 0 when every step passed, 1 when one failed (one line naming
 * SCRIPT:LINE, the step and what was seen instead), 2 for a bad script or
 * usage.  COMMAND is stopped (SIGTERM, then SIGKILL) when the script ends
 * before it exits.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MATCH_MAX (1 << 20)  /* unmatched output kept for matching */
#define SEND_TIMEOUT_MS 10000

enum op { OP_EXPECT, OP_SEND, OP_WAIT_EXIT };

struct step {
	enum op op;
	unsigned line;
	char *arg;          /* the regex source or the text as written */
	char *text;         /* send: unescaped bytes */
	size_t textlen;
	regex_t re;
	long timeout_ms;
	int status;         /* wait-exit: expected status, -1 for any */
};

static const char *script_name;
static pid_t child = -1;
static int master = -1;
static FILE *logf;
static bool verbose, child_gone, eof;
static int child_status;
static char *out;   /* unmatched output, NUL-terminated */
static size_t outlen;
static struct step *steps; /* the script (global: reachable until exit) */
static size_t nsteps;

static _Noreturn void usage_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void usage_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("console-expect: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void stop_child(void)
{
	if (child <= 0 || child_gone)
		return;
	kill(-child, SIGTERM);
	kill(child, SIGTERM);
	for (int i = 0; i < 30; i++) {
		if (waitpid(child, &child_status, WNOHANG) == child) {
			child_gone = true;
			return;
		}
		usleep(100000);
	}
	kill(-child, SIGKILL);
	kill(child, SIGKILL);
	waitpid(child, &child_status, 0);
	child_gone = true;
}

/* The tail of the unmatched output, escaped onto one line. */
static void show_tail(FILE *f)
{
	size_t from = outlen > 160 ? outlen - 160 : 0;
	fputc('"', f);
	if (from)
		fputs("...", f);
	for (size_t i = from; i < outlen; i++) {
		unsigned char c = out[i];
		if (c == '\n')
			fputs("\\n", f);
		else if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void describe_exit(FILE *f, int status)
{
	if (WIFEXITED(status))
		fprintf(f, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		fprintf(f, "was killed by signal %d (%s)", WTERMSIG(status),
			strsignal(WTERMSIG(status)));
	else
		fprintf(f, "stopped (status 0x%x)", status);
}

static _Noreturn void step_fail(const struct step *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static _Noreturn void step_fail(const struct step *s, const char *fmt, ...)
{
	static const char *const names[] = { "expect", "send", "wait-exit" };
	va_list ap;
	fflush(logf);
	fprintf(stderr, "console-expect: %s:%u: %s %s: ", script_name, s->line, names[s->op], s->arg);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; output since the last match: ", stderr);
	show_tail(stderr);
	fputc('\n', stderr);
	stop_child();
	exit(1);
}

static void reap(void)
{
	if (!child_gone && waitpid(child, &child_status, WNOHANG) == child)
		child_gone = true;
}

static void take_output(const char *buf, size_t n)
{
	if (logf)
		fwrite(buf, 1, n, logf);
	if (verbose)
		fwrite(buf, 1, n, stderr);
	/* matching needs only the recent output: keep the last MATCH_MAX bytes */
	if (n > MATCH_MAX / 2) {
		buf += n - MATCH_MAX / 2;
		n = MATCH_MAX / 2;
	}
	if (outlen + n > MATCH_MAX) {
		size_t drop = outlen + n - MATCH_MAX;
		memmove(out, out + drop, outlen - drop);
		outlen -= drop;
	}
	for (size_t i = 0; i < n; i++)
		if (buf[i] != '\r' && buf[i] != 0)
			out[outlen++] = buf[i];
	out[outlen] = 0;
}

/* Read what the command wrote, waiting at most until deadline (ms). */
static void pump(long deadline, bool want_write)
{
	long wait = deadline - now_ms();
	if (wait < 0)
		wait = 0;
	if (wait > 100)
		wait = 100; /* look at the child now and then */
	struct pollfd pfd = { .fd = master, .events = POLLIN | (want_write ? POLLOUT : 0) };
	if (!eof && poll(&pfd, 1, (int)wait) > 0 && (pfd.revents & (POLLIN | POLLHUP | POLLERR))) {
		char buf[4096];
		ssize_t n = read(master, buf, sizeof(buf));
		if (n > 0)
			take_output(buf, n);
		else if (n == 0 || (errno != EAGAIN && errno != EINTR))
			eof = true; /* EIO: every holder of the terminal is gone */
	} else if (eof) {
		usleep(wait * 1000);
	}
	reap();
}

static void do_expect(struct step *s)
{
	long deadline = now_ms() + s->timeout_ms;
	for (;;) {
		regmatch_t m;
		if (regexec(&s->re, out, 1, &m, 0) == 0) {
			size_t end = m.rm_eo;
			memmove(out, out + end, outlen - end + 1);
			outlen -= end;
			return;
		}
		if (eof && child_gone) {
			char how[96];
			FILE *f = fmemopen(how, sizeof(how), "w");
			describe_exit(f, child_status);
			fclose(f);
			step_fail(s, "the command %s first", how);
		}
		if (now_ms() >= deadline)
			step_fail(s, "not seen within %.1f s", s->timeout_ms / 1000.0);
		pump(deadline, false);
	}
}

static void do_send(struct step *s)
{
	long deadline = now_ms() + SEND_TIMEOUT_MS;
	size_t done = 0;
	while (done < s->textlen) {
		if (child_gone && eof)
			step_fail(s, "the command is gone");
		ssize_t n = write(master, s->text + done, s->textlen - done);
		if (n > 0) {
			done += n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			step_fail(s, "write to the terminal: %s", strerror(errno));
		if (now_ms() >= deadline)
			step_fail(s, "the command does not read its terminal (%d s)",
				  SEND_TIMEOUT_MS / 1000);
		pump(deadline, true); /* keep reading so the command is not stuck writing */
	}
}

static void do_wait_exit(struct step *s)
{
	long deadline = now_ms() + s->timeout_ms;
	while (!child_gone) {
		if (now_ms() >= deadline)
			step_fail(s, "the command still runs after %.1f s", s->timeout_ms / 1000.0);
		pump(deadline, false);
	}
	/* the last words the command wrote belong in the log */
	for (int i = 0; i < 50 && !eof; i++)
		pump(now_ms() + 20, false);
	bool good = s->status < 0 ||
		    (WIFEXITED(child_status) && WEXITSTATUS(child_status) == s->status);
	if (!good) {
		char how[96];
		FILE *f = fmemopen(how, sizeof(how), "w");
		describe_exit(f, child_status);
		fclose(f);
		step_fail(s, "the command %s", how);
	}
}

/* ---- the script ---- */

static int unescape(const char *s, char **out_text, size_t *out_len)
{
	size_t n = strlen(s), k = 0;
	char *t = malloc(n + 2);
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			t[k++] = s[i];
			continue;
		}
		switch (s[++i]) {
		case 'r': t[k++] = '\r'; break;
		case 'n': t[k++] = '\n'; break;
		case 't': t[k++] = '\t'; break;
		case 'e': t[k++] = 0x1b; break;
		case 'a': t[k++] = 0x07; break;
		case 'b': t[k++] = 0x08; break;
		case '\\': t[k++] = '\\'; break;
		case 'x':
			if (isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
				char hex[3] = { s[i + 1], s[i + 2], 0 };
				t[k++] = (char)strtol(hex, NULL, 16);
				i += 2;
				break;
			}
			/* fall through */
		default:
			free(t);
			return -1;
		}
	}
	*out_text = t;
	*out_len = k;
	return 0;
}

static bool parse_seconds(const char *s, long *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !(v > 0) || v > 86400)
		return false;
	*ms = (long)(v * 1000);
	return true;
}

/* Split off a trailing number: "REGEX 30" -> "REGEX", 30 s. */
static void split_timeout(char *arg, long *ms)
{
	char *sp = strrchr(arg, ' ');
	if (sp && parse_seconds(sp + 1, ms)) {
		while (sp > arg && sp[-1] == ' ')
			sp--;
		*sp = 0;
	}
}

static struct step *read_script(const char *path, long default_ms, size_t *count)
{
	FILE *f = fopen(path, "r");
	if (!f)
		usage_fail("%s: %s", path, strerror(errno));
	size_t n = 0, cap = 0, len = 0;
	static char *line; /* static: still reachable when a bad line ends the program */
	unsigned lineno = 0;
	ssize_t r;
	while ((r = getline(&line, &len, f)) >= 0) {
		lineno++;
		if (memchr(line, 0, r))
			usage_fail("%s:%u: NUL byte", path, lineno);
		while (r && (line[r - 1] == '\n' || line[r - 1] == '\r'))
			line[--r] = 0;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		char *word = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = 0;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			steps = realloc(steps, cap * sizeof(*steps));
			if (!steps)
				usage_fail("out of memory");
		}
		struct step *s = &steps[n];
		memset(s, 0, sizeof(*s));
		s->line = lineno;
		s->timeout_ms = default_ms;
		if (!strcmp(word, "expect")) {
			s->op = OP_EXPECT;
			s->arg = strdup(p);
			split_timeout(s->arg, &s->timeout_ms);
			if (!*s->arg)
				usage_fail("%s:%u: expect needs a regular expression", path, lineno);
			int e = regcomp(&s->re, s->arg, REG_EXTENDED | REG_NEWLINE);
			if (e) {
				char msg[256];
				regerror(e, &s->re, msg, sizeof(msg));
				usage_fail("%s:%u: expect %s: %s", path, lineno, s->arg, msg);
			}
		} else if (!strcmp(word, "send") || !strcmp(word, "sendline")) {
			s->op = OP_SEND;
			s->arg = strdup(p);
			if (unescape(p, &s->text, &s->textlen))
				usage_fail("%s:%u: %s %s: bad escape (use \\r \\n \\t \\e \\a \\b \\\\ \\xHH)",
					   path, lineno, word, p);
			if (word[4])
				s->text[s->textlen++] = '\r';
			if (!s->textlen)
				usage_fail("%s:%u: send needs text", path, lineno);
		} else if (!strcmp(word, "wait-exit")) {
			s->op = OP_WAIT_EXIT;
			s->arg = strdup(p);
			split_timeout(s->arg, &s->timeout_ms);
			char *end;
			long st = strtol(s->arg, &end, 10);
			if (!strcmp(s->arg, "any"))
				s->status = -1;
			else if (*s->arg && !*end && st >= 0 && st <= 255)
				s->status = (int)st;
			else
				usage_fail("%s:%u: wait-exit %s: expected a status 0-255 or any, "
					   "then a timeout", path, lineno, p);
		} else {
			usage_fail("%s:%u: unknown step '%s' (expect, send, sendline, wait-exit)",
				   path, lineno, word);
		}
		if (!s->arg)
			usage_fail("out of memory");
		n++;
	}
	free(line);
	line = NULL;
	fclose(f);
	*count = n;
	return steps;
}

static void spawn(char **argv)
{
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		usage_fail("pseudo-terminal: %s", strerror(errno));
	const char *slave_name = ptsname(master);
	if (!slave_name)
		usage_fail("pseudo-terminal: %s", strerror(errno));
	char slave_path[256];
	snprintf(slave_path, sizeof(slave_path), "%s", slave_name);
	int gate[2];
	if (pipe2(gate, O_CLOEXEC))
		usage_fail("pipe: %s", strerror(errno));
	child = fork();
	if (child < 0)
		usage_fail("fork: %s", strerror(errno));
	if (child == 0) {
		setsid();
		int slave = open(slave_path, O_RDWR);
		if (slave < 0)
			_exit(126);
		ioctl(slave, TIOCSCTTY, 0);
		struct winsize ws = { .ws_row = 24, .ws_col = 80 };
		ioctl(slave, TIOCSWINSZ, &ws);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		close(master);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		int e = errno;
		ssize_t w = write(gate[1], &e, sizeof(e));
		(void)w;
		_exit(127);
	}
	close(gate[1]);
	int e;
	if (read(gate[0], &e, sizeof(e)) == sizeof(e))
		usage_fail("%s: %s", argv[0], strerror(e));
	close(gate[0]);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
}

int main(int argc, char **argv)
{
	const char *log_path = NULL;
	long default_ms = 30000;
	int c;
	while ((c = getopt(argc, argv, "+l:t:vh")) != -1) {
		switch (c) {
		case 'l': log_path = optarg; break;
		case 't':
			if (!parse_seconds(optarg, &default_ms))
				usage_fail("-t %s: not a number of seconds", optarg);
			break;
		case 'v': verbose = true; break;
		case 'h':
			printf("Usage: console-expect [-l LOG] [-t SECONDS] [-v] SCRIPT -- COMMAND [ARGS...]\n"
			       "Steps: expect REGEX [TIMEOUT], send TEXT, sendline TEXT, "
			       "wait-exit STATUS|any [TIMEOUT]\n");
			return 0;
		default:
			return 2;
		}
	}
	if (optind < argc && !strcmp(argv[optind], "--"))
		usage_fail("SCRIPT comes before --");
	if (argc - optind < 3 || strcmp(argv[optind + 1], "--"))
		usage_fail("usage: console-expect [-l LOG] [-t SECONDS] [-v] SCRIPT -- COMMAND [ARGS...]");
	script_name = argv[optind];
	steps = read_script(script_name, default_ms, &nsteps);
	if (log_path && !(logf = fopen(log_path, "w")))
		usage_fail("%s: %s", log_path, strerror(errno));
	out = malloc(MATCH_MAX + 1);
	if (!out)
		usage_fail("out of memory");
	out[0] = 0;
	signal(SIGPIPE, SIG_IGN);
	spawn(argv + optind + 2);

	for (size_t i = 0; i < nsteps; i++) {
		switch (steps[i].op) {
		case OP_EXPECT: do_expect(&steps[i]); break;
		case OP_SEND: do_send(&steps[i]); break;
		case OP_WAIT_EXIT: do_wait_exit(&steps[i]); break;
		}
	}
	/* what the command still writes goes to the log until it is stopped */
	for (int i = 0; i < 5 && !eof; i++)
		pump(now_ms() + 20, false);
	stop_child();
	if (logf)
		fclose(logf);
	return 0;
}
