/* SPDX-License-Identifier: MIT */
/*
 * handlers.c - what each family of events adds to the model being built,
 * beyond what build.c does for every event (its lane, its objects, its
 * span): names, arrows, and the state the matching needs. One handler per
 * family; an event's family is the kind of object its id names, so the
 * dispatch is a table by object kind.
 *
 * Every handler runs after reserve (build.c): it cannot fail.
 */
#include "builder.h"

/* Encodes V into an event's arg: directly when small and non-negative, else in `wide`. */
static uint32_t encode_value(struct ct_model_builder *b, int64_t v)
{
	if ((uint64_t)v < WIDE_FLAG)
		return (uint32_t)v;
	b->m.wide[b->m.n_wide] = (uint64_t)v;
	return WIDE_FLAG | (uint32_t)b->m.n_wide++;
}

/* Stores the N values V in `wide`, in order; the arg that points at the first. */
static uint32_t wide_values(struct ct_model_builder *b, const uint64_t *v, size_t n)
{
	uint32_t first = (uint32_t)b->m.n_wide;

	for (size_t i = 0; i < n; i++)
		b->m.wide[b->m.n_wide++] = v[i];
	return WIDE_FLAG | first;
}

static uint32_t intern(struct ct_model_builder *b, const char *s)
{
	return string_pool_intern(&b->strings, s);
}

/* A *_new event: gives its object the name it carries; returns the name (0 for none). */
static uint32_t object_named(struct ct_model_builder *b, const struct build_step *s)
{
	uint32_t name = intern(b, s->in->text);

	if (s->obj != CT_MODEL_NONE && name)
		b->m.objects[s->obj].name = name;
	return name;
}

/* Threads: arrows from a spawn to the child's first event and from an end to its join; names. */

static void thread_spawn(struct ct_model_builder *b, struct build_step *s)
{
	s->arg = intern(b, s->in->text);
	if (s->obj != CT_MODEL_NONE) {
		if (s->arg)
			b->m.objects[s->obj].name = s->arg;
		b->obj_state[s->obj].a = s->idx;
	}
}

/* The thread's first event: its lane gets its name and its spawn's arrow. */
static void thread_begin(struct ct_model_builder *b, struct build_step *s)
{
	struct ct_model *m = &b->m;
	struct ct_model_lane *l = &m->lanes[s->lane];
	uint32_t obj = s->obj;

	s->arg = intern(b, s->in->text);
	if (s->arg)
		l->name = s->arg;
	l->has_begin = true;
	if (obj == CT_MODEL_NONE)
		return;
	if (s->arg)
		m->objects[obj].name = s->arg;
	else if (m->objects[obj].name)
		l->name = m->objects[obj].name; /* renamed by its parent before it began */
	m->objects[obj].lane = s->lane;
	l->thread = obj;
	if (b->obj_state[obj].a != CT_MODEL_NONE) {
		uint32_t spawn = b->obj_state[obj].a;
		uint32_t to =
			ev_time(m, l->first_event) >= ev_time(m, spawn) ? l->first_event : s->idx;

		arrow_add(b, spawn, to);
		b->obj_state[obj].a = CT_MODEL_NONE;
	}
}

static void thread_name(struct ct_model_builder *b, struct build_step *s)
{
	struct ct_model *m = &b->m;
	/* Thread 0, or the lane's own thread: the emitting thread renamed itself. */
	uint32_t target = s->lane;

	s->arg = intern(b, s->in->text);
	if (s->obj != CT_MODEL_NONE) {
		if (s->arg)
			m->objects[s->obj].name = s->arg;
		/*
		 * A thread renamed by another before it began has no lane
		 * yet: its thread_begin takes the name from its object.
		 */
		if (m->objects[s->obj].lane == CT_MODEL_NONE)
			return;
		target = m->objects[s->obj].lane;
	}
	if (s->arg)
		m->lanes[target].name = s->arg;
}

