/* SPDX-License-Identifier: MIT */
/* test_mutex.c - unit tests of ctrace mutexes: exclusion, ownership checks, guarded data. */

/*
 * Helper threads are plain pthreads so that these tests depend on the mutex
 * code alone. cmocka's assertions run on the main thread only: helpers
 * record results and the main thread checks them after pthread_join.
 */
#define _GNU_SOURCE
#include <ctrace/ctrace.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "timing.h"

/* ----------------------------------------------------------------- helpers */

/* Runs FN(ARG) on a new pthread and waits for it: a one-shot "other thread". */
static void on_other_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, fn, arg), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

/* What one call made from another thread returned. */
struct probe {
	struct ct_mutex *m; /* borrowed */
	void *data;
	enum ct_status status;
	enum ct_status status2;
	atomic_int started;
	atomic_int returned;
};

static void *probe_try_lock(void *p)
{
	struct probe *pr = p;

	pr->status = ct_mutex_try_lock(pr->m, &pr->data);
	if (pr->status == CT_OK)
		pr->status2 = ct_mutex_unlock(pr->m);
	return NULL;
}

static void *probe_unlock(void *p)
{
	struct probe *pr = p;

	pr->status = ct_mutex_unlock(pr->m);
	return NULL;
}

static void *probe_destroy(void *p)
{
	struct probe *pr = p;

	pr->status = ct_mutex_destroy(pr->m, &pr->data);
	return NULL;
}

/* Locks (blocking), reads the guarded counter, and unlocks. */
static void *probe_lock(void *p)
{
	struct probe *pr = p;

	atomic_store(&pr->started, 1);
	pr->status = ct_mutex_lock(pr->m, &pr->data);
	atomic_store(&pr->returned, 1);
	if (pr->status == CT_OK)
		pr->status2 = ct_mutex_unlock(pr->m);
	return NULL;
}

/* ------------------------------------------------------------- exclusion */

enum lock_way { LOCK_BLOCKING, LOCK_TRY_SPIN };

struct exclusion_case {
	enum lock_way way;
	unsigned threads;
	unsigned iterations;
};

static struct exclusion_case excl_lock = { LOCK_BLOCKING, 4, 100000 };
static struct exclusion_case excl_try = { LOCK_TRY_SPIN, 4, 20000 };

struct worker {
	struct ct_mutex *m; /* borrowed */
	const struct exclusion_case *tc;
	unsigned errors;
};

/*
 * Increments the guarded counter without atomics, as a separate volatile
 * read and write, so that only mutual exclusion keeps the total exact.
 */
static void *worker_main(void *p)
{
	struct worker *w = p;

	for (unsigned i = 0; i < w->tc->iterations; i++) {
		void *data = NULL;
		enum ct_status st;

		if (w->tc->way == LOCK_BLOCKING) {
			st = ct_mutex_lock(w->m, &data);
		} else {
			while ((st = ct_mutex_try_lock(w->m, &data)) == CT_BUSY)
				sched_yield();
		}
		if (st != CT_OK) {
			w->errors++;
			continue;
		}
		if (data == NULL) {
			w->errors++;
		} else {
			volatile long *counter = data;
			long v = *counter;

			*counter = v + 1;
		}
		if (ct_mutex_unlock(w->m) != CT_OK)
			w->errors++;
	}
	return NULL;
}

