/* SPDX-License-Identifier: MIT */
/*
 * cmd_diff.c - `ctrace diff A B`: two runs aligned on their common prefix
 * of happens-before order (ct_model_compare), the first events where they
 * part with a few before them, and what differs after that. Single-threaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "compare.h"
#include "model_load.h"

/* How many events of the causal sequence are shown before each diverging one. */
#define CONTEXT 3
/* How many lanes whose event counts differ are listed. */
#define MAX_LANES 20

static void usage(FILE *out)
{
	fputs("usage: ctrace diff [--salvage] [--skip-unreadable] A B\n\n"
	      "Compare two runs of one program, the trace directories A and B: align them on\n"
	      "their common prefix of happens-before order (what caused what: program order,\n"
	      "spawns, joins, messages, lock hand-offs, wake-ups; never how long each step\n"
	      "took) and show the first event where they part, in each run, with the events\n"
	      "just before it in causal order; then what differs after it: events per thread,\n"
	      "the lines printed, the findings of 'ctrace check'.\n"
	      "Threads are matched by name and by their position among the threads of that\n"
	      "name, never by thread id; concurrent events may come in either order.\n"
	      "\nOptions:\n" CT_CLI_LOAD_HELP "\n"
	      "Exit status: 0 the runs have the same happens-before order, 1 they diverge,\n"
	      "2 bad usage or an unreadable trace.\n",
	      out);
}

/* One side's divergence: CONTEXT events before it in causal order, then it. */
static void print_side(char name, const struct ct_model *m, const struct ct_compare_side *s)
{
	size_t from = s->first_pos > CONTEXT ? s->first_pos - CONTEXT : 0;
	char line[768];

	printf("run %c:\n", name);
	for (size_t i = from; i < s->first_pos && i < s->n_seq; i++)
		printf("    %s\n", ct_model_event_describe(m, s->seq[i], line, sizeof(line)));
	if (s->first == CT_MODEL_NONE)
		printf("  > (ends here)\n");
	else
		printf("  > %s\n", ct_model_event_describe(m, s->first, line, sizeof(line)));
}

/* Events of each lane that the comparison keeps. COUNTS: one per lane, zeroed by the caller. */
static void lane_counts(const struct ct_model *m, const struct ct_compare_side *s, size_t *counts)
{
	size_t n;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n);

	for (size_t i = 0; i < s->n_seq; i++)
		counts[ev[s->seq[i]].lane]++;
}

/* The lanes whose number of events differs, A's in lane order, then those only B has. */
static bool print_lanes(const struct ct_model *ma, const struct ct_compare *cmp,
			const struct ct_model *mb)
{
	size_t nla, nlb, shown = 0, *ca, *cb;
	const uint32_t *oa = ct_model_borrow_lane_order(ma, &nla);
	const uint32_t *ob = ct_model_borrow_lane_order(mb, &nlb);
	bool *seen;
	char label[160];

	ca = calloc(nla ? nla : 1, sizeof(*ca));
	cb = calloc(nlb ? nlb : 1, sizeof(*cb));
	seen = calloc(nlb ? nlb : 1, sizeof(*seen));
	if (!ca || !cb || !seen) {
		free(ca);
		free(cb);
		free(seen);
		return false;
	}
	lane_counts(ma, &cmp->a, ca);
	lane_counts(mb, &cmp->b, cb);
	for (size_t r = 0; r < nla; r++) {
		uint32_t la = oa[r], lb = ct_compare_lane_in(ma, la, mb);
		size_t nb = lb != CT_MODEL_NONE ? cb[lb] : 0;

		if (lb != CT_MODEL_NONE)
			seen[lb] = true;
		if (ca[la] == nb || shown++ >= MAX_LANES)
			continue;
		if (shown == 1)
			printf("events per thread (those that differ):\n%8s %8s  thread (as in A)\n",
			       "A", "B");
		printf("%8zu %8zu  %s\n", ca[la], nb,
		       ct_model_lane_label(ma, la, label, sizeof(label)));
	}
	for (size_t r = 0; r < nlb; r++) {
		if (seen[ob[r]] || shown++ >= MAX_LANES)
			continue;
		if (shown == 1)
			printf("events per thread (those that differ):\n%8s %8s  thread\n", "A",
			       "B");
		printf("%8d %8zu  %s (only in B)\n", 0, cb[ob[r]],
		       ct_model_lane_label(mb, ob[r], label, sizeof(label)));
	}
	if (shown > MAX_LANES)
		printf("  ... and %zu more threads\n", shown - MAX_LANES);
	if (!shown)
		printf("events per thread: the same in both runs\n");
	free(ca);
	free(cb);
	free(seen);
	return true;
}

