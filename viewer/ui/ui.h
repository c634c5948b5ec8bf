/* SPDX-License-Identifier: MIT */
/*
 * ui.h - the SDL2 timeline viewer: one renderer that draws a model onto any
 * SDL_Renderer (a window, or a software renderer on a surface for PNGs), the
 * interactive window with navigation and playback, and a scripted mode that
 * drives the real window for tests.
 *
 * A view holds all the state of one picture (no file-scope globals): the
 * borrowed model, fonts, a text cache, per-lane summaries, the visible time
 * window, the selection and the play head. A view is not thread-safe: one
 * thread at a time, the one that owns the SDL renderer.
 */
#ifndef CTRACE_UI_H
#define CTRACE_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <SDL.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One status enum for the viewer's fallible operations; CT_UI_OK is 0. */
enum ct_ui_status {
	CT_UI_OK = 0,
	CT_UI_NOMEM = 1,      /* out of memory */
	CT_UI_NO_FONT = 2,    /* no usable font (WenQuanYi Micro Hei, DejaVu Sans) was found */
	CT_UI_SDL = 3,        /* an SDL, SDL_ttf or SDL_image call failed */
	CT_UI_NO_DISPLAY = 4, /* no window can be opened here */
	CT_UI_BAD_SCRIPT = 5, /* the --script file is unreadable or malformed */
	CT_UI_USAGE = 6,      /* a bad argument (size, time range) */
	CT_UI_IO = 7,         /* writing a picture failed (the stream's error says why) */
};

/* What the picture says above the timeline; every field may be NULL. Borrowed. */
struct ct_ui_header {
	const char *id;       /* scenario id ("2.3"), or NULL for a user trace */
	const char *title_zh; /* Chinese title */
	const char *title_en; /* English title, or the trace's name */
	const char *lesson;   /* the line that says what to notice */
	bool star;            /* ★: a culminating scenario */
};

struct ct_ui_view;

/*
 * Creates a view of MODEL (borrowed: it must outlive the view) with HEADER
 * (copied). Loads the fonts: WenQuanYi Micro Hei, found through fontconfig or
 * known paths, else DejaVu Sans (no CJK); CT_UI_NO_FONT when neither exists.
 * On failure returns NULL and writes a one-line reason into ERR (ERRLEN
 * bytes). Requires TTF_Init() to have succeeded. The view fits the whole trace.
 */
struct ct_ui_view *ct_ui_view_create(const struct ct_model *model,
				     const struct ct_ui_header *header, enum ct_ui_status *status,
				     char *err, size_t errlen);

/* Destroys VIEW and its textures; accepts NULL. */
void ct_ui_view_destroy(struct ct_ui_view *view);

/*
 * Shows the window [T0, T1] (ns relative to the trace start; columns on the
 * order axis, see ct_ui_view_set_axis; T1 > T0 is
 * not required: a tiny or empty range is widened to the smallest zoom and a
 * huge one narrowed to the largest). Can't fail.
 */
void ct_ui_view_set_window(struct ct_ui_view *view, double t0, double t1);

/* Fits the whole trace. Can't fail. */
void ct_ui_view_fit(struct ct_ui_view *view);

/*
 * Puts the play head at T (ns relative to the start, clamped to the trace):
 * nothing after it is drawn, as during playback. Ignored on the order axis
 * (the head sweeps time). Can't fail.
 */
void ct_ui_view_set_head(struct ct_ui_view *view, double t);

/*
 * The axis x stands for: time, or the happens-before order (each event one
 * column after everything it depends on, every column equally wide:
 * viewer/model/order.h), where the window's unit is a column instead of a ns.
 */
enum ct_ui_axis {
	CT_UI_AXIS_TIME = 0,
	CT_UI_AXIS_ORDER = 1,
};

