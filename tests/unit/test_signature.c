/* SPDX-License-Identifier: MIT */
/*
 * test_signature.c - interleaving signatures of hand-made models: the same
 * interleaving recorded with other tids, pids, times and object ids gives
 * the same signature; another arrival order, lock order or wake order gives
 * another, and the difference is named. Only ctrace_model_core.
 */
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
#include "signature.h"

/* What changes from one recording of an interleaving to the next. */
struct rec {
	uint32_t pid;    /* pid and main tid; the producers are pid + 1 and pid + 2 */
	uint64_t step;   /* ns between events */
	uint64_t idbase; /* added to every object and message id */
};

/* One arrival: which producer (0 or 1) sent it, and its label. */
struct arrival {
	int producer;
	const char *label;
};

#define MAX_EVENTS 64

struct run {
	struct ct_model_input in[MAX_EVENTS];
	size_t n;
	uint64_t t;
	struct rec rec;
	char lines[8][32];
};

static void add(struct run *r, enum ct_event_type type, int who, uint64_t id, uint64_t id2,
		int64_t value, unsigned status, const char *text)
{
	assert_true(r->n < MAX_EVENTS);
	r->t += r->rec.step;
	r->in[r->n++] = (struct ct_model_input){
		.type = type,
		.time = r->t,
		.pid = r->rec.pid,
		.tid = r->rec.pid + (uint32_t)who,
		.procname = "prog",
		.id = id,
		.id2 = id2,
		.value = value,
		.status = status,
		.text = text,
	};
}

/*
 * Scenario 2.3's shape: main makes a channel and a mutex, spawns two
 * producers (named NAME1, NAME2); the messages arrive in the order ARR (N of
 * them) and main prints each; then the producers take the mutex in the order
 * LOCKS (two entries).
 */
static struct ct_model *build(const struct rec *rec, const char *name1, const char *name2,
			      const struct arrival *arr, size_t n, const int *locks)
{
	struct run *r = calloc(1, sizeof(*r));
	uint64_t chan = rec->idbase + 1, mtx = rec->idbase + 2;
	uint64_t thr[2] = { rec->idbase + 3, rec->idbase + 4 };
	struct ct_model *m;

	assert_non_null(r);
	r->rec = *rec;
	add(r, CT_EV_CHAN_NEW, 0, chan, 0, -1, 0, "channel");
	add(r, CT_EV_MUTEX_NEW, 0, mtx, 0, 0, 0, "counter");
	add(r, CT_EV_THREAD_SPAWN, 0, thr[0], 0, 0, 0, name1);
	add(r, CT_EV_THREAD_BEGIN, 1, thr[0], 0, 0, 0, name1);
	add(r, CT_EV_THREAD_SPAWN, 0, thr[1], 0, 0, 0, name2);
	add(r, CT_EV_THREAD_BEGIN, 2, thr[1], 0, 0, 0, name2);
	for (size_t k = 0; k < n; k++) {
		uint64_t msg = rec->idbase + 100 + k;

		add(r, CT_EV_CHAN_SEND_END, 1 + arr[k].producer, chan, msg, 0, CT_OK, arr[k].label);
		add(r, CT_EV_CHAN_RECV_END, 0, chan, msg, 0, CT_OK, NULL);
		snprintf(r->lines[k], sizeof(r->lines[k]), "Got: %s", arr[k].label);
		add(r, CT_EV_PRINT, 0, 0, 0, 0, 0, r->lines[k]);
	}
	for (int k = 0; k < 2; k++) {
		add(r, CT_EV_MUTEX_LOCK_END, 1 + locks[k], mtx, 0, 0, 0, NULL);
		add(r, CT_EV_MUTEX_UNLOCK, 1 + locks[k], mtx, 0, 0, 0, NULL);
	}
	for (int k = 0; k < 2; k++) {
		add(r, CT_EV_THREAD_END, 1 + k, thr[k], 0, 0, 0, NULL);
		add(r, CT_EV_JOIN_END, 0, thr[k], 0, 0, 0, NULL);
	}
	m = test_model_build(r->in, r->n);
	free(r);
	return m;
}

