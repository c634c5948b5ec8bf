/* SPDX-License-Identifier: MIT */
/*
 * sites_prog.c - a plain pthread program whose calls are at known lines, for
 * test_sites: the test finds the lines by the SITE- markers in the comments,
 * so they may move. A worker waits for a mutex main holds (a contended lock
 * at SITE-LOCK), and a second thread is never joined (a finding of
 * `ctrace check` whose spawn is at SITE-UNJOINED).
 */
#include <pthread.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void pause_ms(long ms)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = ms * 1000000L };

	nanosleep(&ts, NULL);
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock); /* SITE-LOCK */
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *idle(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t t, u;

	pthread_mutex_lock(&lock);
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	pause_ms(50); /* the worker waits for the lock meanwhile */
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	if (pthread_create(&u, NULL, idle, NULL) != 0) /* SITE-UNJOINED */
		return 1;
	pause_ms(20);
	return 0;
}
