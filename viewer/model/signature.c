/* SPDX-License-Identifier: MIT */
/* signature.c - a run reduced to its interleaving (signature.h). */
#include "signature.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One part: its line "KEY: ITEM, ITEM" grows as items arrive; OFFS holds
 * where each item starts in it, so items can be compared one by one.
 */
struct sig_part {
	char *line;
	size_t len, cap;
	size_t key_len;
	uint32_t *offs;
	size_t n, cap_offs;
	char *key; /* a copy of the key, terminated, for ct_signature_part_key */
};

struct ct_signature {
	struct sig_part *parts;
	size_t n_parts;
	char *text;
	uint64_t hash;
};

/* ---------------------------------------------------------------- helpers */

static bool part_append(struct sig_part *p, const char *s, size_t n)
{
	if (p->len + n + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 64;
		char *nl;

		while (cap < p->len + n + 1)
			cap *= 2;
		nl = realloc(p->line, cap);
		if (!nl)
			return false;
		p->line = nl;
		p->cap = cap;
	}
	memcpy(p->line + p->len, s, n);
	p->len += n;
	p->line[p->len] = '\0';
	return true;
}

static bool part_init(struct sig_part *p, const char *key)
{
	size_t n = strlen(key);

	memset(p, 0, sizeof(*p));
	p->key = malloc(n + 1);
	if (!p->key)
		return false;
	memcpy(p->key, key, n + 1);
	p->key_len = n;
	return part_append(p, key, n) && part_append(p, ":", 1);
}

static void part_free(struct sig_part *p)
{
	free(p->line);
	free(p->offs);
	free(p->key);
}

/* Appends one item, made of A then B (B may be NULL). */
static bool part_add_item(struct sig_part *p, const char *a, const char *b)
{
	if (p->n == p->cap_offs) {
		size_t cap = p->cap_offs ? p->cap_offs * 2 : 16;
		uint32_t *no = realloc(p->offs, cap * sizeof(*no));

		if (!no)
			return false;
		p->offs = no;
		p->cap_offs = cap;
	}
	if (!part_append(p, p->n == 0 ? " " : ", ", p->n == 0 ? 1 : 2))
		return false;
	p->offs[p->n++] = (uint32_t)p->len;
	return part_append(p, a, strlen(a)) && (!b || part_append(p, b, strlen(b)));
}

/* Item J of P: its start and length in P's line. */
static const char *part_item(const struct sig_part *p, size_t j, size_t *len)
{
	size_t end = j + 1 < p->n ? p->offs[j + 1] - 2 : p->len;

	*len = end - p->offs[j];
	return p->line + p->offs[j];
}

/*
 * TEXT in double quotes, with quotes, backslashes and line breaks escaped
 * so that an item never spans lines or hides its end. Malloc'd, or NULL.
 */
static char *quote(const char *text)
{
	size_t n = strlen(text);
	char *q = malloc(2 * n + 3);
	size_t k = 0;

	if (!q)
		return NULL;
	q[k++] = '"';
	for (const char *s = text; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			q[k++] = '\\';
			q[k++] = (char)c;
		} else if (c == '\n') {
			q[k++] = '\\';
			q[k++] = 'n';
		} else {
			q[k++] = c < 0x20 ? '?' : (char)c;
		}
	}
	q[k++] = '"';
	q[k] = '\0';
	return q;
}

static char *dup_printf2(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 16;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s", a, b);
	return s;
}

/*
 * Names NAMES[I] for N things in a stable order: BASE(I) alone when it is
 * unique, else "BASE#K", K counting the things of that base from 1; things
 * whose BASE is NULL get no name. Returns false when out of memory (the
 * names made so far stay in NAMES).
 */
static bool disambiguate(char **names, size_t n, const char *const *base)
{
	for (size_t i = 0; i < n; i++) {
		size_t before = 0, total = 0;
		char num[24];

		if (!base[i])
			continue;
		for (size_t j = 0; j < n; j++) {
			if (!base[j] || strcmp(base[j], base[i]) != 0)
				continue;
			total++;
			if (j < i)
				before++;
		}
		if (total > 1)
			snprintf(num, sizeof(num), "#%zu", before + 1);
		else
			num[0] = '\0';
		names[i] = dup_printf2(base[i], num);
		if (!names[i])
			return false;
	}
	return true;
}

static bool ordered_kind(uint8_t kind)
{
	return kind == CT_OBJ_CHAN || kind == CT_OBJ_MUTEX || kind == CT_OBJ_RWLOCK ||
	       kind == CT_OBJ_COND || kind == CT_OBJ_SEM;
}

