/* SPDX-License-Identifier: MIT */
/*
 * load.c - reads a CTF trace through libbabeltrace2 into the model builder:
 * the only file of ctrace that calls libbabeltrace2.
 *
 * The graph is src.ctf.fs -> flt.utils.muxer -> a sink component class of
 * ours, so events arrive in timestamp order (and, within one thread, in
 * program order, since a thread's events share one stream). The sink maps
 * each ctrace:* event, its payload and its vtid/vpid/procname contexts into a
 * struct ct_model_input; other events are skipped and counted, and
 * discarded-events messages are added up.
 *
 * Thread-safety: ct_model_load may run in several threads at once (each has
 * its own graph), but it takes and clears the calling thread's babeltrace2
 * error.
 */
#include "model.h"

#include <babeltrace2/babeltrace.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PROGRESS_EVERY 65536

/* Payload members and contexts an event class has, found once per class. */
struct class_info {
	const bt_event_class *cls; /* borrowed: key; NULL marks an empty slot */
	int type;                  /* enum ct_event_type, or -1 to skip the event */
	int m_id, m_id2, m_value, m_status, m_text; /* payload member indices, -1 if absent */
	int c_vtid, c_vpid, c_procname;             /* common context member indices */
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
	uint64_t skipped; /* non-ctrace events, for the "no events" message */
	const struct ct_model_load_options *options; /* borrowed; may be NULL */
};

/* A malloc'd printf result, or NULL when out of memory. */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/*
 * Takes the thread's babeltrace2 error and makes it one line: WHAT, then the
 * root cause's message (the first cause; later ones only repeat that a
 * component failed, with addresses). Returns a malloc'd string (NULL when
 * out of memory).
 */
static char *take_error(const char *what)
{
	const bt_error *err = bt_current_thread_take_error();
	const char *cause = NULL;
	char *s;

	if (err && bt_error_get_cause_count(err) > 0)
		cause = bt_error_cause_get_message(bt_error_borrow_cause_by_index(err, 0));
	s = cause ? format("%s: %s", what, cause) : format("%s", what);
	/* Causes may span lines; the user gets one. */
	for (char *p = s; p && *p; p++) {
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	}
	if (err)
		bt_error_release(err);
	return s;
}

/* ------------------------------------------------------ trace discovery */

/* The trace directories found under a path: those holding a `metadata` file. */
struct trace_dirs {
	char **dirs; /* owned, each owned */
	size_t n, cap;
};

static void trace_dirs_fini(struct trace_dirs *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->dirs[i]);
	free(t->dirs);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Adds DIR, if it holds a metadata file, and the trace directories under it
 * (src.ctf.fs in babeltrace2 2.0 takes trace directories, not their
 * parents). Symbolic links are not followed, so a loop cannot recurse
 * forever; DEPTH bounds the rest. Returns false when out of memory.
 */
static bool trace_dirs_find(struct trace_dirs *t, const char *dir, int depth)
{
	char *path = NULL;
	struct stat st;
	DIR *d = NULL;
	struct dirent *e;
	bool ok = true;

	if (depth > 16)
		return true;
	path = format("%s/metadata", dir);
	if (!path)
		return false;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 8;
			char **p = realloc(t->dirs, cap * sizeof(*p));

			if (!p) {
				ok = false;
				goto end;
			}
			t->dirs = p;
			t->cap = cap;
		}
		t->dirs[t->n] = strdup(dir);
		if (!t->dirs[t->n]) {
			ok = false;
			goto end;
		}
		t->n++;
		/* A trace directory holds streams, not other traces. */
		goto end;
	}
	d = opendir(dir);
	if (!d)
		goto end; /* unreadable subdirectories are not traces we can read */
	while (ok && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		free(path);
		path = format("%s/%s", dir, e->d_name);
		if (!path) {
			ok = false;
			break;
		}
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ok = trace_dirs_find(t, path, depth + 1);
	}
end:
	if (d)
		closedir(d);
	free(path);
	return ok;
}

/* ------------------------------------------------------- event classes */

