/* SPDX-License-Identifier: MIT */
/*
 * strpool.h - the string pool: names, labels and printed text interned into
 * one NUL-separated buffer while building, each named by its byte offset
 * (offset 0 is the empty string). The finished model keeps the buffer
 * (ct_model_string); the interning table is only needed while building.
 *
 * Interning is split in two like the rest of the builder: string_pool_reserve
 * makes room and may fail, string_pool_intern then cannot.
 *
 * Private to viewer/model. Not thread-safe: one builder, one thread.
 */
#ifndef CTRACE_MODEL_STRPOOL_H
#define CTRACE_MODEL_STRPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct string_pool {
	char *text;      /* owned; NUL-separated strings, offset 0 is "" */
	size_t size;     /* bytes of TEXT in use */
	size_t cap;      /* bytes of TEXT allocated */
	uint32_t *slots; /* owned; open addressing of string offsets, 0 = empty */
	size_t n_slots, count;
};

/* The largest size the pool may reach: offsets are uint32_t, and UINT32_MAX means "none". */
#define STRING_POOL_MAX (UINT32_MAX - 1)

/*
 * Makes POOL an empty pool holding "" at offset 0. False when out of
 * memory: POOL is then empty without "", and string_pool_reserve adds it.
 */
bool string_pool_init(struct string_pool *pool);

/*
 * Makes room to intern up to N more strings of LEN bytes in total (NULs
 * excluded). False when out of memory or past STRING_POOL_MAX; what was
 * interned stays.
 */
bool string_pool_reserve(struct string_pool *pool, size_t n, size_t len);

/* The offset of S in the pool (0 for NULL or ""), adding it; room must have been reserved. */
uint32_t string_pool_intern(struct string_pool *pool, const char *s);

/*
 * Takes the text away from POOL: returns it (the caller owns it; NULL
 * when the pool has none) with its size in *SIZE. POOL keeps its table.
 */
char *string_pool_take_text(struct string_pool *pool, size_t *size);

/* Frees POOL's text and table; POOL is empty afterwards. */
void string_pool_fini(struct string_pool *pool);

#endif /* CTRACE_MODEL_STRPOOL_H */
