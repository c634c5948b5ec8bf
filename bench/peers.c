/* SPDX-License-Identifier: MIT */
/*
 * peers.c - plain pthread workloads for comparing ctrace with the tools
 * people use instead (bench/peers.sh runs them under each one).
 *
 *   peers WORKLOAD OPS
 *   WORKLOAD: mutex4 (4 threads, one contended counter), mutex1 (1 thread),
 *             pingpong (two threads hand a token through a mutex + condvar),
 *             spawn (create and join a thread per operation)
 *
 * Built plain (untraced, under the shim, strace, ltrace, valgrind), with -pg
 * (uftrace), with -fsanitize=thread, and with -DPEERS_BARE_TP, where every
 * pthread call the workload makes is followed by one bare LTTng-UST
 * tracepoint: the floor for recording a trace through LTTng.
 * Prints "OPS ELAPSED_NS" on stdout.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef PEERS_BARE_TP
#include "bench_tp.h"
#define TP(v) lttng_ust_tracepoint(ctrace_bench, tick, (uint64_t)(v))
#else
#define TP(v) ((void)0)
#endif

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static uint64_t counter;
static int turn;
static uint64_t ops_per_thread;

static void locked_increment(void)
{
	pthread_mutex_lock(&lock);
	TP(1);
	counter++;
	TP(2);
	pthread_mutex_unlock(&lock);
}

static void *incrementer(void *arg)
{
	(void)arg;
	for (uint64_t i = 0; i < ops_per_thread; i++)
		locked_increment();
	return NULL;
}

/* Player ME waits for its turn, then passes the token to the other one. */
static void *player(void *arg)
{
	int me = (int)(intptr_t)arg;

	for (uint64_t i = 0; i < ops_per_thread; i++) {
		pthread_mutex_lock(&lock);
		TP(1);
		while (turn != me) {
			TP(3);
			pthread_cond_wait(&turn_changed, &lock);
			TP(4);
		}
		turn = !me;
		pthread_cond_signal(&turn_changed);
		TP(5);
		TP(2);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *nothing(void *arg)
{
	TP(6);
	return arg;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void run_threads(int n, void *(*fn)(void *))
{
	pthread_t t[4];

	for (int i = 0; i < n; i++) {
		if (pthread_create(&t[i], NULL, fn, (void *)(intptr_t)i))
			abort();
		TP(7);
	}
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		TP(8);
	}
}

int main(int argc, char **argv)
{
	uint64_t ops, t0;
	const char *w;

	if (argc != 3 || (ops = strtoull(argv[2], NULL, 10)) == 0) {
		fprintf(stderr, "usage: peers mutex4|mutex1|pingpong|spawn OPS\n");
		return 2;
	}
	w = argv[1];
	t0 = now_ns();
	if (strcmp(w, "mutex4") == 0) {
		ops_per_thread = ops / 4;
		run_threads(4, incrementer);
		if (counter != ops_per_thread * 4)
			abort();
	} else if (strcmp(w, "mutex1") == 0) {
		ops_per_thread = ops;
		run_threads(1, incrementer);
	} else if (strcmp(w, "pingpong") == 0) {
		/* One operation is one hand-off; each player makes half of them. */
		ops_per_thread = ops / 2;
		run_threads(2, player);
	} else if (strcmp(w, "spawn") == 0) {
		for (uint64_t i = 0; i < ops; i++)
			run_threads(1, nothing);
	} else {
		fprintf(stderr, "peers: unknown workload '%s'\n", w);
		return 2;
	}
	printf("%llu %llu\n", (unsigned long long)ops, (unsigned long long)(now_ns() - t0));
	return 0;
}
