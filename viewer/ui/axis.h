/* SPDX-License-Identifier: MIT */
/*
 * axis.h - private to viewer/ui: where things stand along x, in the axis the
 * view shows. On the time axis a position is a time (ns from the trace's
 * start); on the order axis it is a happens-before column: event E stands in
 * the middle of its column, [col(E), col(E) + 1), so every column is equally
 * wide however long its step took. The view's window (t0, span, end) is in
 * the same unit, so zoom, pan and time_x work unchanged on both axes.
 *
 * The order axis's arrays are built once, when it is first shown: every
 * event's column, each lane's events, the markers by column and the arrows
 * by source column with the furthest column each prefix reaches. Every query
 * here is then a binary search, on either axis. Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_AXIS_H
#define CTRACE_UI_AXIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view_state.h"

/* The position of event EV. */
double ui_pos(const struct ct_ui_view *v, uint32_t ev);
/* Where span SP starts and ends (an open span: at the axis's end). */
double ui_span_pos0(const struct ct_ui_view *v, const struct ct_model_span *sp);
double ui_span_pos1(const struct ct_ui_view *v, const struct ct_model_span *sp);
/* LANE's life: its first event to its last (or the end, when still blocked). */
void ui_lane_life(const struct ct_ui_view *v, uint32_t lane, double *a, double *b);
/* The spans of LANE overlapping [P0, P1]: *FIRST (span index) and how many. */
size_t ui_lane_spans_in(const struct ct_ui_view *v, uint32_t lane, double p0, double p1,
			size_t *first);
/*
 * The markers in [P0, P1]: returns the array of event indices they are in
 * (sorted by position), *FIRST and *COUNT the range in it.
 */
const uint32_t *ui_markers_in(const struct ct_ui_view *v, double p0, double p1, size_t *first,
			      size_t *count);
/* The first index in MARKERS[LO, HI) (from ui_markers_in) whose position is >= P. */
size_t ui_markers_from(const struct ct_ui_view *v, const uint32_t *markers, size_t lo, size_t hi,
		       double p);
/*
 * Arrows that may overlap [P0, P1]: [*FIRST, *LAST) in the axis's arrow
 * sequence (ui_arrow_at turns one into an arrow index); test each one.
 */
void ui_arrows_in(const struct ct_ui_view *v, double p0, double p1, size_t *first, size_t *last);
uint32_t ui_arrow_at(const struct ct_ui_view *v, size_t k);
/* The first K in [LO, HI) of the arrow sequence whose source's position is >= P. */
size_t ui_arrows_from(const struct ct_ui_view *v, size_t lo, size_t hi, double p);
/*
 * The findings with a marker whose event stands in [P0, P1] on the order
 * axis: [*FIRST, return value) in v->ord_findings (and v->ord_finding_ev).
 */
size_t ui_order_findings_in(const struct ct_ui_view *v, double p0, double p1, size_t *first);
/* The event of LANE nearest position P, or CT_MODEL_NONE for a lane without events. */
uint32_t ui_lane_event_near(const struct ct_ui_view *v, uint32_t lane, double p);
/* Frees the order axis's arrays (the view's destroy). */
void ui_axis_free(struct ct_ui_view *v);

#endif /* CTRACE_UI_AXIS_H */
