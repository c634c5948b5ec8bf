/* SPDX-License-Identifier: MIT */
/*
 * emit.c - the private entry points through which the LD_PRELOAD shim emits
 * events: one per entry of the schema table, expanded here.
 */
#include "emit.h"
#include "internal.h"

__thread unsigned ct__quiet __attribute__((tls_model("initial-exec")));
__thread uintptr_t ct__site __attribute__((tls_model("initial-exec")));

/* A string field may not be NULL; every other field passes through. */
#define CT_EMIT_VALUE(kind, name, slot) CT_SCHEMA_CAT(CT_EMIT_VALUE_, kind)(name)
#define CT_EMIT_VALUE_U64(name)         name
#define CT_EMIT_VALUE_I64(name)         name
#define CT_EMIT_VALUE_HEX(name)         name
#define CT_EMIT_VALUE_UINT(name)        name
#define CT_EMIT_VALUE_INT(name)         name
#define CT_EMIT_VALUE_STATUS(name)      name
#define CT_EMIT_VALUE_KIND(name)        name
#define CT_EMIT_VALUE_STR(name)         ct__str(name)

#define CT_SCHEMA_EVENT(name, NAME, ...)                                                           \
	void ct__emit_##name(CT_SCHEMA_LIST(CT_SCHEMA_PARAM, __VA_ARGS__))                         \
	{                                                                                          \
		CT_EVENT(name, CT_SCHEMA_LIST(CT_EMIT_VALUE, __VA_ARGS__));                        \
	}
#include "events.def"
#undef CT_SCHEMA_EVENT
