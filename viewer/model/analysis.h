/* SPDX-License-Identifier: MIT */
/*
 * analysis.h - findings over a built timeline model: deadlocks, lost
 * updates, uses after drop, messages never received, threads never joined.
 *
 * The analyses are pure functions of a model (no SDL, no babeltrace2), run
 * once after loading. Their result is a set of findings stored like the
 * model itself: a flat array sorted by time, so the viewer finds the ones in
 * a time window by binary search, and a sorted list of the event indices
 * each finding involves, so the viewer can ask "is this event part of a
 * finding?" per event drawn (to paint it red) and get the sentence to show.
 *
 * The rules (`ctrace check --help` sums them up for users):
 *  - Deadlock: among the lanes still blocked at the end of the trace
 *    (CT_LANE_BLOCKED), lane L waits for lane M when L is blocked in
 *    mutex_lock on a mutex M holds at the end (holding follows
 *    mutex_lock_end, mutex_unlock, cond_wait_begin and cond_wait_end per
 *    lane), blocked in join of M's thread, blocked in recv on a channel M has
 *    sent on, or blocked in send on a channel M has received from (lanes
 *    that ended can no longer send or receive and are not counted). A lane is
 *    stuck forever when every lane it waits for is stuck too (the greatest
 *    such set); each wait-for cycle among stuck lanes is one finding. Stuck
 *    lanes that only wait for a cycle (main joining a deadlocked thread) are
 *    named in that cycle's finding. A lane blocked on a condition variable
 *    or a semaphore waits for nobody in particular (either may be signalled
 *    or posted by any thread; a semaphore has no owner), so it is never part
 *    of a deadlock, and neither is a lane that waits for it.
 *  - Lost update: a read-modify-write window is an access read of an object
 *    followed, on the same lane, by an access write of it (a later read
 *    restarts the window; a write with no window is a plain store). Each
 *    write is an update made on top of its source: the write whose value
 *    its window read (found by value: the latest write that stored it, or
 *    the object's initial value when none did), or for a plain store the
 *    write in effect before it. The updates in effect after a write are
 *    its source's and its own. A write that did not read the updates in
 *    effect before it overwrites those it never read; a later write whose
 *    read had seen some of them puts them back. An update still overwritten
 *    at the end of the trace is lost, charged to the write that overwrote
 *    it last: one finding per write charged with at least one, whose
 *    amount is how many (ct_analysis_total sums them). For an
 *    increment-only counter whose every access is recorded, the total is
 *    the number of writes minus the value the last one stored: expected
 *    minus result (a write's depth, 1 + its source's, is then the value it
 *    stored). Counting each write's overwritten updates when it wrote, or
 *    "depth before it minus its source's depth", would count the updates
 *    put back again (2.6 times the loss on one 4.1 run).
 *    Access events are traced just after the load or store they describe,
 *    so their order is not quite the accesses': a read traced long after
 *    its load (a preemption in between) still finds the write it saw by its
 *    value, however far back, but never one older than its own lane's
 *    latest write when a later write of that value is found instead (next
 *    point); a write traced long after its store is taken to have happened
 *    at the first other lane's read of its value (looking at the next 64
 *    writes of that value; the write's own window opened before that read).
 *    Values that repeat (an object set back to an older value) can make a
 *    read pick another write of its value than the one it saw; for a
 *    counter that write has the same depth and the total stays exact. It
 *    would be off when the last write traced is not the last stored. On
 *    scenario 4.1 the total was expected minus result on every run
 *    measured (the integration test asserts it).
 *  - Use after drop: an access, move or second obj_drop of a plain object
 *    after its obj_drop; an access, arc_clone or arc_drop of an arc after its
 *    count reached 0. One finding per such use.
 *  - Message never received: a chan_send_end with status ok whose message
 *    no chan_recv_end (ok) took.
 *  - Thread never joined: a thread_spawn with no join_end and no thread_detach
 *    of that thread (a detached thread is nobody's to join). A
 *    thread cut off when the process exited is reported (that is what
 *    scenario 1.1 teaches: the missing join loses the thread's work), and so
 *    is one that ran to its end unjoined. Not reported: threads still
 *    blocked at the end, and threads whose spawner is blocked at the end
 *    (a deadlock finding explains those; the join was never reached).
 *    Detached pthreads look the same as unjoined ones in a trace and are
 *    reported too.
 *
 * Thread-safety: a result is immutable once made; any number of threads may
 * query it (and its model) concurrently.
 */
#ifndef CTRACE_ANALYSIS_H
#define CTRACE_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a finding is about. */
enum ct_finding_kind {
	CT_FINDING_DEADLOCK,
	CT_FINDING_LOST_UPDATE,
	CT_FINDING_USE_AFTER_DROP,
	CT_FINDING_UNRECEIVED, /* a message never received */
	CT_FINDING_UNJOINED,   /* a thread never joined */
	CT_FINDING_COUNT_
};

/* A static word for KIND ("deadlock", "lost-update", ...), "?" when out of range. */
const char *ct_finding_kind_name(enum ct_finding_kind kind);

/* A static plural phrase for KIND ("deadlocks", "lost updates", ...), "?" when out of range. */
const char *ct_finding_kind_plural(enum ct_finding_kind kind);

