/* SPDX-License-Identifier: MIT */
/*
 * philosophers.c - the dining philosophers, the way textbooks first write
 * them: each of N philosophers picks up the fork on the left, thinks a moment
 * with it in hand, then reaches for the fork on the right. When all of them
 * hold their left fork at once, every one waits for a neighbour: a deadlock.
 * With --ordered each one picks up the lower-numbered of its two forks first,
 * which breaks the cycle (the last philosopher reaches right, then left).
 * Nothing here knows about ctrace:
 *
 *   ctrace record --timeout 3 -o d -- ./philosophers && ctrace check d
 *   ctrace record -o o -- ./philosophers --ordered && ctrace view o
 *
 *   philosophers [--ordered] [N [ROUNDS]]   (default 5 philosophers, 3 rounds)
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PHILOSOPHERS 16

/* The forks on the table, a mutex each: the deadlock report names them forks[i]. */
static pthread_mutex_t forks[MAX_PHILOSOPHERS];
static pthread_barrier_t seated;
static int n_philosophers = 5, rounds = 3;
static int ordered;

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void *philosopher(void *arg)
{
	int me = (int)(long)arg;
	int left = me, right = (me + 1) % n_philosophers;
	int first = left, second = right;
	char name[16];

	snprintf(name, sizeof(name), "philosopher-%d", me);
	pthread_setname_np(pthread_self(), name);
	if (ordered && right < left) {
		first = right;
		second = left;
	}
	/* Everyone sits down before anyone eats, so the race is the same every run. */
	pthread_barrier_wait(&seated);
	for (int r = 0; r < rounds; r++) {
		pthread_mutex_lock(&forks[first]);
		pause_ms(10); /* holding one fork: long enough for every neighbour to take theirs */
		pthread_mutex_lock(&forks[second]);
		printf("philosopher %d eats (round %d)\n", me, r + 1);
		pause_ms(5);
		pthread_mutex_unlock(&forks[second]);
		pthread_mutex_unlock(&forks[first]);
		pause_ms(5); /* thinking */
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[MAX_PHILOSOPHERS];
	int a = 1;

	if (a < argc && strcmp(argv[a], "--ordered") == 0) {
		ordered = 1;
		a++;
	}
	if (a < argc)
		n_philosophers = atoi(argv[a++]);
	if (a < argc)
		rounds = atoi(argv[a++]);
	if (n_philosophers < 2 || n_philosophers > MAX_PHILOSOPHERS || rounds < 1) {
		fprintf(stderr, "usage: philosophers [--ordered] [N (2..%d) [ROUNDS]]\n",
			MAX_PHILOSOPHERS);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_barrier_init(&seated, NULL, (unsigned)n_philosophers);
	for (int i = 0; i < n_philosophers; i++)
		pthread_mutex_init(&forks[i], NULL);
	for (int i = 0; i < n_philosophers; i++)
		if (pthread_create(&t[i], NULL, philosopher, (void *)(long)i) != 0)
			return 1;
	for (int i = 0; i < n_philosophers; i++)
		pthread_join(t[i], NULL);
	printf("all %d philosophers ate %d times\n", n_philosophers, rounds);
	return 0;
}
