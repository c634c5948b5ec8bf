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

/* An event of the diverging column: its key and its position in its run's sequence. */
struct col_item {
	uint64_t key;
	size_t pos;
	bool matched;
};

static int col_item_cmp(const void *a, const void *b)
{
	const struct col_item *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The end of column C in S's sequence, from position FROM. */
static size_t column_end(const struct ct_compare_side *s, size_t from, uint32_t c)
{
	while (from < s->n_seq && s->col[s->seq[from]] == c)
		from++;
	return from;
}

static void fill_items(const struct ct_model *m, const struct run_keys *k,
		       const struct ct_compare_side *s, size_t from, size_t to,
		       struct col_item *items)
{
	for (size_t i = from; i < to; i++)
		items[i - from] = (struct col_item){ event_key(m, k, s->seq[i]), i, false };
	qsort(items, to - from, sizeof(*items), col_item_cmp);
}

/* The smallest position among ITEMS not matched, or END when all were. */
static size_t first_unmatched(const struct col_item *items, size_t n, size_t end)
{
	size_t best = end;

	for (size_t i = 0; i < n; i++)
		if (!items[i].matched && items[i].pos < best)
			best = items[i].pos;
	return best;
}

/*
 * Compares column C ([FA, TA) of A's sequence, [FB, TB) of B's). Returns
 * true when they hold the same keys; otherwise fills CMP's divergence.
 * *NOMEM is set when scratch could not be had.
 */
static bool same_column(const struct ct_model *ma, const struct run_keys *ka,
			const struct ct_model *mb, const struct run_keys *kb,
			struct ct_compare *cmp, size_t fa, size_t ta, size_t fb, size_t tb,
			bool *nomem)
{
	size_t na = ta - fa, nb = tb - fb, i = 0, j = 0, matched = 0;
	struct col_item *ia = malloc((na ? na : 1) * sizeof(*ia));
	struct col_item *ib = malloc((nb ? nb : 1) * sizeof(*ib));

	if (!ia || !ib) {
		free(ia);
		free(ib);
		*nomem = true;
		return false;
	}
	fill_items(ma, ka, &cmp->a, fa, ta, ia);
	fill_items(mb, kb, &cmp->b, fb, tb, ib);
	/* Both sorted by key, then position: equal keys pair off in causal order. */
	while (i < na && j < nb) {
		if (ia[i].key == ib[j].key) {
			ia[i++].matched = ib[j++].matched = true;
			matched++;
		} else if (ia[i].key < ib[j].key) {
			i++;
		} else {
			j++;
		}
	}
	if (matched == na && matched == nb) {
		free(ia);
		free(ib);
		return true;
	}
	cmp->column_matched = matched;
	/*
	 * A run whose column the other's contains whole goes on with its next
	 * column where the other has more: that is its diverging event.
	 */
	cmp->a.first_pos = first_unmatched(ia, na, ta);
	cmp->b.first_pos = first_unmatched(ib, nb, tb);
	free(ia);
	free(ib);
	return false;
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
	size_t pa = 0, pb = 0;
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
	cmp->same = true;
	for (uint32_t c = 0; pa < cmp->a.n_seq || pb < cmp->b.n_seq; c++) {
		size_t ta = column_end(&cmp->a, pa, c), tb = column_end(&cmp->b, pb, c);

		if (!same_column(ma, &ka, mb, &kb, cmp, pa, ta, pb, tb, &nomem)) {
			cmp->same = false;
			cmp->prefix_columns = c;
			break;
		}
		cmp->prefix_events += ta - pa;
		pa = ta;
		pb = tb;
	}
	if (nomem)
		goto end;
	if (cmp->same) {
		cmp->prefix_columns = cmp->a.n_columns;
		cmp->a.first_pos = cmp->a.n_seq;
		cmp->b.first_pos = cmp->b.n_seq;
	}
	cmp->a.first =
		cmp->a.first_pos < cmp->a.n_seq ? cmp->a.seq[cmp->a.first_pos] : CT_MODEL_NONE;
	cmp->b.first =
		cmp->b.first_pos < cmp->b.n_seq ? cmp->b.seq[cmp->b.first_pos] : CT_MODEL_NONE;
	write_sentence(ma, mb, cmp);
end:
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
