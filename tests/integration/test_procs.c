/* SPDX-License-Identifier: MIT */
/*
 * test_procs.c - processes as the model draws them, on real programs
 * recorded by `ctrace record` through the shim and a real session daemon,
 * read back with ct_model_load (libbabeltrace2): a pipeline of two
 * programs run by /bin/sh (fork arrows from the shell to both, lanes named
 * after the programs, the shell's waits ended by arrows from each child's
 * exit, exit statuses), and a make-like job runner (N forks and execs, at
 * most two jobs at once, each reaped by waitpid(-1): N fork arrows, N wait
 * spans each ended by an arrow from the child it reaped, and `ctrace
 * check` finding nothing).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "itest.h"
#include "itest_model.h"
#include "model.h"

static const char *ctrace_bin;

/* Records ARGS (NULL-terminated) into F's trace; fails unless it ran and exited with EXPECT. */
static void record(struct itest_fixture *f, char *const *args, int expect)
{
	char *argv[16];
	int i = 0;

	argv[i++] = (char *)ctrace_bin;
	argv[i++] = "record";
	argv[i++] = "-o";
	argv[i++] = f->trace;
	argv[i++] = "--timeout";
	argv[i++] = "120";
	argv[i++] = "--";
	for (; *args && i < 15; args++)
		argv[i++] = *args;
	argv[i] = NULL;
	itest_run(argv, NULL, &f->run);
	if (f->run.status != expect)
		print_error("ctrace record failed (%d):\n%s\n%s\n", f->run.status, f->run.out,
			    f->run.err);
	assert_int_equal(f->run.status, expect);
	assert_non_null(strstr(f->run.err, "0 events discarded"));
}

/* The main lane (tid = pid) named NAME; fails unless there is exactly one. */
static uint32_t main_lane(const struct ct_model *m, const char *name)
{
	size_t n;
	const struct ct_model_lane *l = ct_model_borrow_lanes(m, &n);
	uint32_t found = CT_MODEL_NONE;

	for (size_t i = 0; i < n; i++) {
		if (l[i].tid != l[i].pid || strcmp(ct_model_string(m, l[i].name), name) != 0)
			continue;
		if (found != CT_MODEL_NONE)
			fail_msg("two processes named %s", name);
		found = (uint32_t)i;
	}
	if (found == CT_MODEL_NONE)
		fail_msg("no process named %s", name);
	return found;
}

/* The number of distinct pids among the lanes. */
static size_t process_count(const struct ct_model *m)
{
	size_t n, count = 0;
	const struct ct_model_lane *l = ct_model_borrow_lanes(m, &n);

	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = l[j].pid == l[i].pid;
		count += !seen;
	}
	return count;
}

/* Arrows of KIND from lane FROM to lane TO (CT_MODEL_NONE: any lane). */
static size_t arrows_between(const struct ct_model *m, enum ct_arrow_kind kind, uint32_t from,
			     uint32_t to)
{
	size_t n, n_ev, count = 0;
	const struct ct_model_arrow *a = ct_model_borrow_arrows(m, &n);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);

	for (size_t i = 0; i < n; i++)
		if (ct_model_arrow_kind(m, &a[i]) == kind &&
		    (from == CT_MODEL_NONE || ev[a[i].from].lane == from) &&
		    (to == CT_MODEL_NONE || ev[a[i].to].lane == to))
			count++;
	return count;
}

/*
 * The reaps on lane PARENT: every wait_end that reported a child is the
 * head of exactly one arrow, a join from that child's lane (found by the
 * pid the wait reported). Returns how many there were; *SPANS gets how
 * many of them ended a "blocked: wait" span.
 */
