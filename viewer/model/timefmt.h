/* SPDX-License-Identifier: MIT */
/*
 * timefmt.h - private to viewer/ui: how the viewer writes times (its parser,
 * ct_ui_parse_time, is public in ui.h). Times are ns from the trace's start.
 */
#ifndef CTRACE_UI_TIMEFMT_H
#define CTRACE_UI_TIMEFMT_H

#include <stddef.h>

/* A time or duration with a unit chosen for its size: "950 ns", "1.50 µs", "2.000 ms", "3.1783 s". */
void ui_format_ns(double ns, char *buf, size_t len);
/* An axis tick at T: the unit follows the tick STEP, with the decimals the step needs. */
void ui_format_tick(double t, double step, char *buf, size_t len);
/* Seconds with nine decimals ("0.000404199 s"), as the findings list shows a finding's time. */
void ui_format_seconds(double ns, char *buf, size_t len);

#endif /* CTRACE_UI_TIMEFMT_H */
