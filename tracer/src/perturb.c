/* SPDX-License-Identifier: MIT */
/*
 * perturb.c - schedule perturbation: with CTRACE_PERTURB=SEED[:MAX_US] in
 * the environment, libctrace and the LD_PRELOAD shim pause briefly at
 * synchronisation points (before a lock, after an unlock, before a send, at
 * a spawn, after a wake-up) so that interleavings a quiet machine almost
 * never produces show up in a few runs. `ctrace record --perturb` and
 * `ctrace explore` set the variable.
 *
 * What a point does, out of 16 draws (CT_PERTURB_*_IN_16 below): nothing
 * most of the time, sched_yield sometimes, and sometimes a sleep of 1 to
 * MAX_US microseconds (default 1000, CT_PERTURB_MAX_US_DEFAULT), uniformly.
 * The sleep is what matters: a thread that stops for a few hundred
 * microseconds while holding one fork lets every neighbour take theirs; a
 * yield alone rarely moves a thread off a core that another thread does not
 * want. Measured with bench/perturb.sh (40 runs, two busy cores): the
 * examples' philosophers_rare deadlocked in 21 of 40 runs with MAX_US 200,
 * 6 of 12 with 50 and 40 of 40 with 1000 (2 or 3 of 40 unperturbed), so
 * 1000 it is; a point then costs 94 us on average (3/16 of 500), which
 * added 0.04 s to prodcons's 800 recorded events and 0.15 s to
 * lost_update's 2,400.
 *
 * Reproducible: the draws come from one splitmix64 generator per thread,
 * seeded from SEED and the thread's position, never from a pid, a time or
 * a global counter. A thread's position is its parent thread's position and
 * its index among the threads that parent started (so it does not depend on
 * which of two threads started its child first); the main thread's is the
 * process's, and a forked child's main thread continues from the forking
 * thread's position and its fork index. A program image started by exec or
 * posix_spawn gets the position the shim gives it (ct__perturb_image). The
 * same seed therefore gives every thread the same sequence of decisions in
 * every run: what differs between runs is only what the machine does.
 * Threads the program starts outside libctrace and the shim (none, usually)
 * are numbered in the order they first reach a point, which is not
 * reproducible.
 *
 * Off (the variable unset), each point costs one predictable branch on
 * ct__perturb_on, which is written once by the constructor, before any
 * thread but the main one exists. Everything here is async-signal-safe
 * (thread-local state, sched_yield, nanosleep) and takes no lock.
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* The distribution of one point's decision, out of 16 draws. */
#define CT_PERTURB_NONE_IN_16  10
#define CT_PERTURB_YIELD_IN_16 3
#define CT_PERTURB_SLEEP_IN_16 3
_Static_assert(CT_PERTURB_NONE_IN_16 + CT_PERTURB_YIELD_IN_16 + CT_PERTURB_SLEEP_IN_16 == 16,
	       "the three outcomes share the 16 draws");

CT_PRIVATE_API bool ct__perturb_on;

static uint64_t seed;
static unsigned max_us = CT_PERTURB_MAX_US_DEFAULT;
/* The position of this program image's main thread. */
static uint64_t image_key;
/* The main thread's state, recognised by address: its decisions start from image_key. */
static const void *main_state;
/* Numbers the threads nobody gave a position. */
static _Atomic uint64_t foreign_threads;
/* Whether this process's "perturb seed=" mark was emitted. */
static atomic_bool marked;

struct perturb_thread {
	bool seeded;
	uint64_t key;      /* the thread's position */
	uint64_t state;    /* splitmix64 state */
	uint64_t children; /* threads it started */
	uint64_t forks;    /* processes it forked */
	uint64_t count;    /* decisions made */
	uint64_t digest;   /* a hash of them, in order (for tests) */
};
static __thread struct perturb_thread pt __attribute__((tls_model("initial-exec")));

/* splitmix64's output function: a bijection that spreads every input bit. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t next_draw(void)
{
	pt.state += 0x9e3779b97f4a7c15ull;
	return mix64(pt.state);
}

/* Gives the calling thread position KEY and restarts its decisions. */
static void seed_as(uint64_t key)
{
	pt.key = key;
	pt.state = mix64(seed ^ mix64(key));
	pt.children = 0;
	pt.forks = 0;
	pt.count = 0;
	pt.digest = 0;
	pt.seeded = true;
}

/* A thread reaching its first point without a position: the main thread, or a foreign one. */
static void seed_lazily(void)
{
	if (&pt == main_state)
		seed_as(image_key);
	else
		seed_as(mix64(
			image_key ^ 0x5eed000000000000ull ^
			atomic_fetch_add_explicit(&foreign_threads, 1, memory_order_relaxed)));
}

