/* SPDX-License-Identifier: MIT */
/*
 * threads.c - pthread_create, pthread_join, pthread_detach, thread exit and
 * pthread_setname_np (and prctl's PR_SET_NAME) as thread_spawn / thread_begin / thread_end /
 * join_begin / join_end / thread_name events.
 *
 * Every thread the program starts runs through trampoline(), which emits
 * thread_begin first and thread_end last. thread_end comes from a cleanup
 * handler pushed before the program's function runs, so it is emitted on a
 * return, on pthread_exit and on cancellation alike, and after the program's
 * own cleanup handlers (which may unlock mutexes): pthread_exit itself needs
 * no wrapper.
 *
 * Thread records live in a fixed pool (no allocation in pthread_create, so
 * the shim is harmless to allocators that start threads). A record is taken
 * by the parent before the thread exists and given back by whoever comes
 * last: the joiner after pthread_join, or, for a detached thread, either the
 * thread as it ends or pthread_detach, decided by one atomic fetch-or on
 * rec->state. Joins find a record by its pthread_t with a scan of the used
 * part of the pool.
 */
#include "shim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <string.h>
#include <unistd.h>

#define CT_THREAD_SLOTS 8192

enum {
	ST_USED = 1u,     /* taken from the pool */
	ST_ENDED = 2u,    /* thread_end was emitted; the thread is about to exit */
	ST_DETACHED = 4u, /* nobody will join: the record goes back when the thread ends */
};

struct ct_shim_thread {
	_Atomic unsigned state;
	_Atomic uintptr_t handle; /* the pthread_t, 0 until known */
	_Atomic pid_t tid;        /* the kernel's thread id, 0 until the thread runs */
	uint64_t id;
	void *(*fn)(void *);
	void *arg;
	uint64_t perturb_key;        /* its position for schedule perturbation (emit.h) */
	char name[CT_SHIM_NAME_MAX]; /* the start routine's name, "" when unknown */
};

static struct ct_shim_thread pool[CT_THREAD_SLOTS];
static _Atomic size_t pool_used; /* slots [0, pool_used) have ever been taken */

/* The thread that ran the constructor: the main thread, whose tid is the pid. */
static pthread_t main_thread;

void ct_shim_threads_init(void)
{
	main_thread = pthread_self();
}

static struct ct_shim_thread *rec_take(void)
{
	size_t used = atomic_load_explicit(&pool_used, memory_order_relaxed);

	/* Prefer slots already in use before, so joins scan a short prefix. */
	for (size_t i = 0; i < CT_THREAD_SLOTS; i++) {
		unsigned expected = 0;

		if (atomic_compare_exchange_strong_explicit(&pool[i].state, &expected, ST_USED,
							    memory_order_acquire,
							    memory_order_relaxed)) {
			while (i >= used && !atomic_compare_exchange_weak_explicit(
						    &pool_used, &used, i + 1, memory_order_relaxed,
						    memory_order_relaxed))
				;
			atomic_store_explicit(&pool[i].handle, 0, memory_order_relaxed);
			atomic_store_explicit(&pool[i].tid, 0, memory_order_relaxed);
			return &pool[i];
		}
	}
	return NULL;
}

static void rec_give_back(struct ct_shim_thread *rec)
{
	atomic_store_explicit(&rec->handle, 0, memory_order_relaxed);
	atomic_store_explicit(&rec->state, 0, memory_order_release);
}

/* The record of the live thread T, or NULL when the shim did not start it. */
static struct ct_shim_thread *rec_find(pthread_t t)
{
	size_t used = atomic_load_explicit(&pool_used, memory_order_acquire);

	for (size_t i = 0; i < used; i++)
		if (atomic_load_explicit(&pool[i].handle, memory_order_acquire) == (uintptr_t)t &&
		    atomic_load_explicit(&pool[i].state, memory_order_acquire) & ST_USED)
			return &pool[i];
	return NULL;
}

/* Sets FLAG on REC; gives the record back if that completes ended + detached. */
static void rec_mark(struct ct_shim_thread *rec, unsigned flag)
{
	unsigned other = flag == ST_ENDED ? ST_DETACHED : ST_ENDED;
	unsigned prev = atomic_fetch_or_explicit(&rec->state, flag, memory_order_acq_rel);

	if (prev & other)
		rec_give_back(rec);
}

static void thread_finish(void *p)
{
	struct ct_shim_thread *rec = p;

	ct__site = 0; /* no call of the program's */
	CT_SHIM_EMIT(thread_end, rec->id);
	ct_shim_tls.self = NULL;
	rec_mark(rec, ST_ENDED); /* REC may belong to another thread from here on */
}

static void *trampoline(void *p)
{
	struct ct_shim_thread *rec = p;
	void *(*fn)(void *) = rec->fn;
	void *arg = rec->arg;
	void *ret;

	/* Both the parent and the thread store the handle: a join may come from either side first. */
	atomic_store_explicit(&rec->handle, (uintptr_t)pthread_self(), memory_order_release);
	atomic_store_explicit(&rec->tid, gettid(), memory_order_relaxed);
	ct_shim_tls.self = rec;
	CT_SHIM_GUARDED(ct__thread_adopt(rec->id));
	CT_SHIM_EMIT(thread_begin, rec->id, rec->name);
	if (ct__perturb_on) {
		ct__perturb_thread_begin(rec->perturb_key);
		ct__perturb();
	}
	pthread_cleanup_push(thread_finish, rec);
	ret = fn(arg);
	pthread_cleanup_pop(1);
	return ret;
}

