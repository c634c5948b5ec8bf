/* SPDX-License-Identifier: MIT */
/*
 * lane_order.c - how the picture lists and names threads: the row each lane
 * is drawn in (processes as they appear, each main thread first, then its
 * threads in the order they were spawned) and the name each row shows.
 */
#include <stdlib.h>

#include "lane_order.h"
#include "view_state.h"

/* Sort keys of the lanes (see struct ct_ui_view's rows), for qsort. */
struct row_key {
	uint32_t process; /* first event of the lane's process */
	uint32_t order;   /* 0 for the main thread, else 1 */
	uint32_t when;    /* its thread_spawn, else its first event */
	uint32_t lane;
};

static int row_cmp(const void *a, const void *b)
{
	const struct row_key *x = a, *y = b;

	if (x->process != y->process)
		return x->process < y->process ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->lane < y->lane ? -1 : x->lane > y->lane;
}

/*
 * Orders the rows: threads are numbered by their first event, which comes
 * in whatever order the scheduler ran them, so five philosophers spawned
 * 0..4 could show as 1, 0, 3, 2, 4. Their spawn order is the program's own.
 * False when out of memory.
 */
bool ui_lane_order(struct ct_ui_view *v)
{
	size_t n, n_arrows, n_events;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(v->model, &n_arrows);
	const struct ct_model_event *ev = ct_model_borrow_events(v->model, &n_events);
	struct row_key *keys = calloc(n ? n : 1, sizeof(*keys));

	if (!keys)
		return false;
	/* A process starts where its first lane does: sort by pid, then lane (= first event). */
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct row_key){ .process = lanes[i].pid, .lane = (uint32_t)i };
	qsort(keys, n, sizeof(*keys), row_cmp);
	for (size_t i = 0, start = 0; i < n; i++) {
		if (keys[i].process != keys[start].process)
			start = i;
		v->row_of[keys[i].lane] = keys[start].lane; /* scratch: the process's first lane */
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct row_key){ .process = lanes[v->row_of[i]].first_event,
					    .order = lanes[i].tid != lanes[i].pid,
					    .when = lanes[i].first_event,
					    .lane = (uint32_t)i };
	for (size_t a = 0; a < n_arrows; a++) {
		uint32_t to = ev[arrows[a].to].lane;

		if (ct_model_arrow_kind(v->model, &arrows[a]) == CT_ARROW_SPAWN && to < n &&
		    arrows[a].from < keys[to].when)
			keys[to].when = arrows[a].from;
	}
	qsort(keys, n, sizeof(*keys), row_cmp);
	for (size_t r = 0; r < n; r++) {
		v->lane_at[r] = keys[r].lane;
		v->row_of[keys[r].lane] = (uint32_t)r;
	}
	free(keys);
	return true;
}

const char *ui_lane_name(const struct ct_ui_view *v, uint32_t lane)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n);
	const char *s;

	if (lane >= n)
		return "?";
	s = ct_model_string(v->model, lanes[lane].name);
	return *s ? s : "thread";
}
