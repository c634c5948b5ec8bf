/* SPDX-License-Identifier: MIT */
/*
 * test_render.c - offscreen renders checked by pixels: scenarios 2.3 and 3.2
 * recorded through `ctrace scenario`, drawn by the software renderer, and the
 * picture compared with what the model says (lanes, state colours, arrows,
 * the play head); findings in red (3.3's deadlock on both blocked lanes,
 * 1.3b's use after drop on the child's lane, nothing red for 4.2); bad input (an unreadable trace, zero and one thread, tiny
 * and huge time ranges, no font) through the library and the CLI.
 */
#define _GNU_SOURCE
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "analysis.h"
#include "itest.h"
#include "model.h"
#include "../unit/model_build.h"
#include "ui.h"

#define W 1600
#define H 900

static const char *ctrace_bin;

/* A software renderer on a surface, and a view of one model. */
struct pic {
	char *tmp;
	struct ct_model *model;
	SDL_Surface *surf;
	SDL_Renderer *ren;
	struct ct_ui_view *view;
};

static void pic_free(struct pic *p)
{
	ct_ui_view_destroy(p->view);
	if (p->ren)
		SDL_DestroyRenderer(p->ren);
	SDL_FreeSurface(p->surf);
	ct_model_destroy(p->model);
	if (p->tmp) {
		itest_rmtree(p->tmp);
		free(p->tmp);
	}
	free(p);
}

static int teardown(void **state)
{
	if (*state)
		pic_free(*state);
	return 0;
}

static struct pic *pic_of(struct ct_model *model)
{
	struct pic *p = calloc(1, sizeof(*p));
	enum ct_ui_status st;
	char err[512];

	assert_non_null(p);
	p->model = model;
	p->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(p->surf);
	p->ren = SDL_CreateSoftwareRenderer(p->surf);
	assert_non_null(p->ren);
	p->view = ct_ui_view_create(model, NULL, &st, err, sizeof(err));
	if (!p->view)
		fail_msg("ct_ui_view_create: %s", err);
	return p;
}

static void draw(struct pic *p)
{
	char err[512];

	if (ct_ui_view_draw(p->view, p->ren, 1.0f, err, sizeof(err)) != CT_UI_OK)
		fail_msg("draw: %s", err);
	SDL_RenderPresent(p->ren);
}

static uint32_t pixel(const struct pic *p, int x, int y)
{
	assert_true(x >= 0 && x < W && y >= 0 && y < H);
	return ((const uint32_t *)((const char *)p->surf->pixels + (size_t)y * p->surf->pitch))[x] &
	       0xFFFFFFu;
}

/* Records scenario ID at speed SPEED and loads its trace. */
static struct pic *record_at(void **state, const char *id, const char *speed)
{
	char *tmp = itest_tmpdir();
	char trace[4096];
	char *argv[] = {
		(char *)ctrace_bin, "scenario", (char *)id, "--speed", (char *)speed, "-o", trace,
		"--no-view",        NULL
	};
	struct itest_run run;
	struct ct_model *model = NULL;
	char *error = NULL;
	struct pic *p;

	snprintf(trace, sizeof(trace), "%s/trace", tmp);
	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("ctrace scenario %s exited %d:\n%s", id, run.status, run.err);
	itest_run_free(&run);
	if (ct_model_load(trace, NULL, &model, &error) != CT_MODEL_OK)
		fail_msg("load: %s", error);
	p = pic_of(model);
	p->tmp = tmp;
	*state = p;
	return p;
}

/* Records scenario ID at speed 10 and loads its trace. */
static struct pic *record(void **state, const char *id)
{
	return record_at(state, id, "10");
}

static bool is_state_colour(uint32_t c)
{
	for (int s = 0; s < CT_STATE_COUNT_; s++)
		if (c == ct_ui_state_rgb((enum ct_lane_state)s))
			return true;
	return false;
}

