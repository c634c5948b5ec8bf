/* SPDX-License-Identifier: MIT */
/*
 * compare.c - aligns two runs on their common prefix of happens-before
 * order and finds the first events where they part (compare.h says how).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/* ---------------------------------------------------------------- keys */

static uint64_t mix(uint64_t h, uint64_t v)
{
	/* splitmix64's finaliser over the running hash and the next word. */
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 31);
}

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* An item to number among the items of its class: a lane by name, an object by kind and name. */
struct numbered {
	uint64_t cls;
	uint32_t order; /* lane rank, object index: the order positions are counted in */
	uint32_t index;
};

static int numbered_cmp(const void *a, const void *b)
{
	const struct numbered *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* KEYS[i] = the class of item i mixed with its position among its class's items. */
static void number_items(struct numbered *items, size_t n, uint64_t *keys)
{
	uint32_t pos = 0;

	qsort(items, n, sizeof(*items), numbered_cmp);
	for (size_t i = 0; i < n; i++) {
		pos = i && items[i].cls == items[i - 1].cls ? pos + 1 : 0;
		keys[items[i].index] = mix(items[i].cls, pos);
	}
}

/* One run's run-independent keys: of its lanes, its objects and then its events. */
struct run_keys {
	uint64_t *lane; /* owned */
	uint64_t *obj;  /* owned */
};

static bool run_keys_make(const struct ct_model *m, struct run_keys *k)
{
	size_t n_lanes, n_obj, n = 0;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	const struct ct_model_object *obj = ct_model_borrow_objects(m, &n_obj);
	struct numbered *items;

	n = n_lanes > n_obj ? n_lanes : n_obj;
	items = malloc((n ? n : 1) * sizeof(*items));
	k->lane = malloc((n_lanes ? n_lanes : 1) * sizeof(*k->lane));
	k->obj = malloc((n_obj ? n_obj : 1) * sizeof(*k->obj));
	if (!items || !k->lane || !k->obj) {
		free(items);
		free(k->lane);
		free(k->obj);
		return false;
	}
	for (uint32_t l = 0; l < n_lanes; l++)
		items[l] =
			(struct numbered){ str_hash(ct_model_lane_name(m, l)), lanes[l].rank, l };
	number_items(items, n_lanes, k->lane);
	for (uint32_t o = 0; o < n_obj; o++)
		items[o] = (struct numbered){
			mix(obj[o].kind, str_hash(ct_model_string(m, obj[o].name))), o, o
		};
	number_items(items, n_obj, k->obj);
	free(items);
	return true;
}

static void run_keys_free(struct run_keys *k)
{
	free(k->lane);
	free(k->obj);
}

bool ct_compare_keeps(enum ct_event_type type)
{
	switch (type) {
	/* Emitted only when the call had to wait: timing, not order. */
	case CT_EV_JOIN_BEGIN:
	case CT_EV_CHAN_SEND_BEGIN:
	case CT_EV_CHAN_RECV_BEGIN:
	case CT_EV_MUTEX_LOCK_BEGIN:
	case CT_EV_MQ_SEND_BEGIN:
	case CT_EV_MQ_RECV_BEGIN:
	case CT_EV_SEM_WAIT_BEGIN:
	case CT_EV_FD_READ_BEGIN:
	case CT_EV_FD_WRITE_WAIT_BEGIN:
	case CT_EV_FD_WRITE_WAIT_END:
	case CT_EV_ACCEPT_BEGIN:
	case CT_EV_CONNECT_BEGIN:
	case CT_EV_DGRAM_RECV_BEGIN:
	case CT_EV_ONCE_WAIT_BEGIN:
	case CT_EV_RWLOCK_LOCK_BEGIN:
	case CT_EV_FUTEX_WAIT_BEGIN:
		return false;
	default:
		return true;
	}
}

static uint64_t event_key(const struct ct_model *m, const struct run_keys *k, uint32_t i)
{
	size_t n_ev, n_obj;
	const struct ct_model_event *e = &ct_model_borrow_events(m, &n_ev)[i];
	uint64_t h = mix(k->lane[e->lane], e->type);

	(void)ct_model_borrow_objects(m, &n_obj);
	h = mix(h, e->obj < n_obj ? k->obj[e->obj] : 0);
	switch ((enum ct_event_type)e->type) {
	case CT_EV_THREAD_SPAWN:
	case CT_EV_THREAD_BEGIN:
	case CT_EV_THREAD_NAME:
	case CT_EV_MUTEX_NEW:
	case CT_EV_COND_NEW:
	case CT_EV_OBJ_NEW:
	case CT_EV_RWLOCK_NEW:
	case CT_EV_PRINT:
	case CT_EV_MARK:
	case CT_EV_SOCK_NAME:
		return mix(h, str_hash(ct_model_string(m, e->arg)));
	case CT_EV_CHAN_SEND_END:
	case CT_EV_CHAN_RECV_END: {
		uint32_t label = e->arg != CT_MODEL_NONE ? ct_model_message_label(m, e->arg) : 0;

		return mix(mix(h, e->status), str_hash(ct_model_string(m, label)));
	}
	case CT_EV_CHAN_NEW:
	case CT_EV_ARC_NEW:
	case CT_EV_ARC_CLONE:
	case CT_EV_ARC_DROP:
	case CT_EV_ACCESS:
	case CT_EV_SEM_NEW:
	case CT_EV_PROCESS_EXIT:
	case CT_EV_WAIT_END:
		return mix(mix(h, e->status), (uint64_t)ct_model_event_value(m, e));
	case CT_EV_MQ_SEND:
	case CT_EV_MQ_RECV:
	case CT_EV_DGRAM_SEND:
	case CT_EV_DGRAM_RECV:
		return mix(mix(h, e->status), ct_model_event_hash(m, e));
	case CT_EV_MOVE:
	case CT_EV_COND_WAIT_BEGIN:
	case CT_EV_COND_WAIT_END:
	case CT_EV_COND_SIGNAL:
	case CT_EV_COND_BROADCAST:
		h = mix(h, e->arg < n_obj ? k->obj[e->arg] : 0);
		return mix(h, e->status);
	case CT_EV_POLL_END: /* how many were ready is timing */
	case CT_EV_SLEEP_BEGIN:
	case CT_EV_SLEEP_END: /* a duration, not an order */
		return h;
	default:
		return mix(h, e->status);
	}
}

/* ------------------------------------------------------------- columns */

static int arrow_by_target(const void *a, const void *b)
{
	const struct ct_model_arrow *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (x->from > y->from) - (x->from < y->from);
}

/* The mutex (object index) event E takes or releases, or CT_MODEL_NONE. */
static uint32_t mutex_of(const struct ct_model_event *e, bool *release)
{
	*release = e->type == CT_EV_MUTEX_UNLOCK || e->type == CT_EV_COND_WAIT_BEGIN;
	switch (e->type) {
	case CT_EV_MUTEX_LOCK_END:
	case CT_EV_MUTEX_UNLOCK:
		return e->obj;
	case CT_EV_COND_WAIT_BEGIN:
	case CT_EV_COND_WAIT_END:
		return e->arg;
	default:
		return CT_MODEL_NONE;
	}
}

/* The columns of the kept events (order.c's rule, over them alone, plus each mutex's order). */
static bool side_columns(const struct ct_model *m, struct ct_compare_side *s)
{
	size_t n_ev, n_lanes, n_arrows, n_obj, a = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	struct ct_model_arrow *in;
	uint32_t *last, *released, *col;

	(void)ct_model_borrow_lanes(m, &n_lanes);
	(void)ct_model_borrow_objects(m, &n_obj);
	col = malloc((n_ev ? n_ev : 1) * sizeof(*col));
	last = malloc((n_lanes ? n_lanes : 1) * sizeof(*last));
	released = malloc((n_obj ? n_obj : 1) * sizeof(*released));
	in = malloc((n_arrows ? n_arrows : 1) * sizeof(*in));
	if (!col || !last || !released || !in) {
		free(col);
		free(last);
		free(released);
		free(in);
		return false;
	}
	for (size_t l = 0; l < n_lanes; l++)
		last[l] = CT_MODEL_NONE;
	for (size_t o = 0; o < n_obj; o++)
		released[o] = CT_MODEL_NONE;
	memcpy(in, arrows, n_arrows * sizeof(*in));
	qsort(in, n_arrows, sizeof(*in), arrow_by_target);
	s->n_columns = 0;
	for (uint32_t i = 0; i < (uint32_t)n_ev; i++) {
		uint32_t lane = ev[i].lane, c = 0, mu;
		bool release;

		col[i] = CT_MODEL_NONE;
		for (; a < n_arrows && in[a].to < i; a++)
			;
		if (!ct_compare_keeps(ev[i].type) || lane >= n_lanes)
			continue;
		if (last[lane] != CT_MODEL_NONE)
			c = col[last[lane]] + 1;
		for (; a < n_arrows && in[a].to == i; a++)
			if (in[a].from < i && col[in[a].from] != CT_MODEL_NONE &&
			    col[in[a].from] + 1 > c)
				c = col[in[a].from] + 1;
		mu = mutex_of(&ev[i], &release);
		if (mu < n_obj && release) {
			released[mu] = i;
		} else if (mu < n_obj && released[mu] != CT_MODEL_NONE &&
			   ev[released[mu]].lane != lane && col[released[mu]] + 1 > c) {
			/* Taken after the release before it, whether or not it had to wait. */
			c = col[released[mu]] + 1;
		}
		col[i] = c;
		last[lane] = i;
		if (c + 1 > s->n_columns)
			s->n_columns = c + 1;
	}
	free(in);
	free(last);
	free(released);
	s->col = col;
	return true;
}

/* One event's place in the causal sequence: column, lane rank, index. */
struct seq_key {
	uint64_t key;
	uint32_t ev;
};

static int seq_key_cmp(const void *a, const void *b)
{
	const struct seq_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->ev > y->ev) - (x->ev < y->ev);
}

