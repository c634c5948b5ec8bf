/* SPDX-License-Identifier: MIT */
/* cmd_record.c - `ctrace record`: run a program and record its ctrace events. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "paths.h"
#include "record.h"
#include "i18n.h"

#define CT_PRELOAD_NAME "libctrace-preload.so"

static void record_usage(FILE *out)
{
	fprintf(out,
		_("usage: ctrace record [-o DIR] [--timeout SEC] [--no-preload] [--perturb [--seed S]]\n"
		  "                     [--] PROG [ARGS...]\n"
		  "\n"
		  "Run PROG with ARGS (directly, no shell) and record what its threads do into a\n"
		  "CTF trace directory, readable by 'babeltrace2 DIR' and Trace Compass.\n"
		  "\n"
		  "Options:\n"
		  "  -o, --output DIR    write the trace into DIR, which must not exist or be\n"
		  "                      empty (default: a new ./ctrace-traces/PROG-YYYYMMDD-HHMMSS)\n"
		  "  -t, --timeout SEC   kill PROG with SIGKILL after SEC seconds; the trace is kept\n"
		  "      --no-preload    do not inject the LD_PRELOAD shim: record only what PROG\n"
		  "                      records itself through libctrace\n"
		  "      --perturb       pause PROG's threads briefly, at random, at synchronisation\n"
		  "                      points (locks, unlocks, sends, spawns, wake-ups) so that\n"
		  "                      rare interleavings show up; the trace's mark \"perturb\n"
		  "                      seed=S\" says how. Without --seed a random seed is\n"
		  "                      picked and printed\n"
		  "      --seed S        perturb with seed S (a decimal number; implies\n"
		  "                      --perturb): the same seed makes the same pauses again.\n"
		  "                      Instead of either, CTRACE_PERTURB=S[:MAX_US] in the\n"
		  "                      environment also sets the longest pause (default\n"
		  "                      1000 microseconds)\n"
		  "  -h, --help          show this help\n"
		  "\n"
		  "PROG needs no recompilation: the shim %s is added to its\n"
		  "LD_PRELOAD (after any you set) and records its pthread threads, mutexes,\n"
		  "read-write and spin locks, condition variables, semaphores, sleeps, pipes,\n"
		  "socketpairs and POSIX message queues; programs using libctrace are recorded\n"
		  "as they are, with nothing counted twice. Processes PROG forks or starts are\n"
		  "recorded too, and waited for when they outlive PROG (--timeout kills them as\n"
		  "well). A statically linked PROG is run without the shim (link it with\n"
		  "libctrace). An LTTng session daemon is started if none is running, and it\n"
		  "keeps running. Ctrl-C stops PROG (SIGINT, then SIGKILL after 2 s) and still\n"
		  "saves the trace.\n"
		  "\n"
		  "Once PROG has started, its trace is kept whatever fails, with what reached\n"
		  "the disk: when the session daemon stops, or the file system holding DIR fills\n"
		  "up, ctrace says so as it happens, and the exit status is still PROG's. Such\n"
		  "a trace is marked by one line on stderr:\n"
		  "  ctrace record: warning: the trace is incomplete: REASON\n"
		  "On a nearly full disk recording stops while the trace's end still fits, and\n"
		  "PROG runs on unrecorded; if the disk fills up all the same, PROG is stopped\n"
		  "as by Ctrl-C (its threads could wait for trace buffer space for ever). A\n"
		  "recording needs 1 MiB free per CPU, plus 1 MiB, to start. If 'ctrace record'\n"
		  "is killed, PROG is killed too; the next 'ctrace record', or 'ctrace doctor',\n"
		  "ends the LTTng session it left running and says where its trace is.\n"
		  "\n"
		  "Exit status: PROG's own, 128+N if signal N killed it, 2 if it could not be\n"
		  "recorded (bad usage, PROG not found or not executable, unusable DIR or too\n"
		  "little room on its disk, no LTTng session daemon).\n"),
		CT_PRELOAD_NAME);
}

/* Parses a positive, finite number of seconds. Returns 0, or -1. */
static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v) || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* Parses a decimal seed (what CTRACE_PERTURB takes). Returns 0, or -1. */
static int parse_seed(const char *s, unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno || *end != '\0' ? -1 : 0;
}

