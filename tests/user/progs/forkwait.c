// SPDX-License-Identifier: GPL-2.0
/* fork, exit statuses, wait and waitpid, a child killed by a signal, vfork and _exit. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pid_t kids[4];
	for (int i = 0; i < 4; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			volatile long x = 0;
			for (long k = 0; k < 10000 * (4 - i); k++)
				x += k;
			_exit(10 + i);
		}
	}
	for (int i = 0; i < 4; i++) {
		int st;
		pid_t p = waitpid(kids[i], &st, 0);
		printf("child %d: pid matches %d exited %d status %d\n", i, p == kids[i],
		       WIFEXITED(st), WEXITSTATUS(st));
	}
	pid_t k = fork();
	if (k == 0) {
		kill(getpid(), SIGTERM);
		for (;;)
			pause();
	}
	int st;
	wait(&st);
	printf("signalled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
	int shared = 1;
	k = vfork();
	if (k == 0)
		_exit(42);
	waitpid(k, &st, 0);
	printf("vfork child status %d, parent value %d\n", WEXITSTATUS(st), shared);
	printf("no more children: %d\n", wait(&st));
	/* the parent's pid from the child */
	pid_t me = getpid();
	k = fork();
	if (k == 0)
		_exit(getppid() == me ? 0 : 1);
	waitpid(k, &st, 0);
	printf("getppid in child ok %d\n", WEXITSTATUS(st) == 0);
	return 0;
}
