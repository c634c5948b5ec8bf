/* SPDX-License-Identifier: MIT */
/*
 * narrate.c - an event as a sentence for step mode: what happened and why it
 * matters ("producer-1 sends "hi"; main was blocked in recv and wakes").
 *
 * The "why" comes from the model's causal edges: the arrow leaving the event
 * says whom it wakes or hands something to, the arrow entering the end of a
 * wait says who ended it, and whether the waiter was already waiting is a
 * comparison of times (an arrow from before the wait began means the wait
 * did not block). Every sentence is one whole translatable template with
 * numbered %s, so a translation can put the names where its grammar wants.
 * Rare events fall back to the English phrase of phrases.c after the name.
 */
#include "narrate.h"

#include <stdbool.h>
#include <stdio.h>

#include "i18n.h"
#include "proc.h"
#include "timefmt.h"

/* How far back a lock's holder is looked for: bounded so a huge trace stays fast. */
#define HOLDER_LOOKBACK 200000u

struct narr {
	const struct ct_model *m;
	const struct ct_model_event *events;
	size_t n_events;
	const struct ct_model_object *objs;
	size_t n_objs;
	uint32_t idx; /* the event told */
	const struct ct_model_event *ev;
	const char *who; /* its lane's name */
};

static uint64_t ev_t(const struct narr *n, uint32_t i)
{
	return ct_model_event_time(&n->events[i]);
}

static const char *lane_name(const struct narr *n, uint32_t lane)
{
	return ct_model_lane_name(n->m, lane);
}

/* The event's object's name, or WHAT (already translated) when it has none. */
static const char *obj_name(const struct narr *n, const char *what)
{
	const char *s =
		n->ev->obj < n->n_objs ? ct_model_string(n->m, n->objs[n->ev->obj].name) : "";

	return *s ? s : what;
}

/* The first arrow leaving event IDX (arrows are sorted by their source), or NULL. */
static const struct ct_model_arrow *arrow_from(const struct narr *n, uint32_t idx, size_t *count)
{
	size_t n_arrows, lo = 0, hi;
	const struct ct_model_arrow *a = ct_model_borrow_arrows(n->m, &n_arrows);

	hi = n_arrows;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid].from < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	*count = 0;
	for (size_t i = lo; i < n_arrows && a[i].from == idx; i++)
		(*count)++;
	return *count ? &a[lo] : NULL;
}

/* The arrow entering event IDX, or NULL. */
static const struct ct_model_arrow *arrow_to(const struct narr *n, uint32_t idx)
{
	size_t first, last, n_arrows;
	const struct ct_model_arrow *a = ct_model_borrow_arrows(n->m, &n_arrows);
	uint64_t t = ev_t(n, idx);

	ct_model_arrows_in(n->m, t, t, &first, &last);
	for (size_t i = first; i < last; i++)
		if (a[i].to == idx)
			return &a[i];
	return NULL;
}

/* The span of IDX's lane that begins (BEGIN) or ends at event IDX, or NULL. */
static const struct ct_model_span *span_at(const struct narr *n, uint32_t idx, bool begin)
{
	size_t n_spans, first, count;
	const struct ct_model_span *spans = ct_model_borrow_spans(n->m, &n_spans);
	uint64_t t = ev_t(n, idx);

	count = ct_model_lane_spans_in(n->m, n->events[idx].lane, t, t, &first);
	for (size_t i = first; i < first + count; i++)
		if ((begin ? spans[i].begin : spans[i].end) == idx)
			return &spans[i];
	return NULL;
}

/*
 * Whether the wait that ended at event END (a *_end closing a span) had
 * already begun when event CAUSE happened: then CAUSE woke a blocked thread.
 */
static bool was_waiting(const struct narr *n, uint32_t end, uint32_t cause)
{
	const struct ct_model_span *s = span_at(n, end, false);

	return s && ev_t(n, s->begin) <= ev_t(n, cause) && s->begin < cause;
}

