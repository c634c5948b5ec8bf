/* SPDX-License-Identifier: MIT */
/* analysis.c - findings over a built model: deadlock, lost update, use after drop, unreceived, unjoined. */
#include "analysis.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A pathological trace (a racy loop over millions of events) could have
 * millions of lost updates; past this many findings of one kind only the
 * count grows, so the result stays small. The viewer and the CLI show the
 * first ones, which is what a reader looks at anyway.
 */
#define MAX_STORED_PER_KIND 100000u

/* Maps an event to a finding it takes part in; sorted by event, then finding. */
struct event_link {
	uint32_t event;
	uint32_t finding;
};

struct ct_analysis {
	struct ct_finding *findings; /* owned; sorted by time once run */
	size_t n_findings, cap_findings;
	struct ct_finding_ref *refs; /* owned */
	size_t n_refs, cap_refs;
	struct event_link *links; /* owned */
	size_t n_links;
	size_t counts[CT_FINDING_COUNT_]; /* every finding, stored or not */
};

/* State of one run: the model's arrays (borrowed) and the result being made. */
struct run {
	const struct ct_model *m;
	const struct ct_model_event *ev;
	size_t n_ev;
	const struct ct_model_lane *lanes;
	size_t n_lanes;
	const struct ct_model_span *spans;
	const struct ct_model_object *objs;
	size_t n_objs;
	struct ct_analysis *a; /* borrowed: the result */
	bool skipping;         /* the current finding is counted but not stored */
};

/* Grows *ARR (of *CAP items of ELEM bytes) to hold NEED items. False when out of memory. */
static bool grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	p = realloc(*arr, c * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

/*
 * Starts a finding of KIND at EVENT. Returns CT_MODEL_NOMEM (nothing
 * changed) or CT_MODEL_OK; past MAX_STORED_PER_KIND it only counts, and the
 * refs added until the next finding are dropped.
 */
static enum ct_model_status finding_add(struct run *r, enum ct_finding_kind kind, uint32_t event)
{
	struct ct_analysis *a = r->a;

	if (a->counts[kind] >= MAX_STORED_PER_KIND) {
		a->counts[kind]++;
		r->skipping = true;
		return CT_MODEL_OK;
	}
	if (a->n_refs >= CT_MODEL_NONE - 16)
		return CT_MODEL_TOO_LARGE;
	if (!grow((void **)&a->findings, &a->cap_findings, a->n_findings + 1, sizeof(*a->findings)))
		return CT_MODEL_NOMEM;
	a->findings[a->n_findings++] = (struct ct_finding){
		.time = ct_model_event_time(&r->ev[event]),
		.event = event,
		.kind = kind,
		.ref_first = (uint32_t)a->n_refs,
		.ref_count = 0,
	};
	a->counts[kind]++;
	r->skipping = false;
	return CT_MODEL_OK;
}

/* Adds a ref to the finding started last. CT_MODEL_NOMEM leaves the result unchanged. */
static enum ct_model_status ref_add(struct run *r, uint32_t event, uint32_t obj,
				    enum ct_finding_role role)
{
	struct ct_analysis *a = r->a;

	if (r->skipping)
		return CT_MODEL_OK;
	if (!grow((void **)&a->refs, &a->cap_refs, a->n_refs + 1, sizeof(*a->refs)))
		return CT_MODEL_NOMEM;
	a->refs[a->n_refs++] = (struct ct_finding_ref){
		.event = event, .lane = r->ev[event].lane, .obj = obj, .role = role
	};
	a->findings[a->n_findings - 1].ref_count++;
	return CT_MODEL_OK;
}

/* ------------------------------------------------------------ deadlock */

/* Which lanes sent on (DIR 0) or received from (DIR 1) a channel. */
struct chan_use {
	uint32_t chan;
	uint32_t lane;
	uint32_t dir;
};

static int chan_use_cmp(const void *pa, const void *pb)
{
	const struct chan_use *a = pa, *b = pb;

	if (a->chan != b->chan)
		return a->chan < b->chan ? -1 : 1;
	if (a->dir != b->dir)
		return a->dir < b->dir ? -1 : 1;
	if (a->lane != b->lane)
		return a->lane < b->lane ? -1 : 1;
	return 0;
}

/* Index of the first entry of USES (N, sorted) with (CHAN, DIR); N if none. */
static size_t chan_use_find(const struct chan_use *uses, size_t n, uint32_t chan, uint32_t dir)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uses[mid].chan < chan || (uses[mid].chan == chan && uses[mid].dir < dir))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The lanes blocked at the end and the event each is blocked in (WAIT_EV,
 * per lane, CT_MODEL_NONE when not blocked). Returns how many are blocked.
 */
static size_t blocked_lanes(const struct run *r, uint32_t *wait_ev)
{
	size_t n = 0;

	for (size_t l = 0; l < r->n_lanes; l++) {
		const struct ct_model_lane *lane = &r->lanes[l];

		wait_ev[l] = CT_MODEL_NONE;
		if (lane->end != CT_LANE_BLOCKED || lane->span_count == 0)
			continue;
		if (r->spans[lane->span_first + lane->span_count - 1].end != CT_MODEL_NONE)
			continue;
		wait_ev[l] = r->spans[lane->span_first + lane->span_count - 1].begin;
		n++;
	}
	return n;
}

