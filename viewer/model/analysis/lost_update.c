/* SPDX-License-Identifier: MIT */
/*
 * lost_update.c - the lost-update analysis: the updates of an object that a
 * read-modify-write overwrote without having read them, counted exactly (the
 * rule is in analysis.h).
 *
 * Every write of an object is an update made on top of the write whose
 * value its read-modify-write window read (its source; the object's initial
 * value when no write stored it). The writes therefore form a tree, and the
 * updates in effect after a write are the path from the root to it: a
 * counter's value is that path's length. A write whose source is not the
 * write in effect before it takes the object from one path to another: the
 * updates of the old path that are not on the new one are overwritten, and
 * those of the new one that were not on the old one (its read saw them
 * before someone else overwrote them) come back. An update lost at the end
 * is one off the last write's path; it is charged to the write that took it
 * off last. The charges therefore add up to the number of writes minus the
 * last write's depth, which for an increment-only counter is expected minus
 * result.
 */
#include "findings.h"

#include <stdlib.h>

#define NONE UINT32_MAX /* no write: the object's initial value, the tree's root */

/* The LOST refs a finding carries at most (its amount says how many there are). */
#define MAX_LOST_REFS 8

/* How many later writes of the value a read saw are looked at (see late_write). */
#define LOOK_AHEAD 64

/* One write event, numbered in trace order. */
struct wrec {
	uint32_t obj;
	uint32_t ev;
	uint32_t read_ev; /* the lane's read that opened its window, or NONE (a plain write) */
	int64_t value;
};

/*
 * The latest applied write of each (object, value) and each (object, lane),
 * remembered in a hash table instead of scanned for, so a read finds the
 * write it saw however far back it is.
 */
struct seen_write {
	uint64_t key_a, key_b; /* (object + 1, value) or (object + 1 | LANE_KEY, lane) */
	uint32_t w;            /* write number */
};

#define LANE_KEY (1ull << 63)

struct writes {
	struct seen_write *slot; /* open addressing; key_a 0 = free */
	size_t cap, n;           /* cap a power of two */
};

static size_t write_hash(uint64_t a, uint64_t b, size_t cap)
{
	uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b + 0x632BE59BD9B4E019ull + (a << 6));

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 32;
	return (size_t)h & (cap - 1);
}

static struct seen_write *write_find(const struct writes *w, uint64_t a, uint64_t b)
{
	size_t i = write_hash(a, b, w->cap);

	while (w->slot[i].key_a && (w->slot[i].key_a != a || w->slot[i].key_b != b))
		i = (i + 1) & (w->cap - 1);
	return &w->slot[i];
}

/* The write remembered under (A, B), or NONE. */
static uint32_t write_get(const struct writes *w, uint64_t a, uint64_t b)
{
	const struct seen_write *s;

	if (!w->cap)
		return NONE;
	s = write_find(w, a, b);
	return s->key_a ? s->w : NONE;
}

/* Records (A, B) -> WR; false when out of memory. */
static bool write_put(struct writes *w, uint64_t a, uint64_t b, uint32_t wr)
{
	struct seen_write *s;

	if ((w->n + 1) * 2 > w->cap) {
		struct writes bigger = { .cap = w->cap ? w->cap * 2 : 1024 };

		bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
		if (!bigger.slot)
			return false;
		for (size_t i = 0; i < w->cap; i++)
			if (w->slot[i].key_a)
				*write_find(&bigger, w->slot[i].key_a, w->slot[i].key_b) =
					w->slot[i];
		free(w->slot);
		w->slot = bigger.slot;
		w->cap = bigger.cap;
	}
	s = write_find(w, a, b);
	if (!s->key_a)
		w->n++;
	*s = (struct seen_write){ a, b, wr };
	return true;
}

/* The updates in effect on one object: node[d - 1] is the write at depth d. */
struct path {
	uint32_t *node;
	size_t n, cap;
};

