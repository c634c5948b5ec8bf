/* SPDX-License-Identifier: MIT */
/*
 * test_record.c - `ctrace record` end to end: a real session daemon, a real
 * program, the trace read back by babeltrace2; exit statuses, crashes,
 * timeouts and bad input.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"

static const char *ctrace_bin;
static const char *prog_bin;
static const char *pexit_bin; /* NULL in sanitizer builds, which do not test the shim */
static const char *shim_lib;

static void record(struct itest_fixture *f, const char *timeout, const char *mode, const char *arg)
{
	char *argv[12];
	int i = 0;

	argv[i++] = (char *)ctrace_bin;
	argv[i++] = "record";
	argv[i++] = "-o";
	argv[i++] = f->trace;
	if (timeout) {
		argv[i++] = "--timeout";
		argv[i++] = (char *)timeout;
	}
	argv[i++] = "--";
	argv[i++] = (char *)prog_bin;
	argv[i++] = (char *)mode;
	if (arg)
		argv[i++] = (char *)arg;
	argv[i] = NULL;
	itest_run(argv, NULL, &f->run);
}

static void assert_marked_before(struct itest_fixture *f)
{
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", "before"), 1);
	assert_int_equal(itest_count(&f->tr, "print"), 1);
}

static void test_exit_status_and_trace(void **state)
{
	struct itest_fixture *f = *state;

	record(f, NULL, "exit", "3");
	assert_int_equal(f->run.status, 3);
	assert_int_equal(itest_count_lines(f->run.out, "itest_prog exit"), 1);
	assert_non_null(strstr(f->run.err, f->trace));
	assert_marked_before(f);
	/* The contexts the model relies on are there. */
	assert_true(f->tr.events[0].vtid > 0);
	assert_true(f->tr.events[0].vpid > 0);
	assert_string_equal(f->tr.events[0].procname, "itest_prog");
	/* The recorder's warm-up process (tracer/record/warmup.c) records nothing. */
	for (size_t i = 0; i < f->tr.n; i++) {
		assert_int_equal(f->tr.events[i].vpid, f->tr.events[0].vpid);
		assert_string_equal(f->tr.events[i].procname, "itest_prog");
	}
}

static void test_abort_keeps_trace(void **state)
{
	struct itest_fixture *f = *state;

	record(f, NULL, "abort", NULL);
	assert_int_equal(f->run.status, 128 + 6);
	assert_marked_before(f);
}

static void test_segv_keeps_trace(void **state)
{
	struct itest_fixture *f = *state;

	record(f, NULL, "segv", NULL);
	assert_int_equal(f->run.status, 128 + 11);
	assert_marked_before(f);
}

static void test_timeout_kills_and_keeps_trace(void **state)
{
	struct itest_fixture *f = *state;

	record(f, "1", "hang", NULL);
	assert_int_equal(f->run.status, 128 + 9);
	assert_non_null(strcasestr(f->run.err, "timeout"));
	assert_marked_before(f);
	/* The program was blocked in recv when it was killed. */
	assert_int_equal(itest_count(&f->tr, "chan_recv_begin"), 1);
	assert_int_equal(itest_count(&f->tr, "chan_recv_end"), 0);
}

static void test_many_threads_nothing_lost(void **state)
{
	struct itest_fixture *f = *state;

	record(f, NULL, "threads", "1000");
	assert_int_equal(f->run.status, 0);
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_int_equal(itest_count(&f->tr, "thread_spawn"), 1000);
	assert_int_equal(itest_count(&f->tr, "thread_begin"), 1000);
	assert_int_equal(itest_count(&f->tr, "thread_end"), 1000);
	assert_int_equal(itest_count(&f->tr, "join_end"), 1000);
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", "worker"), 1000);
	assert_non_null(strstr(f->run.err, "0 events discarded"));
}

static void test_ctrl_c_keeps_trace(void **state)
{
	struct itest_fixture *f = *state;
	char *argv[] = { (char *)ctrace_bin, "record", "-o", f->trace, "--",
			 (char *)prog_bin,   "hang",   NULL };

	/* Ctrl-C reaches ctrace and the program: the program dies of it. */
	itest_run_interrupted(argv, 1500, SIGINT, &f->run);
	assert_int_equal(f->run.status, 128 + SIGINT);
	assert_non_null(strstr(f->run.err, f->trace));
	assert_marked_before(f);
	assert_int_equal(itest_count(&f->tr, "chan_recv_begin"), 1);
}

/*
 * main calling pthread_exit while a thread runs: the process ends with status
 * 0 when the thread does, recorded with libctrace alone and with the shim
 * too. LTTng-UST's listener threads used to keep it alive for ever (a
 * regression ends at the --timeout, 137).
 */
