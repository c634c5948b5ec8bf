/* SPDX-License-Identifier: MIT */
/* playback.h - private to viewer/ui: the play head. Not thread-safe (see ui.h). */
#ifndef CTRACE_UI_PLAYBACK_H
#define CTRACE_UI_PLAYBACK_H

#include "ui.h"

/* Moves the head to the next (DIR > 0) or previous event and describes it on the status line. */
void ui_step(struct ct_ui_view *v, int dir);
/* Advances playback by DT_NS of real time. */
void ui_play_advance(struct ct_ui_view *v, double dt_ns);
/* Plays, from the start when the head is off or at the end; or pauses when playing. */
void ui_play_toggle(struct ct_ui_view *v);
/* Doubles (DELTA 1) or halves (-1) the speed, between 1/16384 and 1024 times real time. */
void ui_play_speed(struct ct_ui_view *v, int delta);

#endif /* CTRACE_UI_PLAYBACK_H */
