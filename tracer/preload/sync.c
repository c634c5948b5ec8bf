/* SPDX-License-Identifier: MIT */
/*
 * sync.c - pthread mutexes and condition variables as mutex_* and cond_*
 * events, and read-write locks as rwlock_* events with their mode. An
 * object's id is its address; its creation event comes from
 * pthread_*_init, or from its first use when it was initialised statically
 * (PTHREAD_MUTEX_INITIALIZER).
 *
 * A lock tries first and emits mutex_lock_begin only when the mutex is busy,
 * so an uncontended lock is one event. mutex_unlock is emitted before the
 * real unlock and mutex_lock_end after the real lock, so a hand-off arrow
 * never points back in time; likewise cond_signal precedes the wake-up it
 * causes, and cond_wait_begin is emitted with the mutex still held.
 */
#include "shim.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

static uint64_t obj_id(const void *addr)
{
	return (uint64_t)(uintptr_t)addr;
}

/* The name of the program's variable holding the SIZE-byte object at ADDR, or "" (symbols.c). */
static const char *name_of(const void *addr, size_t size, char nb[CT_SHIM_NAME_MAX])
{
	return ct_shim_symbol_name(addr, size, nb, CT_SHIM_NAME_MAX);
}

/* The mutex's id, emitting its creation event the first time it is seen. */
static uint64_t mutex_seen(const pthread_mutex_t *m)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;

	ct_shim_obj_get(m, CT_KIND_MUTEX, &inserted);
	if (inserted)
		CT_SHIM_EMIT(mutex_new, obj_id(m), name_of(m, sizeof(*m), nb));
	return obj_id(m);
}

/* The condvar's slot (NULL if the table is full), emitting its creation event on first sight. */
static struct ct_shim_obj *cond_seen(const pthread_cond_t *c)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;
	struct ct_shim_obj *slot = ct_shim_obj_get(c, CT_KIND_COND, &inserted);

	if (inserted)
		CT_SHIM_EMIT(cond_new, obj_id(c), name_of(c, sizeof(*c), nb));
	return slot;
}

CT_API_DEF int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;
	int err = REAL(pthread_mutex_init)(m, attr);

	/* A (re-)initialised mutex is a new object, even at an address seen before. */
	if (err == 0 && !ct_shim_ignored(CT_CALLER())) {
		ct_shim_obj_get(m, CT_KIND_MUTEX, &inserted);
		CT_SHIM_EMIT(mutex_new, obj_id(m), name_of(m, sizeof(*m), nb));
	}
	return err;
}

/* EOWNERDEAD: a robust mutex whose owner died is ours all the same. */
static bool acquired(int err)
{
	return err == 0 || err == EOWNERDEAD;
}

CT_API_DEF int pthread_mutex_lock(pthread_mutex_t *m)
{
	uint64_t id;
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_mutex_lock)(m);
	CT_PERTURB();
	id = mutex_seen(m);
	err = REAL(pthread_mutex_trylock)(m);
	if (err == EBUSY) {
		CT_SHIM_EMIT(mutex_lock_begin, id);
		err = REAL(pthread_mutex_lock)(m);
	}
	if (acquired(err))
		CT_SHIM_EMIT(mutex_lock_end, id);
	return err;
}

CT_API_DEF int pthread_mutex_trylock(pthread_mutex_t *m)
{
	uint64_t id;
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_mutex_trylock)(m);
	CT_PERTURB();
	id = mutex_seen(m);
	err = REAL(pthread_mutex_trylock)(m);
	if (acquired(err))
		CT_SHIM_EMIT(mutex_lock_end, id);
	return err;
}

/*
 * A wait that times out leaves its mutex_lock_begin without a
 * mutex_lock_end: the blocked span ends at the thread's next event
 * (docs/events.md).
 */
CT_API_DEF int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	uint64_t id;
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_mutex_timedlock)(m, abstime);
	CT_PERTURB();
	id = mutex_seen(m);
	err = REAL(pthread_mutex_trylock)(m);
	if (err == EBUSY) {
		CT_SHIM_EMIT(mutex_lock_begin, id);
		err = REAL(pthread_mutex_timedlock)(m, abstime);
	}
	if (acquired(err))
		CT_SHIM_EMIT(mutex_lock_end, id);
	return err;
}

