/* SPDX-License-Identifier: MIT */
/* test_sync.c - unit tests of ctrace arcs, condition variables, printing, ids and sleeps. */

/*
 * Helper threads are plain pthreads. cmocka's assertions run on the main
 * thread only: helpers record what they saw and the main thread checks it
 * after joining them (or after taking the mutex that guards it).
 */
#define _GNU_SOURCE
#include <ctrace/ctrace.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "ids.h"
#include "timing.h"

#define SETTLE_MS 50

/* ----------------------------------------------------------------- helpers */

/* ------------------------------------------------------------------ arcs */

/* Boxed data that remembers how often, and on which thread, it was destroyed. */
struct boxed {
	atomic_int destroyed;
	_Atomic uint64_t destroyed_on; /* ct_thread_self() of the destroying thread */
};

static void destroy_boxed(void *data)
{
	struct boxed *b = data;

	atomic_store(&b->destroyed_on, ct_thread_self());
	atomic_fetch_add(&b->destroyed, 1);
}

/* new gives 1, clone adds one, drop removes one; the last drop destroys once. */
static void test_arc_counts(void **state)
{
	struct boxed b = { 0 };
	struct ct_arc *a, *c1, *c2;

	(void)state;
	assert_int_equal(ct_arc_new(&a, &b, destroy_boxed, "boxed"), CT_OK);
	assert_int_equal(ct_arc_count(a), 1);
	assert_ptr_equal(ct_arc_get(a), &b);

	c1 = ct_arc_clone(a);
	assert_ptr_equal(c1, a);
	assert_int_equal(ct_arc_count(a), 2);
	c2 = ct_arc_clone(c1);
	assert_ptr_equal(c2, a);
	assert_int_equal(ct_arc_count(a), 3);
	assert_ptr_equal(ct_arc_get(c2), &b);

	assert_int_equal(ct_arc_drop(c1), CT_OK);
	assert_int_equal(ct_arc_count(a), 2);
	assert_int_equal(ct_arc_drop(a), CT_OK);
	assert_int_equal(ct_arc_count(c2), 1);
	assert_int_equal(atomic_load(&b.destroyed), 0);
	assert_ptr_equal(ct_arc_get(c2), &b);

	assert_int_equal(ct_arc_drop(c2), CT_OK);
	assert_int_equal(atomic_load(&b.destroyed), 1);
	assert_true(atomic_load(&b.destroyed_on) == ct_thread_self());
}

static void test_arc_without_destroy(void **state)
{
	int x = 3;
	struct ct_arc *a;

	(void)state;
	assert_int_equal(ct_arc_new(&a, &x, NULL, NULL), CT_OK);
	assert_ptr_equal(ct_arc_get(ct_arc_clone(a)), &x);
	assert_int_equal(ct_arc_drop(a), CT_OK);
	assert_int_equal(ct_arc_drop(a), CT_OK);
	assert_int_equal(x, 3);
}

struct arc_holder {
	struct ct_arc *arc; /* borrowed */
	unsigned clones;
	struct ct_arc **held; /* owned array of CLONES references */
	pthread_barrier_t *barrier;
	unsigned errors;
};

/* Takes CLONES references, waits for every holder to do the same, drops them. */
static void *hold_and_drop(void *p)
{
	struct arc_holder *h = p;

	pthread_barrier_wait(h->barrier); /* start together, to contend */
	for (unsigned i = 0; i < h->clones; i++)
		h->held[i] = ct_arc_clone(h->arc);
	pthread_barrier_wait(h->barrier); /* every clone is taken */
	pthread_barrier_wait(h->barrier); /* main has checked the count */
	for (unsigned i = 0; i < h->clones; i++)
		h->errors += ct_arc_drop(h->held[i]) != CT_OK;
	return NULL;
}

