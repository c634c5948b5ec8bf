/* SPDX-License-Identifier: MIT */
/*
 * arc.c - atomically reference-counted boxes (Rust's Arc).
 *
 * Each event carries the count its own atomic operation produced, so the
 * counts on the timeline are exact even when clones and drops race.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "internal.h"

struct ct_arc {
	atomic_size_t count;
	uint64_t id;
	void *data; /* owned through DESTROY */
	void (*destroy)(void *data);
};

enum ct_status ct_arc_new(struct ct_arc **out, void *data, void (*destroy)(void *data),
			  const char *name)
{
	CT_SITE();
	struct ct_arc *a;

	if (!out)
		return CT_INVALID;
	a = malloc(sizeof(*a));
	if (!a)
		return CT_NOMEM;
	atomic_init(&a->count, 1);
	a->id = ct_id_new();
	a->data = data;
	a->destroy = destroy;
	CT_EVENT(arc_new, a->id, (uint64_t)1, ct__str(name));
	*out = a;
	return CT_OK;
}

struct ct_arc *ct_arc_clone(struct ct_arc *a)
{
	CT_SITE();
	size_t n;

	if (!a)
		return NULL;
	n = atomic_fetch_add_explicit(&a->count, 1, memory_order_relaxed) + 1;
	CT_EVENT(arc_clone, a->id, (uint64_t)n);
	return a;
}

enum ct_status ct_arc_drop(struct ct_arc *a)
{
	CT_SITE();
	size_t n;

	if (!a)
		return CT_INVALID;
	/* Release our writes to the data; the last dropper acquires them all. */
	n = atomic_fetch_sub_explicit(&a->count, 1, memory_order_acq_rel) - 1;
	CT_EVENT(arc_drop, a->id, (uint64_t)n);
	if (n == 0) {
		if (a->destroy)
			a->destroy(a->data);
		free(a);
	}
	return CT_OK;
}

void *ct_arc_get(const struct ct_arc *a)
{
	return a ? a->data : NULL;
}

size_t ct_arc_count(const struct ct_arc *a)
{
	return a ? atomic_load_explicit(&a->count, memory_order_relaxed) : 0;
}

uint64_t ct_arc_id(const struct ct_arc *a)
{
	return a ? a->id : 0;
}
