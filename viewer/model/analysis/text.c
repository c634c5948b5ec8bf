/* SPDX-License-Identifier: MIT */
/*
 * text.c - the analyses' words: the name and plural of each kind of finding,
 * and the English sentence that tells one finding, naming lanes, objects
 * and values from the model.
 */
#include "analysis.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

const char *ct_finding_kind_name(enum ct_finding_kind kind)
{
	/* N_(): the words are machine-readable in `check`'s KIND column; front ends _() them to show. */
	static const char *const names[CT_FINDING_COUNT_] = { N_("deadlock"), N_("lost-update"),
							      N_("use-after-drop"),
							      N_("never-received"),
							      N_("never-joined") };

	return (unsigned)kind < CT_FINDING_COUNT_ ? names[kind] : "?";
}

const char *ct_finding_kind_plural(enum ct_finding_kind kind)
{
	static const char *const names[CT_FINDING_COUNT_] = { N_("deadlocks"), N_("lost updates"),
							      N_("uses after drop"),
							      N_("messages never received"),
							      N_("threads never joined") };

	return (unsigned)kind < CT_FINDING_COUNT_ ? names[kind] : "?";
}

/* Appends to a caller's buffer like snprintf, counting what did not fit. */
struct writer {
	char *buf;
	size_t size;
	size_t len; /* the whole text's length, even past SIZE */
};

static void put(struct writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct writer *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(w->len < w->size ? w->buf + w->len : NULL,
		      w->len < w->size ? w->size - w->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n;
}

/*
 * Lane LANE as every front end names it: "phil (T3, tid 23082)". Threads of
 * an unmodified program are often all named after the program, so the short
 * id and the tid tell them apart, and match the picture and `stats`.
 */
static void put_lane(struct writer *w, const struct ct_model *m, uint32_t lane)
{
	char label[160];

	put(w, "%s", ct_model_lane_label(m, lane, label, sizeof(label)));
}

/* Object OBJ as "mutex A", "channel #7"; a thread by its lane's name when it has one. */
static void put_obj(struct writer *w, const struct ct_model *m, uint32_t obj, bool with_kind)
{
	size_t n;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n);
	const struct ct_model_object *o;
	const char *name;

	if (obj >= n) {
		put(w, _("an unknown object"));
		return;
	}
	o = &objs[obj];
	name = ct_model_string(m, o->name);
	if (o->kind == CT_OBJ_THREAD && o->lane != CT_MODEL_NONE) {
		put_lane(w, m, o->lane);
		return;
	}
	if (with_kind && o->kind != CT_OBJ_PLAIN)
		put(w, "%s ",
		    o->kind == CT_OBJ_CHAN ? _("channel") : _(ct_object_kind_name(o->kind)));
	if (*name)
		put(w, "%s", name);
	else if (o->id >> 32)
		put(w, "0x%llx", (unsigned long long)o->id); /* an address: the shim's ids */
	else
		put(w, "#%llu", (unsigned long long)o->id);
}

/* The first ref of REFS (N) with ROLE and, unless CT_MODEL_NONE, LANE; NULL if none. */
static const struct ct_finding_ref *ref_find(const struct ct_finding_ref *refs, size_t n,
					     enum ct_finding_role role, uint32_t lane)
{
	for (size_t k = 0; k < n; k++)
		if (refs[k].role == role && (lane == CT_MODEL_NONE || refs[k].lane == lane))
			return &refs[k];
	return NULL;
}

/* What the blocking event E waits for: "waits for mutex B, held by thread-2". */
static void put_wait(struct writer *w, const struct ct_model *m, const struct ct_model_event *e,
		     const struct ct_finding_ref *hold)
{
	switch ((enum ct_event_type)e->type) {
	case CT_EV_MUTEX_LOCK_BEGIN:
		put(w, _("waits for "));
		put_obj(w, m, e->obj, true);
		if (hold && hold->lane == e->lane) {
			put(w, _(", which it holds itself"));
		} else if (hold) {
			put(w, _(", held by "));
			put_lane(w, m, hold->lane);
		}
		break;
	case CT_EV_RWLOCK_LOCK_BEGIN:
		put(w, e->status == CT_ACCESS_WRITE ? _("waits to write ") : _("waits to read "));
		put_obj(w, m, e->obj, true);
		if (hold && hold->lane == e->lane) {
			put(w, _(", which it holds itself"));
		} else if (hold) {
			size_t n_ev;
			const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
			bool shared =
				hold->event < n_ev && ev[hold->event].status == CT_ACCESS_READ;

			put(w, shared ? _(", held for reading by ") : _(", held for writing by "));
			put_lane(w, m, hold->lane);
		}
		break;
	case CT_EV_JOIN_BEGIN:
		put(w, _("waits to join "));
		put_obj(w, m, e->obj, false);
		break;
	case CT_EV_CHAN_RECV_BEGIN:
		put(w, _("waits to receive from "));
		put_obj(w, m, e->obj, true);
		put(w, _(", whose senders are all stuck"));
		break;
	case CT_EV_CHAN_SEND_BEGIN:
		put(w, _("waits to send on "));
		put_obj(w, m, e->obj, true);
		put(w, _(", whose receivers are all stuck"));
		break;
	default:
		put(w, _("waits (%s)"), ct_event_type_name((enum ct_event_type)e->type));
		break;
	}
}

