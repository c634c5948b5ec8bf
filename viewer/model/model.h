/* SPDX-License-Identifier: MIT */
/*
 * model.h - the timeline model: lanes, state spans, arrows and markers built
 * once from a ctrace event sequence, stored as flat sorted arrays.
 *
 * The model knows nothing of SDL or LTTng control. It is built in two ways:
 *  - ct_model_load() reads a CTF trace directory through libbabeltrace2
 *    (load/, the only code that calls libbabeltrace2);
 *  - ct_model_builder_*() take hand-made events (unit tests, fuzzing).
 *
 * Storage, chosen so a 10-million-event trace stays small (aim: at most 32
 * bytes per event) and every per-frame query is a binary search:
 *  - events: one 20-byte record each, sorted by time; an event index is
 *    therefore also a position in time, and spans and arrows refer to events
 *    by index instead of repeating times and lanes;
 *  - strings (names, labels, printed text): interned into one pool and named
 *    by their byte offset in it (offset 0 is the empty string);
 *  - spans: two event indices each, grouped by lane, sorted by time;
 *  - arrows: two event indices each, sorted by their source event;
 *  - markers: one event index each, sorted by time.
 *
 * Thread-safety: a model is immutable once built, so any number of threads may
 * query one model concurrently. A builder is not thread-safe: one thread at a
 * time.
 */
#ifndef CTRACE_MODEL_H
#define CTRACE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctrace/enums.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "No such index": an event, object, span or message that does not exist. */
#define CT_MODEL_NONE UINT32_MAX

/* One status enum for the model's fallible operations; CT_MODEL_OK is 0. */
enum ct_model_status {
	CT_MODEL_OK = 0,
	CT_MODEL_NOMEM = 1,       /* out of memory */
	CT_MODEL_NOT_FOUND = 2,   /* the path does not exist or is not a directory */
	CT_MODEL_NOT_A_TRACE = 3, /* the directory holds no CTF trace */
	CT_MODEL_NO_EVENTS = 4,   /* a trace, but without any ctrace:* event */
	CT_MODEL_READ_ERROR = 5,  /* libbabeltrace2 failed while reading */
	CT_MODEL_TOO_LARGE = 6,   /* more than 2^32 - 2 events, objects or bytes of text */
	CT_MODEL_NO_CONTEXT = 7,  /* lttng_ust_pthread events without vtid/vpid: no lanes */
	CT_MODEL_DAMAGED = 8,     /* babeltrace2 could not decode a damaged file: it refused it,
				     aborted, crashed or hung on it (the message names the file) */
};

/* A static English phrase for STATUS; never NULL. Can't fail. */
const char *ct_model_status_str(enum ct_model_status status);

/*
 * The ctrace:* events: one CT_EV_NAME per entry of the schema table
 * (tracer/schema/events.def), in its order.
 */
enum ct_event_type {
#define CT_SCHEMA_EVENT(name, NAME, ...) CT_EV_##NAME,
#include "events.def"
#undef CT_SCHEMA_EVENT
	CT_EV_COUNT_
};

/* The event's name without the provider ("thread_spawn"), or NULL if TYPE is out of range. */
const char *ct_event_type_name(enum ct_event_type type);

/* The type named NAME ("mutex_unlock", no provider prefix); false if there is none. */
bool ct_event_type_from_name(const char *name, enum ct_event_type *type);

/*
 * The `status` field of channel, condvar, semaphore and queue events holds
 * enum ct_status's numbers (CT_OK, CT_TIMEOUT, ...: ctrace/enums.h, the one
 * status list of libctrace, the shim, the trace and the model), and the
 * `kind` field of access events enum ct_access_kind's (CT_ACCESS_READ, ...).
 */

/* A static word for a status ("ok", ...), "?" when out of range. */
const char *ct_event_status_name(unsigned status);

/* A static word for an access kind ("read", ...), "?" when out of range. */
const char *ct_access_kind_name(unsigned kind);

/* ------------------------------------------------------------------ input */

/*
 * One event as the builder takes it: what the loader makes of a ctrace:*
 * event, or what a unit test writes by hand. Fields an event type does not
 * have are ignored. All pointers are borrowed for the duration of the call.
 */
