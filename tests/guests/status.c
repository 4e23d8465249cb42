/* SPDX-License-Identifier: MIT */
/*
 * Exits with the status given (0-255), silently: for the tests that tell
 * a guest's status from the monitor's own codes.
 *   status N
 */
#include <stdlib.h>

int main(int argc, char **argv)
{
	return argc > 1 ? (int)strtoul(argv[1], NULL, 0) : 0;
}
