/* SPDX-License-Identifier: MIT */
/*
 * main_exit.c - a main thread that calls pthread_exit: the process ends once
 * the program's last thread has ended, as it does without tracing.
 *
 * Why this is needed: a process ends when its last thread ends, and
 * LTTng-UST starts two listener threads in every process it is loaded into
 * (libctrace's, and the shim's, which links libctrace) that run until the
 * process exits. A program whose main calls pthread_exit therefore never
 * ended once traced: its own threads finished, LTTng-UST's waited for ever.
 * glibc ends the process with exit(0) when the last thread ends; this file
 * does the same when only LTTng-UST's threads are left.
 *
 * How: a thread-specific value set on the main thread (and, after fork, on
 * the child's only thread) has a destructor, which runs only when that
 * thread calls pthread_exit (a return from main calls exit instead). The
 * destructor starts one watcher thread that looks at /proc/self/task every
 * CT_MAIN_EXIT_POLL_MS and calls exit(0) once every thread left, other than
 * itself and the finished main thread, is LTTng-UST's (LTTng-UST names its
 * threads after the process with "-ust" appended). That exit records no
 * process_exit event, which would put the watcher on a lane of its own: the
 * program's threads recorded their ends. Programs whose main returns or
 * calls exit pay for nothing but the key.
 */
#define _GNU_SOURCE /* gettid */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define CT_MAIN_EXIT_POLL_MS   10
#define CT_LTTNG_THREAD_SUFFIX "-ust" /* LTTng-UST's LTTNG_UST_PROCNAME_SUFFIX */

/*
 * Created once by the constructor; never deleted (a key cannot be deleted
 * safely while threads may hold values). Written before any thread of the
 * program exists, read-only afterwards.
 */
static pthread_key_t main_key;
static bool main_key_made;

/*
 * Whether thread TID of this process is one of LTTng-UST's, by its name.
 * A thread that is gone already counts as one (it holds nothing up).
 */
static bool is_lttng_thread(const char *tid)
{
	char path[320], name[32];
	size_t len = strlen(CT_LTTNG_THREAD_SUFFIX);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%s/comm", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;
	n = read(fd, name, sizeof(name) - 1);
	close(fd);
	if (n <= 0)
		return true;
	name[n] = '\0';
	name[strcspn(name, "\n")] = '\0';
	n = (ssize_t)strlen(name);
	return (size_t)n >= len && strcmp(name + n - (ssize_t)len, CT_LTTNG_THREAD_SUFFIX) == 0;
}

/* Whether every thread but the caller and the (finished) main thread is LTTng-UST's. */
static bool only_lttng_threads_left(void)
{
	char self[24], leader[24];
	struct dirent *e;
	bool only = true;
	DIR *d = opendir("/proc/self/task");

	if (!d)
		return false; /* cannot tell: wait, as an untraced process would */
	snprintf(self, sizeof(self), "%ld", (long)gettid());
	snprintf(leader, sizeof(leader), "%ld", (long)getpid());
	while (only && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, self) == 0 ||
		    strcmp(e->d_name, leader) == 0)
			continue;
		only = is_lttng_thread(e->d_name);
	}
	closedir(d);
	return only;
}

static void *watch_last_thread(void *arg)
{
	struct timespec tick = { 0, CT_MAIN_EXIT_POLL_MS * 1000000L };

	(void)arg;
	CT_QUIET(pthread_setname_np(pthread_self(), "ctrace-exit"));
	while (!only_lttng_threads_left())
		CT_QUIET(nanosleep(&tick, NULL));
	/*
	 * What glibc does when the last thread ends. The exit is the program's,
	 * but it runs on this thread, which has no lane in the trace: it records
	 * no process_exit (the threads' own ends were recorded).
	 */
	ct__exit_unrecorded();
	exit(0);
}

/* The destructor of the main thread's value: main called pthread_exit. */
static void main_ended(void *value)
{
	pthread_attr_t attr;
	pthread_t watcher;
	sigset_t all, old;

	(void)value;
	if (pthread_attr_init(&attr) != 0)
		return;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* The watcher takes none of the program's signals: they go to its own threads. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	CT_QUIET(pthread_create(&watcher, &attr, watch_last_thread, NULL));
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
}

static void mark_main_thread(void)
{
	if (main_key_made)
		pthread_setspecific(main_key, &main_key);
}

/* In a forked child the thread that forked is the only one: it is the child's main thread. */
static void child_after_fork(void)
{
	mark_main_thread();
}

__attribute__((constructor)) static void main_exit_init(void)
{
	/* Only when loaded by the main thread itself (not dlopen'ed by another). */
	if (gettid() != getpid())
		return;
	if (pthread_key_create(&main_key, main_ended) != 0)
		return;
	main_key_made = true;
	mark_main_thread();
	pthread_atfork(NULL, NULL, child_after_fork);
}