static size_t assert_reaps(const struct ct_model *m, uint32_t parent, size_t *spans)
{
	size_t n_ev, n_arrows, n_lanes, n_spans, reaps = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_arrow *a = ct_model_borrow_arrows(m, &n_arrows);
	const struct ct_model_lane *l = ct_model_borrow_lanes(m, &n_lanes);
	const struct ct_model_span *sp = ct_model_borrow_spans(m, &n_spans);

	*spans = 0;
	for (uint32_t i = 0; i < n_ev; i++) {
		size_t arrows = 0;
		int64_t pid;

		if (ev[i].type != CT_EV_WAIT_END || ev[i].lane != parent || ev[i].status != CT_OK)
			continue;
		pid = ct_model_event_pid(m, &ev[i]);
		for (size_t k = 0; k < n_arrows; k++) {
			if (a[k].to != i)
				continue;
			assert_int_equal(ct_model_arrow_kind(m, &a[k]), CT_ARROW_JOIN);
			assert_int_equal(l[ev[a[k].from].lane].pid, pid);
			arrows++;
		}
		assert_int_equal(arrows, 1);
		for (uint32_t s = 0; s < l[parent].span_count; s++) {
			const struct ct_model_span *span = &sp[l[parent].span_first + s];

			if (span->end == i && ct_model_span_state(m, span) == CT_STATE_BLOCKED_WAIT)
				(*spans)++;
		}
		reaps++;
	}
	return reaps;
}

/* Runs `ctrace check` on F's trace: it must find nothing (exit 0). */
static void assert_check_clean(struct itest_fixture *f)
{
	char *argv[] = { (char *)ctrace_bin, "check", f->trace, NULL };
	struct itest_run run;

	itest_run(argv, NULL, &run);
	if (run.status != 0)
		print_error("ctrace check (%d):\n%s\n%s\n", run.status, run.out, run.err);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
}

/*
 * sh -c 'proc_writer 2000 | proc_counter': three processes; the two
 * children are drawn under their programs' names (not "sh"), each with a
 * fork arrow from the shell and an exec marker; the shell's waits end in
 * arrows from each child's exit (at least the first one blocked), and the
 * children's statuses are those they exited with (0 and 7).
 */
static void test_shell_pipeline(void **state)
{
	struct itest_fixture *f = *state;
	char *cmd;
	struct ct_model *m;
	uint32_t sh, writer, counter;
	size_t spans;
	const struct ct_model_lane *lanes;
	size_t n_lanes;

	assert_true(asprintf(&cmd, "'%s' 2000 | '%s'", getenv("PROC_WRITER"),
			     getenv("PROC_COUNTER")) > 0);
	/* The counter's exit status is the pipeline's: the shell exits with it, 7. */
	record(f, (char *[]){ "/bin/sh", "-c", cmd, NULL }, 7);
	free(cmd);
	/* 2,000 lines of 20 bytes plus their numbers' 6,890 digits went through the pipe. */
	assert_non_null(strstr(f->run.err, "bytes=46890"));
	m = itest_model_load(f->trace);
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	assert_int_equal(process_count(m), 3);
	sh = main_lane(m, "sh");
	writer = main_lane(m, "proc_writer");
	counter = main_lane(m, "proc_counter");
	/* Fork arrows from the shell to both children, nothing else. */
	assert_int_equal(arrows_between(m, CT_ARROW_FORK, sh, writer), 1);
	assert_int_equal(arrows_between(m, CT_ARROW_FORK, sh, counter), 1);
	assert_int_equal(arrows_between(m, CT_ARROW_FORK, CT_MODEL_NONE, CT_MODEL_NONE), 2);
	/* The shell reaps both, each with the arrow from its exit; the first wait blocks. */
	assert_int_equal(assert_reaps(m, sh, &spans), 2);
	assert_true(spans >= 1);
	assert_int_equal(arrows_between(m, CT_ARROW_JOIN, writer, sh), 1);
	assert_int_equal(arrows_between(m, CT_ARROW_JOIN, counter, sh), 1);
	/* Exit statuses, on the children's lanes. */
	assert_true(lanes[writer].reaped);
	assert_true(WIFEXITED(lanes[writer].wait_status));
	assert_int_equal(WEXITSTATUS(lanes[writer].wait_status), 0);
	assert_true(lanes[counter].reaped);
	assert_int_equal(WEXITSTATUS(lanes[counter].wait_status), 7);
	assert_false(lanes[sh].reaped);
	ct_model_destroy(m);
	assert_check_clean(f);
}

