/* SPDX-License-Identifier: MIT */
/*
 * test_views.c - the ways of looking at a recorded scenario: the Chrome JSON
 * export (parsed by Python's json module, one flow per model arrow), the
 * terminal view at 80 columns with and without colour, the message arrows
 * of 2.3 and the hand-off arrows of 3.2, checked on the model ctrace loads.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "itest.h"
#include "model.h"

static const char *ctrace_bin;

/* A scenario recorded once for all the tests of this file. */
struct recorded {
	char *tmp;
	char trace[4096];
	struct ct_model *model;
};

static struct recorded s23, s32;

static void record(struct recorded *r, const char *id)
{
	char *argv[] = { (char *)ctrace_bin, "scenario",  (char *)id, "--speed", "10", "-o",
			 r->trace,           "--no-view", NULL };
	struct itest_run run;
	char *error = NULL;

	r->tmp = itest_tmpdir();
	snprintf(r->trace, sizeof(r->trace), "%s/trace", r->tmp);
	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("ctrace scenario %s exited %d:\n%s%s", id, run.status, run.out, run.err);
	itest_run_free(&run);
	if (ct_model_load(r->trace, NULL, &r->model, &error) != CT_MODEL_OK)
		fail_msg("loading %s: %s", r->trace, error ? error : "?");
}

static int setup(void **state)
{
	(void)state;
	record(&s23, "2.3");
	record(&s32, "3.2");
	return 0;
}

static int teardown(void **state)
{
	struct recorded *all[] = { &s23, &s32 };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		ct_model_destroy(all[i]->model);
		if (all[i]->tmp)
			itest_rmtree(all[i]->tmp);
		free(all[i]->tmp);
	}
	return 0;
}

/*
 * Parses the export with Python's json module and prints what the test
 * checks: every flow start has exactly one end with its id, on the arrow's
 * kind, and the totals.
 */
static const char check_json_py[] =
	"import json, sys, collections\n"
	"d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
	"ev = d['traceEvents']\n"
	"s = collections.Counter(e['id'] for e in ev if e['ph'] == 's')\n"
	"f = collections.Counter(e['id'] for e in ev if e['ph'] == 'f')\n"
	"assert all(v == 1 for v in s.values()) and s == f, 'unpaired flows'\n"
	"names = [e['args']['name'] for e in ev if e['ph'] == 'M' and e['name'] == 'thread_name']\n"
	"msg = sum(1 for e in ev if e['ph'] == 's' and e['cat'] == 'message')\n"
	"states = sum(1 for e in ev if e['ph'] == 'X' and e['cat'] == 'state')\n"
	"prints = sum(1 for e in ev if e['ph'] == 'i' and e['cat'] == 'print')\n"
	"print(f'flows={len(s)} message={msg} threads={len(names)} states={states} prints={prints}')\n";

static void test_export_23(void **state)
{
	char out[4200];
	char *argv[] = { (char *)ctrace_bin, "export", "--format", "chrome",
			 s23.trace,          "-o",     out,        NULL };
	char *py[] = { "python3", "-c", (char *)check_json_py, out, NULL };
	struct itest_run run;
	size_t n_arrows, n_lanes;
	unsigned flows, message, threads, states, prints;

	(void)state;
	snprintf(out, sizeof(out), "%s/2.3.json", s23.tmp);
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);

	itest_run(py, NULL, &run);
	if (run.status != 0)
		fail_msg("the export does not parse or pair up:\n%s%s", run.out, run.err);
	assert_int_equal(sscanf(run.out, "flows=%u message=%u threads=%u states=%u prints=%u",
				&flows, &message, &threads, &states, &prints),
			 5);
	itest_run_free(&run);
	ct_model_borrow_arrows(s23.model, &n_arrows);
	ct_model_borrow_lanes(s23.model, &n_lanes);
	assert_int_equal(flows, n_arrows);
	assert_int_equal(message, 8);
	assert_int_equal(threads, n_lanes);
	assert_true(states >= n_lanes);
	assert_int_equal(prints, 8);
}

