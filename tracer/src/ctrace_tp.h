/* SPDX-License-Identifier: MIT */
/*
 * ctrace_tp.h - the LTTng-UST provider "ctrace": the event schema that is the
 * contract between the tracer and the model (docs/events.md describes it).
 *
 * This is the only file in the project that spells LTTng-UST's tracepoint
 * macros. Exactly one translation unit (tp.c) defines
 * LTTNG_UST_TRACEPOINT_CREATE_PROBES and LTTNG_UST_TRACEPOINT_DEFINE before
 * including it.
 */
/* clang-format off: LTTng-UST's provider macros read best laid out by hand. */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER ctrace

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "ctrace_tp.h"

#if !defined(CTRACE_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define CTRACE_TP_H

#include <lttng/tracepoint.h>
#include <stdint.h>

/*
 * Numbers match enum ct_status for the values channels report; "error" (a
 * call failed otherwise: interrupted, bad descriptor) is CT_ERROR's number.
 */
LTTNG_UST_TRACEPOINT_ENUM(
	ctrace, status,
	LTTNG_UST_TP_ENUM_VALUES(lttng_ust_field_enum_value("ok", 0) lttng_ust_field_enum_value(
		"disconnected", 1) lttng_ust_field_enum_value("timeout", 2)
					 lttng_ust_field_enum_value("empty", 3)
						 lttng_ust_field_enum_value("full", 4)
							 lttng_ust_field_enum_value("error", 9)))

LTTNG_UST_TRACEPOINT_ENUM(ctrace, access_kind,
			  LTTNG_UST_TP_ENUM_VALUES(lttng_ust_field_enum_value("read", 0)
							   lttng_ust_field_enum_value("write", 1)
								   lttng_ust_field_enum_value("use",
											      2)))

/* ---- threads */

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, thread_named,
				 LTTNG_UST_TP_ARGS(uint64_t, thread, const char *, name),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, thread,
									     thread)
							     lttng_ust_field_string(name, name)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, thread_named, ctrace, thread_spawn,
				    LTTNG_UST_TP_ARGS(uint64_t, thread, const char *, name))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, thread_named, ctrace, thread_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, thread, const char *, name))
/* A thread got a (new) name after it began: the shim's pthread_setname_np. */
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, thread_named, ctrace, thread_name,
				    LTTNG_UST_TP_ARGS(uint64_t, thread, const char *, name))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, thread_ref, LTTNG_UST_TP_ARGS(uint64_t, thread),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, thread,
									     thread)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, thread_ref, ctrace, thread_end,
				    LTTNG_UST_TP_ARGS(uint64_t, thread))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, thread_ref, ctrace, join_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, thread))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, thread_ref, ctrace, join_end,
				    LTTNG_UST_TP_ARGS(uint64_t, thread))

/* ---- channels */

LTTNG_UST_TRACEPOINT_EVENT(ctrace, chan_new,
			   LTTNG_UST_TP_ARGS(uint64_t, chan, int64_t, capacity, const char *, name),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, chan, chan)
						       lttng_ust_field_integer(int64_t, capacity,
									       capacity)
							       lttng_ust_field_string(name, name)))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(
	ctrace, chan_msg, LTTNG_UST_TP_ARGS(uint64_t, chan, uint64_t, msg, int, status),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, chan, chan) lttng_ust_field_integer(
		uint64_t, msg, msg) lttng_ust_field_enum(ctrace, status, int, status, status)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, chan_msg, ctrace, chan_send_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, chan, uint64_t, msg, int, status))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, chan_msg, ctrace, chan_recv_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, chan, uint64_t, msg, int, status))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, chan_msg, ctrace, chan_recv_end,
				    LTTNG_UST_TP_ARGS(uint64_t, chan, uint64_t, msg, int, status))

/* The send that publishes the message carries its printable label, if any. */
LTTNG_UST_TRACEPOINT_EVENT(
	ctrace, chan_send_end,
	LTTNG_UST_TP_ARGS(uint64_t, chan, uint64_t, msg, int, status, const char *, label),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, chan, chan) lttng_ust_field_integer(
		uint64_t, msg, msg) lttng_ust_field_enum(ctrace, status, int, status, status)
				    lttng_ust_field_string(label, label)))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, chan_ref, LTTNG_UST_TP_ARGS(uint64_t, chan),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, chan, chan)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, chan_ref, ctrace, chan_sender_clone,
				    LTTNG_UST_TP_ARGS(uint64_t, chan))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, chan_ref, ctrace, chan_sender_drop,
				    LTTNG_UST_TP_ARGS(uint64_t, chan))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, chan_ref, ctrace, chan_receiver_drop,
				    LTTNG_UST_TP_ARGS(uint64_t, chan))

