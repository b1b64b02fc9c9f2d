// SPDX-License-Identifier: GPL-2.0
/* Threads and signals: pthread_kill to one thread, a signal blocked in all but one
 * thread, pthread_cancel of a thread blocked in read (glibc cancels with a real-time
 * signal), cleanup handlers, thread-specific data destructors, pthread_once, barriers,
 * semaphores and a read-write lock. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static pthread_t target;
static volatile int in_target;
static pthread_key_t key;
static int destructed;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_count;
static pthread_barrier_t bar;
static sem_t sem;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long shared;

static void on_usr1(int sig)
{
	(void)sig;
	if (pthread_equal(pthread_self(), target))
		in_target = 1;
	hits++;
}

static void destroy(void *p)
{
	(void)p;
	__atomic_fetch_add(&destructed, 1, __ATOMIC_SEQ_CST);
}

static void init_once(void)
{
	once_count++;
}

static void *sleeper(void *arg)
{
	(void)arg;
	pthread_setspecific(key, (void *)1);
	while (!hits)
		usleep(1000);
	return NULL;
}

static void cleanup(void *arg)
{
	*(int *)arg = 1;
}

static void *blocked_reader(void *arg)
{
	int *cleaned = arg;
	int p[2];
	pipe(p);
	char c;
	pthread_cleanup_push(cleanup, cleaned);
	read(p[0], &c, 1); /* a cancellation point that never returns */
	pthread_cleanup_pop(0);
	return NULL;
}

static void *worker(void *arg)
{
	long id = (long)arg;
	pthread_once(&once, init_once);
	pthread_setspecific(key, (void *)2);
	pthread_barrier_wait(&bar);
	for (int i = 0; i < 1000; i++) {
		pthread_rwlock_wrlock(&rw);
		shared += id;
		pthread_rwlock_unlock(&rw);
	}
	sem_post(&sem);
	return NULL;
}

int main(void)
{
	pthread_key_create(&key, destroy);
	signal(SIGUSR1, on_usr1);
	pthread_create(&target, NULL, sleeper, NULL);
	usleep(10000);
	pthread_kill(target, SIGUSR1);
	pthread_join(target, NULL);
	printf("pthread_kill: hits %d in target %d\n", hits, in_target);
	int cleaned = 0;
	pthread_t r;
	pthread_create(&r, NULL, blocked_reader, &cleaned);
	usleep(20000);
	pthread_cancel(r);
	void *ret;
	pthread_join(r, &ret);
	printf("cancelled %d cleanup ran %d\n", ret == PTHREAD_CANCELED, cleaned);
	pthread_barrier_init(&bar, NULL, 4);
	sem_init(&sem, 0, 0);
	pthread_t w[4];
	for (long i = 0; i < 4; i++)
		pthread_create(&w[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < 4; i++)
		sem_wait(&sem);
	for (int i = 0; i < 4; i++)
		pthread_join(w[i], NULL);
	printf("once %d shared %ld destructors %d\n", once_count, shared, destructed);
	return 0;
}