/*
 * The part one event plays in a finding. The refs of each kind of finding,
 * in order:
 *  - deadlock: for each lane of the cycle, in wait-for order, one WAIT (its
 *    blocking *_begin; obj is the mutex, thread or channel it waits for),
 *    followed by one HOLD when it waits for a mutex (the holder's
 *    mutex_lock_end or cond_wait_end; lane is the holder, the next lane of
 *    the cycle); then one STUCK per lane that waits for the cycle without
 *    being part of it (its blocking *_begin);
 *  - lost update: READ and WRITE (the overwriting window, on one lane),
 *    then LOST for some of the writes it lost (up to 8: first one per
 *    lane, in trace order; the finding's amount says how many it lost);
 *  - use after drop: DROP (obj_drop, or the arc_drop to 0), then USE;
 *  - message never received: SEND (the chan_send_end; obj is the channel);
 *  - thread never joined: SPAWN (the thread_spawn, on the spawner's lane;
 *    obj is the thread), then LAST (the thread's last event) when the
 *    thread has a lane.
 */
enum ct_finding_role {
	CT_ROLE_WAIT,
	CT_ROLE_HOLD,
	CT_ROLE_STUCK,
	CT_ROLE_READ,
	CT_ROLE_WRITE,
	CT_ROLE_LOST,
	CT_ROLE_DROP,
	CT_ROLE_USE,
	CT_ROLE_SEND,
	CT_ROLE_SPAWN,
	CT_ROLE_LAST,
	CT_ROLE_COUNT_
};

/* One event of a finding: an index into the model's events, its lane and object. */
struct ct_finding_ref {
	uint32_t event; /* event index */
	uint32_t lane;  /* lane index (the event's lane) */
	uint32_t obj;   /* object index, or CT_MODEL_NONE */
	uint32_t role;  /* enum ct_finding_role */
};

/*
 * One finding. TIME is when it became true (relative ns, like the model's
 * event times): the event that closed the cycle, the overwriting write, the
 * use, the send, the unjoined thread's last event (or its spawn). EVENT is
 * that event's index. Its refs are ct_analysis_borrow_refs(a, f).
 */
struct ct_finding {
	uint64_t time;
	uint32_t event;     /* event index at TIME */
	uint32_t kind;      /* enum ct_finding_kind */
	uint32_t ref_first; /* index of the first ref in the result's ref array */
	uint32_t ref_count;
	/*
	 * How many of what the kind counts this one finding stands for: the
	 * updates a lost-update finding's write lost; 1 for the other kinds.
	 */
	uint32_t amount;
};

struct ct_analysis;

/*
 * Runs every analysis over MODEL (borrowed; it must outlive nothing here:
 * the result keeps only indices into it). On CT_MODEL_OK *OUT gets a new
 * result the caller owns (ct_analysis_destroy). On failure (CT_MODEL_NOMEM,
 * or CT_MODEL_TOO_LARGE past 2^32 - 2 refs) *OUT is untouched.
 */
enum ct_model_status ct_analysis_run(const struct ct_model *model, struct ct_analysis **out);

/* Destroys A; accepts NULL. */
void ct_analysis_destroy(struct ct_analysis *a);

/* The findings, sorted by time (then kind), borrowed from A. COUNT gets the length. */
const struct ct_finding *ct_analysis_borrow_findings(const struct ct_analysis *a, size_t *count);

/* The refs of finding F (which must come from A), borrowed. COUNT gets their number. */
const struct ct_finding_ref *ct_analysis_borrow_refs(const struct ct_analysis *a,
						     const struct ct_finding *f, size_t *count);

/* Number of findings of KIND (0 when out of range). Can't fail. */
size_t ct_analysis_count(const struct ct_analysis *a, enum ct_finding_kind kind);

/*
 * The sum of the amounts of the findings of KIND, stored or not (0 when out
 * of range): the number of updates lost for CT_FINDING_LOST_UPDATE, the
 * count for the other kinds. Can't fail.
 */
uint64_t ct_analysis_total(const struct ct_analysis *a, enum ct_finding_kind kind);

/*
 * Findings whose time is in [T0, T1]: *FIRST gets the index of the first
 * one in the findings array; returns how many (consecutive) there are.
 * Binary search; can't fail.
 */
size_t ct_analysis_findings_in(const struct ct_analysis *a, uint64_t t0, uint64_t t1,
			       size_t *first);

/*
 * The finding that event EVENT takes part in (the earliest, when several
 * do): its index in the findings array, or CT_MODEL_NONE when the event is
 * in no finding. Binary search; can't fail. The viewer paints such events red.
 */
uint32_t ct_analysis_event_finding(const struct ct_analysis *a, uint32_t event);

/*
 * Writes finding F's sentence, in English, into BUF (SIZE bytes, always
 * NUL-terminated when SIZE > 0), naming lanes, mutexes, channels and values
 * from MODEL, which must be the model A was made from. Returns the length
 * the whole sentence has, like snprintf (truncated when >= SIZE). Can't fail.
 */
size_t ct_analysis_describe(const struct ct_model *model, const struct ct_analysis *a,
			    const struct ct_finding *f, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_ANALYSIS_H */
