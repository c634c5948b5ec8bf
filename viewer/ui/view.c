/* SPDX-License-Identifier: MIT */
/*
 * view.c - the view: its creation (fonts, rows, findings, the whole trace in
 * sight) and destruction, the visible time window, zoom, pan, and the jump
 * to a finding.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"
#include "findings.h"
#include "lane_order.h"
#include "layout.h"
#include "summary.h"
#include "text.h"
#include "view.h"
#include "view_state.h"

/* The narrowest window: 20 ns across the plot, or 3 columns of the order axis. */
#define MIN_SPAN_NS      20.0
#define MIN_SPAN_COLUMNS 3.0

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}
struct ct_ui_view *ct_ui_view_create(const struct ct_model *model,
				     const struct ct_ui_header *header, enum ct_ui_status *status,
				     char *err, size_t errlen)
{
	struct ct_ui_view *v = calloc(1, sizeof(*v));
	size_t n_lanes;
	char title[1024];

	*status = CT_UI_NOMEM;
	snprintf(err, errlen, "out of memory");
	if (!v)
		return NULL;
	v->model = model;
	ct_model_borrow_lanes(model, &n_lanes);
	{
		/* Programs recorded through the shim print nothing the trace knows of. */
		size_t n_ev, n_mk;
		const struct ct_model_event *ev = ct_model_borrow_events(model, &n_ev);
		const uint32_t *mk = ct_model_borrow_markers(model, &n_mk);

		for (size_t i = 0; i < n_mk && !v->has_prints; i++)
			v->has_prints = ev[mk[i]].type == CT_EV_PRINT;
	}
	{
		size_t n_sp;
		const struct ct_model_span *sp = ct_model_borrow_spans(model, &n_sp);

		/*
		 * The chapter's states are always listed; the states of the
		 * shim's other calls (sockets, signals, futexes, waits for
		 * children ...) only when the trace has them.
		 */
		for (int s = 0; s < CT_STATE_COUNT_; s++)
			v->legend_state[s] = s <= CT_STATE_SLEEPING;
		for (size_t i = 0; i < n_sp; i++)
			v->legend_state[ct_model_span_state(model, &sp[i])] = true;
	}
	v->summaries = calloc(n_lanes ? n_lanes : 1, sizeof(*v->summaries));
	v->lane_at = ct_model_borrow_lane_order(model, &n_lanes);
	if (!v->summaries)
		goto error;
	if (header && header->id)
		snprintf(title, sizeof(title), "%s%s  %s%s%s", header->id, header->star ? " ★" : "",
			 header->title_zh ? header->title_zh : "",
			 header->title_zh && header->title_en ? "  /  " : "",
			 header->title_en ? header->title_en : "");
	else
		snprintf(title, sizeof(title), "%s",
			 header && header->title_en ? header->title_en : "ctrace timeline");
	v->title = strdup(title);
	v->lesson = dup_or_null(header ? header->lesson : NULL);
	if (!v->title || (header && header->lesson && !v->lesson))
		goto error;
	v->end = (double)ct_model_end_time(model);
	v->sel_lane = CT_MODEL_NONE;
	v->sel_arrow = CT_MODEL_NONE;
	v->step_event = CT_MODEL_NONE;
	v->hover.kind = UI_HIT_NONE;
	ui_srcpanel_init(v);
	/* The analyses run once, here, so every picture of this view shows the same findings. */
	if (ui_findings_init(v) != CT_UI_OK)
		goto error;
	/* The fonts are opened now so a missing font is reported before any window opens. */
	*status = ui_fonts_open(v, 1.0f, err, errlen);
	if (*status != CT_UI_OK)
		goto error;
	ct_ui_view_fit(v);
	ui_layout_compute(v, 1600, 900, 1.0f);
	*status = CT_UI_OK;
	err[0] = '\0';
	return v;
error:
	ct_ui_view_destroy(v);
	return NULL;
}

void ct_ui_view_destroy(struct ct_ui_view *v)
{
	size_t n_lanes;

	if (!v)
		return;
	ui_fonts_close(v);
	ui_findings_free(v);
	ui_axis_free(v);
	ui_srcpanel_free(v);
	if (v->summaries) {
		ct_model_borrow_lanes(v->model, &n_lanes);
		for (size_t i = 0; i < n_lanes; i++)
			ui_summary_free(&v->summaries[i]);
	}
	free(v->summaries);
	free(v->columns);
	for (int i = 0; i <= CT_STATE_COUNT_; i++)
		free(v->rects[i]);
	free(v->placed);
	free(v->title);
	free(v->lesson);
	free(v);
}