/* Counts stay exact under concurrent clones and drops from several threads. */
static void test_arc_concurrent_counts(void **state)
{
	enum { T = 4, K = 50000 };
	struct boxed b = { 0 };
	struct arc_holder h[T];
	pthread_t t[T];
	pthread_barrier_t barrier;
	struct ct_arc *a;
	size_t during;

	(void)state;
	assert_int_equal(pthread_barrier_init(&barrier, NULL, T + 1), 0);
	assert_int_equal(ct_arc_new(&a, &b, destroy_boxed, "shared"), CT_OK);
	for (int i = 0; i < T; i++) {
		h[i] = (struct arc_holder){ .arc = a, .clones = K, .barrier = &barrier };
		h[i].held = calloc(K, sizeof(*h[i].held));
		assert_non_null(h[i].held);
		assert_int_equal(pthread_create(&t[i], NULL, hold_and_drop, &h[i]), 0);
	}
	pthread_barrier_wait(&barrier);
	pthread_barrier_wait(&barrier);
	during = ct_arc_count(a);
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < T; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(h[i].errors, 0);
		free(h[i].held);
	}
	pthread_barrier_destroy(&barrier);

	assert_int_equal(during, 1 + T * K);
	assert_int_equal(ct_arc_count(a), 1);
	assert_int_equal(atomic_load(&b.destroyed), 0);
	assert_int_equal(ct_arc_drop(a), CT_OK);
	assert_int_equal(atomic_load(&b.destroyed), 1);
}

/* A racing last drop: one worker per reference, released together. */
struct racer {
	struct ct_arc *arc; /* owned for one round: dropped by this worker */
	pthread_barrier_t *barrier;
	unsigned rounds;
	uint64_t self;
	unsigned errors;
};

static void *race_drop(void *p)
{
	struct racer *r = p;

	r->self = ct_thread_self();
	for (unsigned i = 0; i < r->rounds; i++) {
		pthread_barrier_wait(r->barrier); /* main handed out this round's refs */
		r->errors += ct_arc_drop(r->arc) != CT_OK;
		pthread_barrier_wait(r->barrier); /* every ref of the round is dropped */
	}
	return NULL;
}

/*
 * Round after round, T threads drop the T references of a fresh arc at the
 * same moment: the data is destroyed exactly once, by one of them.
 */
static void test_arc_last_drop_race(void **state)
{
	enum { T = 4, ROUNDS = 300 };
	struct racer r[T];
	pthread_t t[T];
	pthread_barrier_t barrier;
	struct boxed *boxes;
	unsigned wrong_count = 0, wrong_thread = 0;

	(void)state;
	boxes = calloc(ROUNDS, sizeof(*boxes));
	assert_non_null(boxes);
	assert_int_equal(pthread_barrier_init(&barrier, NULL, T + 1), 0);
	for (int i = 0; i < T; i++) {
		r[i] = (struct racer){ .barrier = &barrier, .rounds = ROUNDS };
		assert_int_equal(pthread_create(&t[i], NULL, race_drop, &r[i]), 0);
	}
	for (unsigned round = 0; round < ROUNDS; round++) {
		struct ct_arc *a = NULL;

		if (ct_arc_new(&a, &boxes[round], destroy_boxed, "race") != CT_OK)
			abort(); /* the workers wait on the barrier: cannot bail out cleanly */
		r[0].arc = a;
		for (int i = 1; i < T; i++)
			r[i].arc = ct_arc_clone(a);
		pthread_barrier_wait(&barrier);
		pthread_barrier_wait(&barrier);
		if (atomic_load(&boxes[round].destroyed) != 1)
			wrong_count++;
	}
	for (int i = 0; i < T; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(r[i].errors, 0);
	}
	pthread_barrier_destroy(&barrier);
	for (unsigned round = 0; round < ROUNDS; round++) {
		uint64_t on = atomic_load(&boxes[round].destroyed_on);
		bool by_worker = false;

		for (int i = 0; i < T; i++)
			by_worker |= on == r[i].self;
		wrong_thread += !by_worker;
	}
	free(boxes);
	assert_int_equal(wrong_count, 0);
	assert_int_equal(wrong_thread, 0);
}

static void test_arc_ids_and_invalid(void **state)
{
	struct ct_arc *a, *b;
	struct ct_arc *out = (struct ct_arc *)&out;

	(void)state;
	assert_int_equal(ct_arc_new(NULL, NULL, NULL, NULL), CT_INVALID);
	assert_ptr_equal(out, (struct ct_arc *)&out);
	assert_int_equal(ct_arc_drop(NULL), CT_INVALID);

	assert_int_equal(ct_arc_new(&a, NULL, NULL, "a"), CT_OK);
	assert_int_equal(ct_arc_new(&b, NULL, NULL, "b"), CT_OK);
	assert_true(ct_arc_id(a) != 0);
	assert_true(ct_arc_id(b) != 0);
	assert_true(ct_arc_id(a) != ct_arc_id(b));
	assert_true(ct_arc_id(ct_arc_clone(a)) == ct_arc_id(a));
	assert_int_equal(ct_arc_drop(a), CT_OK);
	assert_int_equal(ct_arc_drop(a), CT_OK);
	assert_int_equal(ct_arc_drop(b), CT_OK);
}

