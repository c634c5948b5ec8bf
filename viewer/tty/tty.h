/* SPDX-License-Identifier: MIT */
/*
 * tty.h - the terminal view: a model's lanes drawn as text rows with ANSI
 * colours and Unicode blocks, for terminals and pipes where no window opens.
 *
 * One row per lane (name and tid on the left), one column per slice of time,
 * each column showing the state the lane spent most of that slice in; arrow
 * ends drawn as glyphs on the rows of their two threads; a time axis with
 * units above and a legend below. Every state has its own character, so the
 * picture reads the same without colour (NO_COLOR, pipes, files).
 *
 * Thread-safety: the functions keep no state; one model may be drawn from
 * several threads at once (models are immutable).
 */
#ifndef CTRACE_TTY_H
#define CTRACE_TTY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One status enum for the terminal view; CT_TTY_OK is 0. */
enum ct_tty_status {
	CT_TTY_OK = 0,
	CT_TTY_NOMEM = 1, /* out of memory */
	CT_TTY_IO = 2,    /* writing to the stream failed (errno says why) */
	CT_TTY_USAGE = 3, /* a bad option: an empty or reversed window */
};

/* A static English phrase for STATUS; never NULL. Can't fail. */
const char *ct_tty_status_str(enum ct_tty_status status);

/* When to colour. */
enum ct_tty_colour {
	/* Colour when NO_COLOR is unset or empty, and the stream is a terminal
	 * (TERM not "dumb") or CLICOLOR_FORCE is set to something other than 0. */
	CT_TTY_COLOUR_AUTO = 0,
	CT_TTY_COLOUR_NEVER = 1,
	CT_TTY_COLOUR_ALWAYS = 2,
};

struct ct_tty_options {
	int columns; /* total width; 0: ct_tty_columns() of the stream */
	enum ct_tty_colour colour;
	bool has_window; /* show only [t0, t1] (ns since the trace start) */
	uint64_t t0, t1;
	const char *title; /* first line, e.g. the scenario; NULL for none. Borrowed. */
};

/*
 * The width to draw for on the terminal behind FD: $COLUMNS when it is a
 * positive number, else the terminal's width (TIOCGWINSZ), else 80; never
 * less than CT_TTY_MIN_COLUMNS. Can't fail.
 */
#define CT_TTY_MIN_COLUMNS 40
int ct_tty_columns(int fd);

/*
 * Draws MODEL into OUT as described above; OPTIONS may be NULL (defaults).
 * No output line is wider than the chosen width in terminal columns (every
 * glyph used is one column wide; over-long names and the title are cut).
 * Returns CT_TTY_OK; CT_TTY_USAGE (nothing written) for a window with
 * t1 <= t0; CT_TTY_NOMEM or CT_TTY_IO, possibly after part of the picture
 * was written.
 */
enum ct_tty_status ct_tty_draw(const struct ct_model *model, const struct ct_tty_options *options,
			       FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_TTY_H */
