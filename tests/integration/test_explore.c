/* SPDX-License-Identifier: MIT */
/*
 * test_explore.c - `ctrace explore` with a real session daemon: scenario
 * 2.3 recorded ten times shows more than one arrival order of its eight
 * messages, every order it lists keeps each producer's words in the order
 * they were sent, its chart is a PNG,
 * and every trace its table names exists and holds the run's output. Also
 * its usage errors.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "itest.h"

static const char *ctrace_bin;

/* The number before WORD in TEXT ("10 runs, 3 distinct interleavings"); -1 when absent. */
static long number_before(const char *text, const char *word)
{
	const char *p = strstr(text, word);

	if (!p)
		return -1;
	while (p > text && p[-1] == ' ')
		p--;
	while (p > text && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return strtol(p, NULL, 10);
}

/*
 * What is certain in any arrival order: all eight words, and each
 * producer's four in the order it sent them (a channel is FIFO per sender).
 * Which producer's word comes first in a round is what varies.
 */
static void assert_order(const char *order)
{
	static const char *const sent[2][4] = {
		{ "producer-1 \"hi\"", "producer-1 \"from\"", "producer-1 \"the\"",
		  "producer-1 \"thread\"" },
		{ "producer-2 \"more\"", "producer-2 \"messages\"", "producer-2 \"for\"",
		  "producer-2 \"you\"" },
	};

	for (int p = 0; p < 2; p++) {
		const char *prev = order;

		for (int k = 0; k < 4; k++) {
			const char *w = strstr(order, sent[p][k]);

			if (!w || w < prev)
				fail_msg("%s missing or out of its sender's order in: %s",
					 sent[p][k], order);
			prev = w;
		}
	}
}

static void test_explore_2_3(void **state)
{
	char *tmp = itest_tmpdir();
	char dir[4096], png[4096], magic[8] = { 0 };
	char *argv[] = { (char *)ctrace_bin, "explore", "2.3", "--runs", "10", "--speed", "20",
			 /*
			  * Unperturbed, a plain build sees 5 to 8 orders in 10 runs,
			  * but a ThreadSanitizer build once saw one: its slower
			  * threads reached each round in the same order. The
			  * perturbation's pauses make more than one order all but
			  * certain, and the seed makes a failure replayable.
			  */
			 "--perturb", "--seed", "1", "-o", dir, "--png", png,
			 /*
			  * One job under a sanitizer: explore reads its traces in
			  * --jobs threads and each load forks a decoding worker;
			  * under ThreadSanitizer one such read failed in CI (its
			  * runtime does not support fork while other threads run,
			  * see its die_after_fork), and the trace read fine after.
			  */
			 NULL, NULL, NULL };
	FILE *f;
	struct itest_run run;
	long runs_listed = 0, orders = 0, interleavings;
	const char *p;
	char *out;

	(void)state;
	if (getenv("CTRACE_SANITIZED")) {
		size_t n = 0;

		while (argv[n])
			n++;
		argv[n] = "--jobs";
		argv[n + 1] = "1";
	}
	snprintf(dir, sizeof(dir), "%s/ex", tmp);
	snprintf(png, sizeof(png), "%s/chart.png", tmp);
	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("ctrace explore exited %d:\n%s%s", run.status, run.out, run.err);
	assert_non_null(strstr(run.out, "10 runs, "));
	interleavings = number_before(run.out, "distinct interleaving");
	/*
	 * Under a sanitizer a thread takes about 1.5 ms to start, longer than
	 * the perturbation's longest pause, so producer-1's word came first in
	 * every round of every run: the order is then certain, not a finding.
	 */
	if (interleavings < 2 && !getenv("CTRACE_SANITIZED"))
		fail_msg("one arrival order in 10 perturbed runs of 2.3 at --speed 20:\n%s",
			 run.out);
	assert_true(number_before(run.out, "distinct outcome") >= 1);

	/* The table: "  1     4  DIR/run-3   exit 0; ..." for each group. */
	out = strdup(run.out);
	assert_non_null(out);
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		long group, n;
		char path[4096], file[4200];
		struct stat st;

		if (sscanf(line, "%ld %ld %4095s", &group, &n, path) == 3 &&
		    strncmp(path, dir, strlen(dir)) == 0) {
			assert_int_equal(stat(path, &st), 0);
			assert_true(S_ISDIR(st.st_mode));
			snprintf(file, sizeof(file), "%s.stdout", path);
			assert_int_equal(stat(file, &st), 0);
			/* Main prints each of the eight words it got. */
			assert_true(st.st_size > 0);
			assert_non_null(strstr(line, "exit 0; no findings"));
			runs_listed += n;
		}
	}
	free(out);
	assert_int_equal(runs_listed, 10);

	/* What varies is the channel's arrival order: one line per group. */
	p = strstr(run.out, "What varies first, chan channel, in each group:\n");
	assert_non_null(p);
	p = strchr(p, '\n') + 1;
	while (*p == ' ') {
		const char *end = strchr(p, '\n');
		char order[2048];

		assert_non_null(end);
		snprintf(order, sizeof(order), "%.*s", (int)(end - p), p);
		assert_order(order);
		orders++;
		p = end + 1;
	}
	/* One line per group, and there are at least as many groups as interleavings. */
	assert_true(orders >= interleavings);
	/* The chart is a PNG. */
	f = fopen(png, "rb");
	assert_non_null(f);
	assert_int_equal(fread(magic, 1, sizeof(magic), f), sizeof(magic));
	fclose(f);
	assert_memory_equal(magic, "\x89PNG\r\n\x1a\n", sizeof(magic));
	itest_run_free(&run);
	itest_rmtree(tmp);
	free(tmp);
}

static void test_explore_usage(void **state)
{
	char *no_runs[] = { (char *)ctrace_bin, "explore", "2.3", "--runs", "0", NULL };
	char *bad_id[] = { (char *)ctrace_bin, "explore", "9.9", NULL };
	char *no_prog[] = { (char *)ctrace_bin, "explore", "--", NULL };
	char *nothing[] = { (char *)ctrace_bin, "explore", NULL };
	char *help[] = { (char *)ctrace_bin, "explore", "--help", NULL };
	struct itest_run run;

	(void)state;
	itest_run(no_runs, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "--runs wants a number of runs"));
	itest_run_free(&run);
	itest_run(bad_id, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "no scenario '9.9'"));
	itest_run_free(&run);
	itest_run(no_prog, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "no program after '--'"));
	itest_run_free(&run);
	itest_run(nothing, NULL, &run);
	assert_int_equal(run.status, 2);
	itest_run_free(&run);
	itest_run(help, NULL, &run);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "usage: ctrace explore"));
	itest_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explore_usage),
		cmocka_unit_test(test_explore_2_3),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_explore: CTRACE_BIN must be set (ctest does)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
