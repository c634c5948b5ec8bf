/* SPDX-License-Identifier: MIT */
/*
 * edge_prog.c - a plain pthread program (no libctrace) that test_shim
 * records: the primitives shim_prog does not cover, with their interleavings
 * forced, and the faults the shim must survive. One mode per run:
 *   locks               a spin lock and a read-write lock that a writer must
 *                       wait for, one mutex of a static array, and a
 *                       socketpair conversation in which the reader waits;
 *                       prints spin=, rwlock=
 *   closeall HOW        closes every descriptor (HOW: loop, closefrom or
 *                       close_range), then contends a mutex and forks a child
 *   orphan MS           forks a child that outlives this process by MS ms
 *   threads N           spawns N threads at once, each locking one mutex
 *   crash               starts a thread, then dies of SIGSEGV
 *   exec                runs "threads 3" of itself twice: once by fork and
 *                       execv, once by posix_spawn, and waits for both
 *   unjoined N          starts N threads and never joins them (N findings)
 *   burst N             starts 2N short-lived children at once, each locking
 *                       the mutex "first_lock" as its first act: N forked
 *                       (right after fork returns) and N more forked and
 *                       executed as "first" (first thing in main); prints
 *                       child=PID for each
 *   first               locks first_lock once and exits
 *   hello               prints a line (for the set-user-ID test)
 * It is a subject of the tests, not a test: it asserts nothing itself, but
 * exits non-zero when a call it makes fails.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void check(int err, const char *what)
{
	if (err != 0) {
		fprintf(stderr, "edge_prog: %s failed: %s\n", what, strerror(err));
		exit(2);
	}
}

static pthread_spinlock_t spin;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t pair[2] = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER };
static atomic_int step;
static int sv[2];

/* Holds the spin lock, then a read lock, while main waits for each. */
static void *holder(void *arg)
{
	(void)arg;
	check(pthread_spin_lock(&spin), "pthread_spin_lock");
	atomic_store(&step, 1);
	sleep_ms(50);
	check(pthread_spin_unlock(&spin), "pthread_spin_unlock");

	check(pthread_rwlock_rdlock(&rw), "pthread_rwlock_rdlock");
	atomic_store(&step, 2);
	sleep_ms(50);
	check(pthread_rwlock_unlock(&rw), "pthread_rwlock_unlock");
	return NULL;
}

/* Waits for main's question on its end of the socketpair, then answers. */
static void *answerer(void *arg)
{
	char buf[8];
	ssize_t n = 0, r;

	(void)arg;
	while (n < 5 && (r = read(sv[1], buf + n, (size_t)(5 - n))) > 0)
		n += r;
	if (n != 5 || memcmp(buf, "ping?", 5) != 0)
		exit(3);
	if (write(sv[1], "pong", 4) != 4)
		exit(3);
	return NULL;
}

static int locks(void)
{
	pthread_t t;
	char buf[4];
	ssize_t n = 0, r;

	check(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE), "pthread_spin_init");
	printf("spin=%ju\nrwlock=%ju\n", (uintmax_t)(uintptr_t)&spin, (uintmax_t)(uintptr_t)&rw);
	fflush(stdout);
	check(pthread_create(&t, NULL, holder, NULL), "pthread_create");
	while (atomic_load(&step) < 1)
		sched_yield();
	check(pthread_spin_lock(&spin), "pthread_spin_lock"); /* waits for the holder */
	check(pthread_spin_unlock(&spin), "pthread_spin_unlock");
	while (atomic_load(&step) < 2)
		sched_yield();
	check(pthread_rwlock_wrlock(&rw), "pthread_rwlock_wrlock"); /* waits for the reader */
	check(pthread_rwlock_unlock(&rw), "pthread_rwlock_unlock");
	check(pthread_join(t, NULL), "pthread_join");
	check(pthread_spin_destroy(&spin), "pthread_spin_destroy");
	/*
	 * An element of an array of mutexes, named as one, then a mutex on the
	 * stack, without a name, right after it on the same CPU (same stream).
	 */
	{
		pthread_mutex_t local = PTHREAD_MUTEX_INITIALIZER;
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
		sched_setaffinity(0, sizeof(one), &one);
		printf("local=%ju\npair0=%ju\npair1=%ju\n", (uintmax_t)(uintptr_t)&local,
		       (uintmax_t)(uintptr_t)&pair[0], (uintmax_t)(uintptr_t)&pair[1]);
		fflush(stdout);
		check(pthread_mutex_lock(&pair[1]), "pthread_mutex_lock");
		check(pthread_mutex_unlock(&pair[1]), "pthread_mutex_unlock");
		check(pthread_mutex_lock(&local), "pthread_mutex_lock");
		check(pthread_mutex_unlock(&local), "pthread_mutex_unlock");
		/* Named and unnamed creation events in turn, many times. */
		for (int i = 0; i < 200; i++) {
			check(pthread_mutex_init(&pair[0], NULL), "pthread_mutex_init");
			check(pthread_mutex_init(&local, NULL), "pthread_mutex_init");
		}
	}

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 2;
	check(pthread_create(&t, NULL, answerer, NULL), "pthread_create");
	sleep_ms(50); /* the answerer is waiting to read by now */
	if (write(sv[0], "ping?", 5) != 5)
		return 2;
	while (n < 4 && (r = read(sv[0], buf + n, (size_t)(4 - n))) > 0)
		n += r;
	check(pthread_join(t, NULL), "pthread_join");
	return n == 4 && memcmp(buf, "pong", 4) == 0 ? 0 : 2;
}

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count(void *arg)
{
	for (int i = 0; i < 200; i++) {
		check(pthread_mutex_lock(&counter_lock), "pthread_mutex_lock");
		counter++;
		check(pthread_mutex_unlock(&counter_lock), "pthread_mutex_unlock");
	}
	return arg;
}

