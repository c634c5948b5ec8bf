/* SPDX-License-Identifier: MIT */
/*
 * store.h - how a model is stored: struct ct_model's flat arrays, which the
 * builder fills (build.c) and the lookups read (query.c). model.h describes
 * the layout to users; this is the private side of it.
 *
 * Private to viewer/model.
 */
#ifndef CTRACE_MODEL_STORE_H
#define CTRACE_MODEL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* An event's arg with this bit set is an index into `wide`, for values that do not fit. */
#define WIDE_FLAG UINT32_C(0x80000000)

/* Arrows per block of arrow_reach: the granularity of ct_model_arrows_in's first search. */
#define ARROW_BLOCK 64

struct ct_model {
	uint64_t start_ns;
	struct ct_model_event *events; /* owned */
	size_t n_events;
	struct ct_model_lane *lanes; /* owned */
	size_t n_lanes;
	uint32_t *lane_order; /* owned; lane indices in the order front ends show them (lanes.c) */
	struct ct_model_span *spans; /* owned; grouped by lane once finished */
	size_t n_spans;
	struct ct_model_arrow *arrows; /* owned; sorted by from once finished */
	size_t n_arrows;
	uint32_t *arrow_reach; /* owned; per block of ARROW_BLOCK arrows, max `to` so far */
	size_t n_reach;
	struct ct_model_object *objects; /* owned */
	size_t n_objects;
	uint32_t *markers; /* owned; event indices */
	size_t n_markers;
	char *strings; /* owned; NUL-separated pool, offset 0 is ""; the builder keeps it apart */
	size_t strings_size;
	uint64_t *wide; /* owned; values that do not fit an event's arg */
	size_t n_wide;
	uint64_t *msg_ids;    /* owned */
	uint32_t *msg_labels; /* owned */
	size_t n_msgs;
	struct ct_model_problems problems;
	uint64_t discarded;
	uint64_t skipped;
	uint64_t stop_ns; /* absolute time recording stopped (0: unknown), see builder_set_stop */
	uint32_t *event_sites; /* owned; per event, its site index; NULL when no event has one */
	struct ct_model_site *sites; /* owned; entry 0 is "no site" */
	size_t n_sites;
	struct ct_model_binary *binaries; /* owned */
	size_t n_binaries;
};

/* The time of event EV (an index into M's events), relative to the model's start. */
static inline uint64_t ev_time(const struct ct_model *m, uint32_t ev)
{
	return ct_model_event_time(&m->events[ev]);
}

#endif /* CTRACE_MODEL_STORE_H */
