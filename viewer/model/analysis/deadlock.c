/* SPDX-License-Identifier: MIT */
/*
 * deadlock.c - the deadlock analysis: the wait-for graph of the lanes
 * blocked at the end of the trace (on mutexes, joins and channels), the
 * lanes stuck in it for good, and one finding per cycle among them (the
 * rule is in analysis.h).
 *
 * Read-write locks: a writer holds one alone, readers share it. A waiting
 * writer waits for the writer or for every reader that holds it; a waiting
 * reader for the writer that holds it, or, when readers hold it, for the
 * writers queued on it (a lock that prefers writers makes new readers wait
 * behind them). Readers that share a lock wait for nobody.
 */
#include "findings.h"

#include <stdlib.h>

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
		/* Parked lanes too: workers can deadlock while main exits. */
		if ((lane->end != CT_LANE_BLOCKED && lane->end != CT_LANE_PARKED) ||
		    lane->span_count == 0)
			continue;
		if (r->spans[lane->span_first + lane->span_count - 1].end != CT_MODEL_NONE)
			continue;
		wait_ev[l] = r->spans[lane->span_first + lane->span_count - 1].begin;
		n++;
	}
	return n;
}

/* A lane's read holds of a read-write lock at the end: how many, and its latest rwlock_lock_end. */
struct rw_hold {
	uint32_t obj;
	uint32_t lane;
	uint32_t count;
	uint32_t ev;
};

/* The entry of (OBJ, LANE) in HOLDS (N), or NULL. */
static struct rw_hold *rw_hold_find(struct rw_hold *holds, size_t n, uint32_t obj, uint32_t lane)
{
	for (size_t k = 0; k < n; k++)
		if (holds[k].obj == obj && holds[k].lane == lane)
			return &holds[k];
	return NULL;
}

/*
 * The read holds at the end of the read-write locks that blocked lanes wait
 * on (*HOLDS, NULL when there are none). CT_MODEL_NOMEM on failure.
 */
static enum ct_model_status rw_holds(const struct run *r, const uint32_t *wait_ev,
				     struct rw_hold **holds_out, size_t *n_out)
{
	enum ct_model_status status = CT_MODEL_OK;
	uint8_t *wanted = NULL;
	struct rw_hold *holds = NULL, *h;
	size_t n = 0, cap = 0;
	bool any = false;

