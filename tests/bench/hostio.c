// SPDX-License-Identifier: MIT
/*
 * hostio: the host's floor for tests/bench/blockbench.c. The same passes
 * over the same file with the same request size, by pread/pwrite into one
 * buffer, timed with CLOCK_MONOTONIC; the same output format:
 *
 *   hostio read|write FILE REQ_BYTES PASSES
 *
 *   blockbench read|write REQ_BYTES FILE_BYTES
 *   pass <i> <ns for the pass>
 *   ...
 *   blockbench done
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_REQ (1u << 20)
#define MAX_PASSES 1000

static uint8_t buf[MAX_REQ] __attribute__((aligned(4096)));
static uint64_t ns[MAX_PASSES];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* One pass over the file; 0 or -1. Whole requests, as the monitor does. */
static int pass(int fd, int write, uint64_t size, uint64_t req)
{
	uint64_t off, n, done;
	ssize_t r;

	for (off = 0; off < size; off += n) {
		n = size - off < req ? size - off : req;
		for (done = 0; done < n; done += r) {
			r = write ? pwrite(fd, buf + done, n - done, off + done) :
				    pread(fd, buf + done, n - done, off + done);
			if (r <= 0)
				return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int write = argc > 1 && !strcmp(argv[1], "write"), fd;
	unsigned long req = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
	unsigned long passes = argc > 4 ? strtoul(argv[4], NULL, 0) : 0, i;
	struct stat st;
	uint64_t t0, size;

	if (argc != 5 || (!write && strcmp(argv[1], "read")) || !req ||
	    req > MAX_REQ || !passes || passes > MAX_PASSES) {
		fprintf(stderr, "usage: hostio read|write FILE REQ_BYTES "
				"PASSES (REQ <= 1 MiB, PASSES <= %d)\n",
			MAX_PASSES);
		return 2;
	}
	fd = open(argv[2], O_RDWR | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		perror(argv[2]);
		return 1;
	}
	size = (uint64_t)st.st_size;
	memset(buf, 0x5a, sizeof(buf));
	if (pass(fd, write, req < size ? req : size, req)) /* warm-up */
		goto fail;
	for (i = 0; i < passes; i++) {
		t0 = now_ns();
		if (pass(fd, write, size, req))
			goto fail;
		ns[i] = now_ns() - t0;
	}
	printf("blockbench %s %lu %llu\n", write ? "write" : "read", req,
	       (unsigned long long)size);
	for (i = 0; i < passes; i++)
		printf("pass %lu %llu\n", i, (unsigned long long)ns[i]);
	printf("blockbench done\n");
	return 0;
fail:
	perror("hostio: pread/pwrite");
	return 1;
}
