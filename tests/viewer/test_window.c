/* SPDX-License-Identifier: MIT */
/*
 * test_window.c - the real viewer window under Xvfb (xvfb-run), driven by a
 * --script of zoom, pan, key, click and play actions: its screenshots must
 * change as the actions say, playback must hide the future, and the process
 * must exit cleanly on quit. Findings: 1.3b's red marker shows its sentence on
 * hover and L lists the findings; O toggles the happens-before axis and keeps
 * the selection. Also: a malformed script is refused, and
 * with no display `ctrace view` says how to get a PNG.
 */
#define _GNU_SOURCE
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "analysis.h"
#include "catalogue.h"
#include "itest.h"
#include "model.h"
#include "ui.h"

#define W 1400
#define H 820

static const char *ctrace_bin;
static char *tmp;
static char trace[4096];

static char *path_of(const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", tmp, name) > 0);
	return p;
}

static SDL_Surface *load_png(const char *name)
{
	char *p = path_of(name);
	SDL_Surface *raw = IMG_Load(p), *s;

	if (!raw)
		fail_msg("cannot load %s: %s", p, IMG_GetError());
	free(p);
	s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(raw);
	assert_non_null(s);
	assert_int_equal(s->w, W);
	assert_int_equal(s->h, H);
	return s;
}

static uint32_t px(const SDL_Surface *s, int x, int y)
{
	return ((const uint32_t *)((const char *)s->pixels + (size_t)y * s->pitch))[x] & 0xFFFFFFu;
}

/* Pixels that differ between A and B inside columns [X0, X1) of rows [Y0, Y1). */
static long diff_rect(const SDL_Surface *a, const SDL_Surface *b, int x0, int y0, int x1, int y1)
{
	long n = 0;

	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			n += px(a, x, y) != px(b, x, y);
	return n;
}

/* Pixels that differ between A and B inside rows [Y0, Y1). */
static long diff(const SDL_Surface *a, const SDL_Surface *b, int y0, int y1)
{
	return diff_rect(a, b, 0, y0, W, y1);
}

/* Runs SCRIPT in a window on TRACE_DIR. */
static int run_script_on(const char *trace_dir, const char *script, struct itest_run *run);

static int run_script(const char *script, struct itest_run *run)
{
	return run_script_on(trace, script, run);
}

static int run_script_on(const char *trace_dir, const char *script, struct itest_run *run)
{
	char *sp = path_of("script.txt");
	FILE *f = fopen(sp, "w");
	char *argv[] = { "xvfb-run",
			 "-a",
			 "-s",
			 "-screen 0 1600x1000x24",
			 (char *)ctrace_bin,
			 "view",
			 (char *)trace_dir,
			 "--size",
			 "1400x820",
			 "--script",
			 sp,
			 NULL };
	char *env[] = { "SDL_RENDER_DRIVER=software", NULL };

	assert_non_null(f);
	fputs(script, f);
	fclose(f);
	itest_run(argv, env, run);
	free(sp);
	return run->status;
}