/* --------------------------------------------------- condition variables */

/*
 * A room of waiters. Every field below the mutex is guarded by it; the
 * waiters announce themselves and their wake-ups on PROGRESS, so the main
 * thread learns "all N are waiting" without sleeping: a waiter increments
 * WAITING and enters ct_cond_wait without releasing the mutex in between, so
 * once the main thread holds the mutex and sees WAITING == N, all N are
 * inside the wait.
 */
struct room {
	struct ct_mutex *m;       /* owned */
	struct ct_cond *c;        /* owned: what the waiters wait on */
	struct ct_cond *progress; /* owned: waiters -> main */
	int waiting;              /* waiters that entered the wait */
	int tokens;               /* one per waiter allowed to leave (signal test) */
	bool go;                  /* everyone may leave (broadcast test) */
	int returns;              /* returns from ct_cond_wait, spurious ones included */
	int left;                 /* waiters that left */
	int errors;
	atomic_int lock_failure; /* status of a failed lock or unlock: not guarded */
};

static void room_init(struct room *r)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(ct_mutex_new(&r->m, r, "room"), CT_OK);
	assert_int_equal(ct_cond_new(&r->c, "c"), CT_OK);
	assert_int_equal(ct_cond_new(&r->progress, "progress"), CT_OK);
}

static void room_fini(struct room *r)
{
	assert_int_equal(ct_cond_destroy(r->c), CT_OK);
	assert_int_equal(ct_cond_destroy(r->progress), CT_OK);
	assert_int_equal(ct_mutex_destroy(r->m, NULL), CT_OK);
}

/* Waits (holding the mutex) until *COUNTER >= TARGET; false after the deadline. */
static bool room_await(struct room *r, const int *counter, int target)
{
	uint64_t end = now_ns() + DEADLINE_NS;

	while (*counter < target) {
		if (now_ns() > end)
			return false;
		ct_cond_wait_timeout(r->progress, r->m, 100 * MS_NS);
	}
	return true;
}

static void *room_waiter(void *p)
{
	struct room *r = p;
	enum ct_status st = ct_mutex_lock(r->m, NULL);

	if (st != CT_OK) {
		atomic_store(&r->lock_failure, (int)st);
		return NULL;
	}
	r->waiting++;
	r->errors += ct_cond_broadcast(r->progress) != CT_OK;
	while (r->tokens == 0 && !r->go) {
		if (ct_cond_wait(r->c, r->m) != CT_OK) {
			r->errors++;
			break;
		}
		r->returns++;
	}
	if (r->tokens > 0)
		r->tokens--;
	r->left++;
	r->errors += ct_cond_broadcast(r->progress) != CT_OK;
	/* After the unlock nothing in R is ours any more: report through an atomic. */
	st = ct_mutex_unlock(r->m);
	if (st != CT_OK)
		atomic_store(&r->lock_failure, (int)st);
	return NULL;
}

/* Each signal lets exactly one of three waiters go. */
static void test_cond_signal_wakes_one(void **state)
{
	enum { N = 3 };
	struct room r;
	pthread_t t[N];
	bool all_waiting, progressed[N] = { 0 };
	int left_after[N] = { 0 }, returns_after_first = -1;

	(void)state;
	room_init(&r);
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_create(&t[i], NULL, room_waiter, &r), 0);

	assert_int_equal(ct_mutex_lock(r.m, NULL), CT_OK);
	all_waiting = room_await(&r, &r.waiting, N);
	for (int i = 0; i < N && all_waiting; i++) {
		r.tokens++;
		assert_int_equal(ct_cond_signal(r.c), CT_OK);
		progressed[i] = room_await(&r, &r.left, i + 1);
		if (i == 0) {
			/* Give a wrongly woken second waiter time to show up. */
			assert_int_equal(ct_mutex_unlock(r.m), CT_OK);
			sleep_ms(SETTLE_MS);
			assert_int_equal(ct_mutex_lock(r.m, NULL), CT_OK);
			returns_after_first = r.returns;
		}
		left_after[i] = r.left;
	}
	assert_int_equal(ct_mutex_unlock(r.m), CT_OK);

	assert_true(all_waiting);
	for (int i = 0; i < N; i++) {
		assert_true(progressed[i]);
		assert_int_equal(left_after[i], i + 1);
	}
	/*
	 * The contract allows spurious wake-ups, but a signal that woke every
	 * waiter would show up here as N returns instead of 1.
	 */
	assert_int_equal(returns_after_first, 1);
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(atomic_load(&r.lock_failure), CT_OK);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.tokens, 0);
	room_fini(&r);
}