/* How the wait beginning at event IDX went. */
enum wait_kind {
	WAIT_NONE,    /* no span, or it ended without anyone else's doing */
	WAIT_BLOCKS,  /* another lane's event after it ended it: it blocked */
	WAIT_FOREVER, /* still waiting when the trace ends */
};

static enum wait_kind wait_of(const struct narr *n, uint32_t idx, uint32_t *cause)
{
	const struct ct_model_span *s = span_at(n, idx, true);
	const struct ct_model_arrow *a;

	*cause = CT_MODEL_NONE;
	if (!s)
		return WAIT_NONE;
	if (s->end == CT_MODEL_NONE)
		return WAIT_FOREVER;
	a = arrow_to(n, s->end);
	if (a && a->from > idx) {
		*cause = a->from;
		return WAIT_BLOCKS;
	}
	return WAIT_NONE;
}

/*
 * The lane holding mutex object MU just before event IDX, CT_MODEL_NONE when
 * free or unknown: the latest take (lock_end, a cond_wait_end relocking it)
 * or release (unlock, a cond_wait_begin releasing it) says.
 */
static uint32_t holder_of(const struct narr *n, uint32_t mu, uint32_t idx)
{
	uint32_t stop = idx > HOLDER_LOOKBACK ? idx - HOLDER_LOOKBACK : 0;

	for (uint32_t i = idx; i-- > stop;) {
		const struct ct_model_event *e = &n->events[i];

		if (e->type == CT_EV_MUTEX_LOCK_END && e->obj == mu)
			return e->lane;
		if (e->type == CT_EV_MUTEX_UNLOCK && e->obj == mu)
			return CT_MODEL_NONE;
		if (e->type == CT_EV_COND_WAIT_END && e->arg == mu)
			return e->lane;
		if (e->type == CT_EV_COND_WAIT_BEGIN && e->arg == mu)
			return CT_MODEL_NONE;
	}
	return CT_MODEL_NONE;
}

/* Whether LANE is blocked when the trace ends (a deadlock's other side, if it waits too). */
static bool stuck(const struct narr *n, uint32_t lane)
{
	size_t n_lanes;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(n->m, &n_lanes);

	return lane < n_lanes && lanes[lane].end == CT_LANE_BLOCKED;
}

/* The message of a channel event, quoted, or "a message". */
static const char *message(const struct narr *n, char *buf, size_t len)
{
	const char *label =
		n->ev->arg == CT_MODEL_NONE
			? ""
			: ct_model_string(n->m, ct_model_message_label(n->m, n->ev->arg));

	if (*label)
		snprintf(buf, len, "\"%s\"", label);
	else
		snprintf(buf, len, "%s", _("a message"));
	return buf;
}

/* The lane at the other end of an arrow leaving the event, CT_MODEL_NONE when none. */
static uint32_t target_lane(const struct narr *n, uint32_t *to)
{
	size_t count;
	const struct ct_model_arrow *a = arrow_from(n, n->idx, &count);

	*to = a ? a->to : CT_MODEL_NONE;
	return a ? n->events[a->to].lane : CT_MODEL_NONE;
}

