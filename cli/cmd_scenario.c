/* SPDX-License-Identifier: MIT */
/* cmd_scenario.c - `ctrace scenarios` lists the chapter's scenarios; `ctrace scenario` runs one. */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "commands.h"
#include "show.h"
#include "paths.h"
#include "record.h"
#include "i18n.h"

/* The variable the scenario programs divide their sleeps by (scenarios/common.h). */
#define SPEED_ENV "CTRACE_SPEED"

static void scenarios_usage(FILE *out)
{
	fprintf(out,
		_("usage: ctrace scenarios\n"
		  "\n"
		  "List the scenarios of the \"Fearless Concurrency\" chapter (无畏并发): id,\n"
		  "★ for a section's culminating scenario, Chinese and English titles, the\n"
		  "book listing each one ports, and what 'ctrace explore ID' shows over many\n"
		  "runs. 'ctrace scenario ID' runs one. The book's own Rust listings are\n"
		  "listed after them: 'ctrace scenario ID --rust' or 'ctrace scenario 16-N'\n"
		  "records one unmodified through the shim.\n"));
}

/* True when ids A and B ("1.2", "1.3b") belong to the same section. */
static bool same_section(const char *a, const char *b)
{
	size_t n = strcspn(a, ".");

	return n == strcspn(b, ".") && strncmp(a, b, n) == 0;
}

int cmd_scenarios(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
			scenarios_usage(stdout);
			return 0;
		}
		fprintf(stderr,
			_("ctrace scenarios: takes no arguments; see 'ctrace scenarios --help'\n"));
		return 2;
	}
	for (size_t i = 0; i < ct_catalogue_count(); i++) {
		const struct ct_scenario_info *s = ct_catalogue_at(i);

		if (i > 0 && !same_section(s->id, ct_catalogue_at(i - 1)->id))
			putchar('\n');
		printf("%-5s %s %s / %s [%s]\n", s->id, s->star ? "★" : " ", s->title_zh,
		       s->title_en, s->listing);
		if (s->explore)
			printf(_("        explore: %s\n"), _(s->explore));
		if (ct_catalogue_rust_for(s))
			printf(_("        Rust: %s (--rust)\n"),
			       ct_catalogue_rust_for(s)->listing ? ct_catalogue_rust_for(s)->listing
								 : _("not a listing of the book"));
	}
	printf(_("\nThe book's Rust listings%s:\n"),
	       ct_catalogue_rust_built()
		       ? ""
		       : _(" (not built: rustc was not found when ctrace was built)"));
	for (size_t i = 0; i < ct_catalogue_rust_count(); i++) {
		const struct ct_rust_listing *l = ct_catalogue_rust_at(i);

		printf("%-6s %-5s %s\n", l->listing ? l->listing : "-",
		       l->scenario ? l->scenario : "", _(l->note));
	}
	printf(_(
		"\n'ctrace scenario ID' records and shows one; a section number (1 to 4) runs its\n"
		"last ★ scenario. '--speed N' makes the sleeps N times shorter. 'ctrace explore\n"
		"ID' records it many times and groups the runs by interleaving and outcome.\n"));
	return 0;
}

static void scenario_usage(FILE *out)
{
	fprintf(out,
		_("usage: ctrace scenario ID [--rust] [--speed N] [-o DIR] [--no-view]\n"
		  "\n"
		  "Run one of the chapter's scenarios under 'ctrace record': its program prints\n"
		  "the book's lines while every spawn, message, lock and sleep is recorded into a\n"
		  "CTF trace, then ctrace says what the trace shows and how to look at it.\n"
		  "\n"
		  "ID is a scenario id from 'ctrace scenarios' (1.1, 2.3, 1.2b, ...) or a section\n"
		  "number (1 to 4), which runs that section's last ★ scenario, or one of the\n"
		  "book's Rust listings (16-1 ... 16-15), which runs it like --rust.\n"
		  "\n"
		  "Options:\n"
		  "  -s, --speed N       divide every sleep by N (a positive number, default 1:\n"
		  "                      the book's durations); the interleaving keeps its shape\n"
		  "  -o, --output DIR    write the trace into DIR, which must not exist or be\n"
		  "                      empty (default: a new ./ctrace-traces/scenario-ID-...)\n"
		  "      --no-view       only record; do not open the viewer afterwards\n"
		  "  -r, --rust          run the book's own Rust listing of the scenario instead of\n"
		  "                      the C program, unmodified, through the LD_PRELOAD shim\n"
		  "                      (built when rustc was found; 'ctrace scenarios' lists them)\n"
		  "  -h, --help          show this help\n"
		  "\n"
		  "Scenario 3.3 deadlocks on purpose: it is ended after its timeout, which\n"
		  "counts as success.\n"
		  "\n"
		  "Exit status: the scenario program's own (0 for 3.3's expected timeout),\n"
		  "128+N if signal N ended it, 2 for bad usage or when it could not be recorded.\n"));
}

