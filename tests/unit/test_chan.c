/* SPDX-License-Identifier: MIT */
/* test_chan.c - unit tests of ctrace channels: order, disconnection, blocking, timeouts. */

/*
 * Helper threads are plain pthreads, so these tests depend on the channel
 * code alone. cmocka's assertions may only run on the main thread: helpers
 * record what they saw and the main thread asserts after joining them.
 *
 * Where blocking is the property under test, a helper raises a "started"
 * flag just before the blocking call and a "returned" flag just after it.
 * The main thread waits for "started", waits BLOCK_PROBE_MS more and then
 * requires "returned" to be still clear. A slow machine can only make that
 * check weaker (the helper may not have reached the call yet), never make it
 * fail spuriously.
 */
#define _GNU_SOURCE
#include <ctrace/ctrace.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "timing.h"

/* ----------------------------------------------------------------- helpers */

static void *msg_of(uintptr_t value)
{
	return (void *)value;
}

static uintptr_t value_of(void *msg)
{
	return (uintptr_t)msg;
}

static void start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	assert_int_equal(pthread_create(t, NULL, fn, arg), 0);
}

static void finish(pthread_t t)
{
	assert_int_equal(pthread_join(t, NULL), 0);
}

/* A helper thread doing one blocking send or receive, observed from outside. */
struct one_op {
	struct ct_sender *tx;   /* borrowed */
	struct ct_receiver *rx; /* borrowed */
	void *msg;              /* to send, or received */
	uint64_t timeout_ns;    /* for recv_timeout */
	uint64_t elapsed_ns;    /* how long the call took */
	enum ct_status status;
	atomic_int started;
	atomic_int returned;
};

static void *one_send(void *p)
{
	struct one_op *op = p;
	uint64_t t0;

	atomic_store(&op->started, 1);
	t0 = now_ns();
	op->status = ct_chan_send(op->tx, op->msg);
	op->elapsed_ns = now_ns() - t0;
	atomic_store(&op->returned, 1);
	return NULL;
}

static void *one_recv(void *p)
{
	struct one_op *op = p;
	uint64_t t0;

	atomic_store(&op->started, 1);
	t0 = now_ns();
	op->status = ct_chan_recv(op->rx, &op->msg);
	op->elapsed_ns = now_ns() - t0;
	atomic_store(&op->returned, 1);
	return NULL;
}

static void *one_recv_timeout(void *p)
{
	struct one_op *op = p;
	uint64_t t0;

	atomic_store(&op->started, 1);
	t0 = now_ns();
	op->status = ct_chan_recv_timeout(op->rx, &op->msg, op->timeout_ns);
	op->elapsed_ns = now_ns() - t0;
	atomic_store(&op->returned, 1);
	return NULL;
}

/*
 * What the message-drop function saw. It has no context argument, so this is
 * the one piece of file-scope state; each test that sets a drop function
 * resets it first.
 */
static atomic_uint dropped_count;
static atomic_uintptr_t dropped_sum;

static void reset_dropped(void)
{
	atomic_store(&dropped_count, 0);
	atomic_store(&dropped_sum, 0);
}

static void count_dropped(void *msg)
{
	atomic_fetch_add(&dropped_count, 1);
	atomic_fetch_add(&dropped_sum, value_of(msg));
}

static void free_dropped(void *msg)
{
	atomic_fetch_add(&dropped_count, 1);
	free(msg);
}

/* ------------------------------------------------------------ test cases */

/* One capacity per case of the table-driven tests. */
struct chan_case {
	long capacity;
};

static struct chan_case cap_unbounded = { CT_UNBOUNDED };
static struct chan_case cap_one = { 1 };
static struct chan_case cap_four = { 4 };
static struct chan_case cap_rendezvous = { 0 };

static long case_capacity(void **state)
{
	return ((const struct chan_case *)*state)->capacity;
}

#define CHAN_CASE(fn, cap)                                                                         \
	{                                                                                          \
#fn "/" #cap, fn, NULL, NULL, &(cap)                                               \
	}

/* -------------------------------------------------------------- ordering */

#define PRODUCERS_MAX 4
#define SEQ_BITS      20

struct producer {
	struct ct_sender *tx; /* owned: dropped when done */
	unsigned id;
	unsigned count;
	unsigned sent;
	enum ct_status send_status;
	enum ct_status drop_status;
};

