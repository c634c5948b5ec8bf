/* SPDX-License-Identifier: MIT */
/*
 * chart.c - a labelled horizontal bar chart drawn offscreen (ctrace
 * explore's --png), with the viewer's fonts and drawing primitives, so it
 * reads like the timeline PNGs.
 */
#include <stdio.h>
#include <stdlib.h>

#include "gfx.h"
#include "ui.h"

#define CHART_W        1400
#define CHART_MAX_BARS 200
#define MARGIN         24
#define LABEL_MIN_W    160
#define LABEL_MAX_W    600

#define RGB_BG    0xFFFFFFu
#define RGB_TEXT  0x222222u
#define RGB_DIM   0x666666u
#define RGB_BAR   0x4E79A7u
#define RGB_FIRST 0x59A14Fu /* the first bar, when set apart */
#define RGB_GRID  0xE4E4E4u

/* Draws CHART onto C's renderer, W pixels wide; ROW_H and TOP as the caller measured them. */
static void draw(struct ui_gfx *c, const struct ct_ui_chart *chart, size_t n, int w, int top,
		 int row_h)
{
	int normal_h = gfx_line_h(c, UI_FONT_NORMAL);
	int label_w = LABEL_MIN_W, x0, x1 = w - MARGIN - 80;
	double max = 0;
	char count[32];

	/* The bars start right of the widest label, within bounds. */
	for (size_t i = 0; i < n; i++) {
		int lw = chart->bars[i].label ? gfx_text_w(c, UI_FONT_NORMAL, chart->bars[i].label)
					      : 0;

		if (lw + 16 > label_w)
			label_w = lw + 16 < LABEL_MAX_W ? lw + 16 : LABEL_MAX_W;
		if (chart->bars[i].value > max)
			max = chart->bars[i].value;
	}
	x0 = MARGIN + label_w;
	gfx_text(c, UI_FONT_TITLE, chart->title ? chart->title : "", RGB_TEXT, MARGIN, MARGIN,
		 UI_LEFT);
	if (chart->subtitle)
		gfx_text(c, UI_FONT_NORMAL, chart->subtitle, RGB_DIM, MARGIN,
			 MARGIN + gfx_line_h(c, UI_FONT_TITLE) + 4, UI_LEFT);
	for (size_t i = 0; i < n; i++) {
		const struct ct_ui_chart_bar *b = &chart->bars[i];
		int y = top + (int)i * row_h;
		int bw = max > 0 ? (int)((x1 - x0) * (b->value / max) + 0.5) : 0;

		if (i % 2 == 1)
			gfx_fill(c, MARGIN / 2, y - 3, w - MARGIN, row_h, 0xF6F6F6u);
		gfx_text(c, UI_FONT_NORMAL, b->label ? b->label : "", RGB_TEXT, MARGIN, y, UI_LEFT);
		gfx_fill(c, x0, y + 2, bw > 1 ? bw : 1, normal_h - 4,
			 i == 0 && chart->first_apart ? RGB_FIRST : RGB_BAR);
		snprintf(count, sizeof(count), "%g", b->value);
		gfx_text(c, UI_FONT_NORMAL, count, RGB_TEXT, x0 + bw + 8, y, UI_LEFT);
		if (b->detail)
			gfx_text(c, UI_FONT_SMALL, b->detail, RGB_DIM, x0, y + normal_h, UI_LEFT);
	}
	gfx_line(c, x0, top - 4, x0, top + (int)n * row_h - 4, 1, UI_DASH_SOLID, RGB_GRID, 255);
}

enum ct_ui_status ct_ui_render_chart(const struct ct_ui_chart *chart, SDL_Surface **picture,
				     char *err, size_t errlen)
{
	size_t n = chart->n_bars < CHART_MAX_BARS ? chart->n_bars : CHART_MAX_BARS;
	struct ct_ui_view *v = calloc(1, sizeof(*v));
	SDL_Surface *surf = NULL;
	SDL_Renderer *ren = NULL;
	enum ct_ui_status status = CT_UI_NOMEM;
	bool ttf_started = false;
	struct ui_gfx c = { 0 };
	int top, row_h, h;

	*picture = NULL;
	if (!v) {
		snprintf(err, errlen, "out of memory");
		return CT_UI_NOMEM;
	}
	status = CT_UI_SDL;
	if (!TTF_WasInit()) {
		if (TTF_Init() != 0) {
			snprintf(err, errlen, "TTF_Init: %s", TTF_GetError());
			goto end;
		}
		ttf_started = true;
	}
	/* A view with no model: only its fonts and text cache are used. */
	status = ui_fonts_open(v, 1.0f, err, errlen);
	if (status != CT_UI_OK)
		goto end;
	status = CT_UI_SDL;
	top = MARGIN + TTF_FontLineSkip(v->font[UI_FONT_TITLE]) +
	      TTF_FontLineSkip(v->font[UI_FONT_NORMAL]) + 24;
	row_h = TTF_FontLineSkip(v->font[UI_FONT_NORMAL]) +
		TTF_FontLineSkip(v->font[UI_FONT_SMALL]) + 10;
	h = top + (int)n * row_h + MARGIN;
	surf = ui_picture_new(CHART_W, h, err, errlen);
	ren = surf ? ui_picture_renderer(surf, err, errlen) : NULL;
	if (!ren)
		goto end;
	c = (struct ui_gfx){ .v = v, .r = ren, .failed = 0, .s = 1.0f };
	gfx_fill(&c, 0, 0, CHART_W, h, RGB_BG);
	draw(&c, chart, n, CHART_W, top, row_h);
	if (c.failed) {
		snprintf(err, errlen, "drawing the chart: %s", SDL_GetError());
		goto end;
	}
	SDL_RenderPresent(ren);
	status = CT_UI_OK;
end:
	/* Textures belong to the renderer: the cache goes first. */
	ui_text_flush(v);
	ui_fonts_close(v);
	free(v);
	if (ren)
		SDL_DestroyRenderer(ren);
	if (status == CT_UI_OK)
		*picture = surf;
	else
		SDL_FreeSurface(surf);
	if (ttf_started)
		TTF_Quit();
	return status;
}
