/* SPDX-License-Identifier: MIT */
/*
 * input.c - keys and mouse turned into changes of the view: zoom, pan, lane
 * scroll, selection, playback, the help and the findings list. A script's
 * keys and clicks come through here too.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "findings.h"
#include "hit.h"
#include "layout.h"
#include "playback.h"
#include "view.h"
#include "view_state.h"
#include "input.h"

static void on_key(struct ct_ui_view *v, SDL_Keycode k, Uint16 mod, bool *quit)
{
	bool shift = mod & KMOD_SHIFT;
	int zoom_x = v->mouse_in && v->mouse_x >= v->lay.plot.x ? v->mouse_x
								: v->lay.plot.x + v->lay.plot.w / 2;

	if (v->help && k != SDLK_q) {
		v->help = false; /* any key closes the help */
		if (k == SDLK_ESCAPE || k == SDLK_SLASH || k == SDLK_QUESTION || k == SDLK_F1)
			return;
	}
	if (v->findings_list) {
		/* The list takes the keys that move through it. */
		long page = v->flist_rows > 1 ? v->flist_rows - 1 : 1;

		switch (k) {
		case SDLK_UP:
			ui_findings_scroll(v, -1);
			return;
		case SDLK_DOWN:
			ui_findings_scroll(v, 1);
			return;
		case SDLK_PAGEUP:
			ui_findings_scroll(v, -page);
			return;
		case SDLK_PAGEDOWN:
			ui_findings_scroll(v, page);
			return;
		case SDLK_HOME:
			ui_findings_scroll(v, -(long)v->findings_top);
			return;
		case SDLK_END:
			ui_findings_scroll(v, LONG_MAX / 2);
			return;
		case SDLK_RETURN:
		case SDLK_KP_ENTER:
			ui_findings_jump(v, v->findings_top);
			return;
		default:
			break;
		}
	}
	switch (k) {
	case SDLK_q:
		*quit = true;
		break;
	case SDLK_ESCAPE:
		v->findings_list = false;
		v->sel_lane = v->sel_arrow = CT_MODEL_NONE;
		v->playing = false;
		v->head_on = false;
		v->note[0] = '\0';
		break;
	case SDLK_SLASH:
	case SDLK_QUESTION:
	case SDLK_F1:
	case SDLK_h:
		v->help = true;
		break;
	case SDLK_l:
		v->findings_list = !v->findings_list;
		break;
	case SDLK_s:
		v->src_shown = !v->src_shown;
		break;
	case SDLK_o:
		if (ct_ui_view_set_axis(v, v->order ? CT_UI_AXIS_TIME : CT_UI_AXIS_ORDER) !=
		    CT_UI_OK)
			snprintf(v->note, sizeof(v->note),
				 "out of memory: the happens-before order cannot be shown");
		else
			v->note[0] = '\0'; /* the status line names the axis */
		if (v->mouse_in)           /* what is under the mouse moved */
			ui_hit_test(v, v->mouse_x, v->mouse_y, &v->hover);
		break;
	case SDLK_PLUS:
	case SDLK_EQUALS:
	case SDLK_KP_PLUS:
		ui_zoom_at(v, 1.5, zoom_x);
		break;
	case SDLK_MINUS:
	case SDLK_KP_MINUS:
		ui_zoom_at(v, 1 / 1.5, zoom_x);
		break;
	case SDLK_LEFT:
		ui_pan_px(v, v->lay.plot.w * (shift ? 0.5 : 0.1));
		break;
	case SDLK_RIGHT:
		ui_pan_px(v, -v->lay.plot.w * (shift ? 0.5 : 0.1));
		break;
	case SDLK_UP:
		v->lane_scroll--;
		break;
	case SDLK_DOWN:
		v->lane_scroll++;
		break;
	case SDLK_PAGEUP:
		v->lane_scroll -= v->lay.visible_lanes;
		break;
	case SDLK_PAGEDOWN:
		v->lane_scroll += v->lay.visible_lanes;
		break;
	case SDLK_HOME:
	case SDLK_f:
		ct_ui_view_fit(v);
		break;
	case SDLK_SPACE:
		ui_play_toggle(v);
		break;
	case SDLK_RIGHTBRACKET:
	case SDLK_GREATER:
		ui_play_speed(v, 1);
		break;
	case SDLK_LEFTBRACKET:
	case SDLK_LESS:
		ui_play_speed(v, -1);
		break;
	case SDLK_PERIOD:
		if (shift)
			ui_play_speed(v, 1);
		else
			ui_step(v, 1);
		break;
	case SDLK_COMMA:
		if (shift)
			ui_play_speed(v, -1);
		else
			ui_step(v, -1);
		break;
	case SDLK_n:
		ui_step(v, 1);
		break;
	case SDLK_p:
		ui_step(v, -1);
		break;
	default:
		break;
	}
}