/* ---- mutexes */

LTTNG_UST_TRACEPOINT_EVENT(ctrace, mutex_new,
			   LTTNG_UST_TP_ARGS(uint64_t, mutex, const char *, name),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, mutex, mutex)
						       lttng_ust_field_string(name, name)))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, mutex_ref, LTTNG_UST_TP_ARGS(uint64_t, mutex),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, mutex,
									     mutex)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, mutex_ref, ctrace, mutex_lock_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, mutex))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, mutex_ref, ctrace, mutex_lock_end,
				    LTTNG_UST_TP_ARGS(uint64_t, mutex))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, mutex_ref, ctrace, mutex_unlock,
				    LTTNG_UST_TP_ARGS(uint64_t, mutex))

/* ---- condition variables */

LTTNG_UST_TRACEPOINT_EVENT(ctrace, cond_new, LTTNG_UST_TP_ARGS(uint64_t, cond, const char *, name),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, cond, cond)
						       lttng_ust_field_string(name, name)))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, cond_ref,
				 LTTNG_UST_TP_ARGS(uint64_t, cond, uint64_t, mutex),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, cond, cond)
							     lttng_ust_field_integer(uint64_t,
										     mutex, mutex)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, cond_ref, ctrace, cond_wait_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, cond, uint64_t, mutex))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, cond_ref, ctrace, cond_signal,
				    LTTNG_UST_TP_ARGS(uint64_t, cond, uint64_t, mutex))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, cond_ref, ctrace, cond_broadcast,
				    LTTNG_UST_TP_ARGS(uint64_t, cond, uint64_t, mutex))

LTTNG_UST_TRACEPOINT_EVENT(
	ctrace, cond_wait_end, LTTNG_UST_TP_ARGS(uint64_t, cond, uint64_t, mutex, int, status),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, cond, cond) lttng_ust_field_integer(
		uint64_t, mutex, mutex) lttng_ust_field_enum(ctrace, status, int, status, status)))

/* ---- semaphores (recorded by the LD_PRELOAD shim) */

LTTNG_UST_TRACEPOINT_EVENT(ctrace, sem_new,
			   LTTNG_UST_TP_ARGS(uint64_t, sem, int64_t, value, const char *, name),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, sem, sem)
						       lttng_ust_field_integer(int64_t, value,
									       value)
							       lttng_ust_field_string(name, name)))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, sem_ref, LTTNG_UST_TP_ARGS(uint64_t, sem),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, sem, sem)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, sem_ref, ctrace, sem_wait_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, sem))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, sem_ref, ctrace, sem_post,
				    LTTNG_UST_TP_ARGS(uint64_t, sem))

LTTNG_UST_TRACEPOINT_EVENT(ctrace, sem_wait_end, LTTNG_UST_TP_ARGS(uint64_t, sem, int, status),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, sem, sem)
						       lttng_ust_field_enum(ctrace, status, int,
									    status, status)))

/*
 * ---- byte streams: pipes and socketpairs (recorded by the LD_PRELOAD shim).
 * STREAM names one direction of one pipe or socketpair, the same in every
 * process that shares it; OFFSET is where the bytes start in that direction's
 * byte sequence; LEN is their count (fd_read_begin: the count asked for).
 */
LTTNG_UST_TRACEPOINT_EVENT_CLASS(
	ctrace, fd_range, LTTNG_UST_TP_ARGS(uint64_t, stream, uint64_t, offset, uint64_t, len),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, stream, stream)
				    lttng_ust_field_integer(uint64_t, offset, offset)
					    lttng_ust_field_integer(uint64_t, len, len)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, fd_range, ctrace, fd_write,
				    LTTNG_UST_TP_ARGS(uint64_t, stream, uint64_t, offset, uint64_t,
						      len))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, fd_range, ctrace, fd_read_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, stream, uint64_t, offset, uint64_t,
						      len))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, fd_range, ctrace, fd_read,
				    LTTNG_UST_TP_ARGS(uint64_t, stream, uint64_t, offset, uint64_t,
						      len))

/*
 * ---- POSIX message queues (recorded by the LD_PRELOAD shim). QUEUE names one
 * queue in every process that opens it (its inode, with its device); HASH is
 * a 64-bit hash of the message's bytes and LEN their count, so a receive is
 * matched to the send of the same bytes; PRIO is the message's priority.
 * mq_send is emitted before the message can be enqueued, mq_recv after it was
 * taken; mq_send_end only after a send that waited or failed (status ok: the
 * message was enqueued after all; otherwise it was not).
 */
