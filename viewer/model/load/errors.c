/* SPDX-License-Identifier: MIT */
/*
 * errors.c - babeltrace2's error for the worker's thread, taken as text for
 * the loader: every cause, root first, one a line. The loader (diagnose.c)
 * makes one sentence for the user of it.
 */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

char *load_take_error(const char *what)
{
	const bt_error *err = bt_current_thread_take_error();
	uint64_t n = err ? bt_error_get_cause_count(err) : 0;
	size_t len = strlen(what) + 1, at;
	char *s;

	for (uint64_t i = 0; i < n; i++)
		len += strlen(bt_error_cause_get_message(bt_error_borrow_cause_by_index(err, i))) +
		       1;
	s = malloc(len);
	if (s) {
		at = strlen(what);
		memcpy(s, what, at);
		/* Index 0 is the root cause: what actually went wrong. */
		for (uint64_t i = 0; i < n; i++) {
			const char *m =
				bt_error_cause_get_message(bt_error_borrow_cause_by_index(err, i));
			size_t k = strlen(m);

			s[at++] = '\n';
			/* Causes may span lines themselves; each gets one. */
			for (size_t j = 0; j < k; j++)
				s[at++] = m[j] == '\n' || m[j] == '\t' ? ' ' : m[j];
		}
		s[at] = '\0';
	}
	if (err)
		bt_error_release(err);
	return s;
}
