/* SPDX-License-Identifier: MIT */
/*
 * phrases.c - an event in words, for every front end (the window's tooltips,
 * status line and steps): "12.000 ms  producer-1 (T2, tid 101): sends
 * "job 3" (ok)".
 */
#define _GNU_SOURCE /* sigabbrev_np */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "model.h"
#include "proc.h"
#include "timefmt.h"

/* The signals of MASK (bit n-1 for signal n): "SIGUSR1, SIGTERM", "any signal", "3 signals". */
static const char *signal_names(uint64_t mask, char *buf, size_t len)
{
	size_t used = 0;
	int n = __builtin_popcountll(mask);

	if (n > 4) {
		snprintf(buf, len, n >= 60 ? "any signal" : "%d signals", n);
		return buf;
	}
	buf[0] = '\0';
	for (int sig = 1; sig <= 64 && used < len; sig++) {
		const char *abbrev;

		if (!(mask & UINT64_C(1) << (sig - 1)))
			continue;
		abbrev = sigabbrev_np(sig);
		if (abbrev)
			used += (size_t)snprintf(buf + used, len - used, "%sSIG%s",
						 used ? ", " : "", abbrev);
		else
			used += (size_t)snprintf(buf + used, len - used, "%ssignal %d",
						 used ? ", " : "", sig);
	}
	return buf;
}

/* The other waits (issue 10): signals, futexes, barriers, once controls, read-write locks. */
static bool wait_phrase(const struct ct_model *m, const struct ct_model_event *ev, const char *obj,
			uint64_t id, char *buf, size_t len)
{
	const char *mode = ev->status == CT_ACCESS_WRITE ? "write" : "read";
	const char *status = ct_event_status_name(ev->status);
	char names[96];
	int64_t v = ct_model_event_value(m, ev);

	switch ((enum ct_event_type)ev->type) {
	case CT_EV_SIG_WAIT_BEGIN:
		snprintf(buf, len, "waits for %s", signal_names(id, names, sizeof(names)));
		break;
	case CT_EV_SIG_WAIT_END:
		if (v > 0 && ev->status == CT_OK)
			snprintf(buf, len, "takes %s",
				 signal_names(UINT64_C(1) << (v - 1), names, sizeof(names)));
		else if (ev->status == CT_OK)
			snprintf(buf, len, "woken by a signal");
		else
			snprintf(buf, len, "stops waiting for signals (%s)", status);
		break;
	case CT_EV_SIG_SEND:
		snprintf(buf, len, "sends %s", signal_names(id, names, sizeof(names)));
		break;
	case CT_EV_FUTEX_WAIT_BEGIN:
		snprintf(buf, len, "waits on futex 0x%" PRIx64, id);
		break;
	case CT_EV_FUTEX_WAIT_END:
		snprintf(buf, len, "futex 0x%" PRIx64 " wait ends (%s)", id,
			 ev->status == CT_BUSY ? "value changed, did not wait" : status);
		break;
	case CT_EV_FUTEX_WAKE:
		if (v >= INT32_MAX)
			snprintf(buf, len, "wakes all on futex 0x%" PRIx64, id);
		else
			snprintf(buf, len, "wakes up to %lld on futex 0x%" PRIx64, (long long)v,
				 id);
		break;
	case CT_EV_BARRIER_WAIT_BEGIN:
		snprintf(buf, len, "arrives at barrier %s", *obj ? obj : "");
		break;
	case CT_EV_BARRIER_WAIT_END:
		snprintf(buf, len, "leaves barrier%s", v ? " (serial thread)" : "");
		break;
	case CT_EV_ONCE_WAIT_BEGIN:
		snprintf(buf, len, "waits for another thread's pthread_once routine");
		break;
	case CT_EV_ONCE_WAIT_END:
		snprintf(buf, len, "pthread_once returns");
		break;
	case CT_EV_ONCE_DONE:
		snprintf(buf, len, "pthread_once routine done");
		break;
	case CT_EV_RWLOCK_LOCK_BEGIN:
		snprintf(buf, len, "waits to %s rwlock %s", mode, obj);
		break;
	case CT_EV_RWLOCK_LOCK_END:
		snprintf(buf, len, "takes rwlock %s to %s%s", obj, mode,
			 ev->status == CT_ACCESS_WRITE ? "" : " (shared)");
		break;
	case CT_EV_RWLOCK_UNLOCK:
		snprintf(buf, len, "releases rwlock %s (%s)", obj, mode);
		break;
	default:
		return false;
	}
	return true;
}

/* The name of process PID's main lane, "" when it has none in the trace. */
static const char *process_name(const struct ct_model *m, int64_t pid)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n);

	for (size_t i = 0; i < n; i++)
		if ((int64_t)lanes[i].pid == pid && lanes[i].tid == lanes[i].pid)
			return ct_model_string(m, lanes[i].name);
	return "";
}

