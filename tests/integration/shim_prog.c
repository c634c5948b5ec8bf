/* SPDX-License-Identifier: MIT */
/*
 * shim_prog.c - a plain pthread program (no libctrace) whose every
 * interleaving that matters is forced, so the shim's test can assert exact
 * events: one contended lock, an uncontended loop, a join that waits and one
 * that does not, a timed-out condition wait, pthread_exit, a detached thread,
 * a semaphore wait that blocks and one that does not, and a forked child. It prints the addresses the test needs as "key=value".
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t contended = PTHREAD_MUTEX_INITIALIZER;
static int held_pipe[2];

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Holds the mutex while main tries to take it, so main must wait. */
static void *holder(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "holder");
	pthread_mutex_lock(&contended);
	if (write(held_pipe[1], "h", 1) != 1)
		abort();
	sleep_ms(100);
	pthread_mutex_unlock(&contended);
	return NULL;
}

static void *quick(void *arg)
{
	return arg;
}

static void *slow(void *arg)
{
	sleep_ms(100);
	return arg;
}

static void *exiter(void *arg)
{
	pthread_exit(arg);
}

static sem_t token;
static pthread_rwlock_t shared = PTHREAD_RWLOCK_INITIALIZER;

/* Detached by main with pthread_detach while it sleeps; names itself with prctl. */
static void *later(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "later-prctl", 0, 0, 0);
	sleep_ms(20);
	return NULL;
}

static void *sem_waiter(void *arg)
{
	sem_wait(&token);
	return arg;
}

int main(void)
{
	pthread_mutex_t alone;
	pthread_cond_t never;
	pthread_t t;
	pthread_attr_t attr;
	struct timespec deadline;
	char byte;
	pid_t child;
	int status;

	if (pipe(held_pipe) || pthread_mutex_init(&alone, NULL) || pthread_cond_init(&never, NULL))
		return 1;
	printf("contended=%ju\nalone=%ju\nnever=%ju\n", (uintmax_t)(uintptr_t)&contended,
	       (uintmax_t)(uintptr_t)&alone, (uintmax_t)(uintptr_t)&never);
	fflush(stdout);

	/* 1. Contention: exactly one mutex_lock_begin, on main's lane. */
	pthread_create(&t, NULL, holder, NULL);
	if (read(held_pipe[0], &byte, 1) != 1)
		return 1;
	pthread_mutex_lock(&contended);
	pthread_mutex_unlock(&contended);
	pthread_join(t, NULL);

	/* 2. Nobody else: 100 locks and a trylock, and no mutex_lock_begin. */
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&alone);
		pthread_mutex_unlock(&alone);
	}
	if (pthread_mutex_trylock(&alone) == 0)
		pthread_mutex_unlock(&alone);

	/* 3. A join of an ended thread does not wait; a join of a sleeping one does. */
	pthread_create(&t, NULL, quick, NULL);
	sleep_ms(50);
	pthread_join(t, NULL);
	pthread_create(&t, NULL, slow, NULL);
	pthread_join(t, NULL);

	/* 4. A timed wait nobody signals: cond_wait_end with status timeout. */
	pthread_mutex_lock(&alone);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 10000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&never, &alone, &deadline);
	pthread_mutex_unlock(&alone);

	/* 5. pthread_exit still ends the lane; a detached thread needs no join. */
	pthread_create(&t, NULL, exiter, NULL);
	pthread_join(t, NULL);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_create(&t, &attr, quick, NULL);
	pthread_attr_destroy(&attr);
	pthread_create(&t, NULL, later, NULL);
	pthread_detach(t);
	sleep_ms(50);

	/* 6. A semaphore wait that blocks until main posts, then one that finds a token. */
	if (sem_init(&token, 0, 0))
		return 1;
	printf("token=%ju\n", (uintmax_t)(uintptr_t)&token);
	pthread_create(&t, NULL, sem_waiter, NULL);
	sleep_ms(50);
	sem_post(&token);
	pthread_join(t, NULL);
	sem_post(&token);
	sem_wait(&token);

	/* 6b. A static rwlock held by two readers at once; a writer's try fails (no event). */
	printf("rwlock=%ju\n", (uintmax_t)(uintptr_t)&shared);
	if (pthread_rwlock_rdlock(&shared) || pthread_rwlock_tryrdlock(&shared) ||
	    pthread_rwlock_trywrlock(&shared) != EBUSY)
		return 1;
	pthread_rwlock_unlock(&shared);
	pthread_rwlock_unlock(&shared);

	/* 7. A forked child (no exec) records its own lane set. */
	fflush(stdout);
	child = fork();
	if (child == 0) {
		pthread_create(&t, NULL, quick, NULL);
		pthread_join(t, NULL);
		pthread_mutex_lock(&alone);
		pthread_mutex_unlock(&alone);
		_exit(0);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return 1;
	printf("child=%ld\n", (long)child);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
