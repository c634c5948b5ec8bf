/* SPDX-License-Identifier: MIT */
/*
 * session.c - the LTTng session of one recording: created with its channel,
 * contexts and events, its process tracker, started, stopped and destroyed.
 * The only file of ctrace that includes or calls liblttng-ctl; every other
 * file speaks ct_rec_session and enum ct_record_status.
 *
 * liblttng-ctl keeps its connection to the session daemon in globals, so two
 * threads must not call it at once: every function of a session takes its
 * lock (the listener thread tracks processes while the recording thread
 * watches the daemon).
 */
#include "recording.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lttng/lttng.h>

#define CT_CHANNEL_NAME     "ctrace"
#define CT_METADATA_RESERVE (1024u * 1024u) /* room for the metadata, indexes and files */
#define CT_FLUSH_WAIT_S     30.0
#define CT_FLUSH_POLL_MIN_S 0.002 /* first wait for the consumer to write the buffers out */
#define CT_FLUSH_POLL_MAX_S 0.064
#define CT_EVENT_PATTERN    "ctrace:*"

/*
 * Besides ctrace's events, LTTng-UST's own that say which binaries a
 * process has mapped where (its base-address statedump at registration,
 * and dlopen / dlclose later): the model resolves call sites with them.
 */
static const char *const ct_event_patterns[] = {
	CT_EVENT_PATTERN,
	"lttng_ust_statedump:*",
	"lttng_ust_dl:*",
};

/*
 * 8 sub-buffers of 1 MiB per CPU: a consumer that falls behind for a moment
 * does not make the writer block (or, were blocking unavailable, discard).
 */
#define CT_SUBBUF_SIZE (1024u * 1024u)
#define CT_NUM_SUBBUF  8u

struct ct_rec_session {
	pthread_mutex_t lock;      /* taken around every call to liblttng-ctl */
	char name[LTTNG_NAME_MAX]; /* "" once the LTTng session is destroyed (or died) */
	bool stopped;              /* tracing was stopped early (ct_rec_session_stop_now) */
	/* owned, made by the first ct_rec_session_track: asking for it costs a round trip */
	struct lttng_process_attr_tracker_handle *tracker;
};

/* Whether liblttng-ctl's negative CODE says the session no longer exists (with its daemon, or alone). */
static bool session_gone(int code)
{
	return code == -LTTNG_ERR_NO_SESSIOND || code == -LTTNG_ERR_SESS_NOT_FOUND;
}

/* lttng_strerror wants a negative code; the newer APIs return positive enum values. */
static const char *lttng_err_str(int code)
{
	return lttng_strerror(code > 0 ? -code : code);
}

/* A phrase for a process tracker's failure (liblttng-ctl has no strerror for these). */
static const char *tracker_status_str(enum lttng_process_attr_tracker_handle_status st)
{
	switch (st) {
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_SESSION_DOES_NOT_EXIST:
		return "the session does not exist any more";
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_COMMUNICATION_ERROR:
		return "cannot talk to the session daemon";
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_INVALID_TRACKING_POLICY:
		return "the tracker does not restrict to a set of processes";
	case LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_INVALID:
		return "invalid tracker request";
	default:
		break;
	}
	return "the session daemon refused (tracker error)";
}

int ct_rec_session_daemon_alive(const char **why)
{
	int alive = lttng_session_daemon_alive();

	if (alive < 0) {
		*why = lttng_err_str(alive);
		return -1;
	}
	return alive == 1 ? 1 : 0;
}

/* The session's per-UID channel in blocking mode, its three contexts and ct_event_patterns. */
static enum ct_record_status configure(struct ct_rec_session *s, char *err, size_t errlen)
{
	static const struct {
		enum lttng_event_context_type type;
		const char *name;
	} contexts[] = {
		{ LTTNG_EVENT_CONTEXT_VTID, "vtid" },
		{ LTTNG_EVENT_CONTEXT_VPID, "vpid" },
		{ LTTNG_EVENT_CONTEXT_PROCNAME, "procname" },
	};
	struct lttng_domain domain;
	struct lttng_handle *handle = NULL;
	struct lttng_channel *chan = NULL;
	struct lttng_event *ev = NULL;
	enum ct_record_status status = CT_RECORD_LTTNG_ERROR;
	int ret;

