// SPDX-License-Identifier: MIT
/*
 * A real-mode guest in C. gcc -m16 emits 32-bit code that runs in real
 * mode; libunimon16.a provides printf() over the debug console port, and
 * main()'s return value leaves through the exit port. Keep real-mode
 * guests small: everything must fit below 64 KiB and is emulated.
 *
 *   guest-sdk/bin/unimon-cc --real -o hello16-c.bin hello16-c.c
 */
#include <stdio.h>

int main(void)
{
	printf("Hello from real mode (C)\n");
	return 0;
}
