/* SPDX-License-Identifier: MIT */
/*
 * test_analysis.c - the analyses over models built from hand-made event
 * sequences: deadlock cycles (mutexes, three threads, joins, channels) and
 * lanes merely blocked (also on a semaphore), lost updates found and not found, use after drop,
 * messages never received, threads never joined. Only ctrace_model_core.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"
#include "model.h"
#include "model_build.h"

#define MAIN 100 /* pid, and tid of the main thread */

/* One input event: time, tid, type, id, id2, value, status, text (pid is MAIN). */
/* clang-format off */
#define E(t, tid, type, id, id2, value, status, text) \
	{ CT_EV_##type, (t), MAIN, (tid), "prog", (id), (id2), (value), (status), (text), 0 }
/* clang-format on */

/* A model and its analysis; both freed by done(). */
struct result {
	struct ct_model *m;
	struct ct_analysis *a;
};

static struct result analyse(const struct ct_model_input *in, size_t n)
{
	struct result r = { test_model_build(in, n), NULL };

	assert_int_equal(ct_analysis_run(r.m, &r.a), CT_MODEL_OK);
	assert_non_null(r.a);
	return r;
}

#define ANALYSE(arr) analyse((arr), sizeof(arr) / sizeof((arr)[0]))

static void done(struct result *r)
{
	ct_analysis_destroy(r->a);
	ct_model_destroy(r->m);
}

/* Asserts the number of findings of each kind, in enum order. */
static void assert_counts(const struct result *r, size_t deadlock, size_t lost, size_t uad,
			  size_t unreceived, size_t unjoined)
{
	size_t n;

	assert_int_equal(ct_analysis_count(r->a, CT_FINDING_DEADLOCK), deadlock);
	assert_int_equal(ct_analysis_count(r->a, CT_FINDING_LOST_UPDATE), lost);
	assert_int_equal(ct_analysis_count(r->a, CT_FINDING_USE_AFTER_DROP), uad);
	assert_int_equal(ct_analysis_count(r->a, CT_FINDING_UNRECEIVED), unreceived);
	assert_int_equal(ct_analysis_count(r->a, CT_FINDING_UNJOINED), unjoined);
	ct_analysis_borrow_findings(r->a, &n);
	assert_int_equal(n, deadlock + lost + uad + unreceived + unjoined);
}

/* Finding I, which must be of KIND at event EVENT. */
static const struct ct_finding *finding(const struct result *r, size_t i, enum ct_finding_kind kind,
					uint32_t event)
{
	size_t n;
	const struct ct_finding *f = ct_analysis_borrow_findings(r->a, &n);
	size_t nev;
	const struct ct_model_event *ev = ct_model_borrow_events(r->m, &nev);

	assert_true(i < n);
	assert_int_equal(f[i].kind, kind);
	assert_int_equal(f[i].event, event);
	assert_int_equal(f[i].time, ct_model_event_time(&ev[event]));
	return &f[i];
}

/* Asserts F's refs are exactly EXPECT: (event, lane, role) triples. */
static void assert_refs(const struct result *r, const struct ct_finding *f,
			const uint32_t (*expect)[3], size_t n_expect)
{
	size_t n;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(r->a, f, &n);

	assert_int_equal(n, n_expect);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(refs[k].event, expect[k][0]);
		assert_int_equal(refs[k].lane, expect[k][1]);
		assert_int_equal(refs[k].role, expect[k][2]);
	}
}

static void assert_sentence(const struct result *r, const struct ct_finding *f, const char *want)
{
	char buf[512];
	size_t len = ct_analysis_describe(r->m, r->a, f, buf, sizeof(buf));

	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
}

/*
 * Scenario 3.3: thread-1 holds A and waits for B, thread-2 holds B and waits
 * for A; main waits to join thread-1 behind them.
 */
static void test_two_mutex_cycle(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, MUTEX_NEW, 1, 0, 0, 0, "A"),           /* 0 */
		E(1, MAIN, MUTEX_NEW, 2, 0, 0, 0, "B"),           /* 1 */
		E(2, MAIN, THREAD_SPAWN, 3, 0, 0, 0, "thread-1"), /* 2 */
		E(3, MAIN, THREAD_SPAWN, 4, 0, 0, 0, "thread-2"), /* 3 */
		E(4, MAIN, JOIN_BEGIN, 3, 0, 0, 0, NULL),         /* 4 */
		E(5, 101, THREAD_BEGIN, 3, 0, 0, 0, "thread-1"),  /* 5 */
		E(6, 101, MUTEX_LOCK_END, 1, 0, 0, 0, NULL),      /* 6 */
		E(7, 102, THREAD_BEGIN, 4, 0, 0, 0, "thread-2"),  /* 7 */
		E(8, 102, MUTEX_LOCK_END, 2, 0, 0, 0, NULL),      /* 8 */
		E(9, 101, MUTEX_LOCK_BEGIN, 2, 0, 0, 0, NULL),    /* 9 */
		E(10, 102, MUTEX_LOCK_BEGIN, 1, 0, 0, 0, NULL),   /* 10 */
	};
	/* Lanes: 0 main, 1 thread-1, 2 thread-2. */
	static const uint32_t refs[][3] = {
		{ 9, 1, CT_ROLE_WAIT }, { 8, 2, CT_ROLE_HOLD },  { 10, 2, CT_ROLE_WAIT },
		{ 6, 1, CT_ROLE_HOLD }, { 4, 0, CT_ROLE_STUCK },
	};
	struct result r = ANALYSE(in);
	const struct ct_finding *f;
	size_t first;

	(void)state;
	/* The unjoined threads are blocked, and main too: only the deadlock is reported. */
	assert_counts(&r, 1, 0, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_DEADLOCK, 10);
	assert_refs(&r, f, refs, 5);
	assert_sentence(
		&r, f,
		"wait-for cycle: thread-1 (T2, tid 101) holds mutex A and waits for mutex B, held "
		"by thread-2 (T3, tid 102); thread-2 (T3, tid 102) holds mutex B and waits for "
		"mutex A, held by thread-1 (T2, tid 101): none of them can go on (stuck behind "
		"them: prog (T1, tid 100) waits to join thread-1 (T2, tid 101))");
	/* The viewer's queries: by event and by time. */
	assert_int_equal(ct_analysis_event_finding(r.a, 9), 0);
	assert_int_equal(ct_analysis_event_finding(r.a, 4), 0);
	assert_int_equal(ct_analysis_event_finding(r.a, 5), CT_MODEL_NONE);
	assert_int_equal(ct_analysis_findings_in(r.a, 0, 9, &first), 0);
	assert_int_equal(ct_analysis_findings_in(r.a, 10, 10, &first), 1);
	assert_int_equal(first, 0);
	done(&r);
}

