/* SPDX-License-Identifier: MIT */
/*
 * test_schema.c - the schema table (tracer/schema/events.def) against what
 * documents and uses it: docs/events.md's event table must list every event
 * with its fields in the table's order and nothing else, the status words it
 * names must exist, and the model's event names must be the table's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ctrace/enums.h"
#include "model.h"
#include "schema.h"

#define MAX_FIELDS 6
#define MAX_EVENTS 256

struct event_fields {
	char name[64];
	char fields[MAX_FIELDS][32];
	int n;
};

/* The table, expanded into names and field names. */
#define FIELD_NAME(kind, name, slot) #name
#define CT_SCHEMA_EVENT(name, NAME, ...)                                                           \
	{ #name, { CT_SCHEMA_LIST(FIELD_NAME, __VA_ARGS__) }, CT_SCHEMA_NARGS(__VA_ARGS__) },
static const struct {
	const char *name;
	const char *fields[MAX_FIELDS];
	int n;
} schema[] = {
#include "events.def"
};
#undef CT_SCHEMA_EVENT
#define N_SCHEMA (sizeof(schema) / sizeof(schema[0]))

#define STATUS_WORD(NAME, word, number, phrase) #word,
static const char *const status_words[] = { CT_STATUS_LIST(STATUS_WORD) };
#define ACCESS_WORD(NAME, word, number) #word,
static const char *const access_words[] = { CT_ACCESS_KIND_LIST(ACCESS_WORD) };

static char *read_doc(void)
{
	const char *path = CTRACE_SOURCE_DIR "/docs/events.md";
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return buf;
}

static void trim(char *s)
{
	size_t n = strlen(s);
	char *p = s;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	memmove(s, p, strlen(p) + 1);
}

/*
 * The rows of the table headed "| event | fields | emitted |": a row may name
 * several events (`a`, `b`) that share its fields; a field may carry a note in
 * parentheses ("count (1)"), which is not part of its name. Returns the count.
 */
static int parse_doc(const char *doc, struct event_fields *out)
{
	const char *p = strstr(doc, "| event | fields | emitted |");
	int n = 0;

	assert_non_null(p);
	p = strchr(p, '\n') + 1; /* the header */
	p = strchr(p, '\n') + 1; /* |---|---|---| */
	while (*p == '|') {
		const char *eol = strchr(p, '\n');
		const char *c1 = p + 1, *c2 = strchr(c1, '|'), *c3;
		char fields[256] = "";
		struct event_fields row = { 0 };

		assert_non_null(eol);
		assert_non_null(c2);
		c3 = strchr(c2 + 1, '|');
		assert_non_null(c3);
		assert_true((size_t)(c3 - c2 - 1) < sizeof(fields));
		memcpy(fields, c2 + 1, (size_t)(c3 - c2 - 1));
		for (char *tok = strtok(fields, ","); tok; tok = strtok(NULL, ",")) {
			char *paren = strchr(tok, '(');

			if (paren)
				*paren = '\0';
			trim(tok);
			assert_true(row.n < MAX_FIELDS);
			snprintf(row.fields[row.n++], sizeof(row.fields[0]), "%s", tok);
		}
		/* Every `name` in the first column is an event with these fields. */
		for (const char *q = c1; q < c2;) {
			const char *open = memchr(q, '`', (size_t)(c2 - q)), *close;

			if (!open)
				break;
			close = memchr(open + 1, '`', (size_t)(c2 - open - 1));
			assert_non_null(close);
			assert_true(n < MAX_EVENTS);
			out[n] = row;
			snprintf(out[n].name, sizeof(out[n].name), "%.*s", (int)(close - open - 1),
				 open + 1);
			n++;
			q = close + 1;
		}
		p = eol + 1;
	}
	return n;
}

static const struct event_fields *doc_find(const struct event_fields *doc, int n, const char *name)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(doc[i].name, name) == 0)
			return &doc[i];
	}
	return NULL;
}

static void test_every_event_documented_with_its_fields(void **state)
{
	static struct event_fields doc[MAX_EVENTS];
	char *text = read_doc();
	int n = parse_doc(text, doc);

	(void)state;
	for (size_t i = 0; i < N_SCHEMA; i++) {
		const struct event_fields *d = doc_find(doc, n, schema[i].name);

		if (!d)
			fail_msg("docs/events.md does not document the event %s", schema[i].name);
		if (d->n != schema[i].n)
			fail_msg("docs/events.md gives %s %d fields, the schema %d", schema[i].name,
				 d->n, schema[i].n);
		for (int f = 0; f < d->n; f++) {
			if (strcmp(d->fields[f], schema[i].fields[f]) != 0)
				fail_msg(
					"docs/events.md: field %d of %s is '%s', the schema says '%s'",
					f + 1, schema[i].name, d->fields[f], schema[i].fields[f]);
		}
	}
	free(text);
}