static struct ct_signature *sign(struct ct_model *m)
{
	struct ct_signature *s = NULL;

	assert_int_equal(ct_signature_make(m, &s), CT_MODEL_OK);
	assert_non_null(s);
	ct_model_destroy(m);
	return s;
}

static const struct arrival order_a[] = { { 0, "hi" }, { 1, "more" }, { 0, "from" } };
static const struct arrival order_b[] = { { 1, "more" }, { 0, "hi" }, { 0, "from" } };
static const int locks_12[] = { 0, 1 };
static const int locks_21[] = { 1, 0 };

static const struct rec rec1 = { 100, 10, 0 };
static const struct rec rec2 = { 4321, 777, 0x7f0000001000 };

static void test_same_interleaving_same_signature(void **state)
{
	struct ct_signature *a, *b;
	char buf[256];

	(void)state;
	a = sign(build(&rec1, "producer-1", "producer-2", order_a, 3, locks_12));
	b = sign(build(&rec2, "producer-1", "producer-2", order_a, 3, locks_12));
	assert_string_equal(ct_signature_text(a),
			    "chan channel: producer-1 \"hi\", producer-2 \"more\", producer-1 "
			    "\"from\"\n"
			    "mutex counter: producer-1, producer-2\n"
			    "print: \"Got: hi\", \"Got: more\", \"Got: from\"\n");
	assert_string_equal(ct_signature_text(a), ct_signature_text(b));
	assert_true(ct_signature_hash(a) == ct_signature_hash(b));
	assert_string_equal(ct_signature_difference(a, b, buf, sizeof(buf)), "same interleaving");
	/* Per-part access. */
	assert_int_equal(ct_signature_part_count(a), 3);
	assert_string_equal(ct_signature_part_key(a, 0), "chan channel");
	assert_int_equal(ct_signature_part_items(a, 0), 3);
	assert_string_equal(ct_signature_part_item(a, 0, 1, buf, sizeof(buf)),
			    "producer-2 \"more\"");
	assert_string_equal(ct_signature_part_line(a, 1), "mutex counter: producer-1, producer-2");
	assert_string_equal(ct_signature_part_key(a, 3), "");
	ct_signature_destroy(a);
	ct_signature_destroy(b);
}

static void test_arrival_order_differs(void **state)
{
	struct ct_signature *a, *b;
	char buf[256];

	(void)state;
	a = sign(build(&rec1, "producer-1", "producer-2", order_a, 3, locks_12));
	b = sign(build(&rec1, "producer-1", "producer-2", order_b, 3, locks_12));
	assert_string_not_equal(ct_signature_text(a), ct_signature_text(b));
	assert_true(ct_signature_hash(a) != ct_signature_hash(b));
	assert_string_equal(ct_signature_difference(a, b, buf, sizeof(buf)),
			    "chan channel, message 1: producer-1 \"hi\" (other: producer-2 "
			    "\"more\")");
	ct_signature_destroy(a);
	ct_signature_destroy(b);

	/* Fewer messages: the count is what differs. */
	a = sign(build(&rec1, "producer-1", "producer-2", order_a, 3, locks_12));
	b = sign(build(&rec2, "producer-1", "producer-2", order_a, 2, locks_12));
	assert_string_equal(ct_signature_difference(a, b, buf, sizeof(buf)),
			    "chan channel: 3 messages (other: 2)");
	ct_signature_destroy(a);
	ct_signature_destroy(b);
}

