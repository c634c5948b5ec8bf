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

#endif /* CTRACE_ITEST_MODEL_H */
