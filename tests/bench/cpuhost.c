// SPDX-License-Identifier: MIT
/*
 * cpuhost: the host half of the CPU-bound benchmark (tests/bench/cpu.sh),
 * the reference for cpuguest.c: the same kernel (tests/bench/cpukernel.h)
 * over the same buffer, built with the guest's code-generation flags,
 * timing only the hash with CLOCK_MONOTONIC.
 *
 *   cpuhost [MIB [PASSES]]     defaults: 64 MiB, 1 pass; output as
 *                              cpuguest's ("cpu host ...")
 *   cpuhost --dump MIB         write the filled buffer to stdout (for an
 *                              independent check: | sha256sum)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cpukernel.h"

#define MAX_PASSES 100

static uint64_t pass_ns[MAX_PASSES];
static char pass_hex[MAX_PASSES][65];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int dump(unsigned long mib)
{
	size_t n = (size_t)mib << 20, off = 0;
	uint8_t *buf = malloc(n);

	if (!buf)
		return 1;
	cpukernel_fill(buf, n);
	while (off < n) {
		ssize_t w = write(1, buf + off, n - off);

		if (w <= 0)
			return 1;
		off += (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int dumping = argc > 1 && !strcmp(argv[1], "--dump");
	unsigned long mib, passes, i;
	uint64_t t0, t1, t2;
	uint8_t d[32], *buf;
	size_t n;

	if (dumping)
		argv++, argc--;
	mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 64;
	passes = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
	if (!mib || mib > CPUKERNEL_MAX_MIB || !passes || passes > MAX_PASSES) {
		fprintf(stderr, "cpuhost: bad arguments (MIB 1..%d, PASSES 1..%d)\n",
			CPUKERNEL_MAX_MIB, MAX_PASSES);
		return 1;
	}
	if (dumping)
		return dump(mib);
	n = (size_t)mib << 20;
	buf = malloc(n);
	if (!buf) {
		fprintf(stderr, "cpuhost: cannot allocate %lu MiB\n", mib);
		return 1;
	}
	t0 = now_ns();
	cpukernel_fill(buf, n);
	t1 = now_ns();
	for (i = 0; i < passes; i++) {
		t2 = now_ns();
		cpukernel_sha256(buf, n, d);
		pass_ns[i] = now_ns() - t2;
		cpukernel_hex(d, pass_hex[i]);
	}

	printf("cpu host mib=%lu fill_ns=%llu\n", mib,
	       (unsigned long long)(t1 - t0));
	for (i = 0; i < passes; i++)
		printf("pass %lu %llu %s\n", i + 1,
		       (unsigned long long)pass_ns[i], pass_hex[i]);
	printf("cpu done\n");
	return 0;
}
