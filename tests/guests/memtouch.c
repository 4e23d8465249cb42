/* SPDX-License-Identifier: MIT */
/*
 * Touches N MiB of fresh heap (argument, default 32), one write per 4 KiB
 * page, then checks every page: its written word, and that the rest of
 * its first cache line is still zero (fresh guest RAM must read as
 * zeros, with huge pages too). Prints "memtouch ok N MiB" and the time
 * per page of the writing pass (first touch: page faults in the monitor's
 * RAM and in KVM), or "memtouch FAIL ..." and exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unimon/unimon.h>

#define PAGE 4096

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 32, n, i, j;
	uint64_t t0, t1, khz = unimon_tsc_khz();
	volatile uint64_t *p;

	n = mib * 1024 * 1024 / PAGE;
	p = malloc(mib * 1024 * 1024);
	if (!p) {
		printf("memtouch FAIL: cannot allocate %zu MiB\n", mib);
		return 1;
	}
	t0 = unimon_rdtsc();
	for (i = 0; i < n; i++)
		p[i * (PAGE / 8)] = i ^ 0x5a5a5a5a;
	t1 = unimon_rdtsc();
	for (i = 0; i < n; i++) {
		if (p[i * (PAGE / 8)] != (i ^ 0x5a5a5a5a)) {
			printf("memtouch FAIL: page %zu lost its value\n", i);
			return 1;
		}
		for (j = 1; j < 8; j++)
			if (p[i * (PAGE / 8) + j]) {
				printf("memtouch FAIL: page %zu not zero\n", i);
				return 1;
			}
	}
	printf("memtouch ok %zu MiB\n", mib);
	if (khz)
		printf("first touch: %llu ns/page\n",
		       (unsigned long long)((t1 - t0) * 1000000 / khz / n));
	return 0;
}
