/* SPDX-License-Identifier: MIT */
/*
 * chan.c - multi-producer, single-consumer channels: unbounded, bounded and
 * rendezvous, with Rust's disconnection rules.
 *
 * One mutex guards everything in struct ct_chan. Send and receive events are
 * emitted while it is held: the send that publishes a message is therefore
 * timestamped before the receive that takes it, and a message arrow never
 * points back in time.
 *
 * Rendezvous (capacity 0): a sender may publish only when a receiver is
 * waiting with no message already meant for it (len < recv_waiting); a
 * receiver that times out re-checks the queue before it leaves, so a message
 * published for it is always taken.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct slot {
	void *msg;
	uint64_t msg_id;
};

struct ct_sender {
	struct ct_chan *chan;   /* borrowed */
	struct ct_sender *next; /* the channel's list of every sender handle */
	bool dropped;
};

struct ct_receiver {
	struct ct_chan *chan; /* borrowed */
	bool dropped;
};

struct ct_chan {
	pthread_mutex_t lock;
	pthread_cond_t readable; /* a message arrived or the last sender left */
	pthread_cond_t writable; /* room appeared or the receiver left */
	uint64_t id;
	long capacity;
	struct slot *ring; /* owned; a circular queue of ring_size slots */
	size_t ring_size;
	size_t head;
	size_t len;
	size_t senders_alive;
	size_t recv_waiting;
	bool receiver_alive;
	struct ct_sender *senders; /* owned, freed with the channel */
	struct ct_receiver rx;
	void (*drop_msg)(void *msg);
};

static void chan_free(struct ct_chan *c)
{
	struct ct_sender *s = c->senders;

	while (s) {
		struct ct_sender *next = s->next;

		free(s);
		s = next;
	}
	pthread_cond_destroy(&c->readable);
	pthread_cond_destroy(&c->writable);
	pthread_mutex_destroy(&c->lock);
	free(c->ring);
	free(c);
}

/* Called with the lock held; true when nobody can use the channel any more. */
static bool chan_orphaned(const struct ct_chan *c)
{
	return c->senders_alive == 0 && !c->receiver_alive;
}

static struct ct_sender *sender_add(struct ct_chan *c)
{
	struct ct_sender *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->chan = c;
	s->next = c->senders;
	c->senders = s;
	c->senders_alive++;
	return s;
}

enum ct_status ct_chan_new(struct ct_sender **tx, struct ct_receiver **rx, long capacity,
			   const char *name)
{
	CT_SITE();
	struct ct_chan *c;
	struct ct_sender *s;

	if (!tx || !rx || capacity < CT_UNBOUNDED)
		return CT_INVALID;
	c = calloc(1, sizeof(*c));
	if (!c)
		return CT_NOMEM;
	c->ring_size = capacity > 0 ? (size_t)capacity : 8;
	c->ring = calloc(c->ring_size, sizeof(*c->ring));
	if (!c->ring)
		goto error_ring;
	if (CT_QUIET(pthread_mutex_init(&c->lock, NULL)))
		goto error_lock;
	if (ct__cond_init_monotonic(&c->readable))
		goto error_readable;
	if (ct__cond_init_monotonic(&c->writable))
		goto error_writable;
	s = sender_add(c);
	if (!s)
		goto error_sender;
	c->id = ct_id_new();
	c->capacity = capacity;
	c->receiver_alive = true;
	c->rx.chan = c;
	CT_EVENT(chan_new, c->id, (int64_t)capacity, ct__str(name));
	*tx = s;
	*rx = &c->rx;
	return CT_OK;

error_sender:
	pthread_cond_destroy(&c->writable);
error_writable:
	pthread_cond_destroy(&c->readable);
error_readable:
	pthread_mutex_destroy(&c->lock);
error_lock:
	free(c->ring);
error_ring:
	free(c);
	return CT_NOMEM;
}

enum ct_status ct_chan_set_msg_drop(struct ct_receiver *rx, void (*drop)(void *msg))
{
	enum ct_status st = CT_OK;

	if (!rx)
		return CT_INVALID;
	CT_QUIET(pthread_mutex_lock(&rx->chan->lock));
	if (rx->dropped)
		st = CT_INVALID;
	else
		rx->chan->drop_msg = drop;
	CT_QUIET(pthread_mutex_unlock(&rx->chan->lock));
	return st;
}

enum ct_status ct_sender_clone(struct ct_sender *tx, struct ct_sender **out)
{
	CT_SITE();
	struct ct_chan *c;
	struct ct_sender *s = NULL;
	enum ct_status st = CT_OK;

