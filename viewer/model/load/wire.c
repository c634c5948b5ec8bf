/* SPDX-License-Identifier: MIT */
/*
 * wire.c - the records between the decoding worker and the loader (wire.h):
 * written by the worker into the shared buffer and down the pipe, read back
 * by the loader with every size checked.
 */
#include "wire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* Writes N bytes at P to FD, whatever the interruptions; false when the pipe is gone. */
static bool write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/*
 * The buffer is written, then BASE advanced and USED cleared: if the worker
 * dies in between, the loader, which counts what the pipe gave it, skips
 * what it already has (load.c), so nothing is read twice.
 */
bool wire_flush(struct wire_out *o)
{
	struct wire_shared *sh = o->sh;

	if (!sh->used)
		return true;
	if (!write_all(o->fd, sh->buf, sh->used))
		return false;
	sh->base += sh->used;
	sh->used = 0;
	return true;
}

/* Room for SIZE bytes at the end of the buffer; NULL when the pipe is gone. */
static unsigned char *reserve(struct wire_out *o, size_t size)
{
	struct wire_shared *sh = o->sh;

	if (sh->used + size > sh->cap && !wire_flush(o))
		return NULL;
	return sh->buf + sh->used;
}

/*
 * Adds the SIZE-byte record REC, built in place by reserve(), to the
 * buffer. Only whole records count: a worker that dies while building one
 * leaves USED before it.
 */
static void commit(struct wire_out *o, size_t size)
{
	o->sh->used += size;
}

/*
 * A record larger than the buffer (a very long printed line or message) is
 * built in a temporary and written straight after what the buffer holds.
 * Rare, so the copy does not matter.
 */
static bool put_large(struct wire_out *o, const unsigned char *rec, size_t size)
{
	if (!wire_flush(o) || !write_all(o->fd, rec, size))
		return false;
	o->sh->base += size;
	return true;
}

/* Writes event IN as a SIZE-byte record at P, with FLAGS and a text of TEXT_LEN bytes. */
static void encode_event(unsigned char *p, size_t size, enum wire_kind kind, unsigned type,
			 uint16_t flags, const struct ct_model_input *in, uint32_t procname,
			 size_t text_len)
{
	struct wire_event ev = {
		.h = { .size = (uint32_t)size,
		       .kind = (uint8_t)kind,
		       .type = (uint8_t)type,
		       .flags = flags },
		.pid = in->pid,
		.tid = in->tid,
		.time = in->time,
	};
	unsigned char *end = p + size;

	memcpy(p, &ev, sizeof(ev));
	p += sizeof(ev);
	if (flags & WIRE_F_ID) {
		memcpy(p, &in->id, 8);
		p += 8;
	}
	if (flags & WIRE_F_ID2) {
		memcpy(p, &in->id2, 8);
		p += 8;
	}
	if (flags & WIRE_F_VALUE) {
		memcpy(p, &in->value, 8);
		p += 8;
	}
	if (flags & WIRE_F_STATUS) {
		uint32_t sp[2] = { in->status, in->prio };

		memcpy(p, sp, 8);
		p += 8;
	}
	if (flags & WIRE_F_CALLER) {
		memcpy(p, &in->caller, 8);
		p += 8;
	}
	if (flags & (WIRE_F_PROCNAME | WIRE_F_TEXT)) {
		uint32_t pt[2] = { procname, (uint32_t)text_len };

		memcpy(p, pt, 8);
		p += 8;
	}
	if (flags & WIRE_F_TEXT)
		memcpy(p, in->text, text_len);
	memset(p + ((flags & WIRE_F_TEXT) ? text_len : 0), 0,
	       (size_t)(end - p) - ((flags & WIRE_F_TEXT) ? text_len : 0));
}

bool wire_put_event(struct wire_out *o, enum wire_kind kind, unsigned type,
		    const struct ct_model_input *in, bool has_procname, uint32_t procname)
{
	uint16_t flags = 0;
	size_t text_len = 0, size = sizeof(struct wire_event);
	unsigned char *rec;
	bool ok;

	if (in->id)
		flags |= WIRE_F_ID;
	if (in->id2)
		flags |= WIRE_F_ID2;
	if (in->value)
		flags |= WIRE_F_VALUE;
	if (in->status || in->prio)
		flags |= WIRE_F_STATUS;
	if (in->caller)
		flags |= WIRE_F_CALLER;
	if (has_procname)
		flags |= WIRE_F_PROCNAME;
	if (in->text) {
		flags |= WIRE_F_TEXT;
		text_len = strlen(in->text);
		/* What cannot be a real event's text is cut to what the loader takes. */
		if (text_len > WIRE_RECORD_MAX / 2)
			text_len = WIRE_RECORD_MAX / 2;
	}
	size += 8 *
		(size_t)(!!(flags & WIRE_F_ID) + !!(flags & WIRE_F_ID2) + !!(flags & WIRE_F_VALUE) +
			 !!(flags & WIRE_F_STATUS) + !!(flags & WIRE_F_CALLER) +
			 !!(flags & (WIRE_F_PROCNAME | WIRE_F_TEXT)));
	if (in->text)
		size += pad8(text_len + 1);
	if (size <= o->sh->cap) {
		rec = reserve(o, size);
		if (!rec)
			return false;
		encode_event(rec, size, kind, type, flags, in, procname, text_len);
		commit(o, size);
		return true;
	}
	rec = malloc(size);
	if (!rec)
		return false;
	encode_event(rec, size, kind, type, flags, in, procname, text_len);
	ok = put_large(o, rec, size);
	free(rec);
	return ok;
}

