/* SPDX-License-Identifier: MIT */
/*
 * test_draw.c - the viewer's drawing without a recording: small models built
 * by hand, rendered offscreen, checked by pixels against what the model says
 * and compared with reference PNGs within a tolerance.
 *
 * Each case is a table of hand-written events (a channel between two threads,
 * a mutex hand-off, a condvar wake-up, a deadlock, sleeps, a semaphore, a
 * pipe between two processes, 40 lanes, an empty model and a one-event
 * model). It is built with the model builder, drawn by the public ui API
 * (ct_ui_view_draw on a software renderer, 1000x560, a fixed time window)
 * and then:
 *  - checked by pixels: lane bars in the state colours at the times the model
 *    gives, arrows in their colours between the right lanes, and the
 *    findings' red where the analyses found something and nowhere else;
 *  - compared with tests/viewer/ref/NAME.png (see "Tolerance" below). On a
 *    mismatch the test writes NAME.actual.png (the new picture) and
 *    NAME.diff.png (the reference faded, differences in magenta) into its
 *    build directory, never into the source tree, and says where they are.
 *
 * Updating the references: run with CTRACE_UPDATE_REFS=1, e.g.
 *     CTRACE_UPDATE_REFS=1 ctest --test-dir build -R test_draw
 * which writes ref/NAME.png instead of comparing (the pixel checks still
 * run, so a broken picture cannot become a reference). Look at every
 * rewritten picture before committing it.
 *
 * The font is pinned to DejaVu Sans (found through fontconfig, handed to the
 * ui through CTRACE_FONT) so the pictures do not depend on which other fonts
 * a machine has; without it the test is skipped (exit 77).
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <fontconfig/fontconfig.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "analysis.h"
#include "model.h"
#include "ui.h"

#ifndef CTRACE_DRAW_REF_DIR
#error "CTRACE_DRAW_REF_DIR must name tests/viewer/ref (CMakeLists.txt defines it)"
#endif
#ifndef CTRACE_DRAW_OUT_DIR
#error "CTRACE_DRAW_OUT_DIR must name the test's build directory (CMakeLists.txt defines it)"
#endif

#define W 1000
#define H 560

/*
 * Tolerance. Font rendering differs a little between FreeType and SDL_ttf
 * versions (the coverage of glyph edges, an edge a fraction of a pixel off);
 * what must not pass is an arrow or a bar that moved, a lane that is missing
 * or an element drawn in the wrong colour. So:
 *  - two colours match when no channel differs by more than CHANNEL_TOL.
 *    32 is far above rounding in blending, and below the distance between
 *    colours that say different things: any two state colours are at least
 *    54 apart, a state and an arrow colour at least 51, and the findings'
 *    red is 39 from the nearest other colour (the play head) and 48 from
 *    the lock hand-off arrows;
 *  - a pixel differs only when it is unexplained: no pixel within NEAR_R of
 *    it in the other picture matches it, in either direction. A glyph edge
 *    that moved by up to a pixel is explained by its neighbour; a line that
 *    moved two pixels or more is not;
 *  - the comparison fails when some TILE x TILE tile holds more than
 *    TILE_MAX unexplained pixels, or when more than DIFFUSE_PERMILLE per
 *    mille of all pixels are unexplained. Noise is scattered, regressions
 *    are clustered: the smallest things the picture draws (a 1-px dashed
 *    spawn arrow crossing a tile, an arrow head of ~20 px, a 4x4 piece of a
 *    lane bar) put more than 8 unexplained pixels into one tile, while
 *    speckles of glyph noise do not; a change spread thinly everywhere (a
 *    different font) is caught by the 0.5% limit.
 * test_tolerance() below shows each of these on a real picture.
 */
#define CHANNEL_TOL      32
#define NEAR_R           1
#define TILE             16
#define TILE_MAX         8
#define DIFFUSE_PERMILLE 5

/* Times in the tables are in microseconds after BASE_NS (an LTTng-like clock). */
#define BASE_NS 5000000000ull
#define US(t)   (BASE_NS + (uint64_t)(t)*1000u)

#define MAIN 100 /* pid, and tid of the main thread, named "main" */

/* One event of the main process: time (us), tid, type, id, id2, value, status, text. */
/* clang-format off */
#define E(t, tid, type, id, id2, value, status, text) \
	{ CT_EV_##type, US(t), MAIN, (tid), "main", (id), (id2), (value), (status), (text), 0 }
/* One event of process PID (tid PID) named NAME. */
#define P(t, pid, name, type, id, id2, value) \
	{ CT_EV_##type, US(t), (pid), (pid), (name), (id), (id2), (value), 0, NULL, 0 }
/* clang-format on */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct pic;

/* One picture to draw: a model, a window, what to check. */
struct draw_case {
	const char *name;  /* the reference is ref/NAME.png */
	const char *title; /* the picture's title */
	const struct ct_model_input *in;
	size_t n_in;
	/*
	 * Or a function that writes the events, in time order, into OUT (CAP of
	 * them) and returns how many; thread names go into NAMES (N_NAMES of them).
	 */
	size_t (*generate)(struct ct_model_input *out, size_t cap, char (*names)[8],
			   size_t n_names);
	uint64_t stop_us;    /* ct_model_builder_set_stop, 0 for none */
	double t0_ns, t1_ns; /* the window, relative to the first event */
	void (*check)(struct pic *p);
	enum ct_ui_axis axis; /* drawn on this axis (after the window is set) */
};

/* A case drawn: everything a failed assertion leaves for the teardown to free. */
struct pic {
	const struct draw_case *c; /* borrowed */
	struct ct_model *model;
	struct ct_analysis *analysis; /* the findings; the view runs the same analyses itself */
	SDL_Surface *surf;
	SDL_Renderer *ren;
	struct ct_ui_view *view;
};

/* ------------------------------------------------------------- drawing */

static struct ct_model *build(const struct ct_model_input *in, size_t n, uint64_t stop_us)
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;

	assert_non_null(b);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ct_model_builder_add(b, &in[i]), CT_MODEL_OK);
	if (stop_us)
		ct_model_builder_set_stop(b, US(stop_us));
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	return m;
}

static void pic_free(struct pic *p)
{
	/* Textures belong to the renderer: the view goes first. */
	ct_ui_view_destroy(p->view);
	if (p->ren)
		SDL_DestroyRenderer(p->ren);
	SDL_FreeSurface(p->surf);
	ct_analysis_destroy(p->analysis);
	ct_model_destroy(p->model);
	p->view = NULL;
	p->ren = NULL;
	p->surf = NULL;
	p->analysis = NULL;
	p->model = NULL;
}

static int teardown(void **state)
{
	pic_free(*state);
	return 0;
}

/* Builds P's model, runs the analyses and draws it at W x H in the case's window. */
static void pic_draw(struct pic *p)
{
	const struct draw_case *c = p->c;
	struct ct_ui_header header = { .title_en = c->title };
	enum ct_ui_status st;
	char err[512];

	if (c->generate) {
		struct ct_model_input in[512];
		char names[64][8];
		size_t n = c->generate(in, ARRAY_LEN(in), names, ARRAY_LEN(names));

		p->model = build(in, n, c->stop_us);
	} else {
		p->model = build(c->in, c->n_in, c->stop_us);
	}
	assert_int_equal(ct_analysis_run(p->model, &p->analysis), CT_MODEL_OK);
	p->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(p->surf);
	p->ren = SDL_CreateSoftwareRenderer(p->surf);
	assert_non_null(p->ren);
	p->view = ct_ui_view_create(p->model, &header, &st, err, sizeof(err));
	if (!p->view)
		fail_msg("ct_ui_view_create: %s", err);
	ct_ui_view_set_window(p->view, c->t0_ns, c->t1_ns);
	assert_int_equal(ct_ui_view_set_axis(p->view, c->axis), CT_UI_OK);
	if (ct_ui_view_draw(p->view, p->ren, 1.0f, err, sizeof(err)) != CT_UI_OK)
		fail_msg("ct_ui_view_draw: %s", err);
	SDL_RenderPresent(p->ren);
}

