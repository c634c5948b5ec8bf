/* SPDX-License-Identifier: MIT */
/*
 * fuzz_load.c - libFuzzer target over the loader's own side: what it does
 * with what the decoding worker leaves it. The first byte picks a mode:
 *
 *   0    raw: the rest is given to feed_bytes as it is, as a dying worker
 *        could leave anything (the loader must refuse, never overrun);
 *   1    diagnose: the rest becomes the worker's last record, its stderr
 *        and its shared page, and diagnose() says what went wrong;
 *   else records: the rest is a program of 12-byte steps, each writing one
 *        record with the worker's own writer (wire.c): ctrace events and
 *        events of LTTng's pthread wrapper (small id spaces, so locks,
 *        hand-overs and waits meet), procnames, stream names, the end. The
 *        records are fed in pieces cut where the input says, as the pipe
 *        gives them; the model is built, then every query and analysis is
 *        run over it (exercise.c).
 *
 * Step layout (records mode):
 *   0    what: 0-7 a ctrace event, 8-11 a wrapper event, 12 a procname,
 *        13 a stream name, 14 the end, 15 a piece boundary
 *   1    type (ctrace: mod CT_EV_COUNT_ + 2; wrapper: mod 6, so 0 and 5
 *        are out of range) or, for the end, its status
 *   2    time step: bit 7 goes back in time
 *   3    pid (0..3) in bits 0-1, tid (0..7) in bits 2-4, text in 5-7
 *   4    id (mutex, channel, ...)  5  id2   6  value
 *   7    status; wrapper events: the call's result (0, EBUSY, EOWNERDEAD...)
 *   8    procname number (0..7; 7 means none)
 *   9-11 piece sizes and extra entropy
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exercise.h"
#include "loader.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Big enough for every record 4096 bytes of input can make: nothing is ever flushed. */
#define OUT_CAP (1u << 20)

static const char *const texts[8] = {
	NULL,       "",
	"hi",       "a longer name with \"quotes\"\n",
	"x",        "/t/ust/uid/0/64-bit/ctrace_0",
	"prodcons", "\xff\xfe",
};

