/* SPDX-License-Identifier: MIT */
/*
 * lanes.c - the lanes: their rows and names, their state bars (each span when
 * zoomed in, per-pixel summaries when zoomed out) and lives, the markers on
 * them (prints, marks, moves, reference counts, drops), and the shade right
 * of the play head.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "axis.h"
#include "gfx.h"
#include "lane_order.h"
#include "layers.h"
#include "layout.h"
#include "palette.h"
#include "summary.h"
#include "text.h"
#include "view_state.h"

static void rect_add(struct ui_gfx *c, int color_i, int x, int y, int w, int h)
{
	struct ct_ui_view *v = c->v;

	if (v->rects_n[color_i] == v->rects_cap) {
		int cap = v->rects_cap ? v->rects_cap * 2 : 1024;

		for (int i = 0; i <= CT_STATE_COUNT_; i++) {
			SDL_Rect *p = realloc(v->rects[i], (size_t)cap * sizeof(*p));

			if (!p) {
				c->failed = 1;
				SDL_SetError("out of memory");
				return;
			}
			v->rects[i] = p;
		}
		v->rects_cap = cap;
	}
	v->rects[color_i][v->rects_n[color_i]++] = (SDL_Rect){ x, y, w, h };
}

static void rects_flush(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;

	for (int i = 0; i < CT_STATE_COUNT_; i++) {
		if (v->rects_n[i] == 0)
			continue;
		gfx_color(c, ui_palette_state[i], 255);
		gfx_check(c, SDL_RenderFillRects(c->r, v->rects[i], v->rects_n[i]));
		v->rects_n[i] = 0;
	}
}

/*
 * The order axis, zoomed out: the state at the middle of each pixel column,
 * found among the spans in sight ([FIRST, FIRST + COUNT)), runs of one
 * state merged. The summaries are of time, so they cannot serve here; this
 * costs a short search per pixel instead of a scan of the spans.
 */
static void draw_lane_sampled(struct ui_gfx *c, const SDL_Rect *bar, int x0, double b, size_t first,
			      size_t count)
{
	struct ct_ui_view *v = c->v;
	size_t n;
	const struct ct_model_span *spans = ct_model_borrow_spans(v->model, &n);
	int run_x = 0, run_s = CT_STATE_COUNT_;
	int cx0 = x0 > bar->x ? x0 : bar->x;
	int cx1 = gfx_px(ct_ui_view_time_x(v, b)) + 1;

	if (cx1 > bar->x + bar->w)
		cx1 = bar->x + bar->w;
	size_t at = first, end = first + count;

	for (int x = cx0; x <= cx1; x++) {
		int st = CT_STATE_COUNT_;

		if (x < cx1) {
			double p = ui_x_to_time(v, x + 0.5);
			size_t lo = at, hi, step = 1;

			/*
			 * The first span ending after P. P grows with x, so it is
			 * found by galloping on from the last one: a few probes near
			 * it rather than a binary search over the whole lane, whose
			 * probes would each miss the cache.
			 */
			while (lo + step < end && ui_span_pos1(v, &spans[lo + step]) <= p) {
				lo += step;
				step *= 2;
			}
			hi = lo + step < end ? lo + step : end;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (ui_span_pos1(v, &spans[mid]) <= p)
					lo = mid + 1;
				else
					hi = mid;
			}
			at = lo;
			st = lo < end && ui_span_pos0(v, &spans[lo]) <= p
				     ? (int)ct_model_span_state(v->model, &spans[lo])
				     : CT_STATE_RUNNING;
		}
		if (st != run_s) {
			if (run_s < CT_STATE_COUNT_)
				rect_add(c, run_s, run_x, bar->y, x - run_x, bar->h);
			run_s = st;
			run_x = x;
		}
	}
}

