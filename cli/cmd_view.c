/* SPDX-License-Identifier: MIT */
/*
 * cmd_view.c - `ctrace view TRACE`: the timeline viewer in a window, or
 * offscreen into a PNG with --png (no display needed). Single-threaded.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "commands.h"
#include "model.h"
#include "timefmt.h"
#include "tty.h"
#include "ui.h"

static void view_usage(FILE *out)
{
	fprintf(out,
		"usage: ctrace view TRACE [--png FILE [--size WxH]] [--at T | --window T0:T1]\n"
		"                         [--script FILE]\n"
		"       ctrace view TRACE --tty [--window T0:T1]\n"
		"\n"
		"Show a trace as a timeline: one lane per thread, coloured by what it is doing,\n"
		"with arrows for spawns, joins, messages, lock hand-offs and wake-ups. In the\n"
		"window press ? for the keys (zoom, pan, hover, select, play, step).\n"
		"\n"
		"Options:\n"
		"      --png FILE       draw the picture into FILE instead of a window (works\n"
		"                       without a display)\n"
		"      --size WxH       picture or window size in pixels (default 1600x900 for\n"
		"                       --png, 1400x820 for the window)\n"
		"      --at T           put the play head at T: what happened later is hidden\n"
		"      --window T0:T1   show only [T0, T1]\n"
		"      --script FILE    drive the window with a script of actions, one a line:\n"
		"                       size W H, wait MS, zoom F [X], pan DX, window T0 T1, fit,\n"
		"                       play-to T, head T, key NAME, move X Y, click X Y,\n"
		"                       screenshot FILE, quit (the end of the script quits too)\n"
		"      --tty            draw the lanes as text in the terminal, fitted to its\n"
		"                       width (COLUMNS); no colour when NO_COLOR is set or the\n"
		"                       output is not a terminal. Also used when no window can\n"
		"                       be opened\n"
		"  -h, --help           show this help\n"
		"\n"
		"Times are relative to the trace's first event: 1.5s, 200ms, 30us, 12ns, or ns.\n"
		"\n"
		"Exit status: 0 shown, 1 no window could be opened, 2 bad usage or unreadable\n"
		"trace.\n");
}

/*
 * Shows progress in the viewer window when the command opens one (and notes
 * when the user closes it meanwhile), else on stderr once a load has taken
 * more than a second. The window opens only once a load has taken a quarter
 * of a second, so an unreadable or small trace never flashes an empty window.
 */
struct progress {
	struct timespec start;
	bool shown;
	const struct ct_ui_window_options *wo; /* borrowed: open a window with these, or NULL */
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

static void on_progress(uint64_t events, void *data)
{
	struct progress *p = data;
	struct timespec now;

	if (p->wo && !p->tried && elapsed(p) >= 0.25) {
		p->tried = true;
		p->open_st = ct_ui_window_open(p->wo, &p->win, p->err, p->errlen);
	}
	if (p->win) {
		/* The loader cannot be stopped midway: a closed window just ends the command after it. */
		if (!p->closed && !ct_ui_window_progress(p->win, "loading", events, 0))
			p->closed = true;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - p->start.tv_sec < 1 || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\rctrace view: loading %llu events", (unsigned long long)events);
	p->shown = true;
}

/* Loads PATH with progress P, set up by the caller; NULL on failure (printed). */
static struct ct_model *load_with(const char *path, struct progress *p_in)
{
	struct progress p = *p_in;
	struct ct_model_load_options opts = { .progress = on_progress, .progress_data = &p };
	struct ct_model *model = NULL;
	char *error = NULL;
	enum ct_model_status status;

	clock_gettime(CLOCK_MONOTONIC, &p.start);
	status = ct_model_load(path, &opts, &model, &error);
	if (p.shown)
		fputs("\r\033[K", stderr);
	*p_in = p;
	if (status != CT_MODEL_OK) {
		fprintf(stderr, "ctrace view: %s: %s%s%s\n", path, ct_model_status_str(status),
			error ? ": " : "", error ? error : "");
		free(error);
		return NULL;
	}
	if (ct_model_discarded(model))
		fprintf(stderr,
			"ctrace view: warning: LTTng discarded %llu events; the trace is incomplete\n",
			(unsigned long long)ct_model_discarded(model));
	return model;
}

static struct ct_model *load(const char *path)
{
	struct progress p = { .shown = false };

	return load_with(path, &p);
}

/*
 * The header for MODEL: a scenario's titles and lesson when a main thread is
 * called "scenario-ID" (the procname of the scenario programs), else the
 * trace's directory name. NAME_BUF holds that name.
 */
static void make_header(const struct ct_model *model, const char *path, char *name_buf, size_t len,
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
			h->lesson = s->lesson;
			h->star = s->star;
			return;
		}
	}
	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(name_buf, len, "%s", basename(tmp));
	h->title_en = name_buf;
}

/*
 * Draws MODEL as text on stdout (viewer/tty), over [T0, T1] when HAS_WINDOW.
 * Returns the exit status: 0 drawn, 2 failed (printed).
 */
static int draw_tty(const struct ct_model *model, const struct ct_ui_header *h, bool has_window,
		    double t0, double t1)
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
		fprintf(stderr, "ctrace view: %s\n", ct_tty_status_str(st));
		return 2;
	}
	return 0;
}

static void no_display_hint(const char *trace, const char *why)
{
	fprintf(stderr,
		"ctrace view: %s\n"
		"No window can be opened here (no display): the timeline is drawn as text\n"
		"below. For a picture instead:\n"
		"    ctrace view %s --png timeline.png\n"
		"or run under a virtual display: xvfb-run ctrace view %s\n",
		why, trace, trace);
}

