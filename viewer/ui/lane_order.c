/* SPDX-License-Identifier: MIT */
/*
 * lane_order.c - the row each lane is drawn in and the name it shows: the
 * model's order and names, which every front end shares.
 */
#include <stdio.h>

#include "lane_order.h"
#include "view_state.h"
#include "i18n.h"

const char *ui_lane_name(const struct ct_ui_view *v, uint32_t lane)
{
	return ct_model_lane_name(v->model, lane);
}

void ui_lane_detail(const struct ct_ui_view *v, uint32_t lane, char *buf, size_t len)
{
	size_t n;
	const struct ct_model_lane *ln = &ct_model_borrow_lanes(v->model, &n)[lane];
	char status[48] = "";

	/* A process a traced parent reaped: how it ended, as the wait said ("exit 7"). */
	if (ln->reaped)
		ct_model_wait_status_phrase(ln->wait_status, status, sizeof(status));
	snprintf(buf, len, "T%u · tid %u%s%s%s", ln->rank + 1, ln->tid,
		 ln->end == CT_LANE_KILLED && !ln->reaped ? _(" · killed")
		 : ln->end == CT_LANE_BLOCKED             ? _(" · blocked")
		 : ln->end == CT_LANE_PARKED              ? _(" · parked at exit")
							  : "",
		 *status ? " · " : "", status);
}