/* One broadcast lets all four waiters go. */
static void test_cond_broadcast_wakes_all(void **state)
{
	enum { N = 4 };
	struct room r;
	pthread_t t[N];
	bool all_waiting, all_left = false;
	int left;

	(void)state;
	room_init(&r);
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_create(&t[i], NULL, room_waiter, &r), 0);

	assert_int_equal(ct_mutex_lock(r.m, NULL), CT_OK);
	all_waiting = room_await(&r, &r.waiting, N);
	if (all_waiting) {
		r.go = true;
		assert_int_equal(ct_cond_broadcast(r.c), CT_OK);
		all_left = room_await(&r, &r.left, N);
	}
	left = r.left;
	assert_int_equal(ct_mutex_unlock(r.m), CT_OK);

	assert_int_equal(atomic_load(&r.lock_failure), CT_OK);
	assert_true(all_waiting);
	assert_true(all_left);
	assert_int_equal(left, N);
	for (int i = 0; i < N; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(r.errors, 0);
	room_fini(&r);
}

/* Signal and broadcast with nobody waiting are harmless and not remembered. */
static void test_cond_signal_without_waiters(void **state)
{
	struct ct_mutex *m;
	struct ct_cond *c;

	(void)state;
	assert_int_equal(ct_mutex_new(&m, NULL, NULL), CT_OK);
	assert_int_equal(ct_cond_new(&c, NULL), CT_OK);
	assert_int_equal(ct_cond_signal(c), CT_OK);
	assert_int_equal(ct_cond_broadcast(c), CT_OK);
	assert_int_equal(ct_mutex_lock(m, NULL), CT_OK);
	assert_int_equal(ct_cond_wait_timeout(c, m, 20 * MS_NS), CT_TIMEOUT);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);
	assert_int_equal(ct_cond_destroy(c), CT_OK);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
}

struct try_lock_probe {
	struct ct_mutex *m; /* borrowed */
	enum ct_status status;
};

static void *try_lock_elsewhere(void *p)
{
	struct try_lock_probe *pr = p;

	pr->status = ct_mutex_try_lock(pr->m, NULL);
	if (pr->status == CT_OK)
		ct_mutex_unlock(pr->m);
	return NULL;
}

struct wait_timeout_case {
	uint64_t timeout_ns;
};

static struct wait_timeout_case wait_1ms = { 1 * MS_NS };
static struct wait_timeout_case wait_50ms = { 50 * MS_NS };
static struct wait_timeout_case wait_200ms = { 200 * MS_NS };

/* wait_timeout expires after about the timeout, with the mutex ours again. */
static void test_cond_wait_timeout_expires(void **state)
{
	const struct wait_timeout_case *tc = *state;
	struct ct_mutex *m;
	struct ct_cond *c;
	struct try_lock_probe pr;
	pthread_t t;
	uint64_t t0, elapsed;

	assert_int_equal(ct_mutex_new(&m, NULL, "m"), CT_OK);
	assert_int_equal(ct_cond_new(&c, "c"), CT_OK);
	assert_int_equal(ct_mutex_lock(m, NULL), CT_OK);
	t0 = now_ns();
	assert_int_equal(ct_cond_wait_timeout(c, m, tc->timeout_ns), CT_TIMEOUT);
	elapsed = now_ns() - t0;
	assert_true(elapsed >= tc->timeout_ns - tc->timeout_ns / 10);
	assert_true(elapsed <= tc->timeout_ns + 3000 * MS_NS);

	/* Held, by this thread: others are refused, a relock is a deadlock. */
	pr = (struct try_lock_probe){ .m = m };
	assert_int_equal(pthread_create(&t, NULL, try_lock_elsewhere, &pr), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(pr.status, CT_BUSY);
	assert_int_equal(ct_mutex_lock(m, NULL), CT_DEADLOCK);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);

	assert_int_equal(ct_cond_destroy(c), CT_OK);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
}

