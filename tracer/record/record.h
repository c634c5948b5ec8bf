/* SPDX-License-Identifier: MIT */
/*
 * record.h - records one program into a CTF trace through a real LTTng
 * session (liblttng-ctl), starting a session daemon when none answers.
 *
 * Not thread-safe: one recording per process at a time. For the duration of
 * ct_record_run the calling thread blocks SIGINT, SIGTERM, SIGHUP, SIGCHLD
 * and SIGPIPE and takes them synchronously (no handlers are installed), so
 * call it from a process whose other threads, if any, block those signals.
 * With a preload it also runs one helper thread (which inherits that mask)
 * that answers the announcements of new processes; it is joined before
 * ct_record_run returns.
 */
#ifndef CTRACE_RECORD_H
#define CTRACE_RECORD_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct ct_record_options {
	const char *output_dir; /* borrowed; NULL: new directory under ./ctrace-traces/ */
	const char
		*session_prefix; /* borrowed; session and directory name prefix, NULL: "ctrace" */
	double timeout_s;        /* > 0: SIGKILL the program after this many seconds */
	char *const *argv;       /* borrowed; program and arguments, NULL-terminated */
	char *const *extra_env;  /* borrowed; "NAME=value" entries for the child, may be NULL */
	FILE *log;               /* borrowed; progress and notices, NULL: stderr */
	const char *log_prefix;  /* borrowed; what every notice starts with, NULL: "ctrace" */
	/*
	 * borrowed; path of libctrace-preload.so, or NULL to run the program as
	 * it is. When set, the shim (and liblttng-ust-fork, so tracing survives
	 * fork) is appended to the child's LD_PRELOAD, and processes the program
	 * forks or starts are recorded too: they announce themselves to the
	 * recorder, which adds them to the session's process tracker.
	 */
	const char *preload;
};

/*
 * Why a kept trace misses events: the bits of ct_record_result.incomplete.
 * The trace then holds what reached the disk.
 */
enum ct_record_loss {
	CT_RECORD_LOST_EVENTS = 1u << 0,   /* LTTng discarded events or lost packets (counted) */
	CT_RECORD_LOST_SESSIOND = 1u << 1, /* the session daemon stopped while recording */
	CT_RECORD_LOST_DISK_FULL = 1u
				   << 2, /* the trace's file system filled up: recording stopped */
	CT_RECORD_LOST_END = 1u << 3,    /* the session could not be stopped or destroyed cleanly */
};

struct ct_record_result {
	char trace_dir[PATH_MAX]; /* absolute path of the trace directory */
	int exit_status;          /* what `ctrace record` exits with: code, or 128 + signal */
	int term_signal;          /* the signal that ended the program, 0 if it exited */
	bool timed_out;           /* killed by --timeout */
	bool interrupted;         /* stopped because ctrace got SIGINT/SIGTERM */
	bool started_sessiond;    /* no session daemon answered, so one was started */
	bool no_events; /* the program emitted no ctrace event: the directory holds no CTF trace */
	bool preload_skipped; /* a preload was asked for but cannot apply (static program, ...) */
	unsigned
		more_processes; /* processes recorded besides the program (forked or started by it) */
	uint64_t discarded_events;
	uint64_t lost_packets;
	unsigned incomplete;  /* 0: complete; else enum ct_record_loss bits (said on the log) */
	double recorded_s;    /* with LOST_SESSIOND or LOST_DISK_FULL: seconds recorded before */
	bool program_stopped; /* ctrace stopped the program because the disk was full */
};

/* What ct_record_run says about the recording (not about the program, see ct_record_result). */
enum ct_record_status {
	CT_RECORD_OK = 0,
	CT_RECORD_NOMEM = 1,       /* out of memory */
	CT_RECORD_BAD_PROGRAM = 2, /* no program given, not found, not executable, or exec failed */
	CT_RECORD_BAD_OUTPUT = 3,  /* the trace directory cannot be created or used */
	CT_RECORD_NO_SESSIOND = 4, /* no LTTng session daemon answers, and none could be started */
	CT_RECORD_LTTNG_ERROR = 5, /* the LTTng session could not be set up, started or finished */
	CT_RECORD_SYSTEM_ERROR = 6, /* fork, pipe, socket, signal mask or thread failed */
};

/* A static English phrase for STATUS; never NULL. Can't fail. */
const char *ct_record_status_str(enum ct_record_status status);

/*
 * Records OPTS->argv. Returns CT_RECORD_OK once the program has started:
 * whatever its own exit status, and whatever fails afterwards (the session
 * daemon dies, the disk fills up, the session cannot be stopped), the trace
 * directory is kept with what reached the disk, RESULT->incomplete says what
 * is missing, and the log has said it. Otherwise returns the reason the
 * recording could not start; then ERR holds a one-line message that says what
 * to do (more precise than ct_record_status_str), and no half-created trace
 * directory is left behind. RESULT is always written; on failure its
 * trace_dir is "".
 *
 * While the program runs, the free space of the trace's file system is
 * watched: when it falls below what the end of the recording needs, tracing
 * stops (the program runs on unrecorded); when the file system is full and
 * the program's threads may wait for ever for buffer space, the program is
 * stopped as on SIGINT. The program gets SIGKILL if this process dies, and
 * sessions left running by recorders that were killed are ended first (see
 * ct_record_sessions).
 */
enum ct_record_status ct_record_run(const struct ct_record_options *opts,
				    struct ct_record_result *result, char *err, size_t errlen);

/*
 * A session of the session daemon that a ctrace recording made (its name is
 * signed by the recorder, see owner.c).
 */
struct ct_record_session {
	char name[256];
	char trace_dir[PATH_MAX]; /* where its trace is written */
	long recorder_pid;        /* the `ctrace` that made it */
	bool active;              /* it still records */
	bool orphaned;            /* its recorder is gone: nothing else will ever end it */
	bool foreign; /* made in another pid namespace: whether its recorder runs is unknown */
};

/*
 * Lists the sessions recordings made that the session daemon still has
 * (none is started when none runs). Returns CT_RECORD_OK and in *OUT an
 * array of *N (owned, free() it; NULL when 0), or with ERR set
 * CT_RECORD_NO_SESSIOND (no daemon answers), CT_RECORD_LTTNG_ERROR or
 * CT_RECORD_NOMEM.
 */
enum ct_record_status ct_record_sessions(struct ct_record_session **out, size_t *n, char *err,
					 size_t errlen);

/*
 * Ends the session NAME: stops it (its buffers reach the trace files) and
 * destroys it; the trace files stay. Returns CT_RECORD_OK, or
 * CT_RECORD_LTTNG_ERROR with ERR set.
 */
enum ct_record_status ct_record_session_end(const char *name, char *err, size_t errlen);

#endif /* CTRACE_RECORD_H */
