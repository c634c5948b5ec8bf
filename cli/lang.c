/* SPDX-License-Identifier: MIT */
/*
 * lang.c - the command's language.
 *
 * gettext takes the language from LANGUAGE, then LC_ALL / LC_MESSAGES /
 * LANG, but only when the LC_MESSAGES locale is installed and is not "C":
 * on a Debian 12 system where zh_CN.UTF-8 was never generated, setlocale()
 * fails and every message would stay English. So when the locale the
 * environment names is missing, or --lang asks for Chinese explicitly, the
 * messages category falls back to C.UTF-8 (always present in glibc 2.35+
 * and Debian's libc) and LANGUAGE names the catalogue: gettext then reads
 * zh_CN/LC_MESSAGES/ctrace.mo all the same.
 */
#include "lang.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "paths.h"

/* The locale name the environment asks for messages, as setlocale() reads it. */
static const char *wanted_messages_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return "";
}

/* Messages in Chinese whatever the installed locales: see the file's comment. */
static void use_chinese(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);

	setenv("LANGUAGE", "zh_CN", 1);
	if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
}

int ct_cli_i18n_init(const char *lang)
{
	char dir[PATH_MAX];
	bool messages_ok;

	if (!lang || !*lang)
		lang = getenv("CTRACE_LANG");
	if (lang && *lang && strcmp(lang, "zh") != 0 && strcmp(lang, "zh_CN") != 0 &&
	    strcmp(lang, "en") != 0)
		return -1;
	if (!setlocale(LC_CTYPE, ""))
		setlocale(LC_CTYPE, "C.UTF-8");
	messages_ok = setlocale(LC_MESSAGES, "") != NULL;
	if (!messages_ok)
		setlocale(LC_MESSAGES, "C.UTF-8");
	if (ct_cli_locale_dir(dir, sizeof(dir)) == 0)
		bindtextdomain(CT_TEXTDOMAIN, dir);
	/* The window, the PNG and the terminal all want UTF-8, whatever LC_CTYPE says. */
	bind_textdomain_codeset(CT_TEXTDOMAIN, "UTF-8");
	textdomain(CT_TEXTDOMAIN);
	if (lang && strcmp(lang, "en") == 0) {
		/* msgids are English: the C messages locale makes gettext return them. */
		setlocale(LC_MESSAGES, "C");
	} else if (lang && *lang) {
		use_chinese();
	} else if (!messages_ok && strncmp(wanted_messages_locale(), "zh", 2) == 0) {
		use_chinese();
	}
	if (lang && *lang)
		setenv("CTRACE_LANG", strncmp(lang, "zh", 2) == 0 ? "zh" : "en", 1);
	return 0;
}
