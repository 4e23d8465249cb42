/* SPDX-License-Identifier: MIT */
/*
 * The Linux personality's benchmark program, an ordinary static Linux
 * executable (musl-gcc -static), the same binary on the host and in
 * unimon (tests/bench/linux.sh):
 *   lxbench syscall BLOCKS ITERS   per block: ns per getppid() and per
 *                                  raw exit (an `out` to port 0x80, no
 *                                  system call: in unimon an unclaimed
 *                                  port, on the host not run)
 *   lxbench cpu MIB                SHA-256 of MIB MiB (tests/bench/
 *                                  cpukernel.h): ns of the hash, digest
 *   lxbench write MIB              MIB MiB to stdout in 4 KiB writes
 *   lxbench hello                  prints hello (start-up)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "cpukernel.h"

static uint64_t ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int bench_syscall(int blocks, int iters, int raw)
{
	int b, i;

	for (b = 0; b < blocks; b++) {
		uint64_t t0 = ns(), t1, t2;

		for (i = 0; i < iters; i++)
			syscall(SYS_getppid);
		t1 = ns();
		for (i = 0; raw && i < iters; i++)
			__asm__ volatile("outb %%al, $0x80" ::: "memory");
		t2 = ns();
		printf("getppid %d %.1f\n", b, (double)(t1 - t0) / iters);
		if (raw)
			printf("raw %d %.1f\n", b, (double)(t2 - t1) / iters);
	}
	return 0;
}

static int bench_cpu(int mib)
{
	size_t len = (size_t)mib << 20;
	uint8_t *buf = malloc(len), d[32];
	char hex[65];
	uint64_t t0;

	if (!buf)
		return 1;
	cpukernel_fill(buf, len);
	t0 = ns();
	cpukernel_sha256(buf, len, d);
	cpukernel_hex(d, hex);
	printf("hash_ns %llu digest %s\n", (unsigned long long)(ns() - t0), hex);
	return 0;
}

static int bench_write(int mib)
{
	static char block[4096];
	long n = (long)mib * 256, i;

	memset(block, 'x', sizeof(block));
	for (i = 0; i < n; i++)
		if (write(1, block, sizeof(block)) != sizeof(block))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	if (!strcmp(c, "syscall") && argc > 3)
		return bench_syscall(atoi(argv[2]), atoi(argv[3]), argc > 4);
	if (!strcmp(c, "cpu") && argc > 2)
		return bench_cpu(atoi(argv[2]));
	if (!strcmp(c, "write") && argc > 2)
		return bench_write(atoi(argv[2]));
	if (!strcmp(c, "hello")) {
		printf("hello\n");
		return 0;
	}
	fprintf(stderr, "usage: lxbench syscall|cpu|write|hello ...\n");
	return 64;
}
