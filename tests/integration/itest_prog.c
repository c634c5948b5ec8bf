/* SPDX-License-Identifier: MIT */
/*
 * itest_prog.c - a program for the recorder's tests: records a few events,
 * then exits with a code, crashes, hangs, spawns many threads, leaves main
 * with pthread_exit while a thread runs, or records marks for SECONDS: as
 * fast as it can (busy) or one every 100 us (ticks), as told.
 *   itest_prog exit N | abort | segv | hang | threads N | pthread_exit | busy SECONDS |
 *              ticks SECONDS
 */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ctrace/ctrace.h>

static void *worker(void *arg)
{
	ct_mark("worker");
	return arg;
}

static void *late_worker(void *arg)
{
	ct_sleep_ms(100);
	ct_mark("late worker");
	return arg;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "exit";
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	ct_print("itest_prog %s", mode);
	ct_mark("before");
	if (strcmp(mode, "exit") == 0)
		return (int)n;
	if (strcmp(mode, "abort") == 0)
		abort();
	if (strcmp(mode, "segv") == 0)
		raise(SIGSEGV);
	if (strcmp(mode, "hang") == 0) {
		struct ct_sender *tx;
		struct ct_receiver *rx;
		void *m;

		/* Blocks for ever: nobody sends, and we keep the sender alive. */
		if (ct_chan_new(&tx, &rx, CT_UNBOUNDED, "never") != CT_OK)
			return 1;
		ct_chan_recv(rx, &m);
		return 1;
	}
	if (strcmp(mode, "threads") == 0) {
		struct ct_thread *t = calloc((size_t)n, sizeof(*t));

		for (long i = 0; t && i < n; i++)
			if (ct_thread_spawn(&t[i], "worker", worker, NULL) != CT_OK)
				return 1;
		for (long i = 0; t && i < n; i++)
			if (ct_thread_join(&t[i], NULL) != CT_OK)
				return 1;
		free(t);
		return 0;
	}
	if (strcmp(mode, "pthread_exit") == 0) {
		struct ct_thread t;

		/* The process ends when the thread does, with status 0. */
		if (ct_thread_spawn(&t, "late", late_worker, NULL) != CT_OK)
			return 1;
		pthread_exit(NULL);
	}
	if (strcmp(mode, "busy") == 0 || strcmp(mode, "ticks") == 0) {
		double end = now_s() + (double)n;
		bool busy = strcmp(mode, "busy") == 0;
		long marks = 0;

		while (now_s() < end) {
			ct_mark(mode);
			marks++;
			if (!busy)
				ct_sleep_ns(100000);
		}
		printf("itest_prog %s: %ld marks\n", mode, marks);
		return 0;
	}
	fprintf(stderr,
		"usage: itest_prog exit N | abort | segv | hang | threads N | pthread_exit | "
		"busy SECONDS\n");
	return 2;
}