/* Parses a positive, finite speed factor. Returns 0, or -1. */
static int parse_speed(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v) || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* What the reader should look for, and how, once the trace is written. */
static void print_summary(const struct ct_scenario_info *s, const struct ct_rust_listing *rust,
			  const struct ct_record_result *r, bool no_view)
{
	if (rust)
		fprintf(stderr, _("\nThe book's Rust listing %s, recorded through the shim: %s.\n"),
			rust->listing ? rust->listing : _("(none)"), _(rust->note));
	if (s) {
		fprintf(stderr, _("%sScenario %s%s: %s / %s (%s).\n"), rust ? "" : "\n", s->id,
			s->star ? " ★" : "", s->title_zh, s->title_en, s->listing);
		fprintf(stderr, _("What to notice: %s\n"), _(s->lesson));
	}
	/*
	 * The expectations and explore results are the C program's: the Rust
	 * one shows what the shim sees (threads, futex waits, prints), not
	 * libctrace's channels, locks and moves.
	 */
	if (s && !rust)
		fprintf(stderr, _("The trace shows: %s\n"), _(s->expect));
	if (s && !rust && s->explore)
		fprintf(stderr, _("Over many runs ('ctrace explore %s'): %s\n"), s->id,
			_(s->explore));
	if (rust)
		fprintf(stderr,
			_("The trace shows: the threads as lanes with spawn and join arrows, the "
			  "sleeps, the printed lines, and futex waits with wake-up arrows where "
			  "Rust's Mutex, Condvar or channel had to block; an uncontended lock or a "
			  "message already there leaves no event.\n"));
	if (r->incomplete)
		fprintf(stderr,
			_("Warning: the trace is incomplete, for the reason given above.\n"));
	fprintf(stderr, _("Look at it again with: ctrace view %s (or --png FILE for a picture)\n"),
		r->trace_dir);
	if (no_view)
		fprintf(stderr, _("Read the events with: babeltrace2 %s\n"), r->trace_dir);
}

