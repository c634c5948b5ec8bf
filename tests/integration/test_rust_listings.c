/* SPDX-License-Identifier: MIT */
/*
 * test_rust_listings.c - the book's own Rust listings (scenarios/rust),
 * recorded unmodified through the shim by `ctrace scenario ... --rust` with
 * a real lttng-sessiond, and what the model draws for them:
 *
 *  - 16-15 (Arc<Mutex<i32>>, ten threads): eleven lanes, the ten named after
 *    std's demangled thread entry, spawn and join arrows, and "Result: 10"
 *    as main's print. Rust's Mutex is a futex, not a pthread mutex: the
 *    model has no lock events for it, and a futex wait (only when a thread
 *    found the lock taken) has its wake-up arrow.
 *  - rust-4.2 (AtomicUsize, section 16-4): "Result: 10000", no finding.
 *  - 16-11 (two producers, a cloned sender): main blocked in futex waits,
 *    woken by the producers (the channel's hand-offs the shim can see),
 *    the producers' sleeps, eight printed lines.
 *  - rust-3.3 (the deadlock as two Mutexes): both threads blocked in futex
 *    to the end, and no finding: a futex has no owner to follow.
 *  - 16-14, which rustc refuses: a clear error, exit 2.
 *
 * Built only when rustc was found (the listings exist then); CI installs it.
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

/*
 * Where std starts a spawned thread: std::sys::unix::thread::Thread::new::
 * thread_start in Debian 12's rustc 1.63; the module path differs between
 * versions, the ends do not.
 */
static void assert_thread_start(const char *name)
{
	size_t n = strlen(name), tail = strlen("::Thread::new::thread_start");

	if (strncmp(name, "std::sys::", 10) != 0 || n < tail ||
	    strcmp(name + n - tail, "::Thread::new::thread_start") != 0)
		fail_msg("lane '%s' is not named after std's thread entry", name);
}
#define MS 1000000ull

static const char *ctrace_bin;

/* Records scenario ID with --rust --speed 20 into the fixture's trace and loads its model. */
static struct ct_model *record(struct itest_fixture *f, const char *id)
{
	char *argv[] = { (char *)ctrace_bin, "scenario", (char *)id, "--rust", "--speed", "20",
			 "--no-view",        "-o",       f->trace,   NULL };

	itest_run(argv, NULL, &f->run);
	if (f->run.status != 0)
		print_error("ctrace scenario %s --rust failed (%d):\n%s\n%s\n", id, f->run.status,
			    f->run.out, f->run.err);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.err, "0 events discarded"));
	return itest_model_load(f->trace);
}

/* Events of TYPE on LANE (CT_MODEL_NONE: any lane). */
static size_t count(const struct ct_model *m, enum ct_event_type type, uint32_t lane)
{
	size_t n_ev, n = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);

	for (size_t i = 0; i < n_ev; i++)
		n += ev[i].type == type && (lane == CT_MODEL_NONE || ev[i].lane == lane);
	return n;
}

/* Arrows of KIND from lane FL (CT_MODEL_NONE: any) to lane TL (CT_MODEL_NONE: any). */
static size_t arrows(const struct ct_model *m, enum ct_arrow_kind kind, uint32_t fl, uint32_t tl)
{
	size_t n_ev, n_ar, n = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_arrow *ar = ct_model_borrow_arrows(m, &n_ar);

	for (size_t i = 0; i < n_ar; i++)
		n += ct_model_arrow_kind(m, &ar[i]) == kind &&
		     (fl == CT_MODEL_NONE || ev[ar[i].from].lane == fl) &&
		     (tl == CT_MODEL_NONE || ev[ar[i].to].lane == tl);
	return n;
}

/* The texts of LANE's print events, joined by newlines, into BUF. */
static const char *prints(const struct ct_model *m, uint32_t lane, char *buf, size_t len)
{
	size_t n_ev, at = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);

	buf[0] = '\0';
	for (size_t i = 0; i < n_ev && at < len; i++)
		if (ev[i].type == CT_EV_PRINT && ev[i].lane == lane)
			at += (size_t)snprintf(buf + at, len - at, "%s\n",
					       ct_model_string(m, ev[i].arg));
	return buf;
}

/*
 * Ten worker lanes named after std's thread entry, each ended and joined,
 * beside main (named after the program); returns main's lane.
 */
static uint32_t ten_workers(const struct ct_model *m, const char *prog)
{
	size_t n_lanes;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	uint32_t main_lane = itest_model_lane_named(m, prog);
	size_t workers = 0;

	assert_int_equal(n_lanes, 11);
	for (uint32_t l = 0; l < n_lanes; l++) {
		if (l == main_lane)
			continue;
		assert_thread_start(ct_model_lane_name(m, l));
		assert_int_equal(lanes[l].end, CT_LANE_ENDED);
		assert_int_equal(arrows(m, CT_ARROW_SPAWN, main_lane, l), 1);
		assert_int_equal(arrows(m, CT_ARROW_JOIN, l, main_lane), 1);
		workers++;
	}
	assert_int_equal(workers, 10);
	return main_lane;
}

