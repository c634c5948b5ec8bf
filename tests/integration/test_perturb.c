/* SPDX-License-Identifier: MIT */
/*
 * test_perturb.c - schedule perturbation (CTRACE_PERTURB, `ctrace record
 * --perturb [--seed S]`) end to end: a seed replays every thread's
 * decisions, in the shim (perturb_prog: threads, grandchildren started
 * concurrently, a forked child) and in libctrace (perturb_ctprog); another
 * seed makes other decisions; without perturbation none are made; a random
 * seed is printed and replays; a bad value warns once and perturbs nothing;
 * the trace's mark says how it was perturbed.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "itest.h"

static const char *ctrace_bin;

/*
 * Records PROG with up to two OPTIONs (NULL: none) and ENV into a new trace
 * NAME in F's directory; returns the program's stdout (owned). Reads the
 * trace into F->tr.
 */
static char *record(struct itest_fixture *f, const char *name, const char *prog,
		    const char *option1, const char *option2, char *const env[])
{
	char dir[4200];
	char *argv[12];
	int i = 0;
	char *out;

	snprintf(dir, sizeof(dir), "%s/%s", f->tmp, name);
	argv[i++] = (char *)ctrace_bin;
	argv[i++] = "record";
	argv[i++] = "-o";
	argv[i++] = dir;
	argv[i++] = "--timeout";
	argv[i++] = "120";
	if (option1)
		argv[i++] = (char *)option1;
	if (option2)
		argv[i++] = (char *)option2;
	argv[i++] = "--";
	argv[i++] = (char *)prog;
	argv[i] = NULL;
	itest_run_free(&f->run);
	itest_run(argv, env, &f->run);
	if (f->run.status != 0)
		print_error("ctrace record failed (%d):\n%s\n%s\n", f->run.status, f->run.out,
			    f->run.err);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.err, "0 events discarded"));
	itest_trace_free(&f->tr);
	assert_int_equal(itest_trace_read(dir, &f->tr), 0);
	out = strdup(f->run.out);
	assert_non_null(out);
	return out;
}

/* Runs PROG directly with ENV; returns its stdout (owned). */
static char *run(struct itest_fixture *f, const char *prog, char *const env[])
{
	char *argv[] = { (char *)prog, NULL };
	char *out;

	itest_run_free(&f->run);
	itest_run(argv, env, &f->run);
	assert_int_equal(f->run.status, 0);
	out = strdup(f->run.out);
	assert_non_null(out);
	return out;
}

/*
 * Checks OUT's "ROLE COUNT DIGEST" lines: there are NLINES of them, and
 * every COUNT is positive when PERTURBED, zero otherwise.
 */
static void assert_decisions(const char *out, int nlines, bool perturbed)
{
	int lines = 0;

	for (const char *p = out; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		char role[32];
		uint64_t count, digest;

		if (sscanf(p, "%31s %" SCNu64 " %" SCNx64, role, &count, &digest) != 3)
			continue;
		lines++;
		if (perturbed)
			assert_true(count > 0);
		else
			assert_true(count == 0 && digest == 0);
	}
	assert_int_equal(lines, nlines);
}

/* Whether every "ROLE COUNT DIGEST" line of A differs from B's line of the same role. */
static void assert_all_differ(const char *a, const char *b)
{
	for (const char *p = a; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		char role[32], line[128];
		uint64_t count, digest;

		if (sscanf(p, "%31s %" SCNu64 " %" SCNx64, role, &count, &digest) != 3)
			continue;
		snprintf(line, sizeof(line), "%s %" PRIu64 " %016" PRIx64 "\n", role, count,
			 digest);
		/* Same role and count (the program's points), another hash of the decisions. */
		if (strstr(b, line))
			fail_msg("seeds 7 and 8 made the same decisions: %s", line);
	}
}

static size_t perturb_marks(const struct itest_trace *tr)
{
	size_t n = 0;

	for (size_t i = 0; i < tr->n; i++) {
		const char *label = itest_field(&tr->events[i], "label");

		if (!strcmp(tr->events[i].name, "mark") && label && !strncmp(label, "perturb ", 8))
			n++;
	}
	return n;
}