/* Who holds each mutex at the end (HOLDER, lane per object) and since which event (HOLD_EV). */
static void mutex_holders(const struct run *r, uint32_t *holder, uint32_t *hold_ev)
{
	for (size_t o = 0; o < r->n_objs; o++)
		holder[o] = hold_ev[o] = CT_MODEL_NONE;
	for (size_t i = 0; i < r->n_ev; i++) {
		const struct ct_model_event *e = &r->ev[i];

		switch ((enum ct_event_type)e->type) {
		case CT_EV_MUTEX_LOCK_END:
			if (e->obj < r->n_objs) {
				holder[e->obj] = e->lane;
				hold_ev[e->obj] = (uint32_t)i;
			}
			break;
		case CT_EV_MUTEX_UNLOCK:
			if (e->obj < r->n_objs)
				holder[e->obj] = hold_ev[e->obj] = CT_MODEL_NONE;
			break;
		case CT_EV_COND_WAIT_BEGIN: /* waiting releases the mutex */
			if (e->arg < r->n_objs)
				holder[e->arg] = hold_ev[e->arg] = CT_MODEL_NONE;
			break;
		case CT_EV_COND_WAIT_END: /* and waking takes it again */
			if (e->arg < r->n_objs) {
				holder[e->arg] = e->lane;
				hold_ev[e->arg] = (uint32_t)i;
			}
			break;
		default:
			break;
		}
	}
}

/*
 * The channel uses (sorted, unique) of the channels that blocked lanes wait
 * on; *USES is NULL when there are none. CT_MODEL_NOMEM on failure.
 */
static enum ct_model_status chan_uses(const struct run *r, const uint32_t *wait_ev,
				      struct chan_use **uses_out, size_t *n_out)
{
	enum ct_model_status status = CT_MODEL_OK;
	uint8_t *wanted = NULL;
	struct chan_use *uses = NULL;
	size_t n = 0, cap = 0, w = 0;
	bool any = false;

	*uses_out = NULL;
	*n_out = 0;
	wanted = calloc(r->n_objs ? r->n_objs : 1, 1);
	if (!wanted)
		goto nomem;
	for (size_t l = 0; l < r->n_lanes; l++) {
		const struct ct_model_event *e;

		if (wait_ev[l] == CT_MODEL_NONE)
			continue;
		e = &r->ev[wait_ev[l]];
		if ((e->type == CT_EV_CHAN_RECV_BEGIN || e->type == CT_EV_CHAN_SEND_BEGIN) &&
		    e->obj < r->n_objs) {
			wanted[e->obj] = 1;
			any = true;
		}
	}
	if (!any)
		goto end;
	for (size_t i = 0; i < r->n_ev; i++) {
		const struct ct_model_event *e = &r->ev[i];
		uint32_t dir;

		if (e->type == CT_EV_CHAN_SEND_BEGIN || e->type == CT_EV_CHAN_SEND_END)
			dir = 0;
		else if (e->type == CT_EV_CHAN_RECV_BEGIN || e->type == CT_EV_CHAN_RECV_END)
			dir = 1;
		else
			continue;
		if (e->obj >= r->n_objs || !wanted[e->obj])
			continue;
		/* Consecutive repeats are the common case: skip them before sorting. */
		if (n && uses[n - 1].chan == e->obj && uses[n - 1].lane == e->lane &&
		    uses[n - 1].dir == dir)
			continue;
		if (!grow((void **)&uses, &cap, n + 1, sizeof(*uses)))
			goto nomem;
		uses[n++] = (struct chan_use){ .chan = e->obj, .lane = e->lane, .dir = dir };
	}
	if (n)
		qsort(uses, n, sizeof(*uses), chan_use_cmp);
	for (size_t i = 0; i < n; i++)
		if (w == 0 || chan_use_cmp(&uses[w - 1], &uses[i]) != 0)
			uses[w++] = uses[i];
	*uses_out = uses;
	*n_out = w;
	uses = NULL;
	goto end;
nomem:
	status = CT_MODEL_NOMEM;
end:
	free(uses);
	free(wanted);
	return status;
}

/*
 * The lanes each blocked lane waits for: WAITEES[WFIRST[l] .. + WCOUNT[l]),
 * in a new array *WAITEES. CT_MODEL_NOMEM on failure.
 */
static enum ct_model_status wait_for_graph(const struct run *r, const uint32_t *wait_ev,
					   const uint32_t *holder, const struct chan_use *uses,
					   size_t n_uses, uint32_t *wfirst, uint32_t *wcount,
					   uint32_t **waitees_out)
{
	uint32_t *waitees = NULL;
	size_t n = 0, cap = 0;

	for (size_t l = 0; l < r->n_lanes; l++) {
		const struct ct_model_event *e;

		wfirst[l] = (uint32_t)n;
		wcount[l] = 0;
		if (wait_ev[l] == CT_MODEL_NONE)
			continue;
		e = &r->ev[wait_ev[l]];
		if (e->obj >= r->n_objs)
			continue;
		if (e->type == CT_EV_MUTEX_LOCK_BEGIN) {
			if (holder[e->obj] == CT_MODEL_NONE)
				continue;
			if (!grow((void **)&waitees, &cap, n + 1, sizeof(*waitees)))
				goto nomem;
			waitees[n++] = holder[e->obj];
		} else if (e->type == CT_EV_JOIN_BEGIN) {
			uint32_t t = r->objs[e->obj].lane;

			if (t == CT_MODEL_NONE || r->lanes[t].end == CT_LANE_ENDED)
				continue;
			if (!grow((void **)&waitees, &cap, n + 1, sizeof(*waitees)))
				goto nomem;
			waitees[n++] = t;
		} else if (e->type == CT_EV_CHAN_RECV_BEGIN || e->type == CT_EV_CHAN_SEND_BEGIN) {
			/* A receiver waits for the channel's senders, a sender for its receivers. */
			uint32_t dir = e->type == CT_EV_CHAN_RECV_BEGIN ? 0 : 1;

			for (size_t k = chan_use_find(uses, n_uses, e->obj, dir);
			     k < n_uses && uses[k].chan == e->obj && uses[k].dir == dir; k++) {
				if (r->lanes[uses[k].lane].end == CT_LANE_ENDED)
					continue;
				if (!grow((void **)&waitees, &cap, n + 1, sizeof(*waitees)))
					goto nomem;
				waitees[n++] = uses[k].lane;
			}
		}
		wcount[l] = (uint32_t)(n - wfirst[l]);
	}
	*waitees_out = waitees;
	return CT_MODEL_OK;
nomem:
	free(waitees);
	return CT_MODEL_NOMEM;
}

