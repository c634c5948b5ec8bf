/* SPDX-License-Identifier: MIT */
/*
 * match.c - matching while building: which send a receive took, which
 * writes a read of a byte stream finishes, which send to a message queue a
 * receive got, which post a semaphore waiter's token came from, and which
 * signal or broadcast woke a condvar waiter. Each is a chain of pending
 * tokens per object, kept in the builder (builder.h) and dropped when done.
 *
 * Room for everything these functions append was reserved by build.c's
 * reserve, so none of them can fail.
 */
#include "builder.h"

/* Channels' messages, found by (pid, message id). */

struct key_slot *message_slot(struct ct_model_builder *b, uint32_t pid, uint64_t id)
{
	return key_map_find(&b->keys, (uint64_t)KEY_MESSAGE << 32 | pid, id);
}

uint32_t message_new(struct ct_model_builder *b, struct key_slot *slot, uint32_t pid, uint64_t id,
		     bool keep)
{
	struct ct_model *m = &b->m;
	uint32_t msg = (uint32_t)m->n_msgs++;

	m->msg_ids[msg] = id;
	m->msg_labels[msg] = 0;
	b->msg_send[msg] = CT_MODEL_NONE;
	if (keep)
		key_map_set(&b->keys, slot, (uint64_t)KEY_MESSAGE << 32 | pid, id, msg);
	return msg;
}

/* Byte streams: a read is matched to the pending writes of the bytes it read. */

uint64_t range_end(uint64_t off, uint64_t len)
{
	return off + len < off ? UINT64_MAX : off + len;
}

/* The stream object (id ID, shared by every process) if it exists, else CT_MODEL_NONE. */
static uint32_t stream_find(const struct ct_model_builder *b, uint64_t id)
{
	if (!b->keys.cap || id == 0)
		return CT_MODEL_NONE;
	return key_map_find(&b->keys, (uint64_t)KEY_SHARED << 32 | CT_OBJ_STREAM, id)->value;
}

/*
 * Walks the pending writes of stream OBJ that a read of [OFF, END) finishes
 * with: calls VISIT on each that overlaps the range and has no arrow yet,
 * and when DROP, unchains the writes that end inside the range.
 */
static size_t fd_read_walk(struct ct_model_builder *b, uint32_t obj, uint64_t off, uint64_t end,
			   uint32_t read_ev, bool drop)
{
	struct obj_build *st = &b->obj_state[obj];
	uint32_t w = st->a;
	size_t n = 0;

	while (w != CT_MODEL_NONE && b->fdw[w].off < end) {
		struct fd_pending *p = &b->fdw[w];

		if (p->end > off && p->end > p->off && !p->matched) {
			n++;
			if (drop) {
				arrow_add(b, p->ev, read_ev);
				p->matched = true;
			}
		}
		if (p->end > end)
			break;
		w = p->next;
		if (drop) {
			st->a = w;
			if (w == CT_MODEL_NONE)
				st->b = CT_MODEL_NONE;
		}
	}
	return n;
}

size_t fd_read_arrows(struct ct_model_builder *b, const struct ct_model_input *in)
{
	uint32_t obj = stream_find(b, in->id);

	if (obj == CT_MODEL_NONE || in->value <= 0)
		return 0;
	return fd_read_walk(b, obj, in->id2, range_end(in->id2, (uint64_t)in->value), CT_MODEL_NONE,
			    false);
}

void fd_read_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t off, uint64_t end)
{
	fd_read_walk(b, obj, off, end, idx, true);
}

/*
 * Chains write event IDX of [OFF, END) into stream OBJ's pending writes, by
 * offset. A write at or inside the last one's range reuses offsets that one
 * gave back (it was short or failed: the shim counts before writing), so the
 * last one is cut where the new one starts.
 */
