/* SPDX-License-Identifier: MIT */
/*
 * sem_prog.c - a plain pthread program (no libctrace) for the shim's
 * semaphore test: a "poster" thread posts N times (argv[1], default 5), a
 * little while apart, and a "waiter" thread waits N times, so it finds the
 * count at zero and blocks; then it waits once more with a 10 ms timeout
 * that nobody posts for. Prints "posts=N" and "timeouts=1" when all went
 * as planned, and exits 1 otherwise.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static sem_t items;
static int n_posts = 5;
static int timeouts;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void *poster(void *arg)
{
	pthread_setname_np(pthread_self(), "poster");
	for (int i = 0; i < n_posts; i++) {
		/* Long enough that the waiter is already blocked when the post comes. */
		sleep_ms(20);
		if (sem_post(&items))
			abort();
	}
	return arg;
}

static void *waiter(void *arg)
{
	struct timespec deadline;

	pthread_setname_np(pthread_self(), "waiter");
	for (int i = 0; i < n_posts; i++) {
		while (sem_wait(&items) != 0)
			if (errno != EINTR)
				abort();
	}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 10000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	if (sem_timedwait(&items, &deadline) != 0 && errno == ETIMEDOUT)
		timeouts++;
	return arg;
}

int main(int argc, char **argv)
{
	pthread_t p, w;

	if (argc > 1)
		n_posts = atoi(argv[1]);
	if (n_posts < 1 || sem_init(&items, 0, 0))
		return 1;
	if (pthread_create(&w, NULL, waiter, NULL) || pthread_create(&p, NULL, poster, NULL))
		return 1;
	pthread_join(p, NULL);
	pthread_join(w, NULL);
	sem_destroy(&items);
	printf("posts=%d\ntimeouts=%d\n", n_posts, timeouts);
	return timeouts == 1 ? 0 : 1;
}
