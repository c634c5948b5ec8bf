/* SPDX-License-Identifier: MIT */
/*
 * test_sites.c - call sites end to end with a real session daemon: a plain
 * pthread program recorded through the shim (sites_prog.c) and a
 * libctrace scenario; `ctrace check` names the line of a finding's call,
 * `ctrace dump --source` and `ctrace stats` the line of a contended lock.
 * The expected lines are found by the markers in sites_prog.c's comments.
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

/* The line of sites_prog.c that holds MARKER. */
static int marker_line(const char *marker)
{
	FILE *f = fopen(getenv("SITES_PROG_SRC"), "r");
	char line[512];
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, marker)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	fail_msg("no %s in sites_prog.c", marker);
	return 0;
}

struct fixture {
	char *tmp;
	char trace[4096];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->tmp = itest_tmpdir();
	snprintf(f->trace, sizeof(f->trace), "%s/trace", f->tmp);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	itest_rmtree(f->tmp);
	free(f->tmp);
	free(f);
	return 0;
}

/* Runs `ctrace CMD [OPT] TRACE`, expecting exit status 0 or WANT; the caller frees RUN. */
static void run_cmd(struct fixture *f, const char *cmd, const char *opt, struct itest_run *run)
{
	char *argv[] = { (char *)ctrace_bin, (char *)cmd, (char *)(opt ? opt : f->trace),
			 opt ? f->trace : NULL, NULL };

	itest_run(argv, NULL, run);
	if (run->status != 0 && run->status != 1)
		fail_msg("ctrace %s: status %d: %s", cmd, run->status, run->err);
}

/* A line of TEXT that contains both A and B, or NULL. */
static const char *line_with(const char *text, const char *a, const char *b)
{
	for (const char *p = text; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *ha = memmem(p, len, a, strlen(a));

		if (ha && memmem(p, len, b, strlen(b)))
			return p;
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

static void test_shim_program_sites(void **state)
{
	struct fixture *f = *state;
	char *rec[] = { (char *)ctrace_bin,   "record", "-o", f->trace, "--",
			getenv("SITES_PROG"), NULL };
	struct itest_run run = { 0 };
	char lock_at[64], spawn_at[64];

	snprintf(lock_at, sizeof(lock_at), "at worker sites_prog.c:%d",
		 marker_line("/* SITE-LOCK */"));
	snprintf(spawn_at, sizeof(spawn_at), "T1 at sites_prog.c:%d",
		 marker_line("/* SITE-UNJOINED */"));
	itest_run(rec, NULL, &run);
	if (run.status != 0)
		fail_msg("record: status %d: %s", run.status, run.err);
	itest_run_free(&run);

	/* The worker's wait for the lock, at the marked line. */
	run_cmd(f, "dump", "--source", &run);
	if (!line_with(run.out, "mutex_lock_begin", lock_at))
		fail_msg("dump --source has no mutex_lock_begin %s:\n%s", lock_at, run.out);
	/* Without --source, no sites. */
	itest_run_free(&run);
	run_cmd(f, "dump", NULL, &run);
	assert_null(strstr(run.out, "sites_prog.c"));
	itest_run_free(&run);

	/* The unjoined thread's finding names the line that spawned it. */
	run_cmd(f, "check", NULL, &run);
	if (!line_with(run.out, "never-joined", spawn_at))
		fail_msg("check does not name %s:\n%s", spawn_at, run.out);
	itest_run_free(&run);

	/* The hottest lock site is the worker's lock. */
	run_cmd(f, "stats", NULL, &run);
	if (!strstr(run.out, "hottest lock sites") || !line_with(run.out, " 1 ", lock_at + 3))
		fail_msg("stats has no hottest lock site %s:\n%s", lock_at + 3, run.out);
	itest_run_free(&run);
}

/* A libctrace program (scenario 3.2, a mutex): its events have sites in its source. */
static void test_libctrace_program_sites(void **state)
{
	struct fixture *f = *state;
	char *rec[] = { (char *)ctrace_bin, "scenario",  "3.2", "--speed", "10", "-o",
			f->trace,           "--no-view", NULL };
	struct itest_run run = { 0 };

	itest_run(rec, NULL, &run);
	if (run.status != 0)
		fail_msg("scenario: status %d: %s", run.status, run.err);
	itest_run_free(&run);
	run_cmd(f, "dump", "--source", &run);
	if (!line_with(run.out, "mutex_lock_end", ".c:"))
		fail_msg("dump --source has no site for mutex_lock_end:\n%s", run.out);
	itest_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shim_program_sites, setup, teardown),
		cmocka_unit_test_setup_teardown(test_libctrace_program_sites, setup, teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin || !getenv("SITES_PROG") || !getenv("SITES_PROG_SRC"))
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
