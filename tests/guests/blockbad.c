/* SPDX-License-Identifier: MIT */
/*
 * Block requests with broken arguments: each returns its specific error
 * code to the guest and the monitor keeps running. Prints one line per
 * case; the test asserts the line "blockbad: all ok". With the hypercall
 * transport every field goes to the monitor as it is (raw hypercalls);
 * when the disks have queues (CONFIG_BLOCK_QUEUE: no block hypercalls)
 * the same cases go through the SDK and its queue, and must give the
 * same codes (tests/guests/qblockbad.c writes raw descriptors).
 *   unimon --block rw=FILE --block ro=FILE2,ro blockbad.elf
 * (two disks: handle 0 read-write, handle 1 read-only, 512-byte sectors,
 * at least 2 sectors each).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <unimon/block.h>
#include <unimon/fdt.h>
#include <unimon/unimon.h>

static int failures;
static bool queued; /* the disks have queues: requests through the SDK */
static uint8_t buf[8192];

static void expect(const char *what, int64_t got, int64_t want)
{
	printf("%s: ret %lld %s\n", what, (long long)got,
	       got == want ? "ok" : "WRONG");
	failures += got != want;
}

/* A handle the SDK takes: out-of-range ones stay out of range. */
static int sdk_handle(uint64_t h)
{
	return h > 0x7fffffff ? -1 : (int)h;
}

/* The raw hypercalls, so that every field can be anything. */
static int64_t io(unsigned int nr, uint64_t h, uint64_t sector, uint64_t p,
		  uint64_t count)
{
	struct unimon_hc_block_io a = { h, sector, p, count, UNIMON_ENOSYS };

	if (queued && nr == UNIMON_HC_BLOCK_WRITE)
		return unimon_block_write(sdk_handle(h), sector,
					  (const void *)(uintptr_t)p, count);
	if (queued)
		return unimon_block_read(sdk_handle(h), sector,
					 (void *)(uintptr_t)p, count);
	unimon_hypercall(nr, &a);
	return ((volatile struct unimon_hc_block_io *)&a)->ret;
}

static int64_t rd(uint64_t h, uint64_t sector, uint64_t p, uint64_t count)
{
	return io(UNIMON_HC_BLOCK_READ, h, sector, p, count);
}

static int64_t wr(uint64_t h, uint64_t sector, uint64_t p, uint64_t count)
{
	return io(UNIMON_HC_BLOCK_WRITE, h, sector, p, count);
}

static int64_t flush(uint64_t h)
{
	struct unimon_hc_block_flush a = { h, UNIMON_ENOSYS };

	if (queued)
		return unimon_block_flush(sdk_handle(h));
	unimon_hypercall(UNIMON_HC_BLOCK_FLUSH, &a);
	return ((volatile struct unimon_hc_block_flush *)&a)->ret;
}

static void bad_handles(uint64_t n, uint64_t b)
{
	expect("read handle -1", rd(UINT64_MAX, 0, b, 1), UNIMON_EBADF);
	expect("read handle 16", rd(16, 0, b, 1), UNIMON_EBADF);
	expect("read handle N", rd(n, 0, b, 1), UNIMON_EBADF);
	expect("read handle 2^32", rd(1ull << 32, 0, b, 1), UNIMON_EBADF);
	expect("write handle N", wr(n, 0, b, 1), UNIMON_EBADF);
	expect("flush handle -1", flush(UINT64_MAX), UNIMON_EBADF);
	expect("flush handle N", flush(n), UNIMON_EBADF);
}

