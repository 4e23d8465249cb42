/* SPDX-License-Identifier: MIT */
/*
 * Hostile descriptors written straight into the block queues (the queue
 * transport, CONFIG_BLOCK_QUEUE), bypassing the SDK: each gets its own
 * error in ret and the device goes on serving. Prints one line per case;
 * the test asserts "qblockbad: all ok".
 *
 *   unimon --block rw=FILE --block ro=FILE2,ro qblockbad.elf -- RING0 [broken]
 *
 * Disk 0 read-write, disk 1 read-only, 512-byte sectors, at least 16
 * sectors each. RING0: the monitor's CONFIG_RING0_ADDR (hex). With
 * "broken" it then publishes a req_prod far past the ring of disk 0: the
 * monitor stops that queue (status UNIMON_QUEUE_BROKEN), the SDK's calls
 * on it return UNIMON_EIO, and the guest exits with its own status 7.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unimon/block.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>
#include "rawring.h"

#define R UNIMON_BLOCK_OP_READ
#define W UNIMON_BLOCK_OP_WRITE
#define F UNIMON_BLOCK_OP_FLUSH
#define SPIN_LIMIT 2000000000ull /* pauses: a lost completion fails, not hangs */

static struct ring rings[2];
static uint32_t wait_bits[2];
static int failures;
static uint8_t buf[16384] __attribute__((aligned(4096)));
static uint8_t back[16384] __attribute__((aligned(4096)));

static void expect(const char *what, int64_t got, int64_t want)
{
	printf("%s: ret %lld %s\n", what, (long long)got,
	       got == want ? "ok" : "WRONG");
	failures += got != want;
}

/* The queue of the /block node whose reg is handle, with a wait-bit. */
static int find_ring(int handle, struct ring *r, uint32_t *bit)
{
	const void *fdt = unimon_fdt();
	int node = unimon_fdt_path_offset(fdt, "/block");
	uint32_t reg;

	for (node = unimon_fdt_first_subnode(fdt, node); node >= 0;
	     node = unimon_fdt_next_subnode(fdt, node))
		if (!unimon_fdt_getprop_u32(fdt, node, "reg", &reg) &&
		    reg == (uint32_t)handle)
			return unimon_fdt_getprop_u32(fdt, node,
						      "unimon,wait-bit", bit) ?
				       -1 : ring_of(fdt, node, "unimon,queue", r);
	return -1;
}

/* Publish n descriptors, ring, wait for all: 0, or -1 if none came. */
static int publish_wait(struct ring *r, uint32_t n)
{
	ring_publish(r, n);
	return ring_wait(r, RING_TIMEOUT_NS);
}

/* One request on disk h: its ret. */
static int64_t one(int h, uint64_t addr, uint32_t len, uint32_t op,
		   uint64_t arg)
{
	struct ring *r = &rings[h];

	ring_put(r, 0, addr, len, op, arg);
	if (publish_wait(r, 1))
		return -99999;
	return ring_ret(r, 1);
}

static void bad_descriptors(uint64_t cap, uint64_t ram, uint64_t ring0)
{
	uint64_t b = (uintptr_t)buf;

	expect("read ok", one(0, b, 1024, R, 0), 1024);
	expect("write ok", one(0, b, 512, W, 1), 512);
	expect("read last sector ok", one(0, b, 512, R, cap - 1), 512);
	expect("flush ok", one(0, 0, 0, F, 0), 0);
	expect("flush with junk addr/len/arg", one(0, ~0ull, 77, F, ~0ull), 0);
	expect("op 3", one(0, b, 512, 3, 0), UNIMON_EINVAL);
	expect("op 0xffffffff", one(0, b, 512, 0xffffffffu, 0), UNIMON_EINVAL);
	expect("len 100", one(0, b, 100, R, 0), UNIMON_EINVAL);
	expect("len 513 write", one(0, b, 513, W, 0), UNIMON_EINVAL);
	expect("len 0 read", one(0, b, 0, R, 0), UNIMON_EINVAL);
	expect("len 0 write", one(0, b, 0, W, 0), UNIMON_EINVAL);
	expect("sector at capacity", one(0, b, 512, R, cap), UNIMON_EINVAL);
	expect("across the end", one(0, b, 1024, W, cap - 1), UNIMON_EINVAL);
	expect("sector 2^64-1", one(0, b, 512, R, ~0ull), UNIMON_EINVAL);
	expect("sector 2^55 (bytes wrap)", one(0, b, 512, R, 1ull << 55),
	       UNIMON_EINVAL);
	expect("addr 0 (null page)", one(0, 0, 512, R, 0), UNIMON_EFAULT);
	expect("addr at the end of RAM", one(0, ram, 512, R, 0), UNIMON_EFAULT);
	expect("addr 2^40", one(0, 1ull << 40, 512, R, 0), UNIMON_EFAULT);
	expect("addr straddling the end of RAM", one(0, ram - 512, 1024, R, 0),
	       UNIMON_EFAULT);
	expect("addr + len wraps 2^64", one(0, ~0ull - 511, 1024, R, 0),
	       UNIMON_EFAULT);
	expect("read into the ring-0 region", one(0, ring0, 512, R, 0),
	       UNIMON_EFAULT);
	expect("write from the ring-0 region", one(0, ring0, 512, W, 0),
	       UNIMON_EFAULT);
	expect("read running into the ring-0 region",
	       one(0, ring0 - 256, 512, R, 0), UNIMON_EFAULT);
	/* Its own ring is the guest's memory: slots not in flight now. */
	expect("read into the queue's own ring ok",
	       one(0, (uintptr_t)&rings[0].hdr->ring[(rings[0].prod +
						      rings[0].entries / 2) &
						     (rings[0].entries - 1)],
		   512, R, 3), 512);
	expect("write to the read-only disk", one(1, b, 512, W, 0),
	       UNIMON_EROFS);
	expect("write to the read-only disk, bad addr", one(1, 0, 512, W, 0),
	       UNIMON_EROFS);
	expect("read from the read-only disk ok", one(1, b, 512, R, 0), 512);
	expect("flush the read-only disk", one(1, 0, 0, F, 0), 0);
}