/* Feeds P (N bytes) in pieces whose sizes come from CUTS, as the pipe would give them. */
static enum ct_model_status feed_in_pieces(struct feed *f, const unsigned char *p, size_t n,
					   const uint8_t *cuts, size_t n_cuts)
{
	unsigned char *buf = malloc(n + 8);
	size_t have = 0, at = 0, used = 0, k = 0;
	enum ct_model_status st = CT_MODEL_OK;

	if (!buf)
		return CT_MODEL_NOMEM;
	while (at < n && st == CT_MODEL_OK) {
		size_t piece = n_cuts ? 1 + (size_t)cuts[k++ % n_cuts] * 3 : n;

		if (piece > n - at)
			piece = n - at;
		memcpy(buf + have, p + at, piece);
		have += piece;
		at += piece;
		st = feed_bytes(f, buf, have, &used);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	free(buf);
	return st;
}

/* Builds the model from a fed feed and exercises it. */
static void build(struct ct_model_builder *b, struct feed *f, const uint8_t *data, size_t size)
{
	struct ct_model *m = NULL;

	if (feed_finish(f) != CT_MODEL_OK)
		return;
	if (f->ust_events && !f->ctrace_events)
		ct_model_builder_set_no_lifecycle(b);
	if (ct_model_builder_finish(b, &m) == CT_MODEL_OK) {
		fuzz_exercise(m, data, size);
		ct_model_destroy(m);
	}
}

/* Mode 0: anything at all, as records. */
static void raw(const uint8_t *data, size_t size)
{
	struct ct_model_builder *b = ct_model_builder_create();
	unsigned char *copy = malloc(size + 8); /* aligned, as the loader's buffer is */
	struct feed f;
	size_t used;

	if (b && copy) {
		memcpy(copy, data, size);
		feed_init(&f, b, NULL, NULL);
		if (feed_bytes(&f, copy, size, &used) == CT_MODEL_OK)
			build(b, &f, data, size);
		feed_fini(&f);
	}
	free(copy);
	ct_model_builder_destroy(b);
}

/* Mode 1: what diagnose() makes of a worker's remains. */
static void remains(const uint8_t *data, size_t size)
{
	static const int signals[8] = { 0, SIGABRT, SIGSEGV, SIGBUS, SIGKILL, SIGILL, SIGTERM, 99 };
	char *dirs[2] = { "/nonexistent/t/ust/uid/0/64-bit", "/nonexistent/t/ust/uid/1/64-bit" };
	struct trace_dirs traces = { .dirs = dirs, .n = 2 };
	struct diagnosis_input in = { .path = "/nonexistent/t", .traces = &traces };
	char *streams[3] = { NULL, NULL, NULL };
	struct wire_shared sh;
	struct worker_end end;
	struct damage where;
	struct feed f;
	char *text, *err, *msg = NULL;
	size_t split;

	if (size < 16)
		return;
	memset(&sh, 0, sizeof(sh));
	memset(&end, 0, sizeof(end));
	sh.phase = data[0] % 5;
	sh.dir = data[1] % 3;
	sh.stream = (int8_t)data[2] % 4;
	sh.packet = data[3] % 3;
	sh.packet_index = data[4];
	end.exited = data[5] & 1;
	end.code = data[6];
	end.signal = signals[data[7] & 7];
	end.watchdog = data[7] & 8;
	end.watchdog_ms = 1000u * data[8];
	feed_init(&f, NULL, NULL, NULL);
	f.ended = data[9] & 1;
	f.end_status = data[10] % 10;
	f.end_phase = data[11] % 5;
	f.bad = data[12] == 0xff;
	split = 16 + (size - 16) * data[13] / 256;
	text = strndup((const char *)data + 16, split - 16);
	err = strndup((const char *)data + split, size - split);
	if (text && err) {
		f.end_text = data[14] & 1 ? text : NULL;
		/* Stream names from the text, so damaged-packet messages name something. */
		streams[0] = text;
		streams[1] = err;
		f.streams.at = streams;
		f.streams.n = data[15] % 4;
		in.feed = &f;
		in.sh = &sh;
		in.end = &end;
		in.err = err;
		(void)diagnose(&in, &msg, &where);
		free(msg);
		damage_fini(&where);
	}
	free(text);
	free(err);
}

/* The records mode: a program of steps through the worker's writer. */
static void records(const uint8_t *data, size_t size)
{
	struct wire_shared *sh = calloc(1, sizeof(*sh) + OUT_CAP);
	struct ct_model_builder *b = ct_model_builder_create();
	struct wire_out out = { .sh = sh, .fd = -1 };
	uint8_t cuts[512];
	size_t n_cuts = 0;
	uint64_t t = 1000;
	struct feed f;

	if (!sh || !b)
		goto end;
	sh->cap = OUT_CAP;
	for (size_t off = 0; off + 12 <= size; off += 12) {
		const uint8_t *p = data + off;
		struct ct_model_input in;
		uint64_t step = (uint64_t)(p[2] & 0x3f) << ((p[2] >> 6 & 1) * 20);
		unsigned what = p[0] & 15;
		uint32_t proc = p[8] & 7;
		static const int results[8] = { 0, 0, 0, EBUSY, EOWNERDEAD, EINVAL, -1, EDEADLK };

		memset(&in, 0, sizeof(in));
		t = (p[2] & 0x80) && t > step ? t - step : t + step;
		in.time = t;
		in.pid = 1 + (p[3] & 3);
		in.tid = in.pid + (p[3] >> 2 & 7);
		in.text = texts[p[3] >> 5];
		in.id = p[4] & 15;
		in.id2 = p[5] & 15;
		in.value = (int8_t)p[6];
		in.status = p[7] & 15;
		in.prio = p[11];
		in.caller = p[9] & 0x80 ? 0x1000 + (p[9] & 7) : 0;
		if (what == 7) {
			/* A binary mapping (LTTng-UST's bin_info): base id, size value, path text. */
			wire_put_event(&out, WIRE_BINARY, 0, &in, false, 0);
		} else if (what < 8) {
			wire_put_event(&out, WIRE_EVENT, p[1] % (CT_EV_COUNT_ + 2), &in, proc != 7,
				       proc);
		} else if (what < 12) {
			in.text = NULL;
			in.id = 0x1000 + (p[4] & 3) * 8; /* a mutex's address */
			in.status = (unsigned)results[p[7] & 7];
			wire_put_event(&out, WIRE_UST, p[1] % 6, &in, proc != 7, proc);
		} else if (what == 12) {
			wire_put_text(&out, WIRE_STRING, 0, 0, p[4] & 7, texts[p[5] & 7]);
		} else if (what == 13) {
			wire_put_text(&out, WIRE_STREAM, 0, 0, p[4] & 7, texts[p[5] & 7]);
		} else if (what == 14) {
			wire_put_text(&out, WIRE_END, p[1] % 10, p[5] & 1, p[6] % 5,
				      texts[p[7] & 7]);
		} else if (n_cuts < sizeof(cuts)) {
			cuts[n_cuts++] = p[9];
		}
	}
	feed_init(&f, b, NULL, NULL);
	if (feed_in_pieces(&f, sh->buf, sh->used, cuts, n_cuts) == CT_MODEL_OK)
		build(b, &f, data, size);
	feed_fini(&f);
end:
	ct_model_builder_destroy(b);
	free(sh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] == 0)
		raw(data + 1, size - 1);
	else if (data[0] == 1)
		remains(data + 1, size - 1);
	else
		records(data + 1, size - 1);
	return 0;
}
