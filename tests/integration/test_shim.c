/* SPDX-License-Identifier: MIT */
/*
 * test_shim.c - the LD_PRELOAD shim end to end: plain pthread programs
 * recorded by `ctrace record` without recompiling, read back with
 * babeltrace2. Exact events for shim_prog (whose interleavings are forced),
 * invariants for the examples, message arrows through a POSIX message queue
 * (threads and forked processes), semaphore wake-ups in the model, no double
 * counting for a libctrace program, nothing from LTTng-UST's own threads,
 * forked children, static programs; spin locks, a waiting rwlock writer and
 * socketpairs (edge_prog), and the faults: a program that closes every
 * descriptor, a child that outlives the program, 1,000 threads, a crash, a
 * set-user-ID program, a program with its own locking allocator.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <mqueue.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"
#include "analysis.h"
#include "itest_model.h"
#include "model.h"

static const char *ctrace_bin;

/* Records ARGS (NULL-terminated, at most 8) with OPTION (may be NULL) and reads the trace. */
static void record(struct itest_fixture *f, const char *option, char *const env[], ...)
{
	char *argv[16];
	int i = 0;
	va_list ap;
	char *a;

	argv[i++] = (char *)ctrace_bin;
	argv[i++] = "record";
	argv[i++] = "-o";
	argv[i++] = f->trace;
	argv[i++] = "--timeout";
	argv[i++] = "120";
	if (option)
		argv[i++] = (char *)option;
	argv[i++] = "--";
	va_start(ap, env);
	while ((a = va_arg(ap, char *)) && i < 15)
		argv[i++] = a;
	va_end(ap);
	argv[i] = NULL;
	itest_run(argv, env, &f->run);
	if (f->run.status != 0)
		print_error("ctrace record failed (%d):\n%s\n%s\n", f->run.status, f->run.out,
			    f->run.err);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.err, "0 events discarded"));
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
}

static char *example(const char *name)
{
	char *path;

	assert_true(asprintf(&path, "%s/%s", getenv("EXAMPLES_DIR"), name) > 0);
	return path;
}

/* The value printed by the program as "KEY=value", as a decimal string. */
static void printed(const struct itest_fixture *f, const char *key, char *buf, size_t len)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "%s=", key);
	p = strstr(f->run.out, pat);
	assert_non_null(p);
	p += strlen(pat);
	snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
}

/* The index of the next event on EV's lane (same process and thread) after I, or n. */
static size_t lane_next(const struct itest_trace *tr, size_t i)
{
	for (size_t j = i + 1; j < tr->n; j++)
		if (tr->events[j].vtid == tr->events[i].vtid &&
		    tr->events[j].vpid == tr->events[i].vpid)
			return j;
	return tr->n;
}

static bool named(const struct itest_event *ev, const char *name)
{
	return strcmp(ev->name, name) == 0;
}

/* Events called NAME with KEY = VALUE in process VPID (0: any). */
static size_t count_in(const struct itest_trace *tr, int64_t vpid, const char *name,
		       const char *key, const char *value)
{
	size_t n = 0;

	for (size_t i = 0; i < tr->n; i++) {
		const struct itest_event *ev = &tr->events[i];
		const char *v = key ? itest_field(ev, key) : NULL;

		if ((vpid == 0 || ev->vpid == vpid) && named(ev, name) &&
		    (!key || (v && !strcmp(v, value))))
			n++;
	}
	return n;
}

/*
 * What every shim trace must satisfy: each lane is a process's main thread
 * or begins with thread_begin (so no thread of LTTng-UST has a lane: without
 * the shim's caller check they do, and the program deadlocks), spawned
 * lanes end with thread_end, every *_begin of a blocking call is followed on
 * its lane by its *_end, and nothing carries LTTng-UST's thread names.
 */
static void assert_lanes_sound(const struct itest_trace *tr)
{
	for (size_t i = 0; i < tr->n; i++) {
		const struct itest_event *ev = &tr->events[i];
		size_t next = lane_next(tr, i);
		bool first = true;

		/* LTTng-UST names its listener threads "<program>-ust". */
		if (ev->procname && strlen(ev->procname) > 4 &&
		    strcmp(ev->procname + strlen(ev->procname) - 4, "-ust") == 0)
			fail_msg("an event of LTTng-UST's thread %s", ev->procname);
		for (size_t j = 0; j < i && first; j++)
			first = !(tr->events[j].vtid == ev->vtid && tr->events[j].vpid == ev->vpid);
		if (first && ev->vtid != ev->vpid) {
			if (!named(ev, "thread_begin"))
				fail_msg("lane %" PRId64 " starts with %s, not thread_begin",
					 ev->vtid, ev->name);
		}
		if (next == tr->n && ev->vtid != ev->vpid && !named(ev, "thread_end"))
			fail_msg("lane %" PRId64 " ends with %s, not thread_end", ev->vtid,
				 ev->name);
		if (named(ev, "mutex_lock_begin")) {
			assert_true(next < tr->n);
			assert_string_equal(tr->events[next].name, "mutex_lock_end");
			assert_string_equal(itest_field(&tr->events[next], "mutex"),
					    itest_field(ev, "mutex"));
		}
		if (named(ev, "cond_wait_begin")) {
			assert_true(next < tr->n);
			assert_string_equal(tr->events[next].name, "cond_wait_end");
			assert_string_equal(itest_field(&tr->events[next], "cond"),
					    itest_field(ev, "cond"));
		}
		if (named(ev, "sem_wait_begin")) {
			assert_true(next < tr->n);
			assert_string_equal(tr->events[next].name, "sem_wait_end");
		}
		if (named(ev, "fd_read_begin")) {
			assert_true(next < tr->n);
			assert_string_equal(tr->events[next].name, "fd_read");
			assert_string_equal(itest_field(&tr->events[next], "stream"),
					    itest_field(ev, "stream"));
		}
		if (named(ev, "sleep_begin")) {
			assert_true(next < tr->n);
			assert_string_equal(tr->events[next].name, "sleep_end");
		}
		if (named(ev, "mq_send_begin") || named(ev, "mq_recv_begin")) {
			assert_true(next < tr->n);
			assert_string_equal(tr->events[next].name,
					    named(ev, "mq_send_begin") ? "mq_send_end" : "mq_recv");
			assert_string_equal(itest_field(&tr->events[next], "queue"),
					    itest_field(ev, "queue"));
		}
	}
	assert_int_equal(itest_count(tr, "thread_spawn"), itest_count(tr, "thread_begin"));
	assert_int_equal(itest_count(tr, "thread_begin"), itest_count(tr, "thread_end"));
	assert_int_equal(itest_count(tr, "mutex_lock_end"), itest_count(tr, "mutex_unlock"));
}

/*
 * Checks, in the model of TRACE, that every mutex_new, cond_new or sem_new
 * of the object with id ID (in any process) names it NAME, and returns how
 * many there were. Names are checked in the model, not in babeltrace2's text:
 * babeltrace2 2.0.4 prints an empty string field as an earlier value of it.
 */
