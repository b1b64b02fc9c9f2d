// SPDX-License-Identifier: GPL-2.0
/* Signal handlers: raise, kill, masks and pending signals, SA_SIGINFO, SA_RESTART on a
 * blocked read, alarm interrupting a loop, sigsuspend, longjmp out of a handler, and a
 * handler that uses floating point and calls deep enough to spill registers. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got, info_code, alarms;
static sigjmp_buf jb;

static void handler(int sig)
{
	got = sig;
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	info_code = si->si_code == SI_USER && si->si_pid == getpid();
}

static long deep(int n)
{
	volatile long a[4] = {n, n + 1, n + 2, n + 3};
	return n ? deep(n - 1) + a[0] + a[3] : 0;
}

static void fp_handler(int sig)
{
	volatile double x = 1.0;
	for (int i = 0; i < 10; i++)
		x = x * 1.5 + 0.25;
	got = sig + (int)x + (int)(deep(200) % 7);
}

static void alarm_handler(int sig)
{
	(void)sig;
	alarms++;
}

static void jump_handler(int sig)
{
	siglongjmp(jb, sig);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGUSR1, handler);
	raise(SIGUSR1);
	printf("raise: got %d\n", got);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	got = 0;
	kill(getpid(), SIGUSR2);
	printf("kill with info: got %d code ok %d\n", got, info_code);
	/* blocked, pending, then delivered on unblock */
	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	got = 0;
	raise(SIGUSR1);
	sigpending(&pend);
	printf("blocked: got %d pending %d\n", got, sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: got %d\n", got);
	/* local variables survive a handler that uses FP and a deep call chain */
	signal(SIGUSR1, fp_handler);
	volatile double keep = 2.75;
	long before = deep(50);
	raise(SIGUSR1);
	printf("fp handler: got %d keep %.2f deep %ld\n", got, keep, deep(50) == before ? 1L : 0L);
	/* SA_RESTART: a read on a pipe is restarted after the handler */
	int fd[2];
	pipe(fd);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = alarm_handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	pid_t k = fork();
	if (k == 0) {
		usleep(300000);
		write(fd[1], "late", 4);
		_exit(0);
	}
	struct itimerval it = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &it, NULL);
	char b[8] = {0};
	ssize_t n = read(fd[0], b, 4);
	printf("restarted read: %zd [%s] alarms %d\n", n, b, alarms);
	waitpid(k, NULL, 0);
	/* without SA_RESTART the read fails with EINTR */
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	n = read(fd[0], b, 4);
	printf("interrupted read: %zd %s alarms %d\n", n, n < 0 ? strerror(errno) : "", alarms);
	/* a timer interrupting a busy loop */
	it.it_value.tv_usec = 50000;
	setitimer(ITIMER_REAL, &it, NULL);
	volatile long spin = 0;
	while (alarms < 3)
		spin++;
	printf("busy loop interrupted: alarms %d\n", alarms);
	/* sigsuspend waits for a blocked signal */
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGUSR1, handler);
	got = 0;
	k = fork();
	if (k == 0) {
		usleep(100000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigset_t wait_set = old;
	sigdelset(&wait_set, SIGUSR1);
	int r = sigsuspend(&wait_set);
	printf("sigsuspend: %d %s got %d\n", r, strerror(errno), got);
	sigprocmask(SIG_SETMASK, &old, NULL);
	waitpid(k, NULL, 0);
	/* siglongjmp out of a handler */
	signal(SIGUSR2, jump_handler);
	int v = sigsetjmp(jb, 1);
	if (v == 0) {
		raise(SIGUSR2);
		printf("not reached\n");
	}
	printf("longjmp from handler: %d\n", v);
	raise(SIGWINCH); /* default: ignored */
	printf("SIGWINCH ignored\n");
	/* SIG_IGN and a signal's default action in a child */
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	k = fork();
	if (k == 0) {
		signal(SIGUSR1, SIG_DFL);
		raise(SIGUSR1);
		_exit(0);
	}
	int st;
	waitpid(k, &st, 0);
	printf("default action: signalled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
	return 0;
}