/* Writes V in decimal at P; returns the end. Async-signal-safe, unlike snprintf. */
static char *put_u64(char *p, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = digits[--n];
	return p;
}

void ct__perturb_mark(void)
{
	char label[64], *p = label;

	if (!ct__perturb_on)
		return;
	atomic_store_explicit(&marked, true, memory_order_relaxed);
	memcpy(p, "perturb seed=", 13);
	p = put_u64(p + 13, seed);
	memcpy(p, " max_us=", 8);
	p = put_u64(p + 8, max_us);
	*p = '\0';
	CT_EVENT(mark, label);
}

void ct__perturb(void)
{
	uint64_t r;
	unsigned draw, outcome;

	if (!pt.seeded)
		seed_lazily();
	/* Without the shim, nobody marked the process's start: the first point does. */
	if (!atomic_load_explicit(&marked, memory_order_relaxed) &&
	    !atomic_exchange_explicit(&marked, true, memory_order_relaxed))
		ct__perturb_mark();
	r = next_draw();
	draw = (unsigned)(r & 15);
	if (draw < CT_PERTURB_NONE_IN_16)
		outcome = 0;
	else if (draw < CT_PERTURB_NONE_IN_16 + CT_PERTURB_YIELD_IN_16)
		outcome = 1;
	else
		outcome = 2 + (unsigned)((r >> 32) % max_us); /* 1..max_us microseconds */
	pt.count++;
	pt.digest = mix64(pt.digest ^ outcome ^ (pt.count << 32));
	if (outcome == 1) {
		sched_yield();
	} else if (outcome >= 2) {
		long us = (long)outcome - 1;
		struct timespec ts = { 0, us * 1000L };
		int err = errno;

		/* Quiet: the shim would record it as the program's own sleep. */
		CT_QUIET(nanosleep(&ts, NULL));
		errno = err;
	}
}

uint64_t ct__perturb_child_key(void)
{
	if (!pt.seeded)
		seed_lazily();
	pt.children++;
	return mix64(pt.key ^ (0xc41dull << 48) ^ mix64(pt.children));
}

void ct__perturb_thread_begin(uint64_t key)
{
	seed_as(key);
}

void ct__perturb_image(uint64_t position)
{
	image_key = mix64(0x1a6eull << 48 ^ position);
	pt.seeded = false;
	atomic_store_explicit(&marked, false, memory_order_relaxed);
}

uint64_t ct__perturb_digest(uint64_t *count)
{
	if (count)
		*count = pt.count;
	return pt.digest;
}

/* Both sides count the fork, so the parent's next fork has the next index. */
static void fork_parent(void)
{
	if (!pt.seeded)
		seed_lazily();
	pt.forks++;
}

/* The child's only thread continues from the forking thread's position and fork index. */
static void fork_child(void)
{
	uint64_t key, forks;

	if (!pt.seeded)
		seed_lazily();
	key = pt.key;
	forks = pt.forks + 1;
	seed_as(mix64(key ^ (0xf02cull << 48) ^ mix64(forks)));
	image_key = pt.key;
	main_state = &pt;
	atomic_store_explicit(&marked, false, memory_order_relaxed);
}

/* Parses "SEED" or "SEED:MAX_US" (decimal; MAX_US within 1..CT_PERTURB_MAX_US_LIMIT). */
static bool parse(const char *s, uint64_t *seed_out, unsigned *max_out)
{
	char *end;
	unsigned long long v;
	unsigned long m = CT_PERTURB_MAX_US_DEFAULT;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return false;
	if (*end == ':') {
		s = end + 1;
		if (*s < '0' || *s > '9')
			return false;
		m = strtoul(s, &end, 10);
		if (errno || m < 1 || m > CT_PERTURB_MAX_US_LIMIT)
			return false;
	}
	if (*end != '\0')
		return false;
	*seed_out = v;
	*max_out = (unsigned)m;
	return true;
}

__attribute__((constructor)) static void perturb_init(void)
{
	const char *value = getenv(CT_PERTURB_ENV);
	int err = errno;

	if (!value)
		return;
	if (!parse(value, &seed, &max_us)) {
		fprintf(stderr,
			"ctrace: warning: %s='%s' is not SEED or SEED:MAX_US (decimal numbers, "
			"MAX_US from 1 to %d): the program runs without perturbation\n",
			CT_PERTURB_ENV, value, CT_PERTURB_MAX_US_LIMIT);
		errno = err;
		return;
	}
	errno = err;
	main_state = &pt;
	image_key = mix64(0x1a6eull << 48);
	pthread_atfork(NULL, fork_parent, fork_child);
	ct__perturb_on = true;
}