	memset(&domain, 0, sizeof(domain));
	domain.type = LTTNG_DOMAIN_UST;
	/* Per-UID buffers outlive a crashing program, so its events are kept. */
	domain.buf_type = LTTNG_BUFFER_PER_UID;
	handle = lttng_create_handle(s->name, &domain);
	chan = lttng_channel_create(&domain);
	if (!handle || !chan) {
		ct_rec_set_err(err, errlen,
			       "cannot create an LTTng handle or channel (out of memory?)");
		goto end;
	}
	/*
	 * No metadata channel of our own. A switch timer on it (5 ms) spared a
	 * short recording the 200 ms lttng-consumerd sleeps when new metadata
	 * is pushed at a process's exit or at the stop, but with it the
	 * full-disk case of test_faults failed or never finished under TSan, so
	 * that wait is still there for a program that exits right after it
	 * starts.
	 */
	snprintf(chan->name, sizeof(chan->name), "%s", CT_CHANNEL_NAME);
	chan->attr.overwrite = 0;
	chan->attr.subbuf_size = CT_SUBBUF_SIZE;
	chan->attr.num_subbuf = CT_NUM_SUBBUF;
	/* -1: a full buffer makes the traced thread wait rather than drop the event. */
	if ((ret = lttng_channel_set_blocking_timeout(chan, -1)) < 0) {
		ct_rec_set_err(err, errlen, "cannot make the LTTng channel blocking: %s",
			       lttng_err_str(ret));
		goto end;
	}
	if ((ret = lttng_enable_channel(handle, chan)) < 0) {
		ct_rec_set_err(err, errlen, "cannot create the LTTng channel: %s",
			       lttng_err_str(ret));
		goto end;
	}
	for (size_t i = 0; i < sizeof(contexts) / sizeof(contexts[0]); i++) {
		struct lttng_event_context ctx;

		memset(&ctx, 0, sizeof(ctx));
		ctx.ctx = contexts[i].type;
		if ((ret = lttng_add_context(handle, &ctx, NULL, CT_CHANNEL_NAME)) < 0) {
			ct_rec_set_err(err, errlen, "cannot add the %s context: %s",
				       contexts[i].name, lttng_err_str(ret));
			goto end;
		}
	}
	for (size_t i = 0; i < sizeof(ct_event_patterns) / sizeof(ct_event_patterns[0]); i++) {
		lttng_event_destroy(ev);
		ev = lttng_event_create();
		if (!ev) {
			ct_rec_set_err(err, errlen,
				       "cannot create an LTTng event rule (out of memory?)");
			goto end;
		}
		snprintf(ev->name, sizeof(ev->name), "%s", ct_event_patterns[i]);
		ev->type = LTTNG_EVENT_TRACEPOINT;
		ev->loglevel_type = LTTNG_EVENT_LOGLEVEL_ALL;
		if ((ret = lttng_enable_event(handle, ev, CT_CHANNEL_NAME)) < 0) {
			ct_rec_set_err(err, errlen, "cannot enable the %s events: %s",
				       ct_event_patterns[i], lttng_err_str(ret));
			goto end;
		}
	}
	status = CT_RECORD_OK;
end:
	lttng_event_destroy(ev);
	if (chan)
		lttng_channel_destroy(chan);
	if (handle)
		lttng_destroy_handle(handle);
	return status;
}

enum ct_record_status ct_rec_session_create(const char *abs_dir, const char *prefix,
					    const char *sign, const struct ct_rec_log *log,
					    struct ct_rec_session **out, char *err, size_t errlen)
{
	struct ct_rec_session *s;
	struct lttng_session_descriptor *desc;
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	enum lttng_error_code code = LTTNG_ERR_UNK;
	enum ct_record_status status;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		ct_rec_set_err(err, errlen, "out of memory");
		return CT_RECORD_NOMEM;
	}
	pthread_mutex_init(&s->lock, NULL);
	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/*
	 * The signature keeps concurrent recordings apart and lets a session
	 * whose recorder was killed be found; -N covers several sessions of one
	 * recorder in one second. The prefix is cut so the signature fits.
	 */
	for (int n = 1; n < 100; n++) {
		char name[LTTNG_NAME_MAX];

		if (n == 1)
			snprintf(name, sizeof(name), "%.100s-%s%s", prefix, stamp, sign);
		else
			snprintf(name, sizeof(name), "%.100s-%s%s-%d", prefix, stamp, sign, n);
		desc = lttng_session_descriptor_local_create(name, abs_dir);
		if (!desc) {
			ct_rec_set_err(err, errlen,
				       "cannot describe the LTTng session (out of memory?)");
			status = CT_RECORD_LTTNG_ERROR;
			goto error;
		}
		code = lttng_create_session_ext(desc);
		lttng_session_descriptor_destroy(desc);
		if (code == LTTNG_OK) {
			snprintf(s->name, sizeof(s->name), "%s", name);
			break;
		}
		if (code != LTTNG_ERR_EXIST_SESS)
			break;
	}
	if (code != LTTNG_OK) {
		ct_rec_set_err(err, errlen, "cannot create an LTTng session: %s",
			       lttng_err_str(code));
		status = CT_RECORD_LTTNG_ERROR;
		goto error;
	}
	status = configure(s, err, errlen);
	if (status != CT_RECORD_OK)
		goto error;
	*out = s;
	return CT_RECORD_OK;
