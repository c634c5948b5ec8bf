/* SPDX-License-Identifier: MIT */
/*
 * ust_pthread.c - LTTng's own pthread wrapper (lttng_ust_pthread:* events)
 * mapped onto ctrace's mutex events, and the queue that holds events back
 * while the wrapper's are undecided: every event reaches the builder
 * through feed_submit, in time order, with progress reported on the way.
 */
#include "loader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * LD_PRELOAD=liblttng-ust-pthread-wrapper.so records, per call:
 *  - pthread_mutex_lock: lock_req before the call, lock_acq (with the call's
 *    result) after it returned, both on the calling thread;
 *  - pthread_mutex_trylock: trylock (with its result) after the call;
 *  - pthread_mutex_unlock: unlock (with its result) after the mutex was
 *    released.
 * They become mutex_lock_begin, mutex_lock_end and mutex_unlock, with the
 * mutex's address as its id (per process, like the shim's ids). A call that
 * failed did not take or release the mutex and is skipped; EOWNERDEAD (a
 * robust mutex whose owner died) did take it.
 *
 * Waits. lock_req comes before every lock, not only before those that wait
 * as ctrace's mutex_lock_begin does; a span for each would cover every lane
 * with slivers the width of the probes (0.1 to 0.5 us when nothing waits),
 * count every lock as contended, and hide the real waits. So a lock_req is
 * held back until its fate is known, and becomes a mutex_lock_begin only
 * when the trace shows the thread waited:
 *  - another thread of the process unlocked the same mutex before this
 *    thread's lock_acq, or
 *  - lock_acq came UST_WAIT_MIN_NS or more after lock_req: the wait may be
 *    for a holder the wrapper does not see (glibc's pthread_cond_wait
 *    releases and retakes the mutex internally), or for the CPU, or
 *  - the thread's next event is not its lock_acq (lost events, or the trace
 *    ended while it waited: a deadlock stays blocked).
 * Otherwise the lock did not wait that we can tell, and lock_acq alone
 * stands for it, as ctrace's own mutex_lock_end does.
 *
 * Hand-overs. The unlock is recorded after the release, and the thread the
 * release wakes often runs first (on a busy machine, most of the time), so
 * its lock_acq comes before the releasing thread's unlock: the two seem to
 * hold the mutex together, and the model, which draws a hand-off from the
 * latest unlock before a lock_end, has none to draw. So when a thread takes
 * a mutex that, as far as the trace shows, another thread still holds, its
 * mutex_lock_end is held back until the holder's next event: if that is its
 * unlock of the mutex, within UST_LAG_MAX_NS, the unlock is placed just
 * before the mutex_lock_end, at its time (the latest time the release can
 * have happened). Else (the holder released the mutex where the wrapper
 * does not see it, in pthread_cond_wait) nothing is moved.
 *
 * The builder must get events in time order, so while a lock_req or a
 * mutex_lock_end is undecided every later event waits behind it (struct
 * held). Decisions come at the latest UST_WAIT_MIN_NS or UST_LAG_MAX_NS of
 * trace time later, which bounds what is held.
 */
#define UST_WAIT_MIN_NS 5000
#define UST_LAG_MAX_NS  5000000

/* How often (in events added) the caller hears of progress. */
#define PROGRESS_EVERY 65536

/*
 * An event waiting in the load's queue behind an undecided one. Its
 * procname is the feed's (which outlives the queue); its text, which points
 * into a record that will not stay, is copied.
 */
struct held {
	struct ct_model_input in;
	char *text; /* owned copy of in.text, or NULL */
	enum { HELD_READY, HELD_UNDECIDED, HELD_DROPPED } state;
};

/* An undecided lock_req: the lane that waits, on what, since when. */
struct ust_wait {
	uint64_t time, mutex;
	uint32_t pid, tid;
	size_t slot; /* its index in the held queue */
};

/*
 * A mutex_lock_end (at slot + 1) taken while thread FROM still held the
 * mutex; slot is a place for FROM's unlock, if it comes.
 */
struct ust_handover {
	uint64_t time, mutex;
	uint32_t pid, from;
	size_t slot;
};

/* Who holds a mutex, as far as the wrapper's events tell: tid 0 when nobody. */
struct ust_holder {
	uint64_t mutex; /* 0 marks an empty slot (no mutex is at address 0) */
	uint32_t pid, tid;
};

/* Adds IN to the builder and reports progress. Returns the builder's status. */
static enum ct_model_status add(struct feed *f, const struct ct_model_input *in)
{
	enum ct_model_status status = ct_model_builder_add(f->builder, in);

	if (status != CT_MODEL_OK)
		return status;
	f->events++;
	if (f->progress && f->events % PROGRESS_EVERY == 0)
		f->progress(f->events, f->progress_data);
	return CT_MODEL_OK;
}

/* Sets H's input to IN, with a copy of its text; false when out of memory. */
static bool held_set(struct held *h, const struct ct_model_input *in)
{
	h->in = *in;
	h->text = NULL;
	if (in->text) {
		h->text = strdup(in->text);
		if (!h->text)
			return false;
		h->in.text = h->text;
	}
	return true;
}