/* Three threads, three mutexes: 1 holds a wants b, 2 holds b wants c, 3 holds c wants a. */
static void test_three_thread_cycle(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, MUTEX_LOCK_END, 1, 0, 0, 0, NULL),   /* 0 */
		E(1, 102, MUTEX_LOCK_END, 2, 0, 0, 0, NULL),   /* 1 */
		E(2, 103, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),   /* 2 */
		E(3, 102, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL), /* 3 */
		E(4, 101, MUTEX_LOCK_BEGIN, 2, 0, 0, 0, NULL), /* 4 */
		E(5, 103, MUTEX_LOCK_BEGIN, 1, 0, 0, 0, NULL), /* 5 */
	};
	static const uint32_t refs[][3] = {
		{ 4, 0, CT_ROLE_WAIT }, { 1, 1, CT_ROLE_HOLD }, { 3, 1, CT_ROLE_WAIT },
		{ 2, 2, CT_ROLE_HOLD }, { 5, 2, CT_ROLE_WAIT }, { 0, 0, CT_ROLE_HOLD },
	};
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 1, 0, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_DEADLOCK, 5);
	assert_refs(&r, f, refs, 6);
	/* Unnamed mutexes are named by id. */
	assert_sentence(
		&r, f,
		"wait-for cycle: prog (T1, tid 101) holds mutex #1 and waits for mutex #2, held "
		"by prog (T2, tid 102); prog (T2, tid 102) holds mutex #2 and waits for mutex #3, "
		"held by prog (T3, tid 103); prog (T3, tid 103) holds mutex #3 and waits for "
		"mutex #1, held by prog (T1, tid 101): none of them can go on");
	done(&r);
}

/* Two threads that join each other. */
static void test_join_cycle(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, THREAD_BEGIN, 5, 0, 0, 0, "x"),      /* 0 */
		E(1, 102, THREAD_BEGIN, 6, 0, 0, 0, "y"),      /* 1 */
		E(2, 101, JOIN_BEGIN, 6, 0, 0, 0, NULL),       /* 2 */
		E(3, 102, JOIN_BEGIN, 5, 0, 0, 0, NULL),       /* 3 */
		E(4, MAIN, PRINT, 0, 0, 0, 0, "main runs on"), /* 4 */
	};
	static const uint32_t refs[][3] = { { 2, 0, CT_ROLE_WAIT }, { 3, 1, CT_ROLE_WAIT } };
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 1, 0, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_DEADLOCK, 3);
	assert_refs(&r, f, refs, 2);
	assert_sentence(
		&r, f,
		"wait-for cycle: x (T2, tid 101) waits to join y (T3, tid 102); y (T3, tid 102) "
		"waits to join x (T2, tid 101): none of them can go on");
	done(&r);
}

/* Two threads each waiting to receive what only the other sends. */
static void test_channel_cycle(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_NEW, 1, 0, -1, 0, "up"),           /* 0 */
		E(1, MAIN, CHAN_NEW, 2, 0, -1, 0, "down"),         /* 1 */
		E(2, 101, CHAN_SEND_END, 1, 10, 0, CT_OK, "ping"), /* 2 */
		E(3, 102, CHAN_RECV_END, 1, 10, 0, CT_OK, NULL),   /* 3 */
		E(4, 102, CHAN_SEND_END, 2, 11, 0, CT_OK, "pong"), /* 4 */
		E(5, 101, CHAN_RECV_END, 2, 11, 0, CT_OK, NULL),   /* 5 */
		E(6, 101, CHAN_RECV_BEGIN, 2, 0, 0, 0, NULL),      /* 6 */
		E(7, 102, CHAN_RECV_BEGIN, 1, 0, 0, 0, NULL),      /* 7 */
	};
	static const uint32_t refs[][3] = { { 6, 1, CT_ROLE_WAIT }, { 7, 2, CT_ROLE_WAIT } };
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 1, 0, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_DEADLOCK, 7);
	assert_refs(&r, f, refs, 2);
	assert_sentence(
		&r, f,
		"wait-for cycle: prog (T2, tid 101) waits to receive from channel down, whose "
		"senders are all stuck; prog (T3, tid 102) waits to receive from channel up, "
		"whose senders are all stuck: none of them can go on");
	done(&r);
}

/*
 * Blocked without a cycle: thread 1 waits for a mutex held by a thread
 * that was cut off sleeping; thread 2 waits on a condvar; main waits to
 * join thread 1; thread 3 waits for a mutex nobody holds any more.
 */
static void test_blocked_without_cycle(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 104, MUTEX_LOCK_END, 1, 0, 0, 0, NULL),   /* 0 */
		E(1, 104, SLEEP_BEGIN, 0, 0, 1000, 0, NULL),   /* 1: killed while sleeping */
		E(2, 101, THREAD_BEGIN, 5, 0, 0, 0, "t1"),     /* 2 */
		E(3, 101, MUTEX_LOCK_BEGIN, 1, 0, 0, 0, NULL), /* 3 */
		E(4, 102, MUTEX_LOCK_END, 2, 0, 0, 0, NULL),   /* 4 */
		E(5, 102, COND_WAIT_BEGIN, 3, 2, 0, 0, NULL),  /* 5 */
		E(6, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),      /* 6 */
		E(7, 103, MUTEX_LOCK_END, 4, 0, 0, 0, NULL),   /* 7 */
		E(8, 103, MUTEX_UNLOCK, 4, 0, 0, 0, NULL),     /* 8 */
		E(9, 103, MUTEX_LOCK_BEGIN, 4, 0, 0, 0, NULL), /* 9 */
	};
	struct result r = ANALYSE(in);
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(r.m, &n);

	(void)state;
	/* The lanes really are blocked at the end; there is just no cycle. */
	assert_int_equal(lanes[1].end, CT_LANE_BLOCKED);
	assert_int_equal(lanes[2].end, CT_LANE_BLOCKED);
	assert_int_equal(lanes[3].end, CT_LANE_BLOCKED);
	assert_int_equal(lanes[4].end, CT_LANE_BLOCKED);
	assert_counts(&r, 0, 0, 0, 0, 0);
	done(&r);
}