/* ------------------------------------------------------- pixel checks */

static uint32_t surf_pixel(const SDL_Surface *s, int x, int y)
{
	return ((const uint32_t *)((const char *)s->pixels + (size_t)y * s->pitch))[x] & 0xFFFFFFu;
}

static void surf_set(SDL_Surface *s, int x, int y, uint32_t rgb)
{
	((uint32_t *)((char *)s->pixels + (size_t)y * s->pitch))[x] = 0xFF000000u | rgb;
}

static uint32_t pixel(const struct pic *p, int x, int y)
{
	if (x < 0 || x >= W || y < 0 || y >= H)
		fail_msg("pixel (%d, %d) is outside the %dx%d picture", x, y, W, H);
	return surf_pixel(p->surf, x, y);
}

/* Whether A and B differ by at most TOL in every channel. */
static bool close_rgb(uint32_t a, uint32_t b, int tol)
{
	for (int shift = 0; shift <= 16; shift += 8) {
		int d = (int)((a >> shift) & 0xFF) - (int)((b >> shift) & 0xFF);

		if (d > tol || d < -tol)
			return false;
	}
	return true;
}

/* RGB drawn with opacity ALPHA over BG, as a blending renderer does. */
static uint32_t blend(uint32_t rgb, unsigned alpha, uint32_t bg)
{
	uint32_t out = 0;

	for (int shift = 0; shift <= 16; shift += 8) {
		unsigned s = (rgb >> shift) & 0xFF, d = (bg >> shift) & 0xFF;

		out |= ((s * alpha + d * (255 - alpha)) / 255) << shift;
	}
	return out;
}

static bool is_state_colour(uint32_t c)
{
	for (int s = 0; s < CT_STATE_COUNT_; s++)
		if (c == ct_ui_state_rgb((enum ct_lane_state)s))
			return true;
	return false;
}

static SDL_Rect bar_of(const struct pic *p, uint32_t lane)
{
	SDL_Rect bar;

	if (!ct_ui_view_lane_bar(p->view, lane, &bar))
		fail_msg("lane %u has no bar in sight", lane);
	return bar;
}

static int x_of(const struct pic *p, double t_ns)
{
	return (int)floor(ct_ui_view_time_x(p->view, t_ns));
}

/*
 * Lanes: EXPECT of them, each with a bar inside the plot, no two overlapping,
 * each bar painted in a state colour in the middle of the lane's life and not
 * above or below the bar.
 */
static void check_lanes(const struct pic *p, size_t expect)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(p->model, &n);
	SDL_Rect plot = ct_ui_view_plot_rect(p->view);

	assert_int_equal(n, expect);
	for (uint32_t i = 0; i < n; i++) {
		SDL_Rect bar = bar_of(p, i);
		double a = ct_ui_view_event_x(p->view, lanes[i].first_event);
		double b = ct_ui_view_event_x(p->view, lanes[i].last_event);
		/* A few points along the life, as an arrow or a label may cross one of them. */
		static const double fr[] = { 0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65 };
		bool seen = false;

		assert_true(bar.y >= plot.y && bar.y + bar.h <= plot.y + plot.h);
		assert_true(bar.h >= 3);
		for (uint32_t j = 0; j < i; j++) {
			SDL_Rect o = bar_of(p, j);

			assert_true(bar.y >= o.y + o.h || o.y >= bar.y + bar.h);
		}
		for (size_t k = 0; k < ARRAY_LEN(fr) && !seen; k++) {
			int x = (int)floor(a + (b - a) * fr[k]);

			seen = is_state_colour(pixel(p, x, bar.y + bar.h / 2)) &&
			       !is_state_colour(pixel(p, x, bar.y - 2)) &&
			       !is_state_colour(pixel(p, x, bar.y + bar.h + 1));
		}
		if (!seen)
			fail_msg("lane %u (%s): no state-coloured bar in the middle of its life", i,
				 ct_model_string(p->model, lanes[i].name));
	}
}

/* LANE is in STATE at T_US (per the model), and its bar shows STATE's colour there. */
static void check_state(const struct pic *p, uint32_t lane, double t_us, enum ct_lane_state state)
{
	double t = t_us * 1000;
	SDL_Rect bar = bar_of(p, lane);
	int x = x_of(p, t);
	uint32_t got = pixel(p, x, bar.y + bar.h / 2);

	assert_int_equal(ct_model_lane_state_at(p->model, lane, (uint64_t)t), state);
	/* A deadlocked span is hatched: its colour shows between the stripes, a few pixels on. */
	for (int dx = 1; dx <= 4 && got != ct_ui_state_rgb(state); dx++)
		got = pixel(p, x + dx, bar.y + bar.h / 2);
	if (got != ct_ui_state_rgb(state))
		fail_msg("%s: lane %u at %.0f us (x %d): colour %06x, want %06x (%s)", p->c->name,
			 lane, t_us, x, got, ct_ui_state_rgb(state), ct_lane_state_name(state));
}

/* Some pixel within R of (X, Y) matches RGB within TOL. */
static bool near(const struct pic *p, int x, int y, int r, uint32_t rgb, int tol)
{
	for (int dy = -r; dy <= r; dy++)
		for (int dx = -r; dx <= r; dx++)
			if (x + dx >= 0 && x + dx < W && y + dy >= 0 && y + dy < H &&
			    close_rgb(pixel(p, x + dx, y + dy), rgb, tol))
				return true;
	return false;
}

/* The bar next to FROM in the direction of TO: TO's, or that of a lane in between. */
static SDL_Rect next_bar(const struct pic *p, const SDL_Rect *from, const SDL_Rect *to)
{
	size_t n;
	SDL_Rect best = *to;

	ct_model_borrow_lanes(p->model, &n);
	for (uint32_t i = 0; i < n; i++) {
		SDL_Rect b;

		if (!ct_ui_view_lane_bar(p->view, i, &b))
			continue;
		if (to->y > from->y ? b.y > from->y && b.y < best.y : b.y < from->y && b.y > best.y)
			best = b;
	}
	return best;
}

/*
 * Every arrow of KIND between two lanes shows its colour on the line from its
 * source to its target, halfway across the gap next to the source's bar;
 * returns how many were checked. Spawn and join arrows are drawn translucent
 * (alpha 150, see draw.c): for them the colour is the arrow's blended over
 * the row's background, read left of the plot at the same height.
 */
