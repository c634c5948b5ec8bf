/* SPDX-License-Identifier: MIT */
/*
 * test_order.c - happens-before columns and the causal sequence on
 * hand-built models: program order and every arrow push an event right,
 * concurrent events share a column however they were timed, and the
 * sequence is the same for two timings of one causal graph.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "model.h"
#include "model_build.h"
#include "order.h"

#define MAIN 100

/* clang-format off */
#define E(t, tid, type, id, id2, status, text) \
	{ CT_EV_##type, (t), MAIN, (tid), "prog", (id), (id2), 0, (status), (text), 0 }
/* clang-format on */

/*
 * main spawns w1 and w2; each worker sends one message on channel 7; main
 * receives both, then joins both. T0..T5 place the workers' events in time
 * so that the same graph can be timed in different ways.
 */
static struct ct_model *two_senders(uint64_t w1_send, uint64_t w2_send)
{
	const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_NEW, 7, 0, 0, "rx"),      /* 0 */
		E(10, MAIN, THREAD_SPAWN, 1, 0, 0, "w1"), /* 1 */
		E(20, MAIN, THREAD_SPAWN, 2, 0, 0, "w2"), /* 2 */
		E(30, 101, THREAD_BEGIN, 1, 0, 0, "w1"),  /* 3 */
		E(40, 102, THREAD_BEGIN, 2, 0, 0, "w2"),  /* 4 */
		E(40 + w1_send, 101, CHAN_SEND_END, 7, 11, CT_OK, "a"),
		E(40 + w2_send, 102, CHAN_SEND_END, 7, 12, CT_OK, "b"),
		E(5000, 101, THREAD_END, 1, 0, 0, NULL),
		E(5001, 102, THREAD_END, 2, 0, 0, NULL),
		E(6000, MAIN, CHAN_RECV_END, 7, 11, CT_OK, NULL),
		E(6001, MAIN, CHAN_RECV_END, 7, 12, CT_OK, NULL),
		E(6002, MAIN, JOIN_END, 1, 0, 0, NULL),
		E(6003, MAIN, JOIN_END, 2, 0, 0, NULL),
	};
	struct ct_model_input sorted[sizeof(in) / sizeof(in[0])];
	size_t n = sizeof(in) / sizeof(in[0]);

	/* The builder wants time order; the sends may have been placed out of it. */
	for (size_t i = 0; i < n; i++)
		sorted[i] = in[i];
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && sorted[j].time < sorted[j - 1].time; j--) {
			struct ct_model_input t = sorted[j];

			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	return test_model_build(sorted, n);
}

/* The index of the event of TYPE on the lane of TID (the first one). */
static uint32_t find(const struct ct_model *m, enum ct_event_type type, uint32_t tid)
{
	size_t n, nl;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &nl);

	for (uint32_t i = 0; i < n; i++)
		if (ev[i].type == type && lanes[ev[i].lane].tid == tid)
			return i;
	fail_msg("no event of type %d on tid %u", (int)type, tid);
	return CT_MODEL_NONE;
}

static void test_columns_follow_causes(void **state)
{
	(void)state;
	struct ct_model *m = two_senders(100, 3000);
	uint32_t *col = NULL, width = 0;

	assert_int_equal(ct_model_causal_columns(m, &col, &width), CT_MODEL_OK);
	assert_non_null(col);
	/* main: chan_new 0, spawn 1, spawn 2; each thread_begin one after its spawn. */
	assert_int_equal(col[find(m, CT_EV_CHAN_NEW, MAIN)], 0);
	assert_int_equal(col[find(m, CT_EV_THREAD_SPAWN, MAIN)], 1);
	assert_int_equal(col[find(m, CT_EV_THREAD_BEGIN, 101)], 2);
	assert_int_equal(col[find(m, CT_EV_THREAD_BEGIN, 102)], 3);
	/* w1's send and w2's send: one after their begins, however late w2's came. */
	assert_int_equal(col[find(m, CT_EV_CHAN_SEND_END, 101)], 3);
	assert_int_equal(col[find(m, CT_EV_CHAN_SEND_END, 102)], 4);
	/* The first receive waits for w1's send (3) and main's last spawn (2): 4. */
	assert_int_equal(col[find(m, CT_EV_CHAN_RECV_END, MAIN)], 4);
	/* Two receives, then joins after each thread_end. */
	assert_int_equal(width, 8);
	free(col);
	ct_model_destroy(m);
}

/* Two timings of the same causal graph: the same columns and sequence (as lanes and types). */
static void test_sequence_ignores_timing(void **state)
{
	(void)state;
	struct ct_model *a = two_senders(100, 3000), *b = two_senders(2900, 5);
	uint32_t *ca, *cb, wa, wb, *sa, *sb;
	size_t na, nb, nla, nlb;
	const struct ct_model_event *ea = ct_model_borrow_events(a, &na);
	const struct ct_model_event *eb = ct_model_borrow_events(b, &nb);
	const struct ct_model_lane *la = ct_model_borrow_lanes(a, &nla);
	const struct ct_model_lane *lb = ct_model_borrow_lanes(b, &nlb);

	assert_int_equal(ct_model_causal_columns(a, &ca, &wa), CT_MODEL_OK);
	assert_int_equal(ct_model_causal_columns(b, &cb, &wb), CT_MODEL_OK);
	assert_int_equal(wa, wb);
	assert_int_equal(ct_model_causal_sequence(a, ca, &sa), CT_MODEL_OK);
	assert_int_equal(ct_model_causal_sequence(b, cb, &sb), CT_MODEL_OK);
	assert_int_equal(na, nb);
	/* In time order the two differ (w2 sends first in b)... */
	bool differ = false;
	for (size_t i = 0; i < na; i++)
		differ |= la[ea[i].lane].tid != lb[eb[i].lane].tid;
	assert_true(differ);
	/* ...in causal order they are the same, and columns never decrease along it. */
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(ea[sa[i]].type, eb[sb[i]].type);
		assert_int_equal(la[ea[sa[i]].lane].tid, lb[eb[sb[i]].lane].tid);
		if (i)
			assert_true(ca[sa[i - 1]] <= ca[sa[i]]);
	}
	free(ca);
	free(cb);
	free(sa);
	free(sb);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

/* A model without events has no columns, and asking costs nothing. */
static void test_empty_model(void **state)
{
	(void)state;
	struct ct_model_builder *bld = ct_model_builder_create();
	struct ct_model *m = NULL;
	uint32_t *col = (uint32_t *)1, width = 7, *seq = (uint32_t *)1;

	assert_non_null(bld);
	assert_int_equal(ct_model_builder_finish(bld, &m), CT_MODEL_OK);
	ct_model_builder_destroy(bld);
	assert_int_equal(ct_model_causal_columns(m, &col, &width), CT_MODEL_OK);
	assert_null(col);
	assert_int_equal(width, 0);
	assert_int_equal(ct_model_causal_sequence(m, col, &seq), CT_MODEL_OK);
	assert_null(seq);
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns_follow_causes),
		cmocka_unit_test(test_sequence_ignores_timing),
		cmocka_unit_test(test_empty_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