/* The analysis' state over all objects. */
struct tree {
	struct run *r;
	struct wrec *w; /* every write, in trace order */
	size_t n_w;
	struct wrec *by_value; /* the writes sorted by (object, value, event) */
	uint32_t *parent;      /* per write: its source, or NONE */
	uint32_t *depth;       /* per write: its source's depth + 1 */
	uint32_t *order;       /* per write: when it was applied, NONE before */
	uint32_t *lost_by;     /* per write: the write that took it off the path last, or NONE */
	uint32_t *slot;        /* per event: a write's number; a read's source once resolved */
	uint32_t n_applied;
	struct path *paths; /* per object */
	struct writes seen;
	uint32_t *chain; /* scratch: a source's ancestors off the path */
	size_t chain_cap;
};

static int by_value_cmp(const void *pa, const void *pb)
{
	const struct wrec *a = pa, *b = pb;

	if (a->obj != b->obj)
		return a->obj < b->obj ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return a->ev < b->ev ? -1 : a->ev > b->ev;
}

static bool on_path(const struct tree *t, const struct path *p, uint32_t x)
{
	return x == NONE || (t->depth[x] <= p->n && p->node[t->depth[x] - 1] == x);
}

/*
 * Applies write W: the object's path becomes its source's path plus W, the
 * writes that leave the path are charged to W and those that come back
 * are no longer lost. False when out of memory.
 */
static bool apply(struct tree *t, uint32_t w)
{
	const struct wrec *wr = &t->w[w];
	struct path *p = &t->paths[wr->obj];
	uint32_t src, x;
	size_t n_chain = 0, keep;

	if (wr->read_ev != NONE)
		src = t->slot[wr->read_ev];
	else /* a plain store overwrites nothing it did not mean to */
		src = p->n ? p->node[p->n - 1] : NONE;
	for (x = src; !on_path(t, p, x); x = t->parent[x]) {
		if (!analysis_grow((void **)&t->chain, &t->chain_cap, n_chain + 1,
				   sizeof(*t->chain)))
			return false;
		t->chain[n_chain++] = x;
	}
	keep = x == NONE ? 0 : t->depth[x];
	for (size_t d = keep; d < p->n; d++)
		t->lost_by[p->node[d]] = w;
	p->n = keep;
	if (!analysis_grow((void **)&p->node, &p->cap, keep + n_chain + 1, sizeof(*p->node)))
		return false;
	while (n_chain) {
		x = t->chain[--n_chain];
		t->lost_by[x] = NONE;
		p->node[p->n++] = x;
	}
	t->parent[w] = src;
	t->depth[w] = (uint32_t)p->n + 1;
	p->node[p->n++] = w;
	t->order[w] = t->n_applied++;
	return write_put(&t->seen, wr->obj + 1ull, (uint64_t)wr->value, w) &&
	       write_put(&t->seen, (wr->obj + 1ull) | LANE_KEY, t->r->ev[wr->ev].lane, w);
}

/*
 * A write of VALUE to OBJ traced after read R although R saw it: the first
 * later write of that value, by another lane, not applied yet, whose window
 * opened before R. Such a write was stored, then its lane was preempted
 * before tracing it while R's lane loaded the value. NONE when none is.
 */
static uint32_t late_write(const struct tree *t, uint32_t obj, int64_t value, uint32_t r)
{
	size_t lo = 0, hi = t->n_w;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct wrec *m = &t->by_value[mid];

		if (m->obj < obj ||
		    (m->obj == obj && (m->value < value || (m->value == value && m->ev <= r))))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < t->n_w && k < lo + LOOK_AHEAD; k++) {
		const struct wrec *m = &t->by_value[k];
		uint32_t c = t->slot[m->ev];

		if (m->obj != obj || m->value != value)
			break;
		if (t->order[c] == NONE && t->r->ev[m->ev].lane != t->r->ev[r].lane &&
		    m->read_ev != NONE && m->read_ev < r)
			return c;
	}
	return NONE;
}

/*
 * Finds the source of read R (an event index) and stores it in slot[R].
 * Access events are traced just after their load or store, so the events
 * can come in another order than the accesses:
 *  - a read traced long after its load (its thread was preempted in
 *    between) saw the value of the latest write that stored it, even when
 *    many writes were traced since; but not a write older than the lane's
 *    own latest one, which its load came after;
 *  - a write traced long after its store was already seen by the reads of
 *    other lanes traced in between: such a read finds no (suitable) write
 *    of its value before it, and the write is applied at the read instead,
 *    where the store had happened.
 * A value no write stored is the object's initial value. False when out of memory.
 */