struct ct_model_input {
	enum ct_event_type type;
	uint64_t time;        /* ns since the clock's origin; non-decreasing across calls */
	uint32_t pid, tid;    /* vpid, vtid contexts */
	const char *procname; /* procname context; may be NULL */
	uint64_t id;   /* thread, chan, mutex, cond, arc, object, stream, queue or sem field */
	uint64_t id2;  /* msg (chan), mutex (cond), to_thread (move), offset (fd_*), hash (mq_*) */
	int64_t value; /* capacity, count, ns (sleep), value (access, sem_new) or len (fd_*, mq_*) */
	unsigned status;  /* status, or kind for access */
	const char *text; /* name, label (chan_send_end, mark) or text (print); may be NULL */
	unsigned prio;    /* prio (mq_send, mq_recv) */
	uint64_t caller;  /* the call site's address in process PID (the caller field); 0: none */
};

/* ------------------------------------------------------------------ model */

/*
 * One event in the model: 20 bytes. TYPE is an enum ct_event_type. LANE is a
 * lane index. OBJ is an object index (ct_model_borrow_objects), or
 * CT_MODEL_NONE for events that name no object (sleep, print, mark). ARG
 * depends on the type:
 *  - thread_spawn, thread_begin, thread_name, *_new except chan_new, arc_new
 *    and sem_new, print, mark: a string offset (the name, text or label);
 *  - chan_send_*, chan_recv_*: a message index (ct_model_message_*), or
 *    CT_MODEL_NONE when msg is 0;
 *  - cond_*: the mutex's object index, or CT_MODEL_NONE when mutex is 0;
 *  - move: the object index of to_thread;
 *  - chan_new (capacity), arc_* (count), sleep_* (ns), access (value),
 *    process_exit (printing_closed), poll_begin (nfds), poll_end (ready),
 *    fd_*, mq_send / mq_recv and dgram_send / dgram_recv (len),
 *    sem_new (the initial value; the name is the object's): an encoded
 *    value; read it with ct_model_event_value(), an fd_* event's offset
 *    with ct_model_event_offset(), and an mq_* or dgram_* message's hash
 *    and priority with ct_model_event_hash() / ct_model_event_prio();
 *  - sock_name: the name's string offset (the stream's name is also its object's);
 *  - others: 0.
 * STATUS is the status field (enum ct_status), or the access kind (enum ct_access_kind).
 */
struct ct_model_event {
	uint32_t time_lo;      /* ns since the trace start: low 32 bits */
	uint32_t time_hi : 20; /* high 20 bits: 52 bits cover 52 days */
	uint32_t status : 4;
	uint32_t type : 8;
	uint32_t lane;
	uint32_t obj;
	uint32_t arg;
};

/* The event's time in ns since the trace start (ct_model_start_ns). Can't fail. */
static inline uint64_t ct_model_event_time(const struct ct_model_event *ev)
{
	return ((uint64_t)ev->time_hi << 32) | ev->time_lo;
}

/* How a lane ended. */
enum ct_lane_end {
	CT_LANE_ENDED = 0,   /* thread_end seen, or the main thread with nothing pending */
	CT_LANE_KILLED = 1,  /* no thread_end: cut off when the process ended */
	CT_LANE_BLOCKED = 2, /* still blocked at the end, in any wait but a sleep */
	CT_LANE_PARKED = 3,  /* still waiting when its process exited by itself (process_exit):
				a worker parked for work when main returned, not a hang */
};

/* A static word for END ("ended", "killed", "blocked", "parked at exit"). */
const char *ct_lane_end_name(enum ct_lane_end end);

/* One lane per (process, thread), in order of first appearance. */
struct ct_model_lane {
	uint32_t pid, tid;    /* vpid, vtid */
	uint32_t name;        /* string offset: thread_begin's name, else procname */
	uint32_t thread;      /* object index of the ctrace thread, or CT_MODEL_NONE */
	uint32_t first_event; /* index of the lane's first event */
	uint32_t last_event;  /* index of the lane's last event */
	uint32_t span_first;  /* the lane's spans: [span_first, span_first + span_count) */
	uint32_t span_count;
	uint32_t rank;  /* position in ct_model_borrow_lane_order(); the short id is T<rank + 1> */
	uint8_t end;    /* enum ct_lane_end */
	bool has_begin; /* a thread_begin was seen (false for main threads) */
	/* Processes: a main lane (tid = pid) whose process a traced parent's wait reaped. */
	bool reaped;
	int32_t wait_status; /* that wait's status word (waitpid's: WIFEXITED...), if reaped */
};

