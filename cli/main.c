/* SPDX-License-Identifier: MIT */
/* main.c - the ctrace command: dispatches to one subcommand per file. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "record", cmd_record,
	  "record a program into a CTF trace: record [-o DIR] [--timeout SEC] -- PROG [ARGS...]" },
	{ "scenarios", cmd_scenarios, "list the chapter's scenarios" },
	{ "scenario", cmd_scenario,
	  "run, record and show one scenario: scenario ID [--speed N] [-o DIR]" },
	{ "explore", cmd_explore,
	  "record many runs and group them by interleaving and outcome: explore [--runs N] "
	  "SCENARIO | -- PROG" },
	{ "dump", cmd_dump, "print a trace's events, one a line: dump TRACE" },
	{ "view", cmd_view,
	  "show a trace's timeline in a window, a PNG or the terminal: view TRACE [--png FILE | --tty]" },
	{ "export", cmd_export,
	  "write a trace as Chrome/Perfetto JSON: export --format chrome TRACE -o FILE" },
	{ "stats", cmd_stats,
	  "time per thread state, channel latencies, mutex contention: stats TRACE" },
	{ "check", cmd_check,
	  "find deadlocks, lost updates, uses after drop...: check [--all] TRACE" },
	{ "diff", cmd_diff,
	  "compare two runs: their first difference in happens-before order: diff A B" },
	{ "doctor", cmd_doctor,
	  "end the LTTng sessions a killed 'ctrace record' left running: doctor [--dry-run]" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: ctrace COMMAND [ARGS...]\n\n"
		     "Record what the threads of a C program do, and look at it.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'ctrace COMMAND --help' tells more about each command.\n");
}

int main(int argc, char **argv)
{
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
	fprintf(stderr, "ctrace: unknown command '%s'; 'ctrace --help' lists the commands\n",
		argv[1]);
	return 2;
}
