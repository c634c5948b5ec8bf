/* SPDX-License-Identifier: MIT */
/*
 * s4_1_data_race.c - scenario 4.1, what Send and Sync prevent: ten threads
 * increment a shared counter without synchronisation and lose updates.
 */
#include <stdatomic.h>

#include "common.h"

#define THREADS    10
#define INCREMENTS 1000

struct counter {
	uint64_t id; /* the object the lost-update analysis follows */
	/*
	 * A plain `long` incremented by ten threads would be a data race, which
	 * C makes undefined behaviour (and ThreadSanitizer reports). Separate
	 * relaxed atomic loads and stores keep the program defined while doing
	 * exactly what the racy code does: read, add one, write back, with
	 * nothing stopping another thread from writing in between.
	 */
	atomic_long value;
};

static void *increment(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < INCREMENTS; i++) {
		long seen = atomic_load_explicit(&c->value, memory_order_relaxed);

		ct_access(c->id, CT_ACCESS_READ, seen);
		atomic_store_explicit(&c->value, seen + 1, memory_order_relaxed);
		ct_access(c->id, CT_ACCESS_WRITE, seen + 1);
	}
	return NULL;
}

int main(void)
{
	struct ct_thread handles[THREADS];
	struct counter c = { .id = ct_object_new("counter") };
	char name[16];

	atomic_init(&c.value, 0);
	for (int i = 0; i < THREADS; i++) {
		snprintf(name, sizeof(name), "thread-%d", i + 1);
		scn_check(ct_thread_spawn(&handles[i], name, increment, &c), "spawning a thread");
	}
	for (int i = 0; i < THREADS; i++)
		scn_check(ct_thread_join(&handles[i], NULL), "joining a thread");
	/* The joins order every store before this load. */
	SCN_PRINT("Result: %ld (expected %d)", atomic_load_explicit(&c.value, memory_order_relaxed),
		  THREADS * INCREMENTS);
	return 0;
}