static void describe_deadlock(struct writer *w, const struct ct_model *m,
			      const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	bool first = true, stuck = false;

	put(w, _("wait-for cycle: "));
	for (size_t k = 0; k < n; k++) {
		const struct ct_model_event *e = &ev[refs[k].event];
		bool held = false;

		if (refs[k].role != CT_ROLE_WAIT)
			continue;
		if (!first)
			put(w, "; ");
		first = false;
		put_lane(w, m, refs[k].lane);
		/* The mutexes this lane holds that the cycle waits for. */
		for (size_t h = 0; h < n; h++) {
			if (refs[h].role != CT_ROLE_HOLD || refs[h].lane != refs[k].lane)
				continue;
			put(w, held ? _(" and ") : _(" holds "));
			put_obj(w, m, refs[h].obj, true);
			held = true;
		}
		put(w, held ? _(" and ") : " ");
		put_wait(w, m, e,
			 k + 1 < n && refs[k + 1].role == CT_ROLE_HOLD ? &refs[k + 1] : NULL);
	}
	put(w, _(": none of them can go on"));
	for (size_t k = 0; k < n; k++) {
		if (refs[k].role != CT_ROLE_STUCK)
			continue;
		put(w, stuck ? "; " : _(" (stuck behind them: "));
		stuck = true;
		put_lane(w, m, refs[k].lane);
		put(w, " ");
		put_wait(w, m, &ev[refs[k].event], NULL);
	}
	if (stuck)
		put(w, ")");
}

static void describe_lost_update(struct writer *w, const struct ct_model *m,
				 const struct ct_finding *f, const struct ct_finding_ref *refs,
				 size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	const struct ct_finding_ref *rd = ref_find(refs, n, CT_ROLE_READ, CT_MODEL_NONE);
	const struct ct_finding_ref *wr = ref_find(refs, n, CT_ROLE_WRITE, CT_MODEL_NONE);
	const struct ct_finding_ref *lost = ref_find(refs, n, CT_ROLE_LOST, CT_MODEL_NONE);
	size_t n_lost = 0;
	bool named = false;

	if (!rd || !wr || !lost) {
		put(w, _("a lost update"));
		return;
	}
	put_lane(w, m, rd->lane);
	put(w, _(" read "));
	put_obj(w, m, rd->obj, true);
	put(w, _(" = %lld and wrote %lld over "),
	    (long long)ct_model_event_value(m, &ev[rd->event]),
	    (long long)ct_model_event_value(m, &ev[wr->event]));
	if (f->amount <= 1) {
		put_lane(w, m, lost->lane);
		put(w, _("'s write of %lld, which it never read: that update was lost"),
		    (long long)ct_model_event_value(m, &ev[lost->event]));
		return;
	}
	/* The lanes whose updates it overwrote, as far as the refs name them. */
	put(w, _("%u updates it never read (by "), (unsigned)f->amount);
	for (size_t k = 0; k < n; k++) {
		char id[32];
		bool again = false;

		if (refs[k].role != CT_ROLE_LOST)
			continue;
		n_lost++;
		for (size_t j = 0; j < k; j++)
			again = again ||
				(refs[j].role == CT_ROLE_LOST && refs[j].lane == refs[k].lane);
		if (again)
			continue;
		put(w, "%s%s", named ? ", " : "",
		    ct_model_lane_short_id(m, refs[k].lane, id, sizeof(id)));
		named = true;
	}
	put(w, _("%s): they were lost"), n_lost < f->amount ? ", ..." : "");
}

