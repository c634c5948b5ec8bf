/* SPDX-License-Identifier: MIT */
/*
 * window.c - the interactive viewer window: poll -> update -> draw -> present,
 * with all state in one struct app, and a scripted mode whose actions go
 * through the same event handling (keys and mouse are pushed onto SDL's queue).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "uiint.h"

/* Script actions, one a line. */
enum act_kind {
	ACT_SIZE, ACT_WAIT, ACT_ZOOM, ACT_PAN, ACT_WINDOW, ACT_FIT, ACT_PLAY_TO, ACT_HEAD,
	ACT_KEY, ACT_MOVE, ACT_CLICK, ACT_SCREENSHOT, ACT_QUIT,
};

struct action {
	enum act_kind kind;
	double a, b;  /* numbers: factor, pixels, times, milliseconds */
	bool has_b;
	SDL_Keycode key;
	SDL_Keymod mod;
	char *path; /* owned: screenshot file */
	int line;
};

struct app {
	SDL_Window *win;     /* owned */
	SDL_Renderer *ren;   /* owned */
	struct ct_ui_view *view; /* owned */
	float scale;         /* output pixels per window point */
	bool quit;
	Uint64 last_counter;
	/* The script. */
	struct action *acts; /* owned */
	size_t n_acts, pc;
	bool scripted;
	Uint64 wait_until;   /* SDL_GetTicks64 deadline of a wait action */
	bool waiting_play;   /* a play-to is running */
	double play_target;
	const char *shot;    /* borrowed from an action: screenshot after this frame's draw */
	int shot_line;
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
	char *words[4] = {0};
	int n = 0;
	char *save = NULL;
	static const struct {
		const char *name;
		enum act_kind kind;
		int min, max; /* numbers of arguments */
	} verbs[] = {
		{"size", ACT_SIZE, 2, 2},	{"wait", ACT_WAIT, 1, 1},     {"zoom", ACT_ZOOM, 1, 2},
		{"pan", ACT_PAN, 1, 1},		{"window", ACT_WINDOW, 2, 2}, {"fit", ACT_FIT, 0, 0},
		{"play-to", ACT_PLAY_TO, 1, 1}, {"head", ACT_HEAD, 1, 1},     {"key", ACT_KEY, 1, 1},
		{"move", ACT_MOVE, 2, 2},	{"click", ACT_CLICK, 2, 2},   {"screenshot", ACT_SCREENSHOT, 1, 1},
		{"quit", ACT_QUIT, 0, 0},
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
		snprintf(err, errlen,
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
			snprintf(err, errlen, "line %d: unknown key '%s' (SDL key names: Space, Right, Home, N, ...)",
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
		if (!ct_ui_parse_time(words[1], &a->a) || (n > 2 && !ct_ui_parse_time(words[2], &a->b))) {
			snprintf(err, errlen, "line %d: bad time (e.g. 150ms, 2.5s, 40us, 900ns)", lineno);
			return false;
		}
		a->has_b = n > 2;
		break;
	default:
		for (int i = 1; i < n; i++) {
			char *end;
			double x = strtod(words[i], &end);

			if (end == words[i] || *end || !isfinite(x)) {
				snprintf(err, errlen, "line %d: '%s' is not a number", lineno, words[i]);
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

static enum ct_ui_status load_script(struct app *app, const char *path)
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

static void on_key(struct app *app, SDL_Keycode k, Uint16 mod)
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

static void on_event(struct app *app, const SDL_Event *e)
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
		if (SDL_GetModState() & (KMOD_CTRL | KMOD_SHIFT))
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
			int x = (int)(e->button.x * app->scale), y = (int)(e->button.y * app->scale);

			if (v->selecting && abs(x - v->drag_x0) > 3)
				ct_ui_view_set_window(v, ui_x_to_time(v, v->drag_x0), ui_x_to_time(v, x));
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

static void push(struct app *app, SDL_Event *e)
{
	if (SDL_PushEvent(e) < 0) {
		snprintf(app->err, app->errlen, "SDL_PushEvent: %s", SDL_GetError());
		app->status = CT_UI_SDL;
		app->quit = true;
	}
}

/* Runs script actions until one needs a frame to take effect. */
static void script_step(struct app *app)
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
			ui_zoom_at(v, a->a, a->has_b ? (int)(a->b * app->scale)
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

static void update(struct app *app)
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

static void screenshot(struct app *app)
{
	int w, h;
	SDL_Surface *s = NULL;

	if (SDL_GetRendererOutputSize(app->ren, &w, &h) != 0)
		goto error;
	s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		goto error;
	if (SDL_RenderReadPixels(app->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
		goto error;
	if (IMG_SavePNG(s, app->shot) != 0)
		goto error;
	goto end;
error:
	snprintf(app->err, app->errlen, "script line %d: screenshot %s: %s", app->shot_line, app->shot,
		 SDL_GetError());
	app->status = CT_UI_BAD_SCRIPT;
	app->quit = true;
end:
	SDL_FreeSurface(s);
	app->shot = NULL;
}

/* ------------------------------------------------------------------ loop */

enum ct_ui_status ct_ui_run_window(const struct ct_model *model, const struct ct_ui_header *header,
				   const struct ct_ui_window_options *options, char *err,
				   size_t errlen)
{
	struct app app = {.status = CT_UI_OK, .err = err, .errlen = errlen, .scale = 1};
	int w = options && options->width > 0 ? options->width : 1400;
	int h = options && options->height > 0 ? options->height : 820;
	bool video = false, ttf = false;
	char title[512];

	err[0] = '\0';
	if (options && options->script) {
		app.status = load_script(&app, options->script);
		if (app.status != CT_UI_OK)
			goto end;
	}
	if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !getenv("SDL_VIDEODRIVER")) {
		/* Probing would only print the drivers' complaints; say it plainly. */
		snprintf(err, errlen, "cannot open a window: no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
		app.status = CT_UI_NO_DISPLAY;
		goto end;
	}
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
		app.status = CT_UI_NO_DISPLAY;
		goto end;
	}
	video = true;
	{
		/*
		 * With no display SDL falls back to its offscreen driver, where a window
		 * "opens" that nobody can see. Only a script may drive such a window.
		 */
		const char *drv = SDL_GetCurrentVideoDriver();

		if (!app.scripted && drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0)) {
			snprintf(err, errlen, "cannot open a window: no display (SDL's video driver is '%s')",
				 drv);
			app.status = CT_UI_NO_DISPLAY;
			goto end;
		}
	}
	if (TTF_Init() != 0) {
		snprintf(err, errlen, "TTF_Init: %s", TTF_GetError());
		app.status = CT_UI_SDL;
		goto end;
	}
	ttf = true;
	app.view = ct_ui_view_create(model, header, &app.status, err, errlen);
	if (!app.view)
		goto end;
	snprintf(title, sizeof(title), "ctrace — %s", app.view->title);
	app.win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
				   SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
	if (!app.win) {
		snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
		app.status = CT_UI_NO_DISPLAY;
		goto end;
	}
	SDL_SetWindowMinimumSize(app.win, 480, 320);
	app.ren = SDL_CreateRenderer(app.win, -1, SDL_RENDERER_PRESENTVSYNC);
	if (!app.ren)
		app.ren = SDL_CreateRenderer(app.win, -1, SDL_RENDERER_SOFTWARE);
	if (!app.ren) {
		snprintf(err, errlen, "SDL_CreateRenderer: %s", SDL_GetError());
		app.status = CT_UI_SDL;
		goto end;
	}
	app.last_counter = SDL_GetPerformanceCounter();
	while (!app.quit) {
		SDL_Event e;
		Uint64 frame_start = SDL_GetTicks64();
		bool idle = !app.scripted && !app.view->playing && !app.view->dragging;

		/* poll: an idle window sleeps until something happens */
		if (idle && !SDL_WaitEventTimeout(NULL, 500))
			SDL_ClearError();
		while (SDL_PollEvent(&e))
			on_event(&app, &e);
		/* update */
		update(&app);
		if (app.quit)
			break;
		/* draw */
		app.status = ct_ui_view_draw(app.view, app.ren, app.scale, err, errlen);
		if (app.status != CT_UI_OK)
			break;
		if (app.shot)
			screenshot(&app);
		/* present */
		SDL_RenderPresent(app.ren);
		/* Without vsync, about 60 frames a second. */
		if (SDL_GetTicks64() - frame_start < 16)
			SDL_Delay((Uint32)(16 - (SDL_GetTicks64() - frame_start)));
	}
end:
	ct_ui_view_destroy(app.view);
	if (app.ren)
		SDL_DestroyRenderer(app.ren);
	if (app.win)
		SDL_DestroyWindow(app.win);
	if (ttf)
		TTF_Quit();
	if (video)
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
	free_actions(app.acts, app.n_acts);
	return app.status;
}
