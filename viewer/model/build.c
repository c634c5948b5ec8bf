/* SPDX-License-Identifier: MIT */
/*
 * build.c - builds the timeline model from a ctrace event sequence: the one
 * pass over the events in time order, and finishing. Pure: no
 * libbabeltrace2, no I/O. What a finished model answers is query.c's, the
 * names of its numbers names.c's.
 *
 * Building is one pass over the events in time order. Each ct_model_builder_add
 * first reserves room in every array and map it might touch, so that the rest
 * of the call cannot fail and a failed call leaves the builder unchanged.
 * The maps that only building needs (lane, object and message keys, string
 * interning, per-lane and per-object state) are freed by finish.
 *
 * Thread-safety: see model.h (models are immutable; builders single-threaded).
 */
#include "keymap.h"
#include "store.h"
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

#define TIME_MAX  ((UINT64_C(1) << 52) - 1)
#define MAX_INDEX (CT_MODEL_NONE - 1)

/* Key spaces of the builder's one map: which table a (pid, id) key indexes. */
/*
 * KEY_SHARED: objects one in every process (streams, queues), keyed by kind
 * and id, apart from the per-process objects, so that a trace without vpid
 * (every pid 0) cannot make a mutex and a stream with the same id one object.
 */
enum key_space { KEY_LANE = 1, KEY_OBJECT = 2, KEY_MESSAGE = 3, KEY_MQ = 4, KEY_SHARED = 5 };

/* ------------------------------------------------------------- builder */

/* Per-lane building state. */
struct lane_build {
	uint32_t open_span; /* span index of the current *_begin, or CT_MODEL_NONE */
	uint32_t mq_last;   /* the lane's latest mq_send (index in builder.mqs), or CT_MODEL_NONE */
	bool ended;         /* thread_end seen */
	bool saw_exit;      /* this lane recorded its process's process_exit */
};

/*
 * Per-object building state; the meaning of a and b depends on the kind
 * (stream: its first and last pending write). A semaphore's tokens have
 * fields of their own: a damaged trace may use one id for a semaphore and
 * a mutex, and the mutex's event indices in a must never be read as token
 * slots.
 */
struct obj_build {
	uint32_t a; /* thread: its thread_spawn; mutex: the release not yet taken; cond: latest
		       broadcast */
	uint32_t b; /* thread: its thread_end */
	/* sem: first and last posted token not taken; cond: signals not yet taken (in semq) */
	uint32_t sem_head, sem_tail;
	uint32_t tokens;  /* sem: initial-value tokens left (older than any posted one) */
	uint32_t waiting; /* cond: threads in cond_wait now (a begin without its end) */
	uint32_t pending; /* cond: signals in the chain, each meant for one of them */
};

/*
 * A semaphore token that a sem_post added and no sem_wait_end has taken
 * yet, in its semaphore's chain (oldest first), or a free slot in the
 * builder's free list.
 */
struct sem_token {
	uint32_t post; /* the sem_post event */
	uint32_t next; /* the next token of the chain (or free slot), or CT_MODEL_NONE */
};

/*
 * A write to a byte stream whose bytes have not all been read yet, in the
 * stream's chain of such writes (by offset: obj_build.a is the first,
 * obj_build.b the last).
 */
struct fd_pending {
	uint64_t off, end; /* the byte range [off, end) */
	uint32_t ev;       /* the fd_write event */
	uint32_t next;     /* the next pending write of the stream, or CT_MODEL_NONE */
	bool matched;      /* its arrow to the first read that overlaps it is drawn */
};

/*
 * A message sent to a queue, in the chain of sends with the same queue, hash
 * and length (the key map's KEY_MQ entry names the first, which also knows
 * the last). Sends leave a chain when a receive takes them or, withdrawn,
 * when they reach its head.
 */
struct mq_pending {
	uint64_t hash, len;
	uint32_t ev;   /* the mq_send event */
	uint32_t next; /* the next send of the chain, or CT_MODEL_NONE */
	uint32_t tail; /* the chain's last send; kept up to date in the first one only */
	bool done;     /* received (its arrow is drawn), or withdrawn by a failed mq_send_end */
};

struct ct_model_builder {
	struct ct_model m; /* the model being built; arrays owned (its strings are in `strings`) */
	size_t cap_events, cap_lanes, cap_spans, cap_arrows, cap_objects, cap_markers;
	size_t cap_wide, cap_msgs;
	struct key_map keys;
	struct string_pool strings;    /* becomes m.strings when finished */
	struct lane_build *lane_state; /* owned; parallel to m.lanes, cap_lanes long */
	struct obj_build *obj_state;   /* owned; parallel to m.objects, cap_objects long */
	uint32_t *msg_send;            /* owned; parallel to msgs: event of the ok send */
	struct fd_pending *fdw;        /* owned; every fd_write, chained per stream */
	size_t n_fdw, cap_fdw;
	struct mq_pending *mqs; /* owned; every mq_send, chained per queue and content */
	size_t n_mqs, cap_mqs;
	struct sem_token *semq; /* owned; posted tokens not yet taken, chained per semaphore */
	size_t n_semq, cap_semq;
	uint32_t sem_free; /* first free slot of semq (taken tokens), or CT_MODEL_NONE */
	uint64_t last_abs; /* absolute time of the latest event */
	bool no_lifecycle; /* see ct_model_builder_set_no_lifecycle */
};