static void describe_use_after_drop(struct writer *w, const struct ct_model *m,
				    const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	const struct ct_finding_ref *drop = ref_find(refs, n, CT_ROLE_DROP, CT_MODEL_NONE);
	const struct ct_finding_ref *use = ref_find(refs, n, CT_ROLE_USE, CT_MODEL_NONE);
	const struct ct_model_event *e;

	if (!drop || !use) {
		put(w, _("a use after drop"));
		return;
	}
	e = &ev[use->event];
	put_lane(w, m, use->lane);
	switch ((enum ct_event_type)e->type) {
	case CT_EV_ACCESS:
		put(w, " %s ",
		    e->status == CT_ACCESS_READ    ? _("read")
		    : e->status == CT_ACCESS_WRITE ? _("wrote")
						   : _("used"));
		put_obj(w, m, use->obj, true);
		put(w, _(" (value %lld)"), (long long)ct_model_event_value(m, e));
		break;
	case CT_EV_MOVE:
		put(w, _(" moved "));
		put_obj(w, m, use->obj, true);
		break;
	case CT_EV_ARC_CLONE:
		put(w, _(" cloned "));
		put_obj(w, m, use->obj, true);
		break;
	default:
		put(w, _(" dropped "));
		put_obj(w, m, use->obj, true);
		put(w, _(" again"));
		break;
	}
	put(w, _(" after "));
	put_lane(w, m, drop->lane);
	if (ev[drop->event].type == CT_EV_ARC_DROP)
		put(w, _(" dropped its last reference"));
	else
		put(w, _(" dropped it"));
}

static void describe_unreceived(struct writer *w, const struct ct_model *m,
				const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_model_event *ev = ct_model_borrow_events(m, &(size_t){ 0 });
	const struct ct_finding_ref *send = ref_find(refs, n, CT_ROLE_SEND, CT_MODEL_NONE);
	const char *label;

	if (!send) {
		put(w, _("a message was never received"));
		return;
	}
	label = ct_model_string(m, ct_model_message_label(m, ev[send->event].arg));
	if (*label)
		put(w, _("message \"%s\""), label);
	else
		put(w, _("message #%llu"),
		    (unsigned long long)ct_model_message_id(m, ev[send->event].arg));
	put(w, _(" sent by "));
	put_lane(w, m, send->lane);
	put(w, _(" on "));
	put_obj(w, m, send->obj, true);
	put(w, _(" was never received"));
}

static void describe_unjoined(struct writer *w, const struct ct_model *m,
			      const struct ct_finding_ref *refs, size_t n)
{
	const struct ct_finding_ref *spawn = ref_find(refs, n, CT_ROLE_SPAWN, CT_MODEL_NONE);
	const struct ct_finding_ref *last = ref_find(refs, n, CT_ROLE_LAST, CT_MODEL_NONE);
	size_t n_lanes;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);

	if (!spawn) {
		put(w, _("a thread was never joined"));
		return;
	}
	put(w, _("thread "));
	put_obj(w, m, spawn->obj, false);
	put(w, _(", spawned by "));
	put_lane(w, m, spawn->lane);
	put(w, _(", was never joined: "));
	if (!last || last->lane >= n_lanes)
		put(w, _("it never started before the trace ended"));
	else if (lanes[last->lane].end == CT_LANE_KILLED)
		put(w, _("it was cut off when the process exited"));
	else
		put(w, _("it ran to its end, but nobody waited for it"));
}

size_t ct_analysis_describe(const struct ct_model *model, const struct ct_analysis *a,
			    const struct ct_finding *f, char *buf, size_t size)
{
	struct writer w = { .buf = buf, .size = size, .len = 0 };
	size_t n;
	const struct ct_finding_ref *refs = ct_analysis_borrow_refs(a, f, &n);

	if (size)
		buf[0] = '\0';
	switch ((enum ct_finding_kind)f->kind) {
	case CT_FINDING_DEADLOCK:
		describe_deadlock(&w, model, refs, n);
		break;
	case CT_FINDING_LOST_UPDATE:
		describe_lost_update(&w, model, f, refs, n);
		break;
	case CT_FINDING_USE_AFTER_DROP:
		describe_use_after_drop(&w, model, refs, n);
		break;
	case CT_FINDING_UNRECEIVED:
		describe_unreceived(&w, model, refs, n);
		break;
	case CT_FINDING_UNJOINED:
		describe_unjoined(&w, model, refs, n);
		break;
	case CT_FINDING_COUNT_:
		break;
	}
	return w.len;
}