/* Lanes: one bar per lane, top to bottom in model order, inside the plot. */
static void check_lanes(struct pic *p, size_t expect)
{
	size_t n;
	SDL_Rect plot = ct_ui_view_plot_rect(p->view), bars[64];
	int runs = 0, x;
	bool in = false;

	ct_model_borrow_lanes(p->model, &n);
	assert_int_equal(n, expect);
	assert_true(n <= 64);
	/* Every lane has a bar inside the plot, and no two bars overlap (rows are not lane order). */
	for (uint32_t i = 0; i < n; i++) {
		assert_true(ct_ui_view_lane_bar(p->view, i, &bars[i]));
		assert_true(bars[i].y >= plot.y && bars[i].y + bars[i].h <= plot.y + plot.h);
		assert_true(bars[i].h >= 3);
		for (uint32_t j = 0; j < i; j++)
			assert_true(bars[i].y >= bars[j].y + bars[j].h ||
				    bars[j].y >= bars[i].y + bars[i].h);
	}
	/* Counted in the picture: each lane's bar is coloured by a state in the middle of its life. */
	for (uint32_t i = 0; i < n; i++) {
		const struct ct_model_lane *l = &ct_model_borrow_lanes(p->model, &n)[i];
		size_t n_events;
		const struct ct_model_event *ev = ct_model_borrow_events(p->model, &n_events);
		double a = (double)ct_model_event_time(&ev[l->first_event]);
		double b = (double)ct_model_event_time(&ev[l->last_event]);
		/* A few points, as an arrow or its label may cross one of them. */
		static const double fr[] = { 0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65 };
		SDL_Rect bar;
		bool seen = false;

		assert_true(ct_ui_view_lane_bar(p->view, i, &bar));
		for (size_t k = 0; k < sizeof(fr) / sizeof(fr[0]) && !seen; k++) {
			x = (int)floor(ct_ui_view_time_x(p->view, a + (b - a) * fr[k]));
			seen = is_state_colour(pixel(p, x, bar.y + bar.h / 2)) &&
			       !is_state_colour(pixel(p, x, bar.y - 2)) &&
			       !is_state_colour(pixel(p, x, bar.y + bar.h + 1));
		}
		runs += seen;
	}
	assert_int_equal(runs, (int)expect);
	/* And nothing else in the plot is a bar: along one column, at most one run per lane. */
	x = (int)ct_ui_view_time_x(p->view, (double)ct_model_end_time(p->model) * 0.5);
	runs = 0;
	for (int y = plot.y; y < plot.y + plot.h; y++) {
		bool c = is_state_colour(pixel(p, x, y));

		if (c && !in)
			runs++;
		in = c;
	}
	assert_true(runs >= 1 && runs <= (int)expect);
}

/* Colour at the middle of LANE's bar at time T equals what the model says. */
static void check_state_at(struct pic *p, uint32_t lane, double t, enum ct_lane_state expect)
{
	SDL_Rect bar;
	int x = (int)floor(ct_ui_view_time_x(p->view, t));

	assert_int_equal(ct_model_lane_state_at(p->model, lane, (uint64_t)t), expect);
	assert_true(ct_ui_view_lane_bar(p->view, lane, &bar));
	if (pixel(p, x, bar.y + bar.h / 2) != ct_ui_state_rgb(expect))
		fail_msg("lane %u at %.0f ns (x %d): colour %06x, want %06x (%s)", lane, t, x,
			 pixel(p, x, bar.y + bar.h / 2), ct_ui_state_rgb(expect),
			 ct_lane_state_name(expect));
}

/* Some pixel near (X, Y) has colour RGB. */
static bool near(const struct pic *p, int x, int y, int r, uint32_t rgb)
{
	for (int dy = -r; dy <= r; dy++)
		for (int dx = -r; dx <= r; dx++)
			if (x + dx >= 0 && x + dx < W && y + dy >= 0 && y + dy < H &&
			    pixel(p, x + dx, y + dy) == rgb)
				return true;
	return false;
}