static void test_pthread_exit_from_main(void **state)
{
	struct itest_fixture *f = *state;
	char *argv[] = { (char *)ctrace_bin,
			 "record",
			 "--no-preload",
			 "-o",
			 f->trace,
			 "--timeout",
			 "20",
			 "--",
			 (char *)prog_bin,
			 "pthread_exit",
			 NULL };

	/*
	 * A sanitizer's runtime keeps a thread of its own: the process then
	 * does not end when main's last thread does, traced or not.
	 */
	if (getenv("CTRACE_SANITIZED"))
		skip();
	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", "late worker"), 1);
	assert_int_equal(itest_count(&f->tr, "thread_end"), 1);
	itest_trace_free(&f->tr);
	itest_run_free(&f->run);
	itest_rmtree(f->trace);

	record(f, "20", "pthread_exit", NULL);
	assert_int_equal(f->run.status, 0);
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", "late worker"), 1);
}

/* The same with a plain pthread program: recorded through the shim, and with the shim alone. */
static void test_pthread_exit_shim(void **state)
{
	struct itest_fixture *f = *state;
	char *rec[] = { (char *)ctrace_bin, "record", "-o", f->trace, "--timeout", "20",
			(char *)pexit_bin,  NULL };
	char *run[] = { "timeout", "-s", "KILL", "20", (char *)pexit_bin, NULL };
	char preload[4200];
	char *env[] = { preload, NULL };

	if (!pexit_bin)
		skip();
	itest_run(rec, NULL, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_int_equal(itest_count_lines(f->run.out, "worker done"), 1);
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_int_equal(itest_count(&f->tr, "thread_begin"), 1);
	assert_int_equal(itest_count(&f->tr, "thread_end"), 1);
	itest_run_free(&f->run);

	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", shim_lib);
	itest_run(run, env, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_int_equal(itest_count_lines(f->run.out, "worker done"), 1);
}

static void assert_one_line_error(const struct itest_run *run)
{
	const char *nl = strchr(run->err, '\n');

	assert_int_equal(run->status, 2);
	assert_non_null(nl);
	assert_string_equal(nl + 1, "");
	assert_non_null(strstr(run->err, "ctrace"));
}

static void test_missing_program(void **state)
{
	struct itest_fixture *f = *state;
	char *argv[] = { (char *)ctrace_bin,     "record", "-o", f->trace, "--",
			 "/nonexistent/program", NULL };
	struct stat st;

	itest_run(argv, NULL, &f->run);
	assert_one_line_error(&f->run);
	assert_int_equal(stat(f->trace, &st), -1);
}

static void test_not_executable(void **state)
{
	struct itest_fixture *f = *state;
	char path[8192];
	char *argv[] = { (char *)ctrace_bin, "record", "-o", f->trace, "--", path, NULL };
	struct stat st;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/plain.txt", f->tmp);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("not a program\n", fp);
	fclose(fp);
	itest_run(argv, NULL, &f->run);
	assert_one_line_error(&f->run);
	assert_int_equal(stat(f->trace, &st), -1);
}

static void test_existing_trace_not_overwritten(void **state)
{
	struct itest_fixture *f = *state;
	char keep[8192];
	FILE *fp;

	assert_int_equal(mkdir(f->trace, 0755), 0);
	snprintf(keep, sizeof(keep), "%s/keep", f->trace);
	fp = fopen(keep, "w");
	assert_non_null(fp);
	fputs("precious\n", fp);
	fclose(fp);
	record(f, NULL, "exit", "0");
	assert_one_line_error(&f->run);
	assert_int_equal(access(keep, F_OK), 0);
}

static void test_output_dir_unusable(void **state)
{
	struct itest_fixture *f = *state;
	char file[8192], under[8192];
	char *argv[] = { (char *)ctrace_bin, "record", "-o", under, "--",
			 (char *)prog_bin,   "exit",   "0",  NULL };
	FILE *fp;

	/* A path below a regular file can't be created, even by root. */
	snprintf(file, sizeof(file), "%s/afile", f->tmp);
	snprintf(under, sizeof(under), "%s/afile/trace", f->tmp);
	fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	itest_run(argv, NULL, &f->run);
	assert_one_line_error(&f->run);
}

static void test_usage_errors(void **state)
{
	struct itest_fixture *f = *state;
	char *no_prog[] = { (char *)ctrace_bin, "record", NULL };
	char *help[] = { (char *)ctrace_bin, "record", "--help", NULL };

	itest_run(no_prog, NULL, &f->run);
	assert_int_equal(f->run.status, 2);
	itest_run_free(&f->run);
	itest_run(help, NULL, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "--timeout"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exit_status_and_trace, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_abort_keeps_trace, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_segv_keeps_trace, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_kills_and_keeps_trace,
						itest_fixture_setup, itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_many_threads_nothing_lost, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ctrl_c_keeps_trace, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pthread_exit_from_main, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pthread_exit_shim, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_missing_program, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_not_executable, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_existing_trace_not_overwritten,
						itest_fixture_setup, itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_output_dir_unusable, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_usage_errors, itest_fixture_setup,
						itest_fixture_teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	prog_bin = getenv("ITEST_PROG");
	pexit_bin = getenv("PEXIT_PROG");
	shim_lib = getenv("SHIM_LIB");
	if (!shim_lib)
		pexit_bin = NULL;
	if (!ctrace_bin || !prog_bin) {
		fprintf(stderr,
			"test_record: CTRACE_BIN and ITEST_PROG must be set (ctest does)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