/* One finding for the cycle CYC (N lanes, wait-for order) and the lanes STUCK behind it. */
static enum ct_model_status deadlock_finding(struct run *r, const uint32_t *cyc, size_t n,
					     const uint32_t *wait_ev, const uint32_t *hold_ev,
					     const uint32_t *reach, uint32_t id,
					     const uint8_t *in_cycle)
{
	enum ct_model_status st;
	uint32_t last = 0;

	/* The cycle closed with the latest of its waits. */
	for (size_t k = 0; k < n; k++)
		if (wait_ev[cyc[k]] > last)
			last = wait_ev[cyc[k]];
	st = finding_add(r, CT_FINDING_DEADLOCK, last);
	for (size_t k = 0; k < n && st == CT_MODEL_OK; k++) {
		const struct ct_model_event *e = &r->ev[wait_ev[cyc[k]]];

		st = ref_add(r, wait_ev[cyc[k]], e->obj, CT_ROLE_WAIT);
		if (st == CT_MODEL_OK && e->type == CT_EV_MUTEX_LOCK_BEGIN &&
		    hold_ev[e->obj] != CT_MODEL_NONE)
			st = ref_add(r, hold_ev[e->obj], e->obj, CT_ROLE_HOLD);
	}
	for (size_t l = 0; l < r->n_lanes && st == CT_MODEL_OK; l++)
		if (reach[l] == id && !in_cycle[l])
			st = ref_add(r, wait_ev[l], r->ev[wait_ev[l]].obj, CT_ROLE_STUCK);
	return st;
}

static enum ct_model_status find_deadlocks(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	size_t nl = r->n_lanes, no = r->n_objs ? r->n_objs : 1, n_uses = 0, n_cycles = 0;
	uint32_t *wait_ev = NULL, *holder = NULL, *hold_ev = NULL, *waitees = NULL;
	uint32_t *wfirst = NULL, *wcount = NULL, *reach = NULL, *path = NULL, *pos = NULL;
	uint8_t *stuck = NULL, *state = NULL, *in_cycle = NULL;
	struct chan_use *uses = NULL;
	bool changed = true;

	if (nl == 0)
		return CT_MODEL_OK;
	wait_ev = malloc(nl * sizeof(*wait_ev));
	if (!wait_ev)
		goto nomem;
	if (blocked_lanes(r, wait_ev) == 0)
		goto end;
	holder = malloc(no * sizeof(*holder));
	hold_ev = malloc(no * sizeof(*hold_ev));
	wfirst = malloc(nl * sizeof(*wfirst));
	wcount = malloc(nl * sizeof(*wcount));
	reach = malloc(nl * sizeof(*reach));
	path = malloc(nl * sizeof(*path));
	pos = malloc(nl * sizeof(*pos));
	stuck = calloc(nl, 1);
	state = calloc(nl, 1);
	in_cycle = calloc(nl, 1);
	if (!holder || !hold_ev || !wfirst || !wcount || !reach || !path || !pos || !stuck ||
	    !state || !in_cycle)
		goto nomem;
	mutex_holders(r, holder, hold_ev);
	st = chan_uses(r, wait_ev, &uses, &n_uses);
	if (st != CT_MODEL_OK)
		goto end;
	st = wait_for_graph(r, wait_ev, holder, uses, n_uses, wfirst, wcount, &waitees);
	if (st != CT_MODEL_OK)
		goto end;

	/* The greatest set of lanes that only wait for lanes of the set: stuck forever. */
	for (size_t l = 0; l < nl; l++)
		stuck[l] = wcount[l] > 0;
	while (changed) {
		changed = false;
		for (size_t l = 0; l < nl; l++) {
			if (!stuck[l])
				continue;
			for (uint32_t k = 0; k < wcount[l]; k++) {
				if (!stuck[waitees[wfirst[l] + k]]) {
					stuck[l] = 0;
					changed = true;
					break;
				}
			}
		}
	}

	/*
	 * Every stuck lane waits only for stuck lanes, so following the first
	 * one from any stuck lane ends in a cycle. Walk each path once (state
	 * 1: on the current path, 2: done) and note which cycle it reaches.
	 */
	for (size_t l = 0; l < nl; l++)
		reach[l] = CT_MODEL_NONE;
	for (size_t l = 0; l < nl; l++) {
		size_t len = 0;
		uint32_t x = (uint32_t)l, id;

		if (!stuck[l] || state[l])
			continue;
		while (state[x] == 0) {
			state[x] = 1;
			pos[x] = (uint32_t)len;
			path[len++] = x;
			x = waitees[wfirst[x]];
		}
		if (state[x] == 1) {
			id = (uint32_t)n_cycles++;
			for (size_t k = pos[x]; k < len; k++)
				in_cycle[path[k]] = 1;
		} else {
			id = reach[x];
		}
		for (size_t k = 0; k < len; k++) {
			state[path[k]] = 2;
			reach[path[k]] = id;
		}
	}

	/* One finding per cycle, its lanes listed from the lowest lane index in wait-for order. */
	for (uint32_t id = 0; id < n_cycles && st == CT_MODEL_OK; id++) {
		uint32_t start = CT_MODEL_NONE, x;
		size_t n = 0;

		for (size_t l = 0; l < nl; l++) {
			if (in_cycle[l] && reach[l] == id) {
				start = (uint32_t)l;
				break;
			}
		}
		x = start;
		do {
			path[n++] = x;
			x = waitees[wfirst[x]];
		} while (x != start && n < nl);
		st = deadlock_finding(r, path, n, wait_ev, hold_ev, reach, id, in_cycle);
	}
	goto end;
nomem:
	st = CT_MODEL_NOMEM;
end:
	free(wait_ev);
	free(holder);
	free(hold_ev);
	free(waitees);
	free(wfirst);
	free(wcount);
	free(reach);
	free(path);
	free(pos);
	free(stuck);
	free(state);
	free(in_cycle);
	free(uses);
	return st;
}

