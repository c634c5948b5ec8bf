/* SPDX-License-Identifier: MIT */
/*
 * itest_prog.c - a program for the recorder's tests: records a few events,
 * then exits with a code, crashes, hangs, or spawns many threads, as told.
 *   itest_prog exit N | abort | segv | hang | threads N
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctrace/ctrace.h>

static void *worker(void *arg)
{
	ct_mark("worker");
	return arg;
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
	fprintf(stderr, "usage: itest_prog exit N | abort | segv | hang | threads N\n");
	return 2;
}
