/* SPDX-License-Identifier: MIT */
/*
 * window.c - the interactive viewer window: opening it (before the trace
 * loads, so the loader's progress shows in it), and its main loop, poll ->
 * update -> draw -> present, with all state in one struct ct_ui_window.
 * Input, the script and the progress frames have files of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "playback.h"
#include "progress.h"
#include "script.h"
#include "view.h"
#include "view_state.h"
#include "window_state.h"
#include "i18n.h"

/* The loop's update: playback by the real time since the last frame, the output scale, the script. */
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
		ui_script_step(app);
}

bool ct_ui_window_progress(struct ct_ui_window *app, const char *what, uint64_t done,
			   uint64_t total)
{
	SDL_Event e;

	/* Pump the queue at every call, so the window manager never sees a hung window. */
	while (SDL_PollEvent(&e)) {
		if (e.type == SDL_QUIT ||
		    (e.type == SDL_KEYDOWN &&
		     (e.key.keysym.sym == SDLK_q || e.key.keysym.sym == SDLK_ESCAPE)))
			app->quit = true;
	}
	if (app->quit)
		return false;
	ui_progress_show(&app->progress, app->win, app->ren, what, done, total);
	return true;
}

static bool prepare_progress(void *data, uint64_t done, uint64_t total)
{
	return ct_ui_window_progress(data, _("preparing lanes"), done, total);
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
	app->axis = options ? options->axis : CT_UI_AXIS_TIME;
	if (options && options->script) {
		app->status = ui_script_load(app, options->script);
		if (app->status != CT_UI_OK)
			goto error;
	}
	if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !getenv("SDL_VIDEODRIVER")) {
		/* Probing would only print the drivers' complaints; say it plainly. */
		snprintf(
			err, errlen, "%s",
			_("cannot open a window: no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"));
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
	ct_ui_window_progress(app, _("loading"), 0, 0);
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
	ui_progress_close(&app->progress);
	if (app->ren)
		SDL_DestroyRenderer(app->ren);
	if (app->win)
		SDL_DestroyWindow(app->win);
	if (app->ttf)
		TTF_Quit();
	if (app->video)
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
	ui_script_free(app);
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
	ct_ui_window_progress(app, _("looking for deadlocks, lost updates and uses after drop"), 0,
			      0);
	app->progress.last = 0; /* the next frame is drawn at once */
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
	if (ct_ui_view_set_axis(app->view, app->axis) != CT_UI_OK) {
		snprintf(err, errlen, "out of memory while ordering the events");
		return CT_UI_NOMEM;
	}
	app->last_counter = SDL_GetPerformanceCounter();
	while (!app->quit) {
		SDL_Event e;
		Uint64 frame_start = SDL_GetTicks64();
		bool idle = !app->scripted && !app->view->playing && !app->view->dragging;

		/* poll: an idle window sleeps until something happens */
		if (idle && !SDL_WaitEventTimeout(NULL, 500))
			SDL_ClearError();
		while (SDL_PollEvent(&e))
			ui_input_event(app->view, &e, app->scale, &app->quit);
		/* update */
		update(app);
		if (app->quit)
			break;
		/* draw */
		app->status = ct_ui_view_draw(app->view, app->ren, app->scale, err, errlen);
		if (app->status != CT_UI_OK)
			break;
		if (app->shot)
			ui_script_screenshot(app);
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
