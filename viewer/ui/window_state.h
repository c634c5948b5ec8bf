/* SPDX-License-Identifier: MIT */
/*
 * window_state.h - private to viewer/ui: the window's state (struct
 * ct_ui_window), kept by its main loop (window.c) and driven by its script
 * (script.c). Not thread-safe: one thread, the one that opened the window,
 * makes every call (see ui.h).
 */
#ifndef CTRACE_UI_WINDOW_STATE_H
#define CTRACE_UI_WINDOW_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "progress.h"
#include "ui.h"

struct ui_action; /* one action of a script (script.c) */

struct ct_ui_window {
	SDL_Window *win;         /* owned */
	SDL_Renderer *ren;       /* owned */
	struct ct_ui_view *view; /* owned */
	float scale;             /* output pixels per window point */
	enum ct_ui_axis axis;    /* the axis the view opens on */
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
	struct ui_progress progress;
	/* The first error, ending the loop. */
	enum ct_ui_status status;
	char *err;
	size_t errlen;
};

#endif /* CTRACE_UI_WINDOW_STATE_H */
