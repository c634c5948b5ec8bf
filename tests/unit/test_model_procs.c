/* SPDX-License-Identifier: MIT */
/*
 * test_model_procs.c - the model's process rules on hand-made event sequences:
 * fork arrows matched by (parent pid, seq), the lane named after the
 * program it exec'd, waits as blocked spans ended by an arrow from the
 * reaped child, exit statuses on the child's lane, and the analyses
 * finding nothing in a normal process tree. No LTTng, no babeltrace2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "analysis.h"
#include "model.h"
#include "model_build.h"
#include "proc.h"

/* One input event: time, pid, tid, type, id, id2, value, status, text, procname. */
/* clang-format off */
#define P(t, pid, tid, type, id, id2, value, status, text, proc) \
	{ CT_EV_##type, (t), (pid), (tid), (proc), (id), (id2), (value), (status), (text), 0 }
/* clang-format on */

#define BUILD(arr) TEST_MODEL_BUILD(arr)

/* The lane of (PID, TID); fails when there is none. */
static const struct ct_model_lane *lane_of(const struct ct_model *m, uint32_t pid, uint32_t tid,
					   uint32_t *index)
{
	size_t n;
	const struct ct_model_lane *l = ct_model_borrow_lanes(m, &n);

	for (size_t i = 0; i < n; i++) {
		if (l[i].pid == pid && l[i].tid == tid) {
			if (index)
				*index = (uint32_t)i;
			return &l[i];
		}
	}
	fail_msg("no lane %u/%u", pid, tid);
	return NULL;
}

/* Asserts the arrows are exactly EXPECT (from, to, kind), in the model's order. */
static void assert_arrows(const struct ct_model *m, const uint32_t (*expect)[3], size_t n_expect)
{
	size_t n, n_ev;
	const struct ct_model_arrow *a = ct_model_borrow_arrows(m, &n);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);

	assert_int_equal(n, n_expect);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(a[i].from, expect[i][0]);
		assert_int_equal(a[i].to, expect[i][1]);
		assert_int_equal(ct_model_arrow_kind(m, &a[i]), expect[i][2]);
		assert_true(ct_model_event_time(&ev[a[i].from]) <=
			    ct_model_event_time(&ev[a[i].to]));
	}
}

/*
 * A shell (pid 10) forks two children before either starts; they start in
 * the other order, exec their programs, exit; the shell waits for any
 * child, once blocked and once not. Fork arrows go to the right child by
 * seq, the lanes take the programs' names, the wait span is "blocked: wait"
 * and each reap has its arrow from the child's last event.
 */
