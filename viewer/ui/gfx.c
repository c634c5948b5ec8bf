/* SPDX-License-Identifier: MIT */
/*
 * gfx.c - the drawing primitives every layer of a frame uses: filled
 * rectangles, lines solid, dashed or dotted, triangles, text, and the
 * placement of labels so they never overlap. Each SDL call's failure is kept
 * in the frame's struct ui_gfx and reported once, at the end of the frame.
 */
#include <math.h>
#include <stdlib.h>

#include "gfx.h"
#include "palette.h"
#include "text.h"
#include "view_state.h"

void gfx_check(struct ui_gfx *c, int rc)
{
	if (rc != 0)
		c->failed = 1;
}

void gfx_color(struct ui_gfx *c, uint32_t rgb, Uint8 a)
{
	/* Opaque drawing skips blending: the software renderer's blended path is much slower. */
	gfx_check(c, SDL_SetRenderDrawBlendMode(c->r, a == 255 ? SDL_BLENDMODE_NONE
							       : SDL_BLENDMODE_BLEND));
	gfx_check(c, SDL_SetRenderDrawColor(c->r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb,
					    a));
}

void gfx_fill(struct ui_gfx *c, int x, int y, int w, int h, uint32_t rgb)
{
	SDL_Rect rc = { x, y, w, h };

	if (w <= 0 || h <= 0)
		return;
	gfx_color(c, rgb, 255);
	gfx_check(c, SDL_RenderFillRect(c->r, &rc));
}

void gfx_fill_a(struct ui_gfx *c, int x, int y, int w, int h, uint32_t rgb, Uint8 a)
{
	SDL_Rect rc = { x, y, w, h };

	if (w <= 0 || h <= 0)
		return;
	gfx_color(c, rgb, a);
	gfx_check(c, SDL_RenderFillRect(c->r, &rc));
}

int gfx_text(struct ui_gfx *c, enum ui_font f, const char *s, uint32_t rgb, int x, int y,
	     enum ui_align al)
{
	int w = 0;

	gfx_check(c, ui_text(c->v, c->r, f, s, rgb, x, y, al, 0, true, &w, NULL));
	return w;
}

int gfx_text_w(struct ui_gfx *c, enum ui_font f, const char *s)
{
	int w = 0;

	gfx_check(c, ui_text(c->v, c->r, f, s, 0, 0, 0, UI_LEFT, 0, false, &w, NULL));
	return w;
}

int gfx_line_h(struct ui_gfx *c, enum ui_font f)
{
	return TTF_FontLineSkip(c->v->font[f]);
}

/* A filled triangle. */
void gfx_triangle(struct ui_gfx *c, float x0, float y0, float x1, float y1, float x2, float y2,
		  uint32_t rgb, Uint8 a)
{
	SDL_Color col = { (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, a };
	SDL_Vertex vx[3] = {
		{ { x0, y0 }, col, { 0, 0 } },
		{ { x1, y1 }, col, { 0, 0 } },
		{ { x2, y2 }, col, { 0, 0 } },
	};

	gfx_check(c, SDL_RenderGeometry(c->r, NULL, vx, 3, NULL, 0));
}

/* A line THICK pixels wide, solid, dashed or dotted. */
void gfx_line(struct ui_gfx *c, double x0, double y0, double x1, double y1, int thick,
	      enum ui_dash dash, uint32_t rgb, Uint8 a)
{
	double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
	double on = dash == UI_DASH_LONG ? 6 * c->s : 2 * c->s,
	       off = dash == UI_DASH_LONG ? 4 * c->s : 3 * c->s;
	bool steep = fabs(dy) > fabs(dx);

	gfx_color(c, rgb, a);
	if (len < 0.5)
		return;
	for (double d = 0; d < len; d += on + off) {
		double e = dash == UI_DASH_SOLID ? len : fmin(len, d + on);
		double ax = x0 + dx * d / len, ay = y0 + dy * d / len;
		double bx = x0 + dx * e / len, by = y0 + dy * e / len;

		for (int k = 0; k < thick; k++) {
			int ox = steep ? k - thick / 2 : 0, oy = steep ? 0 : k - thick / 2;

			gfx_check(c, SDL_RenderDrawLine(c->r, gfx_px(ax) + ox, gfx_px(ay) + oy,
							gfx_px(bx) + ox, gfx_px(by) + oy));
		}
		if (dash == UI_DASH_SOLID)
			break;
	}
}

/* Reserves a rectangle for a label; false when it overlaps one already placed this frame. */
bool gfx_place(struct ui_gfx *c, SDL_Rect rc)
{
	struct ct_ui_view *v = c->v;

	for (int i = 0; i < v->placed_n; i++)
		if (SDL_HasIntersection(&rc, &v->placed[i]))
			return false;
	if (v->placed_n == v->placed_cap) {
		int cap = v->placed_cap ? v->placed_cap * 2 : 64;
		SDL_Rect *p = realloc(v->placed, (size_t)cap * sizeof(*p));

		if (!p)
			return false;
		v->placed = p;
		v->placed_cap = cap;
	}
	v->placed[v->placed_n++] = rc;
	return true;
}