static void build_threads(struct ct_model_builder *b, struct build_step *s)
{
	switch (s->in->type) {
	case CT_EV_THREAD_SPAWN:
		thread_spawn(b, s);
		break;
	case CT_EV_THREAD_BEGIN:
		thread_begin(b, s);
		break;
	case CT_EV_THREAD_NAME:
		thread_name(b, s);
		break;
	case CT_EV_THREAD_END:
		s->ls->ended = true;
		if (s->obj != CT_MODEL_NONE)
			b->obj_state[s->obj].b = s->idx;
		break;
	case CT_EV_JOIN_END:
		if (s->obj != CT_MODEL_NONE && b->obj_state[s->obj].b != CT_MODEL_NONE)
			arrow_add(b, b->obj_state[s->obj].b, s->idx);
		else
			b->m.problems.join_unmatched++;
		break;
	default: /* join_begin: its span is all there is; thread_detach: the analyses read it */
		break;
	}
}

/* Channels: messages, matched from their send to their receive by id. */

/* A send or receive: its message, and the arrow from the send a receive took. */
static void chan_message(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	struct ct_model *m = &b->m;
	struct key_slot *slot = NULL;
	uint32_t msg = CT_MODEL_NONE;

	if (in->id2 != 0) {
		slot = message_slot(b, in->pid, in->id2);
		msg = slot->value;
		if (msg == CT_MODEL_NONE)
			msg = message_new(b, slot, in->pid, in->id2,
					  in->type != CT_EV_CHAN_RECV_END);
	}
	s->arg = msg;
	if (in->type == CT_EV_CHAN_SEND_END && msg != CT_MODEL_NONE) {
		uint32_t label = intern(b, in->text);

		if (label)
			m->msg_labels[msg] = label;
		if (in->status == CT_OK)
			b->msg_send[msg] = s->idx;
	} else if (in->type == CT_EV_CHAN_RECV_END && in->status == CT_OK) {
		if (msg != CT_MODEL_NONE && b->msg_send[msg] != CT_MODEL_NONE)
			arrow_add(b, b->msg_send[msg], s->idx);
		else
			m->problems.recv_unmatched++;
		/* A message is received once: forget its key to keep the map small. */
		if (msg != CT_MODEL_NONE && slot->value != CT_MODEL_NONE)
			key_map_remove(&b->keys, slot);
	}
}

static void build_channels(struct ct_model_builder *b, struct build_step *s)
{
	switch (s->in->type) {
	case CT_EV_CHAN_NEW:
		object_named(b, s);
		s->arg = encode_value(b, s->in->value); /* the capacity */
		break;
	case CT_EV_CHAN_SEND_BEGIN:
	case CT_EV_CHAN_SEND_END:
	case CT_EV_CHAN_RECV_BEGIN:
	case CT_EV_CHAN_RECV_END:
		chan_message(b, s);
		break;
	default: /* sender_clone, sender_drop, receiver_drop: markers, drawn as they are */
		break;
	}
}

/* Mutexes: a hand-off from the latest release to a lock that waited. */

static void build_mutexes(struct ct_model_builder *b, struct build_step *s)
{
	struct obj_build *mu = s->obj != CT_MODEL_NONE ? &b->obj_state[s->obj] : NULL;

	switch (s->in->type) {
	case CT_EV_MUTEX_NEW:
		s->arg = object_named(b, s);
		break;
	case CT_EV_MUTEX_LOCK_END:
		/* A lock that waited was handed over by the latest release (another lane's). */
		if (!mu)
			break;
		if (s->closed == CT_EV_MUTEX_LOCK_BEGIN && mu->a != CT_MODEL_NONE &&
		    b->m.events[mu->a].lane != s->lane)
			arrow_add(b, mu->a, s->idx);
		mu->a = CT_MODEL_NONE;
		break;
	case CT_EV_MUTEX_UNLOCK:
		if (mu)
			mu->a = s->idx;
		break;
	default: /* lock_begin: its span is all there is */
		break;
	}
}

/* Condition variables: the wake-up (cond_woken in match.c) and the mutex taken again. */

