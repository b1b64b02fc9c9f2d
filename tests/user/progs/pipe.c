// SPDX-License-Identifier: GPL-2.0
/* pipe between processes, dup2 onto stdin, and execve of this same program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--child") == 0) {
		/* exec'd: count bytes and lines on stdin */
		long bytes = 0, lines = 0;
		int c;
		while ((c = getchar()) != EOF) {
			bytes++;
			lines += c == '\n';
		}
		printf("child read %ld bytes %ld lines, argv[2]=%s\n", bytes, lines, argv[2]);
		return 7;
	}
	int fd[2];
	if (pipe(fd) != 0)
		return 1;
	fflush(stdout);
	pid_t k = fork();
	if (k == 0) {
		dup2(fd[0], 0);
		close(fd[0]);
		close(fd[1]);
		char *args[] = {argv[0], "--child", "exec-arg", NULL};
		execv(argv[0], args);
		perror("execv");
		_exit(127);
	}
	close(fd[0]);
	char buf[100];
	for (int i = 0; i < 3000; i++) {
		int n = snprintf(buf, sizeof(buf), "pipe line %d\n", i);
		if (write(fd[1], buf, (size_t)n) != n)
			return 1;
	}
	close(fd[1]);
	int st;
	waitpid(k, &st, 0);
	printf("exec'd child status %d\n", WEXITSTATUS(st));
	/* a pipe inside one process, bigger than the pipe buffer, with a reader child */
	pipe(fd);
	k = fork();
	if (k == 0) {
		close(fd[1]);
		long total = 0;
		ssize_t n;
		char b[4096];
		while ((n = read(fd[0], b, sizeof(b))) > 0)
			total += n;
		_exit(total == 1 << 20 ? 0 : 1);
	}
	close(fd[0]);
	static char big[1 << 20];
	memset(big, 'x', sizeof(big));
	ssize_t w = write(fd[1], big, sizeof(big));
	close(fd[1]);
	waitpid(k, &st, 0);
	printf("wrote %zd, reader ok %d\n", w, WEXITSTATUS(st) == 0);
	return 0;
}
