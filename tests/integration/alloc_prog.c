/* SPDX-License-Identifier: MIT */
/*
 * alloc_prog.c - a plain pthread program with an allocator of its own, as
 * many programs link one: malloc, calloc, realloc and free replace glibc's
 * (for every library in the process, LTTng-UST included) and take a
 * pthread mutex on every call. Recorded through the shim, every allocation
 * is a mutex event, and any allocation the shim or the tracer made while
 * recording one would take that mutex again and hang: the test records it
 * and checks the events. It is a subject of the test, not a test: it
 * asserts nothing itself, but exits non-zero when its own check fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_SIZE (256u << 20)

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static _Alignas(16) unsigned char arena[ARENA_SIZE];
static size_t arena_used;
static unsigned long calls;

/* A bump allocator: each block is preceded by its size; free keeps nothing. */
void *malloc(size_t n)
{
	size_t need = ((n + 15) & ~(size_t)15) + 16;
	unsigned char *p = NULL;

	pthread_mutex_lock(&arena_lock);
	calls++;
	if (n < ARENA_SIZE && need <= ARENA_SIZE - arena_used) {
		p = arena + arena_used;
		arena_used += need;
	}
	pthread_mutex_unlock(&arena_lock);
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(p, &n, sizeof(n));
	return p + 16;
}

void free(void *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&arena_lock);
	calls++;
	pthread_mutex_unlock(&arena_lock);
}

void *calloc(size_t m, size_t n)
{
	void *p;

	if (n && m > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(m * n);
	if (p)
		memset(p, 0, m * n);
	return p;
}

void *realloc(void *old, size_t n)
{
	size_t had = 0;
	void *p = malloc(n);

	if (p && old) {
		memcpy(&had, (unsigned char *)old - 16, sizeof(had));
		memcpy(p, old, had < n ? had : n);
		free(old);
	}
	return p;
}

void *aligned_alloc(size_t align, size_t n)
{
	(void)align; /* every block is 16-byte aligned, enough for what this program asks */
	return malloc(n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	if (align > 16)
		return EINVAL;
	p = malloc(n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

static void *work(void *arg)
{
	for (int i = 0; i < 100; i++) {
		char *p = malloc(64);

		if (!p)
			abort();
		snprintf(p, 64, "block %d", i);
		free(p);
	}
	return arg;
}

int main(void)
{
	pthread_t t[4];
	unsigned long n;

	for (int i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, work, NULL))
			return 2;
	for (int i = 0; i < 4; i++)
		if (pthread_join(t[i], NULL))
			return 2;
	pthread_mutex_lock(&arena_lock);
	n = calls;
	pthread_mutex_unlock(&arena_lock);
	printf("arena=%ju\nallocator calls=%lu\n", (uintmax_t)(uintptr_t)&arena_lock, n);
	return n >= 800 ? 0 : 2;
}
