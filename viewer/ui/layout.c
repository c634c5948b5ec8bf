/* SPDX-License-Identifier: MIT */
/*
 * layout.c - the view's geometry, in one place: where each part of the
 * picture goes for an output size (header, legend rows, axis, lanes, printed
 * lines, status line), time <-> x and lane <-> y. Drawing, hit tests and
 * input all ask it; it draws nothing.
 */
#include <stdio.h>

#include "lane_order.h"
#include "layout.h"
#include "palette.h"
#include "text.h"
#include "view_state.h"
#include "i18n.h"

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
	bool one_line;

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
	l->plot.y = l->axis_y + l->axis_h;
	l->plot.h = l->status_y - l->out_h - l->plot.y - (int)(4 * scale);
	if (l->plot.h < 1)
		l->plot.h = 1;
	l->lane_h = n_lanes ? l->plot.h / (int)n_lanes : max_lane;
	if (l->lane_h > max_lane)
		l->lane_h = max_lane;
	if (l->lane_h < min_lane)
		l->lane_h = min_lane;
	if (n_lanes && (int)n_lanes * l->lane_h < l->plot.h)
		l->plot.h = (int)n_lanes * l->lane_h;
	/*
	 * The label column, once the lanes' height is known: as wide as the
	 * widest name or detail, or, when a lane is too low for two lines and
	 * ui_draw_lanes writes "name  detail" on one, as the widest of those.
	 */
	one_line = l->lane_h < normal_h + small_h;
	for (size_t i = 0; i < n_lanes && v->font[UI_FONT_NORMAL]; i++) {
		char detail[96], both[320];
		int tw = 0, dw = 0;

		ui_lane_detail(v, (uint32_t)i, detail, sizeof(detail));
		if (one_line) {
			snprintf(both, sizeof(both), "%s  %s", ui_lane_name(v, (uint32_t)i),
				 detail);
			if (v->font[UI_FONT_SMALL])
				TTF_SizeUTF8(v->font[UI_FONT_SMALL], both, &tw, NULL);
		} else {
			TTF_SizeUTF8(v->font[UI_FONT_NORMAL], ui_lane_name(v, (uint32_t)i), &tw,
				     NULL);
			if (v->font[UI_FONT_SMALL])
				TTF_SizeUTF8(v->font[UI_FONT_SMALL], detail, &dw, NULL);
		}
		if (tw > name_w)
			name_w = tw;
		if (dw > name_w)
			name_w = dw;
		(void)lanes;
	}
	l->label_w = name_w + 2 * margin;
	if (l->label_w < (int)(110 * scale))
		l->label_w = (int)(110 * scale);
	if (l->label_w > w / 4)
		l->label_w = w / 4;
	l->plot.x = l->label_w;
	l->plot.w = w - l->label_w - margin;
	/*
	 * The source panel takes a third of the width on the right, from the
	 * axis down to above the step caption (narration.c), which must stay
	 * readable under it; a window too small for both gets no panel.
	 */
	l->src = (SDL_Rect){ 0, 0, 0, 0 };
	if (v->src_shown && w >= (int)(800 * scale)) {
		l->src.w = w / 3 < (int)(560 * scale) ? w / 3 : (int)(560 * scale);
		l->src.x = w - l->src.w;
		l->src.y = l->axis_y;
		l->src.h = l->status_y - title_h - (int)(12 * scale) - l->src.y;
		if (l->src.h < 4 * small_h)
			l->src = (SDL_Rect){ 0, 0, 0, 0 };
		else
			l->plot.w -= l->src.w;
	}
	if (l->plot.w < 1)
		l->plot.w = 1;
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

int ui_legend_entry_w(struct ct_ui_view *v, float s, const char *word)
{
	int tw = 0;

	ui_text(v, NULL, UI_FONT_SMALL, word, 0, 0, 0, UI_LEFT, 0, false, &tw, NULL);
	return (int)(14 * s) + (int)(5 * s) + tw + (int)(14 * s);
}

int ui_legend_rows(struct ct_ui_view *v, int w, float s)
{
	int x = (int)(16 * s), tw = 0;

	if (!v->font[UI_FONT_SMALL])
		return 1;
	ui_text(v, NULL, UI_FONT_SMALL, UI_LEGEND_BLOCKED, 0, 0, 0, UI_LEFT, 0, false, &tw, NULL);
	x += tw + (int)(6 * s);
	for (int i = 0; i < CT_STATE_COUNT_; i++)
		if (v->legend_state[i])
			x += ui_legend_entry_w(v, s, _(ui_legend_states[i]));
	for (int i = 0; i < 3; i++)
		x += ui_legend_entry_w(v, s, _(ui_legend_lives[i]));
	x += (int)(10 * s);
	for (int i = 0; i < CT_ARROW_COUNT_; i++)
		x += ui_legend_entry_w(v, s, _(ui_legend_arrows[i]));
	return x <= w - (int)(8 * s) ? 1 : 2;
}
