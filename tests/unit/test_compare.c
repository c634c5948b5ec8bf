/* SPDX-License-Identifier: MIT */
/*
 * test_compare.c - two runs side by side on hand-built models: the same
 * causal graph timed differently, with other tids and a receive that had to
 * wait in one run only, does not diverge; messages that arrive in another
 * order diverge at the first receive that differs; a run cut short is a
 * prefix of the other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compare.h"
#include "model.h"
#include "model_build.h"

/* clang-format off */
#define E(t, tid, type, id, id2, status, text) \
	{ CT_EV_##type, (t), pid, (tid), "prog", (id), (id2), 0, (status), (text), 0 }
/* clang-format on */

/* How one run of the two-producer program went. */
struct run {
	uint32_t pid;     /* the process id, and main's tid; workers are pid+1, pid+2 */
	uint64_t w1, w2;  /* when each worker sends (ns after its begin) */
	bool b_first;     /* main receives w2's "b" before w1's "a" */
	bool main_blocks; /* main's first receive had to wait (a chan_recv_begin) */
	bool cut;         /* the trace stops before the joins */
};

static int by_time(const void *x, const void *y)
{
	const struct ct_model_input *a = x, *b = y;

	return (a->time > b->time) - (a->time < b->time);
}

/*
 * main makes channel "rx", spawns w1 and w2, each sends one message ("a",
 * "b"), main receives both and joins both.
 */
static struct ct_model *two_producers(const struct run *r)
{
	uint32_t pid = r->pid, t1 = pid + 1, t2 = pid + 2;
	uint64_t first = r->b_first ? 12 : 11, second = r->b_first ? 11 : 12;
	struct ct_model_input in[] = {
		E(0, pid, CHAN_NEW, 7, 0, 0, "rx"),
		E(10, pid, THREAD_SPAWN, 1, 0, 0, "w"),
		E(20, pid, THREAD_SPAWN, 2, 0, 0, "w"),
		E(30, t1, THREAD_BEGIN, 1, 0, 0, "w"),
		E(40, t2, THREAD_BEGIN, 2, 0, 0, "w"),
		E(40 + r->w1, t1, CHAN_SEND_END, 7, 11, CT_OK, "a"),
		E(40 + r->w2, t2, CHAN_SEND_END, 7, 12, CT_OK, "b"),
		E(5000, t1, THREAD_END, 1, 0, 0, NULL),
		E(5001, t2, THREAD_END, 2, 0, 0, NULL),
		E(35, pid, CHAN_RECV_BEGIN, 7, 0, 0, NULL),
		E(6000, pid, CHAN_RECV_END, 7, first, CT_OK, NULL),
		E(6001, pid, CHAN_RECV_END, 7, second, CT_OK, NULL),
		E(6002, pid, JOIN_END, 1, 0, 0, NULL),
		E(6003, pid, JOIN_END, 2, 0, 0, NULL),
	};
	size_t n = sizeof(in) / sizeof(in[0]), k = 0;

	/* Leave out what this run did not emit, then put the rest in time order. */
	for (size_t i = 0; i < n; i++) {
		if (in[i].type == CT_EV_CHAN_RECV_BEGIN && !r->main_blocks)
			continue;
		if (in[i].type == CT_EV_JOIN_END && r->cut)
			continue;
		in[k++] = in[i];
	}
	qsort(in, k, sizeof(in[0]), by_time);
	return test_model_build(in, k);
}

/* The index of the Nth (0-based) event of TYPE on the lane of TID. */
static uint32_t find(const struct ct_model *m, enum ct_event_type type, uint32_t tid, int nth)
{
	size_t n, nl;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &nl);

	for (uint32_t i = 0; i < n; i++)
		if (ev[i].type == type && lanes[ev[i].lane].tid == tid && nth-- == 0)
			return i;
	fail_msg("no event of type %d on tid %u", (int)type, tid);
	return CT_MODEL_NONE;
}

