/* SPDX-License-Identifier: MIT */
/* test_thread.c - unit tests of ctrace threads: spawn, join results, handle misuse, ids. */

/*
 * cmocka's assertions run on the main thread only: child threads record what
 * they saw into their argument and the main thread checks it after the join,
 * which orders the child's writes before the checks.
 */
#define _GNU_SOURCE
#include <ctrace/ctrace.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "ids.h"
#include "timing.h"

/* ----------------------------------------------------------------- helpers */

static void *return_arg(void *arg)
{
	return arg;
}

/* ------------------------------------------------------------ join results */

struct result_case {
	void *value;
};

static int some_object;
static struct result_case result_null = { NULL };
static struct result_case result_small = { (void *)(uintptr_t)1 };
static struct result_case result_pointer = { &some_object };
static struct result_case result_all_ones = { (void *)UINTPTR_MAX };

/* The child's return value comes back through join, whatever it is. */
static void test_join_returns_result(void **state)
{
	const struct result_case *tc = *state;
	struct ct_thread h;
	void *result = &result;
	uint64_t id;

	assert_int_equal(ct_thread_spawn(&h, "child", return_arg, tc->value), CT_OK);
	id = ct_thread_id(&h);
	assert_true(id != 0);
	assert_int_equal(ct_thread_join(&h, &result), CT_OK);
	assert_ptr_equal(result, tc->value);
	/* Join clears the handle. */
	assert_true(ct_thread_id(&h) == 0);
}

static void test_join_result_may_be_ignored(void **state)
{
	struct ct_thread h;

	(void)state;
	assert_int_equal(ct_thread_spawn(&h, NULL, return_arg, &some_object), CT_OK);
	assert_int_equal(ct_thread_join(&h, NULL), CT_OK);
}

struct slow_child {
	atomic_int finished;
};

static void *finish_late(void *arg)
{
	struct slow_child *c = arg;

	sleep_ms(50);
	atomic_store(&c->finished, 1);
	return arg;
}

/* Join waits for the child: its last write is visible once join returns. */
static void test_join_waits_for_child(void **state)
{
	struct slow_child c = { 0 };
	struct ct_thread h;
	void *result = NULL;

	(void)state;
	assert_int_equal(ct_thread_spawn(&h, "slow", finish_late, &c), CT_OK);
	assert_int_equal(ct_thread_join(&h, &result), CT_OK);
	assert_int_equal(atomic_load(&c.finished), 1);
	assert_ptr_equal(result, &c);
}

struct quick_child {
	atomic_int done;
};

static void *finish_now(void *arg)
{
	struct quick_child *c = arg;

	atomic_store(&c->done, 1);
	return arg;
}

/* Joining a child that has already returned still yields its result. */
static void test_join_after_child_ended(void **state)
{
	struct quick_child c = { 0 };
	struct ct_thread h;
	void *result = NULL;

	(void)state;
	assert_int_equal(ct_thread_spawn(&h, "quick", finish_now, &c), CT_OK);
	assert_true(wait_flag(&c.done));
	sleep_ms(20); /* let it get past its return; not needed for correctness */
	assert_int_equal(ct_thread_join(&h, &result), CT_OK);
	assert_ptr_equal(result, &c);
}

/* --------------------------------------------------------- handle misuse */

static void test_double_join_is_invalid(void **state)
{
	struct ct_thread h;
	void *result = &result;

	(void)state;
	assert_int_equal(ct_thread_spawn(&h, "once", return_arg, &some_object), CT_OK);
	assert_int_equal(ct_thread_join(&h, NULL), CT_OK);
	assert_int_equal(ct_thread_join(&h, &result), CT_INVALID);
	assert_ptr_equal(result, &result);
}

struct copy_case {
	bool join_copy_first;
};

static struct copy_case original_first = { false };
static struct copy_case copy_first = { true };

/* Copies of a handle name one thread: only the first join of any copy works. */
static void test_join_copy_is_invalid(void **state)
{
	const struct copy_case *tc = *state;
	struct ct_thread h, copy;
	void *result = NULL;

	assert_int_equal(ct_thread_spawn(&h, "copied", return_arg, &some_object), CT_OK);
	copy = h;
	if (tc->join_copy_first) {
		assert_int_equal(ct_thread_join(&copy, &result), CT_OK);
		assert_ptr_equal(result, &some_object);
		result = &result;
		assert_int_equal(ct_thread_join(&h, &result), CT_INVALID);
	} else {
		assert_int_equal(ct_thread_join(&h, &result), CT_OK);
		assert_ptr_equal(result, &some_object);
		result = &result;
		assert_int_equal(ct_thread_join(&copy, &result), CT_INVALID);
	}
	assert_ptr_equal(result, &result);
}

/*
 * A copy of a joined handle stays invalid even after later spawns, which may
 * reuse the memory of the joined thread's record.
 */
