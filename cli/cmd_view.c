/* SPDX-License-Identifier: MIT */
/*
 * cmd_view.c - `ctrace view TRACE`: the timeline viewer in a window, or
 * offscreen into a PNG with --png (no display needed). Single-threaded.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "model.h"
#include "model_load.h"
#include "output.h"
#include "show.h"
#include "timefmt.h"
#include "ui.h"
#include "view_compare.h"
#include "i18n.h"

static void view_usage(FILE *out)
{
	fputs(_("usage: ctrace view TRACE [--png FILE [--size WxH]] [--at T | --window T0:T1]\n"
		"                         [--script FILE] [--axis time|order] [--salvage]\n"
		"                         [--skip-unreadable]\n"
		"       ctrace view TRACE --tty [--window T0:T1]\n"
		"       ctrace view --compare A B [--png FILE] [--size WxH]\n"
		"\n"
		"Show a trace as a timeline: one lane per thread, coloured by what it is doing,\n"
		"with arrows for spawns, joins, messages, lock hand-offs and wake-ups. In the\n"
		"window press ? for the keys (zoom, pan, hover, select, play, step).\n"
		"\n"
		"Options:\n"
		"      --png FILE       draw the picture into FILE instead of a window (works\n"
		"                       without a display). FILE is written as export's -o:\n"
		"                       '-' or /dev/stdout is stdout, a FIFO or a character\n"
		"                       device is written through, a file or a link's target\n"
		"                       is replaced only once the PNG is complete\n"
		"      --size WxH       picture or window size in pixels (default 1600x900 for\n"
		"                       --png, 1400x820 for the window)\n"
		"      --at T           put the play head at T: what happened later is hidden\n"
		"      --window T0:T1   show only [T0, T1]\n"
		"      --script FILE    drive the window with a script of actions, one a line:\n"
		"                       size W H, wait MS, zoom F [X], pan DX, window T0 T1, fit,\n"
		"                       play-to T, head T, key NAME, move X Y, click X Y,\n"
		"                       screenshot FILE, quit (the end of the script quits too)\n"
		"      --axis order     lay events out by happens-before order instead of time:\n"
		"                       each event one step after everything it depends on,\n"
		"                       concurrent events in the same step (O in the window\n"
		"                       toggles it; not with --at, --window or --tty)\n"
		"      --tty            draw the lanes as text in the terminal, fitted to its\n"
		"                       width (COLUMNS); no colour when NO_COLOR is set or the\n"
		"                       output is not a terminal. Also used when no window can\n"
		"                       be opened\n"
		"      --compare A B    two runs of one program, A above B on one time scale,\n"
		"                       with the first event where their happens-before orders\n"
		"                       part marked in each (as 'ctrace diff A B' says it);\n"
		"                       default size 1600x1200\n"),
	      out);
	fputs(CT_CLI_LOAD_HELP, out);
	fputs(_("  -h, --help           show this help\n"
		"\n"
		"Times are relative to the trace's first event: 1.5s, 200ms, 30us, 12ns, or ns.\n"
		"\n"
		"Exit status: 0 shown, 1 no window could be opened, 2 bad usage, unreadable\n"
		"trace or a PNG that could not be written (the message names the file and why).\n"),
	      out);
}

/* Writes the picture ARG as a PNG into OUT, for ct_cli_write_output. */
static bool write_png(FILE *out, void *arg, char *why, size_t whylen)
{
	return ct_ui_write_png(arg, out, why, whylen) == CT_UI_OK;
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

/* --axis: time or order; says what is wrong (false) otherwise. */
static bool parse_axis(const char *s, enum ct_ui_axis *axis)
{
	if (strcmp(s, "time") == 0 || strcmp(s, "order") == 0) {
		*axis = s[0] == 'o' ? CT_UI_AXIS_ORDER : CT_UI_AXIS_TIME;
		return true;
	}
	fprintf(stderr, _("ctrace view: --axis wants time or order, not '%s'\n"), s);
	return false;
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
		{ "compare", no_argument, NULL, 'C' },
		{ "axis", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_ui_png_options po = { 0 };
	struct ct_cli_load how;
	const char *png = NULL, *script = NULL, *trace;
	bool has_size = false, tty = false, compare = false;
	int c, rc = 2;

	ct_cli_load_flags(&argc, argv, &how);
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
		case 'C':
			compare = true;
			break;
		case 'x':
			if (!parse_axis(optarg, &po.axis))
				return 2;
			break;
		case 's':
			if (!parse_size(optarg, &po.width, &po.height)) {
				fprintf(stderr,
					_("ctrace view: --size wants WIDTHxHEIGHT, e.g. 1600x900, not '%s'\n"),
					optarg);
				return 2;
			}
			has_size = true;
			break;
		case 'a':
			if (!ct_time_parse(optarg, &po.at)) {
				fprintf(stderr,
					_("ctrace view: --at wants a time such as 150ms, not '%s'\n"),
					optarg);
				return 2;
			}
			po.has_at = true;
			break;
		case 'w':
			if (!parse_window(optarg, &po.t0, &po.t1)) {
				fprintf(stderr,
					_("ctrace view: --window wants T0:T1 such as 100ms:250ms, not '%s'\n"),
					optarg);
				return 2;
			}
			po.has_window = true;
			break;
		case ':':
			fprintf(stderr,
				_("ctrace view: option '%s' needs a value; see 'ctrace view --help'\n"),
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr,
				_("ctrace view: unknown option '%s'; see 'ctrace view --help'\n"),
				argv[optind - 1]);
			return 2;
		}
	}
	if (compare) {
		if (optind + 2 != argc || tty || script || po.has_at || po.has_window ||
		    po.axis == CT_UI_AXIS_ORDER) {
			fprintf(stderr,
				_("ctrace view: --compare wants two traces, A B, and takes only "
				  "--png and --size\n"));
			return 2;
		}
		return ct_cli_view_compare(argv[optind], argv[optind + 1], &how, png,
					   has_size ? po.width : 0, has_size ? po.height : 0);
	}
	if (optind >= argc) {
		fprintf(stderr, _("ctrace view: which trace? see 'ctrace view --help'\n"));
		return 2;
	}
	if (optind + 1 < argc) {
		fprintf(stderr, _("ctrace view: one trace only, not '%s' too\n"), argv[optind + 1]);
		return 2;
	}
	trace = argv[optind];
	if (po.axis == CT_UI_AXIS_ORDER && (tty || po.has_at || po.has_window)) {
		fprintf(stderr, _("ctrace view: --axis order shows the whole trace in steps; "
				  "it cannot go with --tty, --at or --window\n"));
		return 2;
	}
	if (tty) {
		struct ct_model *model;
		struct ct_ui_header h;
		char name[256];

		if (png || script || has_size || po.has_at) {
			fprintf(stderr, _("ctrace view: --tty takes only --window\n"));
			return 2;
		}
		model = ct_cli_model_load("view", trace, &how);
		if (!model)
			return 2;
		ct_cli_header(model, trace, name, sizeof(name), &h);
		rc = ct_cli_show_tty("view", model, &h, po.has_window, po.t0, po.t1);
		ct_model_destroy(model);
		return rc;
	}
	if (png && script) {
		fprintf(stderr,
			_("ctrace view: --script drives the window; it cannot be used with --png\n"));
		return 2;
	}
	if (!png) {
		if (po.has_at || po.has_window) {
			fprintf(stderr,
				_("ctrace view: --at and --window go with --png; in the window, "
				  "use a --script (window T0 T1, head T)\n"));
			return 2;
		}
		return ct_cli_show_window("view", trace, &how, script, has_size ? po.width : 0,
					  has_size ? po.height : 0, po.axis);
	}
	{
		struct ct_model *model = ct_cli_model_load("view", trace, &how);
		struct ct_ui_header h;
		char name[256], err[1024];
		SDL_Surface *picture;

		if (!model)
			return 2;
		ct_cli_header(model, trace, name, sizeof(name), &h);
		/* Drawn before the output is opened: a failed drawing touches no file. */
		if (ct_ui_render_picture(model, &h, &po, &picture, err, sizeof(err)) != CT_UI_OK) {
			fprintf(stderr, "ctrace view: %s\n", err);
		} else {
			rc = ct_cli_write_output("view", png, write_png, picture) ? 0 : 2;
			SDL_FreeSurface(picture);
		}
		ct_model_destroy(model);
	}
	return rc;
}
