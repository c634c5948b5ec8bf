/* SPDX-License-Identifier: MIT */
/*
 * window.h - private to viewer/ui: the window's state (struct ct_ui_window),
 * shared by its main loop (window.c), its input (input.c), its script
 * (script.c) and its loading progress (progress.c). Not thread-safe: one
 * thread, the one that opened the window, makes every call (see ui.h).
 */
#ifndef CTRACE_UI_WINDOW_H
#define CTRACE_UI_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "ui.h"

struct ui_action; /* one action of a script (script.c) */

struct ct_ui_window {
	SDL_Window *win;         /* owned */
	SDL_Renderer *ren;       /* owned */
	struct ct_ui_view *view; /* owned */
	float scale;             /* output pixels per window point */
	bool quit;
	Uint64 last_counter;
	/* The script. */
	struct ui_action *acts; /* owned: see script.c */
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

/* input.c: applies one SDL event (keys, mouse, window) to the window's view. */
void ui_input_event(struct ct_ui_window *app, const SDL_Event *e);

/*
 * script.c: reads the script file PATH into the window's actions and makes the
 * window scripted. CT_UI_BAD_SCRIPT (unreadable or malformed) or CT_UI_NOMEM,
 * with the reason in app->err; the actions read so far stay for ui_script_free.
 */
enum ct_ui_status ui_script_load(struct ct_ui_window *app, const char *path);
/* script.c: frees the window's actions; accepts none. */
void ui_script_free(struct ct_ui_window *app);
/* script.c: runs actions until one needs a frame to take effect; quits at the end of the script. */
void ui_script_step(struct ct_ui_window *app);
/* script.c: saves this frame as the PNG the last screenshot action named; a failure ends the loop. */
void ui_script_screenshot(struct ct_ui_window *app);

#endif /* CTRACE_UI_WINDOW_H */
