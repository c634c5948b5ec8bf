/* SPDX-License-Identifier: MIT */
/*
 * export.h - the model in other tools' formats, for every front end that
 * writes one (today `ctrace export`).
 */
#ifndef CTRACE_MODEL_EXPORT_H
#define CTRACE_MODEL_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes MODEL to OUT as Chrome trace-event JSON (Perfetto UI,
 * chrome://tracing): a track per thread in the order every front end shows,
 * its states as slices, prints and marks as instants, and a flow per arrow.
 * TRACE names the trace in the document's metadata. Returns true when all
 * of it was handed to OUT without a stream error; false with errno set
 * (ENOMEM, or the stream's error) otherwise. The caller flushes and closes
 * OUT and checks that too.
 */
bool ct_export_chrome(const struct ct_model *model, const char *trace, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_MODEL_EXPORT_H */
