/* SPDX-License-Identifier: MIT */
/* stats.h - the model summed up in tables, for every front end that shows them (`ctrace stats`). */
#ifndef CTRACE_MODEL_STATS_H
#define CTRACE_MODEL_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes MODEL's summary to OUT as text: each thread's life split into
 * running, blocked (by what it waited for) and sleeping; each channel's
 * messages and latencies; each mutex's acquisitions, waits and time held;
 * then what was discarded, skipped or inconsistent. TRACE names the trace in
 * the first line. Returns true when all of it was handed to OUT without a
 * stream error; false with errno set (ENOMEM, or the stream's error).
 */
bool ct_stats_write(const struct ct_model *model, const char *trace, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_MODEL_STATS_H */
