/* SPDX-License-Identifier: MIT */
/*
 * test_record_owner.c - the recorder's signature in its session names
 * (tracer/record/owner.c): written and read back, told from look-alikes, and
 * whether the recorder it names is alive, gone or cannot be told.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "recording.h"

static void test_round_trip(void **state)
{
	struct ct_rec_owner me, back;
	char sign[96], name[256];

	(void)state;
	assert_int_equal(ct_rec_owner_self(&me), 0);
	assert_int_equal(me.pid, (long)getpid());
	ct_rec_owner_format(&me, sign, sizeof(sign));
	snprintf(name, sizeof(name), "prog-20260101-120000%s", sign);
	assert_true(ct_rec_owner_parse(name, &back));
	assert_int_equal(back.pid, me.pid);
	assert_true(back.start == me.start);
	assert_true(back.pidns == me.pidns);
	/* A second session of the same recorder in the same second. */
	snprintf(name, sizeof(name), "prog-20260101-120000%s-2", sign);
	assert_true(ct_rec_owner_parse(name, &back));
	assert_int_equal(back.pid, me.pid);
}

static void test_look_alikes(void **state)
{
	static const struct {
		const char *name;
		bool signed_;
		long pid;
	} cases[] = {
		{ "myprog-20260101-120000-4711", false, 0 }, /* an older ctrace's name */
		{ "auto-20260101-120000", false, 0 },        /* lttng create's */
		{ "x.ctrace-12-34-56", true, 12 },
		{ "x.ctrace-12-34-56-3", true, 12 },
		{ "x.ctrace-1-2-3-20260101-120000.ctrace-77-88-99", true,
		  77 }, /* the last one counts */
		{ "x.ctrace-12-34", false, 0 },
		{ "x.ctrace-12-34-56-", false, 0 },
		{ "x.ctrace-12-34-56x", false, 0 },
		{ "x.ctrace-0-34-56", false, 0 },
		{ "x.ctrace--12-34-56", false, 0 },
		{ "x.ctrace-99999999999-34-56", false, 0 },
		{ ".ctrace-", false, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ct_rec_owner o;
		bool got = ct_rec_owner_parse(cases[i].name, &o);

		if (got != cases[i].signed_)
			fail_msg("%s: parsed %d, expected %d", cases[i].name, got,
				 cases[i].signed_);
		if (got)
			assert_int_equal(o.pid, cases[i].pid);
	}
}

static void test_states(void **state)
{
	struct ct_rec_owner me, o;
	pid_t child;

	(void)state;
	assert_int_equal(ct_rec_owner_self(&me), 0);
	assert_int_equal(ct_rec_owner_state(&me), CT_REC_OWNER_ALIVE);

	/* The same pid started at another time is another process. */
	o = me;
	o.start++;
	assert_int_equal(ct_rec_owner_state(&o), CT_REC_OWNER_GONE);

	/* A pid namespace of its own: nothing can be said. */
	o = me;
	o.pidns++;
	assert_int_equal(ct_rec_owner_state(&o), CT_REC_OWNER_UNKNOWN);

	/* A recorder that has exited: gone as a zombie, and once reaped. */
	child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	o = me;
	o.pid = child;
	usleep(100000);
	assert_int_equal(ct_rec_owner_state(&o), CT_REC_OWNER_GONE);
	assert_int_equal(waitpid(child, NULL, 0), child);
	assert_int_equal(ct_rec_owner_state(&o), CT_REC_OWNER_GONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_look_alikes),
		cmocka_unit_test(test_states),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
