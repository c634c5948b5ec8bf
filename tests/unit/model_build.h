/* SPDX-License-Identifier: MIT */
/*
 * model_build.h - a model built from hand-made events, for the tests that
 * draw or analyse one without LTTng or babeltrace2. Include after <cmocka.h>
 * and "model.h".
 */
#ifndef CTRACE_TEST_MODEL_BUILD_H
#define CTRACE_TEST_MODEL_BUILD_H

/* Builds a model from the N events of IN; fails the test on any error. */
static inline struct ct_model *test_model_build(const struct ct_model_input *in, size_t n)
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;

	assert_non_null(b);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ct_model_builder_add(b, &in[i]), CT_MODEL_OK);
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	assert_non_null(m);
	ct_model_builder_destroy(b);
	return m;
}

/* test_model_build of a whole array. */
#define TEST_MODEL_BUILD(arr) test_model_build((arr), sizeof(arr) / sizeof((arr)[0]))

#endif /* CTRACE_TEST_MODEL_BUILD_H */
