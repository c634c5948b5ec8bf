/* SPDX-License-Identifier: MIT */
/*
 * once.c - pthread_once when it waits for another thread's init routine:
 * once_wait_begin / once_wait_end on the once control's address, and
 * once_done from the thread that ran the routine, when it returns (before
 * glibc marks the control done and wakes the waiters, so the model's arrow
 * from once_done to a waiter's end never points back in time).
 *
 * Whether a call will wait is read from the control word, as glibc lays it
 * out (an int: bit 1 "in progress", bit 2 "done"): a call that finds it in
 * progress records a wait; a call that finds it done is passed straight
 * through (the common case costs one load); a call that finds it fresh runs
 * the routine through a trampoline that emits once_done. A call that finds
 * it fresh but loses the race to another thread waits without a begin: its
 * once_wait_end alone says it did not wait, which is almost true.
 */
#include "shim.h"

#include <stdatomic.h>

/* glibc's once-control bits (nptl/pthread_once.c). */
#define ONCE_IN_PROGRESS 1
#define ONCE_DONE        2

/* The routine and control of this thread's pthread_once being run, for the trampoline. */
static __thread void (*once_routine)(void) __attribute__((tls_model("initial-exec")));
static __thread pthread_once_t *once_control __attribute__((tls_model("initial-exec")));
static __thread bool *once_ran __attribute__((tls_model("initial-exec")));

/* Runs the program's routine and says it returned. */
static void once_trampoline(void)
{
	void (*routine)(void) = once_routine;
	pthread_once_t *control = once_control;

	*once_ran = true;
	routine();
	CT_SHIM_EMIT(once_done, (uint64_t)(uintptr_t)control);
}

CT_API_DEF int pthread_once(pthread_once_t *control, void (*routine)(void))
{
	uint64_t id = (uint64_t)(uintptr_t)control;
	void (*saved_routine)(void);
	pthread_once_t *saved_control;
	bool *saved_ran, ran = false;
	int state, ret;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_once)(control, routine);
	state = atomic_load_explicit((_Atomic int *)control, memory_order_acquire);
	if (state & ONCE_DONE)
		return REAL(pthread_once)(control, routine);
	if (state & ONCE_IN_PROGRESS) {
		CT_SHIM_EMIT(once_wait_begin, id);
		ret = REAL(pthread_once)(control, routine);
		CT_SHIM_EMIT(once_wait_end, id);
		return ret;
	}
	/* A routine may call pthread_once itself: keep the outer call's pair. */
	saved_routine = once_routine;
	saved_control = once_control;
	saved_ran = once_ran;
	once_routine = routine;
	once_control = control;
	once_ran = &ran;
	ret = REAL(pthread_once)(control, once_trampoline);
	once_routine = saved_routine;
	once_control = saved_control;
	once_ran = saved_ran;
	/* The trampoline did not run: another thread ran the routine, and this call may have waited. */
	if (!ran)
		CT_SHIM_EMIT(once_wait_end, id);
	return ret;
}