/* The key word of an object kind ("chan"); parts' keys start with it. */
static const char *kind_word(uint8_t kind)
{
	return ct_object_kind_name((enum ct_object_kind)kind);
}

/* ----------------------------------------------------------------- making */

struct maker {
	const struct ct_model *m;
	char **lane_names; /* by lane index */
	size_t n_lanes;
	char **obj_keys; /* by object index; NULL for objects without a part */
	size_t n_objs;
	uint32_t *obj_part; /* by object index: its part, or CT_MODEL_NONE */
	uint32_t print_part;
	struct ct_signature *sig;
	size_t cap_parts;
};

/* Names every lane: its name, "#K" added in lane order when several share it. */
static bool name_lanes(struct maker *mk)
{
	size_t n_order;
	const uint32_t *order = ct_model_borrow_lane_order(mk->m, &n_order);
	const char **base = calloc(n_order ? n_order : 1, sizeof(*base));
	char **ordered = calloc(n_order ? n_order : 1, sizeof(*ordered));
	bool ok = base && ordered;

	mk->lane_names = calloc(mk->n_lanes ? mk->n_lanes : 1, sizeof(*mk->lane_names));
	ok = ok && mk->lane_names;
	for (size_t i = 0; ok && i < n_order; i++)
		base[i] = ct_model_lane_name(mk->m, order[i]);
	ok = ok && disambiguate(ordered, n_order, base);
	for (size_t i = 0; i < n_order; i++) {
		if (ok && order[i] < mk->n_lanes) {
			mk->lane_names[order[i]] = ordered[i];
			ordered[i] = NULL;
		}
		if (ordered)
			free(ordered[i]);
	}
	free(ordered);
	free(base);
	return ok;
}

/* Keys the objects whose order counts: "mutex counter", or "mutex #2" when unnamed. */
static bool key_objects(struct maker *mk)
{
	const struct ct_model_object *objs = ct_model_borrow_objects(mk->m, &mk->n_objs);
	size_t n = mk->n_objs ? mk->n_objs : 1;
	char **base = calloc(n, sizeof(*base));
	char **names = calloc(n, sizeof(*names));
	size_t kind_seen[CT_OBJ_COUNT_] = { 0 };
	bool ok = base && names;

	mk->obj_keys = calloc(n, sizeof(*mk->obj_keys));
	mk->obj_part = malloc(n * sizeof(*mk->obj_part));
	ok = ok && mk->obj_keys && mk->obj_part;
	for (size_t i = 0; ok && i < mk->n_objs; i++) {
		const char *name = ct_model_string(mk->m, objs[i].name);
		const char *kind = kind_word(objs[i].kind);
		size_t len;

		mk->obj_part[i] = CT_MODEL_NONE;
		if (objs[i].kind >= CT_OBJ_COUNT_ || !ordered_kind(objs[i].kind))
			continue;
		/* Every object counts in its kind's creation order, named or not. */
		kind_seen[objs[i].kind]++;
		len = strlen(kind) + strlen(name) + 48;
		base[i] = malloc(len);
		if (base[i] && name[0])
			snprintf(base[i], len, "%s %s", kind, name);
		else if (base[i])
			snprintf(base[i], len, "%s #%zu", kind, kind_seen[objs[i].kind]);
		ok = base[i] != NULL;
	}
	ok = ok && disambiguate(names, mk->n_objs, (const char *const *)base);
	for (size_t i = 0; i < mk->n_objs; i++) {
		if (ok) {
			mk->obj_keys[i] = names[i];
			names[i] = NULL;
		}
		if (names)
			free(names[i]);
		if (base)
			free(base[i]);
	}
	free(names);
	free(base);
	return ok;
}

/* The part of key KEY at *SLOT, made on first use. NULL when out of memory. */
static struct sig_part *part_for(struct maker *mk, uint32_t *slot, const char *key)
{
	struct ct_signature *sig = mk->sig;

	if (*slot != CT_MODEL_NONE)
		return &sig->parts[*slot];
	if (sig->n_parts == mk->cap_parts) {
		size_t cap = mk->cap_parts ? mk->cap_parts * 2 : 8;
		struct sig_part *np = realloc(sig->parts, cap * sizeof(*np));

		if (!np)
			return NULL;
		sig->parts = np;
		mk->cap_parts = cap;
	}
	if (!part_init(&sig->parts[sig->n_parts], key)) {
		part_free(&sig->parts[sig->n_parts]);
		return NULL;
	}
	*slot = (uint32_t)sig->n_parts;
	return &sig->parts[sig->n_parts++];
}

