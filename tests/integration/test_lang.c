/* SPDX-License-Identifier: MIT */
/*
 * test_lang.c - the command's language: `ctrace --lang zh|en` and
 * LANG=zh_CN.UTF-8 on a recorded scenario 3.3 (a deadlock). Chinese comes
 * from po/zh_CN.po through gettext; check's KIND column, dump and the Chrome
 * JSON export are machine-readable and stay English in every language.
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

/* The trace every test reads: scenario 3.3, recorded once. */
static int group_setup(void **state)
{
	*state = itest_scenario_record(ctrace_bin, "3.3");
	return *state ? 0 : -1;
}

static int group_teardown(void **state)
{
	itest_scenario_free(*state);
	return 0;
}

/* Runs `ctrace [--lang LANG] CMD TRACE [EXTRA]` with ENV ("N=V", NULL-terminated or NULL). */
static void run_on(const struct itest_scenario_trace *f, const char *lang, const char *cmd,
		   const char *extra, char *const env[], struct itest_run *run)
{
	char *argv[8];
	int n = 0;

	argv[n++] = (char *)ctrace_bin;
	if (lang) {
		argv[n++] = "--lang";
		argv[n++] = (char *)lang;
	}
	argv[n++] = (char *)cmd;
	argv[n++] = (char *)f->trace;
	if (extra)
		argv[n++] = (char *)extra;
	argv[n] = NULL;
	itest_run(argv, env, run);
}

/* Every run starts from an environment that asks for no language. */
static char *neutral[] = { "LANG=", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", "CTRACE_LANG=", NULL };

static void test_check_in_chinese_and_english(void **state)
{
	struct itest_scenario_trace *f = *state;
	struct itest_run zh, en;

	run_on(f, "zh", "check", NULL, neutral, &zh);
	run_on(f, "en", "check", NULL, neutral, &en);
	print_message("--lang zh (exit %d):\n%s%s--lang en (exit %d):\n%s", zh.status, zh.out,
		      zh.err, en.status, en.out);
	assert_int_equal(zh.status, 1);
	assert_int_equal(en.status, 1);
	/* The sentence and the summary, in the chapter's words. */
	/* The cycle starts at whichever thread blocked last: either may. */
	assert_non_null(strstr(zh.out, "等待环：thread-"));
	assert_non_null(strstr(zh.out, "持有 互斥锁 A"));
	assert_non_null(strstr(zh.out, "发现 1 个问题"));
	assert_null(strstr(zh.out, "wait-for cycle"));
	/* The KIND column is a keyword scripts read: English in both. */
	assert_non_null(strstr(zh.out, "  deadlock  "));
	assert_non_null(strstr(en.out, "wait-for cycle: thread-"));
	assert_non_null(strstr(en.out, "1 finding: 1 deadlock"));
	assert_null(strstr(en.out, "等待"));
	itest_run_free(&zh);
	itest_run_free(&en);
}

/* --lang en wins over a Chinese environment; --lang zh over LC_ALL=C. */
static void test_lang_overrides_the_environment(void **state)
{
	struct itest_scenario_trace *f = *state;
	char *zh_env[] = { "LANG=zh_CN.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", NULL };
	char *c_env[] = { "LANG=", "LC_ALL=C", "LC_MESSAGES=", "LANGUAGE=", NULL };
	struct itest_run en, zh;

	run_on(f, "en", "check", NULL, zh_env, &en);
	run_on(f, "zh", "check", NULL, c_env, &zh);
	assert_non_null(strstr(en.out, "1 finding: 1 deadlock"));
	assert_non_null(strstr(zh.out, "发现 1 个问题"));
	itest_run_free(&en);
	itest_run_free(&zh);
}

/*
 * LANG=zh_CN.UTF-8 alone selects Chinese: through the zh_CN.UTF-8 locale when
 * it is generated (scripts/install-deps.sh does), else through ctrace's own
 * fallback (C.UTF-8 with LANGUAGE=zh_CN, cli/lang.c); both must give Chinese.
 */
static void test_lang_environment_selects_chinese(void **state)
{
	struct itest_scenario_trace *f = *state;
	char *env[] = { "LANG=zh_CN.UTF-8", "LC_ALL=",      "LC_MESSAGES=",
			"LANGUAGE=",        "CTRACE_LANG=", NULL };
	char *locale_argv[] = { "locale", "-a", NULL };
	struct itest_run run, locales;
	bool generated;

	itest_run(locale_argv, NULL, &locales);
	generated = locales.out &&
		    (strstr(locales.out, "zh_CN.utf8") || strstr(locales.out, "zh_CN.UTF-8"));
	print_message("the zh_CN.UTF-8 locale is %s\n",
		      generated ? "generated" : "not generated: ctrace's fallback is tested");
	run_on(f, NULL, "check", NULL, env, &run);
	assert_non_null(strstr(run.out, "发现 1 个问题"));
	itest_run_free(&run);
	itest_run_free(&locales);
}

/* dump and the Chrome JSON export are the same bytes in both languages. */
static void test_machine_output_stays_english(void **state)
{
	struct itest_scenario_trace *f = *state;
	struct itest_run zh, en;
	char *zh_exp[] = { (char *)ctrace_bin, "--lang", "zh", "export", "--format",
			   "chrome",           f->trace, "-o", "-",      NULL };
	char *en_exp[] = { (char *)ctrace_bin, "--lang", "en", "export", "--format",
			   "chrome",           f->trace, "-o", "-",      NULL };

	run_on(f, "zh", "dump", NULL, neutral, &zh);
	run_on(f, "en", "dump", NULL, neutral, &en);
	assert_int_equal(zh.status, 0);
	assert_true(strlen(en.out) > 100);
	assert_string_equal(zh.out, en.out);
	itest_run_free(&zh);
	itest_run_free(&en);
	itest_run(zh_exp, neutral, &zh);
	itest_run(en_exp, neutral, &en);
	assert_int_equal(zh.status, 0);
	assert_true(strlen(en.out) > 100);
	assert_string_equal(zh.out, en.out);
	itest_run_free(&zh);
	itest_run_free(&en);
}

/* The terminal view's legend, the lessons and the help, and a bad --lang. */
static void test_tty_scenarios_help_and_bad_lang(void **state)
{
	struct itest_scenario_trace *f = *state;
	struct itest_run run;
	char *scen[] = { (char *)ctrace_bin, "--lang", "zh", "scenarios", NULL };
	char *help[] = { (char *)ctrace_bin, "--lang=zh", "--help", NULL };
	char *bad[] = { (char *)ctrace_bin, "--lang", "fr", "check", f->trace, NULL };
	char *cols[] = { "COLUMNS=100", "NO_COLOR=1", "LANG=", "LC_ALL=", "LANGUAGE=", NULL };

	run_on(f, "zh", "view", "--tty", cols, &run);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "阻塞：加锁"));
	itest_run_free(&run);
	itest_run(scen, neutral, &run);
	assert_non_null(strstr(run.out, "以 --speed 20 运行 20 次"));
	itest_run_free(&run);
	itest_run(help, neutral, &run);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "用法：ctrace [--lang zh|en] COMMAND"));
	itest_run_free(&run);
	itest_run(bad, neutral, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "--lang takes zh or en"));
	itest_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_in_chinese_and_english),
		cmocka_unit_test(test_lang_overrides_the_environment),
		cmocka_unit_test(test_lang_environment_selects_chinese),
		cmocka_unit_test(test_machine_output_stays_english),
		cmocka_unit_test(test_tty_scenarios_help_and_bad_lang),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_lang: CTRACE_BIN is not set\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