struct timed_waiter {
	struct room *r;
	enum ct_status status;
	enum ct_status relock; /* ct_mutex_lock right after the wait */
	uint64_t elapsed_ns;
};

static void *wait_with_timeout(void *p)
{
	struct timed_waiter *w = p;
	struct room *r = w->r;
	uint64_t t0;

	ct_mutex_lock(r->m, NULL);
	r->waiting++;
	ct_cond_broadcast(r->progress);
	t0 = now_ns();
	w->status = CT_OK;
	while (!r->go && w->status == CT_OK)
		w->status = ct_cond_wait_timeout(r->c, r->m, DEADLINE_NS);
	w->elapsed_ns = now_ns() - t0;
	w->relock = ct_mutex_lock(r->m, NULL);
	ct_mutex_unlock(r->m);
	return NULL;
}

/* A signal ends a timed wait early with CT_OK and the mutex held. */
static void test_cond_wait_timeout_signalled(void **state)
{
	struct room r;
	struct timed_waiter w = { .r = &r };
	pthread_t t;
	bool waiting;

	(void)state;
	room_init(&r);
	assert_int_equal(pthread_create(&t, NULL, wait_with_timeout, &w), 0);
	assert_int_equal(ct_mutex_lock(r.m, NULL), CT_OK);
	waiting = room_await(&r, &r.waiting, 1);
	r.go = true;
	assert_int_equal(ct_cond_signal(r.c), CT_OK);
	assert_int_equal(ct_mutex_unlock(r.m), CT_OK);
	assert_int_equal(pthread_join(t, NULL), 0);

	assert_true(waiting);
	assert_int_equal(w.status, CT_OK);
	assert_int_equal(w.relock, CT_DEADLOCK);
	assert_true(w.elapsed_ns < DEADLINE_NS / 2);
	room_fini(&r);
}

/* Waiting requires holding the mutex; NULLs are refused. */
static void test_cond_invalid(void **state)
{
	struct ct_mutex *m;
	struct ct_cond *c;
	struct ct_cond *out = (struct ct_cond *)&out;

	(void)state;
	assert_int_equal(ct_cond_new(NULL, "x"), CT_INVALID);
	assert_ptr_equal(out, (struct ct_cond *)&out);
	assert_int_equal(ct_mutex_new(&m, NULL, NULL), CT_OK);
	assert_int_equal(ct_cond_new(&c, NULL), CT_OK);

	assert_int_equal(ct_cond_wait(c, m), CT_INVALID);
	assert_int_equal(ct_cond_wait_timeout(c, m, MS_NS), CT_INVALID);
	assert_int_equal(ct_cond_wait(NULL, m), CT_INVALID);
	assert_int_equal(ct_cond_wait(c, NULL), CT_INVALID);
	assert_int_equal(ct_cond_signal(NULL), CT_INVALID);
	assert_int_equal(ct_cond_broadcast(NULL), CT_INVALID);
	assert_int_equal(ct_cond_destroy(NULL), CT_OK);
	/* The refused waits left the mutex unlocked and usable. */
	assert_int_equal(ct_mutex_unlock(m), CT_INVALID);
	assert_int_equal(ct_mutex_try_lock(m, NULL), CT_OK);
	assert_int_equal(ct_mutex_unlock(m), CT_OK);

	assert_true(ct_cond_id(c) != 0);
	assert_int_equal(ct_cond_destroy(c), CT_OK);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
}

/* ------------------------------------------------------------- statuses */

struct status_word {
	enum ct_status status;
	const char *word; /* NULL where the documentation fixes no word */
};

/* docs/events.md fixes the words of the channel statuses. */
static const struct status_word status_words[] = {
	{ CT_OK, "ok" },           { CT_DISCONNECTED, "disconnected" },
	{ CT_TIMEOUT, "timeout" }, { CT_EMPTY, "empty" },
	{ CT_FULL, "full" },       { CT_BUSY, NULL },
	{ CT_INVALID, NULL },      { CT_DEADLOCK, NULL },
	{ CT_NOMEM, NULL },        { CT_ERROR, NULL },
};

