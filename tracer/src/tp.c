/* SPDX-License-Identifier: MIT */
/* tp.c - the one translation unit that creates the "ctrace" provider's probes. */
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#define LTTNG_UST_TRACEPOINT_DEFINE
#include "ctrace_tp.h"