static void threads(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	uint32_t to, lane, cause;
	const char *other = n->ev->obj < n->n_objs && n->objs[n->ev->obj].lane != CT_MODEL_NONE
				    ? lane_name(n, n->objs[n->ev->obj].lane)
				    : obj_name(n, _("a thread"));

	switch ((enum ct_event_type)n->ev->type) {
	case CT_EV_THREAD_SPAWN:
		lane = target_lane(n, &to);
		snprintf(buf, len, _("%1$s spawns %2$s; %2$s starts running alongside it"), who,
			 lane != CT_MODEL_NONE ? lane_name(n, lane)
					       : ct_model_string(n->m, n->ev->arg));
		break;
	case CT_EV_THREAD_BEGIN:
		snprintf(buf, len, _("%s starts running"), who);
		break;
	case CT_EV_THREAD_END:
		lane = target_lane(n, &to);
		if (lane == CT_MODEL_NONE)
			snprintf(buf, len, _("%s finishes; nobody joins it"), who);
		else if (was_waiting(n, to, n->idx))
			snprintf(buf, len, _("%1$s finishes; %2$s, waiting in join, goes on"), who,
				 lane_name(n, lane));
		else
			snprintf(buf, len, _("%1$s finishes; %2$s will join it later"), who,
				 lane_name(n, lane));
		break;
	case CT_EV_JOIN_BEGIN:
		switch (wait_of(n, n->idx, &cause)) {
		case WAIT_BLOCKS:
			snprintf(buf, len, _("%1$s joins %2$s: %1$s waits until %2$s ends"), who,
				 other);
			break;
		case WAIT_FOREVER:
			if (n->ev->obj < n->n_objs && stuck(n, n->objs[n->ev->obj].lane))
				snprintf(buf, len,
					 _("%1$s joins %2$s: this wait never ends, as %2$s is "
					   "stuck waiting too"),
					 who, other);
			else
				snprintf(buf, len,
					 _("%1$s joins %2$s and waits; %2$s never ends in the "
					   "trace"),
					 who, other);
			break;
		case WAIT_NONE:
			snprintf(buf, len, _("%1$s joins %2$s, which has already ended: no wait"),
				 who, other);
			break;
		}
		break;
	case CT_EV_JOIN_END:
		snprintf(buf, len, _("%1$s has joined %2$s and goes on"), who, other);
		break;
	case CT_EV_THREAD_DETACH:
		snprintf(buf, len, _("%1$s detaches %2$s: nobody will wait for it"), who, other);
		break;
	default:
		break;
	}
}

/* Whether the receive beginning at the event waited and ended because the senders were gone. */
static bool recv_closes(const struct narr *n)
{
	const struct ct_model_span *s = span_at(n, n->idx, true);

	return s && s->end != CT_MODEL_NONE && n->events[s->end].status == CT_DISCONNECTED &&
	       ev_t(n, s->end) > ev_t(n, s->begin);
}

