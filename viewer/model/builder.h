/* SPDX-License-Identifier: MIT */
/*
 * builder.h - the model builder's private state, shared by the files that
 * build a model: build.c (the one pass over the events: lanes, objects,
 * spans, and finishing), handlers.c (what each family of events adds) and
 * match.c (the chains that match a receive to its send, a wait to its
 * wake-up, a read to its writes).
 *
 * Every ct_model_builder_add first reserves room in every array and map it
 * might touch (build.c's reserve), so the handlers and matching functions
 * declared here cannot fail: they write into room that is already there.
 *
 * Private to viewer/model. Not thread-safe: one builder, one thread.
 */
#ifndef CTRACE_MODEL_BUILDER_H
#define CTRACE_MODEL_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "model.h"
#include "store.h"
#include "strpool.h"

/* Relative times are stored in 52 bits (time_lo, time_hi); later ones are clamped. */
#define TIME_MAX  ((UINT64_C(1) << 52) - 1)
#define MAX_INDEX (CT_MODEL_NONE - 1)

/* Key spaces of the builder's one map: which table a (pid, id) key indexes. */
/*
 * KEY_SHARED: objects one in every process (streams, queues), keyed by kind
 * and id, apart from the per-process objects, so that a trace without vpid
 * (every pid 0) cannot make a mutex and a stream with the same id one object.
 */
/* KEY_SIGNAL: signals sent and not yet taken, by target process, thread and signal. */

enum key_space {
	KEY_LANE = 1,
	KEY_OBJECT = 2,
	KEY_MESSAGE = 3,
	KEY_MQ = 4,
	KEY_SHARED = 5,
	KEY_SIGNAL = 6,
	KEY_FORK = 7, /* processes: (pid, seq) -> its proc_fork not yet matched to a child */
	KEY_SITE = 8, /* call sites: (pid, address) -> its index in the site table */
};

/* Per-lane building state. */
struct lane_build {
	uint32_t open_span; /* span index of the current *_begin, or CT_MODEL_NONE */
	uint32_t mq_last;   /* the lane's latest mq_send (index in builder.mqs), or CT_MODEL_NONE */
	uint32_t sys_child; /* processes: the lane of the shell its system() started, or NONE */
	bool ended;         /* thread_end seen */
	bool saw_exit;      /* this lane recorded its process's process_exit */
};

/*
 * Per-object building state; the meaning of a and b depends on the kind
 * (stream: its first and last pending write). A semaphore's tokens have
 * fields of their own: a damaged trace may use one id for a semaphore and
 * a mutex, and the mutex's event indices in a must never be read as token
 * slots.
 */
struct obj_build {
	uint32_t a; /* thread: its thread_spawn; mutex: the release not yet taken; cond: latest
		       broadcast */
	uint32_t b; /* thread: its thread_end */
	/* sem: first and last posted token not taken; cond: signals not yet taken (in semq) */
	uint32_t sem_head, sem_tail;
	uint32_t tokens;  /* sem: initial-value tokens left (older than any posted one) */
	uint32_t waiting; /* cond: threads in cond_wait now (a begin without its end) */
	uint32_t pending; /* cond: signals in the chain, each meant for one of them */
};

/*
 * A semaphore token that a sem_post added and no sem_wait_end has taken
 * yet, in its semaphore's chain (oldest first), or a free slot in the
 * builder's free list.
 */
struct sem_token {
	uint32_t post; /* the sem_post event */
	uint32_t next; /* the next token of the chain (or free slot), or CT_MODEL_NONE */
};

/*
 * A write to a byte stream whose bytes have not all been read yet, in the
 * stream's chain of such writes (by offset: obj_build.a is the first,
 * obj_build.b the last).
 */
struct fd_pending {
	uint64_t off, end; /* the byte range [off, end) */
	uint32_t ev;       /* the fd_write event */
	uint32_t next;     /* the next pending write of the stream, or CT_MODEL_NONE */
	bool matched;      /* its arrow to the first read that overlaps it is drawn */
};

/*
 * A message sent to a queue, in the chain of sends with the same queue, hash
 * and length (the key map's KEY_MQ entry names the first, which also knows
 * the last). Sends leave a chain when a receive takes them or, withdrawn,
 * when they reach its head.
 */
struct mq_pending {
	uint64_t hash, len;
	uint32_t ev;   /* the mq_send event */
	uint32_t next; /* the next send of the chain, or CT_MODEL_NONE */
	uint32_t tail; /* the chain's last send; kept up to date in the first one only */
	bool done;     /* received (its arrow is drawn), or withdrawn by a failed mq_send_end */
};

