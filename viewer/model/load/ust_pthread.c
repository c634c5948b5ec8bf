/* SPDX-License-Identifier: MIT */
/*
 * load.c - reads a CTF trace through libbabeltrace2 into the model builder:
 * the only file of ctrace that calls libbabeltrace2.
 *
 * The graph is src.ctf.fs -> flt.utils.muxer -> a sink component class of
 * ours, so events arrive in timestamp order (and, within one thread, in
 * program order, since a thread's events share one stream). The sink maps
 * each ctrace:* event, its payload and its vtid/vpid/procname contexts into a
 * struct ct_model_input; other events are skipped and counted, and
 * discarded-events messages are added up. Mutex events of LTTng's own
 * pthread wrapper (lttng_ust_pthread:*) are mapped onto ctrace's mutex
 * events too (see "LTTng's pthread wrapper" below and docs/events.md).
 *
 * Thread-safety: ct_model_load may run in several threads at once (each has
 * its own graph), but it takes and clears the calling thread's babeltrace2
 * error.
 */
#include "model.h"

#include <babeltrace2/babeltrace.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PROGRESS_EVERY 65536

/* The lttng_ust_pthread events (LTTng-UST's pthread wrapper) the loader maps. */
enum ust_event {
	UST_NONE = 0, /* not one of them */
	UST_LOCK_REQ,
	UST_LOCK_ACQ,
	UST_TRYLOCK,
	UST_UNLOCK,
};

/* An event waiting in the load's queue behind an undecided one. */
struct held {
	struct ct_model_input in;
	const bt_message *msg; /* owned reference (or NULL): keeps in's strings alive */
	enum { HELD_READY, HELD_UNDECIDED, HELD_DROPPED } state;
};

/* An undecided lock_req: the lane that waits, on what, since when. */
struct ust_wait {
	uint64_t time, mutex;
	uint32_t pid, tid;
	size_t slot; /* its index in the held queue */
};

/*
 * A mutex_lock_end (at slot + 1) taken while thread FROM still held the
 * mutex; slot is a place for FROM's unlock, if it comes.
 */
struct ust_handover {
	uint64_t time, mutex;
	uint32_t pid, from;
	size_t slot;
};

/* Who holds a mutex, as far as the wrapper's events tell: tid 0 when nobody. */
struct ust_holder {
	uint64_t mutex; /* 0 marks an empty slot (no mutex is at address 0) */
	uint32_t pid, tid;
};

/* The wrapper's state in struct load. */
struct ust {
	struct held *held; /* owned; [head, n_held) are waiting */
	size_t head, n_held, cap_held;
	struct ust_wait *waits; /* owned; the undecided lock_reqs */
	size_t n_waits, cap_waits;
	struct ust_handover *handovers; /* owned; the undecided mutex_lock_ends */
	size_t n_handovers, cap_handovers;
	struct ust_holder *holders; /* owned; open addressing by (pid, mutex) */
	size_t n_holders, cap_holders;
};

/* Payload members and contexts an event class has, found once per class. */
struct class_info {
	const bt_event_class *cls; /* borrowed: key; NULL marks an empty slot */
	int type;                  /* enum ct_event_type, or -1 to skip the event */
	int ust;                   /* enum ust_event: a wrapper event, mapped by ust_event() */
	int m_id, m_id2, m_value, m_status, m_text,
		m_prio;                 /* payload member indices, -1 if absent */
	int c_vtid, c_vpid, c_procname; /* common context member indices */
};

/* State shared by ct_model_load and the sink's methods. */
struct load {
	struct ct_model_builder *builder; /* owned by ct_model_load */
	bt_message_iterator *iter;        /* owned; created when the graph is configured */
	struct class_info *classes;       /* owned; open addressing by class pointer */
	size_t n_classes, cap_classes;
	enum ct_model_status status; /* the sink's own failure, if any */
	char *error;                 /* owned; the sink's own message, if any */
	uint64_t events;
	uint64_t skipped;                   /* non-ctrace events, for the "no events" message */
	uint64_t ctrace_events, ust_events; /* read, of either provider */
	const struct ct_model_load_options *options; /* borrowed; may be NULL */
	struct ust ust; /* LTTng's pthread wrapper: what is held back, and why (ust_event) */
};

/* A malloc'd printf result, or NULL when out of memory. */
static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/*
 * Takes the thread's babeltrace2 error and makes it one line: WHAT, then the
 * root cause's message (the first cause; later ones only repeat that a
 * component failed, with addresses). Returns a malloc'd string (NULL when
 * out of memory).
 */
static char *take_error(const char *what)
{
	const bt_error *err = bt_current_thread_take_error();
	const char *cause = NULL;
	char *s;

	if (err && bt_error_get_cause_count(err) > 0)
		cause = bt_error_cause_get_message(bt_error_borrow_cause_by_index(err, 0));
	s = cause ? format("%s: %s", what, cause) : format("%s", what);
	/* Causes may span lines; the user gets one. */
	for (char *p = s; p && *p; p++) {
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	}
	if (err)
		bt_error_release(err);
	return s;
}

/* ------------------------------------------------------ trace discovery */

/* The trace directories found under a path: those holding a `metadata` file. */
struct trace_dirs {
	char **dirs; /* owned, each owned */
	size_t n, cap;
};

static void trace_dirs_fini(struct trace_dirs *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->dirs[i]);
	free(t->dirs);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Adds DIR, if it holds a metadata file, and the trace directories under it
 * (src.ctf.fs in babeltrace2 2.0 takes trace directories, not their
 * parents). Symbolic links are not followed, so a loop cannot recurse
 * forever; DEPTH bounds the rest. Returns false when out of memory.
 */