int ct_cli_view_window(const char *trace, const char *script, int width, int height)
{
	struct ct_model *model = NULL;
	struct ct_ui_window_options wo = { .width = width, .height = height, .script = script };
	char name[256], err[1024];
	struct progress p = { .wo = &wo, .err = err, .errlen = sizeof(err) };
	struct ct_ui_header h;
	enum ct_ui_status st;
	int rc = 2;

	err[0] = '\0';
	model = load_with(trace, &p);
	if (!model) {
		ct_ui_window_destroy(p.win);
		return 2;
	}
	st = p.open_st;
	if (!p.tried)
		st = ct_ui_window_open(&wo, &p.win, err, sizeof(err));
	make_header(model, trace, name, sizeof(name), &h);
	if (st == CT_UI_OK && !p.closed) {
		st = ct_ui_window_run(p.win, model, &h, err, sizeof(err));
		rc = st == CT_UI_OK ? 0 : 2;
		if (st != CT_UI_OK)
			fprintf(stderr, "ctrace view: %s\n", err);
	} else if (st == CT_UI_OK) {
		rc = 0; /* closed while loading */
	} else if (st == CT_UI_NO_DISPLAY) {
		no_display_hint(trace, err);
		rc = draw_tty(model, &h, false, 0, 0) == 0 ? 0 : 1;
	} else {
		fprintf(stderr, "ctrace view: %s\n", err);
		rc = 2;
	}
	/* The window's view borrows the model: the window goes first. */
	ct_ui_window_destroy(p.win);
	ct_model_destroy(model);
	return rc;
}

/* Parses "WxH". */
static bool parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10), b;

	if (end == s || (*end != 'x' && *end != 'X'))
		return false;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (end == s || *end || a <= 0 || b <= 0 || a > 100000 || b > 100000)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

/* Parses "T0:T1". */
static bool parse_window(const char *s, double *t0, double *t1)
{
	char buf[128];
	char *colon;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	colon = strchr(buf, ':');
	if (!colon)
		return false;
	*colon = '\0';
	return ct_time_parse(buf, t0) && ct_time_parse(colon + 1, t1);
}

int cmd_view(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "png", required_argument, NULL, 'p' },
		{ "size", required_argument, NULL, 's' },
		{ "at", required_argument, NULL, 'a' },
		{ "window", required_argument, NULL, 'w' },
		{ "script", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "tty", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_ui_png_options po = { 0 };
	const char *png = NULL, *script = NULL, *trace;
	bool has_size = false, tty = false;
	int c, rc = 2;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			view_usage(stdout);
			return 0;
		case 'p':
			png = optarg;
			break;
		case 'S':
			script = optarg;
			break;
		case 'T':
			tty = true;
			break;
		case 's':
			if (!parse_size(optarg, &po.width, &po.height)) {
				fprintf(stderr,
					"ctrace view: --size wants WIDTHxHEIGHT, e.g. 1600x900, not '%s'\n",
					optarg);
				return 2;
			}
			has_size = true;
			break;
		case 'a':
			if (!ct_time_parse(optarg, &po.at)) {
				fprintf(stderr,
					"ctrace view: --at wants a time such as 150ms, not '%s'\n",
					optarg);
				return 2;
			}
			po.has_at = true;
			break;
		case 'w':
			if (!parse_window(optarg, &po.t0, &po.t1)) {
				fprintf(stderr,
					"ctrace view: --window wants T0:T1 such as 100ms:250ms, not '%s'\n",
					optarg);
				return 2;
			}
			po.has_window = true;
			break;
		case ':':
			fprintf(stderr,
				"ctrace view: option '%s' needs a value; see 'ctrace view --help'\n",
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr,
				"ctrace view: unknown option '%s'; see 'ctrace view --help'\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "ctrace view: which trace? see 'ctrace view --help'\n");
		return 2;
	}
	if (optind + 1 < argc) {
		fprintf(stderr, "ctrace view: one trace only, not '%s' too\n", argv[optind + 1]);
		return 2;
	}
	trace = argv[optind];
	if (tty) {
		struct ct_model *model;
		struct ct_ui_header h;
		char name[256];

		if (png || script || has_size || po.has_at) {
			fprintf(stderr, "ctrace view: --tty takes only --window\n");
			return 2;
		}
		model = load(trace);
		if (!model)
			return 2;
		make_header(model, trace, name, sizeof(name), &h);
		rc = draw_tty(model, &h, po.has_window, po.t0, po.t1);
		ct_model_destroy(model);
		return rc;
	}
	if (png && script) {
		fprintf(stderr,
			"ctrace view: --script drives the window; it cannot be used with --png\n");
		return 2;
	}
	if (!png) {
		if (po.has_at || po.has_window) {
			fprintf(stderr,
				"ctrace view: --at and --window go with --png; in the window, "
				"use a --script (window T0 T1, head T)\n");
			return 2;
		}
		return ct_cli_view_window(trace, script, has_size ? po.width : 0,
					  has_size ? po.height : 0);
	}
	{
		struct ct_model *model = load(trace);
		struct ct_ui_header h;
		char name[256], err[1024];
		enum ct_ui_status st;

		if (!model)
			return 2;
		make_header(model, trace, name, sizeof(name), &h);
		st = ct_ui_render_png(model, &h, png, &po, err, sizeof(err));
		if (st != CT_UI_OK)
			fprintf(stderr, "ctrace view: %s\n", err);
		else
			rc = 0;
		ct_model_destroy(model);
	}
	return rc;
}