/* A lane's state during a span. Running is the time between spans. */
enum ct_lane_state {
	CT_STATE_RUNNING,
	CT_STATE_BLOCKED_RECV,
	CT_STATE_BLOCKED_SEND,
	CT_STATE_BLOCKED_LOCK,
	CT_STATE_BLOCKED_JOIN,
	CT_STATE_BLOCKED_COND,
	CT_STATE_BLOCKED_SEM, /* sem_wait_begin to its sem_wait_end */
	CT_STATE_SLEEPING,
	/* Sockets: waiting for a connection (accept, connect) or in poll, select, epoll. */
	CT_STATE_BLOCKED_CONNECT,
	CT_STATE_BLOCKED_POLL,
	/* Other waits (issue 10): each from its *_begin to its end. */
	CT_STATE_BLOCKED_SIGNAL,  /* sig_wait_begin: sigwait, sigsuspend, pause ... */
	CT_STATE_BLOCKED_FUTEX,   /* futex_wait_begin: a futex through syscall() */
	CT_STATE_BLOCKED_BARRIER, /* barrier_wait_begin */
	CT_STATE_BLOCKED_ONCE,    /* once_wait_begin: another thread runs the init routine */
	CT_STATE_BLOCKED_WAIT,    /* processes: wait_begin to its wait_end (waiting for a child) */
	CT_STATE_COUNT_
};

/* A static phrase for STATE ("running", "blocked: recv", ...). */
const char *ct_lane_state_name(enum ct_lane_state state);

/*
 * A blocked or sleeping interval of one lane: from its *_begin event to the
 * matching *_end event, or to the end of the trace when END is CT_MODEL_NONE
 * (still blocked at the end). The begin event's type says the state.
 */
struct ct_model_span {
	uint32_t begin; /* event index */
	uint32_t end;   /* event index, or CT_MODEL_NONE */
};

/* Causal edges; the kind follows from the two events' types. */
enum ct_arrow_kind {
	CT_ARROW_SPAWN,   /* thread_spawn -> the child's first event */
	CT_ARROW_JOIN,    /* thread_end -> join_end */
	CT_ARROW_MESSAGE, /* chan_send_end -> chan_recv_end with the same msg; fd_write -> the
			     first fd_read of the same stream whose byte range overlaps it;
			     mq_send -> the mq_recv of the same queue, hash and len;
			     dgram_send -> the dgram_recv of the same endpoint, hash and len */
	CT_ARROW_HANDOFF, /* mutex_unlock or cond_wait_begin -> a waiter's lock_end / cond_wait_end;
			     rwlock_unlock -> the rwlock_lock_end of each waiter it let in */
	CT_ARROW_WAKEUP,  /* cond_signal or cond_broadcast -> cond_wait_end; sem_post -> the
			    sem_wait_end that took its token (another lane's); sig_send -> the
			    sig_wait_end that took the signal; futex_wake -> futex_wait_end;
			    barrier_wait_begin of a round's last arriver -> the others'
			    barrier_wait_end; once_done -> once_wait_end */
	CT_ARROW_FORK,    /* processes: proc_fork -> the child's proc_start (forked or spawned).
			     A child's exit -> its parent's wait_end is a CT_ARROW_JOIN. */
	CT_ARROW_COUNT_
};

/* A static word for KIND ("spawn", ...). */
const char *ct_arrow_kind_name(enum ct_arrow_kind kind);

/* An arrow between two events; FROM never comes after TO in time. */
struct ct_model_arrow {
	uint32_t from; /* event index */
	uint32_t to;   /* event index */
};

/* What objects are, from the events that name them. */
enum ct_object_kind {
	CT_OBJ_THREAD,
	CT_OBJ_CHAN,
	CT_OBJ_MUTEX,
	CT_OBJ_COND,
	CT_OBJ_ARC,
	CT_OBJ_PLAIN,
	CT_OBJ_STREAM, /* one direction of a pipe or socket, a listening or datagram endpoint;
			  shared by processes (pid 0) */
	CT_OBJ_QUEUE,  /* a POSIX message queue; shared by processes (pid 0) */
	CT_OBJ_SEM,    /* a POSIX semaphore; its initial value is its sem_new event's value */
	/* Other waits (issue 10). */
	CT_OBJ_SIGSET,  /* a set of signals (a mask of signals 1 to 64): waited for, or sent */
	CT_OBJ_FUTEX,   /* a futex word, by address */
	CT_OBJ_BARRIER, /* a pthread barrier */
	CT_OBJ_ONCE,    /* a pthread_once control */
	CT_OBJ_RWLOCK,  /* a read-write lock; its events' status is the mode (an access kind) */
	CT_OBJ_COUNT_
};

