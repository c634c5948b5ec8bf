/* SPDX-License-Identifier: MIT */
/*
 * thread.c - spawn and join with Rust's JoinHandle semantics.
 *
 * Thread records are recycled through a free list and never returned to
 * malloc, so a stale or duplicated handle still points at valid memory and a
 * double join is detected (the record's id no longer matches the handle's)
 * instead of being undefined behaviour. pool_lock guards the free list and the
 * id/joining fields of every record.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct ct_thread_rec {
	struct ct_thread_rec *next_free; /* guarded by pool_lock */
	uint64_t id;                     /* guarded by pool_lock; 0 while free */
	bool joining;                    /* guarded by pool_lock */
	pthread_t pthread;
	ct_thread_fn fn;
	void *arg;    /* owned by the child once it runs */
	void *result; /* written by the child, read after pthread_join */
	atomic_bool ended;
	uint64_t perturb_key; /* the child's position for schedule perturbation (perturb.c) */
	char name[32];
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ct_thread_rec *free_recs;

/* The calling thread's id: set by the trampoline, or lazily by ct_thread_self. */
static _Thread_local uint64_t self_id;

uint64_t ct_thread_self(void)
{
	if (self_id == 0)
		self_id = ct_id_new();
	return self_id;
}

void ct__thread_adopt(uint64_t id)
{
	self_id = id;
}

static struct ct_thread_rec *rec_get(void)
{
	struct ct_thread_rec *rec;

	CT_QUIET(pthread_mutex_lock(&pool_lock));
	rec = free_recs;
	if (rec)
		free_recs = rec->next_free;
	CT_QUIET(pthread_mutex_unlock(&pool_lock));
	if (!rec) {
		rec = calloc(1, sizeof(*rec));
		if (!rec)
			return NULL;
	}
	rec->next_free = NULL;
	rec->joining = false;
	rec->result = NULL;
	atomic_store_explicit(&rec->ended, false, memory_order_relaxed);
	return rec;
}

static void rec_put(struct ct_thread_rec *rec)
{
	CT_QUIET(pthread_mutex_lock(&pool_lock));
	rec->id = 0;
	rec->joining = false;
	rec->next_free = free_recs;
	free_recs = rec;
	CT_QUIET(pthread_mutex_unlock(&pool_lock));
}

static void *trampoline(void *p)
{
	struct ct_thread_rec *rec = p;
	uint64_t id;

	/* rec->id was published before pthread_create, which orders it for us. */
	CT_QUIET(pthread_mutex_lock(&pool_lock));
	id = rec->id;
	CT_QUIET(pthread_mutex_unlock(&pool_lock));
	self_id = id;
	if (rec->name[0]) {
		char comm[16] = { 0 };

		/* The kernel keeps 15 characters; procname shows this name. */
		memcpy(comm, rec->name, sizeof(comm) - 1);
		CT_QUIET(pthread_setname_np(pthread_self(), comm));
	}
	CT_EVENT(thread_begin, id, rec->name);
	if (ct__perturb_on) {
		ct__perturb_thread_begin(rec->perturb_key);
		ct__perturb();
	}
	rec->result = rec->fn(rec->arg);
	ct__site = 0; /* the thread returned: no call of the program's */
	CT_EVENT(thread_end, id);
	atomic_store_explicit(&rec->ended, true, memory_order_release);
	return NULL;
}

static enum ct_status spawn(struct ct_thread *handle, const char *name, ct_thread_fn fn, void *arg,
			    uint64_t moved)
{
	struct ct_thread_rec *rec;
	uint64_t id;
	int err;

	if (!handle || !fn)
		return CT_INVALID;
	rec = rec_get();
	if (!rec)
		return CT_NOMEM;
	id = ct_id_new();
	rec->fn = fn;
	rec->arg = arg;
	snprintf(rec->name, sizeof(rec->name), "%s", ct__str(name));
	CT_QUIET(pthread_mutex_lock(&pool_lock));
	rec->id = id;
	CT_QUIET(pthread_mutex_unlock(&pool_lock));

	ct__watch_exit();
	/* Both events precede pthread_create, so they precede the child's first. */
	CT_EVENT(thread_spawn, id, rec->name);
	if (moved)
		CT_EVENT(move, moved, id);
	rec->perturb_key = ct__perturb_on ? ct__perturb_child_key() : 0;
	err = CT_QUIET(pthread_create(&rec->pthread, NULL, trampoline, rec));
	if (err) {
		rec_put(rec);
		return ct__status_from_errno(err == EAGAIN ? ENOMEM : err);
	}
	handle->rec = rec;
	handle->id = id;
	CT_PERTURB(); /* the parent, now that the child may run */
	return CT_OK;
}

enum ct_status ct_thread_spawn(struct ct_thread *handle, const char *name, ct_thread_fn fn,
			       void *arg)
{
	CT_SITE();
	return spawn(handle, name, fn, arg, 0);
}

enum ct_status ct_thread_spawn_move(struct ct_thread *handle, const char *name, ct_thread_fn fn,
				    void *arg, uint64_t object)
{
	CT_SITE();
	return spawn(handle, name, fn, arg, object);
}

enum ct_status ct_thread_join(struct ct_thread *handle, void **result)
{
	CT_SITE();
	struct ct_thread_rec *rec;
	uint64_t id;
	bool valid;

	if (!handle || !handle->rec || handle->id == 0)
		return CT_INVALID;
	rec = handle->rec;
	id = handle->id;
	if (id == self_id)
		return CT_INVALID;
	CT_QUIET(pthread_mutex_lock(&pool_lock));
	valid = rec->id == id && !rec->joining;
	if (valid)
		rec->joining = true;
	CT_QUIET(pthread_mutex_unlock(&pool_lock));
	if (!valid)
		return CT_INVALID;

	/* A thread that already ended is joined without waiting: one event. */
	if (!atomic_load_explicit(&rec->ended, memory_order_acquire))
		CT_EVENT(join_begin, id);
	CT_QUIET(pthread_join(rec->pthread, NULL));
	CT_EVENT(join_end, id);
	if (result)
		*result = rec->result;
	rec_put(rec);
	handle->rec = NULL;
	handle->id = 0;
	return CT_OK;
}

uint64_t ct_thread_id(const struct ct_thread *handle)
{
	return handle ? handle->id : 0;
}