/* N threads x K unsynchronised increments under the mutex give exactly N*K. */
static void test_exclusion_exact_total(void **state)
{
	const struct exclusion_case *tc = *state;
	struct worker workers[8];
	pthread_t threads[8];
	long counter = 0;
	struct ct_mutex *m;
	void *data = NULL;

	assert_true(tc->threads <= 8);
	assert_int_equal(ct_mutex_new(&m, &counter, "counter"), CT_OK);
	for (unsigned i = 0; i < tc->threads; i++) {
		workers[i] = (struct worker){ .m = m, .tc = tc };
		assert_int_equal(pthread_create(&threads[i], NULL, worker_main, &workers[i]), 0);
	}
	for (unsigned i = 0; i < tc->threads; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	for (unsigned i = 0; i < tc->threads; i++)
		assert_int_equal(workers[i].errors, 0);
	assert_int_equal(ct_mutex_destroy(m, &data), CT_OK);
	assert_ptr_equal(data, &counter);
	assert_int_equal(counter, (long)tc->threads * tc->iterations);
}

/* A thread blocked in lock resumes after the holder unlocks and sees its writes. */
static void test_lock_blocks_until_unlock(void **state)
{
	long value = 0;
	struct ct_mutex *m;
	struct probe pr = { 0 };
	pthread_t t;
	void *data;

	(void)state;
	assert_int_equal(ct_mutex_new(&m, &value, "handoff"), CT_OK);
	assert_int_equal(ct_mutex_lock(m, &data), CT_OK);
	pr.m = m;
	assert_int_equal(pthread_create(&t, NULL, probe_lock, &pr), 0);
	assert_true(wait_flag(&pr.started));
	assert_true(stays_clear(&pr.returned));
	*(long *)data = 42;
	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	assert_true(wait_flag(&pr.returned));
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(pr.status, CT_OK);
	assert_int_equal(pr.status2, CT_OK);
	assert_ptr_equal(pr.data, &value);
	assert_int_equal(value, 42);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
}

/* ---------------------------------------------------------- guarded data */

/* lock, try_lock and destroy all hand out the pointer given to new. */
static void test_lock_hands_out_data(void **state)
{
	int guarded = 5;
	struct ct_mutex *m, *bare;
	void *data = NULL;

	(void)state;
	assert_int_equal(ct_mutex_new(&m, &guarded, "guarded"), CT_OK);
	assert_int_equal(ct_mutex_lock(m, &data), CT_OK);
	assert_ptr_equal(data, &guarded);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);

	data = NULL;
	assert_int_equal(ct_mutex_try_lock(m, &data), CT_OK);
	assert_ptr_equal(data, &guarded);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);

	/* DATA may be NULL when the caller does not want the pointer. */
	assert_int_equal(ct_mutex_lock(m, NULL), CT_OK);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	assert_int_equal(ct_mutex_try_lock(m, NULL), CT_OK);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);

	data = NULL;
	assert_int_equal(ct_mutex_destroy(m, &data), CT_OK);
	assert_ptr_equal(data, &guarded);

	/* A mutex that guards nothing hands out NULL. */
	assert_int_equal(ct_mutex_new(&bare, NULL, NULL), CT_OK);
	data = &guarded;
	assert_int_equal(ct_mutex_lock(bare, &data), CT_OK);
	assert_null(data);
	assert_int_equal(ct_mutex_unlock(bare), CT_OK);
	assert_int_equal(ct_mutex_destroy(bare, NULL), CT_OK);
}

/* ------------------------------------------------------------ ownership */

/* Locking a mutex the caller holds is CT_DEADLOCK; the lock stays single. */
static void test_relock_is_deadlock(void **state)
{
	int guarded;
	struct ct_mutex *m;
	struct probe pr = { 0 };
	void *data = NULL;
	enum ct_status st;

	(void)state;
	assert_int_equal(ct_mutex_new(&m, &guarded, "relock"), CT_OK);
	assert_int_equal(ct_mutex_lock(m, NULL), CT_OK);
	assert_int_equal(ct_mutex_lock(m, &data), CT_DEADLOCK);
	assert_null(data);
	/* A try_lock by the holder cannot succeed either (it is not recursive). */
	st = ct_mutex_try_lock(m, &data);
	assert_true(st == CT_DEADLOCK || st == CT_BUSY);
	assert_null(data);

	pr.m = m;
	on_other_thread(probe_try_lock, &pr);
	assert_int_equal(pr.status, CT_BUSY);

	/* One unlock releases it: the failed relocks did not nest. */
	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	pr = (struct probe){ .m = m };
	on_other_thread(probe_try_lock, &pr);
	assert_int_equal(pr.status, CT_OK);
	assert_int_equal(pr.status2, CT_OK);
	assert_int_equal(ct_mutex_unlock(m), CT_INVALID);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
}

/* Unlocking a mutex one does not hold is CT_INVALID and changes nothing. */
static void test_unlock_not_held_is_invalid(void **state)
{
	struct ct_mutex *m;
	struct probe pr = { 0 };

	(void)state;
	assert_int_equal(ct_mutex_new(&m, NULL, "unlock"), CT_OK);
	/* Nobody holds it. */
	assert_int_equal(ct_mutex_unlock(m), CT_INVALID);
	assert_int_equal(ct_mutex_try_lock(m, NULL), CT_OK);

	/* Another thread cannot unlock what this thread holds... */
	pr.m = m;
	on_other_thread(probe_unlock, &pr);
	assert_int_equal(pr.status, CT_INVALID);
	/* ...and the mutex is still held afterwards. */
	pr = (struct probe){ .m = m };
	on_other_thread(probe_try_lock, &pr);
	assert_int_equal(pr.status, CT_BUSY);

	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	assert_int_equal(ct_mutex_unlock(m), CT_INVALID);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
}

