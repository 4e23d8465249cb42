/* SPDX-License-Identifier: MIT */
/*
 * Asks a debug monitor (CONFIG_DEBUG_SANDBOX_TEST) to make a system call
 * its sandbox forbids: the monitor must die by SIGSYS before the line
 * after the hypercall is printed.
 */
#include <stdio.h>
#include <unimon/unimon.h>

int main(void)
{
	printf("asking for a forbidden system call\n");
	unimon_outl(UNIMON_HC_PORT_BASE + UNIMON_HC_DEBUG_FORBIDDEN, 0);
	printf("the monitor survived a forbidden system call\n");
	return 0;
}
