/* SPDX-License-Identifier: MIT */
/* strpool.c - the string pool: names and text interned while building (see strpool.h). */
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a: short strings, and only while building. */
static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

bool string_pool_init(struct string_pool *pool)
{
	memset(pool, 0, sizeof(*pool));
	pool->text = malloc(64);
	if (!pool->text)
		return false;
	pool->text[0] = '\0';
	pool->size = 1;
	pool->cap = 64;
	return true;
}

/* Grows the text to hold NEED bytes, doubling. False when out of memory (text unchanged). */
static bool text_grow(struct string_pool *pool, size_t need)
{
	size_t cap = pool->cap ? pool->cap : 16;
	char *text;

	if (need <= pool->cap)
		return true;
	while (cap < need)
		cap *= 2;
	text = realloc(pool->text, cap);
	if (!text)
		return false;
	pool->text = text;
	pool->cap = cap;
	return true;
}

bool string_pool_reserve(struct string_pool *pool, size_t n, size_t len)
{
	/* A pool whose init failed has no "" yet: it goes first, at offset 0. */
	size_t used = pool->size ? pool->size : 1;
	size_t cap = pool->n_slots ? pool->n_slots : 64;

	if (used + len + n > STRING_POOL_MAX)
		return false;
	if (!text_grow(pool, used + len + n))
		return false;
	if (pool->size == 0) {
		pool->text[0] = '\0';
		pool->size = 1;
	}
	while ((pool->count + n) * 2 > cap)
		cap *= 2;
	if (cap != pool->n_slots) {
		uint32_t *slots = calloc(cap, sizeof(*slots));

		if (!slots)
			return false;
		for (size_t i = 0; i < pool->n_slots; i++) {
			uint32_t off = pool->slots[i];
			size_t j;

			if (!off)
				continue;
			j = str_hash(pool->text + off) & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = off;
		}
		free(pool->slots);
		pool->slots = slots;
		pool->n_slots = cap;
	}
	return true;
}

uint32_t string_pool_intern(struct string_pool *pool, const char *s)
{
	size_t j, len;

	if (!s || !*s)
		return 0;
	j = str_hash(s) & (pool->n_slots - 1);
	while (pool->slots[j]) {
		if (strcmp(pool->text + pool->slots[j], s) == 0)
			return pool->slots[j];
		j = (j + 1) & (pool->n_slots - 1);
	}
	len = strlen(s);
	memcpy(pool->text + pool->size, s, len + 1);
	pool->slots[j] = (uint32_t)pool->size;
	pool->size += len + 1;
	pool->count++;
	return pool->slots[j];
}

char *string_pool_take_text(struct string_pool *pool, size_t *size)
{
	char *text = pool->text;

	*size = pool->size;
	pool->text = NULL;
	pool->size = pool->cap = 0;
	return text;
}

void string_pool_fini(struct string_pool *pool)
{
	free(pool->text);
	free(pool->slots);
	memset(pool, 0, sizeof(*pool));
}