/* Grows *ARR (of ELEM-byte items, capacity *CAP) to hold NEED items. */
static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = n;
	return true;
}

/* Grows two parallel arrays together; both capacities end up equal. */
static bool grow2(void **a, size_t ea, void **b, size_t eb, size_t *cap, size_t need)
{
	size_t cap_a = *cap, cap_b = *cap;

	if (!grow(a, &cap_a, need, ea))
		return false;
	if (!grow(b, &cap_b, need, eb)) {
		/* A is only larger than needed now, which is harmless; keep CAP as it was. */
		return false;
	}
	*cap = cap_a < cap_b ? cap_a : cap_b;
	return true;
}

struct ct_model_builder *ct_model_builder_create(void)
{
	struct ct_model_builder *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	if (!string_pool_init(&b->strings)) {
		free(b);
		return NULL;
	}
	b->sem_free = CT_MODEL_NONE;
	return b;
}

static void model_free_arrays(struct ct_model *m)
{
	free(m->events);
	free(m->lanes);
	free(m->spans);
	free(m->arrows);
	free(m->arrow_reach);
	free(m->objects);
	free(m->markers);
	free(m->strings);
	free(m->wide);
	free(m->msg_ids);
	free(m->msg_labels);
}

static void builder_free_state(struct ct_model_builder *b)
{
	key_map_fini(&b->keys);
	string_pool_fini(&b->strings);
	free(b->lane_state);
	free(b->obj_state);
	free(b->msg_send);
	free(b->fdw);
	free(b->mqs);
	free(b->semq);
}

void ct_model_builder_destroy(struct ct_model_builder *b)
{
	if (!b)
		return;
	model_free_arrays(&b->m);
	builder_free_state(b);
	free(b);
}

size_t ct_model_builder_event_count(const struct ct_model_builder *b)
{
	return b->m.n_events;
}

void ct_model_builder_add_discarded(struct ct_model_builder *b, uint64_t count)
{
	b->m.discarded += count;
}

void ct_model_builder_add_skipped(struct ct_model_builder *b, uint64_t count)
{
	b->m.skipped += count;
}

void ct_model_builder_set_stop(struct ct_model_builder *b, uint64_t time_ns)
{
	if (time_ns > b->m.stop_ns)
		b->m.stop_ns = time_ns;
}

void ct_model_builder_set_no_lifecycle(struct ct_model_builder *b)
{
	b->no_lifecycle = true;
}

static uint32_t intern(struct ct_model_builder *b, const char *s)
{
	return string_pool_intern(&b->strings, s);
}

/* Encodes V into an event's arg: directly when small and non-negative, else in `wide`. */
static uint32_t encode_value(struct ct_model_builder *b, int64_t v)
{
	if ((uint64_t)v < WIDE_FLAG)
		return (uint32_t)v;
	b->m.wide[b->m.n_wide] = (uint64_t)v;
	return WIDE_FLAG | (uint32_t)b->m.n_wide++;
}

static bool is_begin(enum ct_event_type t)
{
	return t == CT_EV_JOIN_BEGIN || t == CT_EV_CHAN_SEND_BEGIN || t == CT_EV_CHAN_RECV_BEGIN ||
	       t == CT_EV_MUTEX_LOCK_BEGIN || t == CT_EV_COND_WAIT_BEGIN ||
	       t == CT_EV_SLEEP_BEGIN || t == CT_EV_FD_READ_BEGIN || t == CT_EV_MQ_SEND_BEGIN ||
	       t == CT_EV_MQ_RECV_BEGIN || t == CT_EV_SEM_WAIT_BEGIN;
}

/* The *_end that closes a *_begin (types are consecutive in the enum). */
static enum ct_event_type end_of(enum ct_event_type begin)
{
	return (enum ct_event_type)(begin + 1);
}

static bool is_marker(enum ct_event_type t)
{
	switch (t) {
	case CT_EV_PRINT:
	case CT_EV_MARK:
	case CT_EV_MOVE:
	case CT_EV_ARC_NEW:
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
	case CT_EV_OBJ_NEW:
	case CT_EV_OBJ_DROP:
	case CT_EV_CHAN_SENDER_DROP:
	case CT_EV_CHAN_RECEIVER_DROP:
	case CT_EV_PROCESS_EXIT:
		return true;
	default:
		return false;
	}
}

