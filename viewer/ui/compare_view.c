/* SPDX-License-Identifier: MIT */
/*
 * compare_view.c - two runs side by side (ui_compare.h): each run's view
 * drawn by the ordinary renderer into its half of one picture, both halves
 * on one time scale, then the divergence marks over them; and a window that
 * shows that picture.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gfx.h"
#include "text.h"
#include "ui_compare.h"
#include "view_state.h"
#include "window_state.h"

/* Magenta: no state, arrow, lane end, play head or finding uses it. */
#define C_DIVERGE 0xE000E0u

uint32_t ct_ui_diverge_rgb(void)
{
	return C_DIVERGE;
}

/* Draws view V onto SURF through a software renderer that lives for this draw only. */
static enum ct_ui_status draw_half(struct ct_ui_view *v, SDL_Surface *surf, char *err,
				   size_t errlen)
{
	SDL_Renderer *r = ui_picture_renderer(surf, err, errlen);
	enum ct_ui_status status;

	if (!r)
		return CT_UI_SDL;
	status = ct_ui_view_draw(v, r, 1.0f, err, errlen);
	SDL_RenderPresent(r);
	/* The view's cached text textures belong to R: dropped before it goes. */
	ui_text_flush(v);
	SDL_DestroyRenderer(r);
	return status;
}

/*
 * One time scale for both halves, each run's start at the same x: the
 * longer run fills the narrower of the two plots (their label columns may
 * differ in width).
 */
static void share_scale(struct ct_ui_view *v[2], const struct ct_ui_compare *in)
{
	SDL_Rect p[2] = { ct_ui_view_plot_rect(v[0]), ct_ui_view_plot_rect(v[1]) };
	double end = fmax((double)ct_model_end_time(in->model[0]),
			  (double)ct_model_end_time(in->model[1]));
	int left = p[0].x > p[1].x ? p[0].x : p[1].x;
	int right = p[0].x + p[0].w < p[1].x + p[1].w ? p[0].x + p[0].w : p[1].x + p[1].w;
	double pad = 0.015 * (right - left), ns_px;

	if (end <= 0 || right - left < 8)
		return;
	ns_px = end / (right - left - 2 * pad);
	/*
	 * Set as is, not through ct_ui_view_set_window: its clamping keeps a
	 * window near its own trace, and would move the start of a run much
	 * shorter than the other away from the common x.
	 */
	for (int i = 0; i < 2; i++) {
		v[i]->t0 = -(left + pad - p[i].x) * ns_px;
		v[i]->span = p[i].w * ns_px;
	}
}

/* Scrolls each view so the lane of its diverging event is in sight. */
static bool show_diverging_lanes(struct ct_ui_view *v[2], const struct ct_ui_compare *in)
{
	const struct ct_compare_side *side[2] = { &in->cmp->a, &in->cmp->b };
	bool moved = false;

	for (int i = 0; i < 2; i++) {
		size_t n, nl;
		const struct ct_model_event *ev = ct_model_borrow_events(in->model[i], &n);
		const struct ct_model_lane *lanes = ct_model_borrow_lanes(in->model[i], &nl);
		SDL_Rect bar;
		uint32_t lane;

		if (side[i]->first >= n)
			continue;
		lane = ev[side[i]->first].lane;
		if (ct_ui_view_lane_bar(v[i], lane, &bar))
			continue;
		v[i]->lane_scroll = (int)lanes[lane].rank - v[i]->lay.visible_lanes / 2;
		if (v[i]->lane_scroll < 0)
			v[i]->lane_scroll = 0;
		moved = true;
	}
	return moved;
}

/* A ring of radius R around (X, Y), THICK pixels wide. */
static void ring(struct ui_gfx *c, double x, double y, double r, int thick)
{
	const int steps = 48;

	for (int k = 0; k < thick; k++)
		for (int s = 0; s < steps; s++) {
			double a0 = 2 * M_PI * s / steps, a1 = 2 * M_PI * (s + 1) / steps;
			double rr = r + k;

			gfx_line(c, x + rr * cos(a0), y + rr * sin(a0), x + rr * cos(a1),
				 y + rr * sin(a1), 1, UI_DASH_SOLID, C_DIVERGE, 255);
		}
}

