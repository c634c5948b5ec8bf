/* SPDX-License-Identifier: MIT */
/*
 * names.c - the words for the model's numbers: event types (the names in
 * the trace, both ways) from the schema table, event statuses and access
 * kinds from their lists in ctrace/enums.h, then the model's own lane ends, lane states, arrow kinds,
 * object kinds and statuses.
 */
#include "model.h"
#include "i18n.h"

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

/*
 * The names below are the model's English words: dump, stats and the JSON
 * export print them as they are. N_() marks them so that front ends which
 * show them to people can _() them.
 */
const char *ct_lane_end_name(enum ct_lane_end end)
{
	switch (end) {
	case CT_LANE_ENDED:
		return N_("ended");
	case CT_LANE_KILLED:
		return N_("killed");
	case CT_LANE_BLOCKED:
		return N_("blocked");
	case CT_LANE_PARKED:
		return N_("parked at exit");
	}
	return "?";
}

const char *ct_lane_state_name(enum ct_lane_state state)
{
	static const char *const names[CT_STATE_COUNT_] = {
		[CT_STATE_RUNNING] = N_("running"),
		[CT_STATE_BLOCKED_RECV] = N_("blocked: recv"),
		[CT_STATE_BLOCKED_SEND] = N_("blocked: send"),
		[CT_STATE_BLOCKED_LOCK] = N_("blocked: lock"),
		[CT_STATE_BLOCKED_JOIN] = N_("blocked: join"),
		[CT_STATE_BLOCKED_COND] = N_("blocked: condvar"),
		[CT_STATE_BLOCKED_SEM] = N_("blocked: semaphore"),
		[CT_STATE_SLEEPING] = N_("sleeping"),
		[CT_STATE_BLOCKED_CONNECT] = N_("blocked: connection"),
		[CT_STATE_BLOCKED_POLL] = N_("blocked: poll"),
		[CT_STATE_BLOCKED_SIGNAL] = N_("blocked: signal"),
		[CT_STATE_BLOCKED_FUTEX] = N_("blocked: futex"),
		[CT_STATE_BLOCKED_BARRIER] = N_("blocked: barrier"),
		[CT_STATE_BLOCKED_ONCE] = N_("blocked: once"),
		[CT_STATE_BLOCKED_WAIT] = N_("blocked: wait"),
	};

	return (unsigned)state < CT_STATE_COUNT_ ? names[state] : "?";
}

const char *ct_arrow_kind_name(enum ct_arrow_kind kind)
{
	static const char *const names[CT_ARROW_COUNT_] = { N_("spawn"),   N_("join"),
							    N_("message"), N_("handoff"),
							    N_("wakeup"),  N_("fork") };

	return (unsigned)kind < CT_ARROW_COUNT_ ? names[kind] : "?";
}

const char *ct_object_kind_name(enum ct_object_kind kind)
{
	/* N_() only marks them: dump prints them as they are; sentences _() them. */
	static const char *const names[CT_OBJ_COUNT_] = {
		[CT_OBJ_THREAD] = N_("thread"), [CT_OBJ_CHAN] = N_("chan"),
		[CT_OBJ_MUTEX] = N_("mutex"),   [CT_OBJ_COND] = N_("cond"),
		[CT_OBJ_ARC] = N_("arc"),       [CT_OBJ_PLAIN] = N_("object"),
		[CT_OBJ_STREAM] = N_("stream"), [CT_OBJ_QUEUE] = N_("queue"),
		[CT_OBJ_SEM] = N_("semaphore"), [CT_OBJ_SIGSET] = N_("signals"),
		[CT_OBJ_FUTEX] = N_("futex"),   [CT_OBJ_BARRIER] = N_("barrier"),
		[CT_OBJ_ONCE] = N_("once"),     [CT_OBJ_RWLOCK] = N_("rwlock"),
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