static void channels(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	char msg[160];
	const char *chan = obj_name(n, _("a channel"));
	uint32_t to, lane, cause;
	const struct ct_model_arrow *a;

	switch ((enum ct_event_type)n->ev->type) {
	case CT_EV_CHAN_NEW:
		snprintf(buf, len, _("%1$s creates channel %2$s"), who, chan);
		break;
	case CT_EV_CHAN_SEND_BEGIN:
		if (wait_of(n, n->idx, &cause) == WAIT_BLOCKS)
			snprintf(buf, len,
				 _("%1$s wants to send %2$s but the channel has no room: it "
				   "blocks until %3$s receives"),
				 who, message(n, msg, sizeof(msg)),
				 lane_name(n, n->events[cause].lane));
		else
			snprintf(buf, len, _("%1$s starts sending %2$s"), who,
				 message(n, msg, sizeof(msg)));
		break;
	case CT_EV_CHAN_SEND_END:
		lane = target_lane(n, &to);
		if (n->ev->status == CT_DISCONNECTED)
			snprintf(buf, len,
				 _("%1$s tries to send %2$s, but the receiver is gone: the send "
				   "fails"),
				 who, message(n, msg, sizeof(msg)));
		else if (lane == CT_MODEL_NONE)
			snprintf(buf, len, _("%1$s sends %2$s; nobody ever receives it"), who,
				 message(n, msg, sizeof(msg)));
		else if (was_waiting(n, to, n->idx))
			snprintf(buf, len, _("%1$s sends %2$s; %3$s was blocked in recv and wakes"),
				 who, message(n, msg, sizeof(msg)), lane_name(n, lane));
		else
			snprintf(buf, len,
				 _("%1$s sends %2$s; it waits in the channel until %3$s receives "
				   "it"),
				 who, message(n, msg, sizeof(msg)), lane_name(n, lane));
		break;
	case CT_EV_CHAN_RECV_BEGIN:
		switch (wait_of(n, n->idx, &cause)) {
		case WAIT_BLOCKS:
			snprintf(buf, len,
				 _("%1$s waits to receive: the channel is empty, so it blocks "
				   "until %2$s sends"),
				 who, lane_name(n, n->events[cause].lane));
			break;
		case WAIT_FOREVER:
			snprintf(buf, len,
				 _("%s waits to receive, and no message ever comes: this wait "
				   "never ends"),
				 who);
			break;
		case WAIT_NONE:
			if (recv_closes(n))
				snprintf(buf, len,
					 _("%s waits to receive: the channel is empty, so it "
					   "blocks until every sender is gone"),
					 who);
			else
				snprintf(buf, len, _("%s calls recv"), who);
			break;
		}
		break;
	case CT_EV_CHAN_RECV_END:
		a = arrow_to(n, n->idx);
		if (n->ev->status == CT_DISCONNECTED)
			snprintf(buf, len,
				 _("%s's recv fails: every sender is gone, so no message can "
				   "come any more"),
				 who);
		else if (n->ev->status == CT_TIMEOUT)
			snprintf(buf, len, _("%s stops waiting: recv timed out"), who);
		else if (n->ev->status != CT_OK)
			snprintf(buf, len, _("%s finds the channel empty and goes on"), who);
		else if (a)
			snprintf(buf, len, _("%1$s receives %2$s from %3$s"), who,
				 message(n, msg, sizeof(msg)),
				 lane_name(n, n->events[a->from].lane));
		else
			snprintf(buf, len, _("%1$s receives %2$s"), who,
				 message(n, msg, sizeof(msg)));
		break;
	case CT_EV_CHAN_SENDER_CLONE:
		snprintf(buf, len, _("%1$s clones a sender of %2$s: one more thread can send"), who,
			 chan);
		break;
	case CT_EV_CHAN_SENDER_DROP:
		snprintf(buf, len,
			 _("%1$s drops a sender of %2$s; when the last sender is gone, the "
			   "receiver sees the channel closed"),
			 who, chan);
		break;
	case CT_EV_CHAN_RECEIVER_DROP:
		snprintf(buf, len, _("%1$s drops the receiver of %2$s: sends to it now fail"), who,
			 chan);
		break;
	default:
		break;
	}
}

static void mutexes(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	const char *mu = obj_name(n, _("a mutex"));
	uint32_t to, lane, cause, holder;
	const struct ct_model_arrow *a;

	switch ((enum ct_event_type)n->ev->type) {
	case CT_EV_MUTEX_NEW:
		snprintf(buf, len, _("%1$s creates mutex %2$s"), who, mu);
		break;
	case CT_EV_MUTEX_LOCK_BEGIN:
		holder = holder_of(n, n->ev->obj, n->idx);
		switch (wait_of(n, n->idx, &cause)) {
		case WAIT_BLOCKS:
			snprintf(buf, len,
				 _("%1$s tries to lock %2$s and must wait: %3$s holds it"), who, mu,
				 lane_name(n, holder != CT_MODEL_NONE ? holder
								      : n->events[cause].lane));
			break;
		case WAIT_FOREVER:
			if (holder != CT_MODEL_NONE && holder != n->ev->lane && stuck(n, holder))
				snprintf(buf, len,
					 _("%1$s tries to lock %2$s, held by %3$s: this wait "
					   "never ends — deadlock with %3$s"),
					 who, mu, lane_name(n, holder));
			else
				snprintf(buf, len,
					 _("%1$s tries to lock %2$s: this wait never ends"), who,
					 mu);
			break;
		case WAIT_NONE:
			snprintf(buf, len, _("%1$s asks for %2$s; it is free"), who, mu);
			break;
		}
		break;
	case CT_EV_MUTEX_LOCK_END: {
		const struct ct_model_span *s = span_at(n, n->idx, false);

		a = arrow_to(n, n->idx);
		if (a && s && a->from > s->begin)
			snprintf(buf, len, _("%1$s gets %2$s from %3$s and goes on"), who, mu,
				 lane_name(n, n->events[a->from].lane));
		else
			snprintf(buf, len, _("%1$s holds %2$s now: others who want it must wait"),
				 who, mu);
		break;
	}
	case CT_EV_MUTEX_UNLOCK:
		lane = target_lane(n, &to);
		if (lane != CT_MODEL_NONE && was_waiting(n, to, n->idx))
			snprintf(buf, len,
				 _("%1$s unlocks %2$s; %3$s, waiting for the lock, takes it now"),
				 who, mu, lane_name(n, lane));
		else if (lane != CT_MODEL_NONE)
			/* Taken by a thread that asked after the release: no one was handed it. */
			snprintf(buf, len, _("%1$s unlocks %2$s; %3$s is the next to take it"), who,
				 mu, lane_name(n, lane));
		else
			snprintf(buf, len, _("%1$s unlocks %2$s; no other thread takes it"), who,
				 mu);
		break;
	default:
		break;
	}
}