struct ct_model_builder {
	struct ct_model m; /* the model being built; arrays owned (its strings are in `strings`) */
	size_t cap_events, cap_lanes, cap_spans, cap_arrows, cap_objects, cap_markers;
	size_t cap_wide, cap_msgs;
	size_t cap_event_sites, n_event_sites, cap_sites, cap_binaries;
	struct key_map keys;
	struct string_pool strings;    /* becomes m.strings when finished */
	struct lane_build *lane_state; /* owned; parallel to m.lanes, cap_lanes long */
	struct obj_build *obj_state;   /* owned; parallel to m.objects, cap_objects long */
	uint32_t *msg_send;            /* owned; parallel to msgs: event of the ok send */
	struct fd_pending *fdw;        /* owned; every fd_write, chained per stream */
	size_t n_fdw, cap_fdw;
	struct mq_pending *mqs; /* owned; every mq_send, chained per queue and content */
	size_t n_mqs, cap_mqs;
	struct sem_token *semq; /* owned; posted tokens not yet taken, chained per semaphore */
	size_t n_semq, cap_semq;
	uint32_t sem_free; /* first free slot of semq (taken tokens), or CT_MODEL_NONE */
	uint64_t last_abs; /* absolute time of the latest event */
	bool no_lifecycle; /* see ct_model_builder_set_no_lifecycle */
};

/* The event being added, as build.c hands it to the handler of its family. */
struct build_step {
	const struct ct_model_input *in;
	uint32_t idx;              /* the event's index */
	uint32_t lane;             /* its lane */
	struct lane_build *ls;     /* its lane's state */
	enum ct_object_kind kind;  /* the kind of object its id names; CT_OBJ_COUNT_ for none */
	uint32_t obj;              /* that object, or CT_MODEL_NONE */
	uint32_t arg;              /* in: the object id2 names, or 0; out: the event's arg */
	enum ct_event_type closed; /* the type of the *_begin this event closed, or CT_EV_COUNT_ */
	uint32_t closed_begin;     /* that *_begin's event index, or CT_MODEL_NONE */
};

/* Adds an arrow from event FROM to event TO; room is reserved. */
static inline void arrow_add(struct ct_model_builder *b, uint32_t from, uint32_t to)
{
	b->m.arrows[b->m.n_arrows++] = (struct ct_model_arrow){ .from = from, .to = to };
}

/* handlers.c: what event S adds beyond its lane, objects and span; sets S->arg. */
void handle_event(struct ct_model_builder *b, struct build_step *s);

/* procs.c: the process events (proc_*, wait_*): fork arrows, exec names, reaps. */
void build_processes(struct ct_model_builder *b, struct build_step *s);

/*
 * Fills M's lane order and each lane's rank (lanes.c); needs the lanes and
 * arrows, in any order. False when out of memory (M is then unchanged).
 */
bool lanes_rank(struct ct_model *m);

/* match.c: messages on channels, found by (pid, message id). */

/* The message (PID, ID): its slot in the key map (empty slot if unknown). */
struct key_slot *message_slot(struct ct_model_builder *b, uint32_t pid, uint64_t id);

/* A new message (PID, ID), kept in SLOT (its empty slot) when KEEP; room is reserved. */
uint32_t message_new(struct ct_model_builder *b, struct key_slot *slot, uint32_t pid, uint64_t id,
		     bool keep);

/* match.c: byte streams, reads matched to the writes of the same bytes. */

/* OFF + LEN, saturated: byte ranges from damaged traces must not wrap. */
uint64_t range_end(uint64_t off, uint64_t len);

/* Chains write event IDX of [OFF, END) into stream OBJ's pending writes; room is reserved. */
void fd_write_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t off,
		  uint64_t end);

/* Read event IDX of [OFF, END) on stream OBJ: arrows from the writes it finishes with. */
void fd_read_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t off,
		 uint64_t end);

/* How many arrows the fd_read IN adds (for reserve: changes nothing). */
size_t fd_read_arrows(struct ct_model_builder *b, const struct ct_model_input *in);

/* match.c: message queues, receives matched to sends of the same content. */

/* Appends send event IDX to queue OBJ's chain of sends of that content; room is reserved. */
uint32_t mq_send_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx, uint64_t hash,
		     uint64_t len);

/* Takes the earliest pending send to queue OBJ of HASH and LEN: its event, or CT_MODEL_NONE. */
uint32_t mq_take(struct ct_model_builder *b, uint32_t obj, uint64_t hash, uint64_t len);

/* match.c: semaphores' tokens and condition variables' wake-ups. */

/* Sets semaphore OBJ's tokens to VALUE without source (sem_new: a new or re-initialised one). */
void sem_reset(struct ct_model_builder *b, uint32_t obj, int64_t value);

/* Appends a token made by event IDX (sem_post, cond_signal) to OBJ's chain; a slot is reserved. */
void sem_post_add(struct ct_model_builder *b, uint32_t obj, uint32_t idx);

/* Takes the oldest token of semaphore OBJ: false when it has none; *POST gets its sem_post. */
bool sem_take(struct ct_model_builder *b, uint32_t obj, uint32_t *post);

/*
 * A wait on condvar OBJ that began at time BEGAN ended (OK: woken, not
 * timed out): the signal or broadcast that woke it, or CT_MODEL_NONE.
 */
uint32_t cond_woken(struct ct_model_builder *b, uint32_t obj, uint64_t began, bool ok);

#endif /* CTRACE_MODEL_BUILDER_H */
