/* SPDX-License-Identifier: MIT */
/*
 * findings.c - the analyses' result: findings as the analyses record them
 * (finding_add, ref_add), sorted by time and indexed by event once they
 * ran, and the ct_analysis_* lookups the views make on them.
 */
#include "findings.h"

#include <stdlib.h>

/*
 * A pathological trace (a racy loop over millions of events) could have
 * millions of lost updates; past this many findings of one kind only the
 * count grows, so the result stays small. The viewer and the CLI show the
 * first ones, which is what a reader looks at anyway.
 */
#define MAX_STORED_PER_KIND 100000u

/* Maps an event to a finding it takes part in; sorted by event, then finding. */
struct event_link {
	uint32_t event;
	uint32_t finding;
};

struct ct_analysis {
	struct ct_finding *findings; /* owned; sorted by time once run */
	size_t n_findings, cap_findings;
	struct ct_finding_ref *refs; /* owned */
	size_t n_refs, cap_refs;
	struct event_link *links; /* owned */
	size_t n_links;
	size_t counts[CT_FINDING_COUNT_];   /* every finding, stored or not */
	uint64_t totals[CT_FINDING_COUNT_]; /* the sum of their amounts */
};

bool analysis_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	p = realloc(*arr, c * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

/* See findings.h; the bound is MAX_STORED_PER_KIND. */
enum ct_model_status finding_add_amount(struct run *r, enum ct_finding_kind kind, uint32_t event,
					uint32_t amount)
{
	struct ct_analysis *a = r->a;

	if (a->counts[kind] >= MAX_STORED_PER_KIND) {
		a->counts[kind]++;
		a->totals[kind] += amount;
		r->skipping = true;
		return CT_MODEL_OK;
	}
	if (a->n_refs >= CT_MODEL_NONE - 16)
		return CT_MODEL_TOO_LARGE;
	if (!analysis_grow((void **)&a->findings, &a->cap_findings, a->n_findings + 1,
			   sizeof(*a->findings)))
		return CT_MODEL_NOMEM;
	a->findings[a->n_findings++] = (struct ct_finding){
		.time = ct_model_event_time(&r->ev[event]),
		.event = event,
		.kind = kind,
		.ref_first = (uint32_t)a->n_refs,
		.ref_count = 0,
		.amount = amount,
	};
	a->counts[kind]++;
	a->totals[kind] += amount;
	r->skipping = false;
	return CT_MODEL_OK;
}

enum ct_model_status finding_add(struct run *r, enum ct_finding_kind kind, uint32_t event)
{
	return finding_add_amount(r, kind, event, 1);
}

enum ct_model_status ref_add(struct run *r, uint32_t event, uint32_t obj, enum ct_finding_role role)
{
	struct ct_analysis *a = r->a;

	if (r->skipping)
		return CT_MODEL_OK;
	if (!analysis_grow((void **)&a->refs, &a->cap_refs, a->n_refs + 1, sizeof(*a->refs)))
		return CT_MODEL_NOMEM;
	a->refs[a->n_refs++] = (struct ct_finding_ref){
		.event = event, .lane = r->ev[event].lane, .obj = obj, .role = role
	};
	a->findings[a->n_findings - 1].ref_count++;
	return CT_MODEL_OK;
}

struct ct_analysis *findings_create(void)
{
	return calloc(1, sizeof(struct ct_analysis));
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct ct_finding *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	/* Findings made in order have increasing ref_first: a stable sort. */
	return a->ref_first < b->ref_first ? -1 : a->ref_first > b->ref_first;
}

static int link_cmp(const void *pa, const void *pb)
{
	const struct event_link *a = pa, *b = pb;

	if (a->event != b->event)
		return a->event < b->event ? -1 : 1;
	return a->finding < b->finding ? -1 : a->finding > b->finding;
}

enum ct_model_status findings_index(struct ct_analysis *a)
{
	size_t n = 0;

	if (a->n_findings)
		qsort(a->findings, a->n_findings, sizeof(*a->findings), finding_cmp);
	if (a->n_refs == 0)
		return CT_MODEL_OK;
	a->links = malloc(a->n_refs * sizeof(*a->links));
	if (!a->links)
		return CT_MODEL_NOMEM;
	for (size_t f = 0; f < a->n_findings; f++) {
		const struct ct_finding *fi = &a->findings[f];

		for (uint32_t k = 0; k < fi->ref_count; k++)
			a->links[n++] =
				(struct event_link){ .event = a->refs[fi->ref_first + k].event,
						     .finding = (uint32_t)f };
	}
	qsort(a->links, n, sizeof(*a->links), link_cmp);
	a->n_links = n;
	return CT_MODEL_OK;
}

void ct_analysis_destroy(struct ct_analysis *a)
{
	if (!a)
		return;
	free(a->findings);
	free(a->refs);
	free(a->links);
	free(a);
}

const struct ct_finding *ct_analysis_borrow_findings(const struct ct_analysis *a, size_t *count)
{
	*count = a->n_findings;
	return a->findings;
}

const struct ct_finding_ref *ct_analysis_borrow_refs(const struct ct_analysis *a,
						     const struct ct_finding *f, size_t *count)
{
	*count = f->ref_count;
	return f->ref_count ? &a->refs[f->ref_first] : NULL;
}

size_t ct_analysis_count(const struct ct_analysis *a, enum ct_finding_kind kind)
{
	return (unsigned)kind < CT_FINDING_COUNT_ ? a->counts[kind] : 0;
}

uint64_t ct_analysis_total(const struct ct_analysis *a, enum ct_finding_kind kind)
{
	return (unsigned)kind < CT_FINDING_COUNT_ ? a->totals[kind] : 0;
}

/* Index of the first finding with time >= T. */
static size_t finding_at(const struct ct_analysis *a, uint64_t t)
{
	size_t lo = 0, hi = a->n_findings;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->findings[mid].time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t ct_analysis_findings_in(const struct ct_analysis *a, uint64_t t0, uint64_t t1, size_t *first)
{
	size_t lo = finding_at(a, t0), hi;

	*first = lo;
	if (t1 < t0)
		return 0;
	hi = t1 == UINT64_MAX ? a->n_findings : finding_at(a, t1 + 1);
	return hi - lo;
}

uint32_t ct_analysis_event_finding(const struct ct_analysis *a, uint32_t event)
{
	size_t lo = 0, hi = a->n_links;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->links[mid].event < event)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->n_links && a->links[lo].event == event)
		return a->links[lo].finding;
	return CT_MODEL_NONE;
}
