/* SPDX-License-Identifier: MIT */
/*
 * wire.h - what the decoding worker (a child process that runs the
 * babeltrace2 graph) tells the loader: a stream of records, in time order,
 * and a page of memory both processes share.
 *
 * Records. Each starts with a struct wire_head whose size covers the whole
 * record and is a multiple of 8, so every record and field is aligned.
 * Worker and loader are the same program image (fork without exec), so the
 * records use the machine's own byte order and layout. The loader checks
 * every size and index all the same: a worker that crashed may leave
 * anything behind, and the fuzzer feeds it arbitrary bytes.
 *
 * The shared page. The worker writes its records into the page's buffer and
 * writes the buffer to the pipe when it is full, so the pipe carries large
 * blocks; whatever is in the buffer when the worker dies (an assertion in
 * babeltrace2, a signal, the watchdog's SIGKILL) is still in the page, and
 * the loader reads it from there: nothing the worker decoded is lost. The
 * page also holds the worker's sign of life (BEAT, which the watchdog
 * watches) and where it is (which trace directory it opens, which stream
 * and packet it decodes), which is how a crash or a hang gets a file and an
 * offset in its message.
 *
 * Private to viewer/model/load. Never includes libbabeltrace2.
 */
#ifndef CTRACE_MODEL_WIRE_H
#define CTRACE_MODEL_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* The lttng_ust_pthread events (LTTng-UST's pthread wrapper): WIRE_UST's type. */
enum ust_event {
	UST_NONE = 0, /* not one of them */
	UST_LOCK_REQ,
	UST_LOCK_ACQ,
	UST_TRYLOCK,
	UST_UNLOCK,
};

enum wire_kind {
	WIRE_EVENT = 1,  /* a ctrace:* event: type is its enum ct_event_type */
	WIRE_UST = 2,    /* an lttng_ust_pthread event: type is its enum ust_event, status
			    the call's result */
	WIRE_STRING = 3, /* a procname, given a number that later events use */
	WIRE_STREAM = 4, /* a stream's file, by the number the shared page uses */
	WIRE_END = 5,    /* the worker's last word: type is its enum ct_model_status */
	WIRE_BINARY = 6, /* a binary mapped in a process (LTTng-UST's statedump bin_info, dl
			    dlopen): an event record whose id is its base address, value
			    its size in memory, text its path; type is 0 */
};

/* WIRE_EVENT and WIRE_UST: which optional fields follow, in this order. */
enum wire_flag {
	WIRE_F_ID = 1 << 0,       /* uint64_t id */
	WIRE_F_ID2 = 1 << 1,      /* uint64_t id2 */
	WIRE_F_VALUE = 1 << 2,    /* int64_t value */
	WIRE_F_STATUS = 1 << 3,   /* uint32_t status, uint32_t prio */
	WIRE_F_CALLER = 1 << 6,   /* uint64_t caller */
	WIRE_F_PROCNAME = 1 << 4, /* uint32_t procname (a WIRE_STRING number), then */
	WIRE_F_TEXT = 1 << 5,     /*   uint32_t text length, then the text and a NUL */
};

struct wire_head {
	uint32_t size;  /* bytes of the whole record; a multiple of 8 */
	uint8_t kind;   /* enum wire_kind */
	uint8_t type;   /* see enum wire_kind */
	uint16_t flags; /* WIRE_EVENT, WIRE_UST: enum wire_flag bits */
};

/* The fixed part of WIRE_EVENT and WIRE_UST records; optional fields follow. */
struct wire_event {
	struct wire_head h;
	uint32_t pid, tid;
	uint64_t time;
};

/* WIRE_END's flags. */
enum wire_end_flag {
	WIRE_END_STOPPED = 1 << 0, /* a stop stream ended: decoding stopped there (salvage) */
};

/* WIRE_STRING, WIRE_STREAM and WIRE_END: a number and a NUL-terminated text. */
struct wire_text {
	struct wire_head h;
	uint32_t number; /* string or stream number; WIRE_END: the phase it ended in */
	uint32_t len;    /* bytes of text, without its NUL */
			 /* char text[len + 1], then padding to a multiple of 8 */
};