bool wire_put_text(struct wire_out *o, enum wire_kind kind, unsigned type, uint16_t flags,
		   uint32_t number, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	size_t size;
	struct wire_text t;
	unsigned char *p;

	if (len > WIRE_RECORD_MAX / 2)
		len = WIRE_RECORD_MAX / 2;
	size = sizeof(t) + pad8(len + 1);
	t = (struct wire_text){ .h = { .size = (uint32_t)size,
				       .kind = (uint8_t)kind,
				       .type = (uint8_t)type,
				       .flags = flags },
				.number = number,
				.len = (uint32_t)len };
	if (size > o->sh->cap) {
		unsigned char *rec = NULL;
		bool ok;

		/* Rare (a path or message longer than the buffer): a temporary copy. */
		rec = calloc(1, size);
		if (!rec)
			return false;
		memcpy(rec, &t, sizeof(t));
		memcpy(rec + sizeof(t), text, len);
		ok = put_large(o, rec, size);
		free(rec);
		return ok;
	}
	p = reserve(o, size);
	if (!p)
		return false;
	memcpy(p, &t, sizeof(t));
	if (len)
		memcpy(p + sizeof(t), text, len);
	memset(p + sizeof(t) + len, 0, size - sizeof(t) - len);
	commit(o, size);
	return true;
}

bool wire_next(const unsigned char *p, size_t n, const struct wire_head **head, bool *bad)
{
	struct wire_head h;

	*bad = false;
	if (n < sizeof(h))
		return false;
	memcpy(&h, p, sizeof(h));
	if (h.size < sizeof(h) || h.size % 8 || h.size > WIRE_RECORD_MAX) {
		*bad = true;
		return false;
	}
	if (h.size > n)
		return false;
	*head = (const struct wire_head *)(const void *)p;
	return true;
}

bool wire_event_read(const struct wire_head *head, struct ct_model_input *in, uint32_t *procname)
{
	const unsigned char *p = (const unsigned char *)head;
	const unsigned char *end = p + head->size;
	struct wire_event ev;

	if (head->size < sizeof(ev))
		return false;
	memcpy(&ev, p, sizeof(ev));
	p += sizeof(ev);
	memset(in, 0, sizeof(*in));
	in->time = ev.time;
	in->pid = ev.pid;
	in->tid = ev.tid;
	*procname = UINT32_MAX;
#define TAKE(dst)                                                                                  \
	do {                                                                                       \
		if (end - p < 8)                                                                   \
			return false;                                                              \
		memcpy((dst), p, 8);                                                               \
		p += 8;                                                                            \
	} while (0)
	if (head->flags & WIRE_F_ID)
		TAKE(&in->id);
	if (head->flags & WIRE_F_ID2)
		TAKE(&in->id2);
	if (head->flags & WIRE_F_VALUE)
		TAKE(&in->value);
	if (head->flags & WIRE_F_STATUS) {
		uint32_t sp[2];

		TAKE(sp);
		in->status = sp[0];
		in->prio = sp[1];
	}
	if (head->flags & WIRE_F_CALLER)
		TAKE(&in->caller);
	if (head->flags & (WIRE_F_PROCNAME | WIRE_F_TEXT)) {
		uint32_t pt[2];

		TAKE(pt);
		if (head->flags & WIRE_F_PROCNAME)
			*procname = pt[0];
		if (head->flags & WIRE_F_TEXT) {
			/* The text and its NUL must lie inside the record. */
			if ((size_t)(end - p) <= pt[1] || p[pt[1]] != '\0')
				return false;
			in->text = (const char *)p;
		}
	}
#undef TAKE
	return true;
}

bool wire_text_read(const struct wire_head *head, uint32_t *number, const char **text)
{
	struct wire_text t;
	const unsigned char *p = (const unsigned char *)head;

	if (head->size < sizeof(t))
		return false;
	memcpy(&t, p, sizeof(t));
	if (head->size - sizeof(t) <= t.len || p[sizeof(t) + t.len] != '\0')
		return false;
	*number = t.number;
	*text = (const char *)p + sizeof(t);
	return true;
}