/* Every arrow of KIND shows its colour halfway between its two lanes' bars. */
static int check_arrows(struct pic *p, enum ct_arrow_kind kind)
{
	size_t n_arrows, n_events;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(p->model, &n_arrows);
	const struct ct_model_event *ev = ct_model_borrow_events(p->model, &n_events);
	int checked = 0;

	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_arrow *a = &arrows[i];
		SDL_Rect fb, tb;
		double xf, xt;
		int ym, xm;

		if (ct_model_arrow_kind(p->model, a) != kind || ev[a->from].lane == ev[a->to].lane)
			continue;
		assert_true(ct_ui_view_lane_bar(p->view, ev[a->from].lane, &fb));
		assert_true(ct_ui_view_lane_bar(p->view, ev[a->to].lane, &tb));
		xf = ct_ui_view_time_x(p->view, (double)ct_model_event_time(&ev[a->from]));
		xt = ct_ui_view_time_x(p->view, (double)ct_model_event_time(&ev[a->to]));
		/* Between the bars: below the upper one, above the lower one. */
		ym = fb.y < tb.y ? (fb.y + fb.h + tb.y) / 2 : (tb.y + tb.h + fb.y) / 2;
		xm = (int)floor(xf +
				(xt - xf) * (ym - (fb.y + fb.h / 2.0)) /
					((tb.y < fb.y ? tb.y + tb.h : tb.y) - (fb.y + fb.h / 2.0)));
		if (!near(p, xm, ym, 3, ct_ui_arrow_rgb(kind)))
			fail_msg("%s arrow %zu: no %06x pixel near (%d, %d)",
				 ct_arrow_kind_name(kind), i, ct_ui_arrow_rgb(kind), xm, ym);
		checked++;
	}
	return checked;
}

static void test_scenario_2_3(void **state)
{
	struct pic *p = record(state, "2.3");
	size_t n_arrows, n_events;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(p->model, &n_arrows);
	const struct ct_model_event *ev = ct_model_borrow_events(p->model, &n_events);
	double recv[16];
	int n_recv = 0;

	draw(p);
	check_lanes(p, 3);
	assert_int_equal(check_arrows(p, CT_ARROW_MESSAGE), 8);
	/* Main (lane 0) is blocked on recv between the arrows' rounds (100 ms apart at speed 10). */
	for (size_t i = 0; i < n_arrows && n_recv < 16; i++)
		if (ct_model_arrow_kind(p->model, &arrows[i]) == CT_ARROW_MESSAGE)
			recv[n_recv++] = (double)ct_model_event_time(&ev[arrows[i].to]);
	assert_int_equal(n_recv, 8);
	for (int i = 0; i + 1 < n_recv; i++) {
		double gap = recv[i + 1] - recv[i];

		if (gap > ct_model_end_time(p->model) / 20.0)
			check_state_at(p, 0, recv[i] + gap / 2, CT_STATE_BLOCKED_RECV);
	}
	/* The producers sleep between their sends. */
	check_state_at(p, 1, recv[0] + (recv[2] - recv[0]) / 2, CT_STATE_SLEEPING);
	check_state_at(p, 2, recv[0] + (recv[2] - recv[0]) / 2, CT_STATE_SLEEPING);

	/* Playback: with the head at 45%, nothing is drawn right of it. */
	{
		double head = ct_model_end_time(p->model) * 0.45;
		SDL_Rect plot = ct_ui_view_plot_rect(p->view);
		int hx, coloured = 0;

		ct_ui_view_set_head(p->view, head);
		draw(p);
		hx = (int)floor(ct_ui_view_time_x(p->view, head));
		for (int y = plot.y; y < plot.y + plot.h; y++) {
			for (int x = hx + 2; x < plot.x + plot.w; x++)
				if (pixel(p, x, y) != ct_ui_future_rgb())
					fail_msg("pixel (%d, %d) right of the head (x %d) is %06x",
						 x, y, hx, pixel(p, x, y));
			for (int x = plot.x; x < hx; x++)
				coloured += is_state_colour(pixel(p, x, y));
		}
		assert_true(coloured > 1000);
		check_state_at(p, 0, recv[0] + (recv[2] - recv[0]) / 2, CT_STATE_BLOCKED_RECV);
	}
}

