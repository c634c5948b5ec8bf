/* SPDX-License-Identifier: MIT */
/*
 * loader.h - the loader's own side of ct_model_load, which never calls
 * libbabeltrace2: load.c (ct_model_load: checks, the worker, the model),
 * discover.c (finding the trace directories, and what cannot be read),
 * worker.c (the decoding process, its pipe and its watchdog), feed.c (its
 * records into the builder), ust_pthread.c (LTTng's pthread wrapper, and
 * the queue through which every event reaches the builder in time order),
 * diagnose.c (what went wrong, in one sentence naming the file) and
 * salvage.c (a damaged trace cut to what precedes the damage).
 *
 * The decoding itself (decode.h) runs in a child process: whatever
 * babeltrace2 does with a damaged trace (hang, abort, crash), the loader
 * survives it and says what happened.
 *
 * Private to viewer/model/load. One load runs in one thread.
 */
#ifndef CTRACE_MODEL_LOADER_H
#define CTRACE_MODEL_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"
#include "wire.h"

/* diagnose.c */

/* A malloc'd printf result, or NULL when out of memory. */
char *load_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* discover.c */

/* The trace directories found under a path, and those that could not be read. */
struct trace_dirs {
	char **dirs; /* owned, each owned: directories holding a readable trace */
	size_t n, cap;
	char *bad;     /* owned: the first file or directory that could not be read, or NULL */
	int bad_errno; /* why */
	size_t n_bad;  /* how many sub-traces could not be read (left out of DIRS) */
	bool top_unreadable; /* the path itself could not be read */
};

/*
 * Adds DIR, if it holds a metadata file, and the trace directories under
 * it; directories that cannot be read are counted in T's bad ones. Returns
 * false when out of memory.
 */
bool trace_dirs_find(struct trace_dirs *t, const char *dir, int depth);

/*
 * Checks that every file of every trace directory in T can be opened for
 * reading, and moves those that cannot out of T's list into its bad ones:
 * a trace missing one of its stream files would look complete and be wrong.
 * Returns false when out of memory.
 */
bool trace_dirs_check(struct trace_dirs *t);

/* Sorts the directories by name, so components and lanes come in the same order every time. */
void trace_dirs_sort(struct trace_dirs *t);

/* Frees what T holds. */
void trace_dirs_fini(struct trace_dirs *t);

/* worker.c and graph.c */

/* What a worker is asked to decode. */
struct decode_args {
	char *const *dirs; /* borrowed: the trace directories */
	size_t n_dirs;
	char *const *stops; /* borrowed: stream files whose end ends the decoding (salvage) */
	size_t n_stops;
};

/*
 * Runs the decoding in the worker: builds the babeltrace2 graph for ARGS,
 * runs it to its end and sends a WIRE_END record. Returns the worker's exit
 * status. Called in the worker only (graph.c).
 */
int decode_run(const struct decode_args *args, struct wire_out *out);

/* How a worker ended. */
struct worker_end {
	bool exited; /* it ended by itself; CODE is its exit status */
	int code;
	int signal;    /* the signal that ended it, or 0 */
	bool watchdog; /* the watchdog killed it: no sign of life for watchdog_ms */
	unsigned watchdog_ms;
};

/* A decoding process. */
struct worker {
	pid_t pid;               /* 0 once reaped */
	int data_fd, err_fd;     /* the pipes' read ends, -1 once closed */
	struct wire_shared *sh;  /* owned mapping, shared with the worker */
	uint64_t received;       /* bytes read from the data pipe */
	uint64_t beat;           /* the worker's sign of life when last seen */
	uint64_t quiet_since_ms; /* when it last showed one (monotonic) */
	unsigned watchdog_ms;
	char *err; /* owned: the end of what the worker wrote on stderr */
	size_t err_len;
	struct worker_end end;
};

/*
 * Forks a worker that decodes ARGS. WATCHDOG_MS: how long it may show no
 * sign of life before it is killed. False (with *ERROR set, malloc'd) when
 * the process, its pipes or its mapping cannot be made.
 */
bool worker_start(struct worker *w, const struct decode_args *args, unsigned watchdog_ms,
		  char **error);

