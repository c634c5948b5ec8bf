/* SPDX-License-Identifier: MIT */
/*
 * ctrace.h - concurrency primitives that record what they do as LTTng-UST
 * events, with the semantics of Rust's std::thread and std::sync.
 *
 * Every function here is thread-safe unless its comment says otherwise.
 * With no recording session attached, each call costs what the underlying
 * pthread operation costs plus one predictable branch per event.
 *
 * Conventions:
 *  - Functions that can fail return enum ct_status; CT_OK is 0.
 *  - Output parameters are written only on CT_OK.
 *  - Misuse (a NULL handle, a double join, unlocking a mutex the caller does
 *    not hold, receiving on a dropped receiver) returns CT_INVALID; it is never
 *    undefined behaviour while the object itself still exists.
 *  - libctrace never prints (except ct_print) and never exits the process.
 */
#ifndef CTRACE_CTRACE_H
#define CTRACE_CTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctrace/enums.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CT_API               __attribute__((visibility("default")))
#define CT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CT_API
#define CT_PRINTF(fmt, args)
#endif

/* enum ct_status and enum ct_access_kind: written once, in ctrace/enums.h. */

/* A static English word for STATUS ("ok", "disconnected", ...); never NULL. */
CT_API const char *ct_status_str(enum ct_status status);

/*
 * Ids. Every object (thread, channel, mutex, condvar, arc, plain object) has
 * an id unique within the process, never 0, taken from one atomic counter.
 */

/* A fresh process-unique id. Can't fail. */
CT_API uint64_t ct_id_new(void);

/* ---------------------------------------------------------------- threads */

typedef void *(*ct_thread_fn)(void *arg);

/*
 * A join handle, held by value. It is valid from a successful spawn until the
 * join; ct_thread_join clears it, and joining a cleared or already joined
 * handle (or a copy of one) returns CT_INVALID.
 */
struct ct_thread {
	struct ct_thread_rec *rec; /* borrowed: owned by libctrace */
	uint64_t id;
};

/*
 * Starts FN(ARG) on a new thread called NAME (copied; may be NULL).
 * Ownership of ARG moves to the new thread. Emits thread_spawn before the
 * child can run; the child emits thread_begin first and thread_end when FN
 * returns. On failure *HANDLE is untouched and FN never runs.
 */
CT_API enum ct_status ct_thread_spawn(struct ct_thread *handle, const char *name, ct_thread_fn fn,
				      void *arg);

/*
 * As ct_thread_spawn, and records that ownership of OBJECT (an id from
 * ct_object_new or any other ct_*_id) moves to the new thread; the move event
 * is emitted before the child can run.
 */
CT_API enum ct_status ct_thread_spawn_move(struct ct_thread *handle, const char *name,
					   ct_thread_fn fn, void *arg, uint64_t object);

/*
 * Waits for the thread to end and stores FN's return value in *RESULT (if
 * RESULT is not NULL). Emits join_begin only when it has to wait, and
 * join_end in every case. Clears *HANDLE. Returns CT_INVALID for a cleared,
 * already joined or foreign handle, and for a thread joining itself.
 */
CT_API enum ct_status ct_thread_join(struct ct_thread *handle, void **result);

/* The id of the thread behind HANDLE, or 0 for a cleared handle. */
CT_API uint64_t ct_thread_id(const struct ct_thread *handle);

/*
 * The id of the calling thread. Threads that ctrace did not spawn (main, for
 * one) get an id on their first call. Can't fail.
 */
CT_API uint64_t ct_thread_self(void);

/* --------------------------------------------------------------- channels */

/* Capacity of a channel that never blocks a sender (Rust's mpsc::channel). */
#define CT_UNBOUNDED (-1L)

struct ct_sender;
struct ct_receiver;

