/* SPDX-License-Identifier: MIT */
/*
 * test_scenarios.c - every scenario of SCENARIOS.md recorded through
 * `ctrace scenario` with a real session daemon, its output compared with the
 * book's lines and its trace (read back by babeltrace2) checked for the
 * events, counts and pairings the scenario must show.
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

struct scn {
	char *tmp;
	char trace[4096];
	struct itest_run run;
	struct itest_trace tr;
};

static int teardown(void **state)
{
	struct scn *s = *state;

	if (!s)
		return 0;
	itest_run_free(&s->run);
	itest_trace_free(&s->tr);
	itest_rmtree(s->tmp);
	free(s->tmp);
	free(s);
	return 0;
}

/* Records scenario ID at SPEED and reads its trace; the test owns *STATE. */
static struct scn *record(void **state, const char *id, const char *speed)
{
	struct scn *s = calloc(1, sizeof(*s));
	char *argv[] = {
		(char *)ctrace_bin, "scenario", (char *)id, "--speed", (char *)speed, "-o", NULL,
		"--no-view",        NULL
	};

	assert_non_null(s);
	*state = s;
	s->tmp = itest_tmpdir();
	snprintf(s->trace, sizeof(s->trace), "%s/trace", s->tmp);
	argv[6] = s->trace;
	itest_run(argv, NULL, &s->run);
	if (s->run.status != 0)
		fail_msg("ctrace scenario %s exited %d:\n%s%s", id, s->run.status, s->run.out,
			 s->run.err);
	assert_int_equal(itest_trace_read(s->trace, &s->tr), 0);
	assert_true(s->tr.n > 0);
	return s;
}

/* The index of the first event called NAME with KEY == VALUE (KEY may be NULL). */
static size_t find(const struct itest_trace *t, const char *name, const char *key, int64_t value)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->events[i].name, name) != 0)
			continue;
		if (!key || itest_field_int(&t->events[i], key) == value)
			return i;
	}
	fail_msg("no %s event with %s = %lld", name, key ? key : "-", (long long)value);
	return 0;
}

static int find_or_none(const struct itest_trace *t, const char *name, int64_t vtid)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->events[i].name, name) == 0 && t->events[i].vtid == vtid)
			return (int)i;
	return -1;
}

/* The vtid of the process's main thread (vtid == vpid). */
static int64_t main_vtid(const struct itest_trace *t)
{
	return t->events[0].vpid;
}

/* The last event on lane VTID. */
static const struct itest_event *last_on(const struct itest_trace *t, int64_t vtid)
{
	for (size_t i = t->n; i-- > 0;)
		if (t->events[i].vtid == vtid)
			return &t->events[i];
	fail_msg("no event on vtid %lld", (long long)vtid);
	return NULL;
}

/*
 * Every ok chan_send_end is matched by exactly one chan_recv_end with the
 * same msg, later in time; returns the number of pairs.
 */
static size_t assert_messages_pair(const struct itest_trace *t)
{
	size_t pairs = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct itest_event *snd = &t->events[i];
		size_t matches = 0;

		if (strcmp(snd->name, "chan_send_end") != 0 ||
		    strcmp(itest_field(snd, "status"), "ok") != 0)
			continue;
		for (size_t j = 0; j < t->n; j++) {
			const struct itest_event *rcv = &t->events[j];

			if (strcmp(rcv->name, "chan_recv_end") != 0 ||
			    itest_field_int(rcv, "msg") != itest_field_int(snd, "msg"))
				continue;
			matches++;
			assert_true(rcv->ts > snd->ts);
			assert_true(j > i);
		}
		assert_int_equal(matches, 1);
		pairs++;
	}
	return pairs;
}

static void test_1_1_spawn(void **state)
{
	/*
	 * The cut-off is a race between main's exit and the child's ninth line;
	 * 4 ms sleeps keep it decided the same way even when a sanitizer makes
	 * every call slow.
	 */
	struct scn *s = record(state, "1.1", "0.25");
	const struct itest_trace *t = &s->tr;
	char line[128];
	size_t child_lines = 0;
	int64_t child;

	for (int i = 1; i <= 4; i++) {
		snprintf(line, sizeof(line), "hi number %d from the main thread!", i);
		assert_int_equal(itest_count_lines(s->run.out, line), 1);
	}
	for (int i = 1; i <= 9; i++) {
		snprintf(line, sizeof(line), "hi number %d from the spawned thread!", i);
		child_lines += itest_count_lines(s->run.out, line);
	}
	/* main returns first: the spawned thread is cut off before 9. */
	assert_in_range(child_lines, 1, 8);
	/* Every printed line is in the trace, even those printed during exit. */
	assert_int_equal(itest_count(t, "print"), 4 + child_lines);
	assert_int_equal(itest_count_where(t, "process_exit", "printing_closed", "1"), 1);
	assert_int_equal(itest_thread_count(t), 2);
	assert_int_equal(itest_count(t, "thread_spawn"), 1);
	assert_int_equal(itest_count(t, "join_end"), 0);
	child = t->events[find(t, "thread_begin", NULL, 0)].vtid;
	assert_int_equal(find_or_none(t, "thread_end", child), -1);
}