static void draw_lane_states(struct ui_gfx *c, uint32_t lane, const SDL_Rect *bar, double vis_end)
{
	struct ct_ui_view *v = c->v;
	const struct ct_model *m = v->model;
	size_t n_spans, first, count;
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_lane *l = &ct_model_borrow_lanes(m, &n_spans)[lane];
	double a, b, t0 = fmax(0, v->t0), t1 = fmin(vis_end, v->t0 + v->span);
	int x0, x1;

	ui_lane_life(v, lane, &a, &b);
	x0 = gfx_px(ct_ui_view_time_x(v, a));
	x1 = gfx_px(ct_ui_view_time_x(v, b));
	/* Before and after the life: a dotted line, then "ended" or "killed". */
	{
		int my = bar->y + bar->h / 2;
		int left = bar->x, right = gfx_px(ct_ui_view_time_x(v, fmin(vis_end, v->end)));
		int zero = gfx_px(ct_ui_view_time_x(v, 0));

		if (zero > left)
			left = zero;
		if (x0 > left)
			gfx_line(c, left, my, fmin(x0, bar->x + bar->w), my, 1, UI_DASH_DOT,
				 C_NOT_STARTED, 255);
		if (x1 < right && vis_end > b) {
			bool killed = l->end == CT_LANE_KILLED;

			gfx_line(c, fmax(x1, left), my, right, my, killed ? 2 : 1,
				 killed ? UI_DASH_LONG : UI_DASH_SOLID, killed ? C_KILLED : C_ENDED,
				 255);
		}
		if (l->end == CT_LANE_KILLED && b <= vis_end && x1 >= left &&
		    x1 <= bar->x + bar->w) {
			int k = bar->h / 2 + 1;

			gfx_line(c, x1 - k, my - k, x1 + k, my + k, 2, UI_DASH_SOLID, C_KILLED,
				 255);
			gfx_line(c, x1 - k, my + k, x1 + k, my - k, 2, UI_DASH_SOLID, C_KILLED,
				 255);
		}
	}
	if (b < t0 || a > t1)
		return;
	count = ui_lane_spans_in(v, lane, t0, fmax(t0, t1), &first);
	if (count <= (size_t)bar->w / 2) {
		/* Few spans: each one exactly, on a running bar over the life. */
		int rx0 = x0 < bar->x ? bar->x : x0,
		    rx1 = x1 > bar->x + bar->w ? bar->x + bar->w : x1;

		rect_add(c, CT_STATE_RUNNING, rx0, bar->y, rx1 - rx0 > 0 ? rx1 - rx0 : 1, bar->h);
		for (size_t i = first; i < first + count; i++) {
			const struct ct_model_span *sp = &spans[i];
			int sx0 = gfx_px(ct_ui_view_time_x(v, ui_span_pos0(v, sp)));
			int sx1 = gfx_px(ct_ui_view_time_x(v, ui_span_pos1(v, sp)));

			if (sx0 < bar->x - 1)
				sx0 = bar->x - 1;
			if (sx1 > bar->x + bar->w + 1)
				sx1 = bar->x + bar->w + 1;
			rect_add(c, ct_model_span_state(m, sp), sx0, bar->y,
				 sx1 - sx0 > 0 ? sx1 - sx0 : 1, bar->h);
		}
		return;
	}
	if (v->order) {
		draw_lane_sampled(c, bar, x0, fmin(b, t1), first, count);
		return;
	}
	/* Many spans: one summary lookup per pixel column, runs of one state merged. */
	if (!v->summaries[lane].built && ui_summary_build(v, lane) != CT_UI_OK) {
		SDL_SetError("out of memory");
		c->failed = 1;
		return;
	}
	{
		double tpx = v->span / v->lay.plot.w;
		int run_x = 0, run_s = CT_STATE_COUNT_;
		int cx0 = x0 > bar->x ? x0 : bar->x;
		int cx1 = gfx_px(ct_ui_view_time_x(v, fmin(b, t1))) + 1;

		if (cx1 > bar->x + bar->w)
			cx1 = bar->x + bar->w;
		for (int x = cx0; x <= cx1; x++) {
			int st = x < cx1 ? ui_summary_state(&v->summaries[lane], ui_x_to_time(v, x),
							    ui_x_to_time(v, x) + tpx)
					 : CT_STATE_COUNT_;

			if (st != run_s) {
				if (run_s < CT_STATE_COUNT_)
					rect_add(c, run_s, run_x, bar->y, x - run_x, bar->h);
				run_s = st;
				run_x = x;
			}
		}
	}
}

