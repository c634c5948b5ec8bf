/* SPDX-License-Identifier: MIT */
/* main.c - the ctrace command: dispatches to one subcommand per file. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"
#include "lang.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* The summaries are N_()-marked: usage() translates them when it prints. */
static const struct command commands[] = {
	{ "record", cmd_record,
	  N_("record a program into a CTF trace: record [-o DIR] [--timeout SEC] -- PROG [ARGS...]") },
	{ "scenarios", cmd_scenarios, N_("list the chapter's scenarios") },
	{ "scenario", cmd_scenario,
	  N_("run, record and show one scenario: scenario ID [--speed N] [-o DIR]") },
	{ "explore", cmd_explore,
	  N_("record many runs and group them by interleaving and outcome: explore [--runs N] "
	     "SCENARIO | -- PROG") },
	{ "dump", cmd_dump, N_("print a trace's events, one a line: dump TRACE") },
	{ "view", cmd_view,
	  N_("show a trace's timeline in a window, a PNG or the terminal: view TRACE [--png FILE | --tty]") },
	{ "export", cmd_export,
	  N_("write a trace as Chrome/Perfetto JSON: export --format chrome TRACE -o FILE") },
	{ "stats", cmd_stats,
	  N_("time per thread state, channel latencies, mutex contention: stats TRACE") },
	{ "check", cmd_check,
	  N_("find deadlocks, lost updates, uses after drop...: check [--all] TRACE") },
	{ "diff", cmd_diff,
	  N_("compare two runs: their first difference in happens-before order: diff A B") },
	{ "doctor", cmd_doctor,
	  N_("end the LTTng sessions a killed 'ctrace record' left running: doctor [--dry-run]") },
};

static void usage(FILE *out)
{
	fputs(_("usage: ctrace [--lang zh|en] COMMAND [ARGS...]\n\n"
		"Record what the threads of a C program do, and look at it.\n\n"
		"Commands:\n"),
	      out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fputs(_("\n'ctrace COMMAND --help' tells more about each command.\n\n"
		"Language: --lang zh (中文) or --lang en, given before the command, or\n"
		"LANG/LC_MESSAGES (e.g. LANG=zh_CN.UTF-8). Trace dumps and exports stay\n"
		"in English whatever the language.\n"),
	      out);
}

/*
 * Takes the global option --lang LANG (or --lang=LANG) from before the
 * command: after it, "--lang" belongs to the command or, after "--", to the
 * recorded program. Returns the language, NULL when not given; *BAD is set
 * when --lang lacks its value.
 */
static const char *take_lang(int *argc, char **argv, int *bad)
{
	const char *lang = NULL;

	*bad = 0;
	while (*argc > 1 && strncmp(argv[1], "--lang", 6) == 0 &&
	       (argv[1][6] == '\0' || argv[1][6] == '=')) {
		int used = 1;

		if (argv[1][6] == '=') {
			lang = argv[1] + 7;
		} else if (*argc > 2) {
			lang = argv[2];
			used = 2;
		} else {
			*bad = 1;
			return NULL;
		}
		memmove(argv + 1, argv + 1 + used, (size_t)(*argc - 1 - used + 1) * sizeof(*argv));
		*argc -= used;
	}
	return lang;
}

int main(int argc, char **argv)
{
	int bad;
	const char *lang = take_lang(&argc, argv, &bad);

	if (bad || ct_cli_i18n_init(lang) != 0) {
		ct_cli_i18n_init(NULL);
		fprintf(stderr, _("ctrace: --lang takes zh or en\n"));
		return 2;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("ctrace %s\n", CTRACE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, _("ctrace: unknown command '%s'; 'ctrace --help' lists the commands\n"),
		argv[1]);
	return 2;
}
