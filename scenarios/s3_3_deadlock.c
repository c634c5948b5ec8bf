/* SPDX-License-Identifier: MIT */
/*
 * s3_3_deadlock.c - scenario 3.3, the chapter's warning: two threads lock two
 * mutexes in opposite orders and wait for each other forever.
 */
#include "common.h"

struct locker {
	struct ct_mutex *first;  /* borrowed */
	struct ct_mutex *second; /* borrowed */
};

static void *lock_both(void *arg)
{
	const struct locker *l = arg;

	scn_check(ct_mutex_lock(l->first, NULL), "locking the first mutex");
	/* Long enough for the other thread to take its first mutex too. */
	scn_sleep_ms(100);
	scn_check(ct_mutex_lock(l->second, NULL), "locking the second mutex");
	/* Not reached when the deadlock happens, which is every run in practice. */
	scn_check(ct_mutex_unlock(l->second), "unlocking the second mutex");
	scn_check(ct_mutex_unlock(l->first), "unlocking the first mutex");
	return NULL;
}

int main(void)
{
	struct ct_mutex *a, *b;
	struct locker ab, ba;
	struct ct_thread h1, h2;

	scn_check(ct_mutex_new(&a, NULL, "A"), "creating mutex A");
	scn_check(ct_mutex_new(&b, NULL, "B"), "creating mutex B");
	ab = (struct locker){ .first = a, .second = b };
	ba = (struct locker){ .first = b, .second = a };
	scn_check(ct_thread_spawn(&h1, "thread-1", lock_both, &ab), "spawning thread 1");
	scn_check(ct_thread_spawn(&h2, "thread-2", lock_both, &ba), "spawning thread 2");
	/* Hangs here: `ctrace scenario 3.3` ends the run after its timeout. */
	scn_check(ct_thread_join(&h1, NULL), "joining thread 1");
	scn_check(ct_thread_join(&h2, NULL), "joining thread 2");
	scn_die("the threads did not deadlock this time (one got both mutexes first)");
}
