/* SPDX-License-Identifier: MIT */
/*
 * export_chrome.c - the model as Chrome trace-event JSON, for Perfetto UI and
 * chrome://tracing (`ctrace export --format chrome`).
 *
 * What is written, per lane (pid and tid are the trace's vpid and vtid):
 *  - metadata events naming the process and the thread (with the label
 *    every front end gives it: "name (T3, tid 23082)"), and keeping the
 *    lanes in the order every front end shows;
 *  - one complete ("X") slice per state: "running" between the blocked and
 *    sleeping spans, and one per span, named like the viewer's states;
 *  - a zero-length "X" slice for every event that ends an arrow, so that each
 *    flow binds to a slice of its own at the event's exact time (Perfetto
 *    draws a flow from the end of its source slice to the start of its
 *    destination: bound to a long state slice, an arrow would start late);
 *  - instant ("i") events for prints and marks;
 *  - one flow ("s" then "f", same id, "bp":"e": bind to the enclosing slice)
 *    per arrow of the model, its kind as name and category.
 * Times are microseconds since the trace's first event, with ns digits.
 *
 * Thread-safety: reads the model only, so exports may run concurrently.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "json.h"
#include "model.h"

struct exporter {
	const struct ct_model *m;
	FILE *out;
	bool first; /* no event written yet: no comma before the next */
	const struct ct_model_event *ev;
	const struct ct_model_lane *lanes;
};

/* Opens the next element of traceEvents. */
static void begin_event(struct exporter *x)
{
	fputs(x->first ? "\n" : ",\n", x->out);
	x->first = false;
}

static void put_ts(FILE *out, const char *key, uint64_t ns)
{
	fprintf(out, ",\"%s\":%llu.%03llu", key, (unsigned long long)(ns / 1000),
		(unsigned long long)(ns % 1000));
}

/* "ph", "pid", "tid" and "ts" of an event on LANE at NS. */
static void put_where(struct exporter *x, const char *ph, uint32_t lane, uint64_t ns)
{
	fprintf(x->out, "\"ph\":\"%s\",\"pid\":%u,\"tid\":%u", ph, x->lanes[lane].pid,
		x->lanes[lane].tid);
	put_ts(x->out, "ts", ns);
}

static void put_metadata(struct exporter *x, size_t n_lanes)
{
	for (uint32_t i = 0; i < n_lanes; i++) {
		const struct ct_model_lane *l = &x->lanes[i];
		char label[160];
		bool named = false;

		/* The process is named once, after its main thread when it has one. */
		for (uint32_t j = 0; j < i && !named; j++)
			named = x->lanes[j].pid == l->pid;
		if (!named) {
			const char *pname = NULL;

			for (uint32_t j = i; j < n_lanes && !pname; j++)
				if (x->lanes[j].pid == l->pid && x->lanes[j].tid == l->pid)
					pname = ct_model_string(x->m, x->lanes[j].name);
			begin_event(x);
			fprintf(x->out,
				"{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,"
				"\"tid\":%u,\"args\":{\"name\":",
				l->pid, l->tid);
			if (pname) {
				ct_json_put_string(x->out, pname);
			} else {
				fprintf(x->out, "\"pid %u\"", l->pid);
			}
			fputs("}}", x->out);
		}
		begin_event(x);
		fprintf(x->out,
			"{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%u,"
			"\"args\":{\"name\":",
			l->pid, l->tid);
		ct_json_put_string(x->out, ct_model_lane_label(x->m, i, label, sizeof(label)));
		fputs("}}", x->out);
		begin_event(x);
		fprintf(x->out,
			"{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":%u,\"tid\":%u,"
			"\"args\":{\"sort_index\":%u}}",
			l->pid, l->tid, l->rank);
	}
}

static void put_slice(struct exporter *x, uint32_t lane, const char *name, uint64_t a, uint64_t b)
{
	begin_event(x);
	fputs("{\"name\":", x->out);
	ct_json_put_string(x->out, name);
	fputs(",\"cat\":\"state\",", x->out);
	put_where(x, "X", lane, a);
	put_ts(x->out, "dur", b - a);
	fputc('}', x->out);
}

/* The lane's life as running slices around its spans. */
static void put_states(struct exporter *x, uint32_t lane)
{
	const struct ct_model_lane *l = &x->lanes[lane];
	size_t n_spans;
	const struct ct_model_span *spans = ct_model_borrow_spans(x->m, &n_spans);
	uint64_t cursor = ct_model_event_time(&x->ev[l->first_event]);
	uint64_t end = ct_model_event_time(&x->ev[l->last_event]);

	for (uint32_t s = 0; s < l->span_count; s++) {
		const struct ct_model_span *sp = &spans[l->span_first + s];
		uint64_t a = ct_model_span_start(x->m, sp), b = ct_model_span_end(x->m, sp);

		if (a > cursor)
			put_slice(x, lane, ct_lane_state_name(CT_STATE_RUNNING), cursor, a);
		put_slice(x, lane, ct_lane_state_name(ct_model_span_state(x->m, sp)), a, b);
		cursor = b > cursor ? b : cursor;
	}
	if (end > cursor)
		put_slice(x, lane, ct_lane_state_name(CT_STATE_RUNNING), cursor, end);
}