static void condvars(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	const char *cv = obj_name(n, _("a condition variable"));
	uint32_t to, lane, cause;
	size_t count;
	const struct ct_model_arrow *a;

	switch ((enum ct_event_type)n->ev->type) {
	case CT_EV_COND_NEW:
		snprintf(buf, len, _("%1$s creates condition variable %2$s"), who, cv);
		break;
	case CT_EV_COND_WAIT_BEGIN:
		if (wait_of(n, n->idx, &cause) == WAIT_FOREVER)
			snprintf(buf, len,
				 _("%1$s waits on %2$s, releasing its mutex; no one ever signals: "
				   "this wait never ends"),
				 who, cv);
		else
			snprintf(buf, len,
				 _("%1$s waits on %2$s, releasing its mutex until someone "
				   "signals"),
				 who, cv);
		break;
	case CT_EV_COND_WAIT_END:
		a = arrow_to(n, n->idx);
		if (n->ev->status == CT_TIMEOUT)
			snprintf(buf, len, _("%1$s stops waiting on %2$s: timed out"), who, cv);
		else if (a && ct_model_arrow_kind(n->m, a) == CT_ARROW_WAKEUP)
			snprintf(buf, len,
				 _("%1$s is woken by %2$s's signal and holds the mutex again"), who,
				 lane_name(n, n->events[a->from].lane));
		else
			snprintf(buf, len, _("%1$s wakes from %2$s and holds the mutex again"), who,
				 cv);
		break;
	case CT_EV_COND_SIGNAL:
		lane = target_lane(n, &to);
		if (lane != CT_MODEL_NONE)
			snprintf(buf, len, _("%1$s signals %2$s; %3$s, waiting on it, wakes"), who,
				 cv, lane_name(n, lane));
		else
			snprintf(buf, len,
				 _("%1$s signals %2$s; nobody is waiting, so the signal is lost"),
				 who, cv);
		break;
	case CT_EV_COND_BROADCAST:
		arrow_from(n, n->idx, &count);
		if (count)
			snprintf(buf, len,
				 P_("%1$s wakes every waiter of %2$s: %3$zu thread wakes",
				    "%1$s wakes every waiter of %2$s: %3$zu threads wake", count),
				 who, cv, count);
		else
			snprintf(buf, len,
				 _("%1$s broadcasts on %2$s; nobody is waiting, so it is lost"),
				 who, cv);
		break;
	default:
		break;
	}
}

