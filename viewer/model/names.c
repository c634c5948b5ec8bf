/* SPDX-License-Identifier: MIT */
/*
 * names.c - the words for the model's numbers: event types (the names in
 * the trace, both ways), event statuses and access kinds as the trace
 * spells them, then the model's own lane ends, lane states, arrow kinds,
 * object kinds and statuses.
 */
#include "model.h"

#include <string.h>

static const char *const event_names[CT_EV_COUNT_] = {
	"thread_spawn",
	"thread_begin",
	"thread_end",
	"join_begin",
	"join_end",
	"chan_new",
	"chan_send_begin",
	"chan_send_end",
	"chan_recv_begin",
	"chan_recv_end",
	"chan_sender_clone",
	"chan_sender_drop",
	"chan_receiver_drop",
	"mutex_new",
	"mutex_lock_begin",
	"mutex_lock_end",
	"mutex_unlock",
	"cond_new",
	"cond_wait_begin",
	"cond_wait_end",
	"cond_signal",
	"cond_broadcast",
	"arc_new",
	"arc_clone",
	"arc_drop",
	"sleep_begin",
	"sleep_end",
	"obj_new",
	"obj_drop",
	"move",
	"access",
	"print",
	"mark",
	"thread_name",
	"process_exit",
	"fd_write",
	"fd_read_begin",
	"fd_read",
	"mq_send",
	"mq_send_begin",
	"mq_send_end",
	"mq_recv_begin",
	"mq_recv",
	"sem_new",
	"sem_wait_begin",
	"sem_wait_end",
	"sem_post",
};

const char *ct_event_type_name(enum ct_event_type type)
{
	return (unsigned)type < CT_EV_COUNT_ ? event_names[type] : NULL;
}

bool ct_event_type_from_name(const char *name, enum ct_event_type *type)
{
	for (unsigned i = 0; i < CT_EV_COUNT_; i++) {
		if (strcmp(name, event_names[i]) == 0) {
			*type = (enum ct_event_type)i;
			return true;
		}
	}
	return false;
}

const char *ct_event_status_name(unsigned status)
{
	static const char *const names[] = { "ok", "disconnected", "timeout", "empty", "full",
					     NULL, NULL,           NULL,      NULL,    "error" };

	return status < sizeof(names) / sizeof(names[0]) && names[status] ? names[status] : "?";
}

const char *ct_access_kind_name(unsigned kind)
{
	static const char *const names[] = { "read", "write", "use" };

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

const char *ct_lane_end_name(enum ct_lane_end end)
{
	switch (end) {
	case CT_LANE_ENDED:
		return "ended";
	case CT_LANE_KILLED:
		return "killed";
	case CT_LANE_BLOCKED:
		return "blocked";
	}
	return "?";
}

const char *ct_lane_state_name(enum ct_lane_state state)
{
	static const char *const names[CT_STATE_COUNT_] = {
		[CT_STATE_RUNNING] = "running",
		[CT_STATE_BLOCKED_RECV] = "blocked: recv",
		[CT_STATE_BLOCKED_SEND] = "blocked: send",
		[CT_STATE_BLOCKED_LOCK] = "blocked: lock",
		[CT_STATE_BLOCKED_JOIN] = "blocked: join",
		[CT_STATE_BLOCKED_COND] = "blocked: condvar",
		[CT_STATE_BLOCKED_SEM] = "blocked: semaphore",
		[CT_STATE_SLEEPING] = "sleeping",
	};

	return (unsigned)state < CT_STATE_COUNT_ ? names[state] : "?";
}

const char *ct_arrow_kind_name(enum ct_arrow_kind kind)
{
	static const char *const names[CT_ARROW_COUNT_] = { "spawn", "join", "message", "handoff",
							    "wakeup" };

	return (unsigned)kind < CT_ARROW_COUNT_ ? names[kind] : "?";
}

const char *ct_object_kind_name(enum ct_object_kind kind)
{
	static const char *const names[CT_OBJ_COUNT_] = {
		[CT_OBJ_THREAD] = "thread", [CT_OBJ_CHAN] = "chan",   [CT_OBJ_MUTEX] = "mutex",
		[CT_OBJ_COND] = "cond",     [CT_OBJ_ARC] = "arc",     [CT_OBJ_PLAIN] = "object",
		[CT_OBJ_STREAM] = "stream", [CT_OBJ_QUEUE] = "queue", [CT_OBJ_SEM] = "semaphore",
	};

	return (unsigned)kind < CT_OBJ_COUNT_ ? names[kind] : "?";
}

const char *ct_model_status_str(enum ct_model_status status)
{
	switch (status) {
	case CT_MODEL_OK:
		return "ok";
	case CT_MODEL_NOMEM:
		return "out of memory";
	case CT_MODEL_NOT_FOUND:
		return "no such directory";
	case CT_MODEL_NOT_A_TRACE:
		return "not a CTF trace";
	case CT_MODEL_NO_EVENTS:
		return "no ctrace events in the trace";
	case CT_MODEL_READ_ERROR:
		return "error while reading the trace";
	case CT_MODEL_TOO_LARGE:
		return "trace too large";
	case CT_MODEL_NO_CONTEXT:
		return "the trace lacks the vtid and vpid contexts";
	}
	return "unknown status";
}
