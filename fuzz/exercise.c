/* SPDX-License-Identifier: MIT */
/*
 * exercise.c - what the fuzz targets do with every model they build: read
 * every field a caller could read and run every query, then run the
 * analyses and read their findings, so sanitizers see any bad index.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "exercise.h"

/* Runs the analyses over M and reads every finding, reference and sentence. */
static void analyse(const struct ct_model *m, const uint8_t *data, size_t size)
{
	struct ct_analysis *a = NULL;
	const struct ct_finding *f;
	size_t n, n_refs, first, n_ev;
	volatile uint64_t sink = 0;
	char buf[512];

	if (ct_analysis_run(m, &a) != CT_MODEL_OK)
		return;
	ct_model_borrow_events(m, &n_ev);
	f = ct_analysis_borrow_findings(a, &n);
	for (size_t i = 0; i < n; i++) {
		const struct ct_finding_ref *refs = ct_analysis_borrow_refs(a, &f[i], &n_refs);

		for (size_t k = 0; k < n_refs; k++)
			sink += refs[k].event + refs[k].lane + refs[k].obj + refs[k].role;
		/* Small buffers too: the sentence is cut, never overrun. */
		sink += ct_analysis_describe(m, a, &f[i], buf, sizeof(buf));
		sink += ct_analysis_describe(m, a, &f[i], buf,
					     1 + (size ? data[i % size] % 32 : 0));
		sink += strlen(ct_finding_kind_name((enum ct_finding_kind)f[i].kind));
		sink += strlen(ct_finding_kind_plural((enum ct_finding_kind)f[i].kind));
	}
	for (int k = 0; k <= CT_FINDING_COUNT_; k++)
		sink += ct_analysis_count(a, (enum ct_finding_kind)k) +
			ct_analysis_total(a, (enum ct_finding_kind)k);
	sink += ct_analysis_findings_in(a, 0, UINT64_MAX, &first);
	sink += ct_analysis_findings_in(a, ct_model_end_time(m) / 2, ct_model_end_time(m) / 3,
					&first);
	for (size_t i = 0; i <= n_ev; i++)
		sink += ct_analysis_event_finding(a, (uint32_t)i);
	(void)sink;
	ct_analysis_destroy(a);
}

/* Reads every field a caller could read, so sanitizers see any bad index. */
void fuzz_exercise(const struct ct_model *m, const uint8_t *data, size_t size)
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
	{
		size_t n_sites, n_bins;
		const struct ct_model_site *sites = ct_model_borrow_sites(m, &n_sites);
		const struct ct_model_binary *bins = ct_model_borrow_binaries(m, &n_bins);

		for (size_t i = 0; i < n_ev; i++) {
			uint32_t site = ct_model_event_site(m, i);

			/* Every site index is in the table, every site's binary in the list. */
			if (site >= (n_sites ? n_sites : 1))
				abort();
			if (site && sites[site].binary != CT_MODEL_NONE &&
			    (sites[site].binary >= n_bins ||
			     sites[site].addr - bins[sites[site].binary].base >=
				     bins[sites[site].binary].size))
				abort();
		}
		for (size_t i = 0; i < n_bins; i++)
			sink += strlen(ct_model_string(m, bins[i].path));
	}
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
	analyse(m, data, size);
}
