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

#include <stdio.h>
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

/*
 * Rust's v0 mangling (RFC 2603; rustc's default from about 1.9x on): `_R`,
 * then a path written as a small prefix grammar, where `B` + a base-62
 * number refers back to a part already written (a position from the start
 * of the text after `_R`). This reads the paths functions have: crate
 * roots, nested names (closures as {closure#N}), inherent and trait impls,
 * generic arguments of simple types. Anything else (constants, function
 * pointers, dyn types, punycode identifiers) is not read, and the name is
 * then refused like a C++ one.
 */
struct v0 {
	const char *s; /* the text after "_R" */
	size_t n, pos;
	char *out;
	size_t len, at;
	int quiet;   /* > 0: parse without writing (an impl's own path) */
	int in_type; /* > 0: a type's path: generic arguments as Vec<u8>, not Vec::<u8> */
	int depth;   /* recursion, bounded: backrefs may not loop, but may nest */
};

static char v0_peek(const struct v0 *v)
{
	return v->pos < v->n ? v->s[v->pos] : '\0';
}

static bool v0_eat(struct v0 *v, char c)
{
	if (v0_peek(v) != c)
		return false;
	v->pos++;
	return true;
}

static void v0_put(struct v0 *v, const char *s, size_t n)
{
	if (!v->quiet)
		put(v->out, v->len, &v->at, s, n);
}

static void v0_puts(struct v0 *v, const char *s)
{
	v0_put(v, s, strlen(s));
}

/* A base-62 number: "_" is 0, digits then "_" are their value plus 1. */
static bool v0_base62(struct v0 *v, unsigned long long *out)
{
	unsigned long long x = 0;
	char c;

	if (v0_eat(v, '_')) {
		*out = 0;
		return true;
	}
	while ((c = v0_peek(v)) != '_') {
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'z')
			d = 10 + (unsigned)(c - 'a');
		else if (c >= 'A' && c <= 'Z')
			d = 36 + (unsigned)(c - 'A');
		else
			return false;
		if (x > (~0ull - d) / 62)
			return false;
		x = x * 62 + d;
		v->pos++;
	}
	v->pos++;
	*out = x + 1;
	return true;
}

/* An optional disambiguator "s" + base 62 (0 when absent). */
static bool v0_disambiguator(struct v0 *v, unsigned long long *out)
{
	*out = 0;
	if (!v0_eat(v, 's'))
		return true;
	if (!v0_base62(v, out))
		return false;
	*out += 1;
	return true;
}

/* An identifier: its bytes at *NAME, *LEN of them, and its disambiguator. */
static bool v0_ident(struct v0 *v, const char **name, size_t *len, unsigned long long *dis)
{
	size_t n = 0;

	if (!v0_disambiguator(v, dis) || v0_peek(v) == 'u') /* punycode: not read */
		return false;
	if (v0_peek(v) < '0' || v0_peek(v) > '9')
		return false;
	if (v0_eat(v, '0')) {
		n = 0;
	} else {
		while (v0_peek(v) >= '0' && v0_peek(v) <= '9') {
			n = n * 10 + (size_t)(v->s[v->pos++] - '0');
			if (n > 4096)
				return false;
		}
	}
	v0_eat(v, '_'); /* only there when the bytes begin with a digit or "_" */
	if (n > v->n - v->pos)
		return false;
	*name = v->s + v->pos;
	*len = n;
	v->pos += n;
	return true;
}

static bool v0_path(struct v0 *v);
static bool v0_type(struct v0 *v);

/* Backref "B" + base 62 (the B eaten): reads what it points to with READ. */
static bool v0_backref(struct v0 *v, bool (*read)(struct v0 *))
{
	size_t at = v->pos - 1, back;
	unsigned long long target;
	bool ok;

	if (!v0_base62(v, &target) || target >= at)
		return false;
	back = v->pos;
	v->pos = (size_t)target;
	ok = read(v);
	v->pos = back;
	return ok;
}

/* Generic arguments up to "E": lifetimes are left out, types written. */
static bool v0_generic_args(struct v0 *v)
{
	bool first = true;

	v0_puts(v, "<");
	while (!v0_eat(v, 'E')) {
		unsigned long long lt;

		if (v0_eat(v, 'L')) {
			if (!v0_base62(v, &lt))
				return false;
			continue;
		}
		if (v0_peek(v) == 'K') /* constants: not read */
			return false;
		v0_puts(v, first ? "" : ", ");
		first = false;
		if (!v0_type(v))
			return false;
	}
	v0_puts(v, ">");
	return true;
}

