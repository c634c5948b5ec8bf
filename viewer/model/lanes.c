/* SPDX-License-Identifier: MIT */
/*
 * lanes.c - how every front end lists and names threads: one order (each
 * process as it appears, its main thread first, then its threads in the
 * order they were spawned) and one label (name, short id, tid), so that
 * check, stats, dump, the terminal view, the PNG and the window can be read
 * side by side.
 */
#include <stdio.h>
#include <stdlib.h>

#include "builder.h"
#include "store.h"

/* Sort keys of the lanes, for qsort. */
struct lane_key {
	uint32_t process; /* first event of the lane's process */
	uint32_t order;   /* 0 for the main thread, else 1 */
	uint32_t when;    /* its thread_spawn, else its first event */
	uint32_t lane;
};

static int key_cmp(const void *a, const void *b)
{
	const struct lane_key *x = a, *y = b;

	if (x->process != y->process)
		return x->process < y->process ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->lane < y->lane ? -1 : x->lane > y->lane;
}

/*
 * Lanes are numbered by their first event, which comes in whatever order the
 * scheduler ran the threads, so five philosophers spawned 0..4 could be
 * lanes 1, 0, 3, 2, 4. Their spawn order is the program's own, and the one
 * every front end shows.
 */
bool lanes_rank(struct ct_model *m)
{
	size_t n = m->n_lanes;
	struct lane_key *keys = calloc(n ? n : 1, sizeof(*keys));
	uint32_t *order = malloc((n ? n : 1) * sizeof(*order));

	if (!keys || !order) {
		free(keys);
		free(order);
		return false;
	}
	/* A process starts where its first lane does: sort by pid, then lane (= first event). */
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct lane_key){ .process = m->lanes[i].pid, .lane = (uint32_t)i };
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (size_t i = 0, start = 0; i < n; i++) {
		if (keys[i].process != keys[start].process)
			start = i;
		order[keys[i].lane] = keys[start].lane; /* scratch: the process's first lane */
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct lane_key){ .process = m->lanes[order[i]].first_event,
					     .order = m->lanes[i].tid != m->lanes[i].pid,
					     .when = m->lanes[i].first_event,
					     .lane = (uint32_t)i };
	for (size_t a = 0; a < m->n_arrows; a++) {
		const struct ct_model_arrow *arrow = &m->arrows[a];
		uint32_t to = m->events[arrow->to].lane;

		if (m->events[arrow->from].type == CT_EV_THREAD_SPAWN && to < n &&
		    arrow->from < keys[to].when)
			keys[to].when = arrow->from;
	}
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (size_t r = 0; r < n; r++) {
		order[r] = keys[r].lane;
		m->lanes[keys[r].lane].rank = (uint32_t)r;
	}
	free(keys);
	free(m->lane_order);
	m->lane_order = order;
	return true;
}

const uint32_t *ct_model_borrow_lane_order(const struct ct_model *m, size_t *count)
{
	*count = m->n_lanes;
	return m->lane_order;
}

const char *ct_model_lane_name(const struct ct_model *m, uint32_t lane)
{
	const char *s;

	if (lane >= m->n_lanes)
		return "?";
	s = ct_model_string(m, m->lanes[lane].name);
	return *s ? s : "thread";
}

const char *ct_model_lane_short_id(const struct ct_model *m, uint32_t lane, char *buf, size_t len)
{
	if (lane >= m->n_lanes)
		snprintf(buf, len, "T?");
	else
		snprintf(buf, len, "T%u", m->lanes[lane].rank + 1);
	return buf;
}

const char *ct_model_lane_ids(const struct ct_model *m, uint32_t lane, char *buf, size_t len)
{
	if (lane >= m->n_lanes)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "(T%u, tid %u)", m->lanes[lane].rank + 1, m->lanes[lane].tid);
	return buf;
}

const char *ct_model_lane_label(const struct ct_model *m, uint32_t lane, char *buf, size_t len)
{
	char ids[48];

	if (lane >= m->n_lanes)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%s %s", ct_model_lane_name(m, lane),
			 ct_model_lane_ids(m, lane, ids, sizeof(ids)));
	return buf;
}
