/* SPDX-License-Identifier: MIT */
/*
 * chrome.c - what frames the lanes: the title and lesson, the legend, the
 * time axis, the play head, the printed lines, the status line and the help.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gfx.h"
#include "lane_order.h"
#include "layers.h"
#include "layout.h"
#include "palette.h"
#include "text.h"
#include "timefmt.h"
#include "view_state.h"
#include "i18n.h"

void ui_draw_header(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	int margin = (int)(16 * c->s);
	int y = margin / 2;
	size_t n_events, n_lanes;
	char info[160];
	int info_w;

	ct_model_borrow_events(v->model, &n_events);
	ct_model_borrow_lanes(v->model, &n_lanes);
	{
		char d[32];

		ct_time_format((double)ct_model_end_time(v->model), 0, d, sizeof(d));
		snprintf(info, sizeof(info),
			 P_("%zu thread · %zu events · %s", "%zu threads · %zu events · %s",
			    n_lanes),
			 n_lanes, n_events, d);
	}
	info_w = gfx_text_w(c, UI_FONT_SMALL, info);
	gfx_text(c, UI_FONT_SMALL, info, C_TEXT_DIM, l->w - margin, y + (int)(4 * c->s), UI_RIGHT);
	if (ct_model_discarded(v->model) > 0) {
		char warn[96];

		snprintf(warn, sizeof(warn), _("%llu events discarded: the trace is incomplete"),
			 (unsigned long long)ct_model_discarded(v->model));
		gfx_text(c, UI_FONT_SMALL, warn, C_KILLED, l->w - margin,
			 y + (int)(4 * c->s) + gfx_line_h(c, UI_FONT_SMALL), UI_RIGHT);
	}
	(void)info_w;
	gfx_text(c, UI_FONT_TITLE, v->title, C_TEXT, margin, y, UI_LEFT);
	y += gfx_line_h(c, UI_FONT_TITLE) + (int)(2 * c->s);
	if (v->lesson)
		gfx_check(c, ui_text(v, c->r, UI_FONT_NORMAL, v->lesson, 0x4A4A4A, margin, y,
				     UI_LEFT, l->w - 2 * margin, true, NULL, NULL));
}

/* One legend entry: a swatch (or a line sample) and a word. Returns the next x. */
static int legend_item(struct ui_gfx *c, int x, int y, int h, uint32_t rgb, int kind,
		       enum ui_dash dash, const char *word)
{
	int sw = (int)(14 * c->s), gap = (int)(5 * c->s);
	int need = ui_legend_entry_w(c->v, c->s, word);

	if (x + need > c->v->lay.w - (int)(8 * c->s))
		return x;
	if (kind == 0) { /* a state swatch */
		gfx_fill(c, x, y + h / 2 - (int)(5 * c->s), sw, (int)(10 * c->s), rgb);
	} else if (kind == 1) { /* an arrow sample */
		int my = y + h / 2;

		gfx_line(c, x, my, x + sw - 4 * c->s, my, dash == UI_DASH_SOLID ? 2 : 1, dash, rgb,
			 255);
		gfx_triangle(c, x + sw, my, x + sw - 6 * c->s, my - 3.5f * c->s, x + sw - 6 * c->s,
			     my + 3.5f * c->s, rgb, 255);
	} else { /* a lane-life line: ended, killed, not started */
		gfx_line(c, x, y + h / 2, x + sw, y + h / 2, kind == 3 ? 2 : 1, dash, rgb, 255);
	}
	gfx_text(c, UI_FONT_SMALL, word, C_TEXT_DIM, x + sw + gap,
		 y + (h - gfx_line_h(c, UI_FONT_SMALL)) / 2, UI_LEFT);
	return x + need;
}

/*
 * The legend: the states ("blocked:" written once before the blocked ones),
 * the lanes' lives, then the arrows; on a second row when the window is too
 * narrow for one (the layout asked ui_legend_rows). An entry that still does
 * not fit is left out.
 */
