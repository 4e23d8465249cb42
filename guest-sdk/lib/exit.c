// SPDX-License-Identifier: MIT
/*
 * Ending the guest. Each way the monitor offers is tried in turn: the
 * exit hypercall, the exit port, and finally hlt (which the monitor
 * treats as exit 0 at CPL0 and in real mode; at CPL3 it faults, which
 * still stops the guest). Long-mode start-up learns from the device tree
 * which ways exist; real mode has the exit port at its fixed 0xf4.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unimon/unimon.h>
#include "internal.h"

static struct {
	bool hypercall;
	int port; /* < 0: none */
} exit_via = { false, UNIMON_EXIT_PORT };

void unimon_exit__setup(bool hypercall, int port)
{
	exit_via.hypercall = hypercall;
	exit_via.port = port;
}

void unimon_exit(int status)
{
	struct unimon_hc_exit hc = { .status = status & 0xff };

	if (exit_via.hypercall)
		unimon_hypercall(UNIMON_HC_EXIT, &hc);
	if (exit_via.port >= 0)
		unimon_outb(exit_via.port, status & 0xff);
	for (;;)
		asm volatile("hlt");
}

void exit(int status)
{
	unimon_exit(status);
}

void abort(void)
{
	printf("abort() called\n");
	unimon_exit(1);
}
