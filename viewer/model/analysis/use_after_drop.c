/* SPDX-License-Identifier: MIT */
/*
 * use_after_drop.c - the use-after-drop analysis: an access, move, clone or
 * second drop of an object after it was dropped (the rule is in analysis.h).
 */
#include "findings.h"

#include <stdlib.h>

enum ct_model_status find_uses_after_drop(struct run *r)
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
