/* SPDX-License-Identifier: MIT */
/*
 * test_damaged.c - damaged and unreadable copies of a real trace through
 * ct_model_load and the ctrace command: truncated metadata (babeltrace2
 * hangs on it), a corrupt byte in a packet header (it aborts), a stream
 * file cut short (a full disk), an unreadable stream file, an unreadable
 * sub-trace, and a trace recorded by root read by another user. Each load
 * must end within a bounded time with the right status and a message that
 * names the file, and salvage must give the events before the damage: a
 * prefix of the sound trace's events.
 *
 * The trace is recorded once (a libctrace program that emits events as
 * fast as it can, so each stream file holds several 1 MiB packets), then
 * copied and damaged by each test. Permissions are tested as user 65534 in
 * a forked child when the test runs as root (root reads everything).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"
#include "model.h"

/* Events the program emits: enough for three or more packets per stream file. */
#define GEN_EVENTS "200000"
#define MIB        (1024 * 1024)

/* A load may take this long beyond the watchdog (a loaded machine, a sanitizer build). */
#define SLACK_S 10

static const char *ctrace_bin, *gen_prog;

/* The sound trace, recorded once, and its model. */
struct sound {
	char *tmp;
	char trace[4096];
	char dir[4096]; /* the trace directory: the one holding metadata */
	struct ct_model *model;
	size_t n_events;
};

/* One test's damaged copy. */
struct copy {
	char *tmp;
	char trace[4096];
	char dir[4096];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Finds the directory holding a metadata file under ROOT into OUT; false if none. */
static bool find_trace_dir(const char *root, char *out, size_t size)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *d;
	bool found = false;

	snprintf(path, sizeof(path), "%s/metadata", root);
	if (stat(path, &st) == 0) {
		snprintf(out, size, "%s", root);
		return true;
	}
	d = opendir(root);
	while (d && !found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			found = find_trace_dir(path, out, size);
	}
	if (d)
		closedir(d);
	return found;
}

static int group_setup(void **state)
{
	struct sound *s = calloc(1, sizeof(*s));
	/*
	 * The program uses libctrace: no shim (which sanitizer builds could not
	 * preload). It runs on CPU 0 only, so all its events go to ctrace_0 (LTTng
	 * writes one stream per CPU), which the tests damage.
	 */
	char *argv[] = { (char *)ctrace_bin,
			 "record",
			 "--no-preload",
			 "-o",
			 NULL,
			 "--",
			 "taskset",
			 "-c",
			 "0",
			 (char *)gen_prog,
			 GEN_EVENTS,
			 NULL };
	struct itest_run run;
	char *error = NULL;
	struct stat st;
	char path[4200];

	assert_non_null(s);
	*state = s;
	s->tmp = itest_tmpdir();
	snprintf(s->trace, sizeof(s->trace), "%s/trace", s->tmp);
	argv[4] = s->trace;
	/* The benchmark's generator does not free everything: sanitizer builds must not fail it. */
	itest_run(argv, (char *[]){ "ASAN_OPTIONS=detect_leaks=0", NULL }, &run);
	if (run.status != 0)
		fail_msg("ctrace record exited %d:\n%s", run.status, run.err);
	itest_run_free(&run);
	assert_true(find_trace_dir(s->trace, s->dir, sizeof(s->dir)));
	/* The tests damage ctrace_0's third packet: it must have one. */
	snprintf(path, sizeof(path), "%s/ctrace_0", s->dir);
	assert_int_equal(stat(path, &st), 0);
	if (st.st_size <= 3 * MIB)
		fail_msg("%s has %lld bytes: too few packets for the test", path,
			 (long long)st.st_size);
	if (ct_model_load(s->trace, NULL, &s->model, &error) != CT_MODEL_OK)
		fail_msg("the sound trace does not load: %s", error);
	ct_model_borrow_events(s->model, &s->n_events);
	return 0;
}

static int group_teardown(void **state)
{
	struct sound *s = *state;

	if (!s)
		return 0;
	ct_model_destroy(s->model);
	itest_rmtree(s->tmp);
	free(s->tmp);
	free(s);
	return 0;
}

/* Copies the sound trace into a fresh directory; the trace keeps root's modes. */
static void copy_make(const struct sound *s, struct copy *c)
{
	char *argv[] = { "cp", "-a", (char *)s->trace, NULL, NULL };
	struct itest_run run;

	c->tmp = itest_tmpdir();
	snprintf(c->trace, sizeof(c->trace), "%s/trace", c->tmp);
	argv[3] = c->trace;
	itest_run(argv, NULL, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	/* The same relative path as the sound trace's directory. */
	snprintf(c->dir, sizeof(c->dir), "%s%s", c->trace, s->dir + strlen(s->trace));
}

static void copy_free(struct copy *c)
{
	char *argv[] = { "chmod", "-R", "u+rwX", c->tmp, NULL };
	struct itest_run run;

	/* What a test made unreadable must be removable again. */
	itest_run(argv, NULL, &run);
	itest_run_free(&run);
	itest_rmtree(c->tmp);
	free(c->tmp);
}

/* Writes byte B at OFFSET of FILE in C's trace directory. */
static void poke(const struct copy *c, const char *file, off_t offset, unsigned char b)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", c->dir, file);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, &b, 1, offset), 1);
	close(fd);
}

