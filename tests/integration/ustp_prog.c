/* SPDX-License-Identifier: MIT */
/*
 * ustp_prog.c - a plain pthreads program with deterministic mutex
 * contention, for test_ust_pthread to record with LTTng's own pthread
 * wrapper: in each round one thread holds the mutex until the other is
 * seen asleep in pthread_mutex_lock, then releases it to that thread. Rounds
 * alternate between main and a thread named "waiter", so hand-offs go both
 * ways. Before each contended lock the waiting thread tries the mutex once
 * (a trylock that fails, EBUSY); at the end main takes and releases it
 * without contention, once with pthread_mutex_trylock and once with
 * pthread_mutex_lock.
 *
 * The threads coordinate through atomics and short sleeps only, so the
 * program's one pthread mutex is `lock`. It prints "mutex 0x..." (the
 * address the trace names it by), "main TID" and "waiter TID".
 *
 *   ustp_prog [ROUNDS]   (default 6)
 */
#define _GNU_SOURCE /* pthread_setname_np, gettid */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int rounds = 6;
static atomic_int held = -1;    /* the round whose holder has the mutex */
static atomic_int waiting = -1; /* the round whose waiter is about to lock */
static atomic_int done = -1;    /* the round whose waiter got and released the mutex */
static atomic_int tids[2];      /* [0] main, [1] waiter */

static void nap_us(long us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000 };

	nanosleep(&ts, NULL);
}

static void wait_for(atomic_int *flag, int value)
{
	while (atomic_load(flag) != value)
		nap_us(100);
}

/* True once thread TID sleeps in the kernel (state S in /proc): in the mutex's futex here. */
static int asleep(int tid)
{
	char path[64], buf[256], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "tid (comm) S ...": the comm may hold spaces, so look after its last ')'. */
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'S';
}

/* Round R of thread SELF (0 main, 1 waiter): hold when R's parity is ours, else wait. */
static void round_of(int self, int r)
{
	if (r % 2 == self) {
		if (pthread_mutex_lock(&lock) != 0)
			abort();
		atomic_store(&held, r);
		wait_for(&waiting, r);
		/* Up to 2 s for the other thread to block; then a little longer to be sure. */
		for (int i = 0; i < 20000 && !asleep(atomic_load(&tids[!self])); i++)
			nap_us(100);
		nap_us(2000);
		pthread_mutex_unlock(&lock);
		wait_for(&done, r);
	} else {
		wait_for(&held, r);
		if (pthread_mutex_trylock(&lock) != EBUSY)
			abort();
		atomic_store(&waiting, r);
		if (pthread_mutex_lock(&lock) != 0)
			abort();
		pthread_mutex_unlock(&lock);
		atomic_store(&done, r);
	}
}

static void *waiter(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "waiter");
	atomic_store(&tids[1], gettid());
	for (int r = 0; r < rounds; r++)
		round_of(1, r);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th;

	if (argc > 1)
		rounds = atoi(argv[1]);
	if (rounds < 1)
		rounds = 1;
	atomic_store(&tids[0], gettid());
	if (pthread_create(&th, NULL, waiter, NULL) != 0)
		return 1;
	while (atomic_load(&tids[1]) == 0)
		nap_us(100);
	for (int r = 0; r < rounds; r++)
		round_of(0, r);
	pthread_join(th, NULL);
	/* Uncontended: a trylock that succeeds, and a lock that does not wait. */
	if (pthread_mutex_trylock(&lock) != 0)
		return 1;
	pthread_mutex_unlock(&lock);
	pthread_mutex_lock(&lock);
	pthread_mutex_unlock(&lock);
	printf("mutex %p\nmain %d\nwaiter %d\n", (void *)&lock, atomic_load(&tids[0]),
	       atomic_load(&tids[1]));
	return 0;
}