void ui_draw_legend(struct ui_gfx *c)
{
	const struct ui_layout *l = &c->v->lay;
	int x0 = (int)(16 * c->s), x = x0, y = l->legend_y, h = l->legend_h / l->legend_rows;

	for (int s = 0; s < CT_STATE_COUNT_; s++) {
		if (!c->v->legend_state[s])
			continue;
		if (s == CT_STATE_BLOCKED_RECV) {
			int w = gfx_text_w(c, UI_FONT_SMALL, UI_LEGEND_BLOCKED) + (int)(6 * c->s);

			if (x + w <= l->w - (int)(8 * c->s)) {
				gfx_text(c, UI_FONT_SMALL, UI_LEGEND_BLOCKED, C_TEXT_DIM, x,
					 y + (h - gfx_line_h(c, UI_FONT_SMALL)) / 2, UI_LEFT);
				x += w;
			}
		}
		x = legend_item(c, x, y, h, ui_palette_state[s], 0, UI_DASH_SOLID,
				_(ui_legend_states[s]));
	}
	x = legend_item(c, x, y, h, C_NOT_STARTED, 2, UI_DASH_DOT, _(ui_legend_lives[0]));
	x = legend_item(c, x, y, h, C_ENDED, 2, UI_DASH_SOLID, _(ui_legend_lives[1]));
	x = legend_item(c, x, y, h, C_KILLED, 3, UI_DASH_LONG, _(ui_legend_lives[2]));
	if (l->legend_rows > 1) {
		x = x0;
		y += h;
	} else {
		x += (int)(10 * c->s);
	}
	for (int k = 0; k < CT_ARROW_COUNT_; k++)
		x = legend_item(c, x, y, h, ui_palette_arrow[k], 1, ui_palette_dash[k],
				_(ui_legend_arrows[k]));
}

/* The tick step: 1, 2 or 5 times a power of ten, at least MIN_NS. */
static double tick_step(double min_ns)
{
	double p = pow(10, floor(log10(fmax(min_ns, 1e-3))));

	if (p >= min_ns)
		return p;
	if (2 * p >= min_ns)
		return 2 * p;
	if (5 * p >= min_ns)
		return 5 * p;
	return 10 * p;
}

void ui_draw_axis(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	double step = tick_step(v->span * 110 * c->s / l->plot.w);
	double k0 = ceil(v->t0 / step), k1 = floor((v->t0 + v->span) / step);
	int y = l->axis_y, h = l->axis_h;

	if (v->order) {
		/* Whole columns, each tick in the middle of its column: "step N". */
		step = fmax(1, tick_step(v->span * 110 * c->s / l->plot.w));
		k0 = ceil((v->t0 - 0.5) / step);
		k1 = floor((v->t0 + v->span - 0.5) / step);
	}
	gfx_fill(c, l->plot.x, y + h - 1, l->plot.w, 1, C_TEXT_FAINT);
	for (double k = k0; k <= k1 && k - k0 < 200; k++) {
		double t = k * step + (v->order ? 0.5 : 0);
		int x = gfx_px(ct_ui_view_time_x(v, t));
		char lab[48];

		if (v->order && (k < 0 || k * step >= v->end))
			continue;
		if (v->order)
			snprintf(lab, sizeof(lab), _("step %lld"), (long long)(k * step));
		else
			ct_time_format_tick(t, step, lab, sizeof(lab));
		gfx_fill(c, x, y + h - (int)(5 * c->s), 1, (int)(5 * c->s), C_TEXT_FAINT);
		gfx_fill(c, x, l->plot.y, 1, l->visible_lanes * l->lane_h, C_GRID);
		gfx_text(c, UI_FONT_SMALL, lab, C_TEXT_DIM, x, y + (int)(2 * c->s), UI_CENTER);
	}
}

void ui_draw_head(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	int x = gfx_px(ct_ui_view_time_x(v, v->head));
	char t[32];
	int k = (int)(5 * c->s);

	if (!v->head_on || x < l->plot.x || x > l->plot.x + l->plot.w)
		return;
	gfx_fill(c, x, l->axis_y + l->axis_h - k, 1, l->visible_lanes * l->lane_h + k, C_HEAD);
	ct_time_format(v->head, 0, t, sizeof(t));
	{
		int w = gfx_text_w(c, UI_FONT_SMALL, t), pad = (int)(3 * c->s);
		int bx = x - w / 2 - pad;

		if (bx + w + 2 * pad > l->w)
			bx = l->w - w - 2 * pad;
		gfx_fill(c, bx, l->axis_y, w + 2 * pad, l->axis_h - k, C_HEAD);
		gfx_text(c, UI_FONT_SMALL, t, 0xFFFFFF, bx + pad, l->axis_y + (int)(1 * c->s),
			 UI_LEFT);
	}
}