static bool trace_dirs_find(struct trace_dirs *t, const char *dir, int depth)
{
	char *path = NULL;
	struct stat st;
	DIR *d = NULL;
	struct dirent *e;
	bool ok = true;

	if (depth > 16)
		return true;
	path = format("%s/metadata", dir);
	if (!path)
		return false;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 8;
			char **p = realloc(t->dirs, cap * sizeof(*p));

			if (!p) {
				ok = false;
				goto end;
			}
			t->dirs = p;
			t->cap = cap;
		}
		t->dirs[t->n] = strdup(dir);
		if (!t->dirs[t->n]) {
			ok = false;
			goto end;
		}
		t->n++;
		/* A trace directory holds streams, not other traces. */
		goto end;
	}
	d = opendir(dir);
	if (!d)
		goto end; /* unreadable subdirectories are not traces we can read */
	while (ok && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		free(path);
		path = format("%s/%s", dir, e->d_name);
		if (!path) {
			ok = false;
			break;
		}
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			ok = trace_dirs_find(t, path, depth + 1);
	}
end:
	if (d)
		closedir(d);
	free(path);
	return ok;
}

/* ------------------------------------------------------- event classes */

static int member_index(const bt_field_class *fc, const char *name)
{
	if (!fc || bt_field_class_get_type(fc) != BT_FIELD_CLASS_TYPE_STRUCTURE)
		return -1;
	for (uint64_t i = 0; i < bt_field_class_structure_get_member_count(fc); i++) {
		const bt_field_class_structure_member *m =
			bt_field_class_structure_borrow_member_by_index_const(fc, i);

		if (strcmp(bt_field_class_structure_member_get_name(m), name) == 0)
			return (int)i;
	}
	return -1;
}

/* The first of NAMES that FC has, or -1. NAMES ends with NULL. */
static int member_any(const bt_field_class *fc, const char *const *names)
{
	for (; *names; names++) {
		int i = member_index(fc, *names);

		if (i >= 0)
			return i;
	}
	return -1;
}

/*
 * The wrapper's events, by name after the provider: the fields are `mutex`
 * (the pthread_mutex_t's address) and, except on lock_req, `status` (the
 * call's return value). Their `ip` argument is not a field (only the ip
 * context, if one was added).
 */
#define UST_PROVIDER "lttng_ust_pthread:"

static void ust_class_init(struct class_info *info, const char *name, const bt_field_class *payload)
{
	static const struct {
		const char *name;
		enum ust_event ev;
	} events[] = {
		{ "pthread_mutex_lock_req", UST_LOCK_REQ },
		{ "pthread_mutex_lock_acq", UST_LOCK_ACQ },
		{ "pthread_mutex_trylock", UST_TRYLOCK },
		{ "pthread_mutex_unlock", UST_UNLOCK },
	};

	info->m_id = member_index(payload, "mutex");
	info->m_status = member_index(payload, "status");
	info->m_id2 = info->m_value = info->m_text = -1;
	/* Without a mutex, or a status where one is due, the event is not one we know. */
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		if (strcmp(name, events[i].name) == 0 && info->m_id >= 0 &&
		    (events[i].ev == UST_LOCK_REQ || info->m_status >= 0))
			info->ust = events[i].ev;
	}
}

/* Fills INFO for CLS: what the event is, and where its fields are. */
static void class_info_init(struct class_info *info, const bt_event_class *cls)
{
	static const char *const ids[] = { "thread", "chan",  "cond", "arc", "object",
					   "stream", "queue", "sem",  NULL };
	static const char *const values[] = { "capacity",        "count", "ns", "value",
					      "printing_closed", "len",   NULL };
	static const char *const statuses[] = { "status", "kind", NULL };
	static const char *const texts[] = { "name", "label", "text", NULL };
	const char *name = bt_event_class_get_name(cls);
	const bt_field_class *payload = bt_event_class_borrow_payload_field_class_const(cls);
	const bt_field_class *context =
		bt_stream_class_borrow_event_common_context_field_class_const(
			bt_event_class_borrow_stream_class_const(cls));
	enum ct_event_type type;

	memset(info, 0, sizeof(*info));
	info->cls = cls;
	info->type = -1;
	info->m_prio = -1;
	info->c_vtid = member_index(context, "vtid");
	info->c_vpid = member_index(context, "vpid");
	info->c_procname = member_index(context, "procname");
	if (name && strncmp(name, UST_PROVIDER, strlen(UST_PROVIDER)) == 0) {
		ust_class_init(info, name + strlen(UST_PROVIDER), payload);
		return;
	}
	if (!name || strncmp(name, "ctrace:", 7) != 0 || !ct_event_type_from_name(name + 7, &type))
		return;
	info->type = (int)type;
	/* A mutex is the main object of mutex_* events, and the second one of cond_* events. */
	if (strncmp(name + 7, "mutex_", 6) == 0) {
		info->m_id = member_index(payload, "mutex");
		info->m_id2 = -1;
	} else {
		info->m_id = member_any(payload, ids);
		info->m_id2 = member_index(payload, "mutex");
		if (info->m_id2 < 0)
			info->m_id2 = member_index(payload, "msg");
		if (info->m_id2 < 0)
			info->m_id2 = member_index(payload, "to_thread");
		if (info->m_id2 < 0)
			info->m_id2 = member_index(payload, "offset");
		if (info->m_id2 < 0)
			info->m_id2 = member_index(payload, "hash");
	}
	info->m_value = member_any(payload, values);
	info->m_status = member_any(payload, statuses);
	info->m_text = member_any(payload, texts);
	info->m_prio = member_index(payload, "prio");
}

static size_t class_hash(const bt_event_class *cls)
{
	return (size_t)(((uintptr_t)cls >> 4) * UINT64_C(0x9e3779b97f4a7c15) >> 20);
}

