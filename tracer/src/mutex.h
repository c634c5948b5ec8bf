/* SPDX-License-Identifier: MIT */
/* mutex.h - struct ct_mutex, shared with the condition variables. */
#ifndef CTRACE_MUTEX_H
#define CTRACE_MUTEX_H

#include <stdatomic.h>
#include <stdbool.h>

#include "internal.h"

struct ct_mutex {
	pthread_mutex_t lock;
	uint64_t id;
	void *data;              /* borrowed: the guarded data */
	atomic_uintptr_t holder; /* ct__self_token of the holder, 0 when free */
};

static inline bool ct__mutex_held_by(struct ct_mutex *m, uintptr_t self)
{
	return atomic_load_explicit(&m->holder, memory_order_relaxed) == self;
}

static inline void ct__mutex_set_holder(struct ct_mutex *m, uintptr_t self)
{
	atomic_store_explicit(&m->holder, self, memory_order_relaxed);
}

#endif /* CTRACE_MUTEX_H */