/*
 * Reads what the worker sent next into BUF (at most CAP bytes), waiting
 * for it; kills the worker if it shows no sign of life for the watchdog's
 * time. Returns the byte count, or 0 once the worker has ended and its
 * pipe is empty (then W's end says how it ended).
 */
size_t worker_read(struct worker *w, unsigned char *buf, size_t cap);

/*
 * Once worker_read returned 0: the records the worker made but never sent
 * (it died with them in the shared buffer). *N gets their size.
 */
const unsigned char *worker_unsent(const struct worker *w, size_t *n);

/* Kills the worker if it still runs, reaps it and frees W. Accepts a zeroed W. */
void worker_fini(struct worker *w);

/* feed.c and ust_pthread.c */

struct held;
struct ust_wait;
struct ust_handover;
struct ust_holder;

/* The wrapper's state (its items are ust_pthread.c's). */
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

/* A list of owned strings by number (procnames, stream files). */
struct names {
	char **at; /* owned, each owned (or NULL) */
	size_t n, cap;
};

/* The number'th name of NAMES, or NULL. */
const char *names_get(const struct names *names, uint32_t number);

/* What the records tell, and where they go. */
struct feed {
	struct ct_model_builder *builder; /* borrowed */
	ct_model_progress_fn progress;    /* may be NULL */
	void *progress_data;
	struct ust ust;       /* LTTng's pthread wrapper: what is held back, and why */
	struct names procs;   /* procnames, by the number events carry */
	struct names streams; /* stream files, by the number the shared page uses */
	uint64_t events;      /* added to the builder */
	uint64_t ctrace_events, ust_events; /* read, of either provider */
	bool ended;                         /* the WIRE_END came */
	uint8_t end_status;                 /* its enum ct_model_status */
	uint16_t end_flags;                 /* its enum wire_end_flag bits */
	uint32_t end_phase;                 /* its enum wire_phase */
	char *end_text;                     /* owned: its message, or NULL */
	bool bad;                           /* a record was malformed */
};

/* A feed into BUILDER, reporting progress to PROGRESS (may be NULL). */
void feed_init(struct feed *f, struct ct_model_builder *builder, ct_model_progress_fn progress,
	       void *progress_data);

/*
 * Takes the whole records in P (N bytes): *USED gets how many bytes they
 * make, the rest being the start of a record still to come. Returns the
 * builder's status (CT_MODEL_NOMEM, CT_MODEL_TOO_LARGE) or CT_MODEL_READ_ERROR
 * for a malformed record (F's bad is set); records after a WIRE_END are
 * ignored.
 */
enum ct_model_status feed_bytes(struct feed *f, const unsigned char *p, size_t n, size_t *used);

/* The end of the records: decides what is still held back and passes it on. */
enum ct_model_status feed_finish(struct feed *f);

/* Frees what F holds (not the builder). Can't fail. */
void feed_fini(struct feed *f);

/*
 * Passes IN on to the builder, in time order: directly when nothing is held
 * back, else behind what is. Returns the builder's status.
 */
enum ct_model_status feed_submit(struct feed *f, const struct ct_model_input *in);

/*
 * Maps one wrapper event: IN has its time, contexts and mutex (id), KIND
 * says which event, RESULT is the call's return value.
 */
enum ct_model_status ust_event(struct feed *f, enum ust_event kind, struct ct_model_input *in,
			       int result);

/*
 * Settles what IN tells about the events held back, before IN is passed on;
 * ACQ: IN is a lock_acq, UNLOCK: a successful unlock. Returns true when IN
 * was taken into a hand-over (and must not be passed on).
 */
bool ust_settle(struct ust *u, const struct ct_model_input *in, bool acq, bool unlock);

/* End of the trace: decides what is still held and passes it on. */
enum ct_model_status held_finish(struct feed *f);

/* Drops whatever is still held and frees the wrapper's state. Can't fail. */
void held_fini(struct ust *u);

/* diagnose.c */

struct shadow;

