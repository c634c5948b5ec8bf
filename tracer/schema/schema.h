/* SPDX-License-Identifier: MIT */
/*
 * schema.h - the macros that expand events.def's field triples: C types,
 * parameter lists and per-field sequences. Header-only; no LTTng, no
 * libbabeltrace2, so the tracer, the model and the tests can all use it.
 *
 * A field is a parenthesised triple (KIND, name, SLOT). CT_SCHEMA_LIST(M, f...)
 * expands to "M f1, M f2, ..." and CT_SCHEMA_SEQ(M, f...) to "M f1 M f2 ...",
 * so that M, a macro of three parameters, sees each field's parts.
 */
#ifndef CTRACE_SCHEMA_H
#define CTRACE_SCHEMA_H

#include <stdint.h>

#define CT_SCHEMA_CAT(a, b)  CT_SCHEMA_CAT_(a, b)
#define CT_SCHEMA_CAT_(a, b) a##b

/* The number of arguments, 1 to 6. */
#define CT_SCHEMA_NARGS(...)                             CT_SCHEMA_NARGS_(__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)
#define CT_SCHEMA_NARGS_(_1, _2, _3, _4, _5, _6, n, ...) n

#define CT_SCHEMA_LIST(m, ...)                                                                     \
	CT_SCHEMA_CAT(CT_SCHEMA_LIST_, CT_SCHEMA_NARGS(__VA_ARGS__))(m, __VA_ARGS__)
#define CT_SCHEMA_LIST_1(m, a)                m a
#define CT_SCHEMA_LIST_2(m, a, b)             m a, m b
#define CT_SCHEMA_LIST_3(m, a, b, c)          m a, m b, m c
#define CT_SCHEMA_LIST_4(m, a, b, c, d)       m a, m b, m c, m d
#define CT_SCHEMA_LIST_5(m, a, b, c, d, e)    m a, m b, m c, m d, m e
#define CT_SCHEMA_LIST_6(m, a, b, c, d, e, f) m a, m b, m c, m d, m e, m f

#define CT_SCHEMA_SEQ(m, ...)                                                                      \
	CT_SCHEMA_CAT(CT_SCHEMA_SEQ_, CT_SCHEMA_NARGS(__VA_ARGS__))(m, __VA_ARGS__)
#define CT_SCHEMA_SEQ_1(m, a)                m a
#define CT_SCHEMA_SEQ_2(m, a, b)             m a m b
#define CT_SCHEMA_SEQ_3(m, a, b, c)          m a m b m c
#define CT_SCHEMA_SEQ_4(m, a, b, c, d)       m a m b m c m d
#define CT_SCHEMA_SEQ_5(m, a, b, c, d, e)    m a m b m c m d m e
#define CT_SCHEMA_SEQ_6(m, a, b, c, d, e, f) m a m b m c m d m e m f

/*
 * Every event's last field, after those the table lists: `caller`, a u64
 * printed in hex, the address of the program's call that the event records
 * (0 when it records none). Not in the table's entries: the provider adds
 * it to every event (ctrace_tp.h), the loader reads it by this name.
 */
#define CT_SCHEMA_CALLER      caller
#define CT_SCHEMA_CALLER_NAME "caller"

/* The C type of each kind of field, as the emit functions take it. */
#define CT_SCHEMA_CTYPE_U64    uint64_t
#define CT_SCHEMA_CTYPE_I64    int64_t
#define CT_SCHEMA_CTYPE_HEX    uint64_t
#define CT_SCHEMA_CTYPE_UINT   unsigned int
#define CT_SCHEMA_CTYPE_INT    int
#define CT_SCHEMA_CTYPE_STATUS int
#define CT_SCHEMA_CTYPE_KIND   int
#define CT_SCHEMA_CTYPE_STR    const char *

/* "uint64_t thread": one parameter of an emit function. */
#define CT_SCHEMA_PARAM(kind, name, slot) CT_SCHEMA_CAT(CT_SCHEMA_CTYPE_, kind) name

/* "thread": one argument, passing the parameter on. */
#define CT_SCHEMA_ARG(kind, name, slot) name

#endif /* CTRACE_SCHEMA_H */
