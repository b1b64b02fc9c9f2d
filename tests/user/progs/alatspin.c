// SPDX-License-Identifier: GPL-2.0
/*
 * A thread spins on a flag another thread sets.  On ia64 the spin uses a
 * data-speculative load and check loads (ld8.a, then ld8.c.nc), as compilers
 * emit for loop-invariant loads: the other thread's store must invalidate the
 * ALAT entry, or the check keeps hitting and the spin never ends.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static long flag;

static void *setter(void *arg)
{
	(void)arg;
	struct timespec ts = {0, 50 * 1000 * 1000};
	nanosleep(&ts, NULL);
	__atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
	return NULL;
}

static long spin(void)
{
	long v;
#ifdef __ia64__
	asm volatile("ld8.a %0=[%1]" : "=r"(v) : "r"(&flag) : "memory");
	while (!v)
		asm volatile("ld8.c.nc %0=[%1]" : "+r"(v) : "r"(&flag) : "memory");
#else
	while (!(v = __atomic_load_n(&flag, __ATOMIC_ACQUIRE)))
		;
#endif
	return v;
}

int main(void)
{
	pthread_t t;
	if (pthread_create(&t, NULL, setter, NULL))
		return 1;
	long v = spin();
	pthread_join(t, NULL);
	printf("flag seen: %ld\n", v);
	return 0;
}
