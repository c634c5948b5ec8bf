/* SPDX-License-Identifier: MIT */
/*
 * view.h - private to viewer/ui: the view's state (struct ct_ui_view, one per
 * picture, shared by every file here), the visible time window, zoom and
 * pan. Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_VIEW_H
#define CTRACE_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "analysis.h"
#include "hit.h"
#include "layout.h"
#include "summary.h"
#include "text.h"
#include "ui.h"

struct ct_ui_view {
	const struct ct_model *model; /* borrowed */
	bool has_prints; /* the model has print events: the printed-lines band is shown */

	/* Header, copied. */
	char *title;  /* owned: "2.3 ★  中文 / English" */
	char *lesson; /* owned, may be NULL */

	/* Fonts and the text cache. */
	char font_path[1024];
	int font_index; /* face index in a .ttc */
	bool font_has_cjk;
	TTF_Font *font[UI_FONT_COUNT]; /* owned */
	float font_scale;              /* the scale the fonts were opened at */
	SDL_Renderer *cache_renderer;  /* borrowed: the renderer the textures belong to */
	struct ui_text texts[UI_TEXT_CACHE];
	uint32_t frame;

	/* Per-lane summaries, built on first need. */
	struct ui_summary *summaries; /* owned: one per lane */
	uint8_t *columns;             /* owned scratch: one state per pixel column */
	int columns_cap;
	SDL_Rect *rects[CT_STATE_COUNT_ + 1]; /* owned scratch: rectangles batched by colour */
	int rects_n[CT_STATE_COUNT_ + 1];
	int rects_cap;
	SDL_Rect *placed; /* owned scratch: label rectangles already drawn this frame */
	int placed_n, placed_cap;

	/* Findings of the analyses, run once when the view is created. */
	struct ct_analysis *analysis; /* owned */
	uint32_t *deadlocks;          /* owned: indices of the deadlock findings */
	size_t n_deadlocks;
	double finding_lead; /* the most a finding's marked event precedes its time (ns) */
	int *finding_last_x; /* owned scratch: per lane, the columns of the last marker and triangle */
	bool findings_list;  /* the list overlay (L) is shown */
	size_t findings_top; /* the first finding the list shows (it scrolls) */
	/* Where the list's rows were drawn last frame, for clicks: row i at row0 + i * row_h. */
	SDL_Rect flist_box; /* w 0: not drawn */
	int flist_row0, flist_row_h, flist_rows;

	/* The visible window, in ns relative to the trace start. */
	double t0, span;
	double end; /* the trace's duration */
	struct ui_layout lay;
	int lane_scroll; /* first row shown */
	/*
	 * Rows: the order lanes are drawn in (the model numbers them by first
	 * event). Processes in order of appearance, each with its main thread
	 * first, then its threads in the order they were spawned.
	 */
	uint32_t *row_of;  /* owned: lane -> row */
	uint32_t *lane_at; /* owned: row -> lane */

	/* Interaction. */
	int mouse_x, mouse_y; /* output pixels */
	bool mouse_in;
	struct ui_hit hover;
	uint32_t sel_lane;  /* CT_MODEL_NONE when none */
	uint32_t sel_arrow; /* CT_MODEL_NONE when none */
	bool dragging, selecting;
	int drag_x0, drag_x;
	double drag_t0;
	bool help;

	/* Playback. */
	bool head_on;
	double head;
	bool playing;
	int speed_exp;       /* speed = 2^speed_exp times real time */
	uint32_t step_event; /* the event the last step landed on, or CT_MODEL_NONE */
	char note[256];      /* a short message on the status line */
};

/*
 * Builds the summaries of every lane with enough spans to need one when
 * zoomed out, calling PROGRESS (may be NULL) before each lane with how many
 * are done and how many there are; stops early when PROGRESS returns false.
 * CT_UI_NOMEM on failure (the lanes left are built when first drawn).
 */
enum ct_ui_status ui_view_prepare(struct ct_ui_view *v,
				  bool (*progress)(void *data, uint64_t done, uint64_t total),
				  void *data);
/* The narrowest and widest time windows (ns). */
double ui_min_span(void);
double ui_max_span(const struct ct_ui_view *v);
/* Keeps the window within the zoom limits and near the trace. */
void ui_view_clamp(struct ct_ui_view *v);
/* Zooms by FACTOR (> 1 zooms in) keeping the time at output x X in place. */
void ui_zoom_at(struct ct_ui_view *v, double factor, int x);
/* Pans by DX output pixels (positive: earlier times come into sight). */
void ui_pan_px(struct ct_ui_view *v, double dx);
/* Shows finding I: the view centred on its time (zoomed in if it showed most of the trace), its lane selected, the list closed. */
void ui_findings_jump(struct ct_ui_view *v, size_t i);

#endif /* CTRACE_UI_VIEW_H */
