/* SPDX-License-Identifier: MIT */
/*
 * recording.h - what the files of the recorder share: the state of each part
 * of one recording and the functions each file gives the others. Private to
 * tracer/record/; the CLI sees only record.h.
 *
 * One file a concept, and ct_record_run (record.c) calls them in order:
 *   child.c      the program's process: finding it, fork and exec, waiting,
 *                --timeout, signals, and the processes that outlive it
 *   env.c        the program's environment, with the LD_PRELOAD of the shim
 *   trace_dir.c  the trace directory: chosen, created, kept or removed
 *   sessiond.c   the LTTng session daemon, started when none answers
 *   session.c    the LTTng session: the only file that calls liblttng-ctl
 *   listener.c   the announcement listener, which adds the processes the
 *                program forks or starts to the session
 *   watch.c      what is watched while the program runs: the free space of
 *                the trace's file system, and the session daemon
 *   warmup.c     a first process that registers the event classes, so the
 *                stop does not wait for LTTng's metadata
 *   owner.c      whose a session is: the recorder's signature in its name,
 *                and the sessions whose recorder was killed, ended later
 *   notices.c    how they all speak: notices, error messages, the clock
 *
 * Functions that can fail return enum ct_record_status and write a one-line
 * message into ERR (ERRLEN bytes) that says what to do.
 */
#ifndef CTRACE_RECORDING_H
#define CTRACE_RECORDING_H

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "record.h"

/* notices.c: how every file speaks, and the clock. */

/* Where the recorder's notices go, and what each starts with ("ctrace record"). */
struct ct_rec_log {
	FILE *fp;           /* borrowed */
	const char *prefix; /* borrowed */
};

/*
 * Writes one notice to LOG: "PREFIX: " then the message (one sentence, no
 * newline), then a newline; flushed, so it comes out before the program's
 * own output. Can't fail (a failed write is not reported).
 */
