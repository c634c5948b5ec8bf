/* SPDX-License-Identifier: MIT */
/*
 * paths.h - where the ctrace command finds its scenario programs and
 * libraries: relative to its own executable, so the build tree and any
 * install prefix work alike (the build tree mirrors the install tree).
 */
#ifndef CTRACE_CLI_PATHS_H
#define CTRACE_CLI_PATHS_H

#include <stddef.h>

/*
 * Writes the directory of the scenario programs (libexec/ctrace next to the
 * running executable) into BUF, without a trailing slash. Returns 0, or -1
 * when /proc/self/exe cannot be read or BUF is too small (BUF is then "").
 * The directory is not required to exist.
 */
int ct_cli_libexec_dir(char *buf, size_t len);

/* Same as ct_cli_libexec_dir for the library directory (libctrace and the shim). */
int ct_cli_lib_dir(char *buf, size_t len);

/* Same for the message catalogues (share/locale: LANG/LC_MESSAGES/ctrace.mo). */
int ct_cli_locale_dir(char *buf, size_t len);

/*
 * The session and trace directory prefix for PROG: its base name, limited
 * to characters safe in both (LTTng session names may not contain '/'),
 * "ctrace" when nothing is left. Writes at most LEN bytes into BUF.
 */
void ct_cli_prefix_from_prog(const char *prog, char *buf, size_t len);

#endif