/* The marks over the composed picture OUT: each run's diverging event, and a line joining them. */
static enum ct_ui_status draw_marks(struct ct_ui_view *v[2], const struct ct_ui_compare *in,
				    SDL_Surface *out, int half_h, struct ct_ui_compare_marks *m,
				    char *err, size_t errlen)
{
	const struct ct_compare_side *side[2] = { &in->cmp->a, &in->cmp->b };
	SDL_Renderer *r = ui_picture_renderer(out, err, errlen);
	struct ui_gfx c = { .v = v[0], .r = r, .s = 1 };

	memset(m, 0, sizeof(*m));
	m->half_h = half_h;
	if (!r)
		return CT_UI_SDL;
	gfx_check(&c, SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND));
	for (int i = 0; i < 2; i++) {
		size_t n;
		const struct ct_model_event *ev = ct_model_borrow_events(in->model[i], &n);
		SDL_Rect plot = ct_ui_view_plot_rect(v[i]), bar;
		int off = i ? half_h : 0;

		if (side[i]->first >= n)
			continue;
		m->has[i] = true;
		m->x[i] = gfx_px(
			ct_ui_view_time_x(v[i], (double)ct_model_event_time(&ev[side[i]->first])));
		m->y[i] = off + (ct_ui_view_lane_bar(v[i], ev[side[i]->first].lane, &bar)
					 ? bar.y + bar.h / 2
					 : plot.y);
		/* The line spans the lanes, the ring sits on the event. */
		gfx_line(&c, m->x[i], off + plot.y, m->x[i], off + plot.y + plot.h, 2, UI_DASH_LONG,
			 C_DIVERGE, 255);
		ring(&c, m->x[i], m->y[i], 11, 3);
	}
	if (m->has[0] && m->has[1])
		gfx_line(&c, m->x[0], m->y[0] + 14, m->x[1], m->y[1] - 14, 1, UI_DASH_DOT,
			 C_DIVERGE, 255);
	SDL_RenderPresent(r);
	SDL_DestroyRenderer(r);
	if (c.failed) {
		snprintf(err, errlen, "drawing the marks failed: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	return CT_UI_OK;
}

/* Draws both views and the marks into OUT. */
static enum ct_ui_status compose(struct ct_ui_view *v[2], const struct ct_ui_compare *in,
				 SDL_Surface *out, struct ct_ui_compare_marks *marks, char *err,
				 size_t errlen)
{
	int half[2] = { out->h / 2, out->h - out->h / 2 };
	SDL_Surface *sub[2] = { NULL, NULL };
	enum ct_ui_status status = CT_UI_SDL;

	for (int i = 0; i < 2; i++) {
		sub[i] = ui_picture_new(out->w, half[i], err, errlen);
		if (!sub[i])
			goto end;
	}
	/* A first draw lays each half out; the shared scale needs both plots' widths. */
	for (int i = 0; i < 2; i++)
		if ((status = draw_half(v[i], sub[i], err, errlen)) != CT_UI_OK)
			goto end;
	share_scale(v, in);
	(void)show_diverging_lanes(v, in);
	for (int i = 0; i < 2; i++) {
		SDL_Rect at = { 0, i ? half[0] : 0, out->w, half[i] };

		if ((status = draw_half(v[i], sub[i], err, errlen)) != CT_UI_OK)
			goto end;
		if (SDL_BlitSurface(sub[i], NULL, out, &at) != 0) {
			snprintf(err, errlen, "SDL_BlitSurface: %s", SDL_GetError());
			status = CT_UI_SDL;
			goto end;
		}
	}
	status = draw_marks(v, in, out, half[0], marks, err, errlen);
end:
	SDL_FreeSurface(sub[0]);
	SDL_FreeSurface(sub[1]);
	return status;
}

static enum ct_ui_status views_create(const struct ct_ui_compare *in, struct ct_ui_view *v[2],
				      char *err, size_t errlen)
{
	enum ct_ui_status status = CT_UI_OK;

	v[0] = v[1] = NULL;
	for (int i = 0; i < 2; i++) {
		v[i] = ct_ui_view_create(in->model[i], in->head[i], &status, err, errlen);
		/* Two runs side by side: each needs its width for the lanes. */
		if (v[i])
			ct_ui_view_show_source(v[i], false);
		if (!v[i]) {
			ct_ui_view_destroy(v[0]);
			v[0] = NULL;
			return status;
		}
	}
	return CT_UI_OK;
}

enum ct_ui_status ct_ui_render_compare(const struct ct_ui_compare *in, int w, int h,
				       SDL_Surface **picture, struct ct_ui_compare_marks *marks,
				       char *err, size_t errlen)
{
	struct ct_ui_compare_marks scratch;
	struct ct_ui_view *v[2] = { NULL, NULL };
	SDL_Surface *out = NULL;
	enum ct_ui_status status;
	bool ttf_started = false;

	*picture = NULL;
	w = w > 0 ? w : 1600;
	h = h > 0 ? h : 1200;
	if (w < 64 || h < 128 || w > 16384 || h > 16384) {
		snprintf(err, errlen,
			 "image size %dx%d: each side must be 64 (height 128) to 16384", w, h);
		return CT_UI_USAGE;
	}
	if (!TTF_WasInit()) {
		if (TTF_Init() != 0) {
			snprintf(err, errlen, "TTF_Init: %s", TTF_GetError());
			return CT_UI_SDL;
		}
		ttf_started = true;
	}
	status = views_create(in, v, err, errlen);
	if (status != CT_UI_OK)
		goto end;
	out = ui_picture_new(w, h, err, errlen);
	if (!out) {
		status = CT_UI_SDL;
		goto end;
	}
	status = compose(v, in, out, marks ? marks : &scratch, err, errlen);
end:
	ct_ui_view_destroy(v[0]);
	ct_ui_view_destroy(v[1]);
	if (status == CT_UI_OK)
		*picture = out;
	else
		SDL_FreeSurface(out);
	if (ttf_started)
		TTF_Quit();
	return status;
}

/* Draws the picture at the window's output size and presents it. */
static enum ct_ui_status window_frame(struct ct_ui_window *app, struct ct_ui_view *v[2],
				      const struct ct_ui_compare *in, char *err, size_t errlen)
{
	struct ct_ui_compare_marks marks;
	SDL_Surface *out;
	SDL_Texture *tex;
	enum ct_ui_status status;
	int w, h;

	if (SDL_GetRendererOutputSize(app->ren, &w, &h) != 0) {
		snprintf(err, errlen, "SDL_GetRendererOutputSize: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	out = ui_picture_new(w, h, err, errlen);
	if (!out)
		return CT_UI_SDL;
	status = compose(v, in, out, &marks, err, errlen);
	if (status == CT_UI_OK) {
		tex = SDL_CreateTextureFromSurface(app->ren, out);
		if (!tex || SDL_RenderCopy(app->ren, tex, NULL, NULL) != 0) {
			snprintf(err, errlen, "showing the picture: %s", SDL_GetError());
			status = CT_UI_SDL;
		} else {
			SDL_RenderPresent(app->ren);
		}
		if (tex)
			SDL_DestroyTexture(tex);
	}
	SDL_FreeSurface(out);
	return status;
}

enum ct_ui_status ct_ui_run_compare_window(const struct ct_ui_compare *in, int w, int h, char *err,
					   size_t errlen)
{
	struct ct_ui_window_options wo = { .width = w > 0 ? w : 1400, .height = h > 0 ? h : 1000 };
	struct ct_ui_window *app = NULL;
	struct ct_ui_view *v[2] = { NULL, NULL };
	enum ct_ui_status status = ct_ui_window_open(&wo, &app, err, errlen);
	bool redraw = true, quit = false;

	if (status != CT_UI_OK)
		return status;
	SDL_SetWindowTitle(app->win, "ctrace — two runs compared");
	status = views_create(in, v, err, errlen);
	/* The picture does not move: drawn again only when the window changes. */
	while (status == CT_UI_OK && !quit) {
		SDL_Event e;

		if (redraw)
			status = window_frame(app, v, in, err, errlen);
		redraw = false;
		if (status != CT_UI_OK || !SDL_WaitEvent(&e))
			break;
		do {
			if (e.type == SDL_QUIT ||
			    (e.type == SDL_KEYDOWN &&
			     (e.key.keysym.sym == SDLK_q || e.key.keysym.sym == SDLK_ESCAPE)))
				quit = true;
			else if (e.type == SDL_WINDOWEVENT &&
				 (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
				  e.window.event == SDL_WINDOWEVENT_EXPOSED))
				redraw = true;
		} while (SDL_PollEvent(&e));
	}
	ct_ui_view_destroy(v[0]);
	ct_ui_view_destroy(v[1]);
	ct_ui_window_destroy(app);
	return status;
}
