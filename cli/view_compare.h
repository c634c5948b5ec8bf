/* SPDX-License-Identifier: MIT */
/* view_compare.h - `ctrace view --compare A B`: two runs side by side, in a window or a PNG. */
#ifndef CTRACE_CLI_VIEW_COMPARE_H
#define CTRACE_CLI_VIEW_COMPARE_H

#include "model_load.h"

/*
 * Loads the traces A and B (as HOW says), compares them and draws A above
 * B with their first divergence marked: into the PNG file PNG (written as
 * every command's output, ct_cli_write_output) when not NULL, else in a
 * window. W and H are the size, 0 for the default. Returns the exit status:
 * 0 shown, 1 no window could be opened, 2 unreadable trace or failure
 * (printed as "ctrace view: ...").
 */
int ct_cli_view_compare(const char *a, const char *b, const struct ct_cli_load *how,
			const char *png, int w, int h);

#endif /* CTRACE_CLI_VIEW_COMPARE_H */
