/* SPDX-License-Identifier: MIT */
/* output.h - writing a command's output: a file replaced whole or not at all, or a stream. */
#ifndef CTRACE_CLI_OUTPUT_H
#define CTRACE_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Writes the whole output into OUT (never closes it). Returns true when all
 * of it was handed to OUT; false otherwise, with a one-line reason in WHY
 * (WHYLEN bytes) when the failure was not a write error (a write error is
 * recorded by the stream itself and reported from there), or errno set.
 */
typedef bool (*ct_cli_writer)(FILE *out, void *arg, char *why, size_t whylen);

/*
 * Writes PATH for the command CMD ("export", "view", ...) by calling
 * WRITE(out, ARG, ...), where PATH is what the user gave (-o, --png):
 *   - "-", /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: that
 *     descriptor of this process, written as it is (a redirected stdout
 *     that is a regular file is appended to at its offset, never replaced);
 *   - a regular file or a new name: a temporary file beside it, synced, then
 *     renamed over it, so PATH holds either the old or the whole new file; a
 *     replaced file keeps its permission bits (and its owner when allowed);
 *   - a symbolic link (chained, relative or dangling): its final target is
 *     replaced that way, and the links stay links;
 *   - a FIFO, a character device (/dev/null) or a socket: opened and written
 *     through, never replaced;
 *   - a directory or a block device: refused.
 * Every write, flush, sync and close is checked. SIGINT, SIGTERM, SIGHUP and
 * SIGQUIT that arrive while a temporary file exists remove it before the
 * process dies of them; SIGXFSZ is ignored meanwhile, so an exceeded file
 * size limit is a write error (EFBIG) like any other.
 * Returns true when written. On failure removes the temporary file, leaves
 * PATH unchanged (a stream may have received part of the output), prints one
 * line ("ctrace CMD: PATH: why") and returns false. Not thread-safe: one
 * output at a time per process (see output.c for the signal handler's state).
 */
bool ct_cli_write_output(const char *cmd, const char *path, ct_cli_writer write, void *arg);

#endif /* CTRACE_CLI_OUTPUT_H */