/* The zero-length slice of event index E, which a flow binds to. */
static void put_event_slice(struct exporter *x, uint32_t e)
{
	const struct ct_model_event *ev = &x->ev[e];

	begin_event(x);
	fputs("{\"name\":", x->out);
	ct_json_put_string(x->out, ct_event_type_name((enum ct_event_type)ev->type));
	fputs(",\"cat\":\"event\",", x->out);
	put_where(x, "X", ev->lane, ct_model_event_time(ev));
	fputs(",\"dur\":0", x->out);
	if (ev->type == CT_EV_CHAN_SEND_END || ev->type == CT_EV_CHAN_RECV_END) {
		fprintf(x->out, ",\"args\":{\"msg\":%llu",
			(unsigned long long)ct_model_message_id(x->m, ev->arg));
		if (ev->type == CT_EV_CHAN_SEND_END) {
			fputs(",\"label\":", x->out);
			ct_json_put_string(x->out, ct_model_string(x->m, ct_model_message_label(
										 x->m, ev->arg)));
		}
		fputc('}', x->out);
	} else if (ev->type == CT_EV_MQ_SEND || ev->type == CT_EV_MQ_RECV) {
		/* The hash as a string: JSON numbers lose bits beyond 2^53. */
		fprintf(x->out, ",\"args\":{\"len\":%lld,\"prio\":%u,\"hash\":\"0x%016llx\"}",
			(long long)ct_model_event_value(x->m, ev), ct_model_event_prio(x->m, ev),
			(unsigned long long)ct_model_event_hash(x->m, ev));
	}
	fputc('}', x->out);
}

static void put_markers(struct exporter *x)
{
	size_t n;
	const uint32_t *markers = ct_model_borrow_markers(x->m, &n);

	for (size_t i = 0; i < n; i++) {
		const struct ct_model_event *ev = &x->ev[markers[i]];
		bool print = ev->type == CT_EV_PRINT;

		if (!print && ev->type != CT_EV_MARK)
			continue;
		begin_event(x);
		fprintf(x->out, "{\"name\":\"%s\",\"cat\":\"%s\",\"s\":\"t\",",
			print ? "print" : "mark", print ? "print" : "mark");
		put_where(x, "i", ev->lane, ct_model_event_time(ev));
		fprintf(x->out, ",\"args\":{\"%s\":", print ? "text" : "label");
		ct_json_put_string(x->out, ct_model_string(x->m, ev->arg));
		fputs("}}", x->out);
	}
}

/* Event slices and flows for every arrow. Returns -1 when out of memory. */
static int put_arrows(struct exporter *x, size_t n_events)
{
	size_t n;
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(x->m, &n);
	unsigned char *done = calloc(n_events / 8 + 1, 1); /* events with a slice already */

	if (!done)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t ends[2] = { arrows[i].from, arrows[i].to };

		for (int k = 0; k < 2; k++) {
			if (done[ends[k] / 8] & (1u << (ends[k] % 8)))
				continue;
			done[ends[k] / 8] |= (unsigned char)(1u << (ends[k] % 8));
			put_event_slice(x, ends[k]);
		}
	}
	free(done);
	for (size_t i = 0; i < n; i++) {
		const char *kind = ct_arrow_kind_name(ct_model_arrow_kind(x->m, &arrows[i]));
		const struct ct_model_event *from = &x->ev[arrows[i].from],
					    *to = &x->ev[arrows[i].to];

		begin_event(x);
		fprintf(x->out, "{\"name\":\"%s\",\"cat\":\"%s\",\"id\":%zu,\"bp\":\"e\",", kind,
			kind, i);
		put_where(x, "s", from->lane, ct_model_event_time(from));
		fputc('}', x->out);
		begin_event(x);
		fprintf(x->out, "{\"name\":\"%s\",\"cat\":\"%s\",\"id\":%zu,\"bp\":\"e\",", kind,
			kind, i);
		put_where(x, "f", to->lane, ct_model_event_time(to));
		fputc('}', x->out);
	}
	return 0;
}

bool ct_export_chrome(const struct ct_model *m, const char *trace, FILE *out)
{
	struct exporter x = { .m = m, .out = out, .first = true };
	size_t n_events, n_lanes;

	x.ev = ct_model_borrow_events(m, &n_events);
	x.lanes = ct_model_borrow_lanes(m, &n_lanes);
	fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"trace\":", out);
	ct_json_put_string(out, trace);
	fprintf(out, ",\"discarded\":%llu,\"skipped\":%llu},\"traceEvents\":[",
		(unsigned long long)ct_model_discarded(m), (unsigned long long)ct_model_skipped(m));
	put_metadata(&x, n_lanes);
	for (uint32_t i = 0; i < n_lanes; i++)
		put_states(&x, i);
	put_markers(&x);
	if (put_arrows(&x, n_events) != 0) {
		errno = ENOMEM;
		return false;
	}
	fputs("\n]}\n", out);
	return !ferror(out);
}
