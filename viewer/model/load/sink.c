/* SPDX-License-Identifier: MIT */
/*
 * sink.c - our babeltrace2 sink component: it pulls the muxer's messages
 * and maps each ctrace:* event (its payload and its vtid/vpid/procname
 * contexts) into a struct ct_model_input for the builder; other events are
 * skipped and counted, discarded-events messages added up, and the last
 * packet's end tells when recording stopped.
 */
#include "loader.h"

#include <string.h>

/* Maps one event message into the builder. Returns the builder's status. */
static enum ct_model_status on_event(struct load *ld, const bt_message *msg)
{
	const bt_event *ev = bt_message_event_borrow_event_const(msg);
	const struct class_info *info = class_lookup(ld, bt_event_borrow_class_const(ev));
	const bt_field *payload, *context;
	struct ct_model_input in;
	int64_t ns = 0;

	if (!info)
		return CT_MODEL_NOMEM;
	if (info->type < 0 && info->ust == UST_NONE) {
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
	in.time = (uint64_t)ns;
	in.pid = (uint32_t)field_int(field_member(context, info->c_vpid));
	in.tid = (uint32_t)field_int(field_member(context, info->c_vtid));
	in.procname = field_str(field_member(context, info->c_procname));
	if (info->ust != UST_NONE)
		return ust_event(ld, info, &in, payload, msg);
	ld->ctrace_events++;
	in.type = (enum ct_event_type)info->type;
	in.id = field_int(field_member(payload, info->m_id));
	in.id2 = field_int(field_member(payload, info->m_id2));
	in.value = (int64_t)field_int(field_member(payload, info->m_value));
	in.status = (unsigned)field_int(field_member(payload, info->m_status));
	in.text = field_str(field_member(payload, info->m_text));
	in.prio = (unsigned)field_int(field_member(payload, info->m_prio));
	/* Any event may settle a held one (its lane's next event, or time passing). */
	if (ld->ust.n_waits || ld->ust.n_handovers)
		ust_settle(&ld->ust, &in, msg, false, false);
	return load_submit(ld, &in, msg);
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

bt_component_class_sink *sink_class_create(struct load *ld)
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
