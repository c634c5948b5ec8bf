/* SPDX-License-Identifier: MIT */
/*
 * cmd_explore.c - `ctrace explore`: record a scenario or a program many
 * times, reduce each run to its interleaving (signature.h) and its outcome
 * (stdout, exit status, `check` findings), and say which interleavings and
 * outcomes happened, how often, and where their traces are.
 *
 * record.h allows one recording per process, so every run is a forked child
 * that calls ct_record_run once and hands its result back through a pipe;
 * up to --jobs of them run at once. The traces are read afterwards.
 */
#define _GNU_SOURCE /* getrandom's header on older glibc, strchrnul */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "catalogue.h"
#include "commands.h"
#include "paths.h"
#include "explore.h"
#include "record.h"
#include "signature.h"

#define CT_PRELOAD_NAME "libctrace-preload.so"
#define SPEED_ENV       "CTRACE_SPEED"
#define MAX_RUNS        100000

static void explore_usage(FILE *out)
{
	fprintf(out,
		"usage: ctrace explore [OPTIONS] SCENARIO\n"
		"       ctrace explore [OPTIONS] -- PROG [ARGS...]\n"
		"\n"
		"Record the same scenario or program many times and show how its runs differ.\n"
		"Each run is reduced to its interleaving: for each channel the order in which\n"
		"messages arrived (sender and label), for each mutex or rwlock the order in\n"
		"which threads took it, for each condition variable or semaphore the order in\n"
		"which threads were woken, and the printed lines. Runs are grouped by their\n"
		"interleaving and their outcome (exit status, what 'ctrace check' finds, the\n"
		"program's output), and a table says how many runs each group has, where it\n"
		"first differs from the most frequent one, and which trace to open.\n"
		"\n"
		"SCENARIO is an id from 'ctrace scenarios' (2.3, 4.1, ...); PROG is any program,\n"
		"recorded as by 'ctrace record' (through the shim when it is not linked with\n"
		"libctrace).\n"
		"\n"
		"Options:\n"
		"  -n, --runs N        how many runs (default 20)\n"
		"  -j, --jobs N        how many runs at once (default: the number of cores)\n"
		"  -o, --output DIR    where the runs go, DIR/run-K each with its stdout in\n"
		"                      run-K.stdout and ctrace's notes in run-K.log; DIR must not\n"
		"                      exist or be empty (default: a new\n"
		"                      ./ctrace-traces/explore-NAME-YYYYMMDD-HHMMSS)\n"
		"  -s, --speed N       scenarios: divide every sleep by N (default 1)\n"
		"  -t, --timeout SEC   programs: kill a run after SEC seconds (scenarios have\n"
		"                      their own)\n"
		"      --perturb       ask the tracer for random delays at synchronisation points\n"
		"                      (" PERTURB_ENV "=SEED in each run's environment), so rarer\n"
		"                      interleavings appear\n"
		"      --seed S        with --perturb: run K (from 0) gets seed S+K, so a run can\n"
		"                      be replayed (default: a random S, printed)\n"
		"      --png FILE      also draw the groups as a bar chart into FILE\n"
		"      --signatures    also print each group's whole interleaving, one line per\n"
		"                      channel, lock, condition variable, semaphore, and the\n"
		"                      printed lines\n"
		"  -h, --help          show this help\n"
		"\n"
		"Exit status: 0 when every run was recorded, 1 when some could not be, 2 for bad\n"
		"usage.\n");
}

/* ------------------------------------------------------------- arguments */