/* --------------------------------------------------------- lost update */

/*
 * How far back (in events) a read looks for the write that stored the value
 * it read. Each event is traced just after its load or store, so a read's
 * event can land after another lane's write that the load did not see; the
 * window really opened when the value read was current. Bounded so a read of
 * a value no traced write stored costs little.
 */
#define READ_LOOKBACK 1024

/*
 * An open read-modify-write window: LANE read the object at READ_EV a value
 * current since START_EV (the write that stored it, or READ_EV itself), and
 * has not written yet.
 */
struct window {
	uint32_t lane;
	uint32_t read_ev;
	uint32_t start_ev;
	int64_t read_val;
	uint32_t foreign; /* writes by other lanes since START_EV */
};

struct windows {
	struct window *w; /* owned */
	size_t n, cap;
};

/* Marks as lost, with a finding each, the foreign writes inside LANE's window W closed at WRITE. */
static enum ct_model_status lost_writes(struct run *r, const struct window *w, uint32_t write,
					uint8_t *lost)
{
	enum ct_model_status st = CT_MODEL_OK;
	uint32_t obj = r->ev[write].obj, end = write;
	int64_t stored = ct_model_event_value(r->m, &r->ev[write]);

	/*
	 * Another lane that read the value this write stored saw the store, so
	 * the store happened before that read even if its event (traced after
	 * the store, perhaps after a preemption) comes much later: only writes
	 * before that read can have been overwritten.
	 */
	for (uint32_t j = w->read_ev + 1; j < write; j++) {
		const struct ct_model_event *e = &r->ev[j];

		if (e->type == CT_EV_ACCESS && e->obj == obj && e->status == CT_ACCESS_EV_READ &&
		    e->lane != w->lane && ct_model_event_value(r->m, e) == stored) {
			end = j;
			break;
		}
	}
	for (uint32_t j = w->start_ev + 1; j < end && st == CT_MODEL_OK; j++) {
		const struct ct_model_event *e = &r->ev[j];

		if (e->type != CT_EV_ACCESS || e->obj != obj || e->status != CT_ACCESS_EV_WRITE ||
		    e->lane == w->lane || (lost[j / 8] & (1u << (j % 8))))
			continue;
		/*
		 * Having read exactly what the other write stored, the window saw
		 * it: the events were traced a little after the memory accesses
		 * and merely landed in the other order.
		 */
		if (ct_model_event_value(r->m, e) == w->read_val)
			continue;
		lost[j / 8] |= (uint8_t)(1u << (j % 8));
		st = finding_add(r, CT_FINDING_LOST_UPDATE, write);
		if (st == CT_MODEL_OK)
			st = ref_add(r, w->read_ev, obj, CT_ROLE_READ);
		if (st == CT_MODEL_OK)
			st = ref_add(r, write, obj, CT_ROLE_WRITE);
		if (st == CT_MODEL_OK)
			st = ref_add(r, j, obj, CT_ROLE_LOST);
	}
	return st;
}

/*
 * Moves W's start back to the write that stored the value W read, counting
 * the other lanes' writes in between. Stops at the lane's own previous write
 * (its load saw that or later) and after READ_LOOKBACK events; when no such
 * write is found the window starts at the read.
 */
static void window_start(const struct run *r, struct window *w)
{
	uint32_t obj = r->ev[w->read_ev].obj, foreign = 0;
	uint32_t stop = w->read_ev > READ_LOOKBACK ? w->read_ev - READ_LOOKBACK : 0;

	for (uint32_t j = w->read_ev; j-- > stop;) {
		const struct ct_model_event *e = &r->ev[j];

		if (e->type != CT_EV_ACCESS || e->obj != obj || e->status != CT_ACCESS_EV_WRITE)
			continue;
		if (ct_model_event_value(r->m, e) == w->read_val) {
			w->start_ev = j;
			w->foreign = foreign;
			return;
		}
		if (e->lane == w->lane)
			return;
		foreign++;
	}
}