static void test_pipeline(void **state)
{
	static const struct ct_model_input in[] = {
		P(0, 10, 10, PROC_START, 1, 0, 0, CT_PROC_STARTED, "sh", "sh"),
		P(1, 10, 10, PROC_FORK, 0, 1, 0, CT_PROC_VIA_FORK, NULL, "sh"),        /* 1 */
		P(2, 10, 10, PROC_FORK, 0, 2, 0, CT_PROC_VIA_FORK, NULL, "sh"),        /* 2 */
		P(3, 10, 10, WAIT_BEGIN, 0, 0, -1, 0, NULL, "sh"),                     /* 3 */
		P(4, 12, 12, PROC_START, 10, 2, 0, CT_PROC_FORKED, "sh", "sh"),        /* 4 */
		P(5, 11, 11, PROC_START, 10, 1, 0, CT_PROC_FORKED, "sh", "sh"),        /* 5 */
		P(6, 11, 11, PROC_EXEC, 0, 0, 0, 0, "/bin/writer", "sh"),              /* 6 */
		P(7, 12, 12, PROC_EXEC, 0, 0, 0, 0, "/bin/counter", "sh"),             /* 7 */
		P(8, 11, 11, PROC_START, 0, 0, 0, CT_PROC_EXEC, "writer", "writer"),   /* 8 */
		P(9, 12, 12, PROC_START, 0, 0, 0, CT_PROC_EXEC, "counter", "counter"), /* 9 */
		P(10, 11, 11, PROCESS_EXIT, 0, 0, 1, 0, NULL, "writer"),               /* 10 */
		P(11, 12, 12, PROCESS_EXIT, 0, 0, 1, 0, NULL, "counter"),              /* 11 */
		P(12, 10, 10, WAIT_END, 11, 0, 0, CT_OK, NULL, "sh"),      /* 12: exit 0 */
		P(13, 10, 10, WAIT_END, 12, 0, 7 << 8, CT_OK, NULL, "sh"), /* 13: exit 7 */
		P(14, 10, 10, PROCESS_EXIT, 0, 0, 1, 0, NULL, "sh"),
	};
	static const uint32_t arrows[][3] = {
		{ 1, 5, CT_ARROW_FORK },
		{ 2, 4, CT_ARROW_FORK },
		{ 10, 12, CT_ARROW_JOIN },
		{ 11, 13, CT_ARROW_JOIN },
	};
	struct ct_model *m = BUILD(in);
	const struct ct_model_lane *sh = lane_of(m, 10, 10, NULL);
	const struct ct_model_lane *w = lane_of(m, 11, 11, NULL);
	const struct ct_model_lane *c = lane_of(m, 12, 12, NULL);
	size_t n_spans, n_ev;
	const struct ct_model_span *sp = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	char buf[160];

	(void)state;
	assert_arrows(m, arrows, sizeof(arrows) / sizeof(arrows[0]));
	assert_string_equal(ct_model_lane_name(m, 0), "sh");
	assert_string_equal(ct_model_string(m, w->name), "writer");
	assert_string_equal(ct_model_string(m, c->name), "counter");
	/* One wait span: from the wait_begin to the first reap. */
	assert_int_equal(sh->span_count, 1);
	assert_int_equal(sp[sh->span_first].begin, 3);
	assert_int_equal(sp[sh->span_first].end, 12);
	assert_int_equal(ct_model_span_state(m, &sp[sh->span_first]), CT_STATE_BLOCKED_WAIT);
	assert_int_equal(ct_model_lane_state_at(m, 0, 8), CT_STATE_BLOCKED_WAIT);
	assert_string_equal(ct_lane_state_name(CT_STATE_BLOCKED_WAIT), "blocked: wait");
	assert_string_equal(ct_arrow_kind_name(CT_ARROW_FORK), "fork");
	/* Exit statuses, from the parent's waits. */
	assert_false(sh->reaped);
	assert_true(w->reaped);
	assert_true(WIFEXITED(w->wait_status) && WEXITSTATUS(w->wait_status) == 0);
	assert_true(c->reaped);
	assert_int_equal(WEXITSTATUS(c->wait_status), 7);
	assert_int_equal(c->end, CT_LANE_ENDED);
	/* The words every front end uses. */
	assert_int_equal(ct_model_event_pid(m, &ev[3]), -1);
	assert_int_equal(ct_model_event_pid(m, &ev[13]), 12);
	assert_int_equal(ct_model_event_value(m, &ev[13]), 7 << 8);
	assert_string_equal(ct_model_event_phrase(m, 3, buf, sizeof(buf)), "waits for any child");
	assert_string_equal(ct_model_event_phrase(m, 13, buf, sizeof(buf)),
			    "reaps counter pid 12: exit 7");
	assert_string_equal(ct_model_event_phrase(m, 6, buf, sizeof(buf)), "execs /bin/writer");
	assert_string_equal(ct_model_event_phrase(m, 8, buf, sizeof(buf)),
			    "now runs writer (exec)");
	assert_string_equal(ct_model_event_phrase(m, 1, buf, sizeof(buf)), "forks");
	/* Nothing inconsistent, and nothing for the analyses. */
	{
		struct ct_model_problems none = { 0 };

		assert_memory_equal(ct_model_borrow_problems(m), &none, sizeof(none));
	}
	{
		struct ct_analysis *a = NULL;

		size_t n;

		assert_int_equal(ct_analysis_run(m, &a), CT_MODEL_OK);
		ct_analysis_borrow_findings(a, &n);
		assert_int_equal(n, 0);
		ct_analysis_destroy(a);
	}
	ct_model_destroy(m);
}

/*
 * Exit statuses and the cases without an arrow: a child killed by a signal
 * (its lane ends killed), a reap of a child that was not recorded, a wait
 * that failed (it ends its span, nothing reaped), a stopped child (seen,
 * not reaped), a child reaped without waiting (no span), and a spawned
 * child matched to posix_spawn's proc_fork.
 */