/*
 * Semaphores have no owner, so a wait on one waits for nobody in
 * particular: thread a holds mutex 1 and waits forever on a semaphore that
 * thread b posted before; b then waits for mutex 1. In the program that may
 * well be a deadlock (b would post again after taking the mutex), but
 * nothing in the trace says b will post: no cycle is invented. main joining
 * a, blocked forever, is neither a deadlock nor an unjoined thread.
 */
static void test_semaphore_blocked_forever(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "a"),     /* 0 */
		E(1, MAIN, THREAD_SPAWN, 6, 0, 0, 0, "b"),     /* 1 */
		E(2, 101, THREAD_BEGIN, 5, 0, 0, 0, "a"),      /* 2 */
		E(3, 102, THREAD_BEGIN, 6, 0, 0, 0, "b"),      /* 3 */
		E(4, MAIN, SEM_NEW, 9, 0, 0, 0, "ready"),      /* 4 */
		E(5, 102, SEM_POST, 9, 0, 0, 0, NULL),         /* 5 */
		E(6, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL), /* 6: b's token */
		E(7, 101, MUTEX_LOCK_END, 1, 0, 0, 0, NULL),   /* 7 */
		E(8, 101, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL),   /* 8: forever */
		E(9, 102, MUTEX_LOCK_BEGIN, 1, 0, 0, 0, NULL), /* 9: forever */
		E(10, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),     /* 10: forever */
	};
	struct result r = ANALYSE(in);
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(r.m, &n);

	(void)state;
	assert_int_equal(n, 3);
	assert_int_equal(lanes[0].end, CT_LANE_BLOCKED);
	assert_int_equal(lanes[1].end, CT_LANE_BLOCKED);
	assert_int_equal(lanes[2].end, CT_LANE_BLOCKED);
	assert_int_equal(ct_model_lane_state_at(r.m, 1, 10), CT_STATE_BLOCKED_SEM);
	assert_counts(&r, 0, 0, 0, 0, 0);
	done(&r);
}

/* A thread that locks a mutex it already holds waits for itself. */
static void test_self_deadlock(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, MUTEX_NEW, 1, 0, 0, 0, "m"),         /* 0 */
		E(1, 101, MUTEX_LOCK_END, 1, 0, 0, 0, NULL),   /* 1 */
		E(2, 101, MUTEX_LOCK_BEGIN, 1, 0, 0, 0, NULL), /* 2 */
	};
	static const uint32_t refs[][3] = { { 2, 0, CT_ROLE_WAIT }, { 1, 0, CT_ROLE_HOLD } };
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 1, 0, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_DEADLOCK, 2);
	assert_refs(&r, f, refs, 2);
	assert_sentence(
		&r, f,
		"wait-for cycle: prog (T1, tid 101) holds mutex m and waits for mutex m, which it "
		"holds itself: none of them can go on");
	done(&r);
}

/* Two threads read 0 and both write 1: the first write is lost. */
static void test_lost_update(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, OBJ_NEW, 1, 0, 0, 0, "counter"),        /* 0 */
		E(1, 101, ACCESS, 1, 0, 0, CT_ACCESS_READ, NULL),  /* 1 A */
		E(2, 102, ACCESS, 1, 0, 0, CT_ACCESS_READ, NULL),  /* 2 B */
		E(3, 101, ACCESS, 1, 0, 1, CT_ACCESS_WRITE, NULL), /* 3 A */
		E(4, 102, ACCESS, 1, 0, 1, CT_ACCESS_WRITE, NULL), /* 4 B overwrites */
		/* Then serialised: no more losses. */
		E(5, 101, ACCESS, 1, 0, 1, CT_ACCESS_READ, NULL),  /* 5 */
		E(6, 101, ACCESS, 1, 0, 2, CT_ACCESS_WRITE, NULL), /* 6 */
		E(7, 102, ACCESS, 1, 0, 2, CT_ACCESS_READ, NULL),  /* 7 */
		E(8, 102, ACCESS, 1, 0, 3, CT_ACCESS_WRITE, NULL), /* 8 */
	};
	/* Lanes: 0 main, 1 A, 2 B. */
	static const uint32_t refs[][3] = { { 2, 2, CT_ROLE_READ },
					    { 4, 2, CT_ROLE_WRITE },
					    { 3, 1, CT_ROLE_LOST } };
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 0, 1, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_LOST_UPDATE, 4);
	assert_refs(&r, f, refs, 3);
	assert_sentence(
		&r, f,
		"prog (T3, tid 102) read counter = 0 and wrote 1 over prog (T2, tid 101)'s write "
		"of 1, which it never read: that update was lost");
	done(&r);
}

/*
 * A's read event lands after B's write event although A loaded before B
 * stored (A read 0, B had written 1): the window opens at the write of 0.
 */
static void test_lost_update_late_read_event(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, ACCESS, 1, 0, 0, CT_ACCESS_WRITE, NULL), /* 0 main stores 0 */
		E(1, 102, ACCESS, 1, 0, 0, CT_ACCESS_READ, NULL),   /* 1 B */
		E(2, 102, ACCESS, 1, 0, 1, CT_ACCESS_WRITE, NULL),  /* 2 B */
		E(3, 101, ACCESS, 1, 0, 0, CT_ACCESS_READ, NULL),   /* 3 A: stale */
		E(4, 101, ACCESS, 1, 0, 1, CT_ACCESS_WRITE, NULL),  /* 4 A */
	};
	static const uint32_t refs[][3] = { { 3, 2, CT_ROLE_READ },
					    { 4, 2, CT_ROLE_WRITE },
					    { 2, 1, CT_ROLE_LOST } };
	struct result r = ANALYSE(in);

	(void)state;
	assert_counts(&r, 0, 1, 0, 0, 0);
	assert_refs(&r, finding(&r, 0, CT_FINDING_LOST_UPDATE, 4), refs, 3);
	done(&r);
}