static void semaphores(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	const char *sem = obj_name(n, _("a semaphore"));
	uint32_t to, lane, cause;
	const struct ct_model_arrow *a;

	switch ((enum ct_event_type)n->ev->type) {
	case CT_EV_SEM_NEW:
		snprintf(buf, len, _("%1$s creates semaphore %2$s with %3$lld tokens"), who, sem,
			 (long long)ct_model_event_value(n->m, n->ev));
		break;
	case CT_EV_SEM_WAIT_BEGIN:
		switch (wait_of(n, n->idx, &cause)) {
		case WAIT_BLOCKS:
			snprintf(buf, len,
				 _("%1$s waits on %2$s: no token is left, so it blocks until %3$s "
				   "posts"),
				 who, sem, lane_name(n, n->events[cause].lane));
			break;
		case WAIT_FOREVER:
			snprintf(buf, len, _("%1$s waits on %2$s: this wait never ends"), who, sem);
			break;
		case WAIT_NONE:
			snprintf(buf, len, _("%1$s waits on %2$s; a token is there"), who, sem);
			break;
		}
		break;
	case CT_EV_SEM_WAIT_END:
		a = arrow_to(n, n->idx);
		if (n->ev->status != CT_OK)
			snprintf(buf, len, _("%1$s gives up waiting on %2$s: no token"), who, sem);
		else if (a)
			snprintf(buf, len, _("%1$s takes the token %2$s posted and goes on"), who,
				 lane_name(n, n->events[a->from].lane));
		else
			snprintf(buf, len, _("%1$s takes a token of %2$s and goes on"), who, sem);
		break;
	case CT_EV_SEM_POST:
		lane = target_lane(n, &to);
		if (lane != CT_MODEL_NONE && was_waiting(n, to, n->idx))
			snprintf(buf, len, _("%1$s posts %2$s; %3$s, waiting for a token, wakes"),
				 who, sem, lane_name(n, lane));
		else
			snprintf(buf, len,
				 _("%1$s posts %2$s; the token waits for whoever needs it"), who,
				 sem);
		break;
	default:
		break;
	}
}

static void processes(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	const char *text = ct_model_string(n->m, n->ev->arg);
	uint32_t to, lane, cause;
	const struct ct_model_arrow *a;
	char st[64], what[256];

	switch ((enum ct_event_type)n->ev->type) {
	case CT_EV_PROC_FORK:
		lane = target_lane(n, &to);
		if (lane == CT_MODEL_NONE)
			snprintf(buf, len, _("%s starts a new process"), who);
		else if (n->ev->status == CT_PROC_VIA_FORK)
			snprintf(buf, len,
				 _("%1$s forks: process %2$s starts as a copy of it and runs "
				   "alongside"),
				 who, lane_name(n, lane));
		else
			snprintf(buf, len, _("%1$s starts process %2$s, which runs alongside it"),
				 who, lane_name(n, lane));
		break;
	case CT_EV_PROC_START:
		if (n->ev->status == CT_PROC_EXEC)
			snprintf(buf, len,
				 _("%1$s now runs %2$s: the same process with a new program"), who,
				 text);
		else
			snprintf(buf, len, _("%s starts running as a new process"), who);
		break;
	case CT_EV_PROC_EXEC:
		snprintf(buf, len, _("%1$s replaces its program with %2$s (exec)"), who,
			 *text ? text : _("another program"));
		break;
	case CT_EV_WAIT_BEGIN:
		switch (wait_of(n, n->idx, &cause)) {
		case WAIT_BLOCKS:
			snprintf(buf, len,
				 _("%1$s waits for a child process and blocks until %2$s ends"),
				 who, lane_name(n, n->events[cause].lane));
			break;
		case WAIT_FOREVER:
			snprintf(buf, len,
				 _("%1$s waits for a child process: this wait never ends"), who);
			break;
		case WAIT_NONE:
			snprintf(buf, len, _("%s waits for a child process"), who);
			break;
		}
		break;
	case CT_EV_WAIT_END:
		a = arrow_to(n, n->idx);
		if (a && n->ev->status == CT_OK) {
			ct_model_wait_status_phrase((int)ct_model_event_value(n->m, n->ev), st,
						    sizeof(st));
			snprintf(buf, len, _("%1$s reaps %2$s (%3$s) and goes on"), who,
				 lane_name(n, n->events[a->from].lane), st);
		} else {
			ct_model_event_phrase(n->m, n->idx, what, sizeof(what));
			snprintf(buf, len, _("%1$s: %2$s"), who, what);
		}
		break;
	default:
		break;
	}
}