static void cond_wait_end(struct ct_model_builder *b, struct build_step *s)
{
	struct ct_model *m = &b->m;

	if (s->closed == CT_EV_COND_WAIT_BEGIN && s->obj != CT_MODEL_NONE) {
		uint32_t from =
			cond_woken(b, s->obj, ev_time(m, s->closed_begin), s->in->status == CT_OK);

		if (from != CT_MODEL_NONE)
			arrow_add(b, from, s->idx);
	}
	/* Waking takes the mutex again: from whoever released it last, if another lane. */
	if (s->arg != CT_MODEL_NONE) {
		struct obj_build *mu = &b->obj_state[s->arg];

		if (s->closed == CT_EV_COND_WAIT_BEGIN && mu->a != CT_MODEL_NONE &&
		    m->events[mu->a].lane != s->lane)
			arrow_add(b, mu->a, s->idx);
		mu->a = CT_MODEL_NONE;
	}
}

/* S->arg is the mutex's object (id2), or CT_MODEL_NONE; it stays the event's arg. */
static void build_condvars(struct ct_model_builder *b, struct build_step *s)
{
	struct obj_build *c = s->obj != CT_MODEL_NONE ? &b->obj_state[s->obj] : NULL;

	switch (s->in->type) {
	case CT_EV_COND_NEW:
		s->arg = object_named(b, s);
		break;
	case CT_EV_COND_WAIT_BEGIN:
		/* Waiting releases the mutex: a hand-off to whoever takes it next. */
		if (s->arg != CT_MODEL_NONE)
			b->obj_state[s->arg].a = s->idx;
		if (c)
			c->waiting++;
		break;
	case CT_EV_COND_WAIT_END:
		cond_wait_end(b, s);
		break;
	case CT_EV_COND_SIGNAL:
		/* A signal wakes one waiter not woken yet; with none left to wake it is lost. */
		if (c && c->waiting > c->pending) {
			sem_post_add(b, s->obj, s->idx);
			c->pending++;
		}
		break;
	case CT_EV_COND_BROADCAST:
		if (c)
			c->a = s->idx;
		break;
	default:
		break;
	}
}

/* Semaphores: tokens, from the post that made one to the wait that took it. */

static void build_semaphores(struct ct_model_builder *b, struct build_step *s)
{
	uint32_t post;

	switch (s->in->type) {
	case CT_EV_SEM_NEW:
		object_named(b, s);
		s->arg = encode_value(b, s->in->value); /* the initial value */
		if (s->obj != CT_MODEL_NONE)
			sem_reset(b, s->obj, s->in->value);
		break;
	case CT_EV_SEM_POST:
		if (s->obj != CT_MODEL_NONE)
			sem_post_add(b, s->obj, s->idx);
		break;
	case CT_EV_SEM_WAIT_END:
		/* A timeout took nothing; a wait that took a token nobody announced draws nothing. */
		if (s->obj == CT_MODEL_NONE || s->in->status != CT_OK)
			break;
		if (!sem_take(b, s->obj, &post))
			b->m.problems.sem_unmatched++;
		else if (post != CT_MODEL_NONE && b->m.events[post].lane != s->lane)
			arrow_add(b, post, s->idx);
		break;
	default: /* sem_wait_begin: its span is all there is */
		break;
	}
}

/* Byte streams: writes matched to the reads of the same bytes (match.c). */

/* fd_write, fd_read_begin, fd_read: the byte range, and reads matched to writes. */
static void stream_bytes(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	uint64_t len = in->value > 0 ? (uint64_t)in->value : 0;
	uint64_t end = range_end(in->id2, len);

	/* Two wide values: the length, then the offset (ct_model_event_offset). */
	s->arg = wide_values(b, (const uint64_t[]){ len, in->id2 }, 2);
	if (s->obj == CT_MODEL_NONE || len == 0)
		return;
	if (in->type == CT_EV_FD_WRITE)
		fd_write_add(b, s->obj, s->idx, in->id2, end);
	else if (in->type == CT_EV_FD_READ)
		fd_read_add(b, s->obj, s->idx, in->id2, end);
}

