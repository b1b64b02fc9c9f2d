// SPDX-License-Identifier: GPL-2.0
/* POSIX threads: create and join, a mutex-protected counter, a condition variable
 * handshake, thread-local storage and return values. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NT 4
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn;
static __thread int tls = 7;

static void *work(void *arg)
{
	long id = (long)arg;
	tls += (int)id;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		counter += id + 1;
		pthread_mutex_unlock(&lock);
	}
	/* take turns in id order */
	pthread_mutex_lock(&lock);
	while (turn != id)
		pthread_cond_wait(&cond, &lock);
	printf("thread %ld: tls %d\n", id, tls);
	turn++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return (void *)(id * 100);
}

int main(void)
{
	pthread_t t[NT];
	for (long i = 0; i < NT; i++)
		if (pthread_create(&t[i], NULL, work, (void *)i) != 0) {
			printf("pthread_create failed\n");
			return 1;
		}
	long total = 0;
	for (int i = 0; i < NT; i++) {
		void *r;
		pthread_join(t[i], &r);
		total += (long)r;
	}
	printf("counter %ld (expected %ld), returns %ld, main tls %d\n", counter,
	       20000L * (1 + 2 + 3 + 4), total, tls);
	return 0;
}
