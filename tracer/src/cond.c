/* SPDX-License-Identifier: MIT */
/*
 * cond.c - condition variables over ct_mutex.
 *
 * cond_wait_begin is emitted while the mutex is still held (waiting releases
 * it, which the model treats like an unlock), and cond_wait_end once it is
 * held again. Signals are emitted before the wake-up they cause.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "mutex.h"

struct ct_cond {
	pthread_cond_t cond;
	uint64_t id;
	atomic_uint_fast64_t last_mutex; /* the mutex of the latest wait, for signal events */
};

enum ct_status ct_cond_new(struct ct_cond **out, const char *name)
{
	CT_SITE();
	struct ct_cond *c;

	if (!out)
		return CT_INVALID;
	c = calloc(1, sizeof(*c));
	if (!c)
		return CT_NOMEM;
	if (ct__cond_init_monotonic(&c->cond)) {
		free(c);
		return CT_NOMEM;
	}
	c->id = ct_id_new();
	atomic_init(&c->last_mutex, 0);
	CT_EVENT(cond_new, c->id, ct__str(name));
	*out = c;
	return CT_OK;
}

static enum ct_status wait(struct ct_cond *c, struct ct_mutex *m, const struct timespec *deadline)
{
	uintptr_t self = ct__self_token();
	enum ct_status st;
	int err;

	if (!c || !m || !ct__mutex_held_by(m, self))
		return CT_INVALID;
	atomic_store_explicit(&c->last_mutex, m->id, memory_order_relaxed);
	CT_EVENT(cond_wait_begin, c->id, m->id);
	ct__mutex_set_holder(m, 0);
	if (deadline) {
		do
			err = CT_QUIET(pthread_cond_timedwait(&c->cond, &m->lock, deadline));
		while (err == EINTR);
	} else {
		err = CT_QUIET(pthread_cond_wait(&c->cond, &m->lock));
	}
	ct__mutex_set_holder(m, self);
	st = ct__status_from_errno(err);
	CT_EVENT(cond_wait_end, c->id, m->id, (int)st);
	return st;
}

enum ct_status ct_cond_wait(struct ct_cond *c, struct ct_mutex *m)
{
	CT_SITE();
	return wait(c, m, NULL);
}

enum ct_status ct_cond_wait_timeout(struct ct_cond *c, struct ct_mutex *m, uint64_t timeout_ns)
{
	CT_SITE();
	struct timespec deadline = ct__deadline(timeout_ns);

	return wait(c, m, &deadline);
}

enum ct_status ct_cond_signal(struct ct_cond *c)
{
	CT_SITE();
	enum ct_status st;

	if (!c)
		return CT_INVALID;
	CT_EVENT(cond_signal, c->id, atomic_load_explicit(&c->last_mutex, memory_order_relaxed));
	st = ct__status_from_errno(CT_QUIET(pthread_cond_signal(&c->cond)));
	CT_PERTURB();
	return st;
}

enum ct_status ct_cond_broadcast(struct ct_cond *c)
{
	CT_SITE();
	enum ct_status st;

	if (!c)
		return CT_INVALID;
	CT_EVENT(cond_broadcast, c->id, atomic_load_explicit(&c->last_mutex, memory_order_relaxed));
	st = ct__status_from_errno(CT_QUIET(pthread_cond_broadcast(&c->cond)));
	CT_PERTURB();
	return st;
}

enum ct_status ct_cond_destroy(struct ct_cond *c)
{
	CT_SITE();
	if (!c)
		return CT_OK;
	if (pthread_cond_destroy(&c->cond) == EBUSY)
		return CT_BUSY;
	free(c);
	return CT_OK;
}

uint64_t ct_cond_id(const struct ct_cond *c)
{
	return c ? c->id : 0;
}
