/* SPDX-License-Identifier: MIT */
/*
 * test_model.c - the timeline model built from hand-made event sequences:
 * lanes, spans, arrows and markers asserted exactly, including bad input.
 * No LTTng and no babeltrace2: only ctrace_model_core.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model.h"
#include "model_build.h"
#include "stats.h"

#define MAIN 100 /* pid, and tid of the main thread */

/* One input event: time, tid, type, id, id2, value, status, text (pid is MAIN). */
/* clang-format off */
#define E(t, tid, type, id, id2, value, status, text) \
	{ CT_EV_##type, (t), MAIN, (tid), "prog", (id), (id2), (value), (status), (text), 0 }
/* clang-format on */

#define BUILD(arr) TEST_MODEL_BUILD(arr)

static const struct ct_model_lane *lane(const struct ct_model *m, size_t i)
{
	size_t n;
	const struct ct_model_lane *l = ct_model_borrow_lanes(m, &n);

	assert_true(i < n);
	return &l[i];
}

static const struct ct_model_event *event(const struct ct_model *m, size_t i)
{
	size_t n;
	const struct ct_model_event *e = ct_model_borrow_events(m, &n);

	assert_true(i < n);
	return &e[i];
}

/* Asserts the arrows are exactly EXPECT (from, to, kind triples). */
static void assert_arrows(const struct ct_model *m, const uint32_t (*expect)[3], size_t n_expect)
{
	size_t n;
	const struct ct_model_arrow *a = ct_model_borrow_arrows(m, &n);

	assert_int_equal(n, n_expect);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(a[i].from, expect[i][0]);
		assert_int_equal(a[i].to, expect[i][1]);
		assert_int_equal(ct_model_arrow_kind(m, &a[i]), expect[i][2]);
		/* An arrow never points back in time. */
		assert_true(ct_model_event_time(event(m, a[i].from)) <=
			    ct_model_event_time(event(m, a[i].to)));
	}
}

/* Asserts lane I's spans are exactly EXPECT (begin, end event pairs). */
static void assert_spans(const struct ct_model *m, size_t i, const uint32_t (*expect)[2],
			 size_t n_expect)
{
	size_t n;
	const struct ct_model_span *s = ct_model_borrow_spans(m, &n);
	const struct ct_model_lane *l = lane(m, i);

	assert_int_equal(l->span_count, n_expect);
	for (size_t k = 0; k < n_expect; k++) {
		assert_int_equal(s[l->span_first + k].begin, expect[k][0]);
		assert_int_equal(s[l->span_first + k].end, expect[k][1]);
	}
}

static void assert_no_problems(const struct ct_model *m)
{
	static const struct ct_model_problems none;

	assert_memory_equal(ct_model_borrow_problems(m), &none, sizeof(none));
}

/* Asserts that nothing but lanes without thread_begin (hand-made threads) was counted. */
static void assert_matched(const struct ct_model *m)
{
	struct ct_model_problems p = *ct_model_borrow_problems(m);
	static const struct ct_model_problems none;

	p.lanes_without_begin = 0;
	assert_memory_equal(&p, &none, sizeof(none));
}

static void test_event_is_20_bytes(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct ct_model_event), 20);
	assert_int_equal(sizeof(struct ct_model_span), 8);
	assert_int_equal(sizeof(struct ct_model_arrow), 8);
}

static void test_empty(void **state)
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	size_t n = 1, first;

	(void)state;
	assert_non_null(b);
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	(void)ct_model_borrow_events(m, &n);
	assert_int_equal(n, 0);
	assert_int_equal(ct_model_end_time(m), 0);
	assert_int_equal(ct_model_event_at(m, 5), 0);
	assert_int_equal(ct_model_markers_in(m, 0, UINT64_MAX, &first), 0);
	ct_model_destroy(m);
	ct_model_destroy(NULL);
	ct_model_builder_destroy(NULL);
}

/* Scenario 1.2 in miniature: spawn, the child prints and ends, main waits in join. */
static void test_spawn_join(void **state)
{
	static const struct ct_model_input in[] = {
		E(1000, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "worker"), /* 0 */
		E(1010, 101, THREAD_BEGIN, 5, 0, 0, 0, "worker"),  /* 1 */
		E(1020, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),       /* 2 */
		E(1030, 101, PRINT, 0, 0, 0, 0, "hi"),             /* 3 */
		E(1040, 101, THREAD_END, 5, 0, 0, 0, NULL),        /* 4 */
		E(1050, MAIN, JOIN_END, 5, 0, 0, 0, NULL),         /* 5 */
	};
	static const uint32_t arrows[][3] = { { 0, 1, CT_ARROW_SPAWN }, { 4, 5, CT_ARROW_JOIN } };
	static const uint32_t main_spans[][2] = { { 2, 5 } };
	struct ct_model *m = BUILD(in);
	size_t n;

	(void)state;
	assert_no_problems(m);
	assert_int_equal(ct_model_start_ns(m), 1000);
	assert_int_equal(ct_model_end_time(m), 50);
	ct_model_borrow_lanes(m, &n);
	assert_int_equal(n, 2);
	assert_string_equal(ct_model_string(m, lane(m, 0)->name), "prog");
	assert_false(lane(m, 0)->has_begin);
	assert_int_equal(lane(m, 0)->end, CT_LANE_ENDED);
	assert_int_equal(lane(m, 0)->first_event, 0);
	assert_int_equal(lane(m, 0)->last_event, 5);
	assert_string_equal(ct_model_string(m, lane(m, 1)->name), "worker");
	assert_true(lane(m, 1)->has_begin);
	assert_int_equal(lane(m, 1)->end, CT_LANE_ENDED);
	assert_int_equal(lane(m, 1)->first_event, 1);
	assert_int_equal(lane(m, 1)->last_event, 4);
	assert_spans(m, 0, main_spans, 1);
	assert_spans(m, 1, NULL, 0);
	assert_int_equal(ct_model_span_state(m, &ct_model_borrow_spans(m, &n)[0]),
			 CT_STATE_BLOCKED_JOIN);
	assert_arrows(m, arrows, 2);
	/* The thread object knows its lane and name. */
	{
		const struct ct_model_object *o = ct_model_borrow_objects(m, &n);

		assert_int_equal(n, 1);
		assert_int_equal(o[0].id, 5);
		assert_int_equal(o[0].kind, CT_OBJ_THREAD);
		assert_int_equal(o[0].lane, 1);
		assert_int_equal(lane(m, 1)->thread, 0);
	}
	/* The print is a marker with its text. */
	{
		const uint32_t *mk = ct_model_borrow_markers(m, &n);

		assert_int_equal(n, 1);
		assert_int_equal(mk[0], 3);
		assert_string_equal(ct_model_string(m, event(m, 3)->arg), "hi");
	}
	ct_model_destroy(m);
}

/* A join of a thread that already ended is one event: no span, still an arrow. */
static void test_join_without_wait(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "w"),
		E(1, 101, THREAD_BEGIN, 5, 0, 0, 0, "w"),
		E(2, 101, THREAD_END, 5, 0, 0, 0, NULL),
		E(3, MAIN, JOIN_END, 5, 0, 0, 0, NULL),
	};
	static const uint32_t arrows[][3] = { { 0, 1, CT_ARROW_SPAWN }, { 2, 3, CT_ARROW_JOIN } };
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_no_problems(m);
	assert_spans(m, 0, NULL, 0);
	assert_arrows(m, arrows, 2);
	ct_model_destroy(m);
}

/* Scenario 2.1: main waits in recv, a message arrives; then the sender drops. */
static void test_message(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_NEW, 7, 0, -1, 0, "words"),                /* 0 */
		E(1, MAIN, CHAN_RECV_BEGIN, 7, 0, 0, 0, NULL),             /* 1 */
		E(2, 101, CHAN_SEND_END, 7, 12, 0, CT_OK, "hi"),           /* 2 */
		E(3, MAIN, CHAN_RECV_END, 7, 12, 0, CT_OK, NULL),          /* 3 */
		E(4, 101, CHAN_SENDER_DROP, 7, 0, 0, 0, NULL),             /* 4 */
		E(5, MAIN, CHAN_RECV_END, 7, 0, 0, CT_DISCONNECTED, NULL), /* 5 */
	};
	static const uint32_t arrows[][3] = { { 2, 3, CT_ARROW_MESSAGE } };
	static const uint32_t main_spans[][2] = { { 1, 3 } };
	struct ct_model *m = BUILD(in);
	size_t n;

	(void)state;
	assert_arrows(m, arrows, 1);
	assert_spans(m, 0, main_spans, 1);
	assert_int_equal(ct_model_message_count(m), 1);
	assert_int_equal(event(m, 2)->arg, event(m, 3)->arg);
	assert_int_equal(ct_model_message_id(m, event(m, 3)->arg), 12);
	assert_string_equal(ct_model_string(m, ct_model_message_label(m, event(m, 2)->arg)), "hi");
	assert_int_equal(event(m, 1)->arg, CT_MODEL_NONE);
	assert_int_equal(event(m, 5)->status, CT_DISCONNECTED);
	assert_int_equal(ct_model_event_value(m, event(m, 0)), -1);
	/* The sender's lane has no thread_begin: counted, named from procname, killed. */
	assert_int_equal(ct_model_borrow_problems(m)->lanes_without_begin, 1);
	assert_int_equal(lane(m, 1)->end, CT_LANE_KILLED);
	assert_string_equal(ct_model_string(m, lane(m, 1)->name), "prog");
	assert_string_equal(ct_model_string(m, ct_model_borrow_objects(m, &n)[0].name), "words");
	ct_model_destroy(m);
}

/* A recv whose send was lost: no arrow, counted, the message id kept. */
static void test_recv_without_send(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_RECV_END, 7, 44, 0, CT_OK, NULL),
		E(1, MAIN, CHAN_SEND_END, 7, 45, 0, CT_OK, "x"), /* never received */
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, NULL, 0);
	assert_int_equal(ct_model_borrow_problems(m)->recv_unmatched, 1);
	assert_int_equal(ct_model_message_id(m, event(m, 0)->arg), 44);
	assert_int_equal(ct_model_message_id(m, event(m, 1)->arg), 45);
	ct_model_destroy(m);
}

/*
 * Lock hand-off: A takes the lock without waiting (lock_end without begin:
 * "did not wait"), B waits, A unlocks, B gets it: one arrow. C then takes it
 * without waiting: no arrow, no span.
 */
