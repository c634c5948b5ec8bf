/* SPDX-License-Identifier: MIT */
/*
 * sink.c - our babeltrace2 sink component, in the decoding worker: it pulls
 * the muxer's messages and maps each ctrace:* event (its payload and its
 * vtid/vpid/procname contexts), each event of LTTng's pthread wrapper and
 * each binary mapping LTTng-UST reports into a record for the loader (wire.h); other events are counted as
 * skipped, discarded-events messages added up, and the last packet's end
 * kept as the time recording stopped, all in the shared page.
 */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

static size_t name_hash(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return (size_t)(h ^ (h >> 29));
}

/*
 * The number of procname NAME, sent to the loader on first sight: events
 * carry the number, not the name. False when out of memory or the pipe is
 * gone (D's status says which).
 */
static bool procname_number(struct decode *d, const char *name, uint32_t *number)
{
	size_t j;

	/* Most events have the procname of the event before. */
	if (d->last_proc && strcmp(d->last_proc, name) == 0) {
		*number = d->last_proc_number;
		return true;
	}
	if ((d->n_procs + 1) * 2 > d->cap_procs) {
		size_t cap = d->cap_procs ? d->cap_procs * 2 : 64;
		struct procname *t = calloc(cap, sizeof(*t));

		if (!t) {
			d->status = CT_MODEL_NOMEM;
			return false;
		}
		for (size_t i = 0; i < d->cap_procs; i++) {
			if (!d->procs[i].name)
				continue;
			j = name_hash(d->procs[i].name) & (cap - 1);
			while (t[j].name)
				j = (j + 1) & (cap - 1);
			t[j] = d->procs[i];
		}
		free(d->procs);
		d->procs = t;
		d->cap_procs = cap;
	}
	j = name_hash(name) & (d->cap_procs - 1);
	while (d->procs[j].name && strcmp(d->procs[j].name, name) != 0)
		j = (j + 1) & (d->cap_procs - 1);
	if (!d->procs[j].name) {
		char *copy = strdup(name);

		if (!copy) {
			d->status = CT_MODEL_NOMEM;
			return false;
		}
		if (!wire_put_text(&d->out, WIRE_STRING, 0, 0, (uint32_t)d->n_procs, copy)) {
			free(copy);
			d->status = CT_MODEL_READ_ERROR;
			return false;
		}
		d->procs[j] = (struct procname){ .name = copy, .number = (uint32_t)d->n_procs++ };
	}
	/* The table's copy: the field's text may change under a reused field. */
	d->last_proc = d->procs[j].name;
	d->last_proc_number = d->procs[j].number;
	*number = d->last_proc_number;
	return true;
}

/* Without vtid every thread would be one lane, and the picture wrong. */
static bool ust_contexts(struct decode *d, const struct class_info *info)
{
	if (info->c_vtid >= 0 && info->c_vpid >= 0)
		return true;
	d->status = CT_MODEL_NO_CONTEXT;
	d->error = load_format("this trace's lttng_ust_pthread events have no %s, so its threads "
			       "cannot be told apart; record with `lttng add-context -u -t vtid -t "
			       "vpid -t procname` before `lttng start`",
			       info->c_vtid < 0 && info->c_vpid < 0 ? "vtid and vpid contexts"
			       : info->c_vtid < 0                   ? "vtid context"
								    : "vpid context");
	return false;
}