static int member_index(const bt_field_class *fc, const char *name)
{
	if (!fc || bt_field_class_get_type(fc) != BT_FIELD_CLASS_TYPE_STRUCTURE)
		return -1;
	for (uint64_t i = 0; i < bt_field_class_structure_get_member_count(fc); i++) {
		const bt_field_class_structure_member *m =
			bt_field_class_structure_borrow_member_by_index_const(fc, i);

		if (strcmp(bt_field_class_structure_member_get_name(m), name) == 0)
			return (int)i;
	}
	return -1;
}

/* The first of NAMES that FC has, or -1. NAMES ends with NULL. */
static int member_any(const bt_field_class *fc, const char *const *names)
{
	for (; *names; names++) {
		int i = member_index(fc, *names);

		if (i >= 0)
			return i;
	}
	return -1;
}

/* Fills INFO for CLS: what the event is, and where its fields are. */
static void class_info_init(struct class_info *info, const bt_event_class *cls)
{
	static const char *const ids[] = { "thread", "chan",   "cond", "arc",
					   "object", "stream", "sem",  NULL };
	static const char *const values[] = { "capacity",        "count", "ns", "value",
					      "printing_closed", "len",   NULL };
	static const char *const statuses[] = { "status", "kind", NULL };
	static const char *const texts[] = { "name", "label", "text", NULL };
	const char *name = bt_event_class_get_name(cls);
	const bt_field_class *payload = bt_event_class_borrow_payload_field_class_const(cls);
	const bt_field_class *context =
		bt_stream_class_borrow_event_common_context_field_class_const(
			bt_event_class_borrow_stream_class_const(cls));
	enum ct_event_type type;

	memset(info, 0, sizeof(*info));
	info->cls = cls;
	info->type = -1;
	if (!name || strncmp(name, "ctrace:", 7) != 0 || !ct_event_type_from_name(name + 7, &type))
		return;
	info->type = (int)type;
	/* A mutex is the main object of mutex_* events, and the second one of cond_* events. */
	if (strncmp(name + 7, "mutex_", 6) == 0) {
		info->m_id = member_index(payload, "mutex");
		info->m_id2 = -1;
	} else {
		info->m_id = member_any(payload, ids);
		info->m_id2 = member_index(payload, "mutex");
		if (info->m_id2 < 0)
			info->m_id2 = member_index(payload, "msg");
		if (info->m_id2 < 0)
			info->m_id2 = member_index(payload, "to_thread");
		if (info->m_id2 < 0)
			info->m_id2 = member_index(payload, "offset");
	}
	info->m_value = member_any(payload, values);
	info->m_status = member_any(payload, statuses);
	info->m_text = member_any(payload, texts);
	info->c_vtid = member_index(context, "vtid");
	info->c_vpid = member_index(context, "vpid");
	info->c_procname = member_index(context, "procname");
}

static size_t class_hash(const bt_event_class *cls)
{
	return (size_t)(((uintptr_t)cls >> 4) * UINT64_C(0x9e3779b97f4a7c15) >> 20);
}

/* The info for CLS, computed on first sight; NULL when out of memory. */
static const struct class_info *class_lookup(struct load *ld, const bt_event_class *cls)
{
	size_t j;

	if ((ld->n_classes + 1) * 2 > ld->cap_classes) {
		size_t cap = ld->cap_classes ? ld->cap_classes * 2 : 64;
		struct class_info *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t i = 0; i < ld->cap_classes; i++) {
			if (!ld->classes[i].cls)
				continue;
			j = class_hash(ld->classes[i].cls) & (cap - 1);
			while (t[j].cls)
				j = (j + 1) & (cap - 1);
			t[j] = ld->classes[i];
		}
		free(ld->classes);
		ld->classes = t;
		ld->cap_classes = cap;
	}
	j = class_hash(cls) & (ld->cap_classes - 1);
	while (ld->classes[j].cls && ld->classes[j].cls != cls)
		j = (j + 1) & (ld->cap_classes - 1);
	if (!ld->classes[j].cls) {
		class_info_init(&ld->classes[j], cls);
		ld->n_classes++;
	}
	return &ld->classes[j];
}

/* ---------------------------------------------------------------- fields */

static const bt_field *member(const bt_field *st, int index)
{
	if (!st || index < 0)
		return NULL;
	return bt_field_structure_borrow_member_field_by_index_const(st, (uint64_t)index);
}