static void test_lock_handoff(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),   /* 0 A */
		E(1, 102, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL), /* 1 B */
		E(2, 101, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),     /* 2 A */
		E(3, 102, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),   /* 3 B */
		E(4, 102, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),     /* 4 B */
		E(5, 103, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),   /* 5 C */
		E(6, 103, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),     /* 6 C */
	};
	static const uint32_t arrows[][3] = { { 2, 3, CT_ARROW_HANDOFF } };
	static const uint32_t b_spans[][2] = { { 1, 3 } };
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 1);
	assert_spans(m, 0, NULL, 0);
	assert_spans(m, 1, b_spans, 1);
	assert_spans(m, 2, NULL, 0);
	assert_int_equal(ct_model_lane_state_at(m, 1, 2), CT_STATE_BLOCKED_LOCK);
	assert_int_equal(ct_model_lane_state_at(m, 1, 3), CT_STATE_RUNNING);
	assert_int_equal(ct_model_lane_state_at(m, 0, 2), CT_STATE_RUNNING);
	ct_model_destroy(m);
}

/* Condvar: the waiter is woken by a signal and gets the mutex from the signaller's unlock. */
static void test_cond_wakeup(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),    /* 0 W */
		E(1, 101, COND_WAIT_BEGIN, 4, 3, 0, 0, NULL),   /* 1 W releases */
		E(2, MAIN, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),   /* 2 main, no wait */
		E(3, MAIN, COND_SIGNAL, 4, 3, 0, 0, NULL),      /* 3 */
		E(4, MAIN, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),     /* 4 */
		E(5, 101, COND_WAIT_END, 4, 3, 0, CT_OK, NULL), /* 5 */
		E(6, 101, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),      /* 6 */
	};
	static const uint32_t arrows[][3] = { { 3, 5, CT_ARROW_WAKEUP },
					      { 4, 5, CT_ARROW_HANDOFF } };
	static const uint32_t w_spans[][2] = { { 1, 5 } };
	struct ct_model *m = BUILD(in);
	size_t n;

	(void)state;
	assert_arrows(m, arrows, 2);
	assert_spans(m, 0, w_spans, 1);
	assert_int_equal(ct_model_span_state(m, &ct_model_borrow_spans(m, &n)[0]),
			 CT_STATE_BLOCKED_COND);
	ct_model_borrow_objects(m, &n);
	assert_int_equal(n, 2); /* the mutex and the cond */
	ct_model_destroy(m);
}

/*
 * Which notification woke which waiter: a signal wakes one of the threads
 * waiting when it was sent (two signals, two waiters: one arrow each), a
 * signal sent before a wait began is not that wait's, a broadcast wakes all,
 * and a signal nobody was waiting for is lost. (No mutex: no hand-off arrows.)
 */
static void test_cond_signals_and_broadcast(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, COND_SIGNAL, 4, 0, 0, 0, NULL),            /* 0: nobody waits: lost */
		E(1, 101, COND_WAIT_BEGIN, 4, 0, 0, 0, NULL),         /* 1 */
		E(2, 102, COND_WAIT_BEGIN, 4, 0, 0, 0, NULL),         /* 2 */
		E(3, MAIN, COND_SIGNAL, 4, 0, 0, 0, NULL),            /* 3 */
		E(4, MAIN, COND_SIGNAL, 4, 0, 0, 0, NULL),            /* 4 */
		E(5, 103, COND_WAIT_BEGIN, 4, 0, 0, 0, NULL),         /* 5: after both signals */
		E(6, 102, COND_WAIT_END, 4, 0, 0, CT_OK, NULL),       /* 6: takes 3 */
		E(7, 101, COND_WAIT_END, 4, 0, 0, CT_OK, NULL),       /* 7: takes 4 */
		E(8, MAIN, COND_BROADCAST, 4, 0, 0, 0, NULL),         /* 8 */
		E(9, 103, COND_WAIT_END, 4, 0, 0, CT_OK, NULL),       /* 9: the broadcast */
		E(10, 101, COND_WAIT_BEGIN, 4, 0, 0, 0, NULL),        /* 10 */
		E(11, MAIN, COND_SIGNAL, 4, 0, 0, 0, NULL),           /* 11 */
		E(12, 101, COND_WAIT_END, 4, 0, 0, CT_TIMEOUT, NULL), /* 12: timed out first */
		E(13, 102, COND_WAIT_BEGIN, 4, 0, 0, 0, NULL),        /* 13 */
		E(14, 102, COND_WAIT_END, 4, 0, 0, CT_OK, NULL), /* 14: spurious: 11 was dropped */
	};
	static const uint32_t arrows[][3] = {
		{ 3, 6, CT_ARROW_WAKEUP },
		{ 4, 7, CT_ARROW_WAKEUP },
		{ 8, 9, CT_ARROW_WAKEUP },
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 3);
	ct_model_destroy(m);
}

/* Waiting on a cond that nobody signals: a timeout has no wake-up arrow, and no self hand-off. */
static void test_cond_timeout(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
		E(1, 101, COND_WAIT_BEGIN, 4, 3, 0, 0, NULL),
		E(9, 101, COND_WAIT_END, 4, 3, 0, CT_TIMEOUT, NULL),
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, NULL, 0);
	ct_model_destroy(m);
}

/* How lanes end: killed while sleeping, blocked on a lock, ended, main returning. */
static void test_lane_ends(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, THREAD_BEGIN, 5, 0, 0, 0, "sleeper"),    /* 0 */
		E(1, 101, SLEEP_BEGIN, 0, 0, 5000000000, 0, NULL), /* 1: > 2^31 ns */
		E(2, 102, THREAD_BEGIN, 6, 0, 0, 0, "stuck"),      /* 2 */
		E(3, 102, MUTEX_LOCK_BEGIN, 9, 0, 0, 0, NULL),     /* 3 */
		E(4, 103, THREAD_BEGIN, 7, 0, 0, 0, "done"),       /* 4 */
		E(5, 103, THREAD_END, 7, 0, 0, 0, NULL),           /* 5 */
		E(6, MAIN, PRINT, 0, 0, 0, 0, "bye"),              /* 6 */
	};
	static const uint32_t open_span[][2] = { { 3, CT_MODEL_NONE } };
	struct ct_model *m = BUILD(in);
	size_t n, first;

	(void)state;
	assert_no_problems(m);
	assert_int_equal(lane(m, 0)->end, CT_LANE_KILLED);
	assert_int_equal(lane(m, 1)->end, CT_LANE_BLOCKED);
	assert_int_equal(lane(m, 2)->end, CT_LANE_ENDED);
	assert_int_equal(lane(m, 3)->end, CT_LANE_ENDED);
	assert_spans(m, 1, open_span, 1);
	assert_int_equal(ct_model_event_value(m, event(m, 1)), 5000000000);
	/* An open span lasts to the end of the trace. */
	assert_int_equal(
		ct_model_span_end(m, &ct_model_borrow_spans(m, &n)[lane(m, 1)->span_first]), 6);
	assert_int_equal(ct_model_lane_state_at(m, 1, 6), CT_STATE_BLOCKED_LOCK);
	assert_int_equal(ct_model_lane_state_at(m, 0, 4), CT_STATE_SLEEPING);
	assert_int_equal(ct_model_lane_spans_in(m, 1, 0, 2, &first), 0);
	assert_int_equal(ct_model_lane_spans_in(m, 1, 0, 3, &first), 1);
	assert_int_equal(first, lane(m, 1)->span_first);
	ct_model_destroy(m);
}

/* The trace lasts until recording stopped: a hung, then killed, program stays blocked to the kill. */
static void test_stop_time(void **state)
{
	static const struct ct_model_input in[] = {
		E(1000, 101, THREAD_BEGIN, 6, 0, 0, 0, "stuck"),  /* 0 */
		E(1010, 101, MUTEX_LOCK_BEGIN, 9, 0, 0, 0, NULL), /* 1 */
		E(1020, MAIN, JOIN_BEGIN, 6, 0, 0, 0, NULL),      /* 2 */
	};
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	size_t n;

	(void)state;
	assert_non_null(b);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(ct_model_builder_add(b, &in[i]), CT_MODEL_OK);
	/* An earlier stop changes nothing; the latest one wins. */
	ct_model_builder_set_stop(b, 900);
	ct_model_builder_set_stop(b, 5000);
	ct_model_builder_set_stop(b, 4000);
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	assert_int_equal(ct_model_start_ns(m), 1000);
	assert_int_equal(ct_model_end_time(m), 4000);
	assert_int_equal(lane(m, 0)->end, CT_LANE_BLOCKED);
	assert_int_equal(
		ct_model_span_end(m, &ct_model_borrow_spans(m, &n)[lane(m, 0)->span_first]), 4000);
	assert_int_equal(ct_model_lane_state_at(m, 0, 3999), CT_STATE_BLOCKED_LOCK);
	assert_int_equal(ct_model_lane_state_at(m, 1, 3999), CT_STATE_BLOCKED_JOIN);
	ct_model_destroy(m);
}

/* A process that recorded its own exit ends at its last event, whenever recording stopped. */
static void test_stop_time_after_exit(void **state)
{
	static const struct ct_model_input in[] = {
		E(1000, MAIN, PRINT, 0, 0, 0, 0, "hello"),     /* 0 */
		E(1050, MAIN, PROCESS_EXIT, 0, 0, 1, 0, NULL), /* 1 */
	};
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;

	(void)state;
	assert_non_null(b);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(ct_model_builder_add(b, &in[i]), CT_MODEL_OK);
	ct_model_builder_set_stop(b, 9000);
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	assert_int_equal(ct_model_end_time(m), 50);
	ct_model_destroy(m);
}