static enum ct_model_status find_lost_updates(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	struct windows *per_obj = NULL;
	uint8_t *lost = NULL;

	if (r->n_objs == 0)
		return CT_MODEL_OK;
	per_obj = calloc(r->n_objs, sizeof(*per_obj));
	lost = calloc(r->n_ev / 8 + 1, 1);
	if (!per_obj || !lost)
		goto nomem;
	for (size_t i = 0; i < r->n_ev && st == CT_MODEL_OK; i++) {
		const struct ct_model_event *e = &r->ev[i];
		struct windows *ws;
		size_t own = SIZE_MAX;

		if (e->type != CT_EV_ACCESS || e->obj >= r->n_objs)
			continue;
		ws = &per_obj[e->obj];
		for (size_t k = 0; k < ws->n; k++)
			if (ws->w[k].lane == e->lane)
				own = k;
		if (e->status == CT_ACCESS_EV_READ) {
			/* A new read (re)starts the lane's window. */
			if (own == SIZE_MAX) {
				if (!grow((void **)&ws->w, &ws->cap, ws->n + 1, sizeof(*ws->w)))
					goto nomem;
				own = ws->n++;
			}
			ws->w[own] = (struct window){ .lane = e->lane,
						      .read_ev = (uint32_t)i,
						      .start_ev = (uint32_t)i,
						      .read_val = ct_model_event_value(r->m, e),
						      .foreign = 0 };
			window_start(r, &ws->w[own]);
		} else if (e->status == CT_ACCESS_EV_WRITE) {
			for (size_t k = 0; k < ws->n; k++)
				if (k != own)
					ws->w[k].foreign++;
			if (own == SIZE_MAX)
				continue;
			/* Only a window that saw foreign writes can have overwritten one. */
			if (ws->w[own].foreign)
				st = lost_writes(r, &ws->w[own], (uint32_t)i, lost);
			ws->w[own] = ws->w[--ws->n];
		}
	}
	goto end;
nomem:
	st = CT_MODEL_NOMEM;
end:
	if (per_obj)
		for (size_t o = 0; o < r->n_objs; o++)
			free(per_obj[o].w);
	free(per_obj);
	free(lost);
	return st;
}

/* ------------------------------------------------------ use after drop */

static enum ct_model_status find_uses_after_drop(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	uint32_t *drop_ev;

	if (r->n_objs == 0)
		return CT_MODEL_OK;
	drop_ev = malloc(r->n_objs * sizeof(*drop_ev));
	if (!drop_ev)
		return CT_MODEL_NOMEM;
	for (size_t o = 0; o < r->n_objs; o++)
		drop_ev[o] = CT_MODEL_NONE;
	for (size_t i = 0; i < r->n_ev && st == CT_MODEL_OK; i++) {
		const struct ct_model_event *e = &r->ev[i];
		bool use;

		if (e->obj >= r->n_objs)
			continue;
		switch ((enum ct_event_type)e->type) {
		case CT_EV_ACCESS:
		case CT_EV_MOVE:
		case CT_EV_ARC_CLONE:
			use = true;
			break;
		case CT_EV_OBJ_DROP:
		case CT_EV_ARC_DROP:
			/* A second drop is a use of what is already gone. */
			use = drop_ev[e->obj] != CT_MODEL_NONE;
			if (!use &&
			    (e->type == CT_EV_OBJ_DROP || ct_model_event_value(r->m, e) <= 0))
				drop_ev[e->obj] = (uint32_t)i;
			break;
		default:
			use = false;
			break;
		}
		if (!use || drop_ev[e->obj] == CT_MODEL_NONE)
			continue;
		st = finding_add(r, CT_FINDING_USE_AFTER_DROP, (uint32_t)i);
		if (st == CT_MODEL_OK)
			st = ref_add(r, drop_ev[e->obj], e->obj, CT_ROLE_DROP);
		if (st == CT_MODEL_OK)
			st = ref_add(r, (uint32_t)i, e->obj, CT_ROLE_USE);
	}
	free(drop_ev);
	return st;
}

/* ------------------------------------------ unreceived and unjoined */

static enum ct_model_status find_unreceived(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	size_t n_msgs = ct_model_message_count(r->m);
	uint8_t *received;

	if (n_msgs == 0)
		return CT_MODEL_OK;
	received = calloc(n_msgs, 1);
	if (!received)
		return CT_MODEL_NOMEM;
	for (size_t i = 0; i < r->n_ev; i++) {
		const struct ct_model_event *e = &r->ev[i];

		if (e->type == CT_EV_CHAN_RECV_END && e->status == CT_EVS_OK && e->arg < n_msgs)
			received[e->arg] = 1;
	}
	for (size_t i = 0; i < r->n_ev && st == CT_MODEL_OK; i++) {
		const struct ct_model_event *e = &r->ev[i];

		if (e->type != CT_EV_CHAN_SEND_END || e->status != CT_EVS_OK || e->arg >= n_msgs ||
		    received[e->arg])
			continue;
		received[e->arg] = 1; /* one finding per message, even if sent twice */
		st = finding_add(r, CT_FINDING_UNRECEIVED, (uint32_t)i);
		if (st == CT_MODEL_OK)
			st = ref_add(r, (uint32_t)i, e->obj, CT_ROLE_SEND);
	}
	free(received);
	return st;
}