static void test_scripted_window(void **state)
{
	struct itest_run run;
	SDL_Surface *a, *b, *c, *d, *e, *f, *g;
	char script[2048];
	struct ct_model *model = NULL;
	char *error = NULL, err[256];
	struct ct_ui_view *view;
	enum ct_ui_status st;
	SDL_Surface *surf;
	SDL_Renderer *ren;
	SDL_Rect plot, bar;
	int hx, sel = 0;

	(void)state;
	snprintf(script, sizeof(script),
		 "wait 150\n"
		 "screenshot %1$s/a.png\n"
		 "zoom 4 700\n"
		 "screenshot %1$s/b.png\n"
		 "key Home\n"
		 "screenshot %1$s/c.png\n"
		 "pan 300\n"
		 "screenshot %1$s/d.png\n"
		 "key F\n"
		 "play-to 150ms\n"
		 "screenshot %1$s/e.png\n"
		 "key N\n"
		 "screenshot %1$s/f.png\n"
		 "key Escape\n"
		 "click 40 150\n"
		 "screenshot %1$s/g.png\n"
		 "key ?\n"
		 "quit\n"
		 "screenshot %1$s/never.png\n",
		 tmp);
	if (run_script(script, &run) != 0)
		fail_msg("ctrace view --script exited %d:\n%s%s", run.status, run.out, run.err);
	itest_run_free(&run);
	a = load_png("a.png");
	b = load_png("b.png");
	c = load_png("c.png");
	d = load_png("d.png");
	e = load_png("e.png");
	f = load_png("f.png");
	g = load_png("g.png");
	{
		char *never = path_of("never.png");

		assert_int_not_equal(access(never, F_OK), 0); /* quit means quit */
		free(never);
	}

	/* The same layout, computed offscreen, tells where the plot and the head are. */
	assert_int_equal(ct_model_load(trace, NULL, &model, &error), CT_MODEL_OK);
	surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	ren = SDL_CreateSoftwareRenderer(surf);
	assert_non_null(ren);
	{
		const struct ct_scenario_info *si = ct_catalogue_find("2.3");
		struct ct_ui_header h = { .id = si->id,
					  .title_zh = si->title_zh,
					  .title_en = si->title_en,
					  .lesson = si->lesson,
					  .star = si->star };

		view = ct_ui_view_create(model, &h, &st, err, sizeof(err));
	}
	assert_non_null(view);
	assert_int_equal(ct_ui_view_draw(view, ren, 1.0f, err, sizeof(err)), CT_UI_OK);
	plot = ct_ui_view_plot_rect(view);

	/* Zooming changed the lanes; Home fitted back to the first picture. */
	assert_true(diff(a, b, plot.y, plot.y + plot.h) > 2000);
	assert_int_equal(diff(a, c, 0, H), 0);
	assert_true(diff(c, d, plot.y, plot.y + plot.h) > 2000);
	/* Playback stopped at 150 ms: nothing drawn right of the head. */
	hx = (int)floor(ct_ui_view_time_x(view, 150e6));
	assert_true(hx > plot.x && hx < plot.x + plot.w);
	for (int y = plot.y; y < plot.y + plot.h; y++)
		for (int x = hx + 2; x < plot.x + plot.w; x++)
			if (px(e, x, y) != ct_ui_future_rgb())
				fail_msg("e.png (%d, %d) right of the head at %d is %06x", x, y, hx,
					 px(e, x, y));
	assert_true(px(e, hx, plot.y + 5) == 0xD62728u || px(e, hx + 1, plot.y + 5) == 0xD62728u);
	/* N stepped to the next event: the head moved and the status line describes it. */
	assert_true(diff(e, f, 0, H) > 0);
	/*
	 * And the step caption is up above the status line (narration.c): rows of
	 * its pale yellow to the right edge, its red mark at the left, the sentence
	 * in dark letters; none of it before the step.
	 */
	{
		int band = 0, mark = 0, before = 0, ink = 0;

		for (int y = plot.y + plot.h; y < H; y++) {
			bool in_band = px(f, W - 10, y) == 0xFFF4CCu;

			band += in_band;
			mark += px(f, 1, y) == 0xD62728u;
			before += px(e, W - 10, y) == 0xFFF4CCu || px(e, 1, y) == 0xD62728u;
			for (int x = 16; in_band && x < W / 2; x++) {
				uint32_t rgb = px(f, x, y);

				ink += ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF) <
				       300;
			}
		}
		assert_true(band >= 16);
		assert_true(mark >= 16);
		assert_int_equal(before, 0);
		assert_true(ink > 200);
	}
	/* Clicking lane 0's label highlighted its row. */
	assert_true(ct_ui_view_lane_bar(view, 0, &bar));
	for (int x = plot.x; x < plot.x + plot.w; x++)
		sel += px(g, x, bar.y - 3) == 0xFFF4CCu;
	assert_true(sel > plot.w / 2);

	ct_ui_view_destroy(view);
	SDL_DestroyRenderer(ren);
	SDL_FreeSurface(surf);
	ct_model_destroy(model);
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	SDL_FreeSurface(c);
	SDL_FreeSurface(d);
	SDL_FreeSurface(e);
	SDL_FreeSurface(f);
	SDL_FreeSurface(g);
}

