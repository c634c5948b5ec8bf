/* SPDX-License-Identifier: MIT */
/*
 * unjoined.c - the analysis of threads never joined: spawned, and neither
 * joined, detached (nobody was meant to join them) nor part of a deadlock's
 * story (the rule is in analysis.h).
 */
#include "findings.h"

#include <stdlib.h>

/* Whether a lane ended still in a wait (blocked, or parked when its process exited). */
static bool still_waiting(uint8_t end)
{
	return end == CT_LANE_BLOCKED || end == CT_LANE_PARKED;
}

enum ct_model_status find_unjoined(struct run *r)
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
		else if (e->type == CT_EV_JOIN_END || e->type == CT_EV_THREAD_DETACH)
			joined[e->obj] = 1;
	}
	for (size_t o = 0; o < r->n_objs && st == CT_MODEL_OK; o++) {
		uint32_t child = r->objs[o].lane, at;

		if (spawn_ev[o] == CT_MODEL_NONE || joined[o])
			continue;
		/* Blocked threads, and threads of a blocked spawner, belong to a deadlock's story. */
		if (child != CT_MODEL_NONE && still_waiting(r->lanes[child].end))
			continue;
		if (still_waiting(r->lanes[r->ev[spawn_ev[o]].lane].end))
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