static enum ct_model_status find_unjoined(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	uint32_t *spawn_ev;
	uint8_t *joined;

	if (r->n_objs == 0)
		return CT_MODEL_OK;
	spawn_ev = malloc(r->n_objs * sizeof(*spawn_ev));
	joined = calloc(r->n_objs, 1);
	if (!spawn_ev || !joined) {
		st = CT_MODEL_NOMEM;
		goto end;
	}
	for (size_t o = 0; o < r->n_objs; o++)
		spawn_ev[o] = CT_MODEL_NONE;
	for (size_t i = 0; i < r->n_ev; i++) {
		const struct ct_model_event *e = &r->ev[i];

		if (e->obj >= r->n_objs)
			continue;
		if (e->type == CT_EV_THREAD_SPAWN && spawn_ev[e->obj] == CT_MODEL_NONE)
			spawn_ev[e->obj] = (uint32_t)i;
		else if (e->type == CT_EV_JOIN_END)
			joined[e->obj] = 1;
	}
	for (size_t o = 0; o < r->n_objs && st == CT_MODEL_OK; o++) {
		uint32_t child = r->objs[o].lane, at;

		if (spawn_ev[o] == CT_MODEL_NONE || joined[o])
			continue;
		/* Blocked threads, and threads of a blocked spawner, belong to a deadlock's story. */
		if (child != CT_MODEL_NONE && r->lanes[child].end == CT_LANE_BLOCKED)
			continue;
		if (r->lanes[r->ev[spawn_ev[o]].lane].end == CT_LANE_BLOCKED)
			continue;
		at = child != CT_MODEL_NONE ? r->lanes[child].last_event : spawn_ev[o];
		st = finding_add(r, CT_FINDING_UNJOINED, at);
		if (st == CT_MODEL_OK)
			st = ref_add(r, spawn_ev[o], (uint32_t)o, CT_ROLE_SPAWN);
		if (st == CT_MODEL_OK && child != CT_MODEL_NONE)
			st = ref_add(r, at, (uint32_t)o, CT_ROLE_LAST);
	}
end:
	free(spawn_ev);
	free(joined);
	return st;
}

/* -------------------------------------------------------------- result */

static int finding_cmp(const void *pa, const void *pb)
{
	const struct ct_finding *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	/* Findings made in order have increasing ref_first: a stable sort. */
	return a->ref_first < b->ref_first ? -1 : a->ref_first > b->ref_first;
}

static int link_cmp(const void *pa, const void *pb)
{
	const struct event_link *a = pa, *b = pb;

	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->finding < b->finding ? -1 : a->finding > b->finding;
}

/* Sorts the findings by time and indexes their events. CT_MODEL_NOMEM on failure. */
static enum ct_model_status index_findings(struct ct_analysis *a)
{
	size_t n = 0;

	if (a->n_findings)
		qsort(a->findings, a->n_findings, sizeof(*a->findings), finding_cmp);
	if (a->n_refs == 0)
		return CT_MODEL_OK;
	a->links = malloc(a->n_refs * sizeof(*a->links));
	if (!a->links)
		return CT_MODEL_NOMEM;
	for (size_t f = 0; f < a->n_findings; f++) {
		const struct ct_finding *fi = &a->findings[f];

		for (uint32_t k = 0; k < fi->ref_count; k++)
			a->links[n++] =
				(struct event_link){ .event = a->refs[fi->ref_first + k].event,
						     .finding = (uint32_t)f };
	}
	qsort(a->links, n, sizeof(*a->links), link_cmp);
	a->n_links = n;
	return CT_MODEL_OK;
}

enum ct_model_status ct_analysis_run(const struct ct_model *model, struct ct_analysis **out)
{
	enum ct_model_status st;
	struct run r = { .m = model };
	struct ct_analysis *a = calloc(1, sizeof(*a));
	size_t n_spans;

	if (!a)
		return CT_MODEL_NOMEM;
	r.a = a;
	r.ev = ct_model_borrow_events(model, &r.n_ev);
	r.lanes = ct_model_borrow_lanes(model, &r.n_lanes);
	r.spans = ct_model_borrow_spans(model, &n_spans);
	r.objs = ct_model_borrow_objects(model, &r.n_objs);

	st = find_deadlocks(&r);
	if (st == CT_MODEL_OK)
		st = find_lost_updates(&r);
	if (st == CT_MODEL_OK)
		st = find_uses_after_drop(&r);
	if (st == CT_MODEL_OK)
		st = find_unreceived(&r);
	if (st == CT_MODEL_OK)
		st = find_unjoined(&r);
	if (st == CT_MODEL_OK)
		st = index_findings(a);
	if (st != CT_MODEL_OK) {
		ct_analysis_destroy(a);
		return st;
	}
	*out = a;
	return CT_MODEL_OK;
}

void ct_analysis_destroy(struct ct_analysis *a)
{
	if (!a)
		return;
	free(a->findings);
	free(a->refs);
	free(a->links);
	free(a);
}

const struct ct_finding *ct_analysis_borrow_findings(const struct ct_analysis *a, size_t *count)
{
	*count = a->n_findings;
	return a->findings;
}

const struct ct_finding_ref *ct_analysis_borrow_refs(const struct ct_analysis *a,
						     const struct ct_finding *f, size_t *count)
{
	*count = f->ref_count;
	return f->ref_count ? &a->refs[f->ref_first] : NULL;
}

size_t ct_analysis_count(const struct ct_analysis *a, enum ct_finding_kind kind)
{
	return (unsigned)kind < CT_FINDING_COUNT_ ? a->counts[kind] : 0;
}

/* Index of the first finding with time >= T. */
static size_t finding_at(const struct ct_analysis *a, uint64_t t)
{
	size_t lo = 0, hi = a->n_findings;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->findings[mid].time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ct_analysis_findings_in(const struct ct_analysis *a, uint64_t t0, uint64_t t1, size_t *first)
{
	size_t lo = finding_at(a, t0), hi;

	*first = lo;
	if (t1 < t0)
		return 0;
	hi = t1 == UINT64_MAX ? a->n_findings : finding_at(a, t1 + 1);
	return hi - lo;
}

uint32_t ct_analysis_event_finding(const struct ct_analysis *a, uint32_t event)
{
	size_t lo = 0, hi = a->n_links;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->links[mid].event < event)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->n_links && a->links[lo].event == event)
		return a->links[lo].finding;
	return CT_MODEL_NONE;
}

