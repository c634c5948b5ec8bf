/* SPDX-License-Identifier: MIT */
/*
 * waits_prog.c - a plain pthread program (no libctrace) for the shim's
 * other waits, one phase after another, each forced by sleeps:
 *  1. "sigwaiter" waits in sigwait for SIGUSR1, which main sends it with
 *     pthread_kill;
 *  2. three threads meet twice at a barrier, "b3" last each time;
 *  3. "once1" runs a slow pthread_once routine, "once2" waits for it;
 *  4. "writer" holds a rwlock for writing while "reader1" and "reader2"
 *     wait to read; then both read at once;
 *  5. "futexwaiter" blocks in futex(FUTEX_WAIT) through syscall() until main
 *     sets the word and wakes it (FUTEX_WAKE).
 * Prints "signal=N", "barrier=ADDR", "once=ADDR", "rwlock=ADDR",
 * "futex=ADDR" and "done"; exits 1 when anything failed.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_barrier_t barrier;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static _Atomic uint32_t word;
static int got_signal;
static int init_runs;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void check(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "waits_prog: %s failed (%d)\n", what, err);
		exit(1);
	}
}

static void *sigwaiter(void *arg)
{
	sigset_t set;

	pthread_setname_np(pthread_self(), "sigwaiter");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	check(sigwait(&set, &got_signal), "sigwait");
	return arg;
}

/* Arrives at the barrier twice, after DELAY ms each time. */
static void *meet(void *arg)
{
	static const char *const names[] = { "b1", "b2", "b3" };
	long delay = (long)(intptr_t)arg;

	pthread_setname_np(pthread_self(), names[delay / 30 % 3]);
	for (int round = 0; round < 2; round++) {
		sleep_ms(delay);
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static void slow_init(void)
{
	sleep_ms(80);
	init_runs++;
}

static void *once_caller(void *arg)
{
	long delay = (long)(intptr_t)arg;

	pthread_setname_np(pthread_self(), delay ? "once2" : "once1");
	sleep_ms(delay);
	check(pthread_once(&once, slow_init), "pthread_once");
	return NULL;
}

static void *writer(void *arg)
{
	pthread_setname_np(pthread_self(), "writer");
	check(pthread_rwlock_wrlock(&rw), "pthread_rwlock_wrlock");
	sleep_ms(60);
	check(pthread_rwlock_unlock(&rw), "pthread_rwlock_unlock");
	return arg;
}

static void *reader(void *arg)
{
	pthread_setname_np(pthread_self(), arg ? "reader2" : "reader1");
	sleep_ms(20);
	check(pthread_rwlock_rdlock(&rw), "pthread_rwlock_rdlock"); /* behind the writer */
	sleep_ms(30);                                               /* both read at once */
	check(pthread_rwlock_unlock(&rw), "pthread_rwlock_unlock");
	return NULL;
}

static void *futex_waiter(void *arg)
{
	pthread_setname_np(pthread_self(), "futexwaiter");
	while (atomic_load(&word) == 0)
		syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return arg;
}

int main(void)
{
	pthread_t t[4];
	sigset_t set;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("barrier=%ju\nonce=%ju\nrwlock=%ju\nfutex=%ju\n", (uintmax_t)(uintptr_t)&barrier,
	       (uintmax_t)(uintptr_t)&once, (uintmax_t)(uintptr_t)&rw, (uintmax_t)(uintptr_t)&word);

	/* 1. Signals: blocked in every thread, taken by sigwait. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	check(pthread_sigmask(SIG_BLOCK, &set, NULL), "pthread_sigmask");
	check(pthread_create(&t[0], NULL, sigwaiter, NULL), "pthread_create");
	sleep_ms(50);
	check(pthread_kill(t[0], SIGUSR1), "pthread_kill");
	check(pthread_join(t[0], NULL), "pthread_join");
	printf("signal=%d\n", got_signal);

	/* 2. A barrier of three. */
	check(pthread_barrier_init(&barrier, NULL, 3), "pthread_barrier_init");
	for (long i = 0; i < 3; i++)
		check(pthread_create(&t[i], NULL, meet, (void *)(intptr_t)(i * 30)),
		      "pthread_create");
	for (int i = 0; i < 3; i++)
		check(pthread_join(t[i], NULL), "pthread_join");

	/* 3. pthread_once, the second caller waiting for the first's routine. */
	check(pthread_create(&t[0], NULL, once_caller, (void *)(intptr_t)0), "pthread_create");
	check(pthread_create(&t[1], NULL, once_caller, (void *)(intptr_t)20), "pthread_create");
	for (int i = 0; i < 2; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	if (init_runs != 1)
		return 1;

	/* 4. A writer, then two readers at once. */
	check(pthread_create(&t[0], NULL, writer, NULL), "pthread_create");
	sleep_ms(5);
	check(pthread_create(&t[1], NULL, reader, NULL), "pthread_create");
	check(pthread_create(&t[2], NULL, reader, &init_runs), "pthread_create");
	for (int i = 0; i < 3; i++)
		check(pthread_join(t[i], NULL), "pthread_join");

	/* 5. A futex through syscall(). */
	check(pthread_create(&t[0], NULL, futex_waiter, NULL), "pthread_create");
	sleep_ms(50);
	atomic_store(&word, 1);
	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	check(pthread_join(t[0], NULL), "pthread_join");
	puts("done");
	return 0;
}
