/* SPDX-License-Identifier: MIT */
/*
 * show.h - showing a trace to the user, for every command that does (view,
 * scenario): the window with its loading progress, the terminal view when
 * no window can open, and the header (a scenario's titles, or the trace's
 * name).
 */
#ifndef CTRACE_CLI_SHOW_H
#define CTRACE_CLI_SHOW_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "model_load.h"
#include "ui.h"

/*
 * The header for MODEL: a scenario's titles and lesson when a main thread is
 * called "scenario-ID" (the procname of the scenario programs), else the
 * trace directory's name, kept in NAME_BUF (LEN bytes). Can't fail.
 */
void ct_cli_header(const struct ct_model *model, const char *path, char *name_buf, size_t len,
		   struct ct_ui_header *h);

/*
 * Draws MODEL as text on stdout (viewer/tty), over [T0, T1] when HAS_WINDOW.
 * Returns the exit status: 0 drawn, 2 failed (printed as "ctrace CMD: ...").
 */
int ct_cli_show_tty(const char *cmd, const struct ct_model *model, const struct ct_ui_header *h,
		    bool has_window, double t0, double t1);

/*
 * Opens the viewer window on the trace directory TRACE for the command CMD
 * (read as HOW says; NULL: plainly),
 * driven by SCRIPT when not NULL; WIDTH/HEIGHT 0 for the default size; on AXIS. The
 * window opens while the trace loads (once that takes a quarter of a second)
 * and shows the progress. When no window can be opened it draws the
 * terminal view on stdout instead (and hints at --png). Returns 0 when the
 * window ran or the terminal view was drawn, 1 when neither could be shown,
 * 2 when the trace is unreadable or the viewer failed (printed).
 */
int ct_cli_show_window(const char *cmd, const char *trace, const struct ct_cli_load *how,
		       const char *script, int width, int height, enum ct_ui_axis axis);

#endif /* CTRACE_CLI_SHOW_H */