static const char *lane_of(const struct maker *mk, uint32_t lane)
{
	return lane < mk->n_lanes && mk->lane_names[lane] ? mk->lane_names[lane] : "?";
}

/* Adds the item EV contributes, if any. */
static bool add_event(struct maker *mk, const struct ct_model_event *ev, const uint32_t *sender,
		      size_t n_msgs)
{
	const char *who = lane_of(mk, ev->lane);
	struct sig_part *p;
	char extra[48];

	if (ev->type == CT_EV_PRINT) {
		char *q = quote(ct_model_string(mk->m, ev->arg));
		bool ok;

		p = part_for(mk, &mk->print_part, "print");
		ok = q && p && part_add_item(p, q, NULL);
		free(q);
		return ok;
	}
	if (ev->obj >= mk->n_objs || !mk->obj_keys[ev->obj])
		return true;
	extra[0] = '\0';
	switch (ev->type) {
	case CT_EV_CHAN_RECV_END: {
		const char *from;
		char *q;
		bool ok;

		if (ev->status != CT_OK || ev->arg == CT_MODEL_NONE)
			return true;
		from = ev->arg < n_msgs ? lane_of(mk, sender[ev->arg]) : "?";
		q = quote(ct_model_string(mk->m, ct_model_message_label(mk->m, ev->arg)));
		p = part_for(mk, &mk->obj_part[ev->obj], mk->obj_keys[ev->obj]);
		ok = q && p && part_add_item(p, from, " ") && part_append(p, q, strlen(q));
		free(q);
		return ok;
	}
	case CT_EV_MUTEX_LOCK_END:
		break;
	case CT_EV_RWLOCK_LOCK_END:
		snprintf(extra, sizeof(extra), " (%s)", ct_access_kind_name(ev->status));
		break;
	case CT_EV_COND_WAIT_END:
	case CT_EV_SEM_WAIT_END:
		if (ev->status != CT_OK)
			snprintf(extra, sizeof(extra), " (%s)", ct_event_status_name(ev->status));
		break;
	default:
		return true;
	}
	p = part_for(mk, &mk->obj_part[ev->obj], mk->obj_keys[ev->obj]);
	return p && part_add_item(p, who, extra);
}

static int part_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sig_part *)a)->key, ((const struct sig_part *)b)->key);
}

/* Sorts the parts by key and makes the text and its hash. */
static bool finish(struct ct_signature *sig)
{
	size_t total = 1, k = 0;
	uint64_t h = 1469598103934665603ull; /* FNV-1a 64 offset basis */

	if (sig->n_parts > 1)
		qsort(sig->parts, sig->n_parts, sizeof(*sig->parts), part_cmp);
	for (size_t i = 0; i < sig->n_parts; i++)
		total += sig->parts[i].len + 1;
	sig->text = malloc(total);
	if (!sig->text)
		return false;
	for (size_t i = 0; i < sig->n_parts; i++) {
		memcpy(sig->text + k, sig->parts[i].line, sig->parts[i].len);
		k += sig->parts[i].len;
		sig->text[k++] = '\n';
	}
	sig->text[k] = '\0';
	for (size_t i = 0; i < k; i++) {
		h ^= (unsigned char)sig->text[i];
		h *= 1099511628211ull; /* FNV 64 prime */
	}
	sig->hash = h;
	return true;
}

enum ct_model_status ct_signature_make(const struct ct_model *model, struct ct_signature **out)
{
	struct maker mk = { .m = model, .print_part = CT_MODEL_NONE };
	size_t n_events, n_msgs = ct_model_message_count(model);
	const struct ct_model_event *evs = ct_model_borrow_events(model, &n_events);
	uint32_t *sender = malloc((n_msgs ? n_msgs : 1) * sizeof(*sender));
	bool ok;

	ct_model_borrow_lanes(model, &mk.n_lanes);
	mk.sig = calloc(1, sizeof(*mk.sig));
	ok = sender && mk.sig && name_lanes(&mk) && key_objects(&mk);
	/* Each message's sender: the lane of its chan_send_end. */
	for (size_t i = 0; ok && i < n_msgs; i++)
		sender[i] = CT_MODEL_NONE;
	for (size_t i = 0; ok && i < n_events; i++) {
		if (evs[i].type == CT_EV_CHAN_SEND_END && evs[i].arg < n_msgs)
			sender[evs[i].arg] = evs[i].lane;
	}
	/* Events are in time order, which is the order the scheduler chose. */
	for (size_t i = 0; ok && i < n_events; i++)
		ok = add_event(&mk, &evs[i], sender, n_msgs);
	ok = ok && finish(mk.sig);