static void test_stale_copy_stays_invalid(void **state)
{
	struct ct_thread h, stale, later[8];

	(void)state;
	assert_int_equal(ct_thread_spawn(&h, "stale", return_arg, NULL), CT_OK);
	stale = h;
	assert_int_equal(ct_thread_join(&h, NULL), CT_OK);
	for (int i = 0; i < 8; i++)
		assert_int_equal(ct_thread_spawn(&later[i], "later", return_arg, NULL), CT_OK);
	assert_int_equal(ct_thread_join(&stale, NULL), CT_INVALID);
	for (int i = 0; i < 8; i++)
		assert_int_equal(ct_thread_join(&later[i], NULL), CT_OK);
}

static void test_join_cleared_handle(void **state)
{
	struct ct_thread cleared;
	void *result = &result;

	(void)state;
	memset(&cleared, 0, sizeof(cleared));
	assert_true(ct_thread_id(&cleared) == 0);
	assert_int_equal(ct_thread_join(&cleared, &result), CT_INVALID);
	assert_int_equal(ct_thread_join(NULL, &result), CT_INVALID);
	assert_ptr_equal(result, &result);
}

/* A child that tries to join its own handle gets CT_INVALID, not a hang. */
struct self_join {
	pthread_mutex_t lock;
	pthread_cond_t published;
	bool ready;
	struct ct_thread handle; /* the child's own handle, from the parent */
	enum ct_status status;
	void *result;
};

static void *join_self(void *arg)
{
	struct self_join *s = arg;
	struct ct_thread mine;

	pthread_mutex_lock(&s->lock);
	while (!s->ready)
		pthread_cond_wait(&s->published, &s->lock);
	mine = s->handle;
	pthread_mutex_unlock(&s->lock);

	s->result = &s->result;
	s->status = ct_thread_join(&mine, &s->result);
	return s;
}

static void test_self_join_is_invalid(void **state)
{
	struct self_join s = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.published = PTHREAD_COND_INITIALIZER,
	};
	struct ct_thread h;
	void *result = NULL;

	(void)state;
	assert_int_equal(ct_thread_spawn(&h, "narcissus", join_self, &s), CT_OK);
	pthread_mutex_lock(&s.lock);
	s.handle = h;
	s.ready = true;
	pthread_cond_signal(&s.published);
	pthread_mutex_unlock(&s.lock);

	/* The failed self-join did not use up the parent's handle. */
	assert_int_equal(ct_thread_join(&h, &result), CT_OK);
	assert_ptr_equal(result, &s);
	assert_int_equal(s.status, CT_INVALID);
	assert_ptr_equal(s.result, &s.result);
}

static void test_spawn_invalid_arguments(void **state)
{
	struct ct_thread h, before;

	(void)state;
	memset(&h, 0xa5, sizeof(h));
	before = h;
	assert_int_equal(ct_thread_spawn(&h, "nofn", NULL, NULL), CT_INVALID);
	assert_memory_equal(&h, &before, sizeof(h));
	assert_int_equal(ct_thread_spawn(NULL, "nohandle", return_arg, NULL), CT_INVALID);
	assert_int_equal(ct_thread_spawn_move(&h, "nofn", NULL, NULL, 1), CT_INVALID);
	assert_memory_equal(&h, &before, sizeof(h));
}

/* ------------------------------------------------------------ many cycles */

/* Many sequential spawn/join cycles each return their own result. */
static void test_many_spawn_join_cycles(void **state)
{
	enum { CYCLES = 2000 };
	unsigned failures = 0, wrong = 0;

	(void)state;
	for (uintptr_t i = 1; i <= CYCLES; i++) {
		struct ct_thread h;
		void *result = NULL;

		if (ct_thread_spawn(&h, "cycle", return_arg, (void *)i) != CT_OK ||
		    ct_thread_join(&h, &result) != CT_OK) {
			failures++;
			continue;
		}
		wrong += result != (void *)i;
	}
	assert_int_equal(failures, 0);
	assert_int_equal(wrong, 0);
}

/* Many children alive at once, joined in the reverse order of their spawn. */
static void test_many_live_children(void **state)
{
	enum { N = 64 };
	struct ct_thread h[N];
	uint64_t ids[N];
	void *result;

	(void)state;
	for (uintptr_t i = 0; i < N; i++) {
		void *arg = (void *)(i + 100);

		assert_int_equal(ct_thread_spawn(&h[i], "live", return_arg, arg), CT_OK);
		ids[i] = ct_thread_id(&h[i]);
	}
	for (int i = N - 1; i >= 0; i--) {
		assert_int_equal(ct_thread_join(&h[i], &result), CT_OK);
		assert_ptr_equal(result, (void *)(uintptr_t)(i + 100));
	}
	assert_int_equal(duplicates_or_zeros(ids, N), 0);
}

/* ----------------------------------------------------------------- ids */

struct id_child {
	uint64_t self;
	uint64_t self_again;
	uint64_t from_grandchild; /* the id of the child's own child, from its handle */
	uint64_t grandchild_self;
};

