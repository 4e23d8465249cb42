/* SPDX-License-Identifier: MIT */
/*
 * A hypercall whose argument struct itself is outside guest RAM (or in
 * the monitor's region): there is nowhere to put an error code, so the
 * monitor stops the guest with UNIMON_EXIT_BAD_HYPERCALL.
 *   badargs outside | ring0 | straddle
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unimon/unimon.h>

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	uint32_t at = 0;

	if (!strcmp(what, "outside"))
		at = 0xfffffff0u;
	else if (!strcmp(what, "ring0"))
		at = 0x1008;
	else if (!strcmp(what, "straddle"))
		at = (uint32_t)unimon_ram_size() - 8; /* struct is 24 bytes */
	printf("hypercall with argument struct at 0x%x\n", at);
	unimon_outl(UNIMON_HC_PORT_BASE + UNIMON_HC_CONSOLE_WRITE, at);
	printf("still running\n");
	return 0;
}