/* try_lock on a mutex held elsewhere is CT_BUSY and leaves *data alone. */
static void test_try_lock_busy(void **state)
{
	int guarded;
	struct ct_mutex *m;
	struct probe pr = { 0 };

	(void)state;
	assert_int_equal(ct_mutex_new(&m, &guarded, "busy"), CT_OK);
	assert_int_equal(ct_mutex_lock(m, NULL), CT_OK);
	pr.m = m;
	pr.data = &pr;
	on_other_thread(probe_try_lock, &pr);
	assert_int_equal(pr.status, CT_BUSY);
	assert_ptr_equal(pr.data, &pr);

	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	pr = (struct probe){ .m = m };
	on_other_thread(probe_try_lock, &pr);
	assert_int_equal(pr.status, CT_OK);
	assert_ptr_equal(pr.data, &guarded);
	assert_int_equal(pr.status2, CT_OK);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
}

/* A locked mutex cannot be destroyed, whoever holds it; it stays usable. */
static void test_destroy_locked_is_busy(void **state)
{
	int guarded;
	struct ct_mutex *m;
	struct probe pr = { 0 };
	void *data = &pr;

	(void)state;
	assert_int_equal(ct_mutex_new(&m, &guarded, "destroy"), CT_OK);
	assert_int_equal(ct_mutex_lock(m, NULL), CT_OK);
	assert_int_equal(ct_mutex_destroy(m, &data), CT_BUSY);
	assert_ptr_equal(data, &pr);

	pr.m = m;
	pr.data = &pr;
	on_other_thread(probe_destroy, &pr);
	assert_int_equal(pr.status, CT_BUSY);
	assert_ptr_equal(pr.data, &pr);

	/* Still ours and still working. */
	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	assert_int_equal(ct_mutex_lock(m, &data), CT_OK);
	assert_ptr_equal(data, &guarded);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	assert_int_equal(ct_mutex_destroy(m, &data), CT_OK);
	assert_ptr_equal(data, &guarded);
}

/* ------------------------------------------------------------ the rest */

static void test_destroy_null_is_noop(void **state)
{
	void *data = &data;

	(void)state;
	assert_int_equal(ct_mutex_destroy(NULL, &data), CT_OK);
	assert_ptr_equal(data, &data);
	assert_int_equal(ct_mutex_destroy(NULL, NULL), CT_OK);
}

static void test_invalid_arguments(void **state)
{
	struct ct_mutex *out = (struct ct_mutex *)&out;
	void *data = &data;

	(void)state;
	assert_int_equal(ct_mutex_new(NULL, NULL, "x"), CT_INVALID);
	assert_ptr_equal(out, (struct ct_mutex *)&out);
	assert_int_equal(ct_mutex_lock(NULL, &data), CT_INVALID);
	assert_int_equal(ct_mutex_try_lock(NULL, &data), CT_INVALID);
	assert_ptr_equal(data, &data);
	assert_int_equal(ct_mutex_unlock(NULL), CT_INVALID);
}

/* Every mutex has its own nonzero id, stable over its life. */
static void test_mutex_ids(void **state)
{
	enum { N = 16 };
	struct ct_mutex *m[N];
	uint64_t ids[N];

	(void)state;
	for (int i = 0; i < N; i++) {
		assert_int_equal(ct_mutex_new(&m[i], NULL, NULL), CT_OK);
		ids[i] = ct_mutex_id(m[i]);
		assert_true(ids[i] != 0);
		for (int j = 0; j < i; j++)
			assert_true(ids[i] != ids[j]);
	}
	assert_int_equal(ct_mutex_lock(m[0], NULL), CT_OK);
	assert_true(ct_mutex_id(m[0]) == ids[0]);
	assert_int_equal(ct_mutex_unlock(m[0]), CT_OK);
	for (int i = 0; i < N; i++)
		assert_int_equal(ct_mutex_destroy(m[i], NULL), CT_OK);
}

#define CASE(fn, tc)                                                                               \
	{                                                                                          \
#fn "/" #tc, fn, NULL, NULL, &(tc)                                                 \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(test_exclusion_exact_total, excl_lock),
		CASE(test_exclusion_exact_total, excl_try),
		cmocka_unit_test(test_lock_blocks_until_unlock),
		cmocka_unit_test(test_lock_hands_out_data),
		cmocka_unit_test(test_relock_is_deadlock),
		cmocka_unit_test(test_unlock_not_held_is_invalid),
		cmocka_unit_test(test_try_lock_busy),
		cmocka_unit_test(test_destroy_locked_is_busy),
		cmocka_unit_test(test_destroy_null_is_noop),
		cmocka_unit_test(test_invalid_arguments),
		cmocka_unit_test(test_mutex_ids),
	};

	return cmocka_run_group_tests_name("mutex", tests, NULL, NULL);
}
