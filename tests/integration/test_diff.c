/* SPDX-License-Identifier: MIT */
/*
 * test_diff.c - `ctrace diff` and `ctrace view --compare` on recorded runs
 * of order_prog: a trace against itself and two recordings of one order
 * (other tids, other timings) have the same happens-before order (exit 0);
 * the other order diverges (exit 1) at the first producer's send, which
 * both sides name; a missing trace is bad input (exit 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "itest.h"

static const char *ctrace_bin, *order_prog;

/* Three recordings: order "ab" twice, then "ba". */
struct runs {
	char *tmp;
	char ab1[4096], ab2[4096], ba[4096];
};

static void record(const char *dir, const char *mode)
{
	char *argv[] = { (char *)ctrace_bin, "record",     "-o", (char *)dir, "--",
			 (char *)order_prog, (char *)mode, NULL };
	struct itest_run run;

	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("ctrace record %s exited %d:\n%s%s", mode, run.status, run.out, run.err);
	itest_run_free(&run);
}

static int setup(void **state)
{
	struct runs *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->tmp = itest_tmpdir();
	snprintf(r->ab1, sizeof(r->ab1), "%s/ab1", r->tmp);
	snprintf(r->ab2, sizeof(r->ab2), "%s/ab2", r->tmp);
	snprintf(r->ba, sizeof(r->ba), "%s/ba", r->tmp);
	record(r->ab1, "ab");
	record(r->ab2, "ab");
	record(r->ba, "ba");
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct runs *r = *state;

	itest_rmtree(r->tmp);
	free(r->tmp);
	free(r);
	return 0;
}

/* Runs `ctrace diff A B` into RUN and prints what it said. */
static void diff(const char *a, const char *b, struct itest_run *run)
{
	char *argv[] = { (char *)ctrace_bin, "diff", (char *)a, (char *)b, NULL };

	itest_run(argv, NULL, run);
	print_message("ctrace diff %s %s (exit %d):\n%s%s", a, b, run->status, run->out, run->err);
}

/* The line of TEXT that starts with PREFIX, copied into BUF; fails the test if none. */
static const char *line_of(const char *text, const char *prefix, char *buf, size_t size)
{
	const char *p = strstr(text, prefix), *end;

	if (!p)
		fail_msg("no line starting with '%s' in:\n%s", prefix, text);
	end = strchr(p, '\n');
	snprintf(buf, size, "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
	return buf;
}

static void test_same_trace(void **state)
{
	struct runs *r = *state;
	struct itest_run run;

	diff(r->ab1, r->ab1, &run);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "same happens-before order"));
	itest_run_free(&run);
}

/* Two recordings of one order: other tids, other timings, the same order. */
static void test_same_order_recorded_twice(void **state)
{
	struct runs *r = *state;
	struct itest_run run;

	diff(r->ab1, r->ab2, &run);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "same happens-before order"));
	itest_run_free(&run);
}

/* "ab" against "ba": the first producer sends "a" in A, "b" in B. */
static void test_other_order(void **state)
{
	struct runs *r = *state;
	struct itest_run run;
	char line[1024], *b_part;

	diff(r->ab1, r->ba, &run);
	assert_int_equal(run.status, 1);
	/* Each side's diverging event, marked "> ", on the first producer's lane (T2). */
	b_part = strstr(run.out, "run B:");
	assert_non_null(b_part);
	line_of(run.out, "  > ", line, sizeof(line));
	assert_non_null(strstr(line, "producer (T2"));
	assert_non_null(strstr(line, "sends \"a\""));
	line_of(b_part, "  > ", line, sizeof(line));
	assert_non_null(strstr(line, "producer (T2"));
	assert_non_null(strstr(line, "sends \"b\""));
	/* What followed: the printed lines in the other order. */
	assert_non_null(strstr(run.out, "printed lines: differ from line 1: A \"Got: a\", B "
					"\"Got: b\""));
	itest_run_free(&run);
}

static void test_bad_input(void **state)
{
	struct runs *r = *state;
	struct itest_run run;
	char missing[4200];

	snprintf(missing, sizeof(missing), "%s/missing", r->tmp);
	diff(r->ab1, missing, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, missing));
	itest_run_free(&run);
	diff(r->ab1, "--bogus", &run);
	assert_int_equal(run.status, 2);
	itest_run_free(&run);
}

/* The compare picture is written (its pixels are checked on hand-built models in test_draw_compare). */
static void test_view_compare_png(void **state)
{
	struct runs *r = *state;
	char png[4200], *argv[] = {
		(char *)ctrace_bin, "view", "--compare", r->ab1, r->ba, "--png", png, NULL
	};
	struct itest_run run;
	unsigned char sig[8];
	FILE *f;

	snprintf(png, sizeof(png), "%s/cmp.png", r->tmp);
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	f = fopen(png, "rb");
	assert_non_null(f);
	assert_int_equal(fread(sig, 1, sizeof(sig), f), sizeof(sig));
	fclose(f);
	assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_trace),
		cmocka_unit_test(test_same_order_recorded_twice),
		cmocka_unit_test(test_other_order),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_view_compare_png),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	order_prog = getenv("ORDER_PROG");
	if (!ctrace_bin || !order_prog) {
		fprintf(stderr, "test_diff: CTRACE_BIN and ORDER_PROG must be set (ctest does)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
