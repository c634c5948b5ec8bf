/* SPDX-License-Identifier: MIT */
/*
 * pipeline.c - a three-stage pipeline over pipes: a generator writes numbers,
 * a filter squares them, a sink adds them up. By default each stage is a
 * process (fork, no exec); with "threads" the stages are threads of one
 * process. Each stage does its work on a thread of its own and counts lines
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

static void *stage_main(void *p)
{
	struct stage *s = p;
	FILE *in = s->in >= 0 ? fdopen(s->in, "r") : NULL;
	FILE *out = s->out >= 0 ? fdopen(s->out, "w") : NULL;
	long v;

	pthread_setname_np(pthread_self(), s->name);
	if (!in) {
		for (long i = 1; i <= s->count; i++) {
			fprintf(out, "%ld\n", i);
			if (i % 25 == 0) {
				fflush(out);
				usleep(1000);
			}
		}
	} else {
		long n = 0;

		while (fscanf(in, "%ld", &v) == 1) {
			if (out)
				fprintf(out, "%ld\n", v * v);
			else
				s->sum += v;
			pthread_mutex_lock(&count_lock);
			n++;
			pthread_mutex_unlock(&count_lock);
		}
		s->count = n;
	}
	if (in)
		fclose(in);
	if (out)
		fclose(out);
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
	struct stage gen = {"generator", -1, -1, count, 0};
	struct stage filter = {"filter", -1, -1, 0, 0};
	struct stage sink = {"sink", -1, -1, 0, 0};
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