/*
 * The name of start routine FN into BUF: the executable's function name
 * (symbols.c), remembered per creating thread, because a program usually
 * starts many threads on the same routine and the lookup scans the symbols.
 */
static void routine_name(void *(*fn)(void *), char *buf, size_t len)
{
	static __thread struct {
		void *(*fn)(void *);
		char name[CT_SHIM_NAME_MAX];
	} last __attribute__((tls_model("initial-exec")));

	if (fn != last.fn) {
		last.fn = fn;
		if (!ct_shim_function_name((const void *)(uintptr_t)fn, last.name,
					   sizeof(last.name))[0])
			last.name[0] = '\0';
	}
	snprintf(buf, len, "%s", last.name);
}

CT_API_DEF int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*fn)(void *),
			      void *arg)
{
	struct ct_shim_thread *rec;
	int detach = PTHREAD_CREATE_JOINABLE;
	int err;

	if (ct_shim_ignored(CT_CALLER()) || !(rec = rec_take()))
		return REAL(pthread_create)(thread, attr, fn, arg);
	rec->id = ct_id_new();
	rec->fn = fn;
	rec->arg = arg;
	if (attr && pthread_attr_getdetachstate(attr, &detach) == 0 &&
	    detach == PTHREAD_CREATE_DETACHED)
		atomic_fetch_or_explicit(&rec->state, ST_DETACHED, memory_order_relaxed);
	/* Before the thread exists, so it precedes thread_begin. */
	CT_SHIM_GUARDED(ct__watch_exit());
	routine_name(fn, rec->name, sizeof(rec->name));
	CT_SHIM_EMIT(thread_spawn, rec->id, rec->name);
	if (detach == PTHREAD_CREATE_DETACHED)
		CT_SHIM_EMIT(thread_detach, rec->id);
	rec->perturb_key = ct__perturb_on ? ct__perturb_child_key() : 0;
	err = REAL(pthread_create)(thread, attr, trampoline, rec);
	if (err) {
		rec_give_back(rec);
		return err;
	}
	if (detach != PTHREAD_CREATE_DETACHED)
		atomic_store_explicit(&rec->handle, (uintptr_t)*thread, memory_order_release);
	CT_PERTURB(); /* the parent, now that the child may run */
	return 0;
}

CT_API_DEF int pthread_join(pthread_t thread, void **result)
{
	struct ct_shim_thread *rec;
	uint64_t id;
	int err;

	if (ct_shim_ignored(CT_CALLER()) || !(rec = rec_find(thread)))
		return REAL(pthread_join)(thread, result);
	id = rec->id;
	/* A thread that already ended is joined without waiting: one event. */
	if (!(atomic_load_explicit(&rec->state, memory_order_acquire) & ST_ENDED))
		CT_SHIM_EMIT(join_begin, id);
	err = REAL(pthread_join)(thread, result);
	if (err == 0) {
		CT_SHIM_EMIT(join_end, id);
		rec_give_back(rec);
	}
	return err;
}

CT_API_DEF int pthread_detach(pthread_t thread)
{
	struct ct_shim_thread *rec;
	uint64_t id;
	int err;

	/* Found before the real call: once detached and ended, the pthread_t may be reused. */
	rec = ct_shim_ignored(CT_CALLER()) ? NULL : rec_find(thread);
	/* Read before the mark: a detached thread that has ended gives its record back. */
	id = rec ? rec->id : 0;
	err = REAL(pthread_detach)(thread);
	if (err == 0 && rec) {
		CT_SHIM_EMIT(thread_detach, id);
		rec_mark(rec, ST_DETACHED);
	}
	return err;
}

pid_t ct_shim_thread_tid(pthread_t t)
{
	struct ct_shim_thread *rec;

	if (pthread_equal(t, pthread_self()))
		return gettid();
	if (pthread_equal(t, main_thread))
		return getpid();
	rec = rec_find(t);
	return rec ? atomic_load_explicit(&rec->tid, memory_order_relaxed) : 0;
}

CT_API_DEF int pthread_setname_np(pthread_t thread, const char *name)
{
	struct ct_shim_thread *rec;
	int err = REAL(pthread_setname_np)(thread, name);

	if (err || ct_shim_ignored(CT_CALLER()))
		return err;
	/*
	 * The renamed thread's id, or 0 when a thread the shim did not start (the
	 * main thread) renames itself: the event's own lane is the one renamed.
	 */
	if (pthread_equal(thread, pthread_self()))
		rec = ct_shim_tls.self;
	else if (!(rec = rec_find(thread)))
		return err;
	CT_SHIM_EMIT(thread_name, rec ? rec->id : 0, name);
	return err;
}

/*
 * prctl(PR_SET_NAME), how a thread names itself without pthreads (Rust's
 * standard library before 1.65, many C programs): a thread_name for the
 * calling thread, like pthread_setname_np on itself. Every other option
 * passes straight through; prctl takes at most four more arguments.
 */
CT_API_DEF int prctl(int option, ...)
{
	unsigned long arg[4];
	va_list ap;
	int ret;

	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		arg[i] = va_arg(ap, unsigned long);
	va_end(ap);
	ret = REAL(prctl)(option, arg[0], arg[1], arg[2], arg[3]);
	if (ret == 0 && option == PR_SET_NAME && arg[0] && !ct_shim_ignored(CT_CALLER())) {
		char name[16]; /* the kernel keeps 15 bytes and a terminator */

		size_t len = strnlen((const char *)arg[0], sizeof(name) - 1);

		memcpy(name, (const char *)arg[0], len);
		name[len] = '\0';
		CT_SHIM_EMIT(thread_name, ct_shim_tls.self ? ct_shim_tls.self->id : 0, name);
	}
	return ret;
}