/* A static word for KIND ("thread", "chan", ...). */
const char *ct_object_kind_name(enum ct_object_kind kind);

/* An object, keyed by (pid, id): ids are unique per process only. */
struct ct_model_object {
	uint64_t id; /* the id in the trace */
	uint32_t pid;
	uint32_t name; /* string offset; from *_new or thread_spawn/begin */
	uint32_t lane; /* threads: the lane of the thread, or CT_MODEL_NONE */
	uint8_t kind;  /* enum ct_object_kind */
};

/*
 * Inconsistencies found while building: the model keeps what is consistent
 * and counts the rest, so partial and damaged traces still load.
 */
struct ct_model_problems {
	uint64_t recv_unmatched; /* chan_recv_end ok whose chan_send_end was not seen; mq_recv ok
				    with no unmatched mq_send of the same queue, hash and len */
	uint64_t join_unmatched; /* join_end of a thread whose thread_end was not seen */
	uint64_t lanes_without_begin; /* non-main lanes with no thread_begin */
	uint64_t span_mismatch;       /* a *_begin not followed by its own *_end on its lane */
	uint64_t out_of_order;        /* events earlier than their predecessor (time clamped) */
	uint64_t after_end;           /* events on a lane after its thread_end */
	uint64_t bad_fields;          /* events with an out-of-range field (status, type) */
	uint64_t sem_unmatched;       /* sem_wait_end ok that found no token: its sem_post or
					 its semaphore's sem_new (the initial value) not seen */
};

struct ct_model;

/*
 * Call sites. Every event may carry the address of the program's call it
 * records (its `caller` field): the model keeps, per event, a 32-bit index
 * into a table of the distinct (process, address) pairs, index 0 meaning
 * "no site"; a trace without any site costs nothing per event. The binaries
 * each process had mapped (LTTng-UST's statedump and dlopen events) say
 * which file an address belongs to; resolving it to a function, file and
 * line is the source module's (viewer/model/source.h), on demand.
 */
struct ct_model_site {
	uint64_t addr; /* the return address of the call, in process PID */
	uint32_t pid;
	uint32_t binary; /* index of the binary that maps ADDR, or CT_MODEL_NONE */
};

struct ct_model_binary {
	uint64_t base; /* where it is mapped (LTTng-UST's baddr) */
	uint64_t size; /* bytes mapped (memsz) */
	uint32_t pid;
	uint32_t path; /* string offset */
};

/* The site index of event EV (0: none). Can't fail. */
uint32_t ct_model_event_site(const struct ct_model *model, size_t ev);

/* The site table, *COUNT entries; entry 0 is "no site". Can't fail. */
const struct ct_model_site *ct_model_borrow_sites(const struct ct_model *model, size_t *count);

/* The binaries seen, in the order they were reported. Can't fail. */
const struct ct_model_binary *ct_model_borrow_binaries(const struct ct_model *model, size_t *count);

/* Destroys MODEL; accepts NULL. */
void ct_model_destroy(struct ct_model *model);

/* Absolute time of the first event (ns since the clock's origin). */
uint64_t ct_model_start_ns(const struct ct_model *model);

/*
 * The trace's duration: the time of its last event relative to the start, or
 * of the moment recording stopped when that is known and later
 * (ct_model_builder_set_stop).
 */
uint64_t ct_model_end_time(const struct ct_model *model);

/* The arrays, borrowed from MODEL and valid until it is destroyed. COUNT gets the length. */
const struct ct_model_event *ct_model_borrow_events(const struct ct_model *model, size_t *count);
const struct ct_model_lane *ct_model_borrow_lanes(const struct ct_model *model, size_t *count);

