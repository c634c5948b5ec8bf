/* SPDX-License-Identifier: MIT */
/*
 * keymap.h - the builder's hash map from a pair of 64-bit keys (a key space
 * and pid, then a tid or an id) to a 32-bit index: lanes, objects, messages
 * and queue chains are all found through one map while building.
 *
 * Open addressing with linear probing, at most half full, backward-shift
 * deletion. Finding a key gives its slot or the empty slot where it would
 * go, so that looking up and inserting are one probe: the caller fills an
 * empty slot with key_map_set, after key_map_reserve made room for it.
 *
 * Private to viewer/model. Not thread-safe: one builder, one thread.
 */
#ifndef CTRACE_MODEL_KEYMAP_H
#define CTRACE_MODEL_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct key_slot {
	uint64_t k1;    /* space << 32 | pid */
	uint64_t k2;    /* tid or id */
	uint32_t value; /* CT_MODEL_NONE marks an empty slot */
};

struct key_map {
	struct key_slot *slots; /* owned */
	size_t cap;             /* a power of two, or 0 */
	size_t count;
};

/* A 64-bit mixer (splitmix64's finaliser): spreads keys over the slots. */
uint64_t key_mix(uint64_t x);

/* Makes room for EXTRA more keys; false when out of memory (map unchanged). */
bool key_map_reserve(struct key_map *map, size_t extra);

/* The slot holding the key, or the empty slot where it would go. Needs cap > 0. */
struct key_slot *key_map_find(const struct key_map *map, uint64_t k1, uint64_t k2);

/*
 * Stores (K1, K2) -> VALUE in SLOT, which key_map_find gave for that key:
 * fills it when empty (room must have been reserved), else replaces its value.
 */
void key_map_set(struct key_map *map, struct key_slot *slot, uint64_t k1, uint64_t k2,
		 uint32_t value);

/* Removes the key in SLOT, shifting back later keys of the same probe run. */
void key_map_remove(struct key_map *map, struct key_slot *slot);

/* Frees the map's slots; the map is empty afterwards. Accepts an empty map. */
void key_map_fini(struct key_map *map);

#endif /* CTRACE_MODEL_KEYMAP_H */