/* The shim: the same seed twice gives every thread, and the forked child, the same decisions. */
static void test_shim_seed_replays(void **state)
{
	struct itest_fixture *f = *state;
	const char *prog = getenv("PERTURB_PROG");
	char *first, *again, *other;

	first = record(f, "seed7", prog, "--seed", "7", NULL);
	assert_decisions(first, 7, true);
	/* The program's process and its forked child, each marked once. */
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", "perturb seed=7 max_us=1000"),
			 2);
	again = record(f, "seed7-again", prog, "--seed", "7", NULL);
	assert_string_equal(first, again);
	other = record(f, "seed8", prog, "--seed", "8", NULL);
	assert_decisions(other, 7, true);
	assert_all_differ(first, other);
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", "perturb seed=8 max_us=1000"),
			 2);
	free(first);
	free(again);
	free(other);
}

/* Without --perturb no decision is made and nothing is marked. */
static void test_shim_unperturbed(void **state)
{
	struct itest_fixture *f = *state;
	char *out = record(f, "plain", getenv("PERTURB_PROG"), NULL, NULL, NULL);

	assert_decisions(out, 7, false);
	assert_int_equal(perturb_marks(&f->tr), 0);
	free(out);
}

/* --perturb alone picks a seed, says which, and --seed with it replays the run's decisions. */
static void test_random_seed_printed_and_replayed(void **state)
{
	struct itest_fixture *f = *state;
	const char *prog = getenv("PERTURB_PROG");
	unsigned long long seed, again;
	char *first, *replay, *p, arg[32], label[64];

	first = record(f, "random", prog, "--perturb", NULL, NULL);
	p = strstr(f->run.err, "ctrace record: perturbing with seed ");
	assert_non_null(p);
	assert_int_equal(
		sscanf(p, "ctrace record: perturbing with seed %llu (replay with --seed %llu)",
		       &seed, &again),
		2);
	assert_true(seed == again);
	snprintf(label, sizeof(label), "perturb seed=%llu max_us=1000", seed);
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", label), 2);
	snprintf(arg, sizeof(arg), "%llu", seed);
	replay = record(f, "replay", prog, "--seed", arg, NULL);
	assert_null(strstr(f->run.err, "perturbing with seed"));
	assert_string_equal(first, replay);
	free(first);
	free(replay);
}

/* A value that is not SEED[:MAX_US]: one warning, no perturbation, the program runs. */
static void test_bad_value_warns_once(void **state)
{
	struct itest_fixture *f = *state;
	char *env[] = { "CTRACE_PERTURB=7:0", NULL };
	char *out = record(f, "bad", getenv("PERTURB_PROG"), NULL, NULL, env);
	const char *w = strstr(f->run.err, "ctrace: warning: CTRACE_PERTURB='7:0'");

	assert_non_null(w);
	assert_null(strstr(w + strlen("ctrace: warning: CTRACE_PERTURB='"), "CTRACE_PERTURB='"));
	assert_decisions(out, 7, false);
	assert_int_equal(perturb_marks(&f->tr), 0);
	free(out);
}

/* libctrace's own primitives: replayed by the seed (run directly and recorded without the shim). */
static void test_libctrace_seed_replays(void **state)
{
	struct itest_fixture *f = *state;
	const char *prog = getenv("PERTURB_CTPROG");
	char *seven[] = { "CTRACE_PERTURB=7", NULL };
	char *eight[] = { "CTRACE_PERTURB=8:50", NULL };
	char *first, *again, *other, *recorded;

	first = run(f, prog, seven);
	assert_decisions(first, 4, true);
	again = run(f, prog, seven);
	assert_string_equal(first, again);
	other = run(f, prog, eight);
	assert_decisions(other, 4, true);
	assert_all_differ(first, other);
	/* Recorded without the shim, the first point marks the process; the decisions are the same. */
	recorded = record(f, "ct", prog, "--no-preload", NULL, seven);
	assert_string_equal(first, recorded);
	assert_int_equal(itest_count_where(&f->tr, "mark", "label", "perturb seed=7 max_us=1000"),
			 1);
	free(recorded);
	free(first);
	free(again);
	free(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_shim_seed_replays, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_shim_unperturbed, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_random_seed_printed_and_replayed,
						itest_fixture_setup, itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bad_value_warns_once, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_libctrace_seed_replays, itest_fixture_setup,
						itest_fixture_teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin || !getenv("PERTURB_PROG") || !getenv("PERTURB_CTPROG")) {
		fprintf(stderr, "test_perturb: run through ctest (CTRACE_BIN, PERTURB_PROG, "
				"PERTURB_CTPROG)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
