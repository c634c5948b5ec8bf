/* SPDX-License-Identifier: MIT */
/*
 * build.c - builds the timeline model from a ctrace event sequence: the one
 * pass over the events in time order, and finishing. Pure: no
 * libbabeltrace2, no I/O.
 *
 * For every event this file places it in time, finds or makes its lane and
 * the objects it names, and opens or closes its lane's span; what the event
 * means beyond that is its family's handler's (handlers.c), and matching
 * receives to sends, waits to wake-ups and reads to writes is match.c's.
 *
 * Each ct_model_builder_add first reserves room in every array and map it
 * might touch, so that the rest of the call cannot fail and a failed call
 * leaves the builder unchanged. The maps that only building needs (lane,
 * object and message keys, string interning, per-lane and per-object state)
 * are freed by finish.
 *
 * Thread-safety: see model.h (models are immutable; builders single-threaded).
 */
#include "builder.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

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
	free(m->lane_order);
	free(m->spans);
	free(m->arrows);
	free(m->arrow_reach);
	free(m->objects);
	free(m->markers);
	free(m->strings);
	free(m->wide);
	free(m->msg_ids);
	free(m->msg_labels);
	free(m->event_sites);
	free(m->sites);
	free(m->binaries);
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

void ct_model_destroy(struct ct_model *model)
{
	if (!model)
		return;
	model_free_arrays(model);
	free(model);
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

static bool is_begin(enum ct_event_type t)
{
	return t == CT_EV_JOIN_BEGIN || t == CT_EV_CHAN_SEND_BEGIN || t == CT_EV_CHAN_RECV_BEGIN ||
	       t == CT_EV_MUTEX_LOCK_BEGIN || t == CT_EV_COND_WAIT_BEGIN ||
	       t == CT_EV_SLEEP_BEGIN || t == CT_EV_FD_READ_BEGIN || t == CT_EV_MQ_SEND_BEGIN ||
	       t == CT_EV_MQ_RECV_BEGIN || t == CT_EV_SEM_WAIT_BEGIN || t == CT_EV_ACCEPT_BEGIN ||
	       t == CT_EV_CONNECT_BEGIN || t == CT_EV_POLL_BEGIN || t == CT_EV_DGRAM_RECV_BEGIN ||
	       t == CT_EV_SIG_WAIT_BEGIN || t == CT_EV_FUTEX_WAIT_BEGIN ||
	       t == CT_EV_BARRIER_WAIT_BEGIN || t == CT_EV_ONCE_WAIT_BEGIN ||
	       t == CT_EV_RWLOCK_LOCK_BEGIN || t == CT_EV_WAIT_BEGIN ||
	       t == CT_EV_FD_WRITE_WAIT_BEGIN;
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
	case CT_EV_PROC_START:
	case CT_EV_PROC_EXEC:
		return true;
	default:
		return false;
	}
}

/*
 * The kind of object the `id` field of TYPE names; CT_OBJ_COUNT_ for none.
 * It is also the event's family: the handler that takes it (handlers.c).
 */
