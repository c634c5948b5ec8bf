/* SPDX-License-Identifier: MIT */
/*
 * philosophers_rare.c - the dining philosophers with the textbook's deadlock
 * left in, but rare: each philosopher takes the fork on the left, then at
 * once the one on the right, eats for a moment and thinks for a while. All
 * of them hold their left fork at once only when every one is caught between
 * its two locks at the same instant, which a quiet machine almost never
 * does. `ctrace record --perturb` (bench/perturb.sh) makes it happen:
 *
 *   ctrace record --timeout 5 -- ./philosophers_rare            # nearly always finishes
 *   ctrace record --timeout 5 --perturb -- ./philosophers_rare  # deadlocks far more often
 *
 *   philosophers_rare [ROUNDS [THINK_US [EAT_US]]]   (default 300 rounds, 400 us, 2 us)
 *
 * Philosopher i thinks THINK_US * (8 + i) / 8 microseconds, so the five do
 * not stay in step. It prints one line when everybody has eaten; a deadlock
 * prints nothing and hangs (--timeout ends it).
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PHILOSOPHERS 5

/* The forks, a mutex each: the deadlock report names them forks[i]. */
static pthread_mutex_t forks[PHILOSOPHERS];
static pthread_barrier_t seated;
static long rounds = 300, think_us = 400, eat_us = 2;

static void pause_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	if (us > 0)
		nanosleep(&ts, NULL);
}

static void *philosopher(void *arg)
{
	int me = (int)(long)arg;
	int left = me, right = (me + 1) % PHILOSOPHERS;
	char name[16];

	snprintf(name, sizeof(name), "philosopher-%d", me);
	pthread_setname_np(pthread_self(), name);
	pthread_barrier_wait(&seated);
	for (long r = 0; r < rounds; r++) {
		pthread_mutex_lock(&forks[left]);
		pthread_mutex_lock(&forks[right]); /* at once: the window is this narrow */
		pause_us(eat_us);
		pthread_mutex_unlock(&forks[right]);
		pthread_mutex_unlock(&forks[left]);
		pause_us(think_us * (8 + me) / 8);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[PHILOSOPHERS];

	if (argc > 1)
		rounds = atol(argv[1]);
	if (argc > 2)
		think_us = atol(argv[2]);
	if (argc > 3)
		eat_us = atol(argv[3]);
	if (argc > 4 || rounds < 1 || think_us < 0 || eat_us < 0) {
		fprintf(stderr, "usage: philosophers_rare [ROUNDS [THINK_US [EAT_US]]]\n");
		return 2;
	}
	pthread_barrier_init(&seated, NULL, PHILOSOPHERS);
	for (int i = 0; i < PHILOSOPHERS; i++)
		pthread_mutex_init(&forks[i], NULL);
	for (int i = 0; i < PHILOSOPHERS; i++)
		if (pthread_create(&t[i], NULL, philosopher, (void *)(long)i) != 0)
			return 1;
	for (int i = 0; i < PHILOSOPHERS; i++)
		pthread_join(t[i], NULL);
	printf("all %d philosophers ate %ld times\n", PHILOSOPHERS, rounds);
	return 0;
}
