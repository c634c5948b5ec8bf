/* SPDX-License-Identifier: MIT */
/*
 * frame.c - draws one frame of a view onto any SDL_Renderer: the layout for
 * its size, then the layers in order (chrome, lanes, arrows, findings,
 * overlays), with nothing of the future drawn right of the play head.
 */
#include <stdio.h>

#include "gfx.h"
#include "layers.h"
#include "layout.h"
#include "palette.h"
#include "text.h"
#include "view_state.h"

static void draw_content(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	double vis_end = v->head_on ? v->head : v->end;
	int head_x = v->head_on ? gfx_px(ct_ui_view_time_x(v, v->head)) : l->plot.x + l->plot.w;
	SDL_Rect clip = l->plot;

	/* Nothing of the future is drawn: the clip ends at the play head. */
	if (head_x + 1 < clip.x + clip.w)
		clip.w = head_x + 1 - clip.x;
	if (clip.w <= 0)
		return;
	clip.h = l->visible_lanes * l->lane_h;
	gfx_check(c, SDL_RenderSetClipRect(c->r, &clip));
	ui_draw_states(c, vis_end);
	ui_draw_markers(c, vis_end);
	/* Arrows may leave the plot upwards or downwards, but not into the future. */
	clip.y = l->plot.y;
	clip.h = l->plot.h;
	gfx_check(c, SDL_RenderSetClipRect(c->r, &clip));
	ui_draw_arrows(c, vis_end);
	ui_draw_findings(c, vis_end);
	gfx_check(c, SDL_RenderSetClipRect(c->r, NULL));
}

enum ct_ui_status ct_ui_view_draw(struct ct_ui_view *v, SDL_Renderer *r, float scale, char *err,
				  size_t errlen)
{
	struct ui_gfx c = { .v = v, .r = r, .s = scale };
	enum ct_ui_status status;
	int w, h;

	if (SDL_GetRendererOutputSize(r, &w, &h) != 0) {
		snprintf(err, errlen, "SDL_GetRendererOutputSize: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	if (!(scale > 0))
		c.s = scale = 1;
	status = ui_fonts_open(v, scale, err, errlen);
	if (status != CT_UI_OK)
		return status;
	v->frame++;
	v->placed_n = 0;
	ui_layout_compute(v, w, h, scale);
	gfx_check(&c, SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND));
	gfx_color(&c, C_BG, 255);
	gfx_check(&c, SDL_RenderClear(r));
	ui_draw_header(&c);
	ui_draw_legend(&c);
	ui_draw_lanes(&c);
	ui_draw_axis(&c);
	ui_draw_future(&c);
	draw_content(&c);
	ui_draw_head(&c);
	ui_draw_output(&c);
	ui_draw_srcpanel(&c);
	ui_draw_status(&c);
	ui_draw_narration(&c);
	if (v->selecting) {
		int x0 = v->drag_x0 < v->drag_x ? v->drag_x0 : v->drag_x;
		int x1 = v->drag_x0 < v->drag_x ? v->drag_x : v->drag_x0;

		gfx_fill_a(&c, x0, v->lay.plot.y, x1 - x0, v->lay.plot.h, C_SELECT, 50);
	}
	if (v->mouse_in && v->hover.kind != UI_HIT_NONE && !v->help && !v->dragging)
		ui_draw_tooltip(&c);
	if (v->findings_list && !v->help)
		ui_draw_findings_list(&c);
	if (v->help)
		ui_draw_help(&c);
	if (c.failed) {
		snprintf(err, errlen, "drawing failed: %s", SDL_GetError());
		return CT_UI_SDL;
	}
	return CT_UI_OK;
}
