/* SPDX-License-Identifier: MIT */
/*
 * bench_tp.h - a bare LTTng-UST tracepoint for the benchmarks: one event
 * with one integer field and nothing around it. It is the floor that
 * libctrace's per-event cost is compared against, so it lives apart from the
 * real provider (tracer/src/ctrace_tp.h) and records into `ctrace_bench:*`.
 */
/* clang-format off: LTTng-UST's provider macros read best laid out by hand. */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER ctrace_bench

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "bench_tp.h"

#if !defined(CTRACE_BENCH_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define CTRACE_BENCH_TP_H

#include <lttng/tracepoint.h>
#include <stdint.h>

LTTNG_UST_TRACEPOINT_EVENT(ctrace_bench, tick, LTTNG_UST_TP_ARGS(uint64_t, value),
			   LTTNG_UST_TP_FIELDS(lttng_ust_field_integer(uint64_t, value, value)))

#endif /* CTRACE_BENCH_TP_H */

#include <lttng/tracepoint-event.h>
/* clang-format on */
