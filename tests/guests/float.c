/* SPDX-License-Identifier: MIT */
/* The SDK's printf of doubles in a guest (CPL3): %f %e %g. */
#include <stdio.h>

int main(void)
{
	volatile double pi = 3.14159265358979, big = 12345.678, small = 0.0001234;

	printf("%f %e %g %.3f %g\n", pi, big, small, -2.5, 1e100);
	return 0;
}