/*
 * How every front end lists and names threads, so their outputs can be read
 * side by side. The order: each process as it first appears, its main thread
 * first, then its threads in the order they were spawned (*COUNT lane
 * indices; lane L is at position lanes[L].rank). The name: the thread's
 * name, "thread" when it has none. The short id: "T3" for rank 2. The ids:
 * "(T3, tid 23082)". The label: the name and the ids, "producer (T3, tid
 * 23082)". Each writes at most LEN bytes into BUF and
 * returns BUF; a lane out of range gives "?" (or "T?"). Can't fail.
 */
const uint32_t *ct_model_borrow_lane_order(const struct ct_model *model, size_t *count);
const char *ct_model_lane_name(const struct ct_model *model, uint32_t lane);
const char *ct_model_lane_short_id(const struct ct_model *model, uint32_t lane, char *buf,
				   size_t len);
const char *ct_model_lane_ids(const struct ct_model *model, uint32_t lane, char *buf, size_t len);
const char *ct_model_lane_label(const struct ct_model *model, uint32_t lane, char *buf, size_t len);

/*
 * Event EV in words, as every front end says it: what it does ("sends "job
 * 3" (ok)", "waits for mutex fork_[1]"...), or with its time and lane
 * ("12.000 ms  producer (T2, tid 101): sends ..."). "no event" when EV is out
 * of range. Write at most LEN bytes into BUF and return BUF. Can't fail.
 */
const char *ct_model_event_phrase(const struct ct_model *model, uint32_t ev, char *buf, size_t len);
const char *ct_model_event_describe(const struct ct_model *model, uint32_t ev, char *buf,
				    size_t len);
const struct ct_model_span *ct_model_borrow_spans(const struct ct_model *model, size_t *count);
const struct ct_model_arrow *ct_model_borrow_arrows(const struct ct_model *model, size_t *count);
const struct ct_model_object *ct_model_borrow_objects(const struct ct_model *model, size_t *count);
/* Markers (print, mark, move, arc_*, obj_new/drop, sender/receiver drops, process_exit): event indices. */
const uint32_t *ct_model_borrow_markers(const struct ct_model *model, size_t *count);

/* The string at OFFSET (borrowed), "" for an offset out of range. */
const char *ct_model_string(const struct ct_model *model, uint32_t offset);

/* The value encoded in EV->arg for value-carrying types (see struct ct_model_event). */
int64_t ct_model_event_value(const struct ct_model *model, const struct ct_model_event *ev);

/* The byte offset of an fd_write, fd_read_begin or fd_read event; 0 for other types. */
uint64_t ct_model_event_offset(const struct ct_model *model, const struct ct_model_event *ev);

/* The content hash of an mq_send, mq_recv, dgram_send or dgram_recv event; 0 for other types. */
uint64_t ct_model_event_hash(const struct ct_model *model, const struct ct_model_event *ev);

/* The priority of an mq_send or mq_recv event; 0 for other types. */
unsigned ct_model_event_prio(const struct ct_model *model, const struct ct_model_event *ev);

/*
 * Processes: the pid of a wait_begin (the pid waited for, waitpid's: -1
 * any child, -G group G) or a wait_end (the child reported, 0 when none);
 * 0 for other types. A wait_end's ct_model_event_value is the wait status.
 */
int64_t ct_model_event_pid(const struct ct_model *model, const struct ct_model_event *ev);

/*
 * A wait status word in words: "exit 0", "killed by SIGKILL", "killed by
 * SIGSEGV (core dumped)", "stopped by SIGSTOP", "continued". Writes at most
 * LEN bytes into BUF and returns BUF. Can't fail.
 */
const char *ct_model_wait_status_phrase(int wait_status, char *buf, size_t len);

/* Number of distinct messages (sent or received with a non-zero msg id). */
size_t ct_model_message_count(const struct ct_model *model);
/* The trace's msg id of message INDEX; 0 when out of range. */
uint64_t ct_model_message_id(const struct ct_model *model, uint32_t index);
/* The label of message INDEX as a string offset (0, "", when none). */
uint32_t ct_model_message_label(const struct ct_model *model, uint32_t index);

/* State of SPAN (from its begin event's type). */
enum ct_lane_state ct_model_span_state(const struct ct_model *model,
				       const struct ct_model_span *span);
/* Start and end times of SPAN; an open span ends at ct_model_end_time(). */
uint64_t ct_model_span_start(const struct ct_model *model, const struct ct_model_span *span);
uint64_t ct_model_span_end(const struct ct_model *model, const struct ct_model_span *span);