/*
 * The same, but A was preempted between its load and its read event for a
 * long time: B made 1500 increments in between (3000 events). A's read
 * still saw its own write of the value it read, and A's write loses B's
 * 1500 updates: one finding, whose amount is 1500 (scenario 4.1 on a busy
 * machine; a bounded look-back missed it).
 */
static void test_lost_update_read_event_far_behind(void **state)
{
	enum { B_INCS = 1500 };
	struct ct_model_input *in = calloc(2 * B_INCS + 4, sizeof(*in));
	size_t n = 0;
	uint64_t t = 0;
	struct result r;

	(void)state;
	assert_non_null(in);
	in[n++] = (struct ct_model_input)E(0, 101, ACCESS, 1, 0, 5, CT_ACCESS_WRITE, NULL);
	for (int64_t v = 5; v < 5 + B_INCS; v++) {
		in[n++] = (struct ct_model_input)E(++t, 102, ACCESS, 1, 0, v, CT_ACCESS_READ, NULL);
		in[n++] = (struct ct_model_input)E(++t, 102, ACCESS, 1, 0, v + 1, CT_ACCESS_WRITE,
						   NULL);
	}
	in[n++] = (struct ct_model_input)E(++t, 101, ACCESS, 1, 0, 5, CT_ACCESS_READ, NULL);
	in[n++] = (struct ct_model_input)E(++t, 101, ACCESS, 1, 0, 6, CT_ACCESS_WRITE, NULL);
	r = analyse(in, n);
	assert_counts(&r, 0, 1, 0, 0, 0);
	assert_int_equal(finding(&r, 0, CT_FINDING_LOST_UPDATE, (uint32_t)n - 1)->amount, B_INCS);
	assert_int_equal(ct_analysis_total(r.a, CT_FINDING_LOST_UPDATE), B_INCS);
	done(&r);
	free(in);
}

/*
 * The rollback: A reads 5 and is preempted while B, C and D make 1000
 * increments, each read by the next; A writes 6. None of those writes went
 * unread, yet A's one write loses all 1000 updates: one finding of 1000,
 * naming the lanes whose updates it overwrote. The counter ends at 6 after
 * 1006 increments.
 */
static void test_lost_update_rollback(void **state)
{
	enum { INCS = 1000 };
	struct ct_model_input *in = calloc(2 * INCS + 16, sizeof(*in));
	size_t n = 0, nf;
	uint64_t t = 0;
	int64_t v = 0;
	struct result r;
	const struct ct_finding *f;
	const struct ct_finding_ref *refs;

	(void)state;
	assert_non_null(in);
	in[n++] = (struct ct_model_input)E(t++, MAIN, OBJ_NEW, 1, 0, 0, 0, "counter");
	for (; v < 5; v++) { /* five serial increments by A */
		in[n++] = (struct ct_model_input)E(t++, 101, ACCESS, 1, 0, v, CT_ACCESS_READ, NULL);
		in[n++] = (struct ct_model_input)E(t++, 101, ACCESS, 1, 0, v + 1, CT_ACCESS_WRITE,
						   NULL);
	}
	in[n++] = (struct ct_model_input)E(t++, 101, ACCESS, 1, 0, 5, CT_ACCESS_READ, NULL);
	for (int i = 0; i < INCS; i++, v++) {
		uint32_t tid = 102 + (uint32_t)(i % 3);

		in[n++] = (struct ct_model_input)E(t++, tid, ACCESS, 1, 0, v, CT_ACCESS_READ, NULL);
		in[n++] = (struct ct_model_input)E(t++, tid, ACCESS, 1, 0, v + 1, CT_ACCESS_WRITE,
						   NULL);
	}
	in[n++] = (struct ct_model_input)E(t++, 101, ACCESS, 1, 0, 6, CT_ACCESS_WRITE, NULL);
	r = analyse(in, n);
	assert_counts(&r, 0, 1, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_LOST_UPDATE, (uint32_t)n - 1);
	assert_int_equal(f->amount, INCS);
	assert_int_equal(ct_analysis_total(r.a, CT_FINDING_LOST_UPDATE), INCS);
	/* READ, WRITE, then 8 of the lost writes, one per lane first, in trace order. */
	refs = ct_analysis_borrow_refs(r.a, f, &nf);
	assert_int_equal(nf, 2 + 8);
	assert_int_equal(refs[0].role, CT_ROLE_READ);
	assert_int_equal(refs[0].event, 11);
	assert_int_equal(refs[1].role, CT_ROLE_WRITE);
	for (size_t k = 2; k < nf; k++)
		assert_int_equal(refs[k].role, CT_ROLE_LOST);
	/* The first three lost writes (events 13, 15, 17) are one per lane. */
	assert_int_equal(refs[2].event, 13);
	assert_int_equal(refs[3].event, 15);
	assert_int_equal(refs[4].event, 17);
	assert_sentence(
		&r, f,
		"prog (T2, tid 101) read counter = 5 and wrote 6 over 1000 updates it never "
		"read (by T3, T4, T5, ...): they were lost");
	done(&r);
	free(in);
}

/*
 * A chain: A reads 5; B reads 5 and writes 6; C reads 6 and writes 7; A
 * writes 6. B's update was lost by nobody's fault but A's, and so was C's:
 * A loses 2, in one finding (the counter ends at 6 after 3 increments
 * from 5: 8 - 6 = 2).
 */
