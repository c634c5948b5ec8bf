/* SPDX-License-Identifier: MIT */
/* hit.h - private to viewer/ui: what is under the mouse. Not thread-safe (see ui.h). */
#ifndef CTRACE_UI_HIT_H
#define CTRACE_UI_HIT_H

#include <stdint.h>

#include "ui.h"

/* Something under the mouse or selected. */
enum ui_hit_kind {
	UI_HIT_NONE,
	UI_HIT_ARROW,
	UI_HIT_MARKER,
	UI_HIT_EVENT,
	UI_HIT_SPAN,
	UI_HIT_LANE,
	UI_HIT_FINDING, /* a finding's red marker: INDEX is the finding's index */
};

struct ui_hit {
	enum ui_hit_kind kind;
	uint32_t index; /* arrow, marker (event index), event, span or finding index */
	uint32_t lane;
};

/* What is at output pixel (X, Y) of the last layout: writes *HIT, kind UI_HIT_NONE for nothing. */
void ui_hit_test(struct ct_ui_view *v, int x, int y, struct ui_hit *hit);

#endif /* CTRACE_UI_HIT_H */