/* Maps one event message into a record. False on failure (D's status says why). */
static bool on_event(struct decode *d, const bt_message *msg)
{
	const bt_event *ev = bt_message_event_borrow_event_const(msg);
	const struct class_info *info = class_lookup(d, bt_event_borrow_class_const(ev));
	const bt_field *payload, *context;
	struct ct_model_input in;
	const char *procname;
	uint32_t proc = 0;
	int64_t ns = 0;

	if (!info) {
		d->status = CT_MODEL_NOMEM;
		return false;
	}
	if (info->type < 0 && info->ust == UST_NONE && !info->binary) {
		if (!info->mapping)
			d->out.sh->skipped++;
		return true;
	}
	/* A stream without a clock gives no time: such events cannot be placed. */
	if (!bt_message_event_borrow_stream_class_default_clock_class_const(msg)) {
		d->out.sh->no_clock++;
		return true;
	}
	if (bt_clock_snapshot_get_ns_from_origin(
		    bt_message_event_borrow_default_clock_snapshot_const(msg), &ns) !=
		    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK ||
	    ns < 0)
		ns = 0;

	payload = bt_event_borrow_payload_field_const(ev);
	context = bt_event_borrow_common_context_field_const(ev);
	memset(&in, 0, sizeof(in));
	in.time = (uint64_t)ns;
	in.pid = (uint32_t)field_int(field_member(context, info->c_vpid));
	in.tid = (uint32_t)field_int(field_member(context, info->c_vtid));
	procname = field_str(field_member(context, info->c_procname));
	if (procname && !procname_number(d, procname, &proc))
		return false;
	if (info->ust != UST_NONE) {
		if (!ust_contexts(d, info))
			return false;
		in.id = field_int(field_member(payload, info->m_id));
		/* The call's return value: an int, whatever width the field has. */
		in.status =
			(unsigned)(int)(int64_t)field_int(field_member(payload, info->m_status));
		if (!wire_put_event(&d->out, WIRE_UST, (unsigned)info->ust, &in, procname != NULL,
				    proc))
			goto gone;
		return true;
	}
	if (info->binary) {
		in.id = field_int(field_member(payload, info->m_id));
		in.value = (int64_t)field_int(field_member(payload, info->m_value));
		in.text = field_str(field_member(payload, info->m_text));
		if (!wire_put_event(&d->out, WIRE_BINARY, 0, &in, false, 0))
			goto gone;
		return true;
	}
	in.id = field_int(field_member(payload, info->m_id));
	in.caller = field_int(field_member(payload, info->m_caller));
	in.id2 = field_int(field_member(payload, info->m_id2));
	in.value = (int64_t)field_int(field_member(payload, info->m_value));
	in.status = (unsigned)field_int(field_member(payload, info->m_status));
	in.text = field_str(field_member(payload, info->m_text));
	in.prio = (unsigned)field_int(field_member(payload, info->m_prio));
	if (!wire_put_event(&d->out, WIRE_EVENT, (unsigned)info->type, &in, procname != NULL, proc))
		goto gone;
	return true;
gone:
	/* The loader stopped listening (it gave up, or it died): nothing more to do. */
	d->status = CT_MODEL_READ_ERROR;
	return false;
}

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
	struct decode *d =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));

	switch (bt_message_iterator_create_from_sink_component(
		self, bt_self_component_sink_borrow_input_port_by_index(self, 0), &d->iter)) {
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
static void on_packet_end(struct decode *d, const bt_message *msg)
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
	    ns > 0 && (uint64_t)ns > d->out.sh->stop_ns)
		d->out.sh->stop_ns = (uint64_t)ns;
}

/*
 * A stream ended: when it is one of the stop streams (a damaged file cut
 * to its sound packets, for salvage), everything up to the end of its last
 * packet has now been seen, in every stream: later events of the other
 * streams would make a trace whose lanes end at different times.
 */
static void on_stream_end(struct decode *d, const bt_message *msg)
{
	const char *name = bt_stream_get_name(bt_message_stream_end_borrow_stream_const(msg));

	for (size_t i = 0; name && i < d->args->n_stops; i++) {
		if (strcmp(name, d->args->stops[i]) == 0)
			d->stopped = true;
	}
}

/* What the sink returns when D failed: its status says why. */
static bt_component_class_sink_consume_method_status failed(const struct decode *d)
{
	return d->status == CT_MODEL_NOMEM
		       ? BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR
		       : BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
}

static bt_component_class_sink_consume_method_status sink_consume(bt_self_component_sink *self)
{
	struct decode *d =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));
	bt_message_array_const msgs;
	uint64_t count = 0;
	bt_component_class_sink_consume_method_status ret =
		BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;

	switch (bt_message_iterator_next(d->iter, &msgs, &count)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		bt_message_iterator_put_ref(d->iter);
		d->iter = NULL;
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

		if (ret == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK && !d->stopped) {
			uint64_t lost = 0;

			switch (bt_message_get_type(msg)) {
			case BT_MESSAGE_TYPE_EVENT:
				if (!on_event(d, msg))
					ret = failed(d);
				break;
			case BT_MESSAGE_TYPE_PACKET_END:
				on_packet_end(d, msg);
				break;
			case BT_MESSAGE_TYPE_STREAM_END:
				on_stream_end(d, msg);
				break;
			case BT_MESSAGE_TYPE_DISCARDED_EVENTS:
				/* LTTng gives the count; if it did not, at least one was lost. */
				if (bt_message_discarded_events_get_count(msg, &lost) !=
				    BT_PROPERTY_AVAILABILITY_AVAILABLE)
					lost = 1;
				d->out.sh->discarded += lost;
				break;
			default:
				break;
			}
		}
		/* Every message of the batch is ours to release, even after a failure. */
		bt_message_put_ref(msg);
	}
	/* A stop stream ended: for our sink, the trace ends here. */
	if (d->stopped && ret == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK)
		ret = BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END;
	return ret;
}

static void sink_finalize(bt_self_component_sink *self)
{
	struct decode *d =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));

	bt_message_iterator_put_ref(d->iter);
	d->iter = NULL;
}

bt_component_class_sink *sink_class_create(void)
{
	bt_component_class_sink *cls = bt_component_class_sink_create("ctrace-model", sink_consume);

	if (!cls)
		return NULL;
	if (bt_component_class_sink_set_initialize_method(cls, sink_initialize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK ||
	    bt_component_class_sink_set_graph_is_configured_method(cls, sink_graph_is_configured) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK ||
	    bt_component_class_sink_set_finalize_method(cls, sink_finalize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK) {
		bt_component_class_sink_put_ref(cls);
		return NULL;
	}
	return cls;
}