/* Message values are (producer id + 1) << SEQ_BITS | (sequence + 1), never 0. */
static void *producer_main(void *p)
{
	struct producer *pr = p;

	pr->send_status = CT_OK;
	for (unsigned i = 0; i < pr->count; i++) {
		uintptr_t v = ((uintptr_t)(pr->id + 1) << SEQ_BITS) | (uintptr_t)(i + 1);
		enum ct_status st = ct_chan_send(pr->tx, msg_of(v));

		if (st != CT_OK) {
			pr->send_status = st;
			break;
		}
		pr->sent++;
	}
	pr->drop_status = ct_sender_drop(pr->tx);
	return NULL;
}

/*
 * NPROD producers each send COUNT numbered messages; the receiver checks that
 * every producer's messages arrive complete and in order, and that the
 * channel reports CT_DISCONNECTED once the last producer dropped its sender.
 */
static void run_fifo(long capacity, unsigned nprod, unsigned count)
{
	struct ct_sender *tx = NULL;
	struct ct_receiver *rx = NULL;
	struct producer prod[PRODUCERS_MAX] = { 0 };
	pthread_t threads[PRODUCERS_MAX];
	unsigned next[PRODUCERS_MAX] = { 0 };
	unsigned received = 0, out_of_order = 0, foreign = 0;
	enum ct_status st;
	void *m;

	assert_true(nprod <= PRODUCERS_MAX);
	assert_true(count < (1u << SEQ_BITS) - 1);
	assert_int_equal(ct_chan_new(&tx, &rx, capacity, "fifo"), CT_OK);
	for (unsigned p = 0; p < nprod; p++) {
		prod[p].id = p;
		prod[p].count = count;
		assert_int_equal(ct_sender_clone(tx, &prod[p].tx), CT_OK);
	}
	/* Only the producers' clones keep the channel connected now. */
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	for (unsigned p = 0; p < nprod; p++)
		start(&threads[p], producer_main, &prod[p]);

	while ((st = ct_chan_recv(rx, &m)) == CT_OK) {
		uintptr_t v = value_of(m);
		uintptr_t id = (v >> SEQ_BITS) - 1;
		uintptr_t seq = (v & ((1u << SEQ_BITS) - 1)) - 1;

		received++;
		if (id >= nprod) {
			foreign++;
			continue;
		}
		if (seq != next[id])
			out_of_order++;
		next[id] = (unsigned)seq + 1;
	}
	for (unsigned p = 0; p < nprod; p++)
		finish(threads[p]);

	assert_int_equal(st, CT_DISCONNECTED);
	assert_int_equal(foreign, 0);
	assert_int_equal(out_of_order, 0);
	assert_int_equal(received, nprod * count);
	for (unsigned p = 0; p < nprod; p++) {
		assert_int_equal(prod[p].send_status, CT_OK);
		assert_int_equal(prod[p].sent, count);
		assert_int_equal(prod[p].drop_status, CT_OK);
		assert_int_equal(next[p], count);
	}
	/* Disconnection is permanent. */
	assert_int_equal(ct_chan_recv(rx, &m), CT_DISCONNECTED);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

static void test_fifo_one_producer(void **state)
{
	run_fifo(case_capacity(state), 1, 20000);
}

static void test_fifo_four_producers(void **state)
{
	run_fifo(case_capacity(state), 4, 10000);
}

/* --------------------------------------------------------- disconnection */

/*
 * Messages queued before the last sender was dropped are all delivered
 * first; only then does every kind of receive report CT_DISCONNECTED.
 */
static void test_disconnect_after_drain(void **state)
{
	struct ct_sender *tx, *tx2;
	struct ct_receiver *rx;
	void *m = NULL;
	uint64_t t0;

	assert_int_equal(ct_chan_new(&tx, &rx, case_capacity(state), "drain"), CT_OK);
	assert_int_equal(ct_sender_clone(tx, &tx2), CT_OK);
	assert_int_equal(ct_chan_try_send(tx, msg_of(1)), CT_OK);
	assert_int_equal(ct_chan_try_send(tx2, msg_of(2)), CT_OK);
	assert_int_equal(ct_chan_try_send(tx, msg_of(3)), CT_OK);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_sender_drop(tx2), CT_OK);

	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(1));
	assert_int_equal(ct_chan_try_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(2));
	assert_int_equal(ct_chan_recv_timeout(rx, &m, 1000 * MS_NS), CT_OK);
	assert_ptr_equal(m, msg_of(3));

	m = msg_of(0xdead);
	assert_int_equal(ct_chan_recv(rx, &m), CT_DISCONNECTED);
	assert_int_equal(ct_chan_recv(rx, &m), CT_DISCONNECTED);
	assert_int_equal(ct_chan_try_recv(rx, &m), CT_DISCONNECTED);
	/* A timed receive on a disconnected channel must not wait out its timeout. */
	t0 = now_ns();
	assert_int_equal(ct_chan_recv_timeout(rx, &m, 5000 * MS_NS), CT_DISCONNECTED);
	assert_true(now_ns() - t0 < 2500 * MS_NS);
	/* Output parameters are written only on CT_OK. */
	assert_ptr_equal(m, msg_of(0xdead));
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* While one clone of the sender lives the channel is merely empty. */
static void test_remaining_sender_keeps_channel_open(void **state)
{
	struct ct_sender *tx, *tx2;
	struct ct_receiver *rx;
	void *m = msg_of(0xdead);

	assert_int_equal(ct_chan_new(&tx, &rx, case_capacity(state), "open"), CT_OK);
	assert_int_equal(ct_sender_clone(tx, &tx2), CT_OK);
	assert_int_equal(ct_sender_drop(tx), CT_OK);

	assert_int_equal(ct_chan_try_recv(rx, &m), CT_EMPTY);
	assert_int_equal(ct_chan_recv_timeout(rx, &m, 20 * MS_NS), CT_TIMEOUT);
	assert_ptr_equal(m, msg_of(0xdead));

	assert_int_equal(ct_chan_try_send(tx2, msg_of(7)), CT_OK);
	assert_int_equal(ct_sender_drop(tx2), CT_OK);
	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(7));
	assert_int_equal(ct_chan_recv(rx, &m), CT_DISCONNECTED);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* A receiver blocked on an empty channel wakes when the last sender goes. */