/* Processes: what a proc_* or wait_* event says. */
static void process_phrase(const struct ct_model *m, const struct ct_model_event *ev, char *buf,
			   size_t len)
{
	const char *text = ct_model_string(m, ev->arg);
	int64_t pid = ct_model_event_pid(m, ev);
	char st[64];

	switch ((enum ct_event_type)ev->type) {
	case CT_EV_PROC_FORK:
		snprintf(buf, len, "%s",
			 ev->status == CT_PROC_VIA_SPAWN    ? "spawns a process"
			 : ev->status == CT_PROC_VIA_SYSTEM ? "runs a shell (system)"
							    : "forks");
		break;
	case CT_EV_PROC_START:
		if (ev->status == CT_PROC_EXEC)
			snprintf(buf, len, "now runs %s (exec)", text);
		else if (ev->status == CT_PROC_FORKED)
			snprintf(buf, len, "starts: forked");
		else if (ev->status == CT_PROC_SPAWNED)
			snprintf(buf, len, "starts %s: spawned", text);
		else
			snprintf(buf, len, "starts %s", text);
		break;
	case CT_EV_PROC_EXEC:
		snprintf(buf, len, "execs %s", *text ? text : "a program");
		break;
	case CT_EV_WAIT_BEGIN:
		if (pid == -1)
			snprintf(buf, len, "waits for any child");
		else if (pid > 0)
			snprintf(buf, len, "waits for %s%spid %lld", process_name(m, pid),
				 *process_name(m, pid) ? " " : "", (long long)pid);
		else
			snprintf(buf, len, "waits for a child in group %lld", (long long)-pid);
		break;
	default: /* wait_end */
		if (ev->status == CT_OK && pid == 0) {
			/* system(): the status of the shell it ran. */
			ct_model_wait_status_phrase((int)ct_model_event_value(m, ev), st,
						    sizeof(st));
			snprintf(buf, len, "system() returns: %s", st);
			break;
		}
		if (ev->status != CT_OK || pid <= 0) {
			snprintf(buf, len, "wait ends (%s)", ct_event_status_name(ev->status));
			break;
		}
		ct_model_wait_status_phrase((int)ct_model_event_value(m, ev), st, sizeof(st));
		snprintf(buf, len, "%s %s%spid %lld: %s",
			 WIFEXITED((int)ct_model_event_value(m, ev)) ||
					 WIFSIGNALED((int)ct_model_event_value(m, ev))
				 ? "reaps"
				 : "sees",
			 process_name(m, pid), *process_name(m, pid) ? " " : "", (long long)pid,
			 st);
		break;
	}
}

