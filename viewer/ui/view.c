/* SPDX-License-Identifier: MIT */
/* view.c - the view's state: creation, layout, the time window, zoom and pan, hit tests, stepping and playback. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

/* The narrowest window: 20 ns across the plot. */
#define MIN_SPAN_NS 20.0

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Sort keys of the lanes (see struct ct_ui_view's rows), for qsort_r. */
struct row_key {
	uint32_t process; /* first event of the lane's process */
	uint32_t order;   /* 0 for the main thread, else 1 */
	uint32_t when;    /* its thread_spawn, else its first event */
	uint32_t lane;
};

static int row_cmp(const void *a, const void *b)
{
	const struct row_key *x = a, *y = b;

	if (x->process != y->process)
		return x->process < y->process ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->lane < y->lane ? -1 : x->lane > y->lane;
}

/*
 * Orders the rows: threads are numbered by their first event, which comes
 * in whatever order the scheduler ran them, so five philosophers spawned
 * 0..4 could show as 1, 0, 3, 2, 4. Their spawn order is the program's own.
 * False when out of memory.
 */
static bool order_rows(struct ct_ui_view *v)
{
	size_t n, n_arrows, n_events;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(v->model, &n_arrows);
	const struct ct_model_event *ev = ct_model_borrow_events(v->model, &n_events);
	struct row_key *keys = calloc(n ? n : 1, sizeof(*keys));

	if (!keys)
		return false;
	/* A process starts where its first lane does: sort by pid, then lane (= first event). */
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct row_key){ .process = lanes[i].pid, .lane = (uint32_t)i };
	qsort(keys, n, sizeof(*keys), row_cmp);
	for (size_t i = 0, start = 0; i < n; i++) {
		if (keys[i].process != keys[start].process)
			start = i;
		v->row_of[keys[i].lane] = keys[start].lane; /* scratch: the process's first lane */
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = (struct row_key){ .process = lanes[v->row_of[i]].first_event,
					    .order = lanes[i].tid != lanes[i].pid,
					    .when = lanes[i].first_event,
					    .lane = (uint32_t)i };
	for (size_t a = 0; a < n_arrows; a++) {
		uint32_t to = ev[arrows[a].to].lane;

		if (ct_model_arrow_kind(v->model, &arrows[a]) == CT_ARROW_SPAWN && to < n &&
		    arrows[a].from < keys[to].when)
			keys[to].when = arrows[a].from;
	}
	qsort(keys, n, sizeof(*keys), row_cmp);
	for (size_t r = 0; r < n; r++) {
		v->lane_at[r] = keys[r].lane;
		v->row_of[keys[r].lane] = (uint32_t)r;
	}
	free(keys);
	return true;
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
	v->summaries = calloc(n_lanes ? n_lanes : 1, sizeof(*v->summaries));
	v->row_of = calloc(n_lanes ? n_lanes : 1, sizeof(*v->row_of));
	v->lane_at = calloc(n_lanes ? n_lanes : 1, sizeof(*v->lane_at));
	if (!v->summaries || !v->row_of || !v->lane_at || !order_rows(v))
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
	if (v->summaries) {
		ct_model_borrow_lanes(v->model, &n_lanes);
		for (size_t i = 0; i < n_lanes; i++)
			ui_summary_free(&v->summaries[i]);
	}
	free(v->summaries);
	free(v->row_of);
	free(v->lane_at);
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

double ui_min_span(void)
{
	return MIN_SPAN_NS;
}

double ui_max_span(const struct ct_ui_view *v)
{
	return fmax(v->end * 4.0, 1000.0);
}

/* Keeps the window within zoom limits and near the trace. */
static void clamp_window(struct ct_ui_view *v)
{
	if (!isfinite(v->span) || v->span < MIN_SPAN_NS)
		v->span = MIN_SPAN_NS;
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
	if (span < MIN_SPAN_NS)
		span = MIN_SPAN_NS;
	if (span > ui_max_span(v))
		span = ui_max_span(v);
	v->span = span;
	v->t0 = mid - span / 2;
	clamp_window(v);
}

void ct_ui_view_fit(struct ct_ui_view *v)
{
	double pad = v->end * 0.015;

	if (v->end <= 0) {
		v->t0 = -500;
		v->span = 1000;
		return;
	}
	v->t0 = -pad;
	v->span = v->end + 2 * pad;
	clamp_window(v);
}

void ct_ui_view_set_head(struct ct_ui_view *v, double t)
{
	if (!isfinite(t))
		return;
	v->head_on = true;
	v->head = fmin(fmax(t, 0), v->end);
}

void ui_layout_compute(struct ct_ui_view *v, int w, int h, float scale)
{
	struct ui_layout *l = &v->lay;
	size_t n_lanes;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n_lanes);
	int margin = (int)(16 * scale);
	int small_h = v->font[UI_FONT_SMALL] ? TTF_FontLineSkip(v->font[UI_FONT_SMALL]) : 14;
	int normal_h = v->font[UI_FONT_NORMAL] ? TTF_FontLineSkip(v->font[UI_FONT_NORMAL]) : 16;
	int title_h = v->font[UI_FONT_TITLE] ? TTF_FontLineSkip(v->font[UI_FONT_TITLE]) : 22;
	int name_w = 0, lesson_h = 0, min_lane = (int)(10 * scale), max_lane = (int)(84 * scale);

	l->w = w;
	l->h = h;
	l->scale = scale;
	if (v->lesson && v->font[UI_FONT_NORMAL]) {
		int tw = 0;

		TTF_SizeUTF8(v->font[UI_FONT_NORMAL], v->lesson, &tw, NULL);
		lesson_h = tw > w - 2 * margin ? 2 * normal_h : normal_h;
	}
	l->header_h = margin / 2 + title_h + (lesson_h ? lesson_h + (int)(2 * scale) : 0) +
		      (int)(6 * scale);
	l->legend_y = l->header_h;
	l->legend_rows = ui_legend_rows(v, w, scale);
	l->legend_h = l->legend_rows * (small_h + (int)(10 * scale));
	l->axis_y = l->legend_y + l->legend_h;
	l->axis_h = small_h + (int)(10 * scale);
	l->status_h = normal_h + (int)(10 * scale);
	l->status_y = h - l->status_h;
	/* Room for four printed lines is kept below the lanes (when there are any); up to eight. */
	l->out_h = v->has_prints ? 4 * small_h + (int)(12 * scale) : 0;
	if (l->out_h > h / 5)
		l->out_h = 0;
	for (size_t i = 0; i < n_lanes && v->font[UI_FONT_NORMAL]; i++) {
		int tw = 0;

		TTF_SizeUTF8(v->font[UI_FONT_NORMAL], ui_lane_name(v, (uint32_t)i), &tw, NULL);
		if (tw > name_w)
			name_w = tw;
		(void)lanes;
	}
	l->label_w = name_w + 2 * margin;
	if (l->label_w < (int)(110 * scale))
		l->label_w = (int)(110 * scale);
	if (l->label_w > w / 4)
		l->label_w = w / 4;
	l->plot.x = l->label_w;
	l->plot.y = l->axis_y + l->axis_h;
	l->plot.w = w - l->label_w - margin;
	l->plot.h = l->status_y - l->out_h - l->plot.y - (int)(4 * scale);
	if (l->plot.w < 1)
		l->plot.w = 1;
	if (l->plot.h < 1)
		l->plot.h = 1;
	l->lane_h = n_lanes ? l->plot.h / (int)n_lanes : max_lane;
	if (l->lane_h > max_lane)
		l->lane_h = max_lane;
	if (l->lane_h < min_lane)
		l->lane_h = min_lane;
	if (n_lanes && (int)n_lanes * l->lane_h < l->plot.h)
		l->plot.h = (int)n_lanes * l->lane_h;
	if (l->out_h > 0) {
		int room = l->status_y - l->plot.y - l->plot.h - (int)(8 * scale);
		int lines = (room - (int)(12 * scale)) / small_h;

		if (lines > 8)
			lines = 8;
		l->out_h = lines * small_h + (int)(12 * scale);
	}
	l->out_y = l->plot.y + l->plot.h + (int)(8 * scale);
	l->visible_lanes = l->plot.h / l->lane_h;
	if (l->visible_lanes > (int)n_lanes)
		l->visible_lanes = (int)n_lanes;
	if (v->lane_scroll > (int)n_lanes - l->visible_lanes)
		v->lane_scroll = (int)n_lanes - l->visible_lanes;
	if (v->lane_scroll < 0)
		v->lane_scroll = 0;
	l->first_lane = v->lane_scroll;
}

double ct_ui_view_time_x(const struct ct_ui_view *v, double t)
{
	return v->lay.plot.x + (t - v->t0) / v->span * v->lay.plot.w;
}

double ui_x_to_time(const struct ct_ui_view *v, double x)
{
	return v->t0 + (x - v->lay.plot.x) / v->lay.plot.w * v->span;
}

SDL_Rect ct_ui_view_plot_rect(const struct ct_ui_view *v)
{
	return v->lay.plot;
}

bool ui_lane_visible(const struct ct_ui_view *v, uint32_t lane)
{
	size_t n;

	ct_model_borrow_lanes(v->model, &n);
	return lane < n && ui_lane_row(v, lane) >= v->lay.first_lane &&
	       ui_lane_row(v, lane) < v->lay.first_lane + v->lay.visible_lanes;
}

bool ct_ui_view_lane_bar(const struct ct_ui_view *v, uint32_t lane, SDL_Rect *bar)
{
	int top, bh;

	if (!ui_lane_visible(v, lane))
		return false;
	top = v->lay.plot.y + (ui_lane_row(v, lane) - v->lay.first_lane) * v->lay.lane_h;
	bh = v->lay.lane_h * 2 / 5;
	if (bh > (int)(22 * v->lay.scale))
		bh = (int)(22 * v->lay.scale);
	if (bh < 3)
		bh = v->lay.lane_h > 3 ? v->lay.lane_h - 2 : v->lay.lane_h;
	bar->x = v->lay.plot.x;
	bar->w = v->lay.plot.w;
	bar->y = top + (v->lay.lane_h >= 30 ? v->lay.lane_h * 11 / 20 - bh / 2 + bh / 4
					    : (v->lay.lane_h - bh) / 2);
	bar->h = bh;
	return true;
}

int ui_lane_mid(const struct ct_ui_view *v, uint32_t lane)
{
	SDL_Rect bar;

	if (!ct_ui_view_lane_bar(v, lane, &bar)) {
		/* Off screen: above or below the plot, so arrows still point the right way. */
		return ui_lane_row(v, lane) < v->lay.first_lane ? v->lay.plot.y - 4
								: v->lay.plot.y + v->lay.plot.h + 4;
	}
	return bar.y + bar.h / 2;
}

uint32_t ui_lane_at(const struct ct_ui_view *v, int y)
{
	int i;

	if (y < v->lay.plot.y)
		return CT_MODEL_NONE;
	i = (y - v->lay.plot.y) / v->lay.lane_h;
	if (i >= v->lay.visible_lanes)
		return CT_MODEL_NONE;
	return v->lane_at[i + v->lay.first_lane];
}

const char *ui_lane_name(const struct ct_ui_view *v, uint32_t lane)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(v->model, &n);
	const char *s;

	if (lane >= n)
		return "?";
	s = ct_model_string(v->model, lanes[lane].name);
	return *s ? s : "thread";
}

