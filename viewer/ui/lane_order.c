/* SPDX-License-Identifier: MIT */
/*
 * lane_order.c - the row each lane is drawn in and the name it shows: the
 * model's order and names, which every front end shares.
 */
#include <stdio.h>

#include "lane_order.h"
#include "view_state.h"

/* The model decides the order every front end shows (ct_model_borrow_lane_order). */
bool ui_lane_order(struct ct_ui_view *v)
{
	size_t n;
	const uint32_t *order = ct_model_borrow_lane_order(v->model, &n);

	for (size_t r = 0; r < n; r++) {
		v->lane_at[r] = order[r];
		v->row_of[order[r]] = (uint32_t)r;
	}
	return true;
}

const char *ui_lane_name(const struct ct_ui_view *v, uint32_t lane)
{
	return ct_model_lane_name(v->model, lane);
}

void ui_lane_detail(const struct ct_ui_view *v, uint32_t lane, char *buf, size_t len)
{
	size_t n;
	const struct ct_model_lane *ln = &ct_model_borrow_lanes(v->model, &n)[lane];

	snprintf(buf, len, "T%u · tid %u%s", ln->rank + 1, ln->tid,
		 ln->end == CT_LANE_KILLED    ? " · killed"
		 : ln->end == CT_LANE_BLOCKED ? " · blocked"
					      : "");
}