/* Every status has its own nonempty lowercase word; unknown values get one too. */
static void test_status_str(void **state)
{
	enum { N = sizeof(status_words) / sizeof(status_words[0]) };
	const char *seen[N];

	(void)state;
	for (size_t i = 0; i < N; i++) {
		const char *s = ct_status_str(status_words[i].status);

		assert_int_equal(status_words[i].status, (enum ct_status)i);
		assert_non_null(s);
		assert_true(s[0] != '\0');
		for (const char *p = s; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || strchr(" -_", *p) != NULL);
		if (status_words[i].word)
			assert_string_equal(s, status_words[i].word);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(s, seen[j]);
		seen[i] = s;
	}
	assert_non_null(ct_status_str((enum ct_status)42));
	assert_non_null(ct_status_str((enum ct_status) - 1));
}

/* ---------------------------------------------------------------- print */

/* Standard output redirected to an unlinked temporary file. */
struct capture {
	int saved_fd;
	FILE *file; /* owned */
};

static void capture_begin(struct capture *cap)
{
	fflush(stdout);
	cap->file = tmpfile();
	assert_non_null(cap->file);
	cap->saved_fd = dup(STDOUT_FILENO);
	assert_true(cap->saved_fd >= 0);
	assert_true(dup2(fileno(cap->file), STDOUT_FILENO) >= 0);
}

/* Restores standard output and returns what was written (caller frees). */
static char *capture_end(struct capture *cap, size_t *len)
{
	char *text;
	long size;

	fflush(stdout);
	dup2(cap->saved_fd, STDOUT_FILENO);
	close(cap->saved_fd);
	clearerr(stdout);

	fseek(cap->file, 0, SEEK_END);
	size = ftell(cap->file);
	assert_true(size >= 0);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	rewind(cap->file);
	*len = fread(text, 1, (size_t)size, cap->file);
	text[*len] = '\0';
	fclose(cap->file);
	return text;
}

static int print_empty(void)
{
	return ct_print("%s", "");
}

static int print_number(void)
{
	return ct_print("x=%d", 42);
}

static int print_mixed(void)
{
	return ct_print("%s|%5.2f|%c|%-3u|", "ab", 3.14159, 'z', 7u);
}

static int print_utf8(void)
{
	return ct_print("%s", "通道 ✓");
}

static char long_line[9000];

static int print_long(void)
{
	memset(long_line, 'L', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	return ct_print("%s", long_line);
}

struct print_case {
	int (*call)(void);
	const char *expected; /* NULL: the long line */
};

static struct print_case print_case_empty = { print_empty, "\n" };
static struct print_case print_case_number = { print_number, "x=42\n" };
static struct print_case print_case_mixed = { print_mixed, "ab| 3.14|z|7  |\n" };
static struct print_case print_case_utf8 = { print_utf8, "通道 ✓\n" };
static struct print_case print_case_long = { print_long, NULL };

/* ct_print writes FMT plus a newline and returns the bytes written. */
static void test_print_returns_length(void **state)
{
	const struct print_case *tc = *state;
	struct capture cap;
	size_t len;
	char *text;
	int n;

	capture_begin(&cap);
	n = tc->call();
	text = capture_end(&cap, &len);

	if (tc->expected) {
		assert_string_equal(text, tc->expected);
	} else {
		assert_int_equal(len, sizeof(long_line));
		assert_memory_equal(text, long_line, sizeof(long_line) - 1);
		assert_int_equal(text[len - 1], '\n');
	}
	assert_int_equal(n, (int)len);
	free(text);
}

/* An output error is reported as -1 (standard output is /dev/full here). */
static void test_print_output_error(void **state)
{
	int full = open("/dev/full", O_WRONLY);
	int saved, n;

	(void)state;
	if (full < 0)
		skip();
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(full, STDOUT_FILENO) >= 0);
	close(full);
	n = ct_print("nowhere to go %d", 1);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	clearerr(stdout);
	assert_int_equal(n, -1);
}

enum { PRINTERS = 4, PRINT_LINES = 400, PAYLOAD_MAX = 6000 };

/* Line I of printer P: "p<P> n<I> " and a payload of one letter, of varying length. */
static size_t payload_len(unsigned i)
{
	return (i * 997u) % PAYLOAD_MAX;
}

struct printer {
	unsigned id;
	pthread_barrier_t *barrier;
	unsigned wrong_returns;
};