const char *ct_finding_kind_name(enum ct_finding_kind kind)
{
	static const char *const names[CT_FINDING_COUNT_] = { "deadlock", "lost-update",
							      "use-after-drop", "never-received",
							      "never-joined" };

	return (unsigned)kind < CT_FINDING_COUNT_ ? names[kind] : "?";
}

const char *ct_finding_kind_plural(enum ct_finding_kind kind)
{
	static const char *const names[CT_FINDING_COUNT_] = { "deadlocks", "lost updates",
							      "uses after drop",
							      "messages never received",
							      "threads never joined" };

	return (unsigned)kind < CT_FINDING_COUNT_ ? names[kind] : "?";
}

/* ----------------------------------------------------------- sentences */

/* Appends to a caller's buffer like snprintf, counting what did not fit. */
struct writer {
	char *buf;
	size_t size;
	size_t len; /* the whole text's length, even past SIZE */
};

static void put(struct writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct writer *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(w->len < w->size ? w->buf + w->len : NULL,
		      w->len < w->size ? w->size - w->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n;
}

/*
 * Lane LANE's name, or "T<n>" when it has none. Threads of an unmodified
 * program are often all named after the program ("phil holds A, waits for
 * B, held by phil"), so a name another lane also has gets its "T<n>".
 */
static void put_lane(struct writer *w, const struct ct_model *m, uint32_t lane)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n);
	const char *name = lane < n ? ct_model_string(m, lanes[lane].name) : "";
	bool shared = false;

	for (size_t i = 0; *name && i < n && !shared; i++)
		shared = i != lane && lanes[i].name == lanes[lane].name;
	if (*name && shared)
		put(w, "%s (T%u)", name, lane);
	else if (*name)
		put(w, "%s", name);
	else
		put(w, "T%u", lane);
}

/* Object OBJ as "mutex A", "channel #7"; a thread by its lane's name when it has one. */
static void put_obj(struct writer *w, const struct ct_model *m, uint32_t obj, bool with_kind)
{
	size_t n;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n);
	const struct ct_model_object *o;
	const char *name;

	if (obj >= n) {
		put(w, "an unknown object");
		return;
	}
	o = &objs[obj];
	name = ct_model_string(m, o->name);
	if (o->kind == CT_OBJ_THREAD && o->lane != CT_MODEL_NONE) {
		put_lane(w, m, o->lane);
		return;
	}
	if (with_kind && o->kind != CT_OBJ_PLAIN)
		put(w, "%s ", o->kind == CT_OBJ_CHAN ? "channel" : ct_object_kind_name(o->kind));
	if (*name)
		put(w, "%s", name);
	else if (o->id >> 32)
		put(w, "0x%llx", (unsigned long long)o->id); /* an address: the shim's ids */
	else
		put(w, "#%llu", (unsigned long long)o->id);
}

/* The first ref of REFS (N) with ROLE and, unless CT_MODEL_NONE, LANE; NULL if none. */
static const struct ct_finding_ref *ref_find(const struct ct_finding_ref *refs, size_t n,
					     enum ct_finding_role role, uint32_t lane)
{
	for (size_t k = 0; k < n; k++)
		if (refs[k].role == role && (lane == CT_MODEL_NONE || refs[k].lane == lane))
			return &refs[k];
	return NULL;
}

/* What the blocking event E waits for: "waits for mutex B, held by thread-2". */
static void put_wait(struct writer *w, const struct ct_model *m, const struct ct_model_event *e,
		     const struct ct_finding_ref *hold)
{
	switch ((enum ct_event_type)e->type) {
	case CT_EV_MUTEX_LOCK_BEGIN:
		put(w, "waits for ");
		put_obj(w, m, e->obj, true);
		if (hold && hold->lane == e->lane) {
			put(w, ", which it holds itself");
		} else if (hold) {
			put(w, ", held by ");
			put_lane(w, m, hold->lane);
		}
		break;
	case CT_EV_JOIN_BEGIN:
		put(w, "waits to join ");
		put_obj(w, m, e->obj, false);
		break;
	case CT_EV_CHAN_RECV_BEGIN:
		put(w, "waits to receive from ");
		put_obj(w, m, e->obj, true);
		put(w, ", whose senders are all stuck");
		break;
	case CT_EV_CHAN_SEND_BEGIN:
		put(w, "waits to send on ");
		put_obj(w, m, e->obj, true);
		put(w, ", whose receivers are all stuck");
		break;
	default:
		put(w, "waits (%s)", ct_event_type_name((enum ct_event_type)e->type));
		break;
	}
}

static void describe_deadlock(struct writer *w, const struct ct_model *m,
			      const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	bool first = true, stuck = false;

	put(w, "wait-for cycle: ");
	for (size_t k = 0; k < n; k++) {
		const struct ct_model_event *e = &ev[refs[k].event];
		bool held = false;

		if (refs[k].role != CT_ROLE_WAIT)
			continue;
		if (!first)
			put(w, "; ");
		first = false;
		put_lane(w, m, refs[k].lane);
		/* The mutexes this lane holds that the cycle waits for. */
		for (size_t h = 0; h < n; h++) {
			if (refs[h].role != CT_ROLE_HOLD || refs[h].lane != refs[k].lane)
				continue;
			put(w, held ? " and " : " holds ");
			put_obj(w, m, refs[h].obj, true);
			held = true;
		}
		put(w, held ? " and " : " ");
		put_wait(w, m, e,
			 k + 1 < n && refs[k + 1].role == CT_ROLE_HOLD ? &refs[k + 1] : NULL);
	}
	put(w, ": none of them can go on");
	for (size_t k = 0; k < n; k++) {
		if (refs[k].role != CT_ROLE_STUCK)
			continue;
		put(w, stuck ? "; " : " (stuck behind them: ");
		stuck = true;
		put_lane(w, m, refs[k].lane);
		put(w, " ");
		put_wait(w, m, &ev[refs[k].event], NULL);
	}
	if (stuck)
		put(w, ")");
}

