/* SPDX-License-Identifier: MIT */
/* keymap.c - the builder's hash map of ids (see keymap.h). */
#include "keymap.h"

#include <stdlib.h>

uint64_t key_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

static size_t key_hash(uint64_t k1, uint64_t k2)
{
	return (size_t)key_mix(k1 * UINT64_C(0x9e3779b97f4a7c15) ^ k2);
}

bool key_map_reserve(struct key_map *map, size_t extra)
{
	size_t cap = map->cap ? map->cap : 64;
	struct key_slot *slots;

	while ((map->count + extra) * 2 > cap)
		cap *= 2;
	if (cap == map->cap)
		return true;
	slots = malloc(cap * sizeof(*slots));
	if (!slots)
		return false;
	for (size_t i = 0; i < cap; i++)
		slots[i].value = CT_MODEL_NONE;
	for (size_t i = 0; i < map->cap; i++) {
		struct key_slot *old = &map->slots[i];
		size_t j;

		if (old->value == CT_MODEL_NONE)
			continue;
		j = key_hash(old->k1, old->k2) & (cap - 1);
		while (slots[j].value != CT_MODEL_NONE)
			j = (j + 1) & (cap - 1);
		slots[j] = *old;
	}
	free(map->slots);
	map->slots = slots;
	map->cap = cap;
	return true;
}

struct key_slot *key_map_find(const struct key_map *map, uint64_t k1, uint64_t k2)
{
	size_t j = key_hash(k1, k2) & (map->cap - 1);

	while (map->slots[j].value != CT_MODEL_NONE &&
	       (map->slots[j].k1 != k1 || map->slots[j].k2 != k2))
		j = (j + 1) & (map->cap - 1);
	return &map->slots[j];
}

void key_map_set(struct key_map *map, struct key_slot *slot, uint64_t k1, uint64_t k2,
		 uint32_t value)
{
	if (slot->value == CT_MODEL_NONE)
		map->count++;
	slot->k1 = k1;
	slot->k2 = k2;
	slot->value = value;
}

void key_map_remove(struct key_map *map, struct key_slot *slot)
{
	size_t mask = map->cap - 1;
	size_t hole = (size_t)(slot - map->slots);
	size_t j = hole;

	for (;;) {
		size_t home;

		j = (j + 1) & mask;
		if (map->slots[j].value == CT_MODEL_NONE)
			break;
		home = key_hash(map->slots[j].k1, map->slots[j].k2) & mask;
		/* Move the key into the hole unless its home lies cyclically in (hole, j]. */
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			map->slots[hole] = map->slots[j];
			hole = j;
		}
	}
	map->slots[hole].value = CT_MODEL_NONE;
	map->count--;
}

void key_map_fini(struct key_map *map)
{
	free(map->slots);
	map->slots = NULL;
	map->cap = map->count = 0;
}
