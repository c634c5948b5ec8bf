/* SPDX-License-Identifier: MIT */
/*
 * progress.h - private to viewer/ui: the loading progress the window shows
 * before its trace is ready. Not thread-safe: the window's thread only.
 */
#ifndef CTRACE_UI_PROGRESS_H
#define CTRACE_UI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

/* The progress display's state; all zero before the first frame. */
struct ui_progress {
	TTF_Font *font; /* owned: opened at the first frame, and again when the scale changes */
	float font_scale;
	Uint64 last; /* SDL_GetTicks64 of the last frame; 0 draws the next call at once */
	bool broken; /* a frame failed: no more are drawn */
};

/*
 * Draws one progress frame onto REN (the renderer of WIN) and presents it:
 * "WHAT: DONE events", or "WHAT: DONE of TOTAL" when TOTAL > 0. Draws nothing
 * when the last frame is less than 40 ms old or a frame failed; a failure is
 * said once on stderr and loading goes on. Can't fail.
 */
void ui_progress_show(struct ui_progress *p, SDL_Window *win, SDL_Renderer *ren, const char *what,
		      uint64_t done, uint64_t total);
/* Closes the font; accepts a display that never drew. */
void ui_progress_close(struct ui_progress *p);

#endif /* CTRACE_UI_PROGRESS_H */
