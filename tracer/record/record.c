/* SPDX-License-Identifier: MIT */
/*
 * record.c - one recording from start to end: the order of the steps (see
 * recording.h for the file that does each), the one cleanup path that
 * leaves nothing behind when a step fails before the program starts, and the
 * end of a recording, which keeps what reached the disk whatever fails.
 */
#include "recording.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CT_DEFAULT_PREFIX "ctrace"

/* Everything the one cleanup path of ct_record_run needs to undo. */
struct recording {
	const struct ct_record_options *opts; /* borrowed */
	struct ct_rec_log log;
	struct ct_rec_dir dir;
	struct ct_rec_env env;
	struct ct_rec_signals signals;
	struct ct_rec_session *session; /* owned; NULL until it exists */
	struct ct_rec_child child;
	struct ct_rec_listener listener;
	struct ct_rec_others others;
	struct ct_rec_watch watch;
};

const char *ct_record_status_str(enum ct_record_status status)
{
	switch (status) {
	case CT_RECORD_OK:
		return "ok";
	case CT_RECORD_NOMEM:
		return "out of memory";
	case CT_RECORD_BAD_PROGRAM:
		return "the program cannot be run";
	case CT_RECORD_BAD_OUTPUT:
		return "the trace directory cannot be created or used";
	case CT_RECORD_NO_SESSIOND:
		return "no LTTng session daemon answers";
	case CT_RECORD_LTTNG_ERROR:
		return "the LTTng session failed";
	case CT_RECORD_SYSTEM_ERROR:
		return "a system call failed";
	}
	return "unknown recording status";
}

/*
 * The one line that says a kept trace is incomplete, and why: always the
 * same words first, so scripts can look for them.
 */
static void say_incomplete(const struct ct_rec_log *log, const struct ct_record_result *result)
{
	char why[512];
	size_t len = 0;

	why[0] = '\0';
#define CT_WHY(...)                                                                                \
	do {                                                                                       \
		if (len < sizeof(why))                                                             \
			len += (size_t)snprintf(why + len, sizeof(why) - len, "%s",                \
						len ? "; " : "");                                  \
		if (len < sizeof(why))                                                             \
			len += (size_t)snprintf(why + len, sizeof(why) - len, __VA_ARGS__);        \
	} while (0)
	if (result->incomplete & CT_RECORD_LOST_SESSIOND)
		CT_WHY("the LTTng session daemon stopped %.1f s into the recording",
		       result->recorded_s);
	if (result->incomplete & CT_RECORD_LOST_DISK_FULL)
		CT_WHY("the file system filled up %.1f s into the recording", result->recorded_s);
	if (result->incomplete & CT_RECORD_LOST_END)
		CT_WHY("the LTTng session did not end cleanly, so its last events may be missing");
	if (result->incomplete & CT_RECORD_LOST_EVENTS)
		CT_WHY("LTTng discarded %" PRIu64 " events and lost %" PRIu64 " packets",
		       result->discarded_events, result->lost_packets);
#undef CT_WHY
	ct_rec_say(log, "warning: the trace is incomplete: %s", why);
}

/*
 * Stops and destroys the session of a recording whose program has run, and
 * says what the trace holds: a failure here loses at most the events still
 * in LTTng's buffers, so it is a warning about the trace, never a reason to
 * remove it.
 */
static void finish(struct recording *rec, struct ct_record_result *result)
{
	const char *prog = rec->opts->argv[0];
	char why[512];

	if (ct_rec_session_finish(rec->session, &result->discarded_events, &result->lost_packets,
				  why, sizeof(why)) != CT_RECORD_OK &&
	    !(result->incomplete & CT_RECORD_LOST_SESSIOND)) {
		/* A dead daemon was said when seen; anything else is said here. */
		result->incomplete |= CT_RECORD_LOST_END;
		ct_rec_say(&rec->log, "warning: %s", why);
	}
	if (result->discarded_events || result->lost_packets)
		result->incomplete |= CT_RECORD_LOST_EVENTS;
	result->no_events = !ct_rec_dir_has_trace(result->trace_dir);
	if (result->no_events)
		ct_rec_say(&rec->log,
			   "note: '%s' recorded no ctrace events (does it use libctrace, or did "
			   "--no-preload turn the shim off?)",
			   prog);
	if (result->incomplete)
		say_incomplete(&rec->log, result);
	ct_rec_say(&rec->log, "trace saved in %s (%" PRIu64 " events discarded)", result->trace_dir,
		   result->discarded_events);
}

enum ct_record_status ct_record_run(const struct ct_record_options *opts,
				    struct ct_record_result *result, char *err, size_t errlen)
{
	const char *prefix = opts->session_prefix ? opts->session_prefix : CT_DEFAULT_PREFIX;
	struct recording rec;
	char prog_path[PATH_MAX], sign[96];
	struct ct_rec_owner owner;
	bool have_owner = false;
	enum ct_record_status status;