/* Bad input: a begin followed by something else; events after thread_end; a join of an unseen end. */
static void test_mismatch(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL), /* 0 */
		E(1, 101, PRINT, 0, 0, 0, 0, "oops"),          /* 1: closes the span */
		E(2, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),   /* 2: did not wait */
		E(3, 101, SLEEP_BEGIN, 0, 0, 10, 0, NULL),     /* 3 */
		E(4, 101, MUTEX_LOCK_END, 4, 0, 0, 0, NULL),   /* 4: wrong end */
		E(5, 101, THREAD_END, 8, 0, 0, 0, NULL),       /* 5 */
		E(6, 101, PRINT, 0, 0, 0, 0, "ghost"),         /* 6: after end */
		E(7, MAIN, JOIN_END, 9, 0, 0, 0, NULL),        /* 7: thread 9 never ended */
	};
	static const uint32_t spans[][2] = { { 0, 1 }, { 3, 4 } };
	struct ct_model *m = BUILD(in);
	const struct ct_model_problems *p;

	(void)state;
	p = ct_model_borrow_problems(m);
	assert_int_equal(p->span_mismatch, 2);
	assert_int_equal(p->after_end, 1);
	assert_int_equal(p->join_unmatched, 1);
	assert_int_equal(p->lanes_without_begin, 1);
	assert_spans(m, 0, spans, 2);
	assert_arrows(m, NULL, 0);
	ct_model_destroy(m);
}

/* Out-of-order times are clamped and counted; unknown types and statuses are counted. */
static void test_bad_fields(void **state)
{
	struct ct_model_input in[] = {
		E(100, MAIN, MARK, 0, 0, 0, 0, "a"),
		E(50, MAIN, MARK, 0, 0, 0, 0, "b"),
		E(150, MAIN, MARK, 0, 0, 0, 99, "c"),
	};
	struct ct_model_input unknown = in[0];
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	size_t n;

	(void)state;
	assert_non_null(b);
	unknown.type = CT_EV_COUNT_;
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(ct_model_builder_add(b, &in[i]), CT_MODEL_OK);
	assert_int_equal(ct_model_builder_add(b, &unknown), CT_MODEL_OK);
	ct_model_builder_add_discarded(b, 7);
	ct_model_builder_add_skipped(b, 3);
	assert_int_equal(ct_model_builder_event_count(b), 3);
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	assert_int_equal(ct_model_borrow_problems(m)->out_of_order, 1);
	assert_int_equal(ct_model_borrow_problems(m)->bad_fields, 2);
	assert_int_equal(ct_model_event_time(event(m, 1)), 0);
	assert_int_equal(ct_model_event_time(event(m, 2)), 50);
	assert_int_equal(ct_model_discarded(m), 7);
	assert_int_equal(ct_model_skipped(m), 3);
	ct_model_borrow_markers(m, &n);
	assert_int_equal(n, 3);
	ct_model_destroy(m);
}

/* Ids are unique per process only: the same mutex id in two processes is two mutexes. */
static void test_objects_per_process(void **state)
{
	static const struct ct_model_input in[] = {
		{ CT_EV_MUTEX_LOCK_END, 0, 1, 1, "a", 3, 0, 0, 0, NULL, 0 },
		{ CT_EV_MUTEX_LOCK_BEGIN, 1, 2, 2, "b", 3, 0, 0, 0, NULL, 0 },
		{ CT_EV_MUTEX_UNLOCK, 2, 1, 1, "a", 3, 0, 0, 0, NULL, 0 },
		{ CT_EV_MUTEX_LOCK_END, 3, 2, 2, "b", 3, 0, 0, 0, NULL, 0 },
		/* Thread 1 of process 2 is its main thread; same tid, other process: other lane. */
		{ CT_EV_MARK, 4, 2, 1, "b", 0, 0, 0, 0, "x", 0 },
	};
	struct ct_model *m = BUILD(in);
	size_t n;

	(void)state;
	assert_arrows(m, NULL, 0);
	ct_model_borrow_objects(m, &n);
	assert_int_equal(n, 2);
	ct_model_borrow_lanes(m, &n);
	assert_int_equal(n, 3);
	assert_string_equal(ct_model_string(m, lane(m, 2)->name), "b");
	ct_model_destroy(m);
}

/* A tid reused after its thread ended starts a new lane. */
static void test_tid_reuse(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, THREAD_BEGIN, 5, 0, 0, 0, "first"),
		E(1, 101, THREAD_END, 5, 0, 0, 0, NULL),
		E(2, 101, THREAD_BEGIN, 6, 0, 0, 0, "second"),
		E(3, 101, THREAD_END, 6, 0, 0, 0, NULL),
	};
	struct ct_model *m = BUILD(in);
	size_t n;

	(void)state;
	assert_no_problems(m);
	ct_model_borrow_lanes(m, &n);
	assert_int_equal(n, 2);
	assert_string_equal(ct_model_string(m, lane(m, 0)->name), "first");
	assert_string_equal(ct_model_string(m, lane(m, 1)->name), "second");
	assert_int_equal(lane(m, 1)->first_event, 2);
	ct_model_destroy(m);
}

/* Scenario 2.3's shape at scale: many messages, arrows sorted, queries by binary search. */
static void test_queries(void **state)
{
	enum { N = 1000 };
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	size_t n, first, last, count;
	const struct ct_model_arrow *a;

	(void)state;
	assert_non_null(b);
	/* Producer 101 sends msg i + 1 at 10i; main receives it at 10i + 5 and prints. */
	for (uint64_t i = 0; i < N; i++) {
		struct ct_model_input s = E(10 * i, 101, CHAN_SEND_END, 7, i + 1, 0, CT_OK, "m");
		struct ct_model_input r =
			E(10 * i + 5, MAIN, CHAN_RECV_END, 7, i + 1, 0, CT_OK, NULL);
		struct ct_model_input p = E(10 * i + 6, MAIN, PRINT, 0, 0, 0, 0, "got");

		assert_int_equal(ct_model_builder_add(b, &s), CT_MODEL_OK);
		assert_int_equal(ct_model_builder_add(b, &r), CT_MODEL_OK);
		assert_int_equal(ct_model_builder_add(b, &p), CT_MODEL_OK);
	}
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	assert_int_equal(ct_model_borrow_problems(m)->recv_unmatched, 0);
	assert_int_equal(ct_model_borrow_problems(m)->lanes_without_begin, 1);
	a = ct_model_borrow_arrows(m, &n);
	assert_int_equal(n, N);
	for (size_t i = 1; i < n; i++)
		assert_true(a[i - 1].from < a[i].from);
	/* The print string is interned once. */
	assert_int_equal(event(m, 2)->arg, event(m, 5)->arg);

	assert_int_equal(ct_model_event_at(m, 0), 0);
	assert_int_equal(ct_model_event_at(m, 5), 1);
	assert_int_equal(ct_model_event_at(m, 15), 4);
	assert_int_equal(ct_model_event_at(m, 16), 5);
	assert_int_equal(ct_model_event_at(m, UINT64_MAX), 3 * N);

	/* Window [500, 510]: arrows 50 (500 -> 505) and 51 (510 -> 515) overlap it. */
	ct_model_arrows_in(m, 500, 510, &first, &last);
	assert_true(first <= 50 && last == 52);
	count = 0;
	for (size_t i = first; i < last; i++) {
		uint64_t from = ct_model_event_time(event(m, a[i].from));
		uint64_t to = ct_model_event_time(event(m, a[i].to));

		if (from <= 510 && to >= 500)
			count++;
	}
	assert_int_equal(count, 2);
	ct_model_arrows_in(m, 20000, 30000, &first, &last);
	assert_int_equal(last - first, 0);

	count = ct_model_markers_in(m, 500, 530, &first);
	assert_int_equal(count, 3); /* prints at 506, 516, 526 */
	assert_int_equal(ct_model_markers_in(m, 507, 515, &first), 0);
	assert_true(ct_model_memory_size(m) < (size_t)3 * N * 32);
	ct_model_destroy(m);
}

/* thread_name renames the lane of the named thread, or (thread 0) the emitting one; process_exit is a marker. */
static void test_thread_name_and_exit(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_NAME, 0, 0, 0, 0, "boss"),  /* 0: main names itself */
		E(1, 101, THREAD_BEGIN, 5, 0, 0, 0, ""),      /* 1 */
		E(2, 101, THREAD_NAME, 5, 0, 0, 0, "helper"), /* 2 */
		E(3, MAIN, PROCESS_EXIT, 0, 0, 1, 0, NULL),   /* 3 */
	};
	struct ct_model *m = BUILD(in);
	size_t n;
	const uint32_t *mk;

	(void)state;
	assert_no_problems(m);
	assert_string_equal(ct_model_string(m, lane(m, 0)->name), "boss");
	assert_string_equal(ct_model_string(m, lane(m, 1)->name), "helper");
	assert_int_equal(lane(m, 1)->end, CT_LANE_KILLED);
	mk = ct_model_borrow_markers(m, &n);
	assert_int_equal(n, 1);
	assert_int_equal(mk[0], 3);
	assert_int_equal(ct_model_event_value(m, event(m, 3)), 1);
	assert_string_equal(ct_event_type_name(CT_EV_PROCESS_EXIT), "process_exit");
	ct_model_destroy(m);
}

/*
 * A parent that names a thread right after creating it, before the thread
 * emitted anything: the name goes to the child's lane when it begins, and
 * the parent's lane keeps its own.
 */
static void test_thread_named_before_it_began(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 6, 0, 0, 0, ""),      /* 0 */
		E(1, MAIN, THREAD_NAME, 6, 0, 0, 0, "worker"), /* 1: main names thread 6 */
		E(2, 102, THREAD_BEGIN, 6, 0, 0, 0, ""),       /* 2: thread 6 begins */
		E(3, 102, THREAD_END, 6, 0, 0, 0, NULL),       /* 3 */
		E(4, MAIN, JOIN_END, 6, 0, 0, 0, NULL),        /* 4 */
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_no_problems(m);
	assert_string_equal(ct_model_string(m, lane(m, 0)->name), "prog");
	assert_string_equal(ct_model_string(m, lane(m, 1)->name), "worker");
	ct_model_destroy(m);
}

