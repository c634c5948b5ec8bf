/* SPDX-License-Identifier: MIT */
/*
 * order.h - the happens-before order of a model's events: how deep each
 * event stands in the chain of causes that leads to it, whatever the time
 * each step took.
 *
 * An event depends on the event before it on its lane (program order) and
 * on the source of every arrow that ends at it (spawn, join, message,
 * hand-off, wake-up, fork: every ct_arrow_kind is a causal edge). Its column
 * is 0 when it depends on nothing, else one more than the largest column of
 * what it depends on. So causally related events read left to right, and
 * events that stand in the same column are concurrent: neither can have
 * caused the other.
 *
 * The causal sequence lists every event once, column by column; within a
 * column by lane rank (ct_model_borrow_lane_order), then by time. It is the
 * same for two runs whose happens-before graphs are the same, however
 * differently their events were timed, which is what comparing two runs
 * walks along.
 *
 * Thread-safety: pure functions of an immutable model; the arrays returned
 * belong to the caller.
 */
#ifndef CTRACE_MODEL_ORDER_H
#define CTRACE_MODEL_ORDER_H

#include <stdint.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The column of every event: *COLUMNS gets a malloc'd array of one entry per
 * event (NULL for a model without events), *N_COLUMNS the number of columns
 * (the largest column + 1, 0 without events). An arrow that points back in
 * the graph (its source does not come before its target in time, as a
 * damaged trace can have) is ignored rather than allowed to make a cycle.
 * Returns CT_MODEL_OK or CT_MODEL_NOMEM (then *COLUMNS is NULL).
 */
enum ct_model_status ct_model_causal_columns(const struct ct_model *model, uint32_t **columns,
					     uint32_t *n_columns);

/*
 * The event indices in causal order (by column, then lane rank, then
 * index), given the COLUMNS of ct_model_causal_columns: *SEQUENCE gets a
 * malloc'd array of one entry per event (NULL without events). Returns
 * CT_MODEL_OK or CT_MODEL_NOMEM (then *SEQUENCE is NULL).
 */
enum ct_model_status ct_model_causal_sequence(const struct ct_model *model, const uint32_t *columns,
					      uint32_t **sequence);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_MODEL_ORDER_H */