static void test_lock_order_differs(void **state)
{
	struct ct_signature *a, *b;
	char buf[256];

	(void)state;
	a = sign(build(&rec1, "producer-1", "producer-2", order_a, 3, locks_12));
	b = sign(build(&rec2, "producer-1", "producer-2", order_a, 3, locks_21));
	assert_true(ct_signature_hash(a) != ct_signature_hash(b));
	/* The channel and the prints agree: the mutex is the first difference. */
	assert_string_equal(ct_signature_difference(a, b, buf, sizeof(buf)),
			    "mutex counter, acquisition 1: producer-1 (other: producer-2)");
	assert_string_equal(ct_signature_difference(b, a, buf, sizeof(buf)),
			    "mutex counter, acquisition 1: producer-2 (other: producer-1)");
	ct_signature_destroy(a);
	ct_signature_destroy(b);
}

/* Lanes with one name are told apart by spawn order, whatever their tids. */
static void test_equal_names_by_spawn_order(void **state)
{
	struct ct_signature *a, *b;

	(void)state;
	a = sign(build(&rec1, "worker", "worker", order_a, 3, locks_21));
	b = sign(build(&rec2, "worker", "worker", order_a, 3, locks_21));
	assert_non_null(strstr(ct_signature_text(a), "mutex counter: worker#2, worker#1\n"));
	assert_non_null(strstr(ct_signature_text(a), "chan channel: worker#1 \"hi\", worker#2"));
	assert_string_equal(ct_signature_text(a), ct_signature_text(b));
	ct_signature_destroy(a);
	ct_signature_destroy(b);
}

/*
 * Unnamed objects go by kind and creation order; condvar and semaphore
 * wake orders count, with a status other than ok said.
 */
static void test_unnamed_objects_and_wakes(void **state)
{
	static const struct ct_model_input in[] = {
		{ CT_EV_MUTEX_NEW, 1, 7, 7, "p", 0x5000, 0, 0, 0, NULL, 0 },
		{ CT_EV_COND_NEW, 2, 7, 7, "p", 0x6000, 0, 0, 0, NULL, 0 },
		{ CT_EV_SEM_NEW, 3, 7, 7, "p", 0x7000, 0, 0, 0, "tokens", 0 },
		{ CT_EV_THREAD_BEGIN, 4, 7, 8, "p", 0x10, 0, 0, 0, "a", 0 },
		{ CT_EV_THREAD_BEGIN, 5, 7, 9, "p", 0x11, 0, 0, 0, "b", 0 },
		{ CT_EV_MUTEX_LOCK_END, 6, 7, 9, "p", 0x5000, 0, 0, 0, NULL, 0 },
		{ CT_EV_COND_WAIT_END, 7, 7, 9, "p", 0x6000, 0x5000, 0, CT_OK, NULL, 0 },
		{ CT_EV_MUTEX_UNLOCK, 8, 7, 9, "p", 0x5000, 0, 0, 0, NULL, 0 },
		{ CT_EV_COND_WAIT_END, 9, 7, 8, "p", 0x6000, 0x5000, 0, CT_TIMEOUT, NULL, 0 },
		{ CT_EV_SEM_POST, 10, 7, 7, "p", 0x7000, 0, 0, 0, NULL, 0 },
		{ CT_EV_SEM_WAIT_END, 11, 7, 8, "p", 0x7000, 0, 0, CT_OK, NULL, 0 },
	};
	struct ct_signature *s;

	(void)state;
	s = sign(TEST_MODEL_BUILD(in));
	assert_non_null(strstr(ct_signature_text(s), "mutex #1: b\n"));
	assert_non_null(strstr(ct_signature_text(s), "cond #1: b, a (timeout)\n"));
	assert_non_null(strstr(ct_signature_text(s), "semaphore tokens: a\n"));
	ct_signature_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_interleaving_same_signature),
		cmocka_unit_test(test_arrival_order_differs),
		cmocka_unit_test(test_lock_order_differs),
		cmocka_unit_test(test_equal_names_by_spawn_order),
		cmocka_unit_test(test_unnamed_objects_and_wakes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
