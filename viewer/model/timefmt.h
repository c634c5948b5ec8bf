/* SPDX-License-Identifier: MIT */
/*
 * timefmt.h - how every front end writes and reads times, so the window,
 * the PNG, the terminal view, dump, stats and check agree. Times are ns
 * from the trace's start. Each formatter writes at most LEN bytes into BUF
 * and returns BUF; none can fail.
 */
#ifndef CTRACE_MODEL_TIMEFMT_H
#define CTRACE_MODEL_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "us" instead of "µs": for text columns that count bytes. */
#define CT_TIME_ASCII 1u
/* No space before the unit and at most three significant digits ("1.5ms"): narrow axes. */
#define CT_TIME_COMPACT 2u

/*
 * A time or duration with a unit chosen for its size: "950 ns", "1.50 µs",
 * "2.000 ms", "3.1783 s". FLAGS: CT_TIME_ASCII, CT_TIME_COMPACT.
 */
const char *ct_time_format(double ns, unsigned flags, char *buf, size_t len);

/* An axis tick at T: the unit follows the tick STEP, with the decimals the step needs. */
const char *ct_time_format_tick(double t, double step, char *buf, size_t len);

/* Exact seconds with nine decimals and no unit ("12.000404199"): dump, check, the findings list. */
const char *ct_time_format_seconds(uint64_t ns, char *buf, size_t len);

/*
 * Parses a time a user typed: a number with an optional unit (ns, us, µs,
 * ms, s; none means ns), into *NS. False, and *NS untouched, when S is not one.
 */
bool ct_time_parse(const char *s, double *ns);

#ifdef __cplusplus
}
#endif

#endif /* CTRACE_MODEL_TIMEFMT_H */