static enum ct_object_kind id_kind(enum ct_event_type t)
{
	switch (t) {
	case CT_EV_THREAD_SPAWN:
	case CT_EV_THREAD_BEGIN:
	case CT_EV_THREAD_END:
	case CT_EV_THREAD_NAME:
	case CT_EV_JOIN_BEGIN:
	case CT_EV_JOIN_END:
	case CT_EV_THREAD_DETACH:
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
	case CT_EV_FD_WRITE_WAIT_BEGIN:
	case CT_EV_FD_WRITE_WAIT_END:
	case CT_EV_SOCK_NAME:
	case CT_EV_ACCEPT_BEGIN:
	case CT_EV_ACCEPT_END:
	case CT_EV_CONNECT_BEGIN:
	case CT_EV_CONNECT_END:
	case CT_EV_DGRAM_SEND:
	case CT_EV_DGRAM_RECV_BEGIN:
	case CT_EV_DGRAM_RECV:
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
	case CT_EV_SIG_WAIT_BEGIN:
	case CT_EV_SIG_WAIT_END:
	case CT_EV_SIG_SEND:
		return CT_OBJ_SIGSET;
	case CT_EV_FUTEX_WAIT_BEGIN:
	case CT_EV_FUTEX_WAIT_END:
	case CT_EV_FUTEX_WAKE:
		return CT_OBJ_FUTEX;
	case CT_EV_BARRIER_WAIT_BEGIN:
	case CT_EV_BARRIER_WAIT_END:
		return CT_OBJ_BARRIER;
	case CT_EV_ONCE_WAIT_BEGIN:
	case CT_EV_ONCE_WAIT_END:
	case CT_EV_ONCE_DONE:
		return CT_OBJ_ONCE;
	case CT_EV_RWLOCK_NEW:
	case CT_EV_RWLOCK_LOCK_BEGIN:
	case CT_EV_RWLOCK_LOCK_END:
	case CT_EV_RWLOCK_UNLOCK:
		return CT_OBJ_RWLOCK;
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
	/* Call sites: the per-event array exists from the first event that has one. */
	if ((in->caller || m->event_sites) && !grow((void **)&m->event_sites, &b->cap_event_sites,
						    m->n_events + 1, sizeof(*m->event_sites)))
		return CT_MODEL_NOMEM;
	if (in->caller) {
		if (m->n_sites + 2 >= MAX_INDEX)
			return CT_MODEL_TOO_LARGE;
		if (!grow((void **)&m->sites, &b->cap_sites, m->n_sites + 2, sizeof(*m->sites)) ||
		    !key_map_reserve(&b->keys, 5))
			return CT_MODEL_NOMEM;
	}
	if (in->type == CT_EV_FD_WRITE &&
	    !grow((void **)&b->fdw, &b->cap_fdw, b->n_fdw + 1, sizeof(*b->fdw)))
		return CT_MODEL_NOMEM;
	if ((in->type == CT_EV_MQ_SEND || in->type == CT_EV_DGRAM_SEND) &&
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

/* A new lane for (PID, TID) starting with event EV, kept in SLOT; room is reserved. */
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
	l->name = string_pool_intern(&b->strings, procname);
	l->thread = CT_MODEL_NONE;
	l->first_event = ev;
	l->last_event = ev;
	b->lane_state[lane].open_span = CT_MODEL_NONE;
	b->lane_state[lane].mq_last = CT_MODEL_NONE;
	b->lane_state[lane].sys_child = CT_MODEL_NONE;
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

/* The event's time relative to the first event's; out-of-order and too-late times are clamped. */
static uint64_t place_in_time(struct ct_model_builder *b, const struct ct_model_input *in)
{
	struct ct_model *m = &b->m;
	uint64_t rel;

	if (m->n_events == 0) {
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
	return rel;
}

/*
 * Closes S's lane's open span: by its own *_end (S->closed and
 * S->closed_begin then say which begin), or, in bad input, by anything
 * else. Then opens a span if S is a *_begin.
 */
static void spans_step(struct ct_model_builder *b, struct build_step *s)
{
	struct ct_model *m = &b->m;
	enum ct_event_type type = s->in->type;

	if (s->ls->open_span != CT_MODEL_NONE) {
		struct ct_model_span *sp = &m->spans[s->ls->open_span];
		const struct ct_model_event *beg = &m->events[sp->begin];

		/*
		 * A wait_end that is not its own wait's (a shell's SIGCHLD
		 * handler reaping with WNOHANG while the shell blocks in a
		 * read) happened inside the other wait: it leaves it open.
		 */
		if (type == CT_EV_WAIT_END && beg->type != CT_EV_WAIT_BEGIN)
			return;
		sp->end = s->idx;
		s->ls->open_span = CT_MODEL_NONE;
		if (type == end_of(beg->type) && beg->obj == s->obj) {
			s->closed = beg->type;
			s->closed_begin = sp->begin;
		} else {
			m->problems.span_mismatch++;
		}
	}
	if (is_begin(type)) {
		s->ls->open_span = (uint32_t)m->n_spans;
		m->spans[m->n_spans++] =
			(struct ct_model_span){ .begin = s->idx, .end = CT_MODEL_NONE };
	}
}

/* Event IDX's site: the table entry of (pid, caller), added on first sight. Room is reserved. */
static void record_site(struct ct_model_builder *b, const struct ct_model_input *in, uint32_t idx)
{
	struct ct_model *m = &b->m;
	struct key_slot *slot;

	if (!m->event_sites)
		return;
	/* Events before the first site (and between sites) have none. */
	while (b->n_event_sites < idx)
		m->event_sites[b->n_event_sites++] = 0;
	b->n_event_sites = idx + 1;
	m->event_sites[idx] = 0;
	if (!in->caller)
		return;
	if (m->n_sites == 0)
		m->sites[m->n_sites++] = (struct ct_model_site){ .binary = CT_MODEL_NONE };
	slot = key_map_find(&b->keys, (uint64_t)KEY_SITE << 32 | in->pid, in->caller);
	if (slot->value == CT_MODEL_NONE) {
		m->sites[m->n_sites] = (struct ct_model_site){ .addr = in->caller,
							       .pid = in->pid,
							       .binary = CT_MODEL_NONE };
		key_map_set(&b->keys, slot, (uint64_t)KEY_SITE << 32 | in->pid, in->caller,
			    (uint32_t)m->n_sites++);
	}
	m->event_sites[idx] = slot->value;
}

enum ct_model_status ct_model_builder_add_binary(struct ct_model_builder *b, uint32_t pid,
						 uint64_t base, uint64_t size, const char *path)
{
	struct ct_model *m = &b->m;
	size_t len = path ? strlen(path) : 0;

	if (m->n_binaries >= MAX_INDEX || b->strings.size + len + 2 > STRING_POOL_MAX)
		return CT_MODEL_TOO_LARGE;
	if (!grow((void **)&m->binaries, &b->cap_binaries, m->n_binaries + 1,
		  sizeof(*m->binaries)) ||
	    !string_pool_reserve(&b->strings, 1, len))
		return CT_MODEL_NOMEM;
	m->binaries[m->n_binaries++] =
		(struct ct_model_binary){ .base = base,
					  .size = size,
					  .pid = pid,
					  .path = string_pool_intern(&b->strings, path) };
	return CT_MODEL_OK;
}

enum ct_model_status ct_model_builder_add(struct ct_model_builder *b,
					  const struct ct_model_input *in)
{
	struct ct_model *m = &b->m;
	struct ct_model_event *ev;
	struct key_slot *slot;
	enum ct_event_type type = in->type;
	struct build_step s = { .in = in, .closed = CT_EV_COUNT_, .closed_begin = CT_MODEL_NONE };
	uint64_t rel;
	enum ct_model_status status;

	if ((unsigned)type >= CT_EV_COUNT_) {
		m->problems.bad_fields++;
		return CT_MODEL_OK;
	}
	status = reserve(b, in);
	if (status != CT_MODEL_OK)
		return status;

	s.idx = (uint32_t)m->n_events;
	rel = place_in_time(b, in);

	/* The lane; a thread_begin on an ended lane is a new thread reusing the tid. */
	slot = key_map_find(&b->keys, (uint64_t)KEY_LANE << 32 | in->pid, in->tid);
	if (slot->value == CT_MODEL_NONE ||
	    (type == CT_EV_THREAD_BEGIN && b->lane_state[slot->value].ended))
		s.lane = lane_new(b, slot, in->pid, in->tid, in->procname, s.idx);
	else
		s.lane = slot->value;
	s.ls = &b->lane_state[s.lane];
	m->lanes[s.lane].last_event = s.idx;
	if (s.ls->ended)
		m->problems.after_end++;

	m->n_events++;
	record_site(b, in, s.idx);
	ev = &m->events[s.idx];
	memset(ev, 0, sizeof(*ev));
	ev->time_lo = (uint32_t)rel;
	ev->time_hi = (uint32_t)(rel >> 32);
	ev->type = type;
	ev->lane = s.lane;
	if (in->status > 15) {
		m->problems.bad_fields++;
	} else {
		ev->status = in->status;
	}

	/* The objects its fields name. A stream or a queue is one object in every process. */
	s.kind = id_kind(type);
	s.obj = CT_MODEL_NONE;
	if (s.kind == CT_OBJ_STREAM || s.kind == CT_OBJ_QUEUE)
		s.obj = object_get(b, 0, in->id, s.kind);
	else if (s.kind != CT_OBJ_COUNT_)
		s.obj = object_get(b, in->pid, in->id, s.kind);
	if (id2_kind(type) != CT_OBJ_COUNT_)
		s.arg = object_get(b, in->pid, in->id2, id2_kind(type));

	spans_step(b, &s);
	handle_event(b, &s);
	ev->obj = s.obj;
	ev->arg = s.arg;
	if (is_marker(type))
		m->markers[m->n_markers++] = s.idx;
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
 * The pids of the processes that recorded process_exit, sorted (*N of them;
 * the caller frees them); NULL when out of memory.
 */
static uint32_t *exited_pids(const struct ct_model_builder *b, size_t *n)
{
	const struct ct_model *m = &b->m;
	uint32_t *exited = malloc((m->n_lanes + 1) * sizeof(*exited));

	*n = 0;
	if (!exited)
		return NULL;
	for (size_t i = 0; i < m->n_lanes; i++)
		if (b->lane_state[i].saw_exit)
			exited[(*n)++] = m->lanes[i].pid;
	qsort(exited, *n, sizeof(*exited), cmp_u32);
	return exited;
}

static bool pid_in(uint32_t pid, const uint32_t *pids, size_t n)
{
	return pids && bsearch(&pid, pids, n, sizeof(*pids), cmp_u32) != NULL;
}

/*
 * True when every process with a lane recorded process_exit (EXITED, N);
 * also true when EXITED is NULL (out of memory: then the trace simply ends
 * at its last event).
 */
static bool all_processes_exited(const struct ct_model *m, const uint32_t *exited, size_t n)
{
	if (!exited)
		return true;
	for (size_t i = 0; i < m->n_lanes; i++)
		if (!pid_in(m->lanes[i].pid, exited, n))
			return false;
	return true;
}

/* The latest binary reported for PID whose range holds ADDR, or CT_MODEL_NONE. */
static uint32_t binary_of(const struct ct_model *m, uint32_t pid, uint64_t addr)
{
	for (size_t i = m->n_binaries; i-- > 0;) {
		const struct ct_model_binary *bin = &m->binaries[i];

		if (bin->pid == pid && addr - bin->base < bin->size)
			return (uint32_t)i;
	}
	return CT_MODEL_NONE;
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
	uint32_t *exited = NULL;
	size_t n_exited = 0;

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
	if (!lanes_rank(m))
		goto error;

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

	/*
	 * How each lane ended. A lane still waiting when its process exited by
	 * itself (process_exit recorded) was parked, not stuck: a pool worker
	 * waiting for work when main returned.
	 */
	exited = exited_pids(b, &n_exited); /* NULL when out of memory: nobody parked */
	for (size_t i = 0; i < m->n_lanes; i++) {
		struct ct_model_lane *l = &m->lanes[i];
		const struct lane_build *ls = &b->lane_state[i];

		/* Without life-cycle events no lane has a thread_begin, and none is a problem. */
		if (!l->has_begin && l->tid != l->pid && !b->no_lifecycle)
			m->problems.lanes_without_begin++;
		if (ls->ended)
			l->end = CT_LANE_ENDED;
		else if (l->reaped && WIFSIGNALED(l->wait_status))
			l->end = CT_LANE_KILLED; /* its parent's wait says a signal ended it */
		else if (ls->open_span != CT_MODEL_NONE &&
			 m->events[l->last_event].type != CT_EV_SLEEP_BEGIN)
			l->end =
				pid_in(l->pid, exited, n_exited) ? CT_LANE_PARKED : CT_LANE_BLOCKED;
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
	if (m->stop_ns && all_processes_exited(m, exited, n_exited))
		m->stop_ns = 0;
	free(exited);
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

	/* Sites: the per-event array covers every event; each site knows its binary. */
	while (m->event_sites && b->n_event_sites < m->n_events)
		m->event_sites[b->n_event_sites++] = 0;
	for (size_t i = 1; i < m->n_sites; i++)
		m->sites[i].binary = binary_of(m, m->sites[i].pid, m->sites[i].addr);

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
	if (m->event_sites) /* trim would allocate it */
		trim((void **)&m->event_sites, m->n_events, sizeof(*m->event_sites));
	trim((void **)&m->sites, m->n_sites, sizeof(*m->sites));
	trim((void **)&m->binaries, m->n_binaries, sizeof(*m->binaries));

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
