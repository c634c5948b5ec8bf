/* SPDX-License-Identifier: MIT */
/*
 * names.c - the words for the model's numbers: event types (the names in
 * the trace, both ways) from the schema table, event statuses and access
 * kinds from their lists in ctrace/enums.h, then the model's own lane ends, lane states, arrow kinds,
 * object kinds and statuses.
 */
#include "model.h"

#include <string.h>

/* The event names, expanded from the schema table in the order of enum ct_event_type. */
static const char *const event_names[CT_EV_COUNT_] = {
#define CT_SCHEMA_EVENT(name, NAME, ...) [CT_EV_##NAME] = #name,
#include "events.def"
#undef CT_SCHEMA_EVENT
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
	switch (status) {
#define STATUS_CASE(NAME, word, number, phrase)                                                    \
	case CT_##NAME:                                                                            \
		return #word;
		CT_STATUS_LIST(STATUS_CASE)
#undef STATUS_CASE
	}
	return "?";
}

const char *ct_access_kind_name(unsigned kind)
{
	switch (kind) {
#define KIND_CASE(NAME, word, number)                                                              \
	case CT_ACCESS_##NAME:                                                                     \
		return #word;
		CT_ACCESS_KIND_LIST(KIND_CASE)
#undef KIND_CASE
	}
	return "?";
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
	case CT_LANE_PARKED:
		return "parked at exit";
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
		[CT_STATE_BLOCKED_CONNECT] = "blocked: connection",
		[CT_STATE_BLOCKED_POLL] = "blocked: poll",
		[CT_STATE_BLOCKED_SIGNAL] = "blocked: signal",
		[CT_STATE_BLOCKED_FUTEX] = "blocked: futex",
		[CT_STATE_BLOCKED_BARRIER] = "blocked: barrier",
		[CT_STATE_BLOCKED_ONCE] = "blocked: once",
		[CT_STATE_BLOCKED_WAIT] = "blocked: wait",
	};

	return (unsigned)state < CT_STATE_COUNT_ ? names[state] : "?";
}

const char *ct_arrow_kind_name(enum ct_arrow_kind kind)
{
	static const char *const names[CT_ARROW_COUNT_] = { "spawn",   "join",   "message",
							    "handoff", "wakeup", "fork" };

	return (unsigned)kind < CT_ARROW_COUNT_ ? names[kind] : "?";
}

const char *ct_object_kind_name(enum ct_object_kind kind)
{
	static const char *const names[CT_OBJ_COUNT_] = {
		[CT_OBJ_THREAD] = "thread", [CT_OBJ_CHAN] = "chan",
		[CT_OBJ_MUTEX] = "mutex",   [CT_OBJ_COND] = "cond",
		[CT_OBJ_ARC] = "arc",       [CT_OBJ_PLAIN] = "object",
		[CT_OBJ_STREAM] = "stream", [CT_OBJ_QUEUE] = "queue",
		[CT_OBJ_SEM] = "semaphore", [CT_OBJ_SIGSET] = "signals",
		[CT_OBJ_FUTEX] = "futex",   [CT_OBJ_BARRIER] = "barrier",
		[CT_OBJ_ONCE] = "once",     [CT_OBJ_RWLOCK] = "rwlock",
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
	case CT_MODEL_DAMAGED:
		return "damaged trace";
	}
	return "unknown status";
}
