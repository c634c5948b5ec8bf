/* SPDX-License-Identifier: MIT */
/*
 * sleep.c - nanosleep, clock_nanosleep, usleep and sleep as sleeping spans
 * (sleep_begin / sleep_end with the requested duration). glibc implements
 * sleep and usleep without going through the interposable nanosleep, so one
 * call is one span.
 */
#include "shim.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

static uint64_t ts_ns(const struct timespec *ts)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0)
		return 0;
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

CT_API_DEF int nanosleep(const struct timespec *req, struct timespec *rem)
{
	uint64_t ns;
	int ret;

	if (ct_shim_ignored(CT_CALLER()) || !req)
		return REAL(nanosleep)(req, rem);
	ns = ts_ns(req);
	CT_SHIM_EMIT(sleep_begin, ns);
	ret = REAL(nanosleep)(req, rem);
	CT_SHIM_EMIT(sleep_end, ns);
	return ret;
}

CT_API_DEF int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
			       struct timespec *rem)
{
	uint64_t ns;
	int ret;

	if (ct_shim_ignored(CT_CALLER()) || !req)
		return REAL(clock_nanosleep)(clock, flags, req, rem);
	ns = ts_ns(req);
	if (flags & TIMER_ABSTIME) {
		/* An absolute deadline: the span's length is what is left of it now. */
		struct timespec now;
		uint64_t now_ns;

		now_ns = clock_gettime(clock, &now) == 0 ? ts_ns(&now) : ns;
		ns = ns > now_ns ? ns - now_ns : 0;
	}
	CT_SHIM_EMIT(sleep_begin, ns);
	ret = REAL(clock_nanosleep)(clock, flags, req, rem);
	CT_SHIM_EMIT(sleep_end, ns);
	return ret;
}

CT_API_DEF int usleep(useconds_t us)
{
	uint64_t ns = (uint64_t)us * 1000u;
	int ret;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(usleep)(us);
	CT_SHIM_EMIT(sleep_begin, ns);
	ret = REAL(usleep)(us);
	CT_SHIM_EMIT(sleep_end, ns);
	return ret;
}

CT_API_DEF unsigned sleep(unsigned s)
{
	uint64_t ns = (uint64_t)s * 1000000000u;
	unsigned left;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sleep)(s);
	CT_SHIM_EMIT(sleep_begin, ns);
	left = REAL(sleep)(s);
	CT_SHIM_EMIT(sleep_end, ns);
	return left;
}