/* The info for CLS, computed on first sight; NULL when out of memory. */
static const struct class_info *class_lookup(struct load *ld, const bt_event_class *cls)
{
	size_t j;

	if ((ld->n_classes + 1) * 2 > ld->cap_classes) {
		size_t cap = ld->cap_classes ? ld->cap_classes * 2 : 64;
		struct class_info *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t i = 0; i < ld->cap_classes; i++) {
			if (!ld->classes[i].cls)
				continue;
			j = class_hash(ld->classes[i].cls) & (cap - 1);
			while (t[j].cls)
				j = (j + 1) & (cap - 1);
			t[j] = ld->classes[i];
		}
		free(ld->classes);
		ld->classes = t;
		ld->cap_classes = cap;
	}
	j = class_hash(cls) & (ld->cap_classes - 1);
	while (ld->classes[j].cls && ld->classes[j].cls != cls)
		j = (j + 1) & (ld->cap_classes - 1);
	if (!ld->classes[j].cls) {
		class_info_init(&ld->classes[j], cls);
		ld->n_classes++;
	}
	return &ld->classes[j];
}

/* ---------------------------------------------------------------- fields */

static const bt_field *member(const bt_field *st, int index)
{
	if (!st || index < 0)
		return NULL;
	return bt_field_structure_borrow_member_field_by_index_const(st, (uint64_t)index);
}

/* An integer or enumeration field's value as 64 bits; 0 for anything else. */
static uint64_t field_int(const bt_field *f)
{
	bt_field_class_type t;

	if (!f)
		return 0;
	t = bt_field_get_class_type(f);
	if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
		return bt_field_integer_unsigned_get_value(f);
	if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
		return (uint64_t)bt_field_integer_signed_get_value(f);
	return 0;
}

/*
 * A string field's value. Its length decides an empty one: libbabeltrace2
 * 2.0.4 (Debian 12's) reuses field objects and, for an empty string, sets
 * the length to 0 without terminating the old text, so the value still reads
 * as the previous string of that field in the stream (a mutex without a
 * name took the name of the one before it). Later releases fix it.
 */
static const char *field_str(const bt_field *f)
{
	if (!f || bt_field_get_class_type(f) != BT_FIELD_CLASS_TYPE_STRING)
		return NULL;
	if (bt_field_string_get_length(f) == 0)
		return "";
	return bt_field_string_get_value(f);
}

/* Adds IN to the builder and reports progress. Returns the builder's status. */
static enum ct_model_status add(struct load *ld, const struct ct_model_input *in)
{
	enum ct_model_status status = ct_model_builder_add(ld->builder, in);

	if (status != CT_MODEL_OK)
		return status;
	ld->events++;
	if (ld->options && ld->options->progress && ld->events % PROGRESS_EVERY == 0)
		ld->options->progress(ld->events, ld->options->progress_data);
	return CT_MODEL_OK;
}

/* ------------------------------------------------ LTTng's pthread wrapper */

/*
 * LD_PRELOAD=liblttng-ust-pthread-wrapper.so records, per call:
 *  - pthread_mutex_lock: lock_req before the call, lock_acq (with the call's
 *    result) after it returned, both on the calling thread;
 *  - pthread_mutex_trylock: trylock (with its result) after the call;
 *  - pthread_mutex_unlock: unlock (with its result) after the mutex was
 *    released.
 * They become mutex_lock_begin, mutex_lock_end and mutex_unlock, with the
 * mutex's address as its id (per process, like the shim's ids). A call that
 * failed did not take or release the mutex and is skipped; EOWNERDEAD (a
 * robust mutex whose owner died) did take it.
 *
 * Waits. lock_req comes before every lock, not only before those that wait
 * as ctrace's mutex_lock_begin does; a span for each would cover every lane
 * with slivers the width of the probes (0.1 to 0.5 us when nothing waits),
 * count every lock as contended, and hide the real waits. So a lock_req is
 * held back until its fate is known, and becomes a mutex_lock_begin only
 * when the trace shows the thread waited:
 *  - another thread of the process unlocked the same mutex before this
 *    thread's lock_acq, or
 *  - lock_acq came UST_WAIT_MIN_NS or more after lock_req: the wait may be
 *    for a holder the wrapper does not see (glibc's pthread_cond_wait
 *    releases and retakes the mutex internally), or for the CPU, or
 *  - the thread's next event is not its lock_acq (lost events, or the trace
 *    ended while it waited: a deadlock stays blocked).
 * Otherwise the lock did not wait that we can tell, and lock_acq alone
 * stands for it, as ctrace's own mutex_lock_end does.
 *
 * Hand-overs. The unlock is recorded after the release, and the thread the
 * release wakes often runs first (on a busy machine, most of the time), so
 * its lock_acq comes before the releasing thread's unlock: the two seem to
 * hold the mutex together, and the model, which draws a hand-off from the
 * latest unlock before a lock_end, has none to draw. So when a thread takes
 * a mutex that, as far as the trace shows, another thread still holds, its
 * mutex_lock_end is held back until the holder's next event: if that is its
 * unlock of the mutex, within UST_LAG_MAX_NS, the unlock is placed just
 * before the mutex_lock_end, at its time (the latest time the release can
 * have happened). Else (the holder released the mutex where the wrapper
 * does not see it, in pthread_cond_wait) nothing is moved.
 *
 * The builder must get events in time order, so while a lock_req or a
 * mutex_lock_end is undecided every later event waits behind it (struct
 * held). Decisions come at the latest UST_WAIT_MIN_NS or UST_LAG_MAX_NS of
 * trace time later, which bounds what is held.
 */