/*
 * One batch: adjacent writes (merged into one pwritev) with bad ones in
 * between, then a read of all of it: each keeps its own result, the good
 * ones land, the bad ones touch nothing.
 */
static void batch(void)
{
	struct ring *r = &rings[0];
	uint64_t b = (uintptr_t)buf;
	unsigned int i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 31 + 7);
	memset(back, 0, sizeof(back));
	ring_put(r, 0, b, 1024, W, 4);		/* sectors 4-5 */
	ring_put(r, 1, b + 1024, 512, W, 6);		/* 6: adjacent */
	ring_put(r, 2, b + 1536, 100, W, 7);		/* bad length */
	ring_put(r, 3, b + 1536, 512, W, 7);		/* 7 */
	ring_put(r, 4, 0, 512, W, 8);		/* bad address */
	ring_put(r, 5, b + 2560, 512, W, 9);		/* 9 (8 left alone) */
	ring_put(r, 6, b + 2048, 512, 9, 8);		/* bad op */
	ring_put(r, 7, 0, 0, F, 0);
	ring_put(r, 8, (uintptr_t)back, 3072, R, 4); /* sectors 4-9 */
	if (publish_wait(r, 9)) {
		expect("batch answered", -1, 0);
		return;
	}
	expect("batch: write 4-5", ring_ret(r, 9), 1024);
	expect("batch: write 6", ring_ret(r, 8), 512);
	expect("batch: bad length", ring_ret(r, 7), UNIMON_EINVAL);
	expect("batch: write 7", ring_ret(r, 6), 512);
	expect("batch: bad address", ring_ret(r, 5), UNIMON_EFAULT);
	expect("batch: write 9", ring_ret(r, 4), 512);
	expect("batch: bad op", ring_ret(r, 3), UNIMON_EINVAL);
	expect("batch: flush", ring_ret(r, 2), 0);
	expect("batch: read 4-9", ring_ret(r, 1), 3072);
	expect("batch: sectors 4-7 and 9 written, 8 untouched",
	       memcmp(back, buf, 2048) || memcmp(back + 2560, buf + 2560, 512) ||
	       back[2048] != 0 || back[2559] != 0, 0);
}

/* A req_prod far past the ring: the queue stops, the guest goes on. */
static int broken(void)
{
	struct ring *r = &rings[0];
	uint64_t spins = 0;
	int64_t ret;

	__atomic_store_n(&r->hdr->req_prod, r->prod + r->entries * 1000 + 3,
			 __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	unimon_outb(r->port, 0);
	while (__atomic_load_n(&r->hdr->status, __ATOMIC_ACQUIRE) !=
	       UNIMON_QUEUE_BROKEN && ++spins < SPIN_LIMIT)
		__builtin_ia32_pause();
	expect("status broken", r->hdr->status, UNIMON_QUEUE_BROKEN);
	ret = unimon_block_read(0, 0, buf, 1);
	expect("SDK read on the stopped queue", ret, UNIMON_EIO);
	ret = unimon_block_submit(0, UNIMON_BLOCK_OP_WRITE, 0, buf, 1);
	expect("SDK submit on the stopped queue", ret, UNIMON_EIO);
	expect("SDK flush on the stopped queue", unimon_block_flush(0),
	       UNIMON_EIO);
	/* The other disk's queue still works. */
	expect("the other disk still reads", one(1, (uintptr_t)buf, 512, R, 0),
	       512);
	printf("qblockbad broken: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 7;
}

int main(int argc, char **argv)
{
	struct unimon_block_info rw, ro;
	uint64_t ring0 = argc > 1 ? strtoul(argv[1], NULL, 16) : 0x1000;

	if (unimon_block_count() < 2 || unimon_block_info(0, &rw) ||
	    unimon_block_info(1, &ro) || rw.read_only || !ro.read_only ||
	    rw.sector_size != 512 || rw.capacity < 16 ||
	    find_ring(0, &rings[0], &wait_bits[0]) ||
	    find_ring(1, &rings[1], &wait_bits[1])) {
		printf("qblockbad: want disk 0 read-write, disk 1 read-only, "
		       "512-byte sectors, with queues\n");
		return 2;
	}
	expect("two queues, two doorbells, two wait-bits",
	       rings[0].hdr == rings[1].hdr || rings[0].port == rings[1].port ||
	       wait_bits[0] == wait_bits[1] || wait_bits[0] > 63,
	       0);
	bad_descriptors(rw.capacity, unimon_ram_size(), ring0);
	batch();
	if (argc > 2 && !strcmp(argv[2], "broken"))
		return broken();
	printf("qblockbad: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}