/* The threads that ended otherwise (ended, killed, still blocked...) in the two runs. */
static void print_ends(const struct ct_model *ma, const struct ct_model *mb)
{
	size_t nla, nlb, shown = 0;
	const uint32_t *oa = ct_model_borrow_lane_order(ma, &nla);
	const struct ct_model_lane *la = ct_model_borrow_lanes(ma, &nla);
	const struct ct_model_lane *lb = ct_model_borrow_lanes(mb, &nlb);
	char label[160];

	for (size_t r = 0; r < nla; r++) {
		uint32_t b = ct_compare_lane_in(ma, oa[r], mb);

		if (b == CT_MODEL_NONE || la[oa[r]].end == lb[b].end || shown++ >= MAX_LANES)
			continue;
		printf("%s: %s in A, %s in B\n",
		       ct_model_lane_label(ma, oa[r], label, sizeof(label)),
		       ct_lane_end_name(la[oa[r]].end), ct_lane_end_name(lb[b].end));
	}
	if (!shown)
		printf("how threads ended: the same in both runs\n");
}

/* The first printed line where the runs' output differs, in time order. */
static void print_output(const struct ct_model *ma, const struct ct_model *mb)
{
	size_t na, nb, ia = 0, ib = 0, line = 0;
	const struct ct_model_event *ea = ct_model_borrow_events(ma, &na);
	const struct ct_model_event *eb = ct_model_borrow_events(mb, &nb);

	for (;;) {
		while (ia < na && ea[ia].type != CT_EV_PRINT)
			ia++;
		while (ib < nb && eb[ib].type != CT_EV_PRINT)
			ib++;
		if (ia == na && ib == nb) {
			printf("printed lines: the same %zu in both runs\n", line);
			return;
		}
		line++;
		if (ia == na || ib == nb ||
		    strcmp(ct_model_string(ma, ea[ia].arg), ct_model_string(mb, eb[ib].arg)) != 0)
			break;
		ia++;
		ib++;
	}
	printf("printed lines: differ from line %zu: A \"%s\", B \"%s\"\n", line,
	       ia < na ? ct_model_string(ma, ea[ia].arg) : "(no more lines)",
	       ib < nb ? ct_model_string(mb, eb[ib].arg) : "(no more lines)");
}

/* The kinds of findings whose counts differ. */
static bool print_findings(const struct ct_model *ma, const struct ct_model *mb)
{
	struct ct_analysis *fa = NULL, *fb = NULL;
	bool differ = false;

	if (ct_analysis_run(ma, &fa) != CT_MODEL_OK || ct_analysis_run(mb, &fb) != CT_MODEL_OK) {
		ct_analysis_destroy(fa);
		return false;
	}
	for (int k = 0; k < CT_FINDING_COUNT_; k++) {
		/* Lost updates by the update, like check's total; the rest by finding. */
		size_t a = (size_t)ct_analysis_total(fa, k), b = (size_t)ct_analysis_total(fb, k);

		if (a != b)
			printf("%s: A %zu, B %zu\n", ct_finding_kind_plural(k), a, b);
		differ |= a != b;
	}
	if (!differ)
		printf("findings of 'ctrace check': the same numbers in both runs\n");
	ct_analysis_destroy(fa);
	ct_analysis_destroy(fb);
	return true;
}

int cmd_diff(int argc, char **argv)
{
	struct ct_model *ma = NULL, *mb = NULL;
	struct ct_compare cmp;
	struct ct_cli_load how;
	int rc = 2;

	ct_cli_load_flags(&argc, argv, &how);
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-') {
		usage(stderr);
		return 2;
	}
	ma = ct_cli_model_load("diff", argv[1], &how);
	if (!ma)
		return 2;
	mb = ct_cli_model_load("diff", argv[2], &how);
	if (!mb)
		goto end;
	if (ct_model_compare(ma, mb, &cmp) != CT_MODEL_OK) {
		fprintf(stderr, "ctrace diff: %s\n", ct_model_status_str(CT_MODEL_NOMEM));
		goto end;
	}
	printf("A: %s: %zu events compared in %u columns of happens-before order\n", argv[1],
	       cmp.a.n_seq, cmp.a.n_columns);
	printf("B: %s: %zu events compared in %u columns\n", argv[2], cmp.b.n_seq, cmp.b.n_columns);
	if (cmp.same) {
		printf("same happens-before order: %zu events in %u columns\n", cmp.prefix_events,
		       cmp.prefix_columns);
		rc = 0;
	} else {
		printf("common prefix: %zu events in %u columns, and %zu events of column %u\n",
		       cmp.prefix_events, cmp.prefix_columns, cmp.column_matched,
		       cmp.prefix_columns);
		printf("first divergence, in column %u:\n", cmp.prefix_columns);
		print_side('A', ma, &cmp.a);
		print_side('B', mb, &cmp.b);
		printf("%s\n\nafter it:\n", cmp.sentence);
		rc = 1;
		if (!print_lanes(ma, &cmp, mb) || !print_findings(ma, mb)) {
			fprintf(stderr, "ctrace diff: %s\n", ct_model_status_str(CT_MODEL_NOMEM));
			rc = 2;
		} else {
			print_ends(ma, mb);
			print_output(ma, mb);
		}
	}
	ct_compare_fini(&cmp);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "ctrace diff: %s\n", strerror(errno));
		rc = 2;
	}
end:
	ct_model_destroy(ma);
	ct_model_destroy(mb);
	return rc;
}
