/* SPDX-License-Identifier: MIT */
/*
 * fuzz_model.c - libFuzzer target over the model builder: the input bytes
 * become a sequence of struct ct_model_input, the model is built, every query
 * and every analysis is exercised over it (exercise.c), and everything is
 * destroyed.
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

#include "exercise.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const texts[4] = { NULL, "", "hi", "a longer name with \"quotes\"\n" };

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
		/* Call sites: a few addresses, some inside the binary reported below. */
		in.caller = p[10] & 0x40 ? 0x1000 + (p[10] & 7) * 0x100 : 0;
		if (p[9] == 0xfd &&
		    ct_model_builder_add_binary(b, in.pid, 0x1000, p[10], in.text) != CT_MODEL_OK)
			break;
		if (ct_model_builder_add(b, &in) != CT_MODEL_OK)
			break;
		if (p[9] == 0xff)
			ct_model_builder_add_discarded(b, p[10]);
		if (p[9] == 0xfe)
			ct_model_builder_add_skipped(b, p[10]);
	}
	(void)ct_model_builder_event_count(b);
	if (ct_model_builder_finish(b, &m) == CT_MODEL_OK) {
		fuzz_exercise(m, data, size);
		ct_model_destroy(m);
	}
	ct_model_builder_destroy(b);
	return 0;
}
