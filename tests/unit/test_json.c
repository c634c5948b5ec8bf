/* SPDX-License-Identifier: MIT */
/* test_json.c - JSON string escaping (cli/json.c), table-driven, Python-checked where it matters. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "json.h"

/* ct_json_put_string of IN, as a malloc'd string. */
static char *escape(const char *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(ct_json_put_string(f, in), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_escapes(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain text", "\"plain text\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "back\\slash", "\"back\\\\slash\"" },
		{ "a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"" },
		{ "\x01\x1f", "\"\\u0001\\u001f\"" },
		{ "\x7f", "\"\x7f\"" },
		{ "/", "\"/\"" },
		/* Well-formed UTF-8 passes through: 2, 3 and 4 bytes. */
		{ "caf\xc3\xa9 \xe6\x97\xa0\xe7\x95\x8f \xf0\x9f\x98\x80",
		  "\"caf\xc3\xa9 \xe6\x97\xa0\xe7\x95\x8f \xf0\x9f\x98\x80\"" },
		/* Malformed: stray continuation, overlong, surrogate, too high, truncated. */
		{ "a\x80z", "\"a\\ufffdz\"" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
		{ "\xe6\x97", "\"\\ufffd\\ufffd\"" },
		{ "\xe6\x97z", "\"\\ufffd\\ufffdz\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = escape(cases[i].in);

		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu: got %s, want %s", i, got, cases[i].out);
		free(got);
	}
}

static void test_null_is_empty(void **state)
{
	char *got = escape(NULL);

	(void)state;
	assert_string_equal(got, "\"\"");
	free(got);
}

/* Every byte value, in every position, gives JSON that a strict parser takes back. */
static void test_all_bytes_parse(void **state)
{
	char in[256 * 2 + 1], path[] = "/tmp/test_json-XXXXXX", cmd[256];
	size_t n = 0;
	int fd;
	FILE *f;

	(void)state;
	for (int c = 1; c < 256; c++) {
		in[n++] = (char)c;
		in[n++] = (char)(c ^ 0x40 ? c ^ 0x40 : 1);
	}
	in[n] = '\0';
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(ct_json_put_string(f, in), 0);
	assert_int_equal(fclose(f), 0);
	snprintf(
		cmd, sizeof(cmd),
		"python3 -c 'import json,sys; json.loads(open(sys.argv[1],\"rb\").read().decode(\"utf-8\"))' %s",
		path);
	if (system("python3 -c '' 2>/dev/null") != 0) {
		unlink(path);
		skip();
	}
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_null_is_empty),
		cmocka_unit_test(test_all_bytes_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