/* Kind of ARROW (from its events' types). */
enum ct_arrow_kind ct_model_arrow_kind(const struct ct_model *model,
				       const struct ct_model_arrow *arrow);

/* Counts of skipped input and inconsistencies. */
const struct ct_model_problems *ct_model_borrow_problems(const struct ct_model *model);
/* Events LTTng reported as discarded (lost before they reached the trace). */
uint64_t ct_model_discarded(const struct ct_model *model);
/* Events in the trace that are not ctrace:* events, skipped. */
uint64_t ct_model_skipped(const struct ct_model *model);

/* Bytes of heap the model holds (its arrays, at their exact sizes). */
size_t ct_model_memory_size(const struct ct_model *model);

/* ---------------------------------------------------------------- queries
 * Each one is a binary search (O(log n)); none allocates or fails.
 */

/* Index of the first event at or after relative time T (the event count if none). */
size_t ct_model_event_at(const struct ct_model *model, uint64_t t);

/*
 * The spans of LANE that overlap [T0, T1]: *FIRST gets the index in the span
 * array of the first one, and the return value is how many (consecutive)
 * there are. Lane index out of range: 0.
 */
size_t ct_model_lane_spans_in(const struct ct_model *model, uint32_t lane, uint64_t t0, uint64_t t1,
			      size_t *first);

/* The state of LANE at time T (running outside spans and outside the lane's life). */
enum ct_lane_state ct_model_lane_state_at(const struct ct_model *model, uint32_t lane, uint64_t t);

/*
 * Arrows that may overlap [T0, T1]: [*FIRST, *LAST) is a range of the arrow
 * array holding every arrow with from <= T1 and to >= T0 (and, for arrows
 * crossing the window from a long way off, possibly a few that do not: test
 * each one). Found by binary search over per-block maxima of the arrows' ends.
 */
void ct_model_arrows_in(const struct ct_model *model, uint64_t t0, uint64_t t1, size_t *first,
			size_t *last);

/* Markers in [T0, T1]: *FIRST gets the first index in the marker array; returns the count. */
size_t ct_model_markers_in(const struct ct_model *model, uint64_t t0, uint64_t t1, size_t *first);

/* --------------------------------------------------------------- building */

struct ct_model_builder;

/* A new, empty builder; NULL when out of memory. Free it with ct_model_builder_destroy(). */
struct ct_model_builder *ct_model_builder_create(void);

/* Destroys BUILDER and whatever it still holds; accepts NULL. */
void ct_model_builder_destroy(struct ct_model_builder *builder);

/*
 * Adds one event. Events must come in non-decreasing time order; one that
 * does not is clamped to its predecessor's time and counted. Inconsistent
 * events are kept and counted (struct ct_model_problems). Returns
 * CT_MODEL_NOMEM or CT_MODEL_TOO_LARGE and leaves the builder unchanged on
 * failure (it may still be finished with what it has).
 */
enum ct_model_status ct_model_builder_add(struct ct_model_builder *builder,
					  const struct ct_model_input *input);

/*
 * Records that process PID has the binary PATH mapped at BASE, SIZE bytes
 * long (LTTng-UST's lttng_ust_statedump:bin_info or lttng_ust_dl:dlopen):
 * call sites in that range resolve against that file. Reported before or
 * after the events whose sites it maps (the latest report that covers an
 * address wins). CT_MODEL_NOMEM when out of memory (builder unchanged).
 */
enum ct_model_status ct_model_builder_add_binary(struct ct_model_builder *builder, uint32_t pid,
						 uint64_t base, uint64_t size, const char *path);

/* Records COUNT events that the trace reports as discarded. Can't fail. */
void ct_model_builder_add_discarded(struct ct_model_builder *builder, uint64_t count);

/* Records COUNT non-ctrace events that were skipped. Can't fail. */
void ct_model_builder_add_skipped(struct ct_model_builder *builder, uint64_t count);

/*
 * Records that recording went on until TIME_NS (absolute, like the input
 * events' times: e.g. the end of the trace's last packet). When some process
 * in the trace did not record its process_exit (it hung and was killed, or
 * crashed), the model's end time (ct_model_end_time) becomes the later of
 * this and its last event, so its threads show blocked until the kill rather
 * than until their last event. The latest call wins. Can't fail.
 */
void ct_model_builder_set_stop(struct ct_model_builder *builder, uint64_t time_ns);