static void test_blocked_recv_wakes_on_last_sender_drop(void **state)
{
	struct ct_sender *tx, *tx2;
	struct ct_receiver *rx;
	struct one_op op = { .msg = msg_of(0xdead) };
	pthread_t t;

	assert_int_equal(ct_chan_new(&tx, &rx, case_capacity(state), "wake"), CT_OK);
	assert_int_equal(ct_sender_clone(tx, &tx2), CT_OK);
	op.rx = rx;
	start(&t, one_recv, &op);
	assert_true(wait_flag(&op.started));
	assert_true(stays_clear(&op.returned));

	/* Dropping one of two senders must not wake it with a disconnection. */
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_true(stays_clear(&op.returned));

	assert_int_equal(ct_sender_drop(tx2), CT_OK);
	assert_true(wait_flag(&op.returned));
	finish(t);
	assert_int_equal(op.status, CT_DISCONNECTED);
	assert_ptr_equal(op.msg, msg_of(0xdead));
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* Once the receiver is gone every send fails and the sender keeps its message. */
static void test_send_after_receiver_drop(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;

	reset_dropped();
	assert_int_equal(ct_chan_new(&tx, &rx, case_capacity(state), "gone"), CT_OK);
	assert_int_equal(ct_chan_set_msg_drop(rx, count_dropped), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);

	assert_int_equal(ct_chan_send(tx, msg_of(1)), CT_DISCONNECTED);
	assert_int_equal(ct_chan_try_send(tx, msg_of(2)), CT_DISCONNECTED);
	assert_int_equal(ct_chan_send_labelled(tx, msg_of(4), "four"), CT_DISCONNECTED);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	/* Refused messages still belong to the sender: never passed to drop. */
	assert_int_equal(atomic_load(&dropped_count), 0);
}

/*
 * A sender blocked on a full (or rendezvous) channel returns CT_DISCONNECTED
 * when the receiver is dropped. Its own message stays with it; a message
 * already queued goes to the drop function, exactly once.
 */
static void test_blocked_send_wakes_on_receiver_drop(void **state)
{
	long cap = case_capacity(state);
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct one_op op = { 0 };
	pthread_t t;

	reset_dropped();
	assert_int_equal(ct_chan_new(&tx, &rx, cap, "blocked"), CT_OK);
	assert_int_equal(ct_chan_set_msg_drop(rx, count_dropped), CT_OK);
	for (long i = 0; i < cap; i++)
		assert_int_equal(ct_chan_try_send(tx, msg_of(100 + (uintptr_t)i)), CT_OK);
	assert_int_equal(ct_chan_try_send(tx, msg_of(999)), CT_FULL);

	op.tx = tx;
	op.msg = msg_of(5);
	start(&t, one_send, &op);
	assert_true(wait_flag(&op.started));
	assert_true(stays_clear(&op.returned));

	assert_int_equal(ct_receiver_drop(rx), CT_OK);
	assert_true(wait_flag(&op.returned));
	finish(t);
	assert_int_equal(op.status, CT_DISCONNECTED);

	uintptr_t queued_sum = 0;
	for (long i = 0; i < cap; i++)
		queued_sum += 100 + (uintptr_t)i;
	assert_int_equal(atomic_load(&dropped_count), (unsigned)cap);
	assert_int_equal(atomic_load(&dropped_sum), queued_sum);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
}

/* Queued messages are handed to the drop function when the receiver goes. */
static void test_msg_drop_frees_queued(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	void *m;

	(void)state;
	reset_dropped();
	assert_int_equal(ct_chan_new(&tx, &rx, CT_UNBOUNDED, "owned"), CT_OK);
	assert_int_equal(ct_chan_set_msg_drop(rx, free_dropped), CT_OK);
	for (int i = 0; i < 6; i++) {
		int *p = malloc(sizeof(*p));

		assert_non_null(p);
		*p = i;
		assert_int_equal(ct_chan_send(tx, p), CT_OK);
	}
	/* A received message is the receiver's, not the drop function's. */
	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_int_equal(*(int *)m, 0);
	free(m);

	assert_int_equal(ct_receiver_drop(rx), CT_OK);
	assert_int_equal(atomic_load(&dropped_count), 5);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	/* Under AddressSanitizer a missed or repeated free shows up here too. */
}

/* Without a drop function queued messages are left alone. */
static void test_no_msg_drop_leaves_messages(void **state)
{
	static int cells[3];
	struct ct_sender *tx;
	struct ct_receiver *rx;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, 3, "left"), CT_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ct_chan_send(tx, &cells[i]), CT_OK);
	/* Drop the sender first this time: the receiver frees the channel. */
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* -------------------------------------------------------------- blocking */