static size_t named_creations(const char *trace, const char *id, const char *name)
{
	struct ct_model *m = itest_model_load(trace);
	size_t n_ev, n_objs, n = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	uint64_t want = strtoull(id, NULL, 10);

	for (size_t i = 0; i < n_ev; i++) {
		const char *got;

		if ((ev[i].type != CT_EV_MUTEX_NEW && ev[i].type != CT_EV_COND_NEW &&
		     ev[i].type != CT_EV_SEM_NEW && ev[i].type != CT_EV_RWLOCK_NEW) ||
		    ev[i].obj >= n_objs || objs[ev[i].obj].id != want)
			continue;
		got = ct_model_string(m, objs[ev[i].obj].name);
		if (ev[i].type == CT_EV_MUTEX_NEW || ev[i].type == CT_EV_COND_NEW ||
		    ev[i].type == CT_EV_RWLOCK_NEW)
			got = ct_model_string(m, ev[i].arg); /* this event's own name */
		if (strcmp(got, name) != 0)
			fail_msg("creation event %zu of object %s: name \"%s\", not \"%s\"", i, id,
				 got, name);
		n++;
	}
	ct_model_destroy(m);
	return n;
}

/* The analyses find no thread left unjoined in TRACE. */
static void assert_no_unjoined(const char *trace)
{
	struct ct_model *m = itest_model_load(trace);
	struct ct_analysis *a = NULL;

	assert_int_equal(ct_analysis_run(m, &a), CT_MODEL_OK);
	assert_int_equal(ct_analysis_count(a, CT_FINDING_UNJOINED), 0);
	ct_analysis_destroy(a);
	ct_model_destroy(m);
}

static void test_forced_interleavings(void **state)
{
	struct itest_fixture *f = *state;
	char contended[32], alone[32], child_s[32], token[32];
	int64_t main_pid, child;
	const struct itest_event *first_spawn = NULL;

	record(f, NULL, NULL, getenv("SHIM_PROG"), NULL);
	assert_lanes_sound(&f->tr);
	printed(f, "contended", contended, sizeof(contended));
	printed(f, "alone", alone, sizeof(alone));
	printed(f, "child", child_s, sizeof(child_s));
	child = strtoll(child_s, NULL, 10);
	for (size_t i = 0; i < f->tr.n && !first_spawn; i++)
		if (named(&f->tr.events[i], "thread_spawn"))
			first_spawn = &f->tr.events[i];
	assert_non_null(first_spawn);
	main_pid = first_spawn->vpid;

	/* One wait, by main, on the one mutex another thread held. */
	assert_int_equal(count_in(&f->tr, 0, "mutex_lock_begin", NULL, NULL), 1);
	assert_int_equal(count_in(&f->tr, 0, "mutex_lock_begin", "mutex", contended), 1);
	for (size_t i = 0; i < f->tr.n; i++)
		if (named(&f->tr.events[i], "mutex_lock_begin"))
			assert_int_equal(f->tr.events[i].vtid, main_pid);
	/*
	 * Named after the program's variables: static and global objects by the
	 * executable's symbol table; the one on main's stack (alone) has no name,
	 * in main and in the forked child, which announces it again.
	 */
	printed(f, "token", token, sizeof(token));
	assert_int_equal(named_creations(f->trace, contended, "contended"), 1);
	assert_int_equal(named_creations(f->trace, token, "token"), 1);
	assert_int_equal(named_creations(f->trace, alone, ""), 2);
	/* The static mutex is announced on first use; the uncontended loop is one event per lock. */
	assert_int_equal(count_in(&f->tr, main_pid, "mutex_new", "mutex", contended), 1);
	assert_int_equal(count_in(&f->tr, main_pid, "mutex_new", "mutex", alone), 1);
	assert_int_equal(count_in(&f->tr, main_pid, "mutex_lock_end", "mutex", alone), 102);
	assert_int_equal(count_in(&f->tr, main_pid, "mutex_unlock", "mutex", alone), 102);

	/* Seven threads in the parent; the two detached ones are never joined. */
	assert_int_equal(count_in(&f->tr, main_pid, "thread_begin", NULL, NULL), 7);
	assert_int_equal(count_in(&f->tr, main_pid, "thread_end", NULL, NULL), 7);
	assert_int_equal(count_in(&f->tr, main_pid, "join_end", NULL, NULL), 5);
	/*
	 * Detached both ways: created detached (thread_detach right after its
	 * spawn) and by pthread_detach; neither is nobody's to join.
	 */
	assert_int_equal(count_in(&f->tr, main_pid, "thread_detach", NULL, NULL), 2);
	assert_no_unjoined(f->trace);
	/* Unnamed threads are named after their start routine. */
	assert_int_equal(count_in(&f->tr, main_pid, "thread_begin", "name", "quick"), 2);
	assert_int_equal(count_in(&f->tr, main_pid, "thread_begin", "name", "slow"), 1);
	assert_int_equal(count_in(&f->tr, main_pid, "thread_begin", "name", "later"), 1);
	assert_int_equal(count_in(&f->tr, main_pid, "thread_spawn", "name", "later"), 1);
	assert_int_equal(count_in(&f->tr, 0, "thread_name", "name", "holder"), 1);
	/* A thread that names itself with prctl(PR_SET_NAME), as Rust's std did before 1.65. */
	assert_int_equal(count_in(&f->tr, main_pid, "thread_name", "name", "later-prctl"), 1);
	/* Thread 2 ended before its join (no join_begin); thread 3 was still sleeping. */
	{
		const char *ids[5];
		size_t n = 0;

		for (size_t i = 0; i < f->tr.n && n < 5; i++)
			if (named(&f->tr.events[i], "thread_spawn") &&
			    f->tr.events[i].vpid == main_pid)
				ids[n++] = itest_field(&f->tr.events[i], "thread");
		assert_int_equal(n, 5);
		assert_int_equal(count_in(&f->tr, main_pid, "join_begin", "thread", ids[1]), 0);
		assert_int_equal(count_in(&f->tr, main_pid, "join_end", "thread", ids[1]), 1);
		assert_int_equal(count_in(&f->tr, main_pid, "join_begin", "thread", ids[2]), 1);
		assert_int_equal(count_in(&f->tr, main_pid, "join_end", "thread", ids[4]), 0);
	}
	assert_int_equal(count_in(&f->tr, 0, "cond_new", NULL, NULL), 1);
	assert_int_equal(count_in(&f->tr, 0, "cond_wait_end", "status", "timeout"), 1);
	assert_int_equal(count_in(&f->tr, 0, "sleep_begin", "ns", "100000000"), 2);
	assert_int_equal(count_in(&f->tr, 0, "sleep_begin", "ns", "50000000"), 3);

	/* The semaphore: one wait blocked (on the waiter's lane), two took a token. */
	printed(f, "token", token, sizeof(token));
	assert_int_equal(count_in(&f->tr, main_pid, "sem_new", "sem", token), 1);
	assert_int_equal(count_in(&f->tr, main_pid, "sem_wait_begin", "sem", token), 1);
	assert_int_equal(count_in(&f->tr, main_pid, "sem_wait_end", "sem", token), 2);
	assert_int_equal(count_in(&f->tr, main_pid, "sem_post", "sem", token), 2);
	for (size_t i = 0; i < f->tr.n; i++)
		if (named(&f->tr.events[i], "sem_wait_begin"))
			assert_int_not_equal(f->tr.events[i].vtid, main_pid);

	/* The rwlock held twice for reading at once: two read lock_ends and unlocks, no wait. */
	printed(f, "rwlock", token, sizeof(token));
	assert_int_equal(count_in(&f->tr, main_pid, "rwlock_new", "rwlock", token), 1);
	assert_int_equal(count_in(&f->tr, main_pid, "rwlock_lock_end", "rwlock", token), 2);
	assert_int_equal(count_in(&f->tr, main_pid, "rwlock_lock_end", "mode", "read"), 2);
	assert_int_equal(count_in(&f->tr, main_pid, "rwlock_unlock", "mode", "read"), 2);
	assert_int_equal(count_in(&f->tr, 0, "rwlock_lock_begin", "rwlock", token), 0);

	/* The forked child is recorded as a process of its own, its objects announced again. */
	assert_non_null(strstr(f->run.err, "recorded 1 more process"));
	assert_int_equal(count_in(&f->tr, child, "thread_begin", NULL, NULL), 1);
	assert_int_equal(count_in(&f->tr, child, "join_end", NULL, NULL), 1);
	assert_int_equal(count_in(&f->tr, child, "mutex_new", "mutex", alone), 1);
	assert_int_equal(count_in(&f->tr, child, "mutex_lock_end", "mutex", alone), 1);
}

