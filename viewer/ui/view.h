/* SPDX-License-Identifier: MIT */
/*
 * view.h - private to viewer/ui: the view's life (its lanes prepared), the
 * visible time window, zoom, pan and the jump to a finding. The public part
 * (create, destroy, set the window, fit, set the head) is in ui.h. Not
 * thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_VIEW_H
#define CTRACE_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "view_state.h"

/*
 * Builds the summaries of every lane with enough spans to need one when
 * zoomed out, calling PROGRESS (may be NULL) before each lane with how many
 * are done and how many there are; stops early when PROGRESS returns false.
 * CT_UI_NOMEM on failure (the lanes left are built when first drawn).
 */
enum ct_ui_status ui_view_prepare(struct ct_ui_view *v,
				  bool (*progress)(void *data, uint64_t done, uint64_t total),
				  void *data);
/* The narrowest and widest windows (ns, or columns on the order axis). */
double ui_min_span(const struct ct_ui_view *v);
double ui_max_span(const struct ct_ui_view *v);
/* Keeps the window within the zoom limits and near the trace. */
void ui_view_clamp(struct ct_ui_view *v);
/* Zooms by FACTOR (> 1 zooms in) keeping the time at output x X in place. */
void ui_zoom_at(struct ct_ui_view *v, double factor, int x);
/* Pans by DX output pixels (positive: earlier times come into sight). */
void ui_pan_px(struct ct_ui_view *v, double dx);
/* Shows finding I: the view centred on its time (zoomed in if it showed most of the trace), its lane selected, the list closed. */
void ui_findings_jump(struct ct_ui_view *v, size_t i);

/* srcpanel.c: the panel's state at creation (shown when the model has call sites), and freed. */
void ui_srcpanel_init(struct ct_ui_view *v);
void ui_srcpanel_free(struct ct_ui_view *v);
/* srcpanel.c: the panel shows event EV's call site (CT_MODEL_NONE: none) from the next frame. */
void ui_srcpanel_show(struct ct_ui_view *v, uint32_t ev);

#endif /* CTRACE_UI_VIEW_H */
