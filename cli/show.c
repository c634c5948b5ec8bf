/* SPDX-License-Identifier: MIT */
/*
 * show.c - showing a trace to the user, for every command that does: the
 * window with its loading progress, the terminal view when no window can
 * open, and the header. Single-threaded, like the rest of the CLI.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue.h"
#include "model_load.h"
#include "show.h"
#include "tty.h"
#include "i18n.h"

/*
 * Shows progress in the viewer window (and notes when the user closes it
 * meanwhile); ct_cli_model_load_with prints it on stderr when no window is
 * open. The window opens only once a load has taken a quarter of a second,
 * so an unreadable or small trace never flashes an empty window.
 */
struct progress {
	struct timespec start;
	const struct ct_ui_window_options *wo; /* borrowed: open a window with these */
	bool tried;                            /* the window was opened, or opening it failed */
	enum ct_ui_status open_st;             /* how opening it went */
	char *err;                             /* borrowed: the reason when it failed */
	size_t errlen;
	struct ct_ui_window *win; /* owned by the caller, or NULL */
	bool closed;
};

/* Seconds since P->start. */
static double elapsed(const struct progress *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - p->start.tv_sec) + (now.tv_nsec - p->start.tv_nsec) / 1e9;
}

static bool on_progress(uint64_t events, void *data)
{
	struct progress *p = data;

	if (!p->tried && elapsed(p) >= 0.25) {
		p->tried = true;
		p->open_st = ct_ui_window_open(p->wo, &p->win, p->err, p->errlen);
	}
	if (p->win) {
		/* The loader cannot be stopped midway: a closed window just ends the command after it. */
		if (!p->closed && !ct_ui_window_progress(p->win, "loading", events, 0))
			p->closed = true;
		return true;
	}
	return false;
}

void ct_cli_header(const struct ct_model *model, const char *path, char *name_buf, size_t len,
		   struct ct_ui_header *h)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(model, &n);
	char tmp[4096];

	memset(h, 0, sizeof(*h));
	for (size_t i = 0; i < n; i++) {
		const char *name = ct_model_string(model, lanes[i].name);
		const struct ct_scenario_info *s;

		if (lanes[i].has_begin || strncmp(name, "scenario-", 9) != 0)
			continue;
		s = ct_catalogue_find(name + 9);
		if (s && strcmp(s->id, name + 9) == 0) {
			h->id = s->id;
			h->title_zh = s->title_zh;
			h->title_en = s->title_en;
			h->lesson = _(s->lesson);
			h->star = s->star;
			return;
		}
	}
	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(name_buf, len, "%s", basename(tmp));
	h->title_en = name_buf;
}

int ct_cli_show_tty(const char *cmd, const struct ct_model *model, const struct ct_ui_header *h,
		    bool has_window, double t0, double t1)
{
	struct ct_tty_options o = { .has_window = has_window };
	char title[512];
	enum ct_tty_status st;

	o.t0 = t0 > 0 ? (uint64_t)t0 : 0;
	o.t1 = t1 > 0 ? (uint64_t)t1 : 0;
	/* English only: the terminal view keeps to one-column characters. */
	if (h->id)
		snprintf(title, sizeof(title), "Scenario %s: %s", h->id,
			 h->title_en ? h->title_en : "");
	else
		snprintf(title, sizeof(title), "%s", h->title_en ? h->title_en : "");
	o.title = title;
	st = ct_tty_draw(model, &o, stdout);
	if (st != CT_TTY_OK) {
		fprintf(stderr, "ctrace %s: %s\n", cmd, ct_tty_status_str(st));
		return 2;
	}
	return 0;
}

static void no_display_hint(const char *cmd, const char *trace, const char *why)
{
	fprintf(stderr,
		_("ctrace %s: %s\n"
		  "No window can be opened here (no display): the timeline is drawn as text\n"
		  "below. For a picture instead:\n"
		  "    ctrace view %s --png timeline.png\n"
		  "or run under a virtual display: xvfb-run ctrace view %s\n"),
		cmd, why, trace, trace);
}

int ct_cli_show_window(const char *cmd, const char *trace, const struct ct_cli_load *how,
		       const char *script, int width, int height, enum ct_ui_axis axis)
{
	struct ct_model *model = NULL;
	struct ct_ui_window_options wo = {
		.width = width, .height = height, .script = script, .axis = axis
	};
	char name[256], err[1024];
	struct progress p = { .wo = &wo, .err = err, .errlen = sizeof(err) };
	struct ct_ui_header h;
	enum ct_ui_status st;
	int rc = 2;

	err[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	model = ct_cli_model_load_with(cmd, trace, how, on_progress, &p);
	if (!model) {
		ct_ui_window_destroy(p.win);
		return 2;
	}
	st = p.open_st;
	if (!p.tried)
		st = ct_ui_window_open(&wo, &p.win, err, sizeof(err));
	ct_cli_header(model, trace, name, sizeof(name), &h);
	if (st == CT_UI_OK && !p.closed) {
		st = ct_ui_window_run(p.win, model, &h, err, sizeof(err));
		rc = st == CT_UI_OK ? 0 : 2;
		if (st != CT_UI_OK)
			fprintf(stderr, "ctrace %s: %s\n", cmd, err);
	} else if (st == CT_UI_OK) {
		rc = 0; /* closed while loading */
	} else if (st == CT_UI_NO_DISPLAY) {
		no_display_hint(cmd, trace, err);
		if (axis != CT_UI_AXIS_TIME)
			fprintf(stderr, _("ctrace %s: the terminal view has the time axis only\n"),
				cmd);
		rc = ct_cli_show_tty(cmd, model, &h, false, 0, 0) == 0 ? 0 : 1;
	} else {
		fprintf(stderr, "ctrace %s: %s\n", cmd, err);
		rc = 2;
	}
	/* The window's view borrows the model: the window goes first. */
	ct_ui_window_destroy(p.win);
	ct_model_destroy(model);
	return rc;
}