/*
 * O toggles the happens-before axis: the picture changes, the selected
 * arrow stays selected (its ends marked where the order axis puts them),
 * and O again gives back the very same picture; a lane selected on the time
 * axis is still highlighted on the order axis.
 */
static void test_order_axis_window(void **state)
{
	struct itest_run run;
	SDL_Surface *a, *b, *c, *d;
	char script[2048];
	struct ct_model *model = NULL;
	char *error = NULL, err[256];
	struct ct_ui_view *view;
	enum ct_ui_status st;
	SDL_Surface *surf;
	SDL_Renderer *ren;
	SDL_Rect plot, bar;
	size_t n_arrows, n_events, pick = SIZE_MAX;
	const struct ct_model_arrow *arrows;
	const struct ct_model_event *events;
	int cx = 0, cy = 0, best_gap = INT32_MAX, marked = 0, sel = 0;

	(void)state;
	assert_int_equal(ct_model_load(trace, NULL, &model, &error), CT_MODEL_OK);
	arrows = ct_model_borrow_arrows(model, &n_arrows);
	events = ct_model_borrow_events(model, &n_events);
	surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	ren = SDL_CreateSoftwareRenderer(surf);
	assert_non_null(ren);
	{
		const struct ct_scenario_info *si = ct_catalogue_find("2.3");
		struct ct_ui_header h = { .id = si->id,
					  .title_zh = si->title_zh,
					  .title_en = si->title_en,
					  .lesson = si->lesson,
					  .star = si->star };

		view = ct_ui_view_create(model, &h, &st, err, sizeof(err));
	}
	assert_non_null(view);
	assert_int_equal(ct_ui_view_draw(view, ren, 1.0f, err, sizeof(err)), CT_UI_OK);
	plot = ct_ui_view_plot_rect(view);
	/*
	 * The last message between adjacent lanes: its middle is in the gap
	 * between their bars, away from the spawns at the start.
	 */
	for (size_t i = 0; i < n_arrows; i++) {
		SDL_Rect fb, tb;

		if (ct_model_arrow_kind(model, &arrows[i]) != CT_ARROW_MESSAGE ||
		    !ct_ui_view_lane_bar(view, events[arrows[i].from].lane, &fb) ||
		    !ct_ui_view_lane_bar(view, events[arrows[i].to].lane, &tb) ||
		    abs(fb.y - tb.y) > best_gap)
			continue;
		best_gap = abs(fb.y - tb.y);
		pick = i;
		cx = (int)lround((ct_ui_view_event_x(view, arrows[i].from) +
				  ct_ui_view_event_x(view, arrows[i].to)) /
				 2);
		cy = (fb.y + fb.h / 2 + tb.y + tb.h / 2) / 2;
	}
	assert_true(pick != SIZE_MAX);
	snprintf(script, sizeof(script),
		 "wait 150\n"
		 "click %2$d %3$d\n"
		 "move 5 5\n"
		 "screenshot %1$s/oa.png\n"
		 "key O\n"
		 "screenshot %1$s/ob.png\n"
		 "key O\n"
		 "screenshot %1$s/oc.png\n"
		 "click 40 150\n"
		 "move 5 5\n"
		 "key O\n"
		 "screenshot %1$s/od.png\n"
		 "quit\n",
		 tmp, cx, cy);
	if (run_script(script, &run) != 0)
		fail_msg("ctrace view --script exited %d:\n%s%s", run.status, run.out, run.err);
	itest_run_free(&run);
	a = load_png("oa.png");
	b = load_png("ob.png");
	c = load_png("oc.png");
	d = load_png("od.png");

	/* The order axis is another picture; back on time, the same as before. */
	assert_true(diff(a, b, plot.y, plot.y + plot.h) > 2000);
	assert_int_equal(diff(a, c, 0, H), 0);
	/*
	 * The selection kept: on the order axis, an arrow's source is marked
	 * with the selection's square (the click picked the nearest of the
	 * arrows through that point, maybe not PICK).
	 */
	assert_int_equal(ct_ui_view_set_axis(view, CT_UI_AXIS_ORDER), CT_UI_OK);
	assert_int_equal(ct_ui_view_draw(view, ren, 1.0f, err, sizeof(err)), CT_UI_OK);
	for (size_t i = 0; i < n_arrows; i++) {
		int x = (int)floor(ct_ui_view_event_x(view, arrows[i].from));

		if (!ct_ui_view_lane_bar(view, events[arrows[i].from].lane, &bar) || x < plot.x ||
		    x >= plot.x + plot.w)
			continue;
		marked += px(b, x, bar.y + bar.h / 2) == 0x2B6CB0u &&
			  px(a, x, bar.y + bar.h / 2) != 0x2B6CB0u;
	}
	assert_true(marked >= 1);
	/* The lane selected on the time axis is highlighted on the order axis. */
	assert_true(ct_ui_view_lane_bar(view, 0, &bar));
	for (int x = plot.x; x < plot.x + plot.w; x++)
		sel += px(d, x, bar.y - 3) == 0xFFF4CCu;
	assert_true(sel > plot.w / 2);

	ct_ui_view_destroy(view);
	SDL_DestroyRenderer(ren);
	SDL_FreeSurface(surf);
	ct_model_destroy(model);
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	SDL_FreeSurface(c);
	SDL_FreeSurface(d);
}