static void *printer_main(void *p)
{
	struct printer *pr = p;
	char *payload = malloc(PAYLOAD_MAX + 1);

	if (!payload) {
		pr->wrong_returns = PRINT_LINES;
		pthread_barrier_wait(pr->barrier);
		return NULL;
	}
	pthread_barrier_wait(pr->barrier);
	for (unsigned i = 0; i < PRINT_LINES; i++) {
		size_t len = payload_len(i);
		char prefix[32];
		int n;

		memset(payload, 'a' + (int)pr->id, len);
		payload[len] = '\0';
		n = ct_print("p%u n%u %s", pr->id, i, payload);
		snprintf(prefix, sizeof(prefix), "p%u n%u ", pr->id, i);
		if (n != (int)(strlen(prefix) + len + 1))
			pr->wrong_returns++;
	}
	free(payload);
	return NULL;
}

/* Checks one captured line; returns false if it is not a whole line of one printer. */
static bool check_line(const char *line, size_t len, unsigned next[PRINTERS])
{
	unsigned p, i;
	int consumed = 0;

	if (sscanf(line, "p%u n%u %n", &p, &i, &consumed) != 2 || consumed == 0)
		return false;
	if (p >= PRINTERS || i != next[p])
		return false;
	if (len - (size_t)consumed != payload_len(i))
		return false;
	for (size_t k = (size_t)consumed; k < len; k++) {
		if (line[k] != 'a' + (char)p)
			return false;
	}
	next[p]++;
	return true;
}

/* Lines printed concurrently by several threads arrive whole and in program order. */
static void test_print_lines_never_mix(void **state)
{
	struct printer pr[PRINTERS];
	pthread_t t[PRINTERS];
	pthread_barrier_t barrier;
	unsigned next[PRINTERS] = { 0 };
	unsigned lines = 0, bad_lines = 0;
	struct capture cap;
	size_t len;
	char *text, *line;

	(void)state;
	assert_int_equal(pthread_barrier_init(&barrier, NULL, PRINTERS), 0);
	capture_begin(&cap);
	for (unsigned i = 0; i < PRINTERS; i++) {
		pr[i] = (struct printer){ .id = i, .barrier = &barrier };
		if (pthread_create(&t[i], NULL, printer_main, &pr[i]) != 0)
			abort(); /* the others wait on the barrier */
	}
	for (unsigned i = 0; i < PRINTERS; i++)
		pthread_join(t[i], NULL);
	text = capture_end(&cap, &len);
	pthread_barrier_destroy(&barrier);

	line = text;
	while (line < text + len) {
		char *nl = memchr(line, '\n', (size_t)(text + len - line));
		size_t line_len = nl ? (size_t)(nl - line) : (size_t)(text + len - line);

		lines++;
		if (nl)
			*nl = '\0'; /* so that sscanf stops at the end of this line */
		if (!nl || !check_line(line, line_len, next))
			bad_lines++;
		line += line_len + 1;
	}
	free(text);

	assert_int_equal(bad_lines, 0);
	assert_int_equal(lines, PRINTERS * PRINT_LINES);
	for (unsigned i = 0; i < PRINTERS; i++) {
		assert_int_equal(pr[i].wrong_returns, 0);
		assert_int_equal(next[i], PRINT_LINES);
	}
}

/* ------------------------------------------------------- ids, sleeps, rest */

enum { ID_THREADS = 4, IDS_PER_THREAD = 20000 };

static void *take_ids(void *p)
{
	uint64_t *ids = p;

	for (int i = 0; i < IDS_PER_THREAD; i++)
		ids[i] = ct_id_new();
	return NULL;
}

/*
 * ids from ct_id_new on several threads at once, and the ids of objects of
 * every kind, are all nonzero and all different: one counter serves them all.
 */
