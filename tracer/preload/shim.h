/* SPDX-License-Identifier: MIT */
/*
 * shim.h - what the modules of libctrace-preload.so share: the real
 * functions behind the interposed ones, the decision whether a call is
 * recorded at all, the per-thread state, and the table of objects seen.
 *
 * Rules every interposer follows (see shim.c for why):
 *  - It decides first, with ct_shim_ignored(CT_CALLER()), whether the call is
 *    the program's own; if not, it calls the real function and nothing else.
 *  - It never allocates memory and never takes a lock of its own, so it is
 *    safe on paths a malloc implementation uses, and in a forked child.
 *  - It emits through CT_SHIM_EMIT only, which raises the re-entrancy guard so
 *    that whatever LTTng-UST calls while emitting is passed straight through.
 */
#ifndef CTRACE_SHIM_H
#define CTRACE_SHIM_H

#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctrace/ctrace.h"
#include "emit.h"
#include "proc.h"

/*
 * Marks an interposer: the library is built with hidden visibility, so only
 * the functions it replaces in the program are exported.
 */
#define CT_API_DEF __attribute__((visibility("default")))

/* Every function the shim interposes or needs unwrapped: name, glibc version (NULL: default). */
#define CT_SHIM_REAL_FUNCS(X)                                                                      \
	X(pthread_create, NULL)                                                                    \
	X(pthread_join, NULL)                                                                      \
	X(pthread_detach, NULL)                                                                    \
	X(pthread_setname_np, NULL)                                                                \
	X(prctl, NULL)                                                                             \
	X(pthread_mutex_init, NULL)                                                                \
	X(pthread_mutex_lock, NULL)                                                                \
	X(pthread_mutex_trylock, NULL)                                                             \
	X(pthread_mutex_timedlock, NULL)                                                           \
	X(pthread_mutex_unlock, NULL)                                                              \
	X(pthread_rwlock_init, NULL)                                                               \
	X(pthread_rwlock_rdlock, NULL)                                                             \
	X(pthread_rwlock_wrlock, NULL)                                                             \
	X(pthread_rwlock_tryrdlock, NULL)                                                          \
	X(pthread_rwlock_trywrlock, NULL)                                                          \
	X(pthread_rwlock_timedrdlock, NULL)                                                        \
	X(pthread_rwlock_timedwrlock, NULL)                                                        \
	X(pthread_rwlock_unlock, NULL)                                                             \
	X(pthread_spin_init, NULL)                                                                 \
	X(pthread_spin_lock, NULL)                                                                 \
	X(pthread_spin_trylock, NULL)                                                              \
	X(pthread_spin_unlock, NULL)                                                               \
	/* The condition variables exist in two versions; the program links the new one. */        \
	X(pthread_cond_init, "GLIBC_2.3.2")                                                        \
	X(pthread_cond_wait, "GLIBC_2.3.2")                                                        \
	X(pthread_cond_timedwait, "GLIBC_2.3.2")                                                   \
	X(pthread_cond_signal, "GLIBC_2.3.2")                                                      \
	X(pthread_cond_broadcast, "GLIBC_2.3.2")                                                   \
	X(sem_init, NULL)                                                                          \
	X(sem_wait, NULL)                                                                          \
	X(sem_trywait, NULL)                                                                       \
	X(sem_timedwait, NULL)                                                                     \
	X(sem_post, NULL)                                                                          \
	X(nanosleep, NULL)                                                                         \
	X(clock_nanosleep, NULL)                                                                   \
	X(usleep, NULL)                                                                            \
	X(sleep, NULL)                                                                             \
	X(fork, NULL)                                                                              \
	X(pipe, NULL)                                                                              \
	X(pipe2, NULL)                                                                             \
	X(socketpair, NULL)                                                                        \
	X(dup, NULL)                                                                               \
	X(dup2, NULL)                                                                              \
	X(dup3, NULL)                                                                              \
	X(close, NULL)                                                                             \
	X(close_range, NULL)                                                                       \
	X(write, NULL)                                                                             \
	X(writev, NULL)                                                                            \
	X(send, NULL)                                                                              \
	X(read, NULL)                                                                              \
	X(readv, NULL)                                                                             \
	X(recv, NULL)                                                                              \
	X(mq_open, NULL)                                                                           \
	X(__mq_open_2, NULL)                                                                       \
	X(mq_close, NULL)                                                                          \
	X(mq_send, NULL)                                                                           \
	X(mq_timedsend, NULL)                                                                      \
	X(mq_receive, NULL)                                                                        \
	X(mq_timedreceive, NULL)                                                                   \
	/* Sockets and waits on descriptors (fdio.c, sockets.c, poll.c). */                        \
	X(sendto, NULL)                                                                            \
	X(sendmsg, NULL)                                                                           \
	X(recvfrom, NULL)                                                                          \
	X(recvmsg, NULL)                                                                           \
	X(__read_chk, NULL)                                                                        \
	X(__recv_chk, NULL)                                                                        \
	X(__recvfrom_chk, NULL)                                                                    \
	X(sendfile, NULL)                                                                          \
	X(sendfile64, NULL)                                                                        \
	X(splice, NULL)                                                                            \
	X(socket, NULL)                                                                            \
	X(connect, NULL)                                                                           \
	X(accept, NULL)                                                                            \
	X(accept4, NULL)                                                                           \
	X(poll, NULL)                                                                              \
	X(ppoll, NULL)                                                                             \
	X(select, NULL)                                                                            \
	X(pselect, NULL)                                                                           \
	X(epoll_wait, NULL)                                                                        \
	X(epoll_pwait, NULL)                                                                       \
	/* Other waits (signals.c, futex.c, barrier.c, once.c). */                                 \
	X(sigwait, NULL)                                                                           \
	X(sigwaitinfo, NULL)                                                                       \
	X(sigtimedwait, NULL)                                                                      \
	X(sigsuspend, NULL)                                                                        \
	X(pause, NULL)                                                                             \
	X(kill, NULL)                                                                              \
	X(tgkill, NULL)                                                                            \
	X(pthread_kill, NULL)                                                                      \
	X(raise, NULL)                                                                             \
	X(syscall, NULL)                                                                           \
	X(pthread_barrier_wait, NULL)                                                              \
	X(pthread_once, NULL)                                                                      \
	/* Processes (procs.c). */                                                                 \
	X(execve, NULL)                                                                            \
	X(execv, NULL)                                                                             \
	X(execvp, NULL)                                                                            \
	X(execvpe, NULL)                                                                           \
	X(fexecve, NULL)                                                                           \
	X(execl, NULL)                                                                             \
	X(execlp, NULL)                                                                            \
	X(execle, NULL)                                                                            \
	X(posix_spawn, NULL)                                                                       \
	X(posix_spawnp, NULL)                                                                      \
	X(wait, NULL)                                                                              \
	X(waitpid, NULL)                                                                           \
	X(wait3, NULL)                                                                             \
	X(wait4, NULL)                                                                             \
	X(waitid, NULL)                                                                            \
	X(system, NULL)