/* A queue event: time, pid, tid, type, queue, hash, len, prio, status. */
/* clang-format off */
#define Q(t, pid, tid, type, queue, hash, len, prio, status) \
	{ CT_EV_##type, (t), (pid), (tid), "prog", (queue), (hash), (len), (status), NULL, (prio) }
/* clang-format on */

/*
 * Equal messages are received in the order they were sent (the earliest
 * unmatched send of the same queue, hash and length). A send that found the
 * queue full is blocked from mq_send_begin to mq_send_end; a receive that
 * found it empty from mq_recv_begin to its mq_recv.
 */
static void test_mq_fifo(void **state)
{
	static const struct ct_model_input in[] = {
		Q(0, MAIN, MAIN, MQ_RECV_BEGIN, 9, 0, 0, 0, 0),  /* 0: main waits */
		Q(1, MAIN, 101, MQ_SEND, 9, 0xaa, 4, 0, 0),      /* 1: "tick" */
		Q(2, MAIN, MAIN, MQ_RECV, 9, 0xaa, 4, 0, CT_OK), /* 2: from 1 */
		Q(3, MAIN, 101, MQ_SEND, 9, 0xaa, 4, 0, 0),      /* 3: "tick" again */
		Q(4, MAIN, 101, MQ_SEND, 9, 0xaa, 4, 0, 0),      /* 4: and again: full */
		Q(5, MAIN, 101, MQ_SEND_BEGIN, 9, 0, 0, 0, 0),   /* 5: 101 waits */
		Q(6, MAIN, MAIN, MQ_RECV, 9, 0xaa, 4, 0, CT_OK), /* 6: from 3 */
		Q(7, MAIN, 101, MQ_SEND_END, 9, 0, 0, 0, CT_OK), /* 7: 4 went in */
		Q(8, MAIN, MAIN, MQ_RECV, 9, 0xaa, 4, 0, CT_OK), /* 8: from 4 */
	};
	static const uint32_t arrows[][3] = {
		{ 1, 2, CT_ARROW_MESSAGE },
		{ 3, 6, CT_ARROW_MESSAGE },
		{ 4, 8, CT_ARROW_MESSAGE },
	};
	static const uint32_t main_spans[][2] = { { 0, 2 } };
	static const uint32_t sender_spans[][2] = { { 5, 7 } };
	struct ct_model *m = BUILD(in);
	size_t n_spans;
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	size_t n;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n);

	(void)state;
	assert_arrows(m, arrows, 3);
	assert_spans(m, 0, main_spans, 1);
	assert_spans(m, 1, sender_spans, 1);
	assert_int_equal(ct_model_span_state(m, &spans[lane(m, 0)->span_first]),
			 CT_STATE_BLOCKED_RECV);
	assert_int_equal(ct_model_span_state(m, &spans[lane(m, 1)->span_first]),
			 CT_STATE_BLOCKED_SEND);
	assert_int_equal(ct_model_lane_state_at(m, 1, 6), CT_STATE_BLOCKED_SEND);
	assert_int_equal(ct_model_lane_state_at(m, 1, 7), CT_STATE_RUNNING);
	/* One queue object, and its fields read back. */
	assert_int_equal(n, 1);
	assert_int_equal(objs[0].kind, CT_OBJ_QUEUE);
	assert_int_equal(objs[0].id, 9);
	assert_string_equal(ct_object_kind_name(CT_OBJ_QUEUE), "queue");
	assert_int_equal(event(m, 1)->obj, 0);
	assert_int_equal(event(m, 5)->obj, 0);
	assert_int_equal(ct_model_event_value(m, event(m, 3)), 4);
	assert_int_equal(ct_model_event_hash(m, event(m, 6)), 0xaa);
	assert_int_equal(ct_model_event_hash(m, event(m, 5)), 0);
	assert_int_equal(ct_model_event_offset(m, event(m, 1)), 0);
	assert_int_equal(ct_model_borrow_problems(m)->recv_unmatched, 0);
	assert_int_equal(ct_model_borrow_problems(m)->span_mismatch, 0);
	ct_model_destroy(m);
}

/*
 * Priorities reorder delivery: the receive of the high-priority message
 * comes first and still gets its own send. The same hash with another length
 * is another message. Hashes and priorities read back, even when wide.
 */
static void test_mq_priorities(void **state)
{
	static const uint64_t big = UINT64_C(0xfedcba9876543210);
	static const struct ct_model_input in[] = {
		Q(0, MAIN, 101, MQ_SEND, 9, 0x11, 5, 0, 0),      /* 0: low */
		Q(1, MAIN, 101, MQ_SEND, 9, big, 7, 31, 0),      /* 1: high */
		Q(2, MAIN, 101, MQ_SEND, 9, 0x11, 6, 0, 0),      /* 2: same hash, 6 bytes */
		Q(3, MAIN, MAIN, MQ_RECV, 9, big, 7, 31, CT_OK), /* 3: from 1 */
		Q(4, MAIN, MAIN, MQ_RECV, 9, 0x11, 6, 0, CT_OK), /* 4: from 2 */
		Q(5, MAIN, MAIN, MQ_RECV, 9, 0x11, 5, 0, CT_OK), /* 5: from 0 */
		Q(6, MAIN, MAIN, MQ_RECV, 9, 0x11, 5, 0, CT_OK), /* 6: nothing left */
	};
	static const uint32_t arrows[][3] = {
		{ 0, 5, CT_ARROW_MESSAGE },
		{ 1, 3, CT_ARROW_MESSAGE },
		{ 2, 4, CT_ARROW_MESSAGE },
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 3);
	assert_int_equal(ct_model_event_hash(m, event(m, 1)), big);
	assert_int_equal(ct_model_event_prio(m, event(m, 1)), 31);
	assert_int_equal(ct_model_event_prio(m, event(m, 3)), 31);
	assert_int_equal(ct_model_event_value(m, event(m, 3)), 7);
	assert_int_equal(ct_model_event_prio(m, event(m, 0)), 0);
	assert_int_equal(ct_model_borrow_problems(m)->recv_unmatched, 1);
	ct_model_destroy(m);
}

/* A queue is one object in every process: a send in one process is received in another. */
static void test_mq_cross_process(void **state)
{
	static const struct ct_model_input in[] = {
		Q(0, 1, 1, MQ_SEND, 9, 0x22, 3, 0, 0),     /* 0: parent, queue 9 */
		Q(1, 1, 1, MQ_SEND, 8, 0x22, 3, 0, 0),     /* 1: parent, queue 8 */
		Q(2, 2, 2, MQ_RECV, 8, 0x22, 3, 0, CT_OK), /* 2: child: from 1 */
		Q(3, 2, 2, MQ_RECV, 9, 0x22, 3, 0, CT_OK), /* 3: child: from 0 */
		Q(4, 3, 3, MQ_RECV, 9, 0x22, 3, 0, CT_OK), /* 4: a third process: none left */
	};
	static const uint32_t arrows[][3] = {
		{ 0, 3, CT_ARROW_MESSAGE },
		{ 1, 2, CT_ARROW_MESSAGE },
	};
	struct ct_model *m = BUILD(in);
	size_t n;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n);

	(void)state;
	assert_arrows(m, arrows, 2);
	assert_int_equal(n, 2);
	assert_int_equal(objs[0].pid, 0);
	assert_int_equal(objs[1].pid, 0);
	assert_int_equal(lane(m, event(m, 0)->lane)->pid, 1);
	assert_int_equal(lane(m, event(m, 3)->lane)->pid, 2);
	assert_int_equal(ct_model_borrow_problems(m)->recv_unmatched, 1);
	ct_model_destroy(m);
}

/*
 * Sockets (two processes): sock_name names a stream in every process; a
 * connection's bytes are fd_* arrows both ways; the server waits in accept
 * (blocked: connection), in recv (blocked: recv) and the client in poll
 * (blocked: poll); datagrams are matched by endpoint, hash and length, and
 * a datagram from outside the trace is not a problem.
 */
static void test_sockets(void **state)
{
	static const struct ct_model_input in[] = {
		Q(0, 1, 1, SOCK_NAME, 50, 0, 0, 0, 0),          /* 0: server names its port */
		Q(1, 1, 1, ACCEPT_BEGIN, 50, 0, 0, 0, 0),       /* 1: server waits */
		Q(2, 2, 2, CONNECT_BEGIN, 50, 0, 0, 0, 0),      /* 2: client connects */
		Q(3, 2, 2, CONNECT_END, 50, 0, 0, 0, CT_OK),    /* 3 */
		Q(4, 1, 1, ACCEPT_END, 50, 0, 0, 0, CT_OK),     /* 4 */
		Q(5, 1, 1, FD_READ_BEGIN, 61, 0, 4096, 0, 0),   /* 5: server waits for bytes */
		Q(6, 2, 2, FD_WRITE, 61, 0, 6, 0, 0),           /* 6: client -> server */
		Q(7, 2, 2, POLL_BEGIN, 0, 0, 1, 0, 0),          /* 7: client polls 1 descriptor */
		Q(8, 1, 1, FD_READ, 61, 0, 6, 0, 0),            /* 8: from 6 */
		Q(9, 1, 1, FD_WRITE, 62, 0, 6, 0, 0),           /* 9: server -> client */
		Q(10, 2, 2, POLL_END, 0, 0, 1, 0, 0),           /* 10: 1 ready */
		Q(11, 2, 2, FD_READ, 62, 0, 6, 0, 0),           /* 11: from 9 */
		Q(12, 2, 2, DGRAM_SEND, 70, 0x77, 3, 0, 0),     /* 12: a datagram */
		Q(13, 1, 1, DGRAM_RECV_BEGIN, 70, 0, 0, 0, 0),  /* 13: server waits for one */
		Q(14, 1, 1, DGRAM_RECV, 70, 0x77, 3, 0, CT_OK), /* 14: from 12 */
		Q(15, 1, 1, DGRAM_RECV, 70, 0x88, 3, 0, CT_OK), /* 15: from outside */
		Q(16, 2, 2, DGRAM_SEND, 71, 0x77, 3, 0, 0),     /* 16: another endpoint */
	};
	static const uint32_t arrows[][3] = {
		{ 6, 8, CT_ARROW_MESSAGE },
		{ 9, 11, CT_ARROW_MESSAGE },
		{ 12, 14, CT_ARROW_MESSAGE },
	};
	static const uint32_t server_spans[][2] = { { 1, 4 }, { 5, 8 }, { 13, 14 } };
	static const uint32_t client_spans[][2] = { { 2, 3 }, { 7, 10 } };
	struct ct_model_input named[sizeof(in) / sizeof(in[0])];
	struct ct_model *m;
	size_t n_spans, n_objs;
	const struct ct_model_span *spans;
	const struct ct_model_object *objs;
	char buf[128];

	(void)state;
	memcpy(named, in, sizeof(in));
	named[0].text = "tcp 127.0.0.1:8080";
	m = test_model_build(named, sizeof(named) / sizeof(named[0]));
	spans = ct_model_borrow_spans(m, &n_spans);
	objs = ct_model_borrow_objects(m, &n_objs);
	assert_arrows(m, arrows, 3);
	assert_spans(m, 0, server_spans, 3);
	assert_spans(m, 1, client_spans, 2);
	assert_int_equal(ct_model_span_state(m, &spans[lane(m, 0)->span_first]),
			 CT_STATE_BLOCKED_CONNECT);
	assert_int_equal(ct_model_span_state(m, &spans[lane(m, 0)->span_first + 1]),
			 CT_STATE_BLOCKED_RECV);
	assert_int_equal(ct_model_span_state(m, &spans[lane(m, 0)->span_first + 2]),
			 CT_STATE_BLOCKED_RECV);
	assert_int_equal(ct_model_span_state(m, &spans[lane(m, 1)->span_first]),
			 CT_STATE_BLOCKED_CONNECT);
	assert_int_equal(ct_model_span_state(m, &spans[lane(m, 1)->span_first + 1]),
			 CT_STATE_BLOCKED_POLL);
	assert_string_equal(ct_lane_state_name(CT_STATE_BLOCKED_CONNECT), "blocked: connection");
	assert_string_equal(ct_lane_state_name(CT_STATE_BLOCKED_POLL), "blocked: poll");
	/* The listening socket is one object, shared, named by its sock_name. */
	assert_int_equal(objs[event(m, 1)->obj].kind, CT_OBJ_STREAM);
	assert_int_equal(objs[event(m, 1)->obj].pid, 0);
	assert_int_equal(event(m, 2)->obj, event(m, 1)->obj);
	assert_string_equal(ct_model_string(m, objs[event(m, 1)->obj].name), "tcp 127.0.0.1:8080");
	assert_string_equal(ct_model_event_phrase(m, 1, buf, sizeof(buf)),
			    "waits for a connection on tcp 127.0.0.1:8080");
	assert_string_equal(ct_model_event_phrase(m, 7, buf, sizeof(buf)),
			    "waits on 1 descriptors");
	assert_string_equal(ct_model_event_phrase(m, 14, buf, sizeof(buf)),
			    "receives a 3 B datagram");
	assert_int_equal(ct_model_event_value(m, event(m, 10)), 1);
	assert_int_equal(ct_model_event_hash(m, event(m, 14)), 0x77);
	assert_int_equal(ct_model_event_value(m, event(m, 14)), 3);
	assert_int_equal(ct_model_event_offset(m, event(m, 6)), 0);
	assert_matched(m);
	ct_model_destroy(m);
}