/* A bounded send blocks while the channel is full and resumes after a recv. */
static void test_bounded_send_blocks_when_full(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct one_op op = { 0 };
	pthread_t t;
	void *m;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, 2, "bounded"), CT_OK);
	assert_int_equal(ct_chan_send(tx, msg_of(1)), CT_OK);
	assert_int_equal(ct_chan_send(tx, msg_of(2)), CT_OK);

	op.tx = tx;
	op.msg = msg_of(3);
	start(&t, one_send, &op);
	assert_true(wait_flag(&op.started));
	assert_true(stays_clear(&op.returned));
	/* Still full: the blocked message has not slipped in. */
	assert_int_equal(ct_chan_try_send(tx, msg_of(99)), CT_FULL);

	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(1));
	assert_true(wait_flag(&op.returned));
	finish(t);
	assert_int_equal(op.status, CT_OK);

	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(2));
	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(3));
	assert_int_equal(ct_chan_try_recv(rx, &m), CT_EMPTY);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* Rendezvous: a send completes only when a receiver takes the message. */
static void test_rendezvous_send_waits_for_receiver(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct one_op op = { 0 };
	pthread_t t;
	void *m = NULL;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, 0, "rendezvous"), CT_OK);
	/* Nobody is receiving, so there is nowhere to put a message. */
	assert_int_equal(ct_chan_try_send(tx, msg_of(99)), CT_FULL);

	op.tx = tx;
	op.msg = msg_of(1);
	start(&t, one_send, &op);
	assert_true(wait_flag(&op.started));
	assert_true(stays_clear(&op.returned));

	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(1));
	assert_true(wait_flag(&op.returned));
	finish(t);
	assert_int_equal(op.status, CT_OK);
	/* The hand-off left nothing behind and no receiver waiting. */
	assert_int_equal(ct_chan_try_recv(rx, &m), CT_EMPTY);
	assert_int_equal(ct_chan_try_send(tx, msg_of(99)), CT_FULL);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* Rendezvous: with a receiver waiting, even a non-blocking send goes through. */
