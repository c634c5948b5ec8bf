/* SPDX-License-Identifier: MIT */
/* vec.h - the small vector of scenarios 1.3 and 1.3b, printed as Rust's {:?} does. */
#ifndef CTRACE_SCENARIOS_VEC_H
#define CTRACE_SCENARIOS_VEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct scn_vec {
	uint64_t id; /* the object whose life the trace follows (ct_object_new) */
	size_t len;
	int items[3];
};

/* Writes "[1, 2, 3]" into BUF, truncated to LEN bytes. Can't fail. */
static inline void scn_vec_format(const struct scn_vec *v, char *buf, size_t len)
{
	size_t used = 0;
	int n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i <= v->len && used < len; i++) {
		if (i == v->len)
			n = snprintf(buf + used, len - used, "%s]", i ? "" : "[");
		else
			n = snprintf(buf + used, len - used, "%s%d", i ? ", " : "[", v->items[i]);
		if (n < 0)
			return;
		used += (size_t)n;
	}
}

#endif /* CTRACE_SCENARIOS_VEC_H */