/*
 * Shows AXIS. The order axis's columns are computed the first time it is
 * shown and kept. The selection stays selected, and in sight at the same
 * place across the plot; a view that showed the whole trace still does; the
 * play head goes (playback sweeps time). Returns CT_UI_OK, or CT_UI_NOMEM
 * with the axis unchanged.
 */
enum ct_ui_status ct_ui_view_set_axis(struct ct_ui_view *view, enum ct_ui_axis axis);
enum ct_ui_axis ct_ui_view_axis(const struct ct_ui_view *view);

/*
 * Draws the whole picture onto RENDERER, filling its output size (in pixels;
 * SCALE is how many pixels one logical point is, 1 unless HiDPI). Returns
 * CT_UI_OK, or CT_UI_SDL with the reason in ERR. Does not present.
 */
enum ct_ui_status ct_ui_view_draw(struct ct_ui_view *view, SDL_Renderer *renderer, float scale,
				  char *err, size_t errlen);

/*
 * Layout of the last draw, for tests and tools: the x of time T in output
 * pixels (not clamped), and the rectangle of LANE's state bar (false when the
 * lane is out of range or scrolled out of sight).
 */
double ct_ui_view_time_x(const struct ct_ui_view *view, double t);
/* The x of event EV in output pixels on the view's axis (not clamped). */
double ct_ui_view_event_x(const struct ct_ui_view *view, uint32_t ev);
bool ct_ui_view_lane_bar(const struct ct_ui_view *view, uint32_t lane, SDL_Rect *bar);
/*
 * Shows or hides the source panel right of the plot (S in the window). It is
 * shown from the start when some event of the model carries a call site.
 */
void ct_ui_view_show_source(struct ct_ui_view *view, bool shown);
/* The area where lanes are drawn (right of the labels, below the axis). */
SDL_Rect ct_ui_view_plot_rect(const struct ct_ui_view *view);

/* The colour the renderer uses for STATE, as 0xRRGGBB. */
uint32_t ct_ui_state_rgb(enum ct_lane_state state);
/* The colour of arrows of KIND, as 0xRRGGBB. */
uint32_t ct_ui_arrow_rgb(enum ct_arrow_kind kind);
/* The red of findings (deadlocks, lost updates, ...), as 0xRRGGBB: no other element uses it. */
uint32_t ct_ui_finding_rgb(void);
/* The source panel's highlighted line, as 0xRRGGBB: no other element uses it. */
uint32_t ct_ui_source_line_rgb(void);
/* Background of the plot area right of the play head, as 0xRRGGBB. */
uint32_t ct_ui_future_rgb(void);

/* ------------------------------------------------------------ front ends */

struct ct_ui_png_options {
	int width, height;    /* output size in pixels; 0 means 1600x900 */
	bool has_window;      /* show [t0, t1] instead of the whole trace */
	double t0, t1;        /* ns relative to the start */
	bool has_at;          /* put the play head at AT */
	double at;            /* ns relative to the start */
	enum ct_ui_axis axis; /* time (the default) or order; the window and head need time */
};

/*
 * Renders MODEL offscreen (a software renderer on a surface: no display
 * needed) into a new picture in *PICTURE, owned by the caller
 * (SDL_FreeSurface). Returns CT_UI_OK, or a status with the reason in ERR
 * and *PICTURE NULL. Writes no file: ct_ui_write_png does.
 */
enum ct_ui_status ct_ui_render_picture(const struct ct_model *model,
				       const struct ct_ui_header *header,
				       const struct ct_ui_png_options *options,
				       SDL_Surface **picture, char *err, size_t errlen);

/*
 * Writes PICTURE as a PNG into OUT (through an SDL_RWops over the stream)
 * and flushes OUT, which stays open: the caller decides where OUT goes and
 * closes it. Returns CT_UI_OK; CT_UI_IO when OUT reported a write error;
 * CT_UI_SDL when the encoder failed; with the reason in ERR. What reached
 * OUT before a failure stays there.
 */
enum ct_ui_status ct_ui_write_png(SDL_Surface *picture, FILE *out, char *err, size_t errlen);