	if (!tx || !out)
		return CT_INVALID;
	c = tx->chan;
	CT_QUIET(pthread_mutex_lock(&c->lock));
	if (tx->dropped) {
		st = CT_INVALID;
	} else if (!(s = sender_add(c))) {
		st = CT_NOMEM;
	} else {
		CT_EVENT(chan_sender_clone, c->id);
		*out = s;
	}
	CT_QUIET(pthread_mutex_unlock(&c->lock));
	return st;
}

enum ct_status ct_sender_drop(struct ct_sender *tx)
{
	CT_SITE();
	struct ct_chan *c;
	bool orphaned;

	if (!tx)
		return CT_INVALID;
	c = tx->chan;
	CT_QUIET(pthread_mutex_lock(&c->lock));
	if (tx->dropped) {
		CT_QUIET(pthread_mutex_unlock(&c->lock));
		return CT_INVALID;
	}
	tx->dropped = true;
	c->senders_alive--;
	CT_EVENT(chan_sender_drop, c->id);
	if (c->senders_alive == 0)
		CT_QUIET(pthread_cond_broadcast(&c->readable));
	orphaned = chan_orphaned(c);
	CT_QUIET(pthread_mutex_unlock(&c->lock));
	if (orphaned)
		chan_free(c);
	return CT_OK;
}

enum ct_status ct_receiver_drop(struct ct_receiver *rx)
{
	CT_SITE();
	struct ct_chan *c;
	struct slot *leftover = NULL;
	size_t nleft = 0;
	void (*drop_msg)(void *);
	bool orphaned;

	if (!rx)
		return CT_INVALID;
	c = rx->chan;
	CT_QUIET(pthread_mutex_lock(&c->lock));
	if (rx->dropped) {
		CT_QUIET(pthread_mutex_unlock(&c->lock));
		return CT_INVALID;
	}
	rx->dropped = true;
	c->receiver_alive = false;
	CT_EVENT(chan_receiver_drop, c->id);
	drop_msg = c->drop_msg;
	if (c->len && drop_msg) {
		/* Dispose of unreceived messages outside the lock: drop_msg is user code. */
		leftover = malloc(c->len * sizeof(*leftover));
		for (size_t i = 0; leftover && i < c->len; i++)
			leftover[i] = c->ring[(c->head + i) % c->ring_size];
		nleft = leftover ? c->len : 0;
	}
	c->len = 0;
	CT_QUIET(pthread_cond_broadcast(&c->writable));
	orphaned = chan_orphaned(c);
	CT_QUIET(pthread_mutex_unlock(&c->lock));
	for (size_t i = 0; i < nleft; i++)
		drop_msg(leftover[i].msg);
	free(leftover);
	if (orphaned)
		chan_free(c);
	return CT_OK;
}

/* Called with the lock held. */
static bool has_room(const struct ct_chan *c)
{
	if (c->capacity < 0)
		return true;
	if (c->capacity == 0)
		return c->len < c->recv_waiting;
	return c->len < (size_t)c->capacity;
}

/* Called with the lock held; grows an unbounded channel's ring as needed. */
static bool push(struct ct_chan *c, void *msg, uint64_t msg_id)
{
	if (c->len == c->ring_size) {
		size_t nsize = c->ring_size * 2;
		struct slot *n = malloc(nsize * sizeof(*n));

		if (!n)
			return false;
		for (size_t i = 0; i < c->len; i++)
			n[i] = c->ring[(c->head + i) % c->ring_size];
		free(c->ring);
		c->ring = n;
		c->ring_size = nsize;
		c->head = 0;
	}
	c->ring[(c->head + c->len) % c->ring_size] = (struct slot){ msg, msg_id };
	c->len++;
	return true;
}

static struct slot pop(struct ct_chan *c)
{
	struct slot s = c->ring[c->head];

	c->head = (c->head + 1) % c->ring_size;
	c->len--;
	return s;
}

static enum ct_status send(struct ct_sender *tx, void *msg, const char *label, bool block)
{
	struct ct_chan *c;
	enum ct_status st;
	uint64_t msg_id;
	bool waited = false;