static void test_ids_unique_across_threads(void **state)
{
	enum { OBJECTS = 7 };
	size_t total = (size_t)(ID_THREADS + 1) * IDS_PER_THREAD + OBJECTS;
	uint64_t *ids = calloc(total, sizeof(*ids));
	pthread_t t[ID_THREADS];
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct ct_mutex *m;
	struct ct_cond *c;
	struct ct_arc *a;
	size_t n;

	(void)state;
	assert_non_null(ids);
	for (int i = 0; i < ID_THREADS; i++) {
		uint64_t *slice = ids + (size_t)i * IDS_PER_THREAD;

		assert_int_equal(pthread_create(&t[i], NULL, take_ids, slice), 0);
	}
	take_ids(ids + (size_t)ID_THREADS * IDS_PER_THREAD);
	for (int i = 0; i < ID_THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);

	assert_int_equal(ct_chan_new(&tx, &rx, 1, NULL), CT_OK);
	assert_int_equal(ct_mutex_new(&m, NULL, NULL), CT_OK);
	assert_int_equal(ct_cond_new(&c, NULL), CT_OK);
	assert_int_equal(ct_arc_new(&a, NULL, NULL, NULL), CT_OK);
	n = (size_t)(ID_THREADS + 1) * IDS_PER_THREAD;
	ids[n++] = ct_sender_chan_id(tx);
	ids[n++] = ct_mutex_id(m);
	ids[n++] = ct_cond_id(c);
	ids[n++] = ct_arc_id(a);
	ids[n++] = ct_object_new("object");
	ids[n++] = ct_object_new(NULL);
	ids[n++] = ct_id_new();
	assert_int_equal(n, total);

	assert_int_equal(duplicates_or_zeros(ids, n), 0);
	free(ids);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
	assert_int_equal(ct_mutex_destroy(m, NULL), CT_OK);
	assert_int_equal(ct_cond_destroy(c), CT_OK);
	assert_int_equal(ct_arc_drop(a), CT_OK);
}

struct sleep_case {
	bool in_ms;
	uint64_t amount;
	uint64_t expect_ns;
};

static struct sleep_case sleep_20ms = { true, 20, 20 * MS_NS };
static struct sleep_case sleep_5ms_in_ns = { false, 5 * MS_NS, 5 * MS_NS };
static struct sleep_case sleep_zero = { false, 0, 0 };

/* Sleeps last at least as long as asked (and not seconds longer). */
static void test_sleep_duration(void **state)
{
	const struct sleep_case *tc = *state;
	uint64_t t0 = now_ns(), elapsed;

	if (tc->in_ms)
		ct_sleep_ms(tc->amount);
	else
		ct_sleep_ns(tc->amount);
	elapsed = now_ns() - t0;
	assert_true(elapsed >= tc->expect_ns);
	assert_true(elapsed <= tc->expect_ns + 3000 * MS_NS);
}

/* The record-only calls do nothing visible without a session, and do not crash. */
static void test_record_only_calls(void **state)
{
	uint64_t obj = ct_object_new("vec");

	(void)state;
	assert_true(obj != 0);
	ct_mark("here");
	ct_access(obj, CT_ACCESS_WRITE, 1);
	ct_access(obj, CT_ACCESS_READ, 1);
	ct_access(obj, CT_ACCESS_USE, 0);
	ct_object_drop(obj);
	ct_access(obj, CT_ACCESS_READ, -1); /* a use after drop is recorded, not refused */
}

#define CASE(fn, tc)                                                                               \
	{                                                                                          \
#fn "/" #tc, fn, NULL, NULL, &(tc)                                                 \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arc_counts),
		cmocka_unit_test(test_arc_without_destroy),
		cmocka_unit_test(test_arc_concurrent_counts),
		cmocka_unit_test(test_arc_last_drop_race),
		cmocka_unit_test(test_arc_ids_and_invalid),
		cmocka_unit_test(test_cond_signal_wakes_one),
		cmocka_unit_test(test_cond_broadcast_wakes_all),
		cmocka_unit_test(test_cond_signal_without_waiters),
		CASE(test_cond_wait_timeout_expires, wait_1ms),
		CASE(test_cond_wait_timeout_expires, wait_50ms),
		CASE(test_cond_wait_timeout_expires, wait_200ms),
		cmocka_unit_test(test_cond_wait_timeout_signalled),
		cmocka_unit_test(test_cond_invalid),
		cmocka_unit_test(test_status_str),
		CASE(test_print_returns_length, print_case_empty),
		CASE(test_print_returns_length, print_case_number),
		CASE(test_print_returns_length, print_case_mixed),
		CASE(test_print_returns_length, print_case_utf8),
		CASE(test_print_returns_length, print_case_long),
		cmocka_unit_test(test_print_output_error),
		cmocka_unit_test(test_print_lines_never_mix),
		cmocka_unit_test(test_ids_unique_across_threads),
		CASE(test_sleep_duration, sleep_20ms),
		CASE(test_sleep_duration, sleep_5ms_in_ns),
		CASE(test_sleep_duration, sleep_zero),
		cmocka_unit_test(test_record_only_calls),
	};

	return cmocka_run_group_tests_name("sync", tests, NULL, NULL);
}
