/* SPDX-License-Identifier: MIT */
/*
 * tooltip.c - the box of details beside the mouse: what the span, event,
 * marker, arrow, lane or finding under it is, and any finding it takes part in.
 */
#include <stdio.h>

#include "findings.h"
#include "gfx.h"
#include "lane_order.h"
#include "layers.h"
#include "palette.h"
#include "text.h"
#include "timefmt.h"
#include "view_state.h"
#include "i18n.h"

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

		snprintf(lines[n++], 200, _("%s arrow: %s → %s"),
			 _(ct_arrow_kind_name(ct_model_arrow_kind(m, ar))),
			 ui_lane_name(v, events[ar->from].lane),
			 ui_lane_name(v, events[ar->to].lane));
		ct_model_event_describe(v->model, ar->from, lines[n++], 200);
		ct_model_event_describe(v->model, ar->to, lines[n++], 200);
		ct_time_format(tt - tf, 0, d, sizeof(d));
		snprintf(lines[n++], 200, _("latency %s  (click to highlight both ends)"), d);
		if (v->order)
			snprintf(lines[n++], 200, _("step %u → step %u"), v->col[ar->from],
				 v->col[ar->to]);
		break;
	}
	case UI_HIT_MARKER:
	case UI_HIT_EVENT:
		ct_model_event_describe(v->model, h->index, lines[n++], 200);
		if (v->order) /* where it stands: after everything that led to it */
			snprintf(lines[n++], 200, _("step %u of the happens-before order"),
				 v->col[h->index]);
		break;
	case UI_HIT_SPAN: {
		const struct ct_model_span *sp = &spans[h->index];
		double t0 = (double)ct_model_span_start(m, sp),
		       t1 = (double)ct_model_span_end(m, sp);

		ct_time_format(t0, 0, a, sizeof(a));
		ct_time_format(t1, 0, b, sizeof(b));
		ct_time_format(t1 - t0, 0, d, sizeof(d));
		snprintf(lines[n++], 200, "%s: %s", ui_lane_name(v, h->lane),
			 _(ct_lane_state_name(ct_model_span_state(m, sp))));
		snprintf(lines[n++], 200, "%s → %s%s (%s)", a, b,
			 sp->end == CT_MODEL_NONE ? _(" (still at the end)") : "", d);
		ct_model_event_describe(v->model, sp->begin, lines[n++], 200);
		break;
	}
	case UI_HIT_LANE: {
		const struct ct_model_lane *l = &lanes[h->lane];
		double t0 = (double)ct_model_event_time(&events[l->first_event]);
		double t1 = (double)ct_model_event_time(&events[l->last_event]);
		char label[160];

		ct_time_format(t0, 0, a, sizeof(a));
		ct_time_format(t1, 0, b, sizeof(b));
		ct_model_lane_label(v->model, h->lane, label, sizeof(label));
		snprintf(lines[n++], 200, "%s  pid %u", label, l->pid);
		snprintf(lines[n++], 200, _("from %s to %s, %s; %u waits"), a, b,
			 _(ct_lane_end_name(l->end)), l->span_count);
		break;
	}
	case UI_HIT_FINDING: {
		size_t n_f;
		const struct ct_finding *f =
			&ct_analysis_borrow_findings(v->analysis, &n_f)[h->index];

		snprintf(lines[n++], 200, "%s",
			 _(ct_finding_kind_name((enum ct_finding_kind)f->kind)));
		n += ui_finding_lines(v, h->index, lines + n, 4, 90);
		ct_model_event_describe(v->model, ui_finding_marker_event(v, f), lines[n++], 200);
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

void ui_draw_tooltip(struct ui_gfx *c)
{
	char lines[6][200];
	int n = hover_lines(c->v, lines);

	if (n > 0)
		draw_box(c, c->v->mouse_x + (int)(14 * c->s), c->v->mouse_y + (int)(16 * c->s),
			 lines, n, UI_FONT_NORMAL);
}