/*
 * A simple command that is not the shell's last: dash starts it with vfork,
 * which the shim turns into a fork so that it is recorded like one -- a
 * fork arrow from sh, the reap, the exit status.
 */
static void test_shell_vfork(void **state)
{
	struct itest_fixture *f = *state;
	char *cmd;
	struct ct_model *m;
	uint32_t sh, writer;
	size_t spans;

	assert_true(asprintf(&cmd, "'%s' 10 >/dev/null; exit 3", getenv("PROC_WRITER")) > 0);
	record(f, (char *[]){ "/bin/sh", "-c", cmd, NULL }, 3);
	free(cmd);
	m = itest_model_load(f->trace);
	assert_int_equal(process_count(m), 2);
	sh = main_lane(m, "sh");
	writer = main_lane(m, "proc_writer");
	assert_int_equal(arrows_between(m, CT_ARROW_FORK, sh, writer), 1);
	assert_int_equal(assert_reaps(m, sh, &spans), 1);
	assert_int_equal(arrows_between(m, CT_ARROW_JOIN, writer, sh), 1);
	ct_model_destroy(m);
	assert_check_clean(f);
}

#define JOBS 6

/*
 * proc_forker WORKER 6: six jobs, at most two at a time, each fork + execv
 * of the worker and reaped by waitpid(-1) out of order (the newest first). Six fork arrows
 * from the forker, six lanes named proc_worker each with its exit status
 * (job i exits with i), six waits that blocked, each ended by an arrow from
 * the child it reaped, and nothing for `ctrace check`.
 */
static void test_make_like_forker(void **state)
{
	struct itest_fixture *f = *state;
	char jobs[8];
	struct ct_model *m;
	uint32_t forker;
	size_t n_lanes, spans, workers = 0;
	const struct ct_model_lane *lanes;
	bool status_seen[JOBS + 1] = { false };

	snprintf(jobs, sizeof(jobs), "%d", JOBS);
	record(f, (char *[]){ getenv("PROC_FORKER"), getenv("PROC_WORKER"), jobs, NULL }, 0);
	m = itest_model_load(f->trace);
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	assert_int_equal(process_count(m), JOBS + 1);
	forker = main_lane(m, "proc_forker");
	assert_int_equal(arrows_between(m, CT_ARROW_FORK, forker, CT_MODEL_NONE), JOBS);
	assert_int_equal(arrows_between(m, CT_ARROW_FORK, CT_MODEL_NONE, CT_MODEL_NONE), JOBS);
	for (size_t i = 0; i < n_lanes; i++) {
		int st = lanes[i].wait_status;

		if (i == forker)
			continue;
		assert_string_equal(ct_model_string(m, lanes[i].name), "proc_worker");
		assert_int_equal(arrows_between(m, CT_ARROW_FORK, forker, (uint32_t)i), 1);
		assert_true(lanes[i].reaped);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) >= 1 && WEXITSTATUS(st) <= JOBS);
		assert_false(status_seen[WEXITSTATUS(st)]);
		status_seen[WEXITSTATUS(st)] = true;
		workers++;
	}
	assert_int_equal(workers, JOBS);
	/*
	 * Each waitpid(-1) blocks: a job exits 100 ms after the forker lets it
	 * go, and the forker waits right after that.
	 */
	assert_int_equal(assert_reaps(m, forker, &spans), JOBS);
	assert_int_equal(spans, JOBS);
	ct_model_destroy(m);
	assert_check_clean(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shell_pipeline, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_shell_vfork, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_make_like_forker, itest_fixture_setup,
						itest_fixture_teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin || !getenv("PROC_WRITER") || !getenv("PROC_COUNTER") ||
	    !getenv("PROC_FORKER") || !getenv("PROC_WORKER")) {
		fprintf(stderr, "test_procs: run through ctest (CTRACE_BIN, PROC_WRITER, "
				"PROC_COUNTER, PROC_FORKER, PROC_WORKER)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