/* A short phrase for what an event says, without time or lane. */
static void event_phrase(const struct ct_model *m, const struct ct_model_event *ev, char *buf,
			 size_t len)
{
	size_t n_objs;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	const char *obj = ev->obj < n_objs ? ct_model_string(m, objs[ev->obj].name) : "";
	const char *type = ct_event_type_name((enum ct_event_type)ev->type);

	if (wait_phrase(m, ev, obj, ev->obj < n_objs ? objs[ev->obj].id : 0, buf, len))
		return;
	switch ((enum ct_event_type)ev->type) {
	case CT_EV_THREAD_SPAWN:
		snprintf(buf, len, "spawns %s", ct_model_string(m, ev->arg));
		break;
	case CT_EV_CHAN_SEND_END: {
		const char *label = ct_model_string(m, ct_model_message_label(m, ev->arg));

		snprintf(buf, len, "sends %s%s%s (%s)", *label ? "\"" : "message", label,
			 *label ? "\"" : "", ct_event_status_name(ev->status));
		break;
	}
	case CT_EV_CHAN_RECV_END: {
		const char *label =
			ev->arg == CT_MODEL_NONE
				? ""
				: ct_model_string(m, ct_model_message_label(m, ev->arg));

		snprintf(buf, len, "receives %s%s%s (%s)", *label ? "\"" : "", label,
			 *label ? "\"" : "", ct_event_status_name(ev->status));
		if (!*label && ev->status == CT_OK)
			snprintf(buf, len, "receives a message");
		break;
	}
	case CT_EV_MQ_SEND:
		snprintf(buf, len, "sends %lld B (priority %u)",
			 (long long)ct_model_event_value(m, ev), ct_model_event_prio(m, ev));
		break;
	case CT_EV_MQ_RECV:
		if (ev->status == CT_OK)
			snprintf(buf, len, "receives %lld B (priority %u)",
				 (long long)ct_model_event_value(m, ev),
				 ct_model_event_prio(m, ev));
		else
			snprintf(buf, len, "receives nothing (%s)",
				 ct_event_status_name(ev->status));
		break;
	case CT_EV_MQ_SEND_END:
		snprintf(buf, len, "%s (%s)", type, ct_event_status_name(ev->status));
		break;
	case CT_EV_FD_WRITE:
	case CT_EV_FD_READ:
		snprintf(buf, len, "%s %lld B%s%s", ev->type == CT_EV_FD_WRITE ? "writes" : "reads",
			 (long long)ct_model_event_value(m, ev),
			 *obj ? (ev->type == CT_EV_FD_WRITE ? " to " : " from ") : "", obj);
		break;
	case CT_EV_FD_READ_BEGIN:
		snprintf(buf, len, "waits to read%s%s", *obj ? " from " : "", obj);
		break;
	case CT_EV_FD_WRITE_WAIT_BEGIN:
		snprintf(buf, len, "waits for room to write%s%s", *obj ? " to " : "", obj);
		break;
	case CT_EV_FD_WRITE_WAIT_END:
		snprintf(buf, len, "wrote %lld B after waiting (%s)",
			 (long long)ct_model_event_value(m, ev), ct_event_status_name(ev->status));
		break;
	case CT_EV_SOCK_NAME:
		snprintf(buf, len, "names %s", *obj ? obj : "a socket");
		break;
	case CT_EV_ACCEPT_BEGIN:
		snprintf(buf, len, "waits for a connection%s%s", *obj ? " on " : "", obj);
		break;
	case CT_EV_ACCEPT_END:
		snprintf(buf, len, "accepts a connection%s%s (%s)", *obj ? " on " : "", obj,
			 ct_event_status_name(ev->status));
		break;
	case CT_EV_CONNECT_BEGIN:
		snprintf(buf, len, "connects%s%s", *obj ? " to " : "", obj);
		break;
	case CT_EV_CONNECT_END:
		snprintf(buf, len, "connected%s%s (%s)", *obj ? " to " : "", obj,
			 ct_event_status_name(ev->status));
		break;
	case CT_EV_POLL_BEGIN:
		if (ct_model_event_value(m, ev) < 0)
			snprintf(buf, len, "waits on an epoll set");
		else
			snprintf(buf, len, "waits on %lld descriptors",
				 (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_POLL_END:
		snprintf(buf, len, "%lld ready", (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_DGRAM_SEND:
		snprintf(buf, len, "sends a %lld B datagram%s%s",
			 (long long)ct_model_event_value(m, ev), *obj ? " to " : "", obj);
		break;
	case CT_EV_DGRAM_RECV_BEGIN:
		snprintf(buf, len, "waits for a datagram%s%s", *obj ? " on " : "", obj);
		break;
	case CT_EV_DGRAM_RECV:
		if (ev->status == CT_OK)
			snprintf(buf, len, "receives a %lld B datagram%s%s",
				 (long long)ct_model_event_value(m, ev), *obj ? " on " : "", obj);
		else
			snprintf(buf, len, "receives no datagram (%s)",
				 ct_event_status_name(ev->status));
		break;
	case CT_EV_PRINT:
		snprintf(buf, len, "prints \"%s\"", ct_model_string(m, ev->arg));
		break;
	case CT_EV_PROC_FORK:
	case CT_EV_PROC_START:
	case CT_EV_PROC_EXEC:
	case CT_EV_WAIT_BEGIN:
	case CT_EV_WAIT_END:
		process_phrase(m, ev, buf, len);
		break;
	case CT_EV_MARK:
		snprintf(buf, len, "mark \"%s\"", ct_model_string(m, ev->arg));
		break;
	case CT_EV_SLEEP_BEGIN:
	case CT_EV_SLEEP_END: {
		char d[32];

		ct_time_format((double)ct_model_event_value(m, ev), 0, d, sizeof(d));
		snprintf(buf, len, "%s %s", type, d);
		break;
	}
	case CT_EV_ARC_NEW:
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
		snprintf(buf, len, "%s%s%s count=%lld", type, *obj ? " " : "", obj,
			 (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_ACCESS:
		snprintf(buf, len, "%s %s%s value=%lld", ct_access_kind_name(ev->status), obj,
			 *obj ? "" : "object", (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_SEM_NEW:
		snprintf(buf, len, "%s%s%s value=%lld", type, *obj ? " " : "", obj,
			 (long long)ct_model_event_value(m, ev));
		break;
	case CT_EV_SEM_WAIT_END:
		/* A timed-out wait took no token: say so, as the wake-up arrow is missing. */
		snprintf(buf, len, "%s%s%s (%s)", type, *obj ? " " : "", obj,
			 ct_event_status_name(ev->status));
		break;
	default:
		snprintf(buf, len, "%s%s%s", type, *obj ? " " : "", obj);
		break;
	}
}

const char *ct_model_event_phrase(const struct ct_model *m, uint32_t ev, char *buf, size_t len)
{
	size_t n;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n);

	if (ev >= n)
		snprintf(buf, len, "no event");
	else
		event_phrase(m, &events[ev], buf, len);
	return buf;
}

const char *ct_model_event_describe(const struct ct_model *m, uint32_t ev, char *buf, size_t len)
{
	size_t n;
	const struct ct_model_event *events = ct_model_borrow_events(m, &n);
	char t[32], lane[160], what[256];

	if (ev >= n) {
		snprintf(buf, len, "no event");
		return buf;
	}
	ct_time_format((double)ct_model_event_time(&events[ev]), 0, t, sizeof(t));
	event_phrase(m, &events[ev], what, sizeof(what));
	snprintf(buf, len, "%s  %s: %s", t,
		 ct_model_lane_label(m, events[ev].lane, lane, sizeof(lane)), what);
	return buf;
}