static void test_lost_update_chain(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, OBJ_NEW, 1, 0, 0, 0, "counter"),         /* 0 */
		E(1, MAIN, ACCESS, 1, 0, 5, CT_ACCESS_WRITE, NULL), /* 1 main stores 5 */
		E(2, 101, ACCESS, 1, 0, 5, CT_ACCESS_READ, NULL),   /* 2 A */
		E(3, 102, ACCESS, 1, 0, 5, CT_ACCESS_READ, NULL),   /* 3 B */
		E(4, 102, ACCESS, 1, 0, 6, CT_ACCESS_WRITE, NULL),  /* 4 B */
		E(5, 103, ACCESS, 1, 0, 6, CT_ACCESS_READ, NULL),   /* 5 C */
		E(6, 103, ACCESS, 1, 0, 7, CT_ACCESS_WRITE, NULL),  /* 6 C */
		E(7, 101, ACCESS, 1, 0, 6, CT_ACCESS_WRITE, NULL),  /* 7 A */
	};
	/* Lanes: 0 main, 1 A, 2 B, 3 C. */
	static const uint32_t refs[][3] = { { 2, 1, CT_ROLE_READ },
					    { 7, 1, CT_ROLE_WRITE },
					    { 4, 2, CT_ROLE_LOST },
					    { 6, 3, CT_ROLE_LOST } };
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 0, 1, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_LOST_UPDATE, 7);
	assert_int_equal(f->amount, 2);
	assert_int_equal(ct_analysis_total(r.a, CT_FINDING_LOST_UPDATE), 2);
	assert_refs(&r, f, refs, 4);
	done(&r);
}

/*
 * A rollback undone: the counter is at 10; B read 5 long ago, A reads 10;
 * B writes 6 (losing 5 updates), then A writes 11, which puts back the 5
 * updates its read had seen and loses only B's. The counter ends at 11
 * after 11 increments from 0: 1 update lost, charged to A, not 5 to B.
 */
static void test_lost_update_rollback_undone(void **state)
{
	struct ct_model_input in[32];
	size_t n = 0;
	uint64_t t = 0;
	struct result r;

	(void)state;
	for (int64_t v = 0; v < 5; v++) {
		in[n++] = (struct ct_model_input)E(t++, 103, ACCESS, 1, 0, v, CT_ACCESS_READ, NULL);
		in[n++] = (struct ct_model_input)E(t++, 103, ACCESS, 1, 0, v + 1, CT_ACCESS_WRITE,
						   NULL);
	}
	in[n++] = (struct ct_model_input)E(t++, 102, ACCESS, 1, 0, 5, CT_ACCESS_READ, NULL); /* B */
	for (int64_t v = 5; v < 10; v++) {
		in[n++] = (struct ct_model_input)E(t++, 103, ACCESS, 1, 0, v, CT_ACCESS_READ, NULL);
		in[n++] = (struct ct_model_input)E(t++, 103, ACCESS, 1, 0, v + 1, CT_ACCESS_WRITE,
						   NULL);
	}
	in[n++] =
		(struct ct_model_input)E(t++, 101, ACCESS, 1, 0, 10, CT_ACCESS_READ, NULL); /* A */
	in[n++] =
		(struct ct_model_input)E(t++, 102, ACCESS, 1, 0, 6, CT_ACCESS_WRITE, NULL); /* B */
	in[n++] =
		(struct ct_model_input)E(t++, 101, ACCESS, 1, 0, 11, CT_ACCESS_WRITE, NULL); /* A */
	r = analyse(in, n);
	assert_counts(&r, 0, 1, 0, 0, 0);
	assert_int_equal(finding(&r, 0, CT_FINDING_LOST_UPDATE, (uint32_t)n - 1)->amount, 1);
	assert_int_equal(ct_analysis_total(r.a, CT_FINDING_LOST_UPDATE), 1);
	done(&r);
}

/* Ten lanes taking turns for 100 increments each, every read seeing the last write: nothing lost. */
static void test_no_lost_update_sequential(void **state)
{
	struct ct_model_input *in = calloc(2000, sizeof(*in));
	size_t n = 0;
	struct result r;

	(void)state;
	assert_non_null(in);
	for (int64_t v = 0; v < 1000; v++) {
		uint32_t tid = 101 + (uint32_t)(v / 100);

		in[n++] = (struct ct_model_input)E((uint64_t)n, tid, ACCESS, 1, 0, v,
						   CT_ACCESS_READ, NULL);
		in[n++] = (struct ct_model_input)E((uint64_t)n, tid, ACCESS, 1, 0, v + 1,
						   CT_ACCESS_WRITE, NULL);
	}
	r = analyse(in, n);
	assert_counts(&r, 0, 0, 0, 0, 0);
	assert_int_equal(ct_analysis_total(r.a, CT_FINDING_LOST_UPDATE), 0);
	done(&r);
	free(in);
}

/*
 * Not lost: serialised windows; a window whose read saw the other write
 * although the events came in the other order; a write traced late (after
 * a preemption) that another lane had already read.
 */
static void test_no_lost_update(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, ACCESS, 1, 0, 0, CT_ACCESS_READ, NULL),  /* A reads 0 */
		E(1, 101, ACCESS, 1, 0, 1, CT_ACCESS_WRITE, NULL), /* A writes 1 */
		E(2, 102, ACCESS, 1, 0, 1, CT_ACCESS_READ, NULL),  /* B reads 1 */
		E(3, 102, ACCESS, 1, 0, 2, CT_ACCESS_WRITE, NULL), /* B writes 2 */
		/* A's read of 3 is traced before B's write of 3 that it saw. */
		E(4, 101, ACCESS, 1, 0, 2, CT_ACCESS_READ, NULL), /* A reads 2 */
		E(5, 102, ACCESS, 1, 0, 2, CT_ACCESS_READ, NULL), /* B reads 2 ... */
		E(6, 101, ACCESS, 1, 0, 3, CT_ACCESS_READ, NULL), /* A reads 3 (restarts) */
		E(7, 102, ACCESS, 1, 0, 3, CT_ACCESS_WRITE,
		  NULL), /* ... B's write of 3 traced now */
		E(8, 101, ACCESS, 1, 0, 4, CT_ACCESS_WRITE, NULL), /* A writes 4 */
		/* A stores 5 but is preempted before tracing it; B reads 5 and goes on. */
		E(9, 101, ACCESS, 1, 0, 4, CT_ACCESS_READ, NULL),
		E(10, 102, ACCESS, 1, 0, 5, CT_ACCESS_READ, NULL),
		E(11, 102, ACCESS, 1, 0, 6, CT_ACCESS_WRITE, NULL),
		E(12, 102, ACCESS, 1, 0, 6, CT_ACCESS_READ, NULL),
		E(13, 102, ACCESS, 1, 0, 7, CT_ACCESS_WRITE, NULL),
		E(14, 101, ACCESS, 1, 0, 5, CT_ACCESS_WRITE, NULL),
		/* Writes without a read (an atomic add, scenario 4.2) are no windows. */
		E(15, 101, ACCESS, 1, 0, 8, CT_ACCESS_WRITE, NULL),
		E(16, 102, ACCESS, 1, 0, 9, CT_ACCESS_WRITE, NULL),
	};
	struct result r = ANALYSE(in);

	(void)state;
	assert_counts(&r, 0, 0, 0, 0, 0);
	done(&r);
}