/* An integer or enumeration field's value as 64 bits; 0 for anything else. */
static uint64_t field_int(const bt_field *f)
{
	bt_field_class_type t;

	if (!f)
		return 0;
	t = bt_field_get_class_type(f);
	if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
		return bt_field_integer_unsigned_get_value(f);
	if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
		return (uint64_t)bt_field_integer_signed_get_value(f);
	return 0;
}

static const char *field_str(const bt_field *f)
{
	if (!f || bt_field_get_class_type(f) != BT_FIELD_CLASS_TYPE_STRING)
		return NULL;
	return bt_field_string_get_value(f);
}

/* Maps one event message into the builder. Returns the builder's status. */
static enum ct_model_status on_event(struct load *ld, const bt_message *msg)
{
	const bt_event *ev = bt_message_event_borrow_event_const(msg);
	const struct class_info *info = class_lookup(ld, bt_event_borrow_class_const(ev));
	const bt_field *payload, *context;
	struct ct_model_input in;
	int64_t ns = 0;
	enum ct_model_status status;

	if (!info)
		return CT_MODEL_NOMEM;
	if (info->type < 0) {
		ct_model_builder_add_skipped(ld->builder, 1);
		ld->skipped++;
		return CT_MODEL_OK;
	}
	/* A stream without a clock gives no time: such events cannot be placed. */
	if (!bt_message_event_borrow_stream_class_default_clock_class_const(msg)) {
		ct_model_builder_add_skipped(ld->builder, 1);
		return CT_MODEL_OK;
	}
	if (bt_clock_snapshot_get_ns_from_origin(
		    bt_message_event_borrow_default_clock_snapshot_const(msg), &ns) !=
		    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK ||
	    ns < 0)
		ns = 0;

	payload = bt_event_borrow_payload_field_const(ev);
	context = bt_event_borrow_common_context_field_const(ev);
	memset(&in, 0, sizeof(in));
	in.type = (enum ct_event_type)info->type;
	in.time = (uint64_t)ns;
	in.pid = (uint32_t)field_int(member(context, info->c_vpid));
	in.tid = (uint32_t)field_int(member(context, info->c_vtid));
	in.procname = field_str(member(context, info->c_procname));
	in.id = field_int(member(payload, info->m_id));
	in.id2 = field_int(member(payload, info->m_id2));
	in.value = (int64_t)field_int(member(payload, info->m_value));
	in.status = (unsigned)field_int(member(payload, info->m_status));
	in.text = field_str(member(payload, info->m_text));
	status = ct_model_builder_add(ld->builder, &in);
	if (status != CT_MODEL_OK)
		return status;
	ld->events++;
	if (ld->options && ld->options->progress && ld->events % PROGRESS_EVERY == 0)
		ld->options->progress(ld->events, ld->options->progress_data);
	return CT_MODEL_OK;
}

/* ------------------------------------------------------------------ sink */

static bt_component_class_initialize_method_status
sink_initialize(bt_self_component_sink *self, bt_self_component_sink_configuration *config,
		const bt_value *params, void *data)
{
	(void)config;
	(void)params;
	bt_self_component_set_data(bt_self_component_sink_as_self_component(self), data);
	switch (bt_self_component_sink_add_input_port(self, "in", NULL, NULL)) {
	case BT_SELF_COMPONENT_ADD_PORT_STATUS_OK:
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
	case BT_SELF_COMPONENT_ADD_PORT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
}

static bt_component_class_sink_graph_is_configured_method_status
sink_graph_is_configured(bt_self_component_sink *self)
{
	struct load *ld =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));

	switch (bt_message_iterator_create_from_sink_component(
		self, bt_self_component_sink_borrow_input_port_by_index(self, 0), &ld->iter)) {
	case BT_MESSAGE_ITERATOR_CREATE_FROM_SINK_COMPONENT_STATUS_OK:
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_OK;
	case BT_MESSAGE_ITERATOR_CREATE_FROM_SINK_COMPONENT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_ERROR;
	}
}

/*
 * LTTng closes every packet when recording stops, and a packet's end clock
 * snapshot says when: the last one tells how long the recording went on
 * after the program's last event (a hung program that was killed).
 */