/*
 * Says that the events come from a tracer that records no thread life cycle
 * (no thread_spawn, thread_begin, thread_end or process_exit: LTTng's own
 * pthread wrapper, see docs/events.md). Lanes then come from the vtid
 * context alone: a lane without thread_begin is not counted as a problem,
 * and a lane that is not blocked at its last event ended there (instead of
 * having been cut off). The stop time (ct_model_builder_set_stop) extends
 * the trace only when some lane is still blocked at the end. Can't fail.
 */
void ct_model_builder_set_no_lifecycle(struct ct_model_builder *builder);

/* Number of events added so far. */
size_t ct_model_builder_event_count(const struct ct_model_builder *builder);

/*
 * Finishes the model: sorts spans and arrows, decides how lanes ended, and
 * trims every array to its size. On CT_MODEL_OK *MODEL gets a new model the
 * caller owns, and BUILDER is left empty (ready for destroy or reuse). On
 * failure (CT_MODEL_NOMEM) *MODEL is untouched and BUILDER still holds its
 * events. A builder with no events gives an empty model.
 */
enum ct_model_status ct_model_builder_finish(struct ct_model_builder *builder,
					     struct ct_model **model);

/* ---------------------------------------------------------------- loading */

/*
 * Called now and then while loading (about every 64k messages) with the
 * number of ctrace events read so far; lets the CLI show progress.
 */
typedef void (*ct_model_progress_fn)(uint64_t events, void *data);

/* What a load had to leave out (ct_model_load_options' notes). */
struct ct_model_load_notes {
	/*
	 * Salvage: the trace is damaged, and the model holds what precedes the
	 * damage: every stream up to the same moment, as if recording had
	 * stopped there (its event count is the model's).
	 */
	bool cut;
	/* Sub-traces left out because they cannot be read (skip_unreadable). */
	uint64_t skipped_traces;
	/* The load failed only for unreadable sub-traces: skip_unreadable reads the rest. */
	bool skippable;
	/* CT_MODEL_DAMAGED without salvage: events precede the damage, and salvage gives them. */
	bool salvageable;
	/* Malloc'd, the caller frees it: one line saying what was cut or left out, or NULL. */
	char *warning;
};

/* How long the decoder may show no progress before it is taken for hung, by default. */
#define CT_MODEL_WATCHDOG_MS 5000

struct ct_model_load_options {
	ct_model_progress_fn progress; /* may be NULL */
	void *progress_data;
	/*
	 * A damaged trace gives the model of what precedes the damage
	 * (notes->cut) instead of CT_MODEL_DAMAGED, where that is safe.
	 */
	bool salvage;
	/* Sub-traces that cannot be read are left out (counted in the notes), not a failure. */
	bool skip_unreadable;
	/*
	 * No progress for this long means babeltrace2 hangs on the trace:
	 * CT_MODEL_DAMAGED. 0 means CT_MODEL_WATCHDOG_MS.
	 */
	unsigned watchdog_ms;
	/* May be NULL; filled when not, on success and on failure alike. */
	struct ct_model_load_notes *notes;
};

/*
 * Loads the CTF trace(s) under directory PATH (searched recursively for
 * directories holding a metadata file) into a new model the caller owns
 * (*MODEL). OPTIONS may be NULL. On failure *MODEL is untouched and, when
 * ERROR is not NULL, *ERROR gets a one-line malloc'd message for the user
 * that names the file at fault, relative to PATH (the caller frees it; it
 * may be NULL if even that allocation failed); on success *ERROR is set to
 * NULL.
 *
 * The decoding runs in a child process (fork), so a damaged trace on which
 * babeltrace2 hangs (no progress for the watchdog's time), aborts or
 * crashes gives CT_MODEL_DAMAGED, never a hang or a crash of the caller;
 * with options->salvage, what precedes the damage is loaded instead (a
 * stream file cut short by a full disk is read up to its last whole
 * packet), with notes->cut set. Files and directories that cannot be read
 * give CT_MODEL_READ_ERROR with the reason ("Permission denied"), unless
 * options->skip_unreadable leaves them out.
 *
 * Thread-safety: any number of loads may run at once in different threads;
 * the calling thread's babeltrace2 state is never touched.
 */
enum ct_model_status ct_model_load(const char *path, const struct ct_model_load_options *options,
				   struct ct_model **model, char **error);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_MODEL_H */
