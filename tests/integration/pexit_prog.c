/* SPDX-License-Identifier: MIT */
/*
 * pexit_prog.c - a plain pthread program (no libctrace) whose main thread
 * calls pthread_exit while a worker still runs: the process must end, with
 * status 0, once the worker ends, traced or not. Prints "worker done" from
 * the worker, so a test sees that main's exit did not cut it short.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static void *worker(void *arg)
{
	struct timespec ts = { 0, 100 * 1000000L };

	nanosleep(&ts, NULL);
	printf("worker done\n");
	fflush(stdout);
	return arg;
}

int main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	pthread_exit(NULL);
}
