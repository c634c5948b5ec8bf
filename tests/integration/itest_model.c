/* SPDX-License-Identifier: MIT */
/*
 * itest_model.c - loading a recorded trace's model for a test (itest_model.h).
 */
#include "itest_model.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

struct ct_model *itest_model_load(const char *trace)
{
	struct ct_model *m = NULL;
	char *err = NULL;

	if (ct_model_load(trace, NULL, &m, &err) != CT_MODEL_OK)
		fail_msg("cannot load %s: %s", trace, err ? err : "?");
	free(err);
	return m;
}