/*
 * What stays unmatched: a send nobody received, a receive whose send is not
 * in the trace (counted), a wait that timed out. A send that failed (queue
 * full on a non-blocking descriptor, or a timed send that expired) is
 * withdrawn, so the receive goes to the send that did enqueue the bytes.
 */
static void test_mq_unmatched(void **state)
{
	static const struct ct_model_input in[] = {
		Q(0, MAIN, MAIN, MQ_RECV, 9, 0x33, 2, 0, CT_OK),      /* 0: sent before */
		Q(1, MAIN, 101, MQ_SEND, 9, 0x44, 2, 0, 0),           /* 1: tried... */
		Q(2, MAIN, 101, MQ_SEND_END, 9, 0, 0, 0, CT_FULL),    /* 2: ...refused */
		Q(3, MAIN, 101, MQ_SEND, 9, 0x44, 2, 0, 0),           /* 3: tried... */
		Q(4, MAIN, 101, MQ_SEND_BEGIN, 9, 0, 0, 0, 0),        /* 4: ...waits... */
		Q(5, MAIN, 101, MQ_SEND_END, 9, 0, 0, 0, CT_TIMEOUT), /* 5: ...expired */
		Q(6, MAIN, 101, MQ_SEND, 9, 0x44, 2, 0, 0),           /* 6: went in */
		Q(7, MAIN, MAIN, MQ_RECV_BEGIN, 9, 0, 0, 0, 0),       /* 7 */
		Q(8, MAIN, MAIN, MQ_RECV, 9, 0, 0, 0, CT_TIMEOUT),    /* 8: nothing */
		Q(9, MAIN, MAIN, MQ_RECV, 9, 0x44, 2, 0, CT_OK),      /* 9: from 6 */
		Q(10, MAIN, 101, MQ_SEND, 9, 0x55, 2, 0, 0),          /* 10: never received */
		Q(11, MAIN, 101, MQ_SEND_END, 9, 0, 0, 0, CT_ERROR),  /* 11: no send to withdraw */
		Q(12, MAIN, MAIN, MQ_RECV, 9, 0x55, 2, 0, CT_OK),     /* 12: 10 was withdrawn */
		Q(13, MAIN, MAIN, MQ_RECV_BEGIN, 9, 0, 0, 0, 0),      /* 13: waits at the end */
	};
	static const uint32_t arrows[][3] = { { 6, 9, CT_ARROW_MESSAGE } };
	static const uint32_t sender_spans[][2] = { { 4, 5 } };
	static const uint32_t main_spans[][2] = { { 7, 8 }, { 13, CT_MODEL_NONE } };
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 1);
	assert_spans(m, 0, main_spans, 2);
	assert_spans(m, 1, sender_spans, 1);
	assert_int_equal(ct_model_borrow_problems(m)->recv_unmatched, 2);
	assert_int_equal(ct_model_borrow_problems(m)->span_mismatch, 0);
	assert_int_equal(lane(m, 0)->end, CT_LANE_BLOCKED);
	assert_int_equal(event(m, 8)->status, CT_TIMEOUT);
	assert_int_equal(event(m, 11)->status, CT_ERROR);
	assert_string_equal(ct_event_status_name(CT_ERROR), "error");
	assert_string_equal(ct_event_status_name(CT_BUSY),
			    "busy"); /* every ct_status has its word */
	assert_string_equal(ct_event_status_name(10), "?");
	ct_model_destroy(m);
}

/* The names of the queue events, their numbers after the older ones. */
static void test_mq_names(void **state)
{
	static const char *const names[] = { "mq_send", "mq_send_begin", "mq_send_end",
					     "mq_recv_begin", "mq_recv" };
	enum ct_event_type t;

	(void)state;
	/* Appended: the events recorded before keep their numbers. */
	assert_int_equal(CT_EV_MQ_SEND, CT_EV_FD_READ + 1);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(ct_event_type_name((enum ct_event_type)(CT_EV_MQ_SEND + i)),
				    names[i]);
		assert_true(ct_event_type_from_name(names[i], &t));
		assert_int_equal(t, CT_EV_MQ_SEND + i);
	}
}

/* ------------------------------------------------------------ semaphores */

/* A wait that blocks until another thread posts: a blocked-semaphore span and a wake-up arrow. */
static void test_sem_blocked_span(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, SEM_NEW, 9, 0, 0, 0, "slots"),            /* 0 */
		E(10, 101, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL),        /* 1 */
		E(20, MAIN, SEM_POST, 9, 0, 0, 0, NULL),             /* 2 */
		E(30, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),      /* 3 */
		E(40, 101, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL),        /* 4: never posted */
		E(50, 101, SEM_WAIT_END, 9, 0, 0, CT_TIMEOUT, NULL), /* 5 */
	};
	static const uint32_t arrows[][3] = { { 2, 3, CT_ARROW_WAKEUP } };
	static const uint32_t spans[][2] = { { 1, 3 }, { 4, 5 } };
	struct ct_model *m = BUILD(in);
	const struct ct_model_object *o;
	const struct ct_model_span *sp;
	enum ct_event_type t;
	size_t n;

	(void)state;
	assert_arrows(m, arrows, 1);
	assert_spans(m, 0, NULL, 0);
	assert_spans(m, 1, spans, 2);
	sp = ct_model_borrow_spans(m, &n);
	assert_int_equal(ct_model_span_state(m, &sp[lane(m, 1)->span_first]), CT_STATE_BLOCKED_SEM);
	assert_int_equal(ct_model_span_state(m, &sp[lane(m, 1)->span_first + 1]),
			 CT_STATE_BLOCKED_SEM);
	assert_int_equal(ct_model_lane_state_at(m, 1, 15), CT_STATE_BLOCKED_SEM);
	assert_int_equal(ct_model_lane_state_at(m, 1, 30), CT_STATE_RUNNING);
	assert_int_equal(ct_model_lane_state_at(m, 0, 15), CT_STATE_RUNNING);
	assert_string_equal(ct_lane_state_name(CT_STATE_BLOCKED_SEM), "blocked: semaphore");
	assert_int_equal(lane(m, 1)->end, CT_LANE_KILLED);
	/* One object: the semaphore, named, its initial value on its sem_new. */
	o = ct_model_borrow_objects(m, &n);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].kind, CT_OBJ_SEM);
	assert_int_equal(o[0].id, 9);
	assert_int_equal(o[0].pid, MAIN);
	assert_string_equal(ct_model_string(m, o[0].name), "slots");
	assert_string_equal(ct_object_kind_name(CT_OBJ_SEM), "semaphore");
	assert_int_equal(ct_model_event_value(m, event(m, 0)), 0);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(event(m, i)->obj, 0);
	assert_int_equal(event(m, 5)->status, CT_TIMEOUT);
	/* Appended to the schema: names both ways, and the older numbers unchanged. */
	assert_string_equal(ct_event_type_name(CT_EV_SEM_WAIT_END), "sem_wait_end");
	assert_true(ct_event_type_from_name("sem_post", &t));
	assert_int_equal(t, CT_EV_SEM_POST);
	assert_true(ct_event_type_from_name("sem_new", &t));
	assert_int_equal(t, CT_EV_SEM_NEW);
	assert_int_equal(CT_EV_FD_READ, 37);
	assert_int_equal(CT_EV_SEM_NEW, CT_EV_MQ_RECV + 1);
	assert_matched(m);
	ct_model_destroy(m);
}

/*
 * The token FIFO: an initial value of 1 is taken without an arrow; a wait
 * that began before any post gets the first post's token; a waiter that
 * did not wait gets the next; a timed-out wait takes nothing, so the token
 * posted just before it is the next ok wait's.
 */