void ui_zoom_at(struct ct_ui_view *v, double factor, int x)
{
	double tm = ui_x_to_time(v, x);
	double frac = (double)(x - v->lay.plot.x) / v->lay.plot.w;

	if (!(factor > 0) || !isfinite(factor))
		return;
	v->span /= factor;
	clamp_window(v);
	v->t0 = tm - frac * v->span;
	clamp_window(v);
}

void ui_pan_px(struct ct_ui_view *v, double dx)
{
	v->t0 -= dx / v->lay.plot.w * v->span;
	clamp_window(v);
}

void ui_format_ns(double ns, char *buf, size_t len)
{
	double a = fabs(ns);

	if (a < 1e3)
		snprintf(buf, len, "%.0f ns", ns);
	else if (a < 1e6)
		snprintf(buf, len, "%.2f µs", ns / 1e3);
	else if (a < 1e9)
		snprintf(buf, len, "%.3f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.4f s", ns / 1e9);
}

bool ct_ui_parse_time(const char *s, double *ns)
{
	char *end;
	double x;
	static const struct {
		const char *unit;
		double mul;
	} units[] = { { "", 1 },     { "ns", 1 },   { "us", 1e3 },
		      { "µs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };

	if (!s)
		return false;
	x = strtod(s, &end);
	if (end == s || !isfinite(x))
		return false;
	while (isspace((unsigned char)*end))
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit) == 0) {
			*ns = x * units[i].mul;
			return true;
		}
	}
	return false;
}

