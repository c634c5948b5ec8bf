/* SPDX-License-Identifier: MIT */
/*
 * draw.c - draws a view onto any SDL_Renderer: header, legend, time axis,
 * lanes (direct spans when zoomed in, per-pixel summaries when zoomed out),
 * markers, arrows, the play head, printed lines, status line, tooltip and help.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "gfx.h"
#include "lane_order.h"
#include "layout.h"
#include "phrases.h"
#include "summary.h"
#include "timefmt.h"

/* --------------------------------------------------------------- header */

static void draw_header(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	int margin = (int)(16 * c->s);
	int y = margin / 2;
	size_t n_events, n_lanes;
	char info[160];
	int info_w;

	ct_model_borrow_events(v->model, &n_events);
	ct_model_borrow_lanes(v->model, &n_lanes);
	{
		char d[32];

		ui_format_ns(v->end, d, sizeof(d));
		snprintf(info, sizeof(info), "%zu thread%s · %zu events · %s", n_lanes,
			 n_lanes == 1 ? "" : "s", n_events, d);
	}
	info_w = gfx_text_w(c, UI_FONT_SMALL, info);
	gfx_text(c, UI_FONT_SMALL, info, C_TEXT_DIM, l->w - margin, y + (int)(4 * c->s), UI_RIGHT);
	if (ct_model_discarded(v->model) > 0) {
		char warn[96];

		snprintf(warn, sizeof(warn), "%llu events discarded: the trace is incomplete",
			 (unsigned long long)ct_model_discarded(v->model));
		gfx_text(c, UI_FONT_SMALL, warn, C_KILLED, l->w - margin,
			 y + (int)(4 * c->s) + gfx_line_h(c, UI_FONT_SMALL), UI_RIGHT);
	}
	(void)info_w;
	gfx_text(c, UI_FONT_TITLE, v->title, C_TEXT, margin, y, UI_LEFT);
	y += gfx_line_h(c, UI_FONT_TITLE) + (int)(2 * c->s);
	if (v->lesson)
		gfx_check(c, ui_text(v, c->r, UI_FONT_NORMAL, v->lesson, 0x4A4A4A, margin, y,
				     UI_LEFT, l->w - 2 * margin, true, NULL, NULL));
}

/* One legend entry: a swatch (or a line sample) and a word. Returns the next x. */
static int legend_item(struct ui_gfx *c, int x, int y, int h, uint32_t rgb, int kind,
		       enum ui_dash dash, const char *word)
{
	int sw = (int)(14 * c->s), gap = (int)(5 * c->s);
	int need = ui_legend_entry_w(c->v, c->s, word);

	if (x + need > c->v->lay.w - (int)(8 * c->s))
		return x;
	if (kind == 0) { /* a state swatch */
		gfx_fill(c, x, y + h / 2 - (int)(5 * c->s), sw, (int)(10 * c->s), rgb);
	} else if (kind == 1) { /* an arrow sample */
		int my = y + h / 2;

		gfx_line(c, x, my, x + sw - 4 * c->s, my, dash == UI_DASH_SOLID ? 2 : 1, dash, rgb,
			 255);
		gfx_triangle(c, x + sw, my, x + sw - 6 * c->s, my - 3.5f * c->s, x + sw - 6 * c->s,
			     my + 3.5f * c->s, rgb, 255);
	} else { /* a lane-life line: ended, killed, not started */
		gfx_line(c, x, y + h / 2, x + sw, y + h / 2, kind == 3 ? 2 : 1, dash, rgb, 255);
	}
	gfx_text(c, UI_FONT_SMALL, word, C_TEXT_DIM, x + sw + gap,
		 y + (h - gfx_line_h(c, UI_FONT_SMALL)) / 2, UI_LEFT);
	return x + need;
}

/*
 * The legend: the states ("blocked:" written once before the blocked ones),
 * the lanes' lives, then the arrows; on a second row when the window is too
 * narrow for one (the layout asked ui_legend_rows). An entry that still does
 * not fit is left out.
 */
static void draw_legend(struct ui_gfx *c)
{
	const struct ui_layout *l = &c->v->lay;
	int x0 = (int)(16 * c->s), x = x0, y = l->legend_y, h = l->legend_h / l->legend_rows;

	for (int s = 0; s < CT_STATE_COUNT_; s++) {
		if (s == CT_STATE_BLOCKED_RECV) {
			int w = gfx_text_w(c, UI_FONT_SMALL, UI_LEGEND_BLOCKED) + (int)(6 * c->s);

			if (x + w <= l->w - (int)(8 * c->s)) {
				gfx_text(c, UI_FONT_SMALL, UI_LEGEND_BLOCKED, C_TEXT_DIM, x,
					 y + (h - gfx_line_h(c, UI_FONT_SMALL)) / 2, UI_LEFT);
				x += w;
			}
		}
		x = legend_item(c, x, y, h, ui_palette_state[s], 0, UI_DASH_SOLID,
				ui_legend_states[s]);
	}
	x = legend_item(c, x, y, h, C_NOT_STARTED, 2, UI_DASH_DOT, ui_legend_lives[0]);
	x = legend_item(c, x, y, h, C_ENDED, 2, UI_DASH_SOLID, ui_legend_lives[1]);
	x = legend_item(c, x, y, h, C_KILLED, 3, UI_DASH_LONG, ui_legend_lives[2]);
	if (l->legend_rows > 1) {
		x = x0;
		y += h;
	} else {
		x += (int)(10 * c->s);
	}
	for (int k = 0; k < CT_ARROW_COUNT_; k++)
		x = legend_item(c, x, y, h, ui_palette_arrow[k], 1, ui_palette_dash[k],
				ui_legend_arrows[k]);
}

/* ----------------------------------------------------------------- axis */

/* The tick step: 1, 2 or 5 times a power of ten, at least MIN_NS. */
static double tick_step(double min_ns)
{
	double p = pow(10, floor(log10(fmax(min_ns, 1e-3))));

	if (p >= min_ns)
		return p;
	if (2 * p >= min_ns)
		return 2 * p;
	if (5 * p >= min_ns)
		return 5 * p;
	return 10 * p;
}

