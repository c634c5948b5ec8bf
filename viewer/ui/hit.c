/* SPDX-License-Identifier: MIT */
/*
 * hit.c - what is under the mouse: a finding's marker first, then an arrow,
 * a marker, an event, a span, or the lane itself.
 */
#include <math.h>

#include "axis.h"
#include "findings.h"
#include "hit.h"
#include "layout.h"
#include "view_state.h"

/* Distance from (px, py) to the segment (ax, ay)-(bx, by). */
static double seg_dist(double px, double py, double ax, double ay, double bx, double by)
{
	double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0;

	if (l2 > 0)
		t = fmax(0, fmin(1, ((px - ax) * dx + (py - ay) * dy) / l2));
	dx = ax + t * dx - px;
	dy = ay + t * dy - py;
	return sqrt(dx * dx + dy * dy);
}

void ui_hit_test(struct ct_ui_view *v, int x, int y, struct ui_hit *hit)
{
	const struct ct_model *m = v->model;
	size_t n_events, n_arrows;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	const uint32_t *markers;
	const SDL_Rect *p = &v->lay.plot;
	double tol = 5 * v->lay.scale, best = tol;
	uint32_t lane = ui_lane_at(v, y);
	double tx = ui_x_to_time(v, x), tpx = v->span / p->w;
	size_t first, last, count;

	hit->kind = UI_HIT_NONE;
	hit->lane = lane;
	if (lane == CT_MODEL_NONE || y >= p->y + p->h)
		return;
	if (x < p->x) {
		hit->kind = UI_HIT_LANE;
		return;
	}
	if (x >= p->x + p->w)
		return;
	if (v->head_on && tx > v->head)
		return; /* the future is not shown, so there is nothing to hover */
	/* A finding's red marker comes first: it is what a new user should find. */
	{
		uint32_t f = ui_finding_hit(v, x, lane, tol);

		if (f != CT_MODEL_NONE) {
			hit->kind = UI_HIT_FINDING;
			hit->index = f;
			return;
		}
	}
	/* Arrows, when few enough are visible to be told apart. */
	ui_arrows_in(v, fmax(0, v->t0), fmax(0, v->t0 + v->span), &first, &last);
	if (last - first <= 4000) {
		for (size_t k = first; k < last; k++) {
			uint32_t i = ui_arrow_at(v, k);
			const struct ct_model_arrow *a = &arrows[i];
			double ax = ct_ui_view_time_x(v, ui_pos(v, a->from));
			double bx = ct_ui_view_time_x(v, ui_pos(v, a->to));
			double d = seg_dist(x, y, ax, ui_lane_mid(v, events[a->from].lane), bx,
					    ui_lane_mid(v, events[a->to].lane));

			if (d < best) {
				best = d;
				hit->kind = UI_HIT_ARROW;
				hit->index = i;
			}
		}
		if (hit->kind == UI_HIT_ARROW)
			return;
	}
	/* Markers and events on this lane within a few pixels. */
	markers =
		ui_markers_in(v, fmax(0, tx - tol * tpx), fmax(0, tx + tol * tpx), &first, &count);
	for (size_t i = first; i < first + count; i++) {
		const struct ct_model_event *ev = &events[markers[i]];

		if (ev->lane == lane) {
			hit->kind = UI_HIT_MARKER;
			hit->index = markers[i];
			return;
		}
	}
	if (v->order) {
		/* A lane's own events, in increasing columns: the nearest one. */
		uint32_t e = ui_lane_event_near(v, lane, tx);
		double ex = e == CT_MODEL_NONE ? INFINITY : ct_ui_view_time_x(v, ui_pos(v, e));

		if (fabs(ex - x) < best) {
			hit->kind = UI_HIT_EVENT;
			hit->index = e;
			return;
		}
	}
	first = v->order ? n_events : ct_model_event_at(m, (uint64_t)fmax(0, tx - tol * tpx));
	for (size_t i = first, k = 0; i < n_events && k < 512; i++, k++) {
		double ex = ct_ui_view_time_x(v, (double)ct_model_event_time(&events[i]));

		if (ex > x + tol)
			break;
		if (events[i].lane == lane && fabs(ex - x) < best) {
			best = fabs(ex - x);
			hit->kind = UI_HIT_EVENT;
			hit->index = (uint32_t)i;
		}
	}
	if (hit->kind == UI_HIT_EVENT)
		return;
	count = ui_lane_spans_in(v, lane, fmax(0, tx), fmax(0, tx), &first);
	if (count > 0) {
		hit->kind = UI_HIT_SPAN;
		hit->index = (uint32_t)first;
		return;
	}
	hit->kind = UI_HIT_LANE;
}