/* What the model of TRACE draws: arrows by kind (between two lanes) and spans by state. */
struct drawn {
	size_t arrows[CT_ARROW_COUNT_];
	size_t spans[CT_STATE_COUNT_];
};

static struct drawn model_drawn(const char *trace)
{
	struct ct_model *m;
	size_t n_ev, n_arrows, n_spans;
	const struct ct_model_event *ev;
	const struct ct_model_arrow *arrows;
	const struct ct_model_span *spans;
	struct drawn d;

	memset(&d, 0, sizeof(d));
	m = itest_model_load(trace);
	ev = ct_model_borrow_events(m, &n_ev);
	arrows = ct_model_borrow_arrows(m, &n_arrows);
	spans = ct_model_borrow_spans(m, &n_spans);
	for (size_t i = 0; i < n_arrows; i++) {
		/* Every arrow joins two lanes and goes forward in time. */
		assert_int_not_equal(ev[arrows[i].from].lane, ev[arrows[i].to].lane);
		assert_true(ct_model_event_time(&ev[arrows[i].from]) <=
			    ct_model_event_time(&ev[arrows[i].to]));
		d.arrows[ct_model_arrow_kind(m, &arrows[i])]++;
	}
	for (size_t i = 0; i < n_spans; i++)
		d.spans[ct_model_span_state(m, &spans[i])]++;
	ct_model_destroy(m);
	return d;
}

static void test_prodcons(void **state)
{
	struct itest_fixture *f = *state;
	char *prog = example("prodcons");
	struct drawn d;

	record(f, NULL, NULL, prog, "2", "2", "50", NULL);
	free(prog);
	/* prodcons exits 1 when the sum is wrong; record() asserted 0. */
	assert_lanes_sound(&f->tr);
	assert_int_equal(itest_thread_count(&f->tr), 5);
	assert_int_equal(itest_count(&f->tr, "thread_spawn"), 4);
	assert_int_equal(itest_count(&f->tr, "join_end"), 4);
	assert_int_equal(itest_count_where(&f->tr, "thread_name", "name", "producer"), 2);
	assert_int_equal(itest_count_where(&f->tr, "thread_name", "name", "consumer"), 2);
	assert_int_equal(itest_count(&f->tr, "mutex_new"), 1);
	assert_int_equal(itest_count(&f->tr, "cond_new"), 2);
	/* 100 items: every put and every take is at least one lock. */
	assert_true(itest_count(&f->tr, "mutex_lock_end") >= 200);
	assert_true(itest_count(&f->tr, "cond_signal") >= 100);
	assert_int_equal(itest_count(&f->tr, "cond_wait_begin"),
			 itest_count(&f->tr, "cond_wait_end"));
	/*
	 * Drawn: main's four spawn and join arrows; consumers wait on the queue
	 * (producers pause between items), and each wait ends with a wake-up
	 * arrow from a signal on another lane.
	 */
	d = model_drawn(f->trace);
	assert_int_equal(d.arrows[CT_ARROW_SPAWN], 4);
	assert_int_equal(d.arrows[CT_ARROW_JOIN], 4);
	assert_true(d.spans[CT_STATE_BLOCKED_COND] >= 1);
	assert_true(d.arrows[CT_ARROW_WAKEUP] >= 1);
}

static void test_pool(void **state)
{
	struct itest_fixture *f = *state;
	char *prog = example("pool");
	struct drawn d;

	record(f, NULL, NULL, prog, "4", "32", NULL);
	free(prog);
	assert_non_null(strstr(f->run.out, "total 496 (expected 496)"));
	assert_lanes_sound(&f->tr);
	assert_int_equal(itest_thread_count(&f->tr), 5);
	assert_int_equal(itest_count(&f->tr, "thread_begin"), 4);
	assert_int_equal(itest_count(&f->tr, "join_end"), 4);
	assert_int_equal(itest_count_where(&f->tr, "sleep_begin", "ns", "500000"), 32);
	assert_int_equal(itest_count(&f->tr, "mutex_new"), 2);
	assert_int_equal(itest_count(&f->tr, "cond_new"), 2);
	assert_true(itest_count(&f->tr, "cond_broadcast") >= 2);
	/*
	 * Main hands out the tasks holding the lock, so it must wait on the idle
	 * condition until a worker's signal wakes it (a wake-up arrow).
	 */
	d = model_drawn(f->trace);
	assert_int_equal(d.arrows[CT_ARROW_SPAWN], 4);
	assert_int_equal(d.arrows[CT_ARROW_JOIN], 4);
	assert_true(d.spans[CT_STATE_BLOCKED_COND] >= 1);
	assert_true(d.arrows[CT_ARROW_WAKEUP] >= 1);
}

/*
 * The dining philosophers as textbooks first write them deadlock: recorded
 * until --timeout kills them, the analysis finds one wait-for cycle through
 * all five philosophers, named after their threads and forks. With
 * --ordered they all eat, and nothing is found.
 */
static void test_philosophers(void **state)
{
	struct itest_fixture *f = *state;
	char *prog = example("philosophers");
	char *argv[] = {
		(char *)ctrace_bin, "record", "-o", f->trace, "--timeout", "3", "--", prog, NULL
	};
	struct ct_model *m;
	struct ct_analysis *a = NULL;
	const struct ct_finding *fs;
	size_t n;
	char text[1024];

	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 128 + 9);
	assert_non_null(strstr(f->run.err, "--timeout"));
	m = itest_model_load(f->trace);
	assert_int_equal(ct_analysis_run(m, &a), CT_MODEL_OK);
	fs = ct_analysis_borrow_findings(a, &n);
	assert_int_equal(n, 1);
	assert_int_equal(fs[0].kind, CT_FINDING_DEADLOCK);
	ct_analysis_describe(m, a, &fs[0], text, sizeof(text));
	for (int i = 0; i < 5; i++) {
		char holds[64];

		/* Threads are named as everywhere: "philosopher-0 (T2, tid 3830)". */
		snprintf(holds, sizeof(holds), "philosopher-%d (T%d, tid ", i, i + 2);
		if (!strstr(text, holds))
			fail_msg("no \"%s\" in: %s", holds, text);
		snprintf(holds, sizeof(holds), ") holds mutex forks[%d]", i);
		if (!strstr(text, holds))
			fail_msg("no \"%s\" in: %s", holds, text);
	}
	ct_analysis_destroy(a);
	ct_model_destroy(m);
	itest_fixture_fini(f);
	itest_fixture_init(f);

	record(f, NULL, NULL, prog, "--ordered", NULL);
	assert_non_null(strstr(f->run.out, "all 5 philosophers ate 3 times"));
	assert_int_equal(itest_count(&f->tr, "mutex_lock_end"), 30);
	m = itest_model_load(f->trace);
	assert_int_equal(ct_analysis_run(m, &a), CT_MODEL_OK);
	ct_analysis_borrow_findings(a, &n);
	assert_int_equal(n, 0);
	ct_analysis_destroy(a);
	ct_model_destroy(m);
	free(prog);
}