static bool resolve_read(struct tree *t, uint32_t r)
{
	const struct ct_model_event *e = &t->r->ev[r];
	int64_t value = ct_model_event_value(t->r->m, e);
	uint32_t before = write_get(&t->seen, e->obj + 1ull, (uint64_t)value);
	uint32_t own = write_get(&t->seen, (e->obj + 1ull) | LANE_KEY, e->lane);
	uint32_t later;

	if (before != NONE && (own == NONE || t->order[own] <= t->order[before])) {
		t->slot[r] = before;
		return true;
	}
	later = late_write(t, e->obj, value, r);
	if (later != NONE) {
		if (!apply(t, later))
			return false;
		t->slot[r] = later;
		return true;
	}
	t->slot[r] = before;
	return true;
}

/* Records the findings: one per write that lost updates, from lost_by. */
static enum ct_model_status report(struct tree *t)
{
	enum ct_model_status st = CT_MODEL_OK;
	uint32_t *first = calloc(t->n_w + 1, sizeof(*first));
	uint32_t *lost = malloc((t->n_w ? t->n_w : 1) * sizeof(*lost));

	if (!first || !lost) {
		st = CT_MODEL_NOMEM;
		goto end;
	}
	/* The lost writes grouped by who lost them, in trace order within each group. */
	for (size_t k = 0; k < t->n_w; k++)
		if (t->lost_by[k] != NONE)
			first[t->lost_by[k] + 1]++;
	for (size_t k = 0; k < t->n_w; k++)
		first[k + 1] += first[k];
	for (size_t k = 0; k < t->n_w; k++)
		if (t->lost_by[k] != NONE)
			lost[first[t->lost_by[k]]++] = (uint32_t)k;
	/* first[k] is now where group k ends, first[k - 1] where it starts. */
	for (size_t k = 0; k < t->n_w && st == CT_MODEL_OK; k++) {
		size_t from = k ? first[k - 1] : 0, n = first[k] - from, n_refs = 0;
		const struct wrec *wr = &t->w[k];
		uint32_t refs[MAX_LOST_REFS];

		if (!n)
			continue;
		/* One lost write per lane first, so the sentence names whose updates it lost. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t j = from; j < from + n && n_refs < MAX_LOST_REFS; j++) {
				uint32_t lane = t->r->ev[t->w[lost[j]].ev].lane;
				bool taken = false, same_lane = false;

				for (size_t q = 0; q < n_refs; q++) {
					taken = taken || refs[q] == lost[j];
					same_lane = same_lane ||
						    t->r->ev[t->w[refs[q]].ev].lane == lane;
				}
				if (!taken && (pass || !same_lane))
					refs[n_refs++] = lost[j];
			}
		for (size_t q = 1; q < n_refs; q++) /* back in trace order */
			for (size_t j = q; j > 0 && refs[j - 1] > refs[j]; j--) {
				uint32_t tmp = refs[j];

				refs[j] = refs[j - 1];
				refs[j - 1] = tmp;
			}
		st = finding_add_amount(t->r, CT_FINDING_LOST_UPDATE, wr->ev, (uint32_t)n);
		if (st == CT_MODEL_OK)
			st = ref_add(t->r, wr->read_ev, wr->obj, CT_ROLE_READ);
		if (st == CT_MODEL_OK)
			st = ref_add(t->r, wr->ev, wr->obj, CT_ROLE_WRITE);
		for (size_t q = 0; q < n_refs && st == CT_MODEL_OK; q++)
			st = ref_add(t->r, t->w[refs[q]].ev, wr->obj, CT_ROLE_LOST);
	}
end:
	free(first);
	free(lost);
	return st;
}

/* The lanes with an open window on one object: the read that opened each. */
struct windows {
	struct {
		uint32_t lane, read_ev;
	} * w; /* owned */
	size_t n, cap;
};

/*
 * Numbers the writes and finds the read that opened each one's window: the
 * lane's latest read of the object since its previous write of it.
 */
static enum ct_model_status collect_writes(struct tree *t)
{
	struct run *r = t->r;
	struct windows *per_obj = calloc(r->n_objs, sizeof(*per_obj));
	enum ct_model_status st = CT_MODEL_OK;
	size_t cap = 0;