/* The kind of object the `id` field of TYPE names; CT_OBJ_COUNT_ for none. */
static enum ct_object_kind id_kind(enum ct_event_type t)
{
	switch (t) {
	case CT_EV_THREAD_SPAWN:
	case CT_EV_THREAD_BEGIN:
	case CT_EV_THREAD_END:
	case CT_EV_THREAD_NAME:
	case CT_EV_JOIN_BEGIN:
	case CT_EV_JOIN_END:
		return CT_OBJ_THREAD;
	case CT_EV_CHAN_NEW:
	case CT_EV_CHAN_SEND_BEGIN:
	case CT_EV_CHAN_SEND_END:
	case CT_EV_CHAN_RECV_BEGIN:
	case CT_EV_CHAN_RECV_END:
	case CT_EV_CHAN_SENDER_CLONE:
	case CT_EV_CHAN_SENDER_DROP:
	case CT_EV_CHAN_RECEIVER_DROP:
		return CT_OBJ_CHAN;
	case CT_EV_MUTEX_NEW:
	case CT_EV_MUTEX_LOCK_BEGIN:
	case CT_EV_MUTEX_LOCK_END:
	case CT_EV_MUTEX_UNLOCK:
		return CT_OBJ_MUTEX;
	case CT_EV_COND_NEW:
	case CT_EV_COND_WAIT_BEGIN:
	case CT_EV_COND_WAIT_END:
	case CT_EV_COND_SIGNAL:
	case CT_EV_COND_BROADCAST:
		return CT_OBJ_COND;
	case CT_EV_ARC_NEW:
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
		return CT_OBJ_ARC;
	case CT_EV_OBJ_NEW:
	case CT_EV_OBJ_DROP:
	case CT_EV_MOVE:
	case CT_EV_ACCESS:
		return CT_OBJ_PLAIN;
	case CT_EV_FD_WRITE:
	case CT_EV_FD_READ_BEGIN:
	case CT_EV_FD_READ:
		return CT_OBJ_STREAM;
	case CT_EV_MQ_SEND:
	case CT_EV_MQ_SEND_BEGIN:
	case CT_EV_MQ_SEND_END:
	case CT_EV_MQ_RECV_BEGIN:
	case CT_EV_MQ_RECV:
		return CT_OBJ_QUEUE;
	case CT_EV_SEM_NEW:
	case CT_EV_SEM_WAIT_BEGIN:
	case CT_EV_SEM_WAIT_END:
	case CT_EV_SEM_POST:
		return CT_OBJ_SEM;
	default:
		return CT_OBJ_COUNT_;
	}
}

/* The kind of object `id2` names, CT_OBJ_COUNT_ when it is a message id or nothing. */
static enum ct_object_kind id2_kind(enum ct_event_type t)
{
	if (t == CT_EV_COND_WAIT_BEGIN || t == CT_EV_COND_WAIT_END || t == CT_EV_COND_SIGNAL ||
	    t == CT_EV_COND_BROADCAST)
		return CT_OBJ_MUTEX;
	if (t == CT_EV_MOVE)
		return CT_OBJ_THREAD;
	return CT_OBJ_COUNT_;
}

static void arrow_add(struct ct_model_builder *b, uint32_t from, uint32_t to);

/* OFF + LEN, saturated: byte ranges from damaged traces must not wrap. */
static uint64_t range_end(uint64_t off, uint64_t len)
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

/* How many arrows the fd_read IN adds (for reserve: changes nothing). */
static size_t fd_read_arrows(struct ct_model_builder *b, const struct ct_model_input *in)
{
	uint32_t obj = stream_find(b, in->id);

	if (obj == CT_MODEL_NONE || in->value <= 0)
		return 0;
	return fd_read_walk(b, obj, in->id2, range_end(in->id2, (uint64_t)in->value), CT_MODEL_NONE,
			    false);
}

/*
 * Chains write event IDX of [OFF, END) into stream OBJ's pending writes, by
 * offset. A write at or inside the last one's range reuses offsets that one
 * gave back (it was short or failed: the shim counts before writing), so the
 * last one is cut where the new one starts.
 */
static void fd_write_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t off,
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

/* The KEY_MQ key of the sends to queue object OBJ with content HASH and length LEN. */
static uint64_t mq_key2(uint64_t hash, uint64_t len)
{
	return hash ^ key_mix(len + 1);
}

/* Appends send event IDX to the chain of queue OBJ's sends of the same content; room is reserved. */
static uint32_t mq_send_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t hash,
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
static uint32_t mq_take(struct ct_model_builder *b, uint32_t obj, uint64_t hash, uint64_t len)
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

/* Sets semaphore OBJ's tokens to VALUE without source (sem_new: a new or re-initialised one). */
static void sem_reset(struct ct_model_builder *b, uint32_t obj, int64_t value)
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

/* Appends a token made by sem_post event IDX to semaphore OBJ's chain; a slot is reserved. */
static void sem_post_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx)
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
static bool sem_take(struct ct_model_builder *b, uint32_t obj, uint32_t *post)
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
 * Reserves room for everything adding IN may append, so that the rest of
 * ct_model_builder_add cannot fail.
 */
static enum ct_model_status reserve(struct ct_model_builder *b, const struct ct_model_input *in)
{
	struct ct_model *m = &b->m;
	size_t text = (in->text ? strlen(in->text) : 0) + (in->procname ? strlen(in->procname) : 0);

