/* SPDX-License-Identifier: MIT */
/*
 * load.c - reads a CTF trace through libbabeltrace2 into the model builder:
 * ct_model_load, and the babeltrace2 graph it runs. The loader (this
 * directory) is the only code of ctrace that calls libbabeltrace2.
 *
 * The graph is src.ctf.fs -> flt.utils.muxer -> a sink component class of
 * ours (sink.c), so events arrive in timestamp order (and, within one
 * thread, in program order, since a thread's events share one stream). The
 * sink maps each ctrace:* event into a struct ct_model_input; mutex events
 * of LTTng's own pthread wrapper (lttng_ust_pthread:*) are mapped onto
 * ctrace's mutex events too (ust_pthread.c and docs/events.md).
 *
 * Thread-safety: ct_model_load may run in several threads at once (each has
 * its own graph), but it takes and clears the calling thread's babeltrace2
 * error.
 */
#include "loader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Finds a plugin's component class; sets LD's status and error on failure. */
static const bt_plugin *plugin_find(struct load *ld, const char *name)
{
	const bt_plugin *plugin = NULL;

	switch (bt_plugin_find(name, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &plugin)) {
	case BT_PLUGIN_FIND_STATUS_OK:
		return plugin;
	case BT_PLUGIN_FIND_STATUS_NOT_FOUND:
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = load_format(
			"babeltrace2 plugin '%s' not found (is babeltrace2 installed?)", name);
		return NULL;
	case BT_PLUGIN_FIND_STATUS_MEMORY_ERROR:
		ld->status = CT_MODEL_NOMEM;
		return NULL;
	default:
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = load_take_error("cannot load babeltrace2 plugins");
		return NULL;
	}
}

/* Checks PATH before babeltrace2 does, for clearer messages. */
static enum ct_model_status check_path(const char *path, char **error)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		*error = load_format("%s", strerror(errno));
		return CT_MODEL_NOT_FOUND;
	}
	if (!S_ISDIR(st.st_mode)) {
		*error = load_format("not a directory (give the trace directory)");
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
		ld->error = load_take_error("not a readable CTF trace");
		goto end;
	}
	for (uint64_t i = 0; i < bt_component_source_get_output_port_count(src); i++) {
		if (bt_graph_connect_ports(
			    graph, bt_component_source_borrow_output_port_by_index_const(src, i),
			    bt_component_filter_borrow_input_port_by_index_const(mux, (*next_in)++),
			    NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK) {
			ld->status = CT_MODEL_READ_ERROR;
			ld->error = load_take_error("cannot connect the babeltrace2 graph");
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
		ld->error = load_format("babeltrace2 lacks src.ctf.fs or flt.utils.muxer");
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
		ld->error = load_take_error("cannot build the babeltrace2 graph");
		goto error;
	}
	for (size_t i = 0; i < traces->n; i++) {
		if (!source_add(ld, graph, src_cls, mux, traces->dirs[i], i, &next_in))
			goto error;
	}
	if (next_in == 0) {
		ld->status = CT_MODEL_NO_EVENTS;
		ld->error = load_format("the trace has no data streams");
		goto error;
	}
	if (bt_graph_connect_ports(graph,
				   bt_component_filter_borrow_output_port_by_index_const(mux, 0),
				   bt_component_sink_borrow_input_port_by_index_const(sink, 0),
				   NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK) {
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = load_take_error("cannot connect the babeltrace2 graph");
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
		msg = load_format("not a CTF trace: no metadata file in it or under it");
		goto error;
	}
	trace_dirs_sort(&traces);
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
			/* Our sink failed: its status (and message, if any) says why. */
			bt_current_thread_clear_error();
			status = ld.status;
			msg = ld.error;
			ld.error = NULL;
		} else if (run == BT_GRAPH_RUN_STATUS_MEMORY_ERROR) {
			bt_current_thread_clear_error();
			status = CT_MODEL_NOMEM;
		} else {
			status = CT_MODEL_READ_ERROR;
			msg = load_take_error("cannot read the trace");
		}
		goto error;
	}
	status = held_finish(&ld);
	if (status != CT_MODEL_OK)
		goto error;
	if (ct_model_builder_event_count(ld.builder) == 0) {
		status = CT_MODEL_NO_EVENTS;
		msg = load_format(
			"no ctrace or lttng_ust_pthread mutex events in the trace (%llu other "
			"events)",
			(unsigned long long)ld.skipped);
		goto error;
	}
	/* The wrapper alone says nothing of threads starting and ending. */
	if (ld.ust_events && !ld.ctrace_events)
		ct_model_builder_set_no_lifecycle(ld.builder);
	status = ct_model_builder_finish(ld.builder, &m);
	if (status != CT_MODEL_OK)
		goto error;
	*model = m;
	goto end;

error:
	if (!msg)
		msg = load_format("%s", ct_model_status_str(status));
end:
	if (error)
		*error = status == CT_MODEL_OK ? NULL : msg;
	if (!error || status == CT_MODEL_OK)
		free(msg);
	free(ld.error);
	/* Held messages go back before the graph that made them. */
	held_fini(&ld);
	bt_graph_put_ref(graph);
	bt_message_iterator_put_ref(ld.iter);
	ct_model_builder_destroy(ld.builder);
	free(ld.classes);
	trace_dirs_fini(&traces);
	return status;
}
