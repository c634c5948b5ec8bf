/* SPDX-License-Identifier: MIT */
/*
 * mutex.c - a mutex that owns the data it guards.
 *
 * The holder is tracked as the holder's ct__self_token (written only by the
 * holder, read by anyone, hence atomic), which lets misuse be reported as a
 * status: relocking is CT_DEADLOCK, unlocking a mutex one does not hold is
 * CT_INVALID. The unlock event is emitted before the lock is released, and
 * lock_end after it is taken, so hand-off arrows never point back in time.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "mutex.h"

enum ct_status ct_mutex_new(struct ct_mutex **out, void *data, const char *name)
{
	CT_SITE();
	struct ct_mutex *m;

	if (!out)
		return CT_INVALID;
	m = calloc(1, sizeof(*m));
	if (!m)
		return CT_NOMEM;
	if (CT_QUIET(pthread_mutex_init(&m->lock, NULL))) {
		free(m);
		return CT_NOMEM;
	}
	m->id = ct_id_new();
	m->data = data;
	atomic_init(&m->holder, 0);
	CT_EVENT(mutex_new, m->id, ct__str(name));
	*out = m;
	return CT_OK;
}

static enum ct_status lock(struct ct_mutex *m, void **data, bool block)
{
	uintptr_t self = ct__self_token();
	int err;

	if (!m)
		return CT_INVALID;
	if (ct__mutex_held_by(m, self))
		return block ? CT_DEADLOCK : CT_BUSY;
	CT_PERTURB();
	/* Try first: an uncontended lock is one event, not a begin/end pair. */
	err = CT_QUIET(pthread_mutex_trylock(&m->lock));
	if (err == EBUSY) {
		if (!block)
			return CT_BUSY;
		CT_EVENT(mutex_lock_begin, m->id);
		err = CT_QUIET(pthread_mutex_lock(&m->lock));
	}
	if (err)
		return ct__status_from_errno(err);
	ct__mutex_set_holder(m, self);
	CT_EVENT(mutex_lock_end, m->id);
	if (data)
		*data = m->data;
	return CT_OK;
}

enum ct_status ct_mutex_lock(struct ct_mutex *m, void **data)
{
	CT_SITE();
	return lock(m, data, true);
}

enum ct_status ct_mutex_try_lock(struct ct_mutex *m, void **data)
{
	CT_SITE();
	return lock(m, data, false);
}

enum ct_status ct_mutex_unlock(struct ct_mutex *m)
{
	CT_SITE();
	if (!m || !ct__mutex_held_by(m, ct__self_token()))
		return CT_INVALID;
	CT_EVENT(mutex_unlock, m->id);
	ct__mutex_set_holder(m, 0);
	CT_QUIET(pthread_mutex_unlock(&m->lock));
	CT_PERTURB();
	return CT_OK;
}

enum ct_status ct_mutex_destroy(struct ct_mutex *m, void **data)
{
	CT_SITE();
	if (!m)
		return CT_OK;
	if (CT_QUIET(pthread_mutex_trylock(&m->lock)))
		return CT_BUSY;
	CT_QUIET(pthread_mutex_unlock(&m->lock));
	pthread_mutex_destroy(&m->lock);
	if (data)
		*data = m->data;
	free(m);
	return CT_OK;
}

uint64_t ct_mutex_id(const struct ct_mutex *m)
{
	return m ? m->id : 0;
}
