/* SPDX-License-Identifier: MIT */
/*
 * model_load.c - loads a trace with ct_model_load and prints one line of
 * key=value figures: events, seconds, events per second, the model's bytes
 * (ct_model_memory_size) and bytes per event, and the process's peak RSS.
 * bench/model_load.sh runs it next to babeltrace2 on the same trace.
 *
 * usage: ctrace_bench_model_load TRACE
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "model.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct ct_model *m = NULL;
	char *error = NULL;
	enum ct_model_status st;
	struct rusage ru;
	size_t n;
	double t0, secs;

	if (argc != 2) {
		fprintf(stderr, "usage: ctrace_bench_model_load TRACE\n");
		return 2;
	}
	t0 = now();
	st = ct_model_load(argv[1], NULL, &m, &error);
	secs = now() - t0;
	if (st != CT_MODEL_OK) {
		fprintf(stderr, "model_load: %s: %s\n", argv[1],
			error ? error : ct_model_status_str(st));
		free(error);
		return 2;
	}
	ct_model_borrow_events(m, &n);
	getrusage(RUSAGE_SELF, &ru);
	printf("events=%zu seconds=%.3f events_per_s=%.0f model_bytes=%zu bytes_per_event=%.2f "
	       "peak_rss_kib=%ld discarded=%llu\n",
	       n, secs, n / secs, ct_model_memory_size(m),
	       n ? (double)ct_model_memory_size(m) / (double)n : 0.0, ru.ru_maxrss,
	       (unsigned long long)ct_model_discarded(m));
	ct_model_destroy(m);
	return 0;
}
