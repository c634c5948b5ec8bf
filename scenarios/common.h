/* SPDX-License-Identifier: MIT */
/*
 * common.h - helpers shared by the scenario programs: speed-scaled sleeps and
 * die-on-error checks. They use only the public libctrace API, like the
 * scenarios themselves.
 *
 * A scenario is a small demonstration program, not a library: when a ct_*
 * call fails there is nothing sensible left to show, so these helpers print
 * one clear line to stderr and exit with status 1.
 */
#ifndef CTRACE_SCENARIOS_COMMON_H
#define CTRACE_SCENARIOS_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <ctrace/ctrace.h>

#ifndef CT_SCENARIO_ID
#error "CT_SCENARIO_ID must come from scenarios/CMakeLists.txt"
#endif

/* The environment variable `ctrace scenario --speed N` sets. */
#define SCN_SPEED_ENV "CTRACE_SPEED"

/* Prints "scenario-ID: WHAT" to stderr and exits with status 1. */
static inline _Noreturn void scn_die(const char *what)
{
	fprintf(stderr, "scenario-%s: %s\n", CT_SCENARIO_ID, what);
	exit(1);
}

/* Exits with a message naming WHAT when ST is not CT_OK. */
static inline void scn_check(enum ct_status st, const char *what)
{
	if (st != CT_OK) {
		fprintf(stderr, "scenario-%s: %s failed: %s\n", CT_SCENARIO_ID, what,
			ct_status_str(st));
		exit(1);
	}
}

/* ct_print, exiting when the line cannot be written. */
#define SCN_PRINT(...)                                                                             \
	do {                                                                                       \
		if (ct_print(__VA_ARGS__) < 0)                                                     \
			scn_die("cannot write to standard output");                                \
	} while (0)

/*
 * The speed factor from CTRACE_SPEED (1 when unset), read once before main
 * runs: an invalid value is reported before the scenario prints anything,
 * and threads, all spawned later, read it without synchronisation.
 */
static double scn_speed = 1.0;

__attribute__((constructor)) static void scn_read_speed(void)
{
	const char *s = getenv(SCN_SPEED_ENV);
	char *end;
	double v;

	if (!s || !*s)
		return;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || !isfinite(v) || v <= 0) {
		fprintf(stderr, "scenario-%s: %s must be a positive number, not '%s'\n",
			CT_SCENARIO_ID, SCN_SPEED_ENV, s);
		exit(1);
	}
	scn_speed = v;
}

/* Sleeps MS milliseconds divided by the speed factor (a sleeping span). */
static inline void scn_sleep_ms(double ms)
{
	ct_sleep_ns((uint64_t)(ms * 1e6 / scn_speed));
}

#endif /* CTRACE_SCENARIOS_COMMON_H */