/* A short phrase for what an event says, without time or lane. */
static void event_phrase(const struct ct_ui_view *v, const struct ct_model_event *ev, char *buf,
			 size_t len)
{
	const struct ct_model *m = v->model;
	size_t n_objs;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	const char *obj = ev->obj < n_objs ? ct_model_string(m, objs[ev->obj].name) : "";
	const char *type = ct_event_type_name((enum ct_event_type)ev->type);

	switch ((enum ct_event_type)ev->type) {
	case CT_EV_THREAD_SPAWN:
		snprintf(buf, len, "spawns %s", ct_model_string(m, ev->arg));
		break;
	case CT_EV_CHAN_SEND_END: {
		const char *label = ct_model_string(m, ct_model_message_label(m, ev->arg));

		snprintf(buf, len, "sends %s%s%s (%s)", *label ? "\"" : "message", label,
			 *label ? "\"" : "", ct_event_status_name(ev->status));
		break;
	}
	case CT_EV_CHAN_RECV_END: {
		const char *label =
			ev->arg == CT_MODEL_NONE
				? ""
				: ct_model_string(m, ct_model_message_label(m, ev->arg));

		snprintf(buf, len, "receives %s%s%s (%s)", *label ? "\"" : "", label,
			 *label ? "\"" : "", ct_event_status_name(ev->status));
		if (!*label && ev->status == CT_EVS_OK)
			snprintf(buf, len, "receives a message");
		break;
	}
	case CT_EV_MQ_SEND:
		snprintf(buf, len, "sends %lld B (priority %u)",
			 (long long)ct_model_event_value(m, ev), ct_model_event_prio(m, ev));
		break;
	case CT_EV_MQ_RECV:
		if (ev->status == CT_EVS_OK)
			snprintf(buf, len, "receives %lld B (priority %u)",
				 (long long)ct_model_event_value(m, ev),
				 ct_model_event_prio(m, ev));
		else
			snprintf(buf, len, "receives nothing (%s)",
				 ct_event_status_name(ev->status));
		break;
	case CT_EV_MQ_SEND_END:
		snprintf(buf, len, "%s (%s)", type, ct_event_status_name(ev->status));
		break;
	case CT_EV_PRINT:
		snprintf(buf, len, "prints \"%s\"", ct_model_string(m, ev->arg));
		break;
	case CT_EV_MARK:
		snprintf(buf, len, "mark \"%s\"", ct_model_string(m, ev->arg));
		break;
	case CT_EV_SLEEP_BEGIN:
	case CT_EV_SLEEP_END: {
		char d[32];

		ui_format_ns((double)ct_model_event_value(m, ev), d, sizeof(d));
		snprintf(buf, len, "%s %s", type, d);
		break;
	}
	case CT_EV_ARC_NEW:
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
		snprintf(buf, len, "%s%s%s count=%lld", type, *obj ? " " : "", obj,
			 (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_ACCESS:
		snprintf(buf, len, "%s %s%s value=%lld", ct_access_kind_name(ev->status), obj,
			 *obj ? "" : "object", (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_SEM_NEW:
		snprintf(buf, len, "%s%s%s value=%lld", type, *obj ? " " : "", obj,
			 (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_SEM_WAIT_END:
		/* A timed-out wait took no token: say so, as the wake-up arrow is missing. */
		snprintf(buf, len, "%s%s%s (%s)", type, *obj ? " " : "", obj,
			 ct_event_status_name(ev->status));
		break;
	default:
		snprintf(buf, len, "%s%s%s", type, *obj ? " " : "", obj);
		break;
	}
}

void ui_describe_event(const struct ct_ui_view *v, uint32_t ev, char *buf, size_t len)
{
	size_t n;
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n);
	char t[32], what[256];

	if (ev >= n) {
		snprintf(buf, len, "no event");
		return;
	}
	ui_format_ns((double)ct_model_event_time(&events[ev]), t, sizeof(t));
	event_phrase(v, &events[ev], what, sizeof(what));
	snprintf(buf, len, "%s  %s: %s", t, ui_lane_name(v, events[ev].lane), what);
}

void ui_step(struct ct_ui_view *v, int dir)
{
	size_t n;
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n);
	size_t idx;
	double t;
	char d[200];

	if (n == 0)
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
	t = (double)ct_model_event_time(&events[idx]);
	v->head = t;
	ui_describe_event(v, (uint32_t)idx, d, sizeof(d));
	snprintf(v->note, sizeof(v->note), "event %zu/%zu  %s", idx + 1, n, d);
	/* Keep the event in sight. */
	if (t < v->t0 || t > v->t0 + v->span) {
		v->t0 = t - v->span / 2;
		clamp_window(v);
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
		clamp_window(v);
	}
}

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
	size_t n_events, n_arrows, n_markers;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	const uint32_t *markers = ct_model_borrow_markers(m, &n_markers);
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
	ct_model_arrows_in(m, (uint64_t)fmax(0, v->t0), (uint64_t)fmax(0, v->t0 + v->span), &first,
			   &last);
	if (last - first <= 4000) {
		for (size_t i = first; i < last; i++) {
			const struct ct_model_arrow *a = &arrows[i];
			double ax =
				ct_ui_view_time_x(v, (double)ct_model_event_time(&events[a->from]));
			double bx =
				ct_ui_view_time_x(v, (double)ct_model_event_time(&events[a->to]));
			double d = seg_dist(x, y, ax, ui_lane_mid(v, events[a->from].lane), bx,
					    ui_lane_mid(v, events[a->to].lane));

			if (d < best) {
				best = d;
				hit->kind = UI_HIT_ARROW;
				hit->index = (uint32_t)i;
			}
		}
		if (hit->kind == UI_HIT_ARROW)
			return;
	}
	/* Markers and events on this lane within a few pixels. */
	count = ct_model_markers_in(m, (uint64_t)fmax(0, tx - tol * tpx),
				    (uint64_t)fmax(0, tx + tol * tpx), &first);
	for (size_t i = first; i < first + count && i < n_markers; i++) {
		const struct ct_model_event *ev = &events[markers[i]];

		if (ev->lane == lane) {
			hit->kind = UI_HIT_MARKER;
			hit->index = markers[i];
			return;
		}
	}
	first = ct_model_event_at(m, (uint64_t)fmax(0, tx - tol * tpx));
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
	count = ct_model_lane_spans_in(m, lane, (uint64_t)fmax(0, tx), (uint64_t)fmax(0, tx),
				       &first);
	if (count > 0) {
		hit->kind = UI_HIT_SPAN;
		hit->index = (uint32_t)first;
		return;
	}
	hit->kind = UI_HIT_LANE;
}

void ui_findings_scroll(struct ct_ui_view *v, long delta)
{
	size_t n, rows = v->flist_rows > 0 ? (size_t)v->flist_rows : 1;
	long top;

	ct_analysis_borrow_findings(v->analysis, &n);
	top = (long)v->findings_top + delta;
	if (top > (long)n - (long)rows)
		top = (long)n - (long)rows;
	v->findings_top = top < 0 ? 0 : (size_t)top;
}

void ui_findings_jump(struct ct_ui_view *v, size_t i)
{
	size_t n, n_refs;
	const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n);
	const struct ct_finding_ref *refs;
	double t, span = v->span;

	if (i >= n)
		return;
	t = (double)fs[i].time; /* like the view's times, from the trace's start */
	/* Zoomed out over most of the trace, a jump alone would not show where it is. */
	if (span > v->end / 4)
		span = fmax(v->end / 16, ui_min_span());
	ct_ui_view_set_window(v, t - span / 2, t + span / 2);
	refs = ct_analysis_borrow_refs(v->analysis, &fs[i], &n_refs);
	v->sel_lane = n_refs ? refs[0].lane : CT_MODEL_NONE;
	v->sel_arrow = CT_MODEL_NONE;
	v->findings_list = false;
	/* Its lane scrolled into sight (the next layout clamps the scroll). */
	if (v->sel_lane != CT_MODEL_NONE && !ui_lane_visible(v, v->sel_lane))
		v->lane_scroll = ui_lane_row(v, v->sel_lane) - v->lay.visible_lanes / 2;
}
