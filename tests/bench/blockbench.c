// SPDX-License-Identifier: MIT
/*
 * blockbench: sequential throughput of the first disk, timed with rdtsc,
 * through the SDK's block API (whichever transport the monitor has).
 *
 *   unimon --block bench=FILE blockbench.elf -- read|write REQ_BYTES PASSES [DEPTH]
 *
 * Each pass moves the whole disk front to back in requests of REQ_BYTES
 * (a multiple of the sector size, at most 1 MiB; the last request may be
 * shorter); an untimed warm-up of one request comes first. DEPTH 1 (the
 * default): one synchronous call per request, through one buffer. DEPTH
 * > 1: the asynchronous API, as a guest streaming a file would use it:
 * DEPTH requests in flight, each with its own buffer (DEPTH * REQ_BYTES
 * at most 4 MiB), the oldest collected and its slot resubmitted, the
 * doorbell checked once per batch. Output, after all passes (printing is
 * itself an exit):
 *
 *   blockbench read|write REQ_BYTES DISK_BYTES
 *   pass <i> <ns for the pass>
 *   ...
 *   blockbench done
 *
 * tests/bench/hostio.c does the same on the host with pread/pwrite.
 * Exit status 0, or 1 (with a line saying why) if there is no disk, no
 * TSC frequency, bad arguments or a failed request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/block.h>
#include <unimon/unimon.h>

#define MAX_REQ (1u << 20)
#define MAX_BUF (4u << 20)
#define MAX_DEPTH 64
#define MAX_PASSES 1000

static uint8_t buf[MAX_BUF] __attribute__((aligned(4096)));
static uint64_t ns[MAX_PASSES];

/* One pass over the disk; 0 or the failing request's error. */
static int64_t pass(int write, const struct unimon_block_info *d,
		    uint64_t req_sectors)
{
	uint64_t s, n;
	int64_t ret;

	for (s = 0; s < d->capacity; s += n) {
		n = d->capacity - s < req_sectors ? d->capacity - s : req_sectors;
		ret = write ? unimon_block_write(0, s, buf, n) :
			      unimon_block_read(0, s, buf, n);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* One pass with depth requests in flight; 0 or the first error. */
static int64_t pass_async(int write, const struct unimon_block_info *d,
			  uint64_t req_sectors, unsigned long depth)
{
	unsigned int op = write ? UNIMON_BLOCK_OP_WRITE : UNIMON_BLOCK_OP_READ;
	uint64_t req = req_sectors * d->sector_size, s = 0, n;
	int64_t tix[MAX_DEPTH], ret;
	unsigned long head = 0, tail = 0; /* submitted, collected */

	while (s < d->capacity || tail < head) {
		while (head - tail < depth && s < d->capacity) {
			n = d->capacity - s < req_sectors ? d->capacity - s :
							     req_sectors;
			tix[head % depth] = unimon_block_submit(
				0, op, s, buf + (head % depth) * req, n);
			if (tix[head % depth] < 0)
				return tix[head % depth];
			head++;
			s += n;
		}
		unimon_block_kick(0);
		ret = unimon_block_complete(0, tix[tail++ % depth]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct unimon_block_info d;
	int write = argc > 1 && !strcmp(argv[1], "write");
	unsigned long req = argc > 2 ? strtoul(argv[2], NULL, 0) : 65536;
	unsigned long passes = argc > 3 ? strtoul(argv[3], NULL, 0) : 5, i;
	unsigned long depth = argc > 4 ? strtoul(argv[4], NULL, 0) : 1;
	uint32_t khz = unimon_tsc_khz();
	int64_t err = 0;
	uint64_t t0;

	if (unimon_block_info(0, &d) || !khz || !req || req > MAX_REQ ||
	    req % d.sector_size || !passes || passes > MAX_PASSES ||
	    !depth || depth > MAX_DEPTH || depth * req > MAX_BUF ||
	    (argc > 1 && !write && strcmp(argv[1], "read"))) {
		printf("blockbench: need a disk, a TSC frequency, read|write, "
		       "REQ_BYTES <= 1 MiB in whole sectors, 1..%d passes, "
		       "DEPTH 1..%d with DEPTH * REQ_BYTES <= 4 MiB\n",
		       MAX_PASSES, MAX_DEPTH);
		return 1;
	}
	memset(buf, 0x5a, sizeof(buf));
	err = write ? unimon_block_write(0, 0, buf, 1) :
		      unimon_block_read(0, 0, buf, 1);
	for (i = 0; i < passes && err >= 0; i++) {
		t0 = unimon_rdtsc();
		err = depth > 1 ?
			pass_async(write, &d, req / d.sector_size, depth) :
			pass(write, &d, req / d.sector_size);
		ns[i] = (unimon_rdtsc() - t0) * 1000000 / khz;
	}
	if (err < 0) {
		printf("blockbench: request failed: %lld\n", (long long)err);
		return 1;
	}
	printf("blockbench %s %lu %llu\n", write ? "write" : "read", req,
	       (unsigned long long)(d.capacity * d.sector_size));
	for (i = 0; i < passes; i++)
		printf("pass %lu %llu\n", i, (unsigned long long)ns[i]);
	printf("blockbench done\n");
	return 0;
}
