/* SPDX-License-Identifier: MIT */
/*
 * feed.c - the worker's records (wire.h) into the model builder: ctrace
 * events go to it in time order (through ust_pthread.c's queue), wrapper
 * events are mapped first, procnames and stream files are kept by number,
 * and the last record says how the worker ended.
 *
 * Every record is checked: a malformed one stops the feed (it can only
 * come from a bug, and the fuzzer sends nothing else).
 */
#include "loader.h"

#include <stdlib.h>
#include <string.h>

const char *names_get(const struct names *names, uint32_t number)
{
	return number < names->n ? names->at[number] : NULL;
}

/*
 * Sets name NUMBER to a copy of TEXT. The worker gives each number once,
 * in order: a number given again is refused (false), as events held back
 * point at the name, and so is one far beyond the others, rather than
 * making a huge table. False also when out of memory.
 */
static bool names_set(struct names *names, uint32_t number, const char *text)
{
	char *copy;

	if (number > names->n + 4096 || names_get(names, number))
		return false;
	if (number >= names->cap) {
		size_t cap = names->cap ? names->cap : 16;
		char **p;

		while (cap <= number)
			cap *= 2;
		p = realloc(names->at, cap * sizeof(*p));
		if (!p)
			return false;
		memset(p + names->cap, 0, (cap - names->cap) * sizeof(*p));
		names->at = p;
		names->cap = cap;
	}
	copy = strdup(text);
	if (!copy)
		return false;
	names->at[number] = copy;
	if (number >= names->n)
		names->n = (size_t)number + 1;
	return true;
}

static void names_fini(struct names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->at[i]);
	free(names->at);
	memset(names, 0, sizeof(*names));
}

void feed_init(struct feed *f, struct ct_model_builder *builder, ct_model_progress_fn progress,
	       void *progress_data)
{
	memset(f, 0, sizeof(*f));
	f->builder = builder;
	f->progress = progress;
	f->progress_data = progress_data;
}

/* One event record (WIRE_EVENT or WIRE_UST) into the builder. */
static enum ct_model_status on_event(struct feed *f, const struct wire_head *h)
{
	struct ct_model_input in;
	uint32_t proc;

	if (!wire_event_read(h, &in, &proc))
		return CT_MODEL_READ_ERROR;
	in.procname = proc == UINT32_MAX ? NULL : names_get(&f->procs, proc);
	if (h->kind == WIRE_UST) {
		if (h->type == UST_NONE || h->type > UST_UNLOCK)
			return CT_MODEL_READ_ERROR;
		in.text = NULL;
		return ust_event(f, (enum ust_event)h->type, &in, (int)in.status);
	}
	/* Types out of range are the builder's to count (bad_fields). */
	in.type = (enum ct_event_type)h->type;
	f->ctrace_events++;
	/* Any event may settle a held one (its lane's next event, or time passing). */
	if (f->ust.n_waits || f->ust.n_handovers)
		ust_settle(&f->ust, &in, false, false);
	return feed_submit(f, &in);
}

/* One record. */
static enum ct_model_status on_record(struct feed *f, const struct wire_head *h)
{
	uint32_t number;
	const char *text;

	switch (h->kind) {
	case WIRE_EVENT:
	case WIRE_UST:
		return on_event(f, h);
	case WIRE_BINARY: {
		struct ct_model_input in;

		if (!wire_event_read(h, &in, &number))
			return CT_MODEL_READ_ERROR;
		return ct_model_builder_add_binary(f->builder, in.pid, in.id, (uint64_t)in.value,
						   in.text);
	}
	case WIRE_STRING:
	case WIRE_STREAM:
		if (!wire_text_read(h, &number, &text))
			return CT_MODEL_READ_ERROR;
		if (!names_set(h->kind == WIRE_STRING ? &f->procs : &f->streams, number, text))
			return CT_MODEL_READ_ERROR;
		return CT_MODEL_OK;
	case WIRE_END:
		if (!wire_text_read(h, &number, &text))
			return CT_MODEL_READ_ERROR;
		f->ended = true;
		f->end_status = h->type;
		f->end_flags = h->flags;
		f->end_phase = number;
		free(f->end_text);
		f->end_text = *text ? strdup(text) : NULL;
		return CT_MODEL_OK;
	default:
		return CT_MODEL_READ_ERROR;
	}
}

enum ct_model_status feed_bytes(struct feed *f, const unsigned char *p, size_t n, size_t *used)
{
	const struct wire_head *h;
	size_t at = 0;
	bool bad = false;

	while (!f->ended && !f->bad && wire_next(p + at, n - at, &h, &bad)) {
		enum ct_model_status status = on_record(f, h);

		if (status == CT_MODEL_READ_ERROR)
			f->bad = true;
		if (status != CT_MODEL_OK) {
			*used = at;
			return status;
		}
		at += h->size;
	}
	if (f->ended) {
		/* Nothing follows the last word. */
		*used = n;
		return CT_MODEL_OK;
	}
	*used = at;
	if (bad) {
		f->bad = true;
		return CT_MODEL_READ_ERROR;
	}
	return f->bad ? CT_MODEL_READ_ERROR : CT_MODEL_OK;
}

enum ct_model_status feed_finish(struct feed *f)
{
	return held_finish(f);
}

void feed_fini(struct feed *f)
{
	held_fini(&f->ust);
	names_fini(&f->procs);
	names_fini(&f->streams);
	free(f->end_text);
	f->end_text = NULL;
}