enum ct_ui_status ui_view_prepare(struct ct_ui_view *v,
				  bool (*progress)(void *data, uint64_t done, uint64_t total),
				  void *data)
{
	size_t n_lanes, total = 0, done = 0;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n_lanes);

	/* A lane is drawn from its summary when more spans are in sight than half the plot's columns. */
	for (size_t i = 0; i < n_lanes; i++)
		total += lanes[i].span_count >= UI_SUMMARY_PREPARE_SPANS;
	for (size_t i = 0; i < n_lanes; i++) {
		if (lanes[i].span_count < UI_SUMMARY_PREPARE_SPANS || v->summaries[i].built)
			continue;
		if (progress && !progress(data, done, total))
			return CT_UI_OK;
		if (ui_summary_build(v, (uint32_t)i) != CT_UI_OK)
			return CT_UI_NOMEM;
		done++;
	}
	return CT_UI_OK;
}

double ui_min_span(const struct ct_ui_view *v)
{
	return v->order ? MIN_SPAN_COLUMNS : MIN_SPAN_NS;
}

double ui_max_span(const struct ct_ui_view *v)
{
	return fmax(v->end * 4.0, v->order ? 4 * MIN_SPAN_COLUMNS : 1000.0);
}

/* Keeps the window within zoom limits and near the trace. */
void ui_view_clamp(struct ct_ui_view *v)
{
	if (!isfinite(v->span) || v->span < ui_min_span(v))
		v->span = ui_min_span(v);
	if (v->span > ui_max_span(v))
		v->span = ui_max_span(v);
	if (!isfinite(v->t0))
		v->t0 = 0;
	if (v->t0 < -0.5 * v->span)
		v->t0 = -0.5 * v->span;
	if (v->t0 > v->end - 0.5 * v->span)
		v->t0 = v->end - 0.5 * v->span;
}

void ct_ui_view_set_window(struct ct_ui_view *v, double t0, double t1)
{
	double mid, span;

	if (!isfinite(t0) || !isfinite(t1))
		return;
	if (t1 < t0) {
		double t = t0;

		t0 = t1;
		t1 = t;
	}
	mid = t0 / 2 + t1 / 2;
	span = t1 - t0;
	if (span < ui_min_span(v))
		span = ui_min_span(v);
	if (span > ui_max_span(v))
		span = ui_max_span(v);
	v->span = span;
	v->t0 = mid - span / 2;
	ui_view_clamp(v);
}

void ct_ui_view_fit(struct ct_ui_view *v)
{
	double pad = v->end * 0.015;

	if (v->end <= 0) {
		v->span = v->order ? 2 * MIN_SPAN_COLUMNS : 1000;
		v->t0 = -v->span / 2;
		return;
	}
	v->t0 = -pad;
	v->span = v->end + 2 * pad;
	ui_view_clamp(v);
}

void ct_ui_view_set_head(struct ct_ui_view *v, double t)
{
	if (!isfinite(t) || v->order) /* the head sweeps time */
		return;
	v->head_on = true;
	v->head = fmin(fmax(t, 0), v->end);
}
void ui_zoom_at(struct ct_ui_view *v, double factor, int x)
{
	double tm = ui_x_to_time(v, x);
	double frac = (double)(x - v->lay.plot.x) / v->lay.plot.w;

	if (!(factor > 0) || !isfinite(factor))
		return;
	v->span /= factor;
	ui_view_clamp(v);
	v->t0 = tm - frac * v->span;
	ui_view_clamp(v);
}

void ui_pan_px(struct ct_ui_view *v, double dx)
{
	v->t0 -= dx / v->lay.plot.w * v->span;
	ui_view_clamp(v);
}
void ui_findings_jump(struct ct_ui_view *v, size_t i)
{
	size_t n, n_refs;
	const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n);
	const struct ct_finding_ref *refs;
	double t, span = v->span;

	if (i >= n)
		return;
	/* A finding is found in time: its analysis says when, not at which step. */
	if (ct_ui_view_set_axis(v, CT_UI_AXIS_TIME) != CT_UI_OK)
		return;
	span = v->span;
	t = (double)fs[i].time; /* like the view's times, from the trace's start */
	/* Zoomed out over most of the trace, a jump alone would not show where it is. */
	if (span > v->end / 4)
		span = fmax(v->end / 16, ui_min_span(v));
	ct_ui_view_set_window(v, t - span / 2, t + span / 2);
	refs = ct_analysis_borrow_refs(v->analysis, &fs[i], &n_refs);
	v->sel_lane = n_refs ? refs[0].lane : CT_MODEL_NONE;
	v->sel_arrow = CT_MODEL_NONE;
	v->findings_list = false;
	ui_srcpanel_show(v, fs[i].event);
	/* Its lane scrolled into sight (the next layout clamps the scroll). */
	if (v->sel_lane != CT_MODEL_NONE && !ui_lane_visible(v, v->sel_lane))
		v->lane_scroll = ui_lane_row(v, v->sel_lane) - v->lay.visible_lanes / 2;
}
