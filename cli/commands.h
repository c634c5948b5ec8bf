/* SPDX-License-Identifier: MIT */
/*
 * commands.h - the ctrace subcommands. Each takes the arguments after its
 * name (argv[0] is the subcommand) and returns the process exit status:
 * 0 success, 1 "something was found / program failed", 2 usage or input error.
 */
#ifndef CTRACE_CLI_COMMANDS_H
#define CTRACE_CLI_COMMANDS_H

int cmd_record(int argc, char **argv);
int cmd_scenarios(int argc, char **argv);
int cmd_scenario(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_view(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_explore(int argc, char **argv);

#endif