static void test_sem_token_fifo(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, SEM_NEW, 9, 0, 1, 0, NULL),              /* 0 */
		E(1, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),      /* 1: the initial token */
		E(2, 102, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL),        /* 2: before any post */
		E(3, MAIN, SEM_POST, 9, 0, 0, 0, NULL),             /* 3: P1 */
		E(4, MAIN, SEM_POST, 9, 0, 0, 0, NULL),             /* 4: P2 */
		E(5, 102, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),      /* 5: takes P1 */
		E(6, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),      /* 6: takes P2, no wait */
		E(7, 101, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL),        /* 7 */
		E(8, MAIN, SEM_POST, 9, 0, 0, 0, NULL),             /* 8: P3 */
		E(9, 101, SEM_WAIT_END, 9, 0, 0, CT_TIMEOUT, NULL), /* 9: takes nothing */
		E(10, 102, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),     /* 10: takes P3 */
	};
	static const uint32_t arrows[][3] = {
		{ 3, 5, CT_ARROW_WAKEUP },
		{ 4, 6, CT_ARROW_WAKEUP },
		{ 8, 10, CT_ARROW_WAKEUP },
	};
	static const uint32_t spans_101[][2] = { { 7, 9 } };
	static const uint32_t spans_102[][2] = { { 2, 5 } };
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_matched(m);
	assert_arrows(m, arrows, 3);
	assert_int_equal(ct_model_event_value(m, event(m, 0)), 1);
	/* Lanes by first appearance: main, 101, 102. */
	assert_spans(m, 0, NULL, 0);
	assert_spans(m, 1, spans_101, 1);
	assert_spans(m, 2, spans_102, 1);
	ct_model_destroy(m);
}

/*
 * A thread that posts and then waits itself takes its own token: the token
 * is gone (the next waiter gets the next post's) but no arrow points from a
 * lane to itself.
 */
static void test_sem_own_token(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, SEM_NEW, 9, 0, 0, 0, NULL),          /* 0 */
		E(1, MAIN, SEM_POST, 9, 0, 0, 0, NULL),         /* 1: P1 */
		E(2, MAIN, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL), /* 2: takes P1 */
		E(3, MAIN, SEM_POST, 9, 0, 0, 0, NULL),         /* 3: P2 */
		E(4, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),  /* 4: takes P2 */
	};
	static const uint32_t arrows[][3] = { { 3, 4, CT_ARROW_WAKEUP } };
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_matched(m);
	assert_arrows(m, arrows, 1);
	ct_model_destroy(m);
}

/*
 * When the FIFO and the trace disagree: a semaphore whose sem_new is
 * missing has no initial tokens, so an ok wait finds none (counted, no
 * arrow); a later post is still matched. A sem_new at the same address
 * re-initialises it: a token posted before is gone. Never a crash.
 */
static void test_sem_missing_tokens(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),  /* 0: no token: counted */
		E(1, MAIN, SEM_POST, 9, 0, 0, 0, NULL),         /* 1 */
		E(2, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),  /* 2: takes 1 */
		E(3, MAIN, SEM_POST, 9, 0, 0, 0, NULL),         /* 3: never taken */
		E(4, MAIN, SEM_NEW, 9, 0, 0, 0, NULL),          /* 4: sem_init again */
		E(5, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),  /* 5: not 3's */
		E(6, MAIN, SEM_NEW, 8, 0, -5, 0, NULL),         /* 6: damaged value */
		E(7, 101, SEM_WAIT_END, 8, 0, 0, CT_OK, NULL),  /* 7: none */
		E(8, MAIN, SEM_NEW, 7, 0, INT64_MAX, 0, NULL),  /* 8: clamped, not wrapped */
		E(9, 101, SEM_WAIT_END, 7, 0, 0, CT_OK, NULL),  /* 9: an initial token */
		E(10, 101, SEM_WAIT_END, 0, 0, 0, CT_OK, NULL), /* 10: no semaphore at all */
	};
	static const uint32_t arrows[][3] = { { 1, 2, CT_ARROW_WAKEUP } };
	struct ct_model *m = BUILD(in);
	const struct ct_model_problems *p = ct_model_borrow_problems(m);

	(void)state;
	assert_arrows(m, arrows, 1);
	assert_int_equal(p->sem_unmatched, 3);
	assert_int_equal(p->span_mismatch, 0);
	assert_int_equal(ct_model_event_value(m, event(m, 8)), INT64_MAX);
	assert_int_equal(event(m, 10)->obj, CT_MODEL_NONE);
	ct_model_destroy(m);
}

/*
 * A sem_wait_begin with no end (an interrupted wait, or a thread cut off)
 * ends at the lane's next event, counted; one still open at the end leaves
 * the lane blocked on the semaphore.
 */
static void test_sem_wait_not_ended(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, THREAD_BEGIN, 5, 0, 0, 0, "w"),    /* 0 */
		E(1, 101, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL), /* 1: EINTR: no end */
		E(2, 101, PRINT, 0, 0, 0, 0, "interrupted"), /* 2: closes the span */
		E(3, 101, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL), /* 3: blocked for good */
		E(4, MAIN, SEM_POST, 8, 0, 0, 0, NULL),      /* 4: another semaphore */
		E(5, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),    /* 5 */
	};
	static const uint32_t spans[][2] = { { 1, 2 }, { 3, CT_MODEL_NONE } };
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, NULL, 0);
	assert_spans(m, 0, spans, 2);
	assert_int_equal(ct_model_borrow_problems(m)->span_mismatch, 1);
	assert_int_equal(lane(m, 0)->end, CT_LANE_BLOCKED);
	assert_int_equal(lane(m, 1)->end, CT_LANE_BLOCKED);
	assert_int_equal(ct_model_lane_state_at(m, 0, 2), CT_STATE_RUNNING);
	assert_int_equal(ct_model_lane_state_at(m, 0, 5), CT_STATE_BLOCKED_SEM);
	assert_int_equal(ct_model_lane_state_at(m, 1, 5), CT_STATE_BLOCKED_JOIN);
	ct_model_destroy(m);
}

/* Semaphore ids are per process: the same id in two processes is two semaphores. */
static void test_sem_per_process(void **state)
{
	static const struct ct_model_input in[] = {
		{ CT_EV_SEM_NEW, 0, 1, 1, "a", 9, 0, 0, 0, NULL, 0 },          /* 0 */
		{ CT_EV_SEM_NEW, 1, 2, 2, "b", 9, 0, 0, 0, NULL, 0 },          /* 1 */
		{ CT_EV_SEM_POST, 2, 1, 1, "a", 9, 0, 0, 0, NULL, 0 },         /* 2 */
		{ CT_EV_SEM_WAIT_END, 3, 2, 3, "b", 9, 0, 0, CT_OK, NULL, 0 }, /* 3: none in 2 */
		{ CT_EV_SEM_WAIT_END, 4, 1, 4, "a", 9, 0, 0, CT_OK, NULL, 0 }, /* 4: takes 2 */
		{ CT_EV_SEM_POST, 5, 2, 2, "b", 9, 0, 0, 0, NULL, 0 },         /* 5 */
		{ CT_EV_SEM_WAIT_END, 6, 2, 3, "b", 9, 0, 0, CT_OK, NULL, 0 }, /* 6: takes 5 */
	};
	static const uint32_t arrows[][3] = { { 2, 4, CT_ARROW_WAKEUP },
					      { 5, 6, CT_ARROW_WAKEUP } };
	struct ct_model *m = BUILD(in);
	const struct ct_model_object *o;
	size_t n;

	(void)state;
	assert_arrows(m, arrows, 2);
	assert_int_equal(ct_model_borrow_problems(m)->sem_unmatched, 1);
	o = ct_model_borrow_objects(m, &n);
	assert_int_equal(n, 2);
	assert_int_equal(o[0].pid, 1);
	assert_int_equal(o[1].pid, 2);
	assert_int_equal(event(m, 3)->obj, 1);
	assert_int_equal(event(m, 4)->obj, 0);
	ct_model_destroy(m);
}

/*
 * A damaged trace that uses one id for a mutex and a semaphore in one
 * process: one object (of the kind first seen), whose mutex hand-off is
 * untouched by the semaphore events, and whose tokens are counted apart
 * (the first wait finds none; sem_new drops the post and gives 2).
 */
static void test_sem_id_of_another_kind(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),    /* 0 */
		E(1, 102, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL),  /* 1 */
		E(2, 101, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),      /* 2 */
		E(3, MAIN, SEM_WAIT_END, 3, 0, 0, CT_OK, NULL), /* 3 */
		E(4, MAIN, SEM_POST, 3, 0, 0, 0, NULL),         /* 4 */
		E(5, MAIN, SEM_NEW, 3, 0, 2, 0, NULL),          /* 5 */
		E(6, 102, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),    /* 6 */
		E(7, 103, SEM_WAIT_END, 3, 0, 0, CT_OK, NULL),  /* 7 */
	};
	static const uint32_t arrows[][3] = { { 2, 6, CT_ARROW_HANDOFF } };
	struct ct_model *m = BUILD(in);
	size_t n;

	(void)state;
	assert_arrows(m, arrows, 1);
	assert_int_equal(ct_model_borrow_objects(m, &n)[0].kind, CT_OBJ_MUTEX);
	assert_int_equal(n, 1);
	assert_int_equal(ct_model_borrow_problems(m)->sem_unmatched, 1);
	ct_model_destroy(m);
}

/* Many posts and waits in turn: the free token slots are reused and every wait gets its post. */
static void test_sem_many(void **state)
{
	enum { N = 5000 };
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	const struct ct_model_arrow *a;
	size_t n;

	(void)state;
	assert_non_null(b);
	/* Posts run 3 ahead of the waits, so the FIFO holds a few tokens at a time. */
	for (uint64_t i = 0; i < N + 3; i++) {
		struct ct_model_input post = E(10 * i, MAIN, SEM_POST, 9, 0, 0, 0, NULL);
		struct ct_model_input wait = E(10 * i + 5, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL);

		if (i < N)
			assert_int_equal(ct_model_builder_add(b, &post), CT_MODEL_OK);
		if (i >= 3)
			assert_int_equal(ct_model_builder_add(b, &wait), CT_MODEL_OK);
	}
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	assert_matched(m);
	a = ct_model_borrow_arrows(m, &n);
	assert_int_equal(n, N);
	/* Post k is the k-th post; the k-th wait is 3 posts later. */
	for (size_t k = 0; k < N; k++) {
		assert_int_equal(event(m, a[k].from)->type, CT_EV_SEM_POST);
		assert_int_equal(event(m, a[k].to)->type, CT_EV_SEM_WAIT_END);
		assert_int_equal(ct_model_event_time(event(m, a[k].from)), 10 * k);
		assert_int_equal(ct_model_event_time(event(m, a[k].to)), 10 * (k + 3) + 5);
	}
	ct_model_destroy(m);
}

/* ---------------------------------------------------------- byte streams */

