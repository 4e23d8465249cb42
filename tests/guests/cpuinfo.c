/* SPDX-License-Identifier: MIT */
/*
 * Prints the CPU features the guest sees: CPUID leaf 1 ECX/EDX, leaf 7.0
 * EBX/ECX, and XCR0 when CR4.OSXSAVE is set (the monitor's choice). A
 * test compares them between runs with and without the monitor's
 * cached CPUID table.
 */
#include <cpuid.h>
#include <stdio.h>

int main(void)
{
	unsigned int a, b, c = 0, d = 0, b7 = 0, c7 = 0, lo = 0, hi = 0;

	__get_cpuid(1, &a, &b, &c, &d);
	__get_cpuid_count(7, 0, &a, &b7, &c7, &d);
	if (c & bit_OSXSAVE)
		asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	printf("cpuid 1: ecx %08x edx %08x; 7: ebx %08x ecx %08x; xcr0 %08x%08x\n",
	       c, d, b7, c7, hi, lo);
	return 0;
}
