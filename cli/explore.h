/* SPDX-License-Identifier: MIT */
/*
 * explore.h - what the two halves of `ctrace explore` share: the options
 * and the runs. cmd_explore.c parses the options and records the runs;
 * explore_report.c reads their traces, groups them by interleaving and
 * outcome, and prints the table and the chart.
 */
#ifndef CTRACE_CLI_EXPLORE_H
#define CTRACE_CLI_EXPLORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PERTURB_ENV "CTRACE_PERTURB"

struct ct_signature;

struct explore {
	const struct ct_scenario_info *scenario; /* or NULL: argv */
	char **argv;                             /* the program, when no scenario */
	long runs, jobs;
	double speed, timeout_s;
	bool perturb, has_seed;
	bool signatures; /* --signatures: print each group's whole signature */
	uint64_t seed;
	const char *out_dir;
	const char *png;
	char dir[PATH_MAX];  /* the directory of the runs */
	char prog[PATH_MAX]; /* the program run: the scenario's, or argv[0] */
	char preload[PATH_MAX];
	char prefix[80]; /* session prefix */
};

/* What a run's child hands back: small enough for one atomic pipe write. */
struct run_report {
	int rstatus; /* enum ct_record_status */
	int exit_status;
	bool timed_out, no_events, interrupted;
	unsigned incomplete;
	char err[512];
};

struct run {
	long k;
	pid_t pid;
	int fd; /* the report pipe's read end, -1 once read */
	struct run_report rep;
	bool reported;
	char dir[PATH_MAX]; /* E->dir/run-K */
	/* Read afterwards. */
	bool loaded;
	struct ct_signature *sig;
	char *stdout_text;
	char outcome[512]; /* exit status and findings, in words */
	char *outcome_key; /* outcome words + stdout: what outcome groups compare */
	size_t group;
};

/* Loads every recorded run's trace (in E->jobs threads): signature and outcome. */
void explore_read_all(const struct explore *e, struct run *runs);

/* Groups the runs and prints what happened; FAILED runs could not be recorded. Returns the exit status. */
int explore_report(const struct explore *e, struct run *runs, long failed);

#endif /* CTRACE_CLI_EXPLORE_H */
