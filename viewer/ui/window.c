/* SPDX-License-Identifier: MIT */
/*
 * window.c - the interactive viewer window: poll -> update -> draw -> present,
 * with all state in one struct ct_ui_window, and a scripted mode whose actions
 * go through the same event handling (keys and mouse are pushed onto SDL's
 * queue). The window opens before the trace loads and shows the loader's
 * progress, so a large trace never leaves a blank, unresponsive window.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "findings.h"
#include "hit.h"
#include "layout.h"
#include "playback.h"
#include "text.h"
#include "view.h"

/* Script actions, one a line. */
enum act_kind {
	ACT_SIZE,
	ACT_WAIT,
	ACT_ZOOM,
	ACT_PAN,
	ACT_WINDOW,
	ACT_FIT,
	ACT_PLAY_TO,
	ACT_HEAD,
	ACT_KEY,
	ACT_MOVE,
	ACT_CLICK,
	ACT_SCREENSHOT,
	ACT_QUIT,
};

struct action {
	enum act_kind kind;
	double a, b; /* numbers: factor, pixels, times, milliseconds */
	bool has_b;
	SDL_Keycode key;
	SDL_Keymod mod;
	char *path; /* owned: screenshot file */
	int line;
};

struct ct_ui_window {
	SDL_Window *win;         /* owned */
	SDL_Renderer *ren;       /* owned */
	struct ct_ui_view *view; /* owned */
	float scale;             /* output pixels per window point */
	bool quit;
	Uint64 last_counter;
	/* The script. */
	struct action *acts; /* owned */
	size_t n_acts, pc;
	bool scripted;
	Uint64 wait_until; /* SDL_GetTicks64 deadline of a wait action */
	bool waiting_play; /* a play-to is running */
	double play_target;
	const char *shot; /* borrowed from an action: screenshot after this frame's draw */
	int shot_line;
	/* SDL and SDL_ttf, started by the window and stopped by its destroy. */
	bool video, ttf;
	/* Progress frames while loading and preparing. */
	TTF_Font *progress_font; /* owned */
	float progress_font_scale;
	Uint64 progress_last; /* SDL_GetTicks64 of the last progress frame */
	bool progress_broken; /* a progress frame failed: no more are drawn */
	/* The first error, ending the loop. */
	enum ct_ui_status status;
	char *err;
	size_t errlen;
};

/* ---------------------------------------------------------------- script */

static void free_actions(struct action *acts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(acts[i].path);
	free(acts);
}

