/* SPDX-License-Identifier: MIT */
/*
 * explore_report.c - the second half of `ctrace explore` (explore.h): each
 * run's trace read into its interleaving signature and its outcome, the
 * runs grouped by both, and the table, the outcomes and the chart printed.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "catalogue.h"
#include "explore.h"
#include "model_load.h"
#include "output.h"
#include "record.h"
#include "signature.h"
#include "ui.h"

/* --------------------------------------------------------------- reading */

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	if (!buf)
		buf = malloc(1);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static const char *finding_singular(enum ct_finding_kind kind)
{
	static const char *const names[CT_FINDING_COUNT_] = {
		"deadlock",
		"lost update",
		"use after drop",
		"message never received",
		"thread never joined",
	};

	return (unsigned)kind < CT_FINDING_COUNT_ ? names[kind] : "?";
}

/* The outcome in words: "exit 0, 3 lost updates". */
static void describe_outcome(const struct explore *e, const struct run *r,
			     const struct ct_analysis *a, char *buf, size_t len)
{
	size_t n;
	bool any = false;

	if (r->rep.timed_out)
		n = (size_t)snprintf(buf, len, "%s",
				     e->scenario && e->scenario->hangs ? "hung (timeout, as meant)"
								       : "hung (timeout)");
	else if (r->rep.exit_status > 128)
		n = (size_t)snprintf(buf, len, "killed by signal %d", r->rep.exit_status - 128);
	else
		n = (size_t)snprintf(buf, len, "exit %d", r->rep.exit_status);
	for (int k = 0; a && k < CT_FINDING_COUNT_ && n < len; k++) {
		/* Lost updates by the update (one overwrite can lose many), the rest by finding. */
		size_t c = (size_t)ct_analysis_total(a, (enum ct_finding_kind)k);

		if (c == 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%zu %s", any ? ", " : "; ", c,
				      c == 1 ? finding_singular((enum ct_finding_kind)k)
					     : ct_finding_kind_plural((enum ct_finding_kind)k));
		any = true;
	}
	if (!any && n < len)
		snprintf(buf + n, len - n, "; no findings");
}

/* Loads run R's trace, and makes its signature and outcome. False when it cannot be read. */
static bool read_run(const struct explore *e, struct run *r)
{
	char path[PATH_MAX + 16];
	struct ct_model *m;
	struct ct_analysis *a = NULL;
	size_t klen;

	if (!r->reported || r->rep.rstatus != CT_RECORD_OK || r->rep.no_events)
		return false;
	m = ct_cli_model_load("explore", r->dir, NULL);
	if (!m)
		return false;
	if (ct_signature_make(m, &r->sig) != CT_MODEL_OK || ct_analysis_run(m, &a) != CT_MODEL_OK) {
		ct_model_destroy(m);
		fprintf(stderr, "ctrace explore: out of memory reading %s\n", r->dir);
		return false;
	}
	describe_outcome(e, r, a, r->outcome, sizeof(r->outcome));
	ct_analysis_destroy(a);
	ct_model_destroy(m);
	snprintf(path, sizeof(path), "%s.stdout", r->dir);
	r->stdout_text = read_file(path);
	if (!r->stdout_text)
		r->stdout_text = strdup("");
	klen = strlen(r->outcome) + strlen(r->stdout_text ? r->stdout_text : "") + 2;
	r->outcome_key = malloc(klen);
	if (!r->stdout_text || !r->outcome_key)
		return false;
	snprintf(r->outcome_key, klen, "%s\n%s", r->outcome, r->stdout_text);
	r->loaded = true;
	return true;
}

/* The runs' traces, read by --jobs threads: each takes the next run not yet taken. */
struct reader {
	const struct explore *e;
	struct run *runs;
	pthread_mutex_t lock;
	long next;
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;

	for (;;) {
		long i;

		pthread_mutex_lock(&rd->lock);
		i = rd->next++;
		pthread_mutex_unlock(&rd->lock);
		if (i >= rd->e->runs)
			return NULL;
		read_run(rd->e, &rd->runs[i]);
	}
}

void explore_read_all(const struct explore *e, struct run *runs)
{
	struct reader rd = { .e = e, .runs = runs, .next = 0 };
	long n = e->jobs < e->runs ? e->jobs : e->runs;
	pthread_t *threads = calloc((size_t)n, sizeof(*threads));
	long started = 0;

	pthread_mutex_init(&rd.lock, NULL);
	/* ct_model_load allows loads in several threads at once; each forks its own decoder. */
	for (; threads && started < n; started++)
		if (pthread_create(&threads[started], NULL, reader_main, &rd) != 0)
			break;
	if (started == 0)
		reader_main(&rd);
	for (long i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&rd.lock);
	free(threads);
}

