/* SPDX-License-Identifier: MIT */
/*
 * test_ust_pthread.c - traces made without ctrace, the way an LTTng user
 * records them: `lttng create/enable-event -u 'lttng_ust_pthread:*'/
 * add-context/start`, a plain program run with LD_PRELOAD of LTTng-UST's
 * own pthread wrapper, `lttng stop/destroy`. ct_model_load must give one
 * lane per thread, the program's mutex, a lock-blocked span for each wait
 * ustp_prog forces and none for the locks that did not wait, and hand-off
 * arrows between the lanes; the ctrace commands must read the trace; and a
 * trace recorded without the vtid context must be refused with a message
 * that says how to record it.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"
#include "model.h"

#define ROUNDS  10
#define WRAPPER "liblttng-ust-pthread-wrapper.so"

static const char *ctrace_bin, *ustp_prog;
/* The session being recorded, destroyed by teardown if a failure left it behind. */
static char live_session[64];

/* What ustp_prog printed about itself. */
struct prog_info {
	unsigned long long mutex;
	long main_tid, waiter_tid;
};

/* Runs `lttng ARGS...`; fails the test (after printing its output) unless it succeeds. */
static void lttng(const char *first, ...)
{
	char *argv[16] = { "lttng", (char *)first };
	struct itest_run run;
	size_t n = 2;
	va_list ap;

	va_start(ap, first);
	while (n < 15 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("lttng %s exited %d:\n%s%s", first, run.status, run.out, run.err);
	itest_run_free(&run);
}

/*
 * Records ustp_prog under the wrapper into F->trace, as the docs tell an
 * LTTng user to: with the vtid, vpid and procname contexts when CONTEXTS,
 * else with none. F->run gets the program's run.
 */
static void record(struct itest_fixture *f, bool contexts, struct prog_info *info)
{
	static int serial;
	char session[64], rounds[16];
	char *prog_argv[] = { (char *)ustp_prog, rounds, NULL };
	char *env[] = { "LD_PRELOAD=" WRAPPER, NULL };
	const char *p;

	snprintf(session, sizeof(session), "ctrace-ustp-%d-%d", (int)getpid(), serial++);
	snprintf(rounds, sizeof(rounds), "%d", ROUNDS);
	snprintf(f->trace, sizeof(f->trace), "%s/trace", f->tmp);
	lttng("create", session, "--output", f->trace, NULL);
	snprintf(live_session, sizeof(live_session), "%s", session);
	lttng("enable-event", "-u", "lttng_ust_pthread:*", "-s", session, NULL);
	if (contexts)
		lttng("add-context", "-u", "-t", "vtid", "-t", "vpid", "-t", "procname", "-s",
		      session, NULL);
	lttng("start", session, NULL);
	itest_run(prog_argv, env, &f->run);
	lttng("stop", session, NULL);
	lttng("destroy", session, NULL);
	live_session[0] = '\0';
	if (f->run.status != 0)
		fail_msg("ustp_prog exited %d:\n%s%s", f->run.status, f->run.out, f->run.err);
	/* The wrapper warns on stderr when it cannot find the real functions. */
	assert_null(strstr(f->run.err, "unable to initialize"));
	p = strstr(f->run.out, "mutex ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "mutex %llx", &info->mutex), 1);
	p = strstr(f->run.out, "main ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "main %ld", &info->main_tid), 1);
	p = strstr(f->run.out, "waiter ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "waiter %ld", &info->waiter_tid), 1);
}

static uint32_t lane_of(const struct ct_model_lane *lanes, size_t n, long tid)
{
	for (size_t i = 0; i < n; i++)
		if (lanes[i].tid == (uint32_t)tid)
			return (uint32_t)i;
	fail_msg("no lane for thread %ld", tid);
	return CT_MODEL_NONE;
}

static void test_contended_mutex(void **state)
{
	struct itest_fixture *f = *state;
	struct prog_info info;
	struct ct_model *m = NULL;
	char *error = NULL;
	const struct ct_model_lane *lanes;
	const struct ct_model_event *ev;
	const struct ct_model_span *spans;
	const struct ct_model_arrow *arrows;
	const struct ct_model_object *objs;
	const struct ct_model_problems *pr;
	size_t n_lanes, n_ev, n_spans, n_arrows, n_objs;
	uint32_t mutex = CT_MODEL_NONE, main_lane, waiter_lane;
	size_t waits[2] = { 0, 0 }, short_waits = 0, lock_ends = 0, unlocks = 0,
	       handoffs[2] = { 0, 0 };

	record(f, true, &info);
	if (ct_model_load(f->trace, NULL, &m, &error) != CT_MODEL_OK)
		fail_msg("loading %s: %s", f->trace, error ? error : "?");
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	ev = ct_model_borrow_events(m, &n_ev);
	spans = ct_model_borrow_spans(m, &n_spans);
	arrows = ct_model_borrow_arrows(m, &n_arrows);
	objs = ct_model_borrow_objects(m, &n_objs);

	/*
	 * One lane per thread, from the vtid context: main (vtid == vpid) and
	 * "waiter", named by the procname context. LTTng-UST's own listener
	 * thread ("ustp_prog-ust") may have one too when its locks were seen.
	 */
	main_lane = lane_of(lanes, n_lanes, info.main_tid);
	waiter_lane = lane_of(lanes, n_lanes, info.waiter_tid);
	assert_int_equal(lanes[main_lane].pid, (uint32_t)info.main_tid);
	assert_string_equal(ct_model_string(m, lanes[main_lane].name), "ustp_prog");
	assert_string_equal(ct_model_string(m, lanes[waiter_lane].name), "waiter");
	assert_in_range(n_lanes, 2, 3);
	for (size_t i = 0; i < n_lanes; i++) {
		assert_int_equal(lanes[i].pid, (uint32_t)info.main_tid);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(lanes[i].tid, lanes[j].tid);
		if (i != main_lane && i != waiter_lane)
			assert_string_equal(ct_model_string(m, lanes[i].name), "ustp_prog-ust");
		/* The wrapper says nothing of threads ending: no lane is "killed". */
		assert_int_equal(lanes[i].end, CT_LANE_ENDED);
	}

	/* The program's mutex, by its address, first seen without mutex_new. */
	for (size_t i = 0; i < n_objs; i++)
		if (objs[i].id == info.mutex && objs[i].pid == (uint32_t)info.main_tid)
			mutex = (uint32_t)i;
	assert_int_not_equal(mutex, CT_MODEL_NONE);
	assert_int_equal(objs[mutex].kind, CT_OBJ_MUTEX);

	/*
	 * Each round, one thread waits at least 2 ms (ustp_prog holds the mutex
	 * until the waiter sleeps in the kernel, then 2 ms more): one
	 * lock-blocked span each, half on each lane, ended by that thread's
	 * mutex_lock_end. The other locks did not wait: their lock_req was
	 * dropped, no span. Only a lock whose thread lost the CPU for
	 * UST_WAIT_MIN_NS between lock_req and lock_acq (a busy machine) may
	 * add a short span, so allow two of those.
	 */
	for (size_t i = 0; i < n_spans; i++) {
		const struct ct_model_event *b = &ev[spans[i].begin];

		if (b->obj != mutex)
			continue;
		assert_int_equal(ct_model_span_state(m, &spans[i]), CT_STATE_BLOCKED_LOCK);
		assert_int_not_equal(spans[i].end, CT_MODEL_NONE);
		assert_int_equal(ev[spans[i].end].type, CT_EV_MUTEX_LOCK_END);
		assert_int_equal(ev[spans[i].end].lane, b->lane);
		if (ct_model_span_end(m, &spans[i]) - ct_model_span_start(m, &spans[i]) >= 1000000)
			waits[b->lane == main_lane]++;
		else
			short_waits++;
	}
	assert_int_equal(waits[0], ROUNDS / 2);
	assert_int_equal(waits[1], ROUNDS / 2);
	assert_true(short_waits <= 2);

	/*
	 * Every lock that succeeded is a mutex_lock_end (2 per round, plus the
	 * final trylock and lock), every unlock a mutex_unlock; the failed
	 * trylocks (EBUSY, one per round) are not in the model but counted as
	 * skipped.
	 */
	for (size_t i = 0; i < n_ev; i++) {
		if (ev[i].obj != mutex)
			continue;
		lock_ends += ev[i].type == CT_EV_MUTEX_LOCK_END;
		unlocks += ev[i].type == CT_EV_MUTEX_UNLOCK;
	}
	assert_int_equal(lock_ends, 2 * ROUNDS + 2);
	assert_int_equal(unlocks, 2 * ROUNDS + 2);
	assert_int_equal(ct_model_skipped(m), ROUNDS);

	/*
	 * Hand-offs: one from the other lane's unlock of the mutex into the
	 * lock_end of each wait, never back in time. The wrapper records an
	 * unlock after the release and the woken thread often records its lock
	 * first: the loader puts such an unlock at the lock's time (at most
	 * UST_LAG_MAX_NS earlier), so none may be missing.
	 */
	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_event *from = &ev[arrows[i].from], *to = &ev[arrows[i].to];

		if (ct_model_arrow_kind(m, &arrows[i]) != CT_ARROW_HANDOFF || to->obj != mutex)
			continue;
		assert_int_equal(from->type, CT_EV_MUTEX_UNLOCK);
		assert_int_equal(from->obj, mutex);
		assert_int_equal(to->type, CT_EV_MUTEX_LOCK_END);
		assert_int_not_equal(from->lane, to->lane);
		assert_true(ct_model_event_time(from) <= ct_model_event_time(to));
		assert_true(to->lane == main_lane || to->lane == waiter_lane);
		handoffs[to->lane == main_lane]++;
		/* Into the end of a wait. */
		assert_int_equal(ct_model_lane_state_at(m, to->lane, ct_model_event_time(to) - 1),
				 CT_STATE_BLOCKED_LOCK);
	}
	assert_int_equal(handoffs[0], ROUNDS / 2);
	assert_int_equal(handoffs[1], ROUNDS / 2);

	pr = ct_model_borrow_problems(m);
	assert_int_equal(pr->lanes_without_begin, 0);
	assert_int_equal(pr->span_mismatch, 0);
	assert_int_equal(pr->out_of_order, 0);
	assert_int_equal(ct_model_discarded(m), 0);
	ct_model_destroy(m);
}

/* The ctrace commands on such a trace: they load it and say what it holds. */
static void test_commands(void **state)
{
	struct itest_fixture *f = *state;
	struct prog_info info;
	struct itest_run run;
	char begin[96];
	const char *p;
	size_t n = 0;

	record(f, true, &info);
	{
		char *argv[] = { (char *)ctrace_bin, "dump", f->trace, NULL };

		itest_run(argv, NULL, &run);
		assert_int_equal(run.status, 0);
		snprintf(begin, sizeof(begin), "mutex_lock_begin mutex=%llu\n", info.mutex);
		for (p = run.out; (p = strstr(p, begin)) != NULL; p++)
			n++;
		/* As above: one per round, and at most two short ones from a busy machine. */
		assert_in_range(n, ROUNDS, ROUNDS + 2);
		itest_run_free(&run);
	}
	{
		char *argv[] = { (char *)ctrace_bin, "check", f->trace, NULL };

		itest_run(argv, NULL, &run);
		assert_int_equal(run.status, 0);
		assert_non_null(strstr(run.out, "no deadlock"));
		itest_run_free(&run);
	}
	{
		char *argv[] = { (char *)ctrace_bin, "stats", f->trace, NULL };

		itest_run(argv, NULL, &run);
		assert_int_equal(run.status, 0);
		assert_non_null(strstr(run.out, "waiter"));
		itest_run_free(&run);
	}
	{
		char *argv[] = { (char *)ctrace_bin, "view", "--tty", f->trace, NULL };

		itest_run(argv, NULL, &run);
		assert_int_equal(run.status, 0);
		assert_non_null(strstr(run.out, "waiter"));
		itest_run_free(&run);
	}
}

/* Without vtid every thread would fall on one lane: the loader says how to record instead. */
static void test_without_contexts(void **state)
{
	struct itest_fixture *f = *state;
	struct prog_info info;
	struct ct_model *m = NULL;
	char *error = NULL;

	record(f, false, &info);
	assert_int_equal(ct_model_load(f->trace, NULL, &m, &error), CT_MODEL_NO_CONTEXT);
	assert_null(m);
	assert_non_null(error);
	assert_non_null(strstr(error, "vtid"));
	assert_non_null(strstr(error, "lttng add-context -u -t vtid -t vpid"));
	free(error);
}

static int teardown(void **state)
{
	if (live_session[0]) {
		char *argv[] = { "lttng", "destroy", live_session, NULL };
		struct itest_run run;

		itest_run(argv, NULL, &run);
		itest_run_free(&run);
		live_session[0] = '\0';
	}
	return itest_fixture_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_contended_mutex, itest_fixture_setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_commands, itest_fixture_setup, teardown),
		cmocka_unit_test_setup_teardown(test_without_contexts, itest_fixture_setup,
						teardown),
	};
	char *list[] = { "lttng", "list", NULL };
	char *sessiond[] = { "lttng-sessiond", "--daemonize", "--no-kernel", NULL };
	struct itest_run run;

	ctrace_bin = getenv("CTRACE_BIN");
	ustp_prog = getenv("USTP_PROG");
	if (!ctrace_bin || !ustp_prog) {
		fprintf(stderr, "test_ust_pthread: run through ctest (CTRACE_BIN, USTP_PROG)\n");
		return 77;
	}
	/* The lttng command and the wrapper come with lttng-tools and liblttng-ust. */
	if (system("command -v lttng >/dev/null && ldconfig -p | grep -q " WRAPPER) != 0) {
		fprintf(stderr, "test_ust_pthread: lttng or " WRAPPER " not installed\n");
		return 77;
	}
	/* The machine's one session daemon, started as ctrace record would when none runs. */
	if (itest_run(list, NULL, &run) != 0 || run.status != 0) {
		itest_run_free(&run);
		itest_run(sessiond, NULL, &run);
	}
	itest_run_free(&run);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