static void describe_lost_update(struct writer *w, const struct ct_model *m,
				 const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	const struct ct_finding_ref *rd = ref_find(refs, n, CT_ROLE_READ, CT_MODEL_NONE);
	const struct ct_finding_ref *wr = ref_find(refs, n, CT_ROLE_WRITE, CT_MODEL_NONE);
	const struct ct_finding_ref *lost = ref_find(refs, n, CT_ROLE_LOST, CT_MODEL_NONE);

	if (!rd || !wr || !lost) {
		put(w, "a lost update");
		return;
	}
	put_lane(w, m, rd->lane);
	put(w, " read ");
	put_obj(w, m, rd->obj, true);
	put(w, " = %lld and wrote %lld over ", (long long)ct_model_event_value(m, &ev[rd->event]),
	    (long long)ct_model_event_value(m, &ev[wr->event]));
	put_lane(w, m, lost->lane);
	put(w, "'s write of %lld, which it never read: that update was lost",
	    (long long)ct_model_event_value(m, &ev[lost->event]));
}

static void describe_use_after_drop(struct writer *w, const struct ct_model *m,
				    const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	const struct ct_finding_ref *drop = ref_find(refs, n, CT_ROLE_DROP, CT_MODEL_NONE);
	const struct ct_finding_ref *use = ref_find(refs, n, CT_ROLE_USE, CT_MODEL_NONE);
	const struct ct_model_event *e;

	if (!drop || !use) {
		put(w, "a use after drop");
		return;
	}
	e = &ev[use->event];
	put_lane(w, m, use->lane);
	switch ((enum ct_event_type)e->type) {
	case CT_EV_ACCESS:
		put(w, " %s ",
		    e->status == CT_ACCESS_EV_READ    ? "read"
		    : e->status == CT_ACCESS_EV_WRITE ? "wrote"
						      : "used");
		put_obj(w, m, use->obj, true);
		put(w, " (value %lld)", (long long)ct_model_event_value(m, e));
		break;
	case CT_EV_MOVE:
		put(w, " moved ");
		put_obj(w, m, use->obj, true);
		break;
	case CT_EV_ARC_CLONE:
		put(w, " cloned ");
		put_obj(w, m, use->obj, true);
		break;
	default:
		put(w, " dropped ");
		put_obj(w, m, use->obj, true);
		put(w, " again");
		break;
	}
	put(w, " after ");
	put_lane(w, m, drop->lane);
	if (ev[drop->event].type == CT_EV_ARC_DROP)
		put(w, " dropped its last reference");
	else
		put(w, " dropped it");
}

static void describe_unreceived(struct writer *w, const struct ct_model *m,
				const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	const struct ct_finding_ref *send = ref_find(refs, n, CT_ROLE_SEND, CT_MODEL_NONE);
	const char *label;

	if (!send) {
		put(w, "a message was never received");
		return;
	}
	label = ct_model_string(m, ct_model_message_label(m, ev[send->event].arg));
	if (*label)
		put(w, "message \"%s\"", label);
	else
		put(w, "message #%llu",
		    (unsigned long long)ct_model_message_id(m, ev[send->event].arg));
	put(w, " sent by ");
	put_lane(w, m, send->lane);
	put(w, " on ");
	put_obj(w, m, send->obj, true);
	put(w, " was never received");
}

static void describe_unjoined(struct writer *w, const struct ct_model *m,
			      const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_finding_ref *spawn = ref_find(refs, n, CT_ROLE_SPAWN, CT_MODEL_NONE);
	const struct ct_finding_ref *last = ref_find(refs, n, CT_ROLE_LAST, CT_MODEL_NONE);
	size_t n_lanes;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);

	if (!spawn) {
		put(w, "a thread was never joined");
		return;
	}
	put(w, "thread ");
	put_obj(w, m, spawn->obj, false);
	put(w, ", spawned by ");
	put_lane(w, m, spawn->lane);
	put(w, ", was never joined: ");
	if (!last || last->lane >= n_lanes)
		put(w, "it never started before the trace ended");
	else if (lanes[last->lane].end == CT_LANE_KILLED)
		put(w, "it was cut off when the process exited");
	else
		put(w, "it ran to its end, but nobody waited for it");
}

size_t ct_analysis_describe(const struct ct_model *model, const struct ct_analysis *a,
			    const struct ct_finding *f, char *buf, size_t size)
{
	struct writer w = { .buf = buf, .size = size, .len = 0 };
	size_t n;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(a, f, &n);

	if (size)
		buf[0] = '\0';
	switch ((enum ct_finding_kind)f->kind) {
	case CT_FINDING_DEADLOCK:
		describe_deadlock(&w, model, refs, n);
		break;
	case CT_FINDING_LOST_UPDATE:
		describe_lost_update(&w, model, refs, n);
		break;
	case CT_FINDING_USE_AFTER_DROP:
		describe_use_after_drop(&w, model, refs, n);
		break;
	case CT_FINDING_UNRECEIVED:
		describe_unreceived(&w, model, refs, n);
		break;
	case CT_FINDING_UNJOINED:
		describe_unjoined(&w, model, refs, n);
		break;
	case CT_FINDING_COUNT_:
		break;
	}
	return w.len;
}
