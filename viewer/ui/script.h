/* SPDX-License-Identifier: MIT */
/*
 * script.h - private to viewer/ui: the scripted window (see script.c). Not
 * thread-safe: the window's thread only.
 */
#ifndef CTRACE_UI_SCRIPT_H
#define CTRACE_UI_SCRIPT_H

#include "ui.h"

/*
 * Reads the script file PATH into the window's actions and makes the
 * window scripted. CT_UI_BAD_SCRIPT (unreadable or malformed) or CT_UI_NOMEM,
 * with the reason in app->err; the actions read so far stay for ui_script_free.
 */
enum ct_ui_status ui_script_load(struct ct_ui_window *app, const char *path);
/* Frees the window's actions; accepts none. */
void ui_script_free(struct ct_ui_window *app);
/* Runs actions until one needs a frame to take effect; quits at the end of the script. */
void ui_script_step(struct ct_ui_window *app);
/* Saves this frame as the PNG the last screenshot action named; a failure ends the loop. */
void ui_script_screenshot(struct ct_ui_window *app);

#endif /* CTRACE_UI_SCRIPT_H */