void ui_draw_output(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	const struct ct_model *m = v->model;
	size_t n_events, n_markers, first, count;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const uint32_t *markers = ct_model_borrow_markers(m, &n_markers);
	/* On the order axis, every line: a step is no time to cut them at. */
	double limit = v->order     ? (double)ct_model_end_time(m)
		       : v->head_on ? v->head
				    : fmin(v->end, v->t0 + v->span);
	uint32_t found[8];
	int n = 0, margin = (int)(16 * c->s), sh = gfx_line_h(c, UI_FONT_SMALL);
	int max_n = (l->out_h - (int)(12 * c->s)) / sh,
	    time_w = gfx_text_w(c, UI_FONT_SMALL, "000.000 ms  ");

	if (l->out_h <= 0 || max_n <= 0)
		return;
	if (max_n > 8)
		max_n = 8;
	/* Left of the source panel when it is shown. */
	gfx_fill(c, 0, l->out_y, l->src.w ? l->src.x : l->w, l->out_h, C_PANEL);
	gfx_text(c, UI_FONT_SMALL, _("printed lines"), C_TEXT_FAINT, margin,
		 l->out_y + (int)(6 * c->s), UI_LEFT);
	if (limit < 0)
		return;
	/* The latest lines printed up to the play head (or the right edge of the view). */
	count = ct_model_markers_in(m, 0, (uint64_t)limit, &first);
	for (size_t i = first + count, k = 0; i > first && n < max_n && k < 100000; i--, k++) {
		if (events[markers[i - 1]].type == CT_EV_PRINT)
			found[n++] = markers[i - 1];
	}
	for (int i = 0; i < n; i++) {
		const struct ct_model_event *ev = &events[found[n - 1 - i]];
		int y = l->out_y + (int)(6 * c->s) + i * sh;
		char t[32];

		ct_time_format((double)ct_model_event_time(ev), 0, t, sizeof(t));
		gfx_text(c, UI_FONT_SMALL, t, C_TEXT_FAINT, l->plot.x + time_w - (int)(10 * c->s),
			 y, UI_RIGHT);
		gfx_text(c, UI_FONT_SMALL, ui_lane_name(v, ev->lane), C_TEXT_DIM,
			 l->plot.x + time_w, y, UI_LEFT);
		gfx_text(c, UI_FONT_SMALL, ct_model_string(m, ev->arg), C_TEXT,
			 l->plot.x + time_w + l->label_w - (int)(16 * c->s), y, UI_LEFT);
	}
}

void ui_draw_status(struct ui_gfx *c)
{
	struct ct_ui_view *v = c->v;
	const struct ui_layout *l = &v->lay;
	int margin = (int)(16 * c->s), y = l->status_y + (int)(5 * c->s), x = margin;
	/* Room for the findings sentence: up to 160 bytes of kinds and its words. */
	char a[32], b[32], s[256], speed[32];
	double sp = ldexp(1.0, v->speed_exp);

	gfx_fill(c, 0, l->status_y, l->w, l->status_h, 0xE9E9E3);
	if (v->order && v->n_cols == 0) {
		snprintf(s, sizeof(s), "%s", _("happens-before order: no events"));
	} else if (v->order) {
		snprintf(s, sizeof(s), _("happens-before order: steps %u to %u of %u"),
			 (unsigned)fmax(0, floor(v->t0)),
			 (unsigned)fmax(0, fmin(v->end, ceil(v->t0 + v->span)) - 1), v->n_cols);
	} else {
		ct_time_format(fmax(0, v->t0), 0, a, sizeof(a));
		ct_time_format(v->span, 0, b, sizeof(b));
		snprintf(s, sizeof(s), _("from %s, %s wide"), a, b);
	}
	x += gfx_text(c, UI_FONT_NORMAL, s, C_TEXT_DIM, x, y, UI_LEFT) + margin;
	if (sp >= 1)
		snprintf(speed, sizeof(speed), "%g×", sp);
	else
		snprintf(speed, sizeof(speed), "1/%g×", 1 / sp);
	snprintf(s, sizeof(s), "%s %s",
		 v->playing   ? _("▶ playing")
		 : v->head_on ? _("|| paused")
			      : _("■ stopped"),
		 speed);
	x += gfx_text(c, UI_FONT_NORMAL, s, v->playing ? C_HEAD : C_TEXT, x, y, UI_LEFT) + margin;
	{
		/* The findings, right of the note and left of the help hint. */
		size_t n = 0;
		int right = l->w - margin - gfx_text_w(c, UI_FONT_NORMAL, _("?  help")) - margin;

		ct_analysis_borrow_findings(v->analysis, &n);
		if (n > 0) {
			char kinds[160] = "";
			size_t used = 0;

			for (int k = 0; k < CT_FINDING_COUNT_ && used < sizeof(kinds); k++) {
				/* Lost updates by the update: one overwrite can lose many. */
				unsigned long long nk =
					ct_analysis_total(v->analysis, (enum ct_finding_kind)k);

				if (nk)
					used += (size_t)snprintf(
						kinds + used, sizeof(kinds) - used,
						/* TRANSLATORS: a count and a kind of finding. */
						_("%s%llu %s"), used ? _(", ") : "", nk,
						nk == 1 ? _(ct_finding_kind_name(
								  (enum ct_finding_kind)k))
							: _(ct_finding_kind_plural(
								  (enum ct_finding_kind)k)));
			}
			snprintf(s, sizeof(s),
				 P_("%zu finding: %s (press L to list)",
				    "%zu findings: %s (press L to list)", n),
				 n, kinds);
		} else {
			snprintf(s, sizeof(s), "%s", _("no findings"));
		}
		right -= gfx_text(c, UI_FONT_NORMAL, s, n ? C_FINDING : C_TEXT_DIM, right, y,
				  UI_RIGHT) +
			 margin;
		if (v->note[0] && right > x) {
			/* The note is cut where the findings begin. */
			SDL_Rect keep = { x, l->status_y, right - x, l->status_h };

			gfx_check(c, SDL_RenderSetClipRect(c->r, &keep));
			gfx_text(c, UI_FONT_NORMAL, v->note, C_TEXT, x, y, UI_LEFT);
			gfx_check(c, SDL_RenderSetClipRect(c->r, NULL));
		}
	}
	gfx_text(c, UI_FONT_NORMAL, _("?  help"), C_TEXT_DIM, l->w - margin, y, UI_RIGHT);
}