enum ct_shim_real {
#define CT_SHIM_ENUM(name, version) CT_REAL_##name,
	CT_SHIM_REAL_FUNCS(CT_SHIM_ENUM)
#undef CT_SHIM_ENUM
		CT_REAL_COUNT
};

extern void *_Atomic ct_shim_real_table[CT_REAL_COUNT];

/*
 * The next definition of function INDEX after this library (dlsym
 * RTLD_NEXT), resolved once; see shim.c. Never NULL for a function libc has.
 */
void *ct_shim_resolve(enum ct_shim_real index);

static inline void *ct_shim_real(enum ct_shim_real index)
{
	void *fn = atomic_load_explicit(&ct_shim_real_table[index], memory_order_relaxed);

	return fn ? fn : ct_shim_resolve(index);
}

/* The real NAME, with NAME's own type: REAL(pthread_mutex_lock)(m). */
#define REAL(name) ((__typeof__(&name))ct_shim_real(CT_REAL_##name))

/* Per-thread state. Initial-exec TLS: reading it never allocates. */
struct ct_shim_thread;
struct ct_shim_tls {
	unsigned guard;              /* > 0 while the shim itself is running: re-entrancy guard */
	struct ct_shim_thread *self; /* the record of a thread the shim started, or NULL */
};
extern __thread struct ct_shim_tls ct_shim_tls __attribute__((tls_model("initial-exec")));

/* Set once the constructor has run: before that nothing is recorded. */
extern atomic_bool ct_shim_ready;

/* Code ranges of LTTng-UST's libraries; calls made from there are never recorded. */
struct ct_shim_range {
	uintptr_t lo, hi;
};
#define CT_SHIM_MAX_RANGES 16
extern struct ct_shim_range ct_shim_ranges[CT_SHIM_MAX_RANGES];
extern unsigned ct_shim_nranges;

/* Where the interposed function was called from; must be expanded in the interposer itself. */
#define CT_CALLER() ((uintptr_t)__builtin_return_address(0))