static int check_arrows(const struct pic *p, enum ct_arrow_kind kind)
{
	size_t n_arrows, n_events;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(p->model, &n_arrows);
	const struct ct_model_event *ev = ct_model_borrow_events(p->model, &n_events);
	SDL_Rect plot = ct_ui_view_plot_rect(p->view);
	bool translucent = kind == CT_ARROW_SPAWN || kind == CT_ARROW_JOIN;
	int checked = 0;

	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_arrow *a = &arrows[i];
		SDL_Rect fb, tb, nb;
		double xf, xt, yf, yt;
		int ym, xm;
		uint32_t want;

		if (ct_model_arrow_kind(p->model, a) != kind || ev[a->from].lane == ev[a->to].lane)
			continue;
		fb = bar_of(p, ev[a->from].lane);
		tb = bar_of(p, ev[a->to].lane);
		xf = ct_ui_view_event_x(p->view, a->from);
		xt = ct_ui_view_event_x(p->view, a->to);
		/* From the middle of the source bar to the edge of the target bar facing it. */
		yf = fb.y + fb.h / 2;
		yt = tb.y < fb.y ? tb.y + tb.h : tb.y;
		/* Looked at in the gap next to the source, where no other lane's bar is. */
		nb = next_bar(p, &fb, &tb);
		ym = fb.y < tb.y ? (fb.y + fb.h + nb.y) / 2 : (nb.y + nb.h + fb.y) / 2;
		xm = (int)floor(xf + (xt - xf) * (ym - yf) / (yt - yf));
		want = translucent ? blend(ct_ui_arrow_rgb(kind), 150, pixel(p, plot.x - 2, ym))
				   : ct_ui_arrow_rgb(kind);
		if (!near(p, xm, ym, 3, want, translucent ? 4 : 0))
			fail_msg("%s: %s arrow %zu (lane %u -> %u): no %06x pixel near (%d, %d)",
				 p->c->name, ct_arrow_kind_name(kind), i, ev[a->from].lane,
				 ev[a->to].lane, want, xm, ym);
		checked++;
	}
	return checked;
}

/* Pixels of the findings' red in [X0, X1) x [Y0, Y1), clipped to the picture. */
static int red_in(const struct pic *p, int x0, int y0, int x1, int y1)
{
	int n = 0;

	for (int y = y0 < 0 ? 0 : y0; y < y1 && y < H; y++)
		for (int x = x0 < 0 ? 0 : x0; x < x1 && x < W; x++)
			n += pixel(p, x, y) == ct_ui_finding_rgb();
	return n;
}

/* No findings, and no finding red anywhere in the picture, status line included. */
static void check_no_red(const struct pic *p)
{
	size_t n;
	int red;

	ct_analysis_borrow_findings(p->analysis, &n);
	assert_int_equal(n, 0);
	red = red_in(p, 0, 0, W, H);
	if (red)
		fail_msg("%s: %d pixels of the findings' red without a finding", p->c->name, red);
}

/* -------------------------------------------------- comparison with refs */

/* What compare() found. */
struct diff {
	size_t plain;       /* pixels whose colours do not match */
	size_t unexplained; /* of those, pixels no neighbour in the other picture explains */
	int worst_tile;     /* unexplained pixels in the worst tile */
	int worst_x, worst_y;
};

/* Some pixel of S within NEAR_R of (X, Y) matches RGB. */
static bool explained(const SDL_Surface *s, int x, int y, uint32_t rgb)
{
	for (int dy = -NEAR_R; dy <= NEAR_R; dy++)
		for (int dx = -NEAR_R; dx <= NEAR_R; dx++) {
			int nx = x + dx, ny = y + dy;

			if (nx >= 0 && nx < s->w && ny >= 0 && ny < s->h &&
			    close_rgb(surf_pixel(s, nx, ny), rgb, CHANNEL_TOL))
				return true;
		}
	return false;
}

/*
 * Compares ACT with REF (same size, ARGB8888) by the rules above. When OUT
 * is not NULL (same size), it gets the difference picture: REF faded,
 * unexplained pixels magenta, explained ones orange.
 */
static struct diff compare(const SDL_Surface *act, const SDL_Surface *ref, SDL_Surface *out)
{
	int tw = (act->w + TILE - 1) / TILE, th = (act->h + TILE - 1) / TILE;
	int *tiles = calloc((size_t)tw * (size_t)th, sizeof(*tiles));
	struct diff d = { 0 };

	assert_non_null(tiles);
	for (int y = 0; y < act->h; y++)
		for (int x = 0; x < act->w; x++) {
			uint32_t a = surf_pixel(act, x, y), r = surf_pixel(ref, x, y);
			bool bad;

			if (close_rgb(a, r, CHANNEL_TOL)) {
				if (out) {
					/* Faded: a quarter of the reference's contrast. */
					unsigned lum = (((r >> 16) & 0xFF) * 3 +
							((r >> 8) & 0xFF) * 6 + (r & 0xFF)) /
						       10;
					unsigned f = 255 - (255 - lum) / 4;

					surf_set(out, x, y, f << 16 | f << 8 | f);
				}
				continue;
			}
			d.plain++;
			bad = !explained(ref, x, y, a) || !explained(act, x, y, r);
			if (out)
				surf_set(out, x, y, bad ? 0xFF00FFu : 0xFFA500u);
			if (bad) {
				int *t = &tiles[(y / TILE) * tw + x / TILE];

				d.unexplained++;
				if (++*t > d.worst_tile) {
					d.worst_tile = *t;
					d.worst_x = (x / TILE) * TILE;
					d.worst_y = (y / TILE) * TILE;
				}
			}
		}
	free(tiles);
	return d;
}

static bool diff_fails(const struct diff *d, size_t pixels)
{
	return d->worst_tile > TILE_MAX || d->unexplained * 1000 > pixels * DIFFUSE_PERMILLE;
}

/* S as 24-bit RGB, saved at PATH (the references carry no alpha channel). */
static void save_png(SDL_Surface *s, const char *path)
{
	SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);

	assert_non_null(rgb);
	if (IMG_SavePNG(rgb, path) != 0)
		fail_msg("cannot write %s: %s", path, IMG_GetError());
	SDL_FreeSurface(rgb);
}

static bool update_refs(void)
{
	const char *e = getenv("CTRACE_UPDATE_REFS");

	return e && strcmp(e, "1") == 0;
}

/* Compares P's picture with ref/NAME.png, or writes it there under CTRACE_UPDATE_REFS=1. */
static void check_reference(struct pic *p)
{
	const char *name = p->c->name;
	char ref_path[4096], act_path[4096], diff_path[4096];
	SDL_Surface *loaded, *ref, *out;
	struct diff d;

	snprintf(ref_path, sizeof(ref_path), "%s/%s.png", CTRACE_DRAW_REF_DIR, name);
	snprintf(act_path, sizeof(act_path), "%s/%s.actual.png", CTRACE_DRAW_OUT_DIR, name);
	snprintf(diff_path, sizeof(diff_path), "%s/%s.diff.png", CTRACE_DRAW_OUT_DIR, name);
	/* What a previous failing run left is stale now. */
	if ((unlink(act_path) != 0 && errno != ENOENT) ||
	    (unlink(diff_path) != 0 && errno != ENOENT))
		fail_msg("cannot remove %s or %s: %s", act_path, diff_path, strerror(errno));
	if (update_refs()) {
		save_png(p->surf, ref_path);
		print_message("%s: wrote %s\n", name, ref_path);
		return;
	}
	loaded = IMG_Load(ref_path);
	if (!loaded) {
		save_png(p->surf, act_path);
		fail_msg("%s: no reference %s (%s); the picture is %s. Run with "
			 "CTRACE_UPDATE_REFS=1 to write the references.",
			 name, ref_path, IMG_GetError(), act_path);
	}
	ref = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(loaded);
	assert_non_null(ref);
	if (ref->w != W || ref->h != H) {
		int rw = ref->w, rh = ref->h;

		SDL_FreeSurface(ref);
		save_png(p->surf, act_path);
		fail_msg("%s: the reference %s is %dx%d, the picture %dx%d; the picture is %s",
			 name, ref_path, rw, rh, W, H, act_path);
	}
	out = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(out);
	d = compare(p->surf, ref, out);
	SDL_FreeSurface(ref);
	print_message("%s: %zu pixels differ, %zu unexplained, worst tile %d\n", name, d.plain,
		      d.unexplained, d.worst_tile);
	if (diff_fails(&d, (size_t)W * H)) {
		save_png(p->surf, act_path);
		save_png(out, diff_path);
		SDL_FreeSurface(out);
		fail_msg("%s differs from %s: %zu pixels unexplained (%.2f%%, limit %.1f%%), "
			 "%d in the worst %dx%d tile at (%d, %d) (limit %d).\n"
			 "  picture:     %s\n  differences: %s (magenta)\n"
			 "If the change is intended, rerun with CTRACE_UPDATE_REFS=1 and look "
			 "at the new reference before committing it.",
			 name, ref_path, d.unexplained, 100.0 * d.unexplained / ((double)W * H),
			 DIFFUSE_PERMILLE / 10.0, d.worst_tile, TILE, TILE, d.worst_x, d.worst_y,
			 TILE_MAX, act_path, diff_path);
	}
	SDL_FreeSurface(out);
}

