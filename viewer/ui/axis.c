/* SPDX-License-Identifier: MIT */
/*
 * axis.c - positions along x on the time axis and on the happens-before
 * axis, the order axis's arrays (built once, when it is first shown), and
 * switching between the two axes with the selection kept in sight.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"
#include "findings.h"
#include "order.h"
#include "view.h"
#include "view_state.h"

double ui_pos(const struct ct_ui_view *v, uint32_t ev)
{
	size_t n;

	if (v->order)
		return v->col[ev] + 0.5;
	return (double)ct_model_event_time(&ct_model_borrow_events(v->model, &n)[ev]);
}

double ui_span_pos0(const struct ct_ui_view *v, const struct ct_model_span *sp)
{
	return v->order ? ui_pos(v, sp->begin) : (double)ct_model_span_start(v->model, sp);
}

double ui_span_pos1(const struct ct_ui_view *v, const struct ct_model_span *sp)
{
	if (!v->order)
		return (double)ct_model_span_end(v->model, sp);
	return sp->end == CT_MODEL_NONE ? v->n_cols : ui_pos(v, sp->end);
}

void ui_lane_life(const struct ct_ui_view *v, uint32_t lane, double *a, double *b)
{
	size_t n;
	const struct ct_model_lane *l = &ct_model_borrow_lanes(v->model, &n)[lane];
	const struct ct_model_span *spans = ct_model_borrow_spans(v->model, &n);

	*a = ui_pos(v, l->first_event);
	*b = ui_pos(v, l->last_event);
	if (l->span_count > 0) {
		double e = ui_span_pos1(v, &spans[l->span_first + l->span_count - 1]);

		if (e > *b)
			*b = e;
	}
}

size_t ui_lane_spans_in(const struct ct_ui_view *v, uint32_t lane, double p0, double p1,
			size_t *first)
{
	size_t n, lo, hi, end;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n);
	const struct ct_model_span *spans = ct_model_borrow_spans(v->model, &n);

	if (!v->order)
		return ct_model_lane_spans_in(v->model, lane, (uint64_t)fmax(0, p0),
					      (uint64_t)fmax(0, p1), first);
	/*
	 * A lane's events stand in increasing columns, so its spans' starts
	 * and ends both increase: the first span ending at or after P0, up to
	 * the first starting after P1.
	 */
	lo = lanes[lane].span_first;
	hi = end = lo + lanes[lane].span_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ui_span_pos1(v, &spans[mid]) < p0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	hi = end;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ui_span_pos0(v, &spans[mid]) <= p1)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - *first;
}

const uint32_t *ui_markers_in(const struct ct_ui_view *v, double p0, double p1, size_t *first,
			      size_t *count)
{
	size_t n;
	const uint32_t *markers = ct_model_borrow_markers(v->model, &n);

	if (!v->order) {
		*count = p1 < 0 ? 0
				: ct_model_markers_in(v->model, (uint64_t)fmax(0, p0),
						      (uint64_t)fmax(0, p1), first);
		if (p1 < 0)
			*first = 0;
		return markers;
	}
	*first = ui_markers_from(v, v->ord_markers, 0, n, p0);
	*count = ui_markers_from(v, v->ord_markers, *first, n, nextafter(p1, INFINITY)) - *first;
	return v->ord_markers;
}

size_t ui_markers_from(const struct ct_ui_view *v, const uint32_t *markers, size_t lo, size_t hi,
		       double p)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ui_pos(v, markers[mid]) < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

uint32_t ui_arrow_at(const struct ct_ui_view *v, size_t k)
{
	return v->order ? v->ord_arrows[k] : (uint32_t)k;
}