void fd_write_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t off,
		  uint64_t end)
{
	struct obj_build *st = &b->obj_state[obj];
	uint32_t w = (uint32_t)b->n_fdw++;
	uint32_t *link;

	b->fdw[w] = (struct fd_pending){ .off = off, .end = end, .ev = idx, .next = CT_MODEL_NONE };
	if (st->b != CT_MODEL_NONE && off >= b->fdw[st->b].off) {
		struct fd_pending *last = &b->fdw[st->b];

		if (last->end > off)
			last->end = off;
		last->next = w;
		st->b = w;
		return;
	}
	/* An empty chain, or writes of several threads emitted out of offset order. */
	link = &st->a;
	while (*link != CT_MODEL_NONE && b->fdw[*link].off <= off)
		link = &b->fdw[*link].next;
	b->fdw[w].next = *link;
	*link = w;
	if (b->fdw[w].next == CT_MODEL_NONE)
		st->b = w;
}

/* Message queues: a receive takes the earliest pending send of the same content. */

/* The KEY_MQ key of the sends to queue object OBJ with content HASH and length LEN. */
static uint64_t mq_key2(uint64_t hash, uint64_t len)
{
	return hash ^ key_mix(len + 1);
}

uint32_t mq_send_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t hash,
		     uint64_t len)
{
	uint32_t p = (uint32_t)b->n_mqs++;
	struct key_slot *slot =
		key_map_find(&b->keys, (uint64_t)KEY_MQ << 32 | obj, mq_key2(hash, len));

	b->mqs[p] = (struct mq_pending){
		.hash = hash, .len = len, .ev = idx, .next = CT_MODEL_NONE, .tail = p, .done = false
	};
	if (slot->value == CT_MODEL_NONE) {
		key_map_set(&b->keys, slot, (uint64_t)KEY_MQ << 32 | obj, mq_key2(hash, len), p);
	} else {
		struct mq_pending *head = &b->mqs[slot->value];

		b->mqs[head->tail].next = p;
		head->tail = p;
	}
	return p;
}

/*
 * Takes the earliest send to queue OBJ of content HASH and length LEN that
 * is neither received nor withdrawn, and returns its event (CT_MODEL_NONE
 * if there is none). Sends that are done leave the chain once they reach its
 * head; an empty chain leaves the map.
 */
uint32_t mq_take(struct ct_model_builder *b, uint32_t obj, uint64_t hash, uint64_t len)
{
	struct key_slot *slot =
		key_map_find(&b->keys, (uint64_t)KEY_MQ << 32 | obj, mq_key2(hash, len));
	uint32_t found = CT_MODEL_NONE;

	if (slot->value == CT_MODEL_NONE)
		return CT_MODEL_NONE;
	/* Another content whose key collides may share the chain: compare hash and length. */
	for (uint32_t p = slot->value; p != CT_MODEL_NONE; p = b->mqs[p].next) {
		struct mq_pending *q = &b->mqs[p];

		if (!q->done && q->hash == hash && q->len == len) {
			q->done = true;
			found = q->ev;
			break;
		}
	}
	while (slot->value != CT_MODEL_NONE && b->mqs[slot->value].done) {
		struct mq_pending *head = &b->mqs[slot->value];

		if (head->next == CT_MODEL_NONE) {
			key_map_remove(&b->keys, slot);
			break;
		}
		b->mqs[head->next].tail = head->tail;
		slot->value = head->next;
	}
	return found;
}

/*
 * Semaphores: a FIFO of tokens per semaphore. sem_new gives VALUE tokens
 * with no source; each sem_post adds one whose source is that post; each
 * sem_wait_end with status ok takes the oldest. A semaphore's tokens are
 * interchangeable, so the trace cannot say which post's token a waiter got:
 * the model hands them out first posted, first taken, which keeps the count
 * exact; when several threads wait at once, which of them an arrow goes to
 * follows the order of their sem_wait_end events, not the kernel's wake-up
 * order. The shim emits sem_post before the real post and sem_wait_end
 * after the real take, so every token taken was announced before its
 * taker's sem_wait_end: a complete trace never runs dry, and an arrow never
 * points back in time.
 */

