/* SPDX-License-Identifier: MIT */
/*
 * fuzz_model.c - libFuzzer target over the model builder: the input bytes
 * become a sequence of struct ct_model_input, the model is built, every query
 * is exercised over it, and everything is destroyed.
 *
 * Each event takes 12 bytes (shorter tails are ignored):
 *   0    type (mod CT_EV_COUNT_ + 2, so a few out-of-range types get through)
 *   1    time step: bit 7 set means "go back in time" (out-of-order input)
 *   2    pid (0..3) in bits 0-1, tid (0..15) in bits 2-5, text choice in 6-7
 *   3    id (small: collisions between objects are the interesting case)
 *   4    id2 (small: msg ids, mutexes, to_thread, offsets, queue message hashes)
 *   5    value (signed byte, scaled by the high bits of byte 1)
 *   6    status (0..15: the model has 4 bits for it)
 *   7-11 extra entropy for the queries, which use the last bytes seen; 11 is
 *        also the priority of queue messages
 * Small id spaces keep matches between sends and receives, locks and unlocks
 * frequent, which is where the builder's bookkeeping lives.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const texts[4] = { NULL, "", "hi", "a longer name with \"quotes\"\n" };

/* Reads every field a caller could read, so sanitizers see any bad index. */
static void exercise(const struct ct_model *m, const uint8_t *data, size_t size)
{
	size_t n_ev, n_lanes, n_spans, n_arrows, n_objs, n_markers, first, last, count;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	const uint32_t *markers = ct_model_borrow_markers(m, &n_markers);
	uint64_t end = ct_model_end_time(m);
	volatile uint64_t sink = 0;

	(void)ct_model_start_ns(m);
	(void)ct_model_borrow_problems(m);
	sink += ct_model_discarded(m) + ct_model_skipped(m) + ct_model_memory_size(m);
	for (size_t i = 0; i < n_ev; i++) {
		sink += ct_model_event_time(&ev[i]) + (uint64_t)ct_model_event_value(m, &ev[i]);
		sink += strlen(ct_model_string(m, ev[i].arg));
		sink += ev[i].lane < n_lanes ? 0 : 1;
		(void)ct_event_type_name((enum ct_event_type)ev[i].type);
		(void)ct_event_status_name(ev[i].status);
	}
	for (size_t i = 0; i < n_lanes; i++) {
		sink += strlen(ct_model_string(m, lanes[i].name));
		sink += ev[lanes[i].first_event].type + ev[lanes[i].last_event].type;
		for (uint32_t s = 0; s < lanes[i].span_count; s++) {
			const struct ct_model_span *sp = &spans[lanes[i].span_first + s];

			sink += ct_model_span_state(m, sp);
			sink += ct_model_span_start(m, sp) + ct_model_span_end(m, sp);
		}
		(void)ct_lane_end_name((enum ct_lane_end)lanes[i].end);
	}
	for (size_t i = 0; i < n_arrows; i++) {
		sink += ct_model_arrow_kind(m, &arrows[i]);
		sink += ev[arrows[i].from].time_lo + ev[arrows[i].to].time_lo;
	}
	for (size_t i = 0; i < n_objs; i++)
		sink += strlen(ct_model_string(m, objs[i].name)) + objs[i].kind;
	for (size_t i = 0; i < n_markers; i++)
		sink += ev[markers[i]].type;
	for (uint32_t i = 0; i <= ct_model_message_count(m); i++)
		sink += ct_model_message_id(m, i) + ct_model_message_label(m, i);

	/* Windows from the input's tail, plus the edges: empty, reversed, past the end. */
	for (size_t k = 0; k < 8; k++) {
		uint64_t a = size ? data[(k * 7) % size] : 0,
			 b = size ? data[(k * 13 + 5) % size] : 0;
		uint64_t t0 = end * a / 255, t1 = end * b / 255 + (k == 7 ? end + 10 : 0);

		if (k == 6)
			t0 = t1 = end;
		sink += ct_model_event_at(m, t0);
		for (uint32_t l = 0; l <= n_lanes; l++) {
			count = ct_model_lane_spans_in(m, l, t0, t1, &first);
			for (size_t s = 0; s < count; s++)
				sink += ct_model_span_end(m, &spans[first + s]);
			sink += ct_model_lane_state_at(m, l, t0) + ct_model_lane_state_at(m, l, t1);
		}
		ct_model_arrows_in(m, t0, t1, &first, &last);
		for (size_t i = first; i < last; i++)
			sink += arrows[i].from;
		count = ct_model_markers_in(m, t0, t1, &first);
		for (size_t i = 0; i < count; i++)
			sink += markers[first + i];
	}
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;
	uint64_t t = 1000;

	if (!b)
		return 0;
	for (size_t off = 0; off + 12 <= size; off += 12) {
		const uint8_t *p = data + off;
		struct ct_model_input in;
		uint64_t step = (uint64_t)(p[1] & 0x3f) << ((p[1] >> 6 & 1) * 20);

		memset(&in, 0, sizeof(in));
		in.type = (enum ct_event_type)(p[0] % (CT_EV_COUNT_ + 2));
		t = (p[1] & 0x80) && t > step ? t - step : t + step;
		in.time = t;
		in.pid = 1 + (p[2] & 3);
		in.tid = in.pid + (p[2] >> 2 & 15);
		in.procname = texts[(p[7] & 3)];
		in.text = texts[p[2] >> 6];
		in.id = p[3] & 31;
		in.id2 = p[4] & 31;
		in.value = (int8_t)p[5] * (int64_t)((p[8] & 0x80) ? INT64_C(1) << 40 : 1);
		in.status = p[6] & 15;
		in.prio = p[11];
		if (ct_model_builder_add(b, &in) != CT_MODEL_OK)
			break;
		if (p[9] == 0xff)
			ct_model_builder_add_discarded(b, p[10]);
		if (p[9] == 0xfe)
			ct_model_builder_add_skipped(b, p[10]);
	}
	(void)ct_model_builder_event_count(b);
	if (ct_model_builder_finish(b, &m) == CT_MODEL_OK) {
		exercise(m, data, size);
		ct_model_destroy(m);
	}
	ct_model_builder_destroy(b);
	return 0;
}
