/* SPDX-License-Identifier: MIT */
/*
 * cmd_export.c - `ctrace export --format chrome TRACE -o FILE.json`: the
 * model's Chrome trace-event JSON (ct_export_chrome) written whole or not
 * at all. Single-threaded, like the rest of the CLI.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "export.h"
#include "model_load.h"
#include "output.h"

struct job {
	const struct ct_model *m;
	const char *trace;
};

static bool write_job(FILE *out, void *arg, char *why, size_t whylen)
{
	const struct job *job = arg;

	/* Its only failures are the stream's and ENOMEM: errno says which. */
	(void)why;
	(void)whylen;
	return ct_export_chrome(job->m, job->trace, out);
}

static void usage(FILE *out)
{
	fputs("usage: ctrace export --format chrome [--salvage] [--skip-unreadable] TRACE -o FILE.json\n\n"
	      "Write the trace directory TRACE as Chrome trace-event JSON, which Perfetto UI\n"
	      "(ui.perfetto.dev) and chrome://tracing open: a track per thread with its\n"
	      "states as slices, prints and marks as instants, and a flow arrow for every\n"
	      "spawn, join, message, lock hand-off and wake-up.\n\n"
	      "Options:\n"
	      "  -f, --format chrome  the format (chrome is the only one)\n"
	      "  -o, --output FILE    where to write: '-' or /dev/stdout is stdout; a FIFO,\n"
	      "                       a character device (/dev/null) or a socket is written\n"
	      "                       through; a file, or a link's target, is replaced only\n"
	      "                       once the export is complete and synced, and keeps its\n"
	      "                       mode; a directory or a block device is refused\n" CT_CLI_LOAD_HELP
	      "  -h, --help           show this help\n\n"
	      "Exit status: 0 written, 2 bad usage, unreadable trace or write error, which\n"
	      "names the file and why ('ctrace export: t.json: No space left on device').\n"
	      "A failed or interrupted (Ctrl-C) export leaves FILE as it was and no\n"
	      "temporary file behind.\n",
	      out);
}

int cmd_export(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *output = NULL;
	struct job job;
	struct ct_model *m;
	struct ct_cli_load how;
	int c, rc;

	ct_cli_load_flags(&argc, argv, &how);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			fprintf(stderr, "ctrace export: option '%s' needs a value\n",
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr,
				"ctrace export: unknown option '%s'; see 'ctrace export --help'\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (!format || strcmp(format, "chrome") != 0) {
		fprintf(stderr, "ctrace export: --format chrome is required (the only format)\n");
		return 2;
	}
	if (!output) {
		fprintf(stderr,
			"ctrace export: where to? give -o FILE.json (or -o - for stdout)\n");
		return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "ctrace export: give exactly one trace directory; see --help\n");
		return 2;
	}
	job.trace = argv[optind];
	m = ct_cli_model_load("export", job.trace, &how);
	if (!m)
		return 2;
	job.m = m;
	rc = ct_cli_write_output("export", output, write_job, &job) ? 0 : 2;
	ct_model_destroy(m);
	return rc;
}
