/* SPDX-License-Identifier: MIT */
/*
 * The wait hypercall without devices: timeout 0 returns at once, a
 * timeout of N ms returns no earlier than N ms, and waiting forever with
 * nothing to wake it is refused. Prints the measured sleeps; the test
 * asserts the "not early" lines and a generous upper bound.
 *   wait MS
 */
#include <stdio.h>
#include <stdlib.h>
#include <unimon/unimon.h>
#include <unimon/wait.h>

int main(int argc, char **argv)
{
	uint64_t ms = argc > 1 ? strtoul(argv[1], NULL, 10) : 100;
	uint64_t ready = 1, t0, t1;
	int64_t ret;

	ret = unimon_wait(0, &ready);
	printf("poll: ret %lld ready %llu\n", (long long)ret,
	       (unsigned long long)ready);
	t0 = unimon_time_monotonic_ns();
	ret = unimon_wait(ms * 1000000, &ready);
	t1 = unimon_time_monotonic_ns();
	printf("wait %llu ms: ret %lld ready %llu\n", (unsigned long long)ms,
	       (long long)ret, (unsigned long long)ready);
	printf("slept %s the deadline\n",
	       t1 - t0 >= ms * 1000000 ? "at least until" : "LESS THAN");
	printf("late by %llu ms\n",
	       (unsigned long long)((t1 - t0 - ms * 1000000) / 1000000));
	ret = unimon_wait(UNIMON_WAIT_FOREVER, &ready);
	printf("forever with no device: ret %lld\n", (long long)ret);
	return 0;
}