size_t ui_arrows_from(const struct ct_ui_view *v, size_t lo, size_t hi, double p)
{
	size_t n;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(v->model, &n);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ui_pos(v, arrows[ui_arrow_at(v, mid)].from) < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void ui_arrows_in(const struct ct_ui_view *v, double p0, double p1, size_t *first, size_t *last)
{
	size_t n, lo = 0, hi;

	ct_model_borrow_arrows(v->model, &n);
	if (!v->order) {
		if (p1 < 0) {
			*first = *last = 0;
			return;
		}
		ct_model_arrows_in(v->model, (uint64_t)fmax(0, p0), (uint64_t)fmax(0, p1), first,
				   last);
		return;
	}
	/* The furthest target column of each prefix never decreases. */
	hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->ord_reach[mid] + 0.5 < p0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	*last = ui_arrows_from(v, lo, n, nextafter(p1, INFINITY));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static size_t findings_from(const struct ct_ui_view *v, size_t lo, size_t hi, double p)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ui_pos(v, v->ord_finding_ev[mid]) < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ui_order_findings_in(const struct ct_ui_view *v, double p0, double p1, size_t *first)
{
	*first = findings_from(v, 0, v->n_ord_findings, p0);
	return findings_from(v, *first, v->n_ord_findings, nextafter(p1, INFINITY)) - *first;
}

/*
 * The findings with a marker, by their marker event's column (then index),
 * into v->ord_findings and v->ord_finding_ev. False when out of memory.
 */
static bool sort_findings(struct ct_ui_view *v)
{
	size_t n_f = 0, n = 0, n_ev;
	const struct ct_finding *fs =
		v->analysis ? ct_analysis_borrow_findings(v->analysis, &n_f) : NULL;
	uint64_t *keys = malloc((n_f ? n_f : 1) * sizeof(*keys));

	ct_model_borrow_events(v->model, &n_ev);
	v->ord_findings = malloc((n_f ? n_f : 1) * sizeof(*v->ord_findings));
	v->ord_finding_ev = malloc((n_f ? n_f : 1) * sizeof(*v->ord_finding_ev));
	if (!keys || !v->ord_findings || !v->ord_finding_ev) {
		free(keys);
		return false;
	}
	for (size_t i = 0; i < n_f; i++) {
		uint32_t ev = ui_finding_marker_event(v, &fs[i]);

		if (ev < n_ev)
			keys[n++] = (uint64_t)v->col[ev] << 32 | i;
	}
	qsort(keys, n, sizeof(*keys), cmp_u64);
	for (size_t i = 0; i < n; i++) {
		v->ord_findings[i] = (uint32_t)keys[i];
		v->ord_finding_ev[i] = ui_finding_marker_event(v, &fs[v->ord_findings[i]]);
	}
	v->n_ord_findings = n;
	free(keys);
	return true;
}

uint32_t ui_lane_event_near(const struct ct_ui_view *v, uint32_t lane, double p)
{
	size_t lo = v->lane_ev_at[lane], hi = v->lane_ev_at[lane + 1], a = lo, b = hi;

	if (lo == hi)
		return CT_MODEL_NONE;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (ui_pos(v, v->lane_ev[mid]) < p)
			a = mid + 1;
		else
			b = mid;
	}
	if (a == hi)
		return v->lane_ev[hi - 1];
	if (a > lo && p - ui_pos(v, v->lane_ev[a - 1]) < ui_pos(v, v->lane_ev[a]) - p)
		return v->lane_ev[a - 1];
	return v->lane_ev[a];
}

void ui_axis_free(struct ct_ui_view *v)
{
	free(v->col);
	free(v->lane_ev);
	free(v->lane_ev_at);
	free(v->ord_markers);
	free(v->ord_arrows);
	free(v->ord_reach);
	free(v->ord_findings);
	free(v->ord_finding_ev);
	v->col = v->lane_ev = v->lane_ev_at = v->ord_markers = v->ord_arrows = v->ord_reach = NULL;
	v->ord_findings = v->ord_finding_ev = NULL;
	v->n_ord_findings = 0;
}

/*
 * IDS (0..N-1 when NULL) sorted by the column of their event (the id itself,
 * or ARROWS[id].from when ARROWS is given), then by id: a column and an id
 * packed in one 64-bit key sort with plain qsort.
 */
static uint32_t *sort_by_column(const struct ct_ui_view *v, size_t n, const uint32_t *ids,
				const struct ct_model_arrow *arrows)
{
	uint64_t *keys = malloc((n ? n : 1) * sizeof(*keys));
	uint32_t *out = malloc((n ? n : 1) * sizeof(*out));

	if (!keys || !out) {
		free(keys);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t id = ids ? ids[i] : (uint32_t)i;
		uint32_t ev = arrows ? arrows[i].from : id;

		keys[i] = (uint64_t)v->col[ev] << 32 | id;
	}
	qsort(keys, n, sizeof(*keys), cmp_u64);
	for (size_t i = 0; i < n; i++)
		out[i] = (uint32_t)keys[i];
	free(keys);
	return out;
}

/* Builds the order axis's arrays, once. CT_UI_NOMEM (and nothing kept) on failure. */
static enum ct_ui_status axis_build(struct ct_ui_view *v)
{
	size_t n_ev, n_lanes, n_mk, n_ar;
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n_ev);
	const uint32_t *markers = ct_model_borrow_markers(v->model, &n_mk);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(v->model, &n_ar);

	if (v->col)
		return CT_UI_OK;
	ct_model_borrow_lanes(v->model, &n_lanes);
	if (ct_model_causal_columns(v->model, &v->col, &v->n_cols) != CT_MODEL_OK)
		return CT_UI_NOMEM;
	if (!v->col) /* a model without events: one empty column */
		v->col = calloc(1, sizeof(*v->col));
	v->lane_ev = malloc((n_ev ? n_ev : 1) * sizeof(*v->lane_ev));
	v->lane_ev_at = calloc(n_lanes + 1, sizeof(*v->lane_ev_at));
	v->ord_markers = sort_by_column(v, n_mk, markers, NULL);
	v->ord_arrows = sort_by_column(v, n_ar, NULL, arrows);
	v->ord_reach = malloc((n_ar ? n_ar : 1) * sizeof(*v->ord_reach));
	if (!v->col || !v->lane_ev || !v->lane_ev_at || !v->ord_markers || !v->ord_arrows ||
	    !v->ord_reach || !sort_findings(v)) {
		ui_axis_free(v);
		return CT_UI_NOMEM;
	}
	/* Each lane's events in index order: a counting sort by lane. */
	for (size_t i = 0; i < n_ev; i++)
		v->lane_ev_at[events[i].lane + 1]++;
	for (size_t l = 0; l < n_lanes; l++)
		v->lane_ev_at[l + 1] += v->lane_ev_at[l];
	{
		uint32_t *next = malloc((n_lanes ? n_lanes : 1) * sizeof(*next));

		if (!next) {
			ui_axis_free(v);
			return CT_UI_NOMEM;
		}
		memcpy(next, v->lane_ev_at, n_lanes * sizeof(*next));
		for (size_t i = 0; i < n_ev; i++)
			v->lane_ev[next[events[i].lane]++] = (uint32_t)i;
		free(next);
	}
	for (size_t k = 0; k < n_ar; k++) {
		uint32_t to = v->col[arrows[v->ord_arrows[k]].to];

		v->ord_reach[k] = k > 0 && v->ord_reach[k - 1] > to ? v->ord_reach[k - 1] : to;
	}
	return CT_UI_OK;
}

