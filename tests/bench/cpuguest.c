// SPDX-License-Identifier: MIT
/*
 * cpuguest: the guest half of the CPU-bound benchmark (tests/bench/cpu.sh).
 * Fills MIB MiB of heap deterministically, then hashes it with SHA-256
 * (tests/bench/cpukernel.h, the same code as the host's cpuhost.c),
 * timing only the hash with the SDK's monotonic clock (rdtsc, no exit).
 *
 *   unimon cpuguest.elf [-- MIB [PASSES]]     defaults: 64 MiB, 1 pass
 *
 * Output, after the timing (printing is an exit):
 *
 *   cpu guest mib=64 mode=long-cpl3 tsc_khz=K fill_ns=F
 *   pass 1 <ns of the hash> <hex digest>
 *   ...
 *   cpu done
 *
 * Exit status 0, or 1 if the arguments are out of range or the heap is
 * too small (the guest needs a monitor with more RAM than MIB).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unimon/unimon.h>
#include "cpukernel.h"

#define MAX_PASSES 100

static uint64_t pass_ns[MAX_PASSES];
static char pass_hex[MAX_PASSES][65];

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 64;
	unsigned long passes = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
	uint64_t t0, t1, t2;
	uint8_t d[32], *buf;
	size_t n;
	unsigned long i;

	if (!mib || mib > CPUKERNEL_MAX_MIB || !passes || passes > MAX_PASSES) {
		printf("cpuguest: bad arguments (MIB 1..%d, PASSES 1..%d)\n",
		       CPUKERNEL_MAX_MIB, MAX_PASSES);
		return 1;
	}
	n = (size_t)mib << 20;
	buf = malloc(n);
	if (!buf) {
		printf("cpuguest: cannot allocate %lu MiB (guest RAM %llu MiB)\n",
		       mib, (unsigned long long)(unimon_ram_size() >> 20));
		return 1;
	}
	t0 = unimon_time_monotonic_ns();
	cpukernel_fill(buf, n);
	t1 = unimon_time_monotonic_ns();
	for (i = 0; i < passes; i++) {
		t2 = unimon_time_monotonic_ns();
		cpukernel_sha256(buf, n, d);
		pass_ns[i] = unimon_time_monotonic_ns() - t2;
		cpukernel_hex(d, pass_hex[i]);
	}

	printf("cpu guest mib=%lu mode=%s tsc_khz=%u fill_ns=%llu\n", mib,
	       unimon_mode(), unimon_tsc_khz(), (unsigned long long)(t1 - t0));
	for (i = 0; i < passes; i++)
		printf("pass %lu %llu %s\n", i + 1,
		       (unsigned long long)pass_ns[i], pass_hex[i]);
	printf("cpu done\n");
	return 0;
}
