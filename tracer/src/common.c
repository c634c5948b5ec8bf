/* SPDX-License-Identifier: MIT */
/* common.c - ids, status words, thread tokens and monotonic deadlines. */
#include <errno.h>
#include <stdatomic.h>

#include "internal.h"

/* One counter for every object and message id in the process; 0 is never used. */
static atomic_uint_fast64_t next_id;

uint64_t ct_id_new(void)
{
	return (uint64_t)atomic_fetch_add_explicit(&next_id, 1, memory_order_relaxed) + 1;
}

const char *ct_status_str(enum ct_status status)
{
	switch (status) {
#define CT_STATUS_CASE_(NAME, word, number, phrase)                                                \
	case CT_##NAME:                                                                            \
		return phrase;
		CT_STATUS_LIST(CT_STATUS_CASE_)
#undef CT_STATUS_CASE_
	}
	return "unknown status";
}

static _Thread_local char self_token_anchor;

uintptr_t ct__self_token(void)
{
	return (uintptr_t)&self_token_anchor;
}

int ct__cond_init_monotonic(pthread_cond_t *cond)
{
	pthread_condattr_t attr;
	int err = pthread_condattr_init(&attr);

	if (err)
		return err;
	err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (!err)
		err = CT_QUIET(pthread_cond_init(cond, &attr));
	pthread_condattr_destroy(&attr);
	return err;
}

struct timespec ct__deadline(uint64_t timeout_ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* Saturate rather than overflow for "practically forever" timeouts. */
	uint64_t add_s = timeout_ns / 1000000000u;
	if (add_s > (uint64_t)INT32_MAX)
		add_s = INT32_MAX;
	ts.tv_sec += (time_t)add_s;
	ts.tv_nsec += (long)(timeout_ns % 1000000000u);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

enum ct_status ct__status_from_errno(int err)
{
	switch (err) {
	case 0:
		return CT_OK;
	case ENOMEM:
		return CT_NOMEM;
	case EBUSY:
		return CT_BUSY;
	case EDEADLK:
		return CT_DEADLOCK;
	case ETIMEDOUT:
		return CT_TIMEOUT;
	case EINVAL:
	case EPERM:
		return CT_INVALID;
	default:
		errno = err;
		return CT_ERROR;
	}
}