/* Pixels of the findings' red in S. */
static long red_pixels(const SDL_Surface *s)
{
	long n = 0;

	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			n += px(s, x, y) == ct_ui_finding_rgb();
	return n;
}

static void test_findings_window(void **state)
{
	char *dir = path_of("t13b");
	char *argv[] = { (char *)ctrace_bin, "scenario", "1.3b", "--speed", "1", "-o", dir,
			 "--no-view",        NULL };
	const struct ct_scenario_info *si = ct_catalogue_find("1.3b");
	struct ct_ui_header h = { .id = si->id,
				  .title_zh = si->title_zh,
				  .title_en = si->title_en,
				  .lesson = si->lesson,
				  .star = si->star };
	struct itest_run run;
	struct ct_model *model = NULL;
	struct ct_analysis *a = NULL;
	char *error = NULL, err[256], script[2048];
	struct ct_ui_view *view;
	enum ct_ui_status st;
	SDL_Surface *surf, *plain, *hover, *list;
	SDL_Renderer *ren;
	const struct ct_finding *f;
	const struct ct_finding_ref *refs;
	size_t n, n_refs, n_events;
	SDL_Rect bar;
	int mx = -1, my = -1;

	(void)state;
	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("ctrace scenario 1.3b exited %d:\n%s", run.status, run.err);
	itest_run_free(&run);
	/* Where the use after drop's marker is, from the same layout offscreen. */
	assert_int_equal(ct_model_load(dir, NULL, &model, &error), CT_MODEL_OK);
	assert_int_equal(ct_analysis_run(model, &a), CT_MODEL_OK);
	surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	ren = SDL_CreateSoftwareRenderer(surf);
	assert_non_null(ren);
	view = ct_ui_view_create(model, &h, &st, err, sizeof(err));
	assert_non_null(view);
	assert_int_equal(ct_ui_view_draw(view, ren, 1.0f, err, sizeof(err)), CT_UI_OK);
	f = ct_analysis_borrow_findings(a, &n);
	assert_int_equal(n, 1);
	refs = ct_analysis_borrow_refs(a, f, &n_refs);
	for (size_t i = 0; i < n_refs; i++) {
		if (refs[i].role != CT_ROLE_USE)
			continue;
		assert_true(ct_ui_view_lane_bar(view, refs[i].lane, &bar));
		mx = (int)floor(
			ct_ui_view_time_x(view, (double)ct_model_event_time(&ct_model_borrow_events(
							model, &n_events)[refs[i].event])));
		my = bar.y + bar.h / 2;
	}
	assert_true(mx > 0 && my > 0);
	snprintf(
		script, sizeof(script),
		"wait 100\nscreenshot %1$s/plain.png\nmove %2$d %3$d\nwait 100\nscreenshot %1$s/hover.png\n"
		"move 5 5\nkey L\nscreenshot %1$s/list.png\nquit\n",
		tmp, mx, my);
	if (run_script_on(dir, script, &run) != 0)
		fail_msg("ctrace view --script exited %d:\n%s%s", run.status, run.out, run.err);
	itest_run_free(&run);
	plain = load_png("plain.png");
	hover = load_png("hover.png");
	list = load_png("list.png");
	/* The marker is red in the window too; hovering it opens a tooltip below and right of the mouse. */
	assert_true(red_pixels(plain) > bar.h);
	assert_true(diff(plain, hover, my + 10, my + 80) > 1000);
	/* L shows the list, framed and worded in red. */
	assert_true(red_pixels(list) > red_pixels(plain) + 500);

	SDL_FreeSurface(plain);
	SDL_FreeSurface(hover);
	SDL_FreeSurface(list);
	ct_ui_view_destroy(view);
	SDL_DestroyRenderer(ren);
	SDL_FreeSurface(surf);
	ct_analysis_destroy(a);
	ct_model_destroy(model);
	free(dir);
}

