/* SPDX-License-Identifier: MIT */
/*
 * test_install.c - `cmake --install` gives a relocatable ctrace: installed to
 * one prefix and then moved elsewhere, it still finds its scenario programs
 * and libraries (relative to its own location), and records a scenario.
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

static const char *build_dir;

static void test_installed_tree_moves(void **state)
{
	char *tmp = itest_tmpdir();
	char first[4096], moved[4096], bin[8192], scn[8192], trace[8192], lib[8192];
	struct itest_run run;
	(void)state;

	snprintf(first, sizeof(first), "%s/prefix", tmp);
	snprintf(moved, sizeof(moved), "%s/moved", tmp);
	{
		char *argv[] = {"cmake", "--install", (char *)build_dir, "--prefix", first, NULL};

		itest_run(argv, NULL, &run);
		if (run.status != 0)
			fail_msg("cmake --install failed:\n%s%s", run.out, run.err);
		itest_run_free(&run);
	}
	assert_int_equal(rename(first, moved), 0);
	snprintf(bin, sizeof(bin), "%s/bin/ctrace", moved);
	snprintf(trace, sizeof(trace), "%s/trace", tmp);

	/* The scenario programs load the moved libctrace, not the build tree's. */
	snprintf(scn, sizeof(scn), "%s/libexec/ctrace/scenario-2.1", moved);
	snprintf(lib, sizeof(lib), "%s/lib", moved);
	{
		char *argv[] = {scn, NULL};
		char *env[] = {"LD_TRACE_LOADED_OBJECTS=1", NULL};
		const char *line;

		itest_run(argv, env, &run);
		assert_int_equal(run.status, 0);
		line = strstr(run.out, "libctrace.so");
		assert_non_null(line);
		assert_non_null(strstr(line, lib));
		itest_run_free(&run);
	}
	{
		char *argv[] = {bin, "scenario", "2.1", "--speed", "10", "-o", trace, "--no-view",
				NULL};
		struct itest_trace tr;

		itest_run(argv, NULL, &run);
		if (run.status != 0)
			fail_msg("installed ctrace scenario 2.1 exited %d:\n%s%s", run.status,
				 run.out, run.err);
		assert_string_equal(run.out, "Got: hi\n");
		assert_int_equal(itest_trace_read(trace, &tr), 0);
		assert_int_equal(itest_count(&tr, "chan_send_end"), 1);
		assert_int_equal(itest_count(&tr, "chan_recv_end"), 1);
		itest_trace_free(&tr);
		itest_run_free(&run);
	}
	/* The public header is installed for users' own programs. */
	snprintf(lib, sizeof(lib), "%s/include/ctrace/ctrace.h", moved);
	{
		FILE *h = fopen(lib, "r");

		assert_non_null(h);
		fclose(h);
	}
	itest_rmtree(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_installed_tree_moves),
	};

	build_dir = getenv("CTRACE_BUILD_DIR");
	if (!build_dir) {
		fprintf(stderr, "test_install: CTRACE_BUILD_DIR must be set (ctest does)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
