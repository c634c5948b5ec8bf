/* SPDX-License-Identifier: MIT */
/*
 * graph.c - the babeltrace2 graph the decoding worker runs: a src.ctf.fs
 * per trace directory, a tap (tap.c) in front of each of its streams, the
 * flt.utils.muxer and our sink (sink.c), so events arrive in timestamp order
 * (and, within one thread, in program order, since a thread's events share
 * one stream). Runs only in the worker (worker.c), which the loader reads.
 *
 * The sources log at the INFO level: babeltrace2 then names, on the
 * worker's standard error, each file it opens and what it finds wrong with
 * one, which is how the loader (diagnose.c) names the file that broke the
 * decoder. A sound trace logs a few lines per file, all while opening.
 */
#include "decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Finds a plugin; sets D's status and error on failure. */
static const bt_plugin *plugin_find(struct decode *d, const char *name)
{
	const bt_plugin *plugin = NULL;

	switch (bt_plugin_find(name, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &plugin)) {
	case BT_PLUGIN_FIND_STATUS_OK:
		return plugin;
	case BT_PLUGIN_FIND_STATUS_NOT_FOUND:
		d->status = CT_MODEL_READ_ERROR;
		d->error = load_format(
			"babeltrace2 plugin '%s' not found (is babeltrace2 installed?)", name);
		return NULL;
	case BT_PLUGIN_FIND_STATUS_MEMORY_ERROR:
		d->status = CT_MODEL_NOMEM;
		return NULL;
	default:
		d->status = CT_MODEL_READ_ERROR;
		d->error = load_take_error("cannot load babeltrace2 plugins");
		return NULL;
	}
}

/* The component classes the graph is made of (never released: the worker ends with the graph). */
struct classes {
	const bt_plugin *ctf, *utils;         /* owned */
	const bt_component_class_source *src; /* borrowed from ctf */
	const bt_component_class_filter *mux; /* borrowed from utils */
	bt_component_class_filter *tap;       /* owned */
	bt_component_class_sink *sink;        /* owned */
};

static bool classes_init(struct decode *d, struct classes *c)
{
	memset(c, 0, sizeof(*c));
	c->ctf = plugin_find(d, "ctf");
	if (!c->ctf)
		return false;
	c->utils = plugin_find(d, "utils");
	if (!c->utils)
		return false;
	c->src = bt_plugin_borrow_source_component_class_by_name_const(c->ctf, "fs");
	c->mux = bt_plugin_borrow_filter_component_class_by_name_const(c->utils, "muxer");
	if (!c->src || !c->mux) {
		d->status = CT_MODEL_READ_ERROR;
		d->error = load_format("babeltrace2 lacks src.ctf.fs or flt.utils.muxer");
		return false;
	}
	c->tap = tap_class_create();
	c->sink = sink_class_create();
	if (!c->tap || !c->sink) {
		d->status = CT_MODEL_NOMEM;
		return false;
	}
	return true;
}

/* Connects port OUT to port IN; sets D's status and error on failure. */
static bool connect(struct decode *d, bt_graph *graph, const bt_port_output *out,
		    const bt_port_input *in)
{
	if (bt_graph_connect_ports(graph, out, in, NULL) == BT_GRAPH_CONNECT_PORTS_STATUS_OK)
		return true;
	d->status = CT_MODEL_READ_ERROR;
	d->error = load_take_error("cannot connect the babeltrace2 graph");
	return false;
}

/*
 * Adds one src.ctf.fs component for trace directory DIR (number INDEX) and,
 * for each of its streams, a tap connected to the muxer, whose input ports
 * are numbered from *NEXT_IN (it adds a free one each time one gets
 * connected). Sets D's status and error on failure.
 */
static bool source_add(struct decode *d, bt_graph *graph, const struct classes *c,
		       const bt_component_filter *mux, const char *dir, size_t index,
		       uint64_t *next_in)
{
	const bt_component_source *src = NULL;
	bt_value *params = bt_value_map_create();
	bt_value *inputs = NULL;
	char name[48];
	bool ok = false;

	snprintf(name, sizeof(name), "src%zu", index);
	if (!params ||
	    bt_value_map_insert_empty_array_entry(params, "inputs", &inputs) !=
		    BT_VALUE_MAP_INSERT_ENTRY_STATUS_OK ||
	    bt_value_array_append_string_element(inputs, dir) !=
		    BT_VALUE_ARRAY_APPEND_ELEMENT_STATUS_OK) {
		d->status = CT_MODEL_NOMEM;
		goto end;
	}
	__atomic_store_n(&d->out.sh->dir, (uint32_t)index, __ATOMIC_RELAXED);
	switch (bt_graph_add_source_component(graph, c->src, name, params, BT_LOGGING_LEVEL_INFO,
					      &src)) {
	case BT_GRAPH_ADD_COMPONENT_STATUS_OK:
		break;
	case BT_GRAPH_ADD_COMPONENT_STATUS_MEMORY_ERROR:
		d->status = CT_MODEL_NOMEM;
		goto end;
	default:
		/* src.ctf.fs refuses unreadable or damaged metadata and streams. */
		d->status = CT_MODEL_DAMAGED;
		d->error = load_take_error("cannot open the trace");
		goto end;
	}
	for (uint64_t i = 0; i < bt_component_source_get_output_port_count(src); i++) {
		const bt_component_filter *tap = NULL;

		snprintf(name, sizeof(name), "tap%u", (unsigned)d->n_streams);
		if (bt_graph_add_filter_component_with_initialize_method_data(
			    graph, c->tap, name, NULL, d, BT_LOGGING_LEVEL_NONE, &tap) !=
		    BT_GRAPH_ADD_COMPONENT_STATUS_OK) {
			d->status = CT_MODEL_READ_ERROR;
			d->error = load_take_error("cannot build the babeltrace2 graph");
			goto end;
		}
		if (!connect(d, graph,
			     bt_component_source_borrow_output_port_by_index_const(src, i),
			     bt_component_filter_borrow_input_port_by_index_const(tap, 0)) ||
		    !connect(d, graph,
			     bt_component_filter_borrow_output_port_by_index_const(tap, 0),
			     bt_component_filter_borrow_input_port_by_index_const(mux,
										  (*next_in)++)))
			goto end;
	}
	ok = true;
end:
	bt_value_put_ref(params);
	return ok;
}

