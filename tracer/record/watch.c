/* SPDX-License-Identifier: MIT */
/*
 * watch.c - what the recorder watches while the program runs: the free
 * space of the trace's file system, and whether the session daemon still
 * answers. Both faults keep what reached the disk and are said when seen.
 *
 * A full disk. LTTng's channel blocks the program's threads rather than
 * drop events, so a consumer that can no longer write leaves them waiting
 * for buffer space for ever (stopping or destroying the session does not
 * wake them), and a trace cut off mid-write can lose its metadata. So the
 * free space is read every CT_DISK_TICK_S: below ct_rec_session_reserve_bytes
 * (what the buffers may still hold, plus the metadata) tracing stops while
 * the rest still fits, and the program runs on unrecorded. If the file
 * system fills up anyway (faster than a tick, or by another writer), the
 * program's threads may be stuck: it is stopped as on Ctrl-C.
 *
 * A dead session daemon takes the session with it: what the program does
 * afterwards is not recorded, but the program is left to run (LTTng-UST
 * notices and stops writing), and the disk is no longer watched.
 */
#include "recording.h"

#define CT_DISK_TICK_S     0.01 /* statvfs is cheap; a busy program writes ~1 MB in this time */
#define CT_DAEMON_TICK_S   0.5
#define CT_DISK_FULL_BYTES (64u * 1024u) /* less than this free: writes are failing */

void ct_rec_watch_start(struct ct_rec_watch *w, const char *dir, struct ct_rec_session *session,
			const char *prog, const struct ct_rec_log *log)
{
	double now = ct_rec_now_s();

	w->dir = dir;
	w->session = session;
	w->prog = prog;
	w->log = log;
	w->reserve = ct_rec_session_reserve_bytes();
	w->started_at = now;
	w->next_disk_at = now;
	w->next_daemon_at = now + CT_DAEMON_TICK_S;
	w->recording = true;
	w->daemon_gone = false;
	w->disk_low = false;
	w->stop_program = false;
}

double ct_rec_watch_due(const struct ct_rec_watch *w)
{
	/* Nothing left to watch for: LTTng no longer writes for this recording. */
	if (w->stop_program || w->daemon_gone)
		return 0;
	if (!w->recording)
		return w->next_disk_at;
	return w->next_disk_at < w->next_daemon_at ? w->next_disk_at : w->next_daemon_at;
}

static void check_daemon(struct ct_rec_watch *w, struct ct_record_result *result, double now)
{
	w->next_daemon_at = now + CT_DAEMON_TICK_S;
	if (ct_rec_session_check(w->session) != CT_REC_DAEMON_GONE)
		return;
	w->daemon_gone = true;
	w->recording = false;
	result->incomplete |= CT_RECORD_LOST_SESSIOND;
	result->recorded_s = now - w->started_at;
	ct_rec_say(w->log,
		   "warning: the LTTng session daemon stopped %.1f s into the recording, so what "
		   "'%s' does from now on is not recorded (the trace keeps what reached the disk)",
		   result->recorded_s, w->prog);
}

/* Returns true when the program must be stopped. */
static bool check_disk(struct ct_rec_watch *w, struct ct_record_result *result, double now)
{
	char err[512];
	uint64_t avail;
	bool full;

	w->next_disk_at = now + CT_DISK_TICK_S;
	if (ct_rec_dir_free_bytes(w->dir, &avail) != 0)
		return false;
	full = avail < CT_DISK_FULL_BYTES;
	if (w->disk_low && !full)
		return false;
	if (!w->disk_low && avail < w->reserve) {
		w->disk_low = true;
		result->incomplete |= CT_RECORD_LOST_DISK_FULL;
		result->recorded_s = now - w->started_at;
		/* Said first: stopping asks the daemon, which takes a moment. */
		if (full)
			ct_rec_say(
				w->log,
				"the file system holding %s is full, so the recording stops %.1f s "
				"in, keeping what was written, and '%s' is stopped as Ctrl-C does "
				"(its threads could wait for trace buffer space for ever)",
				w->dir, result->recorded_s, w->prog);
		else
			ct_rec_say(
				w->log,
				"the file system holding %s is nearly full (%.1f MiB free), so the "
				"recording stops %.1f s in, keeping what was written, and '%s' runs "
				"on unrecorded",
				w->dir, (double)avail / (1024.0 * 1024.0), result->recorded_s,
				w->prog);
		if (w->recording &&
		    ct_rec_session_stop_now(w->session, err, sizeof(err)) != CT_RECORD_OK)
			ct_rec_say(w->log, "warning: %s", err);
		w->recording = false;
	} else if (full) {
		/* Filled up after the recording stopped: its last buffers did not fit. */
		ct_rec_say(w->log,
			   "the file system holding %s is full now, so '%s' is stopped as Ctrl-C "
			   "does (its threads could wait for trace buffer space for ever)",
			   w->dir, w->prog);
	}
	if (!full)
		return false;
	w->stop_program = true;
	result->program_stopped = true;
	return true;
}

bool ct_rec_watch_tick(struct ct_rec_watch *w, struct ct_record_result *result)
{
	double now = ct_rec_now_s();

	if (w->stop_program || w->daemon_gone)
		return false;
	if (w->recording && now >= w->next_daemon_at)
		check_daemon(w, result, now);
	if (now >= w->next_disk_at)
		return check_disk(w, result, now);
	return false;
}