/* ------------------------------------------------------------- the cases */

/*
 * Main spawns a worker and receives three messages on a channel of capacity
 * one: it blocks for the first, the worker blocks sending the third while
 * the second waits unread; then main joins the worker, which is asleep.
 * Lanes: 0 main, 1 worker.
 */
static const struct ct_model_input channel_in[] = {
	E(0, MAIN, CHAN_NEW, 1, 0, 1, 0, "jobs"),
	E(20, MAIN, THREAD_SPAWN, 7, 0, 0, 0, "worker"),
	E(40, 101, THREAD_BEGIN, 7, 0, 0, 0, "worker"),
	E(60, MAIN, CHAN_RECV_BEGIN, 1, 0, 0, 0, NULL),
	E(250, 101, CHAN_SEND_END, 1, 1, 0, CT_OK, "job 1"),
	E(270, MAIN, CHAN_RECV_END, 1, 1, 0, CT_OK, NULL),
	E(300, 101, CHAN_SEND_END, 1, 2, 0, CT_OK, "job 2"),
	E(320, 101, CHAN_SEND_BEGIN, 1, 3, 0, CT_OK, NULL),
	E(500, MAIN, CHAN_RECV_END, 1, 2, 0, CT_OK, NULL),
	E(510, 101, CHAN_SEND_END, 1, 3, 0, CT_OK, "job 3"),
	E(530, MAIN, CHAN_RECV_END, 1, 3, 0, CT_OK, NULL),
	E(540, 101, SLEEP_BEGIN, 0, 0, 200000, 0, NULL),
	E(560, MAIN, JOIN_BEGIN, 7, 0, 0, 0, NULL),
	E(740, 101, SLEEP_END, 0, 0, 200000, 0, NULL),
	E(760, 101, THREAD_END, 7, 0, 0, 0, NULL),
	E(780, MAIN, JOIN_END, 7, 0, 0, 0, NULL),
};

static void check_channel(struct pic *p)
{
	check_lanes(p, 2);
	check_state(p, 0, 165, CT_STATE_BLOCKED_RECV);
	check_state(p, 0, 400, CT_STATE_RUNNING);
	check_state(p, 0, 670, CT_STATE_BLOCKED_JOIN);
	check_state(p, 1, 150, CT_STATE_RUNNING);
	check_state(p, 1, 415, CT_STATE_BLOCKED_SEND);
	check_state(p, 1, 640, CT_STATE_SLEEPING);
	assert_int_equal(check_arrows(p, CT_ARROW_MESSAGE), 3);
	assert_int_equal(check_arrows(p, CT_ARROW_SPAWN), 1);
	assert_int_equal(check_arrows(p, CT_ARROW_JOIN), 1);
	check_no_red(p);
}

/*
 * alice takes the mutex without waiting; bob blocks on it until alice's
 * unlock hands it over. Main joins both. Lanes: 0 main, 1 alice, 2 bob.
 */
