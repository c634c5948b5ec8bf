/* SPDX-License-Identifier: MIT */
/*
 * test_check.c - `ctrace check` and `ctrace stats` on scenarios recorded
 * through `ctrace scenario` with a real session daemon: the deadlock of 3.3,
 * the lost updates of 4.1 (when the run lost any), none in 4.2, the use
 * after drop of 1.3b; the mutex of 3.2 and the channel of 2.3 in the stats.
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

static const char *ctrace_bin;

/* One recorded scenario and the output of a command run on its trace. */
struct rec {
	char *tmp;
	char trace[4096];
	struct itest_run scenario; /* the recording run (the program's output) */
	struct itest_run cmd;      /* check or stats */
};

static int teardown(void **state)
{
	struct rec *r = *state;

	if (!r)
		return 0;
	itest_run_free(&r->scenario);
	itest_run_free(&r->cmd);
	itest_rmtree(r->tmp);
	free(r->tmp);
	free(r);
	return 0;
}

/* Records scenario ID at SPEED, then runs `ctrace CMD TRACE`; the test owns *STATE. */
static struct rec *record_and_run(void **state, const char *id, const char *speed, const char *cmd)
{
	struct rec *r = calloc(1, sizeof(*r));
	char *rec_argv[] = {
		(char *)ctrace_bin, "scenario", (char *)id, "--speed", (char *)speed, "-o", NULL,
		"--no-view",        NULL
	};
	char *cmd_argv[] = { (char *)ctrace_bin, (char *)cmd, NULL, NULL };

	assert_non_null(r);
	*state = r;
	r->tmp = itest_tmpdir();
	snprintf(r->trace, sizeof(r->trace), "%s/trace", r->tmp);
	rec_argv[6] = r->trace;
	cmd_argv[2] = r->trace;
	itest_run(rec_argv, NULL, &r->scenario);
	if (r->scenario.status != 0)
		fail_msg("ctrace scenario %s exited %d:\n%s%s", id, r->scenario.status,
			 r->scenario.out, r->scenario.err);
	itest_run(cmd_argv, NULL, &r->cmd);
	print_message("ctrace %s of %s (exit %d):\n%s%s", cmd, id, r->cmd.status, r->cmd.out,
		      r->cmd.err);
	return r;
}

