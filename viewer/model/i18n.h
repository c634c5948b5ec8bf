/* SPDX-License-Identifier: MIT */
/*
 * i18n.h - the words people read, in their language: GNU gettext's macros
 * for every part of ctrace (model sentences, window, terminal view, CLI).
 *
 * _() names the domain explicitly (dgettext), so the libraries translate
 * the same way whichever program links them and whatever textdomain() that
 * program chose. The catalogues are po/<lang>.po, compiled at build time
 * into share/locale/<lang>/LC_MESSAGES/ctrace.mo. The command binds the
 * domain and picks the language (cli/i18n.c); a program that never binds it
 * gets the English msgids back, unchanged.
 *
 * Machine-readable output (ctrace dump's fields, the Chrome JSON export, the
 * model's own event and state names) is never passed through _().
 */
#ifndef CTRACE_I18N_H
#define CTRACE_I18N_H

#include <libintl.h>

#define CT_TEXTDOMAIN "ctrace"

/* Translates the literal S (or a string an N_() marked elsewhere). */
#define _(s) dgettext(CT_TEXTDOMAIN, s)
/* Marks S for translation where it must stay a constant (tables); _() it when shown. */
#define N_(s) (s)
/* Singular S or plural P according to N. */
#define P_(s, p, n) dngettext(CT_TEXTDOMAIN, s, p, n)

#endif /* CTRACE_I18N_H */