LTTNG_UST_TRACEPOINT_EVENT(
	ctrace, mq_send,
	LTTNG_UST_TP_ARGS(uint64_t, queue, uint64_t, hash, uint64_t, len, unsigned int, prio),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, queue, queue)
				    lttng_ust_field_integer_hex(uint64_t, hash, hash)
					    lttng_ust_field_integer(uint64_t, len, len)
						    lttng_ust_field_integer(unsigned int, prio,
									    prio)))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, mq_ref, LTTNG_UST_TP_ARGS(uint64_t, queue),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, queue,
									     queue)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, mq_ref, ctrace, mq_send_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, queue))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, mq_ref, ctrace, mq_recv_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, queue))

LTTNG_UST_TRACEPOINT_EVENT(ctrace, mq_send_end, LTTNG_UST_TP_ARGS(uint64_t, queue, int, status),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, queue, queue)
						       lttng_ust_field_enum(ctrace, status, int,
									    status, status)))

LTTNG_UST_TRACEPOINT_EVENT(
	ctrace, mq_recv,
	LTTNG_UST_TP_ARGS(uint64_t, queue, uint64_t, hash, uint64_t, len, unsigned int, prio, int,
			  status),
	LTTNG_UST_TP_FIELDS(
		lttng_ust_field_integer(uint64_t, queue,
					queue) lttng_ust_field_integer_hex(uint64_t, hash, hash)
			lttng_ust_field_integer(uint64_t, len, len)
				lttng_ust_field_integer(unsigned int, prio, prio)
					lttng_ust_field_enum(ctrace, status, int, status, status)))

/* ---- reference counts */

LTTNG_UST_TRACEPOINT_EVENT(ctrace, arc_new,
			   LTTNG_UST_TP_ARGS(uint64_t, arc, uint64_t, count, const char *, name),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, arc, arc)
						       lttng_ust_field_integer(uint64_t, count,
									       count)
							       lttng_ust_field_string(name, name)))

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, arc_count,
				 LTTNG_UST_TP_ARGS(uint64_t, arc, uint64_t, count),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, arc, arc)
							     lttng_ust_field_integer(uint64_t,
										     count, count)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, arc_count, ctrace, arc_clone,
				    LTTNG_UST_TP_ARGS(uint64_t, arc, uint64_t, count))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, arc_count, ctrace, arc_drop,
				    LTTNG_UST_TP_ARGS(uint64_t, arc, uint64_t, count))

/* ---- sleeps */

LTTNG_UST_TRACEPOINT_EVENT_CLASS(ctrace, sleep, LTTNG_UST_TP_ARGS(uint64_t, ns),
				 LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, ns, ns)))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, sleep, ctrace, sleep_begin,
				    LTTNG_UST_TP_ARGS(uint64_t, ns))
LTTNG_UST_TRACEPOINT_EVENT_INSTANCE(ctrace, sleep, ctrace, sleep_end,
				    LTTNG_UST_TP_ARGS(uint64_t, ns))

/* ---- objects, ownership and accesses */

LTTNG_UST_TRACEPOINT_EVENT(ctrace, obj_new, LTTNG_UST_TP_ARGS(uint64_t, object, const char *, name),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, object, object)
						       lttng_ust_field_string(name, name)))

LTTNG_UST_TRACEPOINT_EVENT(ctrace, obj_drop, LTTNG_UST_TP_ARGS(uint64_t, object),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, object, object)))

LTTNG_UST_TRACEPOINT_EVENT(ctrace, move, LTTNG_UST_TP_ARGS(uint64_t, object, uint64_t, to_thread),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, object, object)
						       lttng_ust_field_integer(uint64_t, to_thread,
									       to_thread)))

LTTNG_UST_TRACEPOINT_EVENT(
	ctrace, access, LTTNG_UST_TP_ARGS(uint64_t, object, int, kind, int64_t, value),
	LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, object, object)
				    lttng_ust_field_enum(ctrace, access_kind, int, kind, kind)
					    lttng_ust_field_integer(int64_t, value, value)))

/* ---- output and annotations */

LTTNG_UST_TRACEPOINT_EVENT(ctrace, print, LTTNG_UST_TP_ARGS(const char *, text),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_string(text, text)))

LTTNG_UST_TRACEPOINT_EVENT(ctrace, mark, LTTNG_UST_TP_ARGS(const char *, label),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_string(label, label)))

/*
 * The process is exiting (main returned or exit was called): libctrace's
 * destructor emits it while LTTng-UST still records. Lanes without a
 * thread_end were cut off here.
 */
LTTNG_UST_TRACEPOINT_EVENT(ctrace, process_exit, LTTNG_UST_TP_ARGS(int, printing_closed),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(int, printing_closed,
								       printing_closed)))

#endif /* CTRACE_TP_H */

#include <lttng/tracepoint-event.h>
/* clang-format on */