/* Parses one action line into A; false with ERR set when malformed. */
static bool parse_action(char *line, int lineno, struct action *a, char *err, size_t errlen)
{
	char *words[4] = { 0 };
	int n = 0;
	char *save = NULL;
	static const struct {
		const char *name;
		enum act_kind kind;
		int min, max; /* numbers of arguments */
	} verbs[] = {
		{ "size", ACT_SIZE, 2, 2 },       { "wait", ACT_WAIT, 1, 1 },
		{ "zoom", ACT_ZOOM, 1, 2 },       { "pan", ACT_PAN, 1, 1 },
		{ "window", ACT_WINDOW, 2, 2 },   { "fit", ACT_FIT, 0, 0 },
		{ "play-to", ACT_PLAY_TO, 1, 1 }, { "head", ACT_HEAD, 1, 1 },
		{ "key", ACT_KEY, 1, 1 },         { "move", ACT_MOVE, 2, 2 },
		{ "click", ACT_CLICK, 2, 2 },     { "screenshot", ACT_SCREENSHOT, 1, 1 },
		{ "quit", ACT_QUIT, 0, 0 },
	};
	size_t v;

	for (char *w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == 4) {
			snprintf(err, errlen, "line %d: too many words", lineno);
			return false;
		}
		words[n++] = w;
	}
	memset(a, 0, sizeof(*a));
	a->line = lineno;
	for (v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++)
		if (strcmp(words[0], verbs[v].name) == 0)
			break;
	if (v == sizeof(verbs) / sizeof(verbs[0])) {
		snprintf(
			err, errlen,
			"line %d: unknown action '%s' (size, wait, zoom, pan, window, fit, play-to, "
			"head, key, move, click, screenshot, quit)",
			lineno, words[0]);
		return false;
	}
	if (n - 1 < verbs[v].min || n - 1 > verbs[v].max) {
		snprintf(err, errlen, "line %d: '%s' takes %d to %d arguments", lineno, words[0],
			 verbs[v].min, verbs[v].max);
		return false;
	}
	a->kind = verbs[v].kind;
	switch (a->kind) {
	case ACT_KEY: {
		char *k = words[1];

		if (strncmp(k, "shift+", 6) == 0) {
			a->mod = KMOD_LSHIFT;
			k += 6;
		}
		a->key = SDL_GetKeyFromName(k);
		if (a->key == SDLK_UNKNOWN) {
			snprintf(
				err, errlen,
				"line %d: unknown key '%s' (SDL key names: Space, Right, Home, N, ...)",
				lineno, k);
			return false;
		}
		break;
	}
	case ACT_SCREENSHOT:
		a->path = strdup(words[1]);
		if (!a->path) {
			snprintf(err, errlen, "out of memory");
			return false;
		}
		break;
	case ACT_WINDOW:
	case ACT_PLAY_TO:
	case ACT_HEAD:
		if (!ct_ui_parse_time(words[1], &a->a) ||
		    (n > 2 && !ct_ui_parse_time(words[2], &a->b))) {
			snprintf(err, errlen, "line %d: bad time (e.g. 150ms, 2.5s, 40us, 900ns)",
				 lineno);
			return false;
		}
		a->has_b = n > 2;
		break;
	default:
		for (int i = 1; i < n; i++) {
			char *end;
			double x = strtod(words[i], &end);

			if (end == words[i] || *end || !isfinite(x)) {
				snprintf(err, errlen, "line %d: '%s' is not a number", lineno,
					 words[i]);
				return false;
			}
			if (i == 1)
				a->a = x;
			else
				a->b = x;
		}
		a->has_b = n > 2;
		if (a->kind == ACT_ZOOM && !(a->a > 0)) {
			snprintf(err, errlen, "line %d: the zoom factor must be positive", lineno);
			return false;
		}
		break;
	}
	return true;
}

static enum ct_ui_status load_script(struct ct_ui_window *app, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;
	size_t cap = 0;

	if (!f) {
		snprintf(app->err, app->errlen, "cannot read script %s: %s", path, strerror(errno));
		return CT_UI_BAD_SCRIPT;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
			continue;
		if (app->n_acts == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct action *na = realloc(app->acts, nc * sizeof(*na));

			if (!na) {
				fclose(f);
				snprintf(app->err, app->errlen, "out of memory");
				return CT_UI_NOMEM;
			}
			app->acts = na;
			cap = nc;
		}
		if (!parse_action(p, lineno, &app->acts[app->n_acts], app->err, app->errlen)) {
			fclose(f);
			return CT_UI_BAD_SCRIPT;
		}
		app->n_acts++;
	}
	fclose(f);
	app->scripted = true;
	return CT_UI_OK;
}

/* ----------------------------------------------------------------- input */

static void start_or_pause(struct ct_ui_view *v)
{
	if (v->playing) {
		v->playing = false;
		return;
	}
	if (!v->head_on || v->head >= v->end) {
		v->head_on = true;
		v->head = 0;
	}
	v->playing = true;
	v->note[0] = '\0';
}

static void set_speed(struct ct_ui_view *v, int delta)
{
	v->speed_exp += delta;
	if (v->speed_exp > 10)
		v->speed_exp = 10;
	if (v->speed_exp < -14)
		v->speed_exp = -14;
}

