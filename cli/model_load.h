/* SPDX-License-Identifier: MIT */
/* model_load.h - loading a trace for a CLI command, with progress and clear errors. */
#ifndef CTRACE_CLI_MODEL_LOAD_H
#define CTRACE_CLI_MODEL_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/*
 * Loads the trace at PATH for the command CMD ("dump", "check", ...). Shows
 * progress on stderr (when it is a terminal) once a load takes over a second,
 * and warns when LTTng discarded events. On failure prints one line saying
 * why ("ctrace CMD: PATH: ...") and returns NULL; the caller then exits 2.
 * The caller owns the model (ct_model_destroy).
 */
struct ct_model *ct_cli_model_load(const char *cmd, const char *path);

/*
 * A command's own progress display (the viewer's window): called with the
 * events read so far; returns true when it showed them, so nothing goes to
 * stderr.
 */
typedef bool (*ct_cli_progress_fn)(uint64_t events, void *data);

/* ct_cli_model_load, with FN(events, DATA) offered every progress report first. */
struct ct_model *ct_cli_model_load_with(const char *cmd, const char *path, ct_cli_progress_fn fn,
					void *data);

#endif /* CTRACE_CLI_MODEL_LOAD_H */
