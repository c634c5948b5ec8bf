/* SPDX-License-Identifier: MIT */
/*
 * prodcons.c - a plain pthreads producer/consumer: producers and consumers
 * share a bounded queue guarded by one mutex and two condition variables.
 * Nothing here knows about ctrace; record it with `ctrace record ./prodcons`.
 *
 *   prodcons [PRODUCERS [CONSUMERS [ITEMS_PER_PRODUCER]]]   (default 2 2 50)
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CAPACITY 4

/* Statically initialised, as many programs do: the tracer sees it on first use. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty;
static pthread_cond_t not_full;
static int queue[CAPACITY];
static int head, len;
static int producers_left;
static long consumed_sum;

static void put(int item)
{
	pthread_mutex_lock(&lock);
	while (len == CAPACITY)
		pthread_cond_wait(&not_full, &lock);
	queue[(head + len) % CAPACITY] = item;
	len++;
	pthread_cond_signal(&not_empty);
	pthread_mutex_unlock(&lock);
}

/* Returns 0 and an item, or -1 once every producer has finished and the queue is empty. */
static int take(int *item)
{
	int ret = 0;

	pthread_mutex_lock(&lock);
	while (len == 0 && producers_left > 0)
		pthread_cond_wait(&not_empty, &lock);
	if (len == 0) {
		ret = -1;
	} else {
		*item = queue[head];
		head = (head + 1) % CAPACITY;
		len--;
		pthread_cond_signal(&not_full);
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

static int items_per_producer = 50;

static void *producer(void *arg)
{
	int base = (int)(long)arg * 1000;

	pthread_setname_np(pthread_self(), "producer");
	for (int i = 0; i < items_per_producer; i++) {
		put(base + i);
		if (i % 10 == 0)
			usleep(200);
	}
	pthread_mutex_lock(&lock);
	if (--producers_left == 0)
		pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;
	int item;

	(void)arg;
	pthread_setname_np(pthread_self(), "consumer");
	while (take(&item) == 0)
		sum += item;
	pthread_mutex_lock(&lock);
	consumed_sum += sum;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(int argc, char **argv)
{
	int np = argc > 1 ? atoi(argv[1]) : 2;
	int nc = argc > 2 ? atoi(argv[2]) : 2;
	pthread_t *t;
	long expected = 0;

	if (argc > 3)
		items_per_producer = atoi(argv[3]);
	if (np < 1 || nc < 1 || items_per_producer < 0) {
		fprintf(stderr, "usage: prodcons [PRODUCERS [CONSUMERS [ITEMS_PER_PRODUCER]]]\n");
		return 2;
	}
	t = calloc((size_t)(np + nc), sizeof(*t));
	if (!t || pthread_cond_init(&not_empty, NULL) || pthread_cond_init(&not_full, NULL))
		return 1;
	producers_left = np;
	for (int i = 0; i < nc; i++)
		if (pthread_create(&t[i], NULL, consumer, NULL))
			return 1;
	for (int i = 0; i < np; i++)
		if (pthread_create(&t[nc + i], NULL, producer, (void *)(long)i))
			return 1;
	for (int i = 0; i < np + nc; i++)
		pthread_join(t[i], NULL);
	for (int p = 0; p < np; p++)
		for (int i = 0; i < items_per_producer; i++)
			expected += p * 1000 + i;
	printf("prodcons: %d producers, %d consumers, sum %ld (expected %ld)\n", np, nc,
	       consumed_sum, expected);
	free(t);
	return consumed_sum == expected ? 0 : 1;
}