static void on_packet_end(struct load *ld, const bt_message *msg)
{
	const bt_packet *packet = bt_message_packet_end_borrow_packet_const(msg);
	const bt_stream_class *sc =
		bt_stream_borrow_class_const(bt_packet_borrow_stream_const(packet));
	int64_t ns;

	if (!bt_stream_class_packets_have_end_default_clock_snapshot(sc))
		return;
	if (bt_clock_snapshot_get_ns_from_origin(
		    bt_message_packet_end_borrow_default_clock_snapshot_const(msg), &ns) ==
		    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK &&
	    ns > 0)
		ct_model_builder_set_stop(ld->builder, (uint64_t)ns);
}

static bt_component_class_sink_consume_method_status sink_consume(bt_self_component_sink *self)
{
	struct load *ld =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));
	bt_message_array_const msgs;
	uint64_t count = 0;
	bt_component_class_sink_consume_method_status ret =
		BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;

	switch (bt_message_iterator_next(ld->iter, &msgs, &count)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		bt_message_iterator_put_ref(ld->iter);
		ld->iter = NULL;
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < count; i++) {
		const bt_message *msg = msgs[i];

		if (ret == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK) {
			enum ct_model_status st = CT_MODEL_OK;
			uint64_t lost = 0;

			switch (bt_message_get_type(msg)) {
			case BT_MESSAGE_TYPE_EVENT:
				st = on_event(ld, msg);
				break;
			case BT_MESSAGE_TYPE_PACKET_END:
				on_packet_end(ld, msg);
				break;
			case BT_MESSAGE_TYPE_DISCARDED_EVENTS:
				/* LTTng gives the count; if it did not, at least one was lost. */
				if (bt_message_discarded_events_get_count(msg, &lost) !=
				    BT_PROPERTY_AVAILABILITY_AVAILABLE)
					lost = 1;
				ct_model_builder_add_discarded(ld->builder, lost);
				break;
			default:
				break;
			}
			if (st != CT_MODEL_OK) {
				ld->status = st;
				ret = st == CT_MODEL_NOMEM
					      ? BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR
					      : BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
			}
		}
		/* Every message of the batch is ours to release, even after a failure. */
		bt_message_put_ref(msg);
	}
	return ret;
}

static void sink_finalize(bt_self_component_sink *self)
{
	struct load *ld =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));

	bt_message_iterator_put_ref(ld->iter);
	ld->iter = NULL;
}

/* ----------------------------------------------------------------- graph */

/* Our sink class; NULL with LD->error set on failure. */
static bt_component_class_sink *sink_class_create(struct load *ld)
{
	bt_component_class_sink *cls = bt_component_class_sink_create("ctrace-model", sink_consume);

	if (!cls) {
		ld->status = CT_MODEL_NOMEM;
		return NULL;
	}
	if (bt_component_class_sink_set_initialize_method(cls, sink_initialize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK ||
	    bt_component_class_sink_set_graph_is_configured_method(cls, sink_graph_is_configured) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK ||
	    bt_component_class_sink_set_finalize_method(cls, sink_finalize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK) {
		bt_component_class_sink_put_ref(cls);
		ld->status = CT_MODEL_NOMEM;
		return NULL;
	}
	return cls;
}

/* Finds a plugin's component class; sets LD's status and error on failure. */
static const bt_plugin *plugin_find(struct load *ld, const char *name)
{
	const bt_plugin *plugin = NULL;

	switch (bt_plugin_find(name, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &plugin)) {
	case BT_PLUGIN_FIND_STATUS_OK:
		return plugin;
	case BT_PLUGIN_FIND_STATUS_NOT_FOUND:
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = format("babeltrace2 plugin '%s' not found (is babeltrace2 installed?)",
				   name);
		return NULL;
	case BT_PLUGIN_FIND_STATUS_MEMORY_ERROR:
		ld->status = CT_MODEL_NOMEM;
		return NULL;
	default:
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = take_error("cannot load babeltrace2 plugins");
		return NULL;
	}
}

/* Checks PATH before babeltrace2 does, for clearer messages. */
static enum ct_model_status check_path(const char *path, char **error)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		*error = format("%s", strerror(errno));
		return CT_MODEL_NOT_FOUND;
	}
	if (!S_ISDIR(st.st_mode)) {
		*error = format("not a directory (give the trace directory)");
		return CT_MODEL_NOT_FOUND;
	}
	return CT_MODEL_OK;
}