/* The line of TEXT that starts with PREFIX (after leading spaces), copied into BUF; NULL if none. */
static const char *line_starting(const char *text, const char *prefix, char *buf, size_t size)
{
	for (const char *p = text; p && *p;) {
		const char *end = strchr(p, '\n');
		const char *s = p;
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (*s == ' ')
			s++;
		if (strncmp(s, prefix, strlen(prefix)) == 0) {
			snprintf(buf, size, "%.*s", (int)len, p);
			return buf;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* The last line of TEXT (the summary), copied into BUF. */
static const char *last_line(const char *text, char *buf, size_t size)
{
	size_t len = strlen(text);
	const char *start;

	while (len && text[len - 1] == '\n')
		len--;
	start = text + len;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(buf, size, "%.*s", (int)(text + len - start), start);
	return buf;
}

/* 3.3: one wait-for cycle through both threads and both mutexes; exit 1. */
static void test_check_deadlock_3_3(void **state)
{
	struct rec *r = record_and_run(state, "3.3", "1", "check");
	char line[1024];

	assert_int_equal(r->cmd.status, 1);
	assert_non_null(line_starting(r->cmd.out, "0.", line, sizeof(line)));
	assert_non_null(strstr(line, "  deadlock  "));
	/* Threads are named as in the picture and in stats: name, short id, tid. */
	assert_non_null(strstr(line, "thread-1 (T2, tid "));
	assert_non_null(strstr(line, "thread-2 (T3, tid "));
	assert_non_null(
		strstr(line, ") holds mutex A and waits for mutex B, held by thread-2 (T3, tid "));
	assert_non_null(
		strstr(line, ") holds mutex B and waits for mutex A, held by thread-1 (T2, tid "));
	/* Main is stuck joining thread-1 behind the cycle, and no other finding is made. */
	assert_non_null(strstr(line, "waits to join thread-1"));
	assert_string_equal(last_line(r->cmd.out, line, sizeof(line)), "1 finding: 1 deadlock");
}

/*
 * 4.1: lost updates exactly when the program's result shows some were lost,
 * and exactly as many as it lost: every access is recorded, so the total
 * equals 10000 - result (measured equal on every run, at full speed and at
 * --speed 100; the rule in analysis.h says when it could differ).
 */
static void test_check_lost_updates_4_1(void **state)
{
	struct rec *r = record_and_run(state, "4.1", "1", "check");
	char line[1024];
	const char *res = strstr(r->scenario.out, "Result: ");
	long result = -1;
	unsigned long total = 0, lost = 0, overwrites = 0;

	assert_non_null(res);
	assert_int_equal(sscanf(res, "Result: %ld (expected 10000)", &result), 1);
	assert_true(result > 0 && result <= 10000);
	last_line(r->cmd.out, line, sizeof(line));
	if (result == 10000) {
		print_message("this run lost no update: check must find none\n");
		assert_int_equal(r->cmd.status, 0);
		assert_null(strstr(r->cmd.out, "lost-update"));
		return;
	}
	assert_int_equal(r->cmd.status, 1);
	/* Only lost updates; every thread was joined. */
	/* "K findings: N lost updates (in K overwrites)", or "1 finding: 1 lost update (in 1 overwrite)". */
	assert_int_equal(sscanf(line, "%lu finding", &total), 1);
	assert_non_null(strchr(line, ':'));
	assert_int_equal(sscanf(strchr(line, ':') + 1, " %lu lost update", &lost), 1);
	assert_non_null(strstr(line, " (in "));
	assert_int_equal(sscanf(strstr(line, " (in "), " (in %lu overwrite", &overwrites), 1);
	assert_int_equal(total, overwrites);
	print_message("the program lost %ld increments; check found %lu lost updates in %lu "
		      "overwrites\n",
		      10000 - result, lost, overwrites);
	assert_int_equal(lost, 10000 - result);
	assert_non_null(line_starting(r->cmd.out, "0.", line, sizeof(line)));
	assert_non_null(strstr(line, "  lost-update  "));
	assert_non_null(strstr(line, " read counter = "));
	assert_true(strstr(line, "that update was lost") || strstr(line, "they were lost"));
	/* At most five are shown, then the rest are counted. */
	if (overwrites > 5)
		assert_non_null(strstr(r->cmd.out, "more overwrites, which lost "));
}

/* 4.2: the atomic counter loses nothing and nothing is found; exit 0. */
static void test_check_none_4_2(void **state)
{
	struct rec *r = record_and_run(state, "4.2", "1", "check");
	char line[1024];

	assert_non_null(strstr(r->scenario.out, "Result: 10000"));
	assert_int_equal(r->cmd.status, 0);
	assert_string_equal(last_line(r->cmd.out, line, sizeof(line)),
			    "no findings: no deadlock, lost update, use after drop, unreceived "
			    "message or unjoined thread");
}

/* 1.3b: the spawned thread uses v after main dropped it. */
static void test_check_use_after_drop_1_3b(void **state)
{
	struct rec *r = record_and_run(state, "1.3b", "1", "check");
	char line[1024];

	assert_int_equal(r->cmd.status, 1);
	assert_non_null(line_starting(r->cmd.out, "0.", line, sizeof(line)));
	assert_non_null(strstr(line, "  use-after-drop  T1,T2  "));
	assert_non_null(strstr(line, "spawned (T2, tid "));
	assert_non_null(strstr(line, ") used v (value 3) after scenario-1.3b (T1, tid "));
	assert_non_null(strstr(line, ") dropped it"));
	assert_string_equal(last_line(r->cmd.out, line, sizeof(line)),
			    "1 finding: 1 use-after-drop");
}

/* 3.2: one mutex, acquired by the ten workers and main: 11 times. */
static void test_stats_mutex_3_2(void **state)
{
	struct rec *r = record_and_run(state, "3.2", "1", "stats");
	char line[1024];
	unsigned long acquired = 0, contended = 0;

	assert_int_equal(r->cmd.status, 0);
	assert_non_null(strstr(r->cmd.out, "\nMutexes (1): "));
	assert_non_null(strstr(r->cmd.out, "\nThreads (11): "));
	assert_non_null(line_starting(r->cmd.out, "counter ", line, sizeof(line)));
	assert_int_equal(sscanf(line, " counter %lu %lu", &acquired, &contended), 2);
	assert_int_equal(acquired, 11);
	assert_true(contended <= 10);
	assert_non_null(strstr(r->cmd.out, "\nEvents: 0 discarded by LTTng"));
}

/* 2.3: one unbounded channel carrying eight messages, all received. */
static void test_stats_channel_2_3(void **state)
{
	struct rec *r = record_and_run(state, "2.3", "10", "stats");
	char line[1024], cap[32];
	unsigned long sent = 0, received = 0;

	assert_int_equal(r->cmd.status, 0);
	assert_non_null(strstr(r->cmd.out, "\nChannels (1): "));
	assert_non_null(line_starting(r->cmd.out, "channel ", line, sizeof(line)));
	/* The header also starts with "channel": the row is the one with numbers. */
	if (strstr(line, "capacity"))
		assert_non_null(line_starting(strstr(r->cmd.out, line) + strlen(line), "channel ",
					      line, sizeof(line)));
	assert_int_equal(sscanf(line, " channel %31s %lu %lu", cap, &sent, &received), 3);
	assert_string_equal(cap, "unbounded");
	assert_int_equal(sent, 8);
	assert_int_equal(received, 8);
	assert_non_null(strstr(r->cmd.out, "\nThreads (3): "));
}

/* Bad input and help: exit 2 with a message, exit 0 with usage. */
static void test_bad_input(void **state)
{
	char *check_missing[] = { (char *)ctrace_bin, "check", "/nonexistent/trace", NULL };
	char *stats_missing[] = { (char *)ctrace_bin, "stats", "/nonexistent/trace", NULL };
	char *check_help[] = { (char *)ctrace_bin, "check", "--help", NULL };
	char *check_none[] = { (char *)ctrace_bin, "check", NULL };
	struct itest_run run;

	(void)state;
	itest_run(check_missing, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "ctrace check: /nonexistent/trace"));
	itest_run_free(&run);
	itest_run(stats_missing, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "ctrace stats: /nonexistent/trace"));
	itest_run_free(&run);
	itest_run(check_help, NULL, &run);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(
		run.out, "usage: ctrace check [--all] [--salvage] [--skip-unreadable] TRACE"));
	assert_non_null(strstr(run.out, "Exit status: 0 nothing found, 1 something found"));
	itest_run_free(&run);
	itest_run(check_none, NULL, &run);
	assert_int_equal(run.status, 2);
	itest_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test_teardown(test_check_deadlock_3_3, teardown),
		cmocka_unit_test_teardown(test_check_lost_updates_4_1, teardown),
		cmocka_unit_test_teardown(test_check_none_4_2, teardown),
		cmocka_unit_test_teardown(test_check_use_after_drop_1_3b, teardown),
		cmocka_unit_test_teardown(test_stats_mutex_3_2, teardown),
		cmocka_unit_test_teardown(test_stats_channel_2_3, teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_check: CTRACE_BIN must be set (ctest does)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
