/* SPDX-License-Identifier: MIT */
/*
 * objects.c - the mutexes and condition variables the shim has seen, in a
 * fixed-size open-addressing table: no allocation, no lock. An object is
 * inserted by one compare-and-swap on its slot, so exactly one thread sees
 * "inserted" and emits the creation event. Slots are never freed: an object
 * destroyed and re-created at the same address is re-announced by
 * pthread_*_init, and the table only fills up in a program that keeps more
 * than CT_OBJ_SLOTS / 2 distinct addresses, after which new objects are still
 * recorded, only without a creation event.
 *
 * A forked child is a new process with its own objects on the timeline, so
 * it starts a new epoch: a slot last announced in an older epoch counts as
 * new again (one compare-and-swap on its epoch), without touching the table.
 */
#include "shim.h"

#define CT_OBJ_BITS   16
#define CT_OBJ_SLOTS  (1u << CT_OBJ_BITS) /* 1 MiB of bss, touched only where used */
#define CT_OBJ_PROBES 64

static struct ct_shim_obj objs[CT_OBJ_SLOTS];
static _Atomic unsigned epoch = 1; /* a slot's epoch 0 means "never announced" */

void ct_shim_obj_new_epoch(void)
{
	atomic_fetch_add_explicit(&epoch, 1, memory_order_relaxed);
}

/* Claims SLOT for the current epoch; true for exactly one caller per epoch. */
static bool claim_epoch(struct ct_shim_obj *slot, unsigned now)
{
	unsigned seen = atomic_load_explicit(&slot->epoch, memory_order_relaxed);

	return seen != now &&
	       atomic_compare_exchange_strong_explicit(&slot->epoch, &seen, now,
						       memory_order_relaxed, memory_order_relaxed);
}

struct ct_shim_obj *ct_shim_obj_get(const void *addr, enum ct_shim_kind kind, bool *inserted)
{
	uintptr_t key = ((uintptr_t)addr << 3) | (uintptr_t)kind;
	/* Fibonacci hashing spreads the aligned addresses over the table. */
	size_t i = (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ull) >> (64 - CT_OBJ_BITS));

	unsigned now = atomic_load_explicit(&epoch, memory_order_relaxed);

	*inserted = false;
	for (unsigned n = 0; n < CT_OBJ_PROBES; n++, i = (i + 1) & (CT_OBJ_SLOTS - 1)) {
		uintptr_t cur = atomic_load_explicit(&objs[i].key, memory_order_acquire);

		if (cur == key) {
			*inserted = claim_epoch(&objs[i], now);
			return &objs[i];
		}
		if (cur != 0)
			continue;
		if (atomic_compare_exchange_strong_explicit(
			    &objs[i].key, &cur, key, memory_order_acq_rel, memory_order_acquire)) {
			/* Claimed like any other slot: a racer that saw the key may win. */
			*inserted = claim_epoch(&objs[i], now);
			return &objs[i];
		}
		if (cur == key) {
			*inserted = claim_epoch(&objs[i], now);
			return &objs[i];
		}
	}
	return NULL;
}