#define UST_WAIT_MIN_NS 5000
#define UST_LAG_MAX_NS  5000000

/* Grows *ARR (of ELEM-byte items, capacity *CAP) to hold one more than N. */
static bool grow_one(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*arr, c * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = c;
	return true;
}

static size_t holder_hash(uint32_t pid, uint64_t mutex)
{
	return (size_t)(((mutex >> 3) ^ ((uint64_t)pid << 40)) * UINT64_C(0x9e3779b97f4a7c15) >>
			24);
}

/* The holder slot of (PID, MUTEX), created if new; NULL when out of memory. */
static struct ust_holder *holder_get(struct ust *u, uint32_t pid, uint64_t mutex)
{
	size_t j;

	if ((u->n_holders + 1) * 2 > u->cap_holders) {
		size_t cap = u->cap_holders ? u->cap_holders * 2 : 64;
		struct ust_holder *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t i = 0; i < u->cap_holders; i++) {
			if (!u->holders[i].mutex)
				continue;
			j = holder_hash(u->holders[i].pid, u->holders[i].mutex) & (cap - 1);
			while (t[j].mutex)
				j = (j + 1) & (cap - 1);
			t[j] = u->holders[i];
		}
		free(u->holders);
		u->holders = t;
		u->cap_holders = cap;
	}
	j = holder_hash(pid, mutex) & (u->cap_holders - 1);
	while (u->holders[j].mutex && (u->holders[j].mutex != mutex || u->holders[j].pid != pid))
		j = (j + 1) & (u->cap_holders - 1);
	if (!u->holders[j].mutex) {
		u->holders[j] = (struct ust_holder){ .mutex = mutex, .pid = pid, .tid = 0 };
		u->n_holders++;
	}
	return &u->holders[j];
}

/* Settles wait I: its lock_req becomes a mutex_lock_begin (KEEP) or goes. */
static void wait_decide(struct ust *u, size_t i, bool keep)
{
	u->held[u->waits[i].slot].state = keep ? HELD_READY : HELD_DROPPED;
	u->waits[i] = u->waits[--u->n_waits];
}

/*
 * Settles hand-over I: UNLOCK (read from MSG), the holder's unlock, goes
 * before the mutex_lock_end at its time; with UNLOCK NULL nothing moves.
 */
static void handover_decide(struct ust *u, size_t i, const struct ct_model_input *unlock,
			    const bt_message *msg)
{
	struct held *place = &u->held[u->handovers[i].slot];
	struct held *lock = place + 1;

	if (unlock) {
		place->in = *unlock;
		place->in.time = lock->in.time;
		place->msg = msg;
		bt_message_get_ref(msg);
		place->state = HELD_READY;
	} else {
		place->state = HELD_DROPPED;
	}
	lock->state = HELD_READY;
	u->handovers[i] = u->handovers[--u->n_handovers];
}

/*
 * Settles what IN (read from MSG) tells about, before IN is passed on.
 * Waits: the old ones (they waited long enough), the one of IN's own lane
 * (IN is its lock_acq when ACQ, and it went by without waiting; or IN is
 * anything else and the lock never finished), and, when IN is a successful
 * unlock (UNLOCK), those on the same mutex in the same process: it hands
 * over to one of them. Hand-overs: the old ones, and those from IN's lane:
 * IN is the unlock they wait for or not. Returns true when IN was taken
 * into a hand-over (and must not be passed on).
 */
static bool ust_settle(struct ust *u, const struct ct_model_input *in, const bt_message *msg,
		       bool acq, bool unlock)
{
	bool taken = false;

	for (size_t i = 0; i < u->n_handovers;) {
		const struct ust_handover *h = &u->handovers[i];

		if (in->time >= h->time && in->time - h->time > UST_LAG_MAX_NS)
			handover_decide(u, i, NULL, NULL);
		else if (h->pid == in->pid && h->from == in->tid && !taken && unlock &&
			 h->mutex == in->id) {
			handover_decide(u, i, in, msg);
			taken = true;
		} else if (h->pid == in->pid && h->from == in->tid)
			handover_decide(u, i, NULL, NULL);
		else
			i++;
	}
	for (size_t i = 0; i < u->n_waits;) {
		const struct ust_wait *w = &u->waits[i];

		if (in->time >= w->time && in->time - w->time >= UST_WAIT_MIN_NS)
			wait_decide(u, i, true);
		else if (w->pid == in->pid && w->tid == in->tid)
			wait_decide(u, i, !(acq && w->mutex == in->id));
		else if (unlock && !taken && w->pid == in->pid && w->mutex == in->id)
			wait_decide(u, i, true);
		else
			i++;
	}
	return taken;
}

/* Adds what can go from the front of the queue: everything before the first undecided event. */
static enum ct_model_status held_flush(struct load *ld)
{
	struct ust *u = &ld->ust;
	enum ct_model_status status = CT_MODEL_OK;

	while (u->head < u->n_held && u->held[u->head].state != HELD_UNDECIDED) {
		struct held *h = &u->held[u->head++];

		if (h->state == HELD_READY && status == CT_MODEL_OK)
			status = add(ld, &h->in);
		bt_message_put_ref(h->msg);
		h->msg = NULL;
	}
	if (u->head == u->n_held) {
		u->head = u->n_held = 0;
	} else if (u->head >= 1024 && u->head * 2 >= u->n_held) {
		/* Contention may keep something undecided at all times: slide down. */
		memmove(u->held, u->held + u->head, (u->n_held - u->head) * sizeof(*u->held));
		for (size_t i = 0; i < u->n_waits; i++)
			u->waits[i].slot -= u->head;
		for (size_t i = 0; i < u->n_handovers; i++)
			u->handovers[i].slot -= u->head;
		u->n_held -= u->head;
		u->head = 0;
	}
	return status;
}