static const struct ct_model_input mutex_in[] = {
	E(0, MAIN, MUTEX_NEW, 3, 0, 0, 0, "m"),
	E(10, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "alice"),
	E(20, MAIN, THREAD_SPAWN, 6, 0, 0, 0, "bob"),
	E(30, 101, THREAD_BEGIN, 5, 0, 0, 0, "alice"),
	E(40, 102, THREAD_BEGIN, 6, 0, 0, 0, "bob"),
	E(60, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
	E(100, 102, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL),
	E(110, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),
	E(400, 101, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),
	E(420, 102, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
	E(450, 101, THREAD_END, 5, 0, 0, 0, NULL),
	E(460, MAIN, JOIN_END, 5, 0, 0, 0, NULL),
	E(470, MAIN, JOIN_BEGIN, 6, 0, 0, 0, NULL),
	E(700, 102, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),
	E(720, 102, THREAD_END, 6, 0, 0, 0, NULL),
	E(740, MAIN, JOIN_END, 6, 0, 0, 0, NULL),
};

static void check_mutex(struct pic *p)
{
	check_lanes(p, 3);
	check_state(p, 2, 260, CT_STATE_BLOCKED_LOCK);
	check_state(p, 2, 560, CT_STATE_RUNNING);
	check_state(p, 1, 260, CT_STATE_RUNNING);
	check_state(p, 0, 300, CT_STATE_BLOCKED_JOIN);
	assert_int_equal(check_arrows(p, CT_ARROW_HANDOFF), 1);
	assert_int_equal(check_arrows(p, CT_ARROW_SPAWN), 2);
	assert_int_equal(check_arrows(p, CT_ARROW_JOIN), 2);
	check_no_red(p);
}

/*
 * The waiter waits on a condvar (releasing its mutex); main locks, signals
 * and unlocks: a wake-up arrow from the signal and a hand-off from the
 * unlock. Lanes: 0 main, 1 waiter.
 */
static const struct ct_model_input condvar_in[] = {
	E(0, MAIN, MUTEX_NEW, 3, 0, 0, 0, "m"),
	E(5, MAIN, COND_NEW, 4, 0, 0, 0, "ready"),
	E(10, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "waiter"),
	E(30, 101, THREAD_BEGIN, 5, 0, 0, 0, "waiter"),
	E(50, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
	E(70, 101, COND_WAIT_BEGIN, 4, 3, 0, 0, NULL),
	E(300, MAIN, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
	E(320, MAIN, COND_SIGNAL, 4, 3, 0, 0, NULL),
	E(380, MAIN, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),
	E(400, 101, COND_WAIT_END, 4, 3, 0, CT_OK, NULL),
	E(420, 101, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),
	E(440, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),
	E(640, 101, THREAD_END, 5, 0, 0, 0, NULL),
	E(660, MAIN, JOIN_END, 5, 0, 0, 0, NULL),
};

static void check_condvar(struct pic *p)
{
	check_lanes(p, 2);
	check_state(p, 1, 185, CT_STATE_BLOCKED_COND);
	check_state(p, 1, 530, CT_STATE_RUNNING);
	check_state(p, 0, 540, CT_STATE_BLOCKED_JOIN);
	assert_int_equal(check_arrows(p, CT_ARROW_WAKEUP), 1);
	assert_int_equal(check_arrows(p, CT_ARROW_HANDOFF), 1);
	check_no_red(p);
}

/*
 * Scenario 3.3 by hand: thread-1 holds A and waits for B, thread-2 holds B
 * and waits for A, main waits to join thread-1 behind them; a logger thread
 * ran and ended meanwhile, untouched by the deadlock. Recording stopped at
 * 600 us. Lanes: 0 main, 1 logger, 2 thread-1, 3 thread-2.
 */
static const struct ct_model_input deadlock_in[] = {
	E(0, MAIN, MUTEX_NEW, 1, 0, 0, 0, "A"),
	E(2, MAIN, MUTEX_NEW, 2, 0, 0, 0, "B"),
	E(10, MAIN, THREAD_SPAWN, 9, 0, 0, 0, "logger"),
	E(20, MAIN, THREAD_SPAWN, 3, 0, 0, 0, "thread-1"),
	E(30, MAIN, THREAD_SPAWN, 4, 0, 0, 0, "thread-2"),
	E(35, 103, THREAD_BEGIN, 9, 0, 0, 0, "logger"),
	E(40, MAIN, JOIN_BEGIN, 3, 0, 0, 0, NULL),
	E(50, 101, THREAD_BEGIN, 3, 0, 0, 0, "thread-1"),
	E(60, 101, MUTEX_LOCK_END, 1, 0, 0, 0, NULL),
	E(70, 102, THREAD_BEGIN, 4, 0, 0, 0, "thread-2"),
	E(80, 102, MUTEX_LOCK_END, 2, 0, 0, 0, NULL),
	E(100, 103, SLEEP_BEGIN, 0, 0, 150000, 0, NULL),
	E(200, 101, MUTEX_LOCK_BEGIN, 2, 0, 0, 0, NULL),
	E(250, 103, SLEEP_END, 0, 0, 150000, 0, NULL),
	E(260, 102, MUTEX_LOCK_BEGIN, 1, 0, 0, 0, NULL),
	E(300, 103, THREAD_END, 9, 0, 0, 0, NULL),
};

static void check_deadlock(struct pic *p)
{
	size_t n, n_refs;
	const struct ct_finding *f = ct_analysis_borrow_findings(p->analysis, &n);
	const struct ct_finding_ref *refs;
	SDL_Rect plot = ct_ui_view_plot_rect(p->view), b1, b2, logger = bar_of(p, 1);
	uint32_t wait_lanes[2];
	int n_wait = 0, runs = 0, y;
	bool in = false;

	check_lanes(p, 4);
	check_state(p, 2, 400, CT_STATE_BLOCKED_LOCK);
	check_state(p, 3, 400, CT_STATE_BLOCKED_LOCK);
	check_state(p, 1, 175, CT_STATE_SLEEPING);
	/* One finding, the deadlock, and thread-1 and thread-2 wait in it. */
	assert_int_equal(n, 1);
	assert_int_equal(f->kind, CT_FINDING_DEADLOCK);
	refs = ct_analysis_borrow_refs(p->analysis, f, &n_refs);
	for (size_t i = 0; i < n_refs; i++)
		if (refs[i].role == CT_ROLE_WAIT && n_wait < 2)
			wait_lanes[n_wait++] = refs[i].lane;
	assert_int_equal(n_wait, 2);
	assert_true((wait_lanes[0] == 2 && wait_lanes[1] == 3) ||
		    (wait_lanes[0] == 3 && wait_lanes[1] == 2));
	/* Both blocked waits are outlined and hatched in red. */
	b1 = bar_of(p, 2);
	b2 = bar_of(p, 3);
	for (int i = 0; i < 2; i++) {
		SDL_Rect b = i ? b2 : b1;
		int red =
			red_in(p, x_of(p, 200e3) - 3, b.y - 3, plot.x + plot.w + 3, b.y + b.h + 3);

		if (red < 300)
			fail_msg("deadlocked lane %d has only %d red pixels", i + 2, red);
	}
	/* Two red wait-for arrows cross the gap between their bars, after the cycle closed. */
	y = (b1.y + b1.h + b2.y) / 2;
	for (int x = plot.x; x < plot.x + plot.w; x++) {
		bool r = pixel(p, x, y) == ct_ui_finding_rgb();

		if (r && !in && x < x_of(p, (double)f->time))
			fail_msg("red at (%d, %d), before the cycle closed", x, y);
		runs += r && !in;
		in = r;
	}
	if (runs < 2)
		fail_msg("%d red arrows between the deadlocked lanes at y %d, want 2", runs, y);
	/* Main, stuck behind them, is outlined too. */
	assert_true(red_in(p, plot.x, bar_of(p, 0).y - 3, plot.x + plot.w,
			   bar_of(p, 0).y + bar_of(p, 0).h + 3) > 100);
	/* Nowhere else: not on the logger's row, not before main's join began, not in the legend. */
	assert_int_equal(red_in(p, 0, logger.y - 8, W, logger.y + logger.h + 8), 0);
	assert_int_equal(red_in(p, 0, plot.y, x_of(p, 40e3) - 3, plot.y + plot.h), 0);
	assert_int_equal(red_in(p, 0, 0, W, plot.y), 0);
}

/* One thread that prints, sleeps twice and marks in between. */
static const struct ct_model_input sleep_in[] = {
	E(0, MAIN, PRINT, 0, 0, 0, 0, "start"),
	E(100, MAIN, SLEEP_BEGIN, 0, 0, 300000, 0, NULL),
	E(400, MAIN, SLEEP_END, 0, 0, 300000, 0, NULL),
	E(420, MAIN, MARK, 0, 0, 0, 0, "woke"),
	E(500, MAIN, SLEEP_BEGIN, 0, 0, 200000, 0, NULL),
	E(700, MAIN, SLEEP_END, 0, 0, 200000, 0, NULL),
	E(720, MAIN, PRINT, 0, 0, 0, 0, "done"),
};

static void check_sleep(struct pic *p)
{
	check_lanes(p, 1);
	check_state(p, 0, 50, CT_STATE_RUNNING);
	check_state(p, 0, 250, CT_STATE_SLEEPING);
	check_state(p, 0, 460, CT_STATE_RUNNING);
	check_state(p, 0, 600, CT_STATE_SLEEPING);
	check_no_red(p);
}

/*
 * A consumer waits on a semaphore until main posts (a wake-up arrow); the
 * second post finds it busy and its wait takes the token without blocking
 * (a wake-up arrow too). Lanes: 0 main, 1 consumer.
 */
static const struct ct_model_input semaphore_in[] = {
	E(0, MAIN, SEM_NEW, 9, 0, 0, 0, "items"),
	E(10, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "consumer"),
	E(30, 101, THREAD_BEGIN, 5, 0, 0, 0, "consumer"),
	E(50, 101, SEM_WAIT_BEGIN, 9, 0, 0, 0, NULL),
	E(300, MAIN, SEM_POST, 9, 0, 0, 0, NULL),
	E(320, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),
	E(400, MAIN, SEM_POST, 9, 0, 0, 0, NULL),
	E(420, MAIN, JOIN_BEGIN, 5, 0, 0, 0, NULL),
	E(500, 101, SEM_WAIT_END, 9, 0, 0, CT_OK, NULL),
	E(600, 101, THREAD_END, 5, 0, 0, 0, NULL),
	E(620, MAIN, JOIN_END, 5, 0, 0, 0, NULL),
};

static void check_semaphore(struct pic *p)
{
	check_lanes(p, 2);
	check_state(p, 1, 175, CT_STATE_BLOCKED_SEM);
	check_state(p, 1, 450, CT_STATE_RUNNING);
	check_state(p, 0, 520, CT_STATE_BLOCKED_JOIN);
	assert_int_equal(check_arrows(p, CT_ARROW_WAKEUP), 2);
	check_no_red(p);
}

/*
 * A pipe between two processes: the consumer blocks reading until the
 * producer writes; its second read takes two writes at once (two arrows);
 * its last read waits and finds the end of the file (no arrow). Lanes: 0
 * consumer (first seen), 1 producer.
 */
static const struct ct_model_input pipe_in[] = {
	P(0, 300, "consumer", FD_READ_BEGIN, 77, 0, 4096),
	P(200, 200, "producer", FD_WRITE, 77, 0, 6),
	P(220, 300, "consumer", FD_READ, 77, 0, 6),
	P(400, 200, "producer", FD_WRITE, 77, 6, 10),
	P(450, 200, "producer", FD_WRITE, 77, 16, 4),
	P(600, 300, "consumer", FD_READ, 77, 6, 14),
	P(620, 300, "consumer", FD_READ_BEGIN, 77, 20, 4096),
	P(800, 300, "consumer", FD_READ, 77, 20, 0),
};

static void check_pipe(struct pic *p)
{
	size_t n;

	check_lanes(p, 2);
	assert_int_equal(ct_model_borrow_lanes(p->model, &n)[0].pid, 300);
	check_state(p, 0, 100, CT_STATE_BLOCKED_RECV);
	check_state(p, 0, 400, CT_STATE_RUNNING);
	check_state(p, 0, 710, CT_STATE_BLOCKED_RECV);
	check_state(p, 1, 300, CT_STATE_RUNNING);
	assert_int_equal(check_arrows(p, CT_ARROW_MESSAGE), 3);
	check_no_red(p);
}

/*
 * Forty lanes: main spawns 39 workers, each sleeps a little longer than the
 * one before, and main joins them in order (blocking on each a while).
 * Lane i > 0 is worker i.
 */
#define MANY_WORKERS        39
#define MANY_SLEEP_BEGIN(i) (110 + 2 * (i))
#define MANY_SLEEP_END(i)   (310 + 12 * (i))

static size_t generate_many(struct ct_model_input *out, size_t cap, char (*names)[8],
			    size_t n_names)
{
	size_t n = 0;
	unsigned t = 0;

	assert_true(cap >= 7 * MANY_WORKERS && n_names > MANY_WORKERS);
	for (int i = 1; i <= MANY_WORKERS; i++) {
		snprintf(names[i], sizeof(names[i]), "w%02d", i);
		out[n++] = (struct ct_model_input)E(2 * i, MAIN, THREAD_SPAWN, (uint64_t)i, 0, 0, 0,
						    names[i]);
	}
	for (int i = 1; i <= MANY_WORKERS; i++)
		out[n++] = (struct ct_model_input)E(100 + 2 * i, MAIN + i, THREAD_BEGIN,
						    (uint64_t)i, 0, 0, 0, names[i]);
	for (int i = 1; i <= MANY_WORKERS; i++)
		out[n++] = (struct ct_model_input)E(MANY_SLEEP_BEGIN(i), MAIN + i, SLEEP_BEGIN, 0,
						    0, (200 + 10 * i) * 1000, 0, NULL);
	out[n++] = (struct ct_model_input)E(190, MAIN, JOIN_BEGIN, 1, 0, 0, 0, NULL);
	/* From here on each step is later than the one before: worker i's end, then main's join. */
	for (int i = 1; i <= MANY_WORKERS; i++) {
		t = MANY_SLEEP_END(i);
		out[n++] = (struct ct_model_input)E(t, MAIN + i, SLEEP_END, 0, 0,
						    (200 + 10 * i) * 1000, 0, NULL);
		out[n++] = (struct ct_model_input)E(t + 10, MAIN + i, THREAD_END, (uint64_t)i, 0, 0,
						    0, NULL);
		out[n++] = (struct ct_model_input)E(t + 11, MAIN, JOIN_END, (uint64_t)i, 0, 0, 0,
						    NULL);
		if (i < MANY_WORKERS)
			out[n++] = (struct ct_model_input)E(t + 12, MAIN, JOIN_BEGIN,
							    (uint64_t)i + 1, 0, 0, 0, NULL);
	}
	/* The first three loops interleave in time: sort them (stable, each lane's order kept). */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j - 1].time > out[j].time; j--) {
			struct ct_model_input tmp = out[j];

			out[j] = out[j - 1];
			out[j - 1] = tmp;
		}
	return n;
}

static void check_many(struct pic *p)
{
	check_lanes(p, MANY_WORKERS + 1);
	for (uint32_t i = 1; i <= MANY_WORKERS; i++)
		check_state(p, i, (MANY_SLEEP_BEGIN(i) + MANY_SLEEP_END(i)) / 2.0,
			    CT_STATE_SLEEPING);
	check_state(p, 0, 250, CT_STATE_BLOCKED_JOIN);
	check_no_red(p);
}

/* Nothing at all: the frame (title, legend, axis, status) and no lane. */
static void check_empty(struct pic *p)
{
	SDL_Rect plot = ct_ui_view_plot_rect(p->view), bar;

	assert_false(ct_ui_view_lane_bar(p->view, 0, &bar));
	for (int y = plot.y; y < plot.y + plot.h; y++)
		for (int x = plot.x; x < plot.x + plot.w; x++)
			if (is_state_colour(pixel(p, x, y)))
				fail_msg("state colour at (%d, %d) with no lane", x, y);
	check_no_red(p);
}

/* One event: a lane whose life is an instant, drawn one pixel wide. */
static const struct ct_model_input one_in[] = {
	E(0, MAIN, PRINT, 0, 0, 0, 0, "only this"),
};

static void check_one(struct pic *p)
{
	SDL_Rect bar = bar_of(p, 0);

	check_lanes(p, 1);
	assert_int_equal(pixel(p, x_of(p, 0), bar.y + bar.h / 2),
			 ct_ui_state_rgb(CT_STATE_RUNNING));
	check_no_red(p);
}

/*
 * The happens-before axis. slow's message leaves 570 us after its start and
 * main, blocked on the channel all that time, takes it: on the order axis
 * the start and the send stand in adjacent columns, and main's wait begins
 * in the send's column, as does quick's start: the three are concurrent.
 * Events (index: column): 0 chan_new 0, 1 spawn slow 1, 2 spawn quick 2,
 * 3 slow begins 2, 4 quick begins 3, 5 main waits 3, 6 quick prints 4,
 * 7 quick ends 5, 8 slow sends 3, 9 main receives 4, 10 slow ends 4, 11 and
 * 12 main joins them 5 and 6. Lanes: 0 main, 1 slow, 2 quick.
 */
static const struct ct_model_input order_in[] = {
	E(0, MAIN, CHAN_NEW, 1, 0, 1, 0, "c"),
	E(10, MAIN, THREAD_SPAWN, 5, 0, 0, 0, "slow"),
	E(20, MAIN, THREAD_SPAWN, 6, 0, 0, 0, "quick"),
	E(30, 101, THREAD_BEGIN, 5, 0, 0, 0, "slow"),
	E(40, 102, THREAD_BEGIN, 6, 0, 0, 0, "quick"),
	E(50, MAIN, CHAN_RECV_BEGIN, 1, 0, 0, 0, NULL),
	E(60, 102, PRINT, 0, 0, 0, 0, "early"),
	E(70, 102, THREAD_END, 6, 0, 0, 0, NULL),
	E(600, 101, CHAN_SEND_END, 1, 1, 0, CT_OK, "late"),
	E(620, MAIN, CHAN_RECV_END, 1, 1, 0, CT_OK, NULL),
	E(630, 101, THREAD_END, 5, 0, 0, 0, NULL),
	E(640, MAIN, JOIN_END, 5, 0, 0, 0, NULL),
	E(650, MAIN, JOIN_END, 6, 0, 0, 0, NULL),
};

static void check_order(struct pic *p)
{
	/* One column's width: the order axis's unit is a column. */
	double col = ct_ui_view_time_x(p->view, 1) - ct_ui_view_time_x(p->view, 0);
	/* xs: the send's x (event 8), xr: the receive's (event 9). */
	double x3 = ct_ui_view_event_x(p->view, 3), x4 = ct_ui_view_event_x(p->view, 4);
	double x5 = ct_ui_view_event_x(p->view, 5), xs = ct_ui_view_event_x(p->view, 8);
	double xr = ct_ui_view_event_x(p->view, 9);
	SDL_Rect plot = ct_ui_view_plot_rect(p->view), bar = bar_of(p, 0);
	char err[512];

	assert_int_equal(ct_ui_view_axis(p->view), CT_UI_AXIS_ORDER);
	assert_true(col > 50); /* seven columns fill the plot */
	check_lanes(p, 3);
	/* Far apart in time, adjacent in causal order: one column apart. */
	assert_true(fabs(xs - x3 - col) < 0.01);
	/* Concurrent: one column. */
	assert_true(fabs(x5 - xs) < 0.01 && fabs(x4 - xs) < 0.01);
	assert_true(fabs(xr - xs - col) < 0.01);
	/* Main's wait spans its column and the next: blocked between x5 and xr only. */
	assert_int_equal(pixel(p, (int)((x5 + xr) / 2), bar.y + bar.h / 2),
			 ct_ui_state_rgb(CT_STATE_BLOCKED_RECV));
	assert_int_equal(pixel(p, (int)(x5 - col / 4), bar.y + bar.h / 2),
			 ct_ui_state_rgb(CT_STATE_RUNNING));
	bar = bar_of(p, 1);
	assert_int_equal(pixel(p, (int)((x3 + xs) / 2), bar.y + bar.h / 2),
			 ct_ui_state_rgb(CT_STATE_RUNNING));
	assert_int_equal(check_arrows(p, CT_ARROW_MESSAGE), 1);
	assert_int_equal(check_arrows(p, CT_ARROW_SPAWN), 2);
	check_no_red(p);

	/* The same view on the time axis: the send is far right of slow's start. */
	assert_int_equal(ct_ui_view_set_axis(p->view, CT_UI_AXIS_TIME), CT_UI_OK);
	if (ct_ui_view_draw(p->view, p->ren, 1.0f, err, sizeof(err)) != CT_UI_OK)
		fail_msg("ct_ui_view_draw: %s", err);
	assert_true(ct_ui_view_event_x(p->view, 8) - ct_ui_view_event_x(p->view, 3) > plot.w / 2.0);
	assert_true(ct_ui_view_event_x(p->view, 8) - ct_ui_view_event_x(p->view, 5) > plot.w / 2.0);
	/* And back: the same columns (they were computed once and kept). */
	assert_int_equal(ct_ui_view_set_axis(p->view, CT_UI_AXIS_ORDER), CT_UI_OK);
	if (ct_ui_view_draw(p->view, p->ren, 1.0f, err, sizeof(err)) != CT_UI_OK)
		fail_msg("ct_ui_view_draw: %s", err);
	assert_true(fabs(ct_ui_view_event_x(p->view, 8) - xs) < 0.01);
	SDL_RenderPresent(p->ren);
}

/*
 * The deadlock on the order axis: both waits outlined and hatched in red
 * from their columns, and the wait-for arrows between the two bars.
 */
static void check_deadlock_order(struct pic *p)
{
	SDL_Rect plot = ct_ui_view_plot_rect(p->view), b1 = bar_of(p, 2), b2 = bar_of(p, 3);

	assert_int_equal(ct_ui_view_axis(p->view), CT_UI_AXIS_ORDER);
	check_lanes(p, 4);
	for (int i = 0; i < 2; i++) {
		SDL_Rect b = i ? b2 : b1;
		int red = red_in(p, plot.x, b.y - 3, plot.x + plot.w + 3, b.y + b.h + 3);

		if (red < 300)
			fail_msg("deadlocked lane %d has only %d red pixels", i + 2, red);
	}
	assert_true(red_in(p, plot.x, b1.y + b1.h + 3, plot.x + plot.w, b2.y - 3) > 20);
	/* Main's join is outlined (it is stuck behind the cycle); the logger, which ended, is not. */
	{
		SDL_Rect b = bar_of(p, 1), m = bar_of(p, 0);

		assert_int_equal(red_in(p, plot.x, b.y - 3, plot.x + plot.w, b.y + b.h + 3), 0);
		assert_true(red_in(p, plot.x, m.y - 3, plot.x + plot.w, m.y + m.h + 3) > 20);
	}
}

/* One event on the order axis: one column, the event in its middle, a running bar there. */
static void check_one_order(struct pic *p)
{
	SDL_Rect bar = bar_of(p, 0);

	check_lanes(p, 1);
	assert_int_equal(pixel(p, (int)floor(ct_ui_view_event_x(p->view, 0)), bar.y + bar.h / 2),
			 ct_ui_state_rgb(CT_STATE_RUNNING));
	check_no_red(p);
}

/* The windows: 20 us either side of the trace, so every arrow's ends are in sight. */
static const struct draw_case cases[] = {
	{ "channel", "channel: spawn, three messages, join", channel_in, ARRAY_LEN(channel_in),
	  NULL, 0, -20e3, 800e3, check_channel, CT_UI_AXIS_TIME },
	{ "mutex", "mutex: a blocked lock and its hand-off", mutex_in, ARRAY_LEN(mutex_in), NULL, 0,
	  -20e3, 760e3, check_mutex, CT_UI_AXIS_TIME },
	{ "condvar", "condvar: wait, signal, wake-up", condvar_in, ARRAY_LEN(condvar_in), NULL, 0,
	  -20e3, 680e3, check_condvar, CT_UI_AXIS_TIME },
	{ "deadlock", "deadlock: two threads, two mutexes", deadlock_in, ARRAY_LEN(deadlock_in),
	  NULL, 600, -20e3, 620e3, check_deadlock, CT_UI_AXIS_TIME },
	{ "sleep", "sleep: two sleeps, prints and a mark", sleep_in, ARRAY_LEN(sleep_in), NULL, 0,
	  -20e3, 740e3, check_sleep, CT_UI_AXIS_TIME },
	{ "semaphore", "semaphore: post wakes a waiter", semaphore_in, ARRAY_LEN(semaphore_in),
	  NULL, 0, -20e3, 640e3, check_semaphore, CT_UI_AXIS_TIME },
	{ "pipe", "pipe: fd_write to fd_read across processes", pipe_in, ARRAY_LEN(pipe_in), NULL,
	  0, -20e3, 820e3, check_pipe, CT_UI_AXIS_TIME },
	{ "many_lanes", "40 lanes: spawn, sleep, join", NULL, 0, generate_many, 0, -20e3, 810e3,
	  check_many, CT_UI_AXIS_TIME },
	{ "empty", "an empty trace", NULL, 0, NULL, 0, -500, 500, check_empty, CT_UI_AXIS_TIME },
	{ "one_event", "one event", one_in, ARRAY_LEN(one_in), NULL, 0, -500, 500, check_one,
	  CT_UI_AXIS_TIME },
	{ "deadlock_order", "deadlock, in happens-before order", deadlock_in,
	  ARRAY_LEN(deadlock_in), NULL, 600, -20e3, 620e3, check_deadlock_order, CT_UI_AXIS_ORDER },
	{ "empty_order", "an empty trace, in order", NULL, 0, NULL, 0, -500, 500, check_empty,
	  CT_UI_AXIS_ORDER },
	{ "one_event_order", "one event, in order", one_in, ARRAY_LEN(one_in), NULL, 0, -500, 500,
	  check_one_order, CT_UI_AXIS_ORDER },
	{ "order_axis", "happens-before order: a slow send, concurrent starts", order_in,
	  ARRAY_LEN(order_in), NULL, 0, -20e3, 670e3, check_order, CT_UI_AXIS_ORDER },
};

#define N_CASES ARRAY_LEN(cases)

static void test_case(void **state)
{
	struct pic *p = *state;

	pic_draw(p);
	p->c->check(p);
	check_reference(p);
}

/* ------------------------------------------------ the source panel */

/* Pixels of the source panel's highlighted line in columns [X0, W). */
static long source_line_px(const struct pic *p, int x0)
{
	long n = 0;

	for (int y = 0; y < H; y++)
		for (int x = x0; x < W; x++)
			n += pixel(p, x, y) == ct_ui_source_line_rgb();
	return n;
}

/*
 * A trace without call sites (these synthetic models have none) gets no
 * source panel: the plot reaches the right margin and no line is
 * highlighted. Shown anyway (S), the panel takes the right of the picture,
 * in its grey, and still highlights nothing: it can only say "no source".
 */
static void test_source_panel_absent(void **state)
{
	struct pic *p = *state;
	SDL_Rect plot, shown;
	char err[512];
	long grey = 0;

	pic_draw(p);
	plot = ct_ui_view_plot_rect(p->view);
	assert_true(plot.x + plot.w >= W - 20);
	assert_int_equal(source_line_px(p, 0), 0);

	ct_ui_view_show_source(p->view, true);
	if (ct_ui_view_draw(p->view, p->ren, 1.0f, err, sizeof(err)) != CT_UI_OK)
		fail_msg("ct_ui_view_draw: %s", err);
	shown = ct_ui_view_plot_rect(p->view);
	assert_true(shown.x + shown.w < W - W / 4);
	for (int y = shown.y; y < shown.y + shown.h; y++)
		grey += pixel(p, W - 5, y) == 0xEFEFEAu;
	assert_true(grey > shown.h / 2);
	assert_int_equal(source_line_px(p, 0), 0);
}

/* ------------------------------------------------ the tolerance itself */

/* A copy of S moved DX pixels right, the left edge repeated. */
static SDL_Surface *shifted(const SDL_Surface *s, int dx)
{
	SDL_Surface *c =
		SDL_CreateRGBSurfaceWithFormat(0, s->w, s->h, 32, SDL_PIXELFORMAT_ARGB8888);

	assert_non_null(c);
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++)
			surf_set(c, x, y, surf_pixel(s, x - dx < 0 ? 0 : x - dx, y));
	return c;
}

/*
 * The rules on a real picture (the channel case): scattered speckles and a
 * shift by one pixel pass; a 40-px arrow-like line where there was none, a
 * piece of a lane bar in another state's colour, and a shift by three
 * pixels fail.
 */
static void test_tolerance(void **state)
{
	struct pic *p = *state;
	size_t pixels = (size_t)W * H;
	SDL_Surface *s;
	struct diff d;
	SDL_Rect plot, bar;
	int lx = -1, ly = -1;

	pic_draw(p);
	d = compare(p->surf, p->surf, NULL);
	assert_int_equal(d.plain, 0);

	/* Speckles: one pixel in 499, its red channel 128 off. */
	s = shifted(p->surf, 0);
	for (size_t i = 0; i < pixels; i += 499)
		surf_set(s, (int)(i % W), (int)(i / W),
			 surf_pixel(s, (int)(i % W), (int)(i / W)) ^ 0x800000u);
	d = compare(s, p->surf, NULL);
	assert_true(d.unexplained > 0);
	assert_false(diff_fails(&d, pixels));
	SDL_FreeSurface(s);

	/* Everything one pixel to the right. */
	s = shifted(p->surf, 1);
	d = compare(s, p->surf, NULL);
	assert_false(diff_fails(&d, pixels));
	SDL_FreeSurface(s);

	/* Three pixels to the right. */
	s = shifted(p->surf, 3);
	d = compare(s, p->surf, NULL);
	assert_true(diff_fails(&d, pixels));
	SDL_FreeSurface(s);

	/* A 2-px line in the message colour across 40 px of empty row. */
	plot = ct_ui_view_plot_rect(p->view);
	for (int y = plot.y + 2; y < plot.y + plot.h - 2 && ly < 0; y++)
		for (int x = plot.x; x + 40 < plot.x + plot.w && ly < 0; x++) {
			bool flat = true;

			for (int k = 0; k < 40 && flat; k++)
				for (int j = -2; j <= 3 && flat; j++)
					flat = pixel(p, x + k, y + j) == pixel(p, x, y);
			if (flat) {
				lx = x;
				ly = y;
			}
		}
	assert_true(ly >= 0);
	s = shifted(p->surf, 0);
	for (int k = 0; k < 40; k++) {
		surf_set(s, lx + k, ly + k / 8, ct_ui_arrow_rgb(CT_ARROW_MESSAGE));
		surf_set(s, lx + k, ly + k / 8 + 1, ct_ui_arrow_rgb(CT_ARROW_MESSAGE));
	}
	d = compare(s, p->surf, NULL);
	assert_true(diff_fails(&d, pixels));
	SDL_FreeSurface(s);

	/* The worker's running bar at 150 us: a 6x4 piece drawn as sleeping instead. */
	bar = bar_of(p, 1);
	s = shifted(p->surf, 0);
	for (int y = bar.y + 2; y < bar.y + 6; y++)
		for (int x = x_of(p, 150e3); x < x_of(p, 150e3) + 6; x++) {
			assert_int_equal(surf_pixel(s, x, y), ct_ui_state_rgb(CT_STATE_RUNNING));
			surf_set(s, x, y, ct_ui_state_rgb(CT_STATE_SLEEPING));
		}
	d = compare(s, p->surf, NULL);
	assert_true(diff_fails(&d, pixels));
	SDL_FreeSurface(s);
}

/* ----------------------------------------------------------------- main */

/* The file of DejaVu Sans (Book) through fontconfig; false when it is not installed. */
static bool find_dejavu(char *path, size_t len)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)"DejaVu Sans:style=Book");
	FcPattern *match = NULL;
	FcResult res;
	FcChar8 *family = NULL, *style = NULL, *file = NULL;
	bool ok = false;

	if (!pat)
		return false;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	/* fontconfig always matches something: make sure it is the font the references show. */
	if (match && FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch &&
	    FcPatternGetString(match, FC_STYLE, 0, &style) == FcResultMatch &&
	    FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
	    strcmp((const char *)family, "DejaVu Sans") == 0 &&
	    strcmp((const char *)style, "Book") == 0 && strlen((const char *)file) < len &&
	    access((const char *)file, R_OK) == 0) {
		snprintf(path, len, "%s", (const char *)file);
		ok = true;
	}
	if (match)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return ok;
}