void ui_draw_states(struct ui_gfx *c, double vis_end)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;

	for (int i = 0; i < l->visible_lanes; i++) {
		SDL_Rect bar;

		if (ct_ui_view_lane_bar(v, v->lane_at[l->first_lane + i], &bar))
			draw_lane_states(c, v->lane_at[l->first_lane + i], &bar, vis_end);
	}
	rects_flush(c);
}

void ui_draw_markers(struct ui_gfx *c, double vis_end)
{
	struct ct_ui_view *v = c->v;
	const struct ct_model *m = v->model;
	size_t n_events, first, count;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const uint32_t *markers;
	double t0 = fmax(0, v->t0), t1 = fmin(vis_end, v->t0 + v->span);
	bool thin;
	bool inline_text = v->lay.lane_h >= (int)(30 * c->s);
	int last_x = -1;

	if (t1 < t0)
		return;
	markers = ui_markers_in(v, t0, t1, &first, &count);
	thin = count > (size_t)v->lay.plot.w * 2;
	for (size_t i = first; i < first + count;) {
		const struct ct_model_event *ev = &events[markers[i]];
		int x = gfx_px(ct_ui_view_time_x(v, ui_pos(v, markers[i])));
		SDL_Rect bar;
		int top;

		if (thin && x == last_x) {
			/* Jump to the first marker of the next pixel column. */
			size_t j = ui_markers_from(v, markers, i + 1, first + count,
						   ui_x_to_time(v, x + 1));

			i = j > i ? j : i + 1;
			continue;
		}
		last_x = x;
		i++;
		if (!ct_ui_view_lane_bar(v, ev->lane, &bar))
			continue;
		top = bar.y - (int)(2 * c->s);
		switch ((enum ct_event_type)ev->type) {
		case CT_EV_PRINT:
		case CT_EV_MARK: {
			int k = (int)(4 * c->s);
			uint32_t rgb = ev->type == CT_EV_PRINT ? C_MARKER : C_SELECT;

			gfx_triangle(c, x - k, top - k - 1, x + k + 1, top - k - 1, x + 0.5f, top,
				     rgb, 255);
			if (inline_text && !thin) {
				const char *s = ct_model_string(m, ev->arg);
				int w = gfx_text_w(c, UI_FONT_SMALL, s),
				    h = gfx_line_h(c, UI_FONT_SMALL);
				SDL_Rect rc = { x + k + 2, top - k - h + (int)(3 * c->s),
						w + (int)(12 * c->s), h };

				if (rc.x + rc.w < bar.x + bar.w && gfx_place(c, rc))
					gfx_text(c, UI_FONT_SMALL, s, C_TEXT, rc.x, rc.y, UI_LEFT);
			}
			break;
		}
		case CT_EV_MOVE: {
			int k = (int)(5 * c->s);

			gfx_triangle(c, x - k, top - k, x, top - 2 * k, x + k, top - k, C_MOVE,
				     255);
			gfx_triangle(c, x - k, top - k, x, top, x + k, top - k, C_MOVE, 255);
			break;
		}
		case CT_EV_ARC_NEW:
		case CT_EV_ARC_CLONE:
		case CT_EV_ARC_DROP: {
			char s[32];
			int h = gfx_line_h(c, UI_FONT_SMALL);

			gfx_fill(c, x, bar.y - (int)(6 * c->s), 2, (int)(6 * c->s), C_ARC);
			if (inline_text && !thin) {
				snprintf(s, sizeof(s), "%lld",
					 (long long)ct_model_event_value(m, ev));
				SDL_Rect rc = { x - gfx_text_w(c, UI_FONT_SMALL, s) / 2,
						bar.y - h - (int)(5 * c->s),
						gfx_text_w(c, UI_FONT_SMALL, s), h };

				if (gfx_place(c, rc))
					gfx_text(c, UI_FONT_SMALL, s, C_ARC, rc.x, rc.y, UI_LEFT);
			}
			break;
		}
		case CT_EV_OBJ_DROP:
		case CT_EV_CHAN_SENDER_DROP:
		case CT_EV_CHAN_RECEIVER_DROP: {
			/* A drop that a use after drop refers to is drawn red and bolder. */
			uint32_t fi = ct_analysis_event_finding(v->analysis, markers[i - 1]);
			size_t n_f;
			const struct ct_finding *fs =
				ct_analysis_borrow_findings(v->analysis, &n_f);
			bool bad = fi < n_f && (double)fs[fi].time <= vis_end;
			int k = (int)((bad ? 4 : 3) * c->s);
			uint32_t rgb = bad ? C_FINDING : C_TEXT_DIM;

			gfx_line(c, x - k, top - 2 * k, x + k, top, bad ? 2 : 1, UI_DASH_SOLID, rgb,
				 255);
			gfx_line(c, x - k, top, x + k, top - 2 * k, bad ? 2 : 1, UI_DASH_SOLID, rgb,
				 255);
			break;
		}
		default:
			gfx_fill(c, x, top - (int)(5 * c->s), 1, (int)(5 * c->s), C_TEXT_DIM);
			break;
		}
	}
}

