/* SPDX-License-Identifier: MIT */
/*
 * playback.c - the play head: playing at a speed of a power of two times
 * real time, following the head when it leaves the window, and stepping from
 * event to event. The head sweeps time, so it lives on the time axis only.
 */
#include <math.h>
#include <stdio.h>

#include "playback.h"
#include "view.h"
#include "view_state.h"

/* On the order axis, says so on the status line and returns true. */
static bool time_axis_only(struct ct_ui_view *v)
{
	if (v->order)
		snprintf(v->note, sizeof(v->note),
			 "playback sweeps time: press O for the time axis");
	return v->order;
}

void ui_step(struct ct_ui_view *v, int dir)
{
	size_t n;
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n);
	size_t idx;
	double t;
	char d[200];

	if (n == 0 || time_axis_only(v))
		return;
	if (!v->head_on) {
		v->head_on = true;
		v->head = dir > 0 ? -1 : v->end + 1;
	}
	if (dir > 0) {
		if (v->step_event != CT_MODEL_NONE && v->step_event + 1 < n &&
		    (double)ct_model_event_time(&events[v->step_event]) == v->head)
			idx = v->step_event + 1; /* several events can share one time */
		else
			idx = v->head < 0
				      ? 0
				      : ct_model_event_at(v->model, (uint64_t)floor(v->head) + 1);
		if (idx >= n)
			idx = n - 1;
	} else {
		if (v->step_event != CT_MODEL_NONE && v->step_event > 0 &&
		    (double)ct_model_event_time(&events[v->step_event]) == v->head)
			idx = v->step_event - 1;
		else {
			idx = v->head > v->end
				      ? n
				      : ct_model_event_at(v->model, (uint64_t)ceil(v->head));
			idx = idx > 0 ? idx - 1 : 0;
		}
	}
	v->playing = false;
	v->step_event = (uint32_t)idx;
	ui_srcpanel_show(v, v->step_event);
	t = (double)ct_model_event_time(&events[idx]);
	v->head = t;
	ct_model_event_describe(v->model, (uint32_t)idx, d, sizeof(d));
	snprintf(v->note, sizeof(v->note), "event %zu/%zu  %s", idx + 1, n, d);
	/* Keep the event in sight. */
	if (t < v->t0 || t > v->t0 + v->span) {
		v->t0 = t - v->span / 2;
		ui_view_clamp(v);
	}
}

void ui_play_advance(struct ct_ui_view *v, double dt_ns)
{
	if (!v->playing)
		return;
	v->head += dt_ns * ldexp(1.0, v->speed_exp);
	if (v->head >= v->end) {
		v->head = v->end;
		v->playing = false;
	}
	/* Follow the head when it leaves the window. */
	if (v->head > v->t0 + v->span) {
		v->t0 = v->head - 0.1 * v->span;
		ui_view_clamp(v);
	}
}

void ui_play_toggle(struct ct_ui_view *v)
{
	if (v->playing) {
		v->playing = false;
		return;
	}
	if (time_axis_only(v))
		return;
	if (!v->head_on || v->head >= v->end) {
		v->head_on = true;
		v->head = 0;
	}
	v->playing = true;
	v->note[0] = '\0';
}

void ui_play_speed(struct ct_ui_view *v, int delta)
{
	v->speed_exp += delta;
	if (v->speed_exp > 10)
		v->speed_exp = 10;
	if (v->speed_exp < -14)
		v->speed_exp = -14;
}