/*
 * Adds one src.ctf.fs component for trace directory DIR and connects its
 * ports to the muxer, whose input ports are numbered from *NEXT_IN (it adds
 * a free one each time one gets connected). Sets LD's status and error on
 * failure.
 */
static bool source_add(struct load *ld, bt_graph *graph, const bt_component_class_source *cls,
		       const bt_component_filter *mux, const char *dir, size_t index,
		       uint64_t *next_in)
{
	const bt_component_source *src = NULL;
	bt_value *params = bt_value_map_create();
	bt_value *inputs = NULL;
	char name[32];
	bool ok = false;

	snprintf(name, sizeof(name), "src%zu", index);
	if (!params ||
	    bt_value_map_insert_empty_array_entry(params, "inputs", &inputs) !=
		    BT_VALUE_MAP_INSERT_ENTRY_STATUS_OK ||
	    bt_value_array_append_string_element(inputs, dir) !=
		    BT_VALUE_ARRAY_APPEND_ELEMENT_STATUS_OK) {
		ld->status = CT_MODEL_NOMEM;
		goto end;
	}
	switch (bt_graph_add_source_component(graph, cls, name, params, BT_LOGGING_LEVEL_NONE,
					      &src)) {
	case BT_GRAPH_ADD_COMPONENT_STATUS_OK:
		break;
	case BT_GRAPH_ADD_COMPONENT_STATUS_MEMORY_ERROR:
		ld->status = CT_MODEL_NOMEM;
		goto end;
	default:
		/* src.ctf.fs refuses unreadable or corrupted metadata. */
		ld->status = CT_MODEL_NOT_A_TRACE;
		ld->error = take_error("not a readable CTF trace");
		goto end;
	}
	for (uint64_t i = 0; i < bt_component_source_get_output_port_count(src); i++) {
		if (bt_graph_connect_ports(
			    graph, bt_component_source_borrow_output_port_by_index_const(src, i),
			    bt_component_filter_borrow_input_port_by_index_const(mux, (*next_in)++),
			    NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK) {
			ld->status = CT_MODEL_READ_ERROR;
			ld->error = take_error("cannot connect the babeltrace2 graph");
			goto end;
		}
	}
	ok = true;
end:
	bt_value_put_ref(params);
	return ok;
}

/*
 * Builds the graph: a src.ctf.fs per trace directory in TRACES -> muxer ->
 * our sink. Sets LD's status and error on failure.
 */
static bt_graph *graph_create(struct load *ld, const struct trace_dirs *traces)
{
	const bt_plugin *ctf = NULL, *utils = NULL;
	const bt_component_class_source *src_cls;
	const bt_component_class_filter *mux_cls;
	bt_component_class_sink *sink_cls = NULL;
	const bt_component_filter *mux = NULL;
	const bt_component_sink *sink = NULL;
	bt_graph *graph = NULL;
	uint64_t next_in = 0;

	ctf = plugin_find(ld, "ctf");
	if (!ctf)
		goto error;
	utils = plugin_find(ld, "utils");
	if (!utils)
		goto error;
	src_cls = bt_plugin_borrow_source_component_class_by_name_const(ctf, "fs");
	mux_cls = bt_plugin_borrow_filter_component_class_by_name_const(utils, "muxer");
	if (!src_cls || !mux_cls) {
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = format("babeltrace2 lacks src.ctf.fs or flt.utils.muxer");
		goto error;
	}
	sink_cls = sink_class_create(ld);
	if (!sink_cls)
		goto error;
	graph = bt_graph_create(0);
	if (!graph) {
		ld->status = CT_MODEL_NOMEM;
		goto error;
	}
	if (bt_graph_add_filter_component(graph, mux_cls, "mux", NULL, BT_LOGGING_LEVEL_NONE,
					  &mux) != BT_GRAPH_ADD_COMPONENT_STATUS_OK ||
	    bt_graph_add_sink_component_with_initialize_method_data(
		    graph, sink_cls, "model", NULL, ld, BT_LOGGING_LEVEL_NONE, &sink) !=
		    BT_GRAPH_ADD_COMPONENT_STATUS_OK) {
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = take_error("cannot build the babeltrace2 graph");
		goto error;
	}
	for (size_t i = 0; i < traces->n; i++) {
		if (!source_add(ld, graph, src_cls, mux, traces->dirs[i], i, &next_in))
			goto error;
	}
	if (next_in == 0) {
		ld->status = CT_MODEL_NO_EVENTS;
		ld->error = format("the trace has no data streams");
		goto error;
	}
	if (bt_graph_connect_ports(graph,
				   bt_component_filter_borrow_output_port_by_index_const(mux, 0),
				   bt_component_sink_borrow_input_port_by_index_const(sink, 0),
				   NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK) {
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = take_error("cannot connect the babeltrace2 graph");
		goto error;
	}
	goto end;

error:
	bt_graph_put_ref(graph);
	graph = NULL;
end:
	bt_component_class_sink_put_ref(sink_cls);
	bt_plugin_put_ref(utils);
	bt_plugin_put_ref(ctf);
	return graph;
}

enum ct_model_status ct_model_load(const char *path, const struct ct_model_load_options *options,
				   struct ct_model **model, char **error)
{
	struct load ld = { .status = CT_MODEL_OK, .options = options };
	struct trace_dirs traces = { .n = 0 };
	bt_graph *graph = NULL;
	struct ct_model *m = NULL;
	enum ct_model_status status;
	char *msg = NULL;

	status = check_path(path, &msg);
	if (status != CT_MODEL_OK)
		goto error;
	if (!trace_dirs_find(&traces, path, 0)) {
		status = CT_MODEL_NOMEM;
		goto error;
	}
	if (traces.n == 0) {
		status = CT_MODEL_NOT_A_TRACE;
		msg = format("not a CTF trace: no metadata file in it or under it");
		goto error;
	}
	/* Sorted, so that components and lanes come in the same order every time. */
	qsort(traces.dirs, traces.n, sizeof(*traces.dirs), name_cmp);
	ld.builder = ct_model_builder_create();
	if (!ld.builder) {
		status = CT_MODEL_NOMEM;
		goto error;
	}
	graph = graph_create(&ld, &traces);
	if (!graph) {
		status = ld.status;
		msg = ld.error;
		ld.error = NULL;
		goto error;
	}
	for (;;) {
		bt_graph_run_status run = bt_graph_run(graph);

		if (run == BT_GRAPH_RUN_STATUS_OK)
			break;
		if (run == BT_GRAPH_RUN_STATUS_AGAIN) {
			/* Only live sources say "again"; wait a little before asking. */
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
			continue;
		}
		if (ld.status != CT_MODEL_OK) {
			/* Our sink failed: its status says why; drop the graph's error. */
			bt_current_thread_clear_error();
			status = ld.status;
		} else if (run == BT_GRAPH_RUN_STATUS_MEMORY_ERROR) {
			bt_current_thread_clear_error();
			status = CT_MODEL_NOMEM;
		} else {
			status = CT_MODEL_READ_ERROR;
			msg = take_error("cannot read the trace");
		}
		goto error;
	}
	if (ct_model_builder_event_count(ld.builder) == 0) {
		status = CT_MODEL_NO_EVENTS;
		msg = format("no ctrace events in the trace (%llu other events)",
			     (unsigned long long)ld.skipped);
		goto error;
	}
	status = ct_model_builder_finish(ld.builder, &m);
	if (status != CT_MODEL_OK)
		goto error;
	*model = m;
	goto end;

error:
	if (!msg)
		msg = format("%s", ct_model_status_str(status));
end:
	if (error)
		*error = status == CT_MODEL_OK ? NULL : msg;
	if (!error || status == CT_MODEL_OK)
		free(msg);
	free(ld.error);
	bt_graph_put_ref(graph);
	bt_message_iterator_put_ref(ld.iter);
	ct_model_builder_destroy(ld.builder);
	free(ld.classes);
	trace_dirs_fini(&traces);
	return status;
}
