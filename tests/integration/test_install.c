/* SPDX-License-Identifier: MIT */
/*
 * test_install.c - `cmake --install` gives a relocatable ctrace: installed to
 * one prefix and then moved elsewhere, it still finds its scenario programs
 * and libraries (relative to its own location), and records a scenario; and
 * a user's program builds against it with pkg-config and with CMake.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"

static const char *build_dir;
static const char *source_dir;

/* Runs ARGV and fails the test, showing its output, unless it exits 0. */
static void run_ok(char *const argv[], char *const env[], struct itest_run *run)
{
	itest_run(argv, env, run);
	if (run->status != 0)
		fail_msg("%s exited %d:\n%s%s", argv[0], run->status, run->out, run->err);
}

/* A formatted string the test owns; never NULL. */
static char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *format, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, format);
	n = vasprintf(&s, format, ap);
	va_end(ap);
	assert_true(n >= 0);
	return s;
}

/*
 * The README's program, built against the installed (and moved) prefix the
 * two ways the README shows: pkg-config and find_package(ctrace).
 */
static void build_user_program(const char *tmp, const char *prefix)
{
	char *pc_path = fmt("PKG_CONFIG_PATH=%s/lib/pkgconfig", prefix);
	char *exe_pc = fmt("%s/hello-pc", tmp);
	char *cc_cmd = fmt("cc -Wall -Werror -o '%s' '%s/user_prog/hello.c' "
			   "$(pkg-config --cflags --libs ctrace)",
			   exe_pc, source_dir);
	char *lib_path = fmt("LD_LIBRARY_PATH=%s/lib", prefix);
	char *src = fmt("%s/user_prog", source_dir);
	char *bdir = fmt("%s/hello-cmake", tmp);
	char *cmake_prefix = fmt("-DCMAKE_PREFIX_PATH=%s", prefix);
	char *exe_cmake = fmt("%s/hello", bdir);
	struct itest_run run;

	{
		char *argv[] = { "sh", "-c", cc_cmd, NULL };
		char *env[] = { pc_path, NULL };

		run_ok(argv, env, &run);
		itest_run_free(&run);
	}
	{
		char *argv[] = { exe_pc, NULL };
		char *env[] = { lib_path, NULL };

		run_ok(argv, env, &run);
		assert_string_equal(run.out, "Got: hi\n");
		itest_run_free(&run);
	}
	{
		char *argv[] = { "cmake", "-S", src, "-B", bdir, cmake_prefix, NULL };

		run_ok(argv, NULL, &run);
		itest_run_free(&run);
	}
	{
		char *argv[] = { "cmake", "--build", bdir, NULL };

		run_ok(argv, NULL, &run);
		itest_run_free(&run);
	}
	{
		/* CMake gives the build-tree program an rpath to the imported library. */
		char *argv[] = { exe_cmake, NULL };

		run_ok(argv, NULL, &run);
		assert_string_equal(run.out, "Got: hi\n");
		itest_run_free(&run);
	}
	free(pc_path);
	free(exe_pc);
	free(cc_cmd);
	free(lib_path);
	free(src);
	free(bdir);
	free(cmake_prefix);
	free(exe_cmake);
}

static void test_installed_tree_moves(void **state)
{
	char *tmp = itest_tmpdir();
	char first[4096], moved[4096], bin[8192], scn[8192], trace[8192], lib[8192];
	struct itest_run run;
	(void)state;

	snprintf(first, sizeof(first), "%s/prefix", tmp);
	snprintf(moved, sizeof(moved), "%s/moved", tmp);
	{
		char *argv[] = { "cmake", "--install", (char *)build_dir, "--prefix", first, NULL };

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
		char *argv[] = { scn, NULL };
		char *env[] = { "LD_TRACE_LOADED_OBJECTS=1", NULL };
		const char *line;

		itest_run(argv, env, &run);
		assert_int_equal(run.status, 0);
		line = strstr(run.out, "libctrace.so");
		assert_non_null(line);
		assert_non_null(strstr(line, lib));
		itest_run_free(&run);
	}
	{
		char *argv[] = { bin,  "scenario", "2.1",       "--speed", "10",
				 "-o", trace,      "--no-view", NULL };
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
	/* The Chinese catalogue is installed and found relative to the moved binary. */
	snprintf(lib, sizeof(lib), "%s/share/locale/zh_CN/LC_MESSAGES/ctrace.mo", moved);
	assert_int_equal(access(lib, R_OK), 0);
	{
		char *argv[] = { bin, "--lang", "zh", "check", trace, NULL };

		itest_run(argv, NULL, &run);
		assert_int_equal(run.status, 0);
		assert_non_null(strstr(run.out, "没有发现问题"));
		itest_run_free(&run);
	}
	/* The public header is installed for users' own programs. */
	snprintf(lib, sizeof(lib), "%s/include/ctrace/ctrace.h", moved);
	{
		FILE *h = fopen(lib, "r");

		assert_non_null(h);
		fclose(h);
	}
	build_user_program(tmp, moved);
	itest_rmtree(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_installed_tree_moves),
	};

	build_dir = getenv("CTRACE_BUILD_DIR");
	source_dir = getenv("CTRACE_TEST_SOURCE_DIR");
	if (!build_dir || !source_dir) {
		fprintf(stderr,
			"test_install: CTRACE_BUILD_DIR and CTRACE_TEST_SOURCE_DIR must be set (ctest does)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