static bool v0_path_inner(struct v0 *v)
{
	unsigned long long dis;
	const char *name;
	size_t len;
	char ns, num[32];

	switch (v->n > v->pos ? v->s[v->pos++] : '\0') {
	case 'C': /* a crate root; its disambiguator is a hash, left out like legacy's */
		if (!v0_ident(v, &name, &len, &dis))
			return false;
		v0_put(v, name, len);
		return true;
	case 'N':
		ns = v0_peek(v);
		if (!((ns >= 'a' && ns <= 'z') || (ns >= 'A' && ns <= 'Z')))
			return false;
		v->pos++;
		if (!v0_path(v) || !v0_ident(v, &name, &len, &dis))
			return false;
		if (ns >= 'a' && ns <= 'z') {
			if (len) {
				v0_puts(v, "::");
				v0_put(v, name, len);
			}
			return true;
		}
		/* Special namespaces: C closures, S shims, others by their letter. */
		v0_puts(v, "::{");
		v0_puts(v, ns == 'C' ? "closure" : ns == 'S' ? "shim" : (char[]){ ns, '\0' });
		if (len) {
			v0_puts(v, ":");
			v0_put(v, name, len);
		}
		snprintf(num, sizeof(num), "#%llu}", dis);
		v0_puts(v, num);
		return true;
	case 'M': /* an inherent impl: its own path is not shown, its type is */
		v->quiet++;
		if (!v0_disambiguator(v, &dis) || !v0_path(v))
			return false;
		v->quiet--;
		return v0_type(v);
	case 'X': /* a trait impl: <Type as Trait> */
		v->quiet++;
		if (!v0_disambiguator(v, &dis) || !v0_path(v))
			return false;
		v->quiet--;
		/* fallthrough */
	case 'Y': /* a trait's own item */
		v0_puts(v, "<");
		if (!v0_type(v))
			return false;
		v0_puts(v, " as ");
		v->in_type++; /* a trait: From<T>, not From::<T> */
		if (!v0_path(v))
			return false;
		v->in_type--;
		v0_puts(v, ">");
		return true;
	case 'I':
		if (!v0_path(v))
			return false;
		v0_puts(v, v->in_type ? "" : "::");
		return v0_generic_args(v);
	case 'B':
		return v0_backref(v, v0_path);
	default:
		return false;
	}
}

static bool v0_path(struct v0 *v)
{
	bool ok;

	if (++v->depth > 64)
		return false;
	ok = v0_path_inner(v);
	v->depth--;
	return ok;
}

/* The name of basic type C, or NULL. */
static const char *v0_basic(char c)
{
	switch (c) {
	case 'a':
		return "i8";
	case 'b':
		return "bool";
	case 'c':
		return "char";
	case 'd':
		return "f64";
	case 'e':
		return "str";
	case 'f':
		return "f32";
	case 'h':
		return "u8";
	case 'i':
		return "isize";
	case 'j':
		return "usize";
	case 'l':
		return "i32";
	case 'm':
		return "u32";
	case 'n':
		return "i128";
	case 'o':
		return "u128";
	case 'p':
		return "_";
	case 's':
		return "i16";
	case 't':
		return "u16";
	case 'u':
		return "()";
	case 'v':
		return "...";
	case 'x':
		return "i64";
	case 'y':
		return "u64";
	case 'z':
		return "!";
	default:
		return NULL;
	}
}

static bool v0_type_inner(struct v0 *v)
{
	unsigned long long lt;
	char c = v0_peek(v);
	bool first = true;

	if (c && v0_basic(c)) {
		v->pos++;
		v0_puts(v, v0_basic(c));
		return true;
	}
	switch (c) {
	case 'R':
	case 'Q':
		v->pos++;
		if (v0_eat(v, 'L') && !v0_base62(v, &lt))
			return false;
		v0_puts(v, c == 'R' ? "&" : "&mut ");
		return v0_type(v);
	case 'P':
	case 'O':
		v->pos++;
		v0_puts(v, c == 'P' ? "*const " : "*mut ");
		return v0_type(v);
	case 'S':
		v->pos++;
		v0_puts(v, "[");
		if (!v0_type(v))
			return false;
		v0_puts(v, "]");
		return true;
	case 'T':
		v->pos++;
		v0_puts(v, "(");
		while (!v0_eat(v, 'E')) {
			v0_puts(v, first ? "" : ", ");
			first = false;
			if (!v0_type(v))
				return false;
		}
		v0_puts(v, ")");
		return true;
	case 'B':
		v->pos++;
		return v0_backref(v, v0_type);
	case 'C':
	case 'N':
	case 'M':
	case 'X':
	case 'Y':
	case 'I':
		v->in_type++;
		first = v0_path(v);
		v->in_type--;
		return first;
	default: /* arrays, fn pointers, dyn: not read */
		return false;
	}
}

static bool v0_type(struct v0 *v)
{
	bool ok;

	if (++v->depth > 64)
		return false;
	ok = v0_type_inner(v);
	v->depth--;
	return ok;
}

bool ct_demangle_rust(const char *sym, char *buf, size_t len)
{
	const char *p;
	size_t at = 0;
	int parts = 0;

	if (len == 0)
		return false;
	buf[0] = '\0';
	if (strncmp(sym, "_R", 2) == 0) {
		struct v0 v = { .s = sym + 2, .n = strlen(sym + 2), .out = buf, .len = len };

		/* The path, then possibly the instantiating crate and a vendor suffix: not shown. */
		if (v0_peek(&v) >= '0' && v0_peek(&v) <= '9') /* an encoding version: none yet */
			return false;
		if (v0_path(&v) && v.at > 0)
			return true;
		buf[0] = '\0';
		return false;
	}
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
