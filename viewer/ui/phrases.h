/* SPDX-License-Identifier: MIT */
/* phrases.h - private to viewer/ui: an event in words. Not thread-safe (see ui.h). */
#ifndef CTRACE_UI_PHRASES_H
#define CTRACE_UI_PHRASES_H

#include <stddef.h>
#include <stdint.h>

#include "ui.h"

/* A one-line description of event EV into BUF: its time, lane and what it says ("no event" when out of range). */
void ui_describe_event(const struct ct_ui_view *v, uint32_t ev, char *buf, size_t len);

#endif /* CTRACE_UI_PHRASES_H */
