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
#include <string.h>

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

uint32_t itest_model_lane_named(const struct ct_model *m, const char *name)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n);

	for (uint32_t i = 0; i < n; i++)
		if (strcmp(ct_model_string(m, lanes[i].name), name) == 0)
			return i;
	fail_msg("no lane named %s", name);
	return CT_MODEL_NONE;
}