static void test_nothing_documented_that_does_not_exist(void **state)
{
	static struct event_fields doc[MAX_EVENTS];
	char *text = read_doc();
	int n = parse_doc(text, doc);

	(void)state;
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < N_SCHEMA; j++)
			found = found || strcmp(doc[i].name, schema[j].name) == 0;
		if (!found)
			fail_msg("docs/events.md documents %s, which the schema does not have",
				 doc[i].name);
		for (int j = 0; j < i; j++) {
			if (strcmp(doc[i].name, doc[j].name) == 0)
				fail_msg("docs/events.md documents %s twice", doc[i].name);
		}
	}
	free(text);
}

#define CALLER_TOKEN(t)  CALLER_TOKEN_(t)
#define CALLER_TOKEN_(t) #t

/* The common `caller` field is documented, under the name the provider gives it. */
static void test_caller_field_documented(void **state)
{
	char *text = read_doc();

	(void)state;
	/* The provider spells the token, the loader looks the string up: they must agree. */
	assert_string_equal(CALLER_TOKEN(CT_SCHEMA_CALLER), CT_SCHEMA_CALLER_NAME);
	for (size_t i = 0; i < N_SCHEMA; i++) {
		for (int f = 0; f < schema[i].n; f++)
			if (strcmp(schema[i].fields[f], CT_SCHEMA_CALLER_NAME) == 0)
				fail_msg("%s has its own field named like the common one",
					 schema[i].name);
	}
	if (!strstr(text,
		    "Every event ends with one more field than the table lists, `" CT_SCHEMA_CALLER_NAME
		    "`"))
		fail_msg("docs/events.md does not document the common field %s",
			 CT_SCHEMA_CALLER_NAME);
	free(text);
}

/* Every word the "`status` is ..." and "`kind` is ..." sentences name is one of the enum's. */
static void check_words(const char *text, const char *start, const char *const *words, size_t n)
{
	const char *p = strstr(text, start);
	const char *end;
	int seen = 0;

	if (!p)
		fail_msg("docs/events.md lacks the sentence starting '%s'", start);
	end = strchr(p, '.');
	assert_non_null(end);
	for (p += strlen(start); (p = strchr(p, '`')) && p < end; p++) {
		const char *close = strchr(p + 1, '`');
		bool found = false;

		assert_non_null(close);
		for (size_t i = 0; i < n; i++) {
			found = found || (strlen(words[i]) == (size_t)(close - p - 1) &&
					  strncmp(words[i], p + 1, (size_t)(close - p - 1)) == 0);
		}
		if (!found)
			fail_msg(
				"docs/events.md names the value '%.*s', which ctrace/enums.h lacks",
				(int)(close - p - 1), p + 1);
		seen++;
		p = close;
	}
	assert_true(seen > 0);
}

static void test_documented_values_exist(void **state)
{
	char *text = read_doc();

	(void)state;
	check_words(text, "`status` is an enumeration printed as a word:", status_words,
		    sizeof(status_words) / sizeof(status_words[0]));
	check_words(text, "`kind` is", access_words,
		    sizeof(access_words) / sizeof(access_words[0]));
	free(text);
}

static void test_model_names_are_the_schema(void **state)
{
	(void)state;
	assert_int_equal(CT_EV_COUNT_, N_SCHEMA);
	for (size_t i = 0; i < N_SCHEMA; i++) {
		enum ct_event_type type;

		assert_string_equal(ct_event_type_name((enum ct_event_type)i), schema[i].name);
		assert_true(ct_event_type_from_name(schema[i].name, &type));
		assert_int_equal(type, i);
	}
	assert_null(ct_event_type_name(CT_EV_COUNT_));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_event_documented_with_its_fields),
		cmocka_unit_test(test_nothing_documented_that_does_not_exist),
		cmocka_unit_test(test_documented_values_exist),
		cmocka_unit_test(test_model_names_are_the_schema),
		cmocka_unit_test(test_caller_field_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