static void *report_self(void *arg)
{
	uint64_t *out = arg;

	*out = ct_thread_self();
	return NULL;
}

static void *report_ids(void *arg)
{
	struct id_child *c = arg;
	struct ct_thread h;

	c->self = ct_thread_self();
	c->self_again = ct_thread_self();
	/* Threads spawned by spawned threads work the same way. */
	if (ct_thread_spawn(&h, "grandchild", report_self, &c->grandchild_self) == CT_OK) {
		c->from_grandchild = ct_thread_id(&h);
		ct_thread_join(&h, NULL);
	}
	return NULL;
}

static void *report_foreign_self(void *arg)
{
	uint64_t *out = arg;

	out[0] = ct_thread_self();
	out[1] = ct_thread_self();
	return NULL;
}

/*
 * Thread ids are nonzero, unique across spawned, grandchild, foreign
 * (plain pthread) and main threads, stable within a thread, and the id a
 * child sees as its own is the one its handle reports.
 */
static void test_thread_ids(void **state)
{
	enum { N = 8 };
	struct ct_thread h[N];
	struct id_child c[N];
	uint64_t foreign[N][2];
	pthread_t pt[N];
	uint64_t all[3 * N + 1];
	size_t n = 0;
	uint64_t main_id = ct_thread_self();

	(void)state;
	memset(c, 0, sizeof(c));
	for (int i = 0; i < N; i++) {
		assert_int_equal(ct_thread_spawn(&h[i], "ids", report_ids, &c[i]), CT_OK);
		assert_int_equal(pthread_create(&pt[i], NULL, report_foreign_self, foreign[i]), 0);
	}
	for (int i = 0; i < N; i++) {
		uint64_t handle_id = ct_thread_id(&h[i]);

		assert_int_equal(ct_thread_join(&h[i], NULL), CT_OK);
		assert_int_equal(pthread_join(pt[i], NULL), 0);
		assert_true(c[i].self == handle_id);
		assert_true(c[i].self_again == c[i].self);
		assert_true(c[i].grandchild_self == c[i].from_grandchild);
		assert_true(foreign[i][0] == foreign[i][1]);
		all[n++] = c[i].self;
		all[n++] = c[i].grandchild_self;
		all[n++] = foreign[i][0];
	}
	assert_true(main_id != 0);
	assert_true(ct_thread_self() == main_id);
	all[n++] = main_id;
	assert_int_equal(duplicates_or_zeros(all, n), 0);
}

/* spawn_move runs the child like spawn; ct_move accepts a live handle. */
static void test_spawn_move(void **state)
{
	struct ct_thread h;
	uint64_t object = ct_object_new("vec");
	void *result = NULL;

	(void)state;
	assert_true(object != 0);
	assert_int_equal(ct_thread_spawn_move(&h, "mover", return_arg, &some_object, object),
			 CT_OK);
	assert_true(ct_thread_id(&h) != 0);
	ct_move(ct_object_new("another"), &h);
	assert_int_equal(ct_thread_join(&h, &result), CT_OK);
	assert_ptr_equal(result, &some_object);
}

/*
 * The caller may reuse its name buffer as soon as spawn returns. With tracing
 * disabled this is a smoke test; under AddressSanitizer a kept pointer that
 * is read later would be reported.
 */
static void test_spawn_name_is_copied(void **state)
{
	char name[32];
	struct ct_thread h[4];
	void *result;

	(void)state;
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "worker-%d", i);
		assert_int_equal(ct_thread_spawn(&h[i], name, return_arg, &h[i]), CT_OK);
		memset(name, 0, sizeof(name));
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(ct_thread_join(&h[i], &result), CT_OK);
		assert_ptr_equal(result, &h[i]);
	}
}

#define CASE(fn, tc)                                                                               \
	{                                                                                          \
#fn "/" #tc, fn, NULL, NULL, &(tc)                                                 \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(test_join_returns_result, result_null),
		CASE(test_join_returns_result, result_small),
		CASE(test_join_returns_result, result_pointer),
		CASE(test_join_returns_result, result_all_ones),
		cmocka_unit_test(test_join_result_may_be_ignored),
		cmocka_unit_test(test_join_waits_for_child),
		cmocka_unit_test(test_join_after_child_ended),
		cmocka_unit_test(test_double_join_is_invalid),
		CASE(test_join_copy_is_invalid, original_first),
		CASE(test_join_copy_is_invalid, copy_first),
		cmocka_unit_test(test_stale_copy_stays_invalid),
		cmocka_unit_test(test_join_cleared_handle),
		cmocka_unit_test(test_self_join_is_invalid),
		cmocka_unit_test(test_spawn_invalid_arguments),
		cmocka_unit_test(test_many_spawn_join_cycles),
		cmocka_unit_test(test_many_live_children),
		cmocka_unit_test(test_thread_ids),
		cmocka_unit_test(test_spawn_move),
		cmocka_unit_test(test_spawn_name_is_copied),
	};

	return cmocka_run_group_tests_name("thread", tests, NULL, NULL);
}
