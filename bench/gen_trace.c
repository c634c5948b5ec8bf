/* SPDX-License-Identifier: MIT */
/*
 * gen_trace.c - a libctrace program that emits about N events as fast as it
 * can, for bench/model_load.sh to record and load: two workers take turns on
 * one mutex (lock waits and hand-offs), touch a shared object inside it
 * (access events) and every 16th round send a message to main, which
 * receives them all. The mix is what the model spends its memory on: spans,
 * arrows and plain events.
 *
 * usage: ctrace_bench_gen_trace [EVENTS]   (default 10000000)
 */
#include <stdio.h>
#include <stdlib.h>

#include <ctrace/ctrace.h>

struct shared {
	struct ct_mutex *mutex;
	struct ct_sender *tx; /* owned by the worker: each has its own clone */
	uint64_t object;
	long rounds;
};

static void *worker(void *arg)
{
	struct shared *s = arg;
	long *counter;

	for (long i = 0; i < s->rounds; i++) {
		if (ct_mutex_lock(s->mutex, (void **)&counter) != CT_OK)
			abort();
		ct_access(s->object, CT_ACCESS_WRITE, ++*counter);
		ct_mutex_unlock(s->mutex);
		if (i % 16 == 0 && ct_chan_send(s->tx, NULL) != CT_OK)
			abort();
	}
	ct_sender_drop(s->tx);
	return NULL;
}

int main(int argc, char **argv)
{
	long events = argc > 1 ? strtol(argv[1], NULL, 10) : 10000000;
	struct shared s[2];
	struct ct_thread th[2];
	struct ct_receiver *rx;
	struct ct_sender *tx;
	long counter = 0, received = 0;
	void *msg;

	if (events <= 0) {
		fprintf(stderr, "usage: ctrace_bench_gen_trace [EVENTS]\n");
		return 2;
	}
	if (ct_chan_new(&tx, &rx, -1, "results") != CT_OK ||
	    ct_mutex_new(&s[0].mutex, &counter, "counter") != CT_OK)
		return 1;
	/* A round is lock_end + access + unlock, a lock_begin when it waited,
	 * and 1/16 of a send and a receive: about 3.14 events (measured). */
	for (int i = 0; i < 2; i++) {
		s[i].mutex = s[0].mutex;
		s[i].object = i == 0 ? ct_object_new("counter") : s[0].object;
		s[i].rounds = (long)(events / 3.14 / 2);
		if (ct_sender_clone(tx, &s[i].tx) != CT_OK ||
		    ct_thread_spawn(&th[i], i ? "worker-2" : "worker-1", worker, &s[i]) != CT_OK)
			return 1;
	}
	ct_sender_drop(tx);
	while (ct_chan_recv(rx, &msg) == CT_OK)
		received++;
	for (int i = 0; i < 2; i++)
		ct_thread_join(&th[i], NULL);
	printf("%ld rounds, %ld messages\n", s[0].rounds * 2, received);
	return 0;
}