static bool side_sequence(const struct ct_model *m, struct ct_compare_side *s)
{
	size_t n_ev, n_lanes, n = 0;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	struct seq_key *keys = malloc((n_ev ? n_ev : 1) * sizeof(*keys));

	s->seq = malloc((n_ev ? n_ev : 1) * sizeof(*s->seq));
	if (!keys || !s->seq) {
		free(keys);
		return false;
	}
	for (uint32_t i = 0; i < (uint32_t)n_ev; i++)
		if (s->col[i] != CT_MODEL_NONE)
			keys[n++] = (struct seq_key){
				(uint64_t)s->col[i] << 32 | lanes[ev[i].lane].rank, i
			};
	qsort(keys, n, sizeof(*keys), seq_key_cmp);
	for (size_t i = 0; i < n; i++)
		s->seq[i] = keys[i].ev;
	s->n_seq = n;
	free(keys);
	return true;
}

/* ---------------------------------------------------------------- walk */

/*
 * The walk matches events of equal keys between the runs, column after
 * column: an event met in one run waits until the other run brings its key.
 * Through the common prefix nothing is left waiting at the end of a column.
 * Past it, a run's first diverging event is the first of its events left
 * waiting at the end of some column: what it did that the other run had not
 * done by then. So where one run's column holds only part of the other's
 * (the other did one thing more there), the first run's divergence shows in
 * a later column, at what it did instead.
 *
 * A key also holds the event's place among its lane's compared events, so
 * that matching keeps each lane's program order: main receiving "a" then
 * "b" differs from main receiving "b" then "a", at the first receive.
 */

