/* SPDX-License-Identifier: MIT */
/*
 * layout.h - private to viewer/ui: the view's geometry (where each part of the
 * picture goes, time <-> x, lane <-> y). The public part is in ui.h:
 * ct_ui_view_time_x, ct_ui_view_lane_bar and ct_ui_view_plot_rect. Not
 * thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_LAYOUT_H
#define CTRACE_UI_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "view_state.h"

/* Lays the picture out for an output of W x H pixels at SCALE; clamps the lane scroll. */
void ui_layout_compute(struct ct_ui_view *v, int w, int h, float scale);
/* The time (ns from the start) at output x X; the inverse of ct_ui_view_time_x. */
double ui_x_to_time(const struct ct_ui_view *v, double x);
/* Whether LANE's row is in sight. */
bool ui_lane_visible(const struct ct_ui_view *v, uint32_t lane);
/* The y centre of LANE's bar (just above or below the plot when it is scrolled out of sight). */
int ui_lane_mid(const struct ct_ui_view *v, uint32_t lane);
/* The lane at output y, or CT_MODEL_NONE. */
uint32_t ui_lane_at(const struct ct_ui_view *v, int y);
/* The width of a legend entry with WORD at SCALE S: swatch, gap, word, space after. */
int ui_legend_entry_w(struct ct_ui_view *v, float s, const char *word);
/* How many rows (1 or 2) the legend needs in a picture W pixels wide at SCALE. */
int ui_legend_rows(struct ct_ui_view *v, int w, float scale);

#endif /* CTRACE_UI_LAYOUT_H */