/* The number of distinct vpids in the trace. */
static size_t process_count(const struct itest_trace *tr)
{
	size_t n = 0;

	for (size_t i = 0; i < tr->n; i++) {
		size_t j;

		for (j = 0; j < i && tr->events[j].vpid != tr->events[i].vpid; j++)
			;
		n += j == i;
	}
	return n;
}

/*
 * The pipeline's byte streams in the model: every write is read, and each
 * fd_write has exactly one message arrow, to an fd_read of the same stream
 * whose byte range overlaps it, in another process when PROCESSES; the
 * bytes read on each stream are the bytes written; a reader waited
 * (a blocked-recv span) at least once.
 */
static void assert_pipe_arrows(const char *trace, bool processes)
{
	struct ct_model *m;
	size_t n_ev, n_arrows, n_lanes, n_spans, n_writes = 0, n_msg = 0, blocked = 0;
	const struct ct_model_event *ev;
	const struct ct_model_arrow *arrows;
	const struct ct_model_lane *lanes;
	const struct ct_model_span *spans;
	uint64_t written = 0, read = 0;

	m = itest_model_load(trace);
	ev = ct_model_borrow_events(m, &n_ev);
	arrows = ct_model_borrow_arrows(m, &n_arrows);
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	spans = ct_model_borrow_spans(m, &n_spans);
	for (size_t i = 0; i < n_ev; i++) {
		if (ev[i].type == CT_EV_FD_WRITE) {
			n_writes++;
			written += (uint64_t)ct_model_event_value(m, &ev[i]);
		} else if (ev[i].type == CT_EV_FD_READ) {
			read += (uint64_t)ct_model_event_value(m, &ev[i]);
		}
	}
	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_event *from = &ev[arrows[i].from], *to = &ev[arrows[i].to];
		uint64_t fo = ct_model_event_offset(m, from), to_o = ct_model_event_offset(m, to);

		if (from->type != CT_EV_FD_WRITE)
			continue;
		n_msg++;
		assert_int_equal(ct_model_arrow_kind(m, &arrows[i]), CT_ARROW_MESSAGE);
		assert_int_equal(to->type, CT_EV_FD_READ);
		assert_int_equal(from->obj, to->obj);
		assert_true(fo < to_o + (uint64_t)ct_model_event_value(m, to));
		assert_true(to_o < fo + (uint64_t)ct_model_event_value(m, from));
		assert_true(ct_model_event_time(from) <= ct_model_event_time(to));
		if (processes)
			assert_int_not_equal(lanes[from->lane].pid, lanes[to->lane].pid);
		else
			assert_int_equal(lanes[from->lane].pid, lanes[to->lane].pid);
	}
	for (size_t i = 0; i < n_spans; i++)
		blocked += ct_model_span_state(m, &spans[i]) == CT_STATE_BLOCKED_RECV;
	/*
	 * 100 numbers in 4 batches of 25 from the generator, and the filter
	 * writes once per read (one read may take several batches): at least 5.
	 */
	assert_true(n_writes >= 5);
	assert_int_equal(n_msg, n_writes);
	assert_true(written > 0);
	assert_true(read == written);
	/* The sink's first read waits for the other stages to start; later waits depend on timing. */
	assert_true(blocked >= 1);
	ct_model_destroy(m);
}

static void test_pipeline_processes(void **state)
{
	struct itest_fixture *f = *state;
	char *prog = example("pipeline");

	record(f, NULL, NULL, prog, "processes", "100", NULL);
	free(prog);
	assert_non_null(strstr(f->run.out, "sum of squares 338350 (expected 338350)"));
	assert_non_null(strstr(f->run.err, "recorded 2 more processes"));
	assert_lanes_sound(&f->tr);
	/* Three processes, each with its one stage thread spawned, begun, ended and joined. */
	assert_int_equal(process_count(&f->tr), 3);
	assert_int_equal(itest_count(&f->tr, "thread_begin"), 3);
	assert_int_equal(itest_count(&f->tr, "join_end"), 3);
	assert_int_equal(itest_count_where(&f->tr, "thread_name", "name", "generator"), 1);
	assert_int_equal(itest_count_where(&f->tr, "thread_name", "name", "filter"), 1);
	assert_int_equal(itest_count_where(&f->tr, "thread_name", "name", "sink"), 1);
	/* The filter and the sink count 100 lines each under the static mutex. */
	assert_int_equal(itest_count(&f->tr, "mutex_lock_end"), 200);
	assert_pipe_arrows(f->trace, true);
}

static void test_pipeline_threads(void **state)
{
	struct itest_fixture *f = *state;
	char *prog = example("pipeline");

	record(f, NULL, NULL, prog, "threads", "100", NULL);
	free(prog);
	assert_lanes_sound(&f->tr);
	assert_int_equal(process_count(&f->tr), 1);
	assert_int_equal(itest_thread_count(&f->tr), 6);
	assert_int_equal(itest_count(&f->tr, "thread_begin"), 5);
	assert_int_equal(itest_count(&f->tr, "join_end"), 5);
	assert_pipe_arrows(f->trace, false);
}

/*
 * mq_prog's queue in the model: N message arrows, each from an mq_send to an
 * mq_recv of the same queue, hash and length, from the producer's lane to
 * the consumer's (the spawned thread to main, or the parent to the forked
 * child when PROCESSES), every receive matched once; the producer blocked
 * on the full queue at least once and the consumer on the empty one.
 */
