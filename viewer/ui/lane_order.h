/* SPDX-License-Identifier: MIT */
/*
 * lane_order.h - private to viewer/ui: the row each lane is drawn in and the
 * name it shows. Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_LANE_ORDER_H
#define CTRACE_UI_LANE_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view_state.h"

/* The row lane LANE is drawn in: its rank in the order every front end shows. */
static inline int ui_lane_row(const struct ct_ui_view *v, uint32_t lane)
{
	size_t n;

	return (int)ct_model_borrow_lanes(v->model, &n)[lane].rank;
}

/* The lane's display name ("producer-1"), never NULL. */
const char *ui_lane_name(const struct ct_ui_view *v, uint32_t lane);

/*
 * The line under a lane's name: its short id and tid as every front end
 * writes them, and how it ended when that is not plainly ("T3 · tid 23082 ·
 * killed").
 */
void ui_lane_detail(const struct ct_ui_view *v, uint32_t lane, char *buf, size_t len);

#endif /* CTRACE_UI_LANE_ORDER_H */