void ui_draw_help(struct ui_gfx *c)
{
	static const char *const help[] = {
		N_("ctrace viewer — keys and mouse"),
		N_("wheel, + / −|zoom around the mouse (or the centre)"),
		N_("drag, ← →|pan in time;  ↑ ↓ / PgUp PgDn scroll lanes"),
		N_("shift + drag|zoom to the selected time range"),
		N_("Home or F|fit the whole trace"),
		N_("hover|details of a span, event, marker or arrow"),
		N_("click|highlight a lane, or an arrow and both its ends"),
		N_("Space|play / pause: the play head sweeps at trace speed"),
		N_("] or >  /  [ or <|play faster / slower (1× is real time)"),
		N_("N or .  /  P or ,|step to the next / previous event"),
		N_("L|list the findings (deadlocks, lost updates, …); click one to see it"),
		N_("O|time axis / happens-before order: each event a step after its causes"),
		N_("S|show / hide the source panel: the code at the stepped or clicked event"),
		N_("Esc|clear the selection and stop playback"),
		N_("?|show / hide this help;  Q quits"),
	};
	int n = (int)(sizeof(help) / sizeof(help[0]));
	int key_w = 0, desc_w = 0, lh = gfx_line_h(c, UI_FONT_NORMAL), pad = (int)(14 * c->s);
	int bw, bh, bx, by;
	char key[64];
	const char *tr[sizeof(help) / sizeof(help[0])];

	/* Each line in the reader's language; a translation keeps the '|' between key and text. */
	for (int i = 0; i < n; i++)
		tr[i] = _(help[i]);

	/* Two columns: the keys, then what they do (split at '|'). */
	for (int i = 1; i < n; i++) {
		size_t k = strcspn(tr[i], "|");

		snprintf(key, sizeof(key), "%.*s", (int)k, tr[i]);
		if (gfx_text_w(c, UI_FONT_NORMAL, key) > key_w)
			key_w = gfx_text_w(c, UI_FONT_NORMAL, key);
		if (gfx_text_w(c, UI_FONT_NORMAL, tr[i] + k + 1) > desc_w)
			desc_w = gfx_text_w(c, UI_FONT_NORMAL, tr[i] + k + 1);
	}
	bw = key_w + desc_w + 3 * pad;
	bh = n * lh + 2 * pad + lh / 2;
	bx = (c->v->lay.w - bw) / 2;
	by = (c->v->lay.h - bh) / 2;
	gfx_fill_a(c, 0, 0, c->v->lay.w, c->v->lay.h, 0x000000, 70);
	gfx_fill(c, bx, by, bw, bh, 0xFFFFFB);
	gfx_color(c, 0x8A8A84, 255);
	gfx_check(c, SDL_RenderDrawRect(c->r, &(SDL_Rect){ bx, by, bw, bh }));
	gfx_text(c, UI_FONT_NORMAL, tr[0], C_TEXT, bx + pad, by + pad, UI_LEFT);
	for (int i = 1; i < n; i++) {
		size_t k = strcspn(tr[i], "|");
		int y = by + pad + lh / 2 + i * lh;

		snprintf(key, sizeof(key), "%.*s", (int)k, tr[i]);
		gfx_text(c, UI_FONT_NORMAL, key, C_SELECT, bx + pad, y, UI_LEFT);
		gfx_text(c, UI_FONT_NORMAL, tr[i] + k + 1, C_TEXT, bx + 2 * pad + key_w, y,
			 UI_LEFT);
	}
}