static int parse_count(const char *s, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_positive(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v) || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* Parses ARGV into E. Returns -1 when done, or the exit status (0 for --help, 2). */
static int parse(int argc, char **argv, struct explore *e)
{
	static const struct option long_opts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "speed", required_argument, NULL, 's' },
		{ "timeout", required_argument, NULL, 't' },
		{ "perturb", no_argument, NULL, 'P' },
		{ "seed", required_argument, NULL, 'S' },
		{ "png", required_argument, NULL, 'g' },
		{ "signatures", no_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int dashes = argc, c;
	bool has_speed = false;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	e->runs = 20;
	e->jobs = cores > 0 ? cores : 1;
	e->speed = 1.0;
	/* Options stop at "--"; what follows is the program, left as it is. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			dashes = i;
			break;
		}
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(dashes, argv, ":hn:j:o:s:t:", long_opts, NULL)) != -1) {
		char *end;

		switch (c) {
		case 'h':
			explore_usage(stdout);
			return 0;
		case 'n':
			if (parse_count(optarg, MAX_RUNS, &e->runs) != 0) {
				fprintf(stderr,
					"ctrace explore: --runs wants a number of runs from 1 to %d, not "
					"'%s'\n",
					MAX_RUNS, optarg);
				return 2;
			}
			break;
		case 'j':
			if (parse_count(optarg, 1024, &e->jobs) != 0) {
				fprintf(stderr,
					"ctrace explore: --jobs wants a number from 1 to 1024, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'o':
			e->out_dir = optarg;
			break;
		case 's':
			if (parse_positive(optarg, &e->speed) != 0) {
				fprintf(stderr,
					"ctrace explore: --speed wants a positive number, not '%s'\n",
					optarg);
				return 2;
			}
			has_speed = true;
			break;
		case 't':
			if (parse_positive(optarg, &e->timeout_s) != 0) {
				fprintf(stderr,
					"ctrace explore: --timeout wants a positive number of seconds, "
					"not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'P':
			e->perturb = true;
			break;
		case 'S':
			errno = 0;
			e->seed = strtoull(optarg, &end, 10);
			if (end == optarg || *end || errno || optarg[0] == '-') {
				fprintf(stderr,
					"ctrace explore: --seed wants a decimal number, not '%s'\n",
					optarg);
				return 2;
			}
			e->has_seed = true;
			break;
		case 'g':
			e->png = optarg;
			break;
		case 'G':
			e->signatures = true;
			break;
		case ':':
			fprintf(stderr,
				"ctrace explore: option '%s' needs a value; see 'ctrace explore --help'\n",
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr,
				"ctrace explore: unknown option '%s'; see 'ctrace explore --help'\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (e->has_seed && !e->perturb) {
		fprintf(stderr, "ctrace explore: --seed goes with --perturb\n");
		return 2;
	}
	if (dashes < argc) {
		if (optind < dashes) {
			fprintf(stderr,
				"ctrace explore: a scenario or '-- PROG', not both ('%s' before "
				"'--')\n",
				argv[optind]);
			return 2;
		}
		if (dashes + 1 >= argc) {
			fprintf(stderr,
				"ctrace explore: no program after '--'; see 'ctrace explore "
				"--help'\n");
			return 2;
		}
		if (has_speed) {
			fprintf(stderr, "ctrace explore: --speed is for scenarios; a program "
					"decides its own sleeps\n");
			return 2;
		}
		e->argv = argv + dashes + 1;
		snprintf(e->prog, sizeof(e->prog), "%s", e->argv[0]);
		ct_cli_prefix_from_prog(e->argv[0], e->prefix, sizeof(e->prefix));
		return -1;
	}
	if (optind >= argc) {
		fprintf(stderr, "ctrace explore: which scenario, or '-- PROG'? 'ctrace scenarios' "
				"lists the scenarios\n");
		return 2;
	}
	if (optind + 1 < argc) {
		fprintf(stderr,
			"ctrace explore: one scenario only, not '%s' too (a program goes after "
			"'--')\n",
			argv[optind + 1]);
		return 2;
	}
	e->scenario = ct_catalogue_find(argv[optind]);
	if (!e->scenario) {
		fprintf(stderr,
			"ctrace explore: no scenario '%s'; 'ctrace scenarios' lists the valid ids\n",
			argv[optind]);
		return 2;
	}
	if (e->timeout_s > 0) {
		fprintf(stderr, "ctrace explore: --timeout is for programs; a scenario has its "
				"own\n");
		return 2;
	}
	return -1;
}

/*
 * True when PROG can be run: a path that is executable, or a name found in
 * PATH, as execvp would find it. Checked once here so that a typo is one
 * error, not one failed recording per run.
 */
static bool program_runs(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	for (const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");

		if (snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? p : ".", prog) <
			    (int)sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return true;
		p += n;
		if (*p == ':')
			p++;
	}
	return false;
}

/* Finds what is run: the scenario's program, or the shim for a program. Returns 0 or 2. */
static int locate(struct explore *e)
{
	char dir[PATH_MAX];

	if (e->scenario) {
		if (ct_cli_libexec_dir(dir, sizeof(dir)) != 0 ||
		    snprintf(e->prog, sizeof(e->prog), "%s/%s", dir, e->scenario->program) >=
			    (int)sizeof(e->prog)) {
			fprintf(stderr,
				"ctrace explore: cannot locate ctrace's libexec directory\n");
			return 2;
		}
		if (access(e->prog, X_OK) != 0) {
			fprintf(stderr,
				"ctrace explore: cannot run %s (%m); was ctrace built or installed "
				"completely?\n",
				e->prog);
			return 2;
		}
		snprintf(e->prefix, sizeof(e->prefix), "%s", e->scenario->program);
		return 0;
	}
	if (!program_runs(e->argv[0])) {
		fprintf(stderr, "ctrace explore: cannot run '%s': %s\n", e->argv[0],
			strchr(e->argv[0], '/') ? strerror(errno) : "not found in PATH");
		return 2;
	}
	if (ct_cli_lib_dir(dir, sizeof(dir)) == 0 &&
	    snprintf(e->preload, sizeof(e->preload), "%s/%s", dir, CT_PRELOAD_NAME) <
		    (int)sizeof(e->preload) &&
	    access(e->preload, R_OK) == 0)
		return 0;
	e->preload[0] = '\0';
	fprintf(stderr,
		"ctrace explore: note: %s was not found next to ctrace's libraries, so PROG is "
		"recorded without the shim\n",
		CT_PRELOAD_NAME);
	return 0;
}

/* Makes E->dir: -o DIR (new or empty), or a new ./ctrace-traces/explore-NAME-DATE-TIME[-N]. */
static int make_dir(struct explore *e)
{
	if (e->out_dir) {
		DIR *d;

		if (snprintf(e->dir, sizeof(e->dir), "%s", e->out_dir) >= (int)sizeof(e->dir)) {
			fprintf(stderr, "ctrace explore: path too long: %s\n", e->out_dir);
			return 2;
		}
		if (mkdir(e->dir, 0777) == 0)
			return 0;
		d = errno == EEXIST ? opendir(e->dir) : NULL;
		if (d) {
			struct dirent *ent;
			bool empty = true;

			while ((ent = readdir(d)))
				if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
					empty = false;
			closedir(d);
			if (empty)
				return 0;
			fprintf(stderr,
				"ctrace explore: %s is not empty; name a new directory, or leave -o "
				"out\n",
				e->dir);
			return 2;
		}
		fprintf(stderr, "ctrace explore: cannot create %s: %m\n", e->dir);
		return 2;
	} else {
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		const char *name = e->scenario ? e->scenario->id : e->prefix;

		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		if (mkdir("ctrace-traces", 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "ctrace explore: cannot create ./ctrace-traces: %m\n");
			return 2;
		}
		for (int n = 1; n < 1000; n++) {
			if (n == 1)
				snprintf(e->dir, sizeof(e->dir), "ctrace-traces/explore-%s-%s",
					 name, stamp);
			else
				snprintf(e->dir, sizeof(e->dir), "ctrace-traces/explore-%s-%s-%d",
					 name, stamp, n);
			if (mkdir(e->dir, 0777) == 0)
				return 0;
			if (errno != EEXIST)
				break;
		}
		fprintf(stderr, "ctrace explore: cannot create %s: %m\n", e->dir);
		return 2;
	}
}

/* ------------------------------------------------------------------ runs */

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* The child: records run R once and writes its report into FD. Never returns. */
static void run_child(const struct explore *e, const struct run *r, int fd)
{
	struct ct_record_options opts = { 0 };
	struct ct_record_result res;
	struct run_report rep = { 0 };
	char path[PATH_MAX + 16];
	char speed_env[64], seed_env[64];
	char *env[3];
	char *scenario_argv[2];
	size_t n_env = 0;
	int fd_out, fd_log, fd_null;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	/* The program's stdout is the run's outcome; ctrace's notes and its stderr go aside. */
	snprintf(path, sizeof(path), "%s.stdout", r->dir);
	fd_out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	snprintf(path, sizeof(path), "%s.log", r->dir);
	fd_log = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	fd_null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd_out < 0 || fd_log < 0 || fd_null < 0 || dup2(fd_out, STDOUT_FILENO) < 0 ||
	    dup2(fd_log, STDERR_FILENO) < 0 || dup2(fd_null, STDIN_FILENO) < 0) {
		rep.rstatus = CT_RECORD_SYSTEM_ERROR;
		snprintf(rep.err, sizeof(rep.err), "cannot set up the run's output files: %s",
			 strerror(errno));
		goto report;
	}
	if (e->scenario) {
		snprintf(speed_env, sizeof(speed_env), "%s=%.17g", SPEED_ENV, e->speed);
		env[n_env++] = speed_env;
		scenario_argv[0] = (char *)e->prog;
		scenario_argv[1] = NULL;
		opts.argv = scenario_argv;
		opts.timeout_s = e->scenario->timeout_s;
	} else {
		opts.argv = e->argv;
		opts.timeout_s = e->timeout_s;
		opts.preload = e->preload[0] ? e->preload : NULL;
	}
	if (e->perturb) {
		snprintf(seed_env, sizeof(seed_env), "%s=%" PRIu64, PERTURB_ENV,
			 e->seed + (uint64_t)r->k);
		env[n_env++] = seed_env;
	}
	env[n_env] = NULL;
	opts.extra_env = env;
	opts.output_dir = r->dir;
	opts.session_prefix = e->prefix;
	opts.log = stderr;
	opts.log_prefix = "ctrace explore";
	rep.rstatus = ct_record_run(&opts, &res, rep.err, sizeof(rep.err));
	rep.exit_status = res.exit_status;
	rep.timed_out = res.timed_out;
	rep.no_events = res.no_events;
	rep.interrupted = res.interrupted;
	rep.incomplete = res.incomplete;
	fflush(stdout);
	fflush(stderr);
report:
	if (write(fd, &rep, sizeof(rep)) != (ssize_t)sizeof(rep))
		_exit(3);
	_exit(0);
}

static int start_run(const struct explore *e, struct run *r)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	r->pid = fork();
	if (r->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (r->pid == 0) {
		close(p[0]);
		run_child(e, r, p[1]);
	}
	close(p[1]);
	r->fd = p[0];
	return 0;
}

static void show_progress(long done, long total, bool tty)
{
	if (tty)
		fprintf(stderr, "\rctrace explore: %ld/%ld runs recorded", done, total);
}

/* Runs every run, up to E->jobs at once. Returns how many could not be started. */
static long run_all(const struct explore *e, struct run *runs)
{
	struct sigaction sa = { 0 };
	long next = 0, running = 0, done = 0, failed = 0;
	bool tty = isatty(STDERR_FILENO);

	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	show_progress(0, e->runs, tty);
	while (next < e->runs || running > 0) {
		int status;
		pid_t pid;

		while (!stop_signal && next < e->runs && running < e->jobs) {
			if (start_run(e, &runs[next]) != 0) {
				snprintf(runs[next].rep.err, sizeof(runs[next].rep.err),
					 "cannot start the run: %s", strerror(errno));
				runs[next].rep.rstatus = CT_RECORD_SYSTEM_ERROR;
				runs[next].reported = true;
				failed++;
			} else {
				running++;
			}
			next++;
		}
		if (stop_signal && next < e->runs)
			next = e->runs; /* the rest are not started */
		if (running == 0)
			break;
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR) {
				/* A terminal's Ctrl-C reached the runs too; a kill reached only us. */
				for (long i = 0; i < e->runs; i++)
					if (runs[i].pid > 0 && runs[i].fd >= 0)
						kill(runs[i].pid, SIGINT);
				continue;
			}
			break;
		}
		for (long i = 0; i < e->runs; i++) {
			struct run *r = &runs[i];

			if (r->pid != pid || r->fd < 0)
				continue;
			r->reported =
				read(r->fd, &r->rep, sizeof(r->rep)) == (ssize_t)sizeof(r->rep);
			if (!r->reported) {
				r->rep.rstatus = CT_RECORD_SYSTEM_ERROR;
				snprintf(r->rep.err, sizeof(r->rep.err),
					 "the run's recorder ended without a report");
			}
			close(r->fd);
			r->fd = -1;
			running--;
			done++;
			show_progress(done, e->runs, tty);
		}
	}
	if (tty)
		fputc('\n', stderr);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return failed;
}

