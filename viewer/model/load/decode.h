/* SPDX-License-Identifier: MIT */
/*
 * decode.h - the decoding worker's side of the loader: the babeltrace2 graph
 * it runs (graph.c), the tap in front of each stream that says where the
 * decoder is (tap.c), our sink, which maps every event into a record for the
 * loader (sink.c), what each event class is (classes.c), reading its fields
 * (fields.c) and babeltrace2's error causes (errors.c).
 *
 * These files are the only code of ctrace that includes libbabeltrace2, and
 * they run only in the worker process (worker.c forks it): a hang or an
 * assertion inside babeltrace2 ends the worker, never the program. One
 * worker runs one graph in its one thread.
 */
#ifndef CTRACE_MODEL_DECODE_H
#define CTRACE_MODEL_DECODE_H

#include <babeltrace2/babeltrace.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loader.h"
#include "model.h"
#include "wire.h"

/* Payload members and contexts an event class has, found once per class. */
struct class_info {
	const bt_event_class *cls; /* borrowed: key; NULL marks an empty slot */
	int type;                  /* enum ct_event_type, or -1 to skip the event */
	int ust;                   /* enum ust_event: a wrapper event */
	bool binary; /* LTTng-UST's statedump bin_info or dl dlopen: a binary mapped (WIRE_BINARY) */
	bool mapping; /* any lttng_ust_statedump or lttng_ust_dl event: not counted as skipped */
	int m_id, m_id2, m_value, m_status, m_text, m_prio,
		m_caller;               /* payload member indices, -1 if absent */
	int c_vtid, c_vpid, c_procname; /* common context member indices */
};

/* A procname already sent to the loader, by its number. */
struct procname {
	char *name; /* owned; NULL marks an empty slot */
	uint32_t number;
};

/* The worker's state: shared by the graph, the taps and the sink. */
struct decode {
	struct wire_out out;
	const struct decode_args *args; /* borrowed */
	bt_message_iterator *iter;  /* owned; the sink's, created when the graph is configured */
	struct class_info *classes; /* owned; open addressing by class pointer */
	size_t n_classes, cap_classes;
	struct procname *procs; /* owned; open addressing by name */
	size_t n_procs, cap_procs;
	const char *last_proc; /* borrowed from the last event: the procname it had */
	uint32_t last_proc_number;
	uint32_t n_streams;          /* taps created so far: the streams' numbers */
	enum ct_model_status status; /* the worker's own failure, if any */
	char *error;                 /* owned; its message, if any */
	bool stopped;                /* a stop stream ended: decode no further (salvage) */
};

/* errors.c */

/*
 * Takes the thread's babeltrace2 error: WHAT, then every cause's message
 * from the root cause up, one a line. Returns a malloc'd string (NULL when
 * out of memory); the loader (diagnose.c) makes one sentence of it.
 */
char *load_take_error(const char *what);

/* classes.c */

/* The info for CLS, computed on first sight and kept in D; NULL when out of memory. */
const struct class_info *class_lookup(struct decode *d, const bt_event_class *cls);

/* fields.c */

/* Member INDEX of structure field ST; NULL when ST is NULL or INDEX is -1. */
const bt_field *field_member(const bt_field *st, int index);

/* An integer or enumeration field's value as 64 bits; 0 for anything else. */
uint64_t field_int(const bt_field *f);

/* A string field's value; NULL for anything else. */
const char *field_str(const bt_field *f);

/* tap.c */

/*
 * Our pass-through filter class, one component of which sits in front of
 * each stream: it tells the shared page which stream and packet the
 * decoder reads before each pull, and sends each stream's file name. NULL
 * when out of memory.
 */
bt_component_class_filter *tap_class_create(void);

/* sink.c */

/* Our sink component class, which maps events into records; NULL when out of memory. */
bt_component_class_sink *sink_class_create(void);

#endif /* CTRACE_MODEL_DECODE_H */
