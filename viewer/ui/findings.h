/* SPDX-License-Identifier: MIT */
/*
 * findings.h - private to viewer/ui: the analyses' findings as the viewer
 * needs them (their index, hit test, words and list), apart from drawing
 * them. Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_FINDINGS_H
#define CTRACE_UI_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "ui.h"

/* Runs the analyses and indexes what the renderer needs; CT_UI_NOMEM on failure. */
enum ct_ui_status ui_findings_init(struct ct_ui_view *v);
/* Frees what ui_findings_init made; accepts a view it never ran on. */
void ui_findings_free(struct ct_ui_view *v);
/* The event of finding F that carries its red marker (CT_MODEL_NONE for deadlocks). */
uint32_t ui_finding_marker_event(const struct ct_ui_view *v, const struct ct_finding *f);
/* The finding whose marker is within TOL pixels of X on LANE, or CT_MODEL_NONE. */
uint32_t ui_finding_hit(const struct ct_ui_view *v, int x, uint32_t lane, double tol);
/* Splits finding F's sentence into up to MAX lines of at most WIDTH characters; returns how many. */
int ui_finding_lines(const struct ct_ui_view *v, uint32_t finding, char lines[][200], int max,
		     int width);
/* "thread-1 holds A, waits for B" for the lane of deadlock ref R of finding F. */
void ui_deadlock_label(const struct ct_ui_view *v, const struct ct_finding *f, size_t r, char *buf,
		       size_t len);
/* Scrolls the findings list by DELTA rows (clamped to the rows it showed last). */
void ui_findings_scroll(struct ct_ui_view *v, long delta);

#endif /* CTRACE_UI_FINDINGS_H */