/*
 * Builds the graph: a src.ctf.fs per trace directory -> a tap per stream ->
 * muxer -> our sink. Sets D's status and error on failure.
 */
static bt_graph *graph_create(struct decode *d, const struct classes *c)
{
	const bt_component_filter *mux = NULL;
	const bt_component_sink *sink = NULL;
	bt_graph *graph = bt_graph_create(0);
	uint64_t next_in = 0;

	if (!graph) {
		d->status = CT_MODEL_NOMEM;
		return NULL;
	}
	if (bt_graph_add_filter_component(graph, c->mux, "mux", NULL, BT_LOGGING_LEVEL_NONE,
					  &mux) != BT_GRAPH_ADD_COMPONENT_STATUS_OK ||
	    bt_graph_add_sink_component_with_initialize_method_data(
		    graph, c->sink, "model", NULL, d, BT_LOGGING_LEVEL_NONE, &sink) !=
		    BT_GRAPH_ADD_COMPONENT_STATUS_OK) {
		d->status = CT_MODEL_READ_ERROR;
		d->error = load_take_error("cannot build the babeltrace2 graph");
		goto error;
	}
	__atomic_store_n(&d->out.sh->phase, WIRE_PHASE_OPEN, __ATOMIC_RELAXED);
	for (size_t i = 0; i < d->args->n_dirs; i++) {
		if (!source_add(d, graph, c, mux, d->args->dirs[i], i, &next_in))
			goto error;
	}
	if (next_in == 0) {
		d->status = CT_MODEL_NO_EVENTS;
		d->error = load_format("the trace has no data streams");
		goto error;
	}
	if (!connect(d, graph, bt_component_filter_borrow_output_port_by_index_const(mux, 0),
		     bt_component_sink_borrow_input_port_by_index_const(sink, 0)))
		goto error;
	return graph;

error:
	bt_graph_put_ref(graph);
	return NULL;
}

/* Runs GRAPH to its end; sets D's status and error on failure. */
static void graph_run(struct decode *d, bt_graph *graph)
{
	__atomic_store_n(&d->out.sh->phase, WIRE_PHASE_RUN, __ATOMIC_RELAXED);
	for (;;) {
		bt_graph_run_status run = bt_graph_run(graph);

		if (run == BT_GRAPH_RUN_STATUS_OK)
			return;
		if (run == BT_GRAPH_RUN_STATUS_AGAIN) {
			/* Only live sources say "again"; wait a little before asking. */
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
			continue;
		}
		if (d->status != CT_MODEL_OK || d->stopped) {
			/* Our sink stopped on purpose or failed: its status says why. */
			bt_current_thread_clear_error();
		} else if (run == BT_GRAPH_RUN_STATUS_MEMORY_ERROR) {
			bt_current_thread_clear_error();
			d->status = CT_MODEL_NOMEM;
		} else {
			d->status = CT_MODEL_DAMAGED;
			d->error = load_take_error("cannot read the trace");
		}
		return;
	}
}

int decode_run(const struct decode_args *args, struct wire_out *out)
{
	struct decode d = { .out = *out, .args = args, .status = CT_MODEL_OK };
	struct classes c;
	bt_graph *graph = NULL;
	uint32_t phase;
	bool ok;

	if (classes_init(&d, &c)) {
		graph = graph_create(&d, &c);
		if (graph)
			graph_run(&d, graph);
	}
	phase = __atomic_load_n(&d.out.sh->phase, __ATOMIC_RELAXED);
	ok = wire_put_text(&d.out, WIRE_END, (unsigned)d.status, d.stopped ? WIRE_END_STOPPED : 0,
			   phase, d.error) &&
	     wire_flush(&d.out);
	__atomic_store_n(&d.out.sh->phase, WIRE_PHASE_DONE, __ATOMIC_RELAXED);
	/*
	 * Nothing is torn down: the process ends now, and babeltrace2's
	 * finalizers would only cost time (and could trip on a damaged trace).
	 */
	(void)graph;
	(void)c;
	return ok ? 0 : 1;
}
