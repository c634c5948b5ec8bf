/* SPDX-License-Identifier: MIT */
/*
 * ctrace/enums.h - the enumerations that the API, the trace and the model
 * share, each written once as a list.
 *
 * enum ct_status is what every fallible libctrace call returns, and the same
 * numbers are the `status` field of trace events (channels, condition
 * variables, semaphores, message queues), whoever emits them: libctrace, the
 * LD_PRELOAD shim or a program built against an older header. The trace's
 * CTF enumeration, the model's status words and ct_status_str() are all
 * expanded from CT_STATUS_LIST, so a new status is one line here. Numbers are
 * part of the trace format: never renumber, only append.
 *
 * CT_STATUS_LIST's entries are X(NAME, word, number, phrase): NAME makes
 * CT_NAME, word is the label in the trace and in ctrace's outputs, phrase is
 * what ct_status_str() says. CT_ACCESS_KIND_LIST's are X(NAME, word, number).
 */
#ifndef CTRACE_ENUMS_H
#define CTRACE_ENUMS_H

/* clang-format off: one entry a line reads best as a table. */
/*
 * OK success; DISCONNECTED the other end of the channel was dropped; TIMEOUT
 * a timed wait expired; EMPTY a non-blocking receive found no message; FULL a
 * non-blocking send found the channel full; BUSY a non-blocking lock found
 * the mutex held; INVALID misuse (a bad argument, or a handle in the wrong
 * state); DEADLOCK the caller already holds this mutex; NOMEM out of memory;
 * ERROR a system call failed (errno tells why).
 */
#define CT_STATUS_LIST(X)                                                                          \
	X(OK, ok, 0, "ok")                                                                         \
	X(DISCONNECTED, disconnected, 1, "disconnected")                                           \
	X(TIMEOUT, timeout, 2, "timeout")                                                          \
	X(EMPTY, empty, 3, "empty")                                                                \
	X(FULL, full, 4, "full")                                                                   \
	X(BUSY, busy, 5, "busy")                                                                   \
	X(INVALID, invalid, 6, "invalid")                                                          \
	X(DEADLOCK, deadlock, 7, "deadlock")                                                       \
	X(NOMEM, nomem, 8, "out of memory")                                                        \
	X(ERROR, error, 9, "system error")

/* What an `access` event says the thread did to the object. */
#define CT_ACCESS_KIND_LIST(X)                                                                     \
	X(READ, read, 0)                                                                           \
	X(WRITE, write, 1)                                                                         \
	X(USE, use, 2)
/* clang-format on */

#define CT_ENUMS_ENUMERATOR_(NAME, word, number, phrase) CT_##NAME = number,
#define CT_ENUMS_ACCESS_(NAME, word, number)             CT_ACCESS_##NAME = number,

/* Result of every fallible call; CT_OK is 0. */
enum ct_status { CT_STATUS_LIST(CT_ENUMS_ENUMERATOR_) };

/* The kind of an access (ct_access). */
enum ct_access_kind { CT_ACCESS_KIND_LIST(CT_ENUMS_ACCESS_) };

#undef CT_ENUMS_ENUMERATOR_
#undef CT_ENUMS_ACCESS_

#endif /* CTRACE_ENUMS_H */