static void test_1_2_join(void **state)
{
	/*
	 * At a quarter speed (4 ms sleeps) main is done some 20 ms before the
	 * child: it waits in join even when a loaded machine delays it a while
	 * (at full speed the margin was 5 ms, and once it was not enough).
	 */
	struct scn *s = record(state, "1.2", "0.25");
	const struct itest_trace *t = &s->tr;
	size_t end, join;

	assert_int_equal(itest_count_lines(s->run.out, "hi number 9 from the spawned thread!"), 1);
	assert_int_equal(itest_count_lines(s->run.out, "hi number 4 from the main thread!"), 1);
	assert_int_equal(itest_thread_count(t), 2);
	end = find(t, "thread_end", NULL, 0);
	join = find(t, "join_end", NULL, 0);
	assert_true(join > end);
	assert_int_equal(itest_field_int(&t->events[end], "thread"),
			 itest_field_int(&t->events[join], "thread"));
	/* main finished its loop long before the child: it waited in join. */
	assert_int_equal(itest_count(t, "join_begin"), 1);
	assert_int_equal(t->events[find(t, "join_begin", NULL, 0)].vtid, main_vtid(t));
}

static void test_1_2b_join_first(void **state)
{
	struct scn *s = record(state, "1.2b", "1");
	const char *last_spawned = strstr(s->run.out, "hi number 9 from the spawned thread!");
	const char *first_main = strstr(s->run.out, "hi number 1 from the main thread!");

	assert_non_null(last_spawned);
	assert_non_null(first_main);
	/* No interleaving: every spawned line comes before main's first. */
	assert_true(last_spawned < first_main);
	assert_int_equal(itest_count(&s->tr, "print"), 13);
}

static void test_1_3_move(void **state)
{
	struct scn *s = record(state, "1.3", "1");
	const struct itest_trace *t = &s->tr;
	size_t obj, mv, spawn;

	assert_int_equal(itest_count_lines(s->run.out, "Here's a vector: [1, 2, 3]"), 1);
	obj = find(t, "obj_new", NULL, 0);
	mv = find(t, "move", "object", itest_field_int(&t->events[obj], "object"));
	spawn = find(t, "thread_spawn", NULL, 0);
	assert_int_equal(itest_field_int(&t->events[mv], "to_thread"),
			 itest_field_int(&t->events[spawn], "thread"));
	/* The move is recorded before the child starts. */
	assert_true(mv < find(t, "thread_begin", NULL, 0));
}

static void test_1_3b_use_after_drop(void **state)
{
	struct scn *s = record(state, "1.3b", "1");
	const struct itest_trace *t = &s->tr;
	int64_t obj = itest_field_int(&t->events[find(t, "obj_new", NULL, 0)], "object");
	size_t drop = find(t, "obj_drop", "object", obj);
	size_t use = find(t, "access", "object", obj);
	size_t uses_after = 0;

	assert_true(use < t->n);
	/* The child touches the vector after main dropped it, on another lane. */
	for (size_t i = drop + 1; i < t->n; i++) {
		if (strcmp(t->events[i].name, "access") != 0 ||
		    itest_field_int(&t->events[i], "object") != obj)
			continue;
		assert_int_not_equal(t->events[i].vtid, t->events[drop].vtid);
		uses_after++;
	}
	assert_true(uses_after >= 1);
}

static void test_2_1_channel(void **state)
{
	struct scn *s = record(state, "2.1", "1");
	const struct itest_trace *t = &s->tr;

	assert_string_equal(s->run.out, "Got: hi\n");
	assert_int_equal(itest_thread_count(t), 2);
	assert_int_equal(assert_messages_pair(t), 1);
	assert_int_equal(itest_count_where(t, "chan_send_end", "label", "hi"), 1);
}