/* Scenario 1.3b: the child uses v after main dropped it; an Arc cloned after its count hit 0. */
static void test_use_after_drop(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, OBJ_NEW, 1, 0, 0, 0, "v"),             /* 0 */
		E(1, 101, ACCESS, 1, 0, 3, CT_ACCESS_USE, NULL),  /* 1: before: fine */
		E(2, MAIN, OBJ_DROP, 1, 0, 0, 0, NULL),           /* 2 */
		E(3, 101, ACCESS, 1, 0, 3, CT_ACCESS_USE, NULL),  /* 3: after */
		E(4, MAIN, ARC_NEW, 2, 0, 1, 0, "shared"),        /* 4 */
		E(5, MAIN, ARC_CLONE, 2, 0, 2, 0, NULL),          /* 5 */
		E(6, MAIN, ARC_DROP, 2, 0, 1, 0, NULL),           /* 6: not yet 0 */
		E(7, 101, ACCESS, 2, 0, 7, CT_ACCESS_READ, NULL), /* 7: fine */
		E(8, 101, ARC_DROP, 2, 0, 0, 0, NULL),            /* 8: 0 */
		E(9, MAIN, ARC_CLONE, 2, 0, 1, 0, NULL),          /* 9: after */
	};
	struct result r = ANALYSE(in);
	static const uint32_t refs0[][3] = { { 2, 0, CT_ROLE_DROP }, { 3, 1, CT_ROLE_USE } };
	static const uint32_t refs1[][3] = { { 8, 1, CT_ROLE_DROP }, { 9, 0, CT_ROLE_USE } };
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 0, 0, 2, 0, 0);
	f = finding(&r, 0, CT_FINDING_USE_AFTER_DROP, 3);
	assert_refs(&r, f, refs0, 2);
	assert_sentence(&r, f,
			"prog (T2, tid 101) used v (value 3) after prog (T1, tid 100) dropped it");
	f = finding(&r, 1, CT_FINDING_USE_AFTER_DROP, 9);
	assert_refs(&r, f, refs1, 2);
	assert_sentence(
		&r, f,
		"prog (T1, tid 100) cloned arc shared after prog (T2, tid 101) dropped its last "
		"reference");
	done(&r);
}

/* Two messages sent, one received. */
static void test_never_received(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_NEW, 7, 0, -1, 0, "words"),        /* 0 */
		E(1, 101, CHAN_SEND_END, 7, 12, 0, CT_OK, "hi"),   /* 1 */
		E(2, 101, CHAN_SEND_END, 7, 13, 0, CT_OK, "lost"), /* 2 */
		E(3, MAIN, CHAN_RECV_END, 7, 12, 0, CT_OK, NULL),  /* 3 */
		/* A refused send is no message. */
		E(4, 101, CHAN_SEND_END, 7, 14, 0, CT_DISCONNECTED, "no"), /* 4 */
	};
	static const uint32_t refs[][3] = { { 2, 1, CT_ROLE_SEND } };
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 0, 0, 0, 1, 0);
	f = finding(&r, 0, CT_FINDING_UNRECEIVED, 2);
	assert_refs(&r, f, refs, 1);
	assert_sentence(
		&r, f,
		"message \"lost\" sent by prog (T2, tid 101) on channel words was never received");
	done(&r);
}

/*
 * Threads never joined: one cut off at exit (scenario 1.1), one that ran to
 * its end; a joined one is fine.
 */
static void test_never_joined(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "cut"),    /* 0 */
		E(1, MAIN, THREAD_SPAWN, 6, 0, 0, 0, "ran"),    /* 1 */
		E(2, MAIN, THREAD_SPAWN, 7, 0, 0, 0, "joined"), /* 2 */
		E(3, 101, THREAD_BEGIN, 5, 0, 0, 0, "cut"),     /* 3 */
		E(4, 102, THREAD_BEGIN, 6, 0, 0, 0, "ran"),     /* 4 */
		E(5, 103, THREAD_BEGIN, 7, 0, 0, 0, "joined"),  /* 5 */
		E(6, 102, THREAD_END, 6, 0, 0, 0, NULL),        /* 6 */
		E(7, 103, THREAD_END, 7, 0, 0, 0, NULL),        /* 7 */
		E(8, MAIN, JOIN_END, 7, 0, 0, 0, NULL),         /* 8 */
		E(9, 101, PRINT, 0, 0, 0, 0, "hi number 3"),    /* 9 */
		E(10, MAIN, PROCESS_EXIT, 0, 0, 1, 0, NULL),    /* 10 */
	};
	/* Lanes: 0 main, 1 cut, 2 ran, 3 joined. */
	static const uint32_t refs_ran[][3] = { { 1, 0, CT_ROLE_SPAWN }, { 6, 2, CT_ROLE_LAST } };
	static const uint32_t refs_cut[][3] = { { 0, 0, CT_ROLE_SPAWN }, { 9, 1, CT_ROLE_LAST } };
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 0, 0, 0, 0, 2);
	/* Sorted by time: "ran" ended at 6, "cut" was last seen at 9. */
	f = finding(&r, 0, CT_FINDING_UNJOINED, 6);
	assert_refs(&r, f, refs_ran, 2);
	assert_sentence(
		&r, f,
		"thread ran (T3, tid 102), spawned by prog (T1, tid 100), was never joined: it "
		"ran to its end, but nobody waited for it");
	f = finding(&r, 1, CT_FINDING_UNJOINED, 9);
	assert_refs(&r, f, refs_cut, 2);
	assert_sentence(
		&r, f,
		"thread cut (T2, tid 101), spawned by prog (T1, tid 100), was never joined: it "
		"was cut off when the process exited");
	done(&r);
}

