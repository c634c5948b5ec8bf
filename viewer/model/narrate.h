/* SPDX-License-Identifier: MIT */
/*
 * narrate.h - one event told as a sentence for a learner stepping through a
 * trace: what happened and why it matters, from the model's arrows and spans
 * ("producer-1 sends "hi"; main was blocked in recv and wakes").
 */
#ifndef CTRACE_NARRATE_H
#define CTRACE_NARRATE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Event EV of MODEL as one sentence in the messages language (gettext's
 * domain "ctrace"): who did what, then what it causes or why it waits (the
 * thread it wakes, the holder of the lock it waits for, a deadlock). "no
 * event" when EV is out of range. Writes at most LEN bytes into BUF and
 * returns BUF. Pure: reads MODEL only, allocates nothing. Can't fail.
 */
const char *ct_model_event_narrate(const struct ct_model *model, uint32_t ev, char *buf,
				   size_t len);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_NARRATE_H */