static void test_2_2_receiver_waits(void **state)
{
	struct scn *s = record(state, "2.2", "10");
	const struct itest_trace *t = &s->tr;
	const char *words[] = { "hi", "from", "the", "thread" };
	const struct itest_event *last_recv = NULL;

	assert_string_equal(s->run.out, "Got: hi\nGot: from\nGot: the\nGot: thread\n");
	assert_int_equal(assert_messages_pair(t), 4);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(itest_count_where(t, "chan_send_end", "label", words[i]), 1);
	/* main waits for each message after the first (the sender sleeps). */
	assert_true(itest_count(t, "chan_recv_begin") >= 3);
	/* The loop ends because the sender was dropped. */
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->events[i].name, "chan_recv_end") == 0)
			last_recv = &t->events[i];
	assert_non_null(last_recv);
	assert_string_equal(itest_field(last_recv, "status"), "disconnected");
	assert_int_equal(itest_count(t, "chan_sender_drop"), 1);
}

static void test_2_3_two_producers(void **state)
{
	struct scn *s = record(state, "2.3", "10");
	const struct itest_trace *t = &s->tr;
	const char *words[] = { "hi", "from", "the", "thread", "more", "messages", "for", "you" };

	assert_int_equal(itest_thread_count(t), 3);
	assert_int_equal(itest_count(t, "chan_send_end"), 8);
	assert_int_equal(itest_count_where(t, "chan_recv_end", "status", "ok"), 8);
	assert_int_equal(assert_messages_pair(t), 8);
	for (size_t i = 0; i < 8; i++) {
		char line[64];

		snprintf(line, sizeof(line), "Got: %s", words[i]);
		assert_int_equal(itest_count_lines(s->run.out, line), 1);
	}
	assert_int_equal(itest_count(t, "chan_sender_clone"), 1);
	assert_int_equal(itest_count(t, "chan_sender_drop"), 2);
	/* Every receive is on main's lane. */
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->events[i].name, "chan_recv_end") == 0)
			assert_int_equal(t->events[i].vtid, main_vtid(t));
}

static void test_3_1_mutex(void **state)
{
	struct scn *s = record(state, "3.1", "1");
	const struct itest_trace *t = &s->tr;
	size_t lock, unlock, write;

	assert_string_equal(s->run.out, "m = 6\n");
	assert_int_equal(itest_count(t, "mutex_new"), 1);
	lock = find(t, "mutex_lock_end", NULL, 0);
	write = find(t, "access", "value", 6);
	unlock = find(t, "mutex_unlock", NULL, 0);
	assert_true(lock < write && write < unlock);
	assert_string_equal(itest_field(&t->events[write], "kind"), "write");
	assert_int_equal(t->events[lock].vtid, t->events[unlock].vtid);
}

static void test_3_2_shared_counter(void **state)
{
	struct scn *s = record(state, "3.2", "1");
	const struct itest_trace *t = &s->tr;
	int64_t m_vtid = main_vtid(t);
	size_t worker_locks = 0, max_count = 0;
	const struct itest_event *last_drop = NULL;

	assert_int_equal(itest_count_lines(s->run.out, "Result: 10"), 1);
	assert_int_equal(itest_thread_count(t), 11);
	assert_int_equal(itest_count(t, "mutex_new"), 1);
	assert_int_equal(itest_count(t, "mutex_lock_end"), itest_count(t, "mutex_unlock"));
	for (size_t i = 0; i < t->n; i++) {
		const struct itest_event *ev = &t->events[i];

		if (strcmp(ev->name, "mutex_lock_end") == 0 && ev->vtid != m_vtid)
			worker_locks++;
		if (strncmp(ev->name, "arc_", 4) == 0) {
			size_t c = (size_t)itest_field_int(ev, "count");

			if (c > max_count)
				max_count = c;
			if (strcmp(ev->name, "arc_drop") == 0)
				last_drop = ev;
		}
	}
	assert_int_equal(worker_locks, 10);
	assert_int_equal(itest_count(t, "arc_clone"), 10);
	assert_int_equal(max_count, 11);
	assert_non_null(last_drop);
	assert_int_equal(itest_field_int(last_drop, "count"), 0);
}