static void test_statuses(void **state)
{
	static const struct ct_model_input in[] = {
		P(0, 20, 20, PROC_START, 1, 0, 0, CT_PROC_STARTED, "runner", "runner"),
		P(1, 20, 20, PROC_FORK, 0, 1, 0, CT_PROC_VIA_SPAWN, NULL, "runner"), /* 1 */
		P(2, 21, 21, PROC_START, 20, 1, 0, CT_PROC_SPAWNED, "job", "job"),   /* 2 */
		P(3, 21, 21, MARK, 0, 0, 0, 0, "working", "job"),                    /* 3 */
		P(4, 20, 20, WAIT_BEGIN, 0, 0, 21, 0, NULL, "runner"),               /* 4 */
		P(5, 20, 20, WAIT_END, 21, 0, 0x137f, CT_OK, NULL, "runner"),  /* 5: stopped */
		P(6, 20, 20, WAIT_BEGIN, 0, 0, 21, 0, NULL, "runner"),         /* 6 */
		P(7, 20, 20, WAIT_END, 21, 0, SIGKILL, CT_OK, NULL, "runner"), /* 7: killed */
		P(8, 20, 20, WAIT_BEGIN, 0, 0, -1, 0, NULL, "runner"),         /* 8 */
		P(9, 20, 20, WAIT_END, 0, 0, 0, CT_ERROR, NULL, "runner"),     /* 9: EINTR */
		P(10, 20, 20, WAIT_END, 99, 0, 0, CT_OK, NULL, "runner"),      /* 10 */
	};
	static const uint32_t arrows[][3] = {
		{ 1, 2, CT_ARROW_FORK },
		{ 3, 7, CT_ARROW_JOIN },
	};
	struct ct_model *m = BUILD(in);
	const struct ct_model_lane *job = lane_of(m, 21, 21, NULL);
	const struct ct_model_lane *runner = lane_of(m, 20, 20, NULL);
	char buf[160];

	(void)state;
	assert_arrows(m, arrows, sizeof(arrows) / sizeof(arrows[0]));
	assert_true(job->reaped);
	assert_true(WIFSIGNALED(job->wait_status));
	assert_int_equal(job->end, CT_LANE_KILLED);
	assert_int_equal(runner->span_count, 3);
	assert_int_equal(runner->end, CT_LANE_ENDED);
	assert_string_equal(ct_model_event_phrase(m, 7, buf, sizeof(buf)),
			    "reaps job pid 21: killed by SIGKILL");
	assert_string_equal(ct_model_event_phrase(m, 5, buf, sizeof(buf)),
			    "sees job pid 21: stopped by SIGSTOP");
	assert_string_equal(ct_model_event_phrase(m, 9, buf, sizeof(buf)), "wait ends (error)");
	assert_string_equal(ct_model_event_phrase(m, 2, buf, sizeof(buf)), "starts job: spawned");
	assert_string_equal(ct_model_wait_status_phrase(SIGSEGV | 0x80, buf, sizeof(buf)),
			    "killed by SIGSEGV (core dumped)");
	assert_string_equal(ct_model_wait_status_phrase(0xffff, buf, sizeof(buf)), "continued");
	ct_model_destroy(m);
}

/*
 * Forks the model cannot match draw nothing: a child whose seq no fork of
 * its parent has, a child started without seq, one whose fork was already
 * matched, and a process that waits for itself (damaged input).
 */
static void test_unmatched_forks(void **state)
{
	static const struct ct_model_input in[] = {
		P(0, 30, 30, PROC_FORK, 0, 1, 0, CT_PROC_VIA_FORK, NULL, "p"),
		P(1, 31, 31, PROC_START, 30, 1, 0, CT_PROC_FORKED, "p", "p"),
		P(2, 32, 32, PROC_START, 30, 1, 0, CT_PROC_FORKED, "p", "p"), /* seq 1 again */
		P(3, 33, 33, PROC_START, 30, 5, 0, CT_PROC_FORKED, "p", "p"), /* no such fork */
		P(4, 34, 34, PROC_START, 30, 0, 0, CT_PROC_STARTED, "q", "q"),
		P(5, 30, 30, WAIT_END, 30, 0, 0, CT_OK, NULL, "p"),
	};
	static const uint32_t arrows[][3] = { { 0, 1, CT_ARROW_FORK } };
	struct ct_model *m = BUILD(in);

	(void)state;
	assert_arrows(m, arrows, 1);
	assert_false(lane_of(m, 30, 30, NULL)->reaped);
	ct_model_destroy(m);
}

