/* SPDX-License-Identifier: MIT */
/*
 * tap.c - a pass-through filter in front of each stream of the graph. The
 * muxer hides which stream it pulls; the tap does not: before each pull it
 * writes, in the page shared with the loader, which stream it is and where
 * in its file the decoder is (the packet being read, or the next one), and
 * bumps the worker's sign of life. So when babeltrace2 hangs or aborts on
 * a damaged packet, the loader can say which file and which offset. It also
 * sends each stream's file name (babeltrace2 names a stream after its file).
 *
 * The tap counts packets; the loader finds a packet's offset in LTTng's
 * index of the stream (babeltrace2 keeps the packet sizes to itself). The
 * count is known at the granularity of a batch of messages: the decoder may
 * have gone one packet further than the last batch shows.
 */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

/* Packet states, as in struct wire_shared's packet. */
enum { PACKET_IN = 1, PACKET_NEXT = 2 };

/* The component: which stream it taps. */
struct tap {
	struct decode *d;               /* borrowed */
	bt_self_component_filter *self; /* borrowed */
	uint32_t number;                /* the stream's number (WIRE_STREAM) */
};

/* Its message iterator. */
struct tap_iter {
	struct tap *tap;         /* borrowed */
	bt_message_iterator *up; /* owned */
	const bt_message *
		*left; /* owned, with their references: a batch too large to pass on at once */
	uint64_t n_left, i_left, cap_left;
	uint64_t packets; /* packets begun so far */
	uint32_t state;   /* PACKET_* */
};

static bt_component_class_initialize_method_status
tap_initialize(bt_self_component_filter *self, bt_self_component_filter_configuration *config,
	       const bt_value *params, void *data)
{
	struct decode *d = data;
	struct tap *t = calloc(1, sizeof(*t));

	(void)config;
	(void)params;
	if (!t)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	t->d = d;
	t->self = self;
	t->number = d->n_streams++;
	bt_self_component_set_data(bt_self_component_filter_as_self_component(self), t);
	if (bt_self_component_filter_add_input_port(self, "in", NULL, NULL) !=
		    BT_SELF_COMPONENT_ADD_PORT_STATUS_OK ||
	    bt_self_component_filter_add_output_port(self, "out", NULL, NULL) !=
		    BT_SELF_COMPONENT_ADD_PORT_STATUS_OK)
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
}

static void tap_finalize(bt_self_component_filter *self)
{
	free(bt_self_component_get_data(bt_self_component_filter_as_self_component(self)));
}

