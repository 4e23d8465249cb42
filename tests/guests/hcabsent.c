/* SPDX-License-Identifier: MIT */
/*
 * Calls the console and clock hypercalls directly and prints what came
 * back: in a build without them the ports are unclaimed and ret stays
 * UNIMON_ENOSYS (-38).
 */
#include <stdint.h>
#include <stdio.h>
#include <unimon/unimon.h>

int main(void)
{
	static const char s[] = "via hypercall\n";
	struct unimon_hc_console_write w = { (uintptr_t)s, sizeof(s) - 1,
					     UNIMON_ENOSYS };
	struct unimon_hc_clock c = { UNIMON_CLOCK_MONOTONIC, 0, UNIMON_ENOSYS };

	unimon_hypercall(UNIMON_HC_CONSOLE_WRITE, &w);
	unimon_hypercall(UNIMON_HC_CLOCK, &c);
	printf("console ret %lld\nclock ret %lld\n",
	       (long long)((volatile struct unimon_hc_console_write *)&w)->ret,
	       (long long)((volatile struct unimon_hc_clock *)&c)->ret);
	return 0;
}
