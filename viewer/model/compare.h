/* SPDX-License-Identifier: MIT */
/*
 * compare.h - two runs of one program side by side: where their
 * happens-before orders stop agreeing.
 *
 * Every event gets a key that does not depend on the run: its lane's
 * identity (the lane's name and its position among the lanes of that name,
 * never a tid or pid), its type, its object's identity (kind, name and
 * position among the objects of that kind and name, which is the creation
 * order for unnamed ones) and the payload words that say what it did (a
 * message's label, the printed text, a value read or written, a count, a
 * status; never ids, times or durations).
 *
 * The two runs are walked column by column of happens-before depth (as
 * order.h defines it). Within a column events are concurrent, so two runs
 * may list them in any order: a column is compared as a multiset of keys
 * (each key also holding the event's place among its lane's events, so a
 * lane's program order counts). The first column whose multisets differ is
 * where the runs diverge. A run's first diverging event is the first of its
 * events that the other run has not matched by the end of a column: in that
 * column, or, when this run's column holds only part of the other's (the
 * other did one thing more), in a later one, at what this run did instead.
 *
 * Timing alone must not make two runs differ, so the comparison leaves out
 * what only timing decides: the *_begin of a wait that is emitted only when
 * the call had to block (a receive that found its message waiting emits
 * none), and a poll's ready count. For the same reason it computes its own
 * columns over the events it keeps, rather than ct_model_causal_columns'
 * over all of them, and it orders the acquisitions of each mutex (the
 * previous release on another lane before each lock), which the model draws
 * as a hand-off only when the lock had to wait.
 *
 * Thread-safety: pure functions of two immutable models.
 */
#ifndef CTRACE_MODEL_COMPARE_H
#define CTRACE_MODEL_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One run's side of a comparison. */
struct ct_compare_side {
	uint32_t *seq; /* owned: the compared events in causal order (column, lane rank, index) */
	uint32_t *
		col; /* owned: one entry per model event, its column, CT_MODEL_NONE when left out */
	size_t n_seq; /* length of SEQ: the events compared */
	uint32_t n_columns;
	uint32_t first; /* the first diverging event, CT_MODEL_NONE when none (or no divergence) */
	size_t first_pos; /* FIRST's position in SEQ (N_SEQ when FIRST is none) */
};

/* The outcome of ct_model_compare. */
struct ct_compare {
	bool same;               /* the two happens-before orders agree on every event */
	uint32_t prefix_columns; /* the columns both runs share: the diverging column's number */
	size_t prefix_events;    /* the events of those columns, in each run */
	/* Events of the diverging column that both runs have (its multisets' intersection). */
	size_t column_matched;
	struct ct_compare_side a, b;
	char sentence[1200]; /* how they differ (or that they do not), one English sentence */
};

/*
 * Compares runs A and B into *OUT (its arrays owned by the caller: free them
 * with ct_compare_fini). Returns CT_MODEL_OK, or CT_MODEL_NOMEM with *OUT
 * holding nothing to free.
 */
enum ct_model_status ct_model_compare(const struct ct_model *a, const struct ct_model *b,
				      struct ct_compare *out);

/* Frees what ct_model_compare put in CMP; accepts a zeroed struct. Can't fail. */
void ct_compare_fini(struct ct_compare *cmp);

/*
 * The lane of B with the same identity as lane LANE of A (name and position
 * among the lanes of that name, in lane order), or CT_MODEL_NONE. Can't fail.
 */
uint32_t ct_compare_lane_in(const struct ct_model *a, uint32_t lane, const struct ct_model *b);

/* Whether the comparison keeps events of TYPE (false for waits' timing-only *_begin). */
bool ct_compare_keeps(enum ct_event_type type);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_MODEL_COMPARE_H */