/*
 * Renders MODEL and writes the PNG file PATH (created or truncated in place,
 * every write and the close checked), for tests and tools; the ctrace
 * command writes through its own output path instead, which replaces files
 * atomically. Returns CT_UI_OK, or a status with the reason in ERR.
 */
enum ct_ui_status ct_ui_render_png(const struct ct_model *model, const struct ct_ui_header *header,
				   const char *path, const struct ct_ui_png_options *options,
				   char *err, size_t errlen);

/* One bar of a chart: its label (left), its value (the bar's length) and a line under it. */
struct ct_ui_chart_bar {
	const char *label;  /* may be NULL */
	const char *detail; /* may be NULL */
	double value;       /* >= 0 */
};

/* A horizontal bar chart; every string is borrowed. */
struct ct_ui_chart {
	const char *title;    /* may be NULL */
	const char *subtitle; /* may be NULL */
	const struct ct_ui_chart_bar *bars;
	size_t n_bars;    /* only the first 200 are drawn */
	bool first_apart; /* the first bar in another colour (the most frequent, say) */
};

/*
 * Draws CHART offscreen (no display needed), bars scaled to the largest
 * value, into a new picture in *PICTURE owned by the caller
 * (SDL_FreeSurface; write it with ct_ui_write_png). Returns CT_UI_OK, or a
 * status with the reason in ERR and *PICTURE NULL (CT_UI_NO_FONT when no
 * font is found). Requires nothing of TTF: initialises it when needed.
 */
enum ct_ui_status ct_ui_render_chart(const struct ct_ui_chart *chart, SDL_Surface **picture,
				     char *err, size_t errlen);

struct ct_ui_window_options {
	int width, height;    /* initial window size in points; 0 means 1400x820 */
	const char *script;   /* a script file of actions to run, or NULL (interactive) */
	enum ct_ui_axis axis; /* the axis shown first (O toggles it) */
};

/*
 * Opens the viewer window on MODEL and runs it until the user (or the script)
 * quits. Returns CT_UI_OK; CT_UI_NO_DISPLAY when no window can be opened
 * (the caller should offer a PNG instead); CT_UI_BAD_SCRIPT when the script
 * is unreadable, malformed or one of its actions failed; other statuses with
 * the reason in ERR.
 */
enum ct_ui_status ct_ui_run_window(const struct ct_model *model, const struct ct_ui_header *header,
				   const struct ct_ui_window_options *options, char *err,
				   size_t errlen);

/*
 * The same window in steps, so it can open before the trace loads and show
 * the loader's progress. ct_ui_window_open() opens it (statuses as for
 * ct_ui_run_window; on failure *WIN stays NULL); ct_ui_window_progress()
 * draws "WHAT: DONE events" (or "WHAT: DONE of TOTAL" when TOTAL > 0) at
 * most 25 times a second and pumps the window's events at every call: call
 * it from the loader's progress callback. It returns false once the user
 * closed the window (the caller may stop loading; ct_ui_window_run() then
 * returns CT_UI_OK at once). ct_ui_window_run() shows MODEL (borrowed; it
 * must outlive the window) until the user or the script quits, after running
 * the analyses and building the zoomed-out lane summaries with progress.
 * ct_ui_window_destroy() closes it and accepts NULL. Not thread-safe: one
 * thread, the one that opened the window, makes every call.
 */
struct ct_ui_window;
enum ct_ui_status ct_ui_window_open(const struct ct_ui_window_options *options,
				    struct ct_ui_window **win, char *err, size_t errlen);
bool ct_ui_window_progress(struct ct_ui_window *win, const char *what, uint64_t done,
			   uint64_t total);
enum ct_ui_status ct_ui_window_run(struct ct_ui_window *win, const struct ct_model *model,
				   const struct ct_ui_header *header, char *err, size_t errlen);
void ct_ui_window_destroy(struct ct_ui_window *win);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_UI_H */
