/* SPDX-License-Identifier: MIT */
/*
 * timing.h - time helpers shared by the unit tests: a monotonic clock, a
 * sleep that survives signals, and waits on atomic flags that prove a thread
 * is blocked (the flag stays clear) or got going (the flag is set in time).
 */
#ifndef CTRACE_TEST_TIMING_H
#define CTRACE_TEST_TIMING_H

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define MS_NS          1000000ULL
#define BLOCK_PROBE_MS 100             /* how long "still blocked" is watched */
#define DEADLINE_NS    (10000 * MS_NS) /* how long anything may take to happen */

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

/* Polls FLAG until it is nonzero; false if that takes longer than DEADLINE_NS. */
static inline bool wait_flag(atomic_int *flag)
{
	uint64_t end = now_ns() + DEADLINE_NS;

	while (atomic_load(flag) == 0) {
		if (now_ns() > end)
			return false;
		sleep_ms(1);
	}
	return true;
}

/* True if FLAG is still clear after BLOCK_PROBE_MS: the thread is blocked. */
static inline bool stays_clear(atomic_int *flag)
{
	sleep_ms(BLOCK_PROBE_MS);
	return atomic_load(flag) == 0;
}

#endif /* CTRACE_TEST_TIMING_H */
