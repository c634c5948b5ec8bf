/* SPDX-License-Identifier: MIT */
/*
 * lost_update.c - the lost-update analysis: a write by another lane inside
 * a read-modify-write window, which the window's own write overwrote (the
 * rule is in analysis.h).
 */
#include "findings.h"

#include <stdlib.h>

/*
 * Where a read's window opens. Each access is traced just after its load or
 * store, so a read's event can land after other lanes' writes that the load
 * did not see (a thread preempted between its load and the event, while
 * another thread writes a thousand times); the window really opened when the
 * value read was current: at the latest write that stored it, unless the
 * lane itself wrote after that (its load then saw its own write or later).
 * Writes are remembered in a hash table keyed by (object, value) and
 * (object, lane) instead of scanned for, so the window is found however far
 * back it opened.
 */
struct seen_write {
	uint64_t key_a, key_b; /* (object + 1, value) or (object + 1 | LANE_KEY, lane) */
	uint32_t ev;           /* the latest such write */
	uint64_t ordinal;      /* its position among the object's writes */
};

#define LANE_KEY (1ull << 63)

struct writes {
	struct seen_write *slot; /* open addressing; key_a 0 = free */
	size_t cap, n;           /* cap a power of two */
	uint64_t *count;         /* writes so far, per object */
};

static size_t write_hash(uint64_t a, uint64_t b, size_t cap)
{
	uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b + 0x632BE59BD9B4E019ull + (a << 6));

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 32;
	return (size_t)h & (cap - 1);
}

static struct seen_write *write_find(struct writes *w, uint64_t a, uint64_t b)
{
	size_t i = write_hash(a, b, w->cap);

	while (w->slot[i].key_a && (w->slot[i].key_a != a || w->slot[i].key_b != b))
		i = (i + 1) & (w->cap - 1);
	return &w->slot[i];
}

/* Records (A, B) -> EV, ORDINAL; false when out of memory. */
static bool write_put(struct writes *w, uint64_t a, uint64_t b, uint32_t ev, uint64_t ordinal)
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
	*s = (struct seen_write){ a, b, ev, ordinal };
	return true;
}

/*
 * An open read-modify-write window: LANE read the object at READ_EV a value
 * current since START_EV (the write that stored it, or READ_EV itself), and
 * has not written yet.
 */
struct window {
	uint32_t lane;
	uint32_t read_ev;
	uint32_t start_ev;
	int64_t read_val;
	uint32_t foreign; /* writes by other lanes since START_EV */
};

struct windows {
	struct window *w; /* owned */
	size_t n, cap;
};

/* Marks as lost, with a finding each, the foreign writes inside LANE's window W closed at WRITE. */
static enum ct_model_status lost_writes(struct run *r, const struct window *w, uint32_t write,
					uint8_t *lost)
{
	enum ct_model_status st = CT_MODEL_OK;
	uint32_t obj = r->ev[write].obj, end = write;
	int64_t stored = ct_model_event_value(r->m, &r->ev[write]);

	/*
	 * Another lane that read the value this write stored saw the store, so
	 * the store happened before that read even if its event (traced after
	 * the store, perhaps after a preemption) comes much later: only writes
	 * before that read can have been overwritten.
	 */
	for (uint32_t j = w->read_ev + 1; j < write; j++) {
		const struct ct_model_event *e = &r->ev[j];

		if (e->type == CT_EV_ACCESS && e->obj == obj && e->status == CT_ACCESS_READ &&
		    e->lane != w->lane && ct_model_event_value(r->m, e) == stored) {
			end = j;
			break;
		}
	}
	for (uint32_t j = w->start_ev + 1; j < end && st == CT_MODEL_OK; j++) {
		const struct ct_model_event *e = &r->ev[j];

		if (e->type != CT_EV_ACCESS || e->obj != obj || e->status != CT_ACCESS_WRITE ||
		    e->lane == w->lane || (lost[j / 8] & (1u << (j % 8))))
			continue;
		/*
		 * Having read exactly what the other write stored, the window saw
		 * it: the events were traced a little after the memory accesses
		 * and merely landed in the other order.
		 */
		if (ct_model_event_value(r->m, e) == w->read_val)
			continue;
		lost[j / 8] |= (uint8_t)(1u << (j % 8));
		st = finding_add(r, CT_FINDING_LOST_UPDATE, write);
		if (st == CT_MODEL_OK)
			st = ref_add(r, w->read_ev, obj, CT_ROLE_READ);
		if (st == CT_MODEL_OK)
			st = ref_add(r, write, obj, CT_ROLE_WRITE);
		if (st == CT_MODEL_OK)
			st = ref_add(r, j, obj, CT_ROLE_LOST);
	}
	return st;
}

/*
 * Moves W's start back to the latest write that stored the value W read,
 * counting the writes since (none of them the lane's own); when the lane
 * wrote after that write, or no write stored it, the window starts at the
 * read.
 */
static void window_start(const struct run *r, struct writes *seen, struct window *w)
{
	uint32_t obj = r->ev[w->read_ev].obj;
	const struct seen_write *val = write_find(seen, obj + 1ull, (uint64_t)w->read_val);
	const struct seen_write *own = write_find(seen, (obj + 1ull) | LANE_KEY, w->lane);

	if (!val->key_a || (own->key_a && own->ev > val->ev))
		return;
	w->start_ev = val->ev;
	w->foreign = (uint32_t)(seen->count[obj] - val->ordinal - 1);
}

enum ct_model_status find_lost_updates(struct run *r)
{
	enum ct_model_status st = CT_MODEL_OK;
	struct windows *per_obj = NULL;
	struct writes seen = { 0 };
	uint8_t *lost = NULL;

	if (r->n_objs == 0)
		return CT_MODEL_OK;
	per_obj = calloc(r->n_objs, sizeof(*per_obj));
	lost = calloc(r->n_ev / 8 + 1, 1);
	seen.count = calloc(r->n_objs, sizeof(*seen.count));
	if (!per_obj || !lost || !seen.count)
		goto nomem;
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
						   sizeof(*ws->w)))
					goto nomem;
				own = ws->n++;
			}
			ws->w[own] = (struct window){ .lane = e->lane,
						      .read_ev = (uint32_t)i,
						      .start_ev = (uint32_t)i,
						      .read_val = ct_model_event_value(r->m, e),
						      .foreign = 0 };
			if (seen.cap)
				window_start(r, &seen, &ws->w[own]);
		} else if (e->status == CT_ACCESS_WRITE) {
			uint64_t ordinal = seen.count[e->obj]++;

			if (!write_put(&seen, e->obj + 1ull,
				       (uint64_t)ct_model_event_value(r->m, e), (uint32_t)i,
				       ordinal) ||
			    !write_put(&seen, (e->obj + 1ull) | LANE_KEY, e->lane, (uint32_t)i,
				       ordinal))
				goto nomem;
			for (size_t k = 0; k < ws->n; k++)
				if (k != own)
					ws->w[k].foreign++;
			if (own == SIZE_MAX)
				continue;
			/* Only a window that saw foreign writes can have overwritten one. */
			if (ws->w[own].foreign)
				st = lost_writes(r, &ws->w[own], (uint32_t)i, lost);
			ws->w[own] = ws->w[--ws->n];
		}
	}
	goto end;
nomem:
	st = CT_MODEL_NOMEM;
end:
	if (per_obj)
		for (size_t o = 0; o < r->n_objs; o++)
			free(per_obj[o].w);
	free(per_obj);
	free(seen.slot);
	free(seen.count);
	free(lost);
	return st;
}