/*
 * A shell blocked in a read whose SIGCHLD handler reaps a child with
 * WNOHANG: the reap (a wait_end without its wait_begin) happens inside the
 * read's wait, which it leaves open, and still gets its arrow.
 */
static void test_reap_inside_another_wait(void **state)
{
	static const struct ct_model_input in[] = {
		P(0, 40, 40, PROC_FORK, 0, 1, 0, CT_PROC_VIA_FORK, NULL, "bash"),
		P(1, 41, 41, PROC_START, 40, 1, 0, CT_PROC_FORKED, "bash", "bash"),
		P(2, 40, 40, FD_READ_BEGIN, 77, 0, 4096, 0, NULL, "bash"),
		P(3, 41, 41, PROCESS_EXIT, 0, 0, 1, 0, NULL, "bash"),
		P(4, 40, 40, WAIT_END, 41, 0, 0, CT_OK, NULL, "bash"),
		P(5, 40, 40, FD_READ, 77, 0, 0, 0, NULL, "bash"),
	};
	static const uint32_t arrows[][3] = {
		{ 0, 1, CT_ARROW_FORK },
		{ 3, 4, CT_ARROW_JOIN },
	};
	struct ct_model *m = BUILD(in);
	uint32_t l;
	const struct ct_model_lane *bash = lane_of(m, 40, 40, &l);
	size_t n;
	const struct ct_model_span *sp = ct_model_borrow_spans(m, &n);

	(void)state;
	assert_arrows(m, arrows, 2);
	assert_int_equal(bash->span_count, 1);
	assert_int_equal(sp[bash->span_first].begin, 2);
	assert_int_equal(sp[bash->span_first].end, 5);
	assert_int_equal(ct_model_borrow_problems(m)->span_mismatch, 0);
	assert_int_equal(ct_model_lane_state_at(m, l, 4), CT_STATE_BLOCKED_RECV);
	ct_model_destroy(m);
}

/*
 * system(): a fork via system, a wait for any child, the shell starting
 * with its origin unknown (matched by its parent pid to the latest
 * system() not yet matched), and the wait_end with pid 0 and system()'s
 * status, which reaps that shell. A started program whose parent ran no
 * system() gets no arrow.
 */
static void test_system(void **state)
{
	static const struct ct_model_input in[] = {
		P(0, 50, 50, PROC_FORK, 0, 1, 0, CT_PROC_VIA_SYSTEM, NULL, "prog"), /* 0 */
		P(1, 50, 50, WAIT_BEGIN, 0, 0, -1, 0, NULL, "prog"),                /* 1 */
		P(2, 51, 51, PROC_START, 50, 0, 0, CT_PROC_STARTED, "sh", "sh"),    /* 2 */
		P(3, 51, 51, PROCESS_EXIT, 0, 0, 1, 0, NULL, "sh"),                 /* 3 */
		P(4, 50, 50, WAIT_END, 0, 0, 5 << 8, CT_OK, NULL, "prog"),          /* 4 */
		P(5, 52, 52, PROC_START, 50, 0, 0, CT_PROC_STARTED, "x", "x"),      /* 5 */
	};
	static const uint32_t arrows[][3] = {
		{ 0, 2, CT_ARROW_FORK },
		{ 3, 4, CT_ARROW_JOIN },
	};
	struct ct_model *m = BUILD(in);
	const struct ct_model_lane *sh = lane_of(m, 51, 51, NULL);
	char buf[160];

	(void)state;
	assert_arrows(m, arrows, 2);
	assert_true(sh->reaped);
	assert_int_equal(WEXITSTATUS(sh->wait_status), 5);
	assert_int_equal(lane_of(m, 50, 50, NULL)->span_count, 1);
	assert_string_equal(ct_model_event_phrase(m, 4, buf, sizeof(buf)),
			    "system() returns: exit 5");
	assert_string_equal(ct_model_event_phrase(m, 0, buf, sizeof(buf)), "runs a shell (system)");
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipeline),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_unmatched_forks),
		cmocka_unit_test(test_reap_inside_another_wait),
		cmocka_unit_test(test_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