/* ---------------------------------------------------------------- groups */

struct group {
	long first;          /* index of its first run */
	long runs;           /* how many */
	size_t interleaving; /* index of its interleaving (distinct signatures, from 0) */
	size_t outcome;      /* index of its outcome */
};

static int group_cmp(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	if (a->runs != b->runs)
		return a->runs > b->runs ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/*
 * Line LINE (from 0) of TEXT into BUF; false when TEXT has fewer lines.
 * A last line without '\n' counts.
 */
static bool nth_line(const char *text, size_t line, char *buf, size_t len)
{
	for (size_t i = 0; i < line; i++) {
		text = strchr(text, '\n');
		if (!text || !text[1])
			return false;
		text++;
	}
	if (!*text)
		return false;
	snprintf(buf, len, "%.*s", (int)(strchrnul(text, '\n') - text), text);
	return true;
}

/*
 * The stdout line that tells run R's output apart: the first line where it
 * differs from REF's, or its last line when they are the same (or R is REF).
 */
static void telling_line(const struct run *r, const struct run *ref, char *buf, size_t len)
{
	char a[256], b[256];
	size_t i = 0;

	buf[0] = '\0';
	if (r != ref && strcmp(r->stdout_text, ref->stdout_text) != 0) {
		for (;; i++) {
			bool ha = nth_line(r->stdout_text, i, a, sizeof(a));
			bool hb = nth_line(ref->stdout_text, i, b, sizeof(b));

			if (!ha) {
				snprintf(buf, len, "(output ends after %zu lines)", i);
				return;
			}
			if (!hb || strcmp(a, b) != 0) {
				snprintf(buf, len, "\"%s\"", a);
				return;
			}
		}
	}
	/* The last line. */
	for (i = 0; nth_line(r->stdout_text, i, a, sizeof(a)); i++)
		snprintf(buf, len, "\"%s\"", a);
	if (!buf[0])
		snprintf(buf, len, "(no output)");
}

/* ----------------------------------------------------------------- chart */

static bool write_chart(FILE *out, void *arg, char *why, size_t whylen)
{
	return ct_ui_write_png(arg, out, why, whylen) == CT_UI_OK;
}

/*
 * Draws N_BARS bars into E->png: the groups' runs, or the outcomes' when
 * only the output varies (4.1's Result). LABELS and DETAILS are per bar.
 */
static void draw_chart(const struct explore *e, const char (*labels)[160],
		       const char (*details)[360], const long *values, size_t n_bars,
		       const char *subtitle, bool first_apart)
{
	struct ct_ui_chart_bar *bars = calloc(n_bars ? n_bars : 1, sizeof(*bars));
	struct ct_ui_chart chart = { 0 };
	SDL_Surface *picture = NULL;
	char title[256], err[512];

	if (!bars) {
		fprintf(stderr, "ctrace explore: out of memory drawing the chart\n");
		return;
	}
	for (size_t i = 0; i < n_bars; i++)
		bars[i] = (struct ct_ui_chart_bar){ labels[i], details[i], (double)values[i] };
	if (e->scenario)
		snprintf(title, sizeof(title), "ctrace explore %s: %s / %s", e->scenario->id,
			 e->scenario->title_zh, e->scenario->title_en);
	else
		snprintf(title, sizeof(title), "ctrace explore: %.200s", e->prog);
	chart.title = title;
	chart.subtitle = subtitle;
	chart.bars = bars;
	chart.n_bars = n_bars;
	chart.first_apart = first_apart;
	if (ct_ui_render_chart(&chart, &picture, err, sizeof(err)) != CT_UI_OK)
		fprintf(stderr, "ctrace explore: cannot draw the chart: %s\n", err);
	else if (ct_cli_write_output("explore", e->png, write_chart, picture))
		fprintf(stderr, "ctrace explore: chart written to %s\n", e->png);
	SDL_FreeSurface(picture);
	free(bars);
}

/* ----------------------------------------------------------------- table */

static const char *plural(long n)
{
	return n == 1 ? "" : "s";
}

struct outcome_row {
	long runs;
	long first;
	double key; /* the first number of its telling line, for sorting; NAN when none */
	char line[300];
};

static int outcome_cmp(const void *pa, const void *pb)
{
	const struct outcome_row *a = pa, *b = pb;

	if (!isnan(a->key) && !isnan(b->key) && a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (isnan(a->key) != isnan(b->key))
		return isnan(a->key) ? 1 : -1;
	if (a->runs != b->runs)
		return a->runs > b->runs ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/*
 * The distinct outcomes, whatever the interleaving: each with its number of
 * runs, sorted by the first number of the line that tells it apart
 * (scenario 4.1's Result), so a spread of values reads as a distribution.
 * Malloc'd (N_OUT rows), or NULL.
 */
static struct outcome_row *outcome_rows(const struct run *runs, long n_runs, const long *out_first,
					size_t n_out, const struct run *ref)
{
	struct outcome_row *rows = calloc(n_out ? n_out : 1, sizeof(*rows));

	if (!rows)
		return NULL;
	for (size_t o = 0; o < n_out; o++) {
		const struct run *r = &runs[out_first[o]];
		const char *d;

		rows[o].first = out_first[o];
		telling_line(r, ref, rows[o].line, sizeof(rows[o].line));
		d = strpbrk(rows[o].line, "0123456789");
		rows[o].key = d ? strtod(d, NULL) : NAN;
		for (long i = 0; i < n_runs; i++)
			if (runs[i].loaded && strcmp(runs[i].outcome_key, r->outcome_key) == 0)
				rows[o].runs++;
	}
	qsort(rows, n_out, sizeof(*rows), outcome_cmp);
	return rows;
}

static void print_outcomes(const struct run *runs, const struct outcome_row *rows, size_t n_out)
{
	printf("\nOutcomes, whatever the interleaving:\n");
	for (size_t o = 0; o < n_out; o++)
		printf("%9ld  %s; %s\n", rows[o].runs, runs[rows[o].first].outcome, rows[o].line);
}

/* One row a group: its runs, the trace of its first run, its outcome, how it differs from #1. */
static void print_table(const struct explore *e, const struct run *runs, const struct group *g,
			size_t n_groups)
{
	const struct run *ref = &runs[g[0].first];

	printf("\n%3s %5s  %-40s %s%s\n", "#", "runs", "trace (its first run)",
	       e->perturb ? "seed  " : "", "outcome");
	for (size_t i = 0; i < n_groups; i++) {
		const struct run *r = &runs[g[i].first];
		char line[300], diff[600], seed[32] = "";

		telling_line(r, ref, line, sizeof(line));
		if (e->perturb)
			snprintf(seed, sizeof(seed), "%-5" PRIu64 " ", e->seed + (uint64_t)r->k);
		printf("%3zu %5ld  %-40s %s%s; %s\n", i + 1, g[i].runs, r->dir, seed, r->outcome,
		       line);
		if (i == 0)
			snprintf(diff, sizeof(diff), "the most frequent group");
		else if (g[i].interleaving == g[0].interleaving)
			snprintf(diff, sizeof(diff), "the same as #1's, with another outcome");
		else
			ct_signature_difference(r->sig, ref->sig, diff, sizeof(diff));
		printf("%3s %5s  interleaving %zu: %s\n", "", "", g[i].interleaving + 1, diff);
	}
}

/* The line of part KEY in SIG after "KEY: ", or NULL when SIG has no such part. */
static const char *part_items(const struct ct_signature *sig, const char *key)
{
	for (size_t q = 0; q < ct_signature_part_count(sig); q++)
		if (strcmp(ct_signature_part_key(sig, q), key) == 0)
			return ct_signature_part_line(sig, q) + strlen(key) + 1;
	return NULL;
}

/*
 * What varies: the first part (in key order) that is not the same in every
 * group, shown whole for each group, so the orders themselves can be read
 * (2.3's arrival orders, 3.2's lock orders).
 */
static const char *print_varies(const struct run *runs, const struct group *g, size_t n_groups)
{
	const struct ct_signature *ref = runs[g[0].first].sig;

	for (size_t p = 0; p < ct_signature_part_count(ref); p++) {
		const char *key = ct_signature_part_key(ref, p);
		const char *items = part_items(ref, key);
		bool varies = false;

		for (size_t i = 1; i < n_groups && !varies; i++) {
			const char *other = part_items(runs[g[i].first].sig, key);

			varies = !other || strcmp(other, items) != 0;
		}
		if (!varies)
			continue;
		printf("\nWhat varies first, %s, in each group:\n", key);
		for (size_t i = 0; i < n_groups; i++) {
			const char *l = part_items(runs[g[i].first].sig, key);

			printf("%3zu %5ld %s\n", i + 1, g[i].runs, l ? l : " (none)");
		}
		return key;
	}
	return NULL;
}

/* The chart: a bar per group, or per outcome when ROWS is not NULL. */
static void chart(const struct explore *e, const struct run *runs, const struct group *g,
		  size_t n_groups, const struct outcome_row *rows, size_t n_out,
		  const char *subtitle)
{
	size_t n = rows ? n_out : n_groups;
	char(*labels)[160] = calloc(n, sizeof(*labels));
	char(*details)[360] = calloc(n, sizeof(*details));
	long *values = calloc(n, sizeof(*values));

	if (!labels || !details || !values) {
		fprintf(stderr, "ctrace explore: out of memory drawing the chart\n");
		goto end;
	}
	for (size_t i = 0; i < n; i++) {
		if (rows) {
			const char *l = rows[i].line;
			size_t len = strlen(l);

			/* The telling line without its quotes, as the program printed it. */
			if (len >= 2 && l[0] == '"')
				snprintf(labels[i], sizeof(labels[i]), "%.*s", (int)(len - 2),
					 l + 1);
			else
				snprintf(labels[i], sizeof(labels[i]), "%.150s", l);
			snprintf(details[i], sizeof(details[i]), "%.200s; first run %.140s",
				 runs[rows[i].first].outcome, runs[rows[i].first].dir);
			values[i] = rows[i].runs;
		} else {
			const struct run *r = &runs[g[i].first];
			char line[200], diff[300];

			telling_line(r, &runs[g[0].first], line, sizeof(line));
			if (i == 0)
				snprintf(diff, sizeof(diff), "the most frequent");
			else if (g[i].interleaving == g[0].interleaving)
				snprintf(diff, sizeof(diff), "the same interleaving as #1");
			else
				ct_signature_difference(r->sig, runs[g[0].first].sig, diff,
							sizeof(diff));
			snprintf(labels[i], sizeof(labels[i]), "#%zu  interleaving %zu", i + 1,
				 g[i].interleaving + 1);
			snprintf(details[i], sizeof(details[i]), "%.100s; %.80s  |  %.120s",
				 r->outcome, line, diff);
			values[i] = g[i].runs;
		}
	}
	draw_chart(e, (const char(*)[160])labels, (const char(*)[360])details, values, n, subtitle,
		   rows == NULL);
end:
	free(labels);
	free(details);
	free(values);
}

/* The runs sorted into groups: by interleaving and by outcome, each numbered from 0. */
struct grouping {
	struct group *groups; /* sorted: most runs first */
	long *inter_first;    /* per interleaving, its first run */
	long *out_first;      /* per outcome, its first run */
	size_t n_groups, n_inter, n_out;
};

/* Fills G (its arrays have room for N_RUNS) from the runs read. Returns how many were. */
static long group_runs(const struct run *runs, long n_runs, struct grouping *g)
{
	long read_ok = 0;

	for (long i = 0; i < n_runs; i++) {
		const struct run *r = &runs[i];
		size_t inter, out, gi;

		if (!r->loaded)
			continue;
		read_ok++;
		/* The hash first: comparing texts is for the (rare) equal hashes. */
		for (inter = 0; inter < g->n_inter; inter++) {
			const struct ct_signature *s = runs[g->inter_first[inter]].sig;

			if (ct_signature_hash(s) == ct_signature_hash(r->sig) &&
			    strcmp(ct_signature_text(s), ct_signature_text(r->sig)) == 0)
				break;
		}
		if (inter == g->n_inter)
			g->inter_first[g->n_inter++] = i;
		for (out = 0; out < g->n_out; out++)
			if (strcmp(runs[g->out_first[out]].outcome_key, r->outcome_key) == 0)
				break;
		if (out == g->n_out)
			g->out_first[g->n_out++] = i;
		for (gi = 0; gi < g->n_groups; gi++)
			if (g->groups[gi].interleaving == inter && g->groups[gi].outcome == out)
				break;
		if (gi == g->n_groups)
			g->groups[g->n_groups++] = (struct group){ i, 0, inter, out };
		g->groups[gi].runs++;
	}
	qsort(g->groups, g->n_groups, sizeof(*g->groups), group_cmp);
	/* Interleavings are numbered as the table first shows them: group 1's is number 1. */
	{
		size_t *renum = malloc((g->n_inter ? g->n_inter : 1) * sizeof(*renum));
		size_t next = 0;

		for (size_t i = 0; renum && i < g->n_inter; i++)
			renum[i] = SIZE_MAX;
		for (size_t i = 0; renum && i < g->n_groups; i++) {
			if (renum[g->groups[i].interleaving] == SIZE_MAX)
				renum[g->groups[i].interleaving] = next++;
			g->groups[i].interleaving = renum[g->groups[i].interleaving];
		}
		free(renum);
	}
	return read_ok;
}

int explore_report(const struct explore *e, struct run *runs, long failed)
{
	struct grouping g = {
		.groups = calloc((size_t)e->runs, sizeof(*g.groups)),
		.inter_first = calloc((size_t)e->runs, sizeof(*g.inter_first)),
		.out_first = calloc((size_t)e->runs, sizeof(*g.out_first)),
	};
	struct group *groups = g.groups;
	long *inter_first = g.inter_first, *out_first = g.out_first;
	size_t n_groups, n_inter, n_out;
	long read_ok;

	if (!groups || !inter_first || !out_first) {
		fprintf(stderr, "ctrace explore: out of memory\n");
		free(groups);
		free(inter_first);
		free(out_first);
		return 1;
	}
	read_ok = group_runs(runs, e->runs, &g);
	n_groups = g.n_groups;
	n_inter = g.n_inter;
	n_out = g.n_out;

	printf("\n%ld run%s, %zu distinct interleaving%s, %zu distinct outcome%s", read_ok,
	       plural(read_ok), n_inter, plural((long)n_inter), n_out, plural((long)n_out));
	if (read_ok < e->runs)
		printf(" (%ld of %ld runs could not be recorded or read)", e->runs - read_ok,
		       e->runs);
	printf("\n");
	if (e->perturb)
		printf("Perturbed: run K had %s=%" PRIu64 "+K (--seed %" PRIu64 " replays them)\n",
		       PERTURB_ENV, e->seed, e->seed);
	if (n_groups > 0) {
		const struct run *ref = &runs[groups[0].first];
		struct outcome_row *rows = outcome_rows(runs, e->runs, out_first, n_out, ref);
		const char *varies;

		print_table(e, runs, groups, n_groups);
		varies = print_varies(runs, groups, n_groups);
		for (size_t i = 0; e->signatures && i < n_groups; i++)
			printf("\nInterleaving of group %zu (%ld run%s):\n%s", i + 1,
			       groups[i].runs, plural(groups[i].runs),
			       ct_signature_text(runs[groups[i].first].sig));
		/*
		 * The outcomes apart, when they say more than the table: when
		 * only the output varies (4.1's Result), or when several
		 * interleavings share an outcome.
		 */
		if (n_out > 1 && rows &&
		    ((varies && strcmp(varies, "print") == 0) || n_out < n_groups))
			print_outcomes(runs, rows, n_out);
		printf("\nOpen one with 'ctrace view TRACE'; every run's output is in "
		       "TRACE.stdout.\n");
		/* Two groups: where their runs part is what comparing them shows first. */
		if (n_groups > 1)
			printf("Compare two with 'ctrace diff A B' or 'ctrace view --compare A B', "
			       "e.g.\n  ctrace view --compare %s %s\n",
			       runs[groups[0].first].dir, runs[groups[1].first].dir);
		if (e->png) {
			/* When only the printed lines vary, the outcomes are what to chart. */
			bool by_outcome =
				rows && n_out > 1 && varies && strcmp(varies, "print") == 0;
			char subtitle[256];

			snprintf(subtitle, sizeof(subtitle),
				 "%ld run%s, %zu distinct interleaving%s, %zu distinct outcome%s%s",
				 read_ok, plural(read_ok), n_inter, plural((long)n_inter), n_out,
				 plural((long)n_out),
				 by_outcome ? "; runs per outcome" : "; runs per group");
			chart(e, runs, groups, n_groups, by_outcome ? rows : NULL, n_out, subtitle);
		}
		free(rows);
	}
	free(groups);
	free(inter_first);
	free(out_first);
	return read_ok < e->runs || failed > 0 ? 1 : 0;
}
