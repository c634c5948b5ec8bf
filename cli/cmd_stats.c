/* SPDX-License-Identifier: MIT */
/*
 * cmd_stats.c - `ctrace stats TRACE`: the model's summary tables
 * (ct_stats_write) on stdout. Single-threaded, like the rest of the CLI.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "model_load.h"
#include "stats.h"

static void usage(FILE *out)
{
	fputs("usage: ctrace stats [--salvage] [--skip-unreadable] TRACE\n\n"
	      "Summarise the trace directory TRACE in three tables:\n"
	      "  threads   each lane's life, split into running, blocked (by what it\n"
	      "            waited for: recv, send, lock, join, cond, sem) and sleeping;\n"
	      "            blocked columns that are zero for every thread are left out\n"
	      "  channels  messages sent and received, and the min/median/max latency\n"
	      "            from each send to its receive\n"
	      "  mutexes   acquisitions, how many had to wait, total and longest wait,\n"
	      "            total time held, threads still waiting at the end\n"
	      "then how many events were discarded or skipped.\n"
	      "Threads are listed and named as in 'ctrace check', 'ctrace dump' and the picture.\n"
	      "\nOptions:\n" CT_CLI_LOAD_HELP "\n"
	      "Exit status: 0 ok, 2 unreadable or damaged trace, or no ctrace events.\n",
	      out);
}

int cmd_stats(int argc, char **argv)
{
	struct ct_model *m;
	int rc = 0;
	struct ct_cli_load how;

	ct_cli_load_flags(&argc, argv, &how);
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	m = ct_cli_model_load("stats", argv[1], &how);
	if (!m)
		return 2;
	if (!ct_stats_write(m, argv[1], stdout) || fflush(stdout) != 0) {
		fprintf(stderr, "ctrace stats: %s\n", strerror(errno));
		rc = 2;
	}
	ct_model_destroy(m);
	return rc;
}