/* A failed export leaves nothing behind, and does not touch an existing file. */
static void test_export_no_partial_file(void **state)
{
	char out[4200], *text;
	char *no_trace[] = { (char *)ctrace_bin,   "export", "--format", "chrome",
			     "/nonexistent-trace", "-o",     out,        NULL };
	char *bad_dir[] = {
		(char *)ctrace_bin,        "export", "--format", "chrome", s23.trace, "-o",
		"/nonexistent-dir/x.json", NULL
	};
	char *ls[] = { "ls", "-A", s23.tmp, NULL };
	char *cat[] = { "cat", out, NULL };
	struct itest_run run;
	FILE *f;

	(void)state;
	snprintf(out, sizeof(out), "%s/old.json", s23.tmp);
	f = fopen(out, "w");
	assert_non_null(f);
	fputs("old", f);
	assert_int_equal(fclose(f), 0);
	itest_run(no_trace, NULL, &run);
	assert_int_equal(run.status, 2);
	itest_run_free(&run);
	itest_run(cat, NULL, &run);
	assert_string_equal(run.out, "old");
	itest_run_free(&run);

	itest_run(bad_dir, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "/nonexistent-dir/x.json"));
	itest_run_free(&run);
	itest_run(ls, NULL, &run);
	text = run.out;
	assert_null(strstr(text, ".tmp-"));
	itest_run_free(&run);
}

