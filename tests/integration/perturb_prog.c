/* SPDX-License-Identifier: MIT */
/*
 * perturb_prog.c - a plain pthread program for test_perturb: every thread
 * passes a fixed number of perturbation points (locks, unlocks, posts,
 * signals, spawns), and main prints, per thread, how many decisions the
 * perturbation made and a hash of them (libctrace's ct__perturb_digest,
 * found with dlsym because the shim brings libctrace in). Two workers each
 * start a grandchild at the same moment, so a position taken from a
 * process-wide creation order would differ between runs. A forked child
 * prints its own line. Same seed, same output: that is the replay.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <inttypes.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

enum { MAIN, WORKER_A, WORKER_B, CHILD_A, CHILD_B, ROLES };
static const char *const role_name[ROLES] = { "main", "worker-a", "worker-b", "child-a",
					      "child-b" };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static sem_t sem;
static long shared;
static uint64_t (*digest_fn)(uint64_t *count);
static uint64_t counts[ROLES], digests[ROLES];

static void work(int role, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		pthread_mutex_lock(&lock);
		shared++;
		pthread_cond_signal(&cond);
		pthread_mutex_unlock(&lock);
		sem_post(&sem);
	}
	digests[role] = digest_fn(&counts[role]);
}

static void *grandchild(void *arg)
{
	work((int)(long)arg, 20);
	return NULL;
}

static void *worker(void *arg)
{
	int role = (int)(long)arg;
	pthread_t t;

	pthread_create(&t, NULL, grandchild, (void *)(long)(role == WORKER_A ? CHILD_A : CHILD_B));
	work(role, 30);
	pthread_join(t, NULL);
	return NULL;
}

int main(void)
{
	pthread_t a, b;
	pid_t pid;
	uint64_t count;

	digest_fn = (uint64_t(*)(uint64_t *))dlsym(RTLD_DEFAULT, "ct__perturb_digest");
	if (!digest_fn) {
		fprintf(stderr, "perturb_prog: libctrace is not loaded (run it under the shim)\n");
		return 1;
	}
	sem_init(&sem, 0, 0);
	pthread_create(&a, NULL, worker, (void *)(long)WORKER_A);
	pthread_create(&b, NULL, worker, (void *)(long)WORKER_B);
	work(MAIN, 10);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	for (int r = 0; r < ROLES; r++)
		printf("%s %" PRIu64 " %016" PRIx64 "\n", role_name[r], counts[r], digests[r]);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		work(MAIN, 10);
		printf("forked %" PRIu64 " %016" PRIx64 "\n", counts[MAIN], digests[MAIN]);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	/* The forking thread goes on with its own decisions, unchanged by the fork. */
	work(MAIN, 5);
	printf("main-after-fork %" PRIu64 " %016" PRIx64 "\n", counts[MAIN], digests[MAIN]);
	digest_fn(&count);
	printf("total %ld\n", shared);
	return 0;
}