void ct_rec_say(const struct ct_rec_log *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Writes the message into ERR (ERRLEN bytes); does nothing when ERR is NULL. */
void ct_rec_set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Seconds on the monotonic clock. */
double ct_rec_now_s(void);

struct ct_rec_watch;
struct ct_rec_owner;

/* child.c: the program's process. */

/*
 * Finds NAME the way execvp will (a name with a slash is a path, else each
 * PATH entry in turn). Returns CT_RECORD_OK and the path in OUT, or
 * CT_RECORD_BAD_PROGRAM with a message in ERR: not found, a directory, or not
 * executable.
 */
enum ct_record_status ct_rec_find_program(const char *name, char *out, size_t outlen, char *err,
					  size_t errlen);

/* The signals a recording takes synchronously (see record.h), and what to restore. */
struct ct_rec_signals {
	sigset_t set; /* SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE */
	sigset_t old_mask;
	bool mask_changed;
	struct sigaction old_chld;
	bool chld_changed;
};

/*
 * Blocks SIG->set in the calling thread and sets SIGCHLD to its default.
 * Returns CT_RECORD_OK, or CT_RECORD_SYSTEM_ERROR with ERR set. Call
 * ct_rec_signals_restore in any case.
 */
enum ct_record_status ct_rec_signals_take(struct ct_rec_signals *sig, char *err, size_t errlen);

/* Undoes ct_rec_signals_take, dropping what arrived meanwhile. Safe on a zeroed SIG. */
void ct_rec_signals_restore(struct ct_rec_signals *sig);

struct ct_rec_child {
	pid_t pid;         /* 0 when none is running */
	int go_fd;         /* write end: one byte lets the child exec; -1 if none */
	int exec_fd;       /* read end: the child's exec errno, EOF on success; -1 if none */
	double started_at; /* ct_rec_now_s() when it was let exec */
	bool quiet;        /* set before spawning: its stdin, stdout and stderr are /dev/null */
};

/* Makes C hold no process and no descriptor. Can't fail. */
void ct_rec_child_init(struct ct_rec_child *c);

/*
 * Forks the child that will become the program ARGV with environment ENVP.
 * It waits for ct_rec_child_release, so it can be tracked and the session
 * started before it execs; then it restores EXEC_MASK and execs. INHERIT_FD
 * (or -1) is the one descriptor it keeps across exec. Returns CT_RECORD_OK,
 * or CT_RECORD_SYSTEM_ERROR with ERR set.
 */
enum ct_record_status ct_rec_child_spawn(struct ct_rec_child *c, char *const *argv,
					 char *const *envp, const sigset_t *exec_mask,
					 int inherit_fd, char *err, size_t errlen);

/*
 * Lets the child exec PROG. Returns CT_RECORD_OK once exec succeeded, or with
 * ERR set CT_RECORD_BAD_PROGRAM (exec failed) or CT_RECORD_SYSTEM_ERROR.
 */
enum ct_record_status ct_rec_child_release(struct ct_rec_child *c, const char *prog, char *err,
					   size_t errlen);

/*
 * Waits for the child, enforcing OPTS->timeout_s, turning the signals of
 * SIGS into SIGINT for the child (SIGKILL after a grace period), and ticking
 * WATCH (may be NULL), which may stop the child the same way. Fills the exit
 * fields of RESULT and says on LOG how the program ended.
 */
void ct_rec_child_wait(struct ct_rec_child *c, const struct ct_record_options *opts,
		       const sigset_t *sigs, struct ct_rec_watch *watch,
		       const struct ct_rec_log *log, struct ct_record_result *result);

/* On failure: a child still waiting exits without exec, a running one is killed; reaps it. */
void ct_rec_child_kill(struct ct_rec_child *c);

/* Closes what C still holds. Can't fail. */
void ct_rec_child_fini(struct ct_rec_child *c);

/* Recorded processes besides the program waited for at once. */
#define CT_REC_MAX_OTHERS 256

/*
 * The processes the program forked or started that announced themselves,
 * not seen exiting yet. The listener thread adds to it while the recording
 * thread waits: the lock guards every field.
 */
struct ct_rec_others {
	pthread_mutex_t lock;
	int fds[CT_REC_MAX_OTHERS]; /* owned pidfds */
	pid_t pids[CT_REC_MAX_OTHERS];
	unsigned n;
	bool overflow; /* more than CT_REC_MAX_OTHERS at once: some are not waited for */
};

void ct_rec_others_init(struct ct_rec_others *o);
void ct_rec_others_fini(struct ct_rec_others *o);

/*
 * Remembers PID, which is waiting for the listener's answer. Can't fail: a
 * process it cannot watch is not waited for.
 */
void ct_rec_others_watch(struct ct_rec_others *o, pid_t pid);

/* Whether PID was watched before and has not been seen exiting. */
bool ct_rec_others_has(struct ct_rec_others *o, pid_t pid);

/*
 * After the program exited: waits until *ALL_GONE (the listener's end of
 * file: no process holds the program's end of the announcement socket), a
 * signal of SIGS, OPTS->timeout_s counted from STARTED_AT (which kills
 * them), or WATCH (may be NULL) stopping the recording (a full disk kills
 * them too). Says on LOG what it waits for; sets RESULT's timed_out,
 * interrupted.
 */
void ct_rec_others_wait(struct ct_rec_others *o, const atomic_bool *all_gone,
			const struct ct_record_options *opts, double started_at,
			const sigset_t *sigs, struct ct_rec_watch *watch,
			const struct ct_rec_log *log, struct ct_record_result *result);

/* env.c: the program's environment. */

struct ct_rec_env {
	char **envp;      /* owned array; the strings are borrowed: the whole environment */
	char **extra;     /* owned array, NULL without the shim: OPTS's extra_env and the preload */
	char *ld_preload; /* owned: "LD_PRELOAD=..." */
	char shim_fd_env[48];     /* CT_ANNOUNCE_FD_ENV "=N" (announce.h) */
	char shim_parent_env[48]; /* CT_ANNOUNCE_PARENT_ENV "=PID" */
};

/*
 * Prepares the preload of the shim OPTS->preload (not NULL) for the program
 * PROG_PATH: LD_PRELOAD with the shim and LTTng's fork and fd helpers
 * appended to the user's own. When the shim cannot apply, says why on LOG,
 * sets *SKIPPED and changes nothing. Returns CT_RECORD_OK, or CT_RECORD_NOMEM
 * with ERR set.
 */
enum ct_record_status ct_rec_env_preload(struct ct_rec_env *env,
					 const struct ct_record_options *opts,
					 const char *prog_path, const struct ct_rec_log *log,
					 bool *skipped, char *err, size_t errlen);

/* After ct_rec_env_preload applied: tells the shim FD, the program's end of the socket. */
void ct_rec_env_announce(struct ct_rec_env *env, int fd);

/*
 * Builds the child's whole environment, ENV->envp: ours, LTTng-UST's
 * settings, then the preload's extra environment or else EXTRA_ENV.
 * Returns CT_RECORD_OK, or CT_RECORD_NOMEM with ERR set.
 */
enum ct_record_status ct_rec_env_build(struct ct_rec_env *env, char *const *extra_env, char *err,
				       size_t errlen);

void ct_rec_env_fini(struct ct_rec_env *env);

/* trace_dir.c: the trace directory. */

struct ct_rec_dir {
	char path[PATH_MAX];       /* as created (maybe relative); "" until chosen */
	bool created;              /* we made it (else it was an empty one given by -o) */
	size_t created_parent_len; /* 0, or length of the top-most parent we made */
};

/*
 * Chooses and creates the trace directory: OUTPUT_DIR must not exist or be
 * empty; when NULL, a new ./ctrace-traces/PREFIX-DATE-TIME[-N]. Returns
 * CT_RECORD_OK, or CT_RECORD_BAD_OUTPUT with ERR set (then DIR still says
 * what was made, for ct_rec_dir_remove).
 */
enum ct_record_status ct_rec_dir_make(struct ct_rec_dir *dir, const char *output_dir,
				      const char *prefix, char *err, size_t errlen);

/*
 * Writes DIR's absolute path into ABS. Returns CT_RECORD_OK, or
 * CT_RECORD_BAD_OUTPUT with ERR set.
 */
enum ct_record_status ct_rec_dir_resolve(const struct ct_rec_dir *dir, char abs[PATH_MAX],
					 char *err, size_t errlen);

/* The free bytes of the file system holding ABS, in *AVAIL. Returns 0, or -1 (errno). */
int ct_rec_dir_free_bytes(const char *abs, uint64_t *avail);

/*
 * Returns CT_RECORD_OK when the file system holding ABS has NEED bytes free
 * (or cannot tell), else CT_RECORD_BAD_OUTPUT with ERR set.
 */
enum ct_record_status ct_rec_dir_check_space(const char *abs, uint64_t need, char *err,
					     size_t errlen);

/* Whether the directory ABS holds a CTF trace (LTTng writes one only once a program registers). */
bool ct_rec_dir_has_trace(const char *abs);

/* Removes what ct_rec_dir_make made (of an empty -o directory, only its contents). */
void ct_rec_dir_remove(const struct ct_rec_dir *dir);

/* sessiond.c: the session daemon. */

/*
 * Makes sure a session daemon answers, starting one when none does; sets
 * *STARTED then. Returns CT_RECORD_OK, or CT_RECORD_NO_SESSIOND
 * (CT_RECORD_SYSTEM_ERROR when it cannot even be started) with ERR set.
 */
enum ct_record_status ct_rec_sessiond_ensure(const struct ct_rec_log *log, bool *started, char *err,
					     size_t errlen);

/* session.c: the LTTng session, the only user of liblttng-ctl. */

struct ct_rec_session;

/*
 * 1 when a session daemon answers, 0 when none does, -1 when it cannot be
 * told (*WHY then says why, a static string).
 */
int ct_rec_session_daemon_alive(const char **why);

/*
 * Creates the session writing to ABS_DIR, named after PREFIX and signed with
 * SIGN (ct_rec_owner_format's, or "-PID"), with its channel, contexts and
 * the ctrace:*, lttng_ust_statedump:* and lttng_ust_dl:* events; not
 * started. Returns CT_RECORD_OK
 * and the owned session in *OUT, or with ERR set CT_RECORD_LTTNG_ERROR or
 * CT_RECORD_NOMEM, having destroyed what it made (saying on LOG if it could
 * not).
 */
enum ct_record_status ct_rec_session_create(const char *abs_dir, const char *prefix,
					    const char *sign, const struct ct_rec_log *log,
					    struct ct_rec_session **out, char *err, size_t errlen);

/*
 * Adds PID to the session's process tracker; FIRST also restricts the
 * session to the tracked processes. Safe from the listener thread while the
 * recording thread waits (it does not call liblttng-ctl meanwhile). Returns
 * CT_RECORD_OK, or CT_RECORD_LTTNG_ERROR with ERR set.
 */
enum ct_record_status ct_rec_session_track(struct ct_rec_session *s, pid_t pid, bool first,
					   char *err, size_t errlen);

/* Takes PID out of the session's process tracker, if it is there. Can't fail. */
void ct_rec_session_untrack(struct ct_rec_session *s, pid_t pid);

/* Starts tracing. Returns CT_RECORD_OK, or CT_RECORD_LTTNG_ERROR with ERR set. */
enum ct_record_status ct_rec_session_start(struct ct_rec_session *s, char *err, size_t errlen);

/*
 * Stops tracing (every event is then in the trace files), reads the
 * channel's discarded-event and lost-packet counts and destroys the LTTng
 * session. Returns CT_RECORD_OK, or CT_RECORD_LTTNG_ERROR with ERR set (the
 * trace files keep what reached them). ct_rec_session_destroy is still
 * needed to free S.
 */
enum ct_record_status ct_rec_session_finish(struct ct_rec_session *s, uint64_t *discarded,
					    uint64_t *lost, char *err, size_t errlen);

/* What ct_rec_session_check finds. */
enum ct_rec_daemon {
	CT_REC_DAEMON_ALIVE, /* it answers (or cannot be told apart from one that does) */
	CT_REC_DAEMON_GONE,  /* it stopped, and the session with it */
};

/* Whether the session daemon still answers. Safe while the listener runs. */
enum ct_rec_daemon ct_rec_session_check(struct ct_rec_session *s);

/*
 * Stops tracing now, without waiting for the buffers to reach the disk: what
 * the program does from then on is not recorded. ct_rec_session_finish waits
 * for them later. Returns CT_RECORD_OK (also when it was stopped already),
 * or CT_RECORD_LTTNG_ERROR with ERR set.
 */
enum ct_record_status ct_rec_session_stop_now(struct ct_rec_session *s, char *err, size_t errlen);

/*
 * The free space (bytes) a recording needs on its file system to end
 * cleanly: what the buffers may still hold when it stops (two sub-buffers a
 * CPU), plus room for the metadata. Below it, a recording does not start,
 * and a running one is stopped. Can't fail.
 */
uint64_t ct_rec_session_reserve_bytes(void);

/*
 * Lists every session of the session daemon: name, trace_dir and active of
 * each (the rest zeroed). Returns as ct_record_sessions.
 */
enum ct_record_status ct_rec_session_list_all(struct ct_record_session **out, size_t *n, char *err,
					      size_t errlen);

/* Stops and destroys the session NAME; see ct_record_session_end. */
enum ct_record_status ct_rec_session_end_named(const char *name, char *err, size_t errlen);

/*
 * Destroys the LTTng session unless ct_rec_session_finish did (saying on LOG
 * how to remove it if that fails), and frees S. Accepts NULL.
 */
void ct_rec_session_destroy(struct ct_rec_session *s, const struct ct_rec_log *log);

/* listener.c: the announcement listener (the protocol: tracer/schema/announce.h). */

struct ct_rec_listener {
	int fd;                         /* our end of the announcement socket, -1 if none */
	int child_fd;                   /* the program's end, -1 once handed over */
	pthread_t thread;               /* answers announcements while the program runs */
	pthread_t waiter;               /* the recording thread, woken (SIGCHLD) at end-of-file */
	bool running;                   /* THREAD runs */
	atomic_bool eof;                /* every process holding the program's end has exited */
	atomic_uint more_processes;     /* processes added to the tracker */
	struct ct_rec_session *session; /* borrowed, while running */
	struct ct_rec_others *others;   /* borrowed, while running */
	const struct ct_rec_log *log;   /* borrowed */
};

/* Makes L hold nothing, saying its warnings on LOG. Can't fail. */
void ct_rec_listener_init(struct ct_rec_listener *l, const struct ct_rec_log *log);

/*
 * Creates the announcement socket: L->fd, and L->child_fd for the program.
 * Returns CT_RECORD_OK, or CT_RECORD_SYSTEM_ERROR with ERR set.
 */
enum ct_record_status ct_rec_listener_open(struct ct_rec_listener *l, char *err, size_t errlen);

/* Closes the program's end once the program has it. */
void ct_rec_listener_close_child_end(struct ct_rec_listener *l);

/*
 * Starts the listener thread, which adds announced processes to SESSION and
 * OTHERS, when the socket is open (else does nothing). Call it from the
 * thread that then waits in ct_rec_others_wait, with SIGCHLD blocked: the
 * listener wakes it with SIGCHLD at end-of-file. Returns CT_RECORD_OK,
 * or CT_RECORD_SYSTEM_ERROR with ERR set.
 */
enum ct_record_status ct_rec_listener_start(struct ct_rec_listener *l,
					    struct ct_rec_session *session,
					    struct ct_rec_others *others, char *err, size_t errlen);

/* Stops the thread and closes the socket. Idempotent. */
void ct_rec_listener_stop(struct ct_rec_listener *l);

/* watch.c: the faults watched for while the program runs. */

struct ct_rec_watch {
	const char *dir;                /* borrowed: the trace directory */
	struct ct_rec_session *session; /* borrowed */
	const char *prog;               /* borrowed: the program's name, for the notices */
	const struct ct_rec_log *log;   /* borrowed */
	uint64_t reserve;               /* free bytes below which the recording stops */
	double started_at, next_disk_at, next_daemon_at;
	bool recording;    /* the session still records (no fault stopped it) */
	bool daemon_gone;  /* the session daemon stopped */
	bool disk_low;     /* the free space fell below RESERVE: tracing was stopped */
	bool stop_program; /* the file system is full: the program was told to stop */
};

/* Starts watching, from now on, the recording of PROG by SESSION into DIR. Can't fail. */
void ct_rec_watch_start(struct ct_rec_watch *w, const char *dir, struct ct_rec_session *session,
			const char *prog, const struct ct_rec_log *log);

/* When (ct_rec_now_s) ct_rec_watch_tick is next due; 0 when never. */
double ct_rec_watch_due(const struct ct_rec_watch *w);

/*
 * Checks what is due, says on the log what it finds, and records it in
 * RESULT (incomplete, recorded_s, program_stopped). Returns true, once, when
 * the program must be stopped (the file system is full).
 */
bool ct_rec_watch_tick(struct ct_rec_watch *w, struct ct_record_result *result);

/* owner.c: whose a session is. */

/* A recorder: its pid, start time (clock ticks since boot) and pid namespace. */
struct ct_rec_owner {
	long pid;
	unsigned long long start;
	unsigned long long pidns;
};

/* This process as a recorder. Returns 0, or -1 when /proc cannot tell. */
int ct_rec_owner_self(struct ct_rec_owner *o);

/* The signature a session name ends with: ".ctrace-PID-START-PIDNS". Can't fail. */
void ct_rec_owner_format(const struct ct_rec_owner *o, char *buf, size_t len);

/* Reads the signature of session NAME into O. Returns false when NAME has none. */
bool ct_rec_owner_parse(const char *name, struct ct_rec_owner *o);

enum ct_rec_owner_state {
	CT_REC_OWNER_ALIVE,   /* the recorder runs */
	CT_REC_OWNER_GONE,    /* it is gone (its pid is free, or used by another process) */
	CT_REC_OWNER_UNKNOWN, /* another pid namespace's: cannot be told */
};

enum ct_rec_owner_state ct_rec_owner_state(const struct ct_rec_owner *o);

/*
 * Ends every session whose recorder is gone, saying on LOG which, and where
 * its trace is. Best effort: failures are said and skipped.
 */
void ct_rec_owner_clean(const struct ct_rec_log *log);

/*
 * warmup.c: runs one process that registers the shim's event classes in
 * session S (started), with the program's environment ENVP, and waits for
 * it (a few ms). Failures are not errors: the recording goes on without.
 */
void ct_rec_warm_up(struct ct_rec_session *s, char *const *envp, const sigset_t *exec_mask,
		    const struct ct_rec_log *log);

#endif /* CTRACE_RECORDING_H */