error:
	ct_rec_session_destroy(s, log);
	return status;
}

/*
 * Adding a pid while the session runs makes the session daemon give the
 * session to that process if it has already registered, before this call
 * returns; the announcements of forked children rely on that. A pid that is
 * already tracked is fine. FIRST keeps the recording of another program
 * running at the same time, by the same user, out of this trace.
 */
enum ct_record_status ct_rec_session_track(struct ct_rec_session *s, pid_t pid, bool first,
					   char *err, size_t errlen)
{
	enum lttng_process_attr_tracker_handle_status st;
	enum lttng_error_code code;
	enum ct_record_status status = CT_RECORD_LTTNG_ERROR;

	pthread_mutex_lock(&s->lock);
	if (!s->tracker) {
		code = lttng_session_get_tracker_handle(s->name, LTTNG_DOMAIN_UST,
							LTTNG_PROCESS_ATTR_VIRTUAL_PROCESS_ID,
							&s->tracker);
		if (code != LTTNG_OK) {
			s->tracker = NULL;
			ct_rec_set_err(err, errlen, "cannot get the LTTng process tracker: %s",
				       lttng_err_str(code));
			goto end;
		}
	}
	if (first) {
		st = lttng_process_attr_tracker_handle_set_tracking_policy(
			s->tracker, LTTNG_TRACKING_POLICY_INCLUDE_SET);
		if (st != LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_OK) {
			ct_rec_set_err(err, errlen,
				       "cannot restrict the LTTng session to one process: %s",
				       tracker_status_str(st));
			goto end;
		}
	}
	st = lttng_process_attr_virtual_process_id_tracker_handle_add_pid(s->tracker, pid);
	if (st != LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_OK &&
	    st != LTTNG_PROCESS_ATTR_TRACKER_HANDLE_STATUS_EXISTS) {
		ct_rec_set_err(err, errlen, "cannot track process %ld in the LTTng session: %s",
			       (long)pid, tracker_status_str(st));
		goto end;
	}
	status = CT_RECORD_OK;
end:
	pthread_mutex_unlock(&s->lock);
	return status;
}

/* Best effort: a pid that is not tracked, or a session gone, is nothing to report. */
void ct_rec_session_untrack(struct ct_rec_session *s, pid_t pid)
{
	pthread_mutex_lock(&s->lock);
	if (s->tracker && pid > 0)
		(void)lttng_process_attr_virtual_process_id_tracker_handle_remove_pid(s->tracker,
										      pid);
	pthread_mutex_unlock(&s->lock);
}

enum ct_record_status ct_rec_session_start(struct ct_rec_session *s, char *err, size_t errlen)
{
	int ret;

	pthread_mutex_lock(&s->lock);
	ret = lttng_start_tracing(s->name);
	pthread_mutex_unlock(&s->lock);
	if (ret < 0) {
		ct_rec_set_err(err, errlen, "cannot start the LTTng session: %s",
			       lttng_err_str(ret));
		return CT_RECORD_LTTNG_ERROR;
	}
	return CT_RECORD_OK;
}