static void test_3_3_deadlock(void **state)
{
	struct scn *s = record(state, "3.3", "1");
	const struct itest_trace *t = &s->tr;
	int64_t lanes[2];
	int n = 0;

	/* Two workers, each ending blocked on the mutex the other holds. */
	for (size_t i = 0; i < t->n && n < 2; i++)
		if (strcmp(t->events[i].name, "thread_begin") == 0)
			lanes[n++] = t->events[i].vtid;
	assert_int_equal(n, 2);
	assert_int_equal(itest_count(t, "mutex_new"), 2);
	for (int i = 0; i < 2; i++) {
		const struct itest_event *last = last_on(t, lanes[i]);

		assert_string_equal(last->name, "mutex_lock_begin");
		assert_int_equal(find_or_none(t, "thread_end", lanes[i]), -1);
	}
	assert_int_not_equal(itest_field_int(last_on(t, lanes[0]), "mutex"),
			     itest_field_int(last_on(t, lanes[1]), "mutex"));
	assert_non_null(strcasestr(s->run.err, "timeout"));
	/* The model's trace lasts until the kill (the 3 s timeout), not the last event. */
	{
		char *argv[] = { (char *)ctrace_bin, "dump", s->trace, NULL };
		struct itest_run dump;
		const char *d;

		itest_run(argv, NULL, &dump);
		assert_int_equal(dump.status, 0);
		d = strstr(dump.out, "duration ");
		assert_non_null(d);
		assert_true(strtod(d + strlen("duration "), NULL) >= 2.5);
		itest_run_free(&dump);
	}
}

static void test_4_1_data_race(void **state)
{
	struct scn *s = record(state, "4.1", "1");
	const struct itest_trace *t = &s->tr;
	const char *p = strstr(s->run.out, "Result: ");
	long result;

	assert_non_null(p);
	result = strtol(p + 8, NULL, 10);
	assert_in_range(result, 1, 10000);
	assert_non_null(strstr(s->run.out, "(expected 10000)"));
	assert_int_equal(itest_thread_count(t), 11);
	assert_int_equal(itest_count_where(t, "access", "kind", "read"), 10000);
	assert_int_equal(itest_count_where(t, "access", "kind", "write"), 10000);
}

static void test_4_2_atomic(void **state)
{
	struct scn *s = record(state, "4.2", "1");
	const struct itest_trace *t = &s->tr;

	assert_string_equal(s->run.out, "Result: 10000\n");
	assert_int_equal(itest_count_where(t, "access", "kind", "write"), 10000);
	assert_int_equal(itest_count_where(t, "access", "value", "10000"), 1);
}

static void test_unknown_scenario(void **state)
{
	struct itest_run run;
	char *argv[] = { (char *)ctrace_bin, "scenario", "9.9", NULL };

	(void)state;
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "9.9"));
	itest_run_free(&run);
}

static void test_scenarios_lists_all(void **state)
{
	struct itest_run run;
	char *argv[] = { (char *)ctrace_bin, "scenarios", NULL };
	const char *ids[] = { "1.1", "1.2", "1.2b", "1.3", "1.3b", "2.1", "2.2",
			      "2.3", "3.1", "3.2",  "3.3", "4.1",  "4.2" };

	(void)state;
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 0);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_non_null(strstr(run.out, ids[i]));
	assert_non_null(strstr(run.out, "通过克隆发送者创建多个生产者"));
	assert_non_null(strstr(run.out, "Multiple producers by cloning the transmitter"));
	itest_run_free(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios_lists_all),
		cmocka_unit_test(test_unknown_scenario),
		cmocka_unit_test_teardown(test_1_1_spawn, teardown),
		cmocka_unit_test_teardown(test_1_2_join, teardown),
		cmocka_unit_test_teardown(test_1_2b_join_first, teardown),
		cmocka_unit_test_teardown(test_1_3_move, teardown),
		cmocka_unit_test_teardown(test_1_3b_use_after_drop, teardown),
		cmocka_unit_test_teardown(test_2_1_channel, teardown),
		cmocka_unit_test_teardown(test_2_2_receiver_waits, teardown),
		cmocka_unit_test_teardown(test_2_3_two_producers, teardown),
		cmocka_unit_test_teardown(test_3_1_mutex, teardown),
		cmocka_unit_test_teardown(test_3_2_shared_counter, teardown),
		cmocka_unit_test_teardown(test_3_3_deadlock, teardown),
		cmocka_unit_test_teardown(test_4_1_data_race, teardown),
		cmocka_unit_test_teardown(test_4_2_atomic, teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_scenarios: CTRACE_BIN must be set (ctest does)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