static bt_message_iterator_class_initialize_method_status
tap_iter_initialize(bt_self_message_iterator *self, bt_self_message_iterator_configuration *config,
		    bt_self_component_port_output *port)
{
	struct tap *t = bt_self_component_get_data(bt_self_message_iterator_borrow_component(self));
	struct tap_iter *it = calloc(1, sizeof(*it));

	(void)config;
	(void)port;
	if (!it)
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	it->tap = t;
	it->state = PACKET_NEXT; /* the next packet is the first */
	bt_self_message_iterator_set_data(self, it);
	switch (bt_message_iterator_create_from_message_iterator(
		self, bt_self_component_filter_borrow_input_port_by_index(t->self, 0), &it->up)) {
	case BT_MESSAGE_ITERATOR_CREATE_FROM_MESSAGE_ITERATOR_STATUS_OK:
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_OK;
	case BT_MESSAGE_ITERATOR_CREATE_FROM_MESSAGE_ITERATOR_STATUS_MEMORY_ERROR:
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_MESSAGE_ITERATOR_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
}

static void tap_iter_finalize(bt_self_message_iterator *self)
{
	struct tap_iter *it = bt_self_message_iterator_get_data(self);

	if (!it)
		return;
	for (uint64_t i = it->i_left; i < it->n_left; i++)
		bt_message_put_ref(it->left[i]);
	free(it->left);
	bt_message_iterator_put_ref(it->up);
	free(it);
}

/* Notes what batch MSGS tells of the stream: its name, its packets. False if the pipe is gone. */
static bool look(struct tap_iter *it, bt_message_array_const msgs, uint64_t count)
{
	for (uint64_t i = 0; i < count; i++) {
		switch (bt_message_get_type(msgs[i])) {
		case BT_MESSAGE_TYPE_STREAM_BEGINNING: {
			const bt_stream *s =
				bt_message_stream_beginning_borrow_stream_const(msgs[i]);

			if (!wire_put_text(&it->tap->d->out, WIRE_STREAM, 0, 0, it->tap->number,
					   bt_stream_get_name(s)))
				return false;
			break;
		}
		case BT_MESSAGE_TYPE_PACKET_BEGINNING:
			it->packets++;
			it->state = PACKET_IN;
			break;
		case BT_MESSAGE_TYPE_PACKET_END:
			if (it->state == PACKET_IN)
				it->state = PACKET_NEXT;
			break;
		default:
			break;
		}
	}
	return true;
}

/* Passes on what is left of the last batch, as much as CAPACITY allows. */
static uint64_t pass_left(struct tap_iter *it, bt_message_array_const msgs, uint64_t capacity)
{
	uint64_t n = 0;

	while (n < capacity && it->i_left < it->n_left)
		msgs[n++] = it->left[it->i_left++];
	if (it->i_left == it->n_left)
		it->i_left = it->n_left = 0;
	return n;
}

static bt_message_iterator_class_next_method_status tap_next(bt_self_message_iterator *self,
							     bt_message_array_const msgs,
							     uint64_t capacity, uint64_t *count)
{
	struct tap_iter *it = bt_self_message_iterator_get_data(self);
	struct wire_shared *sh = it->tap->d->out.sh;
	bt_message_array_const up;
	uint64_t n = 0;

	if (it->n_left) {
		*count = pass_left(it, msgs, capacity);
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
	}
	/* Where the decoder is about to read, for the loader if it never comes back. */
	sh->stream = (int32_t)it->tap->number;
	sh->packet = it->state;
	sh->packet_index = it->state == PACKET_IN ? it->packets - 1 : it->packets;
	__atomic_add_fetch(&sh->beat, 1, __ATOMIC_RELAXED);
	switch (bt_message_iterator_next(it->up, &up, &n)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
	}
	if (!look(it, up, n)) {
		for (uint64_t i = 0; i < n; i++)
			bt_message_put_ref(up[i]);
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_ERROR;
	}
	if (n <= capacity) {
		memcpy(msgs, up, n * sizeof(*up));
		*count = n;
		return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
	}
	/* The upstream batch is larger than ours may be: keep the rest for the next call. */
	if (n > it->cap_left) {
		const bt_message **p = realloc(it->left, n * sizeof(*p));

		if (!p) {
			for (uint64_t i = 0; i < n; i++)
				bt_message_put_ref(up[i]);
			return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_MEMORY_ERROR;
		}
		it->left = p;
		it->cap_left = n;
	}
	memcpy(it->left, up, n * sizeof(*up));
	it->n_left = n;
	it->i_left = 0;
	*count = pass_left(it, msgs, capacity);
	return BT_MESSAGE_ITERATOR_CLASS_NEXT_METHOD_STATUS_OK;
}

bt_component_class_filter *tap_class_create(void)
{
	bt_message_iterator_class *it = bt_message_iterator_class_create(tap_next);
	bt_component_class_filter *cls = NULL;

	if (!it)
		return NULL;
	if (bt_message_iterator_class_set_initialize_method(it, tap_iter_initialize) !=
		    BT_MESSAGE_ITERATOR_CLASS_SET_METHOD_STATUS_OK ||
	    bt_message_iterator_class_set_finalize_method(it, tap_iter_finalize) !=
		    BT_MESSAGE_ITERATOR_CLASS_SET_METHOD_STATUS_OK)
		goto end;
	cls = bt_component_class_filter_create("ctrace-tap", it);
	if (!cls)
		goto end;
	if (bt_component_class_filter_set_initialize_method(cls, tap_initialize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK ||
	    bt_component_class_filter_set_finalize_method(cls, tap_finalize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK) {
		bt_component_class_filter_put_ref(cls);
		cls = NULL;
	}
end:
	bt_message_iterator_class_put_ref(it);
	return cls;
}