/* Reads the channel's discarded-event and lost-packet counts. Call with the lock held. */
static enum ct_record_status read_counts(struct ct_rec_session *s, uint64_t *discarded,
					 uint64_t *lost, char *err, size_t errlen)
{
	struct lttng_domain domain;
	struct lttng_handle *handle;
	struct lttng_channel *chans = NULL;
	enum ct_record_status status = CT_RECORD_LTTNG_ERROR;
	int n, ret;

	memset(&domain, 0, sizeof(domain));
	domain.type = LTTNG_DOMAIN_UST;
	domain.buf_type = LTTNG_BUFFER_PER_UID;
	handle = lttng_create_handle(s->name, &domain);
	if (!handle) {
		ct_rec_set_err(err, errlen, "cannot create an LTTng handle (out of memory?)");
		return CT_RECORD_LTTNG_ERROR;
	}
	n = lttng_list_channels(handle, &chans);
	if (n < 0) {
		ct_rec_set_err(err, errlen, "cannot list the session's channels: %s",
			       lttng_err_str(n));
		goto end;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(chans[i].name, CT_CHANNEL_NAME) != 0)
			continue;
		if ((ret = lttng_channel_get_discarded_event_count(&chans[i], discarded)) < 0 ||
		    (ret = lttng_channel_get_lost_packet_count(&chans[i], lost)) < 0) {
			ct_rec_set_err(err, errlen,
				       "cannot read the channel's discarded-event counts: %s",
				       lttng_err_str(ret));
			goto end;
		}
	}
	status = CT_RECORD_OK;
end:
	free(chans);
	lttng_destroy_handle(handle);
	return status;
}

/*
 * Waits until the consumer has written what the buffers held, for at most
 * CT_FLUSH_WAIT_S (a consumer that cannot write, on a full disk, gives up on
 * its own after a few seconds). This is what lttng_stop_tracing does, but it
 * sleeps 200 ms between two questions, which was most of the time a short
 * recording took: the first question comes after CT_FLUSH_POLL_MIN_S and the
 * period doubles up to CT_FLUSH_POLL_MAX_S. Returns 0 once nothing is pending,
 * 1 when the deadline passed first, or a negative lttng_error_code.
 */
static int wait_flushed(struct ct_rec_session *s)
{
	double period = CT_FLUSH_POLL_MIN_S;
	double deadline = ct_rec_now_s() + CT_FLUSH_WAIT_S;
	int pending;

	while ((pending = lttng_data_pending(s->name)) == 1 && ct_rec_now_s() < deadline) {
		struct timespec tick = { 0, (long)(period * 1e9) };

		nanosleep(&tick, NULL);
		if (period < CT_FLUSH_POLL_MAX_S)
			period *= 2;
	}
	return pending;
}

/*
 * Each step is tried even when one before failed, so that a session whose
 * counts cannot be read is still destroyed; ERR says what failed first.
 *
 * Once nothing is pending, every event is in the trace directory, so the
 * session is destroyed without waiting: lttng_destroy_session would wait
 * for the daemon's implicit last rotation, which closes a trace chunk that
 * writes nothing more here (a local trace, stopped and flushed) and is only
 * checked every 500 ms. When the flush could not be confirmed, destroying
 * waits, as it always did.
 */
enum ct_record_status ct_rec_session_finish(struct ct_rec_session *s, uint64_t *discarded,
					    uint64_t *lost, char *err, size_t errlen)
{
	enum ct_record_status status = CT_RECORD_OK;
	bool flushed = false;
	int ret;

	pthread_mutex_lock(&s->lock);
	if (s->name[0] == '\0') {
		ct_rec_set_err(err, errlen, "the LTTng session ended with its session daemon");
		status = CT_RECORD_LTTNG_ERROR;
		goto end;
	}
	ret = s->stopped ? 0 : lttng_stop_tracing_no_wait(s->name);
	if (ret == -LTTNG_ERR_TRACE_ALREADY_STOPPED)
		ret = 0;
	if (ret >= 0) {
		ret = wait_flushed(s);
		flushed = ret == 0;
	}
	if (ret < 0) {
		ct_rec_set_err(err, errlen, "cannot stop the LTTng session %s: %s", s->name,
			       lttng_err_str(ret));
		status = CT_RECORD_LTTNG_ERROR;
		if (session_gone(ret)) {
			s->name[0] = '\0';
			goto end;
		}
	} else {
		status = read_counts(s, discarded, lost, err, errlen);
	}
	ret = flushed ? lttng_destroy_session_no_wait(s->name) : lttng_destroy_session(s->name);
	if (ret < 0 && !session_gone(ret)) {
		if (status == CT_RECORD_OK)
			ct_rec_set_err(err, errlen, "cannot destroy the LTTng session %s: %s",
				       s->name, lttng_err_str(ret));
		status = CT_RECORD_LTTNG_ERROR;
		goto end; /* still there: ct_rec_session_destroy says how to remove it */
	}
	s->name[0] = '\0';
end:
	pthread_mutex_unlock(&s->lock);
	return status;
}

enum ct_rec_daemon ct_rec_session_check(struct ct_rec_session *s)
{
	int alive;