CT_API_DEF int pthread_mutex_unlock(pthread_mutex_t *m)
{
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_mutex_unlock)(m);
	CT_SHIM_EMIT(mutex_unlock, obj_id(m));
	err = REAL(pthread_mutex_unlock)(m);
	CT_PERTURB();
	return err;
}

CT_API_DEF int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;
	struct ct_shim_obj *slot;
	int err = REAL(pthread_cond_init)(c, attr);

	if (err == 0 && !ct_shim_ignored(CT_CALLER())) {
		slot = ct_shim_obj_get(c, CT_KIND_COND, &inserted);
		if (slot)
			atomic_store_explicit(&slot->aux, 0, memory_order_relaxed);
		CT_SHIM_EMIT(cond_new, obj_id(c), name_of(c, sizeof(*c), nb));
	}
	return err;
}

/*
 * Records the wait (until ABSTIME when TIMED). The condvar remembers its
 * latest mutex for the signal events, as libctrace's condvars do.
 */
static int cond_wait(pthread_cond_t *c, pthread_mutex_t *m, bool timed,
		     const struct timespec *abstime)
{
	struct ct_shim_obj *slot = cond_seen(c);
	int err;

	mutex_seen(m);
	if (slot)
		atomic_store_explicit(&slot->aux, (uintptr_t)m, memory_order_relaxed);
	CT_SHIM_EMIT(cond_wait_begin, obj_id(c), obj_id(m));
	if (timed)
		err = REAL(pthread_cond_timedwait)(c, m, abstime);
	else
		err = REAL(pthread_cond_wait)(c, m);
	/* The mutex is held again on every return. */
	CT_SHIM_EMIT(cond_wait_end, obj_id(c), obj_id(m), err == ETIMEDOUT ? CT_TIMEOUT : CT_OK);
	return err;
}

CT_API_DEF int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_cond_wait)(c, m);
	return cond_wait(c, m, false, NULL);
}

CT_API_DEF int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
				      const struct timespec *abstime)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_cond_timedwait)(c, m, abstime);
	return cond_wait(c, m, true, abstime);
}

/* The mutex of C's latest wait, for signal events; 0 if nobody waited yet. */
static uint64_t cond_mutex(pthread_cond_t *c)
{
	struct ct_shim_obj *slot = cond_seen(c);

	return slot ? (uint64_t)atomic_load_explicit(&slot->aux, memory_order_relaxed) : 0;
}

CT_API_DEF int pthread_cond_signal(pthread_cond_t *c)
{
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_cond_signal)(c);
	CT_SHIM_EMIT(cond_signal, obj_id(c), cond_mutex(c));
	err = REAL(pthread_cond_signal)(c);
	CT_PERTURB();
	return err;
}

CT_API_DEF int pthread_cond_broadcast(pthread_cond_t *c)
{
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_cond_broadcast)(c);
	CT_SHIM_EMIT(cond_broadcast, obj_id(c), cond_mutex(c));
	err = REAL(pthread_cond_broadcast)(c);
	CT_PERTURB();
	return err;
}

/*
 * Read-write locks have events of their own that carry the mode: read
 * (shared) or write (exclusive), as access kinds. A lock tries first, like a
 * mutex, so a lock taken without waiting is one event (rwlock_lock_end).
 * The model draws a hand-off from the latest release to a lock that had to
 * wait, to every reader that one release let in.
 */
static uint64_t rwlock_seen(const pthread_rwlock_t *l)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;

	ct_shim_obj_get(l, CT_KIND_RWLOCK, &inserted);
	if (inserted)
		CT_SHIM_EMIT(rwlock_new, obj_id(l), name_of(l, sizeof(*l), nb));
	return obj_id(l);
}

static int mode_of(bool write)
{
	return write ? CT_ACCESS_WRITE : CT_ACCESS_READ;
}

/*
 * The rwlocks this thread holds for writing, so that an unlock knows its
 * mode without a system call: gettid() costs a system call per unlock, and
 * glibc's rwlock names its writer only by tid. A thread rarely holds more
 * than a few at once; beyond RW_WRITES_MAX the unlock compares glibc's
 * writer (__cur_writer, a field of its public layout) with gettid().
 * Thread-local, so a forked child's one thread keeps what it holds.
 */
