/* SPDX-License-Identifier: MIT */
/*
 * query.c - what the views ask a finished model: its arrays and counts,
 * the values packed into events, the state of spans and the kind of arrows,
 * and the binary searches that find what lies in a time window (the lookups
 * a frame makes, so none of them scans).
 *
 * Thread-safety: a model is immutable, so these may run in any number of
 * threads at once.
 */
#include "store.h"

uint64_t ct_model_start_ns(const struct ct_model *m)
{
	return m->start_ns;
}

uint64_t ct_model_end_time(const struct ct_model *m)
{
	uint64_t last;

	if (!m->n_events)
		return 0;
	last = ev_time(m, (uint32_t)(m->n_events - 1));
	/* A trace lasts until recording stopped, which may be long after its last event. */
	if (m->stop_ns > m->start_ns + last)
		return m->stop_ns - m->start_ns;
	return last;
}

const struct ct_model_event *ct_model_borrow_events(const struct ct_model *m, size_t *count)
{
	*count = m->n_events;
	return m->events;
}

const struct ct_model_lane *ct_model_borrow_lanes(const struct ct_model *m, size_t *count)
{
	*count = m->n_lanes;
	return m->lanes;
}

const struct ct_model_span *ct_model_borrow_spans(const struct ct_model *m, size_t *count)
{
	*count = m->n_spans;
	return m->spans;
}

const struct ct_model_arrow *ct_model_borrow_arrows(const struct ct_model *m, size_t *count)
{
	*count = m->n_arrows;
	return m->arrows;
}

const struct ct_model_object *ct_model_borrow_objects(const struct ct_model *m, size_t *count)
{
	*count = m->n_objects;
	return m->objects;
}

const uint32_t *ct_model_borrow_markers(const struct ct_model *m, size_t *count)
{
	*count = m->n_markers;
	return m->markers;
}

const struct ct_model_problems *ct_model_borrow_problems(const struct ct_model *m)
{
	return &m->problems;
}

uint64_t ct_model_discarded(const struct ct_model *m)
{
	return m->discarded;
}

uint64_t ct_model_skipped(const struct ct_model *m)
{
	return m->skipped;
}

const char *ct_model_string(const struct ct_model *m, uint32_t offset)
{
	return offset < m->strings_size ? m->strings + offset : "";
}

int64_t ct_model_event_value(const struct ct_model *m, const struct ct_model_event *ev)
{
	if (!(ev->arg & WIDE_FLAG))
		return ev->arg;
	if ((ev->arg & ~WIDE_FLAG) >= m->n_wide)
		return 0;
	return (int64_t)m->wide[ev->arg & ~WIDE_FLAG];
}

uint64_t ct_model_event_offset(const struct ct_model *m, const struct ct_model_event *ev)
{
	uint32_t i = ev->arg & ~WIDE_FLAG;

	if ((ev->type != CT_EV_FD_WRITE && ev->type != CT_EV_FD_READ_BEGIN &&
	     ev->type != CT_EV_FD_READ) ||
	    !(ev->arg & WIDE_FLAG) || i + 1 >= m->n_wide)
		return 0;
	return m->wide[i + 1];
}

/* The wide value K (1: hash, 2: priority) of an mq_* or dgram_* message event; 0 for other types. */
static uint64_t mq_field(const struct ct_model *m, const struct ct_model_event *ev, uint32_t k)
{
	uint32_t i = ev->arg & ~WIDE_FLAG;

	if ((ev->type != CT_EV_MQ_SEND && ev->type != CT_EV_MQ_RECV &&
	     ev->type != CT_EV_DGRAM_SEND && ev->type != CT_EV_DGRAM_RECV) ||
	    !(ev->arg & WIDE_FLAG) || i + k >= m->n_wide)
		return 0;
	return m->wide[i + k];
}

uint64_t ct_model_event_hash(const struct ct_model *m, const struct ct_model_event *ev)
{
	return mq_field(m, ev, 1);
}

unsigned ct_model_event_prio(const struct ct_model *m, const struct ct_model_event *ev)
{
	return (unsigned)mq_field(m, ev, 2);
}

size_t ct_model_message_count(const struct ct_model *m)
{
	return m->n_msgs;
}

uint64_t ct_model_message_id(const struct ct_model *m, uint32_t index)
{
	return index < m->n_msgs ? m->msg_ids[index] : 0;
}

