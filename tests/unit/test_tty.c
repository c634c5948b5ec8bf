/* SPDX-License-Identifier: MIT */
/*
 * test_tty.c - the terminal view (viewer/tty) of hand-made models: widths,
 * one row per lane, a distinct character per state without colour, arrow
 * glyphs at the right columns, windows, semaphores.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model.h"
#include "model_build.h"
#include "tty.h"

#define MAIN 100
#define E(t, tid, type, id, id2, value, text)                                                      \
	{                                                                                          \
		CT_EV_##type, (t), MAIN, (tid), "prog", (id), (id2), (value), 0, (text), 0         \
	}

/*
 * main (100) spawns "child" (101), receives from it (blocked 100..500),
 * then joins it (blocked 600..1000); the child sleeps 200..400, sends at 500
 * and ends at 600. Times in ms, as ns.
 */
#define MS 1000000ull
static const struct ct_model_input two_lanes[] = {
	E(0, MAIN, CHAN_NEW, 1, 0, -1, "ch"),
	E(10 * MS, MAIN, THREAD_SPAWN, 2, 0, 0, "child"),
	E(100 * MS, MAIN, CHAN_RECV_BEGIN, 1, 0, 0, NULL),
	E(110 * MS, 101, THREAD_BEGIN, 2, 0, 0, "child"),
	E(200 * MS, 101, SLEEP_BEGIN, 0, 0, 200 * MS, NULL),
	E(400 * MS, 101, SLEEP_END, 0, 0, 200 * MS, NULL),
	E(500 * MS, 101, CHAN_SEND_END, 1, 7, 0, "hi"),
	E(500 * MS, MAIN, CHAN_RECV_END, 1, 7, 0, NULL),
	E(600 * MS, MAIN, JOIN_BEGIN, 2, 0, 0, NULL),
	E(600 * MS, 101, THREAD_END, 2, 0, 0, NULL),
	E(1000 * MS, MAIN, JOIN_END, 2, 0, 0, NULL),
};

static struct ct_model *build(void)
{
	return TEST_MODEL_BUILD(two_lanes);
}

static char *draw(const struct ct_model *m, const struct ct_tty_options *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(ct_tty_draw(m, o, f), CT_TTY_OK);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* The line of OUT starting with PREFIX (a static copy, plot part only after the label). */
static const char *row(const char *out, const char *prefix)
{
	static char line[4096];

	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (strncmp(p, prefix, strlen(prefix)) == 0 && len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			return line;
		}
		p = nl ? nl + 1 : p + len;
	}
	fail_msg("no line starting with '%s' in:\n%s", prefix, out);
	return NULL;
}

static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void test_plain_rows(void **state)
{
	struct ct_model *m = build();
	struct ct_tty_options o = { .columns = 60, .colour = CT_TTY_COLOUR_NEVER };
	char *out = draw(m, &o);
	const char *main_row, *child_row;
	char copy[4096];

	(void)state;
	assert_null(strchr(out, '\033'));
	for (char *p = out, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		assert_true(width(p) <= 60);
		*nl = '\n';
	}
	/* Labels are every front end's, padded to the widest: "prog (T1, tid 100)". */
	main_row = row(out, "prog");
	strcpy(copy, main_row);
	child_row = row(out, "child");
	assert_true(strstr(copy, "prog (T1, tid 100) ") != NULL);
	assert_true(strstr(child_row, "child (T2, tid 101) ") != NULL);
	/* Main: blocked on recv, then on join; the message arrives ('<'), spawn ('+'). */
	assert_non_null(strstr(copy, "rrrr"));
	assert_non_null(strstr(copy, "jjjj"));
	assert_non_null(strchr(copy, '<'));
	assert_non_null(strchr(copy, '+'));
	assert_non_null(strchr(copy, '['));
	/* Child: not started (blank), sleeping, ended; sends ('>'), ends (']'). */
	assert_non_null(strstr(child_row, "zzzz"));
	assert_non_null(strstr(child_row, "\xc2\xb7\xc2\xb7"));
	assert_non_null(strchr(child_row, '>'));
	assert_non_null(strchr(child_row, ']'));
	assert_non_null(strchr(child_row, '*'));
	/* The send and the receive are in the same column. */
	assert_int_equal(width(strchr(copy, '<')), width(strchr(child_row, '>')));
	assert_non_null(strstr(out, "ms"));
	/* The legend: the chapter's states always, the shim's other waits only when present. */
	assert_non_null(strstr(out, "z sleeping"));
	assert_non_null(strstr(out, "S blocked: semaphore"));
	assert_null(strstr(out, "blocked: poll"));
	assert_null(strstr(out, "blocked: wait"));
	free(out);
	ct_model_destroy(m);
}

