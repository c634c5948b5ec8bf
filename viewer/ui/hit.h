/* SPDX-License-Identifier: MIT */
/* hit.h - private to viewer/ui: what is under the mouse. Not thread-safe (see ui.h). */
#ifndef CTRACE_UI_HIT_H
#define CTRACE_UI_HIT_H

#include <stdint.h>

#include "view_state.h"

/* What is at output pixel (X, Y) of the last layout: writes *HIT, kind UI_HIT_NONE for nothing. */
void ui_hit_test(struct ct_ui_view *v, int x, int y, struct ui_hit *hit);

#endif /* CTRACE_UI_HIT_H */
