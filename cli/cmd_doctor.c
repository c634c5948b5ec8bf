/* SPDX-License-Identifier: MIT */
/* cmd_doctor.c - `ctrace doctor`: end the LTTng sessions that killed recordings left running. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "record.h"

static void doctor_usage(FILE *out)
{
	fprintf(out,
		"usage: ctrace doctor [--dry-run]\n"
		"\n"
		"Find the LTTng sessions that recordings left running when 'ctrace record'\n"
		"itself was killed (SIGKILL, a crash): the session daemon records into them\n"
		"until they are ended. Each is ended (stopped and destroyed; its trace stays)\n"
		"and where its trace is is printed. 'ctrace record' does the same before each\n"
		"recording. Sessions of recordings still running are listed and left alone.\n"
		"No session daemon is started.\n"
		"\n"
		"Options:\n"
		"  -n, --dry-run   only list the sessions; end none\n"
		"  -h, --help      show this help\n"
		"\n"
		"Exit status: 0 when no session is left behind (any that was is ended now),\n"
		"1 when one is left (it could not be ended, or --dry-run), 2 for bad usage or\n"
		"when the session daemon cannot be asked.\n");
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_record_session *sessions = NULL;
	enum ct_record_status status;
	size_t n = 0;
	unsigned left = 0, running = 0;
	bool dry_run = false;
	char err[512];
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hn", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			doctor_usage(stdout);
			return 0;
		case 'n':
			dry_run = true;
			break;
		default:
			fprintf(stderr,
				"ctrace doctor: unknown option '%s'; see 'ctrace doctor --help'\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ctrace doctor: takes no arguments; see 'ctrace doctor --help'\n");
		return 2;
	}
	status = ct_record_sessions(&sessions, &n, err, sizeof(err));
	if (status == CT_RECORD_NO_SESSIOND) {
		printf("no LTTng session daemon runs, so no recording was left running\n");
		return 0;
	}
	if (status != CT_RECORD_OK) {
		fprintf(stderr, "ctrace doctor: %s\n", err);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ct_record_session *s = &sessions[i];

		if (s->foreign) {
			printf("unknown    %s: made in another pid namespace (by pid %ld there), "
			       "so it is left alone; its trace is in %s\n",
			       s->name, s->recorder_pid, s->trace_dir);
		} else if (!s->orphaned) {
			running++;
			printf("recording  %s: by ctrace pid %ld into %s\n", s->name,
			       s->recorder_pid, s->trace_dir);
		} else if (dry_run) {
			left++;
			printf("left       %s: its ctrace (pid %ld) was killed; its trace is in %s\n",
			       s->name, s->recorder_pid, s->trace_dir);
		} else if (ct_record_session_end(s->name, err, sizeof(err)) == CT_RECORD_OK) {
			printf("ended      %s: its ctrace (pid %ld) was killed; its trace is in %s\n",
			       s->name, s->recorder_pid, s->trace_dir);
		} else {
			left++;
			printf("left       %s: its ctrace (pid %ld) was killed, and it cannot be "
			       "ended (%s); its trace is in %s\n",
			       s->name, s->recorder_pid, err, s->trace_dir);
		}
	}
	if (left == 0)
		printf("no recording is left running behind a killed ctrace (%u running)\n",
		       running);
	free(sessions);
	return left > 0 ? 1 : 0;
}
