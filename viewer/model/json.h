/* SPDX-License-Identifier: MIT */
/* json.h - writing JSON string literals for the CLI's exports. */
#ifndef CTRACE_CLI_JSON_H
#define CTRACE_CLI_JSON_H

#include <stdio.h>

/*
 * Writes S to OUT as one JSON string literal, quotes included: '"' and '\'
 * escaped, control characters as \n, \t, ... or \u00XX, and bytes that are
 * not well-formed UTF-8 (stray continuation bytes, overlong forms, surrogates,
 * truncated sequences) replaced by U+FFFD, so the output is always valid
 * JSON in valid UTF-8 whatever a trace's strings hold. S NULL is written as
 * "". Returns 0, or -1 when writing to OUT failed.
 */
int ct_json_put_string(FILE *out, const char *s);

#endif /* CTRACE_CLI_JSON_H */