static void assert_mq_arrows(const char *trace, size_t n_msgs, bool processes)
{
	struct ct_model *m;
	size_t n_ev, n_arrows, n_lanes, n_spans, n_msg = 0, n_recv = 0;
	size_t blocked_send = 0, blocked_recv = 0;
	const struct ct_model_event *ev;
	const struct ct_model_arrow *arrows;
	const struct ct_model_lane *lanes;
	const struct ct_model_span *spans;
	uint32_t consumer = CT_MODEL_NONE, producer = CT_MODEL_NONE;

	m = itest_model_load(trace);
	ev = ct_model_borrow_events(m, &n_ev);
	arrows = ct_model_borrow_arrows(m, &n_arrows);
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	spans = ct_model_borrow_spans(m, &n_spans);
	for (size_t i = 0; i < n_ev; i++)
		n_recv += ev[i].type == CT_EV_MQ_RECV && ev[i].status == CT_OK;
	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_event *from = &ev[arrows[i].from], *to = &ev[arrows[i].to];

		if (from->type != CT_EV_MQ_SEND)
			continue;
		n_msg++;
		assert_int_equal(ct_model_arrow_kind(m, &arrows[i]), CT_ARROW_MESSAGE);
		assert_int_equal(to->type, CT_EV_MQ_RECV);
		assert_int_equal(to->status, CT_OK);
		assert_int_equal(from->obj, to->obj);
		assert_true(ct_model_event_hash(m, from) == ct_model_event_hash(m, to));
		assert_int_equal(ct_model_event_value(m, from), ct_model_event_value(m, to));
		assert_int_equal(ct_model_event_prio(m, from), ct_model_event_prio(m, to));
		assert_true(ct_model_event_time(from) <= ct_model_event_time(to));
		/* One producer lane and one consumer lane. */
		if (producer == CT_MODEL_NONE)
			producer = from->lane;
		if (consumer == CT_MODEL_NONE)
			consumer = to->lane;
		assert_int_equal(from->lane, producer);
		assert_int_equal(to->lane, consumer);
	}
	assert_int_equal(n_msg, n_msgs);
	assert_int_equal(n_recv, n_msgs);
	assert_int_equal(ct_model_borrow_problems(m)->recv_unmatched, 0);
	assert_int_equal(ct_model_borrow_problems(m)->span_mismatch, 0);
	if (processes) {
		assert_int_not_equal(lanes[producer].pid, lanes[consumer].pid);
	} else {
		assert_int_equal(lanes[producer].pid, lanes[consumer].pid);
		assert_int_not_equal(lanes[producer].tid, lanes[producer].pid);
		assert_int_equal(lanes[consumer].tid, lanes[consumer].pid);
	}
	for (size_t i = 0; i < n_spans; i++) {
		enum ct_lane_state st = ct_model_span_state(m, &spans[i]);
		uint32_t lane = ev[spans[i].begin].lane;

		assert_int_not_equal(spans[i].end, CT_MODEL_NONE);
		if (st == CT_STATE_BLOCKED_SEND) {
			assert_int_equal(ev[spans[i].begin].type, CT_EV_MQ_SEND_BEGIN);
			assert_int_equal(lane, producer);
			blocked_send++;
		} else if (st == CT_STATE_BLOCKED_RECV) {
			assert_int_equal(ev[spans[i].begin].type, CT_EV_MQ_RECV_BEGIN);
			assert_int_equal(lane, consumer);
			blocked_recv++;
		}
	}
	/* The queue holds 2 and the consumer starts 100 ms late; the producer pauses 300 ms. */
	assert_true(blocked_send >= 1);
	assert_true(blocked_recv >= 1);
	ct_model_destroy(m);
}

/*
 * Semaphores through the shim and the model: sem_prog's poster posts N
 * times while its waiter blocks in sem_wait; each post is one wake-up arrow
 * from the poster's lane to a sem_wait_end on the waiter's, the waiter has
 * blocked-semaphore spans, and its final timed-out wait takes no token.
 */
static void test_semaphores(void **state)
{
	enum { N = 6 };
	struct itest_fixture *f = *state;
	struct ct_model *m;
	size_t n_ev, n_arrows, n_spans, wakeups = 0, blocked = 0;
	const struct ct_model_event *ev;
	const struct ct_model_arrow *arrows;
	const struct ct_model_span *spans;
	const struct ct_model_lane *waiter_lane;
	uint32_t poster, waiter;

	record(f, NULL, NULL, getenv("SEM_PROG"), "6", NULL);
	assert_non_null(strstr(f->run.out, "posts=6\ntimeouts=1\n"));
	assert_lanes_sound(&f->tr);
	assert_int_equal(itest_count(&f->tr, "sem_new"), 1);
	assert_int_equal(itest_count_where(&f->tr, "sem_new", "value", "0"), 1);
	assert_int_equal(itest_count(&f->tr, "sem_post"), N);
	assert_int_equal(itest_count_where(&f->tr, "sem_wait_end", "status", "ok"), N);
	assert_int_equal(itest_count_where(&f->tr, "sem_wait_end", "status", "timeout"), 1);

	m = itest_model_load(f->trace);
	ev = ct_model_borrow_events(m, &n_ev);
	arrows = ct_model_borrow_arrows(m, &n_arrows);
	spans = ct_model_borrow_spans(m, &n_spans);
	poster = itest_model_lane_named(m, "poster");
	waiter = itest_model_lane_named(m, "waiter");
	assert_int_equal(ct_model_borrow_problems(m)->sem_unmatched, 0);
	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_event *from = &ev[arrows[i].from], *to = &ev[arrows[i].to];

		if (from->type != CT_EV_SEM_POST)
			continue;
		assert_int_equal(ct_model_arrow_kind(m, &arrows[i]), CT_ARROW_WAKEUP);
		assert_int_equal(from->lane, poster);
		assert_int_equal(to->lane, waiter);
		assert_int_equal(to->type, CT_EV_SEM_WAIT_END);
		assert_int_equal(to->status, CT_OK);
		assert_int_equal(from->obj, to->obj);
		assert_true(ct_model_event_time(from) <= ct_model_event_time(to));
		wakeups++;
	}
	assert_int_equal(wakeups, N);
	waiter_lane = &ct_model_borrow_lanes(m, &(size_t){ 0 })[waiter];
	for (uint32_t k = 0; k < waiter_lane->span_count; k++)
		blocked += ct_model_span_state(m, &spans[waiter_lane->span_first + k]) ==
			   CT_STATE_BLOCKED_SEM;
	/* 20 ms between posts: the waiter finds the count at zero (nearly) every time. */
	assert_true(blocked >= 1);
	assert_int_equal(waiter_lane->end, CT_LANE_ENDED);
	ct_model_destroy(m);
}

/* Records mq_prog MODE with 12 messages and checks its events and its model. */
static void check_mq_prog(struct itest_fixture *f, const char *mode)
{
	char qname[64];
	mqd_t q;

	record(f, NULL, NULL, getenv("MQ_PROG"), mode, "12", NULL);
	assert_non_null(strstr(f->run.out, "received=12\nsum=66\n"));
	assert_lanes_sound(&f->tr);
	/* Every send went in once and was received once: no send was withdrawn. */
	assert_int_equal(itest_count(&f->tr, "mq_send"), 12);
	assert_int_equal(itest_count_where(&f->tr, "mq_recv", "status", "ok"), 12);
	assert_int_equal(itest_count(&f->tr, "mq_recv"), 12);
	assert_int_equal(itest_count(&f->tr, "mq_send_end"), itest_count(&f->tr, "mq_send_begin"));
	assert_int_equal(itest_count_where(&f->tr, "mq_send_end", "status", "ok"),
			 itest_count(&f->tr, "mq_send_begin"));
	assert_mq_arrows(f->trace, 12, strcmp(mode, "fork") == 0);
	/* The program removed its queue. */
	printed(f, "queue", qname, sizeof(qname));
	q = mq_open(qname, O_RDONLY);
	if (q != (mqd_t)-1)
		mq_close(q);
	assert_int_equal(q, (mqd_t)-1);
}

static void test_mq_threads(void **state)
{
	check_mq_prog(*state, "threads");
}

static void test_mq_fork(void **state)
{
	struct itest_fixture *f = *state;

	check_mq_prog(f, "fork");
	assert_non_null(strstr(f->run.err, "recorded 1 more process"));
	assert_int_equal(process_count(&f->tr), 2);
}

/* Event counts by name, except the *_begin events whose presence depends on timing. */
static void assert_same_events(const struct itest_trace *a, const struct itest_trace *b)
{
	static const char *const names[] = {
		"thread_spawn",
		"thread_begin",
		"thread_end",
		"thread_name",
		"join_end",
		"chan_new",
		"chan_send_end",
		"chan_recv_end",
		"chan_sender_drop",
		"chan_receiver_drop",
		"mutex_new",
		"mutex_lock_end",
		"mutex_unlock",
		"cond_new",
		"cond_wait_end",
		"cond_signal",
		"sleep_end",
		"mark",
		"print",
	};

	/* The process events are the shim's alone (a libctrace program has none without it). */
	static const char *const shim_only[] = { "proc_fork", "proc_start", "proc_exec",
						 "wait_begin", "wait_end" };
	size_t na = a->n - itest_count(a, "join_begin");

	for (size_t i = 0; i < sizeof(shim_only) / sizeof(shim_only[0]); i++)
		na -= itest_count(a, shim_only[i]);
	assert_int_equal(itest_count(a, "proc_start"), 1);
	assert_int_equal(na, b->n - itest_count(b, "join_begin"));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (itest_count(a, names[i]) != itest_count(b, names[i]))
			fail_msg("%s: %zu with the shim, %zu without", names[i],
				 itest_count(a, names[i]), itest_count(b, names[i]));
}

