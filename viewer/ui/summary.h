/* SPDX-License-Identifier: MIT */
/*
 * summary.h - private to viewer/ui: per-lane pyramids of state fractions, from
 * which a zoomed-out lane is drawn. Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_SUMMARY_H
#define CTRACE_UI_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view_state.h"

/* A lane with this many spans or more is drawn from its summary when zoomed out. */
#define UI_SUMMARY_MIN_SPANS 4096
/*
 * Lanes with this many spans get their summary before the first frame: a
 * plot 512 pixels wide or more draws them from it when zoomed out.
 */
#define UI_SUMMARY_PREPARE_SPANS 256

/* Builds the summary of LANE (its old one freed first); CT_UI_NOMEM on failure. */
enum ct_ui_status ui_summary_build(struct ct_ui_view *v, uint32_t lane);
/* Frees S's arrays and leaves it unbuilt. */
void ui_summary_free(struct ui_summary *s);
/* The dominant state of the summary over [A, B); CT_STATE_COUNT_ when the lane is not alive. */
uint8_t ui_summary_state(const struct ui_summary *s, double a, double b);

#endif /* CTRACE_UI_SUMMARY_H */