	if (!per_obj)
		return CT_MODEL_NOMEM;
	for (size_t i = 0; i < r->n_ev && st == CT_MODEL_OK; i++) {
		const struct ct_model_event *e = &r->ev[i];
		struct windows *ws;
		size_t own = SIZE_MAX;

		if (e->type != CT_EV_ACCESS || e->obj >= r->n_objs)
			continue;
		ws = &per_obj[e->obj];
		for (size_t k = 0; k < ws->n; k++)
			if (ws->w[k].lane == e->lane)
				own = k;
		if (e->status == CT_ACCESS_READ) {
			/* A new read (re)starts the lane's window. */
			if (own == SIZE_MAX) {
				if (!analysis_grow((void **)&ws->w, &ws->cap, ws->n + 1,
						   sizeof(*ws->w))) {
					st = CT_MODEL_NOMEM;
					break;
				}
				own = ws->n++;
			}
			ws->w[own].lane = e->lane;
			ws->w[own].read_ev = (uint32_t)i;
		} else if (e->status == CT_ACCESS_WRITE) {
			if (!analysis_grow((void **)&t->w, &cap, t->n_w + 1, sizeof(*t->w))) {
				st = CT_MODEL_NOMEM;
				break;
			}
			t->slot[i] = (uint32_t)t->n_w;
			t->w[t->n_w++] = (struct wrec){
				.obj = e->obj,
				.ev = (uint32_t)i,
				.read_ev = own != SIZE_MAX ? ws->w[own].read_ev : NONE,
				.value = ct_model_event_value(r->m, e),
			};
			if (own != SIZE_MAX)
				ws->w[own] = ws->w[--ws->n];
		}
	}
	for (size_t o = 0; o < r->n_objs; o++)
		free(per_obj[o].w);
	free(per_obj);
	return st;
}

enum ct_model_status find_lost_updates(struct run *r)
{
	enum ct_model_status st;
	struct tree t = { .r = r };

	if (r->n_objs == 0)
		return CT_MODEL_OK;
	t.slot = malloc((r->n_ev ? r->n_ev : 1) * sizeof(*t.slot));
	t.paths = calloc(r->n_objs, sizeof(*t.paths));
	if (!t.slot || !t.paths) {
		st = CT_MODEL_NOMEM;
		goto end;
	}
	st = collect_writes(&t);
	if (st != CT_MODEL_OK || t.n_w == 0)
		goto end;
	t.by_value = malloc(t.n_w * sizeof(*t.by_value));
	t.parent = malloc(t.n_w * sizeof(*t.parent));
	t.depth = malloc(t.n_w * sizeof(*t.depth));
	t.order = malloc(t.n_w * sizeof(*t.order));
	t.lost_by = malloc(t.n_w * sizeof(*t.lost_by));
	if (!t.by_value || !t.parent || !t.depth || !t.order || !t.lost_by) {
		st = CT_MODEL_NOMEM;
		goto end;
	}
	for (size_t k = 0; k < t.n_w; k++) {
		t.by_value[k] = t.w[k];
		t.order[k] = t.lost_by[k] = NONE;
	}
	qsort(t.by_value, t.n_w, sizeof(*t.by_value), by_value_cmp);
	/*
	 * In trace order, except for the writes a read pulls forward
	 * (resolve_read); each write is applied once.
	 */
	for (size_t i = 0; i < r->n_ev && st == CT_MODEL_OK; i++) {
		const struct ct_model_event *e = &r->ev[i];
		bool ok = true;

		if (e->type != CT_EV_ACCESS || e->obj >= r->n_objs)
			continue;
		if (e->status == CT_ACCESS_READ)
			ok = resolve_read(&t, (uint32_t)i);
		else if (e->status == CT_ACCESS_WRITE && t.order[t.slot[i]] == NONE)
			ok = apply(&t, t.slot[i]);
		if (!ok)
			st = CT_MODEL_NOMEM;
	}
	if (st == CT_MODEL_OK)
		st = report(&t);
end:
	if (t.paths)
		for (size_t o = 0; o < r->n_objs; o++)
			free(t.paths[o].node);
	free(t.paths);
	free(t.slot);
	free(t.w);
	free(t.by_value);
	free(t.parent);
	free(t.depth);
	free(t.order);
	free(t.lost_by);
	free(t.seen.slot);
	free(t.chain);
	return st;
}
