/* SPDX-License-Identifier: MIT */
/*
 * lost_update.c - the lost-update analysis: a write by another lane inside
 * a read-modify-write window, which the window's own write overwrote (the
 * rule is in analysis.h).
 */
#include "findings.h"

#include <stdlib.h>

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

		if (e->type == CT_EV_ACCESS && e->obj == obj && e->status == CT_ACCESS_READ &&
		    e->lane != w->lane && ct_model_event_value(r->m, e) == stored) {
			end = j;
			break;
		}
	}
	for (uint32_t j = w->start_ev + 1; j < end && st == CT_MODEL_OK; j++) {
		const struct ct_model_event *e = &r->ev[j];

		if (e->type != CT_EV_ACCESS || e->obj != obj || e->status != CT_ACCESS_WRITE ||
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

		if (e->type != CT_EV_ACCESS || e->obj != obj || e->status != CT_ACCESS_WRITE)
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

enum ct_model_status find_lost_updates(struct run *r)
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
		if (e->status == CT_ACCESS_READ) {
			/* A new read (re)starts the lane's window. */
			if (own == SIZE_MAX) {
				if (!analysis_grow((void **)&ws->w, &ws->cap, ws->n + 1,
						   sizeof(*ws->w)))
					goto nomem;
				own = ws->n++;
			}
			ws->w[own] = (struct window){ .lane = e->lane,
						      .read_ev = (uint32_t)i,
						      .start_ev = (uint32_t)i,
						      .read_val = ct_model_event_value(r->m, e),
						      .foreign = 0 };
			window_start(r, &ws->w[own]);
		} else if (e->status == CT_ACCESS_WRITE) {
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