/*
 * Whether a call made from CALLER must be passed through unrecorded: before
 * the shim is ready, while the shim itself runs (guard), while libctrace runs
 * its own primitives (ct__quiet: libctrace records them itself), or when the
 * caller's code belongs to LTTng-UST (its listener threads and its internal
 * locks are not the program's). When the call is recorded, CALLER becomes
 * the site (ct__site) of the events the interposer emits.
 */
static inline bool ct_shim_ignored(uintptr_t caller)
{
	if (!atomic_load_explicit(&ct_shim_ready, memory_order_relaxed) || ct_shim_tls.guard ||
	    ct__quiet)
		return true;
	for (unsigned i = 0; i < ct_shim_nranges; i++)
		if (caller - ct_shim_ranges[i].lo < ct_shim_ranges[i].hi - ct_shim_ranges[i].lo)
			return true;
	/* The program's call: what the interposer emits next carries its site (emit.h). */
	ct__site = caller;
	return false;
}

/* Emits one event through libctrace with the re-entrancy guard raised. */
#define CT_SHIM_EMIT(event, ...) CT_SHIM_GUARDED(ct__emit_##event(__VA_ARGS__))

/* Calls into libctrace with the re-entrancy guard raised. */
#define CT_SHIM_GUARDED(call)                                                                      \
	do {                                                                                       \
		ct_shim_tls.guard++;                                                               \
		call;                                                                              \
		ct_shim_tls.guard--;                                                               \
	} while (0)

/*
 * Objects the shim has seen, keyed by address and kind, in a fixed table
 * (no allocation): the first sighting of a statically initialised mutex emits
 * its creation event. Lock-free; safe from any thread and from a forked child.
 */
enum ct_shim_kind {
	CT_KIND_MUTEX = 1,
	CT_KIND_COND = 2,
	CT_KIND_SEM = 3,
	CT_KIND_RWLOCK = 4,
	CT_KIND_SPIN = 5,
};
struct ct_shim_obj {
	_Atomic uintptr_t key;  /* (address << 3) | kind; 0 while free */
	_Atomic uintptr_t aux;  /* per kind: a condvar's latest mutex */
	_Atomic unsigned epoch; /* the process epoch in which it was last announced */
};

/*
 * The slot of the object at ADDR of KIND, inserting it if it is new;
 * *INSERTED tells which. NULL when the table is full (then the object is
 * recorded without a creation event).
 */
struct ct_shim_obj *ct_shim_obj_get(const void *addr, enum ct_shim_kind kind, bool *inserted);

/* After fork, in the child: every object is announced again on its next use. */
void ct_shim_obj_new_epoch(void);

/*
 * The message-queue ids cached per descriptor (mq.c) follow the descriptor
 * table: FD was closed or replaced, or NEWFD is a copy of OLDFD (fdio.c's
 * close and dup* call these).
 */
void ct_shim_mq_forget(int fd);
void ct_shim_mq_copy(int oldfd, int newfd);

/* Thread records (threads.c) and the fork hand-shake with the recorder (fork.c). */
void ct_shim_threads_init(void);
void ct_shim_fork_init(void);

/*
 * Names from the executable's symbol table (symbols.c): the variable that
 * holds the SIZE-byte object at ADDR ("lock", "forks[2]", "pool+8"), written
 * into BUF (LEN bytes) and returned, or "" when it is not one of the
 * executable's variables. No allocation, no lock.
 */
void ct_shim_symbols_init(void);
const char *ct_shim_symbol_name(const void *addr, size_t size, char *buf, size_t len);

/*
 * The executable's function that starts at or contains FN ("compress_thread"),
 * written into BUF (LEN bytes) and returned, or "" when there is none (a
 * shared library's, a stripped program's static function, a mangled name).
 * No allocation, no lock; scans the symbols once a call.
 */
const char *ct_shim_function_name(const void *fn, char *buf, size_t len);
#define CT_SHIM_NAME_MAX 64

/*
 * The kernel's id of the live thread T that the shim started or the
 * program's main thread (threads.c), for naming a signal's target; 0 when
 * not known.
 */
pid_t ct_shim_thread_tid(pthread_t t);

/*
 * Processes (procs.c). ct_shim_proc_fork emits the parent's proc_fork before
 * a fork or spawn and returns its number; ct_shim_proc_forked is the forked
 * child's start (after fork, once announced: async-signal-safe);
 * ct_shim_procs_init the start of a new program image (the constructor).
 */
uint64_t ct_shim_proc_fork(enum ct_proc_via via);
void ct_shim_proc_forked(uint64_t seq);
void ct_shim_procs_init(void);

/* Whether FD is the shim's own (the recorder's socket), which the program's close() keeps open. */
bool ct_shim_fd_reserved(int fd);

#endif /* CTRACE_SHIM_H */
