/* SPDX-License-Identifier: MIT */
/*
 * gfx.h - private to viewer/ui: the drawing primitives (rectangles, lines,
 * triangles, text, label placement) over one struct ui_gfx per frame.
 * Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_GFX_H
#define CTRACE_UI_GFX_H

#include <math.h>
#include <stdbool.h>

#include <SDL.h>

#include "palette.h"
#include "text.h"
#include "view_state.h"

/* Every SDL call of a frame goes through these, so the first failure is kept and reported once. */
struct ui_gfx {
	struct ct_ui_view *v; /* borrowed */
	SDL_Renderer *r;      /* borrowed */
	int failed;
	float s; /* scale */
};

/* Marks the frame failed when RC, an SDL call's result, is not 0. */
void gfx_check(struct ui_gfx *c, int rc);
/* Sets the draw colour: blending only when A is below 255. */
void gfx_color(struct ui_gfx *c, uint32_t rgb, Uint8 a);
/* Fills a rectangle, opaque or with alpha A; nothing when W or H is not positive. */
void gfx_fill(struct ui_gfx *c, int x, int y, int w, int h, uint32_t rgb);
void gfx_fill_a(struct ui_gfx *c, int x, int y, int w, int h, uint32_t rgb, Uint8 a);
/* Draws one line of text aligned at X; returns its width. */
int gfx_text(struct ui_gfx *c, enum ui_font f, const char *s, uint32_t rgb, int x, int y,
	     enum ui_align al);
/* The width S would take in font F, and the font's line height. */
int gfx_text_w(struct ui_gfx *c, enum ui_font f, const char *s);
int gfx_line_h(struct ui_gfx *c, enum ui_font f);
/* A filled triangle. */
void gfx_triangle(struct ui_gfx *c, float x0, float y0, float x1, float y1, float x2, float y2,
		  uint32_t rgb, Uint8 a);
/* A line THICK pixels wide, solid, dashed or dotted. */
void gfx_line(struct ui_gfx *c, double x0, double y0, double x1, double y1, int thick,
	      enum ui_dash dash, uint32_t rgb, Uint8 a);
/* Reserves a rectangle for a label; false when it overlaps one already placed this frame. */
bool gfx_place(struct ui_gfx *c, SDL_Rect rc);

/* Clamps a pixel coordinate so int conversions never overflow. */
static inline int gfx_px(double x)
{
	if (!(x > -1e6))
		return -1000000;
	if (x > 1e6)
		return 1000000;
	return (int)floor(x);
}

/*
 * Pictures drawn off screen (png.c): a new W x H surface in the format
 * every picture uses, and a software renderer drawing into SURF. NULL with
 * ERR set (the SDL call and its error) when SDL fails.
 */
SDL_Surface *ui_picture_new(int w, int h, char *err, size_t errlen);
SDL_Renderer *ui_picture_renderer(SDL_Surface *surf, char *err, size_t errlen);

#endif /* CTRACE_UI_GFX_H */
