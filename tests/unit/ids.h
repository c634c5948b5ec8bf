/* SPDX-License-Identifier: MIT */
/* ids.h - checking that a set of object ids is unique and nonzero, for the unit tests. */
#ifndef CTRACE_TEST_IDS_H
#define CTRACE_TEST_IDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static inline int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Number of zeros plus repeated values in IDS (sorted in place). */
static inline size_t duplicates_or_zeros(uint64_t *ids, size_t n)
{
	size_t bad = 0;

	qsort(ids, n, sizeof(*ids), compare_u64);
	for (size_t i = 0; i < n; i++)
		bad += ids[i] == 0 || (i > 0 && ids[i] == ids[i - 1]);
	return bad;
}

#endif /* CTRACE_TEST_IDS_H */
