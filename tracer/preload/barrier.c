/* SPDX-License-Identifier: MIT */
/*
 * barrier.c - pthread_barrier_wait as barrier_wait_begin / barrier_wait_end
 * on the barrier's address. A barrier cannot be tried without arriving, so
 * every wait is a begin and an end, the last arriver's a short one; the
 * model finds the last arriver of each round (the latest begin before the
 * round's first end) and draws its arrows to the others' ends.
 */
#include "shim.h"

CT_API_DEF int pthread_barrier_wait(pthread_barrier_t *barrier)
{
	uint64_t id = (uint64_t)(uintptr_t)barrier;
	int ret;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_barrier_wait)(barrier);
	CT_SHIM_EMIT(barrier_wait_begin, id);
	ret = REAL(pthread_barrier_wait)(barrier);
	CT_SHIM_EMIT(barrier_wait_end, id, ret == PTHREAD_BARRIER_SERIAL_THREAD);
	return ret;
}