uint32_t ct_model_message_label(const struct ct_model *m, uint32_t index)
{
	return index < m->n_msgs ? m->msg_labels[index] : 0;
}

enum ct_lane_state ct_model_span_state(const struct ct_model *m, const struct ct_model_span *span)
{
	switch (m->events[span->begin].type) {
	case CT_EV_CHAN_RECV_BEGIN:
		return CT_STATE_BLOCKED_RECV;
	case CT_EV_CHAN_SEND_BEGIN:
		return CT_STATE_BLOCKED_SEND;
	case CT_EV_MUTEX_LOCK_BEGIN:
		return CT_STATE_BLOCKED_LOCK;
	case CT_EV_JOIN_BEGIN:
		return CT_STATE_BLOCKED_JOIN;
	case CT_EV_COND_WAIT_BEGIN:
		return CT_STATE_BLOCKED_COND;
	case CT_EV_SLEEP_BEGIN:
		return CT_STATE_SLEEPING;
	case CT_EV_FD_READ_BEGIN:
	case CT_EV_MQ_RECV_BEGIN:
		return CT_STATE_BLOCKED_RECV;
	case CT_EV_MQ_SEND_BEGIN:
		return CT_STATE_BLOCKED_SEND;
	case CT_EV_SEM_WAIT_BEGIN:
		return CT_STATE_BLOCKED_SEM;
	case CT_EV_DGRAM_RECV_BEGIN:
		return CT_STATE_BLOCKED_RECV;
	case CT_EV_ACCEPT_BEGIN:
	case CT_EV_CONNECT_BEGIN:
		return CT_STATE_BLOCKED_CONNECT;
	case CT_EV_FD_WRITE_WAIT_BEGIN:
		return CT_STATE_BLOCKED_SEND;
	case CT_EV_POLL_BEGIN:
		return CT_STATE_BLOCKED_POLL;
	case CT_EV_RWLOCK_LOCK_BEGIN:
		return CT_STATE_BLOCKED_LOCK;
	case CT_EV_SIG_WAIT_BEGIN:
		return CT_STATE_BLOCKED_SIGNAL;
	case CT_EV_FUTEX_WAIT_BEGIN:
		return CT_STATE_BLOCKED_FUTEX;
	case CT_EV_BARRIER_WAIT_BEGIN:
		return CT_STATE_BLOCKED_BARRIER;
	case CT_EV_ONCE_WAIT_BEGIN:
		return CT_STATE_BLOCKED_ONCE;
	case CT_EV_WAIT_BEGIN:
		return CT_STATE_BLOCKED_WAIT;
	default:
		return CT_STATE_RUNNING;
	}
}

uint64_t ct_model_span_start(const struct ct_model *m, const struct ct_model_span *span)
{
	return ev_time(m, span->begin);
}

uint64_t ct_model_span_end(const struct ct_model *m, const struct ct_model_span *span)
{
	return span->end == CT_MODEL_NONE ? ct_model_end_time(m) : ev_time(m, span->end);
}

enum ct_arrow_kind ct_model_arrow_kind(const struct ct_model *m, const struct ct_model_arrow *a)
{
	/* A reaped child's exit: its tail is the child's last event, whatever its type. */
	if (m->events[a->to].type == CT_EV_WAIT_END)
		return CT_ARROW_JOIN;
	switch (m->events[a->from].type) {
	case CT_EV_PROC_FORK:
		return CT_ARROW_FORK;
	case CT_EV_THREAD_SPAWN:
		return CT_ARROW_SPAWN;
	case CT_EV_THREAD_END:
		return CT_ARROW_JOIN;
	case CT_EV_CHAN_SEND_END:
	case CT_EV_FD_WRITE:
	case CT_EV_MQ_SEND:
	case CT_EV_DGRAM_SEND:
		return CT_ARROW_MESSAGE;
	case CT_EV_COND_SIGNAL:
	case CT_EV_COND_BROADCAST:
	case CT_EV_SEM_POST:
	case CT_EV_SIG_SEND:
	case CT_EV_FUTEX_WAKE:
	case CT_EV_BARRIER_WAIT_BEGIN:
	case CT_EV_ONCE_DONE:
		return CT_ARROW_WAKEUP;
	default:
		return CT_ARROW_HANDOFF;
	}
}

