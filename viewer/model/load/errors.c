/* SPDX-License-Identifier: MIT */
/*
 * errors.c - the loader's messages for the user: a malloc'd printf, and
 * babeltrace2's error for this thread taken as one line.
 */
#include "loader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

char *load_format(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/*
 * Takes the thread's babeltrace2 error and makes it one line: WHAT, then the
 * root cause's message (the first cause; later ones only repeat that a
 * component failed, with addresses). Returns a malloc'd string (NULL when
 * out of memory).
 */
char *load_take_error(const char *what)
{
	const bt_error *err = bt_current_thread_take_error();
	const char *cause = NULL;
	char *s;

	if (err && bt_error_get_cause_count(err) > 0)
		cause = bt_error_cause_get_message(bt_error_borrow_cause_by_index(err, 0));
	s = cause ? load_format("%s: %s", what, cause) : load_format("%s", what);
	/* Causes may span lines; the user gets one. */
	for (char *p = s; p && *p; p++) {
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	}
	if (err)
		bt_error_release(err);
	return s;
}
