/* SPDX-License-Identifier: MIT */
/*
 * A tiny unit-test harness: CHECK() counts and reports, unit_done() prints
 * the tally and gives the exit status.
 */
#ifndef UNIMON_UNIT_H
#define UNIMON_UNIT_H

#include <stdio.h>

static int unit_checks, unit_failures;

#define CHECK(cond)                                                           \
	do {                                                                  \
		unit_checks++;                                                \
		if (!(cond)) {                                                \
			unit_failures++;                                      \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);\
		}                                                             \
	} while (0)

static inline int unit_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}

#endif