/*
 * Creates a channel. CAPACITY is CT_UNBOUNDED, a positive bound (a sender
 * blocks while that many messages wait), or 0 for a rendezvous channel (a
 * sender blocks until the receiver is there to take the message). NAME is
 * copied and may be NULL. The caller owns both handles and drops them with
 * ct_sender_drop / ct_receiver_drop; the channel is freed after the last one.
 * Messages are opaque pointers whose ownership moves to the receiver;
 * messages still queued when the receiver is dropped are passed to
 * ct_chan_set_msg_drop's function, if one was set, and otherwise left alone.
 */
CT_API enum ct_status ct_chan_new(struct ct_sender **tx, struct ct_receiver **rx, long capacity,
				  const char *name);

/* Sets the function that disposes of messages nobody will receive. */
CT_API enum ct_status ct_chan_set_msg_drop(struct ct_receiver *rx, void (*drop)(void *msg));

/* A new sender on the same channel, to be dropped on its own. */
CT_API enum ct_status ct_sender_clone(struct ct_sender *tx, struct ct_sender **out);

/*
 * Drops a sender. When the last sender is gone, the receiver sees
 * CT_DISCONNECTED once the queue is empty. Dropping twice returns CT_INVALID
 * while the channel exists.
 */
CT_API enum ct_status ct_sender_drop(struct ct_sender *tx);

/* Drops the receiver; blocked and later sends return CT_DISCONNECTED. */
CT_API enum ct_status ct_receiver_drop(struct ct_receiver *rx);

/*
 * Sends MSG. Blocks while a bounded channel is full, or until the receiver
 * waits for a rendezvous channel. Returns CT_DISCONNECTED (and the caller
 * keeps MSG) when the receiver was dropped.
 */
CT_API enum ct_status ct_chan_send(struct ct_sender *tx, void *msg);

/*
 * As ct_chan_send, and records LABEL (copied into the event, may be NULL) so
 * the viewer can write it on the message's arrow. Use it for printable
 * messages.
 */
CT_API enum ct_status ct_chan_send_labelled(struct ct_sender *tx, void *msg, const char *label);

/* Sends without blocking: CT_FULL when the send would have to wait. */
CT_API enum ct_status ct_chan_try_send(struct ct_sender *tx, void *msg);

/*
 * Receives the oldest message into *MSG, blocking until one arrives. Returns
 * CT_DISCONNECTED when the queue is empty and every sender was dropped, so
 * `while (ct_chan_recv(rx, &m) == CT_OK)` mirrors Rust's `for m in rx`.
 */
CT_API enum ct_status ct_chan_recv(struct ct_receiver *rx, void **msg);

/* As ct_chan_recv, giving up with CT_TIMEOUT after TIMEOUT_NS nanoseconds. */
CT_API enum ct_status ct_chan_recv_timeout(struct ct_receiver *rx, void **msg, uint64_t timeout_ns);

/* Receives without blocking: CT_EMPTY when no message is waiting. */
CT_API enum ct_status ct_chan_try_recv(struct ct_receiver *rx, void **msg);

/* The channel's id, from either end. */
CT_API uint64_t ct_sender_chan_id(const struct ct_sender *tx);
CT_API uint64_t ct_receiver_chan_id(const struct ct_receiver *rx);

/* ----------------------------------------------------------------- mutexes */

struct ct_mutex;

/*
 * Creates a mutex that guards DATA (borrowed; may be NULL) and is the only
 * way to reach it: lock hands DATA out, unlock takes access back.
 */
CT_API enum ct_status ct_mutex_new(struct ct_mutex **out, void *data, const char *name);

/*
 * Locks the mutex and stores the guarded data in *DATA (if DATA is not
 * NULL). Emits mutex_lock_begin only when the mutex is held by another
 * thread, and mutex_lock_end once it is ours. CT_DEADLOCK if the caller holds
 * it already.
 */
CT_API enum ct_status ct_mutex_lock(struct ct_mutex *m, void **data);

/* Locks without blocking: CT_BUSY when another thread holds the mutex. */
CT_API enum ct_status ct_mutex_try_lock(struct ct_mutex *m, void **data);