	memset(result, 0, sizeof(*result));
	memset(&rec, 0, sizeof(rec));
	rec.opts = opts;
	rec.log.fp = opts->log ? opts->log : stderr;
	rec.log.prefix = opts->log_prefix ? opts->log_prefix : "ctrace";
	ct_rec_child_init(&rec.child);
	ct_rec_listener_init(&rec.listener, &rec.log);
	ct_rec_others_init(&rec.others);
	if (err && errlen)
		err[0] = '\0';

	if (!opts->argv || !opts->argv[0]) {
		ct_rec_set_err(err, errlen, "no program to record");
		status = CT_RECORD_BAD_PROGRAM;
		goto error;
	}
	/* Everything that can be checked before anything is created is checked first. */
	status = ct_rec_find_program(opts->argv[0], prog_path, sizeof(prog_path), err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	if (opts->preload) {
		status = ct_rec_env_preload(&rec.env, opts, prog_path, &rec.log,
					    &result->preload_skipped, err, errlen);
		if (status != CT_RECORD_OK)
			goto error;
		if (!result->preload_skipped) {
			/* Processes the program forks or starts announce themselves on it. */
			status = ct_rec_listener_open(&rec.listener, err, errlen);
			if (status != CT_RECORD_OK)
				goto error;
			ct_rec_env_announce(&rec.env, rec.listener.child_fd);
		}
	}
	status = ct_rec_env_build(&rec.env, opts->extra_env, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	/* The directory first: a bad -o DIR should not leave a daemon started for nothing. */
	status = ct_rec_dir_make(&rec.dir, opts->output_dir, prefix, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = ct_rec_dir_check_space(rec.dir.path, ct_rec_session_reserve_bytes(), err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = ct_rec_sessiond_ensure(&rec.log, &result->started_sessiond, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = ct_rec_dir_resolve(&rec.dir, result->trace_dir, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	/* Sessions of recorders that were killed would record on for ever. */
	ct_rec_owner_clean(&rec.log);
	have_owner = ct_rec_owner_self(&owner) == 0;

	/*
	 * From here on SIGINT/SIGTERM/SIGHUP are taken by ct_rec_child_wait; one
	 * that arrives during setup stays pending and stops the program right
	 * after it starts, so the trace is still saved.
	 */
	status = ct_rec_signals_take(&rec.signals, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;

	/* Signed by its recorder, so a session whose recorder was killed can be found. */
	if (have_owner)
		ct_rec_owner_format(&owner, sign, sizeof(sign));
	else
		snprintf(sign, sizeof(sign), "-%ld", (long)getpid());
	status = ct_rec_session_create(result->trace_dir, prefix, sign, &rec.log, &rec.session, err,
				       errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = ct_rec_child_spawn(&rec.child, opts->argv, rec.env.envp, &rec.signals.old_mask,
				    rec.listener.child_fd, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	ct_rec_listener_close_child_end(&rec.listener);
	status = ct_rec_session_track(rec.session, rec.child.pid, true, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = ct_rec_listener_start(&rec.listener, rec.session, &rec.others, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	status = ct_rec_session_start(rec.session, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	if (opts->preload && !result->preload_skipped)
		ct_rec_warm_up(rec.session, rec.env.envp, &rec.signals.old_mask, &rec.log);
	ct_rec_say(&rec.log, "recording '%s' (pid %ld) into %s", opts->argv[0], (long)rec.child.pid,
		   result->trace_dir);
	status = ct_rec_child_release(&rec.child, opts->argv[0], err, errlen);
	if (status != CT_RECORD_OK)
		goto error;

	/* From here on the trace is kept, whatever happens. */
	ct_rec_watch_start(&rec.watch, result->trace_dir, rec.session, opts->argv[0], &rec.log);
	ct_rec_child_wait(&rec.child, opts, &rec.signals.set, &rec.watch, &rec.log, result);
	if (rec.listener.running)
		ct_rec_others_wait(&rec.others, &rec.listener.eof, opts, rec.child.started_at,
				   &rec.signals.set, &rec.watch, &rec.log, result);
	ct_rec_listener_stop(&rec.listener);
	result->more_processes = atomic_load(&rec.listener.more_processes);
	if (result->more_processes)
		ct_rec_say(&rec.log, "recorded %u more process%s that '%s' started",
			   result->more_processes, result->more_processes == 1 ? "" : "es",
			   opts->argv[0]);
	finish(&rec, result);
	status = CT_RECORD_OK;
	goto end;

error:
	ct_rec_listener_stop(&rec.listener);
	ct_rec_child_kill(&rec.child);
	ct_rec_session_destroy(rec.session, &rec.log);
	rec.session = NULL;
	ct_rec_dir_remove(&rec.dir);
	result->trace_dir[0] = '\0';
end:
	ct_rec_child_fini(&rec.child);
	ct_rec_signals_restore(&rec.signals);
	ct_rec_listener_stop(&rec.listener);
	ct_rec_session_destroy(rec.session, &rec.log);
	ct_rec_others_fini(&rec.others);
	ct_rec_env_fini(&rec.env);
	return status;
}