static void test_rendezvous_try_send_to_waiting_receiver(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct one_op op = { 0 };
	enum ct_status st;
	uint64_t end;
	pthread_t t;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, 0, "rendezvous"), CT_OK);
	op.rx = rx;
	start(&t, one_recv, &op);
	assert_true(wait_flag(&op.started));

	/* CT_FULL until the receiver has actually begun to wait. */
	end = now_ns() + DEADLINE_NS;
	while ((st = ct_chan_try_send(tx, msg_of(42))) == CT_FULL && now_ns() < end)
		sleep_ms(1);
	assert_int_equal(st, CT_OK);
	assert_true(wait_flag(&op.returned));
	finish(t);
	assert_int_equal(op.status, CT_OK);
	assert_ptr_equal(op.msg, msg_of(42));

	assert_int_equal(ct_chan_try_send(tx, msg_of(43)), CT_FULL);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/*
 * Rendezvous: a receiver that gave up (timeout) is no longer waiting, so a
 * later send must neither complete at once nor lose its message.
 */
static void test_rendezvous_after_recv_timeout(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct one_op op = { 0 };
	pthread_t t;
	void *m = NULL;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, 0, "rendezvous"), CT_OK);
	assert_int_equal(ct_chan_recv_timeout(rx, &m, 20 * MS_NS), CT_TIMEOUT);
	assert_int_equal(ct_chan_try_send(tx, msg_of(99)), CT_FULL);

	op.tx = tx;
	op.msg = msg_of(7);
	start(&t, one_send, &op);
	assert_true(wait_flag(&op.started));
	assert_true(stays_clear(&op.returned));

	assert_int_equal(ct_chan_recv_timeout(rx, &m, DEADLINE_NS), CT_OK);
	assert_ptr_equal(m, msg_of(7));
	assert_true(wait_flag(&op.returned));
	finish(t);
	assert_int_equal(op.status, CT_OK);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* ------------------------------------------------------- timeouts, try_* */

struct timeout_case {
	uint64_t timeout_ns;
	long capacity;
};

static struct timeout_case timeout_1ms = { 1 * MS_NS, CT_UNBOUNDED };
static struct timeout_case timeout_30ms = { 30 * MS_NS, 4 };
static struct timeout_case timeout_200ms = { 200 * MS_NS, CT_UNBOUNDED };
static struct timeout_case timeout_200ms_rendezvous = { 200 * MS_NS, 0 };

/*
 * recv_timeout on an empty, connected channel returns CT_TIMEOUT after about
 * the timeout: not earlier than 90% of it, and (generously) not seconds late.
 */