/* Grows *ARR (of ELEM-byte items, capacity *CAP) to hold one more than N. */
static bool grow_one(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*arr, c * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

static size_t holder_hash(uint32_t pid, uint64_t mutex)
{
	return (size_t)(((mutex >> 3) ^ ((uint64_t)pid << 40)) * UINT64_C(0x9e3779b97f4a7c15) >>
			24);
}

/* The holder slot of (PID, MUTEX), created if new; NULL when out of memory. */
static struct ust_holder *holder_get(struct ust *u, uint32_t pid, uint64_t mutex)
{
	size_t j;

	if ((u->n_holders + 1) * 2 > u->cap_holders) {
		size_t cap = u->cap_holders ? u->cap_holders * 2 : 64;
		struct ust_holder *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t i = 0; i < u->cap_holders; i++) {
			if (!u->holders[i].mutex)
				continue;
			j = holder_hash(u->holders[i].pid, u->holders[i].mutex) & (cap - 1);
			while (t[j].mutex)
				j = (j + 1) & (cap - 1);
			t[j] = u->holders[i];
		}
		free(u->holders);
		u->holders = t;
		u->cap_holders = cap;
	}
	j = holder_hash(pid, mutex) & (u->cap_holders - 1);
	while (u->holders[j].mutex && (u->holders[j].mutex != mutex || u->holders[j].pid != pid))
		j = (j + 1) & (u->cap_holders - 1);
	if (!u->holders[j].mutex) {
		u->holders[j] = (struct ust_holder){ .mutex = mutex, .pid = pid, .tid = 0 };
		u->n_holders++;
	}
	return &u->holders[j];
}

/* Settles wait I: its lock_req becomes a mutex_lock_begin (KEEP) or goes. */
static void wait_decide(struct ust *u, size_t i, bool keep)
{
	u->held[u->waits[i].slot].state = keep ? HELD_READY : HELD_DROPPED;
	u->waits[i] = u->waits[--u->n_waits];
}

/*
 * Settles hand-over I: UNLOCK, the holder's unlock, goes before the
 * mutex_lock_end at its time; with UNLOCK NULL nothing moves. (An unlock has
 * no text: nothing to copy, so this cannot fail.)
 */
static void handover_decide(struct ust *u, size_t i, const struct ct_model_input *unlock)
{
	struct held *place = &u->held[u->handovers[i].slot];
	struct held *lock = place + 1;

	if (unlock) {
		place->in = *unlock;
		place->in.text = NULL;
		place->in.time = lock->in.time;
		place->state = HELD_READY;
	} else {
		place->state = HELD_DROPPED;
	}
	lock->state = HELD_READY;
	u->handovers[i] = u->handovers[--u->n_handovers];
}

/*
 * Settles what IN tells about, before IN is passed on.
 * Waits: the old ones (they waited long enough), the one of IN's own lane
 * (IN is its lock_acq when ACQ, and it went by without waiting; or IN is
 * anything else and the lock never finished), and, when IN is a successful
 * unlock (UNLOCK), those on the same mutex in the same process: it hands
 * over to one of them. Hand-overs: the old ones, and those from IN's lane:
 * IN is the unlock they wait for or not. Returns true when IN was taken
 * into a hand-over (and must not be passed on).
 */
bool ust_settle(struct ust *u, const struct ct_model_input *in, bool acq, bool unlock)
{
	bool taken = false;

	for (size_t i = 0; i < u->n_handovers;) {
		const struct ust_handover *h = &u->handovers[i];

		if (in->time >= h->time && in->time - h->time > UST_LAG_MAX_NS)
			handover_decide(u, i, NULL);
		else if (h->pid == in->pid && h->from == in->tid && !taken && unlock &&
			 h->mutex == in->id) {
			handover_decide(u, i, in);
			taken = true;
		} else if (h->pid == in->pid && h->from == in->tid)
			handover_decide(u, i, NULL);
		else
			i++;
	}
	for (size_t i = 0; i < u->n_waits;) {
		const struct ust_wait *w = &u->waits[i];

		if (in->time >= w->time && in->time - w->time >= UST_WAIT_MIN_NS)
			wait_decide(u, i, true);
		else if (w->pid == in->pid && w->tid == in->tid)
			wait_decide(u, i, !(acq && w->mutex == in->id));
		else if (unlock && !taken && w->pid == in->pid && w->mutex == in->id)
			wait_decide(u, i, true);
		else
			i++;
	}
	return taken;
}

/* Adds what can go from the front of the queue: everything before the first undecided event. */
static enum ct_model_status held_flush(struct feed *f)
{
	struct ust *u = &f->ust;
	enum ct_model_status status = CT_MODEL_OK;

