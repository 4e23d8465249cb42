/* SPDX-License-Identifier: MIT */
/*
 * Asks a debug monitor (CONFIG_DEBUG_SANDBOX_TEST) to make a system call
 * its sandbox forbids: the monitor must die by SIGSYS before the line
 * after the hypercall is printed.
 *   forbidden [WHICH]   (debug/sandbox-test.c: 0 socket, 1 madvise, 2 tgkill,
 *                        3 linkat, 4 unlinkat)
 */
#include <stdio.h>
#include <stdlib.h>
#include <unimon/unimon.h>

int main(int argc, char **argv)
{
	unsigned int which = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 0;

	printf("asking for forbidden system call %u\n", which);
	unimon_outl(UNIMON_HC_PORT_BASE + UNIMON_HC_DEBUG_FORBIDDEN, which);
	printf("the monitor survived a forbidden system call\n");
	return 0;
}