static void test_scenario_3_2(void **state)
{
	struct pic *p = record(state, "3.2");
	size_t n_spans, checked = 0;
	const struct ct_model_span *spans = ct_model_borrow_spans(p->model, &n_spans);

	draw(p);
	check_lanes(p, 11);
	assert_true(check_arrows(p, CT_ARROW_HANDOFF) >= 1);
	/* Spawn and join arrows are drawn translucent; the opaque kinds are checked exactly. */
	/* Every lock wait wide enough to see is drawn in the lock colour at its middle. */
	for (size_t i = 0; i < n_spans; i++) {
		double a = (double)ct_model_span_start(p->model, &spans[i]);
		double b = (double)ct_model_span_end(p->model, &spans[i]);
		size_t n_events;
		const struct ct_model_event *ev = ct_model_borrow_events(p->model, &n_events);

		if (ct_model_span_state(p->model, &spans[i]) != CT_STATE_BLOCKED_LOCK ||
		    ct_ui_view_time_x(p->view, b) - ct_ui_view_time_x(p->view, a) < 8)
			continue;
		{
			/* An arrow may cross the middle: one of three points shows the colour. */
			uint32_t lane = ev[spans[i].begin].lane;
			SDL_Rect bar;
			bool ok = false;

			assert_true(ct_ui_view_lane_bar(p->view, lane, &bar));
			for (double f = 0.3; f < 0.75 && !ok; f += 0.2)
				ok = pixel(p,
					   (int)floor(ct_ui_view_time_x(p->view, a + (b - a) * f)),
					   bar.y + bar.h / 2) ==
				     ct_ui_state_rgb(CT_STATE_BLOCKED_LOCK);
			if (!ok)
				fail_msg("lock wait %zu on lane %u is not drawn in the lock colour",
					 i, lane);
		}
		checked++;
	}
	print_message("lock waits checked: %zu\n", checked);
}

/* ------------------------------------------------------------- findings */

/* Pixels of the findings' red in the rectangle [X0, X1) x [Y0, Y1), clipped to the picture. */
static int red_in(const struct pic *p, int x0, int y0, int x1, int y1)
{
	int n = 0;

	for (int y = y0 < 0 ? 0 : y0; y < y1 && y < H; y++)
		for (int x = x0 < 0 ? 0 : x0; x < x1 && x < W; x++)
			n += pixel(p, x, y) == ct_ui_finding_rgb();
	return n;
}

/* Red pixels on LANE's bar and just around it (outline, marker), across the plot. */
static int red_on_lane(const struct pic *p, uint32_t lane)
{
	SDL_Rect bar, plot = ct_ui_view_plot_rect(p->view);

	assert_true(ct_ui_view_lane_bar(p->view, lane, &bar));
	return red_in(p, plot.x, bar.y - 6, plot.x + plot.w, bar.y + bar.h + 3);
}

/* The findings of P's model, for the test to know which lanes they name. */
static struct ct_analysis *analyse(const struct pic *p)
{
	struct ct_analysis *a = NULL;

	assert_int_equal(ct_analysis_run(p->model, &a), CT_MODEL_OK);
	return a;
}

static void test_scenario_3_3_deadlock(void **state)
{
	struct pic *p = record_at(state, "3.3", "1");
	struct ct_analysis *a = analyse(p);
	size_t n, n_refs;
	const struct ct_finding *f = ct_analysis_borrow_findings(a, &n);
	const struct ct_finding_ref *refs;
	uint32_t wait_lanes[2];
	int n_wait = 0;
	SDL_Rect b0, b1;

	draw(p);
	assert_int_equal(ct_analysis_count(a, CT_FINDING_DEADLOCK), 1);
	while (f->kind != CT_FINDING_DEADLOCK)
		f++;
	refs = ct_analysis_borrow_refs(a, f, &n_refs);
	for (size_t i = 0; i < n_refs; i++)
		if (refs[i].role == CT_ROLE_WAIT && n_wait < 2)
			wait_lanes[n_wait++] = refs[i].lane;
	assert_int_equal(n_wait, 2);
	/* Both blocked threads are outlined and hatched in red along their wait. */
	for (int i = 0; i < 2; i++) {
		int red = red_on_lane(p, wait_lanes[i]);

		print_message(
			"lane %u (%s): %d red pixels\n", wait_lanes[i],
			ct_model_string(p->model,
					ct_model_borrow_lanes(p->model, &n)[wait_lanes[i]].name),
			red);
		if (red < 1000)
			fail_msg("deadlocked lane %u has only %d red pixels", wait_lanes[i], red);
	}
	/* The red wait-for arrows cross the gap between the two lanes' bars. */
	assert_true(ct_ui_view_lane_bar(
		p->view, wait_lanes[0] < wait_lanes[1] ? wait_lanes[0] : wait_lanes[1], &b0));
	assert_true(ct_ui_view_lane_bar(
		p->view, wait_lanes[0] < wait_lanes[1] ? wait_lanes[1] : wait_lanes[0], &b1));
	{
		int y = (b0.y + b0.h + b1.y) / 2, runs = 0;
		bool in = false;
		SDL_Rect plot = ct_ui_view_plot_rect(p->view);

		for (int x = plot.x; x < plot.x + plot.w; x++) {
			bool r = pixel(p, x, y) == ct_ui_finding_rgb();

			runs += r && !in;
			in = r;
		}
		if (runs < 2)
			fail_msg("%d red arrows between the deadlocked lanes at y %d, want 2", runs,
				 y);
	}
	/* Before the cycle closes (during playback), the waits are not yet a deadlock. */
	ct_ui_view_set_head(p->view, (double)f->time - 1);
	draw(p);
	assert_int_equal(red_on_lane(p, wait_lanes[0]) + red_on_lane(p, wait_lanes[1]), 0);
	ct_analysis_destroy(a);
}