	while (u->head < u->n_held && u->held[u->head].state != HELD_UNDECIDED) {
		struct held *h = &u->held[u->head++];

		if (h->state == HELD_READY && status == CT_MODEL_OK)
			status = add(f, &h->in);
		free(h->text);
		h->text = NULL;
	}
	if (u->head == u->n_held) {
		u->head = u->n_held = 0;
	} else if (u->head >= 1024 && u->head * 2 >= u->n_held) {
		/* Contention may keep something undecided at all times: slide down. */
		memmove(u->held, u->held + u->head, (u->n_held - u->head) * sizeof(*u->held));
		for (size_t i = 0; i < u->n_waits; i++)
			u->waits[i].slot -= u->head;
		for (size_t i = 0; i < u->n_handovers; i++)
			u->handovers[i].slot -= u->head;
		u->n_held -= u->head;
		u->head = 0;
	}
	return status;
}

/* Appends IN to the queue in STATE; false when out of memory. */
static bool held_push(struct ust *u, const struct ct_model_input *in, int state)
{
	struct held *h;

	if (!grow_one((void **)&u->held, &u->cap_held, u->n_held, sizeof(*u->held)))
		return false;
	h = &u->held[u->n_held];
	if (!held_set(h, in))
		return false;
	h->state = state;
	u->n_held++;
	return true;
}

/*
 * Passes IN on to the builder, in time order: directly when nothing is held
 * back, else behind what is.
 */
enum ct_model_status feed_submit(struct feed *f, const struct ct_model_input *in)
{
	if (f->ust.head == f->ust.n_held)
		return add(f, in);
	if (!held_push(&f->ust, in, HELD_READY))
		return CT_MODEL_NOMEM;
	return held_flush(f);
}

/* End of the trace: a lock_req still undecided never got its lock; a holder never unlocked. */
enum ct_model_status held_finish(struct feed *f)
{
	while (f->ust.n_waits)
		wait_decide(&f->ust, 0, true);
	while (f->ust.n_handovers)
		handover_decide(&f->ust, 0, NULL);
	return held_flush(f);
}

/* Drops whatever is still held (after a failure). Can't fail. */
void held_fini(struct ust *u)
{
	for (size_t i = u->head; i < u->n_held; i++)
		free(u->held[i].text);
	free(u->held);
	free(u->waits);
	free(u->handovers);
	free(u->holders);
}

/* Maps one wrapper event (IN has its time, contexts and mutex) and passes it on. */
enum ct_model_status ust_event(struct feed *f, enum ust_event kind, struct ct_model_input *in,
			       int result)
{
	struct ust *u = &f->ust;
	bool failed = false;
	struct ust_holder *holder;

	f->ust_events++;
	switch (kind) {
	case UST_LOCK_REQ:
		in->type = CT_EV_MUTEX_LOCK_BEGIN;
		break;
	case UST_LOCK_ACQ:
	case UST_TRYLOCK:
		in->type = CT_EV_MUTEX_LOCK_END;
		failed = result != 0 && result != EOWNERDEAD;
		break;
	default:
		in->type = CT_EV_MUTEX_UNLOCK;
		failed = result != 0;
		break;
	}
	if (ust_settle(u, in, kind == UST_LOCK_ACQ, kind == UST_UNLOCK && !failed))
		return held_flush(f);
	if (failed) {
		/* The mutex did not change hands: nothing to draw. */
		ct_model_builder_add_skipped(f->builder, 1);
		return held_flush(f);
	}
	if (kind == UST_LOCK_REQ) {
		if (!grow_one((void **)&u->waits, &u->cap_waits, u->n_waits, sizeof(*u->waits)) ||
		    !held_push(u, in, HELD_UNDECIDED))
			return CT_MODEL_NOMEM;
		u->waits[u->n_waits++] = (struct ust_wait){ .time = in->time,
							    .mutex = in->id,
							    .pid = in->pid,
							    .tid = in->tid,
							    .slot = u->n_held - 1 };
		return held_flush(f);
	}
	holder = holder_get(u, in->pid, in->id);
	if (!holder)
		return CT_MODEL_NOMEM;
	if (in->type == CT_EV_MUTEX_UNLOCK) {
		if (holder->tid == in->tid)
			holder->tid = 0;
		return feed_submit(f, in);
	}
	if (holder->tid == 0 || holder->tid == in->tid) {
		holder->tid = in->tid;
		return feed_submit(f, in);
	}
	/* Taken while another thread still holds it: wait for that one's unlock. */
	if (!grow_one((void **)&u->handovers, &u->cap_handovers, u->n_handovers,
		      sizeof(*u->handovers)) ||
	    !grow_one((void **)&u->held, &u->cap_held, u->n_held + 1, sizeof(*u->held)))
		return CT_MODEL_NOMEM;
	u->handovers[u->n_handovers++] = (struct ust_handover){ .time = in->time,
								.mutex = in->id,
								.pid = in->pid,
								.from = holder->tid,
								.slot = u->n_held };
	/* Room for both was made above, and neither has a text to copy: these cannot fail. */
	held_push(u, &(struct ct_model_input){ .time = in->time }, HELD_UNDECIDED);
	held_push(u, in, HELD_UNDECIDED);
	holder->tid = in->tid;
	return held_flush(f);
}
