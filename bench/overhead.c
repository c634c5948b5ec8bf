/* SPDX-License-Identifier: MIT */
/*
 * overhead.c - what one libctrace operation costs next to the plain pthread
 * call it wraps and next to a bare LTTng-UST tracepoint.
 *
 * Prints one line per workload: "name ns_per_op events_per_op". Run it twice,
 * untraced and under `ctrace record` (bench/overhead.sh does both and prints
 * the table), so the disabled and enabled paths are measured in one run.
 * Each workload takes the best of several rounds to shed scheduler noise.
 */
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ctrace/ctrace.h>

#include "bench_tp.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct workload {
	const char *name;
	unsigned events_per_op; /* events one operation records when tracing */
	void (*run)(uint64_t n);
};

static pthread_mutex_t plain_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct ct_mutex *ct_mutex;
static volatile uint64_t sink;

static void run_empty(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		sink = i;
}

static void run_bare_tracepoint(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		lttng_ust_tracepoint(ctrace_bench, tick, i);
}

static void run_pthread_mutex(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		pthread_mutex_lock(&plain_mutex);
		sink = i;
		pthread_mutex_unlock(&plain_mutex);
	}
}

static void run_ct_mutex(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		ct_mutex_lock(ct_mutex, NULL);
		sink = i;
		ct_mutex_unlock(ct_mutex);
	}
}

static void run_ct_mark(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		ct_access(1, CT_ACCESS_WRITE, (int64_t)i);
}

static void run_ct_chan(uint64_t n)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	void *m;

	if (ct_chan_new(&tx, &rx, CT_UNBOUNDED, "bench") != CT_OK)
		abort();
	for (uint64_t i = 0; i < n; i++) {
		ct_chan_send(tx, (void *)&n);
		ct_chan_recv(rx, &m);
	}
	ct_sender_drop(tx);
	ct_receiver_drop(rx);
}

/*
 * A POSIX message queue round trip in one thread: the queue never blocks,
 * so this is the cost of the two system calls (and, under the LD_PRELOAD
 * shim, of its mq_send and mq_recv events: hashing 16 bytes, the cached
 * queue id, one tracepoint each).
 */
static mqd_t bench_q = (mqd_t)-1;

/* A fresh queue, unlinked at once: the descriptor keeps it alive and nothing is left behind. */
static bool open_bench_queue(void)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	char name[64];

	snprintf(name, sizeof(name), "/ctrace-bench-%d", (int)getpid());
	bench_q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (bench_q == (mqd_t)-1) {
		perror("mq_open");
		return false;
	}
	mq_unlink(name);
	return true;
}

static void run_posix_mq(uint64_t n)
{
	static const char msg[16] = "0123456789abcdef";
	char buf[64];
	unsigned prio;

	for (uint64_t i = 0; i < n; i++) {
		if (mq_send(bench_q, msg, sizeof(msg), 1) != 0 ||
		    mq_receive(bench_q, buf, sizeof(buf), &prio) != (ssize_t)sizeof(msg))
			abort();
	}
}

/*
 * The same round trip with a bare tracepoint before the send and after the
 * receive: what two events cost next to these system calls (each system call
 * leaves the caches and TLB colder for the tracer than a tight loop does), the
 * floor to compare the shim's mq events with.
 */
static void run_posix_mq_bare(uint64_t n)
{
	static const char msg[16] = "0123456789abcdef";
	char buf[64];
	unsigned prio;

	for (uint64_t i = 0; i < n; i++) {
		lttng_ust_tracepoint(ctrace_bench, tick, i);
		if (mq_send(bench_q, msg, sizeof(msg), 1) != 0 ||
		    mq_receive(bench_q, buf, sizeof(buf), &prio) != (ssize_t)sizeof(msg))
			abort();
		lttng_ust_tracepoint(ctrace_bench, tick, i);
	}
}

static void *noop(void *arg)
{
	return arg;
}

static void run_pthread_spawn(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, noop, NULL) || pthread_join(t, NULL))
			abort();
	}
}

static void run_ct_spawn(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		struct ct_thread t;

		if (ct_thread_spawn(&t, "w", noop, NULL) != CT_OK ||
		    ct_thread_join(&t, NULL) != CT_OK)
			abort();
	}
}

static const struct workload workloads[] = {
	{ "loop-baseline", 0, run_empty },
	{ "bare-tracepoint", 1, run_bare_tracepoint },
	{ "ct_access", 1, run_ct_mark },
	{ "pthread-mutex-lock+unlock", 0, run_pthread_mutex },
	{ "ct_mutex-lock+unlock", 2, run_ct_mutex },
	{ "ct_chan-send+recv", 2, run_ct_chan },
	{ "posix-mq-send+receive", 0, run_posix_mq },
	{ "posix-mq-send+receive+2-bare-tracepoints", 2, run_posix_mq_bare },
	{ "pthread-spawn+join", 0, run_pthread_spawn },
	{ "ct_thread-spawn+join", 4, run_ct_spawn },
};

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	int rounds = 5;

	if (n == 0) {
		fprintf(stderr, "usage: %s [OPERATIONS]\n", argv[0]);
		return 2;
	}
	if (ct_mutex_new(&ct_mutex, NULL, "bench") != CT_OK)
		return 1;
	if (!open_bench_queue())
		return 1;
	/*
	 * Warm-up: while tracing, the first pass over the ring buffers pays for
	 * their pages; fill them once so no workload is charged for it.
	 */
	run_bare_tracepoint(1000000);
	for (size_t w = 0; w < sizeof(workloads) / sizeof(workloads[0]); w++) {
		/* Spawning is three orders of magnitude slower, a queue's system calls one: fewer of them. */
		uint64_t ops = strstr(workloads[w].name, "spawn") ? n / 100 + 1
			       : strstr(workloads[w].name, "mq")  ? n / 10 + 1
								  : n;
		double best = 1e18;

		for (int r = 0; r < rounds; r++) {
			uint64_t t0 = now_ns();

			workloads[w].run(ops);
			double per_op = (double)(now_ns() - t0) / (double)ops;
			if (per_op < best)
				best = per_op;
		}
		printf("%s %.1f %u\n", workloads[w].name, best, workloads[w].events_per_op);
	}
	ct_mutex_destroy(ct_mutex, NULL);
	mq_close(bench_q);
	return 0;
}