#define RW_WRITES_MAX 8
static __thread const pthread_rwlock_t *rw_writes[RW_WRITES_MAX]
	__attribute__((tls_model("initial-exec")));
static __thread unsigned rw_nwrites __attribute__((tls_model("initial-exec")));
static __thread unsigned rw_overflow __attribute__((tls_model("initial-exec")));

/* This thread now holds L for writing. */
static void write_held(const pthread_rwlock_t *l)
{
	if (rw_nwrites < RW_WRITES_MAX)
		rw_writes[rw_nwrites++] = l;
	else
		rw_overflow++;
}

/* Whether this thread's unlock of L ends a write hold (and forgets it). */
static bool write_released(const pthread_rwlock_t *l)
{
	for (unsigned k = 0; k < rw_nwrites; k++) {
		if (rw_writes[k] == l) {
			rw_writes[k] = rw_writes[--rw_nwrites];
			return true;
		}
	}
	if (rw_overflow && l->__data.__cur_writer == gettid()) {
		rw_overflow--;
		return true;
	}
	return false;
}

CT_API_DEF int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *attr)
{
	char nb[CT_SHIM_NAME_MAX];
	bool inserted;
	int err = REAL(pthread_rwlock_init)(l, attr);

	if (err == 0 && !ct_shim_ignored(CT_CALLER())) {
		ct_shim_obj_get(l, CT_KIND_RWLOCK, &inserted);
		CT_SHIM_EMIT(rwlock_new, obj_id(l), name_of(l, sizeof(*l), nb));
	}
	return err;
}

/* Records one lock: WRITE selects the writer's side, TIMED the timed call until ABSTIME. */
static int rwlock_lock(pthread_rwlock_t *l, bool write, bool timed, const struct timespec *abstime)
{
	uint64_t id;
	int err;

	CT_PERTURB();
	id = rwlock_seen(l);
	err = write ? REAL(pthread_rwlock_trywrlock)(l) : REAL(pthread_rwlock_tryrdlock)(l);

	if (err == EBUSY) {
		CT_SHIM_EMIT(rwlock_lock_begin, id, mode_of(write));
		if (timed)
			err = write ? REAL(pthread_rwlock_timedwrlock)(l, abstime)
				    : REAL(pthread_rwlock_timedrdlock)(l, abstime);
		else
			err = write ? REAL(pthread_rwlock_wrlock)(l)
				    : REAL(pthread_rwlock_rdlock)(l);
	}
	if (err == 0) {
		if (write)
			write_held(l);
		CT_SHIM_EMIT(rwlock_lock_end, id, mode_of(write));
	}
	return err;
}

CT_API_DEF int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_rwlock_rdlock)(l);
	return rwlock_lock(l, false, false, NULL);
}

CT_API_DEF int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_rwlock_wrlock)(l);
	return rwlock_lock(l, true, false, NULL);
}

CT_API_DEF int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_rwlock_timedrdlock)(l, abstime);
	return rwlock_lock(l, false, true, abstime);
}

CT_API_DEF int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abstime)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_rwlock_timedwrlock)(l, abstime);
	return rwlock_lock(l, true, true, abstime);
}

/* A try-lock: WRITE selects the writer's side; one event when it succeeds. */
static int rwlock_try(pthread_rwlock_t *l, bool write)
{
	uint64_t id;
	int err;

	CT_PERTURB();
	id = rwlock_seen(l);
	err = write ? REAL(pthread_rwlock_trywrlock)(l) : REAL(pthread_rwlock_tryrdlock)(l);

	if (err == 0) {
		if (write)
			write_held(l);
		CT_SHIM_EMIT(rwlock_lock_end, id, mode_of(write));
	}
	return err;
}

CT_API_DEF int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_rwlock_tryrdlock)(l);
	return rwlock_try(l, false);
}

CT_API_DEF int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_rwlock_trywrlock)(l);
	return rwlock_try(l, true);
}

/* The unlock's mode: write when this thread took L for writing, else read. */
CT_API_DEF int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	int err;

	if (ct_shim_ignored(CT_CALLER()))
		return REAL(pthread_rwlock_unlock)(l);
	CT_SHIM_EMIT(rwlock_unlock, obj_id(l), mode_of(write_released(l)));
	err = REAL(pthread_rwlock_unlock)(l);
	CT_PERTURB();
	return err;
}