/* Appends IN (from MSG, may be NULL) to the queue in STATE; false when out of memory. */
static bool held_push(struct ust *u, const struct ct_model_input *in, const bt_message *msg,
		      int state)
{
	struct held *h;

	if (!grow_one((void **)&u->held, &u->cap_held, u->n_held, sizeof(*u->held)))
		return false;
	h = &u->held[u->n_held++];
	h->in = *in;
	h->msg = msg;
	if (msg)
		bt_message_get_ref(msg);
	h->state = state;
	return true;
}

/*
 * Passes IN (read from MSG) on to the builder, in time order: directly when
 * nothing is held back, else behind what is.
 */
static enum ct_model_status submit(struct load *ld, const struct ct_model_input *in,
				   const bt_message *msg)
{
	if (ld->ust.head == ld->ust.n_held)
		return add(ld, in);
	if (!held_push(&ld->ust, in, msg, HELD_READY))
		return CT_MODEL_NOMEM;
	return held_flush(ld);
}

/* End of the trace: a lock_req still undecided never got its lock; a holder never unlocked. */
static enum ct_model_status held_finish(struct load *ld)
{
	while (ld->ust.n_waits)
		wait_decide(&ld->ust, 0, true);
	while (ld->ust.n_handovers)
		handover_decide(&ld->ust, 0, NULL, NULL);
	return held_flush(ld);
}

/* Drops whatever is still held (after a failure). Can't fail. */
static void held_fini(struct load *ld)
{
	struct ust *u = &ld->ust;

	for (size_t i = u->head; i < u->n_held; i++)
		bt_message_put_ref(u->held[i].msg);
	free(u->held);
	free(u->waits);
	free(u->handovers);
	free(u->holders);
}

/* Maps one wrapper event (IN has its time and contexts) and passes it on. */
static enum ct_model_status ust_event(struct load *ld, const struct class_info *info,
				      struct ct_model_input *in, const bt_field *payload,
				      const bt_message *msg)
{
	struct ust *u = &ld->ust;
	/* The call's return value: an int, whatever width the field has. */
	int result = (int)(int64_t)field_int(member(payload, info->m_status));
	bool failed = false;
	struct ust_holder *holder;

	/* Without vtid every thread would be one lane, and the picture wrong. */
	if (info->c_vtid < 0 || info->c_vpid < 0) {
		ld->error = format(
			"this trace's lttng_ust_pthread events have no %s, so its threads "
			"cannot be told apart; record with `lttng add-context -u -t vtid -t vpid "
			"-t procname` before `lttng start`",
			info->c_vtid < 0 && info->c_vpid < 0 ? "vtid and vpid contexts"
			: info->c_vtid < 0                   ? "vtid context"
							     : "vpid context");
		return CT_MODEL_NO_CONTEXT;
	}
	ld->ust_events++;
	in->id = field_int(member(payload, info->m_id));
	switch (info->ust) {
	case UST_LOCK_REQ:
		in->type = CT_EV_MUTEX_LOCK_BEGIN;
		break;
	case UST_LOCK_ACQ:
	case UST_TRYLOCK:
		in->type = CT_EV_MUTEX_LOCK_END;
		failed = result != 0 && result != EOWNERDEAD;
		break;
	default:
		in->type = CT_EV_MUTEX_UNLOCK;
		failed = result != 0;
		break;
	}
	if (ust_settle(u, in, msg, info->ust == UST_LOCK_ACQ, info->ust == UST_UNLOCK && !failed))
		return held_flush(ld);
	if (failed) {
		/* The mutex did not change hands: nothing to draw. */
		ct_model_builder_add_skipped(ld->builder, 1);
		return held_flush(ld);
	}
	if (info->ust == UST_LOCK_REQ) {
		if (!grow_one((void **)&u->waits, &u->cap_waits, u->n_waits, sizeof(*u->waits)) ||
		    !held_push(u, in, msg, HELD_UNDECIDED))
			return CT_MODEL_NOMEM;
		u->waits[u->n_waits++] = (struct ust_wait){ .time = in->time,
							    .mutex = in->id,
							    .pid = in->pid,
							    .tid = in->tid,
							    .slot = u->n_held - 1 };
		return held_flush(ld);
	}
	holder = holder_get(u, in->pid, in->id);
	if (!holder)
		return CT_MODEL_NOMEM;
	if (in->type == CT_EV_MUTEX_UNLOCK) {
		if (holder->tid == in->tid)
			holder->tid = 0;
		return submit(ld, in, msg);
	}
	if (holder->tid == 0 || holder->tid == in->tid) {
		holder->tid = in->tid;
		return submit(ld, in, msg);
	}
	/* Taken while another thread still holds it: wait for that one's unlock. */
	if (!grow_one((void **)&u->handovers, &u->cap_handovers, u->n_handovers,
		      sizeof(*u->handovers)) ||
	    !grow_one((void **)&u->held, &u->cap_held, u->n_held + 1, sizeof(*u->held)))
		return CT_MODEL_NOMEM;
	u->handovers[u->n_handovers++] = (struct ust_handover){ .time = in->time,
								.mutex = in->id,
								.pid = in->pid,
								.from = holder->tid,
								.slot = u->n_held };
	held_push(u, &(struct ct_model_input){ .time = in->time }, NULL, HELD_UNDECIDED);
	held_push(u, in, msg, HELD_UNDECIDED);
	holder->tid = in->tid;
	return held_flush(ld);
}

/* ---------------------------------------------------------------- events */