static void test_recv_timeout_expires(void **state)
{
	const struct timeout_case *tc = *state;
	struct ct_sender *tx;
	struct ct_receiver *rx;
	void *m = msg_of(0xdead);
	uint64_t t0, elapsed;

	assert_int_equal(ct_chan_new(&tx, &rx, tc->capacity, "timeout"), CT_OK);
	t0 = now_ns();
	assert_int_equal(ct_chan_recv_timeout(rx, &m, tc->timeout_ns), CT_TIMEOUT);
	elapsed = now_ns() - t0;
	assert_true(elapsed >= tc->timeout_ns - tc->timeout_ns / 10);
	assert_true(elapsed <= tc->timeout_ns + 3000 * MS_NS);
	assert_ptr_equal(m, msg_of(0xdead));
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* A zero timeout is a poll: CT_TIMEOUT at once when empty, else the message. */
static void test_recv_timeout_zero(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	void *m = msg_of(0xdead);
	uint64_t t0;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, CT_UNBOUNDED, "poll"), CT_OK);
	t0 = now_ns();
	assert_int_equal(ct_chan_recv_timeout(rx, &m, 0), CT_TIMEOUT);
	assert_true(now_ns() - t0 < 1000 * MS_NS);
	assert_ptr_equal(m, msg_of(0xdead));
	assert_int_equal(ct_chan_send(tx, msg_of(5)), CT_OK);
	assert_int_equal(ct_chan_recv_timeout(rx, &m, 0), CT_OK);
	assert_ptr_equal(m, msg_of(5));
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* A message sent while recv_timeout waits ends the wait early with CT_OK. */
static void test_recv_timeout_gets_message(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	struct one_op op = { .timeout_ns = DEADLINE_NS };
	pthread_t t;

	assert_int_equal(ct_chan_new(&tx, &rx, case_capacity(state), "late"), CT_OK);
	op.rx = rx;
	start(&t, one_recv_timeout, &op);
	assert_true(wait_flag(&op.started));
	assert_true(stays_clear(&op.returned));
	assert_int_equal(ct_chan_send(tx, msg_of(11)), CT_OK);
	assert_true(wait_flag(&op.returned));
	finish(t);
	assert_int_equal(op.status, CT_OK);
	assert_ptr_equal(op.msg, msg_of(11));
	assert_true(op.elapsed_ns < DEADLINE_NS / 2);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* try_recv reports CT_EMPTY on an empty channel and leaves *msg alone. */
static void test_try_recv_empty(void **state)
{
	long cap = case_capacity(state);
	struct ct_sender *tx;
	struct ct_receiver *rx;
	void *m = msg_of(0xdead);

	assert_int_equal(ct_chan_new(&tx, &rx, cap, "empty"), CT_OK);
	assert_int_equal(ct_chan_try_recv(rx, &m), CT_EMPTY);
	assert_ptr_equal(m, msg_of(0xdead));
	if (cap != 0) {
		assert_int_equal(ct_chan_try_send(tx, msg_of(3)), CT_OK);
		assert_int_equal(ct_chan_try_recv(rx, &m), CT_OK);
		assert_ptr_equal(m, msg_of(3));
		m = msg_of(0xdead);
		assert_int_equal(ct_chan_try_recv(rx, &m), CT_EMPTY);
		assert_ptr_equal(m, msg_of(0xdead));
	}
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/*
 * try_send fills a bounded channel to exactly its capacity, then reports
 * CT_FULL without queueing; one receive makes room for one more.
 */
static void test_try_send_full(void **state)
{
	long cap = case_capacity(state);
	struct ct_sender *tx;
	struct ct_receiver *rx;
	uintptr_t expect = 1;
	void *m;

	assert_int_equal(ct_chan_new(&tx, &rx, cap, "full"), CT_OK);
	for (long i = 1; i <= cap; i++)
		assert_int_equal(ct_chan_try_send(tx, msg_of((uintptr_t)i)), CT_OK);
	assert_int_equal(ct_chan_try_send(tx, msg_of(1000)), CT_FULL);
	assert_int_equal(ct_chan_try_send(tx, msg_of(1001)), CT_FULL);

	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(expect++));
	assert_int_equal(ct_chan_try_send(tx, msg_of((uintptr_t)cap + 1)), CT_OK);
	assert_int_equal(ct_chan_try_send(tx, msg_of(1002)), CT_FULL);

	/* The refused messages were not queued. */
	while (ct_chan_try_recv(rx, &m) == CT_OK)
		assert_ptr_equal(m, msg_of(expect++));
	assert_int_equal(expect, (uintptr_t)cap + 2);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* An unbounded channel never reports CT_FULL. */
static void test_try_send_unbounded_never_full(void **state)
{
	enum { N = 100000 };
	struct ct_sender *tx;
	struct ct_receiver *rx;
	unsigned refused = 0, out_of_order = 0;
	void *m;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, CT_UNBOUNDED, "unbounded"), CT_OK);
	for (uintptr_t i = 1; i <= N; i++)
		refused += ct_chan_try_send(tx, msg_of(i)) != CT_OK;
	assert_int_equal(refused, 0);
	for (uintptr_t i = 1; i <= N; i++) {
		if (ct_chan_try_recv(rx, &m) != CT_OK || m != msg_of(i))
			out_of_order++;
	}
	assert_int_equal(out_of_order, 0);
	assert_int_equal(ct_chan_try_recv(rx, &m), CT_EMPTY);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* ---------------------------------------------------------- the handles */

static void test_labelled_send_delivers(void **state)
{
	struct ct_sender *tx;
	struct ct_receiver *rx;
	char label[] = "first";
	void *m;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, 2, NULL), CT_OK);
	assert_int_equal(ct_chan_send_labelled(tx, msg_of(1), label), CT_OK);
	memset(label, 'x', sizeof(label) - 1); /* the label was copied */
	assert_int_equal(ct_chan_send_labelled(tx, msg_of(2), NULL), CT_OK);
	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(1));
	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(2));
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
}

