/* SPDX-License-Identifier: MIT */
/*
 * phrases.c - an event in words, for every front end (the window's tooltips,
 * status line and steps): "12.000 ms  producer-1 (T2, tid 101): sends
 * "job 3" (ok)".
 */
#include <stdio.h>

#include "model.h"
#include "timefmt.h"

/* A short phrase for what an event says, without time or lane. */
static void event_phrase(const struct ct_model *m, const struct ct_model_event *ev, char *buf,
			 size_t len)
{
	size_t n_objs;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	const char *obj = ev->obj < n_objs ? ct_model_string(m, objs[ev->obj].name) : "";
	const char *type = ct_event_type_name((enum ct_event_type)ev->type);

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
