/* SPDX-License-Identifier: MIT */
/* paths.c - locates ctrace's libexec, lib and locale directories from /proc/self/exe. */
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if !defined(CTRACE_BIN_TO_LIBEXEC) || !defined(CTRACE_BIN_TO_LIB) || !defined(CTRACE_BIN_TO_LOCALE)
#error "CTRACE_BIN_TO_LIBEXEC, CTRACE_BIN_TO_LIB and CTRACE_BIN_TO_LOCALE must come from CMake"
#endif

/*
 * Joins the running executable's directory with REL and normalises the
 * result when it exists (realpath), so messages show /usr/libexec/ctrace
 * rather than /usr/bin/../libexec/ctrace.
 */
static int dir_from_exe(const char *rel, char *buf, size_t len)
{
	char exe[PATH_MAX];
	char joined[PATH_MAX + 64];
	char resolved[PATH_MAX];
	ssize_t n;
	char *slash;
	int ret = -1;

	if (len > 0)
		buf[0] = '\0';
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		goto end;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		goto end;
	*slash = '\0';
	if (rel[0] == '\0')
		snprintf(joined, sizeof(joined), "%s", exe[0] ? exe : "/");
	else
		snprintf(joined, sizeof(joined), "%s/%s", exe, rel);
	if (realpath(joined, resolved))
		n = snprintf(buf, len, "%s", resolved);
	else
		n = snprintf(buf, len, "%s", joined);
	if (n < 0 || (size_t)n >= len) {
		if (len > 0)
			buf[0] = '\0';
		errno = ENAMETOOLONG;
		goto end;
	}
	ret = 0;
end:
	return ret;
}

int ct_cli_libexec_dir(char *buf, size_t len)
{
	return dir_from_exe(CTRACE_BIN_TO_LIBEXEC, buf, len);
}

int ct_cli_lib_dir(char *buf, size_t len)
{
	return dir_from_exe(CTRACE_BIN_TO_LIB, buf, len);
}

int ct_cli_locale_dir(char *buf, size_t len)
{
	return dir_from_exe(CTRACE_BIN_TO_LOCALE, buf, len);
}

void ct_cli_prefix_from_prog(const char *prog, char *buf, size_t len)
{
	const char *base = strrchr(prog, '/');
	size_t n = 0;

	base = base ? base + 1 : prog;
	for (; *base && n + 1 < len && n < 64; base++) {
		char c = *base;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';

		buf[n++] = ok ? c : '_';
	}
	buf[n] = '\0';
	if (n == 0 || buf[0] == '.')
		snprintf(buf, len, "ctrace");
}
