/* SPDX-License-Identifier: MIT */
/* playback.h - private to viewer/ui: the play head. Not thread-safe (see ui.h). */
#ifndef CTRACE_UI_PLAYBACK_H
#define CTRACE_UI_PLAYBACK_H

#include "ui.h"

/* Moves the head to the next (DIR > 0) or previous event and describes it on the status line. */
void ui_step(struct ct_ui_view *v, int dir);
/* Advances playback by DT_NS of real time. */
void ui_play_advance(struct ct_ui_view *v, double dt_ns);

#endif /* CTRACE_UI_PLAYBACK_H */