	if (!tx)
		return CT_INVALID;
	c = tx->chan;
	CT_PERTURB();
	msg_id = ct_id_new();
	CT_QUIET(pthread_mutex_lock(&c->lock));
	if (tx->dropped) {
		CT_QUIET(pthread_mutex_unlock(&c->lock));
		return CT_INVALID;
	}
	for (;;) {
		if (!c->receiver_alive) {
			st = CT_DISCONNECTED;
			break;
		}
		if (has_room(c)) {
			st = push(c, msg, msg_id) ? CT_OK : CT_NOMEM;
			break;
		}
		if (!block) {
			st = CT_FULL;
			break;
		}
		/* Only a send that really waits has a begin event. */
		if (!waited) {
			CT_EVENT(chan_send_begin, c->id, msg_id, CT_OK);
			waited = true;
		}
		CT_QUIET(pthread_cond_wait(&c->writable, &c->lock));
	}
	if (st != CT_NOMEM)
		CT_EVENT(chan_send_end, c->id, msg_id, (int)st, ct__str(label));
	if (st == CT_OK)
		CT_QUIET(pthread_cond_signal(&c->readable));
	CT_QUIET(pthread_mutex_unlock(&c->lock));
	return st;
}

enum ct_status ct_chan_send(struct ct_sender *tx, void *msg)
{
	CT_SITE();
	return send(tx, msg, NULL, true);
}

enum ct_status ct_chan_send_labelled(struct ct_sender *tx, void *msg, const char *label)
{
	CT_SITE();
	return send(tx, msg, label, true);
}

enum ct_status ct_chan_try_send(struct ct_sender *tx, void *msg)
{
	CT_SITE();
	return send(tx, msg, NULL, false);
}

enum recv_mode { RECV_BLOCK, RECV_TIMED, RECV_TRY };

static enum ct_status recv(struct ct_receiver *rx, void **msg, enum recv_mode mode,
			   uint64_t timeout_ns)
{
	struct ct_chan *c;
	struct timespec deadline;
	struct slot got = { NULL, 0 };
	enum ct_status st;
	bool waited = false;
	bool expired = false;

	if (!rx || !msg)
		return CT_INVALID;
	c = rx->chan;
	if (mode == RECV_TIMED)
		deadline = ct__deadline(timeout_ns);
	CT_QUIET(pthread_mutex_lock(&c->lock));
	if (rx->dropped) {
		CT_QUIET(pthread_mutex_unlock(&c->lock));
		return CT_INVALID;
	}
	for (;;) {
		int err = 0;

		if (c->len > 0) {
			got = pop(c);
			st = CT_OK;
			break;
		}
		if (c->senders_alive == 0) {
			st = CT_DISCONNECTED;
			break;
		}
		if (mode == RECV_TRY) {
			st = CT_EMPTY;
			break;
		}
		if (expired) {
			st = CT_TIMEOUT;
			break;
		}
		if (!waited) {
			CT_EVENT(chan_recv_begin, c->id, (uint64_t)0, CT_OK);
			waited = true;
		}
		c->recv_waiting++;
		/* A rendezvous sender may now publish the message meant for us. */
		if (c->capacity == 0)
			CT_QUIET(pthread_cond_broadcast(&c->writable));
		if (mode == RECV_TIMED)
			err = CT_QUIET(pthread_cond_timedwait(&c->readable, &c->lock, &deadline));
		else
			CT_QUIET(pthread_cond_wait(&c->readable, &c->lock));
		c->recv_waiting--;
		if (err == ETIMEDOUT)
			expired = true;
	}
	CT_EVENT(chan_recv_end, c->id, got.msg_id, (int)st);
	if (st == CT_OK && c->capacity > 0)
		CT_QUIET(pthread_cond_signal(&c->writable));
	CT_QUIET(pthread_mutex_unlock(&c->lock));
	if (st == CT_OK)
		*msg = got.msg;
	return st;
}

enum ct_status ct_chan_recv(struct ct_receiver *rx, void **msg)
{
	CT_SITE();
	return recv(rx, msg, RECV_BLOCK, 0);
}

enum ct_status ct_chan_recv_timeout(struct ct_receiver *rx, void **msg, uint64_t timeout_ns)
{
	CT_SITE();
	return recv(rx, msg, RECV_TIMED, timeout_ns);
}

enum ct_status ct_chan_try_recv(struct ct_receiver *rx, void **msg)
{
	CT_SITE();
	return recv(rx, msg, RECV_TRY, 0);
}

uint64_t ct_sender_chan_id(const struct ct_sender *tx)
{
	return tx ? tx->chan->id : 0;
}

uint64_t ct_receiver_chan_id(const struct ct_receiver *rx)
{
	return rx ? rx->chan->id : 0;
}