	pthread_mutex_lock(&s->lock);
	alive = lttng_session_daemon_alive();
	if (alive == 0)
		s->name[0] = '\0'; /* the session died with it */
	pthread_mutex_unlock(&s->lock);
	return alive == 0 ? CT_REC_DAEMON_GONE : CT_REC_DAEMON_ALIVE;
}

enum ct_record_status ct_rec_session_stop_now(struct ct_rec_session *s, char *err, size_t errlen)
{
	enum ct_record_status status = CT_RECORD_OK;
	int ret;

	pthread_mutex_lock(&s->lock);
	if (s->name[0] != '\0' && !s->stopped) {
		ret = lttng_stop_tracing_no_wait(s->name);
		if (ret < 0) {
			ct_rec_set_err(err, errlen, "cannot stop the LTTng session %s: %s", s->name,
				       lttng_err_str(ret));
			status = CT_RECORD_LTTNG_ERROR;
		} else {
			s->stopped = true;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return status;
}

/*
 * Two sub-buffers a CPU: the one being filled and one the consumer has not
 * written yet. A busy program once filled a 12 MB file system after the stop
 * with one a CPU, once its events grew by the call site (8 bytes each).
 */
#define CT_RESERVE_SUBBUFS 2u

uint64_t ct_rec_session_reserve_bytes(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);

	return (uint64_t)(cpus > 0 ? cpus : 1) * CT_RESERVE_SUBBUFS * CT_SUBBUF_SIZE +
	       CT_METADATA_RESERVE;
}

enum ct_record_status ct_rec_session_list_all(struct ct_record_session **out, size_t *n, char *err,
					      size_t errlen)
{
	struct lttng_session *sessions = NULL;
	int count, alive = lttng_session_daemon_alive();

	*out = NULL;
	*n = 0;
	if (alive != 1) {
		ct_rec_set_err(err, errlen, "no LTTng session daemon answers%s%s",
			       alive < 0 ? ": " : "", alive < 0 ? lttng_err_str(alive) : "");
		return CT_RECORD_NO_SESSIOND;
	}
	count = lttng_list_sessions(&sessions);
	if (count < 0) {
		ct_rec_set_err(err, errlen, "cannot list the LTTng sessions: %s",
			       lttng_err_str(count));
		return count == -LTTNG_ERR_NO_SESSIOND ? CT_RECORD_NO_SESSIOND
						       : CT_RECORD_LTTNG_ERROR;
	}
	if (count > 0) {
		*out = calloc((size_t)count, sizeof(**out));
		if (!*out) {
			free(sessions);
			ct_rec_set_err(err, errlen, "out of memory");
			return CT_RECORD_NOMEM;
		}
	}
	for (int i = 0; i < count; i++) {
		snprintf((*out)[i].name, sizeof((*out)[i].name), "%s", sessions[i].name);
		snprintf((*out)[i].trace_dir, sizeof((*out)[i].trace_dir), "%s", sessions[i].path);
		(*out)[i].active = sessions[i].enabled != 0;
	}
	*n = (size_t)count;
	free(sessions);
	return CT_RECORD_OK;
}

/* A stopped session is destroyed all the same; destroying waits for its buffers. */
enum ct_record_status ct_rec_session_end_named(const char *name, char *err, size_t errlen)
{
	int ret = lttng_stop_tracing(name);

	if (ret < 0 && ret != -LTTNG_ERR_TRACE_ALREADY_STOPPED && !session_gone(ret)) {
		ct_rec_set_err(err, errlen, "cannot stop it: %s", lttng_err_str(ret));
		return CT_RECORD_LTTNG_ERROR;
	}
	ret = lttng_destroy_session(name);
	if (ret < 0 && !session_gone(ret)) {
		ct_rec_set_err(err, errlen, "cannot destroy it: %s", lttng_err_str(ret));
		return CT_RECORD_LTTNG_ERROR;
	}
	return CT_RECORD_OK;
}

void ct_rec_session_destroy(struct ct_rec_session *s, const struct ct_rec_log *log)
{
	int ret;

	if (!s)
		return;
	if (s->name[0] != '\0') {
		ret = lttng_destroy_session(s->name);
		if (ret < 0 && !session_gone(ret))
			ct_rec_say(log,
				   "warning: the LTTng session %s could not be destroyed (%s), so "
				   "remove it with 'lttng destroy %s'",
				   s->name, lttng_err_str(ret), s->name);
	}
	lttng_process_attr_tracker_handle_destroy(s->tracker);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
