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

#include <stdbool.h>
#include <stdint.h>

#include "schema.h"

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

/*
 * The address of the program's call that the events being emitted record:
 * the `caller` field every ctrace event carries (ctrace_tp.h). Whoever
 * records a call sets it first: the shim when it decides that a call is the
 * program's (ct_shim_ignored), libctrace's public functions on entry
 * (CT_SITE). A thread-local set once per call rather than a parameter of
 * every emit function: a store to initial-exec TLS, and no signature or
 * call site of the 80 emit paths changes. Events that record no call of
 * the program (thread_end, process_exit) set it to 0 first.
 */
extern CT_PRIVATE_API __thread uintptr_t ct__site __attribute__((tls_model("initial-exec")));

/* The return address of the function it is expanded in, as a call site. */
#define CT_RETURN_SITE() ((uintptr_t)__builtin_extract_return_addr(__builtin_return_address(0)))

/*
 * One function per event of the schema table (tracer/schema/events.def):
 * ct__emit_NAME takes the event's fields in the table's order and emits it;
 * a NULL string is recorded as "". Ids are the objects' addresses, statuses
 * are enum ct_status numbers.
 */
#define CT_SCHEMA_EVENT(name, NAME, ...)                                                           \
	CT_PRIVATE_API void ct__emit_##name(CT_SCHEMA_LIST(CT_SCHEMA_PARAM, __VA_ARGS__));
#include "events.def"
#undef CT_SCHEMA_EVENT

/*
 * What libctrace does besides emitting when a thread it did not start is
 * spawned or begins: ct__watch_exit arranges for process_exit to be recorded
 * (cheap after the first call; can't fail), ct__thread_adopt makes ID the
 * calling thread's ct_thread_self().
 */
CT_PRIVATE_API void ct__watch_exit(void);
CT_PRIVATE_API void ct__thread_adopt(uint64_t id);

/*
 * Makes the process's coming exit record no process_exit event (misc.c):
 * for the exit main_exit.c performs on a thread of its own, which is not the
 * program's and has no lane, and for the recorder's warm-up process, which
 * records nothing (the shim). Can't fail.
 */
CT_PRIVATE_API void ct__exit_unrecorded(void);

/*
 * Schedule perturbation (perturb.c): with CTRACE_PERTURB=SEED[:MAX_US] in
 * the environment, ct__perturb pauses the calling thread for a seeded,
 * reproducible, bounded while (often not at all). CT_PERTURB() is what a
 * synchronisation point calls: one predictable branch while it is off.
 * ct__perturb_on is written once, by libctrace's constructor.
 */
#define CT_PERTURB_ENV "CTRACE_PERTURB"
/* The longest pause by default, and the largest MAX_US accepted, in microseconds. */
#define CT_PERTURB_MAX_US_DEFAULT 1000
#define CT_PERTURB_MAX_US_LIMIT   100000
extern CT_PRIVATE_API bool ct__perturb_on;
CT_PRIVATE_API void ct__perturb(void);
#define CT_PERTURB()                                                                               \
	do {                                                                                       \
		if (__builtin_expect(ct__perturb_on, 0))                                           \
			ct__perturb();                                                             \
	} while (0)
/*
 * A thread start: the parent takes the new thread's position with
 * ct__perturb_child_key before creating it (only while perturbing), the new
 * thread starts its decisions from it with ct__perturb_thread_begin.
 */
CT_PRIVATE_API uint64_t ct__perturb_child_key(void);
CT_PRIVATE_API void ct__perturb_thread_begin(uint64_t key);
/*
 * A new program image (the shim's constructor): POSITION says how it was
 * started (0 for the recorded program itself), and its main thread's
 * decisions start from it.
 */
CT_PRIVATE_API void ct__perturb_image(uint64_t position);
/* Emits the process's mark "perturb seed=S max_us=M" (nothing when off). */
CT_PRIVATE_API void ct__perturb_mark(void);
/* The calling thread's decisions so far: their number (*COUNT) and a hash of them, for tests. */
CT_PRIVATE_API uint64_t ct__perturb_digest(uint64_t *count);

#endif /* CTRACE_EMIT_H */
