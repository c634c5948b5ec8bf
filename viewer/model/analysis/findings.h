/* SPDX-License-Identifier: MIT */
/*
 * findings.h - what the analyses share: the state of one run over a model
 * (struct run), the calls that record findings into the result
 * (findings.c), and the analyses themselves, one per file, which run.c
 * calls in turn.
 *
 * Private to viewer/model/analysis. A run is single-threaded; the result it
 * makes is immutable once ct_analysis_run returns it.
 */
#ifndef CTRACE_ANALYSIS_FINDINGS_H
#define CTRACE_ANALYSIS_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

/* State of one run: the model's arrays (borrowed) and the result being made. */
struct run {
	const struct ct_model *m;
	const struct ct_model_event *ev;
	size_t n_ev;
	const struct ct_model_lane *lanes;
	size_t n_lanes;
	const struct ct_model_span *spans;
	const struct ct_model_object *objs;
	size_t n_objs;
	struct ct_analysis *a; /* borrowed: the result */
	bool skipping;         /* the current finding is counted but not stored */
};

/* Grows *ARR (of *CAP items of ELEM bytes) to hold NEED items. False when out of memory. */
bool analysis_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* A new, empty result (ct_analysis_destroy frees it); NULL when out of memory. */
struct ct_analysis *findings_create(void);

/*
 * Starts a finding of KIND at EVENT. Returns CT_MODEL_NOMEM (nothing
 * changed) or CT_MODEL_OK; past a bound per kind it only counts, and the
 * refs added until the next finding are dropped.
 */
enum ct_model_status finding_add(struct run *r, enum ct_finding_kind kind, uint32_t event);

/* finding_add of a finding whose amount (see struct ct_finding) is AMOUNT, not 1. */
enum ct_model_status finding_add_amount(struct run *r, enum ct_finding_kind kind, uint32_t event,
					uint32_t amount);

/* Adds a ref to the finding started last. CT_MODEL_NOMEM leaves the result unchanged. */
enum ct_model_status ref_add(struct run *r, uint32_t event, uint32_t obj,
			     enum ct_finding_role role);

/* Sorts the findings by time and indexes their events. CT_MODEL_NOMEM on failure. */
enum ct_model_status findings_index(struct ct_analysis *a);

/*
 * The analyses (the rules are in analysis.h), one per file: each adds its
 * findings to R's result and returns CT_MODEL_OK, or CT_MODEL_NOMEM (or
 * CT_MODEL_TOO_LARGE) on failure, when the result is to be dropped.
 */
enum ct_model_status find_deadlocks(struct run *r);
enum ct_model_status find_lost_updates(struct run *r);
enum ct_model_status find_uses_after_drop(struct run *r);
enum ct_model_status find_unreceived(struct run *r);
enum ct_model_status find_unjoined(struct run *r);

#endif /* CTRACE_ANALYSIS_FINDINGS_H */