static void test_libctrace_not_counted_twice(void **state)
{
	struct itest_fixture *f = *state;
	struct itest_fixture g;

	itest_fixture_init(&g);
	record(f, NULL, NULL, getenv("SHIM_CTPROG"), NULL);
	record(&g, "--no-preload", NULL, getenv("SHIM_CTPROG"), NULL);
	assert_int_equal(itest_count(&f->tr, "thread_begin"), 3);
	assert_int_equal(itest_count(&f->tr, "mutex_lock_end"), 11);
	assert_int_equal(itest_count(&f->tr, "thread_name"), 0);
	assert_same_events(&f->tr, &g.tr);
	/* Every id is libctrace's counter, none an address the shim would use. */
	for (size_t i = 0; i < f->tr.n; i++) {
		const char *m = itest_field(&f->tr.events[i], "mutex");

		assert_true(!m || strtoull(m, NULL, 10) < (1ull << 32));
	}
	itest_fixture_fini(&g);
}

static void test_static_program(void **state)
{
	struct itest_fixture *f = *state;
	char *argv[] = { (char *)ctrace_bin,    "record", "-o", f->trace, "--",
			 getenv("STATIC_PROG"), NULL };

	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "static program ran"));
	assert_non_null(
		strstr(f->run.err, "statically linked, so the LD_PRELOAD shim cannot apply"));
	assert_non_null(strstr(f->run.err, "libctrace"));
}

static void test_preload_appended(void **state)
{
	struct itest_fixture *f = *state;
	char *env[] = { "LD_PRELOAD=libm.so.6", NULL };
	char *argv[] = { (char *)ctrace_bin, "record", "-o", f->trace, "--", "env", NULL };
	char *argv_off[] = { (char *)ctrace_bin, "record", "-o",  f->trace,
			     "--no-preload",     "--",     "env", NULL };
	const char *line;

	itest_run(argv, env, &f->run);
	assert_int_equal(f->run.status, 0);
	line = strstr(f->run.out, "\nLD_PRELOAD=");
	assert_non_null(line);
	/* The user's preload first, then the shim, then LTTng's fork helper. */
	assert_true(strncmp(line, "\nLD_PRELOAD=libm.so.6:", 22) == 0);
	assert_non_null(strstr(line, "libctrace-preload.so:"));
	assert_non_null(strstr(line, "liblttng-ust-fork.so"));
	assert_non_null(strstr(line, "liblttng-ust-fd.so"));
	itest_run_free(&f->run);
	itest_rmtree(f->trace);

	itest_run(argv_off, env, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "\nLD_PRELOAD=libm.so.6\n"));
	assert_null(strstr(f->run.out, "CTRACE_SHIM_FD"));
}

/* Arrows of KIND in the model of TRACE from an event of type FROM, by whether they cross lanes. */
static size_t arrows_from(const char *trace, enum ct_arrow_kind kind, enum ct_event_type from)
{
	struct ct_model *m;
	size_t n_ev, n_arrows, n = 0;
	const struct ct_model_event *ev;
	const struct ct_model_arrow *arrows;

	m = itest_model_load(trace);
	ev = ct_model_borrow_events(m, &n_ev);
	arrows = ct_model_borrow_arrows(m, &n_arrows);
	for (size_t i = 0; i < n_arrows; i++)
		if (ct_model_arrow_kind(m, &arrows[i]) == kind && ev[arrows[i].from].type == from &&
		    ev[arrows[i].from].lane != ev[arrows[i].to].lane)
			n++;
	ct_model_destroy(m);
	return n;
}

/*
 * A spin lock and a read-write lock that main must wait for (a holder took
 * them first and main waits on a flag until it has), and a socketpair on
 * which the answerer waits for main's question: exact begin/end counts on
 * the right lanes, hand-off arrows, and message arrows both ways.
 */
static void test_spin_rwlock_socketpair(void **state)
{
	struct itest_fixture *f = *state;
	char spin[32], rw[32], local[32];
	int64_t main_pid = 0;
	uint64_t written = 0, read = 0;

	record(f, NULL, NULL, getenv("EDGE_PROG"), "locks", NULL);
	assert_lanes_sound(&f->tr);
	printed(f, "spin", spin, sizeof(spin));
	printed(f, "rwlock", rw, sizeof(rw));
	for (size_t i = 0; i < f->tr.n && !main_pid; i++)
		main_pid = f->tr.events[i].vpid;

	assert_int_equal(count_in(&f->tr, 0, "mutex_new", "mutex", spin), 1);
	assert_int_equal(count_in(&f->tr, 0, "mutex_lock_end", "mutex", spin), 2);
	assert_int_equal(count_in(&f->tr, 0, "mutex_unlock", "mutex", spin), 2);
	assert_int_equal(count_in(&f->tr, 0, "mutex_lock_begin", "mutex", spin), 1);
	/*
	 * Creation events carry the names of the program's variables; a mutex on
	 * the stack has none, also when its creation comes right after a named
	 * one, 201 times (babeltrace2 2.0.4 would show it with an earlier name).
	 */
	printed(f, "local", local, sizeof(local));
	assert_int_equal(named_creations(f->trace, spin, "spin"), 1);
	assert_int_equal(named_creations(f->trace, rw, "rw"), 1);
	assert_int_equal(named_creations(f->trace, local, ""), 201);
	printed(f, "pair0", spin, sizeof(spin));
	assert_int_equal(named_creations(f->trace, spin, "pair[0]"), 200);
	printed(f, "pair1", spin, sizeof(spin));
	assert_int_equal(named_creations(f->trace, spin, "pair[1]"), 1);
	printed(f, "spin", spin, sizeof(spin));
	/* The writer waited behind the reader, and the reader's unlock let it in. */
	assert_int_equal(count_in(&f->tr, 0, "rwlock_lock_end", "rwlock", rw), 2);
	assert_int_equal(count_in(&f->tr, 0, "rwlock_lock_begin", "rwlock", rw), 1);
	assert_int_equal(count_in(&f->tr, 0, "rwlock_lock_begin", "mode", "write"), 1);
	assert_int_equal(count_in(&f->tr, 0, "rwlock_unlock", "mode", "read"), 1);
	assert_int_equal(count_in(&f->tr, 0, "rwlock_unlock", "mode", "write"), 1);
	for (size_t i = 0; i < f->tr.n; i++)
		if (named(&f->tr.events[i], "rwlock_lock_begin"))
			assert_int_equal(f->tr.events[i].vtid, main_pid);
	assert_int_equal(arrows_from(f->trace, CT_ARROW_HANDOFF, CT_EV_MUTEX_UNLOCK), 1);
	assert_int_equal(arrows_from(f->trace, CT_ARROW_HANDOFF, CT_EV_RWLOCK_UNLOCK), 1);

	/* "ping?" one way, "pong" back; the answerer waited for the question. */
	assert_int_equal(itest_count(&f->tr, "fd_write"), 2);
	for (size_t i = 0; i < f->tr.n; i++) {
		const struct itest_event *ev = &f->tr.events[i];

		if (named(ev, "fd_write"))
			written += (uint64_t)itest_field_int(ev, "len");
		else if (named(ev, "fd_read"))
			read += (uint64_t)itest_field_int(ev, "len");
		else if (named(ev, "fd_read_begin") && itest_field_int(ev, "len") == 5)
			assert_int_not_equal(ev->vtid, main_pid);
	}
	assert_int_equal(written, 9);
	assert_int_equal(read, 9);
	assert_true(count_in(&f->tr, 0, "fd_read_begin", NULL, NULL) >= 1);
	assert_int_equal(arrows_from(f->trace, CT_ARROW_MESSAGE, CT_EV_FD_WRITE), 2);
}