static void test_scenario_1_3b_use_after_drop(void **state)
{
	struct pic *p = record_at(state, "1.3b", "1");
	struct ct_analysis *a = analyse(p);
	size_t n_lanes, n, n_refs;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(p->model, &n_lanes);
	const struct ct_finding *f = ct_analysis_borrow_findings(a, &n);
	const struct ct_finding_ref *refs;
	uint32_t child = CT_MODEL_NONE;

	draw(p);
	assert_int_equal(ct_analysis_count(a, CT_FINDING_USE_AFTER_DROP), 1);
	for (uint32_t i = 0; i < n_lanes; i++)
		if (lanes[i].has_begin)
			child = i;
	assert_int_not_equal(child, CT_MODEL_NONE);
	while (f->kind != CT_FINDING_USE_AFTER_DROP)
		f++;
	refs = ct_analysis_borrow_refs(a, f, &n_refs);
	for (size_t i = 0; i < n_refs; i++) {
		if (refs[i].role == CT_ROLE_USE) {
			/* The marker: red at the use's x on the child's bar. */
			size_t n_events;
			const struct ct_model_event *ev =
				ct_model_borrow_events(p->model, &n_events);
			int x = (int)floor(ct_ui_view_time_x(
				p->view, (double)ct_model_event_time(&ev[refs[i].event])));
			SDL_Rect bar;

			assert_int_equal(refs[i].lane, child);
			assert_true(ct_ui_view_lane_bar(p->view, child, &bar));
			assert_true(red_in(p, x - 2, bar.y, x + 3, bar.y + bar.h) >= bar.h);
		}
	}
	assert_true(red_on_lane(p, child) > 0);
	/* Played back to just before the use, nothing is red yet: the drop was not wrong until then. */
	ct_ui_view_set_head(p->view, (double)f->time - 1);
	draw(p);
	assert_int_equal(red_in(p, 0, 0, W,
				ct_ui_view_plot_rect(p->view).y + ct_ui_view_plot_rect(p->view).h),
			 0);
	ct_analysis_destroy(a);
}

static void test_scenario_4_2_no_red(void **state)
{
	struct pic *p = record_at(state, "4.2", "1");
	struct ct_analysis *a = analyse(p);
	size_t n;

	draw(p);
	ct_analysis_borrow_findings(a, &n);
	assert_int_equal(n, 0);
	/* Nowhere in the picture, not even in the status line. */
	assert_int_equal(red_in(p, 0, 0, W, H), 0);
	ct_analysis_destroy(a);
}

/* ------------------------------------------------------------- bad input */

static void test_zero_threads(void **state)
{
	struct pic *p = pic_of(test_model_build(NULL, 0));

	*state = p;
	draw(p);
	ct_ui_view_set_window(p->view, 0, 0);
	ct_ui_view_set_head(p->view, 0);
	draw(p);
}

