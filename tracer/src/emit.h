/* SPDX-License-Identifier: MIT */
/*
 * emit.h - libctrace's private interface to its LD_PRELOAD shim
 * (tracer/preload): the shim emits every event through these functions, so
 * the "ctrace" provider exists once in a process, inside libctrace.
 *
 * Not a public API: the names carry the private ct__ prefix, the header is not
 * installed, and the shim and libctrace come from the same build. Every
 * function is thread-safe and costs one tracepoint (a predictable branch when
 * nobody records). They are as async-signal-safe as an LTTng-UST tracepoint.
 */
#ifndef CTRACE_EMIT_H
#define CTRACE_EMIT_H

#include <stdint.h>

#define CT_PRIVATE_API __attribute__((visibility("default")))

/*
 * Non-zero while libctrace itself calls a function the shim interposes
 * (pthread_mutex_lock on a channel's lock, nanosleep in ct_sleep_ns, ...).
 * The shim ignores such calls: libctrace already records the operation in
 * its own terms, and recording the pthread call underneath too would count
 * it twice. Thread-local, so no synchronisation; initial-exec TLS so that
 * reading it never allocates (both libraries are loaded at start-up).
 */
extern CT_PRIVATE_API __thread unsigned ct__quiet __attribute__((tls_model("initial-exec")));

/* Threads. thread_begin also makes ID the calling thread's ct_thread_self(). */
CT_PRIVATE_API void ct__emit_thread_spawn(uint64_t thread, const char *name);
CT_PRIVATE_API void ct__emit_thread_begin(uint64_t thread, const char *name);
CT_PRIVATE_API void ct__emit_thread_end(uint64_t thread);
CT_PRIVATE_API void ct__emit_thread_name(uint64_t thread, const char *name);
CT_PRIVATE_API void ct__emit_join_begin(uint64_t thread);
CT_PRIVATE_API void ct__emit_join_end(uint64_t thread);

/* Mutexes and condition variables (ids are the objects' addresses). */
CT_PRIVATE_API void ct__emit_mutex_new(uint64_t mutex, const char *name);
CT_PRIVATE_API void ct__emit_mutex_lock_begin(uint64_t mutex);
CT_PRIVATE_API void ct__emit_mutex_lock_end(uint64_t mutex);
CT_PRIVATE_API void ct__emit_mutex_unlock(uint64_t mutex);
CT_PRIVATE_API void ct__emit_cond_new(uint64_t cond, const char *name);
CT_PRIVATE_API void ct__emit_cond_wait_begin(uint64_t cond, uint64_t mutex);
CT_PRIVATE_API void ct__emit_cond_wait_end(uint64_t cond, uint64_t mutex, int status);
CT_PRIVATE_API void ct__emit_cond_signal(uint64_t cond, uint64_t mutex);
CT_PRIVATE_API void ct__emit_cond_broadcast(uint64_t cond, uint64_t mutex);

/* Semaphores (ids are addresses); status 0 ok, 2 timeout. */
CT_PRIVATE_API void ct__emit_sem_new(uint64_t sem, int64_t value, const char *name);
CT_PRIVATE_API void ct__emit_sem_wait_begin(uint64_t sem);
CT_PRIVATE_API void ct__emit_sem_wait_end(uint64_t sem, int status);
CT_PRIVATE_API void ct__emit_sem_post(uint64_t sem);

/*
 * Byte streams (pipes, socketpairs): STREAM is one direction's id, OFFSET
 * and LEN the byte range written or read (fd_read_begin: LEN asked for).
 */
CT_PRIVATE_API void ct__emit_fd_write(uint64_t stream, uint64_t offset, uint64_t len);
CT_PRIVATE_API void ct__emit_fd_read_begin(uint64_t stream, uint64_t offset, uint64_t len);
CT_PRIVATE_API void ct__emit_fd_read(uint64_t stream, uint64_t offset, uint64_t len);

/*
 * POSIX message queues: QUEUE is the queue's id (inode), HASH and LEN the
 * message's content hash and size, PRIO its priority; STATUS as in
 * enum ct_status (0 ok, 2 timeout, 3 empty, 4 full, 9 error).
 */
CT_PRIVATE_API void ct__emit_mq_send(uint64_t queue, uint64_t hash, uint64_t len, unsigned prio);
CT_PRIVATE_API void ct__emit_mq_send_begin(uint64_t queue);
CT_PRIVATE_API void ct__emit_mq_send_end(uint64_t queue, int status);
CT_PRIVATE_API void ct__emit_mq_recv_begin(uint64_t queue);
CT_PRIVATE_API void ct__emit_mq_recv(uint64_t queue, uint64_t hash, uint64_t len, unsigned prio,
				     int status);

/* Sleeps: NS is the requested duration. */
CT_PRIVATE_API void ct__emit_sleep_begin(uint64_t ns);
CT_PRIVATE_API void ct__emit_sleep_end(uint64_t ns);

#endif /* CTRACE_EMIT_H */
