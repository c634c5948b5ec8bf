/* SPDX-License-Identifier: MIT */
/*
 * itest_model.h - the model of a recorded trace, for the integration tests
 * that assert what ctrace draws (lanes, spans, arrows) rather than which
 * events babeltrace2 prints.
 */
#ifndef CTRACE_ITEST_MODEL_H
#define CTRACE_ITEST_MODEL_H

#include "model.h"

/* The model of TRACE, loaded through libbabeltrace2; fails the test when it cannot be. */
struct ct_model *itest_model_load(const char *trace);

/* The first lane named NAME in M; fails the test when there is none. */
uint32_t itest_model_lane_named(const struct ct_model *m, const char *name);

/* The time LANE of M spent in STATE, over its closed spans, in ns. */
uint64_t itest_model_time_in(const struct ct_model *m, uint32_t lane, enum ct_lane_state state);

/* How many findings the analyses make of M; fails the test when they cannot run. */
size_t itest_model_findings(const struct ct_model *m);

#endif /* CTRACE_ITEST_MODEL_H */