	*holds_out = NULL;
	*n_out = 0;
	wanted = calloc(r->n_objs ? r->n_objs : 1, 1);
	if (!wanted)
		goto nomem;
	for (size_t l = 0; l < r->n_lanes; l++) {
		if (wait_ev[l] != CT_MODEL_NONE &&
		    r->ev[wait_ev[l]].type == CT_EV_RWLOCK_LOCK_BEGIN &&
		    r->ev[wait_ev[l]].obj < r->n_objs) {
			wanted[r->ev[wait_ev[l]].obj] = 1;
			any = true;
		}
	}
	for (size_t i = 0; any && i < r->n_ev; i++) {
		const struct ct_model_event *e = &r->ev[i];

		if ((e->type != CT_EV_RWLOCK_LOCK_END && e->type != CT_EV_RWLOCK_UNLOCK) ||
		    e->status != CT_ACCESS_READ || e->obj >= r->n_objs || !wanted[e->obj])
			continue;
		h = rw_hold_find(holds, n, e->obj, e->lane);
		if (e->type == CT_EV_RWLOCK_UNLOCK) {
			if (h && h->count)
				h->count--;
			continue;
		}
		if (!h) {
			if (!analysis_grow((void **)&holds, &cap, n + 1, sizeof(*holds)))
				goto nomem;
			h = &holds[n++];
			*h = (struct rw_hold){ .obj = e->obj, .lane = e->lane };
		}
		h->count++;
		h->ev = (uint32_t)i;
	}
	*holds_out = holds;
	*n_out = n;
	holds = NULL;
	goto end;
nomem:
	status = CT_MODEL_NOMEM;
end:
	free(holds);
	free(wanted);
	return status;
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
		case CT_EV_RWLOCK_LOCK_END: /* a read-write lock's writer; readers are rw_holds' */
			if (e->obj < r->n_objs && e->status == CT_ACCESS_WRITE) {
				holder[e->obj] = e->lane;
				hold_ev[e->obj] = (uint32_t)i;
			}
			break;
		case CT_EV_RWLOCK_UNLOCK:
			if (e->obj < r->n_objs && e->status == CT_ACCESS_WRITE)
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
		if (!analysis_grow((void **)&uses, &cap, n + 1, sizeof(*uses)))
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
					   size_t n_uses, const struct rw_hold *holds,
					   size_t n_holds, uint32_t *wfirst, uint32_t *wcount,
					   uint32_t **waitees_out)
{
	uint32_t *waitees = NULL;
	size_t n = 0, cap = 0;

#define WAITEE_ADD(lane_)                                                                          \
	do {                                                                                       \
		if (!analysis_grow((void **)&waitees, &cap, n + 1, sizeof(*waitees)))              \
			goto nomem;                                                                \
		waitees[n++] = (lane_);                                                            \
	} while (0)

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
			if (!analysis_grow((void **)&waitees, &cap, n + 1, sizeof(*waitees)))
				goto nomem;
			waitees[n++] = holder[e->obj];
		} else if (e->type == CT_EV_RWLOCK_LOCK_BEGIN) {
			if (holder[e->obj] != CT_MODEL_NONE) {
				WAITEE_ADD(holder[e->obj]);
			} else if (e->status == CT_ACCESS_WRITE) {
				for (size_t k = 0; k < n_holds; k++)
					if (holds[k].obj == e->obj && holds[k].count &&
					    holds[k].lane != l)
						WAITEE_ADD(holds[k].lane);
			} else {
				/* A reader kept out by readers waits behind the queued writers. */
				for (size_t q = 0; q < r->n_lanes; q++) {
					const struct ct_model_event *w;

					if (q == l || wait_ev[q] == CT_MODEL_NONE)
						continue;
					w = &r->ev[wait_ev[q]];
					if (w->type == CT_EV_RWLOCK_LOCK_BEGIN &&
					    w->obj == e->obj && w->status == CT_ACCESS_WRITE)
						WAITEE_ADD((uint32_t)q);
				}
			}
		} else if (e->type == CT_EV_JOIN_BEGIN) {
			uint32_t t = r->objs[e->obj].lane;

			if (t == CT_MODEL_NONE || r->lanes[t].end == CT_LANE_ENDED)
				continue;
			if (!analysis_grow((void **)&waitees, &cap, n + 1, sizeof(*waitees)))
				goto nomem;
			waitees[n++] = t;
		} else if (e->type == CT_EV_CHAN_RECV_BEGIN || e->type == CT_EV_CHAN_SEND_BEGIN) {
			/* A receiver waits for the channel's senders, a sender for its receivers. */
			uint32_t dir = e->type == CT_EV_CHAN_RECV_BEGIN ? 0 : 1;

			for (size_t k = chan_use_find(uses, n_uses, e->obj, dir);
			     k < n_uses && uses[k].chan == e->obj && uses[k].dir == dir; k++) {
				if (r->lanes[uses[k].lane].end == CT_LANE_ENDED)
					continue;
				if (!analysis_grow((void **)&waitees, &cap, n + 1,
						   sizeof(*waitees)))
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
#undef WAITEE_ADD
}

/* One finding for the cycle CYC (N lanes, wait-for order) and the lanes STUCK behind it. */
static enum ct_model_status deadlock_finding(struct run *r, const uint32_t *cyc, size_t n,
					     const uint32_t *wait_ev, const uint32_t *hold_ev,
					     struct rw_hold *holds, size_t n_holds,
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
		if (st == CT_MODEL_OK && e->type == CT_EV_RWLOCK_LOCK_BEGIN) {
			/* The writer that holds it, or the next lane of the cycle as its reader. */
			const struct rw_hold *h =
				rw_hold_find(holds, n_holds, e->obj, cyc[(k + 1) % n]);

			if (hold_ev[e->obj] != CT_MODEL_NONE)
				st = ref_add(r, hold_ev[e->obj], e->obj, CT_ROLE_HOLD);
			else if (h && h->count)
				st = ref_add(r, h->ev, e->obj, CT_ROLE_HOLD);
		}
	}
	for (size_t l = 0; l < r->n_lanes && st == CT_MODEL_OK; l++)
		if (reach[l] == id && !in_cycle[l])
			st = ref_add(r, wait_ev[l], r->ev[wait_ev[l]].obj, CT_ROLE_STUCK);
	return st;
}

enum ct_model_status find_deadlocks(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	size_t nl = r->n_lanes, no = r->n_objs ? r->n_objs : 1, n_uses = 0, n_cycles = 0;
	uint32_t *wait_ev = NULL, *holder = NULL, *hold_ev = NULL, *waitees = NULL;
	uint32_t *wfirst = NULL, *wcount = NULL, *reach = NULL, *path = NULL, *pos = NULL;
	uint8_t *stuck = NULL, *state = NULL, *in_cycle = NULL;
	struct chan_use *uses = NULL;
	struct rw_hold *holds = NULL;
	size_t n_holds = 0;
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
	st = rw_holds(r, wait_ev, &holds, &n_holds);
	if (st != CT_MODEL_OK)
		goto end;
	st = wait_for_graph(r, wait_ev, holder, uses, n_uses, holds, n_holds, wfirst, wcount,
			    &waitees);
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
		st = deadlock_finding(r, path, n, wait_ev, hold_ev, holds, n_holds, reach, id,
				      in_cycle);
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
	free(holds);
	return st;
}
