/* SPDX-License-Identifier: MIT */
/*
 * cmd_check.c - `ctrace check TRACE`: the analyses' findings, one a line,
 * and a summary; the exit status says whether anything was found.
 *
 * Each line is "TIME KIND LANES SENTENCE": TIME in seconds since the first
 * event (as in `ctrace dump`), KIND one word, LANES the lanes involved as
 * T<index> joined by commas. Findings of one kind on one object can number
 * in the thousands (scenario 4.1's lost updates), so unless --all is given
 * only the first few of each kind and object are printed, followed by a
 * line saying how many more there are (and, for lost updates, how many
 * updates those overwrites lost). Single-threaded, like the CLI.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "i18n.h"
#include "model.h"
#include "timefmt.h"
#include "model_load.h"
#include "source.h"

/* Findings printed per (kind, object) before the rest are summed up. */
#define SHOWN_PER_GROUP 5

static void usage(FILE *out)
{
	fputs(_("usage: ctrace check [--all] [--salvage] [--skip-unreadable] TRACE\n\n"
		"Look for concurrency bugs in the trace directory TRACE and print each\n"
		"finding on one line: time since the first event (s), kind, the lanes\n"
		"involved (T<n>, as in 'ctrace dump'), and a sentence.\n\n"
		"Kinds:\n"
		"  deadlock        threads still blocked at the end that wait for each\n"
		"                  other in a cycle (mutexes, joins, channels)\n"
		"  lost-update     a read-modify-write of an object (access events) that\n"
		"                  overwrote other threads' updates it never read; each\n"
		"                  says how many it lost, and the summary gives the total\n"
		"                  (for a counter: how far below the expected value it ended)\n"
		"  use-after-drop  an object accessed after it was dropped, or an Arc\n"
		"                  used after its count reached 0\n"
		"  never-received  a message sent but never received\n"
		"  never-joined    a thread nobody joined (cut off at exit, or detached)\n\n"
		"Options:\n"
		"      --all       print every finding (by default at most 5 of each kind\n"
		"                  and object, then how many more there are)\n"),
	      out);
	fputs(CT_CLI_LOAD_HELP, out);
	fputs(_("  -h, --help      show this help\n\n"
		"Exit status: 0 nothing found, 1 something found, 2 unreadable or damaged trace.\n"),
	      out);
}

static void put_time(FILE *out, uint64_t ns)
{
	char buf[32];

	fputs(ct_time_format_seconds(ns, buf, sizeof(buf)), out);
}

/* The object a finding is grouped by: its first ref's object. */
static uint32_t group_obj(const struct ct_analysis *a, const struct ct_finding *f)
{
	size_t n;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(a, f, &n);

	return n ? refs[0].obj : CT_MODEL_NONE;
}

/*
 * Where the finding's own operations are in the code: " (T2 at
 * philosophers.c:41, T3 at philosophers.c:41)", one entry per ref that is
 * an operation of the program (a wait, a write, a use, a send, a spawn, a
 * drop) and has a call site, each (lane, site) once. Nothing when no ref
 * has a site (no call sites in the trace, or none resolved).
 */
static void put_sites(const struct ct_model *m, struct ct_source *src,
		      const struct ct_finding_ref *refs, size_t n)
{
	bool any = false;

	for (size_t k = 0; src && k < n; k++) {
		uint32_t site = ct_model_event_site(m, refs[k].event);
		bool seen = false;
		char lane[16], where[256];

		if (refs[k].role == CT_ROLE_HOLD || refs[k].role == CT_ROLE_STUCK ||
		    refs[k].role == CT_ROLE_LAST || refs[k].role == CT_ROLE_READ ||
		    refs[k].role == CT_ROLE_LOST)
			continue;
		for (size_t j = 0; j < k; j++)
			seen = seen || (refs[j].lane == refs[k].lane &&
					ct_model_event_site(m, refs[j].event) == site &&
					refs[j].role == refs[k].role);
		if (seen || !ct_source_format(src, site, true, where, sizeof(where)))
			continue;
		ct_model_lane_short_id(m, refs[k].lane, lane, sizeof(lane));
		printf("%s%s at %s", any ? ", " : " (", lane, where);
		any = true;
	}
	if (any)
		putchar(')');
}

/* Prints finding F's line; BUF (SIZE bytes) is scratch space for the sentence. */
static void put_finding(const struct ct_model *m, const struct ct_analysis *a,
			struct ct_source *src, const struct ct_finding *f, char *buf, size_t size)
{
	size_t n, len;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(a, f, &n);
	char lanes[64];
	size_t used = 0;

	/* Each lane once, in the order the refs name them. */
	lanes[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		bool seen = false;

		for (size_t j = 0; j < k; j++)
			seen = seen || refs[j].lane == refs[k].lane;
		if (seen || used + 14 >= sizeof(lanes))
			continue;
		used += (size_t)snprintf(lanes + used, sizeof(lanes) - used, "%s", used ? "," : "");
		ct_model_lane_short_id(m, refs[k].lane, lanes + used, sizeof(lanes) - used);
		used += strlen(lanes + used);
	}
	len = ct_analysis_describe(m, a, f, buf, size);
	put_time(stdout, f->time);
	printf("  %-14s  %-8s  %s%s", ct_finding_kind_name((enum ct_finding_kind)f->kind), lanes,
	       buf, len >= size ? "..." : "");
	put_sites(m, src, refs, n);
	putchar('\n');
}

/*
 * Prints the findings, at most SHOWN_PER_GROUP per (kind, object) unless
 * ALL, then one line per group that had more. Returns false when out of memory.
 */