/*
 * A program that closes every descriptor -- one by one, with closefrom and
 * with close_range -- keeps being recorded (LTTng's fd helper and the shim
 * keep LTTng-UST's and the recorder's descriptors), so its threads and the
 * child it forks afterwards are all in the trace. Without that the program
 * aborts in LTTng-UST at exit and its forked child is lost.
 */
static void test_closes_every_descriptor(void **state)
{
	struct itest_fixture *f = *state;
	static const char *const hows[] = { "loop", "closefrom", "close_range" };

	for (size_t i = 0; i < sizeof(hows) / sizeof(hows[0]); i++) {
		char child[32];

		record(f, NULL, NULL, getenv("EDGE_PROG"), "closeall", hows[i], NULL);
		assert_non_null(strstr(f->run.out, "counter=800"));
		assert_non_null(strstr(f->run.err, "recorded 1 more process"));
		printed(f, "child", child, sizeof(child));
		assert_int_equal(itest_count(&f->tr, "thread_begin"), 4);
		assert_int_equal(itest_count(&f->tr, "mutex_lock_end"), 1000);
		assert_int_equal(
			count_in(&f->tr, strtoll(child, NULL, 10), "mutex_lock_end", NULL, NULL),
			200);
		itest_fixture_fini(f);
		itest_fixture_init(f);
	}
}

/*
 * --timeout after the program exited: the recorded process still running is
 * killed and counted ("killing the 1 process"); processes started without
 * the shim (here a shell run with LD_PRELOAD dropped starts a sleep) are
 * said not to be recorded and are not waited for. The count is never 0
 * (issue 10: "killing the 0 processes ... started").
 */
static void test_timeout_counts_the_processes_it_kills(void **state)
{
	struct itest_fixture *f = *state;

	record(f, "--timeout=1", NULL, getenv("EDGE_PROG"), "orphan", "20000", NULL);
	assert_non_null(strstr(f->run.err, "killing the 1 process '"));
	assert_non_null(strstr(f->run.err, "still running after 1 s (--timeout)"));
}

static void test_timeout_leaves_unrecorded_processes(void **state)
{
	struct itest_fixture *f = *state;

	record(f, "--timeout=1", NULL, "/bin/sh", "-c",
	       "env -u LD_PRELOAD /bin/sh -c 'sleep 3 &'; exit 0", NULL);
	assert_null(strstr(f->run.err, "killing the"));
	assert_non_null(strstr(f->run.err,
			       "not waiting for the processes '/bin/sh' started that "
			       "are still running: they were started without the shim"));
}

/* A forked child that outlives the program is waited for, and its events are all recorded. */
static void test_child_outlives_program(void **state)
{
	struct itest_fixture *f = *state;
	char child_s[32];
	int64_t child;
	uint64_t parent_last = 0, child_first = UINT64_MAX;

	record(f, NULL, NULL, getenv("EDGE_PROG"), "orphan", "300", NULL);
	assert_non_null(strstr(f->run.err, "waiting for the processes it started"));
	assert_non_null(strstr(f->run.err, "recorded 1 more process"));
	assert_non_null(strstr(f->run.out, "orphan done"));
	printed(f, "child", child_s, sizeof(child_s));
	child = strtoll(child_s, NULL, 10);
	assert_int_equal(count_in(&f->tr, child, "thread_begin", NULL, NULL), 1);
	assert_int_equal(count_in(&f->tr, child, "thread_end", NULL, NULL), 1);
	assert_int_equal(count_in(&f->tr, child, "join_end", NULL, NULL), 1);
	assert_int_equal(count_in(&f->tr, child, "mutex_lock_end", NULL, NULL), 200);
	for (size_t i = 0; i < f->tr.n; i++) {
		const struct itest_event *ev = &f->tr.events[i];

		if (ev->vpid == child && named(ev, "thread_begin") && ev->ts < child_first)
			child_first = ev->ts;
		else if (ev->vpid != child && ev->ts > parent_last)
			parent_last = ev->ts;
	}
	/* The child's thread started after the program had gone (it slept 300 ms first). */
	assert_true(child_first > parent_last);
}

/*
 * 1,000 threads at once: every one begun, ended and joined, every lock
 * recorded, none lost. The 400,000-event trace is counted through the model
 * (babeltrace2's text output would take minutes to read back here).
 */
static void test_thousand_threads(void **state)
{
	struct itest_fixture *f = *state;
	char *argv[] = { (char *)ctrace_bin,  "record",  "-o",   f->trace, "--",
			 getenv("EDGE_PROG"), "threads", "1000", NULL };
	struct ct_model *m;
	size_t n_ev, n_lanes, count[CT_EV_COUNT_] = { 0 };
	const struct ct_model_event *ev;

	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "counter=200000"));
	assert_non_null(strstr(f->run.err, "(0 events discarded)"));
	m = itest_model_load(f->trace);
	ev = ct_model_borrow_events(m, &n_ev);
	for (size_t i = 0; i < n_ev; i++)
		count[ev[i].type]++;
	ct_model_borrow_lanes(m, &n_lanes);
	assert_int_equal(n_lanes, 1001);
	assert_int_equal(count[CT_EV_THREAD_SPAWN], 1000);
	assert_int_equal(count[CT_EV_THREAD_BEGIN], 1000);
	assert_int_equal(count[CT_EV_THREAD_END], 1000);
	assert_int_equal(count[CT_EV_JOIN_END], 1000);
	assert_int_equal(count[CT_EV_MUTEX_LOCK_END], 200000);
	assert_int_equal(count[CT_EV_MUTEX_UNLOCK], 200000);
	ct_model_destroy(m);
}

/* A program that crashes: its exit status is passed on and what it did before is kept. */
static void test_program_crashes(void **state)
{
	struct itest_fixture *f = *state;
	char *argv[] = { (char *)ctrace_bin,  "record", "-o", f->trace, "--",
			 getenv("EDGE_PROG"), "crash",  NULL };

	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 128 + 11);
	assert_non_null(strstr(f->run.err, "killed by signal 11"));
	assert_non_null(strstr(f->run.err, "trace saved"));
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_int_equal(itest_count(&f->tr, "thread_end"), 1);
	assert_int_equal(itest_count(&f->tr, "join_end"), 1);
	/* The thread's 200 locks, and main's last one, taken just before the crash. */
	assert_int_equal(itest_count(&f->tr, "mutex_lock_end"), 201);
}

/*
 * A program that runs another (fork + execv, and posix_spawn): both new
 * programs announce themselves from the shim's constructor and are recorded,
 * each a process of its own with its three threads.
 */