/*
 * The lane whose write to object OBJ came between lane LANE's latest read of
 * it and event IDX (LANE's write): that write is overwritten unread, its
 * update lost. CT_MODEL_NONE when there is none, or no read to go by.
 */
static uint32_t overwritten(const struct narr *n, uint32_t obj, uint32_t lane, uint32_t idx)
{
	uint32_t stop = idx > HOLDER_LOOKBACK ? idx - HOLDER_LOOKBACK : 0, other = CT_MODEL_NONE;

	for (uint32_t i = idx; i-- > stop;) {
		const struct ct_model_event *e = &n->events[i];

		if (e->type != CT_EV_ACCESS || e->obj != obj)
			continue;
		if (e->lane == lane && e->status == CT_ACCESS_READ)
			return other;
		if (e->lane == lane && e->status == CT_ACCESS_WRITE)
			return CT_MODEL_NONE; /* its own write since: it read nothing new */
		if (e->lane != lane && e->status == CT_ACCESS_WRITE && other == CT_MODEL_NONE)
			other = e->lane;
	}
	return CT_MODEL_NONE;
}

static void accesses(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	const char *obj = obj_name(n, _("a shared value"));
	long long v = (long long)ct_model_event_value(n->m, n->ev);
	uint32_t other;

	switch (n->ev->status) {
	case CT_ACCESS_READ:
		snprintf(buf, len, _("%1$s reads %2$s: %3$lld"), who, obj, v);
		break;
	case CT_ACCESS_WRITE:
		other = overwritten(n, n->ev->obj, n->ev->lane, n->idx);
		if (other != CT_MODEL_NONE)
			snprintf(buf, len,
				 _("%1$s writes %2$s = %3$lld over %4$s's write, which it never "
				   "read: that update is lost"),
				 who, obj, v, lane_name(n, other));
		else
			snprintf(buf, len, _("%1$s writes %2$s = %3$lld"), who, obj, v);
		break;
	default:
		snprintf(buf, len, _("%1$s uses %2$s"), who, obj);
		break;
	}
}

/* Everything else: the event's phrase, and the thread it wakes, or a wait that never ends. */
static void others(const struct narr *n, char *buf, size_t len)
{
	const char *who = n->who;
	char what[256], d[32];
	uint32_t to, lane, cause;
	int64_t v = ct_model_event_value(n->m, n->ev);

	switch ((enum ct_event_type)n->ev->type) {
	case CT_EV_SLEEP_BEGIN:
		ct_time_format((double)v, 0, d, sizeof(d));
		snprintf(buf, len, _("%1$s sleeps for %2$s: the other threads run meanwhile"), who,
			 d);
		return;
	case CT_EV_SLEEP_END:
		snprintf(buf, len, _("%s wakes from its sleep and goes on"), who);
		return;
	case CT_EV_PRINT:
		snprintf(buf, len, _("%1$s prints \"%2$s\""), who,
			 ct_model_string(n->m, n->ev->arg));
		return;
	case CT_EV_ARC_NEW:
		snprintf(buf, len, _("%1$s creates the shared value %2$s: 1 owner"), who,
			 obj_name(n, _("an Arc")));
		return;
	case CT_EV_ARC_CLONE:
		snprintf(buf, len, _("%1$s clones %2$s: %3$lld owners now"), who,
			 obj_name(n, _("an Arc")), (long long)v);
		return;
	case CT_EV_ARC_DROP:
		if (v == 0)
			snprintf(buf, len, _("%1$s drops %2$s, the last owner: the value is freed"),
				 who, obj_name(n, _("an Arc")));
		else
			snprintf(buf, len,
				 P_("%1$s drops %2$s: %3$lld owner left",
				    "%1$s drops %2$s: %3$lld owners left", (unsigned long)v),
				 who, obj_name(n, _("an Arc")), (long long)v);
		return;
	case CT_EV_ACCESS:
		accesses(n, buf, len);
		return;
	case CT_EV_OBJ_NEW:
		snprintf(buf, len, _("%1$s creates %2$s, which threads may share"), who,
			 obj_name(n, _("a shared value")));
		return;
	case CT_EV_PROCESS_EXIT:
		snprintf(buf, len, _("%s's process exits: all its threads stop"), who);
		return;
	default:
		break;
	}
	ct_model_event_phrase(n->m, n->idx, what, sizeof(what));
	lane = target_lane(n, &to);
	if (lane != CT_MODEL_NONE && lane != n->ev->lane && was_waiting(n, to, n->idx)) {
		snprintf(buf, len, _("%1$s: %2$s; %3$s, which was waiting, wakes"), who, what,
			 lane_name(n, lane));
		return;
	}
	if (wait_of(n, n->idx, &cause) == WAIT_FOREVER) {
		snprintf(buf, len, _("%1$s: %2$s; this wait never ends"), who, what);
		return;
	}
	snprintf(buf, len, _("%1$s: %2$s"), who, what);
}