/* Unlocks. CT_INVALID if the caller does not hold the mutex. */
CT_API enum ct_status ct_mutex_unlock(struct ct_mutex *m);

/*
 * Frees the mutex and gives the guarded data back in *DATA (if not NULL).
 * CT_BUSY if it is locked. NULL is accepted and does nothing.
 */
CT_API enum ct_status ct_mutex_destroy(struct ct_mutex *m, void **data);

CT_API uint64_t ct_mutex_id(const struct ct_mutex *m);

/* ------------------------------------------------------ condition variables */

struct ct_cond;

CT_API enum ct_status ct_cond_new(struct ct_cond **out, const char *name);

/*
 * Atomically unlocks M (which the caller must hold) and waits for a signal;
 * M is locked again when it returns. Spurious wake-ups happen: wait in a
 * loop on the condition, as with pthreads.
 */
CT_API enum ct_status ct_cond_wait(struct ct_cond *c, struct ct_mutex *m);

/* As ct_cond_wait; CT_TIMEOUT after TIMEOUT_NS (M is locked again). */
CT_API enum ct_status ct_cond_wait_timeout(struct ct_cond *c, struct ct_mutex *m,
					   uint64_t timeout_ns);

CT_API enum ct_status ct_cond_signal(struct ct_cond *c);
CT_API enum ct_status ct_cond_broadcast(struct ct_cond *c);

/* Frees C; nobody may be waiting on it. NULL is accepted. */
CT_API enum ct_status ct_cond_destroy(struct ct_cond *c);

CT_API uint64_t ct_cond_id(const struct ct_cond *c);

/* --------------------------------------------------- reference counts (Arc) */

struct ct_arc;

/*
 * Creates a reference-counted box around DATA with a count of 1. When the
 * count falls to 0, DESTROY(DATA) runs (if DESTROY is not NULL) on the thread
 * that dropped the last reference.
 */
CT_API enum ct_status ct_arc_new(struct ct_arc **out, void *data, void (*destroy)(void *data),
				 const char *name);

/* Adds a reference and returns A (like Arc::clone). Can't fail. */
CT_API struct ct_arc *ct_arc_clone(struct ct_arc *a);

/* Drops one reference; the last one destroys the data and frees A. */
CT_API enum ct_status ct_arc_drop(struct ct_arc *a);

/* The boxed data (borrowed). */
CT_API void *ct_arc_get(const struct ct_arc *a);

/* The current number of references (Arc::strong_count). */
CT_API size_t ct_arc_count(const struct ct_arc *a);

CT_API uint64_t ct_arc_id(const struct ct_arc *a);

/* ----------------------------------------------------------- the rest */

/* Sleeps NS nanoseconds (a sleeping span on the timeline). */
CT_API void ct_sleep_ns(uint64_t ns);
CT_API void ct_sleep_ms(uint64_t ms);

/*
 * Prints one line (FMT plus a newline) to standard output, flushed, and
 * records it. Lines of concurrent callers never mix. Returns the number of
 * characters printed, the newline included, or -1 on an output error.
 */
CT_API int ct_print(const char *fmt, ...) CT_PRINTF(1, 2);

/* Records a user annotation at this point on the calling thread's lane. */
CT_API void ct_mark(const char *label);

/*
 * Plain objects whose life the analyses follow (a vector, a counter).
 * ct_object_new returns a fresh id and records its NAME; ct_object_drop
 * records that its owner dropped it, so a later access is a use after drop.
 */
CT_API uint64_t ct_object_new(const char *name);
CT_API void ct_object_drop(uint64_t object);

/* Records that ownership of OBJECT moves to the thread TO. */
CT_API void ct_move(uint64_t object, const struct ct_thread *to);

/*
 * Records that the calling thread read, wrote or used OBJECT, seeing or
 * storing VALUE. A read followed by a write of the same object on one
 * thread is a read-modify-write window for the lost-update analysis.
 */
CT_API void ct_access(uint64_t object, enum ct_access_kind kind, int64_t value);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_CTRACE_H */
