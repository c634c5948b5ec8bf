/* SPDX-License-Identifier: MIT */
/*
 * arrows.c - the causal edges between lanes: spawn, join, message, lock
 * hand-off and wake-up arrows, a message's label beside its arrow, and the
 * selected arrow over the rest.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "axis.h"
#include "gfx.h"
#include "lane_order.h"
#include "layers.h"
#include "layout.h"
#include "palette.h"
#include "text.h"
#include "view_state.h"

/* Whether RC overlaps the bar of a lane from A to B other than A (the arrow's source). */
static bool on_other_bar(const struct ct_ui_view *v, const SDL_Rect *rc, uint32_t a, uint32_t b)
{
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;

	for (uint32_t lane = lo; lane <= hi; lane++) {
		SDL_Rect bar;

		if (lane != a && ct_ui_view_lane_bar(v, lane, &bar) &&
		    SDL_HasIntersection(rc, &bar))
			return true;
	}
	return false;
}

static void draw_arrow(struct ui_gfx *c, const struct ct_model_arrow *a, uint32_t index, bool dim)
{
	struct ct_ui_view *v = c->v;
	const struct ct_model *m = v->model;
	size_t n_events;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const struct ct_model_event *ef = &events[a->from], *et = &events[a->to];
	enum ct_arrow_kind kind = ct_model_arrow_kind(m, a);
	uint32_t rgb = ui_palette_arrow[kind];
	bool sel = index == v->sel_arrow;
	double ax = ct_ui_view_time_x(v, ui_pos(v, a->from));
	double bx = ct_ui_view_time_x(v, ui_pos(v, a->to));
	SDL_Rect fb, tb;
	bool fv = ct_ui_view_lane_bar(v, ef->lane, &fb), tv = ct_ui_view_lane_bar(v, et->lane, &tb);
	double ay = ui_lane_mid(v, ef->lane), by = ui_lane_mid(v, et->lane);
	double head = 7 * c->s, dx, dy, len;
	int thick = sel ? 3 : kind == CT_ARROW_MESSAGE || kind == CT_ARROW_HANDOFF ? 2 : 1;
	Uint8 alpha = dim ? 60 : kind == CT_ARROW_SPAWN || kind == CT_ARROW_JOIN ? 150 : 255;

	if (!fv && !tv)
		return;
	/* From the source bar's middle to the edge of the target bar that faces it. */
	if (tv && ef->lane != et->lane)
		by = ui_lane_row(v, et->lane) > ui_lane_row(v, ef->lane) ? tb.y : tb.y + tb.h;
	if (ef->lane == et->lane && tv) {
		/* Same lane: a hop above the bar. */
		double top = tb.y - 8 * c->s;

		gfx_line(c, ax, tb.y, ax, top, thick, ui_palette_dash[kind], rgb, alpha);
		gfx_line(c, ax, top, bx, top, thick, ui_palette_dash[kind], rgb, alpha);
		ay = top;
		by = tb.y;
		ax = bx;
	}
	gfx_line(c, ax, ay, bx, by, thick, ui_palette_dash[kind], rgb, alpha);
	dx = bx - ax;
	dy = by - ay;
	len = sqrt(dx * dx + dy * dy);
	if (len > 1 && tv) {
		double ux = dx / len, uy = dy / len, hw = head * 0.45;

		gfx_triangle(c, (float)bx, (float)by, (float)(bx - ux * head - uy * hw),
			     (float)(by - uy * head + ux * hw), (float)(bx - ux * head + uy * hw),
			     (float)(by - uy * head - ux * hw), rgb, alpha);
	}
	if (sel) {
		int k = (int)(4 * c->s);

		gfx_fill(c, gfx_px(ax) - k, gfx_px(fv ? (double)ui_lane_mid(v, ef->lane) : ay) - k,
			 2 * k, 2 * k, C_SELECT);
		gfx_fill(c, gfx_px(bx) - k, gfx_px(by) - k, 2 * k, 2 * k, C_SELECT);
	}
	/*
	 * A message's label next to the arrow's middle, when it fits: a
	 * channel message's own label, a queue message's size.
	 */
	if (kind == CT_ARROW_MESSAGE && !dim &&
	    (ef->type == CT_EV_CHAN_SEND_END || ef->type == CT_EV_MQ_SEND) &&
	    ef->arg != CT_MODEL_NONE) {
		char size[32];
		const char *label = size;
		bool printable;

		if (ef->type == CT_EV_MQ_SEND)
			snprintf(size, sizeof(size), "%lld B",
				 (long long)ct_model_event_value(m, ef));
		else
			label = ct_model_string(m, ct_model_message_label(m, ef->arg));
		printable = *label != '\0';

		for (const unsigned char *p = (const unsigned char *)label; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				printable = false;
		if (printable && strlen(label) <= 40) {
			int w = gfx_text_w(c, UI_FONT_SMALL, label),
			    h = gfx_line_h(c, UI_FONT_SMALL);
			int pad = (int)(3 * c->s);
			/*
			 * Where along the arrow: first just outside the sender's bar,
			 * in the gap toward the receiver, so the label reads as the
			 * sender's; then further along. Never on another lane's bar,
			 * where it would seem to be that lane's.
			 */
			double fr[] = { -1, 0.5, 0.3, 0.7, 0.15, 0.85 };

			if (fv && tv && ef->lane != et->lane && fabs(by - ay) > 1) {
				double gy = ui_lane_row(v, et->lane) < ui_lane_row(v, ef->lane)
						    ? fb.y - 2 * c->s - h / 2.0
						    : fb.y + fb.h + 2 * c->s + h / 2.0;

				fr[0] = (gy - ay) / (by - ay);
			}
			for (size_t i = 0; i < sizeof(fr) / sizeof(fr[0]); i++) {
				int cx = gfx_px(ax + (bx - ax) * fr[i]) + (int)(5 * c->s);
				int cy = gfx_px(ay + (by - ay) * fr[i]) - h / 2;
				SDL_Rect rc = { cx - pad, cy, w + 2 * pad, h };

				if (fr[i] < 0 || fr[i] > 1 ||
				    on_other_bar(v, &rc, ef->lane, et->lane))
					continue;
				if (gfx_place(c, rc)) {
					gfx_fill_a(c, rc.x, rc.y, rc.w, rc.h, 0xFFFFFF, 225);
					gfx_color(c, rgb, 255);
					gfx_check(c, SDL_RenderDrawRect(c->r, &rc));
					gfx_text(c, UI_FONT_SMALL, label, rgb, cx, cy, UI_LEFT);
					break;
				}
			}
		}
	}
}

/* Draws visible arrows; when there are too many to tell apart, one per few pixel columns. */
void ui_draw_arrows(struct ui_gfx *c, double vis_end)
{
	struct ct_ui_view *v = c->v;
	size_t n_arrows, first, last;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(v->model, &n_arrows);
	double t0 = fmax(0, v->t0), t1 = fmin(vis_end, v->t0 + v->span);
	bool any_sel = v->sel_arrow != CT_MODEL_NONE;

	if (t1 < t0 || n_arrows == 0)
		return;
	ui_arrows_in(v, t0, t1, &first, &last);
	if (last - first <= 3000) {
		for (size_t k = first; k < last; k++) {
			uint32_t i = ui_arrow_at(v, k);
			const struct ct_model_arrow *a = &arrows[i];

			if (ui_pos(v, a->to) < t0 || ui_pos(v, a->from) > t1)
				continue;
			if (i != v->sel_arrow)
				draw_arrow(c, a, i, any_sel);
		}
	} else {
		/* Arrows are sorted by source: find the first that starts in each column. */
		size_t k = first;
		int step = (int)(6 * c->s);

		for (int x = v->lay.plot.x; x < v->lay.plot.x + v->lay.plot.w && k < last;
		     x += step) {
			size_t lo = ui_arrows_from(v, k, last, fmax(0, ui_x_to_time(v, x)));
			uint32_t i;

			if (lo >= last)
				break;
			i = ui_arrow_at(v, lo);
			if (ui_pos(v, arrows[i].from) < ui_x_to_time(v, x + step)) {
				draw_arrow(c, &arrows[i], i, any_sel);
				k = lo + 1;
			} else {
				k = lo;
			}
		}
	}
	if (any_sel && v->sel_arrow < n_arrows)
		draw_arrow(c, &arrows[v->sel_arrow], v->sel_arrow, false);
}