/* A seed nobody chose: 32 random bits, short enough to type back. */
static unsigned long long random_seed(void)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		r = (uint32_t)time(NULL) ^ (uint32_t)getpid() * 2654435761u;
	return r;
}

int cmd_record(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "no-preload", no_argument, NULL, 'P' },
		{ "perturb", no_argument, NULL, 'R' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_record_options opts = { 0 };
	struct ct_record_result result;
	enum ct_record_status rstatus;
	char preload[PATH_MAX];
	bool use_preload = true;
	bool perturb = false, seeded = false;
	unsigned long long seed = 0;
	char perturb_env[64];
	char *extra_env[2] = { NULL, NULL };
	char prefix[80];
	char err[1024];
	int c;

	/* '+': stop at PROG, so PROG's own options are left alone even without "--". */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:ho:t:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			record_usage(stdout);
			return 0;
		case 'o':
			opts.output_dir = optarg;
			break;
		case 'P':
			use_preload = false;
			break;
		case 'R':
			perturb = true;
			break;
		case 'S':
			if (parse_seed(optarg, &seed) != 0) {
				fprintf(stderr,
					_("ctrace record: --seed wants a decimal number, not '%s'\n"),
					optarg);
				return 2;
			}
			perturb = seeded = true;
			break;
		case 't':
			if (parse_seconds(optarg, &opts.timeout_s) != 0) {
				fprintf(stderr,
					_("ctrace record: --timeout wants a positive number of seconds, not '%s'\n"),
					optarg);
				return 2;
			}
			break;
		case ':':
			fprintf(stderr,
				_("ctrace record: option '%s' needs a value; see 'ctrace record --help'\n"),
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr,
				_("ctrace record: unknown option '%s'; see 'ctrace record --help'\n"),
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("ctrace record: no program given; see 'ctrace record --help'\n"));
		return 2;
	}
	opts.argv = argv + optind;
	ct_cli_prefix_from_prog(argv[optind], prefix, sizeof(prefix));
	opts.session_prefix = prefix;
	opts.log = stderr;
	opts.log_prefix = "ctrace record";
	if (perturb) {
		/* libctrace reads it in PROG (and in every process PROG starts). */
		if (!seeded) {
			seed = random_seed();
			fprintf(stderr,
				_("ctrace record: perturbing with seed %llu (replay with --seed %llu)\n"),
				seed, seed);
		}
		snprintf(perturb_env, sizeof(perturb_env), "CTRACE_PERTURB=%llu", seed);
		extra_env[0] = perturb_env;
		opts.extra_env = extra_env;
	}
	if (use_preload) {
		/* Next to libctrace: lib/ beside bin/, in the build tree as when installed. */
		char dir[PATH_MAX];

		if (ct_cli_lib_dir(dir, sizeof(dir)) == 0 &&
		    snprintf(preload, sizeof(preload), "%s/%s", dir, CT_PRELOAD_NAME) <
			    (int)sizeof(preload) &&
		    access(preload, R_OK) == 0)
			opts.preload = preload;
		else
			fprintf(stderr,
				_("ctrace record: note: %s was not found next to ctrace's libraries, so "
				  "PROG is recorded without the shim (only what it records through "
				  "libctrace)\n"),
				CT_PRELOAD_NAME);
	}

	rstatus = ct_record_run(&opts, &result, err, sizeof(err));
	if (rstatus != CT_RECORD_OK) {
		fprintf(stderr, "ctrace record: %s\n",
			err[0] ? err : ct_record_status_str(rstatus));
		return 2;
	}
	if (!result.no_events)
		fprintf(stderr,
			_("ctrace record: look at it with 'ctrace view %s' (or ctrace check, ctrace "
			  "view --tty, babeltrace2)\n"),
			result.trace_dir);
	return result.exit_status;
}