	if (m->n_events >= MAX_INDEX || m->n_lanes >= MAX_INDEX || m->n_objects + 2 >= MAX_INDEX ||
	    m->n_msgs >= MAX_INDEX || m->n_wide >= (WIDE_FLAG - 2) || b->n_mqs >= MAX_INDEX)
		return CT_MODEL_TOO_LARGE;
	if (b->strings.size + text + 2 > STRING_POOL_MAX)
		return CT_MODEL_TOO_LARGE;
	if (!grow((void **)&m->events, &b->cap_events, m->n_events + 1, sizeof(*m->events)) ||
	    !grow2((void **)&m->lanes, sizeof(*m->lanes), (void **)&b->lane_state,
		   sizeof(*b->lane_state), &b->cap_lanes, m->n_lanes + 1) ||
	    !grow((void **)&m->spans, &b->cap_spans, m->n_spans + 1, sizeof(*m->spans)) ||
	    !grow((void **)&m->arrows, &b->cap_arrows, m->n_arrows + 2, sizeof(*m->arrows)) ||
	    !grow2((void **)&m->objects, sizeof(*m->objects), (void **)&b->obj_state,
		   sizeof(*b->obj_state), &b->cap_objects, m->n_objects + 2) ||
	    !grow((void **)&m->markers, &b->cap_markers, m->n_markers + 1, sizeof(*m->markers)) ||
	    !grow((void **)&m->wide, &b->cap_wide, m->n_wide + 3, sizeof(*m->wide)) ||
	    !key_map_reserve(&b->keys, 4) || !string_pool_reserve(&b->strings, 2, text))
		return CT_MODEL_NOMEM;
	if (in->type == CT_EV_FD_WRITE &&
	    !grow((void **)&b->fdw, &b->cap_fdw, b->n_fdw + 1, sizeof(*b->fdw)))
		return CT_MODEL_NOMEM;
	if (in->type == CT_EV_MQ_SEND &&
	    !grow((void **)&b->mqs, &b->cap_mqs, b->n_mqs + 1, sizeof(*b->mqs)))
		return CT_MODEL_NOMEM;
	if (in->type == CT_EV_FD_READ &&
	    !grow((void **)&m->arrows, &b->cap_arrows, m->n_arrows + fd_read_arrows(b, in),
		  sizeof(*m->arrows)))
		return CT_MODEL_NOMEM;
	if ((in->type == CT_EV_SEM_POST || in->type == CT_EV_COND_SIGNAL) &&
	    b->sem_free == CT_MODEL_NONE) {
		if (b->n_semq >= MAX_INDEX)
			return CT_MODEL_TOO_LARGE;
		if (!grow((void **)&b->semq, &b->cap_semq, b->n_semq + 1, sizeof(*b->semq)))
			return CT_MODEL_NOMEM;
	}
	if (m->n_msgs + 1 > b->cap_msgs) {
		size_t c1 = b->cap_msgs, c2 = b->cap_msgs, c3 = b->cap_msgs;

		if (!grow((void **)&m->msg_ids, &c1, m->n_msgs + 1, sizeof(*m->msg_ids)) ||
		    !grow((void **)&m->msg_labels, &c2, m->n_msgs + 1, sizeof(*m->msg_labels)) ||
		    !grow((void **)&b->msg_send, &c3, m->n_msgs + 1, sizeof(*b->msg_send)))
			return CT_MODEL_NOMEM;
		b->cap_msgs = c1 < c2 ? (c1 < c3 ? c1 : c3) : (c2 < c3 ? c2 : c3);
	}
	return CT_MODEL_OK;
}

/* A new lane for (PID, TID) starting with event EV; room is reserved. */
static uint32_t lane_new(struct ct_model_builder *b, struct key_slot *slot, uint32_t pid,
			 uint32_t tid, const char *procname, uint32_t ev)
{
	struct ct_model *m = &b->m;
	uint32_t lane = (uint32_t)m->n_lanes++;
	struct ct_model_lane *l = &m->lanes[lane];

	/* SLOT may hold an ended lane of the same tid: the new one replaces it. */
	key_map_set(&b->keys, slot, (uint64_t)KEY_LANE << 32 | pid, tid, lane);
	memset(l, 0, sizeof(*l));
	l->pid = pid;
	l->tid = tid;
	l->name = intern(b, procname);
	l->thread = CT_MODEL_NONE;
	l->first_event = ev;
	l->last_event = ev;
	b->lane_state[lane].open_span = CT_MODEL_NONE;
	b->lane_state[lane].mq_last = CT_MODEL_NONE;
	b->lane_state[lane].ended = false;
	b->lane_state[lane].saw_exit = false;
	return lane;
}

/*
 * The object (PID, ID), created with KIND if new; CT_MODEL_NONE for id 0.
 * Streams and queues are shared by processes: PID is ignored (0) for them.
 */
static uint32_t object_get(struct ct_model_builder *b, uint32_t pid, uint64_t id,
			   enum ct_object_kind kind)
{
	struct ct_model *m = &b->m;
	struct key_slot *slot;
	uint32_t obj;
	bool shared = kind == CT_OBJ_STREAM || kind == CT_OBJ_QUEUE;
	uint64_t k1 = shared ? (uint64_t)KEY_SHARED << 32 | kind : (uint64_t)KEY_OBJECT << 32 | pid;

	if (id == 0)
		return CT_MODEL_NONE;
	if (shared)
		pid = 0;
	slot = key_map_find(&b->keys, k1, id);
	if (slot->value != CT_MODEL_NONE)
		return slot->value;
	obj = (uint32_t)m->n_objects++;
	key_map_set(&b->keys, slot, k1, id, obj);
	m->objects[obj] = (struct ct_model_object){
		.id = id, .pid = pid, .name = 0, .lane = CT_MODEL_NONE, .kind = (uint8_t)kind
	};
	/* A semaphore first seen without its sem_new has no tokens but those posted. */
	b->obj_state[obj] = (struct obj_build){ .a = CT_MODEL_NONE,
						.b = CT_MODEL_NONE,
						.sem_head = CT_MODEL_NONE,
						.sem_tail = CT_MODEL_NONE };
	return obj;
}

