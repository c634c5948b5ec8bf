/* SPDX-License-Identifier: MIT */
/*
 * timefmt.c - every time ctrace writes or reads, in one place: times and
 * durations with a unit chosen for their size, axis ticks with the unit and
 * decimals of their step, exact seconds, and the parser of the times users
 * type (--at, --window, scripts).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

const char *ct_time_format(double ns, unsigned flags, char *buf, size_t len)
{
	double a = fabs(ns);
	const char *sep = flags & CT_TIME_COMPACT ? "" : " ";
	const char *us = flags & CT_TIME_ASCII ? "us" : "µs";

	if (flags & CT_TIME_COMPACT) {
		double unit = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
		const char *name = unit == 1e9 ? "s" : unit == 1e6 ? "ms" : unit == 1e3 ? us : "ns";

		snprintf(buf, len, "%.3g%s%s", ns / unit, sep, name);
	} else if (a < 1e3) {
		snprintf(buf, len, "%.0f%sns", ns, sep);
	} else if (a < 1e6) {
		snprintf(buf, len, "%.2f%s%s", ns / 1e3, sep, us);
	} else if (a < 1e9) {
		snprintf(buf, len, "%.3f%sms", ns / 1e6, sep);
	} else {
		snprintf(buf, len, "%.4f%ss", ns / 1e9, sep);
	}
	return buf;
}

const char *ct_time_format_tick(double t, double step, char *buf, size_t len)
{
	double unit = step * 10 >= 1e9 ? 1e9 : step * 10 >= 1e6 ? 1e6 : step * 10 >= 1e3 ? 1e3 : 1;
	const char *name = unit == 1e9 ? "s" : unit == 1e6 ? "ms" : unit == 1e3 ? "µs" : "ns";
	int dec = (int)ceil(-log10(step / unit) - 1e-9);
	double val = t / unit;

	if (dec < 0)
		dec = 0;
	if (fabs(val) < 0.5 * pow(10, -dec))
		val = 0; /* no "-0" */
	snprintf(buf, len, "%.*f %s", dec, val, name);
	return buf;
}

const char *ct_time_format_seconds(uint64_t ns, char *buf, size_t len)
{
	snprintf(buf, len, "%llu.%09llu", (unsigned long long)(ns / 1000000000u),
		 (unsigned long long)(ns % 1000000000u));
	return buf;
}

bool ct_time_parse(const char *s, double *ns)
{
	char *end;
	double x;
	static const struct {
		const char *unit;
		double mul;
	} units[] = { { "", 1 },     { "ns", 1 },   { "us", 1e3 },
		      { "µs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };

	if (!s)
		return false;
	x = strtod(s, &end);
	if (end == s || !isfinite(x))
		return false;
	while (isspace((unsigned char)*end))
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit) == 0) {
			*ns = x * units[i].mul;
			return true;
		}
	}
	return false;
}