static void bad_ranges(uint64_t cap, uint64_t b)
{
	expect("read at capacity", rd(0, cap, b, 1), UNIMON_EINVAL);
	expect("read across the end", rd(0, cap - 1, b, 2), UNIMON_EINVAL);
	expect("write across the end", wr(0, cap - 1, b, 2), UNIMON_EINVAL);
	expect("read sector 2^64-1", rd(0, UINT64_MAX, b, 1), UNIMON_EINVAL);
	expect("sector + count wraps 2^64", rd(0, UINT64_MAX, b, 2),
	       UNIMON_EINVAL);
	expect("count 2^64-1", rd(0, 1, b, UINT64_MAX), UNIMON_EINVAL);
	expect("count 0", rd(0, 0, b, 0), UNIMON_EINVAL);
	expect("write count 0", wr(0, 0, b, 0), UNIMON_EINVAL);
	/* count * 512 wraps to 512: beyond the end before that matters. */
	expect("count * sector size wraps", rd(0, 0, b, (1ull << 55) + 1),
	       UNIMON_EINVAL);
}

static void bad_buffers(uint64_t ram)
{
	expect("buffer in the null page", rd(0, 0, 0, 1), UNIMON_EFAULT);
	expect("buffer at 8", rd(0, 0, 8, 1), UNIMON_EFAULT);
	expect("buffer in the ring-0 region", rd(0, 0, 0x1000, 1),
	       UNIMON_EFAULT);
	expect("write from the ring-0 region", wr(0, 0, 0x1000, 1),
	       UNIMON_EFAULT);
	expect("buffer in the page tables", rd(0, 0, 0x10000, 1),
	       UNIMON_EFAULT);
	expect("buffer running into the page tables", rd(0, 0, 0xff00, 1),
	       UNIMON_EFAULT);
	expect("buffer past RAM", rd(0, 0, ram, 1), UNIMON_EFAULT);
	expect("buffer far past RAM", rd(0, 0, 1ull << 40, 1), UNIMON_EFAULT);
	expect("buffer wrapping 2^64", rd(0, 0, UINT64_MAX - 511, 1),
	       UNIMON_EFAULT);
	expect("buffer straddling the end of RAM", rd(0, 0, ram - 512, 2),
	       UNIMON_EFAULT);
	expect("buffer in the last sector of RAM", rd(0, 0, ram - 512, 1), 512);
}

/* Does the first disk's node have a queue? */
static bool has_queue(void)
{
	const void *fdt = unimon_fdt();
	int node = unimon_fdt_path_offset(fdt, "/block");

	node = unimon_fdt_first_subnode(fdt, node);
	return node >= 0 && unimon_fdt_getprop(fdt, node, "unimon,queue", NULL);
}

int main(void)
{
	struct unimon_block_info rw, ro;
	uint64_t b = (uintptr_t)buf;
	int n = unimon_block_count();

	if (n < 2 || unimon_block_info(0, &rw) || unimon_block_info(1, &ro) ||
	    rw.read_only || !ro.read_only || rw.sector_size != 512 ||
	    rw.capacity < 2) {
		printf("blockbad: want disk 0 read-write, disk 1 read-only, "
		       "512-byte sectors\n");
		return 2;
	}
	queued = has_queue();
	printf("transport: %s\n", queued ? "queue" : "hypercall");
	expect("read ok", rd(0, 0, b, 2), 1024);
	expect("read unaligned buffer ok", rd(0, 1, b + 1, 1), 512);
	expect("read last sector ok", rd(0, rw.capacity - 1, b, 1), 512);
	expect("write ok", wr(0, 0, b, 1), 512);
	bad_handles((uint64_t)n, b);
	bad_ranges(rw.capacity, b);
	bad_buffers(unimon_ram_size());
	expect("write to read-only", wr(1, 0, b, 1), UNIMON_EROFS);
	expect("write to read-only, bad buffer", wr(1, 0, 0, 1), UNIMON_EROFS);
	expect("read from read-only ok", rd(1, 0, b, 1), 512);
	expect("flush read-only", flush(1), 0);
	expect("flush", flush(0), 0);
	expect("SDK: negative handle", unimon_block_read(-1, 0, buf, 1),
	       UNIMON_EBADF);
	expect("SDK: find unknown name", unimon_block_find("nope"),
	       UNIMON_EBADF);
	printf("blockbad: %s\n", failures ? "FAILED" : "all ok");
	return failures ? 1 : 0;
}
