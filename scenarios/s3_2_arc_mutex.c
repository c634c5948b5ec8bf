/* SPDX-License-Identifier: MIT */
/*
 * s3_2_arc_mutex.c - scenario 3.2, listings 16-13 to 16-15: ten threads add
 * one to a counter behind a mutex shared through a reference count.
 */
#include "common.h"

#define THREADS 10

/* Runs when the last reference is dropped, like Arc's drop of its Mutex. */
static void destroy_counter(void *data)
{
	/* Only the last owner gets here, so nobody holds the mutex. */
	if (ct_mutex_destroy(data, NULL) != CT_OK)
		scn_die("destroying the mutex failed: it was still locked");
}

/* The closure of listing 16-15: it owns one reference and drops it on return. */
static void *add_one(void *arg)
{
	struct ct_arc *counter = arg;
	struct ct_mutex *m = ct_arc_get(counter);
	void *data;
	int *num;

	scn_check(ct_mutex_lock(m, &data), "locking");
	num = data;
	*num += 1;
	ct_access(ct_mutex_id(m), CT_ACCESS_WRITE, *num);
	/*
	 * Not in the listing: a millisecond of "work" while holding the lock.
	 * Without it each thread is done in about a microsecond, long before
	 * main has spawned the next one, and the timeline would show no thread
	 * ever waiting for the lock, which is what this scenario is about.
	 */
	scn_sleep_ms(1);
	scn_check(ct_mutex_unlock(m), "unlocking");
	scn_check(ct_arc_drop(counter), "dropping a reference");
	return NULL;
}

int main(void)
{
	struct ct_thread handles[THREADS];
	struct ct_arc *clones[THREADS];
	struct ct_arc *counter;
	struct ct_mutex *m;
	char name[16];
	int value = 0;
	void *data;
	int result;

	scn_check(ct_mutex_new(&m, &value, "counter"), "creating the mutex");
	scn_check(ct_arc_new(&counter, m, destroy_counter, "counter"), "creating the Arc");
	/*
	 * The listing clones inside the spawning loop; here every clone is taken
	 * before the first spawn, so that the count visibly reaches 11 (main's
	 * reference and ten clones). Cloned one by one, an early thread usually
	 * drops its reference before the last clone is made.
	 */
	for (int i = 0; i < THREADS; i++)
		clones[i] = ct_arc_clone(counter);
	for (int i = 0; i < THREADS; i++) {
		snprintf(name, sizeof(name), "thread-%d", i + 1);
		scn_check(ct_thread_spawn(&handles[i], name, add_one, clones[i]),
			  "spawning a thread");
	}
	for (int i = 0; i < THREADS; i++)
		scn_check(ct_thread_join(&handles[i], NULL), "joining a thread");

	scn_check(ct_mutex_lock(m, &data), "locking");
	result = *(int *)data;
	scn_check(ct_mutex_unlock(m), "unlocking");
	SCN_PRINT("Result: %d", result);
	/* main's reference is the last: the count falls to 0 and the mutex goes. */
	scn_check(ct_arc_drop(counter), "dropping the last reference");
	return 0;
}
