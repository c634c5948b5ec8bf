/* SPDX-License-Identifier: MIT */
/*
 * narration.c - the step caption: after N or P, the stepped event told as a
 * sentence (narrate.c) in a band just above the status line, where a learner
 * stepping through the run reads what happened and why it matters without
 * hovering anything.
 */
#include <math.h>

#include "gfx.h"
#include "layers.h"
#include "layout.h"
#include "narrate.h"
#include "palette.h"
#include "view_state.h"

/* A pale yellow like the selected row, so the caption reads as "this event". */
#define C_CAPTION 0xFFF4CCu

bool ui_narration_shown(const struct ct_ui_view *v)
{
	size_t n;
	const struct ct_model_event *events = ct_model_borrow_events(v->model, &n);

	/* Only while the head still rests on the stepped event: playing or moving away hides it. */
	return v->step_event != CT_MODEL_NONE && v->step_event < n && v->head_on && !v->playing &&
	       !v->order && (double)ct_model_event_time(&events[v->step_event]) == v->head;
}

void ui_draw_narration(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	char said[512];
	enum ui_font f = UI_FONT_TITLE;
	int margin = (int)(16 * c->s), pad = (int)(6 * c->s), h, y;

	if (!ui_narration_shown(v))
		return;
	ct_model_event_narrate(v->model, v->step_event, said, sizeof(said));
	/* The title font when the sentence fits the width, else the normal one. */
	if (gfx_text_w(c, f, said) > l->w - 2 * margin - pad)
		f = UI_FONT_NORMAL;
	h = gfx_line_h(c, f) + 2 * pad;
	y = l->status_y - h;
	gfx_fill(c, 0, y, l->w, h, C_CAPTION);
	gfx_fill(c, 0, y, (int)fmax(1, 4 * c->s), h, C_HEAD);
	gfx_fill(c, 0, y, l->w, (int)fmax(1, c->s), C_GRID);
	gfx_text(c, f, said, C_TEXT, margin, y + pad, UI_LEFT);
}