/* Other timings, other tids, a wait in one run only: the same order. */
static void test_same_graph_other_timing(void **state)
{
	(void)state;
	struct run ra = { .pid = 100, .w1 = 100, .w2 = 3000 };
	struct run rb = { .pid = 700, .w1 = 2900, .w2 = 5, .main_blocks = true };
	struct ct_model *a = two_producers(&ra), *b = two_producers(&rb);
	struct ct_compare cmp;

	assert_int_equal(ct_model_compare(a, b, &cmp), CT_MODEL_OK);
	assert_true(cmp.same);
	assert_int_equal(cmp.a.first, CT_MODEL_NONE);
	assert_int_equal(cmp.b.first, CT_MODEL_NONE);
	/* The recv_begin of B is left out: both compare the same 13 events. */
	assert_int_equal(cmp.a.n_seq, 13);
	assert_int_equal(cmp.b.n_seq, 13);
	assert_int_equal(cmp.prefix_events, 13);
	assert_int_equal(cmp.prefix_columns, cmp.a.n_columns);
	assert_non_null(strstr(cmp.sentence, "same happens-before order"));
	ct_compare_fini(&cmp);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

/* "b" arrives first in B: the runs part at main's first receive, "a" against "b". */
static void test_messages_in_other_order(void **state)
{
	(void)state;
	struct run ra = { .pid = 100, .w1 = 100, .w2 = 3000 };
	struct run rb = { .pid = 200, .w1 = 3000, .w2 = 100, .b_first = true };
	struct ct_model *a = two_producers(&ra), *b = two_producers(&rb);
	struct ct_compare cmp;

	assert_int_equal(ct_model_compare(a, b, &cmp), CT_MODEL_OK);
	assert_false(cmp.same);
	assert_int_equal(cmp.a.first, find(a, CT_EV_CHAN_RECV_END, 100, 0));
	assert_int_equal(cmp.b.first, find(b, CT_EV_CHAN_RECV_END, 200, 0));
	/*
	 * Before it: chan_new, two spawns, two begins, two sends, the first
	 * thread_end... in the columns both share (w1: begin 2, send 3; w2:
	 * begin 3, send 4; A's first receive is in column 4, B's in 5).
	 */
	assert_int_equal(cmp.prefix_columns, 4);
	assert_int_equal(cmp.prefix_events, 6);
	assert_int_equal(cmp.column_matched, 2); /* w2's send and w1's thread_end */
	assert_non_null(strstr(cmp.sentence, "receives \"a\""));
	assert_non_null(strstr(cmp.sentence, "receives \"b\""));
	assert_non_null(strstr(cmp.sentence, "run A"));
	ct_compare_fini(&cmp);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

/* B stops before the joins: A goes on with its first join, B has nothing there. */
static void test_prefix(void **state)
{
	(void)state;
	struct run ra = { .pid = 100, .w1 = 100, .w2 = 3000 };
	struct run rb = { .pid = 300, .w1 = 100, .w2 = 3000, .cut = true };
	struct ct_model *a = two_producers(&ra), *b = two_producers(&rb);
	struct ct_compare cmp;

	assert_int_equal(ct_model_compare(a, b, &cmp), CT_MODEL_OK);
	assert_false(cmp.same);
	assert_int_equal(cmp.a.first, find(a, CT_EV_JOIN_END, 100, 0));
	assert_int_equal(cmp.b.first, CT_MODEL_NONE);
	assert_int_equal(cmp.b.first_pos, cmp.b.n_seq);
	assert_int_equal(cmp.prefix_events + cmp.column_matched, 11);
	assert_non_null(strstr(cmp.sentence, "Run B ends"));
	ct_compare_fini(&cmp);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

/* Lanes match by name and position among that name's lanes, never by tid. */
static void test_lane_identity(void **state)
{
	(void)state;
	struct run ra = { .pid = 100, .w1 = 100, .w2 = 3000 };
	struct run rb = { .pid = 900, .w1 = 2900, .w2 = 5 };
	struct ct_model *a = two_producers(&ra), *b = two_producers(&rb);
	size_t n;
	const struct ct_model_event *ea = ct_model_borrow_events(a, &n);
	const struct ct_model_event *eb = ct_model_borrow_events(b, &n);
	uint32_t w2a = ea[find(a, CT_EV_THREAD_BEGIN, 102, 0)].lane;
	uint32_t w2b = eb[find(b, CT_EV_THREAD_BEGIN, 902, 0)].lane;

	assert_int_equal(ct_compare_lane_in(a, w2a, b), w2b);
	assert_int_equal(ct_compare_lane_in(a, 99, b), CT_MODEL_NONE);
	assert_false(ct_compare_keeps(CT_EV_CHAN_RECV_BEGIN));
	assert_true(ct_compare_keeps(CT_EV_CHAN_RECV_END));
	ct_model_destroy(a);
	ct_model_destroy(b);
}

/*
 * Two workers take mutex "m" once each, w2 first in A (w1 had to wait: a
 * lock_begin) and w1 first in B (nobody waited). B's column where w1 takes
 * the lock holds one event more than A's; A's divergence is what it did
 * instead, w2 taking the lock, one column later.
 */
static struct ct_model *lock_order(uint32_t pid, bool w2_first)
{
	uint32_t t1 = pid + 1, t2 = pid + 2, first = w2_first ? t2 : t1,
		 second = w2_first ? t1 : t2;
	const struct ct_model_input in[] = {
		E(0, pid, MUTEX_NEW, 5, 0, 0, "m"),
		E(10, pid, THREAD_SPAWN, 1, 0, 0, "w"),
		E(20, pid, THREAD_SPAWN, 2, 0, 0, "w"),
		E(30, t1, THREAD_BEGIN, 1, 0, 0, "w"),
		E(40, t2, THREAD_BEGIN, 2, 0, 0, "w"),
		E(50, first, MUTEX_LOCK_END, 5, 0, 0, NULL),
		E(55, second, MUTEX_LOCK_BEGIN, 5, 0, 0, NULL),
		E(60, first, MUTEX_UNLOCK, 5, 0, 0, NULL),
		E(70, second, MUTEX_LOCK_END, 5, 0, 0, NULL),
		E(80, second, MUTEX_UNLOCK, 5, 0, 0, NULL),
		E(90, t1, THREAD_END, 1, 0, 0, NULL),
		E(91, t2, THREAD_END, 2, 0, 0, NULL),
		E(100, pid, JOIN_END, 1, 0, 0, NULL),
		E(101, pid, JOIN_END, 2, 0, 0, NULL),
	};
	struct ct_model_input keep[sizeof(in) / sizeof(in[0])];
	size_t k = 0;

	/* Only A's second locker had to wait. */
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		if (in[i].type != CT_EV_MUTEX_LOCK_BEGIN || w2_first)
			keep[k++] = in[i];
	return test_model_build(keep, k);
}

static void test_lock_order(void **state)
{
	(void)state;
	struct ct_model *a = lock_order(100, true), *b = lock_order(400, false);
	struct ct_compare cmp;

	assert_int_equal(ct_model_compare(a, b, &cmp), CT_MODEL_OK);
	assert_false(cmp.same);
	assert_int_equal(cmp.a.first, find(a, CT_EV_MUTEX_LOCK_END, 102, 0));
	assert_int_equal(cmp.b.first, find(b, CT_EV_MUTEX_LOCK_END, 401, 0));
	/* mutex_new, the spawns, w1's begin; then column 3: w2's begin in both, w1's lock in B. */
	assert_int_equal(cmp.prefix_columns, 3);
	assert_int_equal(cmp.prefix_events, 4);
	assert_int_equal(cmp.column_matched, 1);
	ct_compare_fini(&cmp);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_graph_other_timing),
		cmocka_unit_test(test_messages_in_other_order),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_lane_identity),
		cmocka_unit_test(test_lock_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
