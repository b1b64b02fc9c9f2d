// SPDX-License-Identifier: GPL-2.0
/* SysV IPC: a shared memory segment written by a forked child, a message queue and a
 * semaphore set. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

struct msg {
	long type;
	char text[32];
};

int main(void)
{
	int id = shmget(IPC_PRIVATE, 100, IPC_CREAT | 0600);
	char *p = shmat(id, NULL, 0);
	if (p == (void *)-1) {
		printf("shmat failed\n");
		return 1;
	}
	strcpy(p, "parent");
	fflush(stdout);
	pid_t k = fork();
	if (k == 0) {
		strcpy(p, "child wrote this");
		_exit(0);
	}
	waitpid(k, NULL, 0);
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	printf("shared: %s, segsz %zu nattch %lu\n", p, (size_t)ds.shm_segsz,
	       (unsigned long)ds.shm_nattch);
	int r1 = shmdt(p), r2 = shmdt(p);
	printf("shmdt %d, again %d\n", r1, r2);
	shmctl(id, IPC_RMID, NULL);

	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct msg m = {2, "second type"}, m1 = {1, "first type"};
	msgsnd(q, &m, sizeof(m.text), 0);
	msgsnd(q, &m1, sizeof(m1.text), 0);
	struct msg got;
	ssize_t n = msgrcv(q, &got, sizeof(got.text), 1, 0);
	printf("msgrcv type 1: %zd %ld [%s]\n", n, got.type, got.text);
	n = msgrcv(q, &got, sizeof(got.text), 0, IPC_NOWAIT);
	printf("msgrcv any: %zd %ld [%s]\n", n, got.type, got.text);
	msgctl(q, IPC_RMID, NULL);

	int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	struct sembuf ops[2] = {{0, 3, 0}, {1, 1, 0}};
	semop(s, ops, 2);
	struct sembuf dec = {0, -2, IPC_NOWAIT};
	int r = semop(s, &dec, 1);
	printf("semop %d, values %d %d\n", r, semctl(s, 0, GETVAL), semctl(s, 1, GETVAL));
	semctl(s, 0, IPC_RMID);
	return 0;
}