/* Maps one event message into the builder. Returns the builder's status. */
static enum ct_model_status on_event(struct load *ld, const bt_message *msg)
{
	const bt_event *ev = bt_message_event_borrow_event_const(msg);
	const struct class_info *info = class_lookup(ld, bt_event_borrow_class_const(ev));
	const bt_field *payload, *context;
	struct ct_model_input in;
	int64_t ns = 0;

	if (!info)
		return CT_MODEL_NOMEM;
	if (info->type < 0 && info->ust == UST_NONE) {
		ct_model_builder_add_skipped(ld->builder, 1);
		ld->skipped++;
		return CT_MODEL_OK;
	}
	/* A stream without a clock gives no time: such events cannot be placed. */
	if (!bt_message_event_borrow_stream_class_default_clock_class_const(msg)) {
		ct_model_builder_add_skipped(ld->builder, 1);
		return CT_MODEL_OK;
	}
	if (bt_clock_snapshot_get_ns_from_origin(
		    bt_message_event_borrow_default_clock_snapshot_const(msg), &ns) !=
		    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK ||
	    ns < 0)
		ns = 0;

	payload = bt_event_borrow_payload_field_const(ev);
	context = bt_event_borrow_common_context_field_const(ev);
	memset(&in, 0, sizeof(in));
	in.time = (uint64_t)ns;
	in.pid = (uint32_t)field_int(member(context, info->c_vpid));
	in.tid = (uint32_t)field_int(member(context, info->c_vtid));
	in.procname = field_str(member(context, info->c_procname));
	if (info->ust != UST_NONE)
		return ust_event(ld, info, &in, payload, msg);
	ld->ctrace_events++;
	in.type = (enum ct_event_type)info->type;
	in.id = field_int(member(payload, info->m_id));
	in.id2 = field_int(member(payload, info->m_id2));
	in.value = (int64_t)field_int(member(payload, info->m_value));
	in.status = (unsigned)field_int(member(payload, info->m_status));
	in.text = field_str(member(payload, info->m_text));
	in.prio = (unsigned)field_int(member(payload, info->m_prio));
	/* Any event may settle a held one (its lane's next event, or time passing). */
	if (ld->ust.n_waits || ld->ust.n_handovers)
		ust_settle(&ld->ust, &in, msg, false, false);
	return submit(ld, &in, msg);
}

/* ------------------------------------------------------------------ sink */

static bt_component_class_initialize_method_status
sink_initialize(bt_self_component_sink *self, bt_self_component_sink_configuration *config,
		const bt_value *params, void *data)
{
	(void)config;
	(void)params;
	bt_self_component_set_data(bt_self_component_sink_as_self_component(self), data);
	switch (bt_self_component_sink_add_input_port(self, "in", NULL, NULL)) {
	case BT_SELF_COMPONENT_ADD_PORT_STATUS_OK:
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_OK;
	case BT_SELF_COMPONENT_ADD_PORT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_INITIALIZE_METHOD_STATUS_ERROR;
	}
}

static bt_component_class_sink_graph_is_configured_method_status
sink_graph_is_configured(bt_self_component_sink *self)
{
	struct load *ld =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));

	switch (bt_message_iterator_create_from_sink_component(
		self, bt_self_component_sink_borrow_input_port_by_index(self, 0), &ld->iter)) {
	case BT_MESSAGE_ITERATOR_CREATE_FROM_SINK_COMPONENT_STATUS_OK:
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_OK;
	case BT_MESSAGE_ITERATOR_CREATE_FROM_SINK_COMPONENT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_SINK_GRAPH_IS_CONFIGURED_METHOD_STATUS_ERROR;
	}
}

/*
 * LTTng closes every packet when recording stops, and a packet's end clock
 * snapshot says when: the last one tells how long the recording went on
 * after the program's last event (a hung program that was killed).
 */
static void on_packet_end(struct load *ld, const bt_message *msg)
{
	const bt_packet *packet = bt_message_packet_end_borrow_packet_const(msg);
	const bt_stream_class *sc =
		bt_stream_borrow_class_const(bt_packet_borrow_stream_const(packet));
	int64_t ns;

	if (!bt_stream_class_packets_have_end_default_clock_snapshot(sc))
		return;
	if (bt_clock_snapshot_get_ns_from_origin(
		    bt_message_packet_end_borrow_default_clock_snapshot_const(msg), &ns) ==
		    BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK &&
	    ns > 0)
		ct_model_builder_set_stop(ld->builder, (uint64_t)ns);
}

static bt_component_class_sink_consume_method_status sink_consume(bt_self_component_sink *self)
{
	struct load *ld =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));
	bt_message_array_const msgs;
	uint64_t count = 0;
	bt_component_class_sink_consume_method_status ret =
		BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK;

	switch (bt_message_iterator_next(ld->iter, &msgs, &count)) {
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
		break;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
		bt_message_iterator_put_ref(ld->iter);
		ld->iter = NULL;
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_END;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_AGAIN;
	case BT_MESSAGE_ITERATOR_NEXT_STATUS_MEMORY_ERROR:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR;
	default:
		return BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
	}
	for (uint64_t i = 0; i < count; i++) {
		const bt_message *msg = msgs[i];

		if (ret == BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_OK) {
			enum ct_model_status st = CT_MODEL_OK;
			uint64_t lost = 0;

			switch (bt_message_get_type(msg)) {
			case BT_MESSAGE_TYPE_EVENT:
				st = on_event(ld, msg);
				break;
			case BT_MESSAGE_TYPE_PACKET_END:
				on_packet_end(ld, msg);
				break;
			case BT_MESSAGE_TYPE_DISCARDED_EVENTS:
				/* LTTng gives the count; if it did not, at least one was lost. */
				if (bt_message_discarded_events_get_count(msg, &lost) !=
				    BT_PROPERTY_AVAILABILITY_AVAILABLE)
					lost = 1;
				ct_model_builder_add_discarded(ld->builder, lost);
				break;
			default:
				break;
			}
			if (st != CT_MODEL_OK) {
				ld->status = st;
				ret = st == CT_MODEL_NOMEM
					      ? BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_MEMORY_ERROR
					      : BT_COMPONENT_CLASS_SINK_CONSUME_METHOD_STATUS_ERROR;
			}
		}
		/* Every message of the batch is ours to release, even after a failure. */
		bt_message_put_ref(msg);
	}
	return ret;
}

