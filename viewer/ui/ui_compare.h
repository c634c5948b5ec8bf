/* SPDX-License-Identifier: MIT */
/*
 * ui_compare.h - two runs side by side (`ctrace view --compare A B`): run A's
 * timeline above run B's, on one time scale with each run's start at the
 * same x, and their first divergence (ct_model_compare) marked in both: a
 * vertical line at each run's diverging event, a ring around it, a line
 * joining the two, and the comparison's sentence as A's caption.
 *
 * Each run keeps a whole view of its own (lanes, axis, printed lines), drawn
 * by the ordinary renderer, rather than B's lanes interleaved under A's:
 * arrows then stay among one run's lanes, and each half reads as the
 * picture of one run that `ctrace view` draws.
 *
 * Not thread-safe: one thread, as for every view (ui.h).
 */
#ifndef CTRACE_UI_COMPARE_H
#define CTRACE_UI_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "compare.h"
#include "ui.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The two runs and how they compare; all borrowed. */
struct ct_ui_compare {
	const struct ct_model *model[2];    /* A, B */
	const struct ct_ui_header *head[2]; /* each half's title and caption */
	const struct ct_compare *cmp;       /* ct_model_compare(model[0], model[1]) */
};

/* Where the divergence was marked in the last picture (output pixels), for tests. */
struct ct_ui_compare_marks {
	bool has[2]; /* a run with no diverging event (it ends first) has no mark */
	int x[2], y[2];
	int half_h; /* B's half starts at this y */
};

/* The colour of the divergence marks, as 0xRRGGBB: no other element uses it. */
uint32_t ct_ui_diverge_rgb(void);

/*
 * Draws the two runs into a new W x H picture in *PICTURE (0: 1600x1200),
 * owned by the caller (SDL_FreeSurface); MARKS (may be NULL) gets where the
 * marks went. Returns CT_UI_OK, or a status with the reason in ERR and
 * *PICTURE NULL.
 */
enum ct_ui_status ct_ui_render_compare(const struct ct_ui_compare *in, int w, int h,
				       SDL_Surface **picture, struct ct_ui_compare_marks *marks,
				       char *err, size_t errlen);

/*
 * Shows the same picture in a window (W x H points, 0: 1400x1000), drawn
 * again when it is resized, until the user closes it or presses q or Esc.
 * CT_UI_NO_DISPLAY when no window can be opened; other statuses with ERR.
 */
enum ct_ui_status ct_ui_run_compare_window(const struct ct_ui_compare *in, int w, int h, char *err,
					   size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_UI_COMPARE_H */