static void test_colour_and_widths(void **state)
{
	struct ct_model *m = build();

	(void)state;
	for (int cols = CT_TTY_MIN_COLUMNS - 10; cols <= 200; cols += 7) {
		struct ct_tty_options o = { .columns = cols, .colour = CT_TTY_COLOUR_ALWAYS };
		char *out = draw(m, &o);
		int want = cols < CT_TTY_MIN_COLUMNS ? CT_TTY_MIN_COLUMNS : cols;

		assert_non_null(strstr(out, "\033["));
		for (char *p = out, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
			size_t w = 0;

			for (char *q = p; q < nl; q++) {
				if (*q == '\033') {
					while (*q != 'm')
						q++;
					continue;
				}
				w += ((unsigned char)*q & 0xc0) != 0x80;
			}
			if (w > (size_t)want)
				fail_msg("%d columns: a line is %zu wide", cols, w);
		}
		free(out);
	}
	ct_model_destroy(m);
}

static void test_window(void **state)
{
	struct ct_model *m = build();
	struct ct_tty_options o = { .columns = 80,
				    .colour = CT_TTY_COLOUR_NEVER,
				    .has_window = true,
				    .t0 = 250 * MS,
				    .t1 = 350 * MS };
	struct ct_tty_options bad = { .has_window = true, .t0 = 5, .t1 = 5 };
	char *out = draw(m, &o), *copy;

	(void)state;
	copy = strdup(row(out, "prog"));
	/* Inside the child's sleep and main's receive: nothing else in view. */
	assert_null(strchr(copy, '<'));
	assert_non_null(strstr(row(out, "child"), "zzzzzzzzzzzzzzzzzzzz"));
	assert_non_null(strstr(out, "300ms"));
	assert_int_equal(ct_tty_draw(m, &bad, stdout), CT_TTY_USAGE);
	free(copy);
	free(out);
	ct_model_destroy(m);
}

/*
 * A thread blocked on a semaphore until main posts (100..500 ms): its own
 * character without colour, its own colour with, and the wake-up arrow's
 * ends in the same column.
 */
static void test_semaphore(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, SEM_NEW, 9, 0, 0, NULL),
		E(10 * MS, 101, THREAD_BEGIN, 2, 0, 0, "waiter"),
		E(100 * MS, 101, SEM_WAIT_BEGIN, 9, 0, 0, NULL),
		E(500 * MS, MAIN, SEM_POST, 9, 0, 0, NULL),
		E(500 * MS, 101, SEM_WAIT_END, 9, 0, 0, NULL),
		E(600 * MS, 101, THREAD_END, 2, 0, 0, NULL),
		E(1000 * MS, MAIN, PRINT, 0, 0, 0, "done"),
	};
	struct ct_model *m = TEST_MODEL_BUILD(in);
	struct ct_tty_options plain = { .columns = 100, .colour = CT_TTY_COLOUR_NEVER };
	struct ct_tty_options colour = { .columns = 100, .colour = CT_TTY_COLOUR_ALWAYS };
	char *out, *waiter;

	(void)state;

	out = draw(m, &plain);
	waiter = strdup(row(out, "waiter"));
	assert_non_null(strstr(waiter, "SSSSSSSSSS"));
	assert_non_null(strchr(waiter, '&'));
	assert_non_null(strchr(row(out, "prog"), '!'));
	assert_int_equal(width(strchr(row(out, "prog"), '!')), width(strchr(waiter, '&')));
	assert_non_null(strstr(out, "S blocked: semaphore"));
	assert_non_null(strstr(out, "wake-up (signal or post, woken)"));
	free(waiter);
	free(out);

	out = draw(m, &colour);
	assert_non_null(strstr(out, "\033[96m\xe2\x96\x92"));
	free(out);
	ct_model_destroy(m);
}

static void test_empty_model(void **state)
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	struct ct_tty_options o = { .columns = 80, .colour = CT_TTY_COLOUR_NEVER };
	char *out;

	(void)state;
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	out = draw(m, &o);
	assert_non_null(strstr(out, "0 lanes"));
	free(out);
	ct_model_destroy(m);
}

/* A state of the shim's other calls is in the legend when the trace has it: a poll here. */
static void test_legend_lists_present_states(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, POLL_BEGIN, 0, 0, 2, NULL),
		E(300 * MS, MAIN, POLL_END, 0, 0, 1, NULL),
		E(400 * MS, MAIN, PROCESS_EXIT, 0, 0, 0, NULL),
	};
	struct ct_model *m = TEST_MODEL_BUILD(in);
	struct ct_tty_options o = { .columns = 80, .colour = CT_TTY_COLOUR_NEVER };
	char *out;

	(void)state;
	out = draw(m, &o);
	assert_non_null(strstr(row(out, "prog"), "pppp"));
	assert_non_null(strstr(out, "p blocked: poll"));
	assert_null(strstr(out, "blocked: futex"));
	free(out);
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_rows),
		cmocka_unit_test(test_colour_and_widths),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_semaphore),
		cmocka_unit_test(test_empty_model),
		cmocka_unit_test(test_legend_lists_present_states),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
