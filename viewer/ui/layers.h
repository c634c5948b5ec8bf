/* SPDX-License-Identifier: MIT */
/*
 * layers.h - private to viewer/ui: the layers of a frame, each drawn by the
 * file that owns its concept; frame.c calls them in order. Each draws with
 * the frame's struct ui_gfx and the layout of this frame; none fails
 * (a failed SDL call is kept in the struct ui_gfx). VIS_END is the last time
 * shown: the play head when it is on, else the trace's end.
 */
#ifndef CTRACE_UI_LAYERS_H
#define CTRACE_UI_LAYERS_H

#include "gfx.h"

/* chrome.c: the title and lesson, with the trace's size on the right. */
void ui_draw_header(struct ui_gfx *c);
/* chrome.c: the legend, on the rows the layout gave it. */
void ui_draw_legend(struct ui_gfx *c);
/* chrome.c: the time axis and the grid lines under its ticks. */
void ui_draw_axis(struct ui_gfx *c);
/* chrome.c: the play head's line and its time on the axis. */
void ui_draw_head(struct ui_gfx *c);
/* chrome.c: the latest lines the program printed, up to the play head. */
void ui_draw_output(struct ui_gfx *c);
/* chrome.c: the status line: the window, playback, the note, the findings. */
void ui_draw_status(struct ui_gfx *c);
/* chrome.c: the help overlay. */
void ui_draw_help(struct ui_gfx *c);

/* lanes.c: the rows' backgrounds and the lanes' names. */
void ui_draw_lanes(struct ui_gfx *c);
/* lanes.c: the plot right of the play head, in one flat colour. */
void ui_draw_future(struct ui_gfx *c);
/* lanes.c: the visible lanes' state bars and lives. */
void ui_draw_states(struct ui_gfx *c, double vis_end);
/* lanes.c: the markers above the bars. */
void ui_draw_markers(struct ui_gfx *c, double vis_end);

/* arrows.c: the arrows in sight, the selected one last. */
void ui_draw_arrows(struct ui_gfx *c, double vis_end);

/* findings_draw.c: every finding in sight. */
void ui_draw_findings(struct ui_gfx *c, double vis_end);
/* findings_draw.c: the findings list overlay (L). */
void ui_draw_findings_list(struct ui_gfx *c);

/* narration.c: in step mode, the stepped event's sentence above the status line. */
void ui_draw_narration(struct ui_gfx *c);
/* narration.c: whether the caption is up (the head rests on the event a step landed on). */
bool ui_narration_shown(const struct ct_ui_view *v);

/* srcpanel.c: the source panel, right of the plot: the code at the stepped or clicked event. */
void ui_draw_srcpanel(struct ui_gfx *c);

/* tooltip.c: the details of what is under the mouse, beside it. */
void ui_draw_tooltip(struct ui_gfx *c);

#endif /* CTRACE_UI_LAYERS_H */
