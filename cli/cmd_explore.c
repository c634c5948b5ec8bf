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
#include <pthread.h>
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

#include "analysis.h"
#include "catalogue.h"
#include "commands.h"
#include "model_load.h"
#include "output.h"
#include "paths.h"
#include "record.h"
#include "signature.h"
#include "ui.h"

#define CT_PRELOAD_NAME "libctrace-preload.so"
#define SPEED_ENV       "CTRACE_SPEED"
#define PERTURB_ENV     "CTRACE_PERTURB"
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

struct explore {
	const struct ct_scenario_info *scenario; /* or NULL: argv */
	char **argv;                             /* the program, when no scenario */
	long runs, jobs;
	double speed, timeout_s;
	bool perturb, has_seed;
	bool signatures; /* --signatures: print each group's whole signature */
	uint64_t seed;
	const char *out_dir;
	const char *png;
	char dir[PATH_MAX];  /* the directory of the runs */
	char prog[PATH_MAX]; /* the program run: the scenario's, or argv[0] */
	char preload[PATH_MAX];
	char prefix[80]; /* session prefix */
};

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

/* Session and directory prefix from a program's name (as cmd_record.c makes it). */
static void prefix_from_prog(const char *prog, char *buf, size_t len)
{
	const char *base = strrchr(prog, '/');
	size_t n = 0;

	base = base ? base + 1 : prog;
	for (; *base && n + 1 < len && n < 64; base++) {
		char c = *base;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';

		buf[n++] = ok ? c : '_';
	}
	buf[n] = '\0';
	if (n == 0 || buf[0] == '.')
		snprintf(buf, len, "ctrace");
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
		prefix_from_prog(e->argv[0], e->prefix, sizeof(e->prefix));
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

/* What a run's child hands back: small enough for one atomic pipe write. */
struct run_report {
	int rstatus; /* enum ct_record_status */
	int exit_status;
	bool timed_out, no_events, interrupted;
	unsigned incomplete;
	char err[512];
};

struct run {
	long k;
	pid_t pid;
	int fd; /* the report pipe's read end, -1 once read */
	struct run_report rep;
	bool reported;
	char dir[PATH_MAX]; /* E->dir/run-K */
	/* Read afterwards. */
	bool loaded;
	struct ct_signature *sig;
	char *stdout_text;
	char outcome[512]; /* exit status and findings, in words */
	char *outcome_key; /* outcome words + stdout: what outcome groups compare */
	size_t group;
};

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

/* --------------------------------------------------------------- reading */

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	if (!buf)
		buf = malloc(1);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static const char *finding_singular(enum ct_finding_kind kind)
{
	static const char *const names[CT_FINDING_COUNT_] = {
		"deadlock",
		"lost update",
		"use after drop",
		"message never received",
		"thread never joined",
	};

	return (unsigned)kind < CT_FINDING_COUNT_ ? names[kind] : "?";
}

/* The outcome in words: "exit 0, 3 lost updates". */
static void describe_outcome(const struct explore *e, const struct run *r,
			     const struct ct_analysis *a, char *buf, size_t len)
{
	size_t n;
	bool any = false;

	if (r->rep.timed_out)
		n = (size_t)snprintf(buf, len, "%s",
				     e->scenario && e->scenario->hangs ? "hung (timeout, as meant)"
								       : "hung (timeout)");
	else if (r->rep.exit_status > 128)
		n = (size_t)snprintf(buf, len, "killed by signal %d", r->rep.exit_status - 128);
	else
		n = (size_t)snprintf(buf, len, "exit %d", r->rep.exit_status);
	for (int k = 0; a && k < CT_FINDING_COUNT_ && n < len; k++) {
		/* Lost updates by the update (one overwrite can lose many), the rest by finding. */
		size_t c = (size_t)ct_analysis_total(a, (enum ct_finding_kind)k);

		if (c == 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%zu %s", any ? ", " : "; ", c,
				      c == 1 ? finding_singular((enum ct_finding_kind)k)
					     : ct_finding_kind_plural((enum ct_finding_kind)k));
		any = true;
	}
	if (!any && n < len)
		snprintf(buf + n, len - n, "; no findings");
}

/* Loads run R's trace, and makes its signature and outcome. False when it cannot be read. */
static bool read_run(const struct explore *e, struct run *r)
{
	char path[PATH_MAX + 16];
	struct ct_model *m;
	struct ct_analysis *a = NULL;
	size_t klen;

	if (!r->reported || r->rep.rstatus != CT_RECORD_OK || r->rep.no_events)
		return false;
	m = ct_cli_model_load("explore", r->dir, NULL);
	if (!m)
		return false;
	if (ct_signature_make(m, &r->sig) != CT_MODEL_OK || ct_analysis_run(m, &a) != CT_MODEL_OK) {
		ct_model_destroy(m);
		fprintf(stderr, "ctrace explore: out of memory reading %s\n", r->dir);
		return false;
	}
	describe_outcome(e, r, a, r->outcome, sizeof(r->outcome));
	ct_analysis_destroy(a);
	ct_model_destroy(m);
	snprintf(path, sizeof(path), "%s.stdout", r->dir);
	r->stdout_text = read_file(path);
	if (!r->stdout_text)
		r->stdout_text = strdup("");
	klen = strlen(r->outcome) + strlen(r->stdout_text ? r->stdout_text : "") + 2;
	r->outcome_key = malloc(klen);
	if (!r->stdout_text || !r->outcome_key)
		return false;
	snprintf(r->outcome_key, klen, "%s\n%s", r->outcome, r->stdout_text);
	r->loaded = true;
	return true;
}

/* The runs' traces, read by --jobs threads: each takes the next run not yet taken. */
struct reader {
	const struct explore *e;
	struct run *runs;
	pthread_mutex_t lock;
	long next;
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;

	for (;;) {
		long i;

		pthread_mutex_lock(&rd->lock);
		i = rd->next++;
		pthread_mutex_unlock(&rd->lock);
		if (i >= rd->e->runs)
			return NULL;
		read_run(rd->e, &rd->runs[i]);
	}
}

static void read_all(const struct explore *e, struct run *runs)
{
	struct reader rd = { .e = e, .runs = runs, .next = 0 };
	long n = e->jobs < e->runs ? e->jobs : e->runs;
	pthread_t *threads = calloc((size_t)n, sizeof(*threads));
	long started = 0;

	pthread_mutex_init(&rd.lock, NULL);
	/* ct_model_load allows loads in several threads at once; each forks its own decoder. */
	for (; threads && started < n; started++)
		if (pthread_create(&threads[started], NULL, reader_main, &rd) != 0)
			break;
	if (started == 0)
		reader_main(&rd);
	for (long i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&rd.lock);
	free(threads);
}

/* ---------------------------------------------------------------- groups */

struct group {
	long first;          /* index of its first run */
	long runs;           /* how many */
	size_t interleaving; /* index of its interleaving (distinct signatures, from 0) */
	size_t outcome;      /* index of its outcome */
};

static int group_cmp(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	if (a->runs != b->runs)
		return a->runs > b->runs ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/*
 * Line LINE (from 0) of TEXT into BUF; false when TEXT has fewer lines.
 * A last line without '\n' counts.
 */
static bool nth_line(const char *text, size_t line, char *buf, size_t len)
{
	for (size_t i = 0; i < line; i++) {
		text = strchr(text, '\n');
		if (!text || !text[1])
			return false;
		text++;
	}
	if (!*text)
		return false;
	snprintf(buf, len, "%.*s", (int)(strchrnul(text, '\n') - text), text);
	return true;
}

/*
 * The stdout line that tells run R's output apart: the first line where it
 * differs from REF's, or its last line when they are the same (or R is REF).
 */
static void telling_line(const struct run *r, const struct run *ref, char *buf, size_t len)
{
	char a[256], b[256];
	size_t i = 0;

	buf[0] = '\0';
	if (r != ref && strcmp(r->stdout_text, ref->stdout_text) != 0) {
		for (;; i++) {
			bool ha = nth_line(r->stdout_text, i, a, sizeof(a));
			bool hb = nth_line(ref->stdout_text, i, b, sizeof(b));

			if (!ha) {
				snprintf(buf, len, "(output ends after %zu lines)", i);
				return;
			}
			if (!hb || strcmp(a, b) != 0) {
				snprintf(buf, len, "\"%s\"", a);
				return;
			}
		}
	}
	/* The last line. */
	for (i = 0; nth_line(r->stdout_text, i, a, sizeof(a)); i++)
		snprintf(buf, len, "\"%s\"", a);
	if (!buf[0])
		snprintf(buf, len, "(no output)");
}

/* ----------------------------------------------------------------- chart */

static bool write_chart(FILE *out, void *arg, char *why, size_t whylen)
{
	return ct_ui_write_png(arg, out, why, whylen) == CT_UI_OK;
}

/*
 * Draws N_BARS bars into E->png: the groups' runs, or the outcomes' when
 * only the output varies (4.1's Result). LABELS and DETAILS are per bar.
 */
static void draw_chart(const struct explore *e, const char (*labels)[160],
		       const char (*details)[360], const long *values, size_t n_bars,
		       const char *subtitle, bool first_apart)
{
	struct ct_ui_chart_bar *bars = calloc(n_bars ? n_bars : 1, sizeof(*bars));
	struct ct_ui_chart chart = { 0 };
	SDL_Surface *picture = NULL;
	char title[256], err[512];

	if (!bars) {
		fprintf(stderr, "ctrace explore: out of memory drawing the chart\n");
		return;
	}
	for (size_t i = 0; i < n_bars; i++)
		bars[i] = (struct ct_ui_chart_bar){ labels[i], details[i], (double)values[i] };
	if (e->scenario)
		snprintf(title, sizeof(title), "ctrace explore %s: %s / %s", e->scenario->id,
			 e->scenario->title_zh, e->scenario->title_en);
	else
		snprintf(title, sizeof(title), "ctrace explore: %.200s", e->prog);
	chart.title = title;
	chart.subtitle = subtitle;
	chart.bars = bars;
	chart.n_bars = n_bars;
	chart.first_apart = first_apart;
	if (ct_ui_render_chart(&chart, &picture, err, sizeof(err)) != CT_UI_OK)
		fprintf(stderr, "ctrace explore: cannot draw the chart: %s\n", err);
	else if (ct_cli_write_output("explore", e->png, write_chart, picture))
		fprintf(stderr, "ctrace explore: chart written to %s\n", e->png);
	SDL_FreeSurface(picture);
	free(bars);
}

/* ----------------------------------------------------------------- table */

static const char *plural(long n)
{
	return n == 1 ? "" : "s";
}

struct outcome_row {
	long runs;
	long first;
	double key; /* the first number of its telling line, for sorting; NAN when none */
	char line[300];
};

static int outcome_cmp(const void *pa, const void *pb)
{
	const struct outcome_row *a = pa, *b = pb;

	if (!isnan(a->key) && !isnan(b->key) && a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (isnan(a->key) != isnan(b->key))
		return isnan(a->key) ? 1 : -1;
	if (a->runs != b->runs)
		return a->runs > b->runs ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/*
 * The distinct outcomes, whatever the interleaving: each with its number of
 * runs, sorted by the first number of the line that tells it apart
 * (scenario 4.1's Result), so a spread of values reads as a distribution.
 * Malloc'd (N_OUT rows), or NULL.
 */
static struct outcome_row *outcome_rows(const struct run *runs, long n_runs, const long *out_first,
					size_t n_out, const struct run *ref)
{
	struct outcome_row *rows = calloc(n_out ? n_out : 1, sizeof(*rows));

	if (!rows)
		return NULL;
	for (size_t o = 0; o < n_out; o++) {
		const struct run *r = &runs[out_first[o]];
		const char *d;

		rows[o].first = out_first[o];
		telling_line(r, ref, rows[o].line, sizeof(rows[o].line));
		d = strpbrk(rows[o].line, "0123456789");
		rows[o].key = d ? strtod(d, NULL) : NAN;
		for (long i = 0; i < n_runs; i++)
			if (runs[i].loaded && strcmp(runs[i].outcome_key, r->outcome_key) == 0)
				rows[o].runs++;
	}
	qsort(rows, n_out, sizeof(*rows), outcome_cmp);
	return rows;
}

static void print_outcomes(const struct run *runs, const struct outcome_row *rows, size_t n_out)
{
	printf("\nOutcomes, whatever the interleaving:\n");
	for (size_t o = 0; o < n_out; o++)
		printf("%9ld  %s; %s\n", rows[o].runs, runs[rows[o].first].outcome, rows[o].line);
}

/* One row a group: its runs, the trace of its first run, its outcome, how it differs from #1. */
static void print_table(const struct explore *e, const struct run *runs, const struct group *g,
			size_t n_groups)
{
	const struct run *ref = &runs[g[0].first];

	printf("\n%3s %5s  %-40s %s%s\n", "#", "runs", "trace (its first run)",
	       e->perturb ? "seed  " : "", "outcome");
	for (size_t i = 0; i < n_groups; i++) {
		const struct run *r = &runs[g[i].first];
		char line[300], diff[600], seed[32] = "";

		telling_line(r, ref, line, sizeof(line));
		if (e->perturb)
			snprintf(seed, sizeof(seed), "%-5" PRIu64 " ", e->seed + (uint64_t)r->k);
		printf("%3zu %5ld  %-40s %s%s; %s\n", i + 1, g[i].runs, r->dir, seed, r->outcome,
		       line);
		if (i == 0)
			snprintf(diff, sizeof(diff), "the most frequent group");
		else if (g[i].interleaving == g[0].interleaving)
			snprintf(diff, sizeof(diff), "the same as #1's, with another outcome");
		else
			ct_signature_difference(r->sig, ref->sig, diff, sizeof(diff));
		printf("%3s %5s  interleaving %zu: %s\n", "", "", g[i].interleaving + 1, diff);
	}
}

/* The line of part KEY in SIG after "KEY: ", or NULL when SIG has no such part. */
static const char *part_items(const struct ct_signature *sig, const char *key)
{
	for (size_t q = 0; q < ct_signature_part_count(sig); q++)
		if (strcmp(ct_signature_part_key(sig, q), key) == 0)
			return ct_signature_part_line(sig, q) + strlen(key) + 1;
	return NULL;
}

/*
 * What varies: the first part (in key order) that is not the same in every
 * group, shown whole for each group, so the orders themselves can be read
 * (2.3's arrival orders, 3.2's lock orders).
 */
static const char *print_varies(const struct run *runs, const struct group *g, size_t n_groups)
{
	const struct ct_signature *ref = runs[g[0].first].sig;

	for (size_t p = 0; p < ct_signature_part_count(ref); p++) {
		const char *key = ct_signature_part_key(ref, p);
		const char *items = part_items(ref, key);
		bool varies = false;

		for (size_t i = 1; i < n_groups && !varies; i++) {
			const char *other = part_items(runs[g[i].first].sig, key);

			varies = !other || strcmp(other, items) != 0;
		}
		if (!varies)
			continue;
		printf("\nWhat varies first, %s, in each group:\n", key);
		for (size_t i = 0; i < n_groups; i++) {
			const char *l = part_items(runs[g[i].first].sig, key);

			printf("%3zu %5ld %s\n", i + 1, g[i].runs, l ? l : " (none)");
		}
		return key;
	}
	return NULL;
}

/* The chart: a bar per group, or per outcome when ROWS is not NULL. */
static void chart(const struct explore *e, const struct run *runs, const struct group *g,
		  size_t n_groups, const struct outcome_row *rows, size_t n_out,
		  const char *subtitle)
{
	size_t n = rows ? n_out : n_groups;
	char(*labels)[160] = calloc(n, sizeof(*labels));
	char(*details)[360] = calloc(n, sizeof(*details));
	long *values = calloc(n, sizeof(*values));

	if (!labels || !details || !values) {
		fprintf(stderr, "ctrace explore: out of memory drawing the chart\n");
		goto end;
	}
	for (size_t i = 0; i < n; i++) {
		if (rows) {
			const char *l = rows[i].line;
			size_t len = strlen(l);

			/* The telling line without its quotes, as the program printed it. */
			if (len >= 2 && l[0] == '"')
				snprintf(labels[i], sizeof(labels[i]), "%.*s", (int)(len - 2),
					 l + 1);
			else
				snprintf(labels[i], sizeof(labels[i]), "%.150s", l);
			snprintf(details[i], sizeof(details[i]), "%.200s; first run %.140s",
				 runs[rows[i].first].outcome, runs[rows[i].first].dir);
			values[i] = rows[i].runs;
		} else {
			const struct run *r = &runs[g[i].first];
			char line[200], diff[300];

			telling_line(r, &runs[g[0].first], line, sizeof(line));
			if (i == 0)
				snprintf(diff, sizeof(diff), "the most frequent");
			else if (g[i].interleaving == g[0].interleaving)
				snprintf(diff, sizeof(diff), "the same interleaving as #1");
			else
				ct_signature_difference(r->sig, runs[g[0].first].sig, diff,
							sizeof(diff));
			snprintf(labels[i], sizeof(labels[i]), "#%zu  interleaving %zu", i + 1,
				 g[i].interleaving + 1);
			snprintf(details[i], sizeof(details[i]), "%.100s; %.80s  |  %.120s",
				 r->outcome, line, diff);
			values[i] = g[i].runs;
		}
	}
	draw_chart(e, (const char(*)[160])labels, (const char(*)[360])details, values, n, subtitle,
		   rows == NULL);
end:
	free(labels);
	free(details);
	free(values);
}

/* The runs sorted into groups: by interleaving and by outcome, each numbered from 0. */
struct grouping {
	struct group *groups; /* sorted: most runs first */
	long *inter_first;    /* per interleaving, its first run */
	long *out_first;      /* per outcome, its first run */
	size_t n_groups, n_inter, n_out;
};

/* Fills G (its arrays have room for N_RUNS) from the runs read. Returns how many were. */
static long group_runs(const struct run *runs, long n_runs, struct grouping *g)
{
	long read_ok = 0;

	for (long i = 0; i < n_runs; i++) {
		const struct run *r = &runs[i];
		size_t inter, out, gi;

		if (!r->loaded)
			continue;
		read_ok++;
		/* The hash first: comparing texts is for the (rare) equal hashes. */
		for (inter = 0; inter < g->n_inter; inter++) {
			const struct ct_signature *s = runs[g->inter_first[inter]].sig;

			if (ct_signature_hash(s) == ct_signature_hash(r->sig) &&
			    strcmp(ct_signature_text(s), ct_signature_text(r->sig)) == 0)
				break;
		}
		if (inter == g->n_inter)
			g->inter_first[g->n_inter++] = i;
		for (out = 0; out < g->n_out; out++)
			if (strcmp(runs[g->out_first[out]].outcome_key, r->outcome_key) == 0)
				break;
		if (out == g->n_out)
			g->out_first[g->n_out++] = i;
		for (gi = 0; gi < g->n_groups; gi++)
			if (g->groups[gi].interleaving == inter && g->groups[gi].outcome == out)
				break;
		if (gi == g->n_groups)
			g->groups[g->n_groups++] = (struct group){ i, 0, inter, out };
		g->groups[gi].runs++;
	}
	qsort(g->groups, g->n_groups, sizeof(*g->groups), group_cmp);
	/* Interleavings are numbered as the table first shows them: group 1's is number 1. */
	{
		size_t *renum = malloc((g->n_inter ? g->n_inter : 1) * sizeof(*renum));
		size_t next = 0;

		for (size_t i = 0; renum && i < g->n_inter; i++)
			renum[i] = SIZE_MAX;
		for (size_t i = 0; renum && i < g->n_groups; i++) {
			if (renum[g->groups[i].interleaving] == SIZE_MAX)
				renum[g->groups[i].interleaving] = next++;
			g->groups[i].interleaving = renum[g->groups[i].interleaving];
		}
		free(renum);
	}
	return read_ok;
}

static int report(const struct explore *e, struct run *runs, long failed)
{
	struct grouping g = {
		.groups = calloc((size_t)e->runs, sizeof(*g.groups)),
		.inter_first = calloc((size_t)e->runs, sizeof(*g.inter_first)),
		.out_first = calloc((size_t)e->runs, sizeof(*g.out_first)),
	};
	struct group *groups = g.groups;
	long *inter_first = g.inter_first, *out_first = g.out_first;
	size_t n_groups, n_inter, n_out;
	long read_ok;

	if (!groups || !inter_first || !out_first) {
		fprintf(stderr, "ctrace explore: out of memory\n");
		free(groups);
		free(inter_first);
		free(out_first);
		return 1;
	}
	read_ok = group_runs(runs, e->runs, &g);
	n_groups = g.n_groups;
	n_inter = g.n_inter;
	n_out = g.n_out;

	printf("\n%ld run%s, %zu distinct interleaving%s, %zu distinct outcome%s", read_ok,
	       plural(read_ok), n_inter, plural((long)n_inter), n_out, plural((long)n_out));
	if (read_ok < e->runs)
		printf(" (%ld of %ld runs could not be recorded or read)", e->runs - read_ok,
		       e->runs);
	printf("\n");
	if (e->perturb)
		printf("Perturbed: run K had %s=%" PRIu64 "+K (--seed %" PRIu64 " replays them)\n",
		       PERTURB_ENV, e->seed, e->seed);
	if (n_groups > 0) {
		const struct run *ref = &runs[groups[0].first];
		struct outcome_row *rows = outcome_rows(runs, e->runs, out_first, n_out, ref);
		const char *varies;

		print_table(e, runs, groups, n_groups);
		varies = print_varies(runs, groups, n_groups);
		for (size_t i = 0; e->signatures && i < n_groups; i++)
			printf("\nInterleaving of group %zu (%ld run%s):\n%s", i + 1,
			       groups[i].runs, plural(groups[i].runs),
			       ct_signature_text(runs[groups[i].first].sig));
		/*
		 * The outcomes apart, when they say more than the table: when
		 * only the output varies (4.1's Result), or when several
		 * interleavings share an outcome.
		 */
		if (n_out > 1 && rows &&
		    ((varies && strcmp(varies, "print") == 0) || n_out < n_groups))
			print_outcomes(runs, rows, n_out);
		printf("\nOpen one with 'ctrace view TRACE'; every run's output is in "
		       "TRACE.stdout.\n");
		/* Two groups: where their runs part is what comparing them shows first. */
		if (n_groups > 1)
			printf("Compare two with 'ctrace diff A B' or 'ctrace view --compare A B', "
			       "e.g.\n  ctrace view --compare %s %s\n",
			       runs[groups[0].first].dir, runs[groups[1].first].dir);
		if (e->png) {
			/* When only the printed lines vary, the outcomes are what to chart. */
			bool by_outcome =
				rows && n_out > 1 && varies && strcmp(varies, "print") == 0;
			char subtitle[256];

			snprintf(subtitle, sizeof(subtitle),
				 "%ld run%s, %zu distinct interleaving%s, %zu distinct outcome%s%s",
				 read_ok, plural(read_ok), n_inter, plural((long)n_inter), n_out,
				 plural((long)n_out),
				 by_outcome ? "; runs per outcome" : "; runs per group");
			chart(e, runs, groups, n_groups, by_outcome ? rows : NULL, n_out, subtitle);
		}
		free(rows);
	}
	free(groups);
	free(inter_first);
	free(out_first);
	return read_ok < e->runs || failed > 0 ? 1 : 0;
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
	read_all(&e, runs);
	status = report(&e, runs, failed);
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