int main(void)
{
	struct pic pics[N_CASES + 2] = { 0 };
	struct CMUnitTest tests[N_CASES + 2];
	char font[4096];
	int rc;

	if (!find_dejavu(font, sizeof(font))) {
		fprintf(stderr, "test_draw: DejaVu Sans not found through fontconfig (install "
				"fonts-dejavu-core): skipped\n");
		return 77;
	}
	/* The references are drawn in DejaVu Sans, whatever else the machine has. */
	if (setenv("CTRACE_FONT", font, 1) != 0) {
		perror("test_draw: setenv");
		return 2;
	}
	if (TTF_Init() != 0) {
		fprintf(stderr, "test_draw: TTF_Init: %s\n", TTF_GetError());
		return 2;
	}
	if ((IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
		fprintf(stderr, "test_draw: IMG_Init: %s\n", IMG_GetError());
		TTF_Quit();
		return 2;
	}
	for (size_t i = 0; i < N_CASES; i++) {
		pics[i].c = &cases[i];
		tests[i] =
			(struct CMUnitTest){ cases[i].name, test_case, NULL, teardown, &pics[i] };
	}
	pics[N_CASES].c = &cases[0];
	tests[N_CASES] =
		(struct CMUnitTest){ "tolerance", test_tolerance, NULL, teardown, &pics[N_CASES] };
	pics[N_CASES + 1].c = &cases[1];
	tests[N_CASES + 1] = (struct CMUnitTest){ "source_panel_absent", test_source_panel_absent,
						  NULL, teardown, &pics[N_CASES + 1] };
	rc = cmocka_run_group_tests_name("test_draw", tests, NULL, NULL);
	IMG_Quit();
	TTF_Quit();
	return rc;
}
