/* SPDX-License-Identifier: MIT */
/* misc.c - sleeps, printed lines, marks, plain objects, moves and accesses. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* ct_sleep_ns's body, apart so that ct_sleep_ms keeps its own caller as the site. */
static void sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000u),
		.tv_nsec = (long)(ns % 1000000000u),
	};

	CT_EVENT(sleep_begin, ns);
	/* Sleep the whole duration even when a signal interrupts it. */
	while (CT_QUIET(nanosleep(&ts, &ts)) == -1 && errno == EINTR)
		;
	CT_EVENT(sleep_end, ns);
}

void ct_sleep_ns(uint64_t ns)
{
	CT_SITE();
	sleep_ns(ns);
}

void ct_sleep_ms(uint64_t ms)
{
	CT_SITE();
	sleep_ns(ms * 1000000u);
}

/*
 * Serialises ct_print's lines with their events. When the process exits,
 * process_exit takes it for good: threads that are still running while the
 * process tears down (a thread main did not join) can no longer print a line
 * that LTTng-UST, shutting down after us, would not record. So the printed
 * lines and the trace's print events always agree.
 */
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool exiting;
static pthread_once_t watch_once = PTHREAD_ONCE_INIT;

/* How long process_exit waits for a ct_print in progress to finish. */
#define EXIT_PRINT_WAIT_NS 200000000u

/* Marks the start of the process's exit, once, from whichever hook runs first. */
static void process_exit(void)
{
	struct timespec deadline;
	int closed;

	if (atomic_exchange(&exiting, true))
		return;
	/* pthread_mutex_timedlock measures on CLOCK_REALTIME. */
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += EXIT_PRINT_WAIT_NS;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	/* Never released: see print_lock. */
	closed = CT_QUIET(pthread_mutex_timedlock(&print_lock, &deadline)) == 0;
	ct__site = 0; /* no call of the program's */
	CT_EVENT(process_exit, closed);
}

/*
 * An exit handler registered after __libc_start_main registered the
 * loader's own (which runs every library destructor) runs before it, right
 * when main returns or exit is called: a destructor alone can run much
 * later, after other exit work, while unjoined threads keep running. Shared
 * library constructors run too early to register it, so the first spawn
 * does; programs that never spawn have no thread to cut off.
 */
static void watch_exit_once(void)
{
	atexit(process_exit);
}

void ct__watch_exit(void)
{
	pthread_once(&watch_once, watch_exit_once);
}

void ct__exit_unrecorded(void)
{
	atomic_store(&exiting, true);
}

/* The fallback for exits the handler did not see (it is idempotent). */
__attribute__((destructor)) static void process_exit_at_unload(void)
{
	process_exit();
}

int ct_print(const char *fmt, ...)
{
	CT_SITE();
	char small[256];
	char *text = small;
	va_list ap;
	int len;
	int ret;

	va_start(ap, fmt);
	len = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (len < 0)
		return -1;
	if ((size_t)len >= sizeof(small)) {
		text = malloc((size_t)len + 1);
		if (!text)
			return -1;
		va_start(ap, fmt);
		vsnprintf(text, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}

	/*
	 * The event is emitted under the print lock (and stdout's), so the order
	 * of print events is the order of the lines in the output.
	 */
	CT_QUIET(pthread_mutex_lock(&print_lock));
	flockfile(stdout);
	ret = fputs(text, stdout) == EOF || putc('\n', stdout) == EOF || fflush(stdout) == EOF
		      ? -1
		      : len + 1;
	CT_EVENT(print, text);
	funlockfile(stdout);
	CT_QUIET(pthread_mutex_unlock(&print_lock));
	if (text != small)
		free(text);
	return ret;
}

void ct_mark(const char *label)
{
	CT_SITE();
	CT_EVENT(mark, ct__str(label));
}

uint64_t ct_object_new(const char *name)
{
	CT_SITE();
	uint64_t id = ct_id_new();

	CT_EVENT(obj_new, id, ct__str(name));
	return id;
}

void ct_object_drop(uint64_t object)
{
	CT_SITE();
	CT_EVENT(obj_drop, object);
}

void ct_move(uint64_t object, const struct ct_thread *to)
{
	CT_SITE();
	CT_EVENT(move, object, ct_thread_id(to));
}

void ct_access(uint64_t object, enum ct_access_kind kind, int64_t value)
{
	CT_SITE();
	CT_EVENT(access, object, (int)kind, value);
}