/*
 * A trace with more findings than the list (L) can show: it scrolls
 * (PageDown shows other rows), and a click on a row closes the list and
 * moves the view to that finding.
 */
static void test_findings_list_scrolls(void **state)
{
	char *dir = path_of("unjoined");
	char *argv[] = { (char *)ctrace_bin,  "record",   "-o", dir, "--",
			 getenv("EDGE_PROG"), "unjoined", "60", NULL };
	struct itest_run run;
	char script[1024];
	SDL_Surface *plain, *l1, *l2, *jumped;

	(void)state;
	itest_run(argv, NULL, &run);
	if (run.status != 0)
		fail_msg("ctrace record exited %d:\n%s", run.status, run.err);
	itest_run_free(&run);
	snprintf(script, sizeof(script),
		 "wait 100\nscreenshot %1$s/fl-plain.png\nkey L\nscreenshot %1$s/fl-1.png\n"
		 "key PageDown\nscreenshot %1$s/fl-2.png\nclick %2$d %3$d\nwait 100\n"
		 "screenshot %1$s/fl-jumped.png\nquit\n",
		 tmp, W / 2, H / 2);
	if (run_script_on(dir, script, &run) != 0)
		fail_msg("ctrace view --script exited %d:\n%s%s", run.status, run.out, run.err);
	itest_run_free(&run);
	plain = load_png("fl-plain.png");
	l1 = load_png("fl-1.png");
	l2 = load_png("fl-2.png");
	jumped = load_png("fl-jumped.png");
	/* Sixty findings do not fit: the page moved, rows of text inside the list's box changed. */
	assert_true(red_pixels(l1) > red_pixels(plain) + 500);
	assert_true(diff_rect(l1, l2, 100, H / 4, W - 100, 3 * H / 4) > 1000);
	/*
	 * The list dims the whole window, title included; after the click the
	 * title is as before L (the list is closed) and the timeline is not (the
	 * view moved to the finding).
	 */
	assert_true(diff(plain, l1, 0, 30) > 1000);
	assert_int_equal(diff(plain, jumped, 0, 30), 0);
	assert_true(diff(plain, jumped, 30, H) > 1000);
	SDL_FreeSurface(plain);
	SDL_FreeSurface(l1);
	SDL_FreeSurface(l2);
	SDL_FreeSurface(jumped);
	free(dir);
}

/* Pixels of the source panel's highlighted line in columns [X0, W). */
static long source_line_px(const SDL_Surface *s, int x0)
{
	long n = 0;

	for (int y = 0; y < H; y++)
		for (int x = x0; x < W; x++)
			n += px(s, x, y) == ct_ui_source_line_rgb();
	return n;
}

/*
 * The source panel (srcpanel.c) on scenario 2.3, whose events carry call
 * sites into scenarios/: no line is highlighted before any step; stepping
 * (N) onto the first event with a site highlights its line right of the
 * plot; stepping on to an event at another site changes the panel; S hides
 * it and gives the lanes the width back.
 */
