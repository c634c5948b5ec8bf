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
int cmd_doctor(int argc, char **argv);

/*
 * Opens the viewer window on the trace directory TRACE (cmd_view.c), driven
 * by SCRIPT when not NULL; WIDTH/HEIGHT 0 for the default size. When no
 * window can be opened it draws the terminal view on stdout instead (and
 * hints at --png). Returns 0 when the window ran or the terminal view was
 * drawn, 1 when neither could be shown, 2 when the trace is unreadable or
 * the viewer failed (printed).
 */
int ct_cli_view_window(const char *trace, const char *script, int width, int height);

#endif
