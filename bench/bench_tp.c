/* SPDX-License-Identifier: MIT */
/* bench_tp.c - creates the probes of the benchmark's bare tracepoint. */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "bench_tp.h"
