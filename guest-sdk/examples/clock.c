// SPDX-License-Identifier: MIT
/*
 * Clocks: the monotonic clock must move forward across some work, and
 * the wall clock must be after 2020-01-01. With a TSC frequency in the
 * device tree, readings cost no exit to the monitor.
 *
 * The busy loop is short on purpose: at CPL0 every instruction of it is
 * emulated (see --kernel in README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <unimon/unimon.h>

#define NSEC_PER_SEC 1000000000ULL
#define JAN_1_2020 1577836800ULL /* seconds since the Unix epoch */
#define BUSY_LOOPS 1000

int main(void)
{
	uint64_t before, after, wall;
	volatile unsigned int i;

	before = unimon_time_monotonic_ns();
	for (i = 0; i < BUSY_LOOPS; i++)
		;
	after = unimon_time_monotonic_ns();
	if (after <= before) {
		printf("clock: monotonic time did not advance: %llu -> %llu\n",
		       (unsigned long long)before, (unsigned long long)after);
		return 1;
	}

	wall = unimon_time_wall_ns();
	if (wall == 0) {
		printf("clock: no wall clock (no clock hypercall?)\n");
		return 1;
	}
	if (wall < JAN_1_2020 * NSEC_PER_SEC) {
		printf("clock: wall time %llu ns is before 2020\n",
		       (unsigned long long)wall);
		return 1;
	}

	printf("clock ok\n");
	return 0;
}
