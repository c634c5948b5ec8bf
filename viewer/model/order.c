/* SPDX-License-Identifier: MIT */
/*
 * order.c - the happens-before columns and the causal sequence of a model's
 * events (order.h says what they mean).
 *
 * Events are stored in time order and an arrow's source is never later than
 * its target, so one pass in index order sees every cause of an event before
 * the event itself: its lane's previous event, and the sources of the arrows
 * that end at it (taken from a copy of the arrows sorted by target).
 */
#include <stdlib.h>

#include "order.h"

static int arrow_by_target(const void *a, const void *b)
{
	const struct ct_model_arrow *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (x->from > y->from) - (x->from < y->from);
}

enum ct_model_status ct_model_causal_columns(const struct ct_model *m, uint32_t **columns,
					     uint32_t *n_columns)
{
	size_t n_ev, n_lanes, n_arrows, a = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	(void)ct_model_borrow_lanes(m, &n_lanes);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	struct ct_model_arrow *in = NULL;
	uint32_t *col = NULL, *last = NULL, width = 0;

	*columns = NULL;
	*n_columns = 0;
	if (!n_ev)
		return CT_MODEL_OK;
	col = malloc(n_ev * sizeof(*col));
	last = malloc((n_lanes ? n_lanes : 1) * sizeof(*last));
	in = malloc((n_arrows ? n_arrows : 1) * sizeof(*in));
	if (!col || !last || !in) {
		free(col);
		free(last);
		free(in);
		return CT_MODEL_NOMEM;
	}
	for (size_t l = 0; l < n_lanes; l++)
		last[l] = CT_MODEL_NONE;
	for (size_t i = 0; i < n_arrows; i++)
		in[i] = arrows[i];
	qsort(in, n_arrows, sizeof(*in), arrow_by_target);

	for (uint32_t i = 0; i < (uint32_t)n_ev; i++) {
		uint32_t lane = ev[i].lane, c = 0;

		if (lane < n_lanes && last[lane] != CT_MODEL_NONE)
			c = col[last[lane]] + 1;
		for (; a < n_arrows && in[a].to <= i; a++) {
			/* A source at or after its target would be a cycle: left out. */
			if (in[a].to == i && in[a].from < i && col[in[a].from] + 1 > c)
				c = col[in[a].from] + 1;
		}
		col[i] = c;
		if (lane < n_lanes)
			last[lane] = i;
		if (c + 1 > width)
			width = c + 1;
	}
	free(in);
	free(last);
	*columns = col;
	*n_columns = width;
	return CT_MODEL_OK;
}

/* One event's place in the causal sequence: column, then lane rank, then index. */
struct seq_key {
	uint64_t key; /* column << 32 | lane rank */
	uint32_t ev;
};

static int seq_key_cmp(const void *a, const void *b)
{
	const struct seq_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->ev > y->ev) - (x->ev < y->ev);
}

enum ct_model_status ct_model_causal_sequence(const struct ct_model *m, const uint32_t *columns,
					      uint32_t **sequence)
{
	size_t n_ev, n_lanes;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	struct seq_key *keys;
	uint32_t *seq;

	*sequence = NULL;
	if (!n_ev)
		return CT_MODEL_OK;
	keys = malloc(n_ev * sizeof(*keys));
	seq = malloc(n_ev * sizeof(*seq));
	if (!keys || !seq) {
		free(keys);
		free(seq);
		return CT_MODEL_NOMEM;
	}
	for (uint32_t i = 0; i < (uint32_t)n_ev; i++) {
		uint32_t rank = ev[i].lane < n_lanes ? lanes[ev[i].lane].rank : UINT32_MAX;

		keys[i].key = (uint64_t)columns[i] << 32 | rank;
		keys[i].ev = i;
	}
	qsort(keys, n_ev, sizeof(*keys), seq_key_cmp);
	for (size_t i = 0; i < n_ev; i++)
		seq[i] = keys[i].ev;
	free(keys);
	*sequence = seq;
	return CT_MODEL_OK;
}
