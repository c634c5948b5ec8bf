/* SPDX-License-Identifier: MIT */
/*
 * notices.c - how the recorder speaks, for every file of it: its notices to
 * the user (one sentence behind one prefix), the error messages it hands
 * back to the caller, and the monotonic clock its notices are timed by.
 */
#include "recording.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void ct_rec_say(const struct ct_rec_log *log, const char *fmt, ...)
{
	va_list ap;

	flockfile(log->fp);
	fprintf(log->fp, "%s: ", log->prefix);
	va_start(ap, fmt);
	vfprintf(log->fp, fmt, ap);
	va_end(ap);
	putc('\n', log->fp);
	fflush(log->fp);
	funlockfile(log->fp);
}

void ct_rec_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

double ct_rec_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
