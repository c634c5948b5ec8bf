/* SPDX-License-Identifier: MIT */
/* input.h - private to viewer/ui: keys and mouse turned into view changes. Not thread-safe (see ui.h). */
#ifndef CTRACE_UI_INPUT_H
#define CTRACE_UI_INPUT_H

#include <stdbool.h>

#include <SDL.h>

#include "ui.h"

/*
 * Applies one SDL event (a key, the mouse, the window) to view V, whose
 * output has SCALE pixels per window point; sets *QUIT when the event asks
 * to quit (Q, or the window closed) and leaves it alone otherwise.
 */
void ui_input_event(struct ct_ui_view *v, const SDL_Event *e, float scale, bool *quit);

#endif /* CTRACE_UI_INPUT_H */