/* Cuts FILE in C's trace directory to SIZE bytes. */
static void cut(const struct copy *c, const char *file, off_t size)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", c->dir, file);
	assert_int_equal(truncate(path, size), 0);
}

/* What one load gave. */
struct outcome {
	enum ct_model_status status;
	char *error; /* owned */
	struct ct_model *model;
	struct ct_model_load_notes notes;
	double seconds;
};

static void outcome_free(struct outcome *o)
{
	free(o->error);
	free(o->notes.warning);
	ct_model_destroy(o->model);
	memset(o, 0, sizeof(*o));
}

/* Loads TRACE with SALVAGE and WATCHDOG_MS (0: the default), timing it. */
static void load(const char *trace, bool salvage, bool skip, unsigned watchdog_ms,
		 struct outcome *o)
{
	struct ct_model_load_options opts = { .salvage = salvage,
					      .skip_unreadable = skip,
					      .watchdog_ms = watchdog_ms,
					      .notes = &o->notes };
	double t0 = now_s();

	memset(o, 0, sizeof(*o));
	o->status = ct_model_load(trace, &opts, &o->model, &o->error);
	o->seconds = now_s() - t0;
}

/* Asserts O failed with STATUS within LIMIT seconds, its message holding each word given. */
static void assert_failed(const struct outcome *o, enum ct_model_status status, double limit, ...)
{
	const char *word;
	va_list ap;

	if (o->status != status)
		fail_msg("status %d (%s), not %d: %s", o->status, ct_model_status_str(o->status),
			 status, o->error ? o->error : "(no message)");
	assert_null(o->model);
	assert_non_null(o->error);
	if (o->seconds > limit)
		fail_msg("took %.1f s (limit %.1f s): %s", o->seconds, limit, o->error);
	va_start(ap, limit);
	while ((word = va_arg(ap, const char *)) != NULL) {
		if (!strstr(o->error, word))
			fail_msg("the message lacks \"%s\": %s", word, o->error);
	}
	va_end(ap);
	/* One line, without babeltrace2's internals. */
	assert_null(strchr(o->error, '\n'));
	assert_null(strstr(o->error, "addr="));
	assert_null(strstr(o->error, "0x"));
}

/*
 * Asserts that salvaged O holds what precedes the damage: some events but
 * fewer than the sound trace, and the sound trace's first ones, one for one.
 */
static void assert_salvaged(const struct sound *s, const struct outcome *o)
{
	const struct ct_model_event *sev, *oev;
	size_t n;

	if (o->status != CT_MODEL_OK)
		fail_msg("salvage failed: %s", o->error ? o->error : "(no message)");
	assert_true(o->notes.cut);
	assert_non_null(o->notes.warning);
	sev = ct_model_borrow_events(s->model, &n);
	oev = ct_model_borrow_events(o->model, &n);
	assert_true(n > 0);
	assert_true(n < s->n_events);
	/* The same start, so the same relative times. */
	assert_true(ct_model_start_ns(o->model) == ct_model_start_ns(s->model));
	for (size_t i = 0; i < n; i++) {
		if (ct_model_event_time(&oev[i]) != ct_model_event_time(&sev[i]) ||
		    oev[i].type != sev[i].type)
			fail_msg("salvaged event %zu of %zu differs from the sound trace's", i, n);
	}
}

/* babeltrace2 loops for ever on this metadata: the watchdog must end it. */
static void test_truncated_metadata(void **state)
{
	struct sound *s = *state;
	struct copy c;
	struct outcome o;

	copy_make(s, &c);
	cut(&c, "metadata", 8000);
	load(c.trace, false, false, 2000, &o);
	assert_failed(&o, CT_MODEL_DAMAGED, 2 + SLACK_S, "damaged metadata", "/metadata",
		      "no progress", NULL);
	assert_false(o.notes.salvageable);
	outcome_free(&o);
	/* Nothing can be decoded without the metadata: salvage has nothing to give. */
	load(c.trace, true, false, 2000, &o);
	assert_failed(&o, CT_MODEL_DAMAGED, 2 + SLACK_S, "damaged metadata", NULL);
	outcome_free(&o);
	copy_free(&c);
}

