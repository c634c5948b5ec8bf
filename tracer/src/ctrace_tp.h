/* SPDX-License-Identifier: MIT */
/*
 * ctrace_tp.h - the LTTng-UST provider "ctrace", expanded from the schema
 * table (tracer/schema/events.def) and the status list (ctrace/enums.h).
 *
 * This is the only file in the project that spells LTTng-UST's tracepoint
 * macros. Exactly one translation unit (tp.c) defines
 * LTTNG_UST_TRACEPOINT_CREATE_PROBES and LTTNG_UST_TRACEPOINT_DEFINE before
 * including it. LTTng-UST includes this header several times with its macros
 * defined differently; the expansions below run again each time.
 */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER ctrace

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "ctrace_tp.h"

#if !defined(CTRACE_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define CTRACE_TP_H

#include <lttng/tracepoint.h>
#include <stdint.h>

#include "ctrace/enums.h"
#include "emit.h"
#include "schema.h"

/* The tracepoint's arguments and fields for each kind of schema field. */
#define CT_TP_ARG(kind, name, slot)   CT_SCHEMA_CAT(CT_SCHEMA_CTYPE_, kind), name
#define CT_TP_FIELD(kind, name, slot) CT_SCHEMA_CAT(CT_TP_FIELD_, kind)(name)
#define CT_TP_FIELD_U64(name)         lttng_ust_field_integer(uint64_t, name, name)
#define CT_TP_FIELD_I64(name)         lttng_ust_field_integer(int64_t, name, name)
#define CT_TP_FIELD_HEX(name)         lttng_ust_field_integer_hex(uint64_t, name, name)
#define CT_TP_FIELD_UINT(name)        lttng_ust_field_integer(unsigned int, name, name)
#define CT_TP_FIELD_INT(name)         lttng_ust_field_integer(int, name, name)
#define CT_TP_FIELD_STATUS(name)      lttng_ust_field_enum(ctrace, status, int, name, name)
#define CT_TP_FIELD_KIND(name)        lttng_ust_field_enum(ctrace, access_kind, int, name, name)
#define CT_TP_FIELD_STR(name)         lttng_ust_field_string(name, name)

#define CT_TP_STATUS_VALUE(NAME, word, number, phrase) lttng_ust_field_enum_value(#word, number)
#define CT_TP_KIND_VALUE(NAME, word, number)           lttng_ust_field_enum_value(#word, number)

/* The trace's `status` and `kind` fields are enumerations printed as words. */
LTTNG_UST_TRACEPOINT_ENUM(ctrace, status,
			  LTTNG_UST_TP_ENUM_VALUES(CT_STATUS_LIST(CT_TP_STATUS_VALUE)))
LTTNG_UST_TRACEPOINT_ENUM(ctrace, access_kind,
			  LTTNG_UST_TP_ENUM_VALUES(CT_ACCESS_KIND_LIST(CT_TP_KIND_VALUE)))

/*
 * One tracepoint per entry of the schema table, each with the common last
 * field `caller` (CT_SCHEMA_CALLER, schema.h): the call site, read from the
 * thread-local ct__site when the event is recorded, not passed as an argument.
 */
#define CT_SCHEMA_EVENT(name, NAME, ...)                                                           \
	LTTNG_UST_TRACEPOINT_EVENT(                                                                \
		ctrace, name, LTTNG_UST_TP_ARGS(CT_SCHEMA_LIST(CT_TP_ARG, __VA_ARGS__)),           \
		LTTNG_UST_TP_FIELDS(                                                               \
			CT_SCHEMA_SEQ(CT_TP_FIELD, __VA_ARGS__) lttng_ust_field_integer_hex(       \
				uint64_t, CT_SCHEMA_CALLER, (uint64_t)ct__site)))
#include "events.def"
#undef CT_SCHEMA_EVENT

#endif /* CTRACE_TP_H */

#include <lttng/tracepoint-event.h>