static void sink_finalize(bt_self_component_sink *self)
{
	struct load *ld =
		bt_self_component_get_data(bt_self_component_sink_as_self_component(self));

	bt_message_iterator_put_ref(ld->iter);
	ld->iter = NULL;
}

/* ----------------------------------------------------------------- graph */

/* Our sink class; NULL with LD->error set on failure. */
static bt_component_class_sink *sink_class_create(struct load *ld)
{
	bt_component_class_sink *cls = bt_component_class_sink_create("ctrace-model", sink_consume);

	if (!cls) {
		ld->status = CT_MODEL_NOMEM;
		return NULL;
	}
	if (bt_component_class_sink_set_initialize_method(cls, sink_initialize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK ||
	    bt_component_class_sink_set_graph_is_configured_method(cls, sink_graph_is_configured) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK ||
	    bt_component_class_sink_set_finalize_method(cls, sink_finalize) !=
		    BT_COMPONENT_CLASS_SET_METHOD_STATUS_OK) {
		bt_component_class_sink_put_ref(cls);
		ld->status = CT_MODEL_NOMEM;
		return NULL;
	}
	return cls;
}

/* Finds a plugin's component class; sets LD's status and error on failure. */
static const bt_plugin *plugin_find(struct load *ld, const char *name)
{
	const bt_plugin *plugin = NULL;

	switch (bt_plugin_find(name, BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &plugin)) {
	case BT_PLUGIN_FIND_STATUS_OK:
		return plugin;
	case BT_PLUGIN_FIND_STATUS_NOT_FOUND:
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = format("babeltrace2 plugin '%s' not found (is babeltrace2 installed?)",
				   name);
		return NULL;
	case BT_PLUGIN_FIND_STATUS_MEMORY_ERROR:
		ld->status = CT_MODEL_NOMEM;
		return NULL;
	default:
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = take_error("cannot load babeltrace2 plugins");
		return NULL;
	}
}

/* Checks PATH before babeltrace2 does, for clearer messages. */
static enum ct_model_status check_path(const char *path, char **error)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		*error = format("%s", strerror(errno));
		return CT_MODEL_NOT_FOUND;
	}
	if (!S_ISDIR(st.st_mode)) {
		*error = format("not a directory (give the trace directory)");
		return CT_MODEL_NOT_FOUND;
	}
	return CT_MODEL_OK;
}

/*
 * Adds one src.ctf.fs component for trace directory DIR and connects its
 * ports to the muxer, whose input ports are numbered from *NEXT_IN (it adds
 * a free one each time one gets connected). Sets LD's status and error on
 * failure.
 */