static void draw_axis(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	double step = tick_step(v->span * 110 * c->s / l->plot.w);
	double k0 = ceil(v->t0 / step), k1 = floor((v->t0 + v->span) / step);
	int y = l->axis_y, h = l->axis_h;

	gfx_fill(c, l->plot.x, y + h - 1, l->plot.w, 1, C_TEXT_FAINT);
	for (double k = k0; k <= k1 && k - k0 < 200; k++) {
		double t = k * step;
		int x = gfx_px(ct_ui_view_time_x(v, t));
		char lab[48];

		ui_format_tick(t, step, lab, sizeof(lab));
		gfx_fill(c, x, y + h - (int)(5 * c->s), 1, (int)(5 * c->s), C_TEXT_FAINT);
		gfx_fill(c, x, l->plot.y, 1, l->visible_lanes * l->lane_h, C_GRID);
		gfx_text(c, UI_FONT_SMALL, lab, C_TEXT_DIM, x, y + (int)(2 * c->s), UI_CENTER);
	}
}

/* ---------------------------------------------------------------- lanes */

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

/* The lane's life: first event to last (or to the trace's end when still blocked). */
static void lane_life(const struct ct_ui_view *v, uint32_t lane, double *a, double *b)
{
	size_t n_lanes, n_events, n_spans;
	const struct ct_model_lane *l = &ct_model_borrow_lanes(v->model, &n_lanes)[lane];
	const struct ct_model_event *ev = ct_model_borrow_events(v->model, &n_events);
	const struct ct_model_span *spans = ct_model_borrow_spans(v->model, &n_spans);

	*a = (double)ct_model_event_time(&ev[l->first_event]);
	*b = (double)ct_model_event_time(&ev[l->last_event]);
	if (l->span_count > 0) {
		double e = (double)ct_model_span_end(v->model,
						     &spans[l->span_first + l->span_count - 1]);

		if (e > *b)
			*b = e;
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

	lane_life(v, lane, &a, &b);
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
	count = ct_model_lane_spans_in(m, lane, (uint64_t)t0, (uint64_t)fmax(t0, t1), &first);
	if (count <= (size_t)bar->w / 2) {
		/* Few spans: each one exactly, on a running bar over the life. */
		int rx0 = x0 < bar->x ? bar->x : x0,
		    rx1 = x1 > bar->x + bar->w ? bar->x + bar->w : x1;

		rect_add(c, CT_STATE_RUNNING, rx0, bar->y, rx1 - rx0 > 0 ? rx1 - rx0 : 1, bar->h);
		for (size_t i = first; i < first + count; i++) {
			const struct ct_model_span *sp = &spans[i];
			int sx0 = gfx_px(ct_ui_view_time_x(v, (double)ct_model_span_start(m, sp)));
			int sx1 = gfx_px(ct_ui_view_time_x(v, (double)ct_model_span_end(m, sp)));

			if (sx0 < bar->x - 1)
				sx0 = bar->x - 1;
			if (sx1 > bar->x + bar->w + 1)
				sx1 = bar->x + bar->w + 1;
			rect_add(c, ct_model_span_state(m, sp), sx0, bar->y,
				 sx1 - sx0 > 0 ? sx1 - sx0 : 1, bar->h);
		}
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

/* First index in the sorted array A[lo, hi) with A[i] >= KEY. */
static size_t lower_u32(const uint32_t *a, size_t lo, size_t hi, uint32_t key)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void draw_markers(struct ui_gfx *c, double vis_end)
{
	struct ct_ui_view *v = c->v;
	const struct ct_model *m = v->model;
	size_t n_events, n_markers, first, count;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const uint32_t *markers = ct_model_borrow_markers(m, &n_markers);
	double t0 = fmax(0, v->t0), t1 = fmin(vis_end, v->t0 + v->span);
	bool thin;
	bool inline_text = v->lay.lane_h >= (int)(30 * c->s);
	int last_x = -1;

	if (t1 < t0)
		return;
	count = ct_model_markers_in(m, (uint64_t)t0, (uint64_t)t1, &first);
	thin = count > (size_t)v->lay.plot.w * 2;
	for (size_t i = first; i < first + count;) {
		const struct ct_model_event *ev = &events[markers[i]];
		double t = (double)ct_model_event_time(ev);
		int x = gfx_px(ct_ui_view_time_x(v, t));
		SDL_Rect bar;
		int top;

		if (thin && x == last_x) {
			/* Jump to the first marker of the next pixel column. */
			size_t e = ct_model_event_at(m, (uint64_t)ceil(ui_x_to_time(v, x + 1)));
			size_t j = lower_u32(markers, i + 1, first + count, (uint32_t)e);

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

/* --------------------------------------------------------------- arrows */

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
	double ax = ct_ui_view_time_x(v, (double)ct_model_event_time(ef));
	double bx = ct_ui_view_time_x(v, (double)ct_model_event_time(et));
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
static void draw_arrows(struct ui_gfx *c, double vis_end)
{
	struct ct_ui_view *v = c->v;
	const struct ct_model *m = v->model;
	size_t n_arrows, n_events, first, last;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	double t0 = fmax(0, v->t0), t1 = fmin(vis_end, v->t0 + v->span);
	bool any_sel = v->sel_arrow != CT_MODEL_NONE;

	if (t1 < t0 || n_arrows == 0)
		return;
	ct_model_arrows_in(m, (uint64_t)t0, (uint64_t)t1, &first, &last);
	if (last - first <= 3000) {
		for (size_t i = first; i < last; i++) {
			const struct ct_model_arrow *a = &arrows[i];

			if ((double)ct_model_event_time(&events[a->to]) < t0 ||
			    (double)ct_model_event_time(&events[a->from]) > t1)
				continue;
			if (i != v->sel_arrow)
				draw_arrow(c, a, (uint32_t)i, any_sel);
		}
	} else {
		/* Arrows are sorted by source event: find the first that starts in each column. */
		size_t i = first;

		int step = (int)(6 * c->s);

		for (int x = v->lay.plot.x; x < v->lay.plot.x + v->lay.plot.w && i < last;
		     x += step) {
			size_t e = ct_model_event_at(m, (uint64_t)fmax(0, ui_x_to_time(v, x)));
			size_t lo = i, hi = last;
			double xe = ui_x_to_time(v, x + step);

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (arrows[mid].from < e)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo >= last)
				break;
			if ((double)ct_model_event_time(&events[arrows[lo].from]) < xe) {
				draw_arrow(c, &arrows[lo], (uint32_t)lo, any_sel);
				i = lo + 1;
			} else {
				i = lo;
			}
		}
	}
	if (any_sel && v->sel_arrow < n_arrows)
		draw_arrow(c, &arrows[v->sel_arrow], v->sel_arrow, false);
}

/* ------------------------------------------------------------- findings */

/* A label in red on a white box, if it does not overlap one already placed. */
static bool finding_label(struct ui_gfx *c, const char *s, int x, int y, int max_x)
{
	int w = gfx_text_w(c, UI_FONT_SMALL, s), h = gfx_line_h(c, UI_FONT_SMALL),
	    pad = (int)(3 * c->s);
	SDL_Rect rc = { x - pad, y, w + 2 * pad, h };

	if (rc.x < c->v->lay.plot.x || rc.x + rc.w > max_x || !gfx_place(c, rc))
		return false;
	gfx_fill(c, rc.x, rc.y, rc.w, rc.h, 0xFFFFFF);
	gfx_color(c, C_FINDING, 255);
	gfx_check(c, SDL_RenderDrawRect(c->r, &rc));
	gfx_text(c, UI_FONT_SMALL, s, C_FINDING, x, y, UI_LEFT);
	return true;
}

/*
 * The red marker of a finding at X on BAR: a stroke through the bar under a
 * downward triangle. *LAST_TRI is the x of the lane's last triangle: dense
 * markers get strokes only, so thousands read as red strokes, not a blob.
 */
static void finding_marker(struct ui_gfx *c, int x, const SDL_Rect *bar, int *last_tri)
{
	int k = (int)(5 * c->s), w = (int)(2 * c->s) > 2 ? (int)(2 * c->s) : 2;
	int top = bar->y - (int)(4 * c->s);

	gfx_fill(c, x - w / 2, top, w, bar->y + bar->h - top, C_FINDING);
	if (*last_tri != INT32_MIN && x - *last_tri < 3 * k)
		return;
	*last_tri = x;
	gfx_triangle(c, x - k, top - k - 2, x + k + 1, top - k - 2, x + 0.5f, top + 1, C_FINDING,
		     255);
}

/* The span of LANE that begins with event EV, or NULL. */
static const struct ct_model_span *span_of(const struct ct_ui_view *v, uint32_t lane, uint32_t ev)
{
	size_t n_spans, n_lanes;
	const struct ct_model_span *spans = ct_model_borrow_spans(v->model, &n_spans);
	const struct ct_model_lane *l = &ct_model_borrow_lanes(v->model, &n_lanes)[lane];

	/* A deadlocked lane's wait is its last span: search from the end. */
	for (uint32_t i = l->span_count; i > 0; i--)
		if (spans[l->span_first + i - 1].begin == ev)
			return &spans[l->span_first + i - 1];
	return NULL;
}

/*
 * One deadlock: the blocked spans of its lanes outlined and hatched in red, a
 * red wait-for arrow from each lane of the cycle to the lane it waits for,
 * and a label per lane saying what it holds and waits for.
 */
static void draw_deadlock(struct ui_gfx *c, const struct ct_finding *f, double vis_end)
{
	struct ct_ui_view *v = c->v;
	const struct ct_model *m = v->model;
	size_t n;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(v->analysis, f, &n);
	int clip_r = v->lay.plot.x + v->lay.plot.w;
	int head_x = v->head_on ? gfx_px(ct_ui_view_time_x(v, v->head)) : clip_r;
	size_t waits[32], n_waits = 0;
	int ax = 0, t = (int)(2 * c->s) > 2 ? (int)(2 * c->s) : 2;

	if ((double)f->time > vis_end)
		return; /* the cycle is not closed yet at the play head */
	if (head_x < clip_r)
		clip_r = head_x;
	for (size_t i = 0; i < n && n_waits < 32; i++)
		if (refs[i].role == CT_ROLE_WAIT)
			waits[n_waits++] = i;
	/* The spans, and where the arrows go: just after the cycle closes, in sight. */
	ax = gfx_px(ct_ui_view_time_x(v, (double)f->time)) + (int)(14 * c->s);
	if (ax < v->lay.plot.x + (int)(14 * c->s))
		ax = v->lay.plot.x + (int)(14 * c->s);
	for (size_t i = 0; i < n; i++) {
		const struct ct_finding_ref *r = &refs[i];
		const struct ct_model_span *sp;
		SDL_Rect bar;
		int x0, x1, lw;

		if (r->role != CT_ROLE_WAIT && r->role != CT_ROLE_STUCK)
			continue;
		sp = span_of(v, r->lane, r->event);
		if (!sp || !ct_ui_view_lane_bar(v, r->lane, &bar))
			continue;
		x0 = gfx_px(ct_ui_view_time_x(v, (double)ct_model_span_start(m, sp)));
		x1 = gfx_px(ct_ui_view_time_x(v, fmin((double)ct_model_span_end(m, sp), vis_end)));
		if (x0 < bar.x - t)
			x0 = bar.x - t;
		if (x1 > clip_r + t)
			x1 = clip_r + t;
		if (x1 <= x0)
			continue;
		lw = r->role == CT_ROLE_WAIT ? t : (t + 1) / 2;
		/* Outline. */
		gfx_fill(c, x0 - lw, bar.y - lw, x1 - x0 + 2 * lw, lw, C_FINDING);
		gfx_fill(c, x0 - lw, bar.y + bar.h, x1 - x0 + 2 * lw, lw, C_FINDING);
		gfx_fill(c, x0 - lw, bar.y, lw, bar.h, C_FINDING);
		gfx_fill(c, x1, bar.y, lw, bar.h, C_FINDING);
		/* Hatching, so the wait reads as "wrong" even where the lock colour is red already. */
		if (r->role == CT_ROLE_WAIT) {
			int step = (int)(10 * c->s), h = bar.h;

			for (int x = x0 + step - (x0 - v->lay.plot.x) % step; x + h < x1; x += step)
				gfx_line(c, x, bar.y + h - 1, x + h - 1, bar.y, 1, UI_DASH_SOLID,
					 C_FINDING, 255);
		}
	}
	/* Wait-for arrows between consecutive lanes of the cycle. */
	for (size_t k = 0; k < n_waits; k++) {
		const struct ct_finding_ref *from = &refs[waits[k]];
		const struct ct_finding_ref *to = &refs[waits[(k + 1) % n_waits]];
		int x = ax + (int)(k * 22 * c->s);
		SDL_Rect fb, tb;
		double y0, y1, hd = 8 * c->s, dir;

		if (x > clip_r - (int)(4 * c->s) || from->lane == to->lane ||
		    !ct_ui_view_lane_bar(v, from->lane, &fb) ||
		    !ct_ui_view_lane_bar(v, to->lane, &tb))
			continue;
		dir = ui_lane_row(v, to->lane) > ui_lane_row(v, from->lane) ? 1 : -1;
		y0 = dir > 0 ? fb.y + fb.h + t : fb.y - t;
		y1 = dir > 0 ? tb.y - t : tb.y + tb.h + t;
		gfx_line(c, x, y0, x, y1 - dir * hd, 3, UI_DASH_SOLID, C_FINDING, 255);
		gfx_triangle(c, x - 5 * c->s, (float)(y1 - dir * hd), x + 5 * c->s + 1,
			     (float)(y1 - dir * hd), x + 0.5f, (float)y1, C_FINDING, 255);
	}
	/* Labels above each lane's bar, right of the arrows. */
	for (size_t i = 0; i < n; i++) {
		const struct ct_finding_ref *r = &refs[i];
		char lab[400];
		SDL_Rect bar;
		int lx = ax + (int)(n_waits * 22 * c->s) + (int)(6 * c->s);
		int ly;

		if ((r->role != CT_ROLE_WAIT && r->role != CT_ROLE_STUCK) ||
		    !ct_ui_view_lane_bar(v, r->lane, &bar))
			continue;
		ui_deadlock_label(v, f, i, lab, sizeof(lab));
		ly = bar.y - gfx_line_h(c, UI_FONT_SMALL) - (int)(5 * c->s);
		if (!finding_label(c, lab, lx, ly, clip_r))
			finding_label(c, lab, lx,
				      bar.y + (bar.h - gfx_line_h(c, UI_FONT_SMALL)) / 2, clip_r);
	}
}

/* A short word for the inline label of a finding's marker. */
static const char *finding_word(const struct ct_finding *f)
{
	switch ((enum ct_finding_kind)f->kind) {
	case CT_FINDING_LOST_UPDATE:
		return "lost update";
	case CT_FINDING_UNRECEIVED:
		return "never received";
	case CT_FINDING_UNJOINED:
		return "never joined";
	default:
		return "";
	}
}

/*
 * Every finding in sight: deadlocks in full, the others as red markers, at
 * most one per lane and pixel column (4.1 has thousands of lost updates).
 * Markers with room get a label: the whole sentence for a use after drop, a
 * word for the others; hovering any of them shows the sentence.
 */
static void draw_findings(struct ui_gfx *c, double vis_end)
{
	struct ct_ui_view *v = c->v;
	const struct ct_model *m = v->model;
	size_t n_f, n_events, n_lanes, first, count, in_col = 0;
	const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n_f);
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	double t0 = fmax(0, v->t0), t1 = fmin(vis_end, v->t0 + v->span),
	       tpx = v->span / v->lay.plot.w;
	int clip_r = v->lay.plot.x + v->lay.plot.w, last_col = INT32_MIN;
	bool labels;

	ct_model_borrow_lanes(m, &n_lanes);
	for (size_t i = 0; i < v->n_deadlocks; i++)
		draw_deadlock(c, &fs[v->deadlocks[i]], vis_end);
	if (t1 < t0 || n_f == 0)
		return;
	if (v->head_on && gfx_px(ct_ui_view_time_x(v, v->head)) < clip_r)
		clip_r = gfx_px(ct_ui_view_time_x(v, v->head));
	for (size_t i = 0; i < 2 * n_lanes; i++)
		v->finding_last_x[i] = INT32_MIN;
	count = ct_analysis_findings_in(v->analysis, (uint64_t)t0,
					(uint64_t)fmax(t0, t1 + v->finding_lead), &first);
	labels = count <= 40;
	for (size_t i = first; i < first + count;) {
		const struct ct_finding *f = &fs[i];
		uint32_t ev = ui_finding_marker_event(v, f);
		int x, col = gfx_px(ct_ui_view_time_x(v, (double)f->time));
		SDL_Rect bar;
		double t;

		/* Past 64 findings in one column, the rest of the column is skipped. */
		in_col = col == last_col ? in_col + 1 : 0;
		last_col = col;
		if (in_col >= 64) {
			size_t next;

			ct_analysis_findings_in(v->analysis,
						(uint64_t)fmax(0, ceil(ui_x_to_time(v, col + 1))),
						UINT64_MAX, &next);
			i = next > i ? next : i + 1;
			continue;
		}
		i++;
		/* During playback a finding shows once it has happened (a write is lost when overwritten). */
		if (f->kind == CT_FINDING_DEADLOCK || ev >= n_events || (double)f->time > vis_end)
			continue;
		t = (double)ct_model_event_time(&events[ev]);
		if (t < t0 - tpx || t > t1 || !ct_ui_view_lane_bar(v, events[ev].lane, &bar))
			continue;
		x = gfx_px(ct_ui_view_time_x(v, t));
		if (v->finding_last_x[events[ev].lane] == x)
			continue;
		v->finding_last_x[events[ev].lane] = x;
		finding_marker(c, x, &bar, &v->finding_last_x[n_lanes + events[ev].lane]);
		if (!labels)
			continue;
		{
			int ly = bar.y - gfx_line_h(c, UI_FONT_SMALL) - (int)(8 * c->s),
			    lx = x + (int)(8 * c->s);

			char s[400];
			const char *word = finding_word(f);
			int below = bar.y + bar.h + (int)(3 * c->s);

			if (f->kind == CT_FINDING_USE_AFTER_DROP) {
				ct_analysis_describe(m, v->analysis, f, s, sizeof(s));
				word = "use after drop";
			} else {
				snprintf(s, sizeof(s), "%s", word);
			}
			/* Right of the marker, then left of it, then below the bar; else the short word. */
			if (!finding_label(c, s, lx, ly, clip_r) &&
			    !finding_label(c, s,
					   x - (int)(8 * c->s) - gfx_text_w(c, UI_FONT_SMALL, s),
					   ly, clip_r) &&
			    !finding_label(c, s, lx, below, clip_r))
				finding_label(c, word, lx, ly, clip_r);
		}
	}
}

/*
 * The findings list (L): each finding's time, kind and sentence, as many as
 * fit, from v->findings_top (it scrolls); where the rows are is kept for
 * clicks (a click on one shows that finding).
 */
static void draw_findings_list(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	size_t n, top;
	const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n);
	int lh = gfx_line_h(c, UI_FONT_SMALL), pad = (int)(14 * c->s);
	int bw = l->w - 4 * pad, bh, bx = 2 * pad, by = l->plot.y;
	int rows = (l->status_y - by - 3 * pad - gfx_line_h(c, UI_FONT_NORMAL)) / lh - 1;
	int row0 = by + pad + gfx_line_h(c, UI_FONT_NORMAL) + lh / 2;
	int time_w = gfx_text_w(c, UI_FONT_SMALL, "0.000000000 s  "),
	    kind_w = gfx_text_w(c, UI_FONT_SMALL, "use-after-drop  ");
	bool more;
	char head[200];

	if (rows < 1)
		rows = 1;
	if ((size_t)rows > n)
		rows = (int)n;
	v->flist_rows = rows;
	ui_findings_scroll(v, 0); /* clamp to this frame's size */
	top = v->findings_top;
	more = n > (size_t)rows;
	bh = 2 * pad + gfx_line_h(c, UI_FONT_NORMAL) + (rows + more) * lh + lh / 2;
	gfx_fill_a(c, 0, 0, l->w, l->h, 0x000000, 70);
	gfx_fill(c, bx, by, bw, bh, 0xFFFFFB);
	gfx_color(c, C_FINDING, 255);
	gfx_check(c, SDL_RenderDrawRect(c->r, &(SDL_Rect){ bx, by, bw, bh }));
	if (more)
		snprintf(
			head, sizeof(head),
			"findings %zu-%zu of %zu  (Up/Down/PgUp/PgDn or the wheel scroll; click one "
			"to see it; L or Esc closes)",
			top + 1, top + (size_t)rows, n);
	else
		snprintf(
			head, sizeof(head),
			"%zu finding%s  (click one to see it; L or Esc closes; `ctrace check TRACE` "
			"prints them)",
			n, n == 1 ? "" : "s");
	gfx_text(c, UI_FONT_NORMAL,
		 n ? head
		   : "no findings: no deadlock, lost update, use after drop, "
		     "unreceived message or unjoined thread",
		 n ? C_FINDING : C_TEXT, bx + pad, by + pad, UI_LEFT);
	v->flist_box = (SDL_Rect){ bx, by, bw, bh };
	v->flist_row0 = row0;
	v->flist_row_h = lh;
	for (int i = 0; i < rows; i++) {
		const struct ct_finding *f = &fs[top + (size_t)i];
		int y = row0 + i * lh;
		char t[40], s[600];

		ui_format_seconds((double)f->time, t, sizeof(t));
		ct_analysis_describe(v->model, v->analysis, f, s, sizeof(s));
		gfx_text(c, UI_FONT_SMALL, t, C_TEXT_DIM, bx + pad, y, UI_LEFT);
		gfx_text(c, UI_FONT_SMALL, ct_finding_kind_name((enum ct_finding_kind)f->kind),
			 C_FINDING, bx + pad + time_w, y, UI_LEFT);
		gfx_check(c, ui_text(v, c->r, UI_FONT_SMALL, s, C_TEXT, bx + pad + time_w + kind_w,
				     y, UI_LEFT, 0, true, NULL, NULL));
	}
	if (more) {
		size_t below = n - top - (size_t)rows;

		snprintf(head, sizeof(head), "%zu above, %zu below", top, below);
		gfx_text(c, UI_FONT_SMALL, head, C_TEXT_DIM, bx + pad + time_w, row0 + rows * lh,
			 UI_LEFT);
	}
}

/* ---------------------------------------------------------------- panels */

static void draw_lanes(struct ui_gfx *c)
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
		snprintf(tid, sizeof(tid), "tid %u%s", ln->tid,
			 ln->end == CT_LANE_KILLED    ? " · killed"
			 : ln->end == CT_LANE_BLOCKED ? " · blocked"
						      : "");
		if (l->lane_h >= nh + sh) {
			int ty = y + (l->lane_h - nh - sh) / 2;

			gfx_text(c, UI_FONT_NORMAL, ui_lane_name(v, lane), C_TEXT, margin, ty,
				 UI_LEFT);
			gfx_text(c, UI_FONT_SMALL, tid,
				 ln->end == CT_LANE_ENDED ? C_TEXT_FAINT : C_KILLED, margin,
				 ty + nh, UI_LEFT);
		} else {
			char both[320];

			snprintf(both, sizeof(both), "%s  %u", ui_lane_name(v, lane), ln->tid);
			gfx_text(c, UI_FONT_SMALL, both, C_TEXT, margin, y + (l->lane_h - sh) / 2,
				 UI_LEFT);
		}
	}
}

/* The plot right of the play head: one flat colour, drawn over the rows and the grid. */
static void draw_future(struct ui_gfx *c)
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

static void draw_content(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	double vis_end = v->head_on ? v->head : v->end;
	int head_x = v->head_on ? gfx_px(ct_ui_view_time_x(v, v->head)) : l->plot.x + l->plot.w;
	SDL_Rect clip = l->plot;

	/* Nothing of the future is drawn: the clip ends at the play head. */
	if (head_x + 1 < clip.x + clip.w)
		clip.w = head_x + 1 - clip.x;
	if (clip.w <= 0)
		return;
	clip.h = l->visible_lanes * l->lane_h;
	gfx_check(c, SDL_RenderSetClipRect(c->r, &clip));
	for (int i = 0; i < l->visible_lanes; i++) {
		SDL_Rect bar;

		if (ct_ui_view_lane_bar(v, v->lane_at[l->first_lane + i], &bar))
			draw_lane_states(c, v->lane_at[l->first_lane + i], &bar, vis_end);
	}
	rects_flush(c);
	draw_markers(c, vis_end);
	/* Arrows may leave the plot upwards or downwards, but not into the future. */
	clip.y = l->plot.y;
	clip.h = l->plot.h;
	gfx_check(c, SDL_RenderSetClipRect(c->r, &clip));
	draw_arrows(c, vis_end);
	draw_findings(c, vis_end);
	gfx_check(c, SDL_RenderSetClipRect(c->r, NULL));
}

static void draw_head(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	int x = gfx_px(ct_ui_view_time_x(v, v->head));
	char t[32];
	int k = (int)(5 * c->s);

	if (!v->head_on || x < l->plot.x || x > l->plot.x + l->plot.w)
		return;
	gfx_fill(c, x, l->axis_y + l->axis_h - k, 1, l->visible_lanes * l->lane_h + k, C_HEAD);
	ui_format_ns(v->head, t, sizeof(t));
	{
		int w = gfx_text_w(c, UI_FONT_SMALL, t), pad = (int)(3 * c->s);
		int bx = x - w / 2 - pad;

		if (bx + w + 2 * pad > l->w)
			bx = l->w - w - 2 * pad;
		gfx_fill(c, bx, l->axis_y, w + 2 * pad, l->axis_h - k, C_HEAD);
		gfx_text(c, UI_FONT_SMALL, t, 0xFFFFFF, bx + pad, l->axis_y + (int)(1 * c->s),
			 UI_LEFT);
	}
}

static void draw_output(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	const struct ct_model *m = v->model;
	size_t n_events, n_markers, first, count;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const uint32_t *markers = ct_model_borrow_markers(m, &n_markers);
	double limit = v->head_on ? v->head : fmin(v->end, v->t0 + v->span);
	uint32_t found[8];
	int n = 0, margin = (int)(16 * c->s), sh = gfx_line_h(c, UI_FONT_SMALL);
	int max_n = (l->out_h - (int)(12 * c->s)) / sh,
	    time_w = gfx_text_w(c, UI_FONT_SMALL, "000.000 ms  ");

	if (l->out_h <= 0 || max_n <= 0)
		return;
	if (max_n > 8)
		max_n = 8;
	gfx_fill(c, 0, l->out_y, l->w, l->out_h, C_PANEL);
	gfx_text(c, UI_FONT_SMALL, "printed lines", C_TEXT_FAINT, margin,
		 l->out_y + (int)(6 * c->s), UI_LEFT);
	if (limit < 0)
		return;
	/* The latest lines printed up to the play head (or the right edge of the view). */
	count = ct_model_markers_in(m, 0, (uint64_t)limit, &first);
	for (size_t i = first + count, k = 0; i > first && n < max_n && k < 100000; i--, k++) {
		if (events[markers[i - 1]].type == CT_EV_PRINT)
			found[n++] = markers[i - 1];
	}
	for (int i = 0; i < n; i++) {
		const struct ct_model_event *ev = &events[found[n - 1 - i]];
		int y = l->out_y + (int)(6 * c->s) + i * sh;
		char t[32];

		ui_format_ns((double)ct_model_event_time(ev), t, sizeof(t));
		gfx_text(c, UI_FONT_SMALL, t, C_TEXT_FAINT, l->plot.x + time_w - (int)(10 * c->s),
			 y, UI_RIGHT);
		gfx_text(c, UI_FONT_SMALL, ui_lane_name(v, ev->lane), C_TEXT_DIM,
			 l->plot.x + time_w, y, UI_LEFT);
		gfx_text(c, UI_FONT_SMALL, ct_model_string(m, ev->arg), C_TEXT,
			 l->plot.x + time_w + l->label_w - (int)(16 * c->s), y, UI_LEFT);
	}
}

static void draw_status(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	int margin = (int)(16 * c->s), y = l->status_y + (int)(5 * c->s), x = margin;
	char a[32], b[32], s[160], speed[32];
	double sp = ldexp(1.0, v->speed_exp);

	gfx_fill(c, 0, l->status_y, l->w, l->status_h, 0xE9E9E3);
	ui_format_ns(fmax(0, v->t0), a, sizeof(a));
	ui_format_ns(v->span, b, sizeof(b));
	snprintf(s, sizeof(s), "from %s, %s wide", a, b);
	x += gfx_text(c, UI_FONT_NORMAL, s, C_TEXT_DIM, x, y, UI_LEFT) + margin;
	if (sp >= 1)
		snprintf(speed, sizeof(speed), "%g×", sp);
	else
		snprintf(speed, sizeof(speed), "1/%g×", 1 / sp);
	snprintf(s, sizeof(s), "%s %s",
		 v->playing   ? "▶ playing"
		 : v->head_on ? "|| paused"
			      : "■ stopped",
		 speed);
	x += gfx_text(c, UI_FONT_NORMAL, s, v->playing ? C_HEAD : C_TEXT, x, y, UI_LEFT) + margin;
	{
		/* The findings, right of the note and left of the help hint. */
		size_t n = 0;
		int right = l->w - margin - gfx_text_w(c, UI_FONT_NORMAL, "?  help") - margin;

		ct_analysis_borrow_findings(v->analysis, &n);
		if (n > 0) {
			char kinds[160] = "";
			size_t used = 0;

			for (int k = 0; k < CT_FINDING_COUNT_ && used < sizeof(kinds); k++) {
				size_t nk = ct_analysis_count(v->analysis, (enum ct_finding_kind)k);

				if (nk)
					used += (size_t)snprintf(
						kinds + used, sizeof(kinds) - used, "%s%zu %s",
						used ? ", " : "", nk,
						nk == 1 ? ct_finding_kind_name(
								  (enum ct_finding_kind)k)
							: ct_finding_kind_plural(
								  (enum ct_finding_kind)k));
			}
			snprintf(s, sizeof(s), "%zu finding%s: %s (press L to list)", n,
				 n == 1 ? "" : "s", kinds);
		} else {
			snprintf(s, sizeof(s), "no findings");
		}
		right -= gfx_text(c, UI_FONT_NORMAL, s, n ? C_FINDING : C_TEXT_DIM, right, y,
				  UI_RIGHT) +
			 margin;
		if (v->note[0] && right > x) {
			/* The note is cut where the findings begin. */
			SDL_Rect keep = { x, l->status_y, right - x, l->status_h };

			gfx_check(c, SDL_RenderSetClipRect(c->r, &keep));
			gfx_text(c, UI_FONT_NORMAL, v->note, C_TEXT, x, y, UI_LEFT);
			gfx_check(c, SDL_RenderSetClipRect(c->r, NULL));
		}
	}
	gfx_text(c, UI_FONT_NORMAL, "?  help", C_TEXT_DIM, l->w - margin, y, UI_RIGHT);
}

/* The tooltip's lines for what is under the mouse. */
static int hover_lines(struct ct_ui_view *v, char lines[][200])
{
	const struct ct_model *m = v->model;
	size_t n_events, n_arrows, n_spans, n_lanes;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	const struct ui_hit *h = &v->hover;
	char a[32], b[32], d[32];
	int n = 0;

	switch (h->kind) {
	case UI_HIT_ARROW: {
		const struct ct_model_arrow *ar = &arrows[h->index];
		double tf = (double)ct_model_event_time(&events[ar->from]);
		double tt = (double)ct_model_event_time(&events[ar->to]);

		snprintf(lines[n++], 200, "%s arrow: %s → %s",
			 ct_arrow_kind_name(ct_model_arrow_kind(m, ar)),
			 ui_lane_name(v, events[ar->from].lane),
			 ui_lane_name(v, events[ar->to].lane));
		ui_describe_event(v, ar->from, lines[n++], 200);
		ui_describe_event(v, ar->to, lines[n++], 200);
		ui_format_ns(tt - tf, d, sizeof(d));
		snprintf(lines[n++], 200, "latency %s  (click to highlight both ends)", d);
		break;
	}
	case UI_HIT_MARKER:
	case UI_HIT_EVENT:
		ui_describe_event(v, h->index, lines[n++], 200);
		break;
	case UI_HIT_SPAN: {
		const struct ct_model_span *sp = &spans[h->index];
		double t0 = (double)ct_model_span_start(m, sp),
		       t1 = (double)ct_model_span_end(m, sp);

		ui_format_ns(t0, a, sizeof(a));
		ui_format_ns(t1, b, sizeof(b));
		ui_format_ns(t1 - t0, d, sizeof(d));
		snprintf(lines[n++], 200, "%s: %s", ui_lane_name(v, h->lane),
			 ct_lane_state_name(ct_model_span_state(m, sp)));
		snprintf(lines[n++], 200, "%s → %s%s (%s)", a, b,
			 sp->end == CT_MODEL_NONE ? " (still at the end)" : "", d);
		ui_describe_event(v, sp->begin, lines[n++], 200);
		break;
	}
	case UI_HIT_LANE: {
		const struct ct_model_lane *l = &lanes[h->lane];
		double t0 = (double)ct_model_event_time(&events[l->first_event]);
		double t1 = (double)ct_model_event_time(&events[l->last_event]);

		ui_format_ns(t0, a, sizeof(a));
		ui_format_ns(t1, b, sizeof(b));
		snprintf(lines[n++], 200, "%s  pid %u  tid %u", ui_lane_name(v, h->lane), l->pid,
			 l->tid);
		snprintf(lines[n++], 200, "from %s to %s, %s; %u waits", a, b,
			 ct_lane_end_name(l->end), l->span_count);
		break;
	}
	case UI_HIT_FINDING: {
		size_t n_f;
		const struct ct_finding *f =
			&ct_analysis_borrow_findings(v->analysis, &n_f)[h->index];

		snprintf(lines[n++], 200, "%s",
			 ct_finding_kind_name((enum ct_finding_kind)f->kind));
		n += ui_finding_lines(v, h->index, lines + n, 4, 90);
		ui_describe_event(v, ui_finding_marker_event(v, f), lines[n++], 200);
		break;
	}
	case UI_HIT_NONE:
		break;
	}
	/* A span or event that takes part in a finding also says the finding. */
	if ((h->kind == UI_HIT_SPAN || h->kind == UI_HIT_EVENT || h->kind == UI_HIT_MARKER) &&
	    n < 6) {
		uint32_t ev = h->kind == UI_HIT_SPAN ? spans[h->index].begin : h->index;
		uint32_t f = ct_analysis_event_finding(v->analysis, ev);

		if (f != CT_MODEL_NONE)
			n += ui_finding_lines(v, f, lines + n, 6 - n, 90);
	}
	return n;
}

static void draw_box(struct ui_gfx *c, int x, int y, char lines[][200], int n, enum ui_font f)
{
	const struct ui_layout *l = &c->v->lay;
	int pad = (int)(7 * c->s), w = 0, lh = gfx_line_h(c, f), h;

	for (int i = 0; i < n; i++) {
		int tw = gfx_text_w(c, f, lines[i]);

		if (tw > w)
			w = tw;
	}
	w += 2 * pad;
	h = n * lh + 2 * pad;
	if (x + w > l->w)
		x = l->w - w - 2;
	if (y + h > l->h)
		y = l->h - h - 2;
	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	gfx_fill_a(c, x + 2, y + 2, w, h, 0x000000, 40);
	gfx_fill_a(c, x, y, w, h, 0xFFFFFB, 245);
	gfx_color(c, 0x8A8A84, 255);
	gfx_check(c, SDL_RenderDrawRect(c->r, &(SDL_Rect){ x, y, w, h }));
	for (int i = 0; i < n; i++)
		gfx_text(c, f, lines[i], i == 0 ? C_TEXT : C_TEXT_DIM, x + pad, y + pad + i * lh,
			 UI_LEFT);
}

static void draw_help(struct ui_gfx *c)
{
	static const char *const help[] = {
		"ctrace viewer — keys and mouse",
		"wheel, + / −|zoom around the mouse (or the centre)",
		"drag, ← →|pan in time;  ↑ ↓ / PgUp PgDn scroll lanes",
		"shift + drag|zoom to the selected time range",
		"Home or F|fit the whole trace",
		"hover|details of a span, event, marker or arrow",
		"click|highlight a lane, or an arrow and both its ends",
		"Space|play / pause: the play head sweeps at trace speed",
		"] or >  /  [ or <|play faster / slower (1× is real time)",
		"N or .  /  P or ,|step to the next / previous event",
		"L|list the findings (deadlocks, lost updates, …); click one to see it",
		"Esc|clear the selection and stop playback",
		"?|show / hide this help;  Q quits",
	};
	int n = (int)(sizeof(help) / sizeof(help[0]));
	int key_w = 0, desc_w = 0, lh = gfx_line_h(c, UI_FONT_NORMAL), pad = (int)(14 * c->s);
	int bw, bh, bx, by;
	char key[64];

	/* Two columns: the keys, then what they do (split at '|'). */
	for (int i = 1; i < n; i++) {
		size_t k = strcspn(help[i], "|");

		snprintf(key, sizeof(key), "%.*s", (int)k, help[i]);
		if (gfx_text_w(c, UI_FONT_NORMAL, key) > key_w)
			key_w = gfx_text_w(c, UI_FONT_NORMAL, key);
		if (gfx_text_w(c, UI_FONT_NORMAL, help[i] + k + 1) > desc_w)
			desc_w = gfx_text_w(c, UI_FONT_NORMAL, help[i] + k + 1);
	}
	bw = key_w + desc_w + 3 * pad;
	bh = n * lh + 2 * pad + lh / 2;
	bx = (c->v->lay.w - bw) / 2;
	by = (c->v->lay.h - bh) / 2;
	gfx_fill_a(c, 0, 0, c->v->lay.w, c->v->lay.h, 0x000000, 70);
	gfx_fill(c, bx, by, bw, bh, 0xFFFFFB);
	gfx_color(c, 0x8A8A84, 255);
	gfx_check(c, SDL_RenderDrawRect(c->r, &(SDL_Rect){ bx, by, bw, bh }));
	gfx_text(c, UI_FONT_NORMAL, help[0], C_TEXT, bx + pad, by + pad, UI_LEFT);
	for (int i = 1; i < n; i++) {
		size_t k = strcspn(help[i], "|");
		int y = by + pad + lh / 2 + i * lh;

		snprintf(key, sizeof(key), "%.*s", (int)k, help[i]);
		gfx_text(c, UI_FONT_NORMAL, key, C_SELECT, bx + pad, y, UI_LEFT);
		gfx_text(c, UI_FONT_NORMAL, help[i] + k + 1, C_TEXT, bx + 2 * pad + key_w, y,
			 UI_LEFT);
	}
}

enum ct_ui_status ct_ui_view_draw(struct ct_ui_view *v, SDL_Renderer *r, float scale, char *err,
				  size_t errlen)
{
	struct ui_gfx c = { .v = v, .r = r, .s = scale };
	enum ct_ui_status status;
	int w, h;

	if (SDL_GetRendererOutputSize(r, &w, &h) != 0) {
		snprintf(err, errlen, "SDL_GetRendererOutputSize: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	if (!(scale > 0))
		c.s = scale = 1;
	status = ui_fonts_open(v, scale, err, errlen);
	if (status != CT_UI_OK)
		return status;
	v->frame++;
	v->placed_n = 0;
	ui_layout_compute(v, w, h, scale);
	gfx_check(&c, SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND));
	gfx_color(&c, C_BG, 255);
	gfx_check(&c, SDL_RenderClear(r));
	draw_header(&c);
	draw_legend(&c);
	draw_lanes(&c);
	draw_axis(&c);
	draw_future(&c);
	draw_content(&c);
	draw_head(&c);
	draw_output(&c);
	draw_status(&c);
	if (v->selecting) {
		int x0 = v->drag_x0 < v->drag_x ? v->drag_x0 : v->drag_x;
		int x1 = v->drag_x0 < v->drag_x ? v->drag_x : v->drag_x0;

		gfx_fill_a(&c, x0, v->lay.plot.y, x1 - x0, v->lay.plot.h, C_SELECT, 50);
	}
	if (v->mouse_in && v->hover.kind != UI_HIT_NONE && !v->help && !v->dragging) {
		char lines[6][200];
		int n = hover_lines(v, lines);

		if (n > 0)
			draw_box(&c, v->mouse_x + (int)(14 * scale), v->mouse_y + (int)(16 * scale),
				 lines, n, UI_FONT_NORMAL);
	}
	if (v->findings_list && !v->help)
		draw_findings_list(&c);
	if (v->help)
		draw_help(&c);
	if (c.failed) {
		snprintf(err, errlen, "drawing failed: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	return CT_UI_OK;
}