void sem_reset(struct ct_model_builder *b, uint32_t obj, int64_t value)
{
	struct obj_build *st = &b->obj_state[obj];

	/* Tokens left from an earlier life at the same address belong to nobody now. */
	while (st->sem_head != CT_MODEL_NONE) {
		uint32_t t = st->sem_head;

		st->sem_head = b->semq[t].next;
		b->semq[t].next = b->sem_free;
		b->sem_free = t;
	}
	st->sem_tail = CT_MODEL_NONE;
	/* The shim's value is at most SEM_VALUE_MAX; a damaged one is clamped, never wraps. */
	st->tokens = value <= 0 ? 0 : value >= (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)value;
}

void sem_post_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx)
{
	struct obj_build *st = &b->obj_state[obj];
	uint32_t t;

	if (b->sem_free != CT_MODEL_NONE) {
		t = b->sem_free;
		b->sem_free = b->semq[t].next;
	} else {
		t = (uint32_t)b->n_semq++;
	}
	b->semq[t] = (struct sem_token){ .post = idx, .next = CT_MODEL_NONE };
	if (st->sem_tail == CT_MODEL_NONE)
		st->sem_head = t;
	else
		b->semq[st->sem_tail].next = t;
	st->sem_tail = t;
}

/*
 * Takes the oldest token of semaphore OBJ: false when it has none. *POST
 * gets the sem_post that made it, or CT_MODEL_NONE for a token of the
 * initial value.
 */
bool sem_take(struct ct_model_builder *b, uint32_t obj, uint32_t *post)
{
	struct obj_build *st = &b->obj_state[obj];
	uint32_t t = st->sem_head;

	*post = CT_MODEL_NONE;
	if (st->tokens > 0) {
		st->tokens--;
		return true;
	}
	if (t == CT_MODEL_NONE)
		return false;
	*post = b->semq[t].post;
	st->sem_head = b->semq[t].next;
	if (st->sem_head == CT_MODEL_NONE)
		st->sem_tail = CT_MODEL_NONE;
	b->semq[t].next = b->sem_free;
	b->sem_free = t;
	return true;
}

/*
 * Condition variables: which notification woke a waiter. A signal wakes one
 * thread among those waiting when it was sent, a broadcast all of them
 * (POSIX), and a signal with nobody left to wake is lost. So a signal sent
 * while more threads wait than earlier signals will wake becomes a token in
 * the condvar's chain (the semaphores' chain, oldest first); a wait that
 * ends ok takes the oldest token sent after it began (older ones were meant
 * for threads already waiting before it), or else is woken by the latest
 * broadcast sent after it began; a wait woken by neither (a timeout, or a
 * spurious wake-up) gets no arrow. When the last waiter leaves, tokens left
 * over (their waiter timed out first) are dropped. The shim and libctrace
 * emit a notify before the real one and cond_wait_end after the wait, so an
 * arrow never points back in time. Which waiter the kernel woke first is not
 * in the trace: the arrows follow the order of the cond_wait_end events.
 */
uint32_t cond_woken(struct ct_model_builder *b, uint32_t obj, uint64_t began, bool ok)
{
	struct obj_build *c = &b->obj_state[obj];
	uint32_t from = CT_MODEL_NONE, prev = CT_MODEL_NONE;

	if (c->waiting)
		c->waiting--;
	for (uint32_t t = c->sem_head; ok && t != CT_MODEL_NONE; prev = t, t = b->semq[t].next) {
		if (ev_time(&b->m, b->semq[t].post) < began)
			continue;
		from = b->semq[t].post;
		if (prev == CT_MODEL_NONE)
			c->sem_head = b->semq[t].next;
		else
			b->semq[prev].next = b->semq[t].next;
		if (c->sem_tail == t)
			c->sem_tail = prev;
		b->semq[t].next = b->sem_free;
		b->sem_free = t;
		c->pending--;
		break;
	}
	if (ok && from == CT_MODEL_NONE && c->a != CT_MODEL_NONE && ev_time(&b->m, c->a) >= began)
		from = c->a;
	if (c->waiting == 0) {
		sem_reset(b, obj, 0);
		c->pending = 0;
	}
	return from;
}
