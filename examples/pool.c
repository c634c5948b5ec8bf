/* SPDX-License-Identifier: MIT */
/*
 * pool.c - a worker pool: a fixed set of threads takes tasks from a shared
 * queue (one mutex, one condition variable), each task sleeps a little and
 * adds to a total under a second mutex; the main thread waits for the queue
 * to drain, then broadcasts the shutdown and joins the workers.
 *
 *   pool [WORKERS [TASKS]]   (default 4 32)
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct pool {
	pthread_mutex_t lock; /* guards the fields below */
	pthread_cond_t work;  /* a task arrived, or shutdown */
	pthread_cond_t idle;  /* the queue drained */
	int next, tasks, running;
	int shutdown;
};

static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void run_task(int task)
{
	struct timespec ts = { 0, 500000 }; /* 0.5 ms */

	nanosleep(&ts, NULL);
	pthread_mutex_lock(&total_lock);
	total += task;
	pthread_mutex_unlock(&total_lock);
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	pthread_setname_np(pthread_self(), "worker");
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->next == p->tasks && !p->shutdown)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->next == p->tasks)
			break;
		int task = p->next++;

		p->running++;
		pthread_mutex_unlock(&p->lock);
		run_task(task);
		pthread_mutex_lock(&p->lock);
		if (--p->running == 0 && p->next == p->tasks)
			pthread_cond_signal(&p->idle);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int main(int argc, char **argv)
{
	int workers = argc > 1 ? atoi(argv[1]) : 4;
	int tasks = argc > 2 ? atoi(argv[2]) : 32;
	struct pool p = { .tasks = 0 };
	pthread_t *t;

	if (workers < 1 || tasks < 0) {
		fprintf(stderr, "usage: pool [WORKERS [TASKS]]\n");
		return 2;
	}
	t = calloc((size_t)workers, sizeof(*t));
	if (!t || pthread_mutex_init(&p.lock, NULL) || pthread_cond_init(&p.work, NULL) ||
	    pthread_cond_init(&p.idle, NULL))
		return 1;
	for (int i = 0; i < workers; i++)
		if (pthread_create(&t[i], NULL, worker, &p))
			return 1;
	/* Hand out all tasks at once, then wait for the pool to drain. */
	pthread_mutex_lock(&p.lock);
	p.tasks = tasks;
	pthread_cond_broadcast(&p.work);
	while (p.next < p.tasks || p.running > 0)
		pthread_cond_wait(&p.idle, &p.lock);
	p.shutdown = 1;
	pthread_cond_broadcast(&p.work);
	pthread_mutex_unlock(&p.lock);
	for (int i = 0; i < workers; i++)
		pthread_join(t[i], NULL);
	printf("pool: %d workers ran %d tasks, total %ld (expected %ld)\n", workers, tasks, total,
	       (long)tasks * (tasks - 1) / 2);
	free(t);
	return total == (long)tasks * (tasks - 1) / 2 ? 0 : 1;
}