static void test_source_panel_window(void **state)
{
	struct ct_model *model = NULL;
	char *error = NULL, err[256], script[4096];
	struct ct_ui_view *view;
	enum ct_ui_status st;
	SDL_Surface *surf, *s0, *s1, *s2, *s3;
	SDL_Renderer *ren;
	struct itest_run run;
	SDL_Rect plot;
	size_t n_events, first = SIZE_MAX, second = SIZE_MAX;
	int len;

	(void)state;
	assert_int_equal(ct_model_load(trace, NULL, &model, &error), CT_MODEL_OK);
	ct_model_borrow_events(model, &n_events);
	/* The first event with a site, and the next one at a different site. */
	for (size_t i = 0; i < n_events && second == SIZE_MAX; i++) {
		uint32_t site = ct_model_event_site(model, i);

		if (site && first == SIZE_MAX)
			first = i;
		else if (site && site != ct_model_event_site(model, first))
			second = i;
	}
	assert_true(second != SIZE_MAX);
	assert_true(second < 100);
	/* Where the plot ends, from the same layout offscreen: the panel is right of it. */
	surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	ren = SDL_CreateSoftwareRenderer(surf);
	assert_non_null(ren);
	view = ct_ui_view_create(model, NULL, &st, err, sizeof(err));
	assert_non_null(view);
	assert_int_equal(ct_ui_view_draw(view, ren, 1.0f, err, sizeof(err)), CT_UI_OK);
	plot = ct_ui_view_plot_rect(view);
	assert_true(plot.x + plot.w < W - W / 4); /* shown at first: the trace has sites */

	/* A step from the head off lands on event 0, each next one on the next event. */
	len = snprintf(script, sizeof(script), "wait 100\nscreenshot %s/sp0.png\n", tmp);
	for (size_t i = 0; i <= first; i++)
		len += snprintf(script + len, sizeof(script) - (size_t)len, "key N\n");
	len += snprintf(script + len, sizeof(script) - (size_t)len, "screenshot %s/sp1.png\n", tmp);
	for (size_t i = first; i < second; i++)
		len += snprintf(script + len, sizeof(script) - (size_t)len, "key N\n");
	snprintf(script + len, sizeof(script) - (size_t)len,
		 "screenshot %1$s/sp2.png\nkey S\nscreenshot %1$s/sp3.png\nquit\n", tmp);
	if (run_script(script, &run) != 0)
		fail_msg("ctrace view --script exited %d:\n%s%s", run.status, run.out, run.err);
	itest_run_free(&run);
	s0 = load_png("sp0.png");
	s1 = load_png("sp1.png");
	s2 = load_png("sp2.png");
	s3 = load_png("sp3.png");
	assert_int_equal(source_line_px(s0, 0), 0);
	/* A highlighted row across most of the panel's width, some of it hidden by letters. */
	assert_true(source_line_px(s1, plot.x + plot.w) > 2000);
	assert_int_equal(source_line_px(s1, 0), source_line_px(s1, plot.x + plot.w));
	assert_true(source_line_px(s2, plot.x + plot.w) > 2000);
	assert_true(diff_rect(s1, s2, plot.x + plot.w + 20, plot.y, W, H - 100) > 500);
	/* S: no panel, the lanes reach the right margin again. */
	assert_int_equal(source_line_px(s3, 0), 0);
	assert_true(diff_rect(s2, s3, plot.x + plot.w + 20, plot.y, W - 20, plot.y + 40) > 500);

	SDL_FreeSurface(s0);
	SDL_FreeSurface(s1);
	SDL_FreeSurface(s2);
	SDL_FreeSurface(s3);
	ct_ui_view_destroy(view);
	SDL_DestroyRenderer(ren);
	SDL_FreeSurface(surf);
	ct_model_destroy(model);
}

static void test_bad_script(void **state)
{
	struct itest_run run;

	(void)state;
	assert_int_equal(run_script("zoom\n", &run), 2);
	assert_non_null(strstr(run.err, "line 1"));
	itest_run_free(&run);
	assert_int_equal(run_script("dance 3\n", &run), 2);
	assert_non_null(strstr(run.err, "unknown action"));
	itest_run_free(&run);
}

