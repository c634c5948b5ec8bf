/* SPDX-License-Identifier: MIT */
/*
 * loader.h - the state of one ct_model_load, shared by the loader's files:
 * load.c (ct_model_load and the babeltrace2 graph), discover.c (finding the
 * trace directories), sink.c (our sink component, which maps each event
 * message), classes.c (what each event class is and where its fields are),
 * fields.c (reading those fields), ust_pthread.c (LTTng's pthread wrapper,
 * and the queue through which every event reaches the builder in time
 * order) and errors.c (messages for the user).
 *
 * These files are the only code of ctrace that includes libbabeltrace2.
 * Private to viewer/model/load. One load runs in one thread.
 */
#ifndef CTRACE_MODEL_LOADER_H
#define CTRACE_MODEL_LOADER_H

#include <babeltrace2/babeltrace.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* The lttng_ust_pthread events (LTTng-UST's pthread wrapper) the loader maps. */
enum ust_event {
	UST_NONE = 0, /* not one of them */
	UST_LOCK_REQ,
	UST_LOCK_ACQ,
	UST_TRYLOCK,
	UST_UNLOCK,
};

/* The wrapper's state in struct load (its items are ust_pthread.c's). */
struct ust {
	struct held *held; /* owned; [head, n_held) are waiting */
	size_t head, n_held, cap_held;
	struct ust_wait *waits; /* owned; the undecided lock_reqs */
	size_t n_waits, cap_waits;
	struct ust_handover *handovers; /* owned; the undecided mutex_lock_ends */
	size_t n_handovers, cap_handovers;
	struct ust_holder *holders; /* owned; open addressing by (pid, mutex) */
	size_t n_holders, cap_holders;
};

/* Payload members and contexts an event class has, found once per class. */
struct class_info {
	const bt_event_class *cls; /* borrowed: key; NULL marks an empty slot */
	int type;                  /* enum ct_event_type, or -1 to skip the event */
	int ust;                   /* enum ust_event: a wrapper event, mapped by ust_event() */
	int m_id, m_id2, m_value, m_status, m_text,
		m_prio;                 /* payload member indices, -1 if absent */
	int c_vtid, c_vpid, c_procname; /* common context member indices */
};

/* State shared by ct_model_load and the sink's methods. */
struct load {
	struct ct_model_builder *builder; /* owned by ct_model_load */
	bt_message_iterator *iter;        /* owned; created when the graph is configured */
	struct class_info *classes;       /* owned; open addressing by class pointer */
	size_t n_classes, cap_classes;
	enum ct_model_status status; /* the sink's own failure, if any */
	char *error;                 /* owned; the sink's own message, if any */
	uint64_t events;
	uint64_t skipped;                   /* non-ctrace events, for the "no events" message */
	uint64_t ctrace_events, ust_events; /* read, of either provider */
	const struct ct_model_load_options *options; /* borrowed; may be NULL */
	struct ust ust; /* LTTng's pthread wrapper: what is held back, and why (ust_event) */
};

/* errors.c */

/* A malloc'd printf result, or NULL when out of memory. */
char *load_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Takes the thread's babeltrace2 error and makes it one line: WHAT, then the
 * root cause's message. Returns a malloc'd string (NULL when out of memory).
 */
char *load_take_error(const char *what);

/* discover.c */

/* The trace directories found under a path: those holding a `metadata` file. */
struct trace_dirs {
	char **dirs; /* owned, each owned */
	size_t n, cap;
};

/*
 * Adds DIR, if it holds a metadata file, and the trace directories under
 * it. Returns false when out of memory.
 */
bool trace_dirs_find(struct trace_dirs *t, const char *dir, int depth);

/* Sorts the directories by name, so components and lanes come in the same order every time. */
void trace_dirs_sort(struct trace_dirs *t);

/* Frees the directories T holds. */
void trace_dirs_fini(struct trace_dirs *t);

/* classes.c */

/* The info for CLS, computed on first sight and kept in LD; NULL when out of memory. */
const struct class_info *class_lookup(struct load *ld, const bt_event_class *cls);

/* fields.c */

/* Member INDEX of structure field ST; NULL when ST is NULL or INDEX is -1. */
const bt_field *field_member(const bt_field *st, int index);

/* An integer or enumeration field's value as 64 bits; 0 for anything else. */
uint64_t field_int(const bt_field *f);

/* A string field's value; NULL for anything else. */
const char *field_str(const bt_field *f);

/* ust_pthread.c */

/*
 * Passes IN (read from MSG) on to the builder, in time order: directly when
 * nothing is held back, else behind what is. Returns the builder's status.
 */
enum ct_model_status load_submit(struct load *ld, const struct ct_model_input *in,
				 const bt_message *msg);

/* Maps one wrapper event (IN has its time and contexts) and passes it on. */
enum ct_model_status ust_event(struct load *ld, const struct class_info *info,
			       struct ct_model_input *in, const bt_field *payload,
			       const bt_message *msg);

/*
 * Settles what IN (read from MSG) tells about the events held back, before
 * IN is passed on; ACQ: IN is a lock_acq, UNLOCK: a successful unlock.
 * Returns true when IN was taken into a hand-over (and must not be passed on).
 */
bool ust_settle(struct ust *u, const struct ct_model_input *in, const bt_message *msg, bool acq,
		bool unlock);

/* End of the trace: decides what is still held and passes it on. */
enum ct_model_status held_finish(struct load *ld);

/* Drops whatever is still held (after a failure) and frees the wrapper's state. Can't fail. */
void held_fini(struct load *ld);

/* sink.c */

/* Our sink component class, which feeds LD's builder; NULL with LD's status set on failure. */
bt_component_class_sink *sink_class_create(struct load *ld);

#endif /* CTRACE_MODEL_LOADER_H */
