/* SPDX-License-Identifier: MIT */
/*
 * test_waits.c - the shim's other waits end to end (issue 10): waits_prog
 * (sigwait + pthread_kill, a barrier, pthread_once, rwlock readers behind a
 * writer, a futex through syscall()) and a Rust program whose standard
 * library blocks through futex, recorded by `ctrace record` with a real
 * lttng-sessiond and read back into the model: the spans' states, the
 * arrows between the right lanes, the rwlock modes, and no finding.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "itest.h"
#include "itest_model.h"
#include "model.h"

static const char *ctrace_bin;

/* Records PROG and reads the trace; the program must exit 0 with nothing discarded. */
static void record(struct itest_fixture *f, const char *prog)
{
	char *argv[] = { (char *)ctrace_bin, "record", "-o", f->trace, "--timeout", "120", "--",
			 (char *)prog,       NULL };

	itest_run(argv, NULL, &f->run);
	if (f->run.status != 0)
		print_error("ctrace record failed (%d):\n%s\n%s\n", f->run.status, f->run.out,
			    f->run.err);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.err, "0 events discarded"));
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
}

/* Arrows of KIND from a FROM event on lane FL (CT_MODEL_NONE: any) to a TO event on lane TL. */
static size_t arrows(const struct ct_model *m, enum ct_arrow_kind kind, enum ct_event_type from,
		     uint32_t fl, enum ct_event_type to, uint32_t tl)
{
	size_t n_ev, n_ar, n = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_arrow *ar = ct_model_borrow_arrows(m, &n_ar);

	for (size_t i = 0; i < n_ar; i++) {
		const struct ct_model_event *a = &ev[ar[i].from], *b = &ev[ar[i].to];

		if (ct_model_arrow_kind(m, &ar[i]) == kind && a->type == from && b->type == to &&
		    (fl == CT_MODEL_NONE || a->lane == fl) && b->lane == tl)
			n++;
	}
	return n;
}

/* No finding at all in M: readers sharing a lock are neither a deadlock nor anything else. */
static void assert_no_findings(const struct ct_model *m)
{
	assert_int_equal(itest_model_findings(m), 0);
}

#define MS 1000000ull

