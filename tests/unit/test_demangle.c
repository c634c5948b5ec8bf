/* SPDX-License-Identifier: MIT */
/*
 * test_demangle.c - Rust's symbol names as the shim shows them: the names
 * rustc 1.63 (legacy) and 1.95 (v0) give std's thread entry and closures,
 * hashes left out, escapes and backrefs undone; C, C++ and what the v0
 * reader does not read refused; a short buffer cuts the name and stays
 * terminated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "demangle.h"

/* SYM demangles to WANT. */
static void demangles(const char *sym, const char *want)
{
	char buf[256];

	assert_true(ct_demangle_rust(sym, buf, sizeof(buf)));
	assert_string_equal(buf, want);
}

/* SYM is not a Rust legacy name: false, and an empty BUF. */
static void refused(const char *sym)
{
	char buf[64];

	memset(buf, 'x', sizeof(buf));
	assert_false(ct_demangle_rust(sym, buf, sizeof(buf)));
	assert_string_equal(buf, "");
}

static void test_paths(void **state)
{
	(void)state;
	/* Taken from `nm` of listing 16-15 built by Debian 12's rustc. */
	demangles("_ZN3std3sys4unix6thread6Thread3new12thread_start17hee65e032a8d102e4E",
		  "std::sys::unix::thread::Thread::new::thread_start");
	demangles("_ZN13listing_16_154main17h2e0434364d485177E", "listing_16_15::main");
	/* Without a hash the last component stays. */
	demangles("_ZN4core3fmt5writeE", "core::fmt::write");
}

static void test_escapes(void **state)
{
	(void)state;
	demangles("_ZN4core3ptr69drop_in_place$LT$listing_16_15..main..$u7b$$u7b$closure$u7d$$u7d$"
		  "$GT$17hd58bd526c1abf265E",
		  "core::ptr::drop_in_place<listing_16_15::main::{{closure}}>");
	demangles("_ZN60_$LT$alloc..string..String$u20$as$u20$core..fmt..Display$GT$3fmt"
		  "17h0123456789abcdefE",
		  "<alloc::string::String as core::fmt::Display>::fmt");
	demangles("_ZN3foo22bar$C$$RF$$BP$$LP$$RP$17h0123456789abcdefE", "foo::bar,&*()");
}

static void test_refused(void **state)
{
	(void)state;
	refused("main");
	refused("compress_thread");
	refused("_ZN3foo3barEv");       /* C++: parameter types follow */
	refused("_RNvCs1234_7mycrate"); /* v0: no identifier after the nested path */
	refused("_RNvB0_4main");        /* v0: a backref to itself */
	refused("_RINvNtCs1_4core3ptr13drop_in_placeDNtB4_3AnyEL_E"); /* v0: dyn, not read */
	refused("_R0Cs1_3foo");                                       /* v0: an encoding version */
	refused("_ZN3foo");                                           /* no end */
	refused("_ZN9fooE");                                          /* length beyond the name */
	refused("_ZN7foo$XX$E");                                      /* an unknown escape */
	refused("_ZN17h0123456789abcdefE"); /* only a hash: nothing to show */
	refused("_ZNE");
}

/* v0 names, taken from `nm` of listing 16-15 built by rustc 1.95 (and checked with c++filt). */
static void test_v0(void **state)
{
	(void)state;
	demangles(
		"_RNvNvMs0_NtNtNtCsjrHSEGnQ3l9_3std3sys6thread4unixNtB7_6Thread3new12thread_start",
		"std::sys::thread::unix::Thread::new::thread_start");
	demangles("_RNCNvNtNtCsjrHSEGnQ3l9_3std3sys9backtrace10__print_fmt0B7_",
		  "std::sys::backtrace::_print_fmt::{closure#0}");
	demangles("_RNCNCNvNtNtCsjrHSEGnQ3l9_3std3sys9backtrace10__print_fmts_00B9_",
		  "std::sys::backtrace::_print_fmt::{closure#1}::{closure#0}");
	demangles("_RNvCs1234_7mycrate4main", "mycrate::main");
	/* Generic arguments: value paths take ::<>, types <>. */
	demangles("_RINvNtCs1_4core3ptr13drop_in_placeINtNtCs2_5alloc3vec3VechEEB4_",
		  "core::ptr::drop_in_place::<alloc::vec::Vec<u8>>");
	demangles("_RNvXs_NtCs1_3foo3barNtB4_1SNtNtCs2_4core3fmt7Display3fmt",
		  "<foo::bar::S as core::fmt::Display>::fmt");
	demangles("_RINvCs1_3foo1fTRhSmEE", "foo::f::<(&u8, [u32])>");
}

static void test_short_buffer(void **state)
{
	char buf[8];

	(void)state;
	assert_true(
		ct_demangle_rust("_ZN3std3sys4unix6thread17hee65e032a8d102e4E", buf, sizeof(buf)));
	assert_string_equal(buf, "std::sy");
	assert_false(ct_demangle_rust("_ZN3stdE", buf, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),        cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_refused),      cmocka_unit_test(test_v0),
		cmocka_unit_test(test_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
