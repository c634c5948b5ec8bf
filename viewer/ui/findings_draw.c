/* SPDX-License-Identifier: MIT */
/*
 * findings_draw.c - the analyses' findings drawn: deadlocks in full (the
 * blocked spans outlined and hatched, wait-for arrows, what each lane holds
 * and waits for), the other findings as red markers with labels, and the
 * findings list (L). What the findings are comes from findings.c.
 */
#include <math.h>
#include <stdio.h>

#include "axis.h"
#include "findings.h"
#include "gfx.h"
#include "lane_order.h"
#include "layers.h"
#include "layout.h"
#include "palette.h"
#include "text.h"
#include "timefmt.h"
#include "view_state.h"
#include "i18n.h"

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
	size_t n;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(v->analysis, f, &n);
	int clip_r = v->lay.plot.x + v->lay.plot.w;
	int head_x = v->head_on ? gfx_px(ct_ui_view_time_x(v, v->head)) : clip_r;
	size_t waits[32], n_waits = 0;
	int ax = 0, t = (int)(2 * c->s) > 2 ? (int)(2 * c->s) : 2;

	if (!v->order && (double)f->time > vis_end)
		return; /* the cycle is not closed yet at the play head */
	if (head_x < clip_r)
		clip_r = head_x;
	for (size_t i = 0; i < n && n_waits < 32; i++)
		if (refs[i].role == CT_ROLE_WAIT)
			waits[n_waits++] = i;
	/* The spans, and where the arrows go: just after the cycle closes, in sight. */
	ax = gfx_px(ct_ui_view_time_x(v, v->order ? ui_pos(v, f->event) : (double)f->time)) +
	     (int)(14 * c->s);
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
		x0 = gfx_px(ct_ui_view_time_x(v, ui_span_pos0(v, sp)));
		x1 = gfx_px(ct_ui_view_time_x(v, fmin(ui_span_pos1(v, sp), vis_end)));
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
		return _("lost update");
	case CT_FINDING_UNRECEIVED:
		return _("never received");
	case CT_FINDING_UNJOINED:
		return _("never joined");
	default:
		return "";
	}
}

/*
 * Finding F's red marker at X on LANE's BAR, at most one per lane and pixel
 * column, with its label when LABELS and it has room left of CLIP_R.
 */
static void marker_and_label(struct ui_gfx *c, const struct ct_finding *f, uint32_t lane, int x,
			     const SDL_Rect *bar, bool labels, int clip_r)
{
	struct ct_ui_view *v = c->v;
	size_t n_lanes;

	ct_model_borrow_lanes(v->model, &n_lanes);
	if (v->finding_last_x[lane] == x)
		return;
	v->finding_last_x[lane] = x;
	finding_marker(c, x, bar, &v->finding_last_x[n_lanes + lane]);
	if (!labels)
		return;
	{
		int ly = bar->y - gfx_line_h(c, UI_FONT_SMALL) - (int)(8 * c->s),
		    lx = x + (int)(8 * c->s);

		char s[400];
		const char *word = finding_word(f);
		int below = bar->y + bar->h + (int)(3 * c->s);

		if (f->kind == CT_FINDING_USE_AFTER_DROP) {
			ct_analysis_describe(v->model, v->analysis, f, s, sizeof(s));
			word = _("use after drop");
		} else {
			snprintf(s, sizeof(s), "%s", word);
		}
		/* Right of the marker, then left of it, then below the bar; else the short word. */
		if (!finding_label(c, s, lx, ly, clip_r) &&
		    !finding_label(c, s, x - (int)(8 * c->s) - gfx_text_w(c, UI_FONT_SMALL, s), ly,
				   clip_r) &&
		    !finding_label(c, s, lx, below, clip_r))
			finding_label(c, word, lx, ly, clip_r);
	}
}

/*
 * The order axis's findings in sight: their marker events are sorted by
 * column (axis.c), so they are found by binary search like the markers.
 */
static void draw_order_findings(struct ui_gfx *c, double p0, double p1, int clip_r)
{
	struct ct_ui_view *v = c->v;
	size_t n_f, n_events, first, count;
	const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n_f);
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n_events);
	bool labels;

	count = ui_order_findings_in(v, p0, p1, &first);
	labels = count <= 40;
	for (size_t k = first; k < first + count; k++) {
		uint32_t ev = v->ord_finding_ev[k];
		const struct ct_finding *f = &fs[v->ord_findings[k]];
		SDL_Rect bar;

		if (f->kind == CT_FINDING_DEADLOCK ||
		    !ct_ui_view_lane_bar(v, events[ev].lane, &bar))
			continue;
		marker_and_label(c, f, events[ev].lane, gfx_px(ct_ui_view_time_x(v, ui_pos(v, ev))),
				 &bar, labels, clip_r);
	}
}

/*
 * Every finding in sight: deadlocks in full, the others as red markers, at
 * most one per lane and pixel column (4.1 has thousands of lost updates).
 * Markers with room get a label: the whole sentence for a use after drop, a
 * word for the others; hovering any of them shows the sentence.
 */
void ui_draw_findings(struct ui_gfx *c, double vis_end)
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
	if (v->order) {
		draw_order_findings(c, t0 - tpx, t1, clip_r);
		return;
	}
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
		marker_and_label(c, f, events[ev].lane, x, &bar, labels, clip_r);
	}
}

/*
 * The findings list (L): each finding's time, kind and sentence, as many as
 * fit, from v->findings_top (it scrolls); where the rows are is kept for
 * clicks (a click on one shows that finding).
 */
void ui_draw_findings_list(struct ui_gfx *c)
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
		snprintf(head, sizeof(head),
			 _("findings %zu-%zu of %zu  (Up/Down/PgUp/PgDn or the wheel scroll; click "
			   "one to see it; L or Esc closes)"),
			 top + 1, top + (size_t)rows, n);
	else
		snprintf(
			head, sizeof(head),
			P_("%zu finding  (click one to see it; L or Esc closes; `ctrace check TRACE` "
			   "prints it)",
			   "%zu findings  (click one to see it; L or Esc closes; `ctrace check TRACE` "
			   "prints them)",
			   n),
			n);
	gfx_text(c, UI_FONT_NORMAL,
		 n ? head
		   : _("no findings: no deadlock, lost update, use after drop, "
		       "unreceived message or unjoined thread"),
		 n ? C_FINDING : C_TEXT, bx + pad, by + pad, UI_LEFT);
	v->flist_box = (SDL_Rect){ bx, by, bw, bh };
	v->flist_row0 = row0;
	v->flist_row_h = lh;
	for (int i = 0; i < rows; i++) {
		const struct ct_finding *f = &fs[top + (size_t)i];
		int y = row0 + i * lh;
		char t[40], s[600];
		size_t tl;

		/* Exact seconds, as `ctrace check` prints them. */
		ct_time_format_seconds(f->time, t, sizeof(t));
		tl = strlen(t);
		snprintf(t + tl, sizeof(t) - tl, " s");
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