/* One byte of the first packet's size (its packet context): babeltrace2 asserts. */
static void test_corrupt_first_packet(void **state)
{
	struct sound *s = *state;
	struct copy c;
	struct outcome o;

	copy_make(s, &c);
	poke(&c, "ctrace_0", 63, 0xff);
	load(c.trace, false, false, 0, &o);
	assert_failed(&o, CT_MODEL_DAMAGED, SLACK_S, "damaged packet", "/ctrace_0", "at offset 0",
		      NULL);
	assert_false(o.notes.salvageable);
	outcome_free(&o);
	load(c.trace, true, false, 0, &o);
	assert_failed(&o, CT_MODEL_DAMAGED, SLACK_S, "/ctrace_0", "nothing precedes it", NULL);
	outcome_free(&o);
	copy_free(&c);
}

/* The same in the third packet: found while decoding, after events were read. */
static void test_corrupt_later_packet(void **state)
{
	struct sound *s = *state;
	struct copy c;
	struct outcome o;

	copy_make(s, &c);
	poke(&c, "ctrace_0", 2 * MIB + 63, 0xff);
	load(c.trace, false, false, 0, &o);
	assert_failed(&o, CT_MODEL_DAMAGED, SLACK_S, "damaged packet", "/ctrace_0",
		      "at offset 2097152", NULL);
	assert_true(o.notes.salvageable);
	outcome_free(&o);
	load(c.trace, true, false, 0, &o);
	assert_salvaged(s, &o);
	assert_non_null(strstr(o.notes.warning, "at offset 2097152"));
	outcome_free(&o);
	copy_free(&c);
}

/* A full disk: the stream file ends inside its third packet. */
static void test_truncated_stream(void **state)
{
	struct sound *s = *state;
	struct copy c;
	struct outcome o;

	copy_make(s, &c);
	cut(&c, "ctrace_0", 2 * MIB + 500000);
	load(c.trace, false, false, 0, &o);
	assert_failed(&o, CT_MODEL_DAMAGED, SLACK_S, "/ctrace_0", "cut short", "offset 2097152",
		      NULL);
	assert_true(o.notes.salvageable);
	outcome_free(&o);
	load(c.trace, true, false, 0, &o);
	assert_salvaged(s, &o);
	outcome_free(&o);
	copy_free(&c);
}

/*
 * Runs a load of TRACE as user 65534 when the test runs as root (in a
 * forked child, which sends back the status, the skipped count and the
 * message), else as the test's own user. O gets what it gave (no model).
 */
static void load_as_other(const char *trace, bool skip, struct outcome *o)
{
	int fd[2];
	pid_t pid;
	char buf[4096] = "";
	ssize_t n;
	size_t have = 0;
	int st;

	if (geteuid() != 0) {
		load(trace, false, skip, 0, o);
		ct_model_destroy(o->model);
		o->model = NULL;
		return;
	}
	memset(o, 0, sizeof(*o));
	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct outcome mine;
		char line[4096];

		close(fd[0]);
		if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		load(trace, false, skip, 0, &mine);
		snprintf(line, sizeof(line), "%d %llu %d %s", mine.status,
			 (unsigned long long)mine.notes.skipped_traces, mine.notes.skippable,
			 mine.status == CT_MODEL_OK ? (mine.notes.warning ? mine.notes.warning : "")
						    : (mine.error ? mine.error : ""));
		if (write(fd[1], line, strlen(line)) < 0)
			_exit(4);
		_exit(0);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf + have, sizeof(buf) - 1 - have)) > 0)
		have += (size_t)n;
	buf[have] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	{
		int status = -1, skippable = 0, at = 0;
		unsigned long long skipped = 0;

		assert_int_equal(sscanf(buf, "%d %llu %d %n", &status, &skipped, &skippable, &at),
				 3);
		o->status = (enum ct_model_status)status;
		o->notes.skipped_traces = skipped;
		o->notes.skippable = skippable;
		o->error = strdup(buf + at);
	}
}

/* Makes the copy's directories reachable by others, the trace itself keeping its modes. */
static void open_up(const struct copy *c)
{
	assert_int_equal(chmod(c->tmp, 0755), 0);
	assert_int_equal(chmod(c->trace, 0755), 0);
}

/* As another user: everything readable except one stream file. */
static void test_unreadable_stream(void **state)
{
	struct sound *s = *state;
	char *argv[] = { "chmod", "-R", "a+rX", NULL, NULL };
	struct itest_run run;
	struct copy c;
	struct outcome o;
	char path[4200];

	copy_make(s, &c);
	open_up(&c);
	argv[3] = c.trace;
	itest_run(argv, NULL, &run);
	itest_run_free(&run);
	snprintf(path, sizeof(path), "%s/ctrace_1", c.dir);
	assert_int_equal(chmod(path, 0), 0);
	load_as_other(c.trace, false, &o);
	if (o.status != CT_MODEL_READ_ERROR || !strstr(o.error, "/ctrace_1") ||
	    !strstr(o.error, "Permission denied"))
		fail_msg("status %d: %s", o.status, o.error);
	outcome_free(&o);
	copy_free(&c);
}

