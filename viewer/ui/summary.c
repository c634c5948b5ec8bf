/* SPDX-License-Identifier: MIT */
/*
 * summary.c - per-lane pyramids of state fractions, so a zoomed-out lane is
 * drawn from one lookup per pixel column instead of every span under it:
 * frame time stays flat however large the trace is.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "view_state.h"

void ui_summary_free(struct ui_summary *s)
{
	free(s->frac);
	free(s->level_off);
	memset(s, 0, sizeof(*s));
}

static uint32_t next_pow2(uint64_t n)
{
	uint32_t p = 1;

	while (p < n && p < (1u << 30))
		p <<= 1;
	return p;
}

enum ct_ui_status ui_summary_build(struct ct_ui_view *v, uint32_t lane)
{
	const struct ct_model *m = v->model;
	struct ui_summary *s = &v->summaries[lane];
	size_t n_lanes, n_spans, n_events;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_event *events = ct_model_borrow_events(m, &n_events);
	const struct ct_model_lane *l = &lanes[lane];
	double a, b, bw;
	double *acc = NULL;
	enum ct_ui_status status = CT_UI_NOMEM;
	size_t total = 0;
	uint32_t n0;

	ui_summary_free(s);
	a = (double)ct_model_event_time(&events[l->first_event]);
	b = (double)ct_model_event_time(&events[l->last_event]);
	for (uint32_t i = 0; i < l->span_count; i++) {
		double e = (double)ct_model_span_end(m, &spans[l->span_first + i]);

		if (i + 1 == l->span_count && e > b)
			b = e;
	}
	n0 = next_pow2((uint64_t)l->span_count * 2);
	if (n0 < 256)
		n0 = 256;
	if (n0 > (1u << 16))
		n0 = 1u << 16;
	bw = (b - a) / n0;
	if (!(bw > 0))
		bw = 1;
	s->n0 = n0;
	s->origin = a;
	s->bucket_ns = bw;
	for (uint32_t k = n0; k >= 1; k >>= 1)
		s->levels++;
	s->level_off = calloc(s->levels, sizeof(*s->level_off));
	if (!s->level_off)
		goto error;
	for (uint32_t k = 0; k < s->levels; k++) {
		s->level_off[k] = total;
		total += (size_t)(n0 >> k) * CT_STATE_COUNT_;
	}
	s->frac = calloc(total, 1);
	acc = calloc((size_t)n0 * CT_STATE_COUNT_, sizeof(*acc));
	if (!s->frac || !acc)
		goto error;

	/* Level 0: time per state in each bucket, then running is what is left of the life. */
	for (uint32_t i = 0; i < l->span_count; i++) {
		const struct ct_model_span *sp = &spans[l->span_first + i];
		int st = ct_model_span_state(m, sp);
		double ss = (double)ct_model_span_start(m, sp) - a;
		double se = (double)ct_model_span_end(m, sp) - a;
		uint32_t i0, i1;

		if (se <= ss)
			continue;
		i0 = (uint32_t)fmin(ss / bw, n0 - 1);
		i1 = (uint32_t)fmin(se / bw, n0 - 1);
		for (uint32_t k = i0; k <= i1; k++) {
			double lo = fmax(ss, k * bw), hi = fmin(se, (k + 1) * bw);

			if (hi > lo)
				acc[(size_t)k * CT_STATE_COUNT_ + st] += hi - lo;
		}
	}
	for (uint32_t k = 0; k < n0; k++) {
		double *c = &acc[(size_t)k * CT_STATE_COUNT_];
		double alive = fmin(b - a, (k + 1) * bw) - fmax(0, k * bw);
		double other = 0;

		for (int st = 1; st < CT_STATE_COUNT_; st++)
			other += c[st];
		c[CT_STATE_RUNNING] = fmax(0, alive - other);
		if (b <= a) /* a lane with one instant: running in its one bucket */
			c[CT_STATE_RUNNING] = k == 0 ? bw : 0;
		for (int st = 0; st < CT_STATE_COUNT_; st++) {
			double f = c[st] / bw * 255.0 + 0.5;

			s->frac[(size_t)k * CT_STATE_COUNT_ + st] = (uint8_t)fmin(255, fmax(0, f));
		}
	}
	/* Each level up averages pairs of buckets. */
	for (uint32_t lv = 1; lv < s->levels; lv++) {
		const uint8_t *src = s->frac + s->level_off[lv - 1];
		uint8_t *dst = s->frac + s->level_off[lv];

		for (uint32_t k = 0; k < (n0 >> lv); k++)
			for (int st = 0; st < CT_STATE_COUNT_; st++)
				dst[(size_t)k * CT_STATE_COUNT_ + st] =
					(uint8_t)((src[(size_t)(2 * k) * CT_STATE_COUNT_ + st] +
						   src[(size_t)(2 * k + 1) * CT_STATE_COUNT_ + st] +
						   1) /
						  2);
	}
	s->built = true;
	status = CT_UI_OK;
	goto end;
error:
	ui_summary_free(s);
end:
	free(acc);
	return status;
}

uint8_t ui_summary_state(const struct ui_summary *s, double a, double b)
{
	double width = b - a, bwk;
	uint32_t lv = 0, nk;
	long i0, i1;
	unsigned sum[CT_STATE_COUNT_] = { 0 };
	unsigned best_w = 0;
	uint8_t best = CT_STATE_COUNT_;

	if (b <= s->origin || a >= s->origin + s->bucket_ns * s->n0)
		return CT_STATE_COUNT_;
	/* The coarsest level whose buckets are no wider than the column. */
	while (lv + 1 < s->levels && s->bucket_ns * (double)(2u << lv) <= width)
		lv++;
	bwk = s->bucket_ns * (double)(1u << lv);
	nk = s->n0 >> lv;
	i0 = (long)floor((a - s->origin) / bwk);
	i1 = (long)ceil((b - s->origin) / bwk) - 1;
	if (i0 < 0)
		i0 = 0;
	if (i1 >= (long)nk)
		i1 = (long)nk - 1;
	if (i1 < i0)
		i1 = i0;
	for (long k = i0; k <= i1; k++) {
		const uint8_t *f = s->frac + s->level_off[lv] + (size_t)k * CT_STATE_COUNT_;

		for (int st = 0; st < CT_STATE_COUNT_; st++)
			sum[st] += f[st];
	}
	/* Dominant by time, with waiting weighted double: a wait is what the reader looks for. */
	for (int st = 0; st < CT_STATE_COUNT_; st++) {
		unsigned w = sum[st] * (st == CT_STATE_RUNNING ? 1u : 2u);

		if (w > best_w) {
			best_w = w;
			best = (uint8_t)st;
		}
	}
	return best;
}
