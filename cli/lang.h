/* SPDX-License-Identifier: MIT */
/* lang.h - the command's language: which catalogue, where it is, which locale. */
#ifndef CTRACE_CLI_LANG_H
#define CTRACE_CLI_LANG_H

/*
 * Chooses the language and binds ctrace's gettext domain to the catalogues
 * next to the executable (share/locale, in the build tree as once installed).
 * LANG is "zh", "en" or NULL: NULL takes CTRACE_LANG from the environment
 * (set by an earlier --lang, so commands ctrace runs inherit the choice),
 * then LC_ALL / LC_MESSAGES / LANG as gettext always does. Only LC_CTYPE
 * and LC_MESSAGES follow the locale: numbers in dumps and exports keep
 * their C format whatever the locale. Returns 0, or -1 when LANG is none
 * of the above (nothing is changed then).
 */
int ct_cli_i18n_init(const char *lang);

#endif