int cmd_explore(int argc, char **argv)
{
	struct explore e = { 0 };
	struct run *runs;
	char last_why[sizeof(runs->rep.err)] = "";
	long failed;
	int width, status = parse(argc, argv, &e);

	if (status >= 0)
		return status;
	status = locate(&e);
	if (status != 0)
		return status;
	if (e.perturb && !e.has_seed) {
		uint32_t r;

		/* Small enough that S + K stays readable and never wraps. */
		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
			r = (uint32_t)time(NULL) ^ (uint32_t)getpid();
		e.seed = r;
	}
	status = make_dir(&e);
	if (status != 0)
		return status;
	runs = calloc((size_t)e.runs, sizeof(*runs));
	if (!runs) {
		fprintf(stderr, "ctrace explore: out of memory\n");
		return 2;
	}
	width = snprintf(NULL, 0, "%ld", e.runs - 1);
	for (long i = 0; i < e.runs; i++) {
		runs[i].k = i;
		runs[i].fd = -1;
		if (snprintf(runs[i].dir, sizeof(runs[i].dir), "%s/run-%0*ld", e.dir, width, i) >=
		    (int)sizeof(runs[i].dir)) {
			fprintf(stderr, "ctrace explore: path too long: %s\n", e.dir);
			free(runs);
			return 2;
		}
	}
	fprintf(stderr, "ctrace explore: %ld runs of %s%s, %ld at a time, into %s/\n", e.runs,
		e.scenario ? "scenario " : "", e.scenario ? e.scenario->id : e.prog, e.jobs, e.dir);
	if (e.perturb)
		fprintf(stderr,
			"ctrace explore: perturbed, seed %" PRIu64 " (run K: %" PRIu64 "+K)\n",
			e.seed, e.seed);
	failed = run_all(&e, runs);
	for (long i = 0; i < e.runs; i++) {
		struct run *r = &runs[i];

		if (!r->reported)
			continue;
		if (r->rep.rstatus != CT_RECORD_OK) {
			const char *why = r->rep.err[0]
						  ? r->rep.err
						  : ct_record_status_str(
							    (enum ct_record_status)r->rep.rstatus);

			/* The same reason for every run is said once. */
			if (strcmp(why, last_why) != 0)
				fprintf(stderr,
					"ctrace explore: run %ld could not be recorded: %s\n", i,
					why);
			snprintf(last_why, sizeof(last_why), "%s", why);
			continue;
		}
		if (r->rep.no_events) {
			fprintf(stderr, "ctrace explore: run %ld recorded no events (see %s.log)\n",
				i, r->dir);
			continue;
		}
		if (r->rep.incomplete)
			fprintf(stderr,
				"ctrace explore: run %ld's trace is incomplete (see %s.log)\n", i,
				r->dir);
	}
	explore_read_all(&e, runs);
	status = explore_report(&e, runs, failed);
	for (long i = 0; i < e.runs; i++) {
		ct_signature_destroy(runs[i].sig);
		free(runs[i].stdout_text);
		free(runs[i].outcome_key);
	}
	free(runs);
	if (stop_signal)
		return 128 + stop_signal;
	return status;
}
