/* SPDX-License-Identifier: MIT */
/*
 * catalogue.h - the chapter's scenarios (shared/SCENARIOS.md): ids, titles,
 * listings, lessons and the program that runs each one.
 *
 * Everything here is static, read-only data: every function is thread-safe,
 * can't fail, and returns pointers the caller borrows for the whole run.
 */
#ifndef CTRACE_SCENARIOS_CATALOGUE_H
#define CTRACE_SCENARIOS_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>

struct ct_scenario_info {
	const char *id;       /* "2.3": the chapter's section.listing numbering */
	const char *title_zh; /* the Chinese draft's heading */
	const char *title_en; /* the English heading */
	const char *listing;  /* the book listing(s) it ports, e.g. "16-11" */
	const char *lesson;   /* one line: what to notice, shown above the timeline */
	const char *expect;   /* what the trace must show, in a few sentences */
	/* one line: what `ctrace explore ID --speed 20` showed over 20 runs (measured) */
	const char *explore;
	bool star;           /* ★: a culminating scenario of its section */
	const char *program; /* executable name in ctrace's libexec directory */
	double timeout_s;    /* > 0: the run is ended after this many seconds */
	bool hangs;          /* the program never ends by itself: its timeout is expected */
};

/* The number of scenarios. */
size_t ct_catalogue_count(void);

/* The I-th scenario in chapter order, or NULL when I is out of range. */
const struct ct_scenario_info *ct_catalogue_at(size_t i);

/*
 * The scenario called ID ("1.2b", case-insensitive), or, for a section
 * number ("2"), the section's default: its last ★ scenario, the one the
 * section builds up to. NULL when nothing matches (or ID is NULL).
 */
const struct ct_scenario_info *ct_catalogue_find(const char *id);

/*
 * One of the book's own Rust listings (scenarios/rust), recorded unmodified
 * through the shim by `ctrace scenario ID --rust` or `ctrace scenario 16-N`.
 * Listings rustc refuses on purpose (the chapter's point) have no program.
 */
struct ct_rust_listing {
	const char *listing;  /* "16-15", "16-2b"; NULL for a program that is not a listing */
	const char *scenario; /* the C scenario it matches ("3.2"), or NULL */
	const char *program;  /* executable in ctrace's libexec directory; NULL: not built */
	const char *note;     /* one line: what it is, or why rustc refuses it */
};

/* The number of Rust listings, the I-th in chapter order (NULL out of range). */
size_t ct_catalogue_rust_count(void);
const struct ct_rust_listing *ct_catalogue_rust_at(size_t i);

/* The Rust program that runs scenario S (one with a program), or NULL. */
const struct ct_rust_listing *ct_catalogue_rust_for(const struct ct_scenario_info *s);

/*
 * The listing called ID ("16-15", "16-02", "16-2b", case-insensitive; a
 * leading zero in the number is optional), built or not; NULL when none.
 */
const struct ct_rust_listing *ct_catalogue_rust_find(const char *id);

/* Whether rustc was there when ctrace was built, so the programs exist. */
bool ct_catalogue_rust_built(void);

#endif /* CTRACE_SCENARIOS_CATALOGUE_H */
