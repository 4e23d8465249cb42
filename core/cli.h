/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_CLI_H
#define UNIMON_CLI_H

struct options;

/*
 * Parse the command line into o. Returns -1 to go on and boot, or an exit
 * code (0 after --help/--version, UNIMON_EXIT_USAGE after an error, with
 * a one-line message).
 */
int cli__parse(int argc, char **argv, struct options *o);

#endif
