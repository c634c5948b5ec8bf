/* SPDX-License-Identifier: MIT */
/*
 * classes.c - what each event class of the trace is, found once per class:
 * which ctrace event (by name after the `ctrace:` provider) or which event
 * of LTTng's pthread wrapper, and at which index of the payload and of the
 * common context each field the model takes is. ctrace's fields and where
 * they go come from the schema table; everything else is skipped.
 */
#include "decode.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

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

/* Where the loader puts a field of a ctrace event: the SLOT column of the schema table. */
enum slot { SLOT_ID, SLOT_ID2, SLOT_VALUE, SLOT_STATUS, SLOT_TEXT, SLOT_PRIO };

struct field_map {
	const char *name; /* NULL ends a list */
	enum slot slot;
};

/* Each ctrace event's fields and slots, expanded from the schema table. */
/* clang-format off */
#define FIELD_MAP(kind, name, slot) { #name, SLOT_##slot },
#define CT_SCHEMA_EVENT(name, NAME, ...)                                                           \
	static const struct field_map fields_##name[] = {                                          \
		CT_SCHEMA_SEQ(FIELD_MAP, __VA_ARGS__) { NULL, SLOT_ID }                            \
	};
/* clang-format on */
#include "events.def"
#undef CT_SCHEMA_EVENT

static const struct field_map *const event_fields[CT_EV_COUNT_] = {
#define CT_SCHEMA_EVENT(name, NAME, ...) [CT_EV_##NAME] = fields_##name,
#include "events.def"
#undef CT_SCHEMA_EVENT
};

static int *slot_member(struct class_info *info, enum slot slot)
{
	switch (slot) {
	case SLOT_ID:
		return &info->m_id;
	case SLOT_ID2:
		return &info->m_id2;
	case SLOT_VALUE:
		return &info->m_value;
	case SLOT_STATUS:
		return &info->m_status;
	case SLOT_TEXT:
		return &info->m_text;
	case SLOT_PRIO:
		return &info->m_prio;
	}
	return NULL;
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

/*
 * LTTng-UST's events that say where a binary is mapped: the base-address
 * statedump's bin_info at registration and dlopen later, both with the
 * fields baddr, memsz and path. The model resolves call sites with them.
 */
static bool binary_class_init(struct class_info *info, const char *name,
			      const bt_field_class *payload)
{
	if (strncmp(name, "lttng_ust_statedump:", 20) != 0 &&
	    strncmp(name, "lttng_ust_dl:", 13) != 0)
		return false;
	/* The recorder enables them all; only these two map binaries, the rest is theirs. */
	info->mapping = true;
	if (strcmp(name, "lttng_ust_statedump:bin_info") != 0 &&
	    strcmp(name, "lttng_ust_dl:dlopen") != 0)
		return true;
	info->m_id = member_index(payload, "baddr");
	info->m_value = member_index(payload, "memsz");
	info->m_text = member_index(payload, "path");
	info->binary = info->m_id >= 0 && info->m_value >= 0 && info->m_text >= 0;
	return true;
}

/*
 * Fills INFO for CLS: what the event is, and where its fields are. A field
 * the schema names but the class lacks (a trace from an older ctrace) stays
 * -1 and reads as 0.
 */
static void class_info_init(struct class_info *info, const bt_event_class *cls)
{
	const char *name = bt_event_class_get_name(cls);
	const bt_field_class *payload = bt_event_class_borrow_payload_field_class_const(cls);
	const bt_field_class *context =
		bt_stream_class_borrow_event_common_context_field_class_const(
			bt_event_class_borrow_stream_class_const(cls));
	enum ct_event_type type;

	memset(info, 0, sizeof(*info));
	info->cls = cls;
	info->type = -1;
	info->m_id = info->m_id2 = info->m_value = info->m_status = info->m_text = -1;
	info->m_prio = info->m_caller = -1;
	info->c_vtid = member_index(context, "vtid");
	info->c_vpid = member_index(context, "vpid");
	info->c_procname = member_index(context, "procname");
	if (name && strncmp(name, UST_PROVIDER, strlen(UST_PROVIDER)) == 0) {
		ust_class_init(info, name + strlen(UST_PROVIDER), payload);
		return;
	}
	if (name && binary_class_init(info, name, payload))
		return;
	if (!name || strncmp(name, "ctrace:", 7) != 0 || !ct_event_type_from_name(name + 7, &type))
		return;
	info->type = (int)type;
	for (const struct field_map *f = event_fields[type]; f->name; f++)
		*slot_member(info, f->slot) = member_index(payload, f->name);
	/* Absent in traces from before call sites: every site then reads as 0. */
	info->m_caller = member_index(payload, CT_SCHEMA_CALLER_NAME);
}

static size_t class_hash(const bt_event_class *cls)
{
	return (size_t)(((uintptr_t)cls >> 4) * UINT64_C(0x9e3779b97f4a7c15) >> 20);
}

const struct class_info *class_lookup(struct decode *d, const bt_event_class *cls)
{
	size_t j;

	if ((d->n_classes + 1) * 2 > d->cap_classes) {
		size_t cap = d->cap_classes ? d->cap_classes * 2 : 64;
		struct class_info *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t i = 0; i < d->cap_classes; i++) {
			if (!d->classes[i].cls)
				continue;
			j = class_hash(d->classes[i].cls) & (cap - 1);
			while (t[j].cls)
				j = (j + 1) & (cap - 1);
			t[j] = d->classes[i];
		}
		free(d->classes);
		d->classes = t;
		d->cap_classes = cap;
	}
	j = class_hash(cls) & (d->cap_classes - 1);
	while (d->classes[j].cls && d->classes[j].cls != cls)
		j = (j + 1) & (d->cap_classes - 1);
	if (!d->classes[j].cls) {
		class_info_init(&d->classes[j], cls);
		d->n_classes++;
	}
	return &d->classes[j];
}
