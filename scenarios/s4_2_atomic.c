/* SPDX-License-Identifier: MIT */
/* s4_2_atomic.c - scenario 4.2, the fix: the same increments on an atomic counter. */
#include <stdatomic.h>

#include "common.h"

#define THREADS    10
#define INCREMENTS 1000

struct counter {
	uint64_t id; /* the object the lost-update analysis follows */
	atomic_long value;
};

static void *increment(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < INCREMENTS; i++) {
		/* One indivisible read-modify-write: no other store can slip in. */
		long stored = atomic_fetch_add_explicit(&c->value, 1, memory_order_relaxed) + 1;

		ct_access(c->id, CT_ACCESS_WRITE, stored);
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
	SCN_PRINT("Result: %ld", atomic_load_explicit(&c.value, memory_order_relaxed));
	return 0;
}