/* Both ends and every clone name the same nonzero id; channels differ. */
static void test_chan_ids(void **state)
{
	struct ct_sender *tx, *tx2, *ty;
	struct ct_receiver *rx, *ry;
	uint64_t id;

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, CT_UNBOUNDED, "a"), CT_OK);
	assert_int_equal(ct_chan_new(&ty, &ry, 0, "b"), CT_OK);
	assert_int_equal(ct_sender_clone(tx, &tx2), CT_OK);
	id = ct_sender_chan_id(tx);
	assert_true(id != 0);
	assert_true(id == ct_receiver_chan_id(rx));
	assert_true(id == ct_sender_chan_id(tx2));
	assert_true(ct_sender_chan_id(ty) == ct_receiver_chan_id(ry));
	assert_true(ct_sender_chan_id(ty) != 0);
	assert_true(ct_sender_chan_id(ty) != id);
	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_sender_drop(tx2), CT_OK);
	assert_int_equal(ct_receiver_drop(rx), CT_OK);
	assert_int_equal(ct_receiver_drop(ry), CT_OK);
	assert_int_equal(ct_sender_drop(ty), CT_OK);
}

/* Using a handle after dropping it is misuse while the channel still exists. */
static void test_use_after_drop_is_invalid(void **state)
{
	struct ct_sender *tx, *tx2, *out = NULL;
	struct ct_receiver *rx;
	void *m = msg_of(0xdead);

	(void)state;
	assert_int_equal(ct_chan_new(&tx, &rx, 4, "misuse"), CT_OK);
	assert_int_equal(ct_sender_clone(tx, &tx2), CT_OK);

	assert_int_equal(ct_sender_drop(tx), CT_OK);
	assert_int_equal(ct_sender_drop(tx), CT_INVALID);
	assert_int_equal(ct_chan_send(tx, msg_of(1)), CT_INVALID);
	assert_int_equal(ct_chan_try_send(tx, msg_of(1)), CT_INVALID);
	assert_int_equal(ct_sender_clone(tx, &out), CT_INVALID);
	assert_null(out);
	/* The dropped sender was not the last one: the channel still works. */
	assert_int_equal(ct_chan_send(tx2, msg_of(2)), CT_OK);
	assert_int_equal(ct_chan_recv(rx, &m), CT_OK);
	assert_ptr_equal(m, msg_of(2));

	assert_int_equal(ct_receiver_drop(rx), CT_OK);
	m = msg_of(0xdead);
	assert_int_equal(ct_receiver_drop(rx), CT_INVALID);
	assert_int_equal(ct_chan_recv(rx, &m), CT_INVALID);
	assert_int_equal(ct_chan_try_recv(rx, &m), CT_INVALID);
	assert_int_equal(ct_chan_recv_timeout(rx, &m, MS_NS), CT_INVALID);
	assert_ptr_equal(m, msg_of(0xdead));
	assert_int_equal(ct_sender_drop(tx2), CT_OK);
}