static void test_exec_and_spawn(void **state)
{
	struct itest_fixture *f = *state;
	char pid_s[32];

	record(f, NULL, NULL, getenv("EDGE_PROG"), "exec", NULL);
	assert_lanes_sound(&f->tr);
	assert_non_null(strstr(f->run.err, "recorded 2 more processes"));
	printed(f, "exec", pid_s, sizeof(pid_s));
	assert_int_equal(count_in(&f->tr, strtoll(pid_s, NULL, 10), "thread_begin", NULL, NULL), 3);
	assert_int_equal(count_in(&f->tr, strtoll(pid_s, NULL, 10), "mutex_lock_end", NULL, NULL),
			 600);
	printed(f, "spawn", pid_s, sizeof(pid_s));
	assert_int_equal(count_in(&f->tr, strtoll(pid_s, NULL, 10), "thread_begin", NULL, NULL), 3);
	assert_int_equal(count_in(&f->tr, strtoll(pid_s, NULL, 10), "mutex_lock_end", NULL, NULL),
			 600);
	/*
	 * Processes: the forked child starts, execs and starts again as an
	 * exec; the spawned one starts spawned; each has a fork arrow from
	 * the parent, and the parent's two waits reap them.
	 */
	assert_int_equal(count_in(&f->tr, 0, "proc_start", "how", "1"), 1);
	assert_int_equal(count_in(&f->tr, 0, "proc_start", "how", "0"), 1);
	assert_int_equal(count_in(&f->tr, 0, "proc_start", "how", "2"), 1);
	assert_int_equal(count_in(&f->tr, strtoll(pid_s, NULL, 10), "proc_exec", NULL, NULL), 0);
	assert_int_equal(itest_count(&f->tr, "proc_exec"), 1);
	assert_int_equal(arrows_from(f->trace, CT_ARROW_FORK, CT_EV_PROC_FORK), 2);
	assert_int_equal(count_in(&f->tr, 0, "wait_end", "status", "ok"), 2);
}

/*
 * 50 short-lived children started at once, each locking a mutex as its very
 * first act and exiting: 25 forked (the lock right after fork returns) and
 * 25 forked and executed (the lock first thing in main). None may lose its
 * first events, which is what the announcement's wait is for (a child that
 * ran on before the recorder had it in the session would lose them): each
 * child is a lane of the model, a process of its own, that opens (after its
 * proc_start) with the mutex's creation under its name and then the lock.
 */
static void test_burst_of_children_keeps_first_events(void **state)
{
	struct itest_fixture *f = *state;
	struct ct_model *m;
	const struct ct_model_lane *lanes;
	const struct ct_model_event *ev;
	size_t n_lanes, n_ev, children = 0;
	const char *p;

	record(f, NULL, NULL, getenv("EDGE_PROG"), "burst", "25", NULL);
	m = itest_model_load(f->trace);
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	ev = ct_model_borrow_events(m, &n_ev);
	for (p = strstr(f->run.out, "child="); p; p = strstr(p + 1, "child=")) {
		long pid = strtol(p + 6, NULL, 10);
		size_t l = 0;
		uint32_t e;

		while (l < n_lanes && lanes[l].pid != (uint32_t)pid)
			l++;
		if (l == n_lanes)
			fail_msg("child %ld has no lane: its events were lost", pid);
		/* The process's own start (proc_start, and proc_exec before an exec) comes first. */
		for (e = lanes[l].first_event;
		     e < n_ev && (ev[e].lane != l || ev[e].type == CT_EV_PROC_START ||
				  ev[e].type == CT_EV_PROC_EXEC);
		     e++)
			;
		assert_true(e < n_ev);
		assert_int_equal(lanes[l].tid, (uint32_t)pid);
		if (ev[e].type != CT_EV_MUTEX_NEW ||
		    strcmp(ct_model_string(m, ev[e].arg), "first_lock") != 0)
			fail_msg(
				"child %ld: its lane opens with event %s, not mutex_new first_lock",
				pid, ct_event_type_name(ev[e].type));
		assert_int_equal(count_in(&f->tr, pid, "mutex_lock_end", NULL, NULL), 1);
		assert_int_equal(count_in(&f->tr, pid, "mutex_unlock", NULL, NULL), 1);
		children++;
	}
	assert_int_equal(children, 50);
	assert_non_null(strstr(f->run.err, "recorded 50 more processes"));
	/* The program and its 50 children, one thread each. */
	assert_int_equal(n_lanes, 51);
	ct_model_destroy(m);
}

/*
 * A program with its own allocator that takes a pthread mutex on every call
 * (for LTTng-UST's allocations too): recorded without hanging, each of its
 * 800 allocations and frees a lock of that mutex, taken and given back.
 */
static void test_own_allocator(void **state)
{
	struct itest_fixture *f = *state;
	char arena[32];

	record(f, NULL, NULL, getenv("ALLOC_PROG"), NULL);
	assert_lanes_sound(&f->tr);
	printed(f, "arena", arena, sizeof(arena));
	assert_int_equal(itest_count(&f->tr, "thread_begin"), 4);
	assert_true(count_in(&f->tr, 0, "mutex_lock_end", "mutex", arena) >= 801);
	assert_int_equal(count_in(&f->tr, 0, "mutex_lock_end", "mutex", arena),
			 count_in(&f->tr, 0, "mutex_unlock", "mutex", arena));
}

/*
 * A set-user-ID program owned by someone else: the loader ignores
 * LD_PRELOAD for it, so ctrace says so, still runs it, and says it recorded
 * nothing. Needs root, to give the copy away.
 */
static void test_setuid_program(void **state)
{
	struct itest_fixture *f = *state;
	char copy[4200], *cmd;
	char *argv[] = { (char *)ctrace_bin, "record", "-o", f->trace, "--", copy, "hello", NULL };

	if (geteuid() != 0)
		skip();
	snprintf(copy, sizeof(copy), "%s/edge_prog_suid", f->tmp);
	assert_true(asprintf(&cmd, "cp '%s' '%s' && chown 65534:65534 '%s' && chmod 4755 '%s'",
			     getenv("EDGE_PROG"), copy, copy, copy) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "hello"));
	assert_non_null(strstr(f->run.err, "set-user-ID or set-group-ID"));
	assert_non_null(strstr(f->run.err, "recorded no ctrace events"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forced_interleavings, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_prodcons, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pool, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_philosophers, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pipeline_processes, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pipeline_threads, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_mq_threads, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_burst_of_children_keeps_first_events,
						itest_fixture_setup, itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_counts_the_processes_it_kills,
						itest_fixture_setup, itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_leaves_unrecorded_processes,
						itest_fixture_setup, itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_mq_fork, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_semaphores, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_libctrace_not_counted_twice,
						itest_fixture_setup, itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_static_program, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_preload_appended, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_spin_rwlock_socketpair, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_closes_every_descriptor, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_child_outlives_program, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_thousand_threads, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_program_crashes, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_exec_and_spawn, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_own_allocator, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_setuid_program, itest_fixture_setup,
						itest_fixture_teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin || !getenv("SHIM_PROG") || !getenv("EDGE_PROG") || !getenv("MQ_PROG") ||
	    !getenv("SEM_PROG") || !getenv("ALLOC_PROG") || !getenv("EXAMPLES_DIR")) {
		fprintf(stderr,
			"test_shim: run through ctest (CTRACE_BIN, SHIM_PROG, EDGE_PROG, MQ_PROG, "
			"SEM_PROG, ALLOC_PROG, EXAMPLES_DIR)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
