/* SPDX-License-Identifier: MIT */
/* Never exits: --timeout must end it. */
#include <stdio.h>

int main(void)
{
	printf("looping\n");
	for (;;)
		asm volatile("pause");
}
