/* SPDX-License-Identifier: MIT */
/*
 * itest.h - integration test helpers: run a command and capture its output,
 * read a recorded trace back through the real `babeltrace2` command, and
 * query its events. Not thread-safe; tests call them from one thread.
 */
#ifndef CTRACE_ITEST_H
#define CTRACE_ITEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct itest_run {
	char *out;  /* owned: everything written to stdout */
	char *err;  /* owned: everything written to stderr */
	int status; /* exit code, or 128 + signal */
};

/* Runs ARGV (NULL-terminated) with EXTRA_ENV ("N=V", may be NULL) and waits. */
int itest_run(char *const argv[], char *const extra_env[], struct itest_run *run);
void itest_run_free(struct itest_run *run);

/*
 * Runs ARGV in a process group of its own and, after DELAY_MS, sends SIG to
 * the whole group, as a terminal's Ctrl-C does; then waits.
 */
int itest_run_interrupted(char *const argv[], unsigned delay_ms, int sig, struct itest_run *run);

/* A command started with itest_start, still to be waited for with itest_finish. */
struct itest_proc {
	pid_t pid;
	FILE *out, *err; /* owned: its stdout and stderr */
};

/* Starts ARGV with EXTRA_ENV ("N=V", may be NULL), in a process group of its own if OWN_GROUP. */
void itest_start(char *const argv[], char *const extra_env[], bool own_group,
		 struct itest_proc *proc);
/* What PROC has written to stderr so far (owned by the caller, at most 64 KiB). */
char *itest_proc_err(struct itest_proc *proc);
/* Waits for PROC and collects what it wrote and its status into RUN. */
void itest_finish(struct itest_proc *proc, struct itest_run *run);

void itest_sleep_ms(unsigned ms);

/*
 * Moves the test into an LTTng environment of its own (root only): private
 * mount and pid namespaces with empty /run/lttng and /dev/shm, and a fresh
 * LTTNG_HOME, so the session daemon ctrace starts there is the test's alone
 * and can be killed, and everything started there dies with the test. Call
 * it first in main: it returns -1 in the process that goes on to run the
 * tests, and in the original process, once they are done, their exit status
 * to return from main (77, skipped, when namespaces cannot be made).
 */
int itest_private_lttng(void);

/* The pid of the session daemon answering in /run/lttng, or 0. */
pid_t itest_sessiond_pid(void);

struct itest_field {
	char *key;   /* owned */
	char *value; /* owned: strings unquoted, enumerations as their word */
};

struct itest_event {
	uint64_t ts; /* ns since the epoch of the trace clock */
	char *name;  /* owned: without the "ctrace:" prefix */
	int64_t vtid;
	int64_t vpid;
	char *procname; /* owned */
	struct itest_field fields[8];
	int nfields;
};

struct itest_trace {
	struct itest_event *events; /* owned, in babeltrace2's (timestamp) order */
	size_t n;
	size_t skipped; /* lines that were not ctrace events */
};

/* Reads DIR with `babeltrace2 --clock-seconds --no-delta`. 0 on success. */
int itest_trace_read(const char *dir, struct itest_trace *trace);
void itest_trace_free(struct itest_trace *trace);

/* The value of KEY in EV, or NULL. */
const char *itest_field(const struct itest_event *ev, const char *key);
/* The value of KEY parsed as an integer; aborts the test if absent. */
int64_t itest_field_int(const struct itest_event *ev, const char *key);

/* How many events are called NAME. */
size_t itest_count(const struct itest_trace *trace, const char *name);
/* How many events are called NAME and have KEY equal to VALUE. */
size_t itest_count_where(const struct itest_trace *trace, const char *name, const char *key,
			 const char *value);
/* The distinct vtids in the trace. */
size_t itest_thread_count(const struct itest_trace *trace);

/*
 * A recording test's workspace: a fresh directory, the trace path inside it,
 * and the last run and trace read (both freed by itest_fixture_fini).
 */
struct itest_fixture {
	char *tmp; /* owned: the directory, removed by fini */
	char trace[4096];
	struct itest_run run;
	struct itest_trace tr;
};

void itest_fixture_init(struct itest_fixture *f);
void itest_fixture_fini(struct itest_fixture *f);
/* cmocka setup/teardown: *STATE is an allocated, initialised struct itest_fixture. */
int itest_fixture_setup(void **state);
int itest_fixture_teardown(void **state);

/* A fresh empty directory under /tmp (owned, rmdir'd by itest_rmtree). */
char *itest_tmpdir(void);
/* Removes PATH and everything below it. */
void itest_rmtree(const char *path);

/* The number of lines in TEXT equal to LINE. */
size_t itest_count_lines(const char *text, const char *line);

/*
 * One trace shared by a group of tests: scenario ID recorded at --speed 20
 * by CTRACE_BIN into TMP/trace. NULL (having said why on stderr) when it
 * could not be recorded. Free it with itest_scenario_free (which removes TMP).
 */
struct itest_scenario_trace {
	char *tmp;
	char trace[4096];
};
struct itest_scenario_trace *itest_scenario_record(const char *ctrace_bin, const char *id);
void itest_scenario_free(struct itest_scenario_trace *t);

#endif /* CTRACE_ITEST_H */