/* The largest record the loader accepts: a longer one means garbage. */
#define WIRE_RECORD_MAX (64u << 20)

/* Where the worker is (struct wire_shared's phase). */
enum wire_phase {
	WIRE_PHASE_START = 0, /* forked, loading plugins */
	WIRE_PHASE_OPEN = 1,  /* adding the source of trace directory DIR: metadata, indexes */
	WIRE_PHASE_RUN = 2,   /* decoding: STREAM is the stream being read */
	WIRE_PHASE_DONE = 3,  /* finished (its WIRE_END says how) */
};

/*
 * The page the worker and the loader share. The worker writes it; the
 * loader reads BEAT and PHASE while the worker runs (relaxed atomics), the
 * rest once it has ended.
 */
struct wire_shared {
	uint64_t beat;         /* bumped for every batch of messages: a sign of life */
	uint32_t phase;        /* enum wire_phase */
	uint32_t dir;          /* WIRE_PHASE_OPEN: index of the trace directory being opened */
	int32_t stream;        /* WIRE_PHASE_RUN: the stream being read (its WIRE_STREAM), or -1 */
	uint32_t packet;       /* 1: PACKET is the stream's packet being read; 2: the next packet to
			    be read is PACKET (the last one ended); 0: unknown */
	uint64_t packet_index; /* that packet: 0 for the first of its file */
	uint64_t skipped;      /* events that are not ctrace's nor the wrapper's */
	uint64_t no_clock;     /* events without a clock: cannot be placed, skipped */
	uint64_t discarded;    /* events LTTng reported as discarded */
	uint64_t stop_ns;      /* the latest packet end: when recording stopped */
	uint64_t base;         /* offset in the record stream of BUF[0] */
	uint64_t used;         /* bytes of complete records in BUF, not yet in the pipe */
	uint64_t cap;          /* bytes of BUF */
	unsigned char buf[];   /* records; 8-byte aligned */
};

/* Bytes of the shared mapping: the page and its buffer. */
#define WIRE_SHARED_SIZE (1u << 19)

/* ------------------------------------------------------- the worker's side */

/*
 * The worker's writer: records go into the shared buffer and, when it is
 * full, down the pipe FD. All functions return false when the pipe is gone
 * (the loader stopped listening); the worker then stops.
 */
struct wire_out {
	struct wire_shared *sh; /* borrowed: the shared mapping */
	int fd;                 /* the pipe's write end */
};

/* Writes what the buffer holds to the pipe. */
bool wire_flush(struct wire_out *o);

/* An event record: KIND WIRE_EVENT, WIRE_UST or WIRE_BINARY; IN's procname is PROCNAME's number. */
bool wire_put_event(struct wire_out *o, enum wire_kind kind, unsigned type,
		    const struct ct_model_input *in, bool has_procname, uint32_t procname);

/* A WIRE_STRING, WIRE_STREAM or WIRE_END record: NUMBER and TEXT (NULL reads as ""). */
bool wire_put_text(struct wire_out *o, enum wire_kind kind, unsigned type, uint16_t flags,
		   uint32_t number, const char *text);

/* -------------------------------------------------------- the loader's side */

/*
 * Reads one record at P (N bytes available): on true, *HEAD points at it and
 * its size is at most N; false when P holds less than a whole record (read
 * more) or, with *BAD set, when the bytes cannot be a record.
 */
bool wire_next(const unsigned char *p, size_t n, const struct wire_head **head, bool *bad);

/*
 * Decodes event record HEAD (WIRE_EVENT, WIRE_UST or WIRE_BINARY) into IN; the text
 * points into the record; *PROCNAME gets the procname's number, or
 * UINT32_MAX when there is none. False when the record is malformed.
 */
bool wire_event_read(const struct wire_head *head, struct ct_model_input *in, uint32_t *procname);

/* Decodes text record HEAD: *NUMBER and *TEXT (in the record). False when malformed. */
bool wire_text_read(const struct wire_head *head, uint32_t *number, const char **text);

#endif /* CTRACE_MODEL_WIRE_H */