static void test_16_15_arc_mutex(void **state)
{
	struct itest_fixture *f = *state;
	struct ct_model *m = record(f, "16-15");
	uint32_t main_lane;
	char buf[256];

	assert_string_equal(f->run.out, "Result: 10\n");
	main_lane = ten_workers(m, "listing-16-15");
	assert_string_equal(prints(m, main_lane, buf, sizeof(buf)), "Result: 10\n");
	/* Rust's Mutex never reaches pthread_mutex_lock: no lock events, no hand-off arrows. */
	assert_int_equal(count(m, CT_EV_MUTEX_LOCK_END, CT_MODEL_NONE), 0);
	assert_int_equal(arrows(m, CT_ARROW_HANDOFF, CT_MODEL_NONE, CT_MODEL_NONE), 0);
	/*
	 * A thread that found it taken waited on its futex, and was woken by the
	 * unlock -- or found the word changed already (EAGAIN) and tried again:
	 * a wait that ends without a wake-up arrow.
	 */
	assert_true(arrows(m, CT_ARROW_WAKEUP, CT_MODEL_NONE, CT_MODEL_NONE) <=
		    count(m, CT_EV_FUTEX_WAIT_END, CT_MODEL_NONE));
	print_message("16-15: %zu futex waits (contention varies by run)\n",
		      count(m, CT_EV_FUTEX_WAIT_BEGIN, CT_MODEL_NONE));
	assert_int_equal(itest_model_findings(m), 0);
	ct_model_destroy(m);
}

static void test_4_2_atomic(void **state)
{
	struct itest_fixture *f = *state;
	struct ct_model *m = record(f, "4.2");
	uint32_t main_lane;
	char buf[256];

	assert_string_equal(f->run.out, "Result: 10000 (expected 10000)\n");
	main_lane = ten_workers(m, "rust-4.2");
	assert_string_equal(prints(m, main_lane, buf, sizeof(buf)),
			    "Result: 10000 (expected 10000)\n");
	/* Atomics are invisible to the shim: nothing is accessed, so nothing is lost. */
	assert_int_equal(count(m, CT_EV_ACCESS, CT_MODEL_NONE), 0);
	assert_int_equal(itest_model_findings(m), 0);
	ct_model_destroy(m);
}

static void test_16_11_producers(void **state)
{
	struct itest_fixture *f = *state;
	struct ct_model *m = record(f, "2.3");
	size_t n_lanes;
	uint32_t main_lane;
	char buf[512];

	ct_model_borrow_lanes(m, &n_lanes);
	assert_int_equal(n_lanes, 3);
	main_lane = itest_model_lane_named(m, "listing-16-11");
	assert_int_equal(count(m, CT_EV_PRINT, main_lane), 8);
	prints(m, main_lane, buf, sizeof(buf));
	assert_string_equal(buf, f->run.out);
	for (const char *w = "hi\0from\0the\0thread\0more\0messages\0for\0you\0"; *w;
	     w += strlen(w) + 1) {
		char line[32];

		snprintf(line, sizeof(line), "Got: %s\n", w);
		assert_non_null(strstr(buf, line));
	}
	/*
	 * At 50, 100 and 150 ms main has taken every earlier message and waits
	 * in recv: a futex wait, ended by a producer's wake (the sender's
	 * hand-off). Each producer sleeps 4 x 50 ms.
	 */
	assert_true(count(m, CT_EV_FUTEX_WAIT_BEGIN, main_lane) >= 3);
	assert_true(arrows(m, CT_ARROW_WAKEUP, CT_MODEL_NONE, main_lane) >= 3);
	assert_true(itest_model_time_in(m, main_lane, CT_STATE_BLOCKED_FUTEX) > 100 * MS);
	for (uint32_t l = 0; l < n_lanes; l++)
		if (l != main_lane) {
			assert_thread_start(ct_model_lane_name(m, l));
			assert_true(itest_model_time_in(m, l, CT_STATE_SLEEPING) > 150 * MS);
			assert_true(arrows(m, CT_ARROW_WAKEUP, l, main_lane) >= 1);
		}
	assert_int_equal(itest_model_findings(m), 0);
	ct_model_destroy(m);
}

/*
 * rust-3.3, two Mutexes locked in opposite orders: ended after its timeout
 * (exit 0, as for the C program), both workers blocked in futex to the end
 * under their Builder names. A futex names no owner, so the deadlock the C
 * scenario's check finds is not found here: what the model cannot see.
 */
static void test_3_3_deadlock_unseen(void **state)
{
	struct itest_fixture *f = *state;
	struct ct_model *m = record(f, "3.3");
	size_t n_lanes;
	const struct ct_model_lane *lanes;

	assert_non_null(strstr(f->run.err, "hung as it is meant to"));
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	assert_int_equal(n_lanes, 3);
	for (const char *w = "a-then-b\0b-then-a\0"; *w; w += strlen(w) + 1) {
		uint32_t l = itest_model_lane_named(m, w);

		assert_int_equal(lanes[l].end, CT_LANE_BLOCKED);
		/* Its last wait never ends (an earlier one may have: EAGAIN, then again). */
		assert_true(count(m, CT_EV_FUTEX_WAIT_BEGIN, l) >= 1);
		assert_int_equal(count(m, CT_EV_FUTEX_WAIT_END, l),
				 count(m, CT_EV_FUTEX_WAIT_BEGIN, l) - 1);
		assert_true(itest_model_time_in(m, l, CT_STATE_SLEEPING) >= 4 * MS);
	}
	assert_int_equal(itest_model_findings(m), 0);
	ct_model_destroy(m);
}

static void test_refused_listing(void **state)
{
	struct itest_fixture *f = *state;
	char *argv[] = { (char *)ctrace_bin, "scenario", "16-14", "--no-view", NULL };

	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 2);
	assert_non_null(strstr(f->run.err, "listing 16-14 does not compile"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_16_15_arc_mutex, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_4_2_atomic, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_16_11_producers, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_3_3_deadlock_unseen, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused_listing, itest_fixture_setup,
						itest_fixture_teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_rust_listings: run through ctest (CTRACE_BIN)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