size_t ct_model_memory_size(const struct ct_model *m)
{
	return sizeof(*m) + m->n_events * sizeof(*m->events) +
	       m->n_lanes * (sizeof(*m->lanes) + sizeof(*m->lane_order)) +
	       m->n_spans * sizeof(*m->spans) + m->n_arrows * sizeof(*m->arrows) +
	       m->n_reach * sizeof(*m->arrow_reach) + m->n_objects * sizeof(*m->objects) +
	       m->n_markers * sizeof(*m->markers) + m->strings_size + m->n_wide * sizeof(*m->wide) +
	       m->n_msgs * (sizeof(*m->msg_ids) + sizeof(*m->msg_labels)) +
	       (m->event_sites ? m->n_events * sizeof(*m->event_sites) : 0) +
	       m->n_sites * sizeof(*m->sites) + m->n_binaries * sizeof(*m->binaries);
}

uint32_t ct_model_event_site(const struct ct_model *m, size_t ev)
{
	return m->event_sites && ev < m->n_events ? m->event_sites[ev] : 0;
}

const struct ct_model_site *ct_model_borrow_sites(const struct ct_model *m, size_t *count)
{
	*count = m->n_sites;
	return m->sites;
}

const struct ct_model_binary *ct_model_borrow_binaries(const struct ct_model *m, size_t *count)
{
	*count = m->n_binaries;
	return m->binaries;
}

size_t ct_model_event_at(const struct ct_model *m, uint64_t t)
{
	size_t lo = 0, hi = m->n_events;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ev_time(m, (uint32_t)mid) < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ct_model_lane_spans_in(const struct ct_model *m, uint32_t lane, uint64_t t0, uint64_t t1,
			      size_t *first)
{
	const struct ct_model_lane *l;
	size_t lo, hi, a, b;

	*first = 0;
	if (lane >= m->n_lanes || t1 < t0)
		return 0;
	l = &m->lanes[lane];
	/* Spans of one lane do not overlap, so both their starts and ends increase. */
	lo = l->span_first;
	hi = lo + l->span_count;
	a = lo;
	b = hi;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (ct_model_span_end(m, &m->spans[mid]) < t0)
			a = mid + 1;
		else
			b = mid;
	}
	lo = a;
	b = hi;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (ct_model_span_start(m, &m->spans[mid]) <= t1)
			a = mid + 1;
		else
			b = mid;
	}
	*first = lo;
	return a - lo;
}

enum ct_lane_state ct_model_lane_state_at(const struct ct_model *m, uint32_t lane, uint64_t t)
{
	size_t first;
	size_t n = ct_model_lane_spans_in(m, lane, t, t, &first);

	/* A span covers [start, end): at its end event the lane runs again. */
	for (size_t i = first; i < first + n; i++) {
		if (ct_model_span_start(m, &m->spans[i]) <= t &&
		    (m->spans[i].end == CT_MODEL_NONE || ct_model_span_end(m, &m->spans[i]) > t))
			return ct_model_span_state(m, &m->spans[i]);
	}
	return CT_STATE_RUNNING;
}

void ct_model_arrows_in(const struct ct_model *m, uint64_t t0, uint64_t t1, size_t *first,
			size_t *last)
{
	size_t e0 = ct_model_event_at(m, t0);
	size_t e1 = t1 == UINT64_MAX ? m->n_events : ct_model_event_at(m, t1 + 1);
	size_t a = 0, b = m->n_reach;

	/* The first block whose arrows reach e0; reach is non-decreasing. */
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (m->arrow_reach[mid] < e0)
			a = mid + 1;
		else
			b = mid;
	}
	*first = a * ARROW_BLOCK;
	if (*first > m->n_arrows)
		*first = m->n_arrows;
	a = *first;
	b = m->n_arrows;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (m->arrows[mid].from < e1)
			a = mid + 1;
		else
			b = mid;
	}
	*last = a;
}

size_t ct_model_markers_in(const struct ct_model *m, uint64_t t0, uint64_t t1, size_t *first)
{
	size_t e0 = ct_model_event_at(m, t0);
	size_t e1 = t1 == UINT64_MAX ? m->n_events : ct_model_event_at(m, t1 + 1);
	size_t a = 0, b = m->n_markers, lo;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (m->markers[mid] < e0)
			a = mid + 1;
		else
			b = mid;
	}
	lo = a;
	b = m->n_markers;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (m->markers[mid] < e1)
			a = mid + 1;
		else
			b = mid;
	}
	*first = lo;
	return a - lo;
}
