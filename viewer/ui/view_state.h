/* SPDX-License-Identifier: MIT */
/*
 * view_state.h - private to viewer/ui: the view's state, struct ct_ui_view
 * (one per picture: no file-scope globals), and the small types it embeds.
 * Every file here reads it; the functions over each part are declared in
 * that part's own header (text.h, summary.h, layout.h, hit.h, findings.h,
 * view.h ...). Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_VIEW_STATE_H
#define CTRACE_UI_VIEW_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "analysis.h"
#include "source.h"
#include "ui.h"

/* Fonts, by role. Sizes are in points and scaled for HiDPI. */
enum ui_font {
	UI_FONT_SMALL,  /* ticks, inline labels, legend */
	UI_FONT_NORMAL, /* lane names, tooltips, status */
	UI_FONT_TITLE,  /* the scenario's title */
	UI_FONT_COUNT
};

/* A rendered string kept as a texture until the cache is full or the renderer changes. */
struct ui_text {
	uint64_t hash;
	char *str; /* owned */
	uint8_t font;
	uint32_t rgb;
	int wrap;         /* wrap width in pixels, 0 for one line */
	SDL_Texture *tex; /* owned */
	int w, h;
	uint32_t last_used; /* frame number */
};

#define UI_TEXT_CACHE 512

/* The source panel's lines: the call site's and six either side. */
#define UI_SRC_CONTEXT 6
#define UI_SRC_LINES   (2 * UI_SRC_CONTEXT + 1)

/*
 * A lane's per-pixel summary: a pyramid of buckets over the lane's life, each
 * holding the fraction (0..255) of its time spent in each state. Level 0 has
 * n0 buckets of bucket_ns; level k has n0 >> k buckets twice as wide.
 */
struct ui_summary {
	bool built;
	uint32_t levels;
	uint32_t n0;
	double origin;     /* time of bucket 0's start (ns) */
	double bucket_ns;  /* width of a level-0 bucket */
	uint8_t *frac;     /* owned: all levels, CT_STATE_COUNT_ bytes per bucket */
	size_t *level_off; /* owned: byte offset of each level in frac */
};

/* Something under the mouse or selected. */
enum ui_hit_kind {
	UI_HIT_NONE,
	UI_HIT_ARROW,
	UI_HIT_MARKER,
	UI_HIT_EVENT,
	UI_HIT_SPAN,
	UI_HIT_LANE,
	UI_HIT_FINDING, /* a finding's red marker: INDEX is the finding's index */
};

struct ui_hit {
	enum ui_hit_kind kind;
	uint32_t index; /* arrow, marker (event index), event, span or finding index */
	uint32_t lane;
};

/* Layout, recomputed at every draw from the output size. */
struct ui_layout {
	int w, h;
	float scale;
	int header_h;                        /* title and lesson */
	int legend_y, legend_h, legend_rows; /* rows: 1, or 2 in a narrow window */
	int axis_y, axis_h;
	int label_w;    /* lane names column */
	SDL_Rect plot;  /* lanes area */
	int lane_h;     /* pixels per lane */
	int first_lane; /* index of the lane drawn at the top (vertical scroll) */
	int visible_lanes;
	int out_y, out_h; /* printed lines panel */
	SDL_Rect src;     /* the source panel, right of the plot; w 0 when not shown */
	int status_y, status_h;
};

struct ct_ui_view {
	const struct ct_model *model; /* borrowed */
	bool has_prints; /* the model has print events: the printed-lines band is shown */
	/*
	 * The states the legend lists: the first eight always, the later waits
	 * (signal, futex, barrier, once) only when the model has such a span.
	 */
	bool legend_state[CT_STATE_COUNT_];

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

	/*
	 * The visible window, in the axis's unit (axis.h): ns relative to the
	 * trace start on the time axis, happens-before columns on the order axis.
	 */
	double t0, span;
	double end; /* the trace's duration, or its number of columns */
	/* The order axis (axis.c): its arrays are built when it is first shown. */
	bool order;
	uint32_t *col; /* owned: each event's column, NULL until built */
	uint32_t n_cols;
	uint32_t *lane_ev;     /* owned: every event, lane by lane, each lane's in index order */
	uint32_t *lane_ev_at;  /* owned: lane L's events are lane_ev[lane_ev_at[L], [L + 1]) */
	uint32_t *ord_markers; /* owned: the markers by column, then index */
	uint32_t *ord_arrows;  /* owned: the arrow indices by source column, then index */
	uint32_t *ord_reach;   /* owned: the furthest target column of ord_arrows[0..k] */
	/* owned: the findings with a marker, by their marker event's column; and those events */
	uint32_t *ord_findings, *ord_finding_ev;
	size_t n_ord_findings;
	struct ui_layout lay;
	int lane_scroll; /* first row shown */
	/*
	 * Rows: the order lanes are drawn in, every front end's
	 * (ct_model_borrow_lane_order); a lane's row is its rank.
	 */
	const uint32_t *lane_at; /* borrowed from the model: row -> lane */

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

	/*
	 * The source panel (srcpanel.c): the code around the call site of the
	 * event stepped to, clicked or of the finding jumped to. Everything it
	 * draws is worked out once when that event changes, never per frame.
	 */
	bool has_sites;        /* some event carries a call site: the panel is shown at first */
	bool src_shown;        /* S toggles it */
	bool src_dirty;        /* src_event changed since the lines were made */
	uint32_t src_event;    /* the event it shows, or CT_MODEL_NONE */
	struct ct_source *src; /* owned: the resolver, made at first need */
	char src_func[256];    /* the function, "" when unknown */
	char src_where[256];   /* "file.c:41", or "no source: <reason>" */
	bool src_ok;           /* the lines below are the file's */
	char *src_path;        /* owned: the file last read (its text is kept for the next step) */
	char *src_text;        /* owned: that file's bytes, NUL-terminated; NULL when unreadable */
	char src_err[160];     /* why src_path could not be read */
	char *src_lines[UI_SRC_LINES]; /* owned: the lines shown, made printable */
	int src_n;                     /* how many */
	unsigned src_first, src_line;  /* the first line's number, the highlighted one's */
};

#endif /* CTRACE_UI_VIEW_STATE_H */
