/* SPDX-License-Identifier: MIT */
/*
 * cmd_stats.c - `ctrace stats TRACE`: the model's summary tables
 * (ct_stats_write) on stdout. Single-threaded, like the rest of the CLI.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "model_load.h"
#include "source.h"
#include "stats.h"

static void usage(FILE *out)
{
	fputs("usage: ctrace stats [--salvage] [--skip-unreadable] TRACE\n\n"
	      "Summarise the trace directory TRACE in three tables:\n"
	      "  threads   each lane's life, split into running, blocked (by what it\n"
	      "            waited for: recv, send, lock, join, cond, sem) and sleeping;\n"
	      "            blocked columns that are zero for every thread are left out\n"
	      "  channels  messages sent and received, and the min/median/max latency\n"
	      "            from each send to its receive\n"
	      "  mutexes   acquisitions, how many had to wait, total and longest wait,\n"
	      "            total time held, threads still waiting at the end\n"
	      "then how many events were discarded or skipped, and, when the trace has\n"
	      "call sites, the hottest lock sites: the 10 call sites whose mutex,\n"
	      "read-write lock and condition variable waits took longest in total.\n"
	      "Threads are listed and named as in 'ctrace check', 'ctrace dump' and the picture.\n"
	      "\nOptions:\n" CT_CLI_LOAD_HELP "\n"
	      "Exit status: 0 ok, 2 unreadable or damaged trace, or no ctrace events.\n",
	      out);
}

/* The shown rows of the hottest lock sites table. */
#define HOT_SITES 10

/* One call site's lock waits. */
struct site_wait {
	uint32_t site;
	uint32_t waits;
	uint64_t total_ns, max_ns;
};

static int by_total_desc(const void *a, const void *b)
{
	const struct site_wait *x = a, *y = b;

	if (x->total_ns != y->total_ns)
		return x->total_ns < y->total_ns ? 1 : -1;
	return x->site < y->site ? -1 : x->site > y->site;
}

/*
 * Wait time by call site: every span that a mutex or read-write lock's
 * *_lock_begin or a cond_wait_begin opens, from its begin to its end (or
 * to the end of the trace, when it never ended), summed by the begin's
 * site. Nothing when the trace has no call sites. False when out of memory.
 */
static bool put_hot_sites(const struct ct_model *m, FILE *out)
{
	size_t n_sites, n_spans, n_events, rows = 0;
	const struct ct_model_site *sites = ct_model_borrow_sites(m, &n_sites);
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_events);
	uint64_t end = ct_model_end_time(m);
	struct site_wait *w;
	struct ct_source *src;
	char where[512];

	(void)sites;
	if (n_sites < 2)
		return true;
	w = calloc(n_sites, sizeof(*w));
	if (!w)
		return false;
	for (size_t i = 0; i < n_sites; i++)
		w[i].site = (uint32_t)i;
	for (size_t i = 0; i < n_spans; i++) {
		const struct ct_model_event *b = &ev[spans[i].begin];
		uint32_t site = ct_model_event_site(m, spans[i].begin);
		uint64_t t1, ns;

		if ((b->type != CT_EV_MUTEX_LOCK_BEGIN && b->type != CT_EV_RWLOCK_LOCK_BEGIN &&
		     b->type != CT_EV_COND_WAIT_BEGIN) ||
		    site == 0)
			continue;
		t1 = spans[i].end == CT_MODEL_NONE ? end : ct_model_event_time(&ev[spans[i].end]);
		ns = t1 > ct_model_event_time(b) ? t1 - ct_model_event_time(b) : 0;
		w[site].waits++;
		w[site].total_ns += ns;
		if (ns > w[site].max_ns)
			w[site].max_ns = ns;
	}
	qsort(w, n_sites, sizeof(*w), by_total_desc);
	src = ct_source_new(m);
	if (!src) {
		free(w);
		return false;
	}
	for (size_t i = 0; i < n_sites && rows < HOT_SITES && w[i].waits; i++) {
		if (rows++ == 0)
			fprintf(out,
				"\nhottest lock sites (wait time by call site)\n"
				"  %10s %6s %10s  %s\n",
				"total ms", "waits", "max ms", "site");
		ct_source_format(src, w[i].site, false, where, sizeof(where));
		fprintf(out, "  %10.3f %6u %10.3f  %s\n", (double)w[i].total_ns / 1e6, w[i].waits,
			(double)w[i].max_ns / 1e6, where);
	}
	ct_source_destroy(src);
	free(w);
	return true;
}

int cmd_stats(int argc, char **argv)
{
	struct ct_model *m;
	int rc = 0;
	struct ct_cli_load how;

	ct_cli_load_flags(&argc, argv, &how);
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	m = ct_cli_model_load("stats", argv[1], &how);
	if (!m)
		return 2;
	if (!ct_stats_write(m, argv[1], stdout) || !put_hot_sites(m, stdout) ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "ctrace stats: %s\n", strerror(errno));
		rc = 2;
	}
	ct_model_destroy(m);
	return rc;
}