/* A click (press and release without moving): select what is under the mouse. */
static void on_click(struct ct_ui_view *v, int x, int y)
{
	struct ui_hit hit;

	if (v->findings_list) {
		const SDL_Rect *b = &v->flist_box;

		/* A row shows its finding; a click outside the list closes it. */
		if (b->w > 0 && x >= b->x && x < b->x + b->w && y >= b->y && y < b->y + b->h) {
			if (y >= v->flist_row0 && v->flist_row_h > 0 &&
			    (y - v->flist_row0) / v->flist_row_h < v->flist_rows)
				ui_findings_jump(v, v->findings_top + (size_t)((y - v->flist_row0) /
									       v->flist_row_h));
		} else {
			v->findings_list = false;
		}
		return;
	}
	ui_hit_test(v, x, y, &hit);
	switch (hit.kind) {
	case UI_HIT_ARROW:
		v->sel_arrow = v->sel_arrow == hit.index ? CT_MODEL_NONE : hit.index;
		v->sel_lane = CT_MODEL_NONE;
		break;
	case UI_HIT_NONE:
		v->sel_arrow = CT_MODEL_NONE;
		v->sel_lane = CT_MODEL_NONE;
		break;
	default:
		v->sel_arrow = CT_MODEL_NONE;
		v->sel_lane = v->sel_lane == hit.lane ? CT_MODEL_NONE : hit.lane;
		break;
	}
	/* A clicked event, marker or finding shows its code. */
	if (hit.kind == UI_HIT_EVENT || hit.kind == UI_HIT_MARKER) {
		ui_srcpanel_show(v, hit.index);
	} else if (hit.kind == UI_HIT_FINDING) {
		size_t n;
		const struct ct_finding *fs = ct_analysis_borrow_findings(v->analysis, &n);

		if (hit.index < n)
			ui_srcpanel_show(v, fs[hit.index].event);
	}
}

void ui_input_event(struct ct_ui_view *v, const SDL_Event *e, float scale, bool *quit)
{

	switch (e->type) {
	case SDL_QUIT:
		*quit = true;
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_LEAVE)
			v->mouse_in = false;
		break;
	case SDL_KEYDOWN:
		on_key(v, e->key.keysym.sym, e->key.keysym.mod, quit);
		break;
	case SDL_MOUSEMOTION: {
		int x = (int)(e->motion.x * scale), y = (int)(e->motion.y * scale);

		if (v->dragging && !v->selecting)
			ui_pan_px(v, x - v->drag_x);
		v->drag_x = x;
		v->mouse_x = x;
		v->mouse_y = y;
		v->mouse_in = true;
		ui_hit_test(v, x, y, &v->hover);
		break;
	}
	case SDL_MOUSEWHEEL: {
		int mx, my;
		float dy = e->wheel.preciseY, dx = e->wheel.preciseX;

		SDL_GetMouseState(&mx, &my);
		if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED) {
			dy = -dy;
			dx = -dx;
		}
		if (v->findings_list)
			ui_findings_scroll(v, -(long)dy);
		else if (SDL_GetModState() & (KMOD_CTRL | KMOD_SHIFT))
			v->lane_scroll -= (int)dy;
		else if (dy != 0)
			ui_zoom_at(v, pow(1.25, dy),
				   v->mouse_in ? v->mouse_x : v->lay.plot.x + v->lay.plot.w / 2);
		if (dx != 0)
			ui_pan_px(v, -dx * 40 * scale);
		(void)mx;
		(void)my;
		break;
	}
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.button == SDL_BUTTON_LEFT) {
			int x = (int)(e->button.x * scale);

			v->dragging = true;
			v->selecting = (SDL_GetModState() & KMOD_SHIFT) != 0;
			v->drag_x0 = v->drag_x = x;
		}
		break;
	case SDL_MOUSEBUTTONUP:
		if (e->button.button == SDL_BUTTON_LEFT && v->dragging) {
			int x = (int)(e->button.x * scale), y = (int)(e->button.y * scale);

			if (v->selecting && abs(x - v->drag_x0) > 3)
				ct_ui_view_set_window(v, ui_x_to_time(v, v->drag_x0),
						      ui_x_to_time(v, x));
			else if (abs(x - v->drag_x0) <= 3)
				on_click(v, x, y);
			v->dragging = false;
			v->selecting = false;
		}
		break;
	default:
		break;
	}
}
