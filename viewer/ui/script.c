/* SPDX-License-Identifier: MIT */
/*
 * script.c - the scripted window used by tests and demos: a file of actions,
 * one a line (size, wait, zoom, pan, window, fit, play-to, head, key, move,
 * click, screenshot, quit), run one per frame. Keys and mouse actions are
 * pushed onto SDL's queue, so they go through the same event handling as a
 * user's.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "view.h"
#include "view_state.h"
#include "script.h"
#include "timefmt.h"
#include "window_state.h"

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

struct ui_action {
	enum act_kind kind;
	double a, b; /* numbers: factor, pixels, times, milliseconds */
	bool has_b;
	SDL_Keycode key;
	SDL_Keymod mod;
	char *path; /* owned: screenshot file */
	int line;
};

void ui_script_free(struct ct_ui_window *app)
{
	for (size_t i = 0; i < app->n_acts; i++)
		free(app->acts[i].path);
	free(app->acts);
	app->acts = NULL;
	app->n_acts = 0;
}

/* Parses one action line into A; false with ERR set when malformed. */
static bool parse_action(char *line, int lineno, struct ui_action *a, char *err, size_t errlen)
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
		if (!ct_time_parse(words[1], &a->a) || (n > 2 && !ct_time_parse(words[2], &a->b))) {
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

enum ct_ui_status ui_script_load(struct ct_ui_window *app, const char *path)
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
			struct ui_action *na = realloc(app->acts, nc * sizeof(*na));

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

static void push(struct ct_ui_window *app, SDL_Event *e)
{
	if (SDL_PushEvent(e) < 0) {
		snprintf(app->err, app->errlen, "SDL_PushEvent: %s", SDL_GetError());
		app->status = CT_UI_SDL;
		app->quit = true;
	}
}

void ui_script_step(struct ct_ui_window *app)
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
		const struct ui_action *a = &app->acts[app->pc++];
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
			if (v->order) /* the head sweeps time: nothing to play on the order axis */
				return;
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

void ui_script_screenshot(struct ct_ui_window *app)
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
