/* SPDX-License-Identifier: MIT */
/*
 * spin.c - pthread spin locks as mutex events (mutex_new, mutex_lock_begin /
 * end, mutex_unlock, id = the lock's address), like mutexes and rwlocks, so
 * the model draws the same blocked spans and hand-off arrows.
 *
 * A spin lock's uncontended lock and unlock are a few nanoseconds, so the
 * shim does only what the issue calls "cheap": one pthread_spin_trylock
 * first, and mutex_lock_begin only when it fails, so a lock taken at once is
 * one event. While it waits the thread burns CPU instead of sleeping; on the
 * timeline that is still time spent blocked on the lock.
 *
 * A pthread_spinlock_t has no static initialiser, so every lock the program
 * uses came through pthread_spin_init; a lock first seen in use (initialised
 * before the shim was ready, or in another process's shared memory) is
 * announced then.
 */
#include "shim.h"

#include <errno.h>

/* pthread_spinlock_t is a volatile int: its address, without the qualifier, is its key. */
static const void *spin_addr(const volatile pthread_spinlock_t *l)
{
	return (const void *)(uintptr_t)l;
}

static uint64_t spin_id(const volatile pthread_spinlock_t *l)
{
	return (uint64_t)(uintptr_t)l;
}

static uint64_t spin_seen(const volatile pthread_spinlock_t *l)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;

	ct_shim_obj_get(spin_addr(l), CT_KIND_SPIN, &inserted);
	if (inserted)
		CT_SHIM_EMIT(mutex_new, spin_id(l),
			     ct_shim_symbol_name(spin_addr(l), sizeof(*l), nb, sizeof(nb)));
	return spin_id(l);
}

CT_API_DEF int pthread_spin_init(pthread_spinlock_t *l, int pshared)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;
	int err = REAL(pthread_spin_init)(l, pshared);

	/* Re-initialised at an address seen before: a new lock all the same. */
	if (err == 0 && !ct_shim_ignored(CT_CALLER())) {
		ct_shim_obj_get(spin_addr(l), CT_KIND_SPIN, &inserted);
		CT_SHIM_EMIT(mutex_new, spin_id(l),
			     ct_shim_symbol_name(spin_addr(l), sizeof(*l), nb, sizeof(nb)));
	}
	return err;
}

CT_API_DEF int pthread_spin_lock(pthread_spinlock_t *l)
{
	uint64_t id;
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_spin_lock)(l);
	CT_PERTURB();
	id = spin_seen(l);
	err = REAL(pthread_spin_trylock)(l);
	if (err == EBUSY) {
		CT_SHIM_EMIT(mutex_lock_begin, id);
		err = REAL(pthread_spin_lock)(l);
	}
	if (err == 0)
		CT_SHIM_EMIT(mutex_lock_end, id);
	return err;
}

CT_API_DEF int pthread_spin_trylock(pthread_spinlock_t *l)
{
	uint64_t id;
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_spin_trylock)(l);
	CT_PERTURB();
	id = spin_seen(l);
	err = REAL(pthread_spin_trylock)(l);
	if (err == 0)
		CT_SHIM_EMIT(mutex_lock_end, id);
	return err;
}

/* Emitted before the release, so the hand-off arrow never points back in time. */
CT_API_DEF int pthread_spin_unlock(pthread_spinlock_t *l)
{
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_spin_unlock)(l);
	CT_SHIM_EMIT(mutex_unlock, spin_id(l));
	err = REAL(pthread_spin_unlock)(l);
	CT_PERTURB();
	return err;
}
