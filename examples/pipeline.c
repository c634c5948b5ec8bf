/* SPDX-License-Identifier: MIT */
/*
 * pipeline.c - a three-stage pipeline over pipes: a generator writes numbers,
 * a filter squares them, a sink adds them up. By default each stage is a
 * process (fork, no exec); with "threads" the stages are threads of one
 * process. The stages use read() and write() on the pipes. Each stage does its work on a thread of its own and counts lines
 * under a mutex, so every process has a lane with something on it.
 *
 *   pipeline [processes|threads] [COUNT]   (default: processes 100)
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct stage {
	const char *name;
	int in, out; /* descriptors; -1 when the stage has none */
	long count;
	long sum;
};

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

/* Writes all LEN bytes of BUF to FD; false on error. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			return 0;
		buf += n;
		len -= (size_t)n;
	}
	return 1;
}

/*
 * The stages talk with read() and write() on the pipes, lines of decimal
 * numbers, a batch of lines per write: what a recorder of byte streams sees
 * (glibc's stdio would write through calls of its own).
 */
static void *stage_main(void *p)
{
	struct stage *s = p;
	char out[4096], in[512], line[32];
	size_t used = 0, ll = 0;
	ssize_t n;

	pthread_setname_np(pthread_self(), s->name);
	if (s->in < 0) {
		for (long i = 1; i <= s->count; i++) {
			used += (size_t)snprintf(out + used, sizeof(out) - used, "%ld\n", i);
			if (i % 25 == 0 || i == s->count) {
				write_all(s->out, out, used);
				used = 0;
				usleep(1000);
			}
		}
	} else {
		long count = 0;

		while ((n = read(s->in, in, sizeof(in))) > 0) {
			for (ssize_t i = 0; i < n; i++) {
				long v;

				if (in[i] != '\n') {
					if (ll < sizeof(line) - 1)
						line[ll++] = in[i];
					continue;
				}
				line[ll] = '\0';
				ll = 0;
				v = atol(line);
				if (s->out >= 0)
					used += (size_t)snprintf(out + used, sizeof(out) - used,
								 "%ld\n", v * v);
				else
					s->sum += v;
				pthread_mutex_lock(&count_lock);
				count++;
				pthread_mutex_unlock(&count_lock);
			}
			if (s->out >= 0 && used > 0) {
				write_all(s->out, out, used);
				used = 0;
			}
		}
		s->count = count;
	}
	if (s->in >= 0)
		close(s->in);
	if (s->out >= 0)
		close(s->out);
	return NULL;
}

/* Runs stage S on a thread of its own and waits for it. */
static void run_stage(struct stage *s)
{
	pthread_t t;

	if (pthread_create(&t, NULL, stage_main, s) || pthread_join(t, NULL)) {
		perror("pipeline: pthread");
		exit(1);
	}
}

static void *stage_thread(void *p)
{
	run_stage(p);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 && strcmp(argv[1], "threads") == 0;
	long count = argc > 2 ? atol(argv[2]) : 100;
	int p1[2], p2[2];
	struct stage gen = { "generator", -1, -1, count, 0 };
	struct stage filter = { "filter", -1, -1, 0, 0 };
	struct stage sink = { "sink", -1, -1, 0, 0 };
	long expected = 0;

	if (argc > 1 && !threads && strcmp(argv[1], "processes") != 0) {
		fprintf(stderr, "usage: pipeline [processes|threads] [COUNT]\n");
		return 2;
	}
	if (pipe(p1) || pipe(p2)) {
		perror("pipeline: pipe");
		return 1;
	}
	gen.out = p1[1];
	filter.in = p1[0];
	filter.out = p2[1];
	sink.in = p2[0];
	if (threads) {
		pthread_t tg, tf;

		if (pthread_create(&tg, NULL, stage_thread, &gen) ||
		    pthread_create(&tf, NULL, stage_thread, &filter))
			return 1;
		run_stage(&sink);
		pthread_join(tg, NULL);
		pthread_join(tf, NULL);
	} else {
		pid_t pg, pf;
		int st;

		fflush(NULL);
		if ((pg = fork()) == 0) {
			close(p1[0]);
			close(p2[0]);
			close(p2[1]);
			run_stage(&gen);
			_exit(0);
		}
		if ((pf = fork()) == 0) {
			close(p1[1]);
			close(p2[0]);
			run_stage(&filter);
			_exit(0);
		}
		if (pg < 0 || pf < 0) {
			perror("pipeline: fork");
			return 1;
		}
		close(p1[0]);
		close(p1[1]);
		close(p2[1]);
		run_stage(&sink);
		waitpid(pg, &st, 0);
		waitpid(pf, &st, 0);
	}
	for (long i = 1; i <= count; i++)
		expected += i * i;
	printf("pipeline: %s, %ld numbers, sum of squares %ld (expected %ld)\n",
	       threads ? "threads" : "processes", sink.count, sink.sum, expected);
	return sink.sum == expected ? 0 : 1;
}