int cmd_scenario(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "speed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-view", no_argument, NULL, 'n' },
		{ "rust", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct ct_scenario_info *s;
	const struct ct_rust_listing *rust = NULL;
	char preload[PATH_MAX + 64];
	char lib_dir[PATH_MAX];
	bool want_rust = false;
	struct ct_record_options opts = { 0 };
	struct ct_record_result result;
	enum ct_record_status rstatus;
	char dir[PATH_MAX];
	char prog[PATH_MAX + 64];
	char speed_env[64];
	char err[1024];
	char *child_argv[2];
	char *child_env[2];
	const char *id;
	double speed = 1.0;
	bool no_view = false;
	int status;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hrs:o:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			scenario_usage(stdout);
			return 0;
		case 's':
			if (parse_speed(optarg, &speed) != 0) {
				fprintf(stderr,
					_("ctrace scenario: --speed wants a positive number, not '%s'\n"),
					optarg);
				return 2;
			}
			break;
		case 'o':
			opts.output_dir = optarg;
			break;
		case 'n':
			no_view = true;
			break;
		case 'r':
			want_rust = true;
			break;
		case ':':
			fprintf(stderr,
				_("ctrace scenario: option '%s' needs a value; see 'ctrace scenario --help'\n"),
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr,
				_("ctrace scenario: unknown option '%s'; see 'ctrace scenario --help'\n"),
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("ctrace scenario: which one? 'ctrace scenarios' lists them\n"));
		return 2;
	}
	if (optind + 1 < argc) {
		fprintf(stderr,
			_("ctrace scenario: one id only, not '%s' too; see 'ctrace scenario --help'\n"),
			argv[optind + 1]);
		return 2;
	}
	id = argv[optind];
	s = ct_catalogue_find(id);
	if (!s && (rust = ct_catalogue_rust_find(id)) != NULL) {
		want_rust = true;
		if (!rust->program) {
			fprintf(stderr,
				_("ctrace scenario: listing %s %s, which is the book's point: there is "
				  "no program to record\n"),
				rust->listing, _(rust->note));
			return 2;
		}
		s = rust->scenario ? ct_catalogue_find(rust->scenario) : NULL;
	} else if (s && want_rust && !(rust = ct_catalogue_rust_for(s))) {
		fprintf(stderr,
			_("ctrace scenario: %s has no Rust listing (safe Rust refuses what it shows, or "
			  "the book has none); 'ctrace scenarios' lists those that do\n"),
			s->id);
		return 2;
	}
	if (!s && !rust) {
		fprintf(stderr,
			_("ctrace scenario: no scenario '%s'; 'ctrace scenarios' lists the valid ids\n"),
			id);
		return 2;
	}

	if (ct_cli_libexec_dir(dir, sizeof(dir)) != 0) {
		fprintf(stderr,
			_("ctrace scenario: cannot locate ctrace's libexec directory (%m)\n"));
		return 2;
	}
	if (snprintf(prog, sizeof(prog), "%s/%s", dir, rust ? rust->program : s->program) >=
	    (int)sizeof(prog)) {
		fprintf(stderr, _("ctrace scenario: path too long: %s/%s\n"), dir,
			rust ? rust->program : s->program);
		return 2;
	}
	if (rust && !ct_catalogue_rust_built()) {
		fprintf(stderr,
			_("ctrace scenario: the Rust listings were not built: rustc was not found when "
			  "ctrace was built (install rustc, e.g. Debian's 'rustc' package, and build "
			  "again)\n"));
		return 2;
	}
	if (access(prog, X_OK) != 0) {
		fprintf(stderr,
			_("ctrace scenario: cannot run %s (%m); was ctrace built or installed completely?\n"),
			prog);
		return 2;
	}

	/* Always passed, so a CTRACE_SPEED left in the environment cannot change the default. */
	snprintf(speed_env, sizeof(speed_env), "%s=%.17g", SPEED_ENV, speed);
	child_env[0] = speed_env;
	child_env[1] = NULL;
	child_argv[0] = prog;
	child_argv[1] = NULL;
	opts.argv = child_argv;
	/* A Rust listing knows nothing of libctrace: the shim records it, as `ctrace record` would. */
	if (rust) {
		if (ct_cli_lib_dir(lib_dir, sizeof(lib_dir)) != 0 ||
		    snprintf(preload, sizeof(preload), "%s/libctrace-preload.so", lib_dir) >=
			    (int)sizeof(preload) ||
		    access(preload, R_OK) != 0) {
			fprintf(stderr,
				"ctrace scenario: cannot find libctrace-preload.so next to ctrace's "
				"libraries, which a Rust listing needs to be recorded\n");
			return 2;
		}
		opts.preload = preload;
	}
	opts.extra_env = child_env;
	opts.session_prefix = rust ? rust->program : s->program;
	opts.timeout_s = s ? s->timeout_s : 0;
	opts.log = stderr;
	opts.log_prefix = "ctrace scenario";

	if (rust)
		fprintf(stderr, _("ctrace scenario: the book's Rust listing %s: %s\n"),
			rust->listing ? rust->listing : _("(none)"), _(rust->note));
	if (s)
		fprintf(stderr, _("ctrace scenario: %s%s: %s / %s\n"), s->id, s->star ? " ★" : "",
			s->title_zh, s->title_en);
	/* The program shares our stdout: what we wrote must come out before its lines. */
	fflush(stdout);
	fflush(stderr);
	rstatus = ct_record_run(&opts, &result, err, sizeof(err));
	if (rstatus != CT_RECORD_OK) {
		fprintf(stderr, "ctrace scenario: %s\n",
			err[0] ? err : ct_record_status_str(rstatus));
		return 2;
	}

	status = result.exit_status;
	if (s && s->hangs && result.timed_out) {
		fprintf(stderr,
			_("ctrace scenario: %s hung as it is meant to (a deadlock) and was ended after its "
			  "%g s timeout, which is the expected outcome\n"),
			s->id, s->timeout_s);
		status = 0;
	}
	if (result.no_events) {
		fprintf(stderr,
			_("ctrace scenario: %s recorded no events, so there is no trace to show\n"),
			s ? s->id : rust->listing);
		return status != 0 ? status : 1;
	}
	print_summary(s, rust, &result, no_view);
	/* The viewer opens when a display is there; without one the summary is what is shown. */
	if (!no_view &&
	    ct_cli_show_window("scenario", result.trace_dir, NULL, NULL, 0, 0, CT_UI_AXIS_TIME) ==
		    2 &&
	    status == 0)
		status = 2;
	return status;
}