/* The events of one key waiting for a match: a list per run, by position. */
struct slot {
	uint64_t key;
	uint32_t head[2], tail[2]; /* positions in each run's sequence; CT_MODEL_NONE: empty */
	bool used;
};

struct walk {
	struct slot *slots; /* owned: open addressing, linear probing */
	size_t cap, used;
	uint64_t *key[2];    /* owned: per run, the key of each position of its sequence */
	uint32_t *next[2];   /* owned: per run, the next waiting position of the same key */
	uint8_t *matched[2]; /* owned: per run and position, whether it found its match */
	size_t scan[2];      /* per run: every position before it is matched */
};

static size_t slot_home(const struct walk *w, uint64_t key)
{
	return (size_t)(key ^ (key >> 29)) & (w->cap - 1);
}

static size_t slot_find(const struct walk *w, uint64_t key)
{
	size_t i = slot_home(w, key);

	while (w->slots[i].used && w->slots[i].key != key)
		i = (i + 1) & (w->cap - 1);
	return i;
}

/* Empties slot I, moving later slots of its probe run back (no tombstones). */
static void slot_delete(struct walk *w, size_t i)
{
	size_t mask = w->cap - 1, j = i;

	for (;;) {
		size_t k;

		j = (j + 1) & mask;
		if (!w->slots[j].used)
			break;
		k = slot_home(w, w->slots[j].key);
		/* Slot J stays when its home lies cyclically in (I, J]. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		w->slots[i] = w->slots[j];
		i = j;
	}
	w->slots[i].used = false;
	w->used--;
}

static bool slots_grow(struct walk *w)
{
	size_t old_cap = w->cap, cap = old_cap ? old_cap * 2 : 1024;
	struct slot *old = w->slots, *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return false;
	w->slots = slots;
	w->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].used)
			w->slots[slot_find(w, old[i].key)] = old[i];
	free(old);
	return true;
}

/* Adds position POS of run X: matched with the earliest waiting event of its key in the other run, or left waiting. */
static bool walk_add(struct walk *w, int x, size_t pos)
{
	uint64_t key = w->key[x][pos];
	struct slot *s;
	int o = 1 - x;

	if ((w->used + 1) * 2 > w->cap && !slots_grow(w))
		return false;
	s = &w->slots[slot_find(w, key)];
	if (!s->used) {
		*s = (struct slot){ key,
				    { CT_MODEL_NONE, CT_MODEL_NONE },
				    { CT_MODEL_NONE, CT_MODEL_NONE },
				    true };
		w->used++;
	}
	if (s->head[o] != CT_MODEL_NONE) {
		uint32_t p = s->head[o];

		s->head[o] = w->next[o][p];
		if (s->head[o] == CT_MODEL_NONE)
			s->tail[o] = CT_MODEL_NONE;
		w->matched[o][p] = w->matched[x][pos] = 1;
		if (s->head[x] == CT_MODEL_NONE && s->head[o] == CT_MODEL_NONE)
			slot_delete(w, (size_t)(s - w->slots));
		return true;
	}
	w->next[x][pos] = CT_MODEL_NONE;
	if (s->tail[x] == CT_MODEL_NONE)
		s->head[x] = (uint32_t)pos;
	else
		w->next[x][s->tail[x]] = (uint32_t)pos;
	s->tail[x] = (uint32_t)pos;
	return true;
}

/* Each position's key: the event's, and its place among its lane's compared events. */
static bool walk_keys(const struct ct_model *m, const struct run_keys *k,
		      const struct ct_compare_side *s, uint64_t *keys)
{
	size_t n_ev, n_lanes;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	uint32_t *count, *place;

	(void)ct_model_borrow_lanes(m, &n_lanes);
	count = calloc(n_lanes ? n_lanes : 1, sizeof(*count));
	place = malloc((n_ev ? n_ev : 1) * sizeof(*place));
	if (!count || !place) {
		free(count);
		free(place);
		return false;
	}
	for (size_t i = 0; i < n_ev; i++)
		if (s->col[i] != CT_MODEL_NONE)
			place[i] = count[ev[i].lane]++;
	for (size_t p = 0; p < s->n_seq; p++)
		keys[p] = mix(event_key(m, k, s->seq[p]), place[s->seq[p]]);
	free(count);
	free(place);
	return true;
}

static void walk_free(struct walk *w)
{
	free(w->slots);
	for (int x = 0; x < 2; x++) {
		free(w->key[x]);
		free(w->next[x]);
		free(w->matched[x]);
	}
}

/* The end of column C in S's sequence, from position FROM. */
static size_t column_end(const struct ct_compare_side *s, size_t from, uint32_t c)
{
	while (from < s->n_seq && s->col[s->seq[from]] == c)
		from++;
	return from;
}

/* Walks both runs' columns (see above), filling CMP's prefix and divergence. */
static bool walk_runs(struct walk *w, struct ct_compare *cmp)
{
	struct ct_compare_side *side[2] = { &cmp->a, &cmp->b };
	size_t from[2] = { 0, 0 }, to[2];
	bool decided[2] = { false, false };

	cmp->same = true;
	side[0]->first_pos = side[0]->n_seq;
	side[1]->first_pos = side[1]->n_seq;
	for (uint32_t c = 0; from[0] < side[0]->n_seq || from[1] < side[1]->n_seq; c++) {
		for (int x = 0; x < 2; x++) {
			to[x] = column_end(side[x], from[x], c);
			for (size_t p = from[x]; p < to[x]; p++)
				if (!walk_add(w, x, p))
					return false;
		}
		for (int x = 0; x < 2; x++) {
			while (w->scan[x] < to[x] && w->matched[x][w->scan[x]])
				w->scan[x]++;
			if (!decided[x] && w->scan[x] < to[x]) {
				side[x]->first_pos = w->scan[x];
				decided[x] = true;
			}
		}
		if (cmp->same && (decided[0] || decided[1])) {
			cmp->same = false;
			cmp->prefix_columns = c;
			for (size_t p = from[0]; p < to[0]; p++)
				cmp->column_matched += w->matched[0][p];
		} else if (cmp->same) {
			cmp->prefix_events += to[0] - from[0];
		}
		from[0] = to[0];
		from[1] = to[1];
		/* A run that has nothing left waiting and nothing more to bring has no divergence. */
		for (int x = 0; x < 2; x++)
			decided[x] |= !cmp->same && from[x] >= side[x]->n_seq &&
				      w->scan[x] >= side[x]->n_seq;
		if (decided[0] && decided[1])
			break;
	}
	if (cmp->same)
		cmp->prefix_columns = cmp->a.n_columns;
	return true;
}

static void phrase_side(const struct ct_model *m, uint32_t ev, char *buf, size_t len)
{
	char lane[160], what[320];
	size_t n;

	ct_model_event_phrase(m, ev, what, sizeof(what));
	ct_model_lane_label(m, ct_model_borrow_events(m, &n)[ev].lane, lane, sizeof(lane));
	snprintf(buf, len, "%s %s", lane, what);
}

static void write_sentence(const struct ct_model *ma, const struct ct_model *mb,
			   struct ct_compare *cmp)
{
	char a[512], b[512];

	if (cmp->same) {
		snprintf(cmp->sentence, sizeof(cmp->sentence),
			 "The two runs have the same happens-before order: %zu events in %u "
			 "columns.",
			 cmp->a.n_seq, cmp->a.n_columns);
		return;
	}
	if (cmp->a.first != CT_MODEL_NONE)
		phrase_side(ma, cmp->a.first, a, sizeof(a));
	if (cmp->b.first != CT_MODEL_NONE)
		phrase_side(mb, cmp->b.first, b, sizeof(b));
	if (cmp->a.first != CT_MODEL_NONE && cmp->b.first != CT_MODEL_NONE)
		snprintf(cmp->sentence, sizeof(cmp->sentence),
			 "After %zu events in common, in run A %s, where in run B %s.",
			 cmp->prefix_events + cmp->column_matched, a, b);
	else
		snprintf(cmp->sentence, sizeof(cmp->sentence),
			 "Run %c ends after the %zu events both runs share; run %c goes on: %s.",
			 cmp->a.first == CT_MODEL_NONE ? 'A' : 'B',
			 cmp->prefix_events + cmp->column_matched,
			 cmp->a.first == CT_MODEL_NONE ? 'B' : 'A',
			 cmp->a.first == CT_MODEL_NONE ? b : a);
}

void ct_compare_fini(struct ct_compare *cmp)
{
	free(cmp->a.seq);
	free(cmp->a.col);
	free(cmp->b.seq);
	free(cmp->b.col);
	cmp->a.seq = cmp->a.col = cmp->b.seq = cmp->b.col = NULL;
}

enum ct_model_status ct_model_compare(const struct ct_model *ma, const struct ct_model *mb,
				      struct ct_compare *cmp)
{
	struct run_keys ka = { 0 }, kb = { 0 };
	struct walk w = { 0 };
	bool nomem = false;

	memset(cmp, 0, sizeof(*cmp));
	if (!run_keys_make(ma, &ka))
		return CT_MODEL_NOMEM;
	if (!run_keys_make(mb, &kb)) {
		run_keys_free(&ka);
		return CT_MODEL_NOMEM;
	}
	if (!side_columns(ma, &cmp->a) || !side_columns(mb, &cmp->b) ||
	    !side_sequence(ma, &cmp->a) || !side_sequence(mb, &cmp->b)) {
		nomem = true;
		goto end;
	}
	for (int x = 0; x < 2; x++) {
		const struct ct_compare_side *side = x ? &cmp->b : &cmp->a;
		size_t n = side->n_seq ? side->n_seq : 1;

		w.key[x] = malloc(n * sizeof(*w.key[x]));
		w.next[x] = malloc(n * sizeof(*w.next[x]));
		w.matched[x] = calloc(n, sizeof(*w.matched[x]));
		if (!w.key[x] || !w.next[x] || !w.matched[x] ||
		    !walk_keys(x ? mb : ma, x ? &kb : &ka, side, w.key[x])) {
			nomem = true;
			goto end;
		}
	}
	if (!walk_runs(&w, cmp)) {
		nomem = true;
		goto end;
	}
	cmp->a.first =
		cmp->a.first_pos < cmp->a.n_seq ? cmp->a.seq[cmp->a.first_pos] : CT_MODEL_NONE;
	cmp->b.first =
		cmp->b.first_pos < cmp->b.n_seq ? cmp->b.seq[cmp->b.first_pos] : CT_MODEL_NONE;
	write_sentence(ma, mb, cmp);
end:
	walk_free(&w);
	run_keys_free(&ka);
	run_keys_free(&kb);
	if (nomem) {
		ct_compare_fini(cmp);
		return CT_MODEL_NOMEM;
	}
	return CT_MODEL_OK;
}

uint32_t ct_compare_lane_in(const struct ct_model *ma, uint32_t lane, const struct ct_model *mb)
{
	size_t na, nb;
	const uint32_t *oa = ct_model_borrow_lane_order(ma, &na);
	const uint32_t *ob = ct_model_borrow_lane_order(mb, &nb);
	const char *name;
	size_t pos = 0;

	if (lane >= na)
		return CT_MODEL_NONE;
	name = ct_model_lane_name(ma, lane);
	/* Its position among A's lanes of that name, in lane order... */
	for (size_t r = 0; r < na && oa[r] != lane; r++)
		pos += strcmp(ct_model_lane_name(ma, oa[r]), name) == 0;
	/* ...is the position of its match among B's. */
	for (size_t r = 0; r < nb; r++)
		if (strcmp(ct_model_lane_name(mb, ob[r]), name) == 0 && pos-- == 0)
			return ob[r];
	return CT_MODEL_NONE;
}