/* A detached thread (pthread_detach, or created detached) is nobody's to join: no finding. */
static void test_detached_not_unjoined(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "daemon"),
		E(1, MAIN, THREAD_DETACH, 5, 0, 0, 0, NULL), /* created detached */
		E(2, MAIN, THREAD_SPAWN, 6, 0, 0, 0, "later"),
		E(3, 101, THREAD_BEGIN, 5, 0, 0, 0, "daemon"),
		E(4, 102, THREAD_BEGIN, 6, 0, 0, 0, "later"),
		E(5, 102, THREAD_END, 6, 0, 0, 0, NULL),
		E(6, MAIN, THREAD_DETACH, 6, 0, 0, 0, NULL), /* pthread_detach after it ended */
		E(7, 101, THREAD_END, 5, 0, 0, 0, NULL),
		E(8, MAIN, THREAD_SPAWN, 7, 0, 0, 0, "forgotten"),
		E(9, 103, THREAD_BEGIN, 7, 0, 0, 0, "forgotten"),
		E(10, 103, THREAD_END, 7, 0, 0, 0, NULL),
		E(11, MAIN, PROCESS_EXIT, 0, 0, 1, 0, NULL),
	};
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	/* Only the thread that was neither joined nor detached. */
	assert_counts(&r, 0, 0, 0, 0, 1);
	f = finding(&r, 0, CT_FINDING_UNJOINED, 10);
	assert_non_null(f);
	done(&r);
}

/* Findings of every kind come out sorted by time; a short buffer truncates like snprintf. */
static void test_sorted_and_truncated(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, 101, CHAN_SEND_END, 7, 12, 0, CT_OK, "late"),  /* 0: unreceived */
		E(1, MAIN, OBJ_DROP, 1, 0, 0, 0, NULL),             /* 1 */
		E(2, MAIN, ACCESS, 1, 0, 0, CT_ACCESS_WRITE, NULL), /* 2: use after drop */
	};
	struct result r = ANALYSE(in);
	size_t n;
	const struct ct_finding *f = ct_analysis_borrow_findings(r.a, &n);
	char small[8];

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(f[0].kind, CT_FINDING_UNRECEIVED);
	assert_int_equal(f[1].kind, CT_FINDING_USE_AFTER_DROP);
	assert_int_equal(ct_analysis_describe(r.m, r.a, &f[1], small, sizeof(small)),
			 strlen("prog (T1, tid 100) wrote #1 (value 0) after prog (T1, tid 100) "
				"dropped it"));
	assert_string_equal(small, "prog (T");
	assert_string_equal(ct_finding_kind_name(CT_FINDING_LOST_UPDATE), "lost-update");
	assert_string_equal(ct_finding_kind_name(CT_FINDING_COUNT_), "?");
	done(&r);
}

/*
 * Read-write locks (issue 10). "reader" holds RW for reading and waits for
 * mutex M; "writer" holds M and waits to write RW: a cycle through a lock
 * held shared. "reader-2" read RW too, but let it go.
 */
static void test_rwlock_writer_waits_on_reader(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, RWLOCK_NEW, 1, 0, 0, 0, "RW"),                      /* 0 */
		E(1, MAIN, MUTEX_NEW, 2, 0, 0, 0, "M"),                        /* 1 */
		E(2, 101, THREAD_BEGIN, 3, 0, 0, 0, "reader"),                 /* 2 */
		E(3, 101, RWLOCK_LOCK_END, 1, 0, 0, CT_ACCESS_READ, NULL),     /* 3 */
		E(4, 102, THREAD_BEGIN, 4, 0, 0, 0, "writer"),                 /* 4 */
		E(5, 102, MUTEX_LOCK_END, 2, 0, 0, 0, NULL),                   /* 5 */
		E(6, 103, THREAD_BEGIN, 5, 0, 0, 0, "reader-2"),               /* 6 */
		E(7, 103, RWLOCK_LOCK_END, 1, 0, 0, CT_ACCESS_READ, NULL),     /* 7 */
		E(8, 103, RWLOCK_UNLOCK, 1, 0, 0, CT_ACCESS_READ, NULL),       /* 8 */
		E(9, 103, THREAD_END, 5, 0, 0, 0, NULL),                       /* 9 */
		E(10, 102, RWLOCK_LOCK_BEGIN, 1, 0, 0, CT_ACCESS_WRITE, NULL), /* 10 */
		E(11, 101, MUTEX_LOCK_BEGIN, 2, 0, 0, 0, NULL),                /* 11 */
	};
	/* Lanes: 0 main, 1 reader, 2 writer, 3 reader-2. */
	static const uint32_t refs[][3] = {
		{ 11, 1, CT_ROLE_WAIT },
		{ 5, 2, CT_ROLE_HOLD },
		{ 10, 2, CT_ROLE_WAIT },
		{ 3, 1, CT_ROLE_HOLD },
	};
	struct result r = ANALYSE(in);
	const struct ct_finding *f;

	(void)state;
	assert_counts(&r, 1, 0, 0, 0, 0);
	f = finding(&r, 0, CT_FINDING_DEADLOCK, 11);
	assert_refs(&r, f, refs, 4);
	assert_sentence(&r, f,
			"wait-for cycle: reader (T2, tid 101) holds rwlock RW and waits for mutex "
			"M, held by writer (T3, tid 102); writer (T3, tid 102) holds mutex M and "
			"waits to write rwlock RW, held for reading by reader (T2, tid 101): none "
			"of them can go on");
	done(&r);
}

/*
 * A writer waits for every reader: with a second reader that holds RW and
 * is not blocked, the writer will get the lock once both let go, so there is
 * no deadlock; and readers that share RW are no contention either.
 */