static bool source_add(struct load *ld, bt_graph *graph, const bt_component_class_source *cls,
		       const bt_component_filter *mux, const char *dir, size_t index,
		       uint64_t *next_in)
{
	const bt_component_source *src = NULL;
	bt_value *params = bt_value_map_create();
	bt_value *inputs = NULL;
	char name[32];
	bool ok = false;

	snprintf(name, sizeof(name), "src%zu", index);
	if (!params ||
	    bt_value_map_insert_empty_array_entry(params, "inputs", &inputs) !=
		    BT_VALUE_MAP_INSERT_ENTRY_STATUS_OK ||
	    bt_value_array_append_string_element(inputs, dir) !=
		    BT_VALUE_ARRAY_APPEND_ELEMENT_STATUS_OK) {
		ld->status = CT_MODEL_NOMEM;
		goto end;
	}
	switch (bt_graph_add_source_component(graph, cls, name, params, BT_LOGGING_LEVEL_NONE,
					      &src)) {
	case BT_GRAPH_ADD_COMPONENT_STATUS_OK:
		break;
	case BT_GRAPH_ADD_COMPONENT_STATUS_MEMORY_ERROR:
		ld->status = CT_MODEL_NOMEM;
		goto end;
	default:
		/* src.ctf.fs refuses unreadable or corrupted metadata. */
		ld->status = CT_MODEL_NOT_A_TRACE;
		ld->error = take_error("not a readable CTF trace");
		goto end;
	}
	for (uint64_t i = 0; i < bt_component_source_get_output_port_count(src); i++) {
		if (bt_graph_connect_ports(
			    graph, bt_component_source_borrow_output_port_by_index_const(src, i),
			    bt_component_filter_borrow_input_port_by_index_const(mux, (*next_in)++),
			    NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK) {
			ld->status = CT_MODEL_READ_ERROR;
			ld->error = take_error("cannot connect the babeltrace2 graph");
			goto end;
		}
	}
	ok = true;
end:
	bt_value_put_ref(params);
	return ok;
}

/*
 * Builds the graph: a src.ctf.fs per trace directory in TRACES -> muxer ->
 * our sink. Sets LD's status and error on failure.
 */
static bt_graph *graph_create(struct load *ld, const struct trace_dirs *traces)
{
	const bt_plugin *ctf = NULL, *utils = NULL;
	const bt_component_class_source *src_cls;
	const bt_component_class_filter *mux_cls;
	bt_component_class_sink *sink_cls = NULL;
	const bt_component_filter *mux = NULL;
	const bt_component_sink *sink = NULL;
	bt_graph *graph = NULL;
	uint64_t next_in = 0;

	ctf = plugin_find(ld, "ctf");
	if (!ctf)
		goto error;
	utils = plugin_find(ld, "utils");
	if (!utils)
		goto error;
	src_cls = bt_plugin_borrow_source_component_class_by_name_const(ctf, "fs");
	mux_cls = bt_plugin_borrow_filter_component_class_by_name_const(utils, "muxer");
	if (!src_cls || !mux_cls) {
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = format("babeltrace2 lacks src.ctf.fs or flt.utils.muxer");
		goto error;
	}
	sink_cls = sink_class_create(ld);
	if (!sink_cls)
		goto error;
	graph = bt_graph_create(0);
	if (!graph) {
		ld->status = CT_MODEL_NOMEM;
		goto error;
	}
	if (bt_graph_add_filter_component(graph, mux_cls, "mux", NULL, BT_LOGGING_LEVEL_NONE,
					  &mux) != BT_GRAPH_ADD_COMPONENT_STATUS_OK ||
	    bt_graph_add_sink_component_with_initialize_method_data(
		    graph, sink_cls, "model", NULL, ld, BT_LOGGING_LEVEL_NONE, &sink) !=
		    BT_GRAPH_ADD_COMPONENT_STATUS_OK) {
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = take_error("cannot build the babeltrace2 graph");
		goto error;
	}
	for (size_t i = 0; i < traces->n; i++) {
		if (!source_add(ld, graph, src_cls, mux, traces->dirs[i], i, &next_in))
			goto error;
	}
	if (next_in == 0) {
		ld->status = CT_MODEL_NO_EVENTS;
		ld->error = format("the trace has no data streams");
		goto error;
	}
	if (bt_graph_connect_ports(graph,
				   bt_component_filter_borrow_output_port_by_index_const(mux, 0),
				   bt_component_sink_borrow_input_port_by_index_const(sink, 0),
				   NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK) {
		ld->status = CT_MODEL_READ_ERROR;
		ld->error = take_error("cannot connect the babeltrace2 graph");
		goto error;
	}
	goto end;

error:
	bt_graph_put_ref(graph);
	graph = NULL;
end:
	bt_component_class_sink_put_ref(sink_cls);
	bt_plugin_put_ref(utils);
	bt_plugin_put_ref(ctf);
	return graph;
}

enum ct_model_status ct_model_load(const char *path, const struct ct_model_load_options *options,
				   struct ct_model **model, char **error)
{
	struct load ld = { .status = CT_MODEL_OK, .options = options };
	struct trace_dirs traces = { .n = 0 };
	bt_graph *graph = NULL;
	struct ct_model *m = NULL;
	enum ct_model_status status;
	char *msg = NULL;

	status = check_path(path, &msg);
	if (status != CT_MODEL_OK)
		goto error;
	if (!trace_dirs_find(&traces, path, 0)) {
		status = CT_MODEL_NOMEM;
		goto error;
	}
	if (traces.n == 0) {
		status = CT_MODEL_NOT_A_TRACE;
		msg = format("not a CTF trace: no metadata file in it or under it");
		goto error;
	}
	/* Sorted, so that components and lanes come in the same order every time. */
	qsort(traces.dirs, traces.n, sizeof(*traces.dirs), name_cmp);
	ld.builder = ct_model_builder_create();
	if (!ld.builder) {
		status = CT_MODEL_NOMEM;
		goto error;
	}
	graph = graph_create(&ld, &traces);
	if (!graph) {
		status = ld.status;
		msg = ld.error;
		ld.error = NULL;
		goto error;
	}
	for (;;) {
		bt_graph_run_status run = bt_graph_run(graph);

		if (run == BT_GRAPH_RUN_STATUS_OK)
			break;
		if (run == BT_GRAPH_RUN_STATUS_AGAIN) {
			/* Only live sources say "again"; wait a little before asking. */
			nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
			continue;
		}
		if (ld.status != CT_MODEL_OK) {
			/* Our sink failed: its status (and message, if any) says why. */
			bt_current_thread_clear_error();
			status = ld.status;
			msg = ld.error;
			ld.error = NULL;
		} else if (run == BT_GRAPH_RUN_STATUS_MEMORY_ERROR) {
			bt_current_thread_clear_error();
			status = CT_MODEL_NOMEM;
		} else {
			status = CT_MODEL_READ_ERROR;
			msg = take_error("cannot read the trace");
		}
		goto error;
	}
	status = held_finish(&ld);
	if (status != CT_MODEL_OK)
		goto error;
	if (ct_model_builder_event_count(ld.builder) == 0) {
		status = CT_MODEL_NO_EVENTS;
		msg = format("no ctrace or lttng_ust_pthread mutex events in the trace (%llu other "
			     "events)",
			     (unsigned long long)ld.skipped);
		goto error;
	}
	/* The wrapper alone says nothing of threads starting and ending. */
	if (ld.ust_events && !ld.ctrace_events)
		ct_model_builder_set_no_lifecycle(ld.builder);
	status = ct_model_builder_finish(ld.builder, &m);
	if (status != CT_MODEL_OK)
		goto error;
	*model = m;
	goto end;

error:
	if (!msg)
		msg = format("%s", ct_model_status_str(status));
end:
	if (error)
		*error = status == CT_MODEL_OK ? NULL : msg;
	if (!error || status == CT_MODEL_OK)
		free(msg);
	free(ld.error);
	/* Held messages go back before the graph that made them. */
	held_fini(&ld);
	bt_graph_put_ref(graph);
	bt_message_iterator_put_ref(ld.iter);
	ct_model_builder_destroy(ld.builder);
	free(ld.classes);
	trace_dirs_fini(&traces);
	return status;
}