/* What is known of the damage that stopped a decoding. */
struct damage {
	char *file;         /* owned: the damaged file, absolute, or NULL when unknown */
	bool metadata;      /* FILE is the metadata */
	bool has_offset;    /* OFFSET is known */
	uint64_t offset;    /* where the damage starts in FILE: what precedes it is sound */
	bool while_opening; /* babeltrace2 failed before decoding any event */
	bool has_packet;    /* PACKET is known: the damage is in FILE's packet PACKET... */
	bool or_next;       /* ... or in the next one (load.c finds out which) */
	uint64_t packet;    /* 0 for the first packet of the file */
	char *reason;       /* owned: why, as the end of a sentence, or NULL */
};

/* Everything diagnose() reads. */
struct diagnosis_input {
	const char *path;                /* the user's path (file names are given relative to it) */
	const struct trace_dirs *traces; /* the trace directories the worker read */
	const struct feed *feed;         /* its records */
	const struct wire_shared *sh;    /* its shared page, once it ended */
	const struct worker_end *end;    /* how it ended */
	const char *err;                 /* what it wrote on stderr (its end), NUL-terminated */
	const struct shadow *shadow;     /* salvage: the shadow the worker read, or NULL */
};

/*
 * Says why a decoding failed, in one sentence that names the file (and the
 * offset when known), without babeltrace2's internals: *MSG gets it
 * (malloc'd), *WHERE what is known of the damage (release it with
 * damage_fini). Returns the status: CT_MODEL_DAMAGED for a trace babeltrace2
 * could not decode (refused, aborted, crashed or hung), or the worker's own
 * status (CT_MODEL_NOMEM, CT_MODEL_NO_CONTEXT, ...).
 */
enum ct_model_status diagnose(const struct diagnosis_input *in, char **msg, struct damage *where);

/* Frees what WHERE holds. */
void damage_fini(struct damage *where);

/*
 * The sentence for damage in packet WHERE->packet of WHERE->file (its
 * offset when LTTng's index gives it): "damaged packet in FILE at offset N:
 * REASON", FILE relative to PATH. Sets WHERE's offset when found. NULL when
 * out of memory.
 */
char *damage_packet_message(const char *path, struct damage *where);

/*
 * Packet K of stream file FILE, from LTTng's index of it (index/NAME.idx
 * beside it): its offset and size in bytes. False when there is no such
 * index or packet.
 */
bool index_packet(const char *file, uint64_t k, uint64_t *offset, uint64_t *size);

/* FILE relative to PATH when it is under it (a pointer into FILE), else FILE. */
const char *path_relative(const char *path, const char *file);

/* salvage.c */

/* A damaged stream file, and how much of it is sound. */
struct cut {
	char *file;   /* owned: the original file, as the trace directory names it */
	uint64_t len; /* bytes before the damage */
};

/*
 * A shadow of a damaged trace, in a temporary directory: the trace
 * directories again (ROOT/d0, ROOT/d1, ...), made of symbolic links to the
 * original files, except that each damaged stream file is a copy of what
 * precedes its damage. The worker reads the shadow and stops at the end of
 * the first cut file: up to there, every stream is complete.
 */
struct shadow {
	char *root;  /* owned: the temporary directory, removed by shadow_fini */
	char **dirs; /* owned, each owned: the shadow's trace directories */
	size_t n_dirs;
	struct cut *cuts; /* owned */
	size_t n_cuts;
	char **stops; /* owned, each owned: the shadow's cut copies */
};

/*
 * Adds CUT (its file is taken) to S's cuts and makes the shadow of TRACES
 * anew. False (with *ERROR set, malloc'd) when the cut leaves nothing of
 * its file or the shadow cannot be made (no space for the copy...).
 */
bool shadow_cut(struct shadow *s, const struct trace_dirs *traces, struct cut *cut, char **error);

/*
 * Makes S the shadow of packet OFFSET..OFFSET+SIZE of stream file FILE of
 * trace directory DIR alone (with DIR's metadata): decoding it tells whether
 * that packet is sound. False (with *ERROR set) when it cannot be made.
 */
bool shadow_packet(struct shadow *s, const char *dir, const char *file, uint64_t offset,
		   uint64_t size, char **error);

/* The original of FILE when it is one of S's shadow files (malloc'd), else a copy of FILE. */
char *shadow_real(const struct shadow *s, const struct trace_dirs *traces, const char *file);

/* Removes the temporary directory and frees S. Accepts a zeroed S. */
void shadow_fini(struct shadow *s);

#endif /* CTRACE_MODEL_LOADER_H */