static void test_no_display(void **state)
{
	char *argv[] = { "env",
			 "-u",
			 "DISPLAY",
			 "-u",
			 "WAYLAND_DISPLAY",
			 "-u",
			 "SDL_VIDEODRIVER",
			 (char *)ctrace_bin,
			 "view",
			 trace,
			 NULL };
	struct itest_run run;

	(void)state;
	itest_run(argv, NULL, &run);
	/* The terminal view stands in (exit 0), and the user is told how to get a picture. */
	assert_non_null(strstr(run.err, "--png"));
	assert_true(run.status == 0 || run.status == 1);
	itest_run_free(&run);
}

/* Runs ctrace view TRACE with ARGS (up to 6, NULL-terminated) and returns the run. */
static void view_with(struct itest_run *run, char *a0, char *a1, char *a2, char *a3, char *a4,
		      char *a5)
{
	char *argv[] = { (char *)ctrace_bin, "view", trace, a0, a1, a2, a3, a4, a5, NULL };

	itest_run(argv, NULL, run);
}

/*
 * --axis: order and time draw different PNGs; a bad word, and order with
 * what only time has (--tty, --at, --window), are refused with a reason.
 */
static void test_axis_option(void **state)
{
	char *po = path_of("order.png"), *pt = path_of("time.png");
	struct itest_run run;
	SDL_Surface *o, *t;

	(void)state;
	view_with(&run, "--png", po, "--size", "1400x820", "--axis", "order");
	if (run.status != 0)
		fail_msg("--axis order --png exited %d: %s", run.status, run.err);
	itest_run_free(&run);
	view_with(&run, "--png", pt, "--size", "1400x820", "--axis", "time");
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	o = load_png("order.png");
	t = load_png("time.png");
	assert_true(diff(o, t, 100, H - 100) > 2000);
	SDL_FreeSurface(o);
	SDL_FreeSurface(t);

	view_with(&run, "--png", po, "--axis", "sideways", NULL, NULL);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "--axis wants time or order"));
	itest_run_free(&run);
	view_with(&run, "--tty", "--axis", "order", NULL, NULL, NULL);
	assert_int_equal(run.status, 2);
	assert_non_null(strstr(run.err, "cannot go with --tty"));
	itest_run_free(&run);
	view_with(&run, "--png", po, "--axis", "order", "--at", "1ms");
	assert_int_equal(run.status, 2);
	itest_run_free(&run);
	free(po);
	free(pt);
}

static int setup(void **state)
{
	char *argv[] = { (char *)ctrace_bin, "scenario", "2.3", "--speed", "10", "-o", trace,
			 "--no-view",        NULL };
	struct itest_run run;

	(void)state;
	tmp = itest_tmpdir();
	snprintf(trace, sizeof(trace), "%s/trace", tmp);
	itest_run(argv, NULL, &run);
	if (run.status != 0) {
		fprintf(stderr, "ctrace scenario 2.3 exited %d:\n%s", run.status, run.err);
		itest_run_free(&run);
		return -1;
	}
	itest_run_free(&run);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	itest_rmtree(tmp);
	free(tmp);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scripted_window),
		cmocka_unit_test(test_order_axis_window),
		cmocka_unit_test(test_axis_option),
		cmocka_unit_test(test_findings_window),
		cmocka_unit_test(test_findings_list_scrolls),
		cmocka_unit_test(test_source_panel_window),
		cmocka_unit_test(test_bad_script),
		cmocka_unit_test(test_no_display),
	};
	int rc;

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin) {
		fprintf(stderr, "test_window: CTRACE_BIN must be set (ctest does)\n");
		return 2;
	}
	if (system("command -v xvfb-run >/dev/null 2>&1") != 0) {
		fprintf(stderr, "test_window: xvfb-run is not installed (package xvfb): skipped\n");
		return 77;
	}
	if (TTF_Init() != 0)
		return 2;
	rc = cmocka_run_group_tests(tests, setup, teardown);
	TTF_Quit();
	return rc;
}
