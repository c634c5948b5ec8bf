/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what libctrace's modules share: ids, the calling thread's
 * identity, monotonic deadlines, and the provider's tracepoints.
 */
#ifndef CTRACE_INTERNAL_H
#define CTRACE_INTERNAL_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "ctrace/ctrace.h"
#include "ctrace_tp.h"
#include "emit.h"

/* Shorthand for emitting one event of the "ctrace" provider. */
#define CT_EVENT(name, ...) lttng_ust_tracepoint(ctrace, name, __VA_ARGS__)

/* A public function's first statement: its caller is the site of the events it emits. */
#define CT_SITE() (ct__site = CT_RETURN_SITE())

/* A string field may not be NULL; an absent name is recorded as "". */
static inline const char *ct__str(const char *s)
{
	return s ? s : "";
}

/*
 * A token that identifies the calling thread for ownership checks (which
 * thread holds a mutex). It is the address of a thread-local variable, so it
 * is unique among live threads and costs no system call.
 */
uintptr_t ct__self_token(void);

/* Initialises a condition variable that measures timeouts on CLOCK_MONOTONIC. */
int ct__cond_init_monotonic(pthread_cond_t *cond);

/* The CLOCK_MONOTONIC time TIMEOUT_NS from now, for pthread_cond_timedwait. */
struct timespec ct__deadline(uint64_t timeout_ns);

/* Maps a pthread error number to a status (ENOMEM, EAGAIN and others). */
enum ct_status ct__status_from_errno(int err);

/*
 * libctrace's calls to the functions the LD_PRELOAD shim interposes go
 * through these, which raise ct__quiet (see emit.h) for the duration of the
 * call so that the shim does not record them a second time. A macro rather
 * than one function per call, so every call site keeps its own argument
 * types; the statement expression yields the call's result.
 */
#define CT_QUIET(call)                                                                             \
	({                                                                                         \
		ct__quiet++;                                                                       \
		__auto_type ct_quiet_ret_ = (call);                                                \
		ct__quiet--;                                                                       \
		ct_quiet_ret_;                                                                     \
	})

#endif /* CTRACE_INTERNAL_H */
