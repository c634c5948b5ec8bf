/* SPDX-License-Identifier: MIT */
/*
 * demangle.c - Rust's legacy mangling, read back. The scheme borrows the
 * Itanium C++ ABI's nested name: `_ZN`, then components each written as its
 * decimal length and its bytes, then `E`. rustc adds a last component
 * `h` + 16 hex digits (a hash telling apart crates of the same name), and
 * spells the characters a symbol may not hold as `$...$` escapes inside
 * components (`$LT$` for `<`, `$u7b$` for `{`, `..` for `::`). A C++
 * function always has its parameter types after the `E`, so a name ending
 * right at the `E` is taken for Rust.
 */
#include "demangle.h"

#include <string.h>

/* Appends N bytes of S to OUT (cut at LEN - 1). */
static void put(char *out, size_t len, size_t *at, const char *s, size_t n)
{
	for (size_t i = 0; i < n && *at + 1 < len; i++)
		out[(*at)++] = s[i];
	out[*at] = '\0';
}

/* The character a `$...$` escape body (between the dollars) stands for, or 0. */
static char escape(const char *s, size_t n)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {
		{ "SP", '@' }, { "BP", '*' }, { "RF", '&' }, { "LT", '<' },
		{ "GT", '>' }, { "LP", '(' }, { "RP", ')' }, { "C", ',' },
	};
	unsigned v = 0;

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0)
			return named[i].c;
	/* `u` and two hex digits: a character by its code (ASCII only in practice). */
	if (n != 3 || s[0] != 'u')
		return 0;
	for (size_t i = 1; i < 3; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else
			return 0;
	}
	return v >= 0x20 && v < 0x7f ? (char)v : 0;
}

/* Whether component S (N bytes) is rustc's hash: `h` and 16 hex digits. */
static bool is_hash(const char *s, size_t n)
{
	if (n != 17 || s[0] != 'h')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* Appends component S (N bytes) with its escapes undone; false on a malformed escape. */
static bool put_component(char *out, size_t len, size_t *at, const char *s, size_t n)
{
	size_t i = 0;

	/* A component that would start with `$` is written with `_` in front of it. */
	if (n >= 2 && s[0] == '_' && s[1] == '$')
		i = 1;
	while (i < n) {
		if (s[i] == '$') {
			const char *end = memchr(s + i + 1, '$', n - i - 1);
			char c;

			if (!end || !(c = escape(s + i + 1, (size_t)(end - s - i - 1))))
				return false;
			put(out, len, at, &c, 1);
			i = (size_t)(end - s) + 1;
		} else if (s[i] == '.' && i + 1 < n && s[i + 1] == '.') {
			put(out, len, at, "::", 2);
			i += 2;
		} else {
			put(out, len, at, &s[i], 1);
			i++;
		}
	}
	return true;
}

bool ct_demangle_rust(const char *sym, char *buf, size_t len)
{
	const char *p;
	size_t at = 0;
	int parts = 0;

	if (len == 0)
		return false;
	buf[0] = '\0';
	if (strncmp(sym, "_ZN", 3) != 0)
		return false;
	p = sym + 3;
	while (*p != 'E') {
		size_t n = 0;

		if (*p < '0' || *p > '9' || (*p == '0'))
			goto not_rust;
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (size_t)(*p - '0');
			if (n > 4096)
				goto not_rust;
			p++;
		}
		if (strnlen(p, n) < n)
			goto not_rust;
		/* The hash is last, and is left out: it tells crates apart, not people. */
		if (!(is_hash(p, n) && p[n] == 'E')) {
			if (parts > 0)
				put(buf, len, &at, "::", 2);
			if (!put_component(buf, len, &at, p, n))
				goto not_rust;
			parts++;
		}
		p += n;
	}
	if (p[1] != '\0' || parts == 0)
		goto not_rust;
	return true;
not_rust:
	buf[0] = '\0';
	return false;
}
