/* SPDX-License-Identifier: MIT */
/*
 * sem.c - POSIX semaphores as sem_new / sem_wait_begin / sem_wait_end /
 * sem_post events: a post → wait arrow is a hand-off like an unlock → lock.
 *
 * A wait tries first (sem_trywait) and emits sem_wait_begin only when the
 * count is zero, so a wait that finds a token is one event. sem_post is
 * emitted before the real post, so it precedes the sem_wait_end it causes.
 * A semaphore made by sem_open, or used before the shim saw its sem_init,
 * is announced on first use with its current value.
 */
#include "shim.h"

#include <errno.h>
#include <semaphore.h>

static uint64_t sem_id(const sem_t *s)
{
	return (uint64_t)(uintptr_t)s;
}

static void sem_seen(sem_t *s)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;
	int value = 0;

	ct_shim_obj_get(s, CT_KIND_SEM, &inserted);
	if (inserted) {
		sem_getvalue(s, &value);
		CT_SHIM_EMIT(sem_new, sem_id(s), value,
			     ct_shim_symbol_name(s, sizeof(*s), nb, sizeof(nb)));
	}
}

CT_API_DEF int sem_init(sem_t *s, int pshared, unsigned value)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;
	int ret = REAL(sem_init)(s, pshared, value);

	if (ret == 0 && !ct_shim_ignored(CT_CALLER())) {
		ct_shim_obj_get(s, CT_KIND_SEM, &inserted);
		CT_SHIM_EMIT(sem_new, sem_id(s), (int64_t)value,
			     ct_shim_symbol_name(s, sizeof(*s), nb, sizeof(nb)));
	}
	return ret;
}

/* Records one wait; TIMED selects sem_timedwait until ABSTIME. */
static int sem_wait_recorded(sem_t *s, bool timed, const struct timespec *abstime)
{
	int ret, err;

	CT_PERTURB();
	sem_seen(s);
	ret = REAL(sem_trywait)(s);
	if (ret != 0 && errno == EAGAIN) {
		CT_SHIM_EMIT(sem_wait_begin, sem_id(s));
		ret = timed ? REAL(sem_timedwait)(s, abstime) : REAL(sem_wait)(s);
	}
	err = errno;
	/* An interrupted or invalid wait took nothing: no sem_wait_end. */
	if (ret == 0 || err == ETIMEDOUT)
		CT_SHIM_EMIT(sem_wait_end, sem_id(s), ret == 0 ? CT_OK : CT_TIMEOUT);
	errno = err;
	return ret;
}

CT_API_DEF int sem_wait(sem_t *s)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sem_wait)(s);
	return sem_wait_recorded(s, false, NULL);
}

CT_API_DEF int sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sem_timedwait)(s, abstime);
	return sem_wait_recorded(s, true, abstime);
}

CT_API_DEF int sem_trywait(sem_t *s)
{
	int ret;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sem_trywait)(s);
	sem_seen(s);
	ret = REAL(sem_trywait)(s);
	if (ret == 0)
		CT_SHIM_EMIT(sem_wait_end, sem_id(s), 0);
	return ret;
}

CT_API_DEF int sem_post(sem_t *s)
{
	int ret;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(sem_post)(s);
	sem_seen(s);
	CT_SHIM_EMIT(sem_post, sem_id(s));
	ret = REAL(sem_post)(s);
	CT_PERTURB(); /* keeps errno */
	return ret;
}