static void test_one_thread_and_ranges(void **state)
{
	static const struct ct_model_input in[] = {
		{ .type = CT_EV_PRINT,
		  .time = 1000,
		  .pid = 1,
		  .tid = 1,
		  .procname = "solo",
		  .text = "a" },
		{ .type = CT_EV_SLEEP_BEGIN, .time = 1100, .pid = 1, .tid = 1, .value = 50 },
		{ .type = CT_EV_SLEEP_END, .time = 1150, .pid = 1, .tid = 1, .value = 50 },
		{ .type = CT_EV_PRINT, .time = 1200, .pid = 1, .tid = 1, .text = "b" },
	};
	struct pic *p = pic_of(test_model_build(in, 4));
	static const double ranges[][2] = {
		{ 5, 5 },     { 0, 1e-9 },        { 100, 99 },  { -1e30, 1e30 },
		{ 0, 1e300 }, { 1e18, 1e18 + 1 }, { -50, -40 },
	};

	*state = p;
	draw(p);
	check_lanes(p, 1);
	check_state_at(p, 0, 125, CT_STATE_SLEEPING);
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		SDL_Rect plot;
		double x0, x1;

		ct_ui_view_set_window(p->view, ranges[i][0], ranges[i][1]);
		draw(p);
		plot = ct_ui_view_plot_rect(p->view);
		x0 = ct_ui_view_time_x(p->view, 0);
		x1 = ct_ui_view_time_x(p->view, 200);
		assert_true(isfinite(x0) && isfinite(x1) && x1 > x0);
		assert_true(plot.w > 0);
	}
	/* Heads before, inside and after the trace. */
	ct_ui_view_fit(p->view);
	ct_ui_view_set_head(p->view, -1e20);
	draw(p);
	ct_ui_view_set_head(p->view, 1e20);
	draw(p);
	ct_ui_view_set_head(p->view, NAN);
	draw(p);
}

/*
 * The legend in a window narrower than its one row: the arrows go on a
 * second row instead of being left out (a wake-up sample above the plot),
 * at 1000 and 800 pixels; the default width keeps one row.
 */
static void test_narrow_legend(void **state)
{
	static const struct ct_model_input in[] = {
		{ .type = CT_EV_SLEEP_BEGIN, .time = 100, .pid = 1, .tid = 1, .value = 50 },
		{ .type = CT_EV_SLEEP_END, .time = 150, .pid = 1, .tid = 1, .value = 50 },
	};
	struct pic *p = pic_of(test_model_build(in, 2));
	static const int widths[] = { 1000, 800 };
	SDL_Rect wide_plot;

	*state = p;
	draw(p);
	wide_plot = ct_ui_view_plot_rect(p->view);
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, widths[i], 500, 32,
								   SDL_PIXELFORMAT_ARGB8888);
		SDL_Renderer *ren = SDL_CreateSoftwareRenderer(surf);
		char err[512];
		SDL_Rect plot;
		int wake = 0;

		assert_non_null(ren);
		if (ct_ui_view_draw(p->view, ren, 1.0f, err, sizeof(err)) != CT_UI_OK)
			fail_msg("draw: %s", err);
		SDL_RenderPresent(ren);
		plot = ct_ui_view_plot_rect(p->view);
		/* Two legend rows push the plot down. */
		assert_true(plot.y > wide_plot.y);
		for (int y = 0; y < plot.y; y++)
			for (int x = 0; x < widths[i]; x++)
				wake += (((const uint32_t *)((const char *)surf->pixels +
							     (size_t)y * surf->pitch))[x] &
					 0xFFFFFFu) == ct_ui_arrow_rgb(CT_ARROW_WAKEUP);
		if (wake < 5)
			fail_msg("%d px wide: no wake-up sample in the legend (%d pixels)",
				 widths[i], wake);
		SDL_DestroyRenderer(ren);
		SDL_FreeSurface(surf);
	}
}

/*
 * Rows follow the program's spawn order, not the order threads first ran:
 * thread 5 was spawned before thread 6 but began after it; main stays on top.
 */