static void test_waits_prog(void **state)
{
	struct itest_fixture *f = *state;
	struct ct_model *m;
	uint32_t main_lane, writer, r1, r2, b3;
	size_t n_ev;
	const struct ct_model_event *ev;
	char phrase[256];

	record(f, getenv("WAITS_PROG"));
	assert_non_null(strstr(f->run.out, "signal=10\n"));
	assert_non_null(strstr(f->run.out, "done\n"));
	/* The trace: the waits with their fields, the rwlock's modes. */
	assert_int_equal(itest_count_where(&f->tr, "sig_wait_end", "signo", "10"), 1);
	assert_int_equal(itest_count_where(&f->tr, "sig_send", "signo", "10"), 1);
	assert_int_equal(itest_count(&f->tr, "barrier_wait_begin"), 6);
	assert_int_equal(itest_count_where(&f->tr, "barrier_wait_end", "serial", "1"), 2);
	assert_int_equal(itest_count(&f->tr, "once_wait_begin"), 1);
	assert_int_equal(itest_count(&f->tr, "once_done"), 1);
	assert_int_equal(itest_count_where(&f->tr, "rwlock_lock_begin", "mode", "read"), 2);
	assert_int_equal(itest_count_where(&f->tr, "rwlock_lock_end", "mode", "write"), 1);
	assert_int_equal(itest_count_where(&f->tr, "rwlock_unlock", "mode", "read"), 2);
	assert_int_equal(itest_count_where(&f->tr, "rwlock_unlock", "mode", "write"), 1);
	assert_true(itest_count(&f->tr, "futex_wait_begin") >= 1);
	assert_int_equal(itest_count_where(&f->tr, "futex_wake", "count", "1"), 1);

	m = itest_model_load(f->trace);
	main_lane = itest_model_lane_named(m, "waits_prog");
	writer = itest_model_lane_named(m, "writer");
	r1 = itest_model_lane_named(m, "reader1");
	r2 = itest_model_lane_named(m, "reader2");
	b3 = itest_model_lane_named(m, "b3");
	assert_int_equal(ct_model_borrow_problems(m)->span_mismatch, 0);

	/* 1. The signal: a blocked span of ~50 ms, a wake-up from main's pthread_kill. */
	assert_true(itest_model_time_in(m, itest_model_lane_named(m, "sigwaiter"),
					CT_STATE_BLOCKED_SIGNAL) > 30 * MS);
	assert_int_equal(arrows(m, CT_ARROW_WAKEUP, CT_EV_SIG_SEND, main_lane, CT_EV_SIG_WAIT_END,
				itest_model_lane_named(m, "sigwaiter")),
			 1);

	/* 2. The barrier: b3 arrives last twice, with an arrow to each other's end. */
	assert_true(itest_model_time_in(m, itest_model_lane_named(m, "b1"),
					CT_STATE_BLOCKED_BARRIER) > 80 * MS);
	assert_true(itest_model_time_in(m, b3, CT_STATE_BLOCKED_BARRIER) < 10 * MS);
	assert_int_equal(arrows(m, CT_ARROW_WAKEUP, CT_EV_BARRIER_WAIT_BEGIN, b3,
				CT_EV_BARRIER_WAIT_END, itest_model_lane_named(m, "b1")),
			 2);
	assert_int_equal(arrows(m, CT_ARROW_WAKEUP, CT_EV_BARRIER_WAIT_BEGIN, b3,
				CT_EV_BARRIER_WAIT_END, itest_model_lane_named(m, "b2")),
			 2);
	assert_int_equal(arrows(m, CT_ARROW_WAKEUP, CT_EV_BARRIER_WAIT_BEGIN, CT_MODEL_NONE,
				CT_EV_BARRIER_WAIT_END, b3),
			 0);

	/* 3. pthread_once: once2 waits ~60 ms for once1's routine. */
	assert_true(itest_model_time_in(m, itest_model_lane_named(m, "once2"),
					CT_STATE_BLOCKED_ONCE) > 40 * MS);
	assert_int_equal(
		itest_model_time_in(m, itest_model_lane_named(m, "once1"), CT_STATE_BLOCKED_ONCE),
		0);
	assert_int_equal(arrows(m, CT_ARROW_WAKEUP, CT_EV_ONCE_DONE,
				itest_model_lane_named(m, "once1"), CT_EV_ONCE_WAIT_END,
				itest_model_lane_named(m, "once2")),
			 1);

	/* 4. The rwlock: both readers wait (lock) and are let in by the writer's one unlock. */
	assert_true(itest_model_time_in(m, r1, CT_STATE_BLOCKED_LOCK) > 20 * MS);
	assert_true(itest_model_time_in(m, r2, CT_STATE_BLOCKED_LOCK) > 20 * MS);
	assert_int_equal(
		arrows(m, CT_ARROW_HANDOFF, CT_EV_RWLOCK_UNLOCK, writer, CT_EV_RWLOCK_LOCK_END, r1),
		1);
	assert_int_equal(
		arrows(m, CT_ARROW_HANDOFF, CT_EV_RWLOCK_UNLOCK, writer, CT_EV_RWLOCK_LOCK_END, r2),
		1);
	/* Their phrases say how they hold it. */
	ev = ct_model_borrow_events(m, &n_ev);
	for (uint32_t i = 0; i < n_ev; i++) {
		if (ev[i].type == CT_EV_RWLOCK_LOCK_END && ev[i].lane == r1)
			assert_non_null(strstr(ct_model_event_phrase(m, i, phrase, sizeof(phrase)),
					       "takes rwlock rw to read (shared)"));
		if (ev[i].type == CT_EV_RWLOCK_LOCK_END && ev[i].lane == writer)
			assert_string_equal(ct_model_event_phrase(m, i, phrase, sizeof(phrase)),
					    "takes rwlock rw to write");
	}

	/* 5. The futex: a blocked span, and main's wake to its end. */
	assert_true(itest_model_time_in(m, itest_model_lane_named(m, "futexwaiter"),
					CT_STATE_BLOCKED_FUTEX) > 30 * MS);
	assert_int_equal(arrows(m, CT_ARROW_WAKEUP, CT_EV_FUTEX_WAKE, main_lane,
				CT_EV_FUTEX_WAIT_END, itest_model_lane_named(m, "futexwaiter")),
			 1);

	assert_no_findings(m);
	ct_model_destroy(m);
}

/*
 * Rust's Condvar, mpsc channel and thread::park block through futex from
 * syscall(): each waiting thread has a futex span ~50 ms long and an arrow
 * from main's wake.
 */
static void test_rust_futex(void **state)
{
	struct itest_fixture *f = *state;
	const char *prog = getenv("WAITS_RUST");
	static const char *const waiters[] = { "condwaiter", "receiver", "parked" };
	struct ct_model *m;
	uint32_t main_lane;

	if (!prog || !*prog) {
		print_message(
			"skipped: rustc was not found when ctrace was configured, so the Rust "
			"program was not built\n");
		skip();
	}
	record(f, prog);
	assert_non_null(strstr(f->run.out, "done\n"));
	m = itest_model_load(f->trace);
	main_lane = itest_model_lane_named(m, "waits_rust");
	for (size_t k = 0; k < sizeof(waiters) / sizeof(waiters[0]); k++) {
		uint32_t l = itest_model_lane_named(m, waiters[k]);

		assert_true(itest_model_time_in(m, l, CT_STATE_BLOCKED_FUTEX) > 30 * MS);
		assert_true(arrows(m, CT_ARROW_WAKEUP, CT_EV_FUTEX_WAKE, main_lane,
				   CT_EV_FUTEX_WAIT_END, l) >= 1);
	}
	assert_no_findings(m);
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_waits_prog, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rust_futex, itest_fixture_setup,
						itest_fixture_teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin || !getenv("WAITS_PROG")) {
		fprintf(stderr, "test_waits: run through ctest (CTRACE_BIN, WAITS_PROG)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