/* Display width of LINE: escape sequences count 0, each UTF-8 character 1. */
static size_t display_width(const char *line, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == 0x1b && i + 1 < len && line[i + 1] == '[') {
			i += 2;
			while (i < len && !(line[i] >= 0x40 && line[i] <= 0x7e))
				i++;
			continue;
		}
		if ((c & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/*
 * Checks the terminal view of 2.3 in OUT (one row per lane, labelled with
 * its name and tid, when LABELS_WHOLE: names are cut on narrow terminals);
 * returns the widest line.
 */
static size_t check_tty_23_rows(const char *out, bool labels_whole)
{
	size_t n_lanes, widest = 0, rows = 0;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(s23.model, &n_lanes);

	for (const char *line = out; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		size_t w = display_width(line, len);

		widest = w > widest ? w : widest;
		for (size_t i = 0; i < n_lanes; i++) {
			const char *name = ct_model_string(s23.model, lanes[i].name);
			char tid[16];

			snprintf(tid, sizeof(tid), ", tid %u) ", lanes[i].tid);
			if (strncmp(line, name, strlen(name)) == 0 &&
			    memmem(line, len, tid, strlen(tid)))
				rows++;
		}
		line = nl ? nl + 1 : line + len;
	}
	assert_int_equal(n_lanes, 3);
	if (labels_whole)
		assert_int_equal(rows, 3);
	return widest;
}

static size_t check_tty_23(const char *out)
{
	return check_tty_23_rows(out, true);
}

static void test_tty_23(void **state)
{
	char *argv[] = { (char *)ctrace_bin, "view", "--tty", s23.trace, NULL };
	char *plain_env[] = { "COLUMNS=80", "NO_COLOR=1", "CLICOLOR_FORCE=1", NULL };
	char *colour_env[] = { "COLUMNS=80", "CLICOLOR_FORCE=1", NULL };
	char *narrow_env[] = { "COLUMNS=50", NULL };
	struct itest_run run;

	(void)state;
	itest_run(argv, plain_env, &run);
	assert_int_equal(run.status, 0);
	assert_null(strchr(run.out, '\033'));
	assert_true(check_tty_23(run.out) <= 80);
	/* Without colour the states still differ: blocked recv and sleeping have letters. */
	assert_non_null(strstr(run.out, "rrr"));
	assert_non_null(strstr(run.out, "zzz"));
	assert_non_null(strchr(run.out, '<'));
	assert_non_null(strchr(run.out, '>'));
	assert_non_null(strstr(run.out, "ms"));
	itest_run_free(&run);

	itest_run(argv, colour_env, &run);
	assert_int_equal(run.status, 0);
	assert_non_null(strstr(run.out, "\033["));
	assert_true(check_tty_23(run.out) <= 80);
	itest_run_free(&run);

	itest_run(argv, narrow_env, &run);
	assert_int_equal(run.status, 0);
	assert_true(check_tty_23_rows(run.out, false) <= 50);
	assert_non_null(strstr(run.out, "~ "));
	itest_run_free(&run);
}

/* Without a display, `ctrace view` draws the terminal view instead of failing. */
static void test_view_falls_back_to_tty(void **state)
{
	char *argv[] = { (char *)ctrace_bin, "view", s23.trace, NULL };
	char *env[] = { "COLUMNS=80", NULL };
	struct itest_run run;

	(void)state;
	if (getenv("DISPLAY") || getenv("WAYLAND_DISPLAY"))
		skip();
	itest_run(argv, env, &run);
	assert_int_equal(run.status, 0);
	assert_true(check_tty_23(run.out) <= 80);
	itest_run_free(&run);
}

/* 2.3: eight message arrows, each from a send to a later (or simultaneous) receive. */
static void test_dump_23_messages(void **state)
{
	char *argv[] = { (char *)ctrace_bin, "dump", s23.trace, NULL };
	size_t n_arrows, n_ev, messages = 0;
	const struct ct_model_arrow *a = ct_model_borrow_arrows(s23.model, &n_arrows);
	const struct ct_model_event *ev = ct_model_borrow_events(s23.model, &n_ev);
	struct itest_run run;
	size_t sends = 0, recvs = 0;

	(void)state;
	for (size_t i = 0; i < n_arrows; i++) {
		if (ct_model_arrow_kind(s23.model, &a[i]) != CT_ARROW_MESSAGE)
			continue;
		messages++;
		assert_int_equal(ev[a[i].from].type, CT_EV_CHAN_SEND_END);
		assert_int_equal(ev[a[i].to].type, CT_EV_CHAN_RECV_END);
		assert_true(ct_model_event_time(&ev[a[i].from]) <=
			    ct_model_event_time(&ev[a[i].to]));
		assert_int_equal(ev[a[i].from].arg, ev[a[i].to].arg);
		assert_int_not_equal(ev[a[i].from].lane, ev[a[i].to].lane);
	}
	assert_int_equal(messages, 8);

	/* The dump tells the same: 8 sends and 8 ok receives. */
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 0);
	for (const char *p = run.out; (p = strstr(p, " chan_send_end ")) != NULL; p++)
		sends++;
	for (const char *p = run.out; (p = strstr(p, " chan_recv_end ")) != NULL; p++)
		recvs += strncmp(strstr(p, "status="), "status=ok", 9) == 0;
	assert_int_equal(sends, 8);
	assert_int_equal(recvs, 8);
	itest_run_free(&run);
}

/*
 * 3.2: the mutex passes from owner to owner in one chain through all ten
 * workers (each holds it once), and every hand-off arrow is a link of that
 * chain: from the unlock of one owner to the lock of the very next. Owners
 * that took the mutex with nobody waiting have no arrow into them (a free
 * mutex is not handed off), so the arrows cover the chain with gaps there.
 */
static void test_handoff_chain_32(void **state)
{
	size_t n_ev, n_arrows, n_lanes, owners = 0, handoffs = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(s32.model, &n_ev);
	const struct ct_model_arrow *a = ct_model_borrow_arrows(s32.model, &n_arrows);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(s32.model, &n_lanes);
	uint32_t *owner_event = calloc(n_ev, sizeof(*owner_event)); /* lock_end indices in order */
	unsigned *held = calloc(n_lanes, sizeof(*held));
	size_t workers = 0;

	(void)state;
	assert_non_null(owner_event);
	assert_non_null(held);
	for (size_t i = 0; i < n_ev; i++) {
		if (ev[i].type == CT_EV_MUTEX_LOCK_END) {
			owner_event[owners++] = (uint32_t)i;
			held[ev[i].lane]++;
		}
	}
	for (size_t l = 0; l < n_lanes; l++) {
		if (!lanes[l].has_begin)
			continue;
		workers++;
		assert_int_equal(held[l], 1);
	}
	assert_int_equal(workers, 10);

	for (size_t i = 0; i < n_arrows; i++) {
		uint32_t to = a[i].to, from = a[i].from;
		size_t k;

		if (ct_model_arrow_kind(s32.model, &a[i]) != CT_ARROW_HANDOFF)
			continue;
		handoffs++;
		for (k = 1; k < owners && owner_event[k] != to; k++)
			;
		if (k == owners)
			fail_msg("hand-off arrow into event %u, which is not a lock", to);
		/* From the previous owner's unlock, between its lock and the next one. */
		assert_int_equal(ev[from].type, CT_EV_MUTEX_UNLOCK);
		assert_int_equal(ev[from].lane, ev[owner_event[k - 1]].lane);
		assert_true(from > owner_event[k - 1] && from < to);
	}
	/*
	 * Ten workers queue on one mutex: some of them wait and are handed it.
	 * Under a sanitizer each spawn takes milliseconds, longer than a worker
	 * holds the lock, so the workers may never overlap there.
	 */
	if (!getenv("CTRACE_SANITIZED"))
		assert_true(handoffs >= 1);
	assert_true(handoffs <= owners - 1);
	free(owner_event);
	free(held);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_23),
		cmocka_unit_test(test_export_no_partial_file),
		cmocka_unit_test(test_tty_23),
		cmocka_unit_test(test_view_falls_back_to_tty),
		cmocka_unit_test(test_dump_23_messages),
		cmocka_unit_test(test_handoff_chain_32),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_views: CTRACE_BIN is not set\n");
		return 2;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