/*
 * A datagram (dgram_send, dgram_recv): matched as a queue's message is, by
 * endpoint, hash and length. A datagram received from a sender outside the
 * trace is normal (a client nobody traced), so it is not a problem.
 */
static void dgram_message(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	uint64_t len = in->value > 0 ? (uint64_t)in->value : 0;

	/* Three wide values, as an mq message's: the length, the hash, the priority (0). */
	s->arg = wide_values(b, (const uint64_t[]){ len, in->id2, 0 }, 3);
	if (s->obj == CT_MODEL_NONE)
		return;
	if (in->type == CT_EV_DGRAM_SEND) {
		mq_send_add(b, s->obj, s->idx, in->id2, len);
	} else if (in->status == CT_OK) {
		uint32_t send = mq_take(b, s->obj, in->id2, len);

		if (send != CT_MODEL_NONE)
			arrow_add(b, send, s->idx);
	}
}

/* Streams and sockets: bytes, datagrams, and the names of their ids. */
static void build_streams(struct ct_model_builder *b, struct build_step *s)
{
	switch (s->in->type) {
	case CT_EV_FD_WRITE:
	case CT_EV_FD_READ_BEGIN:
	case CT_EV_FD_READ:
		stream_bytes(b, s);
		break;
	case CT_EV_DGRAM_SEND:
	case CT_EV_DGRAM_RECV:
		dgram_message(b, s);
		break;
	case CT_EV_SOCK_NAME:
		s->arg = object_named(b, s);
		break;
	case CT_EV_FD_WRITE_WAIT_END:
		s->arg = encode_value(b, s->in->value); /* the count written */
		break;
	default: /* accept_*, connect_*, dgram_recv_begin, fd_write_wait_begin: their spans */
		break;
	}
}

/* Message queues: sends matched to the receives of the same content (match.c). */

/* mq_send or mq_recv: the message's length, hash and priority; a receive's arrow. */
static void mq_message(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	struct ct_model *m = &b->m;
	uint64_t len = in->value > 0 ? (uint64_t)in->value : 0;

	/* Three wide values: the length, the hash, the priority (ct_model_event_hash/prio). */
	s->arg = wide_values(b, (const uint64_t[]){ len, in->id2, in->prio }, 3);
	if (s->obj == CT_MODEL_NONE)
		return;
	if (in->type == CT_EV_MQ_SEND) {
		s->ls->mq_last = mq_send_add(b, s->obj, s->idx, in->id2, len);
	} else if (in->status == CT_OK) {
		uint32_t send = mq_take(b, s->obj, in->id2, len);

		if (send != CT_MODEL_NONE)
			arrow_add(b, send, s->idx);
		else
			m->problems.recv_unmatched++;
	}
}

static void build_queues(struct ct_model_builder *b, struct build_step *s)
{
	struct lane_build *ls = s->ls;

	switch (s->in->type) {
	case CT_EV_MQ_SEND:
	case CT_EV_MQ_RECV:
		mq_message(b, s);
		break;
	case CT_EV_MQ_SEND_END:
		/* A send that failed withdraws its mq_send, unless a receive took it already. */
		if (s->in->status != CT_OK && ls->mq_last != CT_MODEL_NONE &&
		    b->m.events[b->mqs[ls->mq_last].ev].obj == s->obj)
			b->mqs[ls->mq_last].done = true;
		ls->mq_last = CT_MODEL_NONE;
		break;
	default: /* mq_send_begin, mq_recv_begin: their spans are all there is */
		break;
	}
}

/* Arcs and plain objects: names and values (uses after drop are an analysis's). */

static void build_objects(struct ct_model_builder *b, struct build_step *s)
{
	switch (s->in->type) {
	case CT_EV_ARC_NEW:
		object_named(b, s);
		s->arg = encode_value(b, s->in->value); /* the count */
		break;
	case CT_EV_OBJ_NEW:
		s->arg = object_named(b, s);
		break;
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
	case CT_EV_ACCESS:
		s->arg = encode_value(b, s->in->value); /* the count, or the value accessed */
		break;
	default: /* obj_drop; move, whose arg is the thread (id2) */
		break;
	}
}