void ui_draw_lanes(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	size_t n_lanes;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n_lanes);
	int margin = (int)(16 * c->s);

	/* Rows and labels. */
	for (int i = 0; i < l->visible_lanes; i++) {
		uint32_t lane = v->lane_at[l->first_lane + i];
		int y = l->plot.y + i * l->lane_h;
		uint32_t bg = lane == v->sel_lane ? C_ROW_SEL : (i % 2 ? C_ROW_B : C_ROW_A);
		const struct ct_model_lane *ln = &lanes[lane];
		char tid[64];
		int nh = gfx_line_h(c, UI_FONT_NORMAL), sh = gfx_line_h(c, UI_FONT_SMALL);

		gfx_fill(c, 0, y, l->w, l->lane_h, bg);
		ui_lane_detail(v, lane, tid, sizeof(tid));
		if (l->lane_h >= nh + sh) {
			int ty = y + (l->lane_h - nh - sh) / 2;

			gfx_text(c, UI_FONT_NORMAL, ui_lane_name(v, lane), C_TEXT, margin, ty,
				 UI_LEFT);
			gfx_text(c, UI_FONT_SMALL, tid,
				 ln->end == CT_LANE_ENDED || ln->end == CT_LANE_PARKED
					 ? C_TEXT_FAINT
					 : C_KILLED,
				 margin, ty + nh, UI_LEFT);
		} else {
			char both[320];

			snprintf(both, sizeof(both), "%s  %s", ui_lane_name(v, lane), tid);
			gfx_text(c, UI_FONT_SMALL, both, C_TEXT, margin, y + (l->lane_h - sh) / 2,
				 UI_LEFT);
		}
	}
}

/* The plot right of the play head: one flat colour, drawn over the rows and the grid. */
void ui_draw_future(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	int head_x = gfx_px(ct_ui_view_time_x(v, v->head));

	if (!v->head_on || head_x >= l->plot.x + l->plot.w)
		return;
	if (head_x < l->plot.x - 1)
		head_x = l->plot.x - 1;
	gfx_fill(c, head_x + 1, l->plot.y, l->plot.x + l->plot.w - head_x - 1,
		 l->visible_lanes * l->lane_h, C_FUTURE);
}