const char *ct_model_event_narrate(const struct ct_model *m, uint32_t ev, char *buf, size_t len)
{
	struct narr n = { .m = m, .idx = ev };

	n.events = ct_model_borrow_events(m, &n.n_events);
	n.objs = ct_model_borrow_objects(m, &n.n_objs);
	if (len == 0)
		return buf;
	if (ev >= n.n_events) {
		snprintf(buf, len, "%s", _("no event"));
		return buf;
	}
	n.ev = &n.events[ev];
	n.who = lane_name(&n, n.ev->lane);
	buf[0] = '\0';
	switch ((enum ct_event_type)n.ev->type) {
	case CT_EV_THREAD_SPAWN:
	case CT_EV_THREAD_BEGIN:
	case CT_EV_THREAD_END:
	case CT_EV_JOIN_BEGIN:
	case CT_EV_JOIN_END:
	case CT_EV_THREAD_DETACH:
		threads(&n, buf, len);
		break;
	case CT_EV_CHAN_NEW:
	case CT_EV_CHAN_SEND_BEGIN:
	case CT_EV_CHAN_SEND_END:
	case CT_EV_CHAN_RECV_BEGIN:
	case CT_EV_CHAN_RECV_END:
	case CT_EV_CHAN_SENDER_CLONE:
	case CT_EV_CHAN_SENDER_DROP:
	case CT_EV_CHAN_RECEIVER_DROP:
		channels(&n, buf, len);
		break;
	case CT_EV_MUTEX_NEW:
	case CT_EV_MUTEX_LOCK_BEGIN:
	case CT_EV_MUTEX_LOCK_END:
	case CT_EV_MUTEX_UNLOCK:
		mutexes(&n, buf, len);
		break;
	case CT_EV_COND_NEW:
	case CT_EV_COND_WAIT_BEGIN:
	case CT_EV_COND_WAIT_END:
	case CT_EV_COND_SIGNAL:
	case CT_EV_COND_BROADCAST:
		condvars(&n, buf, len);
		break;
	case CT_EV_SEM_NEW:
	case CT_EV_SEM_WAIT_BEGIN:
	case CT_EV_SEM_WAIT_END:
	case CT_EV_SEM_POST:
		semaphores(&n, buf, len);
		break;
	case CT_EV_PROC_FORK:
	case CT_EV_PROC_START:
	case CT_EV_PROC_EXEC:
	case CT_EV_WAIT_BEGIN:
	case CT_EV_WAIT_END:
		processes(&n, buf, len);
		break;
	default:
		others(&n, buf, len);
		break;
	}
	return buf;
}