/* As another user: a trace recorded by root keeps its directories to root's group. */
static void test_root_trace(void **state)
{
	struct sound *s = *state;
	struct copy c;
	struct outcome o;

	if (geteuid() != 0)
		skip();
	copy_make(s, &c);
	open_up(&c);
	load_as_other(c.trace, false, &o);
	if (o.status != CT_MODEL_READ_ERROR || !strstr(o.error, "cannot read") ||
	    !strstr(o.error, "Permission denied"))
		fail_msg("status %d: %s", o.status, o.error);
	outcome_free(&o);
	copy_free(&c);
}

/*
 * Two sub-traces (the trace directory twice), one unreadable: an error
 * that names it, unless skipping was asked for.
 */
static void test_unreadable_subtrace(void **state)
{
	struct sound *s = *state;
	char *cp_argv[] = { "cp", "-a", NULL, NULL, NULL };
	char *chmod_argv[] = { "chmod", "-R", "a+rX", NULL, NULL };
	struct itest_run run;
	struct copy c;
	struct outcome o;
	char second[4300], *slash;

	copy_make(s, &c);
	open_up(&c);
	snprintf(second, sizeof(second), "%s", c.dir);
	slash = strrchr(second, '/');
	assert_non_null(slash);
	snprintf(slash, sizeof(second) - (size_t)(slash - second), "/zz-second");
	cp_argv[2] = c.dir;
	cp_argv[3] = second;
	itest_run(cp_argv, NULL, &run);
	assert_int_equal(run.status, 0);
	itest_run_free(&run);
	chmod_argv[3] = c.trace;
	itest_run(chmod_argv, NULL, &run);
	itest_run_free(&run);
	assert_int_equal(chmod(second, 0), 0);
	load_as_other(c.trace, false, &o);
	if (o.status != CT_MODEL_READ_ERROR || !strstr(o.error, "zz-second") ||
	    !strstr(o.error, "Permission denied") || !o.notes.skippable)
		fail_msg("status %d: %s", o.status, o.error);
	outcome_free(&o);
	load_as_other(c.trace, true, &o);
	if (o.status != CT_MODEL_OK || o.notes.skipped_traces != 1 || !strstr(o.error, "zz-second"))
		fail_msg("status %d, %llu skipped: %s", o.status,
			 (unsigned long long)o.notes.skipped_traces, o.error);
	outcome_free(&o);
	copy_free(&c);
}

/* The ctrace command on damaged traces: exit 2, the file named, never a hang or an abort. */
static void test_cli(void **state)
{
	struct sound *s = *state;
	char *argv[] = { (char *)ctrace_bin, "dump", NULL, NULL };
	struct itest_run run;
	struct copy c;
	double t0;

	copy_make(s, &c);
	argv[2] = c.trace;
	poke(&c, "ctrace_0", 2 * MIB + 63, 0xff);
	itest_run(argv, NULL, &run);
	if (run.status != 2 || !strstr(run.err, "ctrace_0") || !strstr(run.err, "--salvage"))
		fail_msg("exit %d: %s", run.status, run.err);
	itest_run_free(&run);
	/* --salvage: what precedes the damage, with a warning that says where it was cut. */
	{
		char *salvage[] = { (char *)ctrace_bin, "stats", "--salvage", c.trace, NULL };

		itest_run(salvage, NULL, &run);
		if (run.status != 0 || !strstr(run.err, "warning") ||
		    !strstr(run.err, "ctrace_0") || !strstr(run.err, "kept the") ||
		    !strstr(run.out, "Threads ("))
			fail_msg("exit %d: %s%s", run.status, run.err, run.out);
		itest_run_free(&run);
	}
	cut(&c, "metadata", 8000);
	t0 = now_s();
	itest_run(argv, NULL, &run);
	if (run.status != 2 || !strstr(run.err, "metadata"))
		fail_msg("exit %d: %s", run.status, run.err);
	assert_true(now_s() - t0 < CT_MODEL_WATCHDOG_MS / 1000 + SLACK_S);
	itest_run_free(&run);
	copy_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated_metadata),
		cmocka_unit_test(test_corrupt_first_packet),
		cmocka_unit_test(test_corrupt_later_packet),
		cmocka_unit_test(test_truncated_stream),
		cmocka_unit_test(test_unreadable_stream),
		cmocka_unit_test(test_root_trace),
		cmocka_unit_test(test_unreadable_subtrace),
		cmocka_unit_test(test_cli),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	gen_prog = getenv("GEN_TRACE");
	if (!ctrace_bin || !gen_prog) {
		fprintf(stderr, "CTRACE_BIN and GEN_TRACE must be set\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