/* Events that name no object: sleeps, process exits, prints and marks. */

static void build_others(struct ct_model_builder *b, struct build_step *s)
{
	switch (s->in->type) {
	case CT_EV_SLEEP_BEGIN:
	case CT_EV_SLEEP_END:
	case CT_EV_POLL_BEGIN:
	case CT_EV_POLL_END:
	case CT_EV_PROCESS_EXIT:
		if (s->in->type == CT_EV_PROCESS_EXIT)
			s->ls->saw_exit = true;
		s->arg = encode_value(b, s->in->value); /* ns, nfds, ready or printing_closed */
		break;
	case CT_EV_PRINT:
	case CT_EV_MARK:
		s->arg = intern(b, s->in->text);
		break;
	default: /* processes: their own file */
		build_processes(b, s);
		break;
	}
}

/*
 * Other waits (issue 10): signals, futexes, barriers, once controls and
 * read-write locks. Each arrow goes to a wait's end on another lane.
 */

/* An arrow FROM -> S's event when FROM is another lane's event. */
static void wake_arrow(struct ct_model_builder *b, uint32_t from, const struct build_step *s)
{
	if (from != CT_MODEL_NONE && b->m.events[from].lane != s->lane)
		arrow_add(b, from, s->idx);
}

/*
 * Signals: a sig_send is pending for its target (process, thread and
 * signal; thread 0 for the process) until a wait there takes that signal.
 */
static void build_signals(struct ct_model_builder *b, struct build_step *s)
{
	const struct ct_model_input *in = s->in;
	uint64_t signo = in->value > 0 && in->value < 256 ? (uint64_t)in->value : 0;
	struct key_slot *slot;

	s->arg = encode_value(b, signo);
	if (signo == 0)
		return;
	if (in->type == CT_EV_SIG_SEND && in->prio != 0) {
		slot = key_map_find(&b->keys, (uint64_t)KEY_SIGNAL << 32 | in->prio,
				    (in->id2 & UINT32_MAX) << 8 | signo);
		key_map_set(&b->keys, slot, (uint64_t)KEY_SIGNAL << 32 | in->prio,
			    (in->id2 & UINT32_MAX) << 8 | signo, s->idx);
	} else if (in->type == CT_EV_SIG_WAIT_END && in->status == CT_OK) {
		/* A signal to this thread first, else one to its process. */
		slot = key_map_find(&b->keys, (uint64_t)KEY_SIGNAL << 32 | in->pid,
				    (uint64_t)in->tid << 8 | signo);
		if (slot->value == CT_MODEL_NONE)
			slot = key_map_find(&b->keys, (uint64_t)KEY_SIGNAL << 32 | in->pid, signo);
		if (slot->value != CT_MODEL_NONE) {
			wake_arrow(b, slot->value, s);
			key_map_remove(&b->keys, slot);
		}
	}
}

/*
 * Futexes: a woken wait's arrow comes from the latest wake of its address
 * (obj a) that came after the wait began and may still wake someone (its
 * count left in obj tokens).
 */
static void build_futexes(struct ct_model_builder *b, struct build_step *s)
{
	struct obj_build *f = s->obj != CT_MODEL_NONE ? &b->obj_state[s->obj] : NULL;

	if (s->in->type == CT_EV_FUTEX_WAKE) {
		s->arg = encode_value(b, s->in->value > 0 ? s->in->value : 0);
		if (f && s->in->value > 0) {
			f->a = s->idx;
			f->tokens = (uint32_t)(s->in->value > INT32_MAX ? INT32_MAX : s->in->value);
		}
	} else if (s->in->type == CT_EV_FUTEX_WAIT_END && f && s->in->status == CT_OK &&
		   s->closed == CT_EV_FUTEX_WAIT_BEGIN && f->a != CT_MODEL_NONE && f->tokens > 0 &&
		   f->a > s->closed_begin && b->m.events[f->a].lane != s->lane) {
		arrow_add(b, f->a, s->idx);
		f->tokens--;
	}
}