	for (size_t i = 0; mk.lane_names && i < mk.n_lanes; i++)
		free(mk.lane_names[i]);
	free(mk.lane_names);
	for (size_t i = 0; mk.obj_keys && i < mk.n_objs; i++)
		free(mk.obj_keys[i]);
	free(mk.obj_keys);
	free(mk.obj_part);
	free(sender);
	if (!ok) {
		ct_signature_destroy(mk.sig);
		return CT_MODEL_NOMEM;
	}
	*out = mk.sig;
	return CT_MODEL_OK;
}

void ct_signature_destroy(struct ct_signature *sig)
{
	if (!sig)
		return;
	for (size_t i = 0; i < sig->n_parts; i++)
		part_free(&sig->parts[i]);
	free(sig->parts);
	free(sig->text);
	free(sig);
}

/* --------------------------------------------------------------- queries */

const char *ct_signature_text(const struct ct_signature *sig)
{
	return sig && sig->text ? sig->text : "";
}

uint64_t ct_signature_hash(const struct ct_signature *sig)
{
	return sig ? sig->hash : 0;
}

size_t ct_signature_part_count(const struct ct_signature *sig)
{
	return sig ? sig->n_parts : 0;
}

const char *ct_signature_part_key(const struct ct_signature *sig, size_t i)
{
	return sig && i < sig->n_parts ? sig->parts[i].key : "";
}

const char *ct_signature_part_line(const struct ct_signature *sig, size_t i)
{
	return sig && i < sig->n_parts ? sig->parts[i].line : "";
}

size_t ct_signature_part_items(const struct ct_signature *sig, size_t i)
{
	return sig && i < sig->n_parts ? sig->parts[i].n : 0;
}

const char *ct_signature_part_item(const struct ct_signature *sig, size_t i, size_t j, char *buf,
				   size_t len)
{
	const char *s = "";
	size_t n = 0;

	if (sig && i < sig->n_parts && j < sig->parts[i].n)
		s = part_item(&sig->parts[i], j, &n);
	if (len > 0)
		snprintf(buf, len, "%.*s", (int)n, s);
	return buf;
}

/* What one item of a part is called, by the part's kind. */
static const char *item_word(const char *key)
{
	if (strncmp(key, "chan ", 5) == 0)
		return "message";
	if (strncmp(key, "mutex ", 6) == 0 || strncmp(key, "rwlock ", 7) == 0)
		return "acquisition";
	if (strcmp(key, "print") == 0)
		return "line";
	return "wake-up";
}

/* PA and PB (same key) in words, into BUF. */
static void part_difference(const struct sig_part *pa, const struct sig_part *pb, char *buf,
			    size_t len)
{
	const char *word = item_word(pa->key);
	size_t j = 0;

	for (; j < pa->n && j < pb->n; j++) {
		size_t la, lb;
		const char *ia = part_item(pa, j, &la);
		const char *ib = part_item(pb, j, &lb);

		if (la != lb || memcmp(ia, ib, la) != 0) {
			snprintf(buf, len, "%s, %s %zu: %.*s (other: %.*s)", pa->key, word, j + 1,
				 (int)la, ia, (int)lb, ib);
			return;
		}
	}
	snprintf(buf, len, "%s: %zu %ss (other: %zu)", pa->key, pa->n, word, pb->n);
}

const char *ct_signature_difference(const struct ct_signature *a, const struct ct_signature *b,
				    char *buf, size_t len)
{
	size_t i = 0, j = 0;
	size_t na = ct_signature_part_count(a), nb = ct_signature_part_count(b);

	if (len == 0)
		return buf;
	/* Both are sorted by key: walk them side by side. */
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a->parts[i].key, b->parts[j].key);

		if (c < 0) {
			snprintf(buf, len, "%s: only here", a->parts[i].key);
			return buf;
		}
		if (c > 0) {
			snprintf(buf, len, "%s: only in the other", b->parts[j].key);
			return buf;
		}
		if (strcmp(a->parts[i].line, b->parts[j].line) != 0) {
			part_difference(&a->parts[i], &b->parts[j], buf, len);
			return buf;
		}
		i++;
		j++;
	}
	snprintf(buf, len, "same interleaving");
	return buf;
}
