/* SPDX-License-Identifier: MIT */
/* output.h - writing a command's output file, whole or not at all. */
#ifndef CTRACE_CLI_OUTPUT_H
#define CTRACE_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Writes PATH for the command CMD ("export", ...) by calling WRITE(out, ARG),
 * which returns false with errno set when it fails. "-" is stdout. Any
 * other path is written to a temporary file beside it and renamed over it
 * only once complete and synced, so a failed write never leaves a partial
 * file. On failure prints one line ("ctrace CMD: PATH: why") and returns
 * false.
 */
bool ct_cli_write_output(const char *cmd, const char *path, bool (*write)(FILE *out, void *arg),
			 void *arg);

#endif /* CTRACE_CLI_OUTPUT_H */