/* The message (PID, ID): its slot in the key map (empty slot if unknown). */
static struct key_slot *message_slot(struct ct_model_builder *b, uint32_t pid, uint64_t id)
{
	return key_map_find(&b->keys, (uint64_t)KEY_MESSAGE << 32 | pid, id);
}

static uint32_t message_new(struct ct_model_builder *b, struct key_slot *slot, uint32_t pid,
			    uint64_t id, bool keep)
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

static void arrow_add(struct ct_model_builder *b, uint32_t from, uint32_t to)
{
	b->m.arrows[b->m.n_arrows++] = (struct ct_model_arrow){ .from = from, .to = to };
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
static uint32_t cond_woken(struct ct_model_builder *b, uint32_t obj, uint64_t began, bool ok)
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

enum ct_model_status ct_model_builder_add(struct ct_model_builder *b,
					  const struct ct_model_input *in)
{
	struct ct_model *m = &b->m;
	struct ct_model_event *ev;
	struct lane_build *ls;
	struct key_slot *slot;
	enum ct_event_type type = in->type;
	enum ct_event_type closed = CT_EV_COUNT_; /* type of the begin this event closed */
	uint32_t closed_begin = CT_MODEL_NONE;
	uint32_t idx, lane, obj = CT_MODEL_NONE, arg = 0;
	uint64_t rel;
	enum ct_model_status status;

	if ((unsigned)type >= CT_EV_COUNT_) {
		m->problems.bad_fields++;
		return CT_MODEL_OK;
	}
	status = reserve(b, in);
	if (status != CT_MODEL_OK)
		return status;

	idx = (uint32_t)m->n_events;
	if (idx == 0) {
		m->start_ns = in->time;
		b->last_abs = in->time;
	}
	if (in->time < b->last_abs) {
		m->problems.out_of_order++;
		rel = b->last_abs - m->start_ns;
	} else {
		b->last_abs = in->time;
		rel = in->time - m->start_ns;
	}
	if (rel > TIME_MAX) {
		m->problems.bad_fields++;
		rel = TIME_MAX;
	}

	/* The lane; a thread_begin on an ended lane is a new thread reusing the tid. */
	slot = key_map_find(&b->keys, (uint64_t)KEY_LANE << 32 | in->pid, in->tid);
	if (slot->value == CT_MODEL_NONE ||
	    (type == CT_EV_THREAD_BEGIN && b->lane_state[slot->value].ended))
		lane = lane_new(b, slot, in->pid, in->tid, in->procname, idx);
	else
		lane = slot->value;
	ls = &b->lane_state[lane];
	m->lanes[lane].last_event = idx;
	if (ls->ended)
		m->problems.after_end++;

	m->n_events++;
	ev = &m->events[idx];
	memset(ev, 0, sizeof(*ev));
	ev->time_lo = (uint32_t)rel;
	ev->time_hi = (uint32_t)(rel >> 32);
	ev->type = type;
	ev->lane = lane;
	if (in->status > 15) {
		m->problems.bad_fields++;
	} else {
		ev->status = in->status;
	}

	/* The object fields. */
	/* A stream or a queue is one object in every process that shares it: keyed without the pid. */
	if (id_kind(type) == CT_OBJ_STREAM || id_kind(type) == CT_OBJ_QUEUE)
		obj = object_get(b, 0, in->id, id_kind(type));
	else if (id_kind(type) != CT_OBJ_COUNT_)
		obj = object_get(b, in->pid, in->id, id_kind(type));
	if (id2_kind(type) != CT_OBJ_COUNT_)
		arg = object_get(b, in->pid, in->id2, id2_kind(type));

	/* Close the lane's open span: by its own *_end, or (bad input) by anything else. */
	if (ls->open_span != CT_MODEL_NONE) {
		struct ct_model_span *sp = &m->spans[ls->open_span];
		const struct ct_model_event *beg = &m->events[sp->begin];

		sp->end = idx;
		ls->open_span = CT_MODEL_NONE;
		if (type == end_of(beg->type) && beg->obj == obj) {
			closed = beg->type;
			closed_begin = sp->begin;
		} else {
			m->problems.span_mismatch++;
		}
	}
	if (is_begin(type)) {
		ls->open_span = (uint32_t)m->n_spans;
		m->spans[m->n_spans++] =
			(struct ct_model_span){ .begin = idx, .end = CT_MODEL_NONE };
	}

	switch (type) {
	case CT_EV_THREAD_SPAWN:
		arg = intern(b, in->text);
		if (obj != CT_MODEL_NONE) {
			if (arg)
				m->objects[obj].name = arg;
			b->obj_state[obj].a = idx;
		}
		break;
	case CT_EV_THREAD_BEGIN: {
		struct ct_model_lane *l = &m->lanes[lane];

		arg = intern(b, in->text);
		if (arg)
			l->name = arg;
		l->has_begin = true;
		if (obj == CT_MODEL_NONE)
			break;
		if (arg)
			m->objects[obj].name = arg;
		else if (m->objects[obj].name)
			l->name = m->objects[obj].name; /* renamed by its parent before it began */
		m->objects[obj].lane = lane;
		l->thread = obj;
		if (b->obj_state[obj].a != CT_MODEL_NONE) {
			uint32_t spawn = b->obj_state[obj].a;
			uint32_t to = ev_time(m, l->first_event) >= ev_time(m, spawn)
					      ? l->first_event
					      : idx;

			arrow_add(b, spawn, to);
			b->obj_state[obj].a = CT_MODEL_NONE;
		}
		break;
	}
	case CT_EV_THREAD_NAME: {
		/* Thread 0, or the lane's own thread: the emitting thread renamed itself. */
		uint32_t target = lane;

		arg = intern(b, in->text);
		if (obj != CT_MODEL_NONE) {
			if (arg)
				m->objects[obj].name = arg;
			/*
			 * A thread renamed by another before it began has no lane
			 * yet: its thread_begin takes the name from its object.
			 */
			if (m->objects[obj].lane == CT_MODEL_NONE)
				break;
			target = m->objects[obj].lane;
		}
		if (arg)
			m->lanes[target].name = arg;
		break;
	}
	case CT_EV_THREAD_END:
		ls->ended = true;
		if (obj != CT_MODEL_NONE)
			b->obj_state[obj].b = idx;
		break;
	case CT_EV_JOIN_END:
		if (obj != CT_MODEL_NONE && b->obj_state[obj].b != CT_MODEL_NONE)
			arrow_add(b, b->obj_state[obj].b, idx);
		else
			m->problems.join_unmatched++;
		break;
	case CT_EV_CHAN_NEW:
	case CT_EV_MUTEX_NEW:
	case CT_EV_COND_NEW:
	case CT_EV_ARC_NEW:
	case CT_EV_OBJ_NEW:
	case CT_EV_SEM_NEW: {
		uint32_t name = intern(b, in->text);

		if (obj != CT_MODEL_NONE && name)
			m->objects[obj].name = name;
		if (type == CT_EV_CHAN_NEW || type == CT_EV_ARC_NEW || type == CT_EV_SEM_NEW)
			arg = encode_value(b, in->value);
		else
			arg = name;
		if (type == CT_EV_SEM_NEW && obj != CT_MODEL_NONE)
			sem_reset(b, obj, in->value);
		break;
	}
	case CT_EV_SEM_POST:
		if (obj != CT_MODEL_NONE)
			sem_post_add(b, obj, idx);
		break;
	case CT_EV_SEM_WAIT_END: {
		uint32_t post;

		/* A timeout took nothing; a wait that took a token nobody announced draws nothing. */
		if (obj == CT_MODEL_NONE || in->status != CT_EVS_OK)
			break;
		if (!sem_take(b, obj, &post))
			m->problems.sem_unmatched++;
		else if (post != CT_MODEL_NONE && m->events[post].lane != lane)
			arrow_add(b, post, idx);
		break;
	}
	case CT_EV_CHAN_SEND_BEGIN:
	case CT_EV_CHAN_SEND_END:
	case CT_EV_CHAN_RECV_BEGIN:
	case CT_EV_CHAN_RECV_END: {
		uint32_t msg = CT_MODEL_NONE;

		if (in->id2 != 0) {
			slot = message_slot(b, in->pid, in->id2);
			msg = slot->value;
			if (msg == CT_MODEL_NONE)
				msg = message_new(b, slot, in->pid, in->id2,
						  type != CT_EV_CHAN_RECV_END);
		}
		arg = msg;
		if (type == CT_EV_CHAN_SEND_END && msg != CT_MODEL_NONE) {
			uint32_t label = intern(b, in->text);

			if (label)
				m->msg_labels[msg] = label;
			if (in->status == CT_EVS_OK)
				b->msg_send[msg] = idx;
		} else if (type == CT_EV_CHAN_RECV_END && in->status == CT_EVS_OK) {
			if (msg != CT_MODEL_NONE && b->msg_send[msg] != CT_MODEL_NONE)
				arrow_add(b, b->msg_send[msg], idx);
			else
				m->problems.recv_unmatched++;
			/* A message is received once: forget its key to keep the map small. */
			if (msg != CT_MODEL_NONE && slot->value != CT_MODEL_NONE)
				key_map_remove(&b->keys, slot);
		}
		break;
	}
	case CT_EV_MUTEX_LOCK_END:
		if (obj == CT_MODEL_NONE)
			break;
		if (closed == CT_EV_MUTEX_LOCK_BEGIN && b->obj_state[obj].a != CT_MODEL_NONE &&
		    m->events[b->obj_state[obj].a].lane != lane)
			arrow_add(b, b->obj_state[obj].a, idx);
		b->obj_state[obj].a = CT_MODEL_NONE;
		break;
	case CT_EV_MUTEX_UNLOCK:
		if (obj != CT_MODEL_NONE)
			b->obj_state[obj].a = idx;
		break;
	case CT_EV_COND_WAIT_BEGIN:
		if (arg != CT_MODEL_NONE)
			b->obj_state[arg].a = idx;
		if (obj != CT_MODEL_NONE)
			b->obj_state[obj].waiting++;
		break;
	case CT_EV_COND_WAIT_END:
		if (closed == CT_EV_COND_WAIT_BEGIN && obj != CT_MODEL_NONE) {
			uint32_t from = cond_woken(b, obj, ev_time(m, closed_begin),
						   in->status == CT_EVS_OK);

			if (from != CT_MODEL_NONE)
				arrow_add(b, from, idx);
		}
		if (arg != CT_MODEL_NONE) {
			struct obj_build *mu = &b->obj_state[arg];

			if (closed == CT_EV_COND_WAIT_BEGIN && mu->a != CT_MODEL_NONE &&
			    m->events[mu->a].lane != lane)
				arrow_add(b, mu->a, idx);
			mu->a = CT_MODEL_NONE;
		}
		break;
	case CT_EV_COND_SIGNAL:
		/* A signal wakes one waiter not woken yet; with none left to wake it is lost. */
		if (obj != CT_MODEL_NONE && b->obj_state[obj].waiting > b->obj_state[obj].pending) {
			sem_post_add(b, obj, idx);
			b->obj_state[obj].pending++;
		}
		break;
	case CT_EV_COND_BROADCAST:
		if (obj != CT_MODEL_NONE)
			b->obj_state[obj].a = idx;
		break;
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
	case CT_EV_SLEEP_BEGIN:
	case CT_EV_SLEEP_END:
	case CT_EV_ACCESS:
	case CT_EV_PROCESS_EXIT:
		if (type == CT_EV_PROCESS_EXIT)
			ls->saw_exit = true;
		arg = encode_value(b, in->value);
		break;
	case CT_EV_PRINT:
	case CT_EV_MARK:
		arg = intern(b, in->text);
		break;
	case CT_EV_FD_WRITE:
	case CT_EV_FD_READ_BEGIN:
	case CT_EV_FD_READ: {
		uint64_t len = in->value > 0 ? (uint64_t)in->value : 0;
		uint64_t end = range_end(in->id2, len);

		/* Two wide values: the length, then the offset (ct_model_event_offset). */
		arg = WIDE_FLAG | (uint32_t)m->n_wide;
		m->wide[m->n_wide++] = len;
		m->wide[m->n_wide++] = in->id2;
		if (obj == CT_MODEL_NONE || len == 0)
			break;
		if (type == CT_EV_FD_WRITE)
			fd_write_add(b, obj, idx, in->id2, end);
		else if (type == CT_EV_FD_READ)
			fd_read_walk(b, obj, in->id2, end, idx, true);
		break;
	}
	case CT_EV_MQ_SEND:
	case CT_EV_MQ_RECV: {
		uint64_t len = in->value > 0 ? (uint64_t)in->value : 0;

		/* Three wide values: the length, the hash, the priority (ct_model_event_hash/prio). */
		arg = WIDE_FLAG | (uint32_t)m->n_wide;
		m->wide[m->n_wide++] = len;
		m->wide[m->n_wide++] = in->id2;
		m->wide[m->n_wide++] = in->prio;
		if (obj == CT_MODEL_NONE)
			break;
		if (type == CT_EV_MQ_SEND) {
			ls->mq_last = mq_send_add(b, obj, idx, in->id2, len);
		} else if (in->status == CT_EVS_OK) {
			uint32_t send = mq_take(b, obj, in->id2, len);

			if (send != CT_MODEL_NONE)
				arrow_add(b, send, idx);
			else
				m->problems.recv_unmatched++;
		}
		break;
	}
	case CT_EV_MQ_SEND_END:
		/* A send that failed withdraws its mq_send, unless a receive took it already. */
		if (in->status != CT_EVS_OK && ls->mq_last != CT_MODEL_NONE &&
		    m->events[b->mqs[ls->mq_last].ev].obj == obj)
			b->mqs[ls->mq_last].done = true;
		ls->mq_last = CT_MODEL_NONE;
		break;
	default:
		break;
	}
	ev->obj = obj;
	ev->arg = arg;
	if (is_marker(type))
		m->markers[m->n_markers++] = idx;
	return CT_MODEL_OK;
}

static int arrow_cmp(const void *pa, const void *pb)
{
	const struct ct_model_arrow *a = pa, *b = pb;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return 0;
}

/* Shrinks *ARR to N items of ELEM bytes; an empty array becomes NULL. Can't fail. */
static void trim(void **arr, size_t n, size_t elem)
{
	void *p;

	if (n == 0) {
		free(*arr);
		*arr = NULL;
		return;
	}
	p = realloc(*arr, n * elem);
	if (p) /* keeping the larger block is fine if shrinking fails */
		*arr = p;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * True when every process with a lane recorded process_exit; also true when
 * out of memory (then the trace simply ends at its last event).
 */
static bool all_processes_exited(const struct ct_model_builder *b)
{
	const struct ct_model *m = &b->m;
	uint32_t *exited = malloc((m->n_lanes + 1) * sizeof(*exited));
	size_t n = 0;
	bool all = true;

	if (!exited)
		return true;
	for (size_t i = 0; i < m->n_lanes; i++)
		if (b->lane_state[i].saw_exit)
			exited[n++] = m->lanes[i].pid;
	qsort(exited, n, sizeof(*exited), cmp_u32);
	for (size_t i = 0; i < m->n_lanes && all; i++)
		all = bsearch(&m->lanes[i].pid, exited, n, sizeof(*exited), cmp_u32) != NULL;
	free(exited);
	return all;
}

enum ct_model_status ct_model_builder_finish(struct ct_model_builder *b, struct ct_model **out)
{
	struct ct_model *m = &b->m;
	struct ct_model *model = NULL;
	struct ct_model_span *spans = NULL;
	uint32_t *reach = NULL;
	size_t n_reach = (m->n_arrows + ARROW_BLOCK - 1) / ARROW_BLOCK;
	size_t pos = 0;
	bool any_blocked = false;

	model = malloc(sizeof(*model));
	if (!model)
		goto error;
	if (m->n_spans) {
		spans = malloc(m->n_spans * sizeof(*spans));
		if (!spans)
			goto error;
	}
	if (n_reach) {
		reach = malloc(n_reach * sizeof(*reach));
		if (!reach)
			goto error;
	}

	/* Nothing below can fail. Group spans by lane (counting sort keeps time order). */
	for (size_t i = 0; i < m->n_lanes; i++)
		m->lanes[i].span_count = 0;
	for (size_t i = 0; i < m->n_spans; i++)
		m->lanes[m->events[m->spans[i].begin].lane].span_count++;
	for (size_t i = 0; i < m->n_lanes; i++) {
		m->lanes[i].span_first = (uint32_t)pos;
		pos += m->lanes[i].span_count;
		m->lanes[i].span_count = 0;
	}
	for (size_t i = 0; i < m->n_spans; i++) {
		struct ct_model_lane *l = &m->lanes[m->events[m->spans[i].begin].lane];

		spans[l->span_first + l->span_count++] = m->spans[i];
	}
	free(m->spans);
	m->spans = spans;
	spans = NULL;

	/* How each lane ended. */
	for (size_t i = 0; i < m->n_lanes; i++) {
		struct ct_model_lane *l = &m->lanes[i];
		const struct lane_build *ls = &b->lane_state[i];

		/* Without life-cycle events no lane has a thread_begin, and none is a problem. */
		if (!l->has_begin && l->tid != l->pid && !b->no_lifecycle)
			m->problems.lanes_without_begin++;
		if (ls->ended)
			l->end = CT_LANE_ENDED;
		else if (ls->open_span != CT_MODEL_NONE &&
			 m->events[l->last_event].type != CT_EV_SLEEP_BEGIN)
			l->end = CT_LANE_BLOCKED;
		else if (l->tid == l->pid || b->no_lifecycle)
			l->end = CT_LANE_ENDED;
		else
			l->end = CT_LANE_KILLED;
		if (l->end == CT_LANE_BLOCKED)
			any_blocked = true;
	}

	/*
	 * The recording's stop time matters only when a process did not exit
	 * by itself (it hung and was killed, or crashed): then its threads stay
	 * in their last state until the recording stopped. A trace whose
	 * processes all recorded process_exit ends at its last event.
	 */
	if (m->stop_ns && all_processes_exited(b))
		m->stop_ns = 0;
	/*
	 * A tracer without process_exit never says the program ended: the
	 * stop time then only shows how long a blocked lane stayed blocked,
	 * and would otherwise add the idle time before `lttng stop`.
	 */
	if (b->no_lifecycle && !any_blocked)
		m->stop_ns = 0;

	/* Arrows by source, and the running maximum of their ends per block. */
	if (m->n_arrows)
		qsort(m->arrows, m->n_arrows, sizeof(*m->arrows), arrow_cmp);
	for (size_t i = 0, max = 0; i < m->n_arrows; i++) {
		if (m->arrows[i].to > max)
			max = m->arrows[i].to;
		if (i % ARROW_BLOCK == ARROW_BLOCK - 1 || i + 1 == m->n_arrows)
			reach[i / ARROW_BLOCK] = (uint32_t)max;
	}
	free(m->arrow_reach);
	m->arrow_reach = reach;
	m->n_reach = n_reach;
	reach = NULL;

	m->strings = string_pool_take_text(&b->strings, &m->strings_size);
	trim((void **)&m->events, m->n_events, sizeof(*m->events));
	trim((void **)&m->lanes, m->n_lanes, sizeof(*m->lanes));
	trim((void **)&m->arrows, m->n_arrows, sizeof(*m->arrows));
	trim((void **)&m->objects, m->n_objects, sizeof(*m->objects));
	trim((void **)&m->markers, m->n_markers, sizeof(*m->markers));
	trim((void **)&m->strings, m->strings_size, 1);
	trim((void **)&m->wide, m->n_wide, sizeof(*m->wide));
	trim((void **)&m->msg_ids, m->n_msgs, sizeof(*m->msg_ids));
	trim((void **)&m->msg_labels, m->n_msgs, sizeof(*m->msg_labels));

	*model = *m;
	*out = model;
	model = NULL;

	/* Leave the builder empty and reusable. */
	builder_free_state(b);
	memset(b, 0, sizeof(*b));
	b->sem_free = CT_MODEL_NONE;
	/* Out of memory here leaves the pool without "", which its first reserve adds. */
	(void)string_pool_init(&b->strings);
	return CT_MODEL_OK;

error:
	free(model);
	free(spans);
	free(reach);
	return CT_MODEL_NOMEM;
}

void ct_model_destroy(struct ct_model *model)
{
	if (!model)
		return;
	model_free_arrays(model);
	free(model);
}
