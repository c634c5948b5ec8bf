/* SPDX-License-Identifier: MIT */
/*
 * source.h - call sites resolved to a function, a file and a line, with
 * elfutils' libdw, from the binaries and load addresses the trace reported
 * (ct_model_borrow_binaries). Lazy: only the sites asked for are resolved,
 * each once (cached), each binary opened once. Never goes to the network:
 * debug information is looked for in the binary itself and under
 * /usr/lib/debug only, never through debuginfod.
 *
 * Not thread-safe: one resolver, one thread. It borrows the model, which
 * must outlive it.
 */
#ifndef CTRACE_MODEL_SOURCE_H
#define CTRACE_MODEL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct ct_source;

/* Where a site is. Strings belong to the resolver; NULL when unknown. */
struct ct_source_loc {
	const char *function; /* from DWARF or the symbol table */
	const char *file;     /* the source file's base name */
	const char *path;     /* the file as the debug information names it (absolute when known) */
	unsigned line;        /* 0 when unknown */
	const char *why;      /* when FILE is NULL: "no debug information", "binary not known" */
};

/* A resolver for MODEL's sites; NULL when out of memory. */
struct ct_source *ct_source_new(const struct ct_model *model);

/* Destroys S; accepts NULL. */
void ct_source_destroy(struct ct_source *s);

/* Resolves SITE (an index of ct_model_borrow_sites); false for site 0 or out of range. */
bool ct_source_lookup(struct ct_source *s, uint32_t site, struct ct_source_loc *loc);

/*
 * Formats SITE into BUF (SIZE bytes): "file.c:41" when SHORT, else
 * "function file.c:41", "function (no debug information)",
 * "libfoo.so.1+0x1a2b (no debug information)" (no name for the address) or
 * "0x... (binary not known)". Returns false (BUF "") for site 0.
 */
bool ct_source_format(struct ct_source *s, uint32_t site, bool short_form, char *buf, size_t size);

#endif /* CTRACE_MODEL_SOURCE_H */
