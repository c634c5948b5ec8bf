/* SPDX-License-Identifier: MIT */
/*
 * signature.h - a run reduced to its interleaving: what `ctrace explore`
 * groups runs by.
 *
 * The signature of a model is a set of parts, one per object whose order
 * the scheduler decided, each a list of items in the order they happened:
 *  - chan NAME: the messages in the order they were received (chan_recv_end
 *    ok), each as its sender's lane and its label: producer-1 "hi";
 *  - mutex NAME, rwlock NAME: the lanes in the order they acquired it
 *    (mutex_lock_end; rwlock_lock_end with its mode, "reader (read)");
 *  - cond NAME, semaphore NAME: the lanes in the order they were woken
 *    (cond_wait_end, sem_wait_end; a status other than ok is added);
 *  - print: the printed lines, in order.
 * Objects whose list is empty have no part.
 *
 * Nothing that changes from one recording of the same interleaving to the
 * next enters it: lanes are named by their names (ct_model_lane_name), with
 * "#K" added when several lanes share one, K counting them in lane order
 * (ct_model_borrow_lane_order: processes as they appear, threads in spawn
 * order); objects by their names, or their kind and creation order
 * ("mutex #2") when they have none, "#K" added likewise to names several
 * objects of a kind share. No tid, pid, time or object id. Parts are sorted
 * by their key ("chan NAME"), so creation order does not matter either.
 *
 * Its canonical text is one line a part, "KEY: ITEM, ITEM, ...", and its
 * hash a 64-bit FNV-1a of that text: equal texts, equal interleavings.
 *
 * Thread-safety: a signature is immutable once made.
 */
#ifndef CTRACE_SIGNATURE_H
#define CTRACE_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ct_signature;

/*
 * Reduces MODEL (borrowed; the signature keeps nothing of it) to its
 * signature. On CT_MODEL_OK *OUT gets a new signature the caller owns
 * (ct_signature_destroy); on CT_MODEL_NOMEM *OUT is untouched.
 */
enum ct_model_status ct_signature_make(const struct ct_model *model, struct ct_signature **out);

/* Destroys SIG; accepts NULL. */
void ct_signature_destroy(struct ct_signature *sig);

/* The canonical text: every part's line, each ended by '\n' ("" when no part). Borrowed. */
const char *ct_signature_text(const struct ct_signature *sig);

/* The 64-bit FNV-1a hash of the canonical text. Can't fail. */
uint64_t ct_signature_hash(const struct ct_signature *sig);

/* Number of parts. */
size_t ct_signature_part_count(const struct ct_signature *sig);

/* Part I's key ("chan channel", "mutex counter", "print"); "" when I is out of range. Borrowed. */
const char *ct_signature_part_key(const struct ct_signature *sig, size_t i);

/* Part I's line, "KEY: ITEM, ITEM", without '\n'; "" when I is out of range. Borrowed. */
const char *ct_signature_part_line(const struct ct_signature *sig, size_t i);

/* Number of items of part I (0 when out of range). */
size_t ct_signature_part_items(const struct ct_signature *sig, size_t i);

/*
 * Writes item J of part I into BUF (at most LEN bytes, always terminated
 * when LEN > 0) and returns BUF; "" when out of range. Can't fail.
 */
const char *ct_signature_part_item(const struct ct_signature *sig, size_t i, size_t j, char *buf,
				   size_t len);

/*
 * Says in words where A first differs from B, into BUF (at most LEN bytes)
 * and returns BUF: the first part, in key order, that is only in one of
 * them or whose items differ, and its first differing item:
 *   chan channel, message 3: producer-2 "from" (other: producer-1 "hi")
 *   mutex counter: 10 acquisitions (other: 11)
 *   print: only here
 * "same interleaving" when they are equal. Can't fail.
 */
const char *ct_signature_difference(const struct ct_signature *a, const struct ct_signature *b,
				    char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_SIGNATURE_H */