static bool put_findings(const struct ct_model *m, const struct ct_analysis *a, bool all)
{
	size_t n_findings, n_objs;
	const struct ct_finding *fs = ct_analysis_borrow_findings(a, &n_findings);
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n_objs);
	/* Per (kind, object + 1): how many seen; index 0 is "no object". */
	size_t *seen = calloc((n_objs + 1) * CT_FINDING_COUNT_, sizeof(*seen));
	uint64_t *last = calloc((n_objs + 1) * CT_FINDING_COUNT_, sizeof(*last));
	/* The amounts of the findings not printed (lost updates for that kind). */
	uint64_t *hidden = calloc((n_objs + 1) * CT_FINDING_COUNT_, sizeof(*hidden));
	char buf[1024];
	/* Resolving is lazy: only the sites of the findings printed are looked up. */
	struct ct_source *src = ct_source_new(m);
	bool ok = seen && last && hidden && src;

	if (!ok)
		goto end;
	for (size_t i = 0; i < n_findings; i++) {
		uint32_t obj = group_obj(a, &fs[i]);
		size_t g = fs[i].kind * (n_objs + 1) + (obj < n_objs ? obj + 1 : 0);

		last[g] = fs[i].time;
		if (all || seen[g]++ < SHOWN_PER_GROUP)
			put_finding(m, a, src, &fs[i], buf, sizeof(buf));
		else
			hidden[g] += fs[i].amount;
	}
	for (size_t g = 0; !all && g < (n_objs + 1) * CT_FINDING_COUNT_; g++) {
		size_t kind = g / (n_objs + 1), obj = g % (n_objs + 1);

		if (seen[g] <= SHOWN_PER_GROUP)
			continue;
		if (kind == CT_FINDING_LOST_UPDATE)
			printf(_("... and %zu more overwrites, which lost %llu updates"),
			       seen[g] - SHOWN_PER_GROUP, (unsigned long long)hidden[g]);
		else
			printf(_("... and %zu more %s"), seen[g] - SHOWN_PER_GROUP,
			       _(ct_finding_kind_plural((enum ct_finding_kind)kind)));
		if (obj)
			printf(_(" on %s"), *ct_model_string(m, objs[obj - 1].name)
						    ? ct_model_string(m, objs[obj - 1].name)
						    : _("an unnamed object"));
		fputs(_(", the last at "), stdout);
		put_time(stdout, last[g]);
		puts(_(" (--all shows them)"));
	}
end:
	ct_source_destroy(src);
	free(seen);
	free(last);
	free(hidden);
	return ok;
}

/* The summary line; returns the total number of findings. */
static size_t put_summary(const struct ct_model *m, const struct ct_analysis *a)
{
	size_t total = 0;
	bool first = true;

	for (int k = 0; k < CT_FINDING_COUNT_; k++)
		total += ct_analysis_count(a, (enum ct_finding_kind)k);
	if (total == 0) {
		fputs(_("no findings: no deadlock, lost update, use after drop, unreceived message "
			"or unjoined thread"),
		      stdout);
	} else {
		printf(P_("%zu finding:", "%zu findings:", total), total);
		for (int k = 0; k < CT_FINDING_COUNT_; k++) {
			size_t c = ct_analysis_count(a, (enum ct_finding_kind)k);

			if (!c)
				continue;
			if (k == CT_FINDING_LOST_UPDATE) {
				/* Updates, not findings: one overwrite can lose many. */
				uint64_t lost = ct_analysis_total(a, CT_FINDING_LOST_UPDATE);

				fputs(first ? "" : _(","), stdout);
				printf(P_(" %llu lost update", " %llu lost updates", lost),
				       (unsigned long long)lost);
				printf(P_(" (in %zu overwrite)", " (in %zu overwrites)", c), c);
			} else {
				fputs(first ? "" : _(","), stdout);
				/* TRANSLATORS: a count and a kind of finding ("2 deadlocks"). */
				printf(_(" %zu %s"), c,
				       c == 1 ? _(ct_finding_kind_name((enum ct_finding_kind)k))
					      : _(ct_finding_kind_plural((enum ct_finding_kind)k)));
			}
			first = false;
		}
	}
	if (ct_model_discarded(m))
		printf(_(" (%llu events were discarded while recording: findings may be missing "
			 "or wrong)"),
		       (unsigned long long)ct_model_discarded(m));
	putchar('\n');
	return total;
}

int cmd_check(int argc, char **argv)
{
	struct ct_model *m = NULL;
	struct ct_analysis *a = NULL;
	enum ct_model_status st;
	const char *trace = NULL;
	bool all = false;
	int rc = 2;
	struct ct_cli_load how;

	ct_cli_load_flags(&argc, argv, &how);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--all") == 0) {
			all = true;
		} else if (argv[i][0] == '-' || trace) {
			usage(stderr);
			return 2;
		} else {
			trace = argv[i];
		}
	}
	if (!trace) {
		usage(stderr);
		return 2;
	}
	m = ct_cli_model_load("check", trace, &how);
	if (!m)
		return 2;
	st = ct_analysis_run(m, &a);
	if (st != CT_MODEL_OK) {
		fprintf(stderr, "ctrace check: %s: %s\n", trace, ct_model_status_str(st));
		goto end;
	}
	if (!put_findings(m, a, all)) {
		fprintf(stderr, "ctrace check: %s: %s\n", trace,
			ct_model_status_str(CT_MODEL_NOMEM));
		goto end;
	}
	rc = put_summary(m, a) ? 1 : 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("ctrace check: stdout");
		rc = 2;
	}
end:
	ct_analysis_destroy(a);
	ct_model_destroy(m);
	return rc;
}