/* NULL handles and impossible capacities are refused; outputs stay untouched. */
static void test_invalid_arguments(void **state)
{
	struct ct_sender *tx = (struct ct_sender *)msg_of(0x1);
	struct ct_receiver *rx = (struct ct_receiver *)msg_of(0x2);
	struct ct_sender *out = NULL;
	void *m = msg_of(0xdead);

	(void)state;
	assert_int_equal(ct_chan_new(NULL, &rx, 1, NULL), CT_INVALID);
	assert_int_equal(ct_chan_new(&tx, NULL, 1, NULL), CT_INVALID);
	assert_int_equal(ct_chan_new(&tx, &rx, -2, NULL), CT_INVALID);
	assert_int_equal(ct_chan_new(&tx, &rx, -1000, NULL), CT_INVALID);
	assert_ptr_equal(tx, msg_of(0x1));
	assert_ptr_equal(rx, msg_of(0x2));

	assert_int_equal(ct_chan_send(NULL, msg_of(1)), CT_INVALID);
	assert_int_equal(ct_chan_send_labelled(NULL, msg_of(1), "x"), CT_INVALID);
	assert_int_equal(ct_chan_try_send(NULL, msg_of(1)), CT_INVALID);
	assert_int_equal(ct_chan_recv(NULL, &m), CT_INVALID);
	assert_int_equal(ct_chan_try_recv(NULL, &m), CT_INVALID);
	assert_int_equal(ct_chan_recv_timeout(NULL, &m, MS_NS), CT_INVALID);
	assert_ptr_equal(m, msg_of(0xdead));
	assert_int_equal(ct_sender_clone(NULL, &out), CT_INVALID);
	assert_null(out);
	assert_int_equal(ct_sender_drop(NULL), CT_INVALID);
	assert_int_equal(ct_receiver_drop(NULL), CT_INVALID);
	assert_int_equal(ct_chan_set_msg_drop(NULL, count_dropped), CT_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		CHAN_CASE(test_fifo_one_producer, cap_unbounded),
		CHAN_CASE(test_fifo_one_producer, cap_one),
		CHAN_CASE(test_fifo_one_producer, cap_four),
		CHAN_CASE(test_fifo_one_producer, cap_rendezvous),
		CHAN_CASE(test_fifo_four_producers, cap_unbounded),
		CHAN_CASE(test_fifo_four_producers, cap_one),
		CHAN_CASE(test_fifo_four_producers, cap_four),
		CHAN_CASE(test_fifo_four_producers, cap_rendezvous),
		CHAN_CASE(test_disconnect_after_drain, cap_unbounded),
		CHAN_CASE(test_disconnect_after_drain, cap_four),
		CHAN_CASE(test_remaining_sender_keeps_channel_open, cap_unbounded),
		CHAN_CASE(test_remaining_sender_keeps_channel_open, cap_one),
		CHAN_CASE(test_blocked_recv_wakes_on_last_sender_drop, cap_unbounded),
		CHAN_CASE(test_blocked_recv_wakes_on_last_sender_drop, cap_one),
		CHAN_CASE(test_blocked_recv_wakes_on_last_sender_drop, cap_rendezvous),
		CHAN_CASE(test_send_after_receiver_drop, cap_unbounded),
		CHAN_CASE(test_send_after_receiver_drop, cap_four),
		CHAN_CASE(test_send_after_receiver_drop, cap_rendezvous),
		CHAN_CASE(test_blocked_send_wakes_on_receiver_drop, cap_one),
		CHAN_CASE(test_blocked_send_wakes_on_receiver_drop, cap_four),
		CHAN_CASE(test_blocked_send_wakes_on_receiver_drop, cap_rendezvous),
		cmocka_unit_test(test_msg_drop_frees_queued),
		cmocka_unit_test(test_no_msg_drop_leaves_messages),
		cmocka_unit_test(test_bounded_send_blocks_when_full),
		cmocka_unit_test(test_rendezvous_send_waits_for_receiver),
		cmocka_unit_test(test_rendezvous_try_send_to_waiting_receiver),
		cmocka_unit_test(test_rendezvous_after_recv_timeout),
		CHAN_CASE(test_recv_timeout_expires, timeout_1ms),
		CHAN_CASE(test_recv_timeout_expires, timeout_30ms),
		CHAN_CASE(test_recv_timeout_expires, timeout_200ms),
		CHAN_CASE(test_recv_timeout_expires, timeout_200ms_rendezvous),
		cmocka_unit_test(test_recv_timeout_zero),
		CHAN_CASE(test_recv_timeout_gets_message, cap_unbounded),
		CHAN_CASE(test_recv_timeout_gets_message, cap_one),
		CHAN_CASE(test_recv_timeout_gets_message, cap_rendezvous),
		CHAN_CASE(test_try_recv_empty, cap_unbounded),
		CHAN_CASE(test_try_recv_empty, cap_four),
		CHAN_CASE(test_try_recv_empty, cap_rendezvous),
		CHAN_CASE(test_try_send_full, cap_one),
		CHAN_CASE(test_try_send_full, cap_four),
		cmocka_unit_test(test_try_send_unbounded_never_full),
		cmocka_unit_test(test_labelled_send_delivers),
		cmocka_unit_test(test_chan_ids),
		cmocka_unit_test(test_use_after_drop_is_invalid),
		cmocka_unit_test(test_invalid_arguments),
	};

	return cmocka_run_group_tests_name("chan", tests, NULL, NULL);
}
