/* SPDX-License-Identifier: MIT */
/*
 * test_narrate_dump.c - `ctrace dump --narrate` on a recorded scenario 2.3
 * (two producers, eight messages, main receiving): one sentence per event,
 * in Chinese with --lang zh and in English with --lang en. Each of the eight
 * sends says why it matters: it wakes main blocked in recv, or the message
 * waits in the channel. Which of the two depends on the run's interleaving,
 * so the test asserts that every send says one of them, and that main is
 * woken at least once (main blocks in recv before the first message).
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

/* The trace every test reads: scenario 2.3, recorded once. */
static int group_setup(void **state)
{
	*state = itest_scenario_record(ctrace_bin, "2.3");
	return *state ? 0 : -1;
}

static int group_teardown(void **state)
{
	itest_scenario_free(*state);
	return 0;
}

/* Every run starts from an environment that asks for no language. */
static char *neutral[] = { "LANG=", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=", "CTRACE_LANG=", NULL };

/* `ctrace --lang LANG dump [--narrate] TRACE` into RUN; fails the test unless it exits 0. */
static void dump(const struct itest_scenario_trace *f, const char *lang, bool narrate,
		 struct itest_run *run)
{
	char *argv[7];
	int n = 0;

	argv[n++] = (char *)ctrace_bin;
	argv[n++] = "--lang";
	argv[n++] = (char *)lang;
	argv[n++] = "dump";
	if (narrate)
		argv[n++] = "--narrate";
	argv[n++] = (char *)f->trace;
	argv[n] = NULL;
	itest_run(argv, neutral, run);
	if (run->status != 0)
		fail_msg("ctrace dump exited %d:\n%s", run->status, run->err);
}

/* Counts of a narration's lines: all, sends, sends that wake main, sends left waiting. */
struct tally {
	int lines, sends, wakes, waits, headers;
};

static struct tally count(char *out, const char *send, const char *wake, const char *wait)
{
	struct tally t = { 0 };
	char *save = NULL;

	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		t.lines++;
		if (line[0] == '#')
			t.headers++;
		if (!strstr(line, send))
			continue;
		t.sends++;
		if (strstr(line, wake))
			t.wakes++;
		else if (strstr(line, wait))
			t.waits++;
		else
			fail_msg("a send that says neither why nor what follows: %s", line);
	}
	return t;
}

static void test_narration_in_chinese_and_english(void **state)
{
	struct itest_scenario_trace *f = *state;
	struct itest_run plain, zh, en;
	struct tally z, e, p;

	dump(f, "en", false, &plain);
	dump(f, "zh", true, &zh);
	dump(f, "en", true, &en);
	print_message("--lang zh dump --narrate:\n%s", zh.out);
	/* The eight messages, each sent once: 发送 "..." with the message's label. */
	z = count(zh.out, " 发送 \"", "一直阻塞在 recv 上，现在被唤醒",
		  "消息留在通道中等待，直到 scenario-2.3 接收它");
	e = count(en.out, " sends \"", "; scenario-2.3 was blocked in recv and wakes",
		  "; it waits in the channel until scenario-2.3 receives it");
	p = count(plain.out, " chan_send_end ", " ", " ");
	assert_int_equal(z.sends, 8);
	assert_int_equal(e.sends, 8);
	assert_true(z.wakes >= 1);
	assert_int_equal(z.wakes + z.waits, 8);
	/* The same run told twice: the same causes in both languages. */
	assert_int_equal(e.wakes, z.wakes);
	assert_int_equal(e.waits, z.waits);
	/* One line per event, no '#' lines: as many as the plain dump's event lines. */
	assert_int_equal(z.headers, 0);
	assert_int_equal(e.headers, 0);
	assert_int_equal(z.lines, p.lines - p.headers);
	assert_int_equal(e.lines, z.lines);
	assert_null(strstr(zh.out, " sends "));
	assert_null(strstr(en.out, "发送"));
	itest_run_free(&plain);
	itest_run_free(&zh);
	itest_run_free(&en);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_narration_in_chinese_and_english),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_narrate_dump: CTRACE_BIN is not set\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
