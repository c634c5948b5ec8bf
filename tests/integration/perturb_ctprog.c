/* SPDX-License-Identifier: MIT */
/*
 * perturb_ctprog.c - perturb_prog's counterpart through libctrace's own
 * primitives (ct_thread_spawn, ct_mutex, ct_cond, channels), for
 * test_perturb: each thread prints how many perturbation decisions it made
 * and a hash of them, main last, in a fixed order.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "ctrace/ctrace.h"

/* libctrace's private test hook (tracer/src/emit.h). */
uint64_t ct__perturb_digest(uint64_t *count);

#define WORKERS 3

static struct ct_mutex *lock;
static struct ct_cond *cond;
static uint64_t counts[WORKERS + 1], digests[WORKERS + 1];

static void work(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		ct_mutex_lock(lock, NULL);
		ct_cond_signal(cond);
		ct_mutex_unlock(lock);
	}
}

struct job {
	struct ct_sender *tx;
	int slot;
};

static void *job_main(void *arg)
{
	struct job *j = arg;

	work(25 + j->slot);
	ct_chan_send(j->tx, NULL);
	ct_sender_drop(j->tx);
	digests[j->slot] = ct__perturb_digest(&counts[j->slot]);
	return NULL;
}

int main(void)
{
	struct ct_thread t[WORKERS];
	struct job jobs[WORKERS];
	struct ct_sender *tx;
	struct ct_receiver *rx;
	void *msg;

	ct_mutex_new(&lock, NULL, "lock");
	ct_cond_new(&cond, "cond");
	ct_chan_new(&tx, &rx, -1, "done");
	for (int i = 0; i < WORKERS; i++) {
		ct_sender_clone(tx, &jobs[i].tx);
		jobs[i].slot = i;
		ct_thread_spawn(&t[i], "job", job_main, &jobs[i]);
	}
	ct_sender_drop(tx);
	while (ct_chan_recv(rx, &msg) == CT_OK)
		;
	for (int i = 0; i < WORKERS; i++)
		ct_thread_join(&t[i], NULL);
	work(10);
	digests[WORKERS] = ct__perturb_digest(&counts[WORKERS]);
	for (int i = 0; i <= WORKERS; i++)
		printf("%s %" PRIu64 " %016" PRIx64 "\n", i < WORKERS ? "job" : "main", counts[i],
		       digests[i]);
	ct_receiver_drop(rx);
	return 0;
}
