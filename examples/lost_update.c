/* SPDX-License-Identifier: MIT */
/*
 * lost_update.c - an update lost only now and then: two threads add to one
 * counter by reading it under the lock, letting go, and writing the value
 * plus one under the lock again. Each lock is correct; the increment as a
 * whole is not atomic, and an increment is lost when the other thread
 * writes between the read and the write. Both threads spend most of their
 * time asleep (for different lengths, so they do not stay in step), so the
 * two windows rarely meet: most runs lose nothing. `ctrace record
 * --perturb` (bench/perturb.sh) pauses threads right in the window:
 *
 *   ctrace record -- ./lost_update             # usually "lost 0"
 *   ctrace record --perturb -- ./lost_update   # loses some far more often
 *
 *   lost_update [INCREMENTS [SLEEP_US]]   (default 200 per thread, 300 us)
 *
 * It prints "counter N of M (lost K)" and exits with status 0 either way.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define THREADS 2

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start;
static long counter;
static long increments = 200, sleep_us = 300;

static void pause_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	nanosleep(&ts, NULL);
}

static void *adder(void *arg)
{
	int me = (int)(long)arg;
	long seen;

	pthread_barrier_wait(&start);
	for (long i = 0; i < increments; i++) {
		pthread_mutex_lock(&lock);
		seen = counter;
		pthread_mutex_unlock(&lock);
		/* The window: the other thread may write here, and its write is overwritten. */
		pthread_mutex_lock(&lock);
		counter = seen + 1;
		pthread_mutex_unlock(&lock);
		pause_us(sleep_us * (4 + 3 * me) / 4);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS];
	long expected;

	if (argc > 1)
		increments = atol(argv[1]);
	if (argc > 2)
		sleep_us = atol(argv[2]);
	if (argc > 3 || increments < 1 || sleep_us < 0) {
		fprintf(stderr, "usage: lost_update [INCREMENTS [SLEEP_US]]\n");
		return 2;
	}
	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, adder, (void *)(long)i) != 0)
			return 1;
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	expected = increments * THREADS;
	printf("counter %ld of %ld (lost %ld)\n", counter, expected, expected - counter);
	return 0;
}
