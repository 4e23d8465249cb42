/* SPDX-License-Identifier: MIT */
#ifndef UNIMON_CLI_H
#define UNIMON_CLI_H

struct options;

enum cli_result {
	CLI_BOOT,	/* go on and boot the guest */
	CLI_EXIT,	/* exit with *status: 0 after --help or --version,
			 * UNIMON_EXIT_USAGE (or an option's code) after an
			 * error, with a one-line message */
};

/* Parse the command line into o. */
enum cli_result cli__parse(int argc, char **argv, struct options *o,
			   int *status);

#endif