/* fd_* input: time, pid, tid, type, stream, offset, len. */
/* clang-format off */
#define FD(t, pid, tid, type, stream, off, len) \
	{ CT_EV_FD_##type, (t), (pid), (tid), "p", (stream), (off), (len), 0, NULL, 0 }
/* clang-format on */

/*
 * A write and its read in two processes (a forked pipeline): one stream
 * object shared by both (pid 0), a message arrow, the offsets and lengths
 * kept; a read that found nothing first is a blocked-recv span from
 * fd_read_begin to its fd_read.
 */
static void test_fd_across_processes(void **state)
{
	static const struct ct_model_input in[] = {
		FD(0, 2, 2, READ_BEGIN, 77, 0, 4096),  /* 0: the reader waits */
		FD(10, 1, 1, WRITE, 77, 0, 6),         /* 1 */
		FD(20, 2, 2, READ, 77, 0, 6),          /* 2 */
		FD(30, 2, 2, READ_BEGIN, 77, 6, 4096), /* 3 */
		FD(40, 2, 2, READ, 77, 6, 0),          /* 4: end of file: no arrow */
	};
	static const uint32_t arrows[][3] = { { 1, 2, CT_ARROW_MESSAGE } };
	static const uint32_t spans[][2] = { { 0, 2 }, { 3, 4 } };
	struct ct_model *m = BUILD(in);
	const struct ct_model_object *o;
	const struct ct_model_span *sp;
	size_t n;

	(void)state;
	assert_arrows(m, arrows, 1);
	/* Lanes: the reader (pid 2) first, then the writer. */
	assert_int_equal(lane(m, 0)->pid, 2);
	assert_spans(m, 0, spans, 2);
	assert_spans(m, 1, NULL, 0);
	sp = ct_model_borrow_spans(m, &n);
	assert_int_equal(ct_model_span_state(m, &sp[0]), CT_STATE_BLOCKED_RECV);
	assert_int_equal(ct_model_lane_state_at(m, 0, 5), CT_STATE_BLOCKED_RECV);
	o = ct_model_borrow_objects(m, &n);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].kind, CT_OBJ_STREAM);
	assert_int_equal(o[0].pid, 0);
	assert_int_equal(o[0].id, 77);
	assert_int_equal(event(m, 1)->obj, event(m, 2)->obj);
	assert_int_equal(ct_model_event_offset(m, event(m, 3)), 6);
	assert_int_equal(ct_model_event_value(m, event(m, 3)), 4096);
	assert_int_equal(ct_model_event_value(m, event(m, 1)), 6);
	assert_int_equal(ct_model_event_offset(m, event(m, 4)), 6);
	assert_int_equal(ct_model_event_value(m, event(m, 4)), 0);
	/* Other types have no offset. */
	assert_int_equal(ct_model_event_offset(m, event(m, 0)), 0);
	assert_matched(m);
	ct_model_destroy(m);
}

/*
 * Only the first read that overlaps a write gets its arrow: a write read in
 * two parts has one arrow, to the first part; a read that spans two writes
 * has one from each.
 */
static void test_fd_split_and_joined(void **state)
{
	static const struct ct_model_input in[] = {
		FD(0, 1, 1, WRITE, 5, 0, 10), /* 0: W1 [0, 10) */
		FD(1, 1, 2, READ, 5, 0, 4),   /* 1: [0, 4): first part of W1 */
		FD(2, 1, 2, READ, 5, 4, 6),   /* 2: [4, 10): rest of W1, no arrow */
		FD(3, 1, 1, WRITE, 5, 10, 5), /* 3: W2 [10, 15) */
		FD(4, 1, 1, WRITE, 5, 15, 5), /* 4: W3 [15, 20) */
		FD(5, 1, 2, READ, 5, 10, 10), /* 5: [10, 20): both */
	};
	static const uint32_t arrows[][3] = {
		{ 0, 1, CT_ARROW_MESSAGE },
		{ 3, 5, CT_ARROW_MESSAGE },
		{ 4, 5, CT_ARROW_MESSAGE },
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 3);
	assert_matched(m);
	ct_model_destroy(m);
}

/*
 * Reads that straddle write boundaries: each write's arrow goes to the
 * first read whose range overlaps it, even when that read began in the
 * previous write; a later read of the write's tail gets none.
 */
static void test_fd_partial_overlaps(void **state)
{
	static const struct ct_model_input in[] = {
		FD(0, 1, 1, WRITE, 5, 0, 6), /* 0: W1 [0, 6) */
		FD(1, 1, 1, WRITE, 5, 6, 6), /* 1: W2 [6, 12) */
		FD(2, 1, 2, READ, 5, 0, 4),  /* 2: [0, 4): W1 */
		FD(3, 1, 2, READ, 5, 4, 4),  /* 3: [4, 8): W1's tail, W2's head: W2 */
		FD(4, 1, 2, READ, 5, 8, 4),  /* 4: [8, 12): W2's tail: none */
		FD(5, 1, 2, READ, 5, 12, 4), /* 5: [12, 16): nothing was written there */
	};
	static const uint32_t arrows[][3] = {
		{ 0, 2, CT_ARROW_MESSAGE },
		{ 1, 3, CT_ARROW_MESSAGE },
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 2);
	ct_model_destroy(m);
}

/*
 * Offsets the shim gave back: a short write counted 10 bytes but wrote 4,
 * and the next write reuses [4, 8). The first write is cut to [0, 4), so the
 * read of [4, 8) belongs to the second one.
 */
static void test_fd_short_write(void **state)
{
	static const struct ct_model_input in[] = {
		FD(0, 1, 1, WRITE, 5, 0, 10), /* 0: [0, 10) asked, 4 written */
		FD(1, 1, 1, WRITE, 5, 4, 4),  /* 1: [4, 8) */
		FD(2, 1, 2, READ, 5, 0, 4),   /* 2: [0, 4) */
		FD(3, 1, 2, READ, 5, 4, 4),   /* 3: [4, 8) */
	};
	static const uint32_t arrows[][3] = {
		{ 0, 2, CT_ARROW_MESSAGE },
		{ 1, 3, CT_ARROW_MESSAGE },
	};
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 2);
	ct_model_destroy(m);
}

/*
 * A trace without vpid (every pid 0) whose mutex and stream have the same
 * id: two objects, the stream's arrow drawn, nothing read as the other's
 * state (the mutex's holder was once taken for a pending write: a crash).
 */
static void test_fd_id_shared_with_mutex(void **state)
{
	static const struct ct_model_input in[] = {
		{ CT_EV_MUTEX_LOCK_END, 0, 0, 1, "p", 77, 0, 0, 0, NULL, 0 }, /* 0 */
		FD(10, 0, 1, WRITE, 77, 0, 6),                                /* 1 */
		{ CT_EV_MUTEX_UNLOCK, 15, 0, 1, "p", 77, 0, 0, 0, NULL, 0 },  /* 2 */
		FD(20, 0, 2, READ, 77, 0, 6),                                 /* 3 */
	};
	static const uint32_t arrows[][3] = { { 1, 3, CT_ARROW_MESSAGE } };
	struct ct_model *m = BUILD(in);
	size_t n;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_not_equal(objs[0].kind, objs[1].kind);
	assert_arrows(m, arrows, 1);
	ct_model_destroy(m);
}

/*
 * Two threads writing one stream can trace their writes out of offset
 * order; the pending writes are kept by offset, so a read of both finds
 * both. Streams are told apart by id, and a read of a stream nobody wrote,
 * or a write of nothing, draws nothing.
 */
static void test_fd_out_of_order_and_streams(void **state)
{
	static const struct ct_model_input in[] = {
		FD(0, 1, 1, WRITE, 5, 5, 5), /* 0: [5, 10), traced first */
		FD(1, 1, 3, WRITE, 5, 0, 5), /* 1: [0, 5) */
		FD(2, 1, 1, WRITE, 6, 0, 5), /* 2: another stream */
		FD(3, 1, 1, WRITE, 6, 5, 0), /* 3: nothing written */
		FD(4, 1, 2, READ, 5, 0, 10), /* 4: both writes of stream 5 */
		FD(5, 1, 2, READ, 8, 0, 10), /* 5: an unknown stream */
		FD(6, 1, 2, READ, 6, 0, 5),  /* 6: stream 6's write */
	};
	static const uint32_t arrows[][3] = {
		{ 0, 4, CT_ARROW_MESSAGE },
		{ 1, 4, CT_ARROW_MESSAGE },
		{ 2, 6, CT_ARROW_MESSAGE },
	};
	struct ct_model *m = BUILD(in);
	size_t n;

	(void)state;
	assert_arrows(m, arrows, 3);
	ct_model_borrow_objects(m, &n);
	assert_int_equal(n, 3);
	ct_model_destroy(m);
}

/*
 * Every front end lists lanes in one order and names them one way: a second
 * process after the first, each main thread first, threads in the order they
 * were spawned (not the order they first ran), and "name (T<n>, tid N)".
 */
static void test_lane_order_and_labels(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "first"),
		E(1, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "second"),
		E(2, 102, THREAD_BEGIN, 2, 0, 0, 0, "second"),            /* lane 1: ran first */
		E(3, 101, THREAD_BEGIN, 1, 0, 0, 0, "first"),             /* lane 2 */
		{ CT_EV_MARK, 4, 200, 200, "other", 0, 0, 0, 0, "x", 0 }, /* lane 3: pid 200 */
		E(5, 101, MARK, 0, 0, 0, 0, "y"),
	};
	struct ct_model *m = BUILD(in);
	size_t n;
	const uint32_t *order = ct_model_borrow_lane_order(m, &n);
	char buf[64];

	(void)state;
	assert_int_equal(n, 4);
	assert_int_equal(lane(m, 1)->tid, 102);
	assert_int_equal(order[0], 0); /* main */
	assert_int_equal(order[1], 2); /* "first", spawned first */
	assert_int_equal(order[2], 1); /* "second" */
	assert_int_equal(order[3], 3); /* the other process */
	for (size_t r = 0; r < n; r++)
		assert_int_equal(lane(m, order[r])->rank, r);
	assert_string_equal(ct_model_lane_short_id(m, 2, buf, sizeof(buf)), "T2");
	assert_string_equal(ct_model_lane_label(m, 2, buf, sizeof(buf)), "first (T2, tid 101)");
	assert_string_equal(ct_model_lane_label(m, 3, buf, sizeof(buf)), "other (T4, tid 200)");
	assert_string_equal(ct_model_lane_name(m, 0), "prog");
	assert_string_equal(ct_model_lane_label(m, 9, buf, sizeof(buf)), "?");
	ct_model_destroy(m);
}

