// SPDX-License-Identifier: MIT
/*
 * The smallest guest: an ordinary C program. crt0 has already set up the
 * console before main() runs, and main()'s return value becomes the
 * monitor's exit status.
 *
 *   guest-sdk/bin/unimon-cc -o hello.elf hello.c
 *   unimon hello.elf
 */
#include <stdio.h>

int main(void)
{
	printf("Hello, world!\n");
	return 0;
}
