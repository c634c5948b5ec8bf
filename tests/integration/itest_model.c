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

#include "analysis.h"

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

uint64_t itest_model_time_in(const struct ct_model *m, uint32_t lane, enum ct_lane_state state)
{
	size_t n_lanes, n_sp;
	const struct ct_model_lane *l = &ct_model_borrow_lanes(m, &n_lanes)[lane];
	const struct ct_model_span *sp = ct_model_borrow_spans(m, &n_sp);
	uint64_t t = 0;

	for (uint32_t k = 0; k < l->span_count; k++) {
		const struct ct_model_span *s = &sp[l->span_first + k];

		if (ct_model_span_state(m, s) == state)
			t += ct_model_span_end(m, s) - ct_model_span_start(m, s);
	}
	return t;
}

size_t itest_model_findings(const struct ct_model *m)
{
	struct ct_analysis *a = NULL;
	size_t n;

	assert_int_equal(ct_analysis_run(m, &a), CT_MODEL_OK);
	ct_analysis_borrow_findings(a, &n);
	ct_analysis_destroy(a);
	return n;
}