/*
 * ctrace stats counts a wait for a mutex as contention however it ended:
 * with the lock, or still waiting when the trace ended (a deadlock used to
 * show "contended 0" next to seconds of waiting).
 */
static void test_stats_counts_every_wait(void **state)
{
	const struct ct_model_input in[] = {
		E(0, MAIN, MUTEX_NEW, 7, 0, 0, 0, "held"),
		E(1, MAIN, MUTEX_LOCK_END, 7, 0, 0, 0, NULL),
		E(2, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "waiter"),
		E(3, 101, THREAD_BEGIN, 2, 0, 0, 0, "waiter"),
		E(4, 101, MUTEX_LOCK_BEGIN, 7, 0, 0, 0, NULL),
		E(5, MAIN, SLEEP_BEGIN, 0, 0, 5000000000, 0, NULL),
	};
	struct ct_model *m;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	unsigned long acquired = 9, contended = 9, waiting = 9;
	const char *row;

	(void)state;
	m = BUILD(in);
	assert_non_null(out);
	assert_true(ct_stats_write(m, "t", out));
	fclose(out);
	row = strstr(text, "\n  held ");
	assert_non_null(row);
	assert_int_equal(sscanf(row, " held %lu %lu %*s %*s %*s %*s %*s %*s %lu", &acquired,
				&contended, &waiting),
			 3);
	assert_int_equal(acquired, 1);
	assert_int_equal(contended, 1);
	assert_int_equal(waiting, 1);
	free(text);
	ct_model_destroy(m);
}

/*
 * A worker still waiting for work when its process exited by itself was
 * parked, not stuck: CT_LANE_PARKED (drawn faint, not red). The same wait in
 * a process that never recorded process_exit (killed after hanging) stays
 * blocked.
 */
static void test_parked_at_exit(void **state)
{
	const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "worker"), /* 0 */
		E(1, 101, THREAD_BEGIN, 2, 0, 0, 0, "worker"),  /* 1 */
		E(2, 101, COND_WAIT_BEGIN, 8, 9, 0, 0, NULL),   /* 2 */
		E(3, MAIN, PROCESS_EXIT, 0, 0, 0, 0, NULL),     /* 3 */
		{ CT_EV_THREAD_SPAWN, 4, 200, 200, "other", 2, 0, 0, 0, "w", 0 },
		{ CT_EV_THREAD_BEGIN, 5, 200, 201, "other", 2, 0, 0, 0, "w", 0 },
		{ CT_EV_COND_WAIT_BEGIN, 6, 200, 201, "other", 8, 9, 0, 0, NULL, 0 },
	};
	struct ct_model *m;
	(void)state;
	m = BUILD(in);
	assert_int_equal(lane(m, 1)->end, CT_LANE_PARKED);
	assert_int_equal(lane(m, 3)->end, CT_LANE_BLOCKED);
	assert_string_equal(ct_lane_end_name(CT_LANE_PARKED), "parked at exit");
	ct_model_destroy(m);
}

/*
 * The other waits' arrows (issue 10): a barrier's last arriver of each round
 * wakes the others, also when the first to leave a round arrives at the next
 * before the others left; a futex wake wakes a wait that began before it
 * (not one that did not wait, nor one that began after it); a signal sent to
 * a thread wakes its sigwait.
 */
static void test_other_wait_arrows(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, BARRIER_WAIT_BEGIN, 50, 0, 0, 0, NULL),    /* 0 */
		E(1, 102, BARRIER_WAIT_BEGIN, 50, 0, 0, 0, NULL),    /* 1 */
		E(2, 103, BARRIER_WAIT_BEGIN, 50, 0, 0, 0, NULL),    /* 2: last of round 1 */
		E(3, 103, BARRIER_WAIT_END, 50, 0, 1, 0, NULL),      /* 3 */
		E(4, 101, BARRIER_WAIT_END, 50, 0, 0, 0, NULL),      /* 4 */
		E(5, 101, BARRIER_WAIT_BEGIN, 50, 0, 0, 0, NULL),    /* 5: round 2, early */
		E(6, 102, BARRIER_WAIT_END, 50, 0, 0, 0, NULL),      /* 6: still round 1 */
		E(7, 103, BARRIER_WAIT_BEGIN, 50, 0, 0, 0, NULL),    /* 7 */
		E(8, 102, BARRIER_WAIT_BEGIN, 50, 0, 0, 0, NULL),    /* 8: last of round 2 */
		E(9, 101, BARRIER_WAIT_END, 50, 0, 0, 0, NULL),      /* 9 */
		E(10, 103, BARRIER_WAIT_END, 50, 0, 0, 0, NULL),     /* 10 */
		E(11, 102, BARRIER_WAIT_END, 50, 0, 1, 0, NULL),     /* 11 */
		E(12, 104, FUTEX_WAIT_BEGIN, 60, 0, 0, 0, NULL),     /* 12 */
		E(13, 105, FUTEX_WAKE, 60, 0, 1, 0, NULL),           /* 13 */
		E(14, 104, FUTEX_WAIT_END, 60, 0, 0, CT_OK, NULL),   /* 14: woken by 13 */
		E(15, 104, FUTEX_WAIT_BEGIN, 60, 0, 0, 0, NULL),     /* 15 */
		E(16, 104, FUTEX_WAIT_END, 60, 0, 0, CT_BUSY, NULL), /* 16: did not wait */
		E(17, 105, FUTEX_WAKE, 60, 0, 1, 0, NULL),           /* 17 */
		E(18, 104, FUTEX_WAIT_BEGIN, 60, 0, 0, 0, NULL),     /* 18: after the wake */
		E(19, 104, FUTEX_WAIT_END, 60, 0, 0, CT_OK, NULL),   /* 19: spurious */
		E(20, 106, SIG_WAIT_BEGIN, 0x200, 0, 0, 0, NULL),    /* 20 */
		{ CT_EV_SIG_SEND, 21, MAIN, MAIN, "prog", 0x200, 106, 10, 0, NULL, MAIN }, /* 21 */
		E(22, 106, SIG_WAIT_END, 0x200, 0, 10, CT_OK, NULL),                       /* 22 */
		/* kill() to the process: whichever thread takes it; another signal does not. */
		{ CT_EV_SIG_SEND, 23, MAIN, MAIN, "prog", 0x4000, 0, 15, 0, NULL, MAIN }, /* 23 */
		E(24, 107, SIG_WAIT_BEGIN, 0x4200, 0, 0, 0, NULL),                        /* 24 */
		E(25, 107, SIG_WAIT_END, 0x4200, 0, 10, CT_OK, NULL),                     /* 25 */
		E(26, 107, SIG_WAIT_BEGIN, 0x4200, 0, 0, 0, NULL),                        /* 26 */
		E(27, 107, SIG_WAIT_END, 0x4200, 0, 15, CT_OK, NULL),                     /* 27 */
	};
	static const uint32_t want[][2] = { { 2, 4 },   { 2, 6 },   { 8, 9 },  { 8, 10 },
					    { 13, 14 }, { 21, 22 }, { 23, 27 } };
	struct ct_model *m = BUILD(in);
	size_t n;
	const struct ct_model_arrow *a = ct_model_borrow_arrows(m, &n);

	(void)state;
	assert_int_equal(ct_model_borrow_problems(m)->span_mismatch, 0);
	assert_int_equal(n, 7);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(a[k].from, want[k][0]);
		assert_int_equal(a[k].to, want[k][1]);
		assert_int_equal(ct_model_arrow_kind(m, &a[k]), CT_ARROW_WAKEUP);
	}
	assert_int_equal(ct_model_lane_state_at(m, 0, 1), CT_STATE_BLOCKED_BARRIER);
	assert_int_equal(ct_model_lane_state_at(m, 3, 13), CT_STATE_BLOCKED_FUTEX);
	assert_int_equal(ct_model_lane_state_at(m, 5, 21), CT_STATE_BLOCKED_SIGNAL);
	assert_string_equal(ct_lane_state_name(CT_STATE_BLOCKED_SIGNAL), "blocked: signal");
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_is_20_bytes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_spawn_join),
		cmocka_unit_test(test_join_without_wait),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_recv_without_send),
		cmocka_unit_test(test_lock_handoff),
		cmocka_unit_test(test_cond_wakeup),
		cmocka_unit_test(test_cond_signals_and_broadcast),
		cmocka_unit_test(test_cond_timeout),
		cmocka_unit_test(test_lane_ends),
		cmocka_unit_test(test_stop_time),
		cmocka_unit_test(test_stop_time_after_exit),
		cmocka_unit_test(test_mismatch),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_objects_per_process),
		cmocka_unit_test(test_tid_reuse),
		cmocka_unit_test(test_queries),
		cmocka_unit_test(test_thread_name_and_exit),
		cmocka_unit_test(test_thread_named_before_it_began),
		cmocka_unit_test(test_mq_fifo),
		cmocka_unit_test(test_mq_priorities),
		cmocka_unit_test(test_mq_cross_process),
		cmocka_unit_test(test_mq_unmatched),
		cmocka_unit_test(test_sockets),
		cmocka_unit_test(test_mq_names),
		cmocka_unit_test(test_sem_blocked_span),
		cmocka_unit_test(test_other_wait_arrows),
		cmocka_unit_test(test_sem_token_fifo),
		cmocka_unit_test(test_sem_own_token),
		cmocka_unit_test(test_sem_missing_tokens),
		cmocka_unit_test(test_sem_wait_not_ended),
		cmocka_unit_test(test_sem_per_process),
		cmocka_unit_test(test_sem_id_of_another_kind),
		cmocka_unit_test(test_sem_many),
		cmocka_unit_test(test_fd_across_processes),
		cmocka_unit_test(test_fd_split_and_joined),
		cmocka_unit_test(test_fd_partial_overlaps),
		cmocka_unit_test(test_fd_short_write),
		cmocka_unit_test(test_fd_out_of_order_and_streams),
		cmocka_unit_test(test_fd_id_shared_with_mutex),
		cmocka_unit_test(test_lane_order_and_labels),
		cmocka_unit_test(test_stats_counts_every_wait),
		cmocka_unit_test(test_parked_at_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
