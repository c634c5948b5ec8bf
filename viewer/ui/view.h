/* SPDX-License-Identifier: MIT */
/*
 * uiint.h - private to viewer/ui: the view's state, shared by the renderer,
 * the text cache, the lane summaries and the window. Not thread-safe (see ui.h).
 */
#ifndef CTRACE_UI_INT_H
#define CTRACE_UI_INT_H

#include <SDL.h>
#include <SDL_ttf.h>

#include "analysis.h"
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

/* A lane with this many spans or more is drawn from its summary when zoomed out. */
#define UI_SUMMARY_MIN_SPANS 4096
/*
 * Lanes with this many spans get their summary before the first frame: a
 * plot 512 pixels wide or more draws them from it when zoomed out.
 */
#define UI_SUMMARY_PREPARE_SPANS 256

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
	int status_y, status_h;
};

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

/* The row lane LANE is drawn in. */
static inline int ui_lane_row(const struct ct_ui_view *v, uint32_t lane)
{
	return (int)v->row_of[lane];
}

/* draw.c: how many rows (1 or 2) the legend needs in a window W pixels wide at SCALE. */
int ui_legend_rows(struct ct_ui_view *v, int w, float scale);

/* Scrolls the findings list by DELTA rows (clamped). */
void ui_findings_scroll(struct ct_ui_view *v, long delta);
/* Shows finding I: the view centred on its time (zoomed in if it showed most of the trace), its lane selected, the list closed. */
void ui_findings_jump(struct ct_ui_view *v, size_t i);

/* text.c */
/*
 * Picks the font file: $CTRACE_FONT, fontconfig, then known paths. Writes its
 * path (LEN bytes), face index and whether it covers CJK; false when none.
 */
bool ui_font_find(char *path, size_t len, int *index, bool *cjk);
enum ct_ui_status ui_fonts_open(struct ct_ui_view *v, float scale, char *err, size_t errlen);
void ui_fonts_close(struct ct_ui_view *v);
void ui_text_flush(struct ct_ui_view *v);
/*
 * Draws STR at (X, Y) (top-left, or right-aligned at X for UI_RIGHT,
 * centred for UI_CENTER) and returns its size in *W and *H (either may be
 * NULL). WRAP > 0 wraps at that width. With DRAW false only measures.
 * Returns 0, or -1 with SDL's error set.
 */
enum ui_align { UI_LEFT, UI_RIGHT, UI_CENTER };
int ui_text(struct ct_ui_view *v, SDL_Renderer *r, enum ui_font font, const char *str, uint32_t rgb,
	    int x, int y, enum ui_align align, int wrap, bool draw, int *w, int *h);

/* summary.c */
enum ct_ui_status ui_summary_build(struct ct_ui_view *v, uint32_t lane);
void ui_summary_free(struct ui_summary *s);
/* The dominant state of the summary over [A, B); CT_STATE_COUNT_ when the lane is not alive. */
uint8_t ui_summary_state(const struct ui_summary *s, double a, double b);

/* findings.c */
/* Runs the analyses and indexes what the renderer needs; CT_UI_NOMEM on failure. */
enum ct_ui_status ui_findings_init(struct ct_ui_view *v);
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

/* view.c */
/*
 * Builds the summaries of every lane with enough spans to need one when
 * zoomed out, calling PROGRESS (may be NULL) before each lane with how many
 * are done and how many there are; stops early when PROGRESS returns false.
 * CT_UI_NOMEM on failure (the lanes left are built when first drawn).
 */
enum ct_ui_status ui_view_prepare(struct ct_ui_view *v,
				  bool (*progress)(void *data, uint64_t done, uint64_t total),
				  void *data);
double ui_x_to_time(const struct ct_ui_view *v, double x);
double ui_min_span(void);
double ui_max_span(const struct ct_ui_view *v);
void ui_zoom_at(struct ct_ui_view *v, double factor, int x);
void ui_pan_px(struct ct_ui_view *v, double dx);
void ui_hit_test(struct ct_ui_view *v, int x, int y, struct ui_hit *hit);
/* A one-line description of event EV into BUF. */
void ui_describe_event(const struct ct_ui_view *v, uint32_t ev, char *buf, size_t len);
/* Formats a duration or time with a unit chosen for its size. */
void ui_format_ns(double ns, char *buf, size_t len);
/* Moves the head to the next (DIR > 0) or previous event and describes it. */
void ui_step(struct ct_ui_view *v, int dir);
/* Advances playback by DT_NS of real time. */
void ui_play_advance(struct ct_ui_view *v, double dt_ns);
/* The lane's display name ("producer-1"), never NULL. */
const char *ui_lane_name(const struct ct_ui_view *v, uint32_t lane);
/* The y centre of LANE's bar. */
int ui_lane_mid(const struct ct_ui_view *v, uint32_t lane);
bool ui_lane_visible(const struct ct_ui_view *v, uint32_t lane);
/* The lane at output y, or CT_MODEL_NONE. */
uint32_t ui_lane_at(const struct ct_ui_view *v, int y);
void ui_layout_compute(struct ct_ui_view *v, int w, int h, float scale);

#endif /* CTRACE_UI_INT_H */