/*
 * Barriers: nobody leaves a round before its last arriver came, and nobody
 * begins the next round before leaving this one, so the round's last
 * arriver is the latest begin (obj a) when the round's first wait ends;
 * obj b keeps it while the round's waits end (those that began no later).
 */
static void build_barriers(struct ct_model_builder *b, struct build_step *s)
{
	struct obj_build *o = s->obj != CT_MODEL_NONE ? &b->obj_state[s->obj] : NULL;

	if (!o)
		return;
	if (s->in->type == CT_EV_BARRIER_WAIT_BEGIN) {
		o->a = s->idx;
		return;
	}
	s->arg = encode_value(b, s->in->value != 0);
	if (s->closed != CT_EV_BARRIER_WAIT_BEGIN)
		return;
	if (o->b == CT_MODEL_NONE || s->closed_begin > o->b)
		o->b = o->a;
	wake_arrow(b, o->b, s);
}

/* Once controls: a wait ends when the routine's thread said it returned (obj a). */
static void build_onces(struct ct_model_builder *b, struct build_step *s)
{
	struct obj_build *o = s->obj != CT_MODEL_NONE ? &b->obj_state[s->obj] : NULL;

	if (!o)
		return;
	if (s->in->type == CT_EV_ONCE_DONE)
		o->a = s->idx;
	else if (s->in->type == CT_EV_ONCE_WAIT_END && s->closed == CT_EV_ONCE_WAIT_BEGIN)
		wake_arrow(b, o->a, s);
}

/*
 * Read-write locks: like a mutex, a lock that waited was let in by the
 * latest release (obj a); a reader leaves that release in place, for every
 * reader the same release lets in, a writer takes it.
 */
static void build_rwlocks(struct ct_model_builder *b, struct build_step *s)
{
	struct obj_build *rw = s->obj != CT_MODEL_NONE ? &b->obj_state[s->obj] : NULL;

	if (s->in->status > CT_ACCESS_WRITE && s->in->type != CT_EV_RWLOCK_NEW)
		b->m.problems.bad_fields++;
	switch (s->in->type) {
	case CT_EV_RWLOCK_NEW:
		s->arg = object_named(b, s);
		break;
	case CT_EV_RWLOCK_LOCK_END:
		if (!rw)
			break;
		if (s->closed == CT_EV_RWLOCK_LOCK_BEGIN)
			wake_arrow(b, rw->a, s);
		if (s->in->status == CT_ACCESS_WRITE)
			rw->a = CT_MODEL_NONE;
		break;
	case CT_EV_RWLOCK_UNLOCK:
		if (rw)
			rw->a = s->idx;
		break;
	default: /* lock_begin: its span is all there is */
		break;
	}
}

typedef void handler_fn(struct ct_model_builder *b, struct build_step *s);

/* The handler of each family: the kind of object the event's id names. */
static handler_fn *const handlers[CT_OBJ_COUNT_ + 1] = {
	[CT_OBJ_THREAD] = build_threads,   [CT_OBJ_CHAN] = build_channels,
	[CT_OBJ_MUTEX] = build_mutexes,    [CT_OBJ_COND] = build_condvars,
	[CT_OBJ_ARC] = build_objects,      [CT_OBJ_PLAIN] = build_objects,
	[CT_OBJ_STREAM] = build_streams,   [CT_OBJ_QUEUE] = build_queues,
	[CT_OBJ_SEM] = build_semaphores,   [CT_OBJ_COUNT_] = build_others,
	[CT_OBJ_SIGSET] = build_signals,   [CT_OBJ_FUTEX] = build_futexes,
	[CT_OBJ_BARRIER] = build_barriers, [CT_OBJ_ONCE] = build_onces,
	[CT_OBJ_RWLOCK] = build_rwlocks,
};

void handle_event(struct ct_model_builder *b, struct build_step *s)
{
	handlers[s->kind](b, s);
}