static void on_key(struct ct_ui_window *app, SDL_Keycode k, Uint16 mod)
{
	struct ct_ui_view *v = app->view;
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
		app->quit = true;
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
		start_or_pause(v);
		break;
	case SDLK_RIGHTBRACKET:
	case SDLK_GREATER:
		set_speed(v, 1);
		break;
	case SDLK_LEFTBRACKET:
	case SDLK_LESS:
		set_speed(v, -1);
		break;
	case SDLK_PERIOD:
		if (shift)
			set_speed(v, 1);
		else
			ui_step(v, 1);
		break;
	case SDLK_COMMA:
		if (shift)
			set_speed(v, -1);
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
}

static void on_event(struct ct_ui_window *app, const SDL_Event *e)
{
	struct ct_ui_view *v = app->view;

	switch (e->type) {
	case SDL_QUIT:
		app->quit = true;
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_LEAVE)
			v->mouse_in = false;
		break;
	case SDL_KEYDOWN:
		on_key(app, e->key.keysym.sym, e->key.keysym.mod);
		break;
	case SDL_MOUSEMOTION: {
		int x = (int)(e->motion.x * app->scale), y = (int)(e->motion.y * app->scale);

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
			ui_pan_px(v, -dx * 40 * app->scale);
		(void)mx;
		(void)my;
		break;
	}
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.button == SDL_BUTTON_LEFT) {
			int x = (int)(e->button.x * app->scale);

			v->dragging = true;
			v->selecting = (SDL_GetModState() & KMOD_SHIFT) != 0;
			v->drag_x0 = v->drag_x = x;
		}
		break;
	case SDL_MOUSEBUTTONUP:
		if (e->button.button == SDL_BUTTON_LEFT && v->dragging) {
			int x = (int)(e->button.x * app->scale),
			    y = (int)(e->button.y * app->scale);

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

/* ---------------------------------------------------------------- update */

static void push(struct ct_ui_window *app, SDL_Event *e)
{
	if (SDL_PushEvent(e) < 0) {
		snprintf(app->err, app->errlen, "SDL_PushEvent: %s", SDL_GetError());
		app->status = CT_UI_SDL;
		app->quit = true;
	}
}

/* Runs script actions until one needs a frame to take effect. */
static void script_step(struct ct_ui_window *app)
{
	struct ct_ui_view *v = app->view;
	Uint32 wid = SDL_GetWindowID(app->win);

	if (app->wait_until) {
		if (SDL_GetTicks64() < app->wait_until)
			return;
		app->wait_until = 0;
	}
	if (app->waiting_play) {
		/* Played in real time by the update; stop exactly at the target. */
		if (v->head < app->play_target && v->playing)
			return;
		v->head = fmin(app->play_target, v->end);
		v->playing = false;
		app->waiting_play = false;
	}
	while (app->pc < app->n_acts && !app->quit) {
		const struct action *a = &app->acts[app->pc++];
		SDL_Event e;

		memset(&e, 0, sizeof(e));
		switch (a->kind) {
		case ACT_SIZE:
			SDL_SetWindowSize(app->win, (int)a->a, (int)a->b);
			return;
		case ACT_WAIT:
			app->wait_until = SDL_GetTicks64() + (Uint64)fmax(0, a->a);
			return;
		case ACT_ZOOM:
			ui_zoom_at(v, a->a,
				   a->has_b ? (int)(a->b * app->scale)
					    : v->lay.plot.x + v->lay.plot.w / 2);
			return;
		case ACT_PAN:
			ui_pan_px(v, a->a * app->scale);
			return;
		case ACT_WINDOW:
			ct_ui_view_set_window(v, a->a, a->b);
			return;
		case ACT_FIT:
			ct_ui_view_fit(v);
			return;
		case ACT_HEAD:
			ct_ui_view_set_head(v, a->a);
			v->playing = false;
			return;
		case ACT_PLAY_TO:
			if (!v->head_on || v->head >= a->a) {
				v->head_on = true;
				v->head = 0;
			}
			v->playing = true;
			app->play_target = a->a;
			app->waiting_play = true;
			return;
		case ACT_KEY:
			e.type = SDL_KEYDOWN;
			e.key.windowID = wid;
			e.key.state = SDL_PRESSED;
			e.key.keysym.sym = a->key;
			e.key.keysym.scancode = SDL_GetScancodeFromKey(a->key);
			e.key.keysym.mod = a->mod;
			push(app, &e);
			e.type = SDL_KEYUP;
			e.key.state = SDL_RELEASED;
			push(app, &e);
			return;
		case ACT_MOVE:
		case ACT_CLICK:
			e.type = SDL_MOUSEMOTION;
			e.motion.windowID = wid;
			e.motion.x = (Sint32)a->a;
			e.motion.y = (Sint32)a->b;
			push(app, &e);
			if (a->kind == ACT_CLICK) {
				memset(&e, 0, sizeof(e));
				e.type = SDL_MOUSEBUTTONDOWN;
				e.button.windowID = wid;
				e.button.button = SDL_BUTTON_LEFT;
				e.button.state = SDL_PRESSED;
				e.button.clicks = 1;
				e.button.x = (Sint32)a->a;
				e.button.y = (Sint32)a->b;
				push(app, &e);
				e.type = SDL_MOUSEBUTTONUP;
				e.button.state = SDL_RELEASED;
				push(app, &e);
			}
			return;
		case ACT_SCREENSHOT:
			app->shot = a->path;
			app->shot_line = a->line;
			return;
		case ACT_QUIT:
			app->quit = true;
			return;
		}
	}
	/* The end of a script quits, so a test can never hang on an open window. */
	if (app->pc >= app->n_acts && !app->wait_until && !app->waiting_play)
		app->quit = true;
}

static void update(struct ct_ui_window *app)
{
	Uint64 now = SDL_GetPerformanceCounter();
	double dt = (double)(now - app->last_counter) / (double)SDL_GetPerformanceFrequency();
	int ww, wh, ow, oh;

	app->last_counter = now;
	if (dt > 0.25)
		dt = 0.25; /* a stall (e.g. a dragged window) does not jump the play head */
	ui_play_advance(app->view, dt * 1e9);
	if (SDL_GetRendererOutputSize(app->ren, &ow, &oh) == 0) {
		SDL_GetWindowSize(app->win, &ww, &wh);
		app->scale = ww > 0 ? (float)ow / (float)ww : 1.0f;
		if (app->scale < 1)
			app->scale = 1;
	}
	if (app->scripted)
		script_step(app);
}

static void screenshot(struct ct_ui_window *app)
{
	int w, h;
	SDL_Surface *s = NULL;

	if (SDL_GetRendererOutputSize(app->ren, &w, &h) != 0)
		goto error;
	s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		goto error;
	if (SDL_RenderReadPixels(app->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) !=
	    0)
		goto error;
	if (IMG_SavePNG(s, app->shot) != 0)
		goto error;
	goto end;
error:
	snprintf(app->err, app->errlen, "script line %d: screenshot %s: %s", app->shot_line,
		 app->shot, SDL_GetError());
	app->status = CT_UI_BAD_SCRIPT;
	app->quit = true;
end:
	SDL_FreeSurface(s);
	app->shot = NULL;
}

/* -------------------------------------------------------------- progress */

/* "12345678" -> "12,345,678" into BUF. */
static void group_digits(uint64_t n, char *buf, size_t len)
{
	char raw[32];
	size_t k = 0, digits;

	snprintf(raw, sizeof(raw), "%llu", (unsigned long long)n);
	digits = strlen(raw);
	for (size_t i = 0; i < digits && k + 2 < len; i++) {
		if (i > 0 && (digits - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = raw[i];
	}
	buf[k] = '\0';
}

/* Draws STR centred at (CX, Y) in the progress font; false when SDL fails. */
static bool progress_text(struct ct_ui_window *app, const char *str, int cx, int y, SDL_Color col)
{
	SDL_Surface *surf;
	SDL_Texture *tex;
	bool ok;

	surf = TTF_RenderUTF8_Blended(app->progress_font, str, col);
	if (!surf)
		return false;
	tex = SDL_CreateTextureFromSurface(app->ren, surf);
	ok = tex && SDL_RenderCopy(app->ren, tex, NULL,
				   &(SDL_Rect){ cx - surf->w / 2, y, surf->w, surf->h }) == 0;
	if (tex)
		SDL_DestroyTexture(tex);
	SDL_FreeSurface(surf);
	return ok;
}

/*
 * One progress frame: "WHAT: N events" (or "WHAT: DONE of TOTAL") over a bar
 * that fills when the total is known and sweeps when it is not. False when
 * an SDL or SDL_ttf call failed (the reason is in SDL_GetError()).
 */
static bool draw_progress(struct ct_ui_window *app, const char *what, uint64_t done, uint64_t total)
{
	int ow, oh, ww, wh, cx, cy, bw, bh;
	float scale;
	char line[160], n[32], t[32];
	SDL_Color text_col = { 0x22, 0x22, 0x22, 0xFF };

	if (SDL_GetRendererOutputSize(app->ren, &ow, &oh) != 0)
		return false;
	SDL_GetWindowSize(app->win, &ww, &wh);
	scale = ww > 0 && ow > ww ? (float)ow / (float)ww : 1.0f;
	if (!app->progress_font || app->progress_font_scale != scale) {
		char path[1024];
		int index;
		bool cjk;

		if (app->progress_font)
			TTF_CloseFont(app->progress_font);
		app->progress_font = NULL;
		if (!ui_font_find(path, sizeof(path), &index, &cjk)) {
			SDL_SetError("no font found");
			return false;
		}
		app->progress_font = TTF_OpenFontIndex(path, (int)(17 * scale + 0.5f), index);
		if (!app->progress_font)
			return false;
		app->progress_font_scale = scale;
	}
	group_digits(done, n, sizeof(n));
	if (total > 0) {
		group_digits(total, t, sizeof(t));
		snprintf(line, sizeof(line), "%s: %s of %s", what, n, t);
	} else if (done > 0) {
		snprintf(line, sizeof(line), "%s: %s events", what, n);
	} else {
		snprintf(line, sizeof(line), "%s…", what);
	}
	cx = ow / 2;
	cy = oh / 2;
	bw = (int)(360 * scale);
	bh = (int)(8 * scale);
	if (SDL_SetRenderDrawBlendMode(app->ren, SDL_BLENDMODE_NONE) != 0 ||
	    SDL_SetRenderDrawColor(app->ren, 0xF7, 0xF7, 0xF4, 0xFF) != 0 ||
	    SDL_RenderClear(app->ren) != 0)
		return false;
	if (!progress_text(app, line, cx,
			   cy - TTF_FontLineSkip(app->progress_font) - (int)(6 * scale), text_col))
		return false;
	if (SDL_SetRenderDrawColor(app->ren, 0xDD, 0xDD, 0xD6, 0xFF) != 0 ||
	    SDL_RenderFillRect(app->ren, &(SDL_Rect){ cx - bw / 2, cy, bw, bh }) != 0 ||
	    SDL_SetRenderDrawColor(app->ren, 0x59, 0xA1, 0x4F, 0xFF) != 0)
		return false;
	if (total > 0) {
		int fw = (int)((double)bw * (double)(done > total ? total : done) / (double)total);

		if (fw > 0 &&
		    SDL_RenderFillRect(app->ren, &(SDL_Rect){ cx - bw / 2, cy, fw, bh }) != 0)
			return false;
	} else {
		/* Unknown total: a block sweeps back and forth, so the window visibly lives. */
		int bl = bw / 5, period = 1600, ph = (int)(SDL_GetTicks64() % (Uint64)period);
		int pos = ph < period / 2 ? ph : period - ph;

		if (SDL_RenderFillRect(app->ren,
				       &(SDL_Rect){ cx - bw / 2 + (bw - bl) * pos / (period / 2),
						    cy, bl, bh }) != 0)
			return false;
	}
	SDL_RenderPresent(app->ren);
	return true;
}

bool ct_ui_window_progress(struct ct_ui_window *app, const char *what, uint64_t done,
			   uint64_t total)
{
	SDL_Event e;
	Uint64 now = SDL_GetTicks64();

	/* Pump the queue at every call, so the window manager never sees a hung window. */
	while (SDL_PollEvent(&e)) {
		if (e.type == SDL_QUIT ||
		    (e.type == SDL_KEYDOWN &&
		     (e.key.keysym.sym == SDLK_q || e.key.keysym.sym == SDLK_ESCAPE)))
			app->quit = true;
	}
	if (app->quit)
		return false;
	if (app->progress_broken || (app->progress_last && now - app->progress_last < 40))
		return true;
	app->progress_last = now;
	if (!draw_progress(app, what, done, total)) {
		/* Progress is a courtesy: a failure is reported once and loading goes on. */
		fprintf(stderr, "ctrace view: cannot draw the loading progress: %s\n",
			SDL_GetError());
		SDL_ClearError();
		app->progress_broken = true;
	}
	return true;
}

static bool prepare_progress(void *data, uint64_t done, uint64_t total)
{
	return ct_ui_window_progress(data, "preparing lanes", done, total);
}

/* ------------------------------------------------------------------ loop */

enum ct_ui_status ct_ui_window_open(const struct ct_ui_window_options *options,
				    struct ct_ui_window **out, char *err, size_t errlen)
{
	struct ct_ui_window *app = calloc(1, sizeof(*app));
	int w = options && options->width > 0 ? options->width : 1400;
	int h = options && options->height > 0 ? options->height : 820;
	enum ct_ui_status status;

	*out = NULL;
	err[0] = '\0';
	if (!app) {
		snprintf(err, errlen, "out of memory");
		return CT_UI_NOMEM;
	}
	app->status = CT_UI_OK;
	app->err = err;
	app->errlen = errlen;
	app->scale = 1;
	if (options && options->script) {
		app->status = load_script(app, options->script);
		if (app->status != CT_UI_OK)
			goto error;
	}
	if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !getenv("SDL_VIDEODRIVER")) {
		/* Probing would only print the drivers' complaints; say it plainly. */
		snprintf(
			err, errlen,
			"cannot open a window: no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
		app->status = CT_UI_NO_DISPLAY;
		goto error;
	}
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
		app->status = CT_UI_NO_DISPLAY;
		goto error;
	}
	app->video = true;
	{
		/*
		 * With no display SDL falls back to its offscreen driver, where a window
		 * "opens" that nobody can see. Only a script may drive such a window.
		 */
		const char *drv = SDL_GetCurrentVideoDriver();

		if (!app->scripted && drv &&
		    (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0)) {
			snprintf(err, errlen,
				 "cannot open a window: no display (SDL's video driver is '%s')",
				 drv);
			app->status = CT_UI_NO_DISPLAY;
			goto error;
		}
	}
	if (TTF_Init() != 0) {
		snprintf(err, errlen, "TTF_Init: %s", TTF_GetError());
		app->status = CT_UI_SDL;
		goto error;
	}
	app->ttf = true;
	app->win =
		SDL_CreateWindow("ctrace — loading", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
				 w, h, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
	if (!app->win) {
		snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
		app->status = CT_UI_NO_DISPLAY;
		goto error;
	}
	SDL_SetWindowMinimumSize(app->win, 480, 320);
	app->ren = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_PRESENTVSYNC);
	if (!app->ren)
		app->ren = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_SOFTWARE);
	if (!app->ren) {
		snprintf(err, errlen, "SDL_CreateRenderer: %s", SDL_GetError());
		app->status = CT_UI_SDL;
		goto error;
	}
	ct_ui_window_progress(app, "loading", 0, 0);
	*out = app;
	return CT_UI_OK;
error:
	status = app->status;
	ct_ui_window_destroy(app);
	return status;
}

void ct_ui_window_destroy(struct ct_ui_window *app)
{
	if (!app)
		return;
	/* Textures and fonts go before their renderer and before TTF_Quit. */
	ct_ui_view_destroy(app->view);
	if (app->progress_font)
		TTF_CloseFont(app->progress_font);
	if (app->ren)
		SDL_DestroyRenderer(app->ren);
	if (app->win)
		SDL_DestroyWindow(app->win);
	if (app->ttf)
		TTF_Quit();
	if (app->video)
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
	free_actions(app->acts, app->n_acts);
	free(app);
}

enum ct_ui_status ct_ui_window_run(struct ct_ui_window *app, const struct ct_model *model,
				   const struct ct_ui_header *header, char *err, size_t errlen)
{
	char title[512];

	app->err = err;
	app->errlen = errlen;
	app->status = CT_UI_OK;
	err[0] = '\0';
	if (app->quit || app->view)
		return CT_UI_OK; /* closed while loading, or already run */
	/* The analyses run in the view's creation: say so, as they take a while on big traces. */
	ct_ui_window_progress(app, "looking for deadlocks, lost updates and uses after drop", 0, 0);
	app->progress_last = 0; /* the next frame is drawn at once */
	app->view = ct_ui_view_create(model, header, &app->status, err, errlen);
	if (!app->view)
		return app->status;
	snprintf(title, sizeof(title), "ctrace — %s", app->view->title);
	SDL_SetWindowTitle(app->win, title);
	/* Summaries now, with progress, rather than in the first zoomed-out frame. */
	if (ui_view_prepare(app->view, prepare_progress, app) != CT_UI_OK) {
		snprintf(err, errlen, "out of memory while preparing the lanes");
		return CT_UI_NOMEM;
	}
	if (app->quit)
		return CT_UI_OK;
	app->last_counter = SDL_GetPerformanceCounter();
	while (!app->quit) {
		SDL_Event e;
		Uint64 frame_start = SDL_GetTicks64();
		bool idle = !app->scripted && !app->view->playing && !app->view->dragging;

		/* poll: an idle window sleeps until something happens */
		if (idle && !SDL_WaitEventTimeout(NULL, 500))
			SDL_ClearError();
		while (SDL_PollEvent(&e))
			on_event(app, &e);
		/* update */
		update(app);
		if (app->quit)
			break;
		/* draw */
		app->status = ct_ui_view_draw(app->view, app->ren, app->scale, err, errlen);
		if (app->status != CT_UI_OK)
			break;
		if (app->shot)
			screenshot(app);
		/* present */
		SDL_RenderPresent(app->ren);
		/* Without vsync, about 60 frames a second. */
		if (SDL_GetTicks64() - frame_start < 16)
			SDL_Delay((Uint32)(16 - (SDL_GetTicks64() - frame_start)));
	}
	return app->status;
}

enum ct_ui_status ct_ui_run_window(const struct ct_model *model, const struct ct_ui_header *header,
				   const struct ct_ui_window_options *options, char *err,
				   size_t errlen)
{
	struct ct_ui_window *win = NULL;
	enum ct_ui_status status = ct_ui_window_open(options, &win, err, errlen);

	if (status != CT_UI_OK)
		return status;
	status = ct_ui_window_run(win, model, header, err, errlen);
	ct_ui_window_destroy(win);
	return status;
}
