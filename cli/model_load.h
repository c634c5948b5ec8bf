/* SPDX-License-Identifier: MIT */
/* model_load.h - loading a trace for a CLI command, with progress and clear errors. */
#ifndef CTRACE_CLI_MODEL_LOAD_H
#define CTRACE_CLI_MODEL_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* How every command that reads a trace may be asked to read a damaged one. */
struct ct_cli_load {
	bool salvage;         /* --salvage: what precedes the damage */
	bool skip_unreadable; /* --skip-unreadable: leave out sub-traces that cannot be read */
};

/* The help lines for those flags, for each command's --help. */
#define CT_CLI_LOAD_HELP                                                                           \
	"      --salvage          a damaged trace: show what precedes the damage (a warning\n"     \
	"                         says where it was cut)\n"                                        \
	"      --skip-unreadable  leave out sub-traces that cannot be read (a warning says\n"      \
	"                         which), instead of failing\n"

/*
 * Takes --salvage and --skip-unreadable out of ARGV (ARGC is updated; the
 * rest keep their order), into *HOW, so each command parses its own options
 * as before. Can't fail.
 */
void ct_cli_load_flags(int *argc, char **argv, struct ct_cli_load *how);

/*
 * Loads the trace at PATH for the command CMD ("dump", "check", ...), as HOW
 * says (NULL: neither flag). Shows progress on stderr (when it is a
 * terminal) once a load takes over a second, warns when LTTng discarded
 * events or when the trace was salvaged or partly read. On failure prints
 * one line saying why ("ctrace CMD: PATH: ...", with the flag that would
 * help) and returns NULL; the caller then exits 2. The caller owns the model
 * (ct_model_destroy).
 */
struct ct_model *ct_cli_model_load(const char *cmd, const char *path,
				   const struct ct_cli_load *how);

/*
 * A command's own progress display (the viewer's window): called with the
 * events read so far; returns true when it showed them, so nothing goes to
 * stderr.
 */
typedef bool (*ct_cli_progress_fn)(uint64_t events, void *data);

/* ct_cli_model_load, with FN(events, DATA) offered every progress report first. */
struct ct_model *ct_cli_model_load_with(const char *cmd, const char *path,
					const struct ct_cli_load *how, ct_cli_progress_fn fn,
					void *data);

#endif /* CTRACE_CLI_MODEL_LOAD_H */