static void test_rows_in_spawn_order(void **state)
{
	static const struct ct_model_input in[] = {
		{ .type = CT_EV_THREAD_SPAWN,
		  .time = 10,
		  .pid = 1,
		  .tid = 1,
		  .id = 5,
		  .text = "a" },
		{ .type = CT_EV_THREAD_SPAWN,
		  .time = 20,
		  .pid = 1,
		  .tid = 1,
		  .id = 6,
		  .text = "b" },
		{ .type = CT_EV_THREAD_BEGIN,
		  .time = 30,
		  .pid = 1,
		  .tid = 3,
		  .id = 6,
		  .text = "b" },
		{ .type = CT_EV_THREAD_BEGIN,
		  .time = 40,
		  .pid = 1,
		  .tid = 2,
		  .id = 5,
		  .text = "a" },
		{ .type = CT_EV_THREAD_END, .time = 50, .pid = 1, .tid = 3, .id = 6 },
		{ .type = CT_EV_THREAD_END, .time = 60, .pid = 1, .tid = 2, .id = 5 },
	};
	struct pic *p = pic_of(test_model_build(in, 6));
	SDL_Rect main_bar, a, b;

	*state = p;
	draw(p);
	/* Lanes by first event: main 0, b 1, a 2. */
	assert_true(ct_ui_view_lane_bar(p->view, 0, &main_bar));
	assert_true(ct_ui_view_lane_bar(p->view, 1, &b));
	assert_true(ct_ui_view_lane_bar(p->view, 2, &a));
	assert_true(main_bar.y < a.y);
	assert_true(a.y < b.y);
}

static void test_cli_bad_input(void **state)
{
	char *tmp = itest_tmpdir();
	char png[4096], bad[4096];
	char *argv[] = { (char *)ctrace_bin, "view", bad, "--png", png, NULL };
	struct itest_run run;

	(void)state;
	snprintf(png, sizeof(png), "%s/out.png", tmp);
	snprintf(bad, sizeof(bad), "%s/no-such-trace", tmp);
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 2);
	/* One line: the command, the path, and why (once, not the status word and the reason). */
	if (!strstr(run.err, "ctrace view: ") || !strstr(run.err, bad) ||
	    !strcasestr(run.err, "no such"))
		fail_msg("stderr lacks the path and the reason: %s", run.err);
	itest_run_free(&run);
	/* A directory that is not a trace. */
	snprintf(bad, sizeof(bad), "%s", tmp);
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, ct_model_status_str(CT_MODEL_NOT_A_TRACE)));
	itest_run_free(&run);
	{
		FILE *f = fopen(png, "r");

		assert_null(f);
	}
	itest_rmtree(tmp);
	free(tmp);
}

static void test_no_font(void **state)
{
	static const struct ct_model_input in[] = {
		{ .type = CT_EV_PRINT, .time = 1, .pid = 1, .tid = 1, .text = "x" },
	};
	struct ct_model *m = test_model_build(in, 1);
	enum ct_ui_status st;
	char err[512];
	struct ct_ui_view *v;

	(void)state;
	setenv("CTRACE_FONT", "/nonexistent/font.ttf", 1);
	v = ct_ui_view_create(m, NULL, &st, err, sizeof(err));
	unsetenv("CTRACE_FONT");
	assert_null(v);
	assert_int_equal(st, CT_UI_NO_FONT);
	assert_non_null(strstr(err, "fonts-wqy-microhei"));
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_zero_threads, teardown),
		cmocka_unit_test_teardown(test_one_thread_and_ranges, teardown),
		cmocka_unit_test_teardown(test_narrow_legend, teardown),
		cmocka_unit_test_teardown(test_rows_in_spawn_order, teardown),
		cmocka_unit_test(test_no_font),
		cmocka_unit_test(test_cli_bad_input),
		cmocka_unit_test_teardown(test_scenario_2_3, teardown),
		cmocka_unit_test_teardown(test_scenario_3_2, teardown),
		cmocka_unit_test_teardown(test_scenario_3_3_deadlock, teardown),
		cmocka_unit_test_teardown(test_scenario_1_3b_use_after_drop, teardown),
		cmocka_unit_test_teardown(test_scenario_4_2_no_red, teardown),
	};
	int rc;

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_render: CTRACE_BIN must be set (ctest does)\n");
		return 2;
	}
	if (TTF_Init() != 0) {
		fprintf(stderr, "test_render: TTF_Init: %s\n", TTF_GetError());
		return 2;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	TTF_Quit();
	return rc;
}