static int closeall(const char *how)
{
	pthread_t t[4];
	pid_t child;
	int status;

	if (strcmp(how, "loop") == 0) {
		for (int fd = 3; fd < 65536; fd++)
			close(fd);
	} else if (strcmp(how, "closefrom") == 0) {
		closefrom(3);
	} else if (strcmp(how, "close_range") == 0) {
		if (close_range(3, ~0u, 0) != 0)
			return 2;
	} else {
		return 2;
	}
	for (int i = 0; i < 4; i++)
		check(pthread_create(&t[i], NULL, count, NULL), "pthread_create");
	for (int i = 0; i < 4; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	child = fork();
	if (child < 0)
		return 2;
	if (child == 0) {
		count(NULL);
		_exit(0);
	}
	if (waitpid(child, &status, 0) != child || status != 0)
		return 2;
	printf("counter=%ld\nchild=%ld\n", counter, (long)child);
	return counter == 800 ? 0 : 2;
}

static int orphan(long ms)
{
	pid_t child = fork();
	pthread_t t;

	if (child < 0)
		return 2;
	if (child == 0) {
		sleep_ms(ms);
		check(pthread_create(&t, NULL, count, NULL), "pthread_create");
		check(pthread_join(t, NULL), "pthread_join");
		printf("orphan done\n");
		return 0;
	}
	printf("child=%ld\n", (long)child);
	return 0;
}

static int threads(int n)
{
	pthread_t *t = calloc((size_t)n, sizeof(*t));

	if (!t)
		return 2;
	for (int i = 0; i < n; i++)
		check(pthread_create(&t[i], NULL, count, NULL), "pthread_create");
	for (int i = 0; i < n; i++)
		check(pthread_join(t[i], NULL), "pthread_join");
	free(t);
	printf("counter=%ld\n", counter);
	return counter == 200L * n ? 0 : 2;
}

static int crash(void)
{
	pthread_t t;

	check(pthread_create(&t, NULL, count, NULL), "pthread_create");
	check(pthread_join(t, NULL), "pthread_join");
	check(pthread_mutex_lock(&counter_lock), "pthread_mutex_lock");
	fflush(stdout);
	raise(SIGSEGV);
	return 0;
}

static void *quick(void *arg)
{
	return arg;
}

/* Threads nobody joins: each is a "never joined" finding of the analyses. */
static int unjoined(int n)
{
	for (int i = 0; i < n; i++) {
		pthread_t t;

		check(pthread_create(&t, NULL, quick, NULL), "pthread_create");
	}
	sleep_ms(50); /* they have all ended by now */
	return 0;
}

extern char **environ;

static int run_self(const char *self)
{
	char *args[] = { (char *)self, "threads", "3", NULL };
	pid_t pid[2];
	int status;

	pid[0] = fork();
	if (pid[0] < 0)
		return 2;
	if (pid[0] == 0) {
		execv(self, args);
		_exit(127);
	}
	if (posix_spawn(&pid[1], self, NULL, NULL, args, environ) != 0)
		return 2;
	for (int i = 0; i < 2; i++)
		if (waitpid(pid[i], &status, 0) != pid[i] || status != 0)
			return 2;
	printf("exec=%ld\nspawn=%ld\n", (long)pid[0], (long)pid[1]);
	return 0;
}

static pthread_mutex_t first_lock = PTHREAD_MUTEX_INITIALIZER;

/* A child's first act: its first events, which the recording must not lose. */
static void lock_first(void)
{
	check(pthread_mutex_lock(&first_lock), "pthread_mutex_lock");
	check(pthread_mutex_unlock(&first_lock), "pthread_mutex_unlock");
}

/* 2N children at once, none waited for until all are started; each exits at once. */
static int burst(const char *self, int n)
{
	char *args[] = { (char *)self, "first", NULL };
	pid_t pid[200];
	int status;

	if (n < 1 || 2 * n > (int)(sizeof(pid) / sizeof(pid[0])))
		return 2;
	for (int i = 0; i < 2 * n; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			return 2;
		if (pid[i] == 0 && i % 2 == 1) {
			execv(self, args);
			_exit(127);
		}
		if (pid[i] == 0) {
			lock_first();
			_exit(0);
		}
	}
	for (int i = 0; i < 2 * n; i++) {
		if (waitpid(pid[i], &status, 0) != pid[i] || status != 0)
			return 2;
		printf("child=%ld\n", (long)pid[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "locks") == 0)
		return locks();
	if (strcmp(mode, "closeall") == 0 && argc > 2)
		return closeall(argv[2]);
	if (strcmp(mode, "orphan") == 0 && argc > 2)
		return orphan(atol(argv[2]));
	if (strcmp(mode, "threads") == 0 && argc > 2)
		return threads(atoi(argv[2]));
	if (strcmp(mode, "crash") == 0)
		return crash();
	if (strcmp(mode, "unjoined") == 0 && argc > 2)
		return unjoined(atoi(argv[2]));
	if (strcmp(mode, "exec") == 0)
		return run_self("/proc/self/exe");
	if (strcmp(mode, "burst") == 0 && argc > 2)
		return burst("/proc/self/exe", atoi(argv[2]));
	if (strcmp(mode, "first") == 0) {
		lock_first();
		return 0;
	}
	if (strcmp(mode, "hello") == 0) {
		printf("hello\n");
		return 0;
	}
	fprintf(stderr,
		"usage: edge_prog locks | closeall loop|closefrom|close_range | "
		"orphan MS | threads N | crash | exec | unjoined N | burst N | first | hello\n");
	return 2;
}