enum ct_ui_axis ct_ui_view_axis(const struct ct_ui_view *v)
{
	return v->order ? CT_UI_AXIS_ORDER : CT_UI_AXIS_TIME;
}

enum ct_ui_status ct_ui_view_set_axis(struct ct_ui_view *v, enum ct_ui_axis axis)
{
	bool order = axis == CT_UI_AXIS_ORDER, fitted;
	size_t n_ar;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(v->model, &n_ar);
	uint32_t anchor = CT_MODEL_NONE, lane;
	double frac = 0.5, share;

	if (order == v->order)
		return CT_UI_OK;
	if (axis_build(v) != CT_UI_OK)
		return CT_UI_NOMEM;
	/*
	 * What stays in sight: the selected arrow's source, else the event
	 * stepped to, else the event of the selected lane (or of the top lane)
	 * nearest the middle of the view, at the same place across the plot;
	 * and the same share of the trace.
	 */
	fitted = v->t0 <= 0 && v->t0 + v->span >= v->end;
	share = v->end > 0 ? v->span / v->end : 1;
	lane = v->sel_lane != CT_MODEL_NONE ? v->sel_lane
	       : v->lay.visible_lanes > 0   ? v->lane_at[v->lay.first_lane]
					    : CT_MODEL_NONE;
	if (v->sel_arrow != CT_MODEL_NONE && v->sel_arrow < n_ar)
		anchor = arrows[v->sel_arrow].from;
	else if (v->step_event != CT_MODEL_NONE)
		anchor = v->step_event; /* the event the last step landed on */
	else if (lane != CT_MODEL_NONE)
		anchor = ui_lane_event_near(v, lane, v->t0 + v->span / 2);
	if (anchor != CT_MODEL_NONE)
		frac = (ui_pos(v, anchor) - v->t0) / v->span;
	if (!(frac >= 0 && frac <= 1))
		frac = 0.5;
	v->order = order;
	v->end = order ? v->n_cols : (double)ct_model_end_time(v->model);
	/* Playback sweeps time: the head is for the time axis only. */
	v->head_on = v->playing = false;
	v->step_event = CT_MODEL_NONE;
	ct_ui_view_fit(v);
	if (!fitted && anchor != CT_MODEL_NONE) {
		v->span = fmax(share * v->end, ui_min_span(v));
		v->t0 = ui_pos(v, anchor) - frac * v->span;
		ui_view_clamp(v);
	}
	return CT_UI_OK;
}

double ct_ui_view_event_x(const struct ct_ui_view *v, uint32_t ev)
{
	return ct_ui_view_time_x(v, ui_pos(v, ev));
}