static void test_rwlock_readers_share(void **state)
{
	/* reader-2 reads first: the latest reader alone is not the one holder. */
	static const struct ct_model_input in[] = {
		E(0, MAIN, RWLOCK_NEW, 1, 0, 0, 0, "RW"),                     /* 0 */
		E(1, MAIN, MUTEX_NEW, 2, 0, 0, 0, "M"),                       /* 1 */
		E(2, 103, THREAD_BEGIN, 5, 0, 0, 0, "reader-2"),              /* 2 */
		E(3, 103, RWLOCK_LOCK_END, 1, 0, 0, CT_ACCESS_READ, NULL),    /* 3 */
		E(4, 101, THREAD_BEGIN, 3, 0, 0, 0, "reader"),                /* 4 */
		E(5, 101, RWLOCK_LOCK_END, 1, 0, 0, CT_ACCESS_READ, NULL),    /* 5 */
		E(6, 102, THREAD_BEGIN, 4, 0, 0, 0, "writer"),                /* 6 */
		E(7, 102, MUTEX_LOCK_END, 2, 0, 0, 0, NULL),                  /* 7 */
		E(8, 102, RWLOCK_LOCK_BEGIN, 1, 0, 0, CT_ACCESS_WRITE, NULL), /* 8 */
		E(9, 101, MUTEX_LOCK_BEGIN, 2, 0, 0, 0, NULL),                /* 9 */
		E(10, 103, SLEEP_BEGIN, 0, 0, 1000, 0, NULL),                 /* 10 */
	};
	/* Lanes: 0 main, 1 reader-2, 2 reader, 3 writer. */
	struct result r = ANALYSE(in);
	size_t n_ev;
	const struct ct_model_event *ev = ct_model_borrow_events(r.m, &n_ev);
	char buf[128];

	(void)state;
	assert_counts(&r, 0, 0, 0, 0, 0);
	/* Both readers took it without waiting: no span, no hand-off. */
	assert_int_equal(ev[5].type, CT_EV_RWLOCK_LOCK_END);
	assert_int_equal(ct_model_lane_state_at(r.m, 2, 5), CT_STATE_RUNNING);
	assert_int_equal(ct_model_lane_state_at(r.m, 3, 9), CT_STATE_BLOCKED_LOCK);
	assert_string_equal(ct_model_event_phrase(r.m, 5, buf, sizeof(buf)),
			    "takes rwlock RW to read (shared)");
	assert_string_equal(ct_model_event_phrase(r.m, 8, buf, sizeof(buf)),
			    "waits to write rwlock RW");
	done(&r);
}

/*
 * A reader kept out by readers waits behind a queued writer: "reader" holds
 * RW for reading and waits for M; "late" holds M and waits to read RW, which
 * readers hold, so it waits for the queued "writer", which waits for
 * "reader": a cycle of three. Without the writer, "late" waits for nobody.
 */
static void test_rwlock_reader_behind_writer(void **state)
{
	static const struct ct_model_input with_writer[] = {
		E(0, MAIN, RWLOCK_NEW, 1, 0, 0, 0, "RW"),                     /* 0 */
		E(1, MAIN, MUTEX_NEW, 2, 0, 0, 0, "M"),                       /* 1 */
		E(2, 101, THREAD_BEGIN, 3, 0, 0, 0, "reader"),                /* 2 */
		E(3, 101, RWLOCK_LOCK_END, 1, 0, 0, CT_ACCESS_READ, NULL),    /* 3 */
		E(4, 102, THREAD_BEGIN, 4, 0, 0, 0, "late"),                  /* 4 */
		E(5, 102, MUTEX_LOCK_END, 2, 0, 0, 0, NULL),                  /* 5 */
		E(6, 103, THREAD_BEGIN, 5, 0, 0, 0, "writer"),                /* 6 */
		E(7, 103, RWLOCK_LOCK_BEGIN, 1, 0, 0, CT_ACCESS_WRITE, NULL), /* 7 */
		E(8, 102, RWLOCK_LOCK_BEGIN, 1, 0, 0, CT_ACCESS_READ, NULL),  /* 8 */
		E(9, 101, MUTEX_LOCK_BEGIN, 2, 0, 0, 0, NULL),                /* 9 */
	};
	struct result r = analyse(with_writer, 10);

	(void)state;
	assert_counts(&r, 1, 0, 0, 0, 0);
	finding(&r, 0, CT_FINDING_DEADLOCK, 9);
	done(&r);
	/* The same without the writer (its two events left out). */
	{
		struct ct_model_input in[8];

		memcpy(in, with_writer, 6 * sizeof(in[0]));
		in[6] = with_writer[8];
		in[7] = with_writer[9];
		r = analyse(in, 8);
		assert_counts(&r, 0, 0, 0, 0, 0);
		done(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_mutex_cycle),
		cmocka_unit_test(test_rwlock_writer_waits_on_reader),
		cmocka_unit_test(test_rwlock_readers_share),
		cmocka_unit_test(test_rwlock_reader_behind_writer),
		cmocka_unit_test(test_three_thread_cycle),
		cmocka_unit_test(test_join_cycle),
		cmocka_unit_test(test_channel_cycle),
		cmocka_unit_test(test_blocked_without_cycle),
		cmocka_unit_test(test_semaphore_blocked_forever),
		cmocka_unit_test(test_self_deadlock),
		cmocka_unit_test(test_lost_update),
		cmocka_unit_test(test_lost_update_late_read_event),
		cmocka_unit_test(test_lost_update_read_event_far_behind),
		cmocka_unit_test(test_lost_update_rollback),
		cmocka_unit_test(test_lost_update_chain),
		cmocka_unit_test(test_lost_update_rollback_undone),
		cmocka_unit_test(test_no_lost_update_sequential),
		cmocka_unit_test(test_no_lost_update),
		cmocka_unit_test(test_use_after_drop),
		cmocka_unit_test(test_never_received),
		cmocka_unit_test(test_never_joined),
		cmocka_unit_test(test_detached_not_unjoined),
		cmocka_unit_test(test_sorted_and_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
